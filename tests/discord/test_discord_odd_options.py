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


async def test_a_time_written_with_a_space_before_pm_is_that_time(discord_bot: DiscordBot) -> None:
    """Discord's time option holds what the member typed, spaces and all: "8 pm" and "8:00 PM" were refused as
    "not a time: use HH:MM ..., e.g. ... (8pm)", though Telegram's `/settings time 8 pm` is 20:00 (its words come
    apart there, and the half of the day joins the hour)."""
    await discord_bot.as_manager("subscribe", {})
    for typed, meant in [("8 pm", "20:00"), ("8:00 PM", "20:00"), ("7:45 a.m.", "07:45")]:
        result = await discord_bot.as_manager("settings", {"time": typed})
        assert f"a daily digest at {meant}" in result.content, f"{typed!r}: {result.content}"
        assert discord_bot.subscription().time == meant
    refused = await discord_bot.as_manager("settings", {"time": "13 pm"})
    assert "“13 pm” is not a time" in refused.content, refused.content


async def test_two_times_in_the_time_option_are_told_the_digest_comes_once_a_day(discord_bot: DiscordBot) -> None:
    """`time: 08:00 18:00` (a morning and an evening digest) was "“08:00 18:00” is not a time: use HH:MM", as if the
    writing were wrong: the daily digest comes once a day, and the answer says so, as Telegram's `/settings time
    08:00 18:00` is told, with the mode that sends each story as it comes."""
    await discord_bot.as_manager("subscribe", {})
    for typed in ("08:00 18:00", "8am, 6pm"):
        told = await discord_bot.as_manager("settings", {"time": typed})
        said = told.content.replace("\\", "")
        assert "once a day, at one time" in said and "/settings mode: instant" in said, f"{typed!r}: {said}"
        assert discord_bot.subscription().time == "08:00", "nothing changed"
