"""Shared test set-up: every test gets its own data folder, never the learner's real one;
the SSH/web `servers` and client `key` fixtures shared by tests/e2e and tests/abuse."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ssh_helpers import Servers


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


ABUSE_CASES: dict[str, tuple[str, ...]] = {
    # The standing abuse suite (docs/serving.md, "Security model"): `python -m pytest -m abuse`.
    # Everything in tests/abuse/ is marked there; these are the cases that held before it.
    "tests/e2e/test_ssh_refusals.py": ("*",),
    "tests/e2e/test_ssh_limits.py": ("*",),
    "tests/e2e/test_ssh_session.py": (
        "test_identity_is_the_key_fingerprint_whatever_the_username",
        "test_markup_in_a_username_is_shown_literally",
        "test_client_environment_never_reaches_the_reader",
        "test_an_injected_fault_shows_one_friendly_line_and_no_traceback",
    ),
    "tests/app/test_monkey.py": ("test_random_keys_and_resizes_never_crash",),
    "tests/app/test_quiz.py": (
        "test_numeric_malformed_is_not_an_attempt",
        "test_failing_recorder_says_not_saved_but_keeps_feedback",
    ),
    "tests/app/test_codecell.py": (
        "test_endless_loop_is_stopped_and_the_app_keeps_responding",
        "test_flood_of_output_is_cut_at_64_kb",
    ),
    "tests/unit/test_sandbox.py": (
        "test_memory_limit_stops_a_huge_allocation",
        "test_child_has_resource_limits",
    ),
    "tests/unit/test_expr.py": ("test_evaluation_does_not_hang_on_huge_powers",),
    "tests/unit/test_check_broken.py": (
        "test_hostile_files_give_one_line_per_problem_and_no_traceback",
    ),
    "tests/unit/test_progress_crash.py": (
        "test_two_readers_for_the_same_learner_both_record_everything",
        "test_kill_9_at_random_moments_loses_nothing_acknowledged",
    ),
    "tests/unit/test_progress_recovery.py": (
        "test_an_unwritable_folder_runs_in_memory_and_says_so",
        "test_a_store_that_fails_mid_session_keeps_the_session_in_memory",
    ),
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the standing abuse suite: tests/abuse/ and the cases listed in ABUSE_CASES."""
    root = Path(str(config.rootpath))
    for item in items:
        path = Path(str(item.path)).relative_to(root).as_posix()
        names = ABUSE_CASES.get(path, ())
        name = getattr(item, "originalname", item.name)
        if path.startswith("tests/abuse/") or "*" in names or name in names:
            item.add_marker(pytest.mark.abuse)


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Servers]:
    """SSH and web servers for one test (127.0.0.1 only), each stopped by its pid afterwards."""
    from ssh_helpers import Servers

    pool = Servers(tmp_path)
    yield pool
    pool.stop_all()


@pytest.fixture
def key(tmp_path: Path) -> Path:
    """A fresh SSH client key (ed25519, no passphrase)."""
    from ssh_helpers import make_key

    return make_key(tmp_path)
