"""A numeric quiz's `wrong:` list: common wrong answers, each with its own `why`."""

from __future__ import annotations

from pathlib import Path

from tutor.course.check import check_paths
from tutor.course.model import QuizSpec, WrongAnswer
from tutor.course.parser import parse_lesson

QUIZ = """---
title: Wrong answers
---

```quiz
id: second-line
question: What does the second line make b?
answer: 6 + 0.01*5.06
tolerance: 0.000001
wrong:
  - answer: 6.05
    why: That is the simultaneous update, which uses the old a.
  - {answer: 5.06*6.0506, why: "That is the output, not b."}
hint: b + step × the new a.
explain: 6.0506.
```
"""


def write(tmp_path: Path, text: str = QUIZ) -> Path:
    path = tmp_path / "01-wrong.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_wrong_answers_are_parsed_with_their_why(tmp_path: Path) -> None:
    lesson = parse_lesson(write(tmp_path))
    assert lesson.problems == ()
    (quiz,) = lesson.quizzes
    assert quiz.wrong == (
        WrongAnswer(6.05, "That is the simultaneous update, which uses the old a."),
        WrongAnswer(5.06 * 6.0506, "That is the output, not b."),
    )


def test_the_lookup_finds_the_why_of_a_listed_wrong_answer() -> None:
    quiz = QuizSpec(
        "q",
        "?",
        1,
        answer=6.0506,
        tolerance=1e-6,
        wrong=(WrongAnswer(6.05, "simultaneous"), WrongAnswer(6.05, "listed twice")),
    )
    assert quiz.wrong_feedback(6.05) == ["simultaneous"]
    assert quiz.wrong_feedback(6.0500001) == ["simultaneous"]  # within the tolerance
    assert quiz.wrong_feedback(6.06) == []
    assert quiz.wrong_feedback(6.0506) == []  # right answers get no wrong-answer why


def test_check_reports_bad_wrong_lists_at_their_lines(tmp_path: Path) -> None:
    text = QUIZ.replace("answer: 6.05\n", "answer: 6 + 0.01*5.06\n").replace(
        'why: "That is the output, not b."', "because: typo"
    )
    path = write(tmp_path, text)
    problems = [str(p) for p in check_paths([path]).problems]
    assert problems == [
        f"{path}:11: wrong answer 6.0506 is accepted as the right answer",
        f"{path}:13: unknown key 'because' in a wrong answer (known: answer, why)",
        f"{path}:13: wrong answer 2 needs 'why'",
    ]


def test_wrong_needs_a_numeric_quiz(tmp_path: Path) -> None:
    choices = "choices: [{text: a, correct: true}, {text: b}]\n"
    text = QUIZ.replace("answer: 6 + 0.01*5.06\n", choices)
    path = write(tmp_path, text)
    problems = [str(p) for p in check_paths([path]).problems]
    assert problems == [f"{path}:10: 'wrong' belongs to a numeric quiz (one with 'answer')"]
