"""Run Python code in a fresh interpreter with this checkout first on its path.

For tests about what importing does (which modules load): in the test process, other tests
have long imported everything.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_fresh(code: str) -> str:
    """What `code` prints, run by `python -c` in a fresh interpreter from the checkout; the
    test fails with the interpreter's stderr when the code fails."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout
