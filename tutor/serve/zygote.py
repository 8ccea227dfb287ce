"""A warm process that has already imported Textual and the reader, and forks one per session.

Starting a fresh Python and importing Textual and the reader takes most of a second (more on a
busy machine); forking a process that has done it already takes milliseconds. The zygote holds
no event loop and no threads, so forking it is safe. The server sends it one request per
session over a unix socket: the PTY's slave side (SCM_RIGHTS) and the session's environment;
the zygote forks, and answers with the reader's pid and a pidfd (SCM_RIGHTS again), which the
server watches and signals without any pid-reuse race. The zygote reaps its children.
"""

from __future__ import annotations

import array
import contextlib
import dataclasses
import fcntl
import gc
import importlib
import json
import logging
import os
import runpy
import signal
import socket
import subprocess
import sys
import termios
from collections.abc import Mapping, Sequence
from pathlib import Path

from tutor.serve.child import (
    SAFE_PATH,
    Child,
    ChildLimits,
    apply_limits,
    reader_argv,
    set_parent_death_signal,
    set_window_size,
)

log = logging.getLogger("tutor.serve")

WARM_MODULES = (
    "textual.app",
    "tutor.start",
    "tutor.app",
    "tutor.screens.lesson",
    "tutor.screens.lesson_list",
    "tutor.screens.help",
    "tutor.course.parser",
    "tutor.progress",
)
"""Imported once in the zygote; a module missing here is simply imported later by the reader."""

_MAX_REQUEST = 64 * 1024


class ZygoteError(Exception):
    """The zygote is gone or did not answer; the caller falls back to spawning."""


class Zygote:
    """The server's handle on its zygote process."""

    def __init__(self, limits: ChildLimits, script: str | None = None) -> None:
        """Start the zygote: an isolated Python with a minimal environment."""
        self._limits = limits
        self._script = script
        self._sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        root = str(Path(__file__).resolve().parents[2])
        boot = (
            f"import sys; sys.path.insert(0, {root!r}); "
            "from tutor.serve.zygote import serve; serve(int(sys.argv[1]))"
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-c", boot, str(theirs.fileno())],
            env={"PATH": SAFE_PATH, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"},
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            preexec_fn=set_parent_death_signal,
        )
        theirs.close()
        self._sock.settimeout(10)

    def spawn(self, args: Sequence[str], env: Mapping[str, str], slave: int) -> tuple[int, int]:
        """Fork a reader on `slave` with `env`; return its pid and a pidfd.

        Raises:
            ZygoteError: The zygote did not answer.
        """
        limits = dataclasses.asdict(self._limits)
        request = {"args": list(args), "env": dict(env), "script": self._script, "limits": limits}
        payload = json.dumps(request).encode() + b"\n"
        try:
            self._sock.sendmsg([payload], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, _fds(slave))])
            data, fds = _recv_fds(self._sock)
        except OSError as err:
            raise ZygoteError(f"the zygote did not answer: {err}") from None
        if not data or not fds:
            raise ZygoteError("the zygote closed its socket")
        return int(data.split()[0]), fds[0]

    def stop(self) -> None:
        """Kill the zygote (its readers die with it: parent-death signal)."""
        self._sock.close()
        if self.proc.poll() is None:
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)


def _fds(fd: int) -> array.array[int]:
    return array.array("i", [fd])


def _recv_fds(sock: socket.socket) -> tuple[bytes, list[int]]:
    fds = array.array("i")
    data, ancdata, _flags, _addr = sock.recvmsg(_MAX_REQUEST, socket.CMSG_SPACE(4 * fds.itemsize))
    for level, kind, payload in ancdata:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(payload[: len(payload) - (len(payload) % fds.itemsize)])
    return data, list(fds)


# The zygote process ------------------------------------------------------------------------


def serve(fd: int) -> None:
    """The zygote's main loop: warm up, then fork a reader per request until the socket closes."""
    set_parent_death_signal()
    warm_up()
    signal.signal(signal.SIGCHLD, _reap_children)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sock = socket.socket(fileno=fd)
    buffer, fds = b"", []
    while True:
        try:
            data, received = _recv_fds(sock)
        except InterruptedError:
            continue
        buffer += data
        fds += received
        if not data or len(buffer) > _MAX_REQUEST:
            return  # the server is gone (or talks nonsense): the zygote ends
        if b"\n" not in buffer:
            continue
        line, _, buffer = buffer.partition(b"\n")
        if not fds:
            return  # every request carries a PTY; without one, something is wrong: end
        slave, *extra = fds
        fds = []
        for unexpected in extra:
            os.close(unexpected)
        # SIGCHLD stays blocked until the pidfd is open, so the child cannot be reaped first.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
        pid = _fork_reader(json.loads(line), slave, sock)
        os.close(slave)
        pidfd = os.pidfd_open(pid)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
        sock.sendmsg([f"{pid}\n".encode()], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, _fds(pidfd))])
        os.close(pidfd)


def warm_up() -> None:
    """Import what every reader needs, so a forked reader does not have to."""
    import pkgutil

    import tutor

    names = list(WARM_MODULES)
    for info in pkgutil.walk_packages(tutor.__path__, "tutor."):
        if not info.name.startswith(("tutor.serve", "tutor.__main__", "tutor.cli")):
            names.append(info.name)
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError as err:
            print(f"backprop-tutor zygote: not preloaded: {name} ({err})", file=sys.stderr)
    # Looking up a code fence's lexer by name may import every pygments lexer module.
    with contextlib.suppress(ImportError):
        from pygments.lexers import _iter_lexerclasses  # type: ignore[import-untyped]

        for _ in _iter_lexerclasses():
            pass
    from tutor.course.parser import bundled_course

    course = bundled_course()  # every forked reader starts with the course parsed:
    for lang in course.languages:  # every language (a local reader parses only its own)
        course.lessons_for(lang)
    # Move what is loaded so far out of the collector's sight: a collection in a forked reader
    # would otherwise touch (and so copy) every inherited object's memory page.
    gc.collect()
    gc.freeze()


def _reap_children(_signum: int, _frame: object) -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass


def _fork_reader(request: dict[str, object], slave: int, sock: socket.socket) -> int:
    """Fork; in the child, become the reader on `slave`. Returns the child's pid."""
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:  # pragma: no cover - runs in the forked reader
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
        sock.close()
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        os.close(slave)
        set_parent_death_signal()
        limits = request["limits"]
        assert isinstance(limits, dict)
        apply_limits(ChildLimits(**limits))
        env = request["env"]
        assert isinstance(env, dict)
        os.environ.clear()
        os.environ.update(env)
        code = _run(request)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    except BaseException:
        os.write(2, b"backprop-tutor: the lesson reader stopped unexpectedly.\r\n")
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _run(request: dict[str, object]) -> int:
    args = request["args"]
    script = request.get("script")
    assert isinstance(args, list)
    if isinstance(script, str):
        sys.argv = [script, *args]
        runpy.run_path(script, run_name="__main__")
        return 0
    from tutor.start import main

    sys.argv = ["backprop-tutor", *args]
    return main(args)


class Spawner:
    """Starts readers: forked by the zygote when there is one, else spawned (exec)."""

    def __init__(
        self, limits: ChildLimits, command: Sequence[str] | None, script: str | None, warm: bool
    ) -> None:
        """Start a zygote when `warm` (and no exec `command` replaces the reader)."""
        self._limits = limits
        self._command = command
        self._zygote = Zygote(limits, script) if warm and not command else None
        self._script = script

    def start(self, args: Sequence[str], env: Mapping[str, str], cols: int, rows: int) -> Child:
        """A new reader in its own PTY, running with `args` and `env`."""
        if self._zygote is not None:
            master, slave = os.openpty()
            try:
                set_window_size(slave, cols, rows)
                pid, pidfd = self._zygote.spawn(args, env, slave)
                return Child(pid, master, pidfd)
            except ZygoteError as err:
                log.error("%s; spawning readers from now on", err)
                os.close(master)
                self._zygote.stop()
                self._zygote = None
            finally:
                os.close(slave)
        if self._command:
            argv = list(self._command)
        elif self._script:
            argv = [sys.executable, "-I", self._script, *args]
        else:
            argv = [*reader_argv(), *args]
        return Child.spawn(argv, env, cols, rows, self._limits)

    def stop(self) -> None:
        """Stop the zygote, if any."""
        if self._zygote is not None:
            self._zygote.stop()
