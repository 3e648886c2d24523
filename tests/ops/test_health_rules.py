"""The health check's rules on their own, with the clock passed in: what is healthy, what is not, and why."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, parse_config
from bot.listen import ListenError, is_loopback, parse_listen
from bot.ops.health import Facts, assess


def facts(**changes: object) -> Facts:
    base: dict = dict(now=1000.0, tick=15.0, started_at=900.0, last_tick_at=995.0, last_pass_at=994.0,
                      platforms=("telegram",))
    return Facts(**{**base, **changes})


def test_a_ticking_bot_with_recent_passes_is_healthy() -> None:
    health = assess(facts())
    assert health.ok and health.reasons == ()
    assert health.as_json()["platforms"] == {"telegram": "up"}
    assert health.as_json()["last_tick_seconds_ago"] == 5.0


def test_before_the_runtime_starts_it_is_starting_not_healthy() -> None:
    health = assess(facts(started_at=None, last_tick_at=None, last_pass_at=None))
    assert health.status == "starting" and not health.ok


def test_a_scheduler_three_ticks_late_plus_slack_is_stuck() -> None:
    assert assess(facts(last_tick_at=1000.0 - 54, last_pass_at=999.0)).ok  # 3 x 15 + 10 = 55 s allowed
    health = assess(facts(last_tick_at=1000.0 - 56, last_pass_at=999.0))
    assert not health.ok
    assert health.reasons == ("the scheduler has not ticked for 56 s (it ticks every 15 s)",)


def test_no_finished_pass_for_too_long_is_overdue_even_while_ticks_come() -> None:
    assert assess(facts(last_pass_at=1000.0 - 74)).ok  # 3 x 15 + 30 = 75 s allowed
    health = assess(facts(last_pass_at=1000.0 - 80))
    assert health.reasons == ("the last ingest pass is overdue: none has finished for 80 s",)


def test_the_allowance_counts_from_the_start_when_nothing_has_happened_yet() -> None:
    assert assess(facts(started_at=990.0, last_tick_at=None, last_pass_at=None)).ok
    late = assess(facts(started_at=900.0, last_tick_at=None, last_pass_at=None))
    assert len(late.reasons) == 2


def test_a_database_error_and_a_platform_down_are_each_a_reason() -> None:
    health = assess(facts(database_error="unable to open database file", platforms_down=("telegram: not connected",)))
    assert health.status == "unhealthy"
    assert health.reasons == ("the database does not answer: unable to open database file", "telegram: not connected")
    assert health.as_json()["platforms"] == {"telegram": "not connected"}


@pytest.mark.parametrize(
    "written, expected",
    [
        ("9464", ("127.0.0.1", 9464)),
        (":9464", ("127.0.0.1", 9464)),
        ("127.0.0.1:9464", ("127.0.0.1", 9464)),
        ("localhost:8000", ("localhost", 8000)),
        ("0.0.0.0:9464", ("0.0.0.0", 9464)),
        ("[::1]:9464", ("::1", 9464)),
        ("[::]:9464", ("::", 9464)),
    ],
)
def test_listen_addresses_a_port_alone_means_loopback(written: str, expected: tuple[str, int]) -> None:
    assert parse_listen(written) == expected


@pytest.mark.parametrize("written", ["", "http://127.0.0.1:9464", "127.0.0.1", "127.0.0.1:0", "host:99999",
                                     "example.org:9464", "127.0.0.1:94x"])
def test_malformed_listen_addresses_are_refused(written: str) -> None:
    with pytest.raises(ListenError):
        parse_listen(written)


def test_loopback_is_told_apart_from_every_other_interface() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")


def test_the_metrics_section_is_off_by_default_and_checked_when_given() -> None:
    assert parse_config({}).metrics.listen is None
    assert parse_config({"metrics": {"listen": "127.0.0.1:9464"}}).metrics.listen == "127.0.0.1:9464"
    with pytest.raises(ConfigError) as error:
        parse_config({"metrics": {"listen": "everywhere", "port": 9464}})
    problems = error.value.problems
    assert any("[metrics] 'listen' = 'everywhere'" in p and "127.0.0.1:9464" in p for p in problems), problems
    assert any("unknown key 'port'" in p for p in problems), problems


def test_every_source_failing_is_an_outage_and_one_is_not() -> None:
    """A monitor that reads /healthz saw "ok" while no source could be fetched (the bot's own network down):
    nothing came in for hours, and only the operators' chat alert said so."""
    assert assess(facts(sources=3, sources_alerted=2, source_error="HTTP 500 server error")).ok
    assert assess(facts(sources=0, sources_alerted=0)).ok, "a bot with no sources yet is not failing"
    health = assess(facts(sources=3, sources_alerted=3, source_error="network error: ConnectError"))
    assert health.status == "unhealthy" and health.reasons == (
        "every source is failing (3 of 3, each [alerts] after_failures times in a row or more; one's last error: "
        "network error: ConnectError): no news comes in (the bot's own network?)",)


def test_every_source_failing_with_no_news_for_twice_the_shortest_interval_is_an_outage_before_the_alert() -> None:
    """Waiting for each source's alert took about 3 3/4 hours at the default 15-minute interval (the backoff
    doubles from it: 15 + 30 + 60 + 120 minutes to the fifth failure): a monitor saw "ok" all that time with
    nothing coming in. Twice the shortest interval with no source fetched tells it within the half hour; one
    failed round (a blip) does not."""
    failing = dict(sources=3, sources_failing=3, shortest_interval=900.0, source_error="network error: ConnectError")
    assert assess(facts(**failing, news_age=25 * 60.0)).ok, "one failed round is not yet an outage"
    assert assess(facts(sources=3, sources_failing=2, shortest_interval=900.0, news_age=5 * 3600.0)).ok, \
        "one source fetched is news coming in"
    health = assess(facts(**failing, news_age=47 * 60.0))
    assert health.status == "unhealthy" and health.reasons == (
        "every source is failing (3 of 3; none fetched for 47 min, twice the shortest interval is 30 min; one's "
        "last error: network error: ConnectError): no news comes in (the bot's own network?)",)
    never = assess(facts(**{**failing, "shortest_interval": 30.0}, news_age=None))  # started 100 s ago
    assert never.ok, "a bot whose sources never answered has twice a minute (the backoff's least) from its start"
    never = assess(facts(**{**failing, "shortest_interval": 30.0}, news_age=None, now=1200.0, last_tick_at=1195.0,
                         last_pass_at=1194.0))
    assert never.reasons[0].startswith("every source is failing (3 of 3; none fetched for 5 min, twice the shortest "
                                       "interval is 2 min;"), never.reasons



def test_the_retry_of_one_failed_round_is_no_outage_while_it_runs() -> None:
    """One failed round's retry comes an interval after the failure, so twice the interval after the last good
    fetch: until it answers (a tick's wait, a fetch's time) the news is older than twice the interval, and /healthz
    answered 503 for a blip a monitor then saw as an outage. A failure since, a second failed round, is one."""
    failing = dict(sources=3, sources_failing=3, shortest_interval=900.0, source_error="network error: ConnectError")
    assert assess(facts(**failing, news_age=31 * 60.0, failure_age=16 * 60.0)).ok, "the retry not answered yet"
    again = assess(facts(**failing, news_age=31 * 60.0, failure_age=10.0))
    assert again.reasons[0].startswith("every source is failing (3 of 3; none fetched for 31 min"), again.reasons


def test_another_programs_write_lock_is_shown_at_once_and_unhealthy_after_a_minute() -> None:
    """While an sqlite3 shell holds a transaction the bot answers, reads and ticks, but stores and sends nothing:
    /healthz said "ok" with "database": "ok" for as long as the lock was held. A brief lock (a backup tool, a
    transaction typed and committed) is shown but no outage; one held a minute is."""
    brief = assess(facts(database_locked=20.0, lock_holder="pid 4242, sqlite3"))
    assert brief.ok
    assert brief.as_json()["database"] == "locked by another program (pid 4242, sqlite3) for 20 s"
    held = assess(facts(database_locked=125.0, lock_holder="pid 4242, sqlite3"))
    assert not held.ok
    assert held.reasons == (
        "the database is locked by another program (pid 4242, sqlite3) for 2 min: nothing new is stored or sent "
        "until it ends its write transaction (an sqlite3 shell after BEGIN: COMMIT or ROLLBACK there)",)
    assert assess(facts(database_locked=61.0)).reasons[0].startswith(
        "the database is locked by another program for 61 s: ")


def test_a_database_that_takes_no_write_is_shown_at_once_and_unhealthy_after_a_minute() -> None:
    """A full disk or a file-size limit: the database answers the check's read, so /healthz said "ok" while
    nothing new was stored or sent. A moment's failure is shown; a minute's is an outage, as a lock's is."""
    brief = assess(facts(write_failing=20.0, write_error="database or disk is full"))
    assert brief.ok and brief.as_json()["database"] == "cannot be written (database or disk is full) for 20 s"
    held = assess(facts(write_failing=125.0, write_error="database or disk is full"))
    assert held.reasons == (
        "the database cannot be written (database or disk is full) for 2 min: nothing new is stored or sent until "
        "it can be (free room on its disk, or see `communique status`)",)


def test_sources_failing_because_the_database_takes_no_write_point_at_the_database_not_the_network() -> None:
    """Every source answered, but what they carried could not be stored (a full disk): the reason said "(the
    bot's own network?)", sending the operator to the wrong place."""
    health = assess(facts(sources=2, sources_failing=2, news_age=400.0, failure_age=10.0, shortest_interval=60.0,
                          source_error="could not store its entries: database or disk is full"))
    [reason] = health.reasons
    assert "network" not in reason and reason.endswith(
        "no news is stored (the database takes no write: see \"database\")"), reason


def test_messages_late_past_half_an_hour_on_a_platform_that_is_up_are_an_outage_said_once() -> None:
    """A busy digest hour (messages a quarter hour late) is no outage; half an hour and more on a platform that is
    up is (its sends hang). A platform already said to be down is not said twice, and one that does not run here
    (its token not set, its chats' messages waiting for it) has its own reason."""
    assert assess(facts(delivery_lag=(("telegram", 29 * 60.0, 400),))).ok
    late = assess(facts(delivery_lag=(("telegram", 41 * 60.0, 120),)))
    assert late.reasons == ("telegram: messages are late: the oldest unsent was due 41 min ago (120 past their time)",)
    down = assess(facts(delivery_lag=(("telegram", 41 * 60.0, 120),), platforms_down=("telegram: not connected",)))
    assert down.reasons == ("telegram: not connected",)
    assert assess(facts(delivery_lag=(("discord", 90 * 60.0, 3),))).ok


def test_a_chat_waiting_out_a_retry_makes_no_message_late(tmp_path) -> None:
    """One chat's message waits out a retry's backoff (its chat's server errors); the chat's next digest, planned an
    hour ago, waits behind it, as the sender holds a chat's messages in order. Counted as late, that one chat's wait
    turned /healthz to 503 "messages are late" for the whole platform after half an hour, while every other chat
    got its messages. Only a message the sender would send now and has not is late: here the other chat's, 40 min."""
    from datetime import UTC, datetime, timedelta

    from bot.ops.health import delivery_lag
    from storage import connect
    from storage.db import to_iso

    now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    db = connect(tmp_path / "bot.db")
    for sub_id, chat in ((1, "-100111"), (2, "-100222")):
        db.execute("INSERT INTO subscriptions (id, platform, chat_id, mode, time, timezone, max_items, created, since) "
                   "VALUES (?, 'telegram', ?, 'daily', '08:00', 'UTC', 8, '2026-12-01T00:00:00Z', "
                   "'2026-12-01T00:00:00Z')", [sub_id, chat])
    for ident, sub_id, next_attempt in ((1, 1, now + timedelta(hours=2)),  # waiting out a retry's backoff
                                        (2, 1, now - timedelta(hours=1)),  # the chat's next digest, behind it
                                        (3, 2, now - timedelta(minutes=40))):  # another chat's, not sent: late
        db.execute("INSERT INTO deliveries (id, subscription_id, digest_key, part, parts, payload, state, "
                   "next_attempt, created) VALUES (?, ?, ?, 1, 1, '{}', 'due', ?, '2026-12-07T09:00:00Z')",
                   [ident, sub_id, f"daily:{ident}", to_iso(next_attempt)])
    try:
        assert delivery_lag(db.conn, to_iso(now)) == {"telegram": (40 * 60.0, 1)}
    finally:
        db.conn.close()
