"""The reader on the bundled course, with fresh progress, for the snapshot tests.

`build_app(home, ...)` makes a reader whose progress lives in `home` for a fixed learner, so a
snapshot never depends on earlier runs. `app` (English, first page) is there for
`textual run tests/snapshots/snap_reader_app.py` and for path-style `snap_compare`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tutor.app import Options, TutorApp, make_app
from tutor.course.parser import bundled_lessons, load_course
from tutor.progress import ProgressStore

LEARNER = "snapshot"
"""The learner whose (empty) progress the snapshots show."""


def build_app(home: Path, lang: str = "en", lesson: str | None = None) -> TutorApp:
    """The reader on the bundled course, progress in `home`, opened at `lesson` in `lang`.

    Args:
        home: The data folder (empty, for a first-time learner).
        lang: The course language.
        lesson: A lesson id to open (None: the first lesson).
    """
    progress = ProgressStore.open(home=home, learner=LEARNER)
    course = load_course(bundled_lessons())
    return make_app(course, progress, Options(lang=lang, default_lang="en", lesson=lesson))


_HOME = tempfile.TemporaryDirectory(prefix="backprop-tutor-snap-")
"""The data folder of `app`, removed when the interpreter exits."""

app = build_app(Path(_HOME.name))
"""The English reader on its first page."""
