"""Two `communique run` on one Discord token, each with its own database (a cron job or a second unit started from
another folder with the config's relative `[storage] path`, a restored copy started beside the first bot). Discord
says nothing of a second connection on a token, and the database lock cannot see another file: both bots posted
every story, and every channel read each one twice. On one machine the second is now refused, naming the first."""

from __future__ import annotations

from collections.abc import Callable

from tests.feedserver import FeedServer
from tests.reliability.discord_world import (
    CHANNELS,
    TOKEN,
    any_token_part_in,
    check_channels,
    discord_config,
    discord_peer_thread,
)
from tests.reliability.harness import Deployment
from tests.reliability.telegram_world import STORIES


def test_a_second_bot_on_the_same_discord_token_is_refused_and_no_channel_reads_a_story_twice(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    with discord_peer_thread() as fake:
        config = discord_config(feed_server, fake)
        first = deploy(config, name="service", env={"DISCORD_BOT_TOKEN": TOKEN})
        run = first.start()
        first.wait_for(lambda: first.drained(STORIES, len(CHANNELS)), 90, run, "every channel's stories")

        second = deploy(config, name="cron-folder", env={"DISCORD_BOT_TOKEN": TOKEN})  # a database of its own
        mistaken = second.start()
        code = mistaken.wait(timeout=60)
        assert code == 2, mistaken.stderr[-2000:]
        assert (f"another Communiqué on this machine (pid {run.proc.pid}) is running with the Discord token in "
                "DISCORD_BOT_TOKEN") in mistaken.stderr, mistaken.stderr[-2000:]
        assert "Stop it first" in mistaken.stderr, mistaken.stderr[-2000:]
        assert not any_token_part_in(mistaken.stderr), "the token itself is never shown"

        assert run.alive(), "the first bot runs on"
        code, _ = run.terminate()
        assert code == 0, run.stderr[-2000:]
        repeated, lost = check_channels(fake, in_flight_bound=0)
    assert (repeated, lost) == (0, 0)

    with discord_peer_thread() as fake:  # the first bot stopped, the token is free again for the second
        config = discord_config(feed_server, fake)
        second.config = config
        second.write_config()
        again = second.start()
        second.wait_for(lambda: second.drained(STORIES, len(CHANNELS)), 90, again, "the second bot, alone now")
        code, _ = again.terminate()
        assert code == 0, again.stderr[-2000:]
