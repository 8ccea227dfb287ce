"""Pilot tests for the Curve widget: steps, step size, moves, undo, reset, overshoot, marks."""

from __future__ import annotations

from typing import Any

import pytest
from recording_sink import RecordingSink
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from tutor.course.model import CurveSpec
from tutor.maths.expr import parse
from tutor.maths.numfmt import fmt
from tutor.widgets.curve import Curve
from tutor.widgets.plot import Plot

HILL = parse("4 - (x - 2)**2", ["x"])


def spec(x: float = 1.0, step: float = 0.1) -> CurveSpec:
    """Lesson 5's hill, peak at B = 2, with the marks A, B, C."""
    return CurveSpec(
        f=HILL, x=x, range=(-0.5, 4.5), line=1, step=step, marks={"A": 1.0, "B": 2.0, "C": 3.0}
    )


class CurveApp(App[None]):
    """Mounts one focused curve and records what it reports to its progress sink."""

    def __init__(self, curve_spec: CurveSpec) -> None:
        super().__init__()
        self.curve_spec = curve_spec
        self.sink = RecordingSink()

    def compose(self) -> ComposeResult:
        yield Curve(self.curve_spec, key="lesson/curve-1", progress=self.sink, id="curve")

    def on_mount(self) -> None:
        self.query_one(Curve).focus()

    @property
    def steps(self) -> list[dict[str, Any]]:
        """The snapshots reported, one per change."""
        assert all(key == "lesson/curve-1" for key, _ in self.sink.states)
        return [snapshot for _, snapshot in self.sink.states]


def text_of(app: App[None], widget_id: str) -> str:
    """The plain text a widget shows."""
    return str(app.query_one(f"#{widget_id}").render())


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys and let the widget repaint."""
    await pilot.press(*keys)
    await pilot.pause()


async def test_ascent_and_descent_steps() -> None:
    app = CurveApp(spec())
    async with app.run_test(size=(80, 24)) as pilot:
        curve = app.query_one(Curve)
        await press(pilot, "g")
        assert curve.state.x == pytest.approx(1.2)
        assert curve.state.y == pytest.approx(3.36)
        assert "x = 1.2   y = 3.36" in text_of(app, "values")
        assert "ascent: y 3 → 3.36 (+0.36)" in text_of(app, "status")
        assert app.steps == [curve.state.snapshot()]
        await press(pilot, "G", "G")
        assert curve.state.x == pytest.approx(0.848)
        assert app.steps[-1]["xs"] == pytest.approx([1.0, 1.2, 1.04, 0.848])


async def test_plus_and_minus_double_and_halve_the_step() -> None:
    app = CurveApp(spec())
    async with app.run_test(size=(80, 24)) as pilot:
        curve = app.query_one(Curve)
        await press(pilot, "plus")
        assert curve.state.step == pytest.approx(0.2)
        assert "step 0.2" in text_of(app, "values")
        await press(pilot, "minus", "minus")
        assert curve.state.step == pytest.approx(0.05)
        assert app.steps == []


async def test_arrows_move_x_by_a_fortieth_of_the_range() -> None:
    app = CurveApp(spec())
    async with app.run_test(size=(80, 24)) as pilot:
        curve = app.query_one(Curve)
        await press(pilot, "right")
        assert curve.state.x == pytest.approx(1.125)
        await press(pilot, "left", "left")
        assert curve.state.x == pytest.approx(0.875)
        assert [len(step["xs"]) for step in app.steps] == [2, 3, 4]
        assert app.steps[-1]["xs"] == pytest.approx([1.0, 1.125, 1.0, 0.875])


async def test_undo_and_reset() -> None:
    app = CurveApp(spec())
    async with app.run_test(size=(80, 24)) as pilot:
        curve = app.query_one(Curve)
        await press(pilot, "g", "g", "u")
        assert curve.state.x == pytest.approx(1.2)
        assert len(app.steps) == 3 and app.steps[-1]["xs"] == pytest.approx([1.0, 1.2])
        await press(pilot, "g", "0")
        assert curve.state.x == 1.0
        assert app.steps[-1]["xs"] == [1.0]
        await press(pilot, "u")
        assert "nothing to undo" in text_of(app, "status")


async def test_a_step_past_the_peak_says_so() -> None:
    app = CurveApp(spec(x=1.5, step=1.5))
    async with app.run_test(size=(80, 24)) as pilot:
        curve = app.query_one(Curve)
        await press(pilot, "g")
        assert curve.state.x == pytest.approx(3.0)
        status = text_of(app, "status")
        assert "y fell by 0.75: the step jumped past the peak" in status
        assert "smaller step (-)" in status
        await press(pilot, "u", "minus", "minus", "g")
        assert "ascent: y" in text_of(app, "status")
        assert len(app.steps) == 3


async def test_marks_point_and_tangent_are_drawn() -> None:
    app = CurveApp(spec())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        picture = text_of(app, "plot")
        for label in ("A", "B", "C"):
            assert label in picture
        assert "●" in picture  # the current point
        assert "·" in picture  # its tangent
        data = app.query_one(Plot).data
        assert [label.text for label in data.labels] == ["A", "B", "C"]


async def test_non_finite_step_leaves_the_state() -> None:
    steep = CurveSpec(f=parse("exp(x)", ["x"]), x=700.0, range=(690.0, 710.0), line=1, step=1.0)
    app = CurveApp(steep)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "g")
        assert app.query_one(Curve).state.x == 700.0
        assert "nothing changed" in text_of(app, "status")
        assert app.steps == []


async def test_snapshot_restore_and_junk() -> None:
    app = CurveApp(spec())
    async with app.run_test(size=(80, 24)) as pilot:
        curve = app.query_one(Curve)
        await press(pilot, "plus", "g", "g")
        saved = curve.snapshot()
        assert saved == curve.state.snapshot()  # the state's snapshot is the saved format
        x = curve.state.x
        await press(pilot, "0")
        curve.restore(saved)
        assert curve.state.x == x
        assert curve.state.step == pytest.approx(0.2)
        for junk in ({}, {"step": 0.1, "history": [9.0]}, {"step": "x", "history": [1.0]}):
            curve.restore(junk)
            assert curve.snapshot() == saved
        await press(pilot, "0")
        curve.restore({"x": x, "step": 0.2, "history": saved["xs"]})  # the old widget format
        assert curve.state.x == x
        await pilot.pause()
        assert text_of(app, "values").startswith(f"x = {fmt(curve.state.x)}   y = ")
