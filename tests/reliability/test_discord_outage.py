"""Discord's message endpoint down for longer than any fixed retry ladder while `communique run` has digests to
post to three channels: every post answered 503 (which discord.py does not retry itself, so each of the bot's
tries is one call). The digests wait, `communique status` shows them waiting, and once Discord answers again every
channel gets every story, once.

The retry pauses are shortened through the config (`[delivery] retry_first`, `retry_max`) so the outage outlasts
the six tries Communiqué once gave up after in a few seconds of wall time; nothing in the bot is replaced.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from tests.feedserver import FeedServer
from tests.peers.fake_discord import Fault
from tests.reliability.conftest import Figures
from tests.reliability.discord_world import CHANNELS, TOKEN, check_channels, discord_config, discord_peer_thread
from tests.reliability.harness import Deployment
from tests.reliability.telegram_world import STORIES

POST = "POST /channels/{channel_id}/messages"
OLD_LADDER_TRIES = 6
OUTAGE_AT_LEAST = 10.0  # seconds


def least_tries(deployment: Deployment) -> int:
    """The fewest tries of any channel's first message."""
    rows = deployment.query("SELECT MIN(attempts) FROM deliveries WHERE part = 0 GROUP BY subscription_id")
    return min((r[0] for r in rows), default=0) if len(rows) == len(CHANNELS) else 0


def test_a_discord_outage_longer_than_the_retry_ladder_delays_every_digest_and_loses_none(
    deploy: Callable[..., Deployment], feed_server: FeedServer, figures: Figures
) -> None:
    with discord_peer_thread() as fake:
        config = discord_config(feed_server, fake)
        config["delivery"] = {"retry_first": 0.2, "retry_max": 1}
        deployment = deploy(config, env={"DISCORD_BOT_TOKEN": TOKEN})
        fake.inject(POST, Fault.server_error(503), times=None)  # the bot connects; every post fails
        run = deployment.start()
        down_since = time.monotonic()
        deployment.wait_for(lambda: least_tries(deployment) > OLD_LADDER_TRIES, 90, run,
                            f"every channel's first message tried more than {OLD_LADDER_TRIES} times")
        while time.monotonic() - down_since < OUTAGE_AT_LEAST:
            time.sleep(0.2)
        status = deployment.cli("status")
        ledger = deployment.ledger()
        assert ledger["sent"] == 0 and ledger["failed"] == 0, f"nothing sent or given up during the outage: {ledger}"
        assert status.returncode == 0 and "waiting to be tried again after a failure" in status.stdout, status.stdout
        tries_during = least_tries(deployment)
        fake.clear_faults()
        down_for = time.monotonic() - down_since
        back = time.monotonic()
        deployment.wait_for(lambda: deployment.drained(STORIES, len(CHANNELS)), 90, run, "every digest after")
        recovered_in = time.monotonic() - back
        code, _ = run.terminate()
        assert code == 0, run.stderr[-2000:]
        repeated, lost = check_channels(fake, in_flight_bound=0)
    assert deployment.ledger()["failed"] == 0
    assert "Traceback" not in run.stderr
    figures.fault("discord outage (503 on every post), longer than the old retry ladder")
    figures.notes.append(
        f"Discord posts failing for {down_for:.1f} s (each first message tried {tries_during}+ times): every digest "
        f"delivered {recovered_in:.1f} s after it came back, {repeated} repeated, {lost} lost")
    print(figures.notes[-1])
