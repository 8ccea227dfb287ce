"""Invalid UTF-8 from the learner's terminal never kills the reader nor shows a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from ssh_helpers import Servers, make_key, reader_command, ssh_argv, tmux

pytestmark = [pytest.mark.abuse, pytest.mark.e2e]


def _reader(home: Path) -> list[str]:
    return reader_command(home, "--lang", "en")


def test_an_invalid_byte_locally_is_dropped_and_the_reader_goes_on(tmp_path: Path) -> None:
    with tmux(_reader(tmp_path), 100, 30) as term:
        term.wait_for("page 1/", 30)
        term.keys("-H", "ff")
        term.keys("-H", "c3", "28")  # a broken two-byte sequence
        screen = term.page_to("page 2/")
        assert "Traceback" not in screen


@pytest.mark.slow
def test_an_invalid_byte_over_ssh_is_dropped_and_the_reader_goes_on(
    servers: Servers, tmp_path: Path
) -> None:
    server = servers.ssh("--open", script=None)
    with tmux(ssh_argv(server, make_key(tmp_path)), 100, 30) as term:
        term.wait_for("page 1/", 30)
        [reader] = server.readers()
        term.keys("-H", "ff", "fe", "80")
        screen = term.page_to("page 2/")
        assert "Traceback" not in screen
        assert reader.is_running()
