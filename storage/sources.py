"""Sources as the database remembers them: conditional-GET validators, failures, backoff and the next due time."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from storage.db import transaction, utcnow

Row = dict[str, Any]


def _row(row: Row) -> Row:
    row = dict(row)
    row["tags"] = json.loads(row.get("tags") or "[]")
    return row


def sync_sources(db: sqlite_utils.Database, configured: list[Row]) -> list[Row]:
    """Make the table match the config: add new sources, update changed ones, deactivate removed ones.

    Rows are keyed by name and never deleted, so articles keep their source and history survives an edit.
    A changed URL resets the validators and makes the source due at once.
    """
    names = {c["name"] for c in configured}
    with transaction(db):
        for cfg in configured:
            old = next(db.query("SELECT * FROM sources WHERE name = ?", [cfg["name"]]), None)
            tags = json.dumps(list(cfg.get("tags") or []))
            if old is None:
                db.execute(
                    "INSERT INTO sources (name, url, tags, interval, active, next_due) VALUES (?, ?, ?, ?, 1, ?)",
                    [cfg["name"], cfg["url"], tags, cfg["interval"], utcnow()],
                )
                continue
            if old["url"] != cfg["url"]:
                db.execute(
                    "UPDATE sources SET url = ?, etag = NULL, last_modified = NULL, failures = 0, alerted = 0, "
                    "next_due = ? WHERE id = ?",
                    [cfg["url"], utcnow(), old["id"]],
                )
            db.execute(
                "UPDATE sources SET tags = ?, interval = ?, active = 1 WHERE id = ?",
                [tags, cfg["interval"], old["id"]],
            )
        for row in db.query("SELECT id, name FROM sources WHERE active = 1"):
            if row["name"] not in names:
                db.execute("UPDATE sources SET active = 0 WHERE id = ?", [row["id"]])
    return list_sources(db)


def list_sources(db: sqlite_utils.Database, *, active_only: bool = True) -> list[Row]:
    where = "WHERE active = 1" if active_only else ""
    return [_row(r) for r in db.query(f"SELECT * FROM sources {where} ORDER BY name")]


def due_sources(db: sqlite_utils.Database, now: str) -> list[Row]:
    """Active sources whose next fetch is due."""
    return [
        _row(r)
        for r in db.query(
            "SELECT * FROM sources WHERE active = 1 AND (next_due IS NULL OR next_due <= ?) ORDER BY next_due, id",
            [now],
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
) -> None:
    """A fetch worked (including 304 Not Modified): clear the failure streak and remember the validators."""
    now = utcnow()
    db.execute(
        "UPDATE sources SET etag = ?, last_modified = ?, failures = 0, alerted = 0, next_due = ?, "
        "last_attempt = ?, last_success = ?, articles_seen = articles_seen + ? WHERE id = ?",
        [etag, last_modified, next_due, now, now, new_articles, source_id],
    )


def record_failure(db: sqlite_utils.Database, source_id: int, *, error: str, next_due: str) -> int:
    """A fetch failed: keep the readable reason, back off; returns the length of the failure streak."""
    now = utcnow()
    db.execute(
        "UPDATE sources SET failures = failures + 1, last_error = ?, last_error_at = ?, last_attempt = ?, "
        "next_due = ? WHERE id = ?",
        [error[:500], now, now, next_due, source_id],
    )
    row = db.execute("SELECT failures FROM sources WHERE id = ?", [source_id]).fetchone()
    return int(row[0]) if row else 0


def mark_alerted(db: sqlite_utils.Database, source_id: int) -> bool:
    """Claim the one alert for the current failure streak: True the first time only."""
    cursor = db.execute("UPDATE sources SET alerted = 1 WHERE id = ? AND alerted = 0", [source_id])
    return cursor.rowcount == 1


def all_tags(db: sqlite_utils.Database) -> list[tuple[str, int]]:
    """Every tag with its article count, most used first (the topics a chat can follow)."""
    return [
        (r["tag"], r["n"])
        for r in db.query("SELECT tag, COUNT(*) AS n FROM article_tags GROUP BY tag ORDER BY n DESC, tag")
    ]
