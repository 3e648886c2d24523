"""Replies Telegram holds back with a long rate limit (429, retry after more than a reply waits), on Communiqué
running on the Telegram peer: the chat is told once the limit is over which of its commands went unanswered.

A busy group (a digest in parts, members asking /latest after it) meets Telegram's limit of about 20 messages a
minute, and Telegram answers every message to it "retry after 12 s" or more. A command's reply waits 10 s at most, so
those replies were dropped: the members saw their /latest and /topics unanswered, with nothing said then or after,
and the log said it only at the info level, as any lost reply. Other chats are answered meanwhile.
"""

from __future__ import annotations

import asyncio

from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.conftest import WorldRunner

GROUP = -1003838
MEMBER = 3801
READER = 3802  # someone else, in a private chat, while the group is held back


async def test_a_group_held_back_by_a_rate_limit_is_told_which_commands_went_unanswered(
        world: WorldRunner, telegram_peer: TelegramPeer, caplog) -> None:
    telegram_peer.add_chat(GROUP, "supergroup", title="Harbour Desk")
    telegram_peer.set_member(GROUP, MEMBER, "member", notify=False)
    async with world() as w:
        await w.command(GROUP, "/sources", user_id=MEMBER)
        before = len(telegram_peer.bot_messages(GROUP))
        telegram_peer.inject_fault("sendMessage", "retry_after", times=2, chat_id=GROUP, retry_after=12)
        telegram_peer.send_command(GROUP, "/latest 1", user_id=MEMBER)
        await asyncio.sleep(0.5)
        telegram_peer.send_command(GROUP, "/topics", user_id=MEMBER)

        [elsewhere] = await w.command(READER, "/sources", timeout=5)
        assert "Ministry Wire" in elsewhere.plain_text, "another chat is answered while the group is held back"

        [note] = (await w.messages(GROUP, before + 1, timeout=30))[before:]
        said = note.plain_text
        assert "/latest 1" in said and "/topics" in said, f"the commands left unanswered are named: {said}"
        assert "Telegram" in said and "Send again" in said, said
        assert len(await w.quiet(GROUP, 1.0)) == before + 1, "one note, and the held replies are not sent late"
        assert any("held back" in r.getMessage() and r.levelname == "WARNING" for r in caplog.records), \
            "the log says it as a warning"


async def test_a_stop_before_the_limit_is_over_says_in_the_log_which_chat_was_not_told(
        world: WorldRunner, telegram_peer: TelegramPeer, caplog) -> None:
    """The bot stopped (a restart, a deploy) while Telegram still held the group's messages back: the note waiting
    for the limit to end is dropped with the process, and the log had said the chat "is told which once it is over".
    The stop says which chat was not told, and of which commands, so the operator can tell them."""
    telegram_peer.add_chat(GROUP, "supergroup", title="Harbour Desk")
    telegram_peer.set_member(GROUP, MEMBER, "member", notify=False)
    async with world() as w:
        await w.command(GROUP, "/sources", user_id=MEMBER)
        telegram_peer.inject_fault("sendMessage", "retry_after", times=1, chat_id=GROUP, retry_after=120)
        telegram_peer.send_command(GROUP, "/latest 1", user_id=MEMBER)
        for _ in range(100):
            if any("held back" in r.getMessage() for r in caplog.records):
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("the reply was never held back")
    untold = [r.getMessage() for r in caplog.records if "not told" in r.getMessage()]
    assert len(untold) == 1 and str(GROUP) in untold[0] and "/latest 1" in untold[0], untold
