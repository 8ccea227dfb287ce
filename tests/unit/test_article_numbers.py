"""Every number the course's article (and its companion tutorials) prints, reproduced."""

from __future__ import annotations

import pytest

from tutor.maths.expr import parse
from tutor.maths.nudges import NeuronState
from tutor.maths.numfmt import fmt

PRODUCT = parse("a * b", ["a", "b"])


@pytest.mark.parametrize("start", [(5.0, 6.0), (-5.0, -6.0)])
def test_the_articles_sequential_gradient_update_gives_30_616036(
    start: tuple[float, float],
) -> None:
    # The article's code: a = a + step*b; then b = b + step*a with the updated a.
    state = NeuronState(PRODUCT, {"a": start[0], "b": start[1]}, update="sequential")
    change = state.gradient_step()
    assert change.before == 30.0
    assert state.output == pytest.approx(30.616035999999998, abs=1e-12)
    assert fmt(state.output) == "30.616036"


@pytest.mark.parametrize("start", [(5.0, 6.0), (-5.0, -6.0)])
def test_the_sequential_numerical_update_agrees(start: tuple[float, float]) -> None:
    state = NeuronState(PRODUCT, {"a": start[0], "b": start[1]}, update="sequential")
    state.numeric()
    assert state.output == pytest.approx(30.616036, abs=1e-5)


def test_a_simultaneous_gradient_step_gives_5_06_times_6_05() -> None:
    state = NeuronState(PRODUCT, {"a": 5.0, "b": 6.0})
    state.gradient_step()
    assert state.inputs == pytest.approx({"a": 5.06, "b": 6.05})
    assert fmt(state.output) == "30.613"


def test_the_gradient_raises_the_output_whatever_the_signs() -> None:
    for a, b in [(5, 6), (-5, -6), (5, -6), (-5, 6), (0.5, -0.1)]:
        for update in ("simultaneous", "sequential"):
            state = NeuronState(PRODUCT, {"a": a, "b": b}, update=update)
            assert state.gradient_step().delta > 0
            assert state.numeric().delta > 0


def test_random_nudges_from_5_6_always_raise_the_output() -> None:
    for seed in range(500):
        change = NeuronState(PRODUCT, {"a": 5.0, "b": 6.0}, seed=seed).random()
        assert change.after > 30.0, seed


def test_random_nudges_from_minus_5_minus_6_always_lower_the_output() -> None:
    for seed in range(500):
        change = NeuronState(PRODUCT, {"a": -5.0, "b": -6.0}, seed=seed).random()
        assert change.after < 30.0, seed


def test_random_nudges_stay_within_one_step() -> None:
    # Each input moves by step·u, u in [0, 1): from (5, 6) the output stays below 5.01·6.01.
    for seed in range(200):
        state = NeuronState(PRODUCT, {"a": 5.0, "b": 6.0}, seed=seed)
        state.random()
        assert 30.0 < state.output < 5.01 * 6.01


def test_numerical_gradient_at_minus_2_3() -> None:
    state = NeuronState(parse("x * y", ["x", "y"]), {"x": -2.0, "y": 3.0}, h=0.0001)
    assert state.output == -6.0
    assert state.numeric_gradient == pytest.approx({"x": 3.0, "y": -2.0}, abs=1e-9)
    state.numeric()  # simultaneous (the default): both partials taken at (-2, 3)
    assert state.inputs == pytest.approx({"x": -1.97, "y": 2.98})
    assert fmt(state.output) == "-5.8706"


def test_x_plus_y_times_z() -> None:
    f = parse("(x + y) * z", ["x", "y", "z"])
    state = NeuronState(f, {"x": -2.0, "y": 5.0, "z": -4.0})
    assert state.output == -12.0
    assert state.gradient == {"x": -4.0, "y": -4.0, "z": 3.0}
    # -11.5924 is the SIMULTANEOUS step: (-2.04 + 4.96) · -3.97 = 2.92 · -3.97.
    # (A sequential step would give z = -4 + 0.01·2.92 = -3.9708 and -11.594736.)
    state.gradient_step()
    assert state.inputs == pytest.approx({"x": -2.04, "y": 4.96, "z": -3.97})
    assert fmt(state.output) == "-11.5924"
    sequential = NeuronState(f, {"x": -2.0, "y": 5.0, "z": -4.0}, update="sequential")
    sequential.gradient_step()
    assert fmt(sequential.output) == "-11.594736"
