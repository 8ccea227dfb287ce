"""A course of language folders parses a language on first use; the result is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.course import parser
from tutor.course.parser import LazyLessons, bundled_lessons, load_course, parse_lesson

LESSON = "---\ntitle: {title}{front}\n---\nText.\n\n## Two\n\nMore.\n"


def write(folder: Path, name: str, title: str, front: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(LESSON.format(title=title, front=front), encoding="utf-8")
    return path


def counting(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every lesson file `parse_lesson` parses from now on."""
    parsed: list[Path] = []

    def parse(path: Path, lang: str | None = None) -> object:
        parsed.append(path)
        return parse_lesson(path, lang)

    monkeypatch.setattr(parser, "parse_lesson", parse)
    return parsed


def test_only_the_language_looked_up_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    en = write(tmp_path / "en", "01-a.md", "A")
    zh = write(tmp_path / "zh", "01-a.md", "甲")
    parsed = counting(monkeypatch)
    course = load_course(tmp_path)
    assert isinstance(course.lessons, LazyLessons)
    assert course.languages == ("en", "zh")
    assert "zh" in course.lessons and "fr" not in course.lessons
    assert course.resolve_lang("fr") == "en" and parsed == []
    assert [lesson.title for lesson in course.lessons_for("en")] == ["A"]
    assert parsed == [en]
    assert course.find("zh", "a") is not None and parsed == [en, zh]
    course.lessons_for("en")
    course.lessons_for("zh")
    assert parsed == [en, zh]  # each language once
    with pytest.raises(KeyError):
        course.lessons["fr"]


def test_the_lazy_course_equals_the_eager_one(tmp_path: Path) -> None:
    course = load_course(bundled_lessons())
    eager = {
        lang: tuple(
            parse_lesson(path, lang)
            for path in sorted((bundled_lessons() / str(lang)).glob("*.md"))
        )
        for lang in course.languages
    }
    assert dict(course.lessons) == eager and course.key == "bundled"


def test_the_course_key_and_its_problems_come_from_the_front_matter_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "en", "01-a.md", "A", "\ncourse: one")
    other = write(tmp_path / "zh", "01-a.md", "甲", "\ncourse: two")
    parsed = counting(monkeypatch)
    course = load_course(tmp_path)
    assert parsed == [] and course.key == "one"
    assert [str(p) for p in course.problems] == [
        f"{other}:3: course: 'two' differs from 'one' in 01-a.md; one course has one key"
    ]
