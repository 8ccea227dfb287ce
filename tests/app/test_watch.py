"""`--watch`: the reader reloads a lesson on save, keeping the page, the scroll and widget states.

These drive the real watcher (watchfiles on the real file system) under Pilot; the tmux test in
tests/e2e/test_watch_tmux.py does the same through the CLI in a real terminal.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from screen_text import page_shown, screen_text
from textual.pilot import Pilot

from tutor import watch
from tutor.app import Options, TutorApp, make_app
from tutor.course.parser import load_course
from tutor.progress import ProgressStore
from tutor.reader import Position
from tutor.screens.lesson import LessonScreen, PageView
from tutor.widgets.errorbox import ErrorBox
from tutor.widgets.markdown import LessonMarkdown
from tutor.widgets.neuron import Neuron

LESSON = """\
---
title: Watched
---
First page.

## Second page

The original sentence.

```neuron
id: gate
inputs: {a: 2, b: -3}
```

## Third page

The end.
"""

BROKEN_NEURON = """\
```neuron
id: gate
inputs: {a: 2, b: -3}
stepp: 0.1
```"""

GOOD_NEURON = """\
```neuron
id: gate
inputs: {a: 2, b: -3}
```"""


def lesson_file(tmp_path: Path, text: str = LESSON) -> Path:
    path = tmp_path / "watched.md"
    path.write_text(text, encoding="utf-8")
    return path


def watching_app(path: Path, **options: object) -> TutorApp:
    settings = Options(watch=path, **options)  # type: ignore[arg-type]
    return make_app(load_course(path), ProgressStore.open(), settings)


def page(app: TutorApp) -> LessonScreen:
    screen = app.screen
    assert isinstance(screen, LessonScreen)
    return screen


async def until(check: Callable[[], bool], timeout: float = 15.0) -> None:
    """Wait until `check()` holds (the watcher reacts within a second; the deadline is for load)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.05)


async def to_second_page(app: TutorApp, pilot: Pilot[int]) -> None:
    """Turn to the second page and give the watcher's thread time to start."""
    await pilot.press("space")
    await page_shown(app)
    await asyncio.sleep(0.3)  # the watcher's thread is started by now


@pytest.mark.slow
async def test_a_save_shows_the_new_sentence_on_the_same_page(tmp_path: Path) -> None:
    path = lesson_file(tmp_path)
    app = watching_app(path)
    async with app.run_test(size=(80, 30)) as pilot:
        await to_second_page(app, pilot)
        path.write_text(LESSON.replace("original", "edited"), encoding="utf-8")
        await until(lambda: "The edited sentence." in screen_text(app))
        await page_shown(app)  # the reload finished (it may still be mounting when text shows)
        assert page(app).position.page == 1
        assert "The original sentence." not in screen_text(app)


@pytest.mark.slow
async def test_a_broken_save_shows_an_error_box_and_the_next_good_save_recovers(
    tmp_path: Path,
) -> None:
    path = lesson_file(tmp_path)
    app = watching_app(path)
    async with app.run_test(size=(80, 30)) as pilot:
        await to_second_page(app, pilot)
        path.write_text(LESSON.replace(GOOD_NEURON, BROKEN_NEURON), encoding="utf-8")
        await until(lambda: bool(app.screen.query(ErrorBox)))
        await page_shown(app)
        box = app.screen.query_one(ErrorBox)
        assert str(box.problem) == (
            f"{path}:13: unknown key 'stepp' in a neuron: did you mean 'step'? (known: inputs, "
            "f, step, h, seed, actions, update, plot, window, id, expect)"
        )
        assert page(app).position.page == 1
        path.write_text(LESSON, encoding="utf-8")
        await until(lambda: bool(app.screen.query(Neuron)))
        await page_shown(app)
        assert not app.screen.query(ErrorBox)


@pytest.mark.slow
async def test_a_reload_keeps_the_neuron_state_and_the_scroll(tmp_path: Path) -> None:
    filler = "\n\n".join(f"Filler paragraph {n}." for n in range(40))
    text = LESSON.replace("The original sentence.", filler + "\n\nThe original sentence.")
    path = lesson_file(tmp_path, text)
    app = watching_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await page_shown(app)
        neuron = app.screen.query_one(Neuron)
        neuron.focus()
        await pilot.press("g")  # one gradient step: the state to keep
        await pilot.pause()
        output = neuron.state.output
        view = app.screen.query_one(PageView)
        view.focus()
        view.scroll_to(y=20, animate=False)
        await pilot.pause()
        scrolled = view.scroll_y
        assert scrolled > 0
        await asyncio.sleep(0.3)
        path.write_text(text.replace("Filler paragraph 0.", "Edited paragraph 0."), "utf-8")
        await until(lambda: "Edited paragraph 0." in _page_source(app))
        await page_shown(app)  # the reloaded page is mounted (its lesson is set before that)
        await until(lambda: app.screen.query_one(PageView).scroll_y == scrolled)
        assert "Edited paragraph 0." in "".join(
            str(block.source) for block in app.screen.query(LessonMarkdown)
        )
        assert app.screen.query_one(Neuron).state.output == output


def notices(app: TutorApp) -> list[str]:
    """The notifications the app has shown (the toasts' texts)."""
    return [str(notification.message) for notification in app._notifications]


def _page_source(app: TutorApp) -> str:
    """The Markdown source of the page's text blocks (visible or scrolled away)."""
    return "\n".join(
        block.text
        for block in page(app).lesson.pages[page(app).page].blocks
        if hasattr(block, "text")
    )


async def test_served_sessions_never_watch(tmp_path: Path) -> None:
    path = lesson_file(tmp_path)
    app = watching_app(path, served=True)
    async with app.run_test(size=(80, 30)) as pilot:
        await page_shown(app)
        await pilot.pause()
        assert not [worker for worker in app.workers if worker.group == "watch"]


async def test_without_watch_no_watcher_runs(tmp_path: Path) -> None:
    path = lesson_file(tmp_path)
    app = make_app(load_course(path), ProgressStore.open(), Options())
    async with app.run_test(size=(80, 30)) as pilot:
        await page_shown(app)
        await pilot.pause()
        assert not [worker for worker in app.workers if worker.group == "watch"]


@pytest.mark.slow
async def test_a_course_folder_reloads_on_a_save_in_a_language_folder(tmp_path: Path) -> None:
    course = tmp_path / "course"
    (course / "en").mkdir(parents=True)
    lesson = course / "en" / "01-watched.md"
    lesson.write_text(LESSON, encoding="utf-8")
    app = watching_app(course)
    async with app.run_test(size=(80, 30)) as pilot:
        await to_second_page(app, pilot)
        (course / "en" / "notes.txt").write_text("not a lesson", encoding="utf-8")
        lesson.write_text(LESSON.replace("original", "edited"), encoding="utf-8")
        await until(lambda: "The edited sentence." in screen_text(app))
        await page_shown(app)  # the reload finished (it may still be mounting when text shows)
        assert page(app).position == Position("watched", 1)


async def test_an_unreadable_course_is_one_notice_and_the_page_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = lesson_file(tmp_path)
    app = make_app(load_course(path), ProgressStore.open(), Options())
    async with app.run_test(size=(80, 30)):
        await page_shown(app)

        def fail(_path: Path) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(watch, "load_course", fail)
        await watch.reload(app, path)
        await until(lambda: bool(notices(app)))  # a notice is a message: posted, then shown
        assert notices(app) == [f"{path}:1: cannot read the course: [Errno 13] Permission denied"]
        assert "First page." in screen_text(app)


async def test_a_failing_watch_is_one_notice_and_the_reader_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = lesson_file(tmp_path)
    app = make_app(load_course(path), ProgressStore.open(), Options())

    async def no_watch(_path: Path) -> AsyncIterator[set[str]]:
        raise OSError(28, "inotify watch limit reached")
        yield set()  # pragma: no cover - makes this an async generator

    monkeypatch.setattr(watch, "changes", no_watch)
    async with app.run_test(size=(80, 30)):
        await page_shown(app)
        await watch.follow(app, path)
        await until(lambda: bool(notices(app)))  # a notice is a message: posted, then shown
        assert notices(app) == [f"Stopped watching {path}: [Errno 28] inotify watch limit reached"]
        assert app.is_running


@pytest.mark.slow
async def test_a_problem_no_box_can_show_is_a_notice(tmp_path: Path) -> None:
    path = lesson_file(tmp_path)
    app = watching_app(path)
    async with app.run_test(size=(80, 30)) as pilot:
        await to_second_page(app, pilot)
        path.write_text(LESSON.replace("title: Watched", "title: Watched\ntitel: x"), "utf-8")
        await until(lambda: bool(notices(app)))
        await page_shown(app)
        assert notices(app) == [
            f"{path}:3: unknown key 'titel' in the front matter: did you mean 'title'? "
            "(known: title, id, summary, course, lang)"
        ]
        assert page(app).position.page == 1
