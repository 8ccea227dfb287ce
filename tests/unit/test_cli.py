"""The `backprop-tutor` command line, run as a learner does: `python -m tutor` subprocesses.

Terminal cases (signals, ctrl+z, TERM) are in tests/e2e/test_cli_tmux.py; the installed command
in a fresh venv in tests/e2e/test_packaging.py.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.cli import first_word, unknown_command
from tutor.start import options_from, reader_parser, terminal_problem

REPO = Path(__file__).resolve().parents[2]
BLOCKER = """\
import os, sys
class _Block:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in os.environ["BLOCK_MODULES"].split(","):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, _Block())
"""
"""A sitecustomize that makes importing the BLOCK_MODULES fail, as if they were not installed."""


def tutor(
    *args: str, cwd: Path, env: dict[str, str] | None = None, python: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run `python -m tutor ARGS` without a terminal (stdin: /dev/null, output captured)."""
    return subprocess.run(
        [sys.executable, *python, "-m", "tutor", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_mistyped_command_is_named_with_a_suggestion(tmp_path: Path) -> None:
    result = tutor("chek", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "backprop-tutor: unknown command 'chek' (did you mean 'check'?)\n"
    assert result.stdout == ""


def test_an_unknown_word_lists_the_commands(tmp_path: Path) -> None:
    result = tutor("--lang", "zh", "frobnicate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "unknown command 'frobnicate'" in result.stderr
    assert "check, new, progress, serve, class, completion" in result.stderr


@pytest.mark.parametrize("word", ["mycourse", "lesson.md", "sub/lesson", "./chek"])
def test_paths_are_never_taken_for_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, word: str
) -> None:
    (tmp_path / "mycourse").mkdir()
    monkeypatch.chdir(tmp_path)
    assert unknown_command(word) is None
    assert unknown_command("mycourze") is not None  # a folder that does not exist is no path


def test_the_first_word_skips_options_and_their_values() -> None:
    assert first_word(["--lang", "zh", "--lesson", "check", "x.md"]) == "x.md"
    assert first_word(["--ascii", "check", "a"]) == "check"
    assert first_word(["--lang=zh"]) is None
    assert first_word(["--", "check"]) is None


def test_the_reader_needs_a_terminal(tmp_path: Path) -> None:
    result = tutor("--lang", "en", cwd=tmp_path)  # stdin is /dev/null, stdout a pipe
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "needs a terminal" in result.stderr
    assert result.stdout == ""  # not one escape code


def test_check_and_progress_need_no_terminal(tmp_path: Path) -> None:
    assert tutor("check", cwd=tmp_path).returncode == 0
    assert tutor("progress", "--json", cwd=tmp_path).returncode == 0


class Tty(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        """Yes."""
        return True


@pytest.mark.parametrize("term", ["dumb", "", "unknown"])
def test_a_dumb_term_is_a_problem(term: str) -> None:
    problem = terminal_problem(Tty(), Tty(), {"TERM": term})
    assert problem is not None and "cannot show the reader" in problem
    assert terminal_problem(Tty(), Tty(), {}) is not None


def test_a_real_term_or_the_web_driver_is_fine() -> None:
    assert terminal_problem(Tty(), Tty(), {"TERM": "xterm-256color"}) is None
    web = {"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}
    assert terminal_problem(io.StringIO(), io.StringIO(), web) is None


def test_version_does_not_import_textual(tmp_path: Path) -> None:
    result = tutor("--version", cwd=tmp_path, python=("-X", "importtime"))
    assert result.returncode == 0
    assert result.stdout.startswith("backprop-tutor ")
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
    assert "tutor.cli" in imported
    assert not {name for name in imported if name.split(".")[0] in ("textual", "rich")}


@pytest.mark.parametrize(("kind", "module"), [("ssh", "asyncssh"), ("web", "textual_serve")])
def test_serve_without_its_extra_names_the_install_command(
    tmp_path: Path, kind: str, module: str
) -> None:
    (tmp_path / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = {"PYTHONPATH": f"{REPO}{os.pathsep}{tmp_path}", "BLOCK_MODULES": module}
    result = tutor("serve", kind, "--port", "0", cwd=tmp_path, env=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"pip install 'backprop-tutor[{kind}]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_resetting_an_unknown_lesson_is_an_error_naming_the_known_ids(tmp_path: Path) -> None:
    result = tutor("progress", "--reset", "nosuch", "--yes", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "'nosuch'" in result.stderr and "neuron" in result.stderr
    assert "Reset" not in result.stdout
    assert tutor("progress", "--reset", "neuron", "--yes", cwd=tmp_path).returncode == 0


def test_bash_completion_is_registered_and_completes(tmp_path: Path) -> None:
    script = tutor("completion", "bash", cwd=tmp_path)
    assert script.returncode == 0
    (tmp_path / "lessons-here").mkdir()
    probe = tmp_path / "probe.bash"
    probe.write_text(
        script.stdout
        + "complete -p backprop-tutor\n"
        + 't() { COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _backprop_tutor;'
        + ' echo "${COMPREPLY[*]}"; }\n'
        + "t backprop-tutor ch\nt backprop-tutor --lang ''\nt backprop-tutor serve ''\n"
        + "t backprop-tutor serve ssh --host-\nt backprop-tutor lessons-\n"
        + "t backprop-tutor completion ''\nt backprop-tutor progress --l\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", str(probe)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "complete -F _backprop_tutor backprop-tutor",
        "check",
        "en zh",
        "ssh web",
        "--host-key",
        "lessons-here",
        "bash zsh",
        "--learner",
    ]


def test_without_lang_the_saved_language_wins_over_the_locale() -> None:
    options = options_from(reader_parser().parse_args([]), {"LANG": "zh_CN.UTF-8"})
    assert (options.lang, options.default_lang) == (None, "zh")
    options = options_from(reader_parser().parse_args(["--lang", "en"]), {"LANG": "zh_CN.UTF-8"})
    assert options.lang == "en"


def test_serve_never_imports_the_cli() -> None:
    """The SSH zygote starts readers through tutor.start: no cli -> serve -> ... -> cli cycle."""
    import ast

    for module in sorted((REPO / "tutor" / "serve").glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            assert not [n for n in names if n == "tutor.cli" or n.startswith("tutor.cli")], module
