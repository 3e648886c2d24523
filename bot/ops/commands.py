"""The operator's commands around the data: `communique backup` and `communique sources import|export`.

Each is a small function over `bot.ops.sources`, `bot.opml` and `storage.backup`; `bot.cli` registers them.
"""

from __future__ import annotations

import argparse
import signal
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config import Config, default_config_path, load_config
from bot.core.text import count_of

if TYPE_CHECKING:
    from storage.records import Subscription

Add = Callable[[str, Any, str], argparse.ArgumentParser]


def load(args: argparse.Namespace) -> Config:
    """The config `main` loaded for this command (or the one --config names)."""
    loaded = getattr(args, "loaded_config", None)
    return loaded if loaded is not None else load_config(default_config_path(args.config))


def no_database(config: Config) -> str | None:
    """Why a command that needs the database finds none, or None. [storage] path is relative to the folder a
    command runs from: run from another folder (an operator's shell), `status` made an empty database there and
    showed it, as if every story were gone."""
    from storage.db import is_empty_file

    path = Path(config.storage.path)
    if str(path) != ":memory:" and path.is_file() and is_empty_file(path):
        # A restore whose copy failed: status made Communiqué's tables in it and showed no subscriptions at all.
        return (f"the database {path} is an empty file (0 bytes): no database is there (a copy that failed, or a "
                "file emptied by mistake). Put the database back (docs/operations.md, \"Backups and restoring "
                "one\"); `communique run` or `communique fetch` begins a new, empty one there")
    if str(path) == ":memory:" or path.exists():
        return None
    where = f"there is no database at {path.absolute()}"
    if not path.is_absolute():
        where += (f" ([storage] path is relative to the folder you run from ({Path.cwd()}): run it from the bot's "
                  "folder, or make the path absolute)")
    return where + "; `communique run` or `communique fetch` makes one"


def cmd_backup(args: argparse.Namespace) -> int:
    """An online copy of the database, safe while `communique run` writes to it."""
    from bot import failpoints
    from storage.backup import BackupError, backup

    config = load(args)
    missing = no_database(config)
    if missing:
        print(f"communique backup: {missing}", file=sys.stderr)
        return 2  # a database Communiqué may not use as asked, as docs/operations.md says; 1 is a crash
    def stopped(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(signal.Signals(signum).name)

    # SIGTERM (a shutdown, `systemctl stop`, a timeout) ended the process where it stood, leaving the copy being
    # written beside its final name: a hidden file as large as the database, which no pruning of the backups
    # removes. Raised here, it unwinds through backup(), which removes it.
    previous = signal.signal(signal.SIGTERM, stopped)
    try:
        result = backup(config.storage.path, args.path, overwrite=args.force,  # a trailing / means a folder
                        checkpoint=failpoints.hit)
    except BackupError as exc:
        print(f"communique backup: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        print(f"communique backup: stopped ({exc or 'Ctrl-C'}) before the copy was finished: no backup was "
              "written, and the partial copy was removed", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    print(
        f"Backed up {config.storage.path} to {result.path}: {result.size / 1_048_576:.1f} MiB, "
        f"{count_of(result.articles, 'article')}, {count_of(result.subscriptions, 'active subscription')}, "
        f"schema version {result.schema_version}; "
        f"integrity ok ({result.seconds:.1f} s)."
    )
    return 0


def _backups_in(folder: Path) -> str:
    """What to restore from a folder named instead of one of its files (the daily timer's folder): its newest
    backup, as a command. "There is no backup at /var/backups/communique" was said of a folder holding fourteen."""
    try:
        found = sorted((path for path in folder.glob("*.db") if path.is_file()), key=lambda path: path.stat().st_mtime)
    except OSError as exc:
        return f"name one of its backups (it cannot be listed here: {exc.strerror or exc})"
    if not found:
        return "it holds no backup (a file ending in .db); name the backup's file"
    return f"name one of its {count_of(len(found), 'backup')}, e.g. its newest backup: communique restore {found[-1]}"


def cmd_restore(args: argparse.Namespace) -> int:
    """Put a backup in place of the stopped bot's database, keeping each chat's choices made since the backup.

    Restored by hand (`install` over the file), a chat that subscribed after the backup lost its subscription and
    nobody knew; one that unsubscribed got digests again. The database replaced still knows them: the restore
    moves it aside, carries those chats over into the copy, and lists them."""
    from storage.db import DatabaseAccessError, InstanceLock, connect
    from storage.restore import (
        CopyFailed,
        carry_chats,
        copy_beside,
        mark_its_moment,
        move_aside,
        not_a_backup,
        put_back,
        put_in_place,
        wrong_user,
    )

    config = load(args)
    database, backup = Path(config.storage.path).absolute(), Path(args.backup)
    if backup.is_dir():
        print(f"communique restore: {backup} is a folder, not a backup: {_backups_in(backup)}; nothing was changed",
              file=sys.stderr)
        return 2
    if not backup.is_file():
        print(f"communique restore: there is no backup at {backup}", file=sys.stderr)
        return 2
    if database.exists() and backup.resolve() == database.resolve():
        print(f"communique restore: {backup} is the database itself, not a backup", file=sys.stderr)
        return 2
    if wrong := not_a_backup(backup):
        print(f"communique restore: {backup} is no backup this Communiqué can restore: {wrong}; nothing was changed",
              file=sys.stderr)
        return 2
    if database.exists():
        lock = InstanceLock(database)
        if not lock.acquire():
            holder = lock.holder()
            print(f"communique restore: the bot still runs on {database}{f' (pid {holder})' if holder else ''}: "
                  "stop it first (`systemctl stop communique`), then restore; nothing was changed", file=sys.stderr)
            return 2
        lock.release()
    if wrong := wrong_user(database):
        print(f"communique restore: {wrong}; nothing was changed", file=sys.stderr)
        return 2
    try:
        copied = copy_beside(backup, database)
    except CopyFailed as exc:
        print(f"communique restore: {exc}. Nothing was changed: the database at {database} is as it was (the "
              f"partial copy was removed). {exc.mend}", file=sys.stderr)
        return 1
    aside = move_aside(database)
    put_in_place(copied, database)
    try:
        db = connect(database)
        try:
            dated = mark_its_moment(db, backup)  # before the carrying over, whose writes are of now
            carried = carry_chats(aside, db) if aside is not None else None
        finally:
            db.close()
    except (DatabaseAccessError, sqlite3.Error, OSError) as exc:
        put_back(database, aside)
        # With no database there before (a new machine), none was put back: said so, not looked for.
        state = (f"the database at {database} was put back as it was, and the copy removed" if aside is not None
                 else f"there is no database at {database}, as before the restore, and the copy was removed")
        print(f"communique restore: the copy could not be made ready in the database's place ({exc}). Nothing was "
              f"changed: {state}; mend that, then restore again", file=sys.stderr)
        return 1
    print(f"Restored {backup} to {database}.")
    if dated is not None:
        print(f"The backup carries no time of its making (an older Communiqué's backup, or a copy made another way): "
              f"taken as made at {dated:%Y-%m-%d %H:%M} UTC, the newest time it holds. What the feeds list from "
              "before the first start on it is held back from the chats, as the bot it was copied from sent it.")
    if aside is None:
        print("There was no database there: no chat's choices made since the backup could be kept.")
        return 0
    print(f"The database it replaced is now {aside} (delete it once all is well).")
    assert carried is not None
    if carried.unreadable:
        print(f"communique restore: {aside} could not be read ({carried.unreadable}): the chats that subscribed, "
              "unsubscribed or changed their settings after the backup are as the backup has them; each can "
              "/subscribe again; stories sent since the backup may come again, as the copy does not know they "
              "were sent", file=sys.stderr)
        return 0
    if carried.sent_unreadable:
        print(f"communique restore: what was sent from {aside} could not be read ({carried.sent_unreadable}): "
              "stories sent since the backup may come again", file=sys.stderr)
    elif carried.sent:
        print(f"Carried over {count_of(carried.sent, 'record')} of a story sent to a chat after the backup: "
              "marked as sent in the copy, not sent again.")
    else:
        print("No story the copy holds was sent to a chat after the backup.")
    if carried.messages:
        print(f"{count_of(carried.messages, 'message')} planned before the backup and sent (or given up on) after it: "
              "marked so in the copy, not sent again.")
    if carried.stories_edited:
        print(f"{count_of(carried.stories_edited, 'story', 'stories')} edited after the backup brought up to date in "
              f"the copy, with {'its' if carried.stories_edited == 1 else 'their'} {count_of(carried.edits, 'edit')} "
              "and the chats told of them (not told again) or owed them.")
    if carried.given_up:
        print(f"{count_of(carried.given_up, 'message')} given up on after the backup: kept as failed in the copy, "
              "with its error (`communique status` lists it, `communique resend` makes it due again).")
    if carried.notices_unreadable:
        print(f"communique restore: the pledge lines and story edits told since the backup could not be read from "
              f"{aside} ({carried.notices_unreadable}): they may be told again", file=sys.stderr)
    elif carried.pledge_notices or carried.edit_notices:
        told = carried.pledge_notices + carried.edit_notices
        print(f"Carried over {count_of(told, 'notice')} told to a chat after the backup "
              f"({count_of(carried.pledge_notices, 'pledge line')}, {count_of(carried.edit_notices, 'story edit')}): "
              "marked as told in the copy, not told again.")
    if not carried.chats and not carried.follows and not carried.unfollows:
        print("No chat subscribed, unsubscribed or changed its settings after the backup: nothing to keep.")
        return 0
    kept = [count_of(len(carried.chats), "chat")] if carried.chats else []
    kept += [count_of(carried.follows, "follow")] if carried.follows else []
    kept += [f"{count_of(carried.unfollows, 'follow')} ended"] if carried.unfollows else []
    print(f"Kept from it, as the chats last chose ({', '.join(kept)}){':' if carried.chats else '.'}")
    for chat in carried.chats:
        print(f"  {chat.platform} {chat.chat_id}: {chat.what}")
    return 0


def _read_input(name: str) -> tuple[bytes, str]:
    if name == "-":
        return sys.stdin.buffer.read(), "standard input"
    try:
        return Path(name).read_bytes(), name
    except OSError as exc:
        raise SystemExit(f"communique sources import: cannot read {name}: {exc.strerror or exc}") from None


def cmd_sources_import(args: argparse.Namespace) -> int:
    """Feeds from an OPML file into the config's [[sources]] (or printed as TOML with --dry-run).

    What it says on stderr names feeds by their address with any password or key blanked (an operator pastes it
    into tickets); the TOML printed for pasting into the config keeps the address whole, as the config needs it."""
    from bot.opml import OpmlError, read_opml, toml_blocks
    from bot.ops.sources import SourcesImportError, import_into_config, plan_import
    from bot.redact import redact

    config = load(args)
    data, where = _read_input(args.file)
    try:
        feeds = read_opml(data, where)
    except OpmlError as exc:
        print(exc.report(), file=sys.stderr)
        return 2
    if args.dry_run:
        plan = plan_import(config, feeds)
        if plan.added:
            print(toml_blocks(plan.added), end="")
    else:
        try:
            plan = import_into_config(config, feeds)
        except SourcesImportError as exc:
            print(f"communique sources import: {exc}", file=sys.stderr)
            return 1
    for feed, name in plan.already:
        print(f"  already followed: {feed.name} ({redact(feed.url)}) as “{name}”", file=sys.stderr)
    for original, given in plan.renamed:
        print(f"  renamed: “{original}” is “{given}” (another source has that name)", file=sys.stderr)
    for feed, reason in plan.refused:
        print(f"  not added: {feed.name} ({redact(feed.url)}): {reason}, which fetch refuses; set [fetch] "
              "allow_private_addresses = true to allow it", file=sys.stderr)
    target = "to paste into [[sources]]" if args.dry_run else f"added to {config.path}"
    refused = f"; {len(plan.refused)} not added" if plan.refused else ""
    print(f"{len(plan.added)} of {len(feeds)} feeds {target}; {len(plan.already)} already followed{refused}.",
          file=sys.stderr)
    if plan.added and not args.dry_run:
        print("A running bot picks them up within seconds; `communique fetch` tries them now.", file=sys.stderr)
    return 0


def cmd_sources_export(args: argparse.Namespace) -> int:
    """The config's sources as OPML 2.0, for a feed reader or another Communiqué."""
    from bot.opml import write_opml
    from bot.ops.sources import exported_feeds

    config = load(args)
    feeds, local = exported_feeds(config)
    document = write_opml(feeds)
    if args.output:
        try:
            Path(args.output).write_text(document, encoding="utf-8")
        except OSError as exc:
            print(f"communique sources export: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"{len(feeds)} sources written to {args.output}.", file=sys.stderr)
    else:
        sys.stdout.write(document)
    if local:
        print(f"  not exported: {len(local)} local-file sources ({', '.join(local)}); OPML lists web feeds only.",
              file=sys.stderr)
    return 0


def not_started(config: Config, platform: str) -> str | None:
    """Why `platform` is not served, or would not be (None when it is, or it is the console). A bot running on the
    database says what it started, and is asked: the token variables are in the service's environment (systemd's
    EnvironmentFile=), not in the shell `why` runs from, where "not set" was said of a platform the bot served.
    With no bot running, what a start from here would do: no section for it in the config, or its token unset."""
    from bot.platforms import PLATFORMS, section_missing, token_not_set
    from storage import InstanceLock

    spec = PLATFORMS.get(platform)
    if spec is None or spec.fallback:
        return None
    section = getattr(config, platform, None)
    running = InstanceLock(config.storage.path).serving()
    if running is not None:
        pid, serves = running
        if platform in serves:
            return None
        if section is None:
            return (f"{spec.title} is {section_missing(platform)} (the running bot, pid {pid}, started without it); "
                    "put it back and restart Communiqué")
        return (f"{spec.title} is {token_not_set(platform, section.token_env)} in the environment of the running bot "
                f"(pid {pid}); set it there (/etc/communique/env under systemd, .env under Docker Compose) and "
                "restart Communiqué")
    if section is None:
        return f"{spec.title} is {section_missing(platform)}; put it back and restart Communiqué"
    token = getattr(section, "token", None)
    if callable(token) and not token():
        return (f"{spec.title} is {token_not_set(platform, section.token_env)} (read where this command runs, as no "
                "bot runs on this database now), and `communique run` started without it serves none of "
                f"{spec.title}'s chats: set it and restart Communiqué")
    return None


def chat_subscription(db: Any, command: str, platform: str, chat: str) -> Subscription | None:
    """The subscription of the chat a command (`digest`, `why`, `sent`) names, or None once stderr says which chats
    have one: a chat id mistyped, or its platform left out, is a usage error (exit 2). A chat id subscribed on
    another platform is told the --platform that finds it; a database with no subscription, how a chat gets one."""
    from storage import subscriptions

    sub = subscriptions.get(db, platform, chat)
    if sub is not None:
        return sub
    subs = subscriptions.list_subscriptions(db)
    known = ", ".join(f"{s.platform} {s.chat_id}" for s in subs) or "none"
    elsewhere = sorted({s.platform for s in subs if s.chat_id == chat and s.platform != platform})
    hint = f": give --platform {' or '.join(elsewhere)}" if elsewhere else ""
    if not subs:  # a first run: say how a chat gets a subscription, not only that none has one
        hint = ("; a chat subscribes by sending /subscribe to the bot (`communique run` with no token: in this "
                "terminal), or by a [[subscriptions]] block in the config")
    print(f"communique {command}: no subscription for {platform} {chat} (subscriptions: {known}){hint}",
          file=sys.stderr)
    return None


WHY_CANDIDATES = 6  # stories listed when words of a headline name several


def cmd_why(args: argparse.Namespace) -> int:
    """What became of one story for one chat: sent (in which message, when), failed (the resend), waiting (for
    what), or not the chat's (its topics, its date), read from the database a running bot writes."""
    from datetime import UTC, datetime

    from bot.ops.why import describe_story, explain, relinked
    from storage import articles, connect

    config = load(args)
    missing = no_database(config)
    if missing:
        print(f"communique why: {missing}", file=sys.stderr)
        return 2
    db = connect(config.storage.path, write=False)  # read only: a running bot owns the database
    sub = chat_subscription(db, "why", args.platform, args.chat)
    if sub is None:
        return 2  # a chat id mistyped is a usage error, as `digest` says it
    story = args.story.strip()
    article = articles.by_link(db, story) if "://" in story else None
    if article is None and "://" not in story:
        found = articles.by_headline(db, story, WHY_CANDIDATES + 1)
        if len(found) > 1:
            many = f"More than {WHY_CANDIDATES}" if len(found) > WHY_CANDIDATES else str(len(found))
            newest = f" (the newest {WHY_CANDIDATES})" if len(found) > WHY_CANDIDATES else ""
            print(f"{many} stories have “{story}” in their headline{newest}; ask again with the link of the one "
                  "meant:")
            for candidate in found[:WHY_CANDIDATES]:
                print(f"- {describe_story(candidate)}")
            return 0
        article = found[0] if found else None
    moved_from = ""
    if article is None and "://" in story:
        article = relinked(db, sub, story)
        if article is not None:
            moved_from = (f"No story is stored at {story} now: the chat was sent it there, and its outlet has since "
                          f"given it another link, as it edited it: {article.url}.")
    if article is None:
        what = f"the link {story}" if "://" in story else f"“{story}” in its headline"
        print(f"No story with {what} is stored: its source's feed has not listed it since the source was added "
              "(or it came in and retention has deleted it since). `communique latest` shows what is stored.")
        return 0
    answer = explain(db, sub, article, now=datetime.now(UTC), not_started=not_started(config, sub.platform))
    print(f"Story: {answer.story}")
    print(f"Chat: {args.platform} {args.chat}")
    if moved_from:
        print(moved_from)
    for line in answer.verdict:
        print(line)
    return 0


def cmd_sent(args: argparse.Namespace) -> int:
    """What a chat was sent lately: each message with when it went (or why not) and the stories it carries."""
    from datetime import UTC, datetime, timedelta

    from bot.ops.why import history
    from storage import connect

    config = load(args)
    missing = no_database(config)
    if missing:
        print(f"communique sent: {missing}", file=sys.stderr)
        return 2
    db = connect(config.storage.path, write=False)
    sub = chat_subscription(db, "sent", args.platform, args.chat)
    if sub is None:
        return 2
    for line in history(db, sub, datetime.now(UTC) - timedelta(seconds=args.since)):
        print(line)
    return 0


def since_duration(text: str) -> int:
    """`sent --since 24h`: a duration as the config writes one. A number with no unit is refused, not read as
    seconds: `--since 3` (meant as three days, or hours) listed the last three seconds, "nothing sent"."""
    from bot.core.settings import duration

    if text.strip().replace(".", "", 1).isdigit():
        n = text.strip()
        raise argparse.ArgumentTypeError(f"{text!r} has no unit: write {n}d for {n} days or {n}h for {n} hours "
                                         "(e.g. 24h, 2d, 90m)")
    try:
        seconds = duration(text)
    except ValueError:
        seconds = 0
    if seconds <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration (e.g. 24h, 2d, 90m)")
    return min(seconds, SINCE_MAX)


SINCE_MAX = 100 * 365 * 86400  # further back is all of it; `--since 99999999999d` overflowed the date (a traceback)


def add_commands(add: Add, common: argparse.ArgumentParser) -> None:
    """Register `backup` and `sources` with the CLI's subcommand helper (`common`: --config and the log options,
    accepted after the action too)."""
    backup = add("backup", cmd_backup, "copy the database while the bot runs (consistent; SQLite's backup API)")
    backup.add_argument("path", metavar="PATH", help="the backup file, or a folder for a time-stamped name")
    backup.add_argument("--force", action="store_true", help="replace PATH if it exists")

    restore = add("restore", cmd_restore, "put a backup in place of the stopped bot's database, keeping the chats "
                  "that subscribed, unsubscribed or changed settings since")
    restore.add_argument("backup", metavar="BACKUP", help="the backup file (`communique backup` wrote it)")

    why = add("why", cmd_why, "what became of a story for a chat: sent when, failed, waiting, or not the chat's")
    why.add_argument("story", metavar="STORY", help="the story's link, or words of its headline")
    why.add_argument("--chat", required=True, metavar="CHAT", help="the chat's id, as `status` lists it")
    why.add_argument("--platform", default="telegram", metavar="NAME", help="the chat's platform (default telegram)")
    sent = add("sent", cmd_sent, "what a chat was sent lately: each message, when it went (or why not), its stories")
    sent.add_argument("--chat", required=True, metavar="CHAT", help="the chat's id, as `status` lists it")
    sent.add_argument("--platform", default="telegram", metavar="NAME", help="the chat's platform (default telegram)")
    sent.add_argument("--since", type=since_duration, default=86400, metavar="DURATION",
                      help="how far back (default 24h; e.g. 2d)")

    sources = add("sources", None, "import sources from OPML (what feed readers export) or export them")
    actions = sources.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = actions.add_parser(
        "import", parents=[common], help="add an OPML file's feeds to the config file's [[sources]]",
        description="Add the feeds of an OPML file to the config file (after its last [[sources]] block). Feeds "
        "the config already follows are skipped; the file is validated before it is replaced.",
    )
    imp.add_argument("file", metavar="FILE", help="the OPML file (- for standard input)")
    imp.add_argument("--dry-run", action="store_true", help="print the [[sources]] blocks instead of writing them")
    imp.set_defaults(func=cmd_sources_import)
    exp = actions.add_parser(
        "export", parents=[common], help="print the config's sources as OPML 2.0",
        description="Print the config's [[sources]] as OPML 2.0, for a feed reader: each feed's name and address, "
                    "its tags as the outline's category.")
    exp.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    exp.set_defaults(func=cmd_sources_export)
