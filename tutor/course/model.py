"""The lesson model: what a parsed course is made of.

Pure data, no Textual. The parser (`tutor.course.parser`) builds it; `check` validates it; the
reader turns it into screens and widgets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.maths.expr import Expr

NEURON_ACTIONS = ("random", "numeric", "gradient")
"""The nudges a neuron can offer, in the order the reader shows them."""

BUNDLED_COURSE = "bundled"
"""The course key of the course shipped with backprop-tutor."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a lesson file, reported as `FILE:LINE: message`."""

    file: str
    line: int
    message: str
    column: int = field(default=0, compare=False)
    """1-based column of the offending key or expression character; 0 when none applies.

    `check` draws its caret there; it is not part of `str(problem)` (the contract's format)
    and not compared (two problems at the same place with the same message are equal).
    """

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class ExpectStep:
    """One step of an `expect:` replay: an action and the values it must produce."""

    do: str
    line: int
    output: float | None = None
    inputs: dict[str, float] | None = None
    x: float | None = None
    y: float | None = None
    tol: float | None = None
    lines: dict[str, int] = field(default_factory=dict)
    """The file line of each key of the step, so a mismatch points at the value."""
    columns: dict[str, int] = field(default_factory=dict)
    """The 1-based file column of each key of the step, for `check`'s caret."""

    def line_of(self, key: str) -> int:
        """The line of one of the step's keys (the step's own line when absent)."""
        return self.lines.get(key, self.line)

    def column_of(self, key: str) -> int:
        """The column of one of the step's keys (0 when absent)."""
        return self.columns.get(key, 0)


@dataclass(frozen=True)
class NeuronSpec:
    """A `neuron` directive: a gate whose inputs the learner changes."""

    inputs: dict[str, float]
    f: Expr
    line: int
    step: float = 0.01
    h: float = 0.0001
    seed: int | None = None
    actions: tuple[str, ...] = NEURON_ACTIONS
    update: str = "simultaneous"
    plot: bool = True
    id: str | None = None
    id_line: int = 0
    """The line of the `id:` key (0 when there is none), for duplicate-id problems."""
    expect: tuple[ExpectStep, ...] = ()
    view: str = "history"
    """The view shown first: `history`, `plane` or `table` (from `plot:`; true is history)."""
    window: dict[str, tuple[float, float]] = field(default_factory=dict)
    """The plane view's fixed range of some inputs (`window: {a: [lo, hi]}`); others automatic."""


@dataclass(frozen=True)
class CurveSpec:
    """A `curve` directive: gradient ascent on a function of one variable."""

    f: Expr
    x: float
    range: tuple[float, float]
    line: int
    step: float = 0.1
    marks: dict[str, float] = field(default_factory=dict)
    id: str | None = None
    id_line: int = 0
    """The line of the `id:` key (0 when there is none), for duplicate-id problems."""
    expect: tuple[ExpectStep, ...] = ()


@dataclass(frozen=True)
class QuizChoice:
    """One choice of a multiple-choice quiz."""

    text: str
    correct: bool
    why: str | None = None


@dataclass(frozen=True)
class WrongAnswer:
    """A common wrong answer of a numeric quiz and the feedback it deserves."""

    answer: float
    why: str


@dataclass(frozen=True)
class QuizSpec:
    """A `quiz` directive: choices or a numeric answer, exactly one of the two."""

    id: str
    question: str
    line: int
    choices: tuple[QuizChoice, ...] = ()
    answer: float | None = None
    tolerance: float | None = None
    hint: str | None = None
    explain: str | None = None
    id_line: int = 0
    """The line of the `id:` key, for duplicate-id problems."""
    wrong: tuple[WrongAnswer, ...] = ()
    """Numeric quiz: common wrong answers, each with its own `why`."""

    @property
    def multiple(self) -> bool:
        """True when more than one choice is correct ("select all that apply")."""
        return sum(choice.correct for choice in self.choices) > 1

    @property
    def numeric(self) -> bool:
        """True for a quiz answered with a number instead of choices."""
        return self.answer is not None

    def accepts(self, value: float) -> bool:
        """Whether a numeric answer is within the quiz's tolerance of the right one."""
        return self.answer is not None and self.near(value, self.answer)

    def near(self, value: float, target: float) -> bool:
        """Whether `value` is within the quiz's tolerance of `target`."""
        tolerance = self.tolerance
        if tolerance is None:
            tolerance = 1e-6 * max(1.0, abs(target))
        return abs(value - target) <= tolerance

    def wrong_feedback(self, value: float) -> list[str]:
        """The `why` of the first listed wrong answer `value` matches: zero or one lines.

        Empty when the value is accepted as right, or matches no listed wrong answer.
        """
        if self.accepts(value):
            return []
        return [wrong.why for wrong in self.wrong if self.near(value, wrong.answer)][:1]


@dataclass(frozen=True)
class CodeSpec:
    """A `python run` block: a runnable code cell."""

    source: str
    line: int


@dataclass(frozen=True)
class BrokenSpec:
    """A directive that failed validation; the reader shows the problem in its place."""

    kind: str
    problem: Problem
    line: int


@dataclass(frozen=True)
class MarkdownBlock:
    """Ordinary Markdown between directives (ordinary code blocks included)."""

    text: str
    line: int


Block = MarkdownBlock | NeuronSpec | CurveSpec | QuizSpec | CodeSpec | BrokenSpec
"""Anything a page is made of."""

WIDGET_SPECS = (NeuronSpec, CurveSpec, QuizSpec, CodeSpec)
"""The block types the reader turns into focusable widgets."""

WidgetSpec = NeuronSpec | CurveSpec | QuizSpec | CodeSpec
"""A block the reader turns into a widget."""

WIDGET_KINDS: dict[type, str] = {
    NeuronSpec: "neuron",
    CurveSpec: "curve",
    QuizSpec: "quiz",
    CodeSpec: "code",
}
"""The kind of each widget, as it appears in progress keys."""


@dataclass(frozen=True)
class Page:
    """One page of a lesson: the text under one `##` heading (or before the first one)."""

    title: str | None
    blocks: tuple[Block, ...]

    @property
    def quizzes(self) -> tuple[QuizSpec, ...]:
        """The quizzes on this page."""
        return tuple(block for block in self.blocks if isinstance(block, QuizSpec))


@dataclass(frozen=True)
class Lesson:
    """One lesson file, parsed. `problems` lists what is wrong in it (empty when it is fine)."""

    id: str
    title: str
    path: Path
    pages: tuple[Page, ...]
    summary: str | None = None
    lang: str | None = None
    problems: tuple[Problem, ...] = ()
    course: str | None = None
    """The `course:` front-matter key, naming the course the lesson belongs to (None: unset)."""
    course_line: int = 0
    """The line of the `course:` key (0 when there is none)."""

    @property
    def quizzes(self) -> tuple[QuizSpec, ...]:
        """Every quiz in the lesson, in page order."""
        return tuple(quiz for page in self.pages for quiz in page.quizzes)

    @property
    def unplaced_problems(self) -> list[Problem]:
        """The problems no error box shows: what `check` rejects in the lesson itself (a
        missing title, a widget inside a list...). A broken widget's problem is shown in its
        own error box, in place; these have no place."""
        in_place = {
            block.problem
            for page in self.pages
            for block in page.blocks
            if isinstance(block, BrokenSpec)
        }
        return [problem for problem in self.problems if problem not in in_place]

    def widget_key(self, page: int, block: WidgetSpec) -> str:
        """The progress key of a widget on page ``page`` (0-based): stable across edits above it.

        A quiz's id; ``kind:id`` for a widget with an id; otherwise ``kind@pP.N``: its page
        (1-based) and its place among the widgets of the same kind on that page, so text added
        or removed above it, on its page or on another, keeps its saved state.
        """
        if isinstance(block, QuizSpec):
            return block.id  # required: answers are kept by lesson id + quiz id
        kind = WIDGET_KINDS[type(block)]
        widget_id = getattr(block, "id", None)  # a code cell has none
        if widget_id:
            return f"{kind}:{widget_id}"
        same = [b for b in self.pages[page].blocks if type(b) is type(block)]
        order = next(i for i, b in enumerate(same, start=1) if b is block)
        return f"{kind}@p{page + 1}.{order}"


def legacy_widget_key(block: WidgetSpec) -> str:
    """The key a widget without an id was saved under before schema 2: ``kind@LINE``."""
    return f"{WIDGET_KINDS[type(block)]}@{block.line}"


@dataclass(frozen=True)
class Course:
    """A set of lessons, by language (`None` for a one-language course)."""

    root: Path
    lessons: Mapping[str | None, tuple[Lesson, ...]]
    """By language; `load_course` parses a language on first lookup (`in` parses nothing)."""
    problems: tuple[Problem, ...] = ()
    key: str = ""
    """Who the course is, for the progress store (two courses with the same lesson ids keep
    separate progress): the lessons' `course:` key, else ``bundled`` for the shipped course,
    else the resolved path of the course folder or lesson file. Set by `load_course`."""

    @property
    def languages(self) -> tuple[str | None, ...]:
        """The languages the course has, in a stable order (en before zh)."""
        return tuple(sorted(self.lessons, key=lambda lang: lang or ""))

    def lessons_for(self, lang: str | None) -> tuple[Lesson, ...]:
        """The lessons in a language, falling back to the course's first language."""
        if lang in self.lessons:
            return self.lessons[lang]
        languages = self.languages
        return self.lessons[languages[0]] if languages else ()

    def resolve_lang(self, lang: str | None) -> str | None:
        """The language actually used for `lang` (the first one when it is missing)."""
        if lang in self.lessons:
            return lang
        languages = self.languages
        return languages[0] if languages else None

    def find(self, lang: str | None, lesson_id: str) -> Lesson | None:
        """The lesson with this id in a language, or None."""
        for lesson in self.lessons_for(lang):
            if lesson.id == lesson_id:
                return lesson
        return None
