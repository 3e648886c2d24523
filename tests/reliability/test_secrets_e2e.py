"""The bot token never appears in anything `communique run` prints or stores, while Telegram misbehaves in
every way the peer can play (5xx, 401, 409, dropped connections, a wrong server address), with debug logs on,
nor in `communique status`, `/status`, or the database file."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

from tests.feedserver import FeedServer
from tests.reliability.conftest import Figures
from tests.reliability.harness import Deployment
from tests.reliability.telegram_world import CHATS, OPERATOR, STORIES, telegram_config


def secret_parts(token: str) -> list[str]:
    return [token, token.split(":", 1)[1]]


def assert_clean(text: str, token: str, where: str) -> None:
    for part in secret_parts(token):
        assert part not in text, f"the token appeared in {where}"


def test_no_token_in_logs_status_or_database_while_telegram_fails(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, figures: Figures
) -> None:
    peer = telegram_peer
    deployment = deploy(telegram_config(feed_server, peer), env={"TELEGRAM_BOT_TOKEN": peer.token})
    peer.inject_fault("sendMessage", "server_error", times=1, chat_id=CHATS[0])
    peer.inject_fault("sendMessage", "unauthorized", times=1, chat_id=CHATS[1])
    peer.inject_fault("sendMessage", "disconnect", times=1, chat_id=CHATS[2])
    peer.inject_fault("sendMessage", "bad_request", times=1, chat_id=CHATS[3],
                      description="Bad Request: message is too long")
    peer.inject_fault("getUpdates", "server_error", times=1)
    peer.inject_fault("getUpdates", "conflict", times=1)
    run = deployment.start(args=["-vv"])
    deployment.wait_for(lambda: deployment.ledger()["due"] + deployment.ledger()["sending"] == 0
                        and deployment.ledger()["sent"] > 0, 90, run, "the digests sent or given up")
    peer.send_command(OPERATOR, "/status", user_id=OPERATOR)
    [status] = peer.wait_for_bot_messages(OPERATOR, count=1, timeout=15)
    run.terminate()
    cli = deployment.cli("status", "-vv")
    assert cli.returncode == 0
    assert "rejected by the platform: Telegram: Message is too long" in cli.stdout, "the failure is shown"
    assert "rejected by the platform: Telegram: Message is too long" in status.plain_text
    assert_clean(run.stdout + run.stderr, peer.token, "the bot's output")
    assert_clean(status.plain_text, peer.token, "/status")
    assert_clean(cli.stdout + cli.stderr, peer.token, "communique status")
    for name in ("communique.db", "communique.db-wal"):
        path = deployment.db_path.parent / name
        if path.exists():
            assert_clean(path.read_bytes().decode("latin-1"), peer.token, name)
    assert "DEBUG" in run.stderr, "debug logs were on"
    figures.tried("token leak checks with Telegram failing (5xx, 401, 409, 400, dropped)", 6)


def test_no_token_when_the_telegram_server_address_is_wrong(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, figures: Figures
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    config = telegram_config(feed_server, telegram_peer)
    config["telegram"]["api_base_url"] = f"http://127.0.0.1:{closed_port}/bot"
    deployment = deploy(config, env={"TELEGRAM_BOT_TOKEN": telegram_peer.token})
    run = deployment.start(args=["-vv"])
    deployment.wait_for(lambda: (deployment.scalar("SELECT COUNT(*) FROM articles") or 0) == STORIES, 60, run,
                        "the stories stored")
    deployment.wait_for(lambda: deployment.ledger()["due"] > 0, 60, run, "the digests planned")
    deployment.wait_for(lambda: "Telegram" in run.stderr and "127.0.0.1" in run.stderr, 30, run,
                        "the connection failure logged")
    code, _ = run.terminate()
    assert code == 0
    assert_clean(run.stdout + run.stderr, telegram_peer.token, "the output with a wrong server address")
    assert deployment.ledger()["sent"] == 0 and deployment.ledger()["due"] > 0, "the digests wait, not lost"
    figures.tried("token leak check with a wrong Telegram server address")
