"""The Discord platform: a discord.py 2 bot that answers Communiqué's slash commands and posts digests to channels.

Lifecycle (`start`): log in over REST, register the slash commands (in the config's `test_guild` at once, or
globally), then connect to the gateway in the background to receive interactions. The gateway step can be
switched off (`connect_gateway=False`): tests feed interactions to the client directly, while login, command
sync, interaction handling and sending stay real.

Sending (`send`) posts a rendered payload, exactly as the ledger stored it, to a channel through discord.py's
HTTP client, so Discord's rate-limit buckets are honoured; what Discord answers becomes a delivery outcome
(see `outcomes.py`). Mentions are always disabled, whatever the payload says.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import aiohttp
import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot import redact
from bot.core.commands import CommandService, Invocation, Reply
from bot.core.digest import Digest
from bot.core.errors import TokenRefused
from bot.core.outcomes import Gone, Outcome, Sent, Transient
from bot.core.platform import ChatAlias, Payload, SendLimits
from bot.platforms.discord import render as render_discord
from bot.platforms.discord.config import DiscordConfig
from bot.platforms.discord.limits import DISCORD_LIMITS
from bot.platforms.discord.outcomes import describe, outcome_for_error
from bot.platforms.discord.proxy import proxy_for
from bot.platforms.discord.slash import Bridge, build_tree, message_kwargs, render

log = logging.getLogger(__name__)


class _NoVoiceWarnings(logging.Filter):
    """discord.py warns at every start that voice libraries (PyNaCl, davey) are missing; Communiqué has no
    voice, so the warning would only worry an operator."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


logging.getLogger("discord.client").addFilter(_NoVoiceWarnings())

RATE_LIMIT_WAIT_MAX = 30.0  # longer waits come back as RetryAfter instead of blocking (discord.py's minimum)
SEND_TIMEOUT = 90.0  # discord.py itself retries 5xx for up to 25 s; a send stuck beyond this is transient
LOGIN_RETRY_MAX = 300.0
GATEWAY_AUTHENTICATION_FAILED = 4004  # the close code of an IDENTIFY with a token Discord no longer takes
TOKEN_RESET = "Discord refused the bot's token (reset?)"
UNREACHABLE = (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError)  # Discord down or no network
PERMISSIONS = discord.Permissions(view_channel=True, send_messages=True, embed_links=True)
SCOPES = ("bot", "applications.commands")
# What a direct message that is no slash command is answered (a reader's "hi"); Telegram's private chats do the same.
DM_HINT = ("Communiqué answers slash commands: type / here and pick one. /latest for the newest stories, /subscribe "
           "for a daily digest in this DM, /help for all.")
# Commands registered in one server only (`test_guild`) are offered nowhere else, direct messages included.
DM_HINT_SERVER_ONLY = ("Communiqué answers slash commands in its server: type / in a channel there and pick one. "
                       "/latest for the newest stories, /subscribe for a daily digest, /help for all.")
# Guilds, and messages in direct messages and servers' channels (none privileged; a DM's words reach a bot without
# the Message Content intent). Server messages are read for one thing: the bot's own posts (`_another_bot_posted`).
INTENTS = discord.Intents(guilds=True, guild_messages=True, dm_messages=True)
SECOND_BOT = ("another program posts with this bot's Discord token (a second Communiqué, with its own database, posts "
              "each digest again): stop the one you did not mean to run")
SECOND_BOT_WINDOW = 600.0  # seconds after another program's last post during which /healthz says so
OWN_POST_WAIT = 5.0  # a post's MESSAGE_CREATE can come before the answer to the POST that made it
OWN_POSTS_KEPT = 2000  # the ids of this process's latest posts, to tell its own from another program's


def _channel_kwargs(payload: Payload) -> dict[str, Any]:
    """A rendered message as discord.py's arguments for a post in a channel (a DM has no ephemeral messages)."""
    kwargs = message_kwargs(payload)
    del kwargs["ephemeral"]
    return kwargs


def nonce_for(chat_id: str, key: str) -> str:
    """The nonce of a stored message to a channel: the same at every try and after a restart, another for every
    other message (its key names the ledger's row, digest and part; the channel is in it too), and within Discord's
    25 characters. A digest of both, in hex: 100 bits, no two messages of a bot's life share one."""
    return hashlib.sha256(f"{chat_id}\n{key}".encode()).hexdigest()[:25]


def invite_url(application_id: int | str) -> str:
    """The link a server admin opens to add Communiqué with exactly the scopes and permissions it needs."""
    return discord.utils.oauth_url(int(application_id), permissions=PERMISSIONS, scopes=SCOPES)


def channel_body(payload: Payload) -> dict[str, Any]:
    """A stored payload as the body of `POST /channels/{id}/messages`: content and embeds, no flags (ephemeral
    exists only for interaction replies), and never any mention parsed."""
    return {
        "content": payload.get("content") or None,
        "embeds": list(payload.get("embeds") or []),
        "allowed_mentions": {"parse": []},
    }


class DiscordPlatform:
    """Communiqué on Discord: slash commands in, channel digests out."""

    name = "discord"
    settling = 0.0  # sends may begin as soon as it has started

    def __init__(
        self,
        config: DiscordConfig,
        token: str,
        *,
        connect_gateway: bool = True,
        limits: SendLimits = DISCORD_LIMITS,
        send_timeout: float = SEND_TIMEOUT,
    ) -> None:
        self.config = config
        self._token = token
        redact.register([token])  # its every form stays out of stored errors, status and logs
        self.connect_gateway = connect_gateway
        self.limits = limits
        self.send_timeout = send_timeout
        self.bridge = Bridge()
        self.client: discord.Client | None = None
        self.tree: discord.app_commands.CommandTree | None = None
        self.synced: list[discord.app_commands.AppCommand] = []
        self._ready = asyncio.Event()
        self._background: asyncio.Task[None] | None = None
        self._previous_base: str | None = None
        self._previous_gateway: yarl.URL | None = None
        self._dm_channels: dict[str, int] = {}
        self._token_refused = False  # the gateway refused the token after login: nothing works until a restart
        self._posted: dict[int, None] = {}  # ids of the messages this process posted, oldest first
        self._foreign_posts: list[float] = []  # when another program's posts with the token were seen
        self._foreign_said = 0
        self._in_flight: dict[int, int] = {}  # channel id -> this process's sends there not yet answered
        self._unanswered: dict[int, list[float]] = {}  # channel id -> when a send there was given up unanswered
        self._posts_moved = asyncio.Event()  # set (and replaced) when a send ends or an own post's id is learnt
        self._checks: set[asyncio.Task[Any]] = set()  # the checks of posts under way, ended with the bot

    def __repr__(self) -> str:  # never the token
        api = self.config.api_base_url or "discord.com"
        return f"DiscordPlatform(test_guild={self.config.test_guild!r}, api={api})"

    @property
    def ready(self) -> bool:
        """Whether Discord accepted the token, sends can go out and no other program posts with the token (the
        health check asks)."""
        return self._ready.is_set() and not self._second_bot()

    @property
    def problem(self) -> str | None:
        """Why the platform is not ready, when it is more than "not connected" (what /healthz says)."""
        if self._token_refused:
            return TOKEN_RESET
        return SECOND_BOT if self._ready.is_set() and self._second_bot() else None

    def _second_bot(self) -> bool:
        cutoff = time.monotonic() - SECOND_BOT_WINDOW
        self._foreign_posts = [at for at in self._foreign_posts if at > cutoff]
        return bool(self._foreign_posts)

    def _refused_while_running(self) -> None:
        """The token was reset in the developer portal while the bot ran (rotating it): Discord closes the gateway
        with 4004, discord.py closes the client, and nothing would say so."""
        self._token_refused = True
        self._ready.clear()
        env = self.config.token_env
        log.error("Discord refused the token in the environment variable %s while Communiqué ran (reset in the "
                  "developer portal?): slash commands are no longer received, and messages wait in the database. "
                  "Put the bot's current token in %s and restart Communiqué", env, env)

    # --- rendering ------------------------------------------------------------------------------------------

    def render_digest(self, digest: Digest) -> list[Payload]:
        return render_discord.render_digest(digest)

    def render_reply(self, reply: Reply) -> list[Payload]:
        return render(reply)

    # --- lifecycle ------------------------------------------------------------------------------------------

    async def start(self, commands: CommandService) -> None:
        """Log in, register the slash commands, and listen; a refused token is a configuration error.

        If Discord cannot be reached, login is retried in the background (digests wait in the ledger meanwhile)
        so that the other platforms of this process keep running.
        """
        self.bridge.commands = commands
        self._point_at_api()
        proxy = proxy_for(self.config.api_base_url)
        if proxy.note:
            log.info(proxy.note)
        self.client = discord.Client(intents=INTENTS, max_ratelimit_timeout=RATE_LIMIT_WAIT_MAX, proxy=proxy.url)
        self.tree = build_tree(self.client, self.bridge, commands.specs)

        @self.client.event
        async def on_ready() -> None:
            # The one sign that slash commands can arrive: login and registration succeed without the gateway.
            log.info("connected to Discord's gateway: slash commands are received")

        @self.client.event
        async def on_message(message: discord.Message) -> None:
            await self._another_bot_posted(message)
            await self._hint_in_dm(message)

        @self.client.event
        async def on_guild_remove(guild: discord.Guild) -> None:
            self._removed_from(guild)

        @self.client.event
        async def on_guild_join(guild: discord.Guild) -> None:
            self._added_to(guild)

        try:
            await self._log_in()
        except discord.LoginFailure:
            await self.client.close()
            raise TokenRefused(
                "[discord]",
                f"Discord refused the token in the environment variable {self.config.token_env}: "
                "copy the bot's token again from the developer portal (Bot > Reset Token)",
            ) from None
        except UNREACHABLE as error:
            log.warning("cannot reach Discord (%s); retrying in the background", _reason(error))
            self._background = asyncio.create_task(self._keep_trying())
            return
        await self._listen()

    async def _hint_in_dm(self, message: discord.Message) -> None:
        """A reader's direct message that is no slash command ("hi", a question, a picture) gets one line on how to
        ask: without it the bot read as dead, while Telegram's private chats got this hint. An answer to the bot's
        last question in the DM ("yes" to "Did you mean Europe/Berlin?") is taken as Telegram's private chats take
        it (`CommandService.answer_words`): it got the hint, the question unheard. Messages in servers get none
        (their words do not arrive: a privileged intent); bots, this one included, get nothing; a refusal is only
        logged."""
        if message.guild is not None or message.author.bot or message.type not in (
                discord.MessageType.default, discord.MessageType.reply):
            return
        try:
            answered = await self._answer_words(message)
            payloads = render(answered) if answered is not None else [
                {"content": DM_HINT_SERVER_ONLY if self.config.test_guild else DM_HINT, "embeds": []}]
            for payload in payloads:
                with self._posting(message.channel.id):
                    sent = await message.channel.send(**_channel_kwargs(payload))
                self._own_post(sent.id)
        except discord.HTTPException as error:
            log.info("the answer to a direct message in Discord channel %s was not sent: %s", message.channel.id,
                     describe(error))

    async def _answer_words(self, message: discord.Message) -> Reply | None:
        """The reply to a DM's words when they answer the bot's last question there, else None."""
        commands = self.bridge.commands
        if commands is None or not message.content.strip():
            return None
        invocation = Invocation(platform=self.name, chat_id=str(message.channel.id), chat_kind="private",
                                user_id=str(message.author.id), command="", chat_title="direct messages")
        return await commands.answer_words(invocation, message.content)

    def _own_post(self, message_id: object) -> None:
        if str(message_id).isdigit():
            self._posted[int(str(message_id))] = None
            while len(self._posted) > OWN_POSTS_KEPT:
                del self._posted[next(iter(self._posted))]
            self._moved()

    def _moved(self) -> None:
        """Wake the checks waiting on this process's sends (`_awaiting_answers`)."""
        self._posts_moved.set()
        self._posts_moved = asyncio.Event()

    @contextmanager
    def _posting(self, channel: int) -> Iterator[None]:
        """A post of this process's on its way to `channel`: the check of an echo there waits for its answer, and
        one given up unanswered (Discord may have made the message) excuses an echo (`_excused`)."""
        self._in_flight[channel] = self._in_flight.get(channel, 0) + 1
        try:
            yield
        except (TimeoutError, asyncio.CancelledError):
            self._unanswered.setdefault(channel, []).append(time.monotonic())
            raise
        finally:
            self._in_flight[channel] -= 1
            if not self._in_flight[channel]:
                del self._in_flight[channel]
            self._moved()

    def _excused(self, channel: int) -> bool:
        """Whether a post in `channel` may be this process's own send that it gave up unanswered (Discord made the
        message, its id never came back): each such send excuses one post, for as long as its echo could take."""
        cutoff = time.monotonic() - self.send_timeout - 2 * OWN_POST_WAIT
        given_up = [at for at in self._unanswered.pop(channel, []) if at > cutoff]
        if not given_up:
            return False
        if given_up[1:]:
            self._unanswered[channel] = given_up[1:]
        log.info("a post with this bot's token in channel %s is taken for the send there given up unanswered", channel)
        return True

    async def _another_bot_posted(self, message: discord.Message) -> None:
        """A post by this bot's user that this process did not make: another program runs with the token (a copy
        of the bot on a second machine, where this machine's claim on the token cannot see it). Discord takes both
        and tells neither session of the other; each posted every digest, and each chat got every story twice with
        nothing said. Discord does send a bot its own posts, whichever session made them: that is the one sign.
        Said at the 1st, 2nd, 4th, 8th... such post, and /healthz answers 503 while they go on. Answers to slash
        commands (sent through the interaction's webhook) come to one session only, and are not counted. A post in
        a channel where a send of this process is still unanswered waits for that answer (a slow one named it a
        second bot), and one where a send was given up unanswered is taken for it (Discord may have made it)."""
        user = self.client.user if self.client is not None else None
        if (user is None or message.author.id != user.id or message.type is not discord.MessageType.default
                or message.webhook_id is not None or message.interaction_metadata is not None
                or message.id in self._posted):
            return
        check = asyncio.current_task()
        assert check is not None  # discord.py runs each event in a task of its own
        self._checks.add(check)
        try:
            await asyncio.sleep(OWN_POST_WAIT)  # the answer to this process's own POST may still be on its way
            await self._awaiting_answers(message.channel.id, message.id)
        finally:
            self._checks.discard(check)
        channel = message.channel.id
        if message.id in self._posted or self._excused(channel):
            return
        if not self._foreign_posts:
            self._foreign_said = 0
        self._foreign_posts.append(time.monotonic())
        self._foreign_said += 1
        said = self._foreign_said
        if said & (said - 1) == 0:
            where = "a direct message" if message.guild is None else f"channel {message.channel.id}"
            log.error("%s; seen in %s (%s)", SECOND_BOT, where,
                      "once" if said == 1 else f"{said} posts")

    async def _awaiting_answers(self, channel: int, message_id: int) -> None:
        """Wait while a send of this process's to `channel` is unanswered (a slow answer: the id of the post it
        made is not known yet), for the send's limit at most: woken when a send ends or an id is learnt, never
        polling, so a busy channel costs a waiting check nothing."""
        deadline = time.monotonic() + self.send_timeout
        while channel in self._in_flight and message_id not in self._posted:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                async with asyncio.timeout(left):
                    await self._posts_moved.wait()
            except TimeoutError:
                return

    def _removed_from(self, guild: discord.Guild) -> None:
        """A server removed the bot (kicked, "Remove App", the server deleted): said at once, with the way back.
        Discord refuses its channels' digests from now on (403 Missing Access), and each subscribed channel stops
        after its refusals; the log said no more than that refusal, which a permission changed in one channel
        gives too, so an operator could not tell that a whole server had let the bot go."""
        application = self.client.application_id if self.client is not None else None
        invite = f" (invite link: {invite_url(application)})" if application else ""
        log.warning("removed from the Discord server %s (%s): digests to its channels are refused from now on, and "
                    "each subscribed channel's stop after its refusals; adding the bot back to the server%s starts "
                    "them again with their topics and settings", guild.name, guild.id, invite)

    def _added_to(self, guild: discord.Guild) -> None:
        """Added to a server (back, after a removal): the subscriptions its channels' refusals ended come back,
        as a Telegram channel's do when the bot may post there again (`CommandService.may_post_again`). Left
        ended, each channel needed a member's /subscribe, which nobody had a reason to know."""
        if self.bridge.commands is None:
            return
        places: list[Any] = [c for c in guild.channels if isinstance(c, discord.abc.Messageable)]
        places += list(guild.threads)
        restarted = sum(self.bridge.commands.may_post_again(self.name, str(place.id), (), None) for place in places)
        if restarted:
            log.info("added back to the Discord server %s (%s): digests restarted in %d channel(s) whose "
                     "subscriptions its removal had ended", guild.name, guild.id, restarted)
        else:
            log.info("added to the Discord server %s (%s)", guild.name, guild.id)

    async def _log_in(self) -> None:
        assert self.client is not None
        await self.client.login(self._token)
        invite = invite_url(self.client.application_id or 0)
        log.info("logged in to Discord as %s; invite link: %s", self.client.user, invite)

    async def _listen(self) -> None:
        """After login: register the commands, accept sends, and connect the gateway unless told not to."""
        await self.sync_commands()
        self._ready.set()
        if self.connect_gateway:
            self._background = asyncio.create_task(self._run_gateway())

    async def _keep_trying(self) -> None:
        """Log in again with growing pauses until Discord answers, then listen."""
        delay = 5.0
        while True:
            await asyncio.sleep(delay)
            try:
                await self._log_in()
            except discord.LoginFailure:
                log.error("Discord refused the token in %s; Discord stays off until it is fixed", self.config.token_env)
                return
            except UNREACHABLE as error:
                delay = min(delay * 2, LOGIN_RETRY_MAX)
                log.warning("still cannot reach Discord (%s); next try in %.0f s", _reason(error), delay)
                continue
            await self._listen()  # replaces this task as `_background` with the gateway's
            return

    async def sync_commands(self) -> None:
        """Register the slash commands: in the test guild (instant) when configured, else globally (Discord
        may take a while to show global changes). A refusal is logged with what to do, and sending goes on."""
        assert self.tree is not None
        guild = discord.Object(id=int(self.config.test_guild)) if self.config.test_guild else None
        where = f"in the test guild {self.config.test_guild}" if guild else "globally"
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        try:
            self.synced = await self.tree.sync(guild=guild)
        except discord.HTTPException as error:
            log.error(
                "could not register Communiqué's slash commands %s: %s. Invite the bot with the "
                "applications.commands scope (see the README).", where, describe(error),
            )
            return
        log.info("registered %d slash commands %s", len(self.synced), where)

    async def _run_gateway(self) -> None:
        """Receive interactions until stopped. discord.py reconnects by itself once connected; a first connection
        that fails (Discord or the network down at start) is tried again here, with growing pauses."""
        assert self.client is not None
        delay = 5.0
        while not self.client.is_closed():
            try:
                await self._use_the_apis_gateway()
                await self.client.connect(reconnect=True)
                return
            except asyncio.CancelledError:
                raise
            except (discord.LoginFailure, discord.PrivilegedIntentsRequired) as error:
                log.error("Discord closed the gateway (%s): slash commands are not received until a restart",
                          _reason(error))
                return
            except Exception as error:
                if isinstance(error, discord.ConnectionClosed) and error.code == GATEWAY_AUTHENTICATION_FAILED:
                    self._refused_while_running()
                    return
                if self.client.is_closed():
                    return
                # discord.py raises AttributeError when its very first connection fails; the cause is its context.
                cause = error.__context__ if isinstance(error, AttributeError) and error.__context__ else error
                log.warning("cannot connect to Discord's gateway (%s); trying again in %.0f s", _reason(cause), delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, LOGIN_RETRY_MAX)

    async def _use_the_apis_gateway(self) -> None:
        """With `api_base_url` set, connect to the gateway that API names (`GET /gateway/bot`), as Discord
        intends clients to; discord.py otherwise always dials discord.gg's."""
        if not self.config.api_base_url or self.client is None:
            return
        _, url, _ = await self.client.http.get_bot_gateway()
        if self._previous_gateway is None:
            self._previous_gateway = DiscordWebSocket.DEFAULT_GATEWAY
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)

    async def chat_alias(self, chat_id: str) -> ChatAlias:
        """A Discord channel is named by its id alone, in commands and in [[subscriptions]] blocks."""
        return ChatAlias()

    async def stop(self) -> None:
        """Close the gateway and the HTTP session, and give discord.py back its API address."""
        self._ready.clear()
        if self.client is not None and not self.client.is_closed():
            await self.client.close()
        if self._background is not None and not self._background.done():
            self._background.cancel()
            await asyncio.gather(self._background, return_exceptions=True)
        checks = [check for check in self._checks if check is not asyncio.current_task()]
        for check in checks:  # a check under way would judge a post after the bot stopped, and outlive the client
            check.cancel()
        await asyncio.gather(*checks, return_exceptions=True)
        if self._previous_base is not None:
            discord.http.Route.BASE = self._previous_base
            self._previous_base = None
        if self._previous_gateway is not None:
            DiscordWebSocket.DEFAULT_GATEWAY = self._previous_gateway
            self._previous_gateway = None

    def _point_at_api(self) -> None:
        """Send discord.py's REST, webhook and interaction calls to `api_base_url` when the config sets one
        (its gateway too, see `_use_the_apis_gateway`)."""
        if self.config.api_base_url:
            self._previous_base = discord.http.Route.BASE
            discord.http.Route.BASE = self.config.api_base_url.rstrip("/")

    # --- sending --------------------------------------------------------------------------------------------

    async def send(self, chat_id: str, payload: Payload, key: str = "") -> Outcome:
        """Post one message to a channel (or, for an operator's user id, to their direct messages). A `key` goes
        as the message's nonce with `enforce_nonce` (`nonce_for`): a try whose answer was lost (late past the send
        timeout, or a connection cut) posted the message, and Discord answers the next try with it, posting
        nothing, within its few minutes; the channel read it twice."""
        if self._token_refused:
            return Transient(f"{TOKEN_RESET}: put the current token in {self.config.token_env} and restart")
        if self.client is None or not self._ready.is_set():
            return Transient("not connected to Discord yet")
        if not str(chat_id).isdigit():
            return Gone(f"“{str(chat_id)[:40]}” is not a Discord channel id", permanent=True)
        try:
            async with asyncio.timeout(self.send_timeout):
                channel_id = await self._channel_for(str(chat_id))
                route = Route("POST", "/channels/{channel_id}/messages", channel_id=channel_id)
                body = channel_body(payload)
                if key:
                    body |= {"nonce": nonce_for(str(chat_id), key), "enforce_nonce": True}
                with self._posting(int(channel_id)):
                    message = await self.client.http.request(route, json=body)
        except TimeoutError:
            return Transient(f"Discord did not answer within {self.send_timeout:.0f} s")
        except Exception as error:
            return outcome_for_error(error)
        if isinstance(message, dict):
            self._own_post(message.get("id"))
        if body["embeds"] and isinstance(message, dict) and not message.get("embeds"):
            await self._cards_as_text(str(chat_id), route, body["embeds"])
        return Sent(message_id=str(message["id"]) if isinstance(message, dict) and "id" in message else None)

    async def _cards_as_text(self, chat_id: str, route: Route, embeds: list[dict[str, Any]]) -> None:
        """Discord kept the message's text and dropped its story cards (the bot lacks Embed Links there): the
        stories follow as text, with a note saying why, and the log says so. The message itself was sent, so a
        failure here is logged, not retried (a retry would post the heading twice)."""
        log.warning("channel %s: Discord dropped the story cards (Communiqué lacks the Embed Links permission "
                    "there): %d sent as text", chat_id, len(embeds))
        assert self.client is not None
        try:
            for text in render_discord.cards_as_text(embeds):
                async with asyncio.timeout(self.send_timeout):
                    with self._posting(int(route.channel_id or 0)):
                        sent = await self.client.http.request(
                            route, json={"content": text, "allowed_mentions": {"parse": []},
                                         "flags": render_discord.SUPPRESS_EMBEDS_FLAG})
                self._own_post(sent.get("id") if isinstance(sent, dict) else None)
        except Exception as error:
            log.warning("channel %s: the stories as text could not be sent either: %s", chat_id, _reason(error))

    async def _channel_for(self, chat_id: str) -> int:
        """The channel to post to: the chat itself, or an operator's DM channel (opened once) for alerts."""
        if chat_id not in self.config.operators:
            return int(chat_id)
        if chat_id not in self._dm_channels:
            assert self.client is not None
            channel = await self.client.http.start_private_message(int(chat_id))
            self._dm_channels[chat_id] = int(channel["id"])
        return self._dm_channels[chat_id]


def _reason(error: BaseException) -> str:
    """A short reason for logs, never holding the token."""
    if isinstance(error, discord.HTTPException):
        return describe(error)
    return f"{type(error).__name__}: {str(error)[:200]}".rstrip(": ")
