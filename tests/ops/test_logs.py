"""Log files and JSON logs: rotated, owner-only, one JSON object a line, and never a token, whatever the record."""

from __future__ import annotations

import calendar
import json
import logging
import re
import stat
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.ops import logs
from tests.feedserver import FeedServer
from tests.reliability.harness import Deployment
from tests.reliability.telegram_world import CHATS, STORIES, telegram_config

TOKEN = "7301234567:AAH-a1b2c3d4e5f6g7h8i9j0kLmNoPqRsTuVw"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    for handler in root.handlers[:]:
        root.removeHandler(handler)
        handler.close()
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def leaks(text: str) -> bool:
    return TOKEN in text or TOKEN.split(":", 1)[1] in text


def test_json_lines_in_the_log_file_carry_no_token_from_messages_arguments_or_tracebacks(
    tmp_path: Path, restore_logging: None
) -> None:
    path = tmp_path / "logs" / "communique.log"
    logs.setup(1, [TOKEN], log_file=path, log_format="json")
    log = logging.getLogger("communique.test")
    log.warning("calling https://api.telegram.org/bot%s/getMe", TOKEN)
    log.info("the half after the colon alone: %s", TOKEN.split(":", 1)[1])
    try:
        raise ConnectionError(f"POST https://api.telegram.org/bot{TOKEN}/sendMessage failed")
    except ConnectionError:
        log.exception("send failed")
    log.debug("not written: the level is INFO")
    text = path.read_text(encoding="utf-8")
    assert not leaks(text)
    records = [json.loads(line) for line in text.splitlines()]
    assert [r["level"] for r in records] == ["WARNING", "INFO", "ERROR"]
    assert records[0]["message"] == "calling https://api.telegram.org/bot[redacted]/getMe"
    assert records[0]["logger"] == "communique.test" and records[0]["time"].endswith("+00:00")
    assert "ConnectionError" in records[2]["exception"] and "[redacted]" in records[2]["exception"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_log_file_rotates_at_its_size_and_keeps_a_fixed_number_of_old_files(
    tmp_path: Path, restore_logging: None
) -> None:
    path = tmp_path / "communique.log"
    logs.setup(1, [TOKEN], log_file=path, log_format="text", max_bytes=4000, keep=2)
    log = logging.getLogger("communique.test")
    for n in range(400):
        log.warning("line %d with the token %s in it", n, TOKEN)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["communique.log", "communique.log.1", "communique.log.2"]
    for name in files:
        data = (tmp_path / name).read_text(encoding="utf-8")
        assert len(data.encode()) <= 4000 and not leaks(data)
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    assert "line 399 with the token [redacted] in it" in path.read_text(encoding="utf-8")


def test_an_unwritable_log_file_is_a_clear_error(tmp_path: Path, restore_logging: None) -> None:
    (tmp_path / "a-folder").mkdir()
    with pytest.raises(logs.LogFileError, match="cannot write the log file .*a-folder"):
        logs.setup(0, [], log_file=tmp_path / "a-folder")


def test_a_log_file_under_a_file_or_on_a_folder_says_which(tmp_path: Path, restore_logging: None) -> None:
    # "cannot write the log file var/app.log/communique.log: File exists" (the mkdir's error) named no culprit.
    (tmp_path / "app.log").write_text("old log\n")
    with pytest.raises(logs.LogFileError) as under_a_file:
        logs.setup(0, [], log_file=tmp_path / "app.log" / "communique.log")
    assert str(under_a_file.value) == (f"cannot write the log file {tmp_path / 'app.log' / 'communique.log'}: "
                                       f"{tmp_path / 'app.log'} is a file, not a folder")
    (tmp_path / "logs").mkdir()
    with pytest.raises(logs.LogFileError) as on_a_folder:
        logs.setup(0, [], log_file=tmp_path / "logs")
    assert str(on_a_folder.value) == (f"cannot write the log file {tmp_path / 'logs'}: it is a folder; name a file "
                                      f"in it, such as {tmp_path / 'logs' / 'communique.log'}")


def test_a_running_bot_logs_json_to_its_file_reloads_at_info_and_never_writes_the_token(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any
) -> None:
    peer = telegram_peer
    peer.inject_fault("sendMessage", "server_error", times=1, chat_id=CHATS[0])
    peer.inject_fault("sendMessage", "unauthorized", times=1, chat_id=CHATS[1])
    deployment = deploy(telegram_config(feed_server, peer), env={"TELEGRAM_BOT_TOKEN": peer.token})
    log_path = deployment.folder / "log" / "communique.log"
    run = deployment.start(args=["-vv", "--log-file", str(log_path), "--log-format", "json"])
    deployment.wait_for(lambda: deployment.delivered_to(CHATS, STORIES), 90, run, "every chat's digest")

    # The operator adds a source while the bot runs: the reload is logged at INFO.
    feed_server.route("/extra.xml", body=b"<rss version='2.0'><channel><title>x</title></channel></rss>")
    deployment.config["sources"].append({"name": "Extra desk", "url": feed_server.url("/extra.xml")})
    time.sleep(1.1)  # a new modification time, whatever the file system's resolution
    deployment.write_config()

    def reloaded() -> list[dict]:
        lines = log_path.read_text(encoding="utf-8").splitlines() if log_path.exists() else []
        return [r for r in map(json.loads, lines) if r["message"].startswith("config reloaded")]

    deployment.wait_for(lambda: bool(reloaded()), 30, run, "the reload logged")
    code, _ = run.terminate()
    assert code == 0
    [record] = reloaded()
    assert record["level"] == "INFO" and "4 sources" in record["message"], record
    text = log_path.read_text(encoding="utf-8")
    records = [json.loads(line) for line in text.splitlines()]  # every line is one JSON object
    assert {"DEBUG", "INFO"} <= {r["level"] for r in records}
    assert not (peer.token in text or peer.token.split(":", 1)[1] in text), "the token reached the log file"
    assert '"level"' not in run.stderr, "records go to the file, not to standard error"


def test_a_log_file_on_a_full_disk_sends_the_log_to_standard_error_and_says_so_once(
    tmp_path: Path, restore_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """The log's own disk fills (a log file on a small /var/log): every record was lost, each replaced on standard
    error by Python's 'Logging error' traceback of 30 lines; the records after space came back were written,
    the ones between gone without a word in the file."""
    from tests.reliability.disk import small_disk

    with small_disk(tmp_path / "logs", size="64k") as disk:
        path = disk.path / "communique.log"
        logs.setup(1, [TOKEN], log_file=path)
        log = logging.getLogger("bot.test")
        log.info("stored before the disk filled")
        disk.fill()
        for number in range(150):  # more than the page the file already has
            log.warning("source %d failed while the log's disk was full, token %s", number, TOKEN)
        err = capsys.readouterr().err
        assert "Logging error" not in err and "Traceback" not in err, err[:2000]
        assert err.count(f"cannot write the log file {path} (No space left on device)") == 1, err[:2000]
        assert "the log goes to standard error until it can be written again" in err
        assert not leaks(err)
        on_stderr = {n for n in range(150) if f"source {n} failed while the log's disk was full" in err}
        assert set(range(100, 150)) <= on_stderr, err[-2000:]
        disk.free()
        log.warning("stored after space came back")
        err = capsys.readouterr().err
        assert f"the log file {path} is written again" in err, err
        written = path.read_text(encoding="utf-8")
    lines = written.splitlines()
    assert "stored before the disk filled" in lines[0]
    assert "records went to standard error while it could not be written" in written, written
    assert "stored after space came back" in lines[-1], written
    whole = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC (INFO|WARNING) [\w.]+: [^\n]*")
    cut = [line for line in lines if not whole.fullmatch(line) or len(re.findall(r"\d\d:\d\d:\d\d UTC ", line)) != 1]
    assert not cut, f"lines cut short or run together: {cut}"
    in_file = {n for n in range(150) if f"source {n} failed while the log's disk was full" in written}
    assert in_file | on_stderr == set(range(150)), "every record is in the file or on standard error"


def test_a_log_file_moved_or_deleted_under_the_running_bot_is_made_again_where_the_operator_looks(
    tmp_path: Path, restore_logging: None
) -> None:
    """logrotate's usual way (the file renamed, a new one expected in its place), or `rm` of a big log to free
    room: the bot wrote on into the renamed file, or into the deleted one, which no one can read and whose room is
    never given back; `communique.log` stayed missing or empty for good."""
    path = tmp_path / "communique.log"
    logs.setup(0, [], log_file=path, log_format="text")
    log = logging.getLogger("communique.test")
    log.warning("before the move")
    path.rename(tmp_path / "communique.log.2026-12-06")
    log.warning("after the move")
    assert "after the move" in path.read_text(encoding="utf-8")
    assert "after the move" not in (tmp_path / "communique.log.2026-12-06").read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.unlink()
    log.warning("after the delete")
    assert path.read_text(encoding="utf-8").count("after the delete") == 1


def test_a_log_file_outside_the_systemd_units_folders_says_how_to_give_it_one(
    tmp_path: Path, restore_logging: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """deploy/communique.service runs with ProtectSystem=strict: every folder but the unit's own is mounted read-only
    for it, so `--log-file /var/log/communique/communique.log` stopped the start with "Read-only file system", which
    reads as a disk fault. Played by a real read-only mount (a tmpfs remounted `ro`) and systemd's INVOCATION_ID."""
    from tests.reliability.disk import small_disk

    with small_disk(tmp_path / "disk", size="1m") as disk:
        remounted = subprocess.run(["mount", "-o", "remount,ro", str(disk.path)], capture_output=True, text=True)
        assert remounted.returncode == 0, remounted.stderr
        monkeypatch.setenv("INVOCATION_ID", "0123456789abcdef0123456789abcdef")
        with pytest.raises(logs.LogFileError) as sandboxed:
            logs.setup(0, [], log_file=disk.path / "communique" / "communique.log")
        assert "Read-only file system" in str(sandboxed.value)
        assert "ProtectSystem=strict" in str(sandboxed.value)
        assert "LogsDirectory=communique" in str(sandboxed.value)
        monkeypatch.delenv("INVOCATION_ID")
        with pytest.raises(logs.LogFileError) as plain:  # not under systemd: a read-only disk is just that
            logs.setup(0, [], log_file=disk.path / "communique" / "communique.log")
        assert "systemd" not in str(plain.value)


def test_the_log_tells_its_times_in_utc_as_its_messages_do_whatever_the_machines_zone(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    """A server whose zone is not UTC (or whose zone an administrator changes, or that turns its clocks back for
    the winter): the log's own time was the machine's local time, with no zone said, while the line itself said
    when the source is tried again in UTC: `10:33:47 WARNING ... Tried again in 60 s (15:34 UTC)`. The operator
    read the retry as five hours away, and a log spanning the autumn change repeated an hour of times."""
    feed_server.route("/down.xml", status=500, body=b"no")
    deployment = deploy({"fetch": {"allow_private_addresses": True},
                         "sources": [{"name": "Fallen desk", "url": feed_server.url("/down.xml")}]})
    log_path = deployment.folder / "communique.log"
    before = time.time()
    done = deployment.cli("--log-file", str(log_path), "fetch", env={"TZ": "Pacific/Kiritimati"})  # UTC+14
    after = time.time()
    [line] = [x for x in log_path.read_text(encoding="utf-8").splitlines() if "source Fallen desk failed" in x]
    stamp = re.match(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC WARNING ", line)
    assert stamp, f"the line's time says its zone: {line} ({done.returncode}, {done.stderr[-500:]})"
    told = calendar.timegm(time.strptime(stamp.group(1), "%Y-%m-%d %H:%M:%S"))
    assert before - 2 <= told <= after + 2, f"{line}: not the UTC time it was written at"
