"""The lesson page screen: one `##` page at a time, its widgets live, progress recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

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
from tutor.widgets.errorbox import ErrorBox
from tutor.widgets.markdown import LessonMarkdown

if TYPE_CHECKING:
    from tutor.app import TutorApp
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

    def __init__(self, lesson_id: str, page: int) -> None:
        super().__init__()
        self._start = (lesson_id, page)
        self.lesson: Lesson = cast(Lesson, None)
        self.page = 0
        self._recorder: LessonRecorder | None = None
        """The progress sink of the lesson shown: its widgets report to it."""

    @property
    def tutor(self) -> TutorApp:
        """The app, typed."""
        return cast("TutorApp", self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="lesson-header"):
            yield Static(id="lesson-title", markup=False)
            yield Static(id="page-number", markup=False)
        yield PageView(id="page")
        yield Footer(show_command_palette=False)

    async def on_mount(self) -> None:
        await self.show(*self._start)

    def on_unmount(self) -> None:
        self.save_widgets()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys in the footer: this screen's page keys first, then the focused widget's.

        A narrow terminal cuts the footer's end; the page keys are the ones never to lose.
        """
        bindings = super().active_bindings
        page_keys = {key: active for key, active in bindings.items() if active.node is self}
        return {**page_keys, **bindings}

    def _tr(self, message: str, /, **values: object) -> str:
        return self.tutor.tr(message, **values)

    def go_to(self, lesson_id: str, page: int) -> None:
        """Show a lesson's page (in the app's current language)."""
        self.run_worker(self.show(lesson_id, page), exclusive=True, group="page")

    async def show(self, lesson_id: str, page: int) -> None:
        """Replace the page on screen with another one and record the visit."""
        app = self.tutor
        lesson = app.course.find(app.lang, lesson_id) or app.lessons[0]
        self.save_widgets()
        self.lesson = lesson
        self._recorder = LessonRecorder(app.progress, lesson.id, self.set_timer)
        self.page = max(0, min(page, len(lesson.pages) - 1))
        view = self.query_one(PageView)
        with app.batch_update():
            await view.remove_children()
            await view.mount_all(self._build(lesson))
            view.scroll_home(animate=False)
            self._update_header()
            view.focus()
        app.progress.record_page(lesson.id, self.page)

    def _build(self, lesson: Lesson) -> list[Widget]:
        if not lesson.pages:
            problems = "\n".join(str(p) for p in lesson.problems) or self._tr(
                "This lesson is empty."
            )
            return [Static(Text(problems), classes="lesson-problems")]
        page = lesson.pages[self.page]
        solved = self.tutor.progress.quiz_results(lesson.id)
        return [self._widget(block, solved) for block in page.blocks]

    def _widget(self, block: Block, solved: dict[str, bool]) -> Widget:
        app = self.tutor
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
                ascii_mode=app.options.ascii,
                lang=app.lang,
            )
            self._restore(neuron)
            return neuron
        if isinstance(block, CurveSpec):
            from tutor.widgets.curve import Curve

            curve = Curve(
                block,
                key=self.lesson.widget_key(self.page, block),
                progress=self._recorder,
                ascii_mode=app.options.ascii,
                lang=app.lang,
            )
            self._restore(curve)
            return curve
        if isinstance(block, QuizSpec):
            from tutor.widgets.quiz import Quiz

            quiz = Quiz(block, key=block.id, progress=self._recorder, lang=app.lang)
            if solved.get(block.id):
                quiz.restore(True)
            return quiz
        if isinstance(block, CodeSpec):
            from tutor.widgets.codecell import CodeCell

            key = self.lesson.widget_key(self.page, block)
            return CodeCell(block, key=key, editable=not app.options.served, lang=app.lang)
        assert isinstance(block, BrokenSpec)
        return ErrorBox(block.problem)

    def _restore(self, widget: Neuron | Curve) -> None:
        legacy = legacy_widget_key(widget.spec)  # saved before schema 2
        saved = self.tutor.progress.load_widget(self.lesson.id, widget.key, legacy)
        if saved is not None:
            widget.restore(saved)

    def _update_header(self) -> None:
        app = self.tutor
        lessons = app.lessons
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
        if self.page + 1 < len(self.lesson.pages):
            self.go_to(self.lesson.id, self.page + 1)
            return
        lessons = self.tutor.lessons
        ids = [lesson.id for lesson in lessons]
        index = ids.index(self.lesson.id) if self.lesson.id in ids else len(ids)
        if index + 1 < len(ids):
            self.go_to(ids[index + 1], 0)
        else:
            self.notify(self._tr("This is the last page of the course. Well done!"), markup=False)

    def action_previous_page(self) -> None:
        """The previous page, or the last page of the previous lesson."""
        if self.page > 0:
            self.go_to(self.lesson.id, self.page - 1)
            return
        lessons = self.tutor.lessons
        ids = [lesson.id for lesson in lessons]
        index = ids.index(self.lesson.id) if self.lesson.id in ids else 0
        if index > 0:
            previous = lessons[index - 1]
            self.go_to(previous.id, len(previous.pages) - 1)
        else:
            self.notify(self._tr("This is the first page."), markup=False)

    def action_leave_widget(self) -> None:
        """Leave the focused widget: the page itself takes the focus (arrows scroll)."""
        self.query_one(PageView).focus()
