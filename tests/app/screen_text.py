"""Read what a Pilot-driven app shows, as plain text lines."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from tutor.course.model import Course
from tutor.reader import Position


def screen_lines(app: App[Any]) -> list[str]:
    """The visible screen, one string per terminal row (trailing spaces removed)."""
    strips = app.screen._compositor.render_strips()
    return [strip.text.rstrip() for strip in strips]


def screen_text(app: App[Any]) -> str:
    """The visible screen as one string."""
    return "\n".join(screen_lines(app))


async def page_shown(app: App[Any], timeout: float = 10.0) -> None:
    """Wait until the lesson page asked for last is on screen (the screen's public signal).

    The lesson screen may be under a dialog (lesson list, help): it is found in the stack.
    """
    from tutor.screens.lesson import LessonScreen

    for screen in reversed(app.screen_stack):
        if isinstance(screen, LessonScreen):
            await asyncio.wait_for(screen.wait_until_shown(), timeout)
            return


async def turn_page(app: App[Any], pilot: Pilot[Any], key: str = "space") -> int:
    """Press a pager key (Space, PgDn, PgUp, b) until the page turns; return the scrolls first.

    Space and PgDn scroll a page longer than the screen before they turn it.
    """
    from tutor.screens.lesson import LessonScreen

    screen = app.screen
    assert isinstance(screen, LessonScreen)
    before = screen.position
    for scrolls in range(200):
        await pilot.press(key)
        await page_shown(app)
        await pilot.pause()
        if screen.position != before:
            return scrolls
    raise AssertionError(f"{key} never turned the page from {before}")


def first_page_with(course: Course, lang: str, lesson_id: str, kind: type) -> Position:
    """The first page of a lesson that holds a block of `kind` (e.g. `CurveSpec`), so that tests
    follow the course when its pages move."""
    lesson = course.find(lang, lesson_id)
    assert lesson is not None, lesson_id
    for index, page in enumerate(lesson.pages):
        if any(isinstance(block, kind) for block in page.blocks):
            return Position(lesson_id, index)
    raise AssertionError(f"no {kind.__name__} in {lesson_id}")
