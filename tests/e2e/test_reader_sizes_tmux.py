"""The reader at 60x20, 80x24 and 120x40 in tmux: a numeric quiz from the keyboard, the
footer whole, Tab onwards after a right answer, and the help never cut."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from ssh_helpers import reader_command, tmux

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def command(home: Path) -> list[str]:
    return reader_command(home, "--lang", "en", "--lesson", "derivative", term="xterm-256color")


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)], ids=str)
def test_a_numeric_quiz_footer_and_help_at_each_size(tmp_path: Path, size: tuple[int, int]) -> None:
    width, height = size
    with tmux(command(tmp_path), width, height) as term:
        term.wait_for("page 1/", timeout=60)
        for _ in range(80):  # PgDn to page 4, "The update": a numeric quiz, then a neuron
            if "page 4/7" in term.screen():
                break
            before = term.screen()
            term.keys("PageDown")
            deadline = time.monotonic() + 10
            while term.screen() == before and time.monotonic() < deadline:
                time.sleep(0.05)
        term.wait_for("page 4/7")
        term.keys("Tab")
        footer = next(line for line in term.wait_for("⏎ Answer").splitlines() if "⏎" in line)
        for key in ("Esc Leave", "? Hint", "Tab", "PgDn"):
            assert key in footer, footer
        term.keys("-l", "--", "6.0506")
        term.keys("Enter")
        term.wait_for("✓ Right: 6.0506")
        deadline = time.monotonic() + 5  # the explanation comes into view with the verdict
        while time.monotonic() < deadline:
            screen = term.screen()
            squeezed = "".join(screen.replace("│", "").replace("┃", "").split())  # wrapped in a box
            if "5.06×6.0506=30.616036" in squeezed and "✓ Right" in screen:
                break
            time.sleep(0.05)
        else:
            raise AssertionError(f"verdict and explanation not in view together:\n{screen}")
        term.keys("Tab")  # onwards without Escape: on to the neuron
        term.wait_for("(focused)")
        term.keys("Escape")
        term.keys("?")
        help_screen = term.wait_for("Keys — Escape closes")
        assert "…" not in help_screen
        term.keys("End")
        time.sleep(0.3)
        assert "…" not in term.screen()
