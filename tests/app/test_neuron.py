"""Pilot tests for the Neuron widget: every key, what it reports, saving and restoring."""

from __future__ import annotations

import random
from typing import Any

import pytest
from recording_sink import RecordingSink
from screen_text import screen_text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static

from tutor.course.model import NeuronSpec
from tutor.maths.expr import parse
from tutor.widgets.neuron import Neuron
from tutor.widgets.plot import Plot

AB = parse("a * b", ["a", "b"])


def spec(**changes: object) -> NeuronSpec:
    """The article's neuron f = a·b at (5, 6), with some settings changed."""
    settings: dict[str, object] = {"inputs": {"a": 5.0, "b": 6.0}, "f": AB, "line": 1}
    settings.update(changes)
    return NeuronSpec(**settings)  # type: ignore[arg-type]


class NeuronApp(App[None]):
    """Mounts one focused neuron and records what it reports to its progress sink."""

    def __init__(self, neuron_spec: NeuronSpec) -> None:
        super().__init__()
        self.neuron_spec = neuron_spec
        self.sink = RecordingSink()

    def compose(self) -> ComposeResult:
        yield Neuron(self.neuron_spec, key="lesson/neuron-1", progress=self.sink, id="neuron")

    def on_mount(self) -> None:
        self.query_one(Neuron).focus()

    @property
    def steps(self) -> list[dict[str, Any]]:
        """The snapshots reported, one per change."""
        assert all(key == "lesson/neuron-1" for key, _ in self.sink.states)
        return [snapshot for _, snapshot in self.sink.states]


def text_of(app: App[None], widget_id: str) -> str:
    """The plain text a value widget shows."""
    return str(app.query_one(f"#{widget_id}", Static).render())


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys and let the widget repaint."""
    await pilot.press(*keys)
    await pilot.pause()


async def test_gradient_sequential_gives_the_article_number() -> None:
    app = NeuronApp(spec(update="sequential"))
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "g")
        neuron = app.query_one(Neuron)
        assert neuron.state.output == pytest.approx(30.616036)
        assert "output = 30.616036" in text_of(app, "output")
        assert "+0.616036" in text_of(app, "status")
        assert "sequential update" in text_of(app, "info")
        assert app.steps == [{**neuron.state.snapshot(), "view": neuron.view}]
        path = app.steps[0]["path"]
        assert path == [{"a": 5.0, "b": 6.0}, pytest.approx({"a": 5.06, "b": 6.0506})]


async def test_gradient_simultaneous_gives_30_613() -> None:
    app = NeuronApp(spec())
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "g")
        assert app.query_one(Neuron).state.inputs == pytest.approx({"a": 5.06, "b": 6.05})
        assert "output = 30.613" in text_of(app, "output")
        assert "sequential" not in text_of(app, "info")


async def test_partials_are_shown_under_each_input() -> None:
    app = NeuronApp(spec())
    async with app.run_test(size=(80, 24)) as pilot:
        shown = text_of(app, "inputs")
        assert "∂f/∂a = 6" in shown and "∂f/∂b = 5" in shown
        await press(pilot, "g")
        shown = text_of(app, "inputs")
        assert "∂f/∂a = 6.05" in shown and "∂f/∂b = 5.06" in shown


async def test_random_nudge_with_seed_follows_the_seeded_sequence() -> None:
    app = NeuronApp(spec(seed=7, actions=("random",)))
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "r")
        rng = random.Random(7)
        expected = {"a": 5 + 0.01 * rng.random(), "b": 6 + 0.01 * rng.random()}
        neuron = app.query_one(Neuron)
        assert neuron.state.inputs == pytest.approx(expected)
        assert app.steps == [{**neuron.state.snapshot(), "view": neuron.view}]
        assert app.steps[0]["draws"] == [0, 2]
        assert "seed 7" in text_of(app, "info")


async def test_numeric_nudge_uses_the_numerical_gradient() -> None:
    app = NeuronApp(spec(h=0.0001))
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "d")
        inputs = app.query_one(Neuron).state.inputs
        assert inputs["a"] == pytest.approx(5.06, abs=1e-9)
        assert inputs["b"] == pytest.approx(6.05, abs=1e-9)
        assert len(app.steps) == 1


async def test_arrows_select_and_change_inputs() -> None:
    app = NeuronApp(spec())
    async with app.run_test(size=(80, 24)) as pilot:
        neuron = app.query_one(Neuron)
        assert "▸[a = 5" in text_of(app, "inputs")
        await press(pilot, "right")
        assert neuron.selected == 1
        assert "▸[b = 6" in text_of(app, "inputs")
        await press(pilot, "up")
        assert neuron.state.inputs["b"] == pytest.approx(6.1)
        await press(pilot, "shift+down")
        assert neuron.state.inputs["b"] == pytest.approx(5.1)
        await press(pilot, "right")  # wraps around to a
        assert neuron.selected == 0
        await press(pilot, "down", "left")
        assert neuron.state.inputs == pytest.approx({"a": 4.9, "b": 5.1})
        assert neuron.selected == 1
        assert "output = 24.99" in text_of(app, "output")
        assert len(app.steps) == 3
        assert app.steps[-1]["path"][-1] == pytest.approx({"a": 4.9, "b": 5.1})


async def test_undo_and_reset() -> None:
    app = NeuronApp(spec(update="sequential"))
    async with app.run_test(size=(80, 24)) as pilot:
        neuron = app.query_one(Neuron)
        await press(pilot, "g", "g")
        await press(pilot, "u")
        assert neuron.state.output == pytest.approx(30.616036)
        assert len(app.steps) == 3 and len(app.steps[-1]["path"]) == 2  # undo is a change too
        await press(pilot, "g", "0")
        assert neuron.state.inputs == {"a": 5.0, "b": 6.0}
        assert neuron.state.nudges == 0
        assert "output = 30" in text_of(app, "output")
        assert app.steps[-1]["path"] == [{"a": 5.0, "b": 6.0}]
        count = len(app.steps)
        await press(pilot, "u")
        assert "nothing to undo" in text_of(app, "status")
        assert len(app.steps) == count


async def test_p_toggles_table_and_plot() -> None:
    app = NeuronApp(spec(update="sequential"))
    async with app.run_test(size=(80, 24)) as pilot:
        plot = app.query_one("#history")
        table = app.query_one("#table", Static)
        assert plot.display and not table.display
        await press(pilot, "g", "p")
        assert table.display and not plot.display
        rows = text_of(app, "table").splitlines()
        assert rows[0].split() == ["nudge", "a", "b", "output"]
        assert rows[-1].split() == ["1", "5.06", "6.0506", "30.616036"]
        await press(pilot, "p")
        assert plot.display and not table.display
        assert app.query_one("#plot", Plot).data.series[0].ys == pytest.approx((30.0, 30.616036))


async def test_action_not_offered_does_nothing_and_says_so() -> None:
    app = NeuronApp(spec(actions=("random",), seed=1))
    async with app.run_test(size=(80, 24)) as pilot:
        neuron = app.query_one(Neuron)
        await press(pilot, "g", "d")
        assert neuron.state.nudges == 0
        assert app.steps == []
        assert "numerical gradient is not offered here" in text_of(app, "status")
        assert neuron.check_action("nudge", ("gradient",)) is False
        assert neuron.check_action("nudge", ("random",)) is True


async def test_a_non_finite_result_leaves_the_state_and_shows_why() -> None:
    big = NeuronSpec(inputs={"x": 700.0}, f=parse("exp(x)", ["x"]), line=1, step=10.0)
    app = NeuronApp(big)
    async with app.run_test(size=(80, 24)) as pilot:
        neuron = app.query_one(Neuron)
        await press(pilot, "g")
        assert neuron.state.inputs == {"x": 700.0}
        assert "nothing changed" in text_of(app, "status")
        assert app.steps == []


async def test_snapshot_restore_round_trip() -> None:
    app = NeuronApp(spec(seed=3))
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "r", "g", "r")
        neuron = app.query_one(Neuron)
        saved = neuron.snapshot()
        assert saved == {**neuron.state.snapshot(), "view": neuron.view}  # the saved format
        assert saved["path"][-1] == neuron.state.inputs
        expected_output = neuron.state.output
        await press(pilot, "0")
        neuron.restore(saved)
        await pilot.pause()
        assert neuron.state.output == expected_output
        assert neuron.state.nudges == 3
        assert f"output = {neuron.state.output:.6f}".rstrip("0") in text_of(app, "output")
        await press(pilot, "u")
        assert neuron.state.nudges == 2


async def test_a_snapshot_saved_by_the_old_widget_format_still_restores() -> None:
    app = NeuronApp(spec())
    async with app.run_test(size=(80, 24)) as pilot:
        neuron = app.query_one(Neuron)
        old = {
            "inputs": {"a": 5.06, "b": 6.05},
            "step": 0.01,
            "history": [{"a": 5.0, "b": 6.0}, {"a": 5.06, "b": 6.05}],
            "draws": [0, 0],
        }
        neuron.restore(old)
        await pilot.pause()
        assert neuron.state.inputs == {"a": 5.06, "b": 6.05}
        assert neuron.state.nudges == 1


@pytest.mark.parametrize(
    "junk",
    [
        {},
        {"step": "fast", "history": [{"a": 5, "b": 6}], "draws": [0]},
        {"step": 0.01, "history": [{"x": 1}], "draws": [0]},
        {"step": 0.01, "history": [{"a": 1, "b": 2}], "draws": [0]},
        {"step": 0.01, "history": [{"a": None, "b": 6}], "draws": [0]},
        {"step": -1, "history": [{"a": 5, "b": 6}], "draws": [0]},
        {"step": 0.01, "history": "nope", "draws": None},
    ],
)
async def test_restore_ignores_junk(junk: dict[str, object]) -> None:
    app = NeuronApp(spec())
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "g")
        neuron = app.query_one(Neuron)
        before = neuron.snapshot()
        neuron.restore(junk)
        assert neuron.snapshot() == before


async def test_inputs_growing_wider_move_the_diagram_right() -> None:
    """A value wider than its column still widens the input rows: the wires and gate follow."""
    app = NeuronApp(spec())
    async with app.run_test(size=(100, 24)) as pilot:
        wires = app.query_one("#wires", Static)
        before = wires.region.x
        await press(pilot, "g")
        assert wires.region.x == before  # same width: the diagram stays put
        neuron = app.query_one(Neuron)
        neuron.action_change(123456.123456)
        await pilot.pause()
        assert "a = 123461.183456]" in text_of(app, "inputs")
        assert wires.region.x > before
        assert "output = " in text_of(app, "output")
        assert app.query_one("#output", Static).region.right <= neuron.content_region.right


async def test_on_a_narrow_screen_the_status_wraps_and_the_output_stays_one_line() -> None:
    app = NeuronApp(spec())
    async with app.run_test(size=(40, 24)) as pilot:
        await press(pilot, "g")
        screen = screen_text(app)
        assert "step 0.01" in screen  # the info line is not pushed away by a wrapped output
        assert "(+0.613)" in screen  # the status line wrapped onto a second row
        assert app.query_one("#status", Static).size.height == 2
        assert app.query_one("#output", Static).size.height == 1  # never wraps
        await press(pilot, "u")
        assert app.query_one("#status", Static).size.height == 1  # "undo: ..." fits again
