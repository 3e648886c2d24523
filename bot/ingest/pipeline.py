"""One ingest pass: fetch each due source, parse it, get full texts, analyse new stories once, store them.

Sources run concurrently (bounded), each inside its own error boundary and deadline: one slow, failing or
malformed source never delays or breaks the others, and its error is recorded on the source with a backoff.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from html import unescape as html_unescape
from typing import NamedTuple
from urllib.parse import quote, urljoin, urlsplit

import httpx
import sqlite_utils

from bot import failpoints
from bot.analysis import Analysis, analyze, warm_up
from bot.analysis.language import language_of
from bot.config import Config, FetchConfig
from bot.core.edits import Edition, material_change
from bot.core.storage import REMIND_EVERY, WRITE_REMEDY, StorageHealth, storage_error_text
from bot.core.text import count_of, duration_text
from bot.ingest import dedupe
from bot.ingest.decode import html_text, not_a_page
from bot.ingest.extract import (
    consent_notice,
    english_of_parallel_text,
    extract_article,
    frame_target,
    next_page,
    refresh_target,
    script_target,
    sign_in_page,
)
from bot.ingest.fetch import FetchError, FetchResult, fetch_any, make_client
from bot.ingest.parse import FeedEntry, FeedPage, FeedParseError, read_feed
from bot.ingest.track import Tracker
from bot.ingest.urls import is_http, normalize_url, ownership, resolve_link
from bot.redact import REDACTED, redact
from storage import articles as article_store
from storage import sources as source_store
from storage.db import from_iso, is_storage_error, locked_since, to_iso
from storage.records import (
    ArticlePledge,
    ArticleQuote,
    GroupCandidate,
    NewArticle,
    Source,
    SourceEntry,
    SourceSync,
    StoredArticle,
)

log = logging.getLogger(__name__)

# A source's whole pass (its feed and the pages of its teasers) ends within four [fetch] timeouts, a minute at least.
SOURCE_DEADLINE_FLOOR = 60.0
TEASER_WORDS = 150  # an entry shorter than this is a teaser: fetch the page for the full text
MORE_PAGES = 4  # a story split over pages ("Page 1 of 3") has at most this many more read after its first
MORE_REFRESHES = 3  # pages that send the browser on (<meta http-equiv="refresh">) followed for one story's page
GROUPING_WINDOW = timedelta(days=3)
BEHIND_LINKS_FOLLOWED = 3  # stored stories of words alike whose links are followed to see if they lead to a new one
MAX_BACKOFF = timedelta(hours=6)
PAGE_PAUSE = 60.0  # seconds no page of a site is asked for after it answered 429 without a Retry-After
# How long after its date a teaser whose page fails for now (a 5xx, a rate limit, a timeout) waits for the page,
# pass after pass, before it is stored with its feed's words: stored at the first failure, its one line was the
# story for good, the page never read again once it came back.
PAGE_WAIT = timedelta(hours=3)
_FAILS_FOR_NOW = (408, 425, 429, 500, 502, 503, 504)
STORAGE_RETRY = 15  # seconds: a source whose entries could not be stored is fetched again this soon (doubling)


@dataclass
class SourceReport:
    """What one source's pass did, for progress output, `status` and tests."""

    name: str
    source_id: int | None = None  # the source's id: a rename in the config is the same source (`Runtime._quiet`)
    ok: bool = True
    not_modified: bool = False
    new: int = 0
    updated: int = 0
    edited: int = 0  # of the updated, those edited materially: the chats that got them are owed an "Updated" entry
    unchanged: int = 0
    skipped: int = 0
    error: str | None = None
    new_article_ids: list[int] = field(default_factory=list)
    alert: bool = False
    storage_error: bool = False  # the source was fetched but what it carried could not be stored
    back_catalogue: int = 0  # new entries stored as the back catalogue of a source added to a running bot
    undated_catalogue: int = 0  # of which carry no date of their own (no "last day" to tell them from history)
    moved_to: str | None = None  # where the feed has moved for good (a 301 or 308 redirect): for the config
    moved_status: int | None = None  # that redirect's status
    waiting: int = 0  # entries left for the next pass: the pass had no time left to read their pages
    pages_later: int = 0  # fresh entries left for the next pass: their pages failed for now (PAGE_WAIT)
    headline_only: int = 0  # of the new, those stored with their headline alone: nothing of them could be read
    unread_why: list[str] = field(default_factory=list)  # why, for each of them
    gone: bool = False  # the feed answered 410 Gone: removed for good, tried again after the longest pause


class _NoTimeForPages(Exception):
    """The source's pass has no time left to read another teaser's page: the entry waits for the next pass."""


class _PageLater(Exception):
    """A fresh teaser's page failed for now (PAGE_WAIT): the entry waits for the next pass to read it."""


def address_to_copy(url: str) -> str:
    """A moved feed's new address as Communiqué may show it (its password or key redacted), saying so when it is:
    the operator told to set it as the source's url would otherwise paste "[redacted]" into the config."""
    shown = redact(url)
    return shown if shown == url else f"{shown} (with your password or key where it says {REDACTED})"


def backoff_delay(interval: int, failures: int, retry_after: float | None) -> timedelta:
    """How long to leave a failing source alone: doubling from its interval, capped; Retry-After if longer."""
    # The exponent is bounded: a source dead for weeks must not overflow timedelta (it is capped anyway).
    delay = timedelta(seconds=max(interval, 60) * 2 ** min(max(failures - 1, 0), 20))
    delay = min(delay, MAX_BACKOFF)
    if retry_after:
        delay = max(delay, timedelta(seconds=min(retry_after, 86400)))
    return delay


class PageText(NamedTuple):
    """What a story's page gave: its text, headline and canonical address, whether a paywall keeps the rest, and
    the day it gives as its publication's (None when it gives none)."""

    text: str
    title: str
    canonical: str | None
    paywalled: bool
    published: date | None
    # Where the link led, after its redirects (HTTP and <meta> refresh): another source's story may be there.
    arrived: str = ""
    # The page asked the reader to sign in: the site keeps the whole story for those who do (no text was read).
    sign_in: bool = False


def _note_left_out(source: Source, page: FeedPage, max_entries: int) -> None:
    """Say what a feed carried beyond `max_entries`: at its first read, its older entries (not news to anyone);
    later, a warning when some of them are dated after the last fetch: those are news no chat will get."""
    last = from_iso(source.last_success)
    if last is None:
        log.info("source %s: its feed lists %d entries; the newest %d were read ([fetch] max_entries), the %d older "
                 "not", source.name, len(page.entries) + page.left_out, len(page.entries), page.left_out)
        return
    missed = sum(1 for moment in page.left_out_dates if moment > last)
    if missed:
        log.warning("source %s: %d entries beyond [fetch] max_entries (%d) were not read, %d of them dated after its "
                    "last fetch: raise max_entries, or fetch it more often (interval)", source.name, page.left_out,
                    max_entries, missed)


def _note_what_the_feed_says(row: Source, page: FeedPage, body_length: int, limits: FetchConfig) -> None:
    """What a read feed holds besides its stories, logged for the operator: entries left out past
    `max_entries`, a feed cut short, entries with nothing to store, dates ahead of now or unreadable, ids that
    several stories share. Nothing here changes what is stored."""
    entries = page.entries
    if page.left_out:
        _note_left_out(row, page, limits.max_entries)
    if page.cut_short:
        log.warning("source %s: its feed was cut short (%d bytes, ending inside the entry “%s”): "
                    "that entry waits for a whole read, the %d before it are read", row.name,
                    body_length, page.cut_short[:120], len(entries) + page.left_out)
    if page.nothing_to_read:
        log.info("source %s: %d %s no title, text or link, so nothing to store: %s", row.name,
                 len(page.nothing_to_read), "entry has" if len(page.nothing_to_read) == 1
                 else "entries have", "; ".join(sorted(set(page.nothing_to_read)))[:300])
    if page.dated_ahead:
        title, given = page.dated_ahead[0]
        more = len(page.dated_ahead) - 1
        log.info("source %s: %d of %d %s dated ahead of now (“%s”, %s%s): dated when fetched "
                 "instead", row.name, len(page.dated_ahead), len(entries),
                 "entry is" if len(entries) == 1 else "entries are", title[:120],
                 given.strftime("%Y-%m-%d %H:%M UTC"), f", and {more} more" if more else "")
    if page.zone_taken:
        log.info("source %s: %s; %d of %d %s dated so", row.name, page.zone_taken, page.zone_taken_for,
                 len(entries), "entry is" if len(entries) == 1 else "entries are")
    if page.one_date is not None:
        log.info("source %s: all %d of its entries carry one date, %s UTC: the time its feed was built, not theirs, "
                 "taken as the feed's own date%s", row.name, len(entries), page.one_date.strftime("%Y-%m-%d %H:%M:%S"),
                 " (a teaser's page may give its day)" if limits.fetch_full_text else "")
    undated = sum(1 for e in entries if e.dated_by != "entry")
    if undated and page.one_date is None:
        log.info("source %s: %d of %d entries carry no date that could be read; %s%s", row.name,
                 undated, len(entries), "the day a teaser's page gives stands in, else " if
                 limits.fetch_full_text else "", "the feed's own date" if any(
                     e.dated_by == "feed" for e in entries) else "the time they are fetched")
    for guid, count in page.shared_ids.items():
        log.info("source %s: %d entries share the id %s, not all one story: each is kept, by its "
                 "link", row.name, count, guid[:200])


def _links_shared_by_stories(entries: list[FeedEntry], feed_url: str) -> dict[str, int]:
    """The links that several different stories of one feed carry, with how many entries carry each: a landing
    page (or the site's front page) given as every entry's link is no article's address, and taken as one it made
    each entry an edit of the first. Entries under one link that read as one story (an edit listed beside the
    original, copies under URL variants) stay one article.
    """
    carried: dict[str, list[FeedEntry]] = {}
    for entry in entries:
        if not entry.link:
            continue
        try:
            key = normalize_url(resolve_link(feed_url, entry.link))
        except ValueError:  # a malformed link: its entry is dealt with (and skipped) on its own
            continue
        carried.setdefault(key, []).append(entry)
    return {
        key: len(group) for key, group in carried.items()
        if len(group) > 1 and any(not _same_story(group[0], other) for other in group[1:])
    }


def _listed_as_its_own(stored: StoredArticle, listed: frozenset[str], shared_links: Mapping[str, int]) -> bool:
    """Whether a stored story's own link or id is still in the feed, so that an entry of its words and date is
    another story. Not a landing page several stories now share: a story stored there while it stood alone (or
    before items sharing a link were each kept) is the entry now known by its words, not a story beside it."""
    own = {stored.url, stored.guid or ""}
    return any(key in listed and _normalized(key) not in shared_links for key in own)


def _normalized(key: str) -> str:
    """A link as `shared_links` keeps it; anything that is no link as it is."""
    try:
        return normalize_url(key) if is_http(key) else key
    except ValueError:
        return key


def _links_and_ids_listed(entries: list[FeedEntry], feed_url: str) -> frozenset[str]:
    """The links (normalized) and ids the feed lists in this read: a stored story still listed under its own is not
    the one an entry of the same words and date has moved from."""
    listed = {entry.guid for entry in entries if entry.guid}
    for entry in entries:
        if entry.link:
            try:
                listed.add(normalize_url(resolve_link(feed_url, entry.link)))
            except ValueError:  # a malformed link: its entry is dealt with (and skipped) on its own
                continue
    return frozenset(listed)


def _same_story(a: FeedEntry, b: FeedEntry) -> bool:
    """Whether two entries read as one story, by the measures that group syndicated copies."""
    if " ".join(dedupe.words(a.title)) == " ".join(dedupe.words(b.title)):
        return True
    score = dedupe.story_score(a.title, dedupe.sketch(a.text or a.title), b.title, dedupe.sketch(b.text or b.title))
    return score >= dedupe.SAME_STORY


class Ingestor:
    """Runs ingest passes against one database with one config."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        config: Config,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        health: StorageHealth | None = None,
        one_off: bool = False,
    ) -> None:
        self.db = db
        self.config = config
        self.now = now
        # A single pass (`communique fetch`) rather than a running bot: no retry follows a failure, so its log line
        # tells the operator what to do instead of a time nothing will try again at.
        self.one_off = one_off
        self.health = health or StorageHealth()
        self._in_flight: set[int] = set()  # sources a pass is fetching now: overlapping passes skip them
        self._moved_told: dict[int, str] = {}  # source id -> the address it was last said to have moved to
        self._downgrade_told: dict[int, str] = {}  # source id -> the plain http address it was last said to reach
        self._unread_told: set[str] = set()  # link-only entries whose unreadable page was warned of (once a process)
        self._pages_paused: dict[str, datetime] = {}  # site (host:port) -> until when its pages are not asked for
        self._failing_for_now: dict[str, str] = {}  # link -> why its page failed for now, in this pass (PAGE_WAIT)
        self._unread_why: dict[str, str] = {}  # link -> why its page gave no story text, in this pass
        self.tracker = Tracker(db)
        self.last_tracked = 0  # articles the tracker read at the end of the last pass
        # Told of each source whose new stories are stored, before the pass ends: the runtime posts them to
        # instant chats then, so one slow source (up to its timeout, or its pages') holds back no other's news.
        self.on_source_stored: Callable[[SourceReport], None] | None = None
        warm_up()  # the analysis's language model loads here, once, not inside the first pass's schedule

    def sync_sources(self) -> SourceSync:
        """Bring the sources table in line with the config (resolved local paths); what it did."""
        return source_store.sync_sources(
            self.db,
            [SourceEntry(s.name, self.config.resolve_source(s), s.tags, s.interval) for s in self.config.sources],
        )

    async def run(
        self, *, only_due: bool = True, progress: Callable[[SourceReport], None] | None = None
    ) -> list[SourceReport]:
        """Fetch every active source (or only the due ones) concurrently; returns a report per source. Then the
        tracker reads what was stored (and anything stored before it could: an upgraded database, a crash).

        Passes may overlap (the runtime starts one per tick without waiting for a slow one): a source that an
        earlier pass is still fetching is left to it. While another program holds the database's write lock, the
        clock's passes fetch nothing: what they read could not be stored, and each feed would be read at every
        tick until the lock ends (the sources stay due, and are read once it does).
        """
        if only_due and locked_since(self.db) is not None:
            return []
        reports = await self._fetch(only_due=only_due, progress=progress)
        await self._track()
        return reports

    async def _track(self) -> None:
        """The tracker's reading of what was stored. Its failure never costs the pass: the stories are stored and
        planned as usual, and those it could not read stay unread until a later pass reads them."""
        try:
            self.last_tracked = await self.tracker.run()
        except Exception as exc:
            self.last_tracked = 0
            if is_storage_error(exc):
                self.health.failed("tracking", exc)
            else:
                log.error("the pledge tracker could not read the new stories; it tries again after the next pass",
                          exc_info=True)
        else:
            self.health.worked("tracking")

    async def _fetch(
        self, *, only_due: bool, progress: Callable[[SourceReport], None] | None
    ) -> list[SourceReport]:
        rows = (
            source_store.due_sources(self.db, to_iso(self.now()))
            if only_due
            else source_store.list_sources(self.db)
        )
        rows = [r for r in rows if r.id not in self._in_flight]
        if not rows:
            return []
        ids = {r.id for r in rows}
        self._in_flight |= ids
        limit = asyncio.Semaphore(self.config.fetch.concurrency)
        try:
            async with make_client(self.config.fetch) as client:

                async def one(row: Source) -> SourceReport:
                    try:
                        async with limit:
                            report = await self.ingest_source(client, row)
                    finally:
                        # Free at once, not when the pass ends: a source that hangs until its timeout must not
                        # keep the healthy ones of its pass from their next fetch.
                        self._in_flight.discard(row.id)
                    if report.new and self.on_source_stored is not None:
                        self.on_source_stored(report)
                    if progress:
                        progress(report)
                    return report

                reports = list(await asyncio.gather(*(one(r) for r in rows)))
        finally:
            self._in_flight -= ids
        self._note_storage(reports)
        return reports

    def _note_storage(self, reports: list[SourceReport]) -> None:
        """What could not be stored, in the log once when it starts (however many entries and sources met it,
        with SQLite's reason and what to do), then a short reminder at most every REMIND_EVERY while it lasts:
        a pass every few minutes would repeat the same ERROR hundreds of times a week. /status and /healthz
        show it meanwhile, and the health report says once when writes work again."""
        unstored = [r for r in reports if r.storage_error]
        if not unstored:
            # Writes work again when a source stored new stories, or one that could not store its own did now: a
            # feed with nothing new writes a row in place, which a full disk or a file-size limit still allows,
            # and taken as the end of the failure it would say "takes writes again" between two failing passes.
            if any(r.ok and (r.new or r.name in self.health.unstored_sources) for r in reports):
                self.health.worked("ingest")
            return
        if locked_since(self.db) is not None and self.health.locks_said_elsewhere:
            return  # another program's write lock: the runtime says it, once, and what waits for it
        self.health.unstored_sources = [r.name for r in unstored]
        names = ", ".join(r.name for r in unstored[:5]) + ("..." if len(unstored) > 5 else "")
        line = self.health.due_line()
        if line == "first":
            log.error(
                "could not store what %d of %d source(s) carried (%s): %s. %s. Their feeds are read again at the "
                "next pass (nothing saved says they were read), so nothing is lost once the database can be "
                "written; this is said again at most every %s while it lasts",
                len(unstored), len(reports), names, unstored[0].error, WRITE_REMEDY[0].upper() + WRITE_REMEDY[1:],
                duration_text(REMIND_EVERY.total_seconds()),
            )
        elif line == "reminder":
            since = self.health.failing_since
            lasted = duration_text((datetime.now(UTC) - since).total_seconds()) if since else "a while"
            log.warning("the database still takes no writes, for %s now (%s): %d of %d source(s) not stored this "
                        "pass; nothing is lost, they are read again once it can be written", lasted,
                        self.health.error, len(unstored), len(reports))

    async def ingest_source(self, client: httpx.AsyncClient, row: Source) -> SourceReport:
        """One source's pass inside its error boundary: any failure is recorded on the source, never raised.

        A source that joined a running bot (`catalogue_before`, set when it was added and cleared once its feed
        has been read whole) brings its feed's back catalogue: entries dated before that are stored but not pushed
        to the chats as new, and the log says how many.
        """
        report = SourceReport(name=row.name, source_id=row.id)
        catalogue_before = from_iso(row.catalogue_before)
        limits = self.config.fetch
        deadline = max(limits.timeout * 4, SOURCE_DEADLINE_FLOOR)
        # Teasers' pages are read while the deadline leaves time for one more and the rest of the pass: read until
        # the deadline, a feed of slow pages failed as 'took too long', though its feed had answered.
        pages_until = asyncio.get_running_loop().time() + deadline - limits.timeout * 1.5
        try:
            async with asyncio.timeout(deadline):
                result = await fetch_any(
                    client, row.url, limits, etag=row.etag, last_modified=row.last_modified
                )
                await failpoints.ahit("ingest.after_fetch")
                if result.downgraded_to:
                    self._note_downgraded(row, result.downgraded_to)
                if result.moved_to:
                    self._note_moved(row, result)
                    report.moved_to, report.moved_status = result.moved_to, result.moved_status
                if result.not_modified:
                    report.not_modified = True
                else:
                    # In a thread: a feed of megabytes of entities takes feedparser seconds, which must not freeze
                    # the sender and the commands.
                    page = await asyncio.to_thread(
                        read_feed, result.body, content_type=result.content_type, max_entries=limits.max_entries,
                        base_url=result.url,
                    )
                    entries = page.entries
                    source_store.record_site(self.db, row.id, page.site)
                    _note_what_the_feed_says(row, page, len(result.body), limits)
                    shared = _links_shared_by_stories(entries, result.url)
                    for link, count in shared.items():
                        log.info("source %s: %d entries share the link %s, not all one story: each is stored as "
                                 "its own story, by its id, linking to that page (or to its id, a web address)",
                                 row.name, count, link[:200])
                    listed = _links_and_ids_listed(entries, result.url)
                    failing_for_now: list[str] = []  # why the pages of entries left for the next pass failed
                    for entry in reversed(entries):  # oldest first, so ids follow publication order
                        try:
                            await self._ingest_entry(client, row, result.url, entry, report, catalogue_before,
                                                     shared, page.site, listed, pages_until)
                        except _NoTimeForPages:
                            report.waiting += 1
                        except _PageLater as later:
                            report.pages_later += 1
                            failing_for_now.append(str(later))
                        except Exception as exc:  # one odd entry (a malformed link, say) must not sink its feed
                            if is_storage_error(exc):
                                raise  # the database, not the entry: every other entry would fail alike
                            log.warning("source %s: skipped an entry that could not be read: %r",
                                        row.name, entry.link[:200] or entry.guid[:200], exc_info=True)
                            report.skipped += 1
            # The validators say "this response was read": saved only when every entry of it was stored, or the
            # next fetch is a 304 and what was skipped never comes back.
            dated_back = report.back_catalogue - report.undated_catalogue
            if dated_back:  # a decision not to send: said where the operator looks (warnings show)
                log.warning(
                    "source %s: joining the bot; %d of its entries are dated before %s: stored (for /latest and "
                    "search) but not sent to chats as new stories", row.name, dated_back,
                    (row.catalogue_before or "")[:16].replace("T", " "),
                )
            if report.undated_catalogue:
                log.warning(
                    "source %s: joining the bot; %d of its entries carry no date of their own: stored (for /latest "
                    "and search) but not sent to chats as new stories (what its feed lists later is)", row.name,
                    report.undated_catalogue,
                )
            if report.waiting:
                log.warning("source %s: %d %s for the next pass: their pages were slow to read and this pass has "
                            "no time left to read theirs", row.name, report.waiting,
                            "entry waits" if report.waiting == 1 else "entries wait")
            if report.pages_later:
                log.warning("source %s: %d %s for the next pass: %s page%s could not be read for now (%s), and "
                            "%s stored with %s feed's words alone if %s page still fails %s after %s date",
                            row.name, report.pages_later,
                            "entry waits" if report.pages_later == 1 else "entries wait",
                            "its" if report.pages_later == 1 else "their", "" if report.pages_later == 1 else "s",
                            "; ".join(dict.fromkeys(failing_for_now))[:300],
                            "it is" if report.pages_later == 1 else "each is", "its" if report.pages_later == 1
                            else "their", "its" if report.pages_later == 1 else "their",
                            duration_text(PAGE_WAIT.total_seconds()), "its" if report.pages_later == 1 else "their")
            if report.new and report.headline_only == report.new:
                # Stored and sent with their headline alone (no summary, no quote): said, or `fetch` said "(ok)"
                # of a feed of links to PDFs and the operator had no word that nothing of it could be read.
                why = "; ".join(dict.fromkeys(report.unread_why))[:300]
                if report.new == 1:
                    log.warning("source %s: its new story could not be read (%s): it is stored and sent with its "
                                "headline alone", row.name, why)
                else:
                    log.warning("source %s: none of its %d new stories could be read (%s): they are stored and "
                                "sent with their headline alone", row.name, report.new, why)
            complete = report.skipped == 0 and report.waiting == 0 and report.pages_later == 0
            if report.skipped:
                log.warning("source %s: %d entries could not be stored; the feed is read whole again next time",
                            row.name, report.skipped)
            if row.failures:
                # Its failures were each a WARNING: the end of the streak is said alike, or the last word on the
                # source an operator greps for is "failed (4 in a row)".
                log.warning("source %s works again after %d failure%s in a row (the last: %s)", row.name,
                            row.failures, "" if row.failures == 1 else "s", redact(row.last_error or "unknown"))
            source_store.record_success(
                self.db,
                row.id,
                etag=result.etag if complete else row.etag,
                last_modified=result.last_modified if complete else row.last_modified,
                next_due=to_iso(self.now() + timedelta(seconds=row.interval)),
                new_articles=report.new,
                url=row.url,
                read_whole=complete,
                moved_to=redact(result.moved_to[:1000]) if result.moved_to else None,  # for status to show
                moved_status=result.moved_status if result.moved_to else None,
            )
        except (FetchError, FeedParseError, TimeoutError) as exc:
            self._record_failure(row, report, exc)
        except Exception as exc:  # a bug must not take the other sources down with it
            if is_storage_error(exc):
                self._record_storage_failure(row, report, exc)
            else:
                log.exception("source %s: unexpected error", row.name)
                self._record_failure(row, report, exc)
        return report

    def _note_downgraded(self, row: Source, address: str) -> None:
        """Say once (per source and address, while the bot runs) that a source written https:// was redirected to
        plain http:// and read there. It was read with no word: the operator believed its stories came encrypted
        and unaltered, when anyone on the way could change them. Still read: the stories are not lost for it."""
        if self._downgrade_told.get(row.id) == address:
            return
        self._downgrade_told[row.id] = address
        log.warning("source %s: its https address was redirected to plain http, %s, and the feed was read there, "
                    "not encrypted (anyone on the way could read or change it): ask the site to keep it on HTTPS, "
                    "or write the http:// address in the config if that is all it serves", row.name,
                    redact(address[:300]))

    def _note_moved(self, row: Source, result: FetchResult) -> None:
        """Say once (per source and address, while the bot runs) that a feed has moved for good: it is followed
        there at every fetch, and nothing else would tell the operator to update the config before the old
        address stops redirecting and the source fails."""
        if self._moved_told.get(row.id) == result.moved_to:
            return
        self._moved_told[row.id] = result.moved_to or ""
        log.warning("source %s: its feed has moved for good (HTTP %s) to %s: set that as its url in the config "
                    "(the old address may stop redirecting)", row.name, result.moved_status,
                    address_to_copy((result.moved_to or "")[:300]))

    def _record_storage_failure(self, row: Source, report: SourceReport, exc: BaseException) -> None:
        """The source answered but its entries could not be stored: the source failed this pass (its validators
        unchanged, so the next fetch reads it whole; counted and shown, but no alert: the database is at fault,
        and /status says so once), and the database is noted as failing. No log line here: the pass logs one for
        all such sources."""
        report.ok, report.storage_error = False, True
        report.error = f"could not store its entries: {storage_error_text(exc)}"
        self.health.failed("ingest", exc, quiet=True)
        retry = min(row.interval, STORAGE_RETRY * 2 ** min(row.failures, 6))
        try:  # may fail too (the disk is full): then the source stays due, and status reads the disk itself
            source_store.record_failure(self.db, row.id, error=report.error,
                                        next_due=to_iso(self.now() + timedelta(seconds=retry)), url=row.url)
        except Exception as again:
            if not is_storage_error(again):
                raise

    def _record_failure(self, row: Source, report: SourceReport, exc: BaseException) -> None:
        if isinstance(exc, FetchError | FeedParseError):
            reason = str(exc)
        elif isinstance(exc, TimeoutError):
            reason = "took too long (source deadline exceeded)"
        else:
            reason = f"internal error: {type(exc).__name__}: {str(exc)[:200]}"
        retry_after = getattr(exc, "retry_after", None)
        failures = row.failures + 1
        delay = backoff_delay(row.interval, failures, retry_after)
        # 410 Gone: the site removed the feed for good. Tried again in 15 minutes, 30, an hour ... as a site down
        # for now is, and the operators alerted only after `after_failures` of them (nearly eight hours of requests
        # later) by a reason that said nothing to do: now told at once what to do, and left alone the longest pause.
        gone = isinstance(exc, FetchError) and exc.status == 410
        if gone:
            reason += ": remove the source from the config, or give it the feed's new address"
            delay = MAX_BACKOFF
            report.gone = True
        next_due = self.now() + delay
        # Stored, shown in /sources to any chat and sent in the operators' alert: a source's address often comes
        # back in the reason (a redirect loop at it), and with it the password of a source behind authentication.
        reason = redact(reason)
        failures = source_store.record_failure(self.db, row.id, error=reason, next_due=to_iso(next_due), url=row.url)
        report.ok, report.error = False, reason
        if not failures:  # the config gave the source another URL meanwhile: the new one is due, not failing
            log.warning("source %s: its old address %s failed after the URL changed: %s", row.name, row.url, reason)
            return
        if failures >= self.config.alerts.after_failures or gone:
            report.alert = source_store.mark_alerted(self.db, row.id)
        # What the bot does next, in the line an operator greps for: when it tries again (the backoff doubles
        # from the interval, or a Retry-After is honoured). A one-off pass tries nothing again: the operator does,
        # and a bot started later waits for that time (kept in the database) before it does.
        if self.one_off:
            log.warning("source %s failed (%d in a row): %s. This fetch does not try it again: fetch again once the "
                        "source works (`communique run` tries it by itself from %s UTC)", row.name, failures, reason,
                        next_due.strftime("%H:%M"))
            return
        log.warning("source %s failed (%d in a row): %s. Tried again in %s (%s UTC)", row.name, failures, reason,
                    duration_text(delay.total_seconds()), next_due.strftime("%H:%M"))

    async def _ingest_entry(
        self,
        client: httpx.AsyncClient,
        source: Source,
        feed_url: str,
        entry: FeedEntry,
        report: SourceReport,
        catalogue_before: datetime | None = None,
        shared_links: Mapping[str, int] | None = None,
        site: str = "",
        listed: frozenset[str] = frozenset(),
        pages_until: float | None = None,
    ) -> None:
        link, landing, key = _entry_address(source, feed_url, entry, shared_links)
        entry_hash = dedupe.text_hash(entry.title, entry.text)
        existing = article_store.find_existing(self.db, key, source.id, entry.guid)
        namesake: StoredArticle | None = None  # the story stored under this entry's link that it is not
        if (existing is not None and entry.words_id and existing.source_id == source.id and is_http(key)
                and "#" not in key and existing.entry_hash != entry_hash
                and _another_story(entry, existing, article_store.stored_sketch(self.db, existing.id))):
            # An entry with no id of its own, known by its link, and the story stored under that link shares
            # neither its headline nor its words: the link is a page that lists stories (a press office's list of
            # releases, one item at a time in its feed), no one story's. Kept at that page with an anchor of its
            # own, its words (as its feed's items sharing a link are), or found there as an earlier read kept it.
            namesake, key = existing, f"{key}#{quote(entry.words_id, safe='')}"
            entry = replace(entry, guid=entry.words_id)
            existing = article_store.find_existing(self.db, key, source.id, entry.guid) or _edit_at_page(
                article_store.stories_at_page(self.db, source.id, key), entry, namesake)
        if (existing is not None and not entry.words_id and existing.source_id == source.id and is_http(key)
                and existing.url != key and existing.guid == entry.guid and existing.entry_hash != entry_hash
                and _another_story(entry, existing, article_store.stored_sketch(self.db, existing.id))):
            # Found by its id alone, at a link, headline and words of its own: a CMS numbering its posts anew (a
            # restored database, a new site) gave a new story an earlier one's id. Written over the old story and
            # told as its edit, the old one was gone and the new one never reached a chat as news.
            log.info("source %s: %s (“%s”) shares its id %s with the stored story %s (“%s”), not its headline or "
                     "words: stored as a story of its own", source.name, key[:200], entry.title[:200],
                     (entry.guid or "")[:200], existing.url[:200], existing.title[:200])
            existing = None
        if existing is None and (led_to := article_store.story_at_link(self.db, key, entry_hash)) is not None:
            # A link an earlier read followed to a stored story (a short link to it, or its address when it is
            # stored at the short link), listed again as it was: that story, with no request. Followed again at
            # each read, its page timing out made it a story of its own, sent beside the one it links to.
            if led_to.source_id != source.id:
                self._listed_too(source, led_to.id, key)
            report.unchanged += 1
            return
        if existing is None and (link or is_http(landing)):
            # The same entry under a link whose query changes at every fetch, or a press page's entry listed alone
            # now (or beside others now) and so known by the page, not by its anchor there (or the other way round).
            existing = article_store.find_same_entry(self.db, source.id, entry_hash, key)
        if existing is None and len(dedupe.words(entry.text)) >= TEASER_WORDS:
            # Its full text (no page read: the stored fingerprint is the entry's) at a new address, id and date:
            # the same story republished. A teaser is not enough to tell: many stories share a headline and lead.
            if self._stored_already(source, key, article_store.find_same_story(self.db, source.id, entry_hash),
                                    "listed again (same headline and text)", report):
                return
        if existing is None and entry.published is not None and entry.dated_by == "entry":
            # An entry with the headline, text and date of a story the source has is that story, not news to store
            # and send again: its feed moved (its links and ids with it), or its site gave the stories new links
            # and ids in place (moved to https, a new CMS's slugs). The date keeps a daily briefing's line apart.
            # The stored story's own link or id still listed beside it is another story of the same words and date
            # (two briefings of one day, dated by the day), not a move.
            moved = article_store.find_moved_entry(self.db, source.id, entry_hash, to_iso(entry.published))
            if moved is not None and _listed_as_its_own(moved, listed, shared_links or {}):
                moved = None
            how = "at the feed's new address" if catalogue_before is not None else "under a new link and id"
            if moved is not None and link and moved.url != key:
                # Kept under its new link and id, so that an edit read there later is this story's.
                article_store.relink(self.db, moved.id, key, entry.guid)
            if self._stored_already(source, key, moved, how, report):
                return
            # Moved and edited in the same read: its body and date are the stored story's, its headline new. It is
            # that story, edited (told as "Updated"), not news to send whole again.
            edited = article_store.find_moved_and_edited(self.db, source.id, to_iso(entry.published), entry.text)
            if edited is not None and link and edited.url not in listed and (edited.guid or "") not in listed:
                article_store.relink(self.db, edited.id, key, entry.guid)
                existing = article_store.find_existing(self.db, key, source.id, entry.guid)
        if (existing is None and not link and not is_http(landing) and entry.words_id and entry.guid == entry.words_id
                and entry.dated_by == "entry" and entry.published is not None):
            # An item with no link and no id of its own is known by its words: an edit (a word corrected, its
            # headline recast) gave it new ones, and it was stored and sent again beside the first. The source's
            # story of its date known so, that reads as it and is no longer listed, is the one edited.
            edited = _edit_by_words(article_store.known_by_words_at(self.db, source.id, to_iso(entry.published)),
                                    entry, listed)
            if edited is not None:
                article_store.relink(self.db, edited.id, key, entry.guid)
                existing = article_store.find_existing(self.db, key, source.id, entry.guid)
        taken_from: str | None = None  # the source that stored first a story on this source's own site
        if existing and existing.source_id != source.id:
            # Another source's feed carries the same article: it is stored (and sent) once, as the first source
            # gave it, unless the link is on this source's own site and not (as plainly) on that one's: then this
            # source's headline and text are the story's (docs/DESIGN.md, "Whose story a link is").
            taken_from = self._claimed_from(feed_url, site, key, existing) if link else None
            if taken_from is None:
                self._listed_too(source, existing.id, key)
                report.unchanged += 1
                return
        # An item without an id of its own, known by its link, dated after the story stored under that link was
        # pruned is a story published since (a press page's next release), not that one lingering in its feed.
        dated_after = (to_iso(entry.published) if entry.words_id and entry.published and entry.dated_by == "entry"
                       else None)
        if existing is None and article_store.was_pruned(self.db, key, source.id, entry.guid,
                                                         dated_after=dated_after):
            report.unchanged += 1  # stored long ago and expired: not news
            return
        if existing and existing.entry_hash == entry_hash and taken_from is None:
            report.unchanged += 1
            return

        title, text, published, display_url = entry.title, entry.text, entry.published, key
        dated_by, by_day = entry.dated_by, entry.by_day
        paywalled = unread = False
        # A key with a fragment (a one-page site's route, or a story's anchor on a shared landing page) is the
        # story's own address, but the page behind it is the site's, the same for every story (a browser never
        # sends the fragment): its headline, text and canonical address are no story's.
        routed = "#" in key
        teaser = len(dedupe.words(text)) < TEASER_WORDS and bool(link) and not routed and not entry.media_link
        if teaser and self.config.fetch.fetch_full_text and title and _front_page(key):
            # The site's front page lists stories: read as this one's, its summary was other stories' first lines.
            log.info("full text of %s not read: it is the site's front page, which lists stories, not this one "
                     "(“%s” keeps its feed's words)", link[:200], title[:200])
            teaser = False
        unread_why = "a headline alone in the feed"  # when nothing else of the story is read
        if teaser and self.config.fetch.fetch_full_text:
            if pages_until is not None and asyncio.get_running_loop().time() > pages_until:
                raise _NoTimeForPages
            page = await self._full_text(client, link)
            failed = self._failing_for_now.pop(link, None)
            unread_why = self._unread_why.pop(link, unread_why)
            if page is None and failed and published is not None and dated_by == "entry" \
                    and self.now() - published < PAGE_WAIT:
                raise _PageLater(failed)
            unread = page is None  # summarised from the teaser, which the digests say (NewArticle.from_teaser)
            if page is not None and page.sign_in:
                # The site keeps the story for readers who sign in: its teaser was sent as if it were the story,
                # with nothing to say that the link leads to a sign-in form.
                paywalled, page = True, None
            if page is not None:
                page_text, page_title, canonical, page_paywalled, page_day, arrived, _ = page
                if page_day is not None and dated_by != "entry":
                    # The day its page gives, for an entry with no date of its own (a press list of links): dated
                    # when fetched, Tuesday's release was Sunday's news, its "within 11 days" counted from Sunday.
                    published = datetime(page_day.year, page_day.month, page_day.day, tzinfo=UTC)
                    dated_by, by_day = "page", True
                if len(page_text) > len(text):
                    text = page_text
                    paywalled = page_paywalled
                title = title or page_title
                if canonical and is_http(canonical):
                    display_url = normalize_url(canonical)
                    if existing is None:
                        existing = article_store.find_existing(self.db, display_url, None, None)
                        if existing and existing.source_id != source.id:
                            self._listed_too(source, existing.id, display_url)
                            report.unchanged += 1  # the same page reached through another source's feed
                            return
                if existing is None and not canonical and self._reached_elsewhere(
                        source, key, entry_hash, arrived, page_text, listed - {entry.guid}, shared_links or {}, report):
                    return
                if existing is None and not canonical and await self._behind_a_stored_link(
                        client, source, key, entry_hash, arrived, page_text, published, report):
                    return
                if existing is None and len(dedupe.words(text)) >= TEASER_WORDS:
                    # A teaser listed again under a new address, id and date: its page, now read, is the story
                    # already stored (the same headline and text), which the teaser alone could not tell.
                    republished = article_store.find_same_story(self.db, source.id, dedupe.text_hash(title, text))
                    if self._stored_already(source, key, republished, "listed again (same headline and page text)",
                                            report):
                        return
        if not title:  # a feed entry with a link alone (a press office's list of its pages) whose page was not read
            self._skip_unread(source, key, link or entry.guid, routed=routed and bool(link), report=report)
            return
        if not text.strip():
            text = title
        analysis, text_sketch = await asyncio.to_thread(
            _analyse, title, text, published.date() if published else None, self.config.digest.summary_sentences
        )
        if not analysis.english:  # what the analysis left out, said once per story (the story is still stored)
            log.info("source %s: %s reads as another language than English: quotes and a summary, no pledges read",
                     source.name, display_url[:200])
        if paywalled:  # the reader is told that what the story says is its free start (NewArticle.paywalled)
            log.info("source %s: %s keeps all but its start for subscribers: its start was read", source.name,
                     display_url[:200])
        # A joining source's back catalogue: what its feed holds from before the last day, and what carries no date
        # of its own (nothing tells its news from its history; what the feed lists later is news). Such an entry is
        # stored undated (not with the feed's own date), so that no chat's backlog takes it for the last day's.
        undated = dated_by not in ("entry", "page")
        archive = catalogue_before is not None and (
            undated or (published is not None and published < catalogue_before))
        if archive and undated:
            published = None
        record = NewArticle(
            url=display_url,
            source_id=source.id,
            guid=entry.guid,
            title=title,
            author=entry.author,
            published=to_iso(published) if published else None,
            text=text,
            text_hash=dedupe.text_hash(title, text),
            entry_hash=entry_hash,
            sketch=text_sketch,
            tags=list(dict.fromkeys([*source.tags, *entry.categories])),
            summary=list(analysis.summary),
            quotes=kept_quotes(analysis),
            pledges=kept_pledges(analysis),
            archive=archive,
            day_only=by_day and published is not None,
            own_day=published.date().isoformat() if published else None,  # at the offset written (parse._as_written)
            paywalled=paywalled,
            from_teaser=unread and bool(entry.text.strip()),  # a headline alone has no summary to qualify
            lang=language_of(f"{title}\n{text}", entry.language),  # said beside its source in the digests
        )
        await failpoints.ahit("ingest.before_store")
        if existing:
            self._update_in_place(source, existing, record, analysis, taken_from, report)
            return
        center = min(published, self.now()) if published else self.now()
        window = to_iso(center - GROUPING_WINDOW), to_iso(center + GROUPING_WINDOW)
        candidates = article_store.near_in_time(self.db, *window)
        seen_up_to = article_store.newest_id(self.db)
        # Comparing with up to a thousand recent articles is CPU work: off the event loop. Articles stored by other
        # sources meanwhile are compared here, with no await before the insert, so two copies that arrive together
        # still find each other.
        # The same address spelt otherwise (http:// or https://, "www." or not) is the same story, whatever its words.
        group = article_store.group_at_link(self.db, record.url)
        if group is None:
            group = await asyncio.to_thread(dedupe.find_group, title, text_sketch, candidates, source_id=source.id)
        if group is None:
            late = article_store.near_in_time(self.db, *window, after_id=seen_up_to)
            group = dedupe.find_group(title, text_sketch, late, source_id=source.id)
        try:
            article_id = article_store.insert_article(self.db, record, group_id=group)
        except sqlite3.IntegrityError:
            # Another source stored the same article while this one was being analysed: it is stored once, as
            # that source gave it, unless the link is on this source's own site (as above, now that it is stored).
            stored = article_store.find_existing(self.db, record.url, None, None)
            taken_from = self._claimed_from(feed_url, site, record.url, stored) if stored and link else None
            if stored is None or taken_from is None:
                if stored is not None:
                    self._listed_too(source, stored.id, record.url)
                report.unchanged += 1
                return
            article_store.update_article(self.db, stored, record, claimed=True)
            report.updated += 1
            _note_claimed(source, stored, taken_from, title)
            return
        report.new += 1
        if not record.summary:
            report.headline_only += 1
            report.unread_why.append(unread_why if not text.strip() or "in the feed" not in unread_why
                                     else "too few words in the feed to summarise")
        if namesake is not None:
            _note_another_story(source, record, namesake)
        report.back_catalogue += record.archive
        report.undated_catalogue += archive and undated
        report.new_article_ids.append(article_id)

    def _skip_unread(self, source: Source, key: str, address: str, *, routed: bool, report: SourceReport) -> None:
        """An entry with no headline or text of its own whose page was not read is skipped, and said so: a warning
        the first time, then at info level (the entry stays in its feed, and a warning at every fetch would bury
        the others). `routed`: its link routes by its fragment, so no page of the story's own can be read."""
        reason = ("its address routes by its fragment (a site built as one page), and the page there is the "
                  "site's, not the story's" if routed else
                  "its page could not be read" if self.config.fetch.fetch_full_text
                  else "[fetch] fetch_full_text is off, so its page is not read")
        level = logging.INFO if key in self._unread_told else logging.WARNING
        self._unread_told.add(key)
        log.log(level, "source %s: skipped %s: its feed entry has no headline or text of its own and %s; it is "
                "tried again at the next fetch", source.name, address[:200], reason)
        report.skipped += 1

    def _update_in_place(self, source: Source, existing: StoredArticle, record: NewArticle, analysis: Analysis,
                         taken_from: str | None, report: SourceReport) -> None:
        """A stored story read again with other words is updated in place, never stored or sent twice. An edit by
        the story's own outlet may be material (bot/core/edits.py): the chats that got the story are then owed an
        "Updated" entry, recorded with the edit. A story claimed by its own site (`taken_from`, the source that
        stored it first) is not an edit: its chats are not told."""
        title, display_url = record.title, record.url
        if (taken_from is None and existing.source_id == source.id and record.guid and existing.guid == record.guid
                and display_url != existing.url and is_http(display_url) and "#" not in display_url + existing.url
                and article_store.find_existing(self.db, display_url, None, None) is None):
            # Known by its id, listed at a new link (a correction that gave it an address made from its new
            # headline): kept at its old one, "Updated", /latest and the digests sent readers to the story as it was.
            article_store.relink(self.db, existing.id, display_url, record.guid)
        change = self._material_change(existing, title, analysis) if taken_from is None else None
        owed = article_store.update_article(self.db, existing, record, claimed=taken_from is not None, change=change)
        report.updated += 1
        if taken_from is not None:
            _note_claimed(source, existing, taken_from, title)
        elif change is not None:
            report.edited += 1
            told = (f"{count_of(owed, 'chat')} that got it {'is' if owed == 1 else 'are'} told in the next "
                    "digest" if owed else "no chat has been sent it yet")
            log.info("source %s: %s was edited (%s): updated in place; %s", source.name, display_url[:200],
                     change[:300], told)
        elif existing.title != title:  # a decision not to send, said (a body that changes alone stays quiet)
            log.info("source %s: %s edited its headline, from “%s” to “%s”, in no word a reader would miss: "
                     "updated in place (for /latest and the digests still to come), not sent again",
                     source.name, display_url[:200], existing.title[:200], title[:200])

    def _reached_elsewhere(self, source: Source, key: str, entry_hash: str, arrived: str, page_text: str,
                           listed: frozenset[str], shared_links: Mapping[str, int], report: SourceReport) -> bool:
        """Whether the page an entry's link led to through redirects (an aggregator's click counter, a short link)
        is a story known at that address: one this feed lists there too (a site's feed giving a story directly
        and again through its short link, under another headline), or one stored there with the same words, by
        another source or by this one at an earlier read. The entry is then not stored under its link (counted
        unchanged, said at debug level): it was, and a reader got the story twice. A stored story's words must
        agree: a removed story redirected to a front page or a section is no story stored there. The link is
        remembered as the stored story's (`article_store.remember_link`), for the entry's later reads."""
        if not is_http(arrived):
            return False
        address = normalize_url(arrived)
        if address == key:
            return False
        if address in listed and address not in shared_links:  # `listed` without the entry's own id
            log.debug("source %s: %s leads to %s, which its feed lists too: stored once, as listed there",
                      source.name, key[:200], address[:200])
            there = article_store.find_existing(self.db, address, None, None)
            if there is not None:  # not yet when the entry listed there is read later in this pass
                article_store.remember_link(self.db, key, entry_hash, there.id)
            report.unchanged += 1
            return True
        stored = article_store.find_existing(self.db, address, None, None)
        if stored is None:
            return False
        alike = dedupe.similarity(dedupe.sketch(page_text), article_store.stored_sketch(self.db, stored.id))
        if alike < dedupe.SAME_STORY:
            return False
        log.debug("source %s: %s leads to %s, stored already: not stored or sent again", source.name, key[:200],
                  address[:200])
        if stored.source_id != source.id:
            self._listed_too(source, stored.id, address)
        article_store.remember_link(self.db, key, entry_hash, stored.id)
        report.unchanged += 1
        return True

    async def _behind_a_stored_link(self, client: httpx.AsyncClient, source: Source, key: str, entry_hash: str,
                                    arrived: str, page_text: str, around: datetime | None,
                                    report: SourceReport) -> bool:
        """Whether a story the source stored at another link, one that redirects here (a short link its feed gave
        it by at an earlier read), is the story at `key` (reached at `arrived`): its page, naming no canonical
        address, says nothing of that link, and it was stored and sent a second time. A story of the source's stored
        lately with words alike is a candidate; its link, followed now, must lead here (a follow-up of much the
        same words at an address of its own is still its own story). The entry is then counted unchanged, and its
        link remembered as the story's (`article_store.remember_link`): nothing is followed again at its next read."""
        here = {key} | ({normalize_url(arrived)} if is_http(arrived) else set())
        center = min(around, self.now()) if around else self.now()
        recent = article_store.near_in_time(self.db, to_iso(center - GROUPING_WINDOW), to_iso(center + GROUPING_WINDOW))
        # Comparing with up to a thousand recent stories is CPU work: off the event loop, as grouping's is.
        # The source's own stories alone: another outlet's copy of wire text reads as alike, and its page would be
        # requested for each new copy (an aggregator's counter stored first stays a known gap).
        candidates = await asyncio.to_thread(_alike, page_text, [c for c in recent if c.source_id == source.id])
        for candidate in candidates[:BEHIND_LINKS_FOLLOWED]:
            stored = article_store.get_article(self.db, candidate.id)
            if stored is None or stored.url in here or not is_http(stored.url) or "#" in stored.url:
                continue
            try:
                reached = await fetch_any(client, stored.url, self.config.fetch)
            except FetchError:
                continue
            if normalize_url(reached.url) not in here:
                continue
            log.debug("source %s: %s is “%s”, stored at %s, which leads there: not stored or sent again",
                     source.name, key[:200], stored.title[:200], stored.url[:200])
            article_store.remember_link(self.db, key, entry_hash, stored.id)
            report.unchanged += 1
            return True
        return False

    def _listed_too(self, source: Source, article_id: int, url: str) -> None:
        """`source` lists a story another source stored (one link, stored once): the story carries this source's
        tags too, so a chat following one of them gets it, once, as any chat does (docs/DESIGN.md)."""
        added = article_store.add_listing(self.db, article_id, source.id, source.tags)
        if added:
            log.info("source %s: %s, stored from another source, is listed here too: it now carries %s as well",
                     source.name, url[:200], ", ".join(f"“{tag}”" for tag in added)[:300])

    def _material_change(self, existing: StoredArticle, title: str, analysis: Analysis) -> str | None:
        """What an edit changed that a reader would care about (one line), or None: the story as stored, read
        just before it is rewritten, against its new headline and analysis."""
        before = article_store.get_article(self.db, existing.id)
        if before is None:
            return None
        stored = Analysis.kept(before.summary, before.quotes, before.pledges)
        return material_change(Edition(before.title, stored.summary, stored.quotes, stored.pledges),
                               Edition(title, analysis.summary, analysis.quotes, analysis.pledges))

    def _claimed_from(self, feed_url: str, site: str, url: str, stored: StoredArticle) -> str | None:
        """The name of the source that stored the story at `url` first, when the source being read (its feed at
        `feed_url`, naming `site`) has the plainer claim on that link (urls.ownership): its entry is then the
        story's. None when it has not: the story stays as the first source gave it."""
        holder = source_store.get_source(self.db, stored.source_id)
        if ownership(url, feed_url, site) <= (ownership(url, holder.url, holder.site) if holder else 0):
            return None
        return holder.name if holder else "(no longer configured)"

    @staticmethod
    def _stored_already(
        source: Source, key: str, stored: StoredArticle | None, how: str, report: SourceReport
    ) -> bool:
        """The entry is a story the source already has (`stored`, found `how`): counted unchanged and said, since
        it is neither stored nor sent again."""
        if stored is None:
            return False
        log.debug("source %s: %s is %s %s: not stored or sent again", source.name, key[:200], stored.url[:200], how)
        report.unchanged += 1
        return True

    async def _full_text(self, client: httpx.AsyncClient, link: str) -> PageText | None:
        """The article page's extracted text, headline, canonical URL, whether a paywall keeps the rest of it, and its
        day; None if it cannot be had (kept teaser), and no text but `sign_in` when the page asks the reader to sign
        in (kept teaser, marked paywalled)."""
        site = urlsplit(link).netloc.lower()
        paused = self._pages_paused.get(site)
        if paused is not None and self.now() < paused:
            log.debug("full text of %s not read: its site asked for a pause until %s UTC", link[:200],
                      paused.strftime("%H:%M:%S"))
            self._failing_for_now[link] = "its site asked for a pause"
            return None
        try:
            page = await fetch_any(client, link, self.config.fetch)
        except FetchError as exc:
            if exc.status in _FAILS_FOR_NOW or exc.timed_out:
                self._failing_for_now[link] = exc.reason[:120]
            pause = PAGE_PAUSE if exc.status == 429 else None
            if exc.status in (429, 503) and exc.retry_after:
                pause = min(exc.retry_after, MAX_BACKOFF.total_seconds())
            if pause is not None and site:
                # Its rate limit: each other page of the pass was asked for all the same, a request it had just
                # refused, which gets a bot's address blocked.
                until = self.now() + timedelta(seconds=pause)
                self._pages_paused[site] = until
                log.warning("full text of %s unavailable: %s; its site asked for a pause of %s, so no page of %s is "
                            "read until %s UTC: the stories whose pages are there keep their feed's words",
                            link[:200], exc.reason, duration_text(pause), site, until.strftime("%H:%M:%S"))
                return None
            log.info("full text of %s unavailable: %s", link[:200], exc.reason)
            self._unread_why[link] = exc.reason[:120]
            return None
        html = ""
        for _ in range(MORE_REFRESHES + 1):
            if not page.body.strip():
                # Said so: handed to the extractor, it logged three ERROR lines of its parser naming no source.
                log.info("full text of %s unavailable: its page is empty (HTTP %d with no content)", link[:200],
                         page.status)
                self._unread_why[link] = "an empty page"
                return None
            kind = not_a_page(page.body, page.content_type)
            if kind is not None:
                log.info("full text of %s unavailable: it is %s, not a web page", link[:200], kind)
                self._unread_why[link] = f"a link to {kind}, not a web page"
                return None
            html = html_text(page.body, page.content_type)
            # A frameset's story is in one of its frames, and a click page's where its script sends the browser:
            # read as a page that sends the browser on is.
            onward = refresh_target(html, page.url) or frame_target(html, page.url) or script_target(html, page.url)
            if onward is None:
                break
            # A page that sends the browser on at once (a moved release's old address): its words ("You are being
            # redirected") are no story; the page it sends to is read, as a redirect's is, a web address only.
            if not is_http(onward):
                log.info("full text of %s unavailable: its page sends the browser on to %s, not a web address",
                         link[:200], onward[:200])
                return None
            try:
                page = await fetch_any(client, onward, self.config.fetch)
            except FetchError as exc:
                log.info("full text of %s unavailable: the page it sends on to, %s: %s", link[:200], onward[:200],
                         exc.reason)
                return None
        else:
            log.info("full text of %s unavailable: its pages send the browser on more than %d times", link[:200],
                     MORE_REFRESHES)
            return None
        extracted = await asyncio.to_thread(extract_article, html, link if is_http(link) else None)
        if extracted is None:
            log.info("full text of %s unavailable: its page holds no story text (%s)", link[:200], page.url[:200])
            self._unread_why[link] = "a page with no story text"
            return None
        if consent_notice(extracted.text):
            # A reader without the site's cookie is sent to its consent page: its words are no story.
            log.info("full text of %s unavailable: its page is a cookie-consent notice, not the story (%s)",
                     link[:200], page.url[:200])
            return None
        if sign_in_page(html, extracted.text, page.url, link):
            # A reader who is not signed in is sent to the site's sign-in page: its words are no story.
            log.info("full text of %s unavailable: its page asks the reader to sign in, not the story (%s)",
                     link[:200], page.url[:200])
            return PageText("", "", None, True, None, page.url, sign_in=True)
        canonical = _canonical_link(html, page.url)
        texts = [extracted.text]
        seen = {page.url, link}
        following = next_page(html, page.url) if is_http(page.url) else None
        # A story split over pages ("Page 1 of 2") was stored and sent as its first page: its next pages are read.
        while following and following not in seen and len(texts) <= MORE_PAGES:
            seen.add(following)
            try:
                more = await fetch_any(client, following, self.config.fetch)
            except FetchError as exc:
                log.info("page %d of %s unavailable: %s", len(texts) + 1, link[:200], exc.reason)
                break
            if not_a_page(more.body, more.content_type) is not None:
                break
            more_html = html_text(more.body, more.content_type)
            more_text = await asyncio.to_thread(extract_article, more_html, following)
            if more_text is None or more_text.text in texts:
                break
            # A page that opens with the story's standfirst again (a template repeating it on every page) adds
            # what the pages before did not have: joined whole, the lead was stored twice and could be sent twice.
            said = {_paragraph_key(line) for text in texts for line in text.split("\n\n")}
            added = [line for line in more_text.text.split("\n\n") if _paragraph_key(line) not in said]
            if not added:
                break
            texts.append("\n\n".join(added))
            following = next_page(more_html, more.url, page.url)
        text = "\n\n".join(texts)
        english = english_of_parallel_text(text)
        if english is not None:  # its summary gave a sentence, then the same sentence in the other language
            log.info("page %s gives its story in English and in another language side by side: its English text is "
                     "read", link[:200])
            text = english
        return PageText(text, extracted.title, canonical, extracted.paywalled, extracted.published, page.url)


class _Address(NamedTuple):
    """Where a feed entry's story is: its own `link` ("" when it has none a reader may follow), the `landing` page
    it shares with other stories ("" unless so), and the `key` it is stored under."""

    link: str
    landing: str
    key: str


def _entry_address(source: Source, feed_url: str, entry: FeedEntry,
                   shared_links: Mapping[str, int] | None) -> _Address:
    """An entry's address, decided before any stored story is looked up: its link made absolute, unless several
    stories point to it (a landing page) or a remote feed names no web address; its key, that link normalized,
    else its id's anchor on the landing page, else its source's name for its id."""
    link = resolve_link(feed_url, entry.link) if entry.link else ""
    landing = ""
    if link and shared_links and normalize_url(link) in shared_links:
        # A landing page several stories point to is not this story's address (nor is its text the story's);
        # an id that is a web address of its own is. Else the story links to the page that lists it.
        landing, link = link, ""
        if is_http(entry.guid) and normalize_url(entry.guid) not in shared_links:
            landing, link = "", entry.guid
    if link and is_http(source.url) and not is_http(link):
        # A remote feed may never make the bot read local files or follow other schemes (javascript:, FILE:).
        log.info("source %s: ignored a link that is not a web address: %r", source.name, link[:200])
        link = ""
    if link:
        key = normalize_url(link)
    elif is_http(landing):  # the page, at an anchor of the story's own (its id): one key per story
        key = f"{normalize_url(landing)}#{quote(entry.guid, safe='')[:300]}"
    else:
        key = f"urn:communique:{source.id}:{entry.guid}"
    return _Address(link, landing, key)


_FRONT_PAGE_PATHS = {"/", "/index.html", "/index.htm", "/index.php", "/default.aspx", "/default.asp"}


def _front_page(key: str) -> bool:
    """Whether a (normalized) address is a site's front page: its root or index file, with no query. An entry
    linking there has no page of its own to read."""
    parts = urlsplit(key)
    return is_http(key) and parts.path.lower() in _FRONT_PAGE_PATHS and not parts.query and not parts.fragment


def _alike(text: str, recent: list[GroupCandidate]) -> list[GroupCandidate]:
    """The stories of `recent` whose words read as `text` (dedupe.SAME_STORY or more), most alike first."""
    sketch = dedupe.sketch(text)
    scored = [(dedupe.similarity(sketch, c.sketch), c) for c in recent]
    return [c for score, c in sorted(scored, key=lambda pair: -pair[0]) if score >= dedupe.SAME_STORY]


def _paragraph_key(line: str) -> str:
    """A paragraph as compared across the pages of one story: its words, whatever their spacing or case."""
    return " ".join(line.split()).casefold()


def _another_story(entry: FeedEntry, stored: StoredArticle, stored_sketch: list[int]) -> bool:
    """Whether an entry known by its link alone is another story than the one stored under that link, not an edit of
    it: the two share neither headline (dedupe.SHARED_HEADLINE) nor words (dedupe.SAME_STORY). An outlet's edit keeps
    one or the other. The stored words count only when they are its entry's own; a text read from the page behind
    the link (a teaser's) says nothing of what the entry said, and the headline decides, unless the entry keeps the
    stored story's own date and time (an edit keeps them; a day alone is shared by a day's releases)."""
    if dedupe.headline_share(entry.title, stored.title) >= dedupe.SHARED_HEADLINE:
        return False
    if stored.text_hash == stored.entry_hash:  # the words of its entry, stored: they tell
        return dedupe.similarity(dedupe.sketch(entry.text or entry.title), stored_sketch) < dedupe.SAME_STORY
    same_time = (entry.dated_by == "entry" and not entry.by_day and entry.published is not None
                 and to_iso(entry.published) == stored.published)
    return not same_time


def _edit_at_page(
    stored: list[tuple[StoredArticle, list[int]]], entry: FeedEntry, namesake: StoredArticle
) -> StoredArticle | None:
    """The story kept at an anchor of a press page that `entry` is an edit of, if any: the one that reads most as it,
    at dedupe.SAME_STORY or above (words kept, or a headline of nearly the same words). Stricter than the test
    against the story the link itself names: a story of the list taken for an edit would be written over, lost."""
    return _most_alike([(c, sketch) for c, sketch in stored if c.id != namesake.id], entry)


def _edit_by_words(
    stored: list[tuple[StoredArticle, list[int]]], entry: FeedEntry, listed: frozenset[str]
) -> StoredArticle | None:
    """The story known by its words that `entry` (known by its words too, of the same date) is an edit of: the one
    no longer listed that reads most as it, at dedupe.SAME_STORY or above; None when none does. A story still
    listed is another item of that date, not this one's earlier words."""
    return _most_alike([(c, sketch) for c, sketch in stored if (c.guid or "") not in listed], entry)


def kept_quotes(analysis: Analysis) -> list[ArticleQuote]:
    """An analysis' quotes as an article's row keeps them."""
    return [ArticleQuote(q.speaker, q.text) for q in analysis.quotes]


def kept_pledges(analysis: Analysis) -> list[ArticlePledge]:
    """An analysis' pledges as an article's row keeps them (the deadline's day as an ISO string)."""
    return [ArticlePledge(p.actor, p.commitment, p.evidence, p.when, p.due.isoformat() if p.due else None)
            for p in analysis.pledges]


def _most_alike(stored: list[tuple[StoredArticle, list[int]]], entry: FeedEntry) -> StoredArticle | None:
    """The stored story that reads most as `entry`, at dedupe.SAME_STORY or above (the last of equals); None when
    none does."""
    best, best_score = None, dedupe.SAME_STORY
    entry_sketch = dedupe.sketch(entry.text or entry.title)
    for candidate, candidate_sketch in stored:
        score = dedupe.story_score(entry.title, entry_sketch, candidate.title, candidate_sketch)
        if score >= best_score:
            best, best_score = candidate, score
    return best


def _note_another_story(source: Source, record: NewArticle, namesake: StoredArticle) -> None:
    """Say once, when it is stored, that an entry was kept apart from the story stored under its link, and what
    was done with the page behind that link: it lists stories, so it is no story's text."""
    kept = (f"; “{namesake.title[:200]}”'s text was read from that page while it stood alone in the feed, and is "
            "kept as chats were sent it" if namesake.text_hash != namesake.entry_hash else "")
    log.info("source %s: “%s” is another story than “%s”, stored under the same link %s (they share neither "
             "headline nor words): stored as its own, at %s, with its feed's words (that page lists stories: it is "
             "not read as this one's)%s", source.name, record.title[:200], namesake.title[:200],
             namesake.url[:200], record.url[:300], kept)


def _note_claimed(source: Source, stored: StoredArticle, taken_from: str, title: str) -> None:
    """Say that a story another source stored first was replaced by its own site's entry: what chats may have seen
    is rewritten (in place, not sent again), and the log tells it, with both headlines."""
    log.info("source %s: %s is on its own site, and source %s listed it first: its headline and text replace %s's "
             "(“%s” becomes “%s”) in place, for /latest and the digests still to come; chats that got it are not "
             "sent it again", source.name, stored.url[:200], taken_from, taken_from, stored.title[:200], title[:200])


def _analyse(title: str, text: str, published: date | None, sentences: int) -> tuple[Analysis, list[int]]:
    """The CPU-heavy part of storing an article, run in a worker thread: its analysis and its text sketch."""
    analysis = analyze(title, text, published=published, sentences=sentences, demands=False)  # not stored
    return analysis, dedupe.sketch(text)


def _canonical_link(html: str, url: str) -> str | None:
    """The page's <link rel="canonical"> (so AMP and tracking variants of a page map to one article), made absolute
    against the page's <base href> or its own address `url`: many CMSs write it relatively ("/world/crossing-8"),
    and such a canonical address was ignored."""
    match = re.search(r"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*>", html[:200_000], re.IGNORECASE)
    if not match:
        return None
    href = re.search(r"\bhref=[\"']([^\"']+)[\"']", match.group(0), re.IGNORECASE)
    if not href:
        return None
    base = re.search(r"<base\b[^>]*\bhref=[\"']([^\"']+)[\"']", html[:200_000], re.IGNORECASE)
    try:
        if base and is_http(urljoin(url, base.group(1).strip())):
            url = urljoin(url, base.group(1).strip())
        canonical = urljoin(url, html_unescape(href.group(1).strip()))
        parts = urlsplit(canonical)
    except ValueError:  # a malformed address is none
        return None
    if parts.path in ("", "/") and not parts.query and not parts.fragment.startswith(("/", "!/")):
        return None  # a site's front page named as every page's canonical (a CMS's setting) is no article's address
    return canonical
