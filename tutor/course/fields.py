"""Typed access to a directive's YAML mapping, collecting `FILE:LINE: message` problems.

A `Fields` wraps one mapping. Each `get_*` reads a key, checks its type and range, and returns
the value or the default; on a bad value it records a problem at the key's line and returns None,
so that one pass over a directive reports every problem in it.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from typing import Any

from tutor.course.model import Problem
from tutor.course.yamlsafe import Located

NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
"""Numbers YAML 1.1 leaves as strings (`1e-4`) but an author means as numbers."""

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def did_you_mean(word: object, known: Iterable[str]) -> str:
    """`: did you mean 'step'?` for the known word closest to a misspelt one, else nothing."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f": did you mean '{close[0]}'?" if close else ""


def describe(value: object) -> str:
    """A short, one-line description of a YAML value for an error message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = " ".join(str(value).split())
    return repr(text if len(text) <= 40 else text[:37] + "...")


def as_number(value: object) -> float | None:
    """A finite float from an int, a float or number text; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:
            return None
        return number if math.isfinite(number) else None
    if isinstance(value, str) and NUMBER_TEXT.match(value.strip()):
        number = float(value)
        return number if math.isfinite(number) else None
    return None


class Fields:
    """One YAML mapping being validated; `line_of` maps body lines to file lines."""

    def __init__(
        self,
        mapping: dict[str, Located],
        *,
        file: str,
        offset: int,
        line: int,
        problems: list[Problem],
    ) -> None:
        self.mapping = mapping
        self.file = file
        self.offset = offset
        self.line = line
        self.problems = problems

    def line_of(self, key: str) -> int:
        """The file line of a key, or the mapping's own line when the key is absent."""
        located = self.mapping.get(key)
        return self.offset + located.line if located is not None else self.line

    def column_of(self, key: str) -> int:
        """The 1-based file column of a key (0 when the key is absent)."""
        located = self.mapping.get(key)
        return located.column + 1 if located is not None else 0

    def error(self, message: str, line: int | None = None, column: int = 0) -> None:
        """Record a problem at a file line (the mapping's line by default) and column."""
        line = self.line if line is None else line
        self.problems.append(Problem(self.file, line, message, column))

    def error_at(self, key: str, message: str) -> None:
        """Record a problem at a key's line, pointing at the key."""
        self.error(message, self.line_of(key), self.column_of(key))

    def error_in_value(self, key: str, message: str, column: int) -> None:
        """Record a problem at a column (1-based) of a key's one-line value, else at the key."""
        located = self.mapping.get(key)
        if located is None or located.value_column < 0 or column < 1:
            self.error_at(key, message)
        else:
            self.error(message, self.line_of(key), located.value_column + column)

    def check_keys(self, allowed: Iterable[str], what: str) -> None:
        """Record an unknown-key problem for every key not in `allowed`, with a likely fix."""
        allowed = tuple(allowed)
        for key in self.mapping:
            if key not in allowed:
                self.error_at(
                    key,
                    f"unknown key '{key}' in {what}{did_you_mean(key, allowed)} "
                    f"(known: {', '.join(allowed)})",
                )

    def has(self, key: str) -> bool:
        """Whether the key is present (even with an empty value)."""
        return key in self.mapping

    def raw(self, key: str) -> Any:
        """The key's plain value (None when absent)."""
        located = self.mapping.get(key)
        return None if located is None else plain(located)

    def require(self, key: str, what: str) -> bool:
        """Record a missing-key problem unless the key is present."""
        if key in self.mapping:
            return True
        self.error(f"{what} needs '{key}'")
        return False

    def number(
        self,
        key: str,
        default: float | None = None,
        *,
        positive: bool = False,
        minimum: float | None = None,
    ) -> float | None:
        """A finite number, optionally > 0 or ≥ minimum."""
        if key not in self.mapping:
            return default
        value = self.raw(key)
        number = as_number(value)
        if number is None:
            self.error_at(key, f"'{key}' must be a number, not {describe(value)}")
            return None
        if positive and number <= 0:
            self.error_at(key, f"'{key}' must be greater than 0, not {describe(value)}")
            return None
        if minimum is not None and number < minimum:
            self.error_at(key, f"'{key}' must be at least {minimum:g}, not {describe(value)}")
            return None
        return number

    def integer(self, key: str) -> int | None:
        """A whole number (YAML int, no bool)."""
        if key not in self.mapping:
            return None
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.error_at(key, f"'{key}' must be a whole number, not {describe(value)}")
            return None
        return value

    def boolean(self, key: str, default: bool) -> bool:
        """true or false."""
        if key not in self.mapping:
            return default
        value = self.raw(key)
        if not isinstance(value, bool):
            self.error_at(key, f"'{key}' must be true or false, not {describe(value)}")
            return default
        return value

    def text(self, key: str, *, scalar_ok: bool = True) -> str | None:
        """Non-empty text; numbers are accepted and turned into text when `scalar_ok`."""
        if key not in self.mapping:
            return None
        value = self.raw(key)
        if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
            self.error_at(key, f"'{key}' must be text, not {describe(value)}")
            return None
        if not isinstance(value, str) and not scalar_ok:
            self.error_at(key, f"'{key}' must be text, not {describe(value)}")
            return None
        text = str(value).strip()
        if not text:
            self.error_at(key, f"'{key}' must not be empty")
            return None
        return text

    def choice(self, key: str, options: tuple[str, ...], default: str) -> str | None:
        """One of a fixed set of words."""
        if key not in self.mapping:
            return default
        value = self.raw(key)
        if value not in options:
            self.error_at(
                key,
                f"'{key}' must be one of {', '.join(options)}, not {describe(value)}"
                f"{did_you_mean(value, options)}",
            )
            return None
        return str(value)

    def mapping_of(self, key: str) -> dict[str, Located] | None:
        """A nested mapping (kept located, for per-entry lines)."""
        located = self.mapping.get(key)
        if located is None:
            return None
        if not isinstance(located.value, dict):
            self.error_at(key, f"'{key}' must be a mapping, not {describe(plain(located))}")
            return None
        return located.value

    def list_of(self, key: str) -> list[Located] | None:
        """A nested list (kept located, for per-item lines)."""
        located = self.mapping.get(key)
        if located is None:
            return None
        if not isinstance(located.value, list):
            self.error_at(key, f"'{key}' must be a list, not {describe(plain(located))}")
            return None
        return located.value

    def nested(self, located: Located, what: str) -> Fields | None:
        """`Fields` for a mapping inside this one (a list item), or None with a problem."""
        if not isinstance(located.value, dict):
            self.error(
                f"{what} must be a mapping, not {describe(plain(located))}",
                self.offset + located.line,
            )
            return None
        return Fields(
            located.value,
            file=self.file,
            offset=self.offset,
            line=self.offset + located.line,
            problems=self.problems,
        )


def plain(located: Located) -> Any:
    """Strip the line numbers from a located value."""
    value = located.value
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
