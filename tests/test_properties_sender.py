"""Property tests (hypothesis): under any mix of platform faults (429 with retry_after, 5xx, connection resets
and timeouts, a refusing chat among many, a group migrated to a supergroup) the sender loses no message, repeats
none, spares the other chats, and never sends faster than the limits it was given.

The platform is an in-process double scripted per chat (the sender's logic is what is tested here); the same
faults are played through the real adapters and their local peers in tests/reliability/test_platform_*.py.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.outcomes import Gone, Moved, Outcome, RetryAfter, Sent, Transient
from bot.core.platform import SendLimits
from bot.delivery.planner import plan_digest
from bot.delivery.sender import Sender, SenderPolicy
from storage import connect
from storage import subscriptions as sub_store
from tests.helpers import RecordingPlatform, add_articles, paced, subscribe
from tests.reliability.conftest import FIGURES

LIMITS = SendLimits(per_second=200, per_chat_per_second=25, per_group_per_minute=0)
POLICY = SenderPolicy(deactivate_after=3, base_delay=0.01, max_delay=0.05, refusal_delay=0.01)
EPSILON = 0.004


@dataclass
class Call:
    chat_id: str
    at: float
    payload: dict[str, Any]
    outcome: Outcome | None  # None: the adapter raised


class ScriptedPlatform(RecordingPlatform):
    """Answers each chat's calls from its script (outcomes or exceptions to raise), then Sent; records every call."""

    def __init__(self) -> None:
        super().__init__(name="test", limits=LIMITS, stories_per_message=1)
        self.calls: list[Call] = []

    async def send(self, chat_id: str, payload: dict[str, Any], key: str = "") -> Outcome:
        queue = self.script.get(chat_id)
        answer = queue.popleft() if queue else Sent(message_id=str(len(self.calls) + 1))
        self.calls.append(Call(chat_id, time.monotonic(), payload, None if isinstance(answer, Exception) else answer))
        if isinstance(answer, Exception):
            raise answer
        return answer


faults = st.sampled_from([
    RetryAfter(0.02), RetryAfter(0.05), Transient("HTTP 502 Bad Gateway"), Transient("timed out"),
    ConnectionResetError("connection reset by peer"), TimeoutError("read timed out"),
    Gone("Forbidden: bot is not a member of the channel chat"),
])
scripts = st.lists(faults, max_size=3).filter(lambda s: sum(isinstance(o, Gone) for o in s) < 3)
chats = st.lists(st.tuples(scripts, st.booleans()), min_size=2, max_size=6)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chats=chats, stories=st.integers(1, 5), blocked=st.booleans(), migrated=st.booleans())
def test_no_loss_no_repeat_limits_kept_under_any_platform_faults(
    chats: list[tuple[list, bool]], stories: int, blocked: bool, migrated: bool
) -> None:
    asyncio.run(_scenario(chats, stories, blocked, migrated))
    for script, _ in chats:
        for fault in script:
            FIGURES.fault(f"platform (sender property): {FAULT_NAMES[type(fault)]}")
    if blocked:
        FIGURES.fault("platform (sender property): chat blocked the bot (403 until deactivated)")
    if migrated:
        FIGURES.fault("platform (sender property): group migrated to a supergroup")


FAULT_NAMES = {
    RetryAfter: "429 with retry_after", Transient: "5xx / transient", ConnectionResetError: "connection reset",
    TimeoutError: "timeout", Gone: "403 once or twice (transient refusal)",
}


async def _scenario(chats: list[tuple[list, bool]], stories: int, blocked: bool, migrated: bool) -> None:
    db = connect(Path(tempfile.mkdtemp(prefix="communique-sender-")) / "c.db")
    platform = ScriptedPlatform()
    add_articles(db, stories)
    subs = {}
    for n, (script, group) in enumerate(chats):
        chat = f"-100{n}" if group else str(1000 + n)
        subs[chat] = subscribe(db, chat, kind="group" if group else "private")
        platform.answer(chat, *script)
    if blocked:
        subs["blocked"] = subscribe(db, "blocked")
        platform.answer("blocked", *[Gone("Forbidden: bot was blocked by the user")] * 10)
    if migrated:
        subs["-4242"] = subscribe(db, "-4242", kind="group")
        platform.answer("-4242", Moved("-1004242"))
    for sub in subs.values():
        plan_digest(db, sub, "daily:2026-11-20", platform.render_digest, now=datetime.now(UTC))
    await Sender(db, {"test": platform}, policy=POLICY).drain(deadline=10)

    accepted = Counter((c.chat_id, c.payload["article_ids"][0]) for c in platform.calls if isinstance(c.outcome, Sent))
    all_ids = {i for sub in subs.values() for i in _planned(db, sub.id)}
    assert len(all_ids) == stories
    for chat, sub in subs.items():
        if chat == "blocked":
            continue
        target = "-1004242" if chat == "-4242" else chat
        got = {article for (c, article), n in accepted.items() if c == target}
        assert got == all_ids, f"chat {chat} lost stories"
        assert all(n == 1 for (c, _), n in accepted.items() if c == target), f"chat {chat} got a repeat"
    if migrated:
        assert sub_store.get_by_id(db, subs["-4242"].id).chat_id == "-1004242"
        assert not any(c.chat_id == "-4242" and isinstance(c.outcome, Sent) for c in platform.calls)
    if blocked:
        row = sub_store.get_by_id(db, subs["blocked"].id)
        assert not row.active and "blocked" in row.deactivated_reason
        assert sum(c.chat_id == "blocked" for c in platform.calls) == POLICY.deactivate_after
        states = {r[0] for r in db.execute(
            "SELECT state FROM deliveries WHERE subscription_id = ?", [row.id]).fetchall()}
        assert states == {"failed"}, "the blocked chat's messages are recorded as failed, not silently dropped"
    _check_limits(platform.calls)
    db.conn.close()


def _planned(db, subscription_id: int) -> list[int]:
    return [r[0] for r in db.execute("SELECT article_id FROM delivered WHERE subscription_id = ?", [subscription_id])]


def _check_limits(calls: list[Call]) -> None:
    """Every call (a failed one too) respects the overall rate, the per-chat rate and each retry_after."""
    assert paced([c.at for c in calls], LIMITS.per_second), "overall rate exceeded"
    by_chat: dict[str, list[Call]] = {}
    for call in calls:
        by_chat.setdefault(call.chat_id, []).append(call)
    for chat, own in by_chat.items():
        assert paced([c.at for c in own], LIMITS.per_chat_per_second), f"chat {chat} rate exceeded"
        for before, after in zip(own, own[1:]):
            if isinstance(before.outcome, RetryAfter):
                assert after.at - before.at >= before.outcome.seconds - EPSILON, f"chat {chat}: retry_after ignored"
