"""Quiz: a multiple-choice or numeric question, with feedback for every answer.

Order of an answer (why "committed before acknowledged" holds): when the learner submits, the
quiz grades the answer (tutor.course.grading), then calls `quiz_answered` on the progress sink
given to its constructor (the lesson screen's commits to the store before returning), and only
then draws the feedback. The sink runs synchronously inside the key handler, so the answer is
committed before a single ✓ or ✗ reaches the screen. A sink that raises does not hide the
feedback: the quiz adds "Not saved: ..." under it. Without a sink nothing is recorded.

A malformed numeric answer ("abc", "2 +") is not an attempt: the quiz says "Not a number: ..."
and does not tell the sink.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from tutor.course.grading import grade_choices, grade_number, normalize_answer
from tutor.course.model import QuizSpec
from tutor.i18n import tr
from tutor.maths.expr import ExprError
from tutor.maths.numfmt import fmt
from tutor.progress.sink import ProgressSink
from tutor.widgets.chrome import ascii_text
from tutor.widgets.markdown import LessonMarkdown

_MAX_SHOWN = 40
"""The longest piece of a typed answer quoted back in a message."""


def _quote(text: str) -> str:
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


class AnswerInput(Input):
    """The numeric quiz's input; `?` asks for the hint instead of being typed."""

    class HintRequested(Message):
        """The learner pressed `?` in the input."""

    async def _on_key(self, event: events.Key) -> None:
        if event.character == "?":
            event.stop()
            event.prevent_default()
            self.post_message(self.HintRequested())
            return
        await super()._on_key(event)


class Quiz(Vertical, can_focus=True):
    """A quiz: the question, then numbered choices or an input for a number.

    Choices: keys 1-9 pick a choice (toggle it in a "select all that apply" quiz), Enter
    answers, h shows the hint. Numeric: type a number or an expression (`5.06*6.05`), Enter
    answers, `?` shows the hint. A wrong answer can be retried.
    """

    DEFAULT_CSS = """
    Quiz {
        height: auto;
        border: round $primary 50%;
        padding: 0 1;
        margin: 0 0 1 0;
    }
    Quiz:focus, Quiz:focus-within {
        border: round $accent;
    }
    Quiz LessonMarkdown {
        margin: 0;
        padding: 0;
    }
    Quiz > #quiz-explain > MarkdownBlock:last-child,
    Quiz > #quiz-hint > MarkdownBlock:last-child {
        margin-bottom: 0;
    }
    Quiz > .quiz--choice.-picked {
        text-style: bold;
        color: $accent;
    }
    Quiz > .quiz--right { color: $success; }
    Quiz > .quiz--wrong { color: $error; }
    Quiz > .quiz--note { color: $text-muted; }
    Quiz > AnswerInput { width: 40; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(str(n), f"pick({n})", f"Pick {n}", show=False) for n in range(1, 10)],
        Binding("enter", "submit", "Answer"),
        Binding("h", "hint", "Hint"),
    ]
    """1-9 pick a choice, Enter answers, h shows the hint."""

    def __init__(
        self,
        spec: QuizSpec,
        *,
        key: str,
        progress: ProgressSink | None = None,
        lang: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create the quiz.

        Args:
            spec: The quiz directive.
            key: The key the progress store keeps the answer under (the quiz id).
            progress: Told every answer, before the feedback is drawn (None: nothing is saved).
            lang: The language of the quiz's own words (`zh` or English by default).
            id: The ID of the widget in the DOM.
            classes: The CSS classes of the widget.
        """
        super().__init__(id=id, classes=classes)
        self.spec = spec
        """The quiz directive."""
        self.key = key
        """The progress key."""
        self._progress = progress
        self.lang = lang
        """The language of the quiz's own words (not the lesson's)."""
        self.picked: set[int] = set()
        """The picked choices, 1-based."""
        self.solved = False
        """Whether the quiz has been answered right (now or before)."""
        self._restored = False
        if spec.numeric:
            self.can_focus = False  # the input takes the focus

    def compose(self) -> ComposeResult:
        """The question, the choices or the input, then room for feedback."""
        spec = self.spec
        yield LessonMarkdown(spec.question, classes="quiz--question")
        if spec.numeric:
            yield Static(
                self._tr("Type a number or an expression, Enter to answer, ? for a hint."),
                classes="quiz--note",
            )
            yield AnswerInput(placeholder=self._tr("e.g. 5.06*6.05"), select_on_focus=False)
        else:
            note = "Pick one, then Enter."
            if spec.multiple:
                note = "Select all that apply, then Enter."
            keys = self._tr("Keys: 1-{last}, h for a hint.", last=len(spec.choices))
            yield Static(f"{self._tr(note)} {keys}", classes="quiz--note")
            for number in range(1, len(spec.choices) + 1):
                yield Static(self._choice_line(number), classes="quiz--choice", markup=False)
        yield Static("", id="quiz-feedback", markup=False)
        yield LessonMarkdown(spec.explain or "", id="quiz-explain")
        hint = self._tr("**Hint:** {hint}", hint=spec.hint) if spec.hint else None
        hint = hint or self._tr("This quiz has no hint.")
        yield LessonMarkdown(hint, id="quiz-hint")

    def on_mount(self) -> None:
        """Hide what is shown only later; no blinking cursor (quiet over SSH)."""
        self.query_one("#quiz-feedback").display = False
        self.query_one("#quiz-explain").display = False
        self.query_one("#quiz-hint").display = False
        for answer_input in self.query(AnswerInput):
            answer_input.cursor_blink = False
        if self._restored:
            self._show_restored()

    def focus(self, scroll_visible: bool = True) -> Quiz:
        """Focus the quiz (a numeric quiz focuses its input)."""
        if self.spec.numeric:
            self.query_one(AnswerInput).focus(scroll_visible)
            return self
        super().focus(scroll_visible)
        return self

    def _choice_line(self, number: int) -> str:
        text = self.spec.choices[number - 1].text
        picked = number in self.picked
        if self.spec.multiple:
            return f"{'[x]' if picked else '[ ]'} {number}) {text}"
        mark = ">" if self.app.has_class("-ascii") else "▶"
        return f"{mark if picked else ' '} {number}) {text}"

    def _refresh_choices(self) -> None:
        for number, line in enumerate(self.query(".quiz--choice").results(Static), start=1):
            line.update(Content(self._choice_line(number)))
            line.set_class(number in self.picked, "-picked")

    def action_pick(self, number: int) -> None:
        """Pick choice `number` (toggle it when several answers are right)."""
        if self.spec.numeric or not 1 <= number <= len(self.spec.choices):
            return
        if self.spec.multiple:
            self.picked ^= {number}
        else:
            self.picked = {number}
        self._refresh_choices()

    def action_submit(self) -> None:
        """Answer with the picked choices."""
        if self.spec.numeric:
            self._submit_text(self.query_one(AnswerInput).value)
            return
        if not self.picked:
            self._show_note(self._tr("Pick a choice first: press its number."))
            return
        grade = grade_choices(self.spec, self.picked)
        lines = []
        for number in grade.picked:
            choice = self.spec.choices[number - 1]
            mark = self._tr("✓ Right") if choice.correct else self._tr("✗ Wrong")
            lines.append(f"{mark}: {number}) {choice.why or choice.text}")
        missing = grade.missing
        if self.spec.multiple and missing:
            lines.append(
                self._tr("✗ Not all: {missing} more right answer(s) to find.", missing=missing)
            )
        self._answer(grade.answer, grade.correct, lines)

    @on(Input.Submitted)
    def _on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit_text(event.value)

    def _submit_text(self, text: str) -> None:
        try:
            grade = grade_number(self.spec, text)
        except ExprError as error:
            shown = _quote(normalize_answer(text))
            self._show_note(self._tr("Not a number: {text} ({error})", text=shown, error=error))
            return
        if grade is None:
            self._show_note(self._tr("Type a number first."))
            return
        shown, value = _quote(grade.answer), fmt(grade.value)
        if grade.correct:
            line = self._tr("✓ Right: {text} = {value}", text=shown, value=value)
        else:
            line = self._tr(
                "✗ Wrong: {text} = {value} is not it. Try again.", text=shown, value=value
            )
        self._answer(grade.answer, grade.correct, [line, *self.spec.wrong_feedback(grade.value)])

    def _answer(self, answer: str, correct: bool, lines: list[str]) -> None:
        """Record, then show: the order that keeps the store ahead of the screen."""
        saved_note = None
        if self._progress is not None:
            try:
                self._progress.quiz_answered(self.key, answer, correct)
            except Exception as error:  # shown to the learner; the feedback stays
                saved_note = self._tr("Not saved: {error}", error=error)
        if correct:
            self.solved = True
            lines.append(self._tr("✓ Right answer!"))
        else:
            lines.append(self._tr("✗ Not right yet. Pick again and press Enter."))
        if saved_note:
            lines.append(saved_note)
        self._show_feedback(lines, correct)

    def _show_feedback(self, lines: list[str], correct: bool) -> None:
        feedback = self.query_one("#quiz-feedback", Static)
        feedback.update(Content("\n".join(lines)))
        feedback.set_class(correct, "quiz--right")
        feedback.set_class(not correct, "quiz--wrong")
        feedback.display = True
        self.query_one("#quiz-explain").display = correct and bool(self.spec.explain)

    def _show_note(self, text: str) -> None:
        self._show_feedback([text], correct=False)
        self.query_one("#quiz-feedback").set_class(False, "quiz--wrong")

    @on(AnswerInput.HintRequested)
    def _on_hint_requested(self, event: AnswerInput.HintRequested) -> None:
        event.stop()
        self.action_hint()

    def action_hint(self) -> None:
        """Show the hint, or say there is none."""
        self.query_one("#quiz-hint").display = True

    def restore(self, correct: bool) -> None:
        """Show a quiz answered before (from the progress store).

        Args:
            correct: Whether it was answered right; a wrong earlier answer shows nothing.
                May be called before the quiz is mounted.
        """
        if not correct:
            return
        self.solved = True
        if self.is_mounted:
            self._show_restored()
        else:
            self._restored = True  # shown by on_mount: the screen may restore before mounting

    def _show_restored(self) -> None:
        self._show_feedback([self._tr("✓ Answered before. You may answer again.")], correct=True)

    def _tr(self, message: str, /, **values: object) -> str:
        words = tr(self.lang, message, **values)
        return ascii_text(words) if self.app.has_class("-ascii") else words  # ✓ ✗ → ASCII
