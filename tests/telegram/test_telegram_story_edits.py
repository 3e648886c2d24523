"""A story its outlet edits after a Telegram chat got it, as `communique run` serves the chat.

The chat got "Norland parliament debates budget"; the outlet then changed the headline to "Norland parliament votes
to close four embassies". `/digest` said "Nothing new", and the chat never learned of it. Now its next digest
carries the story as "Updated", with the headline it was sent, once: the bot is stopped after the edit is read,
killed (SIGKILL) with that digest marked "sending", and started again; the chat gets the update once, and a
further /digest has nothing new.

The story is invented for this test and dated from today, so the first digest's backlog holds it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.running import chat_with, due_now, one_feed_deployment

USER = 624
NOW = datetime.now(UTC).replace(microsecond=0)
OLD = "Norland parliament debates budget"
NEW = "Norland parliament votes to close four embassies"


def budget_story(title: str) -> Item:
    return Item(
        title=title,
        link="https://northwire.example/news/budget",
        paragraphs=[
            "The Norland parliament took up the foreign service budget on Tuesday, with a vote expected before the "
            "end of the month.",
            "Members asked why the ministry spends more on missions abroad than on consular staff at home.",
        ],
        published=NOW - timedelta(hours=3),
    )


def test_a_chat_is_told_once_of_a_story_edited_after_it_got_it(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    feed_server.route("/north.xml", body=rss([budget_story(OLD)], title="North Wire"))
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer,
                                     source="North Wire", path="/north.xml")
    say = chat_with(telegram_peer, USER)

    def updates() -> list[str]:
        return [m.plain_text for m in telegram_peer.bot_messages(USER) if "Updated:" in m.plain_text]

    run = deployment.start()
    try:
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles") == 1, 90, run,
                            "the story fetched and stored")
        say("/subscribe")
        [sending, digest] = say("/digest", count=2)
        assert OLD in digest.plain_text and "1 new story" in sending.plain_text, digest.plain_text

        feed_server.route("/north.xml", body=rss([budget_story(NEW)], title="North Wire"))
        due_now(deployment)
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM edit_notices") == 1, 90, run,
                            "the edit read and owed to the chat")
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]

    # Killed with the update's message marked "sending", before Telegram is called.
    killed = deployment.start(failpoints="sender.before_send=1")
    try:
        [answer] = say("/digest")
        assert "Sending this chat's digest: 1 updated story." in answer.plain_text, answer.plain_text
        assert killed.wait(timeout=60) == -9, killed.stderr[-3000:]
    finally:
        killed.kill()
    assert updates() == []

    again = deployment.start()
    try:
        telegram_peer.wait_for_bot_messages(USER, count=len(telegram_peer.bot_messages(USER)) + 1, timeout=60)
        [update] = updates()
        assert NEW in update and f"Was: “{OLD}”" in update, update
        [nothing] = say("/digest")
        assert "Nothing new since the last digest" in nothing.plain_text, nothing.plain_text
        assert len(updates()) == 1, "told once, across a restart and a crash"
        [message] = [m for m in telegram_peer.bot_messages(USER) if "Updated:" in m.plain_text]
        assert message.links() == ["https://northwire.example/news/budget"], "linked as any story is"
    finally:
        code, _ = again.terminate()
    assert code == 0, again.stderr[-3000:]


def test_a_chat_back_after_an_edit_is_told_the_update_waits_and_gets_it_once(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    """A chat that got the story, left, and came back after the outlet edited it was told "Nothing is waiting",
    and /digest then sent "1 updated story": /subscribe says the update waits."""
    feed_server.route("/north.xml", body=rss([budget_story(OLD)], title="North Wire"))
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer, source="North Wire", path="/north.xml")
    say = chat_with(telegram_peer, USER)

    run = deployment.start()
    try:
        deployment.wait_for(lambda: (deployment.scalar("SELECT COUNT(*) FROM articles") or 0) == 1,
                            90, run, "the story fetched")
        say("/subscribe")
        [_, first] = say("/digest", count=2)
        assert OLD in first.plain_text
        say("/unsubscribe")

        feed_server.route("/north.xml", body=rss([budget_story(NEW)], title="North Wire"))
        due_now(deployment)
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM edit_notices") == 1,
                            90, run, "the edit read and owed to the chat")

        [back] = say("/subscribe")
        assert "1 updated story is waiting: /digest sends it now" in back.plain_text, back.plain_text
        assert "Nothing is waiting" not in back.plain_text
        [sending, update] = say("/digest", count=2)
        assert "1 updated story" in sending.plain_text, sending.plain_text
        assert f"Updated: {NEW}" in update.plain_text and f"Was: “{OLD}”" in update.plain_text, update.plain_text
        [again] = say("/digest")
        assert "Nothing new" in again.plain_text, "told once"
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]
