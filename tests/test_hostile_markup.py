"""Pathologically nested markup in a feed entry: the text is kept and the pass says what it did."""

from __future__ import annotations

import logging

from bot.ingest.parse import html_to_text, nesting_depth, parse_feed
from tests.feedserver import FeedServer
from tests.helpers import ingestor_for


def deep_entry_feed(divs: int, bolds: int) -> bytes:
    """A feed written for this test: one entry whose body sits under `divs` divs and title under `bolds` <b>."""
    body = "<p>The envoys met at dawn.</p>" + "<div>" * divs + "Both sides promised to free the detainees by Friday." \
        + "</div>" * divs + "<p>Talks resume next week.</p>"
    title = "<b>" * bolds + "Envoys agree on detainee release" + "</b>" * bolds
    escape = lambda text: text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # noqa: E731
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
        "<link>https://wire.example/</link><item>"
        f"<title>{escape(title)}</title><link>https://wire.example/envoys</link>"
        f"<description>{escape(body)}</description></item></channel></rss>"
    ).encode()


def test_deep_nesting_keeps_every_paragraph() -> None:
    text = html_to_text("<p>First.</p>" + "<div>" * 5000 + "Deep &amp; kept." + "</div>" * 5000 + "<p>Last.</p>")
    assert text.split("\n\n") == ["First.", "Deep & kept.", "Last."]


def test_ordinary_markup_with_omitted_end_tags_is_not_taken_for_deep_nesting() -> None:
    fragment = "".join(f"<p>Paragraph {n}" for n in range(400)) + "<ul>" + "<li>item" * 50 + "</ul>"
    assert nesting_depth(fragment) < 5
    assert "Paragraph 399" in html_to_text(fragment)


def test_a_title_under_thousands_of_bold_tags_is_kept() -> None:
    [entry] = parse_feed(deep_entry_feed(divs=5000, bolds=3000))
    assert entry.title == "Envoys agree on detainee release"
    assert "promised to free the detainees by Friday" in entry.text
    assert "Talks resume next week." in entry.text


async def test_the_ingest_pass_stores_the_text_and_logs_the_fallback(
    feed_server: FeedServer, make_config, caplog
) -> None:
    feed_server.route("/deep.xml", body=deep_entry_feed(divs=5000, bolds=3000))
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/deep.xml")}])
    with caplog.at_level(logging.WARNING, logger="bot.ingest"):
        [report] = await ingestor.run()
    assert report.ok and report.new == 1
    [(title, text)] = ingestor.db.execute("SELECT title, text FROM articles").fetchall()
    assert title == "Envoys agree on detainee release"
    assert "promised to free the detainees by Friday" in text
    assert any("nested 5000 levels deep" in r.getMessage() for r in caplog.records)
