"""`check` that points: columns, did-you-mean, and the full, concise, json and github formats."""

from __future__ import annotations

import json
from pathlib import Path

from check_cli import run_check

from tutor.course.check import CheckReport, check_paths
from tutor.course.model import Problem
from tutor.course.report import column_span, render

LESSON = """\
---
title: T
---

```neuron
inputs: {a: 2, b: -3}
stepp: 0.1
```

```neuron
inputs: {a: 2, b: -3}
f: a * c
```

```quiz
id: q
question: Both?
answer: 3
choices:
  - {text: A, correct: true}
  - {text: B}
```

Twice 3 is 7<!-- = 2*3 -->.
"""

KNOWN = "inputs, f, step, h, seed, actions, update, plot, window, id, expect"
NAMES = "allowed names: a, b, pi, e; functions: exp, log, sqrt, sin, cos, tanh, sigmoid, relu, "
NAMES += "abs, max, min"


def write(tmp_path: Path, text: str = LESSON) -> Path:
    path = tmp_path / "01-l.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_problems_carry_the_column_of_the_key_or_the_expression(tmp_path: Path) -> None:
    path = write(tmp_path)
    found = [(p.line, p.column) for p in check_paths([path]).problems]
    # stepp at its key, 'c' at its column in the line, the second quiz key, the stated 7.
    assert found == [(7, 1), (12, 8), (19, 1), (24, 12)]


def test_github_format_is_one_error_command_per_problem(tmp_path: Path) -> None:
    write(tmp_path)
    result = run_check("--format", "github", "01-l.md", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=01-l.md,line=7,col=1::unknown key 'stepp' in a neuron: did you mean "
        f"'step'? (known: {KNOWN})",
        f"::error file=01-l.md,line=12,col=8::'f': column 5: unknown name 'c' ({NAMES})",
        "::error file=01-l.md,line=19,col=1::a quiz needs exactly one of 'choices' or 'answer', "
        "not both",
        "::error file=01-l.md,line=24,col=12::stated 7, computes 6",
        "1 lessons, 0 widgets, 0 quizzes: 4 problems",
    ]


def test_full_format_quotes_the_line_with_a_caret(tmp_path: Path) -> None:
    write(tmp_path)
    result = run_check("--format", "full", "01-l.md", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        f"01-l.md:7: unknown key 'stepp' in a neuron: did you mean 'step'? (known: {KNOWN})\n"
        "  |\n"
        "7 | stepp: 0.1\n"
        "  | ^^^^^\n"
        "\n"
        f"01-l.md:12: 'f': column 5: unknown name 'c' ({NAMES})\n"
        "   |\n"
        "12 | f: a * c\n"
        "   |        ^\n"
        "\n"
        "01-l.md:19: a quiz needs exactly one of 'choices' or 'answer', not both\n"
        "   |\n"
        "19 | choices:\n"
        "   | ^^^^^^^\n"
        "\n"
        "01-l.md:24: stated 7, computes 6\n"
        "   |\n"
        "24 | Twice 3 is 7<!-- = 2*3 -->.\n"
        "   |            ^\n"
        "\n"
        "1 lessons, 0 widgets, 0 quizzes: 4 problems\n"
    )


def test_concise_format_is_the_contract_one_line_per_problem(tmp_path: Path) -> None:
    write(tmp_path)
    result = run_check("--format", "concise", "01-l.md", cwd=tmp_path)
    piped = run_check("01-l.md", cwd=tmp_path)  # not a terminal: concise by default
    assert result.stdout == piped.stdout
    assert result.stdout.splitlines()[0] == (
        f"01-l.md:7: unknown key 'stepp' in a neuron: did you mean 'step'? (known: {KNOWN})"
    )
    assert len(result.stdout.splitlines()) == 5


def test_json_format_holds_problems_counts_and_summary(tmp_path: Path) -> None:
    write(tmp_path)
    result = run_check("--format", "json", "01-l.md", cwd=tmp_path)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert (data["lessons"], data["widgets"], data["quizzes"]) == (1, 0, 0)
    assert data["problems"][3] == {
        "file": "01-l.md",
        "line": 24,
        "column": 12,
        "message": "stated 7, computes 6",
    }
    assert data["summary"] == "1 lessons, 0 widgets, 0 quizzes: 4 problems"


def test_a_clean_lesson_is_ok_in_every_format(tmp_path: Path) -> None:
    write(tmp_path, "---\ntitle: T\n---\nHello.\n")
    for form in ("full", "concise", "github"):
        result = run_check("--format", form, "01-l.md", cwd=tmp_path)
        assert (result.returncode, result.stdout) == (0, "1 lessons, 0 widgets, 0 quizzes: OK\n")
    result = run_check("--format", "json", "01-l.md", cwd=tmp_path)
    assert json.loads(result.stdout)["problems"] == []


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = run_check("--format", "xml", cwd=tmp_path)
    assert result.returncode == 2
    assert "invalid choice: 'xml'" in result.stderr


def test_github_escapes_what_would_end_a_property_or_the_message() -> None:
    problem = Problem("a,b:c.md", 3, "50% done\nnext")
    out = render_one(problem, "github")
    assert out == "::error file=a%2Cb%3Ac.md,line=3::50%25 done%0Anext"


def render_one(problem: Problem, form: str) -> str:
    """The first output line for one problem, its file unreadable."""
    report = CheckReport(problems=[problem])
    return render(report, form, lambda _file, _line: None).splitlines()[0]


def test_the_caret_spans_a_word_a_number_or_one_character() -> None:
    assert column_span(Problem("f", 1, "m", 3), "  stepp: 1") == (3, 5)
    assert column_span(Problem("f", 1, "m", 5), "x = -1.25 + y") == (5, 5)
    assert column_span(Problem("f", 1, "m", 5), "f: a.real") == (5, 1)
    assert column_span(Problem("f", 1, "m"), "    - {do: x}") == (5, 1)
    assert column_span(Problem("f", 1, "m"), "") == (0, 0)


def test_wide_characters_move_the_caret_by_two_cells() -> None:
    problem = Problem("f.md", 1, "stated 7, computes 6", 4)
    report = CheckReport(problems=[problem])
    out = render(report, "full", lambda _file, _line: "两倍是7<!-- = 2*3 -->").splitlines()
    assert out[2:4] == ["1 | 两倍是7<!-- = 2*3 -->", "  |       ^"]


def test_did_you_mean_for_choices_actions_inputs_and_functions(tmp_path: Path) -> None:
    text = (
        "---\ntitle: T\n---\n\n```neuron\ninputs: {a: 2, b: -3}\nf: sigmod(a) * b\n"
        "actions: [gradiant]\nupdate: sequentail\n```\n"
    )
    messages = [p.message for p in check_paths([write(tmp_path, text)]).problems]
    assert messages == [
        "'f': column 1: 'sigmod' is not a function: did you mean 'sigmoid'?",
        "unknown action 'gradiant': did you mean 'gradient'? (known: random, numeric, gradient)",
        "'update' must be one of simultaneous, sequential, not 'sequentail': did you mean "
        "'sequential'?",
    ]
