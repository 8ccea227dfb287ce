"""Pager keys at 80x24: Space/PgDn scroll and then turn, PgUp/b mirror them, notices once."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from screen_text import page_shown
from textual.pilot import Pilot

from tutor.app import Options, TutorApp, make_app
from tutor.course.parser import bundled_lessons, load_course
from tutor.progress import ProgressStore
from tutor.reader import Position
from tutor.screens.lesson import LessonScreen, PageView
from tutor.widgets.quiz import AnswerInput


def new_app(**options: object) -> TutorApp:
    course = load_course(bundled_lessons())
    return make_app(course, ProgressStore.open(), Options(**options))  # type: ignore[arg-type]


def page(app: TutorApp) -> tuple[Position, int]:
    """Where the reader is: the page and how far it is scrolled."""
    screen = app.screen
    assert isinstance(screen, LessonScreen)
    return screen.position, screen.query_one(PageView).scroll_offset.y


async def press(app: TutorApp, pilot: Pilot[int], key: str) -> tuple[Position, int]:
    await pilot.press(key)
    await page_shown(app)
    await pilot.pause()
    return page(app)


@pytest.mark.parametrize("key", ["space", "pagedown"])
async def test_space_and_pagedown_scroll_to_the_bottom_before_turning(key: str) -> None:
    app = new_app(lang="en", lesson="why-it-works")
    async with app.run_test(size=(80, 24)) as pilot:
        app.reader.go_to(Position("why-it-works", 3))  # a page longer than the screen
        await page_shown(app)
        view = app.screen.query_one(PageView)
        bottom, height = view.max_scroll_y, view.scrollable_content_region.height
        assert bottom > 0
        offsets = [page(app)[1]]
        while page(app)[0].page == 3:
            offsets.append((await press(app, pilot, key))[1])
        scrolled = offsets[:-1]
        assert scrolled == sorted(scrolled) and scrolled[-1] == bottom
        # Each press moved by at most a screen: nothing was skipped.
        assert all(b - a <= height for a, b in itertools.pairwise(scrolled))
        assert page(app) == (Position("why-it-works", 4), 0)  # the next page, at its top


@pytest.mark.parametrize("key", ["b", "pageup"])
async def test_pageup_and_b_scroll_up_then_open_the_previous_page_at_its_top(key: str) -> None:
    app = new_app(lang="en", lesson="why-it-works")
    async with app.run_test(size=(80, 24)) as pilot:
        app.reader.go_to(Position("why-it-works", 3))
        await page_shown(app)
        await pilot.press("end")
        bottom = page(app)[1]
        assert bottom > 0
        offsets = [bottom]
        while page(app)[0].page == 3:
            offsets.append((await press(app, pilot, key))[1])
        assert offsets[:-1] == sorted(offsets[:-1], reverse=True) and offsets[-2] == 0
        assert page(app) == (Position("why-it-works", 2), 0)


async def test_pagedown_and_pageup_work_from_an_answer_box() -> None:
    app = new_app(lang="en", lesson="derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        app.reader.go_to(Position("derivative", 3))  # "The update": a numeric quiz first
        await page_shown(app)
        await pilot.press("tab")
        assert isinstance(app.focused, AnswerInput)
        await pilot.press("space")
        assert app.focused.value == " "  # Space types in the box
        footer = app.screen.query_one("Footer")
        words = " ".join(str(key.render()) for key in footer.query("FooterKey"))
        for shown in ("⏎ Answer", "Esc Leave", "? Hint", "Tab", "PgDn"):
            assert shown in words, words
        for _ in range(10):
            if page(app)[0].page != 3:
                break
            await press(app, pilot, "pagedown")
        assert page(app)[0] == Position("derivative", 4)


async def test_the_last_page_says_so_once(monkeypatch: pytest.MonkeyPatch) -> None:
    app = new_app(lang="en", lesson="glossary")
    said: list[str] = []
    notify = app.notify

    def record(message: str, **options: Any) -> None:
        said.append(message)
        notify(message, **options)

    monkeypatch.setattr(app, "notify", record)
    # "Once" means once while the notice is shown: keep it shown however slow the machine is.
    monkeypatch.setattr("tutor.screens.lesson.NOTICE_SECONDS", 3600.0)
    async with app.run_test(size=(80, 24)) as pilot:
        lessons = app.reader.lessons
        last = Position(lessons[-1].id, len(lessons[-1].pages) - 1)
        app.reader.go_to(last)
        await page_shown(app)
        for _ in range(60):
            await press(app, pilot, "space")
        assert said.count("This is the last page of the course. Well done!") == 1, said
