"""A wire story as `communique run` serves it to a chat: its summary and key quote, read as a subscriber reads them.

Wire copy opens with a dateline ("ALDMARK, Dec 6 (Orlen Wire) - "), which the summary's first sentence kept: the
reader's first words were a place in capitals and the outlet the line above already names. A summit story whose
first quote is a few words inside a sentence of the reporter's ("called the declaration “the most serious
thing...”") showed those words as its key quote, a fragment opening in lower case, while its speaker's own
sentences went unshown.

The stories are invented for this test, written as a wire service and a newspaper write them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.running import chat_with, one_feed_deployment

USER = 736

RAIL = [
    "ALDMARK, Dec 6 (Orlen Wire) - Velmora and Kestria agreed on Saturday to reopen the Dravin rail link, closed "
    "since the border dispute of 2024, and to run the first passenger trains across the frontier before the end "
    "of March.",
    "The agreement, reached after eleven hours of talks in the Aldmark town hall, commits both governments to "
    "repair the damaged Sorvel viaduct and reopen the joint customs post at Dravin station.",
    "\"This is not a favour one country does another. It is a line that feeds two economies,\" Velmoran Transport "
    "Minister Jonas Pell told reporters after the session.",
    "Kestria's foreign ministry said in a statement that it would reopen the customs post by February 1 and "
    "publish a timetable for passenger services within 30 days.",
    "The Dravin line carried about 1.2 million tonnes of freight a year before its closure, most of it grain and "
    "timber bound for Velmoran ports, according to the regional rail authority.",
    "Opposition lawmakers in Kestria said the government had given away too much by accepting Velmoran "
    "inspectors in a shared hall at the border.",
]

SUMMIT = [
    "TARNIC — Leaders of five coastal states ended a two-day summit in Tarnic on Sunday with a string of promises "
    "on fishing, patrols and pollution, but without the binding quota deal that fishing towns had pressed for.",
    "In a joint declaration, the five governments said they would set up a common patrol force for the disputed "
    "Marrow Shoals and ban bottom trawling in the shoals' spawning grounds from March 2027.",
    "The host, Tarnic's President Lena Corvo, called the declaration \"the most serious thing this sea has seen "
    "in a generation.\" She told a closing news conference that her government would host the patrol force's "
    "headquarters at the old naval base in Sella.",
    "\"We have argued about the fish for thirty years, and the fish have not waited for us,\" Corvo said.",
    "Halvik's fisheries minister, Ole Brandt, said his government would decide on its share of a compensation "
    "fund only after a vote in parliament in January.",
    "Environmental groups said the declaration fell short, as a ban from 2027 leaves two more spawning seasons "
    "of trawling.",
]


def serve(feed_server: FeedServer, paragraphs: list[str], title: str) -> None:
    published = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    feed_server.route("/wire.xml", body=rss([Item(title=title, link="https://orlenwire.example/news/dravin",
                                                  paragraphs=paragraphs, published=published)], title="Orlen Wire"))


def latest(feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path) -> str:
    """The chat's `/latest 1`, as it reads on Telegram, once the bot has read the feed."""
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer, source="Orlen Wire",
                                     path="/wire.xml")
    say = chat_with(telegram_peer, USER)
    run = deployment.start()
    try:
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles") == 1, 90, run,
                            "the story stored")
        [message] = say("/latest 1")
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]
    return message.plain_text


def test_a_wire_storys_summary_opens_with_its_news_not_its_dateline(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    serve(feed_server, RAIL, "Velmora and Kestria agree to reopen the Dravin rail link by spring")
    text = latest(feed_server, telegram_peer, tmp_path)
    [summary] = [line for line in text.splitlines() if "Sorvel viaduct" in line and not line.startswith("🤝")]
    assert summary.startswith("Velmora and Kestria agreed on Saturday to reopen the Dravin rail link"), text
    assert "ALDMARK" not in text and "(Orlen Wire)" not in text, text


def test_a_storys_key_quote_is_a_sentence_its_speaker_said_not_words_from_the_reporters(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    serve(feed_server, SUMMIT, "Coastal states pledge new patrols at Tarnic summit")
    text = latest(feed_server, telegram_peer, tmp_path)
    assert "“We have argued about the fish for thirty years, and the fish have not waited for us”\n— Lena Corvo" \
        in text, text
    assert "“the most serious thing" not in text, text


def test_a_pledge_line_opens_with_a_capital_when_its_actor_is_common_words(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    """"🤝 both governments: repair the damaged Sorvel viaduct" opened its line in lower case, read as a fragment cut
    from a sentence; a name keeps its own spelling."""
    serve(feed_server, RAIL, "Velmora and Kestria agree to reopen the Dravin rail link by spring")
    text = latest(feed_server, telegram_peer, tmp_path)
    assert "🤝 Both governments: repair the damaged Sorvel viaduct" in text, text
    assert "🤝 Velmora and Kestria: run the first passenger trains" in text, text
