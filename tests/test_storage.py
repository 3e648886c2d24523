"""Storage: a private WAL database, forward migrations, the single-instance lock."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from storage import InstanceLock, connect
from storage.db import MIGRATIONS, migrate, to_iso


def test_database_is_private_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "communique.db"
    db = connect(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    tables = set(db.table_names())
    assert {"sources", "articles", "pledges", "subscriptions", "deliveries", "delivered", "schema_version"} <= tables


def test_migrations_run_once_and_forward_only(tmp_path: Path) -> None:
    path = tmp_path / "communique.db"
    connect(path).conn.close()
    db = connect(path)  # a second open does not re-run anything
    assert [r["version"] for r in db.query("SELECT version FROM schema_version")] == [v for v, _, _ in MIGRATIONS]

    def add_column(database: sqlite_utils.Database) -> None:
        database.execute("ALTER TABLE sources ADD COLUMN note TEXT")

    newest = MIGRATIONS[-1][0]
    assert migrate(db, [*MIGRATIONS, (newest + 1, "note", add_column)]) == newest + 1
    assert "note" in db["sources"].columns_dict

    def broken(database: sqlite_utils.Database) -> None:
        database.execute("ALTER TABLE sources ADD COLUMN half TEXT")
        raise RuntimeError("migration bug")

    with pytest.raises(RuntimeError):
        migrate(db, [*MIGRATIONS, (newest + 1, "note", add_column), (newest + 2, "broken", broken)])
    assert "half" not in db["sources"].columns_dict, "a failed migration leaves nothing behind"
    with pytest.raises(RuntimeError, match="newer than this Communiqué knows"):
        migrate(db, MIGRATIONS)


def test_second_instance_is_refused_and_lock_dies_with_its_process(tmp_path: Path) -> None:
    path = tmp_path / "communique.db"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"from storage import InstanceLock; import time; l=InstanceLock({str(path)!r}); "
         "assert l.acquire(); print('locked', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1],
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        mine = InstanceLock(path)
        assert not mine.acquire()
        assert mine.holder() == str(holder.pid)
    finally:
        holder.kill()
        holder.wait()
    assert InstanceLock(path).acquire(), "a killed holder leaves no stale lock"


def test_a_database_from_before_the_index_triggers_keeps_finding_its_articles(tmp_path: Path) -> None:
    """Migration 3: the full-text index kept by hand becomes one kept by triggers, built from what is stored."""
    from storage import articles as article_store
    from storage.records import NewArticle

    path = tmp_path / "old.db"
    old = connect_at_version(path, 2)
    old.execute(
        "INSERT INTO articles (id, url, title, fetched, sort_time, text, text_hash, group_id) "
        "VALUES (1, 'https://ministry.example/1', 'Harbour talks resume', '2026-11-20T08:00:00Z', "
        "'2026-11-20T08:00:00Z', 'Delegations from Velmora and Kestria met at the harbour.', 'h1', 1)"
    )
    old.execute(  # as storage kept the index before migration 3
        "INSERT INTO articles_fts (rowid, title, text) VALUES (1, 'Harbour talks resume', "
        "'Delegations from Velmora and Kestria met at the harbour.')"
    )
    old.conn.close()

    db = connect(path)
    assert db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == MIGRATIONS[-1][0]
    assert [a.id for a in article_store.latest(db, 5, ["kestria"])] == [1], "the old article is still found"

    stored = article_store.find_existing(db, "https://ministry.example/1", None, None)
    assert stored is not None
    edited = NewArticle(url=stored.url, source_id=None, guid=None, title="Harbour talks resume",
                        text="Delegations from Velmora and Aldmark met at the harbour.", text_hash="h2")
    article_store.update_article(db, stored, edited)
    assert article_store.latest(db, 5, ["kestria"]) == [], "an edit takes the old words out of the index"
    assert [a.id for a in article_store.latest(db, 5, ["aldmark"])] == [1]

    new_id = article_store.insert_article(db, NewArticle(url="https://ministry.example/2", source_id=None, guid=None,
                                                         title="Ferry line", text="Aldmark opens a ferry line.",
                                                         text_hash="h3"))
    assert {a.id for a in article_store.latest(db, 5, ["aldmark"])} == {1, new_id}
    assert article_store.prune(db, "2999-01-01T00:00:00Z", "2999-01-01") == 2
    assert article_store.latest(db, 5, ["aldmark"]) == [], "pruned articles leave the index"
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")  # raises if out of step


def connect_at_version(path: Path, version: int) -> sqlite_utils.Database:
    """A database as an older Communiqué left it: migrated up to `version` only."""
    import sqlite3

    conn = sqlite3.connect(str(path), isolation_level=None)
    db = sqlite_utils.Database(conn)
    migrate(db, [m for m in MIGRATIONS if m[0] <= version])
    return db


def test_an_upgraded_database_says_which_migrations_it_took(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The operator's upgrade steps are: back up, pull, restart ('the database is migrated forward at start'); the
    start said nothing of it, so nothing told that the backup was now of an older schema, nor what changed. A new
    database and one already current say nothing."""
    path = tmp_path / "communique.db"
    connect_at_version(path, 3).conn.close()
    with caplog.at_level("INFO", logger="storage.db"):
        connect(path).conn.close()
        connect(path).conn.close()
        connect(tmp_path / "fresh.db").conn.close()
    assert [r.getMessage() for r in caplog.records] == [
        f"database {path} upgraded from schema version 3 to 19: following actors and tracking pledges; a source's "
        "back catalogue kept from chats; a chat's messages in the order planned; stories dated by day alone; a "
        "story's own day as its feed dates it; a paywalled story marked, not noted in its summary; the site a "
        "source's feed names; a chat's other name, for the blocks that use it; chats told of a story's material edit; "
        "retention finds a story's tags and deliveries by its index; every source that listed a story, for their "
        "tags; where a source's feed has moved for good; the links that lead to a stored story; chats told of a "
        "restore from a backup; each start on a restored backup; a story summarised from its feed's teaser marked (a "
        "backup taken before it is of version 3)"]


def test_a_database_of_another_user_is_not_given_away_from_under_its_bot(tmp_path: Path) -> None:
    """Root running `communique resend` on the systemd unit's database (the communique user's) was told to "give
    the file to root (`chown root ...`)" as an equal choice: done, the service running as communique could no
    longer open its database. The way that keeps the bot running comes first, and the other says when it is safe."""
    import pwd

    from storage.db import DatabaseAccessError

    if os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")
    path = tmp_path / "communique.db"
    connect(path).conn.close()
    os.chown(path, pwd.getpwnam("nobody").pw_uid, -1)
    with pytest.raises(DatabaseAccessError) as refused:
        connect(path)
    assert str(refused.value) == (
        f"the database {path} belongs to nobody, and Communiqué runs as root: run it as nobody (e.g. `sudo -u nobody "
        f"communique ...`, as the bot's service does); give the file to root (`chown root {path}`) only if no bot "
        "runs as nobody, or it can no longer open its database")


def test_a_group_moved_to_the_id_it_already_has_keeps_its_subscription(tmp_path: Path) -> None:
    """A migration notice heard twice (the platform resends it, or the move was already taken) moves nothing: the
    subscription was found under its own new id as "the other" one and ended, and the group got no more digests."""
    from storage import subscriptions as sub_store
    from storage.records import SubscriptionSettings

    db = connect(tmp_path / "bot.db")
    defaults = SubscriptionSettings(mode="daily", time="08:00", timezone="UTC", max_items=10)
    group, _ = sub_store.subscribe(db, platform="telegram", chat_id="-42", chat_kind="group", defaults=defaults)
    sub_store.move_chat(db, group.id, "-10042")
    sub_store.move_chat(db, group.id, "-10042")  # heard again
    moved = sub_store.get(db, "telegram", "-10042")
    assert moved is not None and moved.id == group.id and moved.active
    old = sub_store.get(db, "telegram", "-42")
    assert old is not None and not old.active and old.deactivated_reason == f"{sub_store.MOVED_TO}-10042"


def test_a_story_stored_before_its_own_day_was_kept_reads_as_its_day_in_utc(tmp_path: Path) -> None:
    """Migration 8 adds articles.own_day (a story's day as its feed dates it) to a database of version 7: a story
    stored before has none, and the tracker reads it on its day in UTC, as it did; a story stored after keeps it."""
    from bot.ingest.track import day_of
    from storage import articles as article_store
    from storage import tracking as tracking_store
    from storage.records import NewArticle

    path = tmp_path / "v7.db"
    old = connect_at_version(path, 7)
    old.execute(
        "INSERT INTO articles (id, url, title, published, fetched, sort_time, text, text_hash, group_id) "
        "VALUES (1, 'https://ministry.example/1', 'Ferry talks resume', '2026-11-30T19:30:00.000000Z', "
        "'2026-11-30T20:00:00Z', '2026-11-30T19:30:00.000000Z', 'Velmora and Kestria met.', 'h1', 1)"
    )
    old.conn.close()
    db = connect(path)
    assert db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == MIGRATIONS[-1][0]
    [before] = tracking_store.untracked(db)
    assert before.own_day is None and day_of(before.published, before.own_day).isoformat() == "2026-11-30"
    db.execute("UPDATE articles SET tracked = 1")
    article_store.insert_article(db, NewArticle(
        url="https://ministry.example/2", source_id=None, guid=None, title="Ferry talks end", text="They ended.",
        text_hash="h2", published="2026-11-30T19:30:00.000000Z", own_day="2026-12-01"))
    [after] = tracking_store.untracked(db)
    assert day_of(after.published, after.own_day).isoformat() == "2026-12-01"


def test_a_stored_storys_paywall_note_becomes_its_paywalled_mark(tmp_path: Path) -> None:
    """Migration 9: a story stored with the paywall note as the last sentence of its summary (as ingest wrote it
    before) keeps the note as its `paywalled` mark, and its summary is its own sentences; another story's summary
    is left as it was."""
    import json

    from storage import articles as article_store

    note = "(Only the start of this story is free on its site; the rest is for subscribers.)"
    path = tmp_path / "v8.db"
    old = connect_at_version(path, 8)
    for n, summary in ((1, ["Velmora will sell its airline stake.", note]), (2, ["Norland's festival returns."])):
        old.execute(
            "INSERT INTO articles (id, url, title, published, fetched, sort_time, text, text_hash, group_id, summary)"
            " VALUES (?, ?, ?, '2026-11-30T10:00:00Z', '2026-11-30T10:00:00Z', '2026-11-30T10:00:00Z', 'x', ?, ?, ?)",
            [n, f"https://ministry.example/{n}", f"Story {n}", f"h{n}", n, json.dumps(summary)])
    old.conn.close()
    db = connect(path)
    rows = {row.id: row for row in article_store.latest(db, 5)}
    assert rows[1].paywalled and rows[1].summary == ["Velmora will sell its airline stake."]
    assert not rows[2].paywalled and rows[2].summary == ["Norland's festival returns."]


def test_a_database_that_takes_no_writes_is_said_once_then_hourly_then_once_when_it_works(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The pace of the log's lines about failing writes (the real process under a file-size limit is
    tests/reliability/test_file_size_limit.py; an hour is not waited out there, so the reminder's pace is here)."""
    from datetime import timedelta

    from bot.core.storage import REMIND_EVERY, StorageHealth

    health = StorageHealth()
    full = OSError("database or disk is full")
    with caplog.at_level("WARNING", logger="communique.storage"):
        assert health.failed("ingest", full, quiet=True)
        start = health.failing_since
        assert start is not None
        lines = [health.due_line(start + timedelta(minutes=15 * n)) for n in range(9)]  # two hours of passes
        assert lines == ["first", None, None, None, "reminder", None, None, None, "reminder"]
        assert not health.failed("delivery", full), "a second part's failure adds no line"
        assert caplog.records == []
        health.worked("delivery")
        assert caplog.records == [], "writes work again only once every part that failed does"
        health.worked("ingest")
    [again] = [r.getMessage() for r in caplog.records]
    assert again.startswith("the database takes writes again after ") and "nothing was lost" in again, again
    assert health.due_line() is None, "nothing to say while writes work"
    health.failed("ingest", full, quiet=True)
    assert health.due_line() == "first", "a new failure is said anew"
    assert REMIND_EVERY == timedelta(hours=1)  # docs/operations.md says hourly


def test_a_chat_sent_many_stories_finds_its_copies_of_a_few_without_reading_them_all(tmp_path: Path) -> None:
    """A chat that takes every story has been sent one row a story: each digest asks which of a few story groups
    it holds a copy of. Read from the chat's sent rows, that was every one of them, joined to its story (70 ms a
    digest at 100,000). Counted in SQLite's own steps (its progress handler), not by a clock."""
    from storage import articles as article_store
    from tests.helpers import sqlite_steps

    db = connect(tmp_path / "communique.db")
    db.execute("INSERT INTO sources (id, name, url, interval) VALUES (1, 'Wire', 'https://wire.example/feed', 60)")
    db.execute("INSERT INTO subscriptions (id, platform, chat_id, mode, time, timezone, max_items, created, since) "
               "VALUES (1, 'telegram', '7', 'daily', '08:00', 'UTC', 10, '2026-01-01', '2026-01-01')")
    sent = 20_000
    db.conn.executemany(
        "INSERT INTO articles (id, source_id, url, title, fetched, sort_time, text_hash, group_id) "
        "VALUES (?, 1, ?, ?, '2026-01-01', '2026-01-01', ?, ?)",
        [(n, f"https://wire.example/{n}", f"Story {n}", str(n), n) for n in range(1, sent + 1)])
    db.conn.executemany("INSERT INTO delivered (subscription_id, article_id, digest_key) VALUES (1, ?, 'k')",
                        [(n,) for n in range(1, sent + 1)])
    db.conn.commit()

    with sqlite_steps(db.conn) as steps:
        copies = article_store.delivered_in_groups(db, 1, [sent, sent + 1])
        groups = article_store.groups_already_delivered(db, 1, [sent - 1, sent + 1])
    assert [c.url for c in copies] == [f"https://wire.example/{sent}"] and groups == {sent - 1}
    assert steps() < 20, f"{steps() * 1000} SQLite steps for two lookups of two groups among {sent} sent stories"


def test_a_database_restored_by_the_version_before_restored_starts_keeps_its_start(tmp_path: Path) -> None:
    """A database restored and started by the version that knew a restored start only by its chats' notices
    (version 17): the upgrade carries that start into `restored_starts`, as one the config was followed after (a
    `run` had started on it), so a source added to it now joins a day back, as on any running bot; one added at
    a restored start not yet followed joins at that start."""
    from storage.db import restored_backup, settle_restored_start
    from storage.records import SourceEntry
    from storage.sources import sync_sources

    path = tmp_path / "v17.db"
    old = connect_at_version(path, 17)
    old.execute("INSERT INTO subscriptions (id, platform, chat_id, mode, time, timezone, max_items, created, since, "
                "active) VALUES (1, 'test', 'desk', 'daily', '08:00', 'UTC', 10, '2026-12-01T00:00:00Z', "
                "'2026-12-01T00:00:00Z', 1)")
    restarted = to_iso(datetime.now(UTC) - timedelta(hours=2))
    old.execute("INSERT INTO restore_notices (subscription_id, backup_at, restarted_at) VALUES "
                "(1, '2026-12-03T03:30:00.000000Z', ?)", [restarted])
    old.execute("INSERT INTO pruned (url, pruned_at) VALUES ('https://press.example/gone', ?)", [restarted])
    old.conn.close()
    db = connect(path)
    assert list(db.execute("SELECT restarted_at, backup_at, settled FROM restored_starts")) == [
        (restarted, "2026-12-03T03:30:00.000000Z", restarted)]
    sync_sources(db, [SourceEntry(name="Press", url="https://press.example/feed.xml")])
    joined = db.execute("SELECT catalogue_before FROM sources WHERE name = 'Press'").fetchone()[0]
    assert to_iso(datetime.now(UTC) - timedelta(hours=24, minutes=1)) < joined < restarted, joined
    db.execute(f"PRAGMA user_version = {int((datetime.now(UTC) - timedelta(days=2)).timestamp())}")  # restored again
    assert restored_backup(db) is not None
    [(again,)] = db.execute("SELECT restarted_at FROM restored_starts WHERE settled IS NULL").fetchall()
    entries = [SourceEntry(name="Press", url="https://press.example/feed.xml"),
               SourceEntry(name="Wire", url="https://wire.example/feed.xml")]
    sync_sources(db, entries)
    assert db.execute("SELECT catalogue_before FROM sources WHERE name = 'Wire'").fetchone()[0] == again
    settle_restored_start(db)
    sync_sources(db, [*entries, SourceEntry(name="Gazette", url="https://gazette.example/feed.xml")])
    later = db.execute("SELECT catalogue_before FROM sources WHERE name = 'Gazette'").fetchone()[0]
    assert later < again, (later, again)


def test_a_backup_of_the_schema_before_restore_notices_owes_its_chats_word_of_the_restore(tmp_path: Path) -> None:
    """A backup taken by a Communiqué without `restore_notices` (version 16), restored: the start upgrades it, and
    each chat active in it is owed the line telling it of the restore; a chat that had left is not."""
    from datetime import UTC, datetime

    from storage import deliveries as ledger
    from storage.db import restored_backup

    path = tmp_path / "v16.db"
    old = connect_at_version(path, 16)
    for sid, active in ((1, 1), (2, 0)):
        old.execute("INSERT INTO subscriptions (id, platform, chat_id, mode, time, timezone, max_items, created, "
                    "since, active) VALUES (?, 'test', ?, 'daily', '08:00', 'UTC', 10, '2026-12-01T00:00:00Z', "
                    "'2026-12-01T00:00:00Z', ?)", [sid, f"desk-{sid}", active])
    made = datetime(2026, 12, 3, 3, 30, tzinfo=UTC)
    old.execute(f"PRAGMA user_version = {int(made.timestamp())}")  # as `communique backup` marks its copy
    old.conn.close()
    db = connect(path)
    assert restored_backup(db) == made
    owed = ledger.owed_restore(db, 1)
    assert owed is not None and owed.backup_at.startswith("2026-12-03T03:30"), owed
    assert ledger.owed_restore(db, 2) is None
    ledger.mark_restore_told(db, 1, "daily:2026-12-07")
    assert ledger.owed_restore(db, 1) is None, "told once"
    assert restored_backup(db) is None
