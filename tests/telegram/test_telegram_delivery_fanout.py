"""The fan-out benchmark's path at a small size, as a test of behaviour: a digest planned for many chats reaches
each exactly once through the real sender, adapter and peer, even when Telegram answers a burst of sends with
429 in the middle. (Its speed is measured by `make bench`, not here.)
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.peers.telegram_peer import TelegramPeer

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
pytestmark = pytest.mark.filterwarnings("ignore:.*`retry_after` will be of type")  # PTB's own, see outcomes.py


async def test_a_fan_out_with_a_burst_of_429s_reaches_every_chat_once(telegram_peer_session: TelegramPeer) -> None:
    sys.path.insert(0, str(BENCHMARKS))  # the benchmark runs its own peer; the session's only proves Node is here
    try:
        from bench_telegram import fan_out
    finally:
        sys.path.remove(str(BENCHMARKS))
    figures = await fan_out(chats=40, burst=6)
    assert figures["rate_limited"] == 6 and figures["attempts"] == 46
    assert figures["delivered"] == 40 and figures["ledger_sent"] == 40 and figures["ledger_not_sent"] == 0
    assert figures["duplicates"] == 0 and figures["losses"] == 0
