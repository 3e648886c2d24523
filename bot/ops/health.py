"""Is the bot healthy? The answer `GET /healthz` gives, decided from a few facts with the clock passed in.

Healthy means: the scheduler ticks, ingest passes finish, the database answers, some source can be fetched (one
failing source is no outage; every source failing with none fetched for twice the shortest interval and a retry
failed since, or each told to the operators, is: no news comes in), and every platform that should run is
connected and not failing every send. Each unhealthy answer carries its reasons, in words an operator can act on.

Why these limits: an ingest tick comes every `tick` seconds and each tick's pass returns at once when nothing is
due (a source an earlier pass is still fetching is left to it), so passes finish about every tick even while a
slow source or a large first pass runs. A scheduler three ticks late (plus slack for a loaded machine) is stuck;
a pass that has not finished for as long, plus SQLite's 30 s lock wait, is stuck.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.text import duration_text
from storage.deliveries import FIRST_OF_ITS_CHAT

TICK_SLACK = 10.0
PASS_SLACK = 30.0
# Seconds another program may hold the database's write lock before it is an outage: a backup tool's or a typed
# transaction's moment is not, a shell left after BEGIN is (the bot stores and sends nothing meanwhile).
LOCKED_LIMIT = 60.0
# Seconds a message may wait past its time before the bot is unhealthy: twice the quarter hour the capacity figures
# allow a digest hour's messages (docs/benchmarks.md), so a busy hour is not an outage and a hung send is.
LAG_LIMIT = 30 * 60.0


def delivery_lag(conn: Any, now_iso: str) -> dict[str, tuple[float, int]]:
    """Per platform, how late its messages are: the seconds the oldest message still unsent (due, or sending) has
    waited past its time, and how many are past theirs. A message held back on purpose (a rate limit's pause, a
    retry's backoff) is not late until that wait is over, nor are the messages of its chat behind it, which the
    sender holds in order (`FIRST_OF_ITS_CHAT`): counted, one chat's backoff made the whole platform late.
    `conn` reads the bot's database (sqlite3)."""
    lag: dict[str, tuple[float, int]] = {}
    for platform, oldest, count in conn.execute(
        "SELECT s.platform, MIN(d.next_attempt), COUNT(*) FROM deliveries d JOIN subscriptions s ON "
        "s.id = d.subscription_id WHERE d.state IN ('due', 'sending') AND d.next_attempt <= ? AND s.active = 1 "
        f"AND {FIRST_OF_ITS_CHAT} GROUP BY s.platform",
        [now_iso],
    ):
        waited = _iso_seconds(now_iso) - _iso_seconds(oldest)
        lag[platform] = (max(waited, 0.0), int(count))
    return lag


def _iso_seconds(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


@dataclass(frozen=True)
class Facts:
    """What the health check knows at one moment (monotonic seconds; None for "not yet")."""

    now: float
    tick: float
    started_at: float | None
    last_tick_at: float | None
    last_pass_at: float | None
    database_error: str | None = None
    platforms_down: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    sources: int = 0  # active sources
    sources_alerted: int = 0  # of which have failed `[alerts] after_failures` times in a row (told to operators)
    source_error: str | None = None  # the last error of one of those (or of a failing one)
    sources_failing: int = 0  # of which the last fetch failed
    news_age: float | None = None  # seconds since any active source was last fetched successfully (None: never)
    shortest_interval: float = 0.0  # the shortest fetch interval of the active sources, in seconds
    failure_age: float | None = None  # seconds since the newest failed fetch of a failing source (None: unknown)
    database_locked: float | None = None  # seconds another program has held the write lock, as the bot met it
    lock_holder: str | None = None  # that program, when the kernel told ("pid 4242, sqlite3")
    write_failing: float | None = None  # seconds the bot's own writes have failed (not another program's lock)
    write_error: str | None = None  # SQLite's reason for it ("database or disk is full", ...)
    failing_now: tuple[str, ...] = ()  # the failing sources, most failures first, each with its streak and error
    quiet: tuple[str, ...] = ()  # the sources that answer but brought no new story for long past their habit
    config_refused: str | None = None  # the last config edit refused, while the bot runs on the one before it
    delivery_lag: tuple[tuple[str, float, int], ...] = ()  # per platform: seconds its oldest unsent message is late,
    # and how many are late (`delivery_lag`)


@dataclass(frozen=True)
class Health:
    status: str  # "ok", "starting" or "unhealthy"
    reasons: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def as_json(self) -> dict[str, Any]:
        return {"status": self.status, "reasons": list(self.reasons), **self.details}


def outage_after(shortest_interval: float) -> float:
    """How long no source may be fetched, with every one failing, before it is an outage: twice the shortest
    fetch interval (a failing source is tried again after its interval at the soonest, after a minute at least),
    so that one failed round (a blip of the network) is not one."""
    return 2 * max(shortest_interval, 60.0)


def failed_again(since: float, failure_age: float | None, shortest_interval: float) -> bool:
    """Whether a source failed again after a first failed round: the newest failure came more than an interval and
    a half after the newest good fetch (`since` ago). One failed round's retry comes an interval after its failure,
    twice the interval after the good fetch: while it runs (a tick's wait, a fetch's time) the news is older than
    `outage_after` with no failure since, and a blip is no outage until that retry fails too."""
    return failure_age is None or since - failure_age > 1.5 * max(shortest_interval, 60.0)


def _ago(now: float, moment: float | None) -> float | None:
    return None if moment is None else round(now - moment, 1)


def _no_news(source_error: str | None) -> str:
    """What every source failing means, and where to look: sources that answered but whose entries could not be
    stored (the ingest's "could not store its entries: ...") point at the database, not at the network."""
    if source_error and source_error.startswith("could not store its entries"):
        return 'no news is stored (the database takes no write: see "database")'
    return "no news comes in (the bot's own network?)"


def assess(facts: Facts) -> Health:
    """Healthy, starting, or unhealthy with its reasons."""
    reasons: list[str] = []
    details: dict[str, Any] = {
        "database": "ok" if facts.database_error is None else facts.database_error,
        "last_tick_seconds_ago": _ago(facts.now, facts.last_tick_at),
        "last_pass_seconds_ago": _ago(facts.now, facts.last_pass_at),
        "platforms": {name: "up" for name in facts.platforms},
        # One failing source is no outage (the status stays "ok"), but a monitor that reads /healthz alone would
        # hear nothing of a source dead for a week: it is said here, by name.
        "sources": {"active": facts.sources, "failing": facts.sources_failing}
        | ({"failing_now": list(facts.failing_now)} if facts.failing_now else {})
        | ({"quiet": list(facts.quiet)} if facts.quiet else {}),
    }
    if facts.config_refused is not None:
        # No outage (the bot runs on the config read before), but a monitor reading /healthz alone heard nothing
        # of an edit that never applied, and that stops the next restart.
        details["config"] = facts.config_refused
    if facts.database_error is not None:
        reasons.append(f"the database does not answer: {facts.database_error}")
    elif facts.database_locked is not None:
        held = f"locked by another program{f' ({facts.lock_holder})' if facts.lock_holder else ''} for " \
               f"{duration_text(facts.database_locked)}"
        details["database"] = held
        if facts.database_locked > LOCKED_LIMIT:
            reasons.append(f"the database is {held}: nothing new is stored or sent until it ends its write "
                           "transaction (an sqlite3 shell after BEGIN: COMMIT or ROLLBACK there)")
    elif facts.write_failing is not None:
        # The database still answers reads, but stores nothing (a full disk, a file-size limit, a read-only
        # file): no story is stored and no send recorded. A moment's failure is said; a minute's is an outage.
        failing = f"cannot be written ({facts.write_error or 'unknown'}) for {duration_text(facts.write_failing)}"
        details["database"] = failing
        if facts.write_failing > LOCKED_LIMIT:
            reasons.append(f"the database {failing}: nothing new is stored or sent until it can be (free room on "
                           "its disk, or see `communique status`)")
    for reason in facts.platforms_down:
        reasons.append(reason)
        details["platforms"][reason.split(":", 1)[0]] = reason.split(":", 1)[1].strip()
    down = {reason.split(":", 1)[0] for reason in facts.platforms_down}
    for platform, late, count in facts.delivery_lag:
        # A platform said to be down has its reason; one "up" whose sends hang (a call that never returns) or
        # crawl answered "ok" while every chat waited.
        if late > LAG_LIMIT and platform in facts.platforms and platform not in down:
            reasons.append(f"{platform}: messages are late: the oldest unsent was due {duration_text(late)} ago "
                           f"({count} past their time)")
    if facts.sources and facts.sources_alerted == facts.sources:  # one failing source is no outage; all are
        reasons.append(f"every source is failing ({facts.sources} of {facts.sources}, each [alerts] after_failures "
                       f"times in a row or more; one's last error: {facts.source_error or 'unknown'}): "
                       f"{_no_news(facts.source_error)}")
    elif facts.sources and facts.sources_failing == facts.sources:
        # Not waiting for the alert: the failures' backoff doubles from the interval, so five in a row take
        # about 3 3/4 hours at the default 15 minutes. No source fetched for twice the shortest interval is an
        # outage a monitor should see within the half hour, once a retry has failed since.
        limit = outage_after(facts.shortest_interval)
        since = facts.news_age
        if since is None and facts.started_at is not None:
            since = facts.now - facts.started_at
        if since is not None and since > limit and failed_again(since, facts.failure_age, facts.shortest_interval):
            reasons.append(f"every source is failing ({facts.sources} of {facts.sources}; none fetched for "
                           f"{duration_text(since)}, twice the shortest interval is {duration_text(limit)}; one's last "
                           f"error: {facts.source_error or 'unknown'}): {_no_news(facts.source_error)}")
    if facts.started_at is None:
        return Health("starting", tuple(reasons) or ("the bot is starting (platforms connecting)",), details)
    tick_limit = 3 * facts.tick + TICK_SLACK
    since_tick = facts.now - (facts.last_tick_at if facts.last_tick_at is not None else facts.started_at)
    if since_tick > tick_limit:
        reasons.append(
            f"the scheduler has not ticked for {since_tick:.0f} s (it ticks every {facts.tick:g} s)"
        )
    pass_limit = 3 * facts.tick + PASS_SLACK
    since_pass = facts.now - (facts.last_pass_at if facts.last_pass_at is not None else facts.started_at)
    if since_pass > pass_limit:
        reasons.append(f"the last ingest pass is overdue: none has finished for {since_pass:.0f} s")
    return Health("unhealthy" if reasons else "ok", tuple(reasons), details)
