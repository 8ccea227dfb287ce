"""The export format (version 1): writing it, checking a file completely, merging it in.

:class:`~tutor.progress.store.ProgressStore` calls these inside its own transactions;
:func:`validate_export` runs before any transaction, so a bad file changes nothing. The format and
the conflict rules are in docs/progress.md.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from datetime import datetime
from typing import NoReturn

from tutor.progress import attempts as quiz_attempts
from tutor.progress.db import MAX_ANSWER, Owner, recorded_lessons, utc_now

EXPORT_FORMAT = "backprop-tutor-progress"
EXPORT_VERSION = 1

MAX_ID = 1_000
"""The longest id (lesson, quiz, widget key) or time accepted from a file, in characters."""
MAX_PAGE = 100_000
"""Page numbers in a file must be below this (a lesson has tens of pages)."""
MAX_COUNT = 10**12
"""Answer counts in a file must be below this."""
SETTINGS = ("language", "theme")
"""The learner's settings an export carries, each ``{"value", "at"}`` or null (a file written
before the theme was exported has no ``theme``)."""
MAX_STATE = 4 * 1024 * 1024
"""The largest widget state accepted, as JSON text (a neuron's history of thousands of steps
is a few hundred kilobytes)."""


class ProgressError(Exception):
    """Progress data that cannot be used (a bad export file); ``str()`` is one line for the user."""


_Attempt = tuple[str, str, bool, str]
_Lesson = tuple[
    list[int], "tuple[int, str] | None", list[_Attempt], dict[str, tuple[str, str]], dict[str, int]
]
_Lessons = dict[str, _Lesson]
ValidExport = tuple[dict[str, tuple[str, str]], _Lessons]
"""A checked export, ready to merge: the settings in it (key -> (value, at)), and the lessons."""


# --- writing an export ----------------------------------------------------------------------------


def export_document(conn: sqlite3.Connection, owner: Owner) -> dict[str, object]:
    """A learner's progress in a course as a JSON-able export (inside one read transaction)."""
    learner, course = owner
    lessons = {lid: _export_lesson(conn, owner, lid) for lid in recorded_lessons(conn, owner)}
    settings: dict[str, object] = {}
    for key in SETTINGS:
        row = conn.execute(
            "SELECT value, at FROM settings WHERE learner = ? AND key = ?", (learner, key)
        ).fetchone()
        settings[key] = {"value": row[0], "at": row[1]} if row else None
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "learner": learner,
        "course": course,
        "exported_at": utc_now(),
        **settings,
        "lessons": lessons,
    }


def _export_lesson(conn: sqlite3.Connection, owner: Owner, lesson_id: str) -> dict[str, object]:
    key = (*owner, lesson_id)
    where = "WHERE learner = ? AND course = ? AND lesson_id = ?"
    pages = conn.execute(f"SELECT page FROM pages_seen {where}", key).fetchall()
    visit = conn.execute(f"SELECT last_page, at FROM visits {where}", key).fetchone()
    attempts = conn.execute(
        f"SELECT quiz_id, answer, correct, at FROM attempts {where} ORDER BY at, id", key
    ).fetchall()
    widgets = conn.execute(f"SELECT widget_key, state, at FROM widgets {where}", key).fetchall()
    counts = conn.execute(f"SELECT quiz_id, count FROM quiz_counts {where}", key).fetchall()
    return {
        "pages_seen": sorted(int(row[0]) for row in pages),
        "last_page": int(visit[0]) if visit else None,
        "last_visited": str(visit[1]) if visit else None,
        "attempts": [
            {"quiz": str(q), "answer": str(a), "correct": bool(c), "at": str(at)}
            for q, a, c, at in attempts
        ],
        "widgets": {k: {"state": json.loads(s), "at": at} for k, s, at in widgets},
        "counts": {str(quiz): int(count) for quiz, count in sorted(counts)},
    }


# --- merging an export --------------------------------------------------------------------------


def merge(conn: sqlite3.Connection, owner: Owner, export: ValidExport) -> None:
    """Merge a checked export into ``owner``'s rows (run inside one write transaction).

    Pages seen and attempts are united (an attempt identical to a stored one is the same
    attempt; each quiz then keeps the attempts worth keeping, see `tutor.progress.attempts`),
    each quiz's count is the larger one; each setting (language, theme), each last page and
    each widget state keep the later one. Linear in the size of the export: a quiz's exported
    attempts are reduced before anything is written, so the transaction stays short.
    """
    settings, lessons = export
    for key, (value, at) in settings.items():
        conn.execute(
            "INSERT INTO settings VALUES (?, ?, ?, ?) ON CONFLICT (learner, key)"
            " DO UPDATE SET value = excluded.value, at = excluded.at"
            " WHERE excluded.at > settings.at",
            (owner[0], key, value, at),
        )
    for lesson_id, lesson in lessons.items():
        _merge_lesson(conn, owner, lesson_id, lesson)


def _merge_lesson(conn: sqlite3.Connection, me: Owner, lid: str, lesson: _Lesson) -> None:
    pages, visit, attempts, widgets, counts = lesson
    conn.executemany(
        "INSERT OR IGNORE INTO pages_seen VALUES (?, ?, ?, ?)", [(*me, lid, p) for p in pages]
    )
    if visit is not None:
        conn.execute(
            "INSERT INTO visits VALUES (?, ?, ?, ?, ?) ON CONFLICT (learner, course, lesson_id)"
            " DO UPDATE SET last_page = excluded.last_page, at = excluded.at"
            " WHERE excluded.at > visits.at",
            (*me, lid, *visit),
        )
    by_quiz: dict[str, list[quiz_attempts.Row]] = {}
    for quiz, answer, correct, at in attempts:
        by_quiz.setdefault(quiz, []).append((answer, correct, at))
    for quiz, rows in by_quiz.items():
        quiz_attempts.merge(conn, me, lid, quiz, rows)
    for quiz in {*by_quiz, *counts}:  # an older export has no counts: its attempts count
        count = counts.get(quiz, len(by_quiz.get(quiz, ())))
        quiz_attempts.merge_count(conn, me, lid, quiz, count)
    for key, (state, at) in widgets.items():
        conn.execute(
            "INSERT INTO widgets VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (learner, course,"
            " lesson_id, widget_key) DO UPDATE SET state = excluded.state, at = excluded.at"
            " WHERE excluded.at > widgets.at",
            (*me, lid, key, state, at),
        )


# --- validating an export -----------------------------------------------------------------------


def _fail(where: str, what: str) -> NoReturn:
    raise ProgressError(f"not a valid progress export: {where}: {what}")


def _valid_unicode(text: str) -> bool:
    return not any(0xD800 <= ord(char) <= 0xDFFF for char in text)


def _text(value: object, where: str, limit: int = MAX_ID) -> str:
    """An id or a time: non-empty, at most ``limit`` characters, no control characters."""
    if not isinstance(value, str) or not 0 < len(value) <= limit:
        _fail(where, f"expected a non-empty text of at most {limit} characters")
    if not _valid_unicode(value) or any(unicodedata.category(c) == "Cc" for c in value):
        _fail(where, f"not valid text ({value[:40]!r})")
    return value


def _stamp(value: object, where: str) -> str:
    text = _text(value, where)
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        _fail(where, f"expected an ISO 8601 time, not {text[:40]!r}")
    return text


def _mapping(value: object, where: str) -> dict[str, object]:
    if isinstance(value, dict):
        return value
    _fail(where, "expected an object")


def _list(value: object, where: str) -> list[object]:
    if isinstance(value, list):
        return value
    _fail(where, "expected a list")


def _page(value: object, where: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MAX_PAGE:
        return value
    _fail(where, f"expected a page number >= 0 and < {MAX_PAGE}")


def _validate_attempt(raw: object, where: str) -> _Attempt:
    entry = _mapping(raw, where)
    correct, answer = entry.get("correct"), entry.get("answer")
    if not isinstance(correct, bool):
        _fail(f"{where}.correct", "expected true or false")
    if not isinstance(answer, str):
        _fail(f"{where}.answer", "expected a text")
    if len(answer) > MAX_ANSWER:
        _fail(f"{where}.answer", f"longer than {MAX_ANSWER} characters")
    if not _valid_unicode(answer):
        _fail(f"{where}.answer", f"not valid text ({answer[:40]!r})")
    return (
        _text(entry.get("quiz"), f"{where}.quiz"),
        answer,
        correct,
        _stamp(entry.get("at"), f"{where}.at"),
    )


def _validate_lesson(raw: object, where: str) -> _Lesson:
    lesson = _mapping(raw, where)
    pages_raw = _list(lesson.get("pages_seen", []), f"{where}.pages_seen")
    pages = [_page(p, f"{where}.pages_seen[{i}]") for i, p in enumerate(pages_raw)]
    visit = None
    if lesson.get("last_page") is not None:
        page = _page(lesson["last_page"], f"{where}.last_page")
        visit = (page, _stamp(lesson.get("last_visited"), f"{where}.last_visited"))
    attempts_raw = _list(lesson.get("attempts", []), f"{where}.attempts")
    attempts = [_validate_attempt(a, f"{where}.attempts[{i}]") for i, a in enumerate(attempts_raw)]
    widgets: dict[str, tuple[str, str]] = {}
    for key, item in _mapping(lesson.get("widgets", {}), f"{where}.widgets").items():
        at = f"{where}.widgets.{_text(key, f'{where}.widgets')}"
        entry = _mapping(item, at)
        state = json.dumps(_mapping(entry.get("state"), f"{at}.state"))
        if len(state) > MAX_STATE:
            _fail(f"{at}.state", f"larger than {MAX_STATE // 1024 // 1024} MB")
        widgets[key] = (state, _stamp(entry.get("at"), f"{at}.at"))
    counts: dict[str, int] = {}
    for quiz, count in _mapping(lesson.get("counts", {}), f"{where}.counts").items():
        quiz_id = _text(quiz, f"{where}.counts")
        if not isinstance(count, int) or isinstance(count, bool) or not 0 < count < MAX_COUNT:
            _fail(f"{where}.counts.{quiz_id}", f"expected a count >= 1 and < {MAX_COUNT}")
        counts[quiz_id] = count
    return pages, visit, attempts, widgets, counts


def validate_export(data: object) -> ValidExport:
    """Check an export completely before anything is written.

    Raises:
        ProgressError: ``data`` is not a valid export (one line naming the bad field).
    """
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ProgressError(f'not a progress export (no "format": "{EXPORT_FORMAT}")')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        _fail("version", "expected a number >= 1")
    if version > EXPORT_VERSION:
        raise ProgressError(f"the export is version {version}; this backprop-tutor reads 1")
    settings: dict[str, tuple[str, str]] = {}
    for key in SETTINGS:  # each may be missing or null
        if data.get(key) is not None:
            entry = _mapping(data[key], key)
            value = _text(entry.get("value"), f"{key}.value")
            settings[key] = (value, _stamp(entry.get("at"), f"{key}.at"))
    lessons = _mapping(data.get("lessons"), "lessons")
    return settings, {
        _text(lid, "lessons"): _validate_lesson(raw, f"lessons.{lid}")
        for lid, raw in lessons.items()
    }
