"""The reader in a real terminal: tmux at 80x24, TERM=xterm, keys typed, the screen read."""

from __future__ import annotations

from pathlib import Path

import pytest
from ssh_helpers import reader_command, tmux

pytestmark = pytest.mark.e2e


def reader(home: Path, *args: str, env: tuple[str, ...] = ()) -> list[str]:
    """The command line of the reader in a 16-colour terminal, with its own data folder."""
    return reader_command(home, *args, env=env)


def test_method_two_neuron_shows_the_articles_number(tmp_path: Path) -> None:
    with tmux(reader(tmp_path, "--lang", "en", "--lesson", "derivative"), 80, 24) as term:
        term.wait_for("3. Method 2")
        term.page_to("page 4/", presses=40)  # Space scrolls a long page before it turns it
        term.keys("Tab", "Tab")  # "The update": a quiz, then the article's neuron
        term.wait_for("▸")
        term.keys("g")
        screen = term.wait_for("30.616036")
        assert "30.616035999" not in screen
        assert "Traceback" not in screen


def test_chinese_course_and_language_switch(tmp_path: Path) -> None:
    with tmux(reader(tmp_path, "--lang", "zh"), width=80, height=24) as term:
        term.wait_for("神经元")
        term.keys("t")
        term.wait_for("A neuron that multiplies")
        term.keys("t")
        term.wait_for("神经元")


def test_a_crash_shows_one_friendly_line(tmp_path: Path) -> None:
    command = reader(tmp_path, "--lang", "en", env=("BACKPROP_TUTOR_FAULT=1",))
    with tmux(command, width=80, height=24) as term:
        term.wait_for("A neuron that multiplies")
        term.keys("F12")
        screen = term.wait_for("internal error")
        assert "Traceback" not in screen
        assert "injected fault" not in screen
        assert "your progress is saved" in screen
    log = (tmp_path / "crash.log").read_text()
    assert "RuntimeError: injected fault" in log


def test_bad_course_path_is_one_line(tmp_path: Path) -> None:
    with tmux(reader(tmp_path, str(tmp_path / "nowhere")), width=80, height=24) as term:
        screen = term.wait_for("folder")
        # The terminal wraps the one line where it likes (at a space or mid-word): compare
        # without any whitespace, so the test does not depend on the temp path's length.
        squeezed = "".join(screen.split())
        assert "nosuchlessonfileorfolder" in squeezed
        assert squeezed.count("nowhere:1:") == 1
        assert "Traceback" not in screen
