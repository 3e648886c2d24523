"""A Communiqué deployment on the local Discord peer (tests/peers/fake_discord.py), for `communique run` as a
subprocess: the peer runs in its own thread and event loop, so a test can wait synchronously while the bot,
another process, talks to it. Channels want each story as it arrives, so each gets a digest of several
messages (ten story embeds a message)."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from tests.feedserver import FeedServer
from tests.peers.fake_discord import FakeDiscord
from tests.reliability.stories import feed
from tests.reliability.telegram_world import PER_SOURCE, SOURCES, STORY_LINK, all_links, host

CHANNELS = ("1190000000000000001", "1190000000000000002", "1190000000000000003")
TOKEN = "MTE5MDAwMDAwMDAwMDAwMDAw.GcQmXy.CommuniqueRelDiscordSecret-0123456789ab"


@contextmanager
def discord_peer_thread() -> Iterator[FakeDiscord]:
    """A started FakeDiscord served from a background thread's event loop; stopped on exit."""
    fake = FakeDiscord(token=TOKEN)
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(fake.start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True, name="discord-peer")
    thread.start()
    if not ready.wait(10):
        raise RuntimeError("the Discord peer did not start")
    try:
        yield fake
    finally:
        asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


def discord_config(feed_server: FeedServer, fake: FakeDiscord, channels: tuple[str, ...] = CHANNELS) -> dict:
    for s in range(SOURCES):
        feed_server.route(f"/s{s}.xml", body=feed(range(s * PER_SOURCE, (s + 1) * PER_SOURCE), host(s)))
    for channel in channels:
        fake.add_channel(channel)
    return {
        "fetch": {"allow_private_addresses": True, "timeout": 5, "fetch_full_text": False},
        "digest": {"max_items": 20},
        "discord": {"api_base_url": fake.base_url, "test_guild": str(fake.guild_id)},
        "sources": [
            {"name": f"Press office {s}", "url": feed_server.url(f"/s{s}.xml"), "interval": 3600}
            for s in range(SOURCES)
        ],
        "subscriptions": [
            {"platform": "discord", "chat_id": channel, "mode": "instant", "max_items": 20} for channel in channels
        ],
    }


def channel_digests(fake: FakeDiscord, channel: str) -> list[list[str]]:
    """The story links of each digest message the bot posted in a channel, oldest first."""
    messages = []
    for message in fake.messages(channel):
        links = [e.get("url", "") for e in message.get("embeds") or []]
        links = [u for u in links if STORY_LINK.match(u)]
        if links:
            messages.append(links)
    return messages


def check_channels(fake: FakeDiscord, in_flight_bound: int, channels: tuple[str, ...] = CHANNELS) -> tuple[int, int]:
    """Every channel got every story, at most one message twice per channel. Returns (repeated, lost)."""
    repeated = lost = 0
    for channel in channels:
        messages = channel_digests(fake, channel)
        counts = Counter(u for m in messages for u in m)
        missing = [u for u in all_links() if not counts[u]]
        seen: set[str] = set()
        repeats = 0
        for message in messages:
            if all(u in seen for u in message):
                repeats += 1
            seen.update(message)
        assert not missing, f"channel {channel} is missing {missing}"
        assert repeats <= 1, f"channel {channel} got {repeats} repeated messages"
        assert len(messages) >= 2, "a digest of several messages"
        repeated += repeats
        lost += len(missing)
    assert repeated <= in_flight_bound
    return repeated, lost


def any_token_part_in(text: str) -> bool:
    return any(part in text for part in (TOKEN, TOKEN.split(".")[-1]))
