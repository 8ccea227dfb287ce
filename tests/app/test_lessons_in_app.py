"""Every `expect:` of the bundled course, replayed by pressing keys in the reader.

`check` proves the numbers with the engine; this proves the learner sees them: each widget is
reached on its page in the real reader, the keys of each step are pressed, and the value the
step expects is on the widget's screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tutor.app import Options, make_app
from tutor.course.model import CurveSpec, ExpectStep, NeuronSpec
from tutor.course.parser import bundled_lessons, load_course
from tutor.maths.numfmt import fmt
from tutor.progress import ProgressStore
from tutor.reader import Position
from tutor.screens.lesson import LessonScreen
from tutor.widgets.curve import Curve
from tutor.widgets.neuron import Neuron

KEYS = {
    "random": "r",
    "numeric": "d",
    "gradient": "g",
    "undo": "u",
    "reset": "0",
    "ascent": "g",
    "descent": "G",
}
"""The key a learner presses for each `expect:` action."""


@dataclass(frozen=True)
class Case:
    """One widget with expect steps, where it lives in the course."""

    lang: str
    lesson: str
    page: int
    index: int  # among the page's neurons and curves
    spec: NeuronSpec | CurveSpec

    def __str__(self) -> str:
        return f"{self.lang}-{self.lesson}-p{self.page + 1}-w{self.index}"


def cases() -> list[Case]:
    """Every widget of the bundled course that promises numbers."""
    course = load_course(bundled_lessons())
    found = []
    for lang in ("en", "zh"):
        for lesson in course.lessons_for(lang):
            for number, page in enumerate(lesson.pages):
                widgets = [b for b in page.blocks if isinstance(b, (NeuronSpec, CurveSpec))]
                for index, spec in enumerate(widgets):
                    if spec.expect:
                        found.append(Case(lang, lesson.id, number, index, spec))
    return found


def shown(widget: Neuron | Curve) -> str:
    """The text of a widget's value displays."""
    names = ("#inputs", "#output") if isinstance(widget, Neuron) else ("#values",)
    return " ".join(str(widget.query_one(name, Static).render()) for name in names)


def expected_values(step: ExpectStep) -> list[float]:
    """The numbers a step promises."""
    values = [v for v in (step.output, step.x, step.y) if v is not None]
    return values + list((step.inputs or {}).values())


CASES = cases()
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?")


def test_the_course_promises_numbers() -> None:
    assert len(CASES) >= 20
    assert {case.lang for case in CASES} == {"en", "zh"}


LESSONS = sorted({(case.lang, case.lesson) for case in CASES})


@pytest.mark.parametrize(("lang", "lesson"), LESSONS, ids=[f"{a}-{b}" for a, b in LESSONS])
async def test_the_learner_sees_every_promised_number(lang: str, lesson: str) -> None:
    course = load_course(bundled_lessons())
    app = make_app(course, ProgressStore.open(), Options(lang=lang, lesson=lesson))
    async with app.run_test(size=(80, 24)) as pilot:
        for case in [c for c in CASES if (c.lang, c.lesson) == (lang, lesson)]:
            await replay(pilot, case)


async def replay(pilot: Pilot[int], case: Case) -> None:
    """Show the case's page, focus its widget, press each step's key, read the numbers."""
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    await screen.show(Position(case.lesson, case.page))
    await pilot.pause()
    widget = list(screen.query("Neuron, Curve"))[case.index]
    assert isinstance(widget, (Neuron, Curve))
    widget.focus()
    for step in case.spec.expect:
        await pilot.press(KEYS[step.do])
        await pilot.pause()
        text = shown(widget)
        numbers = set(NUMBER.findall(text.replace("−", "-")))
        if step.tol is None or step.tol <= 1e-6:  # looser steps promise no exact digits
            for value in expected_values(step):
                where = f"{case} line {step.line}"
                assert fmt(value) in numbers, f"{where}: {fmt(value)} not in {text!r}"
