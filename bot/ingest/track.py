"""The tracker's pass over newly stored articles: who each story involves, whose pledges it holds (and which
repeat a pledge already known), and which earlier pledges it reports kept, broken, delayed or superseded.

It runs after every ingest pass over the articles it has not read yet, oldest first, so that a pledge is known
before the story reporting on it even when both arrive in one pass (and an upgraded database is read the same way,
a batch at a time). The reading (`bot.tracking`) runs in a worker thread; the database is read and written on the
event loop, one transaction per article.

Precision first, as in the linker: a pledge is linked only to first reports no report has settled yet (or, for a
late fulfilment or a new date only, one whose latest report is a breach), and never to its own story nor to
another outlet's copy of it (the linker's `source` is the story's syndication group).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import sqlite_utils

from bot.analysis.model import Analysis, Pledge
from bot.core.text import count_of
from bot.tracking import (
    Actor,
    ActorTable,
    Outcome,
    Story,
    TrackedPledge,
    default_table,
    link_story,
    same_pledge,
    story_actors,
)
from bot.tracking.about import as_named_in
from bot.tracking.linking import restated_in_the_same_words, restated_later, track
from storage import tracking as tracking_store
from storage.db import from_iso
from storage.records import ArticleActor, NewFollowUp, PledgeTracking, StoredPledge, UntrackedArticle

log = logging.getLogger(__name__)

BATCH = 50  # articles read per worker-thread call
MAX_PER_PASS = 500  # an upgraded database is read over several passes, so no pass waits minutes for it
POOL = 5000  # the newest first reports a story is compared with
WATCHED = 300  # the most often seen actors looked for in every story's title and summary
_SETTLING = frozenset({Outcome.KEPT, Outcome.BROKEN, Outcome.SUPERSEDED})
_AFTER_A_BREACH = frozenset({Outcome.KEPT, Outcome.DELAYED})  # what a later story may still report of a breach


def day_of(moment: str | None, own_day: str | None = None) -> date:
    """A story's own day: as its feed dates it (`own_day`, at the offset it was written with), so that a follow-up's
    'tomorrow' counts from it as ingest counts a story's own times; else the UTC day of its stored time (storage
    keeps ISO 8601 UTC), for a story stored before the day was kept."""
    if own_day:
        return date.fromisoformat(own_day)
    parsed = from_iso(moment)
    return parsed.date() if parsed else date.min


@dataclass(frozen=True)
class ArticleFindings:
    """What the tracker found in one article, ready to store."""

    article_id: int
    actors: list[ArticleActor]
    pledges: list[PledgeTracking]
    follow_ups: list[NewFollowUp]
    settled: set[int] = field(default_factory=set)


class Pool:
    """The first reports a new story is compared with: by actor (for repeats) and unsettled (for follow-ups).

    Built on the event loop from storage; read and extended in the worker thread, one batch at a time.
    """

    def __init__(self, table: ActorTable, cache: dict[int, TrackedPledge], watch_names: Sequence[str] = ()) -> None:
        self.table = table
        self.cache = cache
        self.by_actor: dict[str, list[TrackedPledge]] = {}
        self.unsettled: dict[int, TrackedPledge] = {}
        self.broken: dict[int, TrackedPledge] = {}  # reported broken last: a later story may report them kept late
        self.kept: dict[int, TrackedPledge] = {}  # reported kept last: a later story may report the act undone
        self.watch_names = list(watch_names)
        self._watch: dict[str, Actor] | None = None

    @property
    def watch(self) -> list[Actor]:
        """Actors the alias table does not list but chats follow or stories name ("Velmora"): a story naming one in
        its title or summary is about it, even when it is not quoted and pledges nothing there. Folded in the
        worker thread, once per batch, and grown by the actors each story of the batch brings."""
        if self._watch is None:
            self._watch = {}
            for name in self.watch_names:
                self.seen(self.table.fold_all(name))
        assert self._watch is not None
        return list(self._watch.values())

    def seen(self, actors: Sequence[Actor]) -> None:
        if self._watch is None:
            self.watch  # noqa: B018 (folds the names read from storage first)
        assert self._watch is not None
        for actor in actors:
            if not actor.known:
                self._watch.setdefault(actor.key, actor)

    def add(self, pledge: TrackedPledge, *, settled: bool = False, broken: bool = False, kept: bool = False) -> None:
        for actor in pledge.actors:
            self.by_actor.setdefault(actor.key, []).append(pledge)
        if broken:
            self.broken[int(pledge.id)] = pledge
        elif kept:
            self.kept[int(pledge.id)] = pledge
        elif not settled:
            self.unsettled[int(pledge.id)] = pledge

    def tracked(self, stored: StoredPledge) -> TrackedPledge:
        """A stored first report as the linker reads it (folded once per process, then cached)."""
        known = self.cache.get(stored.id)
        if known is None:
            known = track(Pledge.kept(stored), id=str(stored.id), published=day_of(stored.published, stored.own_day),
                          source=story_source(stored.story_group), table=self.table)
            self.cache[stored.id] = known
        return known

    def repeat_of(self, pledge: TrackedPledge) -> TrackedPledge | None:
        """The first report `pledge` repeats (same or related actor, same commitment), if any."""
        return next((c for c in self._candidates(pledge) if same_pledge(c, pledge, self.table)
                     or restated_in_the_same_words(c, pledge, self.table)), None)

    def put_back_by(self, pledge: TrackedPledge) -> TrackedPledge | None:
        """The unsettled first report `pledge` restates with a later deadline (`restated_later`), if any: the
        pledge it delays."""
        return next((c for c in self._candidates(pledge) if int(c.id) in self.unsettled
                     and restated_later(c, pledge, self.table)), None)

    def _candidates(self, pledge: TrackedPledge) -> Iterator[TrackedPledge]:
        """First reports by `pledge`'s actors or those beside them, each once, oldest first per actor."""
        keys: dict[str, None] = {}
        for actor in pledge.actors:
            keys[actor.key] = None
            for other in self.table.beside(actor):
                keys[other.key] = None
        seen: set[str] = set()
        for key in keys:
            for candidate in self.by_actor.get(key, ()):
                if candidate.id in seen or candidate.id == pledge.id:
                    continue
                seen.add(candidate.id)
                yield candidate


def story_source(story_group: int) -> str:
    """What the linker compares to keep a story from reporting on its own pledges: its syndication group, so
    another outlet's copy of the story that set a pledge is the same story."""
    return f"story:{story_group}"


def read_article(article: UntrackedArticle, pool: Pool) -> ArticleFindings:
    """The tracker's reading of one article (CPU only: runs in a worker thread). Extends `pool` with the
    article's own first reports and drops the pledges it settles, so the next article of the batch sees them."""
    table = pool.table
    published = day_of(article.published, article.own_day)
    analysis = Analysis.kept(article.summary, article.quotes, article.pledges)
    involvements = story_actors(article.title, analysis, watch=pool.watch, table=table)
    pool.seen([i.actor for i in involvements])
    actors = [
        ArticleActor(actor_key=i.actor.key, name=i.actor.name, reasons=[r.value for r in i.reasons])
        for i in involvements
    ]
    # Follow-ups first, against the pledges known before this story: a story never reports on its own pledges.
    source = story_source(article.story_group)
    story = Story(source=source, published=published, title=article.title, text=article.text, analysis=analysis)
    # A pledge reported broken is still read for a late fulfilment ("freed ten days after its deadline") or a new
    # date, as the latest report decides; another breach would tell nothing new. A pledge reported kept is read for
    # a breach only: the act undone ("closed the bridge again"), which chats told "kept" must hear. One reading of
    # the story for all.
    kept = [replace(p, kept=True) for p in pool.kept.values()]
    found = [f for f in link_story([*pool.unsettled.values(), *pool.broken.values(), *kept], story, table)
             if (int(f.pledge_id) not in pool.broken or f.outcome in _AFTER_A_BREACH)
             and (int(f.pledge_id) not in pool.kept or f.outcome is Outcome.BROKEN)]
    late = [f for f in found if int(f.pledge_id) in pool.broken]
    for f in late:
        reopened = pool.broken.pop(int(f.pledge_id))
        if f.outcome is Outcome.DELAYED:
            pool.unsettled[int(f.pledge_id)] = reopened
        elif f.outcome is Outcome.KEPT:
            pool.kept[int(f.pledge_id)] = reopened
    follow_ups = [
        NewFollowUp(
            pledge_id=int(f.pledge_id),
            article_id=article.id,
            outcome=f.outcome.value,
            evidence=f.evidence,
            reason=f.reason,
            score=f.score,
            published=f.published.isoformat(),
            new_due=f.new_due.isoformat() if f.new_due else None,
        )
        for f in found
    ]
    settled = {int(f.pledge_id) for f in found if f.outcome in _SETTLING}
    for pledge_id in settled:
        pledge = pool.unsettled.pop(pledge_id, None) or pool.kept.pop(pledge_id, None)
        outcomes = {f.outcome for f in found if int(f.pledge_id) == pledge_id}
        if pledge is not None and Outcome.BROKEN in outcomes:
            pool.broken[pledge_id] = pledge
        elif pledge is not None and outcomes == {Outcome.KEPT}:
            pool.kept[pledge_id] = pledge
    trackings = []
    for stored in article.pledges:
        tracked = track(Pledge.kept(stored), id=str(stored.id), published=published, source=source, table=table)
        keys = list(dict.fromkeys(a.key for a in tracked.actors))
        if stored.actor_key is not None:  # read before, and kept through an edit of its story: it stays as it was
            trackings.append(PledgeTracking(stored.id, stored.actor_keys or keys, stored.canonical_id))
            continue
        first = pool.repeat_of(tracked)
        delayed = pool.put_back_by(tracked) if first is None else None
        if delayed is not None:  # the same pledge with its deadline put back: a copy of it, and its delay
            first = delayed
            if not any(f.pledge_id == int(delayed.id) for f in follow_ups):
                follow_ups.append(_put_back(delayed, stored, article.id, published))
        trackings.append(PledgeTracking(stored.id, keys, int(first.id) if first else None))
        if first is None and keys:
            pool.cache[stored.id] = tracked
            pool.add(tracked)
    return ArticleFindings(article.id, actors, trackings, follow_ups, settled)


def _put_back(first: TrackedPledge, restated: StoredPledge, article_id: int, published: date) -> NewFollowUp:
    """The delay a restatement with a later deadline reports on the pledge it restates: its sentence, its date."""
    assert restated.due is not None  # `restated_later` reads only a pledge with a deadline as one put back
    return NewFollowUp(
        pledge_id=int(first.id),
        article_id=article_id,
        outcome=Outcome.DELAYED.value,
        evidence=restated.evidence,
        reason=f"restated with a later deadline: {restated.when_text or restated.due}",
        score=1.0,
        published=published.isoformat(),
        new_due=restated.due,
    )


def read_batch(articles: Sequence[UntrackedArticle], pool: Pool) -> list[ArticleFindings | None]:
    """Each article's findings, in order; None for one that could not be read (logged, and marked read with
    nothing found, so one odd article never holds up the rest)."""
    results: list[ArticleFindings | None] = []
    for article in articles:
        try:
            results.append(read_article(article, pool))
        except Exception:
            log.exception("the tracker could not read article %s (%s)", article.id, article.url[:200])
            results.append(None)
    return results


class Tracker:
    """Reads what ingest stored, after each pass; one pass at a time (a second waits for the first)."""

    def __init__(self, db: sqlite_utils.Database, table: ActorTable | None = None) -> None:
        self.db = db
        self.table = table or default_table()
        self._cache: dict[int, TrackedPledge] = {}
        self._lock = asyncio.Lock()

    def _pool(self) -> Pool:
        if len(self._cache) > 4 * POOL:
            self._cache.clear()
        watch = [*tracking_store.followed_names(self.db), *tracking_store.seen_actor_names(self.db, WATCHED)]
        pool = Pool(self.table, self._cache, watch)
        unsettled = {p.id for p in tracking_store.unsettled_pledges(self.db, POOL)}
        broken = {p.id for p in tracking_store.broken_pledges(self.db, POOL)}
        kept = {p.id for p in tracking_store.kept_pledges(self.db, POOL)}
        for stored in tracking_store.first_reports(self.db, limit=POOL, tracked_only=True):
            pool.add(pool.tracked(stored), settled=stored.id not in unsettled, broken=stored.id in broken,
                     kept=stored.id in kept)
        return pool

    async def run(self, limit: int = MAX_PER_PASS) -> int:
        """Read up to `limit` unread articles, oldest first; returns how many were read."""
        done = 0
        async with self._lock:
            while done < limit:
                articles = tracking_store.untracked(self.db, min(BATCH, limit - done))
                if not articles:
                    break
                pool = self._pool()
                results = await asyncio.to_thread(read_batch, articles, pool)
                for article, findings in zip(articles, results, strict=True):
                    if findings is None:
                        tracking_store.record_tracking(self.db, article.id, [], [], [])
                    else:
                        tracking_store.record_tracking(
                            self.db, article.id, findings.actors, findings.pledges, findings.follow_ups
                        )
                done += len(articles)
        if done:
            log.info("tracker: read %s", count_of(done, "article"))
        return done


async def find_as_subject(
    db: sqlite_utils.Database, actor: Actor, since: str, table: ActorTable | None = None
) -> int:
    """Look for a newly followed actor the alias table does not list among the stories stored since `since`, so
    the chat's next digest has those about it too (the tracker found only the actors it knew of when it read
    them: listed ones, and those quoted or pledging). Returns how many stories name it as a subject."""
    if actor.known:
        return 0  # the tracker finds listed actors in every story it reads
    found = await stories_naming(db, actor, since, table)
    tracking_store.add_subject(db, actor.key, actor.name, found)
    return len(found)


async def stories_naming(
    db: sqlite_utils.Database, actor: Actor, since: str, table: ActorTable | None = None
) -> list[int]:
    """The stories stored since `since` whose headline or summary names `actor`, reading only: /follow asks it
    before it offers a near name, as a name a headline gives is no slip. The names are sought in a thread; the
    database is read here, on the thread that uses it."""
    table = table or default_table()
    headlines = tracking_store.recent_headlines(db, since)

    def names_it() -> list[int]:
        return [
            article_id
            for article_id, title, summary in headlines
            if any(m.actor.key == actor.key for text in (title, *summary)
                   for m in table.find(text, [as_named_in((title, *summary), actor, table)]))
        ]

    return await asyncio.to_thread(names_it)
