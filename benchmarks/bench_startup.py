"""1. Start to the first lesson page, against a bare Textual app (and Frogmouth), alternating.

Two reader starts are timed: a new learner's first page (lesson 1, page 1: prose only) and a
returning learner's page with a plotted neuron (lesson 4, page 7), each finished only when the
whole page is drawn: its header, its text, the neuron (when there is one) and the footer.
Frogmouth (a Textual Markdown viewer) is timed on the same lesson file when it is installed:
it needs Textual 0.43, so it lives in its own venv (`BENCH_FROGMOUTH=/path/to/frogmouth`, or
`frogmouth` on PATH).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks.bare_app import BARE_TEXT
from benchmarks.pty_harness import ROOT, PtyProcess, shows, terminal_env
from benchmarks.reader import (
    LEARNER,
    PLOT_PAGE,
    all_of,
    new_home,
    seed_position,
    start_reader,
)
from benchmarks.report import Row, median

TARGET_RATIO = 1.2
FIRST_PAGE = all_of(
    shows("page 1/"), shows("Quit"), shows("millions of weights instead of two inputs")
)
"""Lesson 1 page 1, whole: header, the last text line visible at 80x24 and the footer."""
NEURON_PAGE = all_of(
    shows("page 7/8"), shows("Back to Method 1"), shows("output = 30"), shows("Quit")
)
"""Lesson 4 page 7, whole: header, text, the neuron's output line and the footer."""
FROGMOUTH_FILE = ROOT / "lessons" / "en" / "04-why-it-works.md"
FROGMOUTH_TEXT = "Why the derivative knows the way"


def frogmouth() -> str | None:
    """The Frogmouth command, if installed (BENCH_FROGMOUTH, else on PATH)."""
    return os.environ.get("BENCH_FROGMOUTH") or shutil.which("frogmouth")


def timed(argv: list[str], ready: Callable[..., bool], extra: dict[str, str]) -> float:
    """Seconds from spawn to the finished frame of `argv` showing `ready`."""
    proc = PtyProcess(argv, terminal_env("xterm", False, extra))
    try:
        return proc.wait_frame(ready, proc.started, timeout=30).last_byte
    finally:
        proc.close()


def bare_start() -> float:
    """Seconds from spawn to the bare app's finished first frame."""
    return timed([sys.executable, str(ROOT / "benchmarks" / "bare_app.py")], shows(BARE_TEXT), {})


def reader_start(home: Path, ready: Callable[..., bool]) -> float:
    """Seconds from spawn to the reader's finished first page (`ready` on screen)."""
    proc, frame = start_reader(home, ready=ready)
    proc.close()
    return frame.last_byte


def frogmouth_start(command: str) -> float:
    """Seconds from spawn to Frogmouth's finished first frame on lesson 4."""
    return timed([command, str(FROGMOUTH_FILE)], shows(FROGMOUTH_TEXT), {})


def run(repeats: int) -> list[Row]:
    """Alternate bare, reader (two pages) and Frogmouth starts, after one warm-up each."""
    fresh, returning = new_home(), new_home()
    seed_position(returning, LEARNER, *PLOT_PAGE)
    fm = frogmouth()
    runs: dict[str, Callable[[], float]] = {
        "bare": bare_start,
        "first": lambda: reader_start(fresh, FIRST_PAGE),
        "neuron": lambda: reader_start(returning, NEURON_PAGE),
    }
    if fm:
        runs["frogmouth"] = lambda: frogmouth_start(fm)
    times: dict[str, list[float]] = {name: [] for name in runs}
    for start in runs.values():  # warm-up: file caches, the learner's folder
        start()
    for _ in range(repeats):
        for name, start in runs.items():
            times[name].append(start())
    bare = median(times["bare"])
    rows: list[Row] = []
    for name, label, target in (
        ("neuron", "reader: start → page with a neuron (lesson 4 p7)", True),
        ("first", "reader: start → first page (lesson 1 p1, new learner)", False),
        ("frogmouth", "Frogmouth 0.9 (Textual 0.43): start → lesson 4 shown", False),
    ):
        if name not in times:
            rows.append(Row("1", f"{label} / bare", "-", note="Frogmouth not installed"))
            continue
        ratio = median(times[name]) / bare
        ok = ratio <= TARGET_RATIO if target else None
        rows.append(
            Row(
                "1",
                f"{label} / bare",
                f"{ratio:.2f}x",
                f"≤ {TARGET_RATIO}x" if target else "",
                ok,
                f"{median(times[name]):.3f} s vs {bare:.3f} s; median of {repeats}, alternating",
            )
        )
    return rows
