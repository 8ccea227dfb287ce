"""What the neuron widget draws, as pure functions of its state (no Textual here: rich only).

Kept apart from `neuron.py` so the widget module holds behaviour (keys, messages, saving) and this
one holds the picture: the input rows, the wires into the gate, the table, and the plot data of
each view (built by the pure `tutor.maths.neuronplots`, titled here in the learner's language).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

from tutor.i18n import tr
from tutor.maths import neuronhistory, neuronplots
from tutor.maths.errors import ExprError
from tutor.maths.expr import Expr
from tutor.maths.neuronplots import Cells, Window
from tutor.maths.numfmt import fmt
from tutor.maths.plotdesc import PlotData, fit_title, plain, pretty_formula

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


def gate_text(source: str, count: int, glyphs: Glyphs, stacked: bool = False) -> Text:
    """The gate's formula on the row where the wires meet, then an arrow to the output.

    Stacked (a narrow widget: inputs, gate and output one under another), the formula stands
    on its own line and may wrap.
    """
    formula = pretty_formula(source, ascii_mode=glyphs is ASCII)
    if stacked:
        return Text(f"f = {formula}")
    padding = "\n" * middle_row(count)
    return Text(f"{padding} f = {formula} {glyphs.arrow} ", no_wrap=True)


def output_text(output: float, count: int, lang: str | None = None, stacked: bool = False) -> Text:
    """The output value, on the same row as the gate (on its own line when stacked)."""
    text = Text("" if stacked else "\n" * middle_row(count), no_wrap=True)
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


def width_of(text: Text) -> int:
    """The cells the widest line of a text takes."""
    return max((cell_len(line) for line in text.plain.split("\n")), default=0)


def diagram_width(inputs: Text, count: int, gate: Text, output: Text) -> int:
    """The columns the diagram needs on one row: inputs, wires, gate and output side by side."""
    return width_of(inputs) + len(ASCII.single) * (count > 0) + width_of(gate) + width_of(output)


VIEWS = ("history", "plane", "table")
"""The neuron's views, in the order `v` cycles them."""


def views_for(count: int) -> tuple[str, ...]:
    """The views a neuron with `count` inputs offers (the plane needs two inputs)."""
    return VIEWS if count >= 2 else ("history", "table")


SPLIT_PANEL = 18
"""The narrowest history panel (columns) for each input to get a panel of its own."""


def split_inputs(count: int, width: int) -> bool:
    """Whether the history shows each of `count` inputs in a panel of its own (small multiples,
    each on its own y scale) beside the output's, rather than all inputs in one panel: when
    there are two or more and every panel keeps `SPLIT_PANEL` columns of the `width`."""
    return count >= 2 and width // (count + 1) >= SPLIT_PANEL


def history_plots(
    path: Sequence[Mapping[str, float]],
    outputs: Sequence[float],
    lang: str | None = None,
    width: int = 80,
    rows: int = 8,
    split: bool = False,
) -> list[PlotData]:
    """The history view's panels: the output's, then the inputs' together, or (`split`) each
    input's alone; titled to fit `width` columns each, their y scales showing the last change
    at `rows` rows of data."""
    title = fit_title([tr(lang, "output f after each nudge"), tr(lang, "output f")], width)
    output = neuronhistory.output_history(outputs, title, rows)
    if not split:
        return [output, neuronhistory.inputs_history(path, tr(lang, "inputs"), width, rows)]
    label = tr(lang, "input")
    return [
        output,
        *(neuronhistory.input_history(path, i, label, width, rows) for i in range(len(path[0]))),
    ]


def plane_scale(
    f: Expr, start: Mapping[str, float], step: float, actions: Sequence[str] = ("gradient",)
) -> float:
    """The plane's first half-height, so that a path shows: six gradient steps from the start,
    or, where the lesson offers only random nudges (each input moves by step/2 on average),
    twelve random nudges."""
    if not {"gradient", "numeric"} & set(actions):
        return 6 * step
    try:
        partials = f.gradient(start)[1]
    except ExprError:
        partials = {}
    size = step * sum(value * value for value in partials.values()) ** 0.5
    return 6 * size if size > 0 else max(0.5, 0.1 * max(abs(v) for v in start.values()))


def plane_window(
    points: Sequence[tuple[float, float]],
    scale: float,
    cells: Cells,
    fixed: Mapping[str, tuple[float, float]],
    pair: tuple[str, str],
) -> Window:
    """The automatic window around the path, with the lesson's own ranges where it gives them."""
    window = neuronplots.auto_window(points, scale, cells)
    return Window(fixed.get(pair[0], window.x), fixed.get(pair[1], window.y))


def plane_title(
    pair: tuple[str, str],
    held: Mapping[str, float],
    lang: str | None,
    width: int = 80,
    arrow: str | None = None,
    ascii_mode: bool = False,
) -> str:
    """`a →, b ↑: level curves of f, ● now, ↗ gradient`, with the inputs held if any, as much
    of it as fits in `width` (always at least which input is across and which is up).

    `arrow` is the gradient's arrow head as drawn (`↙` from (−5, −6) on f = a·b; its ASCII
    stand-in under --ascii); None: no arrow is drawn (a zero gradient), none is named.
    `ascii_mode`: the title in ASCII (`a ->, b ^: ...`), fitted as such.
    """
    if arrow is None:
        title = tr(lang, "{x} →, {y} ↑: level curves of f, ● now", x=pair[0], y=pair[1])
    else:
        title = tr(
            lang,
            "{x} →, {y} ↑: level curves of f, ● now, {arrow} gradient",
            x=pair[0],
            y=pair[1],
            arrow=arrow,
        )
    axes = f"{pair[0]} →, {pair[1]} ↑"
    others = ", ".join(f"{name} = {fmt(value)}" for name, value in held.items() if name not in pair)
    options = [title, axes]
    if others:
        held_text = tr(lang, "{others} held", others=others)
        options = [f"{title} ({held_text})", f"{axes} ({held_text})", title, axes]
    if ascii_mode:
        return fit_title([plain(option) for option in options], width, ascii_only=True)
    return fit_title(options, width)


def plane_plot(
    f: Expr,
    path: Sequence[Mapping[str, float]],
    gradient: Mapping[str, float] | None,
    pair: tuple[str, str],
    window: Window,
    cells: Cells,
    lang: str | None = None,
    width: int = 80,
) -> PlotData:
    """The plane view's picture, titled in the learner's language to fit `width`; its legend
    names the gradient's arrow as drawn (↗, ↙, ...; `/`, `\\`, ... under --ascii)."""
    head = None
    if gradient is not None:
        head = neuronplots.arrow_head((gradient[pair[0]], gradient[pair[1]]), window, cells)
    held = path[-1]
    arrow, ascii_arrow = (None, None) if head is None else head
    title = plane_title(pair, held, lang, width, arrow)
    ascii_title = plane_title(pair, held, lang, width, ascii_arrow, ascii_mode=True)
    return neuronplots.plane_plot(f, path, gradient, pair, window, cells, title, ascii_title)


def history_table(
    path: Sequence[Mapping[str, float]],
    outputs: Sequence[float],
    rows: int,
    width: int = 80,
    lang: str | None = None,
) -> Text:
    """The plotted values as a text table: the last `rows` - 1 nudges under a header.

    When the columns (one per input) do not fit in `width`, the table turns: one row per input
    and the output, one column per nudge, as many of the last nudges as fit. No number is cut.
    """
    names = list(path[-1]) if path else []
    header = [tr(lang, "nudge"), *names, tr(lang, "output")]
    body = [
        [str(index), *(fmt(point[name]) for name in names), fmt(output)]
        for index, (point, output) in enumerate(zip(path, outputs, strict=True))
    ]
    shown = body[-max(1, rows - 1) :]
    lines = _aligned([header, *shown])
    if max(cell_len(line) for line in lines) > width:
        turned = [[column[row] for column in [header, *body]] for row in range(len(header))]

        def last(count: int) -> list[str]:
            return _aligned([[row[0], *row[len(row) - count :]] for row in turned])

        count = 1
        while count < len(body) and max(cell_len(line) for line in last(count + 1)) <= width:
            count += 1
        lines = last(count)
    text = Text(no_wrap=True)
    text.append(lines[0], style="bold underline")
    for line in lines[1:]:
        text.append("\n" + line)
    return text


def _aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows of cells as lines, each column right-aligned to its widest cell (in terminal cells:
    a Chinese header is two cells a character)."""
    widths = [max(cell_len(row[col]) for row in rows) for col in range(len(rows[0]))]
    return [
        "  ".join(" " * (widths[col] - cell_len(cell)) + cell for col, cell in enumerate(row))
        for row in rows
    ]
