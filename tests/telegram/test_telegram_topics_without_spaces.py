"""Topics and follows in a script that writes no spaces between words, as `communique run` serves a Telegram chat:
Chinese and Japanese copy runs a sentence together, so a keyword sits inside a longer run of characters. The
full-text index cut words at spaces and punctuation only, so "制裁" (sanctions) was never found inside
"对奥尔萨尼亚实施新制裁", and a chat following a Japanese minister by name got nothing.

The stories are invented for this test and dated from today, so the first digest's backlog holds them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.running import chat_with, one_feed_deployment

USER = 731
NOW = datetime.now(UTC).replace(microsecond=0)


def stories() -> list[Item]:
    return [
        Item(
            title="维尔莫拉宣布对奥尔萨尼亚实施新一轮制裁",
            link="https://eastwire.example/news/velmora-measures",
            paragraphs=["维尔莫拉外交部周一宣布，将对奥尔萨尼亚的三家港口公司实施新一轮制裁，理由是边境谈判陷入僵局。",
                        "奥尔萨尼亚方面表示将于下周作出回应。"],
            published=NOW - timedelta(hours=4),
        ),
        Item(
            title="北野健一外相がリレンヌで河川協議に出席",
            link="https://eastwire.example/news/kitano-talks",
            paragraphs=["北野健一外務大臣は月曜日、リレンヌで開かれたヴァルン川のダムをめぐる協議に出席した。",
                        "北野外務大臣は「水は国境を知らない」と述べ、来月までに共同調査を始めると約束した。"],
            published=NOW - timedelta(hours=3),
        ),
        Item(
            title="Kestria opens a new ferry line to Tarnic",
            link="https://eastwire.example/news/ferry",
            paragraphs=["Kestria opened a ferry line to Tarnic on Tuesday, the first in a decade.",
                        "The harbour office said crossings would run twice a day."],
            published=NOW - timedelta(hours=2),
        ),
    ]


def test_a_keyword_inside_a_chinese_sentence_and_a_japanese_name_are_found(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    feed_server.route("/east.xml", body=rss(stories(), title="East Wire"))
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer, source="East Wire",
                                     path="/east.xml")
    say = chat_with(telegram_peer, USER)
    run = deployment.start()
    try:
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles") == 3, 90, run,
                            "the three stories stored")
        [latest] = say("/latest 制裁")
        assert "维尔莫拉宣布对奥尔萨尼亚实施新一轮制裁" in latest.plain_text, latest.plain_text
        assert "ferry" not in latest.plain_text and "北野" not in latest.plain_text, latest.plain_text
        [latest] = say("/latest 北野")
        assert "北野健一外相がリレンヌで河川協議に出席" in latest.plain_text, latest.plain_text
        assert "制裁" not in latest.plain_text, latest.plain_text
        # A word of a spaced script is still a word, not any run of its letters: "ferry" is not in "ferryman".
        [latest] = say("/latest ferry")
        assert "Kestria opens a new ferry line" in latest.plain_text, latest.plain_text
        say("/subscribe 制裁")
        [followed] = say("/follow 北野健一")
        assert "北野健一" in followed.plain_text, followed.plain_text
        [_, digest] = say("/digest", 2)
        assert "维尔莫拉宣布对奥尔萨尼亚实施新一轮制裁" in digest.plain_text, digest.plain_text
        assert "北野健一外相がリレンヌで河川協議に出席" in digest.plain_text, digest.plain_text
        assert "ferry" not in digest.plain_text, digest.plain_text
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]
