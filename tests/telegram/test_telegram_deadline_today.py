"""A story's pledge whose deadline is the reader's day, as `communique run` serves a chat.

A story from Friday in which Velmora promised to reopen a crossing "within two days" was read on Sunday, the
deadline's day, as "(within two days · 6 Dec 2026)": words that, read on Sunday, point to Tuesday, and a date the
reader had to hold against the calendar to learn the deadline was that very day.

The story is invented for this test and dated two days before the run.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.running import chat_with, one_feed_deployment

USER = 739
PUBLISHED = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0) - timedelta(days=2)


def test_a_pledge_due_on_the_day_the_reader_sees_it_says_it_is_due_today(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    feed_server.route("/orlen.xml", body=rss([Item(
        title="Velmora promises to reopen the Orlen crossing", link="https://orlenwire.example/news/crossing",
        paragraphs=["Velmora pledged to reopen the Orlen crossing to trucks within two days, after talks with "
                    "Kestria ended in Aldmark.",
                    "Customs officers from both sides will share one inspection shed, the ministry said."],
        published=PUBLISHED)], title="Orlen Wire"))
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer, source="Orlen Wire",
                                     path="/orlen.xml")
    say = chat_with(telegram_peer, USER)
    run = deployment.start()
    try:
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles") == 1, 90, run,
                            "the story stored")
        [latest] = say("/latest 1")
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]

    due = (PUBLISHED + timedelta(days=2)).date()
    [pledge] = [line for line in latest.plain_text.splitlines() if line.startswith("🤝")]
    assert pledge.endswith(f"(within two days · due today, {due.day} {due:%b %Y})"), latest.plain_text
