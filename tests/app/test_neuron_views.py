"""Pilot tests of the neuron's views: `v` cycles history → plane → table, `p` stays the table,
the view is saved with the widget's state, and each view shows what it promises at its size."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from tutor.course.model import NeuronSpec
from tutor.maths.expr import parse
from tutor.maths.neuronplots import ARROW_HEADS, ARROW_HEADS_BACK
from tutor.widgets import neuron_view as view
from tutor.widgets.neuron import Neuron
from tutor.widgets.plot import Plot, PlotData, Series

AB = parse("a * b", ["a", "b"])
HEADS = {head for head, _ in (*ARROW_HEADS, *ARROW_HEADS_BACK)}


def spec(**changes: object) -> NeuronSpec:
    """The article's neuron f = a·b at (5, 6), seeded, with some settings changed."""
    settings: dict[str, object] = {"inputs": {"a": 5.0, "b": 6.0}, "f": AB, "line": 1, "seed": 3}
    settings.update(changes)
    return NeuronSpec(**settings)  # type: ignore[arg-type]


class NeuronApp(App[None]):
    """Mounts one focused neuron."""

    def __init__(self, neuron_spec: NeuronSpec, ascii_mode: bool = False) -> None:
        super().__init__()
        self.neuron_spec = neuron_spec
        self.ascii_mode = ascii_mode

    def compose(self) -> ComposeResult:
        yield Neuron(
            self.neuron_spec, key="lesson/neuron-1", ascii_mode=self.ascii_mode, id="neuron"
        )

    def on_mount(self) -> None:
        self.query_one(Neuron).focus()


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys and let the widget repaint (twice: a view just shown is drawn after layout)."""
    await pilot.press(*keys)
    await pilot.pause()
    await pilot.pause()


def shown(app: App[None]) -> list[str]:
    """The ids of the views on screen."""
    return [wid for wid in ("history", "plane", "table") if app.query_one(f"#{wid}").display]


async def test_v_cycles_the_views_and_p_stays_the_table() -> None:
    app = NeuronApp(spec())
    async with app.run_test(size=(80, 24)) as pilot:
        neuron = app.query_one(Neuron)
        assert shown(app) == ["history"]
        for expected in ("plane", "table", "history", "plane"):
            await press(pilot, "v")
            assert (neuron.view, shown(app)) == (expected, [expected])
        await press(pilot, "p")
        assert shown(app) == ["table"]
        await press(pilot, "p")
        assert shown(app) == ["plane"]  # back to the plot view the learner was on


async def test_one_input_has_no_plane() -> None:
    app = NeuronApp(spec(inputs={"x": 3.0}, f=parse("x * x", ["x"])))
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "v")
        assert shown(app) == ["table"]
        await press(pilot, "v")
        assert shown(app) == ["history"]


async def test_the_lesson_chooses_the_first_view_and_the_learner_s_view_is_saved() -> None:
    app = NeuronApp(spec(view="plane"))
    async with app.run_test(size=(80, 24)) as pilot:
        neuron = app.query_one(Neuron)
        assert shown(app) == ["plane"]
        await press(pilot, "g", "v")
        saved = neuron.snapshot()
        assert saved["view"] == "table"
    again = NeuronApp(spec(view="plane"))
    async with again.run_test(size=(80, 24)) as pilot:
        neuron = again.query_one(Neuron)
        neuron.restore(saved)
        await pilot.pause()
        assert (neuron.view, shown(again), neuron.state.nudges) == ("table", ["table"], 1)
        neuron.restore({**saved, "view": "pie chart"})  # junk view: kept as it is
        assert neuron.view == "table"


async def test_the_plane_shows_level_curves_path_point_and_gradient() -> None:
    app = NeuronApp(spec(view="plane"))
    async with app.run_test(size=(80, 24)) as pilot:
        plot = app.query_one("#plane", Plot)
        await press(pilot, "r", "r", "g", "g")
        data = plot.data
        levels = [float(label.text) for label in data.labels]
        assert len(levels) >= 3 and 30.0 in levels and all(level % 5 == 0 for level in levels)
        path = [s for s in data.series if s.marker == "•"]
        assert len(path) == 1 and len(path[0].xs) == 5  # the start and four nudges
        heads = [s for s in data.series if s.marker in HEADS]
        assert [s.marker for s in heads] == ["↗"]  # a·b grows up and to the right
        now = data.series[-1]
        state = app.query_one(Neuron).state
        assert (now.marker, now.xs, now.ys) == ("●", (state.inputs["a"],), (state.inputs["b"],))
        await press(pilot, "r")
        assert len(next(s for s in plot.data.series if s.marker == "•").xs) == 6
        picture = plot.render().plain
        assert "30" in picture and "●" in picture and "↗" in picture


async def test_from_minus_5_minus_6_the_gradient_points_down_and_left() -> None:
    app = NeuronApp(spec(inputs={"a": -5.0, "b": -6.0}, view="plane"))
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "r")
        data = app.query_one("#plane", Plot).data
        assert [s.marker for s in data.series if s.marker in HEADS] == ["↙"]
        path = next(s for s in data.series if s.marker == "•")
        assert path.xs[1] > path.xs[0] and path.ys[1] > path.ys[0]  # the nudge went up-right


@pytest.mark.parametrize("ascii_mode", [False, True], ids=["unicode", "ascii"])
@pytest.mark.parametrize(
    ("start", "arrow", "ascii_arrow"),
    [((5.0, 6.0), "↗", "/"), ((-5.0, -6.0), "↙", "/"), ((5.0, -6.0), "↖", "\\")],
    ids=["5,6", "-5,-6", "5,-6"],
)
async def test_the_plane_s_legend_names_the_arrow_as_drawn(
    start: tuple[float, float], arrow: str, ascii_arrow: str, ascii_mode: bool
) -> None:
    # f = a·b: the gradient is (b, a), (−6, −5) from (−5, −6): down and to the left.
    inputs = {"a": start[0], "b": start[1]}
    app = NeuronApp(spec(inputs=inputs, view="plane"), ascii_mode=ascii_mode)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "g")
        plot = app.query_one("#plane", Plot)
        head = next(s for s in plot.data.series if s.marker in HEADS)
        assert (head.marker, head.ascii_marker) == (arrow, ascii_arrow)
        title, *body = plot.render().plain.splitlines()
        drawn = ascii_arrow if ascii_mode else arrow
        assert f"{drawn} gradient" in title, title
        assert drawn in "".join(body)  # the head at the arrow's tip, as the legend says
        if ascii_mode:
            assert plot.render().plain.isascii()
        else:
            legend = title.split("● now")[1]  # after the axes' → and ↑
            assert [char for char in legend if char in HEADS] == [arrow]


@pytest.mark.parametrize(
    ("size", "panels"),
    [((50, 20), ["#inputs-plot"]), ((80, 24), ["#input-0", "#input-1"])],
    ids=["50x20-together", "80x24-one-each"],
)
async def test_history_shows_output_and_each_input_labelled(
    size: tuple[int, int], panels: list[str]
) -> None:
    app = NeuronApp(spec())
    async with app.run_test(size=size) as pilot:
        await press(pilot, "g", "r")
        shown = [plot.id for plot in app.query("#history Plot").results(Plot) if plot.display]
        assert shown == ["plot", *(panel[1:] for panel in panels)]
        output = app.query_one("#plot", Plot).data
        state = app.query_one(Neuron).state
        assert output.series[0].ys == pytest.approx(tuple(state.outputs))
        assert "output" in (output.title or "")
        markers: dict[str, tuple[float, ...]] = {}
        for panel in panels:
            data = app.query_one(panel, Plot).data
            markers |= {s.marker: s.ys for s in data.series if not s.lines}
            if len(panels) > 1:  # one input a panel: its name is its title
                assert (data.title or "").endswith(str(data.series[1].marker)), data.title
        assert markers["a"] == pytest.approx(tuple(p["a"] for p in state.path))
        assert markers["b"] == pytest.approx(tuple(p["b"] for p in state.path))


@pytest.mark.parametrize(
    ("size", "least_rows"), [((60, 20), 6), ((80, 24), 8), ((120, 40), 15)], ids=str
)
async def test_the_plot_takes_the_room_and_the_widget_fits(
    size: tuple[int, int], least_rows: int
) -> None:
    app = NeuronApp(spec())
    async with app.run_test(size=size) as pilot:
        for _ in range(2):
            neuron = app.query_one(Neuron)
            plot = app.query_one("#plot" if neuron.view == "history" else "#plane", Plot)
            rows = plot.render().plain.splitlines()
            top = next(i for i, row in enumerate(rows) if "┌" in row)
            bottom = next(i for i, row in enumerate(rows) if "└" in row)
            assert bottom - top - 1 >= least_rows  # rows of data inside the frame
            assert neuron.region.height <= size[1]
            await press(pilot, "v")


BRAILLE_DOTS = (
    *((0x01, 0), (0x02, 1), (0x04, 2), (0x40, 3)),
    *((0x08, 0), (0x10, 1), (0x20, 2), (0x80, 3)),
)
"""Each braille dot's bit and its sub-row in the cell (4 a cell; the column half is ignored)."""


def dot_rows(picture: str) -> dict[int, set[int]]:
    """The braille dots of a rendered plot: for each column, the sub-rows (4 a row) with a dot."""
    dots: dict[int, set[int]] = {}
    for row, line in enumerate(picture.splitlines()):
        for col, char in enumerate(line):
            code = ord(char) - 0x2800
            if 0 < code < 256:
                sub_rows = {4 * row + sub for bit, sub in BRAILLE_DOTS if code & bit}
                dots.setdefault(col, set()).update(sub_rows)
    return dots


def one_percent_last_change(level: float, sign: float) -> list[float]:
    """Outputs ranging over 0..100 that come down to `level` and then change by ±1: 1% of it."""
    up = [100.0 * n / 12 for n in range(13)]
    down = [100.0 + (level - 100.0) * n / 11 for n in range(1, 12)]
    return [*up, *down, level + sign]


def line_dots(plot: Plot, data: PlotData, line: Series, count: int) -> dict[int, set[int]]:
    """The braille dots of `line` alone (point markers would hide them) through `count` points,
    drawn by `plot` with the limits of `data`."""
    series = replace(line, xs=line.xs[:count], ys=line.ys[:count])
    plot.show(replace(data, series=(series,)))
    return dot_rows(plot.render().plain)


@pytest.mark.parametrize("sign", [1.0, -1.0], ids=["up", "down"])
async def test_history_draws_a_last_change_of_1_percent_as_a_slope(sign: float) -> None:
    app = NeuronApp(spec())
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "g")
        # Levels a quarter apart over one sub-row of the whole range: wherever the change falls.
        for level in (50.0 + 0.25 * k for k in range(17)):
            outputs = one_percent_last_change(level, sign)
            path = [{"a": value, "b": value - 10.0} for value in outputs]
            for plot_id, panel in (("#plot", 0), ("#input-0", 1)):
                plot = app.query_one(plot_id, Plot)
                rows = plot.size.height - 3  # the frame's two edges and the x labels
                assert rows >= 8
                drawing = view.history_plots(path, outputs, None, plot.size.width, rows, True)
                data = drawing[panel]
                drawn = next(s for s in data.series if s.lines and s.ys == tuple(outputs))
                moved = last_segment_moves(plot, data, drawn, sign, came_down=True)
                assert moved, f"{plot_id} at {level}: a last change of 1% draws flat"


def last_segment_moves(
    plot: Plot, data: PlotData, line: Series, sign: float, *, came_down: bool
) -> bool:
    """Whether `plot` draws the last segment of `line` going up (`sign` > 0) or down from the
    last but one point, which the line reached coming down (`came_down`) or up."""
    before = line_dots(plot, data, line, len(line.ys) - 1)
    full = line_dots(plot, data, line, len(line.ys))
    end = max(before)  # the column where the line stopped at the last but one point
    was = before[end]
    last = set().union(*(rows for col, rows in full.items() if col > end))
    assert last, "the last segment is drawn"
    # Up the screen is a smaller sub-row. The last but one point is the lowest dot of its
    # column if the line came down to it, else the highest; in a narrow panel the column also
    # holds the steep way to it.
    point = max(was) if came_down else min(was)
    return min(last) < point if sign > 0 else max(last) > point


async def test_each_input_s_last_change_slopes_in_its_own_panel() -> None:
    """a ≈ 5 and b ≈ 6 climb by 0.01 a nudge; then a change of 0.0025 (1% of each one's range):
    on one scale for both it would be 0.2% of the range and draw flat; one panel each, it slopes."""
    app = NeuronApp(spec())
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "g")
        path = [{"a": 5 + 0.01 * n, "b": 6 + 0.01 * n} for n in range(25)]
        path.append({"a": path[-1]["a"] + 0.0025, "b": path[-1]["b"] - 0.0025})
        outputs = [point["a"] * point["b"] for point in path]
        for index, sign in enumerate((1.0, -1.0)):
            plot = app.query_one(f"#input-{index}", Plot)
            rows = plot.size.height - 3
            panels = view.history_plots(path, outputs, None, plot.size.width, rows, True)
            data = panels[1 + index]
            line = next(s for s in data.series if s.lines)
            recent = path[-len(line.ys) :]  # the last nudges (`RECENT`)
            assert line.ys == tuple(point["ab"[index]] for point in recent)
            moved = last_segment_moves(plot, data, line, sign, came_down=False)
            assert moved, f"input {'ab'[index]}: its last change draws flat"
            # The same change on the one scale the inputs would share draws flat.
            shared = view.history_plots(path, outputs, None, plot.size.width, rows)[1]
            together = next(s for s in shared.series if s.lines and s.ys == line.ys)
            flat = not last_segment_moves(plot, shared, together, sign, came_down=False)
            assert flat, "the shared scale shows it too: this test shows nothing"
