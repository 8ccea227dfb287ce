"""Serving the course to a class: `backprop-tutor serve ssh` and `backprop-tutor serve web`.

This module stays light (argparse only): asyncssh and textual-serve are imported inside the
functions that need them, so the reader itself starts fast.
"""

from __future__ import annotations

import argparse
import logging
import shlex
import sys
from pathlib import Path


def add_serve_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `serve ssh` and `serve web` to the CLI's subcommands."""
    serve = subparsers.add_parser("serve", help="serve the course over SSH or in a browser")
    kinds = serve.add_subparsers(dest="serve_kind", required=True, metavar="{ssh,web}")
    ssh = kinds.add_parser("ssh", help="serve over SSH: learners run `ssh -p PORT host`")
    _add_course_options(ssh)
    ssh.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    ssh.add_argument("--port", type=int, default=2222, help="TCP port (2222)")
    ssh.add_argument("--host-key", type=Path, help="host key file (created once, mode 0600)")
    who = ssh.add_mutually_exclusive_group()
    who.add_argument("--authorized-keys", type=Path, help="allowlist of public keys")
    who.add_argument(
        "--open", action="store_true", help="any public key, or a username without password"
    )
    who.add_argument(
        "--roster", type=Path, help="named learners: public keys with the name as comment"
    )
    ssh.add_argument("--max-sessions", type=int, default=64, help="sessions at once (64)")
    ssh.add_argument("--per-ip", type=int, default=8, help="sessions from one address (8)")
    ssh.add_argument("--idle-timeout", type=float, default=1800, help="seconds idle (1800)")
    ssh.add_argument(
        "--max-session-time", type=float, default=14400, help="seconds per session (14400)"
    )
    ssh.add_argument("--login-timeout", type=float, default=30, help="seconds to log in (30)")
    ssh.add_argument("--keepalive", type=float, default=30, help="keepalive interval (30)")
    _add_test_options(ssh)
    web = kinds.add_parser("web", help="serve in a browser (textual-serve)")
    _add_course_options(web)
    web.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    web.add_argument("--port", type=int, default=8000, help="TCP port (8000)")
    web.add_argument("--public-url", help="the URL browsers use, behind a proxy (Origin check)")
    web.add_argument("--max-sessions", type=int, default=64, help="sessions at once (64)")
    web.add_argument("--per-ip", type=int, default=8, help="sessions from one address (8)")
    _add_test_options(web)


def _add_course_options(parser: argparse.ArgumentParser) -> None:
    """The course to serve, checked at start."""
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        metavar="PATH",
        help="a lesson file or course folder to serve (default: the bundled course)",
    )
    parser.add_argument(
        "--allow-problems",
        action="store_true",
        help="serve a course that `check` finds problems in (they show as error boxes)",
    )


def check_course(path: Path | None, allow_problems: bool) -> Path | None:
    """Check the course to serve as `check` does, printing its problems; return its resolved
    path (None: the bundled course).

    Raises:
        ValueError: The course has problems (and `allow_problems` is not set), or no lessons.
    """
    if path is None:
        return None
    from tutor.course.check import check_paths

    resolved = path.expanduser().resolve()
    if not resolved.exists():
        raise ValueError(f"{path}: no such file or folder")
    report = check_paths([resolved])
    for problem in report.problems:
        print(problem)
    print(report.summary(), flush=True)
    if report.lessons == 0:
        raise ValueError(f"{path}: no lessons to serve")
    if not report.ok and not allow_problems:
        raise ValueError(
            "the course has problems (above); fix them, or serve it anyway with --allow-problems"
        )
    return resolved


def _add_test_options(parser: argparse.ArgumentParser) -> None:
    """Hidden options for the end-to-end tests."""
    parser.add_argument("--child-command", help=argparse.SUPPRESS)
    parser.add_argument("--child-script", help=argparse.SUPPRESS)
    parser.add_argument("--no-zygote", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--fault-injection", action="store_true", help=argparse.SUPPRESS)


def run_serve(args: argparse.Namespace) -> int:
    """Run the server chosen by `args.serve_kind` until interrupted; return the exit code."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    child = shlex.split(args.child_command) if args.child_command else None
    if args.child_script and not child:
        child = [sys.executable, "-I", args.child_script]
    try:
        course = check_course(args.path, args.allow_problems)
        if args.serve_kind == "web":
            from tutor.serve.web import WebConfig, serve_web

            return serve_web(
                WebConfig(
                    host=args.host,
                    port=args.port,
                    public_url=args.public_url,
                    max_sessions=args.max_sessions,
                    per_ip=args.per_ip,
                    child=child,
                    fault=args.fault_injection,
                    course=course,
                )
            )
        return _run_ssh(args, None if args.child_script else child, course)
    except (OSError, ValueError) as err:
        print(f"backprop-tutor serve: {err}", file=sys.stderr)
        return 1


def _run_ssh(args: argparse.Namespace, child: list[str] | None, course: Path | None) -> int:
    import asyncio

    from tutor.serve.config import SshConfig
    from tutor.serve.hostkey import HostKeyError
    from tutor.serve.ssh import serve_forever

    config = SshConfig(
        host=args.host,
        port=args.port,
        host_key=args.host_key,
        authorized_keys=args.authorized_keys,
        open=args.open,
        roster=args.roster,
        course=course,
        max_sessions=args.max_sessions,
        per_ip=args.per_ip,
        login_timeout=args.login_timeout,
        keepalive=args.keepalive,
        idle_timeout=args.idle_timeout,
        max_session_time=args.max_session_time,
        warm=not args.no_zygote,
        child_command=child,
        child_script=args.child_script,
        fault_injection=args.fault_injection,
    )
    try:
        asyncio.run(serve_forever(config))
    except HostKeyError as err:
        print(f"backprop-tutor serve: {err}", file=sys.stderr)
        return 1
    return 0
