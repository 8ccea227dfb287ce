"""The SSH benchmark's client side: asyncssh sessions that watch the screen they receive."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field

import asyncssh
import pyte

from benchmarks.pty_harness import SETTLE, Output


class ScreenSession(asyncssh.SSHClientSession[bytes]):
    """A client channel: notes when each chunk arrived, optionally feeds an emulator."""

    def __init__(self, emulate: bool) -> None:
        """Watch the output; `emulate` feeds pyte (off for the many-session runs)."""
        self.output = Output()
        self.emulate = emulate
        self.last = 0.0
        self.first: float | None = None
        self.nbytes = 0
        self.arrived = asyncio.Event()

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        """Note the chunk (and emulate it)."""
        now = time.perf_counter()
        if self.first is None:
            self.first = now
        self.last = now
        self.nbytes += len(data)
        if self.emulate:
            self.output.feed(data)
        self.arrived.set()

    def mark(self) -> None:
        """Start a new measurement: forget the previous chunk times."""
        self.first = None
        self.nbytes = 0

    def shows(self, *texts: str) -> bool:
        """Whether every text is on the emulated screen."""
        display = self.output.screen.display
        return all(any(text in line for line in display) for text in texts)


@dataclass
class Client:
    """One connected learner."""

    conn: asyncssh.SSHClientConnection
    chan: asyncssh.SSHClientChannel[bytes]
    session: ScreenSession
    latencies: list[float] = field(default_factory=list)
    logged_in: float = 0.0
    """When `asyncssh.connect` returned (TCP, key exchange, authentication done)."""
    opened: float = 0.0
    """When the session channel with its PTY and shell was open (the reader started)."""


async def settled(
    session: ScreenSession, texts: tuple[str, ...], timeout: float, settle: float = SETTLE
) -> float:
    """Wait for `texts` on screen (none: any byte) and `settle` s of quiet; the last byte's time."""
    deadline = time.perf_counter() + timeout
    while True:
        now = time.perf_counter()
        ready = session.first is not None and (not texts or session.shows(*texts))
        if ready and now - session.last >= settle:
            return session.last
        if now > deadline:
            text = "\n".join(session.output.screen.display)
            raise TimeoutError(f"no finished frame in {timeout} s; screen:\n{text}")
        wait = settle - (now - session.last) if ready else 0.05
        session.arrived.clear()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(session.arrived.wait(), max(0.001, wait))


def new_key() -> asyncssh.SSHKey:
    """A fresh Ed25519 key: in `--open` mode its fingerprint is the learner's identity."""
    return asyncssh.generate_private_key("ssh-ed25519")


def learner_of(key: asyncssh.SSHKey) -> str:
    """The identity the server gives the holder of `key` (its SHA256 fingerprint)."""
    return str(key.get_fingerprint("sha256"))


async def connect(port: int, key: asyncssh.SSHKey, emulate: bool, texts: tuple[str, ...]) -> Client:
    """Log in with `key` (`--open` mode) and wait for the first screen (`texts` on it)."""
    conn = await asyncssh.connect(
        "127.0.0.1",
        port,
        username="learner",
        known_hosts=None,
        client_keys=[key],
        agent_path=None,
        preferred_auth="publickey",
    )
    logged_in = time.perf_counter()
    chan, made = await conn.create_session(
        lambda: ScreenSession(emulate),
        term_type="xterm",
        term_size=(80, 24),
        encoding=None,
    )
    opened = time.perf_counter()
    assert isinstance(made, ScreenSession)
    session = made
    await settled(session, texts if emulate else (), timeout=120)
    return Client(conn, chan, session, logged_in=logged_in, opened=opened)


async def keypress(client: Client, key: bytes, timeout: float = 30) -> float:
    """Send a key; seconds until the last byte of the frame it caused."""
    client.session.mark()
    sent = time.perf_counter()
    client.chan.write(key)
    last = await settled(client.session, (), timeout)
    return last - sent


def screen_of(client: Client) -> pyte.Screen:
    """The client's emulated screen."""
    return client.session.output.screen
