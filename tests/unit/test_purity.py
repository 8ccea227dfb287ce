"""The pure core imports no Textual: `tutor.course`, `maths`, `progress` and `tutor.sandbox`.

The modules are discovered with pkgutil, so a new module is covered without editing this test.
Each import runs in a fresh interpreter: in this one, other tests have long imported Textual.
"""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import tutor.course
import tutor.maths
import tutor.progress

REPO = Path(__file__).resolve().parents[2]
PURE_PACKAGES = (tutor.course, tutor.maths, tutor.progress)
PURE_MODULES = ("tutor.sandbox",)
"""Pure modules that are not packages."""


def pure_modules() -> list[str]:
    """Every module name under the pure packages, the packages included, and the pure modules."""
    names = [package.__name__ for package in PURE_PACKAGES] + list(PURE_MODULES)
    for package in PURE_PACKAGES:
        prefix = package.__name__ + "."
        names += [info.name for info in pkgutil.walk_packages(package.__path__, prefix)]
    return names


def textual_loaded_after_importing(modules: list[str]) -> list[str]:
    """The Textual modules present in a fresh interpreter after importing `modules`."""
    code = (
        f"import importlib\nfor name in {modules!r}:\n    importlib.import_module(name)\n"
        "import sys\n"
        "print('\\n'.join(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))"
    )
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
    return result.stdout.split()


def test_discovery_finds_the_core_modules() -> None:
    names = pure_modules()
    for expected in (
        "tutor.course.parser",
        "tutor.course.check",
        "tutor.course.grading",
        "tutor.sandbox",
        "tutor.progress",
        "tutor.progress.store",
        "tutor.progress.db",
        "tutor.progress.export",
        "tutor.maths.expr",
        "tutor.maths.nudges",
    ):
        assert expected in names


def test_the_whole_pure_core_imports_no_textual() -> None:
    assert textual_loaded_after_importing(pure_modules()) == []


@pytest.mark.parametrize("module", pure_modules())
def test_each_core_module_imports_no_textual(module: str) -> None:
    assert textual_loaded_after_importing([module]) == []


def test_the_check_proves_something_by_seeing_textual_when_it_is_imported() -> None:
    assert "textual.app" in textual_loaded_after_importing(["textual.app"])
