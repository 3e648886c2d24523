"""A file-size limit on the process (`ulimit -f`, systemd's `LimitFSIZE=`, docker's `--ulimit fsize`) that the
database outgrows: the fetch fails visibly, names the limit, keeps what it stored, does not take the feed as read,
and every entry arrives once the limit is lifted. SQLite says only "disk I/O error", with the disk far from full,
so nothing said why.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from collections.abc import Callable

from tests.feedserver import FeedServer
from tests.reliability.harness import Deployment
from tests.reliability.stories import feed

HOST = "https://press.example"


def _two_stories_fetched(deploy: Callable[..., Deployment], feed_server: FeedServer) -> tuple[Deployment, int]:
    """A bot with one source whose two stories are fetched and stored, and a file-size limit 20 kB above its
    database: room for a few writes, not for the stories the feed lists next."""
    feed_server.route("/press.xml", body=feed(range(0, 2), HOST), etag='"v1"')
    deployment = deploy({
        "fetch": {"allow_private_addresses": True, "fetch_full_text": False, "max_entries": 200},
        "sources": [{"name": "Press office", "url": feed_server.url("/press.xml"), "interval": 3600}],
    })
    first = deployment.cli("fetch")
    assert first.returncode == 0 and "Press office: 2 new" in first.stdout, first.stdout + first.stderr
    return deployment, deployment.db_path.stat().st_size + 20_000


def test_a_database_that_outgrows_the_file_size_limit_says_so_and_loses_nothing(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    deployment, limit = _two_stories_fetched(deploy, feed_server)

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    feed_server.route("/press.xml", body=feed(range(0, 150), HOST), etag='"v2"')
    capped = subprocess.run([sys.executable, "-m", "bot", "--config", str(deployment.config_path), "fetch"],
                            cwd=deployment.folder, capture_output=True, text=True, timeout=120,
                            env=deployment.environment(), preexec_fn=limited)
    assert capped.returncode == 4, capped.stdout + capped.stderr
    assert (f"FAILED: could not store its entries: disk I/O error (this process may write files of at most "
            f"{limit:,} bytes: its file-size limit, `ulimit -f` or LimitFSIZE=, stops the database growing)") \
        in capped.stdout, capped.stdout
    assert "Traceback" not in capped.stderr
    assert deployment.scalar("SELECT etag FROM sources") == '"v1"', "the feed is not taken as read"

    after = deployment.cli("fetch")
    assert after.returncode == 0, after.stdout + after.stderr
    assert deployment.scalar("SELECT COUNT(*) FROM articles") == 150, "every entry arrived once the limit was lifted"
    assert deployment.integrity() == "ok"


def test_a_start_whose_database_cannot_grow_past_the_file_size_limit_names_the_limit(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    """The first start (or an upgrade's migration) under a file-size limit too small for the database: SQLite
    gave up the transaction itself, the bot's own ROLLBACK then failed, and the start said only `cannot open the
    database ... for writing (cannot rollback - no transaction is active)`, hiding both the cause and the fix."""
    feed_server.route("/press.xml", body=feed(range(0, 2), HOST))
    deployment = deploy({
        "fetch": {"allow_private_addresses": True, "fetch_full_text": False},
        "sources": [{"name": "Press office", "url": feed_server.url("/press.xml"), "interval": 3600}],
    })
    limit = 150_000  # a new database's tables and indexes take more

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    capped = subprocess.run([sys.executable, "-m", "bot", "--config", str(deployment.config_path), "run"],
                            cwd=deployment.folder, capture_output=True, text=True, timeout=120,
                            env=deployment.environment(), preexec_fn=limited, stdin=subprocess.DEVNULL)
    assert capped.returncode == 2, capped.stdout + capped.stderr
    assert "cannot rollback" not in capped.stderr, capped.stderr
    assert f"this process may write files of at most {limit:,} bytes: its file-size limit" in capped.stderr, \
        capped.stderr
    assert "Traceback" not in capped.stderr

    after = deployment.cli("fetch")  # the limit lifted: the same file becomes a whole database
    assert after.returncode == 0 and "Press office: 2 new" in after.stdout, after.stdout + after.stderr
    assert deployment.integrity() == "ok"


def test_a_running_bot_says_once_that_the_database_takes_no_writes_and_once_that_it_does_again(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    """`communique run` under a file-size limit the database outgrows: each ingest pass met it, and each logged the
    same ERROR (about 670 lines a week at a 15-minute interval). The operator reads one line when writes start
    failing, with SQLite's reason and what to do, and one when they work again (the limit lifted on the running
    process, as `prlimit --fsize=unlimited --pid` does), saying that nothing was lost."""
    deployment, limit = _two_stories_fetched(deploy, feed_server)

    def limited() -> None:  # the soft limit only: the process's owner may lift it while it runs
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    feed_server.route("/press.xml", body=feed(range(0, 150), HOST), etag='"v2"')
    due_now = "UPDATE sources SET next_due = '2000-01-01T00:00:00+00:00'"
    deployment.execute(due_now)
    run = deployment.start(preexec_fn=limited)
    try:
        for hit in (2, 3, 4, 5):  # a source's passes never overlap: the fifth fetch follows three whole passes
            deployment.wait_for(lambda n=hit: feed_server.hits("/press.xml") >= n, timeout=90, run=run)
            deployment.execute(due_now)  # no waiting out the source's retry delay
        errors = [line for line in run.stderr.splitlines() if "ERROR" in line]
        assert len(errors) == 1, "\n".join(errors)
        assert f"disk I/O error (this process may write files of at most {limit:,} bytes" in errors[0], errors[0]
        assert "lift the process's file-size limit" in errors[0], "what to do"
        assert "said again at most every 60 min" in errors[0], errors[0]
        assert deployment.scalar("SELECT COUNT(*) FROM articles") < 150

        resource.prlimit(run.proc.pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        deployment.execute(due_now)
        deployment.wait_for(lambda: "takes writes again" in run.stderr, timeout=90, run=run)
        assert deployment.scalar("SELECT COUNT(*) FROM articles") == 150, "every entry arrived once it could"
        again = [line for line in run.stderr.splitlines() if "takes writes again" in line]
        assert len(again) == 1 and "nothing was lost" in again[0], again
        assert len([line for line in run.stderr.splitlines() if "ERROR" in line]) == 1, run.stderr[-3000:]
        assert "Traceback" not in run.stderr
    finally:
        run.terminate()
    assert deployment.integrity() == "ok"
