"""Snapshot tests of the curve widget at 80x24: at the start, after a step past the peak."""

from __future__ import annotations

from collections.abc import Callable

APP = "snap_widget_apps.py:CurveApp"

SnapCompare = Callable[..., bool]


def test_curve_at_start(snap_compare: SnapCompare) -> None:
    assert snap_compare(APP, terminal_size=(80, 24))


def test_curve_after_jumping_past_the_peak(snap_compare: SnapCompare) -> None:
    assert snap_compare(APP, press=["g"], terminal_size=(80, 24))
