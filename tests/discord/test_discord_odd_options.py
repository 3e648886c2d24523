"""Slash-command options as members fill them in, odd values included, through the local Discord peer: a topic
option holds free text, and whatever a member puts in it is read as a topic is on Telegram, where each word is one.

An emoji or a stray mark before a country's name (`topics: 😀 ukraine`, `topics: ★ nato`) was taken with the name as
one topic ("on 😀 ukraine"), while the emoji alone was refused as no topic, and so was it before a word that names
no country. The channel's topics then held the mark for good, in every reply and in /topics.
"""

from __future__ import annotations

from tests.discord.conftest import DiscordBot


async def test_a_mark_before_a_name_in_the_topics_option_is_refused_as_it_is_alone(discord_bot: DiscordBot) -> None:
    discord_bot.add_story(1)
    for typed, shown in [("😀 ukraine", "😀"), ("ukraine ★", "★"), ("* united states", "*")]:
        refused = await discord_bot.as_manager("subscribe", {"topics": typed})
        assert f"“{shown}” is not a topic" in refused.content.replace("\\", ""), refused.content
        assert discord_bot.subscription() is None, f"{typed!r}: nothing subscribed by a refused command"
    latest = await discord_bot.slash("latest", {"topic": "😀 ukraine"})
    assert "“😀” is not a topic" in latest.content, latest.content

    # A name that holds "&" stays one topic: the mark is a part of it, as of the name the table lists.
    joined = await discord_bot.as_manager("subscribe", {"topics": "trinidad & tobago"})
    assert "on trinidad & tobago" in joined.content, joined.content
