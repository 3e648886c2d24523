"""Faults at the sources that tests/test_ingest_http.py does not cover, and the schedule of the healthy sources
while the faulty ones misbehave, over many ticks of a running Runtime.

Each fault is isolated to its source, recorded with a readable reason, backed off, shown in `/status` and
`communique status`, and reported to the operators once per failure streak, through the platform.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from bot.config import load_config
from bot.core.commands import Invocation
from bot.ingest.pipeline import Ingestor
from bot.runtime import Runtime
from storage import connect
from storage import sources as source_store
from storage.db import from_iso
from storage.records import Source
from tests.factories import Item, items, rss
from tests.feedserver import FeedServer
from tests.helpers import RecordingPlatform
from tests.reliability.conftest import Figures
from tests.reliability.faultservers import HangingServer, ResettingServer, running
from tests.reliability.harness import REPO, to_toml
from tests.reliability.stories import feed


def ingestor_for(tmp_path: Path, sources: list[dict], **fetch: object) -> Ingestor:
    path = tmp_path / "config.toml"
    path.write_text(to_toml({
        "storage": {"path": str(tmp_path / "communique.db")},
        "fetch": {"allow_private_addresses": True, "timeout": 2, "fetch_full_text": False, **fetch},
        "sources": sources,
    }))
    config = load_config(path)
    ingestor = Ingestor(connect(config.storage.path), config)
    ingestor.sync_sources()
    return ingestor


def row(ingestor: Ingestor, name: str) -> Source:
    return next(s for s in source_store.list_sources(ingestor.db) if s.name == name)


async def test_429_with_retry_after_seconds_or_date_waits_that_long_and_without_backs_off(
    feed_server: FeedServer, tmp_path: Path, figures: Figures
) -> None:
    later = datetime.now(UTC) + timedelta(hours=3)
    feed_server.route("/seconds.xml", status=429, headers={"Retry-After": "5400"})
    feed_server.route("/date.xml", status=429, headers={"Retry-After": format_datetime(later, usegmt=True)})
    feed_server.route("/bare.xml", status=429)
    feed_server.route("/good.xml", body=feed(range(3), "https://press0.example"))
    ingestor = ingestor_for(tmp_path, [
        {"name": n, "url": feed_server.url(f"/{p}.xml"), "interval": 60}
        for n, p in (("Seconds", "seconds"), ("Date", "date"), ("Bare", "bare"), ("Good", "good"))
    ])
    reports = {r.name: r for r in await ingestor.run()}
    now = datetime.now(UTC)
    for name in ("Seconds", "Date", "Bare"):
        assert reports[name].error == "HTTP 429 too many requests"
        assert row(ingestor, name).last_error == "HTTP 429 too many requests"
    assert reports["Good"].ok and reports["Good"].new == 3, "the others are not held up"
    assert from_iso(row(ingestor, "Seconds").next_due) >= now + timedelta(seconds=5390)
    assert from_iso(row(ingestor, "Date").next_due) >= later - timedelta(seconds=5)
    bare = from_iso(row(ingestor, "Bare").next_due) - now
    assert timedelta(seconds=50) <= bare <= timedelta(seconds=70), "no Retry-After: the ordinary backoff"
    [again] = [r for r in await ingestor.run(only_due=False) if r.name == "Bare"]
    assert from_iso(row(ingestor, "Bare").next_due) - datetime.now(UTC) > bare + timedelta(seconds=30), \
        "a second 429 backs off further"
    figures.fault("source HTTP 429 with Retry-After seconds")
    figures.fault("source HTTP 429 with Retry-After date")
    figures.fault("source HTTP 429 without Retry-After", 2)


async def test_a_connection_that_hangs_or_resets_is_cut_and_recorded(
    feed_server: FeedServer, tmp_path: Path, figures: Figures
) -> None:
    feed_server.route("/good.xml", body=feed(range(2), "https://press0.example"))
    with running(HangingServer()) as hang, running(ResettingServer()) as reset:
        ingestor = ingestor_for(tmp_path, [
            {"name": "Hang", "url": hang.url()},
            {"name": "Reset", "url": reset.url()},
            {"name": "Good", "url": feed_server.url("/good.xml")},
        ], timeout=1)
        finished: list[tuple[str, float]] = []
        began = time.monotonic()
        reports = {r.name: r for r in await ingestor.run(progress=lambda r: finished.append((r.name, time.monotonic() - began)))}
        assert hang.connections >= 1 and reset.connections >= 1, "both really connected"
    assert reports["Hang"].error == "timed out after 1 s"
    assert reports["Reset"].error.startswith("network error: "), reports["Reset"].error
    assert reports["Good"].new == 2
    done = dict(finished)
    assert done["Good"] < 0.9 and done["Reset"] < 0.9, "the healthy and the reset source do not wait for the hang"
    assert 0.9 <= done["Hang"] < 3, "the hang is cut at the timeout"
    for name in ("Hang", "Reset"):
        source = row(ingestor, name)
        assert source.failures == 1 and source.last_error == reports[name].error
        assert from_iso(source.next_due) > datetime.now(UTC) + timedelta(seconds=600)
    figures.fault("source connection hangs (accepts, never answers)")
    figures.fault("source connection reset")


SPEED = 60.0  # the bot's clock runs 60 times faster than the wall clock: an interval of 60 s takes 1 s


class FastClock:
    """The Runtime's `now`: wall time since the start, sped up, so many ticks of a schedule fit in seconds."""

    def __init__(self) -> None:
        self.start, self.began = datetime.now(UTC), time.monotonic()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=(time.monotonic() - self.began) * SPEED)


class LoopLag:
    """How late the event loop ran a 50 ms sleep, at worst: what a loaded machine adds to any timing on the loop."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task | None = None

    def start(self) -> LoopLag:
        self._task = asyncio.create_task(self._watch())
        return self

    async def _watch(self) -> None:
        while True:
            began = time.monotonic()
            await asyncio.sleep(0.05)
            self.worst = max(self.worst, time.monotonic() - began - 0.05)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)


HEALTHY = ("Press office A", "Press office B")
HANG = 3  # seconds a hanging source holds its fetch (the fetch timeout): three times a healthy source's interval
RUN = 8.5  # seconds the bot runs: long enough for a hanging source to fail twice


def faulty_sources(feed_server: FeedServer, hang: HangingServer) -> dict[str, tuple[str, str]]:
    """Name -> (URL, the reason status must show) for a source per fault kind."""
    feed_server.route("/trickle.xml", body=rss(items(40)), trickle=0.05)
    feed_server.route("/busy.xml", status=503, headers={"Retry-After": "600"})
    feed_server.route("/limited.xml", status=429)
    feed_server.route("/broken.xml", body=b"<rss><channel><item><title>Half a story")
    feed_server.route("/bomb.xml", body=b"<rss>" + b"\0" * 20_000_000, gzip=True)
    feed_server.route("/loop-a", redirect="/loop-b")
    feed_server.route("/loop-b", redirect="/loop-a")
    feed_server.route("/html.xml", body=b"<!doctype html><html><body><p>Moved</p></body></html>", content_type="text/html")
    return {
        "Hanging wire": (hang.url(), f"timed out after {HANG} s"),
        "Trickling wire": (feed_server.url("/trickle.xml"), f"timed out after {HANG} s"),
        "Busy ministry": (feed_server.url("/busy.xml"), "HTTP 503 service unavailable"),
        "Rate-limited agency": (feed_server.url("/limited.xml"), "HTTP 429 too many requests"),
        "Broken feed": (feed_server.url("/broken.xml"), "malformed feed"),
        "Bomb": (feed_server.url("/bomb.xml"), "response too large"),
        "Looping": (feed_server.url("/loop-a"), "redirect loop"),
        "Not a feed": (feed_server.url("/html.xml"), "HTML page, not a feed"),
    }


async def test_healthy_sources_keep_their_schedule_while_others_fail_and_operators_hear_once(
    feed_server: FeedServer, tmp_path: Path, figures: Figures
) -> None:
    for n, name in enumerate(HEALTHY):
        feed_server.route(f"/healthy-{n}.xml", body=feed(range(n * 3, n * 3 + 3), f"https://press{n}.example"))
    with running(HangingServer()) as hang:
        faulty = faulty_sources(feed_server, hang)
        sources = [{"name": name, "url": feed_server.url(f"/healthy-{n}.xml"), "interval": 60}
                   for n, name in enumerate(HEALTHY)]
        sources += [{"name": name, "url": url, "interval": 60} for name, (url, _) in faulty.items()]
        path = tmp_path / "config.toml"
        path.write_text(to_toml({
            "storage": {"path": str(tmp_path / "communique.db")},
            "fetch": {"allow_private_addresses": True, "timeout": HANG, "fetch_full_text": False,
                      "max_bytes": 200_000},
            "alerts": {"after_failures": 2},
            "telegram": {"operators": ["42"]},
            "sources": sources,
        }))
        platform = RecordingPlatform(name="telegram")
        runtime = Runtime(load_config(path), {"telegram": platform}, now=FastClock(), tick_seconds=0.2)
        fetched: dict[str, list[float]] = {name: [] for name in HEALTHY}
        began = time.monotonic()
        await runtime.start()
        lag = LoopLag().start()
        try:
            while time.monotonic() - began < RUN:
                for n, name in enumerate(HEALTHY):
                    while len(fetched[name]) < feed_server.hits(f"/healthy-{n}.xml"):
                        fetched[name].append(time.monotonic() - began)
                await asyncio.sleep(0.02)
            status = await runtime.run_command(
                Invocation(platform="telegram", chat_id="42", chat_kind="private", user_id="42", command="status")
            )
        finally:
            await lag.stop()
            await runtime.stop()

    # The healthy sources were fetched on time all along: every interval (1 s here) plus at most a tick, plus what
    # a busy machine added to the event loop's own delays (measured), plus a second for a loaded two-core machine
    # (0.35 s was missed by 0.014 s under load). A fetch held up by a hanging source would wait out its whole
    # timeout (HANG s) on top, however busy the machine. The first gap is left out: the first fetch
    # analyses the source's new stories (seconds on a busy machine) before the next is scheduled; later fetches
    # find nothing new.
    for name, times in fetched.items():
        gaps = [b - a for a, b in zip(times, times[1:])][1:]
        assert len(times) >= 4, f"{name} fetched only {len(times)} times in {RUN} s: {times}"
        limit = 1.0 + 0.2 + 1.0 + lag.worst
        assert max(gaps) <= limit, (
            f"{name} slipped: gaps {[round(g, 2) for g in gaps]}, limit {limit:.2f} s (loop lag {lag.worst:.2f} s)"
        )

    db = runtime.db
    rows = {r.name: r for r in source_store.list_sources(db)}
    for name in HEALTHY:
        assert rows[name].failures == 0 and rows[name].last_success
    for name, (_, reason) in faulty.items():
        assert rows[name].failures >= 1 and reason in rows[name].last_error, (name, rows[name].last_error)
    assert rows["Busy ministry"].failures == 1, "Retry-After (600 s = 10 s here) was honoured"
    assert "Busy ministry: 1 failure in a row" in "\n".join(status.sections[0].lines), "counted in words, not 'failure(s)'"

    # /status shows each failing source with its reason.
    shown = "\n".join(status.sections[0].lines)
    for name, (_, reason) in faulty.items():
        assert f"{name}: " in shown and reason in shown, (name, shown)

    # The operator was told once about each source that failed twice in a row (sources reaching their streak in
    # the same pass share one alert), never about a healthy one.
    alerts = [s.payload["text"] for s in platform.sends if s.chat_id == "42"]
    told = {name: sum(f"“{name}”" in text for text in alerts) for name in rows}
    streaks = sorted(name for name, r in rows.items() if r.failures >= 2)
    assert sorted(name for name, times in told.items() if times) == streaks, alerts
    assert all(told[name] == 1 for name in streaks), told
    assert 1 <= len(alerts) <= len(streaks), alerts
    assert "Hanging wire" in streaks and "Rate-limited agency" in streaks
    for text in alerts:
        assert "failed 2 times in a row" in text and "/status" in text

    # `communique status` (another process, same database) shows the same.
    cli = subprocess.run([sys.executable, "-m", "bot", "status", "--config", str(path)], capture_output=True,
                         text=True, timeout=60, cwd=tmp_path, env={"PYTHONPATH": str(REPO), "COLUMNS": "250",
                                                                   "PATH": "/usr/bin:/bin"})
    assert cli.returncode == 0, cli.stderr
    for name, (_, reason) in faulty.items():
        line = next((l for l in cli.stdout.splitlines() if name in l), "")
        assert reason in line, (name, cli.stdout)

    for name in faulty:
        figures.fault(f"source: {name.lower()} (running schedule)")
    figures.notes.append(
        f"healthy sources under {len(faulty)} faulty ones: worst gap "
        f"{max(b - a for t in fetched.values() for a, b in zip(t, t[1:])):.2f} s for a 1 s interval"
    )


async def test_a_feed_of_megabytes_of_entities_does_not_freeze_the_bot(
    feed_server: FeedServer, tmp_path: Path, figures: Figures
) -> None:
    """Parsing happens off the event loop: while a huge feed is read, the loop (sender, commands) keeps turning."""
    body = rss([Item(f"Story {n} &amp; <more>", f"https://press.example/{n}", ["&lt;b&gt; " * 4000])
                for n in range(120)])
    assert 6_000_000 < len(body) < 9_000_000
    feed_server.route("/huge.xml", body=body)
    ingestor = ingestor_for(tmp_path, [{"name": "Huge", "url": feed_server.url("/huge.xml")}],
                            max_bytes=10_000_000, max_entries=3, timeout=20)
    lags: list[float] = []

    async def heartbeat() -> None:
        while True:
            before = time.monotonic()
            await asyncio.sleep(0.01)
            lags.append(time.monotonic() - before - 0.01)

    beating = asyncio.create_task(heartbeat())
    try:
        [report] = await ingestor.run()
    finally:
        beating.cancel()
    assert report.ok and report.new == 3, report.error
    assert max(lags) < 0.5, f"the event loop stalled for {max(lags):.2f} s"
    print(f"worst loop lag {max(lags):.3f} s")
    figures.fault("source: feed of megabytes of entities")


async def test_one_entry_with_control_characters_does_not_sink_its_feed(
    feed_server: FeedServer, tmp_path: Path, figures: Figures
) -> None:
    """Found by the feed property test: lxml refused a title's control character mid-tree, and the whole feed
    failed with an internal error, losing its good entries."""
    entries = [Item("Orlen and Kestria sign a fisheries accord", "https://press.example/1", ["Signed at dawn."]),
               Item("Talks <script>x</script>\x01 resume\x0b in Vienna", "https://press.example/2", ["Resumed."])]
    feed_server.route("/mixed.xml", body=rss(entries))
    ingestor = ingestor_for(tmp_path, [{"name": "Mixed", "url": feed_server.url("/mixed.xml")}])
    [report] = await ingestor.run()
    assert report.ok and report.new == 2, report.error
    titles = {title for (title,) in ingestor.db.execute("SELECT title FROM articles").fetchall()}
    assert "Talks resume in Vienna" in titles, titles
    figures.fault("source: entry with control characters")


async def test_a_source_dead_for_weeks_is_still_recorded_and_backed_off(
    feed_server: FeedServer, tmp_path: Path, figures: Figures
) -> None:
    """Found by the feed property test: the backoff's 2**failures overflowed timedelta after ~40 failures in a
    row; the error escaped the source's error boundary and broke the whole ingest pass for every source."""
    feed_server.route("/dead.xml", status=500)
    feed_server.route("/alive.xml", body=feed(range(2), "https://press0.example"))
    ingestor = ingestor_for(tmp_path, [{"name": "Dead", "url": feed_server.url("/dead.xml")},
                                       {"name": "Alive", "url": feed_server.url("/alive.xml")}])
    ingestor.db.execute("UPDATE sources SET failures = 120 WHERE name = 'Dead'")  # weeks of failures so far
    reports = {r.name: r for r in await ingestor.run()}
    assert reports["Alive"].ok and reports["Alive"].new == 2
    dead = row(ingestor, "Dead")
    assert dead.failures == 121 and dead.last_error == "HTTP 500 server error"
    wait = from_iso(dead.next_due) - datetime.now(UTC)
    assert timedelta(hours=5, minutes=59) < wait <= timedelta(hours=6), "the longest backoff, no more"
    figures.fault("source failing for weeks (backoff overflow)")
