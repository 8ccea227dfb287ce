"""Real processes: kill -9 loses nothing acknowledged; two terminals both record everything."""

from __future__ import annotations

import os
import random
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tutor.progress import DB_NAME, ProgressStore

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys
from pathlib import Path
from tutor.progress import ProgressStore

home, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = ProgressStore.open(Path(home), "alice")
print("ready", store.saving, store.warning, flush=True)
sys.stdin.readline()  # two readers: start together, on a line from the test
for i in range(count):
    quiz = f"{prefix}{i}"
    store.record_quiz("lesson", quiz, "answer", correct=i % 2 == 0)
    print(quiz, flush=True)
    store.record_quiz("lesson", "shared", f"{prefix}{i}", correct=False)
    store.record_page("lesson", i % 7)
    store.save_widget("lesson", "gate", {"x": i, "by": prefix})
print("done", store.saving, store.warning, flush=True)
"""

FORKER = """
import os
import sys
import traceback
from pathlib import Path
from tutor.progress import ProgressStore  # imported once: each writer is a fork away

def say(*words):
    # One write() per line: atomic on a pipe, so a kill never leaves half a line. (print() makes
    # one write per word and one for the newline when PYTHONUNBUFFERED is set.)
    os.write(1, (" ".join(map(str, words)) + "\\n").encode())

def write_until_killed(home, prefix):
    store = ProgressStore.open(Path(home), "alice")
    say("ready", store.saving, store.warning)
    i = 0
    while True:
        quiz = f"{prefix}{i}"
        store.record_quiz("lesson", quiz, "answer", correct=i % 2 == 0)
        if not store.saving:  # in memory now: an acknowledgement would promise nothing
            say("stopped saving:", store.warning)
            os._exit(3)
        say(quiz)  # the acknowledgement: only after record_quiz returned
        i += 1

for command in sys.stdin:
    verb, arg = command.split()
    if verb == "fork":
        pid = os.fork()
        if pid == 0:
            try:
                write_until_killed(sys.argv[1], arg)
            except BaseException:
                traceback.print_exc()
            os._exit(4)
        say("child", pid)
    elif verb == "reap":  # only on the test's word, so a pid is never reused before its kill
        say("reaped", os.waitpid(int(arg), 0)[1])
"""
"""Forks a writer per kill: a fresh interpreter per kill would spend most of the test (and, on a
busy machine, tens of seconds) starting Python, and a short random wait would rarely land in the
store's open. A forked child holds no SQLite state from its parent: it opens the store itself."""

ACK = re.compile(r"r\d+-\d+")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _writer(home: Path, prefix: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(home), prefix, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )


class _Lines:
    """The forker's output, line by line; a silent writer fails the test instead of hanging it."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = b""

    def next(self) -> str:
        """The next whole line (each line is one write(), so lines never interleave)."""
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([self.fd], [], [], 60)
            assert ready, "no output for 60 s: a writer is stuck (its traceback is on stderr)"
            chunk = os.read(self.fd, 65536)
            assert chunk, "the forker exited (its traceback is on stderr)"
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode()


def _stored_quizzes(home: Path) -> list[str]:
    conn = sqlite3.connect(home / DB_NAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return [row[0] for row in conn.execute("SELECT quiz_id FROM attempts")]
    finally:
        conn.close()


def _kill_one(
    forker: subprocess.Popen[bytes], lines: _Lines, n: int, rng: random.Random, early: bool
) -> set[str]:
    """Fork writer ``n``, let it acknowledge a few answers (or none), SIGKILL it, reap it; return
    every answer it acknowledged, read to the end of its output."""
    assert forker.stdin is not None
    forker.stdin.write(f"fork r{n}-\n".encode())
    forker.stdin.flush()
    said: list[str] = []  # the child may print before the forker prints its pid
    while not (line := lines.next()).startswith("child "):
        said.append(line)
    pid = int(line.split()[1])
    try:
        if early:
            time.sleep(rng.uniform(0, 0.012))  # opening takes ~6 ms idle: often lands in it
        else:
            wanted = rng.randint(0, 8)
            while len(said) < 1 + wanted:  # "ready", then that many acknowledgements
                said.append(lines.next())
                assert not said[-1].startswith("stopped saving"), said[-1]
            time.sleep(rng.uniform(0, 0.004))
    finally:
        os.kill(pid, signal.SIGKILL)  # a failing test leaves no writer behind either
    forker.stdin.write(f"reap {pid}\n".encode())
    forker.stdin.flush()
    # The forker reaps before it answers: the child is dead, all it printed is before this line.
    while not (line := lines.next()).startswith("reaped "):
        said.append(line)
    status = int(line.split()[1])
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, said
    assert all(line == "ready True None" for line in said if line.startswith("ready")), said
    assert early or said[0] == "ready True None", said
    return {line for line in said if ACK.fullmatch(line)}


def test_kill_9_at_random_moments_loses_nothing_acknowledged(tmp_path: Path) -> None:
    rng = random.Random(20240531)
    acknowledged: set[str] = set()
    kills = 30
    forker = subprocess.Popen(
        [sys.executable, "-c", FORKER, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=_env(),
    )
    assert forker.stdout is not None and forker.stdin is not None
    lines = _Lines(forker.stdout.fileno())
    try:
        for n in range(kills):
            acknowledged |= _kill_one(forker, lines, n, rng, early=n % 3 == 0)
    finally:
        forker.stdin.close()  # the forker's loop ends
        forker.wait()
        forker.stdout.close()
    assert forker.returncode == 0
    stored = _stored_quizzes(tmp_path)
    assert len(stored) == len(set(stored))
    assert acknowledged <= set(stored)
    # At most one attempt per kill was committed but not yet acknowledged.
    assert len(stored) - len(acknowledged) <= kills
    assert len(acknowledged) > kills  # the test did exercise the writes
    with ProgressStore.open(tmp_path, "alice") as store:
        assert store.warning is None and store.saving
        assert store.lesson_progress("lesson").attempts == len(stored)


def test_two_readers_for_the_same_learner_both_record_everything(tmp_path: Path) -> None:
    count = 100
    # No store yet: both terminals create it at the same moment.
    writers = [_writer(tmp_path, prefix, count) for prefix in ("a", "b")]
    for writer in writers:
        assert writer.stdout is not None
        assert writer.stdout.readline().startswith("ready True None")
    for writer in writers:  # go
        assert writer.stdin is not None
        writer.stdin.write("\n")
        writer.stdin.flush()
    for writer in writers:
        assert writer.stdout is not None and writer.stderr is not None
        out, errors = writer.stdout.read(), writer.stderr.read()
        assert writer.wait() == 0, errors
        assert "locked" not in errors and errors == ""
        assert out.splitlines()[-1] == "done True None", "still saving at the end"
    with ProgressStore.open(tmp_path, "alice") as store:
        attempts = store.attempts("lesson")
        mine = {a.quiz_id for a in attempts if a.quiz_id != "shared"}
        assert mine == {f"{p}{i}" for p in "ab" for i in range(count)}
        # Every answer to the shared quiz is counted; the store keeps the first and the latest
        # (all wrong, so no last right one: tutor.progress.attempts).
        shared = [a.answer for a in attempts if a.quiz_id == "shared"]
        assert len(shared) == 2 and shared[0] in ("a0", "b0")
        counts = store.export_data()["lessons"]["lesson"]["counts"]  # type: ignore[index]
        assert counts["shared"] == 2 * count
        assert store.lesson_progress("lesson").pages_seen == frozenset(range(7))
        last = store.load_widget("lesson", "gate")
        assert last in ({"x": count - 1, "by": "a"}, {"x": count - 1, "by": "b"})
    assert _stored_quizzes(tmp_path).count("shared") == 2
