"""Subscriptions: which chat or channel gets which topics, when, and how many stories."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from storage.db import to_iso, transaction, utcnow
from storage.records import Subscription, SubscriptionSettings, from_row

# A new subscriber's first digest reaches back this far, so it is not empty on day one.
FIRST_DIGEST_LOOKBACK = timedelta(hours=24)
SETTINGS = ("topics", "mode", "time", "timezone", "max_items")


def _subscription(row: Mapping[str, Any]) -> Subscription:
    return from_row(Subscription, row, topics=json.loads(row["topics"] or "[]"), active=bool(row["active"]))


def get(db: sqlite_utils.Database, platform: str, chat_id: str) -> Subscription | None:
    row = next(db.query("SELECT * FROM subscriptions WHERE platform = ? AND chat_id = ?", [platform, chat_id]), None)
    return _subscription(row) if row else None


def get_by_id(db: sqlite_utils.Database, subscription_id: int) -> Subscription | None:
    row = next(db.query("SELECT * FROM subscriptions WHERE id = ?", [subscription_id]), None)
    return _subscription(row) if row else None


def subscribe(
    db: sqlite_utils.Database,
    *,
    platform: str,
    chat_id: str,
    chat_kind: str,
    defaults: SubscriptionSettings,
    topics: list[str] | None = None,
    chat_title: str | None = None,
    created_by: str | None = None,
    origin: str = "command",
) -> tuple[Subscription, bool]:
    """Create or reactivate a subscription; returns it and whether it is new (or came back from inactive).

    A new one starts with `defaults`; topics are replaced only when given; other settings keep what the chat
    chose before.
    """
    moment = datetime.now(UTC)
    now, since = to_iso(moment), to_iso(moment - FIRST_DIGEST_LOOKBACK)
    with transaction(db):
        existing = get(db, platform, chat_id)
        if existing is None:
            db.table("subscriptions").insert(
                {
                    "platform": platform,
                    "chat_id": chat_id,
                    "chat_kind": chat_kind,
                    "chat_title": chat_title,
                    "topics": json.dumps(topics or []),
                    **asdict(defaults),
                    "active": 1,
                    "origin": origin,
                    "created_by": created_by,
                    "created": now,
                    "since": since,
                }
            )
            created = True
        else:
            created = not existing.active
            changes: dict[str, Any] = {"active": 1, "failures": 0, "deactivated_reason": None, "chat_kind": chat_kind}
            if chat_title:
                changes["chat_title"] = chat_title
            if topics is not None:
                changes["topics"] = json.dumps(topics)
            if created:
                changes["since"] = since
            db.table("subscriptions").update(existing.id, changes)
        row = get(db, platform, chat_id)
    assert row is not None
    return row, created
def unsubscribe(db: sqlite_utils.Database, platform: str, chat_id: str) -> bool:
    """Stop deliveries to a chat; its settings are kept in case it subscribes again. False if not subscribed."""
    with transaction(db):
        cursor = db.execute(
            "UPDATE subscriptions SET active = 0, deactivated_reason = 'unsubscribed' "
            "WHERE platform = ? AND chat_id = ? AND active = 1",
            [platform, chat_id],
        )
        if cursor.rowcount:
            row = get(db, platform, chat_id)
            if row:
                _drop_pending(db, row.id, "unsubscribed")
    return cursor.rowcount > 0


def _drop_pending(db: sqlite_utils.Database, subscription_id: int, reason: str) -> None:
    """Messages still owed to a chat that no longer takes them are marked failed, with the reason."""
    db.execute(
        "UPDATE deliveries SET state = 'failed', last_error = ? WHERE subscription_id = ? "
        "AND state IN ('due', 'sending')",
        [reason[:300], subscription_id],
    )


def update_settings(db: sqlite_utils.Database, subscription_id: int, changes: Mapping[str, Any]) -> Subscription:
    """Change some of topics, mode, time, timezone, max_items."""
    unknown = set(changes) - set(SETTINGS)
    if unknown:
        raise ValueError(f"not a setting: {', '.join(sorted(unknown))}")
    if changes:
        db.table("subscriptions").update(
            subscription_id, {k: json.dumps(v) if k == "topics" else v for k, v in changes.items()}
        )
    row = get_by_id(db, subscription_id)
    assert row is not None
    return row


def list_subscriptions(
    db: sqlite_utils.Database, *, active_only: bool = True, platform: str | None = None
) -> list[Subscription]:
    clauses, params = [], []
    if active_only:
        clauses.append("active = 1")
    if platform:
        clauses.append("platform = ?")
        params.append(platform)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return [_subscription(r) for r in db.query(f"SELECT * FROM subscriptions {where} ORDER BY id", params)]


def record_send_success(db: sqlite_utils.Database, subscription_id: int) -> None:
    db.execute("UPDATE subscriptions SET failures = 0 WHERE id = ? AND failures != 0", [subscription_id])


def record_refusal(db: sqlite_utils.Database, subscription_id: int, reason: str, *, deactivate_after: int) -> bool:
    """The platform refused us for this chat (blocked, kicked, missing access). True when now deactivated.

    One refusal is not enough to give up: platforms have been seen refusing transiently.
    """
    with transaction(db):
        db.execute(
            "UPDATE subscriptions SET failures = failures + 1, last_error = ?, last_error_at = ? WHERE id = ?",
            [reason[:300], utcnow(), subscription_id],
        )
        row = get_by_id(db, subscription_id)
        if row and row.failures >= deactivate_after:
            deactivate(db, subscription_id, reason)
            return True
    return False


def deactivate(db: sqlite_utils.Database, subscription_id: int, reason: str) -> None:
    """Stop sending to a chat that is gone; pending messages are marked failed with the reason."""
    with transaction(db):
        db.execute(
            "UPDATE subscriptions SET active = 0, deactivated_reason = ?, last_error = ?, last_error_at = ? "
            "WHERE id = ?",
            [reason[:300], reason[:300], utcnow(), subscription_id],
        )
        _drop_pending(db, subscription_id, f"destination gone: {reason}")


def reactivate(db: sqlite_utils.Database, subscription_id: int) -> bool:
    """A chat stopped after refusals takes messages again (an operator resent its messages); its settings kept."""
    cursor = db.execute(
        "UPDATE subscriptions SET active = 1, failures = 0, deactivated_reason = NULL WHERE id = ? AND active = 0",
        [subscription_id],
    )
    return cursor.rowcount == 1


def move_chat(db: sqlite_utils.Database, subscription_id: int, new_chat_id: str) -> None:
    """A group became a supergroup with a new id: the subscription follows it.

    If the new id already has a subscription (e.g. someone subscribed there meanwhile), that one is kept and
    this one's pending messages are moved to it.
    """
    with transaction(db):
        row = get_by_id(db, subscription_id)
        if row is None:
            return
        other = get(db, row.platform, new_chat_id)
        if other is None:
            db.execute("UPDATE subscriptions SET chat_id = ? WHERE id = ?", [new_chat_id, subscription_id])
        else:
            db.execute(
                "UPDATE OR IGNORE deliveries SET subscription_id = ? WHERE subscription_id = ? AND state = 'due'",
                [other.id, subscription_id],
            )
            db.execute(
                "UPDATE subscriptions SET active = 0, deactivated_reason = ? WHERE id = ?",
                [f"moved to {new_chat_id}", subscription_id],
            )
