"""The SSH server's host key: created once (mode 0600), then reused, so clients trust it."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncssh


class HostKeyError(Exception):
    """A host key that cannot be used; the message is one line for the teacher."""


def load_or_create_host_key(path: Path) -> asyncssh.SSHKey:
    """Read the host key at `path`, creating an Ed25519 key there (0600) if it is missing.

    Raises:
        HostKeyError: The file is readable by others, or is not a private key.
    """
    import asyncssh

    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = asyncssh.generate_private_key("ssh-ed25519")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(key.export_private_key())
        return key
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise HostKeyError(f"{path}: permissions {mode:04o} are too open; run chmod 600 {path}")
    try:
        return asyncssh.read_private_key(path)
    except (asyncssh.KeyImportError, OSError, ValueError) as err:
        raise HostKeyError(f"{path}: not a usable private key ({err})") from None


def fingerprint(key: asyncssh.SSHKey) -> str:
    """The key's SHA256 fingerprint, as `ssh-keygen -l` prints it."""
    return key.get_fingerprint("sha256")
