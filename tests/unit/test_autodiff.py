"""Reverse-mode autodiff: the micrograd-style Value and Expr.gradient, checked numerically."""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.maths.autodiff import Value, maximum, minimum
from tutor.maths.expr import ExprError, parse

EXAMPLES = int(os.environ.get("TUTOR_HYPOTHESIS_EXAMPLES", "200"))


def central_difference(text: str, x: float, h: float = 1e-6) -> float:
    f = parse(text, ["x"])
    return (f.evaluate({"x": x + h}) - f.evaluate({"x": x - h})) / (2 * h)


def exact(text: str, x: float) -> float:
    return parse(text, ["x"]).gradient({"x": x})[1]["x"]


def test_the_article_neuron_gradient() -> None:
    a, b = Value(5.0), Value(6.0)
    f = a * b
    f.backward()
    assert (f.data, a.grad, b.grad) == (30.0, 6.0, 5.0)


def test_a_value_used_twice_accumulates_its_gradient() -> None:
    x = Value(3.0)
    y = x * x + x  # dy/dx = 2x + 1
    y.backward()
    assert x.grad == 7.0


def test_backward_twice_gives_the_same_gradients() -> None:
    x = Value(2.0)
    y = (x * 3.0).exp()
    y.backward()
    first = x.grad
    y.backward()
    assert x.grad == first == pytest.approx(3 * math.exp(6))


def test_mixed_float_arithmetic() -> None:
    x = Value(4.0)
    y = 1.0 - 8.0 / x + 2.0 * x + (x - 1.0) ** 2  # 1 - 2 + 8 + 9
    y.backward()
    assert y.data == 16.0
    assert x.grad == pytest.approx(8.0 / 16 + 2 + 2 * 3)


def test_a_deep_graph_does_not_hit_the_recursion_limit() -> None:
    x = Value(1.0)
    y = x
    for _ in range(5000):
        y = y + x
    y.backward()
    assert x.grad == 5001.0


FUNCTIONS = ["exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu", "abs"]
POINTS = {
    "exp": [-3.0, 0.0, 0.7, 5.0],
    "log": [0.1, 1.0, 2.5, 40.0],
    "sqrt": [0.01, 1.0, 2.0, 50.0],
    "relu": [-2.0, -0.5, 0.3, 4.0],
    "abs": [-2.0, -0.5, 0.3, 4.0],
}


@pytest.mark.parametrize(
    ("text", "x"),
    [(f"{name}(x)", x) for name in FUNCTIONS for x in POINTS.get(name, [-2.0, -0.3, 0.0, 1.1])]
    + [
        (text, x)
        for text in [
            "x + 3",
            "3 - x",
            "x * x * x",
            "1 / x",
            "x / 3",
            "x ** 3",
            "x ** 0.5",
            "2 ** x",
            "x ** x",
            "-x",
            "max(x, 1)",
            "min(x, 1, 2)",
            "max(x * x, 3 - x, 0)",
            "sigmoid(tanh(x) * exp(sin(x)))",
        ]
        for x in [0.5, 1.5, 3.0]
    ],
)
def test_every_derivative_matches_a_central_difference(text: str, x: float) -> None:
    assert exact(text, x) == pytest.approx(central_difference(text, x), rel=1e-6, abs=1e-6)


@pytest.mark.parametrize(
    ("text", "x", "expected"),
    [
        ("relu(x)", 0.0, 0.0),  # relu'(0) = 0
        ("abs(x)", 0.0, 0.0),  # abs'(0) = 0
        ("max(x, 0)", 0.0, 1.0),  # a tie: the first argument gets the gradient
        ("max(0, x)", 0.0, 0.0),
        ("min(x, 0)", 0.0, 1.0),
        ("min(0, x, x)", 0.0, 0.0),
        ("max(3, x, x)", 5.0, 1.0),  # x used twice, the first occurrence wins, once
        ("x ** 0", 0.0, 0.0),
        ("x ** 2", 0.0, 0.0),
        ("(0 * x) ** 2", 1.0, 0.0),
    ],
)
def test_kink_conventions(text: str, x: float, expected: float) -> None:
    assert exact(text, x) == expected


def test_the_exponent_derivative_is_zero_for_a_negative_base() -> None:
    # (-2)**y is not differentiable in y; the convention is 0.
    _, grads = parse("b ** y", ["b", "y"]).gradient({"b": -2.0, "y": 3.0})
    assert grads == {"b": 3 * 4.0, "y": 0.0}


@pytest.mark.parametrize("text", ["sqrt(x)", "x ** 0.5", "relu(x) + 3 * sqrt(x)"])
def test_an_infinite_derivative_is_an_expr_error_without_column(text: str) -> None:
    with pytest.raises(ExprError) as info:
        parse(text, ["x"]).gradient({"x": 0.0})
    assert info.value.column == 0


def test_gradient_covers_every_name_in_env() -> None:
    value, grads = parse("(x + y) * z", ["x", "y", "z", "w"]).gradient(
        {"x": -2, "y": 5, "z": -4, "w": 1}
    )
    assert value == -12.0
    assert grads == {"x": -4.0, "y": -4.0, "z": 3.0, "w": 0.0}


def test_maximum_and_minimum_values() -> None:
    a, b = Value(2.0), Value(7.0)
    assert maximum(a, b).data == 7.0
    assert minimum(a, b).data == 2.0


def smooth(max_leaves: int = 10) -> st.SearchStrategy[str]:
    """Random expressions in x and y built only from operations smooth everywhere."""
    leaves = st.sampled_from(["x", "y", "0.5", "2", "-1.5", "pi"])

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        pair = st.tuples(inner, inner)
        return st.one_of(
            pair.map(lambda t: f"({t[0]}) + ({t[1]})"),
            pair.map(lambda t: f"({t[0]}) - ({t[1]})"),
            pair.map(lambda t: f"({t[0]}) * ({t[1]})"),
            pair.map(lambda t: f"({t[0]}) / (1 + ({t[1]}) ** 2)"),
            pair.map(lambda t: f"(2 + sin({t[0]})) ** ({t[1]})"),
            inner.map(lambda s: f"-({s})"),
            inner.map(lambda s: f"({s}) ** 3"),
            inner.map(lambda s: f"log(1 + ({s}) ** 2)"),
            inner.map(lambda s: f"sqrt(1 + ({s}) ** 2)"),
            st.tuples(st.sampled_from(["exp", "sin", "cos", "tanh", "sigmoid"]), inner).map(
                lambda t: f"{t[0]}({t[1]})"
            ),
        )

    return st.recursive(leaves, extend, max_leaves=max_leaves)


COORDINATE = st.floats(min_value=-3, max_value=3, allow_nan=False)


@settings(max_examples=EXAMPLES, deadline=None)
@given(smooth(), COORDINATE, COORDINATE)
def test_exact_gradients_match_numerical_gradients(text: str, x: float, y: float) -> None:
    f = parse(text, ["x", "y"])
    env = {"x": x, "y": y}
    try:
        value, grads = f.gradient(env)
    except ExprError:
        return  # overflowed somewhere: nothing to compare
    assert value == f.evaluate(env)
    for name, partial in grads.items():
        estimates = []
        for h in (1e-5, 1e-6):
            try:
                up = f.evaluate({**env, name: env[name] + h})
                down = f.evaluate({**env, name: env[name] - h})
            except ExprError:
                return
            estimates.append((up - down) / (2 * h))
        scale = max(1.0, abs(value), abs(partial))
        if abs(estimates[0] - estimates[1]) > 1e-5 * scale:
            continue  # the difference quotient itself is unreliable here (rounding)
        assert partial == pytest.approx(estimates[1], rel=1e-4, abs=1e-4 * scale)


def test_one_table_feeds_the_parser_the_engine_and_the_reserved_names() -> None:
    from tutor.course.directives import RESERVED
    from tutor.maths.functions import CONSTANTS, FUNCTIONS, UNARY

    assert set(FUNCTIONS) | set(CONSTANTS) == RESERVED
    assert set(UNARY) == set(FUNCTIONS) - {"max", "min"}
    for name in UNARY:  # every entry parses, evaluates and differentiates
        value, grads = parse(f"{name}(x)", ["x"]).gradient({"x": 0.5})
        assert value == UNARY[name].value(0.5)
        assert grads["x"] == pytest.approx(central_difference(f"{name}(x)", 0.5), rel=1e-6)
