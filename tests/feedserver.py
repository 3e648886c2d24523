"""A real HTTP server on 127.0.0.1 for feed and page tests, with scripted answers and faults.

It runs aiohttp in its own thread and event loop, so synchronous tests, async tests and subprocesses (the CLI)
can all fetch from it. Each path is scripted with a `Route`: status, body, headers, ETag handling, a delay before
answering, a trickle (bytes sent slowly), gzip, a redirect. Every request is recorded.
"""

from __future__ import annotations

import asyncio
import gzip
import threading
from dataclasses import dataclass, field

from aiohttp import web


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # answer 304 when If-None-Match matches
    last_modified: str | None = None
    delay: float = 0.0  # seconds before answering
    trickle: float = 0.0  # seconds between 16-byte chunks
    gzip: bool = False  # send the body gzip-encoded
    redirect: str | None = None  # answer `redirect_status` (302 unless told) to this path
    redirect_status: int = 302


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class FeedServer:
    """Start with `start()`, script with `route()`, stop with `stop()`; `url(path)` gives the address."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()
        # Compressed once per body: compressing a large body on every request held up this server's one loop
        # (and with it every other route) for seconds on a busy machine.
        self._gzipped: dict[bytes, bytes] = {}

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, **kwargs: object) -> Route:
        self.routes[path] = Route(**kwargs)  # type: ignore[arg-type]
        return self.routes[path]

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(Request(request.path_qs, dict(request.headers)))
        route = self.routes.get(request.path_qs) or self.routes.get(request.path)
        if route is None:
            return web.Response(status=404, text="not found")
        if route.delay:
            await asyncio.sleep(route.delay)
        if route.redirect:
            return web.Response(status=route.redirect_status, headers={"Location": route.redirect})
        headers = dict(route.headers)
        if route.etag:
            headers["ETag"] = route.etag
            if request.headers.get("If-None-Match") == route.etag:
                return web.Response(status=304, headers=headers)
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
            if request.headers.get("If-Modified-Since") == route.last_modified:
                return web.Response(status=304, headers=headers)
        body = route.body
        if route.gzip:
            if body not in self._gzipped:
                self._gzipped[body] = gzip.compress(body)
            body = self._gzipped[body]
            headers["Content-Encoding"] = "gzip"
        headers["Content-Type"] = route.content_type
        if not route.trickle:
            return web.Response(status=route.status, body=body, headers=headers)
        response = web.StreamResponse(status=route.status, headers=headers)
        await response.prepare(request)
        for i in range(0, len(body), 16):
            await response.write(body[i : i + 16])
            await asyncio.sleep(route.trickle)
        await response.write_eof()
        return response

    def start(self) -> "FeedServer":
        def serve() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            app = web.Application()
            app.router.add_route("*", "/{tail:.*}", self._handle)
            self._runner = web.AppRunner(app, access_log=None)
            loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            self._ready.set()
            loop.run_forever()
            loop.run_until_complete(self._runner.cleanup())
            loop.close()

        self._thread = threading.Thread(target=serve, daemon=True, name="feed-server")
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the test feed server did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=10)
