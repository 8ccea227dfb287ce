"""Pilot tests for LessonMarkdown: Chinese paragraphs wrap well, links are shown not opened."""

from __future__ import annotations

import webbrowser

import pytest
import textual.highlight
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Label

from tutor.widgets.cjk import CLOSING, wrap_lines
from tutor.widgets.markdown import CJKContent, LessonFence, LessonMarkdown, LessonParagraph

MIXED = "我们想让输出 f(a,b)=a·b 变大，所以要改变输入 a 和 b，让 output 增加。" * 3
LINKED = "Read [the article](https://karpathy.github.io/neuralnets/) first."


class MarkdownApp(App[None]):
    """One LessonMarkdown."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield LessonMarkdown(self.text)


def rendered_lines(paragraph: LessonParagraph) -> list[str]:
    """The text of the paragraph as drawn on the screen, one string per row."""
    width, height = paragraph.size
    strips = paragraph.render_lines(Region(0, 0, width, height))
    return [strip.text.rstrip() for strip in strips]


@pytest.mark.parametrize("app_width", (40, 60, 80))
async def test_chinese_paragraph_fills_its_lines(app_width: int) -> None:
    app = MarkdownApp(MIXED)
    async with app.run_test(size=(app_width, 30)) as pilot:
        await pilot.pause()
        paragraph = app.query_one(LessonParagraph)
        assert isinstance(paragraph.visual, CJKContent)
        width = paragraph.content_region.width
        lines = rendered_lines(paragraph)
        assert lines == wrap_lines(MIXED, width)  # the height fits the CJK wrapping exactly
        assert "".join(lines).replace(" ", "") == MIXED.replace(" ", "")
        for line in lines[:-1]:
            # Short only by the widest piece that may not be split: "f(a,b)=a·b" and a space.
            assert width - 11 <= cell_len(line) <= width, line
        assert sum(cell_len(line) for line in lines[:-1]) >= (width - 3) * (len(lines) - 1)
        assert not any(line[0] in CLOSING for line in lines)


async def test_english_paragraph_wraps_as_textual_does() -> None:
    text = "The gradient tells each input which way to move, and how much, to raise the output."
    app = MarkdownApp(text)
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        paragraph = app.query_one(LessonParagraph)
        visual = paragraph.visual
        assert type(visual) is Content  # no CJK: Textual's own wrapping
        width = paragraph.content_region.width
        assert rendered_lines(paragraph) == [line.plain.rstrip() for line in visual.wrap(width)]


async def test_link_is_shown_not_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> bool:
        raise AssertionError("a link was opened")

    monkeypatch.setattr(webbrowser, "open", refuse)
    app = MarkdownApp(LINKED)
    monkeypatch.setattr(app, "open_url", refuse)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        paragraph = app.query_one(LessonParagraph)
        await pilot.click(LessonParagraph, offset=(8, 0))  # on "the article"
        await pilot.pause()
        messages = [notification.message for notification in app._notifications]
        assert messages == ["https://karpathy.github.io/neuralnets/"]
        assert "the article" in rendered_lines(paragraph)[0]


FORMULA = "Nudge each input:\n\n    a ← a + step · ∂f/∂a\n\nThen:\n\n```python\nprint(a * b)\n```\n"


async def test_code_without_a_language_is_plain_text_never_guessed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_guessing(code: str, path: str | None = None) -> str:
        raise AssertionError("the language was guessed")

    monkeypatch.setattr(textual.highlight, "guess_language", no_guessing)
    app = MarkdownApp(FORMULA)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        formula, code = app.query(LessonFence)
        assert formula.code == "a ← a + step · ∂f/∂a"
        assert "a ← a + step · ∂f/∂a" in str(formula.query_one(Label).render())
        assert {span.style for span in formula._highlighted_code.spans} == {"$text"}  # no colours
        assert len({span.style for span in code._highlighted_code.spans}) > 1  # python: coloured
