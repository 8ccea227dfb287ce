"""Every text/background pair of the reader's own chrome reaches 4.5:1 (WCAG) in every theme.

The colours are the resolved styles of the widgets on screen (lesson header, page number,
footer keys and words, focused and unfocused widget border titles, quiz feedback), composited
over their backgrounds, under each of Textual's built-in themes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from screen_text import first_page_with, page_shown
from test_terminals import course, new_app
from textual.app import App
from textual.color import Color
from textual.widget import Widget
from textual.widgets._footer import FooterKey

from tutor.course.model import Course, MarkdownBlock, NeuronSpec, QuizSpec

__all__ = ["course"]  # the module-scoped fixture, shared with test_terminals

THEMES = sorted(name for name in App().available_themes if not name.startswith("ansi-"))
"""Textual's built-in themes; the ansi ones use the terminal's own palette (nothing to compute:
the chrome's reverse video keeps them readable)."""


def luminance(color: Color) -> float:
    """WCAG relative luminance of an opaque colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(foreground: Color, background: Color) -> float:
    """WCAG contrast ratio of `foreground` (alpha composited) over opaque `background`."""
    shown = background + foreground
    light, dark = sorted((luminance(shown), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_pair(widget: Widget) -> tuple[Color, Color]:
    """A widget's text colour and the opaque background under it."""
    _, _, background, color = widget.colors
    return color, background


def title_pair(widget: Widget) -> tuple[Color, Color]:
    """A widget's border title colour and the background under it."""
    background = widget.colors[2]
    color, title_background, _ = widget._get_title_style_information(background)
    if not color.a:  # no title colour: Textual draws the title in the border's colour
        color = widget.styles.border_top[1]
    return color, background + title_background


def footer_pairs(key: FooterKey) -> Iterator[tuple[str, Color, Color]]:
    """A footer key's key and description colours over their backgrounds."""
    background = key.colors[2]
    for part in ("footer-key--key", "footer-key--description"):
        styles = key.get_component_styles(part)
        under = background + styles.background
        yield part, styles.color, under


async def chrome_pairs(app: App[Any]) -> list[tuple[str, Color, Color]]:
    """Every chrome text/background pair on screen now."""
    screen = app.screen
    pairs = [
        (f"#{name}", *text_pair(screen.query_one(f"#{name}")))
        for name in ("lesson-title", "page-number")
    ]
    for key in screen.query(FooterKey):
        pairs.extend((f"footer {key.key} {part}", fg, bg) for part, fg, bg in footer_pairs(key))
    for widget in screen.query("Neuron, Curve, Quiz, CodeCell"):
        if widget.border_title:
            pairs.append((f"{type(widget).__name__} title", *title_pair(widget)))
    for feedback in screen.query("#quiz-feedback"):
        if feedback.display:
            pairs.append(("quiz feedback", *text_pair(feedback)))
    return pairs


@pytest.mark.parametrize("theme", THEMES)
async def test_chrome_contrast(course: Course, theme: str) -> None:
    app = new_app(course, lang="en", lesson="neuron")
    low: list[str] = []
    seen: set[str] = set()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        steps = (
            (first_page_with(course, "en", "neuron", MarkdownBlock), ()),
            (first_page_with(course, "en", "neuron", NeuronSpec), ("tab",)),
            (first_page_with(course, "en", "neuron", QuizSpec), ("tab", "1", "enter")),
        )
        for position, keys in steps:
            app.reader.go_to(position)
            await page_shown(app)
            await pilot.press(*keys)
            await pilot.pause()
            for what, fg, bg in await chrome_pairs(app):
                seen.add(what.split()[0])
                ratio = contrast(fg, bg)
                if ratio < 4.5:
                    low.append(f"{what}: {fg.hex} on {bg.hex} = {ratio:.2f}")
    assert not low, f"{theme}: " + "; ".join(sorted(set(low)))
    assert {"#lesson-title", "#page-number", "footer", "Neuron", "quiz"} <= seen, seen


def test_contrast_formula() -> None:
    assert contrast(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21)
    assert contrast(Color(0x1F, 0x1F, 0x1F), Color(0x00, 0x45, 0x78)) == pytest.approx(1.67, 0.01)
