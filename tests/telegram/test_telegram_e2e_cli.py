"""`communique run` as an operator starts it: a separate process, the token in TELEGRAM_BOT_TOKEN, a config whose
`api_base_url` points at the peer. Commands round-trip through it, SIGTERM stops it cleanly, and the token
never appears in what it prints, even with verbose logs.
"""

from __future__ import annotations

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
