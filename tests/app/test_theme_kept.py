"""The learner's theme is kept with their settings and restored; code cells follow it."""

from __future__ import annotations

from pygments.token import Keyword  # type: ignore[import-untyped]
from rich.syntax import Syntax
from screen_text import first_page_with
from test_terminals import course, settle
from textual.widgets import Static

from tutor.app import Options, make_app
from tutor.course.model import CodeSpec, Course
from tutor.progress import ProgressStore
from tutor.widgets.codecell import CodeCell

__all__ = ["course"]  # the module-scoped fixture, shared with test_terminals


async def test_a_chosen_theme_is_restored_on_the_next_start(course: Course) -> None:
    store = ProgressStore.open()
    app = make_app(course, store, Options(lang="en"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.theme == "textual-dark"
        app.theme = "solarized-light"
        await pilot.pause()
    assert ProgressStore.open().theme() == "solarized-light"
    again = make_app(course, ProgressStore.open(), Options(lang="en"))
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        assert again.theme == "solarized-light"


async def test_an_unknown_saved_theme_is_ignored(course: Course) -> None:
    store = ProgressStore.open()
    store.set_theme("no-such-theme")
    app = make_app(course, store, Options(lang="en"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.theme == "textual-dark"


def keyword_colour(cell: CodeCell) -> str:
    """The colour the cell gives a Python keyword now."""
    syntax = cell.query_one("#cell-source", Static).content
    assert isinstance(syntax, Syntax)
    return str(syntax._theme.get_style_for_token(Keyword))


async def test_code_cells_follow_the_theme(course: Course) -> None:
    app = make_app(course, ProgressStore.open(), Options(lang="en", lesson="random-nudges"))
    dark = str(Syntax.get_theme("ansi_dark").get_style_for_token(Keyword))
    light = str(Syntax.get_theme("ansi_light").get_style_for_token(Keyword))
    assert dark != light
    async with app.run_test(size=(80, 24)) as pilot:
        app.reader.go_to(first_page_with(course, "en", "random-nudges", CodeSpec))
        await settle(app, pilot)
        cell = app.screen.query_one(CodeCell)
        before = keyword_colour(cell)
        app.theme = "textual-light"
        await pilot.pause()
        after = keyword_colour(cell)
    assert (before, after) == (dark, light)
