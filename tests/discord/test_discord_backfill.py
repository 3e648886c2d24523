"""`/subscribe since:` on Discord, through the Discord peer: a typed choice that reaches the command as the words
a Telegram user would type (`since 7d`)."""

from __future__ import annotations

from tests.discord.conftest import DiscordBot


async def test_subscribe_offers_since_as_a_choice_and_it_sets_the_backlog(discord_bot: DiscordBot) -> None:
    commands = {c["name"]: c for c in discord_bot.fake.commands(discord_bot.fake.guild_id)}
    options = {o["name"]: o for o in commands["subscribe"]["options"]}
    assert [c["value"] for c in options["since"]["choices"]] == ["24h", "7d", "none"]

    result = await discord_bot.as_manager("subscribe", {"topics": "nato", "since": "none"})
    assert "now subscribed" in result.content and "on nato" in result.content
    assert "Backlog: only stories that arrive from now on" in result.content
    sub = discord_bot.subscription()
    assert sub is not None and sub.topics == ["nato"], "since is not taken for a topic"

    again = await discord_bot.as_manager("subscribe", {"since": "7d"})
    assert "stories published in the last 7 days" in again.content
