"""The plane drawn in layers (the level curves once, the path over them) is the picture one
build of everything draws, cell for cell (character and colours), and a key that only moves
the path builds only the moving layer."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tutor.maths.expr import parse
from tutor.maths.neuronplots import Cells
from tutor.maths.nudges import NeuronState
from tutor.maths.plotdesc import PlotData
from tutor.widgets import neuron_view as view
from tutor.widgets.plot import Plot
from tutor.widgets.plot_layers import grid

AB = parse("a * b", ["a", "b"])


def planes(start: tuple[float, float], size: tuple[int, int], keys: str) -> list[PlotData]:
    """The plane's data after each key (`r` random, `g` gradient), as the neuron computes it."""
    inputs = {"a": start[0], "b": start[1]}
    state = NeuronState(AB, inputs, seed=3)
    cells = Cells(size[0] - 9, size[1] - 3)
    scale = view.plane_scale(AB, inputs, 0.01, ("random", "gradient"))
    pictures = []
    for key in keys:
        state.act("gradient" if key == "g" else "random")
        points = [(point["a"], point["b"]) for point in state.path]
        window = view.plane_window(points, scale, cells, {}, ("a", "b"))
        gradient = AB.gradient(state.inputs)[1]
        pictures.append(
            view.plane_plot(AB, state.path, gradient, ("a", "b"), window, cells, None, size[0])
        )
    return pictures


@pytest.mark.parametrize("ascii_mode", [False, True], ids=["unicode", "ascii"])
@pytest.mark.parametrize("size", [(76, 11), (116, 18), (56, 11)], ids=str)
@pytest.mark.parametrize("start", [(5.0, 6.0), (-5.0, -6.0)], ids=str)
def test_the_layers_draw_the_whole_picture(
    start: tuple[float, float], size: tuple[int, int], ascii_mode: bool
) -> None:
    layered = Plot(ascii_mode=ascii_mode)
    whole = Plot(ascii_mode=ascii_mode)
    datas = planes(start, size, "ggrrgrgggrrrrggg")
    assert all(data.still == 1 and data.labels for data in datas)
    for data in datas:
        layered.show(data)
        whole.show(replace(data, still=0))
        drawn = layered.build_picture(*size)
        assert isinstance(drawn, str)
        assert grid(drawn) == grid(str(whole.build_picture(*size)))


def test_a_key_that_moves_only_the_path_builds_only_the_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[PlotData] = []
    plotext = Plot._plotext

    def counted(self: Plot, data: PlotData, width: int, height: int) -> str:
        calls.append(data)
        return plotext(self, data, width, height)

    monkeypatch.setattr(Plot, "_plotext", counted)
    first, second = planes((5.0, 6.0), (76, 11), "gg")
    assert (first.xlim, first.ylim) == (second.xlim, second.ylim)  # the window stayed put
    plot = Plot(first)
    plot.build_picture(76, 11)
    assert len(calls) == 3  # the empty frame, the level curves with their labels, the path
    plot.show(second)
    calls.clear()
    plot.build_picture(76, 11)
    assert len(calls) == 1 and not any(s.marker == "·" for s in calls[0].series)
