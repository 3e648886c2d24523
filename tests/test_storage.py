"""Storage: a private WAL database, forward migrations, the single-instance lock."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from storage import InstanceLock, connect
from storage.db import MIGRATIONS, migrate


def test_database_is_private_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "communique.db"
    db = connect(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    tables = set(db.table_names())
    assert {"sources", "articles", "pledges", "subscriptions", "deliveries", "delivered", "schema_version"} <= tables


def test_migrations_run_once_and_forward_only(tmp_path: Path) -> None:
    path = tmp_path / "communique.db"
    connect(path).conn.close()
    db = connect(path)  # a second open does not re-run anything
    assert [r["version"] for r in db.query("SELECT version FROM schema_version")] == [v for v, _, _ in MIGRATIONS]

    def add_column(database: sqlite_utils.Database) -> None:
        database.execute("ALTER TABLE sources ADD COLUMN note TEXT")

    newest = MIGRATIONS[-1][0]
    assert migrate(db, [*MIGRATIONS, (newest + 1, "note", add_column)]) == newest + 1
    assert "note" in db["sources"].columns_dict

    def broken(database: sqlite_utils.Database) -> None:
        database.execute("ALTER TABLE sources ADD COLUMN half TEXT")
        raise RuntimeError("migration bug")

    with pytest.raises(RuntimeError):
        migrate(db, [*MIGRATIONS, (newest + 1, "note", add_column), (newest + 2, "broken", broken)])
    assert "half" not in db["sources"].columns_dict, "a failed migration leaves nothing behind"
    with pytest.raises(RuntimeError, match="newer than this Communiqué knows"):
        migrate(db, MIGRATIONS)


def test_second_instance_is_refused_and_lock_dies_with_its_process(tmp_path: Path) -> None:
    path = tmp_path / "communique.db"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"from storage import InstanceLock; import time; l=InstanceLock({str(path)!r}); "
         "assert l.acquire(); print('locked', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1],
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        mine = InstanceLock(path)
        assert not mine.acquire()
        assert mine.holder() == str(holder.pid)
    finally:
        holder.kill()
        holder.wait()
    assert InstanceLock(path).acquire(), "a killed holder leaves no stale lock"
