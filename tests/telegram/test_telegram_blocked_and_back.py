"""A reader who blocked the bot in their private chat, then unblocked it and sent /start, on the Telegram peer.

Blocked, the bot's digests were refused until they stopped. Back, the reader was told "Digests here stopped on
<day>: Telegram refused my messages (Forbidden: bot was blocked by the user). Once I may post here again, /subscribe
starts them again." They sent /subscribe, as told, and their chat, subscribed on borders, was subscribed on
everything: the command named dropped the topics it had. It is now the command that brings the digests back as
they were, "/subscribe borders", as /unsubscribe's answer names it.
"""

from __future__ import annotations

from storage import subscriptions as sub_store
from tests.helpers import wait_until
from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.conftest import WorldRunner

READER = 3293


def active(w: object) -> bool:
    sub = sub_store.get(w.db, "telegram", str(READER))  # type: ignore[attr-defined]
    return sub is not None and sub.active


async def test_a_reader_back_after_blocking_the_bot_is_told_the_command_that_keeps_their_topics(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    async with world() as w:
        await w.command(READER, "/subscribe borders")
        await w.command(READER, "/settings time 07:15")
        telegram_peer.block_bot(READER)
        assert (await w.runtime.request_digest(sub_store.get(w.db, "telegram", str(READER)))).stories == 4
        await wait_until(lambda: not active(w), "the chat dropped after its refusals", timeout=20)
        telegram_peer.set_member(READER, telegram_peer.bot_id, "member", by_user_id=READER)  # unblocked

        [start] = await w.command(READER, "/start")
        assert "Digests here stopped on" in start.plain_text, start.plain_text
        assert "/subscribe borders starts them again" in start.plain_text, start.plain_text
        [digest] = await w.command(READER, "/digest")
        assert "/subscribe borders starts them again" in digest.plain_text, digest.plain_text

        [back] = await w.command(READER, "/subscribe borders")
        assert "now subscribed: a daily digest at 07:15" in back.plain_text and "on borders" in back.plain_text, (
            back.plain_text)
        assert sub_store.get(w.db, "telegram", str(READER)).topics == ["borders"]
