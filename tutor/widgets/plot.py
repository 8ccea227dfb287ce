"""A small plot widget drawn by plotext 6, one figure per widget.

plotext keeps a module-level figure (`plotext.figure`); sharing it between widgets would let one
widget's data leak into another's picture. Each `Plot` therefore owns its own plotext terminal and
master figure, created on first render (plotext is imported lazily, so the app starts fast).

The picture is described by an immutable `PlotData`; the widget rebuilds the plotext figure only
when the data or its own size changes, and otherwise reuses the cached picture
(docs/decisions/001-plotext-6-directly.md). Its lines are made straight from plotext's ANSI
output; `render()` still gives the picture as `Text`.

Over SSH every byte of a keypress counts, and a new point usually changes a few cells of the
picture (an axis label, the end of the line). `ChangedCells` widgets (the plot, and the `Value`
text widgets of the neuron and curve) keep the lines they drew, compare the new ones cell by cell
and repaint only the changed runs, so the terminal receives those cells and not the whole widget.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from itertools import repeat
from typing import Any, cast

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.strip import Strip
from textual.visual import Visual, VisualType, visualize
from textual.widget import Widget
from textual.widgets import Static
from typing_extensions import Self

__all__ = [
    "ChangedCells",
    "Label",
    "Plot",
    "PlotData",
    "Series",
    "Value",
    "changed_span",
    "plain",
    "to_ascii",
]


@dataclass(frozen=True)
class Series:
    """One line or set of points on a plot.

    Attributes:
        xs: The x values.
        ys: The y values (same length as `xs`).
        marker: The plotext marker in Unicode mode (`hd` is plotext's half-block line).
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
    """A text written on the plot at a data position (e.g. the marks A, B, C)."""

    x: float
    y: float
    text: str


@dataclass(frozen=True)
class PlotData:
    """Everything one picture depends on; equal data means an equal picture.

    Attributes:
        series: The lines and points, drawn in order (later ones on top).
        labels: Texts drawn last, on top of everything.
        xlim: Fixed x limits, or None to fit the data.
        ylim: Fixed y limits, or None to fit the data.
        title: A one-line title above the frame (it takes one row).
        yticks: How many ticks on the y axis.
        xticks: Explicit x tick positions (e.g. whole nudge numbers), or None for automatic.
    """

    series: tuple[Series, ...] = ()
    labels: tuple[Label, ...] = ()
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None
    title: str | None = None
    yticks: int = 3
    xticks: tuple[float, ...] | None = None


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


_PLAIN_TABLE = str.maketrans({"→": "->", "—": "--", "·": "|", "′": "'", "▸": ">", "∂": "d"})


def plain(text: str) -> str:
    """Replace the few non-ASCII signs of the widgets' status lines (→ — · ′) by ASCII ones."""
    return text.translate(_PLAIN_TABLE)


def to_ascii(text: str) -> str:
    """Replace box-drawing, block and braille characters by ASCII ones.

    Args:
        text: plotext's output (ANSI escapes pass through untouched).

    Returns:
        The same text with only ASCII frame and marker characters.
    """
    return text.translate(_ASCII_TABLE)


_SGR = re.compile(r"\x1b\[([0-9;]*)m")
"""An ANSI colour code (SGR) in plotext's output."""


def _split_codes(line: str) -> list[tuple[str, str | None]]:
    """A line of ANSI text as (text, the colour code after it) pairs."""
    pieces = _SGR.split(line)  # text, code, text, code, ..., text
    return [*zip(pieces[::2], pieces[1::2], strict=False), (pieces[-1], None)]


LARGEST = 1e100
"""Magnitudes beyond this are not plotted (plotext's tick maths overflows near 1e308)."""


def plottable(data: PlotData) -> bool:
    """Whether every value and limit is finite and of a size plotext can lay out."""
    values = [v for series in data.series for v in (*series.xs, *series.ys)]
    values += [v for label in data.labels for v in (label.x, label.y)]
    values += [*(data.xlim or ()), *(data.ylim or ())]
    return all(math.isfinite(v) and abs(v) < LARGEST for v in values)


Cell = tuple[str, "Style | None"]
"""One terminal cell of a strip: its character ("" for the right half of a wide one), its style."""


def _cells(strip: Strip) -> list[Cell]:
    """The cells of a strip, one entry per column."""
    cells: list[Cell] = []
    for segment in strip:
        # Textual puts each segment's text offset in its style's meta (for mouse selection):
        # it is not drawn, so it does not make a cell change.
        style = segment.style and segment.style.clear_meta_and_links()
        text = segment.text
        if cell_len(text) == len(text):
            cells += zip(text, repeat(style))
            continue
        for char in text:
            cells.append((char, style))
            if cell_len(char) == 2:
                cells.append(("", style))
    return cells


def changed_span(old: Strip, new: Strip) -> tuple[int, int] | None:
    """The columns `[start, end)` from the first to the last cell where two lines differ.

    One run per line, not one per changed group: Textual (8.2) writes a refreshed run of a line
    from the left edge of the widget anyway, so a second run would only repeat the first. A run
    never ends inside a wide character.

    Args:
        old: The line on the screen.
        new: The line to show instead.

    Returns:
        The run, or None when the lines look the same (same characters and styles).
    """
    if old == new:
        return None
    before, after = _cells(old), _cells(new)
    if len(before) != len(after):
        return 0, max(len(before), len(after))
    changed = [x for x, (was, now) in enumerate(zip(before, after, strict=True)) if was != now]
    if not changed:
        return None
    end = changed[-1] + 1
    while end < len(after) and "" in (before[end][0], after[end][0]):
        end += 1  # the right half of a wide character: its placeholder cells compare equal
    return changed[0], end


class ChangedCells(Widget):
    """A widget drawn from lines it keeps, that repaints only the cells that changed.

    Subclasses draw in `draw_lines` (by default: `render()` at the content size). Call
    `repaint_changes()` instead of `refresh()` after a change that keeps the widget's size: the
    new lines are compared with the drawn ones and only the changed runs are refreshed. Any other
    refresh (a resize, a style change) draws everything again, as Textual does for any widget.
    """

    _lines: list[Strip] | None = None
    _lines_key: tuple[object, ...] = ()
    _diffing = False

    def draw_lines(self, width: int, height: int) -> list[Strip]:
        """The widget's content lines at a size.

        Args:
            width: The content width.
            height: The content height.

        Returns:
            The lines (fewer than `height` are padded with blank ones).
        """
        visual: Visual = visualize(self, self.render())
        return Visual.to_strips(self, visual, width, height, self.visual_style)

    def _key(self) -> tuple[object, ...]:
        """What the kept lines depend on besides the content: the size and the base style (a
        new theme or background may reach the widget without a call to `refresh`)."""
        return self.size, self.visual_style

    def render_line(self, y: int) -> Strip:
        """One content line, from the kept lines (drawn when missing or out of date)."""
        key = self._key()
        size = self.size
        if self._lines is None or self._lines_key != key:
            self._lines = self.draw_lines(size.width, size.height)
            self._lines_key = key
        if y < len(self._lines):
            return self._lines[y]
        return Strip.blank(size.width, self.visual_style.rich_style)

    def repaint_changes(self) -> None:
        """Redraw now and repaint only the changed cells (all of them if the size changed)."""
        self._diffing = True
        try:
            self.refresh()
        finally:
            self._diffing = False

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """Refresh as `Widget.refresh` does; from `repaint_changes`, only the changed cells.

        Args:
            *regions: Content regions to repaint (none: the whole widget).
            repaint: Repaint the widget.
            layout: Also lay out the screen.
            recompose: Compose the widget again.

        Returns:
            The widget.
        """
        if repaint and not regions:
            changed = None
            if self._diffing and not (layout or recompose):
                changed = self._changed_regions()
            if changed is None:
                self._lines = None
            elif not changed:
                return self
            else:
                regions = tuple(changed)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _changed_regions(self) -> list[Region] | None:
        """Draw the new lines and keep them; the regions that changed (None: redraw it all)."""
        old, size = self._lines, self.size
        if old is None or self._key() != self._lines_key or not self.is_mounted or not size.area:
            return None
        new = self.draw_lines(size.width, size.height)
        if len(new) != len(old):
            return None
        self._lines = new
        spans = [changed_span(was, now) for was, now in zip(old, new, strict=True)]
        return [
            Region(span[0], y, span[1] - span[0], 1)
            for y, span in enumerate(spans)
            if span is not None
        ]


class Value(Static, ChangedCells):
    """A `Static` for a value that changes often: an update that keeps the widget's size repaints
    only the cells that changed, without laying the screen out again.

    `Static` comes first among the bases: Textual inherits CSS (`Static`'s `height: auto`)
    through the first base only.
    """

    _auto_layout = False

    def update(self, content: VisualType = "", *, layout: bool | None = None) -> None:
        """Show new content.

        Args:
            content: Text, a string (markup) or any visual, as for `Static.update`.
            layout: Lay the screen out again: True always, False never, None (the default)
                when the new content needs another size (an auto width or height changes).
        """
        self._diffing = layout is not True
        self._auto_layout = layout is None
        try:
            super().update(content, layout=bool(layout))
        finally:
            self._diffing = self._auto_layout = False

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """As `ChangedCells.refresh`; an update that needs another size lays out and repaints
        the whole widget.

        Args:
            *regions: Content regions to repaint (none: the whole widget).
            repaint: Repaint the widget.
            layout: Also lay out the screen.
            recompose: Compose the widget again.

        Returns:
            The widget.
        """
        if self._auto_layout and not regions and self._needs_other_size():
            layout = True
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _needs_other_size(self) -> bool:
        """Whether the content's auto width or height differs from the widget's size now."""
        # Textual's own Widget.get_content_width/height pass the styles as the rules map.
        styles, visual = cast("RulesMap", self.styles), self.visual
        rules = self.styles
        width, height = self.size
        if width <= 0:
            return True  # not laid out yet
        if rules.width is not None and rules.width.is_auto:
            container = self.parent.size.width if isinstance(self.parent, Widget) else width
            if visual.get_optimal_width(styles, container) != width:
                return True
        if rules.height is not None and rules.height.is_auto:
            return visual.get_height(styles, width) != height
        return False


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
        lines: list[Strip] = []
        for y, line in enumerate(picture.split("\n")[:height]):
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
            lines.append(Strip(segments).adjust_cell_length(width, blank))
        return lines + [Strip.blank(width, blank)] * (height - len(lines))

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
            out: str = self._new_picture(width, height).build().string()
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            return Text(f"(cannot plot: {error})", no_wrap=True)
        return to_ascii(out) if self.ascii_mode else out

    def _new_picture(self, width: int, height: int) -> Any:
        """This widget's own plotext figure, cleared and loaded with the current data."""
        from plotext._primitives.marker import marker as make_marker

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
        data = self._data
        if data.title:
            figure.title(data.title)
        if data.xlim is not None:
            figure.ruler("x").lim(*data.xlim)
        if data.ylim is not None:
            figure.ruler("y").lim(*data.ylim)
        if data.xticks is not None:
            figure.ruler("x").ticks(list(data.xticks), [f"{tick:g}" for tick in data.xticks])
        else:
            figure.ruler("x").frequency(5)
        figure.ruler("y").frequency(data.yticks)
        for series in data.series:
            symbol = series.ascii_marker if self.ascii_mode else series.marker
            marker = make_marker(symbol, pixel=series.color)
            signal = figure.signal(list(series.xs), list(series.ys), marker=marker)
            if series.lines and len(series.xs) > 1:
                signal.lines()
            figure.draw(signal)
        for label in data.labels:
            figure.draw(figure.text(label.x, label.y, label.text, alignment="center"))
        return figure
