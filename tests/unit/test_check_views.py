"""`check` on the neuron's view keys: `plot: history | plane | table | true | false` and `window`.

Every bad value is one `FILE:LINE: message` at the key's line; good values reach the spec, and a
lesson without them keeps the defaults (history view, automatic window).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.course.check import check_paths
from tutor.course.model import NeuronSpec
from tutor.course.parser import parse_lesson

HEAD = "---\ntitle: T\n---\n\n```neuron\n"
"""The neuron's body starts on line 6."""


def problems(tmp_path: Path, body: str) -> list[str]:
    """The problems `check` reports for a lesson with one neuron of this body."""
    path = tmp_path / "01-views.md"
    path.write_text(HEAD + body + "```\n", encoding="utf-8")
    return [str(p).replace(str(path), "F", 1) for p in check_paths([path]).problems]


def neuron(tmp_path: Path, body: str) -> NeuronSpec:
    """The spec of a lesson's one neuron (the lesson must be valid)."""
    path = tmp_path / "01-views.md"
    path.write_text(HEAD + body + "```\n", encoding="utf-8")
    assert check_paths([path]).problems == []
    lesson = parse_lesson(path)
    [spec] = [b for page in lesson.pages for b in page.blocks if isinstance(b, NeuronSpec)]
    return spec


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "inputs: {a: 1, b: 2}\nplot: contour\n",
            "F:7: 'plot' must be true, false or one of history, plane, table, not 'contour'",
        ),
        (
            "inputs: {x: 1}\nf: x * x\nplot: plane\n",
            "F:8: 'plot: plane' needs a neuron with at least two inputs",
        ),
        (
            "inputs: {a: 1, b: 2}\nwindow: {a: [0, 2], c: [0, 1]}\n",
            "F:7: 'window' names 'c', which is not an input of the neuron",
        ),
        (
            "inputs: {a: 1, b: 2}\nwindow: {a: [2, 0]}\n",
            "F:7: 'window' of 'a' must have lo < hi, not [2, 0]",
        ),
        (
            "inputs: {a: 1, b: 2}\nwindow: {b: 3}\n",
            "F:7: 'window' of 'b' must be two numbers [lo, hi]",
        ),
        ("inputs: {a: 1, b: 2}\nwindow: [0, 1]\n", "F:7: 'window' must be a mapping, not a list"),
    ],
)
def test_bad_view_keys_are_one_line_each(tmp_path: Path, body: str, expected: str) -> None:
    assert problems(tmp_path, body) == [expected]


def test_defaults_keep_every_existing_lesson_as_it_was(tmp_path: Path) -> None:
    spec = neuron(tmp_path, "inputs: {a: 1, b: 2}\n")
    assert (spec.plot, spec.view, spec.window) == (True, "history", {})
    spec = neuron(tmp_path, "inputs: {a: 1, b: 2}\nplot: false\n")
    assert spec.plot is False
    spec = neuron(tmp_path, "inputs: {a: 1, b: 2}\nplot: true\n")
    assert (spec.plot, spec.view) == (True, "history")


@pytest.mark.parametrize("view", ["history", "plane", "table"])
def test_a_lesson_chooses_the_first_view(tmp_path: Path, view: str) -> None:
    spec = neuron(tmp_path, f"inputs: {{a: 1, b: 2}}\nplot: {view}\n")
    assert (spec.plot, spec.view) == (True, view)


def test_a_lesson_fixes_the_plane_window(tmp_path: Path) -> None:
    spec = neuron(
        tmp_path, "inputs: {a: 5, b: 6}\nplot: plane\nwindow: {a: [0, 10], b: [-1, 8.5]}\n"
    )
    assert spec.window == {"a": (0.0, 10.0), "b": (-1.0, 8.5)}
