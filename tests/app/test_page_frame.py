"""A page turn's footer is part of the page's own frame, and is not composed again for nothing.

Textual's footer composes its keys again one frame after every change of the screen's bindings;
`TutorFooter.show_keys` composes them inside the page's batch update, and only when they change.
"""

from __future__ import annotations

from screen_text import page_shown, screen_lines
from textual.widgets._footer import FooterKey

from tutor.app import Options, TutorApp, make_app
from tutor.course.model import CodeSpec, CurveSpec, NeuronSpec, QuizSpec
from tutor.course.parser import bundled_lessons, load_course
from tutor.progress import ProgressStore
from tutor.reader import Position
from tutor.widgets.chrome import TutorFooter

WIDGETS = (NeuronSpec, CurveSpec, QuizSpec, CodeSpec)


def pages_by_widget() -> tuple[list[Position], list[Position]]:
    """The English course's pages without a widget (no Tab) and those with one."""
    plain: list[Position] = []
    with_widget: list[Position] = []
    for lesson in load_course(bundled_lessons()).lessons_for("en"):
        for index, page in enumerate(lesson.pages):
            has = any(isinstance(block, WIDGETS) for block in page.blocks)
            (with_widget if has else plain).append(Position(lesson.id, index))
    return plain, with_widget


def new_app() -> TutorApp:
    course = load_course(bundled_lessons())
    return make_app(course, ProgressStore.open(), Options(lang="en"))


def footer_line(app: TutorApp) -> str:
    """The footer as the screen shows it (the last row)."""
    return " ".join(screen_lines(app)[-1].split())


async def test_tab_comes_and_goes_in_the_frame_that_shows_the_page() -> None:
    plain, with_widget = pages_by_widget()
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for position in (plain[0], with_widget[0], plain[1], with_widget[1]):
            app.reader.go_to(position)
            await page_shown(app)  # posted after the page's first frame: no pause here
            assert ("Tab Widget" in footer_line(app)) == (position in with_widget), position
        await pilot.pause()


async def test_the_footer_keys_are_not_composed_again_when_they_stay_the_same() -> None:
    plain, _ = pages_by_widget()
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.reader.go_to(plain[0])
        await page_shown(app)
        await pilot.pause()
        footer = app.screen.query_one(TutorFooter)
        keys = list(footer.query(FooterKey))
        assert keys
        app.reader.go_to(plain[1])
        await page_shown(app)
        await pilot.pause()
        assert app.screen.query_one(TutorFooter) is footer
        assert list(footer.query(FooterKey)) == keys  # the same widgets: not composed again
        app.screen.refresh_bindings()  # a bindings refresh that changes nothing composes nothing
        await pilot.pause()
        assert list(footer.query(FooterKey)) == keys
