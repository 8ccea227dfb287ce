"""The `backprop-tutor` command: parse, dispatch, run. Thin on purpose.

    backprop-tutor [PATH] [--lang en|zh] [--lesson ID] ...   open the reader (tutor.start)
    backprop-tutor check [PATH ...] [--format F]             lint lessons, replay `expect:`
    backprop-tutor new PATH                                  write a starter lesson
    backprop-tutor progress ...                              show, reset, export, import progress
    backprop-tutor serve ssh|web [PATH] ...                  serve a course to a class
    backprop-tutor class [--json|--csv] ...                  the teacher's view of the class
    backprop-tutor completion bash|zsh                       print a shell completion script

The first word that is not an option picks the command. A word that is no command opens as a
lesson file or course folder when it exists, ends in `.md` or contains a `/`; any other word is a
mistyped command (exit 2). So a lesson folder named like a command opens as `./check`.

Exit codes: 0 fine, 1 problems found in lessons, 2 usage error (or no terminal for the reader),
130 interrupted. Nothing heavy is imported before the arguments are parsed: `--version` and
`--help` never load Textual.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from tutor.start import EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, add_reader_options

SUBCOMMANDS = ("check", "new", "progress", "serve", "class", "completion")
VALUE_OPTIONS = frozenset({"--lang", "--lesson"})
"""Reader options that take the next word as their value (it is not a command or a path)."""
SERVE_EXTRAS = {"ssh": ("asyncssh", "asyncssh"), "web": ("textual_serve", "textual-serve")}
"""The module (and its package) each `serve` kind needs, installed by the extra of that name."""


def build_parser(only: Collection[str] = SUBCOMMANDS) -> argparse.ArgumentParser:
    """The whole command as one parser: the reader's options, then one subparser per command.

    The reader's optional PATH cannot sit beside subcommands in argparse, so the reader is
    parsed by `tutor.start.reader_parser`; this parser parses the commands and describes the
    whole command line to shell completion. `only` limits it to the commands named, so that
    `check` does not import what `progress` and `serve` need to describe themselves.
    """
    parser = argparse.ArgumentParser(
        prog="backprop-tutor",
        usage="backprop-tutor [OPTIONS] [PATH]\n       backprop-tutor COMMAND [...]",
        description="An interactive terminal course on the derivative behind backpropagation.",
    )
    add_reader_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    if "check" in only:
        check = commands.add_parser(
            "check",
            help="check lesson files: the format and every expect: replay",
            description="Check lesson files: the format, and every widget's expect: replay.",
        )
        check.add_argument(
            "paths",
            nargs="*",
            type=Path,
            metavar="PATH",
            help="lesson files or course folders (default: the bundled course)",
        )
        check.add_argument(
            "--format",
            choices=("full", "concise", "json", "github"),
            default=None,
            help="full: each problem's line quoted, a caret under the spot (default in a "
            "terminal); concise: FILE:LINE: message (default otherwise); json; github: "
            "::error annotations for CI",
        )
    if "new" in only:
        new = commands.add_parser(
            "new",
            help="write a starter lesson (one of each widget), ready for --watch and check",
            description="Write a starter lesson with one of each widget, ready for --watch "
            "and check. Never overwrites a file.",
        )
        new.add_argument("path", type=Path, metavar="PATH", help="the lesson file to create")
    if "class" in only:
        commands.add_parser(
            "class",
            add_help=False,
            help="the teacher's view of the class (live screen, --json, --csv)",
            description="The teacher's view of the class: see `backprop-tutor class --help`.",
        )
    if "progress" in only:
        from tutor.cli_progress import add_progress_parser

        add_progress_parser(commands)
    if "serve" in only:
        from tutor.serve import add_serve_parser

        add_serve_parser(commands)
    if "completion" in only:
        completion = commands.add_parser(
            "completion",
            help="print a shell completion script (bash or zsh)",
            description="Print a completion script: add `source <(backprop-tutor completion "
            "bash)` to ~/.bashrc, or the zsh line to ~/.zshrc after compinit.",
        )
        completion.add_argument("shell", choices=("bash", "zsh"), help="the shell")
    return parser


def first_word(argv: Sequence[str]) -> str | None:
    """The first argument that is neither an option nor an option's value, if any."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--":
            return None
        elif arg.startswith("-") and arg != "-":
            skip = arg in VALUE_OPTIONS
        else:
            return arg
    return None


def unknown_command(word: str) -> str | None:
    """The one-line error for a word that is neither a command nor a lesson path, else None."""
    if word in SUBCOMMANDS or word.endswith(".md") or "/" in word or os.sep in word:
        return None
    if Path(word).exists():
        return None
    import difflib

    close = difflib.get_close_matches(word, SUBCOMMANDS, n=1, cutoff=0.6)
    hint = (
        f"did you mean {close[0]!r}?"
        if close
        else f"commands: {', '.join(SUBCOMMANDS)}; a lesson file or course folder must exist"
    )
    return f"backprop-tutor: unknown command {word!r} ({hint})"


def run_check(args: argparse.Namespace) -> int:
    """`backprop-tutor check`: one line per problem, then a summary line."""
    from tutor.course.check import check_paths
    from tutor.course.parser import bundled_lessons
    from tutor.course.report import render

    report = check_paths(args.paths or [bundled_lessons()])
    form = args.format or ("full" if sys.stdout.isatty() else "concise")
    sys.stdout.write(render(report, form))
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def run_new(args: argparse.Namespace) -> int:
    """`backprop-tutor new PATH`: write a starter lesson (one of each widget); never overwrite."""
    from tutor.course.starter import write_starter

    path: Path = args.path
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


def run_class(argv: Sequence[str]) -> int:
    """`backprop-tutor class`: see tutor.classroom.cli (it parses its own options)."""
    from tutor.classroom.cli import run_class as run

    return run(argv)


def run_progress(args: argparse.Namespace) -> int:
    """`backprop-tutor progress`: see tutor.cli_progress."""
    from tutor.cli_progress import run_progress as run
    from tutor.course.parser import bundled_lessons, load_course

    return run(args, load_course(bundled_lessons()))


def missing_extra(kind: str) -> str | None:
    """The one-line error when `serve KIND`'s optional dependency is not installed, else None."""
    module, package = SERVE_EXTRAS[kind]
    try:
        importlib.import_module(module)
    except ImportError:
        return (
            f"backprop-tutor serve {kind}: needs the {kind!r} extra "
            f"({package} is not installed): pip install 'backprop-tutor[{kind}]'"
        )
    return None


def run_serve(args: argparse.Namespace) -> int:
    """`backprop-tutor serve ssh|web`: see tutor.serve."""
    from tutor.serve import run_serve as run

    problem = missing_extra(args.serve_kind)
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    return run(args)


def run_completion(args: argparse.Namespace) -> int:
    """`backprop-tutor completion bash|zsh`: the script on stdout."""
    from tutor.cli_completion import completion_script

    sys.stdout.write(completion_script(build_parser(), args.shell))
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": run_check,
    "new": run_new,
    "progress": run_progress,
    "serve": run_serve,
    "completion": run_completion,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `backprop-tutor` and `python -m tutor`; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    word = first_word(argv)
    try:
        if word == "class":
            return run_class(argv[argv.index("class") + 1 :])
        if word in COMMANDS:
            args = build_parser(only=(word,)).parse_args(argv)
            return COMMANDS[args.command](args)
        problem = None if word is None else unknown_command(word)
        if problem is not None:
            print(problem, file=sys.stderr)
            return EXIT_USAGE
        from tutor.start import main as run_reader

        return run_reader(argv)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_USAGE)
