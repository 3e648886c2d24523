"""Putting a backup in place of the database, keeping what the chats chose since the backup was taken.

A backup holds the subscriptions of its moment. A chat that subscribed by command after it, or changed its settings,
or followed someone, was not in the copy: restored by hand, the chat lost its subscription and nobody was told, and
the chat believed it was still subscribed. A chat that unsubscribed after the backup was subscribed again, and got
digests it had stopped. The database being replaced still knows all of that (unless it cannot be read), so the
restore carries each chat's last choice over from it, and says which chats it carried.
"""

from __future__ import annotations

import errno
import json
import os
import pwd
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from storage.articles import find_existing, update_article
from storage.db import MIGRATIONS, DatabaseAccessError, connect, newest_written, transaction, utcnow
from storage.records import NewArticle, StoredArticle, article_pledges, article_quotes
from storage.tracking import told_in_story

# A chat's own choices, carried from the database being replaced into the copy (never its counters or errors:
# those are the copy's, and a carried chat starts with none).
SETTINGS = ("chat_kind", "chat_title", "topics", "mode", "time", "timezone", "max_items", "origin", "created_by",
            "created", "since", "chat_alias")


@dataclass(frozen=True)
class CarriedChat:
    """One chat whose subscription the restore changed in the copy: `what` says how, in the operator's words."""

    platform: str
    chat_id: str
    what: str


@dataclass
class Carried:
    """What the restore carried from the database it replaced (`aside`: where that one now is)."""

    aside: Path | None
    chats: list[CarriedChat] = field(default_factory=list)
    follows: int = 0
    unfollows: int = 0  # follows the copy had that a chat ended after the backup, ended in the copy too
    sent: int = 0  # stories the replaced database records as sent (or given up) to a chat, the copy as owed
    sent_unreadable: str | None = None  # why what was sent could not be read from it (the chats carried still)
    messages: int = 0  # messages the copy holds as due that the replaced database had sent (or given up on)
    given_up: int = 0  # messages the copy lacks that the replaced database gave up on, put in the copy as failed
    pledge_notices: int = 0  # pledge lines (falling due, kept, broken...) told to a chat after the backup, as told
    edit_notices: int = 0  # word of an edited story told to a chat after the backup, marked told in the copy
    stories_edited: int = 0  # stories edited after the backup, brought in the copy to the version edited
    edits: int = 0  # the edits of those stories, put in the copy with who was told of them (or is owed them)
    notices_unreadable: str | None = None  # why those could not be read from it (the rest carried still)
    unreadable: str | None = None  # why the replaced database could not be read (nothing carried then)


def not_a_backup(backup: Path) -> str | None:
    """Why `backup` is no copy this bot can run on (None when it is one): checked before the database is moved
    aside, since a wrong file named (the config, a log), or a newer version's backup, was put in its place, and the
    bot could not start on it."""
    try:
        conn = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] \
                if "schema_version" in tables else 0
            # Its first pages can be whole and the rest damaged (a failing disk, a copy cut off mid-page): every page
            # is read once here, before the live database is moved, not after it when nothing can be undone. Not
            # quick_check: SQLite 3.40's reports NULLs that are not there in a WITHOUT ROWID table (article_tags).
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check(3)")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return f"it cannot be read as a database ({exc})"
    if problems != ["ok"]:
        return f"it is damaged ({'; '.join(problems)[:300]})"
    if "subscriptions" not in tables:
        return "it is a database with no subscriptions table"
    newest = max(number for number, _, _ in MIGRATIONS)
    if (version or 0) > newest:
        # Put in place, it was refused at the bot's start (storage.db.DatabaseTooNew), the database it replaced aside.
        return (f"a newer Communiqué wrote it (schema version {version}; this one knows up to {newest}): restore it "
                "with that version")
    return None


def wrong_user(database: Path) -> str | None:
    """Why root may not restore here (None when it may): no database yet, in a folder another user owns (the bot's
    user, as the install steps make /var/lib/communique). Run with sudo but without `-u communique`, the copy was
    root's, readable by root alone: the bot's service could not open it, and `status` as its user said to run
    Communiqué as root. Over a database that user owns, opening it refuses root the same way."""
    if os.geteuid() != 0 or database.exists():
        return None
    folder = database.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    owner = folder.stat().st_uid
    if owner == 0:
        return None
    try:
        name = user = pwd.getpwuid(owner).pw_name
    except KeyError:
        name, user = f"uid {owner}", f"'#{owner}'"  # sudo's way of naming a user by number
    return (f"the folder {folder} belongs to {name}, and this restore runs as root: the copy would be root's, which "
            f"the bot's service, running as {name}, could not open. Run it as {name} (`sudo -u {user} communique "
            "... restore ...`)")


def move_aside(database: Path, moment: datetime | None = None) -> Path | None:
    """Move the database and its companion files (-wal, -shm) to `NAME.before-restore-STAMP`, kept together so the
    moved copy still opens with what its write-ahead log held. None when there is no database there."""
    if not database.exists():
        return None
    stamp = (moment or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    aside = database.with_name(f"{database.name}.before-restore-{stamp}")
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{database}{suffix}")
        if companion.exists():
            os.replace(companion, f"{aside}{suffix}")
    os.replace(database, aside)
    return aside


class CopyFailed(Exception):
    """The backup could not be copied beside the database (its disk full, its folder not writable): nothing was
    changed; the message says why, and `mend` what to do, in the operator's words."""

    def __init__(self, why: str, mend: str) -> None:
        super().__init__(why)
        self.mend = mend


def copy_beside(backup: Path, database: Path) -> Path:
    """Copy the backup beside the database under a hidden name, readable by its owner alone, as `communique backup`
    wrote it, before anything is moved: a copy that failed half-way (a full disk, the usual company of a restore)
    after the database had been moved aside left nothing at its path, and the next start began an empty one. Raises
    CopyFailed with the partial copy removed."""
    partial = database.with_name(f".{database.name}.restoring")
    try:
        # On a new machine the restore comes before any start, and the config's folder (`var/`) is not made yet.
        database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copyfile(backup, partial)
        os.chmod(partial, 0o600)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            needs, free = backup.stat().st_size, shutil.disk_usage(database.parent).free
            raise CopyFailed(f"the disk of {database.parent} is full: the copy needs about {needs / 1_048_576:.1f} "
                             f"MiB (the backup's size) and {free / 1_048_576:.1f} MiB are free there",
                             "Free room there, then restore again") from exc
        raise CopyFailed(f"the backup cannot be copied into {database.parent} ({exc.strerror or exc})",
                         "Run the restore as the bot's user, who may write that folder") from exc
    return partial


def put_in_place(partial: Path, database: Path) -> None:
    """The copy made by `copy_beside` at the database's name (the database already moved aside)."""
    os.replace(partial, database)


def put_back(database: Path, aside: Path | None) -> None:
    """Undo a restore that could not finish (the copy would not open or take the chats carried over, its disk full
    once it was in place): the copy and its companion files removed, and the database moved aside put back with
    its own. Left half-done, the copy stood at the path without the chats' choices of after the backup, and the
    database that held them lay aside, unsaid."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    if aside is None:
        return
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{aside}{suffix}")
        if companion.exists():
            os.replace(companion, f"{database}{suffix}")
    os.replace(aside, database)


def mark_its_moment(db: sqlite_utils.Database, backup: Path) -> datetime | None:
    """The moment a copy that carries none is taken to be of, written into it as `communique backup` writes its own
    (SQLite's user_version); None when it carries one.

    A backup an older Communiqué made (before backups carried their moment) carries none, nor a copy made another
    way (`sqlite3 .backup`, a stopped bot's file): the restored bot then took the stories the feeds still list from
    after the backup for news and sent each chat again what the bot it was copied from had sent. The newest time the
    copy's clock wrote (a source read, a message planned or sent, a chat subscribed) is at most a fetch interval
    before it was made; a copy with none (no source ever read) is dated by its file."""
    if db.execute("PRAGMA user_version").fetchone()[0]:
        return None
    now = datetime.now(UTC)
    moment = min(newest_written(db) or datetime.fromtimestamp(backup.stat().st_mtime, UTC), now)
    db.execute(f"PRAGMA user_version = {max(int(moment.timestamp()), 1)}")
    return moment


def _rows(conn: sqlite3.Connection, sql: str) -> list[dict[str, object]]:
    conn.row_factory = sqlite3.Row
    return [dict(row) for row in conn.execute(sql).fetchall()]


def _schema_of(path: Path) -> int | None:
    """The schema version of the database at `path`, read without writing; None when it cannot be read."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return int(conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)
        finally:
            conn.close()
    except sqlite3.Error:
        return None


@contextmanager
def _as_of_this_schema(old: Path) -> Iterator[Path]:
    """`old`, or, when an older Communiqué wrote it (the new version installed and the restore run before any start
    upgraded it), an upgraded copy of it in a temporary folder, removed after: the carry-over reads it with this
    version's columns, and on the older file the pledge lines and story edits told since the backup could not be
    read ("no such column") and were told again. `old` itself is left as it was, for the older version to open. A
    copy that cannot be made (no room in the temporary folder) is passed over: `old` is read as it is."""
    version, newest = _schema_of(old), max(number for number, _, _ in MIGRATIONS)
    if version is None or version >= newest:
        yield old
        return
    try:
        folder = tempfile.mkdtemp(prefix="communique-restore-")
    except OSError:
        yield old
        return
    try:
        upgraded = Path(folder) / old.name
        try:
            source = sqlite3.connect(f"file:{old}?mode=ro", uri=True)
            try:
                target = sqlite3.connect(upgraded)
                try:
                    source.backup(target)
                finally:
                    target.close()
            finally:
                source.close()
            connect(upgraded).close()
        except (sqlite3.Error, OSError, DatabaseAccessError):
            upgraded = old
        yield upgraded
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def carry_chats(old: Path, db: sqlite_utils.Database) -> Carried:
    """Carry each chat's last choice from the replaced database `old` into the restored copy `db`: a subscription
    the copy lacks (or holds stopped) is made as `old` had it, settings changed since are taken, a chat that stopped
    since is stopped, and the follows the copy lacks are added. The stories the copy holds are counted as sent to a
    chat it did not have: that chat subscribed after them, and got them as its backlog then. The follows a chat the
    replaced database knows ended since are ended."""
    carried = Carried(aside=old)
    with _as_of_this_schema(old) as readable:
        return _carry_chats(readable, db, carried)


def _carry_chats(old: Path, db: sqlite_utils.Database, carried: Carried) -> Carried:
    try:
        conn = sqlite3.connect(f"file:{old}?mode=ro", uri=True)
        try:
            then = {(str(r["platform"]), str(r["chat_id"])): r for r in _rows(conn, "SELECT * FROM subscriptions")}
            follows = _rows(conn, "SELECT * FROM follows")
            try:
                sent: list[dict[str, object]] | None = _rows(conn, _SENT_THEN)
                done = _rows(conn, _DONE_THEN)
            except sqlite3.Error as exc:  # chats are still carried; only the record of what was sent is lost
                sent, done, carried.sent_unreadable = None, [], str(exc)
            try:
                pledges_told, edits_told = _rows(conn, _PLEDGE_NOTICES_THEN), _rows(conn, _EDIT_NOTICES_THEN)
                edits_then, edit_notices_then = _rows(conn, _EDITS_THEN), _rows(conn, _EDIT_CHATS_THEN)
            except sqlite3.Error as exc:
                pledges_told, edits_told, carried.notices_unreadable = [], [], str(exc)
                edits_then, edit_notices_then = [], []
        finally:
            conn.close()
    except sqlite3.Error as exc:
        carried.unreadable = str(exc)
        return carried
    now = {(str(r["platform"]), str(r["chat_id"])): r for r in db.query("SELECT * FROM subscriptions")}
    with transaction(db):
        for key, row in sorted(then.items()):
            what = _carry_one(db, row, now.get(key))
            if what:
                carried.chats.append(CarriedChat(key[0], key[1], what))
        have = {(r["platform"], r["chat_id"], r["actor_key"]) for r in db.query("SELECT * FROM follows")}
        for row in follows:
            if (row["platform"], row["chat_id"], row["actor_key"]) in have:
                continue
            db.execute("INSERT INTO follows (platform, chat_id, actor_key, actor_name, created, created_by) "
                       "VALUES (?, ?, ?, ?, ?, ?)", [row["platform"], row["chat_id"], row["actor_key"],
                                                     row["actor_name"], row["created"], row.get("created_by")])
            carried.follows += 1
        carried.unfollows = _end_follows_ended(db, then, {(r["platform"], r["chat_id"], r["actor_key"])
                                                          for r in follows})
        carried.sent = _mark_sent(db, sent) if sent is not None else 0
        carried.messages, carried.given_up = _mark_done(db, done)
        # First the stories edited since (a pledge the edit added is then in the copy for its lines to be marked).
        carried.stories_edited, carried.edits = _carry_edits(db, edits_then, edit_notices_then)
        carried.pledge_notices = _mark_pledges_told(db, pledges_told)
        carried.edit_notices = _mark_edits_told(db, edits_told)
    return carried


# What the replaced database records as delivered to each chat, its stories named as storage knows them across
# files (link; source name and guid): row ids differ between the copy and it. A digest with a message still due
# or sending there was not sent: its stories stay owed in the copy, which plans them again.
_SENT_THEN = (
    "SELECT s.platform, s.chat_id, a.url, a.guid, src.name AS source, d.digest_key "
    "FROM delivered d JOIN subscriptions s ON s.id = d.subscription_id JOIN articles a ON a.id = d.article_id "
    "LEFT JOIN sources src ON src.id = a.source_id "
    "WHERE NOT EXISTS (SELECT 1 FROM deliveries m WHERE m.subscription_id = d.subscription_id "
    "AND m.digest_key = d.digest_key AND m.state IN ('due', 'sending'))"
)


# The messages the replaced database sent or gave up on, named by chat, digest and part (the same in both files).
_DONE_THEN = ("SELECT s.platform, s.chat_id, m.digest_key, m.part, m.parts, m.payload, m.state, m.attempts, "
              "m.next_attempt, m.created, m.sent_at, m.message_id, m.last_error "
              "FROM deliveries m JOIN subscriptions s ON s.id = m.subscription_id WHERE m.state IN ('sent', 'failed')")


# A digest of the replaced database with a message still due or sending there was not sent: what it tells stays
# owed in the copy (the notices below, as the stories above).
_SENT_DIGEST = ("NOT EXISTS (SELECT 1 FROM deliveries m WHERE m.subscription_id = n.subscription_id "
                "AND m.digest_key = n.digest_key AND m.state IN ('due', 'sending'))")

# The pledge lines the replaced database told each chat, each pledge named by its story (as above), its actor and
# its words; a report's line ("broken#12") by its report, named by the pledge and the report's story.
_PLEDGE_NOTICES_THEN = (
    "SELECT s.platform, s.chat_id, n.kind, n.digest_key, p.actor, p.commitment, a.url, a.guid, src.name AS source, "
    "f.outcome, fa.url AS report_url, fa.guid AS report_guid, fs.name AS report_source "
    "FROM pledge_notices n JOIN subscriptions s ON s.id = n.subscription_id JOIN pledges p ON p.id = n.pledge_id "
    "JOIN articles a ON a.id = p.article_id LEFT JOIN sources src ON src.id = a.source_id "
    "LEFT JOIN pledge_followups f ON instr(n.kind, '#') > 0 "
    "AND f.id = CAST(substr(n.kind, instr(n.kind, '#') + 1) AS INTEGER) "
    "LEFT JOIN articles fa ON fa.id = f.article_id LEFT JOIN sources fs ON fs.id = fa.source_id "
    f"WHERE {_SENT_DIGEST}"
)

# The story edits the replaced database told each chat, each named by its story, its words and its time.
_EDIT_NOTICES_THEN = (
    "SELECT s.platform, s.chat_id, n.digest_key, e.was_title, e.change, e.created, a.url, a.guid, "
    "src.name AS source FROM edit_notices n JOIN subscriptions s ON s.id = n.subscription_id "
    "JOIN story_edits e ON e.id = n.edit_id JOIN articles a ON a.id = e.article_id "
    f"LEFT JOIN sources src ON src.id = a.source_id WHERE n.digest_key IS NOT NULL AND {_SENT_DIGEST}"
)


def _mark_pledges_told(db: sqlite_utils.Database, told: list[dict[str, object]]) -> int:
    """Record in the copy the pledge lines (falling due, past due, kept, broken, put back) the replaced database
    told a chat after the backup: the copy held them as untold, and the restored bot told them again. A pledge or
    report the copy does not hold is passed over. How many were recorded."""
    sources = _sources(db)
    marked = 0
    for row, sub_id, article_id in _chats_and_stories_in_copy(db, told, sources):
        pledge = db.execute("SELECT id FROM pledges WHERE article_id = ? AND actor = ? AND commitment = ? "
                            "ORDER BY id LIMIT 1", [article_id, row["actor"], row["commitment"]]).fetchone()
        if pledge is None:
            continue
        kind = str(row["kind"])
        if row["outcome"] is not None:  # a report's line names the report, whose row id the copy may not share
            report_story = _story_in_copy(
                db, {"url": row["report_url"], "guid": row["report_guid"], "source": row["report_source"]}, sources)
            if report_story is None:
                continue
            report = db.execute("SELECT id FROM pledge_followups WHERE pledge_id = ? AND article_id = ?",
                                [pledge[0], report_story]).fetchone()
            # None: the copy reads that story again (rewritten above to its edited version); the line is named by
            # the story, and the report the re-read finds takes it back.
            kind = (f"{row['outcome']}#{report[0]}" if report is not None
                    else told_in_story(str(row["outcome"]), report_story))
        cursor = db.execute("INSERT OR IGNORE INTO pledge_notices (subscription_id, pledge_id, kind, digest_key) "
                            "VALUES (?, ?, ?, ?)", [sub_id, pledge[0], kind, row["digest_key"]])
        marked += cursor.rowcount
    return marked


def _mark_edits_told(db: sqlite_utils.Database, told: list[dict[str, object]]) -> int:
    """Mark told in the copy the story edits the replaced database told a chat after the backup (the copy owed
    them still, and the restored bot told them again). An edit the copy does not hold is passed over. How many."""
    marked = 0
    for row, sub_id, article_id in _chats_and_stories_in_copy(db, told, _sources(db)):
        cursor = db.execute(
            "UPDATE edit_notices SET digest_key = ? WHERE subscription_id = ? AND digest_key IS NULL AND edit_id IN "
            "(SELECT id FROM story_edits WHERE article_id = ? AND was_title = ? AND change = ? AND created = ?)",
            [row["digest_key"], sub_id, article_id, row["was_title"], row["change"], row["created"]])
        marked += cursor.rowcount
    return marked


# Every story edit of the replaced database, with its story as that database holds it now (the edited version).
_EDITS_THEN = (
    "SELECT e.id AS edit_id, e.article_id AS story, e.was_title, e.change, e.created, a.url, a.guid, "
    "src.name AS source, a.title, a.text, a.text_hash, a.entry_hash, a.published, a.author, a.sketch, a.tags, "
    "a.summary, a.quotes, a.pledges, a.lang, a.paywalled, a.from_teaser "
    "FROM story_edits e JOIN articles a ON a.id = e.article_id LEFT JOIN sources src ON src.id = a.source_id "
    "ORDER BY e.id"
)

# Who each edit was owed to there, and the digest that told it (NULL while owed, or while that digest is unsent).
_EDIT_CHATS_THEN = (
    "SELECT n.edit_id, s.platform, s.chat_id, CASE WHEN n.digest_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
    "deliveries m WHERE m.subscription_id = n.subscription_id AND m.digest_key = n.digest_key AND m.state IN "
    "('due', 'sending')) THEN n.digest_key END AS digest_key "
    "FROM edit_notices n JOIN subscriptions s ON s.id = n.subscription_id"
)


def _carry_edits(db: sqlite_utils.Database, edits: list[dict[str, object]],
                 notices: list[dict[str, object]]) -> tuple[int, int]:
    """Bring to the replaced database's version each story the copy holds that was edited after the backup (an
    edit the copy lacks), with those edits and their chats, told or owed as there. The copy held the story as it
    was before: the restored bot read it again, found the same edit, and told the chats a second time. The story is
    rewritten as ingest rewrites an edited one (`update_article`: its pledges that stay keep their ids; no edit is
    owed by the rewrite itself). How many stories, how many edits."""
    subs, sources = _subscriptions(db), _sources(db)
    chats: dict[object, list[dict[str, object]]] = {}
    for notice in notices:
        chats.setdefault(notice["edit_id"], []).append(notice)
    missing: dict[int, list[dict[str, object]]] = {}  # the copy's story -> its edits the copy lacks, oldest first
    latest: dict[int, dict[str, object]] = {}
    stored: dict[int, StoredArticle] = {}
    for row in edits:
        found = _stored_in_copy(db, row, sources)
        if found is None:
            continue
        known = db.execute("SELECT 1 FROM story_edits WHERE article_id = ? AND was_title = ? AND change = ? "
                           "AND created = ?", [found.id, row["was_title"], row["change"], row["created"]]).fetchone()
        if known is None:
            missing.setdefault(found.id, []).append(row)
            latest[found.id], stored[found.id] = row, found
    edits_put = 0
    for story, rows in missing.items():
        update_article(db, stored[story], _edited_version(stored[story], latest[story]))
        for row in rows:
            edit_id = db.execute("INSERT INTO story_edits (article_id, was_title, change, created) VALUES "
                                 "(?, ?, ?, ?)", [story, row["was_title"], row["change"], row["created"]]).lastrowid
            edits_put += 1
            for notice in chats.get(row["edit_id"], []):
                sub_id = subs.get((str(notice["platform"]), str(notice["chat_id"])))
                if sub_id is not None:
                    db.execute("INSERT OR IGNORE INTO edit_notices (subscription_id, edit_id, digest_key) "
                               "VALUES (?, ?, ?)", [sub_id, edit_id, notice["digest_key"]])
    return len(missing), edits_put


def _edited_version(stored: StoredArticle, row: dict[str, object]) -> NewArticle:
    """The story as the replaced database holds it, to rewrite the copy's with (its link and feed id the copy's)."""
    return NewArticle(
        url=stored.url, source_id=stored.source_id, guid=stored.guid, title=str(row["title"]),
        text=str(row["text"]), text_hash=str(row["text_hash"]),
        published=str(row["published"]) if row["published"] else None,
        author=str(row["author"]) if row["author"] else None,
        entry_hash=str(row["entry_hash"]) if row["entry_hash"] else None,
        sketch=json.loads(str(row["sketch"] or "[]")), tags=json.loads(str(row["tags"] or "[]")),
        summary=json.loads(str(row["summary"] or "[]")),
        quotes=article_quotes(str(row["quotes"]) if row["quotes"] else None),
        pledges=article_pledges(str(row["pledges"]) if row["pledges"] else None),
        lang=str(row["lang"]) if row["lang"] else None, paywalled=bool(row["paywalled"]),
        from_teaser=bool(row["from_teaser"]),
    )


def _subscriptions(db: sqlite_utils.Database) -> dict[tuple[str, str], int]:
    return {(str(r["platform"]), str(r["chat_id"])): int(r["id"])
            for r in db.query("SELECT id, platform, chat_id FROM subscriptions")}


def _sources(db: sqlite_utils.Database) -> dict[str, int]:
    return {str(r["name"]): int(r["id"]) for r in db.query("SELECT id, name FROM sources")}


def _mark_done(db: sqlite_utils.Database, done: list[dict[str, object]]) -> tuple[int, int]:
    """Mark as the replaced database had them the messages the copy holds as still to send that it sent (or gave
    up on) after the backup: a digest planned just before the backup went out again once restored. A message given
    up on that the copy lacks (planned after the backup) is put in it as failed, with its error: its stories are
    carried as sent (`_mark_sent`), and without it `status` listed nothing and `resend` found nothing, so they
    never reached the chat. How many marked, how many put in."""
    marked = kept = 0
    subs = _subscriptions(db)
    for row in done:
        cursor = db.execute(
            "UPDATE deliveries SET state = ?, sent_at = ?, message_id = ?, last_error = ? "
            "WHERE state IN ('due', 'sending') AND digest_key = ? AND part = ? AND subscription_id = "
            "(SELECT id FROM subscriptions WHERE platform = ? AND chat_id = ?)",
            [row["state"], row["sent_at"], row["message_id"], row["last_error"], row["digest_key"], row["part"],
             row["platform"], row["chat_id"]])
        marked += cursor.rowcount
        sub_id = subs.get((str(row["platform"]), str(row["chat_id"])))
        if cursor.rowcount or row["state"] != "failed" or sub_id is None:
            continue
        cursor = db.execute(
            "INSERT OR IGNORE INTO deliveries (subscription_id, digest_key, part, parts, payload, state, attempts, "
            "next_attempt, created, last_error) VALUES (?, ?, ?, ?, ?, 'failed', ?, ?, ?, ?)",
            [sub_id, row["digest_key"], row["part"], row["parts"], row["payload"], row["attempts"],
             row["next_attempt"], row["created"], row["last_error"]])
        kept += cursor.rowcount
    return marked, kept


def _mark_sent(db: sqlite_utils.Database, sent: list[dict[str, object]]) -> int:
    """Mark in the copy the stories the replaced database records as sent (or given up) to the same chat: a digest
    sent after the backup was otherwise sent again by the restored bot, the chat reading those stories twice. A
    story the copy does not hold (it came in after the backup) is passed over: the restored start holds such
    stories back. How many were marked."""
    marked = 0
    for row, sub_id, article_id in _chats_and_stories_in_copy(db, sent, _sources(db)):
        cursor = db.execute("INSERT OR IGNORE INTO delivered (subscription_id, article_id, digest_key) "
                            "VALUES (?, ?, ?)", [sub_id, article_id, row["digest_key"]])
        marked += cursor.rowcount
    return marked


def _chats_and_stories_in_copy(db: sqlite_utils.Database, rows: list[dict[str, object]], sources: dict[str, int]
                               ) -> Iterator[tuple[dict[str, object], int, int]]:
    """Each row of the replaced database (a chat's platform and id, a story's link, guid and source) with the ids
    its chat and its story have in the copy; a row whose chat or story the copy does not hold is passed over."""
    subs = _subscriptions(db)
    for row in rows:
        sub_id = subs.get((str(row["platform"]), str(row["chat_id"])))
        article_id = _story_in_copy(db, row, sources)
        if sub_id is not None and article_id is not None:
            yield row, sub_id, article_id


def _stored_in_copy(db: sqlite_utils.Database, row: dict[str, object], sources: dict[str, int]
                    ) -> StoredArticle | None:
    """The copy's story of a story of the replaced database, found as ingest finds a stored story (`find_existing`:
    by its link, else by its feed's guid within the same source); None when the copy does not hold it."""
    source_id = sources.get(str(row["source"])) if row["source"] is not None else None
    guid = str(row["guid"]) if row["guid"] else None
    return find_existing(db, str(row["url"]), source_id, guid)


def _story_in_copy(db: sqlite_utils.Database, row: dict[str, object], sources: dict[str, int]) -> int | None:
    """The copy's row id of a story of the replaced database (`_stored_in_copy`); None when it does not hold it."""
    found = _stored_in_copy(db, row, sources)
    return found.id if found else None


def _end_follows_ended(db: sqlite_utils.Database, then: dict[tuple[str, str], dict[str, object]],
                       kept: set[tuple[object, object, object]]) -> int:
    """End in the copy the follows a chat ended after the backup (the chat followed them again once restored, and
    got the stories it had stopped); how many. Only of chats the replaced database knows: one it does not know may
    be a new, empty database begun when the old one was lost, which ended nothing."""
    ended = 0
    for row in db.query("SELECT platform, chat_id, actor_key FROM follows"):
        key = (row["platform"], row["chat_id"], row["actor_key"])
        if (str(row["platform"]), str(row["chat_id"])) in then and key not in kept:
            db.execute("DELETE FROM follows WHERE platform = ? AND chat_id = ? AND actor_key = ?", list(key))
            ended += 1
    return ended


def _carry_one(db: sqlite_utils.Database, then: dict[str, object], now: dict[str, object] | None) -> str | None:
    """Make the copy's subscription of one chat what the replaced database last had; say what changed (None:
    nothing)."""
    settings = {name: then[name] for name in SETTINGS if name in then}
    if now is None:
        if not then["active"]:
            return None
        sub_id = db.table("subscriptions").insert({"platform": then["platform"], "chat_id": then["chat_id"],
                                                   "active": 1, **settings}).last_pk
        assert sub_id is not None
        _backlog_had(db, int(sub_id), str(then["since"]))
        return "subscribed after the backup: kept"
    if not then["active"]:
        if not now["active"]:
            return None
        db.execute("UPDATE subscriptions SET active = 0, deactivated_reason = ? WHERE id = ?",
                   [then["deactivated_reason"] or "stopped after the backup", now["id"]])
        return f"stopped after the backup ({then['deactivated_reason'] or 'unsubscribed'}): kept stopped"
    changed = [name for name in SETTINGS if name in now and now[name] != settings.get(name)
               and name not in ("created", "since", "created_by", "origin", "chat_title")]
    if now["active"] and not changed:
        return None
    values = ", ".join(f"{name} = ?" for name in settings)
    db.execute(f"UPDATE subscriptions SET {values}, active = 1, deactivated_reason = NULL, failures = 0 "
               "WHERE id = ?", [*settings.values(), now["id"]])
    if not now["active"]:
        _backlog_had(db, int(str(now["id"])), str(then["since"]))
        return "subscribed again after the backup: kept"
    return f"changed after the backup ({', '.join(changed)}): kept as changed"


def _backlog_had(db: sqlite_utils.Database, subscription_id: int, since: str) -> None:
    """The copy's stories from the chat's backlog start on count as sent to it: it subscribed after the backup,
    and its first digest then held them (sent again, the chat read its backlog twice)."""
    db.execute("INSERT OR IGNORE INTO delivered (subscription_id, article_id, digest_key) "
               "SELECT ?, id, ? FROM articles WHERE sort_time >= ?", [subscription_id, f"restore:{utcnow()}", since])
