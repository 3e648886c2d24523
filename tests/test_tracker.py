"""The tracker wired into storage: what it finds in stored stories (actors, one pledge however many outlets report
it, later reports on a pledge) and how storage keeps it through edits, retention and an upgrade."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.ingest.track import Tracker
from storage import articles as article_store
from storage import connect
from storage import tracking as tracking_store
from storage.records import NewArticle, article_pledges
from tests.test_storage import connect_at_version
from tests.tracker_stories import (
    BROKEN_TEXT,
    BROKEN_TITLE,
    COPY_TEXT,
    COPY_TITLE,
    KEPT_TEXT,
    KEPT_TITLE,
    PLEDGE_TEXT,
    PLEDGE_TITLE,
    PLEDGED,
    UNRELATED_TEXT,
    UNRELATED_TITLE,
    days,
    store,
)


def follow_ups(db) -> list[tuple[int, int, str]]:
    return [(r["pledge_id"], r["article_id"], r["outcome"])
            for r in db.query("SELECT pledge_id, article_id, outcome FROM pledge_followups ORDER BY id")]


def actors(db, article_id: int) -> dict[str, list[str]]:
    return {a.actor_key: a.reasons for a in tracking_store.actors_of(db, [article_id]).get(article_id, [])}


async def test_one_pledge_from_two_outlets_is_kept_by_a_later_story_and_others_do_not_link() -> None:
    db = connect(":memory:")
    pledge_story = store(db, 1, PLEDGE_TITLE, PLEDGE_TEXT, PLEDGED)
    copy_story = store(db, 2, COPY_TITLE, COPY_TEXT, PLEDGED + days(0.2))
    unrelated = store(db, 3, UNRELATED_TITLE, UNRELATED_TEXT, PLEDGED + days(8))
    kept_story = store(db, 4, KEPT_TITLE, KEPT_TEXT, PLEDGED + days(16))
    assert await Tracker(db).run() == 4
    assert tracking_store.count_untracked(db) == 0

    [first] = tracking_store.first_reports(db)
    assert first.article_id == pledge_story and first.reports == 2, "the other outlet's report is the same pledge"
    assert first.actor_keys == ["velmora"] and first.due == "2026-03-20"
    assert follow_ups(db) == [(first.id, kept_story, "kept")], "only the report that it was done links"
    assert tracking_store.unsettled_pledges(db) == []

    assert actors(db, pledge_story)["velmora"] == ["pledges", "subject"]
    assert actors(db, pledge_story)["ana kovac"] == ["quoted", "subject"]
    assert actors(db, unrelated) == {"velmora": ["subject"]}, "named in the title: a story about Velmora"
    assert "velmora" in actors(db, copy_story) and "velmora" in actors(db, kept_story)
    assert await Tracker(db).run() == 0, "each article is read once"


async def test_a_refusal_after_the_deadline_is_a_breach() -> None:
    db = connect(":memory:")
    store(db, 1, PLEDGE_TITLE, PLEDGE_TEXT, PLEDGED)
    broken = store(db, 2, BROKEN_TITLE, BROKEN_TEXT, PLEDGED + days(21))
    await Tracker(db).run()
    [first] = tracking_store.first_reports(db, actor_keys=["velmora"])
    assert follow_ups(db) == [(first.id, broken, "broken")]


async def test_a_copy_of_the_pledge_story_never_reports_on_its_own_pledge() -> None:
    db = connect(":memory:")
    original = store(db, 1, PLEDGE_TITLE, PLEDGE_TEXT, PLEDGED)
    # An outlet's copy of the story, syndicated (same group), worded as if the release had happened: it is the same
    # story, so it reports nothing about the pledge it carries.
    store(db, 2, PLEDGE_TITLE, PLEDGE_TEXT.replace("pledged on Monday to free", "freed on Monday, as pledged,"),
          PLEDGED + days(0.1), group_id=original)
    await Tracker(db).run()
    assert follow_ups(db) == []


async def test_stories_are_read_in_the_order_they_were_published_not_stored() -> None:
    """A pass may store the report before the pledge it reports on (two sources at once): the tracker reads the
    older story first, so the pledge is known when the report is read."""
    db = connect(":memory:")
    kept_story = store(db, 1, KEPT_TITLE, KEPT_TEXT, PLEDGED + days(16))
    store(db, 2, PLEDGE_TITLE, PLEDGE_TEXT, PLEDGED)
    await Tracker(db).run()
    [first] = tracking_store.first_reports(db)
    assert follow_ups(db) == [(first.id, kept_story, "kept")]


async def test_an_edited_pledge_story_keeps_its_pledge_and_what_was_reported_on_it() -> None:
    db = connect(":memory:")
    pledge_story = store(db, 1, PLEDGE_TITLE, PLEDGE_TEXT, PLEDGED)
    kept_story = store(db, 2, KEPT_TITLE, KEPT_TEXT, PLEDGED + days(16))
    await Tracker(db).run()
    [before] = tracking_store.first_reports(db)
    stored = article_store.find_existing(db, "https://news.example/1", None, None)
    assert stored is not None
    row = next(db.query("SELECT pledges, summary FROM articles WHERE id = ?", [pledge_story]))
    import json

    edited = NewArticle(url=stored.url, source_id=None, guid=None, title=PLEDGE_TITLE + " (updated)",
                        text=PLEDGE_TEXT + "\n\nThis story was updated.", text_hash="edited",
                        summary=json.loads(row["summary"]), pledges=article_pledges(row["pledges"]))
    article_store.update_article(db, stored, edited)
    assert tracking_store.count_untracked(db) == 1, "the edited story is read again"
    await Tracker(db).run()
    [after] = tracking_store.first_reports(db)
    assert after.id == before.id, "the same pledge, not a new one"
    assert follow_ups(db) == [(before.id, kept_story, "kept")], "its follow-up stays"


async def test_retention_keeps_an_awaited_pledge_and_a_copy_takes_the_place_of_a_first_report_that_goes() -> None:
    db = connect(":memory:")
    old = datetime(2026, 1, 1, tzinfo=UTC)
    first_story = store(db, 1, PLEDGE_TITLE, PLEDGE_TEXT, PLEDGED, fetched=old)
    copy_story = store(db, 2, COPY_TITLE, COPY_TEXT, PLEDGED + days(0.2))
    await Tracker(db).run()
    # On 1 March the pledge (due 20 March) is awaited: its story stays, however old.
    assert article_store.prune(db, "2026-02-01T00:00:00Z", "2026-03-01") == 0
    # On 1 April it is overdue: the old story goes, and the copy becomes the pledge the tracker follows.
    assert article_store.prune(db, "2026-02-01T00:00:00Z", "2026-04-01") == 1
    [first] = tracking_store.first_reports(db)
    assert first.article_id == copy_story and first.reports == 1
    assert article_store.find_existing(db, "https://news.example/1", None, None) is None
    assert first_story != copy_story


async def test_retention_keeps_a_pledge_put_back_until_its_new_deadline() -> None:
    """Due 20 March, put back to 10 May: on 1 April it is awaited still, and its story stays (it went, and the
    pledge with it, the day after the first deadline once the story was older than keep_days)."""
    db = connect(":memory:")
    old = datetime(2026, 1, 1, tzinfo=UTC)
    store(db, 1, PLEDGE_TITLE, PLEDGE_TEXT, PLEDGED, fetched=old)
    store(db, 2, "Velmora puts off release of Halvik ferry crew", "Velmora postponed the release of the nineteen "
          "crew members of the Halvik ferry until May 10, its foreign ministry said on Friday.", PLEDGED + days(11))
    await Tracker(db).run()
    assert [o for _, _, o in follow_ups(db)] == ["delayed"]
    assert article_store.prune(db, "2026-02-01T00:00:00Z", "2026-04-01") == 0
    [pledge] = tracking_store.first_reports(db)
    assert pledge.url == "https://news.example/1"
    assert article_store.prune(db, "2026-02-01T00:00:00Z", "2026-05-11") == 1, "past its new deadline it may go"


async def test_a_database_from_before_tracking_keeps_its_pledges_and_the_tracker_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = connect_at_version(path, 3)
    old.execute(
        "INSERT INTO articles (id, url, title, fetched, sort_time, published, text, text_hash, group_id, summary, "
        "pledges) VALUES (1, 'https://news.example/1', ?, '2026-03-02T09:00:00Z', '2026-03-02T09:00:00Z', "
        "'2026-03-02T09:00:00Z', ?, 'h1', 1, '[]', '[]')",
        [PLEDGE_TITLE, PLEDGE_TEXT],
    )
    old.execute(
        "INSERT INTO pledges (article_id, actor, commitment, evidence, when_text, due, status, created) VALUES "
        "(1, 'Velmora', 'free the nineteen crew members of the Halvik ferry', 'x', 'by March 20', '2026-03-20', "
        "'open', '2026-03-02T09:00:00Z')"
    )
    old.conn.close()

    db = connect(path)
    assert "status" not in db["pledges"].columns_dict, "a status is computed, never stored"
    [pledge] = tracking_store.first_reports(db)
    assert pledge.actor == "Velmora" and pledge.actor_key is None
    kept_story = store(db, 2, KEPT_TITLE, KEPT_TEXT, PLEDGED + days(16))
    assert await Tracker(db).run() == 2, "the stored article is read like a new one"
    [pledge] = tracking_store.first_reports(db)
    assert pledge.actor_key == "velmora"
    assert follow_ups(db) == [(pledge.id, kept_story, "kept")]


async def test_an_article_the_tracker_cannot_read_is_passed_over_not_retried_forever(monkeypatch) -> None:
    from bot.ingest import track

    db = connect(":memory:")
    store(db, 1, PLEDGE_TITLE, PLEDGE_TEXT, PLEDGED)
    store(db, 2, UNRELATED_TITLE, UNRELATED_TEXT, PLEDGED + days(8))
    real = track.read_article

    def fails_on_the_first(article, pool):
        if article.id == 1:
            raise ValueError("an odd article")
        return real(article, pool)

    monkeypatch.setattr(track, "read_article", fails_on_the_first)
    assert await Tracker(db).run() == 2
    assert tracking_store.count_untracked(db) == 0
    assert actors(db, 2) == {}, "Velmora is not known from the article that failed: nothing is invented"


async def test_a_tracker_that_fails_costs_the_ingest_pass_nothing_and_reads_the_stories_later(
    feed_server, make_config, monkeypatch, caplog
) -> None:
    import sqlite3

    from tests.factories import Item, rss
    from tests.helpers import ingestor_for

    feed_server.route("/wire.xml", body=rss([Item(title=PLEDGE_TITLE, link="https://wire.example/1",
                                                   paragraphs=PLEDGE_TEXT.split("\n\n"), published=PLEDGED)]))
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/wire.xml")}])
    real_run = Tracker.run

    async def disk_fails(self, limit: int = 500) -> int:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Tracker, "run", disk_fails)
    [report] = await ingestor.run()
    assert report.ok and report.new == 1, "the story is stored"
    assert tracking_store.count_untracked(ingestor.db) == 1
    assert "tracking actors and pledges" in (ingestor.health.describe() or ""), "/status says what fails"

    monkeypatch.setattr(Tracker, "run", real_run)
    await ingestor.run()
    assert tracking_store.count_untracked(ingestor.db) == 0, "read at the next pass"
    assert ingestor.health.describe() is None
    assert [p.actor_key for p in tracking_store.first_reports(ingestor.db, limit=10)] == ["velmora"]
