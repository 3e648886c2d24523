"""/latest from a reader who arrives before any story has: right after the operator starts `communique run`,
while the first read of the feeds is under way, or once it has failed. `communique run` runs in its own process,
reading a feed from a local HTTP server and talking to the Telegram peer.

Every such /latest was answered "No stories yet: the sources have not been fetched.": nothing said that a read was
under way and to ask again shortly, and a source whose every read failed was still "not fetched", with no word of
/sources, where a reader learns since when it fails.

The story is invented for this test.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.running import chat_with, due_now, one_feed_deployment

USER = 615
NOW = datetime.now(UTC).replace(microsecond=0)


def talks_story() -> Item:
    return Item(
        title="Orsanian envoys return to the Lirenne table",
        link="https://lirennewire.example/news/return",
        paragraphs=["Orsanian envoys came back to the talks in Lirenne on Monday after a week away, the "
                    "mediators said."],
        published=NOW - timedelta(hours=2),
    )


def test_latest_during_the_first_read_says_it_is_under_way_and_when_to_ask_again(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    feed_server.route("/lirenne.xml", body=rss([talks_story()], title="Lirenne Wire"), delay=20)
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer, source="Lirenne Wire",
                                     path="/lirenne.xml")
    deployment.config["fetch"]["timeout"] = 60  # a slow first answer, not a failed one
    deployment.write_config()
    say = chat_with(telegram_peer, USER)
    run = deployment.start()
    try:
        [early] = say("/latest")
        assert deployment.scalar("SELECT COUNT(*) FROM articles") == 0, "asked before the first read ended"
        assert "not been fetched" not in early.plain_text, early.plain_text
        assert "being read for the first time" in early.plain_text, early.plain_text
        assert "Ask again in a minute" in early.plain_text, early.plain_text
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles") == 1, 90, run,
                            "the story read")
        [later] = say("/latest")
        assert "Orsanian envoys return to the Lirenne table" in later.plain_text, later.plain_text
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]


def test_latest_when_every_read_failed_says_the_sources_fail_and_where_to_see_since_when(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    feed_server.route("/lirenne.xml", status=503, body=b"down for maintenance", content_type="text/plain")
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer, source="Lirenne Wire",
                                     path="/lirenne.xml")
    say = chat_with(telegram_peer, USER)
    run = deployment.start()
    try:
        deployment.wait_for(lambda: (deployment.scalar("SELECT failures FROM sources") or 0) >= 1, 90, run,
                            "the first read failed")
        [failed] = say("/latest")
        assert "not been fetched" not in failed.plain_text, failed.plain_text
        assert "could not be read" in failed.plain_text and "/sources" in failed.plain_text, failed.plain_text

        feed_server.route("/lirenne.xml", body=rss([talks_story()], title="Lirenne Wire"))
        due_now(deployment)
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles") == 1, 90, run,
                            "the story read once the feed is back")
        [later] = say("/latest")
        assert "Orsanian envoys return to the Lirenne table" in later.plain_text, later.plain_text
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]
