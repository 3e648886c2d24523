"""Starting and stopping `communique run`: one instance per database, a prompt and clean SIGTERM, files private."""

from __future__ import annotations

import stat
import subprocess
import sys
from collections.abc import Callable

from tests.feedserver import FeedServer
from tests.reliability.conftest import Figures
from tests.reliability.harness import REPO, Deployment
from tests.reliability.test_crash_console import CHATS, STORIES, check_received, console_config


def test_a_second_instance_on_the_same_database_refuses_to_run_and_the_files_are_private(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    first = deploy(console_config(feed_server), name="first")
    run = first.start()
    first.wait_for(lambda: first.drained(STORIES, CHATS), 60, run, "the first instance's digests")
    # The database and its companion files (WAL, shared memory, lock) are readable by their owner only.
    for path in first.db_path.parent.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, f"{path.name} is {oct(path.stat().st_mode)}"
    assert {p.name for p in first.db_path.parent.iterdir()} >= {"communique.db", "communique.db.lock"}
    # Another folder, another config file, the same database: an operator's copy-paste mistake.
    second = deploy({**console_config(feed_server), "storage": {"path": str(first.db_path)}}, name="second")
    other = second.start()
    code = other.wait(timeout=30)
    assert code != 0
    assert "another Communiqué process" in other.stderr and f"(pid {run.proc.pid})" in other.stderr
    assert str(first.db_path) in other.stderr and "Traceback" not in other.stderr
    assert other.stdout == "", "the second instance posted nothing"
    assert run.alive(), "the first instance runs on"
    code, _ = run.terminate()
    assert code == 0
    duplicates, lost = check_received(first, [run])
    assert (duplicates, lost) == (0, 0)


def test_sigterm_during_slow_sends_finishes_what_is_in_flight_within_seconds(
    deploy: Callable[..., Deployment], feed_server: FeedServer, figures: Figures
) -> None:
    deployment = deploy(console_config(feed_server))
    # Every send takes 1.5 s (a slow platform): SIGTERM arrives while the five chats' messages are in flight.
    run = deployment.start(failpoints="sender.before_send=delay:1.5")
    deployment.wait_for(lambda: deployment.ledger()["sending"] > 0, 60, run, "messages in flight")
    code, took = run.terminate()
    assert code == 0 and "Communiqué stopped." in run.stderr
    assert took < 4, f"SIGTERM took {took:.1f} s"
    ledger = deployment.ledger()
    assert ledger["sending"] == 0, "nothing left half-sent: in-flight messages finished"
    after = deployment.start()
    deployment.wait_for(lambda: deployment.drained(STORIES, CHATS), 60, after, "every story delivered")
    after.terminate()
    duplicates, lost = check_received(deployment, [run, after])
    assert (duplicates, lost) == (0, 0), "a clean stop repeats nothing"
    figures.fault("SIGTERM during slow sends")
    figures.notes.append(f"SIGTERM with sends in flight: stopped in {took:.2f} s, 0 duplicates, 0 lost")


def test_sigterm_during_a_slow_ingest_stops_within_seconds_and_the_rest_follows_after_restart(
    deploy: Callable[..., Deployment], feed_server: FeedServer, figures: Figures
) -> None:
    deployment = deploy(console_config(feed_server))
    run = deployment.start(failpoints="ingest.before_store=delay:0.4")
    deployment.wait_for(lambda: (deployment.scalar("SELECT COUNT(*) FROM articles") or 0) >= 2, 60, run,
                        "the first articles stored")
    code, took = run.terminate()
    assert code == 0 and took < 4, f"exit {code} after {took:.1f} s"
    stored = deployment.scalar("SELECT COUNT(*) FROM articles")
    assert 0 < stored < STORIES, "the stop interrupted the ingest"
    after = deployment.start()
    deployment.wait_for(lambda: deployment.drained(STORIES, CHATS), 60, after, "every story delivered")
    after.terminate()
    assert check_received(deployment, [run, after]) == (0, 0)
    assert deployment.integrity() == "ok"
    figures.fault("SIGTERM during ingest")


def test_config_before_or_after_the_subcommand_is_the_same(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    """`communique --config X run` once ran the bundled demo config: argparse let the subcommand's default win."""
    deployment = deploy(console_config(feed_server))
    config = str(deployment.config_path)
    outputs = []
    for args in (["--config", config, "check-config"], ["check-config", "--config", config]):
        done = subprocess.run([sys.executable, "-m", "bot", *args], cwd=REPO.parent, capture_output=True, text=True,
                              env=deployment.environment(), timeout=60)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith(f"{deployment.config_path.resolve()}: OK"), outputs[0]
