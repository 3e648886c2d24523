"""The deliveries ledger and the sender: nothing lost, nothing repeated, limits kept, outcomes acted on."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from bot.core.outcomes import Gone, Moved, Rejected, RetryAfter, Transient
from bot.core.platform import SendLimits
from bot.delivery.sender import Sender, SenderPolicy
from storage import articles as article_store
from storage import deliveries as ledger
from storage import subscriptions as sub_store
from tests.helpers import (
    DEFAULTS,
    FAST,
    RecordingPlatform,
    add_articles,
    delivered_article_ids,
    paced,
    plan,
    subscribe,
    wait_until,
)


async def test_a_digest_is_sent_once_in_order_and_recorded(db) -> None:
    platform = RecordingPlatform()
    add_articles(db, 5)
    sub = subscribe(db, "chat-1")
    assert plan(db, sub, platform) == 5
    await Sender(db, {"test": platform}, policy=FAST).drain()
    ids = delivered_article_ids(platform, "chat-1")
    assert sorted(ids) == sorted(r.id for r in article_store.latest(db, 10))
    assert len(ids) == len(set(ids)) == 5
    assert ledger.counts(db).sent == 3  # 5 stories, 2 a message
    # Planning again (same key, or a new digest) finds nothing new: no repeats.
    assert plan(db, sub, platform) == 0
    assert plan(db, sub, platform, key="daily:2026-11-21") == 0
    add_articles(db, 1, start=10)
    assert plan(db, sub, platform, key="daily:2026-11-21") == 1


async def test_parts_of_one_digest_go_out_in_order(db) -> None:
    platform = RecordingPlatform(stories_per_message=1)
    add_articles(db, 4)
    sub = subscribe(db, "chat-1")
    plan(db, sub, platform)
    await Sender(db, {"test": platform}, policy=FAST).drain()
    headings = [p["article_ids"][0] for p in platform.delivered("chat-1")]
    parts = [r["part"] for r in db.query("SELECT part FROM deliveries ORDER BY sent_at")]
    assert parts == [0, 1, 2, 3]
    assert len(headings) == 4


async def test_retry_after_pauses_the_chat_and_loses_nothing(db) -> None:
    platform = RecordingPlatform()
    add_articles(db, 2)
    sub = subscribe(db, "chat-1")
    other = subscribe(db, "chat-2")
    platform.answer("chat-1", RetryAfter(0.3), RetryAfter(0.3))
    plan(db, sub, platform)
    plan(db, other, platform)
    await Sender(db, {"test": platform}, policy=FAST).drain(deadline=5)
    assert len(delivered_article_ids(platform, "chat-1")) == 2
    assert len(delivered_article_ids(platform, "chat-2")) == 2
    attempts = [s.at for s in platform.sends if s.chat_id == "chat-1"]
    assert attempts[1] - attempts[0] >= 0.29 and attempts[2] - attempts[1] >= 0.29, "retry_after was honoured"
    row = next(db.query("SELECT * FROM deliveries WHERE subscription_id = ?", [sub.id]))
    assert row["state"] == "sent" and row["attempts"] == 1, "rate limits are not counted as failed attempts"


async def test_transient_failures_are_retried_for_as_long_as_it_takes(db) -> None:
    """An outage delays a message, never ends it: ten failures in a row (more than any fixed ladder) and it still
    goes, once; the pauses double and stop growing at the cap."""
    platform = RecordingPlatform()
    add_articles(db, 1)
    flaky = subscribe(db, "flaky")
    broken = subscribe(db, "broken")
    platform.answer("flaky", Transient("HTTP 502"), Transient("timeout"))
    platform.answer("broken", *[Transient("HTTP 500")] * 10)
    plan(db, flaky, platform)
    plan(db, broken, platform)
    await Sender(db, {"test": platform}, policy=FAST).drain(deadline=5)
    assert len(delivered_article_ids(platform, "flaky")) == 1
    assert len(delivered_article_ids(platform, "broken")) == 1, "delivered after ten failures"
    row = next(db.query("SELECT * FROM deliveries WHERE subscription_id = ?", [broken.id]))
    assert row["state"] == "sent" and row["attempts"] == 11
    tries = [s.at for s in platform.sends if s.chat_id == "broken"]
    gaps = [b - a for a, b in zip(tries, tries[1:])]
    assert gaps[0] >= FAST.base_delay * 0.9 and gaps[1] >= 2 * FAST.base_delay * 0.9, "the pause doubles"
    assert max(gaps) < FAST.max_delay + 1.0, "and stops growing at the cap"


async def test_a_chats_messages_keep_their_order_across_digests_when_one_fails_for_a_while(db) -> None:
    """Two digests owed to one chat (a missed day's catch-up and today's, or instant messages one after another):
    a server error on the first must not let the second overtake it."""
    platform = RecordingPlatform()
    add_articles(db, 2)
    sub = subscribe(db, "chat-1")
    plan(db, sub, platform, key="daily:2026-11-20")
    add_articles(db, 2, start=10)
    plan(db, sub, platform, key="daily:2026-11-21")
    platform.answer("chat-1", Transient("HTTP 502"))
    await Sender(db, {"test": platform}, policy=FAST).drain(deadline=5)
    keys = [r["digest_key"] for r in db.query(
        "SELECT digest_key FROM deliveries WHERE subscription_id = ? ORDER BY sent_at", [sub.id])]
    assert keys == ["daily:2026-11-20", "daily:2026-11-21"], "the older digest first, as planned"
    tried = [s.payload["article_ids"] for s in platform.sends]
    assert tried[0] == tried[1], "the failed message is tried again before the next one goes"
    assert len(delivered_article_ids(platform, "chat-1")) == 4


async def test_status_names_a_failing_message_while_it_is_being_tried_again(db) -> None:
    """`status` says a message is waiting out a failure, with the platform's error, also in the moment it is being
    tried again: an operator who looks then must not see the outage vanish."""
    platform = RecordingPlatform()
    add_articles(db, 1)
    sub = subscribe(db, "chat-1")
    plan(db, sub, platform)
    platform.answer("chat-1", *[Transient("HTTP 502 Bad Gateway")] * 10)
    await Sender(db, {"test": platform}, policy=FAST).drain(deadline=0.3)
    [row] = db.query("SELECT id FROM deliveries WHERE subscription_id = ?", [sub.id])
    assert ledger.waiting(db).count == 1 and "Bad Gateway" in (ledger.waiting(db).last_error or "")
    assert ledger.mark_sending(db, row["id"]), "the next try takes the message"
    waiting = ledger.waiting(db)
    assert waiting.count == 1 and "Bad Gateway" in (waiting.last_error or ""), "still shown while it is tried"


async def test_a_message_behind_one_waiting_out_a_failure_does_not_wake_the_sender_before_it(db) -> None:
    """The sender sleeps until the chat's first message is due again (a pause of up to five minutes), rather than
    looking at the ledger twenty times a second for the message queued behind it."""
    platform = RecordingPlatform(stories_per_message=1)
    add_articles(db, 2)
    sub = subscribe(db, "chat-1")
    plan(db, sub, platform)
    first = next(db.query("SELECT id FROM deliveries WHERE subscription_id = ? AND part = 0", [sub.id]))["id"]
    assert ledger.mark_sending(db, first)
    ledger.reschedule(db, first, "2999-01-01T00:00:00.000000Z", "HTTP 502")
    assert ledger.due(db, "2998-01-01T00:00:00.000000Z") == []
    assert ledger.next_attempt_time(db) == "2999-01-01T00:00:00.000000Z"


async def test_one_chat_failing_while_the_others_are_served_is_not_a_platform_outage(db, caplog) -> None:
    """A server error for one chat only, in the middle of a fan-out: its message waits out its own doubling pause
    (each success elsewhere made it due at once, so it was tried about once a second), and the log does not say
    the platform fails and works again at each of its tries."""
    platform = RecordingPlatform(stories_per_message=1,
                                 limits=SendLimits(per_second=200, per_chat_per_second=5, per_group_per_minute=0))
    platform.answer("bad", *[Transient("HTTP 500 Internal Server Error")] * 100)
    add_articles(db, 6)
    subs = [subscribe(db, f"chat-{n}") for n in range(10)]
    bad = subscribe(db, "bad")
    for sub in [bad, *subs]:
        plan(db, sub, platform)
    caplog.set_level(logging.WARNING, logger="bot.delivery.sender")
    stop = asyncio.Event()
    sender = Sender(db, {"test": platform}, policy=SenderPolicy(base_delay=1.0, max_delay=30))
    started = time.monotonic()
    running = asyncio.create_task(sender.run(stop, idle_poll=0.1))
    # The others' six messages take a second or more (five a second per chat).
    await wait_until(lambda: all(len(delivered_article_ids(platform, f"chat-{n}")) == 6 for n in range(10)),
                     "the other chats served", timeout=30)
    elapsed = time.monotonic() - started
    stop.set()
    await running
    tries = [s.at for s in platform.sends if s.chat_id == "bad"]
    own_pace = 1 + sum(1 for due in (1.0, 3.0, 7.0, 15.0, 31.0) if due <= elapsed + 0.5)  # 1 s, then doubling
    assert 1 <= len(tries) <= own_pace, f"{len(tries)} tries in {elapsed:.1f} s: not at its own pace"
    assert not [r for r in caplog.records if "sending on test" in r.getMessage()], caplog.text


async def test_adapter_exceptions_are_treated_as_transient(db) -> None:
    platform = RecordingPlatform()
    platform.raise_for.add("chat-1")
    add_articles(db, 1)
    sub = subscribe(db, "chat-1")
    plan(db, sub, platform)
    await Sender(db, {"test": platform}, policy=FAST).drain(deadline=2)
    row = next(db.query("SELECT * FROM deliveries"))
    assert row["state"] == "due" and row["attempts"] >= 3, "still owed, tried again and again"
    assert "ConnectionResetError" in row["last_error"]


async def test_refusals_deactivate_one_chat_and_spare_the_others(db) -> None:
    platform = RecordingPlatform()
    add_articles(db, 3)
    blocked = subscribe(db, "blocked")
    fine = [subscribe(db, f"fine-{i}") for i in range(3)]
    platform.answer("blocked", *[Gone("Forbidden: bot was blocked by the user")] * 5)
    for sub in [blocked, *fine]:
        plan(db, sub, platform)
    await Sender(db, {"test": platform}, policy=FAST).drain(deadline=5)
    row = sub_store.get_by_id(db, blocked.id)
    assert not row.active and "blocked" in row.deactivated_reason
    assert sum(1 for s in platform.sends if s.chat_id == "blocked") == 3, "gave up after three refusals"
    for sub in fine:
        assert len(delivered_article_ids(platform, sub.chat_id)) == 3


async def test_one_transient_refusal_does_not_unsubscribe(db) -> None:
    platform = RecordingPlatform()
    add_articles(db, 1)
    sub = subscribe(db, "chat-1")
    platform.answer("chat-1", Gone("Forbidden: bot is not a member of the channel chat"))
    plan(db, sub, platform)
    await Sender(db, {"test": platform}, policy=FAST).drain(deadline=3)
    row = sub_store.get_by_id(db, sub.id)
    assert row.active and row.failures == 0
    assert len(delivered_article_ids(platform, "chat-1")) == 1


async def test_a_deleted_channel_is_deactivated_at_once(db) -> None:
    platform = RecordingPlatform()
    add_articles(db, 1)
    sub = subscribe(db, "deleted", kind="channel")
    platform.answer("deleted", Gone("Unknown Channel", permanent=True))
    plan(db, sub, platform)
    await Sender(db, {"test": platform}, policy=FAST).drain(deadline=2)
    assert not sub_store.get_by_id(db, sub.id).active
    assert len(platform.sends) == 1


async def test_a_migrated_group_is_followed(db) -> None:
    platform = RecordingPlatform(stories_per_message=1)
    add_articles(db, 2)
    sub = subscribe(db, "-1001", kind="group")
    platform.answer("-1001", Moved("-1009991"))
    plan(db, sub, platform)
    await Sender(db, {"test": platform}, policy=FAST).drain(deadline=3)
    assert sub_store.get_by_id(db, sub.id).chat_id == "-1009991"
    assert len(delivered_article_ids(platform, "-1009991")) == 2
    assert delivered_article_ids(platform, "-1001") == []


async def test_a_rejected_message_fails_alone(db) -> None:
    platform = RecordingPlatform(stories_per_message=1)
    add_articles(db, 2)
    sub = subscribe(db, "chat-1")
    platform.answer("chat-1", Rejected("Bad Request: can't parse entities"))
    plan(db, sub, platform)
    await Sender(db, {"test": platform}, policy=FAST).drain(deadline=2)
    states = [r["state"] for r in db.query("SELECT state FROM deliveries ORDER BY part")]
    assert states == ["failed", "sent"]


async def test_a_message_in_flight_at_a_crash_is_sent_again_once(db) -> None:
    platform = RecordingPlatform(stories_per_message=1)
    add_articles(db, 3)
    sub = subscribe(db, "chat-1")
    plan(db, sub, platform)
    first = next(db.query("SELECT id FROM deliveries ORDER BY part LIMIT 1"))["id"]
    assert ledger.mark_sending(db, first)  # the process died right after this
    assert ledger.recover_in_flight(db) == 1
    await Sender(db, {"test": platform}, policy=FAST).drain()
    assert len(platform.sends) == 3 and ledger.counts(db).sent == 3


async def test_per_chat_and_overall_limits_are_kept(db) -> None:
    limits = SendLimits(per_second=40, per_chat_per_second=10, per_group_per_minute=0)
    platform = RecordingPlatform(limits=limits, stories_per_message=1)
    add_articles(db, 4)
    subs = [subscribe(db, f"chat-{i}") for i in range(10)]
    for sub in subs:
        plan(db, sub, platform)
    await Sender(db, {"test": platform}, policy=FAST).drain(deadline=10)
    assert len(platform.sends) == 40
    assert paced([s.at for s in platform.sends], 40), "never faster than the overall rate"
    for sub in subs:
        own = [s.at for s in platform.sends if s.chat_id == sub.chat_id]
        assert paced(own, 10), "never faster than the per-chat rate"


@pytest.mark.parametrize("per_minute", [3])
async def test_group_cap_per_minute(db, per_minute: int) -> None:
    limits = SendLimits(per_second=100, per_chat_per_second=100, per_group_per_minute=per_minute)
    platform = RecordingPlatform(limits=limits, stories_per_message=1)
    add_articles(db, 5)
    group = subscribe(db, "-100500", kind="group")
    plan(db, group, platform)
    stop = asyncio.Event()
    asyncio.get_running_loop().call_later(1.5, stop.set)
    await Sender(db, {"test": platform}, policy=FAST).run(stop, idle_poll=0.1)
    assert len(platform.sends) == per_minute, "the rest wait for the minute window"
    assert ledger.counts(db).due == 5 - per_minute


async def test_messages_for_a_platform_not_running_wait(db) -> None:
    platform = RecordingPlatform()
    add_articles(db, 1)
    sub = subscribe(db, "elsewhere", platform="discord")
    plan(db, sub, platform)
    await Sender(db, {"test": platform}, policy=FAST).drain()
    assert platform.sends == [] and ledger.counts(db).due == 1


async def test_unsubscribing_drops_pending_messages(db) -> None:
    platform = RecordingPlatform()
    add_articles(db, 2)
    sub = subscribe(db, "chat-1")
    plan(db, sub, platform)
    assert sub_store.unsubscribe(db, "test", "chat-1")
    await Sender(db, {"test": platform}, policy=FAST).drain()
    assert platform.sends == []


async def test_a_damaged_ledger_row_is_failed_and_the_rest_are_sent(db) -> None:
    platform = RecordingPlatform(stories_per_message=1)
    add_articles(db, 2)
    sub = subscribe(db, "chat-1")
    other = subscribe(db, "chat-2")
    plan(db, sub, platform)
    plan(db, other, platform)
    first = next(db.query("SELECT id FROM deliveries WHERE subscription_id = ? ORDER BY part", [sub.id]))["id"]
    db.execute("UPDATE deliveries SET payload = '{not json' WHERE id = ?", [first])
    await Sender(db, {"test": platform}, policy=FAST).drain()
    row = next(db.query("SELECT state, last_error FROM deliveries WHERE id = ?", [first]))
    assert row["state"] == "failed" and "unreadable" in row["last_error"]
    assert len(delivered_article_ids(platform, "chat-2")) == 2
    assert len(delivered_article_ids(platform, "chat-1")) == 1, "the digest's other part still goes out"


async def test_messages_for_a_platform_not_running_do_not_keep_the_sender_busy(db) -> None:
    platform = RecordingPlatform()
    add_articles(db, 1)
    elsewhere = subscribe(db, "elsewhere", platform="discord")
    plan(db, elsewhere, platform)
    sender = Sender(db, {"test": platform}, policy=FAST)
    reads = 0
    real_due = ledger.due

    def counting_due(*args, **kwargs):
        nonlocal reads
        reads += 1
        return real_due(*args, **kwargs)

    ledger.due = counting_due  # count the sender's reads of the real ledger
    try:
        stop = asyncio.Event()
        asyncio.get_running_loop().call_later(1.0, stop.set)
        await sender.run(stop, idle_poll=0.5)
    finally:
        ledger.due = real_due
    assert reads <= 5, f"the sender polled the ledger {reads} times in a second for a message it cannot send"
    assert ledger.counts(db).due == 1


async def test_a_message_dropped_while_in_flight_is_not_sent_later(db) -> None:
    platform = RecordingPlatform(latency=0.2)
    add_articles(db, 1)
    sub = subscribe(db, "chat-1")
    platform.answer("chat-1", Transient("timeout"))
    plan(db, sub, platform)
    sender = Sender(db, {"test": platform}, policy=FAST)
    draining = asyncio.create_task(sender.drain(deadline=1))
    await asyncio.sleep(0.1)  # the send is in flight
    assert sub_store.unsubscribe(db, "test", "chat-1")
    await draining
    sub_store.subscribe(db, platform="test", chat_id="chat-1", chat_kind="private", defaults=DEFAULTS)
    await Sender(db, {"test": platform}, policy=FAST).drain(deadline=1)
    assert len(platform.sends) == 1, "the old message did not come back after the chat subscribed again"
    assert next(db.query("SELECT state FROM deliveries"))["state"] == "failed"


async def test_a_migration_onto_an_existing_subscription_keeps_every_part(db) -> None:
    platform = RecordingPlatform(stories_per_message=1)
    add_articles(db, 3)
    old = subscribe(db, "-1001", kind="group")
    subscribe(db, "-1009991", kind="group")  # someone subscribed the new supergroup already
    platform.answer("-1001", Moved("-1009991"))
    plan(db, old, platform)
    await Sender(db, {"test": platform}, policy=FAST).drain(deadline=3)
    assert sorted(delivered_article_ids(platform, "-1009991")) == sorted(r.id for r in article_store.latest(db, 5))


async def test_a_migration_onto_an_existing_subscription_sends_its_stories_there_once(db) -> None:
    """The moved messages carry stories the merged-into subscription had not been sent: its own next digest must not
    send them again, nor what the group got under its old id."""
    platform = RecordingPlatform(stories_per_message=1)
    add_articles(db, 2)
    old = subscribe(db, "-1001", kind="group")
    plan(db, old, platform, key="daily:2026-11-20")
    await Sender(db, {"test": platform}, policy=FAST).drain(deadline=3)  # the group, before its upgrade
    add_articles(db, 1, start=2)
    new = subscribe(db, "-1009991", kind="group")  # someone subscribed the new supergroup already
    platform.answer("-1001", Moved("-1009991"))
    plan(db, old, platform, key="daily:2026-11-21")
    await Sender(db, {"test": platform}, policy=FAST).drain(deadline=3)
    assert len(delivered_article_ids(platform, "-1009991")) == 1
    assert plan(db, new, platform, key="daily:2026-11-22") == 0, "nothing the group was sent, again"


async def test_a_migration_onto_a_subscription_with_the_same_digest_loses_no_part(db) -> None:
    """Both subscriptions planned the digest of the same day and time (the same key): the group's parts still move
    to the new id and are sent there, none left behind under the old one."""
    platform = RecordingPlatform(stories_per_message=1)
    add_articles(db, 3)
    old = subscribe(db, "-1001", kind="group")
    new = subscribe(db, "-1009991", kind="group", max_items=1)
    assert plan(db, new, platform, key="daily:2026-11-21") == 1
    platform.answer("-1001", Moved("-1009991"))
    assert plan(db, old, platform, key="daily:2026-11-21") == 3
    await Sender(db, {"test": platform}, policy=FAST).drain(deadline=3)
    assert ledger.counts(db).pending == 0 and ledger.counts(db).failed == 0, "no part left due to the old id"
    # A story both had planned comes twice, once: the messages were written before the move, and one too many is
    # better than one lost.
    assert set(delivered_article_ids(platform, "-1009991")) == {r.id for r in article_store.latest(db, 5)}
    assert plan(db, new, platform, key="daily:2026-11-22") == 0, "nothing the group was sent, again"


async def test_a_resend_reactivates_a_stopped_chat_but_never_one_that_unsubscribed(db) -> None:
    from bot.delivery.resend import resend

    platform = RecordingPlatform(stories_per_message=1)
    add_articles(db, 2)
    stopped, left = subscribe(db, "chat-stopped"), subscribe(db, "chat-left")
    platform.answer("chat-stopped", Gone("Forbidden: user is deactivated", permanent=True))
    plan(db, stopped, platform)
    platform.answer("chat-left", Rejected("Bad Request: message is too long"))
    plan(db, left, platform)
    await Sender(db, {"test": platform}, policy=FAST).drain(deadline=2)
    assert ledger.counts(db).failed == 3  # the stopped chat's two, the rejected first part of the other's
    assert sub_store.unsubscribe(db, "test", "chat-left")

    result = resend(db, "2026-12-03T12:00:00Z", ids=[999])
    assert result.unknown == [999] and not result.resent
    result = resend(db, "2026-12-03T12:00:00Z")
    assert {row.chat_id for row in result.resent} == {"chat-stopped"} and len(result.resent) == 2
    assert [row.chat_id for row in result.reactivated] == ["chat-stopped"]
    assert [(row.chat_id, why) for row, why in result.skipped] == [("chat-left", "the chat unsubscribed")]
    await Sender(db, {"test": platform}, policy=FAST).drain(deadline=2)
    assert len(platform.delivered("chat-stopped")) == 2
    assert ledger.counts(db).failed == 1  # only the unsubscribed chat's message stays failed


async def test_a_message_waiting_to_retry_keeps_its_wait_when_the_clock_steps_back(db, caplog) -> None:
    """A message waiting 30 s to be tried again when the wall clock steps back an hour (NTP correcting a fast
    clock) is tried 30 s on, and the chat's next message after it: the wait was stored as a time on the wall clock,
    so it waited an hour and 30 s, and the chat's later messages with it."""
    from datetime import UTC, datetime, timedelta

    platform = RecordingPlatform(stories_per_message=1)
    add_articles(db, 2)
    sub = subscribe(db, "chat-1")
    plan(db, sub, platform)
    platform.answer("chat-1", Transient("HTTP 502"))
    wall = [datetime.now(UTC) + timedelta(seconds=1)]  # the ledger dates planned messages by the real clock
    sender = Sender(db, {"test": platform}, policy=SenderPolicy(base_delay=30, max_delay=300), now=lambda: wall[0])
    async def look() -> None:  # one look at the ledger, and the sends it started (a chat's pace waited out)
        wait = await sender._dispatch_ready()
        await asyncio.gather(*sender._tasks)
        if wait and wait < 5:
            await asyncio.sleep(wait)
            await look()

    await look()
    assert len(platform.sends) == 1, "the first failed and waits 30 s, the second behind it"
    wall[0] -= timedelta(hours=1)  # the clock steps back: 30 s later is still 30 s later
    with caplog.at_level(logging.WARNING):
        await look()
    assert len(platform.sends) == 1, "it still waits its 30 s"
    assert "the clock went back 60 min: 2 message(s) waiting to be sent keep the wait they had" in caplog.text
    wall[0] += timedelta(seconds=31)
    await look()
    await look()
    assert len(delivered_article_ids(platform, "chat-1")) == 2, "tried again 30 s on, and the next one after it"
