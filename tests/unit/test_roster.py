"""`serve ssh --roster`: the file, the names, and what a refused learner is told."""

from __future__ import annotations

import subprocess
from pathlib import Path

import asyncssh
import pytest

from tutor.serve.roster import NO_KEY, Roster, RosterError, learner_id, not_listed, parse_roster


def public_key(tmp_path: Path, name: str) -> str:
    """A new Ed25519 public key line (type and base64, no comment)."""
    path = tmp_path / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", str(path)],
        check=True,
        timeout=10,
    )
    kind, data, *_ = Path(f"{path}.pub").read_text().split()
    return f"{kind} {data}"


def fingerprint_of(line: str) -> str:
    return asyncssh.import_public_key(line).get_fingerprint("sha256")


def test_names_are_the_comments(tmp_path: Path) -> None:
    li, ann = public_key(tmp_path, "li"), public_key(tmp_path, "ann")
    text = f'# class 3B\n\n{li} Li   Lei\nfrom="10.0.0.0/8" {ann}  Ann\tMarie \n'
    names = parse_roster(text)
    assert names == {fingerprint_of(li): "Li Lei", fingerprint_of(ann): "Ann Marie"}
    assert learner_id("Li Lei") == "name:Li Lei"


def test_two_keys_with_one_name_are_one_learner(tmp_path: Path) -> None:
    laptop, lab = public_key(tmp_path, "laptop"), public_key(tmp_path, "lab")
    names = parse_roster(f"{laptop} Li Lei\n{lab} Li Lei\n")
    assert set(names.values()) == {"Li Lei"} and len(names) == 2


@pytest.mark.abuse
@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("just a name", "roster:1: no public key"),
        ("ssh-ed25519", "roster:1: no public key"),
        ("ssh-ed25519 AAAAnotbase64 Li", "roster:1: not a public key"),
    ],
)
def test_a_bad_line_is_named(line: str, message: str) -> None:
    with pytest.raises(RosterError, match=message):
        parse_roster(line)


@pytest.mark.abuse
def test_a_key_without_a_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="roster:2: no learner name"):
        parse_roster(f"# ok\n{public_key(tmp_path, 'k')}\n")


def test_long_names_are_cut(tmp_path: Path) -> None:
    names = parse_roster(f"{public_key(tmp_path, 'k')} {'x' * 500}")
    assert [len(name) for name in names.values()] == [64]


def test_the_file_is_reread_and_a_broken_edit_keeps_the_last_good_roster(tmp_path: Path) -> None:
    li, ann = public_key(tmp_path, "li"), public_key(tmp_path, "ann")
    path = tmp_path / "roster.txt"
    path.write_text(f"{li} Li Lei\n")
    roster = Roster(path)
    li_key, ann_key = asyncssh.import_public_key(li), asyncssh.import_public_key(ann)
    assert roster.name_of(li_key) == "Li Lei" and roster.name_of(ann_key) is None
    path.write_text(f"{li} Li Lei\n{ann} Ann\n")
    _touch_later(path)
    assert roster.name_of(ann_key) == "Ann"
    path.write_text("garbage line\n")
    _touch_later(path)
    assert roster.name_of(ann_key) == "Ann"


def _touch_later(path: Path) -> None:
    stat = path.stat()
    import os

    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_refusal_lines_say_what_to_do() -> None:
    assert "ssh-keygen" in NO_KEY
    line = not_listed(["SHA256:a", "SHA256:b", "SHA256:c", "SHA256:d"])
    assert "SHA256:c" in line and "SHA256:d" not in line and "roster" in line
