"""One bot per database file, however it is reached, and a bot whose database file is deleted or replaced under
it stops at once with a clear message instead of writing on to a file no one reads.

Both faults were seen on real installations: a second config reaching the same database through a symlink started a
second bot, and deleting `var/` while the bot ran let a second `run` start beside the first: every chat got each
story twice.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.feedserver import FeedServer
from tests.reliability.conftest import Figures
from tests.reliability.harness import BotRun, Deployment
from tests.reliability.test_crash_console import CHATS, STORIES, check_received, console_config


def _running(deploy: Callable[..., Deployment], feed_server: FeedServer) -> tuple[Deployment, BotRun]:
    first = deploy(console_config(feed_server), name="first")
    run = first.start()
    first.wait_for(lambda: first.drained(STORIES, CHATS), 60, run, "the first instance's digests")
    return first, run


def _link_symlinked_file(first: Deployment, folder: Path) -> Path:
    link = folder / "linked.db"
    link.symlink_to(first.db_path)
    return link


def _link_symlinked_folder(first: Deployment, folder: Path) -> Path:
    (folder / "data").symlink_to(first.db_path.parent, target_is_directory=True)
    return folder / "data" / first.db_path.name


def _link_hard(first: Deployment, folder: Path) -> Path:
    link = folder / "hard.db"
    os.link(first.db_path, link)
    return link


@pytest.mark.parametrize("reach", [_link_symlinked_file, _link_symlinked_folder, _link_hard],
                         ids=["symlink to the file", "symlinked folder", "hard link"])
def test_a_second_config_reaching_the_same_database_file_is_refused(
    deploy: Callable[..., Deployment], feed_server: FeedServer, figures: Figures,
    reach: Callable[[Deployment, Path], Path],
) -> None:
    first, run = _running(deploy, feed_server)
    second_folder = first.folder.parent / "second"
    second_folder.mkdir()
    path = reach(first, second_folder)
    second = deploy({**console_config(feed_server), "storage": {"path": str(path)}}, name="second")
    other = second.start()
    code = other.wait(timeout=30)
    assert code != 0, "the second bot refused to start"
    assert "another Communiqué process" in other.stderr and f"(pid {run.proc.pid})" in other.stderr, other.stderr
    assert "Traceback" not in other.stderr
    assert other.stdout == "", "the second bot posted nothing"
    assert run.alive(), "the first bot runs on"
    code, _ = run.terminate()
    assert code == 0
    assert check_received(first, [run]) == (0, 0)
    figures.fault(f"second bot on the same database through a {reach.__name__.removeprefix('_link_')}")


def _delete_folder(deployment: Deployment) -> None:
    shutil.rmtree(deployment.db_path.parent)


def _replace_file(deployment: Deployment) -> None:
    """An operator restores an old copy over the live file (a new file, moved into place)."""
    copy = deployment.folder / "restored.db"
    source = sqlite3.connect(deployment.db_path)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    os.replace(copy, deployment.db_path)


@pytest.mark.parametrize("fault", [_delete_folder, _replace_file], ids=["var/ deleted", "database replaced"])
def test_a_bot_whose_database_is_deleted_or_replaced_stops_with_a_clear_message(
    deploy: Callable[..., Deployment], feed_server: FeedServer, figures: Figures,
    fault: Callable[[Deployment], None],
) -> None:
    deployment, run = _running(deploy, feed_server)
    began = time.monotonic()
    fault(deployment)
    code = run.wait(timeout=20)
    took = time.monotonic() - began
    assert code == 1, run.stderr[-2000:]
    reason = "was removed" if fault is _delete_folder else "was replaced by another file"
    assert f"the database {deployment.db_path} {reason} while Communiqué was using it" in run.stderr
    assert ("it begins a new, empty database at" if fault is _delete_folder
            else "start it again to use the database now at") in run.stderr
    assert "Traceback" not in run.stderr
    if fault is _delete_folder:
        [saved] = deployment.db_path.parent.glob("communique.db.removed-*")
        saved.unlink()  # an operator who meant to start over deletes the copy the bot saved
    # Started again as the message says, it runs on the file now at that path (a fresh one after a reset).
    again = deployment.start()
    if fault is _delete_folder:
        deployment.wait_for(lambda: deployment.drained(STORIES, CHATS), 60, again, "the digests on a new database")
    else:
        deployment.wait_for(lambda: again.alive() and "Communiqué running" in again.stderr, 30, again, "started")
        time.sleep(1.5)
    assert again.alive() and "was removed" not in again.stderr and "was replaced" not in again.stderr
    code, _ = again.terminate()
    assert code == 0
    figures.fault(f"database file {'deleted' if fault is _delete_folder else 'replaced'} under a running bot")
    figures.notes.append(f"database {'deleted' if fault is _delete_folder else 'replaced'} under `run`: "
                         f"stopped {took:.1f} s later, exit 1")


def test_a_second_run_or_a_fetch_beside_a_running_bot_is_a_refusal_not_an_unexpected_error(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    """docs/operations.md: exit 1 is an unexpected error (the log has the details), 2 a usage error. Both refusals
    exited 1, so a cron job's `communique fetch` beside the bot, or a second service started by mistake, read as a
    crash."""
    first, run = _running(deploy, feed_server)
    refusal = (f"communique: another Communiqué process (pid {run.proc.pid}) is already using {first.db_path}; stop "
               "it first, or point --config at another database.")
    other = first.start()
    assert other.wait(timeout=30) == 2, other.stderr
    assert other.stderr.strip() == refusal
    fetch = first.cli("fetch")
    assert fetch.returncode == 2 and fetch.stderr.strip() == refusal, fetch.stderr
    assert run.alive()
    assert run.terminate()[0] == 0


def test_a_database_removed_under_the_bot_is_saved_from_its_open_handle_and_carries_on_once_moved_back(
    deploy: Callable[..., Deployment], feed_server: FeedServer, figures: Figures,
) -> None:
    """`rm var/communique.db` by a slip (a clean-up in the wrong folder) while the bot runs: the bot stopped, its
    open handle, the last copy of every subscription, story and message, went with it, and the restart (systemd's,
    ten seconds later) began an empty database. It now saves what it held beside the path before it stops, says
    where and how to put it back; moved back, the bot carries on from it, sending nothing again."""
    deployment, run = _running(deploy, feed_server)
    deployment.db_path.unlink()
    assert run.wait(timeout=20) == 1, run.stderr[-2000:]
    said = " ".join(run.stderr.split())
    [saved] = deployment.db_path.parent.glob("communique.db.removed-*")
    assert f"saved what it held (subscriptions, stories, messages) to {saved}" in said, said
    assert f"mv {saved} {deployment.db_path}" in said, said
    assert oct(saved.stat().st_mode & 0o777) == "0o600", "it holds chat ids: owner only"
    conn = sqlite3.connect(f"{saved.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone() == (STORIES,)
        assert conn.execute("SELECT COUNT(*) FROM subscriptions WHERE active = 1").fetchone() == (CHATS,)
    finally:
        conn.close()
    os.replace(saved, deployment.db_path)  # the mv the message gives
    again = deployment.start()
    deployment.wait_for(lambda: "Communiqué running" in again.stderr, 30, again, "started on the saved database")
    time.sleep(2)  # a pass that would send again what was sent
    assert again.alive() and "began a new, empty database" not in again.stderr, again.stderr[-2000:]
    assert again.terminate()[0] == 0
    assert again.stdout == "", "nothing the chats were sent is sent again"
    assert check_received(deployment, [run]) == (0, 0)
    figures.fault("database file removed under a running bot, saved and moved back")
