"""Keep secrets (bot tokens) out of log records, whatever library made them.

One filter serves both places that need it: the CLI's log handler (every record the process writes) and the
Telegram adapter's guard on the loggers that print Bot API URLs (whatever logging a host application set up).
"""

from __future__ import annotations

import logging

REDACTED = "[redacted]"


class RedactSecrets(logging.Filter):
    """Replaces each secret, and the secret half of a Telegram token (should a URL be cut), in a record's
    message, arguments, traceback and stack: an exception's text often carries a request URL, and a Telegram URL
    holds the token."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        parts: list[str] = []
        for secret in secrets:
            if secret:
                parts.append(secret)
                if ":" in secret:
                    parts.append(secret.split(":", 1)[1])
        self.secrets = sorted({s for s in parts if len(s) >= 8}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler's own error reporting
            return True
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True
