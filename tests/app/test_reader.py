"""The reader as a learner drives it: pages, lessons, language, help, resume, safety."""

from __future__ import annotations

from pathlib import Path

import pytest
from screen_text import page_shown, screen_text
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from tutor.app import Options, TutorApp, make_app
from tutor.course.model import Course
from tutor.course.parser import bundled_lessons, load_course
from tutor.progress import ProgressStore
from tutor.reader import Position
from tutor.screens.help import HelpScreen
from tutor.screens.lesson import LessonScreen
from tutor.screens.lesson_list import LessonListScreen
from tutor.widgets.errorbox import ErrorBox
from tutor.widgets.markdown import LessonMarkdown
from tutor.widgets.neuron import Neuron

LESSON_ONE = """\
---
title: First
summary: The first one
---
Intro page.

## Second page

```neuron
id: n
inputs: {a: 5, b: 6}
```

## Third page

```quiz
id: q1
question: Pick one
choices:
  - text: right
    correct: true
  - text: wrong
```
"""

LESSON_TWO = """\
---
title: Second lesson
---
## Only page

```neuron
inputs: {a: 1}
f: log(a - 5)
```

Text after the broken widget.
"""


def write_course(root: Path, langs: tuple[str, ...] = ("en", "zh")) -> Course:
    """A two-lesson course in each language (the zh titles marked)."""
    for lang in langs:
        folder = root / lang
        folder.mkdir(parents=True)
        suffix = "" if lang == "en" else " (zh)"
        (folder / "01-first.md").write_text(LESSON_ONE.replace("First", "First" + suffix))
        (folder / "02-second.md").write_text(LESSON_TWO)
    return load_course(root)


def header(app: TutorApp) -> tuple[str, str]:
    """The lesson title and page number as shown."""
    screen = app.screen
    title = str(screen.query_one("#lesson-title", Static).render())
    page = str(screen.query_one("#page-number", Static).render())
    return title, page


@pytest.fixture
def course(tmp_path: Path) -> Course:
    return write_course(tmp_path / "course")


def new_app(course: Course, **options: object) -> TutorApp:
    return make_app(course, ProgressStore.open(), Options(**options))  # type: ignore[arg-type]


async def test_first_time_learner_lands_on_first_page(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert header(app) == ("1. First", "page 1/3")
        assert app.focused is None  # no invisible Tab stop: the page keys work unfocused


async def test_pages_turn_forward_back_and_across_lessons(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await turn(app, pilot, "space")
        assert header(app)[1] == "page 2/3"
        assert app.screen.query(Neuron)
        await turn(app, pilot, "pagedown")
        await turn(app, pilot, "pagedown")
        assert header(app) == ("2. Second lesson", "page 1/1")
        await turn(app, pilot, "b")
        assert header(app) == ("1. First", "page 3/3")
        await turn(app, pilot, "pageup")
        assert header(app)[1] == "page 2/3"


async def turn(app: TutorApp, pilot: Pilot[int], key: str) -> int:
    """Press a pager key until the page turns; return how many presses scrolled first."""
    before = header(app)
    for presses in range(40):
        await pilot.press(key)
        await page_shown(app)
        await pilot.pause()
        if header(app) != before:
            return presses
    raise AssertionError(f"{key} never turned the page from {before}")


async def test_tab_focuses_the_first_widget_and_escape_leaves_it(course: Course) -> None:
    app = new_app(course, lesson="first")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("tab")
        assert isinstance(app.focused, Neuron)
        await pilot.press("g")
        await pilot.pause()
        neuron = app.screen.query_one(Neuron)
        assert neuron.state.output == pytest.approx(5.06 * 6.05)
        await pilot.press("escape")
        assert app.focused is None
        # Space works the page again once the widget is left.
        await turn(app, pilot, "space")
        assert header(app)[1] == "page 3/3"


async def test_lesson_list_opens_a_lesson(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LessonListScreen)
        options = app.screen.query_one(OptionList)
        assert options.option_count == 2
        assert "pages 1/3" in str(options.get_option_at_index(0).prompt)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert header(app) == ("2. Second lesson", "page 1/1")


async def test_language_switch_keeps_lesson_and_page(course: Course) -> None:
    app = new_app(course, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert app.lang == "zh"
        assert header(app) == ("1. First (zh)", "第 2/3 页")
        await pilot.press("t")
        await pilot.pause()
        assert header(app) == ("1. First", "page 2/3")
    # The choice is remembered for next time.
    assert ProgressStore.open().language() == "en"


async def test_help_lists_keys_and_closes(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "scroll down a screen" in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert "Ctrl+R" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, LessonScreen)


async def test_returning_learner_resumes_where_they_left(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "space")
        await pilot.pause()
    again = new_app(course)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert header(again) == ("1. First", "page 3/3")


async def test_quiz_answer_is_saved_and_restored(course: Course) -> None:
    app = new_app(course, lesson="first")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "space")
        await pilot.pause()
        await pilot.press("tab", "1", "enter")
        await pilot.pause()
    assert ProgressStore.open().quiz_results("first") == {"q1": True}


async def test_two_courses_with_the_same_lesson_ids_keep_separate_progress(
    tmp_path: Path,
) -> None:
    mine, theirs = write_course(tmp_path / "mine"), write_course(tmp_path / "theirs")
    assert mine.key != theirs.key
    app = make_app(mine, ProgressStore.open(course=mine.key), Options(lesson="first"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "space")
        await pilot.pause()
        await pilot.press("tab", "1", "enter")
        await pilot.pause()
    assert ProgressStore.open(course=mine.key).quiz_results("first") == {"q1": True}
    other = make_app(theirs, ProgressStore.open(course=theirs.key), Options())
    async with other.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert header(other) == ("1. First", "page 1/3")  # no resume from the other course
    assert ProgressStore.open(course=theirs.key).quiz_results("first") == {}


async def test_neuron_state_is_saved_and_restored(course: Course) -> None:
    app = new_app(course, lesson="first")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("tab", "g", "g")
        await pilot.pause()
    again = new_app(course, lesson="first")
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        neuron = again.screen.query_one(Neuron)
        assert neuron.state.nudges == 2


async def test_a_changed_widget_is_saved_a_moment_later_without_leaving_the_page(
    course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tutor.progress.sink.SAVE_AFTER", 0.05)
    app = new_app(course, lesson="first")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("tab", "g")
        store = ProgressStore.open()
        for _ in range(200):  # condition-based: until the write lands (at most ~10 s)
            saved = store.load_widget("first", "neuron:n")
            if saved is not None:
                break
            await pilot.pause(0.05)
        assert saved is not None and len(saved["path"]) == 2  # type: ignore[arg-type]


async def test_broken_widget_shows_error_box_and_page_still_works(course: Course) -> None:
    app = new_app(course, lesson="second")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box = app.screen.query_one(ErrorBox)
        assert "02-second.md:" in str(box.render())
        assert "not a finite number" in str(box.render())
        markdown = " ".join(w.source for w in app.screen.query(LessonMarkdown))
        assert "Text after the broken widget." in markdown
        await pilot.press("b")
        await pilot.pause()
        assert header(app)[0] == "1. First"


async def test_links_are_shown_not_opened(course: Course, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url))
    app = new_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_url("https://example.invalid/x")
        await pilot.pause()
        assert opened == []
        assert any("example.invalid" in str(n.message) for n in app._notifications)


async def test_served_mode_has_no_screenshot_command(course: Course) -> None:
    app = new_app(course, served=True)
    async with app.run_test(size=(80, 24)):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles and not any("screenshot" in t.lower() for t in titles)
    local = new_app(course)
    async with local.run_test(size=(80, 24)):
        titles = [command.title for command in local.get_system_commands(local.screen)]
        assert any("screenshot" in t.lower() for t in titles)


async def test_the_bundled_course_opens_in_both_languages() -> None:
    course = load_course(bundled_lessons())
    for lang in ("en", "zh"):
        app = new_app(course, lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert header(app)[0].startswith("1. ")
            assert not app.screen.query(ErrorBox)


async def test_quit_key(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)


async def test_a_chinese_learner_reads_the_widgets_in_chinese() -> None:
    course = load_course(bundled_lessons())
    app = new_app(course, lang="zh", lesson="derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        await screen.show(Position("derivative", 3))  # "The update": a quiz, then the neuron
        await pilot.pause()
        await pilot.press("tab", "tab", "g")
        await pilot.pause()
        text = screen_text(app)
        assert "神经元（已选中）" in text
        assert "梯度：输出 30 → 30.616036（+0.616036）" in text
        assert "步长 0.01 · 依次更新" in text
