"""The pledge tracker end to end, as an operator runs it: `communique run` (its own process, its real clock) reads a
feed from a local HTTP server and talks to the Telegram peer. A user follows the actor, sees the pledge open, the
feed then carries a later story reporting it kept, and the pledge is kept in /pledges and in the next digest.

The stories are invented for this test; their dates are set from today, so the pledge is open (its deadline
weeks away) whenever the test runs.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.running import chat_with, due_now, one_feed_deployment
from tests.telegram.test_telegram_e2e import assert_valid_html

USER = 611
NOW = datetime.now(UTC).replace(microsecond=0)
DUE = (NOW + timedelta(days=40)).date()


def pledge_story() -> Item:
    return Item(
        title="Velmora promises to reopen the Tessel bridge to freight",
        link="https://borderwire.example/news/tessel-pledge",
        paragraphs=[
            f"Velmora pledged on Monday to reopen the Tessel bridge to freight traffic by {DUE:%B} {DUE.day}, "
            "ending a closure that has kept grain lorries from Kestria waiting on the far bank since the spring.",
            "Engineers will first replace two of the bridge's worn bearings, the transport ministry said.",
        ],
        published=NOW - timedelta(days=3),
    )


def kept_story() -> Item:
    return Item(
        title="Freight rolls over the Tessel bridge again",
        link="https://borderwire.example/news/tessel-open",
        paragraphs=[
            "Velmora reopened the Tessel bridge to freight traffic on Thursday, weeks ahead of its own deadline, "
            "and a queue of grain lorries from Kestria crossed before dark.",
            "Drivers who had waited since the spring sounded their horns as the barrier lifted.",
        ],
        published=NOW - timedelta(hours=2),
    )


def test_a_later_story_in_a_running_bot_moves_a_pledge_from_open_to_kept_and_the_next_digest_says_so(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    feed_server.route("/border.xml", body=rss([pledge_story()], title="Border Wire"))
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer,
                                     source="Border Wire", path="/border.xml")
    say = chat_with(telegram_peer, USER)

    run = deployment.start()
    try:
        deployment.wait_for(  # article_actors exists once the schema is migrated: the tracker has been reading
            lambda: deployment.scalar("SELECT COUNT(DISTINCT p.id) FROM article_actors a JOIN pledges p "
                                      "USING (article_id) WHERE p.actor_key = 'velmora'") == 1,
            90, run, "the pledge story fetched, stored and read by the tracker")
        say("/subscribe")
        [followed] = say("/follow Velmora")
        assert "now follows Velmora" in followed.plain_text
        [before] = say("/pledges Velmora")
        line = next(ln for ln in before.plain_text.splitlines() if "Tessel bridge" in ln)
        assert line.startswith("Velmora: reopen the Tessel bridge to freight traffic")
        assert f"{DUE.day} {DUE:%b %Y}" in line and "— open —" in line, line
        [sending, *first] = say("/digest", count=2)
        assert "Velmora promises to reopen the Tessel bridge" in first[0].plain_text

        feed_server.route("/border.xml", body=rss([pledge_story(), kept_story()], title="Border Wire"))
        due_now(deployment)
        deployment.wait_for(lambda: deployment.scalar("SELECT outcome FROM pledge_followups") == "kept",
                            90, run, "the later story linked to the pledge")

        [after] = say("/pledges Velmora")
        line = next(ln for ln in after.plain_text.splitlines() if "Tessel bridge" in ln)
        assert "— kept (reported " in line and "by Border Wire" in line, line
        assert "https://borderwire.example/news/tessel-open" in line, "the story that reported it"
        assert "Tessel bridge" not in say("/pledges Velmora open")[0].plain_text

        [sending, *digest] = say("/digest", count=2)
        assert "1 new story and 1 pledge update" in sending.plain_text
        text = "\n".join(m.plain_text for m in digest)
        assert "Freight rolls over the Tessel bridge again" in text and "follows: Velmora" in text
        assert "✅ Kept: Velmora: reopen the Tessel bridge" in text
        assert "weeks ahead of its own deadline" in text, "the sentence that says so"
        assert_valid_html([followed, before, after, sending, *first, *digest])
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]
