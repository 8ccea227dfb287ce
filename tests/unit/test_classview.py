"""The class view: what `backprop-tutor class` reads, counts and prints (read-only)."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tutor.classroom.cli import to_csv, to_json
from tutor.progress import ProgressStore
from tutor.progress.classview import (
    ClassViewError,
    LessonInfo,
    display_name,
    read_class,
)

LESSONS = (
    LessonInfo("one", "Lesson one", 3, ("q1", "q2")),
    LessonInfo("two", "Lesson two", 2, ("q3",)),
)


def record(
    home: Path,
    learner: str,
    pages: dict[str, list[int]],
    answers: list[tuple[str, str, str, bool]],
    course: str = "c",
) -> None:
    """Write a learner's pages and answers (lesson, quiz, answer, correct) the reader's way."""
    with ProgressStore.open(home=home, learner=learner, course=course) as store:
        for lesson, seen in pages.items():
            for page in seen:
                store.record_page(lesson, page)
        for lesson, quiz, answer, correct in answers:
            store.record_quiz(lesson, quiz, answer, correct)


def a_class(home: Path) -> None:
    record(
        home,
        "name:Li Lei",
        {"one": [0, 1, 2], "two": [0, 1]},
        [
            ("one", "q1", "b", False),
            ("one", "q1", "a", True),
            ("one", "q2", "c", True),
            ("two", "q3", "7", True),
        ],
    )
    record(
        home,
        "SHA256:abc",
        {"one": [0, 1]},
        [
            ("one", "q1", "a", True),
            ("one", "q1", "a", True),
            ("one", "q2", "d", False),
        ],
    )
    record(home, "name:Ann", {"one": [0]}, [("one", "q1", "b", False)])
    record(home, "name:Other course", {"one": [0, 1, 2]}, [("one", "q1", "a", True)], course="x")


def test_one_row_per_learner_of_the_course_by_name(tmp_path: Path) -> None:
    a_class(tmp_path)
    snapshot = read_class(tmp_path, "c", LESSONS)
    rows = {row.name: row for row in snapshot.learners}
    assert list(rows) == ["Ann", "Li Lei", "SHA256:abc"]
    li = rows["Li Lei"]
    assert (li.lesson, li.page, li.pages_seen) == ("two", 1, 5)
    assert (li.quizzes_right, li.quizzes_tried) == (3, 3)
    assert li.learner == "name:Li Lei" and li.last_active is not None
    other = rows["SHA256:abc"]
    assert (other.pages_seen, other.quizzes_right, other.quizzes_tried) == (2, 1, 2)
    assert (rows["Ann"].quizzes_right, rows["Ann"].quizzes_tried) == (0, 1)


def test_quizzes_show_first_try_and_the_common_wrong_answers(tmp_path: Path) -> None:
    a_class(tmp_path)
    quizzes = {q.quiz: q for q in read_class(tmp_path, "c", LESSONS).quizzes}
    q1 = quizzes["q1"]
    assert (q1.tried, q1.right_first, q1.right, q1.answers) == (3, 1, 2, 5)
    assert q1.common_wrong == (("b", 2),)
    assert (quizzes["q2"].tried, quizzes["q2"].right_first) == (2, 1)
    assert quizzes["q2"].common_wrong == (("d", 1),)
    assert [q.quiz for q in read_class(tmp_path, "c", LESSONS).quizzes] == ["q1", "q2", "q3"]


def test_the_funnel_counts_started_all_pages_and_done(tmp_path: Path) -> None:
    a_class(tmp_path)
    funnel = {row.lesson: row for row in read_class(tmp_path, "c", LESSONS).funnel}
    assert (funnel["one"].started, funnel["one"].all_pages, funnel["one"].done) == (3, 1, 1)
    assert (funnel["two"].started, funnel["two"].all_pages, funnel["two"].done) == (1, 1, 1)


def test_pages_and_quizzes_the_course_no_longer_has_are_not_counted(tmp_path: Path) -> None:
    record(tmp_path, "ann", {"one": [0, 7], "gone": [0]}, [("one", "old", "x", True)])
    row = read_class(tmp_path, "c", LESSONS).learners[0]
    assert (row.pages_seen, row.quizzes_right, row.quizzes_tried) == (1, 0, 0)


def test_no_progress_file_is_an_empty_class(tmp_path: Path) -> None:
    snapshot = read_class(tmp_path, "c", LESSONS)
    assert snapshot.learners == () and not (tmp_path / "progress.db").exists()


def test_a_foreign_file_is_one_error_and_stays_untouched(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    before = path.read_bytes()
    with pytest.raises(ClassViewError, match="not a backprop-tutor progress file"):
        read_class(tmp_path, "c", LESSONS)
    assert path.read_bytes() == before


def test_reading_writes_nothing(tmp_path: Path) -> None:
    a_class(tmp_path)
    path = tmp_path / "progress.db"
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    read_class(tmp_path, "c", LESSONS)
    # SQLite may create the -wal/-shm files of a WAL database; the file itself is unchanged.
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


def test_display_name() -> None:
    assert display_name("name:Li Lei") == "Li Lei"
    assert display_name("SHA256:x") == "SHA256:x"
    assert display_name("name:") == "name:"


@pytest.mark.abuse
def test_json_keeps_names_and_escapes_terminal_controls(tmp_path: Path) -> None:
    record(tmp_path, "name:Evil\x1b[2J\x9b", {"one": [0]}, [("one", "q1", "=1+1", False)])
    text = to_json(read_class(tmp_path, "c", LESSONS))
    assert "\x1b" not in text and "\x9b" not in text
    data = json.loads(text)
    assert data["learners"][0]["name"] == "Evil\x1b[2J\x9b"
    assert data["quizzes"][0]["common_wrong"] == [{"answer": "=1+1", "learners": 1}]
    assert {"course", "learners", "quizzes", "lessons"} <= set(data)


@pytest.mark.abuse
def test_csv_shows_controls_and_never_a_formula(tmp_path: Path) -> None:
    record(tmp_path, "name:=HYPERLINK(1)\x1b", {"one": [0]}, [("one", "q1", "@x", False)])
    snapshot = read_class(tmp_path, "c", LESSONS)
    learners = list(csv.reader(io.StringIO(to_csv(snapshot))))
    assert learners[0][0] == "name" and learners[1][0] == "'=HYPERLINK(1)␛"
    quizzes = list(csv.reader(io.StringIO(to_csv(snapshot, "quizzes"))))
    assert quizzes[1][:3] == ["one", "q1", "1"] and quizzes[1][6] == "'@x (1)"
    lessons = list(csv.reader(io.StringIO(to_csv(snapshot, "lessons"))))
    assert lessons[1] == ["one", "Lesson one", "1", "0", "0"]


def _writer(home: str, learner: str, answers: int, ready: Any) -> None:
    """A reader's writes, as fast as it can: `answers` answers, one page per answer."""
    with ProgressStore.open(home=Path(home), learner=learner, course="c") as store:
        ready.wait()
        for n in range(answers):
            store.record_page("one", n % 3)
            store.record_quiz("one", "q1", str(n), n % 2 == 1)
        if not store.saving or store.warning:
            raise SystemExit(f"{learner}: {store.warning}")


@pytest.mark.abuse
def test_reading_while_many_writers_write_blocks_none_of_them(tmp_path: Path) -> None:
    writers, answers = 8, 25
    context = multiprocessing.get_context("fork")
    ready = context.Event()
    ProgressStore.open(home=tmp_path, learner="setup", course="c").close()
    procs = [
        context.Process(target=_writer, args=(str(tmp_path), f"w{i}", answers, ready))
        for i in range(writers)
    ]
    for proc in procs:
        proc.start()
    ready.set()
    reads = 0
    while any(proc.is_alive() for proc in procs) or reads == 0:
        read_class(tmp_path, "c", LESSONS)  # never raises "database is locked"
        reads += 1
    for proc in procs:
        proc.join(30)
        assert proc.exitcode == 0
    final = read_class(tmp_path, "c", LESSONS)
    assert len(final.learners) == writers
    assert final.quizzes[0].answers == writers * answers
    assert all(row.quizzes_right == 1 for row in final.learners)


def test_a_wrong_choice_is_shown_with_its_text(tmp_path: Path) -> None:
    lessons = (LessonInfo("one", "One", 1, ("q1",), {"q1": ("Up", "Down", "Sideways")}),)
    record(tmp_path, "a", {"one": [0]}, [("one", "q1", "2", False)])
    record(tmp_path, "b", {"one": [0]}, [("one", "q1", "2,3", False)])
    record(tmp_path, "c", {"one": [0]}, [("one", "q1", "9", False)])
    wrong = read_class(tmp_path, "c", lessons).quizzes[0].common_wrong
    assert wrong == (("2) Down", 1), ("2) Down; 3) Sideways", 1), ("9", 1))
