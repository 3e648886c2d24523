"""A bot token put in the environment with a slip an operator cannot see or does not think of: a carriage return
at its end (an env file saved with Windows line endings, then `set -a; . ./env`), the quotes of a shell line kept
by a reader that takes values as they are, a whole `export NAME=...` line pasted as the value.

Before, `check-config` said "set" to each; `run` with the carriage return said "cannot reach Telegram" and tried
again every few minutes for ever (httpx refuses the character in the address, which is no network fault), and
with the quotes "Telegram refused the token ... copy it again", though the token was right.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.feedserver import FeedServer
from tests.reliability.harness import Deployment
from tests.reliability.telegram_world import CHATS, telegram_config


def test_a_token_with_a_carriage_return_at_its_end_logs_in(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any
) -> None:
    deployment = deploy(telegram_config(feed_server, telegram_peer),
                        env={"TELEGRAM_BOT_TOKEN": telegram_peer.token + "\r"})
    run = deployment.start()
    telegram_peer.send_command(CHATS[0], "/sources")
    [reply] = telegram_peer.wait_for_bot_messages(CHATS[0], count=1, timeout=30)
    run.terminate()
    assert "Press office 0" in reply.plain_text
    assert "cannot reach Telegram" not in run.stderr, run.stderr[-2000:]


def test_a_token_in_quotes_or_an_export_line_is_named_for_what_it_is(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any
) -> None:
    deployment = deploy(telegram_config(feed_server, telegram_peer))
    secret = telegram_peer.token.split(":", 1)[1]
    for value, said in ((f'"{telegram_peer.token}"', "in quotes"),
                        (f"'{telegram_peer.token}'", "in quotes"),
                        (f"export TELEGRAM_BOT_TOKEN={telegram_peer.token}", "a whole line of a shell or env file")):
        env = {"TELEGRAM_BOT_TOKEN": value}
        checked = deployment.cli("check-config", env=env)
        assert checked.returncode == 2, checked.stdout
        assert said in checked.stderr and "TELEGRAM_BOT_TOKEN" in checked.stderr, checked.stderr
        run = deployment.start(env=env)
        assert run.wait(30) == 2
        assert said in run.stderr, run.stderr[-2000:]
        assert "copy it again" not in run.stderr
        for text in (checked.stdout, checked.stderr, run.stderr):
            assert secret not in text
    assert not telegram_peer.calls("getMe"), "the token went nowhere"


def test_a_token_split_over_two_lines_or_by_a_space_is_named_for_what_it_is(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any
) -> None:
    """`TELEGRAM_BOT_TOKEN="$(cat token.txt)"` of a file holding a second line (the old token kept under the new):
    `check-config` said "set", and `run` said "cannot reach Telegram" and tried again for ever, the line break
    refused in every call's address, no network fault. A token with a space pasted inside it was "refused ... copy
    it again" only once a call was made. Both are now said before any call, the token never repeated."""
    deployment = deploy(telegram_config(feed_server, telegram_peer))
    secret = telegram_peer.token.split(":", 1)[1]
    for value, said in ((f"{telegram_peer.token}\n{telegram_peer.token}", "holds more than one line"),
                        (telegram_peer.token.replace(":", ": "), "a space inside it")):
        env = {"TELEGRAM_BOT_TOKEN": value}
        checked = deployment.cli("check-config", env=env)
        assert checked.returncode == 2, checked.stdout
        assert said in checked.stderr and "TELEGRAM_BOT_TOKEN" in checked.stderr, checked.stderr
        run = deployment.start(env=env)
        assert run.wait(30) == 2, run.stderr[-2000:]
        assert said in run.stderr, run.stderr[-2000:]
        assert "cannot reach Telegram" not in run.stderr
        for text in (checked.stdout, checked.stderr, run.stderr):
            assert secret not in text
    assert not telegram_peer.calls("getMe"), "the token went nowhere"
