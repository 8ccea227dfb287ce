"""`backprop-tutor serve web`: the course in a browser, through textual-serve.

Each browser session runs the same reader, launched through `launch.py`, which gives it the
same scrubbed environment, limits and served-mode safety as an SSH session. textual-serve's
own websocket handling is replaced here, because it trusted the browser: sizes are clamped
as over SSH (a 100000x100000 terminal took 888 MB and a core), the reader is ended when its
socket closes (hung up, then killed), `Origin` must match the served address, sessions are
capped in total and per address, malformed messages and plain HTTP on `/ws` get a clean
close or a 400 (never a traceback with locals in the log), and `/static/` lists nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
import signal
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tutor.serve.config import data_home

log = logging.getLogger("tutor.serve")

MAX_SIZE = 1000
"""Columns and rows at most, as over SSH."""
_MAX_MESSAGE = 64 * 1024
_GRACE = 0.5
"""Seconds a reader has to quit after its socket closed, before SIGTERM, then SIGKILL."""


@dataclass(frozen=True)
class WebConfig:
    """What `serve web` needs.

    Attributes:
        host: Address to listen on.
        port: TCP port.
        public_url: The URL browsers use (behind a proxy); `Origin` must match it.
        max_sessions: Browser sessions at once.
        per_ip: Browser sessions at once from one address.
        child: Replaces the reader (tests only).
        fault: Lets f12 raise inside the reader (tests only).
        course: The lesson file or course folder served (None: the bundled course).
    """

    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = None
    max_sessions: int = 64
    per_ip: int = 8
    child: Sequence[str] | None = None
    fault: bool = False
    course: Path | None = None

    @property
    def url(self) -> str:
        """The public URL, by default http://HOST:PORT."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")


def web_argv(
    home: Path,
    child: Sequence[str] | None,
    fault: bool,
    course: Path | None = None,
    learner: str | None = None,
) -> list[str]:
    """The command run for each browser session (the launcher, which execs the reader).

    `learner` is the browser's identity (None: a fresh anonymous one); `course` the served
    lesson file or folder.
    """
    launcher = str(Path(__file__).with_name("launch.py"))
    argv = [sys.executable, "-I", launcher, str(home)]
    if fault:
        argv.append("--fault")
    if learner:
        argv += ["--learner", learner]
    if course is not None:
        argv += ["--course", str(course)]
    if child:
        argv += ["--", *child]
    return argv


def clamp(value: object, default: int) -> int:
    """A terminal dimension from the browser: an int in 1..MAX_SIZE (default if not a number)."""
    try:
        number = int(str(value))
    except ValueError:
        number = default
    return max(1, min(number, MAX_SIZE))


def origin_allowed(origin: str | None, url: str) -> bool:
    """True when a browser's Origin header names the served URL (no header: not a browser)."""
    if origin is None:
        return True
    served, seen = urlsplit(url), urlsplit(origin)
    return (seen.scheme, seen.netloc) == (served.scheme, served.netloc)


LEARNER_COOKIE = "backprop_tutor_learner"
"""The cookie that tells a returning browser apart: a random token, HttpOnly."""
COOKIE_DAYS = 365
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def new_token() -> str:
    """A new browser token (192 random bits)."""
    return secrets.token_urlsafe(24)


def learner_of(token: str | None) -> str | None:
    """The progress identity of a browser token (None for a missing or malformed cookie).

    The token itself is a bearer secret: the store keeps only a hash of it, so whoever reads
    the progress file (or `class --json`) cannot take over a browser's progress.
    """
    if token is None or not _TOKEN.match(token):
        return None
    return "web-" + hashlib.sha256(token.encode()).hexdigest()[:20]


def parse_message(text: str) -> tuple[str, Any] | None:
    """A browser message `[type, data]`, or None for anything malformed."""
    if len(text) > _MAX_MESSAGE:
        return None
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    return envelope[0], envelope[1] if len(envelope) > 1 else None


def serve_web(config: WebConfig) -> int:
    """Serve until interrupted; return the exit code."""
    from tutor.serve.webserver import TutorWebServer

    home = data_home()
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    server = TutorWebServer(config, home)
    print(f"backprop-tutor: web on {config.url}", flush=True)
    server.serve()
    return 0


class Sessions:
    """Browser sessions counted in total and per address."""

    def __init__(self, total: int, per_ip: int) -> None:
        """Start empty with these caps."""
        self._total, self._per_ip = total, per_ip
        self.count: Counter[str] = Counter()

    def admit(self, ip: str) -> str | None:
        """Count a session from `ip`, or say why it is refused."""
        if sum(self.count.values()) >= self._total:
            return "the server is full; please try again later"
        if self.count[ip] >= self._per_ip:
            return "too many sessions from your address"
        self.count[ip] += 1
        return None

    def release(self, ip: str) -> None:
        """A session from `ip` ended."""
        self.count[ip] -= 1
        if self.count[ip] <= 0:
            del self.count[ip]


async def end_process(process: asyncio.subprocess.Process) -> None:
    """Give a reader `_GRACE` seconds to quit, then SIGTERM, then SIGKILL its process group."""
    for sig in (None, signal.SIGTERM, signal.SIGKILL):
        if sig is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, sig)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(process.wait(), _GRACE)
            return
    await process.wait()
