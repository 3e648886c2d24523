"""A story listed by two configured sources carries the tags of both: a chat following either source's tag gets it,
once, and a chat following both gets it once. Stored once (by its link), it took the tags of the source that
stored it first alone, and a chat following the other source's tag never got it unless its words said the tag.

The feeds are served by a real HTTP server on 127.0.0.1; the database is a real SQLite file; digests are planned
and rendered by the real planner and Telegram renderer. The story is invented, and says neither tag.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlite_utils

from bot.delivery.planner import plan_digest
from bot.ingest.pipeline import Ingestor
from bot.platforms.telegram.render import render_digest as telegram_render
from storage import subscriptions as sub_store
from storage.db import MIGRATIONS
from storage.records import Subscription
from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.helpers import DEFAULTS, ingestor_for

NOW = datetime.now(UTC).replace(microsecond=0)
TITLE = "Velmora and Ostrand agree to reopen the river crossing"
STORY = Item(TITLE, "https://velmora-news.example/crossing", [
    "Officials from Velmora and Ostrand met in the town of Perrin on Monday and agreed to reopen the old river "
    "crossing to lorries and buses from the first day of next month.",
    "The crossing was shut two winters ago after a dispute over customs fees that neither side would settle.",
], published=NOW - timedelta(hours=2))


def telegram(digest: Any) -> list[dict[str, Any]]:
    return [{"text": text} for text in telegram_render(digest)]


def chat(db: sqlite_utils.Database, chat_id: str, topics: list[str]) -> Subscription:
    sub, _ = sub_store.subscribe(db, platform="test", chat_id=chat_id, chat_kind="private", defaults=DEFAULTS,
                                 topics=topics)
    db.execute("UPDATE subscriptions SET since = '2000-01-01T00:00:00Z' WHERE id = ?", [sub.id])
    found = sub_store.get_by_id(db, sub.id)
    assert found is not None
    return found


def sent(db: sqlite_utils.Database, sub: Subscription) -> str:
    rows = db.execute("SELECT payload FROM deliveries WHERE subscription_id = ? ORDER BY id", [sub.id]).fetchall()
    return "\n".join(json.loads(row[0])["text"] for row in rows)


def plan(db: sqlite_utils.Database, sub: Subscription, key: str) -> int:
    return plan_digest(db, sub, key, telegram, now=NOW).stories


def stored_by(db: sqlite_utils.Database) -> str:
    return str(db.execute("SELECT s.name FROM articles a JOIN sources s ON s.id = a.source_id").fetchone()[0])


@pytest.fixture(params=["two feeds", "one feed under two sources"])
def two_desks(request: pytest.FixtureRequest, feed_server: FeedServer, make_config) -> Ingestor:
    """Two sources, tagged "maritime" and "frontier", that both list the story."""
    feed_server.route("/east.xml", body=rss([STORY], title="East Desk"))
    feed_server.route("/west.xml", body=rss([STORY], title="West Desk"))
    second = "/west.xml" if request.param == "two feeds" else "/east.xml"
    return ingestor_for(make_config, [
        {"name": "East Desk", "url": feed_server.url("/east.xml"), "tags": ["maritime"]},
        {"name": "West Desk", "url": feed_server.url(second), "tags": ["frontier"]},
    ], fetch_full_text=False)


async def test_a_story_both_sources_list_reaches_the_chats_of_each_tag_once(two_desks: Ingestor) -> None:
    db = two_desks.db
    reports = await two_desks.run(only_due=False)
    assert sum(r.new for r in reports) == 1, reports
    sea, land, both = chat(db, "sea", ["maritime"]), chat(db, "land", ["frontier"]), chat(db, "both",
                                                                                            ["maritime", "frontier"])
    other = "West Desk" if stored_by(db) == "East Desk" else "East Desk"
    for sub in (sea, land, both):
        assert plan(db, sub, "daily:1") == 1, sub.chat_id
        assert sent(db, sub).count(TITLE) == 1, sub.chat_id
        assert f"Also reported by <a href=\"{STORY.link}\">{other}</a>" in sent(db, sub), sent(db, sub)
    await two_desks.run(only_due=False)  # read again: nothing new, nothing sent again
    for sub in (sea, land, both):
        assert plan(db, sub, "daily:2") == 0, sub.chat_id
        assert sent(db, sub).count(TITLE) == 1, sub.chat_id


async def test_latest_and_topics_count_the_story_under_both_tags(two_desks: Ingestor) -> None:
    from storage import articles as article_store
    from storage import sources as source_store

    db = two_desks.db
    await two_desks.run(only_due=False)
    assert [a.title for a in article_store.latest(db, 5, ["frontier"])] == [TITLE]
    assert [a.title for a in article_store.latest(db, 5, ["maritime"])] == [TITLE]
    assert dict(source_store.source_tags(db)) == {"maritime": 1, "frontier": 1}


async def test_a_source_removed_later_leaves_its_tag_on_the_stories_it_listed(two_desks: Ingestor) -> None:
    """Decided: a removed source's tags stay on what it listed (as they do on what it stored), so a chat that got
    the story under that tag is not sent it again, and /latest with the tag still finds it."""
    from storage import articles as article_store
    from storage import sources as source_store
    from storage.records import SourceEntry

    db = two_desks.db
    await two_desks.run(only_due=False)
    kept = stored_by(db)
    tag = "frontier" if kept == "East Desk" else "maritime"  # the tag of the source that listed it second
    follower = chat(db, "follower", [tag])
    assert plan(db, follower, "daily:1") == 1
    source = next(s for s in source_store.list_sources(db) if s.name == kept)
    sync = source_store.sync_sources(db, [SourceEntry(source.name, source.url, tuple(source.tags), source.interval)])
    assert len(sync.removed) == 1
    assert [a.title for a in article_store.latest(db, 5, [tag])] == [TITLE]
    assert plan(db, follower, "daily:2") == 0
    assert sent(db, follower).count(TITLE) == 1


async def test_a_retagged_source_keeps_a_tag_the_other_source_still_gives(two_desks: Ingestor) -> None:
    """The source that stored the story drops the tag the other also gives: the story keeps it (the other source
    still lists it); the tag it dropped and no other gives goes, as it always did."""
    from storage import articles as article_store
    from storage import sources as source_store
    from storage.records import SourceEntry

    db = two_desks.db
    await two_desks.run(only_due=False)
    sources = {s.name: s for s in source_store.list_sources(db)}
    first = stored_by(db)
    other = next(name for name in sources if name != first)
    entries = [SourceEntry(s.name, s.url, tuple(s.tags), s.interval) for s in sources.values()]
    # the storing source gives the other's tag too, then drops both its own and that one
    shared = sources[other].tags[0]
    mine = sources[first].tags[0]
    step = [e if e.name != first else SourceEntry(e.name, e.url, (mine, shared), e.interval) for e in entries]
    source_store.sync_sources(db, step)
    final = [e if e.name != first else SourceEntry(e.name, e.url, ("harvest",), e.interval) for e in entries]
    source_store.sync_sources(db, final)
    assert [a.title for a in article_store.latest(db, 5, [shared])] == [TITLE]
    assert article_store.latest(db, 5, [mine]) == []
    assert [a.title for a in article_store.latest(db, 5, ["harvest"])] == [TITLE]


async def test_an_edit_of_the_story_keeps_the_other_sources_tags(feed_server: FeedServer, two_desks: Ingestor) -> None:
    from storage import articles as article_store

    db = two_desks.db
    await two_desks.run(only_due=False)
    edited = Item("Velmora and Ostrand reopen the river crossing to lorries", STORY.link, STORY.paragraphs,
                  published=STORY.published)
    feed_server.route("/east.xml", body=rss([edited], title="East Desk"))
    feed_server.route("/west.xml", body=rss([edited], title="West Desk"))
    reports = await two_desks.run(only_due=False)
    assert sum(r.updated for r in reports) == 1, reports
    for tag in ("maritime", "frontier"):
        assert [a.title for a in article_store.latest(db, 5, [tag])] == [edited.title], tag


async def test_a_database_from_before_keeps_working_and_its_stories_take_the_second_sources_tags(
    tmp_path, feed_server: FeedServer, make_config
) -> None:
    """A database an older Communiqué wrote holds the story with the first source's tags alone: upgraded, it knows
    that source listed it, and the second source's next read (of the whole feed, though it is unchanged since and
    would answer 304) adds its tags, so the chat following them gets it."""
    from storage.db import to_iso
    from tests.test_storage import connect_at_version

    feed_server.route("/east.xml", body=rss([STORY], title="East Desk"), etag='"e1"')
    feed_server.route("/west.xml", body=rss([STORY], title="West Desk"), etag='"w1"')
    old = connect_at_version(tmp_path / "communique.db", 13)
    east = old.table("sources").insert({"name": "East Desk", "url": feed_server.url("/east.xml"),
                                         "tags": '["maritime"]', "interval": 900}).last_pk
    # both feeds unchanged since the old Communiqué read them: they would answer 304
    old.table("sources").insert({"name": "West Desk", "url": feed_server.url("/west.xml"), "tags": '["frontier"]',
                                 "interval": 900, "etag": '"w1"'})
    old.execute("UPDATE sources SET etag = '\"e1\"' WHERE id = ?", [east])
    when = to_iso(STORY.published)
    story = old.table("articles").insert({"url": STORY.link, "source_id": east, "guid": STORY.link, "title": TITLE,
                                          "fetched": when, "sort_time": when, "published": when, "text": "x",
                                          "text_hash": "x", "tags": '["maritime"]'}).last_pk
    old.table("article_tags").insert({"article_id": story, "tag": "maritime"})
    old.conn.close()

    ingestor = ingestor_for(make_config, [
        {"name": "East Desk", "url": feed_server.url("/east.xml"), "tags": ["maritime"]},
        {"name": "West Desk", "url": feed_server.url("/west.xml"), "tags": ["frontier"]},
    ], fetch_full_text=False)
    db = ingestor.db
    assert db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == MIGRATIONS[-1][0]
    assert db.execute("SELECT article_id, source_id FROM article_sources").fetchall() == [(story, east)]
    land = chat(db, "land", ["frontier"])
    assert plan(db, land, "daily:1") == 0, "before the second source reads it again, as before the upgrade"
    reports = await ingestor.run(only_due=False)
    assert sum(r.new for r in reports) == 0, reports
    assert plan(db, land, "daily:2") == 1
    assert sent(db, land).count(TITLE) == 1


def test_the_migration_stopped_midway_leaves_the_database_as_it_was_and_runs_again_whole(tmp_path) -> None:
    """A start killed inside migration 14 (its table made, its version not yet recorded) leaves no table behind:
    the next start migrates again, whole, where a half-applied one failed on a table that already exists."""
    from storage.db import connect, migrate
    from tests.test_storage import connect_at_version

    path = tmp_path / "communique.db"
    old = connect_at_version(path, 13)

    def killed(_: str) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        migrate(old, MIGRATIONS, checkpoint=killed)
    assert old.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 13
    assert "article_sources" not in old.table_names()
    old.conn.close()
    db = connect(path)
    assert db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == MIGRATIONS[-1][0]
    assert "article_sources" in db.table_names()


async def test_a_listing_source_whose_tag_is_renamed_takes_the_story_it_listed_with_it(two_desks: Ingestor) -> None:
    """The source that listed the story second renames its tag: the story carries the new one, not the old, before
    that source reads its feed again (/topics and a new /subscribe see it at once, as for its own stories)."""
    from storage import articles as article_store
    from storage import sources as source_store
    from storage.records import SourceEntry

    db = two_desks.db
    await two_desks.run(only_due=False)
    second = "West Desk" if stored_by(db) == "East Desk" else "East Desk"
    sources = source_store.list_sources(db)
    old_tag = next(s.tags[0] for s in sources if s.name == second)
    source_store.sync_sources(db, [SourceEntry(s.name, s.url, ("borderlands",) if s.name == second else tuple(s.tags),
                                               s.interval) for s in sources])
    assert [a.title for a in article_store.latest(db, 5, ["borderlands"])] == [TITLE]
    assert article_store.latest(db, 5, [old_tag]) == []
    assert dict(source_store.source_tags(db))["borderlands"] == 1


async def test_a_story_two_feeds_of_one_site_tag_with_their_own_xtor_is_one_story(
    feed_server: FeedServer, make_config
) -> None:
    """French public broadcasters and papers mark each feed's links with its own AT Internet tag ('?xtor=RSS-231',
    '?xtor=RSS-518'): a story in two of their feeds was stored twice, two stories of one article, and a chat
    following both desks' tags got the second as a copy. The tag says where a click came from: one story, with
    both sources' tags."""
    from dataclasses import replace

    from storage import articles as article_store

    feed_server.route("/east.xml", body=rss([replace(STORY, link=STORY.link + "?xtor=RSS-231")], title="East"))
    feed_server.route("/west.xml", body=rss([replace(STORY, link=STORY.link + "?xtor=RSS-518")], title="West"))
    ingestor = ingestor_for(make_config, [
        {"name": "East Desk", "url": feed_server.url("/east.xml"), "tags": ["maritime"]},
        {"name": "West Desk", "url": feed_server.url("/west.xml"), "tags": ["frontier"]},
    ], fetch_full_text=False)
    reports = await ingestor.run(only_due=False)
    assert sum(r.new for r in reports) == 1, reports
    assert [a.title for a in article_store.latest(ingestor.db, 5, ["frontier"])] == [TITLE]
    assert [a.title for a in article_store.latest(ingestor.db, 5, ["maritime"])] == [TITLE]
