"""Connection floods: refused sockets are closed at once, the log stays small, learners get in."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from ssh_helpers import Servers, make_key, run_ssh, ssh_argv, wait_until

pytestmark = [pytest.mark.abuse, pytest.mark.e2e, pytest.mark.slow]

FLOOD = 300


@contextlib.contextmanager
def silent_connections(port: int, count: int) -> Iterator[list[socket.socket]]:
    """`count` TCP connections to 127.0.0.1:`port` that never say a word; closed afterwards."""
    opened: list[socket.socket] = []
    try:
        for _ in range(count):
            with contextlib.suppress(OSError):
                opened.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        yield opened
    finally:
        for sock in opened:
            sock.close()


def _closed_by_server(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        while data := sock.recv(65536):
            del data
        return True  # EOF: the server closed it
    except BlockingIOError:
        return False  # still open, nothing more to read
    except OSError:
        return True  # reset


def test_a_flood_of_silent_connections_is_closed_at_once(servers: Servers, tmp_path: Path) -> None:
    server = servers.ssh("--open", "--per-ip", "4", "--login-timeout", "30")
    fds_before = psutil.Process(server.pid).num_fds()
    with silent_connections(server.port, FLOOD) as flood:
        time.sleep(0.5)
        wait_until(
            lambda: sum(map(_closed_by_server, flood)) >= FLOOD - 4 - 2,
            5,
            "the refused connections to be closed",
        )
        fds = psutil.Process(server.pid).num_fds()
    print(f"server fds: {fds_before} before, {fds} during a flood of {FLOOD}")
    assert fds - fds_before < 20
    # The flood gone, a learner gets in at once.
    started = time.monotonic()
    result = run_ssh(ssh_argv(server, make_key(tmp_path), "-T"))
    assert result.returncode == 1, result.stderr  # in, and told that -t is needed
    print(f"learner in {time.monotonic() - started:.2f} s after the flood")
    refusals = [line for line in server.output().splitlines() if "refused" in line]
    assert len(refusals) <= 3, refusals


@pytest.mark.slow
def test_running_out_of_files_logs_one_line_per_interval(servers: Servers, tmp_path: Path) -> None:
    server = servers.ssh("--open", "--per-ip", "500", "--max-sessions", "500", nofile=64)
    with silent_connections(server.port, 120):
        time.sleep(3)  # asyncio retries accept() every second
    log = server.output()
    accept_lines = [line for line in log.splitlines() if "accept" in line]
    assert 1 <= len(accept_lines) <= 2, accept_lines
    assert "Traceback" not in log
    result = run_ssh(ssh_argv(server, make_key(tmp_path), "-T"))
    assert result.returncode == 1, result.stderr
