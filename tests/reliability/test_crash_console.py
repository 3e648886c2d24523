"""SIGKILL `communique run` at chosen points, restart it, and check what the chats received and the database.

The platform here is the console (stdout is what the chats received); the same scenarios run against the local
Telegram peer in test_crash_telegram.py, where each chat's messages can be told apart. On the console every chat's
digest is printed alike, so the check is per story: each story must appear exactly once per chat, plus at most
the stories of the one message that was in flight at the kill.
"""

from __future__ import annotations

import re
import stat
from collections import Counter
from collections.abc import Callable

import pytest

from storage.db import MIGRATIONS
from tests.feedserver import FeedServer
from tests.reliability.conftest import Figures
from tests.reliability.harness import BotRun, Deployment
from tests.reliability.stories import feed, link

SOURCES = 3
PER_SOURCE = 6
CHATS = 5
STORIES = SOURCES * PER_SOURCE
HEADING = re.compile(r"^New from Communiqué: ", re.MULTILINE)
URL_LINE = re.compile(r"^\s+(https://press\d\.example/press/\d+)$", re.MULTILINE)


def host(source: int) -> str:
    return f"https://press{source}.example"


def all_links() -> list[str]:
    return [link(host(s), n) for s in range(SOURCES) for n in range(s * PER_SOURCE, (s + 1) * PER_SOURCE)]


def console_config(feed_server: FeedServer) -> dict:
    """Three press offices of six stories each; five console chats that want each story as it arrives."""
    for s in range(SOURCES):
        feed_server.route(f"/s{s}.xml", body=feed(range(s * PER_SOURCE, (s + 1) * PER_SOURCE), host(s)))
    return {
        "fetch": {"allow_private_addresses": True, "timeout": 5, "fetch_full_text": False},
        "digest": {"max_items": 20},
        "sources": [
            {"name": f"Press office {s}", "url": feed_server.url(f"/s{s}.xml"), "interval": 3600}
            for s in range(SOURCES)
        ],
        "subscriptions": [
            {"platform": "console", "chat_id": f"desk-{c}", "mode": "instant", "max_items": 20} for c in range(CHATS)
        ],
    }


def messages(output: str) -> list[list[str]]:
    """The digests printed on the console, each as the story links it carried."""
    starts = [m.start() for m in HEADING.finditer(output)] + [len(output)]
    return [story_links(output[a:b]) for a, b in zip(starts, starts[1:])]


def story_links(message: str) -> list[str]:
    """The links of the stories one printed digest carried: an "Updated:" entry (a story sent before, changed
    since) links its story too, but sends no story again."""
    blocks = [block for block in message.split("\n\n") if not block.lstrip().startswith("Updated:")]
    return URL_LINE.findall("\n\n".join(blocks))


def crash_and_recover(deployment: Deployment, failpoint: str) -> tuple[BotRun, BotRun]:
    """Run with the failpoint until it kills the bot, then run again until everything is delivered."""
    first = deployment.start(failpoints=failpoint)
    code = first.wait(timeout=90)
    assert code == -9, f"the failpoint {failpoint} should have killed the bot (exit {code}):\n{first.stderr[-2000:]}"
    second = deployment.start()
    deployment.wait_for(lambda: deployment.drained(STORIES, CHATS), 90, second, "every story delivered to every chat")
    code, took = second.terminate()
    assert code == 0, second.stderr[-2000:]
    return first, second


def check_received(deployment: Deployment, runs: list[BotRun]) -> tuple[int, int]:
    """Every story reached every chat; returns (duplicated messages, lost stories) as observed on the console."""
    printed = [m for run in runs for m in messages(run.stdout)]
    counts = Counter(url for message in printed for url in message)
    lost = sum(max(0, CHATS - counts[url]) for url in all_links())
    ledger = deployment.ledger()
    duplicates = len(printed) - ledger["sent"]
    assert lost == 0, f"stories missing: {[u for u in all_links() if counts[u] < CHATS]}"
    assert ledger["failed"] == 0 and ledger["due"] == ledger["sending"] == 0
    assert 0 <= duplicates <= 1, f"{duplicates} messages repeated; only the one in flight may be"
    assert all(counts[url] - CHATS <= duplicates for url in all_links()), "a story repeated beyond the message in flight"
    assert set(counts) == set(all_links()), "nothing but the stories served was printed"
    assert deployment.integrity() == "ok"
    return duplicates, lost


@pytest.mark.parametrize(
    "failpoint",
    [
        "db.migration=1",  # the very first start, inside the first migration's transaction
        "db.migration=2",  # inside the second migration, the first one committed
        "ingest.after_fetch=2",  # a feed read, nothing parsed
        "ingest.before_store=8",  # mid-analysis: some articles stored, some not
        "runtime.before_plan=1",  # every article stored, no digest planned yet
        "sender.before_send=3",  # marked sending, the platform not called
        "sender.after_send=3",  # the platform took it, not marked sent: the one message in flight
    ],
)
def test_sigkill_at_each_point_loses_nothing_and_repeats_at_most_the_message_in_flight(
    deploy: Callable[..., Deployment], feed_server: FeedServer, figures: Figures, failpoint: str
) -> None:
    deployment = deploy(console_config(feed_server))
    first, second = crash_and_recover(deployment, failpoint)
    duplicates, lost = check_received(deployment, [first, second])
    figures.crash(f"console {failpoint}", duplicates=duplicates, lost=lost, in_flight_bound=1)
    print(f"crash at {failpoint}: {duplicates} duplicate message(s), {lost} lost stories")
    assert stat.S_IMODE(deployment.db_path.stat().st_mode) == 0o600
    versions = deployment.query("SELECT version FROM schema_version ORDER BY version")
    assert versions == [(v,) for v, _, _ in MIGRATIONS], "each migration recorded once"
