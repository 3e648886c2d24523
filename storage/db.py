"""Open the SQLite database, keep its schema current, and hold the single-instance lock.

The database file is created with mode 0600 (it holds chat ids and subscriptions), runs in WAL mode so that
commands can read while the scheduler writes, and is migrated forward at open: each migration runs once, in a
transaction, and is recorded in `schema_version`.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import pwd
import resource
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

log = logging.getLogger(__name__)

Migration = Callable[[sqlite_utils.Database], None]


class DatabaseAccessError(RuntimeError):
    """The database file cannot be used as asked (another user's, set read-only, unreadable): the message says
    what is wrong and what to do."""


class DatabaseTooNew(DatabaseAccessError):
    """The database was written by a newer Communiqué (a schema version this one does not know): it is refused,
    not read as if it were current, and nothing is written to it."""


class DatabaseUnreadable(DatabaseAccessError):
    """The file at the database's path is no database SQLite can read (a backup cut short, the wrong file
    restored): refused, and left as it is, so the operator can still put the right one back."""


def unreadable(path: Path | str, error: sqlite3.Error) -> DatabaseUnreadable:
    """The refusal of a file that is damaged or no database: SQLite's own words ("file is not a database", "database
    disk image is malformed") came out of every command as an unexpected error's traceback, exit 1."""
    return DatabaseUnreadable(
        f"the database {path} cannot be read as a database: it is damaged, cut short or not a database at all "
        f"(SQLite: {error}); it was left as it is. If a backup was just put in its place, put a whole one there "
        "(docs/operations.md, \"Backups and restoring one\"; `sqlite3 FILE 'PRAGMA integrity_check'` checks one first)"
    )


def another_programs(conn: sqlite3.Connection, path: Path | str) -> DatabaseAccessError | None:
    """The refusal of another program's SQLite database (tables, none of them Communiqué's `schema_version`), or
    None: the wrong file restored was taken for a database of version 0, and Communiqué's tables were written
    into it beside the other program's, by `status` as by `run`. Read before anything is written (even the switch
    to a write-ahead log changes the file)."""
    names = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    if not names or "schema_version" in names:
        return None
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return DatabaseAccessError(
        f"the database {path} is a SQLite database of another program, not Communiqué's (its tables: {shown}); it "
        "was left as it is. Put Communiqué's database there (docs/operations.md, \"Backups and restoring one\"), "
        "or point [storage] path at it"
    )


def restored_backup(db: sqlite_utils.Database) -> datetime | None:
    """When `communique backup` made this database, if it is such a copy not yet started on; the mark is then
    cleared, so it is said once.

    A restored bot carries on from the backup's moment, and the feeds still list what came in after it, which the
    bot it was copied from sent: read as news, a backup of three days ago sent every chat three days of stories
    again. So what the feeds list from before this start is taken as each source's back catalogue (stored, not
    pushed to chats as new), as for a source added to a running bot, and the start says so; what they list later
    is news; each subscribed chat is owed one line in its next digest saying so (`restore_notices`). All in one
    transaction: a full disk at the start leaves the mark, and the next start does it all.
    """
    moment = db.execute("PRAGMA user_version").fetchone()[0]
    if not moment:
        return None
    try:
        with transaction(db):
            now = utcnow()
            db.execute("UPDATE sources SET catalogue_before = ? WHERE active = 1", [now])
            # The start itself, whoever is subscribed: a source the config gained since the backup joins at it
            # (`storage.sources`), also in a copy that no chat had subscribed to yet.
            db.execute("INSERT OR REPLACE INTO restored_starts (restarted_at, backup_at) VALUES (?, ?)",
                       [now, to_iso(datetime.fromtimestamp(moment, UTC))])
            # Each chat is told too, in its next digest: the log alone left them wondering (`restore_notices`).
            db.execute("INSERT OR REPLACE INTO restore_notices (subscription_id, backup_at, restarted_at) "
                       "SELECT id, ?, ? FROM subscriptions WHERE active = 1",
                       [to_iso(datetime.fromtimestamp(moment, UTC)), now])
            db.execute("PRAGMA user_version = 0")
    except sqlite3.OperationalError:
        pass  # a full disk at the start: said again at the next one
    return datetime.fromtimestamp(moment, UTC)


def restored_start(db: sqlite_utils.Database) -> str | None:
    """The start on a restored backup whose config has not been followed yet by `run` (ISO), if any: what the feeds
    list from before it was sent by the bot the backup was copied from, for the sources the config has at that
    start too, the ones gained since the backup among them (`storage.sources`)."""
    return db.execute("SELECT MAX(restarted_at) FROM restored_starts WHERE settled IS NULL").fetchone()[0]


def settle_restored_start(db: sqlite_utils.Database, subscribed: Sequence[int] = ()) -> None:
    """`run` made the sources and subscriptions follow the config after a restored start: what the config gains
    from now on joins as on any running bot (a source added an hour later sends its last day's stories).

    `subscribed`: the subscriptions that following made or brought back (a chat's block added after the backup, or
    one put back that had been removed when it was taken). What the feeds listed before the start is held back from
    them as from every chat, so they are owed word of the restore too: only the chats subscribed in the copy were
    told, and these never learnt why those stories did not come, nor how to get them."""
    start = restored_start(db)
    if start is None:
        return
    with transaction(db):
        for subscription_id in subscribed:
            db.execute("INSERT OR REPLACE INTO restore_notices (subscription_id, backup_at, restarted_at) "
                       "SELECT ?, backup_at, restarted_at FROM restored_starts WHERE restarted_at = ?",
                       [subscription_id, start])
        db.execute("UPDATE restored_starts SET settled = ? WHERE settled IS NULL", [utcnow()])


def _set_aside_a_log_not_its_own(path: Path) -> None:
    """Move aside a write-ahead log that cannot be this database's, before SQLite reads it into the file.

    A database in rollback-journal mode (its header's bytes 18 and 19 are 1: what `communique backup` writes, and
    SQLite's default) never has a live `-wal`; once in WAL mode they read 2, and stay so. Such a log is the one
    a bot left beside an older file that was replaced under it (a backup restored over a running bot, the
    restore's first step skipped): the switch to WAL mode read it into the backup, pages of two databases mixed.
    It is kept aside, not deleted, and said.
    """
    wal = Path(f"{path}-wal")
    try:
        if not wal.exists() or wal.stat().st_size == 0:
            return
        with open(path, "rb") as file:
            header = file.read(20)
    except OSError:
        return
    if len(header) < 20 or not header.startswith(b"SQLite format 3\0") or header[18:20] != b"\x01\x01":
        return
    aside = wal.with_name(f"{wal.name}.not-its-own-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
    try:
        wal.rename(aside)
        Path(f"{path}-shm").unlink(missing_ok=True)
    except OSError as exc:
        raise DatabaseAccessError(
            f"the write-ahead log beside the database {path} is not its own (the file was replaced while a bot "
            f"ran on the one before), and it cannot be moved aside: {exc.strerror or exc}. Move {wal} away, then "
            "start Communiqué again") from None
    log.warning("the write-ahead log beside the database %s is not its own: the file was replaced (a backup "
                "restored) while a bot ran on the one before, whose log it is. It was moved aside to %s, not "
                "read into the database", path, aside)


def is_empty_file(path: Path | str) -> bool:
    """A file of 0 bytes with no write-ahead log holding anything beside it: no database, though SQLite reads it as
    an empty one (what a restore whose copy failed leaves). Opening a database in WAL mode writes its first page,
    so a bot's database is never this, even killed before its first checkpoint."""
    try:
        if Path(path).stat().st_size:
            return False
        wal = Path(f"{path}-wal")
        return not wal.exists() or wal.stat().st_size == 0
    except OSError:
        return False


def is_damage(error: BaseException) -> bool:
    """SQLITE_NOTADB and SQLITE_CORRUPT: raised as `sqlite3.DatabaseError` itself, not one of its subclasses."""
    return type(error) is sqlite3.DatabaseError


def newest_written(db: sqlite_utils.Database) -> datetime | None:
    """The newest time Communiqué's clock wrote (a message planned or sent, a source read, a chat subscribed): a
    clock set back while the bot was stopped leaves it ahead of now, and with it the waits the clock before wrote."""
    stamps = [row[0] for row in db.execute(
        "SELECT MAX(created) FROM deliveries UNION ALL SELECT MAX(sent_at) FROM deliveries "
        "UNION ALL SELECT MAX(last_attempt) FROM sources UNION ALL SELECT MAX(created) FROM subscriptions")]
    moments = [moment for moment in map(from_iso, stamps) if moment is not None]
    return max(moments, default=None)


# The times `newest_written` reads, each with those written by the same act (a source's next read, planned with
# its last one; a chat's `since`, set with its subscription).
_WRITTEN_BY_THE_CLOCK = (
    ("deliveries", "created", ()),
    ("deliveries", "sent_at", ()),
    ("sources", "last_attempt", ("next_due", "last_success", "last_error_at")),
    ("subscriptions", "created", ("since",)),
)


def move_written_back(db: sqlite_utils.Database, now: datetime, behind: timedelta) -> None:
    """The clock was set back `behind` while the bot was stopped: each time `newest_written` reads that is after
    `now` was written by the clock before, and moves back as far (with the times written with it). The database
    then tells the true order of things (a chat subscribed before a digest time it was owed), and the next start
    finds nothing ahead of now: the waits move back once, not again at each restart until the clock catches up."""
    with transaction(db):
        for table, column, along in _WRITTEN_BY_THE_CLOCK:
            columns = (column, *along)
            rows = db.execute(f"SELECT id, {', '.join(columns)} FROM {table} WHERE {column} > ?",
                              [to_iso(now)]).fetchall()
            for row in rows:
                moved = [to_iso(moment - behind) if (moment := from_iso(value)) else value for value in row[1:]]
                db.execute(f"UPDATE {table} SET {', '.join(f'{name} = ?' for name in columns)} WHERE id = ?",
                           [*moved, row[0]])


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


def _m4_tracking(db: sqlite_utils.Database) -> None:
    """Following actors and tracking pledges.

    - `articles.tracked`: whether the tracker has read the article (its actors, its pledges' actors, its
      follow-ups of earlier pledges); articles stored before this migration are read by the running bot, oldest
      first, as if they had just arrived;
    - `pledges`: the actor's key (and all its keys, as JSON) and `canonical_id`, the first report of the same
      pledge (null for a first report). The old `status` column goes: a status depends on the day it is asked,
      so it is computed from the follow-ups and a clock, never stored;
    - `article_actors`: who a story involves (quoted, pledges, subject), for follows and "did you mean";
    - `pledge_followups`: a later story's report on a pledge (kept, broken, delayed, superseded);
    - `follows`: the actors a chat follows;
    - `pledge_notices`: which "falling due", "kept" and "broken" lines a chat has been sent, so each is sent once.
    """
    db.executescript(
        """
        ALTER TABLE articles ADD COLUMN tracked INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX idx_articles_untracked ON articles(sort_time, id) WHERE tracked = 0;
        DROP INDEX IF EXISTS idx_pledges_status;
        ALTER TABLE pledges DROP COLUMN status;
        ALTER TABLE pledges ADD COLUMN actor_key TEXT;
        ALTER TABLE pledges ADD COLUMN actor_keys TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE pledges ADD COLUMN canonical_id INTEGER REFERENCES pledges(id) ON DELETE SET NULL;
        CREATE INDEX idx_pledges_actor ON pledges(actor_key);
        CREATE INDEX idx_pledges_canonical ON pledges(canonical_id);
        CREATE INDEX idx_pledges_due ON pledges(due);
        CREATE TABLE article_actors (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            actor_key TEXT NOT NULL,
            name TEXT NOT NULL,
            reasons TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (actor_key, article_id)
        ) WITHOUT ROWID;
        CREATE INDEX idx_article_actors_article ON article_actors(article_id);
        CREATE TABLE pledge_followups (
            id INTEGER PRIMARY KEY,
            pledge_id INTEGER NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            outcome TEXT NOT NULL,
            evidence TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            score REAL NOT NULL DEFAULT 0,
            new_due TEXT,
            published TEXT NOT NULL,
            created TEXT NOT NULL,
            UNIQUE (pledge_id, article_id)
        );
        CREATE INDEX idx_followups_article ON pledge_followups(article_id);
        CREATE TABLE follows (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            actor_key TEXT NOT NULL,
            actor_name TEXT NOT NULL,
            created TEXT NOT NULL,
            created_by TEXT,
            UNIQUE (platform, chat_id, actor_key)
        );
        CREATE TABLE pledge_notices (
            subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
            pledge_id INTEGER NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            digest_key TEXT NOT NULL,
            PRIMARY KEY (subscription_id, pledge_id, kind)
        ) WITHOUT ROWID;
        """
    )


def _m5_archive(db: sqlite_utils.Database) -> None:
    """A source added to a running bot, and its back catalogue:

    - `sources.catalogue_before`: set when a source is added (or its URL changed, or it is put back after being
      removed) while stories are stored, to the time before which its feed's entries are its back catalogue;
      cleared once its feed has been read whole (null for the sources a bot starts with);
    - `articles.archive`: an entry of that back catalogue, stored (for /latest, search and pledges) but not owed
      to the chats subscribed before as a new story: a source added later would otherwise push its feed's whole
      history to every chat. A chat's own backlog (`since`) still reaches it by publication time.
    """
    db.executescript(
        """
        ALTER TABLE sources ADD COLUMN catalogue_before TEXT;
        ALTER TABLE articles ADD COLUMN archive INTEGER NOT NULL DEFAULT 0;
        """
    )


def _m6_chat_order(db: sqlite_utils.Database) -> None:
    """A chat's messages go out in the order they were planned, across digests (`deliveries.due` asks whether an
    earlier message of the subscription is still owed): this index answers it without reading the chat's history."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_deliveries_owed ON deliveries(subscription_id, state)")


def _m7_day_only(db: sqlite_utils.Database) -> None:
    """`articles.day_only`: a story its feed dates by day alone ('2026-11-30', or midnight to the second), kept as
    that day at 00:00 UTC and shown as the day: as an instant it read as the evening before west of Greenwich
    ('29 Nov 2026, 20:30' in St. John's), with an hour no one wrote."""
    db.execute("ALTER TABLE articles ADD COLUMN day_only INTEGER NOT NULL DEFAULT 0")


def _m8_own_day(db: sqlite_utils.Database) -> None:
    """`articles.own_day`: a story's day as its feed dates it, at the offset it was written with ('01:00 +0530' on 1
    December is 1 December). The tracker counts a follow-up's 'tomorrow' from it, as ingest counts a story's own
    times: the stored instant's day in UTC is one off for a story filed late in the evening west of Greenwich or early
    in the morning east of it. NULL for a story stored before (its day in UTC, as then)."""
    db.execute("ALTER TABLE articles ADD COLUMN own_day TEXT")


# The note ingest ended a paywalled story's summary with, as a sentence, before migration 9 (its words as stored).
_PAYWALL_NOTE_STORED = "(Only the start of this story is free on its site; the rest is for subscribers.)"


def _m9_paywalled(db: sqlite_utils.Database) -> None:
    """`articles.paywalled`: the story's page keeps all but its start for subscribers. Ingest wrote this as one more
    sentence of the stored summary, which /latest, the digests and anything counting summary sentences then read as
    the story's words; a story stored so keeps the note as the mark, and its summary is its own sentences."""
    db.execute("ALTER TABLE articles ADD COLUMN paywalled INTEGER NOT NULL DEFAULT 0")
    rows = db.execute("SELECT id, summary FROM articles WHERE summary LIKE ?",
                      ["%" + _PAYWALL_NOTE_STORED[:-1].replace("%", "") + "%"]).fetchall()
    for article_id, summary in rows:
        sentences = json.loads(summary or "[]")
        if sentences and sentences[-1] == _PAYWALL_NOTE_STORED:
            db.execute("UPDATE articles SET paywalled = 1, summary = ? WHERE id = ?",
                       [json.dumps(sentences[:-1]), article_id])


def _m10_source_site(db: sqlite_utils.Database) -> None:
    """`sources.site`: the site a source's feed names as its own, as last read. Whose story a link is depends on it
    (a link on a source's own site is that source's story, docs/DESIGN.md), also for the source that stored a story
    first and is not being read now. NULL until the feed is read again."""
    db.execute("ALTER TABLE sources ADD COLUMN site TEXT")


def _m11_chat_alias(db: sqlite_utils.Database) -> None:
    """`subscriptions.chat_alias`: the chat's other name, as the platform last gave it (a channel's public
    "@name" beside its number). A [[subscriptions]] block may name the chat either way: matched by its alias, a
    block naming a channel subscribed under its number is that subscription, not a second one that posts each
    story again. NULL until the platform names it (a command naming the chat or posted in it)."""
    db.execute("ALTER TABLE subscriptions ADD COLUMN chat_alias TEXT")


def _m12_story_edits(db: sqlite_utils.Database) -> None:
    """A story its outlet edited materially after chats were sent it, and which chats are told:

    - `story_edits`: one row per material edit of a stored story (the headline it had before, and the one line a
      digest shows of what changed), written with the edit itself, in its transaction;
    - `edit_notices`: the chats owed word of an edit (those the story had been delivered to when it was edited),
      `digest_key` NULL until the digest that tells it is planned, then that digest's key (set in the digest's own
      transaction, as `delivered` is), so an edit is told once, whatever crashes or restarts come between.
    """
    db.executescript(
        """
        CREATE TABLE story_edits (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            was_title TEXT NOT NULL,
            change TEXT NOT NULL,
            created TEXT NOT NULL
        );
        CREATE INDEX idx_story_edits_article ON story_edits(article_id);
        CREATE TABLE edit_notices (
            subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
            edit_id INTEGER NOT NULL REFERENCES story_edits(id) ON DELETE CASCADE,
            digest_key TEXT,
            PRIMARY KEY (subscription_id, edit_id)
        ) WITHOUT ROWID;
        CREATE INDEX idx_edit_notices_owed ON edit_notices(subscription_id) WHERE digest_key IS NULL;
        """
    )


def _m13_prune_indexes(db: sqlite_utils.Database) -> None:
    """Deleting a story (retention) deletes its tags and its `delivered` rows, by ON DELETE CASCADE and by hand;
    both tables are keyed by something else first, so each story deleted read them whole. With keep_days lowered
    on a big database that held the bot's one connection, and with it every command and send, for minutes."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_article_tags_article ON article_tags(article_id)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_delivered_article ON delivered(article_id)")


def _m14_article_sources(db: sqlite_utils.Database) -> None:
    """`article_sources`: every source that listed a story (the one that stored it first among them). A story is
    stored once, by its link; listed by two sources (a block copied for another desk, its `tags` changed and its
    `url` not, or two feeds carrying one article) it carried the tags of the first alone, and a chat following the
    other's tag never got it. A stored story starts with its own source; the others join at their next read, which
    reads each feed whole once (its validators dropped): a feed unchanged since would answer 304 and never list
    its stories to the source that did not store them."""
    db.executescript(
        """
        CREATE TABLE article_sources (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            PRIMARY KEY (article_id, source_id)
        ) WITHOUT ROWID;
        CREATE INDEX idx_article_sources_source ON article_sources(source_id);
        INSERT OR IGNORE INTO article_sources (article_id, source_id)
            SELECT id, source_id FROM articles WHERE source_id IS NOT NULL;
        UPDATE sources SET etag = NULL, last_modified = NULL;
        """
    )


def _m15_source_moved(db: sqlite_utils.Database) -> None:
    """`sources.moved_to` / `moved_status`: where a source's feed last said it has moved for good (a 301 or 308 at
    every hop), its password or key redacted. The running bot's log said it once and `communique fetch` printed it,
    but `communique status` and /status, read from the database, never showed it, so the operator who reads them
    never learnt to update the config before the old address stopped redirecting."""
    db.execute("ALTER TABLE sources ADD COLUMN moved_to TEXT")
    db.execute("ALTER TABLE sources ADD COLUMN moved_status INTEGER")


def _m16_story_links(db: sqlite_utils.Database) -> None:
    """`story_links`: a link a feed lists a stored story by, other than the one it is stored at (a short link that
    redirects to it, or its own address when it was stored at the short link), with the words of the entry that
    listed it. Nothing recorded where a link led, so each read of the feed requested the link and the page behind
    it again to find the story; and when that page could not be read (the site slow or down), the entry was stored
    and sent as a story of its own."""
    db.executescript(
        """
        CREATE TABLE story_links (
            url TEXT NOT NULL,
            entry_hash TEXT NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (url, entry_hash)
        ) WITHOUT ROWID;
        CREATE INDEX idx_story_links_article ON story_links(article_id);
        """
    )


def _m17_restore_notices(db: sqlite_utils.Database) -> None:
    """`restore_notices`: the chats owed word that the bot was restored from a backup (`restored_backup`): made at
    `backup_at`, started on at `restarted_at`; what the feeds listed from between was kept from them, and only the
    operator's log said so. `digest_key` NULL until the digest that tells it is planned, then its key (set in
    that digest's transaction, as `edit_notices` are), so it is told once."""
    db.execute(
        "CREATE TABLE restore_notices (subscription_id INTEGER PRIMARY KEY REFERENCES subscriptions(id), "
        "backup_at TEXT NOT NULL, restarted_at TEXT NOT NULL, digest_key TEXT)"
    )


def _m18_restored_starts(db: sqlite_utils.Database) -> None:
    """`restored_starts`: each start on a copy `communique backup` made (`restored_backup`), at `restarted_at`, of the
    backup made at `backup_at`. The start was known only by the chats owed word of it (`restore_notices`), so a
    copy no chat had subscribed to yet (a bot backed up on its first day) forgot it, and a source the config had
    gained since the backup joined a day back, its stories sent again. `settled`: when `run` first made the
    sources and subscriptions follow the config after it (`settle_restored_start`); NULL until then. A source
    added later joins as on any running bot, a day back: cut off at the restored start, it lost its news of the
    hours before. The starts of a database restored before are taken from its notices, settled."""
    db.executescript(
        """
        CREATE TABLE restored_starts (restarted_at TEXT PRIMARY KEY, backup_at TEXT NOT NULL, settled TEXT);
        INSERT OR IGNORE INTO restored_starts (restarted_at, backup_at, settled)
            SELECT restarted_at, MIN(backup_at), restarted_at FROM restore_notices GROUP BY restarted_at;
        """
    )


def _m19_from_teaser(db: sqlite_utils.Database) -> None:
    """`articles.from_teaser`: the story's page could not be read, so its summary is of its feed's teaser (a line or
    two). The digests showed that line as the story's summary with nothing to say so. Stories stored before are
    not marked: which of them had a page that failed, nothing stored says."""
    db.execute("ALTER TABLE articles ADD COLUMN from_teaser INTEGER NOT NULL DEFAULT 0")


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "initial schema", _m1_initial),
    (2, "retention: remember pruned articles", _m2_pruned),
    (3, "full-text index kept by triggers", _m3_fts_triggers),
    (4, "following actors and tracking pledges", _m4_tracking),
    (5, "a source's back catalogue kept from chats", _m5_archive),
    (6, "a chat's messages in the order planned", _m6_chat_order),
    (7, "stories dated by day alone", _m7_day_only),
    (8, "a story's own day as its feed dates it", _m8_own_day),
    (9, "a paywalled story marked, not noted in its summary", _m9_paywalled),
    (10, "the site a source's feed names", _m10_source_site),
    (11, "a chat's other name, for the blocks that use it", _m11_chat_alias),
    (12, "chats told of a story's material edit", _m12_story_edits),
    (13, "retention finds a story's tags and deliveries by its index", _m13_prune_indexes),
    (14, "every source that listed a story, for their tags", _m14_article_sources),
    (15, "where a source's feed has moved for good", _m15_source_moved),
    (16, "the links that lead to a stored story", _m16_story_links),
    (17, "chats told of a restore from a backup", _m17_restore_notices),
    (18, "each start on a restored backup", _m18_restored_starts),
    (19, "a story summarised from its feed's teaser marked", _m19_from_teaser),
]


def _schema_version(db: sqlite_utils.Database) -> int:
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT, applied TEXT)"
    )
    row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return row[0] or 0


def _location(db: sqlite_utils.Database) -> str:
    """The file a connection's main database is, for messages."""
    return next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), "") or "in memory"


def _too_new(db: sqlite_utils.Database, where: str, current: int, newest: int) -> DatabaseTooNew:
    """The refusal of a database a newer Communiqué wrote, alike whether it was opened to migrate or to read."""
    applied = db.execute("SELECT name, applied FROM schema_version WHERE version = ?", (current,)).fetchone()
    made = f" (its version {current}, {applied[0]!r}, was applied {applied[1]})" if applied else ""
    return DatabaseTooNew(
        f"the database {where} is at schema version {current}, newer than this Communiqué knows ({newest})"
        f"{made}: it was left as it is. Run the newer Communiqué that wrote it, or restore a backup taken "
        f"before that upgrade (docs/operations.md, \"Backups and restoring one\")"
    )


def migrate(
    db: sqlite_utils.Database,
    migrations: list[tuple[int, str, Migration]] = MIGRATIONS,
    *,
    checkpoint: Callable[[str], None] | None = None,
    lock_wait: float | None = None,
) -> int:
    """Apply every migration newer than the database, each in its own transaction; returns the version.

    `checkpoint` is called inside each migration's transaction (bot/failpoints.py kills the process there in
    crash tests; storage itself imports nothing from bot/). `lock_wait`: how long an upgrade waits for another
    program's write lock (BUSY_TIMEOUT by default; `communique run` waits its start's START_LOCK_WAIT), then gives
    up, the database left at its version.
    """
    current = _schema_version(db)
    newest = max((v for v, _, _ in migrations), default=0)
    if current > newest:
        raise _too_new(db, _location(db), current, newest)
    start, taken = current, []
    if newest > current and not write_lock_free(db, 0):
        # Said before the wait, not after it: the upgrade waited SQLite's busy timeout in silence, then failed.
        wait = BUSY_TIMEOUT if lock_wait is None else lock_wait
        where = _location(db)
        holder = write_lock_holder(where)
        log.warning("the database %s is locked by another program%s: upgrading it to schema version %d waits up to "
                    "%g s for it to end its write transaction (COMMIT or ROLLBACK, or quit it)", where,
                    f" ({holder})" if holder else "", newest, wait)
        if not write_lock_free(db, wait):
            # It ended on SQLite's "cannot open the database ... for writing (database is locked)": not who, nor
            # how to end it, nor that nothing changed.
            holder = write_lock_holder(where) or holder
            raise DatabaseAccessError(
                f"could not upgrade the database {where} to schema version {newest}: it is locked by another "
                f"program{f' ({holder})' if holder else ''}, which held a write transaction on it for the {wait:g} s "
                "Communiqué waits (an sqlite3 shell after BEGIN or an unfinished UPDATE, a backup or another tool: "
                "end it with COMMIT or ROLLBACK, or quit it; read the database by hand with `sqlite3 -readonly`). "
                f"Nothing was done: the database is left at schema version {current}; start again once it has ended"
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
            # SQLite may have ended the transaction itself (a full disk, a file-size limit): a ROLLBACK then
            # fails with "no transaction is active", and that would be what the operator read, not the cause.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        current = version
        taken.append(name)
    if start and taken:  # an upgrade (a new database says nothing): what changed, and what a backup now is
        where = _location(db)
        log.info("database %s upgraded from schema version %d to %d: %s (a backup taken before it is of version "
                 "%d)", where, start, current, "; ".join(taken), start)
    return current


def is_storage_error(error: BaseException) -> bool:
    """Whether an exception says the database cannot be used now (disk full, I/O error, read-only, damaged), as
    opposed to a bug or a constraint doing its job (an `IntegrityError`)."""
    return isinstance(error, sqlite3.OperationalError) or type(error) is sqlite3.DatabaseError


# SQLite's answers that say the database cannot take a write now (a lock, a read-only file or filesystem, a full
# disk or file size limit, an I/O error, a file it cannot open), as opposed to one that says a statement is wrong.
_CANNOT_WRITE = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR,
                           sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN})


def cannot_write(error: BaseException) -> bool:
    """Whether a failed statement met a database that cannot be written now: what a user may try again later, where
    "no such table" or a damaged file is a fault for the operator, not a moment to wait out."""
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(error, sqlite3.OperationalError) and code is not None and code & 0xFF in _CANNOT_WRITE


def _owner(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def path_problem(path: Path | str, *, permissions: bool = True) -> str | None:
    """Why no database can be made or opened at `path`, found without creating anything: a folder there (`path =
    "var/"`), a file where one of its folders should be, or (`permissions`) a folder this user may not make it in.
    `run` refuses such a path, and `check-config` says so before an upgrade's restart would meet it."""
    if str(path) == ":memory:":
        return None
    path = Path(path).absolute()
    if path.is_dir():
        return f"{path} is a folder, not a database file: name a file in it, e.g. {path / 'communique.db'}"
    if path.exists():
        return None
    for folder in path.parents:
        if not folder.exists():
            continue
        if not folder.is_dir():
            return f"{folder} is a file, not a folder: the database {path} cannot be made under it"
        effective = os.access in os.supports_effective_ids
        if permissions and not os.access(folder, os.W_OK | os.X_OK, effective_ids=effective):
            return f"{_owner(os.geteuid())} may not make files in {folder}, so the database {path} cannot be made"
        return None
    return None


def prepare_file(path: Path, *, write: bool) -> bool:
    """Create the database file readable by its owner only, or check the one there; True when it may be written.

    Communiqué never changes what an operator decided about the file: it only takes permissions away from group
    and others (the file holds chat ids), never makes a read-only file writable, and never writes to another
    user's file (even as root: files SQLite creates beside it would belong to the wrong user). When `write` is
    asked and cannot be had, `DatabaseAccessError` says why; a reader gets False and opens it read-only.
    """
    wrong = path_problem(path)
    if wrong:
        raise DatabaseAccessError(f"cannot use the database: {wrong} ([storage] path)")
    if not path.exists():
        # A write-ahead log or index left beside a missing database belongs to a deleted one: SQLite would read
        # it into the new file.
        for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
            leftover.unlink(missing_ok=True)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        except OSError as exc:
            raise DatabaseAccessError(f"cannot create the database {path}: {exc.strerror or exc}") from None
        os.close(fd)
    try:
        info = path.stat()
    except OSError as exc:
        raise DatabaseAccessError(f"cannot read the database {path}: {exc.strerror or exc}") from None
    me = os.geteuid()
    if info.st_uid != me:
        owner, user = _owner(info.st_uid), _owner(me)
        if write:
            raise DatabaseAccessError(
                f"the database {path} belongs to {owner}, and Communiqué runs as {user}: run it as {owner} "
                f"(e.g. `sudo -u {owner} communique ...`, as the bot's service does); give the file to {user} "
                f"(`chown {user} {path}`) only if no bot runs as {owner}, or it can no longer open its database"
            )
        effective = os.access in os.supports_effective_ids
        if not os.access(path, os.R_OK, effective_ids=effective):
            raise DatabaseAccessError(
                f"the database {path} belongs to {owner} and {user} may not read it: run Communiqué as {owner}"
            )
        return False
    if not info.st_mode & stat.S_IWUSR:
        if write:
            raise DatabaseAccessError(
                f"the database {path} is read-only (mode {stat.S_IMODE(info.st_mode):04o}), and Communiqué will not "
                f"make it writable: `chmod u+w {path}` when it may write again"
            )
        return False
    if info.st_mode & 0o077:
        try:
            os.chmod(path, stat.S_IMODE(info.st_mode) & 0o700)
        except OSError:
            pass  # a read-only filesystem: opening it says why it cannot be written
    return True


# Seconds a statement waits for a lock another connection holds (a `communique resend`, an operator's sqlite3
# shell) before SQLite gives up with "database is locked".
BUSY_TIMEOUT = 30.0
# What a running bot's write waits instead (`wait_briefly_for_locks`): longer than another Communiqué command's
# transaction lasts, short enough that the commands of every chat, served on the same event loop, hardly notice.
SERVING_BUSY_TIMEOUT = 0.5
# How long `communique run` waits at its start, in all, for another program to let the write lock go
# (`write_lock_free`): longer than another Communiqué command's transaction lasts; each start-up write waited
# BUSY_TIMEOUT, in silence, before the start gave up. systemd's unit tries the start again 10 s later.
START_LOCK_WAIT = 10.0
_WAL_WRITE_LOCK = 120  # the byte of the `-shm` file a WAL database's writer locks (SQLite's WAL_WRITE_LOCK)


def is_locked(error: BaseException) -> bool:
    """SQLITE_BUSY: another connection holds the lock a statement needs (in WAL mode, the one write lock)."""
    return (isinstance(error, sqlite3.OperationalError)
            and getattr(error, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY)


class Connection(sqlite3.Connection):
    """Communiqué's SQLite connection: SQLite's own until `wait_briefly_for_locks`, which the running bot calls.

    The bot serves every chat's commands, the sender and the ingest from one event loop, on this one connection, so
    a write waiting out another program's lock (an sqlite3 shell left after BEGIN) held all of them still: 30 s a
    write, one after another for as long as the lock was held. Once brief, a write waits SERVING_BUSY_TIMEOUT for
    such a lock; the first that times out marks the database locked, and from then writes fail at once (into the
    paths that keep what was not stored for later) until `lock_released` finds the lock free.
    """

    brief_wait: float | None = None  # seconds a write waits for a lock; None: BUSY_TIMEOUT, never marked locked
    locked_since: datetime | None = None  # when a write found the database locked by another program
    lock_holder: str | None = None  # who held it then, as the kernel says ("pid 4242, sqlite3"), when it can

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.OperationalError as exc:
            self._met(exc)
            raise

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        try:
            return super().executemany(sql, parameters)
        except sqlite3.OperationalError as exc:
            self._met(exc)
            raise

    def _met(self, error: sqlite3.OperationalError) -> None:
        if self.brief_wait is None or self.locked_since is not None or not is_locked(error):
            return
        self.locked_since = datetime.now(UTC)
        try:
            self.lock_holder = write_lock_holder(super().execute("PRAGMA database_list").fetchone()[2])
        except sqlite3.Error:
            self.lock_holder = None
        super().execute("PRAGMA busy_timeout=0")


def write_lock_holder(path: Path | str) -> str | None:
    """The process holding the write lock of the WAL database at `path`, as /proc/locks lists it (a POSIX lock on
    the byte WAL_WRITE_LOCK of its `-shm` file) with its name: "pid 4242, sqlite3"; None when it cannot be told
    (not Linux, another container's process, the lock already let go)."""
    try:
        info = os.stat(f"{path}-shm")
        wanted = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
        with open("/proc/locks", encoding="ascii") as locks:
            for line in locks:
                fields = line.split()
                if (len(fields) >= 8 and fields[1] == "POSIX" and fields[3] == "WRITE" and fields[5] == wanted
                        and fields[6] == str(_WAL_WRITE_LOCK) and fields[4] not in ("0", str(os.getpid()))):
                    pid = fields[4]
                    try:
                        name = Path(f"/proc/{pid}/comm").read_text(encoding="utf-8", errors="replace").strip()
                    except OSError:
                        return f"pid {pid}"
                    return f"pid {pid}, {name}" if name else f"pid {pid}"
    except (OSError, ValueError):
        return None
    return None


def lock_problem(path: Path | str, *, settle: float = 0.5) -> str | None:
    """Another program holding the database's write lock, as /proc/locks tells (no SQLite call: `status` reads
    while the lock is held), or None. Read twice `settle` seconds apart: a running bot holds the lock for a moment
    at each of its writes."""
    holder = write_lock_holder(path)
    if holder is None:
        return None
    time.sleep(settle)
    if write_lock_holder(path) != holder:
        return None
    return (f"the database's write lock is held by another program ({holder}): a running bot stores and sends "
            "nothing while it is. If it is an sqlite3 shell after BEGIN or an unfinished UPDATE, end it with COMMIT "
            "or ROLLBACK, or quit it")


def wait_briefly_for_locks(db: sqlite_utils.Database, seconds: float = SERVING_BUSY_TIMEOUT) -> None:
    """From now on, a write waits `seconds` for another program's lock, then none until it is let go (see
    `Connection`): for the running bot, once it serves commands. A connection not opened by `connect` is left as
    it is."""
    conn = db.conn
    if isinstance(conn, Connection):
        conn.brief_wait = seconds
        if conn.locked_since is None:
            conn.execute(f"PRAGMA busy_timeout={int(seconds * 1000)}")


def locked_since(db: sqlite_utils.Database) -> datetime | None:
    """Since when writes have failed at once because another program holds the write lock; None while not."""
    conn = db.conn
    return conn.locked_since if isinstance(conn, Connection) else None


def lock_holder(db: sqlite_utils.Database) -> str | None:
    """Who held the write lock when it was met ("pid 4242, sqlite3"), when the kernel could tell."""
    conn = db.conn
    return conn.lock_holder if isinstance(conn, Connection) and conn.locked_since is not None else None


def write_lock_free(db: sqlite_utils.Database, seconds: float) -> bool:
    """Whether the write lock can be had within `seconds`: taken and given back at once. Writes then wait as they
    did before. False while another program holds it; any other error is not the lock's (True), and the writes
    meet it themselves."""
    conn = db.conn
    if conn.in_transaction:
        return False
    before = sqlite3.Connection.execute(conn, "PRAGMA busy_timeout").fetchone()[0]
    sqlite3.Connection.execute(conn, f"PRAGMA busy_timeout={int(seconds * 1000)}")
    try:
        sqlite3.Connection.execute(conn, "BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        return not is_locked(exc)
    else:
        sqlite3.Connection.execute(conn, "ROLLBACK")
        return True
    finally:
        sqlite3.Connection.execute(conn, f"PRAGMA busy_timeout={before}")


def lock_released(db: sqlite_utils.Database) -> bool:
    """While the database is marked locked: take the write lock without waiting and give it back at once; True
    (and writes wait briefly again) when it could be had, False while another program still holds it. Any other
    error is not the lock's: the lock is taken as let go, and the writes meet that error themselves."""
    conn = db.conn
    if not isinstance(conn, Connection) or conn.locked_since is None:
        return True
    if not write_lock_free(db, 0):
        return False
    conn.locked_since = conn.lock_holder = None
    sqlite3.Connection.execute(conn, f"PRAGMA busy_timeout={int((conn.brief_wait or BUSY_TIMEOUT) * 1000)}")
    return True


def _open(target: str, *, uri: bool = False) -> sqlite_utils.Database:
    # executescript and our explicit BEGINs need autocommit mode (isolation_level=None).
    conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT, uri=uri,
                           factory=Connection)
    conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
    return sqlite_utils.Database(conn)


def connect(
    path: Path | str, *, write: bool = True, checkpoint: Callable[[str], None] | None = None,
    lock_wait: float | None = None,
) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at `path`; ':memory:' works for quick checks.

    `write=False` is for commands that only read (`status`, `latest`): a database Communiqué may not write (another
    user's, or set read-only) is then opened read-only, and one that cannot be opened as usual because its disk is
    full is read without the shared-memory index SQLite would have to create. Any must already be at this version's
    schema (a migration is a write): one an older Communiqué wrote is refused, left as it is. `lock_wait`: how long
    an upgrade waits for another program's write lock (see `migrate`).
    """
    if str(path) == ":memory:":
        db = _open(":memory:")
        migrate(db)
        return db
    path = Path(path)
    writable = prepare_file(path, write=write)
    if writable:
        _set_aside_a_log_not_its_own(path)
        try:
            db = _open(str(path))
            foreign = another_programs(db.conn, path)
            if foreign is not None:
                db.conn.close()
                raise foreign
            if not write:
                _refuse_an_older_schema(db, path)
            db.conn.execute("PRAGMA journal_mode=WAL")
            db.conn.execute("PRAGMA synchronous=NORMAL")
            db.conn.execute("PRAGMA foreign_keys=ON")
            try:
                migrate(db, checkpoint=checkpoint, lock_wait=lock_wait)
            except DatabaseAccessError:
                db.conn.close()
                raise
            return db
        except sqlite3.DatabaseError as exc:
            if not isinstance(exc, sqlite3.OperationalError):
                if is_damage(exc):
                    raise unreadable(path, exc) from None
                raise
            if write:
                why = write_problem(path) or file_size_problem(exc)
                raise DatabaseAccessError(
                    f"cannot open the database {path} for writing ({exc})" + (f": {why}" if why else "")
                ) from None
            if _read_only_filesystem(path) or _unwritable_folder(path):
                # SQLite cannot make the shared-memory index a WAL database is read with. Nothing can write the
                # file while the filesystem is read-only (or no bot of this user runs on it, its folder closed to
                # this user), so it is read as the unchanging file it is, unless a write-ahead log left beside it
                # still holds changes (then only SQLite's own reading has them).
                wal = Path(f"{path}-wal")
                if not wal.exists() or wal.stat().st_size == 0:
                    db = _open(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
                    _check_readable(db, path, "its filesystem is read-only" if _read_only_filesystem(path)
                                    else "its folder may not be written")
                    return db
            # A full disk: SQLite cannot create the index of the write-ahead log. A reader that takes the file
            # for itself briefly keeps that index in memory instead.
            db = _open(str(path))
            db.conn.execute("PRAGMA locking_mode=EXCLUSIVE")
            _check_readable(db, path, f"it cannot be opened as usual ({exc})")
            return db
    db = _open(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    _check_readable(db, path, "Communiqué may only read it")
    return db


def _refuse_an_older_schema(db: sqlite_utils.Database, path: Path) -> None:
    """A command that only reports (`status`, `latest`, `digest`) leaves a database an older Communiqué wrote as it
    is: migrating it is a write, and a restored backup checked with `status` would no longer be of the version it
    was taken at. Its queries need this version's schema, so it says what upgrades the database instead."""
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        current = (db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
                   if "schema_version" in tables else 0)
    except sqlite3.DatabaseError:
        return  # opening it as usual says what is wrong with it
    newest = max(v for v, _, _ in MIGRATIONS)
    if 0 < current < newest:
        db.conn.close()
        raise DatabaseAccessError(
            f"the database {path} is at schema version {current} and this Communiqué needs {newest}; this command "
            "only reads, so it was left as it is: `communique run` upgrades it at its start (back it up first: "
            "docs/operations.md, \"Backups and restoring one\")"
        )


def _unwritable_folder(path: Path) -> str | None:
    """Why this user may not make files in the database's folder, or None. SQLite keeps a WAL database's log and
    index beside it (`-wal`, `-shm`): a user who may write the file but not its folder (a folder made by root,
    the file given to the bot's user alone) was told only "attempt to write a readonly database"."""
    folder = path.absolute().parent
    effective = os.access in os.supports_effective_ids
    if os.access(folder, os.W_OK | os.X_OK, effective_ids=effective):
        return None
    try:
        info = folder.stat()
    except OSError as exc:
        return f"the database's folder {folder} cannot be read: {exc.strerror or exc}"
    user = _owner(os.geteuid())
    return (f"the database's folder {folder} belongs to {_owner(info.st_uid)} (mode {stat.S_IMODE(info.st_mode):04o})"
            f" and {user} may not make files in it, where SQLite keeps the database's write-ahead log beside it "
            f"(-wal, -shm): give the folder to {user} (`chown {user} {folder}`), or move the database to a folder "
            f"of its own (docs/operations.md, \"Moving the database\")")


def _read_only_filesystem(path: Path) -> bool:
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _check_readable(db: sqlite_utils.Database, path: Path, why: str) -> None:
    """A database opened without migrations must already be at this version's schema."""
    try:
        foreign = another_programs(db.conn, path)
        if foreign is not None:
            raise foreign
        row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise unreadable(path, exc) from None
        raise DatabaseAccessError(f"cannot read the database {path} ({why}): {exc}") from None
    newest = max(v for v, _, _ in MIGRATIONS)
    if (row[0] or 0) > newest:
        raise _too_new(db, str(path), row[0], newest)
    if (row[0] or 0) != newest:
        raise DatabaseAccessError(
            f"the database {path} is at schema version {row[0] or 0} and this Communiqué needs {newest}; {why}, "
            "so it cannot be upgraded now"
        )


def file_size_problem(error: BaseException) -> str | None:
    """The file-size limit this process runs under (`ulimit -f`, systemd's `LimitFSIZE=`, docker's `--ulimit
    fsize`), when a write ran into what such a limit gives: SQLite says "disk I/O error" or "database or disk is
    full", with the disk far from full."""
    soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    if soft == resource.RLIM_INFINITY or str(error).strip() not in ("disk I/O error", "database or disk is full"):
        return None
    return (f"this process may write files of at most {soft:,} bytes: its file-size limit (`ulimit -f`, "
            "LimitFSIZE=) stops the database growing; raise or remove it")


def write_problem(path: Path | str, *, low_space: int = 1_000_000) -> str | None:
    """Why Communiqué cannot store anything in the database at `path` now, from the file and its disk (no write
    is tried); None when nothing is known to be wrong. Works while the database itself cannot be written."""
    path = Path(path)
    if str(path) == ":memory:" or not path.exists():
        return None
    try:
        info = path.stat()
        disk = os.statvfs(path.parent)
    except OSError as exc:
        return f"the database {path} cannot be read: {exc.strerror or exc}"
    if info.st_uid != os.geteuid():
        return f"the database {path} belongs to {_owner(info.st_uid)}: Communiqué will not write to it"
    if not info.st_mode & stat.S_IWUSR:
        return f"the database {path} is read-only (mode {stat.S_IMODE(info.st_mode):04o})"
    if disk.f_flag & os.ST_RDONLY:
        return (f"the database {path} is on a read-only filesystem (its folder {path.parent} is mounted read-only): "
                "remount it read-write, or move the database to a writable disk ([storage] path)")
    folder = _unwritable_folder(path)
    if folder:
        return folder
    free = disk.f_bavail * disk.f_frsize
    if free < low_space:
        return (f"the disk holding {path} is full ({free // 1024} KiB free): new stories and delivery records "
                "cannot be saved until space is freed")
    return None


class InstanceLock:
    """An exclusive lock on the database file itself, so a second `communique run` refuses instead of
    double-posting, however it reaches the file (another config, a symlink, a hard link: the lock is on the file,
    not on a name). A `.lock` file beside the database's real path names the holder's pid.

    The operating system drops the lock when the process dies, even by SIGKILL: no stale lock files to clean up.
    A lock cannot outlive its file, though: a database deleted or replaced under a running bot (`var/` removed)
    leaves that bot writing to a file no one else sees, while a new one starts on the new file. `problem()` tells
    the running bot, which stops.
    """

    def __init__(self, db_path: Path | str) -> None:
        self.db_path = Path(db_path)
        self.real_path = Path(os.path.realpath(self.db_path))
        self.path = Path(f"{self.real_path}.lock")  # the holder's pid, for the refusal message
        self._fd: int | None = None
        self._identity: tuple[int, int] | None = None

    def acquire(self) -> bool:
        """True when this process now holds the lock; False when another process does.

        Creates the database file (owner-only) when missing; `DatabaseAccessError` when it may not be written.
        """
        prepare_file(self.real_path, write=True)
        fd = os.open(self.real_path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        info = os.fstat(fd)
        self._fd, self._identity = fd, (info.st_dev, info.st_ino)
        try:
            pid_fd = os.open(self.path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
            try:
                os.write(pid_fd, str(os.getpid()).encode())
            finally:
                os.close(pid_fd)
        except OSError:
            pass  # the pid is for a message only; the lock holds without it
        return True

    def record_serving(self, platforms: Iterable[str]) -> None:
        """Write beside the pid the platforms this bot started, for the commands run from another shell: the token
        variables are in the service's environment (systemd's EnvironmentFile=), not in the operator's, so `why`
        read there said a served platform was "not started"."""
        if self._fd is None:
            return
        try:
            pid_fd = os.open(self.path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
            try:
                os.write(pid_fd, f"{os.getpid()}\nserves {' '.join(platforms)}\n".encode())
            finally:
                os.close(pid_fd)
        except OSError:
            pass  # for a message only, as the pid is

    def _kernel_holder(self) -> str | None:
        """The pid holding the lock as the kernel lists it (whatever name that process used for the file)."""
        try:
            info = self.real_path.stat()
            wanted = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
            with open("/proc/locks", encoding="ascii") as locks:
                for line in locks:
                    fields = line.split()
                    if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == wanted and fields[4] != "0":
                        return fields[4]
        except (OSError, ValueError):
            pass
        return None

    def holder(self) -> str | None:
        """The pid of the process holding the lock: as the kernel lists it, else as written beside the database's
        real path; None when neither can be read."""
        held = self._kernel_holder()
        if held is not None:
            return held
        try:
            return self.path.read_text().split("\n", 1)[0].strip() or None
        except OSError:
            return None

    def serving(self) -> tuple[str, set[str]] | None:
        """The pid of the bot running on this database now and the platforms it started, as it wrote them; None
        when no process holds the lock (the kernel's list, never a file a killed bot left), or it wrote none."""
        held = self._kernel_holder()
        if held is None:
            return None
        try:
            lines = self.path.read_text().splitlines()
        except OSError:
            return None
        if len(lines) < 2 or lines[0].strip() != held or not lines[1].startswith("serves"):
            return None  # an older bot's file, or another process's lock: nothing known of what it serves
        return held, set(lines[1].split()[1:])

    def problem(self) -> str | None:
        """Why the locked database is no longer the one at its path (deleted, replaced); None while it is."""
        if self._fd is None or self._identity is None:
            return None
        try:
            info = self.db_path.stat()
        except FileNotFoundError:
            return f"the database {self.db_path} was removed while Communiqué was using it"
        except OSError as exc:
            return f"the database {self.db_path} cannot be reached any more: {exc.strerror or exc}"
        if (info.st_dev, info.st_ino) != self._identity:
            return f"the database {self.db_path} was replaced by another file while Communiqué was using it"
        return None

    def set_aside_own_log(self) -> Path | None:
        """Once the database was replaced under this bot: move aside the write-ahead log this process writes (and
        drop its index), which stay at the database's path beside the new file; returns where the log went.

        The next start read that log into the new file (a backup restored over a running bot), pages of two
        databases mixed. A copy in WAL mode cannot tell another database's log from its own, so it is this bot's
        to move: only the files this process has open, never a log the new file's own bot made.
        """
        own: set[tuple[int, int]] = set()
        try:
            for fd in os.listdir("/proc/self/fd"):
                try:
                    info = os.stat(int(fd))
                except (OSError, ValueError):
                    continue
                own.add((info.st_dev, info.st_ino))
        except OSError:
            return None
        moved = None
        for suffix in ("-wal", "-shm"):
            companion = Path(f"{self.real_path}{suffix}")
            try:
                info = companion.stat()
                if (info.st_dev, info.st_ino) not in own:
                    continue
                if suffix == "-shm":
                    companion.unlink()
                else:
                    moved = companion.with_name(f"{companion.name}.not-its-own-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
                    companion.rename(moved)
            except OSError:
                continue
        return moved

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
        if exc_type is not None and not self.conn.in_transaction:
            return  # SQLite ended it already (a full disk, a file-size limit): the block's own error is the cause
        if self.nested:
            if exc_type is not None:
                self.conn.execute("ROLLBACK TO nested")
            self.conn.execute("RELEASE nested")
        else:
            self.conn.execute("COMMIT" if exc_type is None else "ROLLBACK")
