"""Feed parsing on real feeds (when the evaluation folder is present), URL normalization, syndication sketches."""

from __future__ import annotations

import json

import pytest

from bot.ingest.dedupe import SHARED_HEADLINE, find_group, headline_share, similarity, sketch, text_hash
from bot.ingest.parse import FeedParseError, clean_title, html_to_text, parse_feed, read_feed
from bot.ingest.urls import normalize_url, ownership, resolve_link, site_host
from storage.records import GroupCandidate
from tests.conftest import EVAL_DEV
from tests.factories import rss, story

FEEDS = EVAL_DEV / "feeds"


@pytest.mark.eval
@pytest.mark.skipif(not FEEDS.is_dir(), reason="../shared/eval-dev is not present")
def test_real_feeds_parse_or_fail_with_a_reason() -> None:
    index = json.loads((FEEDS / "INDEX.json").read_text())
    for item in index:
        body = (FEEDS / item["file"]).read_bytes()
        if item["well_formed"]:
            entries = parse_feed(body)
            assert entries, item["file"]
            for entry in entries:
                assert entry.title and entry.guid
                assert "<" not in entry.title
        else:
            with pytest.raises(FeedParseError, match="malformed"):
                parse_feed(body)


@pytest.mark.eval
@pytest.mark.skipif(not FEEDS.is_dir(), reason="../shared/eval-dev is not present")
def test_declared_latin1_feed_is_decoded() -> None:
    entries = parse_feed((FEEDS / "jn_pt_iso-8859-1_feedburner.rss").read_bytes())
    titles = " ".join(e.title for e in entries)
    assert "ã" in titles or "ç" in titles or "é" in titles
    assert "\ufffd" not in titles


def test_an_entry_without_a_title_is_headed_by_its_first_line_cut_at_a_word_with_an_ellipsis() -> None:
    """The first 120 characters made the headline: 'talks on fishing rights chaired by the Un', cut inside a word
    and with nothing to say it was cut."""
    from tests.factories import Item, rss

    long_first = story(7)[0]
    assert len(long_first) > 120
    entries = parse_feed(rss([Item(title="", link="https://ministry.example/a", paragraphs=[long_first]),
                              Item(title="", link="https://ministry.example/b", paragraphs=["Talks resume."])]))
    cut, short = entries[0].title, entries[1].title
    assert cut.endswith("…") and len(cut) <= 120 and long_first.startswith(cut[:-1]), cut
    assert long_first[len(cut) - 1] == " ", "cut between words"
    assert short == "Talks resume."


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("https://News.Example/world/a?utm_source=rss&utm_medium=feed", "https://news.example/world/a"),
        ("https://news.example/monde/a?xtor=RSS-231", "https://news.example/monde/a"),
        ("https://news.example/world/a#comments", "https://news.example/world/a"),
        ("https://news.example/world/a/amp/", "https://news.example/world/a"),
        ("https://news.example/amp/world/a", "https://news.example/world/a"),
        ("https://m.news.example/world/a/", "https://news.example/world/a"),
        ("https://amp.news.example/world/a.amp.html", "https://news.example/world/a.html"),
        ("https://news.example/world/a?id=3&fbclid=xyz&b=1", "https://news.example/world/a?b=1&id=3"),
        ("http://news.example:80/a", "http://news.example/a"),
        ("https://news.example:8443/a", "https://news.example:8443/a"),
        # WordPress's AMP view: the flag's 1 is no story's id, as a tracker's number can be ("cid=5512")
        ("https://news.example/world/a/?amp=1", "https://news.example/world/a"),
        ("https://news.example/world/a?amp", "https://news.example/world/a"),
        ("https://news.example/press.php?cid=5512", "https://news.example/press.php?cid=5512"),
    ],
)
def test_url_normalization(url: str, normal: str) -> None:
    assert normalize_url(url) == normal


def test_relative_links_resolve_against_the_feed() -> None:
    assert resolve_link("https://wire.example/feeds/all.atom", "/world/a") == "https://wire.example/world/a"
    assert resolve_link("/srv/feeds/wire.atom", "../pages/a.html") == "file:///srv/pages/a.html"


def test_html_to_text_keeps_paragraphs_and_drops_scripts() -> None:
    html = "<p>First <b>bold</b> line.</p><script>alert(1)</script><div>Second<br>line</div><style>p{}</style>"
    assert html_to_text(html) == "First bold line.\n\nSecond\n\nline"
    assert clean_title("<b>Talks</b> &amp; <i>deals</i>\n in  Geneva") == "Talks & deals in Geneva"
    assert len(clean_title("x" * 1_000_000)) <= 300


def test_sketches_group_copies_and_separate_different_stories() -> None:
    original = " ".join(story(3))
    copy = "GENEVA (Wire) - A deal was struck on Monday, officials said. " + " ".join(story(3)[1:])
    other = "The Aldmark parliament approved the budget on Tuesday after a long debate about coast guard spending."
    assert similarity(sketch(original), sketch(copy)) > 0.5
    assert similarity(sketch(original), sketch(other)) < 0.05
    candidates = [
        GroupCandidate(id=1, group_id=1, source_id=1, title="A", sketch=sketch(other)),
        GroupCandidate(id=2, group_id=2, source_id=1, title="B", sketch=sketch(original)),
    ]
    assert find_group("Geneva deal", sketch(copy), candidates, source_id=2) == 2
    assert find_group("Geneva deal", sketch(copy), candidates, source_id=1) is None, "one outlet's items stay apart"
    assert text_hash("T", "a  b") == text_hash("T", "a b") != text_hash("T", "a c")


def test_a_link_is_the_story_of_the_source_whose_own_site_it_is_on() -> None:
    """Whose story a link is (docs/DESIGN.md): the feed's own host counts most, the site the feed names next, and
    hosts are compared whole but for "www." and a mobile prefix (no public-suffix list: a subdomain is a site of
    its own, and is not claimed by its parent)."""
    link = "https://press.norland.example/2026/statement-41"
    assert site_host("https://WWW.Press.Norland.example:8443/x?y=1") == "press.norland.example"
    assert site_host("https://m.press.norland.example/x") == "press.norland.example"
    assert site_host("file:///feeds/norland.xml") == "" and site_host("not a link") == ""
    assert ownership(link, "https://press.norland.example/rss.xml", None) == 2
    assert ownership(link, "https://feeds.example/norland", "https://www.press.norland.example/") == 1
    assert ownership(link, "https://roundup.example/feed", "https://roundup.example/") == 0
    assert ownership(link, "https://norland.example/feed", "https://norland.example/") == 0, "a parent is another site"
    assert ownership("urn:communique:3:x", "https://press.norland.example/feed", None) == 0


def test_the_site_a_feed_names_is_read_and_made_absolute() -> None:
    assert read_feed(rss([], site="https://press.norland.example/")).site == "https://press.norland.example/"
    named = read_feed(rss([], site="/press/"), base_url="https://norland.example/feeds/all.xml")
    assert named.site == "https://norland.example/press/"


def test_a_plain_text_headline_keeps_its_angle_brackets_and_an_html_one_loses_its_tags() -> None:
    """An Atom title is plain text unless it says otherwise: "Trade <talks>" was read as HTML and the reader got
    "Trade & tariffs", a word gone. Markup in an HTML title still goes."""
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Orsania Wire</title>'
        '<id>urn:ow</id><updated>2026-11-20T09:00:00Z</updated>'
        '<entry><title>Trade &lt;talks&gt; &amp; tariffs: Orsania and Estavia meet</title>'
        '<link href="https://orsania.example/trade"/><id>urn:ow:1</id><updated>2026-11-20T09:00:00Z</updated>'
        '<content type="html">&lt;p&gt;Delegations met in Port Lissa on Friday.&lt;/p&gt;</content></entry>'
        '<entry><title type="html">Talks &lt;em&gt;resume&lt;/em&gt; in Lissa</title>'
        '<link href="https://orsania.example/resume"/><id>urn:ow:2</id><updated>2026-11-20T08:00:00Z</updated>'
        '<content type="html">&lt;p&gt;The talks resumed on Friday.&lt;/p&gt;</content></entry></feed>'
    ).encode()
    titles = [e.title for e in parse_feed(feed)]
    assert titles == ["Trade <talks> & tariffs: Orsania and Estavia meet", "Talks resume in Lissa"]


@pytest.mark.parametrize(("before", "after", "an_edit"), [
    ("Velmora pledges to reopen crossing 1", "Velmora delays the reopening of crossing 1", True),  # 2 of 6
    ("Velmora pledges to reopen crossing 1", "Velmora pledges to reopen crossing 1.", True),
    ("Talks resume", "Talks resume in Oskel", True),  # a short headline counts too
    ("Orsania opens a consulate in Lisk", "Orsania names a trade envoy", False),  # 1 of 8
    ("Statement on the fishing talks", "Note on visa fees", False),
])
def test_headlines_an_edit_may_keep_share_their_longer_words(before: str, after: str, an_edit: bool) -> None:
    """Under one link with no id, the next release of a press page shares (almost) no word of the last one's
    headline; an edit keeps some. Short words (articles, numbers) say nothing of the story."""
    assert (headline_share(before, after) >= SHARED_HEADLINE) is an_edit
