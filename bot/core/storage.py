"""What a running Communiqué knows about writing to its database, shared by ingest, the sender and `/status`.

A full disk (or a database made read-only under the bot) fails every write at once: ingest cannot store what it
fetched, the sender cannot record what it sent. Each layer notes the failure here rather than logging a traceback
per entry or per poll; the log gets one line when writes start failing, a short reminder at most every
REMIND_EVERY while they still fail (ingest's passes, every few minutes, would otherwise repeat it hundreds of times a
week), and one when they work again; `/status` and /healthz show the problem while it lasts.
"""

from __future__ import annotations

import logging
import resource
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.core.text import duration_text

log = logging.getLogger("communique.storage")

REMIND_EVERY = timedelta(hours=1)  # how often the log says again that the database still takes no writes
# What an operator does about a database that takes no write, as the log's first line about it says.
WRITE_REMEDY = ("make the database writable again (free room on its disk, lift the process's file-size limit, or give "
                "the file back its write permission; `communique status` shows the problem while it lasts)")


def storage_error_text(error: BaseException) -> str:
    """A short reason for a failed write: SQLite's own words, which name the cause ("database or disk is full"),
    and the file-size limit this process runs under when that is what a write ran into: SQLite says only "disk
    I/O error" for it, with the disk far from full (`ulimit -f`, systemd's `LimitFSIZE=`, docker's
    `--ulimit fsize`)."""
    text = (str(error).strip() or type(error).__name__)[:200]
    if text == LOCKED:
        # The bot is the database's one writer (one bot per file, `fetch` refused beside it), and its own
        # transactions are short: a lock it waited out is another program's, most often a shell left in one.
        return text + LOCKED_BY_ANOTHER
    limit = file_size_limit()
    if limit is not None and text in ("disk I/O error", "database or disk is full"):
        text += (f" (this process may write files of at most {limit:,} bytes: its file-size limit, `ulimit -f` or "
                 "LimitFSIZE=, stops the database growing)")
    return text


# How to end another program's write lock, as the log, /status and the commands say it.
LOCK_REMEDY = (" (an sqlite3 shell after BEGIN or an unfinished UPDATE, a backup or another tool: end it with COMMIT "
               "or ROLLBACK, or quit it; read the database by hand with `sqlite3 -readonly`)")
LOCKED = "database is locked"  # SQLite's words for SQLITE_BUSY: a lock another connection holds
LOCKED_BY_ANOTHER = (" (another program holds a write transaction on the database, e.g. an sqlite3 shell after BEGIN "
                     "or an unfinished UPDATE: end it with COMMIT or ROLLBACK, or quit it; read it by hand with "
                     "`sqlite3 -readonly`)")


def is_lock(error: BaseException) -> bool:
    """Whether a failed write met a lock another connection holds, not a fault of the database or its disk."""
    return str(error).strip() == LOCKED


def file_size_limit() -> int | None:
    """The largest file this process may write, in bytes; None without a limit."""
    soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    return None if soft == resource.RLIM_INFINITY else soft


@dataclass
class StorageHealth:
    """Whether writes to the database fail now: since when, why, and which parts of the bot met it."""

    failing_since: datetime | None = None
    error: str | None = None
    parts: set[str] = field(default_factory=set)  # "ingest", "delivery", "planning", "config", "tracking"
    unstored_sources: list[str] = field(default_factory=list)  # those the last ingest pass could not store
    # The running bot says another program's write lock itself, when it is met and when it ends (with how long):
    # failures that lock causes add no line of their own here.
    locks_said_elsewhere: bool = False
    said_at: datetime | None = None  # when the log last spoke of this failure (None: not yet)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def failed(self, part: str, error: BaseException, *, quiet: bool = False) -> bool:
        """A write failed in `part`; True (and one log line, unless `quiet`) when writes were working until now."""
        with self._lock:
            first = self.failing_since is None
            if first:
                self.failing_since = datetime.now(UTC)
            self.error = storage_error_text(error)
            self.parts.add(part)
        if first and not quiet and not (self.locks_said_elsewhere and is_lock(error)) and self.due_line() == "first":
            log.error("could not use the database (%s) while %s: %s. Nothing is marked done that was not stored, "
                      "and it is tried again; this is said again at most every %s while it lasts", self.error,
                      _doing(part), WRITE_REMEDY, duration_text(REMIND_EVERY.total_seconds()))
        return first

    def due_line(self, now: datetime | None = None) -> str | None:
        """What the log owes this failure now: "first" while nothing was said of it, "reminder" once REMIND_EVERY
        has passed since the last line, None otherwise (and while writes work). What it returns counts as said."""
        now = now or datetime.now(UTC)
        with self._lock:
            if self.failing_since is None:
                return None
            if self.said_at is None:
                self.said_at = now
                return "first"
            if now - self.said_at >= REMIND_EVERY:
                self.said_at = now
                return "reminder"
            return None

    def worked(self, part: str) -> None:
        """A write in `part` succeeded: when every part that failed works again, say so once."""
        if self.failing_since is None:
            return
        with self._lock:
            self.parts.discard(part)
            if self.parts:
                return
            since, self.failing_since, self.error = self.failing_since, None, None
            self.unstored_sources, said, self.said_at = [], self.said_at, None
        if said is not None:  # a failure the log never spoke of (another program's lock, said elsewhere) ends quietly
            log.warning("the database takes writes again after %s; nothing was lost: what could not be stored or "
                        "recorded while it failed is fetched, planned or sent again now",
                        duration_text((datetime.now(UTC) - since).total_seconds()))

    def lock_ended(self) -> None:
        """Another program's write lock was let go (the runtime said so, and for how long): the failures it caused
        are over, though each part writes again only at its next turn; what they could not store is stored then."""
        with self._lock:
            if self.error is None or not self.error.startswith(LOCKED):
                return
            self.failing_since, self.error, self.parts, self.unstored_sources = None, None, set(), []
            self.said_at = None

    def describe(self) -> str | None:
        """The problem as /status shows it, or None while writes work."""
        if self.failing_since is None:
            return None
        parts = ", ".join(_doing(p) for p in sorted(self.parts))
        sources = (f"; not stored in the last pass: {', '.join(self.unstored_sources[:10])}"
                   if self.unstored_sources else "")
        return (f"the database fails since {self.failing_since:%Y-%m-%d %H:%M} UTC ({self.error}) while {parts}"
                f"{sources}. Nothing is lost: what could not be stored is fetched or sent again once it works.")


def _doing(part: str) -> str:
    return {"ingest": "storing new stories", "delivery": "reading or recording the deliveries ledger",
            "planning": "planning digests", "config": "storing a config edit",
            "tracking": "tracking actors and pledges"}.get(part, part)
