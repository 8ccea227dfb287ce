"""The allowlist: emptying it revokes everyone (it is not mistaken for a broken file)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ssh_helpers import Servers, make_key, run_ssh, ssh_argv, wait_until

pytestmark = [pytest.mark.abuse, pytest.mark.e2e, pytest.mark.slow]


def test_an_emptied_allowlist_lets_nobody_in(servers: Servers, tmp_path: Path) -> None:
    key = make_key(tmp_path)
    allowed = tmp_path / "allowed"
    allowed.write_text((tmp_path / "id.pub").read_text())
    server = servers.ssh("--authorized-keys", str(allowed))
    assert run_ssh(ssh_argv(server, key, "-T")).returncode == 1  # in (told to use -t)
    allowed.write_text("# everyone revoked\n")
    os.utime(allowed, (1, 1))  # a different mtime, however fast the test runs
    result = run_ssh(ssh_argv(server, key, "-T"))
    assert result.returncode == 255
    assert "Permission denied" in result.stderr
    wait_until(lambda: "lets nobody in" in server.output(), 5, "the log line")


def test_an_empty_allowlist_at_start_lets_nobody_in(servers: Servers, tmp_path: Path) -> None:
    key = make_key(tmp_path)
    allowed = tmp_path / "allowed"
    allowed.write_text("")
    server = servers.ssh("--authorized-keys", str(allowed))
    result = run_ssh(ssh_argv(server, key, "-T"))
    assert result.returncode == 255
    assert "Permission denied" in result.stderr
