"""Planning: turn what a subscription is owed into ledger rows, rendered for its platform, in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlite_utils

from bot.core.digest import Digest
from bot.digest.compose import pending_digest
from storage import deliveries as ledger
from storage.records import Subscription

log = logging.getLogger(__name__)

Render = Callable[[Digest], list[dict[str, Any]]]


def plan_digest(
    db: sqlite_utils.Database,
    subscription: Subscription,
    digest_key: str,
    render: Render,
    *,
    now: datetime,
    title: str = "Communiqué digest",
    follow_on: bool = False,
) -> int:
    """Plan the subscription's pending digest under `digest_key`; returns the number of stories in it.

    Nothing is planned when there is nothing new (no empty digests), or when this key was planned before (a
    scheduled digest that fires twice, e.g. after a restart, is sent once). Stories that do not fit stay owed
    (`follow_on`: the caller plans them next, at once).
    """
    if ledger.has_digest(db, subscription.id, digest_key):
        return 0
    pending = pending_digest(db, subscription, now=now, title=title, follow_on=follow_on)
    if not pending.covered_article_ids:
        return 0
    payloads = render(pending.digest) if pending.digest.stories else []
    ledger.plan(db, subscription.id, digest_key, payloads, pending.covered_article_ids)
    log.info(
        "planned %s for %s %s: %d stories in %d messages, %d more waiting",
        digest_key, subscription.platform, subscription.chat_id, len(pending.digest.stories), len(payloads),
        pending.waiting,
    )
    return len(pending.digest.stories)
