"""`backprop-tutor PATH --watch` in a real terminal: an author edits the lesson beside the reader.

Each save is written as editors do it: to a temporary file renamed over the lesson (vim, VS
Code, most editors) or in place. The reader must show the new text on the same page, a broken
save as an error box, and recover on the next good save. Waits are condition-based; the reload
latency is measured by benchmarks/bench_watch.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ssh_helpers import reader_command, tmux

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

LESSON = """\
---
title: Watched lesson
---
The first page.

## Second page

The original sentence.

```neuron
id: gate
inputs: {a: 2, b: -3}
```

## Third page

The end.
"""


def save(path: Path, text: str, *, atomic: bool) -> None:
    """Save as an editor does: a temporary file renamed over the lesson, or in place."""
    if atomic:
        temporary = path.with_name(f".{path.name}.swp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    else:
        path.write_text(text, encoding="utf-8")


def test_edits_show_on_the_same_page_and_a_broken_save_recovers(tmp_path: Path) -> None:
    lesson = tmp_path / "lesson.md"
    lesson.write_text(LESSON, encoding="utf-8")
    command = reader_command(tmp_path / "home", str(lesson), "--watch")
    with tmux(command, 80, 24) as term:
        term.wait_for("The first page.")
        term.keys("Space")
        term.wait_for("page 2/3")
        term.wait_for("The original sentence.")

        save(lesson, LESSON.replace("original", "edited"), atomic=True)
        screen = term.wait_for("The edited sentence.")
        assert "page 2/3" in screen

        save(lesson, LESSON.replace("id: gate", "id: gate\nstepp: 0.1"), atomic=False)
        screen = term.wait_for("Error in this lesson")
        squeezed = "".join(screen.replace("┃", "").split())  # the box wraps where it likes
        assert "lesson.md:12:unknownkey'stepp'inaneuron:didyoumean'step'?" in squeezed
        assert "page 2/3" in screen

        save(lesson, LESSON.replace("original", "recovered"), atomic=True)
        screen = term.wait_for("The recovered sentence.")
        assert "Error in this lesson" not in screen
        assert "page 2/3" in screen
        assert "Traceback" not in screen


def test_check_in_a_terminal_points_at_the_key(tmp_path: Path) -> None:
    lesson = tmp_path / "lesson.md"
    lesson.write_text(LESSON.replace("id: gate", "id: gate\nstepp: 0.1"), encoding="utf-8")
    with tmux(reader_command(None, "check", str(lesson)), 100, 24) as term:
        screen = term.wait_for("1 lessons, 0 widgets, 0 quizzes: 1 problem")
        rows = [row.rstrip() for row in screen.splitlines()]
        at = rows.index("12 | stepp: 0.1")
        assert rows[at - 1 : at + 2] == ["   |", "12 | stepp: 0.1", "   | ^^^^^"]
