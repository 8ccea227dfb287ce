"""The teacher's view of a class: every learner's progress in one course, read without writing.

`backprop-tutor class` reads the server's progress file while the readers write it. It only
reads: a SQLite read-only connection (``mode=ro``), one short read transaction per snapshot (in
WAL mode a reader never blocks a writer, and a writer never blocks a reader), closed at once.
Pure core: no Textual. The screen (`tutor.classroom.app`) and the command
(`tutor.classroom.cli`) turn a `ClassSnapshot` into a table, JSON or CSV.

Learners are progress-store identities: a roster name (``name:Li Lei``, see `NAMED_PREFIX`), an
SSH key fingerprint, an ``--open`` username or a browser (``web-…``). Their names are untrusted
text: whoever shows them escapes control characters (`tutor.textsafe.visible_controls`).
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tutor.progress.db import APP_NAME, BUSY_TIMEOUT_MS, DB_NAME

NAMED_PREFIX = "name:"
"""A learner known by a roster name is stored as ``name:`` + the name (`serve ssh --roster`)."""

COMMON_WRONG = 3
"""How many of the most common wrong answers the per-quiz view lists."""
CHOICE_TEXT_MAX = 40
"""A choice's text is cut to this many characters in a wrong answer's label."""


class ClassViewError(Exception):
    """The progress file cannot be read as a class (one line, for the teacher)."""


@dataclass(frozen=True)
class LessonInfo:
    """What the class view needs of one lesson of the course as it is now."""

    id: str
    title: str
    pages: int
    quiz_ids: tuple[str, ...] = ()
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Quiz id -> its choices' texts (a choice answer is stored as numbers: ``2`` or ``1,3``)."""


@dataclass(frozen=True)
class LearnerRow:
    """One learner's line: where they are and how far they got."""

    learner: str
    """The identity as stored (``name:…``, ``SHA256:…``, ``web-…``, a username)."""
    name: str
    """What to call them: the roster name, else the identity."""
    lesson: str | None
    """The lesson id they were last on (None: never opened a page)."""
    page: int | None
    """That lesson's page (0-based)."""
    pages_seen: int
    quizzes_right: int
    quizzes_tried: int
    last_active: str | None
    """The latest time anything of theirs was written (ISO 8601 UTC)."""


@dataclass(frozen=True)
class QuizRow:
    """One quiz across the class: which idea the class missed."""

    lesson: str
    quiz: str
    tried: int
    """Learners who answered it at least once."""
    right_first: int
    """Learners whose first answer was right."""
    right: int
    """Learners who answered it right at least once."""
    answers: int
    """Answers given in all (every press of Enter counts)."""
    common_wrong: tuple[tuple[str, int], ...]
    """The most common wrong answers and how many learners gave each."""


@dataclass(frozen=True)
class FunnelRow:
    """One lesson across the class: how many started, saw every page, finished."""

    lesson: str
    title: str
    started: int
    all_pages: int
    done: int
    """Every page seen and every quiz answered right."""


@dataclass(frozen=True)
class ClassSnapshot:
    """The class at one moment."""

    course: str
    learners: tuple[LearnerRow, ...] = ()
    quizzes: tuple[QuizRow, ...] = ()
    funnel: tuple[FunnelRow, ...] = ()
    lessons: tuple[LessonInfo, ...] = field(default=(), repr=False)


def display_name(learner: str) -> str:
    """The name to show for a stored identity (the roster name without its prefix)."""
    if learner.startswith(NAMED_PREFIX) and len(learner) > len(NAMED_PREFIX):
        return learner[len(NAMED_PREFIX) :]
    return learner


def choice_label(answer: str, texts: Sequence[str]) -> str:
    """A stored choice answer with its choices' texts (``2) Down``); other answers as they are."""
    parts = answer.split(",")
    if not texts or not all(p.isdigit() and 1 <= int(p) <= len(texts) for p in parts):
        return answer
    return "; ".join(f"{p}) {texts[int(p) - 1][:CHOICE_TEXT_MAX]}" for p in parts)


def open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to a progress file: it never writes, locks out no writer.

    Raises:
        ClassViewError: Not readable, or not a backprop-tutor progress file.
    """
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        marker = None
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            marker = conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as err:
        raise ClassViewError(f"{path}: cannot be read as a progress file ({err})") from None
    if marker is None or marker[0] != APP_NAME:
        conn.close()
        raise ClassViewError(f"{path}: not a backprop-tutor progress file")
    if version < 3:
        conn.close()
        raise ClassViewError(f"{path}: an older progress file; open the reader once to upgrade it")
    return conn


def read_class(home: Path, course: str, lessons: Sequence[LessonInfo]) -> ClassSnapshot:
    """The class of `course` as the progress file in `home` holds it now.

    A folder without a progress file is an empty class (the server has not recorded anyone).

    Raises:
        ClassViewError: The file exists but cannot be read as a progress file.
    """
    path = home / DB_NAME
    if not path.exists():
        return ClassSnapshot(course, lessons=tuple(lessons))
    conn = open_read_only(path)
    try:
        conn.execute("BEGIN")  # one consistent snapshot of every table
        try:
            return _snapshot(conn, course, tuple(lessons))
        finally:
            conn.execute("COMMIT")
    except sqlite3.Error as err:
        raise ClassViewError(f"{path}: {err}") from None
    finally:
        conn.close()


def _snapshot(
    conn: sqlite3.Connection, course: str, lessons: tuple[LessonInfo, ...]
) -> ClassSnapshot:
    facts = _Facts.read(conn, course, lessons)
    facts.tally()
    return ClassSnapshot(
        course,
        learners=tuple(facts.learner_row(who) for who in facts.learners()),
        quizzes=tuple(facts.quiz_rows()),
        funnel=tuple(facts.funnel_rows()),
        lessons=lessons,
    )


class _Facts:
    """The rows of one course, read once, measured against the course as it is now."""

    def __init__(self, course: str, lessons: tuple[LessonInfo, ...]) -> None:
        self.course = course
        self.lessons = {lesson.id: lesson for lesson in lessons}
        self.order = [lesson.id for lesson in lessons]
        self.paged: set[str] = set()
        """Learners with a page seen in the course (in any lesson, removed ones too)."""
        self.seen: Counter[tuple[str, str]] = Counter()
        """(learner, lesson) -> pages seen that the lesson still has."""
        self.visits: dict[str, tuple[str, int, str]] = {}
        self.active: dict[str, str] = {}
        self.counts: dict[tuple[str, str, str], int] = {}
        self.attempts: defaultdict[tuple[str, str], list[tuple[str, str, bool]]] = defaultdict(list)
        """(lesson, quiz) -> [(learner, answer, correct)] kept, oldest first."""
        self.right: set[tuple[str, str, str]] = set()
        """(learner, lesson, quiz) answered right at least once."""

    @classmethod
    def read(cls, conn: sqlite3.Connection, course: str, lessons: tuple[LessonInfo, ...]) -> _Facts:
        facts = cls(course, lessons)
        key = (course,)
        facts._read_pages(conn)
        for who, lesson, page, at in conn.execute(
            "SELECT learner, lesson_id, last_page, at FROM visits WHERE course = ?"
            " ORDER BY at, rowid",
            key,
        ):
            facts.visits[who] = (str(lesson), int(page), str(at))  # the latest wins
            facts._saw(who, at)
        for who, lesson, quiz, count in conn.execute(
            "SELECT learner, lesson_id, quiz_id, count FROM quiz_counts WHERE course = ?", key
        ):
            facts.counts[(who, lesson, quiz)] = int(count)
        for who, lesson, quiz, answer, correct, at in conn.execute(
            "SELECT learner, lesson_id, quiz_id, answer, correct, at FROM attempts"
            " WHERE course = ? ORDER BY at, id",
            key,
        ):
            facts.attempts[(lesson, quiz)].append((who, str(answer), bool(correct)))
            if correct:
                facts.right.add((who, lesson, quiz))
            facts._saw(who, at)
        for who, at in conn.execute(
            "SELECT learner, MAX(at) FROM widgets WHERE course = ? GROUP BY learner", key
        ):
            facts._saw(who, at)
        return facts

    def _read_pages(self, conn: sqlite3.Connection) -> None:
        """Count pages seen per learner and lesson in SQL, only pages the lesson still has."""
        self.paged = {
            str(who)
            for (who,) in conn.execute(
                "SELECT DISTINCT learner FROM pages_seen WHERE course = ?", (self.course,)
            )
        }
        if not self.lessons:
            return
        values = ", ".join("(?, ?)" for _ in self.lessons)
        params = [value for one in self.lessons.values() for value in (one.id, one.pages)]
        rows = conn.execute(
            f"WITH lessons (id, pages) AS (VALUES {values})"
            " SELECT p.learner, p.lesson_id, COUNT(*) FROM pages_seen p"
            " JOIN lessons l ON l.id = p.lesson_id"
            " WHERE p.course = ? AND p.page < l.pages GROUP BY p.learner, p.lesson_id",
            (*params, self.course),
        )
        for who, lesson, count in rows:
            self.seen[(str(who), str(lesson))] = int(count)

    def tally(self) -> None:
        """Per learner: pages seen, quizzes tried and right, in the course as it is now."""
        quizzes = set(self._course_quizzes())
        self.pages_total: Counter[str] = Counter()
        for (who, _), count in self.seen.items():
            self.pages_total[who] += count
        self.tried: Counter[str] = Counter(
            who for who, lesson, quiz in self.counts if (lesson, quiz) in quizzes
        )
        self.right_total: Counter[str] = Counter(
            who for who, lesson, quiz in self.right if (lesson, quiz) in quizzes
        )

    def _saw(self, learner: str, at: str) -> None:
        if str(at) > self.active.get(learner, ""):
            self.active[learner] = str(at)

    def learners(self) -> list[str]:
        """Every learner with anything recorded in the course, by name."""
        found = self.paged | set(self.visits) | {who for who, _, _ in self.counts}
        found |= set(self.active)
        return sorted(found, key=lambda who: (display_name(who).casefold(), who))

    def _seen(self, learner: str, lesson: LessonInfo) -> int:
        return self.seen[(learner, lesson.id)]

    def _right(self, learner: str, lesson: str, quiz: str) -> bool:
        return (learner, lesson, quiz) in self.right

    def _course_quizzes(self) -> list[tuple[str, str]]:
        return [(lesson.id, quiz) for lesson in self.lessons.values() for quiz in lesson.quiz_ids]

    def learner_row(self, learner: str) -> LearnerRow:
        """One learner's line, counting only what the course still has."""
        visit = self.visits.get(learner)
        return LearnerRow(
            learner=learner,
            name=display_name(learner),
            lesson=visit[0] if visit else None,
            page=visit[1] if visit else None,
            pages_seen=self.pages_total[learner],
            quizzes_right=self.right_total[learner],
            quizzes_tried=self.tried[learner],
            last_active=self.active.get(learner),
        )

    def quiz_rows(self) -> list[QuizRow]:
        """Every quiz of the course, in course order."""
        rows = []
        tried_by: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
        answers: Counter[tuple[str, str]] = Counter()
        for (who, lesson, quiz), count in self.counts.items():
            tried_by[(lesson, quiz)].add(who)
            answers[(lesson, quiz)] += count
        for lesson, quiz in self._course_quizzes():
            kept = self.attempts.get((lesson, quiz), [])
            first: dict[str, bool] = {}
            wrong: defaultdict[str, set[str]] = defaultdict(set)
            for who, answer, ok in kept:
                first.setdefault(who, ok)
                if not ok:
                    wrong[answer].add(who)
            tried = tried_by[(lesson, quiz)] | set(first)
            common = Counter({answer: len(who) for answer, who in wrong.items()})
            top = sorted(common.items(), key=lambda item: (-item[1], item[0]))[:COMMON_WRONG]
            texts = self.lessons[lesson].choices.get(quiz, ())
            top = [(choice_label(answer, texts), count) for answer, count in top]
            rows.append(
                QuizRow(
                    lesson=lesson,
                    quiz=quiz,
                    tried=len(tried),
                    right_first=sum(first.values()),
                    right=len({who for who, _, ok in kept if ok}),
                    answers=answers[(lesson, quiz)],
                    common_wrong=tuple(top),
                )
            )
        return rows

    def funnel_rows(self) -> list[FunnelRow]:
        """Every lesson of the course, in course order: started, all pages, done."""
        rows = []
        learners = {who for who, _ in self.seen}
        for lesson in self.lessons.values():
            started = [who for who in learners if self._seen(who, lesson) > 0]
            paged = [who for who in started if self._seen(who, lesson) >= lesson.pages]
            done = [
                who
                for who in paged
                if all(self._right(who, lesson.id, quiz) for quiz in lesson.quiz_ids)
            ]
            rows.append(FunnelRow(lesson.id, lesson.title, len(started), len(paged), len(done)))
        return rows
