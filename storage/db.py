"""Open the SQLite database, keep its schema current, and hold the single-instance lock.

The database file is created with mode 0600 (it holds chat ids and subscriptions), runs in WAL mode so that
commands can read while the scheduler writes, and is migrated forward at open: each migration runs once, in a
transaction, and is recorded in `schema_version`.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]


def utcnow() -> str:
    """Timestamps are stored as ISO 8601 UTC text with seconds, which sorts correctly as text."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def to_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _m1_initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            url TEXT NOT NULL,
            tags TEXT NOT NULL DEFAULT '[]',
            interval INTEGER NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            etag TEXT,
            last_modified TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            next_due TEXT,
            last_attempt TEXT,
            last_success TEXT,
            last_error TEXT,
            last_error_at TEXT,
            alerted INTEGER NOT NULL DEFAULT 0,
            articles_seen INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            source_id INTEGER REFERENCES sources(id),
            guid TEXT,
            title TEXT NOT NULL,
            author TEXT,
            published TEXT,
            fetched TEXT NOT NULL,
            updated TEXT,
            sort_time TEXT NOT NULL,
            lang TEXT,
            text TEXT NOT NULL DEFAULT '',
            text_hash TEXT NOT NULL,
            entry_hash TEXT,
            sketch TEXT NOT NULL DEFAULT '[]',
            group_id INTEGER,
            tags TEXT NOT NULL DEFAULT '[]',
            summary TEXT NOT NULL DEFAULT '[]',
            quotes TEXT NOT NULL DEFAULT '[]',
            pledges TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX idx_articles_sort ON articles(sort_time DESC, id DESC);
        CREATE INDEX idx_articles_source_guid ON articles(source_id, guid);
        CREATE INDEX idx_articles_group ON articles(group_id);
        CREATE INDEX idx_articles_hash ON articles(text_hash);
        CREATE TABLE article_tags (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (tag, article_id)
        ) WITHOUT ROWID;
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TABLE pledges (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            actor TEXT NOT NULL,
            commitment TEXT NOT NULL,
            evidence TEXT NOT NULL,
            when_text TEXT,
            due TEXT,
            status TEXT NOT NULL DEFAULT 'open',
            created TEXT NOT NULL
        );
        CREATE INDEX idx_pledges_article ON pledges(article_id);
        CREATE INDEX idx_pledges_status ON pledges(status, id DESC);
        CREATE TABLE subscriptions (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            chat_kind TEXT NOT NULL DEFAULT 'private',
            chat_title TEXT,
            topics TEXT NOT NULL DEFAULT '[]',
            mode TEXT NOT NULL,
            time TEXT NOT NULL,
            timezone TEXT NOT NULL,
            max_items INTEGER NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            origin TEXT NOT NULL DEFAULT 'command',
            created_by TEXT,
            created TEXT NOT NULL,
            since TEXT NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            last_error_at TEXT,
            deactivated_reason TEXT,
            UNIQUE (platform, chat_id)
        );
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
            digest_key TEXT NOT NULL,
            part INTEGER NOT NULL,
            parts INTEGER NOT NULL,
            payload TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'due',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt TEXT NOT NULL,
            created TEXT NOT NULL,
            sent_at TEXT,
            message_id TEXT,
            last_error TEXT,
            UNIQUE (subscription_id, digest_key, part)
        );
        CREATE INDEX idx_deliveries_state ON deliveries(state, next_attempt);
        CREATE TABLE delivered (
            subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            digest_key TEXT NOT NULL,
            PRIMARY KEY (subscription_id, article_id)
        ) WITHOUT ROWID;
        """
    )


def _m2_pruned(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE pruned (
            url TEXT PRIMARY KEY,
            source_id INTEGER,
            guid TEXT,
            pruned_at TEXT NOT NULL
        );
        CREATE INDEX idx_pruned_guid ON pruned(source_id, guid);
        CREATE INDEX idx_articles_fetched ON articles(fetched);
        """
    )


def _m3_fts_triggers(db: sqlite_utils.Database) -> None:
    """The full-text index follows the articles table by itself (triggers), rebuilt from the table once.

    Until now storage kept `articles_fts` in step by hand; the index holds nothing the table does not, so it is
    dropped and built again, with the triggers that keep it from now on.
    """
    db.execute("DROP TABLE IF EXISTS articles_fts")
    db.table("articles").enable_fts(
        ["title", "text"], fts_version="FTS5", tokenize="unicode61 remove_diacritics 2", create_triggers=True
    )


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "initial schema", _m1_initial),
    (2, "retention: remember pruned articles", _m2_pruned),
    (3, "full-text index kept by triggers", _m3_fts_triggers),
]


def _schema_version(db: sqlite_utils.Database) -> int:
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT, applied TEXT)"
    )
    row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return row[0] or 0


def migrate(
    db: sqlite_utils.Database,
    migrations: list[tuple[int, str, Migration]] = MIGRATIONS,
    *,
    checkpoint: Callable[[str], None] | None = None,
) -> int:
    """Apply every migration newer than the database, each in its own transaction; returns the version.

    `checkpoint` is called inside each migration's transaction (bot/failpoints.py kills the process there in
    crash tests; storage itself imports nothing from bot/).
    """
    current = _schema_version(db)
    newest = max((v for v, _, _ in migrations), default=0)
    if current > newest:
        raise RuntimeError(
            f"the database is at schema version {current}, newer than this Communiqué knows ({newest}): "
            "upgrade Communiqué, or use another database file"
        )
    for version, name, step in migrations:
        if version <= current:
            continue
        conn = db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            step(db)
            if checkpoint is not None:
                checkpoint("db.migration")
            conn.execute(
                "INSERT INTO schema_version (version, name, applied) VALUES (?, ?, ?)", (version, name, utcnow())
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        current = version
    return current


def _create_private(path: Path) -> None:
    """Create the database file readable by its owner only, before SQLite opens it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    os.chmod(path, 0o600)


def connect(path: Path | str, *, checkpoint: Callable[[str], None] | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at `path`; ':memory:' works for quick checks."""
    if str(path) != ":memory:":
        _create_private(Path(path))
    # executescript and our explicit BEGINs need autocommit mode (isolation_level=None).
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)
    db = sqlite_utils.Database(conn)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=30000")
    migrate(db, checkpoint=checkpoint)
    return db


class InstanceLock:
    """An exclusive lock next to the database, so a second `communique run` refuses instead of double-posting.

    The operating system drops the lock when the process dies, even by SIGKILL: no stale lock files to clean up.
    """

    def __init__(self, db_path: Path | str) -> None:
        self.path = Path(f"{db_path}.lock")
        self._fd: int | None = None

    def acquire(self) -> bool:
        """True when this process now holds the lock; False when another process does."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return True

    def holder(self) -> str | None:
        """The pid written by the process holding the lock, if readable."""
        try:
            return self.path.read_text().strip() or None
        except OSError:
            return None

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class transaction:
    """`with transaction(db):` runs the block in one IMMEDIATE transaction (the connection is in autocommit).

    Nested use becomes a savepoint, so small storage functions can be composed into one atomic step.
    """

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.conn = db.conn
        self.nested = False

    def __enter__(self) -> None:
        self.nested = self.conn.in_transaction
        self.conn.execute("SAVEPOINT nested" if self.nested else "BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self.nested:
            if exc_type is not None:
                self.conn.execute("ROLLBACK TO nested")
            self.conn.execute("RELEASE nested")
        else:
            self.conn.execute("COMMIT" if exc_type is None else "ROLLBACK")
