"""Snapshots of the quiz, the error box and a Chinese paragraph at 80x24."""

from __future__ import annotations

from collections.abc import Callable

APPS = "snap_quiz_apps.py"

SnapCompare = Callable[..., bool]


def test_quiz_unanswered(snap_compare: SnapCompare) -> None:
    assert snap_compare(f"{APPS}:ChoiceQuizApp", terminal_size=(80, 24))


def test_quiz_answered_wrong_shows_why(snap_compare: SnapCompare) -> None:
    assert snap_compare(f"{APPS}:ChoiceQuizApp", press=["1", "enter"], terminal_size=(80, 24))


def test_quiz_answered_right_shows_explain(snap_compare: SnapCompare) -> None:
    assert snap_compare(f"{APPS}:ChoiceQuizApp", press=["2", "enter"], terminal_size=(80, 24))


def test_quiz_numeric_answered(snap_compare: SnapCompare) -> None:
    keys = [*"5.06*6.05", "enter"]
    assert snap_compare(f"{APPS}:NumericQuizApp", press=keys, terminal_size=(80, 24))


def test_error_box(snap_compare: SnapCompare) -> None:
    assert snap_compare(f"{APPS}:ErrorBoxApp", terminal_size=(80, 24))


def test_chinese_paragraph(snap_compare: SnapCompare) -> None:
    assert snap_compare(f"{APPS}:ChineseApp", terminal_size=(80, 24))
