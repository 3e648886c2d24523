"""The command line, run as a user runs it: a subprocess in a fresh folder."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

SAMPLES = REPO / "bot" / "samples"


def communique(*args: str, cwd: Path, input: str | None = None, timeout: float = 120, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd, input=input, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    first = communique("demo", cwd=folder)
    assert first.returncode == 0, first.stderr
    (folder / "first.out").write_text(first.stdout)
    return folder


def test_demo_prints_a_digest_with_summaries_quotes_pledges_and_links(demo_dir: Path) -> None:
    out = (demo_dir / "first.out").read_text()
    assert "Communiqué digest" in out
    assert "Velmora pledges €25 million to UN flood appeal for the Calderan Islands" in out
    assert out.count("Quote: “") >= 5 and "(said " in out
    assert out.count("Pledge: ") >= 5 and "(deadline: " in out
    assert "https://worldwire.example/" in out and "https://mfa.velmora.example/" in out
    assert "Also reported by: " in out, "the syndicated Geneva story is shown once"
    assert "\x1b[" not in out, "plain text when piped"
    db = demo_dir / "var" / "demo.db"
    assert db.is_file() and stat.S_IMODE(db.stat().st_mode) == 0o600


def test_demo_a_second_time_finds_nothing_new(demo_dir: Path) -> None:
    again = communique("demo", cwd=demo_dir)
    assert again.returncode == 0, again.stderr
    assert "Nothing new arrived since the last run" in again.stdout
    assert "Communiqué digest" not in again.stdout


def test_latest_status_and_digest_preview_read_the_database(demo_dir: Path) -> None:
    latest = communique("latest", "3", cwd=demo_dir)
    assert latest.returncode == 0 and "Latest 3 stories" in latest.stdout
    assert latest.stdout.count("\n1. ") == 1 and "\n3. " in latest.stdout and "\n4. " not in latest.stdout
    topic = communique("latest", "--topic", "wire", cwd=demo_dir)
    assert "World Wire" in topic.stdout and "Foreign Ministry Press Office ·" not in topic.stdout
    bad = communique("latest", "50", cwd=demo_dir)
    assert bad.returncode != 0 and "N must be from 1 to 20" in bad.stderr and "Traceback" not in bad.stderr
    status = communique("status", cwd=demo_dir)
    assert status.returncode == 0
    assert "World Wire" in status.stdout and "articles stored" in status.stdout and "Deliveries:" in status.stdout
    preview = communique("digest", cwd=demo_dir)
    assert preview.returncode == 0 and "Nothing new since the last digest" in preview.stdout


def test_check_config_reports_every_problem_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "config.toml"
    bad.write_text('[digest]\ntime = "8 o clock"\ntimezon = "UTC"\n[[sources]]\nname = "A"\nurl = "gopher://x"\n')
    result = communique("check-config", str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert "'time' = '8 o clock'" in result.stderr and "did you mean 'timezone'" in result.stderr
    assert "'url' = 'gopher://x'" in result.stderr and "Traceback" not in result.stderr
    good = communique("check-config", str(REPO / "config.example.toml"), cwd=tmp_path, env={"TELEGRAM_BOT_TOKEN": "123:SECRETSECRET"})
    assert good.returncode == 0 and "OK" in good.stdout
    assert "$TELEGRAM_BOT_TOKEN: set;" in good.stdout and "SECRETSECRET" not in good.stdout


def test_every_command_has_help(tmp_path: Path) -> None:
    for command in ("", "demo", "run", "fetch", "digest", "latest", "check-config", "status", "analyze"):
        result = communique(*([command] if command else []), "--help", cwd=tmp_path)
        assert result.returncode == 0 and "usage: communique" in result.stdout


def test_demo_on_a_config_whose_sources_all_fail_says_so_and_exits_as_fetch_does(tmp_path: Path) -> None:
    # `communique demo` with config.example.toml as it is, on a machine that cannot reach the sources, said "Nothing
    # new arrived since the last run: 0 articles are already stored ... (Delete that file to start over.)" and
    # exited 0: there had been no last run, and deleting the file changed nothing. A real port on 127.0.0.1 with
    # nothing listening plays the unreachable source.
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (tmp_path / "config.toml").write_text(
        f'[fetch]\nallow_private_addresses = true\n\n[[sources]]\nname = "Wire"\n'
        f'url = "http://127.0.0.1:{port}/feed.xml"\n'
    )
    result = communique("demo", cwd=tmp_path)
    assert result.returncode == 4, (result.returncode, result.stdout, result.stderr)
    assert "since the last run" not in result.stdout and "start over" not in result.stdout, result.stdout
    assert "The source failed (above): nothing was fetched." in result.stdout, result.stdout
    assert "Tried again in" not in result.stderr, "a one-off pass tries nothing again: " + result.stderr
    (tmp_path / "config.toml").write_text("")
    empty = communique("demo", cwd=tmp_path)
    assert empty.returncode == 2 and "no [[sources]]" in empty.stderr, (empty.stdout, empty.stderr)


def test_every_command_says_what_it_does_and_what_each_argument_is() -> None:
    """`communique analyze --help` listed FILE with no word of what a file may be, and `sources export --help`
    opened on its options with no line saying what the command does: each command, at any depth, has its
    description, and each argument its help."""
    import argparse

    from bot.cli import build_parser

    missing = []

    def walk(parser: argparse.ArgumentParser, name: str) -> None:
        if name and not parser.description:
            missing.append(f"{name}: no description")
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    walk(sub, f"{name} {sub_name}".strip())
            elif not action.help:
                missing.append(f"{name or 'communique'} {action.metavar or action.dest}: no help")

    walk(build_parser(), "")
    assert not missing, missing


def test_analyze_prints_one_json_line_per_file_and_reports_bad_files(tmp_path: Path) -> None:
    files = sorted((SAMPLES / "articles").glob("*.json"))
    txt = tmp_path / "note.txt"
    txt.write_text("Velmora pledged on Monday to reopen the crossing within 30 days, officials said.\n")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = communique("analyze", *map(str, files), str(txt), str(broken), str(SAMPLES / "pages" / "geneva-talks.html"), cwd=tmp_path)
    assert result.returncode == 1, "a bad file makes the exit code non-zero"
    assert "broken.json: not valid JSON" in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == len(files) + 2
    for record in records:
        assert set(record) >= {"id", "title", "summary", "quotes", "pledges"}
        for pledge in record["pledges"]:
            assert set(pledge) >= {"actor", "commitment", "evidence", "when"}
    assert records[len(files)]["id"] == "note"
    assert records[-1]["title"].startswith("Velmora, Kestria strike Geneva deal")


def test_run_serves_console_commands_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--stdin", "--tick", "1"],
        cwd=tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "var" / "demo.db").exists() and time.monotonic() < deadline:  # the bundled config
            time.sleep(0.1)
        second = communique("run", cwd=tmp_path, timeout=30)
        assert second.returncode != 0 and "already using" in second.stderr, "a second instance refuses to run"
        time.sleep(3)  # let the first ingest tick store the samples
        proc.stdin.write("/latest 2\n/help\n/nonsense\n")
        proc.stdin.flush()
        time.sleep(3)
        proc.send_signal(signal.SIGTERM)
        started = time.monotonic()
        out, err = proc.communicate(timeout=30)
        assert time.monotonic() - started < 10, "SIGTERM stops it within seconds"
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Latest 2 stories" in out
    assert "/subscribe [topics...]" in out
    assert "Unknown command /nonsense" in out
    assert "Communiqué stopped." in err


def _console_session(folder: Path, typed: str) -> tuple[str, str]:
    """`communique run --stdin` in `folder` (the bundled demo config) with `typed` written to its console once the
    platform has started, then SIGTERM: what it wrote to stdout and stderr."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--stdin", "--tick", "3600"],
        cwd=folder, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        assert proc.stdin is not None
        deadline = time.monotonic() + 60
        while not (folder / "var" / "demo.db").exists() and time.monotonic() < deadline:  # the bundled config
            time.sleep(0.1)
        time.sleep(3)  # the console reads once the platform has started
        proc.stdin.write(typed)
        proc.stdin.flush()
        time.sleep(5)
        proc.send_signal(signal.SIGTERM)
        return proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_yes_at_the_console_runs_the_command_it_was_offered(tmp_path: Path) -> None:
    """At the terminal `communique run --stdin` answers "/hlep" with "Did you mean /help?"; "yes" was told
    "Commands start with /", as though nothing had been asked. It runs /help now."""
    out, err = _console_session(tmp_path, "/hlep\nyes\nyes\n")
    assert "Did you mean /help?" in out, out + err
    assert "/subscribe [topics...]" in out, f"the yes ran /help: {out}"
    assert out.count("Commands start with /") == 1, f"the second yes answers nothing asked: {out}"


def test_a_yes_runs_the_offer_for_words_typed_as_key_and_value(tmp_path: Path) -> None:
    """"/settings tz=Europe/Berln" is read as "tz Europe/Berln" and a "Did you mean Europe/Berlin?" was asked; but
    "yes" looked for the words as typed, did not find them, and answered nothing (so did a name typed in quotes)."""
    out, err = _console_session(tmp_path, "/settings tz=Europe/Berln\nyes\n")
    assert "Did you mean" in out and "Europe/Berlin" in out, out + err
    assert "Commands start with /" not in out, f"the yes answered nothing: {out}"
    assert "Saved" in out, f"the yes set the zone: {out}"


def _run_until_started(folder: Path, env: dict[str, str] | None = None, piped: str | None = None) -> str:
    """`communique run -v` in `folder` until its platform has started (its stop signals are handled by then), then
    SIGTERM; what it wrote to stderr. `env`: variables added to this process's environment; `piped`: text given on
    its standard input through a pipe (else it reads /dev/null, as under systemd)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "-v", "--tick", "3600"],
        cwd=folder, stdin=subprocess.DEVNULL if piped is None else subprocess.PIPE, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, env=env,
    )
    assert proc.stderr is not None
    if piped is not None:
        assert proc.stdin is not None
        proc.stdin.write(piped)
        proc.stdin.flush()  # left open: `communicate` closes it
    lines = []
    try:
        for line in proc.stderr:
            lines.append(line)
            if "platform console started" in line:
                break
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    return "".join(lines) + err


def test_run_says_when_it_begins_a_new_database(tmp_path: Path) -> None:
    # A bot started on a [storage] path with nothing there (the database moved without its config, a typo, another
    # working directory) began an empty one without a word: every chat's subscription and every story stayed in the
    # old file, and the bot ran on as if it had none.
    (tmp_path / "config.toml").write_text(
        f'[storage]\npath = "var/communique.db"\n\n[[sources]]\nname = "Wire"\n'
        f'url = "{SAMPLES / "feeds" / "world-wire.atom"}"\n'
    )
    first = _run_until_started(tmp_path)
    database = tmp_path / "var" / "communique.db"
    assert (f"communique: began a new, empty database at {database} (no subscriptions, no stories yet). If this bot "
            "ran before, its database is elsewhere: stop it, then set [storage] path to that file") in first, first
    second = _run_until_started(tmp_path)
    assert "began a new" not in second and "Communiqué stopped." in second, second


def test_a_token_set_for_a_platform_the_config_has_no_section_for_is_said(tmp_path: Path) -> None:
    # The README's Telegram steps: export TELEGRAM_BOT_TOKEN, then `communique run`. With a config of one's own
    # written without a [telegram] section (or none at all: the bundled demo config), the bot ran on the console
    # and never said that the token set in its environment was left unused.
    (tmp_path / "config.toml").write_text(
        f'[storage]\npath = "var/communique.db"\n\n[[sources]]\nname = "Wire"\n'
        f'url = "{SAMPLES / "feeds" / "world-wire.atom"}"\n'
    )
    env = {"TELEGRAM_BOT_TOKEN": "4839201:" + "Qx" * 18, "DISCORD_BOT_TOKEN": ""}
    said = ("the environment variable TELEGRAM_BOT_TOKEN is set, but the config has no [telegram] section, so "
            "Telegram does not start: add a [telegram] section")
    checked = communique("check-config", cwd=tmp_path, env=env)
    assert checked.returncode == 0 and said in " ".join(checked.stdout.split()), checked.stdout
    assert "Qx" not in checked.stdout + checked.stderr
    started = _run_until_started(tmp_path, env=env)
    assert said in " ".join(started.split()) and "Qx" not in started, started
    assert "DISCORD_BOT_TOKEN" not in started, "a variable set empty is no token"


def test_run_stops_on_sigterm_while_waiting_for_a_typed_command(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--stdin", "--tick", "3600"],
        cwd=tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        proc.stdin.write("/help\n")
        proc.stdin.flush()
        deadline = time.monotonic() + 60
        out = ""
        while "/subscribe" not in out and time.monotonic() < deadline:
            out += proc.stdout.readline()
        proc.send_signal(signal.SIGTERM)  # nothing more is typed: the input stays open and silent
        started = time.monotonic()
        proc.wait(timeout=30)
        assert time.monotonic() - started < 5, "a silent terminal does not hold up the stop"
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdin.close()
    assert proc.returncode == 0


def test_status_shows_source_names_and_errors_with_brackets_as_written(tmp_path: Path) -> None:
    """Names (an OPML import's "[en] ...") and errors are text, not the terminal library's markup: "[en]" was
    dropped from the name, and a "[/b]" ended `communique status` with a traceback."""
    import sqlite3

    from tests.factories import items, rss

    (tmp_path / "feed.xml").write_bytes(rss(items(1)))
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "var/communique.db"\n[fetch]\nfetch_full_text = false\n'
        '[[sources]]\nname = "[en] Foreign Ministry"\nurl = "feed.xml"\n'
        '[[sources]]\nname = "Wire [/b] desk"\nurl = "feed.xml"\n'
        '[[sources]]\nname = "Later [b]desk[/b]"\nurl = "feed.xml"\n'
    )
    fetched = communique("fetch", cwd=tmp_path)
    assert fetched.returncode == 0, fetched.stderr
    conn = sqlite3.connect(tmp_path / "var" / "communique.db")
    conn.execute("UPDATE sources SET failures = 2, last_error = 'feed: mismatched tag [/item]' "
                 "WHERE name = '[en] Foreign Ministry'")
    conn.execute("DELETE FROM sources WHERE name = 'Later [b]desk[/b]'")  # not read yet
    conn.commit()
    conn.close()
    status = communique("status", cwd=tmp_path, env={"COLUMNS": "200"})
    assert status.returncode == 0 and "Traceback" not in status.stderr, status.stderr
    for text in ("[en] Foreign Ministry", "Wire [/b] desk", "Later [b]desk[/b]", "mismatched tag [/item]"):
        assert text in status.stdout, (text, status.stdout)


def test_status_shows_a_fixed_offset_as_the_chat_set_it(tmp_path: Path) -> None:
    """A chat that set `/settings tz UTC+2` is stored in Etc/GMT-2, whose sign POSIX reverses: status listed it
    as "daily 08:00 Etc/GMT-2", which an operator reads as two hours behind UTC."""
    from dataclasses import replace

    from storage import subscriptions as sub_store
    from storage.db import connect
    from tests.helpers import DEFAULTS

    (tmp_path / "config.toml").write_text('[storage]\npath = "var/communique.db"\n')
    (tmp_path / "var").mkdir()
    db = connect(tmp_path / "var" / "communique.db")
    sub_store.subscribe(db, platform="telegram", chat_id="100", chat_kind="private",
                        defaults=replace(DEFAULTS, timezone="Etc/GMT-2"))
    db.close()
    status = communique("status", cwd=tmp_path, env={"COLUMNS": "200"})
    assert "telegram 100: daily 08:00 UTC+2, active" in status.stdout, status.stdout


def test_status_shows_an_instant_chat_without_a_digest_time(tmp_path: Path) -> None:
    """A chat in instant mode has no digest time, yet status listed it as "instant 08:00 UTC": an operator looking
    for why a chat got a story at 13:20 read that it should have come at 08:00."""
    from dataclasses import replace

    from storage import subscriptions as sub_store
    from storage.db import connect
    from tests.helpers import DEFAULTS

    (tmp_path / "config.toml").write_text('[storage]\npath = "var/communique.db"\n')
    (tmp_path / "var").mkdir()
    db = connect(tmp_path / "var" / "communique.db")
    sub_store.subscribe(db, platform="telegram", chat_id="100", chat_kind="private",
                        defaults=replace(DEFAULTS, mode="instant"))
    sub_store.subscribe(db, platform="telegram", chat_id="200", chat_kind="private", defaults=DEFAULTS)
    db.close()
    status = communique("status", cwd=tmp_path, env={"COLUMNS": "200"})
    assert "telegram 100: instant, active" in status.stdout, status.stdout
    assert "telegram 200: daily 08:00 UTC, active" in status.stdout, status.stdout


def test_status_shows_each_sources_newest_story(tmp_path: Path) -> None:
    """A feed that answers every fetch but stopped publishing looked healthy in `status` (a recent success, no
    failures): the newest story each source has stored now tells an operator it went quiet."""
    from tests.factories import items, rss

    (tmp_path / "feed.xml").write_bytes(rss(items(2)))
    (tmp_path / "empty.xml").write_bytes(rss([]))
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "var/communique.db"\n[fetch]\nfetch_full_text = false\n'
        '[[sources]]\nname = "Ministry"\nurl = "feed.xml"\n'
        '[[sources]]\nname = "Quiet desk"\nurl = "empty.xml"\n'
    )
    fetched = communique("fetch", cwd=tmp_path)
    assert fetched.returncode == 0, fetched.stderr
    status = communique("status", cwd=tmp_path, env={"COLUMNS": "200"})
    assert status.returncode == 0, status.stderr
    assert "newest story" in status.stdout
    ministry = next(line for line in status.stdout.splitlines() if "Ministry" in line)
    quiet = next(line for line in status.stdout.splitlines() if "Quiet desk" in line)
    assert "2026-11-20 09:00" in ministry, "the newest of its two stories, by publication time"
    assert "none stored" in quiet


def test_fetch_on_a_terminal_shows_a_source_name_with_brackets_as_written(tmp_path: Path) -> None:
    """The progress bar `communique fetch` draws on a terminal names each source as text: "Wire [/b] desk" ended the
    fetch with a traceback (the bar read the name as markup)."""
    import pty
    import threading

    from tests.factories import items, rss

    (tmp_path / "feed.xml").write_bytes(rss(items(1)))
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "var/communique.db"\n[fetch]\nfetch_full_text = false\n'
        '[[sources]]\nname = "Wire [/b] desk"\nurl = "feed.xml"\n'
    )
    controller, terminal = pty.openpty()
    seen: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                return
            if not chunk:
                return
            seen.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        fetched = subprocess.run(
            [sys.executable, "-m", "bot", "fetch"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=terminal,
            text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)},
        )
    finally:
        os.close(terminal)
        reader.join(timeout=5)
        os.close(controller)
    shown = b"".join(seen).decode(errors="replace")
    assert fetched.returncode == 0 and "Traceback" not in shown, shown
    assert "Wire [/b] desk" in fetched.stdout


def test_fetch_says_when_a_feed_has_moved_for_good(tmp_path: Path, feed_server) -> None:
    """`communique fetch` after a 301: the feed was read at its new address and nothing on the screen said so."""
    from tests.factories import items, rss

    feed_server.route("/old.xml", redirect="/new.xml", redirect_status=301)
    feed_server.route("/new.xml", body=rss(items(1)))
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "var/communique.db"\n[fetch]\nfetch_full_text = false\nallow_private_addresses = true\n'
        f'[[sources]]\nname = "Ministry"\nurl = "{feed_server.url("/old.xml")}"\n'
    )
    fetched = communique("fetch", cwd=tmp_path)
    assert fetched.returncode == 0, fetched.stderr
    assert "Ministry: 1 new, 0 updated, 0 unchanged (ok)\n" \
        f"  moved for good (HTTP 301) to {feed_server.url('/new.xml')}: set that as its url in the config\n" \
        in fetched.stdout, fetched.stdout


def test_fetch_tells_the_operator_what_to_do_about_a_failing_source_rather_than_a_retry_it_will_not_make(
    tmp_path: Path, feed_server
) -> None:
    """`communique fetch` is one pass: its warning for a failing source said "Tried again in 60 min", and nothing
    tried it again (the command had ended). It says the fetch does not, what to do, and when a running bot would."""
    feed_server.route("/down.xml", status=500, body=b"server error")
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "var/communique.db"\n[fetch]\nfetch_full_text = false\nallow_private_addresses = true\n'
        f'[[sources]]\nname = "Harbour desk"\nurl = "{feed_server.url("/down.xml")}"\ninterval = 3600\n'
    )
    fetched = communique("fetch", cwd=tmp_path)
    assert fetched.returncode == 4, fetched.stderr
    assert "Tried again" not in fetched.stderr
    line = next(line for line in fetched.stderr.splitlines() if "source Harbour desk failed" in line)
    assert "This fetch does not try it again: fetch again once the source works (`communique run` tries it by " \
        "itself from " in line, line


def test_fetch_says_where_a_moved_private_feeds_key_goes(tmp_path: Path, feed_server) -> None:
    """A private feed moved for good to an address with its key: the key is not shown, and the line told the
    operator to set the address with "[redacted]" in it as the source's url. It says to put the key there."""
    from tests.factories import items, rss

    feed_server.route("/old.xml", redirect="/new.xml?token=Kq7x93", redirect_status=301)
    feed_server.route("/new.xml", body=rss(items(1)))
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "var/communique.db"\n[fetch]\nfetch_full_text = false\nallow_private_addresses = true\n'
        f'[[sources]]\nname = "Ministry"\nurl = "{feed_server.url("/old.xml")}"\n'
    )
    fetched = communique("fetch", cwd=tmp_path)
    assert fetched.returncode == 0, fetched.stderr
    assert "Kq7x93" not in fetched.stdout + fetched.stderr
    assert f"  moved for good (HTTP 301) to {feed_server.url('/new.xml')}?token=[redacted] (with your password or " \
        "key where it says [redacted]): set that as its url in the config\n" in fetched.stdout, fetched.stdout


def test_status_shows_a_feed_that_moved_for_good_until_the_config_follows_it(tmp_path: Path, feed_server) -> None:
    """A feed moved for good (a 301) was said by `communique fetch` and once in a running bot's log, never by
    `communique status`: the operator who reads status never learnt to update the source's url. It shows there, the
    key of a private feed left out, until a fetch of the configured address is no longer sent elsewhere."""
    from tests.factories import items, rss

    feed_server.route("/old.xml", redirect="/new.xml?token=Kq7x93", redirect_status=301)
    feed_server.route("/new.xml", body=rss(items(1)))
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "var/communique.db"\n[fetch]\nfetch_full_text = false\nallow_private_addresses = true\n'
        f'[[sources]]\nname = "Ministry"\nurl = "{feed_server.url("/old.xml")}"\n'
        f'[[sources]]\nname = "Harbour desk"\nurl = "{feed_server.url("/new.xml")}"\n'
    )
    assert communique("fetch", cwd=tmp_path).returncode == 0
    status = communique("status", cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    assert "Kq7x93" not in status.stdout
    assert f"Ministry: its feed has moved for good (HTTP 301) to {feed_server.url('/new.xml')}?token=[redacted] " \
        "(with your password or key where it says [redacted]): set that as its url in the config\n" \
        in status.stdout, status.stdout
    assert "Harbour desk: its feed has moved" not in status.stdout
    feed_server.route("/old.xml", body=rss(items(1)))  # the old address answers again: nothing moved
    assert communique("fetch", cwd=tmp_path).returncode == 0
    status = communique("status", cwd=tmp_path)
    assert "moved for good" not in status.stdout, status.stdout


def test_commands_that_read_the_database_never_create_one_where_there_is_none(tmp_path: Path) -> None:
    """[storage] path is relative to the folder a command runs from. `communique status` run from another folder
    (an operator's shell in /root, or / with the systemd unit's default config) created an empty database there
    and showed it: 0 articles, every source 'never' fetched, as if the bot's data were gone. `latest` and `resend`
    did the same; `backup` refused without saying why the path missed. The refusal exits 2, as docs/operations.md
    gives a database Communiqué may not use as asked; it exited 1, the status of an unexpected error."""
    bot_folder, elsewhere = tmp_path / "bot", tmp_path / "elsewhere"
    bot_folder.mkdir()
    elsewhere.mkdir()
    (bot_folder / "config.toml").write_text('[storage]\npath = "var/communique.db"\n'
                                            '[[sources]]\nname = "Wire"\nurl = "feed.xml"\n')
    config = str(bot_folder / "config.toml")
    for command in (["status"], ["latest"], ["resend", "--all"], ["digest", "--platform", "console", "--chat", "terminal"],
                    ["backup", str(tmp_path / "copy.db")]):
        done = communique("--config", config, *command, cwd=elsewhere)
        assert done.returncode == 2, (command, done.returncode, done.stdout)
        assert f"there is no database at {elsewhere / 'var' / 'communique.db'}" in done.stderr, (command, done.stderr)
        assert f"[storage] path is relative to the folder you run from ({elsewhere})" in done.stderr, done.stderr
    assert not (elsewhere / "var").exists(), "nothing was created"


def test_usage_errors_of_latest_and_resend_exit_2_as_the_docs_say(demo_dir: Path) -> None:
    """docs/operations.md: 2 is a usage error, 1 an unexpected one (the log has the details). A count out of range,
    an empty topic and a resend naming no message exited 1, and a script could not tell them from a crash."""
    for args, said in ((["latest", "50"], "N must be from 1 to 20"), (["latest", "0"], "N must be from 1 to 20"),
                       (["latest", "--topic", " "], "--topic needs a word"),
                       (["resend"], "say which messages"), (["resend", "--platform", "telegram"], "say which messages"),
                       (["resend", "--all", "3"], "leave out ids and --chat"),
                       (["resend", "3", "--chat", "x"], "not both")):
        done = communique(*args, cwd=demo_dir)
        assert done.returncode == 2, (args, done.returncode, done.stderr)
        assert said in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
        assert done.stdout == "", args


def test_commands_that_only_read_leave_an_older_schema_as_it_is(tmp_path: Path) -> None:
    """`status`, `latest` and `digest` only report, yet a database an older Communiqué left (version 7, after an
    upgrade of the code and before the bot's restart, or a restored backup checked with `status` as
    docs/operations.md says) was migrated forward by them: the report wrote the schema, and the backup was no longer
    of the version it was taken at. They now refuse it, naming `communique run`, and write nothing (exit 2)."""
    import hashlib
    import sqlite3

    import sqlite_utils

    from storage.db import MIGRATIONS, migrate

    (tmp_path / "config.toml").write_text('[storage]\npath = "communique.db"\n'
                                          '[[sources]]\nname = "Wire"\nurl = "feed.xml"\n')
    path = tmp_path / "communique.db"
    old = sqlite_utils.Database(sqlite3.connect(str(path), isolation_level=None))
    old.conn.execute("PRAGMA journal_mode=WAL")
    migrate(old, [m for m in MIGRATIONS if m[0] <= 7])
    old.conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    newest = MIGRATIONS[-1][0]
    for command in (["status"], ["latest"], ["digest", "--platform", "console", "--chat", "terminal"]):
        done = communique("--config", str(tmp_path / "config.toml"), *command, cwd=tmp_path)
        assert done.returncode == 2, (command, done.returncode, done.stdout, done.stderr)
        assert f"is at schema version 7 and this Communiqué needs {newest}" in done.stderr, (command, done.stderr)
        assert "`communique run` upgrades it at its start" in done.stderr, (command, done.stderr)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before, f"{command} wrote to the database"
    check = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    assert check.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 7
    check.close()


def test_a_digest_preview_of_a_chat_with_no_subscription_exits_2_and_names_the_platform_to_give(
    tmp_path: Path,
) -> None:
    """`communique digest --chat -1002000` (the chat's id, --platform left out) previewed the console's chat of
    that id, found none and exited 1, the status of a crash, though the chat was subscribed on Telegram."""
    from storage.db import connect
    from tests.helpers import subscribe

    (tmp_path / "config.toml").write_text('[storage]\npath = "communique.db"\n'
                                          '[[sources]]\nname = "Wire"\nurl = "feed.xml"\n')
    (tmp_path / "feed.xml").write_text("<rss version='2.0'><channel><title>Wire</title></channel></rss>")
    db = connect(str(tmp_path / "communique.db"))
    subscribe(db, "-1002000", platform="telegram", kind="channel")
    db.close()
    for args, said in ((["--chat", "-1002000"], "no subscription for console -1002000 (subscriptions: telegram "
                                                "-1002000): give --platform telegram"),
                       (["--platform", "telegram", "--chat", "-1002001"], "no subscription for telegram -1002001")):
        done = communique("digest", *args, cwd=tmp_path)
        assert done.returncode == 2, (args, done.returncode, done.stderr)
        assert said in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
    shown = communique("digest", "--platform", "telegram", "--chat", "-1002000", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr


def test_a_digest_preview_with_no_subscription_at_all_says_how_a_chat_subscribes(tmp_path: Path) -> None:
    """A newcomer follows the README: config, `communique fetch`, then `communique digest` to preview a digest.
    Nothing is subscribed yet, and the answer was only "no subscription for console terminal (subscriptions:
    none)": true, but not what to do. It now names the two ways a chat gets a subscription."""
    feed = SAMPLES / "feeds" / "world-wire.atom"
    (tmp_path / "config.toml").write_text(f'[[sources]]\nname = "Wire"\nurl = "{feed}"\n')
    fetched = communique("fetch", cwd=tmp_path)
    assert fetched.returncode == 0, fetched.stderr
    done = communique("digest", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "no subscription for console terminal (subscriptions: none)" in done.stderr, done.stderr
    assert "/subscribe" in done.stderr and "communique run" in done.stderr, done.stderr
    assert "[[subscriptions]]" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_status_says_how_old_the_oldest_story_is_and_how_long_stories_are_kept(tmp_path: Path) -> None:
    """An operator of a bot that has run for months asks whether its database grows without bound: `status` gave
    the file's size, not what retention keeps. It now says the keep_days in force and the oldest story's age, and
    with keep_days = 0 that nothing is deleted."""
    from datetime import UTC, datetime, timedelta

    from storage import connect
    from storage.db import to_iso
    from tests.helpers import add_articles

    db = connect(tmp_path / "communique.db")
    add_articles(db, 3)
    db.execute("UPDATE articles SET fetched = ? WHERE id = 1", [to_iso(datetime.now(UTC) - timedelta(days=40))])
    db.conn.close()
    config = tmp_path / "config.toml"
    base = (f'[storage]\npath = "{tmp_path / "communique.db"}"\nkeep_days = KEEP\n'
            '[[sources]]\nname = "Desk"\nurl = "https://ministry.example/feed.xml"\n')
    config.write_text(base.replace("KEEP", "30"))
    status = communique("--config", str(config), "status", cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    assert ("Retention: stories are kept 30 days ([storage] keep_days); the oldest stored came in 40 days ago"
            in " ".join(status.stdout.split())), status.stdout
    config.write_text(base.replace("KEEP", "0"))
    status = communique("--config", str(config), "status", cwd=tmp_path)
    assert ("Retention: none ([storage] keep_days = 0): every story is kept, and the database grows with them; "
            "the oldest stored came in 40 days ago" in " ".join(status.stdout.split())), status.stdout


def test_the_help_of_run_and_fetch_gives_the_exit_statuses_a_supervisor_acts_on(tmp_path: Path) -> None:
    """`fetch --help` listed 2 for a bad config only, and fetch beside a running bot (or on a read-only database)
    exits 2 too; `run --help` said nothing of its exit statuses, which systemd's Restart=on-failure acts on."""
    fetch = communique("fetch", "--help", cwd=tmp_path)
    assert "the database cannot be used as asked (another Communiqué runs on it" in " ".join(fetch.stdout.split())
    run = " ".join(communique("run", "--help", cwd=tmp_path).stdout.split())
    assert "Exit status: 0 when stopped by SIGTERM or Ctrl-C" in run
    assert "2 when the config is invalid, a platform refuses its token" in run
    assert "1 on an unexpected error, or when its database file was deleted or replaced under it" in run


def test_fetch_says_a_storys_empty_page_plainly_not_with_a_parsers_errors(tmp_path: Path, feed_server) -> None:
    """A story's page that answers 200 with nothing in it (a CMS between deploys, a cache of an empty answer):
    `communique fetch` printed three lines of its HTML parser ("ERROR trafilatura.utils: lxml parsing failed:
    Document is empty", "discarding data"), which name no source or story and read as a fault of the bot's. The
    story keeps its feed's words, and at -v the log says why, in one line."""
    from tests.factories import Item, rss

    feed_server.route("/blank", content_type="text/html; charset=utf-8", body=b"\n  \n")
    feed_server.route("/feed.xml", body=rss([Item("Harbour talks resume", feed_server.url("/blank"),
                                                  teaser="Talks on the harbour resumed on Monday.")]))
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "var/communique.db"\n[fetch]\nallow_private_addresses = true\n'
        f'[[sources]]\nname = "Harbour desk"\nurl = "{feed_server.url("/feed.xml")}"\n'
    )
    fetched = communique("fetch", "-v", cwd=tmp_path)
    assert fetched.returncode == 0, fetched.stderr
    assert "Harbour desk: 1 new" in fetched.stdout, fetched.stdout
    assert "ERROR" not in fetched.stderr and "trafilatura" not in fetched.stderr, fetched.stderr
    assert f"full text of {feed_server.url('/blank')} unavailable: its page is empty (HTTP 200 with no content)" \
        in fetched.stderr, fetched.stderr


def test_hostile_numbers_on_the_command_line_are_usage_errors(demo_dir: Path) -> None:
    """A message id too large for SQLite ended `resend` in a traceback, and `run --tick` took any number: a negative
    or zero tick made the scheduler spin on a core and left the process deaf to SIGTERM (only SIGKILL stopped it);
    nan and inf were taken too. Each is now a usage error that says what to type, and nothing runs."""
    for args, said in ((["resend", "99999999999999999999999"], "is not a message id"),
                       (["run", "--tick", "-1"], "--tick"), (["run", "--tick", "0"], "--tick"),
                       (["run", "--tick", "nan"], "--tick"), (["run", "--tick", "inf"], "--tick")):
        done = communique(*args, cwd=demo_dir, timeout=60)
        assert done.returncode == 2, (args, done.returncode, done.stderr[-2000:])
        assert said in done.stderr and "Traceback" not in done.stderr, (args, done.stderr[-2000:])
        assert "running" not in done.stdout, args


def test_fetch_says_a_page_without_story_text_plainly_not_with_the_extractors_warning(
    tmp_path: Path, feed_server
) -> None:
    """A story's page built in the browser, its story in JSON-LD's `articleBody` alone or nowhere in the page (an
    app that loads it by script): `communique fetch` printed `WARNING trafilatura.core: discarding data: URL` for each, a
    library's line naming no source or story, read as a fault of the bot's although the first story was read
    whole. The first is read from its data with nothing said; of the second, at -v, the log says why in one line."""
    import json as json_module

    from tests.factories import Item, rss

    body = ("Harbour talks between Norland and Estavia resumed on Monday after a pause of three weeks. "
            "The two delegations agreed to meet again in the port of Brask before the end of the month.")
    data = json_module.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                              "headline": "Harbour talks resume", "articleBody": body})
    feed_server.route("/app", content_type="text/html; charset=utf-8", body=(
        "<!doctype html><html><head><title>Harbour talks resume</title><script type='application/ld+json'>"
        f"{data}</script></head><body><div id='root'></div><script src='/app.js'></script></body></html>").encode())
    feed_server.route("/menu", content_type="text/html; charset=utf-8", body=(
        b"<!doctype html><html><head><title>Ferry fares</title></head><body><div id='root'></div>"
        b"<script src='/app.js'></script></body></html>"))
    feed_server.route("/feed.xml", body=rss([
        Item("Harbour talks resume", feed_server.url("/app"), teaser="Talks resumed."),
        Item("Ferry fares rise", feed_server.url("/menu"), teaser="Ferry fares between Brask and Tollin rise."),
    ]))
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "var/communique.db"\n[fetch]\nallow_private_addresses = true\n'
        f'[[sources]]\nname = "Harbour desk"\nurl = "{feed_server.url("/feed.xml")}"\n'
    )
    fetched = communique("fetch", "-v", cwd=tmp_path)
    assert fetched.returncode == 0, fetched.stderr
    assert "Harbour desk: 2 new" in fetched.stdout, fetched.stdout
    assert "trafilatura" not in fetched.stderr and "discarding data" not in fetched.stderr, fetched.stderr
    assert f"full text of {feed_server.url('/menu')} unavailable: its page holds no story text" in fetched.stderr, \
        fetched.stderr
    assert feed_server.url("/app") + " unavailable" not in fetched.stderr, fetched.stderr


def test_a_far_past_and_an_endless_file_end_in_an_answer_not_a_traceback(demo_dir: Path) -> None:
    """`sent --since 99999999999d` (all of it, as a user writes it) ended in an OverflowError traceback; `analyze
    /dev/zero` (or any file too big to be an article) read until memory ran out. The first lists the chat's whole
    history, the second is refused by name while the other files are analysed."""
    sent = communique("sent", "--platform", "console", "--chat", "terminal", "--since", "99999999999d", cwd=demo_dir)
    assert sent.returncode == 0 and "Traceback" not in sent.stderr, sent.stderr[-2000:]
    assert sent.stdout.strip(), "the chat's history is listed"
    article = SAMPLES / "articles" / "kestria-journalist-release.json"
    endless = communique("analyze", "/dev/zero", str(article), cwd=demo_dir, timeout=90)
    assert endless.returncode == 1, (endless.returncode, endless.stderr[-2000:])
    assert "communique analyze: /dev/zero: larger than" in endless.stderr, endless.stderr[-2000:]
    assert '"id": "kestria-journalist-release"' in endless.stdout, "the other file is analysed"


@pytest.mark.parametrize("typo", ["[fetch]\nfetch_full_txt = false\n", '[fetch]\nfetch_full_text = "no\n'],
                         ids=["unknown key", "unclosed string"])
def test_status_with_a_config_typo_still_shows_the_database_state(tmp_path: Path, typo: str) -> None:
    """An edit with a typo (the running bot refuses it and keeps its last good config) made `communique status`
    refuse to run at all: the operator at the shell could not see the bot's state until the typo was mended. It now
    says the config's problem first, then the state the database holds, and still exits 2 for the config."""
    from tests.factories import items, rss

    (tmp_path / "feed.xml").write_bytes(rss(items(2)))
    good = ('[storage]\npath = "var/state.db"\n[fetch]\nfetch_full_text = false\n'
            '[[sources]]\nname = "Ministry"\nurl = "feed.xml"\n')
    (tmp_path / "config.toml").write_text(good)
    fetched = communique("fetch", cwd=tmp_path)
    assert fetched.returncode == 0, fetched.stderr
    (tmp_path / "config.toml").write_text(good.replace("[fetch]\nfetch_full_text = false\n", typo))
    status = communique("status", cwd=tmp_path, env={"COLUMNS": "200"})
    assert status.returncode == 2, status.stderr
    assert "is not valid" in status.stderr and "Traceback" not in status.stderr, status.stderr
    assert "last good config" in status.stderr, status.stderr
    assert "var/state.db" in status.stdout and "Ministry" in status.stdout, status.stdout
    assert "2 articles stored" in status.stdout and "Deliveries:" in status.stdout, status.stdout


def test_status_with_the_storage_section_in_error_says_it_cannot_tell_the_database(tmp_path: Path) -> None:
    """A typo in [storage] leaves the database unknown: status reads no default file in its place."""
    (tmp_path / "config.toml").write_text('[storage]\npth = "var/state.db"\n[[sources]]\nname = "M"\nurl = "f.xml"\n')
    status = communique("status", cwd=tmp_path)
    assert status.returncode == 2
    assert "is not valid" in status.stderr and "which database" in status.stderr, status.stderr
    assert "Deliveries:" not in status.stdout and not (tmp_path / "var").exists()


def test_run_says_once_that_commands_piped_in_are_not_read(tmp_path: Path) -> None:
    """Commands piped into `communique run` (not a terminal) were ignored without a word: the console reads them
    only with --stdin. Said once at the start; not for /dev/null (systemd, a container without -i), where nobody
    typed anything."""
    (tmp_path / "config.toml").write_text(
        f'[storage]\npath = "var/communique.db"\n\n[[sources]]\nname = "Wire"\n'
        f'url = "{SAMPLES / "feeds" / "world-wire.atom"}"\n'
    )
    piped = _run_until_started(tmp_path, piped="/latest\n")
    note = "standard input is not a terminal: the console does not read commands from it (add --stdin to read them)"
    assert " ".join(piped.split()).count(note) == 1, piped
    quiet = _run_until_started(tmp_path)
    assert "standard input" not in quiet, quiet


def test_a_full_width_slash_at_the_console_runs_the_command(tmp_path: Path) -> None:
    """"／help" (the slash of a Chinese, Japanese or Korean keyboard) was told "Commands start with /", as Telegram's
    private chats told it their free-text hint: it is the command (tests/telegram/test_telegram_full_width_slash.py)."""
    out, err = _console_session(tmp_path, "／help\n")
    assert "/subscribe [topics...]" in out, out + err
    assert "Commands start with /" not in out, out
