"""The one progress channel: answers committed at once, widget states batched, nothing when idle."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tutor.progress import ProgressStore
from tutor.progress.sink import SAVE_AFTER, LessonRecorder


class FakeTimers:
    """Stands in for the screen's set_timer: keeps what was scheduled, runs it on demand."""

    def __init__(self) -> None:
        self.scheduled: list[tuple[float, Callable[[], None]]] = []

    def __call__(self, delay: float, callback: Callable[[], None]) -> object:
        self.scheduled.append((delay, callback))
        return None

    def fire(self) -> None:
        scheduled, self.scheduled = self.scheduled, []
        for _, callback in scheduled:
            callback()


def test_an_answer_is_in_the_store_when_quiz_answered_returns(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, "alice") as store:
        sink = LessonRecorder(store, "neuron", FakeTimers())
        sink.quiz_answered("q1", "2", True)
        with ProgressStore.open(tmp_path, "alice") as other:  # another connection sees it
            assert other.quiz_results("neuron") == {"q1": True}


def test_changes_are_batched_into_one_write_after_a_moment(tmp_path: Path) -> None:
    timers = FakeTimers()
    state = {"step": 0.01, "count": 0}
    with ProgressStore.open(tmp_path, "alice") as store:
        sink = LessonRecorder(store, "neuron", timers)
        assert timers.scheduled == []  # nothing changed: nothing scheduled
        for count in range(1, 4):
            state["count"] = count
            sink.state_changed("neuron:n", lambda: dict(state))
        assert [delay for delay, _ in timers.scheduled] == [SAVE_AFTER]  # one timer for three
        assert sink.pending and store.load_widget("neuron", "neuron:n") is None
        timers.fire()
        assert store.load_widget("neuron", "neuron:n") == {"step": 0.01, "count": 3}
        assert not sink.pending
        timers.fire()  # nothing scheduled, nothing written
        sink.state_changed("neuron:n", lambda: {"count": 4})
        assert len(timers.scheduled) == 1  # the next change schedules the next write


def test_flush_writes_at_once_and_without_a_schedule_every_change_is_written(
    tmp_path: Path,
) -> None:
    with ProgressStore.open(tmp_path, "alice") as store:
        sink = LessonRecorder(store, "curve", FakeTimers())
        sink.state_changed("curve@1", lambda: {"xs": [1.0]})
        sink.flush()
        assert store.load_widget("curve", "curve@1") == {"xs": [1.0]}
        direct = LessonRecorder(store, "curve")
        direct.state_changed("curve@1", lambda: {"xs": [1.0, 1.2]})
        assert store.load_widget("curve", "curve@1") == {"xs": [1.0, 1.2]}
