"""Choose what a chat gets and compose the platform-neutral digest from stored, already-analysed articles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlite_utils

from bot.analysis.model import Analysis
from bot.core.digest import AlsoReported, Digest, Story
from storage import articles as article_store
from storage.db import from_iso
from storage.records import Article, GroupMember, Subscription

MAX_LATEST = 20


def _story(article: Article, members: list[GroupMember]) -> Story:
    analysis = Analysis.from_json({"summary": article.summary, "quotes": article.quotes, "pledges": article.pledges})
    others = [
        AlsoReported(source=m.source_name or "another source", url=m.url)
        for m in members
        if m.id != article.id and (m.source_name or "") != (article.source_name or "")
    ]
    unique: dict[str, AlsoReported] = {}
    for other in others:
        unique.setdefault(other.source, other)
    return Story(
        article_id=article.id,
        title=article.title,
        url=article.url,
        source=article.source_name or "",
        published=from_iso(article.published) or from_iso(article.sort_time),
        summary=analysis.summary,
        quotes=analysis.quotes,
        pledges=analysis.pledges,
        also_reported_by=list(unique.values()),
        tags=list(article.tags),
    )


def stories_for(db: sqlite_utils.Database, articles: Sequence[Article]) -> list[Story]:
    """Stories for articles, each with the other outlets that carried the same story."""
    members: dict[int, list[GroupMember]] = {}
    for member in article_store.group_members(db, [a.story_group for a in articles]):
        members.setdefault(member.group_id, []).append(member)
    return [_story(a, members.get(a.story_group, [])) for a in articles]


def heading_for(title: str, timezone: str, now: datetime) -> str:
    local = now.astimezone(ZoneInfo(timezone))
    return f"{title}: {local.day} {local:%b %Y}"


def latest_digest(
    db: sqlite_utils.Database, count: int, topics: Sequence[str] = (), *, timezone: str = "UTC", now: datetime
) -> Digest:
    """The newest `count` stories (at most MAX_LATEST), one per story group, matching any of `topics`."""
    count = max(1, min(count, MAX_LATEST))
    rows = article_store.latest(db, count, topics)
    about = f" on {', '.join(topics)}" if topics else ""
    return Digest(
        heading=f"Latest {len(rows)} stor{'y' if len(rows) == 1 else 'ies'}{about}",
        stories=stories_for(db, rows),
        empty_note=f"No stories{about} yet." if topics else "No stories yet: the sources have not been fetched.",
        timezone=timezone,
    )


@dataclass(frozen=True)
class PendingDigest:
    """What a subscription is owed now: the digest to send and every article it covers (shown or not)."""

    digest: Digest
    covered_article_ids: list[int]


def pending_digest(
    db: sqlite_utils.Database, subscription: Subscription, *, now: datetime, title: str = "Communiqué digest"
) -> PendingDigest:
    """The stories this subscription has not been sent, newest first, one per story, at most its max_items.

    Copies of a story the chat already got are covered silently (the story was sent); stories beyond max_items
    are covered too, and the digest says how many there were, so nothing is skipped without a word.
    """
    rows = article_store.undelivered(db, subscription.id, subscription.topics, subscription.since)
    groups_seen = article_store.groups_already_delivered(db, subscription.id, [r.story_group for r in rows])
    fresh: list[Article] = []
    fresh_groups: set[int] = set()
    for row in rows:
        group = row.story_group
        if group in groups_seen or group in fresh_groups:
            continue
        fresh_groups.add(group)
        fresh.append(row)
    shown = fresh[: subscription.max_items]
    extra = len(fresh) - len(shown)
    note = None
    if extra > 0:
        note = f"{extra} more stor{'y' if extra == 1 else 'ies'} matched; send /latest {MAX_LATEST} to see more."
    digest = Digest(
        heading=heading_for(title, subscription.timezone, now),
        stories=stories_for(db, shown),
        note=note,
        timezone=subscription.timezone,
    )
    return PendingDigest(digest=digest, covered_article_ids=[r.id for r in rows])
