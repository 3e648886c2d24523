"""Telegram figures, all through the real python-telegram-bot and the Bot API test peer on 127.0.0.1:

- rendering digests as HTML (with the renderer's own check of every message);
- fan-out: one digest to 1,000 chats through the ledger, the real sender and the Telegram adapter, the sender
  limited to 30 messages/s, with a burst of 429s (retry_after=1) injected midway: achieved rate as a fraction
  of the limit (goal >= 0.9), duplicates and losses (goal 0 each);
- `/latest` with 100,000 articles in the database: reply latency through PTB and the peer (p50, p99), and of
  the command function alone.

One run per table; machines here are noisy, so read the figures as orders of magnitude.
Runnable standalone: `python benchmarks/bench_telegram.py [--chats N] [--articles N] [--quick]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.analysis.model import Pledge, Quote  # noqa: E402
from bot.core.digest import AlsoReported, Digest, Story  # noqa: E402
from bot.platforms.telegram.render import render_digest  # noqa: E402


def invented_stories(count: int) -> list[Story]:
    """Typical digest stories (invented copy): four summary sentences, a quote, a pledge, another outlet."""
    start = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    return [
        Story(
            article_id=n,
            title=f"Round {n} of the regional dialogue ends with a joint statement & a timetable",
            url=f"https://bench.example/world/{n}",
            source="Bench Wire",
            published=start - timedelta(minutes=n),
            summary=[f"Delegations met for the {n}th time on Tuesday in the capital."] * 4,
            quotes=[Quote("A. Envoy", "We leave with a calendar and the will to keep it.")],
            pledges=[Pledge("The host government", "convene the next round", "...", "within a month")],
            also_reported_by=[AlsoReported("Other Bench Post", f"https://other.bench.example/{n}")],
        )
        for n in range(count)
    ]


def time_renders(digest: Digest, runs: int = 5) -> tuple[float, int]:
    """Median seconds to render the digest, and how many messages it makes."""
    timings, messages = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        messages = len(render_digest(digest))
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), messages


async def round_trips(count: int) -> tuple[float, float, float]:
    """A /latest command sent as a user, answered by a PTB handler, seen by the peer: (start s, median, max ms)."""
    from telegram import Update
    from telegram.ext import Application, CommandHandler, ContextTypes

    from tests.peers.telegram_peer import TelegramPeer

    async def answer(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("latest")

    started = time.perf_counter()
    peer = TelegramPeer().start()
    start_seconds = time.perf_counter() - started
    try:
        app = Application.builder().token(peer.token).base_url(peer.base_url).build()
        app.add_handler(CommandHandler("latest", answer))
        trips = []
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(timeout=10)
            for n in range(count):
                sent = time.perf_counter()
                peer.send_command(77, "/latest")
                await peer.await_bot_messages(77, count=n + 1)
                trips.append((time.perf_counter() - sent) * 1000)
            await app.updater.stop()
            await app.stop()
    finally:
        peer.stop()
    return start_seconds, statistics.median(trips), max(trips)


PEER_READY = (ROOT / "tests/peers/telegram/node_modules/telegram-test-api").is_dir()
LIMIT = 30.0  # Telegram's overall rate, messages per second


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


# ---- fan-out ----

def fan_out_database(folder: Path, chats: int) -> object:
    """A database with one invented story and `chats` private-chat subscriptions (bulk inserted)."""
    from storage import articles as article_store
    from storage import connect
    from storage.db import utcnow
    from storage.records import ArticleQuote, NewArticle

    db = connect(folder / "fanout.db")
    article_store.insert_article(db, NewArticle(
        url="https://bench.example/summit", title="Summit ends with a joint statement & a timetable",
        text="Leaders met for two days.", text_hash="fanout", published=utcnow(), source_id=None, guid=None,
        summary=["Leaders met for two days and agreed a timetable for the next round."],
        quotes=[ArticleQuote("A. Envoy", "We leave with a calendar and the will to keep it.")],
    ))
    now = utcnow()
    rows = [("telegram", str(20_000 + n), "private", "[]", "daily", "08:00", "UTC", 8, now, "2000-01-01T00:00:00Z")
            for n in range(chats)]
    db.conn.executemany(
        "INSERT INTO subscriptions (platform, chat_id, chat_kind, topics, mode, time, timezone, max_items, created, "
        "since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return db


async def fan_out(chats: int, burst: int) -> dict[str, float]:
    """Plan one digest for every chat and send them all; a burst of 429s is injected once half are sent."""
    from bot.delivery.planner import plan_digest
    from bot.delivery.sender import Sender, SenderPolicy
    from bot.platforms.telegram.config import TelegramConfig
    from bot.platforms.telegram.platform import TelegramPlatform
    from storage import deliveries as ledger
    from storage import subscriptions as sub_store
    from tests.helpers import RecordingCommands
    from tests.peers.telegram_peer import TelegramPeer

    with tempfile.TemporaryDirectory() as tmp, TelegramPeer() as peer:
        db = fan_out_database(Path(tmp), chats)
        for n in range(chats):
            peer.add_chat(20_000 + n, "private")
        platform = TelegramPlatform(TelegramConfig(api_base_url=peer.base_url, poll_interval=0.5), peer.token)
        await platform.start(RecordingCommands())  # no command is sent in this benchmark
        now = datetime.now(UTC)
        for sub in sub_store.list_subscriptions(db):
            plan_digest(db, sub, "daily:bench", platform.render_digest, now=now)
        sender = Sender(db, {"telegram": platform}, policy=SenderPolicy())

        async def burst_midway() -> None:
            while sender.stats.sent < chats // 2:
                await asyncio.sleep(0.01)
            peer.inject_fault("sendMessage", "retry_after", retry_after=1, times=burst)

        injector = asyncio.create_task(burst_midway())
        started = time.perf_counter()
        await sender.drain(deadline=120.0)  # retries after a 429 are part of the fan-out
        wall = time.perf_counter() - started
        injector.cancel()
        await platform.stop()
        calls = peer.calls("sendMessage")
        delivered = [c for c in calls if c.ok]
        per_chat: dict[int, int] = {}
        for message in peer.bot_messages():
            per_chat[message.chat_id] = per_chat.get(message.chat_id, 0) + 1
        span = delivered[-1].time - calls[0].time
        counts = ledger.counts(db)
    return {
        "chats": chats,
        "attempts": len(calls),
        "rate_limited": sum(1 for c in calls if c.status == 429),
        "delivered": len(delivered),
        "rate": (len(delivered) - 1) / span if span > 0 else 0.0,
        "wall": wall,
        "duplicates": sum(n - 1 for n in per_chat.values() if n > 1),
        "losses": chats - len(per_chat),
        "ledger_sent": counts.sent,
        "ledger_not_sent": counts.pending + counts.failed,
    }


# ---- /latest with 100,000 articles ----

PLACES = ["Tarnic", "Oskel", "Dolna", "Halvik", "Maren", "Varesk", "Lirenne", "Ristovac", "Aurel", "Kaldor"]
SUBJECTS = ["fishing rights", "grain transit", "water sharing", "prisoner exchange", "power lines", "visa rules"]
SOURCES = [(f"Bench Source {n}", ["trade", "borders", "un", "energy", "rights"][n % 5]) for n in range(20)]


def invented_article(n: int, start: datetime) -> tuple:
    """One article row of invented copy (the `articles` columns in insertion order)."""
    place, other = PLACES[n % len(PLACES)], PLACES[(n // 10) % len(PLACES)]
    subject = SUBJECTS[n % len(SUBJECTS)]
    title = f"{place} and {other} resume talks on {subject}, round {n}"
    summary = [f"Delegations from {place} and {other} met for round {n} on {subject}.",
               f"Officials said a text on {subject} could be ready within weeks."]
    text = " ".join(summary) + f" Observers in {other} expect a further meeting next month."
    published = (start - timedelta(seconds=30 * n)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    quotes = [{"speaker": "A. Envoy", "text": f"Round {n} moved us closer on {subject}."}]
    pledges = [{"actor": place, "commitment": f"publish the {subject} annex", "evidence": "", "when": "by June"}]
    source_id = n % len(SOURCES) + 1
    return (n + 1, f"https://bench.example/{n}", source_id, title, published, published, published, text,
            f"h{n}", n + 1, json.dumps([SOURCES[source_id - 1][1]]), json.dumps(summary), json.dumps(quotes),
            json.dumps(pledges))


def latest_database(folder: Path, count: int) -> tuple[object, float]:
    """`count` invented articles in a new database (executemany; tags, and the full-text index by its triggers):
    (db, seconds)."""
    from storage import connect

    started = time.perf_counter()
    db = connect(folder / "latest.db")
    db.conn.executemany("INSERT INTO sources (name, url, tags, interval) VALUES (?, ?, ?, 900)",
                        [(name, f"https://bench.example/feed/{n}", json.dumps([tag]))
                         for n, (name, tag) in enumerate(SOURCES)])
    now = datetime.now(UTC)
    db.conn.execute("BEGIN")
    db.conn.executemany(
        "INSERT INTO articles (id, url, source_id, title, published, fetched, sort_time, text, text_hash, group_id, "
        "tags, summary, quotes, pledges) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (invented_article(n, now) for n in range(count)))
    db.conn.execute("INSERT INTO article_tags (article_id, tag) SELECT id, json_extract(tags, '$[0]') FROM articles")
    db.conn.execute("COMMIT")
    return db, time.perf_counter() - started


async def latest_latency(count: int, trips: int, poll_interval: float = 0.0) -> dict[str, float]:
    """`/latest` and `/latest 5 <topic>`: through PTB and the peer, and the command function alone (ms)."""
    from bot import commands
    from bot.config import parse_config
    from bot.core.commands import Invocation
    from bot.platforms.telegram.config import TelegramConfig
    from bot.platforms.telegram.platform import TelegramPlatform
    from tests.peers.telegram_peer import TelegramPeer

    with tempfile.TemporaryDirectory() as tmp, TelegramPeer() as peer:
        db, build_seconds = latest_database(Path(tmp), count)
        config = parse_config({"storage": {"path": str(Path(tmp) / "latest.db")}})
        context = commands.CommandContext(db=db, config=lambda: config, now=lambda: datetime.now(UTC))  # type: ignore[arg-type]
        service = commands.Commands(context)
        run = service.run

        figures: dict[str, float] = {"articles": count, "build_seconds": build_seconds}
        for label, args in (("latest", []), ("latest_topic", ["5", "energy"])):
            timings = []
            for _ in range(trips):
                invocation = Invocation("telegram", "77", "private", "77", "latest", list(args))
                started = time.perf_counter()
                await run(invocation)
                timings.append((time.perf_counter() - started) * 1000)
            figures[f"{label}_fn_p50"], figures[f"{label}_fn_p99"] = percentile(timings, 0.5), percentile(timings, 0.99)

        # Long polling keeps a poll open for the next command; `poll_interval` is PTB's pause after each poll.
        config_telegram = TelegramConfig(api_base_url=peer.base_url, poll_interval=poll_interval)
        platform = TelegramPlatform(config_telegram, peer.token)
        await platform.start(service)
        try:
            for label, text in (("latest", "/latest"), ("latest_topic", "/latest 5 energy")):
                sample = await run(Invocation("telegram", "77", "private", "77", "latest", text.split()[1:]))
                per_reply = len(platform.render_reply(sample))  # type: ignore[arg-type]
                timings, seen = [], len(peer.bot_messages(77))
                for _ in range(trips):
                    started = time.perf_counter()
                    peer.send_command(77, text)
                    seen += per_reply
                    await peer.await_bot_messages(77, count=seen, timeout=30)
                    timings.append((time.perf_counter() - started) * 1000)
                figures[f"{label}_trip_p50"] = percentile(timings, 0.5)
                figures[f"{label}_trip_p99"] = percentile(timings, 0.99)
        finally:
            await platform.stop()
    return figures


def print_fan_out(f: dict[str, float], burst: int) -> None:
    print(f"Fan-out of one digest to {f['chats']:.0f} chats (sender limited to {LIMIT:.0f}/s, "
          f"{burst} sends answered 429 retry_after=1 midway):")
    print(f"  achieved rate: {f['rate']:.1f} messages/s = {f['rate'] / LIMIT:.2f} of the limit (goal >= 0.9); "
          f"all sent in {f['wall']:.1f} s")
    print(f"  sendMessage calls: {f['attempts']:.0f} ({f['rate_limited']:.0f} answered 429, each also a slot of "
          f"the 30/s), delivered: {f['delivered']:.0f}")
    print(f"  duplicates: {f['duplicates']:.0f} (goal 0); losses: {f['losses']:.0f} (goal 0); "
          f"ledger: {f['ledger_sent']:.0f} sent, {f['ledger_not_sent']:.0f} not sent")


def print_latest(f: dict[str, float], trips: int, poll_interval: float) -> None:
    print(f"/latest with {f['articles']:,.0f} articles (built in {f['build_seconds']:.1f} s), {trips} runs each, "
          f"poll_interval {poll_interval:g} s:")
    for label, name in (("latest", "/latest"), ("latest_topic", "/latest 5 energy")):
        print(f"  {name}: through PTB + peer p50 {f[label + '_trip_p50']:.1f} ms, p99 {f[label + '_trip_p99']:.1f} ms; "
              f"command function p50 {f[label + '_fn_p50']:.1f} ms, p99 {f[label + '_fn_p99']:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--trips", type=int, default=50, help="round trips of a bare handler")
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument("--burst", type=int, default=50, help="sends answered 429 midway through the fan-out")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--latest-trips", type=int, default=200)
    parser.add_argument("--poll-interval", type=float, default=0.0,
                        help="PTB's pause after each long poll ([telegram] poll_interval)")
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the benchmark itself runs")
    args = parser.parse_args()
    if args.quick:
        args.stories, args.trips, args.chats, args.burst, args.articles, args.latest_trips = 20, 5, 60, 5, 2000, 10
    typical, typical_messages = time_renders(Digest("Weekly digest", invented_stories(args.stories)))
    huge = Story(0, "A headline " * 100_000, "https://bench.example/huge", "Bench Wire", None,
                 summary=["A sentence that never ends " * 40_000])
    worst, _ = time_renders(Digest("Worst case", [huge]))
    print("Rendering (median of 5, each message checked against Telegram's rules):")
    print(f"  {args.stories} typical stories -> {typical_messages} messages: {typical * 1000:.0f} ms")
    print(f"  one story with a 1.1 MB title and a 1.1 MB summary: {worst * 1000:.0f} ms", flush=True)
    if shutil.which("node") is None or not PEER_READY:
        print("Peer figures: skipped (needs Node.js and `npm ci` in tests/peers/telegram)")
        return
    start_seconds, median_ms, max_ms = asyncio.run(round_trips(args.trips))
    print(f"Peer: start {start_seconds:.2f} s; bare handler round trip over {args.trips}: "
          f"median {median_ms:.1f} ms, max {max_ms:.1f} ms (PTB long-polling)", flush=True)
    print_fan_out(asyncio.run(fan_out(args.chats, args.burst)), args.burst)
    figures = asyncio.run(latest_latency(args.articles, args.latest_trips, args.poll_interval))
    print_latest(figures, args.latest_trips, args.poll_interval)


if __name__ == "__main__":
    main()
