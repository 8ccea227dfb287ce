"""What the SSH server refuses: commands, file transfer, forwarding, unknown keys, passwords."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from ssh_helpers import Servers, make_key, run_ssh, ssh_argv, tmux, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_exec_is_refused(servers: Servers, key: Path) -> None:
    server = servers.ssh("--open")
    result = run_ssh([*ssh_argv(server, key), "cat", "/etc/passwd"])
    assert result.returncode != 0
    assert "root:" not in result.stdout
    assert "exec request failed" in result.stderr


def test_a_shell_without_a_pty_gets_one_friendly_line(servers: Servers, key: Path) -> None:
    server = servers.ssh("--open")
    result = run_ssh(ssh_argv(server, key, "-T"))
    assert result.returncode == 1
    assert result.stdout.strip().splitlines() == [
        "backprop-tutor needs an interactive terminal: connect with `ssh -t`."
    ]


def test_scp_and_sftp_are_refused(servers: Servers, key: Path, tmp_path: Path) -> None:
    server = servers.ssh("--open")
    options = [
        "-F", "/dev/null", "-P", str(server.port), "-i", str(key), "-o", "BatchMode=yes",
        "-o", "StrictHostKeyChecking=no", "-o", f"UserKnownHostsFile={tmp_path / 'kh'}",
    ]  # fmt: skip
    target = tmp_path / "copied"
    scp = run_ssh(["scp", *options, "learner@127.0.0.1:/etc/hostname", str(target)])
    assert scp.returncode != 0
    assert not target.exists()
    sftp = subprocess.run(
        ["sftp", *options, "-b", "-", "learner@127.0.0.1"],
        input="get /etc/hostname\n",
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert sftp.returncode != 0
    assert "subsystem request failed" in sftp.stderr


def test_port_forwarding_is_refused(servers: Servers, key: Path) -> None:
    server = servers.ssh("--open")
    fail = ["-o", "ExitOnForwardFailure=yes", "-N"]
    local = run_ssh(ssh_argv(server, key, *fail, "-L", "127.0.0.1:0:127.0.0.1:22"), timeout=10)
    remote = run_ssh(ssh_argv(server, key, *fail, "-R", "127.0.0.1:0:127.0.0.1:22"), timeout=10)
    stdio = run_ssh(ssh_argv(server, key, "-W", f"127.0.0.1:{server.port}"), timeout=10)
    assert "remote port forwarding failed" in remote.stderr.lower()
    assert remote.returncode != 0
    assert stdio.returncode != 0
    assert "open failed" in stdio.stderr
    # -L is accepted by the client alone; opening a channel through it is what fails.
    assert local.returncode != 0 or "forward" in local.stderr.lower()


def test_agent_forwarding_is_refused(servers: Servers, key: Path, tmp_path: Path) -> None:
    server = servers.ssh("--open")
    agent = subprocess.run(["ssh-agent", "-s"], capture_output=True, text=True, timeout=10)
    env = dict(os.environ)
    for line in agent.stdout.split(";"):
        name, _, value = line.strip().partition("=")
        if name in ("SSH_AUTH_SOCK", "SSH_AGENT_PID"):
            env[name] = value
    try:
        client = ["env", f"SSH_AUTH_SOCK={env['SSH_AUTH_SOCK']}", *ssh_argv(server, key, "-A")]
        with tmux(client) as term:
            term.wait_for("Stand-in reader")
            assert "SSH_AUTH_SOCK" not in term.screen()
        denied = "agent forwarding request denied"
        wait_until(lambda: denied in server.output().lower(), 5, "the refusal in the log")
    finally:
        subprocess.run(["kill", env["SSH_AGENT_PID"]], timeout=10, check=False)


def test_the_allowlist_rejects_an_unknown_key_and_passwords(
    servers: Servers, key: Path, tmp_path: Path
) -> None:
    stranger = make_key(tmp_path, "stranger")
    (tmp_path / "allowed").write_text((tmp_path / "id.pub").read_text())
    server = servers.ssh("--authorized-keys", str(tmp_path / "allowed"))
    rejected = run_ssh(ssh_argv(server, stranger, "-t", "-v"))
    assert rejected.returncode == 255
    assert "Permission denied" in rejected.stderr
    methods = [
        line for line in rejected.stderr.splitlines() if "Authentications that can continue" in line
    ]
    assert methods
    assert all("password" not in line and "keyboard" not in line for line in methods)
    allowed = run_ssh(ssh_argv(server, key, "-T"))
    assert allowed.returncode == 1  # in, and told that it needs a terminal


def test_the_host_key_is_0600_and_stable_across_restarts(servers: Servers, key: Path) -> None:
    first = servers.ssh("--open")
    path = first.home / "ssh_host_ed25519_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    printed = [line for line in first.output().splitlines() if "SHA256:" in line]
    first.stop()
    second = servers.ssh("--open")
    assert [line for line in second.output().splitlines() if "SHA256:" in line] == printed
    # known_hosts from the first run still matches: a changed key would fail strict checking.
    result = run_ssh(ssh_argv(second, key, "-T", "-o", "StrictHostKeyChecking=yes"))
    assert result.returncode == 1, result.stderr
