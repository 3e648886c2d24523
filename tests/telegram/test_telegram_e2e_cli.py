"""`communique run` as an operator starts it: a separate process, the token in TELEGRAM_BOT_TOKEN, a config whose
`api_base_url` points at the peer. Commands round-trip through it, SIGTERM stops it cleanly, and the token
never appears in what it prints, even with verbose logs. With a Discord token as well, the one process serves
both platforms (the Discord side played by the local Discord peer).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.world import OPERATOR as OPERATOR_ID
from tests.telegram.world import config_text

REPO = Path(__file__).resolve().parents[2]
USER = 901


def communique(config: Path, token: str, *args: str) -> subprocess.Popen[str]:
    """`python -m bot run`; its standard error goes to a file next to the config (a pipe nobody reads fills up)."""
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": token, "PYTHONUNBUFFERED": "1"}
    env.pop("DISCORD_BOT_TOKEN", None)
    with open(config.parent / "stderr.log", "w") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--config", str(config), *args],
            cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr, text=True,
        )


def stderr_of(folder: Path) -> str:
    return (folder / "stderr.log").read_text()


@pytest.fixture
def operator_folder(world_template: Path, telegram_peer: TelegramPeer, tmp_path: Path) -> Path:
    """A config and database as an operator would have them after a first fetch."""
    shutil.copy(world_template / "communique.db", tmp_path / "communique.db")
    (tmp_path / "config.toml").write_text(config_text(tmp_path, world_template / "feeds", telegram_peer))
    return tmp_path


@pytest.fixture
def stopper() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes a test started; any still running at the end is killed (by its own pid)."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def wait_for_polling(peer: TelegramPeer, process: subprocess.Popen[str], folder: Path, timeout: float = 20.0) -> None:
    """Until the bot prepares to poll (deleteWebhook); the peer logs a long poll only when it ends."""
    deadline = time.monotonic() + timeout
    while not peer.calls("deleteWebhook"):
        if process.poll() is not None:
            raise AssertionError(f"communique run exited early: {stderr_of(folder)[-2000:]}")
        if time.monotonic() > deadline:
            raise AssertionError("communique run did not start polling Telegram in time")
        time.sleep(0.05)


def test_communique_run_serves_telegram_commands_and_stops_on_sigterm(
        operator_folder: Path, telegram_peer: TelegramPeer, stopper: list[subprocess.Popen[str]]) -> None:
    process = communique(operator_folder / "config.toml", telegram_peer.token, "-vv")
    stopper.append(process)
    wait_for_polling(telegram_peer, process, operator_folder)

    telegram_peer.send_command(USER, "/subscribe borders")
    [subscribed] = telegram_peer.wait_for_bot_messages(USER, count=1, timeout=10)
    telegram_peer.send_command(USER, "/latest 2 trade")
    latest = telegram_peer.wait_for_bot_messages(USER, count=2, timeout=10)[1:]
    assert "now subscribed" in subscribed.plain_text and "on borders" in subscribed.plain_text
    assert "Latest 2 stories on trade" in latest[0].plain_text

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0
    stderr = stderr_of(operator_folder)
    assert "Communiqué running on telegram" in stderr and "Communiqué stopped." in stderr
    assert "listening on Telegram as @communique_test_bot" in stderr
    assert telegram_peer.token.split(":", 1)[1] not in stderr
    assert "Traceback" not in stderr


def test_a_refused_token_stops_communique_run_with_a_clear_message(
        operator_folder: Path, telegram_peer: TelegramPeer, stopper: list[subprocess.Popen[str]]) -> None:
    wrong = "7777777:wrong-secret-for-this-bot-xyz"
    process = communique(operator_folder / "config.toml", wrong)
    stopper.append(process)
    assert process.wait(timeout=30) == 2
    stderr = stderr_of(operator_folder)
    assert "Telegram refused the token in the environment variable TELEGRAM_BOT_TOKEN" in stderr
    assert "wrong-secret" not in stderr and "Traceback" not in stderr
    # The file is fine, the token is not: it was headed "Config [telegram] is not valid:", which sent a newcomer
    # to look for a mistake in config.toml.
    assert "is not valid" not in stderr, stderr
    assert "communique: Telegram refused the token in the environment variable TELEGRAM_BOT_TOKEN" in stderr


async def test_with_both_tokens_one_process_serves_telegram_and_discord_from_one_database(
        world_template: Path, telegram_peer: TelegramPeer, tmp_path: Path) -> None:
    """One `communique run`, both platforms: one ingest clock feeds instant subscribers on each, one database
    answers commands on each, and /status on Telegram sees the Discord subscription too."""
    from tests.peers.fake_discord import MANAGER_PERMISSIONS, interaction_payload, running_fake_discord

    channel = "1180000000000000001"
    telegram_peer.add_chat(USER, "private")
    async with running_fake_discord() as discord:
        config = tmp_path / "config.toml"
        config.write_text(config_text(tmp_path, world_template / "feeds", telegram_peer) + (
            f'[discord]\ntoken_env = "COMMUNIQUE_E2E_DISCORD_TOKEN"\napi_base_url = "{discord.base_url}"\n'
            f'test_guild = "{discord.guild_id}"\n'
            f'[[subscriptions]]\nplatform = "telegram"\nchat_id = "{USER}"\nmode = "instant"\n'
            f'[[subscriptions]]\nplatform = "discord"\nchat_id = "{channel}"\nmode = "instant"\n'))
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": telegram_peer.token,
               "COMMUNIQUE_E2E_DISCORD_TOKEN": discord.token, "PYTHONUNBUFFERED": "1"}
        with open(tmp_path / "stderr.log", "w") as stderr:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", "--config", str(config), "--tick", "1",
                cwd=REPO, env=env, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
                stderr=stderr)
        try:
            [instant] = await telegram_peer.await_bot_messages(USER, count=1, timeout=40)
            assert "New from Communiqué" in instant.plain_text and len(instant.links()) >= 5
            await discord.wait_for(lambda c: c.route.startswith("POST /channels/") and c.status == 200, timeout=20)
            posts = [m for m in discord.messages(channel) if m["type"] == 0]
            assert posts[0]["content"].startswith("**New from Communiqué")
            telegram_urls = set(instant.links())
            discord_urls = {e["url"] for p in posts for e in p["embeds"]}
            assert discord_urls and discord_urls <= telegram_urls, "the same stories from the one database"

            telegram_peer.send_command(OPERATOR_ID, "/status")
            [status] = await telegram_peer.await_bot_messages(OPERATOR_ID, count=1, timeout=10)
            assert "active: 2 of 2" in status.plain_text, "Telegram's /status counts the Discord channel too"

            await discord.wait_for_gateway(timeout=20)
            subscribe = await discord.send_interaction(interaction_payload(
                discord, "subscribe", {"topics": "trade"}, channel_id="1180000000000000002",
                permissions=MANAGER_PERMISSIONS))
            await discord.wait_for(lambda c: c.interaction_id == subscribe.id, timeout=10)
            telegram_peer.send_command(OPERATOR_ID, "/status")
            [status] = (await telegram_peer.await_bot_messages(OPERATOR_ID, count=2, timeout=10))[1:]
            assert "active: 3 of 3" in status.plain_text, "a subscription made on Discord, seen from Telegram"
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), timeout=30)
    output = stderr_of(tmp_path)
    assert code == 0, output[-3000:]
    assert "Communiqué running on telegram, discord" in output and "Traceback" not in output
    assert telegram_peer.token.split(":", 1)[1] not in output and discord.token not in output


def test_a_channel_block_telegram_does_not_know_is_said_at_start_naming_the_block(
        world_template: Path, telegram_peer: TelegramPeer, tmp_path: Path,
        stopper: list[subprocess.Popen[str]]) -> None:
    """A [[subscriptions]] block whose channel id has a digit wrong (or a channel the bot was never added to): the
    start logged "its other name (@name) cannot be asked now (Telegram: Chat not found)", a line about names, and
    its first digest, hours later, was refused. The start says Telegram does not know the chat, and what to check;
    the channel the bot is in is served all the same."""
    known, mistyped = -1001000000001, "-1009999999999"
    telegram_peer.add_chat(known, "channel", title="Norland desk")
    telegram_peer.set_bot_status(known, "administrator", notify=False)
    shutil.copy(world_template / "communique.db", tmp_path / "communique.db")
    config = tmp_path / "config.toml"
    config.write_text(config_text(tmp_path, world_template / "feeds", telegram_peer) + (
        f'[[subscriptions]]\nplatform = "telegram"\nchat_id = "{known}"\nmode = "instant"\n'
        f'[[subscriptions]]\nplatform = "telegram"\nchat_id = "{mistyped}"\nmode = "instant"\n'))
    process = communique(config, telegram_peer.token, "-v")
    stopper.append(process)
    deadline = time.monotonic() + 40
    while f"telegram channel {mistyped}:" not in stderr_of(tmp_path):
        assert process.poll() is None and time.monotonic() < deadline, stderr_of(tmp_path)[-3000:]
        time.sleep(0.2)
    telegram_peer.wait_for_bot_messages(known, count=1, timeout=30)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0
    stderr = stderr_of(tmp_path)
    assert (f"telegram channel {mistyped}: Telegram does not know this chat, or the bot is not in it (Telegram: Chat "
            f"not found): check the chat_id of its [[subscriptions]] block") in stderr, stderr[-3000:]
