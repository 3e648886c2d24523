"""One platform leaving every send unanswered does not hold up another's: Telegram (the local peer) takes each
sendMessage and never answers within the send's minute, while one `communique run` also serves a Discord channel
(the local Discord peer)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from typing import Any

from tests.conftest import REPO
from tests.feedserver import FeedServer
from tests.reliability.harness import to_toml
from tests.reliability.telegram_world import telegram_config

TELEGRAM_CHATS = tuple(range(7401, 7441))  # more chats than the sender has sends in flight on one platform (32)
CHANNEL = "1180000000000000001"


async def test_a_platform_whose_sends_go_unanswered_holds_up_no_other_platform(
    feed_server: FeedServer, telegram_peer: Any, tmp_path: Path
) -> None:
    """Forty Telegram chats' sends hung (Telegram took the connection and did not answer): the sender waited for
    one of them to end before starting any other send, so the Discord channel's digest waited a minute behind them,
    and again behind the next ones."""
    from tests.peers.fake_discord import running_fake_discord

    peer = telegram_peer
    config = telegram_config(feed_server, peer, chats=TELEGRAM_CHATS)
    peer.inject_fault("sendMessage", "delay", times=1000, delay_ms=90_000)
    async with running_fake_discord() as discord:
        config["storage"] = {"path": str(tmp_path / "communique.db")}
        config["discord"] = {"token_env": "DISCORD_BOT_TOKEN", "api_base_url": discord.base_url,
                             "test_guild": str(discord.guild_id)}
        config["subscriptions"].append({"platform": "discord", "chat_id": CHANNEL, "mode": "instant",
                                        "max_items": 20})
        (tmp_path / "config.toml").write_text(to_toml(config))
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": peer.token, "DISCORD_BOT_TOKEN": discord.token,
               "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)}
        log = tmp_path / "stderr.log"
        with log.open("w") as stderr:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "--config", str(tmp_path / "config.toml"), "run", "--tick", "0.3",
                cwd=tmp_path, env=env, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
                stderr=stderr)
        try:
            await discord.wait_for(lambda c: c.route.startswith("POST /channels/") and c.status == 200,
                                   timeout=120)
            said = log.read_text()
            assert "Telegram gave no answer" not in said, "Discord's digest waited for Telegram's sends to be given up"
            assert [m for m in discord.messages(CHANNEL) if m["type"] == 0], "the digest is in the channel"
            assert len([c for c in peer.calls("sendMessage")]) == 0, "no Telegram send was answered yet"
        finally:
            peer.clear_faults()
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), timeout=60)
    assert code == 0, log.read_text()[-3000:]
