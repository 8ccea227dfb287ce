"""The course in the command palette (ctrl+p): go to a lesson, switch language, plot or table.

Textual's own system commands (theme, keys, quit; the screenshot only when local) stay beside
these. Every command only moves through the reader or a widget's own action: none writes a file,
so a served session may use them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tutor.reader import Position
from tutor.widgets.chrome import learner_words
from tutor.widgets.neuron import Neuron

if TYPE_CHECKING:
    from tutor.app import TutorApp

__all__ = ["CourseCommands"]

Command = tuple[str, str, Callable[[], object]]
"""A palette entry: its title, its help line and what choosing it does."""


class CourseCommands(Provider):
    """The course's commands, in the learner's language (ASCII under `--ascii`)."""

    def _commands(self) -> Iterator[Command]:
        from tutor.app import TutorApp
        from tutor.screens.lesson import LessonScreen

        app = self.app
        if not isinstance(app, TutorApp) or not isinstance(self.screen, LessonScreen):
            return  # over a dialog (help, lesson list) the course commands wait

        def words(text: str, **values: object) -> str:
            return learner_words(app, text).format(**values) if values else learner_words(app, text)

        for number, lesson in enumerate(app.lessons, 1):
            yield (
                words("Go to lesson {number}. {title}", number=number, title=lesson.title),
                lesson.summary or words("Open the lesson at its first page."),
                _go_to(app, lesson.id),
            )
        if len(app.reader.languages) > 1:
            yield (
                words("Switch language (中文 / English)"),
                words("The same lesson and page in the other language."),
                app.action_switch_language,
            )
        neuron = self._neuron()
        if neuron is not None:
            yield (
                words("Toggle table / plot (this neuron)"),
                words("Show the focused neuron's values as a table, or its plot again."),
                neuron.action_toggle_table,
            )

    def _neuron(self) -> Neuron | None:
        """The neuron the focus is in, if any."""
        focused = self.focused
        if focused is None:
            return None
        for node in focused.ancestors_with_self:
            if isinstance(node, Neuron):
                return node
        return None

    async def discover(self) -> Hits:
        """Every course command, before the learner types."""
        for title, help_text, command in self._commands():
            yield DiscoveryHit(title, command, help=help_text)

    async def search(self, query: str) -> Hits:
        """The course commands that match what the learner typed, best first."""
        matcher = self.matcher(query)
        for title, help_text, command in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, text=title, help=help_text)


def _go_to(app: TutorApp, lesson_id: str) -> Callable[[], None]:
    """A command that opens a lesson at its first page."""

    def go() -> None:
        app.reader.go_to(Position(lesson_id, 0))

    return go
