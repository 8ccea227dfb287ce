"""The footer at 60, 80 and 120 columns: whole entries only, ? and Tab always there."""

from __future__ import annotations

import pytest
from screen_text import page_shown, screen_lines
from textual.widgets import Footer

from tutor.app import Options, TutorApp, make_app
from tutor.course.model import CodeSpec, CurveSpec, NeuronSpec, QuizSpec
from tutor.course.parser import bundled_lessons, load_course
from tutor.progress import ProgressStore
from tutor.reader import Position
from tutor.widgets.codecell import CodeCell
from tutor.widgets.curve import Curve
from tutor.widgets.neuron import Neuron
from tutor.widgets.quiz import AnswerInput, Quiz


def first_pages() -> list[tuple[str, int, type]]:
    """For each kind of focus place, the first page of the English course that has one."""
    course = load_course(bundled_lessons())
    kinds: dict[type, tuple[str, int]] = {}
    for lesson in course.lessons_for("en"):
        for index, page in enumerate(lesson.pages):
            for block in page.blocks:
                kind: type | None = None
                if isinstance(block, NeuronSpec):
                    kind = Neuron
                elif isinstance(block, CurveSpec):
                    kind = Curve
                elif isinstance(block, QuizSpec):
                    kind = AnswerInput if block.answer is not None else Quiz
                elif isinstance(block, CodeSpec):
                    kind = CodeCell
                if kind is not None:
                    kinds.setdefault(kind, (lesson.id, index))
    return [(*place, kind) for kind, place in kinds.items()]


PLACES = first_pages()


def new_app() -> TutorApp:
    course = load_course(bundled_lessons())
    return make_app(course, ProgressStore.open(), Options(lang="en"))


def entries(app: TutorApp) -> list[str]:
    """The footer's entries as drawn ("key words"), read from its widgets."""
    footer = app.screen.query_one(Footer)
    return [" ".join(str(key.render()).split()) for key in footer.query("FooterKey")]


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)], ids=str)
@pytest.mark.parametrize(("lesson", "page", "kind"), PLACES, ids=lambda p: str(p))
async def test_the_footer_shows_whole_keys_for_the_focused_place(
    size: tuple[int, int], lesson: str, page: int, kind: type
) -> None:
    app = new_app()
    async with app.run_test(size=size) as pilot:
        app.reader.go_to(Position(lesson, page))
        await page_shown(app)
        for _ in range(8):
            if isinstance(app.focused, kind):
                break
            await pilot.press("tab")
        assert isinstance(app.focused, kind)
        await pilot.pause()
        line = " ".join(screen_lines(app)[-1].split())
        shown = entries(app)
        assert shown, line
        for entry in shown:
            if entry.split()[-1:] and not entry.startswith(("←", "↑")):
                assert entry in line, f"{entry!r} cut in {line!r}"
        assert "Tab" in line and ("? Help" in line or "? Hint" in line), line
        if kind is AnswerInput:
            for key in ("⏎ Answer", "Esc Leave", "? Hint", "PgDn"):
                assert key in line, line
