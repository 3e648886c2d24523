"""`/latest` in a Discord channel whose digests stopped because Discord refused them (the bot lost Send Messages
there), on Communiqué's real Discord platform against the Discord peer: the answer says the digests stopped, when and
why, and what starts them again once the bot may post.

A moderator took Send Messages from the bot; three refusals ended the channel's subscription. Its members, who read
/latest there (an interaction's answer needs no Send Messages), saw the newest stories and nothing of their digests
having stopped: only /digest, /settings, /follow and /unsubscribe said so, commands a member seldom sends.
"""

from __future__ import annotations

import pytest

from tests.discord.conftest import CHANNEL, DiscordBot
from tests.discord.test_discord_adapter_delivery import SEND, drain, plan_for
from tests.peers.fake_discord import Fault


@pytest.fixture
def bot(discord_sender_bot: DiscordBot) -> DiscordBot:
    return discord_sender_bot


def shown(result) -> str:
    """All a member sees of an answer: its text and its cards' text."""
    parts = []
    for message in result.messages:
        parts.append(message.get("content") or "")
        for embed in message.get("embeds") or []:
            parts += [embed.get("title") or "", embed.get("description") or "",
                      (embed.get("footer") or {}).get("text") or ""]
            parts += [f"{field.get('name')} {field.get('value')}" for field in embed.get("fields") or []]
    return "\n".join(parts)


async def test_latest_in_a_channel_whose_digests_discord_refused_says_they_stopped(bot: DiscordBot) -> None:
    for n in range(3):
        bot.add_story(n)
    bot.subscribe(CHANNEL)
    plan_for(bot, CHANNEL)
    bot.fake.inject(SEND, Fault.missing_permissions(), times=None, channel_id=CHANNEL)
    await drain(bot)
    assert not bot.subscription(CHANNEL).active, "three refusals ended it"

    latest = shown(await bot.slash("latest", channel_id=CHANNEL))
    assert "Velmora and Kestria agree to reopen crossing" in latest, latest
    assert "Digests here stopped" in latest and "Discord refused my messages" in latest, latest
    assert "/subscribe" in latest, f"what starts them again: {latest}"

    bot.fake.clear_faults()  # the permission given back, and a manager subscribes again: nothing more said
    await bot.as_manager("subscribe", channel_id=CHANNEL)
    again = shown(await bot.slash("latest", channel_id=CHANNEL))
    assert "stopped" not in again, again


async def test_latest_in_a_channel_that_unsubscribed_says_nothing_of_it(bot: DiscordBot) -> None:
    bot.add_story(1)
    await bot.as_manager("subscribe", channel_id=CHANNEL)
    await bot.as_manager("unsubscribe", channel_id=CHANNEL)
    latest = shown(await bot.slash("latest", channel_id=CHANNEL))
    assert "stopped" not in latest and "refused" not in latest, latest
