"""The reader's own words in Chinese wherever a Chinese learner reads them (issue 14).

Footer key descriptions, the neuron's table header, the curve's status line, the link notice,
and a single lesson file opened by path read in its own language.
"""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from screen_text import first_page_with, page_shown, screen_text
from test_terminals import course, new_app, settle

from tutor.app import Options, make_app
from tutor.course.model import Course, CurveSpec, NeuronSpec
from tutor.course.parser import bundled_lessons, load_course
from tutor.progress import ProgressStore
from tutor.widgets.curve import Curve
from tutor.widgets.markdown import LessonMarkdown

__all__ = ["course"]  # the module-scoped fixture, shared with test_terminals


async def test_footer_words_are_chinese(course: Course) -> None:
    app = new_app(course, lang="zh", lesson="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        app.reader.go_to(first_page_with(course, "zh", "neuron", NeuronSpec))
        await settle(app, pilot)
        page_footer = screen_text(app).splitlines()[-1]
        await pilot.press("tab")
        await pilot.pause()
        neuron_footer = screen_text(app).splitlines()[-1]
    assert "Space 下一页" in page_footer and "PgUp/b 上一页" in page_footer, page_footer
    assert "? 帮助" in page_footer and "q 退出" in page_footer, page_footer
    assert "← → 输入" in neuron_footer and "u 撤销" in neuron_footer, neuron_footer


async def test_neuron_table_header_is_chinese_and_aligned(course: Course) -> None:
    app = new_app(course, lang="zh", lesson="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        app.reader.go_to(first_page_with(course, "zh", "neuron", NeuronSpec))
        await settle(app, pilot)
        await pilot.press("tab", "up", "p")
        await pilot.pause()
        lines = screen_text(app).splitlines()
    header = next(line for line in lines if "微调" in line)
    row = lines[lines.index(header) + 2]  # nudge 1: a = 5.1
    assert "输出" in header and "nudge" not in header, header
    assert header.rstrip(" ┃").endswith("输出") and row.rstrip(" ┃").endswith("30.6"), (header, row)
    # the columns line up in terminal cells: the output column ends where the header does
    assert cell_len(header.rstrip(" ┃")) == cell_len(row.rstrip(" ┃")), (header, row)


async def test_curve_status_line_is_chinese(course: Course) -> None:
    app = new_app(course, lang="zh", lesson="why-it-works")
    async with app.run_test(size=(80, 24)) as pilot:
        app.reader.go_to(first_page_with(course, "zh", "why-it-works", CurveSpec))
        await page_shown(app)
        await settle(app, pilot)
        await pilot.press("tab", "g")
        await pilot.pause()
        app.screen.query_one(Curve).scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        text = screen_text(app)
    assert "斜率 f′(x) = -6" in text and "步长 0.1" in text, text
    assert "slope" not in text


async def test_link_notice_is_chinese(course: Course) -> None:
    app = new_app(course, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        markdown = app.screen.query(LessonMarkdown).first()
        markdown.post_message(LessonMarkdown.LinkClicked(markdown, "https://example.org/"))
        await pilot.pause()
        titles = [notice.title for notice in app._notifications]
    assert "链接（未打开）" in titles, titles


async def test_a_chinese_lesson_file_opens_in_chinese() -> None:
    path = bundled_lessons() / "zh" / "01-neuron.md"
    app = make_app(load_course(path), ProgressStore.open(), Options())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        footer = screen_text(app).splitlines()[-1]
    assert app.lang == "zh"
    assert "下一页" in footer, footer


def test_lang_front_matter_wins_over_the_text(tmp_path: Path) -> None:
    path = tmp_path / "lesson.md"
    path.write_text("---\ntitle: 标题\nlang: en\n---\n\n## 一页\n\n全是中文的文字。\n", "utf-8")
    course = load_course(path)
    assert course.languages == ("en",)
    assert not course.lessons_for("en")[0].problems
