"""The real reader served over SSH (forked from the zygote): the first lesson, keys, faults."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from ssh_helpers import ROOT, Servers, make_key, ssh_argv, tmux

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def first_lesson_title() -> str:
    """The title in the first English lesson's front matter."""
    text = (ROOT / "lessons" / "en" / "01-neuron.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---")[1])
    title: str = front["title"]
    return title


def test_the_first_lesson_renders_reacts_and_follows_resize(
    servers: Servers, tmp_path: Path
) -> None:
    key = make_key(tmp_path)
    server = servers.ssh("--open", script=None)
    with tmux(ssh_argv(server, key), 100, 30) as term:
        term.wait_for(first_lesson_title(), 30)
        term.wait_for("page 1/")
        term.page_to("page 2/")
        term.resize(80, 20)
        # The footer is redrawn on the new last line only if the resize reached the reader.
        term.wait_for("Quit")
        lines = [line for line in term.screen().splitlines() if line.strip()]
        assert len(term.screen().splitlines()) <= 20
        assert "Quit" in lines[-1]


def test_an_injected_fault_shows_a_friendly_line_and_no_traceback(
    servers: Servers, tmp_path: Path
) -> None:
    key = make_key(tmp_path)
    server = servers.ssh("--open", "--fault-injection", script=None)
    with tmux(ssh_argv(server, key)) as term:
        term.wait_for(first_lesson_title(), 30)
        term.keys("F12")
        screen = term.wait_for("Connection to 127.0.0.1 closed", 15)
        assert "backprop-tutor" in screen
        assert "Traceback" not in screen
        assert "injected fault" not in screen


def test_two_keys_keep_separate_progress(servers: Servers, tmp_path: Path) -> None:
    first, second = make_key(tmp_path, "first"), make_key(tmp_path, "second")
    server = servers.ssh("--open", script=None)
    with tmux(ssh_argv(server, first, user="same")) as term:
        term.wait_for("page 1/", 30)
        term.page_to("page 2/")
        term.keys("q")
        term.wait_for("Connection to 127.0.0.1 closed")
    with tmux(ssh_argv(server, first, user="same")) as term:
        term.wait_for("page 2/", 30)  # the first key resumes where it left off
    with tmux(ssh_argv(server, second, user="same")) as term:
        term.wait_for("page 1/", 30)  # the second key starts afresh
