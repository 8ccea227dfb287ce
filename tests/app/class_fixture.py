"""A fixed class for the class screen's Pilot and snapshot tests (no file, no clock)."""

from __future__ import annotations

from datetime import datetime, timezone

from tutor.progress.classview import (
    ClassSnapshot,
    FunnelRow,
    LearnerRow,
    LessonInfo,
    QuizRow,
)

NOW = datetime(2026, 12, 1, 10, 0, 0, tzinfo=timezone.utc)
LESSONS = (
    LessonInfo("neuron", "A neuron that multiplies", 6, ("predict-up-a", "which-input")),
    LessonInfo("derivative", "The derivative", 5, ("slope",)),
)


def learner(
    name: str, lesson: str | None, page: int, seen: int, right: int, tried: int, at: str | None
) -> LearnerRow:
    """A learner row (a roster name)."""
    return LearnerRow(f"name:{name}", name, lesson, page, seen, right, tried, at)


SNAPSHOT = ClassSnapshot(
    course="bundled",
    learners=(
        learner("Ann", "derivative", 2, 9, 2, 3, "2026-12-01T09:59:48.000000Z"),
        learner("Li Lei", "neuron", 4, 5, 1, 1, "2026-12-01T09:55:00.000000Z"),
        learner("Zed\x1b[2J", None, 0, 0, 0, 0, None),
        learner("Bo", "neuron", 0, 1, 0, 0, "2026-11-30T09:00:00.000000Z"),
    ),
    quizzes=(
        QuizRow("neuron", "predict-up-a", 3, 1, 2, 7, (("31", 2), ("36", 1))),
        QuizRow("neuron", "which-input", 1, 1, 1, 1, ()),
        QuizRow("derivative", "slope", 1, 0, 0, 2, (("2) Down", 1),)),
    ),
    funnel=(
        FunnelRow("neuron", "A neuron that multiplies", 3, 2, 1),
        FunnelRow("derivative", "The derivative", 1, 0, 0),
    ),
    lessons=LESSONS,
)
