"""The wheel ships the course: an installed (non-editable) backprop-tutor finds tutor/_lessons.

The wheel is built from this checkout (offline: `--no-build-isolation --no-index`, hatchling is
in the dev venv) and installed with `pip --python` into a fresh venv in a temporary folder. The
runtime dependencies (Textual, plotext, ...) come from the dev venv through a .pth file: a path
line in a .pth adds that folder only, so the dev venv's editable hook for this checkout is not
processed and the source tree cannot leak in. The installed `backprop-tutor check` then runs from
a folder outside the repository.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
LESSONS = REPO / "lessons"


@dataclass(frozen=True)
class Installed:
    """A fresh venv with the wheel installed."""

    wheel: Path
    root: Path
    python: Path
    script: Path


def run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing its output as text."""
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def clean_env() -> dict[str, str]:
    """The environment without anything pointing Python at the source tree."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build the wheel once and install it into a fresh venv."""
    base = tmp_path_factory.mktemp("packaging")
    dist = base / "dist"
    pip = [sys.executable, "-m", "pip"]
    built = run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
                 "-w", str(dist), str(REPO)], cwd=base)  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("backprop_tutor-*.whl")
    root = base / "venv"
    venv.EnvBuilder(with_pip=False).create(root)
    python = root / "bin" / "python"
    site = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], base
    )
    deps = sysconfig.get_paths()["purelib"]
    (Path(site.stdout.strip()) / "dev_dependencies.pth").write_text(deps + "\n", encoding="utf-8")
    install = run([*pip, "--python", str(python), "install", "--no-deps", "--no-index", "-q",
                   str(wheel)], cwd=base)  # fmt: skip
    assert install.returncode == 0, install.stderr
    return Installed(wheel, root, python, root / "bin" / "backprop-tutor")


def test_the_wheel_contains_every_bundled_lesson(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        shipped = {
            name.removeprefix("tutor/_lessons/"): wheel.read(name)
            for name in wheel.namelist()
            if name.startswith("tutor/_lessons/")
        }
    source = {str(p.relative_to(LESSONS)): p.read_bytes() for p in LESSONS.glob("*/*.md")}
    assert shipped == source
    assert any(name.startswith("en/") for name in shipped)
    assert any(name.startswith("zh/") for name in shipped)


def test_the_installed_package_is_not_the_source_tree(installed: Installed, tmp_path: Path) -> None:
    code = (
        "import tutor; from tutor.course.parser import bundled_lessons; "
        "print(tutor.__file__); print(bundled_lessons())"
    )
    result = run([str(installed.python), "-c", code], cwd=tmp_path, env=clean_env())
    assert result.returncode == 0, result.stderr
    package, lessons = (Path(line) for line in result.stdout.splitlines())
    assert package.is_relative_to(installed.root) and not package.is_relative_to(REPO)
    assert lessons == package.parent / "_lessons"


def test_the_installed_check_finds_the_bundled_course(installed: Installed, tmp_path: Path) -> None:
    shipped = run([str(installed.script), "check"], cwd=tmp_path, env=clean_env())
    env = {**clean_env(), "PYTHONPATH": str(REPO)}
    source = run([sys.executable, "-m", "tutor", "check"], cwd=REPO, env=env)
    assert (shipped.stderr, source.stderr) == ("", "")
    site_lessons = run(
        [
            str(installed.python),
            "-c",
            "from tutor.course.parser import bundled_lessons as b; print(b())",
        ],
        cwd=tmp_path,
        env=clean_env(),
    ).stdout.strip()
    assert shipped.stdout.replace(site_lessons, "LESSONS") == source.stdout.replace(
        str(LESSONS), "LESSONS"
    )
    assert shipped.returncode == source.returncode
    assert shipped.stdout.splitlines()[-1].startswith(
        f"{len(list(LESSONS.glob('*/*.md')))} lessons"
    )
