"""Planning: turn what a subscription is owed into ledger rows, rendered for its platform, in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from bot.core.digest import Digest, Planned
from bot.core.text import count_of
from bot.digest.compose import heading_for, pending_digest
from storage import articles as article_store
from storage import deliveries as ledger
from storage import edits as edit_store
from storage import tracking as tracking_store
from storage.db import from_iso, to_iso, transaction
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
    dated: datetime | None = None,
) -> Planned:
    """Plan the subscription's pending digest under `digest_key`; returns how many stories and pledge lines it has.
    `dated`: when the digest was due, whose day its heading names (a daily digest sent late, after midnight).

    Nothing is planned when there is nothing new (no empty digests), or when this key was planned before (a
    scheduled digest that fires twice, e.g. after a restart, is sent once). Stories that do not fit stay owed
    (`follow_on`: the caller plans them next, at once). The pledge lines it carries are remembered with it, in the
    same transaction, so each is told once; so are the story edits it tells ("Updated") and word of a restore.
    """
    if ledger.has_digest(db, subscription.id, digest_key):
        return Planned()
    pending = pending_digest(db, subscription, now=now, title=title, follow_on=follow_on, dated=dated)
    if not pending.covered_article_ids and not pending.pledge_notices and not pending.edit_notices:
        return Planned()
    digest = pending.digest
    payloads = render(digest) if not digest.empty else []
    with transaction(db):
        ledger.plan(db, subscription.id, digest_key, payloads, pending.covered_article_ids)
        tracking_store.mark_noticed(db, subscription.id, digest_key, pending.pledge_notices)
        edit_store.mark_told(db, subscription.id, digest_key, pending.edit_notices)
        if pending.restore_told:
            ledger.mark_restore_told(db, subscription.id, digest_key)
    lines = len(digest.pledges_due) + len(digest.pledge_reports)
    if digest.empty:
        # Copies of stories the chat was sent (a wire story a second source carries): marked as told, nothing
        # sent. At INFO this was "0 stories ... in 0 messages" for every chat at each copy, read as a lost digest.
        log.debug("%s %s: %s already told (copies of stories sent before), nothing to send", subscription.platform,
                  subscription.chat_id, count_of(len(pending.covered_article_ids), "story", "stories"))
        return Planned()
    updated = f", {count_of(len(digest.updates), 'updated story', 'updated stories')}" if digest.updates else ""
    log.info(
        "planned %s for %s %s: %s%s and %s in %s, %d more waiting",
        digest_key, subscription.platform, subscription.chat_id, count_of(len(digest.stories), "story", "stories"),
        updated, count_of(lines, "pledge line"), count_of(len(payloads), "message"), pending.waiting,
    )
    return Planned(stories=len(digest.stories), pledge_lines=lines, updates=len(digest.updates))


# A chat with topics that got nothing for this long, while stories kept arriving, is told so (once each such spell).
QUIET_DAYS = 7


def plan_quiet_note(
    db: sqlite_utils.Database, subscription: Subscription, digest_key: str, render: Render, *, now: datetime,
    title: str = "Communiqué digest", dated: datetime | None = None,
) -> bool:
    """Plan a note for a chat whose topics matched nothing for QUIET_DAYS while its sources brought stories: its
    daily digest sends nothing when nothing is new, and a week of that read as a bot that stopped. Said once a quiet
    spell (the note is a message planned, so the next comes QUIET_DAYS after it), never for a chat that takes every
    story (no topics: its silence is the sources', which /status shows) nor when no story arrived at all. Returns
    whether it was planned. `dated`: when the digest it stands for was due, whose day its heading names, as the
    digest's would (sent after midnight, it was headed with the day it went out)."""
    if not subscription.topics or ledger.has_digest(db, subscription.id, digest_key):
        return False
    quiet_since = now - timedelta(days=QUIET_DAYS)
    created = from_iso(subscription.created)
    last = from_iso(ledger.last_planned(db, subscription.id))
    if created is None or created > quiet_since or (last is not None and last > quiet_since):
        return False
    arrived = article_store.count_fetched_since(db, to_iso(quiet_since))
    if not arrived:
        return False
    topics = ", ".join(subscription.topics)
    which = "topic" if len(subscription.topics) == 1 else "topics"
    note = (f"No story matched this chat's {which} ({topics}) in the last {QUIET_DAYS} days, while "
            f"{count_of(arrived, 'story', 'stories')} arrived from its sources. /topics lists the words stories are "
            "tagged with; /subscribe with other topics changes them, and /subscribe alone takes every story.")
    digest = Digest(heading=heading_for(title, subscription.timezone, dated or now), empty_note=note,
                    timezone=subscription.timezone)
    with transaction(db):
        ledger.plan(db, subscription.id, digest_key, render(digest), [])
    log.info("planned %s for %s %s: its topics matched nothing in %d days", digest_key, subscription.platform,
             subscription.chat_id, QUIET_DAYS)
    return True
