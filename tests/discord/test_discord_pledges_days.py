"""`/pledges` with a day on the Discord peer. Telegram's readers type `/pledges today`, `tomorrow` or `this week`;
Discord's status option offered only open, due, overdue, kept and broken, so the days could not be picked, and the
reply to a day with nothing due, which points at the week, named `/pledges` alone there (the option it needed was
no choice). The days are choices of the status option now, and the pointer names the one to pick.

The pledge is invented for this test, due three days from today.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.records import ArticlePledge
from tests.discord.conftest import DiscordBot


async def test_the_days_are_choices_and_the_pointer_names_the_week(discord_bot: DiscordBot) -> None:
    due = (datetime.now(UTC).date() + timedelta(days=3)).isoformat()
    discord_bot.add_story(1, pledges=[ArticlePledge("Velmora", "reopen the Tarnic crossing",
                                                    "Velmora pledged to reopen the Tarnic crossing.", "in three days",
                                                    due)])
    today = await discord_bot.slash("pledges", {"status": "today"})
    assert today.content.startswith("No pledges fall due today ("), today.content
    assert "/pledges status: this week lists the 1 falling due within 7 days (" in today.content, today.content

    week = await discord_bot.slash("pledges", {"status": "this week"})
    assert week.content.startswith("**Falling due within 7 days ("), week.content
    assert "Velmora: reopen the Tarnic crossing" in week.content, week.content

    registered = next(c for c in discord_bot.fake.commands(discord_bot.fake.guild_id) if c["name"] == "pledges")
    status = next(o for o in registered["options"] if o["name"] == "status")
    assert {"today", "tomorrow", "this week"} <= {c["value"] for c in status["choices"]}, status["choices"]
