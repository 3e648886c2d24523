"""`communique restore BACKUP`: a backup put in place of the stopped bot's database, the chats' choices made since
the backup kept. Real runs on the local Telegram peer, real files, a feed server on 127.0.0.1; chats subscribe and
unsubscribe by command, as members do."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.factories import rss
from tests.feedserver import FeedServer
from tests.reliability.harness import Deployment
from tests.reliability.stories import story_items

DECLARED, EARLY, LATE = 7301, 7302, 7303
HOST = "https://press0.example"


def _chat_subscribed(live: Deployment, chat: int, active: int) -> Callable[[], bool]:
    return lambda: live.scalar("SELECT active FROM subscriptions WHERE platform = 'telegram' AND chat_id = ?",
                               [str(chat)]) == active


def test_a_restore_keeps_the_chats_that_subscribed_or_unsubscribed_after_the_backup_and_lists_them(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any
) -> None:
    """Restored by hand, a chat that subscribed by command after the backup lost its subscription, and nobody was
    told: the chat believed itself subscribed and never heard from the bot again. One that unsubscribed after it was
    subscribed again. `restore` carries both over from the database it replaces and lists them."""
    peer = telegram_peer
    feed_server.route("/s0.xml", body=rss(story_items(range(0, 3), HOST)))
    for chat in (DECLARED, EARLY, LATE):
        peer.add_chat(chat, "private")
    config = {
        "fetch": {"allow_private_addresses": True, "timeout": 5, "fetch_full_text": False},
        "telegram": {"api_base_url": peer.base_url, "poll_interval": 0.05},
        "sources": [{"name": "Press office 0", "url": feed_server.url("/s0.xml"), "interval": 3600}],
        "subscriptions": [{"platform": "telegram", "chat_id": str(DECLARED), "mode": "instant"}],
    }
    live = deploy(config, name="live", env={"TELEGRAM_BOT_TOKEN": peer.token})
    run = live.start()
    live.wait_for(lambda: live.drained(3, 1), 60, run, "the first stories sent")
    peer.send_command(EARLY, "/subscribe", user_id=EARLY)
    live.wait_for(_chat_subscribed(live, EARLY, 1), 30, run, "the early chat subscribed")
    made = live.cli("backup", str(live.folder / "backups") + "/")
    assert made.returncode == 0, made.stderr
    [copy] = list((live.folder / "backups").iterdir())
    # After the backup: one chat subscribes, the early one leaves.
    peer.send_command(LATE, "/subscribe", user_id=LATE)
    live.wait_for(_chat_subscribed(live, LATE, 1), 30, run, "the late chat subscribed")
    peer.send_command(EARLY, "/unsubscribe", user_id=EARLY)
    live.wait_for(_chat_subscribed(live, EARLY, 0), 30, run, "the early chat unsubscribed")
    live.wait_for(lambda: live.ledger()["due"] + live.ledger()["sending"] == 0, 60, run, "the backlogs sent")

    refused = live.cli("restore", str(copy))
    assert refused.returncode == 2 and "the bot still runs on" in refused.stderr, refused.stdout + refused.stderr
    assert run.terminate()[0] == 0

    restored = live.cli("restore", str(copy))
    assert restored.returncode == 0, restored.stderr
    said = " ".join(restored.stdout.split())
    assert f"telegram {LATE}: subscribed after the backup: kept" in said, said
    assert f"telegram {EARLY}: stopped after the backup" in said, said
    assert str(DECLARED) not in said, "a chat the copy holds as it was is not listed"
    [aside] = [p for p in live.db_path.parent.iterdir() if ".before-restore-" in p.name and p.name[-4:] != "-wal"
               and not p.name.endswith("-shm")]
    assert f"The database it replaced is now {aside}" in said, said
    assert stat.S_IMODE(live.db_path.stat().st_mode) == 0o600
    assert live.scalar("PRAGMA user_version") != 0, "still a copy: the start says it restored one"

    # The restored bot serves the late chat and not the early one, and sends nothing twice.
    live.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z'")  # as in a copy days old
    after = live.start()
    live.wait_for(lambda: live.scalar("SELECT COUNT(*) FROM sources WHERE last_success > "
                                      "(SELECT MAX(restarted_at) FROM restored_starts)"), 60, after,
                  "the feed read at the restored start")
    news = f"{HOST}/press/100"
    soon = datetime.now(UTC) + timedelta(minutes=100)  # story 100 is dated 100 minutes before this: now
    feed_server.route("/s0.xml", body=rss([*story_items(range(100, 101), HOST, newest=soon),
                                           *story_items(range(0, 3), HOST)]))
    live.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00.000000Z'")
    live.wait_for(lambda: live.scalar("SELECT COUNT(*) FROM articles WHERE url = ?", [news]), 60, after,
                  "the news fetched")
    assert after.terminate()[0] == 0
    started = " ".join(after.stderr.split())
    assert "changed since are as `communique restore` kept them" in started, "the start said they were lost"
    assert not any(news in m.links() for m in peer.bot_messages(EARLY)), "the chat that left got a digest"
    # The late chat's next digest (daily, as a /subscribe makes it) holds the news, not its backlog again.
    preview = live.cli("digest", "--platform", "telegram", "--chat", str(LATE))
    assert preview.returncode == 0, preview.stderr
    shown = [link for link in preview.stdout.split() if link.startswith(HOST)]
    assert shown == [news], f"the late chat's next digest: {preview.stdout}"


def test_restore_with_no_database_in_place_puts_the_copy_there_and_says_nothing_could_be_kept(
    tmp_path: Path,
) -> None:
    from storage import connect
    from tests.test_cli import communique

    first = tmp_path / "first.db"
    connect(first).close()
    copy = tmp_path / "copy.db"
    backed = communique("--config", str(_config(tmp_path, first)), "backup", str(copy), cwd=tmp_path)
    assert backed.returncode == 0, backed.stderr
    target = tmp_path / "var" / "communique.db"
    target.parent.mkdir()
    done = communique("--config", str(_config(tmp_path, target)), "restore", str(copy), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "no chat's choices made since the backup could be kept" in done.stdout, done.stdout
    assert sqlite3.connect(target).execute("SELECT COUNT(*) FROM subscriptions").fetchone() == (0,)


def test_restore_of_a_missing_backup_changes_nothing(tmp_path: Path) -> None:
    from storage import connect
    from tests.test_cli import communique

    database = tmp_path / "communique.db"
    connect(database).close()
    before = database.read_bytes()
    done = communique("--config", str(_config(tmp_path, database)), "restore", str(tmp_path / "nope.db"),
                      cwd=tmp_path)
    assert done.returncode == 2 and "there is no backup at" in done.stderr, done.stderr
    assert database.read_bytes() == before and not list(tmp_path.glob("*.before-restore-*"))


def _config(folder: Path, database: Path) -> Path:
    path = folder / f"config-{database.stem}.toml"
    path.write_text(f'[storage]\npath = "{database}"\n')
    return path


def test_a_damaged_database_is_replaced_and_the_restore_says_no_chat_could_be_kept(tmp_path: Path) -> None:
    """The usual reason for a restore: the database cannot be read. It is moved aside all the same, the copy put in
    place, and the restore says the chats changed since the backup could not be kept, and what they can do."""
    from storage import connect
    from tests.test_cli import communique

    first = tmp_path / "first.db"
    connect(first).close()
    copy = tmp_path / "copy.db"
    assert communique("--config", str(_config(tmp_path, first)), "backup", str(copy), cwd=tmp_path).returncode == 0
    database = tmp_path / "communique.db"
    database.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)  # a header, then pages of nothing
    done = communique("--config", str(_config(tmp_path, database)), "restore", str(copy), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "could not be read" in done.stderr and "each can /subscribe again" in done.stderr, done.stderr
    [aside] = list(tmp_path.glob("communique.db.before-restore-*"))
    assert aside.read_bytes().endswith(b"\x13" * 100), "the damaged file is kept, not overwritten"
    assert sqlite3.connect(database).execute("SELECT COUNT(*) FROM subscriptions").fetchone() == (0,)


def test_settings_changed_and_names_followed_after_the_backup_are_kept(tmp_path: Path) -> None:
    """A chat that moved its digest to its morning and followed a minister after the backup: restored by hand, its
    digest came at the old hour and the minister's stories did not come. Real files, the real CLI."""
    from storage import connect, tracking
    from storage import subscriptions as sub_store
    from storage.records import SettingsChange, SubscriptionSettings
    from tests.test_cli import communique

    database = tmp_path / "communique.db"
    db = connect(database)
    settings = SubscriptionSettings(mode="daily", time="18:00", timezone="UTC", max_items=10)
    sub, _ = sub_store.subscribe(db, platform="telegram", chat_id="7310", chat_kind="private", defaults=settings)
    tracking.follow(db, "telegram", "7310", "velmora", "Velmora")
    db.close()
    copy = tmp_path / "copy.db"
    config = _config(tmp_path, database)
    assert communique("--config", str(config), "backup", str(copy), cwd=tmp_path).returncode == 0
    db = connect(database)
    sub_store.update_settings(db, sub.id, SettingsChange(time="07:30", timezone="Europe/Berlin"), origin="command")
    tracking.follow(db, "telegram", "7310", "ana kovac", "Ana Kovač")
    db.close()

    done = communique("--config", str(config), "restore", str(copy), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    said = " ".join(done.stdout.split())
    assert "(1 chat, 1 follow)" in said and "telegram 7310: changed after the backup (time, timezone): kept as " \
        "changed" in said, said
    restored = sqlite3.connect(database)
    assert restored.execute("SELECT time, timezone, active FROM subscriptions WHERE chat_id = '7310'").fetchone() \
        == ("07:30", "Europe/Berlin", 1)
    assert sorted(r[0] for r in restored.execute("SELECT actor_key FROM follows WHERE chat_id = '7310'")) == \
        ["ana kovac", "velmora"]


def test_a_restore_run_as_root_over_the_bots_database_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    """Run with sudo (root) over a database the bot's user owns, the copy would be root's, readable by root alone,
    and the bot's service could not open it: `restore` is refused as every command is there, naming the user to run
    it as, and nothing is moved or copied."""
    import os

    import pytest

    from storage import connect
    from tests.test_cli import communique

    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    database = tmp_path / "communique.db"
    connect(database).close()
    copy = tmp_path / "copy.db"
    config = _config(tmp_path, database)
    assert communique("--config", str(config), "backup", str(copy), cwd=tmp_path).returncode == 0
    for path in tmp_path.glob("communique.db*"):
        os.chown(path, 4321, 4321)
    before = database.read_bytes()
    done = communique("--config", str(config), "restore", str(copy), cwd=tmp_path)
    assert done.returncode == 2 and "run it as uid 4321" in done.stderr, done.stderr
    assert database.read_bytes() == before and not list(tmp_path.glob("*.before-restore-*"))


def test_restore_of_a_file_that_is_no_database_changes_nothing(tmp_path: Path) -> None:
    """`communique restore config.toml` (the wrong file named): the database was moved aside, the file put in its
    place, and the restore died on it with a traceback, leaving a bot that could not start. It is refused first."""
    from storage import connect
    from tests.test_cli import communique

    database = tmp_path / "communique.db"
    connect(database).close()
    before = database.read_bytes()
    wrong = tmp_path / "notes.txt"
    wrong.write_text("the backup is in the other folder\n" * 200)
    done = communique("--config", str(_config(tmp_path, database)), "restore", str(wrong), cwd=tmp_path)
    said = done.stdout + done.stderr
    assert done.returncode == 2 and f"{wrong} is no backup this Communiqué can restore" in done.stderr, said
    assert "Traceback" not in done.stderr, done.stderr
    assert database.read_bytes() == before and not list(tmp_path.glob("*.before-restore-*"))


def test_restore_of_a_backup_a_newer_version_wrote_changes_nothing(tmp_path: Path) -> None:
    """A backup a newer Communiqué wrote was put in place, then refused as too new at its first open: the database
    it replaced was moved aside without the restore saying where, and the bot could not start on either."""
    from storage import connect
    from tests.test_cli import communique

    database = tmp_path / "communique.db"
    connect(database).close()
    before = database.read_bytes()
    newer = tmp_path / "newer.db"
    connect(newer).close()
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO schema_version (version, name, applied) VALUES (999, 'from later', '2027-01-01')")
    done = communique("--config", str(_config(tmp_path, database)), "restore", str(newer), cwd=tmp_path)
    assert done.returncode == 2 and "a newer Communiqué wrote it (schema version 999" in done.stderr, done.stderr
    assert database.read_bytes() == before and not list(tmp_path.glob("*.before-restore-*"))


def test_restore_keeps_an_unfollow_made_after_the_backup(tmp_path: Path) -> None:
    """A chat that stopped following someone after the backup followed them again once restored, and got the
    stories naming them it had stopped: the follows the copy lacked were carried over, those it had too many were
    not. A chat the replaced database does not know at all keeps the copy's follows (that database may be a new,
    empty one, begun when the old one was lost)."""
    from storage import connect
    from storage import subscriptions as sub_store
    from storage import tracking
    from tests.helpers import DEFAULTS
    from tests.test_cli import communique

    database = tmp_path / "communique.db"
    db = connect(database)
    for chat in ("5101", "5102"):
        sub_store.subscribe(db, platform="telegram", chat_id=chat, chat_kind="private", defaults=DEFAULTS)
        tracking.follow(db, "telegram", chat, "velmora", "Velmora")
        tracking.follow(db, "telegram", chat, "kestria", "Kestria")
    db.close()
    copy = tmp_path / "copy.db"
    backed = communique("--config", str(_config(tmp_path, database)), "backup", str(copy), cwd=tmp_path)
    assert backed.returncode == 0, backed.stderr
    db = connect(database)
    assert tracking.unfollow(db, "telegram", "5101", "kestria")  # after the backup, by /unfollow
    db.execute("DELETE FROM follows WHERE chat_id = '5102'")  # a chat the replaced database no longer knows
    db.execute("DELETE FROM subscriptions WHERE chat_id = '5102'")
    db.close()

    done = communique("--config", str(_config(tmp_path, database)), "restore", str(copy), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    said = " ".join(done.stdout.split())
    assert "1 follow ended" in said, said
    follows = {(chat, key) for chat, key in sqlite3.connect(database).execute("SELECT chat_id, actor_key FROM follows")}
    assert follows == {("5101", "velmora"), ("5102", "velmora"), ("5102", "kestria")}, follows


def test_stories_sent_after_the_backup_are_not_sent_again_once_restored(tmp_path: Path) -> None:
    """A digest went out at 07:00, after the 03:30 backup: the copy held its stories as owed, and the restored bot
    sent them to the chat a second time. The database replaced knows they were sent; the restore carries that over,
    matching each story by its link (the row ids of the two files differ), and says how many. A story sent after
    the backup that the copy does not hold at all is passed over without failing the restore. Real files, the real
    CLI; the next digest is the `digest` command's preview of it."""
    from storage import connect
    from storage import deliveries as ledger
    from tests.helpers import add_articles, subscribe
    from tests.test_cli import communique

    database = tmp_path / "communique.db"
    db = connect(database)
    sub = subscribe(db, "7320", platform="telegram")
    subscribe(db, "7321", platform="telegram")  # a chat that got nothing after the backup
    add_articles(db, 2, start=0)
    db.close()
    copy = tmp_path / "copy.db"
    config = _config(tmp_path, database)
    assert communique("--config", str(config), "backup", str(copy), cwd=tmp_path).returncode == 0
    # After the backup: a story only the replaced database holds, then one digest (story 0 and it) sent to 7320.
    db = connect(database)
    db.execute("DELETE FROM articles WHERE url = 'https://ministry.example/0'")  # stored again below: a new row id
    [later, first] = add_articles(db, 1, start=5) + add_articles(db, 1, start=0)
    assert ledger.plan(db, sub.id, "daily:2026-12-07 07:00:00 UTC", [{"text": "digest"}], [first, later])
    for (delivery_id,) in db.execute("SELECT id FROM deliveries WHERE subscription_id = ?", [sub.id]).fetchall():
        ledger.mark_sent(db, delivery_id, "m1")
    db.close()

    done = communique("--config", str(config), "restore", str(copy), cwd=tmp_path)
    assert done.returncode == 0, done.stderr

    def next_digest(chat: str) -> list[str]:
        preview = communique("--config", str(config), "digest", "--platform", "telegram", "--chat", chat,
                             cwd=tmp_path)
        assert preview.returncode == 0, preview.stderr
        return sorted({word for word in preview.stdout.split() if word.startswith("https://ministry.example/")})

    assert next_digest("7320") == ["https://ministry.example/1"], "story 0 was sent again after the restore"
    assert next_digest("7321") == ["https://ministry.example/0", "https://ministry.example/1"], \
        "the chat that got nothing after the backup still gets both"
    said = " ".join(done.stdout.split())
    assert "Carried over 1 record of a story sent to a chat after the backup" in said, said


def test_a_restore_over_an_unreadable_database_says_stories_sent_since_may_come_again(tmp_path: Path) -> None:
    from storage import connect
    from tests.test_cli import communique

    first = tmp_path / "first.db"
    connect(first).close()
    copy = tmp_path / "copy.db"
    assert communique("--config", str(_config(tmp_path, first)), "backup", str(copy), cwd=tmp_path).returncode == 0
    database = tmp_path / "communique.db"
    database.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    done = communique("--config", str(_config(tmp_path, database)), "restore", str(copy), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "stories sent since the backup may come again" in " ".join(done.stderr.split()), done.stderr


def test_a_digest_planned_before_the_backup_and_sent_after_it_is_not_sent_again(tmp_path: Path) -> None:
    """The 03:00 digest was planned (its messages due) before the 03:30 backup and sent after it: the copy held its
    messages as due, and the restored bot sent them again. The replaced database knows they went out; the restore
    marks them sent in the copy, matched by chat, digest and part, and says how many. A message the replaced
    database still owed stays due."""
    from storage import connect
    from storage import deliveries as ledger
    from tests.helpers import add_articles, subscribe
    from tests.test_cli import communique

    database = tmp_path / "communique.db"
    db = connect(database)
    sent_to, owed_to = subscribe(db, "7330", platform="telegram"), subscribe(db, "7331", platform="telegram")
    stories = add_articles(db, 2)
    for sub in (sent_to, owed_to):
        assert ledger.plan(db, sub.id, "daily:2026-12-07 03:00:00 UTC", [{"text": "a"}, {"text": "b"}], stories)
    db.close()
    copy = tmp_path / "copy.db"
    config = _config(tmp_path, database)
    assert communique("--config", str(config), "backup", str(copy), cwd=tmp_path).returncode == 0
    db = connect(database)
    for (delivery_id,) in db.execute("SELECT id FROM deliveries WHERE subscription_id = ?", [sent_to.id]).fetchall():
        ledger.mark_sent(db, delivery_id, f"m{delivery_id}")
    db.close()

    done = communique("--config", str(config), "restore", str(copy), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    restored = sqlite3.connect(database)
    states = restored.execute("SELECT s.chat_id, d.part, d.state FROM deliveries d JOIN subscriptions s "
                              "ON s.id = d.subscription_id ORDER BY s.chat_id, d.part").fetchall()
    assert states == [("7330", 0, "sent"), ("7330", 1, "sent"), ("7331", 0, "due"), ("7331", 1, "due")], states
    said = " ".join(done.stdout.split())
    assert "2 messages planned before the backup and sent (or given up on) after it" in said, said


@pytest.mark.parametrize("damage", ["cut short", "pages overwritten"])
def test_restore_of_a_damaged_backup_changes_nothing(tmp_path: Path, damage: str) -> None:
    """A backup cut short by a full disk, or with pages overwritten on a failing disk, may still open (its first
    pages, the schema's, are whole): it must not pass the check for a wrong file, or the live database is moved aside
    and the broken copy put in its place. It is refused first, and the database stays as it was."""
    from storage import connect
    from storage import subscriptions as sub_store
    from storage.records import SubscriptionSettings
    from tests.test_cli import communique

    database = tmp_path / "communique.db"
    db = connect(database)
    settings = SubscriptionSettings(mode="daily", time="18:00", timezone="UTC", max_items=10)
    for chat in range(400):
        sub_store.subscribe(db, platform="telegram", chat_id=str(9000 + chat), chat_kind="private", defaults=settings)
    db.close()
    copy = tmp_path / "copy.db"
    config = _config(tmp_path, database)
    assert communique("--config", str(config), "backup", str(copy), cwd=tmp_path).returncode == 0
    whole = copy.read_bytes()
    assert len(whole) > 8 * 4096, len(whole)
    if damage == "cut short":
        copy.write_bytes(whole[: len(whole) - 3 * 4096])
    else:
        copy.write_bytes(whole[: len(whole) - 2 * 4096] + bytes([0x5A]) * (2 * 4096))  # the last two pages
    before = database.read_bytes()
    done = communique("--config", str(config), "restore", str(copy), cwd=tmp_path)
    assert done.returncode == 2 and "is no backup this Communiqué can restore" in done.stderr, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert database.read_bytes() == before and not list(tmp_path.glob("*.before-restore-*"))


@pytest.mark.parametrize("replaced", ["current", "older"])
def test_pledge_and_edit_notices_told_after_the_backup_are_not_told_again_once_restored(
    tmp_path: Path, replaced: str
) -> None:
    """After the 03:30 backup a digest told a chat that a pledge it follows falls due tomorrow and that a story it had
    was edited: the copy held both as still to tell, and the restored bot told them again (the carry-over covered
    the stories of digests only). The restore carries those notices over, each matched by its story's link and the
    pledge's actor and words (the edit's by its words and time), and says how many. Real files, the real CLI;
    the next digest is the `digest` command's preview of it.

    `older`: the database replaced is of the schema before this Communiqué's (the new version installed, and the
    restore run before any start upgraded it): the notices were read with today's columns, failed ("no such column"),
    and were told again, the restore saying only that they "may be told again"."""
    from bot.delivery.planner import plan_digest
    from storage import connect
    from storage import deliveries as ledger
    from storage import edits as edit_store
    from storage import subscriptions as sub_store
    from storage import tracking as tracking_store
    from tests.helpers import add_articles, subscribe
    from tests.test_cli import communique

    database = tmp_path / "communique.db"
    db = connect(database)
    told, untold = subscribe(db, "7340", platform="telegram"), subscribe(db, "7341", platform="telegram")
    [story, report] = add_articles(db, 2)
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    for commitment, due in (("reopen the border crossing", tomorrow), ("release the fishing crews", "2026-12-01")):
        db.execute("INSERT INTO pledges (article_id, actor, commitment, evidence, when_text, due, created, actor_key, "
                   "actor_keys) VALUES (?, 'Velmora', ?, 'Velmora said so', 'soon', ?, '2026-11-20T00:00:00Z', "
                   "'velmora', '[\"velmora\"]')", [story, commitment, due])
    # A later story reports the second pledge kept (a report's line names the report: "kept#<its id>").
    db.execute("INSERT INTO pledge_followups (pledge_id, article_id, outcome, evidence, published, created) "
               "SELECT id, ?, 'kept', 'The crews were released', '2026-12-01T09:00:00Z', ? FROM pledges "
               "WHERE commitment = 'release the fishing crews'", [report, datetime.now(UTC).isoformat()])
    db.execute("UPDATE articles SET tracked = 1, fetched = '2026-11-20T01:00:00.000000Z'")
    for sub in (told, untold):
        tracking_store.follow(db, "telegram", sub.chat_id, "velmora", "Velmora")
        assert ledger.plan(db, sub.id, "daily:2026-12-06 07:00:00 UTC", [{"text": "digest"}], [story])
    for (delivery_id,) in db.execute("SELECT id FROM deliveries").fetchall():
        ledger.mark_sent(db, delivery_id, f"m{delivery_id}")
    edit_store.record_edit(db, story, "Story 0 as first written", "headline changed")
    db.close()
    copy = tmp_path / "copy.db"
    config = _config(tmp_path, database)
    assert communique("--config", str(config), "backup", str(copy), cwd=tmp_path).returncode == 0

    def next_digest(chat: str) -> str:
        preview = communique("--config", str(config), "digest", "--platform", "telegram", "--chat", chat,
                             cwd=tmp_path)
        assert preview.returncode == 0, preview.stderr
        return " ".join(preview.stdout.split())

    before = next_digest("7340")
    assert all(told in before for told in ("reopen the border crossing", "release the fishing crews", "Updated")), before
    # After the backup, the 07:00 digest tells chat 7340 both.
    db = connect(database)
    sub = sub_store.get(db, "telegram", "7340")
    assert sub is not None
    # The report stored anew (its story re-read): its row id is no longer the copy's.
    [kept] = db.execute("SELECT * FROM pledge_followups").fetchall()
    db.execute("DELETE FROM pledge_followups")
    db.execute("INSERT INTO pledge_followups VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [kept[0] + 10, *kept[1:]])
    planned = plan_digest(db, sub, "daily:2026-12-07 07:00:00 UTC", lambda digest: [{"text": "digest"}],
                          now=datetime.now(UTC))
    assert planned.pledge_lines == 2 and planned.updates == 1, planned
    for (delivery_id,) in db.execute("SELECT id FROM deliveries WHERE state = 'due'").fetchall():
        ledger.mark_sent(db, delivery_id, f"m{delivery_id}")
    db.close()
    assert next_digest("7340").endswith("Nothing new since the last digest."), next_digest("7340")
    if replaced == "older":
        from storage.db import MIGRATIONS
        from tests.reliability.test_upgrades import copy_into_version

        database.rename(tmp_path / "current.db")
        copy_into_version(tmp_path / "current.db", database, MIGRATIONS[-1][0] - 1)

    done = communique("--config", str(config), "restore", str(copy), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    after = next_digest("7340")
    assert "reopen the border crossing" not in after, "the pledge falling due was told again after the restore"
    assert "release the fishing crews" not in after, "the pledge kept was told again after the restore"
    assert "Updated" not in after, "the edit was told again after the restore"
    other = next_digest("7341")
    assert all(told in other for told in ("reopen the border crossing", "release the fishing crews", "Updated")), \
        "the chat not told still is"
    said = " ".join(done.stdout.split())
    assert ("Carried over 3 notices told to a chat after the backup (2 pledge lines, 1 story edit): marked as told "
            "in the copy, not told again.") in said, said
    assert not done.stderr, done.stderr


def test_a_message_given_up_after_the_backup_can_still_be_sent_again_once_restored(tmp_path: Path) -> None:
    """A digest planned after the 03:30 backup was refused at 07:00 (given up: too long, the chat's rights gone) and
    its stories kept as covered, to come with `communique resend` once the cause is mended. The restore carried the
    stories over as sent but not the message, which the copy lacks: `status` no longer listed it, `resend` found
    nothing, and the chat never got those stories. The message is carried too, failed as it was, with its error."""
    from storage import connect
    from storage import deliveries as ledger
    from tests.helpers import add_articles, subscribe
    from tests.test_cli import communique

    database = tmp_path / "communique.db"
    db = connect(database)
    sub = subscribe(db, "7350", platform="telegram")
    [story] = add_articles(db, 1)
    db.close()
    copy = tmp_path / "copy.db"
    config = _config(tmp_path, database)
    assert communique("--config", str(config), "backup", str(copy), cwd=tmp_path).returncode == 0
    db = connect(database)
    assert ledger.plan(db, sub.id, "daily:2026-12-07 07:00:00 UTC", [{"text": "digest of story 0"}], [story])
    [(delivery_id,)] = db.execute("SELECT id FROM deliveries").fetchall()
    ledger.mark_failed(db, delivery_id, "Telegram: Bad Request: message is too long")
    db.close()

    done = communique("--config", str(config), "restore", str(copy), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    resent = communique("--config", str(config), "resend", "--chat", "7350", cwd=tmp_path)
    assert resent.returncode == 0, resent.stdout + resent.stderr
    restored = sqlite3.connect(database)
    rows = restored.execute("SELECT d.digest_key, d.state, d.payload FROM deliveries d JOIN subscriptions s "
                            "ON s.id = d.subscription_id WHERE s.chat_id = '7350'").fetchall()
    assert rows == [("daily:2026-12-07 07:00:00 UTC", "due", '{"text": "digest of story 0"}')], \
        "the message given up is gone: its stories never reach the chat"
    said = " ".join(done.stdout.split())
    assert "1 message given up on after the backup: kept as failed in the copy" in said, said


async def test_a_story_edited_after_the_backup_is_not_told_as_edited_again_once_restored(
    feed_server: FeedServer, make_config, tmp_path: Path
) -> None:
    """A story chats had got before the 03:30 backup was edited at 05:00 (a new headline), and the 07:00 digest told
    them so. The copy holds the story as it was before the edit: the restored bot read the feed again, found the same
    edit, and told the chats a second time. The restore brings the copy's story to the version the replaced database
    had, with its edits and who was told of them (or is owed them still), and says how many. Real files, a real feed
    server, the real ingest and CLI."""
    from bot.ingest.pipeline import Ingestor
    from storage import connect
    from storage import deliveries as ledger
    from tests.helpers import ingestor_for, subscribe
    from tests.test_cli import communique
    from tests.test_story_edits import NEW, OLD, edited, item, plan, sent_texts

    feed_server.route("/north.xml", body=rss([item()], title="North Wire"))
    sources = [{"name": "North Wire", "url": feed_server.url("/north.xml")}]
    ingestor = ingestor_for(make_config, sources, fetch_full_text=False)
    await ingestor.run(only_due=False)
    db = ingestor.db
    told, owed = subscribe(db, "7360"), subscribe(db, "7361")
    for sub in (told, owed):
        assert plan(db, sub, "daily:1") == 1
    for (delivery_id,) in db.execute("SELECT id FROM deliveries").fetchall():
        ledger.mark_sent(db, delivery_id, f"m{delivery_id}")
    database = Path(ingestor.config.storage.path)
    config, copy = _config(tmp_path, database), tmp_path / "copy.db"
    assert communique("--config", str(config), "backup", str(copy), cwd=tmp_path).returncode == 0
    assert await edited(ingestor, feed_server, item(NEW)) == 1
    assert plan(db, told, "daily:2") == 1  # 7360 is told of the edit; 7361's digest is still to come
    for (delivery_id,) in db.execute("SELECT id FROM deliveries WHERE state = 'due'").fetchall():
        ledger.mark_sent(db, delivery_id, f"m{delivery_id}")
    db.conn.close()

    done = communique("--config", str(config), "restore", str(copy), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    restored = connect(database)
    again = Ingestor(restored, ingestor.config)
    again.sync_sources()
    [report] = await again.run(only_due=False)
    assert report.edited == 0, "the restored bot found the edit again"
    assert plan(restored, told, "daily:3") == 0, "told of the edit a second time"
    assert plan(restored, owed, "daily:3") == 1, "the chat not yet told is still owed the edit"
    [*_, update] = sent_texts(restored, owed)
    assert "Updated:" in update and NEW in update and f"Was: “{OLD}”" in update, update
    said = " ".join(done.stdout.split())
    assert "1 story edited after the backup brought up to date in the copy, with its 1 edit" in said, said
    restored.conn.close()


async def test_a_pledge_kept_told_after_the_backup_from_a_story_edited_since_is_not_told_again_once_restored(
    tmp_path: Path,
) -> None:
    """After the backup a chat was told a pledge it follows was kept, and then the outlet edited the story that
    reported it. The restore brings the copy's story to its edited version, so the tracker reads it again and makes
    the report anew: the line told was passed over (the copy had no report row to name) and the chat was told
    "Kept" a second time. Real files, the real tracker and CLI."""
    from bot.analysis import analyze
    from bot.delivery.planner import plan_digest
    from bot.ingest.pipeline import kept_pledges, kept_quotes
    from bot.ingest.track import Tracker
    from storage import articles as article_store
    from storage import connect
    from storage import deliveries as ledger
    from storage import tracking as tracking_store
    from storage.records import NewArticle
    from tests.helpers import subscribe
    from tests.test_cli import communique
    from tests.tracker_stories import KEPT_TEXT, KEPT_TITLE, PLEDGE_TEXT, PLEDGE_TITLE, PLEDGED, days, store

    database = tmp_path / "communique.db"
    db = connect(database)
    follower = subscribe(db, "7370", platform="telegram")
    tracking_store.follow(db, "telegram", "7370", "velmora", "Velmora")
    store(db, 1, PLEDGE_TITLE, PLEDGE_TEXT, PLEDGED)
    store(db, 4, KEPT_TITLE, KEPT_TEXT, PLEDGED + days(16))
    await Tracker(db).run()
    db.close()
    copy = tmp_path / "copy.db"
    config = _config(tmp_path, database)
    assert communique("--config", str(config), "backup", str(copy), cwd=tmp_path).returncode == 0

    def told(db: Any, key: str, when: float) -> int:
        planned = plan_digest(db, follower, key, lambda digest: [{"text": "digest"}], now=PLEDGED + days(when))
        for (delivery_id,) in db.execute("SELECT id FROM deliveries WHERE state = 'due'").fetchall():
            ledger.mark_sent(db, delivery_id, f"m{delivery_id}")
        return planned.pledge_lines

    db = connect(database)
    assert told(db, "daily:2026-03-18", 16.5) == 1, "the chat is told the pledge was kept"
    title = "Halvik ferry crew home after Velmora lets them go"
    found = analyze(title, KEPT_TEXT, published=(PLEDGED + days(16)).date(), demands=False)
    stored = article_store.find_existing(db, "https://news.example/4", None, None)
    assert stored is not None
    article_store.update_article(db, stored, NewArticle(
        url=stored.url, source_id=None, guid=None, title=title, text=KEPT_TEXT, text_hash="edited",
        summary=found.summary, quotes=kept_quotes(found), pledges=kept_pledges(found)), change="headline changed")
    await Tracker(db).run()
    assert told(db, "daily:2026-03-19", 17.5) == 0, "the edit tells the chat nothing new"
    db.close()

    done = communique("--config", str(config), "restore", str(copy), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    restored = connect(database)
    assert await Tracker(restored).run() >= 1, "the restored bot reads the edited story again"
    assert told(restored, "daily:2026-03-20", 18.5) == 0, "the pledge kept was told again after the restore"
    restored.close()


def _backed_up_then_a_chat_subscribed(folder: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A database in `folder` with a chat and twenty stories, backed up into `tmp_path`, then a second chat
    subscribed that only the database in place knows: (database, its config, the backup)."""
    from storage import connect
    from tests.helpers import add_articles, subscribe
    from tests.test_cli import communique

    database = folder / "communique.db"
    db = connect(database)
    subscribe(db, "7330", platform="telegram")
    add_articles(db, 20)
    db.close()
    config = _config(tmp_path, database)
    copy = tmp_path / "copy.db"
    assert communique("--config", str(config), "backup", str(copy), cwd=tmp_path).returncode == 0
    db = connect(database)
    subscribe(db, "7331", platform="telegram")  # after the backup: only the database in place knows it
    db.close()
    return database, config, copy


def _left_on(folder: Path) -> list[str]:
    """The files a restore left on the small disk, but the filler that takes its room and the instance lock."""
    return sorted(p.name for p in folder.iterdir() if p.name not in ("filler", "communique.db.lock"))


def _subscribed_chats(database: Path) -> list[tuple[str]]:
    """The chats the database at `database` has subscriptions for, read only: a connection that may write makes
    the file, and the tests ask whether the restore left one."""
    conn = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    chats = conn.execute("SELECT chat_id FROM subscriptions ORDER BY chat_id").fetchall()
    conn.close()
    return chats


def test_a_restore_onto_a_disk_with_too_little_room_changes_nothing_and_says_so(tmp_path: Path) -> None:
    """A restore often follows disk trouble. On a disk with less room than the backup, the restore moved the database
    aside, then failed half-way through the copy with a traceback: nothing was left at the database's path (the next
    start began a new, empty database, every chat's subscription gone from it) and a partial copy lay beside it. Now
    the copy is made first, and a copy that does not fit changes nothing: the database stays in place, as it was,
    and the restore names the full disk, the room the copy needs and the room there. A real small disk (tmpfs);
    skipped where none can be mounted."""
    from tests.reliability.disk import small_disk
    from tests.test_cli import communique

    with small_disk(tmp_path / "var", size="4m") as disk:
        database, config, copy = _backed_up_then_a_chat_subscribed(disk.path, tmp_path)
        size = copy.stat().st_size
        disk.fill(leave=size // 2)
        done = communique("--config", str(config), "restore", str(copy), cwd=tmp_path)
        left = _left_on(disk.path)
        chats = _subscribed_chats(database) if database.exists() else []
    said = " ".join(done.stderr.split())
    assert done.returncode == 1, done.stdout + said
    assert "Traceback" not in said, said
    assert f"the disk of {disk.path} is full: the copy needs about {size / 1_048_576:.1f} MiB" in said, said
    assert "Nothing was changed" in said, said
    assert left == ["communique.db"], f"the database in place, no partial copy, nothing moved aside: {left}"
    assert chats == [("7330",), ("7331",)]


def test_a_copy_that_fits_but_cannot_be_opened_for_want_of_room_puts_the_database_back(tmp_path: Path) -> None:
    """The copy fits on the disk but nothing more: opening it in the database's place (its write-ahead log, the
    chats carried over into it) fails for want of room. The restore stopped there, the copy at the path without
    the chats' choices of after the backup, the database that held them moved aside, and said only that the disk
    was full; started once room was freed, the bot ran on the copy, the chat subscribed after the backup lost. Now
    the database is put back as it was and the copy removed, and the restore says so. A real small disk (tmpfs);
    skipped where none can be mounted."""
    from tests.reliability.disk import small_disk
    from tests.test_cli import communique

    with small_disk(tmp_path / "var", size="4m") as disk:
        database, config, copy = _backed_up_then_a_chat_subscribed(disk.path, tmp_path)
        disk.fill(leave=copy.stat().st_size + 8192)
        done = communique("--config", str(config), "restore", str(copy), cwd=tmp_path)
        left = _left_on(disk.path)
        disk.free()
        chats = _subscribed_chats(database)
    said = " ".join(done.stderr.split())
    assert done.returncode == 1, done.stdout + said
    assert "Traceback" not in said, said
    assert f"Nothing was changed: the database at {database} was put back as it was, and the copy removed" in said, \
        said
    assert left == ["communique.db"], f"the database back at its path, nothing else: {left}"
    assert chats == [("7330",), ("7331",)], "the database put back is the one that knew the chat of after the backup"


def test_a_copy_that_cannot_be_opened_where_there_was_no_database_says_none_is_there(tmp_path: Path) -> None:
    """On a new machine's small disk, the copy fits but cannot then be opened for want of room, and there was no
    database before: the restore said "the database at ... was put back as it was", and the operator looked for one
    that never was. It says the copy was removed and no database is there, as before the restore. A real small
    disk (tmpfs); skipped where none can be mounted."""
    from tests.reliability.disk import small_disk
    from tests.test_cli import communique

    _, _, copy = _backed_up_then_a_chat_subscribed(tmp_path, tmp_path)
    with small_disk(tmp_path / "var", size="4m") as disk:
        database = disk.path / "communique.db"
        disk.fill(leave=copy.stat().st_size + 8192)
        done = communique("--config", str(_config(tmp_path, database)), "restore", str(copy), cwd=tmp_path)
        left = _left_on(disk.path)
    said = " ".join(done.stderr.split())
    assert done.returncode == 1, done.stdout + said
    assert "put back" not in said, said
    assert f"there is no database at {database}, as before the restore, and the copy was removed" in said, said
    assert left == [], f"nothing left at the database's path: {left}"


def test_a_restore_on_a_new_machine_makes_the_databases_folder(tmp_path: Path) -> None:
    """On a new machine the restore comes first, before any start: the config's relative `[storage] path =
    "var/communique.db"` names a folder nothing has made yet. The restore ended in a traceback (No such file or
    directory) there. It now makes the folder, readable by its owner alone as the database is, and puts the copy in
    it. Real files, the real CLI."""
    from storage import connect
    from tests.helpers import subscribe
    from tests.test_cli import communique

    first = tmp_path / "old-machine" / "communique.db"
    first.parent.mkdir()
    db = connect(first)
    subscribe(db, "7340", platform="telegram")
    db.close()
    copy = tmp_path / "copy.db"
    assert communique("--config", str(_config(tmp_path, first)), "backup", str(copy), cwd=tmp_path).returncode == 0
    machine = tmp_path / "new-machine"
    machine.mkdir()
    config = machine / "config.toml"
    config.write_text('[storage]\npath = "var/communique.db"\n')

    done = communique("--config", str(config), "restore", str(copy), cwd=machine)

    assert done.returncode == 0, done.stderr
    assert "There was no database there" in done.stdout, done.stdout
    folder = machine / "var"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    conn = sqlite3.connect(f"{(folder / 'communique.db').as_uri()}?mode=ro", uri=True)
    assert conn.execute("SELECT chat_id FROM subscriptions").fetchall() == [("7340",)]
    conn.close()
    status = communique("--config", str(config), "status", cwd=machine)
    assert status.returncode == 0, status.stderr


def test_a_restore_run_as_root_into_the_bots_empty_folder_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    """A new machine set up by the steps (/var/lib/communique made for the bot's user, no database yet), the restore
    run with sudo and without `-u communique`: the copy was root's, readable by root alone, `status` as the bot's
    user said to "run Communiqué as root", and the service could not open its database. As over a database the
    bot's user owns, the restore is refused, naming the user to run it as, and nothing is copied."""
    import os

    from storage import connect
    from tests.test_cli import communique

    if os.geteuid() != 0:
        pytest.skip("only root can give a folder to another user")
    first = tmp_path / "old-machine" / "communique.db"
    first.parent.mkdir()
    connect(first).close()
    copy = tmp_path / "copy.db"
    assert communique("--config", str(_config(tmp_path, first)), "backup", str(copy), cwd=tmp_path).returncode == 0
    folder = tmp_path / "lib"
    folder.mkdir(mode=0o700)
    os.chown(folder, 4321, 4321)
    config = _config(tmp_path, folder / "communique.db")

    done = communique("--config", str(config), "restore", str(copy), cwd=tmp_path)

    assert done.returncode == 2, done.stdout + done.stderr
    said = " ".join(done.stderr.split())
    assert f"{folder} belongs to uid 4321" in said and "Run it as uid 4321 (`sudo -u '#4321' communique" in said, said
    assert "nothing was changed" in said, said
    assert list(folder.iterdir()) == []


def test_restore_given_the_backups_folder_names_its_newest_backup_and_changes_nothing(tmp_path: Path) -> None:
    """`communique restore /var/backups/communique/` (the folder the daily timer fills, named instead of one of its
    files) said "there is no backup at /var/backups/communique/", of a folder holding fourteen. It now says it is a
    folder and gives the command for its newest backup; nothing is changed. Real files, the real CLI."""
    import os

    from storage import connect
    from tests.test_cli import communique

    database = tmp_path / "communique.db"
    connect(database).close()
    config = _config(tmp_path, database)
    folder = tmp_path / "backups"
    assert communique("--config", str(config), "backup", f"{folder}/", cwd=tmp_path).returncode == 0
    [newest] = list(folder.iterdir())
    older = folder / "communique-20261101T033000Z.db"
    older.write_bytes(newest.read_bytes())
    os.utime(older, (newest.stat().st_mtime - 86400,) * 2)
    before = database.read_bytes()

    done = communique("--config", str(config), "restore", f"{folder}/", cwd=tmp_path)

    said = " ".join(done.stderr.split())
    assert done.returncode == 2, said
    assert f"{folder} is a folder, not a backup" in said, said
    assert f"its newest backup: communique restore {newest}" in said, said
    assert database.read_bytes() == before and not list(tmp_path.glob("*.before-restore-*"))
