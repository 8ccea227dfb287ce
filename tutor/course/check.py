"""`check`: validate lessons and replay every widget's `expect:` list with the engine.

Parsing already reports every format problem; this module adds the replays (each step's values
compared within its tolerance) and the counts of the summary line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tutor.course import prose
from tutor.course.model import (
    CodeSpec,
    Course,
    CurveSpec,
    ExpectStep,
    Lesson,
    NeuronSpec,
    Problem,
    QuizSpec,
)
from tutor.course.parser import load_course, read_text
from tutor.maths.errors import ExprError
from tutor.maths.nudges import CurveState, NeuronState
from tutor.maths.numfmt import fmt

DEFAULT_TOL = 1e-6


@dataclass
class CheckReport:
    """What `check` found: problems (in file order) and what it looked at."""

    problems: list[Problem] = field(default_factory=list)
    lessons: int = 0
    widgets: int = 0
    quizzes: int = 0

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def summary(self) -> str:
        """The closing line, e.g. `14 lessons, 30 widgets, 28 quizzes: OK`."""
        counts = f"{self.lessons} lessons, {self.widgets} widgets, {self.quizzes} quizzes"
        if self.ok:
            return f"{counts}: OK"
        return f"{counts}: {len(self.problems)} problem{'s' * (len(self.problems) != 1)}"


def check_course(course: Course, report: CheckReport) -> None:
    """Add one course's problems and counts to a report."""
    report.problems.extend(course.problems)
    for lessons in course.lessons.values():
        for lesson in lessons:
            report.lessons += 1
            found = list(lesson.problems) + annotation_problems(lesson)
            for page in lesson.pages:
                for block in page.blocks:
                    if isinstance(block, QuizSpec):
                        report.quizzes += 1
                    elif isinstance(block, (NeuronSpec, CurveSpec)):
                        report.widgets += 1
                        found.extend(replay(block, str(lesson.path)))
            report.problems.extend(sorted(found, key=lambda problem: problem.line))


def annotation_problems(lesson: Lesson) -> list[Problem]:
    """The lesson file's wrong `NUMBER<!-- = EXPR -->` annotations (python run cells skipped)."""
    text = read_text(lesson.path, []) if lesson.path.is_file() else None
    if text is None:
        return []
    cells = (b for page in lesson.pages for b in page.blocks if isinstance(b, CodeSpec))
    skip = {
        line
        for cell in cells
        for line in range(cell.line + 1, cell.line + 1 + cell.source.count("\n"))
    }
    return prose.check_text(text, str(lesson.path), skip)


def check_paths(paths: Iterable[Path]) -> CheckReport:
    """Check lesson files and course folders; never raises for bad content."""
    report = CheckReport()
    for path in paths:
        check_course(load_course(path), report)
    return report


def replay(spec: NeuronSpec | CurveSpec, file: str) -> list[Problem]:
    """Replay a widget's `expect:` steps from its start values; one problem per mismatch."""
    try:
        state: NeuronState | CurveState
        if isinstance(spec, NeuronSpec):
            state = NeuronState(
                spec.f, spec.inputs, step=spec.step, h=spec.h, seed=spec.seed, update=spec.update
            )
        else:
            state = CurveState(spec.f, spec.x, step=spec.step)
    except (ExprError, ValueError) as error:
        return [Problem(file, spec.line, f"cannot start the widget: {error}")]
    problems: list[Problem] = []
    for step in spec.expect:
        try:
            state.act(step.do)
        except ExprError as error:
            message = f"expect: '{step.do}' fails: {error.message}"
            problems.append(Problem(file, step.line_of("do"), message, step.column_of("do")))
            break
        problems.extend(_compare(state, step, file))
    return problems


def _compare(state: NeuronState | CurveState, step: ExpectStep, file: str) -> list[Problem]:
    got: dict[str, float] = {}
    wanted: dict[str, float] = {}
    if isinstance(state, NeuronState):
        got["output"] = state.output
        got.update({f"inputs.{k}": v for k, v in state.inputs.items()})
        wanted.update({f"inputs.{k}": v for k, v in (step.inputs or {}).items()})
        if step.output is not None:
            wanted["output"] = step.output
    else:
        got.update(x=state.x, y=state.y, output=state.y)
        for key, value in (("x", step.x), ("y", step.y), ("output", step.output)):
            if value is not None:
                wanted[key] = value
    tol = DEFAULT_TOL if step.tol is None else step.tol
    problems = []
    for key, value in wanted.items():
        actual = got[key]
        if abs(actual - value) > tol * max(1.0, abs(value)):
            name = key.split(".")[0]
            problems.append(
                Problem(
                    file,
                    step.line_of(name),
                    f"expect: after '{step.do}', {key} is {fmt(actual)}, expected {fmt(value)}",
                    step.column_of(name),
                )
            )
    return problems
