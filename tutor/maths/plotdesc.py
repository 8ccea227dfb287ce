"""What a plot shows, as plain data: no Textual, rich or plotext here.

A picture is an immutable `PlotData` (series of points, text labels, limits, ticks, a title);
`tutor.widgets.plot.Plot` draws it with plotext. Keeping the description pure lets the widgets'
views be tested (and `check`-like tools reuse them) without a terminal, and keeps the drawing
library in one module (docs/decisions/001-plotext-6-directly.md).

Also here: the axis tick maths (`nice_ticks`, plain-number labels, never `4e0`), the formula
shown as a lesson writes it (`pretty_formula`: `**2` as `²`) and `plain()` for ASCII status lines.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from tutor.maths.numfmt import fmt

__all__ = [
    "LARGEST",
    "Label",
    "PlotData",
    "Series",
    "data_limits",
    "drawn_range",
    "fit_title",
    "nice_step",
    "nice_ticks",
    "pack",
    "padded",
    "plain",
    "plottable",
    "pretty_formula",
    "showing_last_change",
    "text_width",
    "tick_label",
]


@dataclass(frozen=True)
class Series:
    """One line or set of points on a plot.

    Attributes:
        xs: The x values.
        ys: The y values (same length as `xs`).
        marker: The plotext marker in Unicode mode (`hd` and `braille` are plotext's
            high-resolution lines; any single character is drawn as itself).
        ascii_marker: The single ASCII character used in ASCII mode.
        color: A 16-colour palette index (0-15), or None for the terminal's default.
        lines: Whether consecutive points are joined.
    """

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    marker: str = "hd"
    ascii_marker: str = "*"
    color: int | None = None
    lines: bool = True


@dataclass(frozen=True)
class Label:
    """A text written on the plot at a data position (e.g. the marks A, B, C).

    Attributes:
        x: Where, in data units.
        y: Where, in data units.
        text: The text in Unicode mode.
        ascii_text: The text in ASCII mode (None: `plain(text)`).
        color: A 16-colour palette index, or None for plotext's next colour (which depends
            on how many series came before).
    """

    x: float
    y: float
    text: str
    ascii_text: str | None = None
    color: int | None = None


@dataclass(frozen=True)
class PlotData:
    """Everything one picture depends on; equal data means an equal picture.

    Attributes:
        series: The lines and points, drawn in order (later ones on top).
        labels: Texts drawn last, on top of everything.
        xlim: Fixed x limits, or None to fit the data.
        ylim: Fixed y limits, or None to fit the data.
        title: A one-line title above the frame (it takes one row).
        yticks: How many ticks on the y axis (plain-number labels, see `nice_ticks`).
        xticks: Explicit x tick positions (e.g. whole nudge numbers), or None for automatic.
        ascii_title: The title in ASCII mode (None: `plain(title)`).
        still: How many of the first series stay put from one picture to the next while the
            limits hold (with the labels, drawn over them): the plot draws them once and lays
            the other series over them (the plane's level curves under its path). Used with
            both limits fixed only.
    """

    series: tuple[Series, ...] = ()
    labels: tuple[Label, ...] = ()
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None
    title: str | None = None
    yticks: int = 3
    xticks: tuple[float, ...] | None = None
    ascii_title: str | None = None
    still: int = 0


_PLAIN_TABLE = str.maketrans(
    {
        "→": "->",
        "−": "-",
        "—": "--",
        "·": "|",
        "′": "'",
        "▸": ">",
        "∂": "d",
        "∇": "grad ",
        "²": "^2",
        "³": "^3",
        "●": "O",
        "•": "o",
        "↗": "/",
        "↑": "^",
    }
)


def plain(text: str) -> str:
    """Replace the few non-ASCII signs of the widgets' lines (→ — · ′ ∂ ∇ ²) by ASCII ones."""
    return text.translate(_PLAIN_TABLE)


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_POWER = re.compile(r"\s*\*\*\s*(\d)(?![\d.])")


def pretty_formula(source: str, ascii_mode: bool = False) -> str:
    """A formula as a lesson's text writes it: `(x - 2)**2` → `(x - 2)²` (`^2` in ASCII).

    Only a single-digit whole power is rewritten; anything else is left as the author wrote it.
    """
    if ascii_mode:
        return _POWER.sub(lambda match: "^" + match.group(1), source)
    return _POWER.sub(lambda match: match.group(1).translate(_SUPERSCRIPTS), source)


LARGEST = 1e100
"""Magnitudes beyond this are not plotted (plotext's tick maths overflows near 1e308)."""


def plottable(data: PlotData) -> bool:
    """Whether every value and limit is finite and of a size plotext can lay out."""
    values = [v for series in data.series for v in (*series.xs, *series.ys)]
    values += [v for label in data.labels for v in (label.x, label.y)]
    values += [*(data.xlim or ()), *(data.ylim or ())]
    return all(math.isfinite(v) and abs(v) < LARGEST for v in values)


def data_limits(data: PlotData, axis: int) -> tuple[float, float] | None:
    """The limits drawn on an axis (0: x, 1: y): the fixed ones, or the data's extent."""
    fixed = data.xlim if axis == 0 else data.ylim
    if fixed is not None:
        return fixed
    values = [v for series in data.series for v in (series.xs if axis == 0 else series.ys)]
    if not values:
        return None
    low, high = min(values), max(values)
    if high - low < 1e-12 * max(1.0, abs(low)):
        return low - 1.0, high + 1.0
    return low, high


def nice_step(span: float, count: int) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `count` ticks in `span`."""
    raw = span / max(1, count)
    if raw <= 0 or not math.isfinite(raw):
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if factor * power >= raw:
            return factor * power
    return 10.0 * power


def tick_label(value: float, step: float) -> str:
    """A tick's label as a plain number with as many decimals as the step needs (`4`, `-0.5`).

    Beyond the plain range of `fmt` (1e9 and up) the course's own short form is used.
    """
    if abs(value) >= 1e9:
        return fmt(value)
    decimals = 0
    while decimals < 8 and abs(round(step * 10**decimals) - step * 10**decimals) > 1e-6:
        decimals += 1
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def nice_ticks(low: float, high: float, count: int) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """About `count` round tick positions inside [low, high], with plain-number labels.

    Args:
        low: The axis's lower limit.
        high: The axis's upper limit (> low).
        count: About how many ticks.

    Returns:
        The positions and their labels (`4`, `-4`, `-10`, never `4e0`).
    """
    step = nice_step(high - low, count)
    for _ in range(4):  # at least two ticks, so the scale can be read
        first = math.ceil(low / step - 1e-9)
        last = math.floor(high / step + 1e-9)
        if last > first:
            break
        step = nice_step(step, 2)
    positions = tuple(index * step for index in range(first, last + 1))
    return positions, tuple(tick_label(value, step) for value in positions)


def padded(values: Sequence[float], fraction: float = 0.08) -> tuple[float, float]:
    """The extent of `values` with a margin on both sides (a flat series gets ±1)."""
    low, high = min(values), max(values)
    span = high - low
    if span < 1e-9 * max(1.0, abs(high)):
        margin = max(1.0, abs(high) * 0.01)
        return low - margin, high + margin
    return low - fraction * span, high + fraction * span


LAST_CHANGE_DOTS = 1.2
"""The braille dots (sub-rows) the last change of a history spans at least: more than one, so
its two ends are drawn at different heights, whatever the rounding."""


def showing_last_change(lines: Sequence[Sequence[float]], rows: int) -> tuple[float, float]:
    """y limits for lines against the nudge number that always show the last change as a slope.

    The padded extent of all the values, when the last change (the largest among the lines)
    spans `LAST_CHANGE_DOTS` braille dots in it; else the padded extent of only the last few
    points, as many as keep it that steep (older points leave the frame, the table keeps them).
    At `rows` rows (4 dots each), plotext puts the limits 4·(rows − 1) − 1 dots apart. A change
    lost in rounding (a millionth of the values) is drawn flat.

    Args:
        lines: The values of each line, oldest first (those drawn on one panel).
        rows: The plot's rows of data (inside the frame).
    """
    values = [v for line in lines for v in line]
    full = padded(values)
    change = max((abs(line[-1] - line[-2]) for line in lines if len(line) > 1), default=0.0)
    if change <= 1e-6 * max(1.0, max(abs(v) for v in values)):
        return full
    dots = max(1, 4 * (rows - 1) - 1)
    for count in range(max(len(line) for line in lines), 1, -1):
        low, high = padded([v for line in lines for v in line[-count:]])
        if change * dots >= LAST_CHANGE_DOTS * (high - low):
            return low, high
    return full


def drawn_range(bounds: tuple[float, float], x: float) -> tuple[float, float]:
    """The x range a curve draws: the lesson's, widened to show `x` when it has left it.

    An overshoot is the moment to see: the range follows the point (with a margin of a tenth
    of the lesson's range) rather than losing it off the edge.
    """
    lo, hi = bounds
    margin = (hi - lo) / 10
    if x < lo:
        return x - margin, hi
    if x > hi:
        return lo, x + margin
    return bounds


def pack(items: Sequence[str], width: int, gap: str = "   ") -> str:
    """Items on as few lines as fit in `width`, never split inside an item (a number stays whole).

    Args:
        items: The texts (e.g. `x = 1.5`, `y = 3.75`).
        width: The columns available.
        gap: What separates two items on one line.
    """
    lines: list[str] = []
    for item in items:
        if lines and text_width(lines[-1]) + len(gap) + text_width(item) <= width:
            lines[-1] += gap + item
        else:
            lines.append(item)
    return "\n".join(lines)


def text_width(text: str) -> int:
    """The columns a text takes in a terminal (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def fit_title(options: Sequence[str], width: int, ascii_only: bool = False) -> str:
    """The first of `options` that fits in `width` columns (plotext drops a longer title), else
    the last one cut to fit: ending in "…", or "..." for an `ascii_only` title (--ascii)."""
    for option in options:
        if text_width(option) <= width - 2:
            return option
    cut = "..." if ascii_only else "…"
    return options[-1][: max(0, width - 2 - len(cut))] + cut
