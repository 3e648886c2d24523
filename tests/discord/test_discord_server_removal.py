"""A Discord server that removes Communiqué, and adds it back.

The bot, connected to the peer's gateway, hears GUILD_DELETE when a server removes it; from then on Discord answers
403 Missing Access for the server's channels. Each subscribed channel's digest was refused there until its
subscription ended, and the log said no more than "stopped sending to discord <id>: Discord 403 Missing Access": an
operator could not tell a server that removed the bot from a permission changed in one channel. Added back through
the invite link (GUILD_CREATE), nothing came back: every channel needed a member's /subscribe again, which nobody
had a reason to know.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from bot.config import Config
from bot.platforms.discord.platform import DiscordPlatform
from bot.runtime import Runtime
from storage import subscriptions as sub_store
from tests.discord.conftest import CHANNEL, FAST_LIMITS, FAST_POLICY, OTHER_CHANNELS, DiscordBot, discord_config
from tests.helpers import wait_until
from tests.peers.fake_discord import FakeDiscord

ELSEWHERE = OTHER_CHANNELS[0]  # a channel of another server, which keeps the bot


@pytest.fixture
async def connected(fake_discord: FakeDiscord, make_config: Callable[..., Config]) -> AsyncIterator[DiscordBot]:
    """Communiqué running (scheduler, sender) with its Discord gateway connected to the peer."""
    fake_discord.add_channel(CHANNEL, name="treaty-watch")
    fake_discord.add_channel(ELSEWHERE, name="border-news", guild_id=fake_discord.ids.next())
    config = discord_config(make_config, fake_discord)
    platform = DiscordPlatform(config.discord, fake_discord.token, limits=FAST_LIMITS)
    runtime = Runtime(config, {"discord": platform}, tick_seconds=3600, policy=FAST_POLICY)
    await runtime.start()
    try:
        await fake_discord.wait_for_gateway(timeout=10)
        # Ready once the servers Discord sends after READY have come (discord.py waits 2 s after the last).
        await wait_until(lambda: platform.client is not None and platform.client.is_ready(), "ready", timeout=10)
        assert platform.client.get_guild(int(fake_discord.guild_id)) is not None, "the bot's server known"
        yield DiscordBot(fake_discord, runtime, platform)
    finally:
        await runtime.stop()
        runtime.db.conn.close()


def active(bot: DiscordBot, channel: str) -> bool:
    sub = bot.subscription(channel)
    return sub is not None and sub.active


def titles(bot: DiscordBot, channel: str) -> list[str]:
    return [e["title"] for m in bot.channel_posts(channel) for e in m["embeds"]]


async def test_a_server_that_removes_the_bot_is_said_and_adding_it_back_brings_its_channels_digests_back(
    connected: DiscordBot, caplog: pytest.LogCaptureFixture
) -> None:
    bot, fake = connected, connected.fake
    caplog.set_level("INFO")
    for n in (1, 2):
        bot.add_story(n)
    for channel in (CHANNEL, ELSEWHERE):
        answer = await bot.as_manager("subscribe", {"topics": "nato"}, channel_id=channel)
        assert "now subscribed" in answer.content, answer.content
    changed = await bot.as_manager("settings", {"time": "06:45"}, channel_id=CHANNEL)
    assert "06:45" in changed.content, changed.content

    await fake.remove_bot()
    await wait_until(lambda: any("removed from the Discord server" in m for m in caplog.messages),
                     "the removal said", timeout=10)
    [said] = [m for m in caplog.messages if "removed from the Discord server" in m]
    assert "Embassy Row" in said and fake.guild_id in said, said
    assert "adding the bot back" in said, said

    sub = bot.subscription(CHANNEL)
    assert (await bot.runtime.request_digest(sub)).stories == 2
    assert (await bot.runtime.request_digest(bot.subscription(ELSEWHERE))).stories == 2
    await wait_until(lambda: not active(bot, CHANNEL), "the channel dropped after its refusals", timeout=20)
    await wait_until(lambda: len(titles(bot, ELSEWHERE)) == 2, "the other server's digest", timeout=10)

    await fake.add_bot()
    await wait_until(lambda: active(bot, CHANNEL), "the channel's subscription back", timeout=10)
    back = bot.subscription(CHANNEL)
    assert (back.topics, back.time) == (["nato"], "06:45"), "its topics and settings kept"
    assert any("added back to the Discord server" in m and "digests restarted in 1 channel(s)" in m
               for m in caplog.messages), caplog.messages
    assert (await bot.runtime.request_digest(back)).stories == 2, "the refused stories are owed again"
    await wait_until(lambda: len(titles(bot, CHANNEL)) == 2, "the digest in the channel", timeout=10)
    assert sub_store.get(bot.db, "discord", ELSEWHERE).active
