"""The neuron's views and the curve as a learner meets them: tmux at 80x24, keys typed, the screen
read back. The plane (labelled level curves, path, gradient arrow) from (5, 6) and (−5, −6); the
history's labelled series; the curve's point kept on screen at the overshoot; and every number of
a neuron read off the screen and compared with the engine's (lesson 6's `(x + y) * z` after `g`,
a five-input neuron)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ssh_helpers import reader_command, tmux

from tutor.maths.expr import parse
from tutor.maths.nudges import NeuronState
from tutor.maths.numfmt import fmt

pytestmark = pytest.mark.e2e

LEVEL_LABEL = re.compile(r"(?<![\d.])(20|25|30|35|40)(?![\d.])")


def lesson(tmp_path: Path, body: str, name: str = "01-plots.md") -> Path:
    """A one-page lesson holding one widget."""
    path = tmp_path / name
    path.write_text(f"---\ntitle: Plots\nid: plots\n---\n\n{body}", encoding="utf-8")
    return path


def reader(home: Path, path: Path) -> list[str]:
    """The reader on one lesson file, in a 256-colour terminal, with its own data folder."""
    return reader_command(home, "--lang", "en", str(path), term="xterm-256color")


def plot_rows(screen: str) -> list[str]:
    """The rows of the screen inside a plot frame (between `┌` and `└`)."""
    rows = screen.splitlines()
    top = next(i for i, row in enumerate(rows) if "┌" in row)
    bottom = next(i for i, row in enumerate(rows) if "└" in row and i > top)
    return rows[top + 1 : bottom]


@pytest.mark.parametrize(("start", "arrow"), [((5, 6), "↗"), ((-5, -6), "↙")])
def test_the_plane_at_80x24(tmp_path: Path, start: tuple[int, int], arrow: str) -> None:
    body = f"```neuron\ninputs: {{a: {start[0]}, b: {start[1]}}}\nseed: 3\n```\n"
    with tmux(reader(tmp_path, lesson(tmp_path, body)), 80, 24) as term:
        term.wait_for("neuron")
        term.keys("Tab")
        term.wait_for("focused")
        term.keys("v")
        screen = term.wait_for("level curves of f")
        rows = plot_rows(screen)
        assert len(rows) >= 8
        labels = {match for row in rows for match in LEVEL_LABEL.findall(row)}
        assert {"25", "30", "35"} <= labels, screen
        assert sum(row.count("·") for row in rows) > 40  # the level curves themselves
        assert "●" in screen and arrow in screen
        term.keys("g")
        screen = term.wait_for("gradient: output")
        paths = [sum(row.count("•") for row in plot_rows(screen))]
        for key in ("g", "g", "r", "r", "r"):
            term.keys(key)
            term.wait_for("random nudge: output" if key == "r" else "gradient: output")
        screen = term.screen()
        paths.append(sum(row.count("•") for row in plot_rows(screen)))
        assert paths[1] > paths[0], screen  # r and g extend the path
        assert "Traceback" not in screen


def test_history_labels_the_output_and_each_input(tmp_path: Path) -> None:
    body = "```neuron\ninputs: {a: 5, b: 6}\n```\n"
    with tmux(reader(tmp_path, lesson(tmp_path, body)), 80, 24) as term:
        term.wait_for("neuron")
        term.keys("Tab")
        term.wait_for("focused")
        for _ in range(3):
            term.keys("g")
        screen = term.wait_for("output = 31.8")
        # At 80 columns a two-input neuron has a panel for each input, on its own y scale.
        assert "output f" in screen and "input a" in screen and "input b" in screen
        rows = plot_rows(screen)
        assert len(rows) >= 8
        assert sum(row.count("a") for row in rows) >= 4  # a's points, marked a
        assert sum(row.count("b") for row in rows) >= 4
        assert "●" in screen


def test_the_curve_keeps_its_point_at_the_overshoot(tmp_path: Path) -> None:
    body = (
        "```curve\nf: 4 - (x - 2)**2\nx: 1\nstep: 2\nrange: [-0.5, 4.5]\n"
        "marks: {A: 1, B: 2, C: 3}\n```\n"
    )
    with tmux(reader(tmp_path, lesson(tmp_path, body)), 80, 24) as term:
        term.wait_for("(x - 2)²")
        term.keys("Tab")
        term.wait_for("focused")
        term.keys("g")
        term.wait_for("y = -5")
        term.keys("g")
        screen = term.wait_for("y = -77")
        assert "●" in "\n".join(plot_rows(screen)), screen
        assert not re.search(r"\de\d", screen)  # plain axis labels, never 4e0


def numbers_on(screen: str, name: str) -> list[str]:
    """Every number shown after `name = ` on the screen (cut numbers would show short)."""
    return re.findall(rf"(?<![\w∂/]){re.escape(name)} = (-?[\d.]+(?:e-?\d+)?)", screen)


@pytest.mark.parametrize(
    ("inputs", "f", "keys"),
    [
        ({"x": -2.0, "y": 5.0, "z": -4.0}, "(x + y) * z", "g"),
        (
            {"x1": -1.234567, "x2": 2.345678, "x3": -3.456789, "x4": 4.567891, "x5": -5.678912},
            "x1 * x2 + x3 * x4 - x5 * x1 + tanh(x2 * x3) + sigmoid(x4 + x5)",
            "gg",
        ),
    ],
    ids=["lesson-6-xyz", "five-inputs"],
)
def test_every_number_read_off_the_screen_is_the_engine_s(
    tmp_path: Path, inputs: dict[str, float], f: str, keys: str
) -> None:
    values = ", ".join(f"{name}: {value}" for name, value in inputs.items())
    body = f"```neuron\ninputs: {{{values}}}\nf: {f}\n```\n"
    state = NeuronState(parse(f, list(inputs)), inputs)
    for _ in keys:
        state.gradient_step()
    with tmux(reader(tmp_path, lesson(tmp_path, body)), 80, 24) as term:
        term.wait_for("neuron")
        term.keys("Tab")
        term.wait_for("focused")
        for key in keys:
            term.keys(key)
        screen = term.wait_for(f"output = {fmt(state.output)}")
        assert numbers_on(screen, "output") == [fmt(state.output)]
        for name, value in state.inputs.items():
            assert numbers_on(screen, name) == [fmt(value)], screen
            assert numbers_on(screen, f"∂f/∂{name}") == [fmt(state.gradient[name])], screen
