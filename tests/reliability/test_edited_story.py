"""A story edited at its source after the chats got it: the running bot updates what it stored, never sends the
story whole again, and tells each chat that got it once, in an "Updated" line, when the edit matters (here a new
pledge in the body)."""

from __future__ import annotations

from collections.abc import Callable

from tests.factories import rss
from tests.feedserver import FeedServer
from tests.reliability.conftest import Figures
from tests.reliability.harness import Deployment
from tests.reliability.stories import paragraphs, story_items
from tests.reliability.test_crash_console import CHATS, PER_SOURCE, STORIES, check_received, console_config, host


def test_an_edited_story_is_updated_and_each_chat_is_told_once(
    deploy: Callable[..., Deployment], feed_server: FeedServer, figures: Figures
) -> None:
    deployment = deploy(console_config(feed_server))
    run = deployment.start()
    deployment.wait_for(lambda: deployment.drained(STORIES, CHATS), 60, run, "the first digests")
    sent = deployment.ledger()["sent"]

    items = story_items(range(0, PER_SOURCE), host(0))
    edited = items[2]
    edited.paragraphs = paragraphs(99) + ["Update: the signing was moved to the following morning."]
    feed_server.route("/s0.xml", body=rss(items, title="Press office at edit"))
    # The source is due again now (its interval is an hour; the test does not wait for it).
    deployment.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z' WHERE name = 'Press office 0'")
    deployment.wait_for(
        lambda: deployment.scalar("SELECT COUNT(*) FROM articles WHERE updated IS NOT NULL") == 1, 30, run,
        "the edit stored")
    text = deployment.scalar("SELECT text FROM articles WHERE url = ?", [edited.link])
    assert "moved to the following morning" in text
    deployment.wait_for(lambda: deployment.ledger()["sent"] == sent + CHATS, 30, run, "each chat told of the edit")
    code, _ = run.terminate()
    assert code == 0
    ledger = deployment.ledger()
    assert ledger["sent"] == sent + CHATS and ledger["due"] == ledger["sending"] == 0, ledger
    told = [line for line in run.stdout.splitlines() if "Updated: " in line]
    assert len(told) == CHATS and all(edited.title in line for line in told), told
    assert deployment.scalar("SELECT COUNT(*) FROM articles") == STORIES
    assert check_received(deployment, [run]) == (0, 0), "the story itself is never sent again"
    figures.fault("source: story edited after delivery (running bot)")
