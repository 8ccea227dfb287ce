"""The reader's guard at the terminal: input that is not UTF-8, and every way Textual panics.

Textual's Linux driver decodes the terminal's bytes strictly: one invalid byte (0xff from an
8-bit Alt key, a binary paste, a hostile SSH client) raises in its input thread, which then
calls `App.panic` with a full traceback. Here the driver drops invalid bytes and goes on, and
any panic that is not the reader's own friendly line is turned into one: the details go to
the crash log, the learner sees one line. The SSH child and local runs share this driver.
"""

from __future__ import annotations

import contextlib
import logging
import os
import selectors
from codecs import getincrementaldecoder
from io import StringIO
from typing import Any, TextIO, TypeVar

from rich.console import Console, RenderableType
from rich.text import Text
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

from tutor.output import CellWriter
from tutor.sgr import terminal_erases
from tutor.textsafe import hide_paths

ReturnType = TypeVar("ReturnType")

_READ_SIZE = 4096


class FriendlyLine(Text):
    """The one line a crash shows the learner: the only thing `GuardedApp.panic` lets through."""


class ReaderPanic(Exception):
    """Textual panicked (for example in its input thread); the message holds the details."""


class TolerantLinuxDriver(LinuxDriver):
    """Textual's Linux driver, with input decoding that drops bytes that are not UTF-8, and
    output that sends only the cells that changed (`tutor.output`; off with
    BACKPROP_TUTOR_RAW_OUTPUT=1). BACKPROP_TUTOR_OUTPUT_TEE=FILE appends Textual's own output
    to FILE too, so the benchmarks can check the screens are the same."""

    _cells: CellWriter | None = None
    _tee: TextIO | None = None

    def start_application_mode(self) -> None:
        """Enter application mode, with the changed-cells writer unless it is turned off."""
        if os.environ.get("BACKPROP_TUTOR_RAW_OUTPUT") != "1":
            width, height = self._get_terminal_size()
            self._cells = CellWriter(width, height, erase=terminal_erases(os.environ.get("TERM")))
        tee = os.environ.get("BACKPROP_TUTOR_OUTPUT_TEE")
        if tee:
            self._tee = open(tee, "a", encoding="utf-8")  # noqa: SIM115 - open while the app runs
        super().start_application_mode()  # type: ignore[no-untyped-call]

    def write(self, data: str) -> None:
        """Write `data`, or only the cells it changes (the same screen, fewer bytes)."""
        if self._tee is not None:
            self._tee.write(data)
            self._tee.flush()
        cells = self._cells
        if cells is not None:
            try:
                cells.resize(*os.get_terminal_size(self._file.fileno() if self._file else -1))
            except (OSError, ValueError):  # no terminal: nothing on it is known
                cells.forget()
            try:
                data = cells.filter(data)
            except Exception:  # a fault in the writer must never cost a learner the screen
                logging.getLogger("backprop_tutor").exception("changed-cells writer stopped")
                self._cells = None  # Textual's own output from now on, style and cursor first
                data = cells.restore() + data
        if data:
            super().write(data)

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (as Textual does, but never raise on bad bytes)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")(errors="ignore").decode

        def process(events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            for index, (_key, mask) in enumerate(events):
                last = index == len(events) - 1
                if mask & selectors.EVENT_READ:
                    raw = os.read(self.fileno, _READ_SIZE)
                    if not raw:
                        break  # stdin is a pipe that closed
                    text = decode(raw, final=final and last)
                    # feed("") means end of input to the parser: skip bytes that were all dropped
                    for event in parser.feed(text) if text else ():
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process(selector.select(0.1))
            selector.unregister(self.fileno)
            process(selector.select(0.1), final=True)
        finally:
            selector.close()
            with contextlib.suppress(EOFError, ParseError):  # flush a pending escape
                for _event in parser.feed(""):
                    pass


def plain_text(renderables: tuple[RenderableType, ...]) -> str:
    """Render Rich renderables (a traceback, say) to plain text, for the crash log."""
    out = StringIO()
    console = Console(file=out, width=120, color_system=None, force_terminal=False)
    for renderable in renderables:
        console.print(renderable)
    return out.getvalue()


class GuardedApp(App[ReturnType]):
    """An App whose panics all end the same way: one friendly line, details in the crash log.

    A subclass shows its friendly line with `self.panic(FriendlyLine(...))` from its
    `_handle_exception`; any other panic (Textual's own, with a traceback) is handed to
    `_handle_exception` as a `ReaderPanic` carrying the rendered details.
    """

    def get_driver_class(self) -> type[Driver]:
        """Textual's choice of driver, with the Linux one made tolerant of invalid input."""
        driver: type[Driver] = super().get_driver_class()
        return TolerantLinuxDriver if driver is LinuxDriver else driver

    def panic(self, *renderables: Any) -> None:
        """Exit, showing only a `FriendlyLine`; anything else becomes a logged ReaderPanic."""
        if renderables and all(isinstance(item, FriendlyLine) for item in renderables):
            super().panic(*renderables)
            return
        self._handle_exception(ReaderPanic(plain_text(renderables)))


def learner_notice(message: str, served: bool) -> str:
    """A warning as the learner should see it: when served, paths go to the crash log only."""
    if not served:
        return message
    shown = hide_paths(message)
    if shown != message:
        home = os.environ.get("BACKPROP_TUTOR_HOME")
        if home:
            with (
                contextlib.suppress(OSError),
                open(os.path.join(home, "crash.log"), "a", encoding="utf-8") as handle,
            ):
                handle.write(f"warning shown to a learner: {message}\n")
    return shown
