"""The narrow interface between the progress store and everything that uses it.

The reader (app, screens, widgets through `LessonRecorder`) needs only `LearnerProgress`: one
learner's progress in one course. The class view needs only `ClassSource`. `ProgressStore`
(SQLite, one file per server) implements the first and `SqliteClass` the second. A shared
database for several hosts (PostgreSQL, docs/serving.md) would implement the same two, and
only the place that opens the store (`ProgressStore.open`, called by the CLI's reader entry)
would choose between them: the reader, the screens and the widgets would not change.

Rules any backend keeps (docs/progress.md): a write is durable when its method returns (the
quiz draws ✓/✗ only afterwards); opening never raises (a backend that cannot reach its
database runs in memory and says so in `warning`); a learner's methods never read another
learner's rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from tutor.progress.classview import ClassSnapshot, LessonInfo, read_class
from tutor.progress.store import LessonProgress


class LearnerProgress(Protocol):
    """One learner's progress in one course: all the reader calls."""

    warning: str | None
    """One line for the UI when something went wrong (not saving, file moved aside)."""

    @property
    def saving(self) -> bool:
        """False when this session's progress lives in memory only."""

    def language(self) -> str | None:
        """The learner's chosen language (per learner, whatever the course)."""

    def set_language(self, lang: str) -> None:
        """Remember the learner's language."""

    def record_page(self, lesson_id: str, page: int) -> None:
        """Mark a page seen and make it the place to resume."""

    def resume_position(self, page_counts: Mapping[str, int]) -> tuple[str, int] | None:
        """Where to reopen, given the course as it is now."""

    def record_quiz(self, lesson_id: str, quiz_id: str, answer: str, correct: bool) -> None:
        """Count one answer (kept if worth keeping); durable on return."""

    def quiz_results(self, lesson_id: str) -> dict[str, bool]:
        """Quiz id -> answered right at least once."""

    def save_widget(self, lesson_id: str, widget_key: str, state: Mapping[str, object]) -> None:
        """Remember a widget's state."""

    def load_widget(
        self, lesson_id: str, widget_key: str, legacy_key: str | None = None
    ) -> dict[str, object] | None:
        """A widget's last saved state, or None."""

    def lesson_progress(self, lesson_id: str) -> LessonProgress:
        """What is recorded for one lesson (for the lesson list)."""

    def close(self) -> None:
        """Release the connection; everything was already committed."""


class ClassSource(Protocol):
    """Every learner of one course at once, read-only: all the class view calls."""

    def read(self, course: str, lessons: Sequence[LessonInfo]) -> ClassSnapshot:
        """The class now (raises `ClassViewError` with one line when it cannot be read)."""


class SqliteClass:
    """The class view's source in the server's SQLite file (read-only connections)."""

    def __init__(self, home: Path) -> None:
        """Read the progress file in the data folder `home`."""
        self.home = home

    def read(self, course: str, lessons: Sequence[LessonInfo]) -> ClassSnapshot:
        """See `tutor.progress.classview.read_class`."""
        return read_class(self.home, course, lessons)
