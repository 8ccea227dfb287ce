"""The progress interfaces: the SQLite store and class source satisfy them (checked by mypy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.progress import ProgressStore
from tutor.progress.backend import ClassSource, LearnerProgress, SqliteClass
from tutor.progress.classview import LessonInfo


def test_the_sqlite_store_is_a_learner_progress_and_the_class_sees_it(tmp_path: Path) -> None:
    progress: LearnerProgress = ProgressStore.open(home=tmp_path, learner="ann", course="c")
    progress.record_page("one", 0)
    progress.record_quiz("one", "q", "2", True)
    progress.close()
    source: ClassSource = SqliteClass(tmp_path)
    snapshot = source.read("c", [LessonInfo("one", "One", 1, ("q",))])
    assert [(row.name, row.quizzes_right) for row in snapshot.learners] == [("ann", 1)]


@pytest.mark.abuse
def test_a_learner_sees_only_their_own_progress(tmp_path: Path) -> None:
    with ProgressStore.open(home=tmp_path, learner="name:Li Lei", course="c") as li:
        li.record_page("one", 2)
        li.record_quiz("one", "q", "1", True)
        li.save_widget("one", "neuron:n", {"step": 1})
        li.set_language("zh")
    with ProgressStore.open(home=tmp_path, learner="name:Ann", course="c") as ann:
        assert ann.resume_position({"one": 3}) is None
        assert ann.quiz_results("one") == {}
        assert ann.load_widget("one", "neuron:n") is None
        assert ann.lesson_progress("one").pages_seen == frozenset()
        assert ann.all_lessons() == {} and ann.language() is None
        assert ann.export_data()["lessons"] == {}
