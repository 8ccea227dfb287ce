"""The pure plot description (tutor.maths.plotdesc, tutor.maths.neuronplots): ticks as plain
numbers, formulas as lessons write them, the curve's range that follows x, level curves on their
level, a window that holds the path, an arrow across the level curves."""

from __future__ import annotations

import math

import pytest

from tutor.maths.expr import parse
from tutor.maths.neuronhistory import RECENT, inputs_history, output_history
from tutor.maths.neuronplots import Cells, Window, auto_window, level_curves, plane_plot
from tutor.maths.plotdesc import (
    drawn_range,
    fit_title,
    nice_ticks,
    pack,
    padded,
    plain,
    pretty_formula,
    showing_last_change,
)

AB = parse("a * b", ["a", "b"])


@pytest.mark.parametrize(
    ("low", "high"),
    [(-12.0, 4.5), (-0.01, 0.02), (29.9, 30.1), (-160.0, 40.0), (0.0, 1.0), (3.0, 3.0001)],
)
def test_ticks_are_plain_round_numbers(low: float, high: float) -> None:
    positions, labels = nice_ticks(low, high, 4)
    assert len(positions) >= 2
    assert all(low - 1e-9 <= p <= high + 1e-9 for p in positions)
    for position, label in zip(positions, labels, strict=True):
        assert "e" not in label and float(label) == pytest.approx(position, abs=1e-9)


def test_the_issue_s_labels() -> None:
    assert nice_ticks(-10.5, 5.0, 4)[1] == ("-10", "-5", "0", "5")
    assert nice_ticks(-5.0, 5.0, 4)[1] == ("-5", "-2.5", "0", "2.5", "5")


def test_formulas_show_as_lessons_write_them() -> None:
    assert pretty_formula("4 - (x - 2)**2") == "4 - (x - 2)²"
    assert pretty_formula("x ** 3 + x**2") == "x³ + x²"
    assert pretty_formula("4 - (x - 2)**2", ascii_mode=True) == "4 - (x - 2)^2"
    assert pretty_formula("x**2.5 + x**12") == "x**2.5 + x**12"  # left as written
    assert plain("a →, b ↑: ● now, ↗ gradient, (x − 2)²").isascii()


def test_the_curve_s_range_follows_x() -> None:
    assert drawn_range((-0.5, 4.5), 2.0) == (-0.5, 4.5)
    assert drawn_range((-0.5, 4.5), 6.0) == (-0.5, 6.5)
    assert drawn_range((-0.5, 4.5), -7.0) == (-7.5, 4.5)


def test_pack_never_splits_an_item() -> None:
    items = ["x = -10.5", "y = -152.25", "slope f′(x) = 25", "step 3"]
    assert pack(items, 80) == "x = -10.5   y = -152.25   slope f′(x) = 25   step 3"
    lines = pack(items, 30).split("\n")
    assert lines == ["x = -10.5   y = -152.25", "slope f′(x) = 25   step 3"]


def test_level_curves_lie_on_their_levels() -> None:
    window, cells = Window((3.0, 7.0), (5.0, 7.0)), Cells(40, 10)
    curves = level_curves(AB, {"a": 5.0, "b": 6.0}, ("a", "b"), window, cells)
    levels = [level for level, _ in curves]
    assert levels == [20.0, 25.0, 30.0, 35.0, 40.0, 45.0]
    half_cell = math.hypot(0.1 / 2, 0.2 / 2)
    for level, points in curves:
        assert len(points) >= 5
        for a, b in points:  # within half a cell of the curve a·b = level
            assert abs(a * b - level) <= half_cell * math.hypot(a, b) + 1e-9


def test_the_window_holds_the_path_with_one_scale_across_and_up() -> None:
    cells = Cells(64, 8)
    path = [(5.0 + 0.06 * n, 6.0 + 0.05 * n) for n in range(40)]
    window = auto_window(path, 0.47, cells)
    assert all(window.x[0] < a < window.x[1] and window.y[0] < b < window.y[1] for a, b in path)
    across = (window.x[1] - window.x[0]) / cells.cols
    up = (window.y[1] - window.y[0]) / (2 * cells.rows)  # a row is two columns tall
    assert across == pytest.approx(up)
    assert auto_window(path[:2], 0.47, cells) == auto_window(path[:3], 0.47, cells)  # stays put


@pytest.mark.parametrize(("start", "head"), [((5.0, 6.0), "↗"), ((-5.0, -6.0), "↙")])
def test_the_arrow_follows_the_gradient(start: tuple[float, float], head: str) -> None:
    cells = Cells(64, 8)
    window = auto_window([start], 0.47, cells)
    point = {"a": start[0], "b": start[1]}
    gradient = {"a": start[1], "b": start[0]}
    data = plane_plot(AB, [point], gradient, ("a", "b"), window, cells, "t")
    shaft, tip = data.series[-3], data.series[-2]
    assert tip.marker == head
    da, db = shaft.xs[1] - shaft.xs[0], shaft.ys[1] - shaft.ys[0]
    # Along the gradient, so across the level curve a·b = 30 (whose tangent is (a, -b)).
    assert da * start[0] - db * start[1] == pytest.approx(0, abs=1e-9)
    assert da * gradient["a"] + db * gradient["b"] > 0


def test_no_arrow_where_the_gradient_is_zero() -> None:
    cells = Cells(40, 8)
    window = Window((-1.0, 1.0), (-1.0, 1.0))
    data = plane_plot(
        AB, [{"a": 0.0, "b": 0.0}], {"a": 0.0, "b": 0.0}, ("a", "b"), window, cells, "t"
    )
    assert [s.marker for s in data.series if not s.lines][-1] == "●"
    assert len([s for s in data.series if s.marker == "braille"]) == 0


def test_history_keeps_the_recent_nudges_and_names_each_input() -> None:
    outputs = [30.0 + n for n in range(40)]
    data = output_history(outputs, "output")
    assert data.xlim == (float(40 - 1 - RECENT), 39.0)
    assert data.series[-1].marker == "●" and data.series[-1].ys == (69.0,)
    path = [{"x1": 1.0 + n, "x2": -1.0 * n} for n in range(3)]
    inputs = inputs_history(path, "inputs", 60)
    assert inputs.title == "inputs: •x1 +x2"
    assert inputs.ascii_title == "inputs: ox1 +x2"
    narrow = inputs_history(path, "inputs", 16)
    assert narrow.title == "•x1 +x2"
    assert fit_title(["a very long title"], 8) == "a ver…"
    assert fit_title(["a very long title"], 8, ascii_only=True) == "a v..."  # --ascii: ASCII


def test_the_history_s_y_scale_always_shows_the_last_change() -> None:
    steady = [float(n) for n in range(25)]  # each change 1/24 of the range: 1.04 dots of 27
    assert showing_last_change([steady[:11]], 8) == padded(steady[:11])  # 10%: kept whole
    assert showing_last_change([steady], 14) == padded(steady)  # 1.5 dots of 39: kept whole
    small = [*steady[:-1], 23.2]  # a last change of 0.2 (1%) in a range of 23.2
    low, high = showing_last_change([small], 8)
    assert 1.2 * (high - low) <= 0.2 * 27  # at least 1.2 of the 27 dots between the limits
    assert 0.0 < low < 23.0 and high > 23.2  # the last points in, the oldest out
    assert showing_last_change([[*steady, 24.0]], 8) == padded([*steady, 24.0])  # no change
    noise = [*steady, 24.0 + 1e-12]  # a change lost in rounding is drawn flat
    assert showing_last_change([noise], 8) == padded(noise)
    assert showing_last_change([small, [v - 5 for v in small]], 8)[0] < 18.0  # both lines in
