"""The interface every platform adapter implements (modelled on connect / listen / send).

An adapter translates: updates into `Invocation`s, `Reply`s and digests into its markup, and its platform's
errors into `bot.delivery.outcomes`. It holds no business logic.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from bot.commands.model import Invocation, Reply
from bot.delivery.outcomes import Outcome
from bot.digest.model import Digest

Payload = dict[str, Any]
CommandRunner = Callable[[Invocation], Awaitable[Reply]]


@dataclass(frozen=True)
class SendLimits:
    """How fast the sender may post on a platform (messages per second overall and per chat, per minute per group)."""

    per_second: float = 30.0
    per_chat_per_second: float = 1.0
    per_group_per_minute: float = 20.0


class Platform(Protocol):
    """A chat platform as the rest of the bot sees it."""

    name: str
    limits: SendLimits

    def render_digest(self, digest: Digest) -> list[Payload]:
        """The digest as this platform's messages, each within its limits; JSON-serialisable for the ledger."""
        ...

    def render_reply(self, reply: Reply) -> list[Payload]:
        """A command's reply as this platform's messages."""
        ...

    async def start(self, run_command: CommandRunner) -> None:
        """Connect and begin listening for commands; returns once listening."""
        ...

    async def send(self, chat_id: str, payload: Payload) -> Outcome:
        """Post one rendered message to a chat and say what happened. Never raises for platform errors."""
        ...

    async def stop(self) -> None:
        """Stop listening and close connections."""
        ...
