"""The store never crashes the reader: bad files are moved aside, unwritable folders fall back."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tutor.progress import DB_NAME, ProgressStore
from tutor.progress import db as progress_db


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _text_file(path: Path) -> None:
    path.write_text("my shopping list\neggs\nflour\n")


def _truncated_store(path: Path) -> None:
    with ProgressStore.open(path.parent, "alice") as store:
        for page in range(200):
            store.record_quiz("neuron", f"q{page}", "x" * 200, correct=True)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _foreign_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ada', '555')")
    conn.commit()
    conn.close()


def _short_header(path: Path) -> None:
    path.write_bytes(b"SQLite")


@pytest.mark.parametrize(
    "make_bad",
    [_random_bytes, _text_file, _truncated_store, _foreign_database, _short_header],
)
def test_a_bad_file_is_moved_aside_and_a_fresh_store_started(
    tmp_path: Path, make_bad: Callable[[Path], None]
) -> None:
    path = tmp_path / DB_NAME
    make_bad(path)
    original = path.read_bytes()
    with ProgressStore.open(tmp_path, "alice") as store:
        assert store.saving
        assert store.warning is not None and "\n" not in store.warning
        assert store.warning.startswith("The progress file was unreadable")
        moved = sorted(tmp_path.glob(f"{DB_NAME}.corrupt-*"))
        assert [p.name for p in moved if not p.name.endswith(("-wal", "-shm"))] == [moved[0].name]
        assert moved[0].read_bytes() == original, "the original is kept, byte for byte"
        assert str(moved[0]) in store.warning
        store.record_quiz("neuron", "q1", "a", correct=True)
    with ProgressStore.open(tmp_path, "alice") as store:
        assert store.warning is None
        assert store.quiz_results("neuron") == {"q1": True}


def test_the_foreign_database_is_not_modified(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    _foreign_database(path)
    with ProgressStore.open(tmp_path, "alice"):
        pass
    (moved,) = tmp_path.glob(f"{DB_NAME}.corrupt-*")
    conn = sqlite3.connect(moved)
    assert conn.execute("SELECT * FROM contacts").fetchall() == [("Ada", "555")]
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_wal_and_shm_siblings_move_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    _random_bytes(path)
    Path(f"{path}-wal").write_bytes(b"wal bytes")
    Path(f"{path}-shm").write_bytes(b"shm bytes")
    with ProgressStore.open(tmp_path, "alice") as store:
        assert store.saving
    (moved,) = (
        p for p in tmp_path.glob(f"{DB_NAME}.corrupt-*") if not p.name.endswith(("-wal", "-shm"))
    )
    assert Path(f"{moved}-wal").read_bytes() == b"wal bytes"
    assert Path(f"{moved}-shm").read_bytes() == b"shm bytes"


def test_two_corruptions_in_the_same_second_keep_both_files(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    for content in (b"first junk", b"second junk"):
        path.write_bytes(content)
        ProgressStore.open(tmp_path, "alice").close()
    kept = {p.read_bytes() for p in tmp_path.glob(f"{DB_NAME}.corrupt-*")}
    assert {b"first junk", b"second junk"} <= kept


def test_an_empty_file_is_a_fine_new_store(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"")
    with ProgressStore.open(tmp_path, "alice") as store:
        assert store.saving and store.warning is None
    assert list(tmp_path.glob("*.corrupt-*")) == []


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    home = tmp_path / "not" / "yet" / "there"
    with ProgressStore.open(home, "alice") as store:
        assert store.saving and store.warning is None
        store.record_page("neuron", 0)
    assert (home / DB_NAME).is_file()


def _unwritable_home(tmp_path: Path) -> Path:
    """A folder that cannot be created or written, even by root (tests may run as root, where
    chmod does not stop writes): its parent is a regular file."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        return locked
    return blocker / "home"


def test_an_unwritable_folder_runs_in_memory_and_says_so(tmp_path: Path) -> None:
    home = _unwritable_home(tmp_path)
    with ProgressStore.open(home, "alice") as store:
        assert not store.saving and store.path is None
        assert store.warning is not None and "\n" not in store.warning
        assert store.warning.startswith("Progress is not being saved:")
        assert str(home) in store.warning
        store.record_page("neuron", 2)
        store.record_quiz("neuron", "q", "a", correct=True)
        store.save_widget("neuron", "gate", {"x": 1})
        assert store.last_position() == ("neuron", 2)
        assert store.quiz_results("neuron") == {"q": True}
        assert store.load_widget("neuron", "gate") == {"x": 1}
    assert not (home / DB_NAME).exists()


def test_a_store_from_a_newer_version_is_left_alone(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, "alice") as store:
        store.record_page("neuron", 1)
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with ProgressStore.open(tmp_path, "alice") as store:
        assert not store.saving
        assert store.warning is not None and "newer backprop-tutor" in store.warning
    assert list(tmp_path.glob("*.corrupt-*")) == []
    conn = sqlite3.connect(tmp_path / DB_NAME)
    assert conn.execute("SELECT lesson_id, last_page FROM visits").fetchall() == [("neuron", 1)]


def test_a_migration_is_one_appended_function(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ProgressStore.open(tmp_path, "alice") as store:
        store.record_quiz("neuron", "q", "a", correct=True)

    def add_notes(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE notes (learner TEXT, text TEXT)")

    today = len(progress_db.MIGRATIONS)
    monkeypatch.setattr(progress_db, "MIGRATIONS", [*progress_db.MIGRATIONS, add_notes])
    with ProgressStore.open(tmp_path, "alice") as store:
        assert store.warning is None
        assert store.quiz_results("neuron") == {"q": True}
    conn = sqlite3.connect(tmp_path / DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone() == (today + 1,)
    assert conn.execute("SELECT COUNT(*) FROM notes").fetchone() == (0,)


def test_a_failing_migration_changes_nothing_and_does_not_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ProgressStore.open(tmp_path, "alice") as store:
        store.record_page("neuron", 1)

    def broken(conn: sqlite3.Connection) -> None:
        """An upgrade that fails on the rows it finds (an empty in-memory store upgrades fine)."""
        conn.execute("CREATE TABLE half_done (x)")
        if conn.execute("SELECT COUNT(*) FROM visits").fetchone()[0]:
            raise sqlite3.IntegrityError("cannot upgrade these rows")

    today = len(progress_db.MIGRATIONS)
    monkeypatch.setattr(progress_db, "MIGRATIONS", [*progress_db.MIGRATIONS, broken])
    with ProgressStore.open(tmp_path, "alice") as store:
        assert not store.saving and store.warning is not None
    conn = sqlite3.connect(tmp_path / DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone() == (today,)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables


def test_a_store_that_fails_mid_session_keeps_the_session_in_memory(tmp_path: Path) -> None:
    store = ProgressStore.open(tmp_path, "alice")
    store.record_page("neuron", 1)
    writer = sqlite3.connect(tmp_path / DB_NAME, timeout=0)
    writer.execute("BEGIN EXCLUSIVE")  # another program holds the file past the busy timeout
    store._conn.execute("PRAGMA busy_timeout = 50")  # keep the test quick
    store.record_quiz("neuron", "q", "a", correct=True)
    writer.rollback()
    writer.close()
    assert not store.saving
    assert store.warning is not None and store.warning.startswith("Progress is not being saved")
    assert store.quiz_results("neuron") == {"q": True}
    assert store.last_position() == ("neuron", 1), "what was saved before is still shown"
    store.close()


def _write_refused(path: Path) -> sqlite3.Connection:
    raise sqlite3.OperationalError("attempt to write a readonly database")


def test_a_store_that_cannot_be_written_is_read_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only data folder (simulated: root ignores chmod) still shows what it holds."""
    with ProgressStore.open(tmp_path, "alice") as store:
        store.record_page("neuron", 1)
        store.record_quiz("neuron", "q1", "2", correct=True)
    before = (tmp_path / DB_NAME).read_bytes()
    monkeypatch.setattr(progress_db, "_connect_file", _write_refused)
    with ProgressStore.open(tmp_path, "alice") as store:
        assert not store.saving and store.readable
        assert store.warning is not None and "(read-only)" in store.warning
        assert store.quiz_results("neuron") == {"q1": True}
        assert store.last_position() == ("neuron", 1)
        store.record_page("neuron", 2)  # kept for the session, in memory
        assert store.lesson_progress("neuron").pages_seen == {1, 2}
    assert (tmp_path / DB_NAME).read_bytes() == before  # nothing written
