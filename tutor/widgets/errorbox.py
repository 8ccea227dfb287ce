"""ErrorBox: shows where a lesson is wrong, in place of the widget that could not be built."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tutor.course.model import Problem
from tutor.widgets.chrome import learner_words


class ErrorBox(Static):
    """A visible box with a `FILE:LINE: message` text.

    The text is shown as plain text, never as markup: messages quote the lesson's own text,
    which may hold brackets such as `[b]`.
    """

    DEFAULT_CSS = """
    ErrorBox {
        width: 1fr;
        height: auto;
        border: heavy $error;
        border-title-color: $error;
        padding: 0 1;
        margin: 0 0 1 0;
    }
    """

    def __init__(
        self,
        problem: Problem | str,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create the box.

        Args:
            problem: What is wrong: a `Problem` (shown as `FILE:LINE: message`) or a message.
            id: The ID of the widget in the DOM.
            classes: The CSS classes of the widget.
        """
        self.problem = problem
        """What the box shows."""
        super().__init__(Content(str(problem)), id=id, classes=classes, markup=False)
        self.border_title = "✗ Error in this lesson"

    def on_mount(self) -> None:
        """Title the box in the learner's language (ASCII under `--ascii`)."""
        self.border_title = learner_words(self.app, "✗ Error in this lesson")
