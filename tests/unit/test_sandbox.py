"""The sandbox runs a code cell's Python in a separate, isolated, limited process."""

from __future__ import annotations

from tutor.sandbox import run_python


async def test_child_runs_isolated_in_a_temporary_directory() -> None:
    result = await run_python(
        "import os, sys; print(os.getcwd()); print(sorted(os.environ)); print(sys.flags.isolated)"
    )
    cwd, env, isolated = result.output.splitlines()
    assert "tutor-cell-" in cwd
    assert "BACKPROP_TUTOR_HOME" not in env and "PYTHONPATH" not in env
    assert isolated == "1"
    assert result.returncode == 0


async def test_memory_limit_stops_a_huge_allocation() -> None:
    result = await run_python("x = bytearray(2 * 1024 ** 3)")
    assert result.returncode == 1
    assert "MemoryError" in result.output


async def test_child_has_resource_limits() -> None:
    source = (
        "import resource as r\n"
        "print(r.getrlimit(r.RLIMIT_AS)[0] // 2**20, r.getrlimit(r.RLIMIT_CPU)[0],"
        " r.getrlimit(r.RLIMIT_FSIZE)[0] // 2**20, r.getrlimit(r.RLIMIT_CORE)[0])"
    )
    result = await run_python(source, time_limit=2.0)
    assert result.output.split() == ["512", "3", "1", "0"]
