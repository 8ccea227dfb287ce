"""A stand-in for the reader in the SSH/web end-to-end tests (run as a script under `-I`).

It follows the reader's serving contract where the tests can see it: it shows the learner
identity as plain text, the terminal size and the last key, raises on f12 when
BACKPROP_TUTOR_FAULT=1, and in a served session turns a crash into one friendly line.
"""

from __future__ import annotations

import os
import sys

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Static

FRIENDLY = "backprop-tutor hit a problem and closed this session. Sorry! Please reconnect."


class StandIn(App[None]):
    """Shows what the server handed over; `q` quits."""

    def compose(self) -> ComposeResult:
        """One line per fact the tests look for."""
        learner = os.environ.get("BACKPROP_TUTOR_LEARNER", "?")
        yield Static("Stand-in reader", id="title")
        yield Static(Text(f"learner={learner}"), id="learner")
        yield Static("", id="size")
        yield Static("keys:", id="keys")
        yield Static(Text(f"env={sorted(os.environ)}"), id="env")

    def on_resize(self, event: events.Resize) -> None:
        """Show the terminal size."""
        self.query_one("#size", Static).update(f"size={event.size.width}x{event.size.height}")

    def on_key(self, event: events.Key) -> None:
        """Record keys; q quits; f12 raises when fault injection is on."""
        if event.key == "q":
            self.exit()
        elif event.key == "f12" and os.environ.get("BACKPROP_TUTOR_FAULT") == "1":
            raise RuntimeError("injected fault")
        keys = self.query_one("#keys", Static)
        keys.update(Text(f"keys:{event.key}"))

    def _handle_exception(self, error: Exception) -> None:
        if os.environ.get("BACKPROP_TUTOR_SERVED") != "1":
            super()._handle_exception(error)
            return
        # The real reader writes the details to the server's log; the stand-in drops them.
        self.exit(return_code=1, message=FRIENDLY)


if __name__ == "__main__":
    StandIn().run(mouse=False)
    sys.exit(0)
