"""`/more` after `/latest 2` or a digest, on Communiqué running on the Telegram peer: a reader who wanted the
next stories was answered "Unknown command /more. Send /help for the list." It now names what shows more.
"""

from __future__ import annotations

from tests.telegram.conftest import WorldRunner

READER = 3541


async def test_more_names_the_commands_that_show_more_stories(world: WorldRunner) -> None:
    async with world() as w:
        await w.command(READER, "/latest 2")
        for typed in ("/more", "/next"):
            [answer] = await w.command(READER, typed)
            said = answer.plain_text
            assert (f"Unknown command {typed}. /latest 10 shows more of the newest stories (20 at most), /latest "
                    "10 ceasefire those on a topic") in said, said
            assert "/digest sends the stories this chat has not been sent yet" in said, said
