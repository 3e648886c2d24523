"""The database on a filesystem mounted read-only (a volume mounted `:ro`, a disk the kernel remounted read-only
after errors): `run` and `fetch` refuse, saying that is why; `status` and `latest` still read it; nothing changes.

SQLite said "unable to open database file" for the first and "disk I/O error" for the second: a read-only WAL
database needs its shared-memory index, which cannot be made there, and nothing said the filesystem was why.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.feedserver import FeedServer
from tests.reliability.disk import small_disk
from tests.reliability.harness import Deployment
from tests.reliability.test_crash_console import CHATS, STORIES, console_config


def test_a_database_on_a_read_only_filesystem_is_read_and_never_written(
    deploy: Callable[..., Deployment], feed_server: FeedServer, tmp_path: Path
) -> None:
    with small_disk(tmp_path / "disk", size="20m") as disk:
        deployment = deploy(console_config(feed_server))
        deployment.db_path = disk.path / "var" / "communique.db"
        deployment.config["storage"] = {"path": str(deployment.db_path)}
        deployment.write_config()
        run = deployment.start()
        deployment.wait_for(lambda: deployment.drained(STORIES, CHATS), 60, run, "every story delivered")
        assert run.terminate()[0] == 0
        before = hashlib.sha256(deployment.db_path.read_bytes()).hexdigest()
        remounted = subprocess.run(["mount", "-o", "remount,ro", str(disk.path)], capture_output=True, text=True)
        assert remounted.returncode == 0, remounted.stderr

        refused = deployment.start()
        assert refused.wait(timeout=60) == 2, refused.stderr
        why = (f"the database {deployment.db_path} is on a read-only filesystem (its folder "
               f"{deployment.db_path.parent} is mounted read-only): remount it read-write, or move the database to a "
               "writable disk ([storage] path)")
        assert why in refused.stderr, refused.stderr
        fetch = deployment.cli("fetch")
        assert fetch.returncode == 2 and why in fetch.stderr, fetch.stderr

        status = deployment.cli("status")
        assert status.returncode == 0, status.stderr
        assert f"Sources ({STORIES} articles stored)" in status.stdout, status.stdout
        latest = deployment.cli("latest", "3")
        assert latest.returncode == 0 and "https://press" in latest.stdout, latest.stdout + latest.stderr
        assert hashlib.sha256(deployment.db_path.read_bytes()).hexdigest() == before, "nothing was written"
        subprocess.run(["mount", "-o", "remount,rw", str(disk.path)], check=True)
        assert deployment.integrity() == "ok"
