"""End to end on Discord: a channel subscribed with /subscribe gets its scheduled digest through the runtime's
clock, ledger and sender; two platforms share one runtime; and `communique run` itself serves Discord.

Everything is real except Discord, which the local peer plays on 127.0.0.1 (no gateway: interactions are fed
to the client as the gateway would deliver them).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.platforms.discord.platform import DiscordPlatform
from bot.runtime import Runtime, daily_key, last_fire_time
from storage import connect
from storage import deliveries as ledger
from storage import subscriptions as sub_store
from storage.records import ArticlePledge, ArticleQuote, SettingsChange
from tests.discord.conftest import CHANNEL, MANAGER, MEMBER, OTHER_CHANNELS, DiscordBot, discord_config
from tests.helpers import DEFAULTS, RecordingPlatform, wait_until
from tests.peers.discord_rules import problems as discord_problems
from tests.peers.fake_discord import MANAGER_PERMISSIONS, FakeDiscord, interaction_payload

REPO = Path(__file__).resolve().parents[2]
SECOND_CHANNEL = OTHER_CHANNELS[0]
HOSTILE_TITLE = (
    "@everyone @here <@&123456789012345678> <@987654321098765432> **Summit** __collapses__ ~~or not~~ "
    "[click](https://evil.example) `code` ||spoiler|| > quote # heading " + "filibuster " * 120
)
LONG_SUMMARY = [
    "The envoys met in the old customs house and argued over the annex, the map and the sequencing of steps. "
    * 8
]


def add_stories(bot: DiscordBot, count: int) -> list[str]:
    """`count` invented stories, the newest hostile and huge; returns their URLs newest first."""
    for n in range(count):
        newest = n == count - 1
        bot.add_story(
            n,
            title=HOSTILE_TITLE if newest else None,
            summary=["@everyone " + "An extremely long readout without a single full stop " * 300] if newest else LONG_SUMMARY,
            quotes=[ArticleQuote("@everyone", "<@&123456789012345678> we will *never* sign " * (40 if newest else 2))],
            pledges=[
                ArticlePledge(f"Delegation {k} @here", "withdraw the patrol boats " * 20, "x",
                              "by the end of the month", "2026-11-30")
                for k in range(8 if newest else 1)
            ],
        )
    return [f"https://ministry.example/press/{n}" for n in range(count - 1, -1, -1)]


def fire_in(sub: dict, seconds: float, zone: str) -> tuple[datetime, SettingsChange]:
    """The subscription's daily time set `seconds` from now (HH:MM:SS, in `zone`), as a user would see it."""
    fire_at = (datetime.now(UTC) + timedelta(seconds=seconds)).replace(microsecond=0)
    local = fire_at.astimezone(ZoneInfo(zone))
    return fire_at, SettingsChange(time=local.strftime("%H:%M:%S"), timezone=zone)


def everything_sent(runtime: Runtime) -> bool:
    """True once the ledger holds deliveries and every one of them is sent."""
    states = [r[0] for r in runtime.db.execute("SELECT state FROM deliveries").fetchall()]
    return bool(states) and all(state == "sent" for state in states)


def assert_no_pings(messages: list[dict]) -> None:
    for message in messages:
        assert message["mention_everyone"] is False, message["content"]
        assert message["mentions"] == [] and message["mention_roles"] == []


async def test_a_channel_subscribed_with_slash_gets_its_scheduled_digest_once_within_limits(
    fake_discord: FakeDiscord, make_config
) -> None:
    config = discord_config(make_config, fake_discord)
    platform = DiscordPlatform(config.discord, fake_discord.token, connect_gateway=False)  # Discord's real pacing
    runtime = Runtime(config, {"discord": platform}, tick_seconds=3600)
    await runtime.start()
    bot = DiscordBot(fake_discord, runtime, platform)
    try:
        urls = add_stories(bot, 10)
        subscribed = await bot.as_manager("subscribe")
        assert "now subscribed" in subscribed.content
        sub = bot.subscription()
        fire_at, when = fire_in(sub, 2.0, "Asia/Kolkata")
        fire_at_monotonic = time.monotonic() + (fire_at - datetime.now(UTC)).total_seconds()
        sub = sub_store.update_settings(runtime.db, sub.id, when)
        runtime.schedule_subscription(sub)
        assert bot.channel_posts() == [], "nothing before its time"

        await wait_until(lambda: everything_sent(runtime), timeout=20)
        posts = bot.channel_posts()
        first_call = fake_discord.calls_to("POST /channels/{channel_id}/messages", channel_id=CHANNEL)[0]
        assert first_call.at >= fire_at_monotonic - 0.05, "not before its time"

        assert len(posts) >= 2, "a long digest is split between messages"
        assert [discord_problems(p) for p in posts] == [[]] * len(posts), "every message within Discord's limits"
        assert_no_pings(posts)
        embeds = [e for p in posts for e in p["embeds"]]
        assert [e["url"] for e in embeds] == urls[:8], "the 8 newest stories, each once, newest first"
        assert posts[0]["content"].startswith("**Communiqué digest") and posts[0]["content"].endswith(f"(1/{len(posts)})")
        assert embeds[0]["title"].startswith("@\u200beveryone") and len(embeds[0]["title"]) <= 256

        await asyncio.sleep(1.0)
        assert len(bot.channel_posts()) == len(posts), "sent once"
        key = daily_key(last_fire_time(bot.subscription(), datetime.now(UTC)))
        assert ledger.has_digest(runtime.db, sub.id, key), "planned under today's key in the subscriber's zone"
        assert await runtime.fire_daily(sub.id) == 0, "the same day's digest is planned once"
    finally:
        await runtime.stop()
        runtime.db.conn.close()


async def test_discord_and_another_platform_share_one_runtime_and_database(
    fake_discord: FakeDiscord, make_config
) -> None:
    config = discord_config(make_config, fake_discord)
    discord_platform = DiscordPlatform(config.discord, fake_discord.token, connect_gateway=False)
    other = RecordingPlatform(name="telegram")  # stands in for Telegram, which has its own emulator tests
    runtime = Runtime(config, {"discord": discord_platform, "telegram": other}, tick_seconds=3600)
    await runtime.start()
    bot = DiscordBot(fake_discord, runtime, discord_platform)
    try:
        urls = add_stories(bot, 3)
        await bot.as_manager("subscribe")
        chat, _ = sub_store.subscribe(runtime.db, platform="telegram", chat_id="-1001234567890", chat_kind="group",
                                      defaults=DEFAULTS)
        for sub in (bot.subscription(), chat):
            _, when = fire_in(sub, 2.0, "Europe/Lisbon")
            runtime.schedule_subscription(sub_store.update_settings(runtime.db, sub.id, when))
        await wait_until(lambda: everything_sent(runtime) and len(runtime.db.execute(
            "SELECT DISTINCT subscription_id FROM deliveries").fetchall()) == 2, timeout=15)
        discord_urls = [e["url"] for p in bot.channel_posts() for e in p["embeds"]]
        other_ids = [i for p in other.delivered("-1001234567890") for i in p["article_ids"]]
        assert discord_urls == urls
        assert [f"https://ministry.example/press/{i - 1}" for i in other_ids] == urls, "the same stories, one database"
        assert all(s.chat_id == "-1001234567890" for s in other.sends), "each platform only gets its own chats"
    finally:
        await runtime.stop()
        runtime.db.conn.close()


async def _log_until(process: asyncio.subprocess.Process, line: bytes, timeout: float) -> bytes:
    """The process's log (stderr) read while it runs, up to and including the first line holding `line`; all of
    it read so far if the line has not come within `timeout` seconds (the test's assertion then says so)."""
    assert process.stderr is not None
    seen = b""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while line not in seen and loop.time() < deadline:
        try:
            chunk = await asyncio.wait_for(process.stderr.readline(), timeout=max(0.1, deadline - loop.time()))
        except asyncio.TimeoutError:
            break
        if not chunk:
            break
        seen += chunk
    return seen


async def test_communique_run_serves_discord_from_the_samples_to_a_channel(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    feeds = REPO / "bot" / "samples" / "feeds"
    token = "communique-test-token"
    assert fake_discord.token == token
    config = tmp_path / "config.toml"
    config.write_text(
        f'[storage]\npath = "{tmp_path / "communique.db"}"\n\n'
        f'[discord]\ntoken_env = "COMMUNIQUE_E2E_DISCORD_TOKEN"\napi_base_url = "{fake_discord.base_url}"\n'
        f'test_guild = "{fake_discord.guild_id}"\n\n'
        f'[[sources]]\nname = "Foreign Ministry Press Office"\nurl = "{feeds / "foreign-ministry.xml"}"\n'
        f'tags = ["ministry"]\n\n'
        f'[[sources]]\nname = "World Wire"\nurl = "{feeds / "world-wire.atom"}"\ntags = ["wire"]\n\n'
        f'[[subscriptions]]\nplatform = "discord"\nchat_id = "{CHANNEL}"\nmode = "instant"\n'
    )
    env = {**os.environ, "COMMUNIQUE_E2E_DISCORD_TOKEN": token, "PYTHONUNBUFFERED": "1"}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "-v", "--config", str(config), "--tick", "1",
        cwd=REPO, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    early = b""
    try:
        await fake_discord.wait_for(lambda c: c.route.startswith("POST /channels/") and c.status == 200, timeout=40)
        await asyncio.sleep(1.5)  # the rest of the digest, if split
        assert {c["name"] for c in fake_discord.commands(fake_discord.guild_id)} >= {"subscribe", "latest", "status"}
        posts = [m for m in fake_discord.messages(CHANNEL) if m["type"] == 0]
        assert posts and all(discord_problems(p) == [] for p in posts)
        assert posts[0]["content"].startswith("**New from Communiqué")
        assert_no_pings(posts)
        assert len({e["url"] for p in posts for e in p["embeds"]}) == sum(len(p["embeds"]) for p in posts) > 0

        # Slash commands reach the process through its gateway connection.
        await fake_discord.wait_for_gateway(timeout=20)
        latest = await fake_discord.send_interaction(
            interaction_payload(fake_discord, "latest", {"count": 2}, channel_id=SECOND_CHANNEL, user_id=MEMBER)
        )
        await fake_discord.wait_for(lambda c: c.interaction_id == latest.id and c.route.startswith("POST /webhooks/"),
                                    timeout=10)
        reply = fake_discord.messages(SECOND_CHANNEL)[-1]
        assert reply["content"].startswith("**Latest 2 stories") and len(reply["embeds"]) == 2
        subscribe = await fake_discord.send_interaction(interaction_payload(
            fake_discord, "subscribe", {"topics": "wire"}, channel_id=SECOND_CHANNEL, user_id=MANAGER,
            permissions=MANAGER_PERMISSIONS,
        ))
        await fake_discord.wait_for(lambda c: c.interaction_id == subscribe.id, timeout=10)
        assert "now subscribed" in fake_discord.messages(SECOND_CHANNEL)[-1]["content"]
        # discord.py says it is ready two seconds after the last server arrives (its guild_ready_timeout), by which
        # time the commands above may have been answered: the log is read until then, not cut off by the stop.
        early = await _log_until(process, b"connected to Discord's gateway", timeout=20)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    output = (stdout + early + stderr).decode()
    assert process.returncode == 0, output[-3000:]
    assert "Communiqué running on discord" in output and "Communiqué stopped." in output
    # README: with -v "the log says it logged in, registered the slash commands and connected"; it said the first
    # two only, and a bot whose gateway never connected (so no slash command reached it) looked the same.
    assert "connected to Discord's gateway: slash commands are received" in output, output[-3000:]
    assert token not in output
    assert "Traceback" not in output, output[-3000:]
    database = connect(tmp_path / "communique.db")
    saved = sub_store.get(database, "discord", SECOND_CHANNEL)
    assert saved is not None and saved.topics == ["wire"], "the subscription made over the gateway was stored"
    database.conn.close()


async def test_communique_run_with_a_refused_token_says_so_and_exits(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    feeds = REPO / "bot" / "samples" / "feeds"
    config.write_text(
        f'[storage]\npath = "{tmp_path / "communique.db"}"\n\n'
        f'[discord]\ntoken_env = "COMMUNIQUE_E2E_DISCORD_TOKEN"\napi_base_url = "{fake_discord.base_url}"\n\n'
        f'[[sources]]\nname = "World Wire"\nurl = "{feeds / "world-wire.atom"}"\n'  # run refuses a config without one
    )
    wrong = "revoked-token-0f9e8d7c6b5a"
    env = {**os.environ, "COMMUNIQUE_E2E_DISCORD_TOKEN": wrong}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--config", str(config),
        cwd=REPO, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    output = (stdout + stderr).decode()
    assert process.returncode == 2, output[-2000:]
    assert "Discord refused the token in the environment variable COMMUNIQUE_E2E_DISCORD_TOKEN" in output
    assert wrong not in output and "Traceback" not in output, output[-2000:]
    # The file is fine, the token is not: no "Config [discord] is not valid:" heading sending one to config.toml.
    assert "is not valid" not in output and "communique: Discord refused the token" in output, output[-2000:]


async def test_a_token_reset_while_the_bot_runs_is_said_and_marks_discord_down(
    fake_discord: FakeDiscord, make_config: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    # Rotating the token (developer portal, Bot > Reset Token) while the bot runs: Discord drops the gateway, and
    # the bot's IDENTIFY with the old token is closed with 4004. discord.py closed the client and raised, and the
    # platform returned without a word: slash commands were never received again, while the bot looked connected.
    config = discord_config(make_config, fake_discord)
    platform = DiscordPlatform(config.discord, fake_discord.token)
    runtime = Runtime(config, {"discord": platform}, tick_seconds=3600)
    await platform.start(runtime.commands)
    try:
        first = await fake_discord.wait_for_gateway(timeout=20)
        assert platform.ready
        fake_discord.token = "reset-token-7a6b5c4d3e2f"  # the old token no longer identifies
        await first.socket.close(code=4000, message=b"reconnect")
        await wait_until(lambda: not platform.ready, "the refused token seen", timeout=30)
        assert platform.problem == "Discord refused the bot's token (reset?)"
        assert ("Discord refused the token in the environment variable DISCORD_BOT_TOKEN while Communiqué ran "
                "(reset in the developer portal?): slash commands are no longer received, and messages wait in "
                "the database. Put the bot's current token in DISCORD_BOT_TOKEN and restart Communiqué"
                ) in caplog.text
    finally:
        await platform.stop()
        runtime.db.conn.close()
