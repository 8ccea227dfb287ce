"""The changed-cells writer: the terminal shows exactly what Textual's full output would show.

Each test feeds Textual-like writes to two emulated terminals (pyte): one gets the writes as
they are, the other gets them through one `CellWriter`; after every write both screens (every
cell's character, colours and attributes) and cursors must be equal.
"""

from __future__ import annotations

import pyte
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor import output
from tutor.output import CellWriter
from tutor.sgr import parse_sgr, render_pen

WIDTH, HEIGHT = 12, 4
STYLES = ("", "31", "1;32;40", "38;5;208", "48;2;1;2;3", "7", "4;33", "2;3;44", "9")
CHARS = "ab  ─│▃⣿中文é"
EXTRAS = (
    "\x1b[?25l",
    "\x1b[?25h",
    "\x1b[?2026h",
    "\x1b]0;t\x07",
    "\x1b[2J",
    "\x1b[58;5;3m",
    "\x07",
)


def screen_state(screen: pyte.Screen) -> tuple[object, ...]:
    """Every cell (character and attributes), and the cursor unless it is hidden."""
    cells = tuple(
        tuple(tuple(screen.buffer[y][x]) for x in range(screen.columns))
        for y in range(screen.lines)
    )
    cursor = None if screen.cursor.hidden else (screen.cursor.x, screen.cursor.y)
    return cells, cursor, screen.cursor.hidden


def assert_same(writes: list[str], erase: bool) -> CellWriter:
    """Feed `writes` raw and filtered; the two terminals agree after every write."""
    raw, filtered = pyte.Screen(WIDTH, HEIGHT), pyte.Screen(WIDTH, HEIGHT)
    raw_stream, filtered_stream = pyte.Stream(raw), pyte.Stream(filtered)
    writer = CellWriter(WIDTH, HEIGHT, erase=erase)
    for data in writes:
        raw_stream.feed(data)
        filtered_stream.feed(writer.filter(data))
        assert screen_state(filtered) == screen_state(raw), repr(data)
    return writer


segment = st.tuples(st.sampled_from(STYLES), st.text(CHARS, min_size=1, max_size=8)).map(
    lambda pair: f"\x1b[{pair[0]}m{pair[1]}\x1b[0m" if pair[0] else pair[1]
)
stretch = st.tuples(
    st.integers(1, HEIGHT), st.integers(1, WIDTH), st.lists(segment, min_size=1, max_size=3)
).map(lambda t: f"\x1b[{t[0]};{t[1]}H" + "".join(t[2]))
frame = st.tuples(
    st.lists(st.one_of(stretch, stretch, stretch, st.sampled_from(EXTRAS)), max_size=5),
    st.integers(1, HEIGHT),
    st.integers(1, WIDTH),
).map(lambda t: "".join(t[0]) + f"\x1b[{t[1]};{t[2]}H")
narrow = st.tuples(st.sampled_from(STYLES), st.text("ab  ─│▃⣿é", min_size=1, max_size=6)).map(
    lambda pair: f"\x1b[{pair[0]}m{pair[1]}\x1b[0m" if pair[0] else pair[1]
)
clean_frame = st.tuples(
    st.lists(
        st.tuples(st.integers(1, HEIGHT), st.integers(1, WIDTH - 6), narrow).map(
            lambda t: f"\x1b[{t[0]};{t[1]}H{t[2]}"
        ),
        max_size=6,
    ),
    st.integers(1, HEIGHT),
).map(lambda t: "".join(t[0]) + f"\x1b[{t[1]};1H")
start = (
    "\x1b[0m" + "\n".join(f"\x1b[{y};1H" + " " * WIDTH for y in range(1, HEIGHT + 1)) + "\x1b[1;1H"
)
"""A full first frame, as Textual's layout update writes it (a cursor move, then each row)."""


@settings(max_examples=400, deadline=None)
@given(st.lists(frame, min_size=1, max_size=8), st.booleans())
def test_the_filtered_screen_equals_the_full_redraw(frames: list[str], erase: bool) -> None:
    assert_same([start, *frames], erase)


@settings(max_examples=300, deadline=None)
@given(st.lists(clean_frame, min_size=1, max_size=10), st.booleans())
def test_textual_like_frames_are_filtered_never_passed_through(
    frames: list[str], erase: bool
) -> None:
    writer = assert_same([start, *frames], erase)
    assert writer.stepped_aside == 0


def test_only_changed_cells_are_sent_and_unchanged_styles_are_not_repeated() -> None:
    writer = CellWriter(20, 2, erase=True)
    full = "\x1b[1;1H\x1b[31;40mhello world and more\x1b[0m\x1b[2;1Hbye\x1b[2;4H"
    assert writer.filter("\x1b[0m") == ""  # the style is sent when something is drawn
    assert writer.filter(full) == ("\x1b[1;1H\x1b[0;31;40mhello world and more\x1b[2;1H\x1b[0mbye")
    again = writer.filter(full.replace("world", "World"))
    assert again == "\x1b[1;7H\x1b[31;40mW\x1b[2;4H\x1b[0m"
    blanks = writer.filter("\x1b[1;1H\x1b[31;40mh                  e\x1b[0m\x1b[2;4H")
    assert blanks == "\x1b[1;2H\x1b[31;40m\x1b[18X\x1b[2;4H\x1b[0m"
    assert writer.stepped_aside == 0


def test_a_hidden_cursor_and_the_style_are_restored_only_when_they_matter() -> None:
    writer = CellWriter(20, 2, erase=True)
    writer.filter("\x1b[0m\x1b[1;1H" + "a" * 20 + "\x1b[2;1Hb\x1b[1;1H")
    assert writer.filter("\x1b[?25l") == "\x1b[?25l"
    assert writer.filter("\x1b[1;3H\x1b[1mZ\x1b[0m\x1b[1;1H") == "\x1b[2C\x1b[1mZ"
    assert writer.filter("\x1b[2;1Hc\x1b[1;1H") == "\x1b[2;1H\x1b[0mc"
    assert writer.filter("\x1b[?25h") == "\x1b[1;1H\x1b[?25h"
    assert writer.filter("\x1b[2J") == "\x1b[2J"  # passed through, cursor and style in place


def test_blank_runs_are_written_as_spaces_when_the_terminal_does_not_erase_in_colour() -> None:
    writer = CellWriter(20, 1, erase=False)
    writer.filter("\x1b[0m\x1b[1;1H" + "x" * 20)
    assert "X" not in writer.filter("\x1b[1;1H" + " " * 20 + "\x1b[1;1H").replace("\x1b[1;1H", "")


def test_what_it_does_not_model_passes_through_and_is_then_rewritten() -> None:
    writes = ["\x1b[0m\x1b[1;1Habc\x1b[1;1H", "\x1b[2J", "\x1b[1;1Habc\x1b[1;1H"]
    writer = assert_same(writes, erase=True)
    assert writer.stepped_aside == 1
    assert CellWriter(4, 1, erase=True).filter("\x1b[0m\x1b[1;1Habc\x1b[1;1H").count("abc") == 1


def test_sgr_codes_round_trip() -> None:
    pen = parse_sgr("1;38;5;208;48;2;1;2;3", parse_sgr("0", None))
    assert pen is not None and parse_sgr(render_pen(pen)[2:-1], None) == pen
    red = parse_sgr("31", pen)
    assert red is not None and render_pen(pen, red) == "\x1b[38;5;208m"  # only what changed
    plain = parse_sgr("22", pen)  # bold off: only that
    assert plain is not None and render_pen(plain, pen) == "\x1b[22m"
    assert parse_sgr("31", None) is None  # unknown stays unknown until a reset


def test_after_a_fault_the_style_and_cursor_can_be_put_back_as_textual_left_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    writer = CellWriter(20, 2, erase=True)
    writer.filter("\x1b[?25l\x1b[0m\x1b[1;1H" + "a" * 20 + "\x1b[1;1H")
    writer.filter("\x1b[2;1H\x1b[1mb\x1b[0m\x1b[1;1H")  # hidden: the terminal stays bold at 2;2

    def fault(row: object) -> None:
        raise RuntimeError("a bug in the writer")

    monkeypatch.setattr(output, "_check_wide", fault)
    with pytest.raises(RuntimeError):
        writer.filter("\x1b[1;1Hc")
    assert writer.restore() == "\x1b[1;1H\x1b[0m"
