"""`/latest last week`, `/latest 2026-11-20`, `/latest since monday` on Communiqué running on the Telegram peer:
the first two were searched as keywords ("Latest 1 story on last, week" brought a story holding "weeks"; "No
stories on 2026-11-20 yet" of a day that had six), and the third was told "since goes with /subscribe". They are
days in the chat's zone now, as `today` and `yesterday` were; a date-like word that is no day is refused with the
forms that work; a keyword that looks like a day ("/latest Monday talks") is still searched.

The world's invented stories were all published on Friday 20 Nov 2026, between 06:00 and 09:00 UTC; the bot's
clock is set to Monday 23 Nov 2026, noon UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tests.telegram.conftest import WorldRunner
from tests.telegram.world import MINISTRY_TITLES

READER = 3351
MONDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


async def test_days_and_spans_as_people_type_them(world: WorldRunner) -> None:
    async with world() as w:
        w.runtime.context.now = lambda: MONDAY_NOON
        [week] = await w.command(READER, "/latest last week")
        assert "Latest 5 stories from last week (16 – 22 Nov 2026)" in week.plain_text, week.plain_text
        assert MINISTRY_TITLES[0] in week.plain_text, week.plain_text

        [day] = await w.command(READER, "/latest 2026-11-20")
        assert "Latest 5 stories from 20 Nov 2026" in day.plain_text, day.plain_text
        [none] = await w.command(READER, "/latest 2026-11-21")
        assert "No stories from 21 Nov 2026." in none.plain_text, none.plain_text

        [since] = await w.command(READER, "/latest since monday")
        assert "No stories since Monday (23 Nov 2026)." in since.plain_text, since.plain_text
        [since] = await w.command(READER, "/latest 2 since friday")
        assert "Latest 2 stories since Friday (20 Nov 2026)" in since.plain_text, since.plain_text
        [since] = await w.command(READER, "/latest since 2026-11-20")  # a date typed is said once, not twice
        assert "Latest 5 stories since 20 Nov 2026\n" in since.plain_text, since.plain_text
        [friday] = await w.command(READER, "/latest borders friday")
        assert "No stories on borders, friday" not in friday.plain_text, friday.plain_text
        [friday] = await w.command(READER, "/latest friday")
        assert "from Friday (20 Nov 2026)" in friday.plain_text, friday.plain_text
        [this_week] = await w.command(READER, "/latest this week")
        assert "No stories from this week (23 Nov 2026)." in this_week.plain_text, this_week.plain_text

        [written] = await w.command(READER, "/latest 20 Nov")
        assert "Latest 5 stories from 20 Nov 2026" in written.plain_text, written.plain_text
        [written] = await w.command(READER, "/latest 3 November 20")
        assert "Latest 3 stories from 20 Nov 2026" in written.plain_text, written.plain_text
        [counted] = await w.command(READER, "/latest 3 friday")
        assert "Latest 3 stories from Friday (20 Nov 2026)" in counted.plain_text, counted.plain_text

        [talks] = await w.command(READER, "/latest Monday talks")
        assert "on monday, talks" in talks.plain_text, f"a keyword that looks like a day is searched: {talks.plain_text}"


async def test_a_date_like_word_that_is_no_day_is_refused_with_the_forms_that_work(world: WorldRunner) -> None:
    async with world() as w:
        w.runtime.context.now = lambda: MONDAY_NOON
        [lunch] = await w.command(READER, "/latest since lunch")
        assert "“since lunch” is no day /latest knows: use today, yesterday, a weekday (monday), this week, last " \
               "week, past week, a date (2026-12-01, 1 Dec), or since one of them." in lunch.plain_text, lunch.plain_text
        [month] = await w.command(READER, "/latest 2026-13-01")
        assert "“2026-13-01” is no date: a date is year-month-day, e.g. 2026-12-01." in month.plain_text, \
            month.plain_text
        [later] = await w.command(READER, "/latest 2027-01-05")
        assert "5 Jan 2027 is still to come" in later.plain_text, later.plain_text
        [tomorrow] = await w.command(READER, "/latest tomorrow")
        assert "tomorrow is still to come" in tomorrow.plain_text, tomorrow.plain_text
        [two] = await w.command(READER, "/latest yesterday last week")
        assert "One day or span at a time" in two.plain_text, two.plain_text
        [span] = await w.command(READER, "/latest 5 since 7d")
        assert "/subscribe since 7d" in span.plain_text and "since monday" in span.plain_text, span.plain_text


async def test_days_are_the_chats_days(world: WorldRunner) -> None:
    """A reader in Los Angeles (UTC-8): the stories published 06:00-07:30 UTC on Friday were Thursday evening
    there, and Thursday is theirs; in UTC, Thursday had none."""
    async with world() as w:
        w.runtime.context.now = lambda: MONDAY_NOON
        [utc] = await w.command(READER, "/latest thursday")
        assert "No stories from Thursday (19 Nov 2026)." in utc.plain_text, utc.plain_text
        await w.command(READER, "/subscribe")
        await w.command(READER, "/settings tz America/Los_Angeles")
        [la] = await w.command(READER, "/latest thursday")
        assert "stories from Thursday (19 Nov 2026)" in la.plain_text and "No stories" not in la.plain_text, \
            la.plain_text


async def test_subscribing_to_a_day_is_told_what_a_day_is_for(world: WorldRunner) -> None:
    """`/subscribe last week`, typed as `/latest last week` now is, subscribed the chat to the keywords "last" and
    "week" (its digests brought the stories holding them), as `/subscribe yesterday` did before it was refused."""
    async with world() as w:
        w.runtime.context.now = lambda: MONDAY_NOON
        for typed in ("last week", "2026-11-20", "friday"):
            [refused] = await w.command(READER, f"/subscribe {typed}")
            said = refused.plain_text
            assert "now subscribed" not in said and f"“{typed}” is no topic" in said, said
            assert f"/latest {typed} shows those stories now" in said, said
        assert w.db["subscriptions"].count == 0, "nothing was subscribed"
        [talks] = await w.command(READER, "/subscribe Monday talks")
        assert "now subscribed" in talks.plain_text, talks.plain_text


async def test_a_week_across_two_months_names_its_year_once(world: WorldRunner) -> None:
    """Monday 7 Dec 2026: last week ran from 30 Nov to 6 Dec, said "30 Nov – 6 Dec 2026" as a reader writes it
    (it was "30 Nov 2026 – 6 Dec 2026")."""
    async with world() as w:
        w.runtime.context.now = lambda: datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
        [week] = await w.command(READER, "/latest last week")
        assert "No stories from last week (30 Nov – 6 Dec 2026)." in week.plain_text, week.plain_text
