"""The neuron and curve state machines: actions, history, undo, reset, snapshots."""

from __future__ import annotations

import json

import pytest

from tutor.maths.expr import ExprError, parse
from tutor.maths.nudges import Change, CurveState, NeuronState


def neuron(text: str = "a * b", **kwargs: object) -> NeuronState:
    inputs = kwargs.pop("inputs", {"a": 5.0, "b": 6.0})
    assert isinstance(inputs, dict)
    return NeuronState(parse(text, list(inputs)), inputs, **kwargs)  # type: ignore[arg-type]


def test_a_new_neuron_is_at_its_start() -> None:
    state = neuron()
    assert state.inputs == {"a": 5.0, "b": 6.0}
    assert state.output == 30.0
    assert state.gradient == {"a": 6.0, "b": 5.0}
    assert state.numeric_gradient == pytest.approx({"a": 6.0, "b": 5.0})
    assert (state.step, state.h, state.seed, state.update) == (0.01, 1e-4, None, "simultaneous")
    assert (state.nudges, state.can_undo) == (0, False)
    assert state.outputs == [30.0]
    assert state.path == [{"a": 5.0, "b": 6.0}]


def test_inputs_keep_declaration_order() -> None:
    state = neuron("z * a + m", inputs={"z": 1.0, "a": 2.0, "m": 3.0})
    state.gradient_step()
    assert list(state.inputs) == ["z", "a", "m"]
    assert list(state.gradient) == ["z", "a", "m"]


def test_changes_report_before_after_and_delta() -> None:
    change = neuron().gradient_step()
    assert change == Change("gradient", 30.0, change.after)
    assert change.after == pytest.approx(30.613)
    assert change.delta == pytest.approx(0.613)


def test_every_action_is_recorded() -> None:
    state = neuron(seed=3)
    actions = [state.random(), state.numeric(), state.gradient_step(), state.set_input("a", 1)]
    assert [c.action for c in actions] == ["random", "numeric", "gradient", "set"]
    assert state.nudges == 4
    assert state.outputs == [30.0, *[c.after for c in actions]]
    assert state.inputs["a"] == 1.0
    assert state.path[-1] == state.inputs
    # The public lists are copies: changing them does not change the state.
    state.path[0]["a"] = 99.0
    state.outputs.append(1.0)
    assert state.path[0]["a"] == 5.0
    assert len(state.outputs) == 5


def test_set_input_rejects_an_unknown_name() -> None:
    with pytest.raises(KeyError):
        neuron().set_input("q", 1.0)


def test_random_uses_one_draw_per_input_in_declaration_order() -> None:
    import random

    rng = random.Random(42)
    u_a, u_b = rng.random(), rng.random()
    state = neuron(seed=42, step=0.5)
    state.random()
    assert state.inputs == {"a": 5.0 + 0.5 * u_a, "b": 6.0 + 0.5 * u_b}


def test_random_undo_random_repeats_the_first_random() -> None:
    state = neuron(seed=7)
    first = state.random()
    assert state.undo() is True
    again = state.random()
    assert again == first
    assert state.nudges == 1


def test_undo_then_a_longer_replay_is_deterministic() -> None:
    state = neuron(seed=11)
    outputs = [state.random().after for _ in range(5)]
    for _ in range(3):
        state.undo()
    assert [state.random().after for _ in range(3)] == outputs[2:]


def test_reset_reseeds() -> None:
    state = neuron(seed=5)
    first = [state.random().after for _ in range(3)]
    state.step = 0.02
    change = state.reset()
    assert change.action == "reset"
    assert change.after == 30.0
    assert state.nudges == 0
    assert state.step == 0.02  # the learner's step is kept
    state.step = 0.01
    assert [state.random().after for _ in range(3)] == first


def test_an_unseeded_neuron_still_nudges() -> None:
    state = neuron(seed=None)
    change = state.random()
    assert change.after > 30.0
    state.undo()
    assert state.random() == change  # undo restores even an unseeded generator


def test_undo_at_the_start_returns_false() -> None:
    state = neuron()
    assert state.undo() is False
    assert state.output == 30.0


def test_undo_walks_back_through_every_kind_of_action() -> None:
    state = neuron(seed=1)
    state.numeric()
    state.set_input("b", 2.0)
    state.gradient_step()
    assert state.undo() and state.inputs["b"] == 2.0
    assert state.undo() and state.undo()
    assert state.inputs == {"a": 5.0, "b": 6.0}


@pytest.mark.parametrize("bad", [0.0, -0.01, float("inf"), float("nan")])
def test_step_must_be_a_positive_number(bad: float) -> None:
    with pytest.raises(ValueError, match="step must be a positive number"):
        neuron(step=bad)
    state = neuron()
    with pytest.raises(ValueError):
        state.step = bad
    assert state.step == 0.01


def test_bad_arguments_are_value_errors() -> None:
    with pytest.raises(ValueError, match="update must be one of"):
        neuron(update="sideways")
    with pytest.raises(ValueError, match="h must be a positive number"):
        neuron(h=0.0)
    with pytest.raises(ValueError, match="at least one input"):
        NeuronState(parse("1", []), {})


def test_a_start_where_f_is_not_finite_is_an_expr_error() -> None:
    with pytest.raises(ExprError, match="log needs a positive number"):
        neuron("log(a) * b", inputs={"a": 0.0, "b": 1.0})


@pytest.mark.parametrize("action", ["random", "numeric", "gradient_step"])
def test_a_failing_action_leaves_the_state_unchanged(action: str) -> None:
    # exp(a) overflows once a passes 709.78; each action below would push it there.
    state = neuron("exp(a)", inputs={"a": 709.7}, step=1.0, seed=2)
    before = (state.inputs, state.outputs, state.nudges)
    with pytest.raises(ExprError):
        getattr(state, action)()
    assert (state.inputs, state.outputs, state.nudges) == before
    if action == "random":  # the generator was restored too
        state.step = 1e-9
        reference = neuron("exp(a)", inputs={"a": 709.7}, step=1e-9, seed=2)
        assert state.random() == reference.random()


def test_sequential_gradient_uses_the_values_already_changed() -> None:
    state = neuron(update="sequential")
    state.gradient_step()
    assert state.inputs == pytest.approx({"a": 5.06, "b": 6.0506})


def test_sequential_numeric_matches_sequential_exact_closely() -> None:
    exact, numeric = neuron(update="sequential"), neuron(update="sequential")
    exact.gradient_step()
    numeric.numeric()
    assert numeric.inputs == pytest.approx(exact.inputs, abs=1e-5)


def test_a_neuron_snapshot_round_trips_through_json() -> None:
    state = neuron(seed=9)
    state.random()
    state.gradient_step()
    state.random()
    state.step = 0.05
    data = json.loads(json.dumps(state.snapshot()))
    restored = neuron(seed=9)
    restored.restore(data)
    assert (restored.path, restored.outputs, restored.step) == (
        state.path,
        state.outputs,
        0.05,
    )
    # The generator continues where it was, and undo rewinds it exactly.
    assert restored.random() == state.random()
    restored.undo()
    restored.undo()
    state.undo()
    state.undo()
    assert restored.random() == state.random()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"step": 0.01, "path": [], "draws": []},
        {"step": 0.01, "path": [{"a": 1.0, "b": 6.0}], "draws": [0]},
        {"step": 0.01, "path": [{"a": 5.0}], "draws": [0]},
        {"step": 0.01, "path": [{"a": 5.0, "b": 6.0}], "draws": [1]},
        {"step": 0.01, "path": [{"a": 5.0, "b": 6.0}, {"a": 5, "b": 6}], "draws": [0]},
        {"step": -1, "path": [{"a": 5.0, "b": 6.0}], "draws": [0]},
        {"step": "big", "path": [{"a": 5.0, "b": 6.0}], "draws": [0]},
        {"step": 0.01, "path": [{"a": 5.0, "b": None}], "draws": [0]},
        {"step": 0.01, "path": [{"a": 5.0, "b": 6.0}], "draws": [None]},
        {"step": 0.01, "path": "x", "draws": [0]},
        {"step": 0.01, "path": [{"a": 5.0, "b": 6.0}, {"a": 5, "b": 7}], "draws": [0, 10**9]},
        {"step": 0.01, "path": [{"a": 5.0, "b": 6.0}, {"a": 5, "b": 7}], "draws": [2, 0]},
    ],
)
def test_a_snapshot_that_does_not_fit_is_a_value_error(data: dict[str, object]) -> None:
    state = neuron()
    state.gradient_step()
    with pytest.raises(ValueError, match="snapshot"):
        state.restore(data)
    assert state.nudges == 1


def curve(x: float = 1.0, step: float = 0.1) -> CurveState:
    return CurveState(parse("-(x - 2) ** 2 + 4", ["x"]), x, step)  # peak B at x = 2


def test_a_new_curve_is_at_its_start() -> None:
    state = curve()
    assert (state.x, state.y, state.slope, state.step) == (1.0, 3.0, 2.0, 0.1)
    assert (state.xs, state.ys, state.nudges, state.can_undo) == ([1.0], [3.0], 0, False)
    assert state.start == 1.0


def test_ascent_climbs_from_either_side_of_the_peak() -> None:
    left, right = curve(1.0), curve(3.0)  # A (slope > 0) and C (slope < 0)
    assert left.ascent().delta > 0 and left.x == pytest.approx(1.2)
    assert right.ascent().delta > 0 and right.x == pytest.approx(2.8)


def test_a_step_too_large_jumps_past_the_peak() -> None:
    state = curve(1.9, step=2.0)
    change = state.ascent()
    assert state.x > 2.0
    assert change.delta < 0


def test_descent_and_move() -> None:
    state = curve(1.0)
    assert state.descent().after < 3.0
    assert state.x == pytest.approx(0.8)
    change = state.move(1.2)
    assert change.action == "move"
    assert state.x == pytest.approx(2.0)
    assert change.after == pytest.approx(4.0)


def test_curve_undo_and_reset() -> None:
    state = curve(1.0)
    nothing = state.undo()
    assert (nothing.action, nothing.delta) == ("undo", 0.0)
    state.ascent()
    state.ascent()
    back = state.undo()
    assert back.action == "undo" and state.nudges == 1 and back.delta < 0
    state.ascent()
    assert state.reset() == Change("reset", back.before, 3.0)
    assert (state.xs, state.ys) == ([1.0], [3.0])


def test_a_failing_curve_move_leaves_the_state_unchanged() -> None:
    state = CurveState(parse("log(x)", ["x"]), 1.0)
    with pytest.raises(ExprError, match="log needs a positive number"):
        state.move(-5)
    assert state.xs == [1.0]


def test_a_curve_snapshot_round_trips_through_json() -> None:
    state = curve(1.0)
    state.ascent()
    state.move(0.5)
    state.step = 0.3
    restored = curve(1.0)
    restored.restore(json.loads(json.dumps(state.snapshot())))
    assert (restored.xs, restored.ys, restored.step) == (state.xs, state.ys, 0.3)
    with pytest.raises(ValueError, match="snapshot"):
        curve(0.0).restore(state.snapshot())
    with pytest.raises(ValueError, match="snapshot"):
        restored.restore({"step": 0.1, "xs": [1.0, "far"]})
    assert restored.xs == state.xs


def test_a_gradient_step_is_one_backward_pass_whatever_the_number_of_inputs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tutor.maths.autodiff import Value

    passes = 0
    backward = Value.backward

    def counted(self: Value) -> None:
        nonlocal passes
        passes += 1
        backward(self)

    monkeypatch.setattr(Value, "backward", counted)
    names = [f"x{i}" for i in range(6)]
    text = "x0 * x1 + x2 * x3 + sigmoid(x4) * x5"
    state = NeuronState(parse(text, names), {name: 0.5 for name in names})
    for _ in range(3):
        state.gradient_step()
    assert passes == 3  # one per step, not one per input
    passes = 0
    for _ in range(3):
        shown, before = state.gradient, state.inputs  # what the widget draws after a step
        state.gradient_step()  # steps along the gradient just shown: no second pass
        assert state.inputs == {name: before[name] + 0.01 * shown[name] for name in names}
    assert passes == 3


def test_act_is_the_one_dispatch_by_name() -> None:
    state = neuron(seed=2)
    assert state.act("undo") is None  # nothing to undo
    changes = [state.act(name) for name in ("random", "numeric", "gradient")]
    assert [c.action for c in changes if c is not None] == ["random", "numeric", "gradient"]
    undone = state.act("undo")
    assert undone is not None and undone.action == "undo" and state.nudges == 2
    reset = state.act("reset")
    assert reset is not None and reset.action == "reset" and state.nudges == 0
    with pytest.raises(ValueError, match="unknown neuron action 'ascent'"):
        state.act("ascent")
    hill = CurveState(parse("4 - (x - 2)**2", ["x"]), 1.0)
    assert hill.act("undo") is None
    ascent = hill.act("ascent")
    assert ascent is not None and ascent.after == pytest.approx(3.36)
    assert all(hill.act(name) is not None for name in CurveState.ACTIONS)
    with pytest.raises(ValueError, match="unknown curve action"):
        hill.act("gradient")


def test_snapshots_saved_by_the_old_widget_format_restore() -> None:
    state = neuron()
    state.gradient_step()
    old_neuron = {"inputs": state.inputs, "step": 0.01, "history": state.path, "draws": [0, 0]}
    restored = neuron()
    restored.restore(old_neuron)
    assert restored.snapshot() == state.snapshot()
    hill = CurveState(parse("4 - (x - 2)**2", ["x"]), 1.0)
    hill.restore({"x": 1.2, "step": 0.1, "history": [1.0, 1.2]})
    assert hill.snapshot() == {"step": 0.1, "xs": [1.0, 1.2]}
