"""TutorApp and `make_app`: the one factory used by the CLI, the servers and the tests."""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tutor.course.model import Course, Lesson
from tutor.course.progress import ProgressStore, resolve_home
from tutor.i18n import tr

log = logging.getLogger("backprop_tutor")
log.addHandler(logging.NullHandler())  # never print to the terminal: it may be a learner's

FRIENDLY_CRASH = "backprop-tutor hit an internal error and closed; your progress is saved."


@dataclass(frozen=True)
class Options:
    """How the reader runs: language, where to start, terminal and serving choices."""

    lang: str | None = None
    """The language asked for on the command line (None: the saved one, else `default_lang`)."""
    default_lang: str = "en"
    lesson: str | None = None
    """A lesson id to open instead of resuming."""
    mouse: bool = True
    animations: bool = True
    ascii: bool = False
    """ASCII plot markers and borders, for fonts without braille or box drawing."""
    served: bool = False
    """Set by the servers: code cells cannot be edited, nothing writes files, links are shown."""
    fault_key: bool = False
    """Tests only: f12 raises an error, to check that a crash shows one friendly line."""


class TutorApp(App[int]):
    """The reader: one lesson page at a time, with live widgets, over any terminal."""

    CSS_PATH = "tutor.tcss"
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
        self.course = course
        self.progress = progress
        self.options = options
        saved = progress.language()
        self.lang = course.resolve_lang(options.lang or saved or options.default_lang)
        if not options.animations:
            self.animation_level = "none"
        if options.ascii:
            self.add_class("-ascii")

    def get_default_screen(self) -> Screen[None]:
        from tutor.screens.lesson import LessonScreen

        lesson_id, page = self._start_position()
        return LessonScreen(lesson_id, page)

    def _start_position(self) -> tuple[str, int]:
        lessons = self.course.lessons_for(self.lang)
        if self.options.lesson and self.course.find(self.lang, self.options.lesson):
            return self.options.lesson, 0
        counts = {lesson.id: len(lesson.pages) for lesson in lessons}
        resume = self.progress.resume_position(counts)
        if resume is not None and resume[0] in counts:
            return resume
        return lessons[0].id, 0

    def on_mount(self) -> None:
        if self.options.lesson and not self.course.find(self.lang, self.options.lesson):
            self.notify(
                self.tr(
                    "No lesson with id {lesson!r}; starting where you were.",
                    lesson=self.options.lesson,
                ),
                severity="warning",
                markup=False,
            )
        if self.progress.warning:
            self.notify(self.progress.warning, severity="warning", markup=False, timeout=8)

    def tr(self, message: str, /, **values: object) -> str:
        """The reader's own words in the learner's language (see tutor.i18n)."""
        return tr(self.lang, message, **values)

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        """The lessons in the current language."""
        return self.course.lessons_for(self.lang)

    def action_help(self) -> None:
        """Show every key, grouped by where it works."""
        from tutor.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_lessons(self) -> None:
        """Show the lesson list; Enter opens a lesson."""
        from tutor.screens.lesson import LessonScreen
        from tutor.screens.lesson_list import LessonListScreen

        if isinstance(self.screen, LessonScreen):
            current = self.screen.lesson.id
            self.push_screen(LessonListScreen(current), self._open_lesson)

    def _open_lesson(self, lesson_id: str | None) -> None:
        from tutor.screens.lesson import LessonScreen

        if lesson_id is not None and isinstance(self.screen, LessonScreen):
            self.screen.go_to(lesson_id, 0)

    def action_switch_language(self) -> None:
        """Switch between the course's languages, staying on the same lesson and page."""
        from tutor.screens.lesson import LessonScreen

        languages = [lang for lang in self.course.languages if lang is not None]
        if len(languages) < 2:
            self.notify(self.tr("This course has only one language."), markup=False)
            return
        if not isinstance(self.screen, LessonScreen):
            return
        index = languages.index(self.lang) if self.lang in languages else -1
        self.lang = languages[(index + 1) % len(languages)]
        self.progress.set_language(self.lang)
        self.screen.go_to(self.screen.lesson.id, self.screen.page)

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
        self.panic(Text(line))

    def run_safely(self) -> int:
        """Run the reader with the terminal options; return the exit code."""
        self.run(mouse=self.options.mouse)
        return self.return_code or 0


def _log_crash(details: str) -> str | None:
    """Append a crash report to crash.log in the data folder; the path to show, if any.

    When served, the data folder is the server's own (its log lives there) and the learner is
    shown no path: it means nothing on their machine.
    """
    log.error("crash: %s", details)
    try:
        folder = resolve_home()
        folder.mkdir(parents=True, exist_ok=True)
        path = Path(folder) / "crash.log"
        with path.open("a", encoding="utf-8") as handle:
            handle.write(details + "\n")
    except OSError:
        return None
    return None if os.environ.get("BACKPROP_TUTOR_SERVED") == "1" else str(path)


def make_app(course: Course, progress: ProgressStore, options: Options | None = None) -> TutorApp:
    """Build the reader app: the one factory for the CLI, the servers and the tests."""
    return TutorApp(course, progress, options or Options())
