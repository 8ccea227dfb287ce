"""The maths engine stays pure: no Textual, and never Python's own evaluator."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import tutor.maths

MATHS = Path(tutor.maths.__file__).parent
# A bare eval/exec/compile call or the ast module (re.compile is fine).
FORBIDDEN = re.compile(r"(?<![\w.])(?:eval|exec|compile)\(|^\s*(?:import|from) ast\b", re.M)


def test_importing_the_maths_engine_does_not_import_textual() -> None:
    code = "import sys, tutor.maths.nudges; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_the_expression_language_never_uses_eval_exec_compile_or_ast() -> None:
    for path in MATHS.glob("*.py"):
        found = FORBIDDEN.search(path.read_text(encoding="utf-8"))
        assert found is None, f"{path.name} uses {found.group()}"
