"""Articles, their tags, full-text index and pledges.

An article is stored once, analysed, with its summary, quotes and pledges as JSON; commands read these and never
re-analyse. `group_id` ties together syndicated copies of one story (the first copy's id). The full-text index
(`articles_fts`) follows the table by itself: triggers update it on every insert, update and delete. What the
pledge tracker finds in an article (its actors, its pledges' actors and repeats, its follow-ups) is written by
`storage.tracking` once the tracker has read it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, replace
from typing import Any

import sqlite_utils

from storage import edits
from storage.db import transaction, utcnow
from storage.records import (
    Article,
    ArticlePledge,
    GroupCandidate,
    GroupMember,
    NewArticle,
    StoredArticle,
    article_pledges,
    article_quotes,
    from_row,
)
from storage.scripts import runs_words_together
from storage.tracking import SETTLING, forget_article, promote_copies

log = logging.getLogger(__name__)

_JSON_LISTED = ("tags", "summary")
_LIST_COLUMNS = (
    "a.id, a.url, a.source_id, a.guid, a.title, a.author, a.published, a.fetched, a.updated, a.sort_time, "
    "a.group_id, a.tags, a.summary, a.quotes, a.pledges, s.name AS source_name, a.day_only, a.paywalled, a.lang, "
    "a.from_teaser"
)


def _article(row: Mapping[str, Any]) -> Article:
    return from_row(Article, row, day_only=bool(row["day_only"]), paywalled=bool(row["paywalled"]),
                    from_teaser=bool(row["from_teaser"]),
                    quotes=article_quotes(row["quotes"]), pledges=article_pledges(row["pledges"]),
                    **{column: json.loads(row[column] or "[]") for column in _JSON_LISTED})


def _columns(article: NewArticle) -> dict[str, Any]:
    """The columns an analysed article sets, JSON encoded where the table keeps JSON."""
    return {
        "title": article.title,
        "author": article.author,
        "text": article.text,
        "text_hash": article.text_hash,
        "entry_hash": article.entry_hash,
        "sketch": json.dumps(article.sketch),
        "tags": json.dumps(list(dict.fromkeys(article.tags))),
        "summary": json.dumps(article.summary),
        "quotes": json.dumps([asdict(quote) for quote in article.quotes]),
        "pledges": json.dumps([asdict(pledge) for pledge in article.pledges]),
        "paywalled": int(article.paywalled),
        "from_teaser": int(article.from_teaser),
        "lang": article.lang,  # an edit may change it (a page read in full where its feed gave a line of English)
    }


def topic_clause(
    topics: Sequence[str], actor_keys: Sequence[str] = (), phrases: Sequence[str] | None = None
) -> tuple[str, list[Any]]:
    """SQL matching articles tagged with any topic or mentioning any of `phrases` (the topics when None) in title
    or text (FTS5 phrase search), or involving any of the actors `actor_keys` (quoted, pledging or a subject).
    Neither topics nor actors: all."""
    parts: list[str] = []
    params: list[Any] = []
    unspaced: list[str] = []
    if topics:
        marks = ",".join("?" for _ in topics)
        parts.append(f"SELECT article_id FROM article_tags WHERE tag IN ({marks})")
        params.extend(topics)
        searched = list(topics if phrases is None else phrases)
        unspaced = [t for t in searched if runs_words_together(t)]
        spaced = [t for t in searched if t not in unspaced]
        if spaced:
            parts.append("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?")
            params.append(" OR ".join('"' + t.replace('"', '""') + '"' for t in spaced))
    if actor_keys:
        parts.append(f"SELECT article_id FROM article_actors WHERE actor_key IN ({','.join('?' for _ in actor_keys)})")
        params.extend(actor_keys)
    if not parts:
        return "1", []
    clause = f"a.id IN ({' UNION '.join(parts)})"
    for phrase in unspaced:
        clause += " OR instr(lower(a.title), ?) > 0 OR instr(lower(a.text), ?) > 0"
        params.extend([phrase.lower(), phrase.lower()])
    return f"({clause})", params


def was_pruned(
    db: sqlite_utils.Database, url: str, source_id: int | None, guid: str | None, *, dated_after: str | None = None
) -> bool:
    """Whether this article was stored once and has since been deleted by the retention policy. `dated_after`: the
    entry's own date, for an entry known by a link that several stories may be listed under in turn (a press page's):
    dated after the pruning, it is a story published since, not the one pruned."""
    rows = list(db.execute("SELECT pruned_at FROM pruned WHERE url = ?", [url]).fetchall())
    if not rows and guid and source_id is not None:
        rows = list(db.execute("SELECT pruned_at FROM pruned WHERE source_id = ? AND guid = ?",
                               [source_id, guid]).fetchall())
    return any(dated_after is None or dated_after <= pruned_at for (pruned_at,) in rows)


def find_existing(db: sqlite_utils.Database, url: str, source_id: int | None, guid: str | None) -> StoredArticle | None:
    """The stored article with this normalized URL, or with this feed GUID from the same source."""
    found = _first_stored(db, "url = ?", [url])
    if found is None and guid and source_id is not None:
        found = _first_stored(db, "source_id = ? AND guid = ?", [source_id, guid])
    return found


def link_spellings(url: str) -> list[str]:
    """The other spellings of one web address that lead to one page: http:// or https://, with or without a leading
    "www." (a site answers at both, and two feeds, or one feed over time, write it each their way). Its path, query
    and port are kept: another page, or another site's, is another story."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in ("http", "https"):
        return []
    host, slash, tail = rest.partition("/")
    bare = host.removeprefix("www.")
    if not bare or "." not in bare:
        return []
    spellings = [f"{s}://{h}{slash}{tail}" for s in ("https", "http") for h in (bare, "www." + bare)]
    return [spelling for spelling in spellings if spelling != url]


def group_at_link(db: sqlite_utils.Database, url: str) -> int | None:
    """The story group of the article stored at another spelling of `url` (`link_spellings`), the earliest stored,
    or None: an outlet's story listed by a second feed as http:// where the first wrote https://, or with "www."
    where it had none, was a story of its own, and a chat got it twice, one under the other."""
    spellings = link_spellings(url)
    if not spellings:
        return None
    marks = ",".join("?" for _ in spellings)
    row = db.execute(f"SELECT group_id FROM articles WHERE url IN ({marks}) ORDER BY id LIMIT 1", spellings).fetchone()
    return int(row[0]) if row and row[0] is not None else None


# The columns a StoredArticle is read from, for the lookups that ask whether an entry is stored already.
_STORED_COLUMNS = "id, url, source_id, guid, title, text_hash, entry_hash, group_id, published"


def _first_stored(db: sqlite_utils.Database, where: str, params: list[Any]) -> StoredArticle | None:
    """The first stored article matching `where` (an SQL condition with its parameters), or None."""
    row = next(db.query(f"SELECT {_STORED_COLUMNS} FROM articles WHERE {where} LIMIT 1", params), None)
    return from_row(StoredArticle, row) if row else None


def find_same_entry(
    db: sqlite_utils.Database, source_id: int, entry_hash: str, url: str
) -> StoredArticle | None:
    """An article of the same source with the same headline and text (`entry_hash`) at the same page address as
    `url` but for its query string or fragment: the same entry under a link whose parameters change at every fetch
    (a session id, a cache buster), which the URL and GUID lookups miss; or an entry of a press page that every item
    links to, kept at the page with an anchor of its own while others shared the link, at the bare page once it is
    listed alone (or the other way round). The page's address alone is the same; the words say the story is too."""
    for stored, _ in _at_page(db, source_id, url):
        if stored.entry_hash == entry_hash:
            return stored
    return None


def stories_at_page(
    db: sqlite_utils.Database, source_id: int, url: str, limit: int = 200
) -> list[tuple[StoredArticle, list[int]]]:
    """The source's stories stored at the page of `url` (bare, or with a query or an anchor of their own), newest
    first, each with its text's sketch: a press page that lists one release at a time keeps each at an anchor, and
    an edit of one is found among them by its words. `limit` bounds the work for a page with years of releases."""
    return sorted(_at_page(db, source_id, url), key=lambda found: -found[0].id)[:limit]


def stored_sketch(db: sqlite_utils.Database, article_id: int) -> list[int]:
    """The sketch of a stored article's text (empty if it is gone): what an entry's words are compared with."""
    row = next(db.query("SELECT sketch FROM articles WHERE id = ?", [article_id]), None)
    return json.loads(row["sketch"] or "[]") if row else []


def _at_page(db: sqlite_utils.Database, source_id: int, url: str) -> list[tuple[StoredArticle, list[int]]]:
    """The source's articles at `url`'s page address but for its query string or fragment, with their sketches."""
    page = url.split("#", 1)[0].split("?", 1)[0]
    if not page.startswith(("http://", "https://")):
        return []
    columns = _STORED_COLUMNS + ", sketch"
    # The page itself, with a query ("?" < "@") and with a fragment ("#" < "$"): lookups on the URL's index,
    # whatever the size of the source's history (a search by source scanned all of it for every new entry).
    rows = db.query(f"SELECT {columns} FROM articles WHERE url = ? UNION ALL "
                    f"SELECT {columns} FROM articles WHERE url >= ? AND url < ? UNION ALL "
                    f"SELECT {columns} FROM articles WHERE url >= ? AND url < ?",
                    [page, page + "?", page + "@", page + "#", page + "$"])
    return [(from_row(StoredArticle, row), json.loads(row["sketch"] or "[]")) for row in rows
            if row["source_id"] == source_id]


def find_moved_entry(
    db: sqlite_utils.Database, source_id: int, entry_hash: str, published: str
) -> StoredArticle | None:
    """An article of the same source with this entry's headline and text (`entry_hash`) and publication time: the
    same story at the address a moved feed gives it, or its feed gives it in place (a new domain or CMS, https: its
    links and ids new). The date keeps apart stories of one headline and lead (a daily briefing's line), which a
    move does not change."""
    return _first_stored(db, "source_id = ? AND published = ? AND entry_hash = ?", [source_id, published, entry_hash])


def find_moved_and_edited(
    db: sqlite_utils.Database, source_id: int, published: str, text: str
) -> StoredArticle | None:
    """An article of the same source with this entry's publication time and body text, word for word, whose
    headline differs: the same story at the new address its feed gives it, its headline edited in the same read.
    (The caller checks that the stored story's own link and id are no longer listed.)"""
    if not text.strip():
        return None
    return _first_stored(db, "source_id = ? AND published = ? AND text = ?", [source_id, published, text])


def known_by_words_at(
    db: sqlite_utils.Database, source_id: int, published: str, limit: int = 50
) -> list[tuple[StoredArticle, list[int]]]:
    """The source's stories published at `published` that it knows by their words alone (no link, no id of their
    own: an id "sha256:..." in the urn of the source), each with its text's sketch: an edit of such an item gave it
    new words, and with them a new id; it is found among these by what it says."""
    rows = db.query(f"SELECT {_STORED_COLUMNS}, sketch FROM articles WHERE source_id = ? AND published = ? AND "
                    "url LIKE 'urn:communique:%' AND guid LIKE 'sha256:%' ORDER BY id DESC LIMIT ?",
                    [source_id, published, limit])
    return [(from_row(StoredArticle, row), json.loads(row["sketch"] or "[]")) for row in rows]


def relink(db: sqlite_utils.Database, article_id: int, url: str, guid: str | None) -> None:
    """Keep a stored story under the link and id its feed now gives it (the site moved its stories): an edit read
    at the new link later is then the story's, not a new story to send whole again. Its old link is remembered as
    one leading to it (`remember_link`, with the words it was stored with): forgotten, it was no pruned story's once
    retention deleted the story, and still listed somewhere (a social feed's post), it was followed and sent again."""
    with transaction(db):
        db.execute("INSERT OR REPLACE INTO story_links (url, entry_hash, article_id) SELECT url, "
                   "COALESCE(entry_hash, text_hash), id FROM articles WHERE id = ? AND url != ?", [article_id, url])
        db.execute("UPDATE articles SET url = ?, guid = ? WHERE id = ?", [url, guid, article_id])


def find_same_story(db: sqlite_utils.Database, source_id: int, text_hash: str) -> StoredArticle | None:
    """An article of the same source whose stored headline and text fingerprint (`text_hash`) is this one: a story
    its feed lists again under a new address, id and date (a CMS republishing its old items), which the URL, GUID
    and page-address lookups miss. On the text_hash index."""
    return _first_stored(db, "text_hash = ? AND source_id = ?", [text_hash, source_id])


def _pledge_row(article_id: int, pledge: ArticlePledge, created: str) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "actor": pledge.actor,
        "commitment": pledge.commitment,
        "evidence": pledge.evidence,
        "when_text": pledge.when,
        "due": pledge.due,
        "created": created,
    }


def _index(db: sqlite_utils.Database, article_id: int, article: NewArticle) -> None:
    """The rows kept beside an article: its tags and its pledges (the full-text index keeps itself)."""
    db.table("article_tags").insert_all(
        ({"article_id": article_id, "tag": tag} for tag in dict.fromkeys(article.tags)), ignore=True
    )
    created = utcnow()
    db.table("pledges").insert_all(_pledge_row(article_id, pledge, created) for pledge in article.pledges)


def replace_tags(db: sqlite_utils.Database, article_id: int, tags: Iterable[str]) -> None:
    """An article's tag rows replaced by `tags` (the article's own `tags` column is the caller's): an edited story
    and a source whose tags the config changed both re-tag a stored story this one way."""
    db.execute("DELETE FROM article_tags WHERE article_id = ?", [article_id])
    db.table("article_tags").insert_all(
        ({"article_id": article_id, "tag": tag} for tag in dict.fromkeys(tags)), ignore=True
    )


def _reindex(db: sqlite_utils.Database, article_id: int, article: NewArticle) -> None:
    """An edited article's rows: tags replaced; the pledges it still reports (same actor, commitment and deadline)
    kept with their ids, so what the tracker linked to them stays; the others replaced; the tracker reads it again."""
    replace_tags(db, article_id, article.tags)
    kept: dict[tuple[Any, ...], list[int]] = {}
    for row in db.query(
        "SELECT id, actor, commitment, when_text, due FROM pledges WHERE article_id = ? ORDER BY id", [article_id]
    ):
        kept.setdefault((row["actor"], row["commitment"], row["when_text"], row["due"]), []).append(row["id"])
    created = utcnow()
    fresh = []
    for pledge in article.pledges:
        row = _pledge_row(article_id, pledge, created)
        same = kept.get((row["actor"], row["commitment"], row["when_text"], row["due"]))
        if same:
            same.pop(0)
        else:
            fresh.append(row)
    _drop_pledges(db, [pledge_id for ids in kept.values() for pledge_id in ids])
    db.table("pledges").insert_all(fresh)
    forget_article(db, article_id)


def _drop_pledges(db: sqlite_utils.Database, pledge_ids: Sequence[int]) -> None:
    if not pledge_ids:
        return
    promote_copies(db, pledge_ids)
    for start in range(0, len(pledge_ids), 500):
        chunk = list(pledge_ids[start : start + 500])
        db.execute(f"DELETE FROM pledges WHERE id IN ({','.join('?' for _ in chunk)})", chunk)


def _unindex(db: sqlite_utils.Database, article_id: int) -> None:
    db.execute("DELETE FROM article_tags WHERE article_id = ?", [article_id])
    db.execute("DELETE FROM article_sources WHERE article_id = ?", [article_id])
    db.execute("DELETE FROM story_links WHERE article_id = ?", [article_id])
    _drop_pledges(db, [r[0] for r in db.execute("SELECT id FROM pledges WHERE article_id = ?", [article_id])])


def insert_article(db: sqlite_utils.Database, article: NewArticle, *, group_id: int | None = None) -> int:
    """Store a new analysed article in one transaction; it starts its own group unless `group_id` is given."""
    now = utcnow()
    with transaction(db):
        inserted = db.table("articles").insert(
            {
                "url": article.url,
                "source_id": article.source_id,
                "guid": article.guid,
                "published": article.published,
                "fetched": now,
                "sort_time": article.published or now,
                "group_id": group_id,
                "archive": int(article.archive),
                "day_only": int(article.day_only),
                "own_day": article.own_day,
                **_columns(article),
            }
        ).last_pk
        assert inserted is not None
        article_id = int(inserted)
        if group_id is None:
            db.table("articles").update(article_id, {"group_id": article_id})
        _index(db, article_id, article)
        if article.source_id is not None:
            db.execute("INSERT OR IGNORE INTO article_sources (article_id, source_id) VALUES (?, ?)",
                       [article_id, article.source_id])
    return article_id


def listers_tags(db: sqlite_utils.Database, article_id: int, but: int | None = None) -> list[str]:
    """The tags of every source that listed a story (`but` one), as the config gives them now, or gave them last
    for a source since removed: a removed source's tags stay on what it listed, as they do on what it stored."""
    tags: list[str] = []
    for row in db.execute(
        "SELECT s.tags FROM article_sources l JOIN sources s ON s.id = l.source_id "
        "WHERE l.article_id = ? AND l.source_id IS NOT ? ORDER BY s.id", [article_id, but]
    ):
        tags.extend(json.loads(row[0] or "[]"))
    return list(dict.fromkeys(tags))


def remember_link(db: sqlite_utils.Database, url: str, entry_hash: str, article_id: int) -> None:
    """A feed entry (its words `entry_hash`) lists the stored story `article_id` at `url`, a link other than the
    story's own that was followed to find it (a short link that redirects to it, or its address when the story is
    stored at the short link): kept, so that the entry read again as it was is the story without a request."""
    with transaction(db):
        db.execute("INSERT OR REPLACE INTO story_links (url, entry_hash, article_id) VALUES (?, ?, ?)",
                   [url, entry_hash, article_id])


def story_at_link(db: sqlite_utils.Database, url: str, entry_hash: str) -> StoredArticle | None:
    """The stored story a feed entry of these words was found to lead to at `url` (`remember_link`), or None. An
    entry whose words changed is not taken for it: a link given to another story is followed again."""
    return _first_stored(db, "id = (SELECT article_id FROM story_links WHERE url = ? AND entry_hash = ?)",
                         [url, entry_hash])


def add_listing(db: sqlite_utils.Database, article_id: int, source_id: int, tags: Sequence[str]) -> list[str]:
    """Another source lists a story stored once (by its link): it joins the story's sources, and its tags join the
    story's, so a chat following one of them gets the story (once, as any). Returns the tags it added (none when
    the story had them all). A source that lists it at every read writes nothing once it is recorded."""
    wanted = list(dict.fromkeys(tags))
    listed = db.execute("SELECT 1 FROM article_sources WHERE article_id = ? AND source_id = ?",
                        [article_id, source_id]).fetchone()
    row = db.execute("SELECT tags FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None or (listed and set(wanted) <= set(json.loads(row[0] or "[]"))):
        return []
    with transaction(db):
        db.execute("INSERT OR IGNORE INTO article_sources (article_id, source_id) VALUES (?, ?)",
                   [article_id, source_id])
        row = db.execute("SELECT tags FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            return []
        had = json.loads(row[0] or "[]")
        added = [tag for tag in wanted if tag not in had]
        if added:
            db.execute("UPDATE articles SET tags = ? WHERE id = ?", [json.dumps([*had, *added]), article_id])
            db.table("article_tags").insert_all(({"article_id": article_id, "tag": tag} for tag in added),
                                                ignore=True)
    return added


def update_article(
    db: sqlite_utils.Database, old: StoredArticle, article: NewArticle, *, claimed: bool = False,
    change: str | None = None,
) -> int:
    """Replace an edited story's text and analysis in place: same id, so chats that saw it are not sent it again.
    `claimed`: the story is now the source of `article`'s (the site the link is on listed what another source
    stored first), and known by its id in that source's feed. `change`: the edit is material (what changed, in
    one line): the chats the story was delivered to are owed word of it, recorded in the same transaction.
    Returns how many chats are owed it."""
    owner = {"source_id": article.source_id, "guid": article.guid} if claimed else {}
    with transaction(db):
        # The other sources that listed it keep their tags on it through the edit (and the claim).
        article = replace(article, tags=list(dict.fromkeys(
            [*article.tags, *listers_tags(db, old.id, but=article.source_id)])))
        if article.source_id is not None:
            db.execute("INSERT OR IGNORE INTO article_sources (article_id, source_id) VALUES (?, ?)",
                       [old.id, article.source_id])
        db.table("articles").update(old.id, {**_columns(article), **owner, "updated": utcnow()})
        _reindex(db, old.id, article)
        return edits.record_edit(db, old.id, old.title, change) if change else 0


def get_article(db: sqlite_utils.Database, article_id: int) -> Article | None:
    """A stored story by its id, as digests read it (its headline and what the analysis found)."""
    row = next(db.query(f"SELECT {_LIST_COLUMNS} FROM articles a LEFT JOIN sources s ON s.id = a.source_id "
                        "WHERE a.id = ?", [article_id]), None)
    return _article(row) if row else None


def near_in_time(
    db: sqlite_utils.Database, start: str, end: str, limit: int = 1000, *, after_id: int = 0
) -> list[GroupCandidate]:
    """Sketches and titles of articles dated between `start` and `end` (and stored after `after_id`): the
    candidates a new article may be a syndicated copy of (copies of one story appear within days of each other)."""
    return [
        GroupCandidate(r["id"], r["group_id"], r["source_id"], r["title"], json.loads(r["sketch"] or "[]"))
        for r in db.query(
            "SELECT id, group_id, source_id, title, sketch FROM articles WHERE sort_time BETWEEN ? AND ? AND id > ? "
            "ORDER BY sort_time DESC LIMIT ?",
            [start, end, after_id, limit],
        )
    ]


def latest(
    db: sqlite_utils.Database, limit: int, topics: Sequence[str] = (), actor_keys: Sequence[str] = (),
    phrases: Sequence[str] | None = None, between: tuple[str, str] | None = None, source: str | None = None,
) -> list[Article]:
    """The newest `limit` stories matching any of `topics` (searched as `phrases` when given) or involving any of
    `actor_keys` (all when neither), one article per story group; `between` (ISO times, the end excluded): only
    those published then (a chat's "yesterday"); `source`: only the source of that name's."""
    clause, params = topic_clause(topics, actor_keys, phrases)
    if between is not None:
        clause, params = f"({clause}) AND a.sort_time >= ? AND a.sort_time < ?", [*params, *between]
    if source is not None:
        clause, params = f"({clause}) AND s.name = ?", [*params, source]
    rows = db.query(
        f"SELECT {_LIST_COLUMNS} FROM articles a LEFT JOIN sources s ON s.id = a.source_id "
        f"WHERE {clause} ORDER BY a.sort_time DESC, a.id DESC LIMIT ?",
        [*params, limit * 4],
    )
    return _one_per_group((_article(r) for r in rows), limit)


def _one_per_group(articles: Iterable[Article], limit: int) -> list[Article]:
    chosen: list[Article] = []
    groups: set[int] = set()
    for article in articles:
        if article.story_group in groups:
            continue
        groups.add(article.story_group)
        chosen.append(article)
        if len(chosen) >= limit:
            break
    return chosen


# A story is a subscription's by its date: published since its backlog start (`since`), or fetched since it began
# (`created`). Back catalogue (a source's feed as it joined the bot, or what the feeds listed when a backup was
# restored) is owed only to a backlog chosen after it was stored (a chat subscribing later, `/subscribe since 7d`),
# by its own date: a chat subscribed months before had it all inside its backlog, and got a month of a new source's
# feed as news. Parameters: since, started, since, started.
_OWED_BY_DATE = (
    "((a.archive = 0 AND (a.sort_time >= ? OR a.fetched >= ?)) "
    "OR (a.archive = 1 AND a.published IS NOT NULL AND a.sort_time >= ? AND a.fetched < ?))"
)


def undelivered(
    db: sqlite_utils.Database,
    subscription_id: int,
    topics: Sequence[str],
    since: str,
    limit: int = 500,
    *,
    started: str,
    actor_keys: Sequence[str] = (),
    phrases: Sequence[str] | None = None,
) -> list[Article]:
    """Articles matching the topics or involving the actors that this subscription has not been sent: those
    published since `since` (its backlog) and those fetched since it `started` (whatever their date: a feed's late
    item is news), newest first. A source's back catalogue, read when it was added to a running bot, is owed only
    by the backlog's date, and its undated entries (dated when fetched: no date to reach) never. Topics are searched
    in the text as `phrases` when given (see `topic_clause`)."""
    clause, params = topic_clause(topics, actor_keys, phrases)
    return [
        _article(r)
        for r in db.query(
            f"SELECT {_LIST_COLUMNS} FROM articles a LEFT JOIN sources s ON s.id = a.source_id "
            f"WHERE {_OWED_BY_DATE} AND {clause} AND NOT EXISTS "
            "(SELECT 1 FROM delivered d WHERE d.subscription_id = ? AND d.article_id = a.id) "
            "ORDER BY a.sort_time DESC, a.id DESC LIMIT ?",
            [since, started, since, started, *params, subscription_id, limit],
        )
    ]


def by_link(db: sqlite_utils.Database, url: str) -> Article | None:
    """The story stored at this link (a trailing slash aside), for `communique why`."""
    links = list(dict.fromkeys([url, url.rstrip("/"), url.rstrip("/") + "/"]))
    marks = ",".join("?" for _ in links)
    row = next(db.query(f"SELECT {_LIST_COLUMNS} FROM articles a LEFT JOIN sources s ON s.id = a.source_id "
                        f"WHERE a.url IN ({marks}) ORDER BY a.id LIMIT 1", links), None)
    return _article(row) if row else None


def by_headline(db: sqlite_utils.Database, words: str, limit: int) -> list[Article]:
    """At most `limit` stories whose headline holds these words as written (any case), newest first: an operator
    quoting what a reader asked about has the headline, not the link."""
    return [_article(r) for r in db.query(
        f"SELECT {_LIST_COLUMNS} FROM articles a LEFT JOIN sources s ON s.id = a.source_id "
        "WHERE instr(lower(a.title), ?) > 0 ORDER BY a.sort_time DESC, a.id DESC LIMIT ?",
        [words.strip().lower(), limit])]


def matches(
    db: sqlite_utils.Database, article_id: int, topics: Sequence[str], actor_keys: Sequence[str] = (),
    phrases: Sequence[str] | None = None,
) -> bool:
    """Whether the article matches these topics or actors as a subscription's digest selects (`topic_clause`)."""
    clause, params = topic_clause(topics, actor_keys, phrases)
    return db.execute(f"SELECT 1 FROM articles a WHERE a.id = ? AND {clause}", [article_id, *params]).fetchone() \
        is not None


def owed_by_date(db: sqlite_utils.Database, article_id: int, since: str, started: str) -> bool:
    """Whether the article falls in a subscription's stories by its date, as `undelivered` selects them."""
    return db.execute(f"SELECT 1 FROM articles a WHERE a.id = ? AND {_OWED_BY_DATE}",
                      [article_id, since, started, since, started]).fetchone() is not None


def is_back_catalogue(db: sqlite_utils.Database, article_id: int) -> bool:
    """Whether the article was a source's back catalogue when it joined a running bot (kept from chats as news)."""
    row = db.execute("SELECT archive FROM articles WHERE id = ?", [article_id]).fetchone()
    return bool(row and row[0])


def groups_already_delivered(db: sqlite_utils.Database, subscription_id: int, group_ids: Iterable[int]) -> set[int]:
    """Which of these story groups this subscription has already been sent some copy of. Read from the groups'
    stories (CROSS JOIN keeps SQLite to that order): from the chat's sent rows, with no statistics to tell it
    otherwise, it read every story a chat taking all of them was ever sent, at each digest."""
    ids = list(set(group_ids))
    if not ids:
        return set()
    marks = ",".join("?" for _ in ids)
    return {
        r["group_id"]
        for r in db.query(
            f"SELECT DISTINCT a.group_id FROM articles a CROSS JOIN delivered d ON d.article_id = a.id "
            f"WHERE d.subscription_id = ? AND a.group_id IN ({marks})",
            [subscription_id, *ids],
        )
    }


def delivered_in_groups(db: sqlite_utils.Database, subscription_id: int, group_ids: Iterable[int]) -> list[Article]:
    """The copies of these story groups this subscription was sent (or covered), oldest first: what the chat
    already has of each story, against which a later outlet's copy may carry news. Read from the groups' stories,
    as `groups_already_delivered` is."""
    ids = list(set(group_ids))
    if not ids:
        return []
    marks = ",".join("?" for _ in ids)
    return [_article(r) for r in db.query(
        f"SELECT {_LIST_COLUMNS} FROM articles a CROSS JOIN delivered d ON d.article_id = a.id "
        f"LEFT JOIN sources s ON s.id = a.source_id WHERE d.subscription_id = ? AND a.group_id IN ({marks}) "
        "ORDER BY a.id", [subscription_id, *ids])]


def delivery_keys_in_groups(
    db: sqlite_utils.Database, subscription_id: int, group_ids: Iterable[int]
) -> dict[int, str]:
    """The digest that sent (or covered) each copy of these story groups to this subscription, by the copy's id:
    the copies one digest covered beside the copy it showed were never shown."""
    ids = list(set(group_ids))
    if not ids:
        return {}
    marks = ",".join("?" for _ in ids)
    return {r["id"]: r["digest_key"] for r in db.query(
        f"SELECT a.id, d.digest_key FROM articles a CROSS JOIN delivered d ON d.article_id = a.id "
        f"WHERE d.subscription_id = ? AND a.group_id IN ({marks})", [subscription_id, *ids])}


def group_members(db: sqlite_utils.Database, group_ids: Iterable[int]) -> list[GroupMember]:
    """Every article of these groups with its source name (for "also reported by")."""
    ids = list(set(group_ids))
    if not ids:
        return []
    marks = ",".join("?" for _ in ids)
    return [
        from_row(GroupMember, r)
        for r in db.query(
            f"SELECT a.id, a.group_id, a.url, a.sort_time, s.name AS source_name FROM articles a "
            f"LEFT JOIN sources s ON s.id = a.source_id WHERE a.group_id IN ({marks}) ORDER BY a.id",
            ids,
        )
    ]


def other_listers(db: sqlite_utils.Database, article_ids: Iterable[int]) -> dict[int, list[str]]:
    """The names of the other sources that listed each of these stories at its own link (stored once, under the
    source that stored it): for "also reported by", beside the group's copies at other links."""
    ids = list(set(article_ids))
    listers: dict[int, list[str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" for _ in chunk)
        for row in db.execute(
            f"SELECT l.article_id, s.name FROM article_sources l JOIN articles a ON a.id = l.article_id "
            f"JOIN sources s ON s.id = l.source_id WHERE l.article_id IN ({marks}) "
            "AND l.source_id IS NOT a.source_id ORDER BY s.id", chunk
        ):
            listers.setdefault(int(row[0]), []).append(str(row[1]))
    return listers


def newest_id(db: sqlite_utils.Database) -> int:
    """The id of the article stored last (0 for none)."""
    return int(db.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0])


def count_articles(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])


def count_fetched_since(db: sqlite_utils.Database, since: str) -> int:
    """How many stories were stored since `since` (ISO), back catalogues aside: what arrived for chats to get."""
    return int(db.execute("SELECT COUNT(*) FROM articles WHERE fetched >= ? AND archive = 0", [since]).fetchone()[0])


def newest_by_source(db: sqlite_utils.Database) -> dict[int, str]:
    """Each source's newest stored story, by its publication time (else when it was read): a feed that answers
    but stopped publishing looks healthy by its fetches alone, and this is what tells."""
    rows = db.execute(
        "SELECT source_id, MAX(COALESCE(published, fetched)) FROM articles WHERE source_id IS NOT NULL "
        "GROUP BY source_id"
    ).fetchall()
    return {int(source_id): str(newest) for source_id, newest in rows if newest}


def story_times(db: sqlite_utils.Database, source_id: int, limit: int) -> list[str]:
    """The `limit` newest stories' times of a source (`sort_time`: their publication, else when they were read),
    newest first, counting the stories another source stored first that it listed too: how often a source brings
    a story, read from its own recent past, tells a weekly bulletin's five quiet days from a wire's."""
    rows = db.execute(
        "SELECT a.sort_time FROM article_sources l JOIN articles a ON a.id = l.article_id WHERE l.source_id = ? "
        "ORDER BY a.sort_time DESC LIMIT ?",
        [source_id, limit],
    ).fetchall()
    return [str(moment) for (moment,) in rows]


def sources_with_stories_since(db: sqlite_utils.Database, since: str) -> set[int]:
    """The sources that listed a story dated `since` or after: read on the stories' time index from the newest, so
    it costs the recent stories alone (a source's newest story, grouped over every story, took seconds)."""
    rows = db.execute(
        "SELECT DISTINCT l.source_id FROM articles a CROSS JOIN article_sources l ON l.article_id = a.id "
        "WHERE a.sort_time >= ?",
        [since],
    ).fetchall()
    return {int(source_id) for (source_id,) in rows}


def oldest_fetched(db: sqlite_utils.Database) -> str | None:
    """When the oldest stored story came in (on the `fetched` index): what retention has kept, for `status`."""
    row = db.execute("SELECT MIN(fetched) FROM articles").fetchone()
    return str(row[0]) if row and row[0] else None


def prune(db: sqlite_utils.Database, before: str, today: str, *, limit: int | None = None) -> int:
    """Delete articles fetched before `before`, except those with a pledge whose latest report settled nothing and
    whose deadline in force (a delay's new one, else its own) is on or after `today` (so /pledges keeps what is
    still awaited). Their URLs and GUIDs are remembered in
    `pruned` (with the links other entries listed them by), so an old item that lingers in a feed is not taken for
    new and sent again. Old sent and failed ledger
    rows go too, but for each chat's newest sent one. At most `limit` articles, the oldest, when given (one
    transaction each call: a caller on the event loop prunes a batch at a time). Returns how many articles went."""
    settling = ", ".join(f"'{outcome}'" for outcome in SETTLING)
    # The report in force on the pledge (its latest), and the deadline in force: a delay's new one, else its own.
    latest = ("(SELECT f.{} FROM pledge_followups f WHERE f.pledge_id = COALESCE(p.canonical_id, p.id) "
              "ORDER BY f.published DESC, f.id DESC LIMIT 1)")
    awaited = (f"COALESCE({latest.format('outcome')}, '') NOT IN ({settling}) AND CASE {latest.format('outcome')} "
               f"WHEN 'delayed' THEN {latest.format('new_due')} ELSE p.due END >= ?")
    with transaction(db):
        doomed = list(
            db.query(
                "SELECT a.id, a.url, a.source_id, a.guid FROM articles a WHERE a.fetched < ? "
                f"AND NOT EXISTS (SELECT 1 FROM pledges p WHERE p.article_id = a.id AND {awaited}) "
                "ORDER BY a.fetched LIMIT ?",
                [before, today, -1 if limit is None else limit],
            )
        )
        pruned_at = utcnow()
        db.table("pruned").insert_all(
            ({"url": old["url"], "source_id": old["source_id"], "guid": old["guid"], "pruned_at": pruned_at}
             for old in doomed),
            replace=True,  # the last pruning under a URL is the one a later entry's date is compared with
        )
        # The links other entries listed the story by (a social feed's short link to it): forgotten with it, the
        # next read followed one to the story's page and stored it again, sent to the chats as news months late.
        linked = [row[0] for old in doomed
                  for row in db.execute("SELECT url FROM story_links WHERE article_id = ?", [old["id"]])]
        # A link that is also a pruned story's own address (the story moved to it) keeps that row's source and id:
        # replaced by a row with none, the id was lost, and the story's old link listed under it was taken for news.
        db.conn.executemany(
            "INSERT INTO pruned (url, source_id, guid, pruned_at) VALUES (?, NULL, NULL, ?) "
            "ON CONFLICT(url) DO UPDATE SET pruned_at = excluded.pruned_at", [(url, pruned_at) for url in linked])
        for old in doomed:
            _unindex(db, old["id"])
            db.execute("DELETE FROM delivered WHERE article_id = ?", [old["id"]])
            db.execute("DELETE FROM articles WHERE id = ?", [old["id"]])
        failed = [row[0] for row in db.execute(
            "SELECT id FROM deliveries WHERE state = 'failed' AND created < ? ORDER BY id", [before])]
        # Each chat's newest sent message stays: it is the only sign the chat ever had a digest, and /digest says
        # "nothing new since the last digest" by it, not "since this chat subscribed".
        db.execute("DELETE FROM deliveries WHERE state IN ('sent', 'failed') AND created < ? AND id NOT IN "
                   "(SELECT MAX(id) FROM deliveries WHERE state = 'sent' GROUP BY subscription_id)", [before])
    if failed:
        _say_failed_pruned(failed, before)
    return len(doomed)


def _say_failed_pruned(ids: Sequence[int], before: str) -> None:
    """A failed message is one `communique resend` could still send, listed by `status` until retention deletes
    it with the sent ones: said, with its id, as it went without a word."""
    shown = ", ".join(f"#{ident}" for ident in ids[:20]) + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")
    log.warning("retention: deleted %d failed message%s made before %s and never resent (%s): `communique resend` "
                "can no longer send them", len(ids), "" if len(ids) == 1 else "s", before[:10], shown)
