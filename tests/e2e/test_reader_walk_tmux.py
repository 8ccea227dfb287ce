"""The whole course at 80x24 in tmux, as a learner reads it (issue 11's "done when").

Every page of both bundled courses and of a lesson fixture the tests did not write for the app
(tests/fixtures/valid): each quiz is answered right and its feedback (verdict and explanation)
must be on screen right after Enter; then the page is read from its top with the pager key
(PageDown and Space in turn), which must show every quiz's question before it turns the page;
the screen is captured in a tight loop meanwhile, and no capture may show a blank body or the
new page scrolled away from its top.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest
from ssh_helpers import Tmux, reader_command, tmux

from tutor.course.model import CodeSpec, Course, CurveSpec, Lesson, NeuronSpec, QuizSpec
from tutor.course.parser import bundled_lessons, load_course
from tutor.i18n import tr
from tutor.maths.numfmt import fmt

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "valid"
HEADER = re.compile(r"(?:page |第 )(\d+)/(\d+)")
KEYS = ("PageDown", "Space")
FOCUSABLE = (NeuronSpec, CurveSpec, QuizSpec, CodeSpec)
SETTLE = 0.3
"""Seconds the screen must stay the same for a key's effect to count as finished."""


def command(home: Path, lang: str | None, course: Path | None) -> list[str]:
    args = [] if course is None else [str(course)]
    if lang:
        args += ["--lang", lang]
    return reader_command(home, *args, term="xterm-256color")


def squeeze(text: str) -> str:
    """Text without whitespace or Markdown marks (lines wrap where the width says)."""
    return "".join(text.split()).replace("*", "").replace("`", "")


def body(screen: list[str]) -> list[str]:
    return screen[1:-1]


def first_line(screen: list[str]) -> str:
    return next((line.rstrip() for line in body(screen) if line.strip()), "")


class Walker:
    """Drives the reader in tmux and checks every capture it takes."""

    def __init__(self, term: Tmux, lang: str | None) -> None:
        self.term = term
        self.lang = lang
        self.captures = 0

    def capture(self) -> list[str]:
        self.captures += 1
        try:
            return self.term.screen().split("\n")[:24]
        except subprocess.SubprocessError:  # tmux busy: try again
            return self.capture()

    def settle(self, before: list[str], change: bool, quiet: float = SETTLE) -> list[list[str]]:
        """Capture until the screen has stopped changing (after its header or body changed, if
        `change`: a footer redrawn late by an earlier key does not count); every different
        capture taken, in order."""
        shots = [before]
        moved = not change
        stable_since = time.monotonic()
        deadline = stable_since + 15
        while time.monotonic() < deadline:
            shot = self.capture()
            if shot != shots[-1]:
                shots.append(shot)
                moved = moved or shot[:-1] != before[:-1]
                stable_since = time.monotonic()
            elif moved and time.monotonic() - stable_since > quiet:
                return shots
        raise AssertionError("the screen never settled:\n" + "\n".join(shots[-1]))

    def press(self, *keys: str, change: bool = True, quiet: float = SETTLE) -> list[list[str]]:
        """Type keys; return the captures until the screen settles (it must change first,
        unless `change` is False)."""
        before = self.capture()
        self.term.keys(*keys)
        return self.settle(before, change, quiet)

    def answer(self, quiz: QuizSpec, stop: int) -> None:
        """Focus the quiz (Tab stop `stop`), answer right, read the feedback at once."""
        self.press("Escape", change=False, quiet=0.6)
        for _ in range(stop + 1):
            self.press("Tab", change=False, quiet=0.6)  # may change only colours and the footer
        if quiz.numeric:
            assert quiz.answer is not None
            self.press("-l", "--", fmt(quiz.answer))
        else:
            for number, choice in enumerate(quiz.choices, 1):
                if choice.correct:
                    self.press(str(number))
        where = f"quiz {quiz.id}"
        verdict = tr(self.lang, "✓ Right: {answer}", answer="").strip(" ：:")
        shots = self.press("Enter")
        deadline = time.monotonic() + 10
        while verdict not in "\n".join(shots[-1]) and time.monotonic() < deadline:
            shots = self.settle(shots[-1], change=True)
        screen = "\n".join(shots[-1])
        assert verdict in screen, f"no verdict for {where}:\n{screen}"
        if quiz.explain:
            start = squeeze(quiz.explain)[:12]
            assert start in squeeze(screen), f"{where}: explanation not in view:\n{screen}"
        self.press("Escape", change=False, quiet=0.6)

    def read_page(self, lesson: Lesson, page: int, key: str) -> list[str]:
        """From the page's top, press `key` until the page turns; check every capture."""
        shots = self.press("Home", change=False, quiet=0.6)
        seen = squeeze("\n".join(shots[-1]))
        here = HEADER.search(shots[-1][0])
        assert here and int(here.group(1)) == page + 1, shots[-1][0]
        for _ in range(60):
            shots = self.press(key)
            new = [shot for shot in shots if shot[0] != shots[0][0]]
            if not new:
                seen += squeeze("\n".join(shots[-1]))
                continue
            top = first_line(new[-1])
            for shot in new:
                text = "\n".join(shot)
                assert any(line.strip() for line in body(shot)), f"blank body:\n{text}"
                assert first_line(shot) == top, f"new page not at its top:\n{text}"
            quizzes = [block for block in lesson.pages[page].blocks if isinstance(block, QuizSpec)]
            for quiz in quizzes:
                question = squeeze(quiz.question)[:12]
                assert question in seen, f"{lesson.id} page {page + 1}: {key} skipped {quiz.id}"
            return new[-1]
        raise AssertionError(f"{key} never turned {lesson.id} page {page + 1}")


def walk(course: Course, lang: str | None, home: Path, folder: Path | None) -> Walker:
    lessons = course.lessons_for(lang)
    with tmux(command(home, lang, folder), 80, 24) as term:
        walker = Walker(term, lang)
        deadline = time.monotonic() + 20
        while not HEADER.search(walker.capture()[0]) and time.monotonic() < deadline:
            time.sleep(0.05)
        walker.settle(walker.capture(), change=False, quiet=1.0)  # start-up fully drawn
        turns = 0
        for lesson in lessons:
            for page in range(len(lesson.pages)):
                blocks = lesson.pages[page].blocks
                stops = [block for block in blocks if isinstance(block, FOCUSABLE)]
                for stop, block in enumerate(stops):
                    if isinstance(block, QuizSpec):
                        walker.answer(block, stop)
                if lesson is lessons[-1] and page == len(lesson.pages) - 1:
                    break  # the last page of the course: nothing to turn to
                walker.read_page(lesson, page, KEYS[turns % 2])
                turns += 1
    assert turns == sum(len(lesson.pages) for lesson in lessons) - 1
    return walker


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_walk_the_bundled_course_at_80x24(tmp_path: Path, lang: str) -> None:
    walker = walk(load_course(bundled_lessons()), lang, tmp_path, None)
    print(f"{lang}: {walker.captures} captures checked")


def test_walk_a_lesson_fixture_at_80x24(tmp_path: Path) -> None:
    walker = walk(load_course(FIXTURE), None, tmp_path, FIXTURE)
    print(f"fixture: {walker.captures} captures checked")
