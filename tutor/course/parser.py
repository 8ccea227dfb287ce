"""Lesson files into the model: front matter, pages at `##`, directives into typed specs.

`parse_lesson` never raises for bad content: whatever a file holds (binary junk, invalid UTF-8,
a huge file, YAML bombs, hostile expressions), problems are collected as `FILE:LINE: message`,
broken directives become `BrokenSpec`, and the rest of the lesson still works.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from markdown_it import MarkdownIt

from tutor.course import directives, prose
from tutor.course.fields import Fields
from tutor.course.guard import visible_lesson_text, visible_yaml
from tutor.course.limits import limit_pages
from tutor.course.model import (
    BUNDLED_COURSE,
    Block,
    BrokenSpec,
    CodeSpec,
    Course,
    Lesson,
    MarkdownBlock,
    Page,
    Problem,
)
from tutor.course.yamlsafe import Located, YamlError, load

MAX_BYTES = 1_000_000
"""Lesson files larger than this are refused (1 MB is hundreds of pages)."""

FRONT_MATTER_KEYS = ("title", "id", "summary", "course", "lang")
LANGS = ("en", "zh")
"""The languages a lesson's `lang:` key may name (the reader's own words exist in these)."""
WIDGET_KINDS = ("neuron", "curve", "quiz")
NUMBER_PREFIX = re.compile(r"^\d+-")

_markdown = MarkdownIt("commonmark", {"maxNesting": 40}).enable("table").disable("inline")
"""Block structure only: headings and fences are what pages need (an inline token's `content`
is set by the block rules; its children, never read here, by the skipped inline rule)."""


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """A lesson file's text, or None with a problem (too large, binary, not UTF-8, unreadable)."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            shown = math.ceil(size / 10_000) / 100  # rounded up: never "1.0 MB, at most 1 MB"
            problems.append(
                Problem(
                    name,
                    1,
                    f"file is too large ({shown:.2f} MB; "
                    f"a lesson may be at most {MAX_BYTES // 1_000_000} MB)",
                )
            )
            return None
        data = path.read_bytes()
    except OSError as error:
        problems.append(Problem(name, 1, f"cannot read the file: {error.strerror or error}"))
        return None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        problems.append(Problem(name, line, "not a text file (it holds NUL bytes)"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(Problem(name, line, f"not UTF-8: invalid byte 0x{data[error.start]:02x}"))
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return visible_lesson_text(text, name, problems)


def _front_matter(
    lines: list[str], name: str, problems: list[Problem]
) -> tuple[dict[str, Located], int]:
    """The front matter mapping and the number of lines it takes (0 when there is none)."""
    if not lines or lines[0].strip() != "---":
        problems.append(
            Problem(name, 1, "missing front matter (a '---' line, 'title: ...', '---')")
        )
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        problems.append(Problem(name, 1, "front matter is not closed by a '---' line"))
        return {}, 0
    try:
        body = load("\n".join(lines[1:end]))
    except YamlError as error:
        problems.append(
            Problem(name, error.line + 2, f"front matter: {error.message}", error.column + 1)
        )
        return {}, end + 1
    body = visible_yaml(body, 2, name, problems)
    if body is None or not isinstance(body.value, dict):
        problems.append(Problem(name, 1, "front matter must be a YAML mapping with a 'title'"))
        return {}, end + 1
    return body.value, end + 1


def _meta(
    path: Path, lines: list[str], problems: list[Problem]
) -> tuple[str, str, str | None, int, tuple[str | None, int], str | None]:
    name = str(path)
    mapping, skip = _front_matter(lines, name, problems)
    fields = Fields(mapping, file=name, offset=2, line=1, problems=problems)
    fields.check_keys(FRONT_MATTER_KEYS, "the front matter")
    title = (
        fields.text("title") if mapping and fields.require("title", "the front matter") else None
    )
    lesson_id = fields.text("id") or NUMBER_PREFIX.sub("", path.stem)
    summary = fields.text("summary")
    summary = prose.strip_annotations(summary) if summary else None
    course = (fields.text("course"), fields.line_of("course") if fields.has("course") else 0)
    title = prose.strip_annotations(title) if title else lesson_id
    lang = fields.text("lang")
    if lang is not None and lang not in LANGS:
        known = ", ".join(LANGS)
        problems.append(Problem(name, fields.line_of("lang"), f"lang: {lang!r} (known: {known})"))
        lang = None
    return lesson_id, title, summary, skip, course, lang


def text_language(text: str) -> str:
    """`zh` for a mostly Chinese text (at least one CJK character for two Latin letters: a
    character carries about a word), else `en`."""
    cjk = sum(1 for char in text if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf")
    latin = sum(1 for char in text if char.isascii() and char.isalpha())
    return "zh" if cjk and 2 * cjk >= latin else "en"


def parse_lesson(path: Path, lang: str | None = None) -> Lesson:
    """Parse one lesson file; problems are collected in `Lesson.problems`, never raised."""
    problems: list[Problem] = []
    text = read_text(path, problems)
    if text is None:
        lesson_id = NUMBER_PREFIX.sub("", path.stem)
        return Lesson(lesson_id, lesson_id, path, (), None, lang, tuple(problems))
    lines = text.split("\n")
    lesson_id, title, summary, skip, (course, course_line), declared = _meta(path, lines, problems)
    lang = lang or declared  # a language folder's name wins
    # Blank the front matter so markdown-it's line numbers are the file's line numbers.
    body = "\n" * skip + "\n".join(lines[skip:])
    pages = limit_pages(_pages(body, str(path), problems), lines, str(path), problems)
    _check_unique_ids(pages, str(path), problems)
    return Lesson(
        lesson_id, title, path, pages, summary, lang, tuple(problems), course, course_line
    )


def _pages(body: str, name: str, problems: list[Problem]) -> tuple[Page, ...]:
    lines = body.split("\n")
    pages: list[Page] = []
    title: str | None = None
    blocks: list[Block] = []
    start = 0  # first line of the pending Markdown text

    def flush_text(end: int) -> None:
        raw = "\n".join(lines[start:end])
        chunk = raw.strip("\n")
        if chunk.strip():
            leading = len(raw) - len(raw.lstrip("\n"))
            blocks.append(MarkdownBlock(prose.strip_annotations(chunk), start + leading + 1))

    tokens = _markdown.parse(body)
    for index, token in enumerate(tokens):
        if token.map is None:
            continue
        first, last = token.map
        if token.type == "heading_open" and token.tag == "h2" and token.level == 0:
            flush_text(first)
            if blocks or title is not None:
                pages.append(Page(title, tuple(blocks)))
            title, blocks, start = (
                prose.strip_annotations(tokens[index + 1].content).strip(),
                [],
                first,
            )
        elif token.type == "fence":
            kind = _directive_kind(token.info)
            if kind is None:
                continue
            if token.level > 0:
                problems.append(
                    Problem(
                        name,
                        first + 1,
                        f"a {kind} must stand at the top level "
                        "of the page, not inside a list or quote",
                    )
                )
                continue
            flush_text(first)
            blocks.append(_directive(kind, token.content, first + 1, name, problems))
            start = last
    flush_text(len(lines))
    if blocks or title is not None:
        pages.append(Page(title, tuple(blocks)))
    if not pages:
        problems.append(Problem(name, 1, "the lesson has no content after its front matter"))
    return tuple(pages)


def _directive_kind(info: str) -> str | None:
    words = info.split()
    if not words:
        return None
    if words[0] in WIDGET_KINDS:
        return words[0]
    if words[0] == "python" and words[1:2] == ["run"]:
        return "python run"
    return None


def _directive(
    kind: str, content: str, fence_line: int, name: str, problems: list[Problem]
) -> Block:
    if kind == "python run":
        if not content.strip():
            problem = Problem(name, fence_line, "a python run cell is empty")
            problems.append(problem)
            return BrokenSpec(kind, problem, fence_line)
        return CodeSpec(content, fence_line)
    try:
        body = load(prose.strip_annotations(content))  # same lines: annotations never span one
    except YamlError as error:
        problem = Problem(
            name, fence_line + 1 + error.line, f"{kind}: {error.message}", error.column + 1
        )
        problems.append(problem)
        return BrokenSpec(kind, problem, fence_line)
    body = visible_yaml(body, fence_line + 1, name, problems)  # reported, the widget still works
    before = len(problems)
    fields = directives.located_fields(
        body, file=name, offset=fence_line + 1, fence_line=fence_line, kind=kind, problems=problems
    )
    spec = None
    if fields is not None:
        build = {
            "neuron": directives.neuron_spec,
            "curve": directives.curve_spec,
            "quiz": directives.quiz_spec,
        }[kind]
        spec = build(fields)
    if spec is None or len(problems) > before:
        if len(problems) == before:  # pragma: no cover - a builder returned None silently
            problems.append(Problem(name, fence_line, f"{kind}: invalid"))
        return BrokenSpec(kind, problems[before], fence_line)
    return spec


def _check_unique_ids(pages: tuple[Page, ...], name: str, problems: list[Problem]) -> None:
    seen: dict[str, int] = {}
    for page in pages:
        for block in page.blocks:
            widget_id = getattr(block, "id", None)
            if not isinstance(widget_id, str):
                continue
            line = getattr(block, "id_line", 0) or getattr(block, "line", 0)
            if widget_id in seen:
                problems.append(
                    Problem(
                        name,
                        line,
                        f"duplicate id '{widget_id}' (first used at line {seen[widget_id]})",
                    )
                )
            else:
                seen[widget_id] = line


def _lesson_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix == ".md" and p.is_file())


def load_course(path: Path) -> Course:
    """Load a course: a lesson file, a folder of lessons, or a folder of language folders.

    A folder of language folders is parsed one language at a time, on first use (see
    `LazyLessons`): the reader's first page needs only its own language.
    """
    if path.is_file():  # one lesson, in its own language (`lang:`, else its text's)
        lesson = parse_lesson(path)
        if lesson.lang is None:
            text = read_text(path, [])
            lesson = dataclasses.replace(lesson, lang=text_language(text or ""))
        return _keyed(Course(path.parent, {lesson.lang: (lesson,)}), path)
    if not path.is_dir():
        problem = Problem(str(path), 1, "no such lesson file or folder")
        return Course(path, {}, (problem,))
    direct = _lesson_files(path)
    if direct:
        return _keyed(Course(path, {None: tuple(parse_lesson(p) for p in direct)}), path)
    files: dict[str | None, list[Path]] = {}
    for folder in sorted(p for p in path.iterdir() if p.is_dir()):
        found = _lesson_files(folder)
        if found:
            files[folder.name] = found
    if not files:
        problem = Problem(str(path), 1, "no lessons here (no .md files, nor language folders)")
        return Course(path, {}, (problem,))
    return _keyed(Course(path, LazyLessons(files)), path)


class LazyLessons(Mapping[str | None, tuple[Lesson, ...]]):
    """A course's lessons by language, each language parsed when it is first looked up.

    The languages (keys) are known without parsing; `in`, `len` and iteration parse nothing.
    """

    def __init__(self, files: Mapping[str | None, Sequence[Path]]) -> None:
        self._files = {lang: tuple(paths) for lang, paths in files.items()}
        self._parsed: dict[str | None, tuple[Lesson, ...]] = {}

    def __getitem__(self, lang: str | None) -> tuple[Lesson, ...]:
        if lang not in self._parsed:
            paths = self._files[lang]  # KeyError for a language the course does not have
            self._parsed[lang] = tuple(parse_lesson(p, lang) for p in paths)
        return self._parsed[lang]

    def __contains__(self, lang: object) -> bool:
        return lang in self._files

    def __iter__(self) -> Iterator[str | None]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def __repr__(self) -> str:
        parsed = ", ".join(str(lang) for lang in self._parsed) or "none"
        return f"LazyLessons({list(self._files)}, parsed: {parsed})"

    def files(self) -> Iterator[tuple[str | None, Path]]:
        """Every lesson file with its language, in course order (nothing is parsed)."""
        for lang in sorted(self._files, key=lambda lang: lang or ""):
            for path in self._files[lang]:
                yield lang, path


def _keyed(course: Course, path: Path) -> Course:
    """``course`` with its progress key (see `Course.key`); lessons that disagree on their
    `course:` key are a problem (the first one wins). Lazy lessons are not parsed for it: only
    their front matter is read."""
    problems = list(course.problems)
    named = [entry for entry in _course_keys(course) if entry[1]]
    for file, value, line in named[1:]:
        if value != named[0][1]:
            problems.append(
                Problem(
                    str(file),
                    line,
                    f"course: {value!r} differs from {named[0][1]!r} "
                    f"in {named[0][0].name}; one course has one key",
                )
            )
    if named:
        key = str(named[0][1])
    elif path.resolve() == bundled_lessons().resolve():
        key = BUNDLED_COURSE
    else:
        key = str(path.resolve())
    return dataclasses.replace(course, problems=tuple(problems), key=key)


def _course_keys(course: Course) -> Iterator[tuple[Path, str | None, int]]:
    """Each lesson's file, `course:` value and its line, in course order."""
    if not isinstance(course.lessons, LazyLessons):
        for lang in course.languages:
            for lesson in course.lessons[lang]:
                yield lesson.path, lesson.course, lesson.course_line
        return
    for _lang, file in course.lessons.files():
        text = read_text(file, [])
        if text is None:
            yield file, None, 0  # parse_lesson gives such a lesson no course either
            continue
        _id, _title, _summary, _skip, (value, line), _lang = _meta(file, text.split("\n"), [])
        yield file, value, line


def bundled_lessons() -> Path:
    """The course shipped with the package (in the wheel) or beside it (in a checkout)."""
    package = Path(__file__).resolve().parent.parent
    shipped = package / "_lessons"
    return shipped if shipped.is_dir() else package.parent / "lessons"


@functools.cache
def bundled_course() -> Course:
    """The bundled course, parsed once per process.

    A forking SSH server calls it before it forks, so each learner's reader starts with the
    course already parsed.
    """
    return load_course(bundled_lessons())
