"""The pure core imports no Textual: `tutor.course`, `maths`, `progress` and `tutor.sandbox`.

The modules are discovered with pkgutil, so a new module is covered without editing this test.
Each import runs in a fresh interpreter: in this one, other tests have long imported Textual.
"""

from __future__ import annotations

import pkgutil

import pytest
from fresh_python import run_fresh

import tutor.course
import tutor.maths
import tutor.progress

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


def textual_loaded_after_importing(
    modules: list[str], packages: tuple[str, ...] = ("textual",)
) -> list[str]:
    """The modules of `packages` (Textual by default) present in a fresh interpreter after
    importing `modules`."""
    code = (
        f"import importlib\nfor name in {modules!r}:\n    importlib.import_module(name)\n"
        "import sys\n"
        f"print('\\n'.join(m for m in sys.modules if m.split('.')[0] in {packages!r}))"
    )
    return run_fresh(code).split()


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


PLOT_DESCRIPTION = ["tutor.maths.plotdesc", "tutor.maths.neuronplots"]
"""The pure description of the widgets' plots: what to draw, never how."""


def test_the_plot_description_imports_no_textual_rich_or_plotext() -> None:
    assert set(PLOT_DESCRIPTION) <= set(pure_modules())
    drawing = ("textual", "rich", "plotext")
    assert textual_loaded_after_importing(PLOT_DESCRIPTION, drawing) == []


def test_the_neuron_s_view_module_imports_no_textual() -> None:
    assert textual_loaded_after_importing(["tutor.widgets.neuron_view"]) == []


def test_the_drawing_check_sees_rich_and_plotext_when_they_are_imported() -> None:
    found = textual_loaded_after_importing(["rich.text", "plotext"], ("rich", "plotext"))
    assert "rich.text" in found and "plotext" in found
