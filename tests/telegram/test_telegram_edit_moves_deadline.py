"""A story whose outlet edits the deadline of its pledge after a Telegram chat got it, as `communique run` serves the
chat: the chat was told the bridge "was due" yesterday; the outlet then wrote a date ten days on. The chat's next
digest called it "New pledge: Estavia: reopen the Varn bridge to freight (by ...)", a second promise beside the
first, when the one promise it knew had been given a new date. It says the deadline moved, from what to what.

The story is invented for this test and dated from today, so the chat's backlog holds it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.digest import day_text
from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import BotMessage, TelegramPeer
from tests.reliability.harness import BotRun, Deployment
from tests.telegram.running import chat_with, due_now, one_feed_deployment

USER = 3401
NOW = datetime.now(UTC).replace(microsecond=0)
BEFORE = f"by {(NOW - timedelta(days=1)):%B} {(NOW - timedelta(days=1)).day}"
AFTER = f"by {(NOW + timedelta(days=10)):%B} {(NOW + timedelta(days=10)).day}"


def bridge_story(deadline: str) -> Item:
    return Item(
        title="Estavia promises to reopen the Varn bridge",
        link="https://varnwire.example/news/bridge",
        paragraphs=[f"Estavia pledged on Monday to reopen the Varn bridge to freight {deadline}, its transport "
                    "minister Ilse Marant said.",
                    "Traders on both banks have waited three weeks for the crossing."],
        published=NOW - timedelta(days=3),
    )


@contextmanager
def subscribed_to_the_bridge(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path, deadline: str
) -> Iterator[tuple[Deployment, BotRun, Callable[..., list[BotMessage]]]]:
    """`communique run` serving the bridge story with `deadline`, its pledge tracked, and a private chat subscribed
    a week back; the bot stopped after, cleanly."""
    feed_server.route("/varn.xml", body=rss([bridge_story(deadline)], title="Varn Wire"))
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer, source="Varn Wire",
                                     path="/varn.xml")
    say = chat_with(telegram_peer, USER)
    run = deployment.start()
    try:
        deployment.wait_for(lambda: (deployment.scalar("SELECT COUNT(*) FROM pledges") or 0) >= 1, 90, run,
                            "the story read and its pledge tracked")
        say("/subscribe since 7d")
        yield deployment, run, say
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]


def test_an_edited_deadline_is_told_as_moved_not_as_a_new_pledge(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    with subscribed_to_the_bridge(feed_server, telegram_peer, tmp_path, BEFORE) as (deployment, run, say):
        [_, digest] = say("/digest", count=2)
        assert "reopen the Varn bridge to freight" in digest.plain_text and "was due" in digest.plain_text, \
            digest.plain_text

        feed_server.route("/varn.xml", body=rss([bridge_story(AFTER)], title="Varn Wire"))
        due_now(deployment)
        deployment.wait_for(lambda: (deployment.scalar("SELECT COUNT(*) FROM edit_notices") or 0) >= 1, 90, run,
                            "the edit read")
        [sending, update] = say("/digest", count=2)
        assert "1 updated story" in sending.plain_text, sending.plain_text
        told = " ".join(update.plain_text.split())
        assert "New pledge" not in told, f"the one pledge the chat knew, told as a second: {told}"
        assert "Deadline moved: Estavia: reopen the Varn bridge to freight" in told, told
        # Each with the date it means: the line is read days after the edit, and these words carry no year.
        after, before = day_text((NOW + timedelta(days=10)).date()), day_text((NOW - timedelta(days=1)).date())
        assert f"now {AFTER} · {after}, was {BEFORE} · {before}" in told, told


def _month_ahead() -> tuple[str, str]:
    """The same deadline in two wordings: "by the end of <month>" and "by <month> <its last day>", for a month
    more than a month ahead (so neither wording can point to this month's end)."""
    later = (NOW + timedelta(days=45)).date()
    last = (later.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return f"by the end of {later:%B}", f"by {later:%B} {last.day}"


def test_a_deadline_reworded_to_the_same_day_is_not_told_as_moved(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    """The outlet rewrote "by the end of March" as "by March 31": the chat was told "Deadline moved (now by
    March 31 · 31 Mar 2027, was by the end of March · 31 Mar 2027)", a move to the day it had."""
    vague, exact = _month_ahead()
    with subscribed_to_the_bridge(feed_server, telegram_peer, tmp_path, vague) as (deployment, run, say):
        [_, digest] = say("/digest", count=2)
        assert f"reopen the Varn bridge to freight ({vague}" in " ".join(digest.plain_text.split()), \
            digest.plain_text

        feed_server.route("/varn.xml", body=rss([bridge_story(exact)], title="Varn Wire"))
        due_now(deployment)
        deployment.wait_for(lambda: deployment.scalar("SELECT when_text FROM pledges") == exact, 90, run,
                            "the edit read")
        [answer] = say("/digest")
        told = " ".join(answer.plain_text.split())
        assert "Deadline moved" not in told and "updated story" not in told, \
            f"a deadline reworded to the same day, told as moved: {told}"
        assert deployment.scalar("SELECT COUNT(*) FROM edit_notices") == 0
