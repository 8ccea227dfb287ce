"""The lesson parser: pages, ids, course layouts and ordering (LESSON_FORMAT.md, "A course")."""

from __future__ import annotations

from pathlib import Path

from tutor.course.model import BrokenSpec, CodeSpec, MarkdownBlock, NeuronSpec, QuizSpec
from tutor.course.parser import bundled_lessons, load_course, parse_lesson

REPO = Path(__file__).resolve().parents[2]
QUIZ = "```quiz\nid: {id}\nquestion: Q\nanswer: 1\n```\n"


def write(path: Path, title: str = "T", body: str = "Text.\n", front: str = "") -> Path:
    """Write a lesson file (creating its folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\n{front}---\n\n{body}", encoding="utf-8")
    return path


def test_pages_split_at_level_two_headings(tmp_path: Path) -> None:
    body = (
        "Intro before any heading.\n\n## First\n\nOne.\n\n### Not a page\n\nStill one.\n\n"
        "## Second\n\n```text\n## not a heading inside code\n```\n\n# Level one\n\nStill two.\n"
    )
    lesson = parse_lesson(write(tmp_path / "01-pages.md", body=body))
    assert lesson.problems == ()
    assert [page.title for page in lesson.pages] == [None, "First", "Second"]
    (intro,) = lesson.pages[0].blocks
    assert isinstance(intro, MarkdownBlock)
    assert intro.text == "Intro before any heading."
    (first,) = lesson.pages[1].blocks
    assert isinstance(first, MarkdownBlock)
    assert "### Not a page" in first.text and "Still one." in first.text
    (second,) = lesson.pages[2].blocks
    assert isinstance(second, MarkdownBlock)
    assert "## not a heading inside code" in second.text and "# Level one" in second.text


def test_a_lesson_starting_with_a_heading_has_no_empty_first_page(tmp_path: Path) -> None:
    lesson = parse_lesson(write(tmp_path / "01-x.md", body="## Only\n\nText.\n"))
    assert [page.title for page in lesson.pages] == ["Only"]


def test_blocks_keep_their_order_and_file_lines(tmp_path: Path) -> None:
    body = (
        "Before.\n\n```neuron\ninputs: {a: 1, b: 2}\n```\n\nBetween.\n\n"
        "```python run\nprint(1)\n```\n\n" + QUIZ.format(id="q") + "\n```quiz\n```\n"
    )
    lesson = parse_lesson(write(tmp_path / "01-x.md", body=body))
    kinds = [type(block) for block in lesson.pages[0].blocks]
    assert kinds == [MarkdownBlock, NeuronSpec, MarkdownBlock, CodeSpec, QuizSpec, BrokenSpec]
    lines = [block.line for block in lesson.pages[0].blocks]
    assert lines[1::2] == [7, 13, 23]  # the fence lines; Markdown lines: see the next test
    assert lines[4] == 17
    broken = lesson.pages[0].blocks[-1]
    assert isinstance(broken, BrokenSpec)
    assert (broken.kind, broken.problem.line) == ("quiz", 23)
    assert broken.problem in lesson.problems


def test_markdown_blocks_start_at_the_line_of_their_text(tmp_path: Path) -> None:
    body = "Before.\n\n```neuron\ninputs: {a: 1, b: 2}\n```\n\nBetween.\n"
    lesson = parse_lesson(write(tmp_path / "01-x.md", body=body))
    blocks = lesson.pages[0].blocks
    assert [(type(b), b.line) for b in blocks] == [
        (MarkdownBlock, 5),
        (NeuronSpec, 7),
        (MarkdownBlock, 11),
    ]


def test_the_default_id_is_the_file_name_without_number_and_extension(tmp_path: Path) -> None:
    assert parse_lesson(write(tmp_path / "03-derivative.md")).id == "derivative"
    assert parse_lesson(write(tmp_path / "12-two-words.md")).id == "two-words"
    assert parse_lesson(write(tmp_path / "glossary.md")).id == "glossary"
    assert parse_lesson(write(tmp_path / "2024.md")).id == "2024"
    given = write(tmp_path / "04-x.md", front="id: why-it-works\nsummary: One line\n")
    lesson = parse_lesson(given)
    assert (lesson.id, lesson.summary) == ("why-it-works", "One line")


def test_a_lesson_without_a_usable_title_is_shown_by_its_id(tmp_path: Path) -> None:
    path = tmp_path / "05-untitled.md"
    path.write_text("No front matter.\n", encoding="utf-8")
    lesson = parse_lesson(path)
    assert lesson.title == "untitled"
    assert len(lesson.problems) == 1
    assert [page.blocks[0] for page in lesson.pages] == [MarkdownBlock("No front matter.", 1)]


def test_a_folder_of_lessons_is_a_one_language_course(tmp_path: Path) -> None:
    for name in ("10-ten.md", "02-two.md", "01-one.md"):
        write(tmp_path / name)
    (tmp_path / "notes.txt").write_text("not a lesson", encoding="utf-8")
    course = load_course(tmp_path)
    assert course.languages == (None,)
    assert [lesson.id for lesson in course.lessons_for(None)] == ["one", "two", "ten"]
    assert [lesson.lang for lesson in course.lessons_for("zh")] == [None, None, None]
    assert course.find(None, "two") is not None and course.find(None, "nine") is None


def test_lessons_are_ordered_by_file_name(tmp_path: Path) -> None:
    names = ["b-second.md", "01-z.md", "a-first.md", "02-a.md"]
    for name in names:
        write(tmp_path / name, title=name)
    titles = [lesson.title for lesson in load_course(tmp_path).lessons_for(None)]
    assert titles == sorted(names)


def test_language_folders_make_a_multi_language_course(tmp_path: Path) -> None:
    for lang, title in (("zh", "神经元"), ("en", "The neuron")):
        write(tmp_path / lang / "01-neuron.md", title=title)
        write(tmp_path / lang / "02-nudges.md", title=f"{lang} nudges")
    (tmp_path / "empty").mkdir()
    course = load_course(tmp_path)
    assert course.languages == ("en", "zh")
    assert course.problems == ()
    en, zh = course.find("en", "neuron"), course.find("zh", "neuron")
    assert en is not None and zh is not None
    assert (en.title, en.lang, zh.title, zh.lang) == ("The neuron", "en", "神经元", "zh")
    assert [lesson.id for lesson in course.lessons_for("zh")] == ["neuron", "nudges"]
    assert course.lessons_for("fr") == course.lessons_for("en")
    assert course.resolve_lang("fr") == "en"


def test_a_single_file_is_a_one_lesson_course(tmp_path: Path) -> None:
    path = write(tmp_path / "07-glossary.md", body=QUIZ.format(id="q"))
    course = load_course(path)
    assert course.root == tmp_path
    (lesson,) = course.lessons_for(None)
    assert (lesson.id, lesson.path, len(lesson.quizzes)) == ("glossary", path, 1)


def test_missing_paths_and_empty_folders_are_course_problems(tmp_path: Path) -> None:
    missing = load_course(tmp_path / "nope")
    assert missing.lessons == {}
    assert [str(p) for p in missing.problems] == [
        f"{tmp_path / 'nope'}:1: no such lesson file or folder"
    ]
    empty = load_course(tmp_path)
    assert empty.languages == () and empty.lessons_for("en") == ()
    assert len(empty.problems) == 1


def test_the_bundled_course_is_found_beside_the_package_in_a_checkout() -> None:
    assert bundled_lessons() == REPO / "lessons"
    course = load_course(bundled_lessons())
    assert set(course.languages) == {"en", "zh"}
    assert all(lesson.path.is_relative_to(REPO / "lessons") for lesson in course.lessons["en"])
