"""Run `backprop-tutor check` the way an author does: a subprocess, from a folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_check(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `python -m tutor check ARGS` from `cwd`; the result, whatever the exit code."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "tutor", "check", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
