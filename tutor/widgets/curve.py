"""The curve widget: gradient ascent on a function of one variable.

It draws f(x) across the lesson's range with the labelled marks (A, B, C), the current point and
its tangent, and moves the point with the keyboard. It owns a `CurveState` (tutor.maths.nudges)
and tells its progress sink (tutor.progress.sink) after every change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget

from tutor.course.model import CurveSpec
from tutor.i18n import tr
from tutor.maths.expr import ExprError
from tutor.maths.nudges import Change, CurveState
from tutor.maths.numfmt import fmt, fmt_delta
from tutor.maths.plotdesc import Label, PlotData, Series, drawn_range, pack, plain, pretty_formula
from tutor.progress.sink import ProgressSink
from tutor.widgets.cells import Value
from tutor.widgets.chrome import ascii_text
from tutor.widgets.plot import Plot

__all__ = ["Curve"]

SAMPLES = 160
"""Points sampled across the range to draw the curve."""

MOVE_FRACTION = 40
"""←/→ move x by the range's width divided by this."""

STEP_LIMITS = (1e-6, 1e6)
"""The step never leaves these bounds when doubled or halved."""


def sample(
    spec: CurveSpec, bounds: tuple[float, float] | None = None
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """f across `bounds` (the spec's range by default); points where f is not finite are left
    out."""
    lo, hi = bounds or spec.range
    xs: list[float] = []
    ys: list[float] = []
    for index in range(SAMPLES + 1):
        x = lo + (hi - lo) * index / SAMPLES
        try:
            y = spec.f.evaluate({"x": x})
        except ExprError:
            continue
        xs.append(x)
        ys.append(y)
    return tuple(xs), tuple(ys)


class Curve(Widget, can_focus=True):
    """y = f(x) with a point the learner moves by gradient ascent or descent."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "climb('ascent')", "ascent"),
        Binding("G", "climb('descent')", "descent", key_display="G"),
        Binding("plus,equals_sign", "scale_step(2)", "step×2", key_display="+"),
        Binding("minus", "scale_step(0.5)", "step÷2", key_display="-"),
        Binding("left", "move(-1)", "move x", group=Binding.Group("move x")),
        Binding("right", "move(1)", "move x", group=Binding.Group("move x")),
        Binding("u", "undo", "undo"),
        Binding("0", "reset", "reset"),
    ]
    """g gradient ascent step, G (shift+g) descent step, + / - double or halve the step,
    ←/→ move x by a fortieth of the range, u undo, 0 back to the start."""

    DEFAULT_CSS = """
    Curve {
        height: auto;
        border: round $primary-darken-1;
        border-title-align: left;
        padding: 0 1;
    }
    Curve:focus {
        border: heavy $accent;
    }
    Curve.-ascii, Curve.-ascii:focus {
        border: ascii $primary;
    }
    Curve Plot {
        height: 50vh;
        min-height: 8;
        max-height: 24;
    }
    Curve #status {
        text-style: bold;
    }
    """

    def __init__(
        self,
        spec: CurveSpec,
        *,
        key: str,
        progress: ProgressSink | None = None,
        ascii_mode: bool = False,
        lang: str | None = None,
        id: str | None = None,
    ) -> None:
        """Create a curve from its lesson directive.

        Args:
            spec: The parsed `curve` directive.
            key: Identifies the widget when saving progress.
            progress: Told after every change of the state (None: nothing is saved).
            ascii_mode: Draw with ASCII characters only.
            lang: The language of the widget's own words (`zh`, or English by default).
            id: The widget id.
        """
        super().__init__(id=id, classes="-ascii" if ascii_mode else None)
        self.spec = spec
        self.key = key
        self._progress = progress
        self.ascii_mode = ascii_mode
        self.lang = lang
        self.state = CurveState(spec.f, spec.x, step=spec.step)
        """The state machine this widget shows and changes."""
        self._bounds = spec.range
        self._curve = sample(spec)
        self._ylim = self._y_limits()
        self._status = self._tr("g: a gradient ascent step")
        formula = pretty_formula(spec.f.source, ascii_mode)
        self._title = self._tr("curve: y = {f}", f=formula)
        self.border_title = self._title

    def _y_limits(self) -> tuple[float, float]:
        """The y range drawn: the curve's and the point's, with room above for the mark labels."""
        ys = (*self._curve[1], self.state.y)
        low, high = min(ys), max(ys)
        span = high - low if high > low else 1.0
        return low - 0.05 * span, high + 0.25 * span

    def _follow(self) -> None:
        """Widen the drawn range when x leaves it (an overshoot stays on screen), back when not."""
        bounds = drawn_range(self.spec.range, self.state.x)
        if bounds != self._bounds:
            self._bounds = bounds
            self._curve = sample(self.spec, bounds)
        self._ylim = self._y_limits()

    def compose(self) -> ComposeResult:
        """The plot, the values line and the status line."""
        yield Plot(ascii_mode=self.ascii_mode, id="plot")
        yield Value(id="values")
        yield Value(id="status")

    def on_mount(self) -> None:
        """Draw the start."""
        self._refresh_view()

    def on_resize(self) -> None:
        """Wrap the values line again for the new width."""
        if self.is_mounted and self.children:
            self._refresh_view()

    def on_focus(self, event: events.Focus) -> None:
        """Say in the border that the keys now go here."""
        mark = ">" if self.ascii_mode else "▸"
        self.border_title = f"{mark} {self._title} {self._tr('(focused)')}"

    def on_blur(self, event: events.Blur) -> None:
        """Back to the plain title."""
        self.border_title = self._title

    def _slope(self) -> float | None:
        """f′(x) at the current point, or None where it is not finite."""
        try:
            return self.state.slope
        except ExprError:
            return None

    def plot_data(self) -> PlotData:
        """The picture: curve, tangent, marks with their labels, the current point."""
        state, spec = self.state, self.spec
        self._follow()
        lo, hi = self._bounds
        low, high = self._ylim
        series = [Series(*self._curve, color=12)]
        slope = self._slope()
        if slope is not None:
            half = (hi - lo) / 10
            series.append(
                Series(
                    (state.x - half, state.x + half),
                    (state.y - slope * half, state.y + slope * half),
                    marker="·",
                    ascii_marker=".",
                    color=13,
                )
            )
        labels: list[Label] = []
        for text, x in spec.marks.items():
            try:
                y = spec.f.evaluate({"x": x})
            except ExprError:
                continue
            series.append(Series((x,), (y,), marker="◆", ascii_marker="+", lines=False))
            labels.append(Label(x, y + 0.12 * (high - low), text))
        series.append(Series((state.x,), (state.y,), marker="●", ascii_marker="O", color=9))
        return PlotData(
            series=tuple(series), labels=tuple(labels), xlim=(lo, hi), ylim=(low, high), yticks=4
        )

    def _refresh_view(self) -> None:
        """Show the current state: the plot, the values and the status line."""
        state = self.state
        slope = self._slope()
        self.query_one("#plot", Plot).show(self.plot_data())
        items = (
            f"x = {fmt(state.x)}",
            f"y = {fmt(state.y)}",
            self._tr("slope f′(x) = {slope}", slope="?" if slope is None else fmt(slope)),
            self._tr("step {step}", step=fmt(state.step)),
        )
        # Every number whole: the items wrap onto more lines on a narrow screen. Values lay the
        # screen out only when a line needs another height; otherwise they repaint only their
        # changed cells.
        width = self.content_size.width or 76
        values = Text(pack(items, width), no_wrap=True)
        self.query_one("#values", Value).update(values)
        status = plain(self._status) if self.ascii_mode else self._status
        self.query_one("#status", Value).update(Text(status))

    def _announce(self, change: Change, status: str) -> None:
        """Show what a change did and tell the progress sink."""
        self._status = status
        self._refresh_view()
        if self._progress is not None:
            self._progress.state_changed(self.key, self.snapshot)

    def action_climb(self, direction: str) -> None:
        """One gradient step: `ascent` (x += step·f′(x)) or `descent` (x −= step·f′(x))."""
        try:
            change = self.state.act(direction)
        except ExprError as error:
            label = self._tr(direction)
            self._status = self._tr("{label}: {error} — nothing changed", label=label, error=error)
            self._refresh_view()
            return
        assert change is not None  # only undo may change nothing
        self._announce(change, self._climb_status(direction, change))

    def _climb_status(self, direction: str, change: Change) -> str:
        """What a step did, saying so when it overshot (y moved the wrong way)."""
        delta = change.delta
        if direction == "ascent" and delta < 0:
            return self._tr(
                "y fell by {amount}: the step jumped past the peak — try a smaller step (-)",
                amount=fmt(-delta),
            )
        if direction == "descent" and delta > 0:
            return self._tr(
                "y rose by {amount}: the step jumped past the valley — try a smaller step (-)",
                amount=fmt(delta),
            )
        return self._tr(
            "{label}: y {before} → {after} ({delta})",
            label=self._tr(direction),
            before=fmt(change.before),
            after=fmt(change.after),
            delta=fmt_delta(delta),
        )

    def action_scale_step(self, factor: float) -> None:
        """Double (2) or halve (0.5) the step."""
        low, high = STEP_LIMITS
        step = min(high, max(low, self.state.step * factor))
        self.state.step = step
        self._status = self._tr("step is now {step}", step=fmt(step))
        self._refresh_view()

    def action_move(self, direction: int) -> None:
        """Move x left (-1) or right (+1) by a fortieth of the range, staying inside it."""
        lo, hi = self.spec.range
        target = min(hi, max(lo, self.state.x + direction * (hi - lo) / MOVE_FRACTION))
        if target == self.state.x:
            self._status = self._tr("x is at the edge of the range")
            self._refresh_view()
            return
        try:
            change = self.state.move(target - self.state.x)
        except ExprError as error:
            label = self._tr("move")
            self._status = self._tr("{label}: {error} — nothing changed", label=label, error=error)
            self._refresh_view()
            return
        status = self._tr(
            "moved to x = {x} ({delta} in y)", x=fmt(self.state.x), delta=fmt_delta(change.delta)
        )
        self._announce(change, status)

    def action_undo(self) -> None:
        """Go back one change."""
        change = self.state.act("undo")
        if change is None:
            self._status = self._tr("nothing to undo")
            self._refresh_view()
            return
        self._announce(change, self._tr("undo: back to x = {x}", x=fmt(self.state.x)))

    def action_reset(self) -> None:
        """Back to the start x (the step is kept)."""
        change = self.state.act("reset")
        assert change is not None  # only undo may change nothing
        self._announce(change, self._tr("reset: x = {x}", x=fmt(self.state.x)))

    def snapshot(self) -> dict[str, Any]:
        """The state to save: `CurveState.snapshot`, the one persisted format."""
        return self.state.snapshot()

    def restore(self, data: Mapping[str, object]) -> None:
        """Go back to a saved state; data that does not fit this curve is ignored (no raise)."""
        try:
            self.state.restore(data)
        except (ValueError, TypeError):
            return
        self._status = self._tr("restored at x = {x}", x=fmt(self.state.x))
        if self.is_mounted:
            self._refresh_view()

    def _tr(self, message: str, /, **values: object) -> str:
        words = tr(self.lang, message, **values)
        return ascii_text(words) if self.ascii_mode else words
