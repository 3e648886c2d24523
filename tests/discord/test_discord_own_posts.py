"""The bot's own posts, seen again on its gateway, are not taken for another program posting with its token.

Discord sends a bot every post of its user (MESSAGE_CREATE), its own included; a post this process did not make is
another program on the token (`DiscordPlatform._another_bot_posted`). Its own post is known by the id in the answer
to the POST that made it, and that answer can come after the event: the network back from Discord slow, or the
send given up while Discord had made the message. Either made a lone bot log "another program posts with this
bot's Discord token" and answer 503 at /healthz for ten minutes, while nothing else ran on the token.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from bot.config import Config
from bot.core.outcomes import Sent, Transient
from bot.platforms.discord import platform as discord_platform
from bot.platforms.discord.platform import DiscordPlatform
from bot.runtime import Runtime
from tests.discord.conftest import CHANNEL, FAST_LIMITS, FAST_POLICY, MEMBER, DiscordBot, discord_config
from tests.helpers import wait_until
from tests.peers.fake_discord import FakeDiscord

SEND = "POST /channels/{channel_id}/messages"
SAID = "another program posts with this bot's Discord token"
WAIT = 1.0  # the check's wait for a post's answer, shortened from its 5 s so the test takes seconds, not tens


@pytest.fixture
async def lone(fake_discord: FakeDiscord, make_config: Callable[..., Config],
               monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[DiscordBot]:
    """One Communiqué on the token, its gateway connected to the peer (which echoes each post to it)."""
    monkeypatch.setattr(discord_platform, "OWN_POST_WAIT", WAIT)
    fake_discord.add_channel(CHANNEL, name="treaty-watch")
    config = discord_config(make_config, fake_discord)
    platform = DiscordPlatform(config.discord, fake_discord.token, limits=FAST_LIMITS, send_timeout=4 * WAIT)
    runtime = Runtime(config, {"discord": platform}, tick_seconds=3600, policy=FAST_POLICY)
    await runtime.start()
    try:
        await fake_discord.wait_for_gateway(timeout=10)
        await wait_until(lambda: platform.client is not None and platform.client.is_ready(), "ready", timeout=10)
        yield DiscordBot(fake_discord, runtime, platform)
    finally:
        await runtime.stop()
        runtime.db.conn.close()


async def settled() -> None:
    """Past the check of the post echoed (made before its send ended, checked a wait after it came or after the
    send's end); before the fix the alarm was said before the send had even ended."""
    await asyncio.sleep(2 * WAIT)


async def test_a_post_whose_answer_is_slow_is_the_bot_s_own(lone: DiscordBot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="bot.platforms.discord")
    lone.fake.set_answer_latency(3 * WAIT, SEND)  # the event at once, the answer three waits later
    outcome = await lone.platform.send(CHANNEL, {"content": "Readout of the border talks"})
    assert isinstance(outcome, Sent), outcome
    await settled()
    assert not any(SAID in m for m in caplog.messages), caplog.messages
    assert lone.platform.ready and lone.platform.problem is None


async def test_a_send_given_up_after_discord_made_the_message_is_no_second_bot(
    lone: DiscordBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="bot.platforms.discord")
    lone.fake.set_answer_latency(6 * WAIT, SEND)  # beyond the send's own limit: given up, the message made
    outcome = await lone.platform.send(CHANNEL, {"content": "Readout of the border talks"})
    assert isinstance(outcome, Transient), outcome
    assert len(lone.fake.messages(CHANNEL)) == 1, "Discord made the message"
    await settled()
    assert not any(SAID in m for m in caplog.messages), caplog.messages
    assert lone.platform.ready and lone.platform.problem is None


async def post_from_another_program(lone: DiscordBot) -> None:
    """A post in CHANNEL with the bot's token by another program: a second platform on the same token, stopped
    after its one send."""
    other = DiscordPlatform(lone.platform.config, lone.fake.token, connect_gateway=False, limits=FAST_LIMITS)
    await other.start(lone.runtime.commands)
    try:
        assert isinstance(await other.send(CHANNEL, {"content": "The same readout, again"}), Sent)
    finally:
        await other.stop()


async def test_a_post_the_bot_did_not_make_is_still_said(lone: DiscordBot, caplog: pytest.LogCaptureFixture) -> None:
    """The check still sees another program: a post with the token that no send of this process made."""
    caplog.set_level("INFO", logger="bot.platforms.discord")
    await post_from_another_program(lone)
    await wait_until(lambda: any(SAID in m for m in caplog.messages), "the other program said", timeout=30)
    assert lone.platform.problem is not None and SAID in lone.platform.problem


async def test_the_hint_to_a_direct_message_whose_answer_is_slow_is_the_bot_s_own(
    lone: DiscordBot, caplog: pytest.LogCaptureFixture
) -> None:
    """The one-line hint a reader's direct message gets is a post of the bot's too, echoed to it like a digest."""
    caplog.set_level("INFO", logger="bot.platforms.discord")
    lone.fake.set_answer_latency(3 * WAIT, SEND)
    dm = await lone.fake.send_direct_message(MEMBER, "hi, anything new on the border talks?")
    await wait_until(lambda: any(m["author"].get("bot") for m in lone.fake.messages(dm)), "the hint posted",
                     timeout=10)
    await asyncio.sleep(3 * WAIT + 2 * WAIT)  # the answer on its way, then past the check that waits for it
    assert not any(SAID in m for m in caplog.messages), caplog.messages
    assert lone.platform.ready and lone.platform.problem is None


async def test_a_check_under_way_ends_when_the_bot_stops(lone: DiscordBot, caplog: pytest.LogCaptureFixture) -> None:
    """The check of a post waits (for the answer to a send of this process's, up to the send's limit); stopping the
    bot left it waiting, and a check begun just before a stop went on after it: it said a second bot in the log of
    a bot that had stopped, and its task outlived the client."""
    caplog.set_level("INFO", logger="bot.platforms.discord")
    await post_from_another_program(lone)

    def checks() -> list[asyncio.Task[object]]:
        return [t for t in asyncio.all_tasks() if t.get_name() == "discord.py: on_message" and not t.done()]

    await wait_until(lambda: bool(checks()), "the post seen and its check begun", timeout=10)
    await lone.platform.stop()
    assert checks() == [], "the check ended with the bot"
    await settled()
    assert not any(SAID in m for m in caplog.messages), caplog.messages
