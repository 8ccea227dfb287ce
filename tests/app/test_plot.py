"""Tests for the Plot widget: one plotext figure per widget, ASCII mode, and the render cache."""

from __future__ import annotations

import math

import plotext
from textual.app import App, ComposeResult

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
