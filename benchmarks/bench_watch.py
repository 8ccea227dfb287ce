"""`--watch`: how fast a save reaches the screen, and what an idle watching reader costs.

Run as `python benchmarks/bench_watch.py [--saves N] [--idle SECONDS]`. The reader runs in a
real PTY (80x24) on a temporary lesson. Latency: from the moment a save is renamed over the
lesson (as editors save) to the last byte of the frame that shows the new sentence. Idle cost:
the reader's CPU time (user + system, all threads) over an idle interval, with and without
`--watch`, after the first page has settled.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import psutil

if __package__ in (None, ""):  # run as a script: make `benchmarks` and `tutor` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.pty_harness import PtyProcess, screen_text, shows, snapshot, terminal_env
from benchmarks.report import Row, median, ms, p95, table

LESSON = "---\ntitle: Watched\n---\nThe first page.\n\n## Second\n\nSentence {n}.\n"


def save(path: Path, text: str) -> float:
    """Save as editors do (a temporary file renamed over the lesson); the time of the rename."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return time.perf_counter()


def start(lesson: Path, home: Path, *flags: str) -> PtyProcess:
    """The reader on `lesson`, its first page shown and settled."""
    env = terminal_env("xterm", False, {"BACKPROP_TUTOR_HOME": str(home)})
    proc = PtyProcess([sys.executable, "-m", "tutor", str(lesson), *flags], env)
    try:
        proc.wait_frame(shows("The first page."), proc.started)
    except BaseException:
        proc.close()  # stopped by its pid: never left running (its PTY gone, it would spin)
        raise
    return proc


def latencies(lesson: Path, home: Path, saves: int) -> list[float]:
    """Seconds from each save to the frame showing it."""
    proc = start(lesson, home, "--watch")
    try:
        proc.send(b" ")
        proc.wait_frame(shows("Sentence 0."), time.perf_counter())
        time.sleep(0.5)  # the watcher's thread is up
        found = []
        for n in range(1, saves + 1):
            since = save(lesson, LESSON.format(n=n))
            frame = proc.wait_frame(shows(f"Sentence {n}."), since)
            found.append(frame.last_byte)
            if "page 2/2" not in screen_text(snapshot(proc.output.screen)):
                raise RuntimeError("the reload left the page")
        return found
    finally:
        proc.close()


def cpu_seconds(pid: int) -> float:
    """CPU time of a process, all threads: nanoseconds from Linux's schedstat, else psutil's.

    psutil's user + system times move in clock ticks (10 ms), too coarse for an idle reader.
    """
    total = 0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            total += int((task / "schedstat").read_text().split()[0])
    except OSError:
        times = psutil.Process(pid).cpu_times()
        return float(times.user + times.system)
    return total / 1e9


def idle_cpu(lesson: Path, home: Path, seconds: float, *flags: str) -> float:
    """CPU seconds the reader uses while nothing happens for `seconds`."""
    proc = start(lesson, home, *flags)
    try:
        proc.drain(quiet=1.0)
        before = cpu_seconds(proc.pid)
        time.sleep(seconds)
        return cpu_seconds(proc.pid) - before
    finally:
        proc.close()


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--idle", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-watch-") as folder:
        lesson, home = Path(folder) / "lesson.md", Path(folder)
        lesson.write_text(LESSON.format(n=0), encoding="utf-8")
        times = latencies(lesson, home / "a", args.saves)
        lesson.write_text(LESSON.format(n=0), encoding="utf-8")
        watching = idle_cpu(lesson, home / "b", args.idle, "--watch")
        plain = idle_cpu(lesson, home / "c", args.idle)
    rows = [
        Row("watch", "save to frame, median", ms(median(times)), "< 2000 ms", median(times) < 2),
        Row("watch", "save to frame, p95", ms(p95(times)), "< 2000 ms", p95(times) < 2),
        Row("watch", "save to frame, max", ms(max(times)), note=f"{len(times)} saves"),
        Row("watch", f"idle CPU over {args.idle:g} s, --watch", ms(watching)),
        Row("watch", f"idle CPU over {args.idle:g} s, no --watch", ms(plain)),
    ]
    print(table(rows))


if __name__ == "__main__":
    main()
