"""`/follow Russia Ukraine` (two countries typed side by side, nothing between) on Communiqué running on the
Telegram peer: the chat followed Ukraine alone, and the reply named only Ukraine, so the reader never learned that
Russia was dropped. Such names get the command for each now, as names parted by a comma or "and" do; a person's
names, and a country whose name is two words, stay one name.
"""

from __future__ import annotations

from storage import tracking as tracking_store
from tests.telegram.conftest import WorldRunner

READER = 3406


async def test_countries_side_by_side_get_the_command_for_each(world: WorldRunner) -> None:
    async with world() as w:
        [refused] = await w.command(READER, "/follow Russia Ukraine")
        assert "One name at a time: /follow Russia, then /follow Ukraine." in refused.plain_text, refused.plain_text
        [refused] = await w.command(READER, "/follow United States China")
        assert "One name at a time: /follow United States, then /follow China." in refused.plain_text, \
            refused.plain_text
        assert tracking_store.follows(w.db, "telegram", str(READER)) == [], "nothing followed by a refused command"

        for name in ("Ana Kovač", "United States", "Bosnia and Herzegovina"):
            [followed] = await w.command(READER, f"/follow {name}")
            assert "now follows" in followed.plain_text, (name, followed.plain_text)
