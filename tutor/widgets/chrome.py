"""The reader's chrome in the learner's terms: footer words in their language, ASCII when asked.

`TutorFooter` is Textual's footer with each key's description translated (tutor.i18n) when it
is composed, and under `--ascii` (the app has the `-ascii` class) with ASCII key names and
words. `AsciiScrollBarRender` draws scrollbars without block characters under `--ascii`; the app
installs it with `install_scrollbars` (the renderer reads the running app from Textual's context,
so several readers in one process, as when served, each get their own choice).
"""

from __future__ import annotations

from typing import Any

from rich.color import Color
from rich.segment import Segments
from textual._context import active_app
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from tutor.i18n import tr

__all__ = [
    "ASCII_WORDS",
    "AsciiScrollBarRender",
    "TutorFooter",
    "ascii_text",
    "install_scrollbars",
    "learner_words",
    "mark_focus",
]

ASCII_WORDS = {
    "←": "<",
    "→": ">",
    "↑": "^",
    "↓": "v",
    "⏎": "Enter",
    "±": "+/-",
    "×": "*",
    "÷": "/",
    "中/EN": "zh/en",
    "中文": "Chinese",
    "—": "-",
    "…": "...",
    "·": "-",
    "•": "*",
    "▶": ">",
    "▸": ">",
    "✓": "+",
    "✗": "x",
    "■": "#",
    "′": "'",
    "−": "-",
}
"""ASCII stand-ins for the non-ASCII characters and words of the reader's chrome."""


def ascii_text(text: str) -> str:
    """`text` with the chrome's non-ASCII characters and words replaced by ASCII ones."""
    for word, stand_in in ASCII_WORDS.items():
        text = text.replace(word, stand_in)
    return text


def ascii_app(app: App[Any]) -> bool:
    """Whether the reader runs with `--ascii` (the app carries the `-ascii` class)."""
    return app.has_class("-ascii")


def learner_words(app: App[Any], text: str) -> str:
    """Chrome `text` as the learner reads it: in their language, in ASCII under `--ascii`."""
    lang = getattr(app, "lang", None)
    words = tr(lang if isinstance(lang, str) else None, text)
    return ascii_text(words) if ascii_app(app) else words


class TutorFooter(Footer):
    """The footer, its key descriptions in the learner's language (and ASCII under `--ascii`).

    Textual's footer composes its keys again after every change of the screen's bindings, one
    frame after the change. This one does so only when the keys it would show differ from the
    ones it shows (`offered`), and `show_keys` lets a page turn recompose it inside its batch
    update, so the footer arrives in the same frame as the page.
    """

    _composed: object = None
    """What the keys shown were composed from (`offered()`), None before the first compose."""

    def offered(self) -> object:
        """Everything the footer's keys are composed from: the screen's bindings (enabled or
        not, with their key names), the footer's options, the learner's language and `--ascii`."""
        app = self.app
        keys = tuple(
            (active.binding, active.enabled, active.tooltip, app.get_key_display(active.binding))
            for active in self.screen.active_bindings.values()
        )
        options = (self.compact, self.show_command_palette, self.combine_groups)
        return keys, options, getattr(app, "lang", None), ascii_app(app)

    def _up_to_date(self) -> bool:
        """Whether the keys shown were composed from what is offered now."""
        return self._composed is not None and self.is_attached and self.offered() == self._composed

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """The screen's bindings changed: compose the keys again if what they show changed."""
        if screen is self.screen and self._up_to_date():
            return
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        """Compose the keys again, unless they already show what is offered (a recompose
        scheduled before an earlier one made it needless)."""
        if not self._up_to_date():
            await super().recompose()

    async def show_keys(self) -> None:
        """Compose the keys now if they changed (Textual's footer would, a frame later).

        Awaited inside `App.batch_update`, the new keys are drawn in the batch's frame. As
        Textual's footer, it leaves the keys as they are while the terminal is not focused.
        """
        self._bindings_ready = True
        if self.is_attached and self.app.app_focus:
            # As when the footer recomposes itself: its keys bind data to it (`data_bind`),
            # which reads the footer from Textual's active message pump.
            with self._context():
                await self.recompose()

    def compose(self) -> ComposeResult:
        self._composed = self.offered() if self._bindings_ready else None
        for widget in super().compose():
            self._translate(widget)
            yield widget

    def _translate(self, widget: Widget) -> None:
        """Translate a footer key's description, or a key group's label, in place."""
        if isinstance(widget, FooterKey):
            widget.description = learner_words(self.app, widget.description)
            if ascii_app(self.app):
                widget.key_display = ascii_text(widget.key_display)
        elif isinstance(widget, FooterLabel):
            widget.update(learner_words(self.app, str(widget.content)))


_BACK = Color.parse("#555555")
_BAR = Color.parse("bright_magenta")
"""Textual's defaults for a scrollbar's colours."""


FOCUS_TITLES = {"Quiz": "quiz (focused)", "CodeCell": "code cell (focused)"}
"""The border title of a focused widget that has none of its own (neuron and curve title
themselves), so focus shows without colour."""


def mark_focus(root: Widget) -> None:
    """Title the focused quiz or code cell under `root` ("▸ quiz (focused)"); untitle the rest."""
    mark = ">" if ascii_app(root.app) else "▸"
    for widget in root.query(", ".join(FOCUS_TITLES)):
        focused = widget.has_focus_within
        words = learner_words(root.app, FOCUS_TITLES[type(widget).__name__])
        widget.border_title = f"{mark} {words}" if focused else None


class AsciiScrollBarRender(ScrollBarRender):
    """Textual's scrollbar, drawn with whole cells (no block characters) under `--ascii`."""

    @classmethod
    def render_bar(
        cls,
        size: int = 25,
        virtual_size: float = 50,
        window_size: float = 20,
        position: float = 0,
        thickness: int = 1,
        vertical: bool = True,
        back_color: Color = _BACK,
        bar_color: Color = _BAR,
    ) -> Segments:
        app = active_app.get(None)
        if app is not None and ascii_app(app):
            return _WholeCells.render_bar(
                size,
                virtual_size,
                window_size,
                position,
                thickness,
                vertical,
                back_color,
                bar_color,
            )
        return super().render_bar(
            size, virtual_size, window_size, position, thickness, vertical, back_color, bar_color
        )


class _WholeCells(ScrollBarRender):
    """A scrollbar whose thumb is whole reversed cells: ASCII spaces only."""

    VERTICAL_BARS = [" "] * 8
    HORIZONTAL_BARS = [" "] * 8


def install_scrollbars() -> None:
    """Make every scrollbar honour `--ascii` (idempotent)."""
    ScrollBar.renderer = AsciiScrollBarRender
