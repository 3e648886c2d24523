"""A story whose page cannot be read (a 404, a consent wall), as `communique run` serves a chat on the Telegram peer,
beside one whose page was read, which says nothing of it.

Its feed gives its headline alone: its block in a digest was the linked headline and the outlet's line, then the
next story: no summary, nothing said why, so a reader took it for a story the bot had lost the words of. It now says
that only its headline could be read, and that the link leads to the story.

Its feed gives a one-line preview: its summary is that preview, shown as the story's summary with nothing to say
so, and a reader took one line for all the story said. It now says, under the summary, that the page could not be
read and this is the feed's preview.

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

HEADLINE_NOTE = "(No summary: only its headline could be read. The link leads to the story.)"
TEASER_NOTE = "(Its page could not be read: this is its feed's short preview. The link leads to the story.)"
NOW = datetime.now(UTC).replace(microsecond=0)
READ = "Kestria and Velmora open the Orlen crossing to trucks"
UNREAD = "Tarnic council sits in closed session on the river charter"
TEASER = "The Tarnic council met behind closed doors on the river charter."
PARAGRAPHS = ["Kestria and Velmora opened the Orlen crossing to trucks on Monday after a week of customs talks.",
              "Drivers from both sides will share one inspection shed until the new terminal is built."]


def _latest_two(feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path, user: int,
                teasers: tuple[str, str]) -> tuple[str, str, str]:
    """The blocks of the story whose page was read and of the one whose page answers 404, as `/latest 2` shows
    them, each story's feed giving its teaser of `teasers`; and the whole reply, for the failures' messages."""
    feed_server.route("/river.xml", body=rss([
        Item(title=READ, link=feed_server.url("/news/orlen"), teaser=teasers[0], published=NOW - timedelta(hours=1)),
        Item(title=UNREAD, link=feed_server.url("/news/tarnic"), teaser=teasers[1],
             published=NOW - timedelta(hours=2)),
    ], title="River Wire"))
    feed_server.route("/news/orlen", body=page(READ, PARAGRAPHS), content_type="text/html; charset=utf-8")
    feed_server.route("/news/tarnic", status=404, body=b"<html><body>Not found</body></html>",
                      content_type="text/html; charset=utf-8")
    telegram_peer.add_chat(user, "private")
    deployment = Deployment(tmp_path / "bot", {
        "fetch": {"allow_private_addresses": True, "timeout": 5, "fetch_full_text": True},
        "telegram": {"api_base_url": telegram_peer.base_url, "poll_interval": 0.05},
        "sources": [{"name": "River Wire", "url": feed_server.url("/river.xml"), "interval": 3600}],
    }, env={"TELEGRAM_BOT_TOKEN": telegram_peer.token})
    say = chat_with(telegram_peer, user)
    run = deployment.start()
    try:
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles") == 2, 90, run,
                            "both stories stored")
        [latest] = say("/latest 2")
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]
    read, unread = latest.plain_text.split("\n\n")[1:3]
    return read, unread, latest.plain_text


def test_a_story_whose_page_could_not_be_read_says_why_it_has_no_summary(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    read, unread, said = _latest_two(feed_server, telegram_peer, tmp_path, 734, ("", ""))
    assert read.startswith(READ) and PARAGRAPHS[0] in read, said
    assert unread.startswith(UNREAD), said
    assert unread.splitlines()[-1] == HEADLINE_NOTE, said


def test_a_summary_of_the_feeds_preview_says_so(feed_server: FeedServer, telegram_peer: TelegramPeer,
                                                 tmp_path: Path) -> None:
    read, unread, said = _latest_two(feed_server, telegram_peer, tmp_path, 735, ("Trucks cross at Orlen.", TEASER))
    assert read.startswith(READ) and PARAGRAPHS[0] in read and TEASER_NOTE not in read, said
    lines = unread.splitlines()
    assert lines[0] == UNREAD and TEASER in lines[2], said
    assert lines[3] == TEASER_NOTE, said
