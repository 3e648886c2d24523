"""The backlog rule: a matched story reaches the chat once, and never only as a number in an "N more" line.

A digest holds up to the chat's max_items stories; the rest stay owed. A daily chat's later digest (or its own
/digest) brings them; an instant chat gets them at once, in the messages that follow.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from bot.config import load_config
from bot.core.commands import Invocation
from bot.digest.compose import pending_digest
from bot.runtime import Runtime
from storage import subscriptions as sub_store
from tests.helpers import RecordingPlatform, add_articles, delivered_article_ids, plan, subscribe

NOW = datetime(2026, 11, 20, 8, tzinfo=UTC)


def runtime_for(tmp_path: Path) -> tuple[Runtime, RecordingPlatform]:
    path = tmp_path / "config.toml"
    path.write_text(f'[storage]\npath = "{tmp_path / "communique.db"}"\n')
    platform = RecordingPlatform()
    return Runtime(load_config(path), {"test": platform}), platform


def delivered_rows(runtime: Runtime, subscription_id: int) -> set[int]:
    return {r["article_id"] for r in runtime.db.query(
        "SELECT article_id FROM delivered WHERE subscription_id = ?", [subscription_id])}


async def test_what_does_not_fit_a_digest_comes_in_the_next_one_and_nothing_twice(tmp_path: Path) -> None:
    runtime, platform = runtime_for(tmp_path)
    ids = add_articles(runtime.db, 20)
    sub = subscribe(runtime.db, "c1", max_items=8)

    first = pending_digest(runtime.db, sub, now=NOW)
    assert len(first.digest.stories) == 8 and first.waiting == 12
    assert first.digest.note is not None and "12 more matched stories are waiting" in first.digest.note
    assert "/digest" in first.digest.note

    counts = []
    for _ in range(4):
        counts.append((await runtime.request_digest(sub_store.get_by_id(runtime.db, sub.id))).stories)
        await runtime.sender.drain()
        # What the "N more" line counts is still owed: only what was shown is marked sent.
        assert delivered_rows(runtime, sub.id) == set(delivered_article_ids(platform, "c1"))
    assert counts == [8, 8, 4, 0]
    got = Counter(delivered_article_ids(platform, "c1"))
    assert set(got) == set(ids) and set(got.values()) == {1}, "every matched story once"


async def test_a_backlog_past_what_is_counted_is_said_to_be_more_and_how_to_narrow_it(tmp_path: Path) -> None:
    """A chat on every story of a busy bot: the ledger is read 500 stories at a time, so the closing line counted
    at most 492 waiting when thousands were, and /digest was offered as the way through them."""
    runtime, _ = runtime_for(tmp_path)
    add_articles(runtime.db, 620)
    sub = subscribe(runtime.db, "c1", max_items=8)
    pending = pending_digest(runtime.db, sub, now=NOW)
    assert len(pending.digest.stories) == 8
    assert pending.digest.note == ("Over 492 more matched stories are waiting, more than digests bring: /digest "
                                   "sends the next ones now, and some topics narrow this chat (/topics).")
    small = pending_digest(runtime.db, subscribe(runtime.db, "c2", max_items=20), now=NOW)
    assert small.digest.note is not None and small.digest.note.startswith("Over 480 more matched stories")
    reply = await runtime.run_command(Invocation(platform="test", chat_id="c3", chat_kind="private", user_id="7",
                                                 command="subscribe", args=["since", "30d"]))
    assert ("Over 500 stories are waiting, more than digests bring: /digest sends the next ones now, and some "
            "topics narrow this chat (/topics).") in reply.text, reply.text


async def test_a_scheduled_digest_brings_what_the_last_one_could_not_hold(tmp_path: Path) -> None:
    runtime, platform = runtime_for(tmp_path)
    older = add_articles(runtime.db, 10)
    sub = subscribe(runtime.db, "c1", max_items=6)
    assert plan(runtime.db, sub, platform, "daily:2026-11-20") == 6
    await runtime.sender.drain()
    newer = add_articles(runtime.db, 3, start=10)
    # The next day's digest: the newest first, then what waited, up to max_items; the rest still waits.
    assert plan(runtime.db, sub, platform, "daily:2026-11-21") == 6
    await runtime.sender.drain()
    assert (await runtime.request_digest(sub_store.get_by_id(runtime.db, sub.id))).stories == 1
    await runtime.sender.drain()
    got = Counter(delivered_article_ids(platform, "c1"))
    assert set(got) == set(older + newer) and set(got.values()) == {1}


async def test_an_instant_chat_gets_a_busy_pass_whole_in_consecutive_messages(tmp_path: Path) -> None:
    runtime, platform = runtime_for(tmp_path)
    sub = subscribe(runtime.db, "c1", mode="instant", max_items=8)
    ids = add_articles(runtime.db, 21)
    assert runtime.plan_instant() == 21
    await runtime.sender.drain()
    got = delivered_article_ids(platform, "c1")
    assert Counter(got) == Counter(ids), "every new story once, none left for a later pass"
    assert delivered_rows(runtime, sub.id) == set(ids)
    assert runtime.plan_instant() == 0


def test_an_instant_digest_says_the_rest_follows(tmp_path: Path) -> None:
    runtime, _ = runtime_for(tmp_path)
    add_articles(runtime.db, 9)
    sub = subscribe(runtime.db, "c1", mode="instant", max_items=8)
    pending = pending_digest(runtime.db, sub, now=NOW, follow_on=True)
    assert pending.digest.note == "1 more matched story follows at once, in the next message."
    assert len(pending.covered_article_ids) == 8
