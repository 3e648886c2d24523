"""A pledge the bot told a chat was kept, then a later story reports it undone or takes the report back, as
`communique run` serves a Telegram chat. The chat was told "✅ Kept"; what a reader needs next is to hear that it
no longer is, not to keep believing the bridge is open.

The stories are invented for this test; their dates are set from today, so the pledge's deadline is weeks away
whenever the test runs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.running import chat_with, due_now, one_feed_deployment
from tests.telegram.test_telegram_following_e2e import kept_story, pledge_story

USER = 733
NOW = datetime.now(UTC).replace(microsecond=0)


def shut_again_story() -> Item:
    return Item(
        title="Tessel bridge shut again days after it reopened",
        link="https://borderwire.example/news/tessel-shut",
        paragraphs=[
            "Velmora closed the Tessel bridge to freight traffic again on Saturday, two days after reopening it, "
            "when inspectors found cracks in one of the new bearings.",
            "Grain lorries from Kestria were turned back at the barrier, and the transport ministry gave no date "
            "for the bridge to reopen.",
        ],
        published=NOW - timedelta(hours=1),
    )


def taken_back_story() -> Item:
    return Item(
        title="Tessel bridge report taken back: only a test convoy crossed",
        link="https://borderwire.example/news/tessel-correction",
        paragraphs=[
            "Velmora withdrew its claim that it had reopened the Tessel bridge to freight traffic, saying on "
            "Saturday that only a test convoy of three lorries had crossed.",
            "The transport ministry apologised for the error and gave no date for regular traffic.",
        ],
        published=NOW - timedelta(hours=1),
    )


@pytest.mark.parametrize(("later", "evidence"), [
    (shut_again_story, "when inspectors found cracks"),
    (taken_back_story, "only a test convoy of three lorries"),
], ids=["undone", "report-taken-back"])
def test_a_pledge_told_as_kept_and_then_reported_undone_is_told_to_the_following_chat(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path, later: Callable[[], Item], evidence: str
) -> None:
    feed_server.route("/border.xml", body=rss([pledge_story(), kept_story()], title="Border Wire"))
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer,
                                     source="Border Wire", path="/border.xml")
    say = chat_with(telegram_peer, USER)
    run = deployment.start()
    try:
        deployment.wait_for(lambda: deployment.scalar("SELECT outcome FROM pledge_followups") == "kept",
                            90, run, "both stories read and the report linked to the pledge")
        say("/subscribe")
        say("/follow Velmora")
        [_, *first] = say("/digest", count=2)
        assert "✅ Kept: Velmora: reopen the Tessel bridge" in "\n".join(m.plain_text for m in first)

        feed_server.route("/border.xml", body=rss([pledge_story(), kept_story(), later()], title="Border Wire"))
        due_now(deployment)
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
                                                      "(SELECT 1 FROM article_actors r WHERE r.article_id = a.id)")
                            == 0 and deployment.scalar("SELECT COUNT(*) FROM articles") == 3, 90, run,
                            "the later story stored and read by the tracker")
        [after] = say("/pledges Velmora")
        [sending, *digest] = say("/digest", count=2)
        text = "\n".join(m.plain_text for m in digest)
        line = next(ln for ln in after.plain_text.splitlines() if "Tessel bridge" in ln)
        assert "— kept" not in line and "— broken (reported " in line, line
        assert later().link in line, "the story that reported it undone"
        assert later().title in text
        assert "❌ Broken: Velmora: reopen the Tessel bridge" in text, "the chat told 'kept' hears it no longer is"
        assert evidence in text, "the sentence that says so"
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]
