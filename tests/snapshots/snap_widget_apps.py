"""Tiny apps that mount one neuron or curve widget, for the snapshot tests.

`snap_compare` is given this file's path with the app's name: `snap_widget_apps.py:NeuronApp`.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Footer

from tutor.course.model import CurveSpec, NeuronSpec
from tutor.maths.expr import parse
from tutor.widgets.curve import Curve
from tutor.widgets.neuron import Neuron

ARTICLE_NEURON = NeuronSpec(
    inputs={"a": 5.0, "b": 6.0},
    f=parse("a * b", ["a", "b"]),
    line=1,
    update="sequential",
)
"""The article's neuron: f = a·b from (5, 6), the article's sequential gradient update."""

OVERSHOOT_CURVE = CurveSpec(
    f=parse("4 - (x - 2)**2", ["x"]),
    x=1.5,
    range=(-0.5, 4.5),
    line=1,
    step=1.5,
    marks={"A": 1.0, "B": 2.0, "C": 3.0},
)
"""Lesson 5's overshoot curve: a step of 1.5 from x = 1.5 jumps past the peak at B."""


class WidgetApp(App[None]):
    """Mounts one widget, focused, above a footer."""

    ENABLE_COMMAND_PALETTE = False

    def __init__(self, widget: Widget) -> None:
        """Args: widget: the widget under test."""
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        """The widget and the footer that lists its keys."""
        yield self.widget
        yield Footer()

    def on_mount(self) -> None:
        """Focus the widget so its keys work and its focus style shows."""
        self.widget.focus()


NEGATIVE_NEURON = NeuronSpec(
    inputs={"a": -5.0, "b": -6.0},
    f=parse("a * b", ["a", "b"]),
    line=1,
    seed=3,
)
"""Lesson 4's `compare` neuron: f = a·b from (−5, −6), seeded random nudges."""


class NeuronApp(WidgetApp):
    """The article's neuron, sequential update, from (5, 6)."""

    def __init__(self) -> None:
        super().__init__(Neuron(ARTICLE_NEURON, key="snap-neuron", id="neuron"))


class AsciiNeuronApp(WidgetApp):
    """The article's neuron under --ascii."""

    def __init__(self) -> None:
        super().__init__(Neuron(ARTICLE_NEURON, key="snap-neuron", ascii_mode=True, id="neuron"))


class NegativeNeuronApp(WidgetApp):
    """The neuron from (−5, −6), where random nudges go down."""

    def __init__(self) -> None:
        super().__init__(Neuron(NEGATIVE_NEURON, key="snap-negative", id="neuron"))


class AsciiCurveApp(WidgetApp):
    """Lesson 5's overshoot curve under --ascii."""

    def __init__(self) -> None:
        super().__init__(Curve(OVERSHOOT_CURVE, key="snap-curve", ascii_mode=True, id="curve"))


class CurveApp(WidgetApp):
    """Lesson 5's overshoot curve."""

    def __init__(self) -> None:
        super().__init__(Curve(OVERSHOOT_CURVE, key="snap-curve", id="curve"))


if __name__ == "__main__":
    NeuronApp().run()
