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

from textual import on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static

from tutor.course.grading import grade_choices, grade_number, normalize_answer
from tutor.course.model import QuizSpec
from tutor.i18n import tr
from tutor.maths.expr import ExprError
from tutor.maths.numfmt import fmt
from tutor.progress.sink import ProgressSink
from tutor.widgets.answer_input import AnswerInput, plain_number, quote_answer
from tutor.widgets.chrome import ascii_text
from tutor.widgets.markdown import LessonMarkdown, inline_content

__all__ = ["REVEAL_SECONDS", "AnswerInput", "Quiz"]

REVEAL_SECONDS = 1.0
"""For this long after an answer, the quiz keeps its feedback in view as it is laid out."""


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
    Quiz > #quiz-why > MarkdownBlock:last-child { margin-bottom: 0; }
    Quiz > .quiz--right { color: $success; }
    Quiz > .quiz--wrong { color: $error; }
    Quiz > .quiz--note { color: $text-muted; }
    Quiz > AnswerInput { width: 40; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(str(n), f"pick({n})", f"Pick {n}", show=False) for n in range(1, 10)],
        Binding("up", "move(-1)", "choose", group=Binding.Group("choose")),
        Binding("down", "move(1)", "choose", group=Binding.Group("choose")),
        Binding("x", "tick", "tick"),
        Binding("enter", "submit", "Answer"),
        Binding("h", "hint", "Hint"),
    ]
    """1-9 or ↑/↓ pick a choice (x ticks the one at ▶ when several are right), Enter answers,
    h shows the hint."""

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
        self.cursor = 0
        """The choice ↑/↓ are on (1-based; 0 before the first move)."""
        self._revealing = False
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
            keys = "Keys: 1-{last} or ↑/↓, h for a hint."
            if spec.multiple:
                keys = "Keys: 1-{last}, or ↑/↓ and x, h for a hint."
            keys = self._tr(keys, last=len(spec.choices))
            yield Static(f"{self._tr(note)} {keys}", classes="quiz--note")
            for number in range(1, len(spec.choices) + 1):
                yield Static(self._choice_line(number), classes="quiz--choice", markup=False)
        hint = self._tr("**Hint:** {hint}", hint=spec.hint) if spec.hint else None
        hint = hint or self._tr("This quiz has no hint.")
        later: list[Widget] = [
            Static("", id="quiz-feedback", markup=False),
            LessonMarkdown("", id="quiz-why"),
            LessonMarkdown(spec.explain or "", id="quiz-explain"),
            LessonMarkdown(hint, id="quiz-hint"),
        ]
        for widget in later:  # shown only later
            widget.display = False
            yield widget

    def on_mount(self) -> None:
        """No blinking cursor (quiet over SSH); a quiz answered before shows its verdict."""
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

    def _choice_line(self, number: int) -> Content:
        """A choice as shown: its marks, its number and its text (inline Markdown rendered)."""
        text = inline_content(self.spec.choices[number - 1].text)
        picked = number in self.picked
        if self.spec.multiple:
            pointer = self._pointer() if number == self.cursor else " "
            return Content(f"{pointer} {'[x]' if picked else '[ ]'} {number}) ") + text
        return Content(f"{self._pointer() if picked else ' '} {number}) ") + text

    def _pointer(self) -> str:
        """The mark of the choice under the cursor (ASCII under --ascii)."""
        return ">" if self.app.has_class("-ascii") else "▶"

    def _refresh_choices(self) -> None:
        for number, line in enumerate(self.query(".quiz--choice").results(Static), start=1):
            line.update(self._choice_line(number))
            line.set_class(number in self.picked, "-picked")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Choice keys only in a choice quiz; x only when several answers may be right."""
        if action in ("move", "hint", "pick"):
            return not self.spec.numeric
        if action == "tick":
            return self.spec.multiple
        return True

    def action_move(self, step: int) -> None:
        """↑/↓: the previous or next choice (picked at once when one answer is right)."""
        count = len(self.spec.choices)
        if self.spec.numeric or not count:
            return
        start = self.cursor or (min(self.picked) if self.picked else (0 if step > 0 else 1))
        self.cursor = (start - 1 + step) % count + 1
        if not self.spec.multiple:
            self.picked = {self.cursor}
        self._refresh_choices()

    def action_tick(self) -> None:
        """x: tick or untick the choice at ▶ (a "select all that apply" quiz)."""
        if self.spec.multiple and self.cursor:
            self.action_pick(self.cursor)

    def action_pick(self, number: int) -> None:
        """Pick choice `number` (toggle it when several answers are right)."""
        if self.spec.numeric or not 1 <= number <= len(self.spec.choices):
            return
        if self.spec.multiple:
            self.picked ^= {number}
        else:
            self.picked = {number}
        self.cursor = number
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
        self._answer(grade.answer, grade.correct, [self._choice_verdict(grade.correct)])

    def _choice_verdict(self, correct: bool) -> str:
        """One line in words for a choice answer: right, or what is still wrong."""
        right = {n for n, choice in enumerate(self.spec.choices, start=1) if choice.correct}
        picked = sorted(self.picked)
        if not self.spec.multiple:
            if correct:
                return self._tr("✓ Right: {number}) is the answer.", number=picked[0])
            return self._tr("✗ Not {number}). Pick another one and press Enter.", number=picked[0])
        if correct:
            return self._tr("✓ Right: all {count} right answers picked.", count=len(right))
        return self._tr(
            "✗ Not yet: {wrong} wrong, {missing} missing. Change your picks and press Enter.",
            wrong=len(self.picked - right),
            missing=len(right - self.picked),
        )

    def _why(self) -> str:
        """The picked choices' `why` texts, as Markdown (each marked when several are picked)."""
        paragraphs = []
        for number in sorted(self.picked):
            choice = self.spec.choices[number - 1]
            if not choice.why:
                continue
            if self.spec.multiple:
                paragraphs.append(f"{'✓' if choice.correct else '✗'} **{number})** {choice.why}")
            else:
                paragraphs.append(choice.why)
        return "\n\n".join(paragraphs)

    @on(Input.Submitted)
    def _on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit_text(event.value)

    def _submit_text(self, text: str) -> None:
        try:
            grade = grade_number(self.spec, text)
        except ExprError as error:
            shown = quote_answer(normalize_answer(text))
            self._show_note(self._tr("Not a number: {text} ({error})", text=shown, error=error))
            return
        if grade is None:
            self._show_note(self._tr("Type a number first."))
            return
        shown = quote_answer(grade.answer)
        if not plain_number(grade.answer):
            shown = self._tr("{text} = {value}", text=shown, value=fmt(grade.value))
        if grade.correct:
            line = self._tr("✓ Right: {answer}", answer=shown)
        else:
            line = self._tr("✗ {answer} is not it. Try again.", answer=shown)
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
        elif self.solved:  # the store keeps the right answer (it counts "right at least once")
            lines[-1] += " " + self._tr("Your earlier right answer still counts.")
        if saved_note:
            lines.append(saved_note)
        why = "" if self.spec.numeric else self._why()
        self._show_feedback(lines, correct, why)

    def _show_feedback(
        self, lines: list[str], correct: bool, why: str = "", *, reveal: bool = True
    ) -> None:
        """Show the verdict, the why and (when right) the explanation; bring them into view."""
        feedback = self.query_one("#quiz-feedback", Static)
        feedback.update(Content("\n".join(lines)))
        feedback.set_class(correct, "quiz--right")
        feedback.set_class(not correct, "quiz--wrong")
        feedback.display = True
        why_box = self.query_one("#quiz-why", LessonMarkdown)
        why_box.display = bool(why)
        loading = why_box.update(why) if why or why_box.source else None
        self.query_one("#quiz-explain").display = correct and bool(self.spec.explain)
        if correct:
            self.query_one("#quiz-hint").display = False
        if reveal:
            self._revealing = True
            self.set_timer(REVEAL_SECONDS, self._stop_revealing)
            self.run_worker(self._reveal(loading), group="quiz-reveal", exclusive=True)

    def _stop_revealing(self) -> None:
        self._revealing = False

    def on_resize(self) -> None:
        """The feedback grew (its why or explanation laid out): keep all of it in view."""
        if self._revealing:
            self._scroll_feedback_into_view(again=0)

    async def _reveal(self, loading: AwaitComplete | None) -> None:
        """Scroll the whole feedback into view once laid out (the verdict wins if it is tall)."""
        if loading is not None:
            await loading
        self.call_after_refresh(self._scroll_feedback_into_view)

    def _scroll_feedback_into_view(self, again: int = 2) -> None:
        """Show the verdict through the explanation; again after the next refreshes, since
        what was just shown (the explanation) is laid out a refresh later."""
        shown = [child for child in self.children if child.display]
        feedback = self.query_one("#quiz-feedback")
        if not self.is_attached or feedback not in shown:
            return  # the page was turned meanwhile: never scroll the next one
        last = shown[-1]
        # At once (not after a refresh), so no scroll is left pending when the page turns.
        self.screen.scroll_to_widget(last, animate=False, top=False, immediate=True)
        self.screen.scroll_to_widget(feedback, animate=False, immediate=True)
        if again:
            self.call_after_refresh(self._scroll_feedback_into_view, again - 1)

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
        self._show_feedback(
            [self._tr("✓ Answered before. You may answer again.")], correct=True, reveal=False
        )

    def _tr(self, message: str, /, **values: object) -> str:
        words = tr(self.lang, message, **values)
        return ascii_text(words) if self.app.has_class("-ascii") else words  # ✓ ✗ → ASCII
