"""The reader's process for one served session: its environment, limits and lifecycle.

Every SSH session gets its own reader in a real PTY. The child is forked from the server and
immediately `execve`s a fresh, isolated Python (`-I`), so nothing of the server's state (keys,
sockets, other sessions) reaches it, and a crash in one reader never touches another.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import fcntl
import logging
import os
import re
import resource
import signal
import struct
import sys
import termios
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("tutor.serve")

SAFE_PATH = "/usr/local/bin:/usr/bin:/bin"
"""The only PATH a served reader sees."""

_TERM_RE = re.compile(r"^[A-Za-z0-9._+-]{1,64}$")
_PR_SET_PDEATHSIG = 1
_MiB = 1024 * 1024


@dataclass(frozen=True)
class ChildLimits:
    """Resource limits applied to each reader (setrlimit, in the child before exec).

    The reader's address space is about 260 MB, so the memory default leaves ample room.
    """

    memory_bytes: int = 1024 * _MiB
    cpu_seconds: int = 3600
    open_files: int = 256
    file_bytes: int = 64 * _MiB


def reader_argv() -> list[str]:
    """The command that runs the bundled course's reader in an isolated Python.

    `-I` ignores PYTHON* variables and the user's site folder; the package's own folder is put
    on `sys.path` explicitly so a source checkout works as well as an installed wheel.
    """
    root = str(Path(__file__).resolve().parents[2])
    boot = (
        "import sys, runpy\n"
        f"root = {root!r}\n"
        "if root not in sys.path[:1]: sys.path.insert(0, root)\n"
        "sys.argv[0] = 'tutor'\n"
        "runpy.run_module('tutor', run_name='__main__', alter_sys=True)\n"
    )
    return [sys.executable, "-I", "-c", boot]


def lang_from_client(client_env: Mapping[str, str]) -> str | None:
    """Pick the course language from the client's locale: Chinese when LANG starts with zh."""
    for name in ("LC_ALL", "LANG"):
        if client_env.get(name, "").startswith("zh"):
            return "zh"
    return None


def child_environment(
    *,
    home: Path,
    learner: str,
    term: str | None,
    colorterm: str | None,
    ssh_connection: str | None,
    fault_injection: bool = False,
) -> dict[str, str]:
    """Build the reader's environment from scratch: nothing the client sent passes through.

    Args:
        home: The server's data folder (HOME and BACKPROP_TUTOR_HOME).
        learner: The learner's identity (a key fingerprint or an `--open` username).
        term: The client's TERM; used only if it looks like a terminal name.
        colorterm: The client's COLORTERM; kept only when it says truecolor/24bit.
        ssh_connection: The SSH_CONNECTION value (the reader turns mouse and animations off).
        fault_injection: Set BACKPROP_TUTOR_FAULT=1 (tests only).
    """
    env = {
        "PATH": SAFE_PATH,
        "HOME": str(home),
        "TERM": term if term and _TERM_RE.match(term) else "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "BACKPROP_TUTOR_HOME": str(home),
        "BACKPROP_TUTOR_LEARNER": learner,
        "BACKPROP_TUTOR_SERVED": "1",
    }
    if colorterm in ("truecolor", "24bit"):
        env["COLORTERM"] = colorterm
    if ssh_connection:
        env["SSH_CONNECTION"] = ssh_connection
    if fault_injection:
        env["BACKPROP_TUTOR_FAULT"] = "1"
    return env


def apply_limits(limits: ChildLimits) -> None:
    """Lower this process's resource limits (called in the child, before exec)."""
    for which, value in (
        (resource.RLIMIT_AS, limits.memory_bytes),
        (resource.RLIMIT_CPU, limits.cpu_seconds),
        (resource.RLIMIT_NOFILE, limits.open_files),
        (resource.RLIMIT_FSIZE, limits.file_bytes),
        (resource.RLIMIT_CORE, 0),
    ):
        _soft, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(which, (value, value))


def set_window_size(fd: int, cols: int, rows: int) -> None:
    """Set a PTY's size; the kernel then sends SIGWINCH to the reader."""
    cols = max(1, min(cols, 1000))
    rows = max(1, min(rows, 1000))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def _parent_death_signal() -> Callable[..., int] | None:
    """libc's prctl, looked up before fork (the child must not load libraries)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
        return prctl
    except (OSError, AttributeError):
        return None


def _exec_child(
    slave: int, argv: Sequence[str], env: Mapping[str, str], limits: ChildLimits, parent: int
) -> None:
    """Runs in the forked child: take the PTY as controlling terminal, limit, exec."""
    try:
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        if slave > 2:
            os.close(slave)
        set_parent_death_signal()
        if os.getppid() != parent:  # the server died between fork and prctl
            os._exit(1)
        apply_limits(limits)
        os.closerange(3, limits.open_files + 64)
        os.execve(argv[0], list(argv), dict(env))
    except BaseException:
        os.write(2, b"backprop-tutor: the lesson reader could not start.\r\n")
    finally:
        os._exit(127)


_PRCTL = _parent_death_signal()


def set_parent_death_signal() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; else nothing)."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL)


class Child:
    """A reader process in its own PTY, owned by one session.

    Attributes:
        pid: The reader's process id (also its session and process group id).
        master: The PTY's master side (non-blocking), or -1 once closed.
        returncode: The exit code once it exited (0 when forked by the zygote: unknown).
    """

    def __init__(self, pid: int, master: int, pidfd: int | None = None) -> None:
        """Own a running reader; `pidfd` is given for a zygote's child (not ours to reap)."""
        os.set_blocking(master, False)
        self.pid = pid
        self.master = master
        self.returncode: int | None = None
        self._pidfd = pidfd
        self._exited: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._poller: asyncio.Task[None] | None = None
        self._foreign = False
        self._watch()

    @classmethod
    def spawn(
        cls, argv: Sequence[str], env: Mapping[str, str], cols: int, rows: int, limits: ChildLimits
    ) -> Child:
        """Fork and exec `argv` in a new PTY of the given size."""
        master, slave = os.openpty()
        set_window_size(slave, cols, rows)
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child execs or exits
            os.close(master)
            _exec_child(slave, argv, env, limits, parent)
        os.close(slave)
        return cls(pid, master)

    def _watch(self) -> None:
        """Notice the exit at once (pidfd on Linux, polling elsewhere); reap our own child."""
        loop = asyncio.get_running_loop()
        pidfd = self._pidfd
        if pidfd is None:
            try:
                pidfd = os.pidfd_open(self.pid)
            except (AttributeError, OSError):
                self._poller = loop.create_task(self._poll())
                return

        def ready() -> None:
            loop.remove_reader(pidfd)
            os.close(pidfd)
            self._pidfd = None
            if self._foreign:
                self._finish(0)
            else:
                self._reap()

        self._foreign = self._pidfd is not None
        loop.add_reader(pidfd, ready)

    async def _poll(self) -> None:
        while not self._reap(block=False):
            await asyncio.sleep(0.1)

    def _reap(self, block: bool = True) -> bool:
        try:
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            pid, status = self.pid, 0
        if pid == 0:
            return False
        self._finish(os.waitstatus_to_exitcode(status))
        return True

    def _finish(self, code: int) -> None:
        self.returncode = code
        if not self._exited.done():
            self._exited.set_result(code)

    async def wait(self) -> int:
        """Wait for the reader to exit and return its exit code (negative for a signal)."""
        return await asyncio.shield(self._exited)

    def close_master(self) -> None:
        """Close the PTY's master side: the reader's terminal hangs up."""
        if self.master >= 0:
            with contextlib.suppress(OSError):
                asyncio.get_running_loop().remove_reader(self.master)
                asyncio.get_running_loop().remove_writer(self.master)
            os.close(self.master)
            self.master = -1

    def signal(self, sig: int) -> None:
        """Send a signal to the reader's process group (only while it is not yet reaped)."""
        if self.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if self._foreign and self._pidfd is not None:
                signal.pidfd_send_signal(self._pidfd, sig)
            elif not self._foreign:
                os.killpg(self.pid, sig)

    async def hang_up(self, grace: float = 1.0) -> None:
        """End the reader: SIGHUP, then SIGTERM, then SIGKILL; always reaped on return."""
        self.close_master()
        for sig in (signal.SIGHUP, signal.SIGTERM, signal.SIGKILL):
            self.signal(sig)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.wait(), grace)
                return
        await self.wait()

    def kill_now(self) -> None:
        """Kill and reap synchronously (the server is stopping)."""
        self.close_master()
        self.signal(signal.SIGKILL)
        if self.returncode is None and not self._foreign:
            self._reap()
