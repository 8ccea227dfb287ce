"""Numbers are never cut (issue 11): every number a neuron or curve shows is on screen whole.

Every neuron and curve of the bundled course (both languages) and of a fixture with long formulas
and five or six inputs is mounted as the reader mounts it (a padded page), at 60x20, 80x24,
100x30 and 120x40, nudged once, and the text its parts draw (clipped to their widths) is compared
with the engine's numbers: inputs, partials, output, step, and the table's latest row; x, y,
slope and step for a curve.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget

from tutor.course.model import CurveSpec, NeuronSpec
from tutor.course.parser import bundled_course, load_course
from tutor.maths.expr import ExprError
from tutor.maths.numfmt import fmt
from tutor.widgets.curve import Curve
from tutor.widgets.neuron import Neuron

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "long-widgets"
SIZES = [(60, 20), (80, 24), (100, 30), (120, 40)]

Spec = NeuronSpec | CurveSpec


def specs() -> list[tuple[str, Spec, str | None]]:
    """(name, spec, language) of every neuron and curve of the bundled course and the fixture."""
    found: list[tuple[str, Spec, str | None]] = []
    for course in (bundled_course(), load_course(FIXTURE)):
        for lang, lessons in course.lessons.items():
            for lesson in lessons:
                for page in lesson.pages:
                    for block in page.blocks:
                        if isinstance(block, (NeuronSpec, CurveSpec)):
                            name = f"{lang or '-'}/{lesson.id}:{block.line}"
                            found.append((name, block, lang))
    return found


SPECS = specs()


class PageApp(App[None]):
    """One widget on a page padded as the reader's (padding 0 1, a scrollbar)."""

    CSS = "VerticalScroll { padding: 0 1; }"

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield self.widget

    def on_mount(self) -> None:
        self.widget.focus()


def drawn_text(part: Widget) -> str:
    """What a text part of a widget draws, cut where its containers cut it (a part wider than its
    row is clipped on the right). Rows scrolled out of view count: the learner can scroll to
    them; columns cut off cannot be reached."""
    geometry = part.screen.find_widget(part)
    left = max(geometry.region.x, geometry.clip.x) - geometry.region.x
    right = min(geometry.region.right, geometry.clip.right) - geometry.region.x
    content = part.content_region.x - part.region.x
    lines = [
        (" " * content + part.render_line(y).text)[left:right] for y in range(part.size.height)
    ]
    return "\n".join(lines)


def whole(number: str, text: str) -> bool:
    """Whether `number` appears in `text` with no digit cut off on either side."""
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", text) is not None


def wanted(widget: Neuron | Curve) -> dict[str, list[str]]:
    """The engine's numbers each part of the widget must show, by the part's id."""
    if isinstance(widget, Neuron):
        state = widget.state
        try:
            partials = list(state.gradient.values())
        except ExprError:  # not finite at this point: the widget shows `?` for them
            partials = []
        return {
            "inputs": [fmt(n) for n in [*state.inputs.values(), *partials]],
            "output": [fmt(state.output)],
            "info": [fmt(widget.spec.step)],
        }
    curve = widget.state
    return {"values": [fmt(curve.x), fmt(curve.y), fmt(curve.slope), fmt(curve.step)]}


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_every_number_is_whole(size: tuple[int, int]) -> None:
    missing: list[str] = []
    for name, spec, lang in SPECS:
        widget: Neuron | Curve
        if isinstance(spec, NeuronSpec):
            widget = Neuron(spec, key=name, lang=lang)
            key = "g" if "gradient" in spec.actions else "up"
        else:
            widget = Curve(spec, key=name, lang=lang)
            key = "g"
        app = PageApp(widget)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            for part_id, numbers in wanted(widget).items():
                text = drawn_text(widget.query_one(f"#{part_id}"))
                missing += [f"{name} #{part_id}: {n}" for n in numbers if not whole(n, text)]
            if isinstance(widget, Neuron) and widget.spec.plot:
                await pilot.press("p")  # the table: the latest inputs and output, whole
                await pilot.pause()
                state = widget.state
                text = drawn_text(widget.query_one("#table"))
                numbers = [fmt(n) for n in [*state.inputs.values(), state.output]]
                missing += [f"{name} #table: {n}" for n in numbers if not whole(n, text)]
    assert missing == []


def test_the_walk_covers_the_course_and_the_long_fixture() -> None:
    names = [name for name, _, _ in SPECS]
    assert any(name.startswith("en/beyond") for name in names)
    assert any(name.startswith("zh/") for name in names)
    five = [spec for _, spec, _ in SPECS if isinstance(spec, NeuronSpec) and len(spec.inputs) >= 5]
    assert len(five) >= 2
