"""A story whose feed gives a one-line preview and whose page cannot be read (a 404, a consent wall), as
`communique run` serves a chat on the Telegram peer. Its summary is that preview; it was shown as the story's
summary with nothing to say so, and a reader took one line for all the story said. It now says, under the summary,
that the page could not be read and this is the feed's preview. A story whose page was read says nothing of it.

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

USER = 735
NOTE = "(Its page could not be read: this is its feed's short preview. The link leads to the story.)"
NOW = datetime.now(UTC).replace(microsecond=0)
READ = "Kestria and Velmora open the Orlen crossing to trucks"
UNREAD = "Tarnic council sits in closed session on the river charter"
TEASER = "The Tarnic council met behind closed doors on the river charter."
PARAGRAPHS = ["Kestria and Velmora opened the Orlen crossing to trucks on Monday after a week of customs talks.",
              "Drivers from both sides will share one inspection shed until the new terminal is built."]


def test_a_summary_of_the_feeds_preview_says_so(feed_server: FeedServer, telegram_peer: TelegramPeer,
                                                 tmp_path: Path) -> None:
    feed_server.route("/river.xml", body=rss([
        Item(title=READ, link=feed_server.url("/news/orlen"), teaser="Trucks cross at Orlen.",
             published=NOW - timedelta(hours=1)),
        Item(title=UNREAD, link=feed_server.url("/news/tarnic"), teaser=TEASER, published=NOW - timedelta(hours=2)),
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
    assert read.startswith(READ) and PARAGRAPHS[0] in read and NOTE not in read, latest.plain_text
    lines = unread.splitlines()
    assert lines[0] == UNREAD and TEASER in lines[2], latest.plain_text
    assert lines[3] == NOTE, latest.plain_text
