"""An operator's resend: failed messages go back into the ledger as due, and a running sender picks them up.

Which messages: the ids `status` lists, every failed message of one chat, or every failed message. A message of
a chat that was stopped because the platform refused it (the bot was blocked or removed, the channel was gone)
is resent and its chat reactivated: asking for it says the bot may post there again (if not, the chat refuses
again and is stopped again, visibly). A chat that unsubscribed, or moved to another id, is never written to
again by a resend: those messages are reported as skipped, with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlite_utils

from bot.core.text import count_of
from bot.redact import redact
from storage import deliveries as ledger
from storage import subscriptions as sub_store
from storage.records import FailedDelivery, WaitingDeliveries


@dataclass
class ResendResult:
    """What a resend did: the messages due again, the chats reactivated, and the messages left alone and why."""

    resent: list[FailedDelivery] = field(default_factory=list)
    reactivated: list[FailedDelivery] = field(default_factory=list)  # one message per chat reactivated
    skipped: list[tuple[FailedDelivery, str]] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)  # ids asked for that are not failed messages


def never_again(row: FailedDelivery) -> str | None:
    """Why a failed message's chat must not be written to again, or None when a resend may reactivate it."""
    if row.active:
        return None
    reason = row.deactivated_reason or ""
    if reason == sub_store.UNSUBSCRIBED:
        return "the chat unsubscribed"
    if reason.startswith(sub_store.MOVED_TO):
        return f"the chat {reason} (its pending messages went along)"
    return None


def resend(
    db: sqlite_utils.Database,
    now: str,
    *,
    ids: Sequence[int] | None = None,
    platform: str | None = None,
    chat_id: str | None = None,
) -> ResendResult:
    """Make the chosen failed messages due at `now` (see the module docstring for which chats are skipped)."""
    result = ResendResult()
    rows = ledger.failed(db, ids=ids, platform=platform, chat_id=chat_id)
    if ids is not None:
        found = {row.id for row in rows}
        result.unknown = [i for i in ids if i not in found]
    chosen: list[FailedDelivery] = []
    reactivated: set[int] = set()
    for row in rows:
        reason = never_again(row)
        if reason is not None:
            result.skipped.append((row, reason))
            continue
        if not row.active and row.subscription_id not in reactivated:
            sub_store.reactivate(db, row.subscription_id)
            reactivated.add(row.subscription_id)
            result.reactivated.append(row)
        chosen.append(row)
    ledger.requeue(db, [row.id for row in chosen], now)
    result.resent = chosen
    return result


def describe_failed(row: FailedDelivery) -> str:
    """One failed message as `status` and /status list it: its id (for resend), chat, digest and reason."""
    where = f"{row.digest_key}, part {row.part + 1} of {row.parts}" if row.parts > 1 else row.digest_key
    return f"#{row.id} to {row.platform} {row.chat_id} ({where}): {redact(row.last_error or 'no reason recorded')}"


def describe_waiting(waiting: WaitingDeliveries) -> str | None:
    """Messages waiting out a platform failure, as one line; None when none wait."""
    if not waiting.count:
        return None
    since = (waiting.oldest or "")[:16].replace("T", " ")
    last = f"; last error: {redact(waiting.last_error)}" if waiting.last_error else ""
    chats = ""
    if waiting.chats:
        more = waiting.chat_count - len(waiting.chats)
        chats = f", to {', '.join(waiting.chats)}" + (f" and {count_of(more, 'more chat')}" if more > 0 else "")
    return (f"{waiting.count} message(s) waiting to be tried again after a failure (the oldest planned {since} UTC)"
            f"{chats}{last}")
