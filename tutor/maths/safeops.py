"""Checked floating-point operations: the only place where the language's arithmetic happens.

Every operation checks its arguments *before* computing, so nothing overflows, divides by
zero or leaves the real numbers unnoticed: a bad case is an `ExprError` at the column of the
operator or function, never an `OverflowError`, ``inf`` or ``nan``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from tutor.maths.autodiff import sigmoid
from tutor.maths.errors import ExprError
from tutor.maths.numfmt import fmt

MAX_EXP_ARG = math.log(1.7976931348623157e308)
"""The largest x for which exp(x) is a finite float (about 709.78)."""

_MAX_LOG10 = math.log10(1.7976931348623157e308)

FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "exp": (1, 1),
    "log": (1, 1),
    "sqrt": (1, 1),
    "sin": (1, 1),
    "cos": (1, 1),
    "tanh": (1, 1),
    "sigmoid": (1, 1),
    "relu": (1, 1),
    "abs": (1, 1),
    "max": (2, None),
    "min": (2, None),
}
"""Each function's name → (least, most) number of arguments; None means no upper limit."""

CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
"""The named constants of the language."""


def binary(op: str, a: float, b: float, column: int) -> float:
    """``a op b`` for op in ``+ - * / **``, checked.

    Raises:
        ExprError: Division by zero, a result too large for a float, or a power that is
            not a real number.
    """
    if op == "+":
        result = a + b
    elif op == "-":
        result = a - b
    elif op == "*":
        result = a * b
    elif op == "/":
        if b == 0:
            raise ExprError("division by zero", column)
        result = a / b
    elif op == "**":
        result = power(a, b, column)
    else:
        raise ExprError(f"unknown operator '{op}'", column)
    return finite(result, column)


def power(a: float, b: float, column: int) -> float:
    """``a ** b``, its magnitude bounded before computing (so ``9**9**9**9`` fails fast).

    Raises:
        ExprError: 0 to a negative power, a negative number to a fractional power, or a
            result too large for a float.
    """
    if a == 0:
        if b < 0:
            raise ExprError("0 to a negative power", column)
        return 1.0 if b == 0 else 0.0
    if a < 0 and not b.is_integer():
        raise ExprError(f"a negative number to a fractional power (({fmt(a)})**{fmt(b)})", column)
    if b * math.log10(abs(a)) > _MAX_LOG10:
        raise ExprError("number too large (overflow)", column)
    try:
        result: float = a**b  # real: a > 0, or a < 0 with an integer b
    except OverflowError:  # within rounding of the bound above
        raise ExprError("number too large (overflow)", column) from None
    return result


def call(name: str, args: Sequence[float], column: int) -> float:
    """The function ``name`` applied to ``args``, checked (arity is checked by the parser).

    Raises:
        ExprError: An argument outside the function's domain or a result too large.
    """
    if name == "max":
        return max(args)
    if name == "min":
        return min(args)
    (x,) = args
    _check_domain(name, x, column)
    return finite(_UNARY[name](x), column)


def _check_domain(name: str, x: float, column: int) -> None:
    if name == "exp" and x > MAX_EXP_ARG:
        raise ExprError(f"exp({fmt(x)}) is too large (the largest is about exp(709.78))", column)
    if name == "log" and x <= 0:
        raise ExprError(f"log needs a positive number (got {fmt(x)})", column)
    if name == "sqrt" and x < 0:
        raise ExprError(f"sqrt of a negative number ({fmt(x)})", column)


_UNARY: dict[str, Callable[[float], float]] = {
    "exp": math.exp,
    "log": math.log,
    "sqrt": math.sqrt,
    "sin": math.sin,
    "cos": math.cos,
    "tanh": math.tanh,
    "sigmoid": sigmoid,
    "relu": lambda x: max(0.0, x),
    "abs": abs,
}


def finite(x: float, column: int) -> float:
    """``x`` unchanged if finite.

    Raises:
        ExprError: ``x`` is infinite or not a number.
    """
    if not math.isfinite(x):
        raise ExprError("number too large (overflow)", column)
    return x
