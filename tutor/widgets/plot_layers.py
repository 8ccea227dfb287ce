"""A plot drawn in layers: what stays put drawn once, what moves laid over it.

The plane view's level curves and their labels stay put while the learner nudges (they change
with the window and the size only); the path, the arrow and the point move. plotext builds a
whole picture each time, and most of the plane's build goes to the level curves' points. So
`Plot` builds the still layer once per window and size, and per key only the moving series over
an empty frame, then lays them together cell by cell here. The result is the picture one build
of everything draws (tests/app/test_plot_layers.py compares them cell by cell): the still
series, their labels, then the moving series over them.

A picture is plotext's ANSI text; a cell is a character and the colour codes in force there
(read as `Plot.draw_lines` reads them: codes add up until a reset).
"""

from __future__ import annotations

import re

__all__ = ["Cell", "Still", "grid", "lay_over"]

Cell = tuple[str, tuple[str, ...]]
"""A character and the ANSI colour codes (SGR parameters) it is drawn with."""

_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def grid(picture: str) -> list[list[Cell]]:
    """The cells of a picture, line by line."""
    lines: list[list[Cell]] = []
    for line in picture.split("\n"):
        cells: list[Cell] = []
        codes: tuple[str, ...] = ()
        pieces = _SGR.split(line)  # text, code, text, code, ..., text
        for index, piece in enumerate(pieces):
            if index % 2:
                codes = () if piece in ("", "0") else (*codes, piece)
            else:
                cells += [(char, codes) for char in piece]
        lines.append(cells)
    return lines


def _line(cells: list[Cell]) -> str:
    """Cells back as ANSI text (a reset, then the codes, wherever the codes change)."""
    out: list[str] = []
    codes: tuple[str, ...] = ()
    for char, cell_codes in cells:
        if cell_codes != codes:
            out.append("\x1b[0m" + "".join(f"\x1b[{code}m" for code in cell_codes))
            codes = cell_codes
        out.append(char)
    if codes:
        out.append("\x1b[0m")
    return "".join(out)


class Still:
    """The still layer of a plot at one size, with what it takes to lay moving series over it."""

    def __init__(self, frame: str, still: str) -> None:
        """Keep the still layer's pictures (plotext's output, untitled).

        Args:
            frame: The empty frame (axes, ticks): the picture with no series and no labels.
            still: The still series and the labels.
        """
        self.frame = frame.split("\n")
        self.cells = grid(still)
        self.lines = still.split("\n")


def lay_over(still: Still, moving: str) -> str | None:
    """The moving series (drawn over an empty frame, `moving`) laid over the still layer.

    A cell where `moving` differs from the empty frame shows the moving series; any other cell
    shows the still layer. Lines the moving series do not touch are the still picture's own.
    None: the pictures do not line up (draw it whole).
    """
    moving_lines = moving.split("\n")
    if len(moving_lines) != len(still.frame):
        return None
    out: list[str] = []
    for y, line in enumerate(moving_lines):
        if line == still.frame[y]:
            out.append(still.lines[y])
            continue
        empty, moved, kept = grid(still.frame[y])[0], grid(line)[0], still.cells[y]
        if not len(empty) == len(moved) == len(kept):
            return None
        cells = [kept[x] if moved[x] == empty[x] else moved[x] for x in range(len(moved))]
        out.append(_line(cells))
    return "\n".join(out)
