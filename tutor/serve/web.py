"""`backprop-tutor serve web`: the course in a browser, through textual-serve.

Each browser session runs the same reader, launched through `launch.py`, which gives it the
same scrubbed environment, limits and served-mode safety as an SSH session.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from tutor.serve.config import data_home


def web_command(home: Path, child: Sequence[str] | None, fault: bool) -> str:
    """The shell command textual-serve runs for each browser session."""
    launcher = str(Path(__file__).with_name("launch.py"))
    argv = [sys.executable, "-I", launcher, str(home)]
    if fault:
        argv.append("--fault")
    if child:
        argv += ["--", *child]
    return shlex.join(argv)


def serve_web(host: str, port: int, child: Sequence[str] | None, fault: bool) -> int:
    """Serve until interrupted; return the exit code."""
    from textual_serve.server import Server

    home = data_home()
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    server = Server(web_command(home, child, fault), host=host, port=port, title="backprop-tutor")
    print(f"backprop-tutor: web on http://{host}:{port}", flush=True)
    server.serve()
    return 0
