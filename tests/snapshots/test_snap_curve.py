"""Snapshot tests of the curve widget: at the start, after a step past the peak (80x24 and
120x40), and under --ascii."""

from __future__ import annotations

from collections.abc import Callable

APP = "snap_widget_apps.py:CurveApp"
ASCII = "snap_widget_apps.py:AsciiCurveApp"

SnapCompare = Callable[..., bool]


def test_curve_at_start(snap_compare: SnapCompare) -> None:
    assert snap_compare(APP, terminal_size=(80, 24))


def test_curve_after_jumping_past_the_peak(snap_compare: SnapCompare) -> None:
    assert snap_compare(APP, press=["g"], terminal_size=(80, 24))


def test_curve_leaving_its_range_keeps_the_point_in_view(snap_compare: SnapCompare) -> None:
    assert snap_compare(APP, press=["plus", "g", "g"], terminal_size=(120, 40))


def test_curve_in_ascii(snap_compare: SnapCompare) -> None:
    assert snap_compare(ASCII, press=["g"], terminal_size=(80, 24))
