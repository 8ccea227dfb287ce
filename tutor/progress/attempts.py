"""Quiz attempts, bounded: what one learner's answers to one quiz may cost the store.

A learner may answer a quiz any number of times (a script can press Enter 250 times a second),
so the store keeps, per quiz, a count of every answer (table ``quiz_counts``) and at most three
attempts: the first, the last right one and the latest (table ``attempts``). That is all the
reader and ``backprop-tutor progress`` use: "answered right at least once" needs the last right
one, the latest is what a repeat is compared with, and the first shows where the learner began.
An answer identical to the latest one (same text, same verdict) only adds to the count; answers
are cut to `MAX_ANSWER` characters.

Keeping the same three of a set of attempts is deterministic, so merging an export twice gives
the same rows; counts merge as the larger of the two (a merge never adds, so importing twice
changes nothing).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from tutor.progress.db import MAX_ANSWER, Owner

Row = tuple[str, bool, str]
"""An attempt of one quiz: (answer, correct, at)."""

_WHERE = "learner = ? AND course = ? AND lesson_id = ? AND quiz_id = ?"


def worth_keeping(verdicts: Sequence[bool]) -> list[int]:
    """Of attempts in time order (given by their verdicts), the indexes to keep: the first,
    the last right one and the latest (one, two or three of them)."""
    if not verdicts:
        return []
    chosen = {0, len(verdicts) - 1}
    right = [i for i, correct in enumerate(verdicts) if correct]
    if right:
        chosen.add(right[-1])
    return sorted(chosen)


def kept(attempts: Iterable[Row]) -> list[Row]:
    """The attempts worth keeping, in time order (see `worth_keeping`)."""
    ordered = sorted(attempts, key=lambda row: row[2])
    return [ordered[i] for i in worth_keeping([row[1] for row in ordered])]


def record(conn: sqlite3.Connection, owner: Owner, lesson_id: str, quiz_id: str, row: Row) -> None:
    """Count one answer and keep it if it is worth keeping (inside a write transaction)."""
    answer, correct, at = row[0][:MAX_ANSWER], row[1], row[2]
    key = (*owner, lesson_id, quiz_id)
    conn.execute(
        "INSERT INTO quiz_counts VALUES (?, ?, ?, ?, 1) ON CONFLICT"
        " (learner, course, lesson_id, quiz_id) DO UPDATE SET count = count + 1",
        key,
    )
    latest = conn.execute(
        f"SELECT answer, correct FROM attempts WHERE {_WHERE} ORDER BY at DESC, id DESC LIMIT 1",
        key,
    ).fetchone()
    if latest is not None and (latest[0], bool(latest[1])) == (answer, correct):
        return  # a repeat: counted, not stored again
    _insert(conn, key, [(answer, correct, at)])
    prune(conn, owner, lesson_id, quiz_id)


def merge(
    conn: sqlite3.Connection, owner: Owner, lesson_id: str, quiz_id: str, rows: Sequence[Row]
) -> None:
    """Merge exported attempts of one quiz and their count (inside a write transaction).

    The exported attempts are first reduced to the ones worth keeping, so a file of 300,000
    attempts costs a handful of statements; an attempt identical to a stored one (same answer,
    verdict and time) is the same attempt.
    """
    key = (*owner, lesson_id, quiz_id)
    _insert(conn, key, kept(rows), skip_identical=True)
    prune(conn, owner, lesson_id, quiz_id)


def merge_count(
    conn: sqlite3.Connection, owner: Owner, lesson_id: str, quiz_id: str, count: int
) -> None:
    """The quiz's count becomes the larger of the stored one and ``count``."""
    conn.execute(
        "INSERT INTO quiz_counts VALUES (?, ?, ?, ?, ?) ON CONFLICT"
        " (learner, course, lesson_id, quiz_id) DO UPDATE SET count = MAX(count, excluded.count)",
        (*owner, lesson_id, quiz_id, count),
    )


def prune(conn: sqlite3.Connection, owner: Owner, lesson_id: str, quiz_id: str) -> None:
    """Delete the quiz's attempts that are not worth keeping (see `kept`)."""
    key = (*owner, lesson_id, quiz_id)
    rows = conn.execute(
        f"SELECT id, answer, correct, at FROM attempts WHERE {_WHERE} ORDER BY at, id", key
    ).fetchall()
    keep = set(worth_keeping([bool(row[2]) for row in rows]))
    doomed = [(row[0],) for i, row in enumerate(rows) if i not in keep]
    if doomed:
        conn.executemany("DELETE FROM attempts WHERE id = ?", doomed)


def _insert(
    conn: sqlite3.Connection,
    key: tuple[str, str, str, str],
    rows: Iterable[Row],
    skip_identical: bool = False,
) -> None:
    sql = (
        "INSERT INTO attempts (learner, course, lesson_id, quiz_id, answer, correct, at)"
        " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7"
    )
    if skip_identical:
        sql += (
            " WHERE NOT EXISTS (SELECT 1 FROM attempts WHERE learner = ?1 AND course = ?2"
            " AND lesson_id = ?3 AND quiz_id = ?4 AND at = ?7 AND answer = ?5 AND correct = ?6)"
        )
    conn.executemany(sql, [(*key, answer, int(correct), at) for answer, correct, at in rows])
