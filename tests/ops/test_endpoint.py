"""`GET /healthz` and `GET /metrics` on a running `communique run`, asked with a real HTTP client (urllib, as the
container's health check asks), while the bot ingests from the local feed server and delivers to the console
or to the local Telegram peer."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.feedserver import FeedServer
from tests.helpers import wait_until_blocking
from tests.ops.conftest import get, metric_samples, sample
from tests.reliability.harness import Deployment
from tests.reliability.stories import feed
from tests.reliability.telegram_world import CHATS as TELEGRAM_CHATS
from tests.reliability.telegram_world import telegram_config
from tests.reliability.test_crash_console import CHATS, PER_SOURCE, SOURCES, STORIES, console_config, host


def wait_for_answer(url: str, run: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            get(url, timeout=2)
            return
        except OSError:
            assert run.alive(), f"the bot exited before its endpoint answered:\n{run.stderr[-2000:]}"
            assert time.monotonic() < deadline, "the endpoint never answered"
            time.sleep(0.1)



def test_health_and_metrics_follow_a_console_bot_through_ingest_delivery_and_a_failing_source(
    deploy: Callable[..., Deployment], feed_server: FeedServer, free_port: int
) -> None:
    config = console_config(feed_server)
    config["metrics"] = {"listen": f"127.0.0.1:{free_port}"}
    config["alerts"] = {"after_failures": 1}  # a source's first failure is told (and counts for /healthz)
    deployment = deploy(config)
    run = deployment.start()
    base = f"http://127.0.0.1:{free_port}"
    wait_for_answer(f"{base}/healthz", run)
    deployment.wait_for(lambda: deployment.drained(STORIES, CHATS), 60, run, "every story delivered")

    health = get(f"{base}/healthz")
    assert health.status == 200, health.text
    assert health.content_type.startswith("application/json")
    report = health.json()
    assert report["status"] == "ok" and report["reasons"] == []
    assert report["platforms"] == {"console": "up"} and report["database"] == "ok"

    answer = get(f"{base}/metrics")
    assert answer.status == 200 and answer.content_type.startswith("text/plain; version=0.0.4")
    samples = metric_samples(answer.text)
    ledger = deployment.ledger()
    assert sample(samples, "communique_articles_stored") == STORIES
    assert sample(samples, "communique_articles_untracked") == 0  # every story read before its digest went
    assert sample(samples, "communique_sources", state="ok") == SOURCES
    assert sample(samples, "communique_sources", state="failing") == 0
    assert sample(samples, "communique_subscriptions_active", platform="console") == CHATS
    assert sample(samples, "communique_deliveries", platform="console", state="sent") == ledger["sent"] > 0
    assert sample(samples, "communique_deliveries", platform="console", state="due") == 0
    assert sample(samples, "communique_sends_total", platform="console", outcome="sent") == ledger["sent"]
    assert sample(samples, "communique_send_seconds_count", platform="console") == ledger["sent"]
    assert sample(samples, "communique_rate_limited_total", platform="console") == 0
    assert (sample(samples, "communique_ingest_pass_seconds_count") or 0) >= 1
    assert sample(samples, "communique_source_checks_total", result="ok") == SOURCES
    assert sample(samples, "communique_articles_ingested_total", kind="new") == STORIES
    last = sample(samples, "communique_last_ingest_success_timestamp_seconds")
    assert last is not None and abs(time.time() - last) < 120
    assert (sample(samples, "process_resident_memory_bytes") or 0) > 10_000_000
    # A disk filling up was seen only once SQLite failed to write: the database's size and its disk's room are
    # there to alert on before.
    stored = sum(p.stat().st_size for p in deployment.db_path.parent.glob("communique.db*"))
    assert 0.5 * stored < (sample(samples, "communique_database_bytes") or 0) <= 2 * stored
    disk = os.statvfs(deployment.db_path.parent)
    free = sample(samples, "communique_database_disk_free_bytes")
    assert free is not None and abs(free - disk.f_bavail * disk.f_frsize) < 100_000_000

    # One press office starts failing: the next scrape says so, and the bot stays healthy (one bad source is not
    # an outage).
    feed_server.route("/s1.xml", status=500, body=b"down for maintenance")
    deployment.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z' WHERE name = 'Press office 1'")

    def failing() -> bool:
        return sample(metric_samples(get(f"{base}/metrics").text), "communique_sources", state="failing") == 1

    wait_until_blocking(failing, "the failing source counted", timeout=30)
    samples = metric_samples(get(f"{base}/metrics").text)
    assert sample(samples, "communique_sources", state="ok") == SOURCES - 1
    assert sample(samples, "communique_source_checks_total", result="failed") == 1
    # A monitor that reads /healthz alone heard nothing of a source failing for a week: still healthy, but said.
    # Quiet sources are looked for every 40 passes (12 s at this tick), the failing one's at once.
    wait_until_blocking(lambda: "quiet" in get(f"{base}/healthz").json()["sources"], "the quiet sources looked for",
                        timeout=60)
    health = get(f"{base}/healthz")
    assert health.status == 200
    said = health.json()["sources"]
    # The press offices' stories are dated weeks back (tests/reliability/stories.py): the two that answer are
    # quiet too, each named with its silence, and the failing one is failing, not quiet.
    assert sorted(line.split(":")[0] for line in said.pop("quiet")) == ["Press office 0", "Press office 2"], health.text
    assert said == {
        "active": SOURCES, "failing": 1,
        "failing_now": ["Press office 1: 1 failure in a row, the last: HTTP 500 server error"]}, health.text

    # Every source fails long enough to be told to the operators (the bot's own network down): no news comes in,
    # and the monitor that reads /healthz is told (it read "ok"). One source back is enough.
    for s in range(SOURCES):
        feed_server.route(f"/s{s}.xml", status=503, body=b"down")
    deployment.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z'")
    wait_until_blocking(lambda: get(f"{base}/healthz").status == 503, "every source failing: unhealthy", 30)
    assert get(f"{base}/healthz").json()["reasons"] == [
        f"every source is failing ({SOURCES} of {SOURCES}, each [alerts] after_failures times in a row or more; "
        "one's last error: HTTP 503 service unavailable): no news comes in (the bot's own network?)"]
    feed_server.route("/s0.xml", body=feed(range(0, PER_SOURCE), host(0)))
    deployment.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z' WHERE name = 'Press office 0'")
    wait_until_blocking(lambda: get(f"{base}/healthz").status == 200, "a source back: healthy", 30)

    # The database file disappears from under the bot (a volume unmounted, a wrong clean-up): 503, with why.
    moved = deployment.db_path.with_name("elsewhere.db")
    deployment.db_path.rename(moved)
    try:
        health = get(f"{base}/healthz")
        assert health.status == 503
        assert any("database" in reason for reason in health.json()["reasons"]), health.text
        assert sample(metric_samples(get(f"{base}/metrics").text), "communique_database_up") == 0
    finally:
        moved.rename(deployment.db_path)
    assert get(f"{base}/healthz").status == 200
    assert get(f"{base}/nothing-here").status == 404

    code, _ = run.terminate()
    assert code == 0
    with pytest.raises(OSError):
        get(f"{base}/healthz", timeout=2)  # the endpoint goes with the bot


def test_telegram_sends_rate_limits_and_failures_are_counted_per_platform(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, free_port: int
) -> None:
    peer = telegram_peer
    peer.inject_fault("sendMessage", "retry_after", times=2, retry_after=1, chat_id=TELEGRAM_CHATS[0])
    peer.inject_fault("sendMessage", "server_error", times=1, chat_id=TELEGRAM_CHATS[1])
    deployment = deploy(telegram_config(feed_server, peer), env={"TELEGRAM_BOT_TOKEN": peer.token})
    run = deployment.start(args=["--metrics", str(free_port)])  # a port alone: loopback
    base = f"http://127.0.0.1:{free_port}"
    wait_for_answer(f"{base}/healthz", run)
    deployment.wait_for(lambda: deployment.delivered_to(TELEGRAM_CHATS, STORIES), 90, run, "every chat's digest")
    samples = metric_samples(get(f"{base}/metrics").text)
    ledger = deployment.ledger()
    assert sample(samples, "communique_rate_limited_total", platform="telegram") == 2
    assert sample(samples, "communique_sends_total", platform="telegram", outcome="retry_after") == 2
    assert sample(samples, "communique_sends_total", platform="telegram", outcome="transient") == 1
    assert sample(samples, "communique_sends_total", platform="telegram", outcome="sent") == ledger["sent"]
    assert sample(samples, "communique_send_seconds_count", platform="telegram") == ledger["sent"] + 3
    assert sample(samples, "communique_deliveries", platform="telegram", state="sent") == ledger["sent"]
    assert sample(samples, "communique_subscriptions_active", platform="telegram") == len(TELEGRAM_CHATS)
    health = get(f"{base}/healthz")
    assert health.status == 200 and health.json()["platforms"] == {"telegram": "up"}, health.text
    run.terminate()


def test_a_platform_that_cannot_connect_makes_the_bot_unhealthy_with_the_reason(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, free_port: int
) -> None:
    with socket.socket() as probe:  # a port nobody listens on: Telegram cannot be reached
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    config = telegram_config(feed_server, telegram_peer)
    config["telegram"]["api_base_url"] = f"http://127.0.0.1:{closed}/bot"
    deployment = deploy(config, env={"TELEGRAM_BOT_TOKEN": telegram_peer.token})
    run = deployment.start(args=["--metrics", f"127.0.0.1:{free_port}"])
    base = f"http://127.0.0.1:{free_port}"
    wait_for_answer(f"{base}/healthz", run)
    wait_until_blocking(lambda: get(f"{base}/healthz").status == 503, "the unhealthy answer", timeout=30)
    report = get(f"{base}/healthz").json()
    assert report["status"] == "unhealthy"
    assert report["reasons"] == ["telegram: not connected"], report
    assert report["platforms"] == {"telegram": "not connected"}
    run.terminate()


@pytest.mark.slow
def test_an_ingest_pass_that_never_finishes_turns_the_health_check_to_503(
    deploy: Callable[..., Deployment], feed_server: FeedServer, free_port: int
) -> None:
    # Every pass stalls before it plans (as if the database were locked for minutes): the clock still ticks, no
    # pass finishes. Healthy at first (within the allowance), then 503 naming the overdue pass.
    deployment = deploy(console_config(feed_server))
    run = deployment.start(failpoints="runtime.before_plan=delay:300", args=["--metrics", str(free_port)])
    base = f"http://127.0.0.1:{free_port}"
    wait_for_answer(f"{base}/healthz", run)
    began = time.monotonic()  # the first answer may come while the runtime is still starting (503 "starting")
    wait_until_blocking(lambda: get(f"{base}/healthz").status == 200, "healthy within the allowance", timeout=30)
    assert time.monotonic() - began < 25, "healthy at first, while the stalled pass is within its allowance"
    wait_until_blocking(lambda: get(f"{base}/healthz").status == 503, "the overdue pass reported", timeout=90)
    reasons = get(f"{base}/healthz").json()["reasons"]
    assert len(reasons) == 1 and reasons[0].startswith("the last ingest pass is overdue"), reasons
    run.kill()


def test_messages_long_overdue_turn_the_health_check_to_503_and_are_measured(
    deploy: Callable[..., Deployment], feed_server: FeedServer, free_port: int
) -> None:
    """Every send hangs (a platform call that never returns): the clock ticks, passes finish, the platform is "up",
    and /healthz answered "ok" while every chat's messages waited, for as long as it lasted. Now the lag is
    measured (`communique_delivery_lag_seconds`, the oldest message still unsent past its time) and, past
    half an hour (twice what the capacity figures allow a digest hour), makes the check 503, saying how late and
    where. Here the messages are made 40 minutes late from outside, as the clock would."""
    deployment = deploy(console_config(feed_server))
    run = deployment.start(failpoints="sender.before_send=delay:600", args=["--metrics", str(free_port)])
    base = f"http://127.0.0.1:{free_port}"
    wait_for_answer(f"{base}/healthz", run)
    deployment.wait_for(lambda: deployment.ledger()["sending"] >= 1, 60, run, "a send hanging")
    wait_until_blocking(lambda: get(f"{base}/healthz").status == 200, "healthy while the wait is short", 30)
    lag = sample(metric_samples(get(f"{base}/metrics").text), "communique_delivery_lag_seconds", platform="console")
    assert lag is not None and 0 <= lag < 120, lag
    deployment.execute("UPDATE deliveries SET next_attempt = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-40 minutes') "
                       "WHERE state IN ('due', 'sending')")
    wait_until_blocking(lambda: get(f"{base}/healthz").status == 503, "the late messages reported", timeout=30)
    reasons = get(f"{base}/healthz").json()["reasons"]
    assert len(reasons) == 1 and reasons[0].startswith("console: messages are late: the oldest unsent was due 40 min"
                                                       " ago"), reasons
    lag = sample(metric_samples(get(f"{base}/metrics").text), "communique_delivery_lag_seconds", platform="console")
    assert lag is not None and 40 * 60 <= lag < 45 * 60, lag
    run.kill()


def test_status_says_when_messages_are_late_without_any_failure(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    """`communique status` said "1 pending" of a message 40 minutes late (a send that hung), the same words as for
    one planned a second ago: only a message that had failed was said to wait. It now says how late the oldest
    is, and where."""
    deployment = deploy(console_config(feed_server))
    run = deployment.start(failpoints="sender.before_send=delay:600")
    deployment.wait_for(lambda: deployment.ledger()["sending"] >= 1, 60, run, "a send hanging")
    assert "past its time" not in deployment.cli("status").stdout
    deployment.execute("UPDATE deliveries SET next_attempt = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-40 minutes') "
                       "WHERE state IN ('due', 'sending')")
    status = deployment.cli("status")
    said = " ".join(status.stdout.split())
    assert status.returncode == 0, status.stderr
    late = deployment.scalar("SELECT COUNT(*) FROM deliveries WHERE state IN ('due', 'sending')")
    assert f"console: the oldest message still unsent was due 40 min ago ({late} past their time)" in said, said
    run.kill()


def test_a_refused_config_edit_shows_in_the_health_answer_until_a_good_one_is_read(
    deploy: Callable[..., Deployment], feed_server: FeedServer, free_port: int
) -> None:
    """A typo saved into the config of a running bot: the log said so, and `/status` in an operator's chat, but a
    monitor reading /healthz (and `communique status`, which refuses the file itself) heard nothing, and the next
    restart would fail on it. The healthy answer now carries it as "config", each refused edit its own time; a
    good edit clears it. Still 200: the bot runs on, with the config read before."""
    deployment = deploy(console_config(feed_server))
    run = deployment.start(args=["--metrics", str(free_port)])
    base = f"http://127.0.0.1:{free_port}"
    wait_for_answer(f"{base}/healthz", run)
    wait_until_blocking(lambda: get(f"{base}/healthz").status == 200, "healthy", 30)
    assert "config" not in get(f"{base}/healthz").json()
    good = deployment.config_path.read_text(encoding="utf-8")
    deployment.config_path.write_text(good.replace('"instant"', '"instnat"', 1), encoding="utf-8")
    wait_until_blocking(lambda: "config" in get(f"{base}/healthz").json(), "the refused edit shown", 30)
    health = get(f"{base}/healthz")
    said = health.json()["config"]
    assert health.status == 200, health.text
    assert "was refused at" in said and "instnat" in said and "still running with the config read before it" in said
    deployment.config_path.write_text(good.replace("timeout = 5", "timeout = -5"),
                                      encoding="utf-8")
    wait_until_blocking(lambda: get(f"{base}/healthz").json().get("config") not in (None, said), "the next refusal "
                        "shown", 30)
    deployment.config_path.write_text(good, encoding="utf-8")
    wait_until_blocking(lambda: "config" not in get(f"{base}/healthz").json(), "cleared by a good edit", 30)
    run.kill()


def test_a_bad_or_busy_listen_address_stops_the_bot_before_it_starts(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    deployment = deploy(console_config(feed_server))
    bad = deployment.start(args=["--metrics", "127.0.0.1:http"])
    assert bad.wait(timeout=30) == 2
    assert "the port must be a number from 1 to 65535" in bad.stderr and "Traceback" not in bad.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = deployment.start(args=["--metrics", f"127.0.0.1:{port}"])
        assert busy.wait(timeout=30) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in busy.stderr and "Traceback" not in busy.stderr
    assert busy.stdout == ""


def test_every_source_failing_is_told_long_before_the_operators_alert(
    deploy: Callable[..., Deployment], feed_server: FeedServer, free_port: int
) -> None:
    """The default alert comes at a source's fifth failure in a row, about 3 3/4 hours into an outage at a
    15-minute interval (the backoff doubles): /healthz waited for it. Every source failing with none fetched for
    twice the shortest interval is an outage now; the alert's threshold is left as it is."""
    config = console_config(feed_server)
    config["metrics"] = {"listen": f"127.0.0.1:{free_port}"}
    deployment = deploy(config)
    run = deployment.start()
    base = f"http://127.0.0.1:{free_port}"
    wait_for_answer(f"{base}/healthz", run)
    deployment.wait_for(lambda: deployment.drained(STORIES, CHATS), 60, run, "every story delivered")

    for s in range(SOURCES):
        feed_server.route(f"/s{s}.xml", status=503, body=b"down")
    deployment.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z'")
    deployment.wait_for(lambda: deployment.scalar("SELECT MIN(failures) FROM sources") == 1, 30, run,
                        "every source failed once")
    assert get(f"{base}/healthz").status == 200, "one failed round, just after a good fetch, is no outage yet"
    # Its retry, an interval after the failure, running: the news older than twice the interval, no failure since.
    deployment.execute("UPDATE sources SET last_success = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-121 minutes'), "
                       "last_attempt = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-61 minutes')")
    assert get(f"{base}/healthz").status == 200, "the retry of one failed round is no outage while it runs"
    # As the sources' records stand after hours of it (the interval here is 1 h: the limit is 2 h).
    deployment.execute("UPDATE sources SET last_success = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-3 hours')")
    health = get(f"{base}/healthz")
    assert health.status == 503, health.text
    assert health.json()["reasons"] == [
        f"every source is failing ({SOURCES} of {SOURCES}; none fetched for 3 h, twice the shortest interval is 2 h; "
        "one's last error: HTTP 503 service unavailable): no news comes in (the bot's own network?)"]
    assert deployment.scalar("SELECT SUM(alerted) FROM sources") == 0, "the operators' alert still waits its turn"
    run.terminate()



def test_a_token_revoked_while_the_bot_runs_is_said_and_makes_it_unhealthy(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, free_port: int
) -> None:
    # Rotating a token starts with revoking the old one at @BotFather, often while the bot runs. Telegram then
    # answers 401 to every call: python-telegram-bot's polling gives up ("Invalid token. Aborting retry loop"
    # and a traceback), so no command is read again, while /healthz went on answering "ok" on a bot with nothing
    # to send (sends failing made it unhealthy, as "the last 4 sends failed", only once a digest was due).
    deployment = deploy(telegram_config(feed_server, telegram_peer), env={"TELEGRAM_BOT_TOKEN": telegram_peer.token})
    run = deployment.start(args=["--metrics", str(free_port)])
    base = f"http://127.0.0.1:{free_port}"
    wait_for_answer(f"{base}/healthz", run)
    deployment.wait_for(lambda: deployment.delivered_to(TELEGRAM_CHATS, STORIES), 90, run, "every chat's digest")
    wait_until_blocking(lambda: get(f"{base}/healthz").status == 200, "healthy before the token is revoked",
                        timeout=60)
    telegram_peer.inject_fault("*", "unauthorized", times=100_000)
    wait_until_blocking(lambda: get(f"{base}/healthz").status == 503, "the revoked token reported", timeout=60)
    report = get(f"{base}/healthz").json()
    assert report["reasons"] == ["telegram: Telegram refused the bot's token (revoked?)"], report
    run.terminate()
    assert ("Telegram refused the token in the environment variable TELEGRAM_BOT_TOKEN while Communiqué ran"
            in run.stderr), run.stderr
    assert "restart Communiqué" in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert telegram_peer.token not in run.stderr


def test_telegram_unreachable_for_polling_makes_the_bot_unhealthy_until_it_answers_again(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, free_port: int
) -> None:
    # Telegram unreachable (the network, a proxy, an outage) on a bot with nothing to send: its polls failed, the
    # log said so at every retry (a line every 30 s for as long as it lasted), and /healthz answered "ok", so a
    # monitor learnt nothing until a digest failed, hours later.
    deployment = deploy(telegram_config(feed_server, telegram_peer), env={"TELEGRAM_BOT_TOKEN": telegram_peer.token})
    run = deployment.start(args=["--metrics", str(free_port)])
    base = f"http://127.0.0.1:{free_port}"
    wait_for_answer(f"{base}/healthz", run)
    deployment.wait_for(lambda: deployment.delivered_to(TELEGRAM_CHATS, STORIES), 90, run, "every chat's digest")
    wait_until_blocking(lambda: get(f"{base}/healthz").status == 200, "healthy before the outage", timeout=60)
    telegram_peer.inject_fault("getUpdates", "server_error", times=100_000, error_code=502)
    wait_until_blocking(lambda: get(f"{base}/healthz").status == 503, "the outage reported", timeout=90)
    reasons = get(f"{base}/healthz").json()["reasons"]
    assert len(reasons) == 1 and reasons[0].startswith("telegram: cannot reach Telegram: "), reasons
    telegram_peer.clear_faults()
    wait_until_blocking(lambda: get(f"{base}/healthz").status == 200, "healthy once it answers", timeout=90)
    run.terminate()
    failed = [line for line in run.stderr.splitlines() if "polling Telegram failed" in line]
    assert 1 <= len(failed) <= 4, failed  # the 1st, 2nd, 4th, 8th... failure in a row, not every one
    assert "Telegram answers polls again after" in run.stderr, run.stderr[-3000:]


def test_a_bot_stopped_while_telegram_cannot_be_reached_stops_without_a_traceback(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any
) -> None:
    # Stopping confirms to Telegram the commands already read (one last getUpdates); with Telegram unreachable,
    # python-telegram-bot logged an ERROR with three chained tracebacks and advice about its own timeouts.
    deployment = deploy(telegram_config(feed_server, telegram_peer), env={"TELEGRAM_BOT_TOKEN": telegram_peer.token})
    run = deployment.start()
    deployment.wait_for(lambda: deployment.delivered_to(TELEGRAM_CHATS, STORIES), 90, run, "every chat's digest")
    telegram_peer.inject_fault("getUpdates", "server_error", times=100_000, error_code=502)
    wait_until_blocking(lambda: "polling Telegram failed" in run.stderr, "a failed poll", timeout=60)
    assert run.terminate()[0] == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr and "Communiqué stopped." in run.stderr, run.stderr[-3000:]
    assert "could not tell Telegram which commands were read before stopping (Telegram: " in run.stderr
    assert "): the last ones may be answered again at the next start" in run.stderr, run.stderr[-3000:]


def test_a_bot_whose_platform_token_is_not_set_says_so_and_is_unhealthy_while_its_chats_wait(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, free_port: int
) -> None:
    # A token missing from the service's environment (left out of /etc/communique/env, a .env beside another
    # compose.yaml, a typo in the variable's name): the bot ran on the console alone, under systemd with no
    # terminal, its Telegram chats got nothing, and /healthz answered "ok".
    deployment = deploy(telegram_config(feed_server, telegram_peer))
    run = deployment.start(args=["--metrics", str(free_port)])
    base = f"http://127.0.0.1:{free_port}"
    wait_for_answer(f"{base}/healthz", run)
    deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles") == STORIES, 60, run, "stories")
    report = get(f"{base}/healthz").json()
    assert report["status"] == "unhealthy", report
    assert report["reasons"] == ["telegram: not started: the environment variable TELEGRAM_BOT_TOKEN ([telegram] "
                                 f"token_env) is not set, and {len(TELEGRAM_CHATS)} chats are subscribed there"], report
    run.terminate()
    assert (f"communique: Telegram is not started: the environment variable TELEGRAM_BOT_TOKEN ([telegram] "
            f"token_env) is not set, and {len(TELEGRAM_CHATS)} chats are subscribed there: they get nothing until it "
            "is set and Communiqué restarted (or, to pause Telegram and not be told again, remove the [telegram] "
            "section: their stories then wait for it, unsent)") in run.stderr, run.stderr[-2000:]
    # It said "to stop serving them, remove the [telegram] section", and the start after that edit said the chats
    # get nothing and their stories wait: removing the section pauses a platform, it does not end its chats.


def test_chats_whose_blocks_were_removed_are_not_counted_as_waiting_for_the_missing_token(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, free_port: int
) -> None:
    # An operator mends a [[subscriptions]] block (a mistyped chat id taken out) and restarts without the token in
    # the environment: the start ended that block's subscription, yet the line and /healthz counted it among the
    # chats waiting for Telegram, one more than there were.
    deployment = deploy(telegram_config(feed_server, telegram_peer))
    first = deployment.start(args=["--metrics", str(free_port)])
    wait_for_answer(f"http://127.0.0.1:{free_port}/healthz", first)
    first.terminate()
    deployment.config["subscriptions"] = deployment.config["subscriptions"][1:]
    deployment.write_config()
    run = deployment.start(args=["--metrics", str(free_port)])
    base = f"http://127.0.0.1:{free_port}"
    wait_for_answer(f"{base}/healthz", run)
    waiting = len(TELEGRAM_CHATS) - 1
    report = get(f"{base}/healthz").json()
    assert report["reasons"] == ["telegram: not started: the environment variable TELEGRAM_BOT_TOKEN ([telegram] "
                                 f"token_env) is not set, and {waiting} chats are subscribed there"], report
    run.terminate()
    assert f"is not set, and {waiting} chats are subscribed there: they get nothing" in run.stderr, run.stderr[-2000:]


def test_a_platform_section_taken_out_says_at_start_whose_chats_now_wait(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, free_port: int
) -> None:
    # The [telegram] section deleted from the config (by mistake, or to pause Telegram): the restart ran on the
    # console alone without a word, and the chats subscribed there by their own command got nothing, healthy.
    deployment = deploy(telegram_config(feed_server, telegram_peer), env={"TELEGRAM_BOT_TOKEN": telegram_peer.token})
    first = deployment.start(args=["--metrics", str(free_port)])
    wait_for_answer(f"http://127.0.0.1:{free_port}/healthz", first)
    telegram_peer.send_command(TELEGRAM_CHATS[0], "/subscribe")
    deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM subscriptions WHERE origin = 'command'") == 1,
                        30, first, "the chat's own /subscribe")
    first.terminate()
    del deployment.config["telegram"], deployment.config["subscriptions"]
    deployment.write_config()
    run = deployment.start(args=["--metrics", str(free_port)])
    wait_for_answer(f"http://127.0.0.1:{free_port}/healthz", run)
    run.terminate()
    assert ("communique: Telegram is not started: the config has no [telegram] section, and 1 chat subscribed "
            "there by its own command gets nothing meanwhile: its stories wait for the section to come back") \
        in run.stderr, run.stderr[-2000:]
    # Telegram is not running: a /unsubscribe sent there now goes unanswered, so the line may not offer it as a way
    # out while the section is gone.
    assert "(then, not before, /unsubscribe there ends a chat's digests)" in run.stderr, run.stderr[-2000:]


def test_a_second_bot_polling_with_the_same_token_makes_the_bot_unhealthy(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, free_port: int
) -> None:
    # A restore drill or a move that leaves two bots on one token (each with its own database): both send every
    # digest, so every chat gets each story twice, and Telegram answers their polls with 409 Conflict. The log had
    # an ERROR at every refused poll, and /healthz answered "ok" on both.
    deployment = deploy(telegram_config(feed_server, telegram_peer), env={"TELEGRAM_BOT_TOKEN": telegram_peer.token})
    run = deployment.start(args=["--metrics", str(free_port)])
    base = f"http://127.0.0.1:{free_port}"
    wait_for_answer(f"{base}/healthz", run)
    deployment.wait_for(lambda: deployment.delivered_to(TELEGRAM_CHATS, STORIES), 90, run, "every chat's digest")
    wait_until_blocking(lambda: get(f"{base}/healthz").status == 200, "healthy before", timeout=60)
    telegram_peer.inject_fault("getUpdates", "conflict", times=6)
    wait_until_blocking(lambda: get(f"{base}/healthz").status == 503, "the second bot reported", timeout=90)
    reasons = get(f"{base}/healthz").json()["reasons"]
    assert reasons == ["telegram: another program polls Telegram with this bot's token: digests on Telegram wait "
                       "until it stops (a second Communiqué, with its own database, would send each of them "
                       "again)"], reasons
    run.terminate()
    said = [line for line in run.stderr.splitlines() if "another program is polling Telegram" in line]
    assert 1 <= len(said) <= 3, said  # the 1st, 2nd and 4th refusal in a row, not each of the six


def test_a_database_that_cannot_be_written_turns_the_health_check_to_503_until_it_can(
    deploy: Callable[..., Deployment], feed_server: FeedServer, free_port: int
) -> None:
    """The database stops taking writes while the bot runs (a full disk; here a file-size limit it outgrows, which
    fails writes the same way): nothing new was stored or sent, and /healthz said `"database": "ok"`, since the
    database still answered reads. Now it says so at once; the 503 that follows names the limit (the minute's rule
    is in test_health_rules: here a small write may slip under the limit now and then and start the minute anew,
    and the one source's failing to store then turns it first)."""
    import resource
    import subprocess
    import sys

    feed_server.route("/press.xml", body=feed(range(0, 2), "https://press.example"))
    deployment = deploy({
        "fetch": {"allow_private_addresses": True, "fetch_full_text": False, "max_entries": 200},
        "sources": [{"name": "Press office", "url": feed_server.url("/press.xml"), "interval": 60}],
    })
    first = deployment.cli("fetch")
    assert first.returncode == 0, first.stdout + first.stderr
    limit = deployment.db_path.stat().st_size + 20_000
    feed_server.route("/press.xml", body=feed(range(0, 150), "https://press.example"))

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    err = (deployment.folder / "capped.err").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "--config", str(deployment.config_path), "run", "--tick", "0.3",
         "--metrics", f"127.0.0.1:{free_port}"],
        cwd=deployment.folder, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
        env=deployment.environment(), preexec_fn=limited)
    base = f"http://127.0.0.1:{free_port}"
    try:
        wait_until_blocking(lambda: _answers(f"{base}/healthz"), "the endpoint", timeout=60)
        wait_until_blocking(lambda: get(f"{base}/healthz").json()["database"] != "ok", "the writes' failure said",
                            timeout=60)
        told = get(f"{base}/healthz").json()["database"]
        assert told.startswith(f"cannot be written (disk I/O error (this process may write files of at most {limit:,} "
                               "bytes"), told
        wait_until_blocking(lambda: get(f"{base}/healthz").status == 503, "unhealthy", timeout=180)
        reasons = get(f"{base}/healthz").json()["reasons"]
        assert any(f"this process may write files of at most {limit:,} bytes" in r for r in reasons), reasons

        resource.prlimit(proc.pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        wait_until_blocking(lambda: get(f"{base}/healthz").status == 200, "healthy once it can be written", 150)
        assert get(f"{base}/healthz").json()["database"] == "ok"
        assert deployment.scalar("SELECT COUNT(*) FROM articles") == 150, "every story stored once it could be"
    finally:
        proc.terminate()
        proc.wait(30)
        err.close()


def _answers(url: str) -> bool:
    try:
        get(url, timeout=2)
    except OSError:
        return False
    return True
