"""A served reader never shows the learner the server's paths (they go to the crash log)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.app import Options, make_app
from tutor.course.parser import bundled_course
from tutor.progress import ProgressStore

pytestmark = pytest.mark.abuse


@pytest.mark.parametrize("served", [True, False])
async def test_a_progress_warning_shows_no_path_when_served(tutor_home: Path, served: bool) -> None:
    (tutor_home / "progress.db").write_bytes(b"not a database" * 100)  # moved aside, warned
    store = ProgressStore.open()
    assert store.warning is not None and str(tutor_home) in store.warning
    app = make_app(bundled_course(), store, Options(lang="en", served=served))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = [str(note.message) for note in app._notifications]
    [warning] = [line for line in shown if "progress file" in line]
    if served:
        assert str(tutor_home) not in warning
        assert "/" not in warning
        assert str(tutor_home) in (tutor_home / "crash.log").read_text(encoding="utf-8")
    else:
        assert str(tutor_home) in warning  # a local learner is told where their file is
