"""Terminal escapes in a lesson, a code cell's output or progress never reach the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from ssh_helpers import ROOT, reader_command, tmux

from tutor.course.model import MarkdownBlock, QuizSpec
from tutor.course.parser import parse_lesson
from tutor.textsafe import visible_controls

pytestmark = pytest.mark.abuse

ESC = "\x1b"
HOSTILE_LESSON = f"""\
---
title: "Escapes {{TITLE}}"
---
Retitle {ESC}]0;PWNED-TITLE{ESC}\\ and clipboard {ESC}]52;c;cHduZWQ={ESC}\\ here.

Clear {ESC}[2J and a link {ESC}]8;;http://evil.example/{ESC}\\x{ESC}]8;;{ESC}\\ and &#27;[2J too.

```quiz
id: q
question: "Pick \\e]0;PWNED-QUIZ\\a one"
choices:
  - {{text: "yes \\x1b[2J", correct: true}}
  - {{text: "no"}}
```

```python run
print("\\x1b]0;PWNED-CELL\\x1b\\\\", end="")
print("cell-ran", 6 * 7)
```
"""


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "01-escapes.md"
    path.write_text(HOSTILE_LESSON.replace("{TITLE}", ""), encoding="utf-8")
    return path


def test_visible_controls_keeps_tab_and_newline_and_shows_the_rest() -> None:
    assert visible_controls("a\tb\nc") == "a\tb\nc"
    assert visible_controls("\x1b]0;t\x07\x9b2J\x00\x7f") == "␛]0;t␇\\x9b2J␀␡"


def test_the_parser_reports_every_escape_and_makes_it_visible(tmp_path: Path) -> None:
    lesson = parse_lesson(_write(tmp_path))
    lines = sorted(problem.line for problem in lesson.problems)
    assert lines == [4, 6, 10, 12], [str(p) for p in lesson.problems]
    assert all("control character" in p.message for p in lesson.problems)
    blocks = lesson.pages[0].blocks
    text = "".join(block.text for block in blocks if isinstance(block, MarkdownBlock))
    assert ESC not in text and "␛]0;PWNED-TITLE" in text
    assert "␛[2J too" in text  # the character reference, too
    [quiz] = [block for block in blocks if isinstance(block, QuizSpec)]  # not broken
    assert ESC not in quiz.question and "\x07" not in quiz.question
    assert all(ESC not in choice.text for choice in quiz.choices)


def test_check_fails_on_escapes(tmp_path: Path) -> None:
    path = _write(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "tutor", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 1
    assert f"{path}:4: a control character" in result.stdout
    assert ESC not in result.stdout


@pytest.mark.e2e
def test_the_reader_and_a_code_cell_cannot_retitle_or_clear_the_terminal(tmp_path: Path) -> None:
    path = _write(tmp_path)
    with tmux(reader_command(tmp_path, str(path)), 100, 40) as term:
        term.wait_for("Retitle", 30)
        term.keys("Tab")
        term.keys("Tab")
        term.keys("Tab")
        for _ in range(3):
            term.keys("Enter")
            if "cell-ran 42" in term.screen():
                break
            term.keys("Tab")
        term.wait_for("cell-ran 42")
        screen = term.wait_for("Retitle")  # the text was not cleared away
        title = term._tmux("display-message", "-p", "#{pane_title}")
        assert "PWNED" not in title, title
        assert "␛]0;PWNED-TITLE" in screen


def test_progress_output_shows_escapes_visibly(tmp_path: Path) -> None:
    from tutor.progress import ProgressStore

    with ProgressStore.open(home=tmp_path, learner="amy") as store:
        store.record_page(f"{ESC}]0;PWNED{ESC}\\", 0)
    result = subprocess.run(
        [sys.executable, "-m", "tutor", "progress", "--learner", "amy"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT), "BACKPROP_TUTOR_HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert ESC not in result.stdout
    assert "␛]0;PWNED" in result.stdout
