"""Where the log goes and in what shape: standard error or a rotating file, text or one JSON object a line.

Every handler carries the same secret-redacting filter (`bot.redact.RedactSecrets`), so a token never reaches a
terminal, a journal, a log file or a log shipper, whichever of them the operator chose.
"""

from __future__ import annotations

import errno
import json
import logging
import logging.handlers
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.core.errors import CommuniqueError
from bot.redact import RedactSecrets

FORMATS = ("text", "json")
# A log file is rotated at this size, and this many old files are kept (communique.log.1 ... .5): 60 MiB at most.
ROTATE_BYTES = 10 * 1024 * 1024
ROTATE_KEEP = 5
# These libraries log request URLs, and a Telegram URL holds the token: keep them quiet (and redacted).
NOISY = ("httpx", "httpcore", "apscheduler", "telegram", "discord", "trafilatura", "htmldate")


class LogFileError(CommuniqueError):
    """The log file cannot be opened (a missing permission, a folder in its place)."""


class JsonFormatter(logging.Formatter):
    """One JSON object a line (time in UTC, level, logger, message, and the traceback when there is one), the
    shape log shippers (Vector, Promtail, Fluent Bit) read without a parsing rule."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # The redacting filter has already turned the traceback into redacted text; format it only if no filter
        # ran (a handler someone else set up).
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A size-rotated log file readable by its owner only (it names chats, sources and operators).

    A file that cannot be written (its disk full, a file-size limit, an I/O error) sends the log to standard error
    (the journal, under systemd) until it can be written again, said once each way: Python's handler lost every
    record and wrote its 'Logging error' traceback of thirty lines on standard error for each, and a line cut
    short in its buffer landed in the file later.
    """

    missed = 0  # records sent to standard error since the file last took one
    _noting = False
    _whole: int | None = None  # the file's size after the last record it took whole

    def _open(self) -> Any:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self._whole = os.fstat(fd).st_size
        return os.fdopen(fd, "a", encoding=self.encoding or "utf-8", errors=self.errors)

    def _took_whole(self) -> None:
        if self.stream is not None:
            try:
                self._whole = os.fstat(self.stream.fileno()).st_size
            except OSError:
                self._whole = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.missed:
            self._noting = True  # the note's own failure is not a record to send elsewhere
            failed_before = self.missed
            super().emit(logging.makeLogRecord({
                "name": "communique", "levelno": logging.WARNING, "levelname": "WARNING",
                "msg": f"{failed_before} log records went to standard error while it could not be written",
            }))
            self._noting = False
            if self.missed == failed_before and self.stream is not None:
                self.missed = 0
                self._took_whole()
                sys.stderr.write(f"communique: the log file {self.baseFilename} is written again\n")
        if self.missed:
            self.missed += 1
            self._to_stderr(record)  # the file still fails: no write tried for each record
            if self.missed % 100 == 0:
                self._drop_stream()  # ... but every hundredth, as the disk may have room again
            return
        self._reopen_if_moved()
        super().emit(record)
        if not self.missed:
            self._took_whole()

    def _reopen_if_moved(self) -> None:
        """The file at the log's path is no longer the one written (renamed by logrotate, deleted to free room):
        closed, so the record opens the path anew. The bot wrote on into the renamed or deleted file, the log where
        the operator looks stayed missing or empty, and a deleted one's room was never given back."""
        if self.stream is None:
            return
        try:
            mine = os.fstat(self.stream.fileno())
            here = os.stat(self.baseFilename)
        except FileNotFoundError:
            here = None
        except (OSError, ValueError):
            return
        if here is None or (here.st_dev, here.st_ino) != (mine.st_dev, mine.st_ino):
            stream, self.stream = self.stream, None
            try:
                stream.close()
            except OSError:
                pass

    def handleError(self, record: logging.LogRecord) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):
            super().handleError(record)
            return
        self._drop_stream()
        if self._noting:
            return
        if not self.missed:
            sys.stderr.write(f"communique: cannot write the log file {self.baseFilename} "
                             f"({error.strerror or error}): the log goes to standard error until it can be written "
                             "again\n")
        self.missed += 1
        self._to_stderr(record)

    def _to_stderr(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:  # standard error gone too: nothing left to tell
            pass

    def _drop_stream(self) -> None:
        """Close the file, dropping what its buffer holds, and cut off the part of a line the disk took before it
        refused the rest (the next line would run on from it), so the next record opens it anew."""
        stream, self.stream = self.stream, None
        if stream is not None:
            try:
                stream.close()  # the flush fails again; the file is closed all the same
            except OSError:
                pass
        if self._whole is not None:
            try:
                if os.stat(self.baseFilename).st_size > self._whole:
                    os.truncate(self.baseFilename, self._whole)
            except OSError:
                pass


def formatter(kind: str, *, dates: bool) -> logging.Formatter:
    """The formatter for `--log-format`; a file gets full dates, a terminal the time of day. Times are UTC and say
    so, as the messages' own times do ("Tried again in 30 min (23:05 UTC)"): the machine's zone would mix two
    clocks in one line, and repeat an hour of times in a log that spans the autumn's clock change."""
    if kind == "json":
        return JsonFormatter()
    text = logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S UTC" if dates else "%H:%M:%S UTC"
    )
    text.converter = time.gmtime
    return text


def file_handler(path: Path, *, max_bytes: int = ROTATE_BYTES, keep: int = ROTATE_KEEP) -> logging.Handler:
    """A rotating handler on `path` (its folder created); `LogFileError` says why it cannot be opened, naming the
    culprit where the system's words ("File exists", "Is a directory") name none."""
    if path.is_dir():
        raise LogFileError(f"cannot write the log file {path}: it is a folder; name a file in it, such as "
                           f"{path / 'communique.log'}")
    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise LogFileError(f"cannot write the log file {path}: {blocking} is a file, not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return PrivateRotatingFileHandler(path, maxBytes=max_bytes, backupCount=keep, encoding="utf-8")
    except OSError as exc:
        raise LogFileError(f"cannot write the log file {path}: {exc.strerror or exc}{_sandboxed(exc)}") from None


def _sandboxed(error: OSError) -> str:
    """Under systemd (which sets INVOCATION_ID), "Read-only file system" is most often the unit's sandbox:
    deploy/communique.service's ProtectSystem=strict leaves only the unit's own folders writable, and the
    system's words read as a disk fault."""
    if error.errno != errno.EROFS or "INVOCATION_ID" not in os.environ:
        return ""
    return (" (under systemd, the unit's ProtectSystem=strict leaves only its own folders writable: "
            "`systemctl edit communique`, add [Service] LogsDirectory=communique, and write the log to "
            "/var/log/communique/communique.log)")


def level_for(verbosity: int) -> int:
    return logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG


def setup(
    verbosity: int,
    secrets: list[str],
    *,
    log_file: Path | None = None,
    log_format: str = "text",
    max_bytes: int = ROTATE_BYTES,
    keep: int = ROTATE_KEEP,
) -> logging.Handler:
    """Send every log record to one handler (standard error, or the rotating `log_file`) in `log_format`, through
    the redacting filter; returns the handler."""
    if log_format not in FORMATS:
        raise ValueError(f"log format {log_format!r}: use one of {', '.join(FORMATS)}")
    handler: logging.Handler
    if log_file is not None:
        handler = file_handler(log_file, max_bytes=max_bytes, keep=keep)
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(log_format, dates=log_file is not None or log_format == "json"))
    handler.addFilter(RedactSecrets(secrets))
    level = level_for(verbosity)
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
        if isinstance(old, logging.FileHandler):
            old.close()
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    return handler
