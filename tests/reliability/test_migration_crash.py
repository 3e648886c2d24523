"""A crash inside a migration of a database already full of stories: nothing half-applied, nothing lost, and the
migration runs once, whole, at the next start.

The migration here is a test-only one passed to `storage.db.migrate` (production has no fake migration); the
kill is the real `db.migration` failpoint inside its transaction. The production migrations are killed
mid-way by test_crash_console.py.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from storage.db import MIGRATIONS
from tests.feedserver import FeedServer
from tests.reliability.conftest import Figures
from tests.reliability.harness import Deployment
from tests.reliability.test_crash_console import CHATS, STORIES, check_received, console_config

REPO = Path(__file__).resolve().parents[2]
TEST_VERSION = MIGRATIONS[-1][0] + 1
MIGRATE = f"""
import sys
from bot import failpoints
from storage.db import MIGRATIONS, connect, migrate

def step(db):
    db.execute("ALTER TABLE articles ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE articles SET reviewed = 1")
    db.execute("CREATE INDEX idx_articles_reviewed ON articles(reviewed)")

db = connect(sys.argv[1])
print(migrate(db, MIGRATIONS + [({TEST_VERSION}, "test: review flag", step)], checkpoint=failpoints.hit))
"""


def run_migration(deployment: Deployment, failpoints: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", MIGRATE, str(deployment.db_path)], capture_output=True, text=True,
                          timeout=60, env=deployment.environment(failpoints))


def test_a_crash_inside_a_migration_of_a_full_database_leaves_it_whole(
    deploy: Callable[..., Deployment], feed_server: FeedServer, figures: Figures
) -> None:
    deployment = deploy(console_config(feed_server))
    run = deployment.start()
    deployment.wait_for(lambda: deployment.drained(STORIES, CHATS), 60, run, "every story delivered")
    run.terminate()
    before = deployment.query("SELECT id, url, title, summary FROM articles ORDER BY id")

    killed = run_migration(deployment, "db.migration=1")
    assert killed.returncode == -9, killed.stderr
    columns = [row[1] for row in deployment.query("PRAGMA table_info(articles)")]
    assert "reviewed" not in columns, "the half-done migration was rolled back"
    assert deployment.scalar("SELECT MAX(version) FROM schema_version") == MIGRATIONS[-1][0]
    assert deployment.query("SELECT id, url, title, summary FROM articles ORDER BY id") == before
    assert deployment.integrity() == "ok"

    again = deployment.start()  # the bot itself still runs on the database
    deployment.wait_for(lambda: deployment.ledger()["due"] == 0, 30, again, "a calm start")
    code, _ = again.terminate()
    assert code == 0
    assert check_received(deployment, [run, again]) == (0, 0), "the restart sent nothing twice"

    done = run_migration(deployment)
    assert done.returncode == 0 and done.stdout.strip() == str(TEST_VERSION), done.stderr
    versions = [v for (v,) in deployment.query("SELECT version FROM schema_version ORDER BY version")]
    assert versions == [*(v for v, _, _ in MIGRATIONS), TEST_VERSION], "each version recorded once"
    assert deployment.scalar("SELECT COUNT(*) FROM articles WHERE reviewed = 1") == len(before)
    assert deployment.integrity() == "ok"
    figures.crash("inside a migration of a full database", duplicates=0, lost=0, in_flight_bound=0)


TO_SCHEMA = """
import sys
from bot import failpoints
from storage.db import MIGRATIONS, _open, migrate

db = _open(sys.argv[1])  # not `connect`, which upgrades to the newest version first
print(migrate(db, [m for m in MIGRATIONS if m[0] <= int(sys.argv[2])], checkpoint=failpoints.hit))
"""


def test_an_upgrade_from_schema_15_killed_inside_its_migration_runs_whole_at_the_next_start(tmp_path) -> None:
    """A bot of schema 15 upgraded, and killed (a power cut, the OOM killer) inside the upgrade: the table the
    upgrade makes (with a script of statements, which Python's sqlite3 may commit early) must not outlive the kill
    while the version still says 15, or every later start stops on "table story_links already exists"."""
    path = tmp_path / "communique.db"
    env = {k: v for k, v in os.environ.items() if k != "COMMUNIQUE_FAILPOINTS"} | {"PYTHONPATH": str(REPO)}

    def upgrade(to: int, failpoints: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", TO_SCHEMA, str(path), str(to)], capture_output=True, text=True,
                              timeout=60, env=env | ({"COMMUNIQUE_FAILPOINTS": failpoints} if failpoints else {}))

    assert upgrade(15).stdout.strip() == "15"
    killed = upgrade(16, "db.migration=1")
    assert killed.returncode == -9, killed.stderr
    again = upgrade(16)
    assert again.returncode == 0 and again.stdout.strip() == "16", again.stderr[-2000:]
    with sqlite3.connect(path) as db:
        assert [v for (v,) in db.execute("SELECT version FROM schema_version WHERE version >= 15")] == [15, 16]
        assert db.execute("SELECT COUNT(*) FROM story_links").fetchone() == (0,)
    db.close()
