"""`/settings time 08:00 18:00` (a reader wanting a morning and an evening digest), on Communiqué running on the
Telegram peer: a chat's daily digest comes once a day, at one time, and the reply says so, with the mode that sends
each story as it comes. It was told "“18:00” needs the setting's name before it: /settings time 18:00", and the
command it was given moved the morning digest to the evening; `/settings time 08:00 time 18:00` kept 18:00 alone,
saying "Saved ... at 18:00" as though both were taken.
"""

from __future__ import annotations

from tests.telegram.conftest import WorldRunner

READER = 3901


async def test_two_times_for_the_digest_are_told_it_comes_once_a_day_and_nothing_changes(world: WorldRunner) -> None:
    async with world() as w:
        await w.command(READER, "/subscribe")
        for typed in ("/settings time 08:00 18:00", "/settings time 08:00 time 18:00", "/settings time 8am, 6pm"):
            [told] = await w.command(READER, typed)
            said = told.plain_text
            assert "needs the setting's name" not in said and "Saved" not in said, f"{typed}: {said}"
            assert "once a day, at one time" in said, f"{typed}: {said}"
            assert "/settings mode instant" in said, f"{typed}: the way to get stories more often: {said}"
        [read] = await w.command(READER, "/settings")
        assert "daily digest at 08:00 (UTC)" in read.plain_text, f"nothing was changed: {read.plain_text}"


async def test_a_setting_given_twice_is_told_and_not_kept_silently(world: WorldRunner) -> None:
    async with world() as w:
        await w.command(READER, "/subscribe")
        [told] = await w.command(READER, "/settings max 3 max 5")
        assert "max is given twice" in told.plain_text and "Saved" not in told.plain_text, told.plain_text
