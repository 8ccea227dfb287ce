"""TutorApp and `make_app`: the one factory used by the CLI, the servers and the tests."""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tutor.commands import CourseCommands
from tutor.course.model import Course, Lesson
from tutor.progress import ProgressStore, crash_log_path
from tutor.reader import Options, Position, Reader
from tutor.terminal import FriendlyLine, GuardedApp, learner_notice
from tutor.widgets.chrome import ascii_text, install_scrollbars, mark_focus

if TYPE_CHECKING:
    from tutor.screens.lesson import LessonScreen

__all__ = ["FRIENDLY_CRASH", "Options", "TutorApp", "make_app"]

log = logging.getLogger("backprop_tutor")
log.addHandler(logging.NullHandler())  # never print to the terminal: it may be a learner's

FRIENDLY_CRASH = "backprop-tutor hit an internal error and closed; your progress is saved."


class TutorApp(GuardedApp[int]):
    """The reader: one lesson page at a time, with live widgets, over any terminal."""

    CSS_PATH = "tutor.tcss"
    COMMANDS = GuardedApp.COMMANDS | {CourseCommands}
    """The palette (ctrl+p): the course's commands beside Textual's (see tutor.commands)."""
    TITLE = "backprop-tutor"

    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("l", "lessons", "Lessons"),
        Binding("t", "switch_language", "中/EN"),
        Binding("q", "quit", "Quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("ctrl+z", "suspend_process", show=False),
        Binding("f12", "fault", show=False),
    ]
    """Keys that work anywhere (a focused widget's own keys win)."""

    def __init__(self, course: Course, progress: ProgressStore, options: Options) -> None:
        # NO_COLOR: with ANSI colours on, Textual strips colour (else it sends greys).
        super().__init__(ansi_color=True if "NO_COLOR" in os.environ else None)
        self.reader = Reader(course, progress, options)
        """What the screens see of the course: content, progress, choices, navigation."""
        if not options.animations:
            self.animation_level = "none"
        if options.ascii:
            self.add_class("-ascii")
        install_scrollbars()  # block-character scrollbars only without --ascii
        theme = progress.theme()
        if theme in self.available_themes:  # the learner's theme, kept with their settings
            self.theme = theme

    @property
    def course(self) -> Course:
        """The course being read."""
        return self.reader.course

    @property
    def progress(self) -> ProgressStore:
        """The learner's progress store."""
        return self.reader.progress

    @property
    def options(self) -> Options:
        """How the reader runs."""
        return self.reader.options

    @property
    def lang(self) -> str | None:
        """The course language shown now."""
        return self.reader.lang

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        """The lessons in the current language."""
        return self.reader.lessons

    def get_default_screen(self) -> Screen[None]:
        from tutor.screens.lesson import LessonScreen

        return LessonScreen(self.reader, self.reader.start())

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._keep_theme)
        if self.options.watch is not None and not self.options.served:
            from tutor.watch import follow

            self.run_worker(follow(self, self.options.watch), group="watch", exclusive=True)
        lesson = self.options.lesson
        if lesson and not self.reader.has_lesson(lesson):
            self.notify(
                self.tr("No lesson with id {lesson!r}; starting where you were.", lesson=lesson),
                severity="warning",
                markup=False,
            )
        if self.progress.warning:
            warning = learner_notice(self.progress.warning, self.options.served)
            self.notify(warning, severity="warning", markup=False, timeout=8)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Title the focused quiz or code cell, so focus shows without colour (NO_COLOR)."""
        mark_focus(self.screen)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Untitle a quiz or code cell the focus left."""
        mark_focus(self.screen)

    def _keep_theme(self, theme: object) -> None:
        """Remember a theme the learner chose (palette: Theme) with their settings."""
        if self.theme != self.progress.theme():
            self.progress.set_theme(self.theme)

    def tr(self, message: str, /, **values: object) -> str:
        """The reader's own words in the learner's language (see tutor.i18n)."""
        return self.reader.tr(message, **values)

    def _page_screen(self) -> LessonScreen | None:
        """The lesson page when it is the screen on top (not under a dialog)."""
        from tutor.screens.lesson import LessonScreen

        return self.screen if isinstance(self.screen, LessonScreen) else None

    def action_help(self) -> None:
        """Show every key, grouped by where it works."""
        from tutor.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.reader.lang))

    def action_lessons(self) -> None:
        """Show the lesson list; Enter opens a lesson."""
        from tutor.screens.lesson_list import LessonListScreen

        page = self._page_screen()
        if page is not None:
            self.push_screen(LessonListScreen(self.reader, page.lesson.id), self._open_lesson)

    def _open_lesson(self, lesson_id: str | None) -> None:
        if lesson_id is not None:
            self.reader.go_to(Position(lesson_id, 0))

    def action_switch_language(self) -> None:
        """Switch between the course's languages, staying on the same lesson and page."""
        page = self._page_screen()
        if page is None:
            return
        if not self.reader.switch_language(page.position):
            self.notify(self.tr("This course has only one language."), markup=False)

    def action_fault(self) -> None:
        """Raise an error on purpose (only with the test option), to test crash handling."""
        if self.options.fault_key:
            raise RuntimeError("injected fault")

    def action_suspend_process(self) -> None:
        """ctrl+z: a local reader goes to the background until `fg`; a served one never stops.

        A served reader has no shell to resume it. On resume Textual 8.2.8 does not repaint
        (textual#6298); the signal handlers have run when the call returns, so repaint here.
        """
        if not self.options.served:
            super().action_suspend_process()
            self.refresh(layout=True)

    def get_key_display(self, binding: Binding) -> str:
        """A key as the footer shows it: ASCII names (`<`, `Enter`) under `--ascii`."""
        shown = super().get_key_display(binding)
        return ascii_text(shown) if self.options.ascii else shown

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Show a link's address; never launch a program (the app may run on a server)."""
        self.notify(url, title=self.tr("Link (not opened)"), markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette's commands, without the screenshot when served."""
        for command in super().get_system_commands(screen):
            if self.options.served and "screenshot" in command.title.lower():
                continue
            yield command

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save a screenshot, only when the reader runs locally."""
        if self.options.served:
            self.notify(self.tr("Screenshots are off on a shared server."), markup=False)
            return
        super().action_screenshot(filename, path)

    def _handle_exception(self, error: Exception) -> None:
        """Log the details, show the learner one friendly line (no traceback, no locals)."""
        details = "".join(traceback.format_exception(error))
        where = _log_crash(details)
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        friendly = self.tr(FRIENDLY_CRASH)
        line = friendly if where is None else f"{friendly} Details: {where}"
        self.panic(FriendlyLine(line))

    def run_safely(self) -> int:
        """Run the reader with the terminal options; return the exit code."""
        self.run(mouse=self.options.mouse)
        return self.return_code or 0


def _log_crash(details: str) -> str | None:
    """Append a crash report to the crash log (see `crash_log_path`); the path to show, if any.

    When served, the log is in the server's data folder and the learner is shown no path: it
    means nothing on their machine.
    """
    log.error("crash: %s", details)
    try:
        path = crash_log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(details + "\n")
    except OSError:
        return None
    return None if os.environ.get("BACKPROP_TUTOR_SERVED") == "1" else str(path)


def make_app(course: Course, progress: ProgressStore, options: Options | None = None) -> TutorApp:
    """Build the reader app: the one factory for the CLI, the servers and the tests."""
    return TutorApp(course, progress, options or Options())
