"""Read what a Pilot-driven app shows, as plain text lines."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.app import App


def screen_lines(app: App[Any]) -> list[str]:
    """The visible screen, one string per terminal row (trailing spaces removed)."""
    strips = app.screen._compositor.render_strips()
    return [strip.text.rstrip() for strip in strips]


def screen_text(app: App[Any]) -> str:
    """The visible screen as one string."""
    return "\n".join(screen_lines(app))


async def page_shown(app: App[Any], timeout: float = 10.0) -> None:
    """Wait until the lesson page asked for last is on screen (the screen's public signal).

    The lesson screen may be under a dialog (lesson list, help): it is found in the stack.
    """
    from tutor.screens.lesson import LessonScreen

    for screen in reversed(app.screen_stack):
        if isinstance(screen, LessonScreen):
            await asyncio.wait_for(screen.wait_until_shown(), timeout)
            return
