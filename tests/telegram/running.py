"""`communique run` in its own process, reading one local feed and serving one private chat on the Telegram peer:
the set-up the Telegram end-to-end tests of following, pledges and story edits share.

The source is read once an hour, so a test decides when it is read again (`due_now`), and a test's user talks to
the bot through `chat_with`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.feedserver import FeedServer
from tests.peers.telegram_peer import BotMessage, TelegramPeer
from tests.reliability.harness import Deployment


def one_feed_deployment(folder: Path, feed_server: FeedServer, peer: TelegramPeer, *, source: str,
                        path: str) -> Deployment:
    """A deployment whose one source, `source`, is the feed server's `path`, with full text off (the stories are
    the feed's), talking to the peer with the peer's token."""
    return Deployment(folder, {
        "fetch": {"allow_private_addresses": True, "timeout": 5, "fetch_full_text": False},
        "telegram": {"api_base_url": peer.base_url, "poll_interval": 0.05},
        "sources": [{"name": source, "url": feed_server.url(path), "interval": 3600}],
    }, env={"TELEGRAM_BOT_TOKEN": peer.token})


def due_now(deployment: Deployment) -> None:
    """Every source due at once (not in an hour): the running bot reads the feed again at its next tick."""
    deployment.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")


def chat_with(peer: TelegramPeer, user: int) -> Callable[..., list[BotMessage]]:
    """`say(text, count=1)`: the user sends `text` in their private chat and gets the bot's next `count` messages
    there (waited for, up to 30 s)."""

    def say(text: str, count: int = 1) -> list[BotMessage]:
        before = len(peer.bot_messages(user))
        peer.send_command(user, text, user_id=user)
        return peer.wait_for_bot_messages(user, count=before + count, timeout=30)[before:]

    return say
