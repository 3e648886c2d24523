"""A local Discord REST API (v10) on 127.0.0.1 for Communiqué's tests, and a driver for slash commands.

Why: no real Discord can be reached from tests. discord.py sends every REST call, webhook and interaction
callback to `discord.http.Route.BASE`; pointing it here lets the real library run unchanged against a peer
that answers as Discord does, keeps what the bot posted, enforces Discord's limits (a payload Discord would
refuse is refused here with the same 400), and injects the failures Discord produces (429 with and without
`Via`, 403 50001/50013, 404 10003, 5xx), so the bot's handling of each is tested for real.

What it plays: login (`GET /users/@me`, `GET /oauth2/applications/@me`), channels and their messages, DM channels,
guilds, application commands (bulk overwrite, list, upsert, delete; global and per guild), interaction callbacks
and the interaction webhook (follow-ups, `@original`). Anything else answers Discord's 404 and is listed in
`unhandled`, so a test can see what the library asked for that the peer does not know.

Use (pytest): see `tests/discord/conftest.py`; or

    async with running_fake_discord() as fake:       # started, discord.http.Route.BASE patched, restored after
        client = discord.Client(intents=discord.Intents.none())
        await client.login(fake.token)
        await client.get_partial_messageable(123).send("hello")
        assert fake.messages("123")[0]["content"] == "hello"

The gateway is played minimally (`/gateway`: HELLO, IDENTIFY checked against the token, READY, heartbeat ACKs,
and INTERACTION_CREATE pushed by `send_interaction`), enough for a bot that really connects, e.g. `communique
run` in a subprocess. In-process tests usually skip it and feed a slash command to the client, see `drive_slash`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import secrets
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from tests.peers.discord_rules import Problem, problems

API_PREFIX = "/api/v10"
GATEWAY_PATH = "/gateway"
HEARTBEAT_INTERVAL_MS = 41250
DISCORD_EPOCH_MS = 1420070400000
HOST = "127.0.0.1"

# Permission bits (Discord's bitfield), for building members in interaction payloads.
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_APPLICATION_COMMANDS = 1 << 31
MEMBER_PERMISSIONS = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_MESSAGE_HISTORY | USE_APPLICATION_COMMANDS
MANAGER_PERMISSIONS = MEMBER_PERMISSIONS | MANAGE_CHANNELS | MANAGE_GUILD
ADMIN_PERMISSIONS = MANAGER_PERMISSIONS | ADMINISTRATOR | MENTION_EVERYONE
THREAD_TYPES = (10, 11, 12)  # announcement, public and private threads
BOT_PERMISSIONS = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_MESSAGE_HISTORY

# Message flags Discord sets.
FLAG_EPHEMERAL = 64
FLAG_LOADING = 128
FLAG_SUPPRESS_EMBEDS = 4  # no link previews: a sender may set it, and may edit it, as Discord allows

# Interaction callback types for an application command.
CALLBACK_MESSAGE = 4
CALLBACK_DEFERRED = 5
CALLBACK_TYPES_FOR_COMMANDS = {CALLBACK_MESSAGE, CALLBACK_DEFERRED, 9}
CALLBACK_TYPES_FOR_COMPONENTS = {CALLBACK_MESSAGE, CALLBACK_DEFERRED, 6, 7, 9}

_log = logging.getLogger(__name__)


# --------------------------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------------------------


GUILD_MESSAGES_INTENT = 1 << 9  # a bot without it is sent no message of a server's channels
DIRECT_MESSAGES_INTENT = 1 << 12  # a bot without it is sent no direct message


class Snowflakes:
    """Discord-shaped ids: milliseconds since Discord's epoch, a worker, a process and an increment."""

    def __init__(self) -> None:
        self._increment = 0

    def next(self) -> str:
        """A new id, strictly greater than the previous one."""
        self._increment = (self._increment + 1) % 4096
        millis = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return str((millis << 22) | (1 << 17) | (1 << 12) | self._increment)


def iso_now() -> str:
    """The current time as Discord writes timestamps (ISO 8601, microseconds, +00:00)."""
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True)
class Call:
    """One request the peer received and what it answered.

    `route` is the template (`POST /channels/{channel_id}/messages`); `channel_id` the channel concerned, also
    for interaction routes; `interaction_id` the interaction whose callback or webhook it was. Neither the bot's
    token nor an interaction token is ever recorded."""

    method: str
    path: str
    route: str
    params: dict[str, str]
    query: dict[str, str]
    json: Any
    status: int
    answer: Any
    at: float
    channel_id: str | None
    authorized: bool
    fault: str | None = None
    interaction_id: str | None = None


@dataclass(frozen=True)
class Fault:
    """An answer to force on a call instead of the normal one, in Discord's (or Cloudflare's) exact form."""

    name: str
    status: int
    body: Any
    content_type: str = "application/json"
    headers: Mapping[str, str] = field(default_factory=dict)
    via: bool = True

    @classmethod
    def rate_limited(cls, retry_after: float = 0.05, *, via: bool = True, is_global: bool = False) -> Fault:
        """429. With `Via` (Discord's own limiter) discord.py sleeps `retry_after` and retries by itself; without
        `Via` it is Cloudflare's ban page (HTML), which discord.py raises as HTTPException."""
        if not via:
            return cls("429-no-via", 429, "error code: 1015", "text/html", {"Retry-After": "60"}, via=False)
        headers = {
            "Retry-After": str(max(1, int(retry_after + 0.999))),
            "X-RateLimit-Scope": "global" if is_global else "user",
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": is_global}
        if is_global:
            body["code"] = 0
        return cls("429", 429, body, headers=headers)

    @classmethod
    def missing_access(cls) -> Fault:
        """403 50001: the bot cannot see the channel (removed from the guild, channel hidden from it)."""
        return cls("403-50001", 403, {"message": "Missing Access", "code": 50001})

    @classmethod
    def missing_permissions(cls) -> Fault:
        """403 50013: the bot sees the channel but may not post (or embed) there."""
        return cls("403-50013", 403, {"message": "Missing Permissions", "code": 50013})

    @classmethod
    def blocked(cls) -> Fault:
        """403 from Cloudflare in front of Discord (its firewall blocking the bot's address, error 1020): an HTML
        page with no JSON code and no `Via`, for every route and channel alike. Nothing to do with one channel."""
        page = "<!DOCTYPE html><html><head><title>Access denied</title></head><body>error code: 1020</body></html>"
        return cls("403-cloudflare", 403, page, "text/html", via=False)

    @classmethod
    def dm_closed(cls) -> Fault:
        """403 50007: a user's direct messages refuse the bot (they blocked it, or turned off direct messages from
        the server's members, or left every server it shares with them)."""
        return cls("403-50007", 403, {"message": "Cannot send messages to this user", "code": 50007})

    @classmethod
    def thread_archived(cls) -> Fault:
        """A thread archived and locked (or archived where the bot may not reopen it): Discord answers 400."""
        return cls("400-50083", 400, {"message": "Thread is archived", "code": 50083})

    @classmethod
    def unknown_channel(cls) -> Fault:
        """404 10003: the channel was deleted."""
        return cls("404-10003", 404, {"message": "Unknown Channel", "code": 10003})

    @classmethod
    def server_error(cls, status: int = 500) -> Fault:
        """5xx as Discord's edge gives them: JSON for 500, Cloudflare HTML for 502/504, text for 503."""
        if status == 500:
            return cls("500", 500, {"message": "500: Internal Server Error", "code": 0})
        if status == 503:
            return cls("503", 503, "upstream connect error or disconnect/reset before headers", "text/plain")
        reason = {502: "Bad Gateway", 504: "Gateway Timeout"}.get(status, "Server Error")
        return cls(str(status), status, f"<html><body><h1>{status} {reason}</h1></body></html>", "text/html")


@dataclass
class _Injection:
    route: str
    fault: Fault
    remaining: int | None
    channel_id: str | None


@dataclass
class InteractionRecord:
    """An interaction the peer knows (registered when the test fed it to the bot) and what the bot answered."""

    id: str
    token: str
    application_id: str
    channel_id: str
    guild_id: str | None
    user_id: str | None
    type: int
    created_at: float
    callback: dict[str, Any] | None = None
    original_id: str | None = None
    message_ids: list[str] = field(default_factory=list)


@dataclass
class GatewaySession:
    """One bot connected to the peer's gateway: its socket, what it identified with, and the events sent to it."""

    socket: web.WebSocketResponse
    session_id: str
    identified: bool = False
    intents: int | None = None
    sequence: int = 0
    received: list[dict[str, Any]] = field(default_factory=list)


class ApiError(Exception):
    """An error answer in Discord's JSON shape (`{"message", "code", "errors"?}`)."""

    def __init__(self, status: int, code: int, message: str, errors: dict[str, Any] | None = None) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.body: dict[str, Any] = {"message": message, "code": code}
        if errors is not None:
            self.body["errors"] = errors


def form_errors(violations: Sequence[Problem]) -> ApiError:
    """Limit violations as Discord's 400: 50006 for an empty message, else 50035 "Invalid Form Body" with the
    nested `errors` object (`{"embeds": {"0": {"title": {"_errors": [{code, message}]}}}}`)."""
    if any(v.code == "EMPTY_MESSAGE" for v in violations):
        return ApiError(400, 50006, "Cannot send an empty message")
    errors: dict[str, Any] = {}
    for violation in violations:
        node = errors
        for part in violation.path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": violation.code, "message": violation.message})
    return ApiError(400, 50035, "Invalid Form Body", errors)


_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")
_MASS_MENTION = re.compile(r"@(everyone|here)\b")
_COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")


# --------------------------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------------------------

Handler = Callable[[web.Request, Any], Any]


class FakeDiscord:
    """Discord's REST API v10 on 127.0.0.1 for one test: state, recorded calls, limits, faults.

    `rate_limit` is the (requests, seconds) bucket of every route (per channel/guild/webhook), announced in
    `X-RateLimit-*` headers and enforced with a 429 (with `Via`) for a client that ignores them; Discord's real
    buckets are tighter (about 5 messages per 5 s per channel) but tests need speed. `interaction_deadline` is
    how long after an interaction its first callback is accepted (Discord: 3 s), after which 10062 answers.
    `nonce_window` is how far back a create-message with `enforce_nonce` looks for the bot's message with its nonce
    (Discord: "the past few minutes"; two here, the least that can mean, so a bot relying on more is caught).
    Channels not added are created on first use as text channels of `guild_id` unless `strict_channels`.
    """

    def __init__(
        self,
        token: str = "communique-test-token",
        *,
        bot_name: str = "Communiqué",
        rate_limit: tuple[int, float] = (50, 1.0),
        interaction_deadline: float = 3.0,
        strict_channels: bool = False,
        nonce_window: float = 120.0,
    ) -> None:
        self.token = token
        self.ids = Snowflakes()
        self.application_id = self.ids.next()
        self.bot_user: dict[str, Any] = _user(self.application_id, bot_name, bot=True)
        self.owner: dict[str, Any] = _user(self.ids.next(), "communique-operator")
        self.guild_id = self.ids.next()
        self.rate_limit = rate_limit
        self.interaction_deadline = interaction_deadline
        self.strict_channels = strict_channels
        self.nonce_window = nonce_window
        self.port = 0
        self.calls: list[Call] = []
        self.unhandled: list[Call] = []
        self.gateway_sessions: list[GatewaySession] = []
        self._runner: web.AppRunner | None = None
        self._changed = asyncio.Event()
        self._routes: dict[str, tuple[str, str]] = {}
        self._clear_state()

    # -- life --------------------------------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on an ephemeral port of 127.0.0.1."""
        app = web.Application(client_max_size=32 * 1024 * 1024)
        for method, template, handler in self._route_table():
            key = f"{method} {template}"
            self._routes[key] = (method, template)
            app.router.add_route(method, API_PREFIX + template, self._endpoint(key, handler))
        app.router.add_get(GATEWAY_PATH, self._gateway_socket)
        app.router.add_route("*", "/{tail:.*}", self._endpoint("* /{tail}", self._not_found))
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, HOST, 0).start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Close the listener and every open connection."""
        for session in list(self.gateway_sessions):
            with suppress(Exception):
                await session.socket.close(code=1001, message=b"going away")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """What `discord.http.Route.BASE` must be for discord.py to talk to this peer."""
        return f"http://{HOST}:{self.port}{API_PREFIX}"

    @contextmanager
    def patch_discord(self) -> Iterator[None]:
        """Point discord.py's REST, webhook and interaction calls here for the duration, then restore."""
        import discord.http

        previous = discord.http.Route.BASE
        discord.http.Route.BASE = self.base_url
        try:
            yield
        finally:
            discord.http.Route.BASE = previous

    def reset(self) -> None:
        """Forget calls, faults, latencies, rate-limit counters, channels, messages, commands and interactions;
        the bot's identity, the token and the port stay."""
        self.calls.clear()
        self.unhandled.clear()
        self._clear_state()

    def _clear_state(self) -> None:
        """The state a fresh peer starts with."""
        self._injections: list[_Injection] = []
        self._latency: dict[str | None, float] = {}
        self._answer_latency: dict[str, float] = {}
        self._limits: dict[str, tuple[int, float]] = {}
        self._buckets: dict[tuple[str, str], list[float]] = {}
        self._channels: dict[str, dict[str, Any]] = {}
        self._deleted_channels: set[str] = set()
        self._left_guilds: set[str] = set()  # servers that removed the bot: their channels answer 403 50001
        self._no_embed_links: set[str] = set()
        self._dm_channels: dict[str, str] = {}
        self._messages: dict[str, dict[str, dict[str, Any]]] = {}
        self._commands: dict[str | None, list[dict[str, Any]]] = {}
        self._interactions: dict[str, InteractionRecord] = {}
        self._by_token: dict[str, InteractionRecord] = {}

    # -- the test's controls -----------------------------------------------------------------------------------

    def inject(self, route: str, fault: Fault, *, times: int | None = 1, channel_id: int | str | None = None) -> None:
        """Answer the next `times` calls to `route` (a template such as `POST /channels/{channel_id}/messages`,
        or `*` for any) with `fault`, optionally only for one channel; `times=None` keeps answering so."""
        if route != "*" and route not in self._routes:
            known = ", ".join(sorted(self._routes))
            raise ValueError(f"unknown route {route!r}; the peer knows: {known}")
        channel = None if channel_id is None else str(channel_id)
        self._injections.append(_Injection(route, fault, times, channel))

    def clear_faults(self) -> None:
        """Stop answering with injected faults (an outage ends); calls, channels and messages stay."""
        self._injections = []

    def set_latency(self, seconds: float, route: str | None = None) -> None:
        """Delay every answer (or one route's) by `seconds`, as a slow network or a busy Discord would."""
        self._latency[route] = seconds

    def set_answer_latency(self, seconds: float, route: str) -> None:
        """Delay one route's answers by `seconds` after the request was done (a message posted, its MESSAGE_CREATE
        sent): the answer slow on its way back, as a busy network's is, while the gateway's event came at once."""
        self._answer_latency[route] = seconds

    def set_rate_limit(self, route: str, limit: int, window: float) -> None:
        """Give one route a bucket of `limit` requests per `window` seconds (others keep `rate_limit`)."""
        self._limits[route] = (limit, window)

    def add_channel(
        self,
        channel_id: int | str | None = None,
        *,
        name: str = "diplomacy",
        guild_id: int | str | None = None,
        type: int = 0,
        parent_id: int | str | None = None,
    ) -> str:
        """Create a guild channel (text by default) and return its id. A thread (type 10, 11 or 12) hangs under
        `parent_id` (a new text channel when not given) and carries the fields Discord gives a thread."""
        cid = str(channel_id) if channel_id is not None else self.ids.next()
        gid = str(guild_id) if guild_id is not None else self.guild_id
        channel = _guild_channel(cid, gid, name, type, len(self._channels))
        if type in THREAD_TYPES:
            parent = str(parent_id) if parent_id is not None else self.add_channel(name=f"{name}-parent", guild_id=gid)
            channel.update(parent_id=parent, owner_id=self.ids.next(), message_count=0, member_count=1,
                           thread_metadata={"archived": False, "auto_archive_duration": 1440, "locked": False,
                                            "archive_timestamp": datetime.now(UTC).isoformat()})
        self._channels[cid] = channel
        self._deleted_channels.discard(cid)
        return cid

    def deny_embed_links(self, channel_id: int | str) -> None:
        """The bot loses Embed Links in this channel. As Discord answers then (discord-api-docs issue #2601): a
        message with text keeps its text and loses its embeds, without an error; one of embeds alone is refused
        with 403 50013."""
        self._no_embed_links.add(str(channel_id))

    def delete_channel(self, channel_id: int | str) -> None:
        """Delete a channel: from now on every call about it answers 404 10003 Unknown Channel."""
        cid = str(channel_id)
        self._channels.pop(cid, None)
        self._deleted_channels.add(cid)

    async def remove_bot(self, guild_id: int | str | None = None) -> None:
        """The server (the peer's own by default) removes the bot, as a kick or a member's "Remove App" does: the
        connected bot gets GUILD_DELETE (no `unavailable`), and from now on every call about one of the server's
        channels answers 403 50001 Missing Access, as Discord answers a bot outside the server."""
        gid = str(guild_id) if guild_id is not None else self.guild_id
        self._left_guilds.add(gid)
        for session in self._identified():
            await self._dispatch(session, "GUILD_DELETE", {"id": gid})

    async def add_bot(self, guild_id: int | str | None = None) -> None:
        """The server adds the bot (back) through its invite link: its channels take the bot's calls again, and the
        connected bot gets GUILD_CREATE with the server and its channels, as Discord sends at a join."""
        gid = str(guild_id) if guild_id is not None else self.guild_id
        self._left_guilds.discard(gid)
        for session in self._identified():
            await self._dispatch(session, "GUILD_CREATE", self._guild_create(gid))

    def _identified(self) -> list[GatewaySession]:
        return [s for s in self.gateway_sessions if s.identified and not s.socket.closed]

    def _guild_ids(self) -> list[str]:
        """The servers the bot is in: the peer's own and those of the channels added, less those that removed it."""
        ids = dict.fromkeys([self.guild_id, *(str(c["guild_id"]) for c in self._channels.values() if c.get("guild_id"))])
        return [gid for gid in ids if gid not in self._left_guilds]

    def _guild_create(self, guild_id: str) -> dict[str, Any]:
        """A GUILD_CREATE payload: the guild with its channels and active threads, as the gateway sends it."""
        channels = [c for c in self._channels.values() if str(c.get("guild_id")) == guild_id]
        return {
            **_guild(guild_id, self.owner["id"]),
            "joined_at": iso_now(),
            "large": False,
            "member_count": 2,
            "members": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "channels": [dict(c) for c in channels if c["type"] not in THREAD_TYPES],
            "threads": [dict(c) for c in channels if c["type"] in THREAD_TYPES],
        }

    def channel(self, channel_id: int | str) -> dict[str, Any] | None:
        """The channel object as the peer holds it."""
        return self._channels.get(str(channel_id))

    def messages(self, channel_id: int | str) -> list[dict[str, Any]]:
        """The messages now in a channel (after edits and deletions), oldest first, ephemeral ones included
        (their `flags` has 64)."""
        return [dict(m) for m in self._messages.get(str(channel_id), {}).values()]

    def commands(self, guild_id: int | str | None = None) -> list[dict[str, Any]]:
        """The application commands registered globally (no guild) or in one guild."""
        return [dict(c) for c in self._commands.get(None if guild_id is None else str(guild_id), [])]

    def interaction(self, interaction_id: int | str) -> InteractionRecord | None:
        """What the peer knows of an interaction: its callback and the messages the bot made for it."""
        return self._interactions.get(str(interaction_id))

    def calls_to(self, route: str, *, channel_id: int | str | None = None) -> list[Call]:
        """The recorded calls to one route template, optionally for one channel."""
        channel = None if channel_id is None else str(channel_id)
        return [c for c in self.calls if c.route == route and (channel is None or c.channel_id == channel)]

    async def wait_for(self, predicate: Callable[[Call], bool], timeout: float = 5.0) -> Call:
        """The first recorded call (past or future) matching `predicate`; TimeoutError after `timeout` seconds."""
        deadline = asyncio.get_running_loop().time() + timeout
        seen = 0
        while True:
            for call in self.calls[seen:]:
                if predicate(call):
                    return call
            seen = len(self.calls)
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError(f"no matching call within {timeout} s; calls: {[c.route for c in self.calls]}")
            self._changed.clear()
            with suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    def register_interaction(self, payload: Mapping[str, Any]) -> InteractionRecord:
        """Tell the peer about an interaction the test is about to feed to the bot, as Discord would know it
        (its id, token, channel and creation time), so callbacks and follow-ups can be answered."""
        channel = payload.get("channel") or {}
        user = (payload.get("member") or {}).get("user") or payload.get("user") or {}
        record = InteractionRecord(
            id=str(payload["id"]),
            token=str(payload["token"]),
            application_id=str(payload["application_id"]),
            channel_id=str(channel.get("id") or payload.get("channel_id")),
            guild_id=None if payload.get("guild_id") is None else str(payload["guild_id"]),
            user_id=None if user.get("id") is None else str(user["id"]),
            type=int(payload["type"]),
            created_at=time.monotonic(),
        )
        known = record.channel_id in self._channels or record.channel_id in self._deleted_channels
        if record.guild_id is not None and not known:
            self.add_channel(record.channel_id, guild_id=record.guild_id, name=channel.get("name", "diplomacy"))
        self._interactions[record.id] = record
        self._by_token[record.token] = record
        return record

    # -- the gateway --------------------------------------------------------------------------------------------

    async def wait_for_gateway(self, timeout: float = 10.0) -> GatewaySession:
        """The first bot session that has identified (now or within `timeout` seconds)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for session in self.gateway_sessions:
                if session.identified and not session.socket.closed:
                    return session
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"no bot identified on the gateway within {timeout} s")
            await asyncio.sleep(0.02)

    async def send_interaction(self, payload: Mapping[str, Any]) -> InteractionRecord:
        """Register an interaction and deliver it as INTERACTION_CREATE to every identified bot session."""
        record = self.register_interaction(payload)
        sessions = [s for s in self.gateway_sessions if s.identified and not s.socket.closed]
        if not sessions:
            raise AssertionError("no bot is connected to the gateway")
        for session in sessions:
            await self._dispatch(session, "INTERACTION_CREATE", dict(payload))
        return record

    async def send_direct_message(self, user_id: int | str, content: str) -> str:
        """A user writes `content` (no slash command) in their direct messages with the bot: MESSAGE_CREATE to every
        identified bot session, as Discord sends it to a bot with the DIRECT_MESSAGES intent (1 << 12), and to no
        other. Returns the DM channel's id (the one the bot posts into to answer)."""
        user = str(user_id)
        channel_id = self._dm_channels.get(user)
        if channel_id is None:
            channel_id = self._dm_channels[user] = self.ids.next()
            self._channels[channel_id] = {"id": channel_id, "type": 1, "last_message_id": None, "flags": 0,
                                          "recipients": [_user(user, f"reader{user[-4:]}")]}
        message = {
            "id": self.ids.next(), "channel_id": channel_id, "author": _user(user, f"reader{user[-4:]}"),
            "content": content, "timestamp": iso_now(), "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
            "pinned": False, "type": 0, "flags": 0,
        }
        sessions = [s for s in self.gateway_sessions if s.identified and not s.socket.closed]
        if not sessions:
            raise AssertionError("no bot is connected to the gateway")
        for session in sessions:
            if (session.intents or 0) & DIRECT_MESSAGES_INTENT:
                await self._dispatch(session, "MESSAGE_CREATE", message)
        return channel_id

    async def _dispatch(self, session: GatewaySession, event: str, data: Mapping[str, Any]) -> None:
        """Send one DISPATCH (op 0) event with the session's next sequence number."""
        session.sequence += 1
        await session.socket.send_str(json.dumps({"op": 0, "t": event, "s": session.sequence, "d": data}))

    async def _gateway_socket(self, request: web.Request) -> web.StreamResponse:
        """A bot's gateway connection: HELLO, then answer heartbeats, IDENTIFY (READY) and RESUME (a new session)."""
        socket = web.WebSocketResponse(autoclose=True, max_msg_size=0)
        await socket.prepare(request)
        session = GatewaySession(socket=socket, session_id=secrets.token_hex(16))
        self.gateway_sessions.append(session)
        await socket.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}}))
        try:
            async for frame in socket:
                if frame.type.name != "TEXT":
                    continue
                message = json.loads(frame.data)
                session.received.append({"op": message.get("op")})
                await self._gateway_message(session, message)
        finally:
            self._changed.set()
        return socket

    async def _gateway_message(self, session: GatewaySession, message: Mapping[str, Any]) -> None:
        """What Discord's gateway does with the few opcodes a bot sends."""
        op, data = message.get("op"), message.get("d") or {}
        if op == 1:  # heartbeat
            await session.socket.send_str(json.dumps({"op": 11}))
        elif op == 2:  # identify
            if data.get("token") != self.token:
                await session.socket.close(code=4004, message=b"Authentication failed.")
                return
            session.identified, session.intents = True, data.get("intents")
            guilds = self._guild_ids()
            ready = {
                "v": 10,
                "user": dict(self.bot_user),
                "guilds": [{"id": gid, "unavailable": True} for gid in guilds],
                "session_id": session.session_id,
                "resume_gateway_url": f"ws://{HOST}:{self.port}{GATEWAY_PATH}",
                "shard": [0, 1],
                "application": {"id": self.application_id, "flags": 0},
            }
            await self._dispatch(session, "READY", ready)
            for gid in guilds:  # each server the bot is in, as Discord sends them after READY
                await self._dispatch(session, "GUILD_CREATE", {**self._guild_create(gid), "unavailable": False})
        elif op == 6:  # resume: this peer keeps no sessions, so it asks for a fresh IDENTIFY as Discord may
            await session.socket.send_str(json.dumps({"op": 9, "d": False}))

    # -- plumbing ----------------------------------------------------------------------------------------------

    def _route_table(self) -> list[tuple[str, str, Handler]]:
        """Every route the peer plays, most specific first (aiohttp matches in order)."""
        return [
            ("GET", "/users/@me", self._get_me),
            ("POST", "/users/@me/channels", self._create_dm),
            ("GET", "/users/{user_id}", self._get_user),
            ("GET", "/oauth2/applications/@me", self._get_application),
            ("GET", "/gateway/bot", self._get_gateway),
            ("GET", "/channels/{channel_id}", self._get_channel),
            ("GET", "/channels/{channel_id}/messages", self._list_messages),
            ("POST", "/channels/{channel_id}/messages", self._create_message),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self._get_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self._edit_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self._delete_message),
            ("POST", "/channels/{channel_id}/typing", self._typing),
            ("GET", "/guilds/{guild_id}", self._get_guild),
            ("GET", "/guilds/{guild_id}/channels", self._get_guild_channels),
            ("GET", "/applications/{application_id}/commands", self._list_commands),
            ("PUT", "/applications/{application_id}/commands", self._overwrite_commands),
            ("POST", "/applications/{application_id}/commands", self._upsert_command),
            ("DELETE", "/applications/{application_id}/commands/{command_id}", self._delete_command),
            ("GET", "/applications/{application_id}/guilds/{guild_id}/commands", self._list_commands),
            ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", self._overwrite_commands),
            ("POST", "/applications/{application_id}/guilds/{guild_id}/commands", self._upsert_command),
            ("DELETE", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}", self._delete_command),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self._interaction_callback),
            ("POST", "/webhooks/{application_id}/{token}", self._followup),
            ("GET", "/webhooks/{application_id}/{token}/messages/@original", self._get_webhook_message),
            ("PATCH", "/webhooks/{application_id}/{token}/messages/@original", self._edit_webhook_message),
            ("DELETE", "/webhooks/{application_id}/{token}/messages/@original", self._delete_webhook_message),
            ("GET", "/webhooks/{application_id}/{token}/messages/{message_id}", self._get_webhook_message),
            ("PATCH", "/webhooks/{application_id}/{token}/messages/{message_id}", self._edit_webhook_message),
            ("DELETE", "/webhooks/{application_id}/{token}/messages/{message_id}", self._delete_webhook_message),
        ]

    def _endpoint(self, key: str, handler: Handler) -> Callable[[web.Request], Any]:
        """Wrap a handler with what every Discord route does: latency, auth, faults, rate limits, recording."""

        async def endpoint(request: web.Request) -> web.StreamResponse:
            return await self._serve(key, handler, request)

        return endpoint

    async def _serve(self, key: str, handler: Handler, request: web.Request) -> web.StreamResponse:
        """Answer one request and record it."""
        params = dict(request.match_info)
        path = request.path[len(API_PREFIX) :] if request.path.startswith(API_PREFIX) else request.path
        interaction = self._interaction_of(params)
        channel_id = params.get("channel_id") or (interaction.channel_id if interaction else None)
        authorized = request.headers.get("Authorization") == f"Bot {self.token}"
        delay = self._latency.get(key, self._latency.get(None, 0.0))
        if delay:
            await asyncio.sleep(delay)
        fault_name: str | None = None
        body: Any = None
        try:
            body = await _read_body(request)
            if _needs_auth(key) and not authorized:
                raise ApiError(401, 0, "401: Unauthorized")
            fault = self._take_fault(key, channel_id)
            if fault is not None:
                fault_name = fault.name
                response, answer = _fault_response(fault), fault.body
            else:
                status, answer = await self._within_limits(key, params, handler, request, body)
                response = _json_response(status, answer)
                response.headers.update(self._limit_headers(key, params))
        except _RateLimitedError as error:
            response, answer = _json_response(429, error.body), error.body
            response.headers.update(self._limit_headers(key, params))
            response.headers.update(
                {"Retry-After": str(max(1, round(error.retry_after + 0.5))), "X-RateLimit-Scope": "user"}
            )
        except ApiError as error:
            response, answer = _json_response(error.status, error.body), error.body
            if key in self._routes and error.status != 401:
                response.headers.update(self._limit_headers(key, params))
        call = Call(
            method=request.method,
            path=_redact(path, params),
            route=key if key != "* /{tail}" else f"{request.method} {path}",
            params={k: v for k, v in params.items() if k != "token"},
            query=dict(request.query),
            json=body,
            status=response.status,
            answer=answer,
            at=time.monotonic(),
            channel_id=channel_id,
            authorized=authorized,
            fault=fault_name,
            interaction_id=interaction.id if interaction else None,
        )
        self.calls.append(call)
        if self._answer_latency.get(key):
            await asyncio.sleep(self._answer_latency[key])
        if key == "* /{tail}":
            self.unhandled.append(call)
        self._changed.set()
        return response

    async def _within_limits(
        self, key: str, params: dict[str, str], handler: Handler, request: web.Request, body: Any
    ) -> tuple[int, Any]:
        """Count the call in its bucket (429 with `Via` when over), then run the handler."""
        limit, window = self._limits.get(key, self.rate_limit)
        bucket = self._buckets.setdefault((key, _major(params)), [time.monotonic(), 0.0])
        now = time.monotonic()
        if now - bucket[0] >= window:
            bucket[0], bucket[1] = now, 0.0
        if bucket[1] >= limit and not key.startswith("* "):
            retry = round(bucket[0] + window - now, 3)
            raise _RateLimitedError(retry)
        bucket[1] += 1
        result = await handler(request, body)
        return result if isinstance(result, tuple) else (200, result)

    def _limit_headers(self, key: str, params: dict[str, str]) -> dict[str, str]:
        """The `X-RateLimit-*` headers Discord sends with every answer of a limited route."""
        limit, window = self._limits.get(key, self.rate_limit)
        started, used = self._buckets.get((key, _major(params)), [time.monotonic(), 0.0])
        reset_after = max(0.001, started + window - time.monotonic())
        return {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(0, limit - int(used))),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": hashlib.sha1(key.encode()).hexdigest()[:32],
        }

    def _take_fault(self, key: str, channel_id: str | None) -> Fault | None:
        """The first injected fault matching this call, consuming one of its uses."""
        for injection in self._injections:
            if injection.route not in ("*", key):
                continue
            if injection.channel_id is not None and injection.channel_id != channel_id:
                continue
            if injection.remaining is not None:
                injection.remaining -= 1
                if injection.remaining <= 0:
                    self._injections.remove(injection)
            return injection.fault
        return None

    def _interaction_of(self, params: Mapping[str, str]) -> InteractionRecord | None:
        """The interaction a callback or webhook call is about (by the token it carries)."""
        record = self._by_token.get(params.get("token", ""))
        if record is None or params.get("interaction_id", record.id) != record.id:
            return None
        return record

    # -- handlers: users and application -----------------------------------------------------------------------

    async def _get_me(self, request: web.Request, body: Any) -> Any:
        return {**self.bot_user, "mfa_enabled": True, "verified": True, "locale": "en-US", "email": None}

    async def _get_user(self, request: web.Request, body: Any) -> Any:
        user_id = request.match_info["user_id"]
        if user_id == self.application_id:
            return dict(self.bot_user)
        if not user_id.isdigit():
            raise ApiError(404, 10013, "Unknown User")
        return _user(user_id, f"reader{user_id[-4:]}")

    async def _create_dm(self, request: web.Request, body: Any) -> Any:
        recipient = str((body or {}).get("recipient_id") or "")
        if not recipient.isdigit():
            raise form_errors([Problem(("recipient_id",), "BASE_TYPE_REQUIRED", "This field is required")])
        channel_id = self._dm_channels.get(recipient)
        if channel_id is None:
            channel_id = self._dm_channels[recipient] = self.ids.next()
            self._channels[channel_id] = {
                "id": channel_id,
                "type": 1,
                "last_message_id": None,
                "flags": 0,
                "recipients": [_user(recipient, f"reader{recipient[-4:]}")],
            }
        return dict(self._channels[channel_id])

    async def _get_application(self, request: web.Request, body: Any) -> Any:
        return {
            "id": self.application_id,
            "name": self.bot_user["username"],
            "icon": None,
            "description": "Digests of diplomatic developments.",
            "summary": "",
            "type": None,
            "bot_public": False,
            "bot_require_code_grant": False,
            "verify_key": secrets.token_hex(32),
            "owner": self.owner,
            "team": None,
            "flags": 0,
            "hook": True,
            "bot": self.bot_user,
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "install_params": {"scopes": ["bot", "applications.commands"], "permissions": str(BOT_PERMISSIONS)},
            "approximate_guild_count": 1,
        }

    async def _get_gateway(self, request: web.Request, body: Any) -> Any:
        return {
            "url": f"ws://{HOST}:{self.port}{GATEWAY_PATH}",
            "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
        }

    # -- handlers: channels and messages -----------------------------------------------------------------------

    def _known_channel(self, channel_id: str) -> dict[str, Any]:
        """The channel, created on first use unless deleted or the peer is strict; else 404 10003."""
        if channel_id in self._deleted_channels or not channel_id.isdigit():
            raise ApiError(404, 10003, "Unknown Channel")
        if channel_id not in self._channels:
            if self.strict_channels:
                raise ApiError(404, 10003, "Unknown Channel")
            self.add_channel(channel_id)
        if str(self._channels[channel_id].get("guild_id")) in self._left_guilds:
            raise ApiError(403, 50001, "Missing Access")  # the bot is no longer in the channel's server
        return self._channels[channel_id]

    def _known_message(self, channel_id: str, message_id: str) -> dict[str, Any]:
        """A message of a channel, or 404 10008."""
        self._known_channel(channel_id)
        message = self._messages.get(channel_id, {}).get(message_id)
        if message is None:
            raise ApiError(404, 10008, "Unknown Message")
        return message

    async def _get_channel(self, request: web.Request, body: Any) -> Any:
        return dict(self._known_channel(request.match_info["channel_id"]))

    async def _list_messages(self, request: web.Request, body: Any) -> Any:
        channel_id = request.match_info["channel_id"]
        self._known_channel(channel_id)
        limit = min(100, max(1, int(request.query.get("limit", "50"))))
        visible = [m for m in self._messages.get(channel_id, {}).values() if not m["flags"] & FLAG_EPHEMERAL]
        newest_first = list(reversed(visible))  # ephemeral messages are never in a channel's history
        return newest_first[:limit]

    async def _create_message(self, request: web.Request, body: Any) -> Any:
        channel_id = request.match_info["channel_id"]
        self._known_channel(channel_id)
        payload = _message_body(body)
        _validate(payload, require_body=True)
        flags = int(payload.get("flags") or 0)
        if flags & FLAG_EPHEMERAL:
            raise form_errors([Problem(("flags",), "MESSAGE_FLAGS_INVALID", "Invalid flags.")])
        earlier = self._same_nonce(payload)
        if earlier is not None:
            return dict(earlier)
        if channel_id in self._no_embed_links and payload.get("embeds"):
            if not payload.get("content"):
                raise ApiError(403, 50013, "Missing Permissions")
            payload = {**payload, "embeds": []}
        message = self._new_message(channel_id, payload, message_type=0, flags=flags)
        await self._echo(message)
        return message

    def _same_nonce(self, payload: Mapping[str, Any]) -> dict[str, Any] | None:
        """Create Message with `enforce_nonce`: "If true and nonce is present, it will be checked for uniqueness in
        the past few minutes. If another message was created by the same author with the same nonce, that message
        will be returned and no new message will be created." (In any channel: Discord names only the author.)"""
        nonce = payload.get("nonce")
        if not payload.get("enforce_nonce") or nonce is None:
            return None
        since = datetime.now(UTC).timestamp() - self.nonce_window
        for messages in self._messages.values():
            for message in messages.values():
                if (message.get("nonce") == nonce and message["author"]["id"] == self.bot_user["id"]
                        and datetime.fromisoformat(message["timestamp"]).timestamp() >= since):
                    return message
        return None

    async def _echo(self, message: Mapping[str, Any]) -> None:
        """A message posted with the bot's token comes back as MESSAGE_CREATE to every identified session of that
        bot whose intents cover its channel (GUILD_MESSAGES in a server, DIRECT_MESSAGES in a DM), the session that
        posted it included, as Discord sends it: it tells no session which of them posted."""
        channel = self._channels.get(str(message["channel_id"]))
        needs = DIRECT_MESSAGES_INTENT if channel is not None and channel.get("type") == 1 else GUILD_MESSAGES_INTENT
        event = {**message, "guild_id": channel.get("guild_id")} if channel and channel.get("guild_id") else message
        for session in self._identified():
            if (session.intents or 0) & needs:
                with suppress(ConnectionError):  # a session closing meanwhile: the post stands
                    await self._dispatch(session, "MESSAGE_CREATE", event)

    async def _get_message(self, request: web.Request, body: Any) -> Any:
        return dict(self._known_message(request.match_info["channel_id"], request.match_info["message_id"]))

    async def _edit_message(self, request: web.Request, body: Any) -> Any:
        message = self._known_message(request.match_info["channel_id"], request.match_info["message_id"])
        return self._apply_edit(message, _message_body(body))

    async def _delete_message(self, request: web.Request, body: Any) -> Any:
        channel_id, message_id = request.match_info["channel_id"], request.match_info["message_id"]
        self._known_message(channel_id, message_id)
        del self._messages[channel_id][message_id]
        return 204, None

    async def _typing(self, request: web.Request, body: Any) -> Any:
        self._known_channel(request.match_info["channel_id"])
        return 204, None

    async def _get_guild(self, request: web.Request, body: Any) -> Any:
        guild_id = request.match_info["guild_id"]
        if guild_id != self.guild_id and not any(c.get("guild_id") == guild_id for c in self._channels.values()):
            raise ApiError(404, 10004, "Unknown Guild")
        return _guild(guild_id, self.owner["id"])

    async def _get_guild_channels(self, request: web.Request, body: Any) -> Any:
        guild_id = request.match_info["guild_id"]
        await self._get_guild(request, body)
        return [dict(c) for c in self._channels.values() if c.get("guild_id") == guild_id]

    def _new_message(
        self,
        channel_id: str,
        payload: Mapping[str, Any],
        *,
        message_type: int,
        flags: int,
        interaction: InteractionRecord | None = None,
    ) -> dict[str, Any]:
        """Store a message as Discord would create it and return it."""
        message_id = self.ids.next()
        message: dict[str, Any] = {
            "id": message_id,
            "type": message_type,
            "channel_id": channel_id,
            "author": dict(self.bot_user),
            "content": payload.get("content") or "",
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": bool(payload.get("tts")),
            "attachments": [self._attachment(channel_id, a) for a in payload.get("attachments") or []],
            "embeds": _stored_embeds(payload.get("embeds")),
            "pinned": False,
            "flags": flags,
            "components": list(payload.get("components") or []),
        }
        message.update(_pings(message["content"], payload.get("allowed_mentions")))
        if payload.get("nonce") is not None:
            message["nonce"] = payload["nonce"]
        if interaction is not None:
            message["webhook_id"] = interaction.application_id
            message["application_id"] = interaction.application_id
            message["interaction_metadata"] = {
                "id": interaction.id,
                "type": interaction.type,
                "user": _user(interaction.user_id or "0", "reader"),
                "authorizing_integration_owners": {"0": interaction.guild_id} if interaction.guild_id else {},
            }
        channel = self._channels.get(channel_id)
        if channel is not None:
            channel["last_message_id"] = message_id
        self._messages.setdefault(channel_id, {})[message_id] = message
        return dict(message)

    def _attachment(self, channel_id: str, given: Mapping[str, Any]) -> dict[str, Any]:
        """An uploaded file as Discord lists it on the message (the bytes themselves are not kept)."""
        attachment_id = self.ids.next()
        filename = str(given.get("filename") or "file")
        url = f"http://{HOST}:{self.port}/attachments/{channel_id}/{attachment_id}/{filename}"
        return {"id": attachment_id, "filename": filename, "size": 0, "url": url, "proxy_url": url}

    def _apply_edit(self, message: dict[str, Any], payload: Mapping[str, Any]) -> dict[str, Any]:
        """Edit a stored message in place (only the keys given), as Discord does; the result must not be empty."""
        _validate(payload, require_body=False)
        was_loading = bool(message["flags"] & FLAG_LOADING)
        updated = dict(message)
        if "content" in payload:
            updated["content"] = payload.get("content") or ""
        if "embeds" in payload:
            updated["embeds"] = _stored_embeds(payload.get("embeds"))
        if "components" in payload:
            updated["components"] = list(payload.get("components") or [])
        if not updated["content"].strip() and not updated["embeds"] and not updated["attachments"]:
            raise ApiError(400, 50006, "Cannot send an empty message")
        updated.update(_pings(updated["content"], payload.get("allowed_mentions")))
        updated["flags"] = message["flags"] & ~FLAG_LOADING
        if "flags" in payload:
            updated["flags"] = updated["flags"] & ~FLAG_SUPPRESS_EMBEDS | int(payload.get("flags") or 0) & FLAG_SUPPRESS_EMBEDS
        updated["edited_timestamp"] = None if was_loading else iso_now()
        message.clear()
        message.update(updated)
        return dict(message)

    # -- handlers: application commands ------------------------------------------------------------------------

    def _command_scope(self, request: web.Request) -> str | None:
        """The guild of a command route (None for global), after checking the application id is ours."""
        if request.match_info["application_id"] != self.application_id:
            raise ApiError(403, 50001, "Missing Access")
        return request.match_info.get("guild_id")

    async def _list_commands(self, request: web.Request, body: Any) -> Any:
        return self.commands(self._command_scope(request))

    async def _overwrite_commands(self, request: web.Request, body: Any) -> Any:
        scope = self._command_scope(request)
        if not isinstance(body, list):
            raise ApiError(
                400,
                50035,
                "Invalid Form Body",
                {"_errors": [{"code": "LIST_TYPE_CONVERT", "message": "Must be an array."}]},
            )
        problems = _command_list_problems(body)
        if problems:
            raise form_errors(problems)
        existing = {(c["name"], c["type"]): c for c in self._commands.get(scope, [])}
        stored = [self._stored_command(spec, scope, existing) for spec in body]
        self._commands[scope] = stored
        return [dict(c) for c in stored]

    async def _upsert_command(self, request: web.Request, body: Any) -> Any:
        scope = self._command_scope(request)
        problems = _command_problems(body if isinstance(body, Mapping) else {}, ())
        if problems:
            raise form_errors(problems)
        current = self._commands.setdefault(scope, [])
        existing = {(c["name"], c["type"]): c for c in current}
        command = self._stored_command(body, scope, existing)
        key = (command["name"], command["type"])
        if key in existing:
            current[current.index(existing[key])] = command
            return command
        if len(current) >= 100:
            raise ApiError(400, 30032, "Maximum number of application commands reached (100)")
        current.append(command)
        return 201, command

    async def _delete_command(self, request: web.Request, body: Any) -> Any:
        scope = self._command_scope(request)
        current = self._commands.get(scope, [])
        for command in current:
            if command["id"] == request.match_info["command_id"]:
                current.remove(command)
                return 204, None
        raise ApiError(404, 10063, "Unknown application command")

    def _stored_command(
        self, spec: Mapping[str, Any], scope: str | None, existing: Mapping[tuple[str, int], dict[str, Any]]
    ) -> dict[str, Any]:
        """A command as Discord stores and returns it: an id kept across overwrites for the same name and type."""
        kind = int(spec.get("type", 1))
        previous = existing.get((spec["name"], kind))
        command: dict[str, Any] = {
            "id": previous["id"] if previous else self.ids.next(),
            "application_id": self.application_id,
            "version": self.ids.next(),
            "type": kind,
            "name": spec["name"],
            "name_localizations": spec.get("name_localizations"),
            "description": spec.get("description", ""),
            "description_localizations": spec.get("description_localizations"),
            "options": list(spec.get("options") or []),
            "default_member_permissions": _permission_string(spec.get("default_member_permissions")),
            "nsfw": bool(spec.get("nsfw", False)),
            "contexts": spec.get("contexts"),
            "integration_types": spec.get("integration_types") or [0],
        }
        if scope is not None:
            command["guild_id"] = scope
        else:
            command["dm_permission"] = spec.get("dm_permission", True)
        return command

    # -- handlers: interactions --------------------------------------------------------------------------------

    def _record_for_token(self, request: web.Request) -> InteractionRecord:
        """The interaction whose token a webhook route carries, once acknowledged; else 404 10015 as Discord."""
        record = self._by_token.get(request.match_info["token"])
        if record is None or record.application_id != request.match_info["application_id"] or record.callback is None:
            raise ApiError(404, 10015, "Unknown Webhook")
        return record

    async def _interaction_callback(self, request: web.Request, body: Any) -> Any:
        record = self._interactions.get(request.match_info["interaction_id"])
        if record is None or record.token != request.match_info["token"]:
            raise ApiError(404, 10062, "Unknown interaction")
        if time.monotonic() - record.created_at > self.interaction_deadline:
            raise ApiError(404, 10062, "Unknown interaction")
        if record.callback is not None:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        payload = body if isinstance(body, Mapping) else {}
        kind = payload.get("type")
        allowed = CALLBACK_TYPES_FOR_COMPONENTS if record.type == 3 else CALLBACK_TYPES_FOR_COMMANDS
        if record.type == 4:
            allowed = {8}
        if kind not in allowed:
            raise form_errors(
                [Problem(("type",), "BASE_TYPE_CHOICES", f"Value must be one of {sorted(allowed)}.")]
            )
        data = _message_body(payload.get("data") or {})
        if kind == 8:
            problems = _choice_problems(data.get("choices"))
            if problems:
                raise form_errors(problems)
        flags = int(data.get("flags") or 0) & (FLAG_EPHEMERAL | FLAG_SUPPRESS_EMBEDS)
        message: dict[str, Any] | None = None
        if kind == CALLBACK_MESSAGE:
            _validate(data, require_body=True)
            message = self._new_message(record.channel_id, data, message_type=20, flags=flags, interaction=record)
        elif kind == CALLBACK_DEFERRED:
            message = self._new_message(
                record.channel_id, {}, message_type=20, flags=flags | FLAG_LOADING, interaction=record
            )
        record.callback = dict(payload)
        if message is not None:
            record.original_id = message["id"]
            record.message_ids.append(message["id"])
        if request.query.get("with_response", "false").lower() not in ("1", "true"):
            return 204, None
        answer: dict[str, Any] = {
            "interaction": {
                "id": record.id,
                "type": record.type,
                "response_message_id": message["id"] if message else None,
                "response_message_loading": kind == CALLBACK_DEFERRED,
                "response_message_ephemeral": bool(flags),
            }
        }
        if message is not None:
            answer["resource"] = {"type": kind, "message": message}
        return answer

    async def _followup(self, request: web.Request, body: Any) -> Any:
        record = self._record_for_token(request)
        payload = _message_body(body)
        _validate(payload, require_body=True)
        original = self._message_by_id(record, record.original_id)
        if original is not None and original["flags"] & FLAG_LOADING and len(record.message_ids) == 1:
            # The first follow-up after a deferral replaces the "thinking…" message, as on Discord.
            message = self._apply_edit(original, payload)
        else:
            flags = int(payload.get("flags") or 0) & (FLAG_EPHEMERAL | FLAG_SUPPRESS_EMBEDS)
            message = self._new_message(record.channel_id, payload, message_type=0, flags=flags, interaction=record)
            record.message_ids.append(message["id"])
        wait = request.query.get("wait", "false").lower() in ("1", "true")
        return message if wait else (204, None)

    def _webhook_message(self, request: web.Request) -> tuple[InteractionRecord, dict[str, Any]]:
        """The interaction and the message a webhook-message route names (`@original` or an id), or 404 10008."""
        record = self._record_for_token(request)
        wanted = request.match_info.get("message_id", "@original")
        message_id = record.original_id if wanted == "@original" else wanted
        message = self._message_by_id(record, message_id) if message_id in record.message_ids else None
        if message is None:
            raise ApiError(404, 10008, "Unknown Message")
        return record, message

    def _message_by_id(self, record: InteractionRecord, message_id: str | None) -> dict[str, Any] | None:
        """A message of the interaction's channel, if it still exists."""
        if message_id is None:
            return None
        return self._messages.get(record.channel_id, {}).get(message_id)

    async def _get_webhook_message(self, request: web.Request, body: Any) -> Any:
        return dict(self._webhook_message(request)[1])

    async def _edit_webhook_message(self, request: web.Request, body: Any) -> Any:
        _, message = self._webhook_message(request)
        return self._apply_edit(message, _message_body(body))

    async def _delete_webhook_message(self, request: web.Request, body: Any) -> Any:
        record, message = self._webhook_message(request)
        del self._messages[record.channel_id][message["id"]]
        return 204, None

    async def _not_found(self, request: web.Request, body: Any) -> Any:
        raise ApiError(404, 0, "404: Not Found")


class _RateLimitedError(ApiError):
    """The peer's own bucket is exhausted: Discord's 429 with `Via`, which a well-behaved client never sees."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(429, 0, "You are being rate limited.")
        self.retry_after = retry_after
        self.body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": False}


# --------------------------------------------------------------------------------------------------------------
# Helpers of the server
# --------------------------------------------------------------------------------------------------------------


async def _read_body(request: web.Request) -> Any:
    """The JSON body, or `payload_json` of a multipart body (file names kept as attachments); 50109 if invalid."""
    if not request.can_read_body:
        return None
    if request.content_type.startswith("multipart/"):
        form = await request.post()  # files/[n] parts; `payload_json` lists them under `attachments`
        try:
            return json.loads(str(form.get("payload_json", "{}")))
        except ValueError as error:
            raise ApiError(400, 50109, "The request body contains invalid JSON.") from error
    raw = await request.read()
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError as error:
        raise ApiError(400, 50109, "The request body contains invalid JSON.") from error


def _json_response(status: int, payload: Any) -> web.Response:
    """A response with Content-Type exactly `application/json` (discord.py parses JSON only then) and `Via`,
    as every answer from Discord's edge carries."""
    headers = {"Via": "1.1 google"}
    if status == 204 or payload is None:
        return web.Response(status=204 if status < 300 else status, headers=headers)
    headers["Content-Type"] = "application/json"
    return web.Response(status=status, body=json.dumps(payload).encode(), headers=headers)


def _fault_response(fault: Fault) -> web.Response:
    """An injected fault's answer, byte for byte in its content type."""
    headers = dict(fault.headers)
    if fault.via:
        headers["Via"] = "1.1 google"
    headers["Content-Type"] = fault.content_type
    body = json.dumps(fault.body).encode() if fault.content_type == "application/json" else str(fault.body).encode()
    return web.Response(status=fault.status, body=body, headers=headers)


def _needs_auth(key: str) -> bool:
    """Interaction callbacks and webhooks are authorised by their token in the path; everything else by the bot's."""
    template = key.split(" ", 1)[1]
    return not (template.startswith("/interactions/") or template.startswith("/webhooks/"))


def _major(params: Mapping[str, str]) -> str:
    """The major parameter of a route, which splits its rate-limit bucket (channel, guild or webhook)."""
    for name in ("channel_id", "guild_id", "application_id"):
        if name in params:
            return params[name] + ("+" + params["token"][:8] if "token" in params else "")
    return ""


def _redact(path: str, params: Mapping[str, str]) -> str:
    """A path with any interaction token in it replaced, so recorded calls never hold a secret."""
    token = params.get("token")
    return path.replace(token, "{token}") if token else path


def _message_body(body: Any) -> dict[str, Any]:
    """A message payload as a dict (a non-object body is an empty message, which validation refuses)."""
    return dict(body) if isinstance(body, Mapping) else {}


def _validate(payload: Mapping[str, Any], *, require_body: bool) -> None:
    """Refuse, as Discord does, a message payload that breaks a limit."""
    violations = problems(payload, require_body=require_body)
    if violations:
        raise form_errors(violations)


def _stored_embeds(embeds: Any) -> list[dict[str, Any]]:
    """Embeds as Discord returns them: `type` rich and timestamps normalised to +00:00."""
    stored = []
    for embed in embeds or []:
        item = dict(embed)
        item.setdefault("type", "rich")
        if isinstance(item.get("timestamp"), str):
            moment = datetime.fromisoformat(item["timestamp"].replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            item["timestamp"] = moment.astimezone(UTC).isoformat()
        stored.append(item)
    return stored


def _pings(content: str, allowed: Any) -> dict[str, Any]:
    """Who a message's content pings, as Discord decides it: mentions in content only (embeds never ping),
    filtered by `allowed_mentions` (absent means parse everything)."""
    parse = ["users", "roles", "everyone"] if not isinstance(allowed, Mapping) else list(allowed.get("parse") or [])
    allowed_users = set() if not isinstance(allowed, Mapping) else {str(u) for u in allowed.get("users") or []}
    allowed_roles = set() if not isinstance(allowed, Mapping) else {str(r) for r in allowed.get("roles") or []}
    users = [u for u in dict.fromkeys(_USER_MENTION.findall(content)) if "users" in parse or u in allowed_users]
    roles = [r for r in dict.fromkeys(_ROLE_MENTION.findall(content)) if "roles" in parse or r in allowed_roles]
    return {
        "mention_everyone": "everyone" in parse and bool(_MASS_MENTION.search(content)),
        "mentions": [_user(u, f"reader{u[-4:]}") for u in users],
        "mention_roles": roles,
    }


def _command_list_problems(commands: Sequence[Any]) -> list[Problem]:
    """What Discord refuses in a bulk overwrite: over 100 commands, duplicates, or a bad command."""
    problems: list[Problem] = []
    if len(commands) > 100:
        problems.append(Problem((), "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length."))
    seen: set[tuple[str, int]] = set()
    for index, command in enumerate(commands):
        if not isinstance(command, Mapping):
            problems.append(Problem((index,), "DICT_TYPE_CONVERT", "Only dictionaries may be used."))
            continue
        problems.extend(_command_problems(command, (index,)))
        key = (str(command.get("name")), int(command.get("type", 1)))
        if key in seen:
            problems.append(
                Problem(
                    (index, "name"),
                    "APPLICATION_COMMAND_NAME_ALREADY_EXISTS",
                    "Application command names must be unique",
                )
            )
        seen.add(key)
    return problems


def _command_problems(command: Mapping[str, Any], at: tuple[str | int, ...]) -> list[Problem]:
    """A chat-input command's name (1-32, lowercase), description (1-100) and up to 25 valid options."""
    problems: list[Problem] = []
    kind = int(command.get("type", 1))
    problems.extend(_name_problems(command.get("name"), at + ("name",), lowercase=kind == 1))
    if kind == 1:
        problems.extend(_description_problems(command.get("description"), at + ("description",)))
        problems.extend(_options_problems(command.get("options") or [], at + ("options",)))
    return problems


def _options_problems(options: Sequence[Any], at: tuple[str | int, ...]) -> list[Problem]:
    """Up to 25 options with valid names and descriptions, required ones first."""
    problems: list[Problem] = []
    if len(options) > 25:
        problems.append(Problem(at, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."))
    optional_seen = False
    for index, option in enumerate(options):
        if not isinstance(option, Mapping):
            problems.append(Problem(at + (index,), "DICT_TYPE_CONVERT", "Only dictionaries may be used."))
            continue
        problems.extend(_name_problems(option.get("name"), at + (index, "name"), lowercase=True))
        problems.extend(_description_problems(option.get("description"), at + (index, "description")))
        if option.get("type") in (1, 2):
            problems.extend(_options_problems(option.get("options") or [], at + (index, "options")))
        elif option.get("required"):
            if optional_seen:
                problems.append(
                    Problem(
                        at + (index,),
                        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                        "Required options must be placed before non-required options",
                    )
                )
        else:
            optional_seen = True
    return problems


def _permission_string(value: Any) -> str | None:
    """A permission bitfield as Discord returns it: a decimal string (clients may send a number)."""
    return None if value is None else str(value)


def _choice_problems(choices: Any) -> list[Problem]:
    """What Discord refuses in an autocomplete answer: over 25 choices, or a name or string value that is empty
    or over 100 characters."""
    if not isinstance(choices, list):
        return [Problem(("data", "choices"), "BASE_TYPE_REQUIRED", "This field is required")]
    problems: list[Problem] = []
    if len(choices) > 25:
        problems.append(Problem(("data", "choices"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."))
    for index, choice in enumerate(choices):
        for key in ("name", "value"):
            value = choice.get(key) if isinstance(choice, Mapping) else None
            if isinstance(value, str) and not 1 <= len(value) <= 100:
                problems.append(
                    Problem(("data", "choices", index, key), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
                )
            elif value is None:
                problems.append(Problem(("data", "choices", index, key), "BASE_TYPE_REQUIRED", "This field is required"))
    return problems


def _name_problems(name: Any, at: tuple[str | int, ...], *, lowercase: bool) -> list[Problem]:
    """Discord's command/option name rule: 1-32 word characters or dashes, lowercase for slash commands."""
    if not isinstance(name, str) or not _COMMAND_NAME.match(name) or (lowercase and name != name.lower()):
        return [Problem(at, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")]
    return []


def _description_problems(description: Any, at: tuple[str | int, ...]) -> list[Problem]:
    """A slash command or option description: 1-100 characters."""
    if not isinstance(description, str) or not description:
        return [Problem(at, "BASE_TYPE_REQUIRED", "This field is required")]
    if len(description) > 100:
        return [Problem(at, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")]
    return []


def _user(user_id: str, name: str, *, bot: bool = False) -> dict[str, Any]:
    """A user object (new-style username: discriminator "0")."""
    user: dict[str, Any] = {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": None if bot else name.title(),
        "avatar": None,
        "public_flags": 0,
        "flags": 0,
    }
    if bot:
        user["bot"] = True
    return user


def _guild_channel(channel_id: str, guild_id: str, name: str, kind: int, position: int) -> dict[str, Any]:
    """A guild channel object (text by default)."""
    return {
        "id": channel_id,
        "type": kind,
        "guild_id": guild_id,
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
    }


def _guild(guild_id: str, owner_id: str) -> dict[str, Any]:
    """A guild object with its @everyone role."""
    return {
        "id": guild_id,
        "name": "Embassy Row",
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "owner_id": owner_id,
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "roles": [
            {
                "id": guild_id,
                "name": "@everyone",
                "color": 0,
                "hoist": False,
                "position": 0,
                "permissions": str(MEMBER_PERMISSIONS),
                "managed": False,
                "mentionable": False,
                "flags": 0,
            }
        ],
        "emojis": [],
        "stickers": [],
        "features": [],
        "mfa_level": 0,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "vanity_url_code": None,
        "description": None,
        "banner": None,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": None,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": False,
    }


@asynccontextmanager
async def running_fake_discord(**options: Any) -> AsyncIterator[FakeDiscord]:
    """A started peer with discord.py pointed at it; stopped and discord.py restored on exit."""
    fake = FakeDiscord(**options)
    await fake.start()
    try:
        with fake.patch_discord():
            yield fake
    finally:
        await fake.stop()


# --------------------------------------------------------------------------------------------------------------
# Driving slash commands without a gateway
# --------------------------------------------------------------------------------------------------------------

_OPTION_TYPES: tuple[tuple[type, int], ...] = ((bool, 5), (int, 4), (float, 10), (str, 3))


def command_options(options: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """Interaction options in Discord's form: a mapping `{name: value}` is typed from the values (str 3, int 4,
    bool 5, float 10); a list of option dicts (for subcommands, channels...) is passed as given."""
    if options is None:
        return []
    if isinstance(options, Mapping):
        typed = []
        for name, value in options.items():
            kind = next(code for python_type, code in _OPTION_TYPES if isinstance(value, python_type))
            typed.append({"name": name, "type": kind, "value": value})
        return typed
    return [dict(o) for o in options]


def interaction_payload(
    fake: FakeDiscord,
    name: str,
    options: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    *,
    channel_id: int | str | None = None,
    guild_id: int | str | None = None,
    user_id: int | str | None = None,
    username: str = "attache",
    permissions: int = MEMBER_PERMISSIONS,
    app_permissions: int = BOT_PERMISSIONS,
    dm: bool = False,
    locale: str = "en-US",
    resolved: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A real type-2 (application command) INTERACTION_CREATE payload, as the gateway would deliver it.

    In a guild (default: the peer's guild and a channel of it) it carries the guild, the channel with the
    member's permissions, and the member with its `permissions` bitfield and `flags`; with `dm=True` it is a DM
    with a top-level user. The command's id and guild come from the peer's registered commands when the bot
    synced them (a guild command first, as Discord resolves), else a fresh id.
    """
    user = _user(str(user_id) if user_id is not None else fake.ids.next(), username)
    gid = None if dm else str(guild_id) if guild_id is not None else fake.guild_id
    cid = str(channel_id) if channel_id is not None else fake.ids.next()
    data: dict[str, Any] = {"id": fake.ids.next(), "name": name, "type": 1, "options": command_options(options)}
    registered = _registered_command(fake, name, gid)
    if registered is not None:
        data["id"] = registered["id"]
        if registered.get("guild_id"):
            data["guild_id"] = registered["guild_id"]
    if resolved:
        data["resolved"] = dict(resolved)
    payload: dict[str, Any] = {
        "id": fake.ids.next(),
        "application_id": fake.application_id,
        "type": 2,
        "data": data,
        "token": "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(48),
        "version": 1,
        "locale": locale,
        "app_permissions": str(app_permissions),
        "entitlements": [],
        "attachment_size_limit": 10 * 1024 * 1024,
        "authorizing_integration_owners": {"0": gid} if gid else {"1": user["id"]},
        "context": 1 if dm else 0,
    }
    if dm:
        payload["channel_id"] = cid
        payload["channel"] = {"id": cid, "type": 1, "last_message_id": None, "flags": 0, "recipients": [user]}
        payload["user"] = user
        return payload
    channel = fake.channel(cid) or _guild_channel(cid, gid or fake.guild_id, "diplomacy", 0, 0)
    payload.update(
        guild_id=gid,
        guild_locale="en-US",
        guild={"id": gid, "locale": "en-US", "features": []},
        channel_id=cid,
        channel={**channel, "permissions": str(permissions)},
        member={
            "user": user,
            "roles": [],
            "nick": None,
            "avatar": None,
            "premium_since": None,
            "joined_at": iso_now(),
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
            "permissions": str(permissions),
        },
    )
    return payload


def _registered_command(fake: FakeDiscord, name: str, guild_id: str | None) -> dict[str, Any] | None:
    """The synced chat-input command of that name, the guild's before the global one."""
    scopes = ([guild_id] if guild_id else []) + [None]
    for scope in scopes:
        for command in fake.commands(scope):
            if command["name"] == name and command["type"] == 1:
                return command
    return None


@dataclass
class SlashResult:
    """What came of one slash command: the interaction fed, the bot's callback, and the messages it made.

    `messages` are the messages the command created, as they stand now (the original response after any edit,
    then follow-ups), oldest first; `calls` are all the bot's calls carrying this interaction's token;
    `errors` are the errors discord.py logged while the command ran (an exception in the command lands here).
    """

    payload: dict[str, Any]
    callback: dict[str, Any] | None
    messages: list[dict[str, Any]]
    calls: list[Call]
    errors: list[str]

    @property
    def response_type(self) -> int | None:
        """4 (message), 5 (deferred: "thinking…"), or None when the bot never answered."""
        return None if self.callback is None else self.callback.get("type")

    @property
    def deferred(self) -> bool:
        """True when the bot deferred (type 5) and answered later through the webhook."""
        return self.response_type == CALLBACK_DEFERRED

    @property
    def ephemeral(self) -> bool:
        """True when the first answer was visible to the caller only (flag 64)."""
        return bool(self.messages) and bool(self.messages[0]["flags"] & FLAG_EPHEMERAL)

    @property
    def content(self) -> str:
        """The text of the first message the command produced ("" when none)."""
        return self.messages[0]["content"] if self.messages else ""


async def drive_slash(
    fake: FakeDiscord,
    client: Any,
    name: str,
    options: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    *,
    timeout: float = 5.0,
    expect_answer: bool = True,
    **payload_options: Any,
) -> SlashResult:
    """Feed a slash command to a logged-in discord.py client as the gateway would, wait until the command has
    run (its tasks done) and its answer reached the peer, and return what came of it.

    The client must be logged in against `fake` (so it has an HTTP session and an application id) and hold a
    `CommandTree` (or listen to `on_interaction`). `payload_options` go to `interaction_payload`
    (channel_id, guild_id, user_id, permissions, dm, ...). With `expect_answer` (default) an AssertionError says
    so when the bot never acknowledged the interaction, with the errors discord.py logged.
    """
    payload = interaction_payload(fake, name, options, **payload_options)
    record = fake.register_interaction(payload)
    errors = _LoggedErrors()
    logging.getLogger("discord").addHandler(errors)
    try:
        before = asyncio.all_tasks()
        client._connection.parse_interaction_create(payload)
        started = asyncio.all_tasks() - before
        if started:
            _, pending = await asyncio.wait(started, timeout=timeout)
            if pending:
                raise AssertionError(f"/{name} was still running after {timeout} s")
        if expect_answer and record.callback is None:
            try:
                await fake.wait_for(lambda c: c.route.endswith("/callback") and c.interaction_id == record.id, 0.5)
            except TimeoutError:
                raise AssertionError(
                    f"/{name} was never answered; discord.py logged: {errors.messages or 'nothing'}"
                ) from None
    finally:
        logging.getLogger("discord").removeHandler(errors)
    return _slash_result(fake, record, payload, errors.messages)


def _slash_result(
    fake: FakeDiscord, record: InteractionRecord, payload: dict[str, Any], errors: list[str]
) -> SlashResult:
    """Gather the interaction's callback, messages and calls from the peer."""
    messages = [m for m in (fake._message_by_id(record, i) for i in record.message_ids) if m is not None]
    calls = [c for c in fake.calls if c.interaction_id == record.id]
    return SlashResult(payload, record.callback, [dict(m) for m in messages], calls, errors)


class _LoggedErrors(logging.Handler):
    """Collects the errors discord.py logs while a command runs (tracebacks of failed commands)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += f": {record.exc_info[1]!r}"
        self.messages.append(text)


CALLBACK_AUTOCOMPLETE = 8


async def drive_autocomplete(
    fake: FakeDiscord,
    client: Any,
    name: str,
    options: Mapping[str, Any],
    focused: str,
    *,
    timeout: float = 5.0,
    **payload_options: Any,
) -> list[dict[str, Any]]:
    """Feed an autocomplete interaction (type 4) as the gateway delivers it while a user types into the option
    `focused` of `/name`, and return the choices the bot answered (`[{"name", "value"}]`).

    `options` are what the user has entered so far (the focused one as typed, a string); `payload_options` go to
    `interaction_payload`. An AssertionError says so when the bot did not answer with choices (callback type 8).
    """
    payload = interaction_payload(fake, name, options, **payload_options)
    payload["type"] = 4
    for option in payload["data"]["options"]:
        if option["name"] == focused:
            option["focused"] = True
            option["value"] = str(option["value"])
    record = fake.register_interaction(payload)
    errors = _LoggedErrors()
    logging.getLogger("discord").addHandler(errors)
    try:
        before = asyncio.all_tasks()
        client._connection.parse_interaction_create(payload)
        started = asyncio.all_tasks() - before
        if started:
            await asyncio.wait(started, timeout=timeout)
    finally:
        logging.getLogger("discord").removeHandler(errors)
    callback = record.callback
    if callback is None or callback.get("type") != CALLBACK_AUTOCOMPLETE:
        raise AssertionError(f"/{name} {focused}: no autocomplete answer; discord.py logged: {errors.messages or 'nothing'}")
    return list((callback.get("data") or {}).get("choices") or [])
