"""`/pledges today` (or `/pledges due today`, `/pledges Velmora this week`) on Communiqué running on the Telegram
peer: a reader asking what falls due today was answered "No pledges by today found. /pledges takes who pledged",
the day taken for an actor's name. Then every day word was read as `/pledges due` (the next 7 days): `/pledges
today` listed a pledge due in five days and never said none fell due today. Now each word is its own days:
today, tomorrow, or the next 7 days, each under a heading that says which, and a day with none says so and
points at `/pledges this week`.

The world's invented stories hold pledges due on 20 Nov 2026 (one), 30 Nov (three), 4 Dec (one) and 31 Dec 2027;
the bot's clock is set to the day each test reads.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tests.telegram.conftest import WorldRunner

READER = 3301
THIRTIETH = ("Velmora: reopen the Orlen crossing", "Kestrian negotiators: publish the customs annex",
             "The customs office: clear the backlog")
FOURTH = "The rail operators: publishing a joint timetable"


async def test_a_day_asks_for_the_pledges_falling_due_that_day(world: WorldRunner) -> None:
    async with world() as w:
        w.runtime.context.now = lambda: datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
        [today] = await w.command(READER, "/pledges today")
        assert today.plain_text.startswith("Falling due today"), today.plain_text
        assert all(line in today.plain_text for line in THIRTIETH), today.plain_text
        assert FOURTH not in today.plain_text, f"4 Dec is not today: {today.plain_text}"
        [said_due] = await w.command(READER, "/pledges due today")
        assert said_due.plain_text == today.plain_text, said_due.plain_text

        [week] = await w.command(READER, "/pledges this week")
        assert week.plain_text.startswith("Falling due within 7 days (30 Nov – 7 Dec 2026), soonest first"), week.plain_text
        assert all(line in week.plain_text for line in (*THIRTIETH, FOURTH)), week.plain_text
        assert "31 Dec 2027" not in week.plain_text, week.plain_text

        [tomorrow] = await w.command(READER, "/pledges tomorrow")
        assert tomorrow.plain_text.startswith("No pledges fall due tomorrow"), tomorrow.plain_text
        assert "/pledges this week lists the 4 falling due within 7 days (30 Nov – 7 Dec 2026)" in tomorrow.plain_text, tomorrow.plain_text

        [velmora] = await w.command(READER, "/pledges Velmora today")
        assert velmora.plain_text.startswith("Falling due today (30 Nov 2026) by Velmora"), velmora.plain_text
        assert THIRTIETH[1] not in velmora.plain_text, velmora.plain_text


async def test_a_day_with_nothing_falling_due_says_so_and_points_at_the_week(world: WorldRunner) -> None:
    async with world() as w:
        w.runtime.context.now = lambda: datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
        [today] = await w.command(READER, "/pledges today")
        assert today.plain_text.startswith("No pledges fall due today (29 Nov 2026)."), today.plain_text
        assert "/pledges this week lists the 4 falling due within 7 days (29 Nov – 6 Dec 2026)" in today.plain_text, today.plain_text
        assert "by today" not in today.plain_text, today.plain_text
        [tomorrow] = await w.command(READER, "/pledges tomorrow")
        assert tomorrow.plain_text.startswith("Falling due tomorrow"), tomorrow.plain_text
        assert all(line in tomorrow.plain_text for line in THIRTIETH), tomorrow.plain_text

        w.runtime.context.now = lambda: datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
        [week] = await w.command(READER, "/pledges this week")
        assert week.plain_text.startswith("No pledges fall due within 7 days (10 – 17 Dec 2026)."), week.plain_text
        assert "/pledges lists all 6 pledges" in week.plain_text, week.plain_text
        [velmora] = await w.command(READER, "/pledges Velmora tomorrow")
        assert velmora.plain_text.startswith("No pledges by Velmora fall due tomorrow (11 Dec 2026)."), velmora.plain_text


async def test_a_mistyped_name_with_a_day_is_offered_the_name_it_meant(world: WorldRunner) -> None:
    """`/pledges Velmra today`: answered "No pledges by Velmra fall due today.", the typo unsaid, where `/pledges
    Velmra` offers Velmora."""
    async with world() as w:
        w.runtime.context.now = lambda: datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
        [typo] = await w.command(READER, "/pledges Velmra today")
        assert "Did you mean: Velmora?" in typo.plain_text, typo.plain_text
