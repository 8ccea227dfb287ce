"""`serve web` in a real browser (headless Chromium, when installed): the page takes the
keyboard on load, and loads nothing from another host.

Chromium is driven over its DevTools protocol on 127.0.0.1; the server and the browser are
started by the test and stopped by pid. Without Chromium on PATH the test is skipped (the
template's focus code and local font are checked in tests/unit/test_web_learner.py).
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from ssh_helpers import Servers, free_port, wait_until

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed"),
]


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[int]:
    """Headless Chromium with its DevTools port on 127.0.0.1; yields the port."""
    assert CHROMIUM is not None
    port = free_port()
    proc = subprocess.Popen(
        [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "--remote-debugging-address=127.0.0.1",
            f"--remote-debugging-port={port}",
            "--window-size=1000,700",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: _listening(port), 30, "Chromium's DevTools port")
        yield port
    finally:
        proc.kill()
        proc.wait(10)


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


class DevTools:
    """A minimal DevTools protocol client for one page."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send a command and wait for its result (events meanwhile are kept)."""
        ident = next(self.ids)
        await self.socket.send_str(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads((await self.socket.receive()).data)
            if message.get("id") == ident:
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def wait_for(self, expression: str, timeout: float = 60) -> None:
        """Poll a JavaScript expression until it is true."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not await self.evaluate(expression):
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"timed out waiting for {expression}")
            await asyncio.sleep(0.2)


async def test_the_page_takes_the_keyboard_and_stays_on_this_host(
    servers: Servers, chromium: int, tmp_path: Path
) -> None:
    server = servers.web(script=None)
    async with aiohttp.ClientSession() as client:
        async with client.get(f"http://127.0.0.1:{chromium}/json/list") as response:
            pages = await response.json()
        page = next(p for p in pages if p["type"] == "page")
        async with client.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as socket:
            tools = DevTools(socket)
            await tools.call("Network.enable")
            # A learner's tab is in the foreground: its document has the system focus.
            await tools.call("Emulation.setFocusEmulationEnabled", enabled=True)
            await tools.call("Page.navigate", url=f"http://127.0.0.1:{server.port}/")
            await tools.wait_for("document.body && document.body.classList.contains('-first-byte')")
            await tools.wait_for(
                "document.activeElement && "
                "document.activeElement.classList.contains('xterm-helper-textarea')",
                20,
            )
            await asyncio.sleep(8)  # the reader draws its first page
            first = await tools.call("Page.captureScreenshot", format="png")
            await tools.call(
                "Input.dispatchKeyEvent",
                type="keyDown",
                key=" ",
                code="Space",
                text=" ",
                windowsVirtualKeyCode=32,
            )
            await tools.call(
                "Input.dispatchKeyEvent",
                type="keyUp",
                key=" ",
                code="Space",
                windowsVirtualKeyCode=32,
            )
            await asyncio.sleep(3)
            second = await tools.call("Page.captureScreenshot", format="png")
            fonts = await tools.evaluate(
                "document.fonts.check('16px \"Roboto Mono\"') && "
                "[...document.fonts].some("
                "f => f.family.includes('Roboto Mono') && f.status === 'loaded')"
            )
    (tmp_path / "first.png").write_bytes(base64.b64decode(first["data"]))
    (tmp_path / "second.png").write_bytes(base64.b64decode(second["data"]))
    sent = [
        event["params"]["response"]["payloadData"]
        for event in tools.events
        if event.get("method") == "Network.webSocketFrameSent"
    ]
    focus = [frame for frame in sent if frame in ('["focus"]', '["blur"]')]
    assert focus and focus[-1] == '["focus"]'  # the reader was told it has the focus
    assert first["data"] != second["data"]  # Space, pressed without a click, turned the page
    urls = [
        event["params"]["request"]["url"]
        for event in tools.events
        if event.get("method") == "Network.requestWillBeSent"
    ]
    assert urls and all(
        url.startswith(f"http://127.0.0.1:{server.port}/")
        or url.startswith(f"ws://127.0.0.1:{server.port}/")
        or url.startswith("data:")
        for url in urls
    ), urls
    assert fonts
