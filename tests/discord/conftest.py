"""Fixtures for Communiqué's Discord tests: the local Discord REST peer, a logged-in discord.py client, and a
driver for slash commands.

Why function-scoped: the peer starts in about a millisecond and each test gets clean state (messages, faults,
commands) and its own event loop, which discord.py's HTTP session is bound to.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import partial

import discord
import pytest

from tests.peers.fake_discord import (
    FakeDiscord,
    SlashResult,
    drive_slash,
    running_fake_discord,
)

# discord.py warns at every Client() that voice support (PyNaCl, davey) is missing; Communiqué has no voice.
logging.getLogger("discord.client").setLevel(logging.ERROR)


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A running Discord REST peer on 127.0.0.1 with `discord.http.Route.BASE` pointed at it (restored after)."""
    async with running_fake_discord() as fake:
        yield fake


@pytest.fixture
async def discord_client(fake_discord: FakeDiscord) -> AsyncIterator[discord.Client]:
    """A real discord.py client logged in against the peer (GET /users/@me and /oauth2/applications/@me done);
    no gateway. Attach a `discord.app_commands.CommandTree` to it to define slash commands."""
    client = discord.Client(intents=discord.Intents(guilds=True))
    await client.login(fake_discord.token)
    try:
        yield client
    finally:
        await client.close()


@pytest.fixture
def slash(fake_discord: FakeDiscord, discord_client: discord.Client) -> Callable[..., Awaitable[SlashResult]]:
    """`await slash("name", {"option": value}, **payload_options)`: drive a slash command through the logged-in
    client and get its `SlashResult` (see `tests.peers.fake_discord.drive_slash`)."""
    driver: Callable[..., Awaitable[SlashResult]] = partial(drive_slash, fake_discord, discord_client)
    return driver
