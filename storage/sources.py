"""Sources as the database remembers them: conditional-GET validators, failures, backoff and the next due time."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from storage.articles import listers_tags, replace_tags
from storage.db import from_iso, restored_start, to_iso, transaction, utcnow
from storage.records import Source, SourceEntry, SourceSync, from_row
from storage.subscriptions import FIRST_DIGEST_LOOKBACK

# A source that joins a running bot: its feed's entries from before this long ago are its back catalogue, the same
# reach as a new subscription's backlog (a chat that subscribes then gets the same stories from it as from any).
BACK_CATALOGUE = FIRST_DIGEST_LOOKBACK


def _source(row: Mapping[str, Any]) -> Source:
    return from_row(
        Source, row, tags=json.loads(row["tags"] or "[]"), active=bool(row["active"]), alerted=bool(row["alerted"])
    )


def _catalogue_start(db: sqlite_utils.Database) -> str:
    """Where the news of a source joining a running bot starts: a day back (`BACK_CATALOGUE`), or, at a start on a
    restored backup, before `run` has followed the config (`restored_start`), that start. The restored start holds
    back what its sources listed before it (the bot it was copied from sent it); a source the config had gained
    since the backup (added, or given a new url) joined after it, a day back, and every chat was sent again its day
    of stories. A source added once the restored bot runs was never the first bot's: it joins a day back."""
    day_back = to_iso(datetime.now(UTC) - BACK_CATALOGUE)
    restarted = restored_start(db)
    return max(day_back, restarted) if restarted else day_back


def sync_sources(db: sqlite_utils.Database, configured: Iterable[SourceEntry]) -> SourceSync:
    """Make the table match the config: add new sources, update changed ones, deactivate removed ones; returns
    what it did, read from the table as it was (so a sync that failed and runs again says what it stored).

    Rows are keyed by name and never deleted, so articles keep their source and history survives an edit; a
    source renamed (its URL unchanged, its old name gone) keeps its row.
    A changed URL resets the validators and makes the source due at once. A source added (or given a new URL, or
    put back after it was removed) once stories are stored (even if retention has pruned them all since) joins a
    running bot: the entries its feed holds from before the last day are its back catalogue (`catalogue_before`,
    until the feed is read whole), stored but not pushed to chats as new; a bot's first sources have none.
    """
    configured = list(configured)
    names = {c.name for c in configured}
    table = db.table("sources")
    added: list[str] = []
    removed: list[str] = []
    renamed: list[tuple[str, str]] = []
    moved: list[str] = []
    with transaction(db):
        # stories stored, or stored and since pruned by retention: a bot whose old stories all aged out still runs
        running = db.execute("SELECT EXISTS (SELECT 1 FROM articles) OR EXISTS (SELECT 1 FROM pruned)").fetchone()[0]
        catalogue_before = _catalogue_start(db) if running else None
        for entry in configured:
            old = next(db.query("SELECT id, url, active, interval, failures, last_attempt, tags FROM sources "
                                "WHERE name = ?", [entry.name]), None)
            tags = json.dumps(list(entry.tags))
            if old is None:
                was = _renamed_from(db, entry, names)
                if was is not None:  # the same feed under a new name: the same source, its stories kept
                    _retag_stories(db, was[0], json.loads(table.get(was[0])["tags"] or "[]"), list(entry.tags))
                    table.update(was[0], {"name": entry.name, "tags": tags, "interval": entry.interval})
                    renamed.append((was[1], entry.name))
                    continue
                added.append(entry.name)
                table.insert(
                    {"name": entry.name, "url": entry.url, "tags": tags, "interval": entry.interval, "active": 1,
                     "next_due": utcnow(), "catalogue_before": catalogue_before}
                )
                continue
            changes: dict[str, Any] = {"tags": tags, "interval": entry.interval, "active": 1}
            _retag_stories(db, int(old["id"]), json.loads(old["tags"] or "[]"), list(entry.tags))
            if old["url"] != entry.url:
                changes |= {"url": entry.url, "etag": None, "last_modified": None, "failures": 0, "alerted": 0,
                            "next_due": utcnow(), "last_success": None, "catalogue_before": catalogue_before,
                            "moved_to": None, "moved_status": None}  # the config followed it, or moved it anew
                if old["active"]:
                    moved.append(entry.name)
            elif not old["active"]:  # put back: what its feed published while it was out is back catalogue
                changes |= {"catalogue_before": catalogue_before, "next_due": utcnow()}  # read now, as one added
            if old["active"] and old["url"] == entry.url and old["interval"] != entry.interval and not old["failures"]:
                # The next fetch counts from the last one at the new interval: set by the interval before the
                # edit, a source moved from 6 h to 5 min waited up to six hours. A failing source keeps its
                # backoff (a Retry-After among them).
                last = from_iso(old["last_attempt"])
                if last is not None:
                    changes["next_due"] = to_iso(last + timedelta(seconds=entry.interval))
            if not old["active"]:
                added.append(entry.name)
            table.update(old["id"], changes)
        for row in db.query("SELECT id, name FROM sources WHERE active = 1 ORDER BY id"):
            if row["name"] not in names:
                table.update(row["id"], {"active": 0})
                removed.append(row["name"])
    return SourceSync(list_sources(db), added, removed, renamed, moved)


def _retag_stories(db: sqlite_utils.Database, source_id: int, before: list[str], after: list[str]) -> None:
    """A source's tags changed in the config: the stories it stored or listed take the new ones in place of the old
    (their feed's own categories kept, but for one spelt as a tag taken out: a story keeps no record of where a
    category came from; a tag another source that listed the story still gives it stays). They kept the tags of
    their day, so a renamed tag listed "0 stories" in /topics, a chat following it got none of them, and the old
    tag, said to be gone, went on matching them."""
    if before == after:
        return
    dropped = set(before) - set(after)
    rows = list(db.query(
        "SELECT id, tags FROM articles WHERE source_id = ? OR id IN "
        "(SELECT article_id FROM article_sources WHERE source_id = ?)", [source_id, source_id]))
    for row in rows:
        had = json.loads(row["tags"] or "[]")
        kept = dropped.intersection(listers_tags(db, row["id"], but=source_id)) if dropped else set()
        tags = list(dict.fromkeys([*after, *(tag for tag in had if tag not in dropped or tag in kept)]))
        if tags == had:
            continue
        db.execute("UPDATE articles SET tags = ? WHERE id = ?", [json.dumps(tags), row["id"]])
        replace_tags(db, row["id"], tags)


def _renamed_from(db: sqlite_utils.Database, entry: SourceEntry, names: set[str]) -> tuple[int, str] | None:
    """The row (id, name) of a source the config renamed: active, the same URL, its name gone from the config.
    Taken as a new source, its stories stayed under a name no longer listed, and their edits were dropped as
    another source's."""
    rows = db.query("SELECT id, name FROM sources WHERE url = ? AND active = 1 ORDER BY id", [entry.url])
    return next(((int(row["id"]), str(row["name"])) for row in rows if row["name"] not in names), None)


def list_sources(db: sqlite_utils.Database, *, active_only: bool = True) -> list[Source]:
    where = "WHERE active = 1" if active_only else ""
    return [_source(r) for r in db.query(f"SELECT * FROM sources {where} ORDER BY name")]


def due_sources(db: sqlite_utils.Database, now: str) -> list[Source]:
    """Active sources whose next fetch is due, and those last read after now by the clock that wrote it: the clock
    went back (NTP stepping a fast clock back an hour), and their next fetch, set by the old clock, was an hour
    and more away."""
    return [
        _source(r)
        for r in db.query(
            "SELECT * FROM sources WHERE active = 1 AND (next_due IS NULL OR next_due <= ? OR last_attempt > ?) "
            "ORDER BY next_due, id",
            [now, utcnow()],
        )
    ]


def record_success(
    db: sqlite_utils.Database,
    source_id: int,
    *,
    etag: str | None,
    last_modified: str | None,
    next_due: str,
    new_articles: int,
    url: str,
    read_whole: bool,
    moved_to: str | None = None,
    moved_status: int | None = None,
) -> None:
    """A fetch of `url` worked (including 304 Not Modified): clear the failure streak and remember the validators.

    Read whole (every entry stored), the source's back catalogue is settled: later entries are news like any
    other's. Nothing is recorded when the source has meanwhile been given another URL (the config edited during
    the pass): the new feed is still unread, and the old one's validators and success are not its own.
    `moved_to` (its password or key redacted by the caller) and `moved_status`: where this read said the feed has
    moved for good, None when it was not sent elsewhere for good, which ends what status shows of a move.
    """
    now = utcnow()
    db.execute(
        "UPDATE sources SET etag = ?, last_modified = ?, failures = 0, alerted = 0, next_due = ?, "
        "last_attempt = ?, last_success = ?, articles_seen = articles_seen + ?, "
        "catalogue_before = CASE WHEN ? THEN NULL ELSE catalogue_before END, moved_to = ?, moved_status = ? "
        "WHERE id = ? AND url = ?",
        [etag, last_modified, next_due, now, now, new_articles, int(read_whole), moved_to, moved_status, source_id,
         url],
    )


def get_source(db: sqlite_utils.Database, source_id: int | None) -> Source | None:
    """The source with this id (active or not), or None."""
    if source_id is None:
        return None
    row = next(db.query("SELECT * FROM sources WHERE id = ?", [source_id]), None)
    return _source(row) if row else None


def record_site(db: sqlite_utils.Database, source_id: int, site: str) -> None:
    """The site the source's feed names as its own, as just read ('' when it names none)."""
    db.execute("UPDATE sources SET site = ? WHERE id = ? AND site IS NOT ?", [site or None, source_id, site or None])


def record_failure(db: sqlite_utils.Database, source_id: int, *, error: str, next_due: str, url: str) -> int:
    """A fetch of `url` failed: keep the readable reason, back off; returns the length of the failure streak.

    Nothing is recorded (0 returned) when the source has meanwhile been given another URL: the old feed's failure
    must not back off, or raise an alert for, the new one, which is due at once.
    """
    now = utcnow()
    cursor = db.execute(
        "UPDATE sources SET failures = failures + 1, last_error = ?, last_error_at = ?, last_attempt = ?, "
        "next_due = ? WHERE id = ? AND url = ?",
        [error[:500], now, now, next_due, source_id, url],
    )
    if cursor.rowcount != 1:
        return 0
    row = db.execute("SELECT failures FROM sources WHERE id = ?", [source_id]).fetchone()
    return int(row[0]) if row else 0


def mark_alerted(db: sqlite_utils.Database, source_id: int) -> bool:
    """Claim the one alert for the current failure streak: True the first time only."""
    cursor = db.execute("UPDATE sources SET alerted = 1 WHERE id = ? AND alerted = 0", [source_id])
    return cursor.rowcount == 1


def source_tags(db: sqlite_utils.Database) -> list[tuple[str, int]]:
    """The tags the operator gave the active sources (the topics a chat can follow), each with how many stored
    stories carry it, most used first.

    Categories that feeds put on their entries are stored with the articles too, and a chat that names one is
    matched on it, but they are the feeds' own vocabulary (site sections, languages, URL fragments) and are not
    offered as topics.
    """
    tags = sorted({tag for source in list_sources(db) for tag in source.tags})
    if not tags:
        return []
    marks = ",".join("?" for _ in tags)
    counts = {
        r["tag"]: r["n"]
        for r in db.query(f"SELECT tag, COUNT(*) AS n FROM article_tags WHERE tag IN ({marks}) GROUP BY tag", tags)
    }
    return sorted(((tag, counts.get(tag, 0)) for tag in tags), key=lambda pair: (-pair[1], pair[0]))
