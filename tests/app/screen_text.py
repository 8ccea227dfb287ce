"""Read what a Pilot-driven app shows, as plain text lines."""

from __future__ import annotations

from typing import Any

from textual.app import App


def screen_lines(app: App[Any]) -> list[str]:
    """The visible screen, one string per terminal row (trailing spaces removed)."""
    strips = app.screen._compositor.render_strips()
    return [strip.text.rstrip() for strip in strips]


def screen_text(app: App[Any]) -> str:
    """The visible screen as one string."""
    return "\n".join(screen_lines(app))
