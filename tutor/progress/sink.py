"""The one channel from a lesson's widgets to the progress store.

Every widget that has progress gets a `ProgressSink` when it is built and reports to it: a quiz
calls `quiz_answered` (synchronously, before it shows any feedback, so what the learner sees
acknowledged is on disk), a neuron or a curve calls `state_changed` after every change.
`LessonRecorder` is the sink the reader gives the widgets of one lesson: answers are committed
at once; widget states are kept in memory and written together a moment later (a burst of key
presses is one write), or at once by `flush` (the screen flushes when the page changes). When
nothing changed no timer runs, so an idle reader costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from tutor.progress.store import ProgressStore

SAVE_AFTER = 2.0
"""Seconds between a widget's first unsaved change and the write of every pending state."""

Snapshot = Callable[[], Mapping[str, object]]
"""Returns a widget's state as JSON-able data; called when the state is written."""

Schedule = Callable[[float, Callable[[], None]], object]
"""Calls a function once after a delay (the screen's ``set_timer``)."""


class ProgressSink(Protocol):
    """Where a widget reports what the learner did."""

    def quiz_answered(self, quiz_id: str, answer: str, correct: bool) -> None:
        """Record an answer; on return it is durable. Raises when it could not be saved."""

    def state_changed(self, widget_key: str, snapshot: Snapshot) -> None:
        """Note that a widget's state changed; ``snapshot`` gives it when it is written."""


class LessonRecorder:
    """The progress sink of one lesson: the widgets' reports go to the store under its id."""

    def __init__(
        self, store: ProgressStore, lesson_id: str, schedule: Schedule | None = None
    ) -> None:
        """Create the sink.

        Args:
            store: The learner's progress store.
            lesson_id: The lesson whose widgets report here.
            schedule: Runs `flush` once, `SAVE_AFTER` seconds after the first unsaved change;
                None writes every change at once.
        """
        self.store = store
        self.lesson_id = lesson_id
        self._schedule = schedule
        self._pending: dict[str, Snapshot] = {}

    def quiz_answered(self, quiz_id: str, answer: str, correct: bool) -> None:
        """Commit the answer before returning (the quiz shows its feedback afterwards)."""
        self.store.record_quiz(self.lesson_id, quiz_id, answer, correct)

    def state_changed(self, widget_key: str, snapshot: Snapshot) -> None:
        """Keep the change; the first one since the last write schedules the next write."""
        first = not self._pending
        self._pending[widget_key] = snapshot
        if self._schedule is None:
            self.flush()
        elif first:
            self._schedule(SAVE_AFTER, self.flush)

    @property
    def pending(self) -> bool:
        """True when some widget's change is not written yet."""
        return bool(self._pending)

    def flush(self) -> None:
        """Write every pending widget state now (nothing to do when nothing changed)."""
        pending, self._pending = self._pending, {}
        for key, snapshot in pending.items():
            self.store.save_widget(self.lesson_id, key, snapshot())
