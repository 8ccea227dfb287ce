"""Help: every key, grouped by where it works."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tutor.i18n import tr
from tutor.widgets.chrome import ascii_text

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Anywhere",
        (
            ("Space / PgDn", "scroll down a screen; at the bottom, the next page"),
            ("PgUp / b", "scroll up a screen; at the top, the previous page (from its top)"),
            ("↑ / ↓, Home / End", "scroll the page by a line / to its top or end"),
            ("Tab / Shift+Tab", "next / previous widget on the page"),
            ("Escape", "leave the widget (the page keys work again) / close a dialog"),
            ("l", "lesson list"),
            ("t", "switch language (中文 / English), same lesson and page"),
            ("?", "this help"),
            ("Ctrl+P", "command palette: go to a lesson, language, table or plot, theme"),
            ("q / Ctrl+Q", "quit (your progress is saved)"),
        ),
    ),
    (
        "Neuron",
        (
            ("← / →", "choose an input"),
            ("↑ / ↓", "change it by 0.1 (with Shift: by 1)"),
            ("r", "random nudge (Method 1)"),
            ("d", "numerical-gradient nudge"),
            ("g", "gradient nudge (Method 2)"),
            ("u / 0", "undo / reset"),
            ("v", "next view: history, the (a, b) plane, the table"),
            ("p", "table of the values instead of the plot"),
        ),
    ),
    (
        "Curve",
        (
            ("g / G", "gradient ascent step / descent step"),
            ("+ / -", "double / halve the step"),
            ("← / →", "move x"),
            ("u / 0", "undo / reset"),
        ),
    ),
    (
        "Quiz",
        (
            ("1 - 9, ↑ / ↓", "pick a choice"),
            ("x", "tick or untick the choice at ▶ (when several are right)"),
            ("Enter", "submit"),
            ("h", "hint"),
            ("typing", "a number or an expression like 5.06*6.05 (? for a hint, Space types)"),
            ("PgDn / PgUp", "in an answer box: next / previous page as usual"),
            ("again", "a wrong answer after a right one is shown, the right one still counts"),
        ),
    ),
    (
        "Code cell",
        (
            ("Enter / Ctrl+R", "run it"),
            ("e", "edit it (on your own machine; Enter is a new line there)"),
            ("Ctrl+R / Escape", "while editing: run / stop editing"),
            ("o", "bring back the lesson's original code"),
        ),
    ),
)
"""The keys, as the help screen lists them."""


def keys_table(lang: str | None, ascii_only: bool = False) -> Table:
    """The help's table: one section per place where keys work, in the learner's language
    (with ASCII names for arrows and signs when `ascii_only`)."""

    def words(text: str) -> str:
        return ascii_text(tr(lang, text)) if ascii_only else tr(lang, text)

    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")  # wrapped at spaces, never cut with "…"
    for section, rows in KEYS:
        table.add_row(Text(words(section), style="bold underline"), "")
        for key, meaning in rows:
            table.add_row(Text(words(key)), Text(words(meaning), overflow="fold"))
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    """Every key of the reader; any of Escape, ? or q closes it."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]
    """Keys that close the help."""

    def __init__(self, lang: str | None) -> None:
        super().__init__()
        self.lang = lang
        """The language of the help's words."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            ascii_only = self.app.has_class("-ascii")
            title = tr(self.lang, "Keys — Escape closes")
            yield Static(Text(ascii_text(title) if ascii_only else title, style="bold"))
            yield Static(keys_table(self.lang, ascii_only))

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()  # arrows and PgDn scroll the keys

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
