"""`communique run` on Discord (the local peer): SIGKILL mid-digest and a restart; platform faults (429 bursts,
5xx, 403 Missing Access on one channel among several, a deleted channel); and the token kept out of every
output. No story lost, the message in flight at the kill tried again but not posted twice (its nonce), the other
channels unaffected."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.feedserver import FeedServer
from tests.peers.fake_discord import Fault
from tests.reliability.conftest import Figures
from tests.reliability.discord_world import (
    CHANNELS,
    TOKEN,
    any_token_part_in,
    channel_digests,
    check_channels,
    discord_config,
    discord_peer_thread,
)
from tests.reliability.harness import Deployment
from tests.reliability.telegram_world import STORIES

POST = "POST /channels/{channel_id}/messages"


@pytest.mark.parametrize("failpoint", ["sender.after_send=4"])
def test_sigkill_mid_digest_on_discord_loses_nothing(
    deploy: Callable[..., Deployment], feed_server: FeedServer, figures: Figures, failpoint: str
) -> None:
    with discord_peer_thread() as fake:
        deployment = deploy(discord_config(feed_server, fake), env={"DISCORD_BOT_TOKEN": TOKEN})
        first = deployment.start(failpoints=failpoint)
        assert first.wait(timeout=90) == -9, first.stderr[-2000:]
        second = deployment.start()
        deployment.wait_for(lambda: deployment.drained(STORIES, len(CHANNELS)), 90, second, "every digest")
        code, _ = second.terminate()
        assert code == 0, second.stderr[-2000:]
        repeated, lost = check_channels(fake, in_flight_bound=len(CHANNELS))
        per_channel = sorted(len(channel_digests(fake, c)) for c in CHANNELS)
        nonces = [c.json.get("nonce") for c in fake.calls_to(POST) if c.status == 200]
    assert len(nonces) > len(set(nonces)), "the message Discord took but the ledger did not record is tried again"
    # ... with the nonce of its first try: Discord answers with the message it took, and the channel reads it once.
    assert repeated == 0, "the message in flight at the kill was posted again"
    assert deployment.integrity() == "ok"
    figures.crash(f"discord {failpoint}", duplicates=repeated, lost=lost, in_flight_bound=len(CHANNELS),
                  messages_per_chat=per_channel)


def test_discord_faults_spare_the_other_channels_and_keep_the_token_secret(
    deploy: Callable[..., Deployment], feed_server: FeedServer, figures: Figures
) -> None:
    limited, flaky, refused, deleted, plain = ("1190000000000000011", "1190000000000000012", "1190000000000000013",
                                               "1190000000000000014", "1190000000000000015")
    channels = (limited, flaky, refused, deleted, plain)
    with discord_peer_thread() as fake:
        deployment = deploy(discord_config(feed_server, fake, channels), env={"DISCORD_BOT_TOKEN": TOKEN})
        fake.inject(POST, Fault.rate_limited(0.5), times=3, channel_id=limited)
        # Cloudflare's 429 (no Via header), asking for one second rather than its usual minute, to keep the test short.
        cloudflare = Fault("429-no-via", 429, "error code: 1015", "text/html", {"Retry-After": "1"}, via=False)
        fake.inject(POST, cloudflare, times=1, channel_id=limited)
        fake.inject(POST, Fault.server_error(), times=2, channel_id=flaky)
        fake.inject(POST, Fault.missing_access(), times=None, channel_id=refused)
        fake.delete_channel(deleted)
        run = deployment.start(args=["-vv"])
        healthy = (limited, flaky, plain)

        deployment.wait_for(lambda: deployment.delivered_to(healthy, STORIES), 90, run,
                            "the healthy channels' digests")
        code, _ = run.terminate()
        assert code == 0, run.stderr[-2000:]
        repeated, lost = check_channels(fake, in_flight_bound=0, channels=healthy)
        assert channel_digests(fake, refused) == [] and channel_digests(fake, deleted) == []
    subs = {row[0]: row[1:] for row in deployment.query(
        "SELECT chat_id, active, failures, deactivated_reason, last_error FROM subscriptions")}
    assert subs[deleted][0] == 0 and "Unknown Channel" in (subs[deleted][2] or ""), subs[deleted]
    assert subs[refused][0] == 1 and subs[refused][1] >= 1 and "Missing Access" in (subs[refused][3] or "")
    status = deployment.cli("status")
    assert f"discord {deleted}" in status.stdout and "inactive" in status.stdout
    for text in (run.stdout, run.stderr, status.stdout, status.stderr):
        assert not any_token_part_in(text), "the Discord token leaked"
    assert not any_token_part_in(deployment.db_path.read_bytes().decode("latin-1"))
    for kind in ("429 burst (Via)", "429 without Via (Cloudflare)", "HTTP 500", "403 Missing Access",
                 "deleted channel (10003)"):
        figures.fault(f"discord: {kind} (communique run)")
    print(f"discord platform faults: {repeated} repeated, {lost} lost across {len(healthy)} channels")
