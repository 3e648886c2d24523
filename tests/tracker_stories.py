"""Invented story chains for the tracker's tests: a pledge, another outlet's copy of it, a later report that it was
kept, and stories that must not link. Every word here was written for Communiqué's tests; the countries (Velmora,
Kestria, Aldmark), people and events are made up.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlite_utils

from bot.analysis import analyze
from bot.ingest.pipeline import kept_pledges, kept_quotes
from storage import articles as article_store
from storage.db import to_iso
from storage.records import NewArticle

PLEDGED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

PLEDGE_TITLE = "Velmora pledges to free the Halvik ferry crews by March 20"
PLEDGE_TEXT = (
    "HESK, March 2 — Velmora pledged on Monday to free the nineteen crew members of the Halvik ferry by March 20, "
    "after Aldmark mediators spent a week shuttling between the two capitals.\n\n"
    "“The sailors will be home before the equinox,” Foreign Minister Ana Kovač told reporters in Hesk.\n\n"
    "Kestria welcomed the promise but said it would wait to see the crews on the quayside."
)
# Another outlet's wording of the same pledge (a copy the tracker must take for the same pledge).
COPY_TITLE = "Velmora promises release of Halvik ferry crew within weeks"
COPY_TEXT = (
    "Velmora promised on Monday to free the nineteen crew members of the Halvik ferry by March 20, its foreign "
    "ministry said, ending a standoff that began when the vessel strayed into Velmoran waters in January.\n\n"
    "The ferry itself will stay impounded in Port Aurel while an inquiry continues, officials said."
)
KEPT_TITLE = "Halvik ferry crew home after Velmora frees them"
KEPT_TEXT = (
    "PORT AUREL, March 18 — Velmora freed the nineteen crew members of the Halvik ferry on Wednesday, two days "
    "before its own deadline, and the sailors crossed into Kestria by bus before nightfall.\n\n"
    "“It is a good day for the families,” said an Aldmark mediator who travelled with them."
)
BROKEN_TITLE = "Velmora keeps Halvik ferry crew in custody past its deadline"
BROKEN_TEXT = (
    "PORT AUREL, March 23 — Velmora refused on Monday to free the nineteen crew members of the Halvik ferry, "
    "three days after the date it had promised, saying the inquiry into the ferry's course was not finished.\n\n"
    "Kestria recalled its ambassador for consultations."
)
# Same actor, another subject: must not link.
UNRELATED_TITLE = "Velmora opens a new rail line to the coast"
UNRELATED_TEXT = (
    "DOLNA, March 10 — Velmora opened a rail line between Dolna and the coast on Tuesday, cutting the journey to "
    "under three hours.\n\n"
    "The line was built with a loan from the Aldmark development bank."
)


def store(
    db: sqlite_utils.Database, n: int, title: str, text: str, published: datetime, *,
    source_id: int | None = None, group_id: int | None = None, fetched: datetime | None = None,
) -> int:
    """An invented story analysed and stored as ingest stores it (the tracker reads it afterwards)."""
    found = analyze(title, text, published=published.date(), demands=False)
    article_id = article_store.insert_article(
        db,
        NewArticle(
            url=f"https://news.example/{n}", source_id=source_id, guid=None, title=title, text=text,
            text_hash=f"tracker-{n}", summary=found.summary, quotes=kept_quotes(found), pledges=kept_pledges(found),
            published=to_iso(published), own_day=published.date().isoformat(),  # as ingest keeps its day
        ),
        group_id=group_id,
    )
    if fetched is not None:
        db.execute("UPDATE articles SET fetched = ? WHERE id = ?", [to_iso(fetched), article_id])
    return article_id


def days(n: float) -> timedelta:
    return timedelta(days=n)
