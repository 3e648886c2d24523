"""A restore gone wrong: the file put in the database's place is a backup cut short, not a database at all, another
program's SQLite database, or empty. Every command says so in one line (exit 2, a database Communiqué may not use
as asked), never a traceback, and the file is left exactly as it is: nothing is migrated into it, and the bot never
starts on it as if it were an empty database, its subscriptions, follows and pledges silently gone.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.feedserver import FeedServer
from tests.reliability.harness import Deployment
from tests.reliability.test_database_permissions import stored


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def restored(deployment: Deployment, content: bytes) -> None:
    """The operator's restore: the database and its companions moved aside, `content` put in its place."""
    for companion in deployment.db_path.parent.glob("communique.db*"):
        companion.unlink()
    deployment.db_path.write_bytes(content)
    deployment.db_path.chmod(0o600)


def a_backup_cut_short(deployment: Deployment) -> bytes:
    done = deployment.cli("backup", str(deployment.folder / "copy.db"))
    assert done.returncode == 0, done.stderr
    whole = (deployment.folder / "copy.db").read_bytes()
    return whole[: len(whole) // 2]  # a copy that stopped half-way (a full disk, an scp cut off)


@pytest.mark.parametrize("kind", ["cut short", "not a database"])
def test_a_damaged_or_foreign_file_in_the_databases_place_is_refused_and_left_as_it_is(
    deploy: Callable[..., Deployment], feed_server: FeedServer, kind: str
) -> None:
    deployment = stored(deploy, feed_server)
    content = a_backup_cut_short(deployment) if kind == "cut short" else b"communique-20261203.db.gz\n" * 40
    restored(deployment, content)
    before = fingerprint(deployment.db_path)
    for command in (["status"], ["latest", "2"], ["fetch"], ["run"], ["backup", str(deployment.folder / "b.db")]):
        done = deployment.cli(*command, timeout=60)
        assert done.returncode == 2, (command, done.returncode, done.stderr[-2000:])
        assert "Traceback" not in done.stderr and "unexpected error" not in done.stderr, done.stderr[-2000:]
        assert (f"the database {deployment.db_path} cannot be read as a database: it is damaged, cut short or not "
                "a database at all") in done.stderr, (command, done.stderr)
        assert "it was left as it is" in done.stderr and "Backups and restoring one" in done.stderr
        assert fingerprint(deployment.db_path) == before, f"{command} wrote to the file"


def another_programs_database(path: Path) -> bytes:
    """A SQLite database of another program (a dashboard's), as a wrong file picked from a backup folder is."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE dashboard (id INTEGER PRIMARY KEY, title TEXT)")
    conn.execute("INSERT INTO dashboard (title) VALUES ('Ministry feeds')")
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_another_programs_sqlite_database_is_refused_and_nothing_is_written_into_it(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    deployment = stored(deploy, feed_server)
    restored(deployment, another_programs_database(deployment.folder / "dashboard.db"))
    before = fingerprint(deployment.db_path)
    for command in (["status"], ["latest", "2"], ["fetch"], ["run"], ["backup", str(deployment.folder / "b.db")]):
        done = deployment.cli(*command, timeout=60)
        assert done.returncode == 2, (command, done.returncode, done.stderr[-2000:])
        assert "Traceback" not in done.stderr, done.stderr[-2000:]
        assert (f"the database {deployment.db_path} is a SQLite database of another program, not Communiqué's (its "
                "tables: dashboard)") in done.stderr, (command, done.stderr)
        assert "it was left as it is" in done.stderr
        assert fingerprint(deployment.db_path) == before, f"{command} wrote Communiqué's tables into it"
        assert not (deployment.folder / "b.db").exists()


def test_an_empty_file_in_the_databases_place_is_no_database_for_status_and_a_new_one_said_by_run(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    """A restore whose copy failed (`install` on a full disk, `: >` by mistake) leaves an empty file: SQLite reads
    it as an empty database. `status` made Communiqué's tables in it and showed no subscriptions and no stories,
    and `run` started on it without a word: every subscription, follow and pledge gone, as on a first start."""
    deployment = stored(deploy, feed_server)
    restored(deployment, b"")
    copy = str(deployment.folder / "b.db")
    for command in (["status"], ["latest"], ["digest"], ["resend", "--all"], ["backup", copy]):
        done = deployment.cli(*command, timeout=60)
        assert done.returncode == 2, (command, done.returncode, done.stdout, done.stderr)
        assert f"the database {deployment.db_path} is an empty file (0 bytes)" in done.stderr, (command, done.stderr)
        assert deployment.db_path.stat().st_size == 0, f"{command} made a database there"
    run = deployment.start()
    deployment.wait_for(lambda: "began a new, empty database" in run.stderr, timeout=30, run=run)
    assert "(the file there was empty, 0 bytes)" in run.stderr, run.stderr
    run.terminate()


def test_a_backup_restored_beside_a_killed_bots_log_is_not_mixed_with_it(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    """The bot killed (the machine lost power, SIGKILL), then a backup put in place without moving its companion
    files aside (the restore's second step skipped): the killed bot's write-ahead log stays beside the restored
    file, and the next start read it into the backup, pages of two databases mixed ('Rowid 61 out of order', seen
    live after a restore over a running bot), `status` showing a state neither database had."""
    from tests.reliability.test_database_guard import _running

    deployment, run = _running(deploy, feed_server)
    done = deployment.cli("backup", str(deployment.folder / "copy.db"))
    assert done.returncode == 0, done.stderr
    titles = deployment.query("SELECT id, title FROM articles ORDER BY id")
    deployment.execute("UPDATE articles SET title = title || ' (edited after the backup)'")  # into the live log
    run.kill()
    wal = Path(f"{deployment.db_path}-wal")
    assert wal.stat().st_size > 0
    restoring = deployment.folder / "restoring.db"
    restoring.write_bytes((deployment.folder / "copy.db").read_bytes())
    restoring.replace(deployment.db_path)  # `install backup communique.db`: a new file moved into place
    again = deployment.start()
    deployment.wait_for(lambda: "Communiqué running" in again.stderr, 30, again, "started")
    again.terminate()
    assert f"the write-ahead log beside the database {deployment.db_path} is not its own" in again.stderr, \
        again.stderr[-2000:]
    assert deployment.integrity() == "ok"
    assert deployment.query("SELECT id, title FROM articles ORDER BY id") == titles, "the backup's stories, as kept"
    assert list(deployment.db_path.parent.glob("communique.db-wal.not-its-own-*")), "the old log kept aside"


def test_a_wal_mode_copy_put_over_a_running_bot_is_not_mixed_with_the_old_databases_log(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    """The same with a copy in WAL mode (the file of a bot stopped cleanly, copied with `cp`; SQLite's `.backup`):
    nothing in the copy tells the old log from its own, so the bot that stops leaves none beside it."""
    from tests.reliability.test_database_guard import _running

    deployment, run = _running(deploy, feed_server)
    copy = deployment.folder / "copy.db"
    source, target = sqlite3.connect(deployment.db_path), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    titles = deployment.query("SELECT id, title FROM articles ORDER BY id")
    deployment.execute("UPDATE articles SET title = title || ' (edited after the copy)'")  # into the live log
    assert Path(f"{deployment.db_path}-wal").stat().st_size > 0
    copy.replace(deployment.db_path)
    assert run.wait(timeout=20) == 1, run.stderr[-2000:]
    assert "Its write-ahead log was moved aside to" in run.stderr, run.stderr[-2000:]
    again = deployment.start()
    deployment.wait_for(lambda: "Communiqué running" in again.stderr, 30, again, "started")
    again.terminate()
    assert deployment.integrity() == "ok"
    assert deployment.query("SELECT id, title FROM articles ORDER BY id") == titles, "the copy's stories, as kept"
