"""Articles, their tags, full-text index and pledges.

An article is stored once, analysed, with its summary, quotes and pledges as JSON; commands read these and never
re-analyse. `group_id` ties together syndicated copies of one story (the first copy's id).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import sqlite_utils

from storage.db import transaction, utcnow

Row = dict[str, Any]

_JSON_COLUMNS = ("tags", "summary", "quotes", "pledges", "sketch")
_LIST_COLUMNS = (
    "a.id, a.url, a.source_id, a.guid, a.title, a.author, a.published, a.fetched, a.updated, a.sort_time, "
    "a.group_id, a.tags, a.summary, a.quotes, a.pledges, s.name AS source_name"
)


def story_group(row: Row) -> int:
    """The story an article belongs to: its syndication group, or itself."""
    return row.get("group_id") or row["id"]


def _decode(row: Row) -> Row:
    row = dict(row)
    for column in _JSON_COLUMNS:
        if column in row and isinstance(row[column], str):
            row[column] = json.loads(row[column] or "[]")
    return row


def topic_clause(topics: Sequence[str]) -> tuple[str, list[Any]]:
    """SQL matching articles tagged with any topic or mentioning it in title or text (FTS5 phrase search)."""
    if not topics:
        return "1", []
    marks = ",".join("?" for _ in topics)
    phrases = " OR ".join('"' + t.replace('"', '""') + '"' for t in topics)
    sql = (
        f"a.id IN (SELECT article_id FROM article_tags WHERE tag IN ({marks}) "
        "UNION SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
    )
    return sql, [*topics, phrases]


def was_pruned(db: sqlite_utils.Database, url: str, source_id: int | None, guid: str | None) -> bool:
    """Whether this article was stored once and has since been deleted by the retention policy."""
    if db.execute("SELECT 1 FROM pruned WHERE url = ?", [url]).fetchone():
        return True
    if guid and source_id is not None:
        return bool(db.execute("SELECT 1 FROM pruned WHERE source_id = ? AND guid = ?", [source_id, guid]).fetchone())
    return False


def find_existing(db: sqlite_utils.Database, url: str, source_id: int | None, guid: str | None) -> Row | None:
    """The stored article with this normalized URL, or with this feed GUID from the same source."""
    rows = list(db.query("SELECT * FROM articles WHERE url = ?", [url]))
    if not rows and guid and source_id is not None:
        rows = list(db.query("SELECT * FROM articles WHERE source_id = ? AND guid = ? LIMIT 1", [source_id, guid]))
    return _decode(rows[0]) if rows else None


def _index(db: sqlite_utils.Database, article_id: int, record: Row) -> None:
    for tag in dict.fromkeys(record.get("tags") or []):
        db.execute("INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?, ?)", [article_id, tag])
    db.execute(
        "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
        [article_id, record["title"], record.get("text") or ""],
    )
    for pledge in record.get("pledges") or []:
        db.execute(
            "INSERT INTO pledges (article_id, actor, commitment, evidence, when_text, due, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                article_id,
                pledge.get("actor") or "",
                pledge.get("commitment") or "",
                pledge.get("evidence") or "",
                pledge.get("when"),
                pledge.get("due"),
                utcnow(),
            ],
        )


def _unindex(db: sqlite_utils.Database, old: Row) -> None:
    db.execute("DELETE FROM article_tags WHERE article_id = ?", [old["id"]])
    db.execute(
        "INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
        [old["id"], old["title"], old.get("text") or ""],
    )
    db.execute("DELETE FROM pledges WHERE article_id = ?", [old["id"]])


def insert_article(db: sqlite_utils.Database, record: Row, *, group_id: int | None = None) -> int:
    """Store a new analysed article in one transaction; it starts its own group unless `group_id` is given."""
    now = utcnow()
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO articles (url, source_id, guid, title, author, published, fetched, sort_time, lang, text, "
            "text_hash, entry_hash, sketch, group_id, tags, summary, quotes, pledges) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                record["url"],
                record.get("source_id"),
                record.get("guid"),
                record["title"],
                record.get("author"),
                record.get("published"),
                now,
                record.get("published") or now,
                record.get("lang"),
                record.get("text") or "",
                record["text_hash"],
                record.get("entry_hash"),
                json.dumps(record.get("sketch") or []),
                group_id,
                json.dumps(list(record.get("tags") or [])),
                json.dumps(record.get("summary") or []),
                json.dumps(record.get("quotes") or []),
                json.dumps(record.get("pledges") or []),
            ],
        )
        assert cursor.lastrowid is not None
        article_id = cursor.lastrowid
        if group_id is None:
            db.execute("UPDATE articles SET group_id = ? WHERE id = ?", [article_id, article_id])
        _index(db, article_id, record)
    return article_id


def update_article(db: sqlite_utils.Database, old: Row, record: Row) -> None:
    """Replace an edited story's text and analysis in place: same id, so chats that saw it are not sent it again."""
    with transaction(db):
        _unindex(db, old)
        db.execute(
            "UPDATE articles SET title = ?, author = ?, text = ?, text_hash = ?, entry_hash = ?, sketch = ?, tags = ?, "
            "summary = ?, quotes = ?, pledges = ?, updated = ? WHERE id = ?",
            [
                record["title"],
                record.get("author"),
                record.get("text") or "",
                record["text_hash"],
                record.get("entry_hash"),
                json.dumps(record.get("sketch") or []),
                json.dumps(list(record.get("tags") or [])),
                json.dumps(record.get("summary") or []),
                json.dumps(record.get("quotes") or []),
                json.dumps(record.get("pledges") or []),
                utcnow(),
                old["id"],
            ],
        )
        _index(db, old["id"], {**record, "id": old["id"]})


def near_in_time(
    db: sqlite_utils.Database, start: str, end: str, limit: int = 1000, *, after_id: int = 0
) -> list[Row]:
    """Sketches and titles of articles dated between `start` and `end` (and stored after `after_id`): the
    candidates a new article may be a syndicated copy of (copies of one story appear within days of each other)."""
    return [
        _decode(r)
        for r in db.query(
            "SELECT id, group_id, source_id, title, sketch FROM articles WHERE sort_time BETWEEN ? AND ? AND id > ? "
            "ORDER BY sort_time DESC LIMIT ?",
            [start, end, after_id, limit],
        )
    ]


def latest(db: sqlite_utils.Database, limit: int, topics: Sequence[str] = ()) -> list[Row]:
    """The newest `limit` stories matching any of `topics` (all when none), one article per story group."""
    clause, params = topic_clause(topics)
    rows = db.query(
        f"SELECT {_LIST_COLUMNS} FROM articles a LEFT JOIN sources s ON s.id = a.source_id "
        f"WHERE {clause} ORDER BY a.sort_time DESC, a.id DESC LIMIT ?",
        [*params, limit * 4],
    )
    return _one_per_group((_decode(r) for r in rows), limit)


def _one_per_group(rows: Iterable[Row], limit: int) -> list[Row]:
    chosen: list[Row] = []
    groups: set[int] = set()
    for row in rows:
        group = story_group(row)
        if group in groups:
            continue
        groups.add(group)
        chosen.append(row)
        if len(chosen) >= limit:
            break
    return chosen


def undelivered(
    db: sqlite_utils.Database, subscription_id: int, topics: Sequence[str], since: str, limit: int = 500
) -> list[Row]:
    """Articles fetched since `since`, matching the topics, that this subscription has not been sent."""
    clause, params = topic_clause(topics)
    return [
        _decode(r)
        for r in db.query(
            f"SELECT {_LIST_COLUMNS} FROM articles a LEFT JOIN sources s ON s.id = a.source_id "
            f"WHERE a.fetched >= ? AND {clause} AND NOT EXISTS "
            "(SELECT 1 FROM delivered d WHERE d.subscription_id = ? AND d.article_id = a.id) "
            "ORDER BY a.sort_time DESC, a.id DESC LIMIT ?",
            [since, *params, subscription_id, limit],
        )
    ]


def groups_already_delivered(db: sqlite_utils.Database, subscription_id: int, group_ids: Iterable[int]) -> set[int]:
    """Which of these story groups this subscription has already been sent some copy of."""
    ids = list(set(group_ids))
    if not ids:
        return set()
    marks = ",".join("?" for _ in ids)
    return {
        r["group_id"]
        for r in db.query(
            f"SELECT DISTINCT a.group_id FROM delivered d JOIN articles a ON a.id = d.article_id "
            f"WHERE d.subscription_id = ? AND a.group_id IN ({marks})",
            [subscription_id, *ids],
        )
    }


def group_members(db: sqlite_utils.Database, group_ids: Iterable[int]) -> list[Row]:
    """Every article of these groups with its source name (for "also reported by")."""
    ids = list(set(group_ids))
    if not ids:
        return []
    marks = ",".join("?" for _ in ids)
    return list(
        db.query(
            f"SELECT a.id, a.group_id, a.url, a.sort_time, s.name AS source_name FROM articles a "
            f"LEFT JOIN sources s ON s.id = a.source_id WHERE a.group_id IN ({marks}) ORDER BY a.id",
            ids,
        )
    )


def newest_id(db: sqlite_utils.Database) -> int:
    """The id of the article stored last (0 for none)."""
    return int(db.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0])


def count_articles(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])


def open_pledges(db: sqlite_utils.Database, actor: str | None = None, limit: int = 10) -> list[Row]:
    """Open pledges, newest first, optionally those whose actor contains `actor` (case-insensitive)."""
    where, params = "p.status = 'open'", []
    if actor:
        escaped = actor.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where += " AND p.actor LIKE ? ESCAPE '\\'"
        params.append(f"%{escaped}%")
    return list(
        db.query(
            "SELECT p.id, p.actor, p.commitment, p.evidence, p.when_text, p.due, a.title, a.url, a.sort_time, "
            "s.name AS source_name FROM pledges p JOIN articles a ON a.id = p.article_id "
            f"LEFT JOIN sources s ON s.id = a.source_id WHERE {where} ORDER BY a.sort_time DESC, p.id DESC LIMIT ?",
            [*params, limit],
        )
    )


def pledge_actors(db: sqlite_utils.Database, limit: int = 25) -> list[str]:
    """The actors with most open pledges (for autocomplete)."""
    return [
        r["actor"]
        for r in db.query(
            "SELECT actor, COUNT(*) AS n FROM pledges WHERE status = 'open' GROUP BY actor ORDER BY n DESC LIMIT ?",
            [limit],
        )
    ]


def prune(db: sqlite_utils.Database, before: str, today: str) -> int:
    """Delete articles fetched before `before`, except those with a pledge still due on or after `today`
    (so /pledges keeps what is still open). Their URLs and GUIDs are remembered in `pruned`, so an old item that
    lingers in a feed is not taken for new and sent again. Old sent and failed ledger rows go too.
    Returns how many articles went."""
    with transaction(db):
        doomed = list(
            db.query(
                "SELECT a.id, a.url, a.source_id, a.guid, a.title, a.text FROM articles a WHERE a.fetched < ? "
                "AND NOT EXISTS (SELECT 1 FROM pledges p WHERE p.article_id = a.id AND p.status = 'open' "
                "AND p.due >= ?)",
                [before, today],
            )
        )
        for old in doomed:
            _unindex(db, old)
            db.execute(
                "INSERT OR IGNORE INTO pruned (url, source_id, guid, pruned_at) VALUES (?, ?, ?, ?)",
                [old["url"], old["source_id"], old["guid"], utcnow()],
            )
            db.execute("DELETE FROM delivered WHERE article_id = ?", [old["id"]])
            db.execute("DELETE FROM articles WHERE id = ?", [old["id"]])
        db.execute(
            "DELETE FROM deliveries WHERE state IN ('sent', 'failed') AND created < ?", [before]
        )
    return len(doomed)
