"""The reader at 60x20, 80x24 and 120x40 in tmux: a numeric quiz from the keyboard, the
footer whole, Tab onwards after a right answer, and the help never cut."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from ssh_helpers import reader_command, tmux, wait_until

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
            term.press("PageDown")
        term.wait_for("page 4/7")
        term.keys("Tab")
        term.wait_for("⏎ Answer")

        def footer() -> str:
            return next((line for line in term.screen().splitlines() if "⏎" in line), "")

        # The footer's keys are widgets, mounted over a frame or two: wait for the whole row.
        keys = ("⏎ Answer", "Esc Leave", "? Hint", "Tab", "PgDn")
        wait_until(lambda: all(key in footer() for key in keys), 15, lambda: footer())
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
