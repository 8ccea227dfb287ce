"""A lesson's language: the `lang:` front-matter key, else its text (mostly CJK: zh)."""

from __future__ import annotations

from pathlib import Path

from tutor.course.parser import bundled_lessons, load_course, parse_lesson, text_language


def lesson_file(tmp_path: Path, front: str, body: str) -> Path:
    path = tmp_path / "lesson.md"
    path.write_text(f"---\ntitle: T\n{front}---\n\n## Page\n\n{body}\n", encoding="utf-8")
    return path


def test_every_bundled_lesson_is_detected_in_its_folder_language() -> None:
    for lang in ("en", "zh"):
        for path in sorted((bundled_lessons() / lang).glob("*.md")):
            assert text_language(path.read_text(encoding="utf-8")) == lang, path


def test_a_single_file_takes_the_language_of_its_text(tmp_path: Path) -> None:
    path = lesson_file(tmp_path, "", "神经元把两个输入相乘：f(a, b) = a * b。")
    assert load_course(path).languages == ("zh",)
    path = lesson_file(tmp_path, "", "A neuron multiplies: f(a, b) = a * b. 中文 is Chinese.")
    assert load_course(path).languages == ("en",)


def test_the_lang_key_is_declared_and_checked(tmp_path: Path) -> None:
    path = lesson_file(tmp_path, "lang: zh\n", "Only English words here.")
    assert load_course(path).languages == ("zh",)
    bad = parse_lesson(lesson_file(tmp_path, "lang: fr\n", "Bonjour."))
    assert [(p.line, p.message) for p in bad.problems] == [(3, "lang: 'fr' (known: en, zh)")]


def test_a_language_folder_wins_over_the_lang_key(tmp_path: Path) -> None:
    path = lesson_file(tmp_path, "lang: en\n", "x")
    assert parse_lesson(path, "zh").lang == "zh"
