"""/latest on Discord through the local peer, asking for one source's stories: the topic option says "on this topic,
keyword or source", and a member typing a source's name into it was offered the source tags only, never the
source: "Dove" offered nothing, though /sources lists "🕊️ Dove Post", whose emoji no desktop keyboard types. The
source's name is now offered as the member types its words, and the choice shows that source's stories.

The outlets and stories are invented for these tests.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.config import Config
from bot.platforms.discord.platform import DiscordPlatform
from bot.runtime import Runtime
from tests.discord.conftest import FAST_LIMITS, FAST_POLICY, DiscordBot
from tests.factories import rss
from tests.peers.fake_discord import FakeDiscord

SOURCES = [("🕊️ Dove Post", ["water"]), ("Harbour Post", ["trade"])]


@pytest.fixture
async def bot_with_sources(fake_discord: FakeDiscord, make_config: Callable[..., Config],
                           tmp_path: Path) -> AsyncIterator[DiscordBot]:
    """Communiqué on the peer with two sources in its config (local feed files with no story yet: the stories are
    stored as ingest stores them)."""
    for n, _ in enumerate(SOURCES):
        (tmp_path / f"feed{n}.xml").write_bytes(rss([]))
    config = make_config(
        discord={"api_base_url": fake_discord.base_url, "test_guild": fake_discord.guild_id},
        sources=[{"name": name, "url": f"feed{n}.xml", "tags": tags, "interval": 86400}
                 for n, (name, tags) in enumerate(SOURCES)])
    platform = DiscordPlatform(config.discord, fake_discord.token, connect_gateway=False, limits=FAST_LIMITS)
    runtime = Runtime(config, {"discord": platform}, tick_seconds=3600, policy=FAST_POLICY)
    await runtime.start()
    try:
        bot = DiscordBot(fake_discord, runtime, platform)
        for name, _ in SOURCES:
            bot.source_ids[name] = runtime.db.execute("SELECT id FROM sources WHERE name = ?", [name]).fetchone()[0]
        yield bot
    finally:
        await runtime.stop()
        runtime.db.conn.close()


async def test_the_topic_option_of_latest_offers_a_source_by_the_words_of_its_name(
    bot_with_sources: DiscordBot
) -> None:
    bot = bot_with_sources
    for n in range(3):
        bot.add_story(n, title=f"Envoys meet in Lirenne for round {n} of the water talks", source="🕊️ Dove Post",
                      tags=["water"])
    bot.add_story(7, title="Port of Maren reopens to grain wagons", source="Harbour Post", tags=["trade"])

    offered = [choice["value"] for choice in await bot.complete("latest", {"topic": "dove"}, "topic")]
    assert "🕊️ Dove Post" in offered, offered
    offered = [choice["value"] for choice in await bot.complete("latest", {"topic": "harb"}, "topic")]
    assert "Harbour Post" in offered, offered
    tags = [choice["value"] for choice in await bot.complete("latest", {"topic": "wat"}, "topic")]
    assert "water" in tags, f"the tags are offered still: {tags}"
    # /subscribe takes topics, not sources: its option offers no source.
    topics = [choice["value"] for choice in await bot.complete("subscribe", {"topics": "dove"}, "topics")]
    assert "🕊️ Dove Post" not in topics, topics

    chosen = await bot.slash("latest", {"count": 2, "topic": "🕊️ Dove Post"})
    assert "Latest 2 stories from 🕊️ Dove Post" in chosen.content, chosen.content
    titles = [embed.get("title", "") for message in chosen.messages for embed in message.get("embeds", [])]
    assert sum("of the water talks" in title for title in titles) == 2, titles
    assert not any("Port of Maren" in title for title in titles), titles
