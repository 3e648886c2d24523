"""The runtime's clocks and config reloads: a digest arrives at its time, once; edits apply without a restart."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.config import Config, load_config
from bot.runtime import Runtime, daily_key, last_fire_time
from storage import deliveries as ledger
from storage import sources as source_store
from storage import subscriptions as sub_store
from storage.db import from_iso, to_iso
from storage.records import SettingsChange, Subscription
from tests.factories import BASE_TIME, items, rss
from tests.helpers import DEFAULTS, RecordingPlatform, add_articles


def write_config(folder: Path, body: str) -> Path:
    path = folder / "config.toml"
    path.write_text(f'[storage]\npath = "{folder / "communique.db"}"\n{body}')
    return path


async def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


def test_last_fire_time_in_the_subscribers_zone() -> None:
    sub = replace(DEFAULTS, time="08:30", timezone="Europe/Berlin")
    before = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)  # 08:00 in Berlin: today's digest is not due yet
    assert last_fire_time(sub, before) == datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
    after = datetime(2026, 11, 27, 7, 45, tzinfo=UTC)
    assert last_fire_time(sub, after) == datetime(2026, 11, 27, 7, 30, tzinfo=UTC)
    assert daily_key(last_fire_time(sub, after)) == "daily:2026-11-27 08:30:00 Europe/Berlin"


def test_a_digest_time_across_the_clock_changes_is_one_digest_a_day() -> None:
    """02:30 in Berlin happens twice on the night clocks go back (the scheduler fires at both) and not at all on
    the night they go forward (it fires at 03:30): each is that day's one digest."""
    sub = replace(DEFAULTS, time="02:30", timezone="Europe/Berlin")
    first, second = datetime(2027, 10, 31, 0, 30, 1, tzinfo=UTC), datetime(2027, 10, 31, 1, 30, 1, tzinfo=UTC)
    assert daily_key(last_fire_time(sub, first)) == daily_key(last_fire_time(sub, second))
    assert daily_key(last_fire_time(sub, second)) == "daily:2027-10-31 02:30:00 Europe/Berlin"
    spring = datetime(2027, 3, 28, 1, 30, 1, tzinfo=UTC)  # 03:30 CEST, when the scheduler fires for 02:30
    assert daily_key(last_fire_time(sub, spring)) == "daily:2027-03-28 02:30:00 Europe/Berlin"
    before = datetime(2027, 3, 28, 0, 59, tzinfo=UTC)  # 01:59 CET: the day's 02:30 is still to come
    assert daily_key(last_fire_time(sub, before)) == "daily:2027-03-27 02:30:00 Europe/Berlin"


async def test_a_restart_on_the_nights_the_clocks_change_sends_the_digest_at_its_time_not_before(
    tmp_path: Path
) -> None:
    """A Berlin chat's 02:30 digest, the bot restarted in the hour the clocks change. The night they go forward
    the scheduler sends it at 03:30: a restart at 03:10 sent it then, before its time (02:30 was taken as 'today's,
    passed', by the clock on the wall). The night they go back, a bot stopped over the first 02:30 and started at
    02:10 the second time round is owed that digest: it took yesterday's (sent) as the last one due."""
    config = load_config(write_config(tmp_path, ""))
    runtime = Runtime(config, {"test": RecordingPlatform()})
    add_articles(runtime.db, 2)
    sub, _ = sub_store.subscribe(runtime.db, platform="test", chat_id="c1", chat_kind="private",
                                 defaults=replace(DEFAULTS, time="02:30", timezone="Europe/Berlin"))
    runtime.db.execute("UPDATE subscriptions SET since = '2000-01-01T00:00:00Z', created = '2000-01-01T00:00:00Z'")
    runtime.now = lambda: datetime(2027, 3, 27, 1, 30, 1, tzinfo=UTC)  # the Saturday's digest, sent
    assert await runtime.fire_daily(sub.id) == 2
    add_articles(runtime.db, 1, start=10)
    runtime.now = lambda: datetime(2027, 3, 28, 1, 10, tzinfo=UTC)  # 03:10 CEST: the scheduler fires at 03:30
    assert runtime.catch_up() == 0, "not before its time"
    runtime.now = lambda: datetime(2027, 3, 28, 1, 30, 1, tzinfo=UTC)
    assert await runtime.fire_daily(sub.id) == 1
    runtime.now = lambda: datetime(2027, 10, 30, 0, 30, 1, tzinfo=UTC)  # the Saturday before the clocks go back
    add_articles(runtime.db, 1, start=20)
    assert await runtime.fire_daily(sub.id) == 1
    add_articles(runtime.db, 1, start=30)
    runtime.now = lambda: datetime(2027, 10, 31, 1, 10, tzinfo=UTC)  # 02:10 CET, after the first 02:30 (00:30 UTC)
    assert runtime.catch_up() == 1, "the digest due 40 minutes ago"
    runtime.now = lambda: datetime(2027, 10, 31, 1, 30, 1, tzinfo=UTC)  # the second 02:30: the same digest
    assert await runtime.fire_daily(sub.id) == 0


async def test_a_digest_time_the_clocks_skip_after_midnight_is_sent_that_day_and_a_repeated_one_once(
    tmp_path: Path
) -> None:
    """Where clocks go forward at midnight (Santiago, Cairo, Havana, Beirut), a digest at 00:15 or 00:30 has no
    such time that day: the scheduler left the day out, and the chat's stories waited a day more (Berlin's 02:30
    goes at 03:30). The digest goes an hour on, as Berlin's does, and the night clocks go back, at the first
    02:30 alone: one digest a local day, every day."""
    config = load_config(write_config(tmp_path, ""))
    runtime = Runtime(config, {"test": RecordingPlatform()}, tick_seconds=3600)
    await runtime.start()
    try:
        assert runtime.scheduler is not None
        cases = [("America/Santiago", "00:15", datetime(2026, 9, 5, 12, tzinfo=UTC), datetime(2026, 9, 6, 4, 15)),
                 ("Africa/Cairo", "00:30", datetime(2027, 4, 29, 12, tzinfo=UTC), datetime(2027, 4, 29, 22, 30)),
                 ("America/Havana", "00:30", datetime(2027, 3, 13, 12, tzinfo=UTC), datetime(2027, 3, 14, 5, 30)),
                 ("Europe/Berlin", "02:30", datetime(2027, 3, 27, 12, tzinfo=UTC), datetime(2027, 3, 28, 1, 30)),
                 ("Europe/Berlin", "02:30", datetime(2027, 10, 30, 12, tzinfo=UTC), datetime(2027, 10, 31, 0, 30))]
        for n, (zone, time, start, skipped_day) in enumerate(cases):
            sub, _ = sub_store.subscribe(runtime.db, platform="test", chat_id=f"c{n}", chat_kind="private",
                                         defaults=replace(DEFAULTS, time=time, timezone=zone))
            runtime.schedule_subscription(sub)
            trigger = runtime.scheduler.get_job(f"digest-{sub.id}").trigger
            fires, previous = [], None
            for _ in range(3):  # as the scheduler asks: after each run, the next time after it
                previous = trigger.get_next_fire_time(previous, previous or start)
                fires.append(previous)
            first = skipped_day.replace(tzinfo=UTC)
            assert fires[0].astimezone(UTC) == first, (zone, fires)
            days = [fire.astimezone(ZoneInfo(zone)).date() for fire in fires]
            assert [(b - a).days for a, b in zip(days, days[1:], strict=False)] == [1, 1], (zone, fires)
            day = first.astimezone(ZoneInfo(zone)).date()
            assert daily_key(last_fire_time(sub, first)) == f"daily:{day} {time}:00 {zone}"
    finally:
        await runtime.stop()


async def test_a_clock_set_back_an_hour_does_not_stop_the_fetching_for_that_hour(tmp_path: Path, caplog) -> None:
    """NTP stepping a fast clock back an hour while the bot runs left what the old clock set an hour ahead: the
    scheduler's next ingest tick (and the config watch) and each source's next fetch, with its last one 'in the
    future'. Nothing was fetched for an hour and more, without a word. The runtime sees a repeating job due
    further ahead than its interval, and a source last read after now, and runs them now, and says so."""
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(items(1)))
    config = load_config(write_config(tmp_path, f'[[sources]]\nname = "Local"\nurl = "{feed}"\ninterval = 60\n'))
    runtime = Runtime(config, {"test": RecordingPlatform()}, tick_seconds=1)
    caplog.set_level(logging.WARNING, logger="bot.runtime")
    await runtime.start()
    try:
        await wait_for(lambda: runtime.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1)
        assert runtime.scheduler is not None
        ahead = datetime.now(UTC) + timedelta(hours=1)
        for job_id in ("ingest", "config-watch"):  # as the clock stepped back an hour leaves them
            runtime.scheduler.get_job(job_id).modify(next_run_time=ahead)
        runtime.db.execute("UPDATE sources SET last_attempt = ?, next_due = ?",
                           [to_iso(ahead), to_iso(ahead + timedelta(seconds=60))])
        feed.write_bytes(rss(items(2)))
        await wait_for(lambda: runtime.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2, timeout=20)
        assert "the clock went back" in caplog.text, caplog.text
    finally:
        await runtime.stop()


async def test_a_scheduled_digest_arrives_at_its_local_time_once(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, ""))
    platform = RecordingPlatform()
    runtime = Runtime(config, {"test": platform})
    add_articles(runtime.db, 3)
    sub, _ = sub_store.subscribe(runtime.db, platform="test", chat_id="c1", chat_kind="private", defaults=DEFAULTS)
    runtime.db.execute("UPDATE subscriptions SET since = '2000-01-01T00:00:00Z', created = '2000-01-01T00:00:00Z'")
    fire_at = (datetime.now(UTC) + timedelta(seconds=3)).replace(microsecond=0)
    zone = "Asia/Tokyo"
    local = fire_at.astimezone(ZoneInfo(zone))
    sub_store.update_settings(runtime.db, sub.id, SettingsChange(time=local.strftime("%H:%M:%S"), timezone=zone))
    await runtime.start()
    try:
        assert platform.sends == [], "nothing before its time"
        await wait_for(lambda: len(platform.sends) == 2, timeout=15)
        arrived = datetime.now(UTC)
        assert arrived >= fire_at, "not before its time"
        key = daily_key(last_fire_time(sub_store.get_by_id(runtime.db, sub.id), datetime.now(UTC)))
        assert ledger.has_digest(runtime.db, sub.id, key)
        assert await runtime.fire_daily(sub.id) == 0, "the same day's digest is planned once"
    finally:
        await runtime.stop()


def digest_due_two_hours_ago(tmp_path: Path) -> tuple[Config, RecordingPlatform, Runtime, Subscription]:
    """A chat whose digest time passed two hours ago, with two stories owed to it, on a bot not yet started."""
    config = load_config(write_config(tmp_path, ""))
    platform = RecordingPlatform()
    runtime = Runtime(config, {"test": platform})
    add_articles(runtime.db, 2)
    missed = (datetime.now(UTC) - timedelta(hours=2)).strftime("%H:%M")
    sub, _ = sub_store.subscribe(runtime.db, platform="test", chat_id="c1", chat_kind="private",
                                 defaults=replace(DEFAULTS, time=missed))
    runtime.db.execute("UPDATE subscriptions SET since = '2000-01-01T00:00:00Z', created = '2000-01-01T00:00:00Z'")
    return config, platform, runtime, sub


async def test_a_digest_missed_while_down_is_caught_up_at_start(tmp_path: Path) -> None:
    config, platform, runtime, sub = digest_due_two_hours_ago(tmp_path)
    await runtime.start()
    try:
        await wait_for(lambda: len(platform.sends) == 1)
    finally:
        await runtime.stop()
    restarted = Runtime(config, {"test": platform}, db=runtime.db)
    await restarted.start()
    await asyncio.sleep(0.5)
    await restarted.stop()
    assert len(platform.sends) == 1, "a restart does not send the same day's digest again"


async def test_a_digest_its_clock_jumped_past_is_sent_late_as_after_a_stop(tmp_path: Path, caplog) -> None:
    """The clock jumping forward past a digest time (a machine resumed from sleep, a virtual machine restored, NTP
    stepping a clock that had drifted) while the bot runs: the scheduler found the digest due two hours ago, more
    than its hour of grace, and skipped it with the library's "Run time of job ... was missed by 2:00:00"; the
    chat's stories waited a day, where a bot stopped over the same hours catches up digests of the last 12."""
    config = load_config(write_config(tmp_path, ""))
    platform = RecordingPlatform()
    runtime = Runtime(config, {"test": platform})
    add_articles(runtime.db, 2)
    await runtime.start()
    try:
        due = (datetime.now(UTC) - timedelta(hours=2)).replace(second=0, microsecond=0)
        local = due.astimezone(ZoneInfo("Etc/GMT-2"))  # UTC+2, as /settings tz UTC+2 stores it
        sub, _ = sub_store.subscribe(runtime.db, platform="test", chat_id="c1", chat_kind="private",
                                     defaults=replace(DEFAULTS, time=local.strftime("%H:%M"), timezone="Etc/GMT-2"))
        runtime.db.execute("UPDATE subscriptions SET since = '2000-01-01T00:00:00Z', created = '2000-01-01T00:00:00Z'")
        runtime.schedule_subscription(sub)
        assert runtime.scheduler is not None
        caplog.set_level(logging.INFO)
        runtime.scheduler.modify_job(f"digest-{sub.id}", next_run_time=due)  # where a jump of the clock leaves it
        await wait_for(lambda: len(platform.sends) == 1, timeout=15)
        assert ledger.has_daily_digest(runtime.db, sub.id, local.date().isoformat())
        assert "missed by" not in caplog.text
        # The zone as /settings shows it: POSIX's "Etc/GMT-2" reads as the opposite offset.
        assert ("the daily digest of test c1, due at " + local.strftime("%H:%M") + " UTC+2, goes out 2 h late: the "
                "clock jumped, or the machine slept") in caplog.text
    finally:
        await runtime.stop()


async def test_a_digest_the_clock_jumped_far_past_is_said_in_the_products_words(tmp_path: Path, caplog) -> None:
    """More than the 12 hours a late digest may go out: only the scheduler's "Run time of job ... was missed by
    13:00:00" said it, naming a job, not a chat, nor where its stories go."""
    config = load_config(write_config(tmp_path, ""))
    platform = RecordingPlatform()
    runtime = Runtime(config, {"test": platform})
    add_articles(runtime.db, 2)
    await runtime.start()
    try:
        due = (datetime.now(UTC) - timedelta(hours=13)).replace(second=0, microsecond=0)
        sub, _ = sub_store.subscribe(runtime.db, platform="test", chat_id="c1", chat_kind="private",
                                     defaults=replace(DEFAULTS, time=due.strftime("%H:%M")))
        runtime.schedule_subscription(sub)
        assert runtime.scheduler is not None
        caplog.set_level(logging.INFO)
        runtime.scheduler.modify_job(f"digest-{sub.id}", next_run_time=due)
        await wait_for(lambda: "was not sent" in caplog.text, timeout=15)
        assert ("the daily digest of test c1, due at " + due.strftime("%H:%M") + " UTC, was not sent: the clock "
                "jumped 13 h past it (more than 12 h): its stories come with the next digest (or /digest, now)"
                ) in caplog.text
        assert platform.sends == []
    finally:
        await runtime.stop()


def test_after_a_day_down_the_operator_is_told_what_is_caught_up_how_long_it_takes_and_what_waits(
    tmp_path: Path, caplog
) -> None:
    """Forty chats whose digest came due two hours ago are caught up (how many, the messages, when the last goes);
    three whose digest time passed thirteen hours ago are not sent one that late, and the log says so."""
    config, platform, runtime, _ = digest_due_two_hours_ago(tmp_path)
    two_hours = (datetime.now(UTC) - timedelta(hours=2)).strftime("%H:%M")
    thirteen_hours = (datetime.now(UTC) - timedelta(hours=13)).strftime("%H:%M")
    for n in range(2, 41):
        sub_store.subscribe(runtime.db, platform="test", chat_id=f"c{n}", chat_kind="private",
                            defaults=replace(DEFAULTS, time=two_hours))
    for n in range(3):
        sub_store.subscribe(runtime.db, platform="test", chat_id=f"late{n}", chat_kind="private",
                            defaults=replace(DEFAULTS, time=thirteen_hours))
    runtime.db.execute("UPDATE subscriptions SET since = '2000-01-01T00:00:00Z', created = '2000-01-01T00:00:00Z'")
    caplog.set_level(logging.INFO, logger="bot.runtime")
    assert runtime.catch_up() == 80, "40 digests of 2 stories"
    runtime.db.conn.close()
    [caught] = [r for r in caplog.records if "caught up" in r.getMessage()]
    assert caught.levelno == logging.INFO
    assert caught.getMessage() == (
        "caught up the daily digests of 40 chats, due while Communiqué was stopped: 40 messages on test; at its "
        "pace (200 a second) the last goes out in about 1 s"
    )
    [late] = [r for r in caplog.records if "more than 12 hours ago" in r.getMessage()]
    assert late.levelno == logging.WARNING
    assert late.getMessage() == (
        "the daily digest time of 3 chats passed more than 12 hours ago while Communiqué was stopped: no digest "
        "is sent that late; their stories come with their next digest (or /digest, now)"
    )


async def test_a_digest_time_moved_later_the_same_day_still_brings_that_days_later_digest(tmp_path: Path) -> None:
    """'/settings time 20:00' after the 08:00 digest: the stories since come at 20:00, not 36 hours later."""
    config, platform, runtime, sub = digest_due_two_hours_ago(tmp_path)
    await runtime.start()
    try:
        await wait_for(lambda: len(platform.sends) == 1)  # this morning's digest
        add_articles(runtime.db, 2, start=10)  # news since
        later = (datetime.now(UTC) + timedelta(seconds=3)).replace(microsecond=0)
        moved = sub_store.update_settings(runtime.db, sub.id, SettingsChange(time=later.strftime("%H:%M:%S")),
                                          origin="command")
        runtime.schedule_subscription(moved)  # what /settings does
        await wait_for(lambda: len(platform.sends) == 2, timeout=15)
        assert sorted(platform.sends[1].payload["article_ids"]) == sorted(
            a for a in range(1, 5) if a not in platform.sends[0].payload["article_ids"])
        assert await runtime.fire_daily(sub.id) == 0, "the moved digest is planned once"
    finally:
        await runtime.stop()


async def test_a_new_time_zone_does_not_swallow_the_next_days_digest(tmp_path: Path) -> None:
    """A chat in Auckland whose digest of a day went out (19:00 UTC the eve) moves to UTC: the 08:00 UTC digest of
    that date, thirteen hours later, is its next one, not a repeat of one already planned."""
    config = load_config(write_config(tmp_path, ""))
    runtime = Runtime(config, {"test": RecordingPlatform()})
    add_articles(runtime.db, 2)
    sub, _ = sub_store.subscribe(runtime.db, platform="test", chat_id="c1", chat_kind="private",
                                 defaults=replace(DEFAULTS, time="08:00", timezone="Pacific/Auckland"))
    runtime.db.execute("UPDATE subscriptions SET since = '2000-01-01T00:00:00Z', created = '2000-01-01T00:00:00Z'")
    day = (datetime.now(UTC) + timedelta(days=2)).replace(hour=8, minute=0, second=5, microsecond=0)
    runtime.now = lambda: day.replace(tzinfo=ZoneInfo("Pacific/Auckland")).astimezone(UTC)  # 19:00 UTC the eve
    assert await runtime.fire_daily(sub.id) == 2
    add_articles(runtime.db, 1, start=10)
    sub_store.update_settings(runtime.db, sub.id, SettingsChange(timezone="UTC"), origin="command")
    runtime.now = lambda: day
    assert await runtime.fire_daily(sub.id) == 1


async def test_a_restart_after_moving_the_time_earlier_sends_no_second_digest(tmp_path: Path) -> None:
    """The 08:00 digest went out; the chat moves to 07:00 (passed today): a restart does not 'catch up' 07:00."""
    config = load_config(write_config(tmp_path, ""))
    runtime = Runtime(config, {"test": RecordingPlatform()})
    add_articles(runtime.db, 2)
    sub, _ = sub_store.subscribe(runtime.db, platform="test", chat_id="c1", chat_kind="private",
                                 defaults=replace(DEFAULTS, time="08:00"))
    runtime.db.execute("UPDATE subscriptions SET since = '2000-01-01T00:00:00Z', created = '2000-01-01T00:00:00Z'")
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    runtime.now = lambda: tomorrow.replace(hour=8, minute=0, second=5)
    assert await runtime.fire_daily(sub.id) == 2
    add_articles(runtime.db, 1, start=10)
    sub_store.update_settings(runtime.db, sub.id, SettingsChange(time="07:00"), origin="command")
    runtime.now = lambda: tomorrow.replace(hour=8, minute=30)
    assert runtime.catch_up() == 0, "today's digest went out at 08:00"


async def test_instant_subscribers_get_new_stories_after_ingest(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(items(2)))
    config = load_config(write_config(tmp_path, f'[[sources]]\nname = "Local"\nurl = "{feed}"\ninterval = 30\n'))
    platform = RecordingPlatform()
    runtime = Runtime(config, {"test": platform}, tick_seconds=0.5)
    sub, _ = sub_store.subscribe(runtime.db, platform="test", chat_id="c1", chat_kind="private",
                                 defaults=replace(DEFAULTS, mode="instant"))
    await runtime.start()
    try:
        await wait_for(lambda: len(platform.sends) == 1)
        assert len(platform.sends[0].payload["article_ids"]) == 2
        feed.write_bytes(rss(items(3)))  # one new entry on the next fetch
        runtime.db.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")
        await wait_for(lambda: len(platform.sends) == 2)
        assert len(platform.sends[1].payload["article_ids"]) == 1
    finally:
        await runtime.stop()


async def test_config_edits_apply_without_restart_and_bad_edits_are_refused(tmp_path: Path, caplog) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(items(1)))
    path = write_config(tmp_path, f'[[sources]]\nname = "One"\nurl = "{feed}"\n')
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    await runtime.start()
    try:
        assert [s.name for s in source_store.list_sources(runtime.db)] == ["One"]
        await asyncio.sleep(1.1)  # a new modification time
        path.write_text(path.read_text() + f'\n[[sources]]\nname = "Two"\nurl = "{feed}"\ntags = ["un"]\n')
        await wait_for(lambda: len(source_store.list_sources(runtime.db)) == 2, timeout=10)
        assert runtime.config.sources[1].tags == ("un",)

        caplog.set_level(logging.ERROR)
        await asyncio.sleep(1.1)
        good = path.read_text()
        path.write_text(good + '\n[digest]\ntime = "25:00"\n')
        await wait_for(lambda: "config edit refused" in caplog.text, timeout=10)
        assert "'time' = '25:00'" in caplog.text
        assert len(runtime.config.sources) == 2, "the running config stays in force"

        caplog.set_level(logging.INFO)
        path.write_text(good.replace('name = "Two"', 'name = "Deux"'))
        assert runtime.reload_config()  # what SIGHUP calls
        names = sorted(s.name for s in source_store.list_sources(runtime.db))
        assert names == ["Deux", "One"], "a source renamed: the same row under its new name"
        assert f"config reloaded from {path}: 2 sources (renamed: Two to Deux)" in caplog.text
        path.write_text(good.replace('name = "Two"', 'name = "Three"').replace('name = "One"', 'name = "Uno"')
                        + f'\n[[sources]]\nname = "Four"\nurl = "{tmp_path / "four.xml"}"\n')
        assert runtime.reload_config()
        assert "3 sources (added: Four; renamed: One to Uno, Deux to Three)" in caplog.text
        path.write_text(good.replace('name = "Two"', 'name = "Three"').replace('name = "One"', 'name = "Uno"'))
        assert runtime.reload_config()
        assert "2 sources (removed: Four)" in caplog.text
    finally:
        await runtime.stop()


async def test_the_reload_line_says_what_was_stored_of_the_sources_after_the_database_failed(
    tmp_path: Path, caplog
) -> None:
    """The reload's line said what the edit changed between two configs, not what was stored: a rename the database
    could not take was said as done, and when the next edit was stored with it, the rename was never said."""
    feed, other = tmp_path / "feed.xml", tmp_path / "other.xml"
    good = f'[[sources]]\nname = "One"\nurl = "{feed}"\n\n[[sources]]\nname = "Two"\nurl = "{other}"\n'
    path = write_config(tmp_path, good)
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    runtime.sync_config()
    caplog.set_level(logging.INFO, logger="bot.runtime")
    try:
        runtime.db.execute("PRAGMA query_only = ON")  # every write fails, as on a read-only or failing disk
        path.write_text(good.replace('name = "Two"', 'name = "Deux"'))
        assert runtime.reload_config()
        assert "renamed" not in caplog.text, "nothing was renamed: the database could not be written"
        assert f"config reloaded from {path}: 2 sources, not stored yet" in caplog.text

        caplog.clear()
        runtime.db.execute("PRAGMA query_only = OFF")
        await runtime._watch_config()  # the watch stores what it could not
        assert sorted(s.name for s in source_store.list_sources(runtime.db)) == ["Deux", "One"]
        assert f"config from {path} stored: 2 sources (renamed: Two to Deux)" in caplog.text

        caplog.clear()
        runtime.db.execute("PRAGMA query_only = ON")
        path.write_text(good.replace('name = "One"', 'name = "Uno"'))  # "Deux" back to "Two" as well
        assert runtime.reload_config()
        runtime.db.execute("PRAGMA query_only = OFF")
        path.write_text(good.replace('name = "One"', 'name = "Uno"') + f'[[sources]]\nname = "Four"\nurl = "{feed}4"\n')
        assert runtime.reload_config()
        assert f"config reloaded from {path}: 3 sources (added: Four; renamed: One to Uno, Deux to Two)" \
            in caplog.text, "what this edit and the one not stored did together"
    finally:
        runtime.db.conn.close()


async def test_a_source_renamed_while_the_bot_was_stopped_is_said_at_start(tmp_path: Path, caplog) -> None:
    """A reload says which sources came, went or were renamed; an edit made while the bot was stopped was applied
    at the next start without a word. A long list is cut (an OPML import adds hundreds)."""
    feed, other = tmp_path / "feed.xml", tmp_path / "other.xml"
    good = f'[[sources]]\nname = "One"\nurl = "{feed}"\n\n[[sources]]\nname = "Two"\nurl = "{other}"\n'
    path = write_config(tmp_path, good)
    first = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    first.sync_config()
    first.db.conn.close()
    many = "".join(f'[[sources]]\nname = "Desk {n:02d}"\nurl = "{tmp_path / f"d{n}.xml"}"\n' for n in range(25))
    write_config(tmp_path, good.replace('name = "Two"', 'name = "Deux"') + many)
    caplog.set_level(logging.INFO, logger="bot.runtime")
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    await runtime.start()
    try:
        names = ", ".join(f"Desk {n:02d}" for n in range(20))
        assert f"config read from {path}: 27 sources (added: {names} and 5 more; renamed: Two to Deux)" \
            in caplog.text, caplog.text
    finally:
        await runtime.stop()


async def test_subscriptions_declared_in_the_config_follow_it(tmp_path: Path) -> None:
    path = write_config(
        tmp_path,
        '[telegram]\n[[subscriptions]]\nplatform = "telegram"\nchat_id = "-1001234"\ntopics = ["un"]\n'
        'time = "07:15"\ntimezone = "Europe/Kyiv"\n',
    )
    runtime = Runtime(load_config(path), {"telegram": RecordingPlatform(name="telegram")}, tick_seconds=3600)
    runtime.sync_config()
    sub = sub_store.get(runtime.db, "telegram", "-1001234")
    assert sub.active and sub.topics == ["un"] and sub.time == "07:15" and sub.chat_kind == "channel"
    path.write_text(path.read_text().split("[[subscriptions]]")[0])
    assert runtime.reload_config()
    assert not sub_store.get(runtime.db, "telegram", "-1001234").active


async def test_a_reload_declaring_one_chat_twice_is_refused_and_the_subscription_stays(tmp_path: Path, caplog) -> None:
    """Of two blocks for one chat, one was applied and the other dropped without a word: the edit is refused, with
    check-config's message, and the running config stays."""
    block = '[[subscriptions]]\nplatform = "telegram"\nchat_id = "-1001234"\ntopics = ["un"]\n'
    path = write_config(tmp_path, "[telegram]\n" + block)
    runtime = Runtime(load_config(path), {"telegram": RecordingPlatform(name="telegram")}, tick_seconds=3600)
    runtime.sync_config()
    caplog.set_level(logging.ERROR)
    path.write_text(path.read_text() + block.replace('["un"]', '["fisheries"]'))
    assert not runtime.reload_config()
    assert ("[[subscriptions]] #2 'chat_id' = '-1001234': a chat no other [[subscriptions]] block declares "
            "(#1 declares telegram -1001234)") in caplog.text
    assert "config edit refused, still running with the previous config" in caplog.text
    assert sub_store.get(runtime.db, "telegram", "-1001234").topics == ["un"]


async def test_an_operator_alert_is_retried_until_the_platform_takes_it(tmp_path: Path) -> None:
    from bot.core.commands import Reply
    from bot.core.outcomes import RetryAfter, Transient

    config = load_config(write_config(tmp_path, "[telegram]\noperators = [42]\n"))
    platform = RecordingPlatform(name="telegram")
    platform.answer("42", Transient("not connected"), RetryAfter(0.1))
    runtime = Runtime(config, {"telegram": platform})
    payload = platform.render_reply(Reply(text="source down"))[0]
    assert await runtime._deliver_alert(platform, "42", payload, attempts=3, first_delay=0.05) is True
    assert len(platform.sends) == 3 and "source down" in platform.sends[-1].payload["text"]


async def test_a_platform_that_fails_to_start_does_not_leave_the_others_running(tmp_path: Path) -> None:
    class Refusing(RecordingPlatform):
        async def start(self, commands) -> None:
            raise RuntimeError("token refused")

    class Tracking(RecordingPlatform):
        stopped = False

        async def stop(self) -> None:
            self.stopped = True

    config = load_config(write_config(tmp_path, ""))
    first, second = Tracking(name="first"), Refusing(name="second")
    runtime = Runtime(config, {"first": first, "second": second})
    import pytest

    with pytest.raises(RuntimeError, match="token refused"):
        await runtime.run_forever(asyncio.Event())
    assert first.stopped


async def test_stopping_while_jobs_are_due_logs_no_error(tmp_path: Path, caplog) -> None:
    """Ctrl-C at the moment the clocks fire: the jobs already handed to the loop finish, none is logged as failed."""
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(items(1)))
    path = write_config(tmp_path, f'[[sources]]\nname = "One"\nurl = "{feed}"\n')
    caplog.set_level(logging.ERROR)
    for _ in range(3):
        runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
        await runtime.start()
        assert runtime.scheduler is not None
        for job in runtime.scheduler.get_jobs():
            job.modify(next_run_time=datetime.now(UTC))  # every clock fires now
        runtime.scheduler.wakeup()
        handed = []
        for _ in range(50):  # until the scheduler has handed its jobs to the loop
            handed = [t for t in asyncio.all_tasks() if t.get_coro().__name__ == "run_coroutine_job" and not t.done()]
            if handed:
                break
            await asyncio.sleep(0)
        assert handed, "the scheduler handed no job to the loop"
        await runtime.stop()
        runtime.db.close()
    assert "Error running job" not in caplog.text
    assert "Traceback" not in caplog.text


async def test_sources_failing_together_are_told_to_the_operator_in_one_alert(feed_server, make_config) -> None:
    """When the bot's own network fails, every source reaches its failure streak in the same pass: each was one
    alert, a message per source to every operator at once (hundreds, into the platform's rate limit)."""
    feed_server.route("/down.xml", status=503)
    feed_server.route("/gone.xml", status=404)
    sources = [{"name": f"Desk {n:02d}", "url": feed_server.url("/down.xml" if n % 3 else "/gone.xml")}
               for n in range(12)]
    config = make_config(sources=sources, alerts={"after_failures": 1}, telegram={"operators": [42]})
    platform = RecordingPlatform(name="telegram")
    runtime = Runtime(config, {"telegram": platform}, tick_seconds=3600)
    try:
        runtime.ingestor.sync_sources()
        await runtime.ingest_tick()
        await wait_for(lambda: len(platform.sends) >= 1)
        await asyncio.sleep(0.2)
        [alert] = [s.payload["text"] for s in platform.sends if s.chat_id == "42"]
        assert alert.startswith("Communiqué: 12 sources have failed once: “Desk 00”, “Desk 01”, “Desk 02”, “Desk 03”, "
                                "“Desk 04”, “Desk 05”, “Desk 06”, “Desk 07”, “Desk 08”, “Desk 09” and 2 more.")
        assert "Last errors: HTTP 503 service unavailable (8), HTTP 404 not found (4)." in alert
        assert "/status" in alert

        feed_server.route("/alone.xml", status=500)
        lone = make_config(sources=[*sources, {"name": "Alone", "url": feed_server.url("/alone.xml")}],
                           alerts={"after_failures": 1}, telegram={"operators": [42]})
        runtime.config = lone
        runtime.sync_config()
        await runtime.ingest_tick()
        await wait_for(lambda: len([s for s in platform.sends if s.chat_id == "42"]) == 2)
        assert platform.sends[-1].payload["text"].startswith("Communiqué: the source “Alone” has failed once.")
    finally:
        await runtime.stop()


async def test_a_config_file_deleted_while_running_is_said_once_and_read_again_when_back(
    tmp_path: Path, caplog
) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(items(1)))
    path = write_config(tmp_path, f'[[sources]]\nname = "One"\nurl = "{feed}"\n')
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    runtime.sync_config()
    caplog.set_level(logging.INFO)
    await runtime._watch_config()  # the first look notes the file's time
    kept = path.read_text()
    path.unlink()
    await runtime._watch_config()
    await runtime._watch_config()
    assert caplog.text.count(f"config file {path} cannot be read") == 1, "said once, not at every watch"
    assert [s.name for s in source_store.list_sources(runtime.db)] == ["One"], "the running config stays"

    path.write_text(kept + f'\n[[sources]]\nname = "Two"\nurl = "{feed}"\n')
    await runtime._watch_config()
    assert f"config file {path} is back" in caplog.text
    await runtime._watch_config()  # read once it holds still (it may be being written)
    assert sorted(s.name for s in source_store.list_sources(runtime.db)) == ["One", "Two"], "read again"


async def test_a_save_still_being_written_is_not_applied_until_the_file_holds_still(tmp_path: Path, caplog) -> None:
    """An editor writing the file in place (or scp, or `cat >` while pasting) leaves it half-written for a moment,
    and a prefix of a config is often a valid config: read then, it ended the subscription of a [[subscriptions]]
    block not yet written, removed the sources after it and lost the [fetch] settings at the end (a fetch in that
    moment failed and kept its backoff once the whole file was there). The watch reads an edit once the file is the
    same at two looks in a row."""
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(items(1)))
    whole = (f'[[sources]]\nname = "One"\nurl = "{feed}"\n\n[[sources]]\nname = "Two"\nurl = "{feed}?2"\n\n'
             '[[subscriptions]]\nplatform = "console"\nchat_id = "terminal"\n')
    path = write_config(tmp_path, whole)
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    runtime.sync_config()
    caplog.set_level(logging.INFO)
    await runtime._watch_config()  # the first look notes the file

    edited = whole.replace('name = "Two"', 'name = "Deux"')
    text = path.read_text()
    half = text[:text.index("[[sources]]\nname = \"Two\"")]  # the first source written, the rest not yet
    path.write_text(half)
    await runtime._watch_config()
    assert "config reloaded" not in caplog.text, "a file being written is not read yet"
    assert sub_store.get(runtime.db, "console", "terminal").active
    assert sorted(s.name for s in source_store.list_sources(runtime.db)) == ["One", "Two"]

    path.write_text(text.replace(whole, edited))  # the save finished
    await runtime._watch_config()
    assert "config reloaded" not in caplog.text, "changed since the last look: still being written, perhaps"
    await runtime._watch_config()
    assert f"config reloaded from {path}: 2 sources (renamed: Two to Deux)" in caplog.text
    assert "ended" not in caplog.text and sub_store.get(runtime.db, "console", "terminal").active
    await runtime._watch_config()
    assert caplog.text.count("config reloaded") == 1, "read once"

    path.write_text(text)  # the edit undone, and SIGHUP sent: read at once, and not again by the watch
    runtime._reload_on_signal()
    assert caplog.text.count("config reloaded") == 2 and "renamed: Deux to Two" in caplog.text
    await runtime._watch_config()
    await runtime._watch_config()
    assert caplog.text.count("config reloaded") == 2


def test_a_reload_that_gives_a_source_a_new_url_says_so(tmp_path: Path, caplog) -> None:
    """A feed that moved (the site's new address): the same source, its stories kept, read anew at the new address.
    The reload said only "2 sources", so an operator could not tell the edit was read as a move, not as a source
    removed and another added."""
    feed, other = tmp_path / "feed.xml", tmp_path / "other.xml"
    good = f'[[sources]]\nname = "One"\nurl = "{feed}"\n\n[[sources]]\nname = "Two"\nurl = "{other}"\n'
    path = write_config(tmp_path, good)
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    runtime.sync_config()
    before = {s.name: s.id for s in source_store.list_sources(runtime.db)}
    caplog.set_level(logging.INFO, logger="bot.runtime")
    path.write_text(path.read_text().replace(str(other), str(tmp_path / "moved.xml")))
    assert runtime.reload_config()
    assert f"config reloaded from {path}: 2 sources (url changed: Two)" in caplog.text
    assert {s.name: s.id for s in source_store.list_sources(runtime.db)} == before, "the same sources"


async def test_a_subscription_topic_that_is_a_slip_of_a_tag_is_warned_at_start_and_by_a_reload(
    tmp_path: Path, caplog
) -> None:
    """A [[subscriptions]] block's topic one letter off a source's tag ("gama" for "gamma") was taken without a
    word as a keyword no story says: the chat stopped getting that tag's stories, and nothing told anyone, where
    /subscribe typed so asks "did you mean". Warned, not refused: any word is a keyword a chat may follow."""
    sources = ('[[sources]]\nname = "Gamma desk"\nurl = "https://gamma.example/rss"\ntags = ["gamma", "Sea Law"]\n'
               '[[subscriptions]]\nplatform = "console"\nchat_id = "terminal"\n')
    path = write_config(tmp_path, sources + 'topics = ["gamma", "ceasefire"]\n')
    caplog.set_level(logging.WARNING)
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    await runtime.start()
    try:
        assert "did you mean" not in caplog.text, "a tag, and a keyword near no tag, are what the operator meant"
        path.write_text(path.read_text().replace('"gamma", "ceasefire"', '"gama", "ceasefire", "sea laws"'))
        assert runtime.reload_config(), "the edit is applied"
        assert (f"config {path}: [[subscriptions]] #1 (console terminal): the topic “gama” is no source's tag (did "
                "you mean “gamma”?): as a keyword it brings only the stories whose title, text or feed category says "
                "“gama”") in caplog.text
        assert "the topic “sea laws” is no source's tag (did you mean “sea law”?)" in caplog.text
        assert "“ceasefire”" not in caplog.text
        caplog.clear()
        await runtime.stop()
        runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
        await runtime.start()
        assert "the topic “gama” is no source's tag (did you mean “gamma”?)" in caplog.text, "and at start"
    finally:
        await runtime.stop()
        runtime.db.close()


async def test_a_reload_that_changes_a_source_interval_applies_it_from_the_last_fetch(
    tmp_path: Path, feed_server, caplog
) -> None:
    """The next fetch was fixed by the interval of the fetch before the edit: a source moved from "6h" to "5m" was
    next read up to six hours later, the edit silently waiting. Now it counts from the last fetch: read at once
    when that is more than the new interval ago. A failing source keeps its backoff (and a Retry-After)."""
    feed_server.route("/wire.xml", body=rss(items(2)))
    feed_server.route("/down.xml", status=503)
    block = '[[sources]]\nname = "{name}"\nurl = "{url}"\ninterval = "{interval}"\n'
    body = ('[fetch]\nallow_private_addresses = true\n'
            + block.format(name="Wire", url=feed_server.url("/wire.xml"), interval="6h")
            + block.format(name="Down", url=feed_server.url("/down.xml"), interval="6h"))
    path = write_config(tmp_path, body)
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    runtime.sync_config()
    await runtime.ingest_tick()
    due = {s.name: s.next_due for s in source_store.list_sources(runtime.db)}
    assert source_store.due_sources(runtime.db, to_iso(datetime.now(UTC) + timedelta(hours=1))) == []

    path.write_text(body.replace('"6h"', '"30m"'))
    assert runtime.reload_config()
    rows = {s.name: s for s in source_store.list_sources(runtime.db)}
    fetched = datetime.fromisoformat(rows["Wire"].last_attempt.replace("Z", "+00:00"))
    assert rows["Wire"].interval == 1800
    assert datetime.fromisoformat(rows["Wire"].next_due.replace("Z", "+00:00")) == fetched + timedelta(minutes=30)
    assert rows["Down"].next_due == due["Down"], "a failing source keeps its backoff"

    path.write_text(body.replace('"6h"', '"1m"', 1).replace('"6h"', '"30m"'))
    runtime.db.execute("UPDATE sources SET last_attempt = '2000-01-01T00:00:00Z' WHERE name = 'Wire'")
    assert runtime.reload_config()
    assert [s.name for s in source_store.due_sources(runtime.db, to_iso(datetime.now(UTC)))] == ["Wire"]


async def test_a_reload_that_changes_only_the_operators_says_what_applies_at_once(tmp_path: Path, caplog) -> None:
    """Who is an operator is read from the running config at each command, so an operator added (or removed) by an
    edit is one at once; the reload said "the [telegram] section changed; restart Communiqué to apply it", and an
    operator who removed someone believed they could still use /status until a restart."""
    from bot.core.commands import Invocation

    body = '[[sources]]\nname = "One"\nurl = "https://one.example/rss"\n[telegram]\noperators = [111]\n'
    path = write_config(tmp_path, body)
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    runtime.sync_config()
    caplog.set_level(logging.INFO, logger="bot.runtime")
    path.write_text(path.read_text().replace("[111]", "[222]"))
    assert runtime.reload_config()
    assert "section changed; restart" not in caplog.text, caplog.text
    assert ("the [telegram] operators changed (now 222): the operators' commands answer them from now on; restart "
            "Communiqué to list those commands in a new operator's private chat") in caplog.text, caplog.text
    reply = await runtime.run_command(Invocation(platform="telegram", chat_id="222", chat_kind="private",
                                                 user_id="222", command="status", args=[]))
    assert reply.text.startswith("Communiqué status:"), reply.text
    path.write_text(path.read_text().replace("[222]", "[222]\nlink_previews = true"))
    assert runtime.reload_config()
    assert "the [telegram] section changed; restart Communiqué to apply it" in caplog.text


async def test_an_edit_saved_while_the_bot_starts_is_read_once_it_has_started(tmp_path: Path, caplog) -> None:
    """The watch's first look, at the end of the start, took the file as it then was for the one read: an edit
    saved while the bot started (the platforms logging in, seconds on a poor network) was never applied, nor
    said, until the next edit. The file is now compared with the one the config was read from."""
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(items(1)))
    body = f'[[sources]]\nname = "One"\nurl = "{feed}"\n'
    path = write_config(tmp_path, body)
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    path.write_text(path.read_text().replace('name = "One"', 'name = "Uno"'))  # saved during the start
    caplog.set_level(logging.INFO, logger="bot.runtime")
    await runtime.start()
    try:
        await runtime._watch_config()
        await runtime._watch_config()
        assert f"config reloaded from {path}: 1 source (renamed: One to Uno)" in caplog.text, caplog.text
    finally:
        await runtime.stop()
        runtime.db.close()


def test_a_reload_of_a_file_left_empty_is_refused_and_the_running_config_stays(tmp_path: Path, caplog) -> None:
    """A save that left the file empty (a full disk, an editor that crashed, `>` for `>>`) is a valid TOML file
    and was taken: every source removed and every [[subscriptions]] block's chat ended, said at INFO, while
    check-config calls a config without sources invalid. Refused, as check-config refuses it."""
    feed = tmp_path / "feed.xml"
    body = (f'[[sources]]\nname = "One"\nurl = "{feed}"\n'
            '[[subscriptions]]\nplatform = "console"\nchat_id = "terminal"\n')
    path = write_config(tmp_path, body)
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    runtime.sync_config()
    caplog.set_level(logging.INFO, logger="bot.runtime")
    for empty in ("", f'[storage]\npath = "{tmp_path / "communique.db"}"\n'):
        path.write_text(empty)
        assert not runtime.reload_config()
        assert ("config edit refused, still running with the previous config: the file now has no [[sources]] "
                "(saved empty or cut short?)") in caplog.text, caplog.text
        assert [s.name for s in source_store.list_sources(runtime.db)] == ["One"]
        assert sub_store.get(runtime.db, "console", "terminal").active
        assert "ended" not in caplog.text
    path.write_text(path.read_text() + body)
    assert runtime.reload_config()


async def test_a_feed_two_sources_have_is_warned_at_start_and_by_a_reload_as_check_config_names_it(
    tmp_path: Path, caplog
) -> None:
    """check-config named it; `run` and a reload took it without a word, so a block copied and renamed (its url
    left as it was) fetched the feed twice and its new name never showed a story of its own. A warning, not a
    refusal: nothing is lost or sent twice, and a bot should not stop at its next start over a name."""
    block = '[[sources]]\nname = "{name}"\nurl = "{url}"\n'
    path = write_config(tmp_path, block.format(name="Wire", url="https://news.example.org/rss")
                        + block.format(name="Wire again", url="https://News.example.org/rss/"))
    caplog.set_level(logging.WARNING)
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    await runtime.start()
    try:
        warning = ("[[sources]] #2 “Wire again” has the feed of #1 “Wire” (https://News.example.org/rss/): it is "
                   "fetched twice, and each story is stored under whichever of the two names read it first; remove "
                   "one block, or give it its own url")
        assert f"config {path}: {warning}" in caplog.text
        caplog.clear()
        path.write_text(path.read_text() + block.format(name="Desk", url="https://desk.example/feed")
                        + block.format(name="Desk copy", url="https://desk.example/feed"))
        assert runtime.reload_config(), "the edit is applied"
        assert [s.name for s in runtime.config.sources] == ["Wire", "Wire again", "Desk", "Desk copy"]
        assert f"config {path}: {warning}" in caplog.text
        assert "#4 “Desk copy” has the feed of #3 “Desk” (https://desk.example/feed)" in caplog.text
    finally:
        await runtime.stop()
        runtime.db.close()


def test_a_reload_that_removes_the_only_source_of_a_topic_chats_follow_names_them(tmp_path: Path, caplog) -> None:
    """A source removed while chats follow its tag: the reload said "removed: Fisheries desk" and no more, and the
    chats on "fisheries" went on getting only the stories that happen to say the word, none of them told."""
    wire = '[[sources]]\nname = "Wire"\nurl = "https://news.example.org/rss"\ntags = ["wire", "fisheries"]\n'
    desk = '[[sources]]\nname = "Fisheries desk"\nurl = "https://fish.example.org/rss"\ntags = ["Fisheries", "seas"]\n'
    path = write_config(tmp_path, wire + desk)
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    runtime.sync_config()
    for chat, topics in (("c1", ["seas"]), ("c2", ["seas", "wire"]), ("c3", ["fisheries"]), ("c4", [])):
        sub_store.subscribe(runtime.db, platform="test", chat_id=chat, chat_kind="private", defaults=DEFAULTS,
                            topics=topics)
    caplog.set_level(logging.INFO)
    path.write_text(path.read_text().replace(desk, ""))
    assert runtime.reload_config()
    assert ("config reloaded: the topic “seas” is no source's tag now (it was the tag of Fisheries desk), and 2 "
            "chats follow it (test c1, test c2): they get only the stories whose title, text or feed category says “seas”. "
            "Tag another source "
            "“seas”, or put the source back; /topics shows the chats what there is") in caplog.text
    assert "“fisheries” is no source's tag" not in caplog.text, "another source still has that tag"
    assert "1 sources" not in caplog.text and "config reloaded from" in caplog.text
    runtime.db.close()


async def test_a_source_removed_while_the_bot_was_stopped_names_the_chats_on_its_topic_at_start(
    tmp_path: Path, caplog
) -> None:
    """The same edit made while the bot was stopped: its start said "config read from ...: 1 source (removed:
    Fisheries desk)" and nothing of the chats that follow the tag it took with it."""
    wire = '[[sources]]\nname = "Wire"\nurl = "https://news.example.org/rss"\ntags = ["wire"]\n'
    desk = '[[sources]]\nname = "Fisheries desk"\nurl = "https://fish.example.org/rss"\ntags = ["seas"]\n'
    path = write_config(tmp_path, wire + desk)
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    runtime.sync_config()
    sub_store.subscribe(runtime.db, platform="test", chat_id="c1", chat_kind="private", defaults=DEFAULTS,
                        topics=["seas"])
    path.write_text(path.read_text().replace(desk, ""))
    caplog.set_level(logging.INFO)
    restarted = Runtime(load_config(path), {"test": RecordingPlatform()}, db=runtime.db, tick_seconds=3600)
    await restarted.start()
    try:
        assert ("config read: the topic “seas” is no source's tag now (it was the tag of Fisheries desk), and 1 chat "
                "follows it (test c1)") in caplog.text
    finally:
        await restarted.stop()
        runtime.db.close()


def test_a_reload_that_changes_the_digest_defaults_says_whom_they_reach(tmp_path: Path, caplog) -> None:
    """[digest] time is the default a chat starts with: an operator moving it to 09:30 was told nothing, and chats
    subscribed by command went on getting their digest at 08:00 while the operator expected 09:30."""
    block = '[[sources]]\nname = "Wire"\nurl = "https://news.example.org/rss"\n'
    path = write_config(tmp_path, '[digest]\ntime = "08:00"\n' + block)
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    runtime.sync_config()
    for chat in ("c1", "c2"):
        sub_store.subscribe(runtime.db, platform="test", chat_id=chat, chat_kind="private", defaults=DEFAULTS)
    caplog.set_level(logging.INFO)
    path.write_text(path.read_text().replace('time = "08:00"', 'time = "09:30"\ntimezone = "Europe/Berlin"'))
    assert runtime.reload_config()
    assert ("config reloaded: the [digest] defaults changed (time 08:00 to 09:30, timezone UTC to Europe/Berlin): "
            "chats that subscribe from now on start with them, as do [[subscriptions]] blocks that set none of "
            "their own; the 2 chats subscribed by command keep their own settings (each changes them with "
            "/settings)") in caplog.text
    caplog.clear()
    path.write_text(path.read_text() + '[[sources]]\nname = "Desk"\nurl = "https://desk.example/feed"\n')
    assert runtime.reload_config()
    assert "[digest] defaults" not in caplog.text, "said for the edit that changed them"
    runtime.db.close()


def test_a_reload_that_changes_the_summary_length_says_it_is_for_stories_read_from_then_on(
        tmp_path: Path, caplog) -> None:
    """A summary is made once, when its story is read: an operator lowering [digest] summary_sentences from 3 to 1
    was told only "config reloaded", and the stories stored but not yet sent went out with three sentences."""
    block = '[[sources]]\nname = "Wire"\nurl = "https://news.example.org/rss"\n'
    path = write_config(tmp_path, '[digest]\nsummary_sentences = 3\n' + block)
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    runtime.sync_config()
    add_articles(runtime.db, 4)
    caplog.set_level(logging.INFO)
    path.write_text(path.read_text().replace("summary_sentences = 3", "summary_sentences = 1"))
    assert runtime.reload_config()
    assert ("config reloaded: [digest] summary_sentences changed from 3 to 1: the stories read from now on are "
            "summarized in 1 sentence; the 4 stored keep the summaries they were given") in caplog.text
    caplog.clear()
    path.write_text(path.read_text() + '[[sources]]\nname = "Desk"\nurl = "https://desk.example/feed"\n')
    assert runtime.reload_config()
    assert "summary_sentences" not in caplog.text, "said for the edit that changed it"
    runtime.db.execute("DELETE FROM articles")  # a new database: nothing stored keeps a summary of another length
    caplog.clear()
    path.write_text(path.read_text().replace("summary_sentences = 1", "summary_sentences = 2"))
    assert runtime.reload_config()
    assert ("[digest] summary_sentences changed from 1 to 2: the stories read from now on are summarized in 2 "
            "sentences") in caplog.text, caplog.text
    assert "the 0 stored" not in caplog.text and "keep the summaries" not in caplog.text, caplog.text
    runtime.db.close()


def test_a_reload_that_moves_the_database_says_how_to_move_it(tmp_path: Path, caplog) -> None:
    """Moving the database is an edit of [storage] path and a restart; the reload said only "restart Communiqué to
    use the new database", and a restart with nothing at the new path began an empty database there: every chat's
    subscription, every story and the sent ledger left behind, without a word."""
    block = '[[sources]]\nname = "Wire"\nurl = "https://news.example.org/rss"\n'
    path = write_config(tmp_path, block)
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    runtime.sync_config()
    caplog.set_level(logging.WARNING)
    old, new = tmp_path / "communique.db", tmp_path / "disk2" / "communique.db"
    path.write_text(path.read_text().replace(str(old), str(new)))
    assert runtime.reload_config()
    assert (f"the [storage] path changed in the config, from {old} to {new}, where there is no database yet: "
            "Communiqué goes on with the one it has until a restart, which would begin an empty one there (no "
            f"subscriptions, no stories). To move the database: stop Communiqué, move {old} (with "
            f"{old.name}-wal and {old.name}-shm, if there) to {new}, then start it") in caplog.text
    caplog.clear()
    new.parent.mkdir()
    new.write_bytes(old.read_bytes())
    path.write_text(path.read_text() + '[[sources]]\nname = "Desk"\nurl = "https://desk.example/feed"\n')
    assert runtime.reload_config()
    assert "[storage] path" not in caplog.text, "said once, for the edit that changed it"
    caplog.set_level(logging.INFO)
    path.write_text(path.read_text().replace(str(new), str(old)))  # the edit undone: the database in use again
    assert runtime.reload_config()
    assert "restart Communiqué" not in caplog.text, caplog.text
    assert f"the [storage] path is {old} again, the database in use: no restart needed" in caplog.text
    runtime.db.close()


async def test_a_reload_that_moves_the_metrics_endpoint_says_it_needs_a_restart(tmp_path: Path, caplog) -> None:
    """The endpoint listens where the start put it: an edit of [metrics] listen (to let another host scrape it) was
    taken by the reload without a word, as if applied, as a platform section's or the storage path's are not."""
    block = '[[sources]]\nname = "Wire"\nurl = "https://news.example.org/rss"\n'
    path = write_config(tmp_path, '[metrics]\nlisten = "127.0.0.1:9464"\n' + block)
    runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
    runtime.sync_config()
    caplog.set_level(logging.WARNING)
    path.write_text(path.read_text().replace("127.0.0.1:9464", "0.0.0.0:9464"))
    assert runtime.reload_config()
    assert ("the [metrics] section changed; restart Communiqué to apply it (/healthz and /metrics stay where they are "
            "until then)") in caplog.text
    caplog.clear()
    path.write_text(path.read_text() + '[[sources]]\nname = "Desk"\nurl = "https://desk.example/feed"\n')
    assert runtime.reload_config()
    assert "[metrics]" not in caplog.text, "said once, for the edit that changed it"
    runtime.db.close()


async def test_a_restart_after_the_clock_was_set_back_sends_what_waits_and_the_next_digest_at_its_time(
    tmp_path: Path, caplog
) -> None:
    """A bot on a clock an hour fast planned a chat's 08:00 digest (at 07:00 by the right time) and was stopped
    before it went out; the clock was set back (NTP correcting it) and the bot started again. The digest waited
    out the hour: its send time was written by the clock before, and the sender's watch for a clock set back sees
    only a step while it runs. A chat that subscribed on the fast clock before a digest time the stop went over
    was not caught up: its subscription looked made after it. At the restart the ledger's waits move back by as
    far as the newest time the old clock wrote is ahead of now, the log says so, and the next digest comes at its
    configured local time, once."""
    config = load_config(write_config(tmp_path, ""))
    platform = RecordingPlatform()
    first = Runtime(config, {"test": platform})
    add_articles(first.db, 2)
    now = datetime.now(UTC).replace(microsecond=0)
    due = (now - timedelta(minutes=20)).replace(second=0)  # a digest time passed 20 minutes ago, while the bot was stopped
    sub, _ = sub_store.subscribe(first.db, platform="test", chat_id="c1", chat_kind="private",
                                 defaults=replace(DEFAULTS, time=due.strftime("%H:%M"), timezone="UTC"))
    late, _ = sub_store.subscribe(first.db, platform="test", chat_id="c2", chat_kind="private",
                                  defaults=replace(DEFAULTS, time=due.strftime("%H:%M"), timezone="UTC"))
    first.db.execute("UPDATE subscriptions SET since = '2000-01-01T00:00:00Z', created = '2000-01-01T00:00:00Z'")
    first.now = lambda: due  # c1's digest of today, planned at its time by the clock before
    assert await first.fire_daily(sub.id) == 2
    fast = timedelta(hours=1)  # what the clock before wrote, an hour ahead of the right time
    first.db.execute("UPDATE deliveries SET created = ?, next_attempt = ?", [to_iso(now + fast), to_iso(now + fast)])
    # c2 subscribed 30 minutes before its digest time, by the right clock: the fast one wrote 30 minutes after it.
    first.db.execute("UPDATE subscriptions SET created = ? WHERE id = ?", [to_iso(due - timedelta(minutes=30) + fast),
                                                                           late.id])
    first.db.conn.close()
    runtime = Runtime(config, {"test": platform})
    caplog.set_level(logging.INFO, logger="bot.runtime")
    await runtime.start()
    try:
        await wait_for(lambda: {s.chat_id for s in platform.sends} == {"c1", "c2"}, timeout=15)
        assert "min behind the newest time Communiqué wrote (it was set back while Communiqué was stopped): 1 " \
               "message(s) waiting to be sent keep the wait they had" in caplog.text, caplog.text
        assert runtime.scheduler is not None
        assert runtime.scheduler.get_job(f"digest-{sub.id}").next_run_time == due + timedelta(days=1)
        assert runtime.catch_up() == 0, "none twice"
    finally:
        await runtime.stop()


async def test_a_second_restart_after_the_clock_was_set_back_moves_no_wait_again(tmp_path: Path, caplog) -> None:
    """The times the clock before wrote stay ahead of now until the clock catches up with them: each restart in
    that hour read them as a new step back and moved every wait back again, a retry told to wait 5 minutes by a
    platform's flood control included (sent at once, into the flood). The first start moves those times back
    with the waits; the next finds nothing ahead and moves nothing."""
    config = load_config(write_config(tmp_path, ""))
    platform = RecordingPlatform()
    runtime = Runtime(config, {"test": platform})
    add_articles(runtime.db, 1)
    now = datetime.now(UTC).replace(microsecond=0)
    sub, _ = sub_store.subscribe(runtime.db, platform="test", chat_id="c1", chat_kind="private",
                                 defaults=replace(DEFAULTS, timezone="UTC"))
    runtime.db.execute("UPDATE subscriptions SET since = '2000-01-01T00:00:00Z'")
    runtime.now = lambda: now
    assert await runtime.fire_daily(sub.id) == 1
    fast = timedelta(hours=1)
    runtime.db.execute("UPDATE deliveries SET created = ?, next_attempt = ?", [to_iso(now + fast), to_iso(now + fast)])
    runtime.db.execute("UPDATE subscriptions SET created = ?", [to_iso(now + fast)])
    caplog.set_level(logging.INFO, logger="bot.runtime")
    runtime._clock_set_back_while_stopped()  # the first start after the clock was set back
    assert "behind the newest time Communiqué wrote" in caplog.text
    assert [row[0] for row in runtime.db.execute("SELECT next_attempt FROM deliveries")] == [to_iso(now)]
    assert from_iso(sub_store.list_subscriptions(runtime.db)[0].created) <= now
    wait = to_iso(now + timedelta(minutes=5))  # a retry's wait, written by this clock
    runtime.db.execute("UPDATE deliveries SET next_attempt = ?", [wait])
    caplog.clear()
    runtime._clock_set_back_while_stopped()  # a restart ten minutes on: nothing was set back since
    assert "behind the newest time" not in caplog.text
    assert [row[0] for row in runtime.db.execute("SELECT next_attempt FROM deliveries")] == [wait]
    runtime.db.close()


async def test_a_watch_run_late_on_a_busy_machine_leaves_no_warning_in_the_log(tmp_path: Path, caplog) -> None:
    """The config, database and lock watches run every second or two. On a loaded 2-core machine (or while the bot
    planned 500 chats' digests at its start) a watch's turn came more than a second late, and the scheduler logged
    `Run time of job "Runtime._watch_database ..." was missed by 0:00:01.36` as a WARNING: words about a job, in
    the log an operator greps, with nothing to do about them; retention's turn so "missed" waited six hours more.
    A watch or retention late is run late. Played
    by a job that holds the event loop 2.5 s each second, sorted before the watches at the same moment, as the
    start's planning held it."""
    import time

    from apscheduler.triggers.interval import IntervalTrigger

    config = load_config(write_config(tmp_path, ""))
    runtime = Runtime(config, {"test": RecordingPlatform()}, tick_seconds=1,
                      guard=lambda: None)  # a guard, as `communique run` gives: the database watch runs too
    caplog.set_level(logging.WARNING)
    await runtime.start()
    try:
        assert runtime.scheduler is not None
        watch = runtime.scheduler.get_job("lock-watch")

        async def busy() -> None:
            time.sleep(2.5)

        runtime.scheduler.add_job(busy, IntervalTrigger(seconds=1, start_date=watch.next_run_time), id="0-busy",
                                  coalesce=True, misfire_grace_time=None)
        # Retention's turn (every 6 hours) coming while the loop is held: "missed", it waited 6 hours more.
        runtime.scheduler.get_job("retention").modify(next_run_time=watch.next_run_time + timedelta(seconds=1))
        await asyncio.sleep(8)
        missed = [r.getMessage() for r in caplog.records if "was missed by" in r.getMessage()]
        assert not missed, missed
        assert runtime.scheduler.get_job("lock-watch") is not None, "the watches still run"
    finally:
        await runtime.stop()


async def test_a_quiet_source_whose_feed_fails_once_is_not_alerted_of_again(feed_server, make_config) -> None:
    """A source fallen quiet is told to the operators once. A feed that fails now and then (a timeout, a 503) is not
    quiet while it fails, and was alerted of afresh at each look after its next good fetch: the same silence, the
    same alert, as often as the feed stumbled."""
    feed_server.route("/wire.xml", body=rss(items(12), title="Wire"))  # hourly, the newest at BASE_TIME
    clock = [BASE_TIME + timedelta(hours=23)]  # a day without news is the least silence that counts: not yet
    config = make_config(sources=[{"name": "Wire", "url": feed_server.url("/wire.xml")}],
                         telegram={"operators": [42]})
    platform = RecordingPlatform(name="telegram")
    runtime = Runtime(config, {"telegram": platform}, tick_seconds=3600, now=lambda: clock[0])

    def alerts() -> list[str]:
        return [s.payload["text"] for s in platform.sends
                if s.chat_id == "42" and "has brought no new story" in s.payload["text"]]

    try:
        runtime.ingestor.sync_sources()
        runtime.db.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")  # due by the test's clock
        await runtime.ingest_tick()
        assert runtime.quiet_notes == ()
        clock[0] = BASE_TIME + timedelta(hours=26)
        runtime._look_for_quiet([])
        await wait_for(lambda: len(alerts()) == 1)
        runtime.db.execute("UPDATE sources SET failures = 1 WHERE name = 'Wire'")  # one fetch failed
        runtime._look_for_quiet([])
        runtime.db.execute("UPDATE sources SET failures = 0 WHERE name = 'Wire'")  # the next one answered, unchanged
        clock[0] += timedelta(minutes=10)
        runtime._look_for_quiet([])
        assert runtime.quiet_notes and runtime.quiet_notes[0].startswith("Wire: no new story")
        await asyncio.sleep(0.3)
        assert len(alerts()) == 1, alerts()
    finally:
        await runtime.stop()


async def test_quiet_sources_are_looked_for_at_the_first_pass_then_every_quiet_every_passes(
        feed_server, make_config, monkeypatch) -> None:
    """A look for quiet sources reads every source's newest stories; a silence is counted in days, so it is made at
    the first pass and then every QUIET_EVERY passes (ten minutes at the 15 s tick), or at once when a quiet source
    brings a story or fails. The look reset the pass count to 0 and the next pass made it 1, read as "the first
    pass": every pass looked, four times a minute. The real look is counted, not replaced."""
    import bot.runtime as runtime_module
    from bot.runtime import QUIET_EVERY

    looks: list[int] = []
    real = runtime_module.quiet_sources

    def counted(*args, **kwargs):
        looks.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(runtime_module, "quiet_sources", counted)
    feed_server.route("/wire.xml", body=rss(items(3), title="Wire"))
    config = make_config(sources=[{"name": "Wire", "url": feed_server.url("/wire.xml")}])
    runtime = Runtime(config, {"telegram": RecordingPlatform(name="telegram")}, tick_seconds=3600)
    try:
        runtime.ingestor.sync_sources()
        for _ in range(QUIET_EVERY):
            runtime.after_ingest([])
        assert len(looks) == 1, f"looked {len(looks)} times in {QUIET_EVERY} passes"
        runtime.after_ingest([])
        assert len(looks) == 2, "and again QUIET_EVERY passes after the first"
    finally:
        await runtime.stop()


async def test_a_quiet_source_renamed_that_brings_a_story_is_said_back_at_once(feed_server, make_config, caplog) -> None:
    """Quiet sources are known by id (a rename in the config is the same source), but a pass's reports were matched to
    them by name: renamed, a quiet source that brought a story stayed listed as quiet in /healthz until the next
    look, ten minutes on, and its return was never said in the log."""
    feed_server.route("/wire.xml", body=rss(items(12), title="Wire"))  # hourly, the newest at BASE_TIME
    clock = [BASE_TIME + timedelta(hours=26)]
    config = make_config(sources=[{"name": "Wire", "url": feed_server.url("/wire.xml")}])
    runtime = Runtime(config, {"telegram": RecordingPlatform(name="telegram")}, tick_seconds=3600,
                      now=lambda: clock[0])
    caplog.set_level(logging.WARNING)
    try:
        runtime.ingestor.sync_sources()
        runtime.db.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")
        await runtime.ingest_tick()
        assert runtime.quiet_notes and runtime.quiet_notes[0].startswith("Wire: no new story")
        runtime.db.execute("UPDATE sources SET name = 'Wire service', next_due = '2000-01-01T00:00:00Z'")
        clock[0] += timedelta(minutes=1)
        fresh = replace(items(1, start=99)[0], published=clock[0])
        feed_server.route("/wire.xml", body=rss([fresh, *items(12)], title="Wire"))
        await runtime.ingest_tick()
        assert runtime.quiet_notes == (), runtime.quiet_notes
        assert "source Wire service brings new stories again" in caplog.text, caplog.text[-2000:]
    finally:
        await runtime.stop()
