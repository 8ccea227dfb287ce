"""Snapshots of the reader's screens at 80x24, on the bundled course with fresh progress.

The first page in English and in Chinese, a page with a neuron (lesson 3, page 4, the neuron
focused), the lesson list and the help.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from screen_text import page_shown
from snap_reader_app import build_app
from textual.pilot import Pilot

from tutor.screens.lesson import LessonScreen

SnapCompare = Callable[..., bool]
SIZE = (80, 24)


def turn_pages(count: int) -> Callable[[Pilot[int]], Awaitable[None]]:
    """A `run_before` that turns `count` pages with Space (which scrolls a long page first)."""

    async def run_before(pilot: Pilot[int]) -> None:
        app = pilot.app
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        for _ in range(100):
            if screen.page == count:
                break
            await pilot.press("space")
            await page_shown(app)
            await pilot.pause()
        assert screen.page == count

    return run_before


def test_first_page_english(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(build_app(tmp_path), terminal_size=SIZE)


def test_first_page_chinese(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(build_app(tmp_path, lang="zh"), terminal_size=SIZE)


def test_page_with_a_neuron(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = build_app(tmp_path, lesson="derivative")
    # Tab focuses the quiz, a second Tab the neuron, which scrolls it into view.
    assert snap_compare(app, press=["tab", "tab"], terminal_size=SIZE, run_before=turn_pages(3))


def test_lesson_list(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(build_app(tmp_path), press=["l"], terminal_size=SIZE)


def test_help(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(build_app(tmp_path), press=["question_mark"], terminal_size=SIZE)
