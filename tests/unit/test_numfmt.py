"""The one number format: at most 6 decimals, no float noise, scientific for extremes."""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.maths.numfmt import fmt, fmt_delta

EXAMPLES = int(os.environ.get("TUTOR_HYPOTHESIS_EXAMPLES", "200"))


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (30.616035999999998, "30.616036"),
        (30.613, "30.613"),
        (30.612999999999996, "30.613"),
        (30.0, "30"),
        (0.0, "0"),
        (-0.0, "0"),
        (-5.8706, "-5.8706"),
        (0.1 + 0.2, "0.3"),
        (1.0000004, "1"),
        (1.0000005000001, "1.000001"),
        (0.0001, "0.0001"),
        (0.00012345678, "0.000123"),
        (123456.789, "123456.789"),
        (999999999.9999999, "1000000000"),
        (1e-7, "1e-7"),
        (-2.5e-5, "-2.5e-5"),
        (1e9, "1e9"),
        (123456789012.0, "1.23457e11"),
        (1.7976931348623157e308, "1.79769e308"),
        (5e-324, "4.94066e-324"),
        (math.inf, "inf"),
        (-math.inf, "-inf"),
        (math.nan, "nan"),
    ],
)
def test_fmt(x: float, text: str) -> None:
    assert fmt(x) == text


@pytest.mark.parametrize(
    ("x", "text"), [(0.04698, "+0.04698"), (-0.02983, "-0.02983"), (0.0, "0"), (-0.0, "0")]
)
def test_fmt_delta_shows_the_sign(x: float, text: str) -> None:
    assert fmt_delta(x) == text


@settings(max_examples=EXAMPLES)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_fmt_is_close_ascii_and_tidy(x: float) -> None:
    text = fmt(x)
    assert text.isascii() and " " not in text
    assert float(text) == pytest.approx(x, rel=5e-6, abs=5e-7)
    mantissa = text.split("e")[0]
    if "." in mantissa:
        assert not mantissa.endswith("0") and len(mantissa.split(".")[1]) <= 6
    assert text != "-0"
