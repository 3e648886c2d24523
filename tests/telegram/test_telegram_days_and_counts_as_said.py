"""`/latest past week`, `/latest last month`, `/latest last 5`, `/latest top 3`, `/latest five` and `/subscribe
2026-12-25` on Communiqué running on the Telegram peer, as readers type them: each was searched (or subscribed) as
keywords ("No stories on last yet", "Latest 2 stories on past, week" holding the word "weeks", a chat subscribed
to the keyword "2026-12-25"). The spans are days in the chat's zone now, the counts are counts, and a date still to
come is refused by /subscribe as /latest refuses it.

The world's invented stories were all published on Friday 20 Nov 2026; the bot's clock is set to Wednesday 25 Nov
2026, noon UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime

from storage import subscriptions as sub_store
from tests.telegram.conftest import WorldRunner
from tests.telegram.world import MINISTRY_TITLES

READER = 3401
WEDNESDAY_NOON = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


async def test_spans_of_recent_days_are_days(world: WorldRunner) -> None:
    async with world() as w:
        w.runtime.context.now = lambda: WEDNESDAY_NOON
        [week] = await w.command(READER, "/latest past week")
        assert "Latest 5 stories from the past 7 days (19 – 25 Nov 2026)" in week.plain_text, week.plain_text
        assert MINISTRY_TITLES[0] in week.plain_text, week.plain_text

        [days] = await w.command(READER, "/latest 2 past 3 days")
        assert "No stories from the past 3 days (23 – 25 Nov 2026)" in days.plain_text, days.plain_text

        [month] = await w.command(READER, "/latest last month")
        assert "No stories from last month (1 – 31 Oct 2026)" in month.plain_text, month.plain_text
        [month] = await w.command(READER, "/latest 1 this month")
        assert "Latest 1 story from this month (1 – 25 Nov 2026)" in month.plain_text, month.plain_text


async def test_a_count_said_in_words_is_a_count(world: WorldRunner) -> None:
    async with world() as w:
        for typed, heading in (("/latest last 2", "Latest 2 stories"), ("/latest top 3", "Latest 3 stories"),
                               ("/latest five", "Latest 5 stories"), ("/latest last 2 trade", "Latest 2 stories on trade")):
            [said] = await w.command(READER, typed)
            assert said.plain_text.startswith(f"📰 {heading}\n"), (typed, said.plain_text[:120])
        [said] = await w.command(READER, "/latest last")
        assert "No stories on last yet" in said.plain_text, "a lead word alone is still a keyword"


async def test_a_count_said_in_words_leaves_a_weekday_a_day(world: WorldRunner) -> None:
    """'/latest 2 friday' is Friday's stories; '/latest top 2 friday' and '/latest two friday' searched the keyword
    "friday" (a weekday is a day only when no other word could make it a keyword, and "top", "two" were such
    words)."""
    async with world() as w:
        w.runtime.context.now = lambda: WEDNESDAY_NOON
        for typed in ("/latest 2 friday", "/latest top 2 friday", "/latest two friday", "/latest last 2 friday"):
            [said] = await w.command(READER, typed)
            assert said.plain_text.startswith("📰 Latest 2 stories from Friday (20 Nov 2026)"), \
                (typed, said.plain_text[:120])


async def test_subscribe_refuses_a_date_still_to_come_and_a_span(world: WorldRunner) -> None:
    async with world() as w:
        w.runtime.context.now = lambda: WEDNESDAY_NOON
        [refused] = await w.command(READER, "/subscribe 2026-12-25")
        assert "25 Dec 2026 is still to come, and no topic" in refused.plain_text, refused.plain_text
        [refused] = await w.command(READER, "/subscribe past week")
        assert "“past week” is no topic: /latest past week shows those stories now" in refused.plain_text, \
            refused.plain_text
        assert sub_store.get(w.db, "telegram", str(READER)) is None, "nothing subscribed by a refused command"
