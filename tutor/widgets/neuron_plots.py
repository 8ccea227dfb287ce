"""The neuron's views under its diagram: history, the plane of two inputs, the table.

`NeuronPlots` holds the three views and shows the one the neuron chose; the neuron keeps which
view it is (and saves it), this widget draws it at its size. What each view shows is computed
by the pure `tutor.widgets.neuron_view` / `tutor.maths.neuronplots`.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget

from tutor.course.model import NeuronSpec
from tutor.maths.neuronplots import Cells, plane_pair
from tutor.maths.nudges import NeuronState
from tutor.widgets import neuron_view as view
from tutor.widgets.cells import Value
from tutor.widgets.plot import Plot

__all__ = ["NeuronPlots"]

TABLE_ROWS = 8
"""Rows of the table when the widget has not been laid out yet."""

HISTORY_ROWS = 8
"""Rows of data of the history's plots when they have not been laid out yet."""

PLOT_FRAME = (9, 3)
"""Columns (y labels and frame) and rows (frame with the title, x labels) around a plot's data."""

VIEW_IDS = {"history": "history", "plane": "plane", "table": "table"}
"""The widget of each view."""


class NeuronPlots(Widget):
    """The neuron's history, plane and table; one of them shown at a time."""

    DEFAULT_CSS = """
    NeuronPlots {
        height: auto;
    }
    NeuronPlots .neuron--view {
        height: 46vh;
        min-height: 11;
        max-height: 24;
    }
    Neuron.-narrow NeuronPlots .neuron--view {
        min-height: 9;
    }
    NeuronPlots #history Plot {
        height: 1fr;
    }
    NeuronPlots #table {
        text-wrap: nowrap;
    }
    """

    def __init__(self, spec: NeuronSpec, *, ascii_mode: bool, lang: str | None) -> None:
        """Create the views of a neuron.

        Args:
            spec: The neuron's directive (its window, step, actions).
            ascii_mode: Draw with ASCII characters only.
            lang: The language of the titles.
        """
        super().__init__()
        self.spec = spec
        self.ascii_mode = ascii_mode
        self.lang = lang
        self._scale = view.plane_scale(spec.f, spec.inputs, spec.step, spec.actions)
        self._shown: tuple[NeuronState, dict[str, float] | None, str, int] | None = None
        self._table = ""

    def compose(self) -> ComposeResult:
        """The history (the output beside the inputs, together or one panel each), the plane,
        the table."""
        with Horizontal(id="history", classes="neuron--view"):
            yield Plot(ascii_mode=self.ascii_mode, id="plot")
            yield Plot(ascii_mode=self.ascii_mode, id="inputs-plot")
            if len(self.spec.inputs) >= 2:
                for index in range(len(self.spec.inputs)):
                    yield Plot(ascii_mode=self.ascii_mode, id=f"input-{index}")
        yield Plot(ascii_mode=self.ascii_mode, id="plane", classes="neuron--view")
        yield Value(id="table", classes="neuron--view")

    def show(
        self, state: NeuronState, gradient: dict[str, float] | None, name: str, selected: int
    ) -> None:
        """Show view `name` of the state (the others hidden), drawn for its size now.

        Args:
            state: The neuron's state.
            gradient: Its partials at the current point (None where not finite).
            name: `history`, `plane` or `table`.
            selected: The selected input (the plane draws it across).
        """
        self._shown = (state, gradient, name, selected)
        for view_name, widget_id in VIEW_IDS.items():
            self.query_one(f"#{widget_id}").display = view_name == name
        width = self.content_size.width or 76
        if name == "table":
            rows = self.query_one("#table").size.height or TABLE_ROWS
            table = view.history_table(state.path, state.outputs, rows, width, self.lang)
            if table.markup != self._table:
                self._table = table.markup
                self.query_one("#table", Value).update(table)
        elif name == "history":
            self._show_history(state, width)
        else:
            self._show_plane(state, gradient, selected)

    def _show_history(self, state: NeuronState, width: int) -> None:
        """The output's panel beside the inputs': one panel each when they fit (each input on
        its own y scale, so that its last change shows), else one panel for all."""
        count = len(state.inputs)
        split = view.split_inputs(count, width)
        panels = [self.query_one("#plot", Plot), self.query_one("#inputs-plot", Plot)]
        singles = [self.query_one(f"#input-{i}", Plot) for i in range(count)] if count > 1 else []
        panels[1].display = not split
        for single in singles:
            single.display = split
        if split:
            panels[1:] = singles
        height = panels[0].size.height
        frame = width // len(panels) - PLOT_FRAME[0] // 2  # a frame's top edge: its title
        rows = height - PLOT_FRAME[1] if height else HISTORY_ROWS
        drawn = view.history_plots(state.path, state.outputs, self.lang, frame, rows, split)
        for panel, data in zip(panels, drawn, strict=True):
            panel.show(data)

    def _show_plane(
        self, state: NeuronState, gradient: dict[str, float] | None, selected: int
    ) -> None:
        """Draw the plane at the plot's size (again after layout when it was just shown)."""
        plot = self.query_one("#plane", Plot)
        width, height = plot.size
        if not (width and height):  # just shown: not laid out yet, redrawn once it is
            # The width the page gives it at 80 columns, as in `show`: the title fitted to it
            # is usually the one the redraw keeps, so the page's first frame is already right.
            width, height = self.content_size.width or 76, 12
            self.call_after_refresh(self._again)
        cells = Cells(max(8, width - PLOT_FRAME[0]), max(2, height - PLOT_FRAME[1]))
        pair = plane_pair(list(state.inputs), selected)
        points = [(point[pair[0]], point[pair[1]]) for point in state.path]
        window = view.plane_window(points, self._scale, cells, self.spec.window, pair)
        data = view.plane_plot(
            state.f, state.path, gradient, pair, window, cells, self.lang, cells.cols
        )
        plot.show(data)

    def on_resize(self) -> None:
        """Draw the shown view again for the new size."""
        self.call_after_refresh(self._again)

    def _again(self) -> None:
        """The last view shown, drawn again (skipped once the widget has left the screen)."""
        if self._shown is not None and self.is_attached and self.children:
            self.show(*self._shown)
