"""`backprop-tutor class`: the command's outputs and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutor.cli import main
from tutor.progress import ProgressStore


def test_json_and_csv_over_a_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ProgressStore.open(home=tmp_path, learner="name:Li Lei") as store:
        store.record_page("neuron", 1)
        store.record_quiz("neuron", "predict-up-a", "31", False)
    assert main(["class", "--home", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["course"] == "bundled"
    assert [(r["name"], r["page"], r["quizzes_tried"]) for r in data["learners"]] == [
        ("Li Lei", 1, 1)
    ]
    assert data["quizzes"][0]["common_wrong"] == [{"answer": "31", "learners": 1}]
    assert main(["class", "--home", str(tmp_path), "--csv", "--table", "lessons"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "lesson,title,started,all_pages,done"
    assert lines[1] == "neuron,A neuron that multiplies,1,0,0"


def test_without_a_terminal_it_prints_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["class", "--home", str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["learners"] == []
    assert "no progress recorded yet" in out.err


def test_a_bad_file_or_course_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "progress.db").write_text("not a database")
    assert main(["class", "--home", str(tmp_path), "--json"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot be read as a progress file" in err
    assert main(["class", str(tmp_path / "nowhere"), "--home", str(tmp_path)]) == 2
    assert "no lessons" in capsys.readouterr().err
    assert main(["class", "--home", str(tmp_path), "--interval", "0"]) == 2
