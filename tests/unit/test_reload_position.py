"""`Reader.replace_course`: after a reload, the same lesson and the same page (or the nearest)."""

from __future__ import annotations

from pathlib import Path

from tutor.course.model import Course
from tutor.course.parser import load_course
from tutor.progress import ProgressStore
from tutor.reader import Options, Position, Reader

PAGES = (
    "---\ntitle: T\nid: {id}\n---\nIntro.\n\n## Alpha\n\nA.\n\n## Beta\n\nB.\n\n## Gamma\n\nC.\n"
)


def course_at(path: Path, text: str) -> Course:
    path.write_text(text, encoding="utf-8")
    return load_course(path)


def reader_for(course: Course) -> Reader:
    return Reader(course, ProgressStore.open(), Options())


def test_the_same_page_by_title_when_a_page_is_added_before_it(tmp_path: Path) -> None:
    path = tmp_path / "l.md"
    reader = reader_for(course_at(path, PAGES.format(id="l")))
    inserted = PAGES.format(id="l").replace("## Alpha", "## New\n\nN.\n\n## Alpha")
    assert reader.replace_course(course_at(path, inserted), Position("l", 2)) == Position("l", 3)


def test_the_nearest_page_when_the_page_is_gone(tmp_path: Path) -> None:
    path = tmp_path / "l.md"
    reader = reader_for(course_at(path, PAGES.format(id="l")))
    cut = PAGES.format(id="l").split("## Beta")[0]
    assert reader.replace_course(course_at(path, cut), Position("l", 3)) == Position("l", 1)


def test_the_same_file_when_its_id_changed(tmp_path: Path) -> None:
    path = tmp_path / "l.md"
    reader = reader_for(course_at(path, PAGES.format(id="old")))
    moved = reader.replace_course(course_at(path, PAGES.format(id="new")), Position("old", 1))
    assert moved == Position("new", 1)
    assert reader.lesson("new").path == path


def test_a_course_with_no_lessons_is_not_taken(tmp_path: Path) -> None:
    path = tmp_path / "l.md"
    course = course_at(path, PAGES.format(id="l"))
    reader = reader_for(course)
    path.unlink()
    assert reader.replace_course(load_course(path), Position("l", 1)) is None
    assert reader.course is course
