"""Small apps that show one of this module's widgets, for the snapshot tests."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget

from tutor.course.model import CodeSpec, Problem, QuizChoice, QuizSpec
from tutor.widgets.codecell import CodeCell
from tutor.widgets.errorbox import ErrorBox
from tutor.widgets.markdown import LessonMarkdown
from tutor.widgets.quiz import Quiz

CHOICE_QUIZ = QuizSpec(
    id="sign",
    question="The gate is `a * b` with a = 2 and b = -3. If you **increase** `a`, the output…",
    line=1,
    choices=(
        QuizChoice("goes up", False, "b is negative: more a makes the product more negative."),
        QuizChoice("goes down", True, "The slope with respect to a is b = -3: negative."),
        QuizChoice("stays the same", False, None),
    ),
    hint="Look at the sign of b.",
    explain="∂(a·b)/∂a = **b**. The sign of b says which way a should move.",
)

NUMERIC_QUIZ = QuizSpec(
    id="product",
    question="With a = 5.06 and b = 6.05, what is the output of `a * b`?",
    line=1,
    answer=30.613,
    explain="5.06 × 6.05 = 30.613, a little more than 5 × 6 = 30.",
)

CODE = CodeSpec(
    'def f(a, b):\n    return a * b\n\nprint("f(-2, 3) =", f(-2, 3))\n',
    line=1,
)

CHINESE = (
    "我们想让输出 f(a,b)=a·b 变大，所以要改变输入 a 和 b，让 output 增加。"
    "如果 b 是负数，增加 a 反而会让输出变小：导数告诉我们每个输入该往哪个方向走，"
    "以及走多少。"
)


class WidgetApp(App[None]):
    """Shows the widgets given, in a scrolling column, and focuses the first focusable one."""

    def __init__(self, widgets: list[Widget]) -> None:
        super().__init__()
        self.widgets = widgets

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield from self.widgets

    def on_mount(self) -> None:
        for widget in self.query("Quiz, CodeCell"):
            widget.focus()
            break


class ChoiceQuizApp(WidgetApp):
    """A multiple-choice quiz alone."""

    def __init__(self) -> None:
        super().__init__([Quiz(CHOICE_QUIZ, key="lesson/quiz")])


class NumericQuizApp(WidgetApp):
    """A numeric quiz alone."""

    def __init__(self) -> None:
        super().__init__([Quiz(NUMERIC_QUIZ, key="lesson/quiz")])


class CodeCellApp(WidgetApp):
    """A code cell alone."""

    def __init__(self) -> None:
        super().__init__([CodeCell(CODE, key="lesson/cell")])


class ErrorBoxApp(WidgetApp):
    """An error box between two paragraphs: the rest of the page still shows."""

    def __init__(self) -> None:
        problem = Problem(
            "lessons/en/02-nudge.md", 41, "unknown key 'stpe' (did you mean 'step'?) [b]"
        )
        super().__init__(
            [
                LessonMarkdown("A paragraph before the broken widget."),
                ErrorBox(problem),
                LessonMarkdown("A paragraph after it."),
            ]
        )


class ChineseApp(WidgetApp):
    """A Chinese page: a heading and paragraphs with English words and a formula."""

    def __init__(self) -> None:
        super().__init__([LessonMarkdown(f"## 第二种方法\n\n{CHINESE}\n\n{CHINESE}")])
