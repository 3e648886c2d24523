"""A source whose name holds an emoji, as `communique run` serves a Telegram chat: /sources lists "Вестник 📰" and
"🕊️ Dove Post", and a reader asks for one by the words of its name, `/latest 2 Вестник` or `/latest Dove Post`,
typing no emoji (a desktop keyboard has none to type, and a phone's may lack the one the operator chose, or write it
without its variation selector, "🕊" for "🕊️"). The name was then searched as keywords ("No stories on вестник yet")
though the source had brought three stories; a source is now found by the words of its name, its emoji aside, when
exactly one source has those words.

The outlets, stories and names are invented for these tests; the stories are dated from today, so /latest shows them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import TelegramPeer
from tests.reliability.harness import Deployment
from tests.telegram.running import chat_with

USER = 734
NOW = datetime.now(UTC).replace(microsecond=0)


def dove_items() -> list[Item]:
    return [Item(title=f"Dove Post: envoys meet in Lirenne for round {n} of the water talks",
                 link=f"https://dovepost.example/news/{n}",
                 paragraphs=[f"Envoys of Velmora and Kestria met in Lirenne for round {n} of the river talks.",
                             "Both sides agreed to share the gauging station readings every week."],
                 published=NOW - timedelta(hours=1, minutes=n)) for n in range(3)]


def herald_items() -> list[Item]:
    return [Item(title=f"Министры договорились о графике переговоров, раунд {n}",
                 link=f"https://vestnik.example/news/{n}",
                 paragraphs=[f"Министры Велморы и Кестрии договорились о графике переговоров, раунд {n}.",
                             "Следующая встреча пройдёт в Лиренне через две недели."],
                 published=NOW - timedelta(hours=2, minutes=n)) for n in range(3)]


def test_a_source_named_with_an_emoji_is_found_by_the_words_of_its_name(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    feed_server.route("/dove.xml", body=rss(dove_items(), title="Dove Post"))
    feed_server.route("/vestnik.xml", body=rss(herald_items(), title="Vestnik"))
    telegram_peer.add_chat(USER, "private")
    deployment = Deployment(tmp_path / "bot", {
        "fetch": {"allow_private_addresses": True, "timeout": 5, "fetch_full_text": False},
        "telegram": {"api_base_url": telegram_peer.base_url, "poll_interval": 0.05},
        "sources": [
            {"name": "🕊️ Dove Post", "url": feed_server.url("/dove.xml"), "interval": 3600},
            {"name": "Вестник 📰", "url": feed_server.url("/vestnik.xml"), "interval": 3600},
        ],
    }, env={"TELEGRAM_BOT_TOKEN": telegram_peer.token})
    say = chat_with(telegram_peer, USER)
    run = deployment.start()
    try:
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles") == 6, 90, run,
                            "the stories stored")
        [listed] = say("/sources")
        answers = {typed: say(typed)[0].plain_text for typed in (
            "/latest 2 Вестник", "/latest 2 dove post", "/latest 2 🕊 Dove Post", "/latest 2 🕊️ Dove Post",
            "/latest 2 dove")}
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]
    assert "Вестник 📰" in listed.plain_text and "🕊️ Dove Post" in listed.plain_text, listed.plain_text

    vestnik = answers["/latest 2 Вестник"]
    assert "Latest 2 stories from Вестник 📰" in vestnik, vestnik
    assert vestnik.count("Министры договорились") == 2 and "Dove Post:" not in vestnik, vestnik
    for typed in ("/latest 2 dove post", "/latest 2 🕊 Dove Post", "/latest 2 🕊️ Dove Post"):
        said = answers[typed]
        assert "Latest 2 stories from 🕊️ Dove Post" in said, f"{typed}: {said}"
        assert said.count("envoys meet in Lirenne") == 2 and "Министры" not in said, f"{typed}: {said}"
    # One word of a name is no name: it is a keyword, matched in titles and text, as before.
    assert "Latest 2 stories on dove" in answers["/latest 2 dove"], answers["/latest 2 dove"]
