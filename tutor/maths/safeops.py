"""Checked floating-point operations: the only place where the language's arithmetic happens.

Every operation checks its arguments *before* computing, so nothing overflows, divides by
zero or leaves the real numbers unnoticed: a bad case is an `ExprError` at the column of the
operator or function, never an `OverflowError`, ``inf`` or ``nan``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from tutor.maths.errors import ExprError
from tutor.maths.functions import EXTREMA, UNARY
from tutor.maths.numfmt import fmt

_MAX_LOG10 = math.log10(1.7976931348623157e308)


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
    """The function ``name`` of `tutor.maths.functions` applied to ``args``, checked (the parser
    checks the number of arguments).

    Raises:
        ExprError: An argument outside the function's domain or a result too large.
    """
    if name in EXTREMA:
        return EXTREMA[name](args)
    (x,) = args
    function = UNARY[name]
    problem = function.domain(x)
    if problem is not None:
        raise ExprError(problem, column)
    return finite(function.value(x), column)


def finite(x: float, column: int) -> float:
    """``x`` unchanged if finite.

    Raises:
        ExprError: ``x`` is infinite or not a number.
    """
    if not math.isfinite(x):
        raise ExprError("number too large (overflow)", column)
    return x
