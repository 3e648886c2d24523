"""A Discord thread subscribed on its own, on Communiqué running against the Discord peer: the reply read "This
channel is now subscribed", and then "Communiqué cannot post digests in this thread yet", so a manager took the
whole channel for subscribed. Replies in a thread say "this thread", as Discord's client names it.
"""

from __future__ import annotations

from tests.discord.conftest import CHANNEL, DiscordBot


async def test_replies_in_a_thread_call_it_a_thread(discord_bot: DiscordBot) -> None:
    bot = discord_bot
    bot.fake.add_channel(CHANNEL, name="diplomacy")
    thread = bot.fake.add_channel(name="orlen-talks", type=11, parent_id=CHANNEL)
    bot.add_story(1)
    subscribed = await bot.as_manager("subscribe", {"topics": "nato"}, channel_id=thread)
    assert subscribed.content.startswith("This thread is now subscribed"), subscribed.content
    settings = await bot.slash("settings", channel_id=thread)
    assert settings.content.startswith("This thread gets a daily digest"), settings.content
    channel = await bot.slash("digest")  # the channel itself is a channel
    assert channel.content.startswith("This channel is not subscribed"), channel.content
