"""`--ascii` in a real terminal: tmux at 80x24, the pane read as plain text.

Outside the lesson's own text everything the terminal shows is ASCII: the scrollbar of a long
page, the footer keys (`<`, `>`, `^`, `v`, `+/-`), the `zh/en` label, the focused neuron's frame.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ssh_helpers import tmux
from test_colours_tmux import reader

from tutor.course.parser import bundled_lessons

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_ascii_page_with_a_neuron_shows_only_ascii_chrome(tmp_path: Path) -> None:
    command = [*reader(tmp_path, "xterm-256color"), "--ascii", "--lesson", "neuron"]
    lesson = (bundled_lessons() / "en" / "01-neuron.md").read_text(encoding="utf-8")
    with tmux(command, width=80, height=24) as term:
        first = term.wait_for("q Quit", timeout=30)
        term.page_to("page 2/", timeout=30)
        term.keys("Tab")
        focused = term.wait_for("+/-0.1", timeout=30)
    assert "t zh/en" in first, first
    assert "< > input  ^ v +/-0.1" in focused, focused
    for screen in (first, focused):
        foreign = sorted({c for c in screen if not c.isascii() and c not in lesson})
        assert not foreign, f"{foreign} on screen:\n{screen}"
