"""Lessons 1-4: every number the prose states is one the engine computes, in both languages.

`check` replays the widgets' `expect:` lists. The numbers it cannot replay (a hand move with the
arrow keys, a difference-quotient table, a numeric quiz, a comparison of four steps) are pinned
here: each is recomputed with the engine or plain arithmetic, formatted the way the widgets
format it, and looked up in the English and the Chinese lesson.
"""

from __future__ import annotations

import io
import math
import random
import tokenize
import unicodedata
from pathlib import Path

import pytest

from tutor.course import prose
from tutor.course.check import check_paths
from tutor.course.model import CodeSpec, CurveSpec, Lesson, NeuronSpec, QuizSpec
from tutor.course.parser import parse_lesson
from tutor.maths.expr import parse
from tutor.maths.nudges import NeuronState
from tutor.maths.numfmt import fmt

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
FILES = ("01-neuron.md", "02-random-nudges.md", "03-derivative.md", "04-why-it-works.md")
LANGS = ("en", "zh")
ALL_FILES = tuple(sorted(path.name for path in (LESSONS / "en").glob("*.md")))
"""Every lesson of the course: the structural checks below hold for all of them."""
MAX_WIDTH = 76


def lesson(lang: str, name: str) -> Lesson:
    return parse_lesson(LESSONS / lang / name, lang)


def text_of(lang: str, name: str) -> str:
    """The text the learner reads (annotations stripped), with the ASCII minus `fmt` writes."""
    text = (LESSONS / lang / name).read_text(encoding="utf-8")
    return prose.strip_annotations(text).replace("\u2212", "-")


def product(a: float, b: float) -> NeuronState:
    return NeuronState(parse("a * b", ("a", "b")), {"a": a, "b": b})


def quiz(lang: str, name: str, quiz_id: str) -> QuizSpec:
    for page in lesson(lang, name).pages:
        for block in page.blocks:
            if isinstance(block, QuizSpec) and block.id == quiz_id:
                return block
    raise AssertionError(f"{lang}/{name}: no quiz {quiz_id!r}")


def assert_stated(name: str, value: float) -> None:
    """The formatted value appears in the lesson in both languages."""
    shown = fmt(value)
    for lang in LANGS:
        assert shown in text_of(lang, name), f"{lang}/{name} never states {shown}"


def assert_row(name: str, *values: float) -> None:
    """Some table row of the lesson holds all the values, in both languages."""
    shown = [fmt(v) for v in values]
    for lang in LANGS:
        rows = [
            [cell.strip() for cell in line.strip("|").split("|")]
            for line in text_of(lang, name).splitlines()
            if line.startswith("|")
        ]
        assert any(all(s in row for s in shown) for row in rows), f"{lang}/{name}: {shown}"


def hand_move(a: float, b: float, name: str, value: float) -> float:
    state = product(a, b)
    state.set_input(name, value)
    return state.output


@pytest.mark.parametrize(
    ("start", "name", "value", "shown"),
    [
        ((5, 6), "a", 5.1, "30.6"),
        ((5, 6), "b", 6.1, "30.5"),
        ((-5, -6), "a", -4.9, "29.4"),
        ((-5, -6), "a", -5.1, "30.6"),
    ],
)
def test_lesson1_hand_moves(
    start: tuple[float, float], name: str, value: float, shown: str
) -> None:
    output = hand_move(*start, name, value)
    assert fmt(output) == shown
    assert_stated("01-neuron.md", output)


def test_lesson1_quiz_answer_is_one_arrow_press() -> None:
    for lang in LANGS:
        assert quiz(lang, "01-neuron.md", "predict-up-a").accepts(hand_move(5, 6, "a", 5.1))


def seeded_run(a: float, b: float, presses: int = 3) -> list[float]:
    """The documented random nudge: one draw per input, in order, from random.Random(3)."""
    rng = random.Random(3)
    outputs = []
    for _ in range(presses):
        a += 0.01 * rng.random()
        b += 0.01 * rng.random()
        outputs.append(a * b)
    return outputs


def test_lesson2_seeded_runs() -> None:
    up, down = seeded_run(5, 6), seeded_run(-5, -6)
    engine = NeuronState(parse("a * b", ("a", "b")), {"a": -5, "b": -6}, seed=3)
    assert [engine.random().after for _ in range(3)] == pytest.approx(down, rel=1e-12)
    assert all(out > 30 for out in up) and all(out < 30 for out in down)
    for press, (out_up, out_down) in enumerate(zip(up, down, strict=True), 1):
        assert_row("02-random-nudges.md", press, out_up, out_down)


def test_lesson2_half_nudge_quiz() -> None:
    expected = (-5 + 0.01 * 0.5) * (-6 + 0.01 * 0.5)
    assert fmt(expected) == "29.945025"
    for lang in LANGS:
        assert quiz(lang, "02-random-nudges.md", "half-nudge").accepts(expected)


@pytest.mark.parametrize("h", [1, 0.1, 0.01, 0.001])
def test_lesson3_difference_quotients(h: float) -> None:
    after = (5 + h) * 6
    assert fmt((after - 30) / h) == "6"
    assert_row("03-derivative.md", h, after, after - 30, (after - 30) / h)
    assert_row("03-derivative.md", h, ((5 + h) ** 2 * 6 - 150) / h)


def test_lesson3_quiz_hint() -> None:
    assert_stated("03-derivative.md", -4.99 * -6)


def test_lesson3_quizzes() -> None:
    quotient = ((-5 + 0.01) * -6 - 30) / 0.01
    second_b = 6 + 0.01 * (5 + 0.01 * 6)
    for lang in LANGS:
        assert quiz(lang, "03-derivative.md", "quotient-negative").accepts(quotient)
        assert quiz(lang, "03-derivative.md", "second-line").accepts(second_b)
        partial = quiz(lang, "03-derivative.md", "partial-b")
        assert [c.text for c in partial.choices if c.correct] == ["−5"]


def test_lesson3_article_code_and_gap() -> None:
    a, b, step = 5.0, 6.0, 0.01
    a = a + step * b
    b = b + step * a
    assert a * b == 30.616035999999998
    together = 5.06 * 6.05
    assert_stated("03-derivative.md", a * b)
    assert_stated("03-derivative.md", together)
    assert_stated("03-derivative.md", a * b - together)
    for lang in LANGS:
        assert "30.616035999999998" in text_of(lang, "03-derivative.md")


def test_lesson4_steepest_ascent_table() -> None:
    def after(da: float, db: float) -> float:
        length = math.hypot(da, db)
        return (5 + 0.01 * da / length) * (6 + 0.01 * db / length)

    directions = ((0, 1), (1, 0), (1, 1), (6, 5))
    outputs = {d: after(*d) for d in directions}
    assert sorted(outputs, key=outputs.__getitem__) == list(directions)
    for da, db in directions:
        length = math.hypot(da, db)
        new_a, new_b = 5 + 0.01 * da / length, 6 + 0.01 * db / length
        assert_row("04-why-it-works.md", new_a, new_b, outputs[(da, db)])


def test_lesson4_slice_of_the_product() -> None:
    """The curve f = -6x is f(a, b) with b held at -6; one step of 0.1 either way."""
    for x in (-5 + 0.1 * -6, -5 - 0.1 * -6):
        assert_stated("04-why-it-works.md", x)
        assert_stated("04-why-it-works.md", product(x, -6).output)


def test_lesson4_descent_at_five_six() -> None:
    assert_stated("04-why-it-works.md", (5 - 0.01 * 6) * (6 - 0.01 * 5))


def widget_signature(block: object) -> object:
    """What must be identical in both languages: ids, numbers, widget bodies."""
    if isinstance(block, NeuronSpec):
        steps = [(s.do, s.output, s.inputs) for s in block.expect]
        fields = (block.inputs, block.f.source, block.step, block.seed, block.actions)
        return ("neuron", block.id, *fields, block.update, steps)
    if isinstance(block, CurveSpec):
        points = [(s.do, s.x, s.y) for s in block.expect]
        return ("curve", block.id, block.f.source, block.x, block.step, block.range, points)
    if isinstance(block, QuizSpec):
        flags = [c.correct for c in block.choices]
        return ("quiz", block.id, flags, block.answer, block.tolerance)
    if isinstance(block, CodeSpec):  # comments may be translated; the code may not
        return ("code", code_without_comments(block.source))
    return None


def code_without_comments(source: str) -> str:
    """Python source with its comments and blank lines dropped."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    kept = [t for t in tokens if t.type != tokenize.COMMENT]
    lines = tokenize.untokenize(kept).splitlines()
    return "\n".join(line.rstrip() for line in lines if line.strip())


@pytest.mark.parametrize("name", ALL_FILES)
def test_both_languages_share_ids_and_widgets(name: str) -> None:
    en, zh = lesson("en", name), lesson("zh", name)
    assert en.id == zh.id
    assert len(en.pages) == len(zh.pages)
    for page_en, page_zh in zip(en.pages, zh.pages, strict=True):
        sig_en = [widget_signature(b) for b in page_en.blocks if widget_signature(b)]
        sig_zh = [widget_signature(b) for b in page_zh.blocks if widget_signature(b)]
        assert sig_en == sig_zh


@pytest.mark.parametrize("name", ALL_FILES)
def test_every_quiz_teaches(name: str) -> None:
    for lang in LANGS:
        for page in lesson(lang, name).pages:
            for block in page.blocks:
                if isinstance(block, QuizSpec):
                    assert block.hint and block.explain, f"{lang}/{name}: {block.id}"
                    assert all(c.why for c in block.choices if not c.correct), block.id


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ALL_FILES)
def test_tables_and_code_fit_an_80_column_terminal(lang: str, name: str) -> None:
    fence: str | None = None  # the info string of the fenced block we are in
    for number, line in enumerate(text_of(lang, name).splitlines(), 1):
        if line.startswith("```"):
            fence = line[3:].strip() if fence is None else None
            continue
        shown_as_is = fence in ("python", "python run") or (
            fence is None and line.startswith(("|", "    "))
        )
        if shown_as_is:
            assert width(line) <= MAX_WIDTH, f"{lang}/{name}:{number}: {width(line)} columns"


def test_the_course_has_the_same_lessons_in_both_languages() -> None:
    assert len(ALL_FILES) >= 7
    assert tuple(sorted(path.name for path in (LESSONS / "zh").glob("*.md"))) == ALL_FILES


def test_check_finds_nothing_wrong() -> None:
    report = check_paths([LESSONS / lang / name for lang in LANGS for name in FILES])
    assert [str(p) for p in report.problems] == []
    assert report.lessons == 8
