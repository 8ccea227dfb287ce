"""The neuron's history as data: the output, and each input, against the nudge number.

Pure functions of what `NeuronState` exposes (path, outputs); `tutor.widgets.neuron` shows them
with `Plot`, beside or instead of the plane (`tutor.maths.neuronplots`). The last `RECENT`
nudges are drawn, so the y scale follows the latest changes; inputs are marked by their names.
The y scale always shows the last change as a slope (`showing_last_change`: it zooms on the
last few points when the whole history's scale would draw it flat).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from tutor.maths.neuronplots import NOW_COLOR
from tutor.maths.plotdesc import PlotData, Series, fit_title, showing_last_change

__all__ = ["RECENT", "input_history", "input_marker", "inputs_history", "output_history"]

RECENT = 24
"""The history shows the last this many nudges (and the point before them)."""

OUTPUT_COLOR = 12
INPUT_COLORS = (10, 11, 14, 13, 9, 15)
"""16-colour palette indices of the inputs' lines (each input also has its own marker)."""
INPUT_SYMBOLS = (("•", "o"), ("+", "+"), ("◆", "#"), ("▲", "^"), ("■", "@"), ("○", "%"))
"""Markers for inputs whose names are not single distinct letters: (Unicode, ASCII)."""


def _recent_start(count: int) -> int:
    """The first nudge number shown when there are `count` points."""
    return max(0, count - 1 - RECENT)


def _nudge_ticks(first: int, last: int) -> tuple[float, ...]:
    """Whole nudge numbers for the x axis, about five of them."""
    every = max(1, math.ceil((last - first) / 4))
    return tuple(float(tick) for tick in range(first, last + 1, every))


def output_history(outputs: Sequence[float], title: str, rows: int = 8) -> PlotData:
    """The output after each of the last nudges as a line, the latest one marked ●.

    Args:
        outputs: The output after each action, the start first.
        title: The panel's title, in the learner's language.
        rows: The plot's rows of data; the y scale makes the last change slope at this height.
    """
    first = _recent_start(len(outputs))
    xs = tuple(float(index) for index in range(first, len(outputs)))
    ys = tuple(outputs[first:])
    line = Series(xs, ys, marker="braille", ascii_marker="*", color=OUTPUT_COLOR)
    last = Series((xs[-1],), (ys[-1],), marker="●", ascii_marker="O", color=NOW_COLOR, lines=False)
    end = max(first + 1, len(outputs) - 1)
    return PlotData(
        series=(line, last),
        xlim=(float(first), float(end)),
        ylim=showing_last_change([ys], rows),
        xticks=_nudge_ticks(first, end),
        title=title,
    )


def input_marker(names: Sequence[str], index: int) -> tuple[str, str]:
    """How input `index` is marked: its own name when every name is one distinct letter,
    else a symbol (Unicode, ASCII)."""
    if all(len(name) == 1 for name in names) and len(set(names)) == len(names):
        return names[index], names[index]
    return INPUT_SYMBOLS[index % len(INPUT_SYMBOLS)]


def inputs_history(
    path: Sequence[Mapping[str, float]], title: str, width: int = 80, rows: int = 8
) -> PlotData:
    """Every input after each of the last nudges: a line each, its points marked by its name.

    Args:
        path: The inputs after each action, the start first.
        title: The panel's title; a legend (`•x1 +x2`) follows it when names are not letters
            (the legend alone when both do not fit in `width`).
        width: The panel's columns, to fit the title.
        rows: The plot's rows of data; the y scale makes the last change slope at this height.
    """
    names = list(path[0])
    titles = [title]
    ascii_titles: list[str] = [title]
    if input_marker(names, 0)[0] != names[0]:
        legend = " ".join(f"{input_marker(names, i)[0]}{name}" for i, name in enumerate(names))
        ascii_legend = " ".join(
            f"{input_marker(names, i)[1]}{name}" for i, name in enumerate(names)
        )
        titles = [f"{title}: {legend}", legend]
        ascii_titles = [f"{title}: {ascii_legend}", ascii_legend]
    return _inputs_panel(path, range(len(names)), (titles, ascii_titles), width, rows)


def input_history(
    path: Sequence[Mapping[str, float]], index: int, title: str, width: int = 80, rows: int = 8
) -> PlotData:
    """Input `index` alone after each of the last nudges, on its own y scale: one of the
    history's small multiples, so that its last change shows even when the inputs lie far
    apart (on a shared scale a nudge of 0.01 to a = 5 beside b = 6 draws flat).

    Args:
        path: The inputs after each action, the start first.
        index: Which input (declaration order): its colour and marker as in `inputs_history`.
        title: The panel's title (e.g. "input"); the input's marked name follows it.
        width: The panel's columns, to fit the title.
        rows: The plot's rows of data; the y scale makes the last change slope at this height.
    """
    names = list(path[0])
    name = names[index]
    marker, ascii_marker = input_marker(names, index)
    legend = name if marker == name else f"{marker}{name}"
    ascii_legend = name if ascii_marker == name else f"{ascii_marker}{name}"
    titles = ([f"{title} {legend}", legend], [f"{title} {ascii_legend}", ascii_legend])
    return _inputs_panel(path, (index,), titles, width, rows)


def _inputs_panel(
    path: Sequence[Mapping[str, float]],
    indices: Sequence[int],
    titles: tuple[list[str], list[str]],
    width: int,
    rows: int,
) -> PlotData:
    """The inputs at `indices` as lines with their markers, titled with the first of `titles`
    (Unicode, ASCII) that fits `width`, the y scale showing the last change at `rows` rows."""
    names = list(path[0])
    first = _recent_start(len(path))
    xs = tuple(float(index) for index in range(first, len(path)))
    series: list[Series] = []
    lines: list[tuple[float, ...]] = []
    for index in indices:
        ys = tuple(point[names[index]] for point in path[first:])
        lines.append(ys)
        color = INPUT_COLORS[index % len(INPUT_COLORS)]
        marker, ascii_marker = input_marker(names, index)
        series.append(Series(xs, ys, marker="braille", ascii_marker=".", color=color))
        series.append(
            Series(xs, ys, marker=marker, ascii_marker=ascii_marker, color=color, lines=False)
        )
    end = max(first + 1, len(path) - 1)
    return PlotData(
        series=tuple(series),
        xlim=(float(first), float(end)),
        ylim=showing_last_change(lines, rows),
        xticks=_nudge_ticks(first, end),
        title=fit_title(titles[0], width),
        ascii_title=fit_title(titles[1], width, ascii_only=True),
    )
