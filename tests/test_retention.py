"""Retention: old articles are deleted, open pledges stay, and an expired item lingering in a feed is not news."""

from __future__ import annotations

from bot.ingest.pipeline import Ingestor
from storage import articles as article_store
from tests.factories import items, rss
from tests.feedserver import FeedServer


async def test_old_articles_go_open_pledges_stay_and_do_not_come_back(feed_server: FeedServer, make_config) -> None:
    feed_server.route("/feed.xml", body=rss(items(3)))
    config = make_config(sources=[{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    from storage import connect

    ingestor = Ingestor(connect(config.storage.path), config)
    ingestor.sync_sources()
    await ingestor.run()
    db = ingestor.db
    assert article_store.count_articles(db) == 3
    keep = article_store.latest(db, 1)[0].id
    db.execute("UPDATE articles SET fetched = '2020-01-01T00:00:00Z'")
    db.execute("UPDATE pledges SET due = NULL")
    db.execute("UPDATE pledges SET due = '2099-01-01' WHERE article_id = ?", [keep])

    removed = article_store.prune(db, "2021-01-01T00:00:00Z", "2026-11-27")
    assert removed == 2
    assert [r.id for r in article_store.latest(db, 10)] == [keep], "the article with a pledge still due stays"
    assert db.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'Velmora'").fetchone()[0] == 1

    [report] = await ingestor.run(only_due=False)  # the feed still lists all three
    assert report.new == 0 and article_store.count_articles(db) == 1, "expired items are not taken for new"


def old_stories(db, stories: int) -> None:
    """`stories` stories fetched in 2020, each tagged and delivered to three chats (made without the chats)."""
    db.conn.execute("PRAGMA foreign_keys=OFF")
    with db.conn:
        db.conn.executemany(
            "INSERT INTO articles (id, url, title, fetched, sort_time, text, text_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((i, f"https://norland.example/s/{i}", f"Norland story {i}", "2020-01-01T00:00:00Z",
              "2020-01-01T00:00:00Z", "The envoy of Norland met Estavia's minister.", f"h{i}")
             for i in range(1, stories + 1)),
        )
        db.conn.executemany("INSERT INTO article_tags (article_id, tag) VALUES (?, 'norland')",
                            ((i,) for i in range(1, stories + 1)))
        db.conn.executemany("INSERT INTO delivered (subscription_id, article_id, digest_key) VALUES (?, ?, 'd')",
                            ((chat, i) for i in range(1, stories + 1) for chat in (1, 2, 3)))
    db.conn.execute("PRAGMA foreign_keys=ON")


def test_lowering_keep_days_on_a_big_database_prunes_it_in_seconds(tmp_path) -> None:
    """Each story deleted had SQLite read the whole of `article_tags` and `delivered` (no index on their article):
    a big database with keep_days lowered held the bot's one connection, and with it every command and send, for
    minutes (56,000 stories of 60,000: 8 minutes), and a prune every 6 hours grew slower with each chat."""
    import time

    from storage import connect

    db = connect(tmp_path / "communique.db")
    stories = 6000
    old_stories(db, stories)

    started = time.monotonic()
    removed = article_store.prune(db, "2021-01-01T00:00:00Z", "2026-11-27")
    took = time.monotonic() - started

    assert removed == stories
    assert db.execute("SELECT COUNT(*) FROM article_tags").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM delivered").fetchone()[0] == 0
    assert took < 5, f"pruning {stories} stories took {took:.1f} s"


def test_failed_messages_retention_deletes_are_said_with_their_ids(tmp_path, caplog) -> None:
    """Retention deletes the sent and failed messages older than keep_days; a failed one is a message
    `communique resend` could still send, and `status` listed it until then: it went without a word."""
    from storage import connect

    db = connect(tmp_path / "communique.db")
    db.execute("INSERT INTO subscriptions (id, platform, chat_id, mode, time, timezone, max_items, created, since) "
               "VALUES (1, 'telegram', '-100123', 'daily', '08:00', 'UTC', 8, '2020-01-01T00:00:00Z', "
               "'2020-01-01T00:00:00Z')")
    for ident, state in ((7, "failed"), (8, "sent"), (9, "failed")):
        db.execute("INSERT INTO deliveries (id, subscription_id, digest_key, part, parts, payload, state, "
                   "next_attempt, created) VALUES (?, 1, ?, 1, 1, '{}', ?, '2020-01-01T00:00:00Z', "
                   "'2020-01-01T00:00:00Z')", [ident, f"daily:{ident}", state])
    with caplog.at_level("INFO"):
        article_store.prune(db, "2021-01-01T00:00:00Z", "2026-11-27")
    kept = [row[0] for row in db.execute("SELECT id FROM deliveries")]
    assert kept == [8], "the failed ones go; the chat's newest sent message stays, the sign it had a digest"
    said = [r.getMessage() for r in caplog.records if "failed message" in r.getMessage()]
    assert said and "2 failed messages" in said[0] and "#7" in said[0] and "#9" in said[0], said


async def test_the_bot_runs_on_between_batches_of_a_big_prune(tmp_path, make_config) -> None:
    """The scheduled prune deleted every story past keep_days in one go on the bot's event loop: with keep_days
    lowered on a big database, no command was answered and nothing sent until it was done (56,000 stories: 21 s).
    It now prunes a batch at a time, and the bot's other work runs between them."""
    import asyncio

    from bot.runtime import PRUNE_BATCH, Runtime
    from tests.helpers import RecordingPlatform

    config = make_config(storage={"path": str(tmp_path / "communique.db"), "keep_days": 30},
                         sources=[{"name": "Norland", "url": "https://norland.example/feed"}])
    rt = Runtime(config, {"test": RecordingPlatform()})
    try:
        stories = PRUNE_BATCH * 4 + 10
        old_stories(rt.db, stories)
        turns = 0
        pruning = True

        async def other_work() -> None:
            nonlocal turns
            while pruning:
                turns += 1
                await asyncio.sleep(0)

        worker = asyncio.create_task(other_work())
        await asyncio.sleep(0)
        removed = await rt._prune_job()
        pruning = False
        await worker
        assert removed == stories
        assert rt.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0
        assert turns >= 5, f"the bot had {turns} turns while {stories} stories were pruned"
    finally:
        rt.db.conn.close()


def test_a_pruned_story_keeps_its_feed_id_when_a_link_it_was_listed_by_is_its_own(make_config) -> None:
    """A story its feed first gave through a short link (stored there, with the entry's id) and later at its own
    address: that address is remembered as a link leading to it, and an edit listed there under the first id moves
    the story to it (the storage calls ingest makes, in that order). Pruned, the story's address was remembered with
    its id, then again as a link with none (the second row replacing the first): the short link still listed in the
    feed, known by that id alone, was taken for news, followed to the story's page and sent again months late."""
    from storage.records import NewArticle
    from tests.helpers import ingestor_for

    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": "https://ministry.example/feed.xml"}])
    db = ingestor.db
    source_id = int(db.execute("SELECT id FROM sources WHERE name = 'Ministry'").fetchone()[0])
    short, address, guid = "https://sho.rt/x7", "https://ministry.example/press/harbour-talks", "post-4411"
    story_id = article_store.insert_article(db, NewArticle(
        url=short, source_id=source_id, guid=guid, title="Harbour talks resume",
        text="Delegations from Velmora and Aldmark met at the harbour.", text_hash="h1"))
    article_store.remember_link(db, address, "entry-at-its-address", story_id)
    article_store.relink(db, story_id, address, guid)
    db.execute("UPDATE articles SET fetched = '2020-01-01T00:00:00Z'")

    assert article_store.prune(db, "2021-01-01T00:00:00Z", "2026-11-27") == 1
    assert article_store.was_pruned(db, address, source_id, None), "its address is remembered"
    assert article_store.was_pruned(db, short, source_id, guid), "the short link, listed under its id, is not news"


def test_a_story_moved_to_a_new_link_is_remembered_at_its_old_one_once_pruned(make_config) -> None:
    """A story its feed moved to a new link and id (a site's new CMS; the storage call ingest makes) was forgotten
    at its old link: once retention deleted it, the old link still listed in a feed that keeps a year of posts (a
    social feed's short link to it) was not known as pruned, was followed, and the story stored and sent again."""
    from storage.records import NewArticle
    from tests.helpers import ingestor_for

    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": "https://ministry.example/feed.xml"}])
    db = ingestor.db
    source_id = int(db.execute("SELECT id FROM sources WHERE name = 'Ministry'").fetchone()[0])
    old, new = "https://ministry.example/?p=4411", "https://ministry.example/press/harbour-talks"
    story_id = article_store.insert_article(db, NewArticle(
        url=old, source_id=source_id, guid="4411", title="Harbour talks resume", entry_hash="e1",
        text="Delegations from Velmora and Aldmark met at the harbour.", text_hash="h1"))
    article_store.relink(db, story_id, new, "press-harbour-talks")
    db.execute("UPDATE articles SET fetched = '2020-01-01T00:00:00Z'")

    assert article_store.prune(db, "2021-01-01T00:00:00Z", "2026-11-27") == 1
    assert article_store.was_pruned(db, new, source_id, None)
    assert article_store.was_pruned(db, old, None, None), "its old link, still listed somewhere, is no news"
