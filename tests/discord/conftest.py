"""Fixtures for Communiqué's Discord tests: the local Discord REST peer, a logged-in discord.py client, a
driver for slash commands, and (phase 2) Communiqué itself running on Discord against the peer.

Why function-scoped: the peer starts in about a millisecond and each test gets clean state (messages, faults,
commands) and its own event loop, which discord.py's HTTP session is bound to.
"""

from __future__ import annotations

import asyncio
import json
import logging
import types
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

import discord
import pytest

from bot.config import Config
from bot.core.platform import SendLimits
from bot.delivery.sender import SenderPolicy
from bot.platforms.discord.platform import DiscordPlatform
from bot.runtime import Runtime
from storage import articles as article_store
from storage import subscriptions as sub_store
from storage.records import ArticlePledge, ArticleQuote, NewArticle, Subscription
from tests.helpers import DEFAULTS
from tests.peers.fake_discord import (
    MANAGER_PERMISSIONS,
    MEMBER_PERMISSIONS,
    FakeDiscord,
    SlashResult,
    drive_autocomplete,
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


# --------------------------------------------------------------------------------------------------------------
# Phase 2: Communiqué's Discord platform running in a real Runtime against the peer (no gateway)
# --------------------------------------------------------------------------------------------------------------

CHANNEL = "1180000000000000001"
OTHER_CHANNELS = ("1180000000000000002", "1180000000000000003")
OPERATOR = "1170000000000000042"
MANAGER = "1170000000000000007"
MEMBER = "1170000000000000009"
FAST_LIMITS = SendLimits(per_second=500.0, per_chat_per_second=50.0, per_group_per_minute=0.0)
FAST_POLICY = SenderPolicy(deactivate_after=3, base_delay=0.05, max_delay=0.2, refusal_delay=0.05)


@dataclass
class DiscordBot:
    """Communiqué with the real `DiscordPlatform` in a real `Runtime` (SQLite file, scheduler, sender), logged in
    against the peer; interactions are fed as the gateway would deliver them."""

    fake: FakeDiscord
    runtime: Runtime
    platform: DiscordPlatform
    source_ids: dict[str, int] = field(default_factory=dict)

    @property
    def db(self) -> Any:
        return self.runtime.db

    async def slash(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        channel_id: str = CHANNEL,
        user_id: str = MEMBER,
        permissions: int = MEMBER_PERMISSIONS,
        **payload_options: Any,
    ) -> SlashResult:
        """`/name options` typed by `user_id` (a plain member by default) in `channel_id`."""
        assert self.platform.client is not None
        return await drive_slash(
            self.fake, self.platform.client, name, options,
            channel_id=channel_id, user_id=user_id, permissions=permissions, **payload_options,
        )

    async def as_manager(self, name: str, options: dict[str, Any] | None = None, **kw: Any) -> SlashResult:
        """A slash command by a member with Manage Channels."""
        return await self.slash(name, options, user_id=MANAGER, permissions=MANAGER_PERMISSIONS, **kw)

    async def complete(self, name: str, options: dict[str, Any], focused: str, **kw: Any) -> list[dict[str, Any]]:
        """The autocomplete choices offered while typing into `focused`."""
        assert self.platform.client is not None
        return await drive_autocomplete(
            self.fake, self.platform.client, name, options, focused, channel_id=CHANNEL, user_id=MEMBER, **kw
        )

    def subscription(self, channel_id: str = CHANNEL) -> Subscription | None:
        return sub_store.get(self.db, "discord", channel_id)

    def subscribe(self, channel_id: str, **settings: Any) -> Subscription:
        """A channel subscribed directly in storage (when the test is about delivery, not /subscribe)."""
        defaults = replace(DEFAULTS, **settings)
        sub, _ = sub_store.subscribe(self.db, platform="discord", chat_id=channel_id, chat_kind="group",
                                     defaults=defaults)
        return sub

    def add_source(self, name: str, tags: list[str]) -> int:
        """A source row that is never due (these tests write their stories straight into storage)."""
        if name not in self.source_ids:
            cursor = self.db.execute(
                "INSERT INTO sources (name, url, tags, interval, active, next_due) VALUES (?, ?, ?, 3600, 1, ?)",
                [name, f"https://{name.lower().replace(' ', '-')}.example/feed", json.dumps(tags), "2999-01-01T00:00:00Z"],
            )
            self.source_ids[name] = int(cursor.lastrowid)
        return self.source_ids[name]

    def add_story(
        self,
        n: int,
        *,
        title: str | None = None,
        summary: list[str] | None = None,
        quotes: list[ArticleQuote] | None = None,
        pledges: list[ArticlePledge] | None = None,
        tags: list[str] | None = None,
        source: str = "Foreign Ministry Press Office",
        text: str | None = None,
    ) -> int:
        """An invented story stored as ingest would store it (analysed: summary, quotes, pledges)."""
        tags = tags if tags is not None else ["nato"]
        source_id = self.add_source(source, tags)
        return article_store.insert_article(
            self.db,
            NewArticle(
                guid=None,
                url=f"https://ministry.example/press/{n}",
                source_id=source_id,
                title=title or f"Velmora and Kestria agree to reopen crossing {n}",
                text=text or f"Negotiators from Velmora and Kestria met for round {n} of talks on border crossings.",
                text_hash=f"story-{n}",
                tags=tags,
                summary=summary or [f"Round {n} of the border talks ended with an agreement to reopen a crossing."],
                quotes=quotes or [ArticleQuote("Ana Kovač", f"We kept our word in round {n}.")],
                pledges=pledges or [],
                published=f"2026-11-20T{n % 24:02d}:00:00.000000Z",
            ),
        )

    def channel_posts(self, channel_id: str = CHANNEL) -> list[dict[str, Any]]:
        """Messages the bot posted into a channel by itself (deliveries), not interaction replies."""
        return [m for m in self.fake.messages(channel_id) if m["type"] == 0 and "interaction_metadata" not in m]


def discord_config(make_config: Callable[..., Config], fake: FakeDiscord, **discord_options: Any) -> Config:
    """A config whose [discord] section points Communiqué at the peer, with one operator and the peer's guild."""
    section = {"api_base_url": fake.base_url, "test_guild": fake.guild_id, "operators": [int(OPERATOR)]}
    section.update(discord_options)
    return make_config(discord={k: v for k, v in section.items() if v is not None})


@pytest.fixture
async def discord_bot(fake_discord: FakeDiscord, make_config: Callable[..., Config]) -> AsyncIterator[DiscordBot]:
    """Communiqué running (scheduler, sender, Discord platform without gateway) against the peer."""
    config = discord_config(make_config, fake_discord)
    platform = DiscordPlatform(config.discord, fake_discord.token, connect_gateway=False, limits=FAST_LIMITS)
    runtime = Runtime(config, {"discord": platform}, tick_seconds=3600, policy=FAST_POLICY)
    await runtime.start()
    try:
        yield DiscordBot(fake_discord, runtime, platform)
    finally:
        await runtime.stop()
        runtime.db.conn.close()


@pytest.fixture
async def discord_sender_bot(
    fake_discord: FakeDiscord, make_config: Callable[..., Config]
) -> AsyncIterator[DiscordBot]:
    """Communiqué's Discord platform started with the runtime's commands, but no scheduler and no background
    sender: the test drains the ledger itself (`bot.runtime.sender.drain`), so each step is deterministic."""
    config = discord_config(make_config, fake_discord)
    platform = DiscordPlatform(config.discord, fake_discord.token, connect_gateway=False, limits=FAST_LIMITS)
    runtime = Runtime(config, {"discord": platform}, tick_seconds=3600, policy=FAST_POLICY)
    await platform.start(runtime.commands)
    try:
        yield DiscordBot(fake_discord, runtime, platform)
    finally:
        await platform.stop()
        runtime.db.conn.close()


@pytest.fixture
def fast_discord_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """discord.py sleeps 1+3+5+7+9 s between its own 5xx retries; only those sleeps are capped at 10 ms here (its
    HTTP client and webhook adapter get an `asyncio` whose `sleep` is shortened; the peer and the loop are real)."""
    import discord.http
    import discord.webhook.async_

    real_sleep = asyncio.sleep
    fast = types.SimpleNamespace(**{**vars(asyncio), "sleep": lambda s, *a: real_sleep(min(s, 0.01))})
    monkeypatch.setattr(discord.http, "asyncio", fast)
    monkeypatch.setattr(discord.webhook.async_, "asyncio", fast)
