"""An online, consistent copy of the database, taken while the bot runs: SQLite's backup API.

Why the backup API and not `cp`: copying the file while the bot writes can catch a page half-written, and in WAL
mode the newest transactions live in `communique.db-wal`, which a copy of the main file alone misses. The backup
API reads every page inside one read transaction, so the copy is the database exactly as one moment left it; in
WAL mode that read never blocks the bot's writes.

The copy is written beside its final name, checked (`PRAGMA integrity_check`), made a single self-contained file
(journal mode DELETE: no -wal or -shm beside it) readable by its owner only, and only then renamed into place:
a failed or interrupted backup never leaves a half-written file under the name the operator asked for.

The copy carries its moment (SQLite's `user_version`, which the database itself leaves at 0): a bot started on it
says, once, that it carries on from a backup of that moment (`storage.db.restored_backup`).
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from storage.db import another_programs, is_damage, unreadable


class BackupError(Exception):
    """The backup could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    articles: int
    subscriptions: int
    schema_version: int
    seconds: float


def default_name(moment: datetime | None = None) -> str:
    """`communique-20261203T081500Z.db`: sorts by time, safe in every file system."""
    return f"communique-{(moment or datetime.now(UTC)).strftime('%Y%m%dT%H%M%SZ')}.db"


def target_path(requested: Path | str, *, overwrite: bool = False) -> Path:
    """Where the copy goes: a time-stamped name inside `requested` when it is a folder, else `requested` itself
    (refused when it exists, unless `overwrite`).

    A path written with a trailing slash names a folder even before it exists (a first nightly run of
    `communique backup /var/backups/communique/`): it is made, owner only, when its parent exists. Taken as a file
    name, it became a file called `communique` that the next night's backup refused to replace.
    """
    as_folder = str(requested).endswith(("/", os.sep))
    requested = Path(requested)
    if as_folder and not requested.exists():
        if not requested.parent.is_dir():
            raise BackupError(f"the folder {requested.parent} does not exist")
        try:
            requested.mkdir(mode=0o700)
        except OSError as exc:
            raise BackupError(f"cannot make the folder {requested}: {exc.strerror or exc}") from None
    if requested.is_dir():
        return requested / default_name()
    if as_folder:
        raise BackupError(f"{requested} is a file, not a folder; name a folder or a new file")
    if requested.exists() and not overwrite:
        raise BackupError(f"{requested} already exists; name a new file, a folder, or add --force to replace it")
    if not requested.parent.is_dir():
        raise BackupError(f"the folder {requested.parent} does not exist")
    return requested


def _refuse_the_database_itself(database: Path, target: Path) -> None:
    """`communique backup communique.db` reads like "back up communique.db": refused as an existing file, with
    the hint to add --force, it replaced the live database under the running bot (its -wal left beside a file it
    does not belong to). The copy may never land on the database or its companion files."""
    own = {database.resolve(), *(database.resolve().with_name(database.name + s) for s in ("-wal", "-shm", "-journal"))}
    if target.resolve() in own:
        raise BackupError(f"{target} is the database itself (or its journal): name another file or a folder for "
                          "the copy")


def _open_source(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise BackupError(f"there is no database at {path}: check [storage] path in the config")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        conn.execute("PRAGMA busy_timeout=30000")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        foreign = another_programs(conn, path)
    except sqlite3.Error as exc:
        if is_damage(exc):
            raise unreadable(path, exc) from None  # a refusal (exit 2), as every other command gives it
        raise BackupError(f"cannot read the database {path}: {exc}") from None
    if foreign is not None:
        conn.close()
        raise foreign
    return conn


def backup(
    database: Path | str, requested: Path | str, *, overwrite: bool = False,
    checkpoint: Callable[[str], None] | None = None,
) -> BackupResult:
    """Copy the live database at `database` to `requested` (a file, or a folder for a time-stamped name).

    `checkpoint` is called once the copy is written, before it is checked (bot/failpoints.py slows it there for
    the test of a backup stopped by SIGTERM; storage imports nothing from bot/). Interrupted anywhere (a
    `KeyboardInterrupt`, as `communique backup` makes SIGTERM), the partial copy and its journal are removed.
    """
    began = time.monotonic()
    source_path, target = Path(database), target_path(requested, overwrite=overwrite)
    _refuse_the_database_itself(source_path, target)
    partial = target.with_name(f".{target.name}.partial")
    source = _open_source(source_path)
    try:
        partial.unlink(missing_ok=True)
        copy = _copy_into(source, partial)
        try:
            copy.execute(f"PRAGMA user_version = {int(time.time())}")  # its moment, said when it is restored
            if checkpoint is not None:
                checkpoint("backup.copied")
            check = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise BackupError(f"the copy failed its integrity check ({check}); the database itself may be "
                                  f"damaged: run `sqlite3 {source_path} 'PRAGMA integrity_check'`")
            articles, subscriptions, version = copy.execute(
                "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM subscriptions WHERE active = 1), "
                "(SELECT MAX(version) FROM schema_version)"
            ).fetchone()
        finally:
            copy.close()
        _fsync(partial)
        os.replace(partial, target)
        _fsync(target.parent)
    except sqlite3.Error as exc:
        if _disk_full(exc):
            raise BackupError(_no_room(source_path, target, partial)) from None
        raise BackupError(f"the backup to {target} failed: {exc}") from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise BackupError(_no_room(source_path, target, partial)) from None
        raise BackupError(f"cannot write the backup {target}: {exc.strerror or exc}") from None
    finally:
        source.close()
        _discard(partial)
    return BackupResult(
        path=target, size=target.stat().st_size, articles=articles, subscriptions=subscriptions,
        schema_version=version or 0, seconds=time.monotonic() - began,
    )


def _disk_full(error: sqlite3.Error) -> bool:
    return getattr(error, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_FULL


def _no_room(database: Path, target: Path, partial: Path) -> str:
    """A copy the backup's disk had no room for: SQLite's "database or disk is full" read as the bot's own
    database being in trouble. Says whose disk, the room the copy needs (about the database's size, its write-ahead
    log folded in) and the room there once the partial copy is removed."""
    _discard(partial)
    needs = sum(path.stat().st_size for path in (database, Path(f"{database}-wal")) if path.exists())
    free = shutil.disk_usage(target.parent).free
    return (f"the disk of {target.parent} is full: the copy needs about {needs / 1_048_576:.1f} MiB (the database's "
            f"size) and {free / 1_048_576:.1f} MiB are free there. No backup was written (the partial copy was "
            "removed); the database itself is untouched. Free room there, or back up to another disk")


def _fsync(path: Path) -> None:
    """Make a file's (or a folder's entries') data durable before the next step counts on it."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def save_removed(conn: sqlite3.Connection, path: Path) -> Path:
    """The database removed under a running bot (`rm`, its folder deleted), saved beside its path from the
    connection that still holds it open; returns the copy's path.

    The bot stopped, and with its last open handle the file was gone: every subscription, story and message since
    the last backup, lost to a slip of `rm` (or a clean-up run in the wrong folder), and the restart began an empty
    database. The copy is written as a backup is (a hidden partial file, owner only, one self-contained file) under
    `<name>.removed-<UTC time>`, the folder made again if it went too. Raises OSError or sqlite3.Error when it
    cannot be written (a full disk: the reason some delete the database), leaving no partial file.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = path.with_name(f"{path.name}.removed-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
    partial = target.with_name(f".{target.name}.partial")
    try:
        _copy_into(conn, partial).close()
        os.replace(partial, target)
    except BaseException:
        _discard(partial)
        raise
    return target


def _copy_into(source: sqlite3.Connection, partial: Path) -> sqlite3.Connection:
    """A self-contained copy of `source` in a new file at `partial` that only its owner may read (it holds every
    chat's ids), made in one step (one read transaction: one consistent moment) and kept out of write-ahead mode,
    so the one file is the whole of it; returned open for the caller's last steps. Raises what the file or the
    copy raise, leaving `partial` for the caller to `_discard`."""
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
    copy = sqlite3.connect(partial, isolation_level=None)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
    except BaseException:
        copy.close()
        raise
    return copy


def _discard(partial: Path) -> None:
    """Remove a copy that was not finished, and the rollback journal SQLite may have left beside it."""
    partial.unlink(missing_ok=True)
    partial.with_name(f"{partial.name}-journal").unlink(missing_ok=True)
