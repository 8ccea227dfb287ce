"""Snapshot tests of the neuron widget: each view (history, plane, table) at 80x24 and 120x40,
from (5, 6) and from (−5, −6), and under --ascii."""

from __future__ import annotations

from collections.abc import Callable

import pytest

APP = "snap_widget_apps.py:NeuronApp"
ASCII = "snap_widget_apps.py:AsciiNeuronApp"
NEGATIVE = "snap_widget_apps.py:NegativeNeuronApp"

SnapCompare = Callable[..., bool]

SIZES = [(80, 24), (120, 40)]


def test_neuron_at_start(snap_compare: SnapCompare) -> None:
    assert snap_compare(APP, terminal_size=(80, 24))


def test_neuron_after_gradient_step(snap_compare: SnapCompare) -> None:
    assert snap_compare(APP, press=["g"], terminal_size=(80, 24))


def test_neuron_with_table(snap_compare: SnapCompare) -> None:
    assert snap_compare(APP, press=["g", "g", "p"], terminal_size=(80, 24))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_history_view(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(APP, press=["g", "g", "g", "up"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_plane_view(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(APP, press=["g", "g", "g", "up", "v"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_table_view(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(APP, press=["g", "g", "g", "v", "v"], terminal_size=size)


def test_plane_view_from_minus_5_minus_6(snap_compare: SnapCompare) -> None:
    assert snap_compare(NEGATIVE, press=["v", "r", "r", "r", "r", "g", "g"], terminal_size=(80, 24))


@pytest.mark.parametrize(
    "keys", [["g", "g"], ["g", "g", "v"], ["g", "g", "v", "v"]], ids=["history", "plane", "table"]
)
def test_ascii_views(snap_compare: SnapCompare, keys: list[str]) -> None:
    assert snap_compare(ASCII, press=keys, terminal_size=(80, 24))
