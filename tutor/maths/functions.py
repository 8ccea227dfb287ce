"""The functions and constants of the expression language: one table that everything reads.

Each one-argument function says how to compute it, its derivative (what autodiff needs), and
where it is defined. Everything else reads this table: the parser (which names are functions,
how many arguments), `tutor.maths.safeops` (computing and checking a value),
`tutor.maths.autodiff.Value.apply` (the graph node and its chain-rule step) and the lesson
format's reserved names (`tutor.course.directives.RESERVED`). Adding a function is one entry in
`UNARY`.

``max`` and ``min`` take two or more arguments and pass the whole gradient to the first argument
that attains the extremum (`EXTREMA`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tutor.maths.numfmt import fmt

MAX_EXP_ARG = math.log(1.7976931348623157e308)
"""The largest x for which exp(x) is a finite float (about 709.78)."""


def sigmoid(x: float) -> float:
    """The logistic function 1 / (1 + e^-x), computed without overflow for any finite x."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _sign(x: float) -> float:
    """-1, 0 or 1: the derivative of abs, with abs'(0) = 0."""
    return float((x > 0) - (x < 0))


def _sqrt_slope(x: float, y: float) -> float:
    """1/(2·√x), infinite at 0 (where √ has a vertical tangent)."""
    return 0.5 / y if y > 0 else math.inf


def _everywhere(x: float) -> str | None:
    return None


@dataclass(frozen=True)
class Unary:
    """A one-argument function of the language."""

    value: Callable[[float], float]
    """y = f(x)."""
    slope: Callable[[float, float], float]
    """The local derivative dy/dx, given x and y (some derivatives are cheapest from y)."""
    domain: Callable[[float], str | None] = _everywhere
    """Why x is outside the function's domain (the error message), or None when it is inside."""


UNARY: dict[str, Unary] = {
    "exp": Unary(
        math.exp,
        lambda x, y: y,
        lambda x: (
            None
            if x <= MAX_EXP_ARG
            else f"exp({fmt(x)}) is too large (the largest is about exp(709.78))"
        ),
    ),
    "log": Unary(
        math.log,
        lambda x, y: 1.0 / x,
        lambda x: None if x > 0 else f"log needs a positive number (got {fmt(x)})",
    ),
    "sqrt": Unary(
        math.sqrt,
        _sqrt_slope,
        lambda x: None if x >= 0 else f"sqrt of a negative number ({fmt(x)})",
    ),
    "sin": Unary(math.sin, lambda x, y: math.cos(x)),
    "cos": Unary(math.cos, lambda x, y: -math.sin(x)),
    "tanh": Unary(math.tanh, lambda x, y: 1.0 - y * y),
    "sigmoid": Unary(sigmoid, lambda x, y: y * (1.0 - y)),
    "relu": Unary(lambda x: max(0.0, x), lambda x, y: float(x > 0)),  # relu'(0) = 0
    "abs": Unary(abs, lambda x, y: _sign(x)),  # abs'(0) = 0
}
"""The one-argument functions, in the order the error messages list them."""

EXTREMA: dict[str, Callable[[Iterable[float]], float]] = {"max": max, "min": min}
"""The functions of two or more arguments: which one is picked."""

FUNCTIONS: dict[str, tuple[int, int | None]] = {
    **{name: (1, 1) for name in UNARY},
    **{name: (2, None) for name in EXTREMA},
}
"""Each function's name → (least, most) number of arguments; None means no upper limit."""

CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
"""The named constants of the language."""

RESERVED_NAMES = frozenset(FUNCTIONS) | frozenset(CONSTANTS)
"""Names a lesson may not give its own variables."""
