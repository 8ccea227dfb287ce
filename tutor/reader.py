"""The reader context: what the screens need of the running course, without the app.

Screens receive one `Reader` (course, progress, options, language, position) and move through
the course by asking it; they never import the app. The app composes the screens and owns the
reader; `t` (switch language) and `l` (go to a lesson) go through the reader too, which tells
the page on screen to follow (its `on_move` listener).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tutor.course.model import Course, Lesson
from tutor.i18n import tr
from tutor.progress import ProgressStore


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
    watch: Path | None = None
    """The lesson file or course folder to reload when it changes (`--watch`); never when served."""


@dataclass(frozen=True)
class Position:
    """A page of a lesson: the lesson's id and the page's index (0-based)."""

    lesson: str
    page: int


Listener = Callable[[Position], None]
"""Called when the position moves from outside the page (language switch, lesson list)."""


class Reader:
    """The running course as the screens see it: content, progress, choices and navigation.

    Navigation methods return the new `Position` (or None when there is nowhere to go) and
    never touch the screen; the caller shows the page. `go_to` and `switch_language`, which
    the app calls, also tell the listener (the lesson screen) to show the new page.
    """

    def __init__(self, course: Course, progress: ProgressStore, options: Options) -> None:
        self.course = course
        self.progress = progress
        self.options = options
        saved = progress.language()
        self.lang: str | None = course.resolve_lang(options.lang or saved or options.default_lang)
        """The course language shown now (None for a one-language course)."""
        self.on_move: Listener | None = None
        """The page on screen, told when the app moves the reader (set by the lesson screen)."""

    def tr(self, message: str, /, **values: object) -> str:
        """The reader's own words in the learner's language (see tutor.i18n)."""
        return tr(self.lang, message, **values)

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        """The lessons in the current language."""
        return self.course.lessons_for(self.lang)

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson with this id in the current language (the first lesson if none has it)."""
        return self.course.find(self.lang, lesson_id) or self.lessons[0]

    def has_lesson(self, lesson_id: str) -> bool:
        """Whether the current language has a lesson with this id."""
        return self.course.find(self.lang, lesson_id) is not None

    def start(self) -> Position:
        """Where the reader opens: the asked lesson, else where the learner was, else the start."""
        if self.options.lesson and self.has_lesson(self.options.lesson):
            return Position(self.options.lesson, 0)
        counts = {lesson.id: len(lesson.pages) for lesson in self.lessons}
        resume = self.progress.resume_position(counts)
        if resume is not None and resume[0] in counts:
            return Position(*resume)
        return Position(self.lessons[0].id, 0)

    def clamp(self, position: Position) -> tuple[Lesson, int]:
        """The lesson and a page index that exists in it, for any position."""
        lesson = self.lesson(position.lesson)
        return lesson, max(0, min(position.page, len(lesson.pages) - 1))

    def next_page(self, here: Position) -> Position | None:
        """The next page, or the first page of the next lesson; None after the last page."""
        lesson = self.lesson(here.lesson)
        if here.page + 1 < len(lesson.pages):
            return Position(lesson.id, here.page + 1)
        following = self._neighbour(lesson.id, +1)
        return None if following is None else Position(following.id, 0)

    def previous_page(self, here: Position) -> Position | None:
        """The previous page, or the last page of the previous lesson; None on the first."""
        if here.page > 0:
            return Position(here.lesson, here.page - 1)
        previous = self._neighbour(here.lesson, -1)
        return None if previous is None else Position(previous.id, max(0, len(previous.pages) - 1))

    def _neighbour(self, lesson_id: str, offset: int) -> Lesson | None:
        ids = [lesson.id for lesson in self.lessons]
        if lesson_id not in ids:
            return None
        index = ids.index(lesson_id) + offset
        return self.lessons[index] if 0 <= index < len(ids) else None

    def go_to(self, position: Position) -> None:
        """Move to a position chosen outside the page (the lesson list): the page follows."""
        if self.on_move is not None:
            self.on_move(position)

    def replace_course(self, course: Course, here: Position) -> Position | None:
        """Read a reloaded course from now on; where to show `here` in it (None: not replaced).

        A course with no lessons (a file deleted while an editor saves it) is not taken: the
        reader keeps the old one until the next good save. The position keeps the lesson (by
        id, else by file) and the page (by title, else by index, clamped).
        """
        if not course.lessons:
            return None
        old, index = self.clamp(here)
        old_title = old.pages[index].title if old.pages else None
        self.course = course
        self.lang = course.resolve_lang(self.lang)
        lesson = self.course.find(self.lang, old.id) or next(
            (lesson for lesson in self.lessons if lesson.path == old.path), self.lessons[0]
        )
        titles = [page.title for page in lesson.pages]
        if old_title is not None and old_title in titles:
            # The page of that title nearest the old index (titles may repeat).
            index = min(
                (i for i, title in enumerate(titles) if title == old_title),
                key=lambda i: abs(i - index),
            )
        return Position(lesson.id, max(0, min(index, len(lesson.pages) - 1)))

    @property
    def languages(self) -> list[str]:
        """The course's languages, in order (empty for a one-language course)."""
        return [lang for lang in self.course.languages if lang is not None]

    def switch_language(self, here: Position) -> bool:
        """Switch to the course's next language on the same lesson and page; False if only one."""
        languages = self.languages
        if len(languages) < 2:
            return False
        index = languages.index(self.lang) if self.lang in languages else -1
        self.lang = languages[(index + 1) % len(languages)]
        self.progress.set_language(self.lang)
        self.go_to(here)
        return True
