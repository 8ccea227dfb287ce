"""Where the learner's files live and whose they are: the data folder, the crash log, the learner.

Everything is found through platformdirs unless ``$BACKPROP_TUTOR_HOME`` names one folder for all of
it (the tests and the servers set it, so a test never touches a real home).
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import platformdirs

from tutor.progress.db import APP_NAME

HOME_ENV = "BACKPROP_TUTOR_HOME"
LEARNER_ENV = "BACKPROP_TUTOR_LEARNER"
CRASH_LOG_NAME = "crash.log"


def _home_override() -> Path | None:
    env = os.environ.get(HOME_ENV, "").strip()
    return Path(env) if env else None


def resolve_home(home: Path | None = None) -> Path:
    """The data folder: ``home``, else ``$BACKPROP_TUTOR_HOME``, else the user data folder."""
    if home is not None:
        return Path(home)
    return _home_override() or Path(platformdirs.user_data_dir(APP_NAME))


def crash_log_path() -> Path:
    """The file the reader appends crash reports to.

    ``$BACKPROP_TUTOR_HOME/crash.log`` when that is set (tests; the servers, whose log lives in
    their data folder), else ``crash.log`` in platformdirs' user log folder
    (``~/.local/state/backprop-tutor/log`` on Linux): a log is not data a learner backs up.
    """
    folder = _home_override() or Path(platformdirs.user_log_dir(APP_NAME))
    return folder / CRASH_LOG_NAME


def resolve_learner(learner: str | None = None) -> str:
    """Who is learning: ``learner``, else ``$BACKPROP_TUTOR_LEARNER``, else the OS user."""
    for candidate in (learner, os.environ.get(LEARNER_ENV)):
        if candidate and candidate.strip():
            return candidate.strip()
    try:
        return getpass.getuser() or "learner"
    except (OSError, KeyError, ImportError):  # no login name, no passwd entry (containers)
        return "learner"
