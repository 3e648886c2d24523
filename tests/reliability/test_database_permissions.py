"""A database Communiqué may not write: set read-only by its operator, or owned by another user.

Either way every command says what is wrong in one line, never a traceback; a command that only reads (`status`,
`latest`) still works where the file can be read; and the file's mode is never changed back to writable.
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.feedserver import FeedServer
from tests.reliability.conftest import Figures
from tests.reliability.harness import REPO, Deployment
from tests.reliability.stories import feed

HOST = "https://press.example"


def stored(deploy: Callable[..., Deployment], feed_server: FeedServer, folder: Path | None = None) -> Deployment:
    """A deployment whose database holds three stories (fetched once)."""
    feed_server.route("/press.xml", body=feed(range(0, 3), HOST))
    config = {
        "fetch": {"allow_private_addresses": True, "fetch_full_text": False},
        "sources": [{"name": "Press office", "url": feed_server.url("/press.xml"), "interval": 3600}],
    }
    deployment = deploy(config)
    if folder is not None:
        deployment.db_path = folder / "communique.db"
        deployment.config["storage"] = {"path": str(deployment.db_path)}
        deployment.write_config()
    done = deployment.cli("fetch")
    assert done.returncode == 0 and "3 new" in done.stdout, done.stdout + done.stderr
    return deployment


def test_a_database_set_read_only_stays_read_only_and_is_still_read(
    deploy: Callable[..., Deployment], feed_server: FeedServer, figures: Figures
) -> None:
    deployment = stored(deploy, feed_server)
    for companion in deployment.db_path.parent.glob("communique.db-*"):
        companion.unlink()  # a clean stop leaves none; the operator's chmod is on the database itself
    deployment.db_path.chmod(0o400)
    for command in (["fetch"], ["run"], ["resend", "--all"]):
        done = deployment.cli(*command, timeout=60)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert "is read-only (mode 0400), and Communiqué will not make it writable" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
        assert stat.S_IMODE(deployment.db_path.stat().st_mode) == 0o400, f"{command} made it writable again"
    status = deployment.cli("status")
    assert status.returncode == 0 and "3 articles stored" in status.stdout, status.stdout + status.stderr
    assert "PROBLEM: the database" in status.stdout and "is read-only" in status.stdout
    latest = deployment.cli("latest", "2")
    assert latest.returncode == 0 and latest.stdout.count(HOST) >= 2, latest.stdout + latest.stderr
    assert stat.S_IMODE(deployment.db_path.stat().st_mode) == 0o400, "reading made it writable again"
    figures.fault("database set read-only by the operator")


# Run `communique` as another user: the interpreter starts as root (its files are under /root), imports what the
# commands use, then gives up root for good before the command runs.
AS_USER = """
import os, sys
import bot.cli, bot.ingest.pipeline, bot.digest.compose, bot.platforms.console.platform, bot.delivery.resend
import bot.runtime, bot.ops.server, bot.ops.logs, logging.handlers, rich.console, rich.table, rich.progress
import sqlite3, encodings.idna, importlib.metadata
user = int(sys.argv[1])
os.setgroups([])
os.setgid(user)
os.setuid(user)
sys.exit(bot.cli.main(sys.argv[2:]))
"""


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder any user can reach (pytest's own temporary folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="communique-shared-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_database_owned_by_another_user_is_refused_with_a_clear_message(
    deploy: Callable[..., Deployment], feed_server: FeedServer, shared_folder: Path, figures: Figures
) -> None:
    if os.geteuid() != 0:
        pytest.skip("running a command as another user needs root")
    other = pwd.getpwnam("nobody")
    deployment = stored(deploy, feed_server, folder=shared_folder)
    config = shared_folder / "config.toml"
    shutil.copy(deployment.config_path, config)
    config.chmod(0o644)
    assert deployment.db_path.stat().st_uid == 0 and stat.S_IMODE(deployment.db_path.stat().st_mode) == 0o600
    outputs = {}
    for command in (["status"], ["latest", "2"], ["fetch"], ["run"]):
        done = subprocess.run(
            [sys.executable, "-c", AS_USER, str(other.pw_uid), "--config", str(config), *command],
            capture_output=True, text=True, timeout=60, cwd=shared_folder,
            env={**deployment.environment(), "PYTHONPATH": str(REPO)},
        )
        outputs[command[0]] = done
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr and "PermissionError" not in done.stderr, done.stderr
        assert f"the database {deployment.db_path} belongs to root" in done.stderr, done.stderr
    assert "nobody may not read it: run Communiqué as root" in outputs["status"].stderr
    assert "and Communiqué runs as nobody: run it as root" in outputs["fetch"].stderr
    assert stat.S_IMODE(deployment.db_path.stat().st_mode) == 0o600 and deployment.db_path.stat().st_uid == 0
    figures.fault("database owned by another user")


def test_a_database_in_a_folder_its_user_may_not_write_names_the_folder(
    deploy: Callable[..., Deployment], feed_server: FeedServer, shared_folder: Path
) -> None:
    """The file is the bot's user's, its folder root's (made by `mkdir` as root, the file given away alone): SQLite
    cannot make the write-ahead log beside it, and `fetch` and `run` said only "attempt to write a readonly
    database", `status` "cannot read the database", with nothing naming the folder."""
    if os.geteuid() != 0:
        pytest.skip("running a command as another user needs root")
    other = pwd.getpwnam("nobody")
    deployment = stored(deploy, feed_server, folder=shared_folder / "data")
    for companion in deployment.db_path.parent.glob("communique.db?*"):
        companion.unlink()  # a clean stop leaves none
    os.chown(deployment.db_path, other.pw_uid, other.pw_gid)
    deployment.db_path.parent.chmod(0o755)  # root's, as `mkdir` left it
    config = shared_folder / "config.toml"
    shutil.copy(deployment.config_path, config)
    config.chmod(0o644)

    def as_nobody(*command: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", AS_USER, str(other.pw_uid), "--config", str(config), *command],
            capture_output=True, text=True, timeout=60, cwd=shared_folder,
            env={**deployment.environment(), "PYTHONPATH": str(REPO)},
        )

    for command in (["fetch"], ["run"]):
        done = as_nobody(*command)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, done.stderr
        assert (f"the database's folder {deployment.db_path.parent} belongs to root (mode 0755) and nobody may not "
                "make files in it") in done.stderr, (command, done.stderr)
        assert f"chown nobody {deployment.db_path.parent}" in done.stderr
    status = as_nobody("status")
    assert status.returncode == 0 and "3 articles stored" in status.stdout, status.stdout + status.stderr
    assert f"the database's folder {deployment.db_path.parent} belongs to root" in status.stdout
    assert not list(deployment.db_path.parent.glob("communique.db?*")), "nothing was made beside the database"
