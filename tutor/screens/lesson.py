"""The lesson page screen: one `##` page at a time, its widgets live, progress recorded."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from tutor.course.model import (
    Block,
    BrokenSpec,
    CodeSpec,
    CurveSpec,
    Lesson,
    MarkdownBlock,
    NeuronSpec,
    QuizSpec,
    legacy_widget_key,
)
from tutor.progress.sink import LessonRecorder
from tutor.reader import Position, Reader
from tutor.widgets.chrome import TutorFooter
from tutor.widgets.errorbox import ErrorBox
from tutor.widgets.markdown import LessonMarkdown

if TYPE_CHECKING:
    from tutor.widgets.curve import Curve
    from tutor.widgets.neuron import Neuron


class PageView(VerticalScroll):
    """The scrolling body of a page; focused when no widget is, so arrows scroll."""


class LessonScreen(Screen[None]):
    """Shows one page of one lesson; turning past the end goes to the next lesson."""

    BINDINGS = [
        Binding("pagedown,space", "next_page", "Next", key_display="Space"),
        Binding("pageup,b", "previous_page", "Back", key_display="PgUp/b"),
        Binding("escape", "leave_widget", "Leave widget", show=False),
    ]
    """Page keys; a focused widget's own keys win over them."""

    class PageShown(Message):
        """A page is on screen, complete, at its top (posted after every page turn)."""

        def __init__(self, position: Position) -> None:
            super().__init__()
            self.position = position

    def __init__(self, reader: Reader, start: Position) -> None:
        super().__init__()
        self.reader = reader
        """The course, progress, options and navigation (the screen never sees the app)."""
        self._start = start
        self.lesson: Lesson = cast(Lesson, None)
        self.page = 0
        self._recorder: LessonRecorder | None = None
        """The progress sink of the lesson shown: its widgets report to it."""
        self._shown = asyncio.Event()

    @property
    def position(self) -> Position:
        """The lesson and page on screen."""
        return Position(self.lesson.id, self.page)

    def compose(self) -> ComposeResult:
        with Horizontal(id="lesson-header"):
            yield Static(id="lesson-title", markup=False)
            yield Static(id="page-number", markup=False)
        yield PageView(id="page")
        yield TutorFooter(show_command_palette=False)

    async def on_mount(self) -> None:
        self.reader.on_move = self.go_to
        await self.show(self._start)

    def on_unmount(self) -> None:
        self.save_widgets()
        if self.reader.on_move == self.go_to:
            self.reader.on_move = None

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys in the footer: this screen's page keys first, then the focused widget's.

        A narrow terminal cuts the footer's end; the page keys are the ones never to lose.
        """
        bindings = super().active_bindings
        page_keys = {key: active for key, active in bindings.items() if active.node is self}
        return {**page_keys, **bindings}

    def _tr(self, message: str, /, **values: object) -> str:
        return self.reader.tr(message, **values)

    async def wait_until_shown(self) -> None:
        """Return once the page asked for last is on screen (at once if it already is)."""
        await self._shown.wait()

    def go_to(self, position: Position) -> None:
        """Show a lesson's page (in the reader's current language)."""
        self._shown.clear()
        self.run_worker(self.show(position), exclusive=True, group="page")

    def reload(self, position: Position) -> None:
        """Show a page again after the course was reloaded (`--watch`), at the same scroll."""
        self._shown.clear()
        self.run_worker(self._reshow(position), exclusive=True, group="page")

    async def _reshow(self, position: Position) -> None:
        view = self.query_one(PageView)
        scroll_y = view.scroll_y
        await self.show(position)
        self.call_after_refresh(view.scroll_to, y=scroll_y, animate=False)

    async def show(self, position: Position) -> None:
        """Replace the page on screen with another one and record the visit."""
        self._shown.clear()
        lesson, page = self.reader.clamp(position)
        self.save_widgets()
        self.lesson = lesson
        self._recorder = LessonRecorder(self.reader.progress, lesson.id, self.set_timer)
        self.page = page
        view = self.query_one(PageView)
        with self.app.batch_update():
            await view.remove_children()
            await view.mount_all(self._build(lesson))
            view.scroll_home(animate=False)
            self._update_header()
            view.focus()
        self.reader.progress.record_page(lesson.id, self.page)
        self._shown.set()
        self.post_message(self.PageShown(self.position))

    def _build(self, lesson: Lesson) -> list[Widget]:
        if not lesson.pages:
            problems = "\n".join(str(p) for p in lesson.problems) or self._tr(
                "This lesson is empty."
            )
            return [Static(Text(problems), classes="lesson-problems")]
        page = lesson.pages[self.page]
        solved = self.reader.progress.quiz_results(lesson.id)
        return [self._widget(block, solved) for block in page.blocks]

    def _widget(self, block: Block, solved: dict[str, bool]) -> Widget:
        reader = self.reader
        # Widget modules are imported when a page first needs them: the code cell brings in
        # Pygments, the curve and neuron the plot; the first page of a course may need none.
        if isinstance(block, MarkdownBlock):
            return LessonMarkdown(block.text)
        if isinstance(block, NeuronSpec):
            from tutor.widgets.neuron import Neuron

            neuron = Neuron(
                block,
                key=self.lesson.widget_key(self.page, block),
                progress=self._recorder,
                ascii_mode=reader.options.ascii,
                lang=reader.lang,
            )
            self._restore(neuron)
            return neuron
        if isinstance(block, CurveSpec):
            from tutor.widgets.curve import Curve

            curve = Curve(
                block,
                key=self.lesson.widget_key(self.page, block),
                progress=self._recorder,
                ascii_mode=reader.options.ascii,
                lang=reader.lang,
            )
            self._restore(curve)
            return curve
        if isinstance(block, QuizSpec):
            from tutor.widgets.quiz import Quiz

            quiz = Quiz(block, key=block.id, progress=self._recorder, lang=reader.lang)
            if solved.get(block.id):
                quiz.restore(True)
            return quiz
        if isinstance(block, CodeSpec):
            from tutor.widgets.codecell import CodeCell

            key = self.lesson.widget_key(self.page, block)
            return CodeCell(block, key=key, editable=not reader.options.served, lang=reader.lang)
        assert isinstance(block, BrokenSpec)
        return ErrorBox(block.problem)

    def _restore(self, widget: Neuron | Curve) -> None:
        legacy = legacy_widget_key(widget.spec)  # saved before schema 2
        saved = self.reader.progress.load_widget(self.lesson.id, widget.key, legacy)
        if saved is not None:
            widget.restore(saved)

    def _update_header(self) -> None:
        lessons = self.reader.lessons
        number = next((i for i, lesson in enumerate(lessons, 1) if lesson.id == self.lesson.id), 1)
        self.query_one("#lesson-title", Static).update(Text(f"{number}. {self.lesson.title}"))
        pages = max(1, len(self.lesson.pages))
        self.query_one("#page-number", Static).update(
            Text(self._tr("page {page}/{pages}", page=self.page + 1, pages=pages))
        )

    def save_widgets(self) -> None:
        """Save the states of the widgets changed since the last save (none: nothing to do)."""
        if self._recorder is not None:
            self._recorder.flush()

    def action_next_page(self) -> None:
        """The next page, or the first page of the next lesson."""
        following = self.reader.next_page(self.position)
        if following is None:
            self.notify(self._tr("This is the last page of the course. Well done!"), markup=False)
        else:
            self.go_to(following)

    def action_previous_page(self) -> None:
        """The previous page, or the last page of the previous lesson."""
        previous = self.reader.previous_page(self.position)
        if previous is None:
            self.notify(self._tr("This is the first page."), markup=False)
        else:
            self.go_to(previous)

    def action_leave_widget(self) -> None:
        """Leave the focused widget: the page itself takes the focus (arrows scroll)."""
        self.query_one(PageView).focus()
