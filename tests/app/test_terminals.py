"""The reader in small and plain terminals: 80x24, 60x20, ASCII fonts, SSH, no mouse.

Every page of the bundled course (both languages) is turned to with Space, as a learner
would, at 80x24 and at 60x20; on each page Tab must reach every widget and show it. With
`--ascii` no braille may reach the screen. The CLI turns mouse and animations off over SSH.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable
from typing import Any

import pytest
from screen_text import page_shown, screen_lines, screen_text, turn_page
from textual.app import App
from textual.errors import NoWidget
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from tutor import cli
from tutor.app import Options, TutorApp, make_app
from tutor.course.model import Course, Lesson
from tutor.course.parser import bundled_lessons, load_course
from tutor.progress import ProgressStore
from tutor.screens.lesson import LessonScreen, PageView
from tutor.widgets.codecell import CodeCell
from tutor.widgets.curve import Curve
from tutor.widgets.errorbox import ErrorBox
from tutor.widgets.neuron import Neuron
from tutor.widgets.plot import Plot
from tutor.widgets.quiz import AnswerInput, Quiz

SIZES = [(80, 24), (60, 20)]
LANGS = ["en", "zh"]
BRAILLE = range(0x2800, 0x2900)
BOX_DRAWING = range(0x2500, 0x2580)


@pytest.fixture(scope="module")
def course() -> Course:
    """The bundled course, both languages."""
    return load_course(bundled_lessons())


def new_app(course: Course, **options: Any) -> TutorApp:
    """The reader on `course` with a fresh progress store (the test's own data folder)."""
    return make_app(course, ProgressStore.open(), Options(**options))


def tab_targets(app: TutorApp) -> list[Widget]:
    """The widgets of the page Tab must reach, in page order (a numeric quiz: its input)."""
    targets: list[Widget] = []
    for widget in app.screen.query_one(PageView).children:
        if isinstance(widget, Quiz):
            targets.append(widget.query_one(AnswerInput) if widget.spec.numeric else widget)
        elif isinstance(widget, Neuron | Curve | CodeCell):
            targets.append(widget)
    return targets


def header(app: TutorApp) -> tuple[str, str]:
    """The lesson title and the page number, as shown."""
    title = str(app.screen.query_one("#lesson-title", Static).render())
    return title, str(app.screen.query_one("#page-number", Static).render())


async def settle(app: TutorApp, pilot: Pilot[int]) -> None:
    """Wait until the page being shown is on screen, and drawn."""
    await page_shown(app)
    await pilot.pause()


async def every_page(app: TutorApp, pilot: Pilot[int]) -> AsyncIterator[tuple[int, Lesson, int]]:
    """Turn through the whole course with Space; yield (lesson number, lesson, page index).

    After each yield the focus is given back to the page (Escape), as a learner does before
    turning the page.
    """
    for number, lesson in enumerate(app.lessons, 1):
        for page in range(len(lesson.pages)):
            await settle(app, pilot)
            assert isinstance(app.screen, LessonScreen)
            where = f"{app.lang} {lesson.id} page {page + 1}"
            title, page_number = header(app)
            assert title == f"{number}. {lesson.title}", where
            numbers = f"{page + 1}/{len(lesson.pages)}"  # "page 3/5", or "第 3/5 页"
            assert re.search(rf"(?<!\d){numbers}(?!\d)", page_number), f"{page_number!r} {where}"
            assert not app.screen.query(ErrorBox), where
            yield number, lesson, page
            await pilot.press("escape")
            assert app.focused is None, f"Escape left {app.focused} ({where})"
            if (number, page + 1) != (len(app.lessons), len(lesson.pages)):
                await turn_page(app, pilot)


async def tab_through(app: TutorApp, pilot: Pilot[int], where: str) -> list[Widget]:
    """Press Tab until every widget of the page had the focus; each must then be on screen."""
    targets = tab_targets(app)
    reached: list[Widget] = []
    for _ in range(2 * len(targets) + 2):
        if all(target in reached for target in targets):
            break
        await pilot.press("tab")
        focused = app.focused
        assert focused is not None, f"Tab left nothing focused ({where})"
        if focused in targets and focused not in reached:
            reached.append(focused)
            assert visible_region(focused), f"{focused} focused but not on screen ({where})"
    missing = [target for target in targets if target not in reached]
    assert not missing, f"Tab never reached {missing} ({where})"
    return reached


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
async def test_every_page_mounts_and_tab_reaches_every_widget(
    course: Course, lang: str, size: tuple[int, int]
) -> None:
    app = new_app(course, lang=lang)
    pages = widgets = 0
    async with app.run_test(size=size) as pilot:
        async for _number, lesson, page in every_page(app, pilot):
            where = f"{lang} {lesson.id} page {page + 1} at {size[0]}x{size[1]}"
            line = footer_line(app)
            assert shows_page_keys(line), f"no Next/Back in the footer {line!r} ({where})"
            widgets += len(await tab_through(app, pilot, where))
            pages += 1
    assert pages == sum(len(lesson.pages) for lesson in course.lessons_for(lang))
    assert widgets >= 40  # the course is full of widgets: the walk really met them


def footer_line(app: App[Any]) -> str:
    """The bottom row of the screen: the footer."""
    return screen_lines(app)[-1]


def shows_page_keys(line: str) -> bool:
    """Whether the footer shows the keys of Next (Space) and Back (PgUp/b) with their words."""
    if "Space" not in line or "PgUp/b" not in line:
        return False
    next_words, back_words = line.split("Space", 1)[1], line.split("PgUp/b", 1)[1]
    return bool(next_words.split("  ")[0].strip()) and bool(back_words.split("  ")[0].strip())


async def test_footer_shows_next_and_back_at_60x20_with_a_widget_focused(
    course: Course,
) -> None:
    app = new_app(course, lang="en", lesson="neuron")
    async with app.run_test(size=(60, 20)) as pilot:
        await turn_page(app, pilot)  # "Driving the neuron"
        await settle(app, pilot)
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.focused, Neuron)
        line = footer_line(app)
        assert shows_page_keys(line), f"neuron focused: {line!r}"


async def test_neuron_output_is_on_screen_at_60x20(course: Course) -> None:
    app = new_app(course, lang="en", lesson="neuron")
    async with app.run_test(size=(60, 20)) as pilot:
        await turn_page(app, pilot)  # "Driving the neuron": a = 5, b = 6
        await settle(app, pilot)
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.focused, Neuron)
        assert "output = 30" in screen_text(app)


def braille_in(text: str) -> str:
    """The braille characters in `text`."""
    return "".join(sorted({c for c in text if ord(c) in BRAILLE}))


def visible_region(widget: Widget) -> Region:
    """The part of `widget` on screen (empty when it is scrolled out of view)."""
    try:
        return widget.screen.find_widget(widget).visible_region
    except NoWidget:
        return Region()


def region_texts(app: TutorApp, widgets: Iterable[Widget]) -> list[str]:
    """The visible part of each widget on screen, as text."""
    strips = app.screen._compositor.render_strips()
    texts = []
    for widget in widgets:
        region = visible_region(widget)
        if region:
            rows = strips[region.y : region.bottom]
            texts.append("\n".join(strip.crop(region.x, region.right).text for strip in rows))
    return texts


def plot_texts(app: TutorApp) -> list[str]:
    """The visible part of each plot on screen, as text."""
    return region_texts(app, app.screen.query(Plot))


async def plots_drawn(app: TutorApp, pilot: Pilot[int]) -> tuple[list[str], list[str]]:
    """Focus each widget of the page in turn, step neurons and curves so their plots have
    lines; return the screens and the plots read after each step."""
    screens, plots = [screen_text(app)], plot_texts(app)
    for widget in tab_targets(app):
        await pilot.press("tab")
        if isinstance(widget, Neuron):
            await pilot.press("up", "g", "r", "up")
        elif isinstance(widget, Curve):
            await pilot.press("g", "g", "right")
        await pilot.pause()
        screens.append(screen_text(app))
        plots.extend(plot_texts(app))
    return screens, plots


@pytest.mark.slow
async def test_ascii_option_never_shows_braille(course: Course) -> None:
    lang = "en"  # the plots are the same in both languages
    app = new_app(course, lang=lang, ascii=True)
    plots_seen = 0
    async with app.run_test(size=(80, 24)) as pilot:
        async for _number, lesson, page in every_page(app, pilot):
            where = f"{lang} {lesson.id} page {page + 1}"
            screens, plots = await plots_drawn(app, pilot)
            for text in screens:
                assert not braille_in(text), f"braille {braille_in(text)!r} on {where}:\n{text}"
            for plot in plots:
                assert plot.isascii(), f"a plot on {where} is not ASCII:\n{plot}"
            plots_seen += len(plots)
    assert plots_seen >= 10  # the walk really drew plots


async def test_without_ascii_the_plots_are_not_ascii(course: Course) -> None:
    """The control: the checks above do read the plots, which are drawn in Unicode."""
    app = new_app(course, lang="en", lesson="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await turn_page(app, pilot)  # "Driving the neuron": a neuron with a plot
        await settle(app, pilot)
        _screens, plots = await plots_drawn(app, pilot)
    assert plots
    assert not all(plot.isascii() for plot in plots)


@pytest.mark.parametrize(
    ("lesson", "page", "kind"),
    [
        pytest.param(
            "neuron",
            2,
            Quiz,
            id="quiz",
        ),
        pytest.param(
            "random-nudges",
            3,
            CodeCell,
            id="code-cell",
        ),
        pytest.param("why-it-works", 2, Curve, id="curve"),
        pytest.param("neuron", 1, Neuron, id="neuron"),
    ],
)
async def test_ascii_option_draws_widgets_without_box_drawing(
    course: Course, lesson: str, page: int, kind: type[Widget]
) -> None:
    app = new_app(course, lang="en", lesson=lesson, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(page):
            await turn_page(app, pilot)
        await settle(app, pilot)
        widgets = list(app.screen.query(kind))
        assert widgets, f"no {kind.__name__} on {lesson} page {page + 1}"
        texts = []
        for _widget in widgets:
            await pilot.press("tab")  # focused: the widget is scrolled into view
            if kind in (Neuron, Curve):
                await pilot.press("g", "up", "right")
            await pilot.pause()
            texts.extend(region_texts(app, widgets))
    assert texts
    for text in texts:
        drawn = "".join(sorted({c for c in text if ord(c) in BOX_DRAWING}))
        assert not drawn, f"{drawn!r} in a {kind.__name__} on {lesson} page {page + 1}:\n{text}"


@pytest.mark.parametrize("mouse", [False, True])
def test_run_safely_passes_the_mouse_option_to_run(
    course: Course, mouse: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []

    def fake_run(self: App[Any], *args: Any, **kwargs: Any) -> None:
        assert not args
        calls.append(kwargs)

    monkeypatch.setattr(App, "run", fake_run)
    assert new_app(course, mouse=mouse).run_safely() == 0
    assert calls == [{"mouse": mouse}]


class FakeApp:
    """Stands in for the reader: records nothing, runs nothing."""

    def run_safely(self) -> int:
        """Pretend the learner quit at once."""
        return 0


def options_built(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> Options:
    """The Options the CLI builds for `argv`, with make_app replaced (no UI starts)."""
    built: list[Options] = []

    def fake_make_app(course: Course, progress: ProgressStore, options: Options) -> FakeApp:
        built.append(options)
        return FakeApp()

    monkeypatch.setattr("tutor.app.make_app", fake_make_app)
    monkeypatch.setattr("tutor.start.terminal_problem", lambda: None)  # pytest has no terminal
    assert cli.main(argv) == 0
    assert len(built) == 1
    return built[0]


def test_over_ssh_the_cli_turns_mouse_and_animations_off(
    course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "192.0.2.1 50000 192.0.2.2 22")
    options = options_built(monkeypatch, ["--lang", "en"])
    assert (options.mouse, options.animations) == (False, False)
    app = make_app(course, ProgressStore.open(), options)
    assert app.animation_level == "none"


def test_locally_the_cli_keeps_mouse_and_animations(monkeypatch: pytest.MonkeyPatch) -> None:
    options = options_built(monkeypatch, ["--lang", "en"])
    assert (options.mouse, options.animations, options.ascii) == (True, True, False)
    options = options_built(monkeypatch, ["--no-mouse", "--no-animations", "--ascii"])
    assert (options.mouse, options.animations, options.ascii) == (False, False, True)
