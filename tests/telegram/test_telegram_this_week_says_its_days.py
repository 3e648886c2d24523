""""this week" on Communiqué running on the Telegram peer, asked of /latest and then of /pledges on a Wednesday:
/latest's is Monday to today (stories already published), /pledges's is today and the 7 days after (what falls
due). /pledges said only "within 7 days", so a reader who had just read "this week (23 – 25 Nov 2026)" in /latest
could not tell which days the pledges covered. Each answer now names its days with their dates.

The world's invented stories were published on 20 Nov 2026 and hold pledges due on 30 Nov 2026 (three) and 4 Dec;
the bot's clock is set to Wednesday 25 Nov 2026.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tests.telegram.conftest import WorldRunner

READER = 3402
WEDNESDAY = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


async def test_this_week_in_latest_and_in_pledges_each_names_its_days(world: WorldRunner) -> None:
    async with world() as w:
        w.runtime.context.now = lambda: WEDNESDAY
        [latest] = await w.command(READER, "/latest this week")
        assert "from this week (23 – 25 Nov 2026)" in latest.plain_text, latest.plain_text

        [pledges] = await w.command(READER, "/pledges this week")
        assert pledges.plain_text.startswith("Falling due within 7 days (25 Nov – 2 Dec 2026), soonest first:"), \
            pledges.plain_text
        assert "Velmora: reopen the Orlen crossing" in pledges.plain_text, pledges.plain_text

        [today] = await w.command(READER, "/pledges today")
        assert today.plain_text.startswith("No pledges fall due today (25 Nov 2026). /pledges this week lists the 3 "
                                           "falling due within 7 days (25 Nov – 2 Dec 2026)."), today.plain_text
