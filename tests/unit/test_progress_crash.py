"""Real processes: kill -9 loses nothing acknowledged; two terminals both record everything."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tutor.course.progress import DB_NAME, ProgressStore

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys
from pathlib import Path
from tutor.course.progress import ProgressStore

home, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = ProgressStore.open(Path(home), "alice")
print("ready", store.saving, store.warning, flush=True)
if count:  # two readers: start together, on a line from the test
    sys.stdin.readline()
i = 0
while count == 0 or i < count:
    quiz = f"{prefix}{i}"
    store.record_quiz("lesson", quiz, "answer", correct=i % 2 == 0)
    print(quiz, flush=True)  # the acknowledgement: only after record_quiz returned
    if count:
        store.record_quiz("lesson", "shared", f"{prefix}{i}", correct=False)
        store.record_page("lesson", i % 7)
        store.save_widget("lesson", "gate", {"x": i, "by": prefix})
    i += 1
print("done", store.saving, store.warning, flush=True)
"""


def _writer(home: Path, prefix: str, count: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(home), prefix, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _stored_quizzes(home: Path) -> list[str]:
    conn = sqlite3.connect(home / DB_NAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return [row[0] for row in conn.execute("SELECT quiz_id FROM attempts")]
    finally:
        conn.close()


def _kill_at_random(writer: subprocess.Popen[str], rng: random.Random, early: bool) -> set[str]:
    """Let the writer acknowledge a few answers (or none), SIGKILL it; return what it acked."""
    assert writer.stdout is not None
    acknowledged: set[str] = set()
    if early:
        time.sleep(rng.uniform(0, 0.08))  # often while opening, creating or migrating
    else:
        assert writer.stdout.readline().startswith("ready True None")
        for _ in range(rng.randint(0, 8)):
            acknowledged.add(writer.stdout.readline().strip())
        time.sleep(rng.uniform(0, 0.004))
    writer.send_signal(signal.SIGKILL)
    # Not communicate(): it reads the raw pipe and would skip lines readline() buffered.
    rest, errors = writer.stdout.read(), writer.stderr.read() if writer.stderr else ""
    writer.wait()
    assert writer.returncode == -signal.SIGKILL, errors
    # Lines already in the pipe were printed after their commit: acknowledged too.
    acknowledged.update(line for line in rest.split() if re.fullmatch(r"r\d+-\d+", line))
    return acknowledged


def test_kill_9_at_random_moments_loses_nothing_acknowledged(tmp_path: Path) -> None:
    rng = random.Random(20240531)
    acknowledged: set[str] = set()
    kills = 30
    for n in range(kills):
        writer = _writer(tmp_path, f"r{n}-", 0)
        acknowledged |= _kill_at_random(writer, rng, early=n % 6 == 0)
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
        shared = sorted(a.answer for a in attempts if a.quiz_id == "shared")
        assert shared == sorted(f"{p}{i}" for p in "ab" for i in range(count))
        assert store.lesson_progress("lesson").pages_seen == frozenset(range(7))
        last = store.load_widget("lesson", "gate")
        assert last in ({"x": count - 1, "by": "a"}, {"x": count - 1, "by": "b"})
    assert _stored_quizzes(tmp_path).count("shared") == 2 * count
