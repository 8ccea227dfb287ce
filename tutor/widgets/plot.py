"""A small plot widget drawn by plotext 6, one figure per widget.

plotext keeps a module-level figure (`plotext.figure`); sharing it between widgets would let one
widget's data leak into another's picture. Each `Plot` therefore owns its own plotext terminal and
master figure, created on first render (plotext is imported lazily, so the app starts fast).

The picture is described by an immutable `PlotData` (pure: tutor.maths.plotdesc); the widget
rebuilds the plotext figure only when the data or its own size changes, and otherwise reuses the
cached picture (docs/decisions/001-plotext-6-directly.md). Its lines are made straight from
plotext's ANSI output; `render()` still gives the picture as `Text`.

Over SSH every byte of a keypress counts, and a new point usually changes a few cells of the
picture (an axis label, the end of the line). `ChangedCells` widgets (the plot, and the `Value`
text widgets of the neuron and curve) keep the lines they drew, compare the new ones cell by cell
and repaint only the changed runs (tutor/widgets/cells.py).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import replace
from types import ModuleType
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.visual import Visual, visualize

from tutor.maths.plotdesc import (
    LARGEST,
    Label,
    PlotData,
    Series,
    data_limits,
    nice_ticks,
    plain,
    plottable,
    text_width,
)
from tutor.maths.plotdesc import (
    tick_label as nice_label,
)
from tutor.widgets.cells import ChangedCells
from tutor.widgets.plot_layers import Still, lay_over

__all__ = ["LARGEST", "Label", "Plot", "PlotData", "Series", "plain", "plottable", "to_ascii"]


def _skip_plotext_docs() -> None:
    """Stand in for plotext's documentation module before plotext is first imported.

    plotext 6's package `__init__` ends with `from plotext._doc.doc import docs as doc`, which
    imports 29 documentation modules and builds plotext's help menu: about 57 ms of a page with a
    plot (docs/performance.md, start-up). Every plotext import runs that `__init__`, so a module
    of our own is put in its place in `sys.modules` first. Plotting is untouched; only
    `plotext.doc` (the interactive help) is None. Nothing changes when plotext is already loaded.
    """
    if "plotext" in sys.modules:
        return
    stub = ModuleType("plotext._doc.doc", "Not plotext's documentation: see tutor.widgets.plot.")
    vars(stub)["docs"] = None  # what `from plotext._doc.doc import docs as doc` takes
    sys.modules.setdefault("plotext._doc.doc", stub)


_skip_plotext_docs()


def _ascii_char(char: str) -> str:
    """The ASCII stand-in for one box-drawing, block or braille character."""
    name = unicodedata.name(char, "")
    if not name.startswith("BOX DRAWINGS"):
        return "*"
    if " AND " in name:
        return "+"
    if name.endswith("HORIZONTAL"):
        return "-"
    if name.endswith("VERTICAL"):
        return "|"
    return "+"


_ASCII_TABLE = {
    code: _ascii_char(chr(code))
    for block in (range(0x2500, 0x25A0), range(0x2800, 0x2900))
    for code in block
}
"""Box drawing, block elements and braille mapped to ASCII (`─`→`-`, `│`→`|`, corners → `+`)."""


def to_ascii(text: str) -> str:
    """Replace box-drawing, block and braille characters by ASCII ones.

    Args:
        text: plotext's output (ANSI escapes pass through untouched).

    Returns:
        The same text with only ASCII frame and marker characters.
    """
    return text.translate(_ASCII_TABLE)


_TOP_EDGE = re.compile(r"^(?P<head>(?:\x1b\[0m)? *[┌+])(?P<rule>(?P<run>[─-]+))(?P<tail>[┐+].*)$")
"""The frame's top edge in plotext's output (Unicode or ASCII), where the title is written."""

_SGR = re.compile(r"\x1b\[([0-9;]*)m")
"""An ANSI colour code (SGR) in plotext's output."""


def _split_codes(line: str) -> list[tuple[str, str | None]]:
    """A line of ANSI text as (text, the colour code after it) pairs."""
    pieces = _SGR.split(line)  # text, code, text, code, ..., text
    return [*zip(pieces[::2], pieces[1::2], strict=False), (pieces[-1], None)]


class Plot(ChangedCells):
    """A plot of a `PlotData`, redrawn only when its data or size changes.

    Give it new data with `show`; equal data is ignored, so callers may call it freely. New data
    repaints only the cells of the picture that changed.
    """

    DEFAULT_CSS = """
    Plot {
        height: 8;
        width: 1fr;
    }
    """

    def __init__(
        self,
        data: PlotData | None = None,
        *,
        ascii_mode: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create a plot.

        Args:
            data: The first picture (an empty frame when None).
            ascii_mode: Draw with ASCII markers and frame only (no braille, no box drawing).
            id: The widget id.
            classes: CSS classes.
        """
        super().__init__(id=id, classes=classes)
        self._data = data if data is not None else PlotData()
        self.ascii_mode = ascii_mode
        self._figure: Any = None
        self._cache_key: tuple[object, ...] | None = None
        self._cache_picture: str | Text = Text()
        self._cache_text: Text | None = None
        self._code_styles: dict[tuple[object, ...], Style] = {}
        self._still: Still | None = None
        self._strips: dict[tuple[int, str], Strip] = {}
        self._strips_key: tuple[object, ...] = ()
        self._still_key: tuple[object, ...] | None = None
        self.builds = 0
        """How many times plotext built a picture (a cache hit does not count)."""

    @property
    def data(self) -> PlotData:
        """The picture currently shown."""
        return self._data

    def show(self, data: PlotData) -> None:
        """Show new data; a no-op (no repaint) when it equals the current data.

        The picture is drawn at once and only its changed cells are repainted.
        """
        if data == self._data:
            return
        self._data = data
        self.repaint_changes()

    def render(self) -> Text:
        """The picture for the current data and size as styled text (built when either changed)."""
        picture = self._picture(*self.size)
        if isinstance(picture, Text):
            return picture
        if self._cache_text is None:
            self._cache_text = Text.from_ansi(picture, no_wrap=True, overflow="crop", end="")
        return self._cache_text

    def draw_lines(self, width: int, height: int) -> list[Strip]:
        """The picture's lines, made straight from plotext's output (no `Text` in between).

        plotext writes colours as ANSI codes; each set of codes is styled once, through
        Textual's own pipeline (`_code_style`), so the lines look as `render()` would.
        """
        picture = self._picture(width, height)
        if isinstance(picture, Text):
            return super().draw_lines(width, height)
        blank = self._code_style(())
        # A line the last picture had at the same row is the same strip (the plane's rows the
        # path does not cross, the frame): made once, and compared with itself in a moment.
        key = (width, self.visual_style)
        kept = self._strips if self._strips_key == key else {}
        self._strips, self._strips_key = {}, key
        lines: list[Strip] = []
        for y, line in enumerate(picture.split("\n")[:height]):
            strip = kept.get((y, line)) or self._strip(line, y, width, blank)
            self._strips[(y, line)] = strip
            lines.append(strip)
        return lines + [Strip.blank(width, blank)] * (height - len(lines))

    def _strip(self, line: str, y: int, width: int, blank: Style) -> Strip:
        """One line of plotext's output (ANSI text) as a strip `width` cells long."""
        segments: list[Segment] = []
        codes: tuple[str, ...] = ()
        x = 0
        for text, code in _split_codes(line):
            if text:
                # As Textual does: the text's offset in the meta, for mouse selection.
                offset = Style.from_meta({"offset": (x, y)})
                segments.append(Segment(text, self._code_style(codes) + offset))
                x += len(text)
            if code is not None:
                codes = () if code in ("", "0") else (*codes, code)
        return Strip(segments).adjust_cell_length(width, blank)

    def _code_style(self, codes: tuple[str, ...]) -> Style:
        """The style Textual gives text under these ANSI codes in this widget (cached)."""
        key = (self.visual_style, codes)
        style = self._code_styles.get(key)
        if style is None:
            sample = Text.from_ansi("".join(f"\x1b[{code}m" for code in codes) + "x")
            strip = Visual.to_strips(self, visualize(self, sample), 1, 1, self.visual_style)[0]
            style = (next(iter(strip)).style or Style()).clear_meta_and_links()
            self._code_styles[key] = style
        return style

    def _picture(self, width: int, height: int) -> str | Text:
        """plotext's picture (ANSI text) for the current data at a size, or a message (cached)."""
        key = (self._data, width, height, self.ascii_mode)
        if key != self._cache_key:
            self._cache_picture = self.build_picture(width, height)
            self._cache_text = None
            self._cache_key = key
        return self._cache_picture

    def build_picture(self, width: int, height: int) -> str | Text:
        """Draw the current data with plotext at the given size, uncached.

        Args:
            width: Columns available.
            height: Rows available.

        Returns:
            plotext's output (ANSI colour codes, ASCII characters only in ASCII mode), or a
            one-line message when the data cannot be plotted at this size.
        """
        if width < 8 or height < 3:
            return Text("(too small to plot)", no_wrap=True)
        if not plottable(self._data):
            return Text("(the values are too large to plot)", no_wrap=True)
        self.builds += 1
        try:
            out = self._layered(width, height)
            if out is None:
                out = self._plotext(self._data, width, height)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            return Text(f"(cannot plot: {error})", no_wrap=True)
        out = to_ascii(out) if self.ascii_mode else out
        return self._titled(out)

    def _titled(self, picture: str) -> str:
        """The title written into the frame's top edge (`┌─ title ─┐`): no row of its own."""
        title = self._data.title
        if not title:
            return picture
        if self.ascii_mode:
            title = self._data.ascii_title if self._data.ascii_title is not None else plain(title)
        first, _, rest = picture.partition("\n")
        edge = _TOP_EDGE.match(first)
        if edge is None:
            return picture
        run = len(edge["run"])
        text = f" {title} "
        if text_width(text) > run - 2:
            cut = "..." if self.ascii_mode else "…"
            text = f" {title[: max(0, run - 4 - len(cut))]}{cut} "
        left = (run - text_width(text)) // 2
        line = edge["rule"][0] * left + text + edge["rule"][0] * (run - left - text_width(text))
        return f"{edge['head']}{line}{edge['tail']}\n{rest}"

    def _layered(self, width: int, height: int) -> str | None:
        """The picture as its still layer (drawn once per size and limits) with the moving
        series laid over it (tutor/widgets/plot_layers.py); None when the data has no still
        layer, or the layers do not line up."""
        data = self._data
        if not data.still or data.xlim is None or data.ylim is None:
            return None
        still = replace(data, series=data.series[: data.still], title=None, ascii_title=None)
        key = (still, width, height, self.ascii_mode)
        if self._still is None or key != self._still_key:
            frame = self._plotext(replace(still, series=(), labels=()), width, height)
            self._still = Still(frame, self._plotext(still, width, height))
            self._still_key = key
        moving = replace(data, series=data.series[data.still :], labels=())
        return lay_over(self._still, self._plotext(moving, width, height))

    def _plotext(self, data: PlotData, width: int, height: int) -> str:
        """plotext's picture of `data` (untitled ANSI text)."""
        out: str = self._new_picture(data, width, height).build().string()
        return out

    def _new_picture(self, data: PlotData, width: int, height: int) -> Any:
        """This widget's own plotext figure, cleared and loaded with `data`."""
        from plotext._primitives.colorize import colorize

        if self._figure is None:
            # Imported here, not at module level: plotext takes time to import and the app
            # should start without it. A terminal object of our own owns a master figure of
            # our own, so the global `plotext.figure` is never touched.
            from plotext._kernel.terminal import terminal

            owner = terminal()
            owner.limit(False, False)
            self._figure = owner._master
        figure = self._figure
        figure.clear()
        figure.plot_size(width, height)
        figure.theme("simple")
        if data.xlim is not None:
            figure.ruler("x").lim(*data.xlim)
        if data.ylim is not None:
            figure.ruler("y").lim(*data.ylim)
        self._set_ticks(figure, data, width)
        # The labels go on top, or, with a still layer, between it and the moving series.
        cut = data.still or len(data.series)
        for series in data.series[:cut]:
            self._draw_series(figure, series)
        for label in data.labels:
            text = label.text
            if self.ascii_mode:
                text = label.ascii_text if label.ascii_text is not None else plain(label.text)
            if label.color is not None:
                text = colorize(text, pixel=label.color)
            drawn = figure.text(label.x, label.y, text, alignment="center")
            figure.draw(drawn)
        for series in data.series[cut:]:
            self._draw_series(figure, series)
        return figure

    def _draw_series(self, figure: Any, series: Series) -> None:
        """One series on the figure: its points, joined when it is a line."""
        from plotext._primitives.marker import marker as make_marker

        symbol = series.ascii_marker if self.ascii_mode else series.marker
        signal = figure.signal(
            list(series.xs), list(series.ys), marker=make_marker(symbol, pixel=series.color)
        )
        if series.lines and len(series.xs) > 1:
            signal.lines()
        figure.draw(signal)

    @staticmethod
    def _set_ticks(figure: Any, data: PlotData, width: int) -> None:
        """Round ticks with plain-number labels (`4`, `-0.5`; never plotext's `4e0`)."""
        xlim = data_limits(data, 0)
        if data.xticks is not None:
            gaps = [b - a for a, b in zip(data.xticks, data.xticks[1:], strict=False)]
            step = min(gaps, default=1.0)
            labels = [nice_label(tick, step) for tick in data.xticks]
            figure.ruler("x").ticks(list(data.xticks), labels)
        elif xlim is not None:
            positions, names = nice_ticks(*xlim, max(2, min(5, width // 14)))
            figure.ruler("x").ticks(list(positions), list(names))
        ylim = data_limits(data, 1)
        if ylim is not None:
            positions, names = nice_ticks(*ylim, data.yticks)
            figure.ruler("y").ticks(list(positions), list(names))
