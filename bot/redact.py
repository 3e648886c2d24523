"""Keep secrets (bot tokens) out of everything a person can read: log records, stored errors, status output.

One function, `redact(text)`, knows every form in which a configured token can come back in a platform's or a
library's text: the token itself, its secret part alone (after a Telegram token's colon, after a Discord token's
last dot), and each of these URL-encoded (`%3A` for the colon, once or twice), in any case. Anything
else shaped like a Telegram or Discord token is blanked too, and so is the password of any address written
`scheme://user:password@host` (a source behind HTTP authentication: its address comes back in what a fetch says,
a redirect loop, the feeds a page names, a feed that moved), the user name kept so the address stays recognisable,
and the value of a query parameter named as a secret (`?token=`, `&key=`, `api_key`, `auth`, `signature`...: a
private feed's key, as feed services and paid newsletters give them). The tokens are registered once per process
(`register`), by the CLI when it reads the config and by each platform adapter with its own token, so every
caller (the log filter, the sender before it stores an error, `status` before it prints one) redacts alike.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from urllib.parse import quote

REDACTED = "[redacted]"
MIN_FORM = 8  # shorter pieces (a bot's numeric id, say) are not secret and would blank ordinary text
# A token whatever its origin (another bot's, an echo with no configured token known, one pasted into the config):
# Telegram's <bot id>:<secret>, and Discord's three dotted base64 parts.
TOKEN_LIKE = re.compile(r"\d{3,}:[A-Za-z0-9_-]{10,}|[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{20,}")

# The password of an address's user info: up to the last "@" before the path, as urlsplit reads it (a password
# holding an unencoded "@" is cut there too). The scheme and the user name stay.
URL_PASSWORD = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^\s/?#@:]*):[^\s/?#]*@", re.IGNORECASE)

# A query parameter whose name says it is a secret: a word of secrets alone or after others joined by "_", "-" or
# "." (`key`, `api_key`, `private_token`, `oauth_consumer_key`, `X-Amz-Signature`), or a name ending in one that
# no common word ends in (`apiToken`, `clientSecret`). `monkey` or `bypass` is no secret, nor `token_type`. The
# value runs to the next "&" (or "&amp;", in a page's HTML), "#", space or quotation mark.
QUERY_SECRET = re.compile(
    r"((?:[?&]|&amp;)(?:[a-z0-9]+[_.-])*(?:[a-z0-9]*(?:token|secret|password|passwd)|apikey|key|auth|pass|pwd|"
    r"signature|sig)=)[^&#\s\"'<>]+",
    re.IGNORECASE)

_lock = threading.Lock()
_secrets: set[str] = set()
_pattern: re.Pattern[str] | None = None


def secret_forms(secret: str) -> set[str]:
    """Every form of `secret` that must never be shown: itself, its secret part, each URL-encoded."""
    secret = secret.strip()
    plain = {secret}
    if ":" in secret:
        plain.add(secret.split(":", 1)[1])  # a Telegram token: <bot id>:<secret>
    if secret.count(".") >= 2:
        plain.add(secret.rsplit(".", 1)[1])  # a Discord token: <user id>.<time>.<hmac>
    forms: set[str] = set()
    for text in plain:
        once = quote(text, safe="")
        forms.update({text, once, quote(once, safe="")})
    return {form for form in forms if len(form) >= MIN_FORM}


def register(secrets: Iterable[str | None]) -> None:
    """Add secrets (e.g. the tokens the config names) to those `redact` removes, for the rest of the process."""
    global _pattern
    with _lock:
        before = len(_secrets)
        for secret in secrets:
            if secret and secret.strip():
                _secrets.update(secret_forms(secret))
        if len(_secrets) != before or _pattern is None:
            ordered = sorted(_secrets, key=len, reverse=True)  # longest first: a token before its secret part
            alternatives = [*(re.escape(s) for s in ordered), TOKEN_LIKE.pattern]
            # Case does not matter: libraries change it (python-telegram-bot capitalizes an error's text, which
            # lower-cases the rest of it), and `%3a` is `%3A`.
            _pattern = re.compile("|".join(alternatives), re.IGNORECASE)


def redact(text: str) -> str:
    """`text` with every registered secret, in every form, anything shaped like a token, and the password and
    secret query values of any address, replaced."""
    pattern = _pattern
    if "://" in text:
        text = URL_PASSWORD.sub(rf"\1:{REDACTED}@", text)
    if "=" in text:
        text = QUERY_SECRET.sub(rf"\1{REDACTED}", text)
    if pattern is None:
        return TOKEN_LIKE.sub(REDACTED, text)
    return pattern.sub(REDACTED, text)


class RedactSecrets(logging.Filter):
    """A log filter that passes a record's message, arguments, traceback and stack through `redact`: an
    exception's text often carries a request URL, and a Telegram URL holds the token."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        super().__init__()
        register(secrets)

    def redact(self, text: str) -> str:
        return redact(text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler's own error reporting
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
