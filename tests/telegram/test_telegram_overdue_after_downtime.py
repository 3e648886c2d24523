"""A pledge whose deadline passed while the bot was stopped for a week, as `communique run` serves a Telegram chat
that follows its actor. Its last digest came four days before the deadline (too early to tell it falling due);
the bot then stopped for nine days. The first digest after the restart is the first chance to say the deadline
passed with nothing reported, and the chat must hear it, however long the bot was away.

The stories are invented for this test; their dates are set from today.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage.db import to_iso
from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.running import chat_with, one_feed_deployment

USER = 737
NOW = datetime.now(UTC).replace(microsecond=0)
DUE = (NOW - timedelta(days=6)).date()


def pledge_story() -> Item:
    return Item(
        title="Velmora promises the Orlen grain depot will reopen",
        link="https://plainswire.example/news/orlen-depot",
        paragraphs=[
            f"Velmora pledged on Monday to reopen the Orlen grain depot to Kestrian buyers by {DUE:%B} {DUE.day}, "
            "after a month in which farmers on both sides of the border had nowhere to sell.",
            "The agriculture ministry said the depot's scales would be checked first.",
        ],
        published=NOW - timedelta(days=20),
    )


def test_a_deadline_that_passed_while_the_bot_was_stopped_for_a_week_is_told_in_the_next_digest(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    feed_server.route("/plains.xml", body=rss([pledge_story()], title="Plains Wire"))
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer, source="Plains Wire",
                                     path="/plains.xml")
    say = chat_with(telegram_peer, USER)
    run = deployment.start()
    try:
        deployment.wait_for(  # article_actors exists once the schema is migrated: the tracker has been reading
            lambda: deployment.scalar("SELECT COUNT(DISTINCT p.id) FROM article_actors a JOIN pledges p "
                                      "USING (article_id) WHERE p.actor_key = 'velmora'") == 1,
            90, run, "the pledge story fetched, stored and read by the tracker")
        say("/subscribe since 30d")
        say("/follow Velmora")
        [_, first] = say("/digest", 2)
        assert "Velmora promises the Orlen grain depot will reopen" in first.plain_text, first.plain_text
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]

    # What the calendar did while the bot was stopped: the story had been read, the chat subscribed and sent
    # that digest ten days ago (four days before the deadline), and nine days went by with the bot down.
    ten_days_ago = to_iso(NOW - timedelta(days=10))
    deployment.execute("UPDATE articles SET fetched = ?", [to_iso(NOW - timedelta(days=20))])
    deployment.execute("UPDATE subscriptions SET created = ?, time = ?",
                       [to_iso(NOW - timedelta(days=12)), f"{NOW - timedelta(hours=1):%H:%M}"])
    deployment.execute("UPDATE deliveries SET created = ?, sent_at = ?, next_attempt = ?",
                       [ten_days_ago, ten_days_ago, ten_days_ago])

    before = len(telegram_peer.bot_messages(USER))
    run = deployment.start()
    try:
        # The chat's digest time (an hour ago) passed while the bot was stopped: the restarted bot sends what it owes.
        [digest] = telegram_peer.wait_for_bot_messages(USER, count=before + 1, timeout=30)[before:]
        assert "Velmora: reopen the Orlen grain depot" in digest.plain_text, digest.plain_text
        assert "past their deadline" in digest.plain_text, digest.plain_text
        [again] = say("/digest")
        assert "reopen the Orlen grain depot" not in again.plain_text, "told once"
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]
