"""`backprop-tutor check` on broken and hostile lessons: the exact `FILE:LINE: message` of each.

The folder tests/fixtures/broken holds one theme per file (front matter, neuron keys,
expressions, curve keys, quiz keys, expect steps, YAML, structure); tests/fixtures/broken.expected
is the exact output of `backprop-tutor check broken` run from tests/fixtures, checked line by line
against the files by hand. Hostile files (binary, invalid UTF-8, 10 MB, bombs) are generated here
and checked through the real CLI in a subprocess: one line per problem, a summary, no traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from check_cli import run_check

from tutor.course.check import check_paths

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
BROKEN = FIXTURES / "broken"
EXPECTED = (FIXTURES / "broken.expected").read_text(encoding="utf-8").splitlines()
PROBLEM_LINE = re.compile(r"^(?P<file>[^:]+\.md):(?P<line>[1-9][0-9]*): (?P<message>\S.*)$")
SUMMARY = re.compile(r"^\d+ lessons, \d+ widgets, \d+ quizzes: (OK|1 problem|\d+ problems)$")
HEAD = "---\ntitle: T\n---\n\n"
"""Front matter of a generated lesson: the first fence is on line 5, its body starts on line 6."""


def problems_in(path: Path) -> list[str]:
    """The problems `check` reports for one file, with the path shown as `F`."""
    return [str(p).replace(str(path), "F", 1) for p in check_paths([path]).problems]


def lesson(tmp_path: Path, text: str, name: str = "01-broken.md") -> Path:
    """Write a lesson file under tmp_path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the broken folder, through the CLI and file by file ---------------------------------------


def test_check_on_the_broken_folder_prints_each_problem_then_a_summary() -> None:
    result = run_check("broken", cwd=FIXTURES)
    assert result.returncode == 1
    assert result.stderr == ""
    assert result.stdout.splitlines() == EXPECTED


def test_the_summary_counts_lessons_widgets_quizzes_and_problems() -> None:
    *problems, summary = EXPECTED
    lessons = len(list(BROKEN.glob("*.md")))
    assert summary == f"{lessons} lessons, 3 widgets, 0 quizzes: {len(problems)} problems"
    assert len(problems) == 85


@pytest.mark.parametrize("name", sorted(p.name for p in BROKEN.glob("*.md")))
def test_each_broken_file_reports_its_own_problems(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURES)
    report = check_paths([Path("broken") / name])
    expected = [line for line in EXPECTED if line.startswith(f"broken/{name}:")]
    assert expected, "every broken fixture has at least one problem"
    assert [str(problem) for problem in report.problems] == expected
    assert report.lessons == 1


def test_every_problem_is_one_line_pointing_inside_its_file() -> None:
    *problems, summary = EXPECTED
    assert SUMMARY.match(summary)
    for line in problems:
        match = PROBLEM_LINE.match(line)
        assert match, line
        length = len((FIXTURES / match["file"]).read_text(encoding="utf-8").splitlines())
        assert 1 <= int(match["line"]) <= max(length, 1), line
        assert "Traceback" not in line


def test_a_problem_points_at_the_offending_key_not_the_fence() -> None:
    # 09-curve.md: the fence of the 'x out of range' curve is line 22, its `x:` key line 24.
    text = (BROKEN / "09-curve.md").read_text(encoding="utf-8").splitlines()
    assert text[21] == "```curve"
    assert text[23] == "x: 5"
    assert "broken/09-curve.md:24: 'x' (5) must lie within the range [0, 2]" in EXPECTED


# --- hostile files, through the CLI ------------------------------------------------------------

DEEP_PARENS = "(" * 10_000 + "1" + ")" * 10_000
HOSTILE: list[tuple[str, bytes, list[str]]] = [
    (
        "binary",
        b"---\ntitle: T\n---\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8",
        ["F:6: not a text file (it holds NUL bytes)"],
    ),
    (
        "not-utf8",
        HEAD.encode() + b"fine\n\xff\xfe not UTF-8\n",
        ["F:6: not UTF-8: invalid byte 0xff"],
    ),
    (
        "latin1",
        "---\ntitle: Caf\xe9\n---\n".encode("latin-1"),
        ["F:2: not UTF-8: invalid byte 0xe9"],
    ),
    (
        "ten-mb",
        HEAD.encode() + b"x" * 10_000_000,
        ["F:1: file is too large (10.01 MB; a lesson may be at most 1 MB)"],
    ),
    (
        "power-tower",
        (
            HEAD + "```neuron\ninputs: {a: 2}\nf: 9**9**9**9\n```\n\n"
            "```quiz\nid: q\nquestion: Q\nanswer: 9**9**9**9\n```\n"
        ).encode(),
        [
            "F:7: 'f' is not a finite number at the start inputs: number too large (overflow)",
            "F:13: 'answer' is not a finite number: number too large (overflow)",
        ],
    ),
    (
        "ten-thousand-parens",
        (
            HEAD + f"```quiz\nid: q\nquestion: Q\nanswer: {DEEP_PARENS}\n```\n\n"
            f"```curve\nf: {DEEP_PARENS.replace('1', 'x')}\nx: 1\nrange: [0, 2]\n```\n"
        ).encode(),
        [
            "F:8: 'answer': column 501: expression is too long (20001 characters; at most 500)",
            "F:12: 'f': column 501: expression is too long (20001 characters; at most 500)",
        ],
    ),
    (
        "deep-yaml",
        (HEAD + "```neuron\ninputs: " + "[" * 10_000 + "\n```\n").encode(),
        ["F:6: neuron: YAML is nested more than 32 levels deep"],
    ),
    (
        "huge-numbers",
        (
            HEAD + "```neuron\ninputs: {a: .nan, b: 2}\nstep: 1e999\nh: .inf\nf: b\n```\n\n"
            "```quiz\nid: q\nquestion: Q\nanswer: 1e308 * 10\n```\n"
        ).encode(),
        [
            "F:6: input 'a' must be a number, not 'nan'",
            "F:7: 'step' must be a number, not '1e999'",
            "F:8: 'h' must be a number, not 'inf'",
            "F:15: 'answer' is not a finite number: number too large (overflow)",
        ],
    ),
]


@pytest.mark.parametrize(
    ("content", "expected"), [(c, e) for _, c, e in HOSTILE], ids=[n for n, _, _ in HOSTILE]
)
def test_hostile_files_give_one_line_per_problem_and_no_traceback(
    tmp_path: Path, content: bytes, expected: list[str]
) -> None:
    (tmp_path / "01-hostile.md").write_bytes(content)
    result = run_check("01-hostile.md", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ""
    assert "Traceback" not in result.stdout
    lines = result.stdout.replace("01-hostile.md", "F").splitlines()
    assert lines[:-1] == expected
    count = len(expected)
    assert lines[-1] == f"1 lessons, 0 widgets, 0 quizzes: {count} problem{'s' * (count > 1)}"


def test_a_one_megabyte_line_is_refused_as_too_large(tmp_path: Path) -> None:
    lesson(tmp_path, HEAD + "y" * 1_048_576 + "\n", "01-long.md")
    result = run_check("01-long.md", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ""
    first, summary = result.stdout.splitlines()
    assert first.startswith("01-long.md:1: file is too large (")
    assert summary == "1 lessons, 0 widgets, 0 quizzes: 1 problem"


def test_the_too_large_message_shows_a_size_above_the_limit(tmp_path: Path) -> None:
    path = lesson(tmp_path, HEAD + "y" * 1_048_576 + "\n", "01-long.md")
    (message,) = problems_in(path)
    shown = re.search(r"\(([0-9.]+) MB", message)
    assert shown is not None
    assert float(shown[1]) > 1.0, message


def test_hostile_markdown_is_refused_at_its_line(tmp_path: Path) -> None:
    text = HEAD + ">" * 10_000 + " deep quote\n\n" + "- " * 5_000 + "deep list\n\n"
    lesson(tmp_path, text + "z" * 900_000 + "\n", "01-deep.md")
    result = run_check("01-deep.md", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")  # a page too big to show (issue 15)
    assert result.stdout.splitlines() == [
        "01-deep.md:5: a line longer than 1000 characters; break it up",
        "1 lessons, 0 widgets, 0 quizzes: 1 problem",
    ]


def test_missing_paths_and_empty_folders_are_problems_not_crashes(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run_check("nope.md", "empty", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "nope.md:1: no such lesson file or folder",
        "empty:1: no lessons here (no .md files, nor language folders)",
        "0 lessons, 0 widgets, 0 quizzes: 2 problems",
    ]


def test_crlf_line_endings_and_a_byte_order_mark_keep_line_numbers(tmp_path: Path) -> None:
    text = "\ufeff" + (HEAD + "```quiz\nid: q\nquestion: Q\nanswer: x\n```\n").replace("\n", "\r\n")
    path = tmp_path / "01-crlf.md"
    path.write_bytes(text.encode("utf-8"))
    assert problems_in(path) == [
        "F:8: 'answer': column 1: unknown name 'x' (allowed names: pi, e; functions: exp, log, "
        "sqrt, sin, cos, tanh, sigmoid, relu, abs, max, min)"
    ]


# --- problems found while writing these tests, now fixed ------------------------------------


def test_a_duplicate_widget_id_is_reported(tmp_path: Path) -> None:
    text = HEAD + "```neuron\nid: gate\ninputs: {a: 1, b: 2}\n```\n\n## Two\n\n"
    path = lesson(tmp_path, text + "```quiz\nid: gate\nquestion: Q\nanswer: 1\n```\n")
    (problem,) = problems_in(path)
    assert "duplicate id 'gate'" in problem


def test_a_duplicate_widget_id_points_at_the_id_keys(tmp_path: Path) -> None:
    text = HEAD + "```neuron\nid: gate\ninputs: {a: 1, b: 2}\n```\n\n## Two\n\n"
    path = lesson(tmp_path, text + "```quiz\nquestion: Q\nid: gate\nanswer: 1\n```\n")
    assert problems_in(path) == ["F:14: duplicate id 'gate' (first used at line 6)"]


def test_a_bad_input_value_is_one_problem_not_two(tmp_path: Path) -> None:
    path = lesson(tmp_path, HEAD + "```neuron\ninputs:\n  a: two\n  b: 2\n```\n")
    assert problems_in(path) == ["F:7: input 'a' must be a number, not 'two'"]


def test_a_bad_correct_value_is_one_problem_not_two(tmp_path: Path) -> None:
    body = "id: q\nquestion: Q\nchoices:\n  - {text: A, correct: 'yes'}\n  - {text: B}\n"
    path = lesson(tmp_path, HEAD + "```quiz\n" + body + "```\n")
    assert problems_in(path) == ["F:9: 'correct' must be true or false, not 'yes'"]


def test_a_mark_where_f_is_not_finite_points_at_the_mark(tmp_path: Path) -> None:
    body = "f: log(x)\nx: 1\nrange: [0, 2]\nmarks:\n  A: 1\n  B: 0\n"
    path = lesson(tmp_path, HEAD + "```curve\n" + body + "```\n")
    assert problems_in(path) == [
        "F:11: 'marks' is not a finite number at mark 'B': log needs a positive number (got 0)"
    ]


ORDER_CASES = {
    "replay-before-later-format-problem": HEAD
    + "```neuron\ninputs: {a: 2, b: -3}\nexpect:\n  - {do: gradient, output: -5}\n```\n\n"
    + "```quiz\nid: q\nquestion: Q\n```\n",
    "output-before-inputs": HEAD
    + "```neuron\ninputs: {a: 2, b: -3}\nexpect:\n  - do: gradient\n    output: -5\n"
    + "    inputs: {a: 0}\n```\n",
    "front-matter": "---\ntitle: [T]\nauthor: me\n---\n\nText.\n",
}


@pytest.mark.parametrize("text", ORDER_CASES.values(), ids=list(ORDER_CASES))
def test_problems_come_in_file_order(tmp_path: Path, text: str) -> None:
    path = lesson(tmp_path, text)
    lines = [int(problem.split(":")[1]) for problem in problems_in(path)]
    assert len(lines) == 2
    assert lines == sorted(lines)
