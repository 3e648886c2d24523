"""An in-process platform for testing the sender's logic: it records sends and answers scripted outcomes.

This is a test double, used only where the behaviour under test is the sender's (ordering, limits, outcome
handling); the Telegram and Discord adapters are tested against their real peers (the Bot API emulator and the
local Discord REST server).
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from bot.core.commands import Reply
from bot.core.outcomes import Outcome, Sent
from bot.core.digest import Digest
from bot.platforms.console.render import render_digest_plain, render_reply_plain
from bot.core.platform import SendLimits


@dataclass
class SendRecord:
    chat_id: str
    payload: dict[str, Any]
    at: float
    outcome: Outcome


@dataclass
class RecordingPlatform:
    name: str = "test"
    limits: SendLimits = field(default_factory=lambda: SendLimits(per_second=200, per_chat_per_second=50, per_group_per_minute=0))
    latency: float = 0.0
    stories_per_message: int = 2
    sends: list[SendRecord] = field(default_factory=list)
    script: dict[str, deque] = field(default_factory=lambda: defaultdict(deque))
    raise_for: set[str] = field(default_factory=set)

    def answer(self, chat_id: str, *outcomes: Outcome) -> None:
        """The next sends to `chat_id` get these outcomes, in order; afterwards, Sent."""
        self.script[chat_id].extend(outcomes)

    def render_digest(self, digest: Digest) -> list[dict[str, Any]]:
        chunks = [digest.stories[i : i + self.stories_per_message] for i in range(0, len(digest.stories), self.stories_per_message)]
        return [
            {"text": render_digest_plain(Digest(digest.heading, chunk, timezone=digest.timezone)),
             "article_ids": [s.article_id for s in chunk]}
            for chunk in chunks
        ]

    def render_reply(self, reply: Reply) -> list[dict[str, Any]]:
        return [{"text": render_reply_plain(reply)}]

    async def start(self, commands: Any) -> None:
        return None

    async def send(self, chat_id: str, payload: dict[str, Any]) -> Outcome:
        if self.latency:
            await asyncio.sleep(self.latency)
        if chat_id in self.raise_for:
            raise ConnectionResetError("connection reset by peer")
        queue = self.script.get(chat_id)
        outcome = queue.popleft() if queue else Sent(message_id=str(len(self.sends) + 1))
        self.sends.append(SendRecord(chat_id, payload, time.monotonic(), outcome))
        return outcome

    async def stop(self) -> None:
        return None

    def delivered(self, chat_id: str) -> list[dict[str, Any]]:
        """Payloads the platform accepted for a chat."""
        return [s.payload for s in self.sends if s.chat_id == chat_id and isinstance(s.outcome, Sent)]
