"""The lesson list: every lesson with its summary and progress; Enter opens one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tutor.course.model import BrokenSpec, Lesson
from tutor.reader import Reader
from tutor.widgets.chrome import ascii_text


def is_broken(lesson: Lesson) -> bool:
    """A lesson with problems of its own, or whose pages hold only error boxes (or nothing)."""
    blocks = [block for page in lesson.pages for block in page.blocks]
    return bool(lesson.unplaced_problems) or all(isinstance(b, BrokenSpec) for b in blocks)


class LessonListScreen(ModalScreen[str | None]):
    """Pick a lesson; dismisses with its id (None when closed with Escape)."""

    BINDINGS = [
        Binding("escape,l", "close", "Close"),
    ]
    """Escape (or l again) closes the list; Enter opens the highlighted lesson."""

    def __init__(self, reader: Reader, current: str) -> None:
        super().__init__()
        self.reader = reader
        self.current = current

    def compose(self) -> ComposeResult:
        reader = self.reader
        options = [self._option(number, lesson) for number, lesson in enumerate(reader.lessons, 1)]
        with Vertical(id="lesson-list-box"):
            title = reader.tr("Lessons — ↑/↓ choose, Enter open, Escape close")
            yield Static(
                Text(ascii_text(title) if reader.options.ascii else title),
                id="lesson-list-title",
            )
            yield OptionList(*options, id="lesson-list")

    def _option(self, number: int, lesson: Lesson) -> Option:
        reader = self.reader
        summary = reader.progress.lesson_progress(lesson.id).summary(
            len(lesson.pages), [quiz.id for quiz in lesson.quizzes]
        )
        mark = "✓" if summary.done else ("·" if summary.pages_seen else " ")
        if is_broken(lesson):  # nothing to complete: never "done"
            mark = "!"
        if reader.options.ascii:
            mark = {"✓": "x", "·": "."}.get(mark, mark)
        line = Text(f"{mark} {number}. {lesson.title}", style="bold")
        counts = reader.tr(
            "pages {seen}/{pages}, quizzes {right}/{quizzes}",
            seen=summary.pages_seen,
            pages=summary.pages_total,
            right=summary.quizzes_right,
            quizzes=summary.quizzes_total,
        )
        line.append("   " + counts, style="dim")
        if lesson.summary:
            line.append("\n")
            line.append(Text(lesson.summary, style="italic"))
        return Option(line, id=lesson.id)

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        ids = [lesson.id for lesson in self.reader.lessons]
        if self.current in ids:
            option_list.highlighted = ids.index(self.current)
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the chosen lesson."""
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        """Close the list without changing lesson."""
        self.dismiss(None)
