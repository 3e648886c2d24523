"""Discord's answers to a send, as the platform-neutral outcomes delivery acts on.

Why each mapping:
- a 403 with no Discord code (Cloudflare's HTML page: the bot's address blocked, every channel alike) is
  `Transient`: counted as each channel's refusal, it ended every subscription at once;
- 403 (50001 Missing Access, 50013 Missing Permissions, or any other refusal) is `Gone`, not permanent: an admin
  can give the bot its access back, so delivery counts refusals and stops after a few; 50007 (a user's direct
  messages closed) says what opens them, for the user who reads why their digests stopped;
- 404 10003 Unknown Channel is `Gone(permanent=True)`: a deleted channel never comes back;
- 429 is `RetryAfter`: discord.py already waits out short limits itself, and raises `RateLimited` for waits
  beyond the client's `max_ratelimit_timeout` (or `HTTPException` 429 for Cloudflare's ban page or after five
  tries), which must pause the channel rather than block the sender or hammer Discord with invalid requests;
- 5xx, network errors and timeouts are `Transient` (retried with backoff);
- 400 50083 Thread is archived is `Gone`, not permanent: a locked or archived thread refuses every message until
  a moderator reopens it, so it is counted like a refusal (three in a row stop the thread's digests);
- any other 4xx (400 Invalid Form Body, 413 too large) is `Rejected`: sending the same message again cannot help.
A 404 other than Unknown Channel (e.g. a wrong API address) is `Transient`, so a misconfiguration never
deactivates every subscription at once.
"""

from __future__ import annotations

import asyncio

import aiohttp
import discord

from bot.core.outcomes import Gone, Outcome, Rejected, RetryAfter, Transient
from bot.redact import redact

UNKNOWN_CHANNEL = 10003
# A 400 about the destination, not the message: a locked or archived thread takes nothing until it is reopened.
THREAD_ARCHIVED = 50083
# A user's direct messages closed to the bot: the user reads why the digests stopped there, with what opens them.
DM_CLOSED = 50007
DM_CLOSED_HINT = ("the user's direct messages are closed to the bot; turning on Direct Messages in the server's "
                  "Privacy Settings, or unblocking the bot, opens them")
DEFAULT_RETRY_AFTER = 60.0  # Cloudflare's ban page names no wait; Discord's own advice is to back off a minute
REASON_MAX = 200


def outcome_for_error(error: BaseException) -> Outcome:
    """The outcome a failed send means (never raises; unknown errors are transient)."""
    if isinstance(error, discord.RateLimited):
        return RetryAfter(float(error.retry_after))
    if isinstance(error, discord.Forbidden):
        if not error.code:  # Discord's own refusals all carry a JSON code: this is a page from the network
            return Transient(describe(error))
        return Gone(describe(error))
    if isinstance(error, discord.NotFound):
        if error.code == UNKNOWN_CHANNEL:
            return Gone(describe(error), permanent=True)
        return Transient(describe(error))
    if isinstance(error, discord.DiscordServerError):
        return Transient(describe(error))
    if isinstance(error, discord.HTTPException):
        if error.status == 429:
            return RetryAfter(retry_after_header(error))
        if error.status >= 500:
            return Transient(describe(error))
        if error.code == THREAD_ARCHIVED:
            return Gone(describe(error))
        return Rejected(describe(error))
    if isinstance(error, (aiohttp.ClientError, OSError, asyncio.TimeoutError)):
        detail = redact(str(error))[:REASON_MAX]
        return Transient(f"cannot reach Discord: {type(error).__name__}: {detail}".rstrip(": "))
    return Transient(f"{type(error).__name__}: {redact(str(error))[:REASON_MAX]}")


def describe(error: discord.HTTPException) -> str:
    """A short, token-free reason as an operator reads it in /status: "Discord 403 Missing Access (50001)"."""
    text = (error.text or "").strip().splitlines()[0] if (error.text or "").strip() else ""
    page = text.startswith("<")  # an HTML error page: its status says enough
    reason = f"Discord {error.status}"
    if page and error.status == 403:  # Cloudflare's block of the bot's address, not a channel's refusal
        reason += (", a page from the network in front of Discord, not Discord's answer (the bot's address "
                   "blocked for a while?)")
    elif text and not page:
        reason += f" {redact(text)[:REASON_MAX]}"
    if error.code:
        reason += f" ({error.code})"
    if error.code == DM_CLOSED:
        reason += f": {DM_CLOSED_HINT}"
    return reason


def retry_after_header(error: discord.HTTPException) -> float:
    """Seconds from a 429's Retry-After header (Cloudflare sends one), or a minute when absent or unreadable."""
    value = error.response.headers.get("Retry-After") if error.response is not None else None
    try:
        seconds = float(value) if value is not None else DEFAULT_RETRY_AFTER
    except ValueError:
        return DEFAULT_RETRY_AFTER
    return seconds if seconds > 0 else DEFAULT_RETRY_AFTER
