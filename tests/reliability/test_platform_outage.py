"""A Telegram outage longer than any fixed retry ladder, played by the local peer's fault injection while
`communique run` has digests to deliver: at start (every call's connection dropped, as when the network is down)
and while running (every call answered 502). The digests wait, `communique status` shows them waiting, and once
the peer answers again every chat gets every story, once.

The retry pauses are shortened for the test through the config (`[delivery] retry_first`, `retry_max`), so the
outage outlasts the ladder Communiqué once gave up after (6 tries: 2+4+8+16+32 s at its default pace; here
0.2 s doubling, so six tries take 6.2 s) in a few seconds of wall time. Nothing in the bot is replaced.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.feedserver import FeedServer
from tests.reliability.conftest import Figures
from tests.reliability.harness import Deployment
from tests.reliability.telegram_world import CHATS, STORIES, check_chats, telegram_config

OLD_LADDER_TRIES = 6  # what a message was tried before it was marked failed for good
RETRY_FIRST = 0.2
RETRY_MAX = 1
OUTAGE_AT_LEAST = 10.0  # seconds: longer than six tries at this pace (0.2+0.4+0.8+1+1 s...), whatever the load


def outage_config(feed_server: FeedServer, peer: Any) -> dict:
    return telegram_config(feed_server, peer, delivery={"retry_first": RETRY_FIRST, "retry_max": RETRY_MAX})


def least_tries(deployment: Deployment) -> int:
    """The fewest tries of any chat's first message (each chat's digest starts with it)."""
    rows = deployment.query("SELECT MIN(attempts) FROM deliveries WHERE part = 0 GROUP BY subscription_id")
    return min((r[0] for r in rows), default=0) if len(rows) == len(CHATS) else 0


@pytest.mark.parametrize("when", ["at start", "while running"])
def test_an_outage_longer_than_the_retry_ladder_delays_every_digest_and_loses_none(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, figures: Figures, when: str
) -> None:
    peer = telegram_peer
    deployment = deploy(outage_config(feed_server, peer), env={"TELEGRAM_BOT_TOKEN": peer.token})
    if when == "at start":
        peer.inject_fault("*", "disconnect", times=1_000_000)  # nothing gets through, getMe included
        run = deployment.start()
    else:
        # The bot connects, then the digests are planned two seconds after the stories are stored: Telegram goes
        # down in between, so every message meets the outage.
        run = deployment.start(failpoints="runtime.before_plan=delay:2")
        deployment.wait_for(lambda: bool(peer.calls("setMyCommands")), 30, run, "the bot connected")
        assert not deployment.query("SELECT 1 FROM deliveries"), "nothing planned before the outage"
        peer.inject_fault("*", "server_error", times=1_000_000, error_code=502, description="Bad Gateway")
    down_since = time.monotonic()
    deployment.wait_for(lambda: least_tries(deployment) > OLD_LADDER_TRIES, 60, run,
                        f"every chat's first message tried more than {OLD_LADDER_TRIES} times")
    while time.monotonic() - down_since < OUTAGE_AT_LEAST:
        time.sleep(0.2)
    status = deployment.cli("status")
    ledger = deployment.ledger()
    assert ledger["sent"] == 0 and ledger["failed"] == 0, f"nothing sent, nothing given up during the outage: {ledger}"
    assert status.returncode == 0 and "waiting to be tried again after a failure" in status.stdout, status.stdout
    tries_during = least_tries(deployment)
    peer.clear_faults()
    down_for = time.monotonic() - down_since
    back = time.monotonic()
    deployment.wait_for(lambda: deployment.drained(STORIES, len(CHATS)), 90, run, "every digest after the outage")
    recovered_in = time.monotonic() - back
    code, _ = run.terminate()
    assert code == 0, run.stderr[-2000:]
    repeated, lost = check_chats(peer, in_flight_bound=0)
    assert deployment.ledger()["failed"] == 0
    assert "Traceback" not in run.stderr
    figures.fault(f"telegram outage {when}, longer than the old retry ladder")
    figures.notes.append(
        f"Telegram down {when} for {down_for:.1f} s (each first message tried {tries_during}+ times): "
        f"every digest delivered {recovered_in:.1f} s after it came back, {repeated} repeated, {lost} lost")
    print(figures.notes[-1])
