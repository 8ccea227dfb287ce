"""Quitting while a page is being built ends cleanly: no crash line, nothing in the crash log.

The page is built across several awaits (old widgets removed, new ones mounted, Markdown
parsed); a quit can land between any two of them, and the widgets being mounted may find
their parts already gone. Quit after 0, 1, 2, ... turns of the event loop and look.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tutor.app import Options, make_app
from tutor.course.model import Course
from tutor.course.parser import bundled_lessons, load_course
from tutor.progress import ProgressStore
from tutor.reader import Position


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(bundled_lessons())


# A long page of prose, and a page with quizzes and a neuron.
PAGES = [Position("why-it-works", 3), Position("neuron", 2)]


@pytest.mark.parametrize("where", PAGES, ids=lambda p: f"{p.lesson}-{p.page}")
async def test_quitting_at_any_moment_of_a_page_turn_is_clean(
    where: Position, course: Course, tutor_home: Path
) -> None:
    for ticks in range(0, 24, 3):
        app = make_app(course, ProgressStore.open(), Options(lang="en", lesson="neuron"))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.reader.go_to(where)
            for _ in range(ticks):
                await asyncio.sleep(0)
            app.exit(0)
        assert app.return_code == 0, f"quit after {ticks} ticks returned {app.return_code}"
        crash = tutor_home / "crash.log"
        assert not crash.exists(), f"after {ticks} ticks: {crash.read_text()}"
