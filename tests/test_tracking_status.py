"""A pledge's status moves with the clock passed in and with the follow-ups linked to it."""

from datetime import date, timedelta

import pytest

from bot.analysis.model import Pledge
from bot.tracking import (
    FollowUp,
    Outcome,
    PledgeStatus,
    falling_due,
    pledge_status,
    reported_since,
    track,
)

MADE = date(2026, 3, 2)
DUE = date(2026, 4, 30)


def pledge(due: date | None = DUE, id: str = "p1", actor: str = "Velmora"):
    return track(
        Pledge(actor=actor, commitment="open the northern border crossing", evidence="...", due=due),
        id=id,
        published=MADE,
    )


def report(outcome: Outcome, on: date, *, pledge_id: str = "p1", new_due: date | None = None) -> FollowUp:
    return FollowUp(
        pledge_id=pledge_id,
        outcome=outcome,
        published=on,
        source=f"story-{on.isoformat()}",
        evidence="...",
        reason="...",
        score=0.8,
        new_due=new_due,
    )


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (MADE, PledgeStatus.OPEN),
        (DUE - timedelta(days=8), PledgeStatus.OPEN),
        (DUE - timedelta(days=7), PledgeStatus.DUE_SOON),
        (DUE - timedelta(days=1), PledgeStatus.DUE_SOON),
        (DUE, PledgeStatus.DUE_SOON),  # the deadline day itself is still in time
        (DUE + timedelta(days=1), PledgeStatus.OVERDUE),
        (DUE + timedelta(days=400), PledgeStatus.OVERDUE),
    ],
)
def test_the_calendar_alone_moves_open_to_due_soon_to_overdue(today, expected):
    result = pledge_status(pledge(), [], today)
    assert result.status is expected
    assert result.days_left == (DUE - today).days


def test_a_pledge_without_a_deadline_stays_open():
    result = pledge_status(pledge(due=None), [], date(2031, 1, 1))
    assert result.status is PledgeStatus.OPEN and result.days_left is None


def test_the_due_soon_window_can_be_set():
    assert pledge_status(pledge(), [], DUE - timedelta(days=10), due_soon_days=14).status is PledgeStatus.DUE_SOON


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (Outcome.KEPT, PledgeStatus.KEPT),
        (Outcome.BROKEN, PledgeStatus.BROKEN),
        (Outcome.SUPERSEDED, PledgeStatus.SUPERSEDED),
    ],
)
def test_a_report_settles_the_pledge_even_after_the_deadline(outcome, expected):
    follow_up = report(outcome, DUE - timedelta(days=3))
    result = pledge_status(pledge(), [follow_up], DUE + timedelta(days=30))
    assert result.status is expected and result.settled
    assert result.decided_by == follow_up


def test_a_report_published_after_today_does_not_count_yet():
    kept = report(Outcome.KEPT, DUE - timedelta(days=2))
    assert pledge_status(pledge(), [kept], DUE - timedelta(days=3)).status is PledgeStatus.DUE_SOON
    assert pledge_status(pledge(), [kept], DUE - timedelta(days=2)).status is PledgeStatus.KEPT


def test_reports_on_other_pledges_are_ignored():
    other = report(Outcome.BROKEN, MADE + timedelta(days=5), pledge_id="p2")
    assert pledge_status(pledge(), [other], MADE + timedelta(days=6)).status is PledgeStatus.OPEN


def test_a_delay_moves_the_deadline_and_the_status_follows_it():
    new_due = DUE + timedelta(days=60)
    delay = report(Outcome.DELAYED, DUE - timedelta(days=10), new_due=new_due)
    after_old_deadline = DUE + timedelta(days=5)
    result = pledge_status(pledge(), [delay], after_old_deadline)
    assert result.status is PledgeStatus.OPEN and result.due == new_due
    assert pledge_status(pledge(), [delay], new_due - timedelta(days=2)).status is PledgeStatus.DUE_SOON
    assert pledge_status(pledge(), [delay], new_due + timedelta(days=1)).status is PledgeStatus.OVERDUE


def test_a_delay_without_a_new_date_leaves_the_pledge_open():
    delay = report(Outcome.DELAYED, DUE - timedelta(days=10))
    result = pledge_status(pledge(), [delay], DUE + timedelta(days=90))
    assert result.status is PledgeStatus.OPEN and result.due is None


def test_the_latest_report_decides_whatever_order_they_come_in():
    broken = report(Outcome.BROKEN, DUE + timedelta(days=3))
    kept = report(Outcome.KEPT, DUE + timedelta(days=20))
    today = DUE + timedelta(days=30)
    assert pledge_status(pledge(), [kept, broken], today).status is PledgeStatus.KEPT
    assert pledge_status(pledge(), [broken], today).status is PledgeStatus.BROKEN


def test_a_delay_after_a_breach_reopens_the_pledge():
    broken = report(Outcome.BROKEN, DUE + timedelta(days=1))
    delay = report(Outcome.DELAYED, DUE + timedelta(days=9), new_due=DUE + timedelta(days=45))
    assert pledge_status(pledge(), [broken, delay], DUE + timedelta(days=10)).status is PledgeStatus.OPEN


def test_falling_due_lists_unsettled_pledges_within_the_period_soonest_first():
    today = date(2026, 4, 27)
    first = pledge(due=date(2026, 4, 28), id="a", actor="Velmora")
    second = pledge(due=date(2026, 4, 30), id="b", actor="Ostrava")
    later = pledge(due=date(2026, 5, 20), id="c")
    past = pledge(due=date(2026, 4, 20), id="d")
    settled = pledge(due=date(2026, 4, 29), id="e")
    kept = report(Outcome.KEPT, date(2026, 4, 25), pledge_id="e")
    reports = [pledge_status(p, [kept], today) for p in (second, later, past, settled, first)]
    assert [r.pledge.id for r in falling_due(reports, within_days=7)] == ["a", "b"]
    assert [r.pledge.id for r in falling_due(reports, within_days=1)] == ["a"]


def test_reported_since_lists_the_pledges_a_report_settled_lately():
    today = date(2026, 5, 10)
    one, two, three = pledge(id="a"), pledge(id="b"), pledge(id="c")
    follow_ups = [
        report(Outcome.KEPT, date(2026, 5, 9), pledge_id="a"),
        report(Outcome.BROKEN, date(2026, 5, 2), pledge_id="b"),
        report(Outcome.DELAYED, date(2026, 5, 9), pledge_id="c", new_due=date(2026, 9, 1)),
    ]
    reports = [pledge_status(p, follow_ups, today) for p in (one, two, three)]
    assert [(r.pledge.id, r.status) for r in reported_since(reports, date(2026, 5, 1))] == [
        ("a", PledgeStatus.KEPT),
        ("b", PledgeStatus.BROKEN),
    ]
    assert [r.pledge.id for r in reported_since(reports, date(2026, 5, 5))] == ["a"]
