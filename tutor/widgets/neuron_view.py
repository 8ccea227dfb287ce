"""What the neuron widget draws, as pure functions of its state (no Textual here).

Kept apart from `neuron.py` so the widget module holds behaviour (keys, messages, saving) and this
one holds the picture: the input rows, the wires into the gate, the table and the plot data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text

from tutor.i18n import tr
from tutor.maths.numfmt import fmt
from tutor.widgets.plot import PlotData, Series

VALUE_WIDTH = 10
"""Columns kept for a value, so the diagram does not jump as numbers grow."""


@dataclass(frozen=True)
class Glyphs:
    """The characters the diagram uses; ASCII mode swaps them for plain ones."""

    selected: str
    partial: str
    arrow: str
    top: str
    middle: str
    bottom: str
    junction: str
    junction_top: str
    single: str


UNICODE = Glyphs("▸", "∂", "─▶", "─┐  ", "─┤  ", "─┘  ", "─┼─▶", "─┬─▶", "───▶")
"""Glyphs for terminals with Unicode fonts."""

ASCII = Glyphs(">", "d", "->", "-+  ", "-+  ", "-+  ", "-+->", "-+->", "--->")
"""Glyphs for fonts without arrows or box drawing."""


def middle_row(count: int) -> int:
    """The row where the wires meet the gate: the middle one (the upper of two)."""
    return (count - 1) // 2


def wires(count: int, glyphs: Glyphs) -> Text:
    """The wires from `count` input rows into the gate, one line per input."""
    if count <= 1:
        return Text(glyphs.single, no_wrap=True)
    join = middle_row(count)
    lines: list[str] = []
    for row in range(count):
        if row == join:
            lines.append(glyphs.junction_top if row == 0 else glyphs.junction)
        elif row == 0:
            lines.append(glyphs.top)
        elif row == count - 1:
            lines.append(glyphs.bottom)
        else:
            lines.append(glyphs.middle)
    return Text("\n".join(lines), no_wrap=True)


def input_rows(
    inputs: Mapping[str, float],
    gradient: Mapping[str, float] | None,
    selected: int,
    glyphs: Glyphs,
) -> Text:
    """One line per input: its value and ∂f/∂input, the selected one marked and bracketed.

    Args:
        inputs: The current input values, in declaration order.
        gradient: The exact partial derivatives at this point (None when not finite there).
        selected: The index of the selected input.
        glyphs: Unicode or ASCII characters.
    """
    width = max(len(name) for name in inputs)
    text = Text(no_wrap=True)
    for index, (name, value) in enumerate(inputs.items()):
        if index:
            text.append("\n")
        chosen = index == selected
        text.append(f"{glyphs.selected}[" if chosen else "  ")
        cell = f"{name:>{width}} = {fmt(value):<{VALUE_WIDTH}}"
        text.append(cell, style="bold reverse" if chosen else "bold")
        text.append("]" if chosen else " ")
        slope = "?" if gradient is None else fmt(gradient[name])
        text.append(f" {glyphs.partial}f/{glyphs.partial}{name} = {slope:<{VALUE_WIDTH}}")
    return text


def gate_text(source: str, count: int, glyphs: Glyphs) -> Text:
    """The gate's formula on the row where the wires meet, then an arrow to the output."""
    padding = "\n" * middle_row(count)
    return Text(f"{padding} f = {source} {glyphs.arrow} ", no_wrap=True)


def output_text(output: float, count: int, lang: str | None = None) -> Text:
    """The output value, on the same row as the gate."""
    text = Text("\n" * middle_row(count), no_wrap=True)
    text.append(tr(lang, "output = "))
    text.append(fmt(output), style="bold")
    return text


def info_line(step: float, update: str, seed: int | None, lang: str | None = None) -> str:
    """The settings a learner may want to know: step, update mode when sequential, seed."""
    parts = [tr(lang, "step {step}", step=fmt(step))]
    if update == "sequential":
        parts.append(tr(lang, "sequential update"))
    if seed is not None:
        parts.append(tr(lang, "seed {seed}", seed=seed))
    return " · ".join(parts)


def history_plot(outputs: Sequence[float]) -> PlotData:
    """The output after each nudge (x: nudge number), the latest one marked."""
    xs = tuple(float(index) for index in range(len(outputs)))
    ys = tuple(outputs)
    last = Series((xs[-1],), (ys[-1],), marker="●", ascii_marker="O", color=9, lines=False)
    line = Series(xs, ys, color=12)
    low, high = min(ys), max(ys)
    if high - low < 1e-9:
        low, high = low - 1.0, high + 1.0
    every = max(1, math.ceil(xs[-1] / 4))
    return PlotData(
        series=(line, last),
        xticks=tuple(float(tick) for tick in range(0, len(xs), every)),
        xlim=(0.0, max(1.0, xs[-1])),
        ylim=(low, high),
        title="output after each nudge (x: nudge number)",
    )


def history_table(path: Sequence[Mapping[str, float]], outputs: Sequence[float], rows: int) -> Text:
    """The plotted values as a text table: the last `rows` - 1 nudges under a header."""
    names = list(path[-1]) if path else []
    header = ["nudge", *names, "output"]
    body = [
        [str(index), *(fmt(point[name]) for name in names), fmt(output)]
        for index, (point, output) in enumerate(zip(path, outputs, strict=True))
    ]
    shown = body[-max(1, rows - 1) :]
    widths = [max(len(row[col]) for row in [header, *shown]) for col in range(len(header))]
    lines = ["  ".join(cell.rjust(widths[col]) for col, cell in enumerate(header))]
    lines += ["  ".join(cell.rjust(widths[col]) for col, cell in enumerate(row)) for row in shown]
    text = Text(no_wrap=True)
    text.append(lines[0], style="bold underline")
    for line in lines[1:]:
        text.append("\n" + line)
    return text
