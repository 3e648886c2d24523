"""A database another program holds a write lock on (an operator's `sqlite3` shell with a transaction open):
what the ingest says, and that nothing is lost once the lock is released. Real SQLite files, a real feed server."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import storage.db
from bot.runtime import Runtime
from storage import articles as article_store
from storage import connect
from tests.conftest import REPO
from tests.factories import items, rss
from tests.feedserver import FeedServer
from tests.helpers import RecordingPlatform, add_articles, delivered_article_ids, ingestor_for, subscribe, wait_until


async def test_a_write_lock_held_by_another_program_is_named_and_nothing_is_lost(
    feed_server: FeedServer, make_config, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """SQLite's own words, "database is locked", left the operator to guess who held it: the bot's own lock
    (a second bot?) or a shell. The reason now says another program holds a write transaction, and how to read
    the database by hand without one."""
    monkeypatch.setattr(storage.db, "BUSY_TIMEOUT", 0.3)  # the bot waits 30 s for a lock; a test need not
    feed_server.route("/feed.xml", body=rss(items(2)))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    shell = sqlite3.connect(ingestor.db.conn.execute("PRAGMA database_list").fetchone()[2], isolation_level=None)
    shell.execute("BEGIN IMMEDIATE")  # what `BEGIN;` then an UPDATE in the sqlite3 shell holds until COMMIT
    shell.execute("SELECT count(*) FROM articles").fetchone()
    caplog.set_level(logging.WARNING)
    [report] = await ingestor.run(only_due=False)
    assert not report.ok
    assert report.error == (
        "could not store its entries: database is locked (another program holds a write transaction on the "
        "database, e.g. an sqlite3 shell after BEGIN or an unfinished UPDATE: end it with COMMIT or ROLLBACK, "
        "or quit it; read it by hand with `sqlite3 -readonly`)")
    assert "another program holds a write transaction" in caplog.text
    shell.execute("ROLLBACK")
    shell.close()
    [report] = await ingestor.run(only_due=False)
    assert report.ok and report.new == 2
    assert len(article_store.latest(ingestor.db, 10)) == 2


async def test_a_daily_digest_due_while_another_program_holds_the_lock_goes_once_it_ends(
    make_config, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The daily digest's job planned the digest on the event loop: it waited out the lock, every command behind it,
    then failed, and the chat's digest of that day never came (the stories waited for the next day's). Now the
    job gives way at once, and the digest is planned, under the day's key, once the lock is let go."""
    monkeypatch.setattr(storage.db, "BUSY_TIMEOUT", 3.0)  # at start, before serving: the bot waits 30 s, a test 3
    platform = RecordingPlatform()
    runtime = Runtime(make_config(), {"test": platform}, tick_seconds=3600)
    add_articles(runtime.db, 2)
    sub = subscribe(runtime.db, "daily-chat")
    await runtime.start()
    try:
        shell = sqlite3.connect(runtime.db.conn.execute("PRAGMA database_list").fetchone()[2], isolation_level=None)
        shell.execute("BEGIN IMMEDIATE")
        caplog.set_level(logging.WARNING)
        began = time.monotonic()
        assert await runtime.fire_daily(sub.id) == 0, "not planned while the lock is held"
        assert time.monotonic() - began < 2.5, "the job gave way without waiting out the lock"
        await asyncio.sleep(1.5)  # the lock watch's turn: it says the lock once
        assert "is locked by another program" in caplog.text
        assert platform.sends == []
        shell.execute("ROLLBACK")
        shell.close()
        await wait_until(lambda: len(platform.delivered("daily-chat")) == 1, "the day's digest sent", timeout=10)
        assert "no longer locked by another program" in caplog.text
        assert await runtime.fire_daily(sub.id) == 0, "the day's digest once"
        assert sorted(delivered_article_ids(platform, "daily-chat")) == [1, 2], "each story once"
    finally:
        await runtime.stop()


def _locked_start_config(tmp_path: Path) -> tuple[Path, Path]:
    """A config and its database, made and closed: what another program can then hold the write lock of."""
    config = tmp_path / "config.toml"
    database = tmp_path / "communique.db"
    config.write_text(f'[storage]\npath = "{database}"\n\n[[sources]]\nname = "Ministry"\n'
                      'url = "https://ministry.example/feed.xml"\ninterval = 3600\n')
    connect(database).conn.close()
    return config, database


def test_a_start_that_meets_the_lock_says_who_holds_it_at_once_and_gives_up_after_a_bounded_wait(
    tmp_path: Path,
) -> None:
    """`communique run` started while an sqlite3 shell held a transaction: it said it was running, then half a
    minute of silence (SQLite's busy timeout), then "stopped because of an unexpected error" and a traceback. Now it
    says at once who holds the lock and how long it waits, waits START_LOCK_WAIT (10 s) in all, then says how to end
    the lock, having started nothing; exit 2, as for the other refusals. The holder is a real second connection."""
    config, database = _locked_start_config(tmp_path)
    shell = sqlite3.connect(database, isolation_level=None)
    shell.execute("BEGIN IMMEDIATE")
    began = time.monotonic()
    try:
        started = subprocess.run([sys.executable, "-m", "bot", "--config", str(config), "run"], cwd=tmp_path,
                                 capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
                                 env={**os.environ, "PYTHONPATH": str(REPO)})
    finally:
        shell.execute("ROLLBACK")
        shell.close()
    took = time.monotonic() - began
    said = started.stderr
    assert started.returncode == 2, said[-3000:]
    assert "Traceback" not in said and "unexpected error" not in said, said[-3000:]
    assert "Communiqué running on" not in said, "nothing said it was running: it never was"
    waiting = f"is locked by another program (pid {os.getpid()}, "
    assert "waiting up to 10 s for it to end its write transaction" in said, said
    assert said.index(waiting) < said.index("waiting up to 10 s"), "who holds it, said before the wait"
    assert "which held a write transaction on it for the 10 s Communiqué waits" in said, said
    assert "end it with COMMIT or ROLLBACK, or quit it" in said
    assert "Nothing was done: run the command again once it has ended" in said
    assert took < 28, f"the start gave up after {took:.0f} s; SQLite's own wait alone is 30 s"


def test_a_start_goes_on_once_the_lock_is_let_go_within_the_wait(tmp_path: Path) -> None:
    """A lock held for a moment (the operator ends the shell's transaction on reading the message) costs the start
    that moment: it goes on and serves, nothing refused."""
    config, database = _locked_start_config(tmp_path)
    said, returncode = _start_letting_go_on(tmp_path, config, database, "waiting up to 10 s")
    assert "waiting up to 10 s" in said, said
    assert "Communiqué running on console" in said and "platform console started" in said, said
    assert returncode == 0, said[-3000:]


def _start_letting_go_on(tmp_path: Path, config: Path, database: Path, told: str) -> tuple[str, int]:
    """`communique run` started while another connection (a real second one, as an sqlite3 shell) holds the write
    lock, which is let go as soon as the start's log says `told`; stopped once the console platform has started.
    What it said on standard error, and its exit status."""
    shell = sqlite3.connect(database, isolation_level=None)
    shell.execute("BEGIN IMMEDIATE")
    proc = subprocess.Popen([sys.executable, "-m", "bot", "--config", str(config), "-v", "run", "--tick", "3600"],
                            cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.stderr is not None
    lines: list[str] = []
    try:
        for line in proc.stderr:
            lines.append(line)
            if told in line and shell.in_transaction:
                shell.execute("ROLLBACK")
            if "platform console started" in line:
                break
        proc.send_signal(signal.SIGTERM)
        _, rest = proc.communicate(timeout=60)
    finally:
        if shell.in_transaction:
            shell.execute("ROLLBACK")
        shell.close()
        if proc.poll() is None:
            proc.kill()
    return "".join(lines) + rest, proc.returncode


def test_status_names_the_program_that_holds_the_write_lock(tmp_path: Path) -> None:
    """`communique status`, the operator's first look when the bot stores nothing, read the file and the disk and
    found nothing wrong while an sqlite3 shell held a transaction: the running bot's log and /status said it,
    the command line did not."""
    config = tmp_path / "config.toml"
    database = tmp_path / "communique.db"
    config.write_text(f'[storage]\npath = "{database}"\n\n[[sources]]\nname = "Ministry"\n'
                      'url = "https://ministry.example/feed.xml"\ninterval = 3600\n')
    connect(database).conn.close()

    def status() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "bot", "--config", str(config), "status"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})

    shell = sqlite3.connect(database, isolation_level=None)
    shell.execute("BEGIN IMMEDIATE")
    try:
        held = status()
    finally:
        shell.execute("ROLLBACK")
        shell.close()
    assert held.returncode == 0, held.stderr[-2000:]
    said = " ".join(held.stdout.split())  # the table wraps long lines
    assert f"PROBLEM: the database's write lock is held by another program (pid {os.getpid()}, " in said, said
    assert "end it with COMMIT or ROLLBACK" in said
    free = status()
    assert "PROBLEM" not in free.stdout, free.stdout


def _older_database(tmp_path: Path) -> tuple[Path, Path, int]:
    """A config and its database one schema version behind this Communiqué (made by this version's own first
    migrations, and closed), and the version the start upgrades it to."""
    config, database = tmp_path / "config.toml", tmp_path / "communique.db"
    config.write_text(f'[storage]\npath = "{database}"\n\n[[sources]]\nname = "Ministry"\n'
                      'url = "https://ministry.example/feed.xml"\ninterval = 3600\n')
    older = storage.db._open(str(database))
    older.conn.execute("PRAGMA journal_mode=WAL")
    newest = storage.db.migrate(older, storage.db.MIGRATIONS[:-1]) + 1
    older.conn.close()
    return config, database, newest


def test_an_upgrade_at_the_start_that_meets_the_lock_says_what_it_waits_for_at_once(tmp_path: Path) -> None:
    """A database of an older version, started while an sqlite3 shell held a transaction: the upgrade of its schema
    waited SQLite's 30 s in silence, then the start failed with "database is locked". It says at once who holds the
    lock, what waits for it and for how long; the operator ends the shell's transaction on reading it, and the
    upgrade and the start go on. The holder is a real second connection; the older database is made by this
    version's own first migrations."""
    config, database, newest = _older_database(tmp_path)
    said, returncode = _start_letting_go_on(tmp_path, config, database, "waits up to")
    assert f"the database {database} is locked by another program (pid {os.getpid()}, " in said, said[-3000:]
    assert f"upgrading it to schema version {newest} waits up to 10 s for it to end its write transaction" in said
    assert "Communiqué running on console" in said, said[-3000:]
    assert returncode == 0, said[-3000:]


def test_an_upgrade_at_the_start_held_off_by_the_lock_gives_up_as_any_start_does(tmp_path: Path) -> None:
    """The first start after an upgrade, while an sqlite3 shell held a transaction to the end: the start waited 30 s
    where `run --help` and docs/operations.md's exit statuses say a start waits 10 s, then ended on SQLite's bare
    "cannot open the database ... for writing (database is locked)", with neither who held it nor how to end it
    nor what became of the database. It waits the start's 10 s, and says all three."""
    config, database, newest = _older_database(tmp_path)
    shell = sqlite3.connect(database, isolation_level=None)
    shell.execute("BEGIN IMMEDIATE")
    began = time.monotonic()
    try:
        started = subprocess.run([sys.executable, "-m", "bot", "--config", str(config), "run"], cwd=tmp_path,
                                 capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
                                 env={**os.environ, "PYTHONPATH": str(REPO)})
    finally:
        shell.execute("ROLLBACK")
        shell.close()
    took = time.monotonic() - began
    said = started.stderr
    assert started.returncode == 2, said[-3000:]
    assert "Traceback" not in said and "Communiqué running on" not in said, said[-3000:]
    assert f"upgrading it to schema version {newest} waits up to 10 s" in said, said
    assert (f"could not upgrade the database {database} to schema version {newest}: it is locked by another program "
            f"(pid {os.getpid()}, ") in said, said
    assert "which held a write transaction on it for the 10 s Communiqué waits" in said, said
    assert "end it with COMMIT or ROLLBACK, or quit it" in said, said
    assert f"Nothing was done: the database is left at schema version {newest - 1}" in said, said
    with sqlite3.connect(database) as check:
        assert check.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == newest - 1
    assert took < 28, f"the start gave up after {took:.0f} s; SQLite's own wait alone is 30 s"


@pytest.mark.parametrize("let_go", [True, False], ids=["lock let go during the stop", "lock held past the stop"])
async def test_a_send_whose_record_met_the_lock_is_recorded_at_a_stop_or_said_to_go_again(
    make_config, caplog: pytest.LogCaptureFixture, let_go: bool
) -> None:
    """A message sent while another program held the write lock could not be marked sent; the sender kept its outcome
    to record at its next look. A stop (SIGTERM) before that look dropped it without a word: the row stayed
    `sending`, and the next start sent the chat that message again. The stop now records it once the lock is let go
    (within the stop's wait), or says which messages go again."""
    platform = RecordingPlatform(latency=1.0)
    runtime = Runtime(make_config(), {"test": platform}, tick_seconds=3600)
    add_articles(runtime.db, 1)
    sub = subscribe(runtime.db, "locked-chat")
    path = runtime.db.conn.execute("PRAGMA database_list").fetchone()[2]
    reader = sqlite3.connect(path)
    shell = sqlite3.connect(path, isolation_level=None, check_same_thread=False)

    def state() -> str:
        return reader.execute("SELECT state FROM deliveries").fetchone()[0]

    caplog.set_level(logging.WARNING)
    await runtime.start()
    try:
        assert await runtime.fire_daily(sub.id) == 1
        await wait_until(lambda: state() == "sending", "the send under way")
        shell.execute("BEGIN IMMEDIATE")  # an operator's sqlite3 shell, mid-transaction
        await wait_until(lambda: len(platform.sends) == 1, "the platform took the message")
        await asyncio.sleep(1.0)  # its record meets the lock (0.5 s) and waits in memory
        assert state() == "sending"
        if let_go:
            asyncio.get_running_loop().call_later(1.0, shell.execute, "ROLLBACK")
        await runtime.stop()
    finally:
        if shell.in_transaction:
            shell.execute("ROLLBACK")
        shell.close()
        runtime.db.conn.close()
    said = [r.getMessage() for r in caplog.records if "could not be recorded" in r.getMessage()]
    if let_go:
        assert state() == "sent" and said == [], said
    else:
        assert state() == "sending"
        assert said == ["1 message sent could not be recorded as sent before the stop (database is locked): it is "
                        "sent again at the next start"], said
    reader.close()

    again = RecordingPlatform()
    restarted = Runtime(make_config(), {"test": again}, tick_seconds=3600)
    await restarted.start()
    try:
        await asyncio.sleep(1.0)
    finally:
        await restarted.stop()
    assert len(again.sends) == (0 if let_go else 1), "sent once" if let_go else "the message said to go again"
