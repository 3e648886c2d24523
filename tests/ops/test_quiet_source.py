"""A source whose feed answers (304 Not Modified, or the same items) but brings no new story for far longer than its
own habit is said to be quiet: in `communique status`, in /healthz's "sources", and in the log (the operators
alerted when it falls quiet while the bot runs); its first new story says it is back. Before, such a source stayed
"ok" everywhere, and an operator could not tell a quiet source from a dead one.

A real `communique run` on the local feed server, console chats, the endpoint asked with urllib."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.ops.conftest import get, metric_samples, sample
from tests.ops.test_endpoint import wait_for_answer
from tests.reliability.harness import Deployment
from tests.reliability.stories import paragraphs, title


def _items(first: int, count: int, newest: datetime, every: timedelta, host: str) -> list[Item]:
    return [Item(title=title(n), link=f"{host}/press/{n}", paragraphs=paragraphs(n), published=newest - i * every)
            for i, n in enumerate(range(first, first + count))]


def test_a_source_that_answers_but_brings_nothing_new_for_long_past_its_habit_is_said_to_be_quiet(
    deploy: Callable[..., Deployment], feed_server: FeedServer, free_port: int
) -> None:
    now = datetime.now(UTC)
    # A harbour authority that posted every two hours, silent for five days, its feed unchanged (304 each time).
    harbour = _items(0, 12, now - timedelta(days=5), timedelta(hours=2), "https://harbour.example")
    feed_server.route("/harbour.xml", body=rss(harbour, title="Harbour desk"), etag='"v1"')
    # A weekly bulletin five days after its last issue: its habit, not a silence.
    weekly = _items(100, 6, now - timedelta(days=5), timedelta(days=7), "https://weekly.example")
    feed_server.route("/weekly.xml", body=rss(weekly, title="Weekly notes"), etag='"w1"')
    # A wire that posts every hour, whose newest story is a minute short of a day old: it falls quiet (a day
    # without news, the least silence that counts) a minute into the run.
    wire = _items(200, 12, now - timedelta(days=1) + timedelta(seconds=60), timedelta(hours=1), "https://wire.example")
    feed_server.route("/wire.xml", body=rss(wire, title="Wire"))
    config = {
        "fetch": {"allow_private_addresses": True, "timeout": 5, "fetch_full_text": False},
        "metrics": {"listen": f"127.0.0.1:{free_port}"},
        "sources": [{"name": name, "url": feed_server.url(path), "interval": 3600}
                    for name, path in (("Harbour desk", "/harbour.xml"), ("Weekly notes", "/weekly.xml"),
                                       ("Wire", "/wire.xml"))],
        "subscriptions": [{"platform": "console", "chat_id": "desk", "mode": "daily", "time": "07:00"}],
    }
    deployment = deploy(config)
    run = deployment.start()
    base = f"http://127.0.0.1:{free_port}"
    wait_for_answer(f"{base}/healthz", run)
    # Quiet already when the bot started: said in the log, no alert (the operators, or a run before, knew).
    deployment.wait_for(lambda: "no new story for" in run.stderr, 60, run, "the quiet source said in the log")
    said = [line for line in run.stderr.splitlines() if "no new story" in line]
    assert len(said) == 1 and "WARNING" in said[0], run.stderr[-3000:]
    assert "source Harbour desk: no new story for 5 d" in said[0], said
    assert "its longest pause between its last 12 stories was 2 h" in said[0], said
    status = deployment.cli("status")
    assert status.returncode == 0, status.stderr
    quiet_lines = [line.strip() for line in status.stdout.splitlines() if "no new story for" in line]
    assert len(quiet_lines) == 1 and quiet_lines[0].startswith("Harbour desk: no new story for 5 d"), status.stdout
    assert "its longest pause between its last 12 stories was 2 h" in quiet_lines[0], quiet_lines
    assert "though its feed answers" in quiet_lines[0] and "open its url" in quiet_lines[0], quiet_lines
    health = get(f"{base}/healthz")
    assert health.status == 200, health.text  # a quiet source is no outage
    assert [line.split(" (")[0] for line in health.json()["sources"]["quiet"]] == [
        "Harbour desk: no new story for 5 d"], health.text
    # A monitor alerts on a number: how many sources are quiet.
    assert sample(metric_samples(get(f"{base}/metrics").text), "communique_sources_quiet") == 1

    # The wire falls quiet while the bot runs: the operators are alerted, once.
    deployment.wait_for(lambda: "the source “Wire” has brought no new story for 24 h" in run.stderr, 120, run,
                        "the operators alerted of the wire's silence")
    assert run.stderr.count("the source “Wire” has brought no new story") == 1
    assert "Weekly notes: no new story" not in run.stderr and "“Weekly notes” has brought" not in run.stderr
    # Renamed in the config, it is the same source, still quiet: not alerted again under its new name.
    deployment.config["sources"][2]["name"] = "Wire service"
    deployment.write_config()
    deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM sources WHERE name = 'Wire service'") == 1,
                        60, run, "the rename read")
    looked = len(run.stderr)  # a look comes within 40 passes (12 s at this tick)
    time.sleep(20)
    assert "has brought no new story" not in run.stderr[looked:], run.stderr[-3000:]

    # The harbour desk publishes again: said at once, and no longer listed.
    harbour.insert(0, _items(50, 1, datetime.now(UTC), timedelta(hours=1), "https://harbour.example")[0])
    feed_server.route("/harbour.xml", body=rss(harbour, title="Harbour desk"), etag='"v2"')
    deployment.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z' WHERE name = 'Harbour desk'")
    deployment.wait_for(lambda: "source Harbour desk brings new stories again after 5 d" in run.stderr, 60, run,
                        "the harbour desk's return said")
    status = deployment.cli("status")
    assert "Harbour desk: no new story" not in status.stdout, status.stdout
    assert "Wire service: no new story for 24 h" in status.stdout, status.stdout
    assert [line.split(":")[0] for line in get(f"{base}/healthz").json()["sources"]["quiet"]] == ["Wire service"]
    assert sample(metric_samples(get(f"{base}/metrics").text), "communique_sources_quiet") == 1
    code, _ = run.terminate()
    assert code == 0

    # Started again, the wire still silent: said in the log, the operators not alerted a second time.
    again = deployment.start()
    deployment.wait_for(lambda: "source Wire service: no new story for 24 h" in again.stderr, 60, again,
                        "the quiet wire said")
    assert "its longest pause between its last 12 stories was 60 min" in again.stderr, again.stderr[-3000:]
    assert "has brought no new story" not in again.stderr, again.stderr[-3000:]
    code, _ = again.terminate()
    assert code == 0
