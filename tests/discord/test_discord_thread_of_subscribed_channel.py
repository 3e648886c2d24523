"""Commands in a thread whose channel is subscribed, on Communiqué running against the Discord peer. Discord serves
a thread as a channel of its own, so the thread is not subscribed; a member asking there for the digest or changing
its time was told "This channel is not subscribed ... /subscribe first", though the channel they were reading had
digests, and a /subscribe there would have added a second digest in the thread. The reply says where the digests go
and where to change them, as it does in a Telegram forum's topic.

The stories are invented for this test.
"""

from __future__ import annotations

from tests.discord.conftest import CHANNEL, DiscordBot

WHERE = "The channel this thread is in has a subscription of its own"


async def test_digest_and_settings_in_a_thread_name_the_subscribed_channel(discord_bot: DiscordBot) -> None:
    bot = discord_bot
    bot.fake.add_channel(CHANNEL, name="diplomacy")
    thread = bot.fake.add_channel(name="orlen-talks", type=11, parent_id=CHANNEL)
    bot.add_story(1)
    await bot.as_manager("subscribe", {"topics": "nato"})

    digest = await bot.slash("digest", channel_id=thread)
    assert "not subscribed" in digest.content and WHERE in digest.content, digest.content
    assert "where /unsubscribe or /settings changes them" in digest.content, digest.content
    settings = await bot.as_manager("settings", {"time": "10:00"}, channel_id=thread)
    assert WHERE in settings.content, settings.content
    assert bot.subscription(thread) is None, "nothing was set up in the thread"

    # A thread of a channel with no subscription is told nothing of one.
    other = bot.fake.add_channel(name="consular")
    quiet_thread = bot.fake.add_channel(name="visa-queue", type=11, parent_id=other)
    alone = await bot.slash("digest", channel_id=quiet_thread)
    assert "not subscribed" in alone.content and WHERE not in alone.content, alone.content
