"""A reader asking for another language (`/settings language de`, `/language`), on Communiqué running on the
Telegram peer: told the bot writes in English and that each story keeps its own, labelled. It was "“language” is
not a setting: use time, tz, max or mode" and "Unknown command /language", which left the reader unsure whether a
language could be chosen some other way.
"""

from __future__ import annotations

from tests.telegram.conftest import WorldRunner

READER = 4001


async def test_a_reader_asking_for_a_language_is_told_the_bot_writes_english(world: WorldRunner) -> None:
    async with world() as w:
        await w.command(READER, "/subscribe")
        for typed in ("/settings language de", "/settings lang fr", "/language", "/lang es"):
            [told] = await w.command(READER, typed)
            said = told.plain_text
            assert "in English" in said and "no language setting" in said, f"{typed}: {said}"
            assert "not a setting" not in said, f"{typed}: {said}"
        [read] = await w.command(READER, "/settings")
        assert "daily digest at 08:00 (UTC)" in read.plain_text, read.plain_text
