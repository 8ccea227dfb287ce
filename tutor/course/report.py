"""How `check` prints what it found: pointing text, one line per problem, JSON, GitHub annotations.

- `full` (the default in a terminal): each problem's `FILE:LINE: message`, then the offending
  line quoted with its number and a caret under the key or the expression's column, as compilers
  and ruff do; the summary last.
- `concise` (the default when the output is not a terminal): the contract's `FILE:LINE: message`,
  one line per problem, then the summary.
- `json`: one object with the problems (file, line, column, message), the counts and the summary.
- `github`: one `::error file=F,line=L,col=C::message` workflow command per problem, so a CI run
  annotates the pull request at the right line; the summary last.

A problem without a column of its own points at the first non-blank character of its line (for
a YAML line, the key).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

from tutor.course.check import CheckReport
from tutor.course.model import Problem
from tutor.course.parser import read_text

FORMATS = ("full", "concise", "json", "github")

LineSource = Callable[[str, int], str | None]
"""Gives a file's line (1-based) as text, or None when there is no such line or file."""


def file_lines() -> LineSource:
    """A `LineSource` reading lesson files as the parser does (BOM and CRLF removed), cached."""
    cache: dict[str, list[str] | None] = {}

    def line(file: str, number: int) -> str | None:
        if file not in cache:
            path = Path(file)
            text = read_text(path, []) if path.is_file() else None
            cache[file] = None if text is None else text.split("\n")
        lines = cache[file]
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1]

    return line


def render(report: CheckReport, form: str, lines: LineSource | None = None) -> str:
    """The whole output of `check` in one of `FORMATS` (ends with a newline)."""
    source = lines or file_lines()
    if form == "json":
        return as_json(report, source) + "\n"
    if form == "github":
        rows = [github_line(problem, source) for problem in report.problems]
    elif form == "full":
        rows = [pointed(problem, source) for problem in report.problems]
    else:
        rows = [str(problem) for problem in report.problems]
    return "".join(row + "\n" for row in [*rows, report.summary()])


def column_span(problem: Problem, text: str) -> tuple[int, int]:
    """The 1-based column to point at on the problem's line and how many characters to underline.

    The span covers the word (a key, a name, a number) starting at the column, else one
    character; without a column of its own the problem points at the line's first non-blank.
    """
    column = problem.column
    if not 1 <= column <= len(text):
        stripped = text.lstrip()
        column = len(text) - len(stripped) + 1 if stripped else 0
    if column == 0:
        return 0, 0
    first = text[column - 1]
    signed = first in "-\u2212" and text[column : column + 1].isdigit()
    if not (first.isalnum() or first == "_" or signed):
        return column, 1
    numeric = first.isdigit() or signed
    end = column
    while end < len(text) and (
        text[end].isalnum() or text[end] == "_" or (numeric and text[end] == ".")
    ):
        end += 1
    return column, end - (column - 1)


def _cells(text: str) -> int:
    """Terminal cells taken by a text (wide CJK characters take two, tabs shown as one space)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pointed(problem: Problem, lines: LineSource) -> str:
    """`FILE:LINE: message`, then the line quoted with a caret under the offending column."""
    text = lines(problem.file, problem.line)
    if text is None:
        return f"{problem}\n"
    shown = text.replace("\t", " ")
    column, width = column_span(problem, shown)
    gutter = " " * len(str(problem.line))
    rows = [str(problem), f"{gutter} |", f"{problem.line} | {shown}".rstrip()]
    if column:
        pad = " " * _cells(shown[: column - 1])
        rows.append(f"{gutter} | {pad}{'^' * _cells(shown[column - 1 : column - 1 + width])}")
    return "\n".join(rows) + "\n"


def effective_column(problem: Problem, lines: LineSource) -> int:
    """The problem's column, or the one its caret would point at (0 when none applies)."""
    text = lines(problem.file, problem.line)
    if text is None:
        return problem.column
    return column_span(problem, text)[0]


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(problem: Problem, lines: LineSource) -> str:
    """One GitHub Actions `::error` workflow command for a problem (escaped as GitHub asks)."""
    props = [f"file={_escape_property(problem.file)}", f"line={problem.line}"]
    column = effective_column(problem, lines)
    if column:
        props.append(f"col={column}")
    return f"::error {','.join(props)}::{_escape_data(problem.message)}"


def as_json(report: CheckReport, lines: LineSource) -> str:
    """The report as one JSON object (a column of null: none applies)."""
    problems = [
        {
            "file": problem.file,
            "line": problem.line,
            "column": effective_column(problem, lines) or None,
            "message": problem.message,
        }
        for problem in report.problems
    ]
    return json.dumps(
        {
            "ok": report.ok,
            "lessons": report.lessons,
            "widgets": report.widgets,
            "quizzes": report.quizzes,
            "problems": problems,
            "summary": report.summary(),
        },
        ensure_ascii=False,
        indent=2,
    )
