"""`/latest today` on a day with no story, while the sources could not be read, on Communiqué running on the
Telegram peer: "No stories from today" read as a quiet day, though nothing had been read since the morning. The
answer now names the sources that could not be read, and that stories may be missing; on a quiet day with every
source read, it says nothing of the kind.
"""

from __future__ import annotations

from tests.telegram.conftest import WorldRunner

READER = 3551
MISSING = "could not be read lately, so stories may be missing (/sources says since when)"


async def test_a_day_with_nothing_says_which_sources_could_not_be_read(world: WorldRunner) -> None:
    async with world() as w:  # the world's stories are from 20 Nov 2026: today has none
        [quiet] = await w.command(READER, "/latest today")
        assert "No stories from today" in quiet.plain_text and MISSING not in quiet.plain_text, quiet.plain_text

        (w.feeds / "harbour.xml").unlink()  # the harbour's feed can no longer be read
        w.db.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")
        await w.runtime.ingest_tick()
        [answer] = await w.command(READER, "/latest today")
        said = answer.plain_text
        assert "No stories from today" in said, said
        assert f"Harbour Post {MISSING}." in said, said
        assert "Ministry Wire" not in said, "a source read today is not said to be missing"

        (w.feeds / "ministry.xml").unlink()
        w.db.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")
        await w.runtime.ingest_tick()
        [answer] = await w.command(READER, "/latest trade today")
        # Every source unread: "No source could be read", not "No source could not be read" (every one was read).
        assert ("No source could be read lately, so stories may be missing (/sources says since when)."
                in answer.plain_text), answer.plain_text
