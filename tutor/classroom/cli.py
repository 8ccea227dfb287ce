"""`backprop-tutor class [PATH] [--home DIR] [--json | --csv [--table T]]`.

Reads the progress file the server writes (the same data folder: `BACKPROP_TUTOR_HOME` or
`--home`), read-only. On a terminal it opens the live screen; `--json` and `--csv` are for
scripts and spreadsheets. Exit codes: 0 fine, 2 a usage error or an unreadable file.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from tutor.course.model import Course
from tutor.progress import DB_NAME, resolve_home
from tutor.progress.backend import ClassSource, SqliteClass
from tutor.progress.classview import (
    ClassSnapshot,
    ClassViewError,
    LearnerRow,
    LessonInfo,
)
from tutor.textsafe import visible_controls

EXIT_OK, EXIT_USAGE = 0, 2
_UNSAFE_JSON = re.compile("[\x7f-\x9f\u2028\u2029]")
"""Characters json.dumps leaves raw that a terminal (DEL, C1) or JavaScript may act on."""
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell that starts with one of these as a formula."""


def class_parser() -> argparse.ArgumentParser:
    """The parser of `backprop-tutor class`."""
    parser = argparse.ArgumentParser(
        prog="backprop-tutor class",
        description="The class at a glance: every learner's progress in the served course "
        "(read-only; refreshes live on a terminal).",
    )
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        metavar="PATH",
        help="the lesson file or course folder being served (default: the bundled course)",
    )
    parser.add_argument("--home", type=Path, help="the server's data folder")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the class as JSON and exit")
    out.add_argument("--csv", action="store_true", help="print one table as CSV and exit")
    parser.add_argument(
        "--table",
        choices=("learners", "quizzes", "lessons"),
        default="learners",
        help="the table --csv prints (learners)",
    )
    parser.add_argument(
        "--interval", type=float, default=2.0, help="seconds between refreshes on screen (2)"
    )
    return parser


def course_lessons(course: Course) -> tuple[LessonInfo, ...]:
    """The course's lessons as the class view needs them (English titles when there are)."""
    languages = course.languages
    lang = "en" if "en" in languages else (languages[0] if languages else None)
    return tuple(
        LessonInfo(
            lesson.id,
            lesson.title,
            len(lesson.pages),
            tuple(quiz.id for quiz in lesson.quizzes),
            {quiz.id: tuple(choice.text for choice in quiz.choices) for quiz in lesson.quizzes},
        )
        for lesson in course.lessons_for(lang)
    )


def run_class(argv: Sequence[str]) -> int:
    """`backprop-tutor class`: see the module docstring."""
    from tutor.course.parser import bundled_course, load_course

    args = class_parser().parse_args(argv)
    if args.interval <= 0:
        print("backprop-tutor class: --interval must be more than 0", file=sys.stderr)
        return EXIT_USAGE
    course = load_course(args.path) if args.path else bundled_course()
    if not course.lessons:
        print(f"backprop-tutor class: no lessons in {args.path}", file=sys.stderr)
        return EXIT_USAGE
    home = resolve_home(args.home)
    lessons = course_lessons(course)
    if not (home / DB_NAME).exists():
        print(f"backprop-tutor class: no progress recorded yet in {home}", file=sys.stderr)

    source: ClassSource = SqliteClass(home)

    def load() -> ClassSnapshot:
        return source.read(course.key, lessons)

    if not (args.json or args.csv) and sys.stdout.isatty() and sys.stdin.isatty():
        return _run_screen(load, args.interval)
    try:
        snapshot = load()
    except ClassViewError as err:
        print(f"backprop-tutor class: {err}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(to_csv(snapshot, args.table) if args.csv else to_json(snapshot))
    return EXIT_OK


def _run_screen(load: Callable[[], ClassSnapshot], interval: float) -> int:
    from tutor.classroom.app import ClassApp

    ClassApp(load, interval=interval).run()
    return EXIT_OK


def to_json(snapshot: ClassSnapshot) -> str:
    """The class as JSON: `{"course", "learners", "quizzes", "lessons"}` (docs/serving.md)."""
    document = {
        "course": snapshot.course,
        "learners": [dataclasses.asdict(row) for row in snapshot.learners],
        "quizzes": [
            {
                **dataclasses.asdict(row),
                "common_wrong": [
                    {"answer": answer, "learners": count} for answer, count in row.common_wrong
                ],
            }
            for row in snapshot.quizzes
        ],
        "lessons": [dataclasses.asdict(row) for row in snapshot.funnel],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return _UNSAFE_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: controls visible, never a formula."""
    text = visible_controls("" if value is None else str(value)).replace("\n", "␤")
    return f"'{text}" if text.startswith(_FORMULA) else text


def to_csv(snapshot: ClassSnapshot, table: str = "learners") -> str:
    """One of the class's tables as CSV, with a header row."""
    rows: list[list[object]]
    if table == "quizzes":
        header = ["lesson", "quiz", "tried", "right_first", "right", "answers", "common_wrong"]
        rows = [
            [q.lesson, q.quiz, q.tried, q.right_first, q.right, q.answers, _wrong(q.common_wrong)]
            for q in snapshot.quizzes
        ]
    elif table == "lessons":
        header = ["lesson", "title", "started", "all_pages", "done"]
        rows = [[f.lesson, f.title, f.started, f.all_pages, f.done] for f in snapshot.funnel]
    else:
        header = ["name", "learner", "lesson", "page", "pages_seen", "quizzes_right"]
        header += ["quizzes_tried", "last_active"]
        rows = [_learner_cells(r) for r in snapshot.learners]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[cell(value) for value in row] for row in rows])
    return out.getvalue()


def _learner_cells(r: LearnerRow) -> list[object]:
    return [
        r.name,
        r.learner,
        r.lesson,
        r.page,
        r.pages_seen,
        r.quizzes_right,
        r.quizzes_tried,
        r.last_active,
    ]


def _wrong(common: tuple[tuple[str, int], ...]) -> str:
    return "; ".join(f"{answer} ({count})" for answer, count in common)
