"""A pledge's status on a given day: open, due soon, overdue, reported kept, reported broken, or superseded.

The status is computed, never stored as truth: from the pledge, the follow-ups linked to it, and the day the
caller passes in (a digest's local date; nothing here reads a clock). Follow-ups count from the day they were
published, in the order they were published; the latest report decides:

- kept, broken, superseded: the status is that report's, until a later report says otherwise (a pledge reported
  broken and then kept is kept);
- delayed: the deadline moves to the one the delay names (or is dropped when it names none), and the status
  is the one that deadline gives;
- with no decisive report: overdue once the deadline has passed, due soon from seven days before it (the
  deadline day included), open otherwise and whenever there is no deadline.

"Overdue" means only that nothing has been reported: a pledge can be kept quietly, so the tracker never calls a
pledge broken on the calendar's word.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from bot.tracking.linking import FollowUp, Outcome, TrackedPledge

DUE_SOON_DAYS = 7


class PledgeStatus(Enum):
    OPEN = "open"
    DUE_SOON = "due soon"
    OVERDUE = "overdue"
    KEPT = "kept"
    BROKEN = "broken"
    SUPERSEDED = "superseded"


_DECISIVE = {
    Outcome.KEPT: PledgeStatus.KEPT,
    Outcome.BROKEN: PledgeStatus.BROKEN,
    Outcome.SUPERSEDED: PledgeStatus.SUPERSEDED,
}


@dataclass(frozen=True)
class StatusReport:
    """A pledge's status on `today`, the deadline in force, and the follow-up that last changed either.

    `days_left` is the days from `today` to the deadline in force (negative once it has passed), or None.
    """

    pledge: TrackedPledge
    status: PledgeStatus
    today: date
    due: date | None
    decided_by: FollowUp | None
    days_left: int | None

    @property
    def settled(self) -> bool:
        """Kept, broken or superseded: a report, not the calendar, set the status."""
        return self.status in (PledgeStatus.KEPT, PledgeStatus.BROKEN, PledgeStatus.SUPERSEDED)


def pledge_status(
    pledge: TrackedPledge,
    follow_ups: Iterable[FollowUp],
    today: date,
    *,
    due_soon_days: int = DUE_SOON_DAYS,
) -> StatusReport:
    """The status of `pledge` on `today`, given the follow-ups linked to it (others are ignored)."""
    own = sorted(
        (f for f in follow_ups if f.pledge_id == pledge.id and f.published <= today),
        key=lambda f: f.published,
    )
    due = pledge.pledge.due
    decided: PledgeStatus | None = None
    decided_by: FollowUp | None = None
    for follow_up in own:
        decided_by = follow_up
        if follow_up.outcome is Outcome.DELAYED:
            due = follow_up.new_due
            decided = None
        else:
            decided = _DECISIVE[follow_up.outcome]
    days_left = (due - today).days if due else None
    if decided is not None:
        status = decided
    elif days_left is None:
        status = PledgeStatus.OPEN
    elif days_left < 0:
        status = PledgeStatus.OVERDUE
    elif days_left <= due_soon_days:
        status = PledgeStatus.DUE_SOON
    else:
        status = PledgeStatus.OPEN
    return StatusReport(
        pledge=pledge, status=status, today=today, due=due, decided_by=decided_by, days_left=days_left
    )


def falling_due(reports: Sequence[StatusReport], within_days: int) -> list[StatusReport]:
    """Unsettled pledges whose deadline falls within the next `within_days` days (today included), soonest first:
    a digest's "Pledges falling due" block, with `within_days` the chat's digest period."""
    due = [
        r
        for r in reports
        if not r.settled and r.days_left is not None and 0 <= r.days_left <= within_days
    ]
    return sorted(due, key=lambda r: (r.days_left, r.pledge.pledge.actor))


def reported_since(reports: Sequence[StatusReport], since: date) -> list[StatusReport]:
    """Pledges a report settled on or after `since` (kept, broken or superseded), newest report first: a
    digest's "Kept" / "Broken" lines."""
    settled = [r for r in reports if r.settled and r.decided_by is not None and r.decided_by.published >= since]
    return sorted(settled, key=lambda r: r.decided_by.published if r.decided_by else since, reverse=True)
