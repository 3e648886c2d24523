"""A story whose feed gives its headline alone and whose page cannot be read, as `communique run` serves a chat.

Its block in a digest was the linked headline and the outlet's line, then the next story: no summary, nothing said
why, so a reader took it for a story the bot had lost the words of. It now says that only its headline could be
read, and that the link leads to the story.

The stories and the outlet are invented for this test and dated from today, so /latest shows them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.factories import Item, page, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import TelegramPeer
from tests.reliability.harness import Deployment
from tests.telegram.running import chat_with

USER = 734
NOTE = "(No summary: only its headline could be read. The link leads to the story.)"
NOW = datetime.now(UTC).replace(microsecond=0)
READ = "Kestria and Velmora open the Orlen crossing to trucks"
UNREAD = "Tarnic council sits in closed session on the river charter"
PARAGRAPHS = ["Kestria and Velmora opened the Orlen crossing to trucks on Monday after a week of customs talks.",
              "Drivers from both sides will share one inspection shed until the new terminal is built."]


def test_a_story_whose_page_could_not_be_read_says_why_it_has_no_summary(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    feed_server.route("/river.xml", body=rss([
        Item(title=READ, link=feed_server.url("/news/orlen"), teaser="", published=NOW - timedelta(hours=1)),
        Item(title=UNREAD, link=feed_server.url("/news/tarnic"), teaser="", published=NOW - timedelta(hours=2)),
    ], title="River Wire"))
    feed_server.route("/news/orlen", body=page(READ, PARAGRAPHS), content_type="text/html; charset=utf-8")
    feed_server.route("/news/tarnic", status=404, body=b"<html><body>Not found</body></html>",
                      content_type="text/html; charset=utf-8")
    telegram_peer.add_chat(USER, "private")
    deployment = Deployment(tmp_path / "bot", {
        "fetch": {"allow_private_addresses": True, "timeout": 5, "fetch_full_text": True},
        "telegram": {"api_base_url": telegram_peer.base_url, "poll_interval": 0.05},
        "sources": [{"name": "River Wire", "url": feed_server.url("/river.xml"), "interval": 3600}],
    }, env={"TELEGRAM_BOT_TOKEN": telegram_peer.token})
    say = chat_with(telegram_peer, USER)
    run = deployment.start()
    try:
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles") == 2, 90, run,
                            "both stories stored")
        [latest] = say("/latest 2")
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]

    read, unread = latest.plain_text.split("\n\n")[1:3]
    assert read.startswith(READ) and PARAGRAPHS[0] in read, latest.plain_text
    assert unread.startswith(UNREAD), latest.plain_text
    assert unread.splitlines()[-1] == NOTE, latest.plain_text
