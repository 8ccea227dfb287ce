"""What :class:`~tutor.progress.store.ProgressStore` hands back: an attempt, a lesson's progress
and its summary against the lesson as it is now. Plain frozen data classes, importable from
`tutor.progress` (and, as before, from `tutor.progress.store`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Attempt:
    """One answer to a quiz, as recorded."""

    quiz_id: str
    answer: str
    correct: bool
    at: str
    """When, as ISO 8601 UTC (``2025-01-31T12:00:00.000000Z``)."""


@dataclass(frozen=True)
class LessonSummary:
    """Progress of one lesson measured against the lesson as it is now (for the lesson list)."""

    pages_seen: int
    pages_total: int
    quizzes_right: int
    quizzes_total: int

    @property
    def done(self) -> bool:
        """True when every page was seen and every quiz answered right at least once."""
        return (
            self.pages_total > 0
            and self.pages_seen >= self.pages_total
            and self.quizzes_right >= self.quizzes_total
        )


@dataclass(frozen=True)
class LessonProgress:
    """What the store holds for one lesson; may name pages and quizzes the lesson no longer has."""

    lesson_id: str
    pages_seen: frozenset[int] = frozenset()
    """0-based page indexes ever shown."""
    last_page: int | None = None
    last_visited: str | None = None
    quizzes: Mapping[str, bool] = field(default_factory=dict)
    """Quiz id -> answered right at least once."""
    attempts: int = 0

    def summary(self, page_count: int, quiz_ids: Collection[str]) -> LessonSummary:
        """Count only the pages and quizzes the lesson still has (lessons change between visits)."""
        seen = sum(1 for page in self.pages_seen if 0 <= page < page_count)
        ids = set(quiz_ids)
        right = sum(1 for quiz in ids if self.quizzes.get(quiz, False))
        return LessonSummary(seen, page_count, right, len(ids))
