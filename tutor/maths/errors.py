"""The one error type of the maths engine."""

from __future__ import annotations


class ExprError(Exception):
    """An expression that cannot be parsed or evaluated, as a value the learner can act on.

    Attributes:
        message: One line saying what is wrong, e.g. ``unknown name 'q'``.
        column: The 1-based column in the expression text, or 0 when no column applies
            (e.g. a derivative that is not finite at the current point).
    """

    def __init__(self, message: str, column: int = 0) -> None:
        super().__init__(message, column)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        if self.column > 0:
            return f"column {self.column}: {self.message}"
        return self.message
