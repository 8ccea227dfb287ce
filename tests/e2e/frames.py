"""Every frame the reader sends, read in a real PTY through a terminal emulator (pyte).

The reader asks the terminal whether it supports synchronized output (DEC mode 2026); this
harness says yes, so Textual brackets every frame with `ESC[?2026h` ... `ESC[?2026l`. The
emulated screen is captured at each frame's end: exactly what a terminal that honours
synchronized output shows, frame by frame (no half-drawn frames, no polling gaps).
"""

from __future__ import annotations

import os
import select
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.pty_harness import PtyProcess, terminal_env

QUERY = b"\x1b[?2026$p"
"""Textual's question: is synchronized output supported?"""
ANSWER = b"\x1b[?2026;2$y"
"""Supported (currently reset)."""
FRAME_END = b"\x1b[?2026l"


class FrameReader:
    """The reader in a PTY; `frames()` returns the screens of the frames sent since last call."""

    def __init__(self, home: Path, args: Sequence[str], cols: int = 80, rows: int = 24) -> None:
        env = terminal_env("xterm-256color", False, {"BACKPROP_TUTOR_HOME": str(home)})
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        self.process = PtyProcess([sys.executable, "-m", "tutor", *args], env, cols, rows)
        self.rows = rows
        self._pending = b""
        self._answered = False

    def send(self, data: bytes) -> None:
        """Type bytes (keys) into the terminal."""
        self.process.send(data)

    def _read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.process.master], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(self.process.master, 65536)
        except (BlockingIOError, OSError):
            return b""

    def frames(
        self, quiet: float = 0.4, first: float = 5.0, timeout: float = 20.0
    ) -> list[list[str]]:
        """The screens of every frame until the output has been quiet for `quiet` seconds
        (waiting up to `first` seconds for the first byte)."""
        shots: list[list[str]] = []
        deadline = time.monotonic() + timeout
        last = time.monotonic() + first - quiet
        while time.monotonic() < deadline and time.monotonic() - last < quiet:
            data = self._read(0.02)
            if not data:
                continue
            last = time.monotonic()
            self._pending += data
            if not self._answered and QUERY in self._pending:
                self._answered = True
                self.send(ANSWER)
            while FRAME_END in self._pending:
                frame, self._pending = self._pending.split(FRAME_END, 1)
                self.process.output.feed(frame + FRAME_END)
                shots.append([line.rstrip() for line in self.process.output.screen.display])
        return shots

    def until(self, check: Callable[[list[str]], bool], timeout: float = 20.0) -> list[str]:
        """Read frames until one satisfies `check`; return it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for shot in self.frames(quiet=0.2, first=1.0, timeout=2.0):
                if check(shot):
                    return shot
        raise AssertionError(f"no such frame; screen:\n{self.screen_text()}")

    def screen_text(self) -> str:
        """The emulated screen now."""
        return "\n".join(self.process.output.screen.display)

    def close(self) -> None:
        """Stop the reader (by its process group)."""
        self.process.close()
