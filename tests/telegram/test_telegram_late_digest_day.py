"""A daily digest sent late, after midnight, because the bot was stopped over its time: the start catches it up
(up to 12 hours late). Its heading named the day it went out, the next day, and that evening's own digest named
the same day: a reader saw two digests of one date, the first of them yesterday's news.

The stories are invented for this test (tests/telegram/world.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from tests.telegram.conftest import WorldRunner

USER = 623


def day_heading(day: datetime) -> str:
    return f"Communiqué digest: {day.day} {day:%b %Y}"


async def test_a_digest_caught_up_after_midnight_is_headed_with_the_day_it_was_due(world: WorldRunner) -> None:
    async with world() as w:
        await w.command(USER, "/subscribe")
        await w.command(USER, "/settings time 23:30")
        due = datetime.combine(datetime.now(UTC).date() + timedelta(days=1), time(23, 30), tzinfo=UTC)
        w.runtime.now = lambda: due + timedelta(hours=1, minutes=10)  # 00:40: the bot was stopped over 23:30
        before = len(w.peer.bot_messages(USER))
        assert w.runtime.catch_up() > 0
        [late] = (await w.messages(USER, before + 1))[before:]
        heading = late.plain_text.splitlines()[0]
        assert day_heading(due) in heading, heading
        assert day_heading(due + timedelta(days=1)) not in heading, "the day it went out is that evening's digest's"


async def test_a_quiet_week_note_caught_up_after_midnight_is_headed_with_the_day_it_was_due(
    world: WorldRunner
) -> None:
    """The note a chat whose topics matched nothing for a week gets at its digest time is caught up like the
    digest: sent at 00:40 for 23:30, it was headed with the day it went out."""
    async with world() as w:
        await w.command(USER, "/subscribe zarnovia")
        await w.command(USER, "/settings time 23:30")
        due = datetime.combine(datetime.now(UTC).date() + timedelta(days=1), time(23, 30), tzinfo=UTC)
        w.db.execute("UPDATE subscriptions SET created = ?",  # subscribed a week before, and nothing matched since
                     [(due - timedelta(days=8)).strftime("%Y-%m-%dT%H:%M:%SZ")])
        w.runtime.now = lambda: due + timedelta(hours=1, minutes=10)
        before = len(w.peer.bot_messages(USER))
        w.runtime.catch_up()
        [late] = (await w.messages(USER, before + 1))[before:]
        assert "No story matched this chat's topic (zarnovia)" in late.plain_text, late.plain_text
        heading = late.plain_text.splitlines()[0]
        assert day_heading(due) in heading, heading
