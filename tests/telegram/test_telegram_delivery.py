"""Digests through the deliveries ledger, the sender and the Telegram adapter, when Telegram misbehaves.

Everything is real but Telegram itself, which the peer plays: rate limits with retry_after, outages, a user
who blocked the bot among many who did not, a group upgraded to a supergroup, markup Telegram refuses, a
message it rejects, and a restart in the middle of a fan-out. Digests are fired as the scheduler fires them
(`Runtime.fire_daily`), so the fault meets the digest and not the command's reply.
"""

from __future__ import annotations

import pytest

from bot.core.platform import SendLimits
from storage import deliveries as ledger
from storage import subscriptions as sub_store
from storage import tracking as tracking_store
from storage.records import DeliveryCounts
from tests.helpers import wait_until
from tests.peers.telegram_peer import ApiCall, BotMessage, TelegramPeer
from tests.telegram.conftest import WorldRunner
from tests.telegram.world import MINISTRY_TITLES, OPERATOR, TelegramWorld

pytestmark = pytest.mark.filterwarnings("ignore:.*`retry_after` will be of type")  # PTB's own, see outcomes.py

USER = 601


async def subscribe(w: TelegramWorld, chat_id: int, *, user_id: int | None = None, topics: str = "") -> dict:
    await w.command(chat_id, f"/subscribe {topics}".strip(), user_id=user_id)
    sub = sub_store.get(w.db, "telegram", str(chat_id))
    assert sub is not None and sub.active
    return sub


async def fire(w: TelegramWorld, sub: dict) -> int:
    """The subscription's daily digest, as the scheduler fires it at its time."""
    return await w.runtime.fire_daily(sub.id)


def digests(peer: TelegramPeer, chat_id: int) -> list[BotMessage]:
    return [m for m in peer.bot_messages(chat_id) if "Communiqué digest" in m.plain_text]


def sends(peer: TelegramPeer, chat_id: int, since: int = 0) -> list[ApiCall]:
    return peer.calls("sendMessage", chat_id=chat_id, since_seq=since)


def last_seq(peer: TelegramPeer) -> int:
    calls = peer.calls(include_polling=True)
    return calls[-1].seq if calls else 0


async def test_a_rate_limit_is_waited_out_and_the_digest_sent_once(world: WorldRunner,
                                                                   telegram_peer: TelegramPeer) -> None:
    async with world() as w:
        sub = await subscribe(w, USER)
        since = last_seq(telegram_peer)
        telegram_peer.inject_fault("sendMessage", "retry_after", chat_id=USER, retry_after=2)
        assert await fire(w, sub) == 6
        await wait_until(lambda: len(digests(telegram_peer, USER)) == 1, what="the digest arrives")
        calls = sends(telegram_peer, USER, since)
        assert [c.status for c in calls] == [429, 200]
        assert calls[1].time - calls[0].time >= 2.0, "not before Telegram's retry_after"
        assert len(await w.quiet(USER)) == 2 and len(digests(telegram_peer, USER)) == 1, "no duplicate"
        assert w.runtime.sender.stats.rate_limited == 1
        await wait_until(lambda: ledger.counts(w.db).sent == 1, what="recorded as sent")
        assert ledger.counts(w.db) == DeliveryCounts(due=0, sending=0, sent=1, failed=0)



async def test_digest_asked_while_the_digest_waits_out_a_rate_limit_says_it_is_on_its_way(
        world: WorldRunner, telegram_peer: TelegramPeer) -> None:
    """The day's digest met a rate limit and waited; the reader, seeing nothing yet, sent /digest and was told
    "Nothing new since the last digest": a digest they had not received. Told it is on its way, and when."""
    async with world() as w:
        sub = await subscribe(w, USER)
        telegram_peer.inject_fault("sendMessage", "retry_after", chat_id=USER, retry_after=8)
        assert await fire(w, sub) == 6
        await wait_until(lambda: w.db.execute("SELECT COUNT(*) FROM deliveries WHERE state = 'due' AND last_error "
                                              "LIKE 'rate limited%'").fetchone()[0] == 1,
                         what="the digest waits out the rate limit")
        [asked] = await w.command(USER, "/digest")
        assert "Nothing new since the last digest" not in asked.plain_text, asked.plain_text
        assert "on its way" in asked.plain_text and "next try in about" in asked.plain_text, asked.plain_text
        assert not digests(telegram_peer, USER), "the answer came before the digest"
        await wait_until(lambda: len(digests(telegram_peer, USER)) == 1, timeout=20, what="the digest arrives")

async def test_outages_are_retried_until_the_digest_goes_through(world: WorldRunner, telegram_peer: TelegramPeer) -> None:
    async with world() as w:
        sub = await subscribe(w, USER)
        since = last_seq(telegram_peer)
        telegram_peer.inject_fault("sendMessage", "server_error", chat_id=USER, error_code=502, times=2)
        telegram_peer.inject_fault("sendMessage", "disconnect", chat_id=USER)
        await fire(w, sub)
        await wait_until(lambda: len(digests(telegram_peer, USER)) == 1, what="the digest arrives")
        calls = sends(telegram_peer, USER, since)
        assert [c.status for c in calls] == [502, 502, 0, 200]
        gaps = [b.time - a.time for a, b in zip(calls, calls[1:])]
        # The bot spaces the tries a second apart; the peer sees them arrive with the jitter of a loaded machine
        # (0.98 s was seen), while tries without pacing would arrive a few milliseconds apart.
        assert min(gaps) >= 0.8, f"retries keep the chat's pace of one message a second: gaps {gaps}"
        await wait_until(lambda: ledger.counts(w.db).sent == 1, what="recorded as sent")
        [row] = list(w.db.query("SELECT state, attempts FROM deliveries"))
        assert row == {"state": "sent", "attempts": 4}


async def test_an_html_error_page_instead_of_telegrams_answer_is_said_in_one_plain_line_and_the_digests_wait(
        world: WorldRunner, telegram_peer: TelegramPeer, caplog: pytest.LogCaptureFixture) -> None:
    """A server in front of the Bot API (a proxy, Telegram's front server) answered with its own HTML page. The
    reason the log and /status gave was python-telegram-bot's "Bad Gateway (502). Parsing the server response
    b'<html>\\r\\n<head><title>502 Bad Gateway...' failed": markup cut off at 200 characters, which an operator must
    read through to learn that a page, not Telegram, answered. The digests wait and go once it answers again."""
    other = USER + 1
    caplog.set_level("WARNING", logger="bot.delivery.sender")
    async with world() as w:
        subs = [await subscribe(w, chat) for chat in (USER, other)]
        telegram_peer.inject_fault("sendMessage", "page", times=2)
        for sub in subs:
            await fire(w, sub)
        for chat in (USER, other):
            await wait_until(lambda chat=chat: len(digests(telegram_peer, chat)) == 1, timeout=20,
                             what="each digest arrives after the page")
        [said] = [m for m in caplog.messages if m.startswith("sending on telegram fails")]
        assert "Telegram: Bad Gateway (502)" in said and "an HTML page" in said, said
        assert "<" not in said and "Parsing" not in said, said
        assert ledger.counts(w.db).failed == 0


async def test_a_403_page_from_a_proxy_ends_no_chat_and_the_digests_wait(
        world: WorldRunner, telegram_peer: TelegramPeer) -> None:
    """A proxy between the bot and Telegram refused it for a while with its own 403 page. Read as each chat's
    Forbidden (a user who blocked the bot), three of them ended every chat's subscription at once."""
    other = USER + 1
    async with world() as w:
        subs = [await subscribe(w, chat) for chat in (USER, other)]
        telegram_peer.inject_fault("sendMessage", "page", error_code=403, description="Forbidden", times=8)
        for sub in subs:
            await fire(w, sub)
        await wait_until(lambda: not telegram_peer.pending_faults(), timeout=30, what="the proxy's refusals used up")
        for chat in (USER, other):
            await wait_until(lambda chat=chat: len(digests(telegram_peer, chat)) == 1, timeout=30,
                             what="each digest arrives once the proxy lets it through")
            assert sub_store.get(w.db, "telegram", str(chat)).active, "no chat ended for the proxy's refusal"


async def test_a_chat_that_blocked_the_bot_is_dropped_after_three_refusals_and_the_others_are_served(
        world: WorldRunner, telegram_peer: TelegramPeer) -> None:
    users = [611, 612, 613, 614, 615]
    async with world() as w:
        subs = [await subscribe(w, user) for user in users]
        since = last_seq(telegram_peer)
        telegram_peer.block_bot(613)
        for sub in subs:
            await fire(w, sub)
        await wait_until(lambda: all(len(digests(telegram_peer, u)) == 1 for u in users if u != 613),
                         what="the others get their digest")
        await wait_until(lambda: not sub_store.get(w.db, "telegram", "613").active, what="613 deactivated")
        refused = sends(telegram_peer, 613, since)
        assert [c.status for c in refused] == [403, 403, 403]
        assert digests(telegram_peer, 613) == []
        dropped = sub_store.get(w.db, "telegram", "613")
        assert dropped.deactivated_reason == "Telegram: Forbidden: bot was blocked by the user"

        [status] = await w.command(OPERATOR, "/status")
        assert "active: 4 of 5" in status.plain_text
        assert "deactivated telegram 613: Telegram: Forbidden: bot was blocked by the user" in status.plain_text

        await fire(w, subs[2])
        assert len(await w.quiet(613)) == 1 and len(sends(telegram_peer, 613, since)) == 3, "no more tries"
        assert all(len(digests(telegram_peer, u)) == 1 for u in users if u != 613), "nobody got a repeat"


async def test_a_group_upgraded_to_a_supergroup_keeps_its_subscription(world: WorldRunner,
                                                                       telegram_peer: TelegramPeer) -> None:
    telegram_peer.add_chat(-4001, "group", title="Treaty Watchers")
    telegram_peer.set_member(-4001, 701, "creator", notify=False)
    async with world() as w:
        sub = await subscribe(w, -4001, user_id=701, topics="un")
        telegram_peer.migrate_chat(-4001, -1004001)
        await fire(w, sub)
        await wait_until(lambda: len(digests(telegram_peer, -1004001)) == 1, what="the digest follows the group")
        moved = sub_store.get_by_id(w.db, sub.id)
        assert moved.chat_id == "-1004001" and moved.active and moved.topics == ["un"]
        assert [c.status for c in sends(telegram_peer, -4001)][-1] == 400
        assert len(digests(telegram_peer, -4001)) == 0
        [settings] = await w.command(-1004001, "/settings", user_id=701)
        assert "daily digest at 08:00 (UTC)" in settings.plain_text and "on un" in settings.plain_text


async def test_a_group_upgraded_to_a_supergroup_keeps_whom_it_follows(world: WorldRunner,
                                                                     telegram_peer: TelegramPeer) -> None:
    """A group that follows someone and is upgraded keeps its follows under its new id: left under the old id,
    /following said it followed no one, and a chat without topics got every story instead of those about them."""
    telegram_peer.add_chat(-4002, "group", title="Border Watchers")
    telegram_peer.set_member(-4002, 702, "creator", notify=False)
    async with world() as w:
        sub = await subscribe(w, -4002, user_id=702)
        await w.command(-4002, "/follow Velmora", user_id=702)
        telegram_peer.migrate_chat(-4002, -1004002)
        await fire(w, sub)
        await wait_until(lambda: sub_store.get_by_id(w.db, sub.id).chat_id == "-1004002", what="the move")
        await wait_until(lambda: ledger.counts(w.db).pending == 0, what="the digest delivered")
        [following] = await w.command(-1004002, "/following", user_id=702)
        assert "Velmora" in following.plain_text, following.plain_text
        [settings] = await w.command(-1004002, "/settings", user_id=702)
        assert "about Velmora (followed)" in settings.plain_text, settings.plain_text


async def test_a_group_upgraded_to_a_supergroup_has_its_subscription_before_the_next_digest(
        world: WorldRunner, telegram_peer: TelegramPeer) -> None:
    """The subscription followed an upgraded group only when a digest sent to the old id was refused, hours later:
    meanwhile '/settings' in the supergroup answered 'This chat is not subscribed yet: /subscribe first', and the
    admin who did so got a new subscription on every topic at 08:00, the group's own topics and time let go.
    Telegram says at once (the migrate_to_chat_id / migrate_from_chat_id service messages)."""
    telegram_peer.add_chat(-4003, "group", title="Harbour Watchers")
    telegram_peer.set_member(-4003, 703, "creator", notify=False)
    async with world() as w:
        sub = await subscribe(w, -4003, user_id=703, topics="un")
        await w.command(-4003, "/settings time 07:30", user_id=703)
        telegram_peer.migrate_chat(-4003, -1004003)
        await wait_until(lambda: sub_store.get_by_id(w.db, sub.id).chat_id == "-1004003", what="the move")
        [settings] = await w.command(-1004003, "/settings", user_id=703)
        assert "daily digest at 07:30 (UTC)" in settings.plain_text and "on un" in settings.plain_text, \
            settings.plain_text
        assert len(digests(telegram_peer, -4003)) == 0 and len(digests(telegram_peer, -1004003)) == 0
        await fire(w, sub_store.get_by_id(w.db, sub.id))
        await wait_until(lambda: len(digests(telegram_peer, -1004003)) == 1, what="the digest in the supergroup")
        assert [c for c in sends(telegram_peer, -4003) if c.status == 400] == [], "nothing sent to the old id"


async def test_a_group_that_follows_without_a_subscription_keeps_its_follows_as_a_supergroup(
        world: WorldRunner, telegram_peer: TelegramPeer) -> None:
    """A group may follow someone before it subscribes (/follow answers "/subscribe starts its digests"): upgraded
    to a supergroup meanwhile, it followed no one, without a word, and its /subscribe got every story."""
    telegram_peer.add_chat(-4004, "group", title="Orlen Watchers")
    telegram_peer.set_member(-4004, 704, "creator", notify=False)
    async with world() as w:
        await w.command(-4004, "/follow Velmora", user_id=704)
        telegram_peer.migrate_chat(-4004, -1004004)
        await wait_until(lambda: tracking_store.follows(w.db, "telegram", "-4004") == [],
                         what="whom the group follows goes with it to the supergroup")
        [following] = await w.command(-1004004, "/following", user_id=704)
        assert "Velmora" in following.plain_text, following.plain_text
        [subscribed] = await w.command(-1004004, "/subscribe", user_id=704)
        assert "about Velmora (followed)" in subscribed.plain_text, subscribed.plain_text


async def test_an_unsubscribed_group_upgraded_to_a_supergroup_comes_back_as_it_was(
        world: WorldRunner, telegram_peer: TelegramPeer) -> None:
    """A group that paused its digests (/unsubscribe keeps its settings "in case it subscribes again") and was then
    upgraded came back at its new id as a stranger: its time and topics let go, and the stories it had been sent
    sent again as a new subscription's backlog."""
    telegram_peer.add_chat(-4005, "group", title="Grain Watchers")
    telegram_peer.set_member(-4005, 705, "creator", notify=False)
    async with world() as w:
        sub = await subscribe(w, -4005, user_id=705, topics="un")
        await w.command(-4005, "/settings time 07:30", user_id=705)
        await fire(w, sub_store.get_by_id(w.db, sub.id))
        await wait_until(lambda: len(digests(telegram_peer, -4005)) == 1, what="the group's digest")
        await wait_until(lambda: ledger.counts(w.db).pending == 0, what="recorded as sent")
        [paused] = await w.command(-4005, "/unsubscribe", user_id=705)
        assert "/subscribe un brings them back as they were" in paused.plain_text, paused.plain_text
        telegram_peer.migrate_chat(-4005, -1004005)
        await wait_until(lambda: sub_store.get_by_id(w.db, sub.id).chat_id == "-1004005",
                         what="the paused group's settings and sent stories go with it to the supergroup")
        [back] = await w.command(-1004005, "/subscribe un", user_id=705)
        assert "daily digest at 07:30 (UTC)" in back.plain_text, back.plain_text
        assert "Nothing is waiting" in back.plain_text, "the stories it was sent are not owed again"
        assert await fire(w, sub_store.get(w.db, "telegram", "-1004005")) == 0, "no digest of stories it had"
        assert len(await w.quiet(-1004005)) == 1, "only the answer to /subscribe"


async def test_a_digest_whose_markup_telegram_refuses_arrives_as_plain_text(world: WorldRunner,
                                                                            telegram_peer: TelegramPeer) -> None:
    async with world() as w:
        sub = await subscribe(w, USER, topics="borders")
        telegram_peer.inject_fault("sendMessage", "bad_request", chat_id=USER,
                                   description="Bad Request: can't parse entities: unsupported start tag \"x\"")
        await fire(w, sub)
        await wait_until(lambda: len(digests(telegram_peer, USER)) == 1, what="the digest arrives")
        [digest] = digests(telegram_peer, USER)
        assert digest.parse_mode is None
        assert f"{MINISTRY_TITLES[0]} (https://ministry.example/press/0)" in digest.text
        await wait_until(lambda: ledger.counts(w.db).sent == 1, what="recorded as sent")
        assert ledger.counts(w.db).failed == 0


async def test_a_message_telegram_rejects_is_recorded_and_shown_to_operators(world: WorldRunner,
                                                                             telegram_peer: TelegramPeer) -> None:
    async with world() as w:
        sub = await subscribe(w, USER)
        telegram_peer.inject_fault("sendMessage", "bad_request", chat_id=USER,
                                   description="Bad Request: message is too long")
        await fire(w, sub)
        await wait_until(lambda: ledger.counts(w.db).failed == 1, what="recorded as failed")
        assert len(sends(telegram_peer, USER)) == 2, "the subscribe reply and one try: resending cannot help"
        assert sub_store.get(w.db, "telegram", str(USER)).active, "the chat itself is fine"
        [status] = await w.command(OPERATOR, "/status")
        assert "failed: 1" in status.plain_text
        assert f"to telegram {USER} (" in status.plain_text
        assert "rejected by the platform: Telegram: Message is too long" in status.plain_text


async def test_a_restart_in_the_middle_of_a_fan_out_neither_loses_nor_repeats(world: WorldRunner,
                                                                            telegram_peer: TelegramPeer) -> None:
    users = list(range(621, 633))
    slow = {"limits": SendLimits(per_second=4.0, per_chat_per_second=1.0, per_group_per_minute=20.0)}
    async with world(platform_options=slow) as w:
        subs = [await subscribe(w, user) for user in users]
        for sub in subs:
            await fire(w, sub)
        await wait_until(lambda: sum(len(digests(telegram_peer, u)) for u in users) >= 3, what="a few are sent")
    first_run = sum(len(digests(telegram_peer, u)) for u in users)
    assert first_run < len(users), "stopped in the middle"
    async with world(platform_options=slow, restart=True) as w:
        await wait_until(lambda: all(digests(telegram_peer, u) for u in users), timeout=15, what="all delivered")
        await wait_until(lambda: ledger.counts(w.db).sent == len(users), what="all recorded as sent")
        await w.quiet(users[0], 0.3)
        assert ledger.counts(w.db) == DeliveryCounts(due=0, sending=0, sent=len(users), failed=0)
    assert [len(digests(telegram_peer, u)) for u in users] == [1] * len(users)


async def test_a_group_a_config_block_declares_keeps_its_subscription_as_a_supergroup_at_the_next_reload(
        world: WorldRunner, telegram_peer: TelegramPeer, caplog: pytest.LogCaptureFixture) -> None:
    """The subscription follows the group to its supergroup's id, but the block still names the old id: the next
    reload (for any edit) ended the supergroup's subscription, whose block it no longer found, and made a new
    one for the old id, which no longer exists. Both are left as they are, and the log says to write the new id."""
    telegram_peer.add_chat(-4002, "group", title="Treaty Desk")
    block = '[[subscriptions]]\nplatform = "telegram"\nchat_id = "-4002"\ntopics = ["un"]\n'
    async with world(extra_config=block) as w:
        sub = sub_store.get(w.db, "telegram", "-4002")
        assert sub is not None and sub.origin == "config"
        await _becomes_a_supergroup_then_reload(w, telegram_peer, sub, -1004002, caplog)
        moved = sub_store.get_by_id(w.db, sub.id)
        assert moved.chat_id == "-1004002" and moved.active and moved.topics == ["un"], moved
        old = sub_store.get(w.db, "telegram", "-4002")
        assert old is None or not old.active, "no subscription for an id that is gone"
        assert "ended" not in caplog.text and "created" not in caplog.text, caplog.text
        assert "write -1004002 in its block" in caplog.text, caplog.text


async def _becomes_a_supergroup_then_reload(w, telegram_peer: TelegramPeer, sub, new_id: int,
                                            caplog: pytest.LogCaptureFixture) -> None:
    """The group becomes a supergroup, its digest follows it there, then an edit elsewhere in the config is read."""
    telegram_peer.migrate_chat(int(sub.chat_id), new_id)
    await fire(w, sub)
    await wait_until(lambda: len(digests(telegram_peer, new_id)) == 1, what="the digest follows the group")
    caplog.set_level("INFO", logger="bot.runtime")
    path = w.runtime.config.path
    path.write_text(path.read_text() + "# an edit elsewhere in the file\n")
    assert w.runtime.reload_config()


async def test_a_declared_group_whose_members_changed_its_settings_is_not_said_to_have_unsubscribed_once_moved(
        world: WorldRunner, telegram_peer: TelegramPeer, caplog: pytest.LogCaptureFixture) -> None:
    """A group's /settings makes its subscription the chat's own; once the group became a supergroup, the next
    reload said of the block naming its old id that 'the chat unsubscribed by command', which it never did."""
    telegram_peer.add_chat(-4003, "group", title="Ceasefire Desk")
    telegram_peer.set_member(-4003, 703, "creator", notify=False)
    block = '[[subscriptions]]\nplatform = "telegram"\nchat_id = "-4003"\n'
    async with world(extra_config=block) as w:
        await w.command(-4003, "/settings time 06:45", user_id=703)
        sub = sub_store.get(w.db, "telegram", "-4003")
        assert sub is not None and sub.origin == "command" and sub.time == "06:45", sub
        await _becomes_a_supergroup_then_reload(w, telegram_peer, sub, -1004003, caplog)
        moved = sub_store.get_by_id(w.db, sub.id)
        assert moved.chat_id == "-1004003" and moved.active and moved.time == "06:45", moved
        assert "unsubscribed" not in caplog.text, caplog.text
        assert "write -1004003 in its block" in caplog.text, caplog.text
