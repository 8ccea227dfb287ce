"""Limits per page, so that every page `check` accepts is on screen in well under a second.

Every widget, Markdown block and table cell becomes a Textual widget: a hostile lesson with
10,000 widgets on a page, or a 5,000-column table, took minutes and gigabytes before showing
anything. The parser calls `limit_pages` on every lesson: what a page holds past a limit is
replaced by one error box, with a `FILE:LINE` problem that `check` reports.

The limits leave room: the bundled course's busiest page has 3 widgets, 38 Markdown blocks,
20 table cells, 1,227 characters and a longest line of 155 characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt

from tutor.course.model import (
    Block,
    BrokenSpec,
    MarkdownBlock,
    Page,
    Problem,
    QuizSpec,
)

MAX_WIDGETS = 6
"""Widgets (neuron, curve, quiz, code cell) on one page."""
MAX_BLOCKS = 80
"""Markdown blocks (paragraphs, list items, headings, quotes, code blocks...) on one page."""
MAX_CELLS = 40
"""Table cells (header included) on one page."""
MAX_PAGE_CHARS = 20_000
"""Characters of lesson source on one page."""
MAX_LINE = 1000
"""Characters on one line of a lesson file."""

_markdown = MarkdownIt("commonmark", {"maxNesting": 40}).enable("table").disable("inline")
"""Block tokens only: blocks and table cells are all counted from them (half the time)."""
_SPLIT = "split it with a '## ' heading"
_LONG = f"a line longer than {MAX_LINE} characters; break it up"


@dataclass
class _Totals:
    widgets: int = 0
    blocks: int = 0
    cells: int = 0
    chars: int = 0


def _markdown_of(block: Block) -> list[str]:
    """The Markdown a block renders: its text, or a quiz's question, choices, hint, explain."""
    if isinstance(block, MarkdownBlock):
        return [block.text]
    if isinstance(block, QuizSpec):
        texts = [block.question, block.hint or "", block.explain or ""]
        for choice in block.choices:
            texts += [choice.text, choice.why or ""]
        return [text for text in texts if text]
    return []


def _parts(block: Block) -> list[tuple[str, int]]:
    """What a block puts on screen: ("block" or "cell", file line) for each Markdown token."""
    parts: list[tuple[str, int]] = []
    exact = isinstance(block, MarkdownBlock)  # a quiz's Markdown: its fence line
    for text in _markdown_of(block):
        line = block.line
        for token in _markdown.parse(text):
            if exact and token.map is not None:  # cells have none: their row's line
                line = block.line + token.map[0]
            if token.type in ("th_open", "td_open"):
                parts.append(("cell", line))
            elif token.nesting == 1 or (token.nesting == 0 and token.type != "inline"):
                parts.append(("block", line))
    return parts


def _over(totals: _Totals) -> str | None:
    """Which limit the page's totals exceed, as the end of a problem message."""
    if totals.widgets > MAX_WIDGETS:
        return f"more than {MAX_WIDGETS} widgets on one page; {_SPLIT}"
    if totals.blocks > MAX_BLOCKS:
        return f"more than {MAX_BLOCKS} paragraphs, list items or other blocks; {_SPLIT}"
    if totals.cells > MAX_CELLS:
        return f"more than {MAX_CELLS} table cells on one page; make the table smaller"
    if totals.chars > MAX_PAGE_CHARS:
        return f"more than {MAX_PAGE_CHARS:,} characters on one page; {_SPLIT}"
    return None


def _long_line(lines: list[str], first: int, end: int) -> int | None:
    """The file line number of the first line over MAX_LINE characters in [first, end)."""
    for number in range(first, end):
        if len(lines[number - 1]) > MAX_LINE:
            return number
    return None


def limit_pages(
    pages: tuple[Page, ...], lines: list[str], name: str, problems: list[Problem]
) -> tuple[Page, ...]:
    """Pages within the limits: what exceeds one becomes an error box with a problem.

    Args:
        pages: The parsed pages, in file order.
        lines: The lesson file's lines (block `line`s are 1-based indexes into them).
        name: The file name, for problems.
        problems: Where problems are added.
    """
    starts = [block.line for page in pages for block in page.blocks]
    ends = iter([*starts[1:], len(lines) + 1])
    head = _long_line(lines, 1, starts[0] if starts else len(lines) + 1)
    limited: list[Page] = []
    for page in pages:
        kept: list[Block] = []
        if head is not None:  # in the front matter or the first heading
            kept.append(_broken(name, head, _LONG, problems))
            head = None
        spans = [(block, max(next(ends), block.line + 1)) for block in page.blocks]
        kept += _limit_page(spans, lines, name, problems)
        title = page.title if page.title is None else page.title[:MAX_LINE]
        limited.append(Page(title, tuple(kept)))
    return tuple(limited)


def _limit_page(
    spans: list[tuple[Block, int]], lines: list[str], name: str, problems: list[Problem]
) -> list[Block]:
    """One page's blocks (each with the line after its source) within the limits."""
    totals = _Totals()
    kept: list[Block] = []
    for block, end in spans:
        if isinstance(block, BrokenSpec):  # an error box already, whatever its source holds
            kept.append(block)
            continue
        too_long = _long_line(lines, block.line, end)
        if too_long is not None:
            kept.append(_broken(name, too_long, _LONG, problems))
            continue
        if not isinstance(block, MarkdownBlock):
            totals.widgets += 1
        totals.chars += sum(len(line) + 1 for line in lines[block.line - 1 : end - 1])
        reason, where = _over(totals), block.line
        for kind, line in _parts(block) if reason is None else ():
            totals.blocks += kind == "block"
            totals.cells += kind == "cell"
            reason, where = _over(totals), line
            if reason is not None:
                break
        if reason is not None:
            kept.append(_broken(name, where, reason, problems))
            break
        kept.append(block)
    return kept


def _broken(name: str, line: int, message: str, problems: list[Problem]) -> BrokenSpec:
    problem = Problem(name, line, message)
    problems.append(problem)
    return BrokenSpec("page", problem, line)
