"""Run a program in a real pseudo-terminal and know when a frame is finished.

The program's output is read non-blockingly from the PTY's master side and fed to a pyte
terminal emulator, so the benchmark sees the screen a user would see. A frame is *finished*
when the expected content is on the emulated screen AND no byte has arrived for a settle
interval; its time is the time of its last byte (the settle wait itself is never counted).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parents[1]
"""The repository root (the reader is run from here, so `python -m tutor` finds the source)."""

SETTLE = 0.1
"""Seconds of silence after which a frame counts as finished."""
BURST_GAP = 0.004
"""Output chunks closer than this belong to one burst (one frame written by the program)."""

Cell = tuple[object, ...]
"""One emulated screen cell: pyte's `Char` (character, colours and attributes)."""
Snapshot = tuple[tuple[Cell, ...], ...]
"""An immutable copy of the emulated screen, row by row."""


class FrameTimeout(TimeoutError):
    """The expected screen did not appear (or never settled) in time."""


@dataclass(frozen=True)
class Frame:
    """What one wait observed, times in seconds from `since` (a key press or the start).

    Attributes:
        first_byte: When the first byte after `since` arrived (None if nothing arrived).
        last_byte: When the last byte of the frame arrived: the frame-finished time.
        nbytes: Bytes written to the terminal between `since` and the end of the frame.
        max_gap: The longest silence between two chunks inside the frame (must stay well
            under the settle interval, or the frame could have been cut short).
        bursts: Groups of chunks separated by more than BURST_GAP of waiting for output
            (the time spent emulating a chunk does not count): the frames the program wrote
            (1 when it went straight to the finished screen).
    """

    first_byte: float | None
    last_byte: float
    nbytes: int
    max_gap: float
    bursts: int = 0


def snapshot(screen: pyte.Screen) -> Snapshot:
    """Copy every cell of a pyte screen (missing cells read as the default blank)."""
    buffer = screen.buffer
    return tuple(
        tuple(tuple(buffer[y][x]) for x in range(screen.columns)) for y in range(screen.lines)
    )


def screen_text(shot: Snapshot) -> str:
    """The characters of a snapshot, one line per row."""
    return "\n".join("".join(str(cell[0]) for cell in row) for row in shot)


def changed_cells(before: Snapshot, after: Snapshot) -> tuple[int, int]:
    """The cells that differ between two screens, and the floor in bytes.

    The floor is the UTF-8 size of the changed cells' characters: what any program must
    write, at the least, to turn `before` into `after` (colours and cursor moves cost more).

    Returns:
        (number of changed cells, UTF-8 bytes of their characters).
    """
    cells = floor = 0
    for row_before, row_after in zip(before, after, strict=True):
        for old, new in zip(row_before, row_after, strict=True):
            if old != new:
                cells += 1
                floor += len(str(new[0]).encode("utf-8"))
    return cells, floor


def set_winsize(fd: int, cols: int, rows: int) -> None:
    """Give a terminal its size (the program reads it with TIOCGWINSZ)."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def terminal_env(term: str, truecolor: bool, extra: Mapping[str, str]) -> dict[str, str]:
    """The environment for a program under test: ours minus colour overrides, plus `extra`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"COLORTERM", "NO_COLOR", "FORCE_COLOR", "SSH_CONNECTION"}
        and not k.startswith("TEXTUAL")
    }
    env.update(TERM=term, LANG="C.UTF-8", LC_ALL="C.UTF-8", **extra)
    if truecolor:
        env["COLORTERM"] = "truecolor"
    return env


@dataclass
class Output:
    """The output stream of a terminal program, with the emulated screen it produces."""

    cols: int = 80
    rows: int = 24
    screen: pyte.Screen = field(init=False)
    total: int = 0
    _stream: pyte.ByteStream = field(init=False)

    def __post_init__(self) -> None:
        self.screen = pyte.Screen(self.cols, self.rows)
        self._stream = pyte.ByteStream(self.screen)

    def feed(self, data: bytes) -> None:
        """Pass bytes to the emulator."""
        self.total += len(data)
        self._stream.feed(data)


class PtyProcess:
    """A program running in its own PTY (its own session), watched through pyte."""

    def __init__(
        self, argv: Sequence[str], env: Mapping[str, str], cols: int = 80, rows: int = 24
    ) -> None:
        """Start `argv` with the PTY's slave side as its terminal, at `cols` x `rows`."""
        master, slave = os.openpty()
        set_winsize(slave, cols, rows)
        self.output = Output(cols, rows)
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(env),
            cwd=ROOT,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        os.set_blocking(master, False)
        self.master = master

    @property
    def pid(self) -> int:
        """The program's process id (also its process group: it leads its own session)."""
        return self.proc.pid

    def send(self, data: bytes) -> float:
        """Type `data` into the terminal; returns the time it was written."""
        os.write(self.master, data)
        return time.perf_counter()

    def _read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return b""
        try:
            return os.read(self.master, 65536)
        except BlockingIOError:
            return b""
        except OSError as err:  # EIO: the program closed its terminal
            raise FrameTimeout(f"the program closed its terminal ({err})") from err

    def drain(self, quiet: float = SETTLE, timeout: float = 5.0) -> None:
        """Read and emulate until the output has been quiet for `quiet` seconds."""
        self.wait_frame(lambda _screen: True, time.perf_counter(), quiet, timeout)

    def wait_frame(
        self,
        ready: Callable[[pyte.Screen], bool],
        since: float,
        settle: float = SETTLE,
        timeout: float = 15.0,
    ) -> Frame:
        """Wait until `ready(screen)` holds and the output has been quiet for `settle` s.

        Args:
            ready: The condition on the emulated screen (e.g. a text is shown).
            since: The reference time (a key press, or the program's start).
            settle: The silence that marks the end of a frame.
            timeout: Give up (FrameTimeout) after this many seconds.
        """
        deadline = time.perf_counter() + timeout
        first: float | None = None
        last = since
        nbytes = 0
        max_gap = 0.0
        bursts = 0
        listening = since  # when the reader last went back to reading (after handling a chunk)
        satisfied = False
        while True:
            now = time.perf_counter()
            if now > deadline:
                text = screen_text(snapshot(self.output.screen))
                raise FrameTimeout(f"no finished frame in {timeout} s; screen:\n{text}")
            if satisfied and now - last >= settle:
                return Frame(first, last - since, nbytes, max_gap, bursts)
            data = self._read(settle - (now - last) if satisfied else 0.05)
            if not data:
                satisfied = satisfied or ready(self.output.screen)
                continue
            arrived = time.perf_counter()
            # A new burst only if the reader waited: a write larger than the PTY's buffer
            # arrives in pieces, the next one as soon as the reader has emulated the last.
            if not nbytes or arrived - max(last, listening) > BURST_GAP:
                bursts += 1
            if first is None:
                first = arrived - since
            elif nbytes:
                max_gap = max(max_gap, arrived - last)
            last = arrived
            nbytes += len(data)
            self.output.feed(data)
            satisfied = ready(self.output.screen)
            listening = time.perf_counter()

    def close(self) -> None:
        """Stop the program by its process group id (SIGTERM, then SIGKILL) and reap it."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=3)
        with contextlib.suppress(OSError):
            os.close(self.master)


def shows(text: str) -> Callable[[pyte.Screen], bool]:
    """A `ready` condition: `text` is somewhere on the screen."""

    def check(screen: pyte.Screen) -> bool:
        return any(text in line for line in screen.display)

    return check


def differs_from(before: Snapshot) -> Callable[[pyte.Screen], bool]:
    """A `ready` condition: the screen is no longer `before`."""

    def check(screen: pyte.Screen) -> bool:
        return snapshot(screen) != before

    return check
