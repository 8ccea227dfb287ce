"""`serve web` distrusts the browser: sizes, origins, session caps, malformed input, listings."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest
from ssh_helpers import Server, Servers, alive, wait_until

pytestmark = [pytest.mark.abuse, pytest.mark.e2e, pytest.mark.slow]


def _ws(server: Server, query: str = "width=100&height=30") -> str:
    return f"http://127.0.0.1:{server.port}/ws?{query}"


async def _read_until(socket: aiohttp.ClientWebSocketResponse, text: bytes) -> bytes:
    seen = b""
    while text not in seen:
        message = await socket.receive()
        assert message.type == aiohttp.WSMsgType.BINARY, message
        seen += message.data
    return seen


def _vanish(socket: aiohttp.ClientWebSocketResponse) -> None:
    """The browser disappears: its TCP connection is dropped, without a close frame."""
    connection = socket._response.connection
    assert connection is not None and connection.transport is not None
    connection.transport.abort()


def _live_readers(server: Server) -> list[int]:
    return [reader.pid for reader in server.readers() if alive(reader.pid)]


def _no_traceback(server: Server) -> None:
    assert "Traceback" not in server.output()
    assert "locals" not in server.output()


async def test_a_huge_size_is_clamped_and_the_reader_ends_with_its_socket(
    servers: Servers,
) -> None:
    server = servers.web()
    async with aiohttp.ClientSession() as client:
        socket = await client.ws_connect(_ws(server, "width=100000&height=100000"))
        await asyncio.wait_for(_read_until(socket, b"size=1000x1000"), 20)  # clamped
        [reader] = server.readers()
        await socket.send_json(["resize", {"width": 10**9, "height": -5}])
        await asyncio.wait_for(_read_until(socket, b"size=1000x1"), 10)
        _vanish(socket)
    started = time.monotonic()
    wait_until(lambda: not alive(reader.pid), 2, "the reader to end with its socket")
    print(f"reader gone {time.monotonic() - started:.2f} s after the socket closed")
    _no_traceback(server)


@pytest.mark.slow
async def test_the_real_reader_is_gone_two_seconds_after_its_browser_vanishes(
    servers: Servers,
) -> None:
    server = servers.web(script=None)
    async with aiohttp.ClientSession() as client:
        socket = await client.ws_connect(_ws(server, "width=3000&height=3000"))
        await asyncio.wait_for(_read_until(socket, b"page 1/"), 60)
        [reader] = server.readers()
        _vanish(socket)
    started = time.monotonic()
    wait_until(lambda: not alive(reader.pid), 2, "the reader to end with its socket")
    print(f"real reader gone {time.monotonic() - started:.2f} s after the socket closed")


async def test_a_foreign_origin_is_refused(servers: Servers) -> None:
    server = servers.web()
    async with aiohttp.ClientSession() as client:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(_ws(server), headers={"Origin": "http://evil.example"})
        assert refused.value.status == 403
        own = {"Origin": f"http://127.0.0.1:{server.port}"}
        async with client.ws_connect(_ws(server), headers=own) as socket:
            await asyncio.wait_for(_read_until(socket, b"Stand-in reader"), 20)
    wait_until(lambda: not _live_readers(server), 3, "no reader")


async def test_sessions_are_capped_per_address(servers: Servers) -> None:
    server = servers.web("--per-ip", "1")
    async with aiohttp.ClientSession() as client, client.ws_connect(_ws(server)) as first:
        await asyncio.wait_for(_read_until(first, b"Stand-in reader"), 20)
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(_ws(server))
        assert refused.value.status == 503


async def test_malformed_messages_and_plain_http_get_a_clean_answer(servers: Servers) -> None:
    server = servers.web()
    async with aiohttp.ClientSession() as client:
        async with client.get(_ws(server)) as plain:
            assert plain.status == 400
        for bad in ("not json", "[]", '{"a": 1}', "[" * 100_000, '["resize", "x"]'):
            async with client.ws_connect(_ws(server)) as socket:
                await asyncio.wait_for(_read_until(socket, b"Stand-in reader"), 20)
                await socket.send_str(bad)
                if bad == '["resize", "x"]':
                    await socket.send_json(["stdin", "\ud800q"])  # a lone surrogate, then q
                    continue
                message = await asyncio.wait_for(socket.receive(), 10)
                while message.type == aiohttp.WSMsgType.BINARY:
                    message = await asyncio.wait_for(socket.receive(), 10)
                assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        async with client.get(f"http://127.0.0.1:{server.port}/static/") as listing:
            assert listing.status in (403, 404)
            assert "Index of" not in await listing.text()
    wait_until(lambda: not _live_readers(server), 5, "every reader to end")
    _no_traceback(server)
