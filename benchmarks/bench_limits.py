"""The worst page `check` accepts: the page turn onto it, in a real PTY (issue 15, item 7).

The page sits at every limit of `tutor.course.limits` at once: the most widgets (neurons, a
curve, quizzes, a code cell), Markdown blocks (list items), table cells, characters, and lines
of the longest length. Run: `python -m benchmarks.bench_limits [PASSES]`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.bench_mount import turn
from benchmarks.reader import new_home, reader_argv, start_reader
from benchmarks.report import Row, median, ms, table
from tutor.course.limits import (
    MAX_BLOCKS,
    MAX_CELLS,
    MAX_LINE,
    MAX_PAGE_CHARS,
    MAX_WIDGETS,
    limit_pages,
)
from tutor.course.model import Problem
from tutor.course.parser import _pages

_WIDGETS = (
    "```neuron\nid: n{i}\ninputs: {{a: 5, b: 6}}\n```\n",
    "```curve\nid: c{i}\nf: x**2\nx: 1\nrange: [-2, 2]\n```\n",
    "```quiz\nid: q{i}\nquestion: Pick one\nchoices:\n"
    "  - {{text: 'yes', correct: true}}\n  - {{text: 'no'}}\n```\n",
    "```python run\nprint({i})\n```\n",
)


def _page(items: int) -> str:
    """A page at the widget, cell, line and character limits, with `items` list items."""
    widgets = [_WIDGETS[i % len(_WIDGETS)].format(i=i) for i in range(MAX_WIDGETS)]
    columns = 4
    rows = MAX_CELLS // columns - 1  # the header row is cells too
    table_lines = [
        "|" + "|".join(f"h{c}" for c in range(columns)) + "|",
        "|" + "|".join("-" for _ in range(columns)) + "|",
        *("|" + "|".join(f"r{r}c{c}" for c in range(columns)) + "|" for r in range(rows)),
    ]
    long_line = ("a long line of prose " * (MAX_LINE // 21 + 1))[:MAX_LINE]
    parts = ["## The worst page", "\n".join(table_lines), long_line]
    parts += ["\n".join(f"- item {n}" for n in range(items)), *widgets]
    page = "\n\n".join(parts) + "\n"
    filler = MAX_PAGE_CHARS - len(page) - 400
    return page.replace(long_line, long_line + ("\n" + long_line) * (filler // (MAX_LINE + 1)))


def worst_page() -> str:
    """A page (with its `## ` heading) at every per-page limit: the most list items accepted."""
    for items in range(MAX_BLOCKS, 0, -1):
        page = _page(items)
        problems: list[Problem] = []
        lines = ("---\ntitle: T\n---\n" + page).split("\n")
        parsed = _pages("\n".join(lines), "worst", problems)
        limit_pages(parsed, lines, "worst", problems)
        if not problems:
            return page
    raise AssertionError("no page fits the limits")  # pragma: no cover - the limits are wide


def write_lesson(folder: Path) -> Path:
    """A lesson: a hub page, the worst page, a hub page."""
    text = "---\ntitle: Limits\nid: limits\n---\nHub page.\n\n" + worst_page()
    path = folder / "limits.md"
    path.write_text(text + "\n## Hub\n\nHub page.\n", encoding="utf-8")
    return path


def run(passes: int) -> list[Row]:
    """Turn onto the worst page and back `passes` times; the median turn."""
    home = new_home()
    path = write_lesson(home)
    samples: list[float] = []
    proc, _frame = start_reader(home, argv=reader_argv(str(path)))
    try:
        proc.drain()
        for _ in range(passes):
            samples.append(turn(proc, b" ", 2, 3))
            turn(proc, b" ", 3, 3)
            samples.append(turn(proc, b"b", 2, 3))
            turn(proc, b"b", 1, 3)
    finally:
        proc.close()
    value = median(samples)
    note = f"n={len(samples)}, worst {ms(max(samples))}"
    return [
        Row("7", "page turn onto the worst accepted page", ms(value), "< 1000 ms", value < 1, note)
    ]


if __name__ == "__main__":
    print(table(run(int(sys.argv[1]) if len(sys.argv) > 1 else 3)))
