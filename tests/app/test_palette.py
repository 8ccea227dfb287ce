"""The command palette (ctrl+p) offers the course: lessons, language, the neuron's table, theme."""

from __future__ import annotations

from typing import Any

from screen_text import first_page_with, page_shown, screen_text
from test_terminals import course, new_app, settle
from textual.command import CommandPalette
from textual.pilot import Pilot

from tutor.app import TutorApp
from tutor.course.model import Course, NeuronSpec
from tutor.screens.lesson import LessonScreen
from tutor.widgets.neuron import Neuron

__all__ = ["course"]  # the module-scoped fixture, shared with test_terminals


async def run_command(app: TutorApp, pilot: Pilot[Any], words: str, expect: str) -> str:
    """Open the palette, type `words`, wait until the hit `expect` shows, choose the first hit;
    return the palette's text."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*words)
    shown = ""
    for _ in range(200):  # the hits arrive from the providers' tasks
        await pilot.pause(0.05)
        shown = screen_text(app)
        if expect in shown:
            break
    assert expect in shown, shown
    await pilot.press("enter")
    await pilot.pause()
    return shown


async def shown_when(app: TutorApp, pilot: Pilot[Any], expect: str) -> str:
    """The screen once `expect` is on it (within 10 s)."""
    for _ in range(200):
        await pilot.pause(0.05)
        if expect in screen_text(app):
            break
    return screen_text(app)


async def test_go_to_a_lesson(course: Course) -> None:
    app = new_app(course, lang="en")
    third = app.lessons[2]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await run_command(
            app, pilot, f"go to lesson 3. {third.title}", f"Go to lesson 3. {third.title}"
        )
        await page_shown(app)
        screen = app.screen
    assert isinstance(screen, LessonScreen) and screen.lesson.id == third.id


async def test_switch_language_in_chinese_words(course: Course) -> None:
    app = new_app(course, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await run_command(app, pilot, "切换语言", "切换语言（中文 / English）")
        await page_shown(app)
    assert app.lang == "en"


async def test_toggle_the_focused_neurons_table(course: Course) -> None:
    app = new_app(course, lang="en", lesson="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        app.reader.go_to(first_page_with(course, "en", "neuron", NeuronSpec))
        await settle(app, pilot)
        await pilot.press("tab")
        neuron = app.screen.query_one(Neuron)
        before = neuron.view
        await run_command(app, pilot, "toggle table", "Toggle table / plot (this neuron)")
        after = neuron.view
    assert before != "table" and after == "table"


async def test_theme_is_offered_and_the_neuron_command_needs_a_neuron(course: Course) -> None:
    app = new_app(course, lang="en")
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"the")
        themes = await shown_when(app, pilot, "Change the current theme")
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.press(*"lesson 1")
        lessons = await shown_when(app, pilot, "Go to lesson 1.")
    assert "Theme" in themes, themes
    assert "this neuron" not in lessons, lessons  # no neuron focused: no neuron command


async def test_help_names_the_palette(course: Course) -> None:
    app = new_app(course, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
    assert "Ctrl+P" in text and "command palette" in text, text
