"""A monkey at the keyboard: seeded random keys and resizes, zero exceptions.

Every key the reader binds (page keys, widget keys, digits and letters typed into numeric
quizzes and code editors) is pressed at random across the bundled course in both languages,
with the terminal resized between 20x8 and 300x100 now and then. After each burst the reader
must still be on one of its screens, show a sane "page x/y" header and no error box. Any
exception in the app fails the test (`run_test` re-raises it).

Seeded, so a failure reproduces: the message names the seed and the last keys pressed.
By default 2 seeds x 300 keys (each key costs 60-300 ms of CPU in the headless reader, so this
stays under a minute); `TUTOR_MONKEY_KEYS=5000` runs more keys per seed and
`TUTOR_MONKEY_SEEDS=0,1,2,3` other seeds.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from screen_text import page_shown
from textual.pilot import Pilot
from textual.widgets import Static

from tutor.app import Options, TutorApp, make_app
from tutor.course.model import Course
from tutor.course.parser import bundled_lessons, load_course
from tutor.progress import ProgressStore
from tutor.screens.help import HelpScreen
from tutor.screens.lesson import LessonScreen
from tutor.screens.lesson_list import LessonListScreen
from tutor.widgets.errorbox import ErrorBox

READER_KEYS: tuple[str, ...] = (
    *("space", "pagedown", "pageup", "b", "tab", "shift+tab", "escape", "l", "t"),
    *("question_mark", "enter", "up", "down", "left", "right", "shift+up", "shift+down"),
    *("r", "d", "g", "G", "u", "0", "p", "h", "plus", "minus", "e", "ctrl+r", "home", "end"),
    *(str(n) for n in range(1, 10)),
)
"""Keys the reader binds somewhere (never q, ctrl+q or f12: they end the run)."""

TYPED: tuple[str, ...] = (*"0123456789", *".*-+/()", *"aexyzk", "backspace")
"""What a learner types into a numeric quiz (or, after `e`, into a code cell's editor)."""

PAGE_KEYS: tuple[str, ...] = ("space", "pagedown", "pageup", "b", "tab", "escape")
"""Keys pressed more often, so that the monkey travels through the whole course."""

DEFAULT_KEYS = 300
DEFAULT_SEEDS = (0, 1)
PAGE_NUMBER = re.compile(r"(\d+)/(\d+)")
"""The "x/y" of the header's page number, whatever the language around it."""
HISTORY = 40
"""How many of the last keys a failure message shows."""


def keys_per_seed() -> int:
    """Keys per seed: `$TUTOR_MONKEY_KEYS`, else the default."""
    return int(os.environ.get("TUTOR_MONKEY_KEYS", DEFAULT_KEYS))


def seeds() -> tuple[int, ...]:
    """Seeds to run: `$TUTOR_MONKEY_SEEDS` (comma-separated), else the default."""
    text = os.environ.get("TUTOR_MONKEY_SEEDS", "")
    return tuple(int(part) for part in text.split(",") if part.strip()) or DEFAULT_SEEDS


def random_key(rng: random.Random) -> str:
    """One key: mostly reader keys, some page keys, some typing."""
    roll = rng.random()
    if roll < 0.2:
        return rng.choice(PAGE_KEYS)
    if roll < 0.35:
        return rng.choice(TYPED)
    return rng.choice(READER_KEYS)


def random_size(rng: random.Random) -> tuple[int, int]:
    """A terminal size between 20x8 and 300x100, small sizes as likely as large ones."""
    width = rng.choice((rng.randint(20, 60), rng.randint(60, 300)))
    height = rng.choice((rng.randint(8, 24), rng.randint(24, 100)))
    return width, height


async def settle(pilot: Pilot[int]) -> None:
    """Wait until the page being shown is on screen and every animation has ended."""
    await page_shown(pilot.app, timeout=5)
    await pilot.wait_for_scheduled_animations()


def check_invariants(app: TutorApp, where: str) -> None:
    """The reader is on a known screen; on a lesson, the header and page are sane."""
    screen = app.screen
    assert isinstance(screen, LessonScreen | LessonListScreen | HelpScreen), where
    lesson_screens = [s for s in app.screen_stack if isinstance(s, LessonScreen)]
    assert len(lesson_screens) == 1, f"{len(lesson_screens)} lesson screens {where}"
    lesson_screen = lesson_screens[0]
    lesson = lesson_screen.lesson
    assert app.course.find(app.lang, lesson.id) is lesson, f"lesson not in {app.lang} {where}"
    page = str(lesson_screen.query_one("#page-number", Static).render())
    numbers = PAGE_NUMBER.search(page)  # "page 3/5", or "第 3/5 页" in Chinese
    assert numbers, f"no page x/y in {page!r} {where}"
    shown, total = int(numbers.group(1)), int(numbers.group(2))
    assert 1 <= shown <= total, f"{page!r} {where}"
    assert (shown, total) == (lesson_screen.page + 1, len(lesson.pages)), f"{page!r} {where}"
    title = str(lesson_screen.query_one("#lesson-title", Static).render())
    assert title.endswith(f". {lesson.title}"), f"{title!r} {where}"
    assert not lesson_screen.query(ErrorBox), f"error box on a bundled page {where}"


async def run_monkey(
    course: Course, seed: int, count: int, home: Path
) -> set[tuple[str, str, int]]:
    """Press `count` random keys with resizes; return the (lang, lesson id, page) visited."""
    rng = random.Random(seed)
    lang = ("en", "zh")[seed % 2]
    app = make_app(course, ProgressStore.open(), Options(lang=lang))
    visited: set[tuple[str, str, int]] = set()
    history: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pressed = 0
        while pressed < count:
            burst = [random_key(rng) for _ in range(min(rng.randint(5, 30), count - pressed))]
            await pilot.press(*burst)
            pressed += len(burst)
            history = [*history, *burst][-HISTORY:]
            if rng.random() < 0.25:
                size = random_size(rng)
                await pilot.resize_terminal(*size)
                history = [*history, f"<resize {size[0]}x{size[1]}>"][-HISTORY:]
            await pilot.pause()
            await settle(pilot)
            check_invariants(app, f"(seed {seed}, after key {pressed}: {' '.join(history)})")
            lesson_screen = next(s for s in app.screen_stack if isinstance(s, LessonScreen))
            visited.add((str(app.lang), lesson_screen.lesson.id, lesson_screen.page))
        await quit_from_anywhere(app, pilot)
    assert app.return_code == 0, f"seed {seed}: quit returned {app.return_code}"
    assert not (home / "crash.log").exists(), (home / "crash.log").read_text()
    return visited


async def quit_from_anywhere(app: TutorApp, pilot: Pilot[int]) -> None:
    """Close dialogs and leave widgets with Escape, then press q, as a learner would."""
    for _ in range(4):
        await pilot.press("escape")
    await settle(pilot)
    assert isinstance(app.screen, LessonScreen), "Escape did not get back to the lesson"
    await pilot.press("q")
    await pilot.pause()


@pytest.fixture(scope="module")
def course() -> Course:
    """The bundled course, both languages."""
    return load_course(bundled_lessons())


@pytest.mark.slow
@pytest.mark.parametrize("seed", seeds())
async def test_random_keys_and_resizes_never_crash(
    seed: int, course: Course, tutor_home: Path
) -> None:
    visited = await run_monkey(course, seed, keys_per_seed(), tutor_home)
    # The monkey really travelled: several pages, not one page pressed a thousand times.
    assert len(visited) >= 5, visited


def test_keys_are_the_readers_and_never_quit() -> None:
    rng = random.Random(7)
    drawn: Sequence[str] = [random_key(rng) for _ in range(5000)]
    assert not {"q", "ctrl+q", "f12"} & set(drawn)
    assert set(READER_KEYS) <= set(drawn)
    sizes = [random_size(rng) for _ in range(1000)]
    assert all(20 <= w <= 300 and 8 <= h <= 100 for w, h in sizes)
