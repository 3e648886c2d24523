"""Communiqué on Telegram, end to end: the real Runtime and python-telegram-bot Application, driven through the
Bot API peer as users would drive it (private chats, groups with and without admin rights, a channel), with
digests arriving by command, by schedule and as stories come in.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.platforms.telegram.html import check
from storage import deliveries as ledger
from storage import subscriptions as sub_store
from storage.records import SettingsChange
from tests.factories import BASE_TIME, Item, rss
from tests.helpers import wait_until
from tests.peers.telegram_peer import BotMessage, TelegramPeer
from tests.telegram.conftest import WorldRunner
from tests.telegram.world import (
    HARBOUR_TITLES,
    MINISTRY_TITLES,
    OPERATOR,
    TelegramWorld,
    harbour_items,
    late_title,
    ministry_items,
)

USER = 501
GROUP = -100700
ADMIN = 502
MEMBER = 503
CHANNEL = -100800


def assert_valid_html(messages: list[BotMessage]) -> None:
    """What users see was sent as Telegram HTML that follows Telegram's rules, without link previews."""
    for message in messages:
        assert message.parse_mode == "HTML"
        assert check(message.text) == [], message.text
        assert message.link_preview_options == {"is_disabled": True}


def shown(messages: list[BotMessage]) -> str:
    return "\n".join(m.plain_text for m in messages)


async def test_reading_commands_in_a_private_chat(world: WorldRunner) -> None:
    async with world() as w:
        [start] = await w.command(USER, "/start")
        assert "/subscribe" in start.plain_text and "Communiqué" in start.plain_text

        [help_] = await w.command(USER, "/help")
        assert all(f"/{name}" in help_.plain_text for name in
                   ("subscribe", "unsubscribe", "latest", "digest", "sources", "topics", "settings", "pledges"))
        assert "/status" not in help_.plain_text, "operator commands are not shown to everyone"

        latest = await w.command(USER, "/latest")
        assert "Latest 5 stories" in shown(latest)
        assert MINISTRY_TITLES[0] in shown(latest), "hostile characters arrive as the reader should see them"
        assert MINISTRY_TITLES[1] in shown(latest), "emoji and right-to-left text arrive intact"
        assert "https://ministry.example/press/0" in [url for m in latest for url in m.links()]

        trade = await w.command(USER, "/latest 3 trade")
        assert "Latest 2 stories on trade" in shown(trade)
        assert HARBOUR_TITLES[0] in shown(trade) and MINISTRY_TITLES[0] not in shown(trade)

        [sources] = await w.command(USER, "/sources")
        assert "Ministry Wire [borders, un]" in sources.plain_text and "Harbour Post [trade]" in sources.plain_text

        [topics] = await w.command(USER, "/topics")
        assert "borders" in topics.plain_text and "trade" in topics.plain_text

        [open_pledges] = await w.command(USER, "/pledges")
        assert "Pledges, newest first" in open_pledges.plain_text
        assert "Velmora:" in open_pledges.plain_text and "Ministry Wire" in open_pledges.plain_text
        [pledges] = await w.command(USER, "/pledges Maren")
        assert "Pledges by Maren" in pledges.plain_text and "Maren:" in pledges.plain_text
        [none] = await w.command(USER, "/pledges Atlantis")
        assert "No pledges by Atlantis" in none.plain_text
        assert_valid_html([start, help_, *latest, *trade, sources, topics, open_pledges, pledges, none])


async def test_bad_input_gets_a_short_usage_line(world: WorldRunner) -> None:
    async with world() as w:
        [too_many] = await w.command(USER, "/latest 99")
        assert "N must be a number from 1 to 20" in too_many.plain_text and "Usage: /latest" in too_many.plain_text
        [unknown] = await w.command(USER, "/weather tomorrow")
        assert "Unknown command /weather" in unknown.plain_text and "/help" in unknown.plain_text
        [long_arg] = await w.command(USER, "/latest " + "x" * 500)
        assert "too long" in long_arg.plain_text
        before = len(w.peer.bot_messages(USER))
        w.peer.send_message(USER, "what is new in Geneva?")
        [hint] = (await w.messages(USER, before + 1))[before:]
        assert "/latest" in hint.plain_text and "/help" in hint.plain_text
        [not_operator] = await w.command(USER, "/status")
        assert "Only the bot's operators" in not_operator.plain_text
        for message in (too_many, unknown, long_arg, not_operator):
            assert "Traceback" not in message.plain_text and message.plain_text.startswith("⚠️")


async def test_every_example_in_start_and_help_works_as_shown_in_a_group_addressed_to_the_bot(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    telegram_peer.add_chat(GROUP, "supergroup", title="Foreign Desk")
    telegram_peer.set_member(GROUP, ADMIN, "administrator", notify=False)
    async with world() as w:
        [start] = await w.command(GROUP, "/start@communique_test_bot", user_id=ADMIN)
        [help_] = await w.command(GROUP, "/help@communique_test_bot", user_id=ADMIN)
        examples = [found for usage in re.findall(r"e\.g\. (/.+?) — ", help_.plain_text)
                    for found in usage.split(", ")]
        examples += re.findall(r"\(or (/subscribe [^)]+?) for some topics only\)", start.plain_text)
        examples += re.findall(r"\((/follow \w+), (/follow \w+)\)", help_.plain_text)[0]
        assert len(examples) >= 7 and "/subscribe ukraine nato" in examples, examples
        for example in examples:
            name, *words = example.split(" ")
            [answer] = await w.command(GROUP, " ".join([f"{name}@communique_test_bot", *words]), user_id=ADMIN)
            assert not answer.plain_text.startswith("⚠️") and "Usage:" not in answer.plain_text, (example, answer)


async def test_a_command_corrected_by_editing_the_message_is_answered(world: WorldRunner,
                                                                       telegram_peer: TelegramPeer) -> None:
    """Telegram users fix a typo by editing the message: the edited command is answered, in reply to it."""
    async with world() as w:
        sent = telegram_peer.send_command(USER, "/lates 3")
        [unknown] = await w.messages(USER, 1)
        assert "Unknown command /lates" in unknown.plain_text
        telegram_peer.edit_message(USER, sent.message_id, "/latest 3")
        answer = (await w.messages(USER, 2))[1:]
        assert "Latest 3 stories" in shown(answer)
        [call] = telegram_peer.calls("sendMessage", chat_id=USER)[1:2]
        assert call.params["reply_parameters"]["message_id"] == sent.message_id, "in reply to the edited message"

        plain = telegram_peer.send_message(USER, "what is new?")
        hints = len(await w.messages(USER, 3))
        telegram_peer.edit_message(USER, plain.message_id, "what is new in Geneva?")
        assert len(await w.quiet(USER)) == hints, "an edited message that is no command gets no second hint"


async def test_a_command_corrected_by_editing_it_in_a_forum_topic_is_answered_in_that_topic(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """A member of a forum fixes a typo by editing the command they wrote in a topic: the answer belongs in that
    topic, under the edited message, not in the forum's General topic where the one who asked does not look."""
    topic = 78
    telegram_peer.add_chat(GROUP, "supergroup", title="Desk with topics", is_forum=True)
    telegram_peer.set_member(GROUP, MEMBER, "member", notify=False)
    async with world() as w:
        sent = telegram_peer.send_command(GROUP, "/latst 2", user_id=MEMBER, topic=topic)
        assert len(await w.quiet(GROUP)) == 0, "another bot's command, maybe: a group hears nothing of it"
        telegram_peer.edit_message(GROUP, sent.message_id, "/latest 2", user_id=MEMBER, topic=topic)
        [answer] = await w.messages(GROUP, 1)
        assert "Latest 2 stories" in answer.plain_text, answer.plain_text
        assert answer.message_thread_id == topic, "in the topic the command was written in"
        [call] = telegram_peer.calls("sendMessage", chat_id=GROUP)
        assert call.params["reply_parameters"]["message_id"] == sent.message_id, "in reply to the edited message"


async def test_subscribe_settings_digest_and_unsubscribe_in_a_private_chat(world: WorldRunner) -> None:
    async with world() as w:
        [subscribed] = await w.command(USER, "/subscribe borders")
        assert "now subscribed" in subscribed.plain_text and "on borders" in subscribed.plain_text
        sub = sub_store.get(w.db, "telegram", str(USER))
        assert sub is not None and sub.topics == ["borders"] and sub.chat_kind == "private"

        [settings] = await w.command(USER, "/settings")
        assert "daily digest at 08:00 (UTC)" in settings.plain_text
        [saved] = await w.command(USER, "/settings time 06:45 tz Europe/Berlin max 3")
        assert "06:45 (Europe/Berlin) with up to 3 stories" in saved.plain_text
        [refused] = await w.command(USER, "/settings time 25:00")
        assert "is not a time" in refused.plain_text
        assert sub_store.get(w.db, "telegram", str(USER)).time == "06:45", "a bad edit changes nothing"

        [sending, *digest] = await w.command(USER, "/digest", count=2)
        assert "Sending this chat's digest: 3 new stories" in sending.plain_text
        assert "Communiqué digest" in shown(digest) and MINISTRY_TITLES[0] in shown(digest)
        assert HARBOUR_TITLES[0] not in shown(digest), "only the chat's topics"
        assert "1 more matched story is waiting for a later digest" in shown(digest)
        [_, rest] = await w.command(USER, "/digest", count=2)
        assert MINISTRY_TITLES[3] in rest.plain_text, "what did not fit comes next"
        [again] = await w.command(USER, "/digest")
        assert "Nothing new since the last digest" in again.plain_text

        [gone] = await w.command(USER, "/unsubscribe")
        assert "Unsubscribed" in gone.plain_text
        assert not sub_store.get(w.db, "telegram", str(USER)).active
        [not_subscribed] = await w.command(USER, "/digest")
        assert "not subscribed" in not_subscribed.plain_text
        assert_valid_html([subscribed, settings, saved, refused, sending, *digest, rest, again, gone, not_subscribed])


async def test_in_a_group_only_administrators_change_the_subscription(world: WorldRunner,
                                                                     telegram_peer: TelegramPeer) -> None:
    telegram_peer.add_chat(GROUP, "supergroup", title="Foreign Desk")
    telegram_peer.set_member(GROUP, ADMIN, "administrator", notify=False)
    telegram_peer.set_member(GROUP, MEMBER, "member", notify=False)
    async with world() as w:
        [refused] = await w.command(GROUP, "/subscribe", user_id=MEMBER)
        assert "Only this group's administrators" in refused.plain_text
        assert sub_store.get(w.db, "telegram", str(GROUP)) is None
        latest = await w.command(GROUP, "/latest 2", user_id=MEMBER)
        assert "Latest 2 stories" in shown(latest), "anyone may read"

        [subscribed] = await w.command(GROUP, "/subscribe@communique_test_bot un", user_id=ADMIN)
        assert "now subscribed" in subscribed.plain_text
        sub = sub_store.get(w.db, "telegram", str(GROUP))
        assert sub.chat_kind == "group" and sub.chat_title == "Foreign Desk" and sub.created_by == str(ADMIN)

        [no_change] = await w.command(GROUP, "/settings mode instant", user_id=MEMBER)
        assert "Only this group's administrators" in no_change.plain_text
        [shown_settings] = await w.command(GROUP, "/settings", user_id=MEMBER)
        assert "daily digest at 08:00" in shown_settings.plain_text, "anyone may look at the settings"
        [changed] = await w.command(GROUP, "/settings mode instant", user_id=ADMIN)
        assert "each new story as it arrives" in changed.plain_text
        [no_stop] = await w.command(GROUP, "/unsubscribe", user_id=MEMBER)
        assert "Only this group's administrators" in no_stop.plain_text
        assert sub_store.get(w.db, "telegram", str(GROUP)).active

        calls = telegram_peer.calls("sendMessage", chat_id=GROUP)
        assert all(c.params.get("reply_parameters", {}).get("message_id") for c in calls), "answers the command"
        before = len(telegram_peer.bot_messages(GROUP))
        w.peer.send_command(GROUP, "/latest@some_other_bot", user_id=MEMBER)  # another bot's command
        w.peer.send_command(GROUP, "/weather", user_id=MEMBER)  # a bare command we do not know: not for us
        [unknown] = await w.command(GROUP, "/weather@communique_test_bot", user_id=MEMBER)
        assert "Unknown command /weather" in unknown.plain_text, "commands of one chat are answered in order"
        assert len(await w.quiet(GROUP, 0.3)) == before + 1, "the other bots' commands got no answer"


async def test_a_command_in_a_forum_topic_is_answered_in_that_topic_every_part_of_it(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """A supergroup with topics on: a reply sent without the topic lands in General, where the one who asked
    does not look; a long reply's later parts (not replies to the command) went there."""
    topic = 77
    telegram_peer.add_chat(GROUP, "supergroup", title="Desk with topics", is_forum=True)
    telegram_peer.set_member(GROUP, MEMBER, "member", notify=False)
    async with world() as w:
        (w.feeds / "ministry.xml").write_bytes(rss(ministry_items(12), title="Ministry Wire"))
        w.db.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")
        await w.runtime.ingest_tick()
        before = len(telegram_peer.bot_messages(GROUP))
        telegram_peer.send_command(GROUP, "/latest 12", user_id=MEMBER, topic=topic)
        await w.messages(GROUP, before + 1)
        answer = (await w.quiet(GROUP))[before:]
        assert len(answer) >= 2 and "Latest 12 stories" in shown(answer), "a reply long enough to come in parts"
        assert [m.message_thread_id for m in answer] == [topic] * len(answer), "every part in the topic"

        [help_] = await w.command(GROUP, "/help", user_id=MEMBER)  # the General topic: no topic named
        assert help_.message_thread_id is None and "/subscribe" in help_.plain_text


async def test_a_forum_topic_subscribed_gets_its_digests_in_that_topic(world: WorldRunner,
                                                                       telegram_peer: TelegramPeer) -> None:
    """/subscribe typed in a forum's topic: its digests went to the forum's General topic (sent naming no topic),
    not where the subscription was made. A topic is a chat of its own, as a Discord channel is: '<group>/<topic>'."""
    topic = 77
    telegram_peer.add_chat(GROUP, "supergroup", title="Desk with topics", is_forum=True)
    telegram_peer.set_member(GROUP, ADMIN, "administrator", notify=False)
    telegram_peer.set_member(GROUP, MEMBER, "member", notify=False)
    async with world() as w:
        before = len(telegram_peer.bot_messages(GROUP))
        telegram_peer.send_command(GROUP, "/subscribe", user_id=MEMBER, topic=topic)
        [refused] = (await w.messages(GROUP, before + 1))[before:]
        assert "Only this group's administrators" in refused.plain_text, "the group's admins decide, in any topic"
        telegram_peer.send_command(GROUP, "/subscribe", user_id=ADMIN, topic=topic)
        [subscribed] = (await w.messages(GROUP, before + 2))[before + 1:]
        assert "now subscribed" in subscribed.plain_text and subscribed.message_thread_id == topic
        # The topic, not the group, is subscribed: the reply says so (it said "This chat", read as the whole group).
        assert subscribed.plain_text.startswith("This topic is now subscribed"), subscribed.plain_text
        sub = sub_store.get(w.db, "telegram", f"{GROUP}/{topic}")
        assert sub is not None and sub.chat_kind == "group" and sub.chat_title == "Desk with topics"
        assert sub_store.get(w.db, "telegram", str(GROUP)) is None, "the General topic is not subscribed"

        assert (await w.runtime.request_digest(sub)).stories == 6
        await wait_until(lambda: everything_sent(w), "the digest sent")
        digest = telegram_peer.bot_messages(GROUP)[before + 2:]
        assert "Communiqué digest" in shown(digest) and MINISTRY_TITLES[0] in shown(digest)
        assert [m.message_thread_id for m in digest] == [topic] * len(digest), "every part in the topic"

        [general] = await w.command(GROUP, "/digest", user_id=MEMBER)
        assert "not subscribed" in general.plain_text and general.message_thread_id is None
        assert general.plain_text.startswith("This chat is not subscribed"), "the General topic speaks for the group"

        # The topic deleted: Telegram answers 400 "message thread not found"; the topic is gone for good.
        w.runtime.db.execute("DELETE FROM delivered")
        telegram_peer.inject_fault("sendMessage", "bad_request", times=5, chat_id=GROUP,
                                   description="Bad Request: message thread not found")
        assert (await w.runtime.request_digest(sub)).stories == 6
        await wait_until(lambda: not sub_store.get(w.db, "telegram", sub.chat_id).active, "the topic dropped")
        refused = [c for c in telegram_peer.calls("sendMessage", chat_id=GROUP) if c.fault == "bad_request"]
        assert len(refused) == 1 and refused[0].params["message_thread_id"] == topic, "dropped at once, no retry"


async def test_a_forum_topic_declared_in_the_config_gets_its_digests_in_that_topic(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """A [[subscriptions]] block naming a topic ('-100700/77', as /status shows one subscribed by command) was
    refused: 'chat_id' took no '/', so an operator could not declare what a command could subscribe."""
    topic = 77
    telegram_peer.add_chat(GROUP, "supergroup", title="Desk with topics", is_forum=True)
    declared = f'[[subscriptions]]\nplatform = "telegram"\nchat_id = "{GROUP}/{topic}"\n'
    async with world(extra_config=declared) as w:
        sub = sub_store.get(w.db, "telegram", f"{GROUP}/{topic}")
        assert sub is not None and sub.active and sub.origin == "config"
        assert (await w.runtime.request_digest(sub)).stories == 6
        await wait_until(lambda: everything_sent(w), "the digest sent")
        digest = telegram_peer.bot_messages(GROUP)
        assert digest and [m.message_thread_id for m in digest] == [topic] * len(digest)


async def test_a_forum_subscribed_as_a_whole_is_named_in_its_topics(world: WorldRunner,
                                                                      telegram_peer: TelegramPeer) -> None:
    """A forum subscribed as a whole (before its topics were chats of their own, or from its General topic) was,
    asked in a topic, "not subscribed", and a /subscribe there added a second digest beside the General topic's."""
    topic = 77
    telegram_peer.add_chat(GROUP, "supergroup", title="Desk with topics", is_forum=True)
    telegram_peer.set_member(GROUP, ADMIN, "administrator", notify=False)
    async with world() as w:
        [whole] = await w.command(GROUP, "/subscribe", user_id=ADMIN)
        assert "now subscribed" in whole.plain_text and "whole group" not in whole.plain_text
        before = len(telegram_peer.bot_messages(GROUP))
        for count, command in enumerate(("/settings", "/subscribe", "/unsubscribe"), start=1):
            telegram_peer.send_command(GROUP, command, user_id=ADMIN, topic=topic)
            [answer] = (await w.messages(GROUP, before + count))[before + count - 1:]
            assert answer.message_thread_id == topic
            assert ("The whole group has a subscription of its own too: its digests go to the forum's General "
                    "topic, where /unsubscribe or /settings changes them.") in answer.plain_text, answer.plain_text
        assert sub_store.get(w.db, "telegram", str(GROUP)).active, "the whole group's subscription is its own"
        [general] = await w.command(GROUP, "/unsubscribe", user_id=ADMIN)
        assert "whole group" not in general.plain_text
        telegram_peer.send_command(GROUP, "/digest", user_id=ADMIN, topic=topic)
        [alone] = (await w.messages(GROUP, before + 5))[before + 4:]
        assert "not subscribed" in alone.plain_text and "whole group" not in alone.plain_text


def everything_sent(w: TelegramWorld) -> bool:
    states = [row[0] for row in w.db.execute("SELECT state FROM deliveries").fetchall()]
    return bool(states) and all(state == "sent" for state in states)


async def test_a_group_that_adds_the_bot_is_told_what_it_does_and_a_returning_one_gets_its_digests_back(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """Added to a group, the bot said nothing: the members who added it waited for a digest that needs an
    administrator's /subscribe. Added back to a group whose digests stopped when it was removed, its subscription
    comes back and the greeting says so. (Joining a channel it says nothing: there every subscriber would read it.)"""
    telegram_peer.add_chat(GROUP, "supergroup", title="Foreign Desk")
    telegram_peer.set_member(GROUP, ADMIN, "administrator", notify=False)
    telegram_peer.set_bot_status(GROUP, "left", notify=False)
    telegram_peer.add_chat(CHANNEL, "channel", title="Brief", bot_status="left")
    async with world() as w:
        telegram_peer.set_member(GROUP, telegram_peer.bot_id, "member", by_user_id=ADMIN)  # an admin adds it
        [hello] = await w.messages(GROUP, 1)
        assert "Communiqué follows diplomacy for you" in hello.plain_text and "/subscribe" in hello.plain_text
        telegram_peer.set_bot_status(CHANNEL, "administrator")
        await w.command(GROUP, "/subscribe", user_id=ADMIN)
        assert len(await w.quiet(CHANNEL, 0.3)) == 0, "nothing posted to a channel's readers"

        telegram_peer.set_bot_status(GROUP, "kicked", notify=False)  # removed mid-week: digests refused, dropped
        sub = sub_store.get(w.db, "telegram", str(GROUP))
        assert (await w.runtime.request_digest(sub)).stories == 6
        await wait_until(lambda: not sub_store.get(w.db, "telegram", str(GROUP)).active, "the group dropped",
                         timeout=20)
        before = len(telegram_peer.bot_messages(GROUP))
        telegram_peer.set_member(GROUP, telegram_peer.bot_id, "member", by_user_id=ADMIN)  # added back
        [back] = (await w.messages(GROUP, before + 1))[before:]
        assert "This chat is subscribed: a daily digest at" in back.plain_text, back.plain_text
        assert "Digests here stopped" not in back.plain_text and "sends /subscribe to get" not in back.plain_text
        assert sub_store.get(w.db, "telegram", str(GROUP)).active
        assert len(await w.quiet(GROUP, 0.3)) == before + 1, "said once"
        sub = sub_store.get(w.db, "telegram", str(GROUP))
        assert (await w.runtime.request_digest(sub)).stories == 6, "the refused digest is owed again"


async def test_a_subscribed_chat_asking_start_or_adding_the_bot_back_is_told_it_is_subscribed(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """/start in a subscribed chat, and the greeting of a group that removed the bot and added it back before any
    digest was refused, told the chat to send /subscribe to get a daily digest: members took it for unsubscribed,
    and an administrator subscribed again to a chat that already had its digests."""
    telegram_peer.add_chat(GROUP, "supergroup", title="Foreign Desk")
    telegram_peer.set_member(GROUP, ADMIN, "administrator", notify=False)
    telegram_peer.set_member(GROUP, MEMBER, "member", notify=False)
    async with world() as w:
        await w.command(USER, "/subscribe")
        [start] = (await w.command(USER, "/start"))[-1:]
        assert "This chat is subscribed: a daily digest at" in start.plain_text, start.plain_text
        assert "Send /subscribe to get" not in start.plain_text

        await w.command(GROUP, "/subscribe", user_id=ADMIN)
        telegram_peer.set_member(GROUP, telegram_peer.bot_id, "kicked", by_user_id=ADMIN)
        await w.quiet(GROUP, 0.3)
        before = len(telegram_peer.bot_messages(GROUP))
        telegram_peer.set_member(GROUP, telegram_peer.bot_id, "member", by_user_id=ADMIN)  # added back
        [back] = (await w.messages(GROUP, before + 1))[before:]
        assert "This chat is subscribed: a daily digest at" in back.plain_text, back.plain_text
        assert "sends /subscribe to get" not in back.plain_text


async def test_sources_tells_a_group_which_source_fails_without_the_operators_paths_and_advice(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """Any member's /sources showed a failing source's raw error: the feed file's path on the server, config keys
    ("[fetch] max_bytes") and advice to read docs/operations.md, none of which a reader can act on (and a path
    or a private host is the operator's business). Readers now learn that it fails and since when it brought nothing new; an operator
    asking in private still gets the whole reason."""
    telegram_peer.add_chat(GROUP, "supergroup", title="Foreign Desk")
    telegram_peer.set_member(GROUP, MEMBER, "member", notify=False)
    async with world() as w:
        (w.feeds / "ministry.xml").unlink()  # the operator moved the feed file away
        await w.runtime.ingestor.run(only_due=False)
        [listed] = await w.command(GROUP, "/sources", user_id=MEMBER)
        line = next(row for row in listed.plain_text.splitlines() if row.startswith("Ministry Wire"))
        assert "(failing: no new stories from it since " in line and "UTC)" in line, line
        assert str(w.feeds) not in listed.plain_text and "not found" not in listed.plain_text, line
        [operator] = await w.command(OPERATOR, "/sources", user_id=OPERATOR)
        assert f"file not found: {w.feeds / 'ministry.xml'}" in operator.plain_text, operator.plain_text


async def test_pledges_suggests_only_names_that_have_pledges(world: WorldRunner) -> None:
    """'/pledges Narnia' answered 'Did you mean: Armenia?', a country no story names, and '/pledges Armenia' then
    found nothing: a suggestion that leads nowhere. Every name suggested now has pledges to show."""
    async with world() as w:
        for typed in ("Narnia", "Velmra"):
            [reply] = await w.command(USER, f"/pledges {typed}")
            suggested = re.search(r"Did you mean: (.+)\?$", reply.plain_text)
            names = suggested.group(1).split(", ") if suggested else []
            for name in names:
                [shown] = await w.command(USER, f"/pledges {name}")
                assert not shown.plain_text.startswith("No pledges"), (typed, reply.plain_text, shown.plain_text)
        assert names == ["Velmora"], reply.plain_text


async def test_unfollow_without_a_name_lists_who_the_chat_follows(world: WorldRunner) -> None:
    """'/unfollow' alone answered 'Name someone this chat follows, for example Lavrov, Russia or the EU': names the
    chat never followed, while the ones to type were a /following away. It now lists them."""
    async with world() as w:
        await w.command(USER, "/follow Velmora")
        await w.command(USER, "/follow Ana Kovač")
        [reply] = await w.command(USER, "/unfollow")
        assert "Velmora" in reply.plain_text and "Ana Kovač" in reply.plain_text, reply.plain_text
        assert "Lavrov" not in reply.plain_text, reply.plain_text
        [reply] = await w.command(USER + 1, "/unfollow")  # another private chat, which follows no one
        assert "follows no one" in reply.plain_text, reply.plain_text


async def test_latest_with_since_says_since_goes_with_subscribe(world: WorldRunner) -> None:
    """'/latest 5 since 7d', as /subscribe takes it, searched the keywords 'since' and '7d' and answered 'No stories
    on since, 7d yet', as if nothing had happened all week. It now says what /latest does and where since goes."""
    async with world() as w:
        [reply] = await w.command(USER, "/latest 5 since 7d")
        assert "No stories on since" not in reply.plain_text, reply.plain_text
        assert "/subscribe since 7d" in reply.plain_text, reply.plain_text


async def test_a_group_whose_digests_stopped_when_the_bot_was_muted_is_told_so_not_that_it_never_subscribed(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """The bot muted mid-week: its digest refused at every try ('not enough rights'), the group is dropped. Unmuted,
    the group's /digest, /settings and /unsubscribe said 'This chat is not subscribed (yet)' / 'was not
    subscribed', to a group that had subscribed and never learned why its digests stopped."""
    telegram_peer.add_chat(GROUP, "supergroup", title="Foreign Desk")
    telegram_peer.set_member(GROUP, ADMIN, "administrator", notify=False)
    telegram_peer.set_member(GROUP, MEMBER, "member", notify=False)
    async with world() as w:
        await w.command(GROUP, "/subscribe", user_id=ADMIN)
        telegram_peer.set_bot_status(GROUP, "restricted", notify=False)
        sub = sub_store.get(w.db, "telegram", str(GROUP))
        assert (await w.runtime.request_digest(sub)).stories == 6
        await wait_until(lambda: not sub_store.get(w.db, "telegram", str(GROUP)).active, "the group dropped",
                         timeout=20)
        telegram_peer.set_bot_status(GROUP, "member", notify=False)
        today = datetime.now(UTC).strftime("%-d %b %Y")
        stopped = (f"Digests here stopped on {today}: Telegram refused my messages (Not "
                   "enough rights to send text messages to the chat).")
        [digest] = await w.command(GROUP, "/digest", user_id=MEMBER)
        [settings] = await w.command(GROUP, "/settings", user_id=MEMBER)
        [unsubscribe] = await w.command(GROUP, "/unsubscribe", user_id=ADMIN)
        for answer in (digest, settings, unsubscribe):
            assert stopped in answer.plain_text, answer.plain_text
            assert "not subscribed" not in answer.plain_text
            assert "Once I may post here again, /subscribe starts them again" in answer.plain_text
        [back] = await w.command(GROUP, "/subscribe", user_id=ADMIN)
        assert "6 stories are waiting" in back.plain_text, "the refused digest is owed again"


async def test_an_administrator_is_not_told_they_are_not_one_when_telegram_cannot_say(
        world: WorldRunner, telegram_peer: TelegramPeer) -> None:
    """getChatMember failing (a Telegram hiccup) is not a "no": the admin is asked to try again, and nothing
    changes; they were told only administrators may change the group, as if they were not one."""
    telegram_peer.add_chat(GROUP, "supergroup", title="Foreign Desk")
    telegram_peer.set_member(GROUP, ADMIN, "administrator", notify=False)
    async with world() as w:
        telegram_peer.inject_fault("getChatMember", "server_error", times=1)
        [unsure] = await w.command(GROUP, "/subscribe", user_id=ADMIN)
        assert "Only this group's administrators" not in unsure.plain_text, unsure.plain_text
        assert "try again" in unsure.plain_text and "Usage" not in unsure.plain_text
        assert sub_store.get(w.db, "telegram", str(GROUP)) is None
        [subscribed] = await w.command(GROUP, "/subscribe", user_id=ADMIN)
        assert "now subscribed" in subscribed.plain_text


async def test_an_operator_subscribes_a_channel_from_a_private_chat(world: WorldRunner,
                                                                   telegram_peer: TelegramPeer) -> None:
    telegram_peer.add_chat(CHANNEL, "channel", title="Diplomatic Brief", username="diplo_brief")
    telegram_peer.add_chat(-100801, "channel", title="Not Ours", username="not_ours", bot_status="member")
    async with world() as w:
        [refused] = await w.command(USER, "/subscribe @diplo_brief")
        assert "Only the bot's operators can subscribe a channel" in refused.plain_text
        [missing] = await w.command(OPERATOR, "/subscribe @no_such_channel")
        assert "cannot find the channel @no_such_channel" in missing.plain_text
        [not_admin] = await w.command(OPERATOR, "/subscribe @not_ours")
        assert "not an administrator of @not_ours" in not_admin.plain_text

        [done] = await w.command(OPERATOR, "/subscribe @diplo_brief trade")
        assert "Diplomatic Brief is now subscribed" in done.plain_text and "on trade" in done.plain_text
        sub = sub_store.get(w.db, "telegram", str(CHANNEL))
        assert sub.chat_kind == "channel" and sub.topics == ["trade"] and sub.created_by == str(OPERATOR)
        assert sub_store.get(w.db, "telegram", str(OPERATOR)) is None, "the operator's own chat is not subscribed"

        # An admin posts /digest in the channel itself: a channel post, with no user behind it.
        [sending, digest] = await w.channel_post(CHANNEL, "/digest", count=2)
        assert "Sending this channel's digest: 2 new stories" in sending.plain_text, sending.plain_text
        assert HARBOUR_TITLES[0] in digest.plain_text and MINISTRY_TITLES[0] not in digest.plain_text
        assert_valid_html([refused, missing, not_admin, done, sending, digest])

        await wait_until(lambda: ledger.counts(w.db).sent == 1, what="the digest recorded as sent")
        [status] = await w.command(OPERATOR, "/status")
        assert "6 articles stored" in status.plain_text and "active: 1 of 1" in status.plain_text
        assert "all 2 sources OK" in status.plain_text and "sent: 1" in status.plain_text

        # A slip of a tag is offered the command that mends it, for the channel: '/subscribe trade' would subscribe
        # the operator's private chat.
        [slip] = await w.command(OPERATOR, "/subscribe @diplo_brief trad")
        assert "trad (did you mean the topic trade? /subscribe @diplo_brief trade)" in slip.plain_text, slip.plain_text


async def test_a_command_posted_in_a_channel_is_not_answered_again_in_its_discussion_group(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """Telegram copies each post of a channel into its linked discussion group (is_automatic_forward, sent as the
    channel). The bot, a member of that group, ran the copy too: '/latest 2' posted in the channel was answered in
    the group as well, and '/subscribe trade' was refused there ('Only this group's administrators ...'), under a
    post its members had not written."""
    discussion = -100810
    telegram_peer.add_chat(discussion, "supergroup", title="Diplomatic Brief Chat")
    telegram_peer.add_chat(CHANNEL, "channel", title="Diplomatic Brief", username="diplo_brief",
                           linked_chat_id=discussion)
    async with world() as w:
        latest = await w.channel_post(CHANNEL, "/latest 2")
        assert "Latest 2 stories" in shown(latest)
        [subscribed] = await w.channel_post(CHANNEL, "/subscribe trade")
        # Telegram calls it a channel, and so do the replies its admins read there (they said "This chat").
        assert subscribed.plain_text.startswith("This channel is now subscribed"), subscribed.plain_text
        assert await w.quiet(discussion, 1.0) == [], "the channel's posts are answered in the channel only"
        assert sub_store.get(w.db, "telegram", str(discussion)) is None
        # The group's own members are still answered there.
        [answer] = await w.command(discussion, "/latest 1", user_id=MEMBER)
        assert "Latest" in answer.plain_text, answer.plain_text


async def test_another_bots_command_posted_in_a_channel_gets_no_answer_every_subscriber_reads(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """A channel's admins post commands for the other bots administering it ('/poll', '/weather'); the bot
    answered each 'Unknown command /weather ... Send /help for the list.' in the channel, a post every subscriber
    reads. As in a group, a command not ours is answered only when it names the bot; ours still are."""
    telegram_peer.add_chat(CHANNEL, "channel", title="Diplomatic Brief", username="diplo_brief")
    async with world() as w:
        telegram_peer.post_in_channel(CHANNEL, "/weather Geneva")
        [help_] = await w.channel_post(CHANNEL, "/help")
        assert "Communiqué commands" in help_.plain_text
        assert len(await w.quiet(CHANNEL, 0.5)) == 1, "only /help was answered"
        [named] = await w.channel_post(CHANNEL, f"/weather@{telegram_peer.bot_username} Geneva")
        assert "Unknown command /weather" in named.plain_text, named.plain_text


async def test_a_command_sent_as_a_photos_caption_is_answered(world: WorldRunner, telegram_peer: TelegramPeer) -> None:
    """A photo (a map, a screenshot of a statement) sent with '/latest 2' or '/follow Velmora' as its caption: Telegram
    marks the command in the caption (caption_entities) and the message has no text. The bot read text only and
    said nothing at all, not even its hint in a private chat."""
    telegram_peer.add_chat(GROUP, "supergroup", title="Foreign Desk")
    async with world() as w:
        before = len(telegram_peer.bot_messages(USER))
        telegram_peer.send_command(USER, "/latest 2", photo=True)
        latest = (await telegram_peer.await_bot_messages(USER, count=before + 1))[before:]
        assert "Latest 2 stories" in shown(latest), shown(latest)
        telegram_peer.send_command(GROUP, "/latest 1", user_id=MEMBER, photo=True)
        [in_group] = await telegram_peer.await_bot_messages(GROUP, count=1)
        assert "Latest" in in_group.plain_text, in_group.plain_text
        telegram_peer.send_command(GROUP, "/weather Geneva", user_id=MEMBER, photo=True)
        assert len(await w.quiet(GROUP, 0.5)) == 1, "another bot's command in a caption is left to it, as in text"


async def test_an_operator_naming_a_channel_in_a_private_chat_is_told_where_the_command_acts(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """'/settings @diplo_brief time 07:00' from the operator's private chat was answered '“07:00” needs a value';
    '/digest @diplo_brief' reported on the operator's own chat as if the channel had been asked about; and
    '/unsubscribe @diplo_brief' gave '/subscribe trade' to bring it back, which subscribes the private chat."""
    telegram_peer.add_chat(CHANNEL, "channel", title="Diplomatic Brief", username="diplo_brief")
    async with world() as w:
        await w.command(OPERATOR, "/subscribe @diplo_brief trade")
        for typed in ("/settings @diplo_brief time 07:00", "/digest @diplo_brief", "/follow @diplo_brief Velmora",
                      "/following @diplo_brief"):
            [answer] = await w.command(OPERATOR, typed)
            command = typed.split()[0]
            assert (f"{command} acts on the chat it is sent in: for @diplo_brief, post it in that channel."
                    in answer.plain_text), answer.plain_text
        assert sub_store.get(w.db, "telegram", str(CHANNEL)).time == "08:00"
        [stopped] = await w.command(OPERATOR, "/unsubscribe @diplo_brief")
        assert "no more digests in Diplomatic Brief" in stopped.plain_text, stopped.plain_text
        assert "/subscribe @diplo_brief trade brings them back" in stopped.plain_text, stopped.plain_text
        [member] = await w.command(USER, "/unsubscribe @diplo_brief")
        assert "Only the bot's operators can unsubscribe a channel from a private chat" in member.plain_text


async def test_a_channel_subscribed_from_a_private_chat_is_told_where_digest_and_settings_act(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """'/subscribe @diplo_brief' from the operator's private chat answered '2 stories are waiting: /digest sends them
    now' and 'Change the time, zone or size with /settings': sent where the answer was read, /digest reported the
    private chat 'not subscribed' and /settings the same. The answer names the channel as where to post them."""
    telegram_peer.add_chat(CHANNEL, "channel", title="Diplomatic Brief", username="diplo_brief")
    async with world() as w:
        [done] = await w.command(OPERATOR, "/subscribe @diplo_brief trade")
        text = done.plain_text
        assert "/digest sends" not in text and "with /settings;" not in text, text
        assert "/digest posted in Diplomatic Brief sends them now" in text, text
        assert "post /settings in Diplomatic Brief" in text, text
        # Sent where the answer was read, /digest indeed acts on the private chat, which is not subscribed.
        [here] = await w.command(OPERATOR, "/digest")
        assert "not subscribed" in here.plain_text, here.plain_text
        # Posted in the channel, as the answer says, it sends the channel's stories.
        [sending, digest] = await w.channel_post(CHANNEL, "/digest", count=2)
        assert "2 new stories" in sending.plain_text and HARBOUR_TITLES[0] in digest.plain_text
        assert_valid_html([done, here, sending, digest])


async def test_a_topic_word_too_long_is_called_too_long_and_shown_cut_with_an_ellipsis(world: WorldRunner) -> None:
    """'/latest' or '/subscribe' with a 45-letter word answered '“(its first 40 letters)” is not a topic: use
    letters, digits and - only (40 at most)': the word shown was cut to 40 without a mark, all letters, so the
    answer read as refusing a word that met both rules."""
    word = "Transcontinentalrailwayinfrastructurecompact"  # 44 letters
    async with world() as w:
        for typed in (f"/latest {word}", f"/subscribe trade {word}"):
            [answer] = await w.command(USER, typed)
            text = answer.plain_text
            assert "is too long for a topic: 40 characters at most" in text, text
            assert "“transcontinentalrail…”" in text, text  # its first 20 letters, as topics are read
            assert "use letters, digits" not in text, text
        assert sub_store.get(w.db, "telegram", str(USER)) is None, "nothing was subscribed"
        [odd] = await w.command(USER, "/latest <b>x</b>")
        assert "“<b>x</b>” is not a topic" in odd.plain_text, odd.plain_text


async def test_unsubscribing_a_chat_that_follows_someone_says_what_subscribe_alone_brings(
    world: WorldRunner
) -> None:
    """After '/follow Maren' and '/subscribe trade', '/unsubscribe' said '(/subscribe alone: every story)'; the chat
    that did as told got only the stories about Maren, since a chat's follows stay and, without topics, are all
    it gets (docs/following.md)."""
    async with world() as w:
        await w.command(USER, "/follow Maren")
        await w.command(USER, "/subscribe trade")
        [bye] = await w.command(USER, "/unsubscribe")
        assert "every story" not in bye.plain_text, bye.plain_text
        assert "(/subscribe alone: only the stories about those it follows)" in bye.plain_text, bye.plain_text
        [alone] = await w.command(USER, "/subscribe")
        assert "on the stories about Maren (followed)" in alone.plain_text, alone.plain_text


async def test_a_chat_turned_instant_is_told_when_its_waiting_stories_come(world: WorldRunner) -> None:
    """'/subscribe' answered '2 stories are waiting: /digest sends them now, else the next digest'; then
    '/settings mode instant' answered only 'Saved. This chat now gets each new story as it arrives': no next digest
    would come, and the two waited, unsaid, for a story yet to be published (on a quiet source, hours)."""
    async with world() as w:
        [subscribed] = await w.command(USER, "/subscribe trade")
        assert "2 stories are waiting" in subscribed.plain_text, subscribed.plain_text
        [instant] = await w.command(USER, "/settings mode instant")
        assert "each new story as it arrives" in instant.plain_text, instant.plain_text
        assert ("2 stories are waiting: /digest sends them now, else they come with the next new story."
                in instant.plain_text), instant.plain_text
        [daily] = await w.command(USER, "/settings mode daily")
        assert "2 stories are waiting: /digest sends them now, else the next digest." in daily.plain_text
        [timed] = await w.command(USER, "/settings time 09:15")
        assert "waiting" not in timed.plain_text, "a change of time leaves the chat's stories where they were"


async def test_a_channel_a_block_names_by_its_at_name_is_one_subscription_for_its_commands_and_the_operator(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """A block 'chat_id = "@diplo_brief"' (as README shows) made the channel's subscription under "@diplo_brief";
    posted in the channel, '/settings' and '/digest' looked it up under the channel's number and answered 'This
    chat is not subscribed', and an operator's '/subscribe @diplo_brief' made a second subscription under the
    number: each story reached the channel twice."""
    telegram_peer.add_chat(CHANNEL, "channel", title="Diplomatic Brief", username="diplo_brief")
    block = '[[subscriptions]]\nplatform = "telegram"\nchat_id = "@diplo_brief"\ntopics = ["trade"]\n'
    async with world(extra_config=block) as w:
        [shown] = await w.channel_post(CHANNEL, "/settings")
        assert "not subscribed" not in shown.plain_text and "on trade" in shown.plain_text, shown.plain_text
        [sending, digest] = await w.channel_post(CHANNEL, "/digest", count=2)
        assert "2 new stories" in sending.plain_text and HARBOUR_TITLES[0] in digest.plain_text
        [again] = await w.command(OPERATOR, "/subscribe @diplo_brief trade")
        assert "already subscribed" in again.plain_text, again.plain_text
        subs = [s for s in sub_store.list_subscriptions(w.db) if s.platform == "telegram"]
        assert [s.chat_id for s in subs] == ["@diplo_brief"], "one subscription for the one channel"


async def test_a_channel_subscribed_by_command_then_named_by_a_block_gets_each_story_once(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """The other order: an operator's '/subscribe @diplo_brief' kept the channel's subscription under its number;
    a block 'chat_id = "@diplo_brief"' added later made a second one under the name at the reload, and every
    story reached the channel twice. Counted in the peer's own record of what the channel was sent."""
    telegram_peer.add_chat(CHANNEL, "channel", title="Diplomatic Brief", username="diplo_brief")
    async with world() as w:
        [done] = await w.command(OPERATOR, "/subscribe @diplo_brief trade")
        assert "Diplomatic Brief is now subscribed" in done.plain_text, done.plain_text
        [instant] = await w.channel_post(CHANNEL, "/settings mode instant")
        assert "each new story as it arrives" in instant.plain_text, instant.plain_text
        await w.channel_post(CHANNEL, "/digest", count=2)  # the backlog, so that only the new story is owed
        block = '[[subscriptions]]\nplatform = "telegram"\nchat_id = "@diplo_brief"\ntopics = ["trade"]\n' \
                'mode = "instant"\n'
        path = w.runtime.config.path
        path.write_text(path.read_text() + block)
        assert w.runtime.reload_config()

        fresh = Item(title="Halvik opens a second ferry berth for Maren grain", link="https://harbour.example/news/9",
                     paragraphs=["Halvik opened a second ferry berth on Sunday for grain shipped from Maren.",
                                 "“Two berths, half the queue,” port director Lena Strom said."],
                     published=BASE_TIME + timedelta(hours=2))
        (w.feeds / "harbour.xml").write_bytes(rss([*harbour_items(), fresh], title="Harbour Post"))
        w.db.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")
        await w.runtime.ingest_tick()
        await wait_until(lambda: any(fresh.title in m.plain_text for m in telegram_peer.bot_messages(CHANNEL)),
                         what="the new story reaches the channel")
        await wait_until(lambda: ledger.counts(w.db).due == 0, what="nothing more waiting to be sent")
        await w.quiet(CHANNEL, 1.0)
        got = [m for m in telegram_peer.bot_messages(CHANNEL) if fresh.title in m.plain_text]
        assert len(got) == 1, f"the channel got the story {len(got)} times"
        [status] = await w.command(OPERATOR, "/status")
        assert "active: 1 of 1" in status.plain_text, status.plain_text
        path.write_text(path.read_text() + block.replace('"@diplo_brief"', f'"{CHANNEL}"'))
        assert w.runtime.reload_config(), "a second block naming the channel by its number"
        assert [s.chat_id for s in sub_store.list_subscriptions(w.db)] == [str(CHANNEL)]
    shown = subprocess.run([sys.executable, "-m", "bot", "status", "--config", str(path)], capture_output=True,
                           text=True, timeout=120, env={**os.environ, "COLUMNS": "200"})
    assert shown.stdout.count("telegram ") == 1 and f"telegram {CHANNEL}:" in shown.stdout, shown.stdout


async def test_a_channel_subscribed_before_its_name_was_kept_is_the_one_a_block_names_by_it(
    world: WorldRunner, telegram_peer: TelegramPeer, caplog: pytest.LogCaptureFixture
) -> None:
    """A channel subscribed under its number by an older Communiqué, which kept no '@name': at the start the
    name is asked of Telegram (getChat), so a block added later naming the channel "@diplo_brief" is its
    subscription. A channel Telegram cannot name now keeps its subscription, and the log says so once (that Telegram
    does not know it, when Telegram says so)."""
    telegram_peer.add_chat(CHANNEL, "channel", title="Diplomatic Brief", username="diplo_brief")
    gone = "-100899"  # a channel Telegram no longer knows

    def older_database(config, db) -> None:
        for chat in (str(CHANNEL), gone):
            sub_store.subscribe(db, platform="telegram", chat_id=chat, chat_kind="channel", topics=["trade"],
                                defaults=config.digest.subscription_defaults())

    caplog.set_level("INFO", logger="bot.runtime")
    async with world(prepare=older_database) as w:
        await wait_until(lambda: sub_store.get(w.db, "telegram", str(CHANNEL)).chat_alias == "@diplo_brief",
                         what="the channel's name asked of Telegram")
        block = '[[subscriptions]]\nplatform = "telegram"\nchat_id = "@diplo_brief"\ntopics = ["trade"]\n'
        path = w.runtime.config.path
        path.write_text(path.read_text() + block)
        assert w.runtime.reload_config()
        await w.runtime.learn_chat_aliases()
        assert sorted(s.chat_id for s in sub_store.list_subscriptions(w.db)) == sorted([str(CHANNEL), gone])
        said = [line for line in caplog.messages if gone in line and "does not know this chat" in line]
        assert len(said) == 1 and "its subscription stays as it is" in said[0], said


async def test_the_operators_are_told_when_a_channel_that_demoted_the_bot_is_dropped(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """The bot demoted in a channel mid-week: each send refused ('need administrator rights'), the channel dropped
    after three. Nobody in a channel can ask the bot anything, and the operator who subscribed it heard nothing:
    its readers' digests stopped without a word to anyone."""
    telegram_peer.add_chat(CHANNEL, "channel", title="Diplomatic Brief", username="diplo_brief")
    async with world() as w:
        await w.command(OPERATOR, "/subscribe @diplo_brief trade")
        telegram_peer.set_bot_status(CHANNEL, "member", notify=False)  # demoted: may no longer post
        before = len(telegram_peer.bot_messages(OPERATOR))
        sub = sub_store.get(w.db, "telegram", str(CHANNEL))
        assert (await w.runtime.request_digest(sub)).stories == 2
        [alert] = (await w.messages(OPERATOR, before + 1, timeout=20))[before:]
        assert not sub_store.get(w.db, "telegram", str(CHANNEL)).active
        assert (f"Stopped sending digests to the channel Diplomatic Brief ({CHANNEL}): Telegram refused them"
                in alert.plain_text), alert.plain_text
        assert "need administrator rights in the channel chat" in alert.plain_text.lower()
        # An id a command can name gets "/subscribe <id> here"; this world's short -100800 is none (a real
        # channel's has ten digits after -100), and "/subscribe -100800" would subscribe the private chat to it.
        # With the channel's topics: "/subscribe sent in that channel" subscribed it, on trade, to every story.
        assert ("Making Communiqué an administrator there that may post again starts them again by itself; so does "
                "/subscribe trade sent in that channel.") in alert.plain_text, alert.plain_text
        assert len(await w.quiet(OPERATOR, 0.5)) == before + 1, "told once"


async def test_commands_are_registered_for_everyone_and_all_for_operators(world: WorldRunner,
                                                                        telegram_peer: TelegramPeer) -> None:
    telegram_peer.send_message(OPERATOR, "hello")  # the operator has a private chat with the bot before it starts
    async with world():
        public = [c["command"] for c in telegram_peer.commands()]
        operator = [c["command"] for c in telegram_peer.commands(scope={"type": "chat", "chat_id": OPERATOR})]
    assert public == ["start", "help", "subscribe", "unsubscribe", "latest", "digest", "sources", "topics",
                      "settings", "follow", "unfollow", "following", "pledges"]
    assert operator == [*public, "status"]


async def test_a_scheduled_digest_arrives_at_its_local_time(world: WorldRunner) -> None:
    async with world() as w:
        await w.command(USER, "/subscribe")
        fire_at = (datetime.now(UTC) + timedelta(seconds=2)).replace(microsecond=0) + timedelta(seconds=1)
        local = fire_at.astimezone(ZoneInfo("Asia/Tokyo"))
        sub = sub_store.get(w.db, "telegram", str(USER))
        sub = sub_store.update_settings(w.db, sub.id, SettingsChange(time=local.strftime("%H:%M:%S"),
                                                                     timezone="Asia/Tokyo"))
        w.runtime.schedule_subscription(sub)  # what /settings does after a change
        before = len(w.peer.bot_messages(USER))
        assert len(await w.quiet(USER, 0.5)) == before, "nothing before its time"
        digest = (await w.messages(USER, before + 1, timeout=10))[before:]
        arrived = datetime.fromtimestamp(digest[0].time, UTC)
        assert fire_at <= arrived < fire_at + timedelta(seconds=5)
        assert "Communiqué digest" in digest[0].plain_text and MINISTRY_TITLES[0] in digest[0].plain_text
        assert len(await w.quiet(USER, 0.5)) == before + 1, "once"


async def test_instant_subscribers_get_each_new_story_as_it_is_ingested(world: WorldRunner) -> None:
    async with world() as w:
        await w.command(USER, "/subscribe borders")
        await w.command(USER, "/digest", count=2)  # what was already there
        await w.command(USER, "/settings mode instant")
        before = len(w.peer.bot_messages(USER))
        (w.feeds / "ministry.xml").write_bytes(rss(ministry_items(5), title="Ministry Wire"))
        w.db.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")
        await w.runtime.ingest_tick()  # what the scheduler's ingest clock runs
        [story] = (await w.messages(USER, before + 1))[before:]
        assert "New from Communiqué" in story.plain_text and late_title(4) in story.plain_text
        assert not any(title in story.plain_text for title in MINISTRY_TITLES), "only the new story"
        assert_valid_html([story])


async def test_more_stories_waiting_than_a_digest_holds_are_told_as_digest_sends_them(world: WorldRunner) -> None:
    """'/subscribe' answered '6 stories are waiting: /digest sends them now' to a chat whose digests hold 2: /digest
    sent 2 and said the rest wait. The reply says how many a digest sends, and how the rest come: it said "the rest
    follow in later digests", but digests bring the newest first, and while new stories fill each one the older
    wait for /digest."""
    async with world() as w:
        await w.command(USER, "/subscribe")
        [narrowed] = await w.command(USER, "/settings max 2")
        [again] = await w.command(USER, "/subscribe")
        owed = sub_store.get(w.db, "telegram", str(USER))
        assert owed is not None and owed.max_items == 2
        assert "/digest sends them now" not in again.plain_text, again.plain_text
        assert re.search(r"\d+ stories are waiting, 2 a digest: /digest sends 2 now, else the next digest; digests "
                         r"bring the newest first, so the rest may wait behind new stories: /digest again sends the "
                         r"next ones\.", again.plain_text), again.plain_text
        [instant] = await w.command(USER, "/settings mode instant")
        assert re.search(r"\d+ stories are waiting: all come with the next new story, or /digest sends 2 now "
                         r"\(2 a message\) and the rest come then\.", instant.plain_text), instant.plain_text
        [sending] = await w.command(USER, "/digest")
        assert "Sending this chat's digest: 2 new stories." in sending.plain_text, sending.plain_text
        assert "waiting" not in narrowed.plain_text


async def test_odd_arguments_in_a_group_say_what_to_type(world: WorldRunner, telegram_peer: TelegramPeer) -> None:
    """An administrator's '/subscribe -2001' (the group's id) was told "not a topic: use letters, digits and -
    only", '/subscribe since' "..., not nothing" and '/settings 08:30' "“08:30” needs a value"."""
    telegram_peer.add_chat(GROUP, "supergroup", title="Foreign Desk")
    telegram_peer.set_member(GROUP, ADMIN, "administrator", notify=False)
    async with world() as w:
        [chat_id] = await w.command(GROUP, "/subscribe -2001", user_id=ADMIN)
        assert "“-2001” is a chat's id, not a topic: send the command in that chat itself" in chat_id.plain_text
        [since] = await w.command(GROUP, "/subscribe trade since", user_id=ADMIN)
        assert "since needs a value: 24h, 7d or none, e.g. /subscribe since 7d." in since.plain_text
        assert sub_store.get(w.db, "telegram", str(GROUP)) is None, "nothing subscribed on a slip"
        await w.command(GROUP, "/subscribe trade", user_id=ADMIN)
        [time] = await w.command(GROUP, "/settings 08:30", user_id=ADMIN)
        assert "“08:30” needs the setting's name before it: /settings time 08:30." in time.plain_text
        [zone] = await w.command(GROUP, "/settings tz", user_id=ADMIN)
        assert "tz needs a value, e.g. /settings timezone Europe/Berlin." in zone.plain_text, zone.plain_text


async def test_an_alert_to_an_operator_who_never_wrote_to_the_bot_says_how_to_receive_them(
    world: WorldRunner, caplog: pytest.LogCaptureFixture
) -> None:
    """An operator named in the config who has not opened a chat with the bot cannot be written to (Telegram:
    Chat not found). The log said `could not tell operator 4242 on telegram: Gone(reason='Telegram: Chat not
    found', permanent=False)`: a Python repr, and not what to do."""
    async with world() as w:
        caplog.set_level(logging.WARNING)
        w.runtime.alert_operators("source Norland Wire has failed 5 times in a row")
        await wait_until(lambda: "could not tell operator" in caplog.text, "the failed alert logged", timeout=20)
        line = next(m for m in caplog.messages if "could not tell operator" in m)
        assert "Gone(" not in line and "permanent=" not in line, line
        assert f"could not tell operator {OPERATOR} on telegram (Telegram: Chat not found)" in line, line
        assert "/start" in line, line


async def test_a_channel_named_by_an_at_name_it_gave_up_is_told_to_the_operator_with_the_fix(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """A block names the channel "@diplo_brief"; the channel's owners change its public name. Each send then
    finds no such chat, and the operator's alert said `the channel @diplo_brief (@diplo_brief) ... /subscribe
    @diplo_brief here starts them again`: the name twice, and a command that finds no channel either."""
    telegram_peer.add_chat(CHANNEL, "channel", title=None, username="diplo_brief")
    block = '[[subscriptions]]\nplatform = "telegram"\nchat_id = "@diplo_brief"\ntopics = ["trade"]\n'
    async with world(extra_config=block) as w:
        await w.command(OPERATOR, "/start")  # the operator's private chat, where alerts go
        telegram_peer.add_chat(CHANNEL, "channel", title=None, username="diplo_brief_news")  # renamed
        before = len(telegram_peer.bot_messages(OPERATOR))
        sub = sub_store.get(w.db, "telegram", "@diplo_brief")
        await w.runtime.request_digest(sub)
        [alert] = (await w.messages(OPERATOR, before + 1, timeout=20))[before:]
        assert "@diplo_brief (@diplo_brief)" not in alert.plain_text, alert.plain_text
        assert ("if the channel changed its public name, write its new name (or its id) in its "
                "[[subscriptions]] block") in alert.plain_text, alert.plain_text


async def test_a_channel_telegram_could_not_be_asked_of_at_start_is_said_unknown_when_it_answers_so(
    world: WorldRunner, telegram_peer: TelegramPeer, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram failing when the start asks of a channel (a 500) is a passing trouble, said as such; at the next
    reload Telegram answers that it does not know the channel. That answer was never said: the line of the
    passing trouble stood for it, and the operator was not told to check the channel's id or add the bot."""
    gone = "-100898"

    def older_database(config, db) -> None:
        sub_store.subscribe(db, platform="telegram", chat_id=gone, chat_kind="channel", topics=["trade"],
                            defaults=config.digest.subscription_defaults())

    telegram_peer.inject_fault("getChat", "server_error", times=50, chat_id=int(gone))
    caplog.set_level("INFO", logger="bot.runtime")
    async with world(prepare=older_database) as w:
        await wait_until(lambda: any(gone in line and "cannot be asked now" in line for line in caplog.messages),
                         what="the channel asked of Telegram at the start, in vain")
        telegram_peer.clear_faults()
        assert w.runtime.reload_config()
        await w.runtime.learn_chat_aliases()
        said = [line for line in caplog.messages if gone in line and "does not know this chat" in line]
        assert len(said) == 1 and "its subscription stays as it is" in said[0], caplog.messages[-5:]


async def test_a_sticker_in_a_private_chat_gets_the_hint_and_in_a_group_nothing(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """A new reader's first message to the bot is often a sticker (a wave): free text got the one-line hint to
    /latest and /help, a sticker got nothing at all, and the reader could not tell whether the bot works. In a
    group a member's sticker is for the members, not the bot: no answer there."""
    telegram_peer.add_chat(GROUP, "supergroup", title="Foreign Desk")
    async with world() as w:
        before = len(telegram_peer.bot_messages(USER))
        telegram_peer.send_sticker(USER, "👋")
        [hint] = (await telegram_peer.await_bot_messages(USER, count=before + 1))[before:]
        assert "/latest" in hint.plain_text and "/help" in hint.plain_text, hint.plain_text
        telegram_peer.send_sticker(GROUP, "👋", user_id=MEMBER)
        assert await w.quiet(GROUP, 0.5) == [], "a sticker in a group is not for the bot"
