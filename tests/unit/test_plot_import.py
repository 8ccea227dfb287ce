"""plotext's documentation is not loaded by the plot widget, and its pictures do not change.

`tutor.widgets.plot` puts a stand-in for `plotext._doc.doc` in `sys.modules` before plotext is
first imported (its 29 documentation modules cost ~57 ms of start-up). Each case runs in a fresh
interpreter: in this one, other tests have long imported plotext with its documentation.
"""

from __future__ import annotations

import json
from typing import Any

from fresh_python import run_fresh

DRAW = """
import json, math, sys
{first}
from tutor.widgets.plot import Label, Plot, PlotData, Series
import plotext
xs = tuple(i / 10 for i in range(60))
sine = PlotData(
    series=(Series(xs, tuple(math.sin(x) for x in xs), lines=True),),
    labels=(Label(3, 0.5, "A"),),
    title="sine",
)
pictures = [
    str(Plot(sine).build_picture(40, 10)),
    str(Plot(sine, ascii_mode=True).build_picture(40, 10)),
    plotext.figure.build().string(),  # plotext's own global figure: an empty frame
]
loaded = sorted(m for m in sys.modules if m.startswith(("plotext._doc", "plotext.prettydoc")))
print(json.dumps({{"pictures": pictures, "loaded": loaded, "doc": repr(plotext.doc)}}))
"""


def draw(first: str) -> dict[str, Any]:
    """Plots drawn in a fresh interpreter that runs `first` before importing the plot widget."""
    drawn: dict[str, Any] = json.loads(run_fresh(DRAW.format(first=first)))
    return drawn


def test_the_plot_widget_loads_no_plotext_documentation() -> None:
    drawn = draw("")
    assert drawn["loaded"] == ["plotext._doc.doc"]  # the stand-in, nothing else
    assert drawn["doc"] == "None"


def test_plots_are_the_same_with_and_without_plotext_documentation() -> None:
    without = draw("")
    with_docs = draw("import plotext")  # plotext first: the real documentation is loaded
    assert "plotext._doc.sections" in with_docs["loaded"]  # the check can see the difference
    assert with_docs["doc"] != "None"
    assert without["pictures"] == with_docs["pictures"]
    sine = without["pictures"][0]
    assert "sine" in sine and "A" in sine and "┌" in sine  # the title, the label, the frame
    assert any(0x2580 <= ord(char) <= 0x28FF for char in sine)  # the curve's blocks or braille
