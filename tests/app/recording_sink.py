"""A progress sink for widget tests: it keeps what the widgets report, in order."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


class RecordingSink:
    """Records answers and state snapshots (taken when reported); can be told to fail."""

    def __init__(self, *, failing: bool = False) -> None:
        self.failing = failing
        self.answers: list[tuple[str, str, bool]] = []
        """(quiz id, answer, correct), in order."""
        self.states: list[tuple[str, dict[str, Any]]] = []
        """(widget key, snapshot at the time of the report), in order."""

    def quiz_answered(self, quiz_id: str, answer: str, correct: bool) -> None:
        if self.failing:
            raise OSError("disk full")
        self.answers.append((quiz_id, answer, correct))

    def state_changed(self, widget_key: str, snapshot: Callable[[], Mapping[str, object]]) -> None:
        self.states.append((widget_key, dict(snapshot())))
