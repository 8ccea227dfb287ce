"""Which keys the lesson screen's footer shows: those that matter most where the focus is.

Textual's footer shows every shown binding and cuts the end off at the terminal's width
(`p tabl`, `? He`). Instead the lesson screen passes its active bindings through
`fit_footer`, which keeps whole entries only, chosen by priority:

1. the page keys (Space/PgDn next, PgUp/b back), ? (help) and Tab; in an answer box, where
   Space types: Enter (answer), Esc (leave), ? (hint), Tab and PgDn, then PgUp if it fits;
2. the focused widget's keys, in the order the widget declares them;
3. Esc (leave the widget), then the app's keys (lessons, language, quit).

Whatever is left out is listed in the help (?). On screen the order is: page keys, the widget's
keys, Tab and Esc, then the app's keys. Only the footer reads this list; every key still works.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from rich.cells import cell_len
from textual.binding import ActiveBinding
from textual.screen import Screen
from textual.widgets import Input

from tutor.widgets.chrome import learner_words

_PAGE_ACTIONS = ("forward", "back")
_ALWAYS = ("help", "hint", "next_widget")


def _entry_width(screen: Screen[Any], entries: list[ActiveBinding]) -> int:
    """Cells one footer entry takes: its key(s), its words and the padding around them."""
    binding = entries[0].binding
    if binding.group is None:
        entries = entries[:1]  # the footer shows one key per action
    # Measured as the footer draws them: in the learner's language, ASCII under --ascii.
    keys = [
        learner_words(screen.app, screen.app.get_key_display(entry.binding)) for entry in entries
    ]
    words = learner_words(
        screen.app, binding.group.description if binding.group else binding.description
    )
    return sum(cell_len(key) + 1 for key in keys) + cell_len(words) + 2


def _entry_key(active: ActiveBinding) -> object:
    return active.binding.group or active.binding.action


def _in_text_box(screen: Screen[Any]) -> bool:
    return isinstance(screen.focused, Input)


def fit_footer(
    screen: Screen[Any], bindings: dict[str, ActiveBinding], width: int
) -> dict[str, ActiveBinding]:
    """The shown bindings that fit in `width` cells, most important first (see module doc)."""
    shown = [(key, active) for key, active in bindings.items() if active.binding.show]
    # One footer entry per action (several keys of one action share it), or per key group.
    entries: list[list[tuple[str, ActiveBinding]]] = []
    for _, group in groupby(
        shown, key=lambda item: item[1].binding.group or item[1].binding.action
    ):
        entries.append(list(group))

    def rank(index: int) -> tuple[int, int]:
        active = entries[index][0][1]
        action = active.binding.action.rsplit(".", 1)[-1]
        if _in_text_box(screen):  # Enter, Esc, ?, Tab and PgDn first; PgUp if there is room
            if action in ("submit", "leave_widget", "forward", *_ALWAYS):
                return 0, index
            if action == "back":
                return 1, index
        if action in _PAGE_ACTIONS or action in _ALWAYS:
            return 0, index
        if active.node is not screen and active.node is not screen.app:
            return 1, index  # the focused widget's own keys
        return (2 if action == "leave_widget" else 3), index

    kept: set[int] = set()
    used = 0
    for index in sorted(range(len(entries)), key=rank):
        cost = _entry_width(screen, [active for _, active in entries[index]])
        if used + cost <= width or rank(index)[0] == 0:
            kept.add(index)
            used += cost

    def place(index: int) -> tuple[int, int]:
        active = entries[index][0][1]
        if active.node is screen:
            action = active.binding.action
            return (0 if action in _PAGE_ACTIONS else 2), index
        return (3 if active.node is screen.app else 1), index

    return {key: active for index in sorted(kept, key=place) for key, active in entries[index]}
