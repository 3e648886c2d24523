"""Subscriptions: which chat or channel gets which topics, when, and how many stories.

Who owns a subscription (`origin`): the chat, once it has used a command that changes it (`/subscribe`,
`/settings`, `/unsubscribe`), else the config file that declared it. A chat's own command wins over the file: the
file's blocks change and end only the subscriptions the file owns (`sync_declared`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from storage.articles import topic_clause
from storage.db import from_iso, to_iso, transaction, utcnow
from storage.records import (
    DeclaredSubscription,
    SettingsChange,
    Subscription,
    SubscriptionChange,
    SubscriptionSettings,
    from_row,
)
from storage.tracking import move_follows

# A new subscriber's first digest reaches back this far by publication time (and at least to its newest max_items
# matching stories), so it is neither empty on day one nor a flood of everything the bot ever stored.
FIRST_DIGEST_LOOKBACK = timedelta(hours=24)
# What a chat's topics stand for beyond their words: the actors they name and the phrases searched in the text
# (None: the topics themselves). The digest layer knows the alias table; storage asks it through this.
TopicSearch = Callable[[Sequence[str]], tuple[Sequence[str], Sequence[str] | None]]

# Why a chat's own /unsubscribe ended its subscription.
UNSUBSCRIBED = "unsubscribed"
# Why a subscription the file made ended when its block went: putting the block back brings it back.
ENDED_BY_BLOCK = "its block was removed from the config"
# Why a chat that never subscribed has a row: /settings kept its zone (and time, size, mode) for /latest, /pledges
# and its first /subscribe. It ended nothing; no digest was ever planned for it.
NOT_YET = "not subscribed yet"
# Why a group's old id has no subscription: the group became a supergroup, and its subscription went with it.
MOVED_TO = "moved to "


def _subscription(row: Mapping[str, Any]) -> Subscription:
    return from_row(Subscription, row, topics=json.loads(row["topics"] or "[]"), active=bool(row["active"]))


def get(db: sqlite_utils.Database, platform: str, chat_id: str) -> Subscription | None:
    row = next(db.query("SELECT * FROM subscriptions WHERE platform = ? AND chat_id = ?", [platform, chat_id]), None)
    return _subscription(row) if row else None


def with_id_prefix(db: sqlite_utils.Database, platform: str, prefix: str) -> list[Subscription]:
    """A platform's subscriptions whose chat id begins with `prefix` (the parts of a chat served as chats of their
    own), ended or not, found by the (platform, chat_id) index: read from every subscription of the platform, each
    chat let post again (every channel of a server the bot was added back to) read them all."""
    if not prefix:
        return []
    past = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # the first id after every one that begins so
    return [_subscription(r) for r in db.query(
        "SELECT * FROM subscriptions WHERE platform = ? AND chat_id >= ? AND chat_id < ? ORDER BY id",
        [platform, prefix, past])]


def by_alias(db: sqlite_utils.Database, platform: str, alias: str) -> Subscription | None:
    """The subscription of the chat the platform last named `alias` ("@name"), kept under another id (its
    number); the active one first, should two rows have carried the name."""
    row = next(db.query("SELECT * FROM subscriptions WHERE platform = ? AND chat_alias = ? AND chat_id != ? "
                        "ORDER BY active DESC, id DESC LIMIT 1", [platform, alias, alias]), None)
    return _subscription(row) if row else None


def note_alias(db: sqlite_utils.Database, platform: str, chat_id: str, alias: str) -> bool:
    """The platform named the chat `chat_id` also `alias` ("@name"): kept on its subscription, so that a block
    naming it so finds it. The name leaves any other chat that had it (a channel renamed, its old name taken by
    another). True when something changed."""
    if alias == chat_id:
        return False
    with transaction(db):
        moved = db.execute("UPDATE subscriptions SET chat_alias = NULL WHERE platform = ? AND chat_alias = ? "
                           "AND chat_id != ?", [platform, alias, chat_id]).rowcount
        noted = db.execute("UPDATE subscriptions SET chat_alias = ? WHERE platform = ? AND chat_id = ? "
                           "AND chat_alias IS NOT ?", [alias, platform, chat_id, alias]).rowcount
    return bool(moved or noted)


def get_by_id(db: sqlite_utils.Database, subscription_id: int) -> Subscription | None:
    row = next(db.query("SELECT * FROM subscriptions WHERE id = ?", [subscription_id]), None)
    return _subscription(row) if row else None


def _backlog_start(
    db: sqlite_utils.Database, moment: datetime, topics: Sequence[str], max_items: int, backfill: timedelta | None,
    search: TopicSearch | None = None,
) -> str:
    """Where a (re)starting subscription's backlog begins, by publication time: `backfill` back from `moment`, or
    by default FIRST_DIGEST_LOOKBACK back and at least far enough for its newest `max_items` matching stories."""
    if backfill is not None:
        return to_iso(moment - backfill)
    start = to_iso(moment - FIRST_DIGEST_LOOKBACK)
    actor_keys, phrases = search(topics) if search and topics else ((), None)
    clause, params = topic_clause(topics, actor_keys, phrases)
    row = db.execute(
        f"SELECT MIN(sort_time) FROM (SELECT a.sort_time FROM articles a WHERE {clause} "
        "ORDER BY a.sort_time DESC LIMIT ?)",
        [*params, max_items],
    ).fetchone()
    return min(start, row[0]) if row and row[0] else start


def subscribe(
    db: sqlite_utils.Database,
    *,
    platform: str,
    chat_id: str,
    chat_kind: str,
    defaults: SubscriptionSettings,
    topics: list[str] | None = None,
    chat_title: str | None = None,
    created_by: str | None = None,
    origin: str = "command",
    backfill: timedelta | None = None,
    search: TopicSearch | None = None,
    chat_alias: str | None = None,
) -> tuple[Subscription, bool]:
    """Create or reactivate a subscription; returns it and whether it is new (or came back from inactive).

    A new one starts with `defaults`; topics are replaced only when given; other settings keep what the chat
    chose before. A chat's command (`origin="command"`) makes the subscription the chat's from then on.

    What the chat is owed: stories fetched from its start (`created`) on, and stories published from `since` on
    (its backlog). A new or returning subscription starts now with the default backlog (`_backlog_start`); a
    `backfill` (e.g. 7 days, or none) starts it anew with that backlog, letting go of older stories still waiting.
    New topics on a subscribed chat reach back at least as far as a new subscription on them would.
    `search` says what the topics match (the actors and phrases they stand for), as the digests match them.
    `chat_alias`: the chat's other name, as the platform gave it (`note_alias`).
    """
    moment = datetime.now(UTC)
    now = to_iso(moment)
    with transaction(db):
        existing = get(db, platform, chat_id)
        wanted = topics if topics is not None else (existing.topics if existing else [])
        max_items = existing.max_items if existing else defaults.max_items
        since = _backlog_start(db, moment, wanted, max_items, backfill, search)
        if existing is None:
            db.table("subscriptions").insert(
                {
                    "platform": platform,
                    "chat_id": chat_id,
                    "chat_kind": chat_kind,
                    "chat_title": chat_title,
                    "topics": json.dumps(topics or []),
                    **asdict(defaults),
                    "active": 1,
                    "origin": origin,
                    "created_by": created_by,
                    "created": now,
                    "since": since,
                }
            )
            created = True
        else:
            created = not existing.active
            if created:
                _forget_unsent(db, existing.id)
            changes: dict[str, Any] = {"active": 1, "failures": 0, "deactivated_reason": None, "chat_kind": chat_kind}
            if chat_title:
                changes["chat_title"] = chat_title
            if topics is not None:
                changes["topics"] = json.dumps(topics)
            if created and backfill is None and back_as_it_was(existing, moment):
                pass  # its start and backlog as they were: it is owed what it was, and what came meanwhile
            elif created or backfill is not None:
                changes["since"] = since
                changes["created"] = now
            elif topics is not None and topics != existing.topics and existing.since and since < existing.since:
                # New topics reach back as a subscription on them would (at least a digest's worth): the backlog
                # stayed where the old topics' stories began, and '/subscribe trade' then '/subscribe borders' a
                # moment later brought two of the four borders stories a first '/subscribe borders' brings.
                changes["since"] = since
            if origin == "command" or never_subscribed(existing):  # kept settings only: now whose
                changes["origin"] = origin
            db.table("subscriptions").update(existing.id, changes)
        if chat_alias:
            note_alias(db, platform, chat_id, chat_alias)
        row = get(db, platform, chat_id)
    assert row is not None
    return row, created


def back_as_it_was(existing: Subscription, moment: datetime) -> bool:
    """Whether a chat coming back (a /subscribe with no `since`) keeps the start and backlog it had: when that
    subscription began within FIRST_DIGEST_LOOKBACK (an /unsubscribe and /subscribe a minute apart). Started anew,
    a chat subscribed `since none` was owed the older stories it had declined, and one subscribed `since 7d` lost
    the week it asked for; what arrived meanwhile is owed either way (fetched after its start)."""
    began = from_iso(existing.created) if existing.created else None
    return (not never_subscribed(existing) and bool(existing.since) and began is not None
            and began >= moment - FIRST_DIGEST_LOOKBACK)


def never_subscribed(sub: Subscription) -> bool:
    """Whether the row only keeps settings a chat set before any subscription (`NOT_YET`): no subscription, so
    neither counted among them nor told that one ended. (`subscribe` clears the reason: such a row is inactive.)"""
    return sub.deactivated_reason == NOT_YET


def keep_settings(
    db: sqlite_utils.Database,
    *,
    platform: str,
    chat_id: str,
    chat_kind: str,
    defaults: SubscriptionSettings,
    change: SettingsChange,
    chat_title: str | None = None,
    created_by: str | None = None,
) -> Subscription:
    """Settings for a chat that never subscribed: an inactive row (`NOT_YET`) holding `defaults` with `change` over
    them. Its /latest and /pledges read their times in its zone, and `subscribe` later starts from these settings,
    as it does for a chat that unsubscribed. A reader far from UTC who only reads /latest had to take daily digests
    to have its times in their own clock. The chat already has a row: its settings are changed, nothing else."""
    now = utcnow()
    with transaction(db):
        existing = get(db, platform, chat_id)
        if existing is None:
            db.table("subscriptions").insert({
                "platform": platform, "chat_id": chat_id, "chat_kind": chat_kind, "chat_title": chat_title,
                "topics": "[]", **{**asdict(defaults), **change.given()}, "active": 0, "origin": "command",
                "created_by": created_by, "created": now, "since": now, "deactivated_reason": NOT_YET,
            })
        else:
            update_settings(db, existing.id, change)
        row = get(db, platform, chat_id)
    assert row is not None
    return row


def unsubscribe(
    db: sqlite_utils.Database, platform: str, chat_id: str, *, origin: str = "command", reason: str = UNSUBSCRIBED
) -> bool:
    """Stop deliveries to a chat; its settings are kept in case it subscribes again. False if not subscribed.

    The chat's own `/unsubscribe` (`origin="command"`) makes the subscription the chat's: the config's block no
    longer brings it back.
    """
    with transaction(db):
        cursor = db.execute(
            "UPDATE subscriptions SET active = 0, deactivated_reason = ? WHERE platform = ? AND chat_id = ? "
            "AND active = 1",
            [reason, platform, chat_id],
        )
        if cursor.rowcount:
            row = get(db, platform, chat_id)
            if row:
                if origin == "command":
                    db.execute("UPDATE subscriptions SET origin = 'command' WHERE id = ?", [row.id])
                _drop_pending(db, row.id, reason)
    return cursor.rowcount > 0


def _forget_unsent(db: sqlite_utils.Database, subscription_id: int) -> None:
    """A chat coming back is owed again what it never got: the digests dropped when it left whose messages were
    never tried (waiting their turn, or a rate limit) or refused at every try (the bot removed from the group)
    give their stories and pledge lines back, and the dropped messages go, so that a resend cannot send them a
    second time. Of a digest partly sent (its first message went out, then the bot lost the right to post), the
    messages that surely never arrived (never tried, or refused at every try) are due again, in their order: the
    chat got the digest's start and is owed the rest, which it had no way to ask for. A message tried otherwise
    stays as it is: a timed-out send may have arrived; `communique resend` is for those."""
    keys = [row[0] for row in db.execute(
        "SELECT digest_key FROM deliveries WHERE subscription_id = ? GROUP BY digest_key "
        "HAVING SUM(state = 'failed') > 0 AND SUM(state != 'failed') = 0 "
        "AND SUM(attempts > 0 AND last_error NOT LIKE ?) = 0",
        [subscription_id, REFUSED_AT_EVERY_TRY + "%"],
    ).fetchall()]
    for key in keys:
        for table in ("delivered", "pledge_notices", "deliveries"):
            db.execute(f"DELETE FROM {table} WHERE subscription_id = ? AND digest_key = ?", [subscription_id, key])
        # The story edits it told are owed again (a story itself given back is sent as it reads now, and that
        # digest marks its edits told with nothing more shown), as is word of a restore it told.
        for table in ("edit_notices", "restore_notices"):
            db.execute(f"UPDATE {table} SET digest_key = NULL WHERE subscription_id = ? AND digest_key = ?",
                       [subscription_id, key])
    db.execute(
        "UPDATE deliveries SET state = 'due', attempts = 0, next_attempt = ?, last_error = NULL "
        "WHERE subscription_id = ? AND state = 'failed' AND (attempts = 0 OR last_error LIKE ?)",
        [utcnow(), subscription_id, REFUSED_AT_EVERY_TRY + "%"],
    )


# The reason a message dropped with its chat carries when the platform refused it at each of its tries (and so it
# never arrived): the chat that comes back is owed its stories again (`_forget_unsent`).
REFUSED_AT_EVERY_TRY = "destination gone, refused at every try: "


def _drop_pending(db: sqlite_utils.Database, subscription_id: int, reason: str, *, refusals: int = 0,
                  refused: str | None = None) -> None:
    """Messages still owed to a chat that no longer takes them are marked failed, with the reason; a message tried
    no more often than the chat's `refusals` in a row (each of its tries refused) with `refused` instead."""
    db.execute(
        "UPDATE deliveries SET state = 'failed', last_error = CASE WHEN attempts BETWEEN 1 AND ? THEN ? ELSE ? END "
        "WHERE subscription_id = ? AND state IN ('due', 'sending')",
        [refusals, (refused or reason)[:300], reason[:300], subscription_id],
    )


def update_settings(
    db: sqlite_utils.Database, subscription_id: int, change: SettingsChange, *, origin: str | None = None
) -> Subscription:
    """Change the settings `change` gives; a chat's command (`origin="command"`) also makes the subscription the
    chat's."""
    columns: dict[str, Any] = change.given()
    if origin == "command":
        columns["origin"] = "command"
    if columns:
        db.table("subscriptions").update(subscription_id, columns)
    row = get_by_id(db, subscription_id)
    assert row is not None
    return row


def list_subscriptions(
    db: sqlite_utils.Database, *, active_only: bool = True, platform: str | None = None
) -> list[Subscription]:
    clauses, params = [], []
    if active_only:
        clauses.append("active = 1")
    if platform:
        clauses.append("platform = ?")
        params.append(platform)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return [_subscription(r) for r in db.query(f"SELECT * FROM subscriptions {where} ORDER BY id", params)]


def active_chats(db: sqlite_utils.Database | sqlite3.Connection) -> dict[str, int]:
    """How many chats each platform serves (its active subscriptions). A platform with one chat has its sends
    failing as a whole when that chat's do: nothing the bot sends there arrives."""
    return {row[0]: int(row[1]) for row in db.execute(
        "SELECT platform, COUNT(*) FROM subscriptions WHERE active = 1 GROUP BY platform").fetchall()}


def record_send_success(db: sqlite_utils.Database, subscription_id: int) -> None:
    db.execute("UPDATE subscriptions SET failures = 0 WHERE id = ? AND failures != 0", [subscription_id])


def record_refusal(db: sqlite_utils.Database, subscription_id: int, reason: str, *, deactivate_after: int) -> bool:
    """The platform refused us for this chat (blocked, kicked, missing access). True when now deactivated.

    One refusal is not enough to give up: platforms have been seen refusing transiently.
    """
    with transaction(db):
        db.execute(
            "UPDATE subscriptions SET failures = failures + 1, last_error = ?, last_error_at = ? WHERE id = ?",
            [reason[:300], utcnow(), subscription_id],
        )
        row = get_by_id(db, subscription_id)
        if row and row.failures >= deactivate_after:
            deactivate(db, subscription_id, reason, refusals=row.failures)
            return True
    return False


def deactivate(db: sqlite_utils.Database, subscription_id: int, reason: str, *, refusals: int = 0) -> None:
    """Stop sending to a chat that is gone; pending messages are marked failed with the reason. `refusals`: the
    refusals in a row that ended it (no success since), so a message tried no more often was refused at each try
    and never arrived; a send that timed out or failed otherwise may have."""
    with transaction(db):
        db.execute(
            "UPDATE subscriptions SET active = 0, deactivated_reason = ?, last_error = ?, last_error_at = ? "
            "WHERE id = ?",
            [reason[:300], reason[:300], utcnow(), subscription_id],
        )
        _drop_pending(db, subscription_id, f"destination gone: {reason}", refusals=refusals,
                      refused=f"{REFUSED_AT_EVERY_TRY}{reason}")


def reactivate(db: sqlite_utils.Database, subscription_id: int) -> bool:
    """A chat stopped after refusals takes messages again (an operator resent its messages); its settings kept."""
    cursor = db.execute(
        "UPDATE subscriptions SET active = 1, failures = 0, deactivated_reason = NULL WHERE id = ? AND active = 0",
        [subscription_id],
    )
    return cursor.rowcount == 1


def move_chat(db: sqlite_utils.Database, subscription_id: int, new_chat_id: str) -> None:
    """A group became a supergroup with a new id: the subscription follows it, and the old id keeps an ended row
    that says where it went ('moved to -100...'), for /status and for a [[subscriptions]] block still naming it.

    If the new id already has a subscription (e.g. someone subscribed there meanwhile), that one is kept and
    this one's pending messages are moved to it, with the record of what the group was sent (stories and pledge
    lines, those messages' included): it is the same group, and that subscription's next digest sent them all
    again. Whom the chat follows moves too (follows are kept by chat id): left under the old id, the group
    followed no one, and one without topics got every story.
    """
    with transaction(db):
        row = get_by_id(db, subscription_id)
        if row is None or row.chat_id == new_chat_id:
            return  # nothing to move (a repeated migration notice): the subscription would be found as "the other"
        move_follows(db, row.platform, row.chat_id, new_chat_id)
        other = get(db, row.platform, new_chat_id)
        if other is None:
            db.execute("UPDATE subscriptions SET chat_id = ? WHERE id = ?", [new_chat_id, subscription_id])
            # The old id's row, ended: a [[subscriptions]] block naming it is then known for the group's (the
            # config's sync ended the moved subscription, whose block it no longer found, and made one anew for
            # the old id), and /status says where the group went.
            db.execute(
                "INSERT INTO subscriptions (platform, chat_id, chat_kind, chat_title, topics, mode, time, timezone, "
                "max_items, active, origin, created_by, created, since, deactivated_reason) "
                "SELECT platform, ?, chat_kind, chat_title, topics, mode, time, timezone, max_items, 0, origin, "
                "created_by, created, since, ? FROM subscriptions WHERE id = ?",
                [row.chat_id, f"{MOVED_TO}{new_chat_id}", subscription_id],
            )
        else:
            # Under a key of their own: both may have planned the digest of the same day and time, and a part
            # whose key and number the other already had stayed behind, due forever to a chat no longer there.
            moved = f" (moved from {row.chat_id})"
            db.execute(
                "UPDATE deliveries SET subscription_id = ?, digest_key = digest_key || ? "
                "WHERE subscription_id = ? AND state = 'due'",
                [other.id, moved, subscription_id],
            )
            for table, columns in (("delivered", "article_id"), ("pledge_notices", "pledge_id, kind"),
                                   ("edit_notices", "edit_id"), ("restore_notices", "backup_at, restarted_at")):
                db.execute(
                    f"INSERT OR IGNORE INTO {table} (subscription_id, {columns}, digest_key) "
                    f"SELECT ?, {columns}, digest_key || ? FROM {table} WHERE subscription_id = ?",
                    [other.id, moved, subscription_id],
                )
            db.execute(
                "UPDATE subscriptions SET active = 0, deactivated_reason = ? WHERE id = ?",
                [f"{MOVED_TO}{new_chat_id}", subscription_id],
            )


def _differences(sub: Subscription, wanted: DeclaredSubscription) -> dict[str, tuple[Any, Any]]:
    """The settings in which a subscription differs from its block: {name: (now, the block's)}."""
    found: dict[str, tuple[Any, Any]] = {}
    if list(sub.topics) != list(wanted.topics):
        found["topics"] = (sub.topics, list(wanted.topics))
    for key, value in asdict(wanted.settings).items():
        if getattr(sub, key) != value:
            found[key] = (getattr(sub, key), value)
    return found


def _describe(found: Mapping[str, tuple[Any, Any]]) -> str:
    def shown(value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(value) if value else "everything"
        return str(value)

    return "; ".join(f"{key} {shown(old)} -> {shown(new)}" for key, (old, new) in found.items())


def _not_started_again(why: str) -> str:
    """Why a block does not start again a subscription that ended for `why` (not by the chat or the file)."""
    if why.startswith(MOVED_TO):
        new_id = why.removeprefix(MOVED_TO)
        return f"the group became a supergroup, {new_id}, and its subscription went there: write {new_id} in its block"
    return (f"it ended when the platform refused it ({why}), and its block does not start it again: once Communiqué "
            "may post there, /subscribe in that chat (for a channel, an operator's /subscribe with its id) does")




def _chats_own_settings_kept(item: DeclaredSubscription, own: Subscription) -> tuple[DeclaredSubscription, str]:
    """A block naming a chat that set its zone (or time) before subscribing: the settings the block leaves to the
    config's defaults keep the chat's own, and the log line says which (a default silently replacing a zone the
    chat chose moved its digest hours away)."""
    ours = {name: getattr(own, name) for name in sorted(item.unset)
            if getattr(own, name) != getattr(item.settings, name)}
    if not ours:
        return item, ""
    said = ", ".join(f"{name} {value}" for name, value in ours.items())
    return replace(item, settings=replace(item.settings, **ours)), f"; the chat's own {said} kept"


def _declared_subscription(db: sqlite_utils.Database, item: DeclaredSubscription) -> Subscription | None:
    """The subscription a block declares: the chat the platform last named by the block's chat_id ("@name") when
    it is active, else the one kept under that chat_id, else that chat's ended one. A channel subscribed under its
    number by /subscribe and then named by a block by its "@name" got a second subscription: each story twice."""
    aliased = by_alias(db, item.platform, item.chat_id)
    if aliased is not None and aliased.active:
        return aliased
    return get(db, item.platform, item.chat_id) or aliased


def sync_declared(
    db: sqlite_utils.Database,
    declared: Sequence[DeclaredSubscription],
    *,
    previously: set[tuple[str, str]] | None = None,
) -> list[SubscriptionChange]:
    """Make the subscriptions the config file owns follow its [[subscriptions]] blocks; returns what changed.

    - A block with no subscription behind it creates one, owned by the file; a block whose subscription the file
      owns sets its topics and settings (and brings it back if it had ended).
    - A block for a chat that changed its subscription by command leaves it alone: the chat's command wins.
    - A block whose subscription the platform ended (refused at every try), or whose group moved to a
      supergroup's id (the subscription went there), leaves it alone and says why, whoever owns it.
    - A subscription the file owns and no block declares any more ends. One the chat owns stays, whether or not
      a block used to declare it (`previously`: the chats the file declared before this edit, so that the
      log can say why a removed block ended nothing).
    """
    changes: list[SubscriptionChange] = []
    keys: set[tuple[str, str]] = set()
    for item in declared:
        existing = _declared_subscription(db, item)
        chat_id = existing.chat_id if existing is not None else item.chat_id
        if (item.platform, chat_id) in keys:  # two blocks, one by the chat's id, one by its other name
            changes.append(SubscriptionChange(
                item.platform, item.chat_id, "left alone",
                f"another block names the same chat ({chat_id}): one subscription, as the first of the two blocks "
                "says; remove the other"))
            continue
        item = replace(item, chat_id=chat_id)  # a block's "@name" for a chat subscribed under its id: that one
        keys.add((item.platform, item.chat_id))
        # Ended by the platform (the bot removed from the chat, refused at every try) or moved with its group to a
        # supergroup's id, whoever owns it: a reload for anything else, or a start, brought it back, its backlog
        # owed again and refused again, at every edit (or, a chat's own, said it had unsubscribed).
        not_yet = existing is not None and never_subscribed(existing)
        if existing is not None and not existing.active and existing.deactivated_reason not in (
                None, ENDED_BY_BLOCK, UNSUBSCRIBED, NOT_YET):
            changes.append(SubscriptionChange(item.platform, item.chat_id, "left alone",
                                              _not_started_again(existing.deactivated_reason)))
            continue
        if existing is not None and existing.origin == "command" and not not_yet:
            found = _differences(existing, item)
            if not existing.active:
                changes.append(SubscriptionChange(
                    item.platform, item.chat_id, "left alone",
                    "the chat unsubscribed by command, which wins over its block; /subscribe there starts it again",
                ))
            elif found:
                changes.append(SubscriptionChange(
                    item.platform, item.chat_id, "left alone",
                    f"the chat manages its subscription by command, which wins over its block ({_describe(found)} "
                    "not applied)",
                ))
            continue
        kept = ""
        if existing is not None and not_yet:
            item, kept = _chats_own_settings_kept(item, existing)
        with transaction(db):
            sub, came_back = subscribe(
                db, platform=item.platform, chat_id=item.chat_id, chat_kind=item.chat_kind,
                defaults=item.settings, topics=list(item.topics), origin="config",
            )
            found = _differences(sub, item)
            if found:
                sub = update_settings(db, sub.id, SettingsChange(**{k: new for k, (_old, new) in found.items()
                                                                    if k != "topics"}))
        if existing is None or not_yet:
            changes.append(SubscriptionChange(item.platform, item.chat_id, "created", "declared in the config" + kept))
            continue
        if came_back:
            changes.append(SubscriptionChange(item.platform, item.chat_id, "reactivated", "its block is back"))
        found = _differences(existing, item)
        if found:
            changes.append(SubscriptionChange(item.platform, item.chat_id, "updated", _describe(found)))
    changes += _end_undeclared(db, keys, previously)
    return changes


def _end_undeclared(db: sqlite_utils.Database, keys: set[tuple[str, str]],
                    previously: set[tuple[str, str]] | None) -> list[SubscriptionChange]:
    """The second half of `sync_declared`: the subscriptions no block declares now (`keys`, the chats the blocks
    name). One the file owns ends; one the chat owns stays, said when its block was just removed (`previously`);
    one whose group moved to a supergroup's id while its block names the old id is left alone."""
    changes: list[SubscriptionChange] = []
    for sub in list_subscriptions(db):
        key = (sub.platform, sub.chat_id)
        if key in keys:
            continue
        moved_from = next(db.query(
            "SELECT chat_id FROM subscriptions WHERE platform = ? AND active = 0 AND deactivated_reason = ?",
            [sub.platform, f"{MOVED_TO}{sub.chat_id}"]), None)
        if moved_from is not None and (sub.platform, moved_from["chat_id"]) in keys:
            continue  # its block names the group's old id: said of that block, left alone
        if sub.origin == "config":
            unsubscribe(db, sub.platform, sub.chat_id, origin="config", reason=ENDED_BY_BLOCK)
            twin = by_alias(db, sub.platform, sub.chat_id)
            said = (f"its block names the chat {twin.chat_id}, which is {sub.chat_id}: one subscription, not two "
                    "(each story was sent there twice)" if twin is not None and (sub.platform, twin.chat_id) in keys
                    else ENDED_BY_BLOCK)
            changes.append(SubscriptionChange(sub.platform, sub.chat_id, "ended", said))
        elif previously is not None and key in previously:
            changes.append(SubscriptionChange(
                sub.platform, sub.chat_id, "left alone",
                "its block was removed, but the chat subscribed by command: it stays until /unsubscribe there",
            ))
    return changes
