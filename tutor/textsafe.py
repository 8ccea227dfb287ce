"""Text from outside the program, made safe to put on a learner's terminal.

Pure functions: `visible_controls` makes every control character visible, so no lesson,
widget label, code-cell output or progress line can move the cursor, clear the screen,
retitle the window or write the clipboard; `hide_paths` keeps a served reader's file
system to the server.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Every C0 and C1 control except tab (0x09) and newline (0x0a); DEL too."""
_PICTURES = {0x1B: "␛", 0x7F: "␡"}
_ABSOLUTE_PATH = re.compile(r"(?<![\w.~])/[^\s:;,()\[\]'\"]*")

HIDDEN_PATH = "(a server path)"


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code in _PICTURES:
        return _PICTURES[code]
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␀ … ␟
    return f"\\x{code:02x}"  # C1 controls have no pictures


def visible_controls(text: str) -> str:
    """`text` with every C0/C1 control but tab and newline shown as a symbol (ESC as ␛)."""
    return _CONTROL.sub(_visible, text)


def has_controls(text: str) -> bool:
    """True when `text` holds a control character that `visible_controls` would change."""
    return _CONTROL.search(text) is not None


def hide_paths(text: str) -> str:
    """`text` with every absolute path replaced by a placeholder (for a served learner)."""
    return _ABSOLUTE_PATH.sub(HIDDEN_PATH, text)
