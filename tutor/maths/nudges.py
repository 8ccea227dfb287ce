"""The widgets' state machines, with no UI: a neuron whose inputs are nudged, a point on a curve.

Each action returns a `Change` (the output before and after) and is recorded in a history
that `undo` walks back and `reset` clears. An action whose result would not be a finite
number raises `ExprError` and leaves the state exactly as it was.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from tutor.maths.curve import CurveState
from tutor.maths.errors import ExprError
from tutor.maths.expr import Expr
from tutor.maths.history import Change, check_positive, is_number, snapshot_field

__all__ = ["UPDATES", "Change", "CurveState", "NeuronState"]

UPDATES = ("simultaneous", "sequential")
"""The update modes of a neuron's gradient nudges."""

MAX_REPLAY_DRAWS = 1_000_000
"""The most random draws `NeuronState.restore` replays to rebuild the generator."""


@dataclass(frozen=True)
class _Point:
    """One entry of a neuron's history: where it was after an action."""

    inputs: dict[str, float]
    output: float
    draws: int  # random numbers drawn since the start, to rebuild the generator
    rng_state: tuple[Any, ...]


class NeuronState:
    """A gate f(inputs) whose inputs the learner nudges to raise its output.

    Args:
        f: The gate's output.
        inputs: Start values, in declaration order.
        step: Step size of every nudge (> 0).
        h: The small change of the numerical gradient (> 0).
        seed: Fixes the random nudges; None draws from an unseeded generator.
        update: ``"simultaneous"`` (every input moves by the gradient at the current point)
            or ``"sequential"`` (inputs move one after another, each using the values
            already changed: the article's ``a = a + step*b; b = b + step*a``).

    Raises:
        ExprError: f is not a finite number at the start values.
        ValueError: No inputs, a step or h that is not a positive number, an unknown update.
    """

    ACTIONS = ("random", "numeric", "gradient", "undo", "reset")
    """The actions `act` knows by name (the keys of the widget, the `do:` of an `expect` step)."""

    def __init__(
        self,
        f: Expr,
        inputs: Mapping[str, float],
        step: float = 0.01,
        h: float = 1e-4,
        seed: int | None = None,
        update: str = "simultaneous",
    ) -> None:
        if not inputs:
            raise ValueError("a neuron needs at least one input")
        if update not in UPDATES:
            raise ValueError(f"update must be one of {', '.join(UPDATES)}, not {update!r}")
        self._f = f
        self._start = {name: float(x) for name, x in inputs.items()}
        self._h = check_positive("h", h)
        self._step = check_positive("step", step)
        self._seed = seed
        self._update = update
        self._rng = random.Random(seed)
        self._history = [self._point(dict(self._start), draws=0)]
        self._gradient_at: tuple[tuple[str, ...], dict[str, float]] | None = None
        """The last exact gradient computed and the inputs it was computed at (see `gradient`)."""

    @property
    def f(self) -> Expr:
        """The gate's output expression."""
        return self._f

    @property
    def start(self) -> dict[str, float]:
        """The start values of the inputs."""
        return dict(self._start)

    @property
    def inputs(self) -> dict[str, float]:
        """The current inputs, in declaration order."""
        return dict(self._history[-1].inputs)

    @property
    def output(self) -> float:
        """f at the current inputs."""
        return self._history[-1].output

    @property
    def gradient(self) -> dict[str, float]:
        """The exact partial derivatives at the current inputs (raises `ExprError` if infinite).

        One backward pass gives every partial; it is kept until the inputs change, so showing
        the gradient and then stepping along it costs one pass, not one per input.
        """
        return dict(self._exact_gradient(self._history[-1].inputs))

    @property
    def numeric_gradient(self) -> dict[str, float]:
        """The numerical partials (f(x+h) − f(x))/h at the current inputs."""
        point = self._history[-1].inputs
        return {name: self._numeric_partial(point, name) for name in point}

    @property
    def step(self) -> float:
        """Step size of the nudges; settable (> 0), kept by `undo` and `reset`."""
        return self._step

    @step.setter
    def step(self, value: float) -> None:
        self._step = check_positive("step", value)

    @property
    def h(self) -> float:
        """The small change used by the numerical gradient."""
        return self._h

    @property
    def seed(self) -> int | None:
        """The random generator's seed (None: unseeded)."""
        return self._seed

    @property
    def update(self) -> str:
        """``"simultaneous"`` or ``"sequential"``."""
        return self._update

    @property
    def nudges(self) -> int:
        """How many actions are in the history (history length − 1)."""
        return len(self._history) - 1

    @property
    def can_undo(self) -> bool:
        """True when there is an action to undo."""
        return len(self._history) > 1

    @property
    def outputs(self) -> list[float]:
        """The output after each action, starting with the start output (for the plot)."""
        return [point.output for point in self._history]

    @property
    def path(self) -> list[dict[str, float]]:
        """The inputs after each action, starting with the start values."""
        return [dict(point.inputs) for point in self._history]

    def act(self, name: str) -> Change | None:
        """Do the action ``name`` (one of `ACTIONS`): the one dispatch the widget and `check` use.

        Returns:
            What changed; None for ``undo`` with nothing to undo.

        Raises:
            ExprError: The action would leave the finite numbers; nothing changed.
            ValueError: ``name`` is not an action.
        """
        if name == "undo":
            before = self.output
            return Change("undo", before, self.output) if self.undo() else None
        steps = {
            "random": self.random,
            "numeric": self.numeric,
            "gradient": self.gradient_step,
            "reset": self.reset,
        }
        if name not in steps:
            raise ValueError(f"unknown neuron action {name!r} (known: {', '.join(self.ACTIONS)})")
        return steps[name]()

    def random(self) -> Change:
        """Method 1: each input x becomes x + step·u, u uniform in [0, 1), in declaration order."""
        saved = self._rng.getstate()
        current = self._history[-1]
        inputs = {name: x + self._step * self._rng.random() for name, x in current.inputs.items()}
        try:
            return self._commit("random", inputs, current.draws + len(inputs))
        except ExprError:
            self._rng.setstate(saved)
            raise

    def numeric(self) -> Change:
        """Follow the numerical gradient: x += step·(f(x+h) − f(x))/h."""
        return self._commit("numeric", self._climb(self._numeric_partial))

    def gradient_step(self) -> Change:
        """Follow the exact gradient (autodiff): x += step·∂f/∂x."""
        return self._commit("gradient", self._climb(self._exact_partial))

    def set_input(self, name: str, value: float) -> Change:
        """Set one input to ``value`` (an action that can be undone).

        Raises:
            KeyError: ``name`` is not an input.
            ExprError: f is not finite there.
        """
        inputs = self.inputs
        if name not in inputs:
            raise KeyError(name)
        inputs[name] = float(value)
        return self._commit("set", inputs)

    def undo(self) -> bool:
        """Step back one action, restoring the random generator too; False if at the start."""
        if len(self._history) == 1:
            return False
        self._history.pop()
        self._rng.setstate(self._history[-1].rng_state)
        return True

    def reset(self) -> Change:
        """Return to the start values with a freshly seeded generator (the step is kept)."""
        before = self.output
        self._rng = random.Random(self._seed)
        self._history = [self._point(dict(self._start), draws=0)]
        return Change("reset", before, self.output)

    def snapshot(self) -> dict[str, Any]:
        """The state as JSON-ready data for the progress store: step, path and draws.

        ``path`` is the inputs history and ``draws`` the number of random numbers drawn
        at each point of it (so a seeded generator can be rebuilt by `restore`).
        """
        return {
            "step": self._step,
            "path": self.path,
            "draws": [point.draws for point in self._history],
        }

    def restore(self, data: Mapping[str, Any]) -> None:
        """Restore a `snapshot`; with no seed the generator restarts unseeded.

        Snapshots saved by older versions (``history`` instead of ``path``, an ``inputs`` key)
        are read too.

        Raises:
            ValueError: The data does not fit this neuron (other inputs or start values,
                bad types, a point where f is not finite); the state is then unchanged.
        """
        if isinstance(data, Mapping) and "path" not in data and "history" in data:
            data = {**data, "path": data["history"]}  # the widget's format before 2026-12
        step = check_positive("snapshot: step", snapshot_field(data, "step", float))
        path = snapshot_field(data, "path", list)
        draws = snapshot_field(data, "draws", list)
        if not path or len(path) != len(draws):
            raise ValueError("snapshot: path and draws must be non-empty and of equal length")
        points = [self._checked_inputs(p) for p in path]
        if points[0] != self._start:
            raise ValueError("snapshot: it starts elsewhere than this neuron")
        history = self._replay(points, draws)
        self._step, self._history = step, history
        self._rng.setstate(history[-1].rng_state)

    def _replay(self, points: list[dict[str, float]], draws: list[Any]) -> list[_Point]:
        """History points for ``points``, the generator advanced to each one's draws."""
        if any(not isinstance(n, int) or n < 0 for n in draws) or draws != sorted(draws):
            raise ValueError("snapshot: draws must be non-decreasing counts")
        if draws[0] != 0 or draws[-1] > MAX_REPLAY_DRAWS:
            raise ValueError("snapshot: draws out of range")
        rng, drawn, history = random.Random(self._seed), 0, []
        for inputs, count in zip(points, draws, strict=True):
            for _ in range(count - drawn):
                rng.random()
            drawn = count
            try:
                output = self._f.evaluate(inputs)
            except ExprError as error:
                raise ValueError(f"snapshot: {error}") from None
            history.append(_Point(inputs, output, count, rng.getstate()))
        return history

    def _checked_inputs(self, value: Any) -> dict[str, float]:
        """A snapshot point as inputs, checked against this neuron's names."""
        if not isinstance(value, Mapping) or list(value) != list(self._start):
            raise ValueError(f"snapshot: inputs must be {', '.join(self._start)}")
        if not all(is_number(x) and math.isfinite(x) for x in value.values()):
            raise ValueError("snapshot: inputs must be finite numbers")
        return {name: float(x) for name, x in value.items()}

    def _point(self, inputs: dict[str, float], draws: int) -> _Point:
        return _Point(inputs, self._f.evaluate(inputs), draws, self._rng.getstate())

    def _commit(self, action: str, inputs: dict[str, float], draws: int | None = None) -> Change:
        """Record a new point (evaluating f first, so a failure changes nothing)."""
        before = self.output
        point = self._point(inputs, self._history[-1].draws if draws is None else draws)
        self._history.append(point)
        return Change(action, before, point.output)

    def _climb(self, partial: Callable[[dict[str, float], str], float]) -> dict[str, float]:
        """The inputs after one gradient step, simultaneous or sequential.

        Simultaneous: every input moves by its partial at the current point. Sequential: each
        input moves by its partial at the point the earlier inputs already moved to, so the
        point (and the gradient) changes after every input.
        """
        current = self.inputs
        if self._update == "sequential":
            for name in current:
                current[name] += self._step * partial(current, name)
            return current
        partials = {name: partial(current, name) for name in current}
        return {name: x + self._step * partials[name] for name, x in current.items()}

    def _exact_gradient(self, point: Mapping[str, float]) -> dict[str, float]:
        """Every exact partial at ``point`` from one backward pass, reused while ``point`` holds."""
        key = tuple(x.hex() for x in point.values())  # exact, -0.0 included
        if self._gradient_at is None or self._gradient_at[0] != key:
            self._gradient_at = (key, self._f.gradient(point)[1])
        return self._gradient_at[1]

    def _numeric_partial(self, point: Mapping[str, float], name: str) -> float:
        nudged = {**point, name: point[name] + self._h}
        return (self._f.evaluate(nudged) - self._f.evaluate(point)) / self._h

    def _exact_partial(self, point: Mapping[str, float], name: str) -> float:
        return self._exact_gradient(point)[name]
