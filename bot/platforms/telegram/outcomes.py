"""Telegram's answers to a send, as the platform-neutral outcomes delivery acts on.

Why each mapping:
- 429 (`RetryAfter`) pauses the chat for the seconds Telegram names; it is not a failure;
- a group upgraded to a supergroup (`ChatMigrated`) is `Moved`: the subscription follows the new id;
- 403 (`Forbidden`: blocked, kicked, not a member) is `Gone`, counted, because Telegram has been seen answering
  403 transiently and a kicked bot can be added back; a deleted account or chat is `Gone(permanent=True)`;
- 400 naming the destination ("chat not found", missing rights in a channel) is `Gone` too: resending the same
  message elsewhere is impossible, and a typo in a channel id must not be retried forever;
- any other 400 is `Rejected`: the message itself is wrong and resending it unchanged cannot help. (An HTML
  parse error never gets here: the platform resends it as plain text first, see `fallback.py`);
- an answer that is not the Bot API's JSON (a proxy's HTML page, whatever its status: a 403 page read as each
  chat's Forbidden ended every chat at once) is `Transient`, as are
- timeouts, 5xx, network errors, and a refused token or a second poller: none of them is the
  chat's fault, so no chat is deactivated because the bot's own side is broken.
"""

from __future__ import annotations

import warnings
from datetime import timedelta

import httpx
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    TelegramError,
    TimedOut,
)
from telegram.error import (
    RetryAfter as TelegramRetryAfter,
)
from telegram.warnings import PTBDeprecationWarning

from bot.core.outcomes import Gone, Moved, Outcome, Rejected, RetryAfter, Transient
from bot.redact import redact

# PTB 22 warns whenever a RetryAfter is made (its own constructor reads the attribute whose type will change);
# `retry_after_seconds` reads either type, so the warning says nothing an operator can act on.
warnings.filterwarnings("ignore", message=r".*`retry_after` will be of type", category=PTBDeprecationWarning)

REASON_MAX = 200

# Lower-case fragments of Telegram's descriptions. The destination no longer exists and never will again:
PERMANENTLY_GONE = ("user is deactivated", "chat was deleted", "group chat was deactivated",
                    "can't send messages to bots", "bots can't send messages to bots", "chat_id is empty",
                    "message thread not found")  # a forum's topic deleted
# A 400 that is about the destination rather than the message:
DESTINATION_PROBLEMS = ("chat not found", "need administrator rights", "not enough rights", "have no rights",
                        "chat_write_forbidden", "chat_restricted", "peer_id_invalid", "chat is deactivated",
                        "topic_closed",
                        *PERMANENTLY_GONE)
PARSE_ERROR = "can't parse entities"
# What python-telegram-bot appends to an error whose body is not the Bot API's JSON (a proxy's HTML error page),
# followed by the body itself: markup an operator had to read through, cut off at REASON_MAX.
UNREADABLE_ANSWER = ". Parsing the server response "


def describe(error: BaseException) -> str:
    """A short, token-free reason as an operator reads it in /status: "Telegram: Forbidden: bot was blocked...".

    PTB quotes the token in some messages (a refused token at start), and a peer may echo it in other forms:
    every form of the configured token, and anything shaped like one, is blanked.
    """
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if UNREADABLE_ANSWER in text:  # python-telegram-bot quotes the page that came instead of the Bot API's answer
        status = text.split(UNREADABLE_ANSWER)[0]
        page = "an HTML page" if "<" in text.split(UNREADABLE_ANSWER)[1][:200] else "something"
        text = f"{status}, {page} instead of the Bot API's answer (from a proxy or a server in front of Telegram?)"
    return f"Telegram: {redact(text)[:REASON_MAX]}"


def retry_after_seconds(error: TelegramRetryAfter) -> float:
    """The wait Telegram asked for, in seconds, whichever type this PTB version returns (int or timedelta)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB 22 warns that the attribute's type will change
        value = error.retry_after
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
    return max(0.0, seconds)


def is_parse_error(error: BaseException) -> bool:
    """Whether Telegram refused the message's HTML markup (a renderer bug: the text itself is still good)."""
    return isinstance(error, BadRequest) and PARSE_ERROR in str(error).lower()


def _mentions(error: BaseException, fragments: tuple[str, ...]) -> bool:
    text = str(error).lower()
    return any(fragment in text for fragment in fragments)


def never_reached(error: TimedOut) -> str | None:
    """How a send that timed out never reached Telegram, or None when it went out whole and only its answer did
    not come (then Telegram may have taken it, and its retry shows the chat that message twice).

    python-telegram-bot raises `TimedOut` for every httpx timeout alike, the cause kept as `__cause__`: waiting for a
    free connection (the request was never sent), for a connection to be made, or for the request to be written
    (Telegram never had all of it, so it took nothing). A `TimedOut` without such a cause counts as maybe taken.
    """
    cause = error.__cause__
    if isinstance(cause, httpx.PoolTimeout):
        return "no connection to Telegram was free"
    if isinstance(cause, httpx.ConnectTimeout):
        return "no connection to Telegram could be made"
    if isinstance(cause, httpx.WriteTimeout):
        return "the message could not be written to Telegram"
    return None


def outcome_for_error(error: BaseException) -> Outcome:
    """The outcome a failed send means (never raises; an unknown error is transient)."""
    if isinstance(error, TelegramRetryAfter):
        return RetryAfter(retry_after_seconds(error))
    if isinstance(error, ChatMigrated):
        return Moved(str(error.new_chat_id))
    if UNREADABLE_ANSWER in str(error):  # a proxy's page, not Telegram's word on this chat or this message
        return Transient(describe(error))
    if isinstance(error, Forbidden):
        return Gone(describe(error), permanent=_mentions(error, PERMANENTLY_GONE))
    if isinstance(error, BadRequest):  # before NetworkError, of which PTB makes it a subclass
        if _mentions(error, DESTINATION_PROBLEMS):
            return Gone(describe(error), permanent=_mentions(error, PERMANENTLY_GONE))
        return Rejected(describe(error))
    if isinstance(error, TimedOut):
        return Transient(f"Telegram did not answer in time ({describe(error)})")
    if isinstance(error, InvalidToken):
        return Transient("Telegram refused the bot's token (revoked?): check the token and restart")
    if isinstance(error, Conflict):
        return Transient(describe(error))
    if isinstance(error, (NetworkError, TelegramError, OSError, TimeoutError)):
        return Transient(describe(error))
    return Transient(f"{type(error).__name__}: {redact(str(error))[:REASON_MAX]}")
