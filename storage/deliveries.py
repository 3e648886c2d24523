"""The deliveries ledger: each message owed to a chat, written before it is sent and marked after.

States: due -> sending -> sent | failed (and back to due for a retry). Planning a digest writes all its messages
and the (subscription, article) pairs it covers in one transaction, so a crash either plans the whole digest or
none of it, and no article is planned twice for one chat. A crash between "sending" and "sent" can repeat at most
that one message: at start-up `recover_in_flight` puts such rows back to due.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import sqlite_utils

from storage.db import from_iso, to_iso, transaction, utcnow
from storage.records import (
    Delivery,
    DeliveryCounts,
    FailedDelivery,
    OwedRestore,
    UnsentMessages,
    WaitingDeliveries,
    from_row,
)


def _delivery(row: dict[str, Any]) -> Delivery:
    """A ledger row with its destination; a payload that is not a JSON object raises ValueError."""
    payload = json.loads(row["payload"])
    if not isinstance(payload, dict):
        raise ValueError("a stored message is a JSON object")
    return from_row(Delivery, row, payload=payload)


def has_digest(db: sqlite_utils.Database, subscription_id: int, digest_key: str) -> bool:
    """Whether this digest (e.g. "daily:2026-11-27 08:00:00 UTC") was already planned for the subscription."""
    row = db.execute(
        "SELECT 1 FROM deliveries WHERE subscription_id = ? AND digest_key = ? LIMIT 1", [subscription_id, digest_key]
    ).fetchone()
    return row is not None


def has_any(db: sqlite_utils.Database, subscription_id: int) -> bool:
    """Whether any digest was ever planned for the subscription: a chat that never had one is not told of "the last
    digest"."""
    row = db.execute("SELECT 1 FROM deliveries WHERE subscription_id = ? LIMIT 1", [subscription_id]).fetchone()
    return row is not None


def owed_restore(db: sqlite_utils.Database, subscription_id: int) -> OwedRestore | None:
    """The restore from a backup the chat has not been told of (`restore_notices`), if any."""
    row = db.execute("SELECT backup_at, restarted_at FROM restore_notices WHERE subscription_id = ? "
                     "AND digest_key IS NULL", [subscription_id]).fetchone()
    return OwedRestore(backup_at=row[0], restarted_at=row[1]) if row else None


def mark_restore_told(db: sqlite_utils.Database, subscription_id: int, digest_key: str) -> None:
    """The restore told by the digest planned under `digest_key`: in that digest's transaction, so it is told once."""
    db.execute("UPDATE restore_notices SET digest_key = ? WHERE subscription_id = ? AND digest_key IS NULL",
               [digest_key, subscription_id])


def last_planned(db: sqlite_utils.Database, subscription_id: int) -> str | None:
    """When the subscription's last digest was planned (ISO), or None when it never had one (or retention has
    deleted it): how far back a chat's next digest looks for deadlines it has not been told passed."""
    row = db.execute("SELECT MAX(created) FROM deliveries WHERE subscription_id = ?", [subscription_id]).fetchone()
    return row[0] if row else None


def unsent(db: sqlite_utils.Database, subscription_id: int) -> UnsentMessages:
    """The subscription's messages not sent yet: a chat asking for its digest while the last one still waits is told
    it is on its way, not that nothing is new."""
    row = db.execute(
        "SELECT COUNT(*), MIN(next_attempt) FROM deliveries WHERE subscription_id = ? AND state IN ('due', 'sending')",
        [subscription_id],
    ).fetchone()
    return UnsentMessages(count=int(row[0]), next_attempt=row[1])


def has_daily_digest(db: sqlite_utils.Database, subscription_id: int, local_date: str) -> bool:
    """Whether any daily digest of this local date ("2026-11-27") was planned for the subscription, whatever its
    time or zone then (keys "daily:2026-11-27 08:00:00 UTC", or "daily:2026-11-27" as older versions wrote)."""
    row = db.execute(
        "SELECT 1 FROM deliveries WHERE subscription_id = ? AND (digest_key = ? OR digest_key LIKE ?) LIMIT 1",
        [subscription_id, f"daily:{local_date}", f"daily:{local_date} %"],
    ).fetchone()
    return row is not None


def plan(
    db: sqlite_utils.Database,
    subscription_id: int,
    digest_key: str,
    payloads: Sequence[Any],
    article_ids: Sequence[int],
) -> bool:
    """Record a digest's messages as due and its articles as delivered, atomically; False if already planned.

    Articles already delivered to this subscription are ignored (the primary key guards against repeats).
    """
    now = utcnow()
    with transaction(db):
        if has_digest(db, subscription_id, digest_key):
            return False
        db.table("deliveries").insert_all(
            {
                "subscription_id": subscription_id,
                "digest_key": digest_key,
                "part": part,
                "parts": len(payloads),
                "payload": json.dumps(payload),
                "state": "due",
                "next_attempt": now,
                "created": now,
            }
            for part, payload in enumerate(payloads)
        )
        db.table("delivered").insert_all(
            ({"subscription_id": subscription_id, "article_id": article_id, "digest_key": digest_key}
             for article_id in article_ids),
            ignore=True,
        )
    return True


def _platform_clause(platforms: Sequence[str] | None) -> tuple[str, list[str]]:
    if platforms is None:
        return "", []
    return f" AND s.platform IN ({','.join('?' for _ in platforms) or 'NULL'})", list(platforms)


# A message `d` is its chat's next: no message planned before it for that chat is still to send. `due` sends only
# those, and `next_attempt_time` wakes the sender for them alone; `bot.ops.health.delivery_lag` counts only them late.
FIRST_OF_ITS_CHAT = (
    "NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.subscription_id = d.subscription_id "
    "AND e.state IN ('due', 'sending') AND e.id < d.id)"
)


def due(
    db: sqlite_utils.Database, now: str, limit: int = 200, platforms: Sequence[str] | None = None
) -> list[Delivery]:
    """Messages ready to send (for these platforms, or all), oldest first, with their destination; only each
    chat's first unsent message: part 2 of a digest waits until part 1 is sent (or failed for good), and a chat's
    next digest until its last one is. A message waiting out a server error is not overtaken by the next one
    planned for its chat (a day's catch-up by today's digest, an instant message by the one after it).
    """
    only, names = _platform_clause(platforms)
    rows = db.query(
        "SELECT d.*, s.platform, s.chat_id, s.chat_kind FROM deliveries d "
        "JOIN subscriptions s ON s.id = d.subscription_id "
        f"WHERE d.state = 'due' AND d.next_attempt <= ? AND s.active = 1{only} AND {FIRST_OF_ITS_CHAT} "
        "ORDER BY d.id LIMIT ?",
        [now, *names, limit],
    )
    ready: list[Delivery] = []
    for row in list(rows):
        try:
            ready.append(_delivery(row))
        except (TypeError, ValueError):  # a damaged row must not block every other message
            mark_failed(db, row["id"], "unreadable message in the ledger")
    return ready


def next_attempt_time(db: sqlite_utils.Database, platforms: Sequence[str] | None = None) -> str | None:
    """When the next message (for these platforms, or all) falls due: of each chat's first unsent message, as
    `due` sends them (a message behind one waiting out a failure is due when that one is)."""
    only, names = _platform_clause(platforms)
    row = db.execute(
        "SELECT MIN(d.next_attempt) FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id "
        f"WHERE d.state = 'due' AND s.active = 1{only} AND {FIRST_OF_ITS_CHAT}",
        names,
    ).fetchone()
    return row[0] if row else None


def pending_before(db: sqlite_utils.Database, moment: str, platforms: Sequence[str]) -> int:
    """How many messages for these platforms are due at or before `moment` (or are being sent)."""
    if not platforms:
        return 0
    marks = ",".join("?" for _ in platforms)
    row = db.execute(
        "SELECT COUNT(*) FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id "
        f"WHERE s.active = 1 AND s.platform IN ({marks}) AND "
        "(d.state = 'sending' OR (d.state = 'due' AND d.next_attempt <= ?))",
        [*platforms, moment],
    ).fetchone()
    return int(row[0])


def mark_sending(db: sqlite_utils.Database, delivery_id: int) -> bool:
    """Claim a due message for sending; False if someone else changed it meanwhile."""
    cursor = db.execute(
        "UPDATE deliveries SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND state = 'due'",
        [delivery_id],
    )
    return cursor.rowcount == 1


def mark_sent(db: sqlite_utils.Database, delivery_id: int, message_id: str | None) -> None:
    db.execute(
        "UPDATE deliveries SET state = 'sent', sent_at = ?, message_id = ?, last_error = NULL WHERE id = ?",
        [utcnow(), message_id, delivery_id],
    )


def reschedule(
    db: sqlite_utils.Database, delivery_id: int, next_attempt: str, error: str | None, *, count_attempt: bool = True
) -> None:
    """Back to due, to be tried again at `next_attempt` (a rate limit does not count as a failed attempt).

    Only a message still being sent goes back: one dropped meanwhile (the chat unsubscribed) stays dropped.
    """
    db.execute(
        "UPDATE deliveries SET state = 'due', next_attempt = ?, last_error = ?, "
        "attempts = attempts - ? WHERE id = ? AND state = 'sending'",
        [next_attempt, error[:300] if error else None, 0 if count_attempt else 1, delivery_id],
    )


def retry_now(db: sqlite_utils.Database, delivery_ids: Sequence[int], now: str) -> int:
    """Messages waiting out a backoff are tried at `now` instead (the platform answers again)."""
    changed = 0
    for start in range(0, len(delivery_ids), 500):
        chunk = list(delivery_ids[start:start + 500])
        marks = ",".join("?" for _ in chunk)
        cursor = db.execute(
            f"UPDATE deliveries SET next_attempt = ? WHERE id IN ({marks}) AND state = 'due' AND next_attempt > ?",
            [now, *chunk, now],
        )
        changed += cursor.rowcount
    return changed


def move_waits_back(db: sqlite_utils.Database, now: str, seconds: float) -> int:
    """The wall clock went back `seconds`: each message due after `now` (a retry's wait, or planned by the clock
    before) is moved back as far, so it waits what it was meant to wait and no more. Returns how many moved."""
    rows = list(db.query("SELECT id, next_attempt FROM deliveries WHERE state = 'due' AND next_attempt > ?", [now]))
    with transaction(db):
        for row in rows:
            moment = from_iso(row["next_attempt"])
            if moment is None:
                continue
            db.execute("UPDATE deliveries SET next_attempt = ? WHERE id = ? AND state = 'due'",
                       [to_iso(moment - timedelta(seconds=seconds)), row["id"]])
    return len(rows)


def mark_failed(db: sqlite_utils.Database, delivery_id: int, error: str) -> None:
    """Give up on a message that is due or being sent (a sent one stays sent)."""
    db.execute(
        "UPDATE deliveries SET state = 'failed', last_error = ? WHERE id = ? AND state IN ('due', 'sending')",
        [error[:300], delivery_id],
    )


def recover_in_flight(db: sqlite_utils.Database) -> int:
    """After a crash: messages left "sending" may or may not have arrived; send them again (at most one a chat)."""
    cursor = db.execute(
        "UPDATE deliveries SET state = 'due', next_attempt = ?, last_error = 'resent after restart' "
        "WHERE state = 'sending'",
        [utcnow()],
    )
    return cursor.rowcount


def owed_by_platform(db: sqlite_utils.Database) -> dict[str, tuple[int, int]]:
    """Messages still to send to active chats, by platform: how many, and the most one chat is owed (a chat's
    messages go one after another, so the longest queue can outlast the platform's overall pace)."""
    rows = db.query(
        "SELECT s.platform AS platform, SUM(n) AS total, MAX(n) AS most FROM (SELECT subscription_id, COUNT(*) AS n "
        "FROM deliveries WHERE state IN ('due', 'sending') GROUP BY subscription_id) d "
        "JOIN subscriptions s ON s.id = d.subscription_id WHERE s.active = 1 GROUP BY s.platform"
    )
    return {row["platform"]: (int(row["total"]), int(row["most"])) for row in rows}


def counts(db: sqlite_utils.Database) -> DeliveryCounts:
    """How many messages are in each state."""
    found = {row["state"]: row["n"] for row in db.query("SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state")}
    return DeliveryCounts(**{state: found.get(state, 0) for state in ("due", "sending", "sent", "failed")})


_FAILED = (
    "SELECT d.id, d.subscription_id, d.digest_key, d.part, d.parts, d.attempts, d.last_error, d.created, "
    "s.platform, s.chat_id, s.active, s.deactivated_reason "
    "FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id WHERE d.state = 'failed'"
)


def _failed(row: dict[str, Any]) -> FailedDelivery:
    return from_row(FailedDelivery, row, active=bool(row["active"]))


def recent_failures(db: sqlite_utils.Database, limit: int = 10) -> list[FailedDelivery]:
    """The messages given up on, newest first."""
    return [_failed(row) for row in db.query(f"{_FAILED} ORDER BY d.id DESC LIMIT ?", [limit])]


def failed(
    db: sqlite_utils.Database,
    *,
    ids: Sequence[int] | None = None,
    platform: str | None = None,
    chat_id: str | None = None,
) -> list[FailedDelivery]:
    """Failed messages, oldest first: these ids, or those of one chat (on one platform, or any), or all."""
    clauses: list[str] = []
    params: list[Any] = []
    if ids is not None:
        clauses.append(f"d.id IN ({','.join('?' for _ in ids) or 'NULL'})")
        params.extend(ids)
    if platform is not None:
        clauses.append("s.platform = ?")
        params.append(platform)
    if chat_id is not None:
        clauses.append("s.chat_id = ?")
        params.append(chat_id)
    where = "".join(f" AND {clause}" for clause in clauses)
    return [_failed(row) for row in db.query(f"{_FAILED}{where} ORDER BY d.id", params)]


def requeue(db: sqlite_utils.Database, delivery_ids: Sequence[int], now: str) -> int:
    """Failed messages become due again, at `now`, with a fresh count of attempts (an operator's resend)."""
    changed = 0
    with transaction(db):
        for delivery_id in delivery_ids:
            cursor = db.execute(
                "UPDATE deliveries SET state = 'due', attempts = 0, next_attempt = ?, "
                "last_error = 'resent by the operator' WHERE id = ? AND state = 'failed'",
                [now, delivery_id],
            )
            changed += cursor.rowcount
    return changed


# The chats `waiting` names: in a platform outage every chat waits, and the count says the rest.
WAITING_CHATS_NAMED = 3


def waiting(db: sqlite_utils.Database) -> WaitingDeliveries:
    """Messages that failed at least once and wait for their next try: how many, since when, the last reason, and
    for which chats (one chat whose messages keep failing while the others are served is named, not only counted).

    One being tried again at this moment still counts: until that try succeeds it is waiting out the same failure,
    and an operator who looks mid-outage must see it."""
    row = db.execute(
        "SELECT COUNT(*), MIN(created), MIN(next_attempt) FROM deliveries WHERE state IN ('due', 'sending') "
        "AND attempts > 0 AND last_error IS NOT NULL"
    ).fetchone()
    last = db.execute(
        "SELECT last_error FROM deliveries WHERE state IN ('due', 'sending') AND attempts > 0 "
        "AND last_error IS NOT NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    chats = db.execute(
        "SELECT s.platform || ' ' || s.chat_id, COUNT(*) OVER () FROM deliveries d "
        "JOIN subscriptions s ON s.id = d.subscription_id WHERE d.state IN ('due', 'sending') AND d.attempts > 0 "
        "AND d.last_error IS NOT NULL GROUP BY d.subscription_id ORDER BY MIN(d.created), d.subscription_id "
        f"LIMIT {WAITING_CHATS_NAMED}"
    ).fetchall()
    return WaitingDeliveries(count=int(row[0]), oldest=row[1], next_attempt=row[2],
                             last_error=last[0] if last else None, chats=tuple(c[0] for c in chats),
                             chat_count=int(chats[0][1]) if chats else 0)


def delivered_in(db: sqlite_utils.Database, subscription_id: int, article_ids: Sequence[int]) -> dict[int, str]:
    """Of these articles, those recorded as covered by a digest of the subscription, with that digest's key."""
    if not article_ids:
        return {}
    marks = ",".join("?" for _ in article_ids)
    return {int(r[0]): str(r[1]) for r in db.execute(
        f"SELECT article_id, digest_key FROM delivered WHERE subscription_id = ? AND article_id IN ({marks})",
        [subscription_id, *article_ids])}


def _readable(db: sqlite_utils.Database, where: str, params: Sequence[Any], order: str) -> list[Delivery]:
    """The messages a read-only question finds, with their destination; an unreadable row carries no story anyone can
    name, so it is left out (`due` marks one failed instead: there it would block a chat)."""
    messages: list[Delivery] = []
    for row in db.query(
        "SELECT d.*, s.platform, s.chat_id, s.chat_kind FROM deliveries d JOIN subscriptions s ON s.id = "
        f"d.subscription_id WHERE {where} ORDER BY {order}", list(params),
    ):
        try:
            messages.append(_delivery(row))
        except (TypeError, ValueError):
            continue
    return messages


def digest_messages(db: sqlite_utils.Database, subscription_id: int, digest_key: str) -> list[Delivery]:
    """The messages of one digest of the subscription, in order (none once retention has deleted them)."""
    return _readable(db, "d.subscription_id = ? AND d.digest_key = ?", [subscription_id, digest_key], "d.part")


def planned_since(db: sqlite_utils.Database, subscription_id: int, since: str) -> list[Delivery]:
    """The subscription's messages planned or sent since `since` (ISO), in the order planned."""
    return _readable(db, "d.subscription_id = ? AND (d.created >= ? OR d.sent_at >= ?)",
                     [subscription_id, since, since], "d.id")


def covered_by(db: sqlite_utils.Database, subscription_id: int, digest_keys: Sequence[str]) -> dict[str, list[int]]:
    """The articles each of these digests of the subscription covered, by digest key."""
    covered: dict[str, list[int]] = {}
    for key in dict.fromkeys(digest_keys):
        covered[key] = [int(r[0]) for r in db.execute(
            "SELECT article_id FROM delivered WHERE subscription_id = ? AND digest_key = ?", [subscription_id, key])]
    return covered


def digest_keys_linking(db: sqlite_utils.Database, subscription_id: int, forms: Sequence[str]) -> list[str]:
    """The digests of the subscription with a kept message whose payload holds any of `forms` (a link as written
    and as the message escapes it), newest first."""
    clause = " OR ".join("instr(payload, ?) > 0" for _ in forms)
    return [str(r[0]) for r in db.execute(
        f"SELECT digest_key FROM deliveries WHERE subscription_id = ? AND ({clause}) GROUP BY digest_key "
        "ORDER BY MAX(id) DESC", [subscription_id, *forms])]
