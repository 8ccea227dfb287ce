"""The lesson page screen: one `##` page at a time, its widgets live, progress recorded."""

from __future__ import annotations

import asyncio
import contextlib
import time
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
from tutor.screens.footer import fit_footer
from tutor.widgets.chrome import TutorFooter
from tutor.widgets.errorbox import ErrorBox
from tutor.widgets.markdown import LessonMarkdown

if TYPE_CHECKING:
    from tutor.widgets.curve import Curve
    from tutor.widgets.neuron import Neuron


LOAD_TIMEOUT = 2.0
"""Seconds a page turn waits for its Markdown to be laid out before showing the page anyway."""

NOTICE_SECONDS = 5.0
"""How long "first page" / "last page" notices stay; a repeated key within it says nothing."""


class PageView(VerticalScroll, can_focus=False, inherit_bindings=False):
    """The scrolling body of a page. Never focused (it would be a Tab stop that shows nothing):
    with no widget focused, the screen's keys scroll it."""


class LessonScreen(Screen[None]):
    """Shows one page of one lesson; turning past the end goes to the next lesson."""

    AUTO_FOCUS = ""
    """No widget is focused when the screen opens or resumes (after the lesson list or help):
    the page's keys work, Tab reaches widgets. ("" turns it off; None would use the app's "*".)"""

    BINDINGS = [
        Binding("space,pagedown", "forward", "Next", key_display="Space"),
        Binding("pageup,b", "back", "Back", key_display="PgUp/b"),
        Binding("tab", "next_widget", "Widget", key_display="Tab"),
        Binding("escape", "leave_widget", "Leave", key_display="Esc"),
        Binding("down", "scroll_lines(1)", "Scroll", show=False),
        Binding("up", "scroll_lines(-1)", "Scroll", show=False),
        Binding("home", "scroll_edge('top')", "Top", show=False),
        Binding("end", "scroll_edge('bottom')", "Bottom", show=False),
    ]
    """Pager keys: Space/PgDn scroll by a screen and turn the page at its bottom, PgUp/b
    mirror them; a focused widget's own keys win over them (Space types in an answer box)."""

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
        self._noticed: dict[str, float] = {}
        self._view = PageView()
        """The page's scrolling body (made in `compose`)."""
        self._relayout = False

    @property
    def position(self) -> Position:
        """The lesson and page on screen."""
        return Position(self.lesson.id, self.page)

    def compose(self) -> ComposeResult:
        with Horizontal(id="lesson-header"):
            yield Static(id="lesson-title", markup=False)
            yield Static(id="page-number", markup=False)
        self._view = PageView(id="page")
        yield self._view
        yield TutorFooter(show_command_palette=False)

    def _compositor_refresh(self) -> None:
        """Paint the screen; first lay it out again if laying it out changed the page's size.

        Textual decides whether the page's scrollbar shows while it lays the page out, and a
        change (a short page turned to a long one) asks for another layout, painted a frame
        later: the page, then its scrollbar. Laying out again before painting sends one frame.
        """
        if self._view._layout_required and not self._relayout and not self.app._batch_count:
            self._relayout = True
            try:
                # At the size just laid out (a resize passes its own); this paints.
                self._refresh_layout(self._compositor.size or None)
            finally:
                self._relayout = False
            return
        super()._compositor_refresh()

    async def on_mount(self) -> None:
        self.reader.on_move = self.go_to
        await self.show(self._start)

    def on_unmount(self) -> None:
        self.save_widgets()
        if self.reader.on_move == self.go_to:
            self.reader.on_move = None

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys in the footer: those that matter most in the focused place, whole.

        See `tutor.screens.footer`: page keys, Tab and ? always; the focused widget's keys as
        many as fit the width; the rest is in the help (?).
        """
        return fit_footer(self, super().active_bindings, self.size.width)

    def on_resize(self) -> None:
        """A new width may fit more (or fewer) keys in the footer."""
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        """The footer follows the focus (Textual refreshes it too; this covers blur to none)."""
        self.refresh_bindings()

    def _tr(self, message: str, /, **values: object) -> str:
        return self.reader.tr(message, **values)

    async def wait_until_shown(self) -> None:
        """Return once the page asked for last is on screen (at once if it already is)."""
        await self._shown.wait()

    def go_to(self, position: Position) -> None:
        """Show a lesson's page (in the reader's current language), at its top."""
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
        """Replace the page on screen with another one and record the visit.

        The new page is built while screen updates are held (`batch_update`): the scroll is
        reset, its widgets are mounted and its Markdown parsed into blocks before the terminal
        gets a single byte; the first frame after the batch lays out and paints the whole page
        at its top. So the page appears in one frame: never blank, never at the old page's
        scroll position. (Textual does no layout during a batch, so a page cannot be opened
        at its end without a first frame at its top: PgUp at the top opens the previous page
        at its top.)
        """
        self._shown.clear()
        lesson, page = self.reader.clamp(position)
        self.save_widgets()
        self.lesson = lesson
        self._recorder = LessonRecorder(self.reader.progress, lesson.id, self.set_timer)
        self.page = page
        view = self.query_one(PageView)
        with self.app.batch_update():
            self.set_focus(None, scroll_visible=False)
            await view.remove_children()
            view.scroll_to(0, 0, animate=False, immediate=True)
            await view.mount_all(self._build(lesson))
            await self._loaded(view)
            if self._leaving():  # the learner quit while the page was being built
                return
            view.scroll_to(0, 0, animate=False, immediate=True)
            self._update_header()
            # Tab is offered only on pages with a widget: the footer's keys, in the same frame.
            await self.query_one(TutorFooter).show_keys()
            self.refresh_bindings()
        self.reader.progress.record_page(lesson.id, self.page)
        self.call_after_refresh(self._on_screen, self.position)

    def _leaving(self) -> bool:
        """Whether the screen is being taken down (the app is quitting): its parts are going."""
        return not self.is_attached or self._closing or self._closed or self._pruning

    def _on_screen(self, position: Position) -> None:
        """The first frame of the page is painted: tell the waiters."""
        if position == self.position:
            self._shown.set()
            self.post_message(self.PageShown(position))

    async def _loaded(self, view: PageView) -> None:
        """Wait (bounded) until the page's Markdown is parsed and its blocks are mounted."""
        loading = [markdown.wait_loaded() for markdown in view.query(LessonMarkdown)]
        try:
            await asyncio.wait_for(asyncio.gather(*loading), LOAD_TIMEOUT)
        except asyncio.TimeoutError:  # a very slow machine: show the page as it is
            return

    def _build(self, lesson: Lesson) -> list[Widget]:
        problems: list[Widget] = []
        own = lesson.unplaced_problems  # what `check` rejects (a missing title...), one line each
        if own:
            problems.append(ErrorBox("\n".join(str(problem) for problem in own)))
        if not lesson.pages:
            return problems or [ErrorBox(self._tr("This lesson is empty."))]
        page = lesson.pages[self.page]
        solved = self.reader.progress.quiz_results(lesson.id)
        return [*problems, *(self._widget(block, solved) for block in page.blocks)]

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

    async def action_forward(self) -> None:
        """Space / PgDn: scroll down by a screen while there is more below, else turn the page.

        A key pressed while a page is being built waits for it (it then acts on the page the
        learner sees), and scrolls happen at once, never deferred into the next page.
        """
        await self._page_ready()
        view = self.query_one(PageView)
        if view.scroll_offset.y < view.max_scroll_y:
            self._scroll_by(view, view.scrollable_content_region.height)
        else:
            self.action_next_page()

    async def action_back(self) -> None:
        """PgUp / b: scroll up by a screen; at the top, the previous page (at its top)."""
        await self._page_ready()
        view = self.query_one(PageView)
        if view.scroll_offset.y > 0:
            self._scroll_by(view, -view.scrollable_content_region.height)
        else:
            self.action_previous_page()

    async def _page_ready(self) -> None:
        """Wait for a page being built (bounded: a key never hangs the reader)."""
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._shown.wait(), 2 * LOAD_TIMEOUT)

    @staticmethod
    def _scroll_by(view: PageView, lines: int) -> None:
        y = max(0, min(view.max_scroll_y, view.scroll_offset.y + lines))
        view.scroll_to(y=y, animate=False, immediate=True)

    def action_next_page(self) -> None:
        """The next page, or the first page of the next lesson."""
        following = self.reader.next_page(self.position)
        if following is None:
            self._notice(self._tr("This is the last page of the course. Well done!"))
        else:
            self.go_to(following)

    def action_previous_page(self) -> None:
        """The previous page, or the last page of the previous lesson."""
        previous = self.reader.previous_page(self.position)
        if previous is None:
            self._notice(self._tr("This is the first page."))
        else:
            self.go_to(previous)

    def _notice(self, message: str) -> None:
        """Say it once: the same notice again while it is still shown adds nothing."""
        now = time.monotonic()
        if now - self._noticed.get(message, -NOTICE_SECONDS) < NOTICE_SECONDS:
            return
        self._noticed[message] = now
        self.notify(message, markup=False, timeout=NOTICE_SECONDS)

    def action_scroll_lines(self, lines: int) -> None:
        """↑ / ↓ with no widget taking them: scroll the page by a line."""
        self._scroll_by(self.query_one(PageView), lines)

    def action_scroll_edge(self, edge: str) -> None:
        """Home / End: the top or the end of the page."""
        view = self.query_one(PageView)
        view.scroll_to(y=0 if edge == "top" else view.max_scroll_y, animate=False, immediate=True)

    def action_next_widget(self) -> None:
        """Tab: the next widget of the page (Shift+Tab: the previous one)."""
        self.focus_next()

    def action_leave_widget(self) -> None:
        """Leave the focused widget: no widget has the focus, the page keys work again."""
        self.set_focus(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Tab only on pages with a widget; Esc only while one has the focus."""
        if action == "next_widget":
            return bool(self.focus_chain)
        if action == "leave_widget":
            return self.focused is not None
        return True
