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
    ssh.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    ssh.add_argument("--port", type=int, default=2222, help="TCP port (2222)")
    ssh.add_argument("--host-key", type=Path, help="host key file (created once, mode 0600)")
    who = ssh.add_mutually_exclusive_group()
    who.add_argument("--authorized-keys", type=Path, help="allowlist of public keys")
    who.add_argument(
        "--open", action="store_true", help="any public key, or a username without password"
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
    web.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    web.add_argument("--port", type=int, default=8000, help="TCP port (8000)")
    web.add_argument("--public-url", help="the URL browsers use, behind a proxy (Origin check)")
    web.add_argument("--max-sessions", type=int, default=64, help="sessions at once (64)")
    web.add_argument("--per-ip", type=int, default=8, help="sessions from one address (8)")
    _add_test_options(web)


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
                )
            )
        return _run_ssh(args, None if args.child_script else child)
    except (OSError, ValueError) as err:
        print(f"backprop-tutor serve: {err}", file=sys.stderr)
        return 1


def _run_ssh(args: argparse.Namespace, child: list[str] | None) -> int:
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
