"""A client flooding environment requests cannot grow the server's memory."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncssh
import pytest
from ssh_helpers import Servers, make_key

from tutor.serve.session import ClientEnv

pytestmark = pytest.mark.abuse

_MiB = 1024 * 1024
_COUNT = 2000
_VALUE = "x" * 30_000


async def _flood(port: int, key: Path) -> None:
    env: dict[bytes | str, bytes | str] = {f"V{i}": _VALUE for i in range(_COUNT)}
    env["LANG"] = "zh_CN.UTF-8"
    async with asyncssh.connect(
        "127.0.0.1",
        port,
        username="learner",
        client_keys=[str(key)],
        known_hosts=None,
        agent_path=None,
    ) as conn:
        chan, _session = await conn.create_session(
            asyncssh.SSHClientSession, term_type="xterm", env=env, encoding=None
        )
        await asyncio.sleep(2)  # the session runs; the requests are all in
        chan.close()


@pytest.mark.e2e
@pytest.mark.slow
async def test_two_thousand_big_env_variables_leave_memory_flat(
    servers: Servers, tmp_path: Path
) -> None:
    server = servers.ssh("--open")
    key = make_key(tmp_path)
    before = server.rss()
    await asyncio.wait_for(_flood(server.port, key), 60)
    grown = (server.rss() - before) / _MiB
    print(f"server RSS grew by {grown:.1f} MiB after {_COUNT} env requests of 30 KB")
    assert grown < 16


def test_the_channel_env_keeps_only_short_values_of_the_variables_read() -> None:
    env = ClientEnv()
    env[b"LANG"] = b"zh_CN.UTF-8"
    env[b"COLORTERM"] = b"truecolor"
    env[b"LC_ALL"] = b"x" * 10_000
    env[b"LD_PRELOAD"] = b"/tmp/evil.so"
    assert env == {b"LANG": b"zh_CN.UTF-8", b"COLORTERM": b"truecolor"}
