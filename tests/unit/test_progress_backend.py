"""The progress interfaces: the SQLite store and class source satisfy them (checked by mypy)."""

from __future__ import annotations

from pathlib import Path

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
