"""`backprop-tutor serve ssh`: the course over SSH, one reader in a PTY per session.

Who the learner is: the SHA256 fingerprint of the public key they authenticated with (a
username proves nothing). In `--open` mode a keyless client is let in by keyboard-interactive
without a password, and is known by its username.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import signal
import time
from collections import Counter
from pathlib import Path

import asyncssh

from tutor.serve.config import SshConfig
from tutor.serve.hostkey import fingerprint, load_or_create_host_key
from tutor.serve.roster import NO_KEY, Roster, learner_id, not_listed
from tutor.serve.session import ReaderSession, RefusalSession
from tutor.serve.zygote import Spawner
from tutor.textsafe import visible_controls

log = logging.getLogger("tutor.serve")

_USERNAME_MAX = 64
_TOLD_PER_IP = 2
"""Refused connections per address kept open just long enough to read why."""
_TOLD_TOTAL = 16
"""Refused connections kept open in all; any further one is closed at once, untold."""
_TOLD_FOR = 5.0
"""Seconds a refused connection may take to reach the point where it is told why."""
_LOG_EVERY = 10.0
"""Seconds between two log lines about the same flood (refusals, accept() errors)."""


class QuietLog:
    """Logs the first of a kind of event at once, then at most one summary per interval."""

    def __init__(self, interval: float = _LOG_EVERY) -> None:
        """Log each kind at most once per `interval` seconds."""
        self._interval = interval
        self._last: dict[str, float] = {}
        self._held: Counter[str] = Counter()

    def note(self, kind: str, message: str) -> None:
        """Log `message`, unless a line of this `kind` was logged less than an interval ago."""
        now = time.monotonic()
        if now - self._last.get(kind, -self._interval) < self._interval:
            self._held[kind] += 1
            return
        held = self._held.pop(kind, 0)
        suffix = f" (and {held} more like it in the last {self._interval:.0f} s)" if held else ""
        self._last[kind] = now
        log.warning("%s%s", message, suffix)


quiet = QuietLog()


class AllowList:
    """The `--authorized-keys` file, re-read when it changes (add a student without restart)."""

    def __init__(self, path: Path) -> None:
        """Read the file now; a missing or broken file raises OSError/ValueError."""
        self._path = path
        self._mtime = -1.0
        self._keys: asyncssh.SSHAuthorizedKeys | None = None
        self._load()

    def _load(self) -> None:
        mtime = self._path.stat().st_mtime
        if mtime != self._mtime:
            text = self._path.read_text(encoding="utf-8", errors="replace")
            if _has_entries(text):
                self._keys = asyncssh.import_authorized_keys(text)
            else:  # asyncssh calls an empty list invalid; it means: revoke everyone
                self._keys = asyncssh.import_authorized_keys("")
                log.warning("authorized keys %s is empty: it lets nobody in", self._path)
            self._mtime = mtime

    def allows(self, key: asyncssh.SSHKey, host: str, addr: str) -> bool:
        """True when the key is listed (and its `from=` options, if any, match)."""
        try:
            self._load()
        except (OSError, ValueError) as err:
            log.error("authorized keys %s: %s (keeping the last good list)", self._path, err)
        assert self._keys is not None
        return self._keys.validate(key, host, addr) is not None


def _has_entries(text: str) -> bool:
    """True when an authorized_keys text has a line that is not blank or a comment."""
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


class Registry:
    """Open connections, counted in total and per address, and their sessions."""

    def __init__(self, config: SshConfig) -> None:
        """Start empty, with the limits from `config`."""
        self.config = config
        self.total = 0
        self.per_ip: Counter[str] = Counter()
        self.sessions: set[ReaderSession] = set()
        self.told: Counter[str] = Counter()
        """Refused connections still open (to be told why), per address."""

    def refusal(self, ip: str) -> str | None:
        """Why a new connection from `ip` is refused, or None to admit it."""
        if self.total >= self.config.max_sessions:
            return "the server is full; please try again later"
        if self.per_ip[ip] >= self.config.per_ip:
            return "too many sessions from your address"
        return None


class TutorServer(asyncssh.SSHServer):
    """One SSH connection: limits, authentication, identity, and at most one session."""

    def __init__(
        self,
        registry: Registry,
        spawner: Spawner,
        allow: AllowList | None,
        roster: Roster | None = None,
    ) -> None:
        """Use the shared registry and spawner; `allow` and `roster` are None in `--open` mode."""
        self._registry = registry
        self._spawner = spawner
        self._allow = allow
        self._roster = roster
        self._tried: list[str] = []
        """Fingerprints of the keys a client offered that are not on the roster."""
        self._refused: str | None = None
        """With a roster: the line a client none of whose keys is listed is shown."""
        self._conn: asyncssh.SSHServerConnection | None = None
        self._ip = ""
        self._counted = False
        self._refusal: str | None = None
        self._candidate: str | None = None
        self._username = ""
        self._learner: str | None = None
        self._sessions = 0
        self._told: asyncio.TimerHandle | None = None
        self._bye: asyncio.TimerHandle | None = None
        """Closes a connection refused by the roster once it had time to read why."""

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        """Admit the connection, or disconnect it when a limit is reached."""
        self._conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self._ip = str(peer[0])
        self._refusal = self._registry.refusal(self._ip)
        if self._refusal is not None:
            self._refuse(conn)
            return
        self._counted = True
        self._registry.total += 1
        self._registry.per_ip[self._ip] += 1

    def _refuse(self, conn: asyncssh.SSHServerConnection) -> None:
        """Tell a few refused connections why (at begin_auth, within seconds); close the rest."""
        told = self._registry.told
        loop = asyncio.get_running_loop()
        quiet.note(f"refused {self._ip}", f"refused {self._ip}: {self._refusal}")
        if told[self._ip] >= _TOLD_PER_IP or sum(told.values()) >= _TOLD_TOTAL:
            loop.call_soon(conn.abort)  # a flood: its sockets are not kept
            return
        told[self._ip] += 1
        self._told = loop.call_later(_TOLD_FOR, conn.abort)

    def connection_lost(self, exc: Exception | None) -> None:
        """Release this connection's place."""
        if self._bye is not None:
            self._bye.cancel()
        if self._told is not None:
            self._told.cancel()
            self._told = None
            self._registry.told[self._ip] -= 1
            if self._registry.told[self._ip] <= 0:
                del self._registry.told[self._ip]
        if self._counted:
            self._counted = False
            self._registry.total -= 1
            self._registry.per_ip[self._ip] -= 1
            if self._registry.per_ip[self._ip] <= 0:
                del self._registry.per_ip[self._ip]

    def begin_auth(self, username: str) -> bool:
        """Authentication is always required."""
        self._username = username
        self._candidate = None
        if self._refusal is not None and self._conn is not None:
            self._conn.disconnect(asyncssh.DISC_TOO_MANY_CONNECTIONS, self._refusal)
        return True

    def public_key_auth_supported(self) -> bool:
        """Keys are how learners are told apart."""
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        """Accept a listed key (any key with `--open`) and remember whose it is.

        asyncssh calls this for the signed request right before success, so the key noted
        last is the key that proved itself.
        """
        if self._roster is not None:
            return self._validate_named(key)
        allowed = self._allow is None or self._allow.allows(key, self._ip, self._ip)
        self._candidate = fingerprint(key) if allowed else None
        return allowed

    def _validate_named(self, key: asyncssh.SSHKey) -> bool:
        """With a roster: a listed key is its learner's name; others are noted for the refusal."""
        assert self._roster is not None
        name = self._roster.name_of(key)
        if name is None:
            self._candidate = None
            if fingerprint(key) not in self._tried and len(self._tried) < 8:
                self._tried.append(fingerprint(key))
            return False
        self._candidate = learner_id(name)
        return True

    def kbdint_auth_supported(self) -> bool:
        """Keyless learners get in by username in `--open` mode; with a roster, a client
        none of whose keys is listed gets in only to be told why it is refused."""
        return self._allow is None

    def get_kbdint_challenge(self, username: str, lang: str, submethods: str) -> bool:
        """True lets the client in without a challenge: in `--open` mode the username is the
        identity (not a fingerprint); with a roster, the session only says why it is refused."""
        self._candidate = None
        if self._roster is not None:
            self._refused = not_listed(self._tried) if self._tried else NO_KEY
            return True
        return self._allow is None and _plain_username(username) is not None

    def password_auth_supported(self) -> bool:
        """Passwords are never accepted."""
        return False

    def auth_completed(self) -> None:
        """Fix the learner's identity."""
        if self._refused is not None:
            log.info("%s refused: not on the roster (%s)", self._ip, ", ".join(self._tried))
            if self._conn is not None:  # time to read the line, then the connection goes
                self._bye = asyncio.get_running_loop().call_later(_TOLD_FOR, self._conn.abort)
            return
        self._learner = self._candidate or _plain_username(self._username) or "anonymous"
        log.info("%s authenticated as %s", self._ip, visible_controls(self._learner))

    def session_requested(self) -> ReaderSession | RefusalSession | bool:
        """One session per connection (with a roster, an unlisted client's says why)."""
        if self._sessions >= 1:
            return False
        if self._refused is not None:
            self._sessions += 1
            return RefusalSession(self._refused)
        if self._learner is None:
            return False
        self._sessions += 1
        session = ReaderSession(
            self._registry.config,
            self._spawner,
            self._learner,
            lambda: self._registry.sessions.discard(session),
        )
        self._registry.sessions.add(session)
        return session


def _plain_username(username: str) -> str | None:
    """A usable `--open` identity: printable, bounded, and not pretending to be a key."""
    if not username or len(username) > _USERNAME_MAX or not username.isprintable():
        return None
    if username.upper().startswith("SHA256:"):
        return None
    return username


async def start_server(
    config: SshConfig, spawner: Spawner
) -> tuple[asyncssh.SSHAcceptor, Registry]:
    """Listen for SSH connections; return the acceptor and the session registry."""
    host_key = load_or_create_host_key(config.host_key_path)
    roster = Roster(config.roster) if config.roster is not None else None
    allow = None if config.open or roster else AllowList(_require(config.authorized_keys))
    registry = Registry(config)
    acceptor = await asyncssh.create_server(
        lambda: TutorServer(registry, spawner, allow, roster),
        config.host,
        config.port,
        server_host_keys=[host_key],
        login_timeout=config.login_timeout,
        keepalive_interval=config.keepalive,
        keepalive_count_max=3,
        agent_forwarding=False,
        x11_forwarding=False,
        allow_scp=False,
        line_editor=False,
        encoding=None,
        password_auth=False,
    )
    print(f"backprop-tutor: SSH on {config.host}:{config.port}", flush=True)
    print(f"host key {config.host_key_path}: {fingerprint(host_key)}", flush=True)
    return acceptor, registry


def _require(path: Path | None) -> Path:
    if path is None:
        raise ValueError(
            "give --authorized-keys FILE (the allowlist), --roster FILE (named learners),"
            " or --open for a classroom"
        )
    return path


def raise_open_files() -> int:
    """Raise this process's open-file limit to its hard limit; return the new soft limit.

    Every connection costs a socket, and every session a PTY and a pidfd: the usual soft
    limit of 1024 is reached by a modest flood, and then accept() fails for everyone.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        hard = max(soft, 65536)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def _on_loop_error(loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
    """accept() failing (out of file descriptors) is logged once per interval, untraced."""
    message = str(context.get("message", ""))
    if "accept" in message:
        quiet.note("accept", f"{message}: {context.get('exception')}")
        return
    loop.default_exception_handler(context)


async def serve_forever(config: SshConfig) -> None:
    """Run until SIGINT/SIGTERM; then kill every reader before returning."""
    config.home.mkdir(parents=True, exist_ok=True, mode=0o700)
    log.info("open files: up to %d", raise_open_files())
    asyncio.get_running_loop().set_exception_handler(_on_loop_error)
    # The zygote starts first: it must be forked before asyncssh starts any thread.
    spawner = Spawner(config.limits, config.child_command, config.child_script, config.warm)
    try:
        acceptor, registry = await start_server(config, spawner)
    except BaseException:
        spawner.stop()
        raise
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        acceptor.close()
        for session in list(registry.sessions):
            session.kill_now()
        spawner.stop()
        log.info("stopped")
