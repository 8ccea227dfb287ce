"""Hostile lesson sizes: past a per-page limit, a page shows an error box, and check says where."""

from __future__ import annotations

from pathlib import Path

import pytest
from ssh_helpers import alive, reader_command, tmux, wait_until

from benchmarks.bench_limits import write_lesson
from tutor.app import Options, make_app
from tutor.course.limits import MAX_BLOCKS, MAX_CELLS, MAX_LINE, MAX_WIDGETS
from tutor.course.model import BrokenSpec
from tutor.course.parser import load_course, parse_lesson
from tutor.progress import ProgressStore
from tutor.screens.lesson import LessonScreen
from tutor.widgets.errorbox import ErrorBox

pytestmark = pytest.mark.abuse

HEAD = "---\ntitle: Hostile\n---\n"
NEURON = "```neuron\nid: n{i}\ninputs: {{a: 5, b: 6}}\n```\n\n"


def _lesson(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "01-hostile.md"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def _widgets(count: int) -> str:
    return "".join(NEURON.format(i=i) for i in range(count))


def test_ten_thousand_widgets_stop_at_the_limit_with_a_problem(tmp_path: Path) -> None:
    lesson = parse_lesson(_lesson(tmp_path, _widgets(10_000)))
    [page] = lesson.pages
    assert len(page.blocks) == MAX_WIDGETS + 1
    assert isinstance(page.blocks[-1], BrokenSpec)
    [problem] = lesson.problems
    assert problem.line == 4 + 5 * MAX_WIDGETS  # the first widget past the limit
    assert f"more than {MAX_WIDGETS} widgets" in problem.message


@pytest.mark.parametrize(
    ("body", "message", "line"),
    [
        (
            "|" + "|".join("c" for _ in range(5000)) + "|\n|" + "-|" * 5000 + "\n",
            "a line longer",
            8,
        ),
        ("|a|b|c|d|\n|-|-|-|-|\n" + "|x|x|x|x|\n" * MAX_CELLS, f"more than {MAX_CELLS} table", 19),
        ("".join(f"- item {i}\n" for i in range(MAX_BLOCKS)), f"more than {MAX_BLOCKS} para", 47),
        ("x" * (MAX_LINE + 1) + "\n", "a line longer", 8),
        ("lines\n" * 5_000, "more than 20,000 characters", 6),
    ],
    ids=["5000-columns", "too-many-cells", "too-many-items", "long-line", "long-page"],
)
def test_each_page_limit_gives_a_problem_at_its_line(
    tmp_path: Path, body: str, message: str, line: int
) -> None:
    lesson = parse_lesson(_lesson(tmp_path, "Intro.\n\n## Big\n\n" + body))
    [problem] = lesson.problems
    assert message in problem.message
    assert problem.line == line
    assert isinstance(lesson.pages[1].blocks[-1], BrokenSpec)


def test_the_worst_accepted_page_passes_check_and_shows(tmp_path: Path) -> None:
    lesson = parse_lesson(write_lesson(tmp_path))
    assert lesson.problems == ()
    assert not any(isinstance(block, BrokenSpec) for page in lesson.pages for block in page.blocks)


async def test_a_page_past_a_limit_shows_an_error_box(tmp_path: Path) -> None:
    _lesson(tmp_path, _widgets(50))
    app = make_app(load_course(tmp_path), ProgressStore.open(home=tmp_path), Options())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        [box] = screen.query(ErrorBox)
        assert f"more than {MAX_WIDGETS} widgets" in str(box.render())


@pytest.mark.e2e
def test_ctrl_q_quits_a_hostile_lesson_at_once(tmp_path: Path) -> None:
    path = _lesson(tmp_path, _widgets(10_000))
    with tmux(reader_command(tmp_path, str(path)), 100, 30) as term:
        term.wait_for("page 1/1", 30)
        pid = int(term._tmux("display-message", "-p", "#{pane_pid}").strip())
        import psutil

        [reader] = [p for p in psutil.Process(pid).children() if "python" in p.name()]
        term.keys("C-q")
        wait_until(lambda: not alive(reader.pid), 10, "the reader to quit")
