"""Helpers the tests share: builders of stored stories and subscriptions, stand-ins for the seams around the
code under test, and one way to wait for something.

The stand-ins are doubles of Communiqué's own seams only: `RecordingPlatform` where the behaviour under test is
the sender's (ordering, limits, outcome handling), `RecordingCommands` where it is a platform adapter's. The
Telegram and Discord adapters themselves are tested against their real peers (`tests/peers/`).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from bot.commands import COMMANDS
from bot.core.commands import CommandSpec, Invocation, Reply
from bot.core.digest import Digest
from bot.core.outcomes import Outcome, Sent
from bot.core.platform import ChatAlias, SendLimits
from bot.delivery.planner import plan_digest
from bot.delivery.sender import SenderPolicy
from bot.ingest.pipeline import Ingestor
from bot.platforms.console.render import render_digest_plain, render_reply_plain
from storage import articles as article_store
from storage import connect
from storage import subscriptions as sub_store
from storage.records import NewArticle, Subscription, SubscriptionSettings

DEFAULTS = SubscriptionSettings(mode="daily", time="08:00", timezone="UTC", max_items=8)
FAST = SenderPolicy(base_delay=0.05, max_delay=0.2, refusal_delay=0.05, deactivate_after=3)  # retries in ms, not s


# --- stored stories and subscriptions ------------------------------------------------------------------------


def add_articles(db: sqlite_utils.Database, count: int, *, start: int = 0) -> list[int]:
    """`count` invented stories, numbered from `start`, stored as ingest would store them."""
    return [
        article_store.insert_article(
            db,
            NewArticle(
                url=f"https://ministry.example/{n}",
                source_id=None,
                guid=None,
                title=f"Story {n}",
                text=f"Text of story {n} about talks number {n}.",
                text_hash=f"h{n}",
                summary=[f"Summary of story {n}."],
                published=f"2026-11-20T{n % 24:02d}:00:00.000000Z",
            ),
        )
        for n in range(start, start + count)
    ]


def subscribe(
    db: sqlite_utils.Database, chat_id: str, platform: str = "test", kind: str = "private", **settings: Any
) -> Subscription:
    """A subscription with the usual defaults (or `settings`), old enough to be owed every stored story."""
    defaults = SubscriptionSettings(**{**DEFAULTS.__dict__, **settings})
    sub, _ = sub_store.subscribe(db, platform=platform, chat_id=chat_id, chat_kind=kind, defaults=defaults)
    # Articles in these tests are fetched "now"; the subscription must not predate them by design.
    db.execute("UPDATE subscriptions SET since = '2000-01-01T00:00:00Z' WHERE id = ?", [sub.id])
    found = sub_store.get_by_id(db, sub.id)
    assert found is not None
    return found


def plan(db: sqlite_utils.Database, sub: Subscription, platform: RecordingPlatform, key: str = "daily:2026-11-20") -> int:
    """Plan the subscription's digest as of 20 Nov 2026; returns how many stories it holds."""
    return plan_digest(db, sub, key, platform.render_digest, now=datetime(2026, 11, 20, 8, tzinfo=UTC)).stories


def delivered_article_ids(platform: RecordingPlatform, chat_id: str) -> list[int]:
    return [i for payload in platform.delivered(chat_id) for i in payload["article_ids"]]


# --- waiting ---------------------------------------------------------------------------------------------------


async def wait_until(condition: Callable[[], bool], what: str = "condition", timeout: float = 10.0) -> None:
    """Poll `condition` until it holds; fail the test naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not met within {timeout} s")
        await asyncio.sleep(0.02)


def wait_until_blocking(condition: Callable[[], bool], what: str = "condition", timeout: float = 10.0) -> None:
    """`wait_until` for a test without an event loop (one that drives `communique run` as a process)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not met within {timeout} s")
        time.sleep(0.1)


def ingestor_for(make_config: Callable[..., Any], sources: list[dict[str, Any]], **fetch: object) -> Ingestor:
    """An ingestor on a fresh database for these sources, allowed to fetch from 127.0.0.1 (the test servers)."""
    config = make_config(sources=sources, fetch={"allow_private_addresses": True, "timeout": 2, **fetch})
    ingestor = Ingestor(connect(config.storage.path), config)
    ingestor.sync_sources()
    return ingestor


def paced(times: list[float], rate: float, jitter: float = 0.03) -> bool:
    """Whether calls at these times keep to `rate` a second: any k + 1 consecutive calls span at least k / rate,
    less `jitter`. A send starts a little after the sender lets it go (later on a busy machine), so one pair of
    calls may come closer than 1 / rate; a sender that ignores the limit packs many calls into a millisecond and
    fails."""
    times = sorted(times)
    return all(
        times[j] - times[i] >= (j - i) / rate - jitter for i in range(len(times)) for j in range(i + 1, len(times))
    )


# --- stand-ins -------------------------------------------------------------------------------------------------



@dataclass
class RecordingCommands:
    """Stands in for the command set a platform is started with (a `CommandService`): the real command specs,
    each invocation recorded and answered with a reply naming it (or `answer`'s). `refuse` fails the test on
    any command."""

    invocations: list[Invocation] = field(default_factory=list)
    delays: dict[str, float] = field(default_factory=dict)  # command -> seconds to take
    refuse: bool = False
    answer: Callable[[Invocation], Reply] | None = None
    allowed_again: list[str] = field(default_factory=list)  # chats the platform said the bot may post in again

    @property
    def specs(self) -> Mapping[str, CommandSpec]:
        return COMMANDS

    async def run(self, invocation: Invocation) -> Reply:
        if self.refuse:
            raise AssertionError(f"no command expected, got /{invocation.command}")
        self.invocations.append(invocation)
        await asyncio.sleep(self.delays.get(invocation.command, 0.0))
        if self.answer is not None:
            return self.answer(invocation)
        return Reply(text=f"ran /{invocation.command} {' '.join(invocation.args)}".strip())

    async def suggest(self, kind: str, typed: str) -> list[str]:
        return []

    async def answer_words(self, invocation: Invocation, text: str) -> Reply | None:
        return None  # no question is ever asked: plain words get the platform's hint

    def may_post_again(self, platform: str, chat_id: str, aliases: Sequence[str] = (),
                       chat_title: str | None = None) -> bool:
        self.allowed_again.append(chat_id)
        return False

    def back_note(self, invocation: Invocation) -> str | None:
        return None  # no subscription is ever brought back here


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
    settling: float = 0.0
    ready: bool = True
    problem: str | None = None

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

    async def chat_alias(self, chat_id: str) -> ChatAlias:
        return ChatAlias()

    async def send(self, chat_id: str, payload: dict[str, Any], key: str = "") -> Outcome:
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


@contextmanager
def sqlite_steps(conn: sqlite3.Connection) -> Iterator[Callable[[], int]]:
    """Counts, in thousands, the steps SQLite's engine takes while the block runs: how much work a query does,
    which a loaded machine does not skew as it would a timing. Yields a function reading the count so far."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    conn.set_progress_handler(count, 1000)
    try:
        yield lambda: steps
    finally:
        conn.set_progress_handler(None, 0)
