"""Terminal styles (SGR codes) as values: parsed from Textual's output, written back shortly.

A style (`Pen`) is a foreground and a background code and a set of attributes; only the codes
below are modelled, anything else raises `Unmodelled` (the writer then steps aside).
"""

from __future__ import annotations

import os

Pen = tuple[str, str, frozenset[str]]
"""A style: foreground and background SGR codes ("39", "31", "38;5;208"...) and attributes."""
DEFAULT_PEN: Pen = ("39", "49", frozenset())
"""The terminal's style after a reset (`ESC[0m`)."""
_ATTR_ON = {"1", "2", "3", "4", "5", "7", "8", "9", "21", "53"}
_ATTR_OFF = {
    "22": ("1", "2"),
    "23": ("3",),
    "24": ("4", "21"),
    "25": ("5",),
    "27": ("7",),
    "28": ("8",),
    "29": ("9",),
    "55": ("53",),
}
_OFF = {attr: off for off, attrs in _ATTR_OFF.items() for attr in attrs if attr != "21"}
"""The code that turns each attribute off."""


class Unmodelled(Exception):
    """The write holds something the cell model does not cover: pass it through."""


def parse_sgr(params: str, pen: Pen | None) -> Pen | None:
    """The pen after an SGR sequence (None: unknown). Raises Unmodelled on codes not modelled."""
    codes = params.split(";") if params else ["0"]
    if ":" in params:
        raise Unmodelled(params)
    index = 0
    while index < len(codes):
        code = codes[index] or "0"
        index += 1
        if code == "0":
            pen = DEFAULT_PEN
            continue
        if pen is None:
            continue  # stays unknown until a reset
        fg, bg, attrs = pen
        if code in _ATTR_ON:
            attrs = attrs | {code}
        elif code in _ATTR_OFF:
            attrs = attrs - set(_ATTR_OFF[code])
        elif code in ("38", "48"):
            size = {"5": 2, "2": 4}.get(codes[index] if index < len(codes) else "", 0)
            if not size or index + size > len(codes):
                raise Unmodelled(params)
            colour = ";".join([code, *codes[index : index + size]])
            index += size
            fg, bg = (colour, bg) if code == "38" else (fg, colour)
        elif code == "39" or (code.isdigit() and (30 <= int(code) <= 37 or 90 <= int(code) <= 97)):
            fg = code
        elif code == "49" or (
            code.isdigit() and (40 <= int(code) <= 47 or 100 <= int(code) <= 107)
        ):
            bg = code
        else:
            raise Unmodelled(params)
        pen = (fg, bg, frozenset(attrs))
    return pen


def render_pen(pen: Pen, old: Pen | None = None) -> str:
    """The shortest SGR sequence this writer knows that turns `old` (None: any) into `pen`.

    From a known style: the attributes turned off (`22`, `27`...), those turned on and the
    colours that changed; or a reset and the whole pen, when that is shorter (or `21`, whose
    meaning terminals disagree on, is involved).
    """
    fg, bg, attrs = pen
    codes = ["0", *sorted(attrs, key=int)]
    codes += [code for code in (fg, bg) if code not in ("39", "49")]
    full = f"\x1b[{';'.join(codes)}m"
    if old is None or "21" in old[2] | attrs:
        return full
    offs = sorted({_OFF[attr] for attr in old[2] - attrs}, key=int)
    cleared = {attr for off in offs for attr in _ATTR_OFF[off]}
    changes = offs + sorted((attrs - old[2]) | (attrs & cleared), key=int)
    changes += [new for new, was in ((fg, old[0]), (bg, old[1])) if new != was]
    short = f"\x1b[{';'.join(changes)}m" if changes else ""
    return short if len(short) <= len(full) else full


def terminal_erases(term: str | None) -> bool:
    """Whether a terminal erases with the current background (terminfo `bce`)."""
    if not term:
        return False
    try:
        import curses
    except ImportError:
        return False
    fd = os.open(os.devnull, os.O_WRONLY)
    try:
        curses.setupterm(term, fd)
        return bool(curses.tigetflag("bce") == 1)
    except curses.error:  # no terminfo entry for it: never erase
        return False
    finally:
        os.close(fd)
