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


def test_no_source_password_or_key_in_logs_chats_status_or_database_when_its_address_comes_back_in_an_error(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, figures: Figures
) -> None:
    """A source behind HTTP authentication is given as http://user:password@host/feed (the config's one place for
    it). Its address comes back in what a fetch says: a redirect loop at a relative Location, the feeds an HTML page
    names by relative links, a feed moved for good. None of these may carry the password to the log, the stored
    error, the operators' alert, /sources in any chat, or `communique status`. A private feed's key in its query
    (`?token=...`, as feed services and paid newsletters give them) is such a secret too."""
    password = "hunter2-Velmora-pass"
    key = "Kq7xPrivateFeedKey93"
    feed_server.route(f"/auth/keyed-a?token={key}", redirect=f"/auth/keyed-b?token={key}")
    feed_server.route(f"/auth/keyed-b?token={key}", redirect=f"/auth/keyed-a?token={key}")
    feed_server.route("/auth/loop-a", redirect="/auth/loop-b")
    feed_server.route("/auth/loop-b", redirect="/auth/loop-a")
    feed_server.route("/auth/landing", content_type="text/html; charset=utf-8",
                      body=b'<!doctype html><html><head><title>Press</title><link rel="alternate" '
                           b'type="application/rss+xml" href="/auth/elsewhere.xml"></head><body>Press</body></html>')
    feed_server.route("/auth/old.xml", redirect="/s0.xml", redirect_status=301)
    config = telegram_config(feed_server, telegram_peer)
    config["alerts"] = {"after_failures": 1}
    with_password = feed_server.url("/").replace("http://", f"http://alice:{password}@").rstrip("/")
    config["sources"] += [
        {"name": "Looping desk", "url": f"{with_password}/auth/loop-a"},
        {"name": "Landing desk", "url": f"{with_password}/auth/landing"},
        {"name": "Moved desk", "url": f"{with_password}/auth/old.xml"},
        {"name": "Keyed desk", "url": feed_server.url(f"/auth/keyed-a?token={key}")},
    ]
    deployment = deploy(config, env={"TELEGRAM_BOT_TOKEN": telegram_peer.token})
    run = deployment.start(args=["-vv"])
    deployment.wait_for(lambda: (deployment.scalar("SELECT COUNT(*) FROM sources WHERE failures > 0") or 0) == 3,
                        60, run, "the three failing sources recorded")
    [alert] = telegram_peer.wait_for_bot_messages(OPERATOR, count=1, timeout=30)
    telegram_peer.send_command(CHATS[0], "/sources", user_id=CHATS[0])
    telegram_peer.send_command(OPERATOR, "/sources", user_id=OPERATOR)

    def sources_reply(chat: int) -> list[Any]:
        return [m for m in telegram_peer.bot_messages(chat) if "follows" in m.plain_text and "Looping desk" in m.plain_text]

    deployment.wait_for(lambda: bool(sources_reply(CHATS[0]) and sources_reply(OPERATOR)), 30, run,
                        "the replies to /sources")
    deployment.wait_for(lambda: "moved for good" in run.stderr, 30, run, "the moved feed said")
    [sources] = sources_reply(CHATS[0])
    [operators_sources] = sources_reply(OPERATOR)
    run.terminate()
    cli = deployment.cli("status")
    assert "failing" in sources.plain_text, "a reader sees that the sources fail, not why"
    reasons = operators_sources.plain_text
    assert "redirect loop" in reasons and "the page links to these feeds" in reasons, "an operator sees why"
    assert "alice:[redacted]@" in run.stderr, "the address is still told, its password left out"
    assert "keyed-a?token=[redacted]" in reasons, "the address is still told, its key left out"
    for text, where in ((run.stdout + run.stderr, "the bot's output"), (alert.plain_text, "the operators' alert"),
                        (sources.plain_text, "/sources in a chat"), (reasons, "/sources in the operator's chat"),
                        (cli.stdout + cli.stderr, "communique status")):
        assert password not in text, f"the source's password appeared in {where}"
        assert key not in text, f"the source's key appeared in {where}"
    for name in ("communique.db", "communique.db-wal"):
        path = deployment.db_path.parent / name
        if path.exists():
            stored = path.read_bytes().decode("latin-1")
            assert stored.count(password) == (stored.count(f"alice:{password}@127.0.0.1") or 0), (
                f"the password is stored in {name} outside the sources' configured addresses")
            assert stored.count(key) == stored.count(f"keyed-a?token={key}"), (
                f"the key is stored in {name} outside the source's configured address")
    figures.tried("source password and key leak checks (redirect loop, a page naming feeds, a moved feed)", 4)


DISCORD_SHAPED = "MTA5ODc2NTQzMjEwOTg3NjU0.Gh7Qw2.SwappedVariableDiscordHmac_0123456789"


def test_a_discord_token_in_the_variable_telegram_reads_is_never_sent_to_telegram(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, figures: Figures
) -> None:
    """`[telegram] token_env = "DISCORD_BOT_TOKEN"` (the two sections' variables swapped, or one copied): the
    Discord bot's token would go to Telegram's servers in the address of every call, and Telegram would answer
    404, as the peer does. It is refused at start, naming the variable and whose token it holds, before any call."""
    config = telegram_config(feed_server, telegram_peer)
    config["telegram"]["token_env"] = "DISCORD_BOT_TOKEN"
    deployment = deploy(config, env={"DISCORD_BOT_TOKEN": DISCORD_SHAPED})
    before = telegram_peer.calls(include_polling=True)
    run = deployment.start()
    code = run.wait(60)
    assert code == 2, (code, run.stderr[-2000:])
    assert "DISCORD_BOT_TOKEN ([telegram] token_env) holds a Discord bot token, not a Telegram one" in run.stderr
    seen = before[-1].seq if before else 0
    assert telegram_peer.calls(since_seq=seen, include_polling=True) == [], "a call reached Telegram"
    assert DISCORD_SHAPED.rsplit(".", 1)[1] not in run.stdout + run.stderr
    figures.tried("a token of the other platform in a platform's variable")
