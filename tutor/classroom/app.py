"""The live class screen: who is where, which quiz the class missed, where learners stop.

A small Textual app of its own (not the reader): three tables in tabs, refreshed every few
seconds from a `load` function that reads the progress file read-only. Names are untrusted
text: each cell is a `rich.text.Text` (never markup) with control characters made visible.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult, ScreenStackError
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from tutor.progress.classview import ClassSnapshot, ClassViewError, LearnerRow
from tutor.textsafe import visible_controls

Clock = Callable[[], datetime]

LEARNER_COLUMNS = (
    ("name", "Name"),
    ("where", "Lesson · page"),
    ("pages", "Pages"),
    ("quizzes", "Quizzes right/tried"),
    ("active", "Last active"),
)
"""The learners table's columns: (sort key, label)."""


def shown(text: str) -> Text:
    """Untrusted text as one table cell: controls visible, no markup, one line."""
    return Text(visible_controls(text).replace("\n", "␤").replace("\t", " "))


def ago(at: str | None, now: datetime) -> str:
    """How long ago an ISO 8601 UTC time was, as a teacher reads it ("12 s ago")."""
    if at is None:
        return "-"
    try:
        then = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return "?"
    seconds = max(0, int((now - then).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit} ago"
    return f"{seconds} s ago"


def _sort_value(row: LearnerRow, column: str, order: dict[str, int]) -> Any:
    if column == "where":
        return (order.get(row.lesson or "", -1), row.page or 0)
    if column == "pages":
        return row.pages_seen
    if column == "quizzes":
        return (row.quizzes_right, row.quizzes_tried)
    if column == "active":
        return row.last_active or ""
    return row.name.casefold()


class ClassApp(App[None]):
    """The class at a glance, refreshed live (read-only)."""

    TITLE = "backprop-tutor class"
    CSS = """
    #status { height: 1; padding: 0 1; background: $panel; }
    DataTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sort_next", "Sort by next column"),
        Binding("r", "reverse", "Reverse"),
        Binding("f5", "refresh_now", "Refresh"),
        Binding("1", "tab('learners')", "Learners", show=False),
        Binding("2", "tab('quizzes')", "Quizzes", show=False),
        Binding("3", "tab('lessons')", "Lessons", show=False),
        Binding("q", "quit", "Quit"),
    ]
    """s and r sort the learners (a click on a column's header does too); 1/2/3 pick a tab."""

    def __init__(
        self,
        load: Callable[[], ClassSnapshot],
        interval: float = 2.0,
        clock: Clock | None = None,
    ) -> None:
        """Show what `load` returns, calling it again every `interval` seconds."""
        super().__init__()
        self._load = load
        self._interval = interval
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self.snapshot: ClassSnapshot | None = None
        self.sort_column = "name"
        self.sort_reverse = False
        self.error: str | None = None
        """The last read's problem, if it failed (the previous snapshot stays on screen)."""

    def compose(self) -> ComposeResult:
        """A status line, the three tables in tabs, the footer."""
        yield Static(id="status")
        with TabbedContent(initial="learners"):
            with TabPane("Learners", id="learners"):
                yield DataTable(id="learner-table", zebra_stripes=True, cursor_type="row")
            with TabPane("Quizzes", id="quizzes"):
                yield DataTable(id="quiz-table", zebra_stripes=True, cursor_type="row")
            with TabPane("Lessons", id="lessons"):
                yield DataTable(id="lesson-table", zebra_stripes=True, cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        """Set the columns, read once, then refresh on a timer."""
        learners = self.query_one("#learner-table", DataTable)
        for key, label in LEARNER_COLUMNS:
            learners.add_column(label, key=key)
        self.query_one("#quiz-table", DataTable).add_columns(
            "Lesson", "Quiz", "Tried", "Right 1st try", "Right", "Answers", "Most common wrong"
        )
        self.query_one("#lesson-table", DataTable).add_columns(
            "Lesson", "Started", "All pages", "Done"
        )
        self._tick()

    def _tick(self) -> None:
        """Refresh, then come back after the interval (longer if reading is slow: a class of
        thousands takes most of a second to read, and the screen must stay responsive).

        A tick that fires while the app is closing finds no tables: it stops there.
        """
        try:
            took = self.refresh_data()
        except (NoMatches, ScreenStackError):
            return
        self.set_timer(max(self._interval, 4 * took), self._tick)

    def refresh_data(self) -> float:
        """Read the class again and redraw; a failed read keeps the last good tables.

        Returns the seconds the read took.
        """
        started = time.perf_counter()
        try:
            self.snapshot = self._load()
            self.error = None
        except ClassViewError as err:
            self.error = str(err)
        took = time.perf_counter() - started
        self._draw()
        return took

    def _draw(self) -> None:
        snapshot = self.snapshot
        status = self.query_one("#status", Static)
        if snapshot is None:
            status.update(shown(self.error or "reading..."))
            return
        line = f"{len(snapshot.learners)} learners · course {snapshot.course}"
        line += f" · sorted by {self.sort_column}{' (reversed)' if self.sort_reverse else ''}"
        status.update(shown(f"{line} · {self.error}" if self.error else line))
        self._fill_learners(snapshot)
        self._fill_quizzes(snapshot)
        self._fill_lessons(snapshot)

    def _fill_learners(self, snapshot: ClassSnapshot) -> None:
        table = self.query_one("#learner-table", DataTable)
        order = {lesson.id: i for i, lesson in enumerate(snapshot.lessons)}
        pages = sum(lesson.pages for lesson in snapshot.lessons)
        quizzes = sum(len(lesson.quiz_ids) for lesson in snapshot.lessons)
        rows = sorted(
            snapshot.learners,
            key=lambda row: _sort_value(row, self.sort_column, order),
            reverse=self.sort_reverse,
        )
        now = self._clock()
        cursor = table.cursor_row
        table.clear()
        for row in rows:
            where = "-" if row.lesson is None else f"{row.lesson} · {(row.page or 0) + 1}"
            table.add_row(
                shown(row.name),
                shown(where),
                f"{row.pages_seen}/{pages}",
                f"{row.quizzes_right}/{row.quizzes_tried} of {quizzes}",
                ago(row.last_active, now),
                key=row.learner,
            )
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))

    def _fill_quizzes(self, snapshot: ClassSnapshot) -> None:
        table = self.query_one("#quiz-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        for quiz in snapshot.quizzes:
            wrong = ", ".join(f"{answer} ({n})" for answer, n in quiz.common_wrong) or "-"
            table.add_row(
                shown(quiz.lesson),
                shown(quiz.quiz),
                str(quiz.tried),
                str(quiz.right_first),
                str(quiz.right),
                str(quiz.answers),
                shown(wrong),
            )
        if snapshot.quizzes:
            table.move_cursor(row=min(cursor, len(snapshot.quizzes) - 1))

    def _fill_lessons(self, snapshot: ClassSnapshot) -> None:
        table = self.query_one("#lesson-table", DataTable)
        learners = len(snapshot.learners)
        table.clear()
        for lesson in snapshot.funnel:
            table.add_row(
                shown(lesson.title or lesson.lesson),
                f"{lesson.started}/{learners}",
                f"{lesson.all_pages}/{learners}",
                f"{lesson.done}/{learners}",
            )

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """A click on a learners column's header sorts by it (again: reversed)."""
        if event.data_table.id != "learner-table":
            return
        column = str(event.column_key.value)
        if column == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, False
        self._draw()

    def action_sort_next(self) -> None:
        """Sort the learners by the next column."""
        keys = [key for key, _ in LEARNER_COLUMNS]
        self.sort_column = keys[(keys.index(self.sort_column) + 1) % len(keys)]
        self.sort_reverse = False
        self._draw()

    def action_reverse(self) -> None:
        """Reverse the learners' order."""
        self.sort_reverse = not self.sort_reverse
        self._draw()

    def action_refresh_now(self) -> None:
        """Read the class again now."""
        self.refresh_data()

    def action_tab(self, tab: str) -> None:
        """Show one of the tabs."""
        self.query_one(TabbedContent).active = tab
