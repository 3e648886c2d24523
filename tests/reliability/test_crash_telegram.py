"""SIGKILL and SIGTERM `communique run` on Telegram (the local Bot API peer) in the middle of digests of many
messages to several chats; after a restart each chat has every story, and at most the one message that was in
flight to it twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.feedserver import FeedServer
from tests.reliability.conftest import Figures
from tests.reliability.harness import Deployment
from tests.reliability.telegram_world import CHATS, STORIES, check_chats, received, telegram_config


def telegram_deployment(deploy: Callable[..., Deployment], feed_server: FeedServer, peer: Any) -> Deployment:
    return deploy(telegram_config(feed_server, peer), env={"TELEGRAM_BOT_TOKEN": peer.token})


@pytest.mark.parametrize("failpoint", ["sender.after_send=6", "sender.before_send=6"])
def test_sigkill_mid_digest_on_telegram_loses_nothing_and_repeats_at_most_one_message_per_chat(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, figures: Figures, failpoint: str
) -> None:
    deployment = telegram_deployment(deploy, feed_server, telegram_peer)
    first = deployment.start(failpoints=failpoint)
    assert first.wait(timeout=90) == -9, first.stderr[-2000:]
    sent_before = len(telegram_peer.calls("sendMessage"))
    second = deployment.start()
    deployment.wait_for(lambda: deployment.drained(STORIES, len(CHATS)), 90, second, "every digest delivered")
    code, _ = second.terminate()
    assert code == 0, second.stderr[-2000:]
    repeated, lost = check_chats(telegram_peer, in_flight_bound=len(CHATS))
    if failpoint.startswith("sender.after_send"):
        assert repeated >= 1, "the message the platform took but the ledger did not record is sent again"
    else:
        assert repeated == 0
    assert deployment.integrity() == "ok"
    per_chat = sorted(len(r.messages) for r in received(telegram_peer).values())
    figures.crash(f"telegram {failpoint}", duplicates=repeated, lost=lost, in_flight_bound=len(CHATS),
                  sent_before_kill=sent_before, messages_per_chat=per_chat)
    print(f"telegram crash at {failpoint}: {sent_before} messages before the kill, {repeated} repeated, {lost} lost")


def test_sigterm_mid_digest_on_a_slow_telegram_stops_within_seconds_and_loses_nothing(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, figures: Figures
) -> None:
    deployment = telegram_deployment(deploy, feed_server, telegram_peer)
    telegram_peer.set_latency(800, "sendMessage")  # a slow Telegram: each message takes 0.8 s to be answered
    run = deployment.start()
    deployment.wait_for(lambda: deployment.ledger()["sent"] >= len(CHATS), 60, run, "the digests under way")
    assert deployment.ledger()["due"] > 0, "SIGTERM arrives mid-digest"
    code, took = run.terminate()
    assert code == 0 and "Communiqué stopped." in run.stderr
    assert took < 5, f"SIGTERM took {took:.1f} s"
    assert deployment.ledger()["sending"] == 0, "what was in flight finished (or was handed back)"
    telegram_peer.set_latency(0, "sendMessage")
    after = deployment.start()
    deployment.wait_for(lambda: deployment.drained(STORIES, len(CHATS)), 90, after, "every digest delivered")
    after.terminate()
    repeated, lost = check_chats(telegram_peer, in_flight_bound=0)
    figures.fault("SIGTERM mid-digest on a slow Telegram")
    figures.notes.append(f"SIGTERM mid-digest on Telegram (0.8 s per send): stopped in {took:.2f} s, "
                         f"{repeated} repeated, {lost} lost")
