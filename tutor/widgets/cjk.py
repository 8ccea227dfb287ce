"""Line breaking for text that mixes Chinese (or Japanese, Korean) with English.

Textual (through `rich._wrap.divide_line`) breaks lines only at spaces, so a Chinese run counts
as one long word: after an English word or a formula it jumps whole to the next line and leaves
a half-empty line behind. This module computes where a line may break instead:

- after a run of spaces (as before: English wraps at spaces);
- between two characters when either of them is CJK (ideographs, kana, hangul, full-width
  punctuation), because CJK text has no spaces and may break between any two characters;
- but never before closing punctuation (`，。：；！？）」` ...: it must not start a line) and
  never after opening punctuation (`（「《` ...: it must not end a line) — the basic kinsoku
  rules of Chinese and Japanese typesetting.

Widths are terminal cells (`rich.cells.cell_len`): a CJK character is two cells wide. Pure
functions, no Textual: `tutor.widgets.markdown` wires them into the Markdown paragraphs.
"""

from __future__ import annotations

from itertools import pairwise

from rich.cells import cell_len

CLOSING = frozenset("，。、：；！？）」』】〕》〉〗〙〛”’…‥·・ー～,.:;!?)]}%")
"""Characters that must not start a line (closing punctuation and the like)."""

OPENING = frozenset("（「『【〔《〈〖〘〚“‘([{")
"""Characters that must not end a line (opening brackets and quotes)."""

_CJK_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x31C0, 0x31EF),  # CJK strokes
    (0x3200, 0x4DBF),  # enclosed CJK, compatibility, extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFF60),  # full-width forms
    (0xFFE0, 0xFFE6),  # full-width signs
    (0x20000, 0x3FFFF),  # extensions B and later
)


def is_cjk(char: str) -> bool:
    """Whether a character is CJK (and so may be broken before or after).

    Args:
        char: One character.

    Returns:
        True for ideographs, kana, hangul and full-width punctuation.
    """
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def has_cjk(text: str) -> bool:
    """Whether any character of the text is CJK.

    Args:
        text: Any text.

    Returns:
        True when the text needs CJK-aware line breaking.
    """
    return any(is_cjk(char) for char in text)


def can_break(text: str, index: int) -> bool:
    """Whether a line may break just before `text[index]`.

    Args:
        text: One line of text (no newlines).
        index: A position strictly inside the text (0 < index < len(text)).

    Returns:
        True when a new line may start at `index`.
    """
    before, after = text[index - 1], text[index]
    if after.isspace():
        return False
    if before.isspace():
        return True
    if after in CLOSING or before in OPENING:
        return False
    return is_cjk(before) or is_cjk(after)


def break_offsets(text: str, width: int) -> list[int]:
    """Where to break one line of text so that each piece fits in `width` cells.

    Greedy, like Textual's own wrapping: each line takes as much as fits, and breaks at the
    last allowed position. Spaces at a break stay at the end of the earlier line (the caller
    strips them). A piece with no allowed break that is wider than `width` is folded at the
    edge, as Textual folds long words.

    Args:
        text: One line of text (no newlines).
        width: The available width in cells (at least 1).

    Returns:
        The indices at which new lines start, ascending, without 0.
    """
    width = max(width, 1)
    breaks: list[int] = []
    start = 0
    used = 0  # cells of text[start:index], spaces included
    last_break = 0  # the last allowed break after `start` (0: none yet)
    index = 0
    while index < len(text):
        char = text[index]
        if index > start and can_break(text, index):
            last_break = index
        cells = cell_len(char)
        if char.isspace() or used + cells <= width:
            used += cells
            index += 1
            continue
        if last_break > start:
            new_start = last_break
        elif index > start:
            new_start = index  # nothing breakable fits: fold at the edge
        else:
            new_start = index + 1  # a single character wider than the line
        breaks.append(new_start)
        start, last_break = new_start, 0
        index = start
        used = 0
    if breaks and breaks[-1] >= len(text):
        breaks.pop()
    return breaks


def wrap_lines(text: str, width: int) -> list[str]:
    """Wrap text (which may hold newlines) into lines of at most `width` cells.

    Args:
        text: The text; each newline starts a new line.
        width: The available width in cells.

    Returns:
        The lines, trailing spaces removed from every line broken by wrapping.
    """
    lines: list[str] = []
    for source in text.split("\n"):
        offsets = [0, *break_offsets(source, width), len(source)]
        pieces = [source[a:b] for a, b in pairwise(offsets)]
        lines.extend(piece.rstrip() for piece in pieces[:-1])
        lines.append(pieces[-1])
    return lines


def minimal_width(text: str) -> int:
    """The width of the widest piece that can never be broken (a long English word).

    Args:
        text: The text.

    Returns:
        Cells; 0 for empty or blank text.
    """
    widest = 0
    for source in text.split("\n"):
        start = 0
        for index in range(1, len(source) + 1):
            if index == len(source) or can_break(source, index):
                widest = max(widest, cell_len(source[start:index].rstrip()))
                start = index
    return widest
