"""The neuron's plane as data: two inputs, f's level curves, the path and the gradient.

Pure functions of what `NeuronState` exposes (path, gradient); `tutor.widgets.neuron` shows
them with `Plot` (the other view, the history, is `tutor.maths.neuronhistory`).

- The plane: for two inputs a and b, f's level curves (the points where f = 20, 25, 30, ...),
  labelled, the path of (a, b) so far, the current point, and an arrow along the gradient. With
  the automatic window one step across equals one step up on screen (a terminal cell is about
  twice as tall as it is wide), so the gradient arrow meets the level curves at right angles,
  as it does on paper: the article's geometry.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from tutor.maths.errors import ExprError
from tutor.maths.expr import Expr
from tutor.maths.numfmt import fmt
from tutor.maths.plotdesc import Label, PlotData, Series, nice_step

__all__ = [
    "NOW_COLOR",
    "Cells",
    "Window",
    "arrow_head",
    "auto_window",
    "level_curves",
    "plane_pair",
    "plane_plot",
]

LEVELS = 7
"""About how many level curves span the window's range of f (round values: 20, 25, 30, ...)."""
LEVEL_COLOR = 8
PATH_COLOR = 12
NOW_COLOR = 9
ARROW_COLOR = 13
ARROW_HEADS = (("→", ">"), ("↗", "/"), ("↑", "^"), ("↖", "\\"))
"""Arrow heads by direction (the other four are these turned round: ← ↙ ↓ ↘)."""
ARROW_HEADS_BACK = (("←", "<"), ("↙", "/"), ("↓", "v"), ("↘", "\\"))


@dataclass(frozen=True)
class Cells:
    """The drawing area of a plot, in terminal cells (columns, rows inside the frame)."""

    cols: int
    rows: int


Range = tuple[float, float]


@dataclass(frozen=True)
class Window:
    """The part of the plane drawn: a range for the across input and one for the up input."""

    x: Range
    y: Range


def plane_pair(names: Sequence[str], selected: int) -> tuple[str, str]:
    """The two inputs drawn on the plane: the selected one across, the next one up."""
    across = names[selected % len(names)]
    return across, names[(selected + 1) % len(names)]


def _quantised(value: float, quantum: float) -> float:
    return round(value / quantum) * quantum


def auto_window(points: Sequence[tuple[float, float]], scale: float, cells: Cells) -> Window:
    """A window on the plane around the path, one data unit as long across as up on screen.

    The window's half-height starts at `scale` and doubles until the whole path lies well
    inside. It is centred on the start while the path stays near it, else on the path's middle,
    rounded to a quarter of the height, so the window (and its level curves) stays put while
    the path moves a little.

    Args:
        points: The path's (across, up) points, the start first.
        scale: The half-height to start from (e.g. six gradient steps).
        cells: The drawing area, for the aspect ratio.
    """
    xs = [point[0] for point in points]
    ys = [point[1] for point in points]
    # A cell is about twice as tall as it is wide: a row spans two columns' worth of data.
    ratio = cells.cols / (2.0 * max(1, cells.rows))
    half = max(scale, 1e-6)
    for _ in range(80):
        half_x = half * ratio
        # Around the start while the path stays near it, else around the path's middle.
        for centre_x, centre_y in (points[0], ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)):
            centre_x = _quantised(centre_x, half / 2)
            centre_y = _quantised(centre_y, half / 2)
            inside_x = all(abs(x - centre_x) <= 0.85 * half_x for x in xs)
            if inside_x and all(abs(y - centre_y) <= 0.85 * half for y in ys):
                return Window(
                    (centre_x - half_x, centre_x + half_x), (centre_y - half, centre_y + half)
                )
        half *= 2
    return Window((min(xs), max(xs) + 1.0), (min(ys), max(ys) + 1.0))


def _grid(
    f: Expr,
    held: tuple[tuple[str, float], ...],
    pair: tuple[str, str],
    window: Window,
    cells: Cells,
) -> tuple[tuple[float | None, ...], ...]:
    """f at the corners of every cell of the drawing area (None where it is not finite)."""
    env = dict(held)
    (x_lo, x_hi), (y_lo, y_hi) = window.x, window.y
    rows: list[tuple[float | None, ...]] = []
    for j in range(cells.rows + 1):
        env[pair[1]] = y_lo + (y_hi - y_lo) * j / cells.rows
        row: list[float | None] = []
        for i in range(cells.cols + 1):
            env[pair[0]] = x_lo + (x_hi - x_lo) * i / cells.cols
            try:
                row.append(f.evaluate(env))
            except ExprError:
                row.append(None)
        rows.append(tuple(row))
    return tuple(rows)


def level_curves(
    f: Expr, held: Mapping[str, float], pair: tuple[str, str], window: Window, cells: Cells
) -> list[tuple[float, list[tuple[float, float]]]]:
    """f's level curves across the window: for a few round levels, the cells the curve crosses.

    Args:
        f: The gate.
        held: Every input's value (those not in `pair` are held there).
        pair: The input drawn across and the one drawn up.
        window: The part of the plane drawn.
        cells: The drawing area; one point per crossed cell.

    Returns:
        (level, centres of the cells where f crosses that level), for each level.
    """
    others = tuple(sorted((name, value) for name, value in held.items() if name not in pair))
    return [(level, list(points)) for level, points in _curves(f, others, pair, window, cells)]


@lru_cache(maxsize=32)
def _curves(
    f: Expr,
    held: tuple[tuple[str, float], ...],
    pair: tuple[str, str],
    window: Window,
    cells: Cells,
) -> tuple[tuple[float, tuple[tuple[float, float], ...]], ...]:
    """`level_curves`, cached: they change only with the window, the size or a held input."""
    grid = _grid(f, held, pair, window, cells)
    values = [v for row in grid for v in row if v is not None]
    if not values or max(values) - min(values) < 1e-12:
        return ()
    low, high = min(values), max(values)
    step = nice_step(high - low, LEVELS)
    levels = [k * step for k in range(math.floor(low / step) + 1, math.ceil(high / step))]
    (x_lo, x_hi), (y_lo, y_hi) = window.x, window.y
    width, height = (x_hi - x_lo) / cells.cols, (y_hi - y_lo) / cells.rows
    curves: list[tuple[float, tuple[tuple[float, float], ...]]] = []
    for level in levels:
        points: list[tuple[float, float]] = []
        for j in range(cells.rows):
            for i in range(cells.cols):
                corners = (grid[j][i], grid[j][i + 1], grid[j + 1][i], grid[j + 1][i + 1])
                if None in corners:
                    continue
                known = [c for c in corners if c is not None]
                if min(known) < level <= max(known):
                    points.append((x_lo + (i + 0.5) * width, y_lo + (j + 0.5) * height))
        if points:
            curves.append((level, tuple(points)))
    return tuple(curves)


def _label_spot(
    points: Sequence[tuple[float, float]],
    avoid: Sequence[tuple[float, float]],
    window: Window,
    cells: Cells,
    text: str,
) -> tuple[float, float] | None:
    """Where to write a level's value: on its curve, inside the frame, far from `avoid`."""
    (x_lo, x_hi), (y_lo, y_hi) = window.x, window.y
    per_col = (x_hi - x_lo) / cells.cols
    per_row = (y_hi - y_lo) / cells.rows
    margin = (len(text) // 2 + 1) * per_col
    fits = [
        (x, y)
        for x, y in points
        if x_lo + margin <= x <= x_hi - margin and y_lo + 0.5 * per_row < y < y_hi - per_row
    ]

    def room(point: tuple[float, float]) -> float:
        # Distance on screen (columns; a row counts as two) to the nearest point to avoid.
        return min(
            math.hypot((point[0] - a) / per_col, 2 * (point[1] - b) / per_row) for a, b in avoid
        )

    return max(fits, key=room) if fits else None


def _on_screen(
    gradient: tuple[float, float], window: Window, cells: Cells
) -> tuple[float, float, float]:
    """The gradient as drawn: (across, up) in columns (a row is two columns tall), its length."""
    across = gradient[0] * cells.cols / (window.x[1] - window.x[0])
    up = gradient[1] * 2 * cells.rows / (window.y[1] - window.y[0])
    return across, up, math.hypot(across, up)


def arrow_head(
    gradient: tuple[float, float], window: Window, cells: Cells
) -> tuple[str, str] | None:
    """The head of the gradient's arrow as drawn, (Unicode, ASCII): `↗` up and to the right,
    `↙` down and to the left, ...; None where the gradient is zero (no arrow)."""
    across, up, length = _on_screen(gradient, window, cells)
    if length == 0 or not math.isfinite(length):
        return None
    return (ARROW_HEADS + ARROW_HEADS_BACK)[round(math.atan2(up, across) / (math.pi / 4)) % 8]


def _arrow(
    now: tuple[float, float], gradient: tuple[float, float], window: Window, cells: Cells
) -> list[Series]:
    """A short arrow from the current point along the gradient (none where it is zero)."""
    head = arrow_head(gradient, window, cells)
    if head is None:
        return []
    across, up, length = _on_screen(gradient, window, cells)
    (x_lo, x_hi), (y_lo, y_hi) = window.x, window.y
    size = 0.3 * min(cells.cols, 2 * cells.rows) / length  # columns per unit of (across, up)
    tip_x = min(x_hi, max(x_lo, now[0] + size * across * (x_hi - x_lo) / cells.cols))
    tip_y = min(y_hi, max(y_lo, now[1] + size * up * (y_hi - y_lo) / (2 * cells.rows)))
    return [
        Series(
            (now[0], tip_x), (now[1], tip_y), marker="braille", ascii_marker="*", color=ARROW_COLOR
        ),
        Series(
            (tip_x,), (tip_y,), marker=head[0], ascii_marker=head[1], color=ARROW_COLOR, lines=False
        ),
    ]


def plane_plot(
    f: Expr,
    path: Sequence[Mapping[str, float]],
    gradient: Mapping[str, float] | None,
    pair: tuple[str, str],
    window: Window,
    cells: Cells,
    title: str,
    ascii_title: str | None = None,
) -> PlotData:
    """The plane of two inputs: labelled level curves, the path so far, the point, the gradient.

    Args:
        f: The gate.
        path: The inputs after each action, the start first (the last one is now).
        gradient: The partials at the current point (None: not finite there, no arrow).
        pair: The input drawn across and the one drawn up.
        window: The part of the plane drawn (`auto_window`, or the lesson's own).
        cells: The drawing area, one level-curve point per crossed cell.
        title: The title, in the learner's language.
        ascii_title: The title under --ascii (None: `plain(title)`).
    """
    now = path[-1]
    point = (now[pair[0]], now[pair[1]])
    series: list[Series] = []
    labels: list[Label] = []
    avoid = [(path[0][pair[0]], path[0][pair[1]])]  # the start: labels stay put as the path grows
    dots: list[tuple[float, float]] = []
    for level, points in level_curves(f, now, pair, window, cells):
        dots += points
        text = fmt(level)
        spot = _label_spot(points, avoid, window, cells, text)
        if spot is not None:
            labels.append(Label(spot[0], spot[1], text, color=LEVEL_COLOR))
            avoid.append(spot)
    if dots:  # every level in one series: one plotext signal, not one per level
        xs, ys = zip(*dots, strict=True)
        series.append(Series(xs, ys, marker="·", ascii_marker=".", color=LEVEL_COLOR, lines=False))
    xs = tuple(step[pair[0]] for step in path)
    ys = tuple(step[pair[1]] for step in path)
    series.append(Series(xs, ys, marker="•", ascii_marker="o", color=PATH_COLOR))
    if gradient is not None:
        series += _arrow(point, (gradient[pair[0]], gradient[pair[1]]), window, cells)
    series.append(
        Series((point[0],), (point[1],), marker="●", ascii_marker="O", color=NOW_COLOR, lines=False)
    )
    return PlotData(
        series=tuple(series),
        labels=tuple(labels),
        xlim=window.x,
        ylim=window.y,
        yticks=4,
        title=title,
        ascii_title=ascii_title,
        still=1 if dots else 0,  # the level curves: drawn once per window and size
    )
