"""The pledge tracker as commands and digests read it: stored pledges with their status on a given day.

A status is never stored: it is computed here, from the pledge, the follow-ups linked to it and the day the caller
passes in (the chat's local date), by `bot.tracking.pledge_status`. One pledge reported by several outlets is one
pledge: storage keeps its first report, and the copies point to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils

from bot.analysis.model import Pledge
from bot.core.digest import PledgeLine
from bot.core.text import line_opening
from bot.tracking import FollowUp, Outcome, PledgeStatus, StatusReport, TrackedPledge, pledge_status
from storage import deliveries as delivery_store
from storage import tracking as tracking_store
from storage.db import from_iso, to_iso
from storage.records import StoredFollowUp, StoredPledge, Subscription

# What `/pledges ... STATUS` accepts, and the statuses each word stands for.
STATUS_FILTERS: dict[str, frozenset[PledgeStatus]] = {
    "open": frozenset({PledgeStatus.OPEN, PledgeStatus.DUE_SOON}),
    "due": frozenset({PledgeStatus.DUE_SOON}),
    "overdue": frozenset({PledgeStatus.OVERDUE}),
    "kept": frozenset({PledgeStatus.KEPT}),
    "broken": frozenset({PledgeStatus.BROKEN}),
    "superseded": frozenset({PledgeStatus.SUPERSEDED}),
}
# How far ahead a digest looks for pledges falling due: until the chat's next digest (a day), so each is told the
# day before its deadline, or on the day for one found late. Each is told once.
DUE_WINDOW_DAYS = 1
# A pledge whose deadline passed with nothing reported is told once, in the first digest after the deadline; one
# that went overdue while the bot was down (or the chat had no digest) is still told within this many days, or back
# to the chat's last digest when that is longer ago (a bot stopped for a week), up to OVERDUE_REACH_DAYS. A pledge
# first stored after its deadline is not: the story that brought it said the deadline. Nor is one whose deadline
# passed before the chat subscribed, unless it was told the pledge falling due (it never heard of it).
OVERDUE_WINDOW_DAYS = 3
OVERDUE_REACH_DAYS = 31
MAX_PLEDGE_LINES = 10


@dataclass(frozen=True)
class PledgeState:
    """A pledge, its status on a day, and the follow-ups linked to it (oldest first)."""

    pledge: StoredPledge
    report: StatusReport
    follow_ups: tuple[StoredFollowUp, ...]

    @property
    def status(self) -> PledgeStatus:
        return self.report.status

    @property
    def decided_by(self) -> StoredFollowUp | None:
        """The follow-up that last changed the status or the deadline, if any."""
        decided = self.report.decided_by
        if decided is None:
            return None
        return next((f for f in self.follow_ups if str(f.id) == decided.source), None)


def _day(value: str | None) -> date:
    moment = from_iso(value)
    return moment.date() if moment else date.min


def story_day(published: str | None, day_only: bool, zone: ZoneInfo | None) -> date | None:
    """A story's day as a chat's digest dates it: in the chat's `zone` (UTC when None); a story its feed dates by
    day alone keeps that day."""
    moment = from_iso(published)
    if moment is not None and zone is not None and not day_only:
        moment = moment.astimezone(zone)
    return moment.date() if moment else None


def _report_day(follow_up: StoredFollowUp, zone: ZoneInfo | None) -> date:
    """The day a chat counts a report from: its story's day in the chat's `zone`, so a report counts in the chat
    once its digest could have carried it (the report's own day, which its times count from, may be the chat's
    tomorrow: 01:00 in Kolkata is the afternoon before in New York)."""
    day = story_day(follow_up.story_published, follow_up.day_only, zone) if zone else None
    return day or date.fromisoformat(follow_up.published[:10])


def states(
    db: sqlite_utils.Database, pledges: Sequence[StoredPledge], today: date, zone: ZoneInfo | None = None
) -> list[PledgeState]:
    """Each pledge with its status on `today` in the chat's `zone` (each report counted from its day there), in
    the order given."""
    by_pledge: dict[int, list[StoredFollowUp]] = {}
    for follow_up in tracking_store.follow_ups_of(db, [p.id for p in pledges]):
        by_pledge.setdefault(follow_up.pledge_id, []).append(follow_up)
    found = []
    for stored in pledges:
        tracked = TrackedPledge(
            id=str(stored.id),
            pledge=Pledge.kept(stored),
            published=date.fromisoformat(stored.own_day) if stored.own_day else _day(stored.published),
            source=stored.url,
        )
        own = by_pledge.get(stored.id, [])
        follow_ups = [
            FollowUp(
                pledge_id=str(stored.id),
                outcome=Outcome(f.outcome),
                published=_report_day(f, zone),
                source=str(f.id),  # to find the stored row again (`PledgeState.decided_by`)
                evidence=f.evidence,
                reason=f.reason,
                score=0.0,
                new_due=date.fromisoformat(f.new_due) if f.new_due else None,
            )
            for f in own
        ]
        found.append(PledgeState(stored, pledge_status(tracked, follow_ups, today), tuple(own)))
    return found


def _line(state: PledgeState, report: bool = False) -> PledgeLine:
    """A digest's pledge line: a deadline line, or (`report`) the report in force, with the story that made it."""
    pledge, decided = state.pledge, state.decided_by
    delayed = report and _put_back(state)
    settled = state.report.settled or delayed
    moved = state.report.due != (date.fromisoformat(pledge.due) if pledge.due else None)
    return PledgeLine(
        status="delayed" if delayed else state.status.value,
        actor=line_opening(pledge.actor),  # it opens the line: "Both governments: ...", not "both governments"
        commitment=pledge.commitment,
        when=None if moved else pledge.when_text,  # its words ("by November 20") name a deadline put back since
        due=state.report.due,
        url=pledge.url,
        source=pledge.source_name or "",
        report_url=decided.url if decided and settled else None,
        report_source=(decided.source_name or "") if decided and settled else None,
        evidence=decided.evidence if decided and settled else None,
    )


@dataclass(frozen=True)
class ChatPledges:
    """A digest's pledge lines for one chat, and the notices to remember once the digest is planned."""

    due: list[PledgeLine]
    reports: list[PledgeLine]
    notices: list[tuple[int, str]]
    not_shown: dict[str, int]  # by status, the lines past MAX_PLEDGE_LINES, which the digest counts


def chat_pledges(
    db: sqlite_utils.Database,
    subscription: Subscription,
    follow_keys: Sequence[str],
    today: date,
    sending: Sequence[int] = (),
    now: datetime | None = None,
) -> ChatPledges:
    """The pledges a chat should hear about in its next digest: its own (by an actor it follows, or reported in a
    story it was sent or is being sent now, `sending`) that fall due before the next digest or whose deadline has
    just passed with nothing reported, and those a story reported kept, broken or superseded since it subscribed.
    Each pledge line goes to a chat once.

    A reminder is for a pledge the chat heard of earlier: one first stored within the last digest period (as of
    `now`) is in this digest or the last one, deadline and all, and is not repeated as falling due; one whose
    deadline passed before the chat subscribed (`created`) is not told overdue.
    """
    zone = ZoneInfo(subscription.timezone)
    last = today + timedelta(days=DUE_WINDOW_DAYS)
    heard_before = to_iso(now - timedelta(days=DUE_WINDOW_DAYS)) if now else None
    candidates = tracking_store.chat_pledges_due(
        db, subscription.id, follow_keys, today.isoformat(), last.isoformat(), sending, heard_before
    )
    told = tracking_store.noticed(db, subscription.id, [p.id for p in candidates])
    due_states = [
        s for s in states(db, candidates, today, zone)
        if not s.report.settled and s.report.days_left is not None and 0 <= s.report.days_left <= DUE_WINDOW_DAYS
        and not _told(s, "due", told)
    ]
    reach = _overdue_reach(db, subscription, today, zone)
    overdue = tracking_store.chat_pledges_due(
        db, subscription.id, follow_keys, (today - timedelta(days=reach)).isoformat(),
        (today - timedelta(days=1)).isoformat(), sending, known_before_due=True,
    )
    # Heard of: told it falling due, or subscribed by its deadline (a `/subscribe since 7d` starts `created` anew),
    # on the chat's own day, as `today` and the deadline are.
    created = from_iso(subscription.created)
    started = created.astimezone(zone) if created else None
    told = tracking_store.noticed(db, subscription.id, [p.id for p in overdue])
    overdue_states = [
        s for s in states(db, overdue, today, zone)
        if s.status is PledgeStatus.OVERDUE and s.report.days_left is not None
        and -reach <= s.report.days_left < 0 and not _told(s, "overdue", told)
        and (_told(s, "due", told) or started is None
             or started.date() <= today + timedelta(days=s.report.days_left))
    ]
    due_states.sort(key=lambda s: (s.report.days_left, s.pledge.actor))
    overdue_states.sort(key=lambda s: (-(s.report.days_left or 0), s.pledge.actor))
    due_states = due_states + overdue_states
    not_shown = Counter(s.status.value for s in due_states[MAX_PLEDGE_LINES:])
    due_states = due_states[:MAX_PLEDGE_LINES]
    settled = tracking_store.chat_settled(db, subscription.id, follow_keys, subscription.since, sending)
    noticed = tracking_store.noticed(db, subscription.id, [p.id for p in settled])
    report_states = [
        s for s in states(db, settled, today, zone) if not _report_told(s, noticed)
        and (s.report.settled or _put_back(s))
    ]
    report_states.sort(key=lambda s: s.decided_by.published if s.decided_by else "", reverse=True)
    not_shown.update("delayed" if _put_back(s) else s.status.value  # told in a later digest
                     for s in report_states[MAX_PLEDGE_LINES:])
    report_states = report_states[:MAX_PLEDGE_LINES]
    return ChatPledges(
        due=[_line(s) for s in due_states],
        reports=[_line(s, report=True) for s in report_states],
        not_shown=dict(not_shown),
        notices=[(s.pledge.id, deadline_notice("overdue" if s.status is PledgeStatus.OVERDUE else "due", s.report.due))
                 for s in due_states]
        + [(s.pledge.id, _report_notice(s)) for s in report_states],
    )


def _overdue_reach(db: sqlite_utils.Database, subscription: Subscription, today: date, zone: ZoneInfo) -> int:
    """How many days back a digest looks for deadlines passed with nothing reported: OVERDUE_WINDOW_DAYS, or back to
    the chat's last digest when the bot (or the chat's digests) stopped for longer, so a deadline that passed in
    between is told (at most OVERDUE_REACH_DAYS back: older news than a month is no reminder)."""
    last = from_iso(delivery_store.last_planned(db, subscription.id))
    if last is None:
        return OVERDUE_WINDOW_DAYS
    away = (today - last.astimezone(zone).date()).days
    return min(max(OVERDUE_WINDOW_DAYS, away), OVERDUE_REACH_DAYS)


def _put_back(state: PledgeState) -> bool:
    """Whether the report in force on the pledge is a delay (its deadline put back, or dropped)."""
    return state.decided_by is not None and state.decided_by.outcome == Outcome.DELAYED.value


def _report_notice(state: PledgeState) -> str:
    """The notice the report line of the report in force leaves (`tracking_store.report_notice`)."""
    decided = state.decided_by
    return tracking_store.report_notice(decided) if decided is not None else state.status.value


def _report_told(state: PledgeState, noticed: set[tuple[int, str]]) -> bool:
    """Whether the chat was sent the line of the report in force. A notice naming the outcome alone, written
    before notices named the report, was for the first report of that outcome (only one could be told then)."""
    if (state.pledge.id, _report_notice(state)) in noticed:
        return True
    decided = state.decided_by
    if decided is None or (state.pledge.id, decided.outcome) not in noticed:
        return False
    return decided.id == min(f.id for f in state.follow_ups if f.outcome == decided.outcome)


def deadline_notice(kind: str, due: date | None) -> str:
    """The notice a deadline line leaves ("due@2026-04-10", "overdue@2026-04-10"): told once for each deadline, so
    a pledge put back is told falling due, and past it, by its new date too."""
    return f"{kind}@{due.isoformat()}" if due else kind


def _told(state: PledgeState, kind: str, told: set[tuple[int, str]]) -> bool:
    """Whether the chat was sent the `kind` line ("due", "overdue") for the deadline now in force. A notice without
    a date (written before notices named their deadline) was for the pledge's own deadline."""
    pid, due = state.pledge.id, state.report.due
    if (pid, deadline_notice(kind, due)) in told:
        return True
    return (pid, kind) in told and (due.isoformat() if due else None) == state.pledge.due
