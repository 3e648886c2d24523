"""A person a story names with an abbreviated title ("FM Vey said"), as `communique run` serves a Telegram chat.

Headlines and wire copy shorten "Foreign Minister" to "FM". A reader of a story naming President Harlan Vey, and
of a later one quoting "FM Vey", typed `/follow Mr Vey`: the answer was "No story so far names Mr Vey. Did you
mean: Harlan Vey, FM Vey?", as though "FM Vey" were another person; `/follow FM Vey` followed that other person,
and a chat following Harlan Vey was not told the story quoting him. "FM" is a title like "Minister": the person
is Harlan Vey (docs/following.md, "A title typed before a name goes, as it goes from the names stories give").

The stories are invented for this test and dated from today.
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

STORIES = [
    Item(
        title="Norland pledges to reopen the Vesk crossing",
        link="https://northwire.example/news/vesk",
        paragraphs=["President Harlan Vey said on Monday that Norland would reopen the Vesk crossing before the "
                    "spring thaw, after talks with Estavia ended in Kaldor.",
                    "“We came to open a road,” Harlan Vey told reporters in Kaldor."],
        published=NOW - timedelta(hours=5),
    ),
    Item(
        title="Norland and Orsania hold a first security dialogue",
        link="https://northwire.example/news/dialogue",
        paragraphs=["Norland and Orsania held their first security dialogue on Wednesday in Kaldor.",
                    "“This is a beginning, not a ceremony,” FM Vey said after the session."],
        published=NOW - timedelta(hours=1),
    ),
]


def test_fm_before_a_surname_is_a_title_and_mr_vey_is_the_one_person(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    feed_server.route("/north.xml", body=rss(STORIES, title="North Wire"))
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer,
                                     source="North Wire", path="/north.xml")
    say = chat_with(telegram_peer, USER)

    run = deployment.start()
    try:
        deployment.wait_for(
            lambda: (deployment.scalar("SELECT COUNT(*) FROM article_actors WHERE actor_key = 'harlan vey'") or 0) >= 1,
            90, run, "the stories fetched, stored and read by the tracker")
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles WHERE tracked") == 2,
                            90, run, "both stories read by the tracker")
        assert deployment.scalar("SELECT COUNT(*) FROM article_actors WHERE actor_key = 'fm vey'") == 0, \
            "“FM Vey” is no actor of its own"
        [mister] = say("/follow Mr Vey")
        assert "now follows Harlan Vey" in mister.plain_text, mister.plain_text
        [abbreviated] = say("/follow FM Vey")
        assert "FM Vey" not in abbreviated.plain_text.replace("“FM Vey”", ""), abbreviated.plain_text
        assert "Harlan Vey" in abbreviated.plain_text, abbreviated.plain_text
        say("/subscribe")
        [_, *digest] = say("/digest", count=2)
        text = "\n".join(m.plain_text for m in digest)
        dialogue = text[text.index("Norland and Orsania hold a first security dialogue"):]
        assert "follows: Harlan Vey" in dialogue.split("\n\n")[0], dialogue
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]
