"""Every way the reader can panic ends with one friendly line; the details go to crash.log."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console
from rich.traceback import Traceback

from tutor.app import FRIENDLY_CRASH, Options, make_app
from tutor.course.parser import bundled_course
from tutor.progress import ProgressStore
from tutor.terminal import ReaderPanic

pytestmark = pytest.mark.abuse


async def test_a_foreign_panic_shows_the_friendly_line_and_logs_the_traceback(
    tutor_home: Path,
) -> None:
    app = make_app(bundled_course(), ProgressStore.open(), Options(lang="en"))
    shown = StringIO()
    app.error_console = Console(file=shown, width=200)
    with pytest.raises(ReaderPanic):  # run_test re-raises what the app handled
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            try:
                raise ValueError("input thread exploded")
            except ValueError:
                app.panic(Traceback())  # what Textual's input thread does
            await pilot.pause()
    assert FRIENDLY_CRASH in shown.getvalue()
    assert "Traceback" not in shown.getvalue()
    assert "input thread exploded" not in shown.getvalue()
    assert app.return_code == 1
    assert "input thread exploded" in (tutor_home / "crash.log").read_text(encoding="utf-8")
