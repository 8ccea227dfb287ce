"""The one number format of the course, used by every widget, message and check.

Rule: numbers with 1e-4 <= |x| < 1e9 are written in fixed point, rounded to at most 6
decimals with trailing zeros removed (30.616035999999998 → ``30.616036``, 30.0 → ``30``).
Smaller or larger non-zero numbers are written in scientific form with at most 6
significant digits and a plain exponent (1e-7 → ``1e-7``, 123456789012 → ``1.23457e11``),
so a tiny gradient never shows as ``0``. Zero (also -0.0) is ``0``. The minus sign is ASCII.
Non-finite values (which the engine never produces) are ``inf``, ``-inf`` and ``nan``.
"""

from __future__ import annotations

import math

DECIMALS = 6
"""The most decimals shown in fixed-point form."""

SMALL = 1e-4
"""Non-zero magnitudes below this are shown in scientific form."""

LARGE = 1e9
"""Magnitudes at or above this are shown in scientific form."""


def fmt(x: float) -> str:
    """Format a number for the learner: ``fmt(30.616035999999998) == "30.616036"``."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0:
        return "0"
    if SMALL <= abs(x) < LARGE:
        text = _strip_zeros(f"{x:.{DECIMALS}f}")
        return "0" if text == "-0" else text
    mantissa, exponent = f"{x:.{DECIMALS - 1}e}".split("e")
    return f"{_strip_zeros(mantissa)}e{int(exponent)}"


def fmt_delta(x: float) -> str:
    """Format a change with an explicit sign: ``+0.04698``, ``-0.02983``, ``0``."""
    text = fmt(x)
    return text if text.startswith("-") or text in ("0", "nan") else f"+{text}"


def _strip_zeros(text: str) -> str:
    """``"30.610000"`` → ``"30.61"``, ``"30.000000"`` → ``"30"``."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
