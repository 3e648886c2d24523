"""Communiqué's slash commands on Discord, driven through real interaction payloads against the local peer.

Each test runs the real `DiscordPlatform` in a real `Runtime` (SQLite file, commands, scheduler, sender); the
peer plays Discord's REST API and the test feeds interactions as the gateway would. What is asserted is what a
Discord user would see: the reply's text, who can see it, the embeds, and what changed for the channel.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.commands.registry import COMMANDS
from bot.platforms.discord.spec import DISCORD
from storage.records import ArticlePledge
from tests.discord.conftest import CHANNEL, MANAGER, MEMBER, OPERATOR, OTHER_CHANNELS, DiscordBot
from tests.helpers import RecordingCommands, wait_until
from tests.peers.discord_rules import problems as discord_problems
from tests.peers.fake_discord import (
    ADMIN_PERMISSIONS,
    BOT_PERMISSIONS,
    EMBED_LINKS,
    MANAGE_CHANNELS,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    FakeDiscord,
)

SEND_MESSAGES_IN_THREADS = 1 << 38

CALLBACK = "POST /interactions/{interaction_id}/{token}/callback"


def visible_channel_messages(fake: FakeDiscord, channel: str = CHANNEL) -> list[dict]:
    """What everyone in the channel sees (ephemeral replies excluded)."""
    return [m for m in fake.messages(channel) if not m["flags"] & 64]


# --- registration -----------------------------------------------------------------------------------------------


async def test_every_command_is_registered_in_the_test_guild_with_typed_options(discord_bot: DiscordBot) -> None:
    commands = {c["name"]: c for c in discord_bot.fake.commands(discord_bot.fake.guild_id)}
    assert set(commands) == set(COMMANDS)
    assert {"subscribe", "unsubscribe", "latest", "digest", "sources", "topics", "settings", "pledges", "status",
            "help"} <= set(commands)
    assert discord_bot.fake.commands() == [], "with a test guild nothing is registered globally"
    for name in ("subscribe", "unsubscribe", "settings"):
        assert commands[name]["default_member_permissions"] == str(MANAGE_CHANNELS), name
    assert commands["latest"]["default_member_permissions"] is None
    latest = {o["name"]: o for o in commands["latest"]["options"]}
    assert latest["count"]["type"] == 4 and latest["topic"]["type"] == 3 and latest["topic"]["autocomplete"]
    settings = {o["name"]: o for o in commands["settings"]["options"]}
    assert [c["value"] for c in settings["mode"]["choices"]] == ["daily", "instant"]
    assert settings["timezone"]["autocomplete"] and settings["max"]["type"] == 4
    # Discord's client keeps a number within its range as it is typed: "/latest count: 99" was sent, and refused
    # with "N must be a number from 1 to 20", an N the slash command does not have.
    assert (latest["count"]["min_value"], latest["count"]["max_value"]) == (1, 20)
    assert (settings["max"]["min_value"], settings["max"]["max_value"]) == (1, 20)
    pledges = {o["name"]: o for o in commands["pledges"]["options"]}
    assert set(pledges) == {"actor", "status"} and pledges["actor"]["autocomplete"]
    assert [c["value"] for c in pledges["status"]["choices"]] == ["open", "due", "overdue", "kept", "broken", "today",
                                                                  "tomorrow", "this week"]
    follow = {o["name"]: o for o in commands["follow"]["options"]}
    assert follow["name"]["required"] and follow["name"]["autocomplete"]
    for name in ("follow", "unfollow"):
        assert commands[name]["default_member_permissions"] == str(MANAGE_CHANNELS), name
    assert commands["following"]["default_member_permissions"] is None
    assert commands["subscribe"]["description"] == DISCORD.describe(COMMANDS["subscribe"])


async def test_without_a_test_guild_commands_are_registered_globally(fake_discord: FakeDiscord, make_config) -> None:
    from bot.platforms.discord.platform import DiscordPlatform
    from tests.discord.conftest import discord_config

    config = discord_config(make_config, fake_discord, test_guild=None)
    platform = DiscordPlatform(config.discord, fake_discord.token, connect_gateway=False)

    await platform.start(RecordingCommands(refuse=True))  # no command is run in this test
    try:
        assert {c["name"] for c in fake_discord.commands()} == set(COMMANDS)
        assert fake_discord.commands(fake_discord.guild_id) == []
    finally:
        await platform.stop()


# --- subscribe, unsubscribe, settings: Manage Channels ----------------------------------------------------------


async def test_a_manager_subscribes_the_channel_to_topics(discord_bot: DiscordBot) -> None:
    result = await discord_bot.as_manager("subscribe", {"topics": "NATO  ukraine"})
    assert result.response_type == 4 and not result.ephemeral
    assert "now subscribed" in result.content and "nato, ukraine" in result.content
    sub = discord_bot.subscription()
    assert sub is not None and sub.active
    assert sub.topics == ["nato", "ukraine"] and sub.chat_kind == "group"
    assert sub.created_by == MANAGER and sub.chat_title == "#diplomacy"
    assert result.messages[0]["mention_everyone"] is False


async def test_subscribing_where_communique_cannot_post_says_what_permission_to_give(discord_bot: DiscordBot) -> None:
    result = await discord_bot.as_manager("subscribe", app_permissions=VIEW_CHANNEL | SEND_MESSAGES)
    assert "now subscribed" in result.content
    assert "cannot post" not in result.content, "it posts them, as text"
    assert ("without the Embed Links permission, Communiqué posts digests here as plain text, without story "
            "cards: give it Embed Links here (channel settings > Permissions)") in result.content
    fine = await discord_bot.as_manager("subscribe", channel_id=OTHER_CHANNELS[0])
    assert "cannot post" not in fine.content and "Embed Links" not in fine.content


async def test_subscribing_where_communique_may_not_send_names_the_permission_in_plain_words(
        discord_bot: DiscordBot) -> None:
    """One permission missing is "the Send Messages permission", two are "the View Channel and Send Messages
    permissions": the reply said "permission(s)" whatever their number."""
    one = await discord_bot.as_manager("subscribe", app_permissions=VIEW_CHANNEL | EMBED_LINKS)
    assert ("Note: Communiqué cannot post digests in this channel yet. Give it the Send Messages permission here "
            "(channel settings > Permissions).") in one.content
    two = await discord_bot.as_manager("subscribe", channel_id=OTHER_CHANNELS[0], app_permissions=EMBED_LINKS)
    assert "Give it the View Channel and Send Messages permissions here" in two.content
    assert "(s)" not in one.content + two.content


async def test_subscribing_in_a_thread_names_the_thread_permission_it_lacks(discord_bot: DiscordBot) -> None:
    """In a thread Discord checks Send Messages in Threads, not Send Messages (which the invite link gives): a
    thread subscribed where the bot lacked it was told nothing, and its digests were refused until it was dropped."""
    thread = discord_bot.fake.add_channel(name="summit-week", type=11)  # a public thread
    lacking = await discord_bot.as_manager("subscribe", channel_id=thread, app_permissions=BOT_PERMISSIONS)
    assert "now subscribed" in lacking.content
    assert "cannot post digests in this thread yet. Give it the Send Messages in Threads permission" in lacking.content
    able = await discord_bot.as_manager("subscribe", channel_id=thread,
                                        app_permissions=BOT_PERMISSIONS | SEND_MESSAGES_IN_THREADS)
    assert "cannot post" not in able.content


async def test_a_member_without_manage_channels_is_refused_privately(discord_bot: DiscordBot) -> None:
    """The refusal and /help name what Discord checks, Manage Channels: they said "this group's administrators",
    words a server does not use, so a moderator who has the permission read that /subscribe was not theirs."""
    result = await discord_bot.slash("subscribe", {"topics": "nato"})
    assert result.ephemeral and "Only members with the Manage Channels permission can change" in result.content
    assert "group" not in result.content
    assert discord_bot.subscription() is None
    assert visible_channel_messages(discord_bot.fake) == [], "a refusal is not shown to the channel"
    help_reply = await discord_bot.slash("help")
    assert "In a server, only members with the Manage Channels permission can subscribe" in help_reply.content
    assert "In groups, only administrators" not in help_reply.content


async def test_help_and_start_answer_the_member_who_asked_not_the_channel(discord_bot: DiscordBot) -> None:
    """/help posted its three messages (some 3,700 characters) into the channel for every member to scroll past
    between the digests, and /start its welcome; README: personal replies are visible to the caller only."""
    for name in ("help", "start"):
        reply = await discord_bot.slash(name)
        assert reply.ephemeral and "Communiqué" in reply.content, name
    assert visible_channel_messages(discord_bot.fake) == [], "nothing of /help or /start shown to the channel"


async def test_an_operator_may_subscribe_without_manage_channels(discord_bot: DiscordBot) -> None:
    result = await discord_bot.slash("subscribe", user_id=OPERATOR)
    assert "now subscribed" in result.content
    assert discord_bot.subscription().topics == []


async def test_a_server_administrator_may_subscribe(discord_bot: DiscordBot) -> None:
    result = await discord_bot.slash("subscribe", permissions=ADMIN_PERMISSIONS & ~MANAGE_CHANNELS)
    assert "now subscribed" in result.content


async def test_a_direct_message_subscribes_that_conversation_without_a_permission(discord_bot: DiscordBot) -> None:
    result = await discord_bot.slash("subscribe", {"topics": "ukraine"}, channel_id="1190000000000000005", dm=True)
    assert "now subscribed" in result.content
    sub = discord_bot.subscription("1190000000000000005")
    assert sub.chat_kind == "private" and sub.chat_title == "direct messages"


async def test_unsubscribe_stops_the_channel_and_needs_manage_channels(discord_bot: DiscordBot) -> None:
    await discord_bot.as_manager("subscribe")
    refused = await discord_bot.slash("unsubscribe")
    assert refused.ephemeral and discord_bot.subscription().active
    done = await discord_bot.as_manager("unsubscribe")
    assert "Unsubscribed" in done.content and not discord_bot.subscription().active


async def test_settings_are_changed_by_a_manager_and_shown_privately(discord_bot: DiscordBot) -> None:
    await discord_bot.as_manager("subscribe")
    changed = await discord_bot.as_manager(
        "settings", {"time": "07:15", "timezone": "Europe/Berlin", "max": 4, "mode": "daily"}
    )
    assert changed.content.startswith("Saved.") and not changed.ephemeral
    sub = discord_bot.subscription()
    assert (sub.time, sub.timezone, sub.max_items, sub.mode) == ("07:15", "Europe/Berlin", 4, "daily")
    job = discord_bot.runtime.scheduler.get_job(f"digest-{sub.id}")
    assert job is not None and job.next_run_time is not None
    due = job.next_run_time.astimezone(ZoneInfo("Europe/Berlin"))
    assert (due.hour, due.minute) == (7, 15), "the scheduler follows the new time, on Berlin's clock"

    shown = await discord_bot.slash("settings")
    assert shown.ephemeral and "07:15 (Europe/Berlin)" in shown.content and "up to 4 stories" in shown.content
    # Who may change them, as a server says it: "An admin can change them" sent a member with Manage Channels
    # (who may) looking for an administrator, as the refusal and /help no longer do.
    assert "A member with the Manage Channels permission can change them" in shown.content, shown.content
    assert "admin" not in shown.content.lower(), shown.content

    refused = await discord_bot.slash("settings", {"mode": "instant"})
    assert refused.ephemeral and discord_bot.subscription().mode == "daily"


async def test_a_bad_setting_is_explained_privately_and_nothing_changes(discord_bot: DiscordBot) -> None:
    await discord_bot.as_manager("subscribe")
    before = discord_bot.subscription()
    result = await discord_bot.as_manager("settings", {"time": "25:99", "timezone": "Mars/Olympus"})
    assert result.ephemeral and "“25:99” is not a time" in result.content and "Usage: /settings" in result.content
    after = discord_bot.subscription()
    assert (after.time, after.timezone) == (before.time, before.timezone)


async def test_hostile_or_oversized_options_are_refused_and_ping_nobody(discord_bot: DiscordBot) -> None:
    hostile = await discord_bot.as_manager("subscribe", {"topics": "@everyone <@&123456789012345678>"})
    assert hostile.ephemeral and "is not a topic" in hostile.content
    assert hostile.messages[0]["mention_everyone"] is False and hostile.messages[0]["mention_roles"] == []
    oversized = await discord_bot.as_manager("pledges", {"actor": "x" * 500})
    assert oversized.messages[-1]["flags"] & 64 and "too long" in oversized.messages[-1]["content"]
    assert discord_bot.subscription() is None


# --- reading: latest, digest, pledges, sources, topics, help -----------------------------------------------------


async def test_latest_is_deferred_then_shows_story_embeds_within_limits(discord_bot: DiscordBot) -> None:
    for n in range(3):
        discord_bot.add_story(n, tags=["nato"] if n != 1 else ["trade"])
    result = await discord_bot.slash("latest", {"count": 2, "topic": "nato"})
    assert result.deferred and not result.ephemeral
    message = result.messages[0]
    assert message["flags"] & 128 == 0, "the thinking placeholder was replaced"
    titles = [e["title"] for e in message["embeds"]]
    assert titles == ["Velmora and Kestria agree to reopen crossing 2", "Velmora and Kestria agree to reopen crossing 0"]
    assert message["embeds"][0]["url"] == "https://ministry.example/press/2"
    assert "Latest 2 stories on nato" in message["content"]
    assert discord_problems(message) == []


async def test_latest_with_a_bad_count_replaces_the_public_placeholder_with_a_private_answer(
    discord_bot: DiscordBot,
) -> None:
    result = await discord_bot.slash("latest", {"count": 50})
    assert result.deferred
    assert [m["content"] for m in result.messages][-1].startswith("count must be a number from 1 to 20.")
    assert result.messages[-1]["flags"] & 64
    assert visible_channel_messages(discord_bot.fake) == [], "no public 'thinking…' message is left behind"
    assert any(c.route.startswith("DELETE /webhooks/") for c in result.calls)


async def test_digest_plans_the_channel_digest_which_the_sender_posts(discord_bot: DiscordBot) -> None:
    await discord_bot.as_manager("subscribe")
    for n in range(3):
        discord_bot.add_story(n)
    result = await discord_bot.slash("digest")
    assert result.deferred and result.content == "Sending this channel's digest: 3 new stories."
    await wait_until(lambda: len(discord_bot.channel_posts()) == 1)
    post = discord_bot.channel_posts()[0]
    assert len(post["embeds"]) == 3 and post["content"].startswith("**Communiqué digest")
    again = await discord_bot.slash("digest")
    assert again.content.startswith("Nothing new since the last digest.")


async def test_digest_in_a_channel_that_is_not_subscribed_says_how_to_subscribe(discord_bot: DiscordBot) -> None:
    result = await discord_bot.slash("digest")
    assert "not subscribed" in result.content and "/subscribe" in result.content


async def test_pledges_lists_open_pledges_by_actor(discord_bot: DiscordBot) -> None:
    discord_bot.add_story(1, pledges=[ArticlePledge("Velmora", "reopen the Tarnic crossing",
                                                    "Velmora pledged to reopen the Tarnic crossing.", "within 10 days")])
    discord_bot.add_story(2, pledges=[ArticlePledge("Kestria", "release the detained fishermen",
                                                    "Kestria pledged to release them.")])
    result = await discord_bot.slash("pledges", {"actor": "velm"})
    assert result.deferred and not result.ephemeral
    assert "Velmora: reopen the Tarnic crossing (deadline: within 10 days)" in result.content
    assert "Kestria" not in result.content


async def test_sources_topics_help_and_start(discord_bot: DiscordBot) -> None:
    discord_bot.add_story(1, tags=["nato", "ukraine"], source="World Wire")
    sources = await discord_bot.slash("sources")
    assert sources.response_type == 4 and "World Wire \\[nato, ukraine\\]" in sources.content
    topics = await discord_bot.slash("topics")
    assert topics.ephemeral and "nato (1 story)" in topics.content
    help_reply = await discord_bot.slash("help")
    assert "/subscribe" in help_reply.content and "/status" not in help_reply.content
    start = await discord_bot.slash("start")
    assert "Communiqué follows diplomacy" in start.content


# Each example the replies show on Discord, as typed there, and the options that typing fills in.
SLASH_EXAMPLES = [
    ("/subscribe topics: ukraine nato since: 7d", "subscribe", {"topics": "ukraine nato", "since": "7d"}),
    ("/latest count: 3 topic: nato", "latest", {"count": 3, "topic": "nato"}),
    ("/settings time: 08:30 timezone: Europe/Berlin", "settings", {"time": "08:30", "timezone": "Europe/Berlin"}),
    ("/follow name: Lavrov", "follow", {"name": "Lavrov"}),
    ("/pledges actor: Russia status: kept", "pledges", {"actor": "Russia", "status": "kept"}),
]


async def test_the_examples_in_start_help_and_topics_are_slash_commands_that_work_as_shown(
    discord_bot: DiscordBot,
) -> None:
    discord_bot.add_story(1, tags=["nato"], source="World Wire")
    start = (await discord_bot.slash("start")).content
    help_text = "\n".join(m["content"] for m in (await discord_bot.slash("help")).messages)
    topics = (await discord_bot.slash("topics")).content
    # A slash command's optional options are chosen by name: "/subscribe ukraine nato" typed in Discord is no
    # topic, so the examples name their options as Discord shows them.
    assert "(or /subscribe topics: ukraine nato for some topics only)" in start, start
    assert "(e.g. /subscribe topics: ceasefire)" in topics, topics
    assert "(/follow name: Lavrov, /follow name: Russia)" in help_text
    for words in ("/subscribe ukraine", "/subscribe ceasefire", "/follow Lavrov", "/pledges Russia"):
        assert words not in start + help_text + topics
    for shown, name, options in SLASH_EXAMPLES:
        assert f"e.g. {shown} — " in help_text, shown
        result = await discord_bot.as_manager(name, options)
        assert result.response_type in (4, 5) and not result.errors, (shown, result.errors)
        assert "Usage:" not in result.content, (shown, result.content)


async def test_status_is_for_operators_and_private(discord_bot: DiscordBot) -> None:
    refused = await discord_bot.slash("status")
    assert refused.ephemeral and "operators" in refused.content
    shown = await discord_bot.slash("status", user_id=OPERATOR)
    assert shown.ephemeral and "Communiqué status" in shown.content and "Subscriptions" in shown.content


async def test_a_failing_command_gets_a_private_apology_not_a_traceback(discord_bot: DiscordBot) -> None:
    discord_bot.db.execute("DROP TABLE pledges")
    result = await discord_bot.slash("pledges")
    assert result.messages[-1]["flags"] & 64
    assert result.messages[-1]["content"].startswith("Sorry, that did not work")
    assert "Traceback" not in result.messages[-1]["content"] and "sqlite" not in result.messages[-1]["content"].lower()


async def test_a_long_reply_is_split_into_follow_ups_in_order(discord_bot: DiscordBot) -> None:
    for n in range(40):
        discord_bot.add_source(f"Embassy bulletin number {n:02d} with a deliberately long name", [f"tag{n}"])
    result = await discord_bot.slash("sources")
    assert len(result.messages) >= 2
    text = "\n".join(m["content"] for m in result.messages)
    assert [f"number {n:02d}" in text for n in range(40)] == [True] * 40
    assert text.index("number 00") < text.index("number 39")
    assert all(len(m["content"]) <= 2000 for m in result.messages)


# --- autocomplete -------------------------------------------------------------------------------------------------


async def test_topics_autocomplete_completes_the_last_word(discord_bot: DiscordBot) -> None:
    discord_bot.add_story(1, tags=["ukraine", "nato"])
    discord_bot.add_story(2, tags=["ukraine"])
    choices = await discord_bot.complete("subscribe", {"topics": "nato uk"}, "topics")
    assert [c["value"] for c in choices] == ["nato ukraine"]
    first = await discord_bot.complete("latest", {"topic": ""}, "topic")
    assert [c["value"] for c in first] == ["ukraine", "nato"], "most used first"


async def test_timezone_autocomplete_finds_zones_by_city(discord_bot: DiscordBot) -> None:
    choices = await discord_bot.complete("settings", {"timezone": "berl"}, "timezone")
    assert choices[0]["value"] == "Europe/Berlin"
    many = await discord_bot.complete("settings", {"timezone": "a"}, "timezone")
    assert 0 < len(many) <= 25


async def test_timezone_autocomplete_offers_the_places_a_clock_abbreviation_is_said_of(discord_bot: DiscordBot) -> None:
    """'/settings tz PST' typed as text names America/Los_Angeles, but the slash command's list offered PST8PDT for
    "PST" and Asia/Istanbul first for "IST" (India's, Ireland's or Israel's clock): a member picks from the list."""
    pacific = await discord_bot.complete("settings", {"timezone": "PST"}, "timezone")
    assert pacific[0]["value"] == "America/Los_Angeles", pacific
    india = await discord_bot.complete("settings", {"timezone": "ist"}, "timezone")
    assert [c["value"] for c in india[:3]] == ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"], india
    still = await discord_bot.complete("settings", {"timezone": "berl"}, "timezone")
    assert still[0]["value"] == "Europe/Berlin"


async def test_timezone_autocomplete_offers_a_countrys_own_zones_first(discord_bot: DiscordBot) -> None:
    """A member types their country: "India" offered Indian/Antananarivo first (Madagascar's clock, 2.5 hours off),
    and "Nepal" nothing of Nepal's."""
    india = await discord_bot.complete("settings", {"timezone": "India"}, "timezone")
    assert india[0]["value"] == "Asia/Kolkata", india
    nepal = await discord_bot.complete("settings", {"timezone": "nepal"}, "timezone")
    assert nepal[0]["value"] == "Asia/Kathmandu", nepal


async def test_actor_autocomplete_offers_who_pledged(discord_bot: DiscordBot) -> None:
    discord_bot.add_story(1, pledges=[ArticlePledge("Velmora", "reopen the crossing", "x")])
    discord_bot.add_story(2, pledges=[ArticlePledge("Kestrian Federation", "study the plan", "y")])
    choices = await discord_bot.complete("pledges", {"actor": "fed"}, "actor")
    assert [c["value"] for c in choices] == ["Kestrian Federation"]


async def test_commands_are_answered_for_members_and_no_reply_pings(discord_bot: DiscordBot) -> None:
    discord_bot.add_story(1, title="@everyone look: <@&123456789012345678> **summit** [x](https://evil.example)")
    result = await discord_bot.slash("latest", user_id=MEMBER)
    for message in result.messages:
        assert message["mention_everyone"] is False and message["mention_roles"] == [] and message["mentions"] == []
    assert "@everyone" not in result.messages[0]["embeds"][0]["title"].replace("@\u200beveryone", "")


# --- the gateway ------------------------------------------------------------------------------------------------


async def test_in_real_use_the_bot_connects_to_the_gateway_and_answers_what_arrives_there(
    fake_discord: FakeDiscord, make_config
) -> None:
    from bot.platforms.discord.platform import DiscordPlatform
    from bot.runtime import Runtime
    from tests.discord.conftest import discord_config
    from tests.peers.fake_discord import interaction_payload

    config = discord_config(make_config, fake_discord)
    platform = DiscordPlatform(config.discord, fake_discord.token)  # connect_gateway defaults to True
    runtime = Runtime(config, {"discord": platform}, tick_seconds=3600)
    await runtime.start()
    try:
        session = await fake_discord.wait_for_gateway(timeout=5)
        assert session.intents == 1 | 1 << 9 | 1 << 12, "guilds, server and direct messages: nothing privileged"
        payload = interaction_payload(fake_discord, "help", channel_id=CHANNEL, user_id=MEMBER)
        record = await fake_discord.send_interaction(payload)
        await fake_discord.wait_for(lambda c: c.interaction_id == record.id and c.route == CALLBACK, timeout=5)
        answer = fake_discord.messages(CHANNEL)[-1]
        assert answer["content"].startswith("Communiqué commands:")
    finally:
        await runtime.stop()
        runtime.db.conn.close()
    assert all(s.socket.closed for s in fake_discord.gateway_sessions), "stop closes the gateway connection"


async def test_a_direct_message_that_is_no_command_is_told_how_to_ask(fake_discord: FakeDiscord, make_config) -> None:
    """A reader who writes to the bot in its direct messages ("hi", "what's new in Geneva?") heard nothing: the bot
    took no direct messages at all, and looked dead. Telegram's private chats answer free text with a hint; so do
    Discord's DMs now, naming the slash commands."""
    from bot.platforms.discord.platform import DiscordPlatform
    from bot.runtime import Runtime
    from tests.discord.conftest import discord_config

    for test_guild, where in ((None, "type / here"), (fake_discord.guild_id, "type / in a channel there")):
        # Commands registered in one server (`test_guild`) are offered only there, not in direct messages.
        config = discord_config(make_config, fake_discord, test_guild=test_guild)
        platform = DiscordPlatform(config.discord, fake_discord.token)
        runtime = Runtime(config, {"discord": platform}, tick_seconds=3600)
        await runtime.start()
        try:
            session = await fake_discord.wait_for_gateway(timeout=5)
            dm = await fake_discord.send_direct_message(MEMBER, "hi, what is new in Geneva?")
            await fake_discord.wait_for(lambda c: c.route == "POST /channels/{channel_id}/messages", timeout=5)
            hint = fake_discord.messages(dm)[-1]["content"]
            assert "slash commands" in hint and where in hint, hint
            assert "/latest" in hint and "/subscribe" in hint and "/help" in hint, hint
        finally:
            await runtime.stop()
            runtime.db.conn.close()
        fake_discord.gateway_sessions.remove(session)
        fake_discord.calls.clear()


async def test_a_slash_command_that_reaches_the_bot_too_late_to_answer_is_said_as_that(
    discord_bot: DiscordBot, caplog
) -> None:
    """A command sent while the bot's gateway reconnected reaches it after Discord's 3 s, and Discord refuses any
    answer (10062): the member sees "The application did not respond". The log said "/subscribe ... failed", with a
    traceback and a failed apology after it, while the channel had been subscribed: an operator read a fault and a
    lost command. It now says the command was done (or, for one deferred first, not run) and why no answer went."""
    caplog.set_level("INFO", logger="bot.platforms.discord")
    discord_bot.fake.interaction_deadline = -1.0  # every interaction arrives already void
    await discord_bot.as_manager("subscribe", expect_answer=False)
    subscribed = discord_bot.subscription()
    assert subscribed is not None and subscribed.active, "the command was done"
    await discord_bot.as_manager("digest", expect_answer=False)
    assert discord_bot.channel_posts() == [], "a deferred command whose deferral was refused is not run"
    assert [r for r in caplog.records if r.levelname == "ERROR"] == [], caplog.text
    said = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(said) == 2, said
    assert said[0].startswith(f"/subscribe in Discord channel {CHANNEL} was done: Discord had already voided it"), said
    assert said[1].startswith(f"/digest in Discord channel {CHANNEL} was not run"), said
    assert "The application did not respond" in said[0], said
