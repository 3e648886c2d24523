"""The Telegram platform: a python-telegram-bot 22 Application that answers commands and posts digests.

Lifecycle (`start`): log in (getMe), register the command list (setMyCommands: the public commands for
everyone, all of them in each operator's private chat), then long-poll for updates in the background. A refused
token is a configuration error; a Telegram that cannot be reached is tried again in the background (digests
wait in the ledger meanwhile), so that the other platforms of the process keep running.

Commands: every `/command[@bot] args` in a private chat, a group, a supergroup or a channel post becomes an
`Invocation` for `bot.commands`; the reply is rendered to HTML and sent back. Commands of one chat run in the
order they were sent; different chats do not wait for each other.

Sending (`send`): one stored payload (`{"text": html, "parse_mode": "HTML"}`) to one chat; Telegram's answer
becomes a delivery outcome (`outcomes.py`). A message whose markup Telegram refuses is resent once as plain
text (`fallback.py`), so a renderer bug cannot lose a digest.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    ChatMember,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, TelegramError, TimedOut
from telegram.ext import Application, ChatMemberHandler, ContextTypes, MessageHandler, filters
from telegram.request import HTTPXRequest

from bot.core.commands import ChannelRef, CommandService, CommandSpec, Invocation, Reply
from bot.core.digest import Digest
from bot.core.errors import TokenRefused
from bot.core.outcomes import Moved, Outcome, Rejected, RetryAfter, Sent, Transient
from bot.core.platform import ChatAlias, Payload, SendLimits
from bot.core.proxy import bypassed_by_a_network_only, proxy_named
from bot.core.text import duration_text, printable
from bot.platforms.telegram import redact
from bot.platforms.telegram import render as render_telegram
from bot.platforms.telegram.chats import chat_target, is_numeric_id, split_topic, topic_chat_id
from bot.platforms.telegram.config import TelegramConfig
from bot.platforms.telegram.fallback import plain_text
from bot.platforms.telegram.limits import TELEGRAM_LIMITS
from bot.platforms.telegram.outcomes import describe, is_parse_error, never_reached, outcome_for_error
from bot.platforms.telegram.updates import (
    CommandText,
    chat_kind,
    chat_title,
    for_another_bot,
    parse_command,
    should_answer,
    unslashed_command,
)
from bot.redact import RedactSecrets

log = logging.getLogger(__name__)

POLL_TIMEOUT = 30.0  # seconds a getUpdates long poll may wait on Telegram (it answers as soon as an update comes)
# Seconds to wait for Telegram's answer to a send before calling it transient. A send given up may still have
# reached Telegram (it answers late when busy, and took the message): its retry showed the chat that message twice,
# as 15 s did for answers that came at 20 s. Only the chat waiting for the answer waits: the others are sent meanwhile.
SEND_TIMEOUT = 60.0
CONNECT_TIMEOUT = 10.0  # seconds to make a connection to Telegram; one not made carried no message
POOL_TIMEOUT = 5.0  # seconds a send waits for a free connection; one that found none was never sent
STOP_TIMEOUT = 10.0
RETRY_DELAY = 5.0  # first pause before connecting again when Telegram cannot be reached at start
RETRY_DELAY_MAX = 300.0
POKED_GAP = 5.0  # a waiting message may cut the pause between two tries to connect down to this, not below
REPLY_WAIT_MAX = 10.0  # a command's reply waits out a rate limit this long at most; longer, it is dropped
REPLY_ATTEMPTS = 3
HELD_NAMED_MAX = 3  # commands a note on replies held back by a rate limit names; the rest are counted
# One sender's messages in a chat in hand at once (one running, the rest waiting their turn); more are a flood,
# left unanswered. python-telegram-bot handles 256 updates at once, each holding its place while it waits: one
# member sending hundreds of commands, their replies held by Telegram's flood control, took every place, and no
# other chat's command was read for minutes. Counted by sender, not by chat: a busy group's members each asking
# /latest at once (after a digest, or while the bot was down) are no flood.
SENDER_IN_HAND_MAX = 8
# What a chat sent before this start (its backlog, waiting at Telegram while the bot was stopped) comes at once, as
# if in a flood: it is none, and the release before answered each. A sender's backlog has this many in hand at most.
BACKLOG_IN_HAND_MAX = 64
# Edits too: Telegram users fix a mistyped command by editing it, and the edit is the command they meant.
ALLOWED_UPDATES = ["message", "edited_message", "channel_post", "edited_channel_post", "my_chat_member"]
# The bot's own standings in a chat where it is not there to read or post: joining from one is being added.
OUTSIDE = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)
ADMIN_STATUSES = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
TOKEN_REVOKED = "Telegram refused the bot's token (revoked?)"
# Polls failing in a row before /healthz calls Telegram unreachable: about 15 s at python-telegram-bot's backoff (1 s,
# growing by half up to 30 s), so a blip of one or two failed polls is no outage.
POLL_DOWN_AFTER = 5
# Polls refused with 409 Conflict (another program polling with this token) this close together make /healthz 503:
# two bots on one token take turns, each sending every digest; one refusal alone may be a restart's old poll.
CONFLICT_WINDOW = 120.0
CONFLICTS_DOWN = 2
# A digest waits while polls were refused so (CONFLICTS_DOWN times) within CONFLICT_WINDOW: two bots on one token,
# each with its own database
# (a relative [storage] path run from another folder, a restored copy started beside the first), sent every chat
# each story twice. Neither sends until the other stops; a command's reply still goes to the chat that asked.
SECOND_POLLER = ("another program polls Telegram with this bot's token: digests on Telegram wait until it stops (a "
                 "second Communiqué, with its own database, would send each of them again)")
# After polling starts, a digest waits this long first: the two polls supersede each other within a second or two
# (python-telegram-bot polls again 1 s after a refusal), so a bot started beside another hears of it twice (what
# holds digests, CONFLICTS_DOWN) before it sends.
START_SETTLE = 5.0
UNSLASHED_HINT = "Commands start with a slash: {command}{more}."
FORWARDED_NOTE = "That command was forwarded, so it was not run: to run it, send it yourself ({command})."
RAN_REMEMBERED = 2000  # commands whose words an edit of their message is told (a few hundred kB at most)
REPLY_HINT = ("Communiqué does not read questions or replies: a story's title links to the whole story. /latest "
              "shows the newest stories, /help every command.")
ANOTHER_BOTS_HINT = "That command is addressed to @{bot}, another bot, so Communiqué did not run it. Here: {command}"
PRIVATE_HINT = (
    "Communiqué answers commands: /latest for the newest stories, /subscribe for a daily digest, /help for all."
)


def may_post(member: ChatMember, chat_type: str) -> bool:
    """Whether Telegram lets a member of this standing post in a chat of this type: in a channel an administrator
    allowed to post (or its owner), elsewhere anyone in the chat who is not muted."""
    status = member.status
    if status == ChatMemberStatus.OWNER:
        return True
    if chat_type == ChatType.CHANNEL:
        return status == ChatMemberStatus.ADMINISTRATOR and getattr(member, "can_post_messages", True) is not False
    if status == ChatMemberStatus.RESTRICTED:
        return bool(getattr(member, "is_member", False) and getattr(member, "can_send_messages", False))
    return status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.MEMBER)


class HandledGiveUps(logging.Filter):
    """Keeps the line and drops the traceback when PTB's network loop gives up on a failed run, and drops PTB's
    line for a refused token altogether.

    Connecting is retried by `_keep_trying`, which says so itself: an outage is an event an operator reads about,
    not a crash, so the log carries no traceback for it. A token refused while polling is said by
    `TelegramPlatform._polling_ended`, with what to do.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and "Invalid token. Aborting" in str(record.msg):
            return False  # the polling refused: `TelegramPlatform._polling_ended` says what happened and what to do
        if record.exc_info and "Aborting" in str(record.msg) and "Failed run" in str(record.msg):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        return True


HANDLED_GIVE_UPS = HandledGiveUps()


class UnconfirmedAtStop(logging.Filter):
    """The library's last getUpdates at a stop (confirming the commands read) failing, with Telegram unreachable:
    said in one line, in the product's words, instead of an ERROR with three chained tracebacks and advice about
    the library's timeouts."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "one more time to mark all fetched updates" in str(record.msg):
            error = record.exc_info[1] if record.exc_info else None
            why = describe(error) if isinstance(error, TelegramError) else "Telegram cannot be reached"
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.msg, record.args = ("could not tell Telegram which commands were read before stopping (%s): the "
                                       "last ones may be answered again at the next start"), (why,)
            record.exc_info, record.exc_text = None, None
        return True


UNCONFIRMED_AT_STOP = UnconfirmedAtStop()


class PollingRequest(HTTPXRequest):
    """The connection getUpdates uses (python-telegram-bot's default for it: one connection), telling the platform
    when Telegram answers a poll: the library reports a failed poll, never a successful one."""

    def __init__(self, answered: Callable[[], None]) -> None:
        super().__init__(connection_pool_size=1)
        self._answered = answered

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        code, payload = await super().do_request(*args, **kwargs)
        if code == 200:
            self._answered()
        return code, payload


def html_payload(html: str) -> Payload:
    """One rendered message as the ledger stores it."""
    return {"text": html, "parse_mode": ParseMode.HTML.value}


class TelegramPlatform:
    """Communiqué on Telegram: commands in (long polling), digests and replies out (HTML messages)."""

    name = "telegram"

    def __init__(
        self,
        config: TelegramConfig,
        token: str,
        *,
        limits: SendLimits = TELEGRAM_LIMITS,
        poll_timeout: float = POLL_TIMEOUT,
        send_timeout: float = SEND_TIMEOUT,
        connect_timeout: float = CONNECT_TIMEOUT,
        retry_delay: float = RETRY_DELAY,
        settle: float = START_SETTLE,
    ) -> None:
        self.config = config
        self.settle = settle
        self._polling_since: float | None = None  # when this start's polling began (monotonic), for START_SETTLE
        self._token = token
        self.limits = limits
        self.poll_timeout = poll_timeout
        self.send_timeout = send_timeout
        self.connect_timeout = connect_timeout
        self.retry_delay = retry_delay
        self.app: Application | None = None
        self.username: str | None = None
        self._commands: CommandService | None = None
        self._ready = asyncio.Event()
        self._token_revoked = False  # Telegram refused the token after accepting it: nothing works until a restart
        self._poll_failures = 0  # polls failed in a row (the log says so at the 1st, 2nd, 4th, 8th...)
        self._poll_error = ""
        self._conflicts: list[float] = []  # when polls were refused with 409 Conflict, within CONFLICT_WINDOW
        self._conflicts_said = 0  # refusals since the last quiet window (the log says the 1st, 2nd, 4th...)
        self._commands_registered = False
        self._operators_unlisted: set[int] = set()  # operators whose private command list is not set yet
        self._background: asyncio.Task[None] | None = None
        self._poke = asyncio.Event()  # set by a send while not connected: try connecting again now
        self._redactor: RedactSecrets | None = None
        self._chat_locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()
        # The commands lately run, by (chat, message): an edit runs its message again, and the reply says what the
        # message did before (`Invocation.edited_from`). The newest RAN_REMEMBERED only; a restart forgets them.
        self._ran: OrderedDict[tuple[int, int], tuple[str, ...]] = OrderedDict()
        # (chat id, sender id) -> the sender's messages there being handled or waiting (SENDER_IN_HAND_MAX), and
        # those left unanswered in its current flood.
        # A message sent before it is the backlog of a stopped bot (BACKLOG_IN_HAND_MAX). Telegram dates a message to
        # the whole second, so the start is too: a command sent in the second the bot started, after it, is live.
        self._started = int(time.time())
        self._in_hand: dict[tuple[int, int | None], int] = {}
        self._flood_left: dict[tuple[int, int | None], int] = {}
        self._flood_commands: dict[tuple[int, int | None], int] = {}  # of those, the commands for us
        # (chat id, topic) -> the commands whose replies Telegram held back with a rate limit longer than a reply
        # waits (REPLY_WAIT_MAX), told in one note once the limit is over (`_tell_held_back`), and those notes.
        self._held_back: dict[tuple[int, int | None], list[str]] = {}
        self._held_notes: set[asyncio.Task[None]] = set()

    def __repr__(self) -> str:  # never the token
        return f"TelegramPlatform(api={self.config.api_base_url!r}, username={self.username!r})"

    @property
    def ready(self) -> bool:
        """Whether Telegram accepted the token, sends can go out, polls are answered and no other program polls
        with the token (the health check asks)."""
        return self._ready.is_set() and self._poll_failures < POLL_DOWN_AFTER and not self._second_poller()

    def _second_poller(self) -> bool:
        cutoff = time.monotonic() - CONFLICT_WINDOW
        self._conflicts = [at for at in self._conflicts if at > cutoff]
        return len(self._conflicts) >= CONFLICTS_DOWN

    @property
    def problem(self) -> str | None:
        """Why the platform is not ready, when it is more than "not connected" (what /healthz says)."""
        if self._token_revoked:
            return TOKEN_REVOKED
        if self._ready.is_set() and self._second_poller():
            return SECOND_POLLER
        if self._ready.is_set() and self._poll_failures >= POLL_DOWN_AFTER:
            return f"cannot reach Telegram: {self._poll_failures} polls failed in a row, the last: {self._poll_error}"
        return None

    # --- rendering ------------------------------------------------------------------------------------------

    def render_digest(self, digest: Digest) -> list[Payload]:
        return [html_payload(html) for html in render_telegram.render_digest(digest)]

    def render_reply(self, reply: Reply) -> list[Payload]:
        return [html_payload(html) for html in render_telegram.render_reply(reply)]

    # --- lifecycle ------------------------------------------------------------------------------------------

    async def start(self, commands: CommandService) -> None:
        """Log in, register the commands and start polling; a refused token raises TokenRefused (a ConfigError).

        If Telegram cannot be reached, connecting is retried in the background with growing pauses.
        """
        self._commands = commands
        self._commands_registered = False
        logging.getLogger("telegram.ext").addFilter(HANDLED_GIVE_UPS)  # PTB's network loop logs here; added once
        logging.getLogger("telegram.ext.Updater").addFilter(UNCONFIRMED_AT_STOP)  # (a child has its own filters)
        if self._redactor is None:
            self._redactor = redact.install(self._token)
        network = bypassed_by_a_network_only(self.config.api_base_url)
        if network is not None:  # python-telegram-bot's httpx reads no network in NO_PROXY: said, not hidden
            log.warning("NO_PROXY lists the network %s, which holds Telegram's api_base_url %s, but the Telegram "
                        "library does not read networks in NO_PROXY: its calls go through the proxy. To reach it "
                        "directly, add its address (%s) to NO_PROXY", network, self.config.api_base_url,
                        urlsplit(self.config.api_base_url).hostname)
        self.app = self._build_app()
        try:
            await self._connect()
        except InvalidToken:
            await self.stop()
            raise self._token_refused() from None
        except TelegramError as error:
            log.warning("cannot reach Telegram at %s (%s); retrying in the background", self._route(),
                        describe(error))
            self._background = asyncio.create_task(self._keep_trying(), name="telegram-connect")

    def _route(self) -> str:
        """Where the calls go, for a line saying they fail: the Bot API's address, and the proxy they go through when
        the environment names one (its host and port, and the variable; never its user or password). Said without
        it, a proxy that was down read as Telegram out of reach, and the operator looked at Telegram."""
        named = proxy_named(self.config.api_base_url)
        if named is None:
            return self.config.api_base_url
        variable, where = named
        return f"{self.config.api_base_url} through the proxy at {where} ({variable})"

    def _build_app(self) -> Application:
        application = (
            Application.builder()
            .token(self._token)
            .base_url(self.config.api_base_url)
            .concurrent_updates(True)  # chats do not wait for each other; one chat's commands keep their order
            .job_queue(None)  # the runtime's scheduler is the only clock
            .read_timeout(self.send_timeout)
            .write_timeout(self.send_timeout)
            .connect_timeout(self.connect_timeout)
            .pool_timeout(POOL_TIMEOUT)
            .get_updates_request(PollingRequest(self._poll_answered))
            .build()
        )
        application.add_handler(
            MessageHandler(filters.UpdateType.MESSAGES | filters.UpdateType.CHANNEL_POSTS, self._on_message)
        )
        application.add_handler(ChatMemberHandler(self._on_my_member, ChatMemberHandler.MY_CHAT_MEMBER))
        application.add_error_handler(self._on_error)
        return application

    def _token_refused(self) -> TokenRefused:
        """What an operator reads when getMe is refused (PTB's own message would quote the token)."""
        return TokenRefused(
            "[telegram]",
            f"Telegram refused the token in the environment variable {self.config.token_env}: copy it again "
            "from @BotFather (/mybots > API Token), or check that api_base_url = "
            f"{self.config.api_base_url!r} is a Bot API server",
        )

    async def _connect(self) -> None:
        """Each step once, so a retry after a network failure picks up where the last attempt stopped."""
        app = self.app
        assert app is not None and app.updater is not None
        await app.initialize()  # getMe: checks the token
        self.username = app.bot.username
        self._ready.set()
        if not self._commands_registered:
            await self._register_commands()
            self._commands_registered = True
        if not app.running:
            await app.start()
        if not app.updater.running:
            await app.updater.start_polling(
                poll_interval=self.config.poll_interval,
                timeout=int(self.poll_timeout),
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=False,  # commands sent while Communiqué was down are answered
                error_callback=self._polling_error,
            )
            self._watch_polling()
            self._polling_since = time.monotonic()
        log.info("listening on Telegram as @%s", self.username)

    def _watch_polling(self) -> None:
        """Hear when PTB's polling gives up for good, as it does on a token refused after it was accepted (revoked
        at @BotFather while the bot runs, the first step of rotating it): it logged a traceback and read no command
        again, while the bot looked connected to /healthz."""
        assert self.app is not None and self.app.updater is not None
        task = getattr(self.app.updater, "_Updater__polling_task", None)  # PTB gives no public handle on it
        if isinstance(task, asyncio.Task):
            task.add_done_callback(self._polling_ended)

    def _polling_ended(self, task: asyncio.Task[Any]) -> None:
        if task.cancelled() or not isinstance(task.exception(), InvalidToken):
            return
        self._token_revoked = True
        self._ready.clear()
        env = self.config.token_env
        log.error("Telegram refused the token in the environment variable %s while Communiqué ran (revoked at "
                  "@BotFather?): commands are no longer read, and messages wait in the database. Put the bot's "
                  "current token in %s and restart Communiqué", env, env)

    async def _keep_trying(self) -> None:
        """Connect again with growing pauses until Telegram answers (or refuses the token).

        A message waiting to go cuts a pause short (`_post` pokes), so the first try after an outage ends follows
        the delivery's own retries rather than a pause of up to five minutes here; tries stay at least
        `min(pause, POKED_GAP)` apart however many messages wait. The log says so at each doubling of the pause.
        """
        delay = self.retry_delay
        tries = 0
        while True:
            self._poke.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._poke.wait(), timeout=delay)
            try:
                await self._connect()
                if tries:
                    log.warning("Telegram answers again after %d failed tries to connect", tries)
                return
            except InvalidToken:
                log.error("%s; Telegram stays off until it is fixed", self._token_refused().problems[0])
                return
            except TelegramError as error:
                tries += 1
                if tries & (tries - 1) == 0:  # 1, 2, 4, 8...: a long outage is a few lines, not one a try
                    log.warning("still cannot reach Telegram at %s after %d tries (%s); trying again, at least "
                                "every %.0f s", self._route(), tries, describe(error), RETRY_DELAY_MAX)
                delay = min(delay * 2, RETRY_DELAY_MAX)
                await asyncio.sleep(min(delay, POKED_GAP))

    async def _register_commands(self) -> None:
        """The public commands for everyone; every command, /status included, in each operator's private chat.

        An operator who has not written to the bot yet has no private chat: their list is skipped, with a note.
        """
        assert self.app is not None
        bot = self.app.bot
        public = [BotCommand(s.name, s.description[:256]) for s in self._specs() if not s.operator_only]
        await bot.set_my_commands(public)
        for operator in self.config.operators:
            if not is_numeric_id(operator):
                log.warning("Telegram operator %r is not a numeric user id; it is ignored", operator)
                continue
            self._operators_unlisted.add(int(operator))
            await self._list_operator_commands(int(operator))

    async def _list_operator_commands(self, operator: int) -> None:
        """Every command in this operator's private chat; retried when they first write, if they had not yet."""
        assert self.app is not None
        everything = [BotCommand(s.name, s.description[:256]) for s in self._specs()]
        try:
            await self.app.bot.set_my_commands(everything, scope=BotCommandScopeChat(operator))
        except (BadRequest, Forbidden) as error:
            log.info("no command list for operator %s yet (%s): they have not written to the bot",
                     operator, describe(error))
            return
        self._operators_unlisted.discard(operator)

    def _specs(self) -> list[CommandSpec]:
        return list(self._commands.specs.values()) if self._commands is not None else []

    def _polling_error(self, error: TelegramError) -> None:
        """PTB's polling loop retries by itself; say what is wrong at the 1st, 2nd, 4th, 8th... failure in a row,
        without a traceback, and count them for /healthz (`PollingRequest` says when a poll is answered again).

        (A refused token ends PTB's loop instead: `_polling_ended` says so, since nothing works until a restart.)
        """
        if isinstance(error, Conflict):
            if not self._conflicts or time.monotonic() - self._conflicts[-1] > CONFLICT_WINDOW:
                self._conflicts_said = 0
            self._conflicts.append(time.monotonic())
            self._conflicts_said += 1
            said = self._conflicts_said
            if said & (said - 1) == 0:  # 1, 2, 4, 8...: two bots take turns for as long as both run
                log.error("another program is polling Telegram with this bot's token (%s): stop it; digests on "
                          "Telegram wait until it stops (a second Communiqué, with its own database, would send each "
                          "of them again), and commands meanwhile may go to it",
                          "refused once" if said == 1 else f"refused {said} times")
            return
        self._poll_failures += 1
        self._poll_error = describe(error)
        failures = self._poll_failures
        if failures & (failures - 1) == 0:  # 1, 2, 4, 8...: an outage of hours is a few lines, not one a retry
            log.warning("polling Telegram failed%s (%s); retrying, at least every 30 s",
                        f" {failures} times in a row" if failures > 1 else "", self._poll_error)

    def _poll_answered(self) -> None:
        if self._poll_failures:
            log.warning("Telegram answers polls again after %d failed tries", self._poll_failures)
        self._poll_failures = 0

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        log.error("handling a Telegram update failed: %s", describe(error) if error else "unknown error")

    async def stop(self) -> None:
        """Stop polling (confirming the updates already taken), finish the commands in hand, close connections."""
        self._ready.clear()
        for note in list(self._held_notes):  # a note waiting out a rate limit goes with the process
            note.cancel()
        await asyncio.gather(*self._held_notes, return_exceptions=True)
        # The log said such a chat "is told which once it is over": said now that it will not be, and of what.
        for (chat_id, _topic), held in self._held_back.items():
            log.warning("chat %s was not told that Telegram held back the replies to %s: the bot stopped before the "
                        "rate limit was over", chat_id, ", ".join(dict.fromkeys(held)))
        self._held_back.clear()
        if self._background is not None and not self._background.done():
            self._background.cancel()
            await asyncio.gather(self._background, return_exceptions=True)
        self._background = None
        app, self.app = self.app, None
        if app is not None:
            try:
                async with asyncio.timeout(STOP_TIMEOUT):
                    if app.updater is not None and app.updater.running:
                        with contextlib.suppress(InvalidToken):  # polling gave up on it: _polling_ended said so
                            await app.updater.stop()
                    if app.running:
                        await app.stop()
                    await app.shutdown()
            except (TimeoutError, TelegramError, RuntimeError) as error:
                log.warning("Telegram did not stop cleanly: %s", describe(error))
        if self._redactor is not None:
            redact.remove(self._redactor)
            self._redactor = None

    # --- commands -------------------------------------------------------------------------------------------

    async def _on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A chat's message, unless its sender already has SENDER_IN_HAND_MAX in hand there: a flood is left
        unanswered (answering it would feed it), said in the log once per flood, so that it holds up no other chat.
        A message sent before this start is the backlog of a stopped bot, not a flood: BACKLOG_IN_HAND_MAX.
        """
        message = update.effective_message
        if message is None:
            return
        if message.migrate_to_chat_id or message.migrate_from_chat_id:
            # A group upgraded to a supergroup: Telegram says so at once, in both chats.
            old, new = ((message.chat.id, message.migrate_to_chat_id) if message.migrate_to_chat_id
                        else (message.migrate_from_chat_id, message.chat.id))
            if self._commands is not None:
                self._commands.chat_moved(self.name, str(old), str(new))
            return
        chat_id = message.chat.id
        sender = (message.sender_chat.id if message.sender_chat is not None
                  else message.from_user.id if message.from_user is not None else None)
        key = (chat_id, sender)
        in_hand = self._in_hand.get(key, 0)
        sent = message.edit_date or message.date
        backlog = sent is not None and sent.timestamp() < self._started
        if in_hand >= (BACKLOG_IN_HAND_MAX if backlog else SENDER_IN_HAND_MAX):
            left = self._flood_left[key] = self._flood_left.get(key, 0) + 1
            if self._command_for_us(message):
                self._flood_commands[key] = self._flood_commands.get(key, 0) + 1
            if left == 1:
                log.warning("chat %s: sender %s sends messages faster than they are answered (%d in hand): the next "
                            "are left unanswered until it slows down (a flood)", chat_id, sender, in_hand)
            return
        self._in_hand[key] = in_hand + 1
        try:
            await self._handle_message(update, context)
        finally:
            self._in_hand[key] -= 1
            if not self._in_hand[key]:
                del self._in_hand[key]
                left = self._flood_left.pop(key, 0)
                commands = self._flood_commands.pop(key, 0)
                if left:
                    log.warning("chat %s: the flood of sender %s is over; %d of its messages were left unanswered",
                                chat_id, sender, left)
                if commands:
                    await self._tell_flood_left(message, commands)

    def _command_for_us(self, message: Message) -> bool:
        """Whether a message left in a flood was a command this bot answers: the note at the flood's end counts
        those, which the sender may want to send again, not the lines they wrote to the group meanwhile."""
        command = parse_command(message.text if message.text is not None else message.caption, self.username)
        return command is not None and self._commands is not None and should_answer(
            command, message.chat.type, command.name in self._commands.specs)

    async def _tell_flood_left(self, message: Message, left: int) -> None:
        """Once a flood is over, one note to its sender (under their last message, in its topic): how many of
        their commands went unanswered and to send again what they still need. Without it the commands they sent
        last looked lost. One note a flood cannot feed it; a note that cannot be sent is only logged."""
        were = "was" if left == 1 else "were"
        note = (f"You sent commands too fast for me to answer: {left} of your last ones {were} left unanswered. "
                "Send again any you still need, one at a time.")
        try:
            await self._answer(message, Reply(text=note))
        except Exception as error:  # noqa: BLE001 - a courtesy note never disturbs the commands' handling
            log.info("chat %s: the note on unanswered commands was not sent: %s", message.chat.id,
                     type(error).__name__)

    async def _handle_message(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """A message or channel post, sent or edited: run it if it is a command for us (an edit is how a Telegram
        user corrects a mistyped one); hint at /help in a private chat, once, not at each edit.

        A channel post Telegram copies into the channel's discussion group (`is_automatic_forward`) is not read
        again there: the channel's post was answered in the channel, and its copy was no group member's command.
        A photo's or a file's caption is read as a text is: Telegram marks a command there too (caption_entities)."""
        message = update.effective_message
        if message is None or self._commands is None or message.is_automatic_forward:
            return
        words = message.text if message.text is not None else message.caption
        chat = message.chat
        edited = update.edited_message is not None or update.edited_channel_post is not None
        if words is None:
            # A sticker, or a photo with no caption, in a private chat: a reader's first "hello" is often one.
            # Silence left them unsure the bot works; they get the hint free text gets.
            if chat.type == ChatType.PRIVATE and not edited and message.effective_attachment is not None:
                await self._answer(message, Reply(text=PRIVATE_HINT))
            return
        kind = chat_kind(chat.type)
        if kind is None:
            return
        command = parse_command(words, self.username)
        if command is None:
            if chat.type == ChatType.PRIVATE and not edited and message.forward_origin is None:
                # A "yes" to the bot's "Did you mean /latest?" runs it: the hint read as a question unheard.
                lock = self._chat_locks.setdefault(chat.id, asyncio.Lock())
                async with lock:
                    answered = await self._commands.answer_words(
                        self._invocation(message, CommandText(name="", args=[], addressed=False)), words)
                    if answered is not None:
                        await self._answer(message, answered)
                        return
            if chat.type == ChatType.PRIVATE and not edited:
                # "latest 3", typed as said: the generic hint left the reader to find the one thing missing.
                public = {name: spec for name, spec in self._commands.specs.items() if not spec.operator_only}
                unslashed = unslashed_command(words, public, [name for name, spec in public.items() if not spec.params])
                hint = (PRIVATE_HINT if unslashed is None else UNSLASHED_HINT.format(
                    command=printable(unslashed, 80), more="" if unslashed == "/help" else " (/help lists them all)"))
                elsewhere = for_another_bot(words, self.username, public)
                if elsewhere is not None:  # a reader who sent a command was told "Communiqué answers commands"
                    hint = ANOTHER_BOTS_HINT.format(bot=elsewhere[0], command=printable(elsewhere[1], 80))
                elif unslashed is None and self._replies_to_us(message):
                    # "What does this mean?" under a story: "Communiqué answers commands" said nothing of either.
                    hint = REPLY_HINT
                await self._answer(message, Reply(text=hint))
            return
        if not should_answer(command, chat.type, command.name in self._commands.specs):
            return
        if message.forward_origin is not None:
            # Someone else's words, forwarded to show them (Telegram keeps a command in them marked as one): run,
            # they acted as the forwarder's own, and an administrator sharing a member's "/unsubscribe" from
            # another chat ended this group's digests. A private chat is told how to run it; a group hears nothing.
            if chat.type == ChatType.PRIVATE and not edited:
                typed = printable(" ".join([f"/{command.name}", *command.args]), 80)
                await self._answer(message, Reply(text=FORWARDED_NOTE.format(command=typed)))
            return
        if chat.type == ChatType.PRIVATE and chat.id in self._operators_unlisted:
            with contextlib.suppress(TelegramError):  # a list is a convenience: never hold up the command
                await self._list_operator_commands(chat.id)
        key = (chat.id, message.message_id)
        invocation = replace(self._invocation(message, command),
                             edited_from=self._ran.get(key) if edited else None)
        lock = self._chat_locks.setdefault(chat.id, asyncio.Lock())
        async with lock:
            reply = await self._commands.run(invocation)
            if not reply.error:  # what a refused or mistyped command did is nothing
                self._ran[key] = (command.name, *command.args)
                self._ran.move_to_end(key)
                while len(self._ran) > RAN_REMEMBERED:
                    self._ran.popitem(last=False)
            await self._answer(message, reply, edited=edited)

    async def _on_my_member(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The bot's own standing in a chat changed. Allowed to post again (a channel made it an administrator that
        posts, a group unmuted it or added it back), a channel or group whose digests Telegram refused until they
        stopped gets them back; then a group that added it is greeted (`_on_added`), as the subscribed chat it is."""
        change = update.my_chat_member
        if change is None or self._commands is None:
            return
        chat = change.chat
        # A person who blocked the bot and unblocks it has not asked for digests again: /subscribe says so.
        back = False
        if (chat.type != ChatType.PRIVATE and may_post(change.new_chat_member, chat.type)
                and not may_post(change.old_chat_member, chat.type)):
            aliases = (f"@{chat.username}",) if chat.username else ()
            back = self._commands.may_post_again(self.name, str(chat.id), aliases,
                                                 chat_title(chat.type, chat.title, chat.first_name, chat.last_name))
        await self._on_added(update, back=back)

    async def _on_added(self, update: Update, *, back: bool = False) -> None:
        """Added to a group (or added back): say what Communiqué does and how to subscribe, as /start does (with
        why its digests stopped, for a group that had them). Members who added it otherwise waited for digests
        that only an administrator's /subscribe starts. Channels get nothing: every subscriber would read it.
        A group whose digests came back with it (`back`) is told when they stopped and what the next one brings."""
        change = update.my_chat_member
        if change is None or self._commands is None or change.chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
            return
        if change.old_chat_member.status not in OUTSIDE or change.new_chat_member.status in OUTSIDE:
            return
        chat = change.chat
        start = Invocation(platform=self.name, chat_id=str(chat.id), chat_kind="group",
                           user_id=str(change.from_user.id) if change.from_user else None, command="start", args=[],
                           chat_title=chat.title)
        reply = await self._commands.run(start)
        note = self._commands.back_note(start) if back else None
        if note:
            reply = replace(reply, text=f"{reply.text}\n\n{note}")
        for payload in self.render_reply(reply):
            if not isinstance(await self._deliver_reply(str(chat.id), payload, None), Sent):
                return

    def _replies_to_us(self, message: Message) -> bool:
        """Whether the message answers one of the bot's own (Telegram names it with the reply)."""
        earlier = message.reply_to_message
        author = earlier.from_user if earlier is not None else None
        return author is not None and author.is_bot and self.username is not None \
            and (author.username or "").lower() == self.username.lower()

    def _invocation(self, message: Message, command: CommandText) -> Invocation:
        chat = message.chat
        kind = chat_kind(chat.type)
        assert kind is not None
        # A message sent "as" a chat (a channel post, an anonymous group admin) has no person behind it.
        sender_chat_id = message.sender_chat.id if message.sender_chat is not None else None
        user = message.from_user if sender_chat_id is None else None
        # A forum's topic is a chat of its own (what is subscribed there is sent there); its admins are the group's.
        topic = message.message_thread_id if message.is_topic_message else None
        return Invocation(
            platform=self.name,
            chat_id=topic_chat_id(chat.id, topic),
            chat_kind=kind,
            user_id=str(user.id) if user is not None else None,
            command=command.name,
            args=command.args,
            chat_title=chat_title(chat.type, chat.title, chat.first_name, chat.last_name),
            is_chat_admin=self._admin_check(chat.id, user.id if user else None, sender_chat_id),
            resolve_channel=self._resolve_channel,
            chat_aliases=(f"@{chat.username}",) if chat.username and topic is None else (),
        )

    def _admin_check(self, chat_id: int, user_id: int | None, sender_chat_id: int | None
                     ) -> Callable[[], Awaitable[bool]]:
        """Asked only by commands that change the chat: is the sender an administrator here (getChatMember)?"""

        async def is_admin() -> bool:
            if sender_chat_id is not None:
                return sender_chat_id == chat_id  # an anonymous administrator posts as the group itself
            if user_id is None or self.app is None:
                return False
            member = await self.app.bot.get_chat_member(chat_id, user_id)
            return member.status in ADMIN_STATUSES

        return is_admin

    async def chat_alias(self, chat_id: str) -> ChatAlias:
        """A channel's "@name" (getChat), which a [[subscriptions]] block may use for the channel kept under its
        number (or a public supergroup's); one without a public name has none."""
        if self.app is None:
            return ChatAlias(unknown="Telegram is not connected yet")
        if not (chat_id.startswith("-100") and is_numeric_id(chat_id)):
            return ChatAlias()  # "@name" itself, a forum's topic, a group or a person: no other name a block uses
        try:
            chat = await self.app.bot.get_chat(chat_target(chat_id))
        except (BadRequest, Forbidden) as exc:  # Telegram's answer, not a network's: no such chat for this bot
            return ChatAlias(unknown=describe(exc), missing="Telegram does not know this chat, or the bot is not in it")
        except TelegramError as exc:
            return ChatAlias(unknown=describe(exc))
        return ChatAlias(f"@{chat.username}" if chat.username else None)

    async def _resolve_channel(self, name: str) -> ChannelRef | None:
        """`@name` or `-100...` as a channel, and whether Communiqué may post there (an admin that can post)."""
        if self.app is None:
            return None
        bot = self.app.bot
        try:
            chat = await bot.get_chat(chat_target(name))
        except (BadRequest, Forbidden):
            return None
        if chat.type != ChatType.CHANNEL:
            return None
        # A [[subscriptions]] block may name the channel "@name": its subscription is then kept under that name.
        aliases = (f"@{chat.username}",) if chat.username else ()
        try:
            member = await bot.get_chat_member(chat.id, bot.id)
        except (BadRequest, Forbidden):
            return ChannelRef(str(chat.id), chat.title, bot_is_admin=False, aliases=aliases)
        can_post = member.status == ChatMemberStatus.OWNER or (
            member.status == ChatMemberStatus.ADMINISTRATOR and getattr(member, "can_post_messages", True) is not False
        )
        return ChannelRef(str(chat.id), chat.title, bot_is_admin=can_post, aliases=aliases)

    async def _answer(self, message: Message, reply: Reply, *, edited: bool = False) -> None:
        """Send a command's reply into its chat; in groups, and to an edited command (which stands higher up than
        the reply), the first message answers the command itself. A command in a forum topic is answered in that
        topic, every part of it: a message that names no topic goes to the forum's General topic."""
        grouped = message.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
        reply_to = message.message_id if grouped or edited else None
        topic = message.message_thread_id if message.is_topic_message else None
        chat_id = str(message.chat.id)
        for payload in self.render_reply(reply):
            outcome = await self._deliver_reply(chat_id, payload, reply_to, topic)
            if isinstance(outcome, RetryAfter):
                self._held_back_reply(message, topic, outcome.seconds)
                return
            if not isinstance(outcome, Sent):
                log.info("reply to a command in %s not delivered: %s", chat_id, outcome)
                return
            reply_to = None

    def _held_back_reply(self, message: Message, topic: int | None, seconds: float) -> None:
        """A reply Telegram would take only after a rate limit longer than a reply waits (a busy group past its
        20 messages a minute): dropped, as a late answer would stand far from its command, but kept in mind by its
        command, for one note once the limit is over. The members saw their commands unanswered, with nothing said
        then or after, and the log said it as any lost reply."""
        key = (message.chat.id, topic)
        words = (message.text or message.caption or "").strip().splitlines()
        held = self._held_back.get(key)
        if held is None:
            held = self._held_back[key] = []
            log.warning("chat %s: Telegram held back the bot's messages there for %s (a rate limit: too many at "
                        "once); replies to commands are dropped meanwhile, and the chat is told which once it is "
                        "over", message.chat.id, duration_text(seconds))
            note = asyncio.create_task(self._tell_held_back(message, key, seconds),
                                       name=f"telegram-held-back-{message.chat.id}")
            self._held_notes.add(note)
            note.add_done_callback(self._held_notes.discard)
        held.append(printable(words[0], 40) if words else "a message")

    async def _tell_held_back(self, message: Message, key: tuple[int, int | None], seconds: float) -> None:
        """Once Telegram's limit is over: one note in the chat (its topic, in a forum), naming the commands whose
        replies were dropped meanwhile and asking for those still needed; not a reply to one of them, as it answers
        them all. A note that cannot go either is only logged."""
        await asyncio.sleep(seconds + 1.0)
        held = list(dict.fromkeys(self._held_back.pop(key, [])))
        if not held:
            return
        named = ", ".join(held[:HELD_NAMED_MAX]) + (
            f" and {len(held) - HELD_NAMED_MAX} more" if len(held) > HELD_NAMED_MAX else "")
        note = (f"Telegram held back my messages to this chat for {duration_text(seconds)} (too many at once), so "
                f"my {'answer' if len(held) == 1 else 'answers'} to {named} did not come. Send again any you still "
                "need.")
        for payload in self.render_reply(Reply(text=note)):
            outcome = await self._post(str(message.chat.id), payload, None, key[1])
            if not isinstance(outcome, Sent):
                log.info("chat %s: the note on replies held back was not sent: %s", message.chat.id, outcome)

    async def _deliver_reply(self, chat_id: str, payload: Payload, reply_to: int | None,
                             topic: int | None = None) -> Outcome:
        """A reply is wanted now, not later: short rate limits are waited out here, a moved group followed."""
        outcome: Outcome = Transient("not sent")
        for _ in range(REPLY_ATTEMPTS):
            outcome = await self._post(chat_id, payload, reply_to, topic)
            match outcome:
                case RetryAfter(seconds=seconds) if seconds <= REPLY_WAIT_MAX:
                    await asyncio.sleep(seconds)
                case Transient():
                    await asyncio.sleep(1.0)
                case Moved(new_chat_id=new_chat_id):
                    chat_id, reply_to, topic = new_chat_id, None, None
                case _:
                    return outcome
        return outcome

    # --- sending --------------------------------------------------------------------------------------------

    async def send(self, chat_id: str, payload: Payload, key: str = "") -> Outcome:
        """Post one stored message to a chat, or a forum's topic, and say what happened (never raises for
        Telegram's errors). `key` is unused: the Bot API has no way to tell a repeated send."""
        chat, topic = split_topic(chat_id)
        if self._second_poller():
            # Another program polled with this token lately, more than once: maybe a second Communiqué sending the
            # same digests from its own database. Held without a call to Telegram, so the chat's pace is untouched.
            # One refusal alone holds nothing: a restart's old poll, or a fault of the server, gives one.
            return Transient(SECOND_POLLER)
        return await self._post(chat, payload, None, topic)

    @property
    def settling(self) -> float:
        """Seconds left before the first send after polling started (START_SETTLE): the runtime starts its sender
        after them, so that a bot started beside another on this token hears of it before a digest goes."""
        if self._polling_since is None:
            return 0.0
        return max(0.0, self._polling_since + self.settle - time.monotonic())

    async def _post(self, chat_id: str, payload: Payload, reply_to: int | None, topic: int | None = None
                    ) -> Outcome:
        if self._token_revoked:
            return Transient(f"{TOKEN_REVOKED}: put the current token in {self.config.token_env} and restart")
        if self.app is None or not self._ready.is_set():
            self._poke.set()  # connecting again is worth a try now: a message waits
            return Transient("not connected to Telegram yet")
        text = payload.get("text")
        if not isinstance(text, str) or not text.strip():
            return Rejected("the stored message has no text")
        parse_mode = payload.get("parse_mode")
        try:
            message = await self._send_message(chat_id, text, parse_mode, reply_to, topic)
        except TimedOut as error:
            return self._timed_out(error, chat_id)
        except TelegramError as error:
            if not (parse_mode and is_parse_error(error)):
                return outcome_for_error(error)
            log.warning("Telegram refused the markup of a message to %s (%s); sending it as plain text",
                        chat_id, describe(error))
            try:
                message = await self._send_message(chat_id, plain_text(text), None, reply_to, topic)
            except TimedOut as again:  # said as the first send's is: Telegram may have taken it
                return self._timed_out(again, chat_id)
            except TelegramError as again:
                return outcome_for_error(again)
            except Exception as again:  # noqa: BLE001 - whatever it is, delivery decides what to do next
                return outcome_for_error(again)
        except Exception as error:  # noqa: BLE001 - PTB wraps transport errors, but a send must never raise
            return outcome_for_error(error)
        return Sent(message_id=str(message.message_id))

    def _timed_out(self, error: TimedOut, chat_id: str) -> Outcome:
        """A send that timed out, said as what it can mean: only one whose request went out whole may have been
        taken by Telegram and so be seen twice once sent again (one that never reached it was said so too)."""
        unsent = never_reached(error)
        if unsent is not None:
            log.warning("A message for chat %s did not reach Telegram (%s in time): it is sent again later, and "
                        "the chat sees it once", chat_id, unsent)
            return Transient(f"not sent: {unsent} in time")
        log.warning("Telegram gave no answer within %g s to a message for chat %s: it is sent again later; had "
                    "Telegram taken it, the chat sees it twice", self.send_timeout, chat_id)
        return Transient(f"Telegram did not answer in time (no answer within {self.send_timeout:g} s)")

    async def _send_message(self, chat_id: str, text: str, parse_mode: Any, reply_to: int | None,
                            topic: int | None = None) -> Message:
        assert self.app is not None
        previews = None if self.config.link_previews else LinkPreviewOptions(is_disabled=True)
        reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to is not None else None
        return await self.app.bot.send_message(
            chat_target(chat_id),
            text,
            parse_mode=parse_mode,
            link_preview_options=previews,
            reply_parameters=reply,
            message_thread_id=topic,
        )
