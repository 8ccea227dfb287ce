"""5. Page mount time against page length: a page turn onto pages of 25 to 300 lines.

A generated lesson alternates one-line "hub" pages with long prose pages; turning from a hub
onto a long page (Space going forward, b coming back) is one sample of that page's mount,
layout and first paint, timed in the PTY like every other frame.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.bench_neuron import press
from benchmarks.pty_harness import PtyProcess
from benchmarks.reader import new_home, reader_argv, start_reader
from benchmarks.report import Row, median, ms

LENGTHS = (25, 50, 100, 200, 300)
"""Lines of Markdown on the long pages: 300 lines (75 paragraphs, ~16,800 characters) is near
the longest page the per-page limits (80 blocks, 20,000 characters) let through whole."""

_PROSE = (
    "The derivative says how fast the output reacts when one input moves a little,",
    "and its sign says in which direction; a gradient step follows it uphill.",
    "Each line of this page is ordinary prose, the kind a lesson is made of.",
    "",
)


def long_page(lines: int) -> str:
    """A page of `lines` lines of Markdown: paragraphs of three lines and a blank line."""
    body = [_PROSE[i % len(_PROSE)] for i in range(lines)]
    return f"## Page of {lines} lines\n\n" + "\n".join(body) + "\n"


def write_lesson(folder: Path, lengths: tuple[int, ...]) -> Path:
    """A lesson file: a hub page, then each long page followed by a hub page."""
    parts = ["---\ntitle: Mount benchmark\nid: mount\nsummary: Pages of growing length.\n---\n"]
    parts.append("Hub page.\n")
    for lines in lengths:
        parts += [long_page(lines), "## Hub\n\nHub page.\n"]
    path = folder / "mount.md"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def turn(proc: PtyProcess, key: bytes, page: int, pages: int) -> float:
    """Turn one page and wait for page `page` (1-based) to be finished; the seconds taken."""
    sample = press(proc, key, f"page {page}/{pages}")
    proc.drain()
    return sample.latency


def run(passes: int) -> list[Row]:
    """Forward and backward over the lesson `passes` times; the median per page length."""
    home = new_home()
    path = write_lesson(home, LENGTHS)
    pages = 1 + 2 * len(LENGTHS)
    samples: dict[int, list[float]] = {lines: [] for lines in LENGTHS}
    proc, _frame = start_reader(home, argv=reader_argv(str(path)))
    try:
        proc.drain()
        for _ in range(passes):
            for index, lines in enumerate(LENGTHS):  # hub 2i+1 → long page 2i+2 → hub
                samples[lines].append(turn(proc, b" ", 2 * index + 2, pages))
                turn(proc, b" ", 2 * index + 3, pages)
            for index, lines in reversed(list(enumerate(LENGTHS))):
                samples[lines].append(turn(proc, b"b", 2 * index + 2, pages))
                turn(proc, b"b", 2 * index + 1, pages)
    finally:
        proc.close()
    base = median(samples[LENGTHS[0]])
    rows = []
    for lines in LENGTHS:
        value = median(samples[lines])
        per_line = (value - base) / (lines - LENGTHS[0]) if lines != LENGTHS[0] else 0.0
        note = f"n={len(samples[lines])}"
        if per_line:
            note += f"; +{per_line * 1000:.2f} ms per line over the {LENGTHS[0]}-line page"
        rows.append(Row("5", f"page turn onto a {lines}-line page", ms(value), note=note))
    return rows
