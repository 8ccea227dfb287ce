"""The tokenizer of the expression language (see docs/lesson-format.md).

Tokens are numbers (``3``, ``0.01``, ``1e-4``), names (identifiers, Unicode letters allowed),
the operators ``+ - * / **``, parentheses and commas. Whitespace separates tokens. Anything
else is an `ExprError` at the column of the offending character.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from tutor.maths.errors import ExprError

MAX_LENGTH = 500
"""The longest expression accepted, in characters."""

_NUMBER = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NAME = re.compile(r"[^\W\d]\w*")
_OPERATORS = ("**", "+", "-", "*", "/", "(", ")", ",")


@dataclass(frozen=True)
class Token:
    """One token of an expression.

    Attributes:
        kind: ``"number"``, ``"name"``, ``"op"`` or ``"end"``.
        text: The token's text as written (empty for ``"end"``).
        column: The 1-based column of its first character.
        value: The number's value (0.0 for other kinds).
    """

    kind: str
    text: str
    column: int
    value: float = 0.0

    def describe(self) -> str:
        """The token as shown in an error message: ``'x'`` or ``end of expression``."""
        return "end of expression" if self.kind == "end" else f"'{self.text}'"


def tokenize(text: str) -> list[Token]:
    """Split an expression into tokens, ending with an ``"end"`` token.

    Raises:
        ExprError: The text is longer than `MAX_LENGTH` characters, holds a character that
            is not part of the language, or a number too large for a float.
    """
    if len(text) > MAX_LENGTH:
        raise ExprError(
            f"expression is too long ({len(text)} characters; at most {MAX_LENGTH})",
            MAX_LENGTH + 1,
        )
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
            continue
        token = _token_at(text, i)
        tokens.append(token)
        i += len(token.text)
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


def _token_at(text: str, i: int) -> Token:
    """The token starting at index ``i`` (not whitespace)."""
    column = i + 1
    number = _NUMBER.match(text, i)
    if number:
        value = float(number.group())
        if not math.isfinite(value):
            raise ExprError(f"number too large: {number.group()}", column)
        return Token("number", number.group(), column, value)
    name = _NAME.match(text, i)
    if name:
        return Token("name", name.group(), column)
    for op in _OPERATORS:
        if text.startswith(op, i):
            return Token("op", op, column)
    raise ExprError(f"unexpected character {text[i]!r}", column)
