"""A session ended by the server's timers leaves the learner's terminal as it found it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from ssh_helpers import Servers, make_key, ssh_argv

pytestmark = [pytest.mark.abuse, pytest.mark.e2e, pytest.mark.slow]

# What Textual turns on, and the sequence that turns each off again.
MODES = {
    b"\x1b[?1049h": b"\x1b[?1049l",  # alternate screen
    b"\x1b[>25u": b"\x1b[<u",  # kitty keyboard protocol
    b"\x1b[?25l": b"\x1b[?25h",  # hidden cursor
    b"\x1b[?7l": b"\x1b[?7h",  # no line wrap
    b"\x1b[?2004h": b"\x1b[?2004l",  # bracketed paste
    b"\x1b[?1004h": b"\x1b[?1004l",  # focus reporting
}


def _session_output(server_args: tuple[str, ...], servers: Servers, tmp_path: Path) -> bytes:
    server = servers.ssh(*server_args)
    path = tmp_path / "client-output"
    with path.open("wb") as sink:
        client = subprocess.Popen(  # stdin stays open: only the server ends the session
            ssh_argv(server, make_key(tmp_path), "-tt"),
            stdin=subprocess.PIPE,
            stdout=sink,
            stderr=subprocess.DEVNULL,
        )
        try:
            client.wait(30)
        finally:
            client.kill()
            client.wait(5)
            assert client.stdin is not None
            client.stdin.close()
    out = path.read_bytes()
    return out


@pytest.mark.parametrize(
    ("args", "bye"),
    [
        (("--idle-timeout", "2"), b"you were idle"),
        (("--max-session-time", "2"), b"time limit"),
    ],
)
def test_a_timed_out_session_turns_the_terminal_modes_off(
    servers: Servers, tmp_path: Path, args: tuple[str, ...], bye: bytes
) -> None:
    out = _session_output(("--open", *args), servers, tmp_path)
    assert bye in out
    for on, off in MODES.items():
        if on in out:
            assert out.rfind(off) > out.rfind(on), f"{off!r} not sent after {on!r}"
    assert out.rfind(b"\x1b[?1049l") < out.rfind(bye)  # the goodbye is on the normal screen
