"""Unit tests for CJK line breaking (tutor.widgets.cjk)."""

from __future__ import annotations

import itertools

import pytest
from rich._wrap import divide_line
from rich.cells import cell_len

from tutor.widgets.cjk import (
    CLOSING,
    OPENING,
    break_offsets,
    can_break,
    has_cjk,
    minimal_width,
    wrap_lines,
)

MIXED = "我们想让输出 f(a,b)=a·b 变大，所以要改变输入 a 和 b，让 output 增加。" * 4
WIDTHS = (20, 30, 40, 60, 76)
ENGLISH = (
    "Suppose we want the output of the gate to go up. We can nudge the inputs a and b by a "
    "tiny amount in a random direction and keep the change only when the output grows."
)


def first_unit(line: str) -> str:
    """The start of a line up to its first allowed break: what could not be split off."""
    for index in range(1, len(line)):
        if can_break(line, index):
            return line[:index].rstrip()
    return line


def rich_lines(text: str, width: int) -> list[str]:
    """Textual's own wrapping (rich's divide_line), for comparison."""
    offsets = [0, *divide_line(text, width), len(text)]
    return [text[a:b].rstrip() for a, b in itertools.pairwise(offsets)]


@pytest.mark.parametrize("width", WIDTHS)
def test_mixed_paragraph_lines_fit_and_fill(width: int) -> None:
    lines = wrap_lines(MIXED, width)
    starts = break_offsets(MIXED, width)
    assert "".join(lines).replace(" ", "") == MIXED.replace(" ", "")
    for line, following, start in zip(lines[:-1], lines[1:], starts, strict=True):
        assert cell_len(line) <= width
        assert line[-1] not in OPENING
        # Every line is as full as it can be: either within 2 cells of the edge (a CJK
        # character is 2 wide), or the next line starts with a piece that may not be split
        # (an English word or formula, or a character with its closing punctuation) and
        # would not have fit.
        space = 1 if MIXED[start - 1] == " " else 0
        full = cell_len(line) >= width - 2
        assert full or cell_len(line) + space + cell_len(first_unit(following)) > width, line
    assert cell_len(lines[-1]) <= width
    for line in lines:
        assert line[0] not in CLOSING, line


@pytest.mark.parametrize("width", WIDTHS)
def test_lines_that_break_inside_chinese_are_full(width: int) -> None:
    lines = wrap_lines(MIXED, width)
    for line, following in itertools.pairwise(lines):
        if has_cjk(line[-1]) and has_cjk(following[0]) and following[1:2] not in CLOSING:
            assert cell_len(line) >= width - 2, (line, following)


@pytest.mark.parametrize("width", WIDTHS)
def test_better_than_breaking_at_spaces_only(width: int) -> None:
    ours = wrap_lines(MIXED, width)
    theirs = rich_lines(MIXED, width)
    assert len(ours) <= len(theirs)
    assert min(cell_len(line) for line in ours[:-1]) > min(cell_len(line) for line in theirs[:-1])


def test_breaking_at_spaces_only_leaves_half_empty_lines() -> None:
    # The bug being fixed: a Chinese run after a space jumps whole to the next line.
    theirs = rich_lines(MIXED, 30)
    assert min(cell_len(line) for line in theirs[:-1]) < 15
    assert min(cell_len(line) for line in wrap_lines(MIXED, 30)[:-1]) >= 25


@pytest.mark.parametrize("width", (10, 20, 33, 50, 80))
def test_english_wraps_at_spaces_as_before(width: int) -> None:
    assert break_offsets(ENGLISH, width) == divide_line(ENGLISH, width)
    assert all(not line.endswith(" ") for line in wrap_lines(ENGLISH, width))


def test_closing_punctuation_never_starts_a_line() -> None:
    # "大，" would break before the comma at width 6; the character goes along with it.
    assert wrap_lines("我们变大，好", 8) == ["我们变", "大，好"]
    assert wrap_lines("你好（世界）", 6) == ["你好", "（世", "界）"]


def test_opening_bracket_never_ends_a_line() -> None:
    lines = wrap_lines("一二三（四五）", 8)
    assert lines == ["一二三", "（四五）"]


def test_a_long_word_is_folded_like_textual_does() -> None:
    assert wrap_lines("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap_lines("中文", 1) == ["中", "文"]


def test_hard_newlines_are_kept() -> None:
    assert wrap_lines("第一行\n第二行", 20) == ["第一行", "第二行"]


def test_minimal_width_is_the_widest_unbreakable_piece() -> None:
    assert minimal_width("中文 output 中文") == 6
    assert minimal_width("变大，") == 4
    assert minimal_width("") == 0


def test_has_cjk() -> None:
    assert has_cjk("a 中 b")
    assert has_cjk("「")
    assert not has_cjk("plain English, with (brackets).")
