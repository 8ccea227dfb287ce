"""Grading a quiz answer: what counts as right, and what is recorded (pure: no Textual).

The quiz widget draws; this module decides. A choice quiz is right when exactly the right choices
are picked; a numeric quiz is right when the typed expression evaluates within the quiz's
tolerance of its answer (`QuizSpec.accepts`). The text a learner types is first folded into the
expression language's characters by :func:`normalize_answer`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from tutor.course.model import QuizSpec
from tutor.maths.expr import parse

_TYPED_SIGNS = str.maketrans({"−": "-", "–": "-", "×": "*", "·": "*", "÷": "/", "。": "."})
"""Signs a learner types (or pastes from a lesson) that mean an ASCII operator."""


def normalize_answer(text: str) -> str:
    """A typed numeric answer in the expression language's characters.

    Chinese keyboards type full-width digits and signs (`－６`), and lessons print the minus
    sign −: NFKC folds the full-width forms, and the table maps the remaining signs.
    """
    return unicodedata.normalize("NFKC", text).translate(_TYPED_SIGNS).strip()


@dataclass(frozen=True)
class ChoiceGrade:
    """A graded choice answer."""

    answer: str
    """What is recorded: the picked choice numbers, sorted, comma-separated (``"1,3"``)."""
    correct: bool
    """Exactly the right choices were picked."""
    picked: tuple[int, ...]
    """The picked choice numbers (1-based), sorted."""
    missing: int
    """How many right choices were not picked."""


@dataclass(frozen=True)
class NumberGrade:
    """A graded numeric answer."""

    answer: str
    """What is recorded: the typed text, normalised."""
    value: float
    """What the text evaluates to."""
    correct: bool
    """The value is within the quiz's tolerance of its answer."""


def grade_choices(spec: QuizSpec, picked: Collection[int]) -> ChoiceGrade:
    """Grade picked choices (1-based numbers) against a choice quiz."""
    right = {n for n, choice in enumerate(spec.choices, start=1) if choice.correct}
    chosen = set(picked)
    numbers = tuple(sorted(chosen))
    answer = ",".join(map(str, numbers))
    return ChoiceGrade(answer, chosen == right, numbers, len(right - chosen))


def grade_number(spec: QuizSpec, typed: str) -> NumberGrade | None:
    """Grade a typed numeric answer; None when nothing but spaces was typed.

    Raises:
        ExprError: the text is not a number or a constant expression (not an attempt).
    """
    text = normalize_answer(typed)
    if not text:
        return None
    value = parse(text, names=()).evaluate({})
    return NumberGrade(text, value, spec.accepts(value))
