"""`check` on valid lessons: they pass, their `expect:` steps are replayed, wrong values are caught.

tests/fixtures/valid/01-all-widgets.md uses every directive and most keys; its expected numbers
are the article's (a·b at a = 2, b = −3; the hill 4 − (x − 2)² from x = 1).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from check_cli import run_check

from tutor.course.check import check_paths
from tutor.course.model import CodeSpec, CurveSpec, MarkdownBlock, NeuronSpec, QuizSpec
from tutor.course.parser import load_course, parse_lesson

REPO = Path(__file__).resolve().parents[2]
VALID = REPO / "tests" / "fixtures" / "valid" / "01-all-widgets.md"
TEXT = VALID.read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the only line holding `fragment`."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if fragment in line]
    assert len(lines) == 1, fragment
    return lines[0]


def variant(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the valid lesson with one piece of text replaced."""
    assert TEXT.count(old) == 1, old
    path = tmp_path / "01-all-widgets.md"
    path.write_text(TEXT.replace(old, new), encoding="utf-8")
    return path


def test_a_valid_lesson_with_expect_steps_passes() -> None:
    result = run_check(str(VALID.relative_to(REPO)), cwd=REPO)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "1 lessons, 4 widgets, 3 quizzes: OK\n"


def test_several_paths_add_up_in_one_summary() -> None:
    report = check_paths([VALID, VALID.parent])
    assert report.ok
    assert report.summary() == "2 lessons, 8 widgets, 6 quizzes: OK"


def test_the_valid_lesson_parses_into_the_expected_model() -> None:
    lesson = parse_lesson(VALID)
    assert (lesson.id, lesson.title) == ("all-widgets", "Every widget: the format's valid side")
    assert lesson.summary is not None and lesson.summary.startswith("A neuron, a curve")
    assert lesson.problems == ()
    titles = [page.title for page in lesson.pages]
    assert titles == [None, "A neuron and its nudges", "A curve", "Quizzes and a code cell"]
    gate, sequential, by_hand = (b for b in lesson.pages[1].blocks if isinstance(b, NeuronSpec))
    assert (gate.id, gate.inputs, gate.seed, gate.h, gate.step) == (
        "gate",
        {"a": 2.0, "b": -3.0},
        7,
        1e-4,
        0.01,
    )
    assert gate.actions == ("random", "numeric", "gradient") and gate.plot
    assert gate.update == "simultaneous" and len(gate.expect) == 7
    assert (sequential.update, sequential.actions, sequential.plot) == (
        "sequential",
        ("gradient",),
        False,
    )
    assert by_hand.actions == ()
    (hill,) = (b for b in lesson.pages[2].blocks if isinstance(b, CurveSpec))
    assert (hill.x, hill.step, hill.range) == (1.0, 0.1, (-0.5, 4.5))
    assert hill.marks == {"A": 1.0, "B": 2.0, "C": 3.0}
    assert hill.line == line_of(TEXT, "```curve")


def test_quizzes_and_code_cells() -> None:
    blocks = parse_lesson(VALID).pages[3].blocks
    which, apply, product = (b for b in blocks if isinstance(b, QuizSpec))
    assert not which.multiple and [c.correct for c in which.choices] == [False, True]
    assert which.choices[0].why == "That is what descent does."
    assert which.hint == "Ascent adds step × slope." and which.explain == "x ← 1 + 0.1 × 2 = 1.2."
    assert apply.multiple and not apply.numeric
    assert product.answer == pytest.approx(30.613)
    assert product.accepts(30.6135) and not product.accepts(30.62)
    (cell,) = (b for b in blocks if isinstance(b, CodeSpec))
    assert cell.source == "a, b = 2, -3\nprint(a * b)\n"
    assert any('print("not run")' in b.text for b in blocks if isinstance(b, MarkdownBlock))


def test_an_answer_expression_is_evaluated_and_default_tolerance_is_relative(
    tmp_path: Path,
) -> None:
    path = variant(tmp_path, "answer: 5.06*6.05\ntolerance: 0.001", "answer: 5.06*6.05")
    quiz = parse_lesson(path).pages[3].quizzes[-1]
    assert quiz.id == "product"
    assert quiz.tolerance is None
    assert quiz.accepts(30.613 + 1e-5) and not quiz.accepts(30.613 + 1e-4)


def test_the_random_steps_follow_the_article_formula() -> None:
    draws = random.Random(7)
    a = 2 + 0.01 * draws.random()
    b = -3 + 0.01 * draws.random()
    assert f"{{do: random, inputs: {{a: {a!r}, b: {b!r}}}}}" in TEXT
    assert f"{{do: undo, output: {a * b!r}}}" in TEXT


def test_a_wrong_expected_output_is_caught_with_file_line_got_and_expected(
    tmp_path: Path,
) -> None:
    path = variant(tmp_path, "{do: gradient, output: -5.8706,", "{do: gradient, output: -5.8707,")
    result = run_check(path.name, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    line = line_of(TEXT, "{do: gradient, output: -5.8706,")
    assert result.stdout.splitlines() == [
        f"01-all-widgets.md:{line}: expect: after 'gradient', output is -5.8706, expected -5.8707",
        "1 lessons, 4 widgets, 3 quizzes: 1 problem",
    ]


def test_each_mismatching_value_is_named_on_its_own_key_line(tmp_path: Path) -> None:
    old = "  - {do: ascent, x: 1.36, output: 3.5904}"
    path = variant(tmp_path, old, "  - do: ascent\n    x: 1.4\n    output: 3.6")
    step = line_of(TEXT, old)
    assert sorted(str(p) for p in check_paths([path]).problems) == [
        f"{path}:{step + 1}: expect: after 'ascent', x is 1.36, expected 1.4",
        f"{path}:{step + 2}: expect: after 'ascent', output is 3.5904, expected 3.6",
    ]


def test_the_update_order_changes_the_replay(tmp_path: Path) -> None:
    path = variant(tmp_path, "update: sequential\n", "")
    line = line_of(TEXT, "{do: gradient, output: -5.871191") - 1
    # Their order: see test_check_broken.py::test_problems_come_in_file_order.
    assert sorted(str(p) for p in check_paths([path]).problems) == [
        f"{path}:{line}: expect: after 'gradient', inputs.b is -2.98, expected -2.9803",
        f"{path}:{line}: expect: after 'gradient', output is -5.8706, expected -5.871191",
    ]


def test_a_value_within_its_tol_passes(tmp_path: Path) -> None:
    path = variant(
        tmp_path,
        "{do: ascent, x: 1.2, y: 3.36}",
        "{do: ascent, x: 1.2004, y: 3.3601, tol: 0.001}",
    )
    assert check_paths([path]).ok


def test_the_bundled_course_passes(tmp_path: Path) -> None:
    result = run_check(cwd=tmp_path)
    assert result.stderr == ""
    assert "Traceback" not in result.stdout
    assert result.returncode == 0, result.stdout
    (summary,) = result.stdout.splitlines()
    assert summary.endswith(" quizzes: OK")


def test_the_bundled_course_has_the_same_lesson_ids_in_each_language() -> None:
    course = load_course(REPO / "lessons")
    assert course.languages == ("en", "zh")
    ids = {lang: [lesson.id for lesson in course.lessons_for(lang)] for lang in course.languages}
    assert ids["en"] == ids["zh"]
    assert len(ids["en"]) == len(set(ids["en"]))


def test_every_widget_example_in_the_authors_guide_is_valid(tmp_path: Path) -> None:
    guide = (REPO / "docs" / "lesson-format.md").read_text(encoding="utf-8")
    examples = re.findall(r"^```(neuron|curve|quiz)\n(.*?)^```\n", guide, re.S | re.M)
    assert len(examples) >= 5
    for number, (kind, body) in enumerate(examples, start=1):
        path = tmp_path / f"{number:02d}-example.md"
        path.write_text(f"---\ntitle: Example\n---\n\n```{kind}\n{body}```\n", encoding="utf-8")
    report = check_paths([tmp_path])
    assert [str(p) for p in report.problems] == []
    assert report.lessons == len(examples)
