"""Limits and lifecycle: session caps, timers, dead or frozen clients, a killed server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ssh_helpers import Servers, alive, run_ssh, ssh_argv, tmux, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

_MiB = 1024 * 1024
FLOOD_OUTPUT = f"{sys.executable} -I -c " + "\"import os\nwhile True: os.write(1, b'x' * 65536)\""


def test_per_ip_and_total_limits_hold(servers: Servers, key: Path) -> None:
    per_ip = servers.ssh("--open", "--per-ip", "1")
    total = servers.ssh("--open", "--max-sessions", "1", "--per-ip", "5")
    with tmux(ssh_argv(per_ip, key)) as first, tmux(ssh_argv(total, key)) as second:
        first.wait_for("Stand-in reader")
        second.wait_for("Stand-in reader")
        refused_ip = run_ssh(ssh_argv(per_ip, key, "-T"))
        refused_total = run_ssh(ssh_argv(total, key, "-T"))
    assert refused_ip.returncode == 255
    assert "too many sessions from your address" in refused_ip.stderr
    assert refused_total.returncode == 255
    assert "the server is full" in refused_total.stderr
    # Places are given back when sessions end.
    wait_until(lambda: run_ssh(ssh_argv(per_ip, key, "-T")).returncode == 1, 10, "a free place")


def test_a_silent_connection_is_closed_after_the_login_timeout(servers: Servers) -> None:
    server = servers.ssh("--open", "--login-timeout", "1")
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        banner = sock.recv(256)
        assert banner.startswith(b"SSH-2.0-")
        while sock.recv(4096):  # the server's key exchange offer, then nothing: closed
            pass


def test_the_idle_timer_ends_a_quiet_session(servers: Servers, key: Path) -> None:
    server = servers.ssh("--open", "--idle-timeout", "1.5")
    with tmux(ssh_argv(server, key)) as term:
        term.wait_for("Stand-in reader")
        term.wait_for("you were idle for a while")
    wait_until(lambda: not server.readers(), 5, "the reader to go")


def test_the_session_time_limit_ends_a_busy_session(servers: Servers, key: Path) -> None:
    server = servers.ssh("--open", "--max-session-time", "2", "--idle-timeout", "60")
    with tmux(ssh_argv(server, key)) as term:
        term.wait_for("Stand-in reader")
        for _ in range(10):
            term.keys("a")
            if "time limit" in term.screen():
                break
            time.sleep(0.3)
        term.wait_for("the session reached its time limit")


def test_a_killed_client_takes_its_reader_along(servers: Servers, key: Path) -> None:
    server = servers.ssh("--open")
    with tmux(ssh_argv(server, key)) as term:
        term.wait_for("Stand-in reader")
        [reader] = server.readers()
        os.kill(term.client_pid(), signal.SIGKILL)
        wait_until(lambda: not alive(reader.pid), 1, "the reader to exit")
        wait_until(lambda: not server.readers(), 1, "the reader to be reaped (no zombie)")


def test_a_frozen_client_is_closed_by_keepalive(servers: Servers, key: Path) -> None:
    server = servers.ssh("--open", "--keepalive", "0.5")
    with tmux(ssh_argv(server, key)) as term:
        term.wait_for("Stand-in reader")
        [reader] = server.readers()
        client = term.client_pid()
        os.kill(client, signal.SIGSTOP)
        try:
            wait_until(lambda: not alive(reader.pid), 10, "keepalive to close the session")
        finally:
            os.kill(client, signal.SIGCONT)
        wait_until(lambda: not server.readers(), 2, "the reader to be reaped")


def test_killing_the_server_leaves_no_reader(servers: Servers, key: Path) -> None:
    server = servers.ssh("--open")
    with tmux(ssh_argv(server, key)) as term:
        term.wait_for("Stand-in reader")
        [reader] = server.readers()
        zygote = server.zygote()
        assert zygote is not None
        server.stop(signal.SIGKILL)
        wait_until(lambda: not alive(reader.pid), 5, "the reader to die with the server")
        wait_until(lambda: not alive(zygote.pid), 5, "the zygote to die with the server")


def test_a_stopped_server_stops_its_readers(servers: Servers, key: Path) -> None:
    server = servers.ssh("--open")
    with tmux(ssh_argv(server, key)) as term:
        term.wait_for("Stand-in reader")
        [reader] = server.readers()
        server.stop(signal.SIGTERM)
        assert server.proc.returncode == 0
        wait_until(lambda: not alive(reader.pid), 5, "the reader to stop")


def test_an_input_flood_keeps_server_memory_bounded(servers: Servers, key: Path) -> None:
    server = servers.ssh("--open")
    with open("/dev/zero", "rb") as zeros:
        client = subprocess.Popen(
            ssh_argv(server, key, "-tt"), stdin=zeros, stdout=subprocess.DEVNULL
        )
        try:
            wait_until(lambda: bool(server.readers()), 10, "the session to start")
            before = server.rss()
            time.sleep(3)
            assert client.poll() is None
            assert server.rss() - before < 32 * _MiB
        finally:
            client.kill()
            client.wait(5)


def test_a_client_that_stops_reading_keeps_server_memory_bounded(
    servers: Servers, key: Path
) -> None:
    server = servers.ssh("--open", "--keepalive", "600", child=FLOOD_OUTPUT, script=None)
    client = subprocess.Popen(
        ssh_argv(server, key, "-tt"), stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        wait_until(lambda: bool(server.readers()), 10, "the session to start")
        time.sleep(1)
        before = server.rss()
        time.sleep(3)  # the client never reads its stdout
        assert server.rss() - before < 32 * _MiB
    finally:
        client.kill()
        client.wait(5)
    wait_until(lambda: not server.readers(), 5, "the reader to go")
