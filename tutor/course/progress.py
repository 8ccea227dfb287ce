"""The learner's progress: one SQLite file that survives kill -9, flaky SSH and two terminals.

The store keeps, per learner and per lesson id, the pages seen, the last page, every quiz attempt,
each widget's last state and the chosen language. Every write is its own short transaction,
committed with ``synchronous=FULL`` in WAL mode before the method returns, so whatever the screen
acknowledges is on disk. Opening never raises: a corrupt or foreign file is moved aside and a
fresh store started; an unwritable folder gives an in-memory store that keeps the session working.
``warning`` then holds one line for the UI. See docs/progress.md for the data model.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import NoReturn, TypeVar

import platformdirs

APP_NAME = "backprop-tutor"
DB_NAME = "progress.db"
HOME_ENV = "BACKPROP_TUTOR_HOME"
LEARNER_ENV = "BACKPROP_TUTOR_LEARNER"
EXPORT_FORMAT = "backprop-tutor-progress"
EXPORT_VERSION = 1
BUSY_TIMEOUT_MS = 10_000
"""How long a write waits for another terminal's write (they take milliseconds) before failing."""

_MAGIC = b"SQLite format 3\x00"
_CORRUPT_CODES = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
_T = TypeVar("_T")


class ProgressError(Exception):
    """Progress data that cannot be used (a bad export file); ``str()`` is one line for the user."""


class _Unusable(Exception):
    """The file at the store path is not a usable progress store (corrupt or foreign)."""


class _TooNew(Exception):
    """The store was written by a newer backprop-tutor whose schema this one does not know."""


@dataclass(frozen=True)
class Attempt:
    """One answer to a quiz, as recorded."""

    quiz_id: str
    answer: str
    correct: bool
    at: str
    """When, as ISO 8601 UTC (``2025-01-31T12:00:00.000000Z``)."""


@dataclass(frozen=True)
class LessonSummary:
    """Progress of one lesson measured against the lesson as it is now (for the lesson list)."""

    pages_seen: int
    pages_total: int
    quizzes_right: int
    quizzes_total: int

    @property
    def done(self) -> bool:
        """True when every page was seen and every quiz answered right at least once."""
        return (
            self.pages_total > 0
            and self.pages_seen >= self.pages_total
            and self.quizzes_right >= self.quizzes_total
        )


@dataclass(frozen=True)
class LessonProgress:
    """What the store holds for one lesson; may name pages and quizzes the lesson no longer has."""

    lesson_id: str
    pages_seen: frozenset[int] = frozenset()
    """0-based page indexes ever shown."""
    last_page: int | None = None
    last_visited: str | None = None
    quizzes: Mapping[str, bool] = field(default_factory=dict)
    """Quiz id -> answered right at least once."""
    attempts: int = 0

    def summary(self, page_count: int, quiz_ids: Collection[str]) -> LessonSummary:
        """Count only the pages and quizzes the lesson still has (lessons change between visits)."""
        seen = sum(1 for page in self.pages_seen if 0 <= page < page_count)
        ids = set(quiz_ids)
        right = sum(1 for quiz in ids if self.quizzes.get(quiz, False))
        return LessonSummary(seen, page_count, right, len(ids))


def resolve_home(home: Path | None = None) -> Path:
    """The data folder: ``home``, else ``$BACKPROP_TUTOR_HOME``, else the user data folder."""
    if home is not None:
        return Path(home)
    env = os.environ.get(HOME_ENV, "").strip()
    return Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME))


def resolve_learner(learner: str | None = None) -> str:
    """Who is learning: ``learner``, else ``$BACKPROP_TUTOR_LEARNER``, else the OS user."""
    for candidate in (learner, os.environ.get(LEARNER_ENV)):
        if candidate and candidate.strip():
            return candidate.strip()
    try:
        return getpass.getuser() or "learner"
    except (OSError, KeyError, ImportError):  # no login name, no passwd entry (containers)
        return "learner"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _reason(err: BaseException) -> str:
    return getattr(err, "strerror", None) or str(err) or type(err).__name__


# --- schema and migrations --------------------------------------------------------------------

_SCHEMA_V1 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE settings (learner TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
    " at TEXT NOT NULL, PRIMARY KEY (learner, key))",
    "CREATE TABLE visits (learner TEXT NOT NULL, lesson_id TEXT NOT NULL,"
    " last_page INTEGER NOT NULL, at TEXT NOT NULL, PRIMARY KEY (learner, lesson_id))",
    "CREATE TABLE pages_seen (learner TEXT NOT NULL, lesson_id TEXT NOT NULL,"
    " page INTEGER NOT NULL, PRIMARY KEY (learner, lesson_id, page))",
    "CREATE TABLE attempts (id INTEGER PRIMARY KEY, learner TEXT NOT NULL,"
    " lesson_id TEXT NOT NULL, quiz_id TEXT NOT NULL, answer TEXT NOT NULL,"
    " correct INTEGER NOT NULL, at TEXT NOT NULL)",
    "CREATE INDEX attempts_by_quiz ON attempts (learner, lesson_id, quiz_id)",
    "CREATE TABLE widgets (learner TEXT NOT NULL, lesson_id TEXT NOT NULL,"
    " widget_key TEXT NOT NULL, state TEXT NOT NULL, at TEXT NOT NULL,"
    " PRIMARY KEY (learner, lesson_id, widget_key))",
    f"INSERT INTO meta VALUES ('app', '{APP_NAME}')",
)


def _migrate_to_v1(conn: sqlite3.Connection) -> None:
    for statement in _SCHEMA_V1:
        conn.execute(statement)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_to_v1]
"""MIGRATIONS[n] upgrades schema version n to n + 1 inside the opening transaction; the schema
version (``PRAGMA user_version``) is ``len(MIGRATIONS)``. A new schema is one appended function."""


def _identify(conn: sqlite3.Connection) -> None:
    """Raise unless this is an empty file or one of our stores (before anything is written)."""
    if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        raise _Unusable("it failed SQLite's integrity check")
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if version == 0 and not tables:
        return
    marker = None
    if "meta" in tables:
        marker = conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
    if version == 0 or marker != (APP_NAME,):
        raise _Unusable("it is a SQLite database of another program")
    if version > len(MIGRATIONS):
        raise _TooNew(f"schema {version}")


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema up to date and prove the file writable, in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        for upgrade in MIGRATIONS[version:]:
            upgrade(conn)
        if version < len(MIGRATIONS):
            conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('opened', ?)", (_now(),))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _is_corruption(err: sqlite3.Error) -> bool:
    code = getattr(err, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _CORRUPT_CODES
    text = str(err)
    return "not a database" in text or "malformed" in text


def _connect_file(path: Path) -> sqlite3.Connection:
    """Open, check, switch to WAL and migrate; raises _Unusable, _TooNew or sqlite3/OS errors."""
    with contextlib.suppress(FileNotFoundError), path.open("rb") as handle:
        head = handle.read(len(_MAGIC))
        if head and head != _MAGIC:
            raise _Unusable("it is not a SQLite database")
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            _identify(conn)
        except sqlite3.DatabaseError as err:
            if _is_corruption(err):
                raise _Unusable(_reason(err)) from err
            raise
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: the WAL is fsynced at every commit, so an acknowledged answer survives even a
        # power cut (NORMAL would survive kill -9 but not that); see docs/progress.md.
        conn.execute("PRAGMA synchronous = FULL")
        _migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _connect_memory() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    _migrate(conn)
    return conn


def _move_aside(path: Path) -> Path:
    """Rename the store (and its -wal/-shm siblings) to ``progress.db.corrupt-STAMP``; keep all."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while any(Path(f"{target}{s}").exists() for s in ("", "-wal", "-shm")):
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            os.replace(source, f"{target}{suffix}")
    return target


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock while checking (and maybe replacing) the store file, so two readers
    opening at once cannot both move a file aside. Without fcntl (Windows) this is a no-op."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    fd = os.open(folder / f"{DB_NAME}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock (and so does the process dying)


def _open_file(folder: Path) -> tuple[sqlite3.Connection | None, str | None]:
    """Connect to the store in ``folder``: (connection, warning); no connection means not saving."""
    path = folder / DB_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _folder_lock(folder):
            try:
                return _connect_file(path), None
            except _Unusable as err:
                moved = _move_aside(path)
                note = f"The progress file was unreadable ({err}); it was moved to {moved}"
                return _connect_file(path), f"{note} and a fresh one started"
    except _TooNew as err:
        return None, (
            f"Progress is not being saved: {path} was written by a newer backprop-tutor ({err})"
        )
    except (OSError, sqlite3.Error, _Unusable) as err:
        text = _reason(err)
        if isinstance(err, OSError) or "readonly" in text or "unable to open" in text:
            return None, f"Progress is not being saved: {folder} is not writable ({text})"
        return None, f"Progress is not being saved: {path}: {text}"


class ProgressStore:
    """One learner's view of the progress file; every public method is safe to call from threads.

    Build it with :meth:`open`. Write methods commit before they return. If the file stops being
    writable mid-session the store carries on in memory: ``saving`` turns False and ``warning``
    says why, so the UI should show ``warning`` after a write when it changes.
    """

    def __init__(self, conn: sqlite3.Connection, learner: str, path: Path | None) -> None:
        """Wrap an open, migrated connection; use :meth:`open` instead."""
        self._conn = conn
        self._lock = threading.RLock()
        self.learner = learner
        """Whose rows this store reads and writes: the OS user locally, the SSH identity served."""
        self.path = path
        """The progress file, or None when running in memory."""
        self.warning: str | None = None
        """One line for the UI when something went wrong (not saving, file moved aside)."""

    @property
    def saving(self) -> bool:
        """False when progress only lives in memory for this session."""
        return self.path is not None

    @classmethod
    def open(cls, home: Path | None = None, learner: str | None = None) -> ProgressStore:
        """Open (or create) the store in ``home`` for ``learner``; never raises.

        Args:
            home: The data folder; None means ``$BACKPROP_TUTOR_HOME`` or the platform's user
                data folder for backprop-tutor.
            learner: Whose progress; None means ``$BACKPROP_TUTOR_LEARNER`` or the OS user.
        """
        folder = resolve_home(home)
        conn, warning = _open_file(folder)
        path = folder / DB_NAME if conn is not None else None
        store = cls(conn if conn is not None else _connect_memory(), resolve_learner(learner), path)
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
        memory = _connect_memory()
        with contextlib.suppress(sqlite3.Error):
            self._conn.backup(memory)  # keep what this session can still read
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        self.warning = f"Progress is not being saved: {self.path}: {_reason(err)}"
        self._conn, self.path = memory, None

    # --- pages and position -------------------------------------------------------------------

    def record_page(self, lesson_id: str, page: int) -> None:
        """Mark page ``page`` (0-based) of a lesson seen and make it the place to resume."""
        if page < 0:
            raise ValueError(f"page must be >= 0, not {page}")

        def body(conn: sqlite3.Connection) -> None:
            key = (self.learner, lesson_id)
            conn.execute("INSERT OR IGNORE INTO pages_seen VALUES (?, ?, ?)", (*key, page))
            conn.execute(
                "INSERT INTO visits VALUES (?, ?, ?, ?) ON CONFLICT (learner, lesson_id)"
                " DO UPDATE SET last_page = excluded.last_page, at = excluded.at",
                (*key, page, _now()),
            )

        self._run(body, write=True)

    def _visits(self) -> list[tuple[str, int]]:
        return self._run(
            lambda conn: conn.execute(
                "SELECT lesson_id, last_page FROM visits WHERE learner = ?"
                " ORDER BY at DESC, rowid DESC",
                (self.learner,),
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
        self._put_setting("language", lang, _now(), only_newer=False)

    def _put_setting(self, key: str, value: str, at: str, only_newer: bool) -> None:
        newer = " WHERE excluded.at > settings.at" if only_newer else ""
        self._run(
            lambda conn: conn.execute(
                "INSERT INTO settings VALUES (?, ?, ?, ?) ON CONFLICT (learner, key)"
                f" DO UPDATE SET value = excluded.value, at = excluded.at{newer}",
                (self.learner, key, value, at),
            ),
            write=True,
        )

    # --- quizzes ----------------------------------------------------------------------------

    def record_quiz(self, lesson_id: str, quiz_id: str, answer: str, correct: bool) -> None:
        """Append one attempt; durable on return, so acknowledge it on screen only afterwards."""
        self._run(
            lambda conn: conn.execute(
                "INSERT INTO attempts (learner, lesson_id, quiz_id, answer, correct, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (self.learner, lesson_id, quiz_id, answer, int(correct), _now()),
            ),
            write=True,
        )

    def quiz_results(self, lesson_id: str) -> dict[str, bool]:
        """Quiz id -> answered right at least once, for every quiz attempted in the lesson."""
        rows = self._run(
            lambda conn: conn.execute(
                "SELECT quiz_id, MAX(correct) FROM attempts WHERE learner = ? AND lesson_id = ?"
                " GROUP BY quiz_id",
                (self.learner, lesson_id),
            ).fetchall()
        )
        return {str(quiz): bool(right) for quiz, right in rows}

    def attempts(self, lesson_id: str, quiz_id: str | None = None) -> list[Attempt]:
        """The attempts in a lesson (or at one quiz), oldest first."""
        return self._run(lambda conn: self._attempts(conn, lesson_id, quiz_id))

    def _attempts(
        self, conn: sqlite3.Connection, lesson_id: str, quiz_id: str | None
    ) -> list[Attempt]:
        sql = (
            "SELECT quiz_id, answer, correct, at FROM attempts WHERE learner = ? AND lesson_id = ?"
        )
        params: tuple[str, ...] = (self.learner, lesson_id)
        if quiz_id is not None:
            sql, params = sql + " AND quiz_id = ?", (*params, quiz_id)
        rows = conn.execute(sql + " ORDER BY at, id", params).fetchall()
        return [Attempt(str(q), str(a), bool(c), str(at)) for q, a, c, at in rows]

    # --- widgets ----------------------------------------------------------------------------

    def save_widget(self, lesson_id: str, widget_key: str, state: Mapping[str, object]) -> None:
        """Remember a widget's state (JSON-able: inputs or x, step, history length...)."""
        self._put_widget(lesson_id, widget_key, json.dumps(dict(state)), _now(), only_newer=False)

    def _put_widget(self, lesson: str, key: str, state: str, at: str, only_newer: bool) -> None:
        newer = " WHERE excluded.at > widgets.at" if only_newer else ""
        self._run(
            lambda conn: conn.execute(
                "INSERT INTO widgets VALUES (?, ?, ?, ?, ?) ON CONFLICT (learner, lesson_id,"
                f" widget_key) DO UPDATE SET state = excluded.state, at = excluded.at{newer}",
                (self.learner, lesson, key, state, at),
            ),
            write=True,
        )

    def load_widget(self, lesson_id: str, widget_key: str) -> dict[str, object] | None:
        """The widget's last saved state, or None (never saved, or unreadable)."""
        row = self._run(
            lambda conn: conn.execute(
                "SELECT state FROM widgets WHERE learner = ? AND lesson_id = ? AND widget_key = ?",
                (self.learner, lesson_id, widget_key),
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
        key = (self.learner, lesson_id)
        where = "WHERE learner = ? AND lesson_id = ?"
        pages = conn.execute(f"SELECT page FROM pages_seen {where}", key).fetchall()
        visit = conn.execute(f"SELECT last_page, at FROM visits {where}", key).fetchone()
        quizzes = conn.execute(
            f"SELECT quiz_id, MAX(correct), COUNT(*) FROM attempts {where} GROUP BY quiz_id", key
        ).fetchall()
        return LessonProgress(
            lesson_id=lesson_id,
            pages_seen=frozenset(int(row[0]) for row in pages),
            last_page=int(visit[0]) if visit else None,
            last_visited=str(visit[1]) if visit else None,
            quizzes={str(quiz): bool(right) for quiz, right, _ in quizzes},
            attempts=sum(int(count) for _, _, count in quizzes),
        )

    def all_lessons(self) -> dict[str, LessonProgress]:
        """Every lesson id with recorded progress (including lessons the course no longer has)."""
        return self._run(self._all)

    def _all(self, conn: sqlite3.Connection) -> dict[str, LessonProgress]:
        union = " UNION ".join(
            f"SELECT lesson_id FROM {table} WHERE learner = :who"
            for table in ("visits", "pages_seen", "attempts", "widgets")
        )
        ids = conn.execute(f"{union} ORDER BY lesson_id", {"who": self.learner}).fetchall()
        return {str(row[0]): self._lesson(conn, str(row[0])) for row in ids}

    def reset(self, lesson_id: str | None = None) -> None:
        """Forget one lesson's progress (or all of it); the chosen language is kept."""

        def body(conn: sqlite3.Connection) -> None:
            for table in ("visits", "pages_seen", "attempts", "widgets"):
                if lesson_id is None:
                    conn.execute(f"DELETE FROM {table} WHERE learner = ?", (self.learner,))
                else:
                    conn.execute(
                        f"DELETE FROM {table} WHERE learner = ? AND lesson_id = ?",
                        (self.learner, lesson_id),
                    )

        self._run(body, write=True)

    # --- export and import ------------------------------------------------------------------

    def export_data(self) -> dict[str, object]:
        """This learner's progress as a JSON-able dict (format in docs/progress.md)."""
        return self._run(self._export)

    def _export(self, conn: sqlite3.Connection) -> dict[str, object]:
        lessons: dict[str, object] = {}
        for lesson_id, progress in self._all(conn).items():
            key = (self.learner, lesson_id)
            where = "WHERE learner = ? AND lesson_id = ?"
            widgets = conn.execute(f"SELECT widget_key, state, at FROM widgets {where}", key)
            lessons[lesson_id] = {
                "pages_seen": sorted(progress.pages_seen),
                "last_page": progress.last_page,
                "last_visited": progress.last_visited,
                "attempts": [
                    {"quiz": a.quiz_id, "answer": a.answer, "correct": a.correct, "at": a.at}
                    for a in self._attempts(conn, lesson_id, None)
                ],
                "widgets": {k: {"state": json.loads(s), "at": at} for k, s, at in widgets},
            }
        language = conn.execute(
            "SELECT value, at FROM settings WHERE learner = ? AND key = 'language'",
            (self.learner,),
        ).fetchone()
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "learner": self.learner,
            "exported_at": _now(),
            "language": {"value": language[0], "at": language[1]} if language else None,
            "lessons": lessons,
        }

    def import_data(self, data: Mapping[str, object]) -> None:
        """Merge an export into this learner's progress, all or nothing.

        Rules: pages seen and attempts are united (an attempt identical to one already stored is
        skipped, so importing twice changes nothing); the last page, each widget state and the
        language keep whichever was recorded later.

        Raises:
            ProgressError: ``data`` is not a valid export (one line naming the bad field).
        """
        language, lessons = _validate_export(data)
        self._run(lambda conn: self._merge(conn, language, lessons), write=True)

    def _merge(
        self, conn: sqlite3.Connection, language: tuple[str, str] | None, lessons: _Lessons
    ) -> None:
        me = self.learner
        if language is not None:
            conn.execute(
                "INSERT INTO settings VALUES (?, 'language', ?, ?) ON CONFLICT (learner, key)"
                " DO UPDATE SET value = excluded.value, at = excluded.at"
                " WHERE excluded.at > settings.at",
                (me, *language),
            )
        for lid, (pages, visit, attempts, widgets) in lessons.items():
            conn.executemany(
                "INSERT OR IGNORE INTO pages_seen VALUES (?, ?, ?)", [(me, lid, p) for p in pages]
            )
            if visit is not None:
                conn.execute(
                    "INSERT INTO visits VALUES (?, ?, ?, ?) ON CONFLICT (learner, lesson_id)"
                    " DO UPDATE SET last_page = excluded.last_page, at = excluded.at"
                    " WHERE excluded.at > visits.at",
                    (me, lid, *visit),
                )
            for quiz, answer, correct, at in attempts:
                row = (me, lid, quiz, answer, int(correct), at)
                conn.execute(
                    "INSERT INTO attempts (learner, lesson_id, quiz_id, answer, correct, at)"
                    " SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (SELECT 1 FROM attempts"
                    " WHERE learner = ?1 AND lesson_id = ?2 AND quiz_id = ?3 AND answer = ?4"
                    " AND correct = ?5 AND at = ?6)",
                    row,
                )
            for key, (state, at) in widgets.items():
                conn.execute(
                    "INSERT INTO widgets VALUES (?, ?, ?, ?, ?) ON CONFLICT (learner, lesson_id,"
                    " widget_key) DO UPDATE SET state = excluded.state, at = excluded.at"
                    " WHERE excluded.at > widgets.at",
                    (me, lid, key, state, at),
                )


# --- validating an export ----------------------------------------------------------------------

_Attempt = tuple[str, str, bool, str]
_Lesson = tuple[list[int], "tuple[int, str] | None", list[_Attempt], dict[str, tuple[str, str]]]
_Lessons = dict[str, _Lesson]


def _fail(where: str, what: str) -> NoReturn:
    raise ProgressError(f"not a valid progress export: {where}: {what}")


def _text(value: object, where: str) -> str:
    if isinstance(value, str) and 0 < len(value) <= 10_000:
        return value
    _fail(where, "expected a non-empty text")


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
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    _fail(where, "expected a page number >= 0")


def _validate_attempt(raw: object, where: str) -> _Attempt:
    entry = _mapping(raw, where)
    correct, answer = entry.get("correct"), entry.get("answer")
    if not isinstance(correct, bool):
        _fail(f"{where}.correct", "expected true or false")
    if not isinstance(answer, str):
        _fail(f"{where}.answer", "expected a text")
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
        at = f"{where}.widgets.{key}"
        entry = _mapping(item, at)
        state = json.dumps(_mapping(entry.get("state"), f"{at}.state"))
        widgets[_text(key, at)] = (state, _stamp(entry.get("at"), f"{at}.at"))
    return pages, visit, attempts, widgets


def _validate_export(data: object) -> tuple[tuple[str, str] | None, _Lessons]:
    """Check an export completely before anything is written; raise ProgressError if bad."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ProgressError(f'not a progress export (no "format": "{EXPORT_FORMAT}")')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        _fail("version", "expected a number >= 1")
    if version > EXPORT_VERSION:
        raise ProgressError(f"the export is version {version}; this backprop-tutor reads 1")
    language = None
    if data.get("language") is not None:
        entry = _mapping(data["language"], "language")
        value = _text(entry.get("value"), "language.value")
        language = (value, _stamp(entry.get("at"), "language.at"))
    lessons = _mapping(data.get("lessons"), "lessons")
    return language, {
        _text(lid, "lessons"): _validate_lesson(raw, f"lessons.{lid}")
        for lid, raw in lessons.items()
    }
