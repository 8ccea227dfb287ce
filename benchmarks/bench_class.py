"""Teaching a class: what a session costs, and the class view under load.

`python benchmarks/bench_class.py [--sessions N] [--learners 300,3000] [--writers 100]`

1. Capacity: N learners over SSH (`serve ssh --open`, 127.0.0.1, asyncssh clients) at the
   plotted neuron, each pressing `g` with pauses (0.3-1 s: every learner typing steadily, the
   worst case; then 2-6 s: a class reading and trying). The CPU time of the server, its zygote
   and every reader over the typing window gives the cores the class uses, so sessions per
   core; memory per session is the readers' median USS plus the server's own growth per
   session.
2. The class view: `read_class` over a progress file holding 300 and 3,000 learners (written
   straight into SQLite, 12 pages and 10 answers each), then while 100 forked writers record
   answers the reader's way (`ProgressStore.record_quiz`, fsynced): the read time and the
   writers' answer latency with and without the reads, and any error (there must be none).

Prints a table; stops every process it started by pid.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` and `tutor` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil

from benchmarks.bench_ssh import Server, uss
from benchmarks.reader import FIRST_TEXTS, PLOT_PAGE, new_home, seed_position
from benchmarks.report import Row, median, ms, p95, table
from benchmarks.ssh_client import Client, connect, keypress, learner_of, new_key


def cpu_seconds(server: Server) -> float:
    """User + system CPU time of the server and all its descendants (zygote, readers)."""
    total = 0.0
    try:
        procs = [psutil.Process(server.proc.pid)]
        procs += procs[0].children(recursive=True)
    except psutil.NoSuchProcess:
        return 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            continue
    return total


async def _type(client: Client, presses: int, pause: tuple[float, float], seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(presses):
        await asyncio.sleep(rng.uniform(*pause))
        client.latencies.append(await keypress(client, b"g"))


async def capacity(server: Server, sessions: int, presses: int) -> list[Row]:
    """Open `sessions` learners; measure CPU per session at two paces, and memory."""
    keys = [new_key() for _ in range(sessions)]
    for key in keys:
        seed_position(server.home, learner_of(key), *PLOT_PAGE)
    idle_rss = psutil.Process(server.proc.pid).memory_info().rss
    clients: list[Client] = []
    rows: list[Row] = []
    try:
        for start in range(0, sessions, 10):
            batch = keys[start : start + 10]
            clients += await asyncio.gather(
                *(connect(server.port, key, True, FIRST_TEXTS) for key in batch)
            )
        for client in clients:
            client.session.emulate = False
            await keypress(client, b"\t")
        server_rss = psutil.Process(server.proc.pid).memory_info().rss
        for label, pause in (("typing steadily", (0.3, 1.0)), ("a class pace", (2.0, 6.0))):
            for client in clients:
                client.latencies.clear()
            cpu, started = cpu_seconds(server), time.perf_counter()
            await asyncio.gather(*(_type(c, presses, pause, i) for i, c in enumerate(clients)))
            cores = (cpu_seconds(server) - cpu) / (time.perf_counter() - started)
            latencies = [t for c in clients for t in c.latencies]
            rows.append(
                Row(
                    "C",
                    f"{sessions} sessions {label} ({pause[0]:g}-{pause[1]:g} s): sessions/core",
                    f"{sessions / cores:.0f}" if cores > 0 else "-",
                    note=f"{cores:.2f} cores busy; g p95 {ms(p95(latencies))}, "
                    f"median {ms(median(latencies))}",
                )
            )
        sizes = uss(server.readers())
        growth = max(0, server_rss - idle_rss) / sessions
        rows.append(
            Row(
                "C",
                "memory per session (reader USS + server growth)",
                f"{(median(sizes) + growth) / 1e6:.1f} MB",
                note=f"reader USS median {median(sizes) / 1e6:.1f} MB (max "
                f"{max(sizes, default=0) / 1e6:.1f}); server +{growth / 1e6:.2f} MB/session; "
                f"zygote shared",
            )
        )
        return rows
    finally:
        for client in clients:
            client.conn.close()
        for client in clients:
            await client.conn.wait_closed()


# --- the class view ---------------------------------------------------------------------------


def fill(home: Path, learners: int) -> None:
    """A progress file with `learners` learners of the bundled course (one transaction)."""
    from tutor.progress import ProgressStore

    ProgressStore.open(home=home, learner="setup").close()
    conn = sqlite3.connect(home / "progress.db")
    at = "2026-12-01T10:00:00.000000Z"
    with conn:
        for n in range(learners):
            who = f"name:learner {n}"
            pages = [(who, "bundled", "neuron", p) for p in range(6)]
            pages += [(who, "bundled", "random-nudges", p) for p in range(6)]
            conn.executemany("INSERT INTO pages_seen VALUES (?, ?, ?, ?)", pages)
            conn.execute("INSERT INTO visits VALUES (?, 'bundled', 'neuron', 5, ?)", (who, at))
            for q in range(10):
                quiz = ("predict-up-a", "which-input", "predict-negative")[q % 3]
                conn.execute(
                    "INSERT INTO attempts (learner, course, lesson_id, quiz_id, answer, correct,"
                    " at) VALUES (?, 'bundled', 'neuron', ?, ?, ?, ?)",
                    (who, quiz, str(q), q % 2, at),
                )
                conn.execute(
                    "INSERT INTO quiz_counts VALUES (?, 'bundled', 'neuron', ?, 1) ON CONFLICT"
                    " DO UPDATE SET count = count + 1",
                    (who, quiz),
                )
    conn.close()


def _writer(home: str, index: int, answers: int, ready: Any, out: Any) -> None:
    from tutor.progress import ProgressStore

    with ProgressStore.open(home=Path(home), learner=f"writer {index}") as store:
        ready.wait()
        times = []
        rng = random.Random(index)
        for n in range(answers):
            time.sleep(rng.uniform(0.05, 0.3))
            started = time.perf_counter()
            store.record_quiz("neuron", "which-input", str(n), n % 2 == 0)
            times.append(time.perf_counter() - started)
        out.put((times, store.warning))


def writers_run(
    home: Path, writers: int, answers: int, read: bool
) -> tuple[list[float], list[float], list[str]]:
    """`writers` processes answering; reading the class meanwhile when `read`.

    Returns the answer latencies, the read times and any writer warnings.
    """
    from tutor.classroom.cli import course_lessons
    from tutor.course.parser import bundled_course
    from tutor.progress.classview import read_class

    lessons = course_lessons(bundled_course())
    context = multiprocessing.get_context("fork")
    ready, out = context.Event(), context.Queue()
    procs = [
        context.Process(target=_writer, args=(str(home), i, answers, ready, out))
        for i in range(writers)
    ]
    for proc in procs:
        proc.start()
    time.sleep(1.0)  # let them all open the store
    ready.set()
    reads: list[float] = []
    results: list[tuple[list[float], str | None]] = []
    while len(results) < writers:
        if read:
            started = time.perf_counter()
            read_class(home, "bundled", lessons)
            reads.append(time.perf_counter() - started)
        while not out.empty():
            results.append(out.get())
        if not read:
            time.sleep(0.05)
    for proc in procs:
        proc.join(30)
    latencies = [t for times, _ in results for t in times]
    return latencies, reads, [w for _, w in results if w]


def class_view(learner_counts: list[int], writers: int) -> list[Row]:
    """Read time at each class size, then under `writers` concurrent writers."""
    from tutor.classroom.cli import course_lessons
    from tutor.course.parser import bundled_course
    from tutor.progress.classview import read_class

    lessons = course_lessons(bundled_course())
    rows = []
    home = new_home()
    for count in learner_counts:
        home = new_home()
        fill(home, count)
        times = []
        for _ in range(5):
            started = time.perf_counter()
            read_class(home, "bundled", lessons)
            times.append(time.perf_counter() - started)
        rows.append(
            Row(
                "V",
                f"class view of {count} learners: one read",
                ms(median(times)),
                note="median of 5, read-only connection",
            )
        )
    alone, _, warned = writers_run(home, writers, 10, read=False)
    busy, reads, warned2 = writers_run(home, writers, 10, read=True)
    rows.append(
        Row(
            "V",
            f"{writers} writers: answer → durable, p95 (no class view)",
            ms(p95(alone)),
            note=f"median {ms(median(alone))}, n={len(alone)}, warnings {len(warned)}",
        )
    )
    rows.append(
        Row(
            "V",
            f"{writers} writers: answer → durable, p95 (class view reading)",
            ms(p95(busy)),
            note=f"median {ms(median(busy))}, n={len(busy)}, warnings {len(warned2)}",
        )
    )
    rows.append(
        Row(
            "V",
            f"class view of {learner_counts[-1]} learners while {writers} write",
            ms(median(reads)),
            note=f"median of {len(reads)} reads, p95 {ms(p95(reads))}; no errors",
        )
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run both parts and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--presses", type=int, default=10)
    parser.add_argument("--learners", default="300,3000")
    parser.add_argument("--writers", type=int, default=100)
    parser.add_argument("--skip-ssh", action="store_true")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    if not args.skip_ssh:
        server = Server(new_home(), args.sessions + 8)
        try:
            rows += asyncio.run(capacity(server, args.sessions, args.presses))
        finally:
            server.stop()
    rows += class_view([int(n) for n in args.learners.split(",")], args.writers)
    print(table(rows))
    print(f"cores: {psutil.cpu_count()}, load average at the end: {psutil.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
