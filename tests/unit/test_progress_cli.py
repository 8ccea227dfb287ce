"""Export/import between machines, and the `backprop-tutor progress` command."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tutor.cli_progress import add_progress_parser, run_progress
from tutor.progress import ProgressError, ProgressStore

COURSE = {
    "neuron": ("A neuron that multiplies", 3, ("q1", "q2")),
    "derivative": ("Method 2 — 跟着导数走", 2, ()),
}


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="backprop-tutor")
    add_progress_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["progress", *argv])


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BACKPROP_TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("BACKPROP_TUTOR_LEARNER", "alice")
    with ProgressStore.open(tmp_path / "home") as store:
        store.record_page("neuron", 0)
        store.record_page("neuron", 1)
        store.record_quiz("neuron", "q1", "b", correct=False)
        store.record_quiz("neuron", "q1", "a", correct=True)
        store.record_quiz("removed", "old-quiz", "a", correct=True)
        store.save_widget("neuron", "gate", {"inputs": {"a": 1.0}, "step": 0.01})
        store.set_language("zh")
    return tmp_path / "home"


def test_export_import_round_trip_between_machines(home: Path, tmp_path: Path) -> None:
    with ProgressStore.open(home, "alice") as store:
        exported = store.export_data()
    json.dumps(exported)  # JSON-able
    with ProgressStore.open(tmp_path / "laptop", "alice-laptop") as other:
        other.import_data(exported)
        assert other.last_position() == ("neuron", 1)
        assert other.quiz_results("neuron") == {"q1": True}
        assert [a.answer for a in other.attempts("neuron")] == ["b", "a"]
        assert other.load_widget("neuron", "gate") == {"inputs": {"a": 1.0}, "step": 0.01}
        assert other.language() == "zh"
        again = other.export_data()
    assert again["lessons"] == exported["lessons"]
    assert again["language"] == exported["language"]


def test_import_merges_and_importing_twice_changes_nothing(home: Path, tmp_path: Path) -> None:
    with ProgressStore.open(home, "alice") as store:
        exported = store.export_data()
    with ProgressStore.open(tmp_path / "laptop", "alice") as other:
        other.record_quiz("neuron", "q2", "c", correct=True)
        other.record_page("neuron", 2)  # later than the export: stays the resume point
        other.import_data(exported)
        other.import_data(exported)
        assert other.lesson_progress("neuron").attempts == 3
        assert other.quiz_results("neuron") == {"q1": True, "q2": True}
        assert other.lesson_progress("neuron").pages_seen == frozenset({0, 1, 2})
        assert other.last_position() == ("neuron", 2)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2, 3], "not a progress export"),
        ({"lessons": {}}, "not a progress export"),
        ({"format": "backprop-tutor-progress", "version": 9, "lessons": {}}, "version 9"),
        ({"format": "backprop-tutor-progress", "version": 1, "lessons": []}, "lessons: expected"),
        (
            {
                "format": "backprop-tutor-progress",
                "version": 1,
                "lessons": {"x": {"attempts": [{"quiz": "q", "answer": "a", "correct": "yes"}]}},
            },
            "lessons.x.attempts[0].correct: expected true or false",
        ),
        (
            {
                "format": "backprop-tutor-progress",
                "version": 1,
                "lessons": {"x": {"pages_seen": [0, -1]}},
            },
            "lessons.x.pages_seen[1]: expected a page number",
        ),
        (
            {
                "format": "backprop-tutor-progress",
                "version": 1,
                "lessons": {"x": {"last_page": 1, "last_visited": "yesterday"}},
            },
            "lessons.x.last_visited: expected an ISO 8601 time",
        ),
    ],
)
def test_junk_imports_fail_with_one_line_and_change_nothing(
    tmp_path: Path, data: object, message: str
) -> None:
    with ProgressStore.open(tmp_path, "alice") as store:
        store.record_page("neuron", 1)
        with pytest.raises(ProgressError, match=re.escape(message)) as caught:
            store.import_data(data)  # type: ignore[arg-type]
        assert "\n" not in str(caught.value)
        assert set(store.all_lessons()) == {"neuron"}


def test_the_table_shows_progress_against_the_course(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_progress(parse(), COURSE) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Progress of alice"
    assert out[1].split() == ["LESSON", "TITLE", "PAGES", "QUIZZES", "DONE", "LAST", "VISITED"]
    assert out[2].startswith("neuron") and " 2/3 " in out[2] and " 1/2 " in out[2]
    assert out[3].startswith("derivative") and " 0/2 " in out[3]
    assert out[4].startswith("removed") and "(not in the course)" in out[4]
    columns = [
        display_width(line[: line.index(f)]) for line, f in [(out[2], "2/3"), (out[3], "0/2")]
    ]
    assert columns[0] == columns[1], "columns line up in a terminal, CJK titles included"


def test_json_output_parses(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_progress(parse("--json"), COURSE) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["learner"] == "alice" and report["resume"] == {"lesson": "neuron", "page": 1}
    neuron, derivative, removed = report["lessons"]
    assert (neuron["pages_seen"], neuron["pages_total"]) == (2, 3)
    assert (neuron["quizzes_right"], neuron["quizzes_total"], neuron["done"]) == (1, 2, False)
    assert derivative["title"] == "Method 2 — 跟着导数走" and derivative["pages_seen"] == 0
    assert removed["in_course"] is False and removed["quizzes_right"] == 1


def test_learner_option_reads_someone_else(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_progress(parse("--learner", "bob"), None) == 0
    assert capsys.readouterr().out.strip() == "No progress recorded for bob yet."


def test_reset_refuses_without_yes_when_stdin_is_not_a_terminal(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert run_progress(parse("--reset"), COURSE) == 2
    err = capsys.readouterr().err
    assert err.strip() == "progress --reset: add --yes to reset without a terminal"
    with ProgressStore.open(home, "alice") as store:
        assert set(store.all_lessons()) == {"neuron", "removed"}


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "reset"), [("y\n", True), ("n\n", False), ("", False)])
def test_reset_asks_on_a_terminal(
    home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    reset: bool,
) -> None:
    monkeypatch.setattr("sys.stdin", FakeTerminal(answer))
    assert run_progress(parse("--reset", "neuron"), COURSE) == 0
    assert "Reset progress for lesson 'neuron' of alice? [y/N]" in capsys.readouterr().out
    with ProgressStore.open(home, "alice") as store:
        assert ("neuron" not in store.all_lessons()) == reset
        assert "removed" in store.all_lessons()


def test_reset_everything_with_yes(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_progress(parse("--reset", "--yes"), None) == 0
    assert "Reset progress for every lesson of alice." in capsys.readouterr().out
    with ProgressStore.open(home, "alice") as store:
        assert store.all_lessons() == {} and store.language() == "zh"


def test_export_then_import_through_the_command(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "progress.json"
    assert run_progress(parse("export", str(file)), None) == 0
    assert json.loads(file.read_text(encoding="utf-8"))["learner"] == "alice"
    assert run_progress(parse("--learner", "bob", "import", str(file)), None) == 0
    assert "Imported the progress of 2 lesson(s) into bob's." in capsys.readouterr().out
    with ProgressStore.open(home, "bob") as bob:
        assert bob.quiz_results("neuron") == {"q1": True}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        (b"\xff\xfe junk", "not UTF-8 text"),
        (b"{not json", "not JSON"),
        (b'{"format": "something-else"}', "not a progress export"),
    ],
)
def test_bad_import_files_are_one_line_and_exit_2(
    home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes | None,
    message: str,
) -> None:
    file = tmp_path / "in.json"
    if content is not None:
        file.write_bytes(content)
    assert run_progress(parse("import", str(file)), None) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_export_to_an_unwritable_place_is_one_line(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert run_progress(parse("export", str(blocker / "out.json")), None) == 2
    err = capsys.readouterr().err
    assert err.startswith("progress export: cannot write") and err.count("\n") == 1


def test_changes_refused_when_progress_cannot_be_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("BACKPROP_TUTOR_HOME", str(blocker / "home"))
    assert run_progress(parse("--reset", "--yes"), None) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("Progress is not being saved")
    assert err[1] == "progress: nothing changed, progress cannot be saved here"


def test_the_real_command_in_a_subprocess(home: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = [sys.executable, "-m", "tutor", "progress"]
    shown = subprocess.run(
        [*command, "--json"], env=env, capture_output=True, text=True, check=False
    )
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["resume"] == {"lesson": "neuron", "page": 1}
    refused = subprocess.run(
        [*command, "--reset"], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert refused.returncode == 2
    assert refused.stderr == "progress --reset: add --yes to reset without a terminal\n"


def _export_with(lessons: str) -> bytes:
    head = '{"format": "backprop-tutor-progress", "version": 1, "lessons": '
    return (head + lessons + "}").encode()


def _attempt(answer: str) -> str:
    entry = {"quiz": "q1", "answer": answer, "correct": True, "at": "2026-01-01T00:00:00Z"}
    return json.dumps({"neuron": {"attempts": [entry]}})


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (_export_with('{"x": {"pages_seen": [' + "9" * 5000 + "]}}"), "not JSON"),
        (_export_with('{"x": {"pages_seen": [' + "9" * 3000 + "]}}"), "expected a page number"),
        (
            _export_with('{"x": {"last_page": 1' + "0" * 30 + ', "last_visited": "2026-01-01"}}'),
            "expected a page number",
        ),
        (_export_with('{"\\ud800": {}}'), "lessons: not valid text ('\\ud800')"),
        (
            _export_with('{"a\\u001b]0;owned\\u0007": {}}'),
            "lessons: not valid text ('a\\x1b]0;owned\\x07')",
        ),
        (
            _export_with('{"n": {"widgets": {"n\\u0000": {"state": {}, "at": "2026-01-01"}}}}'),
            "not valid text",
        ),
        (_export_with(_attempt("1" * 1_000_000)), "longer than"),
        (_export_with(_attempt("\ud800")), "not valid text"),
    ],
    ids=[
        "deep",
        "5000-digit-int",
        "3000-digit-page",
        "huge-last-page",
        "lone-surrogate-id",
        "escape-in-id",
        "nul-in-widget-key",
        "huge-answer",
        "surrogate-answer",
    ],
)
def test_hostile_imports_are_one_line_exit_2_and_change_nothing(
    home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    message: str,
) -> None:
    file = tmp_path / "in.json"
    file.write_bytes(content)
    with ProgressStore.open(home, "alice") as store:
        before = store.export_data()
    assert run_progress(parse("import", str(file)), None) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert "\x1b" not in err and "\x00" not in err
    with ProgressStore.open(home, "alice") as store:
        assert store.export_data()["lessons"] == before["lessons"]


def test_export_from_a_read_only_folder_exports_what_it_holds(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tutor.progress import db as progress_db

    def refused(path: Path) -> object:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(progress_db, "_connect_file", refused)
    out = tmp_path / "backup.json"
    assert run_progress(parse("export", str(out)), None) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert set(exported["lessons"]) == {"neuron", "removed"}
    capsys.readouterr()
    assert run_progress(parse("--json"), COURSE) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in shown["lessons"] if row["attempts"]] == ["neuron", "removed"]


def test_export_fails_when_nothing_can_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("BACKPROP_TUTOR_HOME", str(blocker / "home"))
    out = tmp_path / "backup.json"
    assert run_progress(parse("export", str(out)), None) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "progress export: nothing exported, the progress file cannot be read"
    assert not out.exists()
