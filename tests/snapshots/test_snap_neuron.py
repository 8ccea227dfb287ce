"""Snapshot tests of the neuron widget at 80x24: at the start, after g, with the table (p)."""

from __future__ import annotations

from collections.abc import Callable

APP = "snap_widget_apps.py:NeuronApp"

SnapCompare = Callable[..., bool]


def test_neuron_at_start(snap_compare: SnapCompare) -> None:
    assert snap_compare(APP, terminal_size=(80, 24))


def test_neuron_after_gradient_step(snap_compare: SnapCompare) -> None:
    assert snap_compare(APP, press=["g"], terminal_size=(80, 24))


def test_neuron_with_table(snap_compare: SnapCompare) -> None:
    assert snap_compare(APP, press=["g", "g", "p"], terminal_size=(80, 24))
