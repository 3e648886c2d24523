"""`communique backup PATH` while `communique run` ingests, and the restore docs/operations.md describes: the copy
is one consistent moment, and a bot started on it carries on from there (what the backup knew as sent is not sent
again, what it owed is sent, and what came in after it, which the bot it was copied from sent, is stored and not
sent again)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.digest import day_text
from storage import connect
from storage.backup import BackupError, backup
from tests.conftest import REPO
from tests.feedserver import FeedServer
from tests.reliability.harness import BotRun, Deployment
from tests.reliability.test_crash_console import CHATS, STORIES, console_config, messages


def read(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def sent_in(path: Path) -> set[str]:
    """Story links the database records as delivered in a message that was sent (to any chat)."""
    return {url for (url,) in read(path, (
        "SELECT DISTINCT a.url FROM delivered d JOIN articles a ON a.id = d.article_id "
        "JOIN deliveries l ON l.subscription_id = d.subscription_id AND l.digest_key = d.digest_key "
        "WHERE l.state = 'sent'"))}


def test_a_backup_taken_mid_ingest_restores_and_the_bot_carries_on_from_it(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    config = console_config(feed_server)
    config["fetch"]["concurrency"] = 1
    live = deploy(config, name="live")
    # First only press office 0 answers: its six stories are stored and sent to every chat.
    held = {path: feed_server.routes[path] for path in ("/s1.xml", "/s2.xml")}
    for path in held:
        feed_server.route(path, status=503, body=b"try later")
    # One source at a time, each article 1 s to store: the backup lands in the middle of the next ingest.
    run = live.start(failpoints="ingest.before_store=delay:1")
    live.wait_for(lambda: live.drained(6, CHATS), 60, run, "press office 0's stories sent")
    feed_server.routes.update(held)
    live.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z' WHERE name != 'Press office 0'")
    live.wait_for(lambda: (live.scalar("SELECT COUNT(*) FROM articles") or 0) >= 8, 60, run, "the next articles")
    (live.folder / "backups").mkdir()
    result = live.cli("backup", str(live.folder / "backups"))
    assert result.returncode == 0, result.stderr
    [copy] = list((live.folder / "backups").iterdir())
    assert copy.name.startswith("communique-") and copy.suffix == ".db"
    assert f"to {copy}" in result.stdout and "integrity ok" in result.stdout
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600, "the copy holds chat ids: owner only"
    in_copy = read(copy, "SELECT COUNT(*) FROM articles")[0][0]
    assert 6 < in_copy < STORIES, f"the backup should catch the ingest midway ({in_copy} of {STORIES})"
    # Press office 0's six stories were sent before the backup; on a loaded machine the backup may start late
    # enough that the next source's stories went out too. What the restore must do follows from the copy either way.
    sent_before = sent_in(copy)
    assert 6 <= len(sent_before) < STORIES, f"{len(sent_before)} stories sent before the backup"
    assert f"{in_copy} articles" in result.stdout
    assert read(copy, "PRAGMA integrity_check") == [("ok",)]
    assert read(copy, "PRAGMA journal_mode") == [("delete",)], "one self-contained file, no -wal beside it"
    # Every stored article is whole in the copy: its tags and its full-text index entry came with it.
    assert read(copy, "SELECT COUNT(*) FROM articles_fts") == [(in_copy,)]
    live.wait_for(lambda: live.drained(STORIES, CHATS), 90, run, "the live bot finishing")
    assert run.terminate()[0] == 0

    # The restore docs/operations.md describes, on another machine: the backup becomes the database, and the bot
    # starts on it.
    restored = deploy(console_config(feed_server), name="restored")
    restored.db_path.parent.mkdir(parents=True)
    shutil.copy2(copy, restored.db_path)
    assert restored.cli("status").returncode == 0
    stored_before = {url for (url,) in read(copy, "SELECT url FROM articles")}
    owed_before = stored_before - sent_in(restored.db_path)
    after = restored.start()
    restored.wait_for(lambda: (restored.scalar("SELECT COUNT(*) FROM articles") or 0) == STORIES
                      and restored.scalar("SELECT COUNT(*) FROM delivered") == len(stored_before) * CHATS
                      and restored.ledger()["due"] + restored.ledger()["sending"] == 0,
                      90, after, "every story stored, and what the copy owed delivered, after the restore")
    assert after.terminate()[0] == 0
    assert restored.integrity() == "ok"
    printed = Counter(url for message in messages(after.stdout) for url in message)
    assert {url for url, n in printed.items() if n == CHATS} == owed_before, "what the backup owed is sent"
    assert all(n == CHATS for n in printed.values()), "each owed story reaches each chat once"
    assert not set(printed) & sent_in(copy), "nothing the backup knew as sent is sent again"
    assert not set(printed) - stored_before, "what came in after the backup, which the live bot sent, is not sent again"
    assert len(owed_before) == in_copy - len(sent_before)


def test_backup_names_a_file_refuses_to_overwrite_and_explains_a_missing_database(tmp_path: Path) -> None:
    db = tmp_path / "var" / "communique.db"
    connect(db).conn.close()
    target = tmp_path / "copy.db"
    first = backup(db, target)
    assert first.path == target and first.articles == 0 and first.schema_version >= 2
    with pytest.raises(BackupError, match="already exists; name a new file, a folder, or add --force"):
        backup(db, target)
    assert backup(db, target, overwrite=True).path == target
    with pytest.raises(BackupError, match="there is no database at .*missing.db"):
        backup(tmp_path / "missing.db", tmp_path / "x.db")
    with pytest.raises(BackupError, match="the folder .*nowhere does not exist"):
        backup(db, tmp_path / "nowhere" / "x.db")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db", "var"], "no partial file left behind"
    assert not (tmp_path / "missing.db").exists(), "a backup never creates the database it could not find"


def test_a_path_ending_in_a_slash_is_a_folder_for_the_backups_even_before_it_exists(tmp_path: Path) -> None:
    """`communique backup /var/backups/communique/` as docs/operations.md writes it, before the folder is made: the
    copy goes inside it under a dated name; it used to become a file named `communique`, which the next night's
    backup then refused to overwrite."""
    db = tmp_path / "var" / "communique.db"
    connect(db).conn.close()
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\npath = "{db}"\n')

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "bot", "--config", str(config), "backup", *args],
                              cwd=tmp_path, capture_output=True, text=True, timeout=60)

    folder = tmp_path / "backups"
    result = cli(f"{folder}/")
    assert result.returncode == 0, result.stderr
    assert folder.is_dir(), "a path written with a trailing slash names a folder"
    [copy] = list(folder.iterdir())
    assert copy.name.startswith("communique-") and copy.suffix == ".db" and f"to {copy}" in result.stdout
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700, "the folder of copies holding chat ids: owner only"
    refused = cli(f"{tmp_path / 'nowhere' / 'nightly'}/")
    assert refused.returncode == 1 and "the folder" in refused.stderr and "nowhere does not exist" in refused.stderr
    assert not (tmp_path / "nowhere").exists(), "no folders made past the last one"


def test_a_backup_onto_the_database_itself_is_refused_even_with_force(tmp_path: Path) -> None:
    """`communique backup communique.db` reads like "back up communique.db"; refused because it exists, with a hint
    to add --force, it then replaced the live database (and left its -wal beside a file it does not belong to)."""
    db = tmp_path / "var" / "communique.db"
    connect(db).conn.close()
    before = db.stat().st_ino
    for target in (db, tmp_path / "var" / ".." / "var" / "communique.db", Path(f"{db}-wal")):
        with pytest.raises(BackupError, match="is the database itself"):
            backup(db, target, overwrite=True)
    assert db.stat().st_ino == before, "the live database file is untouched"


def test_sigterm_during_a_backup_leaves_no_partial_copy_and_says_so(tmp_path: Path) -> None:
    """A backup stopped by SIGTERM (a shutdown during the nightly job, `systemctl stop`, a timeout): the copy being
    written was left behind, a hidden file as large as the database with its journal, which the timer's pruning of
    communique-*.db never removes, one more each time; and nothing was said (the process died of the signal)."""
    db = tmp_path / "var" / "communique.db"
    connect(db).conn.close()
    (tmp_path / "config.toml").write_text(f'[storage]\npath = "{db}"\n\n[[sources]]\nname = "Wire"\nurl = '
                                          '"https://wire.example/feed.xml"\n', encoding="utf-8")
    folder = tmp_path / "backups"
    folder.mkdir()
    plain = {k: v for k, v in os.environ.items() if k != "COMMUNIQUE_FAILPOINTS"}
    plain["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    env = {**plain, "COMMUNIQUE_FAILPOINTS": "backup.copied=delay:30"}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "--config", str(tmp_path / "config.toml"), "backup",
                             f"{folder}/"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 30
    while not any(p.name.endswith(".partial") and p.stat().st_size for p in folder.iterdir()):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, (proc.returncode, out, err)
    assert "communique backup: stopped (SIGTERM) before the copy was finished: no backup was written" in err, err
    assert "Traceback" not in err
    assert list(folder.iterdir()) == [], "the partial copy and its journal are removed"
    done = subprocess.run([sys.executable, "-m", "bot", "--config", str(tmp_path / "config.toml"), "backup",
                           f"{folder}/"], capture_output=True, text=True, env=plain)
    assert done.returncode == 0 and len(list(folder.iterdir())) == 1, done.stderr


def test_a_restored_backup_is_said_at_the_first_start_as_the_moment_it_carries_on_from(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    """A backup restored on a new machine (the first one dead) carries on from the backup's moment: what the first
    bot sent after it is sent again. The restored bot said nothing, so the chats' repeats had no explanation in
    the log; now its first start says when the copy was made and what that means, once."""
    from tests.reliability.test_database_permissions import stored

    first = stored(deploy, feed_server)
    done = first.cli("backup", str(first.folder / "backups") + "/")
    assert done.returncode == 0, done.stderr
    [copy] = list((first.folder / "backups").iterdir())
    second = deploy(dict(first.config, storage={}), name="new-machine")
    second.config["storage"] = {"path": str(second.db_path)}
    second.write_config()
    second.db_path.parent.mkdir(parents=True)
    shutil.copy(copy, second.db_path)
    run = second.start()
    second.wait_for(lambda: "is a copy `communique backup` made at" in run.stderr, 30, run, "the restore said")
    run.terminate()
    assert "now restored: what the bot it was copied from did after that moment is not in it" in run.stderr
    again = second.start()
    second.wait_for(lambda: "running on console" in again.stderr, 30, again, "the second start")
    again.terminate()
    assert "communique backup` made at" not in again.stderr, "said once, at the first start"
    status = first.cli("status")
    assert status.returncode == 0 and "communique backup` made at" not in status.stderr + status.stdout


def test_a_refused_target_exits_1_as_docs_operations_says(tmp_path: Path) -> None:
    """docs/operations.md said `2` for "an invalid config or a usage error" and nothing of a backup it refuses; a
    refused target (a file there already, no such folder) exits 1, as a copy that could not be written does (a full
    disk): the command was well formed, the copy was not made. The docs say so, beside 130 for one stopped."""
    db = tmp_path / "var" / "communique.db"
    connect(db).conn.close()
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\npath = "{db}"\n')
    (tmp_path / "taken.db").write_text("an earlier copy")

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "bot", "--config", str(config), "backup", *args],
                              cwd=tmp_path, capture_output=True, text=True, timeout=60)

    taken = cli(str(tmp_path / "taken.db"))
    assert taken.returncode == 1 and "already exists" in taken.stderr, taken.stderr
    assert (tmp_path / "taken.db").read_text() == "an earlier copy"
    nowhere = cli(str(tmp_path / "nowhere" / "x.db"))
    assert nowhere.returncode == 1 and "does not exist" in nowhere.stderr, nowhere.stderr
    usage = cli()
    assert usage.returncode == 2, "a command line argparse refuses is a usage error"
    exit_status = (REPO / "docs" / "operations.md").read_text().split("## Exit status")[1].split("\n## ")[0]
    assert "`communique backup` exits `1` when it wrote no backup" in " ".join(exit_status.split()), exit_status


def test_a_backup_onto_a_full_disk_says_it_is_the_backups_disk_and_how_much_room_it_needs(tmp_path: Path) -> None:
    """A nightly backup onto a disk with too little room ended on SQLite's "failed: database or disk is full",
    which an operator reading it at 03:30 takes for the bot's own database. It names the backup's folder as the
    full one, the room the copy needs (about the database's size) beside the room there, and that no backup was
    written; the database is untouched. A real small disk (tmpfs); skipped where none can be mounted."""
    from tests.reliability.disk import small_disk

    db = tmp_path / "var" / "communique.db"
    database = connect(db)
    database.conn.executemany("INSERT INTO sources (name, url, interval) VALUES (?, ?, 900)",
                              [(f"Desk {n}", f"https://desk{n}.example/{'x' * 2000}") for n in range(400)])
    database.conn.close()
    size = db.stat().st_size
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\npath = "{db}"\n')
    with small_disk(tmp_path / "backups", size="2m") as disk:
        disk.fill(leave=size // 4)
        done = subprocess.run([sys.executable, "-m", "bot", "--config", str(config), "backup", f"{disk.path}/"],
                              cwd=tmp_path, capture_output=True, text=True, timeout=60)
        left = sorted(p.name for p in disk.path.iterdir() if p.name != "filler")
    said = done.stderr
    assert done.returncode == 1, said
    assert f"the disk of {disk.path} is full" in said, said
    assert f"the copy needs about {size / 1_048_576:.1f} MiB" in said and "free there" in said, said
    assert "No backup was written" in said, said
    assert left == [], f"no partial copy left behind: {left}"
    assert read(db, "SELECT COUNT(*) FROM sources") == [(400,)]


def backed_up_after_three_stories(
    deploy: Callable[..., Deployment], feed_server: FeedServer, config: dict
) -> tuple[Deployment, BotRun, Path]:
    """A bot serving one press office, its first three stories sent to every chat, and a backup of it taken then:
    the deployment, its run (still going) and the copy."""
    from tests.reliability.stories import feed

    feed_server.route("/s0.xml", body=feed(range(0, 3), "https://press0.example"))
    live = deploy(config, name="live")
    run = live.start()
    live.wait_for(lambda: live.drained(3, CHATS), 60, run, "the first three stories sent")
    done = live.cli("backup", str(live.folder / "backups") + "/")
    assert done.returncode == 0, done.stderr
    [copy] = list((live.folder / "backups").iterdir())
    return live, run, copy


def three_more_sent_by_the_first(live: Deployment, run: BotRun, feed_server: FeedServer) -> tuple[list, set[str]]:
    """After `backed_up_after_three_stories`'s backup the press office publishes three more stories, and the first
    bot sends them; then it stops (its disk dies): the three (for the feed to go on listing them) and every link the
    first bot sent, six."""
    from tests.factories import rss
    from tests.reliability.stories import story_items

    host = "https://press0.example"
    since_the_backup = story_items(range(3, 6), host, newest=datetime.now(UTC) - timedelta(minutes=30))
    feed_server.route("/s0.xml", body=rss([*since_the_backup, *story_items(range(0, 3), host)]))
    live.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z'")
    live.wait_for(lambda: live.drained(6, CHATS), 60, run, "the next three sent")
    assert run.terminate()[0] == 0
    sent_by_the_first = {url for message in messages(run.stdout) for url in message}
    assert len(sent_by_the_first) == 6
    return since_the_backup, sent_by_the_first


@pytest.mark.parametrize("first", ["run", "fetch"])
def test_a_backup_restored_days_later_does_not_send_the_chats_again_what_the_first_bot_sent_after_it(
    deploy: Callable[..., Deployment], feed_server: FeedServer, first: str
) -> None:
    """The database lost, last night's backup restored: the feeds still list what came in since, which the bot it
    was copied from had sent, and the restored bot sent every chat all of it again as news (a backup of three days
    ago, three days of stories). Now what the feeds list from before the restored start is stored, not sent, and the
    start says so with the `/subscribe since` that gets them; a story published after the start is news. So too
    when the operator runs `communique fetch` on the copy first, to see the sources work."""
    from tests.factories import rss
    from tests.reliability.stories import story_items

    config = console_config(feed_server)
    config["sources"] = config["sources"][:1]
    config["subscriptions"][0]["timezone"] = "America/Los_Angeles"  # the copy's date is told in the chat's zone
    live, run, copy = backed_up_after_three_stories(deploy, feed_server, config)
    made = datetime.fromtimestamp(read(copy, "PRAGMA user_version")[0][0], UTC)
    # After the backup the press office publishes three more, and the first bot sends them; then its disk dies.
    host = "https://press0.example"
    since_the_backup, sent_by_the_first = three_more_sent_by_the_first(live, run, feed_server)

    restored = deploy(config, name="restored")
    restored.db_path.parent.mkdir(parents=True)
    shutil.copy(copy, restored.db_path)
    restored.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z'")  # as in a copy days old
    if first == "fetch":
        fetched = restored.cli("fetch")
        assert fetched.returncode == 0 and "3 new" in fetched.stdout, fetched.stdout + fetched.stderr
        said = " ".join(fetched.stderr.split())
    after = restored.start()
    restored.wait_for(lambda: (restored.scalar("SELECT COUNT(*) FROM articles") or 0) == 6, 60, after,
                      "the feed read after the restore")
    if first == "run":
        restored.wait_for(lambda: "joining the bot; 3 of its entries" in after.stderr, 30, after, "the source's line")
        said = " ".join(after.stderr.split())
    else:
        restored.wait_for(lambda: "running on console" in after.stderr, 30, after, "the start")
        assert "now restored" not in after.stderr, "said once, by the fetch that met it first"
    assert "The stories the feeds list from before now, which that bot sent until it stopped, are stored " \
        "but not sent to chats again" in said, said
    assert "/subscribe since 1d" in said, said
    # A story the press office publishes now is news, and goes to every chat alone.
    news = "https://press0.example/press/100"
    feed_server.route("/s0.xml", body=rss([*story_items(range(100, 101), host, newest=datetime.now(UTC)),
                                           *since_the_backup, *story_items(range(0, 3), host)]))
    restored.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z'")
    restored.wait_for(lambda: after.stdout.count(news) >= CHATS, 60, after, "the new story sent")
    time.sleep(1.5)  # a wrong send of the older three would go in the same pass
    # Each chat's digest told it, once, why those stories did not come and how to get them; the next one does not.
    told = re.findall(r"restored from a copy of (\d+ \w+ \d+): (.*?brings them\.)", " ".join(after.stdout.split()))
    assert len(told) == CHATS, after.stdout
    days = Counter(day for day, _ in told)
    zones = ["America/Los_Angeles", *["UTC"] * (CHATS - 1)]
    assert days == Counter(day_text(made.astimezone(ZoneInfo(zone)).date()) for zone in zones), told
    assert all("were held back, in case this chat had them already" in rest
               and "/subscribe since 1d brings them" in rest for _, rest in told), told
    later = "https://press0.example/press/101"
    feed_server.route("/s0.xml", body=rss([*story_items(range(100, 102), host, newest=datetime.now(UTC)),
                                           *since_the_backup, *story_items(range(0, 3), host)]))
    restored.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z'")
    restored.wait_for(lambda: after.stdout.count(later) >= CHATS, 60, after, "the next story sent")
    assert after.terminate()[0] == 0
    assert " ".join(after.stdout.split()).count("restored from a copy") == CHATS, "told once"
    printed = Counter(url for message in messages(after.stdout) for url in message)
    assert not set(printed) & (sent_by_the_first - sent_in(copy)), f"sent again after the restore: {printed}"
    assert dict(printed) == {news: CHATS, later: CHATS}, dict(printed)


@pytest.mark.parametrize("edit", ["added", "moved"])
def test_a_source_added_or_moved_after_the_backup_does_not_send_the_chats_again_what_the_first_bot_sent(
    deploy: Callable[..., Deployment], feed_server: FeedServer, edit: str
) -> None:
    """The config edited after last night's backup (a source added, or a feed's url changed), then the disk lost and
    the backup restored beside that config: the restored start held back what every other source listed, but the
    source it did not know (or knew at its old url) joined as one added to a running bot, its last day's stories
    taken as news, and every chat was sent again the stories the first bot had sent it since the edit."""
    from tests.factories import rss
    from tests.reliability.stories import story_items

    config = console_config(feed_server)
    config["sources"] = config["sources"][:1]
    live, run, copy = backed_up_after_three_stories(deploy, feed_server, config)
    # After the backup the operator edits the config; the source's fresh stories go to every chat.
    host = "https://press9.example"
    fresh = story_items(range(10, 13), host, newest=datetime.now(UTC) - timedelta(minutes=30))
    if edit == "added":
        feed_server.route("/s9.xml", body=rss(fresh))
        live.config["sources"].append({"name": "Press office 9", "url": feed_server.url("/s9.xml"), "interval": 3600})
    else:
        feed_server.route("/s0-new.xml", body=rss([*fresh, *story_items(range(0, 3), "https://press0.example")]))
        live.config["sources"][0]["url"] = feed_server.url("/s0-new.xml")
    live.write_config()
    live.wait_for(lambda: live.drained(6, CHATS), 60, run, "the edited source's stories sent")
    assert run.terminate()[0] == 0
    sent_by_the_first = {url for message in messages(run.stdout) for url in message}
    assert len(sent_by_the_first) == 6

    restored = deploy({key: value for key, value in live.config.items() if key != "storage"}, name="restored")
    restored.db_path.parent.mkdir(parents=True)
    shutil.copy(copy, restored.db_path)
    after = restored.start()
    restored.wait_for(lambda: (restored.scalar("SELECT COUNT(*) FROM articles") or 0) == 6, 60, after,
                      "the feeds read after the restore")
    restored.wait_for(lambda: restored.scalar("SELECT COUNT(*) FROM sources WHERE active = 1 AND last_success IS "
                                              "NULL") == 0, 60, after, "the first pass recorded")  # its next_due set
    # A story published now is news, and goes to every chat alone.
    news = f"{host}/press/100"
    now = story_items(range(100, 101), host, newest=datetime.now(UTC))
    if edit == "added":
        feed_server.route("/s9.xml", body=rss([*now, *fresh]))
    else:
        feed_server.route("/s0-new.xml", body=rss([*now, *fresh, *story_items(range(0, 3), "https://press0.example")]))
    restored.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z'")
    restored.wait_for(lambda: after.stdout.count(news) >= CHATS, 60, after, "the new story sent")
    time.sleep(1.5)  # a wrong send of the held-back three would go in the same pass or before
    assert after.terminate()[0] == 0
    printed = Counter(url for message in messages(after.stdout) for url in message)
    assert dict(printed) == {news: CHATS}, f"sent again after the restore: {dict(printed)}"


def test_a_source_added_hours_after_a_restored_start_sends_its_last_day_as_news(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    """A backup restored and started; an hour later the operator adds a source the first bot never followed. Its
    last day's stories are news, as for a source added to any running bot; but within a day of the restored start
    a source joining took that start as its cut-off, and the stories it had published before it (an hour's, a
    day's) were held back from every chat as if the first bot had sent them."""
    from tests.factories import rss
    from tests.reliability.stories import story_items

    config = console_config(feed_server)
    config["sources"] = config["sources"][:1]
    live, run, copy = backed_up_after_three_stories(deploy, feed_server, config)
    assert run.terminate()[0] == 0
    restored = deploy({key: value for key, value in live.config.items() if key != "storage"}, name="restored")
    restored.db_path.parent.mkdir(parents=True)
    shutil.copy(copy, restored.db_path)
    after = restored.start()
    restored.wait_for(lambda: "now restored" in after.stderr and restored.scalar(
        "SELECT COUNT(*) FROM sources WHERE next_due > strftime('%Y-%m-%dT%H:%M', 'now')") == 1, 60, after,
        "the restored start's first pass")
    # The operator adds a source now; it has published three stories in the hours before the restored start.
    host = "https://press9.example"
    started = restored.scalar("SELECT MAX(restarted_at) FROM restored_starts")
    earlier = story_items(range(10, 13), host, newest=datetime.fromisoformat(started) - timedelta(hours=2))
    feed_server.route("/s9.xml", body=rss(earlier))
    restored.config["sources"].append({"name": "Press office 9", "url": feed_server.url("/s9.xml"),
                                       "interval": 3600})
    restored.write_config()
    added = {f"{host}/press/{n}" for n in range(10, 13)}
    restored.wait_for(lambda: all(after.stdout.count(link) >= CHATS for link in added), 60, after,
                      "the added source's last day sent to every chat")
    assert after.terminate()[0] == 0
    printed = Counter(url for message in messages(after.stdout) for url in message)
    assert dict(printed) == {link: CHATS for link in added}, dict(printed)


def test_chats_the_config_subscribes_at_the_restored_start_are_told_of_the_restore(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    """A backup restored beside a config whose blocks it did not all follow: a chat's block added after the backup
    (not in the copy), and one whose block had been removed when the backup was taken and put back since (ended in
    the copy). The restored start subscribes both, as the first bot had, and holds back from them what the feeds
    listed since the backup, as from every chat; but only the chats subscribed in the copy were told so, and these
    two never learnt why those stories did not come, nor how to get them."""
    from storage.subscriptions import ENDED_BY_BLOCK
    from tests.factories import rss
    from tests.reliability.stories import story_items

    config = console_config(feed_server)
    config["sources"] = config["sources"][:1]
    live, run, copy = backed_up_after_three_stories(deploy, feed_server, config)
    assert run.terminate()[0] == 0
    conn = sqlite3.connect(copy)
    with conn:  # the block of desk-4 removed when the backup was taken
        conn.execute("UPDATE subscriptions SET active = 0, deactivated_reason = ? WHERE chat_id = 'desk-4'",
                     [ENDED_BY_BLOCK])
    conn.close()
    restored = deploy({key: value for key, value in live.config.items() if key != "storage"}, name="restored")
    restored.config["subscriptions"].append({"platform": "console", "chat_id": "desk-new", "mode": "instant",
                                             "max_items": 20})
    restored.write_config()
    restored.db_path.parent.mkdir(parents=True)
    shutil.copy(copy, restored.db_path)
    restored.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z'")  # as in a copy days old
    after = restored.start()
    restored.wait_for(lambda: restored.scalar("SELECT COUNT(*) FROM sources WHERE catalogue_before IS NULL AND "
                                              "last_success > (SELECT MAX(restarted_at) FROM restored_starts)"),
                      60, after, "the feed read after the restore")
    # A story published now goes to every chat, with word of the restore at its end.
    host = "https://press0.example"
    news = f"{host}/press/100"
    feed_server.route("/s0.xml", body=rss([*story_items(range(100, 101), host, newest=datetime.now(UTC)),
                                           *story_items(range(0, 3), host)]))
    restored.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z'")
    restored.wait_for(lambda: after.stdout.count(news) >= CHATS + 1, 60, after, "the new story sent to every chat")
    assert after.terminate()[0] == 0
    told = {chat for (chat,) in restored.query(
        "SELECT s.chat_id FROM restore_notices n JOIN subscriptions s ON s.id = n.subscription_id "
        "WHERE n.digest_key IS NOT NULL")}
    assert told == {*(f"desk-{c}" for c in range(CHATS)), "desk-new"}, told
    assert " ".join(after.stdout.split()).count("restored from a copy of") == CHATS + 1, after.stdout


def test_a_copy_with_no_subscription_yet_still_holds_back_a_source_added_after_it(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    """A bot backed up on its first day, before any chat subscribed; then the operator adds the chats' blocks and a
    source, and the first bot sends the source's fresh stories; the disk lost, that backup restored beside the
    config. The restored start held back what the copy's sources listed, but the source it did not know joined a
    day back, as one added to a running bot, since the restore was known only by the chats owed word of it (none
    in the copy): every chat was sent again the stories the first bot had sent it."""
    from tests.factories import rss
    from tests.reliability.stories import feed, story_items

    config = console_config(feed_server)
    config["sources"] = config["sources"][:1]
    chats = config.pop("subscriptions")
    feed_server.route("/s0.xml", body=feed(range(0, 3), "https://press0.example"))
    live = deploy(config, name="live")
    run = live.start()
    live.wait_for(lambda: live.scalar("SELECT COUNT(*) FROM articles") == 3, 60, run, "the first three stored")
    done = live.cli("backup", str(live.folder / "backups") + "/")
    assert done.returncode == 0, done.stderr
    [copy] = list((live.folder / "backups").iterdir())
    assert read(copy, "SELECT COUNT(*) FROM subscriptions") == [(0,)]
    host = "https://press9.example"
    fresh = story_items(range(10, 13), host, newest=datetime.now(UTC) - timedelta(minutes=30))
    feed_server.route("/s9.xml", body=rss(fresh))
    live.config["subscriptions"] = chats
    live.config["sources"].append({"name": "Press office 9", "url": feed_server.url("/s9.xml"), "interval": 3600})
    live.write_config()
    live.wait_for(lambda: live.drained(6, CHATS), 60, run, "the added source's stories sent")
    assert run.terminate()[0] == 0
    fresh_links = {f"{host}/press/{n}" for n in range(10, 13)}
    assert fresh_links <= {url for message in messages(run.stdout) for url in message}

    restored = deploy({key: value for key, value in live.config.items() if key != "storage"}, name="restored")
    restored.db_path.parent.mkdir(parents=True)
    shutil.copy(copy, restored.db_path)
    after = restored.start()
    restored.wait_for(lambda: (restored.scalar("SELECT COUNT(*) FROM articles") or 0) == 6, 60, after,
                      "the feeds read after the restore")
    news = f"{host}/press/100"
    feed_server.route("/s9.xml", body=rss([*story_items(range(100, 101), host, newest=datetime.now(UTC)), *fresh]))
    restored.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z'")
    restored.wait_for(lambda: after.stdout.count(news) >= CHATS, 60, after, "the new story sent")
    time.sleep(1.5)  # a wrong send of the held-back three would go in the same pass or before
    assert after.terminate()[0] == 0
    printed = Counter(url for message in messages(after.stdout) for url in message)
    assert not fresh_links & set(printed), f"sent again after the restore: {dict(printed)}"
    assert printed[news] == CHATS, dict(printed)


def test_a_backup_older_than_subscribe_since_reaches_says_how_far_it_reaches(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    """A backup restored 45 days after it was made: each chat was told "/subscribe since 30d brings them", and the
    operator that a chat gets them so, while `since` reaches back 30 days at most: the fortnight before stayed
    unsent, unsaid. Both now say what it brings. A real `communique fetch` on the copy, real SQLite, the console's
    renderer."""
    from bot.delivery.planner import plan_digest
    from bot.platforms.console.render import render_digest_plain
    from tests.helpers import add_articles, subscribe
    from tests.reliability.stories import feed

    feed_server.route("/s0.xml", body=feed(range(0, 3), "https://press0.example"))
    bot = deploy({"fetch": {"allow_private_addresses": True, "fetch_full_text": False},
                  "sources": [{"name": "Press office 0", "url": feed_server.url("/s0.xml")}]})
    bot.db_path.parent.mkdir(parents=True)
    db = connect(bot.db_path)
    desk = subscribe(db, "desk", platform="console")
    add_articles(db, 1)
    db.execute(f"PRAGMA user_version = {int((datetime.now(UTC) - timedelta(days=45)).timestamp())}")  # its moment
    db.conn.close()
    fetched = bot.cli("fetch")
    said = " ".join(fetched.stderr.split())
    assert fetched.returncode == 0, said
    assert "now restored" in said, said
    assert "a chat that missed them gets those of the last 30 days with /subscribe since 30d" in said, said
    db = connect(bot.db_path)
    add_articles(db, 1, start=1)
    plan_digest(db, desk, "daily:1", lambda d: [{"text": render_digest_plain(d)}], now=datetime.now(UTC))
    [(payload,)] = db.execute("SELECT payload FROM deliveries WHERE subscription_id = ?", [desk.id]).fetchall()
    text = " ".join(json.loads(payload)["text"].split())
    db.conn.close()
    assert "/subscribe since 30d brings those of the last 30 days, as far as it reaches." in text, text


def test_each_platform_shows_the_restore_line_in_the_chats_zone_once(tmp_path: Path) -> None:
    """The line a restored bot owes each chat is the same words on Telegram, Discord and the console, with the
    copy's date in the chat's own zone (a desk in Los Angeles read in the evening of the day before is told that
    day), in the chat's next digest with something in it, and never again. Real SQLite and the platforms' own
    renderers; the whole run on the console is the test above."""
    from bot.delivery.planner import plan_digest
    from bot.platforms.console.render import render_digest_plain
    from bot.platforms.discord.render import render_digest as discord_render
    from bot.platforms.telegram.render import render_digest as telegram_render
    from storage.db import restored_backup
    from tests.helpers import add_articles, subscribe

    db = connect(tmp_path / "communique.db")
    now = datetime.now(UTC)
    made = now - timedelta(days=4, hours=2)
    chats = {"telegram": ("America/Los_Angeles", lambda d: [{"text": t} for t in telegram_render(d)]),
             "discord": ("Pacific/Kiritimati", discord_render),
             "console": ("UTC", lambda d: [{"text": render_digest_plain(d)}])}
    subs = {name: subscribe(db, f"desk-{name}", platform=name, timezone=zone) for name, (zone, _) in chats.items()}
    db.execute(f"PRAGMA user_version = {int(made.timestamp())}")
    assert restored_backup(db) is not None
    add_articles(db, 1)

    def shown(name: str, key: str) -> str:
        plan_digest(db, subs[name], key, chats[name][1], now=now)
        rows = db.execute("SELECT payload FROM deliveries WHERE subscription_id = ? AND digest_key = ?",
                          [subs[name].id, key]).fetchall()
        return " ".join(" ".join(str(v) for v in json.loads(row[0]).values()) for row in rows)

    for name, (zone, _) in chats.items():
        text = " ".join(shown(name, "daily:1").split())
        local = day_text(made.astimezone(ZoneInfo(zone)).date())
        assert f"This bot was restored from a copy of {local}: the stories from then to its restart on " in text, text
        assert "in case this chat had them already. /subscribe since 5d brings them." in text, text
    add_articles(db, 1, start=1)
    for name in chats:
        later = " ".join(shown(name, "daily:2").split())
        assert "Story 1" in later and "restored from a copy" not in later, f"told {name} once: {later}"
    db.conn.close()


def test_a_backup_an_older_communique_took_restored_does_not_send_again_what_the_first_bot_sent_after_it(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    """docs/operations.md: "A backup taken by an older Communiqué is upgraded by `restore`", and the stories that came
    in after the backup are "stored, but not sent to the chats as news". An older Communiqué's backup carries no
    moment (SQLite's user_version, which `backup` sets since schema version 7), so the restored bot read the feeds'
    stories of after the backup as news and sent each chat again what the first bot had sent, told nothing. Real
    runs on the console, a real `backup`, the copy in the columns schema version 7 had, the real `restore` over the
    first bot's database."""
    from tests.factories import rss
    from tests.reliability.stories import story_items
    from tests.reliability.test_upgrades import copy_into_version

    config = console_config(feed_server)
    config["sources"] = config["sources"][:1]
    live, run, copy = backed_up_after_three_stories(deploy, feed_server, config)
    older = live.folder / "backups" / "communique-older-release.db"
    copy_into_version(copy, older, 7)
    assert read(older, "PRAGMA user_version") == [(0,)], "an older Communiqué's backup carries no moment"
    host = "https://press0.example"
    since_the_backup, sent_by_the_first = three_more_sent_by_the_first(live, run, feed_server)

    restored = live.cli("restore", str(older))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    live.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z'")
    after = live.start()
    live.wait_for(lambda: (live.scalar("SELECT COUNT(*) FROM articles") or 0) == 6, 60, after,
                  "the feed read after the restore")
    news = "https://press0.example/press/100"
    feed_server.route("/s0.xml", body=rss([*story_items(range(100, 101), host, newest=datetime.now(UTC)),
                                           *since_the_backup, *story_items(range(0, 3), host)]))
    live.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z'")
    live.wait_for(lambda: after.stdout.count(news) >= CHATS, 60, after, "the new story sent")
    time.sleep(1.5)  # a wrong send of the older three would go in the same pass
    assert after.terminate()[0] == 0
    printed = Counter(url for message in messages(after.stdout) for url in message)
    assert dict(printed) == {news: CHATS}, f"sent again after the restore: {dict(printed)}"
    assert " ".join(after.stdout.split()).count("restored from a copy") == CHATS, after.stdout
    said = " ".join(restored.stdout.split())
    assert "carries no time of its making" in said, said
