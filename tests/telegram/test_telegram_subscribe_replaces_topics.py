"""`/subscribe TOPICS` in a chat already subscribed on other topics, on Communiqué running on the Telegram peer: the
new topics replace the old ones, and the reply says which it no longer gets, with the command that keeps both.

Two administrators of one group, each sending /subscribe at the same moment (Anna "trade", Boris "un"), were each
told "already subscribed; updated: ... on un" and nothing of the topic the other had just set: the group lost trade
without anyone having chosen to drop it. A reader who took /subscribe for "add a topic" lost the old one unsaid too.
"""

from __future__ import annotations

import asyncio

from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.conftest import WorldRunner

GROUP = -1003636
ANNA, BORIS = 3601, 3602  # two administrators of the group
READER = 3603


async def test_two_administrators_subscribing_at_once_are_each_told_what_the_other_dropped(
        world: WorldRunner, telegram_peer: TelegramPeer) -> None:
    telegram_peer.add_chat(GROUP, "supergroup", title="Trade Desk")
    for user in (ANNA, BORIS):
        telegram_peer.set_member(GROUP, user, "administrator", notify=False)
    async with world() as w:
        await w.command(GROUP, "/subscribe borders", user_id=ANNA)
        before = len(telegram_peer.bot_messages(GROUP))
        telegram_peer.send_command(GROUP, "/subscribe trade", user_id=ANNA)  # at the same moment
        telegram_peer.send_command(GROUP, "/subscribe un", user_id=BORIS)
        replies = [m.plain_text for m in (await w.messages(GROUP, before + 2))[before:]]
        await asyncio.sleep(0.3)
        [sub] = w.db["subscriptions"].rows_where("chat_id = ?", [str(GROUP)])
        final = sub["topics"]
        assert final in ('["trade"]', '["un"]'), final
        kept, other = ("trade", "un") if final == '["trade"]' else ("un", "trade")
        [last] = [r for r in replies if f"on {kept} " in r]
        assert f"no longer gets {other}" in last, f"the topic the other administrator set is said gone: {last}"
        assert (f"/subscribe {other} {kept} keeps both" in last or f"/subscribe {kept} {other} keeps both" in last), last
        [first] = [r for r in replies if r is not last]
        assert "no longer gets borders" in first, f"the topic set before is said gone too: {first}"


async def test_topics_added_to_the_old_ones_or_every_story_drop_nothing_and_say_nothing(world: WorldRunner) -> None:
    async with world() as w:
        await w.command(READER, "/subscribe trade")
        [wider] = await w.command(READER, "/subscribe trade borders")
        assert "no longer gets" not in wider.plain_text, wider.plain_text
        [everything] = await w.command(READER, "/subscribe")
        assert "on everything" in everything.plain_text and "no longer gets" not in everything.plain_text, \
            everything.plain_text
        [narrowed] = await w.command(READER, "/subscribe un")
        assert "no longer gets" not in narrowed.plain_text, "every story is no topic to keep"
        await w.command(READER, "/unsubscribe")
        [back] = await w.command(READER, "/subscribe borders")
        assert "no longer gets" not in back.plain_text, "an unsubscribed chat had no topic in force"
