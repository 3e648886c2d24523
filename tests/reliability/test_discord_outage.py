"""Discord's message endpoint down for longer than any fixed retry ladder while `communique run` has digests to
post to three channels: every post answered 503 (which discord.py does not retry itself, so each of the bot's
tries is one call). The digests wait, `communique status` shows them waiting, and once Discord answers again every
channel gets every story, once (`tests/reliability/outage.py`: how the outage is ridden out).
"""

from __future__ import annotations

from collections.abc import Callable

from tests.feedserver import FeedServer
from tests.peers.fake_discord import Fault
from tests.reliability.conftest import Figures
from tests.reliability.discord_world import CHANNELS, TOKEN, check_channels, discord_config, discord_peer_thread
from tests.reliability.harness import Deployment
from tests.reliability.outage import RETRY_FIRST, RETRY_MAX, ride_out
from tests.reliability.telegram_world import STORIES

POST = "POST /channels/{channel_id}/messages"


def test_a_discord_outage_longer_than_the_retry_ladder_delays_every_digest_and_loses_none(
    deploy: Callable[..., Deployment], feed_server: FeedServer, figures: Figures
) -> None:
    with discord_peer_thread() as fake:
        config = discord_config(feed_server, fake)
        config["delivery"] = {"retry_first": RETRY_FIRST, "retry_max": RETRY_MAX}
        deployment = deploy(config, env={"DISCORD_BOT_TOKEN": TOKEN})
        fake.inject(POST, Fault.server_error(503), times=None)  # the bot connects; every post fails
        run = deployment.start()
        outage = ride_out(deployment, run, stories=STORIES, subscriptions=len(CHANNELS), end_outage=fake.clear_faults)
        code, _ = run.terminate()
        assert code == 0, run.stderr[-2000:]
        repeated, lost = check_channels(fake, in_flight_bound=0)
    assert deployment.ledger()["failed"] == 0
    assert "Traceback" not in run.stderr
    figures.fault("discord outage (503 on every post), longer than the old retry ladder")
    figures.notes.append(outage.note("Discord posts failing", repeated, lost))
    print(figures.notes[-1])
