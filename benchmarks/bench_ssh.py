"""4. Over SSH: connect → first screen, memory per session, keypress latency under load.

The project's server (`python -m tutor serve ssh --open`, 127.0.0.1 only) runs as a
subprocess with its own data folder; asyncssh is the client. The server is always stopped by its
pid at the end.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil

from benchmarks.pty_harness import ROOT
from benchmarks.reader import FIRST_TEXTS, PLOT_PAGE, new_home, seed_position
from benchmarks.report import Row, median, ms, p95
from benchmarks.ssh_client import Client, connect, keypress, learner_of, new_key

CONNECT_TARGET = 0.2
USS_TARGET = 30e6
LOAD_TARGET = 0.1
BATCH = 10
"""Connections opened at once while building up a load level."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """`python -m tutor serve ssh --open` on 127.0.0.1, stopped by its pid."""

    def __init__(self, home: Path, max_sessions: int) -> None:
        """Start the server and wait (at most 30 s) until it accepts connections."""
        self.home = home
        self.port = free_port()
        argv = [sys.executable, "-m", "tutor", "serve", "ssh", "--host", "127.0.0.1"]
        argv += ["--port", str(self.port), "--open", "--max-sessions", str(max_sessions)]
        argv += ["--per-ip", str(max_sessions)]
        env = {**os.environ, "BACKPROP_TUTOR_HOME": str(home)}
        self.log = (home / "server.log").open("wb")
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 30
        while not self._listening():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"the SSH server did not start; see {home / 'server.log'}")
            time.sleep(0.1)

    def _listening(self) -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self.port)) == 0

    def readers(self) -> list[psutil.Process]:
        """The live reader processes: the server's descendants except the zygote."""
        try:
            server = psutil.Process(self.proc.pid)
            zygotes = {p.pid for p in server.children() if "zygote" in " ".join(p.cmdline())}
            found = server.children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        live: list[psutil.Process] = []
        for proc in found:
            with contextlib.suppress(psutil.NoSuchProcess):  # it may end while we look
                if proc.pid not in zygotes and proc.status() != psutil.STATUS_ZOMBIE:
                    live.append(proc)
        return live

    def stop(self) -> None:
        """SIGTERM by pid (the server kills its readers), SIGKILL after 10 s."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        self.log.close()


def uss(processes: list[psutil.Process]) -> list[float]:
    """The unique set size (bytes only this process holds) of each process."""
    sizes: list[float] = []
    for proc in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            sizes.append(float(proc.memory_full_info().uss))
    return sizes


async def connect_times(port: int, repeats: int) -> tuple[list[float], str]:
    """Connect → finished first screen, one new learner at a time (after one warm-up).

    Returns:
        The times, and the median of each phase: login (TCP, key exchange, authentication),
        session open (channel, PTY, shell: the reader forked), first byte, first screen.
    """
    times: list[float] = []
    phases: list[tuple[float, float, float]] = []
    for index in range(repeats + 1):
        started = time.perf_counter()
        client = await connect(port, new_key(), True, FIRST_TEXTS)
        if index:
            times.append(client.session.last - started)
            first = client.session.first or client.session.last
            phases.append(
                (client.logged_in - started, client.opened - client.logged_in, first - started)
            )
        client.conn.close()
        await client.conn.wait_closed()
    login, opened, first = (median([p[i] for p in phases]) for i in range(3))
    note = f"login {ms(login)}, session open +{ms(opened)}, first byte at {ms(first)}"
    return times, note


async def typist(client: Client, presses: int, rng: random.Random) -> None:
    """Press g `presses` times with a learner's pauses (0.3-1 s), noting each latency."""
    for _ in range(presses):
        await asyncio.sleep(rng.uniform(0.3, 1.0))
        client.latencies.append(await keypress(client, b"g"))


async def load_level(
    server: Server, sessions: int, presses: int
) -> tuple[list[float], list[float]]:
    """Open `sessions` learners at the plotted neuron; their g latencies and readers' USS."""
    keys = [new_key() for _ in range(sessions)]
    for key in keys:
        seed_position(server.home, learner_of(key), *PLOT_PAGE)
    clients: list[Client] = []
    try:
        for start in range(0, sessions, BATCH):
            batch = keys[start : start + BATCH]
            clients += await asyncio.gather(
                *(connect(server.port, key, True, FIRST_TEXTS) for key in batch)
            )
        for client in clients:
            client.session.emulate = False  # the many-session run watches bytes only
            await keypress(client, b"\t")
        rng = random.Random(sessions)
        await asyncio.gather(*(typist(client, presses, rng) for client in clients))
        sizes = uss(server.readers())  # after typing: the plot's code is loaded too
        return [t for client in clients for t in client.latencies], sizes
    finally:
        for client in clients:
            client.conn.close()
        for client in clients:
            await client.conn.wait_closed()


async def measure(server: Server, repeats: int, levels: list[int], presses: int) -> list[Row]:
    """All of section 4 against one running server."""
    times, phases = await connect_times(server.port, repeats)
    rows = [
        Row(
            "4",
            "SSH connect → first screen",
            ms(median(times)),
            f"≤ {ms(CONNECT_TARGET)}",
            median(times) <= CONNECT_TARGET,
            f"median of {repeats}; p95 {ms(p95(times))}; {phases}",
        ),
    ]
    sizes: list[float] = []
    for sessions in levels:
        latencies, level_sizes = await load_level(server, sessions, presses)
        sizes = level_sizes  # the largest level's readers share the most pages
        rows.append(
            Row(
                "4",
                f"{sessions} sessions: g → frame finished, p95",
                ms(p95(latencies)),
                f"≤ {ms(LOAD_TARGET)}" if sessions == max(levels) else "",
                p95(latencies) <= LOAD_TARGET if sessions == max(levels) else None,
                f"median {ms(median(latencies))}, n={len(latencies)}",
            )
        )
        await _wait_readers_gone(server)
    rows.insert(
        1,
        Row(
            "4",
            "USS per session (reader process)",
            f"{median(sizes) / 1e6:.1f} MB",
            f"≤ {USS_TARGET / 1e6:.0f} MB",
            median(sizes) <= USS_TARGET,
            f"{len(sizes)} readers, after typing; max {max(sizes, default=0) / 1e6:.1f} MB",
        ),
    )
    return rows


async def _wait_readers_gone(server: Server, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while server.readers() and time.monotonic() < deadline:
        await asyncio.sleep(0.2)


def run(repeats: int, levels: list[int], presses: int) -> list[Row]:
    """Start a server, measure, and always stop the server by its pid."""
    server = Server(new_home(), max(levels) + 8)
    try:
        return asyncio.run(measure(server, repeats, levels, presses))
    finally:
        server.stop()
