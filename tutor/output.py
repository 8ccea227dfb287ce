"""Send the terminal only the cells that changed: a filter between Textual and the terminal.

Textual's compositor writes every refreshed stretch of a row whole, each styled span wrapped in
its colour codes and a reset. `CellWriter` keeps what the terminal shows (a character and a
style per cell) and turns each write into: a cursor move to each run of changed cells, the
run's characters, a style code only where the style changes, and `ESC[nX` / `ESC[K` for long
blank runs (only on terminals that erase with the current background, terminfo `bce`).

It is exact or it steps aside: a write holding anything it does not model (a clear, a scroll, a
hyperlink, an unknown style code, a character of width 0, a wide character cut in half) passes
through untouched, and every cell is then "unknown", so the cells of later writes are sent
until they are known again. Cells Textual does not write are never sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.cells import get_character_cell_size

from tutor.sgr import Pen, Unmodelled, parse_sgr, render_pen

Cell = tuple[str, Pen]
"""A character ("" for the right half of a wide one) and its style."""
Row = list[Cell | None]
"""A terminal row; None is a cell whose content is not known."""

MIN_ERASE = 6
"""Blank cells in a row before `ESC[nX` (or `ESC[K`) is shorter than writing spaces."""
MERGE_GAP = 4
"""Unchanged cells between two changed runs that are rewritten rather than skipped."""

_TOKEN = re.compile(
    r"\x1b\[([0-9;:?<=>]*)([ -/]*)([@-~])"  # CSI: parameters, intermediates, final
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    r"|([^\x00-\x1f\x7f-\x9f]+)"  # printable text
    r"|([\x00-\x1f\x7f-\x9f])",  # a control character (a lone ESC included)
    re.S,
)
_ERASABLE = frozenset({"1", "2", "3"})
"""Attributes invisible on a blank: such blanks may be erased rather than written."""
_NO_EFFECT_MODES = {
    "12", "25", "1000", "1002", "1003", "1004", "1005", "1006", "1007", "1015", "1016",
    "2004", "2026", "2048", "7",
}  # fmt: skip
"""Private modes that change no cell (cursor, mouse, paste, focus, sync, wrap at the edge)."""


class CellWriter:
    """The terminal's cells as last written, and the filter that sends only what changed."""

    def __init__(self, width: int, height: int, *, erase: bool) -> None:
        """A terminal of `width` x `height` whose content is not known yet.

        Args:
            erase: The terminal erases with the current background (terminfo `bce`), so blank
                runs can be sent as `ESC[nX` / `ESC[K`.
        """
        self.erase = erase
        self.width = width
        self.height = height
        self.screen: list[Row] = [[None] * width for _ in range(height)]
        self.pen: Pen | None = None
        """Textual's current style, as its output left it (None: not known)."""
        self.cursor: tuple[int, int] | None = None
        """Textual's cursor, as its output left it (None: not known)."""
        self.out_pen: Pen | None = None
        """The terminal's style: Textual's, or the last one sent (restored before it matters)."""
        self.out_cursor: tuple[int, int] | None = None
        """The terminal's cursor: Textual's, or where the last run ended (the same, unless
        the cursor is hidden; restored before it is shown or anything is passed through)."""
        self.hidden = False
        """The cursor is hidden (`ESC[?25l`): its place does not show."""
        self.stepped_aside = 0
        """How many writes were passed through untouched (for tests and benchmarks)."""

    def resize(self, width: int, height: int) -> None:
        """The terminal changed size: nothing on it is known any more."""
        if (width, height) != (self.width, self.height):
            self.width, self.height = width, height
            self.forget()

    def forget(self) -> None:
        """Consider every cell unknown (after output that was not modelled)."""
        self.screen = [[None] * self.width for _ in range(self.height)]

    def filter(self, data: str) -> str:
        """What to send the terminal instead of `data`: the same screen, fewer bytes."""
        before = (self.pen, self.cursor, self.out_pen, self.out_cursor, self.hidden)
        try:
            return _Frame(self, data).run()
        except Unmodelled:  # nothing of the frame was sent: back to the state before it
            self.pen, self.cursor, self.out_pen, self.out_cursor, self.hidden = before
            self.stepped_aside += 1
            self.forget()
            restore = self.restore()
            self.pen = self.out_pen = _pen_after(data, self.pen)
            self.cursor = self.out_cursor = None
            self.hidden = _hidden_after(data, self.hidden)
            return restore + data
        except BaseException:  # a fault: leave the state as the terminal has it, for restore()
            self.pen, self.cursor, self.out_pen, self.out_cursor, self.hidden = before
            self.forget()
            raise

    def restore(self) -> str:
        """What puts the terminal's cursor and style back where Textual's output left them."""
        out = ""
        if self.cursor is not None and self.out_cursor != self.cursor:
            out += f"\x1b[{self.cursor[1] + 1};{self.cursor[0] + 1}H"
        if self.pen is not None and self.out_pen != self.pen:
            out += render_pen(self.pen, self.out_pen)
        self.out_cursor, self.out_pen = self.cursor, self.pen
        return out


def _hidden_after(data: str, hidden: bool) -> bool:
    """Whether the cursor is hidden after `data` (DECTCEM, `ESC[?25l` / `ESC[?25h`)."""
    for match in re.finditer(r"\x1b\[\?([0-9;]*)([hl])", data):
        if "25" in match.group(1).split(";"):
            hidden = match.group(2) == "l"
    return hidden


def _pen_after(data: str, pen: Pen | None) -> Pen | None:
    """The style a write leaves the terminal in (None when it cannot be known)."""
    for match in _TOKEN.finditer(data):
        if match.group(3) == "m" and not match.group(2) and "?" not in (match.group(1) or ""):
            try:
                pen = parse_sgr(match.group(1), pen)
            except Unmodelled:
                pen = None
    return pen


class _Frame:
    """One write, replayed on a copy of the rows it touches, then sent as a diff."""

    def __init__(self, writer: CellWriter, data: str) -> None:
        self.writer = writer
        self.data = data
        self.target: dict[int, Row] = {}
        self.written: dict[int, set[int]] = {}
        self.cursor: tuple[int | None, int] | None = writer.cursor  # Textual's (x, y); x None:
        # a pending wrap, or after a line feed (the column then depends on the terminal)
        self.pen = writer.pen  # Textual's style
        self.out: list[str] = []
        self.out_cursor = writer.out_cursor  # the terminal's cursor as we move it
        self.out_pen = writer.out_pen

    def run(self) -> str:
        end = 0
        for match in _TOKEN.finditer(self.data):
            if match.start() != end:
                raise Unmodelled("unparsed bytes")
            end = match.end()
            self._token(match)
        if end != len(self.data):
            raise Unmodelled("unparsed bytes")
        self._flush()
        writer = self.writer
        writer.pen, writer.out_pen, writer.out_cursor = self.pen, self.out_pen, self.out_cursor
        x, y = self.cursor if self.cursor is not None else (None, 0)
        writer.cursor = None if x is None else (x, y)
        if x is None:  # a pending wrap: nothing to restore the cursor to
            writer.out_cursor = None
        elif not writer.hidden:
            self.out.append(writer.restore())
        return "".join(self.out)

    def _token(self, match: re.Match[str]) -> None:
        params, inter, final, text, control = match.groups()
        if text is not None:
            self._text(text)
        elif control is not None:
            self._control(control)
        elif final is None:  # OSC: a title is harmless; a hyperlink would style cells
            if match.group(0).startswith("\x1b]8;"):
                raise Unmodelled("hyperlink")
            self._passthrough(match.group(0))
        elif final in "Hf" and not inter and "?" not in params:
            self._cup(params)
        elif final == "m" and not inter and not params.startswith(("?", ">", "<", "=")):
            self.pen = parse_sgr(params, self.pen)
        elif _no_effect(params, inter, final):
            self._passthrough(match.group(0))
        else:
            raise Unmodelled(match.group(0))

    def _cup(self, params: str) -> None:
        parts = params.split(";") if params else []
        if len(parts) > 2 or not all(part.isdigit() or part == "" for part in parts):
            raise Unmodelled(params)
        row, col = [int(part or 1) for part in parts] + [1] * (2 - len(parts))
        if not (1 <= row <= self.writer.height and 1 <= col <= self.writer.width):
            raise Unmodelled("cursor off screen")
        self.cursor = (col - 1, row - 1)

    def _control(self, char: str) -> None:
        if char == "\x07":
            self._passthrough(char)
        elif char == "\r" and self.cursor is not None:
            self.cursor = (0, self.cursor[1])
        elif char == "\n" and self.cursor is not None and self.cursor[1] + 1 < self.writer.height:
            self.cursor = (None, self.cursor[1] + 1)
        else:
            raise Unmodelled(repr(char))

    def _row(self, y: int) -> Row:
        if y not in self.target:
            self.target[y] = list(self.writer.screen[y])
            self.written[y] = set()
        return self.target[y]

    def _text(self, text: str) -> None:
        x, y = self.cursor if self.cursor is not None else (None, 0)
        if x is None or self.pen is None:
            raise Unmodelled("text at an unknown place or in an unknown style")
        row, written, width = self._row(y), self.written[y], self.writer.width
        for char in text:
            size = 1 if char.isascii() else get_character_cell_size(char)
            if size not in (1, 2) or x + size > width:
                raise Unmodelled("a character of width 0, or past the edge")
            row[x] = (char, self.pen)
            written.add(x)
            if size == 2:
                row[x + 1] = ("", self.pen)
                written.add(x + 1)
            x += size
        self.cursor = (x if x < width else None, y)  # at the edge: a pending wrap

    def _passthrough(self, sequence: str) -> None:
        """A sequence that changes no cell, sent as it is, with Textual's cursor and style."""
        self._flush()
        writer = self.writer
        x, y = self.cursor if self.cursor is not None else (None, 0)
        writer.cursor = None if x is None else (x, y)
        writer.pen, writer.out_pen, writer.out_cursor = self.pen, self.out_pen, self.out_cursor
        if x is None:
            writer.out_cursor = None
        self.out.append(writer.restore())
        self.out_cursor, self.out_pen = writer.out_cursor, writer.out_pen
        self.out.append(sequence)
        writer.hidden = _hidden_after(sequence, writer.hidden)

    def _flush(self) -> None:
        """Send the changed cells written so far, and make them the known screen."""
        for y in sorted(self.target):
            row, old = self.target[y], self.writer.screen[y]
            _check_wide(row)
            for start, end in _runs(row, old, sorted(self.written[y])):
                self._send(y, start, end, row)
            self.writer.screen[y] = row
        self.target.clear()
        self.written.clear()

    def _send(self, y: int, start: int, end: int, row: Row) -> None:
        x = start
        self._move(x, y)
        width = self.writer.width
        while x < end:
            cell = row[x]
            assert cell is not None  # runs hold only written cells
            char, pen = cell
            blanks = _blank_run(row, x, end) if self.writer.erase else 0
            if blanks >= MIN_ERASE and pen[2] <= _ERASABLE:
                self._set_pen(pen)
                to_edge = x + blanks == width
                self.out.append("\x1b[K" if to_edge else f"\x1b[{blanks}X")
                x += blanks
                if x < end:
                    self.out.append(f"\x1b[{blanks}C")
                    self.out_cursor = (x, y)
                continue
            if char == "":
                raise Unmodelled("a run starts inside a wide character")
            self._set_pen(pen)
            self.out.append(char)
            x += 1 if char.isascii() else get_character_cell_size(char)
            self.out_cursor = (x, y) if x < width else None

    def _move(self, x: int, y: int) -> None:
        cursor = self.out_cursor
        if cursor == (x, y):
            return
        if cursor is not None and cursor[1] == y and cursor[0] < x:
            right = x - cursor[0]  # forward on the same row: shorter than a full address
            self.out.append("\x1b[C" if right == 1 else f"\x1b[{right}C")
        else:
            self.out.append(f"\x1b[{y + 1};{x + 1}H")
        self.out_cursor = (x, y)

    def _set_pen(self, pen: Pen) -> None:
        if self.out_pen != pen:
            self.out.append(render_pen(pen, self.out_pen))
            self.out_pen = pen


def _check_wide(row: Row) -> None:
    """Every wide character is whole: its right half follows it, and only it (else the
    terminal's handling of the halves, which terminals differ on, would matter)."""
    expect_half = False
    for cell in row:
        half = cell is not None and cell[0] == ""
        if half != expect_half:
            raise Unmodelled("half of a wide character")
        expect_half = (
            cell is not None and not half and not cell[0].isascii()
        ) and get_character_cell_size(cell[0]) == 2
    if expect_half:
        raise Unmodelled("a wide character cut at the edge")


def _blank_run(row: Row, x: int, end: int) -> int:
    """How many cells from x (before `end`) are spaces in the same style as cell x."""
    first = row[x]
    if first is None or first[0] != " ":
        return 0
    count = 0
    while x + count < end and row[x + count] == first:
        count += 1
    return count


def _runs(row: Row, old: Row, written: list[int]) -> Iterator[tuple[int, int]]:
    """The stretches [start, end) of written cells to send: changed, merged across short gaps."""
    changed = [x for x in written if row[x] != old[x]]
    if not changed:
        return
    written_set = set(written)
    start = end = changed[0]
    for x in changed[1:]:
        if x - end - 1 <= MERGE_GAP and all(g in written_set for g in range(end + 1, x)):
            end = x
            continue
        yield start, end + 1
        start = end = x
    yield start, end + 1


def _no_effect(params: str, inter: str, final: str) -> bool:
    """Whether a CSI sequence leaves every cell, the cursor and the style as they were."""
    if params.startswith("?") and final in "hl" and not inter:
        return all(mode in _NO_EFFECT_MODES for mode in params[1:].split(";"))
    if inter == "$" and final == "p":
        return True  # a mode query (DECRQM)
    if inter == " " and final == "q":
        return True  # the cursor's shape
    if params[:1] in (">", "<", "=") and final == "u" and not inter:
        return True  # the kitty keyboard protocol
    return final in "nc" and not inter  # status and attribute queries
