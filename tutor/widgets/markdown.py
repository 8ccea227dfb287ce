"""LessonMarkdown: the Markdown widget used for every prose block of a lesson.

Two differences from `textual.widgets.Markdown`:

- Links are shown, never opened: the app may run on a server (SSH, web), where opening a URL
  would launch a program on the server. Activating a link shows its address in a notification.
- Paragraphs holding Chinese (or other CJK) text wrap between CJK characters, with closing
  punctuation never starting a line (see `tutor.widgets.cjk` and
  docs/decisions/003-cjk-line-breaking.md).
- A code block without a language is shown as plain text. Textual would ask Pygments to guess
  the language, which imports every lexer (~0.2 s on the first page that has one) and may
  colour a formula as some unrelated language.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from markdown_it import MarkdownIt
from textual.await_complete import AwaitComplete
from textual.content import Content, Span, _FormattedLine
from textual.css.styles import RulesMap
from textual.css.types import TextAlign, TextOverflow
from textual.selection import Selection
from textual.style import Style
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownParagraph  # not exported; see architecture.md
from textual.widgets.markdown import MarkdownFence

from tutor.widgets.chrome import learner_words
from tutor.widgets.cjk import break_offsets, has_cjk, minimal_width


class CJKContent(Content):
    """Content that wraps with `tutor.widgets.cjk.break_offsets` instead of at spaces only.

    Only the wrapping changes: the text, the spans (links, emphasis) and the offsets that map
    the screen back to the text (mouse selection, copying) are those of the original content.
    """

    @classmethod
    def of(cls, content: Content) -> CJKContent:
        """Wrap existing content, keeping its text and spans.

        Args:
            content: The content of a paragraph.

        Returns:
            The same content, wrapped the CJK way.
        """
        return cls(content.plain, list(content.spans), strip_control_codes=False)

    def get_minimal_width(self, rules: RulesMap) -> int:
        """The widest unbreakable piece (an English word), not the longest Chinese run."""
        return minimal_width(self.plain) + rules.get("line_pad", 0) * 2

    def get_height(self, rules: RulesMap, width: int) -> int:
        """The number of lines at `width`, wrapped the CJK way.

        Args:
            rules: The widget's style rules.
            width: The width in cells.

        Returns:
            A height in lines.
        """
        line_pad = rules.get("line_pad", 0) * 2
        no_wrap = rules.get("text_wrap", "wrap") == "nowrap"
        overflow = rules.get("text_overflow", "fold")
        return len(self._wrap_and_format(width - line_pad, overflow=overflow, no_wrap=no_wrap))

    def _wrap_and_format(
        self,
        width: int,
        align: TextAlign = "left",
        overflow: TextOverflow = "fold",
        no_wrap: bool = False,
        line_pad: int = 0,
        tab_size: int = 8,
        selection: Selection | None = None,
        selection_style: Style | None = None,
        post_style: Style | None = None,
        get_style: Callable[[str | Style], Style] = Style.parse,  # type: ignore[assignment]
    ) -> list[_FormattedLine]:
        # This follows textual 8.2.8's Content._wrap_and_format (textual is pinned), with the
        # break positions computed by the CJK rules instead of rich's divide_line.
        if no_wrap:
            return super()._wrap_and_format(
                width,
                align,
                overflow,
                no_wrap,
                line_pad,
                tab_size,
                selection,
                selection_style,
                post_style,
                get_style,
            )
        output: list[_FormattedLine] = []
        for y, line in enumerate(self.split(allow_blank=True)):
            if post_style is not None:
                line = line.stylize(post_style)
            if selection is not None and selection_style is not None:
                span = selection.get_span(y)
                if span is not None:
                    start, end = span
                    line = line.stylize(
                        selection_style, start, len(line.plain) if end == -1 else end
                    )
            line = line.expand_tabs(tab_size)
            offsets = break_offsets(line.plain, width - line_pad * 2)
            ellipsis = overflow == "ellipsis"
            divided = line.divide(offsets)
            last = len(divided) - 1
            pieces = [
                (piece if index == last else piece.rstrip()).truncate(width, ellipsis=ellipsis)
                for index, piece in enumerate(divided)
            ]
            new_lines = [
                _FormattedLine(
                    get_style,
                    piece.rstrip_end(width).pad(line_pad, line_pad),
                    width,
                    offset,
                    y,
                    align=align,
                )
                for piece, offset in zip(pieces, [0, *offsets], strict=True)
            ]
            new_lines[-1].line_end = True
            output.extend(new_lines)
        return output


class LessonParagraph(MarkdownParagraph):
    """A Markdown paragraph that wraps CJK text between characters."""

    def set_content(self, content: Content) -> None:
        """Show the paragraph's content, CJK-wrapped when it holds CJK text.

        Args:
            content: The paragraph's inline content (text, links, emphasis).
        """
        self._content = content
        self.update(CJKContent.of(content) if has_cjk(content.plain) else content)


class LessonFence(MarkdownFence):
    """A code block (fenced or indented) highlighted in its language, or as plain text."""

    @classmethod
    def highlight(cls, code: str, language: str, ansi: bool = False, dark: bool = False) -> Content:
        """Highlight code in its stated language; with none, as plain text (no guessing).

        Args:
            code: The block's code.
            language: The language after the opening fence ("" when none is given).
            ansi: Use the terminal's ANSI colours.
            dark: Use the dark highlight theme.

        Returns:
            The highlighted code.
        """
        return super().highlight(code, language or "text", ansi=ansi, dark=dark)


class LessonMarkdown(Markdown):
    """Markdown for lesson prose: links are shown, not opened; Chinese wraps well.

    The widget is safe on its own (it never calls `App.open_url`), whatever the app does.
    """

    BLOCKS = {
        **Markdown.BLOCKS,
        "paragraph_open": LessonParagraph,
        "fence": LessonFence,
        "code_block": LessonFence,
    }
    """Markdown's block widgets, with paragraphs replaced by the CJK-aware one and code blocks by
    one that never guesses a language."""

    def __init__(
        self,
        markdown: str | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create the widget.

        Args:
            markdown: The Markdown text.
            name: The name of the widget.
            id: The ID of the widget in the DOM.
            classes: The CSS classes of the widget.
        """
        super().__init__(markdown, name=name, id=id, classes=classes, open_links=False)
        self._loaded = asyncio.Event()

    def on_markdown_table_of_contents_updated(self, event: Markdown.TableOfContentsUpdated) -> None:
        """Markdown posts this once a document's blocks are mounted: the text is in place."""
        self._loaded.set()

    async def wait_loaded(self) -> None:
        """Return once the Markdown given to the widget is parsed and its blocks are mounted.

        The lesson screen waits for this before it shows a new page, so a page never appears
        without its text.
        """
        await self._loaded.wait()

    def update(self, markdown: str) -> AwaitComplete:
        """Replace the document; `wait_loaded` then waits for the new one."""
        self._loaded.clear()
        return super().update(markdown)

    @property
    def BULLETS(self) -> list[str]:  # type: ignore[override]
        """List bullets: ASCII ones under `--ascii` (the app's `-ascii` class)."""
        return ["* ", "- ", "+ "] if self.app.has_class("-ascii") else Markdown.BULLETS

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        """Show the link's address instead of opening it.

        Args:
            event: The click (mouse or keyboard) on a link.
        """
        event.stop()
        self.notify(event.href, title=learner_words(self.app, "Link (not opened)"), markup=False)


_INLINE_STYLES = {"em": "italic", "strong": "bold", "s": "strike"}
"""Markdown inline markup and the style each gets in one-line text (choices, verdicts)."""


def inline_content(text: str) -> Content:
    """One line of inline Markdown (`*em*`, `**strong**`, `` `code` ``) as styled Content.

    For short texts shown in a line of a widget (a quiz choice), where a Markdown widget
    would be too much. Anything else (links, HTML) is shown as its text.

    Args:
        text: The Markdown source, on one or more lines (joined with spaces).

    Returns:
        The text without the markup characters, with its styles as spans.
    """
    tokens = MarkdownIt("commonmark").parseInline(" ".join(text.split()))
    plain: list[str] = []
    spans: list[Span] = []
    opened: dict[str, list[int]] = {}
    offset = 0
    for child in (tokens[0].children or []) if tokens else []:
        tag = child.tag
        if child.type.endswith("_open") and tag in _INLINE_STYLES:
            opened.setdefault(tag, []).append(offset)
        elif child.type.endswith("_close") and opened.get(tag):
            spans.append(Span(opened[tag].pop(), offset, _INLINE_STYLES[tag]))
        elif child.type == "code_inline":
            spans.append(Span(offset, offset + len(child.content), "bold"))
            plain.append(child.content)
            offset += len(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            plain.append(" ")
            offset += 1
        elif child.content:
            plain.append(child.content)
            offset += len(child.content)
    return Content("".join(plain), spans)
