"""Progress keyed by course: two courses with the same lesson ids, widget keys, schema 1 stores."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tutor.course.model import BUNDLED_COURSE, WIDGET_SPECS, NeuronSpec, legacy_widget_key
from tutor.course.parser import bundled_course, bundled_lessons, load_course, parse_lesson
from tutor.progress import DB_NAME, MIGRATIONS, ProgressStore
from tutor.progress import db as progress_db

LESSON = """\
---
title: The neuron{extra_front}
---
{extra_text}Text.

```neuron
inputs: {{a: 5, b: 6}}
```

```neuron
inputs: {{a: 1, b: 2}}
```

```quiz
id: q1
question: Pick one
choices:
  - text: right
    correct: true
  - text: wrong
```

## Second page

```curve
f: 4 - (x - 2)**2
x: 1
range: [0, 4]
```
"""


def write_lesson(folder: Path, *, front: str = "", text: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "01-neuron.md"
    path.write_text(LESSON.format(extra_front=front, extra_text=text), encoding="utf-8")
    return path


def test_the_course_key_is_the_course_front_matter_else_bundled_else_the_path(
    tmp_path: Path,
) -> None:
    assert bundled_course().key == BUNDLED_COURSE == progress_db.BUNDLED_COURSE
    assert load_course(bundled_lessons()).key == BUNDLED_COURSE
    folder = tmp_path / "mine"
    path = write_lesson(folder)
    assert load_course(folder).key == str(folder.resolve())
    assert load_course(path).key == str(path.resolve())
    write_lesson(tmp_path / "named", front="\ncourse: intro-to-backprop")
    named = load_course(tmp_path / "named")
    assert named.key == "intro-to-backprop" and named.problems == ()


def test_lessons_that_disagree_on_their_course_key_are_a_problem(tmp_path: Path) -> None:
    write_lesson(tmp_path, front="\ncourse: one")
    (tmp_path / "02-other.md").write_text("---\ntitle: Other\ncourse: two\n---\nText.\n")
    course = load_course(tmp_path)
    assert course.key == "one"
    assert [str(p) for p in course.problems] == [
        f"{tmp_path / '02-other.md'}:3: course: 'two' differs from 'one' in 01-neuron.md;"
        " one course has one key"
    ]


def test_two_courses_with_the_same_lesson_id_keep_separate_progress(tmp_path: Path) -> None:
    mine = load_course(write_lesson(tmp_path / "mine").parent)
    theirs = load_course(write_lesson(tmp_path / "theirs").parent)
    bundled = bundled_course()
    lesson_ids = {lesson.id for lesson in bundled.lessons_for("en")}
    assert "neuron" in lesson_ids and mine.lessons_for(None)[0].id == "neuron"
    home = tmp_path / "home"
    with ProgressStore.open(home, "alice", course=mine.key) as store:
        store.record_quiz("neuron", "q1", "1", correct=True)
        store.record_page("neuron", 1)
        store.save_widget("neuron", "neuron@p1.1", {"step": 0.01})
    with ProgressStore.open(home, "alice", course=bundled.key) as store:
        assert store.all_lessons() == {}
        assert store.quiz_results("neuron") == {}
        assert store.load_widget("neuron", "neuron@p1.1") is None
        store.record_quiz("neuron", "q1", "2", correct=False)
    with ProgressStore.open(home, "alice", course=theirs.key) as store:
        assert store.all_lessons() == {} and store.resume_position({"neuron": 2}) is None
    with ProgressStore.open(home, "alice", course=mine.key) as store:
        assert store.quiz_results("neuron") == {"q1": True}
        assert [a.answer for a in store.attempts("neuron")] == ["1"]
        assert store.resume_position({"neuron": 2}) == ("neuron", 1)
        assert store.export_data()["course"] == mine.key
        store.reset()
    with ProgressStore.open(home, "alice", course=bundled.key) as store:
        assert store.quiz_results("neuron") == {"q1": False}  # the reset stayed in its course


def test_widget_keys_survive_edits_above_them(tmp_path: Path) -> None:
    before = parse_lesson(write_lesson(tmp_path / "a"))
    after = parse_lesson(write_lesson(tmp_path / "b", text="A new paragraph.\n\nAnd one more.\n\n"))

    def keys(lesson_path: Path) -> list[str]:
        lesson = parse_lesson(lesson_path)
        return [
            lesson.widget_key(index, block)
            for index, page in enumerate(lesson.pages)
            for block in page.blocks
            if isinstance(block, WIDGET_SPECS)
        ]

    old = keys(tmp_path / "a" / "01-neuron.md")
    assert old == ["neuron@p1.1", "neuron@p1.2", "q1", "curve@p2.1"]
    assert keys(tmp_path / "b" / "01-neuron.md") == old
    first = before.pages[0].blocks[1]
    moved = after.pages[0].blocks[1]
    assert isinstance(first, NeuronSpec) and isinstance(moved, NeuronSpec)
    assert legacy_widget_key(first) != legacy_widget_key(moved)  # the old key did not survive


# --- schema 1 stores migrate ------------------------------------------------------------------

SCHEMA_1 = (  # copied from tutor/progress/db.py as it was at schema version 1
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
    "INSERT INTO meta VALUES ('app', 'backprop-tutor')",
)
T1, T2, T3 = "2026-11-30T10:00:00.000000Z", "2026-11-30T10:05:00.000000Z", "2026-11-30T10:09:00Z"
NEURON_STATE = {"inputs": {"a": 5.06, "b": 6.05}, "step": 0.01, "draws": [0, 0]}
NEURON_STATE["history"] = [{"a": 5.0, "b": 6.0}, {"a": 5.06, "b": 6.05}]


def write_schema_1_store(folder: Path) -> None:
    """A progress file as today's schema 1 code writes it, for two learners."""
    folder.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(folder / DB_NAME)
    for statement in SCHEMA_1:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO settings VALUES ('alice', 'language', 'zh', ?)", (T1,))
    for learner in ("alice", "bob"):
        conn.execute("INSERT INTO visits VALUES (?, 'neuron', 1, ?)", (learner, T2))
        conn.executemany(
            "INSERT INTO pages_seen VALUES (?, 'neuron', ?)", [(learner, 0), (learner, 1)]
        )
        conn.executemany(
            "INSERT INTO attempts (learner, lesson_id, quiz_id, answer, correct, at)"
            " VALUES (?, 'neuron', 'q1', ?, ?, ?)",
            [(learner, "2", 0, T1), (learner, "1", 1, T2), (learner, "1", 1, T2)],
        )
        conn.execute(
            "INSERT INTO widgets VALUES (?, 'neuron', 'neuron@6', ?, ?)",
            (learner, json.dumps(NEURON_STATE), T3),
        )
    conn.commit()
    conn.close()


def dump(folder: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(folder / DB_NAME)
    tables = ("settings", "visits", "pages_seen", "attempts", "widgets")  # as in schema 1
    rows = {table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall()) for table in tables}
    conn.close()
    return rows


def test_a_schema_1_store_migrates_to_the_bundled_course_and_loses_nothing(
    tmp_path: Path,
) -> None:
    write_schema_1_store(tmp_path)
    before = dump(tmp_path)
    with ProgressStore.open(tmp_path, "alice") as store:
        assert store.saving and store.warning is None
        assert store.language() == "zh"
        assert store.quiz_results("neuron") == {"q1": True}
        assert [(a.answer, a.correct) for a in store.attempts("neuron")] == [
            ("2", False),
            ("1", True),
            ("1", True),
        ]
        assert store.last_position() == ("neuron", 1)
        assert store.lesson_progress("neuron").pages_seen == frozenset({0, 1})
        assert store.lesson_progress("neuron").attempts == 3  # counted by migration 3
        assert store.load_widget("neuron", "neuron@p1.1", "neuron@6") == NEURON_STATE
        assert store.load_widget("neuron", "neuron@p1.1") is None  # kept under its old key
    conn = sqlite3.connect(tmp_path / DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),) == (3,)
    conn.close()
    after = dump(tmp_path)
    # Every row is still there, the same, with the bundled course after the learner.
    for table in ("visits", "pages_seen", "widgets"):
        assert after[table] == sorted((r[0], "bundled", *r[1:]) for r in before[table])
    assert after["attempts"] == sorted((r[0], r[1], "bundled", *r[2:]) for r in before["attempts"])
    assert after["settings"] == before["settings"]
    with ProgressStore.open(tmp_path, "bob", course=str(tmp_path / "own-course")) as other:
        assert other.all_lessons() == {}  # another course sees none of it


def test_a_widget_saved_under_its_new_key_wins_over_its_old_one(tmp_path: Path) -> None:
    write_schema_1_store(tmp_path)
    with ProgressStore.open(tmp_path, "alice") as store:
        store.save_widget("neuron", "neuron@p1.1", {"step": 0.02})
        assert store.load_widget("neuron", "neuron@p1.1", "neuron@6") == {"step": 0.02}
