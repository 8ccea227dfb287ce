"""`--watch`: reload the course when a lesson file changes, keeping the reader's place.

The author's loop: an editor beside the reader; on every save the reader re-parses the course
(`load_course`), swaps it into the `Reader` and shows the same page again, at the same scroll,
its widgets restored from the progress store by id. A broken save shows error boxes where the
widgets were (the parser's `BrokenSpec`s) and the other problems in a notice; the next good save
recovers. A save that leaves no lesson at all (a file removed while an editor replaces it) keeps
the course on screen.

Changes come from watchfiles (inotify, FSEvents, ReadDirectoryChangesW through the Rust `notify`
crate): the kernel reports changes, nothing is polled. watchfiles' thread still wakes every
`STEP_MS` to look for a stop request and for the end of a burst; measured
(benchmarks/bench_watch.py): a save reaches the screen in about 0.3 s, and an idle watching
reader spends about 0.3 ms of CPU per second more than one not watching.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.course.model import Problem
from tutor.course.parser import load_course

if TYPE_CHECKING:
    from tutor.app import TutorApp

STEP_MS = 200
"""How often watchfiles' thread checks for a stop request and for the end of a burst of events.

The wake-ups are the watcher's whole idle cost (0.5 ms of CPU per 10 s per wake-up a second),
and a save shows after one to two steps: 200 ms keeps both small.
"""
DEBOUNCE_MS = 1_600
"""The longest a burst of changes (an editor's write, rename, chmod) is gathered into one."""


def lesson_filter(path: Path) -> Callable[[object, str], bool]:
    """Which changed paths matter: the lesson file itself, or any `.md` file of a course folder."""
    target = path.resolve()
    if target.is_dir():
        return lambda _change, name: name.endswith(".md")
    return lambda _change, name: Path(name) == target


async def changes(path: Path) -> AsyncIterator[set[str]]:
    """Yield the changed lesson files under `path` each time a burst of changes ends."""
    from watchfiles import awatch

    target = path.resolve()
    folder = target if target.is_dir() else target.parent
    async for batch in awatch(
        folder,
        watch_filter=lesson_filter(target),
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        rust_timeout=0,  # no time-out: no needless returns to Python every 5 s
        recursive=target.is_dir(),
    ):
        yield {name for _change, name in batch}


async def follow(app: TutorApp, path: Path) -> None:
    """Reload the course into `app` after every change under `path` (runs until cancelled).

    If the watch itself fails (the folder removed, the system's watch limit reached), the
    reader says so in one line and goes on without watching.
    """
    try:
        async for _changed in changes(path):
            await reload(app, path)
    except OSError as error:
        message = app.tr("Stopped watching {path}: {error}", path=path, error=error)
        app.notify(message, severity="error", timeout=8, markup=False)


async def reload(app: TutorApp, path: Path) -> None:
    """Re-read the course at `path` and show the page the reader is on in the new course."""
    from tutor.screens.lesson import LessonScreen

    try:
        course = await asyncio.to_thread(load_course, path)
    except OSError as error:  # a folder renamed or removed while it was read: the next save
        _notify(app, [Problem(str(path), 1, f"cannot read the course: {error}")])
        return
    page = next((s for s in app.screen_stack if isinstance(s, LessonScreen)), None)
    if page is None or page.lesson is None:
        return
    position = app.reader.replace_course(course, page.position)
    if position is None:
        _notify(app, list(course.problems))
        return
    page.reload(position)
    _notify(app, app.reader.lesson(position.lesson).unplaced_problems)


def _notify(app: TutorApp, problems: list[Problem]) -> None:
    if not problems:
        return
    shown = "\n".join(str(problem) for problem in problems[:5])
    if len(problems) > 5:
        shown += f"\n(+{len(problems) - 5})"
    app.notify(
        shown, title=app.tr("Problems in this lesson"), severity="error", timeout=8, markup=False
    )
