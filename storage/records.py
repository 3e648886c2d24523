"""The rows Communiqué stores, as typed records: what storage takes and what it returns.

Plain frozen dataclasses with no behaviour beyond a few derived properties, so every layer can use them and
storage stays free of imports from `bot/`. JSON columns (tags, summary, quotes, pledges, sketches, topics,
payloads) are decoded here, on the way out, and encoded on the way in.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

Json = Any
R = TypeVar("R")


def from_row(record: type[R], row: Mapping[str, Any], **decoded: Any) -> R:
    """A record from a database row: its fields taken by name (columns it does not declare are left out), with
    `decoded` values (JSON columns, flags) in place of the raw ones."""
    names = [f.name for f in fields(record)]  # type: ignore[arg-type]
    return record(**{name: decoded[name] if name in decoded else row[name] for name in names})


@dataclass(frozen=True)
class SourceEntry:
    """A source as the config declares it: what `sources.sync_sources` takes."""

    name: str
    url: str
    tags: tuple[str, ...] = ()
    interval: int = 900


@dataclass(frozen=True)
class SourceSync:
    """What `sources.sync_sources` did: the active sources after it, and the names it added (new, or put back),
    deactivated (gone from the config), renamed (old name, new name) and gave a new url (a feed that moved, read
    anew there), in the config's order."""

    sources: list[Source]
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)

    def describe(self, most: int = 20) -> str:
        """" (added: A; removed: B; renamed: C to D; url changed: E)", or "" when no source came, went or moved:
        for a log line. Each list names `most` at most, then how many more (an OPML import adds hundreds)."""
        def names(items: list[str]) -> str:
            more = f" and {len(items) - most} more" if len(items) > most else ""
            return ", ".join(items[:most]) + more

        parts = [f"{what}: {names(items)}" for what, items in
                 (("added", self.added), ("removed", self.removed),
                  ("renamed", [f"{old} to {new}" for old, new in self.renamed]), ("url changed", self.moved))
                 if items]
        return f" ({'; '.join(parts)})" if parts else ""


@dataclass(frozen=True)
class Source:
    """A source as the database remembers it: validators, failures, backoff and the next due time."""

    id: int
    name: str
    url: str
    tags: list[str]
    interval: int
    active: bool
    etag: str | None
    last_modified: str | None
    failures: int
    next_due: str | None
    last_attempt: str | None
    last_success: str | None
    last_error: str | None
    last_error_at: str | None
    alerted: bool
    articles_seen: int
    catalogue_before: str | None = None  # joined a running bot, feed not yet read whole: entries before this are
    # its back catalogue
    site: str | None = None  # the site its feed names as its own, as last read (whose story a link is)
    moved_to: str | None = None  # where its feed said at its last read it has moved for good (password redacted)
    moved_status: int | None = None  # that redirect's HTTP status (301, 308)


@dataclass(frozen=True)
class ArticleQuote:
    """A quote as an article's row keeps it (its `quotes` JSON column): who said it, when known, and the words."""

    speaker: str | None
    text: str


@dataclass(frozen=True)
class ArticlePledge:
    """A pledge as an article's row keeps it (its `pledges` JSON column, and a row of the pledges table): who
    committed to what, the sentence that says so, and the deadline as worded and as a day (ISO), when known."""

    actor: str
    commitment: str
    evidence: str
    when: str | None = None
    due: str | None = None


def article_quotes(column: str | None) -> list[ArticleQuote]:
    """An article's `quotes` column read back; a key an older row lacks reads as empty."""
    return [ArticleQuote(q.get("speaker"), q.get("text") or "") for q in json.loads(column or "[]")]


def article_pledges(column: str | None) -> list[ArticlePledge]:
    """An article's `pledges` column read back; a key an older row lacks reads as empty."""
    return [ArticlePledge(p.get("actor") or "", p.get("commitment") or "", p.get("evidence") or "", p.get("when"),
                          p.get("due")) for p in json.loads(column or "[]")]


@dataclass(frozen=True)
class NewArticle:
    """An analysed article as ingest stores it (`articles.insert_article`, `articles.update_article`)."""

    url: str
    source_id: int | None
    guid: str | None
    title: str
    text: str
    text_hash: str
    published: str | None = None
    author: str | None = None
    entry_hash: str | None = None
    sketch: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    quotes: list[ArticleQuote] = field(default_factory=list)
    pledges: list[ArticlePledge] = field(default_factory=list)
    lang: str | None = None  # the language its script names (bot/analysis/language.script_language), None for English
    archive: bool = False  # from a source's back catalogue: stored, not pushed to chats as new (db migration 5)
    day_only: bool = False  # its feed dates it by day alone: `published` is that day at 00:00 UTC (db migration 7)
    own_day: str | None = None  # its day as its feed dates it, at the offset written (db migration 8)
    # Its page keeps all but the start of the story for subscribers: what was read (and summarised) is that start,
    # which the digests say after the summary (db migration 9; before, a note ended the summary as a sentence).
    paywalled: bool = False
    # Its page could not be read (an error, a consent wall, a PDF): what was summarised is its feed's short teaser,
    # which the digests say after the summary (db migration 19).
    from_teaser: bool = False


@dataclass(frozen=True)
class StoredArticle:
    """What ingest compares a feed entry with: an article already stored under its URL or GUID."""

    id: int
    url: str
    source_id: int | None
    guid: str | None
    title: str
    text_hash: str
    entry_hash: str | None
    group_id: int | None
    published: str | None = None  # its own date as stored (ISO), if it had one: an edit keeps it


@dataclass(frozen=True)
class Article:
    """A stored article as digests and commands read it (no full text), with its source's name."""

    id: int
    url: str
    source_id: int | None
    guid: str | None
    title: str
    author: str | None
    published: str | None
    fetched: str
    updated: str | None
    sort_time: str
    group_id: int | None
    tags: list[str]
    summary: list[str]
    quotes: list[ArticleQuote]
    pledges: list[ArticlePledge]
    source_name: str | None
    day_only: bool = False  # `published` is a day (at 00:00 UTC), with no time of day: shown as the day alone
    paywalled: bool = False  # only the start of the story is free on its page: its summary is of that start
    from_teaser: bool = False  # its page could not be read: its summary is of its feed's teaser
    lang: str | None = None  # its language (ISO 639-1) when its script names one other than English's: labelled

    @property
    def story_group(self) -> int:
        """The story an article belongs to: its syndication group, or itself."""
        return self.group_id or self.id


@dataclass(frozen=True)
class OwedRestore:
    """A chat owed word that the bot was restored from a backup: when the backup was made and when the restored bot
    first started (ISO, UTC); the stories the feeds listed from between were kept from the chat."""

    backup_at: str
    restarted_at: str


@dataclass(frozen=True)
class OwedEdit:
    """A material edit of a story a chat was sent, that the chat has not been told of: the headline the story had
    before the edit, the line saying what changed, and the story as it reads now (headline, link, source)."""

    edit_id: int
    article_id: int
    was_title: str
    change: str
    created: str
    title: str
    url: str
    source_name: str | None


@dataclass(frozen=True)
class GroupCandidate:
    """A recent article a new one may be a syndicated copy of."""

    id: int
    group_id: int | None
    source_id: int | None
    title: str
    sketch: list[int]

    @property
    def story_group(self) -> int:
        return self.group_id or self.id


@dataclass(frozen=True)
class GroupMember:
    """One outlet's copy of a story (for "also reported by")."""

    id: int
    group_id: int
    url: str
    sort_time: str
    source_name: str | None


@dataclass(frozen=True)
class StoredPledge:
    """A pledge as the tracker reads it, with the story that reported it.

    `canonical_id` is the first report of the same pledge (None for a first report: the pledge the tracker
    follows); `reports` counts the reports of it (itself and the copies pointing to it). `published` is the
    story's publication time (its sort time when undated); `story_group` its syndication group. `actor_key` and
    `actor_keys` are None and [] until the tracker has read the pledge.
    """

    id: int
    article_id: int
    actor: str
    commitment: str
    evidence: str
    when_text: str | None
    due: str | None
    actor_key: str | None
    actor_keys: list[str]
    canonical_id: int | None
    published: str
    title: str
    url: str
    source_name: str | None
    story_group: int
    reports: int = 1
    day_only: bool = False  # the story's feed dates it by day alone (`published` is that day at 00:00 UTC)
    own_day: str | None = None  # the story's day as its feed dates it (None: stored before migration 8)

    @property
    def when(self) -> str | None:
        """The deadline as worded (its column is `when_text`), under the name every other pledge record gives it,
        so a stored pledge reads back into the analysis' records like an article's own (`Pledge.kept`)."""
        return self.when_text


@dataclass(frozen=True)
class PledgeTracking:
    """What the tracker found for one stored pledge: its actor keys and, for a repeat, the first report of it."""

    pledge_id: int
    actor_keys: list[str]
    canonical_id: int | None = None


@dataclass(frozen=True)
class ArticleActor:
    """An actor a story involves: its key, the name a reader sees, and why (quoted, pledges, subject)."""

    actor_key: str
    name: str
    reasons: list[str]


@dataclass(frozen=True)
class NewFollowUp:
    """A later story's report on a pledge, as the tracker stores it. `published` and `new_due` are ISO dates."""

    pledge_id: int
    article_id: int
    outcome: str
    evidence: str
    reason: str
    score: float
    published: str
    new_due: str | None = None


@dataclass(frozen=True)
class StoredFollowUp:
    """A stored follow-up with the story that reported it (for "Kept"/"Broken" lines and /pledges)."""

    id: int
    pledge_id: int
    article_id: int
    outcome: str
    evidence: str
    reason: str
    new_due: str | None
    published: str
    created: str
    title: str
    url: str
    source_name: str | None
    story_published: str | None = None  # the reporting story's instant (UTC), to date it in a chat's zone
    day_only: bool = False  # the reporting story's feed dates it by day alone


@dataclass(frozen=True)
class UntrackedArticle:
    """An article the tracker has not read yet: what it needs to find its actors and link it to pledges."""

    id: int
    url: str
    story_group: int
    title: str
    text: str
    published: str
    summary: list[str]
    quotes: list[ArticleQuote]
    pledges: list[StoredPledge]
    own_day: str | None = None  # its day as its feed dates it (None: stored before migration 8)


@dataclass(frozen=True)
class Follow:
    """An actor a chat follows: the key stories are matched on and the name the chat sees."""

    platform: str
    chat_id: str
    actor_key: str
    actor_name: str
    created: str
    created_by: str | None


@dataclass(frozen=True)
class SubscriptionSettings:
    """What a chat chooses with /settings (and what a new subscription starts with)."""

    mode: str
    time: str
    timezone: str
    max_items: int


@dataclass(frozen=True)
class SettingsChange:
    """Some of a subscription's settings, to change (`subscriptions.update_settings`): /settings' pairs, or what a
    [[subscriptions]] block says differently. None leaves a setting as it is."""

    mode: str | None = None
    time: str | None = None
    timezone: str | None = None
    max_items: int | None = None

    def given(self) -> dict[str, str | int]:
        """The settings this changes, by name (the subscriptions table's columns)."""
        return {f.name: value for f in fields(self) if (value := getattr(self, f.name)) is not None}


@dataclass(frozen=True)
class DeclaredSubscription:
    """A subscription as the config file declares it (a [[subscriptions]] block): what `subscriptions.sync_declared`
    takes. `settings` are the block's, with the config's digest defaults where the block names none; `unset` names
    those defaulted settings (time, timezone, max_items), so that a chat's own, set before any subscription, is kept
    rather than overwritten by a default the operator never wrote."""

    platform: str
    chat_id: str
    chat_kind: str
    topics: tuple[str, ...]
    settings: SubscriptionSettings
    unset: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SubscriptionChange:
    """What syncing the config's blocks did to one subscription, or why it left it alone (for the log)."""

    platform: str
    chat_id: str
    action: str  # created | reactivated | updated | ended | left alone
    detail: str = ""


@dataclass(frozen=True)
class Subscription:
    """A chat or channel that gets digests: where, on what, when, and how it is doing."""

    id: int
    platform: str
    chat_id: str
    chat_kind: str
    chat_title: str | None
    topics: list[str]
    mode: str
    time: str
    timezone: str
    max_items: int
    active: bool
    origin: str
    created_by: str | None
    created: str
    since: str
    failures: int
    last_error: str | None
    last_error_at: str | None
    deactivated_reason: str | None
    chat_alias: str | None = None  # the chat's other name a [[subscriptions]] block may use ("@name")


@dataclass(frozen=True)
class Delivery:
    """One message owed to a chat, ready to send, with its destination."""

    id: int
    subscription_id: int
    digest_key: str
    part: int
    parts: int
    payload: dict[str, Json]
    state: str
    attempts: int
    next_attempt: str
    created: str
    sent_at: str | None
    message_id: str | None
    last_error: str | None
    platform: str
    chat_id: str
    chat_kind: str

    @property
    def send_key(self) -> str:
        """This message's name at every try and after a restart or a restore of a backup holding it (its row, digest
        and part), for a platform that can have its server post a repeat once (`Platform.send`)."""
        return f"{self.id}:{self.digest_key}:{self.part}"


@dataclass(frozen=True)
class FailedDelivery:
    """A message given up on, for `status`, /status and `communique resend`; with its chat's state."""

    id: int
    subscription_id: int
    digest_key: str
    part: int
    parts: int
    attempts: int
    last_error: str | None
    created: str
    platform: str
    chat_id: str
    active: bool
    deactivated_reason: str | None


@dataclass(frozen=True)
class UnsentMessages:
    """A chat's messages planned and not sent yet (waiting their turn, a rate limit or a retry): how many, and when
    the first is tried (ISO time)."""

    count: int
    next_attempt: str | None


@dataclass(frozen=True)
class WaitingDeliveries:
    """Messages that failed at least once and wait to be tried again (a platform outage shows here)."""

    count: int
    oldest: str | None
    next_attempt: str | None
    last_error: str | None
    chats: tuple[str, ...] = ()  # "platform chat_id" of the first few chats they are for, the longest waiting first
    chat_count: int = 0  # how many chats they are for


@dataclass(frozen=True)
class DeliveryCounts:
    due: int = 0
    sending: int = 0
    sent: int = 0
    failed: int = 0

    @property
    def pending(self) -> int:
        return self.due + self.sending
