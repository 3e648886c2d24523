"""Discord: how fast slash commands are acknowledged and answered, and how fast channel digests drain.

Runs the real DiscordPlatform, Runtime, ledger and sender against the local Discord peer on 127.0.0.1 (no
network), with a database of invented stories. Discord voids an interaction not acknowledged within 3 s: the
acknowledgement times here are what must stay far below that. Run: `python benchmarks/bench_discord.py`.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import parse_config  # noqa: E402
from bot.delivery.planner import plan_digest  # noqa: E402
from bot.delivery.sender import SenderPolicy  # noqa: E402
from bot.platforms.discord.platform import DiscordPlatform  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from storage import articles as article_store  # noqa: E402
from storage import subscriptions as sub_store  # noqa: E402
from storage.records import ArticlePledge, ArticleQuote, NewArticle, SubscriptionSettings  # noqa: E402
from tests.peers.fake_discord import MANAGER_PERMISSIONS, drive_slash, running_fake_discord  # noqa: E402

STORIES = 2000
ROUNDS = 30
CHANNELS = 50
CHANNEL = "1180000000000000001"


def add_stories(db, count: int) -> None:
    """Invented stories with a summary, a quote and a pledge each, as ingest would store them."""
    for n in range(count):
        article_store.insert_article(db, NewArticle(source_id=None, guid=None,
            url=f"https://ministry.example/press/{n}",
            title=f"Round {n} of the border talks between Velmora and Kestria ends with a partial deal",
            text=f"Negotiators met for round {n}. " * 20,
            text_hash=f"bench-{n}",
            tags=["nato" if n % 2 else "trade"],
            summary=[f"Round {n} ended with an agreement to reopen a crossing within {n % 30 + 5} days." * 3],
            quotes=[ArticleQuote("Ana Kovač", f"We kept our word in round {n}.")],
            pledges=[ArticlePledge("Velmora", f"reopen crossing {n}", "x", "soon")],
            published=f"2026-11-{n % 28 + 1:02d}T{n % 24:02d}:00:00.000000Z",
        ))


def quantiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


async def time_slash(fake, client, name: str, options: dict | None, **kw) -> tuple[float, float]:
    """Seconds until the interaction was acknowledged, and until the whole reply had arrived."""
    started = time.monotonic()
    result = await drive_slash(fake, client, name, options, channel_id=CHANNEL, **kw)
    acknowledged = next(c.at for c in result.calls if c.route.endswith("/callback"))
    return acknowledged - started, max(c.at for c in result.calls) - started


async def main() -> None:
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        async with running_fake_discord(rate_limit=(1000, 1.0)) as fake:
            config = parse_config({
                "storage": {"path": str(Path(folder) / "communique.db")},
                "discord": {"api_base_url": fake.base_url, "test_guild": fake.guild_id},
            })
            platform = DiscordPlatform(config.discord, fake.token, connect_gateway=False)
            runtime = Runtime(config, {"discord": platform}, tick_seconds=3600, policy=SenderPolicy())
            await platform.start(runtime.commands)
            add_stories(runtime.db, STORIES)
            client = platform.client
            print(f"{STORIES} stories stored; {ROUNDS} rounds each")
            print(f"{'command':<28}{'acknowledged':<38}{'answered'}")
            cases = [
                ("/latest count:20", "latest", {"count": 20}, {}),
                ("/latest count:5 topic:nato", "latest", {"count": 5, "topic": "nato"}, {}),
                ("/pledges actor:velm", "pledges", {"actor": "velm"}, {}),
                ("/subscribe (manager)", "subscribe", {"topics": "nato"}, {"permissions": MANAGER_PERMISSIONS}),
                ("/topics", "topics", None, {}),
            ]
            for label, name, options, extra in cases:
                acks, answers = [], []
                for _ in range(ROUNDS):
                    ack, done = await time_slash(fake, client, name, options, **extra)
                    acks.append(ack)
                    answers.append(done)
                print(f"{label:<28}{quantiles(acks):<38}{quantiles(answers)}")

            channels = [str(1190000000000000000 + n) for n in range(CHANNELS)]
            for channel in channels:
                sub, _ = sub_store.subscribe(runtime.db, platform="discord", chat_id=channel, chat_kind="group",
                                             defaults=SubscriptionSettings("daily", "08:00", "UTC", 20))
                plan_digest(runtime.db, sub, "bench", platform.render_digest, now=datetime.now(UTC))
            messages = runtime.db.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0]
            started = time.monotonic()
            await runtime.sender.drain(deadline=0)
            elapsed = time.monotonic() - started
            posted = sum(len(fake.messages(c)) for c in channels)
            print(f"\nchannel digests: {CHANNELS} channels x 20 stories = {messages} messages, {posted} posted "
                  f"in {elapsed:.2f} s ({posted / elapsed:.1f} messages/s; Communiqué's Discord pacing allows 40/s)")
            await platform.stop()
            runtime.db.conn.close()


if __name__ == "__main__":
    asyncio.run(main())
