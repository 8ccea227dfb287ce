"""Small pieces shared by the state machines in `tutor.maths.nudges`."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Change:
    """What one action did to the output.

    Attributes:
        action: ``random``, ``numeric``, ``gradient``, ``set`` (neuron), ``ascent``,
            ``descent``, ``move``, ``undo`` (curve), or ``reset``.
        before: The output (a curve's y) before the action.
        after: The output after it.
    """

    action: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        """after − before: positive when the output went up."""
        return self.after - self.before


def check_positive(name: str, value: float) -> float:
    """``value`` as a float if it is a finite number > 0.

    Raises:
        ValueError: It is not.
    """
    number = float(value)
    if not (math.isfinite(number) and number > 0):
        raise ValueError(f"{name} must be a positive number, not {value!r}")
    return number


def snapshot_field(data: Mapping[str, Any], key: str, kind: type[T]) -> T:
    """``data[key]`` checked to be of type ``kind`` (an int is accepted for a float).

    Raises:
        ValueError: The key is missing or of another type.
    """
    value = data.get(key) if isinstance(data, Mapping) else None
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ValueError(f"snapshot: '{key}' must be a {kind.__name__}")
    return value


def is_number(value: Any) -> bool:
    """True for an int or float (not a bool): what a JSON snapshot may hold as a number."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)
