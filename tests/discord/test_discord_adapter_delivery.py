"""Channel delivery on Discord through the ledger and the sender, with Discord's failures injected by the peer.

The real sender drains the real ledger (SQLite file) through the real `DiscordPlatform`; the peer answers as
Discord does, including 403 Missing Access/Permissions, 404 Unknown Channel, 429 (Discord's own and
Cloudflare's), 5xx and 400. What is asserted is what an operator and the channels would notice: who got the
digest, once and in order, which channel was dropped and why (also in /status), and that nothing was lost.
"""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import ConfigError
from bot.core.digest import AlsoReported, Digest, Story
from bot.core.outcomes import Gone, Rejected, RetryAfter, Sent, Transient
from bot.delivery.planner import plan_digest
from bot.platforms.discord.platform import DiscordPlatform
from storage import subscriptions as sub_store
from storage.db import to_iso
from tests.bidi import numbers_joining_arabic, separators_between_arabic
from tests.discord.conftest import CHANNEL, OPERATOR, OTHER_CHANNELS, DiscordBot, discord_config
from tests.helpers import DEFAULTS, RecordingCommands, wait_until
from tests.peers.fake_discord import FakeDiscord, Fault

SEND = "POST /channels/{channel_id}/messages"
DEAD, ALIVE = CHANNEL, OTHER_CHANNELS


@pytest.fixture
def bot(discord_sender_bot: DiscordBot) -> DiscordBot:
    """Communiqué on Discord against the peer; the test drains the ledger itself."""
    return discord_sender_bot


def plan_for(bot: DiscordBot, channel: str, key: str = "daily:2026-11-20") -> int:
    """Plan the channel's pending digest into the ledger as the scheduler would."""
    sub = bot.subscription(channel)
    assert sub is not None
    return plan_digest(bot.db, sub, key, bot.platform.render_digest, now=datetime.now(UTC)).stories


def posts(bot: DiscordBot, channel: str) -> list[dict]:
    return bot.channel_posts(channel)


def story_titles(messages: list[dict]) -> list[str]:
    return [e["title"] for m in messages for e in m["embeds"]]


def delivery_states(bot: DiscordBot, channel: str) -> list[str]:
    sub = bot.subscription(channel)
    return [r["state"] for r in bot.db.query("SELECT state FROM deliveries WHERE subscription_id = ? ORDER BY id",
                                             [sub.id])]


async def drain(bot: DiscordBot, deadline: float = 2.0) -> None:
    await bot.runtime.sender.drain(deadline=deadline)


# --- the adapter's send -----------------------------------------------------------------------------------------


async def test_a_stored_payload_is_posted_as_is_without_flags_and_without_pings(bot: DiscordBot) -> None:
    payload = {"content": "**Digest** @everyone <@&123456789012345678>", "embeds": [{"title": "Talks"}], "flags": 64}
    outcome = await bot.platform.send(CHANNEL, payload)
    message = posts(bot, CHANNEL)[0]
    assert outcome == Sent(message_id=message["id"])
    assert message["flags"] == 0 and message["embeds"][0]["title"] == "Talks"
    assert message["mention_everyone"] is False and message["mention_roles"] == []
    sent = bot.fake.calls_to(SEND)[0].json
    assert sent["allowed_mentions"] == {"parse": []} and "flags" not in sent


async def test_each_discord_answer_becomes_the_right_outcome(
    bot: DiscordBot, fast_discord_retries: None
) -> None:
    send, fake = bot.platform.send, bot.fake
    payload = {"content": "Readout of the talks", "embeds": []}
    cases = [
        (Fault.missing_access(), Gone("Discord 403 Missing Access (50001)")),
        (Fault.missing_permissions(), Gone("Discord 403 Missing Permissions (50013)")),
        (Fault.unknown_channel(), Gone("Discord 404 Unknown Channel (10003)", permanent=True)),
        # A locked, archived thread refuses every message until a moderator reopens it: counted, not "the message
        # is wrong" (it was failed alone, day after day, with the thread kept subscribed and told nothing).
        (Fault.thread_archived(), Gone("Discord 400 Thread is archived (50083)")),
        (Fault.rate_limited(45.0), RetryAfter(45.0)),
        (Fault.rate_limited(via=False), RetryAfter(60.0)),
        (Fault.server_error(503), Transient("Discord 503 upstream connect error or disconnect/reset before headers")),
    ]
    for fault, expected in cases:
        fake.inject(SEND, fault, channel_id=CHANNEL)
        assert await send(CHANNEL, payload) == expected, fault.name
    fake.inject(SEND, Fault.server_error(502), times=5, channel_id=CHANNEL)
    assert await send(CHANNEL, payload) == Transient("Discord 502")
    too_many = {"content": "x", "embeds": [{"title": f"Story {n}"} for n in range(11)]}
    outcome = await send(CHANNEL, too_many)
    assert isinstance(outcome, Rejected) and "Invalid Form Body (50035)" in outcome.reason
    assert await send("not-a-channel", payload) == Gone("“not-a-channel” is not a Discord channel id", permanent=True)
    assert posts(bot, CHANNEL) == [], "no failed call left a message behind"


async def test_an_unreachable_discord_is_a_transient_failure(bot: DiscordBot) -> None:
    await bot.fake.stop()
    outcome = await bot.platform.send(CHANNEL, {"content": "Readout"})
    assert isinstance(outcome, Transient) and outcome.reason.startswith("cannot reach Discord")


async def test_an_alert_to_an_operator_goes_to_their_direct_messages(bot: DiscordBot) -> None:
    first = await bot.platform.send(OPERATOR, {"content": "A source keeps failing."})
    second = await bot.platform.send(OPERATOR, {"content": "Still failing."})
    assert isinstance(first, Sent) and isinstance(second, Sent)
    opened = bot.fake.calls_to("POST /users/@me/channels")
    assert len(opened) == 1 and str(opened[0].json["recipient_id"]) == OPERATOR, "the DM channel is opened once"
    dm = opened[0].answer["id"]
    assert [m["content"] for m in bot.fake.messages(dm)] == ["A source keeps failing.", "Still failing."]


# --- through the sender -----------------------------------------------------------------------------------------


async def test_a_channel_without_embed_links_gets_the_stories_as_text_and_is_told_why(bot: DiscordBot) -> None:
    """Discord keeps a message's text and drops its embeds when the bot lacks Embed Links (no error): the digest
    reached the channel as its heading alone. The stories now follow as text, with what to change, in order."""
    for n in range(3):
        bot.add_story(n)
    bot.subscribe(CHANNEL)
    assert plan_for(bot, CHANNEL) == 3
    bot.fake.deny_embed_links(CHANNEL)

    await drain(bot)
    messages = posts(bot, CHANNEL)
    assert all(m["embeds"] == [] for m in messages), "the peer dropped the cards, as Discord does"
    text = "\n".join(m["content"] for m in messages)
    assert "give it the Embed Links permission" in text
    titles = [text.index(f"Velmora and Kestria agree to reopen crossing {n}") for n in range(3)]
    assert sorted(titles) == titles or sorted(titles, reverse=True) == titles, "each story, in the digest's order"
    assert "<https://ministry.example/press/1>" in text and "Round 1 of the border talks ended" in text
    assert all(len(m["content"]) <= 2000 for m in messages)
    assert delivery_states(bot, CHANNEL) == ["sent"] and bot.subscription(CHANNEL).active


async def test_stories_sent_as_text_keep_their_time(bot: DiscordBot) -> None:
    """A card shows its story's time (the embed's timestamp, in each reader's zone); written out as text for a
    channel without Embed Links, each story kept only its outlet's name, and a reader could not tell this
    morning's news from last week's. The line now carries the time as Discord's timestamp markup, which the client
    shows in each reader's zone as the card did."""
    for n in (3, 7):
        bot.add_story(n)
    bot.subscribe(CHANNEL)
    assert plan_for(bot, CHANNEL) == 2
    bot.fake.deny_embed_links(CHANNEL)

    await drain(bot)
    text = "\n".join(m["content"] for m in posts(bot, CHANNEL))
    for n in (3, 7):
        stamp = int(datetime(2026, 11, 20, n, tzinfo=UTC).timestamp())
        assert f"Foreign Ministry Press Office · <t:{stamp}:f>" in text, text


async def test_missing_access_in_one_channel_deactivates_it_after_three_refusals_others_get_their_digest(
    bot: DiscordBot,
) -> None:
    fake = bot.fake
    for n in range(3):
        bot.add_story(n)
    for channel in (DEAD, *ALIVE):
        bot.subscribe(channel)
        assert plan_for(bot, channel) == 3
    fake.inject(SEND, Fault.missing_access(), times=None, channel_id=DEAD)

    await bot.runtime.sender.drain(deadline=0)
    first = await bot.slash("status", user_id=OPERATOR)
    assert f"discord {DEAD}: 1 refusal(s), last: Discord 403 Missing Access (50001)" in first.content

    await drain(bot)
    for channel in ALIVE:
        assert len(story_titles(posts(bot, channel))) == 3, channel
    assert len(fake.calls_to(SEND, channel_id=DEAD)) == 3, "three refusals, then Communiqué stops asking"
    dead = bot.subscription(DEAD)
    assert not dead.active and "Missing Access" in dead.deactivated_reason
    assert delivery_states(bot, DEAD) == ["failed"]
    status = await bot.slash("status", user_id=OPERATOR)
    assert f"deactivated discord {DEAD}: Discord 403 Missing Access (50001)" in status.content
    assert "active: 2 of 3" in status.content

    told = await bot.slash("digest", channel_id=DEAD)  # a member asks why nothing comes
    assert "Digests here stopped on" in told.content and "Discord refused my messages (403 Missing Access (50001))" \
        in told.content and "not subscribed" not in told.content, told.content

    fake.clear_faults()  # the bot given its access back
    back = await bot.as_manager("subscribe", channel_id=DEAD)
    assert "3 stories are waiting" in back.content, "refused at every try, so never sent: owed again"
    assert delivery_states(bot, DEAD) == [], "the refused messages go: a resend cannot send them twice"


async def test_a_403_page_from_the_network_in_front_of_discord_ends_no_channel_and_the_digests_wait(
    bot: DiscordBot, caplog: pytest.LogCaptureFixture
) -> None:
    """Cloudflare, in front of Discord, blocked the bot's address for a while: every send answered 403 with its
    HTML page, no Discord code. Taken for each channel's refusal, three of them ended every subscription at once,
    and each channel then needed a /subscribe: a block of the bot's own network read as every server removing it."""
    caplog.set_level("WARNING", logger="bot.delivery.sender")
    for n in range(2):
        bot.add_story(n)
    for channel in (DEAD, *ALIVE):
        bot.subscribe(channel)
        assert plan_for(bot, channel) == 2
    bot.fake.inject(SEND, Fault.blocked(), times=None)

    for _ in range(4):
        await bot.runtime.sender.drain(deadline=0)
        await asyncio.sleep(0.25)  # past the pauses, so each message is tried again
    assert len(bot.fake.calls_to(SEND)) >= 6, "each channel tried more than once"
    assert all(bot.subscription(c).active for c in (DEAD, *ALIVE)), "no channel ended for the network's block"
    [said] = [m for m in caplog.messages if m.startswith("sending on discord fails")]
    assert "Discord 403" in said and "not Discord's answer" in said and "<" not in said, said

    bot.fake.clear_faults()
    await drain(bot)
    for channel in (DEAD, *ALIVE):
        assert len(story_titles(posts(bot, channel))) == 2, channel


async def test_a_declared_channel_dropped_is_told_to_the_operators_with_a_command_that_works_here(
    bot: DiscordBot,
) -> None:
    """A channel a [[subscriptions]] block declares (kind "channel") dropped after refusals is told to the operators;
    the alert said "/subscribe <id> here", which in a direct message subscribes the operator to a topic of that
    number: a Discord command names no channel, it is sent in the channel."""
    bot.add_story(1)
    sub_store.subscribe(bot.db, platform="discord", chat_id=DEAD, chat_kind="channel", defaults=DEFAULTS)
    plan_for(bot, DEAD)
    bot.fake.inject(SEND, Fault.missing_access(), times=None, channel_id=DEAD)
    await drain(bot)
    assert not bot.subscription(DEAD).active
    await wait_until(lambda: bot.fake.calls_to("POST /users/@me/channels"), "the operator's direct messages opened")
    [opened] = bot.fake.calls_to("POST /users/@me/channels")
    await wait_until(lambda: bot.fake.messages(opened.answer["id"]), "the alert to the operator")
    [alert] = [m["content"] for m in bot.fake.messages(opened.answer["id"])]
    assert alert.startswith(f"Stopped sending digests to the channel {DEAD}: Discord refused them"), alert
    assert alert.endswith("Once Communiqué may post there again, /subscribe sent in that channel starts them "
                          "again."), alert


async def test_a_deleted_channel_is_deactivated_at_once(bot: DiscordBot) -> None:
    bot.add_story(1)
    bot.subscribe(DEAD)
    plan_for(bot, DEAD)
    bot.fake.delete_channel(DEAD)
    await drain(bot)
    assert len(bot.fake.calls_to(SEND, channel_id=DEAD)) == 1
    dead = bot.subscription(DEAD)
    assert not dead.active and dead.deactivated_reason == "Discord 404 Unknown Channel (10003)"
    bot.add_story(2)
    assert await bot.runtime.fire_daily(dead.id) == 0, "no digest is planned for it any more"
    await drain(bot)
    assert len(bot.fake.calls_to(SEND, channel_id=DEAD)) == 1, "nothing more is sent to a deleted channel"


async def test_a_burst_of_429s_delays_but_never_duplicates_or_loses_a_message(bot: DiscordBot) -> None:
    fake = bot.fake
    long_summary = ["The delegations argued over the wording of the annex late into the night. " * 40]
    for n in range(14):  # 14 long stories: more than one message per channel
        bot.add_story(n, summary=long_summary)
    for channel in (DEAD, *ALIVE):
        bot.subscribe(channel, max_items=20)
        plan_for(bot, channel)
    fake.inject(SEND, Fault.rate_limited(0.05), times=6)
    fake.set_rate_limit(SEND, 2, 0.2)  # and the channel bucket is tight: discord.py must follow the headers
    await drain(bot, deadline=5)
    expected = [f"Velmora and Kestria agree to reopen crossing {n}" for n in range(13, -1, -1)]
    for channel in (DEAD, *ALIVE):
        messages = posts(bot, channel)
        assert len(messages) >= 2
        assert story_titles(messages) == expected, f"{channel}: each story once, in order"
        assert delivery_states(bot, channel) == ["sent"] * len(messages)
    statuses = [c.status for c in fake.calls_to(SEND)]
    assert statuses.count(429) == 6 and statuses.count(200) == sum(len(posts(bot, c)) for c in (DEAD, *ALIVE))


async def test_a_long_rate_limit_pauses_the_channel_instead_of_blocking(bot: DiscordBot) -> None:
    bot.add_story(1)
    for channel in (DEAD, *ALIVE):
        bot.subscribe(channel)
        plan_for(bot, channel)
    bot.fake.inject(SEND, Fault.rate_limited(45.0), channel_id=DEAD)
    await drain(bot, deadline=0)
    assert all(len(posts(bot, c)) == 1 for c in ALIVE), "the other channels are not held up"
    row = next(bot.db.query("SELECT * FROM deliveries WHERE subscription_id = ?", [bot.subscription(DEAD).id]))
    assert row["state"] == "due" and row["attempts"] == 0 and "rate limited for 45 s" in row["last_error"]
    wait = datetime.fromisoformat(row["next_attempt"].replace("Z", "+00:00")) - datetime.now(UTC)
    assert timedelta(seconds=40) < wait <= timedelta(seconds=45)
    # 45 s later (moved forward here rather than waited for), it is sent, once.
    bot.db.execute("UPDATE deliveries SET next_attempt = ? WHERE id = ?", [to_iso(datetime.now(UTC)), row["id"]])
    bot.runtime.sender.limiters["discord"].forget(DEAD)
    await drain(bot)
    assert len(posts(bot, DEAD)) == 1 and delivery_states(bot, DEAD) == ["sent"]


async def test_server_errors_are_retried_and_the_digest_arrives_once(
    bot: DiscordBot, fast_discord_retries: None
) -> None:
    fake = bot.fake
    bot.add_story(1)
    for channel in (DEAD, *ALIVE):
        bot.subscribe(channel)
        plan_for(bot, channel)
    fake.inject(SEND, Fault.server_error(500), channel_id=DEAD)  # discord.py retries this one itself
    fake.inject(SEND, Fault.server_error(503), times=2, channel_id=ALIVE[0])  # the sender retries these
    fake.inject(SEND, Fault.server_error(502), times=None, channel_id=ALIVE[1])  # Discord stays down here
    await drain(bot, deadline=3)
    assert [c.status for c in fake.calls_to(SEND, channel_id=DEAD)] == [500, 200]
    assert [c.status for c in fake.calls_to(SEND, channel_id=ALIVE[0])] == [503, 503, 200]
    assert len(posts(bot, DEAD)) == 1 and len(posts(bot, ALIVE[0])) == 1
    assert posts(bot, ALIVE[1]) == [] and delivery_states(bot, ALIVE[1]) == ["due"], "an outage delays, never ends"
    assert bot.subscription(ALIVE[1]).active, "a Discord outage is no reason to drop a channel"
    status = await bot.slash("status", user_id=OPERATOR)
    assert "1 message(s) waiting to be tried again" in status.content and "Discord 502" in status.content


# --- start ----------------------------------------------------------------------------------------------------------


async def test_a_refused_token_stops_start_with_a_clear_message_without_the_token(
    fake_discord: FakeDiscord, make_config
) -> None:
    config = discord_config(make_config, fake_discord)
    platform = DiscordPlatform(config.discord, "not-the-right-token-5f3a", connect_gateway=False)

    with pytest.raises(ConfigError) as raised:
        await platform.start(RecordingCommands(refuse=True))
    report = raised.value.report()
    assert "Discord refused the token in the environment variable DISCORD_BOT_TOKEN" in report
    assert "5f3a" not in report and "5f3a" not in repr(platform)
    await platform.stop()


async def test_an_unreachable_discord_at_start_does_not_stop_the_process(make_config) -> None:
    from tests.peers.fake_discord import running_fake_discord

    async with running_fake_discord() as fake:
        config = discord_config(make_config, fake)
        await fake.stop()  # Discord is down when Communiqué starts
        platform = DiscordPlatform(config.discord, fake.token, connect_gateway=False)

        await platform.start(RecordingCommands(refuse=True))  # returns: login is retried in the background
        try:
            assert await platform.send(CHANNEL, {"content": "Readout"}) == Transient("not connected to Discord yet")
        finally:
            await platform.stop()
        assert platform._background is None or platform._background.done()


async def test_a_closed_direct_message_stops_after_three_refusals_and_says_how_to_open_it_again(
    bot: DiscordBot,
) -> None:
    """A user who subscribed in their direct messages with the bot, then closed them (blocked the bot, or turned
    off direct messages from the server's members): the digests stop after three refusals, not forever, and the
    channels keep theirs. Back in the conversation, the user was told "Discord refused my messages (403 Cannot
    send messages to this user (50007)). Once I may post here again, /subscribe starts them again": what to
    change, the user could not tell."""
    dm, user = "1190000000000000009", "1170000000000000031"
    opened = await bot.slash("subscribe", channel_id=dm, user_id=user, dm=True)
    assert "now subscribed" in opened.content
    bot.subscribe(ALIVE[0])
    bot.add_story(1)
    plan_for(bot, dm)
    plan_for(bot, ALIVE[0])
    bot.fake.inject(SEND, Fault.dm_closed(), times=None, channel_id=dm)
    await drain(bot)
    assert len(bot.fake.calls_to(SEND, channel_id=dm)) == 3, "three refusals, then no more tries"
    assert not bot.subscription(dm).active
    assert story_titles(posts(bot, ALIVE[0])) == ["Velmora and Kestria agree to reopen crossing 1"]

    told = await bot.slash("digest", channel_id=dm, user_id=user, dm=True)
    assert "Digests here stopped" in told.content, told.content
    assert "Privacy" in told.content and "direct messages" in told.content, told.content
    bot.fake.clear_faults()
    again = await bot.slash("subscribe", channel_id=dm, user_id=user, dm=True)
    assert "now subscribed" in again.content and "1 story is waiting" in again.content, again.content


async def test_send_messages_taken_away_between_a_digest_s_parts_loses_none_of_its_stories(bot: DiscordBot) -> None:
    """A channel's digest of two messages: the first went out, then a moderator took Send Messages from the bot.
    Discord refused the rest, three refusals ended the subscription, and the channel, subscribed again once the
    permission was back, never got the stories of the refused message: the digest was partly sent, so it was left
    for an operator's `communique resend`, which the channel's members cannot run nor know of."""
    for n in range(15):
        bot.add_story(n)
    bot.subscribe(DEAD, max_items=15)
    assert plan_for(bot, DEAD) == 15
    assert len(delivery_states(bot, DEAD)) >= 2, "a digest of several messages"
    bot.fake.set_latency(0.3, SEND)
    sending = asyncio.ensure_future(drain(bot, deadline=10.0))
    await wait_until(lambda: len(posts(bot, DEAD)) >= 1, "the first message posted")
    bot.fake.inject(SEND, Fault.missing_permissions(), times=None, channel_id=DEAD)
    await sending
    seen = story_titles(posts(bot, DEAD))
    assert 0 < len(seen) < 15 and not bot.subscription(DEAD).active

    bot.fake.clear_faults()  # the permission given back, and a manager subscribes the channel again
    await bot.as_manager("subscribe", channel_id=DEAD)
    await drain(bot)
    titles = story_titles(posts(bot, DEAD))
    assert sorted(titles) == sorted({*titles}), "nothing twice"
    assert len(titles) == 15, "every story reached the channel once"


async def test_a_headline_that_is_a_web_address_opens_that_address_in_a_channel_without_embed_links(
    bot: DiscordBot,
) -> None:
    """A story whose headline is a web address (a feed that titles an entry by its link), sent as text where the
    cards are dropped: Discord's client links an address in a message's text and reads no Markdown inside it, so
    the headline's escapes ('a\\_b') were part of the link it opened. The address is left whole, as in a summary."""
    address = "https://records.example/treaty_texts/annex_2?part=a_b"
    bot.add_story(0, title=address)
    bot.subscribe(CHANNEL)
    assert plan_for(bot, CHANNEL) == 1
    bot.fake.deny_embed_links(CHANNEL)

    await drain(bot)
    text = "\n".join(m["content"] for m in posts(bot, CHANNEL))
    linked = re.findall(r"https?://[^\s<>*]+", text)  # what the client links (an address in <> is one too)
    assert address in linked, text


async def test_stories_sent_as_text_are_cut_between_stories_not_inside_one(bot: DiscordBot) -> None:
    """Five stories as text (a channel without Embed Links) take more than one message of 2000 characters: the cut
    fell inside a story, its headline and link in one message and its summary opening the next, read under no
    headline. Each message now holds whole stories."""
    for n in range(5):
        bot.add_story(n, summary=[f"Sentence {k} of round {n}: delegates from Velmora and Kestria compared the "
                                  f"customs figures for the Orlen crossing line by line." for k in range(6)])
    bot.subscribe(CHANNEL)
    assert plan_for(bot, CHANNEL) == 5
    bot.fake.deny_embed_links(CHANNEL)

    await drain(bot)
    texts = [m["content"] for m in posts(bot, CHANNEL)][1:]  # after the heading, the stories as text
    assert len(texts) >= 2, texts
    for n in range(5):
        [holding] = [text for text in texts if f"of round {n}:" in text]
        assert f"Velmora and Kestria agree to reopen crossing {n}" in holding, holding


async def test_outlets_named_in_arabic_keep_their_order_and_their_date_on_a_card(bot: DiscordBot) -> None:
    """A card from an outlet named in Arabic, its feed giving a day alone: the footer "وكالة الأنباء · 6 Dec 2026"
    read "6 · وكالة الأنباء Dec 2026", the day joining the name (Unicode's rule W2: a number after Arabic letters
    goes with them); "Also reported by" two such outlets named the second first (rule N1). The names are set apart
    with invisible left-to-right marks."""
    north, harbour = "وكالة الأنباء الشمالية", "صحيفة الميناء"
    digest = Digest("Communiqué digest: 6 Dec 2026", [Story(
        1, "Velmora promises to reopen the Orlen crossing", "https://northagency.example/news/orlen", north,
        datetime(2026, 12, 6), summary=["Velmora said the crossing would reopen."],
        also_reported_by=[AlsoReported(north, "https://northagency.example/ar/1"),
                          AlsoReported(harbour, "https://harbourpaper.example/ar/2")])])
    for payload in bot.platform.render_digest(digest):
        assert isinstance(await bot.platform.send(CHANNEL, payload), Sent)
    [card] = [embed for m in bot.fake.messages(CHANNEL) for embed in m["embeds"]]
    footer = card["footer"]["text"]
    assert north in footer and "6 Dec 2026" in footer, footer
    assert not numbers_joining_arabic(footer), f"the day joins the outlet's name: {footer!r}"
    [also] = [field["value"] for field in card["fields"] if "Also reported by" in field["name"]]
    shown = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", also)  # the masked links' words, as the client shows them
    assert north in shown and harbour in shown, shown
    assert not separators_between_arabic(shown), f"two Arabic names run together: {shown!r}"


async def test_the_part_number_after_an_arabic_topic_stays_after_it(bot: DiscordBot) -> None:
    """`/latest` on an Arabic topic in two messages: "Latest 20 stories on محادثات (1/2)" read "… on (1/2) محادثات",
    the part's number joining the topic (rule W2)."""
    stories = [Story(n, f"Round {n} of the Orlen talks ends", f"https://northagency.example/news/{n}", "North Agency",
                     datetime(2026, 12, 6, 9, tzinfo=UTC), summary=["Delegates compared the customs figures."])
               for n in range(20)]
    for payload in bot.platform.render_digest(Digest("Latest 20 stories on محادثات", stories)):
        assert isinstance(await bot.platform.send(CHANNEL, payload), Sent)
    headings = [re.sub(r"\*\*", "", m["content"]) for m in bot.fake.messages(CHANNEL)]  # bold, as the client shows
    assert len(headings) == 2 and all("محادثات" in heading for heading in headings), headings
    for heading in headings:
        assert not numbers_joining_arabic(heading), f"the part's number joins the topic: {heading!r}"


async def test_a_message_whose_answer_is_lost_is_posted_once_when_sent_again(bot: DiscordBot) -> None:
    """Discord posted the message but its answer came after the send timeout (or never): the sender tries it again,
    and the channel read it twice. Each try carries the same nonce, derived from the stored message, with
    enforce_nonce, so Discord answers the retry with the message it already has."""
    bot.add_story(1)
    bot.subscribe(CHANNEL)
    plan_for(bot, CHANNEL)
    bot.platform.send_timeout = 0.5
    bot.fake.set_answer_latency(1.5, SEND)  # posted at once, answered too late
    await drain(bot, deadline=1.0)  # each try given up, the answers still on their way
    assert delivery_states(bot, CHANNEL) == ["due"], "given up, to try again"
    bot.fake.set_answer_latency(0, SEND)
    await asyncio.sleep(1.5)  # the late answers come and go unheard
    await drain(bot, deadline=5.0)
    calls = bot.fake.calls_to(SEND, channel_id=CHANNEL)
    assert len(calls) >= 2, "tried again"
    assert len({c.json.get("nonce") for c in calls}) == 1, "the same nonce at each try"
    assert len(posts(bot, CHANNEL)) == 1, "the channel reads the digest once"
    sent_id = bot.db.query("SELECT message_id FROM deliveries").__next__()["message_id"]
    assert delivery_states(bot, CHANNEL) == ["sent"] and sent_id == posts(bot, CHANNEL)[0]["id"]
