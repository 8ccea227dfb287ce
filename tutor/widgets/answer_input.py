"""The numeric quiz's answer box, and how a typed answer is quoted back (`tutor.widgets.quiz`).

`AnswerInput` is a one-line `Input` whose `?` asks the quiz for its hint instead of being typed.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

MAX_SHOWN = 40
"""The longest piece of a typed answer quoted back in a message."""


def quote_answer(text: str) -> str:
    """A typed answer as quoted back in a message: cut to `MAX_SHOWN` characters."""
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def plain_number(text: str) -> bool:
    """Whether a typed answer is a number as written (then it is not repeated as `= value`)."""
    try:
        float(text)
    except ValueError:
        return False
    return True


class AnswerInput(Input):
    """The numeric quiz's input; `?` asks for the hint instead of being typed.

    Its footer keys: Enter answers, Esc leaves (the screen's key), `?` shows the hint, Tab moves
    on; PgDn/PgUp still turn the page (Space types a space).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Answer", key_display="⏎"),
        Binding("question_mark", "hint", "Hint", key_display="?", priority=True),
        Binding("pagedown", "screen.forward", "Next", key_display="PgDn"),
        Binding("pageup", "screen.back", "Back", key_display="PgUp"),
    ]
    """Enter answers; `?` asks for the hint (a priority key: it is never typed); PgDn/PgUp
    are the page's keys (Input's own scroll Input sideways, which a one-line box never needs)."""

    class HintRequested(Message):
        """The learner pressed `?` in the input."""

    def action_hint(self) -> None:
        """`?`: ask the quiz for its hint."""
        self.post_message(self.HintRequested())
