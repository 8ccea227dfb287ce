"""The floor for any Textual program: a bare app that shows one line.

Run as `python benchmarks/bare_app.py`; the start-up benchmark times it against the reader.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

BARE_TEXT = "bare textual app ready"
"""The one line the bare app shows (what the benchmark waits for)."""


class BareApp(App[None]):
    """One Static line, nothing else."""

    def compose(self) -> ComposeResult:
        """The line."""
        yield Static(BARE_TEXT)


if __name__ == "__main__":
    BareApp().run()
