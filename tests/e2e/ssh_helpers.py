"""Helpers for the SSH and web end-to-end tests: a server process, keys, ssh, tmux.

Everything listens on 127.0.0.1 only; servers are started as subprocesses and stopped by pid.
Every wait is bounded.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
STANDIN = Path(__file__).with_name("ssh_standin_app.py")
STANDIN_SCRIPT = str(STANDIN)
"""The stand-in reader, run by the server in place of the reader (`--child-script`)."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until(check: Callable[[], bool], timeout: float, what: str | Callable[[], str]) -> None:
    """Poll `check` every 50 ms; fail the test with `what` after `timeout` seconds.

    `what` may be a function, called at the timeout (e.g. to show the screen as it is then).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    said = what() if callable(what) else what
    raise AssertionError(f"timed out after {timeout}s waiting for {said}")


def make_key(folder: Path, name: str = "id") -> Path:
    """A new passphrase-less Ed25519 key; returns the private key's path."""
    path = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(path)],
        check=True,
        timeout=10,
    )
    return path


def key_fingerprint(key: Path) -> str:
    """The SHA256 fingerprint of a key, as ssh-keygen prints it."""
    out = subprocess.run(
        ["ssh-keygen", "-l", "-E", "sha256", "-f", f"{key}.pub"],
        check=True,
        capture_output=True,
        text=True,
        timeout=10,
    ).stdout
    return out.split()[1]


class Server:
    """`python -m tutor.serve ssh|web ...` as a subprocess with its own data folder."""

    def __init__(
        self,
        tmp: Path,
        kind: str,
        *args: str,
        child: str | None,
        script: str | None,
        nofile: int | None = None,
    ) -> None:
        """Start the server on a free port and wait until it accepts connections.

        `child` replaces the reader by a command (spawned); `script` by a Python file (forked
        from the zygote); with neither, the real reader runs. `nofile` caps the server's open
        files (soft and hard), as a service manager's LimitNOFILE would.
        """
        self.tmp = tmp
        self.home = tmp / "home"
        self.port = free_port()
        self.log = tmp / f"server-{self.port}.log"
        argv = [sys.executable, "-m", "tutor.serve", kind, "--port", str(self.port), *args]
        if child:
            argv += ["--child-command", child]
        if script:
            argv += ["--child-script", script]
        env = {**os.environ, "BACKPROP_TUTOR_HOME": str(self.home), "PYTHONPATH": str(ROOT)}
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                argv, cwd=ROOT, env=env, stdout=log, stderr=log, preexec_fn=_nofile(nofile)
            )
        self.pid = self.proc.pid
        wait_until(self._listening, 15, f"the server on port {self.port}\n{self.output()}")

    def _listening(self) -> bool:
        if self.proc.poll() is not None:
            raise AssertionError(f"server exited early:\n{self.output()}")
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self.port)) == 0

    def output(self) -> str:
        """What the server printed and logged so far."""
        return self.log.read_text(errors="replace")

    def readers(self) -> list[psutil.Process]:
        """The readers: the server's children and the zygote's (zombies included)."""
        found: list[psutil.Process] = []
        with contextlib.suppress(psutil.NoSuchProcess):
            for child in psutil.Process(self.pid).children():
                if _is_zygote(child):
                    found += child.children()
                else:
                    found.append(child)
        return found

    def zygote(self) -> psutil.Process | None:
        """The server's zygote process, if it runs one."""
        with contextlib.suppress(psutil.NoSuchProcess):
            for child in psutil.Process(self.pid).children():
                if _is_zygote(child):
                    return child
        return None

    def rss(self) -> int:
        """The server's resident memory in bytes."""
        rss: int = psutil.Process(self.pid).memory_info().rss
        return rss

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the server by its pid; SIGKILL if it does not stop within 5 s."""
        if self.proc.poll() is None:
            os.kill(self.pid, sig)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.proc.wait(5)


def _nofile(limit: int | None) -> Callable[[], None] | None:
    """A preexec_fn setting RLIMIT_NOFILE to `limit` (soft and hard), or None."""
    if limit is None:
        return None

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

    return apply


def _is_zygote(proc: psutil.Process) -> bool:
    with contextlib.suppress(psutil.NoSuchProcess):
        return any("tutor.serve.zygote" in part for part in proc.cmdline())
    return False


def ssh_argv(
    server: Server, key: Path | None, *extra: str, user: str = "learner", batch: bool = True
) -> list[str]:
    """An OpenSSH client command for `server`, with a throwaway known_hosts and config."""
    argv = [
        "ssh",
        "-F",
        "/dev/null",
        "-p",
        str(server.port),
        "-l",
        user,
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        f"UserKnownHostsFile={server.tmp / 'known_hosts'}",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "ConnectTimeout=10",
    ]
    if batch:
        argv += ["-o", "BatchMode=yes"]
    argv += ["-i", str(key)] if key else ["-o", "PubkeyAuthentication=no"]
    return [*argv, *extra, "127.0.0.1"]


def run_ssh(argv: Sequence[str], timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """Run a client to completion, stdin closed, capturing its output."""
    return subprocess.run(
        argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout
    )


class Tmux:
    """A private tmux server holding one window: a real terminal for a real ssh client."""

    def __init__(self, command: Sequence[str], width: int = 100, height: int = 30) -> None:
        """Run `command` in a new detached session of the given size."""
        self.socket = f"bt-{uuid.uuid4().hex[:8]}"
        line = " ".join(_quote(part) for part in command) + "; sleep 60"
        self._tmux("new-session", "-d", "-x", str(width), "-y", str(height), line)

    def _tmux(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return out.stdout

    def screen(self) -> str:
        """The visible text of the pane."""
        return self._tmux("capture-pane", "-p")

    def wait_for(self, text: str, timeout: float = 15) -> str:
        """Wait until `text` is on screen; return the screen."""
        wait_until(
            lambda: text in self.screen(), timeout, lambda: f"{text!r} on screen:\n{self.screen()}"
        )
        return self.screen()

    def page_to(self, text: str, presses: int = 30, timeout: float = 15) -> str:
        """Press Space until `text` is on screen, as a learner reads on; return the screen.

        Space scrolls a page longer than the screen before it turns it, so each press waits
        for the screen to change rather than for the next page.
        """
        for _ in range(presses):
            screen = self.screen()
            if text in screen:
                return screen
            self.press("Space", timeout)
        return self.wait_for(text, timeout)

    def press(self, key: str, timeout: float = 15) -> str:
        """Press `key`, wait for the screen to change and then to settle; return it.

        A scroll or a page turn may reach the terminal in more than one frame (the footer's
        keys come a frame later): the next key waits until the screen has been still for a
        moment, so a test never presses again on a half-drawn change.
        """
        before = self.screen()
        self.keys(key)
        wait_until(partial(self.changed_from, before), timeout, f"{key} to change:\n{before}")
        return self.settled(timeout)

    def settled(self, timeout: float = 15, quiet: float = 0.3) -> str:
        """Wait until the screen has not changed for `quiet` seconds; return it."""
        deadline = time.monotonic() + timeout
        screen, still_since = self.screen(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = self.screen()
            if now != screen:
                screen, still_since = now, time.monotonic()
            elif time.monotonic() - still_since >= quiet:
                return screen
        raise AssertionError(f"the screen kept changing for {timeout}s:\n{screen}")

    def changed_from(self, before: str) -> bool:
        """Whether the screen differs from `before`."""
        return self.screen() != before

    def keys(self, *keys: str) -> None:
        """Type keys (tmux key names)."""
        self._tmux("send-keys", *keys)

    def resize(self, width: int, height: int) -> None:
        """Resize the window, as a learner dragging the terminal's corner."""
        self._tmux("resize-window", "-x", str(width), "-y", str(height))

    def client_pid(self) -> int:
        """The pid of the ssh client running in the pane."""
        shell = int(self._tmux("display-message", "-p", "#{pane_pid}").strip())
        for proc in [psutil.Process(shell), *psutil.Process(shell).children(recursive=True)]:
            if proc.name() == "ssh":
                pid: int = proc.pid
                return pid
        raise AssertionError("no ssh client in the pane")

    def kill(self) -> None:
        """Close the tmux server (and the client in it)."""
        with contextlib.suppress(subprocess.SubprocessError):
            self._tmux("kill-server")


def _quote(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"


def reader_command(
    home: Path | None,
    *args: str,
    term: str = "xterm",
    env: Sequence[str] = (),
    unset: Sequence[str] = (),
) -> list[str]:
    """The command line that runs `python -m tutor ARGS` from this checkout in a tmux pane.

    `env -u COLUMNS -u LINES` (pytest may set them; Textual would believe them over the pane's
    size) and `-u` each of `unset`, then TERM=`term`, LANG=C.UTF-8, BACKPROP_TUTOR_HOME=`home`
    (unless None), PYTHONPATH=this checkout and the `NAME=value` items of `env`.
    """
    command = ["env"]
    for name in ("COLUMNS", "LINES", *unset):
        command += ["-u", name]
    command += [f"TERM={term}", "LANG=C.UTF-8"]
    if home is not None:
        command.append(f"BACKPROP_TUTOR_HOME={home}")
    return [*command, f"PYTHONPATH={ROOT}", *env, sys.executable, "-m", "tutor", *args]


@contextlib.contextmanager
def tmux(command: Sequence[str], width: int = 100, height: int = 30) -> Iterator[Tmux]:
    """A Tmux that is always killed afterwards."""
    term = Tmux(command, width, height)
    try:
        yield term
    finally:
        term.kill()


def alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        status: str = psutil.Process(pid).status()
        zombie: str = psutil.STATUS_ZOMBIE
        return status != zombie
    except psutil.NoSuchProcess:
        return False


class Servers:
    """Servers started by one test, all stopped (by pid) at teardown."""

    def __init__(self, tmp: Path) -> None:
        """Servers keep their data under `tmp`."""
        self._tmp = tmp
        self._started: list[Server] = []

    def ssh(
        self,
        *args: str,
        child: str | None = None,
        script: str | None = STANDIN_SCRIPT,
        nofile: int | None = None,
    ) -> Server:
        """Start `serve ssh ARGS` (with the stand-in reader unless told otherwise)."""
        server = Server(self._tmp, "ssh", *args, child=child, script=script, nofile=nofile)
        self._started.append(server)
        return server

    def web(
        self, *args: str, child: str | None = None, script: str | None = STANDIN_SCRIPT
    ) -> Server:
        """Start `serve web ARGS` (with the stand-in reader unless told otherwise)."""
        server = Server(self._tmp, "web", *args, child=child, script=script)
        self._started.append(server)
        return server

    def stop_all(self) -> None:
        """Stop every server this test started."""
        for server in self._started:
            server.stop()
