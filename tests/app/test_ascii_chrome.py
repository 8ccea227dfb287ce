"""`--ascii`: nothing on screen outside the lesson's own text is non-ASCII.

The whole course is walked as a learner would (Space, Tab, stepping the widgets, the help
opened on every page); every character on screen must be ASCII or come from the lesson file.
Then the places a walk does not reach: quiz feedback, a code cell's status, the lesson list,
an error box. Without `--ascii` the same chrome is Unicode (the control).
"""

from __future__ import annotations

from typing import Any

import pytest
from screen_text import screen_text
from test_terminals import course, every_page, new_app, plots_drawn, settle
from textual.pilot import Pilot

from tutor.app import TutorApp
from tutor.course.model import Course, Lesson
from tutor.reader import Position
from tutor.widgets.errorbox import ErrorBox

__all__ = ["course"]  # the module-scoped fixture, shared with test_terminals


def foreign(text: str, lesson: Lesson) -> str:
    """The non-ASCII characters of `text` that the lesson file does not contain."""
    own = lesson.path.read_text(encoding="utf-8") + lesson.title
    return "".join(sorted({c for c in text if not c.isascii() and c not in own}))


async def answer_everything(app: TutorApp, pilot: Pilot[Any]) -> None:
    """Pick choice 1 and answer, type a wrong number and answer, run code: feedback shows."""
    await pilot.press("tab", "1", "enter", "tab", "9", "enter", "tab", "enter")
    await pilot.pause()


@pytest.mark.slow
async def test_ascii_walk_shows_only_ascii_outside_lesson_text(course: Course) -> None:
    app = new_app(course, lang="en", ascii=True)
    checked = 0
    async with app.run_test(size=(80, 24)) as pilot:
        async for _number, lesson, page in every_page(app, pilot):
            where = f"{lesson.id} page {page + 1}"
            screens, _plots = await plots_drawn(app, pilot)
            await pilot.press("question_mark")
            await pilot.pause()
            screens.append(screen_text(app))
            await pilot.press("escape", "escape")
            await answer_everything(app, pilot)
            screens.append(screen_text(app))
            for text in screens:
                assert not foreign(text, lesson), f"{foreign(text, lesson)!r} on {where}:\n{text}"
                checked += 1
    assert checked > 100


async def test_ascii_lesson_list_footer_and_quiz_feedback(course: Course) -> None:
    app = new_app(course, lang="en", lesson="neuron", ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.reader.go_to(Position("neuron", 2))  # a numeric quiz first
        await settle(app, pilot)
        await pilot.press("tab", "1", "enter")
        await pilot.pause()
        page = screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        await pilot.press("l")
        await pilot.pause()
        listing = screen_text(app)
    assert "x 1 is not it. Try again." in page, page
    assert "t zh/en" in footer, footer
    assert "Lessons - ^/v choose" in listing, listing
    assert not foreign(page, app.lessons[0]), page


@pytest.mark.parametrize(
    ("ascii_only", "page_keys", "neuron_keys"),
    [(True, "t zh/en", "< > input  ^ v +/-0.1"), (False, "t 中/EN", "← → input  ↑ ↓ ±0.1")],
)
async def test_footer_keys(
    course: Course, ascii_only: bool, page_keys: str, neuron_keys: str
) -> None:
    """Under --ascii the footer names keys in ASCII; without it, arrows (the control)."""
    app = new_app(course, lang="en", lesson="neuron", ascii=ascii_only)
    async with app.run_test(size=(80, 24)) as pilot:
        app.reader.go_to(Position("neuron", 1))  # a neuron
        await settle(app, pilot)
        page_footer = screen_text(app).splitlines()[-1]
        await pilot.press("tab")
        await pilot.pause()
        neuron_footer = screen_text(app).splitlines()[-1]
    assert page_keys in page_footer, page_footer
    assert neuron_keys in neuron_footer, neuron_footer
    assert page_footer.isascii() == neuron_footer.isascii() == ascii_only


@pytest.mark.parametrize("ascii_only", [True, False])
async def test_error_box_title(course: Course, ascii_only: bool) -> None:
    app = new_app(course, lang="zh", ascii=ascii_only)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        box = ErrorBox("broken")
        await app.screen.mount(box)
        await pilot.pause()
        title = str(box.border_title)
    assert title == ("x 这一课有错误" if ascii_only else "✗ 这一课有错误")
