"""Material edits of stored stories, and the chats owed word of each (docs/DESIGN.md, "An edited story").

An edit is recorded in the transaction that rewrites the story, with a notice for every chat the story had been
delivered to by then: those chats saw the story as it was. A digest that tells an edit marks its notice with the
digest's key in the digest's own transaction (as `delivered` is marked), so a crash either plans the digest and
marks the notice, or neither; a notice is never told twice, and never lost.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from storage.db import utcnow
from storage.records import OwedEdit


def record_edit(db: sqlite_utils.Database, article_id: int, was_title: str, change: str) -> int:
    """Record a material edit of a story and owe it to every chat the story was delivered to (call inside the
    transaction that rewrites the story). Returns how many chats are owed it."""
    cursor = db.execute(
        "INSERT INTO story_edits (article_id, was_title, change, created) VALUES (?, ?, ?, ?)",
        [article_id, was_title, change, utcnow()],
    )
    edit_id = cursor.lastrowid
    owed = db.execute(
        "INSERT OR IGNORE INTO edit_notices (subscription_id, edit_id) "
        "SELECT subscription_id, ? FROM delivered WHERE article_id = ?",
        [edit_id, article_id],
    )
    return owed.rowcount


def owed(db: sqlite_utils.Database, subscription_id: int) -> list[OwedEdit]:
    """The edits a chat is owed word of, oldest first, each with its story as it reads now."""
    rows = db.query(
        "SELECT e.id AS edit_id, e.article_id, e.was_title, e.change, e.created, a.title, a.url, "
        "s.name AS source_name FROM edit_notices n JOIN story_edits e ON e.id = n.edit_id "
        "JOIN articles a ON a.id = e.article_id LEFT JOIN sources s ON s.id = a.source_id "
        "WHERE n.subscription_id = ? AND n.digest_key IS NULL ORDER BY e.id",
        [subscription_id],
    )
    return [OwedEdit(**row) for row in rows]


def mark_told(db: sqlite_utils.Database, subscription_id: int, digest_key: str, edit_ids: Sequence[int]) -> None:
    """The digest `digest_key` tells the chat of these edits (call inside the digest's planning transaction)."""
    db.conn.executemany(
        "UPDATE edit_notices SET digest_key = ? WHERE subscription_id = ? AND edit_id = ? AND digest_key IS NULL",
        [(digest_key, subscription_id, edit_id) for edit_id in edit_ids],
    )


def earlier_headlines(db: sqlite_utils.Database, article_id: int) -> list[str]:
    """The headlines a story had before its material edits, newest first: a message sent before an edit that also
    gave the story a new link carries it by these, not by its link now."""
    rows = db.execute("SELECT was_title FROM story_edits WHERE article_id = ? ORDER BY id DESC", [article_id])
    return list(dict.fromkeys(str(row[0]) for row in rows if row[0]))
