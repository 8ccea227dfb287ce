"""A learner's session over a real OpenSSH client in tmux: rendering, keys, identity, faults."""

from __future__ import annotations

from pathlib import Path

import pytest
from ssh_helpers import Servers, key_fingerprint, make_key, ssh_argv, tmux

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_renders_reacts_to_keys_and_follows_resize(servers: Servers, tmp_path: Path) -> None:
    key = make_key(tmp_path)
    server = servers.ssh("--open")
    with tmux(ssh_argv(server, key, "-t"), 100, 30) as term:
        term.wait_for("Stand-in reader")
        term.wait_for("size=100x30")
        term.keys("a")
        term.wait_for("keys:a")
        term.resize(90, 25)
        term.wait_for("size=90x25")


def test_identity_is_the_key_fingerprint_whatever_the_username(
    servers: Servers, tmp_path: Path
) -> None:
    key = make_key(tmp_path)
    (tmp_path / "allowed").write_text((tmp_path / "id.pub").read_text())
    server = servers.ssh("--authorized-keys", str(tmp_path / "allowed"))
    fingerprint = key_fingerprint(key)
    for user in ("alice", "root"):
        with tmux(ssh_argv(server, key, "-t", user=user)) as term:
            term.wait_for(f"learner={fingerprint}")


def test_two_keys_are_two_learners(servers: Servers, tmp_path: Path) -> None:
    first, second = make_key(tmp_path, "first"), make_key(tmp_path, "second")
    server = servers.ssh("--open")
    seen = []
    for key in (first, second):
        with tmux(ssh_argv(server, key, "-t", user="same")) as term:
            screen = term.wait_for(f"learner={key_fingerprint(key)}")
            seen.append(screen)
    assert key_fingerprint(first) not in seen[1]


def test_markup_in_a_username_is_shown_literally(servers: Servers) -> None:
    server = servers.ssh("--open")
    with tmux(ssh_argv(server, None, "-t", user="[b]x[/b]", batch=False)) as term:
        term.wait_for("learner=[b]x[/b]")


def test_an_injected_fault_shows_one_friendly_line_and_no_traceback(
    servers: Servers, tmp_path: Path
) -> None:
    key = make_key(tmp_path)
    server = servers.ssh("--open", "--fault-injection")
    with tmux(ssh_argv(server, key, "-t")) as term:
        term.wait_for("Stand-in reader")
        term.keys("F12")
        term.wait_for("Please reconnect")
        screen = term.wait_for("closed")  # the client has seen everything the server sent
        assert "Traceback" not in screen
        assert "injected fault" not in screen
        assert "RuntimeError" not in screen


def test_client_environment_never_reaches_the_reader(servers: Servers, tmp_path: Path) -> None:
    key = make_key(tmp_path)
    server = servers.ssh("--open")
    sent = ["-o", "SetEnv=LD_PRELOAD=/tmp/evil.so PYTHONPATH=/tmp/evil COLORTERM=truecolor"]
    with tmux(ssh_argv(server, key, *sent), 160, 30) as term:
        screen = term.wait_for("BACKPROP_TUTOR_SERVED")
    assert "LD_PRELOAD" not in screen
    assert "PYTHONPATH" not in screen
    assert "'COLORTERM'" in screen  # the one client variable that is honoured, when truecolor
