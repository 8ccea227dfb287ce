"""An idle reader costs nothing: no timer repeats on a lesson page while nobody types.

Over SSH a class of readers sits idle most of the time; a repeating timer (a blinking cursor,
a polling interval) would wake every one of them for nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.dom import DOMNode
from textual.timer import Timer

from tutor.app import Options, TutorApp, make_app
from tutor.course.model import CodeSpec, CurveSpec, NeuronSpec, QuizSpec
from tutor.course.parser import bundled_course
from tutor.progress import ProgressStore


def widget_pages() -> list[tuple[str, int, str]]:
    """The first bundled page of each widget kind (en): lesson id, page index, kind."""
    found: dict[str, tuple[str, int, str]] = {}
    kinds = {NeuronSpec: "neuron", CurveSpec: "curve", QuizSpec: "quiz", CodeSpec: "code"}
    for lesson in bundled_course().lessons_for("en"):
        for index, page in enumerate(lesson.pages):
            for block in page.blocks:
                kind = kinds.get(type(block))
                if kind and kind not in found:
                    found[kind] = (lesson.id, index, kind)
    return sorted(found.values(), key=lambda place: place[2])


def repeating_timers(app: TutorApp) -> list[str]:
    """Every running timer that repeats forever, as `node: timer` (the app and all screens)."""
    nodes: list[DOMNode] = [app]
    for screen in app.screen_stack:
        nodes += [screen, *screen.walk_children(with_self=False)]
    running: list[str] = []
    for node in nodes:
        timers: set[Timer] = set(getattr(node, "_timers", ()))
        for timer in timers:
            task = timer._task
            alive = task is not None and not task.done()
            if timer._repeat is None and alive and timer._active.is_set():
                running.append(f"{node!r}: {timer.name}")
    return running


@pytest.mark.parametrize(("lesson", "page", "kind"), widget_pages())
async def test_no_timer_repeats_on_an_idle_lesson_page(
    tmp_path: Path, lesson: str, page: int, kind: str
) -> None:
    course = bundled_course()
    store = ProgressStore.open(tmp_path, "idle", course=course.key)
    store.record_page(lesson, page)
    app = make_app(course, store, Options(lang="en", animations=False))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("tab")  # the page's first widget has the focus: its cursor shows
            await pilot.pause(0.3)
            assert app.focused is not None, kind
            assert repeating_timers(app) == [], kind
    finally:
        store.close()
