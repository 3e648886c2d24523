"""The `communique` command line (also `python -m bot`).

Each subcommand is a small function; heavy imports happen inside them so that `--help` stays fast, and platform
libraries are imported only when that platform is configured.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import math
import os
import signal
import sys
import tomllib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.config import (
    BUNDLED_DEMO_CONFIG,
    DEFAULT_CONFIG_NAME,
    Config,
    ConfigError,
    default_config_path,
    load_config,
)
from bot.core.errors import CommuniqueError
from bot.core.settings import zone_label
from bot.core.storage import LOCK_REMEDY
from bot.core.text import count_of, days_back, duration_text, reaches_back
from bot.ops.health import delivery_lag
from bot.platforms import PLATFORMS, section_missing, token_not_set, token_problems, unused_tokens
from storage import db as storage_db
from storage.db import DatabaseAccessError, is_locked, path_problem, restored_backup, to_iso, write_lock_holder

log = logging.getLogger("communique")


# --- shared helpers ------------------------------------------------------------------------------------------


def token_values(config: Config | None) -> list[str]:
    """Every platform token the config's sections name, so the log can redact them."""
    return config.tokens() if config is not None else []


def setup_logging(
    verbosity: int, config: Config | None = None, *, log_file: str | None = None, log_format: str = "text"
) -> None:
    """Log to standard error (or the rotating `--log-file`), as text or JSON lines; tokens are redacted."""
    from bot.ops import logs

    logs.setup(verbosity, token_values(config), log_file=Path(log_file) if log_file else None, log_format=log_format)


def version() -> str:
    """The installed package's version (the one pip and `--version` agree on), else the source tree's."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    from bot import __version__

    try:
        return installed("communique")
    except PackageNotFoundError:
        return __version__


def load(args: argparse.Namespace) -> Config:
    """The config named by --config (or the default), as `main` loaded it; a ConfigError is reported by main()."""
    loaded = getattr(args, "loaded_config", None)
    return loaded if loaded is not None else load_config(default_config_path(args.config))


def open_db(config: Config, *, write: bool = True, create: bool = False, lock_wait: float | None = None) -> Any:
    """The database, migrated; `write=False` for commands that only read, which then also work on a database
    that cannot be written (another user's, set read-only, on a full disk) and never migrate one. Only `create`
    (run, fetch, demo) makes a new one: any other command exits, saying where it looked
    (`ops.commands.no_database`). `lock_wait`: how long an upgrade waits for another program's write lock (a
    command's 30 s by default)."""
    from bot import failpoints
    from bot.ops.commands import no_database
    from storage import connect

    if not create:
        missing = no_database(config)
        if missing:
            raise DatabaseAccessError(missing)  # a refusal (exit 2), not an unexpected error (1)
    return connect(config.storage.path, write=write, checkpoint=failpoints.hit, lock_wait=lock_wait)


def locked_out(path: Path | str, waited: float) -> str:
    """Why a command gave up: another program held the database's write lock for all the `waited` seconds."""
    holder = write_lock_holder(path)
    return (f"could not write the database {path}: it is locked by another program{f' ({holder})' if holder else ''}"
            f", which held a write transaction on it for the {waited:g} s Communiqué waits{LOCK_REMEDY}. Nothing "
            "was done: run the command again once it has ended")


def wait_for_the_write_lock(db: Any, path: Path | str) -> None:
    """At `run`'s start, before anything is written: another program's write lock (an sqlite3 shell left after
    BEGIN) is said at once, and waited for START_LOCK_WAIT seconds, then the start gives up (exit 2). The start
    said it was running, then its first write waited SQLite's 30 s in silence and failed."""
    if storage_db.write_lock_free(db, 0):
        return
    holder = write_lock_holder(path)
    print(f"communique: the database {path} is locked by another program{f' ({holder})' if holder else ''}: "
          f"waiting up to {storage_db.START_LOCK_WAIT:g} s for it to end its write transaction", file=sys.stderr)
    if not storage_db.write_lock_free(db, storage_db.START_LOCK_WAIT):
        db.conn.close()
        raise DatabaseAccessError(locked_out(path, storage_db.START_LOCK_WAIT))


@contextmanager
def instance_lock(config: Config) -> Iterator[Any]:
    """Hold the single-instance lock on the database file while the block runs; exits with a clear message when
    another process holds it, whatever path or config reached the file (two bots on one database would post
    everything twice)."""
    from storage import InstanceLock

    lock = InstanceLock(config.storage.path)
    if not lock.acquire():
        holder = lock.holder()
        via = f" (as {lock.real_path})" if lock.real_path != Path(config.storage.path).absolute() else ""
        raise DatabaseAccessError(  # a refusal (exit 2), not an unexpected error (1)
            f"another Communiqué process{f' (pid {holder})' if holder else ''} is already using "
            f"{config.storage.path}{via}; stop it first, or point --config at another database."
        )
    try:
        yield lock
    finally:
        lock.release()


@contextmanager
def token_claims(config: Config, platforms: dict[str, Any]) -> Iterator[None]:
    """Hold, while the block runs, this machine's claim on the token of each started platform that says nothing of
    a second bot on one token (Discord): a second `communique run` with it on another database (a cron job or unit
    from another folder, a restored copy started beside the first) is refused, naming the first bot. Both posted
    every digest. The claim is an abstract Unix socket named by a hash of the token (never the token): it goes with
    its process, even killed, and is seen across users, folders and systemd's PrivateTmp= alike."""
    import errno
    import hashlib
    import socket
    import struct

    held: list[socket.socket] = []
    try:
        for name in platforms:
            spec = PLATFORMS.get(name)
            section = getattr(config, name, None)
            token = getattr(section, "token", None)
            if spec is None or not spec.second_bot_unseen or not callable(token) or not token():
                continue
            # The API's address too: one token at two servers (a test's local peer, say) is two bots, not one.
            server = getattr(section, "api_base_url", None) or ""
            digest = hashlib.sha256(f"communique {name} {server} {token().strip()}".encode()).hexdigest()[:32]
            address = f"\0communique-{name}-{digest}"
            claim = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                claim.bind(address)
                claim.listen(1)
            except OSError as exc:
                claim.close()
                if exc.errno != errno.EADDRINUSE:
                    continue  # no claim can be made here (a sandbox without Unix sockets): run as before
                pid = ""
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                    try:  # the claiming process, as the kernel tells (SO_PEERCRED: pid, uid, gid)
                        probe.connect(address)
                        creds = probe.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
                        pid = f" (pid {struct.unpack('3i', creds)[0]})"
                    except OSError:
                        pass
                raise CommuniqueError(
                    f"another Communiqué on this machine{pid} is running with the {spec.title} token in "
                    f"{getattr(section, 'token_env', 'its token variable')}, on another database: {spec.title} "
                    "takes both bots and each would post every digest, so this one does not start. Stop it first, "
                    "or give this bot a token of its own (docs/operations.md, \"One bot per database\")") from None
            held.append(claim)
        yield
    finally:
        for claim in held:
            claim.close()


def progress_printer(total: int) -> tuple[Any, Any]:
    """A progress callback for ingest passes: a rich progress bar on a terminal; nothing otherwise (the command
    prints its own report after the pass, and the log has each failure once: a line a source here as well would
    say every failure a third time)."""
    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        bar = Progress(
            # The source's name as text, not markup: "Wire [/b] desk" ended the fetch with a traceback.
            TextColumn("Fetching sources"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.description}", markup=False),
            transient=True,
        )
        task = bar.add_task("", total=total)

        def advance(report: Any) -> None:
            bar.update(task, advance=1, description=report.name)

        return bar, advance

    return None, None


def with_progress(total: int, work: Any) -> Any:
    """Run `work(progress_callback)` (a coroutine function) to completion, showing per-source progress."""
    bar, advance = progress_printer(total)

    async def go() -> Any:
        if bar:
            with bar:
                return await work(advance)
        return await work(advance)

    return asyncio.run(go())


def build_platforms(config: Config, *, interactive: bool) -> dict[str, Any]:
    """The platforms this config asks for: each one whose section is set up (its token set); the fallback (the
    console) when none is, or when a subscription names it."""
    mixups = token_problems(config)
    if mixups:  # before any platform is built, so the token is sent nowhere
        raise ConfigError(config.path or "<config>", mixups)
    platforms: dict[str, Any] = {}
    for spec in PLATFORMS.values():
        if not spec.fallback:
            platform = spec.build(getattr(config, spec.name, None), interactive=interactive)
            if platform is not None:
                platforms[spec.name] = platform
    wanted = {s.platform for s in config.subscriptions}
    for spec in PLATFORMS.values():
        if spec.fallback and (not platforms or spec.name in wanted):
            platform = spec.build(getattr(config, spec.name, None), interactive=interactive)
            if platform is not None:
                platforms[spec.name] = platform
    return platforms


def absent_platforms(config: Config, running: dict[str, Any], db: Any) -> dict[str, tuple[str, int]]:
    """The platforms that do not start (their token variable unset) while chats are subscribed there: each with its
    variable's name and how many chats get nothing meanwhile. Under a supervisor the bot otherwise ran on the
    console alone, without a terminal, and looked healthy."""
    from storage.subscriptions import list_subscriptions

    blocks = {(block.platform, str(block.chat_id)) for block in config.subscriptions}  # synced at start
    # A subscription the file made whose block is gone is ended by that sync: counting it said one chat too many.
    chats = {(sub.platform, sub.chat_id) for sub in list_subscriptions(db)
             if sub.origin != "config" or (sub.platform, sub.chat_id) in blocks} | blocks
    absent = {}
    for spec in PLATFORMS.values():
        waiting = sum(1 for platform, _ in chats if platform == spec.name)
        section = getattr(config, spec.name, None)
        if spec.fallback or spec.name in running or not waiting or section is None:
            continue  # without its section the config does not ask for the platform: its chats were let go
        variable = getattr(section, "token_env", "its token variable")
        absent[spec.name] = (str(variable), waiting)
    return absent


def sectionless_platforms(config: Config, db: Any) -> dict[str, int]:
    """The platforms whose section the config no longer has while chats subscribed there by their own command
    are still active, with how many: the platform does not start, and its chats wait. Removing the section is how
    an operator pauses a platform, and also how a mistaken edit stops it: either way it was not said."""
    from storage.subscriptions import list_subscriptions

    waiting: dict[str, int] = {}
    for sub in list_subscriptions(db):
        spec = PLATFORMS.get(sub.platform)
        if spec is None or spec.fallback or sub.origin == "config" or getattr(config, sub.platform, None) is not None:
            continue  # a block's subscription ends with its block (a block needs its platform's section)
        waiting[sub.platform] = waiting.get(sub.platform, 0) + 1
    return waiting


# --- subcommands ---------------------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    """Fetch the sample sources, analyse, store, and print the digest; a second run finds nothing new."""
    from bot.platforms.console.platform import ConsolePlatform
    from bot.runtime import Runtime
    from storage.articles import count_articles

    config = load(args)
    if not config.sources:  # as fetch and run refuse it: the demo of a config with nothing to fetch said "nothing new"
        from bot.ingest.checks import NO_SOURCES

        raise ConfigError(config.path or "<config>", [NO_SOURCES])
    with instance_lock(config):
        db = open_db(config, create=True)
        console = ConsolePlatform()
        runtime = Runtime(config, {"console": console}, db=db)
        runtime.ingestor.one_off = True  # one pass: its log says what to do, not a time nothing tries again at
        print(f"Communiqué demo: {count_of(len(config.sources), 'source')} from {config.path}", file=sys.stderr)
        summary = with_progress(len(config.sources), lambda progress: runtime.run_once(progress=progress))
        stored = count_articles(db)
        for report in summary.failed:
            print(f"  source {report.name} failed: {report.error}", file=sys.stderr)
        if summary.failed and len(summary.failed) == len(config.sources) and summary.stories_planned == 0:
            # Nothing arrived because nothing could be read: not "since the last run", which there may not have been.
            every = "The source" if len(config.sources) == 1 else f"All {len(config.sources)} sources"
            print(f"{every} failed (above): nothing was fetched. Mend what each line says, then try again "
                  "(`communique fetch` for one pass); the bundled samples need no network (`communique demo` where "
                  "there is no config.toml).")
            return EXIT_ALL_SOURCES_FAILED
        if summary.new == 0 and summary.stories_planned == 0:
            print(
                f"Nothing new arrived since the last run: {stored} articles are already stored in "
                f"{config.storage.path}. (Delete that file to start over.)"
            )
        else:
            print(f"\n{summary.new} new articles analysed and stored in {config.storage.path}.", file=sys.stderr)
    return 0


def _save_removed(fatal: str, db: Any, database: Path) -> None:
    """Say that the database was removed under the bot, having saved it from the handle still open to it: started
    again, the bot begins an empty database at the path (a supervisor restarts it within seconds)."""
    import sqlite3

    from storage.backup import save_removed

    try:
        saved = save_removed(db.conn, database)
    except (OSError, sqlite3.Error) as exc:
        print(f"communique: {fatal}, and what it held could not be saved ({exc}). Communiqué stopped rather than "
              f"write to a file no one reads; started again, it begins a new, empty database at {database}: put "
              "your latest backup there first (docs/operations.md, \"Backups and restoring one\").", file=sys.stderr)
        return
    print(f"communique: {fatal}. Communiqué stopped rather than write to a file no one reads, and saved what it held "
          f"(subscriptions, stories, messages) to {saved}. Started again, it begins a new, empty database at "
          f"{database}: to carry on with this one, stop Communiqué (a supervisor restarts it) and move the saved file "
          f"back: mv {saved} {database}", file=sys.stderr)


def _say_restored(db: Any, database: Path) -> None:
    """A database restored from a backup, at the first command that writes it (`run`, or a `fetch` before it):
    what the feeds list from before now is kept from chats (`restored_backup`), and the operator is told, once (each
    chat is told in its next digest: `compose.restore_line`)."""
    restored = restored_backup(db)
    if restored is not None:
        days = days_back(restored, datetime.now(UTC))
        print(f"communique: the database {database} is a copy `communique backup` made at "
              f"{restored:%Y-%m-%d %H:%M} UTC, now restored: what the bot it was copied from did after that "
              "moment is not in it. The stories the feeds list from before now, which that bot sent until "
              "it stopped, are stored but not sent to chats again (each source's line says how many: \"joining "
              f"the bot\"); a chat that missed them gets "
              f"{'them' if reaches_back(restored, datetime.now(UTC)) else 'those of the last 30 days'} with "
              f"/subscribe since {days}d, "
              "as each chat's next digest tells it. What "
              "the copy still owed is sent. The subscriptions, follows and settings chats changed since are as "
              "`communique restore` kept them, as it listed, or, had the copy been put in place by hand, as they "
              "were then (docs/operations.md, \"Backups and restoring one\")", file=sys.stderr)


def _say_at_start(config: Config, db: Any, database: Path, absent: dict[str, tuple[str, int]], *, new: bool,
                  emptied: bool) -> None:
    """What the start tells the operator before the bot runs, on stderr: the platforms that do not start while chats
    are subscribed there (`absent`, or their section gone), a database restored from a backup (its repeats
    explained), and a new, empty database (`new`; `emptied`: the file there was empty), which a moved or mistyped
    path also gives."""
    for name, (variable, chats) in absent.items():
        print(f"communique: {PLATFORMS[name].title} is {token_not_set(name, variable)}, and {count_of(chats, 'chat')} "
              f"{'is' if chats == 1 else 'are'} subscribed there: they get nothing until it is set and Communiqué "
              f"restarted (or, to pause {PLATFORMS[name].title} and not be told again, remove the [{name}] section: "
              "their stories then wait for it, unsent)", file=sys.stderr)
    for name, chats in sectionless_platforms(config, db).items():
        title = PLATFORMS[name].title
        print(f"communique: {title} is {section_missing(name)}, and {count_of(chats, 'chat')} subscribed there by "
              f"{'its' if chats == 1 else 'their'} own command "
              f"{'gets' if chats == 1 else 'get'} nothing meanwhile: {'its' if chats == 1 else 'their'} stories "
              f"wait for the section to come back (then, not before, /unsubscribe there ends a chat's digests)",
              file=sys.stderr)
    for unused in unused_tokens(config):
        print(f"communique: {unused}", file=sys.stderr)
    _say_restored(db, database)
    if new:  # the first start, or a database moved (or mistyped) away from its config: say which, not guess
        print(f"communique: began a new, empty database at {database}"
              f"{' (the file there was empty, 0 bytes)' if emptied else ''} (no subscriptions, no stories yet). If "
              "this bot ran before, its database is elsewhere: stop it, then set [storage] path to that file "
              "(docs/operations.md, \"Moving the database\").", file=sys.stderr)


def cmd_run(args: argparse.Namespace) -> int:
    """The bot: scheduler, sender and the configured platforms, until SIGTERM or Ctrl-C."""
    # Python ends the process on SIGHUP until a handler is set, and the runtime sets its own only once started
    # (after the platforms log in): `systemctl reload` just after a restart ended the bot, and systemd, taking a
    # death by SIGHUP for a clean exit, left it stopped. Noted from here on; the runtime reads the config again.
    asked: list[bool] = []
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, lambda *_: asked.append(True))
    from bot.ops.server import Monitoring
    from bot.runtime import Runtime

    config = load(args)
    if not config.sources:
        # Before anything is made: a bot with nothing to fetch began a new database and ran for ever, doing nothing,
        # where check-config, fetch and a reload refuse such a file.
        from bot.ingest.checks import NO_SOURCES

        raise ConfigError(config.path or "<config>", [NO_SOURCES])
    database = Path(config.storage.path).absolute()
    from storage.db import is_empty_file

    emptied = database.is_file() and is_empty_file(database)  # a restore whose copy failed: said, not passed over
    new = emptied or not database.exists()  # before the lock, which is taken on the file (and makes it)
    with instance_lock(config) as lock, ExitStack() as claims:
        db = open_db(config, create=True, lock_wait=storage_db.START_LOCK_WAIT)  # an upgrade waits as the start does
        wait_for_the_write_lock(db, config.storage.path)
        platforms = build_platforms(config, interactive=sys.stdin.isatty() or args.stdin)
        claims.enter_context(token_claims(config, platforms))  # before any login: a second bot would double-post
        lock.record_serving(platforms)  # for `why` run from a shell without the service's token variables
        names = ", ".join(platforms)
        print(
            f"Communiqué running on {names} with {count_of(len(config.sources), 'source')}; Ctrl-C to stop.",
            file=sys.stderr,
        )
        if "console" in platforms and not (sys.stdin.isatty() or args.stdin) and stdin_is_piped():
            print("communique: standard input is not a terminal: the console does not read commands from it (add "
                  "--stdin to read them).", file=sys.stderr)
        absent = absent_platforms(config, platforms, db)
        _say_at_start(config, db, database, absent, new=new, emptied=emptied)
        listen = args.metrics or config.metrics.listen
        monitoring = Monitoring(listen, config.storage.path) if listen else None
        if monitoring is not None:
            platforms = monitoring.measure(platforms)
            monitoring.observer.absent = {
                name: f"{token_not_set(name, variable)}, and {count_of(chats, 'chat')} "
                      f"{'is' if chats == 1 else 'are'} subscribed there"
                for name, (variable, chats) in absent.items()
            }
        runtime = Runtime(config, platforms, db=db, tick_seconds=args.tick, guard=lock.problem)
        if hasattr(signal, "SIGHUP"):
            signal.signal(signal.SIGHUP, lambda *_: runtime.ask_reload())
            if asked:
                runtime.ask_reload()

        async def main() -> None:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, stop.set)
            await runtime.run_forever(stop)

        try:
            if monitoring is not None:
                monitoring.start(runtime)
            asyncio.run(main())
        finally:
            if monitoring is not None:
                monitoring.stop()
        if runtime.fatal is not None:
            if not database.exists():  # removed, not replaced: this process holds the only copy left
                _save_removed(runtime.fatal, db, database)
                lock.set_aside_own_log()
                return 1
            aside = lock.set_aside_own_log()  # else the next start reads it into the file now at the path
            print(f"communique: {runtime.fatal}. Communiqué stopped rather than write to a file no one reads (and "
                  "beside a bot that may run on the new one); start it again to use the database now at "
                  f"{config.storage.path}."
                  + (f" Its write-ahead log was moved aside to {aside}, so as not to be read into that file."
                     if aside else ""), file=sys.stderr)
            return 1
        print("Communiqué stopped.", file=sys.stderr)
    return 0


# Exit statuses a cron job or a supervisor can act on (also in `communique fetch --help` and the README).
EXIT_OK = 0
EXIT_UNEXPECTED = 1  # a bug or an environment failure; the log has the details
EXIT_CONFIG = 2  # the config is invalid (or, for fetch, lists no sources); usage errors too
EXIT_SOME_SOURCES_FAILED = 3
EXIT_ALL_SOURCES_FAILED = 4
FETCH_EXIT_STATUS = (
    f"Exit status: {EXIT_OK} when every source was fetched (or had nothing new); {EXIT_SOME_SOURCES_FAILED} when "
    f"some sources failed and the others were fetched; {EXIT_ALL_SOURCES_FAILED} when every source failed; "
    f"{EXIT_CONFIG} when the config is invalid or lists no sources, or the database cannot be used as asked "
    f"(another Communiqué runs on it, it is read-only, damaged or of a newer version, or another program held its "
    f"write lock through the 30 s it waits); {EXIT_UNEXPECTED} on an unexpected error."
)
RUN_EXIT_STATUS = (
    f"Exit status: {EXIT_OK} when stopped by SIGTERM or Ctrl-C (what it had in flight finished); {EXIT_CONFIG} when "
    "the config is invalid, a platform refuses its token, another bot on this machine runs with its Discord token, "
    "or the database cannot be used as asked (another "
    "Communiqué runs on it, it is read-only, damaged or of a newer version, or another program held its write lock "
    f"through the {storage_db.START_LOCK_WAIT:g} s the start waits); {EXIT_UNEXPECTED} on an unexpected "
    "error, or when its database file was deleted or replaced under it. Nothing is lost either way: what waits is "
    "sent at the next start."
)


def cmd_fetch(args: argparse.Namespace) -> int:
    """One ingest pass over every source, with progress; nothing is sent. Each source gets one line on standard
    output (a failure with its reason), then a total; the exit status says whether any or all failed."""
    from bot.ingest.pipeline import Ingestor, address_to_copy

    config = load(args)
    if not config.sources:
        print(f"communique fetch: {config.path} lists no [[sources]]: nothing to fetch.", file=sys.stderr)
        return EXIT_CONFIG
    with instance_lock(config):
        db = open_db(config, create=True)
        _say_restored(db, Path(config.storage.path).absolute())  # else its fetch stored them as news, sent at `run`
        ingestor = Ingestor(db, config, one_off=True)
        ingestor.sync_sources()
        reports = with_progress(
            len(config.sources), lambda progress: ingestor.run(only_due=False, progress=progress)
        )
    for r in sorted(reports, key=lambda r: r.name):
        state = "not modified" if r.not_modified else "ok" if r.ok else f"FAILED: {r.error}"
        kind = "older" if not r.undated_catalogue else "undated" if r.undated_catalogue == r.back_catalogue else \
            "older or undated"
        held = f" ({r.back_catalogue} of them {kind}, kept from chats: a source added to a running bot)" if (
            r.back_catalogue) else ""
        waits = f", {r.waiting} waiting for the next pass (slow pages)" if r.waiting else ""
        waits += f", {r.pages_later} waiting for the next pass (pages failing for now)" if r.pages_later else ""
        alone = f" ({r.headline_only} with their headline alone: nothing else could be read)" if r.headline_only \
            else ""
        print(f"{r.name}: {r.new} new{held}{alone}, {r.updated} updated, {r.unchanged} unchanged{waits} ({state})")
        if r.moved_to:
            # Its password, if the source has one, stays out of the output as it stays out of the log.
            print(f"  moved for good (HTTP {r.moved_status}) to {address_to_copy(r.moved_to)}: set that as its url "
                  "in the config")
    failed = sum(1 for r in reports if not r.ok)
    if failed and failed == len(reports):
        print(f"{'all ' if failed > 1 else ''}{count_of(failed, 'source')} failed.")
        return EXIT_ALL_SOURCES_FAILED
    if failed:
        print(f"{failed} of {count_of(len(reports), 'source')} failed.")
        return EXIT_SOME_SOURCES_FAILED
    print(f"{count_of(len(reports), 'source')} fetched.")
    return EXIT_OK


def _print_digest(digest: Any) -> None:
    from bot.platforms.console.platform import ConsolePlatform

    ConsolePlatform().show_digest(digest)


def cmd_latest(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from bot.digest.compose import MAX_LATEST, latest_digest

    config = load(args)
    if not 1 <= args.n <= MAX_LATEST:
        raise usage_error(f"communique latest: N must be from 1 to {MAX_LATEST}")
    if any(not topic.strip() for topic in args.topic or []):
        raise usage_error("communique latest: --topic needs a word (a topic or a keyword)")
    db = open_db(config, write=False)
    _print_digest(latest_digest(db, args.n, args.topic or [], timezone=config.digest.timezone, now=datetime.now(UTC)))
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    """Preview the digest a chat would get next (nothing is recorded as sent)."""
    from datetime import UTC, datetime

    from bot.digest.compose import pending_digest
    from bot.ops.commands import chat_subscription

    config = load(args)
    db = open_db(config, write=False)
    sub = chat_subscription(db, "digest", args.platform, args.chat)
    if sub is None:  # a chat id mistyped or its platform left out is a usage error (2), not an unexpected one (1)
        return EXIT_CONFIG
    pending = pending_digest(db, sub, now=datetime.now(UTC), title="Next digest (preview)")
    _print_digest(pending.digest)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """Sources with their last success and error, deliveries and subscriptions."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from bot.delivery.resend import describe_failed, describe_waiting
    from bot.ingest.quiet import quiet_sources
    from bot.ingest.urls import moved_note
    from bot.redact import redact
    from storage import articles, deliveries, sources, subscriptions

    config = load(args)
    broken = getattr(args, "config_problem", False)  # main() said the file's problems, and kept its [storage]
    db = open_db(config, write=False)  # a running bot may own this database
    console = Console(highlight=False)
    console.print(f"Storage: {describe_storage(config.storage.path)}", markup=False)
    console.print(f"Retention: {describe_retention(config.storage.keep_days, articles.oldest_fetched(db))}",
                  markup=False)
    table = Table(title=f"Sources ({articles.count_articles(db)} articles stored)")
    for column in ("source", "last success", "newest story", "failures", "last error", "next fetch"):
        table.add_column(column, overflow="fold")
    known = {row.name: row for row in sources.list_sources(db, active_only=False)}
    newest = articles.newest_by_source(db)
    # With the file in error, the sources a running bot follows are those the database holds as active.
    named = [row.name for row in known.values() if row.active] if broken else [s.name for s in config.sources]
    for name in named:
        row = known.get(name)
        # Cells as Text, not strings: rich reads a string as markup, and a name ("[en] Ministry", from an OPML
        # import) or an error quoting a feed ("[/item]") lost its brackets or ended the command with a traceback.
        if row is None:
            table.add_row(Text(name), "never", "", "0", "", "at the next start")
            continue
        table.add_row(
            Text(row.name),
            (row.last_success or "never")[:19].replace("T", " "),
            newest.get(row.id, "none stored")[:16].replace("T", " "),
            str(row.failures),
            Text(redact(row.last_error or "") if row.failures else ""),
            (row.next_due or "now")[:19].replace("T", " "),
        )
    console.print(table)
    for name in named:  # after the table: a cell folds the address
        row = known.get(name)
        note = moved_note(row) if row is not None and row.active else None
        if note:
            console.print(f"  {note}", markup=False, soft_wrap=True)  # unbroken: an address cut is not copied
    # A feed that answers and no longer publishes is "ok" in the table: said when its silence is long past its habit.
    followed = [row for name in named if (row := known.get(name)) is not None]
    for quiet in quiet_sources(db, followed, datetime.now(UTC)):
        console.print(f"  {quiet.note}", markup=False, soft_wrap=True)  # one line, for grep
    counts = deliveries.counts(db)
    console.print(
        f"Deliveries: {counts.pending} pending, {counts.sent} sent, {counts.failed} failed"
    )
    # Late without any failure (a send that hangs, a platform slower than the messages come): "N pending" read the
    # same as messages planned a second ago. A rate limit's pause or a retry's backoff is not lateness.
    for platform, (late, many) in sorted(delivery_lag(db, to_iso(datetime.now(UTC))).items()):
        if late >= 60:
            console.print(f"  {platform}: the oldest message still unsent was due {duration_text(late)} ago ({many} "
                          "past their time)", markup=False)
    waiting = describe_waiting(deliveries.waiting(db))
    if waiting:
        console.print(f"  {waiting}", markup=False)
    recent = deliveries.recent_failures(db, 10)
    for failed in recent:
        console.print(f"  failed {describe_failed(failed)}", markup=False)
    if recent:
        more = f" (the {len(recent)} newest shown)" if counts.failed > len(recent) else ""
        console.print(f"  Send failed messages again with `communique resend ID...`, `resend --chat CHAT` or "
                      f"`resend --all`{more}.", markup=False)
    subs = subscriptions.list_subscriptions(db, active_only=False)
    # A chat that only set its zone before subscribing holds a row, but never subscribed: not counted, as in /status.
    joined = [s for s in subs if not subscriptions.never_subscribed(s)]
    console.print(f"Subscriptions: {sum(1 for s in subs if s.active)} active of {len(joined)}")
    for s in subs:
        if s.active:
            state = "active"
        elif subscriptions.never_subscribed(s):
            state = "never subscribed (it only set its zone with /settings)"
        else:
            state = f"inactive ({redact(s.deactivated_reason or '')})"
        if s.active and s.failures:
            state += f", {s.failures} refusal(s), last: {redact(s.last_error or '')}"
        # An instant chat has no digest time: "instant 08:00 UTC" read as when its stories were due.
        when = "instant" if s.mode == "instant" else f"{s.mode} {s.time} {zone_label(s.timezone)}"
        console.print(f"  {s.platform} {s.chat_id}: {when}, {state}", markup=False)
    return EXIT_CONFIG if broken else 0  # the state shown, the file still to mend


def config_despite(error: ConfigError) -> Config | None:
    """The config `status` reads the database with while the file has problems: the file's own [storage] (the
    database a running bot uses) when it can be read, else None. From the partly read config when only other
    sections are in error; from the [storage] section read alone when the file is not TOML at all."""
    from bot.config import parse_config

    if error.partial is not None:
        return None if any("[storage]" in problem for problem in error.problems) else error.partial
    try:
        text = Path(error.path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeError):
        return None
    section: list[str] = []
    inside = False
    for line in text.splitlines():
        if line.lstrip().startswith("["):
            inside = line.strip().replace(" ", "").startswith("[storage]")
        elif inside:
            section.append(line)
        elif line.strip().startswith(("storage.", "storage=", "storage ")):
            return None  # written as a dotted key or an inline table: not read alone here
    try:
        return parse_config({"storage": tomllib.loads("\n".join(section))}, Path(error.path))
    except (tomllib.TOMLDecodeError, ConfigError):
        return None


def stdin_is_piped() -> bool:
    """Whether standard input is a pipe or a file someone gave `run` (`echo /latest | communique run`): commands
    there were ignored without a word. /dev/null (systemd, a container without -i) or none at all is not."""
    import stat

    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode)


def describe_retention(keep_days: int, oldest: str | None) -> str:
    """What retention keeps and how old the oldest stored story is: an operator of a bot that has run for months
    reads here whether the database keeps growing."""
    from datetime import UTC, datetime

    from storage.db import from_iso

    kept = (f"stories are kept {keep_days} days ([storage] keep_days)" if keep_days
            else "none ([storage] keep_days = 0): every story is kept, and the database grows with them")
    came = from_iso(oldest) if oldest else None
    if came is None:
        return f"{kept}; no story stored yet"
    days = (datetime.now(UTC) - came).days
    age = "today" if days < 1 else "1 day ago" if days == 1 else f"{days} days ago"
    late = (" (kept longer for a pledge still awaited, or retention, which runs every 6 hours while `communique run` "
            "does, has not run since)" if keep_days and days > keep_days else "")
    return f"{kept}; the oldest stored came in {age}{late}"


def describe_storage(path: Path) -> str:
    """The database file, its size and the room left on its disk; what stops Communiqué writing to it, if anything
    (read from the file and the disk: this works while the database itself cannot be written)."""
    from storage.db import lock_problem, write_problem

    problem = write_problem(path) or lock_problem(path)
    try:
        size = sum(p.stat().st_size for p in path.parent.glob(f"{path.name}*") if p.name != f"{path.name}.lock")
        disk = os.statvfs(path.parent)
        room = f"{size / 1e6:.1f} MB, {disk.f_bavail * disk.f_frsize / 1e6:.1f} MB free on its disk"
    except OSError:
        room = "size unknown"
    return f"{path} ({room})" + (f". PROBLEM: {problem}" if problem else "")


def cmd_resend(args: argparse.Namespace) -> int:
    """Failed messages back into the ledger: a running bot sends them within seconds, a stopped one at its start."""
    from datetime import UTC, datetime

    from bot.delivery.resend import describe_failed, resend

    if not (args.ids or args.chat or args.all):
        raise usage_error("communique resend: say which messages: their ids (`communique status` lists them), "
                         "--chat CHAT [--platform NAME] for one chat's, or --all")
    if args.all and (args.ids or args.chat):
        raise usage_error("communique resend: --all resends every failed message; leave out ids and --chat")
    if args.ids and args.chat:
        raise usage_error("communique resend: give message ids or --chat, not both")
    config = load(args)
    db = open_db(config)  # no instance lock: a running bot picks the messages up from the ledger
    result = resend(db, to_iso(datetime.now(UTC)), ids=args.ids or None, platform=args.platform,
                    chat_id=args.chat)
    for row in result.reactivated:
        print(f"Reactivated {row.platform} {row.chat_id} (it had been stopped: {row.deactivated_reason}).")
    if result.resent:
        print(f"Resent {len(result.resent)} message(s); a running `communique run` sends them within seconds, "
              "else they go at its next start:")
        for row in result.resent:
            print(f"  {describe_failed(row)}")
    for row, reason in result.skipped:
        print(f"Not resent: {describe_failed(row)}: {reason}.")
    for missing in result.unknown:
        print(f"No failed message #{missing}: `communique status` lists the failed ones.", file=sys.stderr)
    if not (result.resent or result.skipped or result.unknown):
        chat = f" to {args.platform + ' ' if args.platform else ''}{args.chat}" if args.chat else ""
        print(f"No failed messages{chat}: nothing to resend.")
    return 1 if result.unknown and not result.resent else 0


def cmd_check_config(args: argparse.Namespace) -> int:
    """Validate a config file, then what loading alone cannot see (sources fetch would refuse or cannot find, no
    source at all), reported together like load errors; a summary when all is well."""
    from bot.config import problem_lines, utf8_text
    from bot.ingest.checks import source_problems

    path = Path(args.path or default_config_path(args.config))
    try:
        config, problems = load_config(path), []
    except ConfigError as error:
        if error.partial is None:  # not read at all (no file, not TOML): nothing more to check
            raise
        # Every problem in one run, the file's and the checks' beside them: they were said in rounds (mend one,
        # run again, meet the next). A [[sources]] block in error is left out: "no [[sources]]" is not added.
        config, problems = error.partial, error.problems
    more = (source_problems(config) if config.sources or not problems else []) + token_problems(config)
    # As `run` would refuse it: an upgrade's `check-config && systemctl restart` stops here. A relative path is
    # relative to where `run` starts (the unit's WorkingDirectory=), which may not be here: its folders' owners
    # are not judged from this one.
    database = path_problem(config.storage.path, permissions=Path(config.storage.path).is_absolute())
    if database:
        more.insert(0, f"[storage] path = {str(config.storage.path)!r}: {database}")
    problems += problem_lines(utf8_text(path.read_bytes()), more) if more else []
    if problems:
        raise ConfigError(config.path or "<config>", problems)
    print(f"{config.path}: OK")
    print(f"  {count_of(len(config.sources), 'source')}; database {config.storage.path}")
    print(f"  digest: daily at {config.digest.time} {zone_label(config.digest.timezone)}, "
          f"up to {config.digest.max_items} stories")
    from storage import InstanceLock

    running = InstanceLock(config.storage.path).serving()  # the service's environment is not this shell's
    for name, section in config.platforms.items():
        if section is None or not hasattr(section, "token_env"):
            continue
        state = "set" if section.token() else "NOT set, so this platform will not start"
        if not section.token() and running is not None and name in running[1]:
            state = (f"NOT set here, but the bot running on this database (pid {running[0]}) started {name} with the "
                     "token in its own environment")
        print(f"  {name}: token from ${section.token_env}: {state}; {count_of(len(section.operators), 'operator')}")
    if config.subscriptions:
        print(f"  {count_of(len(config.subscriptions), 'subscription')} declared in the config")
    changed = config.changed_settings()
    print("  settings changed from their defaults:" if changed else "  no setting changed from its default")
    for line in changed:
        print(f"    {line}")
    for warning in config.warnings() + unused_tokens(config):  # as `run` says them
        print(f"  warning: {warning}")
    return EXIT_OK


def cmd_analyze(args: argparse.Namespace) -> int:
    """Print one JSON object per article file; errors and notes go to stderr and the others still run."""
    from bot.analyze_files import analyze_files

    failed = 0
    for result in analyze_files([Path(p) for p in args.files], args.sentences):
        if result.error is not None:
            print(f"communique analyze: {result.error}", file=sys.stderr)
            failed += 1
            continue
        for note in result.notes:
            print(f"communique analyze: {note}", file=sys.stderr)
        print(json.dumps(result.record, ensure_ascii=False), flush=True)
    return 1 if failed else 0


# --- parser --------------------------------------------------------------------------------------------------


def common_options(*, in_subcommand: bool) -> argparse.ArgumentParser:
    """--config and -v, accepted before and after the subcommand.

    After it, their defaults are suppressed: otherwise argparse lets the subcommand's default (None) overwrite a
    `--config` given before the subcommand, and `communique --config my.toml run` would run the demo config.
    """
    common = argparse.ArgumentParser(add_help=False)
    keep: dict[str, Any] = {"default": argparse.SUPPRESS} if in_subcommand else {}
    common.add_argument(
        "--config", metavar="PATH", help="config file (default: ./config.toml, else the bundled demo config)",
        **keep,
    )
    common.add_argument(
        "-v", "--verbose", action="count", help="more log output (-vv for debug)", **(keep or {"default": 0})
    )
    common.add_argument(
        "--log-file", metavar="PATH", help="write the log to this file, rotated at 10 MiB, 5 kept (default: stderr)",
        **keep,
    )
    common.add_argument(
        "--log-format", choices=("text", "json"), help="text (default), or one JSON object a line for log shippers",
        **(keep or {"default": "text"}),
    )
    return common


def usage_error(message: str) -> SystemExit:
    """A usage error, said on stderr, ending the command with status 2 (as docs/operations.md lists): a
    SystemExit carrying the message exits 1, which scripts read as an unexpected error."""
    print(message, file=sys.stderr)
    return SystemExit(EXIT_CONFIG)


def summary_length(text: str) -> int:
    """`analyze --sentences N`: 0 and -1 gave every article an empty summary without a word."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: the summary length is a whole number of at least 1")
    return value


def message_id(text: str) -> int:
    """A message id as `status` prints it ("#12") or bare ("12")."""
    try:
        value = int(text.strip().removeprefix("#"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a message id (a number, as `status` lists them)") from None
    if not 0 < value <= SQLITE_INTEGER_MAX:  # a larger one ended `resend` in a traceback (SQLite's integers stop here)
        raise argparse.ArgumentTypeError(f"{text!r} is not a message id (a number, as `status` lists them)")
    return value


SQLITE_INTEGER_MAX = 2**63 - 1
TICK_MIN = 0.1


def tick_seconds(text: str) -> float:
    """`run --tick SECONDS`: a negative or zero tick made the scheduler spin on a core, deaf to SIGTERM; nan and
    inf never ticked."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not TICK_MIN <= value < math.inf:
        raise argparse.ArgumentTypeError(f"{text!r}: the tick is a number of seconds, at least {TICK_MIN} (e.g. 15)")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="communique",
        description="Communiqué: digests of diplomatic developments (summaries, quotes, pledges) for Telegram, "
        "Discord and the console.",
        parents=[common_options(in_subcommand=False)],
    )
    parser.add_argument("--version", action="version", version=f"communique {version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = common_options(in_subcommand=True)

    def add(name: str, func: Any, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        p.set_defaults(func=func)
        return p

    add("demo", cmd_demo, "fetch the sources once, analyse, store and print the digest (offline with the samples)")
    run = add("run", cmd_run, "run the bot: scheduler, delivery and the configured platforms (console without tokens)")
    run.add_argument("--tick", type=tick_seconds, default=15.0, metavar="SECONDS",
                     help="how often to look for due sources (at least 0.1, default 15)")
    run.add_argument("--stdin", action="store_true", help="read console commands from standard input even when piped")
    run.add_argument(
        "--metrics", metavar="ADDRESS", help="serve /healthz and /metrics here, e.g. 127.0.0.1:9464 (overrides "
        "[metrics] listen; a port alone listens on loopback)",
    )
    fetch = add("fetch", cmd_fetch, "fetch every source once (with progress) and store new articles; sends nothing")
    fetch.epilog = FETCH_EXIT_STATUS
    run.epilog = RUN_EXIT_STATUS
    digest = add("digest", cmd_digest, "preview the digest a chat gets next (nothing is marked as sent)")
    digest.add_argument("--platform", default="console", help="the chat's platform (default console)")
    digest.add_argument("--chat", default="terminal", help="the chat id (default terminal)")
    latest = add("latest", cmd_latest, "print the newest stories")
    latest.add_argument("n", nargs="?", type=int, default=5, metavar="N", help="how many (1-20, default 5)")
    latest.add_argument("--topic", action="append", metavar="TOPIC", help="only this topic or keyword (repeatable)")
    check = add("check-config", cmd_check_config, "validate a config file and summarize it")
    check.add_argument("path", nargs="?", metavar="PATH", help="the file to check (default: as --config)")
    add("status", cmd_status, "the database and its retention, sources with their last success and error, "
        "deliveries, subscriptions")
    resend = add("resend", cmd_resend, "send failed messages again (by id as status lists them, by chat, or all)")
    resend.add_argument("ids", nargs="*", type=message_id, metavar="ID", help="message ids, as `status` shows them "
                        "(12 or #12)")
    resend.add_argument("--chat", metavar="CHAT", help="every failed message of this chat (its id)")
    resend.add_argument("--platform", metavar="NAME", help="with --chat: the chat's platform (default: any)")
    resend.add_argument("--all", action="store_true", help="every failed message")
    analyze = add(
        "analyze",
        cmd_analyze,
        "analyse article files (.json with title and text, .txt, .html) and print one JSON object per line",
    )
    analyze.add_argument("files", nargs="+", metavar="FILE",
                         help="an article: .json with a 'text' (and a 'title'), .txt (the text alone) or .html")
    analyze.add_argument("--sentences", type=summary_length, default=5, metavar="N", help="summary length (default 5)")
    from bot.ops.commands import add_commands

    add_commands(add, common)
    return parser


def using_demo_config(args: argparse.Namespace) -> bool:
    """Whether this command falls back on the bundled demo config (no --config, no ./config.toml): a real
    operator who ran it from the wrong folder must not mistake the samples for their bot."""
    if getattr(args, "config", None) or (args.command == "check-config" and args.path):
        return False
    return default_config_path(None) == BUNDLED_DEMO_CONFIG


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    config = None
    if args.command not in ("demo", "analyze") and using_demo_config(args):
        print(
            f"communique: NOTE: there is no {DEFAULT_CONFIG_NAME} in {Path.cwd()}, so this uses the bundled demo "
            f"config ({BUNDLED_DEMO_CONFIG}: sample sources, its own database). To follow real sources: "
            f"cp config.example.toml {DEFAULT_CONFIG_NAME}, or pass --config PATH.",
            file=sys.stderr,
        )
    try:
        if args.command not in ("analyze", "check-config"):
            config = load_config(default_config_path(args.config))
            args.loaded_config = config
    except ConfigError as exc:
        print(exc.report(), file=sys.stderr)
        if args.command != "status":
            return 2
        # The state is in the database, not the file: an operator reads the running bot's state while mending a typo.
        config = config_despite(exc)
        if config is None:
            print("communique status: which database the bot uses cannot be told from this config (the file or "
                  "its [storage] section cannot be read): mend the problems above, then run status again.",
                  file=sys.stderr)
            return 2
        print("communique status: a running bot keeps its last good config until this file is mended; the state "
              "below is the database's, with the sources it holds as active.", file=sys.stderr)
        args.loaded_config, args.config_problem = config, True
    try:
        setup_logging(args.verbose, config, log_file=args.log_file, log_format=args.log_format)
    except CommuniqueError as exc:
        print(f"communique: {exc}", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except ConfigError as exc:
        print(exc.report(), file=sys.stderr)
        return 2
    except (CommuniqueError, DatabaseAccessError) as exc:
        print(f"communique: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # through the log, whose filter redacts tokens; never Python's bare traceback
        if is_locked(exc) and config is not None:
            # Another program's write lock outlasted the 30 s a command waits (in `fetch` or `resend`, or a write of
            # `run`'s start after `wait_for_the_write_lock`): it was "an unexpected error" and a traceback.
            print(f"communique: {locked_out(config.storage.path, storage_db.BUSY_TIMEOUT)}", file=sys.stderr)
            return EXIT_CONFIG
        log.critical("Communiqué stopped because of an unexpected error", exc_info=True)
        return 1
