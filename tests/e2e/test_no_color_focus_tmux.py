"""Without colour (NO_COLOR=1) focus and code still show: the real reader in tmux at 80x24.

The pane is read as plain text (no escapes), as a learner without colour sees it: a focused quiz
or code cell has a heavy border and a "▸ … (focused)" title that an unfocused one lacks, and a
code block is indented more than the prose around it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ssh_helpers import Tmux, tmux
from test_colours_tmux import reader

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def no_colour_reader(home: Path, lesson: str) -> list[str]:
    """The reader with NO_COLOR=1 on `lesson`."""
    return [*reader(home, "xterm-256color", "NO_COLOR=1"), "--lesson", lesson]


def turn(term: Tmux, pages: int) -> str:
    """Read on with Space through `pages` pages (it scrolls a long page before it turns it);
    the last page's screen."""
    screen = ""
    for page in range(2, pages + 2):
        screen = term.page_to(f"page {page}/", timeout=30)
    return screen


def test_a_focused_quiz_differs_from_an_unfocused_one(tmp_path: Path) -> None:
    with tmux(no_colour_reader(tmp_path, "neuron"), width=80, height=24) as term:
        term.wait_for("q Quit", timeout=30)
        unfocused = turn(term, 2)
        term.keys("Tab")
        focused = term.wait_for("(focused)")
    assert "╭" in unfocused and "┏" not in unfocused and "(focused)" not in unfocused, unfocused
    assert "┏━ ▸ quiz (focused)" in focused, focused


def test_a_focused_code_cell_is_titled(tmp_path: Path) -> None:
    with tmux(no_colour_reader(tmp_path, "random-nudges"), width=80, height=24) as term:
        term.wait_for("q Quit", timeout=30)
        turn(term, 3)
        term.keys("Tab")
        focused = term.wait_for("(focused)")
    assert "▸ code cell (focused)" in focused, focused


def test_code_blocks_keep_their_indent(tmp_path: Path) -> None:
    with tmux(no_colour_reader(tmp_path, "neuron"), width=80, height=24) as term:
        screen = term.wait_for("q Quit", timeout=30)
    prose = next(line for line in screen.splitlines() if line.lstrip().startswith("Backprop"))
    code = next(line for line in screen.splitlines() if "f(a, b) = a · b" in line)
    indent = len(prose) - len(prose.lstrip())
    assert len(code) - len(code.lstrip()) >= indent + 2, screen
