"""The neuron widget: a gate whose inputs the learner nudges, with the derivative under each input.

The widget owns a `NeuronState` (tutor.maths.nudges) and shows it; after every change it tells
its progress sink (tutor.progress.sink), which saves the state's snapshot. It never touches its
siblings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Static

from tutor.course.model import NeuronSpec
from tutor.i18n import tr
from tutor.maths.expr import ExprError
from tutor.maths.nudges import Change, NeuronState
from tutor.maths.numfmt import fmt, fmt_delta
from tutor.progress.sink import ProgressSink
from tutor.widgets import neuron_view as view
from tutor.widgets.cells import Value
from tutor.widgets.neuron_plots import NeuronPlots
from tutor.widgets.plot import plain

__all__ = ["Neuron"]


_ACTION_KEYS = {"r": "random", "d": "numeric", "g": "gradient"}
"""The nudge keys, by the spec action they need."""

_ACTION_NAMES = {"random": "random nudge", "numeric": "numerical gradient", "gradient": "gradient"}

_VIEW_NAMES = {
    "history": "view: output and inputs by nudge (v: next view)",
    "plane": "view: plane, level curves of f (v: next view)",
    "table": "view: table of values (v: next view, p: the plot)",
}
"""What the status line says when the learner changes the view."""


class Neuron(Widget, can_focus=True):
    """A neuron (inputs → gate f → output) the learner nudges with the keyboard."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "select(-1)", "input", group=Binding.Group("input")),
        Binding("right", "select(1)", "input", group=Binding.Group("input")),
        Binding("up", "change(0.1)", "±0.1", group=Binding.Group("±0.1")),
        Binding("down", "change(-0.1)", "±0.1", group=Binding.Group("±0.1")),
        Binding("shift+up", "change(1)", "+1", show=False),
        Binding("shift+down", "change(-1)", "-1", show=False),
        Binding("r", "nudge('random')", "random"),
        Binding("d", "nudge('numeric')", "numeric"),
        Binding("g", "nudge('gradient')", "gradient"),
        Binding("u", "undo", "undo"),
        Binding("0", "reset", "reset"),
        Binding("v", "cycle_view", "view"),
        Binding("p", "toggle_table", "table"),
    ]
    """←/→ choose an input, ↑/↓ change it by 0.1 (shift: by 1), r/d/g nudge (random, numerical
    gradient, exact gradient; only those the lesson offers), u undo, 0 back to the start values,
    v the next view (history, the plane of two inputs, the table), p the table or back."""

    DEFAULT_CSS = """
    Neuron {
        height: auto;
        border: round $primary-darken-1;
        border-title-align: left;
        padding: 0 1;
    }
    Neuron:focus {
        border: heavy $accent;
    }
    Neuron.-ascii, Neuron.-ascii:focus {
        border: ascii $primary;
    }
    Neuron .neuron--diagram {
        height: auto;
    }
    Neuron .neuron--diagram Static {
        width: auto;
    }
    Neuron .neuron--diagram #output {
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    Neuron.-narrow .neuron--diagram {
        layout: vertical;
    }
    Neuron.-narrow #wires {
        display: none;
    }
    Neuron.-narrow .neuron--diagram #gate {
        width: 1fr;
    }
    Neuron .neuron--line {
        height: auto;
    }
    Neuron #info {
        width: auto;
        margin-right: 2;
    }
    Neuron #status {
        width: 1fr;
        text-style: bold;
    }
    Neuron.-narrow .neuron--line {
        layout: vertical;
    }
    """

    def __init__(
        self,
        spec: NeuronSpec,
        *,
        key: str,
        progress: ProgressSink | None = None,
        ascii_mode: bool = False,
        lang: str | None = None,
        id: str | None = None,
    ) -> None:
        """Create a neuron from its lesson directive.

        Args:
            spec: The parsed `neuron` directive.
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
        self.glyphs = view.ASCII if ascii_mode else view.UNICODE
        self.state = NeuronState(
            spec.f, spec.inputs, step=spec.step, h=spec.h, seed=spec.seed, update=spec.update
        )
        """The state machine this widget shows and changes."""
        self.selected = 0
        """Index of the input the arrow keys change."""
        self.views = view.views_for(len(spec.inputs))
        """The views this neuron offers, in the order `v` cycles them."""
        self.view = spec.view if spec.view in self.views else self.views[0]
        """The view shown under the diagram: `history`, `plane` or `table`."""
        self._plot_view = self.view if self.view != "table" else self.views[0]
        self._stacked = False
        self._mounted = False
        self._shown: dict[str, object] = {}
        self._status = self._tr("press g for a gradient step") if "gradient" in spec.actions else ""
        self.border_title = self._tr("neuron")

    @property
    def names(self) -> list[str]:
        """The input names, in declaration order."""
        return list(self.spec.inputs)

    def compose(self) -> ComposeResult:
        """The diagram row, the settings and status lines, and the plot (or table)."""
        count = len(self.names)
        with Horizontal(classes="neuron--diagram"):
            yield Value(id="inputs")
            yield Static(view.wires(count, self.glyphs), id="wires")
            yield Value(id="gate")
            yield Value(id="output")
        info = view.info_line(self.spec.step, self.spec.update, self.spec.seed, self.lang)
        with Horizontal(classes="neuron--line"):
            yield Static(plain(info) if self.ascii_mode else info, id="info")
            yield Value(id="status")
        if self.spec.plot:
            yield NeuronPlots(self.spec, ascii_mode=self.ascii_mode, lang=self.lang)

    @property
    def show_table(self) -> bool:
        """Whether the table of values replaces the plot."""
        return self.view == "table"

    def on_mount(self) -> None:
        """Fill in the values."""
        self._mounted = True
        self._refresh_view()

    def on_resize(self) -> None:
        """Lay the diagram out again and redraw the view at its new size."""
        if self._mounted:
            self._refresh_view()

    def _fit_diagram(self, inputs: Text, output: Text) -> None:
        """Stack the diagram (inputs, gate, output) when one row would cut a number."""
        width = self.content_size.width
        count = len(self.names)
        gate = view.gate_text(self.spec.f.source, count, self.glyphs)
        stacked = width > 0 and view.diagram_width(inputs, count, gate, output) > width
        if stacked != self._stacked or "gate" not in self._shown:
            self._stacked = stacked
            self.set_class(stacked, "-narrow")
            if stacked:
                gate = view.gate_text(self.spec.f.source, count, self.glyphs, stacked=True)
            self._put("gate", gate)

    def on_focus(self, event: events.Focus) -> None:
        """Say in the border that the keys now go here."""
        self.border_title = f"{self.glyphs.selected} {self._tr('neuron (focused)')}"

    def on_blur(self, event: events.Blur) -> None:
        """Back to the plain title."""
        self.border_title = self._tr("neuron")

    def _put(self, widget_id: str, content: Text | str) -> None:
        """Update one value widget, only when its content changed (no repaint otherwise).

        A layout of the whole screen costs more than everything else a key does: a `Value`
        lays out only when its new text needs another size (a value longer than its column,
        a status line that wraps), and otherwise repaints only its changed cells.
        """
        key = content.markup if isinstance(content, Text) else content
        if self._shown.get(widget_id) == key:
            return
        self._shown[widget_id] = key
        self.query_one(f"#{widget_id}", Value).update(content)

    def _refresh_view(self) -> None:
        """Show the current state in the value widgets, the plot and the table."""
        state = self.state
        try:
            gradient: dict[str, float] | None = state.gradient
        except ExprError:
            gradient = None
        count = len(self.names)
        inputs = view.input_rows(state.inputs, gradient, self.selected, self.glyphs)
        output = view.output_text(state.output, count, self.lang)
        self._fit_diagram(inputs, output)
        if self._stacked:
            output = view.output_text(state.output, count, self.lang, stacked=True)
        self._put("inputs", inputs)
        self._put("output", output)
        status = plain(self._status) if self.ascii_mode else self._status
        self._put("status", Text(status))
        if self.spec.plot:
            self.query_one(NeuronPlots).show(state, gradient, self.view, self.selected)

    def _announce(self, change: Change, label: str) -> None:
        """Show what a change did and tell the progress sink."""
        self._status = self._tr(
            "{label}: output {before} → {after} ({delta})",
            label=label,
            before=fmt(change.before),
            after=fmt(change.after),
            delta=fmt_delta(change.delta),
        )
        self._refresh_view()
        if self._progress is not None:
            self._progress.state_changed(self.key, self.snapshot)

    def _fail(self, label: str, error: ExprError) -> None:
        """Show an engine error in the status line; the state is unchanged."""
        self._status = self._tr("{label}: {error} — nothing changed", label=label, error=error)
        self._refresh_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the nudges the lesson does not offer (they vanish from the footer)."""
        if action == "nudge" and parameters:
            return parameters[0] in self.spec.actions
        if action in ("toggle_table", "cycle_view"):
            return self.spec.plot
        return True

    def on_key(self, event: events.Key) -> None:
        """Say so when a nudge key the lesson does not offer is pressed."""
        action = _ACTION_KEYS.get(event.key)
        if action is None or action in self.spec.actions:
            return
        event.stop()
        event.prevent_default()
        names = [self._tr(_ACTION_NAMES[name]) for name in self.spec.actions]
        self._status = self._tr(
            "{action} is not offered here (offered: {offered})",
            action=self._tr(_ACTION_NAMES[action]),
            offered=", ".join(names) or self._tr("none"),
        )
        self._refresh_view()
        self.app.bell()

    def action_select(self, delta: int) -> None:
        """Choose the previous (-1) or next (+1) input, wrapping around."""
        self.selected = (self.selected + delta) % len(self.names)
        self._refresh_view()

    def action_change(self, amount: float) -> None:
        """Change the selected input by `amount`."""
        name = self.names[self.selected]
        value = round(self.state.inputs[name] + amount, 9)
        label = f"{name} {'+' if amount > 0 else '-'}{fmt(abs(amount))}"
        try:
            change = self.state.set_input(name, value)
        except ExprError as error:
            self._fail(label, error)
            return
        self._announce(change, label)

    def action_nudge(self, action: str) -> None:
        """One nudge of every input: `random`, `numeric` or `gradient`."""
        if action in self.spec.actions:
            self._act(action, self._tr(_ACTION_NAMES[action]))

    def action_undo(self) -> None:
        """Go back one change (the random generator too)."""
        self._act("undo", self._tr("undo"))

    def action_reset(self) -> None:
        """Back to the lesson's start values (history and random sequence included)."""
        self._act("reset", self._tr("reset"))

    def _act(self, action: str, label: str) -> None:
        """Do a named action of the state (`NeuronState.act`) and show what it did."""
        try:
            change = self.state.act(action)
        except ExprError as error:
            self._fail(label, error)
            return
        if change is None:
            self._status = self._tr("nothing to undo")
            self._refresh_view()
            return
        self._announce(change, label)

    def action_toggle_table(self) -> None:
        """Show the plotted values as a table, or the last plot view again."""
        self._set_view(self._plot_view if self.view == "table" else "table")

    def action_cycle_view(self) -> None:
        """Show the next view: history → plane (two inputs or more) → table → history."""
        index = self.views.index(self.view)
        self._set_view(self.views[(index + 1) % len(self.views)])

    def _set_view(self, name: str) -> None:
        """Show a view and say which; the view is saved with the widget's state."""
        self.view = name
        if name != "table":
            self._plot_view = name
        self._status = self._tr(_VIEW_NAMES[name])
        self._refresh_view()
        if self._progress is not None:
            self._progress.state_changed(self.key, self.snapshot)

    def snapshot(self) -> dict[str, Any]:
        """The state to save: `NeuronState.snapshot` (the one persisted format) and the view."""
        return {**self.state.snapshot(), "view": self.view}

    def restore(self, data: Mapping[str, object]) -> None:
        """Go back to a saved state; data that does not fit this neuron is ignored.

        Progress files may be old or come from another version of the lesson, so nothing here
        raises: on any mismatch the widget keeps its current state.
        """
        if not isinstance(data, Mapping):
            return
        if data.get("view") in self.views:
            self.view = str(data["view"])
            self._plot_view = self.view if self.view != "table" else self._plot_view
        try:
            self.state.restore(data)
        except (ValueError, TypeError):
            return
        self._status = self._tr("restored: {count} nudges so far", count=self.state.nudges)
        if self.is_mounted:
            self._refresh_view()

    def _tr(self, message: str, /, **values: object) -> str:
        return tr(self.lang, message, **values)
