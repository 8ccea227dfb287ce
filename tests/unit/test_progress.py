"""The progress store: what is recorded comes back, per learner, across reopenings."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor import progress
from tutor.progress import DB_NAME, LessonProgress, ProgressStore


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    opened = ProgressStore.open(tmp_path, "alice")
    yield opened
    opened.close()


def reopen(path: Path, learner: str = "alice") -> ProgressStore:
    return ProgressStore.open(path, learner)


def test_a_fresh_store_is_saved_on_disk_without_warning(tmp_path: Path) -> None:
    with reopen(tmp_path) as store:
        assert store.saving and store.warning is None
        assert store.path == tmp_path / DB_NAME
        assert store.last_position() is None and store.language() is None
        assert store.all_lessons() == {}
    conn = sqlite3.connect(tmp_path / DB_NAME)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert conn.execute("PRAGMA user_version").fetchone() == (len(progress.MIGRATIONS),)


def test_pages_and_position_survive_reopening(tmp_path: Path) -> None:
    with reopen(tmp_path) as store:
        store.record_page("neuron", 0)
        store.record_page("neuron", 1)
        store.record_page("derivative", 3)
        store.record_page("neuron", 2)
    with reopen(tmp_path) as store:
        assert store.last_position() == ("neuron", 2)
        lesson = store.lesson_progress("neuron")
        assert lesson.pages_seen == frozenset({0, 1, 2})
        assert lesson.last_page == 2 and lesson.last_visited is not None
        assert store.lesson_progress("derivative").last_page == 3


def test_revisiting_an_earlier_page_moves_the_position_back(store: ProgressStore) -> None:
    store.record_page("neuron", 4)
    store.record_page("neuron", 1)
    assert store.last_position() == ("neuron", 1)
    assert store.lesson_progress("neuron").pages_seen == frozenset({1, 4})


def test_a_negative_page_is_a_programming_error(store: ProgressStore) -> None:
    with pytest.raises(ValueError, match="page must be >= 0"):
        store.record_page("neuron", -1)


def test_language_round_trip(tmp_path: Path) -> None:
    with reopen(tmp_path) as store:
        store.set_language("zh")
        store.set_language("en")
    with reopen(tmp_path) as store:
        assert store.language() == "en"


def test_quiz_attempts_and_results(tmp_path: Path) -> None:
    with reopen(tmp_path) as store:
        store.record_quiz("neuron", "q-sign", "b", correct=False)
        store.record_quiz("neuron", "q-sign", "a", correct=True)
        store.record_quiz("neuron", "q-sign", "b", correct=False)
        store.record_quiz("neuron", "q-value", "3.5", correct=False)
    with reopen(tmp_path) as store:
        assert store.quiz_results("neuron") == {"q-sign": True, "q-value": False}
        answers = [(a.quiz_id, a.answer, a.correct) for a in store.attempts("neuron")]
        assert answers == [
            ("q-sign", "b", False),
            ("q-sign", "a", True),
            ("q-sign", "b", False),
            ("q-value", "3.5", False),
        ]
        assert [a.answer for a in store.attempts("neuron", "q-value")] == ["3.5"]
        lesson = store.lesson_progress("neuron")
        assert lesson.attempts == 4 and lesson.quizzes == {"q-sign": True, "q-value": False}


def test_widget_state_round_trip(tmp_path: Path) -> None:
    state: dict[str, object] = {"inputs": {"a": -2.0, "b": 3.0}, "step": 0.01, "history": 7}
    with reopen(tmp_path) as store:
        store.save_widget("neuron", "gate", {"x": 0.0})
        store.save_widget("neuron", "gate", state)
        store.save_widget("neuron", "curve-1", {"x": 1.5, "step": 0.1, "history": 2})
    with reopen(tmp_path) as store:
        assert store.load_widget("neuron", "gate") == state
        assert store.load_widget("neuron", "curve-1") == {"x": 1.5, "step": 0.1, "history": 2}
        assert store.load_widget("neuron", "missing") is None
        assert store.load_widget("other", "gate") is None


def test_an_unreadable_widget_row_loads_as_none(tmp_path: Path) -> None:
    with reopen(tmp_path) as store:
        store.save_widget("neuron", "gate", {"x": 1})
    conn = sqlite3.connect(tmp_path / DB_NAME)
    with conn:
        conn.execute("UPDATE widgets SET state = '[1, 2'")
    conn.close()
    with reopen(tmp_path) as store:
        assert store.load_widget("neuron", "gate") is None


def test_learners_do_not_see_each_other(tmp_path: Path) -> None:
    with reopen(tmp_path, "alice") as alice, reopen(tmp_path, "bob") as bob:
        alice.record_page("neuron", 1)
        alice.record_quiz("neuron", "q", "a", correct=True)
        alice.set_language("zh")
        bob.record_page("glossary", 0)
        assert bob.last_position() == ("glossary", 0)
        assert bob.quiz_results("neuron") == {} and bob.language() is None
        assert set(alice.all_lessons()) == {"neuron"}
        assert set(bob.all_lessons()) == {"glossary"}


def test_all_lessons_includes_lessons_with_only_attempts_or_widgets(store: ProgressStore) -> None:
    store.record_quiz("quizzes-only", "q", "a", correct=False)
    store.save_widget("widget-only", "w", {"x": 1})
    store.record_page("pages", 0)
    assert list(store.all_lessons()) == ["pages", "quizzes-only", "widget-only"]
    assert store.all_lessons()["quizzes-only"].attempts == 1


def test_reset_one_lesson_keeps_the_others_and_the_language(store: ProgressStore) -> None:
    store.set_language("zh")
    store.record_page("neuron", 1)
    store.record_quiz("neuron", "q", "a", correct=True)
    store.save_widget("neuron", "gate", {"x": 1})
    store.record_page("derivative", 2)
    store.reset("derivative")
    assert store.last_position() == ("neuron", 1)
    assert set(store.all_lessons()) == {"neuron"}
    store.reset()
    assert store.all_lessons() == {} and store.last_position() is None
    assert store.load_widget("neuron", "gate") is None
    assert store.language() == "zh"


def test_summary_counts_only_what_the_lesson_still_has() -> None:
    recorded = LessonProgress(
        "neuron",
        pages_seen=frozenset({0, 1, 2, 7}),
        quizzes={"q1": True, "renamed-away": True, "q2": False},
    )
    summary = recorded.summary(page_count=3, quiz_ids=["q1", "q2", "q3"])
    assert (summary.pages_seen, summary.pages_total) == (3, 3)
    assert (summary.quizzes_right, summary.quizzes_total) == (1, 3)
    assert not summary.done
    finished = LessonProgress("neuron", frozenset({0, 1}), quizzes={"q1": True})
    assert finished.summary(2, ["q1"]).done
    assert not LessonProgress("empty").summary(0, []).done


def test_resume_survives_lessons_that_changed(store: ProgressStore) -> None:
    store.record_page("neuron", 1)
    store.record_page("removed-lesson", 0)
    store.record_page("shortened", 9)
    course = {"neuron": 5, "shortened": 4}
    assert store.last_position() == ("shortened", 9)
    assert store.resume_position(course) == ("shortened", 3)
    assert store.resume_position({"neuron": 5}) == ("neuron", 1)
    assert store.resume_position({"new-lesson": 2}) is None
    assert store.resume_position({"neuron": 0}) is None


def test_learner_defaults_to_the_environment_then_the_os_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKPROP_TUTOR_LEARNER", "ssh:SHA256:abc")
    with ProgressStore.open(tmp_path) as store:
        assert store.learner == "ssh:SHA256:abc"
    monkeypatch.delenv("BACKPROP_TUTOR_LEARNER")
    monkeypatch.setattr("getpass.getuser", lambda: "carol")
    assert progress.resolve_learner() == "carol"

    def no_user() -> str:
        raise OSError("no login name")

    monkeypatch.setattr("getpass.getuser", no_user)
    assert progress.resolve_learner() == "learner"
    assert progress.resolve_learner("  dave ") == "dave"


def test_home_defaults_to_the_environment_then_platformdirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKPROP_TUTOR_HOME", str(tmp_path / "env-home"))
    with ProgressStore.open(learner="alice") as store:
        store.record_page("neuron", 0)
    assert (tmp_path / "env-home" / DB_NAME).is_file()
    monkeypatch.delenv("BACKPROP_TUTOR_HOME")
    monkeypatch.setattr("platformdirs.user_data_dir", lambda name: f"/data/{name}")
    assert progress.resolve_home() == Path("/data/backprop-tutor")


def test_the_crash_log_goes_to_the_log_folder_unless_home_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKPROP_TUTOR_HOME", str(tmp_path))
    assert progress.crash_log_path() == tmp_path / "crash.log"
    monkeypatch.delenv("BACKPROP_TUTOR_HOME")
    monkeypatch.setattr("platformdirs.user_log_dir", lambda name: f"/logs/{name}")
    monkeypatch.setattr("platformdirs.user_data_dir", lambda name: f"/data/{name}")
    assert progress.crash_log_path() == Path("/logs/backprop-tutor/crash.log")
