"""Tests for the Plot widget (one plotext figure per widget, ASCII mode, the render cache) and for
repainting only changed cells: what an emulated terminal shows after each update of a plot, a
neuron or a curve equals a full redraw."""

from __future__ import annotations

import math
from dataclasses import replace

import plotext
import pyte
from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from textual._compositor import ChopsUpdate, CompositorUpdate
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from tutor.course.model import CurveSpec, NeuronSpec
from tutor.maths.expr import parse
from tutor.maths.neuronhistory import output_history
from tutor.widgets.cells import ChangedCells, changed_span
from tutor.widgets.curve import Curve
from tutor.widgets.neuron import Neuron
from tutor.widgets.plot import Label, Plot, PlotData, Series, to_ascii

XS = tuple(i / 10 for i in range(60))
SINE = PlotData(series=(Series(XS, tuple(math.sin(x) for x in XS)),), labels=(Label(3, 0.5, "A"),))
LINE = PlotData(series=(Series(XS, XS, color=9),))


class PlotApp(App[None]):
    """Two plots side by side, one of them in ASCII mode."""

    def compose(self) -> ComposeResult:
        yield Plot(SINE, id="first")
        yield Plot(LINE, id="second")
        yield Plot(SINE, ascii_mode=True, id="ascii")


def is_box_or_braille(char: str) -> bool:
    """Box drawing, block elements or braille: what fonts without them cannot show."""
    return 0x2500 <= ord(char) <= 0x259F or 0x2800 <= ord(char) <= 0x28FF


async def test_each_plot_has_its_own_figure_and_leaves_plotext_global_alone() -> None:
    global_before = plotext.figure.build().string()
    app = PlotApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first, second = app.query_one("#first", Plot), app.query_one("#second", Plot)
        assert first.render().plain != second.render().plain
        assert "A" in first.render().plain
        assert first._figure is not second._figure
        assert first._figure is not plotext.figure
    assert plotext.figure.build().string() == global_before


async def test_ascii_mode_has_no_braille_or_box_drawing() -> None:
    app = PlotApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        picture = app.query_one("#ascii", Plot).render().plain
        assert "*" in picture and "+" in picture and "|" in picture
        assert not [char for char in picture if is_box_or_braille(char)]
        unicode_picture = app.query_one("#first", Plot).render().plain
        assert any(is_box_or_braille(char) for char in unicode_picture)


async def test_a_title_cut_to_the_frame_is_ascii_in_ascii_mode() -> None:
    title = "a title far too long for the frame of a plot that is twenty columns wide"
    data = replace(SINE, title=title)

    class Narrow(App[None]):
        def compose(self) -> ComposeResult:
            yield Plot(data, id="unicode")
            yield Plot(data, ascii_mode=True, id="ascii")

    app = Narrow()
    async with app.run_test(size=(20, 24)) as pilot:
        await pilot.pause()
        top = app.query_one("#ascii", Plot).render().plain.splitlines()[0]
        assert "a title" in top and "..." in top and top.isascii(), top
        assert "…" in app.query_one("#unicode", Plot).render().plain.splitlines()[0]


def test_to_ascii_maps_frames_and_markers() -> None:
    assert to_ascii("┌─┐│└┘┤┬ ▄⠿") == "+-+|++++ **"


async def test_same_data_reuses_the_rendered_picture() -> None:
    app = PlotApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        plot = app.query_one("#first", Plot)
        builds = plot.builds
        picture = plot.render()
        assert plot.render() is picture
        plot.show(PlotData(series=SINE.series, labels=SINE.labels))  # equal data: no rebuild
        await pilot.pause()
        assert plot.render() is picture
        assert plot.builds == builds
        plot.show(LINE)
        await pilot.pause()
        assert plot.render() is not picture
        assert plot.builds == builds + 1


async def test_values_too_large_show_a_message_instead_of_raising() -> None:
    app = PlotApp()
    async with app.run_test(size=(80, 24)) as pilot:
        plot = app.query_one("#first", Plot)
        plot.show(PlotData(series=(Series((0.0, 1.0), (0.0, math.inf)),)))
        await pilot.pause()
        assert "too large to plot" in plot.render().plain


class Terminal:
    """What a real terminal shows: every screen update Textual writes, fed to pyte."""

    def __init__(self, width: int, height: int) -> None:
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.Stream(self.screen)
        self.rows_written: set[int] = set()

    def feed(self, update: CompositorUpdate, console: Console) -> None:
        """Write one update, noting the rows a partial update touched."""
        if isinstance(update, ChopsUpdate):
            self.rows_written.update(y for y, _, _ in update.spans)
        self.stream.feed(update.render_segments(console))

    def lines(self) -> list[str]:
        """The characters on the terminal, one string per row (trailing spaces removed)."""
        return [line.rstrip() for line in self.screen.display]


class TerminalApp(App[None]):
    """Headless apps write nothing; this one writes its updates to an emulated terminal."""

    def __init__(self, *widgets: Widget, rows: int = 24) -> None:
        super().__init__()
        self.widgets = widgets
        self.terminal = Terminal(80, rows)

    def compose(self) -> ComposeResult:
        yield from self.widgets

    def _display(self, screen: Screen[object], renderable: RenderableType | None) -> None:
        if isinstance(renderable, CompositorUpdate):
            self.terminal.feed(renderable, self.console)


def full_render(app: App[None]) -> list[str]:
    """The screen drawn from scratch, as it should look on the terminal."""
    return [strip.text.rstrip() for strip in app.screen._compositor.render_strips()]


def growing(points: int) -> PlotData:
    """The neuron's picture: a line over the outputs so far, the last one marked."""
    return output_history([30 + 0.6 * n + 0.01 * n * n for n in range(points)], "output")


async def test_a_new_point_repaints_only_changed_rows_and_the_terminal_matches() -> None:
    plot = Plot(growing(4), id="plot")
    app = TerminalApp(plot)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.terminal.lines() == full_render(app)
        for points in range(5, 12):
            app.terminal.rows_written.clear()
            plot.show(growing(points))
            await pilot.pause()
            assert app.terminal.lines() == full_render(app)
            assert app.terminal.rows_written
            assert app.terminal.rows_written <= set(range(plot.region.y, plot.region.bottom))
            assert "output" in app.terminal.lines()[plot.region.y]  # the title, in the frame


async def test_neuron_keys_leave_the_terminal_as_a_full_redraw_would() -> None:
    spec = NeuronSpec(inputs={"a": -5.0, "b": -6.0}, f=parse("a * b", ["a", "b"]), line=1)
    neuron = Neuron(spec, key="lesson/neuron-1")
    app = TerminalApp(neuron)
    async with app.run_test(size=(80, 24)) as pilot:
        neuron.focus()
        await pilot.pause()
        for key in ["g"] * 6 + ["up", "right", "down", "u", "0", "g", "p", "g", "p"]:
            await pilot.press(key)
            await pilot.pause()
            assert app.terminal.lines() == full_render(app), key


def strip(*parts: tuple[str, str]) -> Strip:
    """A line from (text, style) pieces."""
    return Strip([Segment(text, Style.parse(style)) for text, style in parts])


def test_changed_span_covers_first_to_last_changed_cell() -> None:
    old = strip(("30.0┤ ▄▄", "white"), ("●", "red"))
    assert changed_span(old, old) is None
    assert changed_span(old, strip(("30.6┤ ▄▄", "white"), ("●", "red"))) == (3, 4)
    assert changed_span(old, strip(("31.0┤ ▄▄", "white"), ("▄", "red"))) == (1, 9)
    assert changed_span(old, strip(("30.0┤ ▄▄", "white"), ("●", "blue"))) == (8, 9)  # colour only


def test_changed_span_never_cuts_a_wide_character() -> None:
    old = strip(("输出 30", "white"))
    assert changed_span(old, strip(("输入 30", "white"))) == (2, 4)
    assert changed_span(old, strip(("输出 31", "white"))) == (6, 7)
    assert changed_span(strip(("xy输", "white")), strip(("x输z", "white"))) == (1, 4)


async def test_lines_made_from_plotext_codes_look_as_the_rendered_text() -> None:
    app = TerminalApp(
        Plot(SINE, id="first"),
        Plot(growing(7), ascii_mode=True, id="ascii"),
        Plot(growing(3), id="neuron"),
        Plot(PlotData(series=(Series((0.0, 1.0), (0.0, math.inf)),)), id="message"),
        rows=40,
    )
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        for plot in app.query(Plot):
            width, height = plot.size
            direct = plot.draw_lines(width, height)
            through_text = ChangedCells.draw_lines(plot, width, height)
            assert len(direct) == len(through_text)
            for made, rendered in zip(direct, through_text, strict=True):
                assert changed_span(made, rendered) is None, plot.id
        assert app.terminal.lines() == full_render(app)


async def test_curve_keys_leave_the_terminal_as_a_full_redraw_would() -> None:
    hill = parse("4 - (x - 2)**2", ["x"])
    spec = CurveSpec(f=hill, x=1.0, range=(-0.5, 4.5), line=1, step=0.1, marks={"B": 2.0})
    curve = Curve(spec, key="lesson/curve-1")
    app = TerminalApp(curve)
    async with app.run_test(size=(80, 24)) as pilot:
        curve.focus()
        await pilot.pause()
        for key in ["g", "g", "plus", "plus", "plus", "g", "G", "minus", "left", "right", "u", "0"]:
            await pilot.press(key)
            await pilot.pause()
            assert app.terminal.lines() == full_render(app), key


async def test_a_new_theme_redraws_the_kept_lines_in_its_colours() -> None:
    plot = Plot(growing(5), id="plot")
    app = TerminalApp(plot)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = [plot.render_line(y) for y in range(plot.size.height)]
        app.theme = "textual-light"
        await pilot.pause()
        width, height = plot.size
        fresh = ChangedCells.draw_lines(plot, width, height)
        shown = [plot.render_line(y) for y in range(height)]
        assert any(changed_span(old, new) for old, new in zip(before, shown, strict=True))
        for line, expected in zip(shown, fresh, strict=True):
            assert changed_span(line, expected) is None
