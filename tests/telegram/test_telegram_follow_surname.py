"""A followed person whom a later story names by surname alone, as `communique run` serves a Telegram chat.

A reader follows "Ada Brun" after a story that names her in full; the next day's story writes only "Foreign
Minister Brun" and "Ms Brun said". That story is about her, and a chat whose digests hold only the stories about
whom it follows must get it, marked as followed: it was left out, with nothing said, while `/follow Brun` would
have brought it.

The stories are invented for this test and dated from today, so the first digest's backlog holds them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.running import chat_with, due_now, one_feed_deployment

USER = 623
NOW = datetime.now(UTC).replace(microsecond=0)


def full_name_story() -> Item:
    return Item(
        title="Norland offers Estavia money for three river bridges",
        link="https://northwire.example/news/bridges",
        paragraphs=[
            "Norland's foreign minister Ada Brun announced on Saturday that her government would help rebuild three "
            "river bridges in eastern Estavia before the spring thaw.",
            "“We will not leave the valley cut off for another winter,” Ada Brun told reporters in the capital.",
        ],
        published=NOW - timedelta(hours=6),
    )


def surname_story() -> Item:
    return Item(
        title="Brun meets Orsanian envoy on fishing quotas",
        link="https://northwire.example/news/quotas",
        paragraphs=[
            "Foreign Minister Brun met the Orsanian envoy, Tomas Vell, on Sunday to discuss fishing quotas in the "
            "northern sea.",
            "“We want a fair share for our fleets and a healthy sea for our grandchildren,” Ms Brun said after the "
            "meeting.",
        ],
        published=NOW - timedelta(hours=1),
    )


def unrelated_story() -> Item:
    return Item(
        title="Estavian parliament debates the embassy budget",
        link="https://northwire.example/news/budget",
        paragraphs=["The Estavian parliament began its debate on the foreign service budget on Sunday, with a vote "
                    "expected later in the month."],
        published=NOW - timedelta(hours=2),
    )


def test_a_story_naming_a_followed_person_by_surname_alone_reaches_the_chat(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    feed_server.route("/north.xml", body=rss([full_name_story()], title="North Wire"))
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer,
                                     source="North Wire", path="/north.xml")
    say = chat_with(telegram_peer, USER)

    run = deployment.start()
    try:
        deployment.wait_for(
            lambda: deployment.scalar("SELECT COUNT(*) FROM article_actors WHERE actor_key = 'ada brun'") == 1,
            90, run, "the first story fetched, stored and read by the tracker")
        say("/subscribe")
        [followed] = say("/follow Ada Brun")
        assert "now follows Ada Brun" in followed.plain_text

        feed_server.route("/north.xml", body=rss([full_name_story(), unrelated_story(), surname_story()],
                                                 title="North Wire"))
        due_now(deployment)
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles WHERE tracked") == 3,
                            90, run, "the later stories read by the tracker")

        [sending, *digest] = say("/digest", count=2)
        text = "\n".join(m.plain_text for m in digest)
        assert "Brun meets Orsanian envoy on fishing quotas" in text, text
        assert "Norland offers Estavia money" in text
        assert "Estavian parliament debates" not in text, "a story about no one followed"
        quotas = text[text.index("Brun meets Orsanian envoy"):]
        assert "follows: Ada Brun" in quotas.split("\n\n")[0], quotas
        assert "2 new stories" in sending.plain_text, sending.plain_text
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]


def namesake_story() -> Item:
    """A story about another Brun: named in full once, then by surname alone, as news copy does."""
    return Item(
        title="Tomas Brun elected mayor of Halvik",
        link="https://northwire.example/news/mayor",
        paragraphs=["Tomas Brun, a former teacher, was elected mayor of Halvik on Sunday.",
                    "Brun said he would spend his first year on the harbour and the night ferry."],
        published=NOW - timedelta(hours=1),
    )


def test_a_name_typed_in_quotes_is_followed_and_a_namesake_s_story_stays_out(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    """`/follow "Ada Brun"`, typed as people type a name of two words, follows her (it was refused for its quote
    marks); a story about Tomas Brun that then calls him "Brun" is not hers (it reached her followers)."""
    feed_server.route("/north.xml", body=rss([full_name_story(), namesake_story(), surname_story()],
                                             title="North Wire"))
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer, source="North Wire", path="/north.xml")
    say = chat_with(telegram_peer, USER)

    run = deployment.start()
    try:
        deployment.wait_for(
            lambda: (deployment.scalar("SELECT COUNT(*) FROM article_actors WHERE actor_key = 'ada brun'") or 0) >= 1,
            90, run, "the stories fetched, stored and read by the tracker")
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles WHERE tracked") == 3,
                            90, run, "every story read by the tracker")
        [followed] = say('/follow "Ada Brun"')
        assert "now follows Ada Brun" in followed.plain_text, followed.plain_text
        say("/subscribe")
        [_, *digest] = say("/digest", count=2)
        text = "\n".join(m.plain_text for m in digest)
        assert "Norland offers Estavia money" in text and "Brun meets Orsanian envoy" in text, text
        assert "Tomas Brun elected mayor" not in text, "another person of her surname"
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]


def surname_only_story() -> Item:
    """A story that gives a Brun no first name at all: "Brun" is then stored as an actor of its own."""
    return Item(
        title="Talks on the ferry timetable resume",
        link="https://northwire.example/news/ferry",
        paragraphs=["Talks on the winter ferry timetable resumed in Halvik on Monday.",
                    "“Nobody should wait a day for a crossing of an hour,” Brun said after the first session."],
        published=NOW - timedelta(minutes=30),
    )


def test_a_surname_two_people_share_says_who_they_are_and_how_to_follow_one(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    """`/follow Brun` where stories name Ada Brun and Tomas Brun was told "No story so far names “Brun”", which
    stories plainly did. Once a story also gave a "Brun" with no first name, the same command followed the surname
    (the stories of both) saying only "now follows Brun": a reader who meant the minister got the mayor's news too,
    never told there were two, nor how to follow one alone."""
    feed_server.route("/north.xml", body=rss([full_name_story(), namesake_story()], title="North Wire"))
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer, source="North Wire",
                                     path="/north.xml")
    say = chat_with(telegram_peer, USER)

    run = deployment.start()
    try:
        deployment.wait_for(  # the tracker's table, made at start, before `tracked` can be read
            lambda: (deployment.scalar("SELECT COUNT(*) FROM article_actors WHERE actor_key = 'tomas brun'") or 0) >= 1,
            90, run, "the stories fetched, stored and read by the tracker")
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles WHERE tracked") == 2,
                            90, run, "both stories read by the tracker")
        [asked] = say("/follow Brun")
        text = asked.plain_text
        assert "No story so far names" not in text, text
        assert "Stories name 2 people Brun: Ada Brun and Tomas Brun" in text, text
        assert "/follow Ada Brun or /follow Tomas Brun" in text, text

        feed_server.route("/north.xml", body=rss([full_name_story(), namesake_story(), surname_only_story()],
                                                 title="North Wire"))
        due_now(deployment)
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles WHERE tracked") == 3,
                            90, run, "the third story read by the tracker")
        [followed] = say("/follow Brun")
        text = followed.plain_text
        assert "now follows Brun" in text, text
        assert "Stories name 2 people Brun: Ada Brun and Tomas Brun" in text, text
        assert "/follow Ada Brun and /unfollow Brun" in text, text
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]
