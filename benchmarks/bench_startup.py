"""1. Start to the first lesson page, against a bare Textual app (alternating runs)."""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.bare_app import BARE_TEXT
from benchmarks.pty_harness import ROOT, PtyProcess, shows, terminal_env
from benchmarks.reader import new_home, start_reader
from benchmarks.report import Row, median

TARGET_RATIO = 1.2


def bare_start() -> float:
    """Seconds from spawn to the bare app's finished first frame."""
    env = terminal_env("xterm", False, {})
    proc = PtyProcess([sys.executable, str(ROOT / "benchmarks" / "bare_app.py")], env)
    try:
        return proc.wait_frame(shows(BARE_TEXT), proc.started, timeout=30).last_byte
    finally:
        proc.close()


def reader_start(home: Path) -> float:
    """Seconds from spawn to the reader's finished first screen (title, page and footer)."""
    proc, frame = start_reader(home)
    proc.close()
    return frame.last_byte


def run(repeats: int) -> list[Row]:
    """Alternate bare and reader starts `repeats` times (after one unmeasured warm-up each)."""
    home = new_home()  # one learner's folder: the warm-up run creates it, as a first visit would
    bare_start()
    reader_start(home)
    bare: list[float] = []
    reader: list[float] = []
    for _ in range(repeats):
        bare.append(bare_start())
        reader.append(reader_start(home))
    ratio = median(reader) / median(bare)
    return [
        Row(
            "1",
            "bare Textual app: start → first frame",
            f"{median(bare):.3f} s",
            note=f"median of {repeats}",
        ),
        Row(
            "1",
            "reader: start → first lesson page",
            f"{median(reader):.3f} s",
            note=f"median of {repeats}, alternating",
        ),
        Row("1", "reader / bare", f"{ratio:.2f}x", f"≤ {TARGET_RATIO}x", ratio <= TARGET_RATIO),
    ]
