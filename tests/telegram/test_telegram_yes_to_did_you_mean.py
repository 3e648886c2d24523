"""A reader on the Telegram peer who is asked "Did you mean /latest?" or "Did you mean Europe/Berlin?" answers as
people answer a question: "yes". The bot took the word for free text and sent its generic hint ("Communiqué
answers commands: /latest for the newest stories ..."), as though it had asked nothing, and the reader had to
type the whole command again. A "yes" in a private chat now runs the command the bot offered, once.
"""

from __future__ import annotations

from tests.telegram.conftest import WorldRunner
from tests.telegram.world import HARBOUR_TITLES, TelegramWorld

READER = 3271


async def answer(w: TelegramWorld, text: str) -> str:
    """The reader writes plain text (no command) in their private chat; the bot's answer."""
    before = len(w.peer.bot_messages(READER))
    w.peer.send_message(READER, text, user_id=READER)
    return (await w.peer.await_bot_messages(READER, count=before + 1))[before].plain_text


async def test_yes_runs_the_command_the_bot_offered(world: WorldRunner) -> None:
    async with world() as w:
        [offer] = await w.command(READER, "/lates 1 trade")
        assert "Did you mean /latest?" in offer.plain_text, offer.plain_text
        said = await answer(w, "Yes!")
        assert HARBOUR_TITLES[0] in said and "Latest 1 story on trade" in said, said

        said = await answer(w, "yes")
        assert "Communiqué answers commands" in said, f"an offer is taken once: {said}"

        await w.command(READER, "/subscribe trade")
        [offer] = await w.command(READER, "/settings tz Europe/Berln")
        assert "Did you mean Europe/Berlin?" in offer.plain_text, offer.plain_text
        said = await answer(w, "yes please")
        assert said.startswith("Saved.") and "(Europe/Berlin)" in said, said
        [settings] = await w.command(READER, "/settings")
        assert "Europe/Berlin" in settings.plain_text, settings.plain_text


async def test_an_offer_is_the_askers_and_ends_at_their_next_command(world: WorldRunner) -> None:
    async with world() as w:
        await w.command(READER, "/lates 1 trade")
        await w.command(READER, "/sources")
        said = await answer(w, "yes")
        assert "Communiqué answers commands" in said, f"the offer was before another command: {said}"
