"""The command in a real terminal (tmux, an interactive bash): signals, job control, TERM.

The reader is started from an interactive bash in the pane, as a learner would, so that ctrl+z
and `fg` go through a real shell's job control and `echo rc=$?` shows the exit code.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest
from ssh_helpers import Tmux, tmux, wait_until

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
FIRST_PAGE = "A neuron that multiplies"


@contextmanager
def shell(home: Path) -> Iterator[Tmux]:
    """An interactive bash in tmux (80x24) with a private data folder and this checkout."""
    command = [
        "env",
        "-i",
        f"PATH={os.environ['PATH']}",
        "TERM=xterm-256color",
        "LANG=C.UTF-8",
        f"HOME={home}",
        f"BACKPROP_TUTOR_HOME={home}",
        f"PYTHONPATH={REPO}",
        "PS1=$ ",
        "bash",
        "--norc",
        "--noprofile",
        "-i",
    ]
    with tmux(command, width=80, height=24) as term:
        term.wait_for("$")
        yield term


def type_line(term: Tmux, line: str) -> None:
    """Type a command line and press Enter."""
    term.keys("-l", line)
    term.keys("Enter")


def reader_pid(term: Tmux) -> int:
    """The pid of the reader (the Python child of the pane's shell)."""
    shell_pid = int(term._tmux("display-message", "-p", "#{pane_pid}").strip())
    found: list[int] = []

    def look() -> bool:
        for proc in psutil.Process(shell_pid).children(recursive=True):
            if proc.name().startswith("python"):
                found.append(proc.pid)
                return True
        return False

    wait_until(look, 30, "a reader process under the shell")
    return found[0]


READER = f"{sys.executable} -m tutor --lang en"


def test_an_external_sigint_exits_130(tmp_path: Path) -> None:
    with shell(tmp_path) as term:
        type_line(term, f"{READER}; echo rc=$?")
        term.wait_for(FIRST_PAGE, timeout=60)
        os.kill(reader_pid(term), signal.SIGINT)
        screen = term.wait_for("rc=130", timeout=30)
        assert "Traceback" not in screen


def test_ctrl_z_suspends_and_fg_resumes(tmp_path: Path) -> None:
    with shell(tmp_path) as term:
        type_line(term, READER)  # alone: bash would run the rest of a list once it stops
        term.wait_for(FIRST_PAGE, timeout=60)
        term.keys("C-z")
        screen = term.wait_for("Stopped", timeout=30)
        assert FIRST_PAGE not in screen  # the terminal is the shell's again
        pid = reader_pid(term)
        assert psutil.Process(pid).status() == psutil.STATUS_STOPPED
        type_line(term, "fg")
        term.wait_for(FIRST_PAGE, timeout=30)  # the reader redraws its screen
        term.keys("l")  # and still takes keys: the lesson list opens and closes
        term.wait_for("Enter open", timeout=30)
        term.keys("l")
        wait_until(lambda: "Enter open" not in term.screen(), 30, "the lesson list to close")
        term.keys("q")
        term.wait_for("$ ", timeout=30)
        type_line(term, "echo rc=$?")
        term.wait_for("rc=0", timeout=30)


@pytest.mark.parametrize(
    ("prefix", "shown"),
    [("TERM=dumb", "TERM=dumb"), ("env -u TERM", "TERM is not set"), ("TERM=", "TERM is not set")],
)
def test_a_dumb_terminal_is_refused_in_one_line(tmp_path: Path, prefix: str, shown: str) -> None:
    with shell(tmp_path) as term:
        type_line(term, f"{prefix} {READER}; echo rc=$?")
        screen = term.wait_for("rc=2", timeout=60)
        lines = [line for line in screen.splitlines() if "backprop-tutor:" in line]
        assert len(lines) == 1 and shown in lines[0], screen
        assert "\x1b" not in screen and "Traceback" not in screen


def test_zsh_completion_registers_and_completes(tmp_path: Path) -> None:
    if shutil.which("zsh") is None:
        pytest.skip("zsh is not installed (apt-get install zsh); bash completion is tested")
    script = subprocess.run(
        [sys.executable, "-m", "tutor", "completion", "zsh"],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    (tmp_path / "backprop-tutor.zsh").write_text(script, encoding="utf-8")
    probe = (
        "autoload -U compinit && compinit -u && source ./backprop-tutor.zsh\n"
        "print -r -- ${_comps[backprop-tutor]}\n"
        "setopt ksharrays\n"  # as zsh's bashcompinit runs a bash completion function
        "COMP_WORDS=(backprop-tutor serve ''); COMP_CWORD=2; _backprop_tutor\n"
        "print -r -- ${COMPREPLY[*]}\n"
        "COMP_WORDS=(backprop-tutor --lang ''); COMP_CWORD=2; _backprop_tutor\n"
        "print -r -- ${COMPREPLY[*]}\n"
    )
    result = subprocess.run(
        ["zsh", "-f", "-c", probe],
        cwd=tmp_path,
        env={**os.environ, "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["_bash_complete -F _backprop_tutor", "ssh web", "en zh"]


def test_a_piped_reader_is_refused_in_one_line(tmp_path: Path) -> None:
    with shell(tmp_path) as term:
        type_line(term, f"{READER} | cat; echo rc=${{PIPESTATUS[0]}}")
        screen = term.wait_for("rc=2", timeout=60)
        lines = [line for line in screen.splitlines() if "backprop-tutor:" in line]
        assert len(lines) == 1 and "needs a terminal" in lines[0], screen
        assert "\x1b" not in screen and "Traceback" not in screen
