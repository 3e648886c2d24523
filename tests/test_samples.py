"""The bundled sample sources: the offline demo and the ingest tests rely on their shape, so check it here.

The samples are fictional stories written for Communiqué. These tests keep them useful: each feed parses cleanly,
the Atom entries point at pages that exist, the pages carry the boilerplate an extractor must cope with, the
annotated articles match the text they annotate, the phrasings the analysis must handle are still present, and the
real ingest (real SQLite file, local feed files) turns them into seven stories with the expected duplicates folded.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.request import pathname2url

import feedparser
import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "bot" / "samples"
FEEDS = SAMPLES / "feeds"
PAGES = SAMPLES / "pages"
ARTICLES = SAMPLES / "articles"

MINISTRY = FEEDS / "foreign-ministry.xml"
WIRE = FEEDS / "world-wire.atom"
OBSERVER = FEEDS / "observer.rdf"

# Namespace and vocabulary URIs are identifiers, not links; everything else must live under the reserved .example TLD.
NAMESPACE_URIS = {
    "http://purl.org/rss/1.0/",
    "http://purl.org/rss/1.0/modules/content/",
    "http://purl.org/rss/1.0/modules/syndication/",
    "http://purl.org/dc/elements/1.1/",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2005/Atom",
    "https://schema.org",
}
ANNOTATION_KEYS = {"id", "title", "published", "text", "quotes", "pledges", "key_sentences"}


class _TextCollector(HTMLParser):
    """Paragraph texts of an HTML fragment (feed content), tags dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p":
            self._current = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._current is not None:
            self.paragraphs.append("".join(self._current).strip())
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)


class _PageParser(HTMLParser):
    """The parts of an article page the extractor relies on or must skip, recorded with their position."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.canonical: str | None = None
        self.meta: dict[str, str] = {}
        self.articles = 0
        self.body_paragraphs: list[str] = []
        self.subheadings: list[str] = []
        self.h1 = ""
        self.byline = ""
        self.figcaption = ""
        self.read_more_links: list[str] = []
        self.credit = ""
        self.footer_after_article = False
        self.events: list[str] = []  # order of landmarks: "article", "body-end", "read-more", "credit", "footer"
        self._stack: list[tuple[str, str]] = []
        self._text: list[str] = []
        self._in_read_more = False
        self._article_closed = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        cls = a.get("class", "")
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name", "")] = a.get("content", "")
        if tag == "article":
            self.articles += 1
            self.events.append("article")
        if tag == "section" and "read-more" in cls:
            self._in_read_more = True
            self.events.append("read-more")
        if tag == "a" and self._in_read_more:
            self.read_more_links.append(a.get("href", ""))
        if tag == "footer" and "site-footer" in cls:
            self.footer_after_article = self._article_closed
            self.events.append("footer")
        if tag in {"title", "h1", "h2", "p", "figcaption", "div", "section"}:
            self._stack.append((tag, cls))
            self._text = [] if tag not in {"div", "section"} else self._text

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article_closed = True
        if tag == "section" and self._in_read_more:
            self._in_read_more = False
        if not self._stack or self._stack[-1][0] != tag:
            return
        _, cls = self._stack.pop()
        text = re.sub(r"\s+", " ", "".join(self._text)).strip()
        inside = [c for t, c in self._stack if t == "div"]
        in_body = any("story-body" in c for c in inside)
        if tag == "div" and "story-body" in cls:
            self.events.append("body-end")
        elif tag == "title":
            self.title = text
        elif tag == "h1":
            self.h1 = text
        elif tag == "figcaption":
            self.figcaption = text
        elif tag == "h2" and in_body:
            self.subheadings.append(text)
        elif tag == "p" and "byline" in cls:
            self.byline = text
        elif tag == "p" and "story-credit" in cls:
            self.credit = text
            self.events.append("credit")
        elif tag == "p" and in_body:
            self.body_paragraphs.append(text)

    def handle_data(self, data: str) -> None:
        self._text.append(data)


def _parse_page(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _feed(path: Path) -> feedparser.FeedParserDict:
    return feedparser.parse(path.read_bytes())


def _paragraphs_of_html(fragment: str) -> list[str]:
    collector = _TextCollector()
    collector.feed(fragment)
    return [p for p in collector.paragraphs if p]


def _words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def _straight(text: str) -> str:
    """Syndicated copy often converts typographic quote marks; compare wording, not typography."""
    return text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))


def _quoted_spans(paragraphs: list[str]) -> set[str]:
    """The words inside straight double quotes (after `_straight`), longer than a scare quote."""
    return set(re.findall(r'"([^"]{12,})"', " ".join(paragraphs)))


def _resolve_against_feed(href: str, feed: Path) -> Path:
    """Resolve a feed link as the bot does: relative to the feed file's own location."""
    url = urljoin("file://" + pathname2url(str(feed)), href)
    return Path(urlsplit(url).path)


def _in_november_2026(parsed: time.struct_time | None) -> bool:
    return parsed is not None and (parsed.tm_year, parsed.tm_mon) == (2026, 11)


# ---------------------------------------------------------------- feeds


@pytest.mark.parametrize(
    ("path", "version", "entries"),
    [(MINISTRY, "rss20", 3), (WIRE, "atom10", 3), (OBSERVER, "rss10", 3)],
    ids=["ministry-rss2", "wire-atom", "observer-rss1"],
)
def test_feed_parses_cleanly_with_dated_identified_entries(path: Path, version: str, entries: int) -> None:
    feed = _feed(path)
    assert not feed.bozo, f"{path.name}: {feed.get('bozo_exception')}"
    assert feed.version == version
    assert feed.feed.get("title")
    assert len(feed.entries) == entries
    for entry in feed.entries:
        assert entry.get("title"), entry
        assert entry.get("id"), entry.title
        assert entry.get("link"), entry.title
        assert _in_november_2026(entry.get("published_parsed") or entry.get("updated_parsed")), entry.title
    assert len({e.id for e in feed.entries}) == entries, "entry ids must be unique"


def test_ministry_items_carry_full_html_articles_with_guid_and_categories() -> None:
    feed = _feed(MINISTRY)
    for entry in feed.entries:
        assert entry.guidislink is False and entry.id.startswith("urn:mfa-velmora:"), entry.id
        assert entry.link.startswith("https://mfa.velmora.example/en/press/2026/11/")
        assert len(entry.tags) >= 2
        assert entry.published.endswith("+0100") and entry.published[:3] in {"Mon", "Tue", "Wed"}
        html = entry.content[0].value
        assert entry.content[0].type == "text/html"
        paragraphs = _paragraphs_of_html(html)
        assert len(paragraphs) >= 8, entry.title
        assert 250 <= _words(paragraphs) <= 600, (entry.title, _words(paragraphs))
        assert len(entry.summary.split()) < 40, "the description is a teaser, the article is in content:encoded"


def test_wire_entries_are_teasers_linking_to_existing_pages_by_relative_path() -> None:
    feed = _feed(WIRE)
    for entry in feed.entries:
        assert "content" not in entry, "World Wire entries carry only a teaser"
        sentences = re.findall(r"[.!?](?:\s|$)", entry.summary)
        assert 1 <= len(sentences) <= 2 and len(entry.summary.split()) < 45, entry.summary
        href = entry.link
        assert href.startswith("../pages/"), href
        page = _resolve_against_feed(href, WIRE)
        assert page.is_file(), f"{href} resolves to {page}, which does not exist"
        assert _parse_page(page).h1 == entry.title, "the page's headline is the entry's title"


def _without_variants(url: str) -> str:
    """What URL normalization is expected to produce for the observer's links (used only to check the fixture)."""
    parts = urlsplit(url)
    path = re.sub(r"/amp/?$", "", parts.path)
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def test_observer_has_full_text_a_tracking_link_and_one_story_twice() -> None:
    feed = _feed(OBSERVER)
    links = [e.link for e in feed.entries]
    tracked = [u for u in links if "utm_source=rss" in u and "utm_medium=feed" in u]
    assert len(tracked) == 1
    fragment = [u for u in links if urlsplit(u).fragment == "comments"]
    amp = [u for u in links if urlsplit(u).path.rstrip("/").endswith("/amp")]
    assert len(fragment) == 1 and len(amp) == 1
    assert _without_variants(fragment[0]) == _without_variants(amp[0]), "the two variants are one story"
    assert len({_without_variants(u) for u in links}) == 2, "two distinct stories"
    html_items = [e for e in feed.entries if e.summary.lstrip().startswith("<p>")]
    plain_items = [e for e in feed.entries if not e.summary.lstrip().startswith("<p>")]
    assert html_items and plain_items, "one description in <p> paragraphs, one plain with blank lines"
    for entry in plain_items:
        paragraphs = [p for p in re.split(r"\n\s*\n", entry.summary) if p.strip()]
        assert len(paragraphs) >= 6
        assert 250 <= _words(paragraphs) <= 600
    for entry in html_items:
        assert 250 <= _words(_paragraphs_of_html(entry.summary)) <= 600


# ---------------------------------------------------------------- pages


@pytest.mark.parametrize("page", sorted(PAGES.glob("*.html")), ids=lambda p: p.name)
def test_page_has_metadata_article_and_trailing_boilerplate(page: Path) -> None:
    parsed = _parse_page(page)
    assert parsed.title.endswith(" | World Wire") and parsed.title[: -len(" | World Wire")] == parsed.h1
    assert parsed.canonical and parsed.canonical.startswith("https://worldwire.example/"), parsed.canonical
    published = datetime.fromisoformat(parsed.meta["article:published_time"].replace("Z", "+00:00"))
    assert (published.year, published.month) == (2026, 11)
    assert parsed.articles == 1
    assert parsed.byline.startswith("By ")
    assert "World Wire/" in parsed.figcaption, "a photo caption with its credit"
    assert parsed.subheadings, "a subheading inside the body"
    assert len(parsed.body_paragraphs) >= 8
    assert 250 <= _words(parsed.body_paragraphs) <= 600
    assert len(parsed.read_more_links) >= 2 and all(h.startswith("https://worldwire.example/") for h in parsed.read_more_links)
    assert re.fullmatch(r"[A-Z][\w .'-]+ contributed to this report\.", parsed.credit), parsed.credit
    assert parsed.footer_after_article
    order = parsed.events
    assert order.index("body-end") < order.index("read-more") < order.index("footer")
    assert order.index("credit") < order.index("footer")


def test_syndicated_copy_shares_quotes_and_wording_but_not_headline_or_lede() -> None:
    ministry = next(e for e in _feed(MINISTRY).entries if "reopen" in e.title and "crossings" in e.title)
    page = _parse_page(PAGES / "geneva-talks.html")
    original = [_straight(p) for p in _paragraphs_of_html(ministry.content[0].value)]
    copy = [_straight(p) for p in page.body_paragraphs]
    assert ministry.title != page.h1
    assert original[0] != copy[0], "a different lede"
    shared = set(original) & set(copy)
    assert len(shared) >= len(original) * 2 // 3, "largely the same wording"
    assert _quoted_spans(original) and _quoted_spans(original) == _quoted_spans(copy), "the same quotes"


# ---------------------------------------------------------------- annotated articles


def _article_files() -> list[Path]:
    return sorted(ARTICLES.glob("*.json"))


def _source_paragraphs(url: str) -> list[str]:
    """The paragraphs of the feed item or page an annotated article was taken from."""
    for entry in _feed(MINISTRY).entries:
        if entry.link == url:
            return _paragraphs_of_html(entry.content[0].value)
    for page in PAGES.glob("*.html"):
        parsed = _parse_page(page)
        if parsed.canonical == url:
            return parsed.body_paragraphs
    raise AssertionError(f"no sample feed item or page has the url {url}")


def _sentence_starts(text: str) -> set[int]:
    starts = {0}
    for match in re.finditer(r"(?:\n\n|[.!?][\"”»]?\s+)", text):
        starts.add(match.end())
    return starts


def test_three_annotated_articles_including_one_without_any_commitment() -> None:
    files = _article_files()
    assert len(files) == 3
    pledge_counts = sorted(len(json.loads(f.read_text(encoding="utf-8"))["pledges"]) for f in files)
    assert pledge_counts[0] == 0 and pledge_counts[1] >= 3


@pytest.mark.parametrize("path", _article_files(), ids=lambda p: p.name)
def test_annotated_article_matches_its_source_and_its_spans_are_exact(path: Path) -> None:
    article = json.loads(path.read_text(encoding="utf-8"))
    assert ANNOTATION_KEYS <= set(article), ANNOTATION_KEYS - set(article)
    assert article["id"] == path.stem
    assert re.fullmatch(r"2026-11-\d\d", article["published"])
    text: str = article["text"]
    paragraphs = text.split("\n\n")
    assert paragraphs == _source_paragraphs(article["url"]), "the JSON text is the published article"
    assert 250 <= _words(paragraphs) <= 600
    assert len(article["quotes"]) >= 2
    for quote in article["quotes"]:
        assert set(quote) == {"speaker", "text"} and quote["speaker"]
        assert quote["text"] in text, quote
    starts = _sentence_starts(text)
    for pledge in article["pledges"]:
        assert set(pledge) == {"actor", "commitment", "evidence", "when"}
        assert pledge["actor"] and pledge["commitment"]
        assert text.find(pledge["evidence"]) in starts, f"evidence must be a whole sentence: {pledge['evidence']}"
        assert pledge["when"] is None or isinstance(pledge["when"], str)
    assert 3 <= len(article["key_sentences"]) <= 5
    for sentence in article["key_sentences"]:
        assert text.find(sentence) in starts, f"key sentence must be a whole sentence: {sentence}"


# ---------------------------------------------------------------- the whole set


def _all_story_texts() -> list[str]:
    texts = [" ".join(_paragraphs_of_html(e.content[0].value)) for e in _feed(MINISTRY).entries]
    texts += [" ".join(_parse_page(p).body_paragraphs) for p in sorted(PAGES.glob("*.html"))]
    texts += [e.summary for e in _feed(OBSERVER).entries]
    return texts


@pytest.mark.parametrize(
    "phrasing",
    [
        r"pledged to [^.]+ by March 31",
        r"agreed (?:on \w+ )?to [^.]+ within 30 days",
        r"agreed to [^.]+ within \d+ days",
        r"committed to [^.]+ next year",
        r"promised [^.]+ to [^.]+ immediately",
        r"said [^.]+ had undertaken to",
        r"said Foreign Minister Ana Kovač",
        r"told reporters: [“\"«]",
        r"[,.][”\"] (?:he|she) added",
        r"[,][”\"] Kovač said, [“\"]",
        r"«[^»]{20,}»",
        r"[,][”\"] the minister said",
        r"\bhoped\b",
        r"\bexpect(?:s|ed)?\b",
        r"\bwarned\b",
        r"will meet again|scheduled for|due to (?:meet|hear|begin)",
        r"refused to commit|promised nothing",
    ],
)
def test_the_set_keeps_the_phrasings_the_analysis_must_handle(phrasing: str) -> None:
    assert any(re.search(phrasing, text) for text in _all_story_texts()), phrasing


def test_curly_and_straight_quote_marks_both_appear() -> None:
    joined = " ".join(_all_story_texts())
    assert "“" in joined and "”" in joined and '"' in joined


def test_every_link_points_under_the_reserved_example_domain() -> None:
    for path in [*FEEDS.iterdir(), *PAGES.iterdir(), *ARTICLES.iterdir()]:
        for url in re.findall(r"https?://[^\s\"'<>)]+", path.read_text(encoding="utf-8")):
            if url in NAMESPACE_URIS:
                continue
            host = urlsplit(url).hostname or ""
            assert host.endswith(".example"), f"{path.name}: {url}"


# ---------------------------------------------------------------- through the real ingest

# The samples' own evening: the stories are dated 16-18 November 2026, and grouping looks back from "now".
SAMPLES_NOW = datetime(2026, 11, 18, 18, 0, tzinfo=UTC)


def test_ingesting_the_samples_gives_seven_stories_one_syndicated_and_one_duplicate_dropped(tmp_path: Path) -> None:
    """The demo relies on this: every source reads, the teasers get their pages, variants and copies collapse."""
    from bot.config import parse_config
    from bot.ingest.pipeline import Ingestor
    from storage.db import connect

    config = parse_config(
        {
            "storage": {"path": str(tmp_path / "samples.db")},
            "sources": [
                {"name": "Velmora Foreign Ministry", "url": str(MINISTRY)},
                {"name": "World Wire", "url": str(WIRE)},
                {"name": "Meridian Observer", "url": str(OBSERVER)},
            ],
        }
    )
    db = connect(config.storage.path)
    ingestor = Ingestor(db, config, now=lambda: SAMPLES_NOW)
    ingestor.sync_sources()
    reports = asyncio.run(ingestor.run(only_due=False))
    assert all(r.ok for r in reports), [r.error for r in reports]
    rows = list(db.query("SELECT id, url, group_id, title, text FROM articles ORDER BY id"))
    urls = {r["url"] for r in rows}
    assert len(rows) == 8, "3 ministry + 3 wire + 2 observer stories (the observer's AMP/#comments pair is one)"
    assert not any("utm_" in u or "#" in u or "/amp" in u for u in urls), urls
    assert "https://meridian-observer.example/world/2026/11/18/aldmark-velmora-subsea-cable-deal" in urls
    wire_copy = next(r for r in rows if r["url"].endswith("velmora-kestria-geneva-deal-reopen-border-crossings"))
    original = next(r for r in rows if r["url"].endswith("velmora-kestria-agree-reopen-border-crossings"))
    assert wire_copy["group_id"] == original["group_id"], "the wire's copy joins the ministry's story"
    assert len({r["group_id"] for r in rows}) == 7
    assert "contributed to this report" not in wire_copy["text"] and "Read more" not in wire_copy["text"]
    assert len(wire_copy["text"].split()) > 300, "the page's full text replaced the teaser"
