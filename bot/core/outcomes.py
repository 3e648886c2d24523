"""The few platform-neutral outcomes of a send, which delivery acts on.

Adapters translate their platform's answers (HTTP codes, library exceptions) into one of these; delivery
never imports a platform library.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sent:
    """The platform took the message; `message_id` is its id there, when it gives one."""

    message_id: str | None = None


@dataclass(frozen=True)
class RetryAfter:
    """Rate-limited: try this destination again after `seconds`."""

    seconds: float


@dataclass(frozen=True)
class Transient:
    """A failure that may pass (5xx, network error, timeout): retry with backoff."""

    reason: str


@dataclass(frozen=True)
class Gone:
    """The destination refused us (blocked, kicked, missing access) or no longer exists.

    `permanent` means no retry can help (a deleted channel): deactivate at once rather than after a few tries.
    """

    reason: str
    permanent: bool = False


@dataclass(frozen=True)
class Moved:
    """The chat has a new id (a group upgraded to a supergroup): resend there."""

    new_chat_id: str


@dataclass(frozen=True)
class Rejected:
    """The platform refused this message itself (400 Bad Request): resending it unchanged cannot help."""

    reason: str


Outcome = Sent | RetryAfter | Transient | Gone | Moved | Rejected
