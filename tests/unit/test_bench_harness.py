"""Smoke tests of the benchmark harness pieces (no timing: speed is never asserted in tests)."""

from __future__ import annotations

from pathlib import Path

import pyte

from benchmarks.bench_mount import long_page, write_lesson
from benchmarks.pty_harness import changed_cells, differs_from, screen_text, shows, snapshot
from benchmarks.report import Row, kb, median, p95, table
from tutor.course.parser import parse_lesson


def screen_with(data: bytes) -> pyte.Screen:
    """A 10x3 emulated screen after `data` was written to it."""
    screen = pyte.Screen(10, 3)
    pyte.ByteStream(screen).feed(data)
    return screen


def test_identical_screens_have_no_floor() -> None:
    shot = snapshot(screen_with(b"hello"))
    assert changed_cells(shot, shot) == (0, 0)


def test_floor_counts_changed_cells_and_their_utf8_bytes() -> None:
    before = snapshot(screen_with(b"a = 30"))
    after = snapshot(screen_with("a = 30.6·".encode()))
    # ".", "6" are one byte each; "·" (U+00B7) is two bytes in UTF-8.
    assert changed_cells(before, after) == (3, 4)


def test_a_colour_change_alone_counts_the_cell() -> None:
    before = snapshot(screen_with(b"ab"))
    after = snapshot(screen_with(b"a\x1b[31mb\x1b[0m"))
    assert changed_cells(before, after) == (1, 1)


def test_a_cleared_cell_costs_one_byte() -> None:
    before = snapshot(screen_with(b"abc"))
    after = snapshot(screen_with(b"abc\x1b[2J"))
    assert changed_cells(before, after) == (3, 3)


def test_screen_text_and_conditions() -> None:
    screen = screen_with(b"page 1/5\r\nQuit")
    shot = snapshot(screen)
    assert screen_text(shot).splitlines()[:2] == ["page 1/5  ", "Quit      "]
    assert shows("1/5")(screen)
    assert not shows("2/5")(screen)
    assert not differs_from(shot)(screen)
    pyte.ByteStream(screen).feed(b"!")
    assert differs_from(shot)(screen)


def test_statistics() -> None:
    values = [float(v) for v in range(1, 21)]
    assert median(values) == 10.5
    assert p95(values) == 19.0
    assert kb(812) == "812 B"
    assert kb(1708) == "1.7 KB"


def test_table_marks_missed_targets() -> None:
    text = table(
        [
            Row("2", "g → frame", "9.0 ms", "≤ 16.0 ms", True),
            Row("3", "page turn", "12.0 KB", "≤ 6.0 KB", False, "floor 1.1 KB"),
        ]
    )
    lines = text.splitlines()
    assert len(lines) == 4
    assert "met" in lines[2]
    assert "MISSED" in lines[3] and "floor 1.1 KB" in lines[3]


def test_generated_mount_lesson_is_valid(tmp_path: Path) -> None:
    assert long_page(10).count("\n") == 12
    lesson = parse_lesson(write_lesson(tmp_path, (10, 20)))
    assert lesson.problems == ()
    assert [page.title for page in lesson.pages] == [
        None,
        "Page of 10 lines",
        "Hub",
        "Page of 20 lines",
        "Hub",
    ]
