"""Settings shared by the SSH and web servers, and where the server keeps its data."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tutor.serve.child import ChildLimits


def data_home() -> Path:
    """The server's data folder: BACKPROP_TUTOR_HOME, else the platform's user data folder."""
    override = os.environ.get("BACKPROP_TUTOR_HOME")
    if override:
        return Path(override).expanduser().resolve()
    from platformdirs import user_data_dir

    return Path(user_data_dir("backprop-tutor"))


@dataclass(frozen=True)
class SshConfig:
    """Everything `backprop-tutor serve ssh` needs; defaults suit a classroom.

    Attributes:
        host: Address to listen on.
        port: TCP port.
        host_key: Path of the host key (created once, 0600).
        authorized_keys: The allowlist; ignored when `open` is set.
        open: Accept any public key, and keyless clients by username (a classroom).
        roster: Named learners: only its keys get in, each known by its name.
        course: The lesson file or course folder served (None: the bundled course).
        max_sessions: Connections at once, authenticated or not.
        per_ip: Connections at once from one address.
        login_timeout: Seconds to finish authentication.
        keepalive: Seconds between keepalives; three unanswered ones close the connection.
        idle_timeout: Seconds without a key press before the session ends.
        max_session_time: Seconds a session may last.
        home: The server's data folder (progress, host key); the readers' HOME.
        limits: Per-reader resource limits.
        warm: Fork readers from a zygote that has imported the reader already (fast start).
        child_command: Replaces the reader's command, spawned (tests only).
        child_script: A Python file run instead of the reader, forked by the zygote (tests).
        fault_injection: Lets f12 raise inside the reader (tests only).
    """

    host: str = "127.0.0.1"
    port: int = 2222
    host_key: Path | None = None
    authorized_keys: Path | None = None
    open: bool = False
    roster: Path | None = None
    course: Path | None = None
    max_sessions: int = 64
    per_ip: int = 8
    login_timeout: float = 30.0
    keepalive: float = 30.0
    idle_timeout: float = 1800.0
    max_session_time: float = 4 * 3600.0
    home: Path = field(default_factory=data_home)
    limits: ChildLimits = field(default_factory=ChildLimits)
    warm: bool = True
    child_command: Sequence[str] | None = None
    child_script: str | None = None
    fault_injection: bool = False

    @property
    def host_key_path(self) -> Path:
        """The host key file: `--host-key`, else `ssh_host_ed25519_key` in the data folder."""
        return self.host_key or self.home / "ssh_host_ed25519_key"
