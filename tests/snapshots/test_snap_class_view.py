"""Snapshots of the class screen at 100x24: the learners, the quizzes and the lesson funnel."""

from __future__ import annotations

from collections.abc import Callable

from class_fixture import NOW, SNAPSHOT

from tutor.classroom.app import ClassApp

SnapCompare = Callable[..., bool]
SIZE = (100, 24)


def build() -> ClassApp:
    """The class screen on the fixed class, never refreshing during the snapshot."""
    return ClassApp(lambda: SNAPSHOT, interval=3600, clock=lambda: NOW)


def test_learners(snap_compare: SnapCompare) -> None:
    assert snap_compare(build(), terminal_size=SIZE)


def test_learners_sorted_by_progress(snap_compare: SnapCompare) -> None:
    assert snap_compare(build(), press=["s", "s", "r"], terminal_size=SIZE)


def test_quizzes(snap_compare: SnapCompare) -> None:
    assert snap_compare(build(), press=["2"], terminal_size=SIZE)


def test_lesson_funnel(snap_compare: SnapCompare) -> None:
    assert snap_compare(build(), press=["3"], terminal_size=SIZE)
