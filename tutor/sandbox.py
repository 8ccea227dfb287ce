"""Running a code cell's Python safely: a separate, limited process (pure: no Textual).

The learner's code runs in a separate Python process (`python -I -B -u -X utf8 -c SOURCE`):
isolated mode (no environment variables, no user site, no current directory on the path), a
new session (so the whole process group can be killed), stdin closed, a fresh temporary
working directory, a minimal environment, and resource limits set in the child (CPU seconds,
512 MB of address space, 1 MB files, no core dumps, a cap on processes). The caller only
awaits the child's output asynchronously, so an endless loop, a crash, a fork bomb or a flood
of output never freezes it: after `time_limit` seconds the process group is killed, and output
past `output_limit` bytes is read and dropped (`RunResult.cut`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import tempfile
from dataclasses import dataclass

TIME_LIMIT = 5.0
"""Seconds a cell may run before its process group is killed."""

OUTPUT_LIMIT = 64 * 1024
"""Bytes of output kept (stdout and stderr together)."""

_MEMORY_LIMIT = 512 * 1024 * 1024
_FILE_LIMIT = 1024 * 1024
_PROCESS_LIMIT = 64


@dataclass(frozen=True)
class RunResult:
    """What a run produced."""

    returncode: int | None
    """The exit status; None when the run was stopped at the time limit."""
    output: str
    """stdout and stderr, merged, at most the output limit."""
    cut: bool
    """Whether output past the limit was dropped."""


_PYTHON_FLAGS = ("-I", "-B", "-u", "-X", "utf8")
"""Isolated, no bytecode files, unbuffered (stdout and stderr interleave in order), UTF-8."""

# Runs first in the child: sets the limits, then replaces itself with the learner's program, so
# the limits hold for it and its tracebacks show only its own code. (A preexec_fn would do the
# same, but Python warns it may deadlock when the parent has threads, as a Textual app does.)
_BOOTSTRAP = """
import os, resource, sys
cpu, memory, files, processes, flags, source = sys.argv[1:]
for kind, value in ((resource.RLIMIT_CPU, int(cpu)), (resource.RLIMIT_AS, int(memory)),
                    (resource.RLIMIT_FSIZE, int(files)), (resource.RLIMIT_CORE, 0),
                    (resource.RLIMIT_NPROC, int(processes))):
    hard = resource.getrlimit(kind)[1]
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, value))
os.execv(sys.executable, [sys.executable, *flags.split(), "-c", source])
"""


def _command(source: str, time_limit: float) -> list[str]:
    limits = [int(time_limit) + 1, _MEMORY_LIMIT, _FILE_LIMIT, _PROCESS_LIMIT]
    flags = " ".join(_PYTHON_FLAGS)
    return [sys.executable, *_PYTHON_FLAGS, "-c", _BOOTSTRAP, *map(str, limits), flags, source]


def _kill_group(process: asyncio.subprocess.Process) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group is gone
        os.killpg(process.pid, signal.SIGKILL)


class _Output:
    """Output read so far, kept up to a limit (the rest is read and dropped)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept = bytearray()
        self.cut = False

    async def collect(self, process: asyncio.subprocess.Process) -> int:
        assert process.stdout is not None
        while chunk := await process.stdout.read(65536):
            room = max(self.limit - len(self.kept), 0)
            self.cut = self.cut or len(chunk) > room
            self.kept += chunk[:room]
        return await process.wait()


async def run_python(
    source: str, *, time_limit: float = TIME_LIMIT, output_limit: int = OUTPUT_LIMIT
) -> RunResult:
    """Run Python source in a separate, limited process and collect its output.

    Args:
        source: The program.
        time_limit: Seconds before the whole process group is killed.
        output_limit: Bytes of output kept; the rest is read and dropped.

    Returns:
        The exit status (None when stopped), the output and whether it was cut.
    """
    command = _command(source, time_limit)
    with tempfile.TemporaryDirectory(prefix="tutor-cell-") as workdir:
        process = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            cwd=workdir,
            env={"PATH": os.defpath, "LANG": "C.UTF-8", "HOME": workdir, "TMPDIR": workdir},
            start_new_session=True,
        )
        output = _Output(output_limit)
        returncode: int | None = None
        try:
            returncode = await asyncio.wait_for(output.collect(process), time_limit)
        except asyncio.TimeoutError:
            returncode = None
        finally:
            _kill_group(process)  # stragglers (background children) and the timed-out run
            await process.wait()
    text = bytes(output.kept).decode("utf-8", errors="replace")
    return RunResult(returncode, text, output.cut)
