"""One SSH session: a reader in its own PTY, bytes proxied both ways with backpressure."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING

import asyncssh

from tutor.serve.child import Child, child_environment, lang_from_client, set_window_size

if TYPE_CHECKING:
    from tutor.serve.config import SshConfig
    from tutor.serve.zygote import Spawner

log = logging.getLogger("tutor.serve")

NEEDS_PTY = b"backprop-tutor needs an interactive terminal: connect with `ssh -t`.\r\n"
IDLE_BYE = (
    b"\r\nbackprop-tutor: you were idle for a while, so the session ended. Come back soon!\r\n"
)
TIME_BYE = b"\r\nbackprop-tutor: the session reached its time limit. Please reconnect.\r\n"
TERMINAL_RESET = (
    b"\x1b[?2004l"  # bracketed paste off
    b"\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l"  # mouse reporting off
    b"\x1b[?2048l"  # in-band resize reports off
    b"\x1b[?7h"  # line wrap on
    b"\x1b[<u"  # kitty keyboard protocol popped (before leaving the alternate screen)
    b"\x1b[?1049l\x1b[?25h\x1b[?1004l"  # normal screen, cursor shown, focus reports off
    b"\x1b[0m"
)
"""What Textual's driver sends on exit: sent before the server ends a session by a timer."""
_READ_SIZE = 64 * 1024
_INPUT_BUFFER_MAX = 64 * 1024
_CLIENT_VARS = frozenset({b"LANG", b"LC_ALL", b"COLORTERM"})
"""The only environment variables a client may send that the server reads."""
_CLIENT_VALUE_MAX = 128


class ClientEnv(dict[bytes, bytes]):
    """A channel's store of the client's env requests: it keeps only `_CLIENT_VARS`, short.

    asyncssh keeps every env request a client sends (one session sent 2,000 values of 30 KB:
    over 100 MB of server memory); the rest are dropped as they arrive.
    """

    def __setitem__(self, key: bytes, value: bytes) -> None:
        """Keep a variable the reader uses, with a short value; drop anything else."""
        if key in _CLIENT_VARS and len(value) <= _CLIENT_VALUE_MAX:
            super().__setitem__(key, value)


class ReaderSession(asyncssh.SSHServerSession[bytes]):
    """Runs the reader for one SSH channel, refusing everything but a shell with a PTY."""

    def __init__(
        self, config: SshConfig, spawner: Spawner, learner: str, on_close: Callable[[], None]
    ) -> None:
        """Prepare a session for `learner`; `on_close` runs once when it ends."""
        self._config = config
        self._spawner = spawner
        self._learner = learner
        self._on_close = on_close
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None
        self._term: str | None = None
        self._size = (80, 24)
        self._child: Child | None = None
        self._pending = b""
        self._reading_paused = False
        self._idle: asyncio.TimerHandle | None = None
        self._deadline: asyncio.TimerHandle | None = None
        self._closing = False
        self._loop = asyncio.get_running_loop()
        self._tasks: set[asyncio.Task[None]] = set()

    def _spawn(self, coro: Coroutine[None, None, None]) -> None:
        """Run a task, holding a reference until it finishes."""
        task = self._loop.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # asyncssh callbacks: requests -------------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        """Keep the channel, and bound what it stores of the client's env requests."""
        self._chan = chan
        chan._env = ClientEnv()  # asyncssh's own dict would keep every request

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: object
    ) -> bool:
        """Accept a PTY and note the client's terminal type and size."""
        self._term = term_type
        if term_size[0] and term_size[1]:
            self._size = (term_size[0], term_size[1])
        return True

    def shell_requested(self) -> bool:
        """Accept a shell: it runs the reader (a shell without a PTY is told why it cannot)."""
        return True

    def exec_requested(self, command: str) -> bool:
        """Refuse remote commands."""
        log.info("refused exec request from %s", self._learner)
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        """Refuse subsystems (sftp, ...)."""
        log.info("refused subsystem %r from %s", subsystem[:40], self._learner)
        return False

    def session_started(self) -> None:
        """Start the reader, or explain that a terminal is needed."""
        chan = self._chan
        assert chan is not None
        if self._term is None:
            chan.write(NEEDS_PTY)
            chan.exit(1)
            return
        env = chan.get_environment()
        peer = chan.get_extra_info("peername") or ("?", 0)
        local = chan.get_extra_info("sockname") or ("?", 0)
        lang = lang_from_client(env)
        args = ["--lang", lang] if lang else []
        if self._config.course is not None:
            args.append(str(self._config.course))
        child_env = child_environment(
            home=self._config.home,
            learner=self._learner,
            term=self._term,
            colorterm=env.get("COLORTERM"),
            ssh_connection=f"{peer[0]} {peer[1]} {local[0]} {local[1]}",
            fault_injection=self._config.fault_injection,
        )
        try:
            self._child = self._spawner.start(args, child_env, *self._size)
        except OSError as err:
            log.error("could not start a reader for %s: %s", self._learner, err)
            chan.write(b"backprop-tutor: the server is busy; please try again.\r\n")
            chan.exit(1)
            return
        log.info("session %d started for %s from %s", self._child.pid, self._learner, peer[0])
        self._loop.add_reader(self._child.master, self._from_child)
        self._touch()
        if self._config.max_session_time > 0:
            self._deadline = self._loop.call_later(
                self._config.max_session_time, self._end, TIME_BYE
            )
        self._spawn(self._wait_child(self._child))

    # data flow ---------------------------------------------------------------------------

    def _from_child(self) -> None:
        """Reader output → client. Stops on EIO (the reader closed its terminal)."""
        child, chan = self._child, self._chan
        if child is None or chan is None or child.master < 0:
            return
        try:
            data = os.read(child.master, _READ_SIZE)
        except BlockingIOError:
            return
        except OSError as err:
            if err.errno != errno.EIO:
                log.warning("reading from reader %d: %s", child.pid, err)
            data = b""
        if not data:
            self._loop.remove_reader(child.master)
            return
        chan.write(data)

    def pause_writing(self) -> None:
        """The client is slow: stop reading the reader's output (it then blocks on its tty)."""
        if self._child is not None and self._child.master >= 0:
            self._loop.remove_reader(self._child.master)

    def resume_writing(self) -> None:
        """The client caught up: read the reader's output again."""
        if self._child is not None and self._child.master >= 0:
            self._loop.add_reader(self._child.master, self._from_child)

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        """Client keys → reader. When the PTY is full, stop reading from the client."""
        self._touch()
        if self._child is None or self._child.master < 0:
            return
        self._pending += data
        self._flush_input()

    def _flush_input(self) -> None:
        child, chan = self._child, self._chan
        if child is None or chan is None or child.master < 0:
            return
        try:
            written = os.write(child.master, self._pending[:_INPUT_BUFFER_MAX])
        except BlockingIOError:
            written = 0
        except OSError:
            self._pending = b""
            return
        self._pending = self._pending[written:]
        if self._pending and not self._reading_paused:
            self._reading_paused = True
            chan.pause_reading()
            self._loop.add_writer(child.master, self._flush_input)
        elif not self._pending and self._reading_paused:
            self._reading_paused = False
            self._loop.remove_writer(child.master)
            chan.resume_reading()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        """Forward a window change to the reader's PTY (the kernel sends SIGWINCH)."""
        self._size = (width or self._size[0], height or self._size[1])
        if self._child is not None and self._child.master >= 0:
            with contextlib.suppress(OSError):
                set_window_size(self._child.master, *self._size)

    def eof_received(self) -> bool:
        """The client closed its input: end the session."""
        self._end()
        return False

    # ending ------------------------------------------------------------------------------

    def _touch(self) -> None:
        """Restart the idle timer (only the learner's input counts as activity)."""
        if self._config.idle_timeout <= 0 or self._closing:
            return
        if self._idle is not None:
            self._idle.cancel()
        self._idle = self._loop.call_later(self._config.idle_timeout, self._end, IDLE_BYE)

    async def _wait_child(self, child: Child) -> None:
        code = await child.wait()
        # Drain what the reader wrote just before exiting (its goodbye or error line).
        while child.master >= 0 and self._chan is not None:
            try:
                data = os.read(child.master, _READ_SIZE)
            except OSError:
                break
            if not data:
                break
            self._chan.write(data)
        log.info("session %d for %s: reader exited with %s", child.pid, self._learner, code)
        self._end(exit_status=code if code >= 0 else 1)

    def _end(self, message: bytes = b"", exit_status: int = 0) -> None:
        """End the session once: say why, close the channel, hang the reader up."""
        if self._closing:
            return
        self._closing = True
        for timer in (self._idle, self._deadline):
            if timer is not None:
                timer.cancel()
        if self._chan is not None:
            if message:  # the reader is cut off mid-screen: restore the terminal first
                self._chan.write(TERMINAL_RESET + message)
            self._chan.exit(exit_status)
        self._spawn(self._stop_child())

    async def _stop_child(self) -> None:
        if self._child is not None:
            if self._reading_paused and self._child.master >= 0:
                self._loop.remove_writer(self._child.master)
            await self._child.hang_up()
        self._on_close()

    def connection_lost(self, exc: Exception | None) -> None:
        """The client went away (or the channel closed): hang the reader up."""
        self._chan = None
        self._end()

    def kill_now(self) -> None:
        """The server is stopping: kill the reader at once."""
        if self._child is not None:
            self._child.kill_now()


class RefusalSession(asyncssh.SSHServerSession[bytes]):
    """A session that only says why it is refused (not on the roster), then ends (exit 1)."""

    def __init__(self, line: str) -> None:
        """Say `line` to whoever opens this session."""
        self._line = line.encode("utf-8", errors="replace") + b"\r\n"
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        """Keep the channel; keep none of the client's env requests."""
        self._chan = chan
        chan._env = ClientEnv()

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: object
    ) -> bool:
        """Accept, so that the line reaches an interactive client."""
        return True

    def shell_requested(self) -> bool:
        """Accept: the 'shell' is the refusal line."""
        return True

    def exec_requested(self, command: str) -> bool:
        """Accept: the command is not run, the refusal line is shown instead."""
        return True

    def session_started(self) -> None:
        """Say why, and end."""
        if self._chan is not None:
            self._chan.write(self._line)
            self._chan.exit(1)
