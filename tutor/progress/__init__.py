"""The learner's progress: the SQLite store, opening and migrating its file, the export format.

Pure core (no Textual): the reader, the servers and ``backprop-tutor progress`` all use it.

- :mod:`tutor.progress.store`: :class:`ProgressStore`, the API (docs/progress.md).
- :mod:`tutor.progress.records`: the data classes the store returns (attempts, lessons).
- :mod:`tutor.progress.db`: the file itself: connecting, checking, migrating, moving aside.
- :mod:`tutor.progress.export`: the export format: writing, validating, merging.
- :mod:`tutor.progress.places`: where the files live (data folder, crash log) and whose they are.

Every public name is importable from this package.
"""

from __future__ import annotations

from tutor.progress.db import APP_NAME, BUSY_TIMEOUT_MS, DB_NAME, MIGRATIONS
from tutor.progress.export import EXPORT_FORMAT, EXPORT_VERSION, ProgressError
from tutor.progress.places import (
    HOME_ENV,
    LEARNER_ENV,
    crash_log_path,
    resolve_home,
    resolve_learner,
)
from tutor.progress.store import Attempt, LessonProgress, LessonSummary, ProgressStore

__all__ = [
    "APP_NAME",
    "BUSY_TIMEOUT_MS",
    "DB_NAME",
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "HOME_ENV",
    "LEARNER_ENV",
    "MIGRATIONS",
    "Attempt",
    "LessonProgress",
    "LessonSummary",
    "ProgressError",
    "ProgressStore",
    "crash_log_path",
    "resolve_home",
    "resolve_learner",
]
