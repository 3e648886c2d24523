"""Keep the bot token out of every log line.

The Bot API puts the token in the URL path (`/bot<TOKEN>/sendMessage`), and python-telegram-bot and httpx log
URLs (PTB at debug level when it starts, httpx for every request at info level). Whatever logging the host
configured, these loggers get a filter that replaces the token before any handler sees the record.
"""

from __future__ import annotations

import logging

from bot.redact import RedactSecrets

# Loggers that may print a Bot API URL. A filter on a logger applies to records made by that very logger, so
# every PTB logger is listed (they are created when telegram.ext is imported) besides httpx and httpcore.
_ROOTS = ("telegram", "httpx", "httpcore")
_KNOWN = ("httpx", "httpcore", "httpcore.connection", "httpcore.http11", "httpcore.http2", "httpcore.proxy",
          "telegram", "telegram.Bot", "telegram.ext", "telegram.ext.ExtBot", "telegram.ext.Application",
          "telegram.ext.Updater", "telegram.request", "telegram.request.BaseRequest",
          "telegram.request.HTTPXRequest")


def logger_names() -> list[str]:
    """The loggers to guard: the known ones and any other PTB, httpx or httpcore logger that exists now."""
    existing = [name for name in logging.root.manager.loggerDict if name.split(".", 1)[0] in _ROOTS]
    return sorted(set(_KNOWN) | set(existing))


def install(token: str) -> RedactSecrets:
    """Guards the loggers against this token; `remove` undoes it."""
    token_filter = RedactSecrets([token])
    for name in logger_names():
        logging.getLogger(name).addFilter(token_filter)
    return token_filter


def remove(token_filter: RedactSecrets) -> None:
    for name in logger_names():
        logging.getLogger(name).removeFilter(token_filter)
