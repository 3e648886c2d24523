"""The sender: drains the deliveries ledger through the platform adapters, within each platform's limits.

Each message is marked "sending" before the adapter is called and "sent" (or rescheduled, or failed) after, so
a crash repeats at most the message in flight. Outcomes drive what happens next:
sent -> done; retry-after -> the chat waits that long (not counted as a failure); transient -> retried with a
doubling pause, capped, for as long as it takes (an outage of any length delays a digest, never ends it);
gone -> counted against the subscription, which is deactivated after a few refusals (at once when the
destination no longer exists), its undelivered messages kept as failed; moved -> the subscription follows the
chat; rejected -> failed. Only an answer that says a message can never go fails it, and a failed message is
logged and shown by `status` with its id, for `communique resend`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import zip_longest

import sqlite_utils

from bot import failpoints
from bot.core.outcomes import Gone, Moved, Outcome, Rejected, RetryAfter, Sent, Transient
from bot.core.platform import Platform
from bot.core.storage import StorageHealth
from bot.core.text import count_of, duration_text
from bot.delivery.ratelimit import RateLimiter
from bot.redact import redact
from storage import deliveries as ledger
from storage import subscriptions as sub_store
from storage.db import from_iso, is_storage_error, to_iso
from storage.records import Delivery

log = logging.getLogger(__name__)

# The wall clock fell behind the monotonic one by more than this between two looks at the ledger: it was set back
# (NTP stepping a fast clock back). Looks are at most a poll (5 s) apart, so a test's frozen clock never reaches it.
CLOCK_STEP_SECONDS = 30.0
RECORD_RETRY = 0.5  # seconds between tries, at a stop, to record outcomes the database refused


@dataclass
class SenderPolicy:
    """How the sender retries: the first pause after a transient failure (doubled at each failure of the same
    message, up to `max_delay`), refusals before a chat is dropped, the pause after a refusal."""

    deactivate_after: int = 3
    base_delay: float = 2.0
    max_delay: float = 300.0
    refusal_delay: float = 60.0
    max_in_flight: int = 32  # sends in flight at once on one platform


@dataclass
class SenderStats:
    """Counts since start, for logs, tests and benchmarks."""

    sent: int = 0
    retried: int = 0
    rate_limited: int = 0
    failed: int = 0
    refused: int = 0
    moved: int = 0


def retry_delay(policy: SenderPolicy, attempts: int) -> float:
    """The pause before a message that failed `attempts` times is tried again: doubling, capped."""
    return min(policy.base_delay * 2 ** min(attempts, 40), policy.max_delay)


class Sender:
    """Sends due messages for the platforms it is given; one instance per process."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        platforms: dict[str, Platform],
        *,
        policy: SenderPolicy | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        health: StorageHealth | None = None,
    ) -> None:
        self.db = db
        self.health = health or StorageHealth()
        self.platforms = platforms
        self.policy = policy or SenderPolicy()
        self.now = now
        self.limiters = {name: RateLimiter(p.limits) for name, p in platforms.items()}
        self.stats = SenderStats()
        self._wake = asyncio.Event()
        self._busy_chats: set[tuple[str, str]] = set()
        self._in_flight: defaultdict[str, int] = defaultdict(int)  # sends in flight, by platform
        self._tasks: set[asyncio.Task] = set()
        self._stopping = False
        self._stop: asyncio.Event | None = None
        # Told when a chat is dropped because the platform refused it (the runtime tells the operators of a
        # channel's: nobody there can ask the bot why its digests stopped).
        self.on_stopped: Callable[[Delivery, str], None] | None = None
        self._failing: dict[str, str] = {}  # platform -> the reason its sends started failing
        # The chats whose sends failed (transient) since the platform's last success.
        self._streak: defaultdict[str, set[str]] = defaultdict(set)
        self._waiting: defaultdict[str, set[int]] = defaultdict(set)  # messages in a backoff, by platform
        # Outcomes the ledger could not record (the database could not be written): recorded as soon as it can,
        # so a message the platform took is not sent again after space is freed.
        self._unrecorded: list[tuple[Delivery, Outcome]] = []
        self._clock_mark: tuple[datetime, float] | None = None  # the wall clock and the monotonic one, last look

    def halt(self) -> None:
        """Start no more sends (the process is stopping because its database is gone); those in flight finish."""
        self._stopping = True
        self._wake.set()

    def wake(self) -> None:
        """New messages were planned: look at the ledger now rather than at the next poll."""
        self._wake.set()

    async def run(self, stop: asyncio.Event, *, idle_poll: float = 5.0) -> None:
        """Drain the ledger until `stop` is set, then finish the messages in flight."""
        self._stop = stop
        while not stop.is_set():
            self._wake.clear()  # before looking: a wake-up that comes during the dispatch is kept
            try:
                wait = await self._dispatch_ready()
            except Exception as exc:  # e.g. the database unusable: keep sending afterwards, never die silently
                if is_storage_error(exc):
                    self.health.failed("delivery", exc)  # one line when it starts, not one a poll
                else:
                    log.exception("the sender could not read the deliveries ledger; trying again in %g s",
                                  idle_poll)
                wait = idle_poll
            try:
                timeout = min(wait if wait is not None else idle_poll, idle_poll)
                await asyncio.wait_for(self._wake.wait(), timeout=timeout)
            except TimeoutError:
                pass
        await self.finish()

    async def drain(self, *, deadline: float = 0.0) -> None:
        """Send everything due now, and retries that fall due within `deadline` seconds, then return.

        Rate limits are always waited out; only retries scheduled beyond the deadline are left in the ledger.
        """
        limit_at = self.now() + timedelta(seconds=deadline)
        while True:
            wait = await self._dispatch_ready()
            if self._tasks:
                await asyncio.wait(list(self._tasks), timeout=wait or None, return_when=asyncio.FIRST_COMPLETED)
                continue
            if not ledger.pending_before(self.db, to_iso(max(limit_at, self.now())), list(self.platforms)):
                return
            await asyncio.sleep(min(wait if wait is not None else 0.05, 0.5))

    async def finish(self, timeout: float = 10.0) -> None:
        """Wait for messages in flight (up to `timeout`); what does not finish stays "sending" for recovery."""
        self._stopping = True
        deadline = time.monotonic() + timeout
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=timeout)
        await self._record_before_stop(deadline)

    async def _record_before_stop(self, deadline: float) -> None:
        """Record the outcomes the database refused (another program holding its write lock), trying until the
        stop's time is up. Left in memory they were dropped without a word: their rows stayed `sending`, and the
        next start sent those messages again; what still cannot be recorded is said."""
        while self._unrecorded:
            try:
                self._record_unrecorded()
            except Exception as exc:
                if not is_storage_error(exc):
                    raise
                if time.monotonic() >= deadline:
                    log.warning("%s sent could not be recorded as sent before the stop (%s): %s sent again at the "
                                "next start", count_of(len(self._unrecorded), "message"), redact(str(exc)),
                                "it is" if len(self._unrecorded) == 1 else "they are")
                    return
                await asyncio.sleep(RECORD_RETRY)

    async def _dispatch_ready(self) -> float | None:
        """Start sends for every due message whose chat and platform allow it now.

        Returns 0 after starting a send (look again at once), else the seconds until a rate limit or a retry
        lets something go, or None when nothing can go until a send in flight finishes or new work is planned
        (both wake the sender). Messages for platforms not running in this process are not looked at.
        """
        running = list(self.platforms)
        self._record_unrecorded()
        self._clock_set_back()
        rows = self._due(running)
        earliest: float | None = None
        dispatched = False
        for row in rows:
            if self._halted():
                break
            platform = self.platforms[row.platform]
            key = (row.platform, row.chat_id)
            if key in self._busy_chats:
                continue
            limiter = self.limiters[row.platform]
            is_group = row.chat_kind in ("group", "channel")
            mono = time.monotonic()
            chat_wait = limiter.chat_wait(row.chat_id, is_group, mono)
            if chat_wait > 0:
                earliest = chat_wait if earliest is None else min(earliest, chat_wait)
                continue
            if self._in_flight[row.platform] >= self.policy.max_in_flight:
                # That platform's sends wait for one of its own to end (its end wakes the sender); the other
                # platforms' go meanwhile. Waiting here for any send to end held every platform up behind one that
                # left its sends unanswered, a minute each.
                continue
            global_wait = limiter.global_wait(time.monotonic())
            if global_wait > 0:
                await asyncio.sleep(global_wait)
                if self._halted():  # a stop during a long fan-out must not wait for the whole of it
                    break
            if not ledger.mark_sending(self.db, row.id):
                continue
            self.health.worked("delivery")
            limiter.record(row.chat_id, is_group, time.monotonic())
            self._busy_chats.add(key)
            self._in_flight[row.platform] += 1
            task = asyncio.create_task(self._send_one(platform, row))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            dispatched = True
        if dispatched:
            return 0.0
        if earliest is not None:
            return earliest
        if rows:
            return None  # every due chat has a send in flight: its end wakes the sender
        next_time = ledger.next_attempt_time(self.db, running)
        moment = from_iso(next_time) if next_time else None
        return max(0.05, (moment - self.now()).total_seconds()) if moment else None

    def _due(self, running: list[str]) -> list[Delivery]:
        """The due messages of each platform, taken in turn (one of each, then the next of each): a platform whose
        sends are stuck, its due messages many, neither fills the look at the ledger nor goes first every time."""
        now = to_iso(self.now())
        each = [ledger.due(self.db, now, limit=500, platforms=[name]) for name in running]
        return [row for turn in zip_longest(*each) for row in turn if row is not None]

    def _clock_set_back(self) -> None:
        """A wall clock set back since the last look (by more than CLOCK_STEP_SECONDS, measured against the
        monotonic clock, which no setting of the time moves) moves the ledger's waits back as far: a retry's wait is
        stored as a time on the wall clock, so a message waiting 30 s waited an hour and 30 s when the clock stepped
        back an hour, and the chat's later messages, which go after it, with it."""
        wall, mono = self.now(), time.monotonic()
        mark, self._clock_mark = self._clock_mark, (wall, mono)
        if mark is None:
            return
        behind = (mono - mark[1]) - (wall - mark[0]).total_seconds()
        if behind <= CLOCK_STEP_SECONDS:
            return
        moved = ledger.move_waits_back(self.db, to_iso(wall), behind)
        if moved:
            log.warning("the clock went back %s: %d message(s) waiting to be sent keep the wait they had, by the "
                        "clock before", duration_text(behind), moved)

    def _record_unrecorded(self) -> None:
        """Record the outcomes the database refused earlier, oldest first; stop at the first that fails again."""
        if not self._unrecorded:
            return
        while self._unrecorded:
            row, outcome = self._unrecorded[0]
            self._apply(row, outcome)  # a storage error propagates: the caller notes it, these wait
            self._unrecorded.pop(0)
        self.health.worked("delivery")

    def _halted(self) -> bool:
        return self._stopping or (self._stop is not None and self._stop.is_set())

    async def _send_one(self, platform: Platform, row: Delivery) -> None:
        key = (row.platform, row.chat_id)
        try:
            await failpoints.ahit("sender.before_send")
            try:
                outcome: Outcome = await platform.send(row.chat_id, row.payload, row.send_key)
            except Exception as exc:  # an adapter bug or an untranslated error: retry like a network failure
                # The details go to the log (whose filter redacts tokens), not to the ledger that /status shows:
                # an exception's text may hold a request URL, and a platform's URL may hold its token.
                log.warning("send to %s %s raised %s", row.platform, row.chat_id, type(exc).__name__,
                            exc_info=True)
                outcome = Transient(f"{type(exc).__name__} in the {row.platform} adapter (details in the log)")
            await failpoints.ahit("sender.after_send")
            try:
                self._apply(row, outcome)
            except Exception as exc:
                if not is_storage_error(exc):
                    raise
                self._unrecorded.append((row, outcome))
                self.health.failed("delivery", exc)
            else:
                self.health.worked("delivery")
        except Exception:
            log.exception("could not record the outcome of delivery %s", row.id)
        finally:
            self._busy_chats.discard(key)
            self._in_flight[row.platform] -= 1
            self._wake.set()

    def _later(self, seconds: float) -> str:
        return to_iso(self.now() + timedelta(seconds=seconds))

    def _apply(self, row: Delivery, outcome: Outcome) -> None:
        policy = self.policy
        limiter = self.limiters[row.platform]
        match outcome:
            case Sent(message_id=message_id):
                ledger.mark_sent(self.db, row.id, message_id)
                sub_store.record_send_success(self.db, row.subscription_id)
                self.stats.sent += 1
                self._waiting[row.platform].discard(row.id)
                self._streak[row.platform].clear()
                self._platform_back(row.platform)
            case RetryAfter(seconds=seconds):
                seconds = max(0.0, min(seconds, 3600.0))
                limiter.pause_chat(row.chat_id, time.monotonic() + seconds)
                ledger.reschedule(self.db, row.id, self._later(seconds), f"rate limited for {seconds:g} s",
                                  count_attempt=False)
                self.stats.rate_limited += 1
            case Transient(reason=reason) if self._stopping:
                # The bot is stopping and its platforms are closing the connections of the sends still waiting for
                # an answer: that failure is the stop's, not the platform's. Said as an outage ("sending on ...
                # fails") and counted as a failed attempt, it lengthened the message's next pause for nothing.
                ledger.reschedule(self.db, row.id, self._later(0), f"the bot stopped before {row.platform} answered",
                                  count_attempt=False)
            case Transient(reason=reason):
                reason = redact(reason)
                delay = retry_delay(policy, row.attempts)
                ledger.reschedule(self.db, row.id, self._later(delay), reason)
                self._waiting[row.platform].add(row.id)
                self.stats.retried += 1
                self._streak[row.platform].add(row.chat_id)
                if len(self._streak[row.platform]) >= 2 or self._serves_one_chat(row.platform):
                    self._platform_failing(row.platform, reason)
                self._still_failing(row, reason, delay)
            case Gone(reason=reason, permanent=permanent):
                reason = redact(reason)
                self.stats.refused += 1
                if permanent:
                    sub_store.deactivate(self.db, row.subscription_id, reason)
                    limiter.forget(row.chat_id)
                elif sub_store.record_refusal(
                    self.db, row.subscription_id, reason, deactivate_after=policy.deactivate_after
                ):
                    limiter.forget(row.chat_id)
                else:
                    ledger.reschedule(self.db, row.id, self._later(policy.refusal_delay), reason)
                if permanent or not self._active(row.subscription_id):
                    log.warning(
                        "stopped sending to %s %s: %s. Its undelivered messages are kept as failed; once the bot "
                        "may post there again, the chat subscribing again gets those it never received, and "
                        "`communique resend --platform %s --chat %s` sends them all",
                        row.platform, row.chat_id, reason, row.platform, row.chat_id,
                    )
                    if self.on_stopped is not None:
                        self.on_stopped(row, reason)
            case Moved(new_chat_id=new_chat_id):
                # Back to due first, so the move takes this message along with the digest's other parts.
                ledger.reschedule(self.db, row.id, self._later(0), f"chat moved to {new_chat_id}",
                                  count_attempt=False)
                sub_store.move_chat(self.db, row.subscription_id, new_chat_id)
                self.stats.moved += 1
            case Rejected(reason=reason):
                reason = redact(reason)
                ledger.mark_failed(self.db, row.id, f"rejected by the platform: {reason}")
                self.stats.failed += 1
                log.warning(
                    "gave up on message %d to %s %s (%s, part %d of %d): the platform rejected it: %s. "
                    "`communique resend %d` tries it again",
                    row.id, row.platform, row.chat_id, row.digest_key, row.part + 1, row.parts, reason, row.id,
                )

    def _still_failing(self, row: Delivery, reason: str, delay: float) -> None:
        """Say a message that keeps failing for its chat, at its 4th failure in a row, then its 8th, 16th, ...
        (about 10 minutes, an hour, two, five, ten, a day in at the default pauses). One chat failing while the
        others are served is not a platform outage, so nothing else is logged: its chat got nothing for hours
        and the log never named it. Not while the platform is failing as a whole: its outage line says it."""
        failed = row.attempts + 1  # the row was read before this try counted
        if failed < 4 or failed & (failed - 1) or row.platform in self._failing:
            return
        where = f"{row.digest_key}, part {row.part + 1} of {row.parts}" if row.parts > 1 else row.digest_key
        log.warning(
            "message %d to %s %s (%s) has failed %d times in a row, the last: %s. It is tried again in %s, the pause "
            "doubling up to %s, until it goes (`communique status` lists it waiting)",
            row.id, row.platform, row.chat_id, where, failed, reason, duration_text(delay),
            duration_text(self.policy.max_delay),
        )

    def _serves_one_chat(self, platform: str) -> bool:
        """Whether the platform serves one chat: its failing sends are all the bot sends there, an outage as two
        chats' are on a platform that serves more."""
        return sub_store.active_chats(self.db).get(platform, 0) <= 1

    def _platform_failing(self, platform: str, reason: str) -> None:
        """One warning when a platform's sends start failing, not one per message (an outage of a thousand chats
        is one event). A platform fails when two chats' sends fail with no success between them, or its only
        chat's on a platform that serves one: one chat whose sends fail (a server error for it alone) is that
        chat's trouble, whether the others are served meanwhile or nothing else is being sent; its message waits
        out its own growing pause and `_still_failing` names it. The log did not say "fails" and "works again" at
        each of its tries, nor blame the platform for it."""
        if platform not in self._failing:
            self._failing[platform] = reason
            log.warning(
                "sending on %s fails (%s); messages wait in the ledger and are retried, every %g s at most, "
                "until it works again", platform, reason, self.policy.max_delay,
            )

    def _platform_back(self, platform: str) -> None:
        """The platform took a message after failures: what waits out a backoff on it is tried now, so the
        digests go out in the order they were planned rather than as each pause ends."""
        if self._failing.pop(platform, None) is None:
            return
        waiting = sorted(self._waiting.pop(platform, set()))
        retried = ledger.retry_now(self.db, waiting, to_iso(self.now())) if waiting else 0
        if retried:
            log.warning("sending on %s works again; %d message(s) waiting out a pause go now", platform, retried)
        else:  # what waits goes in its turn; "0 waiting message(s)" read as if the backlog were lost
            log.warning("sending on %s works again", platform)
        self._wake.set()

    def _active(self, subscription_id: int) -> bool:
        sub = sub_store.get_by_id(self.db, subscription_id)
        return bool(sub and sub.active)
