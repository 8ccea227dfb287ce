"""Numbers in prose tied to their computation: `30.613<!-- = 5.06*6.05 -->`.

An author follows a computed number with an HTML comment holding `=` and an expression in the
lesson's expression language (no names; `pi`, `e` and the functions are allowed). The comment
keeps the file readable as plain Markdown (a Markdown viewer hides it), the parser strips it so
the reader shows just the number, and `check` evaluates the expression and compares it with the
stated number.

Rounding rule: a stated number is right when it is the computed value rounded to the stated
number's own decimals: `30.613` states three decimals, so any value in [30.6125, 30.6135] fits;
`30` states none, so [29.5, 30.5] fits. A sign written directly before the digits (`-` or the
typographic `−`) belongs to the number.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from tutor.course.model import Problem
from tutor.maths.errors import ExprError
from tutor.maths.expr import parse

ANNOTATION = re.compile(
    r"(?<![\d.])(?P<number>[-\u2212]?(?:\d+(?:\.\d+)?|\.\d+))?<!--\s*=(?P<expr>[^\n]*?)-->"
)
"""A number (optional: its absence is a problem) followed directly by `<!-- = EXPR -->`."""

STRIP = re.compile(r"<!--\s*=[^\n]*?-->")
"""Just the annotation, for stripping."""


@dataclass(frozen=True)
class Annotation:
    """One annotation found in a text: the stated number (None when missing) and the expression."""

    line: int
    """1-based line within the text."""
    stated: str | None
    expr: str
    column: int = 0
    """1-based column of the stated number (of the comment when no number precedes it)."""
    expr_column: int = 0
    """1-based column where the expression starts."""


def strip_annotations(text: str) -> str:
    """The text as the learner sees it: every annotation removed, the numbers kept."""
    return STRIP.sub("", text)


def find(text: str) -> list[Annotation]:
    """Every annotation in a text, in order."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "<!--" not in line:
            continue
        for match in ANNOTATION.finditer(line):
            raw = match["expr"]
            expr_column = match.start("expr") + len(raw) - len(raw.lstrip()) + 1
            found.append(
                Annotation(number, match["number"], raw.strip(), match.start() + 1, expr_column)
            )
    return found


def verify(annotation: Annotation) -> str | None:
    """What is wrong with one annotation (a message), or None when it holds."""
    found = _verify(annotation)
    return None if found is None else found[0]


def _verify(annotation: Annotation) -> tuple[str, int] | None:
    """What is wrong with one annotation and the column to point at, or None when it holds."""
    shown = f"'<!-- = {annotation.expr} -->'"
    if annotation.stated is None:
        message = f"annotation {shown} must follow a number directly (no space between)"
        return message, annotation.column
    try:
        value = parse(annotation.expr, ()).evaluate({})
    except ExprError as error:
        where = annotation.expr_column + error.column - 1 if error.column else annotation.column
        return f"annotation {shown}: {error}", where
    stated = Decimal(annotation.stated.replace("\u2212", "-"))
    decimals = max(0, -int(stated.as_tuple().exponent))
    computed = Decimal(repr(value))
    if abs(computed - stated) <= Decimal(5).scaleb(-decimals - 1):
        return None
    rounded = computed.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    return f"stated {annotation.stated}, computes {rounded}", annotation.column


def check_text(text: str, file: str, skip: Collection[int] = ()) -> list[Problem]:
    """One problem per wrong annotation in a file's text, at its line (lines in `skip` ignored)."""
    problems = []
    for annotation in find(text):
        if annotation.line in skip:
            continue
        found = _verify(annotation)
        if found is not None:
            problems.append(Problem(file, annotation.line, found[0], found[1]))
    return problems


def count(text: str) -> int:
    """How many annotations a text holds."""
    return len(find(text))
