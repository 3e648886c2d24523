"""Follows and the pledge tracker's tables: who a story involves, which pledges repeat one another, the later
stories that report on a pledge, the actors a chat follows, and which pledge lines a chat has been sent.

What the tracker finds is computed in `bot/` (the alias table, the linker) and written here in one transaction per
article. A pledge's status is not stored: it depends on the day it is asked, so readers compute it from the pledge,
its follow-ups and a clock.

Keys: `pledges.canonical_id` points a repeat (another outlet's report, or the same story saying it twice) at the
first report; everything the tracker says about a pledge (follow-ups, notices) hangs on the first report.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlite_utils

from storage.db import transaction, utcnow
from storage.records import (
    ArticleActor,
    Follow,
    NewFollowUp,
    PledgeTracking,
    StoredFollowUp,
    StoredPledge,
    UntrackedArticle,
    article_quotes,
    from_row,
)

# Outcomes that settle a pledge (a delay only moves its deadline).
SETTLING = ("kept", "broken", "superseded")
MAX_FOLLOWS = 25

_PLEDGE_COLUMNS = (
    "p.id, p.article_id, p.actor, p.commitment, p.evidence, p.when_text, p.due, p.actor_key, p.actor_keys, "
    "p.canonical_id, COALESCE(a.published, a.sort_time) AS published, a.title, a.url, s.name AS source_name, "
    "COALESCE(a.group_id, a.id) AS story_group, a.day_only, a.own_day"
)
_PLEDGE_FROM = "FROM pledges p JOIN articles a ON a.id = p.article_id LEFT JOIN sources s ON s.id = a.source_id"
# The report in force on a pledge: its latest, as `bot.tracking.pledge_status` reads them.
_LATEST_OUTCOME = (
    "(SELECT f.outcome FROM pledge_followups f WHERE f.pledge_id = p.id ORDER BY f.published DESC, f.id DESC LIMIT 1)"
)
# Unsettled: no report, or the latest is a delay (a pledge broken and then put back is open again).
_UNSETTLED = f"COALESCE({_LATEST_OUTCOME}, '') NOT IN ({', '.join(repr(o) for o in SETTLING)})"


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" for _ in values)


def _pledge(row: Mapping[str, Any]) -> StoredPledge:
    decoded: dict[str, Any] = {"actor_keys": json.loads(row["actor_keys"] or "[]"), "day_only": bool(row["day_only"])}
    if "reports" not in row.keys():
        decoded["reports"] = 1
    return from_row(StoredPledge, row, **decoded)


def _actor_clause(actor_keys: Sequence[str]) -> tuple[str, list[Any]]:
    """Pledges one of whose actors is one of `actor_keys`."""
    return (
        f"EXISTS (SELECT 1 FROM json_each(p.actor_keys) k WHERE k.value IN ({_marks(actor_keys)}))",
        list(actor_keys),
    )


# --- what ingest stored and the tracker has not read ------------------------------------------------------------


def untracked(db: sqlite_utils.Database, limit: int = 50) -> list[UntrackedArticle]:
    """Articles the tracker has not read, oldest first (so a pledge is known before the story reporting on it)."""
    rows = list(
        db.query(
            "SELECT id, url, COALESCE(group_id, id) AS story_group, title, text, "
            "COALESCE(published, sort_time) AS published, summary, quotes, own_day "
            "FROM articles WHERE tracked = 0 ORDER BY sort_time, id LIMIT ?",
            [limit],
        )
    )
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    pledges: dict[int, list[StoredPledge]] = {}
    for row in db.query(
        f"SELECT {_PLEDGE_COLUMNS} {_PLEDGE_FROM} WHERE p.article_id IN ({_marks(ids)}) ORDER BY p.id", ids
    ):
        pledge = _pledge(row)
        pledges.setdefault(pledge.article_id, []).append(pledge)
    return [
        UntrackedArticle(
            id=r["id"],
            url=r["url"],
            story_group=r["story_group"],
            title=r["title"],
            text=r["text"] or "",
            published=r["published"],
            summary=json.loads(r["summary"] or "[]"),
            quotes=article_quotes(r["quotes"]),
            pledges=pledges.get(r["id"], []),
            own_day=r["own_day"],
        )
        for r in rows
    ]


def count_untracked(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM articles WHERE tracked = 0").fetchone()[0])


def unsettled_pledges(db: sqlite_utils.Database, limit: int = 5000) -> list[StoredPledge]:
    """First reports the tracker has read whose latest report (if any) settled nothing, newest first: what a new
    story may report on."""
    return [
        _pledge(r)
        for r in db.query(
            f"SELECT {_PLEDGE_COLUMNS} {_PLEDGE_FROM} WHERE p.canonical_id IS NULL AND p.actor_key IS NOT NULL "
            f"AND {_UNSETTLED} ORDER BY a.sort_time DESC, p.id DESC LIMIT ?",
            [limit],
        )
    ]


def broken_pledges(db: sqlite_utils.Database, limit: int = 5000) -> list[StoredPledge]:
    """First reports whose latest report is a breach, newest first: a later story may still report them kept (late)
    or put back, and the latest report decides."""
    return _latest_reported(db, "broken", limit)


def kept_pledges(db: sqlite_utils.Database, limit: int = 5000) -> list[StoredPledge]:
    """First reports whose latest report is that they were kept, newest first: a later story may report the act
    undone ("closed the bridge again"), and a chat told "kept" must hear it."""
    return _latest_reported(db, "kept", limit)


def _latest_reported(db: sqlite_utils.Database, outcome: str, limit: int) -> list[StoredPledge]:
    return [
        _pledge(r)
        for r in db.query(
            f"SELECT {_PLEDGE_COLUMNS} {_PLEDGE_FROM} WHERE p.canonical_id IS NULL AND p.actor_key IS NOT NULL "
            f"AND {_LATEST_OUTCOME} = ? ORDER BY a.sort_time DESC, p.id DESC LIMIT ?",
            [outcome, limit],
        )
    ]


def record_tracking(
    db: sqlite_utils.Database,
    article_id: int,
    actors: Iterable[ArticleActor],
    pledges: Iterable[PledgeTracking],
    follow_ups: Iterable[NewFollowUp],
) -> None:
    """What the tracker found in one article, in one transaction; the article is then marked read.

    A follow-up already stored for the same pledge and story is kept (the first reading stands). A report of a
    story read again (an edit) takes back the lines told of its earlier reading, named by the story in
    `forget_article`: the chats told "kept" are not told it again under the report's new row.
    """
    follow_ups = list(follow_ups)
    with transaction(db):
        db.execute("DELETE FROM article_actors WHERE article_id = ?", [article_id])
        _insert_actors(db, ((article_id, a.actor_key, a.name, a.reasons) for a in actors))
        for pledge in pledges:
            db.execute(
                "UPDATE pledges SET actor_key = ?, actor_keys = ?, canonical_id = ? WHERE id = ? AND article_id = ?",
                [
                    pledge.actor_keys[0] if pledge.actor_keys else "",
                    json.dumps(pledge.actor_keys),
                    pledge.canonical_id if pledge.canonical_id != pledge.pledge_id else None,
                    pledge.pledge_id,
                    article_id,
                ],
            )
        created = utcnow()
        db.table("pledge_followups").insert_all(
            (
                {
                    "pledge_id": f.pledge_id,
                    "article_id": f.article_id,
                    "outcome": f.outcome,
                    "evidence": f.evidence,
                    "reason": f.reason,
                    "score": f.score,
                    "new_due": f.new_due,
                    "published": f.published,
                    "created": created,
                }
                for f in follow_ups
            ),
            ignore=True,
        )
        for f in follow_ups:
            row = db.execute(
                "SELECT id, outcome FROM pledge_followups WHERE pledge_id = ? AND article_id = ?",
                [f.pledge_id, f.article_id],
            ).fetchone()
            if row is not None and row[1] != "delayed":  # a delay's line names its date, which no re-read changes
                db.execute(
                    "UPDATE OR IGNORE pledge_notices SET kind = ? WHERE pledge_id = ? AND kind = ?",
                    [f"{row[1]}#{row[0]}", f.pledge_id, told_in_story(row[1], f.article_id)],
                )
        db.execute("UPDATE articles SET tracked = 1 WHERE id = ?", [article_id])


def told_in_story(outcome: str, article_id: int) -> str:
    """A report line told to a chat, named by its story while the story is read again ("kept in story 12"): the
    report row goes and comes back with a new id, and the line must still be known as told. It names the outcome
    too, so an edit that turns "kept" into "broken" is told as what it now says."""
    return f"{outcome} in story {article_id}"


def forget_article(db: sqlite_utils.Database, article_id: int) -> None:
    """An edited story is read again: what the tracker found in it goes (its pledges stay, see `promote_copies`).
    The report lines chats were told of it are kept under the story's name (`told_in_story`) until the re-read
    finds the same report again (`record_tracking`)."""
    for pledge_id, follow_up_id, outcome in db.execute(
        "SELECT pledge_id, id, outcome FROM pledge_followups WHERE article_id = ?", [article_id]
    ).fetchall():
        db.execute(
            "UPDATE OR IGNORE pledge_notices SET kind = ? WHERE pledge_id = ? AND kind = ?",
            [told_in_story(outcome, article_id), pledge_id, f"{outcome}#{follow_up_id}"],
        )
    db.execute("DELETE FROM article_actors WHERE article_id = ?", [article_id])
    db.execute("DELETE FROM pledge_followups WHERE article_id = ?", [article_id])
    db.execute("UPDATE articles SET tracked = 0 WHERE id = ?", [article_id])


def promote_copies(db: sqlite_utils.Database, pledge_ids: Sequence[int]) -> None:
    """Before first reports are deleted, the earliest remaining copy of each takes its place: the others point to
    it, and the follow-ups and notices move to it, so a pledge reported by several outlets stays one pledge."""
    for pledge_id in pledge_ids:
        copies = [
            r[0]
            for r in db.execute(
                "SELECT p.id FROM pledges p JOIN articles a ON a.id = p.article_id WHERE p.canonical_id = ? "
                "AND p.id NOT IN (" + _marks(pledge_ids) + ") ORDER BY a.sort_time, p.id",
                [pledge_id, *pledge_ids],
            ).fetchall()
        ]
        if not copies:
            continue
        heir = copies[0]
        db.execute("UPDATE pledges SET canonical_id = NULL WHERE id = ?", [heir])
        db.execute("UPDATE pledges SET canonical_id = ? WHERE canonical_id = ?", [heir, pledge_id])
        db.execute("UPDATE OR IGNORE pledge_followups SET pledge_id = ? WHERE pledge_id = ?", [heir, pledge_id])
        db.execute("UPDATE OR IGNORE pledge_notices SET pledge_id = ? WHERE pledge_id = ?", [heir, pledge_id])


# --- actors seen in stories -------------------------------------------------------------------------------------


def seen_actor_names(db: sqlite_utils.Database, limit: int = 2000) -> list[str]:
    """Names of the actors stored stories involve, the most often seen first (for "did you mean"); each actor under
    the name stories give it most often."""
    return [
        r["name"]
        for r in db.query(
            "WITH named AS (SELECT actor_key, name, COUNT(*) AS n FROM article_actors GROUP BY actor_key, name), "
            "ranked AS (SELECT name, SUM(n) OVER (PARTITION BY actor_key) AS total, ROW_NUMBER() OVER "
            "(PARTITION BY actor_key ORDER BY n DESC, length(name), name) AS place FROM named) "
            "SELECT name FROM ranked WHERE place = 1 ORDER BY total DESC, name LIMIT ?",
            [limit],
        )
    ]


def actors_of(
    db: sqlite_utils.Database, article_ids: Sequence[int], actor_keys: Sequence[str] | None = None
) -> dict[int, list[ArticleActor]]:
    """The actors each article involves (only those in `actor_keys` when given), in the order stored."""
    if not article_ids or actor_keys == []:
        return {}
    where = f"article_id IN ({_marks(article_ids)})"
    params: list[Any] = list(article_ids)
    if actor_keys is not None:
        where += f" AND actor_key IN ({_marks(actor_keys)})"
        params.extend(actor_keys)
    found: dict[int, list[ArticleActor]] = {}
    for r in db.query(f"SELECT article_id, actor_key, name, reasons FROM article_actors WHERE {where}", params):
        found.setdefault(r["article_id"], []).append(
            ArticleActor(actor_key=r["actor_key"], name=r["name"], reasons=json.loads(r["reasons"] or "[]"))
        )
    return found


# --- follows ----------------------------------------------------------------------------------------------------


def follows(db: sqlite_utils.Database, platform: str, chat_id: str) -> list[Follow]:
    """The actors a chat follows, in the order it followed them."""
    return [
        from_row(Follow, r)
        for r in db.query("SELECT * FROM follows WHERE platform = ? AND chat_id = ? ORDER BY id", [platform, chat_id])
    ]


def follow(
    db: sqlite_utils.Database, platform: str, chat_id: str, actor_key: str, actor_name: str,
    created_by: str | None = None,
) -> bool:
    """Follow an actor in a chat; False when the chat already follows it."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO follows (platform, chat_id, actor_key, actor_name, created, created_by) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [platform, chat_id, actor_key, actor_name, utcnow(), created_by],
    )
    return cursor.rowcount > 0


def unfollow(db: sqlite_utils.Database, platform: str, chat_id: str, actor_key: str) -> bool:
    """Stop following an actor in a chat; False when the chat did not follow it."""
    cursor = db.execute(
        "DELETE FROM follows WHERE platform = ? AND chat_id = ? AND actor_key = ?", [platform, chat_id, actor_key]
    )
    return cursor.rowcount > 0


def move_follows(db: sqlite_utils.Database, platform: str, old_chat_id: str, new_chat_id: str) -> None:
    """A chat that moved (a group become a supergroup) keeps its follows; those the new id has already stay."""
    db.execute(
        "UPDATE OR IGNORE follows SET chat_id = ? WHERE platform = ? AND chat_id = ?",
        [new_chat_id, platform, old_chat_id],
    )
    db.execute("DELETE FROM follows WHERE platform = ? AND chat_id = ?", [platform, old_chat_id])


# --- the tracker as commands and digests read it ----------------------------------------------------------------


def first_reports(
    db: sqlite_utils.Database,
    *,
    actor_keys: Sequence[str] | None = None,
    actor_text: str | None = None,
    limit: int = 2000,
    tracked_only: bool = False,
) -> list[StoredPledge]:
    """Pledges as the tracker follows them (one per pledge, however many outlets reported it), newest first, with
    how many reports each has; optionally those by one of `actor_keys`, or whose actor as written contains
    `actor_text` (case-insensitive), or only those the tracker has read."""
    where, params = ["p.canonical_id IS NULL"], []
    if tracked_only:
        where.append("p.actor_key IS NOT NULL")
    if actor_keys is not None:
        if not actor_keys:
            return []
        clause, keys = _actor_clause(actor_keys)
        where.append(clause)
        params.extend(keys)
    if actor_text:
        escaped = actor_text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append(
            "(p.actor LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM pledges c WHERE c.canonical_id = p.id "
            "AND c.actor LIKE ? ESCAPE '\\'))"
        )
        params.extend([f"%{escaped}%"] * 2)
    return [
        _pledge(r)
        for r in db.query(
            f"SELECT {_PLEDGE_COLUMNS}, 1 + (SELECT COUNT(*) FROM pledges c WHERE c.canonical_id = p.id) AS reports "
            f"{_PLEDGE_FROM} WHERE {' AND '.join(where)} ORDER BY a.sort_time DESC, p.id DESC LIMIT ?",
            [*params, limit],
        )
    ]


def follow_ups_of(db: sqlite_utils.Database, pledge_ids: Sequence[int]) -> list[StoredFollowUp]:
    """The follow-ups linked to these pledges, oldest first, with the stories that reported them."""
    if not pledge_ids:
        return []
    found: list[StoredFollowUp] = []
    ids = list(dict.fromkeys(pledge_ids))
    for start in range(0, len(ids), 500):  # SQLite's limit on parameters
        chunk = ids[start : start + 500]
        found.extend(
            from_row(StoredFollowUp, r, day_only=bool(r["day_only"]))
            for r in db.query(
                "SELECT f.id, f.pledge_id, f.article_id, f.outcome, f.evidence, f.reason, f.new_due, f.published, "
                "f.created, a.title, a.url, s.name AS source_name, a.published AS story_published, a.day_only "
                "FROM pledge_followups f "
                "JOIN articles a ON a.id = f.article_id LEFT JOIN sources s ON s.id = a.source_id "
                f"WHERE f.pledge_id IN ({_marks(chunk)}) ORDER BY f.published, f.id",
                chunk,
            )
        )
    return found


def _chat_clause(
    subscription_id: int, follow_keys: Sequence[str], sending: Sequence[int]
) -> tuple[str, list[Any]]:
    """First reports that are a chat's: by an actor it follows, or reported (in any copy) in a story it was sent or
    is being sent now (the articles `sending`)."""
    parts = [
        "EXISTS (SELECT 1 FROM pledges c JOIN delivered d ON d.article_id = c.article_id "
        "WHERE d.subscription_id = ? AND (c.id = p.id OR c.canonical_id = p.id))"
    ]
    params: list[Any] = [subscription_id]
    if sending:
        parts.append(
            f"EXISTS (SELECT 1 FROM pledges c WHERE c.article_id IN ({_marks(sending)}) "
            "AND (c.id = p.id OR c.canonical_id = p.id))"
        )
        params.extend(sending)
    if follow_keys:
        clause, keys = _actor_clause(follow_keys)
        parts.insert(0, clause)
        params[:0] = keys
    return "(" + " OR ".join(parts) + ")", params


def chat_pledges_due(
    db: sqlite_utils.Database,
    subscription_id: int,
    follow_keys: Sequence[str],
    first: str,
    last: str,
    sending: Sequence[int] = (),
    reported_before: str | None = None,
    known_before_due: bool = False,
) -> list[StoredPledge]:
    """A chat's unsettled pledges whose deadline (or a delay's new one) falls between the ISO dates `first` and
    `last`, for a line falling due or past its deadline (the caller leaves out the lines a chat was sent for the
    deadline in force, which a delay moves: `pledge_notices` names it).
    Pledges reported in the stories being sent now (`sending`), or first stored at or after `reported_before`, are
    left out: their story shows them with their deadline. So is, with `known_before_due`, a pledge first stored on
    or after its deadline's day: its story came after the deadline and said it."""
    mine, params = _chat_clause(subscription_id, follow_keys, ())
    if sending:
        mine += (
            f" AND NOT EXISTS (SELECT 1 FROM pledges c WHERE c.article_id IN ({_marks(sending)}) "
            "AND (c.id = p.id OR c.canonical_id = p.id))"
        )
        params = [*params, *sending]
    if reported_before:
        mine += " AND a.fetched < ?"
        params = [*params, reported_before]
    if known_before_due:
        mine += " AND a.fetched < p.due"  # ISO texts: any moment of the day before sorts before the date
    return [
        _pledge(r)
        for r in db.query(
            f"SELECT {_PLEDGE_COLUMNS} {_PLEDGE_FROM} WHERE p.canonical_id IS NULL AND p.actor_key IS NOT NULL "
            f"AND {_UNSETTLED} AND ((p.due BETWEEN ? AND ?) OR EXISTS (SELECT 1 FROM pledge_followups f "
            f"WHERE f.pledge_id = p.id AND f.new_due BETWEEN ? AND ?)) AND {mine} "
            "ORDER BY p.due, p.id LIMIT 200",
            [first, last, first, last, *params],
        )
    ]


def chat_settled(
    db: sqlite_utils.Database,
    subscription_id: int,
    follow_keys: Sequence[str],
    since: str,
    sending: Sequence[int] = (),
) -> list[StoredPledge]:
    """A chat's pledges whose latest report (the one in force: kept, broken, superseded, or delayed) was stored
    since `since` and has not been told to the chat (a report's notice names it: `report_notice`). Only the
    latest counts: a breach overtaken by a later report before any digest is old news, and a pledge it left
    untold would stay a candidate for good and crowd out the rest."""
    mine, params = _chat_clause(subscription_id, follow_keys, sending)
    return [
        _pledge(r)
        for r in db.query(
            f"SELECT {_PLEDGE_COLUMNS} {_PLEDGE_FROM} WHERE p.canonical_id IS NULL AND EXISTS (SELECT 1 FROM "
            "pledge_followups f WHERE f.id = (SELECT g.id FROM pledge_followups g WHERE g.pledge_id = p.id ORDER BY "
            f"g.published DESC, g.id DESC LIMIT 1) AND f.outcome IN ({', '.join(repr(o) for o in SETTLING)}, "
            "'delayed') AND f.created >= ? AND NOT EXISTS (SELECT 1 FROM pledge_notices n WHERE n.subscription_id = ? "
            "AND n.pledge_id = p.id AND n.kind = CASE f.outcome WHEN 'delayed' THEN 'delayed@' || "
            f"COALESCE(f.new_due, '') ELSE f.outcome || '#' || f.id END)) AND {mine} ORDER BY p.id LIMIT 50",
            [since, subscription_id, *params],
        )
    ]


def report_notice(follow_up: StoredFollowUp) -> str:
    """The notice a report line leaves: a delay's names its new deadline ("delayed@2026-04-10", "delayed@" for
    none), so each new date is told once; any other names the report ("broken#12"), so a second breach after a
    new date is told as the first was. (Notices written before named the outcome alone: "broken".)"""
    if follow_up.outcome == "delayed":
        return f"delayed@{follow_up.new_due or ''}"
    return f"{follow_up.outcome}#{follow_up.id}"


def mark_noticed(
    db: sqlite_utils.Database, subscription_id: int, digest_key: str, notices: Iterable[tuple[int, str]]
) -> None:
    """Remember the pledge lines (pledge id, kind: due@DATE, overdue@DATE, kept, broken, superseded) a digest
    carries to a chat; a deadline line names the deadline it told, which a delay can move."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO pledge_notices (subscription_id, pledge_id, kind, digest_key) VALUES (?, ?, ?, ?)",
        [(subscription_id, pledge_id, kind, digest_key) for pledge_id, kind in notices],
    )


def noticed(db: sqlite_utils.Database, subscription_id: int, pledge_ids: Sequence[int]) -> set[tuple[int, str]]:
    """Which (pledge id, kind) lines a chat has been sent, of these pledges."""
    if not pledge_ids:
        return set()
    ids = list(dict.fromkeys(pledge_ids))
    return {
        (r["pledge_id"], r["kind"])
        for r in db.query(
            f"SELECT pledge_id, kind FROM pledge_notices WHERE subscription_id = ? AND pledge_id IN ({_marks(ids)})",
            [subscription_id, *ids],
        )
    }


def pledge_actor_names(db: sqlite_utils.Database, limit: int = 500) -> list[str]:
    """Actors as pledges name them, those with most pledges first (the tracker may not have read them yet)."""
    return [
        r["actor"]
        for r in db.query(
            "SELECT actor, COUNT(*) AS n FROM pledges WHERE canonical_id IS NULL GROUP BY actor "
            "ORDER BY n DESC, actor LIMIT ?",
            [limit],
        )
    ]


def followed_names(db: sqlite_utils.Database) -> list[str]:
    """Every actor some chat follows, by the name it was followed under (so stories about it are found)."""
    return [r["actor_name"] for r in db.query("SELECT actor_name FROM follows GROUP BY actor_key ORDER BY MIN(id)")]


def recent_headlines(db: sqlite_utils.Database, since: str, limit: int = 1000) -> list[tuple[int, str, list[str]]]:
    """(id, title, summary) of articles fetched since `since`, newest first: where a newly followed actor is
    looked for as a subject."""
    return [
        (r["id"], r["title"], json.loads(r["summary"] or "[]"))
        for r in db.query(
            "SELECT id, title, summary FROM articles WHERE fetched >= ? ORDER BY fetched DESC LIMIT ?", [since, limit]
        )
    ]


def add_subject(db: sqlite_utils.Database, actor_key: str, name: str, article_ids: Sequence[int]) -> None:
    """Record `actor_key` as a subject of these articles (reasons already recorded for it stay)."""
    _insert_actors(db, ((article_id, actor_key, name, ["subject"]) for article_id in article_ids))


def _insert_actors(db: sqlite_utils.Database, rows: Iterable[tuple[int, str, str, list[str]]]) -> None:
    """Rows of `article_actors`, those already there kept. (Plain SQL: sqlite-utils looks up a rowid after a
    one-row insert, and this table has none.)"""
    db.conn.executemany(
        "INSERT OR IGNORE INTO article_actors (article_id, actor_key, name, reasons) VALUES (?, ?, ?, ?)",
        [(article_id, key, name, json.dumps(reasons)) for article_id, key, name, reasons in rows],
    )
