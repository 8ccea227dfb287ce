"""Shared test set-up: every test gets its own data folder, never the learner's real one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def tutor_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A fresh BACKPROP_TUTOR_HOME per test, and no served/fault mode leaking in."""
    home = tmp_path_factory.mktemp("tutor-home")
    monkeypatch.setenv("BACKPROP_TUTOR_HOME", str(home))
    monkeypatch.setenv("BACKPROP_TUTOR_LEARNER", "tester")
    for name in ("BACKPROP_TUTOR_SERVED", "BACKPROP_TUTOR_FAULT", "SSH_CONNECTION", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    yield home
