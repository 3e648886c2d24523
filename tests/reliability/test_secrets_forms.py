"""Tokens in the forms they come back in, and in the places an operator pastes them by mistake.

- The platform echoes the token URL-encoded, encoded twice, or only its secret part (after the colon) in its
  error texts: none of these reaches `deliveries.last_error`, `subscriptions.last_error`, `communique status`,
  `/status`, the log or the database file.
- A token pasted as the value of `token_env` (which names the environment variable) is printed neither by
  `check-config`, nor by `run` at start, nor in the ERROR line of a refused live edit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest

from tests.feedserver import FeedServer
from tests.reliability.conftest import Figures
from tests.reliability.harness import Deployment
from tests.reliability.telegram_world import CHATS, OPERATOR, telegram_config
from tests.reliability.test_crash_console import console_config

TOKEN = "7310042977:AAHq-PastedTokenCommunique_x9ZKv2"
SECRET_AS_NAME = "AAHqPastedTokenCommuniquex9ZKv2Q7"  # only the secret part, and a valid variable name


def forms(token: str) -> list[str]:
    secret = token.split(":", 1)[1]
    once = quote(token, safe="")
    return [token, secret, once, quote(once, safe="")]


def assert_clean(text: str, token: str, where: str) -> None:
    """No form of the token, in any case (a library capitalizing an error's text lower-cases the token in it)."""
    for form in forms(token):
        assert form.lower() not in text.lower(), f"a form of the token ({form[:6]}...) appeared in {where}"


def test_echoes_of_the_token_in_other_forms_are_stored_and_shown_redacted(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, figures: Figures
) -> None:
    peer = telegram_peer
    token = peer.token
    secret, once = token.split(":", 1)[1], quote(token, safe="")
    gone, waiting, rejected = CHATS[0], CHATS[1], CHATS[2]
    peer.inject_fault("sendMessage", "forbidden", times=5, chat_id=gone,
                      description=f"Forbidden: user is deactivated (request /bot{once}/sendMessage)")
    peer.inject_fault("sendMessage", "server_error", times=1_000_000, chat_id=waiting, error_code=502,
                      description=f"Bad Gateway: upstream refused key {secret}")
    peer.inject_fault("sendMessage", "bad_request", times=5, chat_id=rejected,
                      description=f"Bad Request: message refused for {quote(once, safe='')}")
    deployment = deploy(telegram_config(feed_server, peer), env={"TELEGRAM_BOT_TOKEN": token})
    run = deployment.start(args=["-v"])

    def settled() -> bool:
        failed = dict(deployment.query(
            "SELECT s.chat_id, COUNT(*) FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id "
            "WHERE d.state = 'failed' GROUP BY s.chat_id"))
        tried = deployment.scalar(
            "SELECT MAX(d.attempts) FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id "
            "WHERE s.chat_id = ?", [str(waiting)]) or 0
        return str(gone) in failed and str(rejected) in failed and tried >= 2

    deployment.wait_for(settled, 90, run, "the refused, rejected and waiting messages recorded")
    peer.send_command(OPERATOR, "/status", user_id=OPERATOR)
    [status] = peer.wait_for_bot_messages(OPERATOR, count=1, timeout=15)
    cli = deployment.cli("status")
    run.terminate()
    stored = deployment.query(
        "SELECT last_error FROM deliveries WHERE last_error IS NOT NULL UNION ALL "
        "SELECT last_error FROM subscriptions WHERE last_error IS NOT NULL UNION ALL "
        "SELECT deactivated_reason FROM subscriptions WHERE deactivated_reason IS NOT NULL")
    stored_text = "\n".join(row[0] for row in stored)
    assert "user is deactivated" in stored_text and "Bad Gateway" in stored_text and "Message refused" in stored_text
    assert "[redacted]" in stored_text, "the echoes are recorded, with the token blanked"
    assert "Bad Gateway" in cli.stdout and "Message refused" in cli.stdout and "user is deactivated" in cli.stdout
    assert "Bad Gateway" in status.plain_text
    assert_clean(stored_text, token, "the stored errors")
    assert_clean(cli.stdout + cli.stderr, token, "communique status")
    assert_clean(status.plain_text, token, "/status")
    assert_clean(run.stdout + run.stderr, token, "the log")
    conn = sqlite3.connect(deployment.db_path)
    dump = "\n".join(conn.iterdump())
    conn.close()
    assert_clean(dump, token, "the database")
    figures.tried("token echoed URL-encoded, double-encoded or as its secret part (stored, shown, logged)", 3)


@pytest.mark.parametrize("pasted", [TOKEN, SECRET_AS_NAME], ids=["the token", "its secret part"])
def test_a_token_pasted_as_token_env_is_never_printed(
    deploy: Callable[..., Deployment], feed_server: FeedServer, figures: Figures, pasted: str
) -> None:
    config = {**console_config(feed_server), "telegram": {"token_env": pasted}}
    deployment = deploy(config)
    check = deployment.cli("check-config")
    assert check.returncode != 0 and "'token_env'" in check.stderr and "never the token itself" in check.stderr
    assert_clean(check.stdout + check.stderr, TOKEN, "check-config")
    assert pasted not in check.stdout + check.stderr
    started = deployment.start()
    assert started.wait(timeout=60) != 0
    assert "'token_env'" in started.stderr
    assert pasted not in started.stdout + started.stderr, "run at start"

    # A running bot, and an edit that pastes the token: the refusal is logged without it.
    deployment.config = {k: v for k, v in config.items() if k != "telegram"}
    deployment.write_config()
    run = deployment.start()
    deployment.wait_for(lambda: deployment.ledger()["sent"] >= 5, 60, run, "the bot running (its digests sent)")
    deployment.config = config
    deployment.write_config()
    deployment.wait_for(lambda: "config edit refused" in run.stderr, 30, run, "the edit refused")
    code, _ = run.terminate()
    assert code == 0
    assert "ERROR" in run.stderr and "'token_env'" in run.stderr
    assert pasted not in run.stdout + run.stderr, "the reload's ERROR line"
    figures.tried("token pasted as token_env (check-config, run, live reload)", 3)
