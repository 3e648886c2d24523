"""`/latest 2 minstry wire` (a source's name mistyped) and `/latest bordrs trad` (two slips of source tags) on
Communiqué running on the Telegram peer: each was searched as keywords and answered "No stories on minstry, wire
yet", leaving the reader to find the slip, though the source and the tags had stories. The answer now asks "Did you
mean Ministry Wire?" ("... borders trade?", every slip mended, the other words kept), and a "yes" shows them.
"""

from __future__ import annotations

from tests.telegram.conftest import WorldRunner
from tests.telegram.world import HARBOUR_TITLES, MINISTRY_TITLES, TelegramWorld

READER = 3405


async def answer(w: TelegramWorld, text: str) -> str:
    """The reader writes plain text (no command) in their private chat; the bot's answer."""
    before = len(w.peer.bot_messages(READER))
    w.peer.send_message(READER, text, user_id=READER)
    return (await w.peer.await_bot_messages(READER, count=before + 1))[before].plain_text


async def test_a_mistyped_source_or_tags_are_offered_and_yes_shows_them(world: WorldRunner) -> None:
    async with world() as w:
        [asked] = await w.command(READER, "/latest 2 minstry wire")
        assert "No stories on minstry, wire yet. Did you mean Ministry Wire?" in asked.plain_text, asked.plain_text
        said = await answer(w, "yes")
        assert "Latest 2 stories" in said and MINISTRY_TITLES[0] in said, said
        assert HARBOUR_TITLES[0] not in said, f"the source's stories only: {said}"

        [asked] = await w.command(READER, "/latest bordrs trad")
        assert "Did you mean borders trade?" in asked.plain_text, asked.plain_text
        said = await answer(w, "yes")
        assert MINISTRY_TITLES[0] in said and HARBOUR_TITLES[0] in said, said

        [none] = await w.command(READER, "/latest zanzibar")
        assert none.plain_text.endswith("No stories on zanzibar yet."), f"no slip, no question: {none.plain_text}"
