"""Lessons `check` rejects, as the reader shows them: problems in a box, never "done"."""

from __future__ import annotations

import shutil
from pathlib import Path

from screen_text import page_shown, screen_text
from textual.widgets import OptionList

from tutor.app import Options, make_app
from tutor.course.parser import load_course
from tutor.progress import ProgressStore
from tutor.screens.lesson_list import LessonListScreen
from tutor.widgets.errorbox import ErrorBox

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def course_of(tmp_path: Path, *names: str) -> Path:
    """A course folder holding copies of the given broken fixtures (in order)."""
    folder = tmp_path / "course"
    folder.mkdir()
    for number, name in enumerate(names, 1):
        shutil.copy(FIXTURES / "broken" / name, folder / f"{number:02d}-{name}")
    return folder


async def test_a_lesson_without_title_shows_its_problem_at_the_top(tmp_path: Path) -> None:
    folder = course_of(tmp_path, "03-front-no-title.md")
    app = make_app(load_course(folder), ProgressStore.open(), Options())
    async with app.run_test(size=(80, 24)) as pilot:
        await page_shown(app)
        await pilot.pause()
        boxes = list(app.screen.query(ErrorBox))
        assert boxes and app.screen.query_one("#page").children[0] is boxes[0]
        # The temp path wraps where it likes: compare without whitespace and the box's sides.
        squeezed = "".join(screen_text(app).replace("┃", "").split())
        assert "03-front-no-title.md:1:thefrontmatterneeds'title'" in squeezed


async def test_broken_lessons_are_never_marked_done(tmp_path: Path) -> None:
    folder = course_of(tmp_path, "03-front-no-title.md", "10-quiz.md")
    app = make_app(load_course(folder), ProgressStore.open(), Options())
    async with app.run_test(size=(80, 24)) as pilot:
        await page_shown(app)
        for _ in range(30):  # every page of both lessons seen
            await pilot.press("pagedown")
            await page_shown(app)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LessonListScreen)
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(2)]
        assert all(prompt.startswith("! ") for prompt in prompts), prompts
