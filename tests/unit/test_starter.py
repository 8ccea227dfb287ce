"""`backprop-tutor new PATH`: a starter lesson with one of each widget that passes `check`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from check_cli import run_check

from tutor.course.check import check_paths
from tutor.course.model import CurveSpec, NeuronSpec, QuizSpec
from tutor.course.parser import parse_lesson
from tutor.course.starter import STARTER

REPO = Path(__file__).resolve().parents[2]


def run_new(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "tutor", "new", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_new_writes_a_starter_that_passes_check(tmp_path: Path) -> None:
    result = run_new("01-mine.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote 01-mine.md; open it with: backprop-tutor 01-mine.md --watch\n"
    assert (tmp_path / "01-mine.md").read_text(encoding="utf-8") == STARTER
    checked = run_check("01-mine.md", cwd=tmp_path)
    assert (checked.returncode, checked.stdout) == (0, "1 lessons, 2 widgets, 2 quizzes: OK\n")


def test_the_starter_has_one_of_each_widget_and_an_annotated_number(tmp_path: Path) -> None:
    path = tmp_path / "starter.md"
    path.write_text(STARTER, encoding="utf-8")
    blocks = [block for page in parse_lesson(path).pages for block in page.blocks]
    kinds = [type(block).__name__ for block in blocks if not hasattr(block, "text")]
    assert kinds == ["NeuronSpec", "QuizSpec", "CurveSpec", "QuizSpec", "CodeSpec"]
    quizzes = [block for block in blocks if isinstance(block, QuizSpec)]
    assert [quiz.numeric for quiz in quizzes] == [False, True]
    assert "<!-- = 2*-3 -->" in STARTER
    assert [spec.expect != () for spec in blocks if isinstance(spec, (NeuronSpec, CurveSpec))] == [
        True,
        True,
    ]
    assert check_paths([path]).ok


def test_new_refuses_to_overwrite_a_file(tmp_path: Path) -> None:
    mine = tmp_path / "mine.md"
    mine.write_text("my own words\n", encoding="utf-8")
    result = run_new("mine.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "backprop-tutor new: mine.md already exists; not overwriting it\n"
    assert mine.read_text(encoding="utf-8") == "my own words\n"


def test_new_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    result = run_new("nowhere/mine.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "backprop-tutor new: cannot write nowhere/mine.md: No such file or directory\n"
    )


def test_new_needs_a_path(tmp_path: Path) -> None:
    result = run_new(cwd=tmp_path)
    assert result.returncode == 2
    assert "the following arguments are required: PATH" in result.stderr
