"""textual-serve's Server, with the browser side distrusted (see `tutor.serve.web`).

Imported only by `serve web` (it needs aiohttp and textual-serve, the `web` extra).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from tutor.serve.web import (
    COOKIE_DAYS,
    LEARNER_COOKIE,
    Sessions,
    WebConfig,
    clamp,
    end_process,
    learner_of,
    new_token,
    origin_allowed,
    parse_message,
    web_argv,
)

TEMPLATES = Path(__file__).with_name("templates")
"""Our page: textual-serve's, with its fonts served locally and the keyboard taken on load."""

log = logging.getLogger("tutor.serve")


class ReaderService(AppService):
    """One browser session's reader: exec'd (no shell) in its own process group."""

    def __init__(self, argv: Sequence[str], websocket: web.WebSocketResponse, **kw: Any) -> None:
        """Run `argv` for the browser on `websocket`."""

        async def close() -> None:
            await websocket.close()

        super().__init__(
            "",
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            **kw,
        )
        self._argv = list(argv)

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        """Start the launcher (it scrubs the environment and execs the reader)."""
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self._argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """Ask the reader to quit; hang it up and kill it if it does not go at once."""
        process, task = self._process, self._task
        self._task = None
        if process is None:
            return
        if process.returncode is None:
            await self.send_meta({"type": "quit"})
            await end_process(process)
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def on_meta(self, data: bytes) -> None:
        """Only `exit` is acted on; a served reader never opens URLs or delivers files."""
        if b'"exit"' in data:
            await self.remote_close()


class TutorWebServer(Server):
    """The page, static files (never listed) and the websocket that drives one reader."""

    def __init__(self, config: WebConfig, home: Path) -> None:
        """Serve the reader (through the launcher) per browser session, progress in `home`."""
        self.home = home
        super().__init__(
            " ".join(self.argv_for(None, config)),
            host=config.host,
            port=config.port,
            title="backprop-tutor",
            public_url=config.url,
            templates_path=str(TEMPLATES),
        )
        self.config = config
        self.sessions = Sessions(config.max_sessions, config.per_ip)

    def argv_for(self, learner: str | None, config: WebConfig | None = None) -> list[str]:
        """The launcher's command for one browser session of `learner` (None: anonymous)."""
        config = config or self.config
        return web_argv(self.home, config.child, config.fault, config.course, learner)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page; a browser without a learner cookie gets one (HttpOnly, a year)."""
        response: web.StreamResponse = await super().handle_index(request)
        if learner_of(request.cookies.get(LEARNER_COOKIE)) is None:
            response.set_cookie(
                LEARNER_COOKIE,
                new_token(),
                max_age=COOKIE_DAYS * 86400,
                path="/",
                httponly=True,
                samesite="Lax",
                secure=self.config.url.startswith("https:"),
            )
        return response

    def initialize_logging(self) -> None:
        """Plain one-line log records: no Rich tracebacks, never a frame's locals."""
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    async def on_startup(self, app: web.Application) -> None:
        """No banner (the CLI printed the address)."""

    async def _make_app(self) -> web.Application:
        """The routes: the page, the websocket, the static files (no index)."""
        app = web.Application(client_max_size=_MAX_BODY)
        import aiohttp_jinja2
        import jinja2

        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        return app

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        """Check the request, then run one reader for as long as its socket stays open."""
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=_MAX_BODY)
        if not websocket.can_prepare(request).ok:
            return web.Response(status=400, text="a websocket is expected here\n")
        if not origin_allowed(request.headers.get("Origin"), self.config.url):
            log.info("refused a websocket from origin %r", request.headers.get("Origin", "")[:80])
            return web.Response(status=403, text="this page is served from another address\n")
        ip = request.remote or "?"
        refusal = self.sessions.admit(ip)
        if refusal is not None:
            log.info("refused %s: %s", ip, refusal)
            return web.Response(status=503, text=f"backprop-tutor: {refusal}\n")
        try:
            await self._run_session(request, websocket)
        finally:
            self.sessions.release(ip)
        return websocket

    async def _run_session(self, request: web.Request, websocket: web.WebSocketResponse) -> None:
        width = clamp(request.query.get("width", "80"), 80)
        height = clamp(request.query.get("height", "24"), 24)
        await websocket.prepare(request)
        learner = learner_of(request.cookies.get(LEARNER_COOKIE))
        argv = self.argv_for(learner)
        service = ReaderService(argv, websocket, download_manager=self.download_manager)
        try:
            await service.start(width, height)
            await self._relay(websocket, service)
        except (OSError, ConnectionError) as err:
            log.info("web session ended: %s", err)
        finally:
            await service.stop()
            await websocket.close()

    async def _relay(self, websocket: web.WebSocketResponse, service: ReaderService) -> None:
        """Browser messages → the reader; anything malformed closes the socket."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                break
            parsed = parse_message(message.data)
            if parsed is None:
                log.info("closed a web session: malformed message")
                break
            kind, data = parsed
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8", errors="replace"))
            elif kind == "resize" and isinstance(data, dict):
                width, height = clamp(data.get("width"), 80), clamp(data.get("height"), 24)
                await service.set_terminal_size(width, height)
            elif kind == "ping":
                await websocket.send_json(["pong", str(data)[:64]])
            elif kind in ("blur", "focus"):
                await (service.blur() if kind == "blur" else service.focus())


_MAX_BODY = 64 * 1024
"""Bytes of one request body or websocket message."""
