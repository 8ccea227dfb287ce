"""Colours in plain terminals: the real reader in tmux at 80x24, the pane read with its escapes.

A 16-colour terminal (TERM=xterm, the Linux console TERM=linux) must get 16-colour SGR codes
only; with NO_COLOR=1 (https://no-color.org) no colour codes at all, only bold, underline,
reverse and the like. In every case the lesson stays readable: its title and the page keys are
on screen. COLORTERM is removed from the environment: it would announce truecolor.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from ssh_helpers import Tmux, reader_command, tmux

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SGR = re.compile(r"\x1b\[([0-9;:]*)m")
EXTENDED = {"38", "48", "58"}
"""SGR parameters that start an extended colour (5;N is 256-colour, 2;R;G;B truecolor)."""
COLOUR_RESETS = {"39", "49", "59"}
"""Back to the terminal's own colours: not a colour of the app's."""

TITLE = "1. A neuron that multiplies"
PAGE_KEYS = ("Space Next", "PgUp/b Back")


def sgr_colours(escapes: str) -> list[str]:
    """Every colour an SGR sequence in `escapes` sets: "31", "97", "38;5;253", "48;2;1;2;3"."""
    colours: list[str] = []
    for match in SGR.finditer(escapes):
        params = match.group(1).replace(":", ";").split(";")
        index = 0
        while index < len(params):
            param = params[index] or "0"
            if param in EXTENDED and index + 1 < len(params):
                width = 3 if params[index + 1] == "5" else 5
                colours.append(";".join(params[index : index + width]))
                index += width
                continue
            number = int(param)
            in_range = 30 <= number <= 47 or 90 <= number <= 107
            if in_range and param not in COLOUR_RESETS:
                colours.append(param)
            index += 1
    return colours


def reader(home: Path, term: str, *variables: str) -> list[str]:
    """The reader's command line, in English, in a `term` terminal, with its own data folder,
    no COLORTERM or NO_COLOR but `variables`."""
    unset = ("COLORTERM", "NO_COLOR")
    return reader_command(home, "--lang", "en", term=term, env=variables, unset=unset)


def pane_with_escapes(term: Tmux) -> str:
    """The visible pane with its colours and attributes as escape sequences."""
    command = ["tmux", "-L", term.socket, "-f", "/dev/null", "capture-pane", "-p", "-e"]
    return subprocess.run(command, capture_output=True, text=True, timeout=10, check=True).stdout


def two_screens(home: Path, term_name: str, *variables: str) -> list[tuple[str, str]]:
    """The first page, then page 2 with its neuron focused: (plain text, text with escapes)."""
    screens: list[tuple[str, str]] = []
    with tmux(reader(home, term_name, *variables), width=80, height=24) as term:
        screens.append((term.wait_for("q Quit", timeout=30), pane_with_escapes(term)))
        term.page_to("page 2/")
        term.keys("Tab")
        screens.append((term.wait_for("(focused)"), pane_with_escapes(term)))
    return screens


def assert_readable(plain: str) -> None:
    """The lesson's title and the page keys are on screen."""
    assert "Traceback" not in plain
    assert TITLE in plain, plain
    for key in PAGE_KEYS:
        assert key in plain, f"{key!r} not on screen:\n{plain}"


@pytest.mark.parametrize("term_name", ["xterm", "linux"])
def test_sixteen_colour_terminals_get_no_256_or_truecolor_codes(
    tmp_path: Path, term_name: str
) -> None:
    screens = two_screens(tmp_path, term_name)
    for plain, escapes in screens:
        assert_readable(plain)
        colours = sgr_colours(escapes)
        assert colours, "no colours at all: the capture did not keep the escapes"
        extended = sorted({c for c in colours if c.split(";")[0] in EXTENDED})
        assert not extended, f"TERM={term_name} got {extended}"


def test_no_color_sends_no_colour_codes(tmp_path: Path) -> None:
    screens = two_screens(tmp_path, "xterm-256color", "NO_COLOR=1")
    for plain, escapes in screens:
        assert_readable(plain)
        colours = sorted(set(sgr_colours(escapes)))
        assert not colours, f"NO_COLOR=1 got colour codes {colours}"


def test_no_color_keeps_the_text_readable(tmp_path: Path) -> None:
    screens = two_screens(tmp_path, "xterm-256color", "NO_COLOR=1")
    for plain, _escapes in screens:
        assert_readable(plain)


def test_sgr_colours_reads_every_kind_of_colour_code() -> None:
    escapes = "\x1b[1;31m a \x1b[0;39;49m b \x1b[38;5;253;48;2;1;2;3;4m c \x1b[97;100m \x1b[m"
    assert sgr_colours(escapes) == ["31", "38;5;253", "48;2;1;2;3", "97", "100"]
