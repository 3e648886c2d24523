"""Following a person whose name is written in a script whose letters carry marks, as `communique run` serves a
Telegram chat: Devanagari writes its vowels as signs on the consonants (राम is Ram, रूमी is Rumi). The tracker
compared names with the signs dropped, so both were "र म": a chat following राम got Rumi's story marked
"follows: राम".

The stories are invented for this test and dated from today, so the first digest's backlog holds them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.running import chat_with, one_feed_deployment

USER = 627
NOW = datetime.now(UTC).replace(microsecond=0)


def stories() -> list[Item]:
    return [
        Item(
            title="राम arrives in Lirenne for the river talks",
            link="https://gangawire.example/news/ram",
            paragraphs=["The envoy राम arrived in Lirenne on Monday for a third round of talks on the Varn river "
                        "dams, officials said.",
                        "Delegations from Norland and Estavia are expected to join him on Tuesday."],
            published=NOW - timedelta(hours=3),
        ),
        Item(
            title="रूमी opens a poetry festival in Orsania",
            link="https://gangawire.example/news/rumi",
            paragraphs=["The poet रूमी opened the spring poetry festival in the Orsanian capital on Sunday with a "
                        "reading to a full hall.",
                        "The festival runs for ten days and ends with a prize for young writers."],
            published=NOW - timedelta(hours=2),
        ),
    ]


def test_following_a_name_in_devanagari_brings_that_person_and_not_one_whose_name_has_other_vowels(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    feed_server.route("/ganga.xml", body=rss(stories(), title="Ganga Wire"))
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer, source="Ganga Wire",
                                     path="/ganga.xml")
    say = chat_with(telegram_peer, USER)
    run = deployment.start()
    try:
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles") == 2, 90, run,
                            "both stories stored")
        say("/subscribe")
        [followed] = say("/follow राम")
        assert "now follows राम" in followed.plain_text, followed.plain_text
        [_, digest] = say("/digest", 2)
        assert "राम arrives in Lirenne" in digest.plain_text, digest.plain_text
        assert "follows: राम" in digest.plain_text, digest.plain_text
        assert "poetry festival" not in digest.plain_text, "Rumi's story is not Ram's"
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]
