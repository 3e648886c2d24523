"""The optional HTTP endpoint: `GET /healthz` and `GET /metrics`, on the address `[metrics] listen` names.

It runs in threads of its own, not on the bot's event loop: a health check must still answer (503, "the
scheduler has not ticked") when the loop is stuck, which is exactly when an orchestrator needs to hear it.
It reads the database through its own read-only connections, never the bot's.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bot.core.text import count_of
from bot.listen import ListenError, is_loopback, parse_listen
from bot.ops.health import Facts, Health, assess, delivery_lag
from bot.ops.metrics import Observer, RuntimeView, read_only
from bot.redact import redact
from storage.db import from_iso, to_iso
from storage.subscriptions import active_chats

FAILING_SHOWN = 5  # failing sources /healthz names (the most failures first); `communique status` lists them all

log = logging.getLogger(__name__)


def _seconds_since(stamp: str | None, wall: float) -> float | None:
    """Seconds from a stored time to the wall-clock `wall` (None for none)."""
    moment = from_iso(stamp)
    return None if moment is None else max(0.0, wall - moment.timestamp())


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    health: Callable[[], Health]
    metrics: Callable[[str | None], tuple[bytes, str]]


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "Communique"
    sys_version = ""

    def do_GET(self) -> None:  # noqa: N802  (the name http.server calls)
        path = self.path.split("?", 1)[0]
        if path == "/healthz":
            health = self.server.health()
            body = (json.dumps(health.as_json(), ensure_ascii=False) + "\n").encode()
            self._answer(200 if health.ok else 503, "application/json; charset=utf-8", body)
        elif path == "/metrics":
            body, content_type = self.server.metrics(self.headers.get("Accept"))
            self._answer(200, content_type, body)
        else:
            self._answer(404, "text/plain; charset=utf-8", b"not found: try /healthz or /metrics\n")

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def _answer(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (the base class's name)
        log.debug("%s %s", self.address_string(), format % args)


class Endpoint:
    """The endpoint of one running bot: start() binds and serves in a thread, stop() closes it."""

    def __init__(self, listen: str, observer: Observer, runtime: RuntimeView) -> None:
        self.host, self.port = parse_listen(listen)
        self.observer = observer
        self.runtime = runtime
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def facts(self) -> Facts:
        error = None
        sources, alerted, failing, source_error = 0, 0, 0, None
        news_age, failure_age, shortest = None, None, 0.0
        failing_now: tuple[str, ...] = ()
        chats: dict[str, int] | None = None
        lag: dict[str, tuple[float, int]] = {}
        now, wall = time.monotonic(), time.time()
        try:
            conn = read_only(self.observer.db_path, timeout=5.0)
            try:
                conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()
                sources, alerted, failing, newest, shortest, failed = conn.execute(
                    "SELECT COUNT(*), COALESCE(SUM(alerted), 0), COALESCE(SUM(failures > 0), 0), MAX(last_success), "
                    "COALESCE(MIN(interval), 0), MAX(CASE WHEN failures > 0 THEN last_attempt END) FROM sources "
                    "WHERE active = 1").fetchone()
                row = conn.execute("SELECT last_error FROM sources WHERE active = 1 AND failures > 0 "
                                   "ORDER BY alerted DESC, last_attempt DESC LIMIT 1").fetchone()
                source_error = row[0] if row else None
                failing_now = tuple(
                    f"{name}: {count_of(failures, 'failure')} in a row, the last: {redact((error or 'unknown')[:200])}"
                    for name, failures, error in conn.execute(
                        "SELECT name, failures, last_error FROM sources WHERE active = 1 AND failures > 0 "
                        "ORDER BY failures DESC, name LIMIT ?", (FAILING_SHOWN,)))
                news_age = _seconds_since(newest, wall)
                failure_age = _seconds_since(failed, wall)
                chats = active_chats(conn)
                lag = delivery_lag(conn, to_iso(datetime.fromtimestamp(wall, UTC)))
            finally:
                conn.close()
        except Exception as exc:  # any failure to read is the answer: the database does not answer
            error = str(exc) or type(exc).__name__
        lock = self.runtime.write_lock()
        failure = self.runtime.write_failure() if lock is None else None
        return Facts(
            now=now,
            database_locked=round(wall - lock[0].timestamp(), 1) if lock is not None else None,
            lock_holder=lock[1] if lock is not None else None,
            write_failing=round(wall - failure[0].timestamp(), 1) if failure is not None else None,
            write_error=redact(failure[1]) if failure is not None else None,
            sources_failing=int(failing),
            news_age=news_age,
            failure_age=failure_age,
            shortest_interval=float(shortest),
            tick=self.runtime.tick_seconds,
            started_at=self.runtime.started_at,
            last_tick_at=self.runtime.last_tick_at,
            last_pass_at=self.runtime.last_pass_at,
            database_error=error,
            platforms_down=tuple(self.observer.platforms_down(chats)),
            platforms=tuple(self.observer.platforms),
            sources=int(sources),
            sources_alerted=int(alerted),
            source_error=redact(source_error[:200]) if source_error else None,
            failing_now=failing_now,
            quiet=self.runtime.quiet_notes[:FAILING_SHOWN],
            config_refused=redact(refused) if (refused := self.runtime.config_refused) else None,
            delivery_lag=tuple((name, late, count) for name, (late, count) in sorted(lag.items())),
        )

    def health(self) -> Health:
        return assess(self.facts())

    def start(self) -> None:
        server_class = _Server6 if ":" in self.host else _Server
        try:
            server = server_class((self.host, self.port), _Handler)
        except OSError as exc:
            raise ListenError(
                f"cannot listen on {self.host}:{self.port} for /healthz and /metrics ({exc.strerror or exc}): "
                "change [metrics] listen, or stop what uses that port"
            ) from None
        server.health = self.health
        server.metrics = self.observer.exposition
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="metrics-endpoint", daemon=True)
        self._thread.start()
        where = "" if is_loopback(self.host) else " (reachable from other machines)"
        log.info("health and metrics on %s/healthz and %s/metrics%s", self.url, self.url, where)

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class Monitoring:
    """Health and metrics for one `communique run`: measure the platforms before the runtime is built, start the
    endpoint once it is, stop it at the end. The address is checked first, so a typo stops nothing halfway."""

    def __init__(self, listen: str, db_path: Path | str) -> None:
        parse_listen(listen)
        self.listen = listen
        self.observer = Observer(db_path)
        self.endpoint: Endpoint | None = None

    def measure(self, platforms: dict[str, Any]) -> dict[str, Any]:
        return self.observer.measure(platforms)

    def start(self, runtime: Any) -> None:
        self.observer.attach(runtime)
        self.endpoint = Endpoint(self.listen, self.observer, runtime)
        self.endpoint.start()

    def stop(self) -> None:
        if self.endpoint is not None:
            self.endpoint.stop()
            self.endpoint = None
