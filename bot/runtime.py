"""Wiring: the one module that knows every piece. It runs the two clocks (APScheduler), the sender, the
platforms and config reloads, and offers the one-shot pass used by `communique demo` and `fetch`.

Clocks:
- an ingest tick fetches the sources whose `next_due` has come (each source keeps its own interval and backoff
  in the database, so a restart resumes the schedule);
- one job per daily subscription fires its digest at its local time, every local day (DailyTrigger); digests are
  keyed by local date, so a digest fires once a day even across restarts, and one missed while the bot was down is
  caught up at start;
- a watch on the event loop's own clock runs the repeating jobs on when the wall clock goes back (_clock_set_back).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils
from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot import failpoints
from bot.commands import CommandContext, Commands
from bot.commands.context import zone_label
from bot.config import Config, ConfigError, file_state, load_config
from bot.core.commands import Invocation, Reply
from bot.core.digest import Planned
from bot.core.outcomes import Gone, Moved, Rejected, RetryAfter, Sent
from bot.core.platform import Platform
from bot.core.storage import LOCK_REMEDY, StorageHealth
from bot.core.text import count_of, duration_text, refusal_detail
from bot.delivery.planner import plan_digest, plan_quiet_note
from bot.delivery.sender import CLOCK_STEP_SECONDS, Sender, SenderPolicy
from bot.ingest.pipeline import MAX_BACKOFF, Ingestor, SourceReport
from bot.ingest.quiet import Quiet, quiet_sources
from bot.platforms import PLATFORMS, spec_for
from storage import articles as article_store
from storage import deliveries as ledger
from storage import sources as source_store
from storage import subscriptions as sub_store
from storage.db import (
    from_iso,
    is_storage_error,
    lock_holder,
    lock_released,
    locked_since,
    move_written_back,
    newest_written,
    settle_restored_start,
    to_iso,
    wait_briefly_for_locks,
    write_problem,
)
from storage.records import DeclaredSubscription, Delivery, SourceSync, Subscription, SubscriptionSettings

log = logging.getLogger(__name__)
PRUNE_BATCH = 1000  # articles retention deletes in one transaction before letting the bot's other work run
# Loop turns a stopping runtime yields so that jobs already handed to the loop finish (see Runtime.stop): a job
# runs in one turn and APScheduler's completion callback in the next.
_JOB_SETTLE_TURNS = 5

CATCH_UP_WINDOW = timedelta(hours=12)
# How long a source's new stories wait for those of the sources finishing with it, before instant chats get them.
INSTANT_PLAN_PAUSE = 0.5
CLOCK_WATCH_SECONDS = 5.0  # how often the repeating jobs are checked for a clock set back (on the loop's own clock)
LATE_DIGEST = timedelta(minutes=10)  # a daily digest planned this long after its time says so (a jumped clock)


# What a platform reads of its operators only when it starts: said when a reload adds one.
PLATFORM_OPERATOR_RESTART = {
    "telegram": "to list those commands in a new operator's private chat",
    "discord": "for alerts to reach a new operator's direct messages",
}


def now_utc() -> datetime:
    return datetime.now(UTC)


def parse_clock(value: str) -> tuple[int, int, int]:
    """"HH:MM" (or "HH:MM:SS") as hour, minute, second."""
    parts = [int(p) for p in value.split(":")]
    return parts[0], parts[1], parts[2] if len(parts) > 2 else 0


def due_on(day: date, clock: dt_time, zone: ZoneInfo) -> datetime:
    """When a daily digest at `clock` is due on `day` in `zone`: fold 0, so a time the clocks repeat is due at its
    first pass, and a time they skip at the offset before the change (Berlin's 02:30 that night is 03:30)."""
    return datetime.combine(day, clock, tzinfo=zone)


def last_fire_time(sub: Subscription | SubscriptionSettings, now: datetime) -> datetime:
    """The most recent moment at or before `now` when this daily subscription's digest was due (in its zone).

    Compared as instants, not as the times on the wall: on the night clocks go forward a time in the skipped hour
    (02:30 in Berlin) is due when the scheduler sends it, an hour on (03:30), and a restart at 03:10 took it as
    passed and sent it early; on the night they go back the day's time is due at its first pass, and a restart in
    the repeated hour, after it, took yesterday's as the last.
    """
    zone = ZoneInfo(sub.timezone)
    clock = dt_time(*parse_clock(sub.time))
    today = now.astimezone(zone).date()
    for day in (today, today - timedelta(days=1), today - timedelta(days=2)):
        fire = due_on(day, clock, zone)
        if fire.astimezone(UTC) <= now:
            return fire
    return fire


class DailyTrigger(BaseTrigger):
    """Once each local day at a time of day in a zone, the day the clocks change included.

    APScheduler's cron trigger left out the day a time does not exist where clocks go forward at midnight (00:15
    in Santiago, 00:30 in Cairo, Havana or Beirut): that chat had no digest that day. Here such a time is due an
    hour on (as cron does with Berlin's 02:30, sent at 03:30), and a time the clocks repeat is due at its first
    pass alone: the same instants `last_fire_time` reads, one digest a day.
    """

    def __init__(self, time_of_day: str, timezone: str) -> None:
        self.clock = dt_time(*parse_clock(time_of_day))
        self.zone = ZoneInfo(timezone)

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime | None:
        """The first time due after `previous_fire_time` (the run just done), else at or after `now`."""
        day = (previous_fire_time or now).astimezone(self.zone).date() - timedelta(days=1)
        while True:
            fire = due_on(day, self.clock, self.zone).astimezone(UTC)
            if (fire > previous_fire_time) if previous_fire_time is not None else (fire >= now):
                return fire.astimezone(self.zone)
            day += timedelta(days=1)

    def __str__(self) -> str:
        return f"daily at {self.clock:%H:%M:%S} {self.zone.key}"


def policy_for(config: Config) -> SenderPolicy:
    """The sender's retry pauses as the config's [delivery] section sets them."""
    return SenderPolicy(base_delay=config.delivery.retry_first,
                        max_delay=max(config.delivery.retry_max, config.delivery.retry_first))


def failures_text(count: int) -> str:
    return "once" if count == 1 else f"{count} times in a row"


ALERT_NAMES = 10  # sources one alert names; the rest are counted
# Ingest passes between two looks for quiet sources (bot.ingest.quiet): ten minutes at the default 15 s tick. A
# silence is counted in days; looking at every pass would read every source's newest stories four times a minute.
QUIET_EVERY = 40


def alert_text(alerts: list[SourceReport], after_failures: int) -> str:
    """The operators' alert for the sources that reached their failure streak in one pass: one message for all of
    them (when the bot's own network fails, every source does at once, and a message each was hundreds)."""
    gone = [report for report in alerts if report.gone]
    if gone:
        # Alerted at its first failure: "has failed 5 times in a row ... retried with backoff" was said of it.
        said = [f"Communiqué: the feed of the source “{report.name}” is gone for good (the site answers HTTP 410): "
                f"remove the source from the config, or give it the feed's new address; it is tried again every "
                f"{duration_text(MAX_BACKOFF.total_seconds())} meanwhile." for report in gone[:ALERT_NAMES]]
        rest = [report for report in alerts if not report.gone]
        return " ".join([*said, *([alert_text(rest, after_failures)] if rest else [])])
    streak = failures_text(after_failures)
    if len(alerts) == 1:
        return (f"Communiqué: the source “{alerts[0].name}” has failed {streak}. Last error: {alerts[0].error}. "
                "It keeps being retried with backoff; /status shows it.")
    names = ", ".join(f"“{r.name}”" for r in alerts[:ALERT_NAMES])
    more = f" and {len(alerts) - ALERT_NAMES} more" if len(alerts) > ALERT_NAMES else ""
    errors = Counter(r.error or "unknown error" for r in alerts).most_common(3)
    listed = ", ".join(f"{error} ({count})" for error, count in errors)
    return (f"Communiqué: {len(alerts)} sources have failed {streak}: {names}{more}. Last errors: {listed}. "
            "They keep being retried with backoff; /status shows them.")


def daily_key(fire: datetime) -> str:
    """The key of the daily digest due at `fire` (local to the chat): its local date, time and zone.

    The same schedule gives the same key, so a digest planned twice (a restart, a job firing twice) is sent once.
    The time and zone are in it because a chat that moves its digest (`/settings time 20:00` after the 08:00 one,
    or another zone) is owed the digest of its new time that day: keyed by date alone, it was taken as already
    sent, and the stories since waited a day and a half.
    """
    zone = getattr(fire.tzinfo, "key", None) or str(fire.tzinfo)
    return f"daily:{fire.date().isoformat()} {fire.strftime('%H:%M:%S')} {zone}"


@dataclass
class PassSummary:
    """What a one-shot pass did (for the demo and `fetch` output)."""

    reports: list[SourceReport] = field(default_factory=list)
    stories_planned: int = 0

    @property
    def new(self) -> int:
        return sum(r.new for r in self.reports)

    @property
    def failed(self) -> list[SourceReport]:
        return [r for r in self.reports if not r.ok]


def storage_moved(old: Path | str, new: Path | str) -> str:
    """What a reload says of an edited [storage] path: a restart opens the file there, or begins an empty database
    when there is none (every subscription, story and sent message left in the old one), so how to move it."""
    old, new = Path(old), Path(new)
    if new.exists():
        return (f"the [storage] path changed in the config, from {old} to {new}; restart Communiqué to use the "
                "database there")
    return (f"the [storage] path changed in the config, from {old} to {new}, where there is no database yet: "
            "Communiqué goes on with the one it has until a restart, which would begin an empty one there (no "
            f"subscriptions, no stories). To move the database: stop Communiqué, move {old} (with {old.name}-wal "
            f"and {old.name}-shm, if there) to {new}, then start it")


def _outcome_reason(outcome: object) -> str:
    """A failed send's outcome as the log says it: the platform's reason, not the record's Python form."""
    if isinstance(outcome, RetryAfter):
        return f"rate-limited for {outcome.seconds:g} s"
    if isinstance(outcome, Moved):
        return f"the chat moved to {outcome.new_chat_id}"
    return str(getattr(outcome, "reason", outcome))


class Runtime:
    """One Communiqué process: a database, a config, platforms, the scheduler and the sender."""

    def __init__(
        self,
        config: Config,
        platforms: dict[str, Platform],
        *,
        db: sqlite_utils.Database | None = None,
        now: Callable[[], datetime] = now_utc,
        tick_seconds: float = 15.0,
        policy: SenderPolicy | None = None,
        guard: Callable[[], str | None] | None = None,
    ) -> None:
        from storage import connect

        self.config = config
        self.db = db if db is not None else connect(config.storage.path)
        self._opened_path = Path(config.storage.path).absolute()  # the database in use until a restart
        self.now = now
        self.platforms = platforms
        self.tick_seconds = tick_seconds
        self.health = StorageHealth()  # whether the database can be written, for the log and /status
        self._plan_again = False  # planning failed for want of storage: plan after the next pass in any case
        self._daily_again: set[int] = set()  # daily digests due but not planned for want of storage: planned soon
        self._lock_said: datetime | None = None  # another program's write lock, as met and said in the log
        self._sync_again = False  # a config edit could not be stored: store it at the next config watch
        self.ingestor = Ingestor(self.db, config, now=now, health=self.health)
        self.ingestor.on_source_stored = self._source_stored
        self._instant_soon: asyncio.TimerHandle | None = None  # a planning for instant chats, due within a moment
        self._policy_from_config = policy is None
        self.sender = Sender(self.db, platforms, policy=policy or policy_for(config), now=now, health=self.health)
        self.sender.on_stopped = self._channel_stopped
        self.context = CommandContext(
            db=self.db,
            config=lambda: self.config,
            now=now,
            request_digest=self.request_digest,
            subscription_changed=self.schedule_subscription,
            restarted_after_refusals=self._channel_back,
            platform_spec=spec_for,
            storage_problem=self.storage_problem,
            config_problem=lambda: self.config_refused,
        )
        self.commands = Commands(self.context)
        self.scheduler: AsyncIOScheduler | None = None
        self._stop = asyncio.Event()
        self._sender_task: asyncio.Task | None = None
        self._clock_task: asyncio.Task | None = None
        # The config file as the last look found it ((modification time in ns, size)), and an edit seen once and
        # waiting to hold still: a save is read when the file is the same at two looks in a row.
        self._config_seen: tuple[int, int, int] | None = config.read_as
        self._config_settling: tuple[int, int, int] | None = None
        self._config_missing = False  # the config file could not be read at the last watch (said once)
        self._reload_asked = False  # SIGHUP before the start set its handler: read the config once started
        # The last edit of the config file, refused (when and why), until one is read: for /status, as the log
        # alone said it and an operator who saved and asked /status read that all was well.
        self.config_refused: str | None = None
        self._background: set[asyncio.Task] = set()
        # Chats whose other name ("@name") the platform was asked this run: answered (none, or kept), or not
        # known now (said once in the log, asked again at the next reload).
        self._names_asked: set[tuple[str, str]] = set()
        # channel -> whether the platform said it does not know it (else it could not be asked): said once each,
        # so a channel Telegram could not be asked of at the start is still said unknown when Telegram answers so.
        self._names_unknown: dict[tuple[str, str], bool] = {}
        self._ingests: set[asyncio.Task] = set()
        # What the health endpoint reads (monotonic seconds): when the clocks started, last ticked, last finished
        # an ingest pass; listeners hear of each finished pass (its reports and how long it took).
        self.started_at: float | None = None
        self.last_tick_at: float | None = None
        self.last_pass_at: float | None = None
        self.pass_listeners: list[Callable[[list[SourceReport], float], None]] = []
        # The sources that answer but brought no new story for long past their habit, by name, as the last look
        # found them; looked at every QUIET_EVERY passes, and at once when one of them brings a story.
        self._quiet: dict[int, Quiet] = {}  # by source id: a source renamed is the same source, not quiet anew
        # Each quiet source's silence once told (its newest story's time, by source id): a feed that fails now and
        # then is not quiet while it fails, and was alerted of afresh after each good fetch for the same silence.
        self._quiet_told: dict[int, datetime] = {}
        self._started_wall = now()  # a source quiet already then is said in the log; one falling quiet, alerted
        self._passes_since_quiet = QUIET_EVERY  # the first pass looks
        # `guard()` says why this process must stop at once (its database deleted or replaced under it), else None;
        # `fatal` keeps that reason for the exit message.
        self.guard = guard
        self.fatal: str | None = None
        self._run_stop: asyncio.Event | None = None

    # --- commands ----------------------------------------------------------------------------------------

    def storage_problem(self) -> str | None:
        """Why the database cannot be written now: what this process met, else what its file and disk say."""
        return self._lock_problem() or self.health.describe() or write_problem(self.config.storage.path)

    def write_lock(self) -> tuple[datetime, str | None] | None:
        """Since when another program holds the database's write lock, and who (when the kernel told), as a write
        met it; None while no write has. For /healthz, read from its thread: two attribute reads."""
        since = locked_since(self.db)
        return (since, lock_holder(self.db)) if since is not None else None

    def write_failure(self) -> tuple[datetime, str] | None:
        """Since when this bot's writes fail, and SQLite's reason (a full disk, a file-size limit, a read-only
        file); None while they work. Another program's lock is `write_lock`'s. For /healthz, from its thread."""
        since, error = self.health.failing_since, self.health.error
        return (since, error) if since is not None and error is not None else None

    def _lock_problem(self) -> str | None:
        """Another program's write lock on the database, as /status shows it while it lasts; None when none."""
        since = locked_since(self.db)
        if since is None:
            return None
        holder = lock_holder(self.db)
        return (f"the database is locked by another program{f' ({holder})' if holder else ''} since {since:%H:%M:%S} "
                f"UTC: it holds a write transaction on it{LOCK_REMEDY}. Commands that read still answer; nothing new "
                "is stored or sent until it ends, and nothing is lost.")

    async def run_command(self, invocation: Invocation) -> Reply:
        return await self.commands.run(invocation)

    async def suggest(self, kind: str, typed: str) -> list[str]:
        """Values for an argument being typed (topics, time zones, actors), for platforms that autocomplete."""
        return await self.commands.suggest(kind, typed)

    # --- planning ----------------------------------------------------------------------------------------

    def _plan(self, sub: Subscription, key: str, title: str = "Communiqué digest", *,
              follow_on: bool = False, dated: datetime | None = None) -> Planned:
        platform = self.platforms.get(sub.platform)
        if platform is None:
            return Planned()  # not running here: the stories stay owed until that platform runs
        planned = plan_digest(
            self.db, sub, key, platform.render_digest, now=self.now(), title=title, follow_on=follow_on, dated=dated
        )
        if planned.items:
            self.sender.wake()
        return planned

    def _plan_daily(self, sub: Subscription, fire: datetime) -> Planned:
        """The day's digest of a daily chat; with nothing to send, the note a chat whose topics matched nothing for
        a week gets (`plan_quiet_note`), keyed by the same digest time, so a restart does not say it twice."""
        planned = self._plan(sub, daily_key(fire), dated=fire)
        platform = self.platforms.get(sub.platform)
        if not planned.items and platform is not None and plan_quiet_note(
            self.db, sub, "quiet:" + daily_key(fire).removeprefix("daily:"), platform.render_digest, now=self.now(),
            dated=fire,
        ):
            self.sender.wake()
        return planned

    async def request_digest(self, sub: Subscription) -> Planned:
        """`/digest`: this chat's pending stories (and pledge lines), now."""
        return self._plan(sub, f"now:{to_iso(self.now())}")

    async def fire_daily(self, subscription_id: int) -> int:
        """The scheduler's job: plan a daily subscription's digest; returns how many stories it holds."""
        sub = sub_store.get_by_id(self.db, subscription_id)
        if sub is None or not sub.active or sub.mode != "daily":
            return 0
        now = self.now()
        fire = last_fire_time(sub, now)
        try:
            planned = self._plan_daily(sub, fire)
        except Exception as exc:
            if not is_storage_error(exc):
                raise
            # Planned after the next pass (or once another program's lock is let go), under the same key: the
            # day's digest, late, and once; as the job's error it waited for the next day.
            self.health.failed("planning", exc)
            self._daily_again.add(subscription_id)
            return 0
        self._daily_again.discard(subscription_id)
        if planned.items and now - fire > LATE_DIGEST:
            log.info("the daily digest of %s %s, due at %s %s, goes out %s late: the clock jumped, or the machine "
                     "slept", sub.platform, sub.chat_id, fire.strftime("%H:%M"), zone_label(sub.timezone),
                     duration_text((now - fire).total_seconds()))
        return planned.stories

    def _job_missed(self, event: JobExecutionEvent) -> None:
        """A daily digest the clock jumped past by more than CATCH_UP_WINDOW is not sent that late (as after a stop
        that long): said of the chat, and where its stories go, not only in the scheduler's words about a job."""
        if not str(event.job_id).startswith("digest-"):
            return
        sub = sub_store.get_by_id(self.db, int(str(event.job_id).removeprefix("digest-")))
        if sub is None:
            return
        fire = event.scheduled_run_time.astimezone(ZoneInfo(sub.timezone))
        late = (self.now() - fire).total_seconds()
        log.warning("the daily digest of %s %s, due at %s %s, was not sent: the clock jumped %s past it (more than "
                    "%s): its stories come with the next digest (or /digest, now)", sub.platform, sub.chat_id,
                    fire.strftime("%H:%M"), sub.timezone, duration_text(late),
                    duration_text(CATCH_UP_WINDOW.total_seconds()))

    def plan_instant(self) -> int:
        """After new stories arrive (or stories chats got are edited materially): post them to the chats that want
        each story as it comes.

        A busy pass can bring more than one message holds (max_items): the rest follow at once, in further
        messages that the sender paces within the platform's limits; none is left behind until the next story.
        """
        total = 0
        for sub in sub_store.list_subscriptions(self.db):
            if sub.mode != "instant":
                continue
            key = f"instant:{to_iso(self.now())}"
            part = 0
            while (planned := self._plan(sub, key if part == 0 else f"{key}:{part}", title="New from Communiqué",
                                         follow_on=True)).items:
                total += planned.stories
                part += 1
        return total

    def catch_up(self) -> int:
        """Digests whose time passed while the bot was down (within CATCH_UP_WINDOW) are planned now.

        The operator is told how many chats are caught up, how many messages that makes and about when the last
        goes out at the platform's pace, and how many chats' digest time passed too long ago to send one late
        (their stories wait for their next digest): after a day down, both would be silent.
        """
        planned = 0
        chats = 0
        too_late = 0
        now = self.now()
        for sub in sub_store.list_subscriptions(self.db):
            if sub.mode != "daily" or sub.platform not in self.platforms:
                continue
            fire = last_fire_time(sub, now)
            created = from_iso(sub.created)
            if created and created > fire:
                continue
            # A chat that got a digest of this date already missed nothing (its time moved to one now passed).
            if ledger.has_daily_digest(self.db, sub.id, fire.date().isoformat()):
                continue
            if now - fire > CATCH_UP_WINDOW:
                too_late += 1
                continue
            items = self._plan_daily(sub, fire).items
            planned += items
            chats += 1 if items else 0
        if chats:
            log.info("caught up the daily digests of %s, due while Communiqué was stopped: %s", count_of(chats, "chat"),
                     "; ".join(self._pace(name, total, most)
                               for name, (total, most) in ledger.owed_by_platform(self.db).items()
                               if name in self.platforms))
        if too_late:
            hours = int(CATCH_UP_WINDOW.total_seconds() // 3600)
            log.warning("the daily digest time of %s passed more than %d hours ago while Communiqué was stopped: no "
                        "digest is sent that late; their stories come with their next digest (or /digest, now)",
                        count_of(too_late, "chat"), hours)
        return planned

    def _pace(self, name: str, total: int, most: int) -> str:
        """How long the messages owed on a platform take at its limits: "360 messages on telegram; at its pace
        (30 a second) the last goes out in about 12 s"."""
        limits = self.platforms[name].limits
        seconds = max(total / limits.per_second if limits.per_second else 0.0,
                      (most - 1) / limits.per_chat_per_second if limits.per_chat_per_second else 0.0)
        took = f"{seconds / 60:.0f} minutes" if seconds >= 120 else f"{max(1, round(seconds)):d} s"
        return (f"{count_of(total, 'message')} on {name}; at its pace ({limits.per_second:g} a second) the last "
                f"goes out in about {took}")

    # --- scheduling --------------------------------------------------------------------------------------

    def schedule_subscription(self, sub: Subscription) -> None:
        """(Re)schedule one subscription's daily digest job; remove it when the chat is inactive or instant."""
        if self.scheduler is None:
            return
        job_id = f"digest-{sub.id}"
        if self.scheduler.get_job(job_id):
            self.scheduler.remove_job(job_id)
        if not sub.active or sub.mode != "daily":
            return
        self.scheduler.add_job(
            # A clock that jumps past the time (a machine resumed from sleep, NTP stepping a drifted clock) leaves
            # the job late: it still runs within the window a stopped bot catches up at its start.
            self.fire_daily, DailyTrigger(sub.time, sub.timezone), args=[sub.id], id=job_id,
            misfire_grace_time=int(CATCH_UP_WINDOW.total_seconds()), coalesce=True,
        )

    async def start_ingest(self) -> None:
        """The ingest clock's job: start a pass over the sources due now and return at once.

        A pass lasts as long as its slowest source (up to the fetch timeout); waiting for it would hold up the
        next ticks, and with them the schedule of every healthy source. Passes overlap instead; the ingestor
        never fetches one source twice at a time.
        """
        self.last_tick_at = time.monotonic()
        task = asyncio.create_task(self.ingest_tick())
        self._ingests.add(task)
        task.add_done_callback(self._ingest_done)

    def _ingest_done(self, task: asyncio.Task) -> None:
        self._ingests.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("an ingest pass failed", exc_info=task.exception())

    async def ingest_tick(self) -> list[SourceReport]:
        began = time.monotonic()
        reports = await self.ingestor.run(only_due=True)
        await failpoints.ahit("runtime.before_plan")
        self.after_ingest(reports)
        self.last_pass_at = time.monotonic()
        for listener in self.pass_listeners:
            listener(reports, self.last_pass_at - began)
        return reports

    def _source_stored(self, _report: SourceReport) -> None:
        """A source of a pass still running stored new stories: the instant chats get them within a moment, not
        when the pass's slowest source has answered. Sources finishing together are planned at once, in one go."""
        if self._instant_soon is None:
            self._instant_soon = asyncio.get_running_loop().call_later(INSTANT_PLAN_PAUSE, self._plan_instant_soon)

    def _plan_instant_soon(self) -> None:
        self._instant_soon = None
        if not self._storage_step("planning", self.plan_instant):
            self._plan_again = True  # planned after the next pass, whatever it brings

    async def _plan_daily_again(self) -> None:
        """The daily digests that could not be planned at their time, for want of storage: planned now."""
        for subscription_id in sorted(self._daily_again):
            await self.fire_daily(subscription_id)

    def after_ingest(self, reports: list[SourceReport]) -> None:
        if self._daily_again:
            self._in_background(self._plan_daily_again())
        if any(r.new or r.edited for r in reports) or self._plan_again:
            # The stories are stored: when they cannot be planned now, they are after the next pass, whatever it
            # brings.
            self._plan_again = not self._storage_step("planning", self.plan_instant)
        alerts = [report for report in reports if report.alert]
        if alerts:
            self.alert_operators(alert_text(alerts, self.config.alerts.after_failures))
        self._passes_since_quiet += 1
        # A quiet source that brought a story, or failed (it is said failing then, not quiet), is looked at now.
        changed = any((r.new or not r.ok) and r.source_id in self._quiet for r in reports)
        if changed or self._passes_since_quiet >= QUIET_EVERY:
            self._look_for_quiet(reports)

    @property
    def quiet_notes(self) -> tuple[str, ...]:
        """The quiet sources' lines, longest silent first, as the last look found them (for /healthz)."""
        found = sorted(self._quiet.values(), key=lambda q: q.silence, reverse=True)
        return tuple(q.note for q in found)

    def _look_for_quiet(self, reports: list[SourceReport]) -> None:
        """Which sources are quiet now: a source found quiet since the last look is told to the operators (a
        feed that answers and no longer publishes failed no fetch, so nothing else said it); one that brought a
        story in this pass is said back in the log."""
        self._passes_since_quiet = 0
        try:
            found = {q.source_id: q for q in quiet_sources(self.db, source_store.list_sources(self.db), self.now())}
        except sqlite3.Error as exc:  # the database busy or failing: said by its own watch; looked at again later
            log.debug("could not look for quiet sources: %s", exc)
            return
        before, self._quiet = self._quiet, found
        # By id, and said under the name it has now: a source renamed in the config is the same source.
        brought = {r.source_id: r.name for r in reports if r.new}
        for source_id, quiet in before.items():
            if source_id not in found and source_id in brought:
                log.warning("source %s brings new stories again after %s of silence", brought[source_id],
                            duration_text((self.now() - quiet.newest).total_seconds()))
        for source_id, quiet in found.items():
            if source_id in before or self._quiet_told.get(source_id) == quiet.newest:
                continue
            self._quiet_told[source_id] = quiet.newest
            if self._started_wall - quiet.newest > quiet.limit:  # quiet before this run: told then, or by status
                log.warning("source %s", quiet.note)
            else:
                self.alert_operators(quiet.alert)

    def _channel_stopped(self, row: Delivery, reason: str) -> None:
        """A channel dropped because the platform refused the bot there (demoted, removed): its operators are told,
        since nobody in a channel can ask the bot why the digests stopped. (A group's or a person's own choice to
        remove the bot is theirs; they are told on their next command, or when they add it back.)"""
        if row.chat_kind != "channel":
            return
        sub = sub_store.get(self.db, row.platform, row.chat_id)
        title = sub.chat_title if sub is not None and sub.chat_title else row.chat_id
        platform = row.platform.capitalize()
        # An operator names a channel to /subscribe where the platform reads such a name (a Telegram channel);
        # elsewhere (a Discord channel's id) the private chat would subscribe itself to a topic of that number.
        # With its topics: "/subscribe -100... here" alone subscribed a channel on trade to every story.
        topics = " ".join(sub.topics) if sub is not None else ""
        spec = spec_for(row.platform)
        if spec.is_channel_reference(row.chat_id):
            again = f"/subscribe {row.chat_id} {topics} here" if topics else f"/subscribe {row.chat_id} here"
        else:
            typed = spec.example(self.commands.specs["subscribe"], [("topics", topics)]) if topics else "/subscribe"
            again = f"{typed} sent in that channel"
        named = title if title == row.chat_id else f"{title} ({row.chat_id})"
        # A channel a block names by its public name, which its owners changed: no chat has that name now, and
        # the command above finds none either. The block is what to edit.
        renamed = ("; if the channel changed its public name, write its new name (or its id) in its "
                   "[[subscriptions]] block" if "not found" in reason.lower() and not row.chat_id.lstrip("-").isdigit()
                   else "")
        rights_back = spec_for(row.platform).rights_back
        way_back = (f"{rights_back}; so does {again}{renamed}." if rights_back
                    else f"Once Communiqué may post there again, {again} starts them again{renamed}.")
        self.alert_operators(
            f"Stopped sending digests to the channel {named}: {platform} refused them "
            f"({refusal_detail(reason, platform)}). {way_back}",
            only=row.platform,
        )

    def _channel_back(self, sub: Subscription) -> None:
        """A channel whose stop its operators were told of (`_channel_stopped`) is served again, the platform having
        said the bot may post there: they are told too, or they went on believing it waited for their /subscribe,
        and read nothing of the stories it missed meanwhile."""
        if sub.chat_kind != "channel":
            return
        title = sub.chat_title or sub.chat_id
        named = title if title == sub.chat_id else f"{title} ({sub.chat_id})"
        platform = sub.platform.capitalize()
        self.alert_operators(
            f"Sending digests to the channel {named} again: {platform} lets Communiqué post there again. Its next "
            f"digest brings the stories {platform} refused, then the backlog a chat subscribing gets; its topics "
            "and settings are kept.",
            only=sub.platform,
        )

    def alert_operators(self, text: str, *, only: str | None = None) -> None:
        """Tell each platform's operators (`only` that platform's), in their private chats; also logged.

        Alerts go straight to the platform rather than through the ledger (operators have no subscription), so
        each is retried here for a while when the platform is briefly unreachable or rate-limited.
        """
        log.warning("%s", text)
        for name, platform in self.platforms.items():
            if only is not None and name != only:
                continue
            for operator in self.config.operators(name):
                payload = platform.render_reply(Reply(text=text))[0]
                chat = spec_for(name).operator_chat(operator)
                task = asyncio.create_task(self._deliver_alert(platform, chat, payload))
                self._background.add(task)
                task.add_done_callback(self._background.discard)

    async def _deliver_alert(
        self, platform: Platform, chat_id: str, payload: dict, *, attempts: int = 6, first_delay: float = 5.0
    ) -> bool:
        delay = first_delay
        for _ in range(attempts):
            outcome = await platform.send(chat_id, payload)
            if isinstance(outcome, Sent):
                return True
            if isinstance(outcome, Gone | Rejected | Moved):
                break  # the operator's chat refuses us: retrying cannot help
            await asyncio.sleep(outcome.seconds if isinstance(outcome, RetryAfter) else delay)
            delay = min(delay * 3, 600.0)
        if isinstance(outcome, Gone | Rejected | Moved):
            log.warning("could not tell operator %s on %s (%s): an operator's alerts go to their private chat with "
                        "the bot, which opens when they write to it (/start there; unblock it if they blocked it); "
                        "this alert is in the log above", chat_id, platform.name, _outcome_reason(outcome))
        else:
            log.warning("could not tell operator %s on %s (%s) after %d tries; this alert is in the log above",
                        chat_id, platform.name, _outcome_reason(outcome), attempts)
        return False

    def prune(self, limit: int | None = None) -> int:
        """Apply the retention policy ([storage] keep_days) to at most `limit` articles (all when None)."""
        days = self.config.storage.keep_days
        if not days:
            return 0
        now = self.now()
        return article_store.prune(self.db, to_iso(now - timedelta(days=days)), now.date().isoformat(), limit=limit)

    async def _prune_job(self) -> int:
        """The scheduled prune, on the event loop: APScheduler runs plain functions in a thread pool, where it
        would share the loop's SQLite connection with commands and the sender at the same time. A batch of
        PRUNE_BATCH articles at a time, the loop free between them: in one go, keep_days lowered on a big database
        held every command and send until it was done (56,000 articles: 21 s). Not while another program holds the
        write lock: retention waits for its next turn."""
        if locked_since(self.db) is not None:
            return 0
        removed = 0
        while True:
            batch = self.prune(limit=PRUNE_BATCH)
            removed += batch
            if batch < PRUNE_BATCH:
                break
            await asyncio.sleep(0)
        if removed:
            log.info("retention: removed %d articles older than %d days", removed, self.config.storage.keep_days)
        return removed

    # --- config ------------------------------------------------------------------------------------------

    def sync_config(self, previous: Config | None = None) -> SourceSync:
        """Sources and the subscriptions the config owns follow the config; each subscription change is logged;
        returns what was done to the sources (for the reload's log line).

        `previous` is the config in force before an edit (None at start), so that the log can say when a
        removed block ended nothing because the chat subscribed by command.
        """
        self.ingestor.config = self.config
        sources = self.ingestor.sync_sources()
        defaults = self.config.digest.subscription_defaults()
        declared = [
            DeclaredSubscription(
                platform=item.platform,
                chat_id=item.chat_id,
                chat_kind=spec_for(item.platform).chat_kind(item.chat_id),
                topics=tuple(item.topics),
                settings=SubscriptionSettings(
                    mode=item.mode,
                    time=item.time or defaults.time,
                    timezone=item.timezone or defaults.timezone,
                    max_items=item.max_items or defaults.max_items,
                ),
                unset=frozenset(name for name in ("time", "timezone", "max_items") if getattr(item, name) is None),
            )
            for item in self.config.subscriptions
        ]
        before = {(s.platform, s.chat_id) for s in previous.subscriptions} if previous is not None else None
        subscribed: list[int] = []
        for change in sub_store.sync_declared(self.db, declared, previously=before):
            log.info("subscription %s %s %s by the config: %s", change.platform, change.chat_id,
                     change.action, change.detail)
            sub = sub_store.get(self.db, change.platform, change.chat_id)
            if sub is not None:
                self.schedule_subscription(sub)
                if change.action in ("created", "reactivated") and sub.active:
                    subscribed.append(sub.id)
        # The config followed after a restored start (a `fetch` before `run` does not): the chats it subscribed are
        # told of the restore as those of the copy are; a source added from now on is none the first bot had, and
        # joins as on any running bot, a day back.
        settle_restored_start(self.db, subscribed)
        return sources

    def reload_config(self) -> bool:
        """Apply an edited config file; an invalid edit is refused (logged) and the running config stays."""
        if self.config.file is None:
            return False
        try:
            new = load_config(self.config.file)
        except ConfigError as exc:
            log.error("config edit refused, still running with the previous config:\n%s", exc.report())
            first = exc.problems[0] if exc.problems else "not valid"
            more = f" (and {count_of(len(exc.problems) - 1, 'more problem')}: the log lists them)" \
                if len(exc.problems) > 1 else ""
            self.config_refused = (
                f"the edit of {self.config.file} was refused at {now_utc():%H:%M} UTC: {first}{more}; still running "
                f"with the config read before it (`communique check-config {self.config.file}` checks the file)")
            return False
        if not new.sources and self.config.sources:
            # A file saved empty or cut short (a full disk, an editor that crashed, `>` for `>>`) is valid TOML:
            # taken, it removed every source and ended every [[subscriptions]] block's chat. check-config calls a
            # config without sources invalid too; to run without any, restart with it.
            log.error("config edit refused, still running with the previous config: the file now has no [[sources]] "
                      "(saved empty or cut short?), which would stop every source and end the subscriptions its "
                      "blocks made; put the sources back (to run without any, restart Communiqué with that file)")
            self.config_refused = (
                f"the edit of {self.config.file} was refused at {now_utc():%H:%M} UTC: the file has no [[sources]] "
                "(saved empty or cut short?); still running with the config read before it")
            return False
        self.config_refused = None
        self._say_what_waits_for_a_restart(new)
        previous, self.config = self.config, new
        if new.read_as is not None:  # the file as read: an edit saved while it was being read is read next
            self._config_seen, self._config_settling = new.read_as, None
        if self._policy_from_config:
            self.sender.policy = policy_for(new)
        stored = self._sync_stored_config(previous)
        said = stored.describe() if stored is not None else (
            ", not stored yet (the database cannot be written): stored at the next config check")
        log.info("config reloaded from %s: %s%s", new.file, count_of(len(new.sources), "source"), said)
        for warning in new.warnings():
            log.warning("config %s: %s", new.file, warning)
        self._storage_step("config", lambda: self._say_orphaned_topics(
            "config reloaded", [(source.name, source.tags) for source in previous.sources]))
        self._storage_step("config", lambda: self._say_new_summary_length(previous, new))
        self._storage_step("config", lambda: self._say_new_defaults(previous, new))
        self._in_background(self.learn_chat_aliases())
        return True

    def _say_what_waits_for_a_restart(self, new: Config) -> None:
        """What an edit changed that a reload does not apply, logged, each with the restart that does: the
        [storage] path, [metrics] and a platform's section (its operators alone apply at once, and are said so)."""
        if new.storage.path != self.config.storage.path:
            if Path(new.storage.path).absolute() == self._opened_path:
                log.info("the [storage] path is %s again, the database in use: no restart needed", new.storage.path)
            else:
                log.warning("%s", storage_moved(self._opened_path, new.storage.path))
        if new.metrics != self.config.metrics:  # the endpoint listens where the start put it (or --metrics)
            log.warning("the [metrics] section changed; restart Communiqué to apply it (/healthz and /metrics stay "
                        "where they are until then)")
        for name, spec in PLATFORMS.items():
            before, after = self.config.platforms.get(name), new.platforms.get(name)
            if spec.fallback or before == after:
                continue
            if before is not None and after is not None and before.operators != after.operators:
                # Who is an operator is read from the running config at each command and alert: said as applied.
                later = (PLATFORM_OPERATOR_RESTART.get(name, "") if set(after.operators) - set(before.operators)
                         else "")
                log.info("the [%s] operators changed (now %s): the operators' commands answer them from now on%s",
                         name, ", ".join(after.operators) or "none", f"; restart Communiqué {later}" if later else "")
                before, after = replace(before, operators=()), replace(after, operators=())
            if before != after:
                log.warning("the [%s] section changed; restart Communiqué to apply it", name)

    def _in_background(self, work: Coroutine[Any, Any, object]) -> None:
        """Run `work` on the event loop without waiting for it (kept until done, cancelled at stop); with no loop
        running (a reload outside `run`), not at all."""
        try:
            task = asyncio.get_running_loop().create_task(work)
        except RuntimeError:
            work.close()
            return
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def learn_chat_aliases(self) -> int:
        """Ask each platform the other name ("@name") of the channels subscribed under their number whose name is
        not kept yet (subscribed before names were kept, or by a block naming the number), keep it, and match the
        config's blocks again: a block naming such a channel by its "@name" is then its subscription, not a
        second one that posts every story again. A channel the platform cannot name now (the bot not in it, the
        platform unreachable) keeps its subscription as it is, said once in the log; asked again at the next
        reload. Returns how many names were kept."""
        learned = 0
        for sub in sub_store.list_subscriptions(self.db):
            key = (sub.platform, sub.chat_id)
            platform = self.platforms.get(sub.platform)
            if platform is None or sub.chat_alias or sub.chat_kind != "channel" or key in self._names_asked:
                continue
            found = await platform.chat_alias(sub.chat_id)
            if found.unknown is not None:
                missing = found.missing is not None
                if missing and not self._names_unknown.get(key):
                    mend = ("check the chat_id of its [[subscriptions]] block, or add the bot to the channel"
                            if sub.origin == "config" else "add the bot to the channel again")
                    log.warning("%s channel %s: %s (%s): %s; its subscription stays as it is, and its "
                                "digests are refused until then", sub.platform,
                                sub.chat_id, found.missing, found.unknown, mend)
                elif not missing and key not in self._names_unknown:
                    log.warning("%s channel %s: its other name (@name) cannot be asked now (%s); its subscription "
                                "stays as it is, and a [[subscriptions]] block naming the channel by that name is "
                                "matched to it once the name is known (asked again at the next reload)",
                                sub.platform, sub.chat_id, found.unknown)
                self._names_unknown[key] = missing or self._names_unknown.get(key, False)
                continue
            self._names_unknown.pop(key, None)
            alias = found.alias
            if alias and alias != sub.chat_id:
                if not self._storage_step("config", partial(sub_store.note_alias, self.db, sub.platform, sub.chat_id,
                                                            alias)):
                    continue  # the database cannot be written now: asked again at the next reload
                learned += 1
            self._names_asked.add(key)
        if learned:
            self._sync_stored_config(None)
        return learned

    def _say_new_summary_length(self, previous: Config, new: Config) -> None:
        """[digest] summary_sentences changed: a summary is made once, when its story is read, so the stories stored
        keep theirs; an operator who expects every digest to change at once is told which stories it applies to."""
        was, now = previous.digest.summary_sentences, new.digest.summary_sentences
        if was == now:
            return
        stored = self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        kept = f"; the {stored} stored keep the summaries they were given" if stored else ""  # not "the 0 stored"
        log.info("config reloaded: [digest] summary_sentences changed from %d to %d: the stories read from now on "
                 "are summarized in %s%s", was, now, count_of(now, "sentence"), kept)

    def _say_new_defaults(self, previous: Config, new: Config) -> None:
        """[digest] time, timezone and max_items are what a chat starts with: an operator who moves them may expect
        every chat's digest to move, while a chat subscribed by command keeps the settings it has."""
        before, after = previous.digest.subscription_defaults(), new.digest.subscription_defaults()
        changes = [f"{name.replace('max_items', 'max')} {getattr(before, name)} to {getattr(after, name)}"
                   for name in ("time", "timezone", "max_items") if getattr(before, name) != getattr(after, name)]
        if not changes:
            return
        own = sum(1 for sub in sub_store.list_subscriptions(self.db) if sub.origin == "command")
        one = own == 1
        kept = (f"; the {count_of(own, 'chat')} subscribed by command keep{'s its' if one else ' their'} own "
                "settings (each changes them with /settings)") if own else ""
        log.info("config reloaded: the [digest] defaults changed (%s): chats that subscribe from now on start with "
                 "them, as do [[subscriptions]] blocks that set none of their own%s", ", ".join(changes), kept)

    def _say_orphaned_topics(self, when: str, before: Iterable[tuple[str, Iterable[str]]]) -> None:
        """A tag no source has any more while chats follow it (its source removed, or its tags edited): those chats
        now get only the stories that happen to say the word, and nothing else would tell anyone. `before`: each
        source's name and tags before the edit (the previous config, or at start the sources the database had)."""
        left = {tag for source in self.config.sources for tag in source.tags}
        gone: dict[str, list[str]] = {}
        for name, tags in before:
            for tag in tags:
                if tag not in left:
                    gone.setdefault(tag, []).append(name)
        if not gone:
            return
        followers: dict[str, list[str]] = {tag: [] for tag in gone}
        for sub in sub_store.list_subscriptions(self.db):
            for topic in {t.lower() for t in sub.topics} & gone.keys():
                followers[topic].append(f"{sub.platform} {sub.chat_id}")
        for tag, chats in followers.items():
            if not chats:
                continue
            named = ", ".join(chats[:10]) + (f" and {len(chats) - 10} more" if len(chats) > 10 else "")
            log.warning("%s: the topic “%s” is no source's tag now (it was the tag of %s), and %s "
                        "follow%s it (%s): they get only the stories whose title, text or feed category says “%s”. "
                        "Tag another source “%s”, or put the source back; /topics shows the chats what there is", when,
                        tag,
                        ", ".join(gone[tag]), count_of(len(chats), "chat"), "s" if len(chats) == 1 else "",
                        named, tag, tag)

    def _sync_stored_config(self, previous: Config | None) -> SourceSync | None:
        """Sources and subscriptions into the database, and what it did to the sources; None when the database
        cannot be written (then again at the next watch, which says what it stored: the sync reads what to do
        from the table, so a run after a failed one says what that one would have)."""
        done: list[SourceSync] = []
        self._sync_again = not self._storage_step("config", lambda: done.append(self.sync_config(previous)))
        return done[0] if done else None

    def _storage_step(self, part: str, step: Callable[[], object]) -> bool:
        """Run one step that writes the database; False when the database could not be written (recorded in the
        health report under `part`, for /status and /healthz). Other errors are bugs and propagate."""
        try:
            step()
        except Exception as exc:
            if not is_storage_error(exc):
                raise
            self.health.failed(part, exc)
            return False
        self.health.worked(part)
        return True

    def _config_changed_on_disk(self) -> bool:
        """Whether the file holds an edit to read now: changed since it was last read, and the same as at the
        previous look (2 s before). An editor saving in place, scp or `cat >` leave the file half-written for a
        moment, and a prefix of a config is often a valid one: read then, it ended the subscriptions and removed
        the sources of the blocks not yet written. The size is compared too, for a file system whose clock is
        coarse."""
        if self.config.file is None:
            return False
        try:
            stat = Path(self.config.file).stat()
        except OSError as exc:
            if not self._config_missing:  # said once: an operator who moved or deleted it should know it is not read
                log.warning("config file %s cannot be read (%s); still running with the config last read from it, "
                            "and it is read again when it is back", self.config.file, exc.strerror or exc)
            self._config_missing = True
            self._config_settling = None
            return False
        seen = file_state(stat)
        if self._config_missing:
            log.warning("config file %s is back", self.config.file)
            self._config_missing = False
            self._config_seen = (-1, -1, -1)  # read like an edit, once it holds still
        if self._config_seen is None:  # the first look: the file the start read
            self._config_seen = seen
            return False
        if seen == self._config_seen:
            self._config_settling = None
            return False
        if seen != self._config_settling:  # changed since the last look: perhaps still being written
            self._config_settling = seen
            return False
        self._config_seen, self._config_settling = seen, None
        return True

    def ask_reload(self) -> None:
        """SIGHUP before the start has set its handler (`communique run` notes it from its first line): the config
        is read again once the bot has started, as the signal asked."""
        self._reload_asked = True

    def _reload_on_signal(self) -> None:
        """SIGHUP: the operator says the file is ready, so it is read at once; the watch then takes the file as
        read and does not read the same edit a second time."""
        if self.config.file is not None:
            try:
                stat = Path(self.config.file).stat()
            except OSError:
                pass
            else:
                self._config_seen, self._config_settling = file_state(stat), None
        self.reload_config()

    async def _watch_clock(self) -> None:
        """Every few seconds by the event loop's clock (which no setting of the time moves), `_clock_set_back`."""
        while not self._stop.is_set():
            await asyncio.sleep(CLOCK_WATCH_SECONDS)
            self._clock_set_back()

    def _clock_set_back(self) -> None:
        """A repeating job (the ingest tick, the config and database watches, retention) next due further ahead
        than its interval was scheduled by a clock that has since gone back (NTP stepping a fast clock back an
        hour): the scheduler would run none of them until the old time came round again, an hour without a fetch
        and without a word. They run now, and the log says so; each source last read 'after now' is due too
        (sources.due_sources)."""
        if self.scheduler is None or not self.scheduler.running:
            return
        now = datetime.now(UTC)
        behind = []
        for job in self.scheduler.get_jobs():
            if not isinstance(job.trigger, IntervalTrigger) or job.next_run_time is None:
                continue
            ahead = job.next_run_time - now
            if ahead > job.trigger.interval + timedelta(seconds=CLOCK_WATCH_SECONDS):
                behind.append((job.id, ahead))
                job.modify(next_run_time=now)
        if behind:
            job_id, ahead = max(behind, key=lambda pair: pair[1])
            log.warning("the clock went back (the %s was next due in %s, by the clock before): the fetching and "
                        "the watches run on from now", job_id, duration_text(ahead.total_seconds()))
            self.scheduler.wakeup()

    def _clock_set_back_while_stopped(self) -> None:
        """At the start: the newest time the database holds is ahead of now by more than a step of the clock (NTP
        set a fast clock back while the bot was stopped). The waits the clock before wrote (a digest planned at
        its time, a retry) move back as far, or a digest planned just before the stop waited out the hour, and so do
        the other times it wrote (`move_written_back`): a chat's subscription is then made before a digest time the
        stop went over, and the next start finds nothing ahead. The running sender's watch (Sender._clock_set_back)
        sees only a step while it runs."""
        now = self.now()
        newest = newest_written(self.db)
        if newest is None or (newest - now).total_seconds() <= CLOCK_STEP_SECONDS:
            return
        behind = newest - now
        # The times first: a stop between the two leaves the waits late, never moved back twice (sent too early).
        move_written_back(self.db, now, behind)
        moved = ledger.move_waits_back(self.db, to_iso(now), behind.total_seconds())
        log.warning("the clock is %s behind the newest time Communiqué wrote (it was set back while Communiqué was "
                    "stopped): %d message(s) waiting to be sent keep the wait they had, by the clock before; daily "
                    "digests come at their times by this clock", duration_text(behind.total_seconds()), moved)

    async def _watch_config(self) -> None:
        if self._config_changed_on_disk():
            self.reload_config()
        elif self._sync_again:
            stored = self._sync_stored_config(None)
            if stored is not None:
                log.info("config from %s stored: %s%s", self.config.file, count_of(len(self.config.sources), "source"),
                         stored.describe())

    async def _watch_database(self) -> None:
        """Stop at once when the database file is no longer the one this process locked (deleted, replaced):
        writing on would go to a file no one reads, and a second bot may already run on the new one."""
        problem = self.guard() if self.guard is not None else None
        if problem is None or self.fatal is not None:
            return
        self.fatal = problem
        log.error("%s; stopping now (nothing more is sent from it). Start Communiqué again to use the file now "
                  "at that path.", problem)
        self.sender.halt()
        if self._run_stop is not None:
            self._run_stop.set()

    async def _watch_write_lock(self) -> None:
        """Another program's write lock (see storage.db.Connection): said once when a write meets it, and once when
        it is let go, with how long it was held; then what waited runs at once (the sender, a pass over the
        sources, the daily digests due meanwhile) rather than at its next turn."""
        since = locked_since(self.db)
        if since is None:
            return
        if self._lock_said != since:
            self._lock_said = since
            holder = lock_holder(self.db)
            log.error("the database %s is locked by another program%s: it holds a write transaction on it%s. "
                      "Commands that only read still answer; nothing new is stored or sent until it ends, and nothing "
                      "is lost: the news and the messages waiting go once it does", self.config.storage.path,
                      f" ({holder})" if holder else "", LOCK_REMEDY)
        if not lock_released(self.db):
            return
        self._lock_said = None
        self.health.lock_ended()
        log.warning("the database is no longer locked by another program (it was locked for %s): what waited is "
                    "stored and sent now", duration_text((datetime.now(UTC) - since).total_seconds()))
        self.sender.wake()
        if self.scheduler is not None and self.scheduler.get_job("ingest") is not None:
            self.scheduler.modify_job("ingest", next_run_time=datetime.now(UTC))
        if self._daily_again:
            await self._plan_daily_again()

    # --- lifecycle ---------------------------------------------------------------------------------------

    async def start(self) -> None:
        """Recover, sync, connect the platforms, and start the clocks and the sender."""
        resent = ledger.recover_in_flight(self.db)
        if resent:
            log.warning("%d message(s) were in flight at the last stop; sending them again", resent)
        self.started_at = time.monotonic()
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        stored = [(source.name, source.tags) for source in source_store.list_sources(self.db)]
        changed = self.sync_config().describe()
        self._storage_step("config", lambda: self._say_orphaned_topics("config read", stored))
        if changed:  # an edit made while the bot was stopped (or a new database's sources), said as a reload says it
            log.info("config read from %s: %s%s", self.config.file, count_of(len(self.config.sources), "source"),
                     changed)
        for warning in self.config.warnings():
            log.warning("config %s: %s", self.config.file, warning)
        for sub in sub_store.list_subscriptions(self.db):
            self.schedule_subscription(sub)
        await failpoints.ahit("runtime.platform_start")
        for name, platform in list(self.platforms.items()):
            await platform.start(self.commands)
            log.info("platform %s started", name)
        self._in_background(self.learn_chat_aliases())
        self._config_changed_on_disk()
        self.scheduler.add_job(
            self.start_ingest, IntervalTrigger(seconds=self.tick_seconds), id="ingest",
            next_run_time=datetime.now(UTC), max_instances=1, coalesce=True, misfire_grace_time=60,
        )
        # The watches only look: one whose turn came late (a busy machine, the start's planning holding the loop) is
        # run late, not "missed" with a WARNING of the scheduler's about a job, in the log an operator greps.
        self.scheduler.add_job(self._watch_config, IntervalTrigger(seconds=2), id="config-watch", coalesce=True,
                               misfire_grace_time=None)
        if self.guard is not None:
            self.scheduler.add_job(self._watch_database, IntervalTrigger(seconds=1), id="database-watch",
                                   coalesce=True, misfire_grace_time=None)
        self.scheduler.add_job(
            self._prune_job, IntervalTrigger(hours=6), id="retention", next_run_time=datetime.now(UTC), coalesce=True,
            misfire_grace_time=None,  # "missed" by a second on a busy machine, it waited six hours more
        )
        self.scheduler.add_job(self._watch_write_lock, IntervalTrigger(seconds=1), id="lock-watch", coalesce=True,
                               misfire_grace_time=None)
        self.scheduler.add_listener(self._job_missed, EVENT_JOB_MISSED)
        self.scheduler.start()
        self._clock_set_back_while_stopped()
        self.catch_up()
        self.plan_instant()  # stories stored before a crash but never planned: they are not "new" on refetch
        self._sender_task = asyncio.create_task(self._send_once_settled())
        self._clock_task = asyncio.create_task(self._watch_clock())
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._reload_on_signal)
        except (NotImplementedError, RuntimeError, ValueError):
            pass
        if self._reload_asked:
            self._reload_asked = False
            log.info("a reload was asked (SIGHUP) while the bot started: reading the config again")
            self._reload_on_signal()
        # Serving now: a write no longer waits 30 s for another program's lock with every chat's commands behind it.
        wait_briefly_for_locks(self.db)
        self.health.locks_said_elsewhere = True

    async def _send_once_settled(self) -> None:
        """The sender, started once every platform has settled (`settling`: Telegram waits a moment after its
        polling starts to hear of another program polling with its token, before any digest goes)."""
        settling = max((platform.settling for platform in self.platforms.values()), default=0.0)
        if settling > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=settling)
        await self.sender.run(self._stop)

    async def stop(self) -> None:
        """Stop the clocks, finish the messages in flight (briefly), stop the platforms."""
        if self.scheduler is not None and self.scheduler.running:
            # Jobs the scheduler has handed to the loop but that have not run yet would be cancelled by shutdown,
            # and APScheduler logs each as an error with a traceback. No job awaits anything, so pausing (no new
            # job starts) and yielding a few turns lets those finish first; then the clocks stop.
            self.scheduler.pause()
            for _ in range(_JOB_SETTLE_TURNS):
                await asyncio.sleep(0)
            self.scheduler.shutdown(wait=False)
        if self._clock_task is not None:
            self._clock_task.cancel()
        if self._instant_soon is not None:
            self._instant_soon.cancel()  # what it would have planned is planned at the next start
            self._instant_soon = None
        for task in list(self._ingests):
            task.cancel()  # an interrupted pass is safe: its sources stay due and are fetched at the next start
        self._stop.set()
        self.sender.wake()  # it may be idling for up to its poll interval: let it see the stop now
        if self._sender_task is not None:
            try:
                await asyncio.wait_for(self._sender_task, timeout=15)
            except TimeoutError:
                log.warning("messages still in flight at stop; they will be resent at the next start")
        for task in list(self._background):
            task.cancel()
        for platform in self.platforms.values():
            try:
                await platform.stop()
            except Exception:
                log.exception("stopping platform %s", platform.name)

    async def run_forever(self, stop: asyncio.Event) -> None:
        self._run_stop = stop
        try:
            await self.start()  # inside: a platform that fails to start must not leave the others running
            await stop.wait()
        finally:
            await self.stop()

    async def run_once(self, progress: Callable[[SourceReport], None] | None = None) -> PassSummary:
        """Fetch every source once, plan what every subscription is owed, send it, and return."""
        ledger.recover_in_flight(self.db)
        self.sync_config()
        summary = PassSummary()
        summary.reports = await self.ingestor.run(only_due=False, progress=progress)
        key = f"run:{to_iso(self.now())}"
        for sub in sub_store.list_subscriptions(self.db):
            summary.stories_planned += self._plan(sub, key).stories
        await self.sender.drain(deadline=30.0)
        return summary
