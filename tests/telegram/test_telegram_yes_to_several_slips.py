"""A reader on the Telegram peer subscribes to several topics, two of them a letter off a source tag
(`/subscribe bordrs trad ceasefire`): the bot subscribed the chat as typed and asked, of each slip, "did you mean the
topic ...?", each with a command that mended that slip alone and put the other back. The reader answered "yes", as
to any question: the bot took it for free text ("Communiqué answers commands ..."), and the chat kept the keywords
no story holds. Now the command after the last slip mends them all, keeping the other topics, and a "yes" runs it.
"""

from __future__ import annotations

from storage import subscriptions as sub_store
from tests.telegram.conftest import WorldRunner
from tests.telegram.world import TelegramWorld

READER = 3404


async def answer(w: TelegramWorld, text: str) -> str:
    """The reader writes plain text (no command) in their private chat; the bot's answer."""
    before = len(w.peer.bot_messages(READER))
    w.peer.send_message(READER, text, user_id=READER)
    return (await w.peer.await_bot_messages(READER, count=before + 1))[before].plain_text


async def test_yes_mends_every_slip_and_keeps_the_other_topics(world: WorldRunner) -> None:
    async with world() as w:
        [asked] = await w.command(READER, "/subscribe bordrs trad ceasefire")
        said = asked.plain_text
        assert ("bordrs (did you mean the topic borders?), trad (did you mean the topic trade? /subscribe borders "
                "trade ceasefire)") in said, said

        said = await answer(w, "yes")
        assert "already subscribed; updated" in said and "on borders, trade, ceasefire" in said, said
        sub = sub_store.get(w.db, "telegram", str(READER))
        assert sub is not None and sub.topics == ["borders", "trade", "ceasefire"], sub

        said = await answer(w, "yes")
        assert "Communiqué answers commands" in said, f"an offer is taken once: {said}"

        [right] = await w.command(READER, "/subscribe borders")
        assert "did you mean" not in right.plain_text, right.plain_text
        said = await answer(w, "yes")
        assert "Communiqué answers commands" in said, f"nothing was asked: {said}"
