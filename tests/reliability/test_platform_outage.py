"""A Telegram outage longer than any fixed retry ladder, played by the local peer's fault injection while
`communique run` has digests to deliver: at start (every call's connection dropped, as when the network is down)
and while running (every call answered 502). The digests wait, `communique status` shows them waiting, and once
the peer answers again every chat gets every story, once (`tests/reliability/outage.py`: how the outage is ridden
out, with retry pauses shortened so it outlasts the old 6-try ladder in seconds).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.feedserver import FeedServer
from tests.reliability.conftest import Figures
from tests.reliability.harness import Deployment
from tests.reliability.outage import RETRY_FIRST, RETRY_MAX, ride_out
from tests.reliability.telegram_world import CHATS, STORIES, check_chats, telegram_config


def outage_config(feed_server: FeedServer, peer: Any) -> dict:
    return telegram_config(feed_server, peer, delivery={"retry_first": RETRY_FIRST, "retry_max": RETRY_MAX})


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
    outage = ride_out(deployment, run, stories=STORIES, subscriptions=len(CHATS), end_outage=peer.clear_faults)
    code, _ = run.terminate()
    assert code == 0, run.stderr[-2000:]
    repeated, lost = check_chats(peer, in_flight_bound=0)
    assert deployment.ledger()["failed"] == 0
    assert "Traceback" not in run.stderr
    figures.fault(f"telegram outage {when}, longer than the old retry ladder")
    figures.notes.append(outage.note(f"Telegram down {when}", repeated, lost))
    print(figures.notes[-1])
