"""Widgets that repaint only the cells that changed.

Over SSH every byte of a keypress counts, and a new value usually changes a few cells (a digit,
the end of a plotted line). `ChangedCells` widgets keep the lines they drew, compare the new ones
cell by cell and repaint only the changed run of each line, so the terminal receives those cells
and not the whole widget. `Plot` is one; `Value` is a `Static` built on it, for the numbers of
the neuron and the curve.
"""

from __future__ import annotations

from itertools import repeat
from typing import cast

from rich.cells import cell_len
from rich.style import Style
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.strip import Strip
from textual.visual import Visual, VisualType, visualize
from textual.widget import Widget
from textual.widgets import Static
from typing_extensions import Self

__all__ = ["ChangedCells", "Value", "changed_span"]


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
