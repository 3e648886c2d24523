"""Never stalling while the process looks alive: the sender outlives errors, and the clocks share the database
connection safely (on the event loop, never from a worker thread)."""

from __future__ import annotations

import asyncio
import inspect
import logging
from pathlib import Path

import pytest

from bot.config import load_config
from bot.delivery.sender import Sender
from bot.runtime import Runtime
from storage import connect
from tests.helpers import FAST, RecordingPlatform, add_articles, plan, subscribe
from tests.reliability.conftest import Figures


async def test_every_clock_job_runs_on_the_event_loop(tmp_path: Path) -> None:
    """APScheduler runs a plain function in a worker thread; with the one SQLite connection shared, that thread's
    transaction interleaved with the sender's ("no such savepoint") and the sender stopped for good."""
    path = tmp_path / "config.toml"
    path.write_text(f'[storage]\npath = "{tmp_path / "c.db"}"\nkeep_days = 30\n')
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    subscribe(runtime.db, "daily-chat")
    await runtime.start()
    try:
        jobs = runtime.scheduler.get_jobs()
        assert {"ingest", "config-watch", "retention"} <= {job.id for job in jobs}
        assert any(job.id.startswith("digest-") for job in jobs)
        for job in jobs:
            assert inspect.iscoroutinefunction(job.func), f"job {job.id} would run in a worker thread"
    finally:
        await runtime.stop()


async def test_the_sender_outlives_a_ledger_error_and_delivers_once_it_clears(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, figures: Figures
) -> None:
    db = connect(tmp_path / "c.db")
    platform = RecordingPlatform()
    add_articles(db, 2)
    first = subscribe(db, "first")
    second = subscribe(db, "second")
    plan(db, first, platform)
    plan(db, second, platform)
    # The ledger cannot be read for a while (as after a bad hand edit of the schema): every read fails.
    db.execute("ALTER TABLE deliveries RENAME TO deliveries_away")
    sender = Sender(db, {"test": platform}, policy=FAST)
    stop = asyncio.Event()
    caplog.set_level(logging.ERROR)
    task = asyncio.create_task(sender.run(stop, idle_poll=0.2))
    await asyncio.sleep(0.6)
    assert not task.done(), f"the sender died: {task.exception() if task.done() else ''}"
    assert "could not use the database (no such table: deliveries) while reading or recording the deliveries " \
        "ledger" in caplog.text
    assert caplog.text.count("could not use the database") == 1, "one line, not one a poll"
    db.execute("ALTER TABLE deliveries_away RENAME TO deliveries")
    for _ in range(100):
        if len(platform.sends) == 2:
            break
        await asyncio.sleep(0.05)
    stop.set()
    sender.wake()
    await asyncio.wait_for(task, 5)
    assert sorted(s.chat_id for s in platform.sends) == ["first", "second"], "both delivered, once each"
    figures.fault("ledger unreadable for a while (sender)")


async def test_a_damaged_ledger_row_fails_alone(tmp_path: Path, figures: Figures) -> None:
    db = connect(tmp_path / "c.db")
    platform = RecordingPlatform()
    add_articles(db, 2)
    healthy = subscribe(db, "healthy")
    damaged = subscribe(db, "damaged")
    plan(db, damaged, platform)
    plan(db, healthy, platform)
    db.execute("UPDATE deliveries SET payload = '{\"text\": ' WHERE subscription_id = ?", [damaged.id])
    await Sender(db, {"test": platform}, policy=FAST).drain()
    assert [s.chat_id for s in platform.sends] == ["healthy"]
    row = db.execute("SELECT state, last_error FROM deliveries WHERE subscription_id = ?", [damaged.id]).fetchone()
    assert row[0] == "failed" and "unreadable" in row[1], "shown as failed in /status, not retried for ever"
    figures.fault("damaged ledger row")
