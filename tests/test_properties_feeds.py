"""Property tests (hypothesis): whatever a feed carries (script tags, entities, 1 MB titles, control characters,
hostile links, binary garbage), ingest stores it or refuses it with a readable reason, never breaks, never loses
what was stored before, and every digest made of what it stored renders validly on every platform.
"""

from __future__ import annotations

import asyncio
import itertools
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.config import parse_config
from bot.digest.compose import latest_digest
from bot.ingest.pipeline import Ingestor
from storage import connect
from tests.factories import Item, rss
from tests.reliability.conftest import FIGURES
from tests.reliability.hostile import PIECES, check_digest_renders, hostile_text
from tests.reliability.stories import paragraphs, title

FOLDER = Path(tempfile.mkdtemp(prefix="communique-feeds-"))
FEED = FOLDER / "feed.xml"
CONFIG = parse_config(
    {
        "storage": {"path": str(FOLDER / "c.db")},
        "fetch": {"fetch_full_text": False, "max_bytes": 3_000_000},
        "sources": [{"name": "Hostile press office", "url": str(FEED), "tags": ["hostile"]}],
    },
    FOLDER / "config.toml",
)
INGESTOR = Ingestor(connect(CONFIG.storage.path), CONFIG)
INGESTOR.sync_sources()
FEED.write_bytes(rss([Item(title(1), "https://press.example/first", paragraphs(1))]))
assert asyncio.run(INGESTOR.run(only_due=False))[0].new == 1
SEED = INGESTOR.db.execute("SELECT * FROM articles").fetchone()
NUMBERS = itertools.count()

links = st.one_of(
    st.just("https://press.example/"),
    st.sampled_from([
        "javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>alert(1)</script>", "",
        "http://169.254.169.254/latest/", "https://press.example/a b<c>\"d", "//press.example/relative",
        "https://press.example/" + "x" * 5000, "https://press.example/\u202e/evil",
    ]),
)
bodies = st.one_of(
    st.lists(hostile_text, max_size=4),
    st.lists(st.sampled_from(PIECES), max_size=6).map(lambda pieces: ["".join(pieces)]),
    st.just(["<script>document.write('x')</script><p>Kept paragraph.</p><style>p{}</style>"]),
)
titles = st.one_of(hostile_text, st.just("T" * 1_000_000), st.just("<b>" * 200_000))
items = st.lists(st.tuples(titles, links, bodies, st.lists(hostile_text, max_size=3), st.booleans()),
                 min_size=1, max_size=4)
documents = st.one_of(
    items.map(lambda entries: ("items", entries)),
    st.binary(max_size=3000).map(lambda raw: ("raw", raw)),
    st.sampled_from([
        b"<rss><channel><item><title>cut off", b"<?xml version='1.0'?><rss version='2.0'><channel></channel></rss>",
        b"<!DOCTYPE html><html><body>not a feed</body></html>", b"\xef\xbb\xbf" + b"<rss>" * 1000,
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        b"<rss><channel><item><title>&d;&d;&d;</title></item></channel></rss>",  # entity expansion
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><title>&x;</title><link>https://press.example/xxe</link></item></channel></rss>",
    ]).map(lambda raw: ("raw", raw)),
)


def build(document: tuple) -> bytes:
    kind, value = document
    if kind == "raw":
        return value
    entries = []
    for head, link, body, categories, dated in value:
        n = next(NUMBERS)
        url = link + f"{n}" if link.startswith("https://press.example/") else link
        entries.append(Item(head, url, body, guid=f"urn:hostile:{n}", categories=categories,
                            published=datetime.now(UTC) - timedelta(minutes=n % 50) if dated else None))
    return rss(entries)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example,
                                                                  HealthCheck.data_too_large])
@given(documents)
@example(("items", [("T" * 1_000_000, "https://press.example/", ["<script>alert(1)</script>"], [], True)]))
@example(("raw", bytes(range(256)) * 10))
def test_any_feed_is_stored_or_refused_with_a_reason_and_renders_validly(document: tuple) -> None:
    FEED.write_bytes(build(document))
    reports = asyncio.run(INGESTOR.run(only_due=False))
    [report] = reports
    if not report.ok:
        assert report.error and "internal error" not in report.error, report.error
        assert len(report.error) < 600
    assert INGESTOR.db.execute("SELECT * FROM articles WHERE id = ?", [SEED[0]]).fetchone() == SEED, \
        "what was stored before is untouched"
    assert "root:" not in (INGESTOR.db.execute("SELECT group_concat(title || text) FROM articles").fetchone()[0] or ""), \
        "no external entity was read"
    digest = latest_digest(INGESTOR.db, 20, timezone="Asia/Kolkata", now=datetime.now(UTC))
    assert digest.stories
    check_digest_renders(digest)
    for story in digest.stories:
        assert len(story.title) <= 300
    FIGURES.tried("feed documents (hypothesis)")
