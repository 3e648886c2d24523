"""When a source that answers is quiet (bot.ingest.quiet): silent past twice its own longest pause, a day at least
and two fetch intervals, two weeks with too few stories to read a habit from; never a failing source."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.ingest.quiet import quiet_source
from storage.db import to_iso
from storage.records import Source

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def source(*, failures: int = 0, interval: int = 900, active: bool = True) -> Source:
    return Source(id=1, name="Harbour desk", url="https://harbour.example/feed", tags=[], interval=interval,
                  active=active, etag='"v1"', last_modified=None, failures=failures, next_due=None,
                  last_attempt=to_iso(NOW), last_success=to_iso(NOW), last_error=None, last_error_at=None,
                  alerted=False, articles_seen=0)


def times(newest_ago: timedelta, every: timedelta, count: int) -> list[str]:
    return [to_iso(NOW - newest_ago - i * every) for i in range(count)]


def test_a_wire_silent_past_twice_its_longest_pause_and_a_day_is_quiet() -> None:
    quiet = quiet_source(source(), times(timedelta(hours=25), timedelta(hours=2), 21), NOW)
    assert quiet is not None and quiet.limit == timedelta(days=1)
    assert quiet.note.startswith("Harbour desk: no new story for 25 h (its newest dated 2026-12-06 11:00 UTC)")
    assert "its longest pause between its last 21 stories was 2 h" in quiet.note
    assert quiet_source(source(), times(timedelta(hours=23), timedelta(hours=2), 21), NOW) is None, "a night"


def test_a_weekly_bulletin_is_measured_by_its_own_weeks() -> None:
    assert quiet_source(source(), times(timedelta(days=10), timedelta(days=7), 8), NOW) is None
    quiet = quiet_source(source(), times(timedelta(days=15), timedelta(days=7), 8), NOW)
    assert quiet is not None and quiet.limit == timedelta(days=14)


def test_one_long_pause_in_its_past_sets_its_habit() -> None:
    history = times(timedelta(days=3), timedelta(hours=1), 10) + times(timedelta(days=7), timedelta(hours=1), 5)
    assert quiet_source(source(), history, NOW) is None, "it paused four days before: three are its habit"


def test_too_few_stories_ask_two_weeks() -> None:
    assert quiet_source(source(), times(timedelta(days=10), timedelta(hours=1), 3), NOW) is None
    quiet = quiet_source(source(), times(timedelta(days=15), timedelta(hours=1), 3), NOW)
    assert quiet is not None and "too few stories (3)" in quiet.note


def test_a_source_read_rarely_is_given_two_of_its_intervals() -> None:
    rare = source(interval=3 * 86400)
    assert quiet_source(rare, times(timedelta(days=5), timedelta(hours=1), 21), NOW) is None
    assert quiet_source(rare, times(timedelta(days=7), timedelta(hours=1), 21), NOW) is not None


def test_a_failing_or_removed_or_never_read_source_is_not_quiet() -> None:
    old = times(timedelta(days=30), timedelta(hours=1), 21)
    assert quiet_source(source(failures=2), old, NOW) is None, "a failing source is said failing"
    assert quiet_source(source(active=False), old, NOW) is None
    unread = replace(source(), last_success=None)
    assert quiet_source(unread, old, NOW) is None
    assert quiet_source(source(), [], NOW) is None, "no story stored: the table says so"


def test_stories_read_together_are_one_arrival_and_show_no_habit() -> None:
    """A feed that dates no story: its 20 were stored at one fetch, a few milliseconds apart, and read as a habit of
    a story every few milliseconds, so a weekly bulletin added on Monday was quiet, and alerted of, on Tuesday."""
    catalogue = [to_iso(NOW - timedelta(hours=30) - timedelta(milliseconds=3 * i)) for i in range(20)]
    assert quiet_source(source(), catalogue, NOW) is None
    later = [to_iso(NOW - timedelta(days=15) - timedelta(milliseconds=3 * i)) for i in range(20)]
    quiet = quiet_source(source(), later, NOW)
    assert quiet is not None and quiet.limit == timedelta(days=14)
    assert "its 20 stories came at too few times (1) to know its habit" in quiet.note, quiet.note
