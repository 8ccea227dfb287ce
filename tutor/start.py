"""The reader's one entry point: parse the reader's options, open the course and the store, run.

Both the `backprop-tutor` command (`tutor.cli`) and the SSH zygote's forked readers
(`tutor.serve.zygote`) start the reader through :func:`main`, so `serve` never imports the CLI.
Textual is imported only once the arguments are parsed and the terminal is known to be able to
show the reader: `--help`, a usage error or "no terminal" answer at once.

Exit codes: 0 fine, 1 the course has no lesson to show, 2 usage error or no usable terminal,
130 interrupted (SIGINT), as shells expect.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from tutor import __version__

if TYPE_CHECKING:
    from tutor.app import Options, TutorApp

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
DUMB_TERMS = frozenset({"", "dumb", "unknown"})
"""TERM values that cannot show a full-screen program (none at all is the same as "dumb")."""


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """`zh` when the locale says Chinese (LC_ALL, LC_MESSAGES, LANG, LANGUAGE), else `en`."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def add_reader_options(parser: argparse.ArgumentParser) -> None:
    """The reader's options (shared by the reader's parser and the command's top level)."""
    parser.add_argument(
        "--lang",
        choices=("en", "zh"),
        default=None,
        help="the course language (default: the last one used, else from the locale)",
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


def reader_parser() -> argparse.ArgumentParser:
    """The parser of the default command: open the reader on PATH or on the bundled course."""
    parser = argparse.ArgumentParser(
        prog="backprop-tutor",
        description="An interactive terminal course on the derivative behind backpropagation.",
        epilog="Other commands: backprop-tutor check [PATH ...] | new PATH | progress [...] | "
        "serve ssh|web [...] | class [...] | completion bash|zsh  (each takes --help)",
    )
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        metavar="PATH",
        help="a lesson file or a course folder (default: the bundled course)",
    )
    add_reader_options(parser)
    return parser


def terminal_problem(
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """Why this process cannot show the reader (one line), or None when it can.

    The reader draws a full screen: it needs a terminal on stdin and stdout, and a TERM that can
    move the cursor. Under textual-serve (TEXTUAL_DRIVER set) the driver is not a terminal and
    needs neither.
    """
    environ = os.environ if environ is None else environ
    if environ.get("TEXTUAL_DRIVER"):
        return None
    streams = (sys.stdin if stdin is None else stdin, sys.stdout if stdout is None else stdout)
    if not all(stream is not None and stream.isatty() for stream in streams):
        return (
            "backprop-tutor: the reader needs a terminal on stdin and stdout "
            "(`backprop-tutor check` and `progress` work without one)"
        )
    term = environ.get("TERM", "")
    if term.strip().lower() in DUMB_TERMS:
        shown = f"TERM={term}" if term else "TERM is not set"
        return (
            f"backprop-tutor: this terminal cannot show the reader ({shown}); "
            "run it in a terminal emulator, e.g. with TERM=xterm-256color"
        )
    return None


def options_from(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> Options:
    """The reader's Options from parsed arguments and the environment (SSH, served, tests)."""
    from tutor.app import Options
    from tutor.course.parser import bundled_lessons

    environ = os.environ if environ is None else environ
    over_ssh = bool(environ.get("SSH_CONNECTION"))
    return Options(
        lang=args.lang,
        default_lang=default_lang(environ),
        lesson=args.lesson,
        mouse=not (args.no_mouse or over_ssh),
        animations=not (args.no_animations or over_ssh),
        ascii=args.ascii,
        served=environ.get("BACKPROP_TUTOR_SERVED") == "1",
        fault_key=environ.get("BACKPROP_TUTOR_FAULT") == "1",
        watch=(args.path or bundled_lessons()) if args.watch else None,
    )


def main(argv: Sequence[str]) -> int:
    """Parse the reader's arguments and run it; returns the exit code (argparse errors: 2)."""
    try:
        args = reader_parser().parse_args(list(argv))
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    problem = terminal_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    try:
        return open_reader(args.path, options_from(args))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def open_reader(path: Path | None, options: Options) -> int:
    """Open the course (PATH or the bundled one) and the learner's store; run the reader."""
    from tutor.app import make_app
    from tutor.course.parser import bundled_course, load_course
    from tutor.progress import ProgressStore

    course = load_course(path) if path else bundled_course()
    if not course.lessons:
        for problem in course.problems:
            print(problem, file=sys.stderr)
        return EXIT_PROBLEMS
    progress = ProgressStore.open(course=course.key)
    try:
        return run_interruptible(make_app(course, progress, options))
    finally:
        progress.close()


def run_interruptible(app: TutorApp) -> int:
    """Run `app`; an external SIGINT ends it cleanly (progress saved) with exit code 130.

    In the reader the terminal is in raw mode, so ctrl+c is a key (Textual's help_quit), never a
    signal: a SIGINT comes from outside (`kill -INT`). It asks the app to exit from the event
    loop (call_soon_threadsafe is safe from a signal handler), so the store closes normally.
    """
    import asyncio  # here, not at the top: `--version` and `--help` stay fast

    interrupted = False

    def on_sigint(_signum: int, _frame: FrameType | None) -> None:
        nonlocal interrupted
        interrupted = True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not running yet (or any more): stop the Python way
            raise KeyboardInterrupt from None
        loop.call_soon_threadsafe(app.exit, None, EXIT_INTERRUPTED)

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        code = app.run_safely()
    finally:
        signal.signal(signal.SIGINT, previous)
    return EXIT_INTERRUPTED if interrupted and code == EXIT_OK else code
