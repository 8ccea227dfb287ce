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
import tarfile
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


def test_the_wheel_carries_the_license(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        licences = [name for name in wheel.namelist() if name.endswith("/LICENSE")]
        assert licences and "MIT License" in wheel.read(licences[0]).decode()
        metadata = next(name for name in wheel.namelist() if name.endswith("/METADATA"))
        text = wheel.read(metadata).decode()
    assert "License-Expression: MIT" in text
    assert "Classifier: Programming Language :: Python :: 3.10" in text
    assert "Provides-Extra: dev" in text


def installed_command(
    installed: Installed, *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed `backprop-tutor ARGS` without a terminal (stdin /dev/null)."""
    return subprocess.run(
        [str(installed.script), *args],
        cwd=cwd,
        env={**clean_env(), **(env or {})},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_installed_command_names_a_mistyped_command(
    installed: Installed, tmp_path: Path
) -> None:
    result = installed_command(installed, "chek", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "backprop-tutor: unknown command 'chek' (did you mean 'check'?)\n"


def test_the_installed_reader_refuses_without_a_terminal(
    installed: Installed, tmp_path: Path
) -> None:
    result = installed_command(installed, cwd=tmp_path, env={"BACKPROP_TUTOR_HOME": str(tmp_path)})
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1 and "needs a terminal" in result.stderr


def test_the_installed_version_loads_no_textual(installed: Installed, tmp_path: Path) -> None:
    result = run(
        [str(installed.python), "-X", "importtime", str(installed.script), "--version"],
        cwd=tmp_path,
        env=clean_env(),
    )
    assert result.returncode == 0 and result.stdout.startswith("backprop-tutor ")
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
    assert "tutor.cli" in imported
    assert not [name for name in imported if name.startswith(("textual", "rich"))]


def test_the_installed_serve_names_the_missing_extra(installed: Installed, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.partition('.')[0] == 'asyncssh':\n"
        "            raise ModuleNotFoundError(name, name=name)\n"
        "sys.meta_path.insert(0, Block())\n",
        encoding="utf-8",
    )
    result = installed_command(
        installed, "serve", "ssh", cwd=tmp_path, env={"PYTHONPATH": str(blocker)}
    )
    assert result.returncode == 2
    assert result.stderr == (
        "backprop-tutor serve ssh: needs the 'ssh' extra (asyncssh is not installed): "
        "pip install 'backprop-tutor[ssh]'\n"
    )


def test_the_installed_completion_loads_in_bash(installed: Installed, tmp_path: Path) -> None:
    script = installed_command(installed, "completion", "bash", cwd=tmp_path)
    assert script.returncode == 0
    (tmp_path / "completion.bash").write_text(
        script.stdout + "complete -p backprop-tutor\n", encoding="utf-8"
    )
    result = run(["bash", "--norc", "--noprofile", "completion.bash"], cwd=tmp_path)
    assert result.stdout == "complete -F _backprop_tutor backprop-tutor\n", result.stderr


@pytest.mark.slow
def test_the_sdist_runs_its_own_tests(tmp_path: Path) -> None:
    """The sdist ships what its tests, `make check` and the README need, and its tests pass."""
    built = run(
        [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(tmp_path)], REPO
    )
    assert built.returncode == 0, built.stderr
    (sdist,) = tmp_path.glob("backprop_tutor-*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    (root,) = (path for path in tmp_path.iterdir() if path.is_dir())
    for shipped in ("LICENSE", "CHANGELOG.md", "CONTRIBUTING.md", "scripts/check", "Makefile"):
        assert (root / shipped).is_file(), shipped
    assert os.access(root / "scripts" / "check", os.X_OK)
    assert (root / "benchmarks" / "run.py").is_file()
    assert (root / "docs" / "images" / "neuron.svg").is_file()  # the README's screenshot
    env = {**clean_env(), "PYTHONPATH": str(root)}
    tests = ["tests/unit/test_bench_harness.py", "tests/unit/test_cli.py"]
    result = run([sys.executable, "-m", "pytest", "-q", "-m", "not slow", *tests], root, env)
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout
    source = run(
        [sys.executable, "-c", "import tutor; print(tutor.__file__)"], cwd=root, env=env
    ).stdout.strip()
    assert Path(source).is_relative_to(root)
