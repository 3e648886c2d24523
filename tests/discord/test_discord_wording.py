"""What Discord users read and see, through the local Discord peer, checked by the peer's own view of Discord
(`tests.peers.discord_client_view`), not by Communiqué's code: replies name the place as Discord does (a channel,
a DM: never "this chat"), tell users what to type by the options the slash commands show, and the operators'
/status is not in every member's command list."""

from __future__ import annotations

from tests.discord.conftest import MANAGER, OPERATOR, DiscordBot
from tests.peers.discord_client_view import listed, wording_problems
from tests.peers.fake_discord import ADMIN_PERMISSIONS, MANAGER_PERMISSIONS, MEMBER_PERMISSIONS, SlashResult
from tests.tracker_stories import PLEDGE_TEXT, PLEDGE_TITLE, PLEDGED, store


def problems(bot: DiscordBot, result: SlashResult) -> list[str]:
    """Every wording problem in the messages a command produced, against the commands registered with the peer."""
    commands = bot.fake.commands(bot.fake.guild_id)
    return [problem for message in result.messages for problem in wording_problems(message["content"], commands)]


async def stories(bot: DiscordBot) -> None:
    store(bot.db, 101, PLEDGE_TITLE, PLEDGE_TEXT, PLEDGED, source_id=bot.add_source("Border Wire", ["borders"]))
    await bot.runtime.ingestor.tracker.run()


async def test_replies_in_a_channel_say_this_channel(discord_bot: DiscordBot) -> None:
    await stories(discord_bot)
    seen: list[SlashResult] = []
    for name, options in [("following", None), ("unfollow", {"name": "Velmora"}), ("follow", {"name": "Velmora"}),
                          ("follow", {"name": "Velmora"}), ("following", None), ("digest", None),
                          ("settings", None), ("unfollow", {"name": "Velmora"}), ("unsubscribe", None),
                          ("subscribe", None), ("digest", None), ("settings", {"max": 5})]:
        seen.append(await discord_bot.as_manager(name, options))
    followed = seen[2].content
    assert followed.startswith("This channel now follows Velmora:"), followed
    assert "This channel is not subscribed yet" in followed
    assert "**This channel follows 1:**" in seen[4].content
    assert "Sending this channel's digest" in seen[10].content or "This channel" in seen[10].content
    for result in seen:
        assert problems(discord_bot, result) == [], result.content


async def test_replies_in_a_dm_say_this_dm(discord_bot: DiscordBot) -> None:
    await stories(discord_bot)
    followed = await discord_bot.slash("follow", {"name": "Velmora"}, dm=True, channel_id="1190000000000000001")
    assert followed.content.startswith("This DM now follows Velmora:"), followed.content
    listed_dm = await discord_bot.slash("following", dm=True, channel_id="1190000000000000001")
    assert "**This DM follows 1:**" in listed_dm.content
    for result in (followed, listed_dm):
        assert problems(discord_bot, result) == [], result.content


async def test_usage_and_range_messages_name_the_options_discord_shows(discord_bot: DiscordBot) -> None:
    nobody = await discord_bot.as_manager("unfollow", {"name": " "})
    assert "/follow name:" in nobody.content and "NAME" not in nobody.content, nobody.content
    # A number typed at the head of the topic is read as the count: the message names the count option.
    many = await discord_bot.slash("latest", {"topic": "50 ceasefire"})
    assert many.ephemeral and "count must be a number from 1 to 20" in many.content, many.content
    empty = await discord_bot.slash("following")
    assert "/follow name:" in empty.content, empty.content
    for result in (nobody, many, empty):
        assert problems(discord_bot, result) == [], result.content


async def test_status_is_listed_for_server_administrators_only_and_answers_operators_only(
    discord_bot: DiscordBot,
) -> None:
    commands = discord_bot.fake.commands(discord_bot.fake.guild_id)
    assert "status" not in listed(commands, MEMBER_PERMISSIONS)
    assert "status" not in listed(commands, MANAGER_PERMISSIONS) and "follow" in listed(commands, MANAGER_PERMISSIONS)
    assert "status" in listed(commands, ADMIN_PERMISSIONS)
    refused = await discord_bot.slash("status", user_id=MANAGER, permissions=ADMIN_PERMISSIONS)
    assert refused.ephemeral and "Only the bot's operators" in refused.content
    shown = await discord_bot.slash("status", user_id=OPERATOR, permissions=ADMIN_PERMISSIONS)
    assert shown.ephemeral and "Communiqué status" in shown.content


async def test_help_and_the_command_list_describe_commands_in_discords_words(discord_bot: DiscordBot) -> None:
    commands = discord_bot.fake.commands(discord_bot.fake.guild_id)
    for command in commands:
        assert wording_problems(command["description"], commands) == [], command["description"]
    shown = await discord_bot.slash("help")
    assert "Get digests in this channel" in shown.content, shown.content
    in_dm = await discord_bot.slash("help", dm=True, channel_id="1190000000000000001")
    assert "Get digests in this DM" in in_dm.content, in_dm.content
    for result in (shown, in_dm):
        assert problems(discord_bot, result) == [], result.content
