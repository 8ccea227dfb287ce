"""The state machine of the curve widget: gradient ascent on a function of x.

Exported from `tutor.maths.nudges` with the neuron's state machine.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from tutor.maths.errors import ExprError
from tutor.maths.expr import Expr
from tutor.maths.history import Change, check_positive, is_number, snapshot_field

VARIABLE = "x"
"""The one variable of a curve's expression."""


class CurveState:
    """A point x on the curve y = f(x) that the learner moves along the slope.

    Args:
        f: The function, an expression in ``x``.
        x: Where the learner starts.
        step: Step size of `ascent` and `descent` (> 0).

    Raises:
        ExprError: f is not a finite number at the start.
        ValueError: The step is not a positive number.
    """

    ACTIONS = ("ascent", "descent", "undo", "reset")
    """The actions `act` knows by name (the keys of the widget, the `do:` of an `expect` step)."""

    def __init__(self, f: Expr, x: float, step: float = 0.1) -> None:
        self._f = f
        self._step = check_positive("step", step)
        self._start = float(x)
        self._xs = [self._start]
        self._ys = [self._y_at(self._start)]

    @property
    def f(self) -> Expr:
        """The function."""
        return self._f

    @property
    def start(self) -> float:
        """Where the learner started."""
        return self._start

    @property
    def x(self) -> float:
        """The current x."""
        return self._xs[-1]

    @property
    def y(self) -> float:
        """f(x) at the current x."""
        return self._ys[-1]

    @property
    def slope(self) -> float:
        """The exact derivative f′(x) at the current x (raises `ExprError` if infinite)."""
        return self._f.gradient({VARIABLE: self.x})[1][VARIABLE]

    @property
    def step(self) -> float:
        """Step size of ascent and descent; settable (> 0), kept by `undo` and `reset`."""
        return self._step

    @step.setter
    def step(self, value: float) -> None:
        self._step = check_positive("step", value)

    @property
    def xs(self) -> list[float]:
        """x after each action, starting with the start."""
        return list(self._xs)

    @property
    def ys(self) -> list[float]:
        """y after each action, starting with the start."""
        return list(self._ys)

    @property
    def nudges(self) -> int:
        """How many actions are in the history (history length − 1)."""
        return len(self._xs) - 1

    @property
    def can_undo(self) -> bool:
        """True when there is an action to undo."""
        return len(self._xs) > 1

    def act(self, name: str) -> Change | None:
        """Do the action ``name`` (one of `ACTIONS`): the one dispatch the widget and `check` use.

        Returns:
            What changed; None for ``undo`` with nothing to undo.

        Raises:
            ExprError: The action would leave the finite numbers; nothing changed.
            ValueError: ``name`` is not an action.
        """
        if name == "undo" and not self.can_undo:
            return None
        steps = {
            "ascent": self.ascent,
            "descent": self.descent,
            "undo": self.undo,
            "reset": self.reset,
        }
        if name not in steps:
            raise ValueError(f"unknown curve action {name!r} (known: {', '.join(self.ACTIONS)})")
        return steps[name]()

    def ascent(self) -> Change:
        """Gradient ascent: x += step·f′(x) (y goes up for a small enough step)."""
        return self._move_to("ascent", self.x + self._step * self.slope)

    def descent(self) -> Change:
        """Gradient descent: x −= step·f′(x)."""
        return self._move_to("descent", self.x - self._step * self.slope)

    def move(self, dx: float) -> Change:
        """Move x by ``dx`` (the learner's own step)."""
        return self._move_to("move", self.x + dx)

    def undo(self) -> Change:
        """Step back one action; at the start nothing changes (delta 0, see `can_undo`)."""
        before = self.y
        if len(self._xs) > 1:
            self._xs.pop()
            self._ys.pop()
        return Change("undo", before, self.y)

    def reset(self) -> Change:
        """Return to the start x (the step is kept)."""
        before = self.y
        self._xs, self._ys = self._xs[:1], self._ys[:1]
        return Change("reset", before, self.y)

    def snapshot(self) -> dict[str, Any]:
        """The state as JSON-ready data for the progress store: step and the xs history."""
        return {"step": self._step, "xs": self.xs}

    def restore(self, data: Mapping[str, Any]) -> None:
        """Restore a `snapshot` (or one saved by an older version: ``history`` instead of ``xs``).

        Raises:
            ValueError: The data does not fit this curve (another start, bad types, an x
                where f is not finite); the state is then unchanged.
        """
        if isinstance(data, Mapping) and "xs" not in data and "history" in data:
            data = {**data, "xs": data["history"]}  # the widget's format before 2026-12
        step = check_positive("snapshot: step", snapshot_field(data, "step", float))
        xs = [float(x) for x in snapshot_field(data, "xs", list) if is_number(x)]
        if not xs or len(xs) != len(data["xs"]) or xs[0] != self._start:
            raise ValueError("snapshot: xs must be numbers starting at this curve's start")
        try:
            ys = [self._y_at(x) for x in xs]
        except ExprError as error:
            raise ValueError(f"snapshot: {error}") from None
        self._step, self._xs, self._ys = step, xs, ys

    def _y_at(self, x: float) -> float:
        if not math.isfinite(x):
            raise ExprError("x is not a finite number")
        return self._f.evaluate({VARIABLE: x})

    def _move_to(self, action: str, x: float) -> Change:
        """Record a move to ``x`` (evaluating f first, so a failure changes nothing)."""
        before = self.y
        y = self._y_at(x)
        self._xs.append(x)
        self._ys.append(y)
        return Change(action, before, y)
