"""A database left by each older schema version, opened by this version's `communique run`: migrated, said in the
log, nothing lost, and the message that was half-sent when the older bot stopped finished once.

Each older database is made with the migrations in storage/ up to its version and filled with what a bot
killed mid-digest had stored (subscriptions, stories, a message marked "sending", others still due): the rows of
a real run, in the columns that version had. A database of a newer version than this Communiqué knows is refused,
and left as it was.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from storage.db import MIGRATIONS
from tests.feedserver import FeedServer
from tests.reliability.harness import Deployment
from tests.reliability.test_crash_console import CHATS, STORIES, all_links, console_config, messages
from tests.test_storage import connect_at_version

NEWEST = MIGRATIONS[-1][0]
SKIPPED = {"schema_version", "sqlite_sequence"}


def copy_into_version(source: Path, target: Path, version: int) -> None:
    """The rows of `source` (a current database) written into a new database at schema `version`, in the columns
    that version has."""
    old = connect_at_version(target, version)
    new = sqlite3.connect(source)
    try:
        tables = [t for t in old.table_names() if t not in SKIPPED and not t.startswith("articles_fts")]
        for table in tables:
            columns = [c for c in old[table].columns_dict if c in {r[1] for r in new.execute(
                f"PRAGMA table_info({table})")}]
            rows = new.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            old.conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows)
        if version < 3:  # the full-text index was kept by hand before migration 3
            old.execute("INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles")
    finally:
        new.close()
        old.conn.close()


def half_done(deploy: Callable[..., Deployment], feed_server: FeedServer) -> Deployment:
    """A bot killed with its third message marked "sending", the platform not yet called."""
    deployment = deploy(console_config(feed_server))
    first = deployment.start(failpoints="sender.before_send=3")
    assert first.wait(timeout=90) == -9, first.stderr[-2000:]
    ledger = deployment.ledger()
    assert ledger["sending"] == 1 and ledger["due"] > 0 and ledger["sent"] == 2, ledger
    return deployment


@pytest.mark.parametrize("version", range(1, NEWEST))
def test_a_database_of_each_older_version_is_upgraded_and_its_half_done_delivery_finished_once(
    deploy: Callable[..., Deployment], feed_server: FeedServer, tmp_path: Path, version: int
) -> None:
    deployment = half_done(deploy, feed_server)
    printed_before = [m for run in deployment.runs for m in messages(run.stdout)]
    current = tmp_path / "current.db"
    deployment.db_path.rename(current)
    for leftover in ("-wal", "-shm"):
        Path(f"{deployment.db_path}{leftover}").unlink(missing_ok=True)
    copy_into_version(current, deployment.db_path, version)
    subscriptions = deployment.query("SELECT platform, chat_id, topics, mode FROM subscriptions ORDER BY id")
    articles = deployment.query("SELECT id, url, title FROM articles ORDER BY id")
    assert len(subscriptions) == CHATS and len(articles) == STORIES

    run = deployment.start(args=("-v",))  # as the service and the container run it
    deployment.wait_for(lambda: deployment.drained(STORIES, CHATS), 90, run, "every story delivered to every chat")
    code, _ = run.terminate()
    assert code == 0, run.stderr[-2000:]

    assert deployment.scalar("SELECT MAX(version) FROM schema_version") == NEWEST
    assert f"upgraded from schema version {version} to {NEWEST}" in run.stderr
    assert deployment.query("SELECT platform, chat_id, topics, mode FROM subscriptions ORDER BY id") == subscriptions
    assert deployment.query("SELECT id, url, title FROM articles ORDER BY id") == articles
    printed = printed_before + messages(run.stdout)
    counts = Counter(url for message in printed for url in message)
    assert all(counts[url] == CHATS for url in all_links()), "each story reached each chat once"
    assert deployment.ledger()["sent"] == len(printed), "the half-sent message went once"
    assert deployment.integrity() == "ok"
    found = deployment.cli("latest", "5", "--topic", "press")
    assert found.returncode == 0, found.stderr


def test_a_database_of_a_newer_version_is_refused_and_left_untouched(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    deployment = half_done(deploy, feed_server)
    deployment.execute("INSERT INTO schema_version (version, name, applied) VALUES (?, 'from a later release', "
                       "'2027-01-01T00:00:00Z')", [NEWEST + 1])
    deployment.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def snapshot() -> dict[str, str]:
        """The database and its write-ahead log by content (an empty log, which opening a WAL database leaves,
        holds nothing; the shared-memory index and the lock's pid file are not the data)."""
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                for p in deployment.db_path.parent.iterdir() if p.name.startswith("communique.db")
                and not p.name.endswith((".lock", "-shm")) and p.stat().st_size}

    before = snapshot()
    run = deployment.start()
    code = run.wait(timeout=60)
    assert code == 2, run.stderr[-2000:]
    assert (f"the database {deployment.db_path} is at schema version {NEWEST + 1}, newer than this Communiqué "
            f"knows ({NEWEST})") in run.stderr
    assert "Traceback" not in run.stderr
    assert snapshot() == before, "the newer database was not written"
    status = deployment.cli("status")
    assert status.returncode == 2 and "newer than this Communiqué knows" in status.stderr, status.stderr
    assert "Traceback" not in status.stderr
    deployment.db_path.chmod(0o400)  # read-only: opened without migrations, still named as newer
    status = deployment.cli("status")
    assert status.returncode == 2 and "newer than this Communiqué knows" in status.stderr, status.stderr
    assert snapshot() == before
