"""Choose what a chat gets and compose the platform-neutral digest from stored, already-analysed articles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils

from bot.analysis.language import language_name
from bot.analysis.model import Analysis
from bot.analysis.sentences import strip_dateline
from bot.core.digest import AlsoReported, Digest, Story, StoryUpdate, day_text
from bot.core.edits import (
    Edition,
    key_quote,
    material_change,
    same_words,
    tells_headline,
    tells_pledges,
    was_line,
    words,
)
from bot.core.text import count_of, days_back, line_opening, reaches_back
from bot.digest.pledges import chat_pledges
from bot.digest.topics import topic_match
from storage import articles as article_store
from storage import deliveries as ledger
from storage import edits as edit_store
from storage import sources as source_store
from storage import tracking as tracking_store
from storage.db import from_iso, to_iso
from storage.records import Article, ArticleActor, GroupMember, OwedEdit, OwedRestore, Subscription

MAX_LATEST = 20


def _shown_time(article: Article) -> datetime | None:
    """When a story was published, as a chat is shown it: an instant (in UTC), or for a story its feed dates by
    day alone, that day as a naive midnight, which the renderers show as the day, with no hour and no zone."""
    published = from_iso(article.published)
    if published is not None and article.day_only:
        return datetime(published.year, published.month, published.day)
    return published or from_iso(article.sort_time)


def _story(article: Article, members: list[GroupMember], listers: Sequence[str] = ()) -> Story:
    """`listers`: the other sources that listed the story at its own link (stored once): shown with the group's
    copies at other links. The summary is shown without a wire dateline ("ALDMARK, Dec 6 (Orlen Wire) - "): its
    first words were a place in capitals and the outlet the line above names. A pledge's actor opens its line
    with a capital ("Both governments: repair ...")."""
    analysis = Analysis.kept(article.summary, article.quotes, article.pledges)
    others = [
        AlsoReported(source=m.source_name or "another source", url=m.url)
        for m in members
        if m.id != article.id and (m.source_name or "") != (article.source_name or "")
    ]
    others += [AlsoReported(source=name, url=article.url) for name in listers
               if name != (article.source_name or "")]
    unique: dict[str, AlsoReported] = {}
    for other in others:
        unique.setdefault(other.source, other)
    return Story(
        article_id=article.id,
        title=article.title,
        url=article.url,
        source=article.source_name or "",
        published=_shown_time(article),
        summary=[strip_dateline(sentence) for sentence in analysis.summary],
        quotes=analysis.quotes,
        pledges=[replace(pledge, actor=line_opening(pledge.actor)) for pledge in analysis.pledges],
        also_reported_by=list(unique.values()),
        tags=list(article.tags),
        paywalled=article.paywalled,
        from_teaser=article.from_teaser,
        language=language_name(article.lang),
    )


def stories_for(
    db: sqlite_utils.Database, articles: Sequence[Article], follow_keys: Sequence[str] = ()
) -> list[Story]:
    """Stories for articles, each with the other outlets that carried the same story, and, for a chat following
    actors (`follow_keys`), which of them each story involves and why."""
    members: dict[int, list[GroupMember]] = {}
    for member in article_store.group_members(db, [a.story_group for a in articles]):
        members.setdefault(member.group_id, []).append(member)
    listers = article_store.other_listers(db, [a.id for a in articles])
    stories = [_story(a, members.get(a.story_group, []), listers.get(a.id, ())) for a in articles]
    if not follow_keys:
        return stories
    involved = tracking_store.actors_of(db, [a.id for a in articles], list(follow_keys))
    return [replace(story, followed=follow_marker(involved.get(story.article_id, []))) for story in stories]


def follow_marker(actors: Sequence[ArticleActor]) -> str:
    """Why a story reached a chat that follows actors: "follows: Sergey Lavrov (quoted, pledges)"."""
    if not actors:
        return ""
    return "follows: " + ", ".join(f"{a.name} ({', '.join(a.reasons)})" if a.reasons else a.name for a in actors)


def heading_for(title: str, timezone: str, now: datetime) -> str:
    local = now.astimezone(ZoneInfo(timezone))
    return f"{title}: {local.day} {local:%b %Y}"


@dataclass(frozen=True)
class Days:
    """The days a `/latest` asks for, in the chat's zone: `first` through `last`, both included, and how a reply
    names them ("yesterday", "last week", "Friday"; `since` for "since Friday", which runs to now)."""

    first: date
    last: date
    said: str
    since: bool = False

    def shown(self) -> str:
        """The days as a heading says them, with their dates: "yesterday (22 Nov 2026)", "last week (16 – 22 Nov
        2026)", "since Friday (20 Nov 2026)", "1 Dec 2025" (a date typed as one is said once)."""
        if self.first == self.last or self.since:
            dates = day_text(self.first)
        elif (self.first.year, self.first.month) == (self.last.year, self.last.month):
            dates = f"{self.first.day} – {day_text(self.last)}"
        elif self.first.year == self.last.year:  # "30 Nov – 6 Dec 2026": the year once, as a reader writes it
            dates = f"{self.first.day} {self.first:%b} – {day_text(self.last)}"
        else:
            dates = f"{day_text(self.first)} – {day_text(self.last)}"
        said = f"since {self.said}" if self.since else self.said
        # A date typed as one ("since 2026-11-20") is said once: "since 20 Nov 2026 (20 Nov 2026)" said it twice.
        return said if self.said == dates else f"{said} ({dates})"


def latest_digest(
    db: sqlite_utils.Database, count: int, topics: Sequence[str] = (), *, timezone: str = "UTC", now: datetime,
    days: Days | None = None, source: str | None = None,
) -> Digest:
    """The newest `count` stories (at most MAX_LATEST), one per story group, matching any of `topics`; `days`: only
    those published on those days in `timezone`, the reader's days, not UTC's; `source` (a source's name): only its
    stories."""
    count = max(1, min(count, MAX_LATEST))
    match = topic_match(topics)
    between, on_day = None, ""
    if days is not None:
        start = datetime.combine(days.first, time(), ZoneInfo(timezone))
        end = datetime.combine(days.last + timedelta(days=1), time(), ZoneInfo(timezone))
        between = (to_iso(start), to_iso(end))
        on_day = f"{', ' if source else ' ' if days.since else ' from '}{days.shown()}"
    rows = article_store.latest(db, count, topics, match.actor_keys, match.phrases, between, source)
    about = f" on {', '.join(topics)}" if topics else f" from {source}" if source else ""
    shown = count_of(len(rows), "story", "stories") if rows else "stories"  # never "0 stories"
    return Digest(
        heading=f"Latest {shown}{about}{on_day}",
        stories=stories_for(db, rows),
        empty_note=(f"No stories{about}{on_day}." if days is not None
                    else f"No stories{about} yet." if topics or source else nothing_yet(db)),
        timezone=timezone,
        day=now.astimezone(ZoneInfo(timezone)).date(),
    )


def nothing_yet(db: sqlite_utils.Database) -> str:
    """Why no story is stored at all, by what the sources' reads came to, and what to do. "The sources have not
    been fetched" was said while the first read was under way (nothing told to ask again soon) and of sources whose
    every read had failed (nothing of /sources, which says since when)."""
    sources = source_store.list_sources(db)
    if any(s.last_success is None and not s.failures for s in sources):
        return "No stories yet: the sources are being read for the first time. Ask again in a minute."
    if sources and all(s.last_success is None for s in sources):
        return "No stories yet: the sources could not be read so far (/sources says since when)."
    if sources:
        return "No stories yet: the sources have carried none so far."
    return "No stories yet: the sources have not been fetched."


@dataclass(frozen=True)
class PendingDigest:
    """What a subscription is owed now: the digest to send, the articles it covers (its stories and their copies,
    and copies of stories sent before), and how many matched stories wait for a later digest."""

    digest: Digest
    covered_article_ids: list[int]
    pledge_notices: list[tuple[int, str]] = field(default_factory=list)  # (pledge id, kind) the digest tells
    edit_notices: list[int] = field(default_factory=list)  # the story edits the digest tells (or that it sends anew)
    waiting: int = 0
    more_waiting: bool = False  # more than `waiting` wait: the ledger was read only UNDELIVERED_READ at a time
    updates_waiting: int = 0  # the stories whose "Updated" entries did not fit (past max_items), owed still
    restore_told: bool = False  # the digest tells the chat the bot was restored from a backup (`restore_line`)


UNDELIVERED_READ = 500  # the owed stories one digest reads, newest first


def _update_of(edits: list[OwedEdit], *, news_held: bool = False) -> StoryUpdate | None:
    """One story's "Updated" entry from the edits a chat is owed of it (oldest first): its headline now; then the
    headline the chat was shown, when that differs in its words, every edit's new pledges and the latest new
    quote ("Was: “…” · New pledge: … · New pledge: …"): two edits each adding a pledge told the latest alone.
    None when the edits undid each other (a headline changed and changed back, nothing else), or brought only
    news the chat holds from another copy (`news_held`): nothing to tell."""
    first, last = edits[0], edits[-1]
    headline = None if same_words(first.was_title, last.title) else was_line(first.was_title)
    news = [] if news_held else [e.change for e in edits if tells_pledges(e.change)]
    quote = None if news_held else next((e.change for e in reversed(edits)
                                         if not tells_headline(e.change) and not tells_pledges(e.change)), None)
    change = CHANGES_APART.join(dict.fromkeys(line for line in (headline, *news, quote) if line))
    if not change:
        return None
    return StoryUpdate(article_id=last.article_id, title=last.title, url=last.url, source=last.source_name or "",
                       change=change)


CHANGES_APART = " · "  # between the headline's change and the new pledge or quote, on one line


def _edition(articles: Sequence[Article]) -> Edition:
    """What a chat holds of a story from these copies of it: the first's headline, every copy's quotes and pledges."""
    analysis = [Analysis.kept(a.summary, a.quotes, a.pledges) for a in articles]
    return Edition(articles[0].title, analysis[0].summary, [q for a in analysis for q in a.quotes],
                   [p for a in analysis for p in a.pledges])


def _held(text: str, held: Sequence[str]) -> bool:
    """Whether one of `held` says `text`, or holds it whole, or is held whole in it, word for word."""
    said = f" {' '.join(words(text))} "
    return said.strip() != "" and any(said in other or other in said
                                      for other in (f" {' '.join(words(h))} " for h in held) if other.strip())


def copies_with_news(
    db: sqlite_utils.Database, subscription: Subscription, copies: Sequence[Article]
) -> list[StoryUpdate]:
    """Another outlet's copy of a story the chat was sent that carries a pledge or a key quote none of the sent
    copies held (a wire story run later with a paragraph of news): told as "Updated", one per story, the newest such
    copy. A copy is covered in silence otherwise (the story was sent); its headline differs by outlet, and says
    nothing new by that alone."""
    if not copies:
        return []
    held: dict[int, list[Article]] = {}
    for article in _seen(db, subscription, [c.story_group for c in copies])[0]:
        held.setdefault(article.story_group, []).append(article)
    updates: dict[int, StoryUpdate] = {}
    for copy in copies:  # newest first
        sent = held.get(copy.story_group)
        if copy.story_group in updates or not sent:
            continue
        change = _news_beyond(sent, copy)
        if change:
            updates[copy.story_group] = StoryUpdate(article_id=copy.id, title=copy.title, url=copy.url,
                                                    source=copy.source_name or "", change=change)
    return list(updates.values())


def _seen(
    db: sqlite_utils.Database, subscription: Subscription, groups: Sequence[int]
) -> tuple[list[Article], Mapping[int, str]]:
    """Of the copies of these stories a chat was sent, those it was shown, oldest first, and the digest that covered
    each copy sent: a digest covering several copies of one story showed the newest (one copy a story) and covered
    the others unseen, and what only they hold is nothing the chat has read."""
    keys = article_store.delivery_keys_in_groups(db, subscription.id, groups)
    shown: dict[tuple[int, str], Article] = {}
    for copy in article_store.delivered_in_groups(db, subscription.id, groups):
        at = (copy.story_group, keys.get(copy.id, ""))
        kept = shown.get(at)
        if kept is None or (copy.sort_time, copy.id) > (kept.sort_time, kept.id):
            shown[at] = copy
    return sorted(shown.values(), key=lambda a: a.id), keys


def _news_beyond(sent: Sequence[Article], copy: Article) -> str | None:
    """The line telling a pledge or key quote `copy` carries that none of the `sent` copies held; None when it
    carries none (its headline, which differs by outlet, says nothing new by that alone)."""
    before, after = _edition(sent), _edition([copy])
    # Outlets word a wire story's lede their own way and trim its quotes: the actor or deadline read from it may
    # differ, a quote may be cut shorter. Only a commitment or a quote none of the sent copies held is news.
    commitments = [p.commitment for p in before.pledges]
    quote = key_quote(after)
    after = replace(after, pledges=[p for p in after.pledges if not _held(p.commitment, commitments)],
                    quotes=[] if quote is None or _held(quote.text, [q.text for q in before.quotes])
                    else after.quotes)
    change = material_change(before, after)
    return change if change and not tells_headline(change) else None


def _news_held_elsewhere(db: sqlite_utils.Database, subscription: Subscription, article_id: int) -> bool:
    """Whether every pledge and key quote of this story as it reads now is in another copy of it the chat got in a
    digest of its own: an edit bringing one of them is news the chat was told (another outlet ran the paragraph
    first, told as "Updated"), and was told again. The copies the story's own digest covered beside it count for
    nothing: that digest showed one copy, and the others' pledges were never shown."""
    story = article_store.get_article(db, article_id)
    if story is None:
        return False
    shown, keys = _seen(db, subscription, [story.story_group])
    others = [a for a in shown if a.id != article_id and keys.get(a.id) != keys.get(article_id)]
    return bool(others) and _news_beyond(others, story) is None


def owed_updates(
    db: sqlite_utils.Database, subscription: Subscription, sending: set[int]
) -> tuple[list[StoryUpdate], list[int], int]:
    """The "Updated" entries a chat is owed (at most its max_items; the rest wait, as stories do), the edits they
    tell, and how many stories' entries wait for a later digest. An edited story the digest sends whole
    (`sending`: the chat's copy was forgotten and is owed again) is told by that: its edits are marked told with
    nothing more shown."""
    by_story: dict[int, list[OwedEdit]] = {}
    for edit in edit_store.owed(db, subscription.id):
        by_story.setdefault(edit.article_id, []).append(edit)
    updates: list[StoryUpdate] = []
    told: list[int] = []
    left = 0
    for article_id, edits in by_story.items():
        if article_id not in sending:
            update = _update_of(edits, news_held=_news_held_elsewhere(db, subscription, article_id))
            if update is not None and len(updates) >= subscription.max_items:
                left += 1  # owed still: its edits are not marked told
                continue
            if update is not None:
                updates.append(update)
        told.extend(edit.edit_id for edit in edits)
    return updates, told, left


def updates_waiting_note(count: int, *, follow_on: bool) -> str:
    """The closing line when more "Updated" entries are owed than a digest holds (max_items): they wait, and the
    chat is told so; cut in silence, a chat told two of five stories' news thought it had heard it all."""
    stories = count_of(count, "more updated story", "more updated stories")
    if follow_on:  # instant mode: they follow at once, as stories past max_items do
        return f"{stories} {'follows' if count == 1 else 'follow'} at once, in the messages after this one."
    return f"{stories} {'is' if count == 1 else 'are'} waiting for a later digest; /digest sends the next ones now."


def waiting_note(count: int, *, follow_on: bool, more: bool = False, held: int = 0) -> str:
    """The closing line when more stories matched than fit: they are owed, not dropped, and the chat is told when
    they come. Past what one digest reads (`more`), the count is a floor and daily digests will not catch up: the
    chat is told so, and that topics narrow it (an instant chat gets every one in the messages that follow).
    `held` of them an earlier digest passed over already: digests bring the newest first, so while the day's news
    fills each one, those come only by /digest; "waiting for a later digest" was a promise no digest kept."""
    stories = count_of(count, "more matched story", "more matched stories")
    if follow_on:  # instant mode: every one is sent, in the messages that follow (as many as they fill)
        if count == 1:
            return f"{stories} follows at once, in the next message."
        return f"{stories} follow at once, in the messages after this one."
    if more:
        return (f"Over {stories} are waiting, more than digests bring: /digest sends the next ones now, and some "
                "topics narrow this chat (/topics).")
    if held:
        some = "" if held == count else f", {held} of them"
        them = "it" if count == 1 else "them" if held == count else "the next ones"
        return (f"{stories} {'is' if count == 1 else 'are'} still waiting{some} from earlier digests, which bring "
                f"the newest first: /digest sends {them} now.")
    return f"{stories} {'is' if count == 1 else 'are'} waiting for a later digest; /digest sends the next ones now."


def restore_line(restore: OwedRestore, timezone: str, now: datetime) -> str | None:
    """The line telling a chat the bot was restored from a backup: the stories its feeds listed from the backup's
    moment to the restart were kept from chats (the bot copied from sent them, or, stopped long before, never
    did), and only the operator's log said so. Dates in the chat's zone; the command is the one every platform
    has. None for a record that cannot be read (no line rather than a wrong date)."""
    made, restarted = from_iso(restore.backup_at), from_iso(restore.restarted_at)
    if made is None or restarted is None:
        return None
    zone = ZoneInfo(timezone)
    return (f"This bot was restored from a copy of {day_text(made.astimezone(zone).date())}: the stories from then "
            f"to its restart on {day_text(restarted.astimezone(zone).date())} were held back, in case this chat had "
            f"them already. /subscribe since {days_back(made, now)}d brings "
            f"{'them' if reaches_back(made, now) else 'those of the last 30 days, as far as it reaches'}.")


def _held_over(db: sqlite_utils.Database, subscription: Subscription, waiting: Sequence[Article]) -> int:
    """How many of the stories that wait were stored before the chat's last digest was planned: that digest passed
    them over for newer ones (or they were owed then and it was full)."""
    last = from_iso(ledger.last_planned(db, subscription.id))
    if last is None:
        return 0
    return sum(1 for article in waiting if (fetched := from_iso(article.fetched)) is not None and fetched < last)


def pending_digest(
    db: sqlite_utils.Database,
    subscription: Subscription,
    *,
    now: datetime,
    title: str = "Communiqué digest",
    follow_on: bool = False,
    dated: datetime | None = None,
) -> PendingDigest:
    """The stories this subscription has not been sent, newest first, one per story, at most its max_items.

    A story is the chat's when it matches one of its topics or involves an actor it follows (neither topics nor
    follows: every story). Copies of a story the chat already got are covered silently (the story was sent).
    Stories beyond max_items are not covered: they stay owed to the chat, and the digest's last line says how many
    wait (`follow_on`: the caller sends them in the next message at once; else a later digest, or /digest, brings
    them). Stories the chat was sent and their outlet has since changed materially, or another outlet has run with
    news, follow the new ones ("Updated"), at most max_items of them: the rest wait, their copies owed. The
    chat's pledges falling due and those reported kept or broken close the digest. The first digest with
    something in it after the bot was restored from a backup says so, once, in its closing note (`restore_line`).

    The heading names the day of `dated` (when the digest was due) or of `now`: a digest caught up after midnight
    named the day it went out, as that evening's own digest did. Deadlines are read on `now`'s day, the reader's.
    """
    follow_keys = [f.actor_key for f in tracking_store.follows(db, subscription.platform, subscription.chat_id)]
    match = topic_match(subscription.topics)
    rows = article_store.undelivered(
        db, subscription.id, subscription.topics, subscription.since, started=subscription.created,
        actor_keys=[*follow_keys, *match.actor_keys], phrases=match.phrases, limit=UNDELIVERED_READ,
    )
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
    waiting = len(fresh) - len(shown)
    more = len(rows) >= UNDELIVERED_READ
    covered_groups = groups_seen | {a.story_group for a in shown}
    covered = [r.id for r in rows if r.story_group in covered_groups]
    today = now.astimezone(ZoneInfo(subscription.timezone)).date()
    updates, edits_told, updates_left = owed_updates(db, subscription, set(covered))
    news = copies_with_news(db, subscription, [r for r in rows if r.story_group in groups_seen])
    # As many as the digest has room for beside the edits told (max_items, as stories): the copies of a story whose
    # news waits are left owed, and the next digest finds them again.
    room = max(0, subscription.max_items - len(updates))
    waits = {update.article_id for update in news[room:]}
    held = {r.story_group for r in rows if r.id in waits}
    covered = [r.id for r in rows if r.story_group in covered_groups - held]
    updates += news[:room]
    updates_left += len(news[room:])
    pledges = chat_pledges(db, subscription, follow_keys, today, sending=covered, now=now)
    owed_restore = ledger.owed_restore(db, subscription.id)
    restored = restore_line(owed_restore, subscription.timezone, now) if owed_restore is not None else None
    waits_note = waiting_note(waiting, follow_on=follow_on, more=more,
                              held=0 if follow_on else _held_over(db, subscription, fresh[len(shown):])) \
        if waiting else None
    updates_note = updates_waiting_note(updates_left, follow_on=follow_on) if updates_left else None
    digest = Digest(
        heading=heading_for(title, subscription.timezone, dated or now),
        stories=stories_for(db, shown, follow_keys),
        note=" ".join(line for line in (restored, waits_note, updates_note) if line) or None,
        timezone=subscription.timezone,
        pledges_due=pledges.due,
        pledge_reports=pledges.reports,
        updates=updates,
        pledge_lines_not_shown=pledges.not_shown,
        day=today,
    )
    return PendingDigest(digest=digest, covered_article_ids=covered, waiting=waiting, more_waiting=more,
                         updates_waiting=updates_left,
                         pledge_notices=pledges.notices, edit_notices=edits_told,
                         restore_told=owed_restore is not None and not digest.empty)
