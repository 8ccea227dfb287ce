"""`backprop-tutor progress`: show, reset, export and import a learner's progress.

    backprop-tutor progress [--json] [--learner ID]     a table (or JSON) of every lesson
    backprop-tutor progress --reset [LESSON] [--yes]    forget one lesson's progress, or all
    backprop-tutor progress export FILE                 write the progress as JSON (- = stdout)
    backprop-tutor progress import FILE                 merge an export into this learner's

Exit codes: 0 fine, 1 progress cannot be saved here, 2 usage error (e.g. `--reset` of a lesson
id neither the course nor the store knows) or a bad file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Collection, Mapping
from datetime import datetime
from pathlib import Path
from typing import TextIO

from tutor.progress import LessonProgress, ProgressError, ProgressStore
from tutor.textsafe import visible_controls

EXIT_OK, EXIT_NOT_SAVING, EXIT_USAGE = 0, 1, 2
ALL_LESSONS = "\0all"
"""The value of ``--reset`` given without a lesson id."""

LessonInfo = tuple[str, int, Collection[str]]
"""What the table needs to know about a lesson: title, number of pages, quiz ids."""


def add_progress_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``progress`` command (and its ``export``/``import`` actions) to a CLI."""
    parser = subparsers.add_parser(
        "progress",
        help="show, reset, export or import progress",
        description="Show the learner's progress; reset, export or import it.",
    )
    parser.add_argument("--json", action="store_true", help="print the progress as JSON")
    parser.add_argument("--learner", metavar="ID", help="whose progress (default: you)")
    parser.add_argument(
        "--reset",
        nargs="?",
        const=ALL_LESSONS,
        metavar="LESSON",
        help="forget the progress of LESSON (an id), or of every lesson",
    )
    parser.add_argument("--yes", action="store_true", help="reset without asking")
    actions = parser.add_subparsers(dest="progress_action", metavar="{export,import}")
    export = actions.add_parser("export", help="write the progress to FILE as JSON")
    export.add_argument("file", metavar="FILE", help="where to write (- for stdout)")
    import_ = actions.add_parser("import", help="merge progress exported on another machine")
    import_.add_argument("file", metavar="FILE", help="a file written by `progress export`")


def run_progress(args: argparse.Namespace, course: object | None) -> int:
    """Run ``backprop-tutor progress`` with parsed ``args``; returns the exit code.

    Args:
        args: From the parser built by :func:`add_progress_parser`.
        course: Gives the table titles and totals: a ``Course`` (anything with
            ``lessons_for(lang)`` returning lessons with ``id``, ``title``, ``pages`` and
            ``quizzes``), or a mapping lesson id -> (title, page count, quiz ids), or None.
    """
    store = ProgressStore.open(learner=getattr(args, "learner", None))
    try:
        if store.warning:
            print(store.warning, file=sys.stderr)
        action = getattr(args, "progress_action", None)
        reset = getattr(args, "reset", None)
        if action is None and reset not in (None, ALL_LESSONS):
            known = [*catalog(course, store.language()), *store.all_lessons()]
            if reset not in known:
                names = ", ".join(dict.fromkeys(known)) or "none"
                print(f"progress --reset: no lesson {reset!r}; known ids: {names}", file=sys.stderr)
                return EXIT_USAGE
        if action == "export":
            return _export(store, str(args.file))
        if action is not None or getattr(args, "reset", None) is not None:
            if not store.saving:
                print("progress: nothing changed, progress cannot be saved here", file=sys.stderr)
                return EXIT_NOT_SAVING
            if action == "import":
                return _import(store, str(args.file))
            return _reset(store, str(args.reset), bool(args.yes), sys.stdin)
        rows = progress_rows(store.all_lessons(), catalog(course, store.language()))
        if args.json:
            position = store.last_position()
            resume = {"lesson": position[0], "page": position[1]} if position else None
            report = {"learner": store.learner, "saving": store.saving, "resume": resume}
            print(json.dumps({**report, "lessons": rows}, ensure_ascii=False, indent=2))
        else:
            print(visible_controls(format_table(store.learner, rows)))  # ids may hold ESC
        return EXIT_OK
    finally:
        store.close()


def catalog(course: object | None, lang: str | None) -> dict[str, LessonInfo]:
    """Lesson id -> (title, page count, quiz ids), in course order, from whatever ``course`` is."""
    if course is None:
        return {}
    if isinstance(course, Mapping):
        return {str(key): (str(t), int(n), tuple(q)) for key, (t, n, q) in course.items()}
    lessons = course.lessons_for(lang)  # type: ignore[attr-defined]
    return {
        lesson.id: (lesson.title, len(lesson.pages), tuple(q.id for q in lesson.quizzes))
        for lesson in lessons
    }


def progress_rows(
    recorded: Mapping[str, LessonProgress], lessons: Mapping[str, LessonInfo]
) -> list[dict[str, object]]:
    """One row per lesson: the course's lessons in order, then recorded lessons it no longer has.

    Totals and ``done`` are None for a lesson the course does not have (or without a course).
    """
    rows: list[dict[str, object]] = []
    for lesson_id in [*lessons, *(key for key in recorded if key not in lessons)]:
        progress = recorded.get(lesson_id, LessonProgress(lesson_id))
        row: dict[str, object] = {"id": lesson_id, "title": None, "in_course": False}
        if lesson_id in lessons:
            title, pages, quizzes = lessons[lesson_id]
            summary = progress.summary(pages, quizzes)
            row.update(title=title, in_course=True, pages_seen=summary.pages_seen)
            row.update(pages_total=pages, quizzes_right=summary.quizzes_right)
            row.update(quizzes_total=summary.quizzes_total, done=summary.done)
        else:
            right = sum(progress.quizzes.values())
            row.update(pages_seen=len(progress.pages_seen), pages_total=None)
            row.update(quizzes_right=right, quizzes_total=None, done=None)
        row.update(last_page=progress.last_page, last_visited=progress.last_visited)
        row.update(attempts=progress.attempts)
        rows.append(row)
    return rows


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _local_time(stamp: object) -> str:
    if not isinstance(stamp, str):
        return ""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _fraction(done: object, total: object) -> str:
    return f"{done}/{total}" if total is not None else f"{done}"


def format_table(learner: str, rows: list[dict[str, object]]) -> str:
    """The rows as an aligned text table (CJK titles count two columns per character)."""
    if not rows:
        return f"No progress recorded for {learner} yet."
    header = ("LESSON", "TITLE", "PAGES", "QUIZZES", "DONE", "LAST VISITED")
    table = [header]
    for row in rows:
        title = str(row["title"]) if row["in_course"] else "(not in the course)"
        pages = _fraction(row["pages_seen"], row["pages_total"])
        quizzes = _fraction(row["quizzes_right"], row["quizzes_total"])
        done = "yes" if row["done"] else ""
        table.append(
            (str(row["id"]), title, pages, quizzes, done, _local_time(row["last_visited"]))
        )
    widths = [max(_width(line[i]) for line in table) for i in range(len(header))]
    lines = [f"Progress of {learner}"]
    for line in table:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(line)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _reset(store: ProgressStore, lesson: str, yes: bool, stdin: TextIO) -> int:
    what = "every lesson" if lesson == ALL_LESSONS else f"lesson {lesson!r}"
    if not yes:
        if not stdin.isatty():
            print("progress --reset: add --yes to reset without a terminal", file=sys.stderr)
            return EXIT_USAGE
        print(f"Reset progress for {what} of {store.learner}? [y/N] ", end="", flush=True)
        answer = stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            print("Nothing was reset.")
            return EXIT_OK
    store.reset(None if lesson == ALL_LESSONS else lesson)
    print(f"Reset progress for {what} of {store.learner}.")
    return EXIT_OK


def _export(store: ProgressStore, file: str) -> int:
    if not store.readable:  # an empty export would look like a backup and hold nothing
        message = "progress export: nothing exported, the progress file cannot be read"
        print(message, file=sys.stderr)
        return EXIT_NOT_SAVING
    text = json.dumps(store.export_data(), ensure_ascii=False, indent=2) + "\n"
    if file == "-":
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(file)
    partial = target.with_name(f".{target.name}.partial")
    try:  # write then rename: an interrupted export never leaves half a file under FILE
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
    except OSError as err:
        print(f"progress export: cannot write {file}: {err.strerror or err}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Exported the progress of {store.learner} to {file}.")
    return EXIT_OK


MAX_IMPORT_BYTES = 64 * 1024 * 1024
"""The largest file `progress import` reads (hundreds of thousands of attempts)."""


def _read_export(file: str) -> object:
    """The JSON in ``file``; raises OSError, ValueError (bad text or JSON) or ProgressError."""
    path = Path(file)
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise ProgressError(f"larger than {MAX_IMPORT_BYTES // 1024 // 1024} MB")
    text = path.read_text(encoding="utf-8")
    try:
        return json.loads(text)  # a number of over 4300 digits is a ValueError
    except RecursionError:
        raise ValueError("nested too deeply") from None


def reader_themes() -> Collection[str]:
    """The theme names the reader can show: Textual's built-in ones (it registers none)."""
    from textual.theme import BUILTIN_THEMES  # here: the other actions start without Textual

    return BUILTIN_THEMES.keys()


def _import(store: ProgressStore, file: str) -> int:
    try:
        data = _read_export(file)
        left_out = store.import_data(data, reader_themes())  # type: ignore[arg-type]  # validated
    except OSError as err:
        print(f"progress import: cannot read {file}: {err.strerror or err}", file=sys.stderr)
        return EXIT_USAGE
    except UnicodeDecodeError:
        print(f"progress import: {file}: not UTF-8 text", file=sys.stderr)
        return EXIT_USAGE
    except json.JSONDecodeError as err:
        print(f"progress import: {file}:{err.lineno}: not JSON: {err.msg}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as err:
        print(f"progress import: {file}: not JSON: {err}", file=sys.stderr)
        return EXIT_USAGE
    except ProgressError as err:
        print(f"progress import: {file}: {err}", file=sys.stderr)
        return EXIT_USAGE
    lessons = data["lessons"]  # type: ignore[index]
    print(f"Imported the progress of {len(lessons)} lesson(s) into {store.learner}'s.")
    if left_out is not None:  # the rest was imported: a theme is not worth refusing a file for
        theme = visible_controls(left_out[:40])
        print(
            f"progress import: {file}: no theme {theme!r} here; the theme was not imported",
            file=sys.stderr,
        )
    return EXIT_OK
