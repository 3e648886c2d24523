"""A story its outlet edits after chats got it: a material edit is told once, as "Updated", to the chats that got
the story; a typo fix, a re-timestamp or a body that changes alone sends nothing.

The feed is served by a real HTTP server on 127.0.0.1 and edited between passes; the database is a real SQLite
file; digests are rendered by the real Telegram and console renderers. The stories are invented.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlite_utils

from bot.analysis.model import Pledge, Quote
from bot.core.digest import Digest, StoryUpdate, digest_from_dict, digest_to_dict
from bot.core.edits import Edition, material_change, same_words
from bot.delivery.planner import plan_digest
from bot.ingest.pipeline import Ingestor
from bot.platforms.console.render import render_digest_plain
from bot.platforms.discord.render import render_digest as discord_render
from bot.platforms.telegram.render import render_digest as telegram_render
from storage import deliveries as ledger
from storage import subscriptions as sub_store
from storage.db import MIGRATIONS, connect
from storage.records import Subscription
from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.helpers import DEFAULTS, RecordingPlatform, ingestor_for, subscribe, wait_until
from tests.test_storage import connect_at_version

NOW = datetime(2026, 12, 5, 9, tzinfo=UTC)
OLD = "Norland parliament debates budget"
NEW = "Norland parliament votes to close four embassies"
DEBATE = [
    "The Norland parliament began its debate on the foreign service budget on Tuesday, with a vote expected later "
    "in the month.",
    "Several members asked why the ministry spends more on its missions abroad than on its consular staff at home.",
]
PLEDGE = ("Foreign Minister Ada Brun said Norland will close four embassies by the end of March to balance the "
          "budget.")


# ---- the materiality function ----------------------------------------------------------------------------------

def edition(title: str = OLD, quotes: list[Quote] | None = None, pledges: list[Pledge] | None = None) -> Edition:
    return Edition(title, list(DEBATE), quotes or [], pledges or [])


@pytest.mark.parametrize("edited", [
    "norland parliament debates budget",  # case
    "Norland parliament debates budget.",  # punctuation
    "  Norland   parliament debates\tbudget ",  # white space
    "“Norland parliament debates budget”",  # quote marks
    "Norland parliament debates ‘budget’",
    "Norland parliament debates budget!",
])
def test_a_headline_changed_in_case_punctuation_space_or_quote_marks_is_not_material(edited: str) -> None:
    assert material_change(edition(), edition(edited)) is None


@pytest.mark.parametrize(("before", "after"), [
    ("Norland parliamnet debates budget", OLD),  # two letters swapped
    ("Norland parliament debates budgett", OLD),  # a letter too many
    ("Norland parliament debtes budget", OLD),  # a letter dropped
    ("Estavia signs cease-fire with Orsania", "Estavia signs ceasefire with Orsania"),  # a hyphen
])
def test_a_typo_fixed_in_the_headline_is_not_material(before: str, after: str) -> None:
    assert same_words(before, after)
    assert material_change(edition(before), edition(after)) is None


@pytest.mark.parametrize(("before", "after"), [
    (OLD, NEW),
    ("Norland to close 4 embassies", "Norland to close 5 embassies"),  # a figure is never a typo
    ("Estavia backs the vote", "Estavia backs the veto"),  # short words one letter apart are other words
    ("Orsania will sign the treaty", "Orsania will not sign the treaty"),
])
def test_a_headline_changed_in_its_words_is_material_and_says_what_it_was(before: str, after: str) -> None:
    assert material_change(edition(before), edition(after)) == f"Was: “{before}”"


def test_a_new_pledge_is_material_and_an_unchanged_one_is_not() -> None:
    pledge = Pledge("Norland", "close four embassies", "Norland will close four embassies.", "by March")
    assert material_change(edition(), edition(pledges=[pledge])) == (
        "New pledge: Norland: close four embassies (by March)")
    assert material_change(edition(pledges=[pledge]), edition(pledges=[pledge])) is None
    retyped = Pledge("Norland", "close four embasies", "Norland will close four embasies.", "by March")
    assert material_change(edition(pledges=[retyped]), edition(pledges=[pledge])) is None, "a typo fixed"
    later = Pledge("Norland", "close four embassies", "Norland will close four embassies.", "by May")
    assert material_change(edition(pledges=[pledge]), edition(pledges=[later])) == (
        "Deadline moved: Norland: close four embassies (now by May, was by March)"), \
        "a new deadline is news, of the pledge the chat knew"


def test_a_moved_deadline_in_words_of_a_weekday_says_the_dates_they_meant() -> None:
    """The line is recorded at the edit and read days later, in a digest: "now by Monday, was by Friday" named
    neither which Monday nor which Friday, while a new pledge's line gives the date its words resolved to."""
    friday = Pledge("Norland", "close four embassies", "Norland will close four embassies by Friday.", "by Friday",
                    date(2026, 12, 11))
    monday = Pledge("Norland", "close four embassies", "Norland will close four embassies by Monday.", "by Monday",
                    date(2026, 12, 14))
    assert material_change(edition(pledges=[friday]), edition(pledges=[monday])) == (
        "Deadline moved: Norland: close four embassies (now by Monday · 14 Dec 2026, was by Friday · 11 Dec 2026)")


def test_a_new_key_quote_is_material_and_the_same_quote_retyped_is_not() -> None:
    quote = Quote("Ada Brun", "We will not leave the valley cut off for another winter.")
    assert material_change(edition(), edition(quotes=[quote])) == (
        "New quote: “We will not leave the valley cut off for another winter.” — Ada Brun")
    curly = Quote("Ada Brun", "We will not leave the valley cut off for another  winter")
    assert material_change(edition(quotes=[quote]), edition(quotes=[curly])) is None
    assert material_change(edition(quotes=[quote]), edition(quotes=[])) is None, "a quote taken out is not news"


def test_a_new_pledge_is_recorded_even_when_the_headline_changed_too() -> None:
    """The headline the chat was shown is kept with every edit; the line recorded is what the headline cannot
    tell, so a pledge is not lost if the outlet later changes the headline back."""
    pledge = Pledge("Norland", "close four embassies", "", None)
    assert material_change(edition(), edition(NEW, pledges=[pledge])) == "New pledge: Norland: close four embassies"
    assert material_change(edition(), edition(NEW)) == f"Was: “{OLD}”"


# ---- ingest, the ledger and the digests ------------------------------------------------------------------------

def telegram(digest: Digest) -> list[dict[str, Any]]:
    return [{"text": text} for text in telegram_render(digest)]


def sent_texts(db: sqlite_utils.Database, sub: Subscription) -> list[str]:
    rows = db.execute("SELECT payload FROM deliveries WHERE subscription_id = ? ORDER BY id", [sub.id]).fetchall()
    return [json.loads(row[0])["text"] for row in rows]


def plan(db: sqlite_utils.Database, sub: Subscription, key: str) -> int:
    return plan_digest(db, sub, key, telegram, now=NOW).items


def item(title: str = OLD, paragraphs: list[str] | None = None, published: datetime = NOW) -> Item:
    return Item(title, "https://northwire.example/news/budget", paragraphs or list(DEBATE), published=published)


async def edited(ingestor: Ingestor, feed_server: FeedServer, entry: Item) -> int:
    """The feed now carries `entry`; one pass reads it. Returns how many material edits the pass found."""
    feed_server.route("/north.xml", body=rss([entry], title="North Wire"))
    [report] = await ingestor.run(only_due=False)
    assert report.updated == 1 and report.new == 0, report
    return report.edited


async def started(feed_server: FeedServer, make_config) -> tuple[Ingestor, Subscription]:
    """A source with one story, and a chat sent it."""
    feed_server.route("/north.xml", body=rss([item()], title="North Wire"))
    ingestor = ingestor_for(make_config, [{"name": "North Wire", "url": feed_server.url("/north.xml")}],
                            fetch_full_text=False)
    await ingestor.run(only_due=False)
    reader = subscribe(ingestor.db, "reader")
    assert plan(ingestor.db, reader, "daily:1") == 1
    return ingestor, reader


async def test_a_chat_that_got_a_story_is_told_once_of_its_new_headline(feed_server: FeedServer, make_config) -> None:
    ingestor, reader = await started(feed_server, make_config)
    db = ingestor.db
    assert await edited(ingestor, feed_server, item(NEW)) == 1
    late = subscribe(db, "late")  # never got the story: gets it as it reads now, with no "Updated"

    assert plan(db, reader, "daily:2") == 1
    [first, update] = sent_texts(db, reader)
    assert "Updated:" in update and NEW in update and f"Was: “{OLD}”" in update, update
    assert '<a href="https://northwire.example/news/budget">' in update, "linked as any story is"
    assert "North Wire" in update
    assert plan(db, reader, "daily:2") == 0, "the same digest planned again (a restart) plans nothing"
    assert plan(db, reader, "daily:3") == 0, "told once"

    assert plan(db, late, "daily:2") == 1
    [story] = sent_texts(db, late)
    assert NEW in story and "Updated" not in story and OLD not in story


async def test_a_typo_fix_a_retimestamp_and_a_quiet_body_edit_send_nothing(
    feed_server: FeedServer, make_config
) -> None:
    ingestor, reader = await started(feed_server, make_config)
    db = ingestor.db
    body = [*DEBATE, "The debate resumes on Thursday morning."]
    assert await edited(ingestor, feed_server, item("Norland Parliamnet debates “budget”", body,
                                                    published=NOW + timedelta(hours=2))) == 0
    assert await edited(ingestor, feed_server, item("Norland parliament debates budget.", body)) == 0
    assert plan(db, reader, "daily:2") == 0
    assert len(sent_texts(db, reader)) == 1
    assert db.execute("SELECT COUNT(*) FROM story_edits").fetchone()[0] == 0


async def test_a_pledge_added_to_the_body_is_told_as_the_new_pledge(feed_server: FeedServer, make_config) -> None:
    ingestor, reader = await started(feed_server, make_config)
    assert await edited(ingestor, feed_server, item(paragraphs=[*DEBATE, PLEDGE])) == 1
    assert plan(ingestor.db, reader, "daily:2") == 1
    update = sent_texts(ingestor.db, reader)[-1]
    assert "Updated:" in update and OLD in update
    assert "New pledge: Norland (according to Ada Brun): close four embassies to balance the budget (by the end of " \
           "March · 31 Mar 2027)" in update, update


async def test_edits_told_once_across_two_edits_and_to_chats_that_left(feed_server: FeedServer, make_config) -> None:
    """Two edits before the next digest are one entry, from the headline the chat saw to the one it has now. A
    chat that left after it was sent the story is told when it comes back; one whose digest was never sent (it
    left first) gets the story whole, as it reads now, and no "Updated"."""
    ingestor, reader = await started(feed_server, make_config)
    db = ingestor.db
    away, gone = subscribe(db, "away"), subscribe(db, "gone")
    assert plan(db, away, "daily:1") == 1 and plan(db, gone, "daily:1") == 1
    db.execute("UPDATE deliveries SET state = 'sent', attempts = 1 WHERE subscription_id = ?", [away.id])
    for chat in ("away", "gone"):
        sub_store.unsubscribe(db, "test", chat)
    await edited(ingestor, feed_server, item("Norland parliament delays budget vote"))
    await edited(ingestor, feed_server, item(NEW))
    assert plan(db, reader, "daily:2") == 1
    update = sent_texts(db, reader)[-1]
    assert NEW in update and f"Was: “{OLD}”" in update and "delays" not in update
    assert update.count("Updated:") == 1
    for chat in ("away", "gone"):
        sub_store.subscribe(db, platform="test", chat_id=chat, chat_kind="private", defaults=DEFAULTS)
        back = sub_store.get(db, "test", chat)
        assert back is not None and back.active
        assert plan(db, back, "daily:2") == 1
        assert plan(db, back, "daily:3") == 0, "told once"
    assert sent_texts(db, away)[-1].count("Updated:") == 1
    assert "Updated" not in sent_texts(db, gone)[-1] and NEW in sent_texts(db, gone)[-1]


async def test_a_headline_changed_and_changed_back_tells_only_what_else_changed(
    feed_server: FeedServer, make_config
) -> None:
    """Edits that undo each other before the next digest (a headline changed, then restored) tell the chat nothing:
    it was shown that headline. A pledge added between them is still told, not the headline's passing change."""
    ingestor, reader = await started(feed_server, make_config)
    db = ingestor.db
    assert await edited(ingestor, feed_server, item(NEW)) == 1
    assert await edited(ingestor, feed_server, item(OLD)) == 1
    assert plan(db, reader, "daily:2") == 0, "nothing to tell"
    assert len(sent_texts(db, reader)) == 1

    assert await edited(ingestor, feed_server, item(NEW)) == 1
    assert await edited(ingestor, feed_server, item(NEW, [*DEBATE, PLEDGE])) == 1
    assert await edited(ingestor, feed_server, item(OLD, [*DEBATE, PLEDGE])) == 1
    assert plan(db, reader, "daily:3") == 1
    update = sent_texts(db, reader)[-1]
    assert "New pledge: Norland" in update and "Was:" not in update, update


async def test_a_headline_and_a_pledge_changed_in_one_edit_are_both_told(
    feed_server: FeedServer, make_config
) -> None:
    """One edit gives the story a new headline and a pledge: the chat is told both, the headline it was shown and
    the pledge. When the outlet then restores the headline before the digest, the pledge is still told."""
    ingestor, reader = await started(feed_server, make_config)
    db = ingestor.db
    assert await edited(ingestor, feed_server, item(NEW, [*DEBATE, PLEDGE])) == 1
    assert plan(db, reader, "daily:2") == 1
    update = sent_texts(db, reader)[-1]
    assert f"Was: “{OLD}”" in update and "New pledge: Norland" in update and "close four embassies" in update, update
    assert update.count("Updated:") == 1

    assert await edited(ingestor, feed_server, item(OLD, [*DEBATE, PLEDGE, "The debate resumes on Monday."])) == 1
    assert plan(db, reader, "daily:3") == 1, "the headline changed back is news to a chat that was shown the new one"
    assert f"Was: “{NEW}”" in sent_texts(db, reader)[-1]


async def test_a_pledge_added_with_a_headline_that_is_then_restored_is_still_told(
    feed_server: FeedServer, make_config
) -> None:
    ingestor, reader = await started(feed_server, make_config)
    db = ingestor.db
    assert await edited(ingestor, feed_server, item(NEW, [*DEBATE, PLEDGE])) == 1
    assert await edited(ingestor, feed_server, item(OLD, [*DEBATE, PLEDGE])) == 1
    assert plan(db, reader, "daily:2") == 1
    update = sent_texts(db, reader)[-1]
    assert "New pledge: Norland" in update and "Was:" not in update, update


def test_every_platform_renders_an_update_with_its_link_and_what_changed() -> None:
    update = StoryUpdate(7, NEW, "https://northwire.example/news/budget", "North Wire", f"Was: “{OLD}”")
    digest = Digest("Communiqué digest: 5 Dec 2026", updates=[update])
    assert not digest.empty
    assert digest_from_dict(digest_to_dict(digest)) == digest, "the console keeps the digest in the ledger"
    [html] = telegram_render(digest)
    assert f'<a href="https://northwire.example/news/budget">{NEW}</a>' in html and f"Was: “{OLD}”" in html
    [message] = discord_render(digest)
    [embed] = message["embeds"]
    assert embed["url"] == "https://northwire.example/news/budget" and NEW in embed["title"]
    assert embed["title"].startswith("🔄 Updated:") and OLD in embed["description"]
    plain = render_digest_plain(digest)
    assert f"Updated: {NEW} (North Wire) — Was: “{OLD}” https://northwire.example/news/budget" in " ".join(
        plain.split()), plain


def test_the_edits_migration_takes_a_database_with_deliveries_of_version_11(tmp_path) -> None:
    """Migration 12 adds the edits and their notices to a database of version 11: the stories already delivered
    stay delivered, and an edit of one of them is owed to the chats that got it."""
    from storage import articles as article_store
    from storage import edits as edit_store

    path = tmp_path / "v11.db"
    old = connect_at_version(path, 11)
    old.execute("INSERT INTO articles (id, url, title, fetched, sort_time, text, text_hash, group_id) VALUES "
                "(1, 'https://northwire.example/1', 'Old headline', '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z', "
                "'x', 'h1', 1)")
    old.execute("INSERT INTO subscriptions (id, platform, chat_id, mode, time, timezone, max_items, created, since) "
                "VALUES (1, 'test', 'reader', 'daily', '08:00', 'UTC', 10, '2026-12-01T00:00:00Z', "
                "'2026-12-01T00:00:00Z')")
    old.execute("INSERT INTO delivered (subscription_id, article_id, digest_key) VALUES (1, 1, 'daily:1')")
    old.conn.close()
    db = connect(path)
    assert db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == MIGRATIONS[-1][0] >= 12
    stored = article_store.find_existing(db, "https://northwire.example/1", None, None)
    assert stored is not None
    assert edit_store.record_edit(db, stored.id, stored.title, "Was: “Old headline”") == 1
    [owed] = edit_store.owed(db, 1)
    assert owed.was_title == "Old headline" and owed.url == "https://northwire.example/1"
    assert ledger.counts(db).due == 0


class WholeDigestPlatform(RecordingPlatform):
    """The recording platform, each digest one plain-text message (its updates too)."""

    def render_digest(self, digest: Digest) -> list[dict[str, Any]]:
        return [{"text": render_digest_plain(digest), "article_ids": [s.article_id for s in digest.stories]}]


async def test_an_instant_chat_is_told_in_its_next_message(feed_server: FeedServer, tmp_path) -> None:
    """An instant chat has no next digest: the pass that reads a material edit sends the update at once."""
    from bot.config import load_config
    from bot.runtime import Runtime

    feed_server.route("/north.xml", body=rss([item()], title="North Wire"))
    path = tmp_path / "config.toml"
    path.write_text(f'[storage]\npath = "{tmp_path / "communique.db"}"\n[fetch]\nallow_private_addresses = true\n'
                    f'fetch_full_text = false\n[[sources]]\nname = "North Wire"\n'
                    f'url = "{feed_server.url("/north.xml")}"\ninterval = 3600\n')
    platform = WholeDigestPlatform()
    runtime = Runtime(load_config(path), {"test": platform}, tick_seconds=0.3)
    subscribe(runtime.db, "c1", mode="instant")
    await runtime.start()
    try:
        await wait_until(lambda: len(platform.sends) == 1, "the story sent")
        feed_server.route("/north.xml", body=rss([item(NEW)], title="North Wire"))
        runtime.db.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")
        await wait_until(lambda: len(platform.sends) == 2, "the update sent")
        text = " ".join(platform.sends[1].payload["text"].split())
        assert f"Updated: {NEW} (North Wire) — Was: “{OLD}”" in text, text
        runtime.db.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")  # read again, unchanged
        await wait_until(lambda: runtime.db.execute("SELECT COUNT(*) FROM sources WHERE next_due > '2001'")
                         .fetchone()[0] == 1, "the feed read again")
        runtime.plan_instant()
        assert runtime.db.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0] == 2, "told once: nothing planned"
        assert len(platform.sends) == 2
    finally:
        await runtime.stop()


async def moved(ingestor: Ingestor, feed_server: FeedServer, entry: Item) -> None:
    """The feed now carries `entry` under the site's new links and ids (a new CMS); one pass reads it."""
    entry.link = entry.link.replace("/news/", "/2026/12/")
    feed_server.route("/north.xml", body=rss([entry], title="North Wire"))
    [report] = await ingestor.run(only_due=False)
    assert report.new == 0, report


@pytest.mark.parametrize("together", [False, True], ids=["moved-then-edited", "moved-and-edited-at-once"])
async def test_a_story_edited_in_a_feed_that_moved_its_links_is_told_as_updated(
    feed_server: FeedServer, make_config, together: bool
) -> None:
    """A site that gives its stories new links (a new CMS) and edits one, in the same pass or a later one: the
    chat that got the story is told "Updated" once; it was sent the story whole again, as news."""
    ingestor, reader = await started(feed_server, make_config)
    db = ingestor.db
    if not together:
        await moved(ingestor, feed_server, item())
        assert plan(db, reader, "daily:2") == 0, "a move alone sends nothing"
    await moved(ingestor, feed_server, item(NEW))
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1, "one story"
    assert plan(db, reader, "daily:3") == 1
    update = sent_texts(db, reader)[-1]
    assert "Updated:" in update and NEW in update and f"Was: “{OLD}”" in update, update
    assert "https://northwire.example/2026/12/budget" in update, "linked where the story is now"
    assert plan(db, reader, "daily:4") == 0, "told once"


async def test_a_story_corrected_under_a_new_link_with_its_id_kept_is_linked_where_it_is_now(
    feed_server: FeedServer, make_config
) -> None:
    """A site that corrects a story and gives it a new link (its address made from the new headline), the entry's
    id unchanged: the story was updated in place but kept its first link, so the chat told "Updated", /latest and
    the digests pointed readers to the address of the story as it was, one the site may no longer serve. The story
    is known by its id, and linked where its feed lists it now."""
    first = Item(OLD, "https://northwire.example/news/parliament-debates-budget", list(DEBATE), guid="nw-7",
                 published=NOW)
    feed_server.route("/north.xml", body=rss([first], title="North Wire"))
    ingestor = ingestor_for(make_config, [{"name": "North Wire", "url": feed_server.url("/north.xml")}],
                            fetch_full_text=False)
    await ingestor.run(only_due=False)
    db = ingestor.db
    reader = subscribe(db, "reader")
    assert plan(db, reader, "daily:1") == 1
    corrected = Item(NEW, "https://northwire.example/news/parliament-votes-to-close-four-embassies", list(DEBATE),
                     guid="nw-7", published=NOW)
    assert await edited(ingestor, feed_server, corrected) == 1
    assert db.execute("SELECT url FROM articles").fetchall() == [(corrected.link,)], "one story, at its new link"
    assert plan(db, reader, "daily:2") == 1
    update = sent_texts(db, reader)[-1]
    assert "Updated:" in update and f'<a href="{corrected.link}">' in update, update
