"""A forum (a supergroup with topics) whose administrators subscribed one topic, on Communiqué running on the
Telegram peer. Asked in another topic or in the General topic, the bot said "This topic is not subscribed" and
"This chat is not subscribed", as if the group got nothing: a member went without the digests a click away, and an
administrator's /subscribe in General added a second digest beside the topic's, unsaid. Each answer there now says
which topics of the group get digests of their own, with a link to each.
"""

from __future__ import annotations

from storage import subscriptions as sub_store
from tests.peers.telegram_peer import BotMessage, TelegramPeer
from tests.telegram.conftest import WorldRunner

GROUP = -1001350070
ADMIN = 3521
MEMBER = 3522
NEWS, CHATTER = 11, 22
NEWS_LINK = "https://t.me/c/1350070/11"


async def in_topic(peer: TelegramPeer, text: str, user: int, topic: int | None) -> BotMessage:
    """`text` sent in `topic` (None: the General topic); the bot's one answer, which must come there."""
    before = len(peer.bot_messages(GROUP))
    if topic is None:
        peer.send_command(GROUP, text, user_id=user)
    else:
        peer.send_command(GROUP, text, user_id=user, topic=topic)
    [answer] = (await peer.await_bot_messages(GROUP, count=before + 1))[before:]
    assert answer.message_thread_id == topic, (text, answer.message_thread_id)
    return answer


async def test_other_topics_and_general_are_told_which_topic_gets_digests(world: WorldRunner,
                                                                          telegram_peer: TelegramPeer) -> None:
    telegram_peer.add_chat(GROUP, "supergroup", title="News desk", is_forum=True)
    telegram_peer.set_member(GROUP, ADMIN, "administrator", notify=False)
    telegram_peer.set_member(GROUP, MEMBER, "member", notify=False)
    async with world() as w:
        subscribed = await in_topic(telegram_peer, "/subscribe trade", ADMIN, NEWS)
        assert subscribed.plain_text.startswith("This topic is now subscribed"), subscribed.plain_text
        assert "Another topic" not in subscribed.plain_text, "the topic that has the digests is not sent to itself"

        said = ("Another topic of this group gets digests of its own (" + NEWS_LINK
                + "): /settings or /unsubscribe there changes them.")
        for text, user, topic in (("/digest", MEMBER, CHATTER), ("/settings", MEMBER, CHATTER),
                                  ("/unsubscribe", ADMIN, CHATTER), ("/digest", MEMBER, None)):
            answer = await in_topic(telegram_peer, text, user, topic)
            assert "not subscribed" in answer.plain_text, (text, answer.plain_text)
            assert said in answer.plain_text, (text, topic, answer.plain_text)

        # A time set, or someone followed, where no digest goes: meant for the topic's digests, maybe.
        for text, topic in (("/settings time 09:00", None), ("/follow Velmora", CHATTER)):
            answer = await in_topic(telegram_peer, text, ADMIN, topic)
            assert "not subscribed yet" in answer.plain_text, (text, answer.plain_text)
            assert said in answer.plain_text, (text, topic, answer.plain_text)

        general = await in_topic(telegram_peer, "/subscribe", ADMIN, None)  # a second digest, now said
        assert general.plain_text.startswith("This chat is now subscribed"), general.plain_text
        assert said in general.plain_text, general.plain_text
        for chat_id in (f"{GROUP}/{NEWS}", str(GROUP)):
            sub = sub_store.get(w.db, "telegram", chat_id)
            assert sub is not None and sub.active, chat_id
