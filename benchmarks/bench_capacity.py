"""Capacity of one instance on this machine: how many sources (mostly answering 304), articles a day and chats
one `communique run` carries, where it saturates first, and its resident memory.

One real `communique run` (a subprocess, as an operator runs it) against 1,000 feeds on a local HTTP server and
500 chats on the local Telegram Bot API peer, measured through the bot's own /metrics endpoint (process CPU
seconds, ingest pass durations, source checks, sends, resident memory):

1. articles: every feed carries one new ~600-word article (invented copy): the first pass fetches, analyses and
   stores them all, and the pledge tracker reads them (its backlog, `communique_articles_untracked`, falls to
   0): CPU seconds per article, everything included;
2. deliveries: every chat follows one topic (a desk of five sources, as a reader follows a region or a ministry)
   and wants each story as it comes, so the pass is followed by a digest to each of the 500 chats through the
   real sender, the Telegram adapter and the peer: messages/s against Telegram's 30/s, CPU seconds per message.
   (A chat that took every one of 1,000 stories at once would be owed 200 messages: the backlog rule sends all
   it owes, so that fan-out measures the platform's pace, not the bot's cost per message.)
3. sources: every feed is made due again, twice; each answers 304 Not Modified to the conditional GET: CPU
   seconds per check;
4. SQLite: single-row commits/s on this disk (the kind every check and every message makes), measured apart.

From the per-unit costs it derives each dimension's ceiling for one instance (the bot is one process: its loop
and its analysis threads share one core's worth of Python; the ceilings allow it 70% of a core) and, for a
reference deployment, the share of each ceiling used: the largest share saturates first.
Runnable standalone: `python benchmarks/bench_capacity.py [--sources N] [--chats N]`.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# pysbd installs a top-level package named `benchmarks`: import our modules by file name, from this folder.
sys.path[:0] = [str(HERE), str(ROOT)]

from bench_analysis import generate_article  # noqa: E402  (shared generator of invented copy)

CPU_BUDGET = 0.7  # of one core: what the ceilings allow the bot, leaving room for bursts and the platforms
TELEGRAM_RATE = 30.0  # messages/s Telegram allows a bot overall (Communiqué paces itself to it)
WORDS = 600
DESK = 5  # sources per topic: each chat follows one topic, so a pass owes it one message of five stories

# The reference deployment the shares are computed for: a large newsroom's.
REFERENCE = {"sources": 2_000, "interval_s": 900, "articles_per_day": 6_000, "chats": 5_000}


def feed(n: int) -> bytes:
    """One source's feed: one new article, full text in the feed (no page to fetch)."""
    text = generate_article(WORDS, seed=50_000 + n)
    html = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
    published = format_datetime(datetime.now(UTC) - timedelta(minutes=5 + n % 600))
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Desk {n}</title><link>https://desk{n}.example/</link>"
        f"<item><title>Desk {n}: talks on the {n}th round of the regional dialogue</title>"
        f"<link>https://desk{n}.example/story/{n}</link><guid>desk-{n}-story</guid><pubDate>{published}</pubDate>"
        f"<content:encoded><![CDATA[{html}]]></content:encoded></item></channel></rss>"
    ).encode()


SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$")


def scrape(url: str) -> dict[str, float]:
    """`name{labels}` -> value from the bot's /metrics."""
    with urllib.request.urlopen(url, timeout=10) as response:
        text = response.read().decode()
    out: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#") and (m := SAMPLE.match(line)):
            out[f"{m.group(1)}{{{m.group(2) or ''}}}"] = float(m.group(3))
    return out


def value(samples: dict[str, float], name: str, labels: str = "") -> float:
    return samples.get(f"{name}{{{labels}}}", 0.0)


@dataclass
class Mark:
    wall: float
    cpu: float
    passes: float

    @staticmethod
    def take(samples: dict[str, float]) -> Mark:
        return Mark(time.monotonic(), value(samples, "process_cpu_seconds_total"),
                    value(samples, "communique_ingest_pass_seconds_sum"))


def wait(url: str, condition: Callable[[dict[str, float]], bool], timeout: float, what: str,
         proc: subprocess.Popen) -> dict[str, float]:
    deadline = time.monotonic() + timeout
    while True:
        try:
            samples = scrape(url)
            if condition(samples):
                return samples
        except OSError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"communique run exited ({proc.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} not reached within {timeout:.0f} s")
        time.sleep(0.2)


def sqlite_commits_per_second(folder: Path, count: int = 3000) -> float:
    """Single-row UPDATE commits/s with the bot's settings (WAL, synchronous=NORMAL): a source check's write."""
    from storage import connect

    db = connect(folder / "commits.db")  # the bot's schema and settings
    db.execute("INSERT INTO sources (name, url, tags, interval) VALUES ('s', 'https://s.example/', '[]', 900)")
    started = time.perf_counter()
    for n in range(count):  # what a source check that answered 304 writes, one commit each
        db.execute(
            "UPDATE sources SET etag = ?, failures = 0, next_due = ?, last_attempt = ?, last_success = ? "
            "WHERE name = 's'", [f'"{n}"', "2030-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"],
        )
    return count / (time.perf_counter() - started)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run(sources: int, chats: int) -> dict[str, float]:
    from tests.feedserver import FeedServer
    from tests.peers.telegram_peer import TelegramPeer
    from tests.reliability.harness import to_toml

    figures: dict[str, float] = {"sources": sources, "chats": chats}
    topics = max(1, sources // DESK)
    with tempfile.TemporaryDirectory() as tmp, TelegramPeer() as peer:
        folder = Path(tmp)
        server = FeedServer().start()
        try:
            for n in range(sources):
                server.route(f"/f{n}.xml", body=feed(n), etag=f'"desk-{n}-v1"')
            for n in range(chats):
                peer.add_chat(40_000 + n, "private")
            config = {
                "storage": {"path": str(folder / "var" / "communique.db"), "keep_days": 0},
                "fetch": {"allow_private_addresses": True, "fetch_full_text": False, "timeout": 30},
                "digest": {"max_items": 5},
                "telegram": {"api_base_url": peer.base_url, "poll_interval": 0.5},
                "sources": [{"name": f"Desk {n}", "url": server.url(f"/f{n}.xml"), "interval": 3600,
                             "tags": [f"desk{n % topics}"]} for n in range(sources)],
                "subscriptions": [{"platform": "telegram", "chat_id": str(40_000 + n), "mode": "instant",
                                   "topics": [f"desk{n % topics}"]} for n in range(chats)],
            }
            (folder / "config.toml").write_text(to_toml(config), encoding="utf-8")
            port = free_port()
            url = f"http://127.0.0.1:{port}/metrics"
            env = {k: v for k, v in os.environ.items() if not k.endswith("_BOT_TOKEN")}
            env.update({"TELEGRAM_BOT_TOKEN": peer.token, "PYTHONPATH": str(ROOT)})
            env.pop("COMMUNIQUE_FAILPOINTS", None)
            log = (folder / "bot.log").open("wb")
            proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "--config", str(folder / "config.toml"), "run", "--tick", "1",
                 "--metrics", f"127.0.0.1:{port}"],
                cwd=folder, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log, env=env,
            )
            try:
                figures.update(measure(url, proc, sources, peer, folder / "var" / "communique.db"))
            finally:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    proc.kill()
                log.close()
        finally:
            server.stop()
        figures["sqlite_commits_per_s"] = sqlite_commits_per_second(folder)
    return figures


def measure(url: str, proc: subprocess.Popen, sources: int, peer: object, db_path: Path) -> dict[str, float]:
    figures: dict[str, float] = {}
    start = Mark.take(wait(url, lambda s: True, 120, "the endpoint", proc))

    # 1. every feed's article fetched, analysed, stored.
    stored = wait(url, lambda s: value(s, "communique_articles_stored") >= sources, 900, "every article", proc)
    after_ingest = Mark.take(stored)
    figures["articles"] = value(stored, "communique_articles_stored")
    figures["ingest_wall_s"] = after_ingest.wall - start.wall
    # The pledge tracker reads stored stories after each pass (the passes of later ticks overlap this one, so it
    # starts before the last is stored), and their digests are planned once it has: one cost, everything included.
    tracked = wait(url, lambda s: value(s, "communique_articles_untracked") == 0, 1800, "every article tracked", proc)
    after_tracking = Mark.take(tracked)
    figures["tracked_wall_s"] = after_tracking.wall - start.wall
    figures["cpu_per_article_ms"] = 1000 * (after_tracking.cpu - start.cpu) / sources
    after_ingest = after_tracking

    # 2. the digests planned after that pass, sent to every chat.
    def drained(s: dict[str, float]) -> bool:
        pending = sum(value(s, "communique_deliveries", f'platform="telegram",state="{state}"')
                      for state in ("due", "sending"))
        return pending == 0 and value(s, "communique_deliveries", 'platform="telegram",state="sent"') > 0

    sent_samples = wait(url, drained, 900, "every digest sent", proc)
    after_send = Mark.take(sent_samples)
    messages = value(sent_samples, "communique_deliveries", 'platform="telegram",state="sent"')
    calls = [c for c in peer.calls("sendMessage") if c.ok]  # type: ignore[attr-defined]
    span = calls[-1].time - calls[0].time if len(calls) > 1 else 0.0
    figures["messages"] = messages
    figures["send_rate"] = (len(calls) - 1) / span if span > 0 else 0.0
    figures["cpu_per_message_ms"] = 1000 * (after_send.cpu - after_ingest.cpu) / messages
    figures["rate_limited"] = value(sent_samples, "communique_rate_limited_total", 'platform="telegram"')

    # 3. every feed due again; each answers 304. Twice, the cheaper run kept (less noise from others).
    checks: list[tuple[float, float]] = []
    for _ in range(2):
        before = scrape(url)
        base = value(before, "communique_source_checks_total", 'result="not_modified"')
        mark = Mark.take(before)
        conn = sqlite3.connect(db_path, timeout=30)
        with conn:
            conn.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z'")
        conn.close()
        target = base + sources
        done = wait(url, lambda s, target=target: value(s, "communique_source_checks_total",
                                                        'result="not_modified"') >= target,
                    600, "every source checked", proc)
        end = Mark.take(done)
        checks.append(((end.cpu - mark.cpu) / sources, sources / max(end.passes - mark.passes, 1e-6)))
    cpu_per_check, checks_per_s = min(checks)
    figures["cpu_per_check_ms"] = 1000 * cpu_per_check
    figures["checks_per_s_wall"] = checks_per_s
    final = scrape(url)
    figures["rss_mib"] = value(final, "process_resident_memory_bytes") / 1_048_576
    figures["peak_rss_mib"] = peak_rss_mib(proc.pid)
    figures["failed_checks"] = value(final, "communique_source_checks_total", 'result="failed"')
    return figures


def capacity(f: dict[str, float]) -> dict[str, float]:
    """Each dimension's ceiling for one instance, and the reference deployment's share of it."""
    day = 86_400
    per_digest = f["messages"] / f["chats"]
    c = {
        "messages_per_digest": per_digest,
        # Sources checked every 15 minutes, mostly answering 304: within the CPU budget, and no faster than the
        # checks went in a pass here (`[fetch] concurrency` requests at a time).
        "sources_at_15_min": min(CPU_BUDGET / (f["cpu_per_check_ms"] / 1000), f["checks_per_s_wall"]) * 900,
        "articles_per_day": CPU_BUDGET * day / (f["cpu_per_article_ms"] / 1000),
        # Chats whose daily digest, all at the same minute, is delivered within 15 minutes at Telegram's pace.
        "chats_same_minute_15_min": TELEGRAM_RATE * 900 / per_digest,
        # Chats a day, digests spread over the day (platform pace or CPU, whichever is lower).
        "chats_per_day": min(TELEGRAM_RATE * day, CPU_BUDGET * day / (f["cpu_per_message_ms"] / 1000)) / per_digest,
    }
    r = REFERENCE
    checks_per_day = r["sources"] * day / r["interval_s"]
    messages_per_day = r["chats"] * per_digest
    cpu_seconds = (checks_per_day * f["cpu_per_check_ms"] + r["articles_per_day"] * f["cpu_per_article_ms"]
                   + messages_per_day * f["cpu_per_message_ms"]) / 1000
    # Writes: a check is one commit; an article about five (article, tags, index, source, group); a message three.
    commits = checks_per_day + 5 * r["articles_per_day"] + 3 * messages_per_day
    c["share_cpu"] = cpu_seconds / (CPU_BUDGET * day)
    c["share_platform"] = (messages_per_day / TELEGRAM_RATE) / 900  # the morning fan-out against 15 minutes
    c["share_sqlite"] = commits / (f["sqlite_commits_per_s"] * day)
    c["ref_checks_per_s"] = checks_per_day / day
    c["ref_cpu_seconds"] = cpu_seconds
    c["ref_fanout_s"] = messages_per_day / TELEGRAM_RATE
    return c


def report(f: dict[str, float], c: dict[str, float]) -> list[str]:
    shares = {"Telegram's rate limit (the morning fan-out)": c["share_platform"],
              "CPU (analysis, checks, rendering)": c["share_cpu"], "SQLite writes": c["share_sqlite"]}
    first = max(shares, key=lambda k: shares[k])
    r = REFERENCE
    return [
        f"Capacity: one `communique run`, {f['sources']:.0f} feeds on a local server, {f['chats']:.0f} Telegram chats "
        "on the local peer (one run):",
        "| measured | figure |",
        "|---|---:|",
        f"| new articles: fetch + analyse + store + the pledge tracker's reading, CPU per article | "
        f"{f['cpu_per_article_ms']:.1f} ms ({f['articles']:.0f} stored in {f['ingest_wall_s']:.1f} s, all read by "
        f"the tracker in {f['tracked_wall_s']:.1f} s) |",
        f"| source answering 304: CPU per check | {f['cpu_per_check_ms']:.2f} ms "
        f"({f['checks_per_s_wall']:.0f} checks/s in a pass) |",
        f"| digests: CPU per message (plan, render, send, record) | {f['cpu_per_message_ms']:.2f} ms |",
        f"| send rate to {f['chats']:.0f} chats ({f['messages']:.0f} messages) | {f['send_rate']:.1f}/s = "
        f"{f['send_rate'] / TELEGRAM_RATE:.2f} of Telegram's 30/s |",
        f"| SQLite single-row commits | {f['sqlite_commits_per_s']:.0f}/s |",
        f"| resident memory at the end (peak) | {f['rss_mib']:.0f} MiB ({f['peak_rss_mib']:.0f} MiB) |",
        "",
        f"One instance's ceilings ({CPU_BUDGET:.0%} of a core for the bot's Python):",
        "| dimension | ceiling |",
        "|---|---:|",
        f"| sources checked every 15 min, mostly 304 (CPU, and the pass rate at concurrency 8) | "
        f"{c['sources_at_15_min']:,.0f} |",
        f"| new articles a day (CPU) | {c['articles_per_day']:,.0f} |",
        f"| digest messages at the same minute, all delivered within 15 min (Telegram 30/s) | "
        f"{TELEGRAM_RATE * 900:,.0f} |",
        f"| chats with a digest at the same minute, delivered within 15 min ({c['messages_per_digest']:.2f} "
        f"messages a digest here) | {c['chats_same_minute_15_min']:,.0f} |",
        f"| chats a day, digest times spread | {c['chats_per_day']:,.0f} |",
        "",
        f"Reference deployment: {r['sources']:,} sources every {r['interval_s'] // 60} min "
        f"({c['ref_checks_per_s']:.1f} checks/s), {r['articles_per_day']:,} new articles a day, {r['chats']:,} chats "
        f"with a daily digest at the same minute:",
        "| resource | share of its ceiling |",
        "|---|---:|",
        *(f"| {name} | {share:.2f} |" for name, share in shares.items()),
        f"Saturates first: {first}.",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--chats", type=int, default=500)
    args = parser.parse_args()
    figures = run(args.sources, args.chats)
    if figures.get("failed_checks"):
        print(f"warning: {figures['failed_checks']:.0f} source checks failed during the run")
    for line in report(figures, capacity(figures)):
        print(line)


if __name__ == "__main__":
    main()
