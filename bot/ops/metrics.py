"""What a running bot reports about itself: Prometheus metrics, and the facts the health check reads.

Two kinds of figures, kept apart:
- what only the process knows (how long ingest passes and sends take, what the platforms answered) is counted
  as it happens, through an `Observer` the runtime tells of each finished pass and a `MeasuredPlatform` around
  each adapter (the sender and the commands never know they are measured);
- what the database knows (sources ok or failing, articles, the deliveries ledger, subscriptions, the last
  successful fetch) is read at scrape time with plain read-only SQL on a connection of its own, so a scrape
  never shares the bot's connection, and the figures survive a restart.

The exposition is `prometheus_client`'s, on a registry of this process's own (never the library's global one).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    disable_created_metrics,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import choose_encoder
from prometheus_client.registry import Collector

from bot.core.commands import CommandService, Reply
from bot.core.digest import Digest
from bot.core.outcomes import Gone, Moved, Outcome, Rejected, RetryAfter, Sent, Transient
from bot.core.platform import ChatAlias, Payload, Platform, SendLimits
from bot.ops.health import delivery_lag
from storage.db import to_iso

STATES = ("due", "sending", "sent", "failed")
# A send that took longer than 30 s is in the +Inf bucket; the adapters give up at about that point anyway.
SEND_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
PASS_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)
# A source is "overdue" when its fetch is this late: the ingest is not keeping up with the schedule.
OVERDUE_AFTER = timedelta(minutes=5)
# A platform whose sends failed this many times in a row, with no success since, is reported down.
DOWN_AFTER_FAILURES = 3


def outcome_label(outcome: Outcome | None) -> str:
    """The outcome's name as a metric label; None is an adapter that raised instead of answering."""
    match outcome:
        case Sent():
            return "sent"
        case RetryAfter():
            return "retry_after"
        case Transient():
            return "transient"
        case Gone():
            return "gone"
        case Moved():
            return "moved"
        case Rejected():
            return "rejected"
    return "error"


@dataclass
class PlatformState:
    """How a platform's recent sends went, for the health check."""

    consecutive_failures: int = 0
    last_failure: str | None = None
    last_success_at: float | None = None
    failing_chats: set[str] = field(default_factory=set)  # the chats of those failures


class RuntimeView(Protocol):
    """The parts of `bot.runtime.Runtime` the health check reads (monotonic seconds)."""

    tick_seconds: float
    started_at: float | None
    last_tick_at: float | None
    last_pass_at: float | None
    quiet_notes: tuple[str, ...]  # the quiet sources' lines (bot.ingest.quiet), as the runtime's last look found them

    def write_lock(self) -> tuple[datetime, str | None] | None:
        """Since when another program holds the database's write lock, and who, as the bot met it; None if not."""

    def write_failure(self) -> tuple[datetime, str] | None:
        """Since when the bot's own writes fail, and why (a full disk, a file-size limit); None while they work."""

    @property
    def config_refused(self) -> str | None:
        """The last config edit refused, and that the bot runs on the config read before it; None once one applies."""


class Observer:
    """The process's own figures, and the platform states the health check reads.

    Updated on the event loop, read by the endpoint's threads: each update is a few attribute writes, and
    `prometheus_client`'s metrics are thread-safe.
    """

    def __init__(self, db_path: Path | str, *, process: bool = True) -> None:
        disable_created_metrics()  # no `_created` series beside each counter: noise for this process's scrapes
        self.db_path = Path(db_path)
        self.registry = CollectorRegistry()
        self.platforms: dict[str, Platform] = {}
        self.absent: dict[str, str] = {}  # platforms that did not start while chats wait there, with why
        self.states: dict[str, PlatformState] = {}
        self._lock = threading.Lock()
        r = self.registry
        self.pass_seconds = Histogram(
            "communique_ingest_pass_seconds", "How long an ingest pass over the due sources took", registry=r,
            buckets=PASS_BUCKETS,
        )
        self.checks = Counter(
            "communique_source_checks", "Sources fetched, by result (ok, not_modified, failed)", ["result"],
            registry=r,
        )
        self.ingested = Counter(
            "communique_articles_ingested", "Articles stored or updated by ingest passes since start", ["kind"],
            registry=r,
        )
        self.send_seconds = Histogram(
            "communique_send_seconds", "How long a platform took to answer one send", ["platform"], registry=r,
            buckets=SEND_BUCKETS,
        )
        self.sends = Counter(
            "communique_sends", "Sends by platform and outcome (sent, retry_after, transient, gone, moved, "
            "rejected, error)", ["platform", "outcome"], registry=r,
        )
        self.rate_limited = Counter(
            "communique_rate_limited", "Rate-limit answers (HTTP 429, retry after) received from a platform",
            ["platform"], registry=r,
        )
        self.quiet = Gauge(
            "communique_sources_quiet", "Sources whose feed answers but brought no new story for long past their "
            "habit (bot.ingest.quiet), as the bot's last look found them", registry=r,
        )
        r.register(DatabaseCollector(self.db_path, lambda: list(self.platforms)))
        if process:
            ProcessCollector(registry=r)  # resident memory, CPU seconds, open files of this process

    # --- what the runtime and the adapters report --------------------------------------------------------

    def pass_finished(self, reports: Sequence[Any], seconds: float) -> None:
        """An ingest pass ended: its duration and what each source's fetch gave."""
        self.pass_seconds.observe(seconds)
        for report in reports:
            result = "failed" if not report.ok else "not_modified" if report.not_modified else "ok"
            self.checks.labels(result).inc()
            if report.new:
                self.ingested.labels("new").inc(report.new)
            if report.updated:
                self.ingested.labels("updated").inc(report.updated)

    def send_finished(self, platform: str, outcome: Outcome | None, seconds: float, chat_id: str = "") -> None:
        label = outcome_label(outcome)
        self.send_seconds.labels(platform).observe(seconds)
        self.sends.labels(platform, label).inc()
        if label == "retry_after":
            self.rate_limited.labels(platform).inc()
        with self._lock:
            state = self.states.setdefault(platform, PlatformState())
            if label == "sent":
                state.consecutive_failures, state.last_success_at = 0, time.monotonic()
                state.failing_chats.clear()
            elif label in ("transient", "error"):
                state.consecutive_failures += 1
                state.failing_chats.add(chat_id)
                state.last_failure = getattr(outcome, "reason", None) or "the adapter raised an error"

    def measure(self, platforms: dict[str, Platform]) -> dict[str, Platform]:
        """The same platforms, each wrapped so that its sends are timed and counted here."""
        measured: dict[str, Platform] = {name: MeasuredPlatform(p, self) for name, p in platforms.items()}
        self.platforms = dict(platforms)
        for name in platforms:
            self.states.setdefault(name, PlatformState())
            for label in ("sent", "retry_after", "transient"):
                self.sends.labels(name, label)  # the series exist from the start, at 0
            self.rate_limited.labels(name)
        return measured

    def attach(self, runtime: Any) -> None:
        """Hear of every ingest pass the runtime finishes."""
        runtime.pass_listeners.append(self.pass_finished)
        self.quiet.set_function(lambda: len(runtime.quiet_notes))

    # --- what the endpoint asks --------------------------------------------------------------------------

    def platforms_down(self, chats_served: Mapping[str, int] | None = None) -> list[str]:
        """A reason per platform that should run but cannot: not connected, or its last sends all failed, to two
        chats or more (`chats_served`: how many each platform serves; one serving a single chat fails with it)."""
        reasons = []
        for name, platform in self.platforms.items():
            if not platform.ready:
                reasons.append(f"{name}: {platform.problem or 'not connected'}")
                continue
            with self._lock:
                state = self.states.get(name) or PlatformState()
                failures, last, failing = state.consecutive_failures, state.last_failure, len(state.failing_chats)
            # One chat's messages failing on an otherwise quiet bot (each retry is the only send) is that chat's
            # trouble, not the platform's: it made the whole bot unhealthy. Two chats failing with no success
            # between is an outage, and so is the only chat's on a platform that serves one (nothing arrives).
            needed = 1 if chats_served is not None and chats_served.get(name, 0) <= 1 else 2
            if failures >= DOWN_AFTER_FAILURES and failing >= needed:
                reasons.append(f"{name}: the last {failures} sends failed ({last})")
        reasons.extend(f"{name}: {why}" for name, why in self.absent.items())
        return reasons

    def exposition(self, accept: str | None) -> tuple[bytes, str]:
        """The metrics in the format the scraper asks for (`Accept`; Prometheus' text format 0.0.4 when it names
        none), and that format's content type."""
        encoder, content_type = choose_encoder(accept or "")
        return encoder(self.registry), content_type


class MeasuredPlatform:
    """A platform adapter with its sends timed and their outcomes counted; everything else passes through."""

    def __init__(self, inner: Platform, observer: Observer) -> None:
        self.inner = inner
        self.observer = observer
        self.name: str = inner.name
        self.limits: SendLimits = inner.limits

    @property
    def settling(self) -> float:
        return self.inner.settling

    def render_digest(self, digest: Digest) -> list[Payload]:
        return self.inner.render_digest(digest)

    def render_reply(self, reply: Reply) -> list[Payload]:
        return self.inner.render_reply(reply)

    async def start(self, commands: CommandService) -> None:
        await self.inner.start(commands)

    async def stop(self) -> None:
        await self.inner.stop()

    async def chat_alias(self, chat_id: str) -> ChatAlias:
        return await self.inner.chat_alias(chat_id)

    async def send(self, chat_id: str, payload: Payload, key: str = "") -> Outcome:
        began = time.perf_counter()
        outcome: Outcome | None = None
        try:
            outcome = await self.inner.send(chat_id, payload, key)
            return outcome
        finally:
            self.observer.send_finished(self.name, outcome, time.perf_counter() - began, chat_id)

    def __getattr__(self, name: str) -> Any:  # the adapter's own attributes (`ready`, the console's printing)
        return getattr(self.inner, name)


def read_only(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """A connection that can only read the bot's database, and never creates it."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
    return conn


def epoch(value: str | None) -> float | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


class DatabaseCollector(Collector):
    """The database's figures, read at each scrape (a few COUNTs over indexed tables)."""

    def __init__(self, path: Path, platforms: Callable[[], Iterable[str]]) -> None:
        self.path = path
        self.platforms = platforms

    def collect(self) -> Iterator[GaugeMetricFamily]:
        yield from self._disk()
        up = GaugeMetricFamily("communique_database_up", "1 when the database answered this scrape's queries")
        try:
            conn = read_only(self.path)
            try:
                families = list(self._read(conn))
            finally:
                conn.close()
        except sqlite3.Error:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _disk(self) -> Iterator[GaugeMetricFamily]:
        """The database's size (with its write-ahead log) and the room left on its disk, read from the files even
        when the database does not answer: a disk filling up is worth an alert before SQLite fails to write."""
        size = 0
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                size += os.stat(f"{self.path}{suffix}").st_size
        yield GaugeMetricFamily("communique_database_bytes", "Size of the database file with its -wal and -shm",
                                value=size)
        try:
            disk = os.statvfs(Path(self.path).parent)
        except OSError:
            return
        yield GaugeMetricFamily("communique_database_disk_free_bytes",
                                "Room left on the database's disk for this process (bytes)",
                                value=disk.f_bavail * disk.f_frsize)

    def _read(self, conn: sqlite3.Connection) -> Iterator[GaugeMetricFamily]:
        overdue_before = (datetime.now(UTC) - OVERDUE_AFTER).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        ok, failing, never, overdue, last = conn.execute(
            "SELECT COALESCE(SUM(failures = 0 AND last_success IS NOT NULL), 0), COALESCE(SUM(failures > 0), 0), "
            "COALESCE(SUM(failures = 0 AND last_success IS NULL), 0), COALESCE(SUM(next_due < ?), 0), "
            "MAX(last_success) FROM sources WHERE active = 1",
            [overdue_before],
        ).fetchone()
        sources = GaugeMetricFamily(
            "communique_sources", "Active sources by state: ok (last fetch worked), failing, never fetched yet",
            labels=["state"],
        )
        for state, count in (("ok", ok), ("failing", failing), ("never_fetched", never)):
            sources.add_metric([state], count)
        yield sources
        yield GaugeMetricFamily(
            "communique_sources_overdue",
            f"Active sources whose fetch is more than {int(OVERDUE_AFTER.total_seconds())} s late (ingest behind)",
            value=overdue,
        )
        stamp = epoch(last)
        if stamp is not None:
            yield GaugeMetricFamily(
                "communique_last_ingest_success_timestamp_seconds",
                "When a source was last fetched successfully (Unix time)", value=stamp,
            )
        (articles,) = conn.execute("SELECT COUNT(*) FROM articles").fetchone()
        yield GaugeMetricFamily("communique_articles_stored", "Articles in the database", value=articles)
        (untracked,) = conn.execute("SELECT COUNT(*) FROM articles WHERE tracked = 0").fetchone()
        yield GaugeMetricFamily(
            "communique_articles_untracked",
            "Stored articles the pledge tracker has not read yet (its backlog: their pledges and follow-ups wait)",
            value=untracked,
        )

        platforms = set(self.platforms())
        ledger: dict[tuple[str, str], int] = {(p, s): 0 for p in platforms for s in STATES}
        for platform, state, count in conn.execute(
            "SELECT s.platform, d.state, COUNT(*) FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id "
            "GROUP BY s.platform, d.state"
        ):
            ledger[(platform, state)] = count
        deliveries = GaugeMetricFamily(
            "communique_deliveries", "Messages in the delivery ledger by platform and state (due, sending, sent, "
            "failed)", labels=["platform", "state"],
        )
        for (platform, state), count in sorted(ledger.items()):
            deliveries.add_metric([platform, state], count)
        yield deliveries
        late = delivery_lag(conn, to_iso(datetime.now(UTC)))
        lag = GaugeMetricFamily(
            "communique_delivery_lag_seconds", "How long the oldest message still unsent has waited past its time "
            "(0: none is late); a rate limit's pause or a retry's backoff is not lateness", labels=["platform"],
        )
        for platform in sorted(platforms | late.keys()):
            lag.add_metric([platform], round(late.get(platform, (0.0, 0))[0], 1))
        yield lag

        active: dict[str, int] = dict.fromkeys(platforms, 0)
        for platform, count in conn.execute(
            "SELECT platform, COUNT(*) FROM subscriptions WHERE active = 1 GROUP BY platform"
        ):
            active[platform] = count
        subscriptions = GaugeMetricFamily(
            "communique_subscriptions_active", "Active subscriptions (chats and channels) by platform",
            labels=["platform"],
        )
        for platform, count in sorted(active.items()):
            subscriptions.add_metric([platform], count)
        yield subscriptions
