"""A numeric quiz shows the `why` of a listed wrong answer when the learner types it."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from tutor.course.model import QuizSpec, WrongAnswer
from tutor.widgets.quiz import Quiz

SPEC = QuizSpec(
    id="second-line",
    question="What does the second line make b?",
    line=1,
    answer=6.0506,
    tolerance=1e-6,
    wrong=(WrongAnswer(6.05, "That is the simultaneous update: it uses the old a = 5."),),
)


class OneQuiz(App[None]):
    """The quiz alone."""

    def compose(self) -> ComposeResult:
        yield Quiz(SPEC, key="lesson/second-line")

    def on_mount(self) -> None:
        self.query_one(Quiz).focus()


async def test_a_listed_wrong_answer_gets_its_why_and_others_do_not() -> None:
    app = OneQuiz()
    async with app.run_test() as pilot:
        await pilot.press(*"6.05", "enter")
        await pilot.pause()
        text = str(app.query_one("#quiz-feedback", Static).render())
        assert "✗ 6.05 is not it. Try again." in text
        assert "That is the simultaneous update: it uses the old a = 5." in text
        await pilot.press(*(["backspace"] * 4), *"6.1", "enter")
        await pilot.pause()
        text = str(app.query_one("#quiz-feedback", Static).render())
        assert "✗ 6.1 is not it" in text and "simultaneous" not in text
        await pilot.press(*(["backspace"] * 3), *"6.0506", "enter")
        await pilot.pause()
        text = str(app.query_one("#quiz-feedback", Static).render())
        assert "✓ Right" in text and "simultaneous" not in text
