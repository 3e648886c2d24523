"""A platform slow to answer a send: the other chats are served meanwhile, and a message Telegram answers late is
recorded as sent, not sent a second time. Played by the local Telegram peer holding one chat's sendMessage, under
`communique run`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.feedserver import FeedServer
from tests.reliability.harness import Deployment
from tests.reliability.telegram_world import CHATS, STORIES, received, telegram_config

SLOW = CHATS[0]
OTHERS = CHATS[1:]
LATE_MS = 40_000  # Telegram answering a send after 40 s: slow, but it took the message


def test_a_send_answered_late_is_sent_once_and_holds_up_no_other_chat(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any
) -> None:
    """Telegram answered one chat's message after 40 s. The bot gave up on it at 15 s and sent it again: Telegram
    had taken the first, and the chat got that message twice."""
    peer = telegram_peer
    config = telegram_config(feed_server, peer)
    peer.inject_fault("sendMessage", "delay", times=1, chat_id=SLOW, delay_ms=LATE_MS)
    deployment = deploy(config, env={"TELEGRAM_BOT_TOKEN": peer.token})
    run = deployment.start()
    deployment.wait_for(lambda: deployment.delivered_to(OTHERS, STORIES), 120, run, "the other chats' digests")
    late = [c for c in peer.calls("sendMessage") if c.fault == "delay"]
    assert not late, "the other chats were served while the slow chat's message waited for its answer"
    deployment.wait_for(lambda: deployment.delivered_to((SLOW,), STORIES), 180, run, "the slow chat's digest")
    deployment.wait_for(lambda: any(c.fault == "delay" for c in peer.calls("sendMessage")), 90, run,
                        "Telegram's late answer")
    code, _ = run.terminate()
    assert code == 0, run.stderr[-2000:]
    got = received(peer, (SLOW,))[SLOW]
    assert got.repeated_messages == 0 and max(got.counts.values()) == 1, f"sent twice: {got.messages}"
    assert not got.lost, got.lost


def test_a_stop_while_sends_wait_for_their_answer_is_no_outage_and_counts_no_failure(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any
) -> None:
    """SIGTERM while Telegram held every send unanswered: the stop closed their connections, and the log said
    "sending on telegram fails" as if Telegram were down, each message counted a failed attempt (its next pause
    longer). Now they go back to wait for the next start, said as the stop's, nothing counted."""
    peer = telegram_peer
    config = telegram_config(feed_server, peer)
    peer.inject_fault("sendMessage", "delay", times=1000, delay_ms=100_000)
    deployment = deploy(config, env={"TELEGRAM_BOT_TOKEN": peer.token})
    run = deployment.start()
    deployment.wait_for(lambda: deployment.ledger()["sending"] == len(CHATS), 90, run, "every chat's send waiting")
    code, _ = run.terminate(timeout=90)
    peer.clear_faults()
    assert code == 0, run.stderr[-2000:]
    assert "sending on telegram fails" not in run.stderr, run.stderr[-2000:]
    rows = deployment.query("SELECT state, attempts, last_error FROM deliveries WHERE attempts > 0 OR state != 'due'")
    assert rows == [], f"counted as failures, or left half-sent: {rows}"
    said = {r[0] for r in deployment.query("SELECT last_error FROM deliveries WHERE last_error IS NOT NULL")}
    assert said == {"the bot stopped before telegram answered"}, said
