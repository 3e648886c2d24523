"""A database another program holds a write lock on (an operator's `sqlite3` shell with a transaction open):
what the ingest says, and that nothing is lost once the lock is released. Real SQLite files, a real feed server."""

from __future__ import annotations

import logging
import sqlite3

import pytest

import storage.db
from storage import articles as article_store
from tests.factories import items, rss
from tests.feedserver import FeedServer
from tests.helpers import ingestor_for


async def test_a_write_lock_held_by_another_program_is_named_and_nothing_is_lost(
    feed_server: FeedServer, make_config, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """SQLite's own words, "database is locked", left the operator to guess who held it: the bot's own lock
    (a second bot?) or a shell. The reason now says another program holds a write transaction, and how to read
    the database by hand without one."""
    monkeypatch.setattr(storage.db, "BUSY_TIMEOUT", 0.3)  # the bot waits 30 s for a lock; a test need not
    feed_server.route("/feed.xml", body=rss(items(2)))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    shell = sqlite3.connect(ingestor.db.conn.execute("PRAGMA database_list").fetchone()[2], isolation_level=None)
    shell.execute("BEGIN IMMEDIATE")  # what `BEGIN;` then an UPDATE in the sqlite3 shell holds until COMMIT
    shell.execute("SELECT count(*) FROM articles").fetchone()
    caplog.set_level(logging.WARNING)
    [report] = await ingestor.run(only_due=False)
    assert not report.ok
    assert report.error == (
        "could not store its entries: database is locked (another program holds a write transaction on the "
        "database, e.g. an sqlite3 shell after BEGIN or an unfinished UPDATE: end it with COMMIT or ROLLBACK, "
        "or quit it; read it by hand with `sqlite3 -readonly`)")
    assert "another program holds a write transaction" in caplog.text
    shell.execute("ROLLBACK")
    shell.close()
    [report] = await ingestor.run(only_due=False)
    assert report.ok and report.new == 2
    assert len(article_store.latest(ingestor.db, 10)) == 2
