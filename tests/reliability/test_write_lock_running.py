"""Another program holds the write lock on a running bot's database (an operator's `sqlite3` shell left after BEGIN,
a backup tool, a second bot started by mistake on a copy of the file's path): `communique run` in its own process,
a real second connection holding `BEGIN IMMEDIATE` on the same file, and the local Telegram peer.

Each write waited out SQLite's busy timeout (30 s) on the event loop, so every command of every chat stood still
behind the ingest's writes for as long as the lock was held. Now commands answer while it is held (reads work in
WAL mode; a change that needs a write says it could not be saved), the log says once that another program holds
the lock and, once it is let go, for how long; then the news that came meanwhile is stored and sent, each story
once.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tests.factories import rss
from tests.feedserver import FeedServer
from tests.reliability.conftest import Figures
from tests.reliability.harness import Deployment
from tests.reliability.stories import story_items
from tests.reliability.telegram_world import OPERATOR, PER_SOURCE, STORIES, host, telegram_config
from tests.reliability.test_full_disk import STORY_NUMBER, story_counts

CHAT = 7601
NEWS = range(200, 204)  # the stories the feed carries once the lock is taken
ROOM = 20.0  # seconds a command may take to be answered on a loaded machine (the peer answers in ~0.1 s)


def ask(peer: Any, chat: int, text: str) -> tuple[str, float]:
    """Send `text` from `chat`'s user; the bot's answer and how many seconds it took."""
    before = len(peer.bot_messages(chat))
    began = time.monotonic()
    peer.send_command(chat, text, user_id=chat)
    answer = peer.wait_for_bot_messages(chat, count=before + 1, timeout=ROOM + 40)[before]
    return answer.plain_text, time.monotonic() - began


def test_commands_answer_while_another_program_holds_the_write_lock_and_the_news_comes_after(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, figures: Figures
) -> None:
    peer = telegram_peer
    config = telegram_config(feed_server, peer, chats=(CHAT,))
    deployment = deploy(config, env={"TELEGRAM_BOT_TOKEN": peer.token})
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run = deployment.start(args=["--metrics", str(port)])
    deployment.wait_for(lambda: deployment.drained(STORIES, 1), 90, run, "the first digest")

    # The first source's feed brings news, slowly enough that the lock below is taken before it is stored.
    items = story_items(range(0, PER_SOURCE), host(0)) + story_items(NEWS, host(0), newest=datetime.now(UTC))
    feed_server.route("/s0.xml", body=rss(items, title="Press office 0"), delay=1.0)
    deployment.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z' WHERE name = 'Press office 0'")
    shell = sqlite3.connect(deployment.db_path, isolation_level=None)
    try:
        shell.execute("BEGIN IMMEDIATE")  # what `BEGIN;` and an UPDATE in the sqlite3 shell hold until COMMIT
        locked_at = time.monotonic()
        # The feed is read and its stories wait to be stored (before, each write waited 30 s, twice a source).
        deployment.wait_for(lambda: "is locked by another program" in run.stderr, 30, run, "the lock met and said")

        latest, latest_took = ask(peer, CHAT, "/latest")
        assert latest_took < ROOM, f"/latest answered after {latest_took:.1f} s while the lock was held"
        assert "(no. " in latest, latest
        status, status_took = ask(peer, OPERATOR, "/status")
        assert status_took < ROOM, f"/status answered after {status_took:.1f} s"
        assert "locked by another program" in status, status
        # The sources are not read while it lasts: none "answered, but what they carry cannot be stored now".
        assert "3 sources: none is read while the database is locked (see Storage)" in status, status
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as answer:
            health = json.load(answer)
        assert health["database"].startswith(f"locked by another program (pid {os.getpid()}, "), health
        change, change_took = ask(peer, CHAT, "/settings max 5")
        assert change_took < ROOM, f"/settings answered after {change_took:.1f} s"
        assert "not saved" in change and "another program" in change and "try again" in change, change
        time.sleep(2)  # a few more ticks (0.3 s) while the lock is held
        log_while_locked = run.stderr
        held_for = time.monotonic() - locked_at
        assert deployment.scalar("SELECT COUNT(*) FROM articles") == STORIES, "nothing stored through the lock"
    finally:
        shell.execute("ROLLBACK")
        shell.close()

    news = STORIES + len(NEWS)
    deployment.wait_for(lambda: deployment.drained(news, 1), 90, run, "the news stored and sent once the lock ended")
    _, after_took = ask(peer, CHAT, "/settings max 5")
    assert deployment.scalar("SELECT max_items FROM subscriptions WHERE chat_id = ?", [str(CHAT)]) == 5
    code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]

    counts = story_counts(peer, CHAT) - Counter(int(n) for n in STORY_NUMBER.findall(latest))  # not /latest's list
    assert all(n in counts for n in NEWS), f"the news reached the chat: {counts}"
    assert max(counts.values()) == 1, f"no story twice: {counts}"
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    said = [line for line in log_while_locked.splitlines() if "locked by another program" in line]
    assert len(said) == 1, "\n".join(said) or log_while_locked[-3000:]
    ended = [line for line in run.stderr.splitlines() if "no longer locked" in line]
    assert len(ended) == 1 and " s)" in ended[0], "\n".join(ended) or run.stderr[-3000:]
    assert deployment.integrity() == "ok"
    figures.fault("another program's write lock under `communique run`")
    figures.notes.append(f"write lock held {held_for:.0f} s under `communique run`: /latest {latest_took:.2f} s, "
                         f"/status {status_took:.2f} s, /settings {change_took:.2f} s; after it {after_took:.2f} s")



def test_a_digest_being_sent_when_the_lock_is_taken_goes_on_after_it_each_message_once(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any
) -> None:
    """The ledger's promise through the lock: the message in flight when it is taken is sent and its outcome
    recorded once the lock ends (not sent again), the messages after it wait (none goes unrecorded), and then go,
    every story once."""
    peer = telegram_peer
    config = telegram_config(feed_server, peer, chats=(CHAT,))
    config["subscriptions"][0]["max_items"] = 2  # the 18 stories in 9 messages, a second apart at Telegram's pace
    deployment = deploy(config, env={"TELEGRAM_BOT_TOKEN": peer.token})
    run = deployment.start()
    deployment.wait_for(lambda: len(peer.bot_messages(CHAT)) >= 2, 90, run, "the digest's sending begun")
    shell = sqlite3.connect(deployment.db_path, isolation_level=None)
    try:
        shell.execute("BEGIN IMMEDIATE")
        at_lock = len(peer.bot_messages(CHAT))
        time.sleep(5)  # five messages' time at the chat's pace
        during = len(peer.bot_messages(CHAT))
    finally:
        shell.execute("ROLLBACK")
        shell.close()
    assert during <= at_lock + 1, f"{during - at_lock} messages went out while none could be recorded"
    deployment.wait_for(lambda: deployment.drained(STORIES, 1), 90, run, "the digest's rest sent after the lock")
    code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]
    counts = story_counts(peer, CHAT)
    assert sorted(counts) == list(range(STORIES)) and max(counts.values()) == 1, counts
    assert deployment.ledger()["sent"] == len(peer.bot_messages(CHAT)), "each message sent is recorded sent, once"
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
