"""A second `communique run` on the same token with a database of its own, as an operator starts one by mistake.

The file lock refuses a second bot on the same database file; it cannot see another file. A cron job or a second
unit that runs `communique --config /etc/communique/config.toml run` from another folder, with the config's
`[storage] path` relative (as the example writes it), begins a new, empty database there and is a second bot on the
bot's token; a restored backup or a moved database started while the first still runs is another. Telegram tells:
the two polls supersede each other (409 Conflict). Before, both sent every digest, each from its own database, and
every chat got each story twice; now neither sends a digest while the other polls, and both say why.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import pytest

from tests.feedserver import FeedServer
from tests.helpers import wait_until_blocking
from tests.ops.conftest import get
from tests.reliability.harness import Deployment
from tests.reliability.telegram_world import CHATS, STORIES, received, telegram_config

HELD = "another program is polling Telegram with this bot's token"


@pytest.fixture
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_second_bot_with_its_own_database_sends_no_chat_a_story_twice(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, free_port: int
) -> None:
    config = telegram_config(feed_server, telegram_peer)
    env = {"TELEGRAM_BOT_TOKEN": telegram_peer.token}
    first = deploy(config, name="service", env=env)
    run = first.start()
    first.wait_for(lambda: first.delivered_to(CHATS, STORIES), 90, run, "every chat's digest")
    wait_until_blocking(lambda: all(not r.lost for r in received(telegram_peer).values()), "the chats got it", 30)

    # The same config, started from another folder: its relative database path names a new, empty file there.
    config = {**config, "storage": {"path": "var/communique.db"}}
    second = deploy(config, name="cron", env=env)
    stray = second.start(args=["--metrics", str(free_port)])
    second.wait_for(lambda: (second.scalar("SELECT COUNT(*) FROM deliveries") or 0) >= len(CHATS), 60, stray,
                    "the second bot's plans")
    wait_until_blocking(lambda: HELD in stray.stderr, "the second bot told of the first", 30)
    wait_until_blocking(lambda: get(f"http://127.0.0.1:{free_port}/healthz").status == 503, "unhealthy", 30)
    # Long enough for the second bot's digests to go, at one message a second per chat, had they gone.
    tried = "SELECT COUNT(*) FROM deliveries WHERE attempts > 0"
    wait_until_blocking(lambda: (second.scalar(tried) or 0) >= len(CHATS), "the second bot tried its digests", 60)

    for chat in received(telegram_peer).values():
        twice = sorted(url for url, n in chat.counts.items() if n > 1)
        assert not twice, f"chat {chat.chat} got {len(twice)} stories twice: {twice[:3]}"
    assert second.scalar("SELECT COUNT(*) FROM deliveries WHERE state = 'sent'") == 0
    assert second.scalar("SELECT COUNT(*) FROM deliveries WHERE state = 'failed'") == 0  # held, not given up
    stray.terminate()
    run.terminate()
    for bot in (stray, run):
        said = [line for line in bot.stderr.splitlines() if HELD in line]
        assert said and "digests on Telegram wait until it stops" in said[0], bot.stderr[-3000:]
