"""scripts/screenshot.py makes the README's screenshot: the neuron page with its plot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_screenshot_shows_the_neuron_and_its_plot(tmp_path: Path) -> None:
    output = tmp_path / "neuron.svg"
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "screenshot.py"), "--output", str(output)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    svg = output.read_text(encoding="utf-8").replace("&#160;", " ")
    assert svg.startswith("<svg")
    assert "neuron (focused)" in svg
    assert "output f" in svg and "inputs" in svg  # the history view: output and inputs panels
    assert "50.84" in svg  # the keys were pressed: a = 6.2, b = 8.2


def test_the_committed_screenshot_is_the_neuron_page() -> None:
    svg = (REPO / "docs" / "images" / "neuron.svg").read_text(encoding="utf-8")
    assert "output f" in svg.replace("&#160;", " ")
    assert "](docs/images/neuron.svg)" in (REPO / "README.md").read_text(encoding="utf-8")
