"""`/latest Ministry Wire`, on Communiqué running on the Telegram peer: a reader who saw the source in /sources
asks for its newest stories by the name it lists. The name was searched as a keyword ("No stories on ministry wire
yet"), though the source had brought four stories; it now shows that source's stories.
"""

from __future__ import annotations

from tests.telegram.conftest import WorldRunner
from tests.telegram.world import HARBOUR_TITLES, MINISTRY_TITLES

READER = 3291


async def test_a_source_named_as_sources_lists_it_shows_its_stories(world: WorldRunner) -> None:
    async with world() as w:
        [listed] = await w.command(READER, "/sources")
        assert "Ministry Wire" in listed.plain_text, listed.plain_text
        [got] = await w.command(READER, "/latest 2 ministry wire")
        said = got.plain_text
        assert "No stories on" not in said, said
        assert "Latest 2 stories from Ministry Wire" in said, said
        assert sum(title in said for title in MINISTRY_TITLES) == 2, said
        assert not any(title in said for title in HARBOUR_TITLES), f"only that source's: {said}"
        [tag] = await w.command(READER, "/latest 1 trade")
        assert HARBOUR_TITLES[0] in tag.plain_text, "a tag is still a tag"
