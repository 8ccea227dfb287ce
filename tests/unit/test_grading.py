"""Quiz grading without a screen: choices, numbers, typed signs, what is recorded."""

from __future__ import annotations

import pytest

from tutor.course.grading import grade_choices, grade_number, normalize_answer
from tutor.course.model import QuizChoice, QuizSpec
from tutor.maths.expr import ExprError

ONE = QuizSpec("one", "Which?", 1, choices=(QuizChoice("a", False), QuizChoice("b", True)))
ALL = QuizSpec(
    "all",
    "Which?",
    1,
    choices=(QuizChoice("a", True), QuizChoice("b", False), QuizChoice("c", True)),
)
NUMBER = QuizSpec("n", "How much?", 1, answer=30.613, tolerance=0.01)


def test_a_single_choice_is_right_only_when_it_is_the_right_one() -> None:
    assert grade_choices(ONE, {2}).correct
    wrong = grade_choices(ONE, {1})
    assert (wrong.answer, wrong.correct, wrong.missing) == ("1", False, 1)


def test_select_all_needs_exactly_the_right_choices() -> None:
    partial = grade_choices(ALL, {3})
    assert (partial.answer, partial.correct, partial.missing) == ("3", False, 1)
    assert not grade_choices(ALL, {1, 2, 3}).correct
    both = grade_choices(ALL, [3, 1])
    assert (both.answer, both.picked, both.correct) == ("1,3", (1, 3), True)


def test_a_number_is_right_within_the_tolerance_and_recorded_normalised() -> None:
    grade = grade_number(NUMBER, " ５.０６×６.０５ ")
    assert grade is not None
    assert grade.answer == "5.06*6.05"
    assert grade.value == pytest.approx(30.613)
    assert grade.correct
    off = grade_number(NUMBER, "30.7")
    assert off is not None and not off.correct


def test_blank_is_no_answer_and_malformed_is_an_error() -> None:
    assert grade_number(NUMBER, "   ") is None
    with pytest.raises(ExprError):
        grade_number(NUMBER, "2 +")
    with pytest.raises(ExprError):
        grade_number(NUMBER, "x")


def test_typed_signs_become_the_expression_language() -> None:
    assert normalize_answer("−6") == "-6"
    assert normalize_answer("３０。６１３") == "30.613"
