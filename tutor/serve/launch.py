"""Start one web reader: scrub the environment, lower limits, exec (run as a script, `-I`).

textual-serve starts its app command with a copy of the server's environment; this launcher
keeps only what the web driver needs and builds the rest as the SSH server does.

Usage: python -I launch.py HOME [--fault] [--learner ID] [--course PATH] [--] [CHILD COMMAND...]
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

_WEB_VARS = (
    "TEXTUAL_DRIVER",
    "TEXTUAL_FPS",
    "TEXTUAL_COLOR_SYSTEM",
    "TERM_PROGRAM",
    "TERM_PROGRAM_VERSION",
    "COLUMNS",
    "ROWS",
)


def main(argv: list[str]) -> int:
    """Exec the reader with a clean environment as the browser's learner (else a fresh one)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tutor.serve.child import ChildLimits, apply_limits, child_environment, reader_argv

    home, *rest = argv
    options: dict[str, str] = {}
    while rest and rest[0] in ("--fault", "--learner", "--course"):
        flag = rest.pop(0)
        options[flag] = "1" if flag == "--fault" else rest.pop(0)
    fault = "--fault" in options
    if rest[:1] == ["--"]:
        rest = rest[1:]
    env = child_environment(
        home=Path(home),
        learner=options.get("--learner") or f"web-{secrets.token_hex(6)}",
        term="xterm-256color",
        colorterm="truecolor",
        ssh_connection=None,
        fault_injection=fault,
    )
    env.update({name: os.environ[name] for name in _WEB_VARS if name in os.environ})
    course = [options["--course"]] if "--course" in options else []
    command = rest or [*reader_argv(), *course]
    apply_limits(ChildLimits())
    os.execve(command[0], command, env)
    return 127  # pragma: no cover - execve does not return


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
