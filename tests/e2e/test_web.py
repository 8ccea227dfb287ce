"""`serve web`: the page is served, and a browser session runs the reader with a clean env."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from ssh_helpers import Servers

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


async def test_the_web_server_serves_the_app_page(servers: Servers) -> None:
    server = servers.web()
    url = f"http://127.0.0.1:{server.port}/"
    async with aiohttp.ClientSession() as client, client.get(url) as response:
        assert response.status == 200
        page = await response.text()
    assert "textual.js" in page
    assert "backprop-tutor" in page


async def test_a_browser_session_runs_the_reader_served(servers: Servers) -> None:
    server = servers.web()
    url = f"http://127.0.0.1:{server.port}/ws?width=160&height=30"
    seen = b""
    async with aiohttp.ClientSession() as client, client.ws_connect(url) as socket:

        async def read_until(text: bytes) -> None:
            nonlocal seen
            while text not in seen:
                message = await socket.receive()
                assert message.type == aiohttp.WSMsgType.BINARY, message
                seen += message.data

        await asyncio.wait_for(read_until(b"BACKPROP_TUTOR_SERVED"), 20)
    assert b"learner=web-" in seen
    assert b"SSH_CONNECTION" not in seen
    assert b"PYTHONPATH" not in seen  # the server has it; the reader must not
