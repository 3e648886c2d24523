"""Feeds as operators' sources serve them, read from a real HTTP server on 127.0.0.1: what the earlier suites left
untried (a byte-order mark against the declared encodings, titles that are no headline, entity soup)."""

from __future__ import annotations

import pytest

from storage import articles as article_store
from tests.factories import Item, rss, story
from tests.feedserver import FeedServer
from tests.helpers import ingestor_for

_RUSSIAN = "Министр иностранных дел Велморы заявил о переговорах"


@pytest.mark.parametrize(("declared", "header"), [
    ("iso-8859-1", "application/rss+xml; charset=windows-1252"),  # a template's prolog and a server's default
    ("windows-1251", "application/rss+xml"),  # the prolog alone, wrong
    ("utf-8", "text/xml; charset=iso-8859-1"),  # the header alone, wrong
])
async def test_a_feed_opening_with_a_byte_order_mark_is_read_in_the_encoding_it_marks(
    feed_server: FeedServer, make_config, declared: str, header: str
) -> None:
    """A feed written by a tool that opens its file with UTF-8's byte-order mark, under a prolog or a
    Content-Type that names another encoding (a template's `encoding="ISO-8859-1"`, a server's default): the mark
    says what the bytes are, as XML and browsers read it. Read in the declared one, every headline in Cyrillic was
    stored and sent as `ÐœÐ¸Ð½Ð¸ÑÑ‚Ñ€`."""
    xml = rss([Item(title=_RUSSIAN, link="https://ministry.example/ru/1", paragraphs=story(1))])
    body = b"\xef\xbb\xbf" + xml.replace(b'encoding="utf-8"', f'encoding="{declared}"'.encode(), 1)
    feed_server.route("/bom.xml", body=body, content_type=header)
    ingestor = ingestor_for(make_config, [{"name": "Marked", "url": feed_server.url("/bom.xml")}])
    [report] = await ingestor.run()
    assert report.ok and report.new == 1, report
    [row] = article_store.latest(ingestor.db, 5)
    assert row.title == _RUSSIAN


def _item_xml(title: str, link: str, text: str = "") -> str:
    body = f"<description>{text}</description>" if text else ""
    dated = "<pubDate>Fri, 20 Nov 2026 09:00:00 GMT</pubDate>"
    return f"<item><title>{title}</title><link>{link}</link>{dated}{body}</item>"


def _channel(items_xml: str) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Desk</title>'
            f"<link>https://desk.example/</link><description>d</description>{items_xml}</channel></rss>").encode()


async def test_a_headline_of_no_words_is_taken_from_the_story(feed_server: FeedServer, make_config) -> None:
    """A social desk's feed heading a post with a flag or a siren alone ("🇺🇳", "🔴"): that was the story's headline
    in `/latest` and the digests, which told a reader nothing. A headline with no letter or figure is replaced by
    the story's first line, or, for an entry that is a link alone, by its page's title; one with words beside an
    emoji keeps it."""
    page_html = ("<html><head><title>Velmora and Kestria sign a grain accord</title></head><body><article>"
                 "<h1>Velmora and Kestria sign a grain accord</h1>"
                 + "".join(f"<p>{p}</p>" for p in story(5)) + "</article></body></html>").encode()
    feed_server.route("/post/grain", body=page_html, content_type="text/html; charset=utf-8")
    first_line = "Velmora opens its embassy in Dolna after a decade of closure, the foreign ministry said."
    feed_server.route("/desk.xml", body=_channel(
        _item_xml("🇺🇳", "https://desk.example/post/embassy", first_line)
        + _item_xml("🔴 ", feed_server.url("/post/grain"))
        + _item_xml("🔴 Velmora recalls its envoy", "https://desk.example/post/envoy", "The envoy was recalled.")))
    ingestor = ingestor_for(make_config, [{"name": "Desk", "url": feed_server.url("/desk.xml")}])
    [report] = await ingestor.run()
    assert report.ok and report.new == 3, report
    titles = {row.url: row.title for row in article_store.latest(ingestor.db, 5)}
    assert titles["https://desk.example/post/embassy"] == first_line, titles
    assert titles[feed_server.url("/post/grain")] == "Velmora and Kestria sign a grain accord", titles
    assert titles["https://desk.example/post/envoy"] == "🔴 Velmora recalls its envoy", titles


async def test_a_headline_escaped_three_times_reads_as_written(feed_server: FeedServer, make_config) -> None:
    """A CMS escaping a headline already escaped twice (`&amp;amp;quot;` in the feed): the chats got
    `&quot;Fair&quot; talks &#8211; Velmora&#8217;s offer` for `"Fair" talks – Velmora’s offer`. An ampersand
    that is words ("R&D") stays one."""
    title = "&amp;amp;quot;Fair&amp;amp;quot; talks &amp;amp;#8211; Velmora&amp;amp;#8217;s R&amp;amp;D offer"
    feed_server.route("/soup.xml", body=_channel(_item_xml(title, "https://desk.example/soup", "Talks went on.")))
    ingestor = ingestor_for(make_config, [{"name": "Soup", "url": feed_server.url("/soup.xml")}])
    [report] = await ingestor.run()
    assert report.ok and report.new == 1, report
    [row] = article_store.latest(ingestor.db, 5)
    assert row.title == "\"Fair\" talks – Velmora’s R&D offer"


ENVOY = ["Kestria named its former trade commissioner, Odile Marsan, as its envoy to the grain talks on Thursday.",
         "Marsan, who led the customs union negotiations a decade ago, is expected to travel to Lirenne next week.",
         "The appointment ends a three-month vacancy that opposition deputies had blamed for the stalled shipments."]


async def test_a_new_story_under_an_id_its_feed_gave_an_earlier_one_is_news_not_an_edit(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """A CMS that numbers its posts anew (a restored database, a site moved to a new one) gives a new story the id
    an earlier one had, under a link, headline and words of its own. Found by that id, the new story was written
    over the old one and told as its edit ("was edited ... updated in place"): the old story was gone from
    `/latest`, and the new one never reached a chat as news. Each is a story of its own, and the log says so; an
    edit under the id (a headline corrected, the words kept) is still the story, updated."""
    import logging

    from tests.factories import BASE_TIME

    caplog.set_level(logging.INFO, logger="bot.ingest.pipeline")
    first = Item(title="Velmora reopens the Tarnic crossing", link="https://desk.example/news/tarnic",
                 guid="post-1", paragraphs=story(1), published=BASE_TIME)
    feed_server.route("/desk.xml", body=rss([first]))
    ingestor = ingestor_for(make_config, [{"name": "Desk", "url": feed_server.url("/desk.xml")}],
                            fetch_full_text=False)
    await ingestor.run(only_due=False)
    second = Item(title="Kestria names a new envoy to the grain talks", link="https://desk.example/news/envoy",
                  guid="post-1", paragraphs=ENVOY, published=BASE_TIME.replace(hour=15))
    feed_server.route("/desk.xml", body=rss([second]))
    [report] = await ingestor.run(only_due=False)
    assert (report.new, report.updated) == (1, 0), report
    titles = {row.url: row.title for row in article_store.latest(ingestor.db, 5)}
    assert titles == {first.link: first.title, second.link: second.title}
    assert any("shares its id post-1 with" in m for m in caplog.messages), caplog.messages

    corrected = Item(title="Kestria names a new envoy to the grain and fisheries talks", link=second.link,
                     guid="post-1", paragraphs=ENVOY, published=second.published)
    feed_server.route("/desk.xml", body=rss([corrected]))
    [report] = await ingestor.run(only_due=False)
    assert (report.new, report.updated) == (0, 1), report
    titles = {row.url: row.title for row in article_store.latest(ingestor.db, 5)}
    assert titles == {first.link: first.title, second.link: corrected.title}


async def test_a_fresh_teaser_whose_page_fails_for_now_waits_for_its_page(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """A teaser whose page answers 503 (its site overloaded for a minute) was stored at once with its feed's line
    and never read again once the page came back: the chats got one line for the story for good. A fresh entry waits
    for the next pass, said in the log, and its feed is read whole then; its page read, the story is stored whole.
    One whose page is still failing hours after its date is stored with its feed's words, as before."""
    import logging
    from datetime import UTC, datetime, timedelta

    from tests.factories import page

    caplog.set_level(logging.INFO, logger="bot.ingest.pipeline")
    fresh = Item(title="Velmora reopens the Tarnic crossing", link=feed_server.url("/news/tarnic"),
                 teaser="Velmora said it would reopen the crossing.",
                 published=datetime.now(UTC) - timedelta(minutes=20))
    old = Item(title="Kestria names an envoy", link=feed_server.url("/news/envoy"),
               teaser="Kestria named an envoy.", published=datetime.now(UTC) - timedelta(days=2))
    feed_server.route("/desk.xml", body=rss([fresh, old]), etag='"v1"')
    for path in ("/news/tarnic", "/news/envoy"):
        feed_server.route(path, status=503, body=b"<h1>Busy</h1>", content_type="text/html")
    ingestor = ingestor_for(make_config, [{"name": "Desk", "url": feed_server.url("/desk.xml")}])
    [report] = await ingestor.run(only_due=False)
    assert report.ok and report.new == 1, report
    assert [row.url for row in article_store.latest(ingestor.db, 5)] == [old.link], "the old one keeps its teaser"
    assert any("1 entry waits for the next pass: its page could not be read for now" in m for m in caplog.messages), \
        caplog.messages

    feed_server.route("/news/tarnic", body=page(fresh.title, story(3)), content_type="text/html; charset=utf-8")
    [report] = await ingestor.run(only_due=False)
    assert report.new == 1 and not report.not_modified, report
    stored = {row.url: row for row in article_store.latest(ingestor.db, 5)}
    assert stored[fresh.link].summary and "Velmora said it would" not in " ".join(stored[fresh.link].summary)
    assert story(3)[0][:40] in " ".join(stored[fresh.link].summary), stored[fresh.link].summary


def _declaring(subset: str, items_xml: str) -> bytes:
    """A feed whose DOCTYPE declares `subset` (entity declarations) before its channel."""
    return _channel(items_xml).replace(b"<rss ", f"<!DOCTYPE rss [{subset}]><rss ".encode(), 1)


_LAUGHS = '<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{n} "{("&lol%s;" % (n - 1 if n > 1 else "")) * 10}">' for n in range(1, 9))


@pytest.mark.parametrize(("subset", "used"), [
    (_LAUGHS, "&lol8;"),  # entities expanding into one another: a billion laughs
    ('<!ENTITY blob "' + "x" * 50_000 + '">', "&blob;" * 2_000),  # one long entity, used over and over
])
async def test_a_feed_declaring_entities_that_blow_up_is_refused_and_the_others_read(
    feed_server: FeedServer, make_config, subset: str, used: str
) -> None:
    """A feed whose DOCTYPE declares entities that expand into one another, or one long entity used many times
    (an "XML bomb"): nothing expanded them, but the story was stored and sent as `Velmora talks &lol8;`, or with
    40,000 characters of `&blob&blob&blob` for its text, and nothing told the operator why. It is refused, said,
    and the other sources are read as ever."""
    feed_server.route("/bomb.xml", body=_declaring(subset, _item_xml(f"Velmora talks {used[:6]}",
                                                                     "https://desk.example/bomb", used)))
    feed_server.route("/fine.xml", body=_channel(_item_xml("Kestria names an envoy", "https://desk.example/envoy",
                                                           "Kestria named an envoy to Dolna.")))
    ingestor = ingestor_for(make_config, [{"name": "Bomb", "url": feed_server.url("/bomb.xml")},
                                          {"name": "Fine", "url": feed_server.url("/fine.xml")}])
    reports = {report.name: report for report in await ingestor.run()}
    assert not reports["Bomb"].ok and "entit" in (reports["Bomb"].error or ""), reports["Bomb"]
    assert "refused" in (reports["Bomb"].error or ""), reports["Bomb"]
    assert reports["Fine"].ok and reports["Fine"].new == 1, reports["Fine"]
    assert [row.title for row in article_store.latest(ingestor.db, 5)] == ["Kestria names an envoy"]


async def test_a_feed_declaring_a_plain_entity_is_read(feed_server: FeedServer, make_config) -> None:
    """An old generator's DOCTYPE declaring a short entity for a non-breaking space is no bomb: read as before."""
    feed_server.route("/old.xml", body=_declaring('<!ENTITY nbsp "&#160;">', _item_xml(
        "Velmora and Kestria sign a grain accord", "https://desk.example/grain", "The accord was signed.")))
    ingestor = ingestor_for(make_config, [{"name": "Old", "url": feed_server.url("/old.xml")}])
    [report] = await ingestor.run()
    assert report.ok and report.new == 1, report


async def test_a_feed_gone_for_good_is_told_at_once_and_left_alone(feed_server: FeedServer, make_config) -> None:
    """A feed the site answers 410 Gone for (removed for good, not down): it was tried again in 15 minutes, 30, an
    hour ..., as a site down for now is, and the operators were alerted only after five failures, nearly eight
    hours of requests later, by a reason that did not say what to do. Its first 410 alerts them, saying to remove
    the source or give its new address, and it is left alone for the longest pause; the others are read."""
    from datetime import UTC, datetime, timedelta

    from bot.ingest.pipeline import MAX_BACKOFF
    from storage import sources as source_store
    from storage.db import from_iso

    feed_server.route("/gone.xml", status=410, body=b"gone")
    feed_server.route("/fine.xml", body=_channel(_item_xml("Kestria names an envoy", "https://desk.example/envoy",
                                                           "Kestria named an envoy to Dolna.")))
    ingestor = ingestor_for(make_config, [{"name": "Gone", "url": feed_server.url("/gone.xml")},
                                          {"name": "Fine", "url": feed_server.url("/fine.xml")}])
    reports = {report.name: report for report in await ingestor.run()}
    gone = reports["Gone"]
    assert not gone.ok and gone.alert, gone
    assert "removed for good" in (gone.error or "") and "remove the source" in (gone.error or ""), gone.error
    assert reports["Fine"].ok and reports["Fine"].new == 1
    [row] = [s for s in source_store.list_sources(ingestor.db) if s.name == "Gone"]
    assert from_iso(row.next_due) > datetime.now(UTC) + MAX_BACKOFF - timedelta(minutes=5), row.next_due
    await ingestor.run()  # only what is due
    assert feed_server.hits("/gone.xml") == 1


async def test_the_alert_for_a_feed_gone_for_good_says_so_not_a_streak(feed_server: FeedServer, make_config) -> None:
    """The operators' alert for a 410 said the source "has failed 5 times in a row" (the configured streak) after
    one failure, and that it "keeps being retried with backoff": it says the feed is gone, once, what to do, and
    when it is tried again; a source that failed its streak alongside is still said as before."""
    from bot.runtime import alert_text

    feed_server.route("/gone.xml", status=410, body=b"gone")
    feed_server.route("/down.xml", status=503, body=b"busy")
    ingestor = ingestor_for(make_config, [{"name": "Gone", "url": feed_server.url("/gone.xml")},
                                          {"name": "Down", "url": feed_server.url("/down.xml")}])
    gone = {report.name: report for report in await ingestor.run()}["Gone"]
    down = {report.name: report for report in await ingestor.run(only_due=False)}["Down"]
    assert gone.alert and not down.alert, (gone, down)  # its streak (5 by default) not reached
    assert "“Down” has failed 2 times in a row" in alert_text([down], 2), alert_text([down], 2)
    text = alert_text([gone], 2)
    assert "times in a row" not in text and "410" in text and "remove the source" in text, text
    assert "every 6 h" in text and "retried with backoff" not in text, text


_RIVER = ["Kestria's parliament voted to ratify the river treaty after a night of debate over water quotas and the "
          "dams upstream.", "The vote passed by a narrow margin, the speaker of the chamber said on Tuesday."]


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


@pytest.mark.parametrize("related", [
    f"<article class='related'><h2>Kestria ratifies</h2>{_paragraphs(_RIVER)}</article>",
    f"<div class='inline'><article><h3>Read also</h3>{_paragraphs(_RIVER)}</article></div>",
])
async def test_a_related_story_inside_the_article_is_not_read_as_its_text(
    feed_server: FeedServer, make_config, related: str
) -> None:
    """A page with another story's teaser set inside its article as an `<article>` of its own ("Read also", a
    related story between two paragraphs): its paragraphs were read as the story's, and a summary of Velmora's
    crossing could say Kestria's parliament ratified a river treaty. The inner article is left out when the outer
    one has more story of its own; a story whose text is all inside an inner article is read as before."""
    main = story(1)
    html = (f"<html><head><title>Velmora to reopen the Oskel crossing</title></head><body><article>"
            f"<h1>Velmora to reopen the Oskel crossing</h1>{_paragraphs(main[:2])}{related}{_paragraphs(main[2:])}"
            "</article></body></html>").encode()
    wrapped = (f"<html><head><title>Kestria ratifies the river treaty</title></head><body><article>"
               f"<h1>Kestria ratifies the river treaty</h1><article>{_paragraphs(_RIVER)}</article>"
               "</article></body></html>").encode()
    feed_server.route("/world/oskel", body=html, content_type="text/html; charset=utf-8")
    feed_server.route("/world/river", body=wrapped, content_type="text/html; charset=utf-8")
    feed_server.route("/desk.xml", body=_channel(
        _item_xml("Velmora to reopen the Oskel crossing", feed_server.url("/world/oskel"), "Velmora will reopen it.")
        + _item_xml("Kestria ratifies the river treaty", feed_server.url("/world/river"), "Kestria ratified it.")))
    ingestor = ingestor_for(make_config, [{"name": "Desk", "url": feed_server.url("/desk.xml")}])
    [report] = await ingestor.run()
    assert report.ok and report.new == 2, report
    texts = dict(ingestor.db.conn.execute("SELECT url, text FROM articles").fetchall())
    oskel, river = texts[feed_server.url("/world/oskel")], texts[feed_server.url("/world/river")]
    assert main[0][:60] in oskel and main[3][:60] in oskel, oskel
    assert "river treaty" not in oskel, oskel
    assert _RIVER[0][:60] in river, river


def test_a_source_whose_stories_could_not_be_read_is_told_by_fetch(feed_server: FeedServer, tmp_path) -> None:
    """A source whose feed gives headlines alone, each linking to a PDF (a ministry's "documents" feed): every story
    was stored with its headline alone, no summary, no quote, and `communique fetch` said "Docs: 2 new ... (ok)", so
    the operator had no word that nothing of it could be read. It says how many have their headline alone, and
    that source's log line says why; a source read whole says nothing of it."""
    from tests.test_cli import communique

    feed_server.route("/docs.xml", body=_channel(_item_xml("Treaty text published", feed_server.url("/doc/1.pdf"))
                                                 + _item_xml("Annex on quotas", feed_server.url("/doc/2.pdf"))))
    feed_server.route("/memo.xml", body=_channel(_item_xml("Memo on the crossing", feed_server.url("/doc/3.pdf"))))
    for n in (1, 2, 3):
        feed_server.route(f"/doc/{n}.pdf", body=b"%PDF-1.4\n\x00\x01\x02\x03", content_type="application/pdf")
    feed_server.route("/desk.xml", body=_channel(_item_xml("Kestria names an envoy", "https://desk.example/envoy",
                                                           "Kestria named an envoy to Dolna on Tuesday, its "
                                                           "foreign ministry said, ending a year without one.")))
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "communique.db"\n[fetch]\nallow_private_addresses = true\ntimeout = 3\n'
        f'[[sources]]\nname = "Docs"\nurl = "{feed_server.url("/docs.xml")}"\n'
        f'[[sources]]\nname = "Desk"\nurl = "{feed_server.url("/desk.xml")}"\n'
        f'[[sources]]\nname = "Memo"\nurl = "{feed_server.url("/memo.xml")}"\n')
    fetched = communique("fetch", cwd=tmp_path)
    assert fetched.returncode == 0, fetched.stderr
    lines = {line.split(":")[0]: line for line in fetched.stdout.splitlines() if ":" in line}
    assert "2 new" in lines["Docs"] and "2 with their headline alone" in lines["Docs"], fetched.stdout
    assert "headline alone" not in lines["Desk"], fetched.stdout
    assert "none of its 2 new stories could be read" in fetched.stderr and "PDF" in fetched.stderr, fetched.stderr
    assert "source Memo: its new story could not be read" in fetched.stderr, fetched.stderr


def _framed(frames: str) -> bytes:
    return (f"<html><head><title>Ministry of Foreign Affairs</title></head><frameset rows='15%,85%'>{frames}"
            "<noframes>Your browser does not show frames.</noframes></frameset></html>").encode()


async def test_a_story_page_in_a_frameset_is_read_from_its_frame(feed_server: FeedServer, make_config) -> None:
    """An older ministry site serving each release as a frameset (a menu frame, the release in another): the page
    has no text of its own, so the story was stored with its feed's one line and marked as its short preview.
    The frame that holds the story (the one named as the main one, else the largest) is read, as a browser shows
    it."""
    feed_server.route("/release/7", body=_framed("<frame src='/menu' name='nav'><frame src='/release/7/body' "
                                                 "name='main'>"), content_type="text/html; charset=utf-8")
    feed_server.route("/menu", body=b"<html><body><ul><li><a href='/'>Home</a></li></ul></body></html>",
                      content_type="text/html")
    feed_server.route("/release/7/body", content_type="text/html; charset=utf-8", body=(
        "<html><head><title>Velmora to reopen the Oskel crossing</title></head><body><article>"
        f"<h1>Velmora to reopen the Oskel crossing</h1>{_paragraphs(story(1))}</article></body></html>").encode())
    feed_server.route("/desk.xml", body=_channel(_item_xml("Velmora to reopen the Oskel crossing",
                                                           feed_server.url("/release/7"), "Velmora will reopen it.")))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/desk.xml")}])
    [report] = await ingestor.run()
    assert report.ok and report.new == 1, report
    [row] = article_store.latest(ingestor.db, 5)
    assert row.url == feed_server.url("/release/7") and not row.from_teaser, row
    assert story(1)[0][:50] in " ".join(row.summary), row.summary


async def test_a_feed_compressed_in_a_coding_not_asked_for_says_whose_fault_it_is(
    feed_server: FeedServer, make_config
) -> None:
    """A CDN sending a feed Brotli-compressed (`Content-Encoding: br`) to a request that asked for gzip or deflate
    alone: the error said "unsupported Content-Encoding: br", which read as a gap in the bot the operator should
    work around. It says the site sent what was not asked for; the other sources are read."""
    feed_server.route("/br.xml", body=b"\x1b\x03\x00\xf8\x8d\x94n\xde", headers={"Content-Encoding": "br"})
    feed_server.route("/fine.xml", body=_channel(_item_xml("Kestria names an envoy", "https://desk.example/envoy",
                                                           "Kestria named an envoy to Dolna.")))
    ingestor = ingestor_for(make_config, [{"name": "Squeezed", "url": feed_server.url("/br.xml")},
                                          {"name": "Fine", "url": feed_server.url("/fine.xml")}])
    reports = {report.name: report for report in await ingestor.run()}
    error = reports["Squeezed"].error or ""
    assert not reports["Squeezed"].ok and "br" in error, error
    assert "not asked for" in error and "gzip" in error and "the site" in error, error
    assert reports["Fine"].ok and reports["Fine"].new == 1


def _aggregated(title: str, outlet: str) -> str:
    """An aggregator's item: its headline ends with the outlet's name, which its <source> element gives."""
    return (f"<item><title>{title}</title><link>https://news.example/articles/{abs(hash(title)) % 10_000}</link>"
            f"<pubDate>Fri, 20 Nov 2026 09:00:00 GMT</pubDate><description>Velmora said the crossing would reopen "
            f"within ten days of the accord.</description><source url='https://harbour.example/feed'>{outlet}"
            "</source></item>")


async def test_an_aggregators_headline_loses_the_outlet_its_source_element_names(
    feed_server: FeedServer, make_config
) -> None:
    """A news aggregator's feed heads each item "Headline - Outlet" and names the outlet in RSS's <source>: the
    story was stored and sent as "Velmora reopens the Tarnic crossing - The Harbour Gazette", the outlet read as
    words of the headline. The name its <source> gives is taken off the end (after " - ", " – " or " | "); a
    headline that merely ends with other words after a dash keeps them."""
    feed_server.route("/news.xml", body=_channel(
        _aggregated("Velmora reopens the Tarnic crossing - The Harbour Gazette", "The Harbour Gazette")
        + _aggregated("Kestria names an envoy | Dolna Daily", "Dolna Daily")
        + _aggregated("Talks resume - and stall again", "The Harbour Gazette")))
    ingestor = ingestor_for(make_config, [{"name": "News", "url": feed_server.url("/news.xml")}],
                            fetch_full_text=False)
    [report] = await ingestor.run()
    assert report.ok and report.new == 3, report
    titles = sorted(row.title for row in article_store.latest(ingestor.db, 5))
    assert titles == ["Kestria names an envoy", "Talks resume - and stall again",
                      "Velmora reopens the Tarnic crossing"], titles


@pytest.mark.parametrize("script", [
    'window.location.replace("{to}");',
    "window.location.href = '{to}';",
    'location.assign("{to}")',
])
async def test_a_click_page_that_sends_the_browser_on_by_script_is_followed(
    feed_server: FeedServer, make_config, script: str
) -> None:
    """An aggregator's click page: its feed links each story to a page of the aggregator that sends the browser on
    to the story by a script (`window.location.replace(...)`), with no text of its own. The story was stored with
    its feed's line and marked as its short preview. Such a page with no story of its own is followed, as a
    `<meta>` refresh is; a story page that has a script naming another address is read as it is."""
    target = feed_server.url("/world/oskel")
    feed_server.route("/click/1", content_type="text/html; charset=utf-8", body=(
        "<html><head><title>Redirecting</title><script>" + script.format(to=target) + "</script></head>"
        "<body><noscript>Continue to the story</noscript></body></html>").encode())
    feed_server.route("/world/oskel", content_type="text/html; charset=utf-8", body=(
        "<html><head><title>Velmora to reopen the Oskel crossing</title></head><body><article>"
        f"<h1>Velmora to reopen the Oskel crossing</h1>{_paragraphs(story(1))}</article></body></html>").encode())
    feed_server.route("/desk.xml", body=_channel(_item_xml("Velmora to reopen the Oskel crossing",
                                                           feed_server.url("/click/1"), "Velmora will reopen it.")))
    ingestor = ingestor_for(make_config, [{"name": "Aggregator", "url": feed_server.url("/desk.xml")}])
    [report] = await ingestor.run()
    assert report.ok and report.new == 1, report
    [row] = article_store.latest(ingestor.db, 5)
    assert not row.from_teaser and story(1)[0][:50] in " ".join(row.summary), row


def test_a_story_page_whose_script_names_another_address_is_not_taken_for_a_click_page() -> None:
    """A story page with text of its own whose script sends a button's reader elsewhere is the story: not left."""
    from bot.ingest.extract import script_target

    page_html = ("<html><head><script>function share(){ window.location.href = 'https://share.example/?u=1'; }"
                 f"</script></head><body><article>{_paragraphs(story(1))}</article></body></html>")
    assert script_target(page_html, "https://desk.example/world/oskel") is None
    import json

    shell = ("<html><head><script type='application/ld+json'>"
             + json.dumps({"@type": "NewsArticle", "articleBody": "\n".join(story(1))})
             + "</script><script>if (!document.cookie) { location.href = '/consent'; }</script></head>"
             "<body><div id='app'></div></body></html>")
    assert script_target(shell, "https://desk.example/world/oskel") is None, "its story is in its data"
    click = "<html><head><script>location.replace('/world/oskel')</script></head><body>Redirecting…</body></html>"
    assert script_target(click, "https://agg.example/c/1") == "https://agg.example/world/oskel"
