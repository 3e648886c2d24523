"""A reader who edits `/follow Velmora` into `/follow Maren`, on Communiqué running on the Telegram peer: the edit is
how a Telegram user corrects a command, and the chat then followed both, the reply saying nothing of Velmora. The
reply to the edit now says what the message did before it, and how to undo it; `/unfollow` likewise.
"""

from __future__ import annotations

from storage import tracking as tracking_store
from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.conftest import WorldRunner

READER = 3561


async def test_an_edited_follow_says_what_the_message_followed_before(world: WorldRunner,
                                                                     telegram_peer: TelegramPeer) -> None:
    async with world() as w:
        sent = telegram_peer.send_command(READER, "/follow Velmora", user_id=READER)
        [first] = await w.messages(READER, 1)
        assert "now follows Velmora" in first.plain_text, first.plain_text

        telegram_peer.edit_message(READER, sent.message_id, "/follow Maren", user_id=READER)
        [edited] = (await w.messages(READER, 2))[1:]
        said = edited.plain_text
        assert "now follows Maren" in said, said
        assert ("Before its edit, this message followed Velmora, which this chat still follows: /unfollow Velmora "
                "stops that.") in said, said
        assert sorted(f.actor_name for f in tracking_store.follows(w.db, "telegram", str(READER))) == \
            ["Maren", "Velmora"], "nothing undone unasked"

        gone = telegram_peer.send_command(READER, "/unfollow Velmora", user_id=READER)
        await w.messages(READER, 3)
        telegram_peer.edit_message(READER, gone.message_id, "/unfollow Maren", user_id=READER)
        [undone] = (await w.messages(READER, 4))[3:]
        assert "no longer follows Maren" in undone.plain_text, undone.plain_text
        assert ("Before its edit, this message stopped following Velmora: /follow Velmora follows again."
                in undone.plain_text), undone.plain_text

        plain = telegram_peer.send_command(READER, "/follow Ana Kovač", user_id=READER)  # an edit to the same name
        await w.messages(READER, 5)
        telegram_peer.edit_message(READER, plain.message_id, "/follow Ana Kovac", user_id=READER)
        [same] = (await w.messages(READER, 6))[5:]
        assert "Before its edit" not in same.plain_text, same.plain_text
