"""Two `communique run` on one Discord token, each with its own database, as two machines run them (a restored copy
started on a new host while the old one still runs). The per-machine claim on the token cannot see across hosts;
here the two bots name the one Discord peer by two addresses (127.0.0.1 and localhost), which the claim takes for
two servers, so both start as they would on two machines.

Discord tells neither session of the other, but it sends each bot its own posts (MESSAGE_CREATE with the bot as
author): a post of this bot's user that this process did not make is another program posting with the token. Each
chat got every story twice and nothing said why; now each bot's log says so, and /healthz answers 503.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import sys
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from tests.discord.conftest import CHANNEL
from tests.factories import rss
from tests.feedserver import FeedServer
from tests.peers.fake_discord import FakeDiscord
from tests.reliability.stories import story_items

REPO = Path(__file__).resolve().parents[2]
HOST = "https://press.example"
SAID = "another program posts with this bot's Discord token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def health(port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as refused:
        return int(refused.code)


async def test_two_bots_on_one_discord_token_on_two_machines_each_say_so(
    fake_discord: FakeDiscord, feed_server: FeedServer, tmp_path: Path
) -> None:
    # Weeks old at the first read: kept from the chats by both bots, which post only what comes after.
    feed_server.route("/press.xml", body=rss(story_items(range(0, 3), HOST), title="Press office"))
    env = {**os.environ, "COMMUNIQUE_E2E_DISCORD_TOKEN": fake_discord.token, "PYTHONUNBUFFERED": "1",
           "PYTHONPATH": str(REPO)}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    runs: list[tuple[asyncio.subprocess.Process, Path, int]] = []
    try:
        for n, api in enumerate((fake_discord.base_url, fake_discord.base_url.replace("127.0.0.1", "localhost"))):
            home = tmp_path / f"host{n}"
            home.mkdir()
            port = free_port()
            (home / "config.toml").write_text(
                f'[storage]\npath = "{home / "communique.db"}"\n\n[metrics]\nlisten = "127.0.0.1:{port}"\n\n'
                '[fetch]\nallow_private_addresses = true\nfetch_full_text = false\n\n'
                f'[discord]\ntoken_env = "COMMUNIQUE_E2E_DISCORD_TOKEN"\napi_base_url = "{api}"\n'
                f'test_guild = "{fake_discord.guild_id}"\n\n'
                f'[[sources]]\nname = "Press office"\nurl = "{feed_server.url("/press.xml")}"\ninterval = 3600\n\n'
                f'[[subscriptions]]\nplatform = "discord"\nchat_id = "{CHANNEL}"\nmode = "instant"\n'
            )
            with (home / "run.err").open("wb") as err:
                process = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "bot", "run", "--config", str(home / "config.toml"), "--tick", "0.3",
                    cwd=home, env=env, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
                    stderr=err,
                )
            runs.append((process, home / "run.err", port))
        for _ in range(600):  # both connected to the gateway, where each is sent the other's posts
            if len([s for s in fake_discord.gateway_sessions if s.identified and not s.socket.closed]) == 2:
                break
            await asyncio.sleep(0.1)
        news = story_items(range(100, 103), HOST, newest=datetime.now(UTC)) + story_items(range(0, 3), HOST)
        feed_server.route("/press.xml", body=rss(news, title="Press office"))
        for _, log, _ in runs:
            with sqlite3.connect(log.with_name("communique.db")) as due:
                due.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")
            due.close()
        for _ in range(1200):  # each post is checked 5 s after it arrives; a loaded machine takes longer
            logs = [log.read_text(errors="replace") for _, log, _ in runs]
            if all(SAID in text for text in logs) or any(p.returncode is not None for p, _, _ in runs):
                break
            await asyncio.sleep(0.1)
        assert all(p.returncode is None for p, _, _ in runs), [log.read_text()[-2000:] for _, log, _ in runs]
        assert all(SAID in text for text in logs), [text[-2000:] for text in logs]
        assert [health(port) for _, _, port in runs] == [503, 503]
    finally:
        for process, _, _ in runs:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process, _, _ in runs:
            await asyncio.wait_for(process.wait(), timeout=30)
    for process, log, _ in runs:
        output = log.read_text(errors="replace")
        assert process.returncode == 0 and "Traceback" not in output, output[-3000:]
