"""The `backprop-tutor` command: parse, build, run. Thin on purpose.

    backprop-tutor [PATH] [--lang en|zh] [--lesson ID] ...   open the reader
    backprop-tutor check [PATH ...]                          lint lessons, replay `expect:`
    backprop-tutor new PATH                                  write a starter lesson
    backprop-tutor progress ...                              show, reset, export, import progress
    backprop-tutor serve ssh|web ...                         serve the course to a class
    backprop-tutor class [PATH] [--json|--csv]               the teacher's view of the class

Exit codes: 0 fine, 1 problems found in lessons, 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from tutor import __version__

SUBCOMMANDS = ("check", "new", "progress", "serve", "class")
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def default_lang(environ: dict[str, str] | None = None) -> str:
    """`zh` when the locale says Chinese (LC_ALL, LC_MESSAGES, LANG, LANGUAGE), else `en`."""
    environ = dict(os.environ) if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def reader_parser() -> argparse.ArgumentParser:
    """The parser of the default command: open the reader."""
    parser = argparse.ArgumentParser(
        prog="backprop-tutor",
        description="An interactive terminal course on the derivative behind backpropagation.",
        epilog="Other commands: backprop-tutor check [PATH ...] | new PATH | progress [...] | "
        "serve ssh|web [...]  (each takes --help)",
    )
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        metavar="PATH",
        help="a lesson file or a course folder (default: the bundled course)",
    )
    parser.add_argument(
        "--lang",
        choices=("en", "zh"),
        default=None,
        help="the course language (default: from the locale)",
    )
    parser.add_argument("--lesson", metavar="ID", help="open this lesson (its id)")
    parser.add_argument(
        "--no-mouse", action="store_true", help="turn mouse reporting off (automatic over SSH)"
    )
    parser.add_argument(
        "--no-animations", action="store_true", help="turn animations off (automatic over SSH)"
    )
    parser.add_argument(
        "--ascii",
        action="store_true",
        help="ASCII plots and borders, for fonts without braille or box drawing",
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="reload the lessons when a file changes, keeping your place (for lesson authors)",
    )
    parser.add_argument("--version", action="version", version=f"backprop-tutor {__version__}")
    return parser


def check_parser() -> argparse.ArgumentParser:
    """The parser of `backprop-tutor check`."""
    parser = argparse.ArgumentParser(
        prog="backprop-tutor check",
        description="Check lesson files: the format, and every widget's expect: replay.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="lesson files or course folders (default: the bundled course)",
    )
    parser.add_argument(
        "--format",
        choices=("full", "concise", "json", "github"),
        default=None,
        help="full: each problem's line quoted, a caret under the spot (default in a terminal); "
        "concise: FILE:LINE: message (default otherwise); json; github: ::error annotations",
    )
    return parser


def run_check(argv: Sequence[str]) -> int:
    """`backprop-tutor check`: one line per problem, then a summary line."""
    from tutor.course.check import check_paths
    from tutor.course.parser import bundled_lessons
    from tutor.course.report import render

    args = check_parser().parse_args(argv)
    report = check_paths(args.paths or [bundled_lessons()])
    form = args.format or ("full" if sys.stdout.isatty() else "concise")
    sys.stdout.write(render(report, form))
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def run_new(argv: Sequence[str]) -> int:
    """`backprop-tutor new PATH`: write a starter lesson (one of each widget); never overwrite."""
    from tutor.course.starter import write_starter

    parser = argparse.ArgumentParser(
        prog="backprop-tutor new",
        description="Write a starter lesson with one of each widget, ready for --watch and check.",
    )
    parser.add_argument("path", type=Path, metavar="PATH", help="the lesson file to create")
    path = parser.parse_args(argv).path
    try:
        write_starter(path)
    except FileExistsError:
        print(f"backprop-tutor new: {path} already exists; not overwriting it", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"backprop-tutor new: cannot write {path}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {path}; open it with: backprop-tutor {path} --watch")
    return EXIT_OK


def run_progress(argv: Sequence[str]) -> int:
    """`backprop-tutor progress`: see tutor.cli_progress."""
    from tutor.cli_progress import add_progress_parser
    from tutor.cli_progress import run_progress as run
    from tutor.course.parser import bundled_lessons, load_course

    parser = argparse.ArgumentParser(prog="backprop-tutor")
    add_progress_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["progress", *argv])
    return run(args, load_course(bundled_lessons()))


def run_serve(argv: Sequence[str]) -> int:
    """`backprop-tutor serve ssh|web`: see tutor.serve."""
    from tutor.serve import add_serve_parser
    from tutor.serve import run_serve as run

    parser = argparse.ArgumentParser(prog="backprop-tutor")
    add_serve_parser(parser.add_subparsers(dest="command", required=True))
    return run(parser.parse_args(["serve", *argv]))


def run_class(argv: Sequence[str]) -> int:
    """`backprop-tutor class`: see tutor.classroom.cli."""
    from tutor.classroom.cli import run_class as run

    return run(argv)


def run_reader(argv: Sequence[str]) -> int:
    """Open the reader on the bundled course or on PATH."""
    from tutor.app import Options, make_app
    from tutor.course.parser import bundled_course, bundled_lessons, load_course
    from tutor.progress import ProgressStore

    parser = reader_parser()
    args = parser.parse_args(argv)
    course = load_course(args.path) if args.path else bundled_course()
    if not course.lessons:
        for problem in course.problems:
            print(problem, file=sys.stderr)
        return EXIT_PROBLEMS
    environ = os.environ
    over_ssh = bool(environ.get("SSH_CONNECTION"))
    options = Options(
        lang=args.lang or default_lang(),
        lesson=args.lesson,
        mouse=not (args.no_mouse or over_ssh),
        animations=not (args.no_animations or over_ssh),
        ascii=args.ascii,
        served=environ.get("BACKPROP_TUTOR_SERVED") == "1",
        fault_key=environ.get("BACKPROP_TUTOR_FAULT") == "1",
        watch=(args.path or bundled_lessons()) if args.watch else None,
    )
    progress = ProgressStore.open(course=course.key)
    try:
        return make_app(course, progress, options).run_safely()
    finally:
        progress.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `backprop-tutor` and `python -m tutor`; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"check": run_check, "new": run_new, "progress": run_progress, "serve": run_serve}
    commands["class"] = run_class
    try:
        if argv and argv[0] in commands:
            return commands[argv[0]](argv[1:])
        return run_reader(argv)
    except KeyboardInterrupt:
        return 130
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_USAGE)
