"""Numbers in prose tied to their computation: `30.613<!-- = 5.06*6.05 -->`, checked by `check`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from check_cli import run_check

from tutor.course import prose
from tutor.course.check import check_paths
from tutor.course.model import MarkdownBlock, QuizSpec
from tutor.course.parser import bundled_lessons, parse_lesson

LESSON = """---
title: Numbers
---

The step gives 5.06 × 6.05 = 30.613<!-- = 5.06*6.05 -->.

| h | ratio |
|---|-------|
| 0.1 | 60.6<!-- = ((5.1)**2*6 - 150)/0.1 --> |

```quiz
id: q
question: |
  What is 5.06 × 6.05, about 30.6<!-- = 5.06*6.05 -->?
answer: 5.06*6.05
hint: Near 30.61<!-- = 5.06*6.05 -->.
explain: |
  It is 30.613<!-- = 5.06*6.05 -->.
```

```python run
print("30.999<!-- = 1 -->")
```
"""


def write(tmp_path: Path, text: str = LESSON) -> Path:
    path = tmp_path / "01-numbers.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_annotation_is_found_with_its_number_and_line() -> None:
    found = prose.find("a\nso 30.613<!-- = 5.06*6.05 --> and −6<!--= -30/5-->.")
    assert [(a.line, a.stated, a.expr) for a in found] == [
        (2, "30.613", "5.06*6.05"),
        (2, "−6", "-30/5"),
    ]


def test_strip_keeps_the_number_and_drops_the_comment() -> None:
    assert prose.strip_annotations("is 30.613<!-- = 5.06*6.05 -->.") == "is 30.613."
    assert (
        prose.strip_annotations("a <!-- an ordinary comment --> b")
        == "a <!-- an ordinary comment --> b"
    )


@pytest.mark.parametrize(
    ("stated", "expr"),
    [
        ("30.613", "5.06*6.05"),
        ("30.616036", "5.06*(6+0.01*5.06)"),  # 30.616035999999998
        ("30", "30.4"),  # no decimals stated: rounded to a whole number
        ("0.3", "0.1+0.2"),
        ("−11.5924", "(-2.04+4.96)*-3.97"),
        ("-4", "-4"),
        ("0.0125", "0.0125"),
        ("2.45", "2.445"),  # exactly half way (in decimal): either way is accepted
    ],
)
def test_a_stated_number_rounded_to_its_own_decimals_holds(stated: str, expr: str) -> None:
    assert prose.verify(prose.Annotation(1, stated, expr)) is None


@pytest.mark.parametrize(
    ("stated", "expr", "message"),
    [
        ("30.614", "5.06*6.05", "stated 30.614, computes 30.613"),
        ("30.61", "5.06*6.05+0.01", "stated 30.61, computes 30.62"),
        ("6", "-6", "stated 6, computes -6"),
        ("30.6", "5.06*6.05+0.0371", "stated 30.6, computes 30.7"),
    ],
)
def test_a_wrong_number_says_what_it_computes(stated: str, expr: str, message: str) -> None:
    assert prose.verify(prose.Annotation(1, stated, expr)) == message


def test_a_bad_expression_or_a_missing_number_is_a_problem() -> None:
    bad = prose.verify(prose.Annotation(1, "3", "2 +"))
    assert bad is not None and bad.startswith("annotation '<!-- = 2 + -->': column")
    names = prose.verify(prose.Annotation(1, "3", "a*b"))
    assert names is not None and "unknown name 'a'" in names
    (lone,) = prose.find("the number <!-- = 3 --> is apart")
    assert lone.stated is None
    assert "must follow a number directly" in str(prose.verify(lone))


def test_the_parser_strips_annotations_from_text_and_quizzes(tmp_path: Path) -> None:
    lesson = parse_lesson(write(tmp_path))
    assert lesson.problems == ()
    texts = [b.text for p in lesson.pages for b in p.blocks if isinstance(b, MarkdownBlock)]
    assert "= 30.613." in texts[0] and "<!--" not in "".join(texts)
    assert "| 0.1 | 60.6 |" in texts[0]
    (quiz,) = lesson.quizzes
    assert isinstance(quiz, QuizSpec)
    assert quiz.question == "What is 5.06 × 6.05, about 30.6?"
    assert (quiz.hint, quiz.explain) == ("Near 30.61.", "It is 30.613.")


def test_check_passes_right_annotations_and_skips_code_cells(tmp_path: Path) -> None:
    report = check_paths([write(tmp_path)])
    assert [str(p) for p in report.problems] == []


def test_check_reports_a_wrong_annotation_at_its_line(tmp_path: Path) -> None:
    text = LESSON.replace("about 30.6<!--", "about 30.5<!--").replace(
        "60.6<!-- = ((5.1)", "60.6<!-- = ((5.1"
    )
    path = write(tmp_path, text)
    report = check_paths([path])
    bad_expr, wrong_number = (str(p) for p in report.problems)
    assert bad_expr.startswith(f"{path}:9: annotation '<!-- = ((5.1**2*6 - 150)/0.1 -->': column")
    assert wrong_number == f"{path}:14: stated 30.5, computes 30.6"


def test_changing_one_number_of_the_bundled_course_fails_check_at_that_line(
    tmp_path: Path,
) -> None:
    course = tmp_path / "course"
    shutil.copytree(bundled_lessons(), course)
    path = course / "zh" / "03-derivative.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(lines) if "30.613<!--" in line)
    lines[number] = lines[number].replace("30.613<!--", "30.614<!--", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run_check(str(course), cwd=tmp_path)
    assert result.returncode == 1
    problem, summary = result.stdout.splitlines()
    assert problem == f"{path}:{number + 1}: stated 30.614, computes 30.613"
    assert summary.endswith(": 1 problem")


def test_the_bundled_course_annotates_its_numbers() -> None:
    for lang in ("en", "zh"):
        files = sorted((bundled_lessons() / lang).glob("*.md"))
        total = sum(prose.count(f.read_text(encoding="utf-8")) for f in files)
        assert total >= 200, (lang, total)
