"""`/pledges today` (or `/pledges due today`, `/pledges Velmora this week`) on Communiqué running on the Telegram
peer: a reader asking what falls due today was answered "No pledges by today found. /pledges takes who pledged",
the day taken for an actor's name. The words now ask for the pledges falling due, soonest first, as `/pledges due`.
"""

from __future__ import annotations

from tests.telegram.conftest import WorldRunner

READER = 3301


async def test_a_day_asks_for_the_pledges_falling_due(world: WorldRunner) -> None:
    async with world() as w:
        [due] = await w.command(READER, "/pledges due")
        for typed in ("/pledges today", "/pledges due today", "/pledges this week"):
            [got] = await w.command(READER, typed)
            assert "by today" not in got.plain_text and "by this week" not in got.plain_text, got.plain_text
            assert got.plain_text == due.plain_text, f"{typed} is /pledges due: {got.plain_text}"
        [velmora] = await w.command(READER, "/pledges Velmora tomorrow")
        assert "No due pledges by Velmora found." in velmora.plain_text, velmora.plain_text
