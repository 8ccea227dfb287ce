"""Lesson text made harmless before it reaches a terminal: control characters made visible.

A lesson may hold terminal escapes (ESC]0;… retitles the window, ESC]52;… writes the
clipboard, ESC[2J clears the screen), raw in its text, as Markdown character references
(`&#27;`) or as YAML escapes in a directive (`label: "\\e[2J"`). Each is reported as a
`FILE:LINE` problem and shown as a visible symbol (␛), never sent to the terminal as is.
"""

from __future__ import annotations

import re

from tutor.course.model import Problem
from tutor.course.yamlsafe import Located
from tutor.textsafe import has_controls, visible_controls

_MAX_REPORTED = 10
"""Lines reported per file; the rest are made visible all the same."""
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _control_reference(match: re.Match[str]) -> str:
    """A character reference to a control character, as that character made visible."""
    hexa, decimal = match.groups()
    code = int(hexa, 16) if hexa else int(decimal)
    if code == 0x09 or code == 0x0A or code > 0x9F:
        return match.group()
    if code < 0x20 or code >= 0x7F:
        return visible_controls(chr(code))
    return match.group()


def _message(line: str) -> str:
    shown = visible_controls(line).strip()
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    return f"a control character (a terminal escape?) in the text, shown as a symbol: {shown!r}"


def visible_lesson_text(text: str, name: str, problems: list[Problem]) -> str:
    """`text` with every control character (raw or `&#…;`) but tab and newline made visible."""
    referenced = _CHAR_REF.sub(_control_reference, text)
    if referenced == text and not has_controls(text):
        return text
    reported = 0
    for number, (before, after) in enumerate(
        zip(text.split("\n"), referenced.split("\n"), strict=True), start=1
    ):
        if (before != after or has_controls(before)) and reported < _MAX_REPORTED:
            problems.append(Problem(name, number, _message(before)))
            reported += 1
    return visible_controls(referenced)


def visible_yaml(
    node: Located | None, offset: int, name: str, problems: list[Problem]
) -> Located | None:
    """A YAML tree with control characters in its strings (and keys) made visible.

    `offset` is the file line of the body's first line (Located lines are 0-based).
    """
    if node is None:
        return None
    value = node.value
    if isinstance(value, str):
        if not has_controls(value):
            return node
        problems.append(Problem(name, offset + node.line, _message(value)))
        return Located(visible_controls(value), node.line)
    if isinstance(value, dict):
        mapping: dict[str, Located] = {}
        for key, item in value.items():
            if has_controls(key):
                problems.append(Problem(name, offset + item.line, _message(key)))
            shown = visible_yaml(item, offset, name, problems)
            assert shown is not None
            mapping[visible_controls(key)] = shown
        return Located(mapping, node.line)
    if isinstance(value, list):
        items = [visible_yaml(item, offset, name, problems) for item in value]
        return Located([item for item in items if item is not None], node.line)
    return node
