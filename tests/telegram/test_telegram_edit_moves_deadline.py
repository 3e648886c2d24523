"""A story whose outlet edits the deadline of its pledge after a Telegram chat got it, as `communique run` serves the
chat: the chat was told the bridge "was due" yesterday; the outlet then wrote a date ten days on. The chat's next
digest called it "New pledge: Estavia: reopen the Varn bridge to freight (by ...)", a second promise beside the
first, when the one promise it knew had been given a new date. It says the deadline moved, from what to what.

The story is invented for this test and dated from today, so the chat's backlog holds it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.digest import day_text
from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.running import chat_with, due_now, one_feed_deployment

USER = 3401
NOW = datetime.now(UTC).replace(microsecond=0)
BEFORE = f"by {(NOW - timedelta(days=1)):%B} {(NOW - timedelta(days=1)).day}"
AFTER = f"by {(NOW + timedelta(days=10)):%B} {(NOW + timedelta(days=10)).day}"


def bridge_story(deadline: str) -> Item:
    return Item(
        title="Estavia promises to reopen the Varn bridge",
        link="https://varnwire.example/news/bridge",
        paragraphs=[f"Estavia pledged on Monday to reopen the Varn bridge to freight {deadline}, its transport "
                    "minister Ilse Marant said.",
                    "Traders on both banks have waited three weeks for the crossing."],
        published=NOW - timedelta(days=3),
    )


def test_an_edited_deadline_is_told_as_moved_not_as_a_new_pledge(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    feed_server.route("/varn.xml", body=rss([bridge_story(BEFORE)], title="Varn Wire"))
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer, source="Varn Wire",
                                     path="/varn.xml")
    say = chat_with(telegram_peer, USER)
    run = deployment.start()
    try:
        deployment.wait_for(lambda: (deployment.scalar("SELECT COUNT(*) FROM pledges") or 0) >= 1, 90, run,
                            "the story read and its pledge tracked")
        say("/subscribe since 7d")
        [_, digest] = say("/digest", count=2)
        assert "reopen the Varn bridge to freight" in digest.plain_text and "was due" in digest.plain_text, \
            digest.plain_text

        feed_server.route("/varn.xml", body=rss([bridge_story(AFTER)], title="Varn Wire"))
        due_now(deployment)
        deployment.wait_for(lambda: (deployment.scalar("SELECT COUNT(*) FROM edit_notices") or 0) >= 1, 90, run,
                            "the edit read")
        [sending, update] = say("/digest", count=2)
        assert "1 updated story" in sending.plain_text, sending.plain_text
        told = " ".join(update.plain_text.split())
        assert "New pledge" not in told, f"the one pledge the chat knew, told as a second: {told}"
        assert "Deadline moved: Estavia: reopen the Varn bridge to freight" in told, told
        # Each with the date it means: the line is read days after the edit, and these words carry no year.
        after, before = day_text((NOW + timedelta(days=10)).date()), day_text((NOW - timedelta(days=1)).date())
        assert f"now {AFTER} · {after}, was {BEFORE} · {before}" in told, told
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]
