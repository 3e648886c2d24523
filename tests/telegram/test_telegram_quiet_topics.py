"""A chat whose every topic matched nothing for a week, as `communique run` serves it on Telegram: the chat
subscribed to a word no story carries, stories kept arriving from its source, and its daily digest had nothing
to send, day after day. Silence read as a broken bot; the chat is told once a quiet week that its topics matched
nothing, and how to change them.

The stories are invented for this test and dated from today.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage.db import to_iso
from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.running import chat_with, one_feed_deployment

USER = 739
NOW = datetime.now(UTC).replace(microsecond=0)


def stories() -> list[Item]:
    return [
        Item(
            title=f"Kestria and Velmora hold round {n} of the river talks",
            link=f"https://riverwire.example/news/round-{n}",
            paragraphs=[f"Delegations from Kestria and Velmora met in Lirenne for round {n} of the Varn river talks.",
                        "Neither side spoke to reporters after the session."],
            published=NOW - timedelta(days=n),
        )
        for n in range(1, 4)
    ]


def test_a_chat_whose_topics_matched_nothing_for_a_week_is_told_once_and_how_to_change_them(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    feed_server.route("/river.xml", body=rss(stories(), title="River Wire"))
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer, source="River Wire",
                                     path="/river.xml")
    say = chat_with(telegram_peer, USER)
    run = deployment.start()
    try:
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles") == 3, 90, run,
                            "the stories stored")
        [subscribed] = say("/subscribe zarnovia")
        assert "zarnovia" in subscribed.plain_text, subscribed.plain_text
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]

    # A week went by: the chat subscribed eight days ago, and its digest time passed an hour ago.
    deployment.execute("UPDATE subscriptions SET created = ?, since = ?, time = ?",
                       [to_iso(NOW - timedelta(days=8)), to_iso(NOW - timedelta(days=9)),
                        f"{NOW - timedelta(hours=1):%H:%M}"])
    before = len(telegram_peer.bot_messages(USER))
    run = deployment.start()
    try:
        [note] = telegram_peer.wait_for_bot_messages(USER, count=before + 1, timeout=30)[before:]
        assert "No story matched this chat's topic (zarnovia) in the last 7 days" in note.plain_text, note.plain_text
        assert "3 stories arrived" in note.plain_text and "/topics" in note.plain_text, note.plain_text
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]

    # Restarted again the same day: said once, not at every start.
    before = len(telegram_peer.bot_messages(USER))
    run = deployment.start()
    try:
        [ack] = say("/topics")
        assert len(telegram_peer.bot_messages(USER)) == before + 1, [m.plain_text for m in
                                                                     telegram_peer.bot_messages(USER)[before:]]
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]
