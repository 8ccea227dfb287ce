"""Snapshot of a code cell after a run, at 80x24."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

SnapCompare = Callable[..., bool]


async def run_and_wait(pilot: Pilot[Any]) -> None:
    """Run the cell and wait for its process to end."""
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_code_cell_after_a_run(snap_compare: SnapCompare) -> None:
    app = "snap_quiz_apps.py:CodeCellApp"
    assert snap_compare(app, run_before=run_and_wait, terminal_size=(80, 24))
