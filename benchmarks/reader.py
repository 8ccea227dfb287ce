"""Starting the reader (or the bare app) in a PTY at a known page, for the benchmarks."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pyte

from benchmarks.pty_harness import Frame, PtyProcess, shows, terminal_env

LEARNER = "bench"
"""The learner identity the local benchmarks use (progress is kept in a temporary folder)."""

PLOT_PAGE = ("why-it-works", 6)
"""Lesson 4, page 7 ("Back to Method 1"): the `compare` neuron, with its plot, offers g."""
PLOT_FIRST_G = "30.613"
"""The output after one g on the `compare` neuron, from (-5, -6)."""
METHOD2_PAGE = ("derivative", 5)
"""Lesson 3, page 6 ("One line at a time, or all at once"): a Method 2 neuron, no plot, the
page's first widget (on page 4 the article's neuron follows a quiz, which Tab would reach first)."""
METHOD2_FIRST_G = "30.613"
"""The output after one g on that neuron (both inputs at once: 5.06 × 6.05)."""


def all_of(*conditions: Callable[[pyte.Screen], bool]) -> Callable[[pyte.Screen], bool]:
    """A `ready` condition that holds when every one of `conditions` holds."""

    def check(screen: pyte.Screen) -> bool:
        return all(condition(screen) for condition in conditions)

    return check


FIRST_TEXTS = ("page ", "Quit")
"""The reader's first screen is complete: the page header and the footer are both drawn."""
FIRST_SCREEN = all_of(*(shows(text) for text in FIRST_TEXTS))
"""The reader's first screen is complete: the page header and the footer are both drawn."""


def seed_position(home: Path, learner: str, lesson_id: str, page: int) -> None:
    """Record a visit so the reader reopens at `lesson_id`, page `page` (0-based)."""
    from tutor.progress import ProgressStore

    store = ProgressStore.open(home, learner)
    try:
        store.record_page(lesson_id, page)
    finally:
        store.close()


def new_home() -> Path:
    """A fresh temporary data folder (never the user's own)."""
    return Path(tempfile.mkdtemp(prefix="tutor-bench-"))


def reader_argv(*extra: str) -> list[str]:
    """The reader's command line, as a learner would type it."""
    return [sys.executable, "-m", "tutor", "--lang", "en", *extra]


def start_reader(
    home: Path,
    *,
    term: str = "xterm",
    truecolor: bool = False,
    argv: Sequence[str] | None = None,
    ready: Callable[[pyte.Screen], bool] = FIRST_SCREEN,
    env: Mapping[str, str] | None = None,
) -> tuple[PtyProcess, Frame]:
    """Start the reader in an 80x24 PTY and wait for its complete first screen (`ready`)."""
    extra = {"BACKPROP_TUTOR_HOME": str(home), "BACKPROP_TUTOR_LEARNER": LEARNER, **(env or {})}
    proc = PtyProcess(argv or reader_argv(), terminal_env(term, truecolor, extra))
    try:
        frame = proc.wait_frame(ready, proc.started, timeout=30)
    except BaseException:
        proc.close()
        raise
    return proc, frame
