"""Bounded quiz attempts: a flood of answers costs the store a count, not a row per answer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tutor.progress import DB_NAME, ProgressStore
from tutor.progress.attempts import kept
from tutor.progress.db import MAX_ANSWER


def _pages(home: Path) -> int:
    """The store's size in pages, with everything in the WAL moved into the file first."""
    conn = sqlite3.connect(home / DB_NAME)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return int(conn.execute("PRAGMA page_count").fetchone()[0])
    finally:
        conn.close()


def test_repeated_identical_answers_are_counted_not_stored(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, "alice") as store:
        store.record_quiz("neuron", "q1", "30.6", correct=False)
        pages = _pages(tmp_path)
        for _ in range(250):
            store.record_quiz("neuron", "q1", "30.6", correct=False)
        assert [a.answer for a in store.attempts("neuron", "q1")] == ["30.6"]
        assert store.lesson_progress("neuron").attempts == 251
        assert _pages(tmp_path) == pages  # not one page more in the store


def test_each_quiz_keeps_the_first_the_last_right_and_the_latest(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, "alice") as store:
        for i in range(1000):
            store.record_quiz("neuron", "q1", f"a{i}", correct=i in (3, 500))
        kept_answers = [(a.answer, a.correct) for a in store.attempts("neuron", "q1")]
        assert kept_answers == [("a0", False), ("a500", True), ("a999", False)]
        assert store.quiz_results("neuron") == {"q1": True}
        assert store.lesson_progress("neuron").attempts == 1000
        store.record_quiz("neuron", "q2", "x", correct=False)
        assert len(store.attempts("neuron")) == 4  # per quiz: the other quiz is untouched


def test_answers_are_cut_to_the_longest_kept(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, "alice") as store:
        store.record_quiz("neuron", "q1", "9" * 100_000, correct=False)
        (attempt,) = store.attempts("neuron")
        assert attempt.answer == "9" * MAX_ANSWER


def test_kept_is_deterministic_and_keeps_at_most_three() -> None:
    rows = [(f"a{i}", i % 7 == 0, f"2026-01-01T00:00:{i:02d}Z") for i in range(40)]
    assert kept(rows) == [rows[0], rows[35], rows[39]]
    assert kept(reversed(rows)) == kept(rows)
    assert kept(rows[:3]) == [rows[0], rows[2]]  # no right one after the first: two kept
    assert kept([]) == []
    assert kept([row for row in rows if not row[1]]) == [rows[1], rows[39]]


def _export(attempts: int) -> dict[str, object]:
    entries = [
        {"quiz": "q1", "answer": f"a{i}", "correct": i == 7, "at": f"2026-01-01T{i:012d}Z"}
        for i in range(attempts)
    ]
    for entry in entries:  # ISO times, in order
        i = int(str(entry["answer"])[1:])
        entry["at"] = f"2026-01-01T00:00:00.{i:06d}Z"
    lessons = {"neuron": {"attempts": entries}}
    return {"format": "backprop-tutor-progress", "version": 1, "lessons": lessons}


def test_importing_a_huge_export_keeps_three_rows_and_the_count(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, "alice") as store:
        store.record_quiz("neuron", "q1", "mine", correct=False)
        store.import_data(_export(30_000))
        kept_answers = [a.answer for a in store.attempts("neuron", "q1")]
        assert kept_answers == ["a0", "a7", "mine"]  # "mine" is the latest (recorded now)
        assert store.lesson_progress("neuron").attempts == 30_000  # the larger count
        store.import_data(_export(30_000))  # twice: nothing changes
        assert [a.answer for a in store.attempts("neuron", "q1")] == kept_answers
        assert store.lesson_progress("neuron").attempts == 30_000


def _statements_to_import(home: Path, attempts: int) -> list[str]:
    with ProgressStore.open(home, "alice") as store:
        statements: list[str] = []
        store._conn.set_trace_callback(statements.append)  # the test reads the SQL run
        store.import_data(_export(attempts))
        return statements


def test_an_import_holds_the_write_lock_for_a_bounded_number_of_statements(
    tmp_path: Path,
) -> None:
    """Not a speed test: the work done under the write lock does not grow with the export.

    The merge reduces a quiz's attempts before writing (benchmarks/bench_progress.py prints the
    times); before, each of the 20,000 attempts was one INSERT with a scan of the quiz's rows.
    """
    small = _statements_to_import(tmp_path / "small", 1_000)
    large = _statements_to_import(tmp_path / "large", 20_000)
    assert len(large) == len(small) < 20
