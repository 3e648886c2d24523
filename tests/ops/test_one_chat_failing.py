"""One Discord channel whose posts keep failing (a server error for it alone) while `communique run` serves the
others, then goes on failing with nothing else to send: the log names the channel and says what the bot does
next, at a pace that thins out, `communique status` names the chat its waiting messages are for, and neither the
log nor /healthz blames the platform. While the others were served the log said nothing at all; once they were,
it said "sending on discord fails" (naming no chat) and /healthz answered 503 "discord: the last 3 sends failed"
for one chat's trouble; status counted "1 message(s) waiting" without saying whose.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.feedserver import FeedServer
from tests.ops.conftest import get
from tests.peers.fake_discord import Fault
from tests.reliability.discord_world import CHANNELS, TOKEN, channel_digests, discord_config, discord_peer_thread
from tests.reliability.harness import Deployment
from tests.reliability.telegram_world import STORIES, all_links

POST = "POST /channels/{channel_id}/messages"


def test_a_chat_whose_messages_keep_failing_is_named_in_the_log_and_in_status(
    deploy: Callable[..., Deployment], feed_server: FeedServer, free_port: int
) -> None:
    bad, *good = CHANNELS
    with discord_peer_thread() as fake:
        config = discord_config(feed_server, fake)
        config["delivery"] = {"retry_first": 0.1, "retry_max": 1}
        deployment = deploy(config, env={"DISCORD_BOT_TOKEN": TOKEN})
        config["metrics"] = {"listen": f"127.0.0.1:{free_port}"}
        deployment.config = {**deployment.config, "metrics": config["metrics"]}
        deployment.write_config()
        # 503: discord.py does not retry it itself, so each of the bot's tries is one post.
        fake.inject(POST, Fault.server_error(503), times=None, channel_id=bad)
        run = deployment.start(args=["-v"])
        deployment.wait_for(lambda: deployment.delivered_to([], 0) and all(
            {u for m in channel_digests(fake, c) for u in m} == set(all_links()) for c in good), 60, run,
            "the other channels served")
        deployment.wait_for(lambda: (deployment.scalar(
            "SELECT MAX(d.attempts) FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id "
            "WHERE s.chat_id = ? AND d.state IN ('due', 'sending')", [bad]) or 0) >= 9, 60, run,
            "the failing channel's message tried nine times")

        health = get(f"http://127.0.0.1:{free_port}/healthz")
        assert health.status == 200 and health.json()["platforms"] == {"discord": "up"}, health.text
        assert "sending on discord fails" not in run.stderr, run.stderr[-3000:]

        status = deployment.cli("status")
        assert status.returncode == 0, status.stderr
        waiting = [line for line in status.stdout.splitlines() if "waiting to be tried again" in line]
        assert len(waiting) == 1 and f", to discord {bad}; last error: " in waiting[0], status.stdout

        said = [line for line in run.stderr.splitlines() if "times in a row, the last:" in line]
        assert [int(re.search(r"has failed (\d+) times", line)[1]) for line in said] == [4, 8], run.stderr[-3000:]
        assert all(f" to discord {bad} (instant:" in line for line in said), said
        assert "It is tried again in 1 s, the pause doubling up to 1 s, until it goes (`communique status` " \
               "lists it waiting)" in said[1], said[1]

        fake.clear_faults()
        deployment.wait_for(lambda: {u for m in channel_digests(fake, bad) for u in m} == set(all_links()), 60, run,
                            "the failing channel served once it can be")
        code, _ = run.terminate()
        assert code == 0, run.stderr[-2000:]
    assert deployment.ledger()["failed"] == 0 and len(all_links()) == STORIES


def test_a_platform_outage_on_a_bot_with_one_chat_is_still_seen(
    deploy: Callable[..., Deployment], feed_server: FeedServer, free_port: int
) -> None:
    """A bot whose only chat is one Discord channel, every post failing (a 503 at each try): that is the
    platform's outage for this bot, nothing it sends arrives. The log says "sending on discord fails" and /healthz
    answers 503; counted as one chat's trouble (two chats needed), neither did, and a monitor never saw it."""
    only = CHANNELS[0]
    with discord_peer_thread() as fake:
        config = discord_config(feed_server, fake, channels=(only,))
        config["delivery"] = {"retry_first": 0.1, "retry_max": 1}
        config["metrics"] = {"listen": f"127.0.0.1:{free_port}"}
        deployment = deploy(config, env={"DISCORD_BOT_TOKEN": TOKEN})
        fake.inject(POST, Fault.server_error(503), times=None)
        run = deployment.start(args=["-v"])
        deployment.wait_for(lambda: (deployment.scalar(
            "SELECT MAX(attempts) FROM deliveries WHERE state IN ('due', 'sending')") or 0) >= 4, 60, run,
            "the only channel's message tried four times")

        health = get(f"http://127.0.0.1:{free_port}/healthz")
        assert health.status == 503 and "discord: the last" in health.text, health.text
        assert "sending on discord fails" in run.stderr, run.stderr[-3000:]

        fake.clear_faults()
        deployment.wait_for(lambda: {u for m in channel_digests(fake, only) for u in m} == set(all_links()), 60, run,
                            "the channel served once it can be")
        assert get(f"http://127.0.0.1:{free_port}/healthz").status == 200
        assert "sending on discord works again" in run.stderr
        code, _ = run.terminate()
        assert code == 0, run.stderr[-2000:]
    assert deployment.ledger()["failed"] == 0
