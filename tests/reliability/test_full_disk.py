"""A real full disk under the database: a small tmpfs that a filler file fills up (see disk.py).

- A feed read while the disk is full fails its source for that pass, visibly (the fetch report, one log line, the
  status), and its validators (ETag) are not saved: once space is freed, the next fetch reads the feed whole and
  every entry arrives. (Saving the ETag anyway once lost 56 of 60 entries: every later fetch got 304.)
- `communique status` works while the database cannot be written, and says why.
- Under `communique run`, a full disk is one log line when writes start failing (not a traceback per entry, nor a
  line a pass) and one when they work again, and `/status` shows it; once space is freed, the stories are stored
  and delivered, each once.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.feedserver import FeedServer
from tests.reliability.conftest import Figures
from tests.reliability.disk import SmallDisk, small_disk
from tests.reliability.harness import Deployment
from tests.reliability.stories import feed
from tests.reliability.telegram_world import OPERATOR, STORIES, telegram_config

LATE_HOST = "https://late.example"
STORY_NUMBER = re.compile(r"\(no\. (\d+)\)$", re.MULTILINE)  # a story's headline line (tests.reliability.stories)
LEFT_FREE = 150_000  # bytes: room for the first few of the feed's articles, not for all of them


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    with small_disk(tmp_path / "disk") as mounted:
        yield mounted


def on_disk(deployment: Deployment, disk: SmallDisk) -> Deployment:
    deployment.db_path = disk.path / "var" / "communique.db"
    deployment.config["storage"] = {"path": str(deployment.db_path)}
    deployment.write_config()
    return deployment


def test_entries_not_stored_for_a_full_disk_arrive_once_space_is_freed(
    deploy: Callable[..., Deployment], feed_server: FeedServer, disk: SmallDisk, figures: Figures
) -> None:
    feed_server.route("/press.xml", body=feed(range(0, 2), LATE_HOST), etag='"v1"')
    deployment = on_disk(deploy({
        "fetch": {"allow_private_addresses": True, "fetch_full_text": False, "max_entries": 100},
        "sources": [{"name": "Press office", "url": feed_server.url("/press.xml"), "interval": 3600}],
    }), disk)
    first = deployment.cli("fetch")
    assert first.returncode == 0 and "Press office: 2 new" in first.stdout, first.stdout + first.stderr

    feed_server.route("/press.xml", body=feed(range(0, 60), LATE_HOST), etag='"v2"')
    disk.fill(leave=LEFT_FREE)
    full = deployment.cli("fetch")
    stored_while_full = deployment.scalar("SELECT COUNT(*) FROM articles")
    etag_while_full = deployment.scalar("SELECT etag FROM sources")
    assert "Press office:" in full.stdout and "FAILED: could not store its entries: database or disk is full" \
        in full.stdout, full.stdout
    assert stored_while_full < 60, "the disk was full before the feed was stored"
    assert etag_while_full != '"v2"', "the new ETag is not saved: the feed was not stored whole"
    logged = [line for line in full.stderr.splitlines() if "ERROR" in line]
    assert len(logged) == 1 and "could not store what 1 of 1 source(s) carried" in logged[0], full.stderr
    assert "Traceback" not in full.stderr

    status = deployment.cli("status")
    assert status.returncode == 0, status.stderr
    assert "PROBLEM: the disk holding" in status.stdout and "is full" in status.stdout, status.stdout
    assert "could not store its entries" in status.stdout, "the source's failure is shown"

    disk.free()
    after = deployment.cli("fetch")
    assert after.returncode == 0 and "(ok)" in after.stdout, after.stdout + after.stderr
    assert deployment.scalar("SELECT COUNT(*) FROM articles") == 60, "every entry arrived once space was freed"
    assert deployment.scalar("SELECT etag FROM sources") == '"v2"'
    again = deployment.cli("fetch")
    assert "not modified" in again.stdout, "now the ETag is saved, and the feed is not read twice"
    assert deployment.integrity() == "ok"
    figures.fault("full disk during a fetch (tmpfs)")
    figures.notes.append(f"full disk during `fetch` of 60 new entries: {stored_while_full - 2} stored, the rest "
                         f"refused with 1 log line; after freeing space all 60 stored")


def story_counts(peer: Any, chat: int) -> Counter:
    """How often each story was shown to the chat, by its headline's number: a pledge report ("Kept: ...") links
    the story that made the pledge without showing it again."""
    return Counter(int(n) for message in peer.bot_messages(chat) for n in STORY_NUMBER.findall(message.plain_text))


def test_a_full_disk_under_a_running_bot_is_said_once_shown_in_status_and_nothing_is_lost(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, disk: SmallDisk,
    figures: Figures,
) -> None:
    peer = telegram_peer
    chats = (7401, 7402)
    config = telegram_config(feed_server, peer, chats=chats)
    deployment = on_disk(deploy(config, env={"TELEGRAM_BOT_TOKEN": peer.token}), disk)
    run = deployment.start()
    deployment.wait_for(lambda: deployment.drained(STORIES, len(chats)), 90, run, "the first digests")

    disk.fill(leave=LEFT_FREE)
    filled_at = time.monotonic()
    # News of the last hours (a source added to a running bot sends its new stories, not its back catalogue).
    feed_server.route("/late.xml", body=feed(range(100, 130), LATE_HOST, newest=datetime.now(UTC)))
    deployment.config["sources"] = [*config["sources"], {"name": "Late press office",
                                                         "url": feed_server.url("/late.xml"), "interval": 3600}]
    deployment.write_config()  # a new source: the running bot fetches it at once, onto the full disk
    said = re.compile(r"could not store what \d+ of \d+ source|could not use the database")
    deployment.wait_for(lambda: bool(said.search(run.stderr)), 60, run, "the storage failure logged")

    peer.send_command(OPERATOR, "/status", user_id=OPERATOR)
    [status] = peer.wait_for_bot_messages(OPERATOR, count=1, timeout=15)
    assert "The database cannot be written now" in status.plain_text, status.plain_text
    assert "Storage" in status.plain_text and "full" in status.plain_text, status.plain_text
    cli = deployment.cli("status")
    assert cli.returncode == 0 and "PROBLEM: the disk holding" in cli.stdout, cli.stdout + cli.stderr
    time.sleep(20)  # a pass or two more on the full disk
    full_for = time.monotonic() - filled_at
    log_while_full = run.stderr
    passes = feed_server.hits("/late.xml")

    disk.free()
    deployment.wait_for(lambda: deployment.drained(STORIES + 30, len(chats)), 120, run, "the late stories delivered")
    code, _ = run.terminate()
    assert code == 0, run.stderr[-2000:]
    told = [line for line in log_while_full.splitlines() if said.search(line)]
    error_lines = [line for line in log_while_full.splitlines() if " ERROR " in line]
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert len(told) == 1 and "make the database writable again" in told[0].lower(), "\n".join(told)  # once
    assert len(error_lines) <= 3, "\n".join(error_lines)  # that line, and a few notes
    again = [line for line in run.stderr.splitlines() if "the database takes writes again after" in line]
    assert len(again) == 1 and "nothing was lost" in again[0], run.stderr[-3000:]
    for chat in chats:  # every late story covered (the drained check), none sent twice
        counts = story_counts(peer, chat)
        assert all(n in counts for n in range(100, 130)), f"chat {chat} got the late stories"
        assert max(counts.values()) == 1, f"chat {chat}: {counts}"
    assert deployment.integrity() == "ok"
    figures.fault("full disk under `communique run` (tmpfs)")
    figures.notes.append(f"full disk under `run` for {full_for:.0f} s: {passes} fetch(es) of the new feed met it, "
                         f"{len(error_lines)} ERROR line(s), 0 tracebacks; 30 late stories delivered once each "
                         "after freeing space")
