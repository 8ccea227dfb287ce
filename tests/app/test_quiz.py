"""Pilot tests for the Quiz widget: keys, feedback, what it reports, record-before-show order."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

from textual.app import App, ComposeResult
from textual.widgets import Static

from tutor.course.model import QuizChoice, QuizSpec
from tutor.widgets.markdown import LessonMarkdown
from tutor.widgets.quiz import AnswerInput, Quiz

CHOICES = QuizSpec(
    id="q1",
    question="If you **increase** `a`, what does `a*b` do when b = -3?",
    line=1,
    choices=(
        QuizChoice("It goes up", False, "b is negative, so the product falls."),
        QuizChoice("It goes down", True, "The slope with respect to a is b = -3."),
        QuizChoice("It stays", False, None),
    ),
    hint="Look at the sign of b.",
    explain="The derivative of a*b with respect to a is **b**.",
)

MULTI = QuizSpec(
    id="q2",
    question="Which of these are derivatives of x*y?",
    line=1,
    choices=(
        QuizChoice("d/dx = y", True, "Yes: y multiplies x."),
        QuizChoice("d/dx = x", False, "No: that is d/dy."),
        QuizChoice("d/dy = x", True, "Yes."),
    ),
)

NUMERIC = QuizSpec(
    id="q3",
    question="What is 5.06 * 6.05?",
    line=1,
    answer=30.613,
    explain="Multiply the two inputs.",
)


class Answer(NamedTuple):
    """One answer the quiz reported to its progress sink."""

    key: str
    answer: str
    correct: bool


class QuizApp(App[None]):
    """One quiz whose progress sink is the app: records what it was told, in order."""

    def __init__(
        self, spec: QuizSpec, *, failing_recorder: bool = False, lang: str | None = None
    ) -> None:
        super().__init__()
        self.spec = spec
        self.lang = lang
        self.failing_recorder = failing_recorder
        self.events: list[str] = []
        self.answered: list[Answer] = []

    def compose(self) -> ComposeResult:
        yield Quiz(self.spec, key="lesson/q", progress=self, lang=self.lang, id="quiz")

    def on_mount(self) -> None:
        self.query_one(Quiz).focus()

    def quiz_answered(self, key: str, answer: str, correct: bool) -> None:
        feedback = self.query_one("#quiz-feedback", Static)
        # What the learner could see at the moment the answer is committed.
        self.events.append(f"record {key} {answer} {correct} shown={feedback.display}")
        self.answered.append(Answer(key, answer, correct))
        if self.failing_recorder:
            raise OSError("disk full")

    def state_changed(self, widget_key: str, snapshot: Callable[[], Mapping[str, object]]) -> None:
        raise AssertionError("a quiz has no state to save")


def feedback_text(app: QuizApp) -> str:
    return str(app.query_one("#quiz-feedback", Static).render())


async def why_text(app: QuizApp) -> str:
    """The `why` shown under the verdict (rendered Markdown: no asterisks), once laid out."""
    why = app.query_one("#quiz-why", LessonMarkdown)
    await why.wait_loaded()
    if not why.display:
        return ""
    return "\n".join(str(block.render()) for block in why.query("LessonParagraph").results(Static))


async def test_wrong_choice_shows_why_and_cross() -> None:
    app = QuizApp(CHOICES)
    async with app.run_test() as pilot:
        await pilot.press("1", "enter")
        await pilot.pause()
        text = feedback_text(app)
        assert text == "✗ Not 1). Pick another one and press Enter."  # one verdict line
        assert await why_text(app) == "b is negative, so the product falls."
        assert [(m.answer, m.correct) for m in app.answered] == [("1", False)]
        assert not app.query_one("#quiz-explain").display


async def test_right_choice_after_a_wrong_one_shows_tick_and_explain() -> None:
    app = QuizApp(CHOICES)
    async with app.run_test() as pilot:
        await pilot.press("1", "enter", "2", "enter")
        await pilot.pause()
        text = feedback_text(app)
        assert text == "✓ Right: 2) is the answer."
        assert await why_text(app) == "The slope with respect to a is b = -3."
        assert app.query_one("#quiz-explain").display
        assert [(m.answer, m.correct) for m in app.answered] == [("1", False), ("2", True)]
        assert app.query_one(Quiz).solved


async def test_choice_without_why_shows_the_verdict_alone() -> None:
    app = QuizApp(CHOICES)
    async with app.run_test() as pilot:
        await pilot.press("3", "enter")
        await pilot.pause()
        assert feedback_text(app) == "✗ Not 3). Pick another one and press Enter."
        assert await why_text(app) == ""


async def test_enter_without_a_pick_is_not_an_answer() -> None:
    app = QuizApp(CHOICES)
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "Pick a choice first" in feedback_text(app)
        assert app.answered == []
        assert app.events == []


async def test_multiple_choice_toggles_and_judges_the_set() -> None:
    app = QuizApp(MULTI)
    async with app.run_test() as pilot:
        quiz = app.query_one(Quiz)
        notes = [str(s.render()) for s in app.query(".quiz--note").results(Static)]
        assert any("Select all that apply" in note for note in notes)
        await pilot.press("1", "2", "2", "enter")
        await pilot.pause()
        assert quiz.picked == {1}
        assert feedback_text(app).startswith("✗ Not yet: 0 wrong, 1 missing.")
        assert app.answered[-1].correct is False
        await pilot.press("3", "2", "enter")
        await pilot.pause()
        assert app.answered[-1].answer == "1,2,3"
        assert app.answered[-1].correct is False
        assert feedback_text(app).startswith("✗ Not yet: 1 wrong, 0 missing.")
        assert "✗ 2) No: that is d/dy." in await why_text(app)
        await pilot.press("2", "enter")
        await pilot.pause()
        assert (app.answered[-1].answer, app.answered[-1].correct) == ("1,3", True)
        assert feedback_text(app) == "✓ Right: all 2 right answers picked."


async def test_h_shows_the_hint() -> None:
    app = QuizApp(CHOICES)
    async with app.run_test() as pilot:
        hint = app.query_one("#quiz-hint")
        assert not hint.display
        await pilot.press("h")
        await pilot.pause()
        assert hint.display
        assert "Look at the sign of b." in str(hint.query_one("LessonParagraph", Static).render())


async def test_h_without_a_hint_says_there_is_none() -> None:
    app = QuizApp(MULTI)
    async with app.run_test() as pilot:
        await pilot.press("h")
        await pilot.pause()
        hint = app.query_one("#quiz-hint")
        assert hint.display
        assert "no hint" in str(hint.query_one("LessonParagraph", Static).render())


async def test_numeric_accepts_a_number_and_an_expression() -> None:
    app = QuizApp(NUMERIC)
    async with app.run_test() as pilot:
        await pilot.press(*"30.5", "enter")
        await pilot.pause()
        assert feedback_text(app) == "✗ 30.5 is not it. Try again."  # no "30.5 = 30.5"
        await pilot.press(*(["backspace"] * 4), *"30.613", "enter")
        await pilot.pause()
        assert feedback_text(app) == "✓ Right: 30.613"
        assert app.query_one("#quiz-explain").display
        await pilot.press(*(["backspace"] * 6), *"5.06*6.05", "enter")
        await pilot.pause()
        assert feedback_text(app) == "✓ Right: 5.06*6.05 = 30.613"
        assert [(m.answer, m.correct) for m in app.answered] == [
            ("30.5", False),
            ("30.613", True),
            ("5.06*6.05", True),
        ]


async def test_numeric_malformed_is_not_an_attempt() -> None:
    app = QuizApp(NUMERIC)
    async with app.run_test() as pilot:
        await pilot.press(*"abc", "enter")
        await pilot.pause()
        text = feedback_text(app)
        assert text.startswith("Not a number: abc")
        assert "\n" not in text
        assert app.answered == []
        assert app.events == []


async def test_numeric_question_mark_shows_the_hint_instead_of_typing() -> None:
    spec = QuizSpec(id="q", question="2*3?", line=1, answer=6.0, hint="Two threes.")
    app = QuizApp(spec)
    async with app.run_test() as pilot:
        await pilot.press("6", "question_mark")
        await pilot.pause()
        assert app.query_one("#quiz-hint").display
        assert app.query_one(AnswerInput).value == "6"


async def test_recorder_commits_before_the_feedback_is_shown() -> None:
    app = QuizApp(CHOICES)
    async with app.run_test() as pilot:
        await pilot.press("2", "enter")
        await pilot.pause()
        assert app.events == ["record lesson/q 2 True shown=False"]
        assert app.query_one("#quiz-feedback").display
        assert len(app.answered) == 1


async def test_failing_recorder_says_not_saved_but_keeps_feedback() -> None:
    app = QuizApp(CHOICES, failing_recorder=True)
    async with app.run_test() as pilot:
        await pilot.press("2", "enter")
        await pilot.pause()
        text = feedback_text(app)
        assert "✓ Right: 2) is the answer." in text
        assert "Not saved: disk full" in text
        assert app.answered[-1].correct


async def test_restore_marks_answered_before() -> None:
    app = QuizApp(CHOICES)
    async with app.run_test() as pilot:
        quiz = app.query_one(Quiz)
        quiz.restore(False)
        await pilot.pause()
        assert not app.query_one("#quiz-feedback").display
        quiz.restore(True)
        await pilot.pause()
        assert quiz.solved
        assert "✓ Answered before" in feedback_text(app)
        assert app.answered == []


class RestoredQuizApp(QuizApp):
    """A quiz restored before it is mounted, as the lesson screen does."""

    def compose(self) -> ComposeResult:
        quiz = Quiz(self.spec, key="lesson/q", progress=self, id="quiz")
        quiz.restore(True)
        yield quiz


async def test_restore_before_mount() -> None:
    app = RestoredQuizApp(CHOICES)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.query_one(Quiz).solved
        assert "✓ Answered before" in feedback_text(app)
        assert app.events == []


def test_typed_answers_in_chinese_full_width_or_with_a_minus_sign_are_numbers() -> None:
    from tutor.course.grading import normalize_answer

    assert normalize_answer("−6") == "-6"
    assert normalize_answer("－６") == "-6"
    assert normalize_answer(" 5.06×6.05 ") == "5.06*6.05"
    assert normalize_answer("３０。６１３") == "30.613"


async def test_a_chinese_learner_gets_the_quiz_words_in_chinese() -> None:
    app = QuizApp(CHOICES, lang="zh")
    async with app.run_test() as pilot:
        notes = " ".join(str(s.render()) for s in app.query(".quiz--note"))
        assert "选一项" in notes and "h 看提示" in notes
        await pilot.press("1", "enter")
        assert feedback_text(app) == "✗ 不是 1)。换一项，再按 Enter。"
        await pilot.press("2", "enter")
        assert feedback_text(app) == "✓ 对：2) 是正确答案。"


async def test_arrows_move_the_pick_and_enter_answers() -> None:
    app = QuizApp(CHOICES)
    async with app.run_test() as pilot:
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.answered[-1].answer == "2" and app.answered[-1].correct
        await pilot.press("up", "enter")
        assert app.answered[-1].answer == "1"


async def test_arrows_and_x_tick_choices_when_several_are_right() -> None:
    app = QuizApp(MULTI)
    async with app.run_test() as pilot:
        await pilot.press("down", "x", "down", "down", "x", "enter")
        await pilot.pause()
        assert (app.answered[-1].answer, app.answered[-1].correct) == ("1,3", True)


async def test_markdown_in_choices_and_why_is_rendered() -> None:
    spec = QuizSpec(
        id="md",
        question="Which?",
        line=1,
        choices=(
            QuizChoice("set by the *other* input", True, "由**另一个**输入决定"),
            QuizChoice("`a` itself", False, None),
        ),
    )
    app = QuizApp(spec)
    async with app.run_test() as pilot:
        lines = [str(line.render()) for line in app.query(".quiz--choice").results(Static)]
        assert lines == ["  1) set by the other input", "  2) a itself"]
        await pilot.press("1", "enter")
        assert await why_text(app) == "由另一个输入决定"


async def test_the_hint_goes_once_answered_right() -> None:
    app = QuizApp(CHOICES)
    async with app.run_test() as pilot:
        await pilot.press("h")
        assert app.query_one("#quiz-hint").display
        await pilot.press("2", "enter")
        await pilot.pause()
        assert not app.query_one("#quiz-hint").display


async def test_a_wrong_retry_after_a_right_answer_says_the_right_one_still_counts() -> None:
    app = QuizApp(NUMERIC)
    async with app.run_test() as pilot:
        await pilot.press(*"30.613", "enter", *(["backspace"] * 6), *"31", "enter")
        await pilot.pause()
        assert feedback_text(app) == (
            "✗ 31 is not it. Try again. Your earlier right answer still counts."
        )
        assert app.query_one(Quiz).solved
        assert [m.correct for m in app.answered] == [True, False]


async def test_the_whole_feedback_is_scrolled_into_view() -> None:
    spec = QuizSpec(
        id="long",
        question="Which?\n\n" + "Some long question text. " * 60,
        line=1,
        choices=(QuizChoice("yes", True, "Because. " * 20), QuizChoice("no", False, None)),
        explain="The explanation ends here: LAST WORDS.",
    )
    app = QuizApp(spec)
    async with app.run_test(size=(60, 16)) as pilot:
        await pilot.press("1", "enter")
        for _ in range(20):
            await pilot.pause(0.05)
        explain = app.query_one("#quiz-explain")
        verdict = app.query_one("#quiz-feedback")
        screen = app.screen.region
        assert screen.contains_region(verdict.region) and screen.contains_region(explain.region)
