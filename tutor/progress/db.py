"""The progress file itself: connecting, checking, migrating, moving a bad file aside.

Opening is where a store can go wrong (a corrupt or foreign file, a folder that cannot be written,
a schema from a newer backprop-tutor), so all of that lives here, away from the store's API in
:mod:`tutor.progress.store`. :func:`open_file` never raises; it returns a connection or the one
line explaining why progress is not being saved, and :func:`connect_memory` gives the in-memory
stand-in. See docs/progress.md for the data model and the guarantees.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

APP_NAME = "backprop-tutor"
DB_NAME = "progress.db"
BUSY_TIMEOUT_MS = 10_000
"""How long a write waits for another terminal's write (they take milliseconds) before failing."""

LESSON_TABLES = ("visits", "pages_seen", "attempts", "quiz_counts", "widgets")
"""The tables whose rows belong to a learner's lesson in a course (``settings`` is per learner)."""

MAX_ANSWER = 500
"""The longest quiz answer kept, in characters (a numeric answer is an expression of at most
500 characters, `tutor.maths.lexer.MAX_LENGTH`; a choice answer is a few numbers)."""

BUNDLED_COURSE = "bundled"
"""The course key of the shipped course (`tutor.course.model.BUNDLED_COURSE`): the course of
every row written before progress was kept per course (schema 1)."""

Owner = tuple[str, str]
"""Whose lesson rows: (learner, course key)."""


_MAGIC = b"SQLite format 3\x00"
_CORRUPT_CODES = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB


class _Unusable(Exception):
    """The file at the store path is not a usable progress store (corrupt or foreign)."""


class _TooNew(Exception):
    """The store was written by a newer backprop-tutor whose schema this one does not know."""


def utc_now() -> str:
    """The time as stored: ISO 8601 UTC with microseconds, so times sort as text."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def reason(err: BaseException) -> str:
    """The part of an error worth showing a learner (``strerror`` for OS errors)."""
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


_V2_TABLES = {
    "visits": (
        "CREATE TABLE visits (learner TEXT NOT NULL, course TEXT NOT NULL,"
        " lesson_id TEXT NOT NULL, last_page INTEGER NOT NULL, at TEXT NOT NULL,"
        " PRIMARY KEY (learner, course, lesson_id))",
        "lesson_id, last_page, at",
    ),
    "pages_seen": (
        "CREATE TABLE pages_seen (learner TEXT NOT NULL, course TEXT NOT NULL,"
        " lesson_id TEXT NOT NULL, page INTEGER NOT NULL,"
        " PRIMARY KEY (learner, course, lesson_id, page))",
        "lesson_id, page",
    ),
    "attempts": (
        "CREATE TABLE attempts (id INTEGER PRIMARY KEY, learner TEXT NOT NULL,"
        " course TEXT NOT NULL, lesson_id TEXT NOT NULL, quiz_id TEXT NOT NULL,"
        " answer TEXT NOT NULL, correct INTEGER NOT NULL, at TEXT NOT NULL)",
        "id, lesson_id, quiz_id, answer, correct, at",
    ),
    "widgets": (
        "CREATE TABLE widgets (learner TEXT NOT NULL, course TEXT NOT NULL,"
        " lesson_id TEXT NOT NULL, widget_key TEXT NOT NULL, state TEXT NOT NULL,"
        " at TEXT NOT NULL, PRIMARY KEY (learner, course, lesson_id, widget_key))",
        "lesson_id, widget_key, state, at",
    ),
}
"""Schema 2's lesson tables (a ``course`` column after ``learner``, part of every key), and the
columns copied over from schema 1."""


def _migrate_to_v2(conn: sqlite3.Connection) -> None:
    """Progress keyed by course too: every row so far belongs to the bundled course.

    SQLite cannot change a primary key in place, so each table is rebuilt: renamed, created
    anew, copied (attempt ids kept, so their order is kept), dropped. Widget keys keep their
    schema 1 form (``neuron@12``); the reader still finds them by the widget's line.
    """
    conn.execute("DROP INDEX attempts_by_quiz")
    for table, (create, columns) in _V2_TABLES.items():
        conn.execute(f"ALTER TABLE {table} RENAME TO {table}_v1")
        conn.execute(create)
        conn.execute(
            f"INSERT INTO {table} (learner, course, {columns})"
            f" SELECT learner, ?, {columns} FROM {table}_v1",
            (BUNDLED_COURSE,),
        )
        conn.execute(f"DROP TABLE {table}_v1")
    conn.execute("CREATE INDEX attempts_by_quiz ON attempts (learner, course, lesson_id, quiz_id)")


def _migrate_to_v3(conn: sqlite3.Connection) -> None:
    """Bounded attempts (tutor.progress.attempts): a count of answers per quiz, so that only a
    few attempts need be kept. Existing attempts are all kept and counted."""
    conn.execute(
        "CREATE TABLE quiz_counts (learner TEXT NOT NULL, course TEXT NOT NULL,"
        " lesson_id TEXT NOT NULL, quiz_id TEXT NOT NULL, count INTEGER NOT NULL,"
        " PRIMARY KEY (learner, course, lesson_id, quiz_id))"
    )
    conn.execute(
        "INSERT INTO quiz_counts SELECT learner, course, lesson_id, quiz_id, COUNT(*)"
        " FROM attempts GROUP BY learner, course, lesson_id, quiz_id"
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_to_v1,
    _migrate_to_v2,
    _migrate_to_v3,
]
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
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('opened', ?)", (utc_now(),))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def recorded_lessons(conn: sqlite3.Connection, owner: Owner) -> list[str]:
    """Every lesson id with rows for ``owner``, sorted (lessons the course lost included)."""
    union = " UNION ".join(
        f"SELECT lesson_id FROM {table} WHERE learner = ? AND course = ?" for table in LESSON_TABLES
    )
    rows = conn.execute(f"{union} ORDER BY lesson_id", owner * len(LESSON_TABLES)).fetchall()
    return [str(row[0]) for row in rows]


# --- connecting -------------------------------------------------------------------------------


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
                raise _Unusable(reason(err)) from err
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


def connect_memory() -> sqlite3.Connection:
    """A fresh, migrated in-memory store: the session works, nothing is saved."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    _migrate(conn)
    return conn


def read_only_copy(path: Path) -> sqlite3.Connection | None:
    """A migrated in-memory copy of the store at ``path``, read without writing anything.

    For a folder that cannot be written: the learner still sees (and can export) their
    progress. ``mode=ro`` reads the WAL too when its ``-shm`` file exists; ``immutable=1``
    reads the main file alone when it cannot. None when the file cannot be read as one of
    our stores (missing, corrupt, foreign, or from a newer backprop-tutor).
    """
    for query in ("mode=ro", "mode=ro&immutable=1"):
        try:
            source = sqlite3.connect(
                f"{path.resolve().as_uri()}?{query}", uri=True, isolation_level=None
            )
        except (OSError, sqlite3.Error):
            continue
        try:
            _identify(source)
            memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            source.backup(memory)
            _migrate(memory)
            return memory
        except (sqlite3.Error, _Unusable, _TooNew):
            continue
        finally:
            source.close()
    return None


def copy_to_memory(conn: sqlite3.Connection) -> sqlite3.Connection:
    """Swap a failing file connection for an in-memory copy of what it still lets us read.

    The file connection is closed; nothing in the file is changed or deleted.
    """
    memory = connect_memory()
    with contextlib.suppress(sqlite3.Error):
        conn.backup(memory)  # keep what this session can still read
    with contextlib.suppress(sqlite3.Error):
        conn.close()
    return memory


# --- opening the file in a folder ---------------------------------------------------------------


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


def open_file(folder: Path) -> tuple[sqlite3.Connection | None, str | None]:
    """Connect to the store in ``folder``; never raises.

    Returns:
        (connection, warning). No connection means progress cannot be saved here and the
        warning says why; a connection with a warning means a bad file was moved aside.
    """
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
        text = reason(err)
        if isinstance(err, OSError) or "readonly" in text or "unable to open" in text:
            return None, f"Progress is not being saved: {folder} is not writable ({text})"
        return None, f"Progress is not being saved: {path}: {text}"
