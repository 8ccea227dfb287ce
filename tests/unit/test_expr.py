"""The expression language: parsing, precedence, evaluation and every kind of error."""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.maths.expr import Expr, ExprError, parse

EXAMPLES = int(os.environ.get("TUTOR_HYPOTHESIS_EXAMPLES", "200"))
NAMES = ("a", "b", "x")


def value(text: str, **env: float) -> float:
    return parse(text, NAMES).evaluate(env)


def error(text: str, **env: float) -> ExprError:
    with pytest.raises(ExprError) as info:
        parse(text, NAMES).evaluate(env)
    return info.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", 3.0),
        ("0.01", 0.01),
        ("1e-4", 1e-4),
        (".5", 0.5),
        ("2.5E2", 250.0),
        ("1 + 2 * 3", 7.0),
        ("(1 + 2) * 3", 9.0),
        ("10 - 4 - 3", 3.0),
        ("64 / 4 / 2", 8.0),
        ("2 ** 3 ** 2", 512.0),
        ("-2 ** 2", -4.0),
        ("(-2) ** 2", 4.0),
        ("2 ** -1", 0.5),
        ("2 ** -1 * 3", 1.5),
        ("--3", 3.0),
        ("-3 * -2", 6.0),
        ("pi", math.pi),
        ("e", math.e),
        ("exp(1)", math.e),
        ("log(e)", 1.0),
        ("sqrt(16)", 4.0),
        ("sin(0) + cos(0)", 1.0),
        ("tanh(0)", 0.0),
        ("sigmoid(0)", 0.5),
        ("relu(-3) + relu(2)", 2.0),
        ("abs(-7)", 7.0),
        ("max(1, 5, 3)", 5.0),
        ("min(4, -2)", -2.0),
        ("sigmoid(-1000)", 0.0),
        ("0 ** 0", 1.0),
        ("(-2) ** 3", -8.0),
    ],
)
def test_evaluates_like_python_arithmetic(text: str, expected: float) -> None:
    assert value(text) == pytest.approx(expected)


def test_names_are_the_declared_names_used() -> None:
    expr = parse("a * b + a + pi", ["a", "b", "c"])
    assert expr.names == frozenset({"a", "b"})
    assert expr.source == "a * b + a + pi"
    assert str(expr) == "a * b + a + pi"
    assert expr.evaluate({"a": 5, "b": 6}) == pytest.approx(35 + math.pi)


def test_a_declared_name_shadows_a_constant() -> None:
    assert parse("e * 2", ["e"]).evaluate({"e": 4}) == 8.0


def test_unicode_names_can_be_declared() -> None:
    assert parse("α * β", ["α", "β"]).evaluate({"α": 2, "β": 3}) == 6.0


def test_exprs_are_immutable_values() -> None:
    expr = parse("a + 1", NAMES)
    with pytest.raises(AttributeError):
        expr.source = "b"  # type: ignore[misc]
    assert expr == parse("a + 1", NAMES)


@pytest.mark.parametrize(
    ("text", "column", "fragment"),
    [
        ("q + 1", 1, "unknown name 'q' (allowed names: a, b, x, pi, e; functions: exp, log"),
        ("a + foo(2)", 5, "'foo' is not a function"),
        ("a(2)", 1, "'a' is not a function"),
        ("exp + 1", 1, "'exp' is a function: write exp(...)"),
        ("(a + 1", 7, "expected ')' to close '(' at column 1, found end of expression"),
        ("max(a, b", 9, "expected ')' to close '(' at column 4"),
        ("a + * b", 5, "unexpected '*'"),
        ("a b", 3, "unexpected 'b'"),
        ("2x", 2, "unexpected 'x'"),
        ("a +", 4, "unexpected end of expression"),
        (")", 1, "unexpected ')'"),
        ("+a", 1, "unexpected '+'"),
        ("max(1,)", 7, "unexpected ')'"),
        ("exp(1, 2)", 1, "exp takes exactly 1 argument (got 2)"),
        ("log()", 1, "log takes exactly 1 argument (got 0)"),
        ("max(1)", 1, "max takes 2 or more arguments (got 1)"),
        ("min()", 1, "min takes 2 or more arguments (got 0)"),
        ("a.real", 2, "unexpected character '.'"),
        ("a[0]", 2, "unexpected character '['"),
        ("'a'", 1, 'unexpected character "\'"'),
        ("a if b else x", 3, "unexpected 'if'"),
        ("if", 1, "unknown name 'if'"),
        ("a == b", 3, "unexpected character '='"),
        ("a // b", 4, "unexpected '/'"),
        ("[a for a in b]", 1, "unexpected character '['"),
        ("__import__('os')", 12, 'unexpected character "\'"'),
        ("", 1, "empty expression"),
        ("   ", 1, "empty expression"),
        ("1e999", 1, "number too large"),
        ("a @ b", 3, "unexpected character '@'"),
    ],
)
def test_parse_errors_say_what_and_where(text: str, column: int, fragment: str) -> None:
    with pytest.raises(ExprError) as info:
        parse(text, NAMES)
    assert fragment in info.value.message
    assert info.value.column == column
    assert str(info.value) == f"column {column}: {info.value.message}"


def test_too_long_is_an_error_at_column_501() -> None:
    parse("1+" * 249 + "1", NAMES)  # 499 characters: fine
    with pytest.raises(ExprError) as info:
        parse("1+" * 5000 + "1", NAMES)  # 10,001 characters
    assert info.value.column == 501
    assert "too long (10001 characters; at most 500)" in info.value.message


def test_nesting_deeper_than_64_levels_is_an_error() -> None:
    assert value("(" * 64 + "a" + ")" * 64, a=2) == 2.0
    with pytest.raises(ExprError) as info:
        parse("(" * 65 + "a" + ")" * 65, NAMES)
    assert info.value.column == 65
    assert "too deeply nested (more than 64 levels)" in info.value.message


@pytest.mark.parametrize(
    "text",
    [
        "(" * 1000 + "1" + ")" * 1000,
        "(" * 200 + "1" + ")" * 200,
        "-" * 200 + "1",
        "exp(" * 80 + "0" + ")" * 80,
        "2**" * 100 + "1",
        "max(1," * 70 + "1" + ")" * 70,
    ],
)
def test_deep_nesting_is_a_clean_error(text: str) -> None:
    with pytest.raises(ExprError) as info:
        parse(text, NAMES)
    assert 1 <= info.value.column <= 501


def test_a_long_flat_chain_evaluates() -> None:
    assert value("a+" * 249 + "a", a=1) == 250.0
    assert value("a*" * 249 + "a", a=1.001) == pytest.approx(1.001**250)


@pytest.mark.parametrize(
    ("text", "column", "fragment"),
    [
        ("9**9**9**9", 5, "number too large"),
        ("1e308*10", 6, "number too large"),
        ("1e308+1e308", 6, "number too large"),
        ("10**400", 3, "number too large"),
        ("exp(1000)", 1, "exp(1000) is too large"),
        ("exp(exp(exp(10)))", 5, "exp(22026.465795) is too large"),
        ("log(0)", 1, "log needs a positive number (got 0)"),
        ("1 + log(-2)", 5, "log needs a positive number (got -2)"),
        ("0/0", 2, "division by zero"),
        ("a/(b-b)", 2, "division by zero"),
        ("sqrt(-1)", 1, "sqrt of a negative number (-1)"),
        ("0**-1", 2, "0 to a negative power"),
        ("(-8)**(1/3)", 5, "a negative number to a fractional power ((-8)**0.333333)"),
        ("x", 1, "no value for 'x'"),
    ],
)
def test_evaluation_errors_say_what_and_where(text: str, column: int, fragment: str) -> None:
    err = error(text, a=1, b=2)
    assert fragment in err.message
    assert err.column == column


def test_a_non_finite_input_is_an_error() -> None:
    with pytest.raises(ExprError, match="'a' is not a finite number"):
        parse("a + 1", NAMES).evaluate({"a": math.inf})


def test_evaluation_does_not_hang_on_huge_powers() -> None:
    # Without the magnitude bound these would be huge integer or float computations.
    for text in ["9**9**9**9", "(1+1e-9)**1e300", "2**2**2**2**2**2**2", "(-1)**1e300"]:
        try:
            result = value(text)
        except ExprError as err:
            assert "too large" in err.message
        else:
            assert math.isfinite(result)


# Tokens that make syntactically interesting soup: every part of the language plus junk.
TOKENS = [
    *NAMES, "pi", "e", "y", "0", "1", "2.5", "1e308", "1e-308", "9", "709", "710", "-1",
    "+", "-", "*", "/", "**", "(", ")", ",", " ",
    "exp(", "log(", "sqrt(", "sin(", "cos(", "tanh(", "sigmoid(", "relu(", "abs(",
    "max(", "min(", "@", ".", "é", "\x00", "\u3000", "1e", "𝑥",
]  # fmt: skip
ENV_VALUES = st.sampled_from([0.0, -0.0, 1.0, -1.0, 1e-300, 1e300, -1e300, 709.0, 5.0])


def check_only_expr_errors(text: str, env: dict[str, float]) -> None:
    """Parsing, evaluating and differentiating ``text`` raises nothing but ExprError."""
    try:
        expr = parse(text, NAMES)
    except ExprError as err:
        assert err.message
        assert 0 <= err.column <= len(text) + 1 or err.column == 501
        return
    for compute in (expr.evaluate, lambda env: expr.gradient(env)[0]):
        try:
            result = compute(env)
        except ExprError as err:
            assert err.message
        else:
            assert math.isfinite(result)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(max_size=600))
def test_arbitrary_text_raises_only_expr_error(text: str) -> None:
    check_only_expr_errors(text, {"a": 1.0, "b": 2.0, "x": 3.0})


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=60), ENV_VALUES, ENV_VALUES, ENV_VALUES)
def test_token_soup_raises_only_expr_error(tokens: list[str], a: float, b: float, x: float) -> None:
    check_only_expr_errors("".join(tokens), {"a": a, "b": b, "x": x})


def well_formed(depth: int = 3) -> st.SearchStrategy[str]:
    """Random well-formed expressions over every construct, with hostile numbers."""
    leaves = st.sampled_from(
        ["a", "b", "x", "pi", "e", "0", "1", "2", "0.5", "1e308", "1e-308", "710", "-3"]
    )

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        binary = st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**"]), inner).map(
            lambda t: f"({t[0]}){t[1]}({t[2]})"
        )
        unary = st.tuples(
            st.sampled_from(
                ["exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "-"]
            ),
            inner,
        ).map(lambda t: f"{t[0]}({t[1]})")
        extreme = st.tuples(
            st.sampled_from(["max", "min"]), st.lists(inner, min_size=2, max_size=4)
        )
        return binary | unary | extreme.map(lambda t: f"{t[0]}({', '.join(t[1])})")

    return st.recursive(leaves, extend, max_leaves=12)


@settings(max_examples=EXAMPLES, deadline=None)
@given(well_formed(), ENV_VALUES, ENV_VALUES, ENV_VALUES)
def test_well_formed_expressions_evaluate_or_raise_expr_error(
    text: str, a: float, b: float, x: float
) -> None:
    expr = parse(text, NAMES)
    assert isinstance(expr, Expr)
    env = {"a": a, "b": b, "x": x}
    try:
        result = expr.evaluate(env)
    except ExprError:
        return
    assert math.isfinite(result)
    try:
        same, _ = expr.gradient(env)
    except ExprError as err:
        assert err.column == 0  # only a derivative can fail where the value did not
    else:
        assert same == result
