"""The progress store under a flood: `python benchmarks/bench_progress.py`.

Issue 15 items 4 and 9: a learner answering one quiz thousands of times, and `progress import`
of an export with 5,000 to 300,000 attempts (the merge used to be quadratic: 20k took 23.7 s,
300k more than 300 s, holding the write lock). Prints, per size, the import time and the store
file's size; then the cost of 10,000 repeated answers. Everything runs in a temporary folder.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` and `tutor` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.report import Row, table
from tutor.progress import DB_NAME, ProgressStore

SIZES = (5_000, 20_000, 300_000)


def export(attempts: int) -> dict[str, object]:
    """An export with ``attempts`` answers to one quiz, the 7th of them right."""
    entries = [
        {
            "quiz": "q1",
            "answer": f"a{i}",
            "correct": i == 7,
            "at": f"2026-01-01T00:00:{i // 1_000_000:02d}.{i % 1_000_000:06d}Z",
        }
        for i in range(attempts)
    ]
    return {
        "format": "backprop-tutor-progress",
        "version": 1,
        "lessons": {"n": {"attempts": entries}},
    }


def checkpointed_pages(home: Path) -> int:
    """The store's size in pages once the WAL is moved into the file."""
    conn = sqlite3.connect(home / DB_NAME)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return int(conn.execute("PRAGMA page_count").fetchone()[0])
    finally:
        conn.close()


def run() -> list[Row]:
    """Import each size into a fresh store; then record repeated answers."""
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-progress-") as folder:
        for size in SIZES:
            home = Path(folder) / str(size)
            data = export(size)
            with ProgressStore.open(home, "alice") as store:
                started = time.perf_counter()
                store.import_data(data)
                took = time.perf_counter() - started
                kept = len(store.attempts("n"))
            kib = (home / DB_NAME).stat().st_size / 1024
            note = f"{kept} attempts kept, file {kib:.0f} KiB"
            rows.append(Row("15.9", f"import {size:,} attempts", f"{took:.2f} s", "", None, note))
        home = Path(folder) / "repeats"
        with ProgressStore.open(home, "alice") as store:
            store.record_quiz("n", "q1", "30.6", correct=False)
            pages = checkpointed_pages(home)
            started = time.perf_counter()
            for _ in range(1000):
                store.record_quiz("n", "q1", "30.6", correct=False)
            took = (time.perf_counter() - started) / 1000
            grown = checkpointed_pages(home) - pages
        note = f"the store grew {grown} pages over 1,000 repeats"
        rows.append(Row("15.4", "one repeated answer", f"{took * 1000:.2f} ms", "", None, note))
    return rows


if __name__ == "__main__":
    print(table(run()))
