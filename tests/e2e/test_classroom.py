"""Teaching a class over real SSH: a teacher's course, a roster, and `class --json` live.

Two learners on the roster connect with the OpenSSH client (127.0.0.1 only) to the real
reader serving a one-quiz course; each answers; while the server runs, `backprop-tutor class
--json` shows both by name with their counts. A key not on the roster, and a client with no
key, are told why in one line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ssh_helpers import ROOT, Server, Servers, make_key, run_ssh, ssh_argv, tmux

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

COURSE = """---
title: Which way
id: tiny
---

The neuron's output is a times b.

```quiz
id: way
question: With b = 6, which way does the output move when a grows?
choices:
  - text: Up
    correct: true
  - text: Down
```
"""


def roster_line(key: Path, name: str) -> str:
    """The key's public half with `name` as its comment."""
    kind, data, *_ = Path(f"{key}.pub").read_text().split()
    return f"{kind} {data} {name}\n"


def class_json(server: Server, course: Path) -> dict[str, Any]:
    """`backprop-tutor class COURSE --json` over the server's data folder."""
    env = {**os.environ, "BACKPROP_TUTOR_HOME": str(server.home), "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "tutor", "class", str(course), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    data: dict[str, Any] = json.loads(out.stdout)
    return data


def answer(term: Any, *choices: str) -> None:
    """Focus the quiz and answer with each choice in turn, waiting for its feedback."""
    term.wait_for("which way does the output", 90)
    term.keys("Tab")
    for choice in choices:
        term.keys(choice, "Enter")
        term.wait_for(f"✓ Right: {choice})" if choice == "1" else f"✗ Not {choice})", 40)


def test_two_named_learners_show_in_the_class_view(servers: Servers, tmp_path: Path) -> None:
    course = tmp_path / "course.md"
    course.write_text(COURSE)
    li, ann = make_key(tmp_path, "li"), make_key(tmp_path, "ann")
    roster = tmp_path / "roster.txt"
    roster.write_text("# class 3B\n" + roster_line(li, "Li Lei") + roster_line(ann, "Ann"))
    server = servers.ssh(str(course), "--roster", str(roster), script=None)
    assert "1 lessons, 0 widgets, 1 quizzes: OK" in server.output()
    with tmux(ssh_argv(server, li)) as li_term, tmux(ssh_argv(server, ann)) as ann_term:
        answer(li_term, "2", "1")
        answer(ann_term, "1")
        data = class_json(server, course)  # both sessions are still open
    learners = {row["name"]: row for row in data["learners"]}
    assert set(learners) == {"Li Lei", "Ann"}
    assert learners["Li Lei"]["learner"] == "name:Li Lei"
    assert (learners["Li Lei"]["quizzes_right"], learners["Li Lei"]["quizzes_tried"]) == (1, 1)
    assert (learners["Ann"]["quizzes_right"], learners["Ann"]["quizzes_tried"]) == (1, 1)
    assert learners["Ann"]["lesson"] == "tiny" and learners["Ann"]["pages_seen"] == 1
    (quiz,) = data["quizzes"]
    assert (quiz["tried"], quiz["right_first"], quiz["right"], quiz["answers"]) == (2, 1, 2, 3)
    assert quiz["common_wrong"] == [{"answer": "2) Down", "learners": 1}]
    assert data["lessons"] == [
        {"lesson": "tiny", "title": "Which way", "started": 2, "all_pages": 2, "done": 2}
    ]


@pytest.mark.abuse
def test_keys_not_on_the_roster_are_told_why(servers: Servers, tmp_path: Path) -> None:
    listed, stranger = make_key(tmp_path, "listed"), make_key(tmp_path, "stranger")
    roster = tmp_path / "roster.txt"
    roster.write_text(roster_line(listed, "Li Lei"))
    server = servers.ssh("--roster", str(roster))
    refused = run_ssh(ssh_argv(server, stranger, "-tt", batch=False))
    assert refused.returncode == 1
    assert "is not on this class's roster" in refused.stdout + refused.stderr
    keyless = run_ssh(ssh_argv(server, None, "-tt", batch=False))
    assert "this class needs an SSH key" in keyless.stdout + keyless.stderr
    assert keyless.returncode == 1
    held = run_ssh(ssh_argv(server, stranger, "-N", batch=False), timeout=30)
    assert held.returncode == 255  # no session asked for: the server closes it after 5 s
    assert "Traceback" not in server.output()


def test_a_course_with_problems_is_not_served(tmp_path: Path) -> None:
    course = tmp_path / "broken.md"
    course.write_text(COURSE.replace("correct: true", "correct: maybe"))
    env = {**os.environ, "BACKPROP_TUTOR_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "tutor", "serve", "ssh", str(course), "--open", "--port", "1"]
    out = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1
    assert f"{course}:" in out.stdout and "problem" in out.stdout
    assert "--allow-problems" in out.stderr
    assert "Traceback" not in out.stdout + out.stderr


@pytest.mark.abuse
def test_a_client_with_several_keys_gets_in_with_its_listed_one(
    servers: Servers, tmp_path: Path
) -> None:
    listed, stranger = make_key(tmp_path, "listed"), make_key(tmp_path, "stranger")
    roster = tmp_path / "roster.txt"
    roster.write_text(roster_line(listed, "Li Lei"))
    server = servers.ssh("--roster", str(roster))
    with tmux(ssh_argv(server, stranger, "-i", str(listed))) as term:
        term.wait_for("learner=name:Li Lei", 30)
