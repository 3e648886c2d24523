"""A group that removed Communiqué, and added it back days later, on the Telegram peer.

Removed, the bot's digests there were refused until they stopped. Added back, its subscription came back with its
topics and settings (`may_post_again`), and the group was greeted as any subscribed group asking /start is: "This
chat is subscribed: a daily digest at 08:00...". Nothing said that its digests had stopped, since when, or what
the next digest would bring: the refused stories and the last day's, not the days between, which a reader took for
"nothing happened while it was away". The greeting now says when and why they stopped, that they start again,
what the next digest brings, and how to reach back further (/subscribe since 7d).
"""

from __future__ import annotations

from datetime import UTC, datetime

from storage import subscriptions as sub_store
from tests.helpers import wait_until
from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.conftest import WorldRunner

GROUP = -100730
ADMIN = 513


def active(w: object, chat_id: int) -> bool:
    sub = sub_store.get(w.db, "telegram", str(chat_id))  # type: ignore[attr-defined]
    return sub is not None and sub.active


async def test_a_group_that_adds_the_bot_back_is_told_its_digests_stopped_and_what_comes_next(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    telegram_peer.add_chat(GROUP, "supergroup", title="Foreign Desk")
    telegram_peer.set_member(GROUP, ADMIN, "administrator", notify=False)
    async with world() as w:
        await w.command(GROUP, "/subscribe trade", user_id=ADMIN)
        telegram_peer.set_member(GROUP, telegram_peer.bot_id, "left", by_user_id=ADMIN)  # removed from the group
        sub = sub_store.get(w.db, "telegram", str(GROUP))
        stopped_on = f"{datetime.now(UTC):%-d %b %Y}"
        assert (await w.runtime.request_digest(sub)).stories == 2
        await wait_until(lambda: not active(w, GROUP), "the group dropped after its refusals", timeout=20)
        before = len(telegram_peer.bot_messages(GROUP))

        telegram_peer.set_member(GROUP, telegram_peer.bot_id, "member", by_user_id=ADMIN)  # added back
        [greeting] = (await w.messages(GROUP, before + 1))[before:]
        said = greeting.plain_text
        assert "This chat is subscribed" in said, said
        assert f"Digests here had stopped on {stopped_on}" in said, said
        assert "bot is not a member" in said or "refused" in said, said
        assert "start again now" in said, said
        assert "the stories Telegram refused" in said and "last 24 hours" in said, said
        assert "/subscribe since 7d" in said, said
        assert "/subscribe starts them again" not in said, f"they have started: {said}"
        assert active(w, GROUP)

