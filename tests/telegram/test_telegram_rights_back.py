"""A chat whose digests Telegram refused until they stopped, and whose administrators then let the bot post again.

A channel's administrator demoted the bot (or took away "post messages"): its digests were refused three times and
the channel's subscription ended. Made an administrator that may post again, the bot heard of it (Telegram's
`my_chat_member` update) and did nothing: the digests stayed ended, and the only way back, /subscribe posted in the
channel, was nothing its administrator had a reason to know. A chat that unsubscribed itself stays unsubscribed.
"""

from __future__ import annotations

import pytest

from storage import subscriptions as sub_store
from storage.records import SettingsChange
from tests.helpers import wait_until
from tests.peers.telegram_peer import BotMessage, TelegramPeer
from tests.telegram.conftest import WorldRunner
from tests.telegram.world import HARBOUR_TITLES, MINISTRY_TITLES, OPERATOR

CHANNEL = -100810
GROUP = -100710
ADMIN = 512


def shown(messages: list[BotMessage]) -> str:
    return "\n".join(m.plain_text for m in messages)


def active(w: object, chat_id: int | str) -> bool:
    sub = sub_store.get(w.db, "telegram", str(chat_id))  # type: ignore[attr-defined]
    return sub is not None and sub.active


@pytest.mark.parametrize("post_right_only", [False, True], ids=["demoted", "post-messages-taken-away"])
async def test_a_channel_that_lets_the_bot_post_again_gets_its_digests_back(
    world: WorldRunner, telegram_peer: TelegramPeer, caplog: pytest.LogCaptureFixture, post_right_only: bool
) -> None:
    telegram_peer.add_chat(CHANNEL, "channel", title="Harbour Watch", username="harbour_watch")
    caplog.set_level("INFO")
    async with world() as w:
        await w.command(OPERATOR, "/subscribe @harbour_watch trade")
        sub = sub_store.get(w.db, "telegram", str(CHANNEL))
        sub = sub_store.update_settings(w.db, sub.id, SettingsChange(max_items=4, time="06:45"))
        # Demoted, or left an administrator without "Post messages": Telegram tells the bot, its sends are refused.
        if post_right_only:
            telegram_peer.set_bot_status(CHANNEL, "administrator", can_post_messages=False)
        else:
            telegram_peer.set_bot_status(CHANNEL, "member")
        assert (await w.runtime.request_digest(sub)).stories == 2
        await wait_until(lambda: not active(w, CHANNEL), "the channel dropped after its refusals", timeout=20)
        assert not active(w, CHANNEL), "a demotion brings nothing back"

        telegram_peer.set_bot_status(CHANNEL, "administrator")  # an administrator that may post again
        await wait_until(lambda: active(w, CHANNEL), "the channel's subscription back", timeout=10)
        back = sub_store.get(w.db, "telegram", str(CHANNEL))
        assert (back.topics, back.max_items, back.time) == (["trade"], 4, "06:45"), "its topics and settings kept"
        said = [m for m in caplog.messages if str(CHANNEL) in m and "restarted with its topics and settings" in m]
        assert len(said) == 1, caplog.messages
        # Its operators were told in private when it stopped (nobody in a channel can ask); they hear it is back,
        # or they go on believing it needs their /subscribe.
        alerts = await w.messages(OPERATOR, 3)  # its /subscribe answered, then the two alerts
        stopped, again = alerts[-2].plain_text, alerts[-1].plain_text
        assert stopped.startswith("Stopped sending digests to the channel Harbour Watch"), stopped
        assert again.startswith(f"Sending digests to the channel Harbour Watch ({CHANNEL}) again: Telegram lets "
                                "Communiqué post there again"), again
        assert "Its next digest brings the stories Telegram refused" in again, again

        assert (await w.runtime.request_digest(back)).stories == 2, "the refused stories are owed again"
        digest = await w.messages(CHANNEL, 1)
        assert all(title in shown(digest) for title in HARBOUR_TITLES), shown(digest)
        assert not any(title in shown(digest) for title in MINISTRY_TITLES), "its topics only"
        count = len(telegram_peer.bot_messages(CHANNEL))
        assert (await w.runtime.request_digest(back)).stories == 0, "no story twice"
        assert len(await w.quiet(CHANNEL, 0.5)) == count


async def test_a_channel_that_unsubscribed_is_not_subscribed_again_by_a_promotion(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    telegram_peer.add_chat(CHANNEL, "channel", title="Harbour Watch", username="harbour_watch")
    async with world() as w:
        await w.command(OPERATOR, "/subscribe @harbour_watch trade")
        await w.command(OPERATOR, "/unsubscribe @harbour_watch")
        telegram_peer.set_bot_status(CHANNEL, "member")
        telegram_peer.set_bot_status(CHANNEL, "administrator")
        assert len(await w.quiet(CHANNEL, 1.0)) == 0
        assert not active(w, CHANNEL), "its own choice stands"


async def test_a_group_that_unmutes_the_bot_gets_its_digests_back(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    telegram_peer.add_chat(GROUP, "supergroup", title="Foreign Desk")
    telegram_peer.set_member(GROUP, ADMIN, "administrator", notify=False)
    async with world() as w:
        await w.command(GROUP, "/subscribe trade", user_id=ADMIN)
        telegram_peer.set_bot_status(GROUP, "restricted")  # muted: its digests refused
        sub = sub_store.get(w.db, "telegram", str(GROUP))
        assert (await w.runtime.request_digest(sub)).stories == 2
        await wait_until(lambda: not active(w, GROUP), "the group dropped after its refusals", timeout=20)
        before = len(telegram_peer.bot_messages(GROUP))

        telegram_peer.set_member(GROUP, telegram_peer.bot_id, "member", by_user_id=ADMIN)  # unmuted
        await wait_until(lambda: active(w, GROUP), "the group's subscription back", timeout=10)
        assert sub_store.get(w.db, "telegram", str(GROUP)).topics == ["trade"]
        back = sub_store.get(w.db, "telegram", str(GROUP))
        assert (await w.runtime.request_digest(back)).stories == 2
        digest = (await w.messages(GROUP, before + 1))[before:]
        assert all(title in shown(digest) for title in HARBOUR_TITLES), shown(digest)


async def test_a_forum_topic_whose_group_unmutes_the_bot_gets_its_digests_back_in_that_topic(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """A forum's topic is subscribed on its own ('<group>/<topic>'). Muted, the bot's digests there were refused until
    they stopped; unmuted, Telegram tells the bot about the group, not the topic: the group's subscription came back,
    the topic's stayed ended, its readers waiting for digests nobody would restart."""
    topic = 77
    telegram_peer.add_chat(GROUP, "supergroup", title="Desk with topics", is_forum=True)
    telegram_peer.set_member(GROUP, ADMIN, "administrator", notify=False)
    async with world() as w:
        telegram_peer.send_command(GROUP, "/subscribe trade", user_id=ADMIN, topic=topic)
        kept_as = f"{GROUP}/{topic}"
        await wait_until(lambda: active(w, kept_as), "the topic subscribed", timeout=10)
        telegram_peer.set_bot_status(GROUP, "restricted")  # muted: its digests refused, in every topic
        sub = sub_store.get(w.db, "telegram", kept_as)
        assert (await w.runtime.request_digest(sub)).stories == 2
        await wait_until(lambda: not active(w, kept_as), "the topic dropped after its refusals",
                         timeout=20)
        before = len(telegram_peer.bot_messages(GROUP))

        telegram_peer.set_member(GROUP, telegram_peer.bot_id, "member", by_user_id=ADMIN)  # unmuted
        await wait_until(lambda: active(w, kept_as), "the topic's subscription back", timeout=10)
        back = sub_store.get(w.db, "telegram", kept_as)
        assert back.topics == ["trade"], "its topics kept"
        assert sub_store.get(w.db, "telegram", str(GROUP)) is None, "the General topic is still not subscribed"
        assert (await w.runtime.request_digest(back)).stories == 2, "the refused stories are owed again"
        await telegram_peer.await_bot_messages(GROUP, before + 1)
        digest = [m for m in telegram_peer.bot_messages(GROUP)[before:] if "Communiqué digest" in m.plain_text]
        assert digest and all(title in shown(digest) for title in HARBOUR_TITLES), shown(digest)
        assert {m.message_thread_id for m in digest} == {topic}, "in the topic, not the General topic"
