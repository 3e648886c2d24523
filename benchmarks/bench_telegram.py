"""Telegram figures: rendering digests as HTML (with the renderer's own check of every message), and a command's
round trip through the real python-telegram-bot and the test peer on 127.0.0.1.

One run per table; machines here are noisy, so read the figures as orders of magnitude.
Runnable standalone: `python benchmarks/bench_telegram.py [--stories N] [--trips N]`.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.analysis.model import Pledge, Quote  # noqa: E402
from bot.digest.model import AlsoReported, Digest, Story  # noqa: E402
from bot.digest.render_telegram import render_digest  # noqa: E402


def invented_stories(count: int) -> list[Story]:
    """Typical digest stories (invented copy): four summary sentences, a quote, a pledge, another outlet."""
    start = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    return [
        Story(
            article_id=n,
            title=f"Round {n} of the regional dialogue ends with a joint statement & a timetable",
            url=f"https://bench.example/world/{n}",
            source="Bench Wire",
            published=start - timedelta(minutes=n),
            summary=[f"Delegations met for the {n}th time on Tuesday in the capital."] * 4,
            quotes=[Quote("A. Envoy", "We leave with a calendar and the will to keep it.")],
            pledges=[Pledge("The host government", "convene the next round", "...", "within a month")],
            also_reported_by=[AlsoReported("Other Bench Post", f"https://other.bench.example/{n}")],
        )
        for n in range(count)
    ]


def time_renders(digest: Digest, runs: int = 5) -> tuple[float, int]:
    """Median seconds to render the digest, and how many messages it makes."""
    timings, messages = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        messages = len(render_digest(digest))
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), messages


async def round_trips(count: int) -> tuple[float, float, float]:
    """A /latest command sent as a user, answered by a PTB handler, seen by the peer: (start s, median, max ms)."""
    from telegram import Update
    from telegram.ext import Application, CommandHandler, ContextTypes

    from tests.peers.telegram_peer import TelegramPeer

    async def answer(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("latest")

    started = time.perf_counter()
    peer = TelegramPeer().start()
    start_seconds = time.perf_counter() - started
    try:
        app = Application.builder().token(peer.token).base_url(peer.base_url).build()
        app.add_handler(CommandHandler("latest", answer))
        trips = []
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(timeout=10)
            for n in range(count):
                sent = time.perf_counter()
                peer.send_command(77, "/latest")
                await peer.await_bot_messages(77, count=n + 1)
                trips.append((time.perf_counter() - sent) * 1000)
            await app.updater.stop()
            await app.stop()
    finally:
        peer.stop()
    return start_seconds, statistics.median(trips), max(trips)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--trips", type=int, default=50)
    args = parser.parse_args()
    typical, typical_messages = time_renders(Digest("Weekly digest", invented_stories(args.stories)))
    huge = Story(0, "A headline " * 100_000, "https://bench.example/huge", "Bench Wire", None,
                 summary=["A sentence that never ends " * 40_000])
    worst, _ = time_renders(Digest("Worst case", [huge]))
    print("Rendering (median of 5, each message checked against Telegram's rules):")
    print(f"  {args.stories} typical stories -> {typical_messages} messages: {typical * 1000:.0f} ms")
    print(f"  one story with a 1.1 MB title and a 1.1 MB summary: {worst * 1000:.0f} ms")
    if shutil.which("node") is None or not (ROOT / "tests/peers/telegram/node_modules").is_dir():
        print("Peer round trip: skipped (needs Node.js and `npm ci` in tests/peers/telegram)")
        return
    start_seconds, median_ms, max_ms = asyncio.run(round_trips(args.trips))
    print(f"Peer: start {start_seconds:.2f} s; /latest round trip over {args.trips}: "
          f"median {median_ms:.1f} ms, max {max_ms:.1f} ms (PTB long-polling)")


if __name__ == "__main__":
    main()
