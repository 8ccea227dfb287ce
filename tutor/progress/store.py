"""The learner's progress: one SQLite file that survives kill -9, flaky SSH and two terminals.

The store keeps, per learner, course and lesson id, the pages seen, the last page, every quiz
attempt and each widget's last state; and per learner the chosen language. Every write is its
own short transaction, committed with ``synchronous=FULL`` in WAL mode before the method
returns, so whatever the screen acknowledges is on disk. Opening never raises: a corrupt or
foreign file is moved aside and a fresh store started; an unwritable folder gives an in-memory
store that keeps the session working. ``warning`` then holds one line for the UI. See
docs/progress.md for the data model.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import TypeVar

from tutor.progress import attempts as quiz_attempts
from tutor.progress.db import (
    BUNDLED_COURSE,
    DB_NAME,
    LESSON_TABLES,
    connect_memory,
    copy_to_memory,
    open_file,
    read_only_copy,
    reason,
    recorded_lessons,
    utc_now,
)
from tutor.progress.export import export_document, merge, validate_export
from tutor.progress.places import resolve_home, resolve_learner
from tutor.progress.records import Attempt, LessonProgress, LessonSummary

__all__ = ["Attempt", "LessonProgress", "LessonSummary", "ProgressStore"]

_T = TypeVar("_T")


class ProgressStore:
    """One learner's view of the progress file; every public method is safe to call from threads.

    Build it with :meth:`open`. Write methods commit before they return. If the file stops being
    writable mid-session the store carries on in memory: ``saving`` turns False and ``warning``
    says why, so the UI should show ``warning`` after a write when it changes.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        learner: str,
        path: Path | None,
        course: str = BUNDLED_COURSE,
    ) -> None:
        """Wrap an open, migrated connection; use :meth:`open` instead."""
        self._conn = conn
        self._lock = threading.RLock()
        self.learner = learner
        """Whose rows this store reads and writes: the OS user locally, the SSH identity served."""
        self.course = course
        """Which course's lessons (`Course.key`): two courses with the same lesson ids keep
        separate progress. The language setting is the learner's, whatever the course."""
        self.path = path
        """The progress file, or None when running in memory."""
        self.warning: str | None = None
        """One line for the UI when something went wrong (not saving, file moved aside)."""
        self.readable = True
        """False when the progress file could not even be read: this store started empty."""

    @property
    def _owner(self) -> tuple[str, str]:
        return (self.learner, self.course)

    @property
    def saving(self) -> bool:
        """False when progress only lives in memory for this session."""
        return self.path is not None

    @classmethod
    def open(
        cls, home: Path | None = None, learner: str | None = None, course: str = BUNDLED_COURSE
    ) -> ProgressStore:
        """Open (or create) the store in ``home`` for ``learner`` in ``course``; never raises.

        Args:
            home: The data folder; None means ``$BACKPROP_TUTOR_HOME`` or the platform's user
                data folder for backprop-tutor.
            learner: Whose progress; None means ``$BACKPROP_TUTOR_LEARNER`` or the OS user.
            course: The course's key (`tutor.course.model.Course.key`); the bundled course's
                by default.
        """
        folder = resolve_home(home)
        conn, warning = open_file(folder)
        if conn is not None:
            store = cls(conn, resolve_learner(learner), folder / DB_NAME, course)
            store.warning = warning
            return store
        copy = read_only_copy(folder / DB_NAME)  # an unwritable folder may still be readable
        store = cls(copy or connect_memory(), resolve_learner(learner), None, course)
        store.readable = copy is not None
        if copy is not None and warning is not None:
            warning += "; showing the progress saved there (read-only)"
        store.warning = warning
        return store

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file; everything was already committed."""
        with self._lock:
            self._conn.close()

    # --- the transaction runner ---------------------------------------------------------------

    def _run(self, body: Callable[[sqlite3.Connection], _T], write: bool = False) -> _T:
        """Run ``body`` in one transaction (IMMEDIATE for writes: no upgrade deadlock between two
        terminals). A failing file is swapped for an in-memory copy and ``body`` retried there."""
        with self._lock:
            try:
                return self._transaction(self._conn, body, write)
            except sqlite3.Error as err:
                if self.path is None:
                    raise
                self._fall_back(err)
                return self._transaction(self._conn, body, write)

    @staticmethod
    def _transaction(
        conn: sqlite3.Connection, body: Callable[[sqlite3.Connection], _T], write: bool
    ) -> _T:
        conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            result = body(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return result

    def _fall_back(self, err: sqlite3.Error) -> None:
        self._conn = copy_to_memory(self._conn)
        self.warning = f"Progress is not being saved: {self.path}: {reason(err)}"
        self.path = None

    # --- pages and position -------------------------------------------------------------------

    def record_page(self, lesson_id: str, page: int) -> None:
        """Mark page ``page`` (0-based) of a lesson seen and make it the place to resume."""
        if page < 0:
            raise ValueError(f"page must be >= 0, not {page}")

        def body(conn: sqlite3.Connection) -> None:
            key = (*self._owner, lesson_id)
            conn.execute("INSERT OR IGNORE INTO pages_seen VALUES (?, ?, ?, ?)", (*key, page))
            conn.execute(
                "INSERT INTO visits VALUES (?, ?, ?, ?, ?) ON CONFLICT (learner, course, lesson_id)"
                " DO UPDATE SET last_page = excluded.last_page, at = excluded.at",
                (*key, page, utc_now()),
            )

        self._run(body, write=True)

    def _visits(self) -> list[tuple[str, int]]:
        return self._run(
            lambda conn: conn.execute(
                "SELECT lesson_id, last_page FROM visits WHERE learner = ? AND course = ?"
                " ORDER BY at DESC, rowid DESC",
                self._owner,
            ).fetchall()
        )

    def last_position(self) -> tuple[str, int] | None:
        """The lesson id and page last shown, as recorded (the lesson may have changed since)."""
        visits = self._visits()
        return visits[0] if visits else None

    def resume_position(self, page_counts: Mapping[str, int]) -> tuple[str, int] | None:
        """Where to reopen, given the course as it is now (lesson id -> number of pages).

        The most recent visit to a lesson that still exists, its page clamped to the lesson's
        length; None when no visited lesson exists any more.
        """
        for lesson_id, page in self._visits():
            count = page_counts.get(lesson_id, 0)
            if count > 0:
                return lesson_id, min(page, count - 1)
        return None

    # --- settings ---------------------------------------------------------------------------

    def language(self) -> str | None:
        """The learner's chosen language, or None if never chosen."""
        row = self._run(
            lambda conn: conn.execute(
                "SELECT value FROM settings WHERE learner = ? AND key = 'language'",
                (self.learner,),
            ).fetchone()
        )
        return str(row[0]) if row else None

    def set_language(self, lang: str) -> None:
        """Remember the learner's language."""
        row = (self.learner, lang, utc_now())
        self._run(
            lambda conn: conn.execute(
                "INSERT INTO settings VALUES (?, 'language', ?, ?) ON CONFLICT (learner, key)"
                " DO UPDATE SET value = excluded.value, at = excluded.at",
                row,
            ),
            write=True,
        )

    def theme(self) -> str | None:
        """The learner's chosen colour theme (a Textual theme name), or None if never chosen."""
        row = self._run(
            lambda conn: conn.execute(
                "SELECT value FROM settings WHERE learner = ? AND key = 'theme'",
                (self.learner,),
            ).fetchone()
        )
        return str(row[0]) if row else None

    def set_theme(self, theme: str) -> None:
        """Remember the learner's colour theme."""
        row = (self.learner, theme, utc_now())
        self._run(
            lambda conn: conn.execute(
                "INSERT INTO settings VALUES (?, 'theme', ?, ?) ON CONFLICT (learner, key)"
                " DO UPDATE SET value = excluded.value, at = excluded.at",
                row,
            ),
            write=True,
        )

    # --- quizzes ----------------------------------------------------------------------------

    def record_quiz(self, lesson_id: str, quiz_id: str, answer: str, correct: bool) -> None:
        """Count one answer and keep it if worth keeping (`tutor.progress.attempts`); durable
        on return, so acknowledge it on screen only afterwards."""
        row = (answer, correct, utc_now())
        self._run(
            lambda conn: quiz_attempts.record(conn, self._owner, lesson_id, quiz_id, row),
            write=True,
        )

    def quiz_results(self, lesson_id: str) -> dict[str, bool]:
        """Quiz id -> answered right at least once, for every quiz attempted in the lesson."""
        rows = self._run(
            lambda conn: conn.execute(
                "SELECT quiz_id, MAX(correct) FROM attempts WHERE learner = ? AND course = ?"
                " AND lesson_id = ? GROUP BY quiz_id",
                (*self._owner, lesson_id),
            ).fetchall()
        )
        return {str(quiz): bool(right) for quiz, right in rows}

    def attempts(self, lesson_id: str, quiz_id: str | None = None) -> list[Attempt]:
        """The attempts kept in a lesson (or at one quiz), oldest first: per quiz the first,
        the last right one and the latest (see `tutor.progress.attempts`)."""
        return self._run(lambda conn: self._attempts(conn, lesson_id, quiz_id))

    def _attempts(
        self, conn: sqlite3.Connection, lesson_id: str, quiz_id: str | None
    ) -> list[Attempt]:
        sql = (
            "SELECT quiz_id, answer, correct, at FROM attempts"
            " WHERE learner = ? AND course = ? AND lesson_id = ?"
        )
        params: tuple[str, ...] = (*self._owner, lesson_id)
        if quiz_id is not None:
            sql, params = sql + " AND quiz_id = ?", (*params, quiz_id)
        rows = conn.execute(sql + " ORDER BY at, id", params).fetchall()
        return [Attempt(str(q), str(a), bool(c), str(at)) for q, a, c, at in rows]

    # --- widgets ----------------------------------------------------------------------------

    def save_widget(self, lesson_id: str, widget_key: str, state: Mapping[str, object]) -> None:
        """Remember a widget's state (JSON-able: inputs or x, step, history length...)."""
        row = (*self._owner, lesson_id, widget_key, json.dumps(dict(state)), utc_now())
        self._run(
            lambda conn: conn.execute(
                "INSERT INTO widgets VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (learner, course,"
                " lesson_id, widget_key) DO UPDATE SET state = excluded.state, at = excluded.at",
                row,
            ),
            write=True,
        )

    def load_widget(
        self, lesson_id: str, widget_key: str, legacy_key: str | None = None
    ) -> dict[str, object] | None:
        """The widget's last saved state, or None (never saved, or unreadable).

        ``legacy_key`` is the key an older version saved the widget under (``neuron@12``, see
        `tutor.course.model.legacy_widget_key`), read when nothing is saved under ``widget_key``.
        """
        keys = [widget_key] if legacy_key is None else [widget_key, legacy_key]
        row = self._run(
            lambda conn: conn.execute(
                "SELECT state FROM widgets WHERE learner = ? AND course = ? AND lesson_id = ?"
                f" AND widget_key IN ({', '.join('?' * len(keys))})"
                " ORDER BY widget_key = ? DESC LIMIT 1",
                (*self._owner, lesson_id, *keys, widget_key),
            ).fetchone()
        )
        try:
            state = json.loads(row[0]) if row else None
        except ValueError:
            return None
        return state if isinstance(state, dict) else None

    # --- lessons ----------------------------------------------------------------------------

    def lesson_progress(self, lesson_id: str) -> LessonProgress:
        """Everything recorded for one lesson (empty progress for a lesson never opened)."""
        return self._run(lambda conn: self._lesson(conn, lesson_id))

    def _lesson(self, conn: sqlite3.Connection, lesson_id: str) -> LessonProgress:
        key = (*self._owner, lesson_id)
        where = "WHERE learner = ? AND course = ? AND lesson_id = ?"
        pages = conn.execute(f"SELECT page FROM pages_seen {where}", key).fetchall()
        visit = conn.execute(f"SELECT last_page, at FROM visits {where}", key).fetchone()
        quizzes = conn.execute(
            f"SELECT quiz_id, MAX(correct) FROM attempts {where} GROUP BY quiz_id", key
        ).fetchall()
        count = conn.execute(f"SELECT SUM(count) FROM quiz_counts {where}", key).fetchone()[0]
        return LessonProgress(
            lesson_id=lesson_id,
            pages_seen=frozenset(int(row[0]) for row in pages),
            last_page=int(visit[0]) if visit else None,
            last_visited=str(visit[1]) if visit else None,
            quizzes={str(quiz): bool(right) for quiz, right in quizzes},
            attempts=int(count or 0),
        )

    def all_lessons(self) -> dict[str, LessonProgress]:
        """Every lesson id with recorded progress (including lessons the course no longer has)."""
        return self._run(self._all)

    def _all(self, conn: sqlite3.Connection) -> dict[str, LessonProgress]:
        lessons = recorded_lessons(conn, self._owner)
        return {lesson_id: self._lesson(conn, lesson_id) for lesson_id in lessons}

    def reset(self, lesson_id: str | None = None) -> None:
        """Forget one lesson's progress (or all of it); the chosen language is kept."""

        def body(conn: sqlite3.Connection) -> None:
            for table in LESSON_TABLES:
                if lesson_id is None:
                    conn.execute(
                        f"DELETE FROM {table} WHERE learner = ? AND course = ?", self._owner
                    )
                else:
                    conn.execute(
                        f"DELETE FROM {table} WHERE learner = ? AND course = ? AND lesson_id = ?",
                        (*self._owner, lesson_id),
                    )

        self._run(body, write=True)

    # --- export and import ------------------------------------------------------------------

    def export_data(self) -> dict[str, object]:
        """This learner's progress as a JSON-able dict (format in docs/progress.md)."""
        return self._run(lambda conn: export_document(conn, self._owner))

    def import_data(
        self, data: Mapping[str, object], themes: Collection[str] | None = None
    ) -> str | None:
        """Merge an export into this learner's progress, all or nothing.

        Rules: pages seen and attempts are united (an attempt identical to one already stored is
        skipped, so importing twice changes nothing); the last page, each widget state, the
        language and the theme keep whichever was recorded later. A file without a theme (older
        exports) leaves the theme as it is; so does a theme not in ``themes`` (when given: the
        names the reader can show), which is returned so the caller can say it was left out.

        Raises:
            ProgressError: ``data`` is not a valid export (one line naming the bad field).
        """
        settings, lessons = validate_export(data)
        theme = settings.get("theme")
        left_out = None
        if theme is not None and themes is not None and theme[0] not in themes:
            left_out = settings.pop("theme")[0]
        self._run(lambda conn: merge(conn, self._owner, (settings, lessons)), write=True)
        return left_out
