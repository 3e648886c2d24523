"""A Communiqué deployment on the local Telegram peer: several chats that each get a digest of many messages, and
the means to read, chat by chat, which stories arrived how often.

Chats want each story as it arrives ("instant"), so the first ingest plans one digest per chat of every story;
at Telegram's pace (one message a second per chat) such a digest takes seconds to send, long enough to kill or
stop the bot in the middle of it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from tests.feedserver import FeedServer
from tests.reliability.stories import feed, link

SOURCES = 3
PER_SOURCE = 6
STORIES = SOURCES * PER_SOURCE
CHATS = (7101, 7102, 7103, 7104)
OPERATOR = 7100
STORY_LINK = re.compile(r"^https://press\d\.example/press/\d+$")


def host(source: int) -> str:
    return f"https://press{source}.example"


def all_links() -> list[str]:
    return [link(host(s), n) for s in range(SOURCES) for n in range(s * PER_SOURCE, (s + 1) * PER_SOURCE)]


def telegram_config(feed_server: FeedServer, peer: Any, chats: tuple[int, ...] = CHATS, **extra: Any) -> dict:
    for s in range(SOURCES):
        feed_server.route(f"/s{s}.xml", body=feed(range(s * PER_SOURCE, (s + 1) * PER_SOURCE), host(s)))
    for chat in (*chats, OPERATOR):
        peer.add_chat(chat, "private")
    return {
        "fetch": {"allow_private_addresses": True, "timeout": 5, "fetch_full_text": False},
        "digest": {"max_items": 20},
        "telegram": {"api_base_url": peer.base_url, "poll_interval": 0.05, "operators": [OPERATOR]},
        "sources": [
            {"name": f"Press office {s}", "url": feed_server.url(f"/s{s}.xml"), "interval": 3600}
            for s in range(SOURCES)
        ],
        "subscriptions": [
            {"platform": "telegram", "chat_id": str(chat), "mode": "instant", "max_items": 20} for chat in chats
        ],
        **extra,
    }


@dataclass
class Received:
    """What one chat received: its digest messages (the story links of each) in order."""

    chat: int
    messages: list[list[str]]

    @property
    def counts(self) -> Counter:
        return Counter(url for message in self.messages for url in message)

    @property
    def lost(self) -> list[str]:
        return [url for url in all_links() if self.counts[url] == 0]

    @property
    def repeated_messages(self) -> int:
        """Messages whose every story the chat had already received in an earlier message."""
        seen: set[str] = set()
        repeats = 0
        for message in self.messages:
            if message and all(url in seen for url in message):
                repeats += 1
            seen.update(message)
        return repeats


def received(peer: Any, chats: tuple[int, ...] = CHATS) -> dict[int, Received]:
    return {
        chat: Received(chat, [links for links in ([u for u in m.links() if STORY_LINK.match(u)]
                                                  for m in peer.bot_messages(chat)) if links])
        for chat in chats
    }


def check_chats(peer: Any, in_flight_bound: int, chats: tuple[int, ...] = CHATS) -> tuple[int, int]:
    """Every chat got every story; each chat at most one repeated message, all chats together at most
    `in_flight_bound`. Returns (repeated messages, lost stories)."""
    by_chat = received(peer, chats)
    lost = sum(len(r.lost) for r in by_chat.values())
    repeated = sum(r.repeated_messages for r in by_chat.values())
    for r in by_chat.values():
        assert not r.lost, f"chat {r.chat} is missing {r.lost}"
        assert r.repeated_messages <= 1, f"chat {r.chat} got {r.repeated_messages} repeated messages"
        extra = [url for url, n in r.counts.items() if n > 1]
        assert len(extra) <= max((len(m) for m in r.messages), default=0), "repeats beyond one message"
        assert len(r.messages) >= 2, "a digest of several messages"
    assert repeated <= in_flight_bound
    return repeated, lost
