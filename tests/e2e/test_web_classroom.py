"""`serve web` for a class: the page uses `--public-url`, and a browser comes back to its page.

The browser is an HTTP + websocket client (aiohttp) keeping its cookies; the reader's output is
rendered with pyte to read the screen. Everything on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import aiohttp
import pyte
import pytest
from ssh_helpers import Server, Servers

from tutor.serve.web import LEARNER_COOKIE

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
WIDTH, HEIGHT = 100, 30


async def test_the_page_uses_the_public_url(servers: Servers) -> None:
    server = servers.web("--public-url", "https://tutor.example.org/")
    async with (
        aiohttp.ClientSession() as client,
        client.get(f"http://127.0.0.1:{server.port}/") as response,
    ):
        page = await response.text()
        cookie = response.headers.get("Set-Cookie", "")
    assert 'data-session-websocket-url="wss://tutor.example.org/ws"' in page
    assert 'src="https://tutor.example.org/static/js/textual.js"' in page
    assert "https://tutor.example.org/static/fonts/RobotoMono-VariableFont_wght.ttf" in page
    assert "127.0.0.1" not in page and "googleapis" not in page
    assert cookie.startswith(f"{LEARNER_COOKIE}=")
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie


class Browser:
    """One browser: a cookie jar that keeps what the server set, across visits."""

    def __init__(self, server: Server) -> None:
        """A browser for `server` with an empty cookie jar."""
        self.base = f"http://127.0.0.1:{server.port}"
        self.jar = aiohttp.CookieJar(unsafe=True)  # keep cookies set by an IP address

    async def visit(self, keys: str, wait_for: str, then: str | None = None) -> str:
        """Load the page, open the reader, wait for `wait_for`, type `keys`, wait for `then`;
        return the screen."""
        screen = pyte.Screen(WIDTH, HEIGHT)
        stream = pyte.ByteStream(screen)
        async with aiohttp.ClientSession(cookie_jar=self.jar) as client:
            async with client.get(f"{self.base}/") as response:
                assert response.status == 200
            url = f"{self.base}/ws?width={WIDTH}&height={HEIGHT}"
            async with client.ws_connect(url) as socket:
                await asyncio.wait_for(_until(socket, stream, screen, wait_for), 60)
                if keys:
                    await socket.send_str(json.dumps(["stdin", keys]))
                if then is not None:
                    await asyncio.wait_for(_until(socket, stream, screen, then), 30)
        return "\n".join(screen.display)


async def _until(
    socket: aiohttp.ClientWebSocketResponse,
    stream: pyte.ByteStream,
    screen: pyte.Screen,
    text: str,
) -> None:
    while text not in "\n".join(screen.display):
        message = await socket.receive()
        if message.type == aiohttp.WSMsgType.BINARY:
            stream.feed(message.data)
        elif message.type != aiohttp.WSMsgType.TEXT:
            raise AssertionError(f"socket closed before {text!r}:\n" + "\n".join(screen.display))


@pytest.mark.abuse
async def test_a_returning_browser_resumes_and_a_new_one_starts_afresh(servers: Servers) -> None:
    server = servers.web(script=None)
    browser = Browser(server)
    await browser.visit(" ", "page 1/", then="page 2/")
    cookies = {cookie.key for cookie in browser.jar}
    assert cookies == {LEARNER_COOKIE}
    screen = await browser.visit("", "page 2/")  # the second visit opens where it left off
    assert "Traceback" not in screen
    await Browser(server).visit("", "page 1/")  # another browser is another learner
    rows = sqlite3.connect(server.home / "progress.db").execute(
        "SELECT DISTINCT learner FROM visits"
    )
    found = sorted(str(row[0]) for row in rows)
    assert len(found) == 2 and all(name.startswith("web-") for name in found)
    token = next(cookie.value for cookie in browser.jar)
    assert all(token not in name for name in found)


async def test_serve_web_serves_the_teachers_course(servers: Servers, tmp_path: Path) -> None:
    course = tmp_path / "course.md"
    course.write_text("---\ntitle: Our own lesson\nid: own\n---\n\nHello from the teacher.\n")
    server = servers.web(str(course), script=None)
    assert "1 lessons, 0 widgets, 0 quizzes: OK" in server.output()
    await Browser(server).visit("", "Hello from the teacher.")
