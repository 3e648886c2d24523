"""Bot tokens never reach a log line, a traceback, an error stored in the database, `/status` or `communique status`.

The tokens are distinctive made-up values; every check searches all the text a person could see for them.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import setup_logging
from bot.config import parse_config
from bot.core.commands import Invocation
from bot.runtime import Runtime
from storage import subscriptions as sub_store
from tests.helpers import DEFAULTS, RecordingPlatform, add_articles
from tests.reliability.conftest import Figures
from tests.reliability.harness import REPO

TELEGRAM_TOKEN = "7310042977:AAHq-CommuniqueTelegramSecret_x9ZKv2"
DISCORD_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GcQmXy.CommuniqueDiscordSecret-0123456789ab"
TOKENS = (TELEGRAM_TOKEN, DISCORD_TOKEN)


def assert_no_token(text: str, where: str) -> None:
    for token in TOKENS:
        assert token not in text, f"a token appeared in {where}"
        assert token.split(":")[-1] not in text, f"the secret half of a token appeared in {where}"


@pytest.fixture
def tokens_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN)
    monkeypatch.setenv("DISCORD_BOT_TOKEN", DISCORD_TOKEN)


def config_with_platforms(tmp_path: Path):
    return parse_config(
        {"storage": {"path": str(tmp_path / "communique.db")}, "telegram": {"operators": ["42"]}, "discord": {}},
        tmp_path / "config.toml",
    )


def test_log_lines_arguments_and_tracebacks_are_redacted(
    tokens_in_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], figures: Figures
) -> None:
    setup_logging(1, config_with_platforms(tmp_path))
    log = logging.getLogger("communique.test")
    url = f"https://api.telegram.org/bot{TELEGRAM_TOKEN}/getMe"
    log.warning("calling %s", url)
    log.warning(f"with the token inline {DISCORD_TOKEN}")
    try:
        raise ConnectionError(f"cannot reach {url}")
    except ConnectionError:
        log.exception("the platform failed")
    try:
        try:
            raise ValueError(f"Authorization: Bot {DISCORD_TOKEN}")
        except ValueError as inner:
            raise RuntimeError("login failed") from inner
    except RuntimeError:
        logging.getLogger("discord.http").error("chained", exc_info=True)
    log.warning("where it came from %s", TELEGRAM_TOKEN, stack_info=True)
    err = capsys.readouterr().err
    assert err.count("[redacted]") >= 5, err
    assert "Traceback (most recent call last)" in err, "tracebacks are still shown, only redacted"
    assert "ConnectionError: cannot reach https://api.telegram.org/bot[redacted]/getMe" in err
    assert_no_token(err, "the log")
    figures.tried("tokens in log messages, arguments, tracebacks and chained exceptions", 5)


def test_an_adapter_exception_carrying_the_token_is_not_stored_or_shown(
    tokens_in_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sender records unexpected adapter exceptions on the delivery, which /status shows."""

    class LeakyPlatform(RecordingPlatform):
        async def send(self, chat_id: str, payload: dict, key: str = ""):
            raise OSError(f"POST https://api.telegram.org/bot{TELEGRAM_TOKEN}/sendMessage: connection refused")

    import asyncio

    from bot.delivery.sender import SenderPolicy

    config = config_with_platforms(tmp_path)
    setup_logging(1, config)
    runtime = Runtime(config, {"telegram": LeakyPlatform(name="telegram")},
                      policy=SenderPolicy(base_delay=0.01, max_delay=0.05))
    add_articles(runtime.db, 2)
    sub, _ = sub_store.subscribe(runtime.db, platform="telegram", chat_id="100", chat_kind="private",
                                 defaults=DEFAULTS)
    runtime.db.execute("UPDATE subscriptions SET since = '2000-01-01T00:00:00Z'")
    asyncio.run(_plan_and_drain(runtime, sub))
    stored = "\n".join(str(r) for r in runtime.db.execute("SELECT last_error FROM deliveries").fetchall())
    assert "OSError" in stored, "the failure is still recorded"
    reply = asyncio.run(runtime.run_command(
        Invocation(platform="telegram", chat_id="42", chat_kind="private", user_id="42", command="status")))
    shown = reply.text + "\n".join(line for section in reply.sections for line in section.lines)
    assert "OSError" in shown
    assert_no_token(stored, "the deliveries ledger")
    assert_no_token(shown, "/status")
    assert_no_token(capsys.readouterr().err, "the log")
    dump = "\n".join(runtime.db.conn.iterdump())
    assert_no_token(dump, "the database")


async def _plan_and_drain(runtime: Runtime, sub: dict) -> None:
    assert (await runtime.request_digest(sub)).stories == 2
    await runtime.sender.drain(deadline=2)


def test_an_unexpected_error_in_a_command_prints_no_token_and_no_raw_traceback(tmp_path: Path) -> None:
    """Whatever breaks, the process reports through the redacting log, never Python's bare traceback."""
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\npath = "{tmp_path / "c.db"}"\n[telegram]\n')
    script = (
        "import os, sys\nimport bot.cli as cli\n"
        "def broken(args):\n"
        "    raise RuntimeError('https://api.telegram.org/bot' + os.environ['TELEGRAM_BOT_TOKEN'] + '/getMe: 502')\n"
        "cli.cmd_status = broken\n"
        f"sys.exit(cli.main(['status', '--config', {str(config)!r}]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert "Communiqué stopped because of an unexpected error" in result.stderr
    assert "bot[redacted]/getMe" in result.stderr
    assert_no_token(result.stdout + result.stderr, "the output of a crashing command")
