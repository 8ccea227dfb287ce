"""`serve ssh --roster FILE`: named learners, from an authorized_keys-style file.

Each line is a public key and the learner's name as its comment::

    ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA... Li Lei

Only listed keys get in; a learner's progress is kept under ``name:`` + the name (see
`tutor.progress.classview.NAMED_PREFIX`), so two keys with one name (a laptop and a lab
machine) are one learner, and a new key keeps the progress. The file is re-read when it
changes. Names are untrusted text: whitespace is collapsed, and wherever a name is shown its
control characters are made visible.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from tutor.progress.classview import NAMED_PREFIX
from tutor.serve.hostkey import fingerprint
from tutor.textsafe import visible_controls

log = logging.getLogger("tutor.serve")

NAME_MAX = 64
"""The longest name kept, in characters (longer ones are cut)."""
_KEY_TYPES = ("ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-sha2-")


class RosterError(ValueError):
    """A roster line that is not `KEY-TYPE BASE64 NAME` (the message names the line)."""


@dataclass(frozen=True)
class Entry:
    """One roster line: a key's fingerprint and the learner's name."""

    fingerprint: str
    name: str


def parse_roster(text: str, source: str = "roster") -> dict[str, str]:
    """Fingerprint -> name for every line of a roster; blank lines and `#` comments skipped.

    Raises:
        RosterError: A line without a key or without a name (`FILE:LINE: message`).
    """
    names: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        entry = parse_line(stripped, f"{source}:{number}")
        names[entry.fingerprint] = entry.name
    return names


def parse_line(line: str, where: str) -> Entry:
    """One roster line (options before the key type, as in authorized_keys, are ignored)."""
    tokens = line.split()
    index = next((i for i, t in enumerate(tokens) if t.startswith(_KEY_TYPES)), None)
    if index is None or index + 1 >= len(tokens):
        raise RosterError(f"{where}: no public key (expected `ssh-ed25519 AAAA... Name`)")
    try:
        key = asyncssh.import_public_key(f"{tokens[index]} {tokens[index + 1]}")
    except (asyncssh.KeyImportError, ValueError) as err:
        raise RosterError(f"{where}: not a public key ({err})") from None
    name = " ".join(tokens[index + 2 :])[:NAME_MAX].strip()
    if not name or "\x00" in name:
        raise RosterError(f"{where}: no learner name after the key")
    return Entry(fingerprint(key), name)


def learner_id(name: str) -> str:
    """The progress identity of a roster name."""
    return NAMED_PREFIX + name


class Roster:
    """The roster file, re-read when it changes (add a learner without a restart)."""

    def __init__(self, path: Path) -> None:
        """Read the file now; a missing or broken file raises OSError or RosterError."""
        self._path = path
        self._mtime = -1.0
        self._names: dict[str, str] = {}
        self._load()
        log.info("roster %s: %d keys", path, len(self._names))

    def _load(self) -> None:
        mtime = self._path.stat().st_mtime
        if mtime != self._mtime:
            text = self._path.read_text(encoding="utf-8", errors="replace")
            self._names = parse_roster(text, str(self._path))
            self._mtime = mtime
            if not self._names:
                log.warning("roster %s is empty: it lets nobody in", self._path)

    def name_of(self, key: asyncssh.SSHKey) -> str | None:
        """The learner's name for a key, or None when the key is not on the roster."""
        try:
            self._load()
        except (OSError, RosterError) as err:
            log.error("roster: %s (keeping the last good roster)", visible_controls(str(err)))
        return self._names.get(fingerprint(key))


NO_KEY = (
    "backprop-tutor: this class needs an SSH key. Make one with `ssh-keygen -t ed25519` "
    "and give your teacher the .pub file."
)


def not_listed(fingerprints: list[str]) -> str:
    """The refusal line for a client whose keys are not on the roster."""
    keys = ", ".join(fingerprints[:3])
    return (
        f"backprop-tutor: your SSH key ({keys}) is not on this class's roster. "
        "Ask your teacher to add your .pub file."
    )
