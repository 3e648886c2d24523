"""Ingest against a real HTTP server on 127.0.0.1: conditional GET, faults, limits, full text and duplicates."""

from __future__ import annotations

import gzip
import json
import logging
import time
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape

import pytest

from bot.delivery.sender import Sender
from bot.ingest.pipeline import Ingestor
from bot.ingest.urls import normalize_url
from bot.platforms.telegram.render import link_target as telegram_link
from storage import articles as article_store
from storage import sources as source_store
from storage.db import from_iso
from storage.records import ArticleQuote
from tests.factories import BASE_TIME, Item, atom, items, page, rss, story
from tests.feedserver import FeedServer
from tests.helpers import FAST, RecordingPlatform, ingestor_for, plan, subscribe


def source_row(ingestor: Ingestor, name: str) -> dict:
    return next(s for s in source_store.list_sources(ingestor.db) if s.name == name)


async def test_new_articles_are_analysed_and_stored(feed_server: FeedServer, make_config) -> None:
    feed_server.route("/feed.xml", body=rss(items(3)))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml"), "tags": ["borders"]}])
    [report] = await ingestor.run()
    assert report.ok and report.new == 3
    rows = article_store.latest(ingestor.db, 10)
    assert len(rows) == 3
    first = rows[0]
    assert first.title == "Velmora pledges to reopen crossing 0"
    assert first.summary, "each article is summarized at ingest"
    assert any("Kovač" in (q.speaker or "") for q in first.quotes), first.quotes
    assert first.pledges, "the pledge in the lead is found"
    assert "borders" in first.tags
    # Ingest runs once per article: the stored analysis is what commands read.
    assert article_store.latest(ingestor.db, 5, ["borders"])


async def test_conditional_get_with_etag_and_last_modified(feed_server: FeedServer, make_config) -> None:
    feed_server.route("/etag.xml", body=rss(items(2)), etag='"v1"')
    feed_server.route("/lm.xml", body=rss(items(2, host="https://other.example")), last_modified="Fri, 20 Nov 2026 09:00:00 GMT")
    ingestor = ingestor_for(
        make_config,
        [{"name": "E", "url": feed_server.url("/etag.xml")}, {"name": "L", "url": feed_server.url("/lm.xml")}],
    )
    first = {r.name: r for r in await ingestor.run(only_due=False)}
    assert first["E"].new == 2 and first["L"].new == 2
    second = {r.name: r for r in await ingestor.run(only_due=False)}
    assert second["E"].not_modified and second["L"].not_modified
    etag_requests = [r for r in feed_server.requests if r.path == "/etag.xml"]
    assert etag_requests[-1].headers.get("If-None-Match") == '"v1"'
    lm_requests = [r for r in feed_server.requests if r.path == "/lm.xml"]
    assert lm_requests[-1].headers.get("If-Modified-Since") == "Fri, 20 Nov 2026 09:00:00 GMT"
    assert article_store.count_articles(ingestor.db) == 4


async def test_a_304_to_a_request_without_validators_is_a_fault_not_news_of_nothing(
    feed_server: FeedServer, make_config
) -> None:
    """A server (a misconfigured cache in front of a feed) that answers 304 Not Modified to a request carrying no
    ETag or Last-Modified: the source showed '(not modified)' at every fetch and never gave a story, with nothing
    said. Nothing was read, so it fails saying why; a 304 to the validators the feed gave stays a quiet success."""
    feed_server.route("/cached.xml", status=304)
    feed_server.route("/feed.xml", body=rss(items(1)), etag='"v1"')
    ingestor = ingestor_for(make_config, [{"name": "Cached", "url": feed_server.url("/cached.xml")},
                                          {"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    reports = {r.name: r for r in await ingestor.run()}
    assert not reports["Cached"].ok and not reports["Cached"].not_modified
    assert reports["Cached"].error == (
        "answered 304 Not Modified to a request that named no earlier copy (no ETag or Last-Modified): nothing "
        "was read; the server (or a cache in front of it) is at fault")
    assert reports["Ministry"].new == 1
    reports = {r.name: r for r in await ingestor.run(only_due=False)}
    assert reports["Ministry"].ok and reports["Ministry"].not_modified


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ({"status": 404, "body": b"nope"}, "HTTP 404 not found"),
        ({"status": 410, "body": b"gone"}, "HTTP 410 gone"),
        ({"status": 500, "body": b"boom"}, "HTTP 500 server error"),
        ({"body": b"<rss><channel><item><title>broken"}, "malformed feed"),
        ({"body": b"<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>", "content_type": "text/html"}, "HTML page, not a feed"),
        ({"body": b""}, "empty response"),
        # a feed generator that failed after its byte-order mark or its XML declaration: "SAXParseException: no
        # element found" said nothing of an empty feed
        ({"body": b"\xef\xbb\xbf\n  "}, "empty response (no feed)"),
        ({"body": b"<?xml version='1.0' encoding='utf-8'?>\n"},
         "got an XML declaration and nothing after it (no feed): the site's feed generator may have failed"),
        # a site down, answering 200 with its error page: "check the URL" sent the operator to a config that was right
        ({"body": b"<html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>503 Service "
                  b"Temporarily Unavailable</h1><hr><center>nginx</center></body></html>", "content_type": "text/html"},
         "got an HTML page, not a feed: it reads as an error page (\u201c503 Service Temporarily Unavailable\u201d), "
         "so the site may be down or failing; the url is not at fault unless it stays so"),
        # a .gz file served as it is, and a body compressed twice (one layer undone): the reason said "SAXParseException"
        ({"body": gzip.compress(rss(items(1))), "content_type": "application/gzip"},
         "got gzip-compressed data, not a feed (a .gz file, or a server that compressed it twice)"),
        ({"body": gzip.compress(rss(items(1))), "gzip": True},
         "got gzip-compressed data, not a feed (a .gz file, or a server that compressed it twice)"),
        ({"body": bytes(range(256)) * 40, "content_type": "application/octet-stream"}, "not"),
    ],
)
async def test_faults_are_recorded_on_the_source_with_a_reason_and_backoff(
    feed_server: FeedServer, make_config, route: dict, reason: str
) -> None:
    feed_server.route("/bad.xml", **route)
    feed_server.route("/good.xml", body=rss(items(2)))
    ingestor = ingestor_for(
        make_config, [{"name": "Bad", "url": feed_server.url("/bad.xml")}, {"name": "Good", "url": feed_server.url("/good.xml")}]
    )
    reports = {r.name: r for r in await ingestor.run()}
    assert not reports["Bad"].ok and reason in (reports["Bad"].error or "")
    assert reports["Good"].ok and reports["Good"].new == 2
    bad = source_row(ingestor, "Bad")
    assert bad.failures == 1 and reason in bad.last_error
    assert from_iso(bad.next_due) > datetime.now(UTC) + timedelta(seconds=60)


async def test_a_feed_that_sends_to_a_sign_in_page_says_it_asks_for_a_login_and_where(
    feed_server: FeedServer, make_config
) -> None:
    """A feed moved behind a members' login: its address redirects to the site's sign-in form, answered 200 as HTML.
    The source failed with "the page names no feed (check the URL ...)", and the operator checked a URL that was
    right. It says a sign-in page answered, at which address, and what that means."""
    feed_server.route("/members.xml", redirect="/account/login?next=/members.xml")
    feed_server.route("/account/login", content_type="text/html; charset=utf-8", body=(
        b"<!DOCTYPE html><html><head><title>Sign in | Norland Press</title></head><body><form method=post>"
        b"<input name=email><input type='password' name=pass><button>Sign in</button></form></body></html>"))
    feed_server.route("/good.xml", body=rss(items(1)))
    ingestor = ingestor_for(make_config, [{"name": "Members", "url": feed_server.url("/members.xml")},
                                          {"name": "Good", "url": feed_server.url("/good.xml")}])
    reports = {r.name: r for r in await ingestor.run()}
    assert reports["Members"].error == (
        f"got a sign-in page, not a feed (at {feed_server.url('/account/login?next=/members.xml')}): the feed asks "
        "for a login, which Communiqué does not give; use the site's public feed, or a feed address with its own "
        "key if the site offers one"), reports["Members"].error
    assert reports["Good"].new == 1


async def test_a_source_whose_server_refuses_the_connection_says_so(feed_server: FeedServer, make_config) -> None:
    """A source whose server takes no connections (its web server stopped, a wrong port in its url) failed as
    `network error: ConnectError: All connection attempts failed`, which `communique status` showed alike for a
    refused port, an unreachable network and a firewall. It says the server refused, at which address and port."""
    import socket

    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    feed_server.route("/good.xml", body=rss(items(2)))
    ingestor = ingestor_for(make_config, [{"name": "Down", "url": f"http://127.0.0.1:{port}/feed.xml"},
                                          {"name": "Good", "url": feed_server.url("/good.xml")}])
    reports = {r.name: r for r in await ingestor.run()}
    assert reports["Good"].ok and reports["Good"].new == 2
    error = source_row(ingestor, "Down").last_error or ""
    assert "ConnectError" not in error and "All connection attempts" not in error, error
    assert f"the server at 127.0.0.1:{port} refused the connection" in error, error


async def test_retry_after_is_honoured(feed_server: FeedServer, make_config) -> None:
    feed_server.route("/busy.xml", status=503, headers={"Retry-After": "7200"})
    ingestor = ingestor_for(make_config, [{"name": "Busy", "url": feed_server.url("/busy.xml"), "interval": 60}])
    [report] = await ingestor.run()
    assert "503" in (report.error or "")
    assert from_iso(source_row(ingestor, "Busy").next_due) > datetime.now(UTC) + timedelta(seconds=7000)


async def test_backoff_grows_with_consecutive_failures_and_success_resets_it(feed_server: FeedServer, make_config) -> None:
    feed_server.route("/flaky.xml", status=500)
    ingestor = ingestor_for(make_config, [{"name": "Flaky", "url": feed_server.url("/flaky.xml"), "interval": 60}])
    delays = []
    for _ in range(3):
        await ingestor.run(only_due=False)
        row = source_row(ingestor, "Flaky")
        delays.append(from_iso(row.next_due) - datetime.now(UTC))
    assert delays[0] < delays[1] < delays[2]
    assert source_row(ingestor, "Flaky").failures == 3
    feed_server.route("/flaky.xml", body=rss(items(1)))
    await ingestor.run(only_due=False)
    row = source_row(ingestor, "Flaky")
    assert row.failures == 0 and row.last_success


async def test_a_failing_source_that_answers_again_says_so_in_the_log(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """Each failure is a WARNING naming the source and when it is tried again; its recovery said nothing, so an
    operator grepping the log for the source saw "failed (4 in a row)" as the last word on it."""
    feed_server.route("/flaky.xml", status=500)
    ingestor = ingestor_for(make_config, [{"name": "Flaky", "url": feed_server.url("/flaky.xml"), "interval": 60}])
    for _ in range(2):
        await ingestor.run(only_due=False)
    feed_server.route("/flaky.xml", body=rss(items(1)))
    caplog.set_level(logging.WARNING)
    await ingestor.run(only_due=False)
    assert "source Flaky works again after 2 failures in a row (the last: HTTP 500 server error)" in caplog.text
    caplog.clear()
    await ingestor.run(only_due=False)
    assert "works again" not in caplog.text, "said once, at the recovery"


async def test_a_slow_source_does_not_delay_the_others(feed_server: FeedServer, make_config) -> None:
    feed_server.route("/slow.xml", body=rss(items(1)), delay=5)
    feed_server.route("/fast.xml", body=rss(items(2, host="https://fast.example")))
    ingestor = ingestor_for(
        make_config,
        [{"name": "Slow", "url": feed_server.url("/slow.xml")}, {"name": "Fast", "url": feed_server.url("/fast.xml")}],
        timeout=1.5,
    )
    finished: list[str] = []
    reports = {r.name: r for r in await ingestor.run(progress=lambda r: finished.append(r.name))}
    assert finished == ["Fast", "Slow"], "the fast source is stored before the slow one times out"
    assert reports["Fast"].new == 2
    assert "timed out" in (reports["Slow"].error or "")


async def test_a_trickling_server_hits_the_whole_request_deadline(feed_server: FeedServer, make_config) -> None:
    feed_server.route("/trickle.xml", body=rss(items(3)), trickle=0.2)
    ingestor = ingestor_for(make_config, [{"name": "Trickle", "url": feed_server.url("/trickle.xml")}], timeout=1)
    started = time.monotonic()
    [report] = await ingestor.run()
    assert "timed out" in (report.error or "")
    assert time.monotonic() - started < 10


async def test_size_cap_and_gzip_bomb(feed_server: FeedServer, make_config) -> None:
    feed_server.route("/huge.xml", body=rss(items(1)) + b"<!--" + b"x" * 300_000 + b"-->")
    feed_server.route("/bomb.xml", body=b"<rss>" + b"\0" * 50_000_000, gzip=True)
    ingestor = ingestor_for(
        make_config,
        [{"name": "Huge", "url": feed_server.url("/huge.xml")}, {"name": "Bomb", "url": feed_server.url("/bomb.xml")}],
        max_bytes=100_000,
    )
    reports = {r.name: r for r in await ingestor.run()}
    assert "too large" in (reports["Huge"].error or "")
    assert "too large" in (reports["Bomb"].error or "")
    assert "after decompression" in (reports["Bomb"].error or "")
    # The operator of a long feed (thousands of entries with their full text) learns which setting raises the cap.
    assert all("[fetch] max_bytes" in (r.error or "") for r in reports.values()), reports


async def test_a_redirect_chain_longer_than_allowed_names_where_it_led_and_the_setting(
    feed_server: FeedServer, make_config
) -> None:
    """A source that redirects on and on through new addresses (a tracking hop after a tracking hop, a site adding a
    query at each turn) failed as "too many redirects (more than 5)", naming neither where the chain had got to nor
    what allows a longer one: the operator could only guess whether the feed had moved or the site misbehaved."""
    for hop in range(8):
        feed_server.route(f"/hop{hop}", redirect=f"/hop{hop + 1}")
    ingestor = ingestor_for(make_config, [{"name": "Chain", "url": feed_server.url("/hop0")}])
    [report] = await ingestor.run()
    error = report.error or ""
    assert f"too many redirects (more than 5, the last to {feed_server.url('/hop6')})" in error, error
    assert "[fetch] max_redirects" in error, error


async def test_redirects_are_followed_and_loops_refused(feed_server: FeedServer, make_config) -> None:
    feed_server.route("/old.xml", redirect="/new.xml")
    feed_server.route("/new.xml", body=rss(items(1)))
    feed_server.route("/loop-a", redirect="/loop-b")
    feed_server.route("/loop-b", redirect="/loop-a")
    ingestor = ingestor_for(
        make_config,
        [{"name": "Moved", "url": feed_server.url("/old.xml")}, {"name": "Loop", "url": feed_server.url("/loop-a")}],
    )
    reports = {r.name: r for r in await ingestor.run()}
    assert reports["Moved"].new == 1
    assert "redirect loop" in (reports["Loop"].error or "")


async def test_a_redirect_to_another_scheme_says_it_was_a_redirect(feed_server: FeedServer, make_config) -> None:
    """A source whose server redirects to ftp: or file: failed with "not an http(s) URL: ftp://...", an address
    the operator never wrote in the config: the reason now says the source's server sent it there."""
    feed_server.route("/to-ftp.xml", redirect="ftp://files.norland.example/feed.xml")
    feed_server.route("/to-file.xml", redirect="file:///etc/passwd", redirect_status=301)
    ingestor = ingestor_for(make_config, [{"name": "Ftp", "url": feed_server.url("/to-ftp.xml")},
                                          {"name": "File", "url": feed_server.url("/to-file.xml")}])
    reports = {r.name: r for r in await ingestor.run()}
    assert reports["Ftp"].error == ("redirected (HTTP 302) to ftp://files.norland.example/feed.xml, "
                                    "which is not an http(s) URL: only http and https are followed")
    assert reports["File"].error == ("redirected (HTTP 301) to file:///etc/passwd, "
                                     "which is not an http(s) URL: only http and https are followed")
    assert source_row(ingestor, "Ftp").last_error == reports["Ftp"].error


async def test_a_feed_moved_for_good_is_told_to_the_operator_once(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """A feed that answers 301 or 308 has moved for good: the bot followed it at every fetch without a word, so
    the operator never learnt to update the config, until the old address stopped redirecting and the source
    failed. A temporary redirect (302, 307) is followed in silence, as before."""
    feed_server.route("/old.xml", redirect="/new.xml", redirect_status=301)
    feed_server.route("/new.xml", body=rss(items(1)), etag='"n1"')
    feed_server.route("/gone.xml", redirect="/then.xml", redirect_status=308)
    feed_server.route("/then.xml", redirect="/now.xml")  # for good to /then.xml, from there for now
    feed_server.route("/now.xml", body=rss(items(1, host="https://other.example")))
    feed_server.route("/away.xml", redirect="/elsewhere.xml", redirect_status=307)
    feed_server.route("/elsewhere.xml", body=rss(items(1, host="https://third.example")))
    ingestor = ingestor_for(make_config, [{"name": "Moved", "url": feed_server.url("/old.xml")},
                                          {"name": "Chain", "url": feed_server.url("/gone.xml")},
                                          {"name": "Away", "url": feed_server.url("/away.xml")}])
    with caplog.at_level("INFO", logger="bot.ingest.pipeline"):
        first = {r.name: r for r in await ingestor.run()}
        again = {r.name: r for r in await ingestor.run(only_due=False)}
    assert first["Moved"].new == 1 and again["Moved"].not_modified, "the new address's ETag is used"
    assert first["Moved"].moved_to == again["Moved"].moved_to == feed_server.url("/new.xml")
    assert first["Chain"].moved_to == feed_server.url("/then.xml")
    assert first["Away"].moved_to is None
    told = [r.getMessage() for r in caplog.records if "moved for good" in r.getMessage()]
    assert sorted(told) == [
        f"source Chain: its feed has moved for good (HTTP 308) to {feed_server.url('/then.xml')}: set that as its "
        "url in the config (the old address may stop redirecting)",
        f"source Moved: its feed has moved for good (HTTP 301) to {feed_server.url('/new.xml')}: set that as its "
        "url in the config (the old address may stop redirecting)",
    ], "each said once, however many fetches"
    assert all(r.levelname == "WARNING" for r in caplog.records if "moved for good" in r.getMessage())


async def test_private_addresses_are_refused_unless_allowed(feed_server: FeedServer, make_config) -> None:
    feed_server.route("/feed.xml", body=rss(items(1)))
    ingestor = ingestor_for(
        make_config, [{"name": "Internal", "url": feed_server.url("/feed.xml")}], allow_private_addresses=False
    )
    [report] = await ingestor.run()
    assert not report.ok
    assert "private or local address" in (report.error or "") and "allow_private_addresses" in (report.error or "")
    assert feed_server.hits("/feed.xml") == 0, "no request was sent"


async def test_wrong_declared_encoding_still_yields_entries(feed_server: FeedServer, make_config) -> None:
    body = rss(items(1)).replace("crossing 0".encode(), "crossing at Genève".encode("latin-1"))
    feed_server.route("/enc.xml", body=body)  # declares utf-8, holds latin-1 bytes
    ingestor = ingestor_for(make_config, [{"name": "Enc", "url": feed_server.url("/enc.xml")}])
    [report] = await ingestor.run()
    assert report.ok and report.new == 1
    [row] = article_store.latest(ingestor.db, 5)
    assert row.title.startswith("Velmora pledges to reopen crossing at Gen")


async def test_teaser_entries_get_their_full_text_from_the_page(feed_server: FeedServer, make_config) -> None:
    paragraphs = story(7)
    canonical = "https://wire.example/world/crossing-7"
    feed_server.route("/wire.atom", body=atom([Item("Crossing 7 to reopen", feed_server.url("/page/7?utm_source=rss"), teaser="Velmora pledged to reopen a crossing.")]), content_type="application/atom+xml")
    feed_server.route("/page/7", body=page("Crossing 7 to reopen", paragraphs, canonical=canonical), content_type="text/html")
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/wire.atom")}])
    [report] = await ingestor.run()
    assert report.new == 1
    [row] = article_store.latest(ingestor.db, 5)
    assert row.url == canonical, "the page's canonical address identifies the article"
    stored = ingestor.db.execute("SELECT text FROM articles").fetchone()[0]
    assert "compare figures on the wagons" in stored
    assert "All rights reserved" not in stored and "About us" not in stored


async def test_a_relative_canonical_link_identifies_the_article(feed_server: FeedServer, make_config) -> None:
    """A page naming its canonical address relatively (<link rel="canonical" href="/world/crossing-8">, as many
    CMSs write it) had it ignored: the story was stored and linked under the print view its feed listed, and
    another feed listing the article's own address stored it again. Made absolute against the page's address (or
    its <base href>), it is the article's address."""
    paragraphs = story(8)
    feed_server.route("/wire.atom", content_type="application/atom+xml", body=atom([Item(
        "Crossing 8 to reopen", feed_server.url("/view?id=8&mode=print"), teaser="Velmora pledged to reopen it.")]))
    feed_server.route("/view", content_type="text/html",
                      body=page("Crossing 8 to reopen", paragraphs, canonical="/world/crossing-8"))
    feed_server.route("/other.atom", content_type="application/atom+xml", body=atom([Item(
        "Crossing 9 to reopen", feed_server.url("/print/crossing-9"), teaser="Velmora pledged to reopen it.")]))
    feed_server.route("/print/crossing-9", content_type="text/html", body=page(
        "Crossing 9 to reopen", story(9), canonical="crossing-9-final").replace(
            b"<head>", f'<head><base href="{feed_server.url("/world/")}">'.encode()))
    # A CMS naming its front page ("/") as every page's canonical address: no article's; the feed's link stands.
    feed_server.route("/third.atom", content_type="application/atom+xml", body=atom([Item(
        "Crossing 10 to reopen", feed_server.url("/news/crossing-10"), teaser="Velmora pledged to reopen it.")]))
    feed_server.route("/news/crossing-10", content_type="text/html",
                      body=page("Crossing 10 to reopen", story(10), canonical="/"))
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/wire.atom")},
                                          {"name": "Other", "url": feed_server.url("/other.atom")},
                                          {"name": "Third", "url": feed_server.url("/third.atom")}])
    await ingestor.run()
    urls = dict(ingestor.db.execute("SELECT title, url FROM articles").fetchall())
    assert urls["Crossing 10 to reopen"] == feed_server.url("/news/crossing-10")
    assert urls["Crossing 8 to reopen"] == feed_server.url("/world/crossing-8")
    assert urls["Crossing 9 to reopen"] == feed_server.url("/world/crossing-9-final")


async def test_an_edited_story_is_updated_not_duplicated(feed_server: FeedServer, make_config) -> None:
    original = items(1)
    feed_server.route("/feed.xml", body=rss(original))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    await ingestor.run(only_due=False)
    [before] = article_store.latest(ingestor.db, 5)
    original[0].paragraphs = original[0].paragraphs + ["Update: the crossing will open at dawn, officials added."]
    feed_server.route("/feed.xml", body=rss(original))
    [report] = await ingestor.run(only_due=False)
    assert report.updated == 1 and report.new == 0
    [after] = article_store.latest(ingestor.db, 5)
    assert after.id == before.id
    text = ingestor.db.execute("SELECT text, updated FROM articles").fetchone()
    assert "open at dawn" in text[0] and text[1]


async def test_url_variants_and_duplicate_guids_make_one_article(feed_server: FeedServer, make_config) -> None:
    [base] = items(1)
    variants = [
        Item(base.title, base.link + "?utm_source=rss&utm_medium=feed", base.paragraphs, guid="a"),
        Item(base.title, base.link + "#comments", base.paragraphs, guid="b"),
        Item(base.title, base.link.replace("https://", "https://m.") + "/amp/", base.paragraphs, guid="c"),
        Item(base.title, base.link, base.paragraphs, guid="c"),  # duplicate GUID in one feed
    ]
    feed_server.route("/feed.xml", body=rss(variants))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 1
    assert article_store.count_articles(ingestor.db) == 1


async def test_different_stories_under_one_link_in_a_feed_are_each_stored(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """A feed that gives every entry its landing page as the link (each with its own id and headline): the link is
    no article's address. Each entry used to be taken for an edit of the first: three stories stored as one, two
    never sent, and the fetch counted them "updated". An edit listed beside its original stays one article."""
    landing = "https://ministry.example/press/"
    stories = [
        ("Norland opens an embassy in Estavia", ["Norland opened its first embassy in the Estavian capital on "
         "Friday, ending a decade in which the two countries spoke only through intermediaries in Velmora."]),
        ("Aldmark joins the river commission", ["Aldmark became the fifth member of the river commission on "
         "Thursday and will send two hydrologists to its gauging stations before the spring floods."]),
        ("Kestria frees a detained reporter", ["A reporter held for six weeks in Kestria was released on "
         "Wednesday after her employer paid a fine that her lawyers had called unlawful."]),
    ]
    entries = [Item(title, landing, text, guid=f"press-{n}", published=BASE_TIME - timedelta(hours=n))
               for n, (title, text) in enumerate(stories)]
    feed_server.route("/feed.xml", body=rss(entries))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}],
                            fetch_full_text=False)
    with caplog.at_level("INFO", logger="bot.ingest.pipeline"):
        [report] = await ingestor.run()
    assert report.new == 3 and report.updated == 0
    assert sorted(a.title for a in article_store.latest(ingestor.db, 10)) == sorted(t for t, _ in stories)
    assert [r.getMessage() for r in caplog.records if "share the link" in r.getMessage()] == [
        "source Ministry: 3 entries share the link https://ministry.example/press, not all one story: each is "
        "stored as its own story, by its id, linking to that page (or to its id, a web address)"]
    [again] = await ingestor.run(only_due=False)
    assert again.new == 0 and again.updated == 0 and again.unchanged == 3, "read again: the same three"

    entries.append(Item("Velmora pledges to reopen crossing 3", landing, story(3), guid="press-3"))
    feed_server.route("/feed.xml", body=rss(entries))
    [more] = await ingestor.run(only_due=False)
    assert more.new == 1 and article_store.count_articles(ingestor.db) == 4

    edit = [Item("Velmora pledges to reopen crossing 5", "https://ministry.example/press/5", story(5), guid="v1"),
            Item("Velmora pledges to reopen crossing 5 (updated)", "https://ministry.example/press/5",
                 [*story(5), "Update: the crossing opens at dawn."], guid="v2")]
    feed_server.route("/edit.xml", body=rss(edit))
    edited = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/edit.xml")}], fetch_full_text=False)
    [report] = await edited.run()
    assert (report.new, report.updated) == (1, 1), "an edit beside its original: one article, updated"


async def test_a_feed_longer_than_max_entries_has_its_newest_entries_read_and_the_rest_said(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """Only `max_entries` entries of a feed are read. A feed that lists its entries oldest first had its oldest read
    and its newest never, silently; and a feed that carried more new entries than that since the last fetch lost the
    oldest of them, silently too."""
    now = datetime.now(UTC).replace(microsecond=0)
    oldest_first = [Item(f"Velmora pledges to reopen crossing {n}", f"https://ministry.example/press/{n}", story(n),
                         published=now - timedelta(hours=8 - n)) for n in range(8)]
    feed_server.route("/feed.xml", body=rss(oldest_first))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}],
                            fetch_full_text=False, max_entries=5)
    with caplog.at_level("INFO", logger="bot.ingest.pipeline"):
        [report] = await ingestor.run()
    assert report.new == 5
    assert sorted(a.title[-1] for a in article_store.latest(ingestor.db, 10)) == ["3", "4", "5", "6", "7"]
    assert "source Ministry: its feed lists 8 entries; the newest 5 were read ([fetch] max_entries), the 3 older not" \
        in [r.getMessage() for r in caplog.records]

    caplog.clear()
    burst = [Item(f"Velmora pledges to reopen crossing {n}", f"https://ministry.example/press/{n}", story(n),
                  published=now + timedelta(minutes=n)) for n in range(8, 16)]
    feed_server.route("/feed.xml", body=rss([*reversed(burst), *reversed(oldest_first)]))
    with caplog.at_level("INFO", logger="bot.ingest.pipeline"):
        [report] = await ingestor.run(only_due=False)
    assert report.new == 5
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == ["source Ministry: 11 entries beyond [fetch] max_entries (5) were not read, 3 of them dated "
                        "after its last fetch: raise max_entries, or fetch it more often (interval)"]


async def test_a_source_renamed_in_the_config_keeps_its_stories_and_their_edits(
    feed_server: FeedServer, make_config
) -> None:
    """Renaming a source (same URL) made it a new source: its stories stayed under the old name, which /sources no
    longer lists, and an edit of one of them was taken for another source's copy and dropped ("unchanged")."""
    entries = items(2)
    feed_server.route("/feed.xml", body=rss(entries))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    await ingestor.run()
    ingestor.config = make_config(sources=[{"name": "Ministry of Foreign Affairs", "url": feed_server.url("/feed.xml")}],
                                  fetch={"allow_private_addresses": True, "timeout": 2})
    [renamed] = ingestor.sync_sources().sources
    assert renamed.name == "Ministry of Foreign Affairs" and renamed.articles_seen == 2, "the same row, renamed"
    assert {a.source_name for a in article_store.latest(ingestor.db, 5)} == {"Ministry of Foreign Affairs"}
    entries[0].paragraphs = [*entries[0].paragraphs, "Update: the crossing will open at dawn, officials added."]
    feed_server.route("/feed.xml", body=rss(entries))
    [report] = await ingestor.run(only_due=False)
    assert (report.updated, report.new) == (1, 0), "the edit is applied"


async def test_syndicated_copies_are_grouped_into_one_story(feed_server: FeedServer, make_config) -> None:
    paragraphs = story(3)
    copy = ["GENEVA (Test Wire) - The neighbours struck a deal on Monday, officials said."] + paragraphs[1:]
    feed_server.route("/ministry.xml", body=rss([Item("Velmora pledges to reopen crossing 3", "https://ministry.example/3", paragraphs)]))
    feed_server.route("/wire.xml", body=rss([Item("Geneva deal reopens a border crossing", "https://wire.example/geneva", copy)]))
    unrelated = [
        "The Aldmark parliament approved the principality's budget for next year by a narrow margin on Tuesday.",
        "Opposition deputies said spending on the coast guard was too low and walked out before the final vote.",
    ]
    feed_server.route("/other.xml", body=rss([Item("Aldmark passes budget", "https://other.example/press/11", unrelated)]))
    ingestor = ingestor_for(
        make_config,
        [
            {"name": "Ministry", "url": feed_server.url("/ministry.xml")},
            {"name": "Wire", "url": feed_server.url("/wire.xml")},
            {"name": "Other", "url": feed_server.url("/other.xml")},
        ],
    )
    await ingestor.run()
    groups = {r[0]: r[1] for r in ingestor.db.execute("SELECT url, group_id FROM articles")}
    assert groups["https://ministry.example/3"] == groups["https://wire.example/geneva"]
    assert groups["https://other.example/press/11"] != groups["https://ministry.example/3"]
    assert len(article_store.latest(ingestor.db, 10)) == 2, "latest shows the story once"


async def test_a_copy_of_a_story_already_sent_plans_nothing_and_logs_no_empty_plan(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """A wire copy of a story a chat was already sent is marked as told, with nothing sent: the log said
    "planned ... 0 stories and 0 pledge lines in 0 messages" at INFO for every chat, each time a copy came in (30
    lines for one copy with 30 chats), which read like a digest gone missing. Nothing is said now at INFO."""
    paragraphs = story(3)
    copy = ["GENEVA (Test Wire) - The neighbours struck a deal on Monday, officials said."] + paragraphs[1:]
    feed_server.route("/ministry.xml", body=rss([Item("Velmora pledges to reopen crossing 3", "https://ministry.example/3", paragraphs)]))
    feed_server.route("/wire.xml", body=rss([]))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/ministry.xml")},
                                          {"name": "Wire", "url": feed_server.url("/wire.xml")}])
    await ingestor.run()
    platform = RecordingPlatform()
    sub = subscribe(ingestor.db, "c1")
    assert plan(ingestor.db, sub, platform, "instant:1") == 1
    feed_server.route("/wire.xml", body=rss([Item("Geneva deal reopens a border crossing", "https://wire.example/geneva", copy)]))
    ingestor.db.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")
    [wire] = [r for r in await ingestor.run() if r.name == "Wire"]
    assert wire.new == 1
    caplog.clear()
    caplog.set_level(logging.INFO)
    assert plan(ingestor.db, sub, platform, "instant:2") == 0
    assert "in 0 messages" not in caplog.text
    assert plan(ingestor.db, sub, platform, "instant:3") == 0, "the copy is told once, as covered"


async def test_entries_without_links_or_dates_and_with_future_dates(feed_server: FeedServer, make_config) -> None:
    future = datetime.now(UTC) + timedelta(days=400)
    entries = [
        Item("No link here", "", story(1), guid="urn:x:1", published=None),
        Item("From the future", "https://ministry.example/future", story(2), published=future),
    ]
    feed_server.route("/feed.xml", body=rss(entries))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 2
    rows = {r.title: r for r in article_store.latest(ingestor.db, 5)}
    assert rows["No link here"].url.startswith("urn:communique:")
    assert rows["No link here"].published is None
    assert from_iso(rows["From the future"].sort_time) < datetime.now(UTC) + timedelta(hours=1)


async def test_entries_dated_ahead_of_now_are_said_in_the_log(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """A feed whose CMS writes next year (a slip at the turn of the year) or a summit's day for the release's: its
    entries were dated when fetched instead, so that none sat on top of every digest, with nothing said, and the
    operator never learned the feed's dates were wrong. The log names the source, how many and the first date."""
    ahead = datetime(datetime.now(UTC).year + 1, 3, 14, 9, 30, tzinfo=UTC)
    feed_server.route("/feed.xml", body=rss([
        Item("Summit set for the spring", "https://ministry.example/summit", story(1), published=ahead),
        Item("Talks resume", "https://ministry.example/talks", story(2), published=ahead + timedelta(days=1)),
        Item("Envoy arrives", "https://ministry.example/envoy", story(3)),
    ]))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}],
                            fetch_full_text=False)
    with caplog.at_level(logging.INFO, logger="bot.ingest"):
        [report] = await ingestor.run()
    assert report.new == 3
    said = [r.getMessage() for r in caplog.records if "ahead" in r.getMessage()]
    assert said == [f"source Ministry: 2 of 3 entries are dated ahead of now (“Summit set for the spring”, "
                    f"{ahead.year}-03-14 09:30 UTC, and 1 more): dated when fetched instead"], said


async def test_an_item_with_an_empty_link_is_read_at_its_permalink_guid(feed_server: FeedServer, make_config) -> None:
    """A CMS template that always writes <link>, empty when the story's address went into its permalink guid (RSS
    2.0's isPermaLink): the story was stored with no address, its page never read, and the chats got its headline
    and one-line teaser with nothing to open. The guid, a web address, is its link."""
    address = feed_server.url("/press/consulate")
    feed_server.route("/feed.xml", body=(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Ministry</title>'
        f"<link>{feed_server.url('/')}</link><item><title>Consulate to open in Belvane</title><link></link>"
        f'<guid isPermaLink="true">{address}</guid><pubDate>Thu, 03 Dec 2026 10:00:00 GMT</pubDate>'
        "<description>The ministry announced a consulate.</description></item></channel></rss>").encode())
    feed_server.route("/press/consulate", content_type="text/html; charset=utf-8",
                      body=page("Consulate to open in Belvane", story(4)))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 1
    [stored] = article_store.latest(ingestor.db, 5)
    assert stored.url == address
    assert story(4)[1] in (ingestor.db.execute("SELECT text FROM articles").fetchone()[0])


async def test_an_item_of_a_media_file_alone_links_to_its_file_without_downloading_it(
    feed_server: FeedServer, make_config
) -> None:
    """A ministry's video feed: each item a headline, a line of description and its file (<media:content>, or an
    <enclosure>), no <link>. The story was stored with no address: chats got a headline about a briefing with
    nothing to open. It links to its file, which is not downloaded to be read as a page."""
    video, audio = feed_server.url("/media/briefing.mp4"), feed_server.url("/media/interview.mp3")
    feed_server.route("/media/briefing.mp4", content_type="video/mp4", body=b"\x00\x00\x00\x18ftypmp42" * 1000)
    feed_server.route("/media/interview.mp3", content_type="audio/mpeg", body=b"ID3" + b"\x00" * 8000)
    feed_server.route("/feed.xml", body=(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">'
        f"<channel><title>Ministry video</title><link>{feed_server.url('/')}</link>"
        "<item><title>Briefing by the spokesperson on the Belvane talks</title>"
        f'<media:content url="{video}" type="video/mp4"/><media:description>The weekly briefing.</media:description>'
        "<pubDate>Thu, 03 Dec 2026 10:00:00 GMT</pubDate></item>"
        "<item><title>Interview with the envoy to Tessaly</title>"
        "<description>The envoy on the next round.</description>"
        f'<enclosure url="{audio}" type="audio/mpeg" length="8003"/>'
        "<pubDate>Thu, 03 Dec 2026 11:00:00 GMT</pubDate></item></channel></rss>").encode())
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 2
    links = {stored.title: stored.url for stored in article_store.latest(ingestor.db, 5)}
    assert links == {"Briefing by the spokesperson on the Belvane talks": video,
                     "Interview with the envoy to Tessaly": audio}, links
    assert feed_server.hits("/media/briefing.mp4") == feed_server.hits("/media/interview.mp3") == 0
    [again] = await ingestor.run(only_due=False)
    assert (again.new, again.unchanged) == (0, 2)


async def test_empty_feed_is_fine(feed_server: FeedServer, make_config) -> None:
    feed_server.route("/empty.xml", body=rss([]))
    ingestor = ingestor_for(make_config, [{"name": "Empty", "url": feed_server.url("/empty.xml")}])
    [report] = await ingestor.run()
    assert report.ok and report.new == 0


async def test_a_remote_feed_cannot_make_the_bot_read_local_files(feed_server: FeedServer, make_config, tmp_path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_bytes(page("Secret", ["The operator's private notes " * 20]))
    feed_server.route("/feed.xml", body=rss([Item("Look here", secret.as_uri(), teaser="short")]))
    ingestor = ingestor_for(make_config, [{"name": "Remote", "url": feed_server.url("/feed.xml")}])
    await ingestor.run()
    text = ingestor.db.execute("SELECT text FROM articles").fetchone()[0]
    assert "private notes" not in text


async def test_operators_are_alerted_once_per_failure_streak(feed_server: FeedServer, make_config) -> None:
    feed_server.route("/down.xml", status=500)
    config = make_config(
        sources=[{"name": "Down", "url": feed_server.url("/down.xml")}],
        alerts={"after_failures": 2},
    )
    from storage import connect

    ingestor = Ingestor(connect(config.storage.path), config)
    ingestor.sync_sources()
    alerts = []
    for _ in range(5):
        [report] = await ingestor.run(only_due=False)
        alerts.append(report.alert)
    assert alerts == [False, True, False, False, False]
    feed_server.route("/down.xml", body=rss(items(1)))
    await ingestor.run(only_due=False)
    feed_server.route("/down.xml", status=500)
    again = [(await ingestor.run(only_due=False))[0].alert for _ in range(2)]
    assert again == [False, True], "a new streak after a recovery alerts again"


async def test_two_sources_carrying_the_same_article_store_it_once(feed_server: FeedServer, make_config) -> None:
    [item] = items(1)
    feed_server.route("/a.xml", body=rss([item], title="Agency A"))
    other_version = Item("Another headline for the same page", item.link, item.paragraphs[:2])
    feed_server.route("/b.xml", body=rss([other_version], title="Agency B"))
    ingestor = ingestor_for(
        make_config, [{"name": "A", "url": feed_server.url("/a.xml")}, {"name": "B", "url": feed_server.url("/b.xml")}]
    )
    for _ in range(3):
        reports = await ingestor.run(only_due=False)
        assert all(r.ok for r in reports), [r.error for r in reports]
    assert article_store.count_articles(ingestor.db) == 1
    row = ingestor.db.execute("SELECT title, updated FROM articles").fetchone()
    assert row[1] is None, "neither feed keeps rewriting the other's copy"


async def test_one_unreadable_entry_is_skipped_and_the_rest_stored(feed_server: FeedServer, make_config) -> None:
    good = items(2)
    bad = Item("A link with an impossible port", "http://ministry.example:99999/x", story(9))
    feed_server.route("/feed.xml", body=rss([good[0], bad, good[1]]))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.ok and report.new == 2 and report.skipped == 1
    assert source_row(ingestor, "Ministry").failures == 0


@pytest.mark.parametrize("link", ["javascript:alert(1)", "FILE:///{secret}", "file:{secret}", "data:text/html,hi",
                                  "{secret}"])
async def test_a_remote_feed_never_makes_the_bot_read_a_local_file(
    feed_server: FeedServer, make_config, tmp_path, monkeypatch, link: str
) -> None:
    # A file the bot must never show: in the working folder, under the name each hostile link would reach.
    monkeypatch.chdir(tmp_path)
    secret = tmp_path / "secret.txt"
    marker = "operator-only contents " * 20
    for name in ("secret.txt", "javascript:alert(1)"):
        (tmp_path / name).write_text(marker)
    hostile = link.format(secret=str(secret) if link.startswith("FILE") else secret.name)
    teaser = "Velmora pledged on Monday to reopen the crossing."
    feed_server.route("/feed.xml", body=rss([Item("Crossing reopens", hostile, teaser=teaser)]))
    ingestor = ingestor_for(make_config, [{"name": "Remote", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.ok, report.error
    stored = ingestor.db.execute("SELECT url, text FROM articles").fetchall()
    assert stored, "the entry itself is kept, with its teaser"
    assert all("operator-only" not in (text or "") for _, text in stored)
    assert [url for url, _ in stored if url.lower().startswith(("file:", "javascript:"))] == []


async def test_a_story_in_another_language_is_stored_and_the_log_says_its_pledges_were_not_read(
    feed_server: FeedServer, make_config, caplog
) -> None:
    french = Item(
        "La Velmorie promet de rouvrir le poste frontière",
        "https://ministry.example/fr/1",
        ["« Nous rouvrirons le poste de Tarnic dans dix jours », a déclaré M. Orlov devant la presse.",
         "Le ministre a ajouté que les camions de l'ONU pourront passer dès que les contrôles seront prêts."],
    )
    english = Item("Velmora pledges to reopen crossing", "https://ministry.example/en/1", story(3))
    feed_server.route("/feed.xml", body=rss([french, english]))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    with caplog.at_level("INFO", logger="bot.ingest.pipeline"):
        [report] = await ingestor.run()
    assert report.new == 2, "both stories are stored"
    lines = [r.getMessage() for r in caplog.records if "another language" in r.getMessage()]
    assert lines == ["source Ministry: https://ministry.example/fr/1 reads as another language than English: quotes "
                     "and a summary, no pledges read"]
    stored = {a.title: a for a in article_store.latest(ingestor.db, 10)}
    assert stored["La Velmorie promet de rouvrir le poste frontière"].quotes, "its quote is still found"


async def test_stories_under_a_shared_link_are_shown_with_a_link(feed_server: FeedServer, make_config) -> None:
    """Stories a feed lists under one landing page are stored each on its own; they used to be stored without any
    address, so a reader had no link to follow. Each links to that page, at its own anchor (the page lists the
    story), or to its own page when its id is a web address of its own."""
    landing = "https://ministry.example/press/"
    entries = [
        Item("Norland opens an embassy in Estavia", landing, ["Norland opened its first embassy in the Estavian "
             "capital on Friday, ending a decade in which the two spoke only through intermediaries."], guid="press-1"),
        Item("Aldmark joins the river commission", landing, ["Aldmark became the fifth member of the river "
             "commission on Thursday and will send two hydrologists to its gauging stations."], guid="press 2/ä"),
        Item("Kestria frees a detained reporter", landing, ["A reporter held for six weeks in Kestria was released "
             "on Wednesday after her employer paid a fine."], guid="https://ministry.example/p?id=3"),
    ]
    feed_server.route("/feed.xml", body=rss(entries))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}],
                            fetch_full_text=False)
    [report] = await ingestor.run()
    assert report.new == 3
    links = {a.title: a.url for a in article_store.latest(ingestor.db, 10)}
    assert links == {
        "Norland opens an embassy in Estavia": "https://ministry.example/press#press-1",
        "Aldmark joins the river commission": "https://ministry.example/press#press%202%2F%C3%A4",
        "Kestria frees a detained reporter": "https://ministry.example/p?id=3",
    }
    assert all(telegram_link(url) == url for url in links.values()), "each is a link a message may carry"
    [again] = await ingestor.run(only_due=False)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3), "read again: the same three, not new"


async def test_a_web_page_given_as_a_feed_names_the_feeds_it_links_to(feed_server: FeedServer, make_config) -> None:
    """An operator who gives the site's page for its feed got "got an HTML page, not a feed (check the feed URL)"
    and had to look for the feed's address in the page's source; the page names it (rel="alternate")."""
    feed_server.route("/news", content_type="text/html; charset=utf-8", body=(
        b"<!doctype html><html><head><title>Ministry</title>"
        b"<link rel='stylesheet' href='/style.css'>"
        b"<link rel='alternate' type='application/rss+xml' title='Press releases' href='/press/rss.xml'>"
        b"<link type=\"application/atom+xml\" href=\"https://ministry.example/atom\" rel=\"alternate\">"
        b"</head><body><h1>News</h1></body></html>"))
    feed_server.route("/about", content_type="text/html", body=b"<!doctype html><html><body>About</body></html>")
    ingestor = ingestor_for(make_config, [{"name": "Site", "url": feed_server.url("/news")},
                                          {"name": "About", "url": feed_server.url("/about")}])
    reports = {r.name: r for r in await ingestor.run()}
    assert reports["Site"].error == (
        f"got an HTML page, not a feed; the page links to these feeds: {feed_server.url('/press/rss.xml')}, "
        "https://ministry.example/atom")
    # A page naming no feed (a ministry's press page, where the site has none) said only "check the feed URL", as
    # if the address were mistyped: what can be done is in the docs it names.
    assert reports["About"].error == (
        "got an HTML page, not a feed, and the page names no feed (check the URL; for a site without a feed, see "
        "'A site without a feed' in docs/operations.md)")


async def test_a_web_page_given_as_a_feed_names_the_feed_links_in_its_body(feed_server: FeedServer,
                                                                            make_config) -> None:
    """A ministry's press page whose head names no feed but whose footer links one ("RSS", as docs/operations.md
    tells the operator to look for): it failed saying the page names no feed, and the operator had to find the link
    by eye. The links that read as feeds (by their words, or an address ending rss.xml or /feed) are named; the
    page's other links (a sitemap, a contact page, a story) are not."""
    feed_server.route("/en/press", content_type="text/html; charset=utf-8", body=(
        b"<!doctype html><html lang='en'><head><title>Press releases</title></head><body><main><h1>Press releases"
        b"</h1><ul><li><a href='/en/press/2026/12/fisheries-accord'>Aldmark and Brevia sign a fisheries accord</a>"
        b"</li></ul></main><footer><a href='/sitemap.xml'>Sitemap</a> | <a href='/en/rss/press.xml'>RSS</a> | "
        b"<a href='/en/contact'>Contact</a> | <a href='https://ministry.example/en/news/feed'>News feed</a>"
        b"</footer></body></html>"))
    ingestor = ingestor_for(make_config, [{"name": "Site", "url": feed_server.url("/en/press")}])
    [report] = await ingestor.run()
    assert report.error == (
        f"got an HTML page, not a feed; the page has links that read as feeds (check one, and put it in url): "
        f"{feed_server.url('/en/rss/press.xml')}, https://ministry.example/en/news/feed")


async def test_a_full_text_page_in_another_encoding_is_read_in_it(feed_server: FeedServer, make_config) -> None:
    """A teaser's page is read for the story's text. A page in windows-1251 (said in its Content-Type) or in
    ISO-8859-1 (said only in its <meta charset>) was read as UTF-8: every letter outside ASCII became '�', in the
    stored text, the summary and the quotes the chats got."""
    cyrillic = ["Министр иностранных дел Велморы заявил во вторник, что переход в Тарнике откроют через "
                f"{n} дней, после переговоров при посредничестве ООН." for n in range(10, 16)]
    french = ["Le ministre des Affaires étrangères a déclaré mardi à Tarnic que le passage rouvrira dans "
              f"{n} jours, après des négociations menées à Genève." for n in range(10, 16)]
    feed_server.route("/feed.xml", body=rss([
        Item("Переход откроют", feed_server.url("/ru"), teaser="Коротко."),
        Item("Le passage rouvrira", feed_server.url("/fr"), teaser="Bref."),
    ]))
    feed_server.route("/ru", content_type="text/html; charset=windows-1251",
                      body=page("Переход откроют", cyrillic).decode().encode("cp1251"))
    feed_server.route("/fr", content_type="text/html",
                      body=page("Le passage rouvrira", french).decode().replace(
                          "<head>", '<head><meta charset="iso-8859-1">').encode("latin-1"))
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 2
    texts = dict(ingestor.db.execute("SELECT title, text FROM articles").fetchall())
    assert cyrillic[0] in texts["Переход откроют"] and "�" not in texts["Переход откроют"]
    assert french[0] in texts["Le passage rouvrira"] and "�" not in texts["Le passage rouvrira"]


@pytest.mark.parametrize("server_default", ["text/html; charset=utf-8", "text/html; charset=ISO-8859-1"])
async def test_a_page_whose_server_names_a_default_charset_is_read_in_the_one_its_meta_declares(
    feed_server: FeedServer, make_config, server_default: str
) -> None:
    """A windows-1251 page that says so only in its <meta>, served by a server that adds its own default charset to
    every page (nginx's 'charset utf-8', Apache's AddDefaultCharset ISO-8859-1): read in the header's charset, its
    text was stored and sent as '������' or 'Ìèíèñòð'. Bytes that are no UTF-8, or a Western default against the
    page's own declaration, give way to what the page declares."""
    cyrillic = ["Министр иностранных дел Ольмарии заявил в четверг, что переговоры о переходах возобновятся до "
                f"конца января, через {n} дней после встречи в столице." for n in range(10, 16)]
    feed_server.route("/feed.xml", body=rss([Item("Переговоры возобновятся", feed_server.url("/ru"),
                                                  teaser="Коротко.")]))
    feed_server.route("/ru", content_type=server_default, body=page("Переговоры возобновятся", cyrillic).decode()
                      .replace("<head>", '<head><meta http-equiv="Content-Type" content="text/html; '
                               'charset=windows-1251">').encode("cp1251"))
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 1
    [text] = ingestor.db.execute("SELECT text FROM articles").fetchone()
    assert cyrillic[0] in text and "�" not in text, text[:200]


_CYRILLIC_PAGE = ["Министр иностранных дел Ольмарии заявила в четверг, что консульство в порту Бельвана откроют "
                  f"через {n} дней, после двух дней переговоров в столице." for n in range(10, 16)]
_FRENCH_PAGE = ["La ministre des Affaires étrangères d’Olmarie a déclaré jeudi que le consulat de Belvane ouvrira "
                f"dans {n} jours, après deux journées de négociations à la capitale." for n in range(10, 16)]


@pytest.mark.parametrize(
    ("case", "paragraphs", "declared", "encoding"),
    [
        # A windows-1251 page declaring nothing (an old ministry's site): read as windows-1252, browsers' Western
        # default, its text was stored and sent as 'Ìèíèñòð èíîñòðàííûõ'.
        ("undeclared windows-1251", _CYRILLIC_PAGE, None, "cp1251"),
        # Its template says UTF-8 while its database writes windows-1251: every letter became '�'.
        ("windows-1251 declared UTF-8", _CYRILLIC_PAGE, "utf-8", "cp1251"),
        # A UTF-8 page whose old template still says ISO-8859-1: 'déclaré' was sent as 'dÃ©clarÃ©'.
        ("UTF-8 declared ISO-8859-1", _FRENCH_PAGE, "iso-8859-1", "utf-8"),
    ],
)
async def test_a_page_whose_charset_is_missing_or_wrong_is_read_in_the_one_its_bytes_are_in(
    feed_server: FeedServer, make_config, case: str, paragraphs: list[str], declared: str | None, encoding: str
) -> None:
    """A teaser's page that declares no charset, or one its bytes are not in, is read in the one they are in,
    as a browser's detector reads it; its words reach the chats, not mojibake or '�'."""
    feed_server.route("/feed.xml", body=rss([Item("Consulat", feed_server.url("/page"), teaser="Bref.")]))
    html = page("Consulat", paragraphs).decode()
    if declared:
        html = html.replace("<head>", f'<head><meta charset="{declared}">')
    feed_server.route("/page", content_type="text/html", body=html.encode(encoding))
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 1, case
    [text] = ingestor.db.execute("SELECT text FROM articles").fetchone()
    assert paragraphs[0] in text and "�" not in text, f"{case}: {text[:200]}"


_POLISH_PAGE = ["Minister spraw zagranicznych Olmarii zapowiedział w czwartek, że konsulat w porcie Belwana zostanie "
                f"otwarty za {n} dni, po dwóch dniach rozmów w stolicy. Będą też rozmowy o żegludze i łączności."
                for n in range(10, 16)]
_TURKISH_PAGE = ["Olmarya Dışişleri Bakanı perşembe günü, Belvane limanındaki konsolosluğun {n} gün içinde "
                 "açılacağını, başkentteki iki günlük görüşmelerin ardından açıkladı.".replace("{n}", str(n))
                 for n in range(10, 16)]


@pytest.mark.parametrize(
    ("language", "paragraphs", "encoding"),
    [("pl", _POLISH_PAGE, "cp1250"), ("pl-PL", _POLISH_PAGE, "iso-8859-2"), ("cs", _POLISH_PAGE, "iso-8859-2"),
     ("tr", _TURKISH_PAGE, "cp1254")],
)
async def test_a_latin_page_that_declares_no_charset_is_read_in_its_languages_encoding(
    feed_server: FeedServer, make_config, language: str, paragraphs: list[str], encoding: str
) -> None:
    """An old Polish or Turkish site's page that declares no charset but its language (`<html lang="pl">`): read
    as windows-1252, browsers' Western default, its text was stored and sent as 'zapowiedzia³ ... ¿egludze' or
    'Dýþiþleri'. Its language names the legacy encodings its bytes can be in, and it is read in the one they
    read as (windows-1250 or ISO-8859-2 for Central European, windows-1254 for Turkish)."""
    feed_server.route("/feed.xml", body=rss([Item("Konsulat", feed_server.url("/page"), teaser="Krótko.")]))
    html = page("Konsulat", paragraphs).decode().replace("<html>", f'<html lang="{language}">')
    feed_server.route("/page", content_type="text/html", body=html.encode(encoding, errors="xmlcharrefreplace"))
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 1
    [text] = ingestor.db.execute("SELECT text FROM articles").fetchone()
    assert paragraphs[0] in text, text[:200]


async def test_an_entry_whose_link_changes_its_query_at_each_fetch_is_stored_and_sent_once(
    feed_server: FeedServer, make_config
) -> None:
    """A feed without GUIDs whose links carry a parameter that changes at every fetch (a session id, a cache
    buster): each fetch stored the story again as a new one, and every chat got it again. The same headline and
    text from the same source at the same page address is that story; different stories sharing a page address
    (`article.php?id=1`, `?id=2`) stay apart."""
    first = [Item("Velmora pledges to reopen crossing 1", "https://ministry.example/story?id=1&sid=aa11", story(1),
                  guid=None),
             Item("Velmora pledges to reopen crossing 2", "https://ministry.example/story?id=2&sid=aa11", story(2),
                  guid=None)]
    feed_server.route("/feed.xml", body=rss(first))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}],
                            fetch_full_text=False)
    [report] = await ingestor.run()
    assert report.new == 2
    for sid in ("bb22", "cc33"):
        for entry in first:
            entry.link = entry.link.rsplit("sid=", 1)[0] + f"sid={sid}"
        feed_server.route("/feed.xml", body=rss(first))
        [again] = await ingestor.run(only_due=False)
        assert (again.new, again.updated, again.unchanged) == (0, 0, 2), sid
    assert article_store.count_articles(ingestor.db) == 2


async def test_a_headline_edited_after_the_story_went_out_is_said_in_the_log(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """An edited story is updated in place and not sent again (docs/DESIGN.md). When its headline changed (a
    correction, a reversal) the log said nothing, so an operator asked why chats never got the new headline found
    no trace of the decision. A body that changes alone stays quiet (some feeds change a counter at every fetch).
    A headline changed in its words is a material edit (the chats that got it are told, and the log says how
    many); one changed in its punctuation alone is said as not sent."""
    entries = [Item("Velmora pledges to reopen crossing 1", "https://ministry.example/press/1", story(1))]
    feed_server.route("/feed.xml", body=rss(entries))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}],
                            fetch_full_text=False)
    await ingestor.run()
    entries[0].paragraphs = [*story(1), "Update: officials gave more detail."]
    feed_server.route("/feed.xml", body=rss(entries))
    with caplog.at_level("INFO", logger="bot.ingest.pipeline"):
        [body_only] = await ingestor.run(only_due=False)
        assert body_only.updated == 1 and not [r for r in caplog.records if "edited" in r.getMessage()]
        entries[0].title = "Velmora delays the reopening of crossing 1"
        feed_server.route("/feed.xml", body=rss(entries))
        [edited] = await ingestor.run(only_due=False)
    assert edited.updated == 1 and edited.new == 0
    assert [r.getMessage() for r in caplog.records if "edited" in r.getMessage()] == [
        "source Ministry: https://ministry.example/press/1 was edited (Was: “Velmora pledges to reopen crossing 1”): "
        "updated in place; no chat has been sent it yet"]
    caplog.clear()
    entries[0].title = "Velmora delays the re-opening of crossing 1."  # no word a reader would miss
    feed_server.route("/feed.xml", body=rss(entries))
    with caplog.at_level("INFO", logger="bot.ingest.pipeline"):
        [retouched] = await ingestor.run(only_due=False)
    assert retouched.updated == 1 and retouched.edited == 0
    assert [r.getMessage() for r in caplog.records if "edited" in r.getMessage()] == [
        "source Ministry: https://ministry.example/press/1 edited its headline, from “Velmora delays the reopening of "
        "crossing 1” to “Velmora delays the re-opening of crossing 1.”, in no word a reader would miss: updated in "
        "place (for /latest and the digests still to come), not sent again"]


async def test_different_stories_under_one_guid_in_a_feed_are_each_stored(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """A feed whose entries all carry one GUID (a CMS template that writes the site's address there): only the
    first entry was kept, and the others were dropped without a word, every fetch. Entries under one GUID with
    their own link and headline are their own stories; the same story listed twice stays one."""
    entries = items(3)
    for entry in entries:
        entry.guid = "https://ministry.example/"
    entries.append(Item(entries[0].title, entries[0].link, entries[0].paragraphs, guid="https://ministry.example/"))
    feed_server.route("/feed.xml", body=rss(entries))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}],
                            fetch_full_text=False)
    with caplog.at_level("INFO", logger="bot.ingest.pipeline"):
        [report] = await ingestor.run()
    assert report.new == 3
    assert sorted(a.title for a in article_store.latest(ingestor.db, 10)) == sorted(e.title for e in entries[:3])
    assert "source Ministry: 3 entries share the id https://ministry.example/, not all one story: each is kept, " \
        "by its link" in [r.getMessage() for r in caplog.records]
    [again] = await ingestor.run(only_due=False)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)


async def test_stories_under_one_guid_with_one_headline_are_each_stored(feed_server: FeedServer, make_config) -> None:
    """A ministry's CMS writes the site's address as every GUID, and its statements all have one headline
    ("Statement by the Spokesperson"): all but the first were dropped without a word, every fetch, taken for the
    same story listed twice. Their links and texts differ: each is a story. One listed twice (its link, its
    headline and its text) stays one."""
    entries = [Item("Statement by the Spokesperson", f"https://ministry.example/statements/{n}", story(n),
                    guid="https://ministry.example/") for n in range(3)]
    entries.append(Item("Statement by the Spokesperson", "https://ministry.example/statements/0?from=rss", story(0),
                        guid="https://ministry.example/"))
    feed_server.route("/statements.xml", body=rss(entries))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/statements.xml")}],
                            fetch_full_text=False)
    [report] = await ingestor.run()
    assert report.new == 3
    assert sorted(a.url for a in article_store.latest(ingestor.db, 10)) == [
        f"https://ministry.example/statements/{n}" for n in range(3)]


async def test_entities_escaped_twice_in_a_feed_read_as_their_characters(feed_server: FeedServer, make_config) -> None:
    """Feeds often escape a title's entities twice (`It&amp;#8217;s`, `&amp;amp;`): a title or description with
    no markup kept them as written, and chats read "It&#8217;s done &amp; dusted"; with markup around them they
    were read as characters. Both read as characters now."""
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        "<link>https://ministry.example/</link><description>d</description>"
        "<item><title>Velmora&amp;#8217;s crossing: done &amp;amp; dusted &amp;quot;today&amp;quot;</title>"
        "<link>https://ministry.example/press/1</link>"
        "<description>Velmora&amp;#8217;s foreign minister said the crossing &amp;#8220;is open&amp;#8221;, "
        "and that AT&amp;T and R&amp;D staff may pass.</description></item>"
        "</channel></rss>"
    ).encode()
    feed_server.route("/feed.xml", body=body)
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}],
                            fetch_full_text=False)
    [report] = await ingestor.run()
    assert report.new == 1
    [(title, text)] = ingestor.db.execute("SELECT title, text FROM articles").fetchall()
    assert title == "Velmora’s crossing: done & dusted \"today\""
    assert text == "Velmora’s foreign minister said the crossing “is open”, and that AT&T and R&D staff may pass."


async def test_a_cdata_section_written_inside_another_is_read_as_its_text(feed_server: FeedServer, make_config) -> None:
    """A CMS that wraps a description already in CDATA in CDATA again (`<![CDATA[<p>... <![CDATA[...]]> ...</p>]]>`):
    the first `]]>` ends the outer section, and the story was stored and sent with its markup as text (`<p>Velmora
    set fishing quotas <![CDATA[for the strait ... ]]>`). Its inner markers are no text: the description reads as
    written. A section split to hold a `]]>` of its own (`]]]]><![CDATA[>`, as XML writes it) is kept as it is."""
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        "<link>https://ministry.example/</link><description>d</description>"
        "<item><title>Velmora sets fishing quotas</title><link>https://ministry.example/press/1</link>"
        "<description><![CDATA[<p>Velmora set fishing quotas <![CDATA[for the Oskel strait]]> on Monday, the ministry "
        "said.</p><p>The quotas take effect in January.</p>]]></description></item>"
        "<item><title>Velmora publishes its code</title><link>https://ministry.example/press/2</link>"
        "<description><![CDATA[<p>The ministry's code ends each block with ]]]]><![CDATA[> as written.</p>]]>"
        "</description></item></channel></rss>"
    ).encode()
    feed_server.route("/feed.xml", body=body)
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}],
                            fetch_full_text=False)
    [report] = await ingestor.run()
    assert report.new == 2
    texts = dict(ingestor.db.execute("SELECT title, text FROM articles").fetchall())
    assert texts["Velmora sets fishing quotas"] == (
        "Velmora set fishing quotas for the Oskel strait on Monday, the ministry said.\n\n"
        "The quotas take effect in January."), texts
    assert texts["Velmora publishes its code"] == "The ministry's code ends each block with ]]> as written.", texts


async def test_a_blog_feeds_appeared_first_on_line_is_not_read_as_the_story(
    feed_server: FeedServer, make_config
) -> None:
    """A feed written by a blogging platform (WordPress with an SEO plugin, as many think tanks and small outlets
    run) ends every entry with "The post <headline> appeared first on <site>.", in English or the site's language:
    it was stored as the story's last paragraph and a reader got it in the summary. A sentence of the story that
    says where something appeared first is kept."""
    footer = ('<p>The post <a href="https://ministry.example/press/1">Velmora names an envoy</a> appeared first on '
              '<a href="https://ministry.example/">Velmora Monitor</a>.</p>')
    french = ('<p>L’article <a href="https://ministry.example/press/2">Velmora ouvre un consulat</a> est apparu en '
              'premier sur <a href="https://ministry.example/">Velmora Monitor</a>.</p>')
    entries = [
        ("Velmora names an envoy", "press/1", "<p>Velmora named Ana Kovac, a veteran diplomat, as its envoy to the "
         "Tarnic talks on Saturday.</p><p>The plan appeared first on a list the envoys shared in Dolna.</p>" + footer),
        ("Velmora ouvre un consulat", "press/2", "<p>Velmora ouvrira un consulat à Dolna au printemps, a annoncé "
         "samedi sa ministre.</p>" + french),
        ("Kestria weighs an envoy", "press/3", "<p>Kestria will decide next week whether to name an envoy.</p>"
         "<p>The post of envoy appeared first on the agenda of the Dolna summit.</p>"),
    ]
    body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Velmora Monitor</title>'
            "<link>https://ministry.example/</link><description>d</description>"
            + "".join(f"<item><title>{title}</title><link>https://ministry.example/{path}</link>"
                      f"<description><![CDATA[{html}]]></description></item>" for title, path, html in entries)
            + "</channel></rss>").encode()
    feed_server.route("/feed.xml", body=body)
    ingestor = ingestor_for(make_config, [{"name": "Monitor", "url": feed_server.url("/feed.xml")}],
                            fetch_full_text=False)
    [report] = await ingestor.run()
    assert report.new == 3
    texts = dict(ingestor.db.execute("SELECT title, text FROM articles").fetchall())
    assert texts["Velmora names an envoy"].split("\n\n") == [
        "Velmora named Ana Kovac, a veteran diplomat, as its envoy to the Tarnic talks on Saturday.",
        "The plan appeared first on a list the envoys shared in Dolna."]
    assert texts["Velmora ouvre un consulat"] == ("Velmora ouvrira un consulat à Dolna au printemps, a annoncé samedi "
                                                  "sa ministre.")
    assert texts["Kestria weighs an envoy"].endswith("The post of envoy appeared first on the agenda of the Dolna "
                                                     "summit.")


async def test_a_source_failure_in_the_log_says_when_it_is_tried_again(
    feed_server: FeedServer, make_config, caplog
) -> None:
    """The warning an operator greps for named the source and the error, not what the bot does next: the backoff
    (doubling from the interval) or the feed's Retry-After decides when, and the line now says it."""
    feed_server.route("/down.xml", status=500)
    feed_server.route("/busy.xml", status=503, headers={"Retry-After": "7200"})
    ingestor = ingestor_for(make_config, [{"name": "Down", "url": feed_server.url("/down.xml"), "interval": 900},
                                          {"name": "Busy", "url": feed_server.url("/busy.xml"), "interval": 900}])
    with caplog.at_level("WARNING", logger="bot.ingest.pipeline"):
        await ingestor.run(only_due=False)
        await ingestor.run(only_due=False)
    said = sorted(r.getMessage() for r in caplog.records)
    down, busy = (from_iso(source_row(ingestor, name).next_due) for name in ("Down", "Busy"))
    first_busy, second_busy, first_down, second_down = said  # the first tries' times are gone from the database
    assert first_busy.startswith("source Busy failed (1 in a row): HTTP 503 service unavailable. Tried again in 2 h (")
    assert first_down.startswith("source Down failed (1 in a row): HTTP 500 server error. Tried again in 15 min (")
    assert first_busy.endswith(" UTC)") and first_down.endswith(" UTC)"), said
    assert second_busy == (f"source Busy failed (2 in a row): HTTP 503 service unavailable. Tried again in 2 h "
                           f"({busy:%H:%M} UTC)")
    assert second_down == (f"source Down failed (2 in a row): HTTP 500 server error. Tried again in 30 min "
                           f"({down:%H:%M} UTC)")


async def test_an_entry_with_only_a_link_takes_its_headline_and_text_from_the_page(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    # A press office's feed listing its pages: each item a link and a date, the story on the page. Such entries were
    # dropped without a word ('0 new ... (ok)').
    stamp = format_datetime(BASE_TIME)
    body = "".join(f"<item><link>{feed_server.url(f'/release/{n}')}</link><pubDate>{stamp}</pubDate></item>"
                   for n in (1, 2, 3))
    feed_server.route("/releases.rss", body=(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Releases</title>'
        f"<link>https://ministry.example/</link><description>Press</description>{body}</channel></rss>").encode(),
        content_type="application/rss+xml")
    for n in (1, 2):
        feed_server.route(f"/release/{n}", body=page(f"Release {n} on the Oskel talks", story(n)),
                          content_type="text/html")
    feed_server.route("/release/3", status=404, body=b"gone")
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/releases.rss")}])
    [report] = await ingestor.run()
    assert report.new == 2
    rows = {r.title: r for r in article_store.latest(ingestor.db, 5)}
    assert set(rows) == {"Release 1 on the Oskel talks", "Release 2 on the Oskel talks"}
    assert rows["Release 1 on the Oskel talks"].url == feed_server.url("/release/1")
    stored = ingestor.db.execute("SELECT text FROM articles WHERE title = 'Release 1 on the Oskel talks'").fetchone()[0]
    assert story(1)[0] in stored
    # The page that could not be read is said, with what happens next, and the entry is tried again later.
    said = [r.getMessage() for r in caplog.records if "release/3" in r.getMessage()]
    assert any("no headline or text of its own" in m and "tried again" in m for m in said), said
    assert report.skipped == 1
    # Still unreadable at the next fetch: skipped and said again, but not warned of at every fetch.
    caplog.clear()
    caplog.set_level(logging.INFO)
    [still] = await ingestor.run(only_due=False)
    assert still.skipped == 1
    repeated = [r for r in caplog.records if "release/3" in r.getMessage() and "no headline" in r.getMessage()]
    assert repeated and all(r.levelname == "INFO" for r in repeated), [(r.levelname, r.getMessage()) for r in repeated]
    feed_server.route("/release/3", body=page("Release 3 on the Oskel talks", story(3)), content_type="text/html")
    [again] = await ingestor.run(only_due=False)
    assert again.new == 1 and again.skipped == 0
    assert article_store.count_articles(ingestor.db) == 3


async def test_an_undated_entry_takes_the_day_its_page_gives(feed_server: FeedServer, make_config) -> None:
    """A government press list gives each release as a link alone, no date; the page says when it was published
    (a <time> element, or "Published: 1 December 2026" in its text). Dated when fetched instead, a release of
    Tuesday reached the chats on Sunday as Sunday's news, and its "within 11 days" counted from Sunday. A date the
    story merely mentions (an accord of 2019) is not the page's."""
    from bot.digest.compose import latest_digest
    from bot.platforms.console.render import render_digest_plain

    body = "".join(f"<item><link>{feed_server.url(f'/release/{n}')}</link></item>" for n in (1, 2, 3))
    feed_server.route("/releases.rss", body=(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Releases</title>'
        f"<link>https://ministry.example/</link><description>Press</description>{body}</channel></rss>").encode())

    def release(title: str, when: str, paragraphs: list[str]) -> bytes:
        text = "".join(f"<p>{p}</p>" for p in paragraphs)
        return (f"<!doctype html><html><head><title>{title} - Government of Velmora</title></head><body>"
                "<header><a href='/'>Government of Velmora</a></header>"
                f"<main><h1>{title}</h1>{when}{text}</main><footer>Velmora Press Office</footer></body></html>"
                ).encode()

    feed_server.route("/release/1", content_type="text/html", body=release(
        "Velmora and Tarnic agree on a crossing", '<p>From: Ministry of Foreign Affairs<br>Published '
        '<time datetime="2026-12-02">2 December 2026</time></p>', story(1)))
    feed_server.route("/release/2", content_type="text/html", body=release(
        "Velmora names a water envoy", "<p>Published: 1 December 2026</p>", story(2)))
    feed_server.route("/release/3", content_type="text/html", body=release(
        "Velmora renews the Oskel accord", "",
        ["The Oskel accord signed on 12 March 2019 was renewed for five more years, the ministry said, and both "
         "governments will meet again before the summer to review how the river commission spends its budget.",
         *story(3)]))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/releases.rss")}])
    before = datetime.now(UTC)
    [report] = await ingestor.run()
    assert report.new == 3
    rows = {r.url.rsplit("/", 1)[1]: r for r in article_store.latest(ingestor.db, 5)}
    assert rows["1"].published == "2026-12-02T00:00:00.000000Z" and rows["1"].day_only
    assert rows["2"].published == "2026-12-01T00:00:00.000000Z" and rows["2"].day_only
    # No date of its own anywhere on the page: dated when fetched, as before, not by the accord's day.
    assert rows["3"].published is None or from_iso(rows["3"].published) >= before - timedelta(minutes=1)
    console = render_digest_plain(latest_digest(ingestor.db, 5, now=datetime.now(UTC)))
    assert "Ministry · 2 Dec 2026\n" in console and "Ministry · 1 Dec 2026\n" in console, console
    assert "2019\n" not in console and "Published" not in console
    # "within 11 days" counts from the page's day (undated, the pledge had no due day at all).
    [pledge] = [p for p in rows["1"].pledges if "Oskel crossing" in p.commitment]
    assert pledge.due == "2026-12-13", pledge


async def test_an_undated_entrys_page_in_us_english_gives_its_slashed_day_month_first(
    feed_server: FeedServer, make_config
) -> None:
    """A US agency's press page (`<html lang="en-US">`) dated "Published: 12/01/2026", 1 December as its readers
    read it, for a feed entry with no date: the page's date was read day first, 12 January, and the release
    shown and sorted as eleven months old. A British page's "03/12/2026" stays 3 December, and a day the page
    also gives in ISO form stays as given."""
    body = "".join(f"<item><link>{feed_server.url(f'/release/{n}')}</link></item>" for n in (1, 2, 3))
    feed_server.route("/releases.rss", body=(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Releases</title>'
        f"<link>https://agency.example/</link><description>Press</description>{body}</channel></rss>").encode())

    def release(language: str, title: str, when: str, paragraphs: list[str]) -> bytes:
        text = "".join(f"<p>{p}</p>" for p in paragraphs)
        return (f"<!doctype html><html lang='{language}'><head><title>{title}</title></head><body>"
                f"<main><h1>{title}</h1><p>{when}</p>{text}</main></body></html>").encode()

    feed_server.route("/release/1", content_type="text/html", body=release(
        "en-US", "Agency names a trade envoy", "Published: 12/01/2026", story(1)))
    feed_server.route("/release/2", content_type="text/html", body=release(
        "en-GB", "Office opens in Tarnic", "Published: 03/12/2026", story(2)))
    feed_server.route("/release/3", content_type="text/html", body=release(
        "en-US", "Agency renews the Oskel grant", "Released: <time datetime='2026-11-02'>11/02/2026</time>",
        story(3)))
    ingestor = ingestor_for(make_config, [{"name": "Agency", "url": feed_server.url("/releases.rss")}])
    [report] = await ingestor.run()
    assert report.new == 3
    days = {r.url.rsplit("/", 1)[1]: r.published for r in article_store.latest(ingestor.db, 5)}
    assert days == {"1": "2026-12-01T00:00:00.000000Z", "2": "2026-12-03T00:00:00.000000Z",
                    "3": "2026-11-02T00:00:00.000000Z"}, days


async def test_an_undated_entrys_page_from_a_us_government_site_gives_the_day_it_was_released(
    feed_server: FeedServer, make_config
) -> None:
    """US agencies' press pages give their day in forms the page's date was not read from: under a "Release Date"
    label in a list of terms, in a heading, after the weekday, in figures with slashes (a CMS's "Wed, 11/04/2026 -
    10:30"), or on a .gov site whose page names no country (`lang="en"`), read day first as a British page's. Each
    release of a feed giving no dates was dated when fetched, or eight months off, and shown as that day's news. A
    slashed day on a site that is no US government's, naming no country, is read day first as before."""
    releases = {
        "1": ("en", "https://www.ports.example.gov/news/grants-1",
              "<dl><dt>Release Date:</dt><dd>03/04/2026</dd></dl>", "2026-03-04"),
        "2": ("en-US", "", "<p>Date: Wed, 11/04/2026 - 10:30</p>", "2026-11-04"),
        "3": ("en", "", "<h3>Released: Thursday, March 5, 2026</h3>", "2026-03-05"),
        "4": ("en", "https://www.harbours.example.org/news/grants-4", "<p>Date: 05/03/2026</p>", "2026-03-05"),
    }
    body = "".join(f"<item><link>{feed_server.url(f'/release/{n}')}</link></item>" for n in releases)
    feed_server.route("/releases.rss", body=(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Releases</title>'
        f"<link>https://agency.example/</link><description>Press</description>{body}</channel></rss>").encode())
    for n, (language, canonical, when, _) in releases.items():
        head = f"<link rel='canonical' href='{canonical}'>" if canonical else ""
        text = "".join(f"<p>{p}</p>" for p in story(int(n)))
        feed_server.route(f"/release/{n}", content_type="text/html", body=(
            f"<!doctype html><html lang='{language}'><head><title>Grants for ports {n}</title>{head}</head><body>"
            f"<main><h1>Grants for ports {n}</h1>{when}{text}</main></body></html>").encode())
    ingestor = ingestor_for(make_config, [{"name": "Agency", "url": feed_server.url("/releases.rss")}])
    [report] = await ingestor.run()
    assert report.new == 4, report
    days = {r.title.rsplit(" ", 1)[1]: (r.published or "")[:10] for r in article_store.latest(ingestor.db, 5)}
    assert days == {n: day for n, (*_, day) in releases.items()}, days


@pytest.mark.parametrize(("line", "day"), [
    ("Publié le 1er décembre 2026", "2026-12-01"),
    ("Veröffentlicht am 2. Dezember 2026", "2026-12-02"),
    ("Publicado el 3 de diciembre de 2026", "2026-12-03"),
    ("Pubblicato il 30 novembre 2026", "2026-11-30"),
])
async def test_an_undated_entry_takes_the_day_its_page_gives_in_another_language(
    feed_server: FeedServer, make_config, line: str, day: str
) -> None:
    """A ministry's press list in French, German, Spanish or Italian, each release a link alone: its page gives its
    day on a line of its own in its language, as an English one says "Published: 3 December 2026"."""
    feed_server.route("/releases.rss", body=(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Communiqués</title>'
        f"<link>https://ministere.example/</link><description>Presse</description><item><link>"
        f"{feed_server.url('/communique/1')}</link></item></channel></rss>").encode())
    feed_server.route("/communique/1", content_type="text/html; charset=utf-8", body=(
        "<!doctype html><html><head><title>Velmora et Tarnic</title></head><body><main><h1>Velmora et Tarnic</h1>"
        f"<p>{line}</p>" + "".join(f"<p>{p}</p>" for p in story(1)) + "</main></body></html>").encode())
    ingestor = ingestor_for(make_config, [{"name": "Ministère", "url": feed_server.url("/releases.rss")}])
    [report] = await ingestor.run()
    assert report.new == 1
    [row] = article_store.latest(ingestor.db, 5)
    assert row.published == f"{day}T00:00:00.000000Z" and row.day_only


async def test_a_link_that_redirects_to_a_story_another_source_stored_is_not_stored_again(
    feed_server: FeedServer, make_config
) -> None:
    """An aggregator's feed whose links go through three redirects (its click counter, a short link, the site
    with trackers) to a story the site's own feed already gave: it was stored a second time under the counter's
    address. The page the link leads to is that story (its address and its words): stored once. A redirect to a
    page of other words (a site's front page for a removed story) is no such story."""
    paragraphs = story(6)
    feed_server.route("/site.xml", body=rss([Item("Velmora and Kestria restore power trading",
                                                  feed_server.url("/world/power"), paragraphs, guid="site-1")]))
    feed_server.route("/agg.xml", body=rss([
        Item("Velmora, Kestria restore power trading", feed_server.url("/click/1"), teaser="Power trading resumes.",
             guid="agg-1"),
        Item("Velmora names a trade envoy", feed_server.url("/click/2"), teaser="An envoy is named.", guid="agg-2"),
    ]))
    feed_server.route("/click/1", redirect="/s/abc", redirect_status=301)
    feed_server.route("/s/abc", redirect="/world/power?utm_source=agg", redirect_status=302)
    feed_server.route("/world/power?utm_source=agg", redirect="/world/power", redirect_status=307)
    feed_server.route("/world/power", content_type="text/html",
                      body=page("Velmora and Kestria restore power trading", paragraphs))
    feed_server.route("/click/2", redirect="/world/")  # the envoy story removed: sent to its section's page
    feed_server.route("/world/", content_type="text/html", body=page("World news", story(11)))
    ingestor = ingestor_for(make_config, [{"name": "Site", "url": feed_server.url("/site.xml")}])
    await ingestor.run()
    ingestor.config = make_config(sources=[{"name": "Site", "url": feed_server.url("/site.xml")},
                                           {"name": "Aggregator", "url": feed_server.url("/agg.xml")}],
                                  fetch={"allow_private_addresses": True, "timeout": 2})
    ingestor.sync_sources()
    reports = {r.name: r for r in await ingestor.run()}
    assert reports["Aggregator"].new == 1 and reports["Aggregator"].unchanged == 1, reports["Aggregator"]
    urls = sorted(row[0] for row in ingestor.db.execute("SELECT url FROM articles"))
    assert urls == sorted([feed_server.url("/world/power"), feed_server.url("/click/2")]), urls


@pytest.mark.parametrize("short_first", [True, False])
async def test_a_story_a_feed_lists_directly_and_through_a_short_link_is_stored_and_shown_once(
    feed_server: FeedServer, make_config, short_first: bool
) -> None:
    """A site's feed listing a story at its address and again, under another headline, through its short link (a
    social-media post copied into the feed), the page giving no canonical address: it was stored twice, and a
    reader got it twice. The short link leads to the address the feed lists: one story, whichever is read first,
    and in a later read too. A short link to a story the feed does not list is still a story of its own."""
    feed_server.route("/world/cable", content_type="text/html", body=page("Velmora and Kestria lay a power cable",
                                                                          story(4)))
    feed_server.route("/world/envoy", content_type="text/html", body=page("Velmora names an envoy", story(7)))
    feed_server.route("/s/k3x", redirect="/world/cable", redirect_status=301)
    feed_server.route("/s/q9z", redirect="/world/envoy", redirect_status=301)
    direct = Item("Velmora and Kestria lay a power cable", feed_server.url("/world/cable"), teaser="A cable is laid.")
    short = Item("Power cable deal signed, ministers say", feed_server.url("/s/k3x"), teaser="Read our story.")
    envoy = Item("An envoy for the talks", feed_server.url("/s/q9z"), teaser="Read our story.")
    # An entry whose link counts clicks on the way to the address its id gives (a feed service's proxy link): its
    # own id is no other entry's listing.
    feed_server.route("/world/grain", content_type="text/html", body=page("Velmora ships grain", story(9)))
    feed_server.route("/click/9", redirect="/world/grain")
    grain = Item("Velmora ships grain", feed_server.url("/click/9"), teaser="Grain.",
                 guid=feed_server.url("/world/grain"))
    # A feed is read from its last entry up: the first of these is read last.
    feed_server.route("/feed.xml", body=rss([direct, short, envoy, grain] if short_first
                                            else [short, direct, envoy, grain]))
    ingestor = ingestor_for(make_config, [{"name": "Herald", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 3 and report.unchanged == 1, report
    shown = sorted((row.title, row.url) for row in article_store.latest(ingestor.db, 10))
    assert shown == [("An envoy for the talks", feed_server.url("/s/q9z")),
                     ("Velmora and Kestria lay a power cable", feed_server.url("/world/cable")),
                     ("Velmora ships grain", feed_server.url("/click/9"))], shown
    # The short link alone in a later read, the story stored at the address it leads to: not stored again.
    feed_server.route("/feed.xml", body=rss([short]))
    [report] = await ingestor.run(only_due=False)
    assert report.new == 0 and report.unchanged == 1, report
    assert article_store.count_articles(ingestor.db) == 3
async def test_a_short_link_to_a_stored_story_is_followed_once_not_at_every_read_of_its_feed(
    feed_server: FeedServer, make_config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site's feed and its social account's feed, whose every post is a short link to a story the site's feed
    gives: each read of the social feed requested every short link and the page it leads to again, to find the
    story stored already, two requests per story at every pass for as long as the feed listed it. When the site
    slowed down and its pages timed out, every post was stored and sent as a story of its own, "Read our story."
    for its text, beside the story it links to. A short link found to lead to a stored story is known so: listed
    again as it was, it is that story, with no request; a new post is read."""
    from bot.ingest import pipeline

    monkeypatch.setattr(pipeline, "SOURCE_DEADLINE_FLOOR", 6.0)  # the floor of a minute, shortened for the test
    site = [Item(f"Velmora's envoy report {n}", feed_server.url(f"/world/{n}"), story(n), guid=f"w{n}")
            for n in range(4)]
    posts = [Item(f"Our envoy on day {n} of the talks", feed_server.url(f"/s/{n}"), teaser="Read our story.",
                  guid=f"p{n}") for n in range(4)]
    feed_server.route("/site.xml", body=rss(site))
    feed_server.route("/social.xml", body=rss(posts))
    pages = {n: feed_server.route(f"/world/{n}", content_type="text/html", body=page(site[n].title, story(n)))
             for n in range(4)}
    for n in range(4):
        feed_server.route(f"/s/{n}", redirect=f"/world/{n}", redirect_status=301)
    ingestor = ingestor_for(make_config, [{"name": "Herald", "url": feed_server.url("/site.xml")}], timeout=1.0)
    await ingestor.run()
    ingestor.config = make_config(sources=[{"name": "Herald", "url": feed_server.url("/site.xml")},
                                           {"name": "Herald social", "url": feed_server.url("/social.xml")}],
                                  fetch={"allow_private_addresses": True, "timeout": 1.0})
    ingestor.sync_sources()
    reports = {r.name: r for r in await ingestor.run()}
    assert reports["Herald social"].new == 0 and reports["Herald social"].unchanged == 4, reports
    followed = sum(feed_server.hits(f"/s/{n}") + feed_server.hits(f"/world/{n}") for n in range(4))
    # The site slows down under load, and the social feed posts a new story.
    for route in pages.values():
        route.delay = 1.5  # past [fetch] timeout
    feed_server.route("/world/9", content_type="text/html", body=page("Velmora recalls its envoy", story(9)))
    feed_server.route("/s/9", redirect="/world/9", redirect_status=301)
    feed_server.route("/social.xml", body=rss([Item("Our envoy is called home", feed_server.url("/s/9"),
                                                    teaser="Read our story.", guid="p9"), *posts]))
    reports = {r.name: r for r in await ingestor.run(only_due=False)}
    social = reports["Herald social"]
    assert social.ok and social.new == 1 and social.waiting == 0, social
    assert sum(feed_server.hits(f"/s/{n}") + feed_server.hits(f"/world/{n}") for n in range(4)) == followed
    stored = sorted(row[0] for row in ingestor.db.execute("SELECT title FROM articles"))
    assert stored == sorted(["Our envoy is called home", *(item.title for item in site)]), stored


async def test_a_short_link_to_a_story_retention_deleted_does_not_bring_it_back_as_new(
    feed_server: FeedServer, make_config
) -> None:
    """A social feed posting a story through its short link, still listing the post when retention deleted the
    story ([storage] keep_days): the short link, known as the story's, was forgotten with it, so the next read
    followed it to the story's page and stored it as a story of its own, sent to the chats as news six months
    late. The site's own feed listing it is not news either (it never was)."""
    site = [Item("Velmora's envoy report", feed_server.url("/world/1"), story(1), guid="w1")]
    posts = [Item("Our envoy on the talks", feed_server.url("/s/1"), teaser="Read our story.", guid="p1")]
    feed_server.route("/site.xml", body=rss(site))
    feed_server.route("/social.xml", body=rss(posts))
    feed_server.route("/world/1", content_type="text/html", body=page(site[0].title, story(1)))
    feed_server.route("/s/1", redirect="/world/1", redirect_status=301)
    sources = [{"name": "Herald", "url": feed_server.url("/site.xml")},
               {"name": "Herald social", "url": feed_server.url("/social.xml")}]
    ingestor = ingestor_for(make_config, sources[:1])
    await ingestor.run()
    ingestor.config = make_config(sources=sources, fetch={"allow_private_addresses": True, "timeout": 2.0})
    ingestor.sync_sources()
    reports = {r.name: r for r in await ingestor.run(only_due=False)}
    assert reports["Herald social"].new == 0, reports
    assert article_store.prune(ingestor.db, "2999-01-01T00:00:00Z", "2999-01-01") == 1
    reports = {r.name: r for r in await ingestor.run(only_due=False)}
    assert reports["Herald"].new == 0 and reports["Herald social"].new == 0, reports
    assert [row.title for row in article_store.latest(ingestor.db, 5)] == []


async def test_a_story_stored_through_a_short_link_is_not_stored_again_when_listed_at_its_address_later(
    feed_server: FeedServer, make_config
) -> None:
    """A site's feed giving a story through its short link alone (a social post copied into the feed), and at a
    later read at its own address, the page naming no canonical address: it was stored again, and /latest and the
    digests showed it twice. The stored story's link still leads to that address: one story. Another story of that
    site with much the same words, at another address (a follow-up), is still its own."""
    paragraphs = story(4)
    feed_server.route("/world/cable", content_type="text/html",
                      body=page("Velmora and Kestria lay a power cable", paragraphs))
    feed_server.route("/s/k3x", redirect="/world/cable", redirect_status=301)
    feed_server.route("/feed.xml", body=rss([Item("Power cable deal signed, ministers say", feed_server.url("/s/k3x"),
                                                  teaser="Read our story.")]))
    ingestor = ingestor_for(make_config, [{"name": "Herald", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 1, report
    # The next read lists it at its address, and a follow-up whose page reads much as it, at another.
    feed_server.route("/world/cable-2", content_type="text/html",
                      body=page("Velmora and Kestria lay a power cable, day two", [*paragraphs, story(5)[0]]))
    feed_server.route("/feed.xml", body=rss([
        Item("Velmora and Kestria lay a power cable", feed_server.url("/world/cable"), teaser="A cable is laid."),
        Item("Velmora and Kestria lay a power cable, day two", feed_server.url("/world/cable-2"),
             teaser="The second day."),
    ]))
    [report] = await ingestor.run(only_due=False)
    assert report.new == 1 and report.unchanged == 1, report
    shown = sorted((row.title, row.url) for row in article_store.latest(ingestor.db, 10))
    assert shown == [("Power cable deal signed, ministers say", feed_server.url("/s/k3x")),
                     ("Velmora and Kestria lay a power cable, day two", feed_server.url("/world/cable-2"))], shown
    # Read again: still one story, not stored or sent on a third read either, and known without following its
    # stored link again (its page and the short link were requested at every read of the feed).
    requested = feed_server.hits("/world/cable") + feed_server.hits("/s/k3x")
    [report] = await ingestor.run(only_due=False)
    assert report.new == 0, report
    assert article_store.count_articles(ingestor.db) == 2
    assert feed_server.hits("/world/cable") + feed_server.hits("/s/k3x") == requested


async def test_a_link_to_a_pdf_or_an_image_is_not_read_as_the_storys_text(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """A ministry's feed links a statement's PDF (or a photo, or a page its server compressed twice) with a one-line
    teaser: the PDF's bytes were read as the page's text, stored, summarised and sent ('%PDF-1.4 1 0 obj <<
    /Type /Catalog ...'). Such a link is no page to read: the story keeps its feed's words, and the log says why;
    one of a link alone is skipped, said."""
    import zlib

    caplog.set_level(logging.INFO)
    pdf = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Filter /FlateDecode >> stream\n"
           + zlib.compress(b"BT (Statement of Velmora on the Oskel crossing) Tj ET" * 40) + b"\nendstream\n%%EOF\n")
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    feed_server.route("/feed.xml", body=rss([
        Item("Velmora statement on the Oskel crossing", feed_server.url("/docs/statement.pdf"),
             teaser="Velmora set out its position on the Oskel crossing in a statement.", guid="s-1"),
        Item("Velmora annex to the statement", feed_server.url("/docs/annex"),
             teaser="The annex lists the crossing's opening hours.", guid="s-2"),
        Item("Photo of the signing", feed_server.url("/photo"), teaser="The ministers at the signing.", guid="s-3"),
        Item("Velmora's note on the talks", feed_server.url("/note"), teaser="A note on the talks.", guid="s-4"),
    ]).replace(b"</channel>", f"<item><link>{feed_server.url('/docs/bare.pdf')}</link></item></channel>".encode()))
    feed_server.route("/docs/statement.pdf", body=pdf, content_type="application/pdf")
    feed_server.route("/docs/annex", body=pdf, content_type="application/octet-stream")
    feed_server.route("/docs/bare.pdf", body=pdf, content_type="application/pdf")
    feed_server.route("/photo", body=png, content_type="image/png")
    # A page compressed twice by its server, one layer said in its Content-Encoding: the other came out as the text.
    feed_server.route("/note", body=gzip.compress(page("Velmora's note on the talks", story(5))), gzip=True,
                      content_type="text/html; charset=utf-8")
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 4 and report.skipped == 1, report
    stored = dict(ingestor.db.execute("SELECT title, text FROM articles").fetchall())
    assert stored["Velmora statement on the Oskel crossing"] == (
        "Velmora set out its position on the Oskel crossing in a statement.")
    assert stored["Velmora annex to the statement"] == "The annex lists the crossing's opening hours."
    assert stored["Photo of the signing"] == "The ministers at the signing."
    assert stored["Velmora's note on the talks"] == "A note on the talks."
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "statement.pdf unavailable: it is a PDF document, not a web page" in said, said
    assert "/photo unavailable: it is an image (PNG), not a web page" in said, said
    assert "docs/bare.pdf: its feed entry has no headline or text of its own" in said, said
    assert "/note unavailable: it is gzip-compressed data (a page compressed twice, or a .gz file)" in said, said


async def test_a_page_that_sends_the_reader_on_by_a_meta_refresh_is_followed(
    feed_server: FeedServer, make_config
) -> None:
    """A government site moved its releases and left at each old address a page that sends the browser on
    (<meta http-equiv="refresh" content="0; url=...">): 'You are being redirected to the new page. If nothing
    happens, click here.' was stored and sent as the story. The page it sends to is read, as a redirect's would be;
    one that sends to no web address (file:, javascript:) is not followed, and its note is no story either."""
    def forward(to: str) -> bytes:
        return (f'<!doctype html><html><head><meta http-equiv="refresh" content="0; URL=\'{to}\'">'
                "<title>Redirecting</title></head><body><p>You are being redirected to the new page. If nothing "
                f"happens, <a href=\"{to}\">click here</a>.</p></body></html>").encode()

    feed_server.route("/feed.xml", body=rss([
        Item("Velmora opens the Oskel crossing", feed_server.url("/old/oskel"), teaser="The crossing opens.",
             guid="r-1"),
        Item("Velmora names a water envoy", feed_server.url("/old/envoy"), teaser="An envoy is named.", guid="r-2"),
        Item("Velmora and Tarnic sign a fisheries accord", feed_server.url("/news/accord"), teaser="An accord.",
             guid="r-3"),
    ]))
    # A refresh for readers without scripts only ("please enable JavaScript"): the page is the story.
    feed_server.route("/news/accord", content_type="text/html", body=page("Velmora and Tarnic sign a fisheries accord",
                      story(2)).replace(b"</head>", b'<noscript><meta http-equiv="refresh" content="0; url=/nojs">'
                                                    b"</noscript></head>"))
    feed_server.route("/old/oskel", content_type="text/html", body=forward("/new/oskel"))
    feed_server.route("/new/oskel", content_type="text/html", body=page("Velmora opens the Oskel crossing", story(1)))
    feed_server.route("/old/envoy", content_type="text/html", body=forward("file:///etc/hostname"))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 3
    stored = dict(ingestor.db.execute("SELECT title, text FROM articles").fetchall())
    assert stored["Velmora opens the Oskel crossing"].split("\n\n") == story(1)
    assert stored["Velmora and Tarnic sign a fisheries accord"].split("\n\n") == story(2)
    assert stored["Velmora names a water envoy"] == "An envoy is named."
    assert "redirected" not in " ".join(stored.values())


async def test_an_edited_item_with_no_link_or_id_is_updated_not_stored_again(feed_server: FeedServer,
                                                                              make_config) -> None:
    """A press service's feed whose items have no link and no id, only a description (paragraphs escaped as
    HTML), is known by its words: a corrected word or a recast headline gave an item new ones, and it was stored
    and sent again as a new story beside the first. The source's story of the same date that reads as it, no longer
    listed, is the one edited. Two different items of one date both listed stay two stories."""
    def feed(first_title: str, first_word: str, second: str) -> bytes:
        escaped = "".join(f"&lt;p&gt;{escape(p)}&lt;/p&gt;" for p in story(4))
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Press service</title>'
                "<link>https://press.example/</link><description>Notices</description>"
                f"<item><title>{first_title}</title><description>{escaped}</description>"
                "<pubDate>Fri, 04 Dec 2026 11:00:00 GMT</pubDate></item>"
                f"<item><description>&lt;p&gt;Velmora named a new envoy to the river commission on Friday, the "
                f"press service said in a {first_word} notice.&lt;/p&gt;&lt;p&gt;{second}&lt;/p&gt;</description>"
                "<pubDate>Fri, 04 Dec 2026 15:00:00 GMT</pubDate></item>"
                f"<item><description>&lt;p&gt;Velmora will host the next round of the harbour talks in March, the "
                f"press service said.&lt;/p&gt;</description><pubDate>Fri, 04 Dec 2026 15:00:00 GMT</pubDate></item>"
                "</channel></rss>").encode()

    feed_server.route("/notices.xml", body=feed("Velmora opens talks on cable routes", "short",
                                                "The envoy takes up the post in January."))
    ingestor = ingestor_for(make_config, [{"name": "Press", "url": feed_server.url("/notices.xml")}])
    [first] = await ingestor.run()
    assert first.new == 3
    feed_server.route("/notices.xml", body=feed("Velmora opens talks on undersea cable routes", "brief",
                                                "The envoy takes up the post in January in Halvik."))
    [second] = await ingestor.run(only_due=False)
    assert second.new == 0 and second.updated == 2, second
    titles = sorted(r.title for r in article_store.latest(ingestor.db, 10))
    assert len(titles) == 3 and "Velmora opens talks on undersea cable routes" in titles, titles
    assert any("brief notice" in t for t in titles) and not any("short notice" in t for t in titles), titles
    [third] = await ingestor.run(only_due=False)
    assert third.new == 0 and third.updated == 0 and third.unchanged == 3


async def test_a_cookie_consent_page_in_front_of_a_story_is_not_read_as_the_story(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """A news site that sends a reader without its cookie to a consent page ('Before you continue ... We use
    cookies and data to ... Accept all'): that page's words were stored as the story and its summary sent to the
    chats. The story keeps its feed's words and the log says why; a story about cookie rules is still a story."""
    caplog.set_level(logging.INFO)
    consent = (b"<!doctype html><html><head><title>Before you continue</title></head><body><div class='wall'>"
               b"<h1>Before you continue to the Kestria Herald</h1><p>We use cookies and data to deliver and maintain "
               b"our services, measure audience engagement and site statistics, and to improve new services.</p>"
               b"<p>If you choose to accept all, we will also use cookies and data to show personalised content "
               b"and advertising, depending on your settings.</p><form action='/consent/save'><button>Reject all"
               b"</button><button>Accept all</button></form><a href='/privacy'>More options</a></div></body></html>")
    law = [
        "Kestria's parliament passed a law on Tuesday requiring every website to offer a reject all button beside "
        "accept all on its cookie banner, after two years of complaints from readers and consumer groups.",
        "The minister for digital affairs, Ilse Varn, said the rules would take effect in March and that sites "
        "ignoring them would face fines of up to two per cent of their turnover.",
        "Publishers warned that fewer readers would consent to personalised advertising and that smaller news "
        "sites could lose a third of their income as a result of the change.",
        "The opposition voted against the bill, saying it had been rushed through without a proper hearing for "
        "the businesses most affected, and promised to revisit it after the next election.",
    ]
    feed_server.route("/feed.xml", body=rss([
        Item("Kestria joins the river commission", feed_server.url("/herald/river"),
             teaser="Kestria joined the river commission on Friday.", guid="h-1"),
        Item("Kestria passes a cookie banner law", feed_server.url("/herald/cookies"),
             teaser="A law on cookie banners passed.", guid="h-2"),
    ]))
    feed_server.route("/herald/river", redirect="/consent?continue=%2Fherald%2Friver")
    feed_server.route("/consent", body=consent, content_type="text/html; charset=utf-8")
    feed_server.route("/herald/cookies", body=page("Kestria passes a cookie banner law", law),
                      content_type="text/html; charset=utf-8")
    ingestor = ingestor_for(make_config, [{"name": "Herald", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 2
    stored = dict(ingestor.db.execute("SELECT title, text FROM articles").fetchall())
    assert stored["Kestria joins the river commission"] == "Kestria joined the river commission on Friday."
    assert stored["Kestria passes a cookie banner law"].split("\n\n") == law
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "herald/river unavailable: its page is a cookie-consent notice, not the story" in said, said


async def test_a_statement_given_in_two_languages_side_by_side_is_read_in_english(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """A joint statement published in English and French side by side (a table of two columns, as foreign
    ministries and bilingual governments publish them): both were read as the story, and its summary gave a
    sentence and then the same sentence in French. The English text is the story, and the log says so; a French
    story quoting two English sentences is still read whole."""
    caplog.set_level(logging.INFO)
    english = story(8)
    french = ["La Velmora et la Kestria ont signé mardi à Varn une déclaration commune sur le détroit d'Oskel.",
              "Les deux pays s'engagent à rouvrir le poste frontière d'ici la fin du mois de mars.",
              "Les ministres se retrouveront au printemps pour faire le point sur les travaux du câble.",
              "La déclaration a été publiée dans les deux langues officielles des deux pays."]
    rows = "".join(f"<tr><td><p>{escape(en)}</p></td><td><p>{escape(fr)}</p></td></tr>"
                   for en, fr in zip(english, french, strict=False))
    statement = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Joint statement</title></head>"
                 "<body><article><h1>Joint statement / Déclaration commune</h1><table><tr><th>English</th>"
                 f"<th>Français</th></tr>{rows}</table></article></body></html>").encode()
    quoting = ["Le ministre velmoran a reçu mardi son homologue kestrien à Varn pour des entretiens sur le câble.",
               "\u00abNous avons fait un grand pas\u00bb, a-t-il déclaré devant la presse à l'issue de la réunion.",
               "\"The cable will be laid by the end of next year,\" the Kestrian minister said in English.",
               "Les deux délégations doivent encore s'entendre sur le partage des coûts et le calendrier.",
               "\"We are ready to pay our share of the works,\" he added before leaving for the airport.",
               "Les travaux pourraient commencer au printemps si le parlement vote le budget en février."]
    feed_server.route("/feed.xml", body=rss([
        Item("Joint statement on the Oskel strait", feed_server.url("/press/joint"), teaser="A joint statement.",
             guid="j-1"),
        Item("Le câble de l'Oskel avance", feed_server.url("/fr/cable"), teaser="Le câble avance.", guid="j-2"),
    ]))
    feed_server.route("/press/joint", body=statement, content_type="text/html; charset=utf-8")
    feed_server.route("/fr/cable", body=page("Le câble de l'Oskel avance", quoting).replace(
        b"<html>", b"<html lang='fr'>"), content_type="text/html; charset=utf-8")
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 2
    stored = dict(ingestor.db.execute("SELECT title, text FROM articles").fetchall())
    assert stored["Joint statement on the Oskel strait"].split("\n\n") == english[:len(french)]
    assert stored["Le câble de l'Oskel avance"].split("\n\n") == quoting
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "press/joint gives its story in English and in another language side by side: its English text " \
           "is read" in said, said


async def test_a_sign_in_page_in_front_of_a_story_is_not_read_as_the_story(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """A site that sends a reader who is not signed in to its sign-in page (a redirect to "/login?next=...", or the
    form in place of the story at the story's own address): that page's words ("Enter your email address and
    password to read this article ... Start your free trial") were stored as the story, and its summary sent to the
    chats. The story keeps its feed's words and the log says why; a short story whose page has a sign-in box in its
    header is still read."""
    caplog.set_level(logging.INFO)
    sign_in = (b"<!doctype html><html><head><title>Sign in</title></head><body><form action='/login' method='post'>"
               b"<h1>Sign in to keep reading</h1><p>Enter your email address and password to read this article. "
               b"Subscribers get unlimited access to our reporting, newsletters and the archive.</p>"
               b"<input name='email'><input type='password' name='pw'><button>Sign in</button>"
               b"<p>Not a subscriber yet? Start your free trial today and read everything for a month.</p>"
               b"</form></body></html>")
    treaty = [*story(3)[:2], "Both presidents are to sign in Varn next spring the protocol that puts it in force."]
    with_box = page("Velmora ratifies the strait treaty", treaty).replace(
        b"<body>", b"<body><header><form action='/login'><input name='user'><input type='password' name='pw'>"
                   b"<button>Log in</button></form></header>", 1)
    feed_server.route("/feed.xml", body=rss([
        Item("Kestria sets out its terms", feed_server.url("/herald/terms"),
             teaser="Kestria set out its terms for the strait talks.", guid="h-1"),
        Item("Kestria recalls its envoy", feed_server.url("/herald/envoy"),
             teaser="Kestria recalled its envoy from Varn.", guid="h-2"),
        Item("Velmora ratifies the strait treaty", feed_server.url("/herald/treaty"),
             teaser="The treaty is ratified.", guid="h-3"),
    ]))
    feed_server.route("/herald/terms", redirect="/login?next=%2Fherald%2Fterms")
    feed_server.route("/login", body=sign_in, content_type="text/html; charset=utf-8")
    feed_server.route("/herald/envoy", body=sign_in, content_type="text/html; charset=utf-8")
    feed_server.route("/herald/treaty", body=with_box, content_type="text/html; charset=utf-8")
    ingestor = ingestor_for(make_config, [{"name": "Herald", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 3
    stored = dict(ingestor.db.execute("SELECT title, text FROM articles").fetchall())
    assert stored["Kestria sets out its terms"] == "Kestria set out its terms for the strait talks."
    assert stored["Kestria recalls its envoy"] == "Kestria recalled its envoy from Varn."
    assert stored["Velmora ratifies the strait treaty"].split("\n\n") == treaty
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "herald/terms unavailable: its page asks the reader to sign in, not the story" in said, said
    assert "herald/envoy unavailable: its page asks the reader to sign in, not the story" in said, said


async def test_a_story_behind_a_sign_in_page_is_said_to_be_for_subscribers(
    feed_server: FeedServer, make_config
) -> None:
    """A story whose page is a sign-in page (the site keeps it for readers who sign in) kept its feed's teaser, and
    the digests sent that teaser as if it were the story, with nothing to say the link leads to a sign-in form. It
    is marked as a paywalled story is, and the digests say so after its summary; a story read whole is not."""
    sign_in = (b"<!doctype html><html><head><title>Sign in</title></head><body><main><h1>Sign in to continue</h1>"
               b"<p>This briefing is for members. Enter your email address and password to read this article.</p>"
               b"<form action='/login'><input name='email'><input type='password' name='pw'><button>Sign in</button>"
               b"</form><p>Not a member yet? Start your free trial today.</p></main></body></html>")
    feed_server.route("/feed.xml", body=rss([
        Item("Kestria sets out its terms", feed_server.url("/herald/terms"),
             teaser="The foreign ministry in Kessa named three conditions for joining the talks next month.",
             guid="h-1"),
        Item("Velmora ratifies the strait treaty", feed_server.url("/herald/treaty"), teaser="A treaty.", guid="h-2"),
    ]))
    feed_server.route("/herald/terms", redirect="/login?next=%2Fherald%2Fterms")
    feed_server.route("/login", body=sign_in, content_type="text/html; charset=utf-8")
    feed_server.route("/herald/treaty", body=page("Velmora ratifies the strait treaty", story(3)),
                      content_type="text/html; charset=utf-8")
    ingestor = ingestor_for(make_config, [{"name": "Herald", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 2
    from bot.digest.compose import latest_digest
    from bot.platforms.discord.render import render_digest as discord_digest
    from bot.platforms.telegram.render import render_digest as telegram_digest

    digest = latest_digest(ingestor.db, 5, timezone="UTC", now=datetime.now(UTC))
    note = "Only the start of this story is free on its site; the rest is for subscribers."
    embeds = {e["title"]: e for m in discord_digest(digest) for e in m.get("embeds", [])}
    assert "named three conditions" in embeds["Kestria sets out its terms"]["description"], embeds
    assert note in embeds["Kestria sets out its terms"]["description"], embeds
    assert note not in embeds["Velmora ratifies the strait treaty"].get("description", ""), embeds
    assert "\n".join(telegram_digest(digest)).count(note) == 1


async def test_an_entry_linking_its_sites_front_page_is_not_given_that_pages_stories(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """A feed item whose link is the site's front page (a CMS with the story's address left out, a breaking-news
    line pointing home): the front page was read as its story, and its summary was the first lines of other stories
    listed there. It keeps its feed's words, and the log says why. A story at an address of its own is still read."""
    listed = "".join(f"<article><h2><a href='/world/{n}'>Story {n}</a></h2><p>{story(n)[0]}</p></article>"
                     for n in range(6))
    feed_server.route("/", content_type="text/html", body=(
        f"<html><head><title>Herald: front page</title></head><body><main>{listed}</main></body></html>").encode())
    feed_server.route("/world/9", content_type="text/html", body=page("Velmora opens a consulate", story(9)))
    feed_server.route("/feed.xml", body=rss([
        Item("Kestrian foreign minister resigns", feed_server.url("/"),
             teaser="The Kestrian foreign minister resigned on Tuesday after a vote in parliament."),
        Item("Velmora opens a consulate", feed_server.url("/world/9"), teaser="A consulate opens."),
    ]))
    ingestor = ingestor_for(make_config, [{"name": "Herald", "url": feed_server.url("/feed.xml")}])
    with caplog.at_level(logging.INFO, logger="bot.ingest"):
        [report] = await ingestor.run()
    assert report.new == 2, report
    texts = dict(ingestor.db.execute("SELECT title, text FROM articles").fetchall())
    assert texts["Kestrian foreign minister resigns"] == ("The Kestrian foreign minister resigned on Tuesday after a "
                                                          "vote in parliament."), texts
    assert texts["Velmora opens a consulate"].split("\n\n") == story(9)
    said = [r.getMessage() for r in caplog.records if "front page" in r.getMessage()]
    assert said == [f"full text of {feed_server.url('/')} not read: it is the site's front page, which lists "
                    "stories, not this one (“Kestrian foreign minister resigns” keeps its feed's words)"], said


@pytest.mark.parametrize("charset", ["windows-1252", "iso-8859-1"])
async def test_a_utf8_feed_served_with_a_single_byte_charset_is_read_as_utf8(
    feed_server: FeedServer, make_config, charset: str
) -> None:
    # A server's default charset (Apache's AddDefaultCharset, a CDN's text/xml rule) on a feed that is UTF-8 and says
    # so: the header won and every letter outside ASCII reached the chats as 'GenÃ¨ve'. Bytes that read as UTF-8
    # with letters outside ASCII, in a feed declaring UTF-8, are UTF-8.
    body = rss([Item("Talks in Genève — Velmora’s « accord »", "https://ministry.example/geneve",
                     ["The delegations met in Genève on Tuesday; Velmora’s envoy spoke of an « accord »."])])
    feed_server.route("/mis.xml", body=body, content_type=f"text/xml; charset={charset}")
    ingestor = ingestor_for(make_config, [{"name": "Mis", "url": feed_server.url("/mis.xml")}])
    [report] = await ingestor.run()
    assert report.ok and report.new == 1
    [row] = article_store.latest(ingestor.db, 5)
    assert row.title == "Talks in Genève — Velmora’s « accord »"
    stored = ingestor.db.execute("SELECT text FROM articles").fetchone()[0]
    assert "met in Genève on Tuesday" in stored
    # A feed that is in the single-byte encoding its header names is read in it, as before.
    feed_server.route("/right.xml", content_type=f"text/xml; charset={charset}", body=rss(
        [Item("Envoy leaves Genève", "https://ministry.example/envoy", ["The envoy left Genève for Velmora."])],
        encoding=charset))
    ingestor.config = make_config(sources=[{"name": "Mis", "url": feed_server.url("/mis.xml")},
                                           {"name": "Right", "url": feed_server.url("/right.xml")}],
                                  fetch={"allow_private_addresses": True, "timeout": 2})
    ingestor.sync_sources()
    await ingestor.run(only_due=False)
    assert {r.title for r in article_store.latest(ingestor.db, 5)} == {
        "Talks in Genève — Velmora’s « accord »", "Envoy leaves Genève"}


async def test_entries_with_only_a_link_under_one_guid_are_each_read(feed_server: FeedServer, make_config) -> None:
    # Links alone, and the site's address as every id: nothing but the link tells them apart.
    items_xml = "".join(f"<item><link>{feed_server.url(f'/note/{n}')}</link><guid>https://ministry.example/</guid>"
                        "</item>" for n in (1, 2))
    feed_server.route("/notes.rss", content_type="application/rss+xml", body=(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Notes</title>'
        f"<link>https://ministry.example/</link><description>Notes</description>{items_xml}</channel></rss>").encode())
    for n in (1, 2):
        feed_server.route(f"/note/{n}", body=page(f"Note {n} on the Halvik border", story(n)), content_type="text/html")
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/notes.rss")}])
    [report] = await ingestor.run()
    assert report.new == 2
    assert sorted(a.title for a in article_store.latest(ingestor.db, 5)) == [
        "Note 1 on the Halvik border", "Note 2 on the Halvik border"]


async def test_a_story_republished_at_a_new_address_with_a_new_date_is_not_stored_again(
    feed_server: FeedServer, make_config
) -> None:
    """A CMS that republishes its old items (a site rebuilt, a 'featured' rotation) under a new id, a new date and
    an address with the new date in it: each was a new story, sent to every chat again. The same headline and full
    text from the same source is that story; a story of its own (another text) under the same headline is new."""
    first = [Item(f"Velmora talks, round {n}", f"https://ministry.example/2026/11/20/round-{n}",
                  story(n) + story(n + 10),
                  guid=f"cms-a-{n}") for n in range(3)]
    feed_server.route("/cms.xml", body=rss(first))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/cms.xml")}],
                            fetch_full_text=False)
    [report] = await ingestor.run()
    assert report.new == 3
    later = BASE_TIME + timedelta(days=3)
    again = [Item(f"Velmora talks, round {n}", f"https://ministry.example/2026/11/23/round-{n}", story(n) + story(n + 10),
                  guid=f"cms-b-{n}", published=later) for n in range(3)]
    again.append(Item("Velmora talks, round 0", "https://ministry.example/2026/11/23/round-0-b", story(7) + story(17),
                      guid="cms-b-new", published=later))
    feed_server.route("/cms.xml", body=rss(again))
    [second] = await ingestor.run(only_due=False)
    assert (second.new, second.unchanged) == (1, 3)
    assert article_store.count_articles(ingestor.db) == 4
    # A short text (a teaser, a daily briefing's one line) is not enough to tell: one under a new address is new.
    brief = [Item("Daily briefing", f"https://ministry.example/briefing/{day}", teaser="The spokesperson's briefing.",
                  guid=f"brief-{day}", published=later) for day in (1, 2)]
    feed_server.route("/cms.xml", body=rss(brief))
    [third] = await ingestor.run(only_due=False)
    assert third.new == 2


async def test_a_teaser_republished_at_a_new_address_is_not_sent_again_when_its_page_is_the_same_story(
    feed_server: FeedServer, make_config
) -> None:
    """A feed of teasers (the story on its page) that lists its old items again under new addresses, ids and dates:
    the teaser alone cannot tell, but the page read for it can. The same headline and page text from the same source
    is the story already sent; a new page under the same headline is a new story."""
    for n in range(2):
        body = page(f"Ferry talks, day {n}", story(n) + story(n + 10))
        feed_server.route(f"/2026/11/20/ferry-{n}", body=body, content_type="text/html")
        feed_server.route(f"/2026/11/23/ferry-{n}", body=body, content_type="text/html")
    feed_server.route("/2026/11/23/ferry-0-b", body=page("Ferry talks, day 0", story(5) + story(15)),
                      content_type="text/html")
    first = [Item(f"Ferry talks, day {n}", feed_server.url(f"/2026/11/20/ferry-{n}"), teaser="Talks went on.",
                  guid=f"a-{n}") for n in range(2)]
    feed_server.route("/teasers.xml", body=rss(first))
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/teasers.xml")}])
    [report] = await ingestor.run()
    assert report.new == 2
    later = BASE_TIME + timedelta(days=3)
    again = [Item(f"Ferry talks, day {n}", feed_server.url(f"/2026/11/23/ferry-{n}"), teaser="Talks went on.",
                  guid=f"b-{n}", published=later) for n in range(2)]
    again.append(Item("Ferry talks, day 0", feed_server.url("/2026/11/23/ferry-0-b"), teaser="Talks went on.",
                      guid="b-new", published=later))
    feed_server.route("/teasers.xml", body=rss(again))
    [second] = await ingestor.run(only_due=False)
    assert (second.new, second.unchanged) == (1, 2)
    assert article_store.count_articles(ingestor.db) == 3


async def test_a_headline_keeps_its_joiners_and_a_long_one_is_cut_between_words(
        feed_server: FeedServer, make_config) -> None:
    """Zero-width joiners hold emoji sequences together (a family, a rainbow flag) and the non-joiner writes a
    Persian word as it is spelt ('می‌گوید'): a headline dropped them as unprintable, so readers saw four faces for
    one family and a word written wrong. A headline over 300 characters was cut inside a word ('... of the T…')."""
    family, flag = "👨\u200d👩\u200d👧\u200d👦", "🏳️\u200d🌈"
    persian = "وزیر خارجه می\u200cگوید مذاکرات ادامه دارد"
    long = ("Velmora and Kestria agree on a framework covering border crossings, fishing quotas, the return of "
            "detainees, grain transit through the Orlen corridor, the joint river commission, consular access for "
            "seasonal workers, a timetable for the withdrawal of forward units, the reopening of the Tessel and "
            "Marn crossings and visa-free travel for students")
    titles = [f"Families reunited at the Orlen crossing {family}", f"Marchers fill Halvik's old town {flag}",
              persian, long]
    entries = [Item(title, f"https://ministry.example/press/{n}", story(n), published=BASE_TIME - timedelta(hours=n))
               for n, title in enumerate(titles)]
    feed_server.route("/feed.xml", body=rss(entries))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.ok and report.new == 4
    stored = {a.url.rsplit("/", 1)[1]: a.title for a in article_store.latest(ingestor.db, 10)}
    assert stored["0"] == titles[0] and stored["1"] == titles[1] and stored["2"] == persian
    assert len(stored["3"]) <= 300 and stored["3"].endswith("…"), stored["3"]
    assert long.startswith(stored["3"][:-1]) and long[len(stored["3"]) - 1] == " ", "cut at the end of a word"


async def test_entities_escaped_twice_inside_markup_are_read_as_their_characters(
        feed_server: FeedServer, make_config) -> None:
    """A CMS escaping its HTML twice ('<p>Velmora&amp;#8217;s ...</p>') had chats read 'Velmora&#8217;s
    minister&nbsp;met': text without markup was read right, text inside markup was not. An ampersand written as
    text ('AT&T', '&c.') stays."""
    body = ("<p>Velmora&amp;#8217;s foreign minister&amp;nbsp;met Kestria&amp;#8217;s envoy in Halvik on Monday "
            "&amp;amp; said the talks would go on.</p><p>Delegates from R&amp;D institutes &amp;c. attended.</p>")
    entry = ("<item><title>Velmora&amp;amp;#8217;s &lt;b&gt;envoy&lt;/b&gt; in Halvik</title>"
             "<link>https://ministry.example/press/1</link>"
             f"<pubDate>{format_datetime(BASE_TIME)}</pubDate>"
             f"<content:encoded><![CDATA[{body}]]></content:encoded></item>")
    feed = rss([]).replace(b"</channel>", entry.encode() + b"</channel>")
    feed_server.route("/feed.xml", body=feed)
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.ok and report.new == 1
    [row] = article_store.latest(ingestor.db, 5)
    text = ingestor.db.execute("SELECT text FROM articles").fetchone()[0]
    assert text.startswith("Velmora’s foreign minister met Kestria’s envoy in Halvik on Monday & said"), text
    assert "Delegates from R&D institutes &c. attended." in text
    assert row.title == "Velmora’s envoy in Halvik"
    assert "&#" not in " ".join(row.summary) and "Velmora’s" in " ".join(row.summary)


async def test_stories_of_a_site_that_routes_by_its_address_fragment_are_each_stored_and_linked(
        feed_server: FeedServer, make_config) -> None:
    """A site built as one page routes its stories by the address's fragment ('https://mfa.example/#/press/12',
    '#!/news/4'): the fragment was dropped as if it were an anchor, so every story linked to the home page and all
    but the first of a fetch were taken for it and dropped. An anchor ('#comments') is still no address of its own."""
    entries = [Item(f"Velmora statement number {n} on the Orlen crossing", link, story(n),
                    published=BASE_TIME - timedelta(hours=n), guid=guid)
               for n, (link, guid) in enumerate([
                   ("https://mfa.example/#/press/2026/statement-1", None),
                   ("https://mfa.example/#/press/2026/statement-2", None),
                   ("https://mfa.example/#!/news/3", "https://mfa.example/#!/news/3"),
                   ("https://mfa.example/#!/news/4", "https://mfa.example/#!/news/4"),
                   ("https://ministry.example/press/5#comments", None)])]
    feed_server.route("/feed.xml", body=rss(entries))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}],
                            fetch_full_text=False)
    [report] = await ingestor.run()
    assert report.new == 5
    links = sorted(a.url for a in article_store.latest(ingestor.db, 10))
    assert links == ["https://mfa.example/#!/news/3", "https://mfa.example/#!/news/4",
                     "https://mfa.example/#/press/2026/statement-1", "https://mfa.example/#/press/2026/statement-2",
                     "https://ministry.example/press/5"]
    assert all(telegram_link(url) == url for url in links)
    [again] = await ingestor.run(only_due=False)
    assert (again.new, again.unchanged) == (0, 5), "read again: the same five, not new"


async def test_teasers_of_a_one_page_site_keep_their_routes_though_its_home_page_is_canonical(
        feed_server: FeedServer, make_config) -> None:
    """The page behind every route is the same shell, its canonical address the home page: taken for each story's
    address, it made every teaser the first one again."""
    shell = page("Ministry of Foreign Affairs", ["Loading."], canonical=feed_server.url("/"))
    feed_server.route("/", body=shell, content_type="text/html; charset=utf-8")
    links = [feed_server.url(f"/#/press/statement-{n}") for n in (1, 2)]
    entries = [Item(f"Velmora statement number {n} on the Orlen crossing", link, [], teaser=f"Statement {n}.",
                    published=BASE_TIME - timedelta(hours=n)) for n, link in enumerate(links, start=1)]
    feed_server.route("/feed.xml", body=rss(entries))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 2, report
    assert sorted(a.url for a in article_store.latest(ingestor.db, 10)) == links


async def test_stories_of_a_one_page_site_are_not_read_from_its_home_page(
        feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture) -> None:
    """A browser never sends an address's fragment: the page behind every route of a one-page site is its home
    page. Read for each teaser, its text (a home page with text of its own) became every story's text, and for
    entries of a link alone its headline became every story's headline: the first stored as the home page, the
    others then taken for it republished and never sent. Such a teaser keeps its own text; a link alone is
    skipped, and the log says why."""
    home = page("Ministry of Foreign Affairs", story(0) + story(10), canonical=feed_server.url("/"))
    feed_server.route("/", body=home, content_type="text/html; charset=utf-8")
    teasers = [Item(f"Velmora statement number {n} on the Orlen crossing", feed_server.url(f"/#/press/statement-{n}"),
                    teaser=f"Statement {n} on the crossing.", published=BASE_TIME - timedelta(hours=n))
               for n in (1, 2)]
    feed_server.route("/feed.xml", body=rss(teasers + [Item("", feed_server.url(f"/#/press/note-{n}"), teaser="")
                                                        for n in (3, 4)]))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    caplog.set_level(logging.INFO, logger="bot.ingest.pipeline")
    [report] = await ingestor.run()
    assert (report.new, report.skipped) == (2, 2), report
    stored = {row["title"]: row["text"] for row in ingestor.db.query("SELECT title, text FROM articles")}
    assert stored == {f"Velmora statement number {n} on the Orlen crossing": f"Statement {n} on the crossing."
                      for n in (1, 2)}, stored
    assert "its address routes by its fragment" in caplog.text, caplog.text


async def test_a_story_whose_address_is_an_id_under_a_trackers_name_keeps_it(
        feed_server: FeedServer, make_config) -> None:
    """'news.php?cid=5512' names the story by a parameter that is a tracker's name elsewhere ('cid=social'): it was
    dropped, so every story linked to 'news.php' and the others of a fetch were stored as the first one's edits.
    A query of a bare id ('press.asp?12345') was linked as 'press.asp?12345='."""
    links = ["https://gov.example/news.php?cid=5512", "https://gov.example/news.php?cid=5513",
             "https://gov.example/press.asp?12345", "https://gov.example/story?id=7&utm_source=rss&cid=social_tw"]
    entries = [Item(f"Velmora statement number {n} on the Orlen crossing", link, story(n),
                    published=BASE_TIME - timedelta(hours=n)) for n, link in enumerate(links)]
    feed_server.route("/feed.xml", body=rss(entries))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}],
                            fetch_full_text=False)
    [report] = await ingestor.run()
    assert report.new == 4
    assert sorted(a.url for a in article_store.latest(ingestor.db, 10)) == [
        "https://gov.example/news.php?cid=5512", "https://gov.example/news.php?cid=5513",
        "https://gov.example/press.asp?12345", "https://gov.example/story?id=7"]


async def test_a_source_whose_feed_moved_with_its_links_does_not_store_or_send_its_stories_again(
    feed_server: FeedServer, make_config
) -> None:
    """A site that moves its feed moves its stories' links and ids with it (a new domain, a new CMS): given the new
    url, the source read every story of its last day as new, each stored again and sent to every chat a second
    time. After a url change, an entry with the headline, text and date of a story the source has is that story.
    A story of its own under the same headline and text (a daily briefing's line, another date) stays new."""
    now = datetime.now(UTC).replace(microsecond=0)
    old = [Item(f"Velmora talks, round {n}", f"https://old.example/news/{n}", teaser=f"Round {n} of the talks opened.",
                guid=f"old-{n}", published=now - timedelta(hours=n + 1)) for n in range(3)]
    feed_server.route("/old.xml", body=rss(old))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/old.xml")}],
                            fetch_full_text=False)
    [first] = await ingestor.run()
    assert first.new == 3
    moved = [Item(item.title, item.link.replace("old.example", "new.example"), teaser=item.teaser,
                  guid=item.guid.replace("old", "new"), published=item.published) for item in old]
    moved.append(Item("Velmora talks, round 0", "https://new.example/news/0-again", teaser="Round 0 of the talks opened.",
                      guid="new-0-again", published=now - timedelta(minutes=10)))
    feed_server.route("/new.xml", body=rss(moved))
    ingestor.config = make_config(sources=[{"name": "Ministry", "url": feed_server.url("/new.xml")}],
                                  fetch={"allow_private_addresses": True, "timeout": 2, "fetch_full_text": False})
    assert ingestor.sync_sources().moved == ["Ministry"]
    [second] = await ingestor.run()
    assert (second.new, second.unchanged) == (1, 3), "the moved stories are the stored ones; the new one is new"
    assert article_store.count_articles(ingestor.db) == 4


async def test_a_feed_that_gives_its_stories_new_links_and_ids_in_place_does_not_send_them_again(
    feed_server: FeedServer, make_config
) -> None:
    """The same feed url, its site moved to https (or its CMS changed the slugs and ids): every entry of its last
    day came back under a new link and guid, with its headline, teaser and date as they were, and each was stored
    again and sent to the chats a second time. An entry with the headline, text and date of a story the source has
    is that story, whether or not the feed's own url changed; one of the same headline and lead on another date (a
    daily briefing's line) stays new."""
    now = datetime.now(UTC).replace(microsecond=0)
    old = [Item(f"Estavia recalls envoy, day {n}", f"http://press.example/news/{n}",
                teaser=f"Estavia acted on day {n}.", guid=f"http://press.example/news/{n}",
                published=now - timedelta(hours=n + 1)) for n in range(3)]
    feed_server.route("/feed.xml", body=rss(old))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}],
                            fetch_full_text=False)
    [first] = await ingestor.run()
    assert first.new == 3
    again = [Item(item.title, item.link.replace("http:", "https:"), teaser=item.teaser,
                  guid=item.link.replace("http:", "https:"), published=item.published) for item in old]
    again.append(Item("Estavia recalls envoy, day 0", "https://press.example/news/0-again",
                      teaser="Estavia acted on day 0.", guid="https://press.example/news/0-again",
                      published=now - timedelta(minutes=10)))
    feed_server.route("/feed.xml", body=rss(again))
    [second] = await ingestor.run(only_due=False)
    assert (second.new, second.unchanged) == (1, 3), "the relinked stories are the stored ones; the new one is new"
    assert article_store.count_articles(ingestor.db) == 4


async def test_times_said_in_a_story_count_from_its_own_day_where_it_was_written(
    feed_server: FeedServer, make_config
) -> None:
    """'Tomorrow' in a story filed at 01:00 on 1 December in Kolkata (+05:30, still 30 November in UTC) is
    2 December, and 'tomorrow' filed at 22:00 on 30 November in St. John's (-03:30, 1 December in UTC) is
    1 December: the day a story counts from is its own date as its feed writes it, not that date in UTC (each
    came out a day early or late)."""
    kolkata = timezone(timedelta(hours=5, minutes=30))
    st_johns = timezone(-timedelta(hours=3, minutes=30))
    told = ["Velmora said it would reopen the Tarnic crossing tomorrow, its foreign ministry announced."]
    feed_server.route("/feed.xml", body=rss([
        Item("Velmora to reopen the Tarnic crossing", "https://ministry.example/east", told,
             published=datetime(2026, 12, 1, 1, 0, tzinfo=kolkata)),
        Item("Velmora to reopen the Oskel crossing", "https://ministry.example/west",
             [told[0].replace("Tarnic", "Oskel")], published=datetime(2026, 11, 30, 22, 0, tzinfo=st_johns)),
    ]))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 2
    due = {r.url.rsplit("/", 1)[1]: [p.due for p in r.pledges] for r in article_store.latest(ingestor.db, 5)}
    assert due == {"east": ["2026-12-02"], "west": ["2026-12-01"]}
    stored = {r.url.rsplit("/", 1)[1]: r.published for r in article_store.latest(ingestor.db, 5)}
    assert stored == {"east": "2026-11-30T19:30:00.000000Z", "west": "2026-12-01T01:30:00.000000Z"}  # kept in UTC


async def test_a_null_date_written_as_a_date_is_no_date(feed_server: FeedServer, make_config) -> None:
    """A CMS's empty date written out (Unix time 0: 'Thu, 01 Jan 1970 00:00:00 GMT', or 1 Jan 1970 at an offset) is
    no date: the story is dated when fetched, as one with no date is; it was stored and shown '31 Dec 1969, 20:30'
    in a chat west of Greenwich, at the bottom of /latest."""
    entries = [
        Item("Velmora sets a date for talks", "https://ministry.example/epoch", story(1),
             published=datetime(1970, 1, 1, tzinfo=UTC)),
        Item("Velmora names an envoy", "https://ministry.example/epoch-east", story(2),
             published=datetime(1970, 1, 1, 3, 0, tzinfo=timezone(timedelta(hours=3)))),
        Item("Velmora opens an embassy", "https://ministry.example/dated", story(3), published=BASE_TIME),
    ]
    feed_server.route("/feed.xml", body=rss(entries))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 3
    rows = {r.url.rsplit("/", 1)[1]: r for r in article_store.latest(ingestor.db, 5)}
    assert rows["epoch"].published is None and rows["epoch-east"].published is None
    assert from_iso(rows["epoch"].sort_time) > datetime.now(UTC) - timedelta(hours=1)
    assert from_iso(rows["dated"].published) == BASE_TIME


async def test_a_story_dated_by_its_day_alone_shows_that_day_and_no_time(
    feed_server: FeedServer, make_config
) -> None:
    """A feed that dates its stories by day ('2026-11-30', or midnight at its own offset for every story, a CMS's
    date with no time) gives no hour: the chats see that day, in every zone, with no time made up. A chat in St.
    John's (-03:30) was shown '29 Nov 2026, 20:30 NST', the day before, and one in Kolkata '30 Nov 2026, 05:30 IST'.
    (Midnight in a feed that gives its other stories their hours is a time: the next test.)"""
    from bot.digest.compose import latest_digest
    from bot.platforms.console.render import render_digest_plain
    from bot.platforms.discord.render import render_digest as discord_digest
    from bot.platforms.telegram.render import render_digest as telegram_digest

    berlin = timezone(timedelta(hours=1))
    body = rss([
        Item("Velmora opens an embassy", "https://ministry.example/berlin-midnight", story(1),
             published=datetime(2026, 11, 30, 0, 0, tzinfo=berlin)),
        Item("Velmora names an envoy", "https://ministry.example/earlier", story(2),
             published=datetime(2026, 11, 28, 0, 0, tzinfo=berlin)),
        Item("Velmora sets a date for talks", "https://ministry.example/day", story(3), published=None),
    ]).replace(b"<link>https://ministry.example/day</link>",
               b"<link>https://ministry.example/day</link><pubDate>2026-11-30</pubDate>")
    feed_server.route("/feed.xml", body=body)
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 3
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    for zone in ("America/St_Johns", "Asia/Kolkata", "Pacific/Chatham"):
        digest = latest_digest(ingestor.db, 5, timezone=zone, now=now)
        shown = {s.url.rsplit("/", 1)[1]: s.published for s in digest.stories}
        assert set(shown) == {"berlin-midnight", "earlier", "day"}
        assert shown["earlier"] == datetime(2026, 11, 28)
        telegram = "\n".join(telegram_digest(digest))
        console = render_digest_plain(digest)
        assert shown["day"] == shown["berlin-midnight"] == datetime(2026, 11, 30)  # a day: no zone, no time
        assert "29 Nov" not in telegram + console, (zone, telegram)
        assert telegram.count("Ministry · 30 Nov 2026</i>") == 2, telegram
        assert console.count("Ministry · 30 Nov 2026\n") == 2, console
        # Discord shows an embed's timestamp in each reader's own zone: a day has none, it is written out.
        embeds = {e["title"]: e for m in discord_digest(digest) for e in m.get("embeds", [])}
        day_embeds = [e for title, e in embeds.items() if "envoy" not in title]
        assert day_embeds and all("timestamp" not in e and "30 Nov 2026" in e["footer"]["text"] for e in day_embeds)
        assert "28 Nov 2026" in embeds["Velmora names an envoy"]["footer"]["text"]


async def test_a_page_whose_body_is_only_in_its_scripts_gives_the_story(feed_server: FeedServer, make_config) -> None:
    """A page built in the browser carries its body in a script (schema.org's articleBody, or a Next.js
    __NEXT_DATA__ blob), and its markup holds a headline and "Loading…": the teaser was kept, or the page gave
    nothing at all, and the story went out as its first line."""
    told = ["Estavia and Kalvia agreed on Monday to run a night train between Tollin and Lunden from September.",
            "Both rail companies will share the cost of new sleeper cars, the two transport ministers said in Tollin.",
            "Kalvia's minister said the first tickets would go on sale in July, at prices close to the day train's."]
    linked = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Night train to link Tollin "
              "and Lunden", "articleBody": "\n\n".join(told)}
    app = {"props": {"pageProps": {"story": {"title": "Velmora to fund a ferry pier", "blocks": [
        {"type": "paragraph", "text": f"Velmora will pay for a new ferry pier at Brask, its {word} minister said "
                                      "on Friday, so that the night crossing can restart in June."}
        for word in ("transport", "finance", "harbour")]},
        "related": [{"title": "Ferry fares to rise", "summary": "Fares rise in April."}]}}, "page": "/story"}
    feed_server.route("/feed.xml", body=rss([
        Item("Night train to link Tollin and Lunden", feed_server.url("/ld"), teaser="A night train."),
        Item("Velmora to fund a ferry pier", feed_server.url("/next"), teaser="A new pier."),
    ]))
    feed_server.route("/ld", content_type="text/html", body=(
        "<html><head><title>Night train to link Tollin and Lunden | Rail Post</title>"
        f"<script type='application/ld+json'>{json.dumps(linked)}</script></head><body><header>Rail Post</header>"
        "<main><h1>Night train to link Tollin and Lunden</h1><div class='loading'>Loading…</div></main>"
        "</body></html>").encode())
    feed_server.route("/next", content_type="text/html", body=(
        "<html><head><title>Velmora to fund a ferry pier - Harbour Daily</title></head><body><div id='__next'>"
        "<div class='skeleton'></div></div><script id='__NEXT_DATA__' type='application/json'>"
        f"{json.dumps(app)}</script></body></html>").encode())
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 2
    texts = dict(ingestor.db.execute("SELECT title, text FROM articles").fetchall())
    assert texts["Night train to link Tollin and Lunden"] == "\n\n".join(told)
    pier = texts["Velmora to fund a ferry pier"].split("\n\n")
    assert len(pier) == 3 and "harbour minister said" in pier[2] and "Fares rise" not in pier[2]


async def test_a_page_whose_body_is_only_in_its_noscript_gives_the_story(feed_server: FeedServer, make_config) -> None:
    """A page built in the browser that gives readers without scripts its story in <noscript> (its markup holds an
    empty app root and a note to turn scripts on): the page gave nothing, and the story went out as its teaser. A
    page whose <noscript> only asks for scripts, beside its story, keeps the story alone."""
    told = story(5)
    feed_server.route("/feed.xml", body=rss([
        Item("Velmora and Kestria agree on ferry times", feed_server.url("/app"), teaser="Ferry times."),
        Item("Velmora names a harbour envoy", feed_server.url("/plain"), teaser="An envoy."),
    ]))
    feed_server.route("/app", content_type="text/html", body=(
        "<html><head><title>Ferry times agreed | Harbour Post</title><noscript><style>.app{display:none}</style>"
        "</noscript></head><body><div id='root' class='app'></div><noscript><h1>Velmora and Kestria agree on ferry "
        f"times</h1>{''.join(f'<p>{p}</p>' for p in told)}</noscript>"
        "<script src='/bundle.js'></script></body></html>").encode())
    feed_server.route("/plain", content_type="text/html", body=page("Velmora names a harbour envoy", story(8)).replace(
        b"</body>", b"<noscript><p>Please turn on JavaScript to use all of this site.</p></noscript></body>"))
    ingestor = ingestor_for(make_config, [{"name": "Harbour", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 2, report
    texts = dict(ingestor.db.execute("SELECT title, text FROM articles").fetchall())
    assert texts["Velmora and Kestria agree on ferry times"].split("\n\n") == told, texts
    assert texts["Velmora names a harbour envoy"].split("\n\n") == story(8), texts


async def test_a_page_with_its_story_in_the_markup_keeps_it_over_readers_comments_in_its_app_data(
    feed_server: FeedServer, make_config
) -> None:
    """A Next.js page that renders its story in the markup and keeps its readers' comments in __NEXT_DATA__ was
    stored as the comments: the longest list of the page's data won over a body that said less. A script's
    paragraphs are taken only when they hold the markup's story."""
    story = ["Velmora will pay for a new ferry pier at Brask, its transport minister said on Friday, so that the "
             "night crossing can restart.",
             "The pier will cost twelve million euros and should be finished before the summer, the ministry said.",
             "Brask's mayor welcomed the decision and said the town had waited ten years for the work to begin."]
    comments = [f"I have crossed on this ferry for {n + 3} years and the old pier was never safe in a winter storm, "
                "so this is welcome news for all of us who live on the island." for n in range(6)]
    app = {"props": {"pageProps": {"story": {"title": "Velmora to fund a ferry pier"},
                                   "comments": [{"author": f"reader{n}", "body": c} for n, c in enumerate(comments)]}}}
    feed_server.route("/feed.xml", body=rss([Item("Velmora to fund a ferry pier", feed_server.url("/pier"),
                                                  teaser="A new pier.")]))
    feed_server.route("/pier", content_type="text/html", body=(
        "<html><head><title>Velmora to fund a ferry pier - Harbour Daily</title></head><body><div id='__next'>"
        "<article><h1>Velmora to fund a ferry pier</h1>" + "".join(f"<p>{p}</p>" for p in story) +
        "</article></div><script id='__NEXT_DATA__' type='application/json'>"
        f"{json.dumps(app)}</script></body></html>").encode())
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 1
    [text] = ingestor.db.execute("SELECT text FROM articles").fetchone()
    assert text.split("\n\n") == story, text


async def test_a_page_gives_its_body_without_its_headline(feed_server: FeedServer, make_config) -> None:
    """The headline inside the page's <article> was stored as the text's first paragraph: the story said it twice,
    and a search or a follow matched its headline in its text."""
    body = ["Norland and Estavia agreed on Thursday to reopen the ferry line between Brask and Tollin from June.",
            "Estavia's transport minister said the two countries would share the cost of the new pier at Brask."]
    feed_server.route("/feed.xml", body=rss([Item("Norland and Estavia reopen the Brask ferry",
                                                  feed_server.url("/ferry"), teaser="The ferry is back.")]))
    feed_server.route("/ferry", content_type="text/html", body=(
        "<html><head><title>Norland and Estavia reopen the Brask ferry - Harbour Daily</title></head><body>"
        "<article><h1>Norland and Estavia reopen the Brask ferry</h1>"
        f"<p>{body[0]}</p><p>{body[1]}</p></article></body></html>").encode())
    entries = "".join(f"<article class='live-entry'><p>{line}</p></article>" for line in reversed(body))
    feed_server.route("/live", content_type="text/html", body=(
        "<html><head><title>Brask ferry live - Harbour Daily</title></head><body><main><h1>Brask ferry live</h1>"
        f"<div class='live-blog'>{entries}</div></main></body></html>").encode())
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/feed.xml")},
                                          {"name": "Live", "url": feed_server.url("/live.xml")}])
    feed_server.route("/live.xml", body=rss([Item("Brask ferry live", feed_server.url("/live"), teaser="Live.")]))
    reports = await ingestor.run()
    assert [r.new for r in reports] == [1, 1]
    texts = dict(ingestor.db.execute("SELECT title, text FROM articles").fetchall())
    assert texts["Norland and Estavia reopen the Brask ferry"].split("\n\n") == body
    assert texts["Brask ferry live"].split("\n\n") == body[::-1], "the live page's headline stood after its newest entry"


async def test_a_page_gives_its_body_without_a_french_byline_or_an_embedded_posts_credit(
        feed_server: FeedServer, make_config) -> None:
    """A French byline ("Par Claire Morel") was kept as the text's first paragraph, and an embedded post's credit
    line ("— Elin Stray (@ElinStrayPM) June 2, 2026") stood in the body as a paragraph of its own."""
    body = ["Norland and Estavia agreed on Thursday to reopen the ferry line between Brask and Tollin from June.",
            "The Norland prime minister wrote on her account that the line was a bridge between two peoples:",
            "“A good day for Brask and Tollin. The ferry is back, and so are the summers we shared.”",
            "Estavia's transport minister said the two countries would share the cost of the new pier at Brask."]
    feed_server.route("/feed.xml", body=rss([Item("Ferry line to Tollin reopens",
                                                  feed_server.url("/ferry"), teaser="The ferry is back.")]))
    feed_server.route("/ferry", content_type="text/html", body=(
        "<html><head><title>Ferry line to Tollin reopens - Harbour Daily</title></head><body>"
        "<article><p class='signature'>Par Claire Morel</p>"
        f"<p>{body[0]}</p><p>{body[1]}</p><blockquote class='twitter-tweet'><p lang='en'>{body[2][1:-1]}</p>&mdash; "
        "Elin Stray (@ElinStrayPM) <a href='https://social.example/ElinStrayPM/status/7'>June 2, 2026</a>"
        f"</blockquote><p>{body[3]}</p></article></body></html>").encode())
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 1
    [text] = ingestor.db.execute("SELECT text FROM articles").fetchone()
    assert text.split("\n\n") == body


async def test_a_story_split_over_pages_is_read_whole_and_a_next_post_link_is_not_followed(
        feed_server: FeedServer, make_config) -> None:
    """A story split "Page 1 of 2" was stored and sent as its first page alone, its end never read. Its next page
    (a link rel="next" to the same address with ?page=2, or with /2 after it) is read and joined on; a rel="next"
    to another story (a blog's next post) is not."""
    first = ["Estavia's central bank raised its main rate by half a point on Thursday, its third rise this year.",
             "The governor said the bank would keep raising rates until prices were clearly on their way down."]
    second = ["Economists had expected a smaller rise, and the currency gained against the euro within minutes.",
              "The bank will publish its next forecast in July, after the summer wage round in the ports."]
    other = ["Norland's harbour festival returns to Brask this summer after a break of three years, its mayor said."]

    def paged(title: str, paragraphs: list[str], nxt: str | None, label: str) -> bytes:
        head = f"<link rel='next' href='{nxt}'>" if nxt else ""
        more = f"<div class='pager'><span>{label}</span> <a href='{nxt}' rel='next'>Next page</a></div>" if nxt else ""
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        return (f"<html><head><title>{title} - Tollin Business</title>{head}</head><body><article><h1>{title}</h1>"
                f"{body}</article>{more}</body></html>").encode()

    feed_server.route("/feed.xml", body=rss([
        Item("Estavia raises rates again", feed_server.url("/rates"), teaser="Rates rise."),
        Item("Estavia's rates: what next", feed_server.url("/next/rates"), teaser="Rates rise."),
        Item("Ferry fares to rise", feed_server.url("/fares"), teaser="Fares rise."),
    ]))
    feed_server.route("/rates", content_type="text/html",
                      body=paged("Estavia raises rates again", first, "/rates?page=2", "Page 1 of 2"))
    feed_server.route("/next/rates", content_type="text/html",
                      body=paged("Estavia's rates: what next", first, "/next/rates/2", "Page 1 of 2"))
    feed_server.route("/next/rates/2", content_type="text/html",
                      body=paged("Estavia's rates: what next", second, None, ""))
    feed_server.route("/fares", content_type="text/html",
                      body=paged("Ferry fares to rise", second, "/festival", "Next post"))
    feed_server.route("/festival", content_type="text/html", body=paged("Harbour festival returns", other, None, ""))
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/feed.xml")}])
    feed_server.route("/rates?page=2", content_type="text/html",
                      body=paged("Estavia raises rates again", second, None, ""))
    [report] = await ingestor.run()
    assert report.new == 3
    texts = dict(ingestor.db.execute("SELECT title, text FROM articles").fetchall())
    assert texts["Estavia raises rates again"].split("\n\n") == first + second
    assert texts["Estavia's rates: what next"].split("\n\n") == first + second
    assert texts["Ferry fares to rise"].split("\n\n") == second
    assert feed_server.hits("/festival") == 0


async def test_a_story_split_over_pages_that_repeat_its_lead_keeps_the_lead_once(
        feed_server: FeedServer, make_config) -> None:
    """A story split over pages whose every page opens with its standfirst (the site's template repeats it): the
    joined text said the lead twice, and a reader could get it twice in the summary. Each page adds what it has
    that the pages before did not."""
    lead = "Estavia's central bank raised its main rate by half a point on Thursday, its third rise this year."
    first = [lead, "The governor said the bank would keep raising rates until prices were clearly on their way down."]
    second = ["Economists had expected a smaller rise, and the currency gained against the euro within minutes.",
              "The bank will publish its next forecast in July, after the summer wage round in the ports."]

    def paged(paragraphs: list[str], nxt: str | None) -> bytes:
        head = f"<link rel='next' href='{nxt}'>" if nxt else ""
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        return (f"<html><head><title>Estavia raises rates again</title>{head}</head><body><article>"
                f"<h1>Estavia raises rates again</h1>{body}</article></body></html>").encode()

    feed_server.route("/feed.xml", body=rss([Item("Estavia raises rates again", feed_server.url("/rates"),
                                                  teaser="Rates rise.")]))
    feed_server.route("/rates", content_type="text/html", body=paged(first, "/rates?page=2"))
    feed_server.route("/rates?page=2", content_type="text/html", body=paged([lead, *second], None))
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 1
    [text] = ingestor.db.execute("SELECT text FROM articles").fetchone()
    assert text.split("\n\n") == first + second


async def test_a_story_split_over_pages_by_a_plain_pager_is_read_whole(feed_server: FeedServer, make_config) -> None:
    """A story whose pager links its pages plainly ("1 2 3", "Next »"), no rel="next" anywhere, as many sites'
    pagers do: it was stored and sent as its first page alone. The page after each is read, by a link to the
    story's address with the next page number; a link to another story, or to a comments page, is not."""
    parts = [["Estavia's central bank raised its main rate by half a point on Thursday, its third rise this year."],
             ["Economists had expected a smaller rise, and the currency gained against the euro within minutes."],
             ["The bank will publish its next forecast in July, after the summer wage round in the ports."]]

    def paged(paragraphs: list[str], number: int) -> bytes:
        pager = " ".join(f"<a href='/rates?page={n}'>{n}</a>" if n != number else f"<span>{n}</span>"
                         for n in (1, 2, 3))
        if number < 3:
            pager += f" <a href='/rates?page={number + 1}'>Next &raquo;</a>"
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        return (f"<html><head><title>Estavia raises rates again</title></head><body><article>"
                f"<h1>Estavia raises rates again</h1>{body}</article><div class='pagination'>{pager}</div>"
                "<a href='/rates/comments?page=2'>Older comments</a> <a href='/markets/12'>Markets today</a>"
                "</body></html>").encode()

    feed_server.route("/feed.xml", body=rss([Item("Estavia raises rates again", feed_server.url("/rates"),
                                                  teaser="Rates rise.")]))
    feed_server.route("/rates", content_type="text/html", body=paged(parts[0], 1))
    feed_server.route("/rates?page=2", content_type="text/html", body=paged(parts[1], 2))
    feed_server.route("/rates?page=3", content_type="text/html", body=paged(parts[2], 3))
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 1
    [text] = ingestor.db.execute("SELECT text FROM articles").fetchone()
    assert text.split("\n\n") == parts[0] + parts[1] + parts[2]
    assert feed_server.hits("/rates/comments") == 0 and feed_server.hits("/markets/12") == 0


async def test_a_story_split_over_pages_is_read_whole_when_its_feed_link_carries_trackers(
        feed_server: FeedServer, make_config) -> None:
    """A feed's link with its trackers ("?utm_source=rss") and the page's rel="next" without them ("?page=2", "/2")
    differ in more than a page number: the next page was not read, and the story was stored as its first page."""
    first = ["Velmora's parliament passed the harbour budget on Tuesday after a debate that lasted two full days.",
             "The finance minister said the first payments to the port towns would be made before the winter."]
    second = ["The opposition said the budget left out the northern ports, and promised to amend it in the spring.",
              "The harbour authority will publish its list of works within a month, its chairman said on Tuesday."]

    def page(paragraphs: list[str], nxt: str | None) -> bytes:
        head = f"<link rel='next' href='{nxt}'>" if nxt else ""
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        return (f"<html><head><title>Harbour budget passed - Velmora Post</title>{head}</head><body><article>"
                f"<h1>Harbour budget passed</h1>{body}</article></body></html>").encode()

    feed_server.route("/feed.xml", body=rss([
        Item("Harbour budget passed", feed_server.url("/budget?utm_source=rss&utm_medium=feed"), teaser="A budget."),
        Item("Harbour budget: the works", feed_server.url("/works?utm_source=rss"), teaser="The works."),
    ]))
    feed_server.route("/budget", content_type="text/html", body=page(first, "/budget?page=2"))
    feed_server.route("/budget?page=2", content_type="text/html", body=page(second, None))
    feed_server.route("/works", content_type="text/html", body=page(first, "/works/2"))
    feed_server.route("/works/2", content_type="text/html", body=page(second, None))
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 2
    texts = [text for (text,) in ingestor.db.execute("SELECT text FROM articles").fetchall()]
    assert [text.split("\n\n") for text in texts] == [first + second] * 2, texts


async def test_a_paywalled_page_is_said_to_give_only_the_start_of_its_story(feed_server: FeedServer, make_config) -> None:
    """A page that gives its first paragraphs and "Subscribe to read the full article" was stored and sent as if it
    were the whole story, without a word. It is now marked so, and the digests say it after its summary; a free page
    with a newsletter box ("Subscribe to our newsletter") is not taken for one."""
    start = ["Velmora's government is preparing to sell its stake in the national airline to investors from Kalvia.",
             "The sale, which could be announced as early as next month, would end forty years of state ownership."]
    free = ["Norland's harbour festival returns to Brask this summer after a break of three years, its mayor said.",
            "The festival will run for four days in July, with boat races and a market along the old quay."]
    feed_server.route("/feed.xml", body=rss([
        Item("Velmora prepares to sell airline stake", feed_server.url("/airline"), teaser="An airline sale."),
        Item("Harbour festival returns", feed_server.url("/festival"), teaser="A festival."),
    ]))
    feed_server.route("/airline", content_type="text/html", body=(
        "<html><head><title>Velmora prepares to sell airline stake - The Capital Letter</title></head><body><article>"
        "<h1>Velmora prepares to sell airline stake</h1>" + "".join(f"<p>{p}</p>" for p in start) +
        "<div class='offer'><h3>Subscribe to read the full article</h3><p>From 1 euro for the first month.</p>"
        "<p>Already a subscriber? <a href='/login'>Log in</a></p></div></article></body></html>").encode())
    feed_server.route("/festival", content_type="text/html", body=(
        "<html><head><title>Harbour festival returns - Brask Post</title></head><body><article>"
        "<h1>Harbour festival returns</h1>" + "".join(f"<p>{p}</p>" for p in free) +
        "<div class='box'><h3>Subscribe to our newsletter</h3><p>The week in Brask, every Friday.</p></div>"
        "</article></body></html>").encode())
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 2
    rows = {row.title: row for row in article_store.latest(ingestor.db, 5)}
    paywalled = rows["Velmora prepares to sell airline stake"]
    texts = dict(ingestor.db.execute("SELECT title, text FROM articles").fetchall())
    assert texts["Velmora prepares to sell airline stake"].split("\n\n") == start
    # The note is the story's own field, not a sentence of its summary (which /latest, the digests and whatever
    # counts summary sentences read as the story's words): it rode there as one more sentence.
    assert paywalled.paywalled and not rows["Harbour festival returns"].paywalled
    assert not any("subscribers" in line for line in paywalled.summary), paywalled.summary
    assert not any("subscribers" in line for line in rows["Harbour festival returns"].summary)
    from bot.digest.compose import latest_digest
    from bot.platforms.discord.render import render_digest as discord_digest
    from bot.platforms.telegram.render import render_digest as telegram_digest

    digest = latest_digest(ingestor.db, 5, timezone="UTC", now=datetime.now(UTC))
    note = "Only the start of this story is free on its site; the rest is for subscribers."
    telegram = "\n".join(telegram_digest(digest))
    assert telegram.count(note) == 1, telegram
    assert telegram.index(note) > telegram.index("Velmora prepares to sell airline stake") and \
        telegram.index(note) < telegram.index("Harbour festival returns"), telegram
    embeds = {e["title"]: e for m in discord_digest(digest) for e in m.get("embeds", [])}
    assert note in embeds["Velmora prepares to sell airline stake"]["description"], embeds
    assert note not in embeds["Harbour festival returns"].get("description", "")


async def test_a_whole_story_beside_another_storys_subscribers_label_is_not_said_to_be_paywalled(
    feed_server: FeedServer, make_config
) -> None:
    """A short story given whole, on a page whose menu links "Subscribers only" and whose related stories are
    labelled so, ended its summary with the paywall note: the label was another story's, or the menu's."""
    brief = ["Norland's coast guard rescued eleven fishermen off the Brask headland on Sunday, its spokesman said.",
             "The crew of the trawler had been adrift for two days after its engine failed in a storm."]
    feed_server.route("/feed.xml", body=rss([Item("Fishermen rescued off Brask", feed_server.url("/rescue"),
                                                  teaser="A rescue.")]))
    feed_server.route("/rescue", content_type="text/html", body=(
        "<html><head><title>Fishermen rescued off Brask - Brask Post</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/members'>Subscribers only</a></nav><article>"
        "<h1>Fishermen rescued off Brask</h1>" + "".join(f"<p>{p}</p>" for p in brief) + "</article>"
        "<div class='related'><article class='card'><h3>Inside the harbour budget</h3>"
        "<span>Exclusive to subscribers</span></article><ul><li><a href='/x'>Why the quay is sinking</a> "
        "<span>Subscribers only</span></li></ul></div></body></html>").encode())
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 1
    [row] = article_store.latest(ingestor.db, 5)
    [text] = ingestor.db.execute("SELECT text FROM articles").fetchone()
    assert text.split("\n\n") == brief
    assert not any("subscribers" in line for line in row.summary), row.summary


async def test_an_embedded_social_post_is_read_as_its_authors_words(feed_server: FeedServer, make_config) -> None:
    """A leader's post embedded in a story (a <blockquote> of the network's embed) came out as a bare paragraph:
    the summary could show the leader's words as the outlet's own, and no quote was found for them. The post is
    read in quotation marks, so it is the leader's quote."""
    feed_server.route("/feed.xml", body=rss([Item("Brandt offers to visit Kalvia", feed_server.url("/visit"),
                                                  teaser="Brandt congratulates Kalvia.")]))
    post = ("Congratulations to the people of Kalvia on a free and peaceful election. Velmora stands ready to work "
            "with the new government from day one.")
    feed_server.route("/visit", content_type="text/html", body=(
        "<html><head><title>Brandt offers to visit Kalvia - Lunden Observer</title></head><body><article>"
        "<p>Velmora's prime minister, Teo Brandt, congratulated Kalvia's new government on Tuesday and offered to "
        "visit its capital before the summer.</p><p>In a post on his account after the results, Brandt wrote:</p>"
        f"<blockquote class='twitter-tweet' data-lang='en'><p lang='en' dir='ltr'>{post}</p>&mdash; Teo Brandt "
        "(@TeoBrandtPM) <a href='https://social.example/TeoBrandtPM/status/1'>March 3, 2026</a></blockquote>"
        "<p>Kalvia's incoming prime minister, Sofi Harne, replied that she would welcome the visit and that trade "
        "would be first on the agenda.</p></article></body></html>").encode())
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 1
    [row] = article_store.latest(ingestor.db, 5)
    [text] = ingestor.db.execute("SELECT text FROM articles").fetchone()
    assert f"“{post}”" in text.split("\n\n")
    assert ArticleQuote("Teo Brandt", post) in row.quotes


async def test_an_embedded_post_naming_something_in_quotation_marks_is_still_its_authors_words(
    feed_server: FeedServer, make_config
) -> None:
    """A post with quotation marks of its own (the “Tarn accord”) was left a bare paragraph, the leader's words read
    as the outlet's; it is put in quotation marks with its own made single, and found as the leader's quote."""
    feed_server.route("/feed.xml", body=rss([Item("Brandt names the Tarn accord", feed_server.url("/accord"),
                                                  teaser="Brandt on the accord.")]))
    post = ("Velmora will sign the “Tarn accord” with Kalvia next week. It opens the river to the ships of both "
            "countries for the first time in thirty years.")
    feed_server.route("/accord", content_type="text/html", body=(
        "<html><head><title>Brandt names the Tarn accord - Lunden Observer</title></head><body><article>"
        "<p>Velmora's prime minister, Teo Brandt, said on Tuesday that talks with Kalvia on the river had ended and "
        "that a signing was planned in the capital.</p><p>In a post on his account after the talks, Brandt wrote:</p>"
        f"<blockquote class='twitter-tweet' data-lang='en'><p lang='en' dir='ltr'>{post}</p>&mdash; Teo Brandt "
        "(@TeoBrandtPM) <a href='https://social.example/TeoBrandtPM/status/2'>March 3, 2026</a></blockquote>"
        "<p>Kalvia's foreign ministry said it had received the final text and would publish it after the signing "
        "ceremony.</p></article></body></html>").encode())
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 1
    [row] = article_store.latest(ingestor.db, 5)
    [text] = ingestor.db.execute("SELECT text FROM articles").fetchone()
    shown = post.replace("“", "‘").replace("”", "’")
    assert f"“{shown}”" in text.split("\n\n"), text
    assert "Teo Brandt" in {q.speaker for q in row.quotes if "Tarn accord" in q.text}, row.quotes


async def test_a_page_laid_out_in_a_table_gives_its_story(feed_server: FeedServer, make_config) -> None:
    """An older ministry site lays its page out in a table (the menu in one cell, the release in the next): nothing
    was read from it, and the story went out as its teaser. The layout table is read as the boxes it stands for."""
    release = ["The Ministry of Foreign Affairs of Kalvia informs that Minister Pell Aronsen met the ambassador of "
               "Norland in Lunden on Monday to discuss the northern fisheries.",
               "The two sides agreed to hold the next round of talks on the northern banks in Talberg before the end "
               "of March, the ministry said in a statement.",
               "Minister Aronsen said Kalvia would present its proposal for a joint patrol at that meeting, and "
               "thanked Norland for its cooperation."]
    feed_server.route("/feed.xml", body=rss([Item("Minister Aronsen meets the ambassador of Norland",
                                                  feed_server.url("/press/41"), teaser="The minister met the envoy.")]))
    feed_server.route("/press/41", content_type="text/html", body=(
        "<html><head><title>Minister Aronsen meets the ambassador of Norland</title></head><body>"
        "<table width='100%' border='0'><tr><td colspan='2'><img src='/logo.gif' alt='Ministry of Foreign Affairs'>"
        "</td></tr><tr><td width='180' valign='top'><a href='/'>Home</a><br><a href='/press'>Press releases</a><br>"
        "<a href='/minister'>The Minister</a></td><td valign='top'><h1>Minister Aronsen meets the ambassador of "
        "Norland</h1><p>Lunden, 2 March 2026</p>" + "".join(f"<p>{p}</p>" for p in release) +
        "</td></tr><tr><td colspan='2'>Ministry of Foreign Affairs of Kalvia, 4 Harbour Street, Lunden</td></tr>"
        "</table></body></html>").encode())
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 1
    [text] = ingestor.db.execute("SELECT text FROM articles").fetchone()
    assert [line for line in text.split("\n\n") if line in release] == release
    assert "Press releases" not in text and "Harbour Street" not in text


async def test_a_table_in_a_story_is_kept_as_its_rows(feed_server: FeedServer, make_config) -> None:
    """A ministry release that lists its sums and dates in a table lost the table: what a reader needed of it (a
    sum due by a date, said nowhere else) was never stored. Each row is kept as a line, its cells between bars."""
    feed_server.route("/feed.xml", body=rss([Item("Velmora's commitments at Brask", feed_server.url("/press/7"),
                                                  teaser="Velmora set out its commitments.")]))
    feed_server.route("/press/7", content_type="text/html", body=(
        "<html><head><title>Velmora's commitments at Brask</title></head><body><main><article>"
        "<h1>Velmora's commitments at Brask</h1><div class='field--name-body'><p>The Ministry of Foreign Affairs "
        "of Velmora announces the commitments it made at the regional water conference in Brask on Monday.</p>"
        "<table><thead><tr><th>Item</th><th>Amount</th><th>Due</th></tr></thead><tbody>"
        "<tr><td>Tarn basin fund</td><td>12 million euros</td><td>30 June 2026</td></tr>"
        "<tr><td>Flow data portal</td><td>0.8 million euros</td><td>1 May 2026</td></tr></tbody></table>"
        "<p>Minister Ana Dovel said the commitments were a down payment on a shared future for the basin and "
        "its eight million people.</p></div></article></main></body></html>").encode())
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 1
    [text] = ingestor.db.execute("SELECT text FROM articles").fetchone()
    lines = text.split("\n\n")
    assert lines[1:4] == ["Item | Amount | Due", "Tarn basin fund | 12 million euros | 30 June 2026",
                          "Flow data portal | 0.8 million euros | 1 May 2026"]
    assert len(lines) == 5 and lines[4].startswith("Minister Ana Dovel")


async def test_a_messaging_channel_promo_in_a_story_is_not_kept(feed_server: FeedServer, make_config) -> None:
    """A page's call to join its messaging channel, set between two paragraphs in the body's own markup, was stored
    as a paragraph of the story (a full sentence, so a summary could show it)."""
    body = ["Norland and Estavia agreed on Thursday to reopen the border crossing at Hask for freight from March.",
            "Under the agreement, lorries will be inspected once, on the Norland side, by a joint customs team."]
    feed_server.route("/feed.xml", body=rss([Item("Hask crossing to reopen", feed_server.url("/hask"),
                                                  teaser="The crossing reopens.")]))
    feed_server.route("/hask", content_type="text/html", body=(
        "<html><head><title>Hask crossing to reopen - Ledger</title></head><body><article><h1>Hask crossing to "
        f"reopen</h1><p>{body[0]}</p><p><em>Join our WhatsApp channel for the latest news from the region.</em></p>"
        f"<p>{body[1]}</p></article></body></html>").encode())
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 1
    [text] = ingestor.db.execute("SELECT text FROM articles").fetchone()
    assert text.split("\n\n") == body


async def test_a_next_post_link_by_a_post_id_is_not_taken_for_a_next_page(feed_server: FeedServer, make_config) -> None:
    """A blog with plain addresses ("?p=12", or "/news/12") links its next post as rel="next" ("?p=13",
    "/news/13"): that post was read as the story's next page and joined on. A next page is the story's own address
    with a page number added ("?page=2", "/2") or changed, nothing else."""
    story_text = ["Norland's harbour festival returns to Brask this summer after a break of three years, its mayor said.",
                  "The festival will run for four days in July, with boat races and a market along the old quay."]
    other = ["Ferry fares between Brask and Tollin will rise by a tenth in April as fuel costs climb, the line said."]
    feed_server.route("/feed.xml", body=rss([
        Item("Harbour festival returns", feed_server.url("/blog?p=12"), teaser="A festival."),
        Item("Harbour festival returns again", feed_server.url("/news/12"), teaser="A festival."),
    ]))
    feed_server.route("/news/12", content_type="text/html", body=(
        "<html><head><title>Harbour festival returns again</title><link rel='next' href='/news/13'></head><body>"
        "<article><h1>Harbour festival returns again</h1>" + "".join(f"<p>{p}</p>" for p in story_text)
        + "</article></body></html>").encode())
    feed_server.route("/news/13", content_type="text/html", body=(
        "<html><head><title>Ferry fares to rise</title></head><body><article><h1>Ferry fares to rise</h1>"
        + "".join(f"<p>{p}</p>" for p in other) + "</article></body></html>").encode())
    feed_server.route("/blog?p=12", content_type="text/html", body=(
        "<html><head><title>Harbour festival returns</title><link rel='next' title='Ferry fares to rise' "
        "href='/blog?p=13'></head><body><article><h1>Harbour festival returns</h1>"
        + "".join(f"<p>{p}</p>" for p in story_text) + "</article></body></html>").encode())
    feed_server.route("/blog?p=13", content_type="text/html", body=(
        "<html><head><title>Ferry fares to rise</title></head><body><article><h1>Ferry fares to rise</h1>"
        + "".join(f"<p>{p}</p>" for p in other) + "</article></body></html>").encode())
    ingestor = ingestor_for(make_config, [{"name": "Blog", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 2
    texts = [row[0] for row in ingestor.db.execute("SELECT text FROM articles")]
    assert [text.split("\n\n") for text in texts] == [story_text, story_text]
    assert feed_server.hits("/blog?p=13") == 0 and feed_server.hits("/news/13") == 0


async def test_a_follow_up_counts_from_its_own_day_where_it_was_written(feed_server: FeedServer, make_config) -> None:
    """'Postponed until tomorrow' in a follow-up filed at 01:00 on 1 December in Kolkata (+05:30, still 30 November
    in UTC) moves the pledge's deadline to 2 December, as ingest counts the story's own times: the tracker read the
    stored instant's day in UTC and gave 1 December, a day early (articles.own_day, migration 8)."""
    from storage import tracking as tracking_store

    kolkata = timezone(timedelta(hours=5, minutes=30))
    feed_server.route("/feed.xml", body=rss([
        Item("Valdonia sets a date for its flag referendum", "https://ministry.example/set",
             ["Valdonia promised on Monday to hold the referendum on the new flag by 30 November 2026, the "
              "electoral board said."], published=datetime(2026, 11, 2, 10, 0, tzinfo=UTC)),
        Item("Valdonia delays its flag referendum", "https://ministry.example/delay",
             ["Valdonia postponed the referendum on the new flag until tomorrow, the electoral board said."],
             published=datetime(2026, 12, 1, 1, 0, tzinfo=kolkata)),
    ]))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 2
    await ingestor.tracker.run()
    pledges = tracking_store.first_reports(ingestor.db)
    [follow_up] = tracking_store.follow_ups_of(ingestor.db, [p.id for p in pledges])
    assert (follow_up.outcome, follow_up.published, follow_up.new_due) == ("delayed", "2026-12-01", "2026-12-02")
    assert follow_up.story_published == "2026-11-30T19:30:00.000000Z"  # the story is still stored in UTC


async def test_a_story_stamped_midnight_in_a_feed_that_gives_times_keeps_its_hour(
    feed_server: FeedServer, make_config
) -> None:
    """RSS's pubDate (RFC 822) and Atom's dates (RFC 3339) are full timestamps; a date alone ('2026-11-30', as
    Dublin Core's dc:date allows, or a pubDate written without its time) is a day. A feed that gives its other stories
    their hours and one '00:00:00 +0100' (a statement put out at midnight, an embargo lifted then) gives that one a
    time too: it was shown as '30 Nov 2026', no hour, as a day alone is. Only a feed whose every dated story is at
    midnight to the second writes its days so (a CMS's date with no time)."""
    from bot.digest.compose import latest_digest
    from bot.platforms.telegram.render import render_digest as telegram_digest

    berlin = timezone(timedelta(hours=1))
    body = rss([
        Item("Velmora opens an embassy", "https://ministry.example/midnight", story(1),
             published=datetime(2026, 11, 30, 0, 0, tzinfo=berlin)),
        Item("Velmora names an envoy", "https://ministry.example/timed", story(2),
             published=datetime(2026, 11, 30, 14, 5, tzinfo=UTC)),
        Item("Velmora sets a date for talks", "https://ministry.example/day", story(3), published=None),
    ]).replace(b"<link>https://ministry.example/day</link>",
               b"<link>https://ministry.example/day</link><pubDate>2026-11-30</pubDate>")
    feed_server.route("/feed.xml", body=body)
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    [report] = await ingestor.run()
    assert report.new == 3
    digest = latest_digest(ingestor.db, 5, timezone="Europe/Berlin", now=datetime(2026, 12, 1, 12, tzinfo=UTC))
    shown = {s.url.rsplit("/", 1)[1]: s.published for s in digest.stories}
    assert shown["midnight"] == datetime(2026, 11, 29, 23, 0, tzinfo=UTC), shown  # a time: the instant written
    assert shown["day"] == datetime(2026, 11, 30)  # a day: no zone, no time
    telegram = "\n".join(telegram_digest(digest))
    assert "Ministry · 30 Nov 2026, 00:00 CET</i>" in telegram, telegram
    assert telegram.count("Ministry · 30 Nov 2026</i>") == 1, telegram


# A story of Norland's press office, and a copy of its address listed first by another site with other words.
NORLAND_STATEMENT = "https://press.norland.example/2026/statement-41"


def _norland_statement() -> tuple[Item, Item]:
    """The other site's entry (a headline and text of its own under the press office's link) and the press
    office's own entry for that link."""
    copied = Item("Norland concedes the Tarnic crossing to Velmora", NORLAND_STATEMENT, story(3, actor="Norland"))
    own = Item("Norland reopens talks on the Tarnic crossing", NORLAND_STATEMENT, story(7, actor="Norland"))
    return copied, own


def _office_feed(entries: list[Item]) -> bytes:
    """The press office's feed, naming press.norland.example as its site."""
    return rss(entries, title="Norland Press Office", site="https://press.norland.example/")


def _two_sites(feed_server: FeedServer, make_config, copied: Item) -> Ingestor:
    """An aggregator (its own site elsewhere) listing `copied`, and Norland's press office, whose feed names
    press.norland.example as its site, listing nothing yet."""
    feed_server.route("/aggregator.xml", body=rss([copied], title="Regional Roundup", site="https://roundup.example/"))
    feed_server.route("/norland.xml", body=_office_feed([]))
    return ingestor_for(make_config, [{"name": "Roundup", "url": feed_server.url("/aggregator.xml")},
                                      {"name": "Norland Press", "url": feed_server.url("/norland.xml")}],
                        fetch_full_text=False)


def _stored(ingestor: Ingestor) -> list[tuple[str, str, str]]:
    return [tuple(row) for row in ingestor.db.execute(
        "SELECT a.url, a.title, s.name FROM articles a JOIN sources s ON s.id = a.source_id ORDER BY a.id")]


async def test_a_story_another_site_listed_first_goes_out_as_its_own_sites(
    feed_server: FeedServer, make_config
) -> None:
    """Stories are matched by link, and the first source to list a link kept it: another site listing a press
    office's link before the office did had its own headline and text shown under the office's address, and the
    office's story, listed later, was dropped as already seen. A link belongs to the source whose site it is on
    (docs/DESIGN.md, "Whose story a link is"): its entry replaces the other's, one story, not two."""
    copied, own = _norland_statement()
    ingestor = _two_sites(feed_server, make_config, copied)
    await ingestor.run()
    feed_server.route("/norland.xml", body=_office_feed([own]))
    reports = {r.name: r for r in await ingestor.run(only_due=False)}
    assert (reports["Norland Press"].new, reports["Norland Press"].updated) == (0, 1), "the stored story, replaced"
    assert _stored(ingestor) == [(NORLAND_STATEMENT, own.title, "Norland Press")]
    again = {r.name: r for r in await ingestor.run(only_due=False)}
    assert again["Roundup"].unchanged == 1 and again["Roundup"].updated == 0, "the other site does not take it back"
    assert _stored(ingestor) == [(NORLAND_STATEMENT, own.title, "Norland Press")]

    platform = RecordingPlatform()
    assert plan(ingestor.db, subscribe(ingestor.db, "chat-1"), platform) == 1
    await Sender(ingestor.db, {"test": platform}, policy=FAST).drain()
    text = "".join(payload["text"] for payload in platform.delivered("chat-1"))
    assert own.title in text and copied.title not in text, text


async def test_a_story_already_sent_under_another_sites_headline_is_replaced_not_sent_again(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """What a chat already got is not sent again as new when the link's own site lists it; the replacement of what
    it saw is said in the log, with both headlines."""
    copied, own = _norland_statement()
    ingestor = _two_sites(feed_server, make_config, copied)
    await ingestor.run()
    platform = RecordingPlatform()
    sub = subscribe(ingestor.db, "chat-1")
    assert plan(ingestor.db, sub, platform) == 1
    await Sender(ingestor.db, {"test": platform}, policy=FAST).drain()
    feed_server.route("/norland.xml", body=_office_feed([own]))
    with caplog.at_level("INFO", logger="bot.ingest.pipeline"):
        await ingestor.run(only_due=False)
    assert _stored(ingestor) == [(NORLAND_STATEMENT, own.title, "Norland Press")]
    assert plan(ingestor.db, sub, platform, key="daily:2026-11-21") == 0, "not sent again as new"
    assert [r.getMessage() for r in caplog.records if "its own site" in r.getMessage()] == [
        f"source Norland Press: {NORLAND_STATEMENT} is on its own site, and source Roundup listed it first: its "
        f"headline and text replace Roundup's (“{copied.title}” becomes “{own.title}”) in place, for /latest "
        "and the digests still to come; chats that got it are not sent it again"]


async def test_a_feed_naming_another_sites_address_as_its_own_gives_way_to_that_sites_own_feed(
    feed_server: FeedServer, make_config
) -> None:
    """Any feed can name any site as its own: a copy claiming the press office's site kept the link against the
    office's feed when that feed named the same site. A link on the host a feed is fetched from counts for more
    than a site a feed names (here the office's feed is at localhost and the copy's at 127.0.0.1)."""
    office = f"http://localhost:{feed_server.port}"
    link = f"{office}/2026/statement-41"
    copied = Item("Norland concedes the Tarnic crossing to Velmora", link, story(3, actor="Norland"))
    own = Item("Norland reopens talks on the Tarnic crossing", link, story(7, actor="Norland"))
    feed_server.route("/copy.xml", body=rss([copied], title="Norland Press Office", site=f"{office}/"))
    feed_server.route("/norland.xml", body=rss([], title="Norland Press Office", site=f"{office}/"))
    ingestor = ingestor_for(make_config, [{"name": "Copy", "url": feed_server.url("/copy.xml")},
                                          {"name": "Norland Press", "url": f"{office}/norland.xml"}],
                            fetch_full_text=False)
    await ingestor.run()
    feed_server.route("/norland.xml", body=rss([own], title="Norland Press Office", site=f"{office}/"))
    for _ in range(2):  # and the copy, read again, does not take it back
        reports = await ingestor.run(only_due=False)
        assert all(r.ok for r in reports), [r.error for r in reports]
        assert _stored(ingestor) == [(normalize_url(link), own.title, "Norland Press")]


async def test_a_story_its_own_site_stores_just_after_another_source_is_still_its_sites(
    feed_server: FeedServer, make_config
) -> None:
    """Two sources reading one link in one pass: the other site's copy, stored while the office's page was being
    read, won the insert and the office's entry was counted unchanged; its feed, unchanged, then answers 304, so
    its story would never have come back to replace the copy. It replaces it at once."""
    office = f"http://localhost:{feed_server.port}"
    link = f"{office}/2026/statement-41"
    copied = Item("Norland concedes the Tarnic crossing to Velmora", link, story(3, actor="Norland") + story(9))
    own = Item("Norland reopens talks on the Tarnic crossing", link, teaser="Norland will reopen talks.")
    feed_server.route("/copy.xml", body=rss([copied], title="Regional Roundup", site="https://roundup.example/"),
                      delay=0.2)
    feed_server.route("/norland.xml", body=rss([own], title="Norland Press Office", site=f"{office}/"), etag='"n1"')
    feed_server.route("/2026/statement-41", body=page(own.title, story(7, actor="Norland")),
                      content_type="text/html", delay=1.5)  # the copy is stored while this page is being read
    ingestor = ingestor_for(make_config, [{"name": "Roundup", "url": feed_server.url("/copy.xml")},
                                          {"name": "Norland Press", "url": f"{office}/norland.xml"}])
    reports = {r.name: r for r in await ingestor.run()}
    assert reports["Roundup"].new == 1, "the copy was stored first"
    assert (reports["Norland Press"].new, reports["Norland Press"].updated) == (0, 1)
    assert _stored(ingestor) == [(normalize_url(link), own.title, "Norland Press")]


async def test_an_address_that_drops_connections_does_not_hold_up_the_next_one() -> None:
    """A name answering an address whose packets are dropped (IPv6 on a network that does not route it, as in
    many offices) and one that answers: the connection tried them one after the other, so the first waited out
    the whole connect timeout, and with two such the fetch ran out of time. Each address is now started a quarter
    second after the one before, and the first to connect is used. The dropping address is real: a listener whose
    one place in its queue is taken drops every later connection's first packet."""
    import socket

    from bot.ingest.fetch import PublicOnlyBackend

    dropping = socket.socket()
    dropping.bind(("127.0.0.2", 0))
    dropping.listen(0)
    port = dropping.getsockname()[1]
    taken = socket.create_connection(("127.0.0.2", port))  # its one place: the next connections hang
    answering = socket.socket()
    answering.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    answering.bind(("127.0.0.1", port))
    answering.listen(8)
    try:
        began = time.monotonic()
        stream = await PublicOnlyBackend()._first_to_connect(["127.0.0.2", "127.0.0.1"], port, timeout=5.0)
        waited = time.monotonic() - began
        assert stream.get_extra_info("server_addr")[0] == "127.0.0.1"
        await stream.aclose()
        assert waited < 2.0, f"the answering address waited {waited:.1f} s behind the dropping one"
    finally:
        for sock in (taken, dropping, answering):
            sock.close()


async def test_a_feed_cut_short_mid_entry_leaves_that_story_as_it_was(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """A feed answered half-way (a server writing the file as it serves it, a proxy cutting the body) ends inside
    an entry: the parser's recovery still gives that entry, its text cut or empty, and the stored story's text was
    replaced with it, its summary lost without a word. The cut entry now waits for a whole feed."""
    entries = items(3)
    whole = rss(entries)
    feed_server.route("/feed.xml", body=whole)
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}],
                            fetch_full_text=False)
    await ingestor.run(only_due=False)
    last = entries[-1]  # the entry the document lists last, where a cut lands
    stored = ingestor.db.execute("SELECT text FROM articles WHERE url = ?", [last.link]).fetchone()[0]
    assert last.paragraphs[1] in stored
    cut = whole[: whole.index(last.paragraphs[1].encode()) + 20]  # ends inside that entry's text
    feed_server.route("/feed.xml", body=cut)
    with caplog.at_level(logging.WARNING):
        [report] = await ingestor.run(only_due=False)
    assert ingestor.db.execute("SELECT text FROM articles WHERE url = ?", [last.link]).fetchone()[0] == stored
    assert report.updated == 0 and not report.error
    assert "cut short" in caplog.text and last.title in caplog.text

    # A story first seen cut short is not stored cut: it is stored whole from the next whole read.
    fresh = items(1, start=7)
    newer = rss([*entries, *fresh])
    feed_server.route("/feed.xml", body=newer[: newer.index(fresh[0].paragraphs[0].encode()) + 30])
    [report] = await ingestor.run(only_due=False)
    assert report.new == 0
    feed_server.route("/feed.xml", body=newer)
    [report] = await ingestor.run(only_due=False)
    assert report.new == 1
    text = ingestor.db.execute("SELECT text FROM articles WHERE url = ?", [fresh[0].link]).fetchone()[0]
    assert fresh[0].paragraphs[-1] in text


async def test_a_json_feed_is_read_as_its_stories(feed_server: FeedServer, make_config) -> None:
    """A JSON Feed (jsonfeed.org 1.1, what many small sites and blogging tools publish) failed at every fetch with
    "which Communiqué does not read": the source gave nothing. Its items are stories like an RSS feed's: headline,
    link (made absolute), HTML or plain-text body, date, author, tags; an item of a link alone has its page read.
    Read again, nothing is new. Other JSON, or a JSON Feed that is not valid JSON, still fails saying what it got."""
    html_body = "".join(f"<p>{p}</p>" for p in story(1))
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Orsania press",
        "home_page_url": "https://orsania.example/",
        "language": "en",
        "items": [
            {"id": "orsania-41", "url": "https://orsania.example/press/41", "title": "Orsania and Estavia sign a "
             "fisheries accord", "content_html": html_body, "date_published": "2026-12-03T10:30:00+01:00",
             "authors": [{"name": "Press Office"}], "tags": ["Fisheries"]},
            {"id": 42, "url": "/press/42", "title": "Orsania names an envoy <for> the talks",
             "content_text": "\n\n".join(story(2)), "date_published": "2026-12-04T08:00:00Z"},
            {"id": "orsania-43", "url": feed_server.url("/press/43"), "date_modified": "2026-12-05T09:00:00Z"},
            # No url: a notice of its words alone, its id no address to read (Atom's reader takes an id for a link).
            {"id": 57, "title": "Orsania recalls its envoy for talks", "content_text": "\n\n".join(story(4))},
        ],
    }
    feed_server.route("/feed.json", content_type="application/feed+json", body=json.dumps(feed).encode())
    feed_server.route("/press/43", content_type="text/html",
                      body=page("Orsania opens a consulate in Lisk", story(3)))
    feed_server.route("/broken.json", content_type="application/feed+json",
                      body=b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1",')
    feed_server.route("/api", content_type="application/json", body=b'\n  {"error": "unknown route"}')
    ingestor = ingestor_for(make_config, [{"name": "Orsania JSON", "url": feed_server.url("/feed.json")},
                                          {"name": "Broken", "url": feed_server.url("/broken.json")},
                                          {"name": "Api", "url": feed_server.url("/api")}])
    reports = {r.name: r for r in await ingestor.run()}
    assert reports["Orsania JSON"].ok and reports["Orsania JSON"].new == 4, reports["Orsania JSON"]
    rows = {r.title: r for r in article_store.latest(ingestor.db, 5)}
    texts = dict(ingestor.db.execute("SELECT title, text FROM articles").fetchall())
    accord = rows["Orsania and Estavia sign a fisheries accord"]
    assert accord.url == "https://orsania.example/press/41"
    assert texts[accord.title].split("\n\n") == story(1)
    assert accord.published == "2026-12-03T09:30:00.000000Z" and "fisheries" in accord.tags
    assert accord.pledges, "its pledge is read as any story's"
    envoy = rows["Orsania names an envoy <for> the talks"]  # a plain-text headline keeps its angle brackets
    assert envoy.url == feed_server.url("/press/42") and texts[envoy.title].split("\n\n") == story(2)
    recall = rows["Orsania recalls its envoy for talks"]
    assert recall.url.startswith("urn:communique:") and texts[recall.title].split("\n\n") == story(4)
    assert feed_server.hits("/57") == 0
    consulate = rows["Orsania opens a consulate in Lisk"]
    assert story(3)[0] in texts[consulate.title] and consulate.published == "2026-12-05T09:00:00.000000Z"
    assert reports["Broken"].error is not None and reports["Broken"].error.startswith(
        "got a JSON Feed (jsonfeed.org) that is not valid JSON"), reports["Broken"].error
    assert reports["Api"].error == "got JSON, not a feed (RSS, Atom or JSON Feed): check the url"
    [again] = [r for r in await ingestor.run(only_due=False) if r.name == "Orsania JSON"]
    assert again.new == 0 and again.unchanged == 4


async def test_a_news_sitemap_is_read_as_its_stories(feed_server: FeedServer, make_config) -> None:
    """A news site's Google News sitemap (sitemaps.org with its news: elements: each story's address, headline,
    day and language), given as a source by an operator whose site has no feed: it failed at every fetch as "not a
    feed", and the source gave nothing. Each of its stories is a story, its page read for its text, dated as the
    sitemap dates it; read again, nothing is new. A sitemap of a site's pages (no news: elements) or an index of
    sitemaps still fails, saying what it got."""
    def url(path: str, title: str, day: str) -> str:
        return (f"<url><loc>{feed_server.url(path)}</loc><news:news><news:publication><news:name>Lisk Herald"
                f"</news:name><news:language>en</news:language></news:publication><news:publication_date>{day}"
                f"</news:publication_date><news:title>{escape(title)}</news:title></news:news></url>")
    urlset = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
              'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{}</urlset>')
    feed_server.route("/news-sitemap.xml", content_type="application/xml", body=urlset.format(
        url("/world/ferry", "Orsania & Estavia reopen the Lisk ferry", "2026-12-03T10:30:00+01:00")
        + url("/world/envoy", "Orsania names an envoy", "2026-12-04")).encode())
    feed_server.route("/world/ferry", content_type="text/html", body=page("Orsania reopens the Lisk ferry", story(5)))
    feed_server.route("/world/envoy", content_type="text/html", body=page("Orsania names an envoy", story(6)))
    feed_server.route("/sitemap.xml", content_type="application/xml", body=urlset.format(
        f"<url><loc>{feed_server.url('/about')}</loc><lastmod>2026-01-02</lastmod></url>").encode())
    feed_server.route("/sitemap-index.xml", content_type="application/xml", body=(
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{feed_server.url('/news-sitemap.xml')}</loc></sitemap></sitemapindex>").encode())
    ingestor = ingestor_for(make_config, [{"name": "Lisk Herald", "url": feed_server.url("/news-sitemap.xml")},
                                          {"name": "Pages", "url": feed_server.url("/sitemap.xml")},
                                          {"name": "Index", "url": feed_server.url("/sitemap-index.xml")}])
    reports = {r.name: r for r in await ingestor.run()}
    assert reports["Lisk Herald"].ok and reports["Lisk Herald"].new == 2, reports["Lisk Herald"]
    rows = {r.title: r for r in article_store.latest(ingestor.db, 5)}
    texts = dict(ingestor.db.execute("SELECT title, text FROM articles").fetchall())
    ferry = rows["Orsania & Estavia reopen the Lisk ferry"]
    assert ferry.url == feed_server.url("/world/ferry") and texts[ferry.title].split("\n\n") == story(5)
    assert ferry.published == "2026-12-03T09:30:00.000000Z"
    envoy = rows["Orsania names an envoy"]
    assert envoy.published == "2026-12-04T00:00:00.000000Z" and envoy.day_only
    assert reports["Pages"].error == (
        "got a sitemap of the site's pages (sitemaps.org), not a feed: it gives no headlines or dates of news "
        "stories; a news sitemap (with news: entries) or an RSS, Atom or JSON Feed can be a source")
    assert reports["Index"].error == (
        "got a sitemap index (sitemaps.org), not a feed: it lists the site's sitemaps; if one of them is a news "
        f"sitemap, put its address in url: {feed_server.url('/news-sitemap.xml')}")
    [again] = [r for r in await ingestor.run(only_due=False) if r.name == "Lisk Herald"]
    assert again.new == 0 and again.unchanged == 2


async def test_a_feed_whose_story_names_the_sitemap_address_is_read_as_the_feed_it_is(
        feed_server: FeedServer, make_config) -> None:
    """A feed whose first story names the sitemaps.org address in its words (a ministry's digital office telling
    its press officers how to list their pages): the whole feed was taken for a sitemap, and the source failed at
    every fetch as "got a sitemap of the site's pages". A sitemap is a document whose root is one."""
    entries = [Item("Estavia's ministries list their press pages for search", "https://digital.estavia.example/1",
                    ["Each ministry now publishes a sitemap that declares http://www.sitemaps.org/schemas/sitemap/0.9 "
                     "as its namespace, the digital office said on Tuesday."])]
    feed_server.route("/digital.xml", body=rss(entries))
    ingestor = ingestor_for(make_config, [{"name": "Digital office", "url": feed_server.url("/digital.xml")}],
                            fetch_full_text=False)
    [report] = await ingestor.run()
    assert report.ok and report.new == 1, report


async def test_stories_without_ids_under_one_landing_page_are_each_stored(feed_server: FeedServer,
                                                                        make_config) -> None:
    """A small ministry's feed whose items carry no <guid> and all link to its press page: the first was stored
    and every other one dropped without a word (an id of its own is what told them apart, and they had none).
    Each is a story of its own, at an anchor of that page; read again, nothing is new."""
    landing = "https://mfa.estavia.example/press/"
    entries = [
        Item("Estavia and Orsania open a border crossing", landing, ["The crossing at Velm opened on Monday to "
             "trucks carrying grain, after four years in which it was closed to all traffic."]),
        Item("Estavia names an envoy to the river commission", landing, ["Hanna Borel, a hydrologist, will "
             "represent Estavia at the commission's spring session in the port of Lisk."]),
        Item("Estavia pledges aid to flooded Norland valleys", landing, ["The government pledged two million "
             "for the valleys the river flooded last week, to be paid before the end of the month."]),
    ]
    assert all(not entry.guid for entry in entries)
    feed_server.route("/press.xml", body=rss(entries))
    ingestor = ingestor_for(make_config, [{"name": "Estavia MFA", "url": feed_server.url("/press.xml")}],
                            fetch_full_text=False)
    [report] = await ingestor.run()
    stored = {a.title: a.url for a in article_store.latest(ingestor.db, 10)}
    assert sorted(stored) == sorted(e.title for e in entries), stored
    assert all(url.startswith("https://mfa.estavia.example/press#") for url in stored.values()), stored
    assert report.new == 3
    [again] = await ingestor.run(only_due=False)
    assert (again.new, again.updated) == (0, 0), "read again: the same three, not new"
    newest = Item("Estavia recalls its consul from Lisk", landing, ["The consul was recalled on Friday after the "
                  "port authority seized two Estavian trawlers and their catch."])
    feed_server.route("/press.xml", body=rss([newest, *entries]))
    [third] = await ingestor.run(only_due=False)
    assert (third.new, third.updated) == (1, 0), "a story put on top is new, and none became another"
    texts = {a.title: " ".join(a.summary) for a in article_store.latest(ingestor.db, 10)}
    assert texts["Estavia and Orsania open a border crossing"].startswith("The crossing at Velm"), texts


async def test_a_source_given_new_tags_takes_its_stored_stories_with_it(feed_server: FeedServer, make_config) -> None:
    """A source's tag renamed in the config ("wire" to "newswire"): /topics listed "newswire (0 stories)", a chat
    that followed it got none of the stories stored, and the old tag went on matching them, though the reload said
    no source had it now. The stored stories follow the source's tags; their feed's own categories stay."""
    from storage.records import SourceEntry
    from storage.sources import source_tags, sync_sources

    feed_server.route("/wire.xml", body=rss([Item("Norland and Estavia reopen the river talks",
                                                  "https://wire.example/1", ["The two delegations met in Lisk on "
                                                  "Monday for the first time since the spring floods."],
                                                  categories=["Rivers"])]))
    url = feed_server.url("/wire.xml")
    ingestor = ingestor_for(make_config, [{"name": "Wire", "url": url, "tags": ["wire", "norland"]}],
                            fetch_full_text=False)
    await ingestor.run()
    sync_sources(ingestor.db, [SourceEntry("Wire", url, ("newswire", "norland"), 900)])
    assert dict(source_tags(ingestor.db)) == {"newswire": 1, "norland": 1}
    assert [a.title for a in article_store.latest(ingestor.db, 5, topics=["newswire"], phrases=[])] == [
        "Norland and Estavia reopen the river talks"]
    [story] = article_store.latest(ingestor.db, 5)
    assert sorted(story.tags) == ["newswire", "norland", "rivers"]
    assert article_store.latest(ingestor.db, 5, topics=["wire"], phrases=[]) == []


async def test_a_story_alone_under_a_landing_page_is_not_stored_again_when_a_second_one_shares_it(
        feed_server: FeedServer, make_config) -> None:
    """A ministry's feed without ids whose one item links to its press page is stored at that page; when a second
    item with the same link comes on top, both are known by their words at anchors of the page. The first one,
    already stored and sent, is that story, not a new one to send to every chat again (the feeds read before items
    sharing a link were each kept hold one such story each)."""
    landing = "https://mfa.estavia.example/press/"
    first = Item("Estavia opens a consulate in Lisk", landing, ["The consulate opened on Tuesday with four staff."])
    feed_server.route("/press.xml", body=rss([first]))
    ingestor = ingestor_for(make_config, [{"name": "Estavia MFA", "url": feed_server.url("/press.xml")}],
                            fetch_full_text=False)
    [one] = await ingestor.run()
    assert one.new == 1
    second = Item("Estavia names a trade envoy to Orsania", landing, ["Ilse Marant will take up the post in May."],
                  published=first.published + timedelta(hours=3) if first.published else None)
    feed_server.route("/press.xml", body=rss([second, first]))
    [two] = await ingestor.run(only_due=False)
    titles = [a.title for a in article_store.latest(ingestor.db, 10)]
    assert sorted(titles) == sorted([first.title, second.title]), titles
    assert (two.new, two.updated) == (1, 0), "the envoy is new; the consulate was stored already"


async def test_an_entry_with_only_an_enclosure_is_said_in_the_log_not_dropped_unseen(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """A ministry's feed that mixes its statements with a recorded briefing (an audio file, no title, no words):
    the statement is stored, and the operator reads what was passed over and why, rather than counting items."""
    body = f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Ministry</title><link>https://ministry.example/</link>
<item><title>Velmora pledges to reopen crossing</title><link>https://ministry.example/a1</link>
<description>{story(1)}</description></item>
<item><guid isPermaLink="false">briefing-0412</guid>
<enclosure url="https://ministry.example/briefing-0412.mp3" type="audio/mpeg" length="1024"/></item>
</channel></rss>"""
    feed_server.route("/feed.xml", body=body.encode())
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    with caplog.at_level("INFO", logger="bot.ingest.pipeline"):
        [report] = await ingestor.run()
    assert report.ok and report.new == 1
    told = [r.getMessage() for r in caplog.records if "nothing to store" in r.getMessage()]
    assert told == ["source Ministry: 1 entry has no title, text or link, so nothing to store: "
                    "an enclosure only (audio/mpeg)"], caplog.text


async def test_a_press_page_entry_listed_alone_or_beside_others_is_one_story(
    feed_server: FeedServer, make_config
) -> None:
    """A ministry's feed whose items carry no id and all link to its press page: each is kept at the page with an
    anchor of its own while several share the link. When the feed shrank to one of them, that one was known by the
    bare page instead, stored again and sent to every chat a second time; and the other way round."""
    press = feed_server.url("/press")
    feed_server.route("/press", body=page("Press releases", ["Press releases of the ministry, newest first."] * 3),
                      content_type="text/html")
    crossing = Item("Velmora and Ostrin agree to reopen the Tarnic crossing", press, published=None,
                    teaser="Velmora will reopen the Tarnic crossing by June, Foreign Minister Ana Kovač said.")
    fishing = Item("Statement on the fishing talks", press, published=None,
                   teaser="The ministry said talks on fishing rights would resume next week in Oskel.")
    visas = Item("Note on visa fees", press, published=None, teaser="Visa fees for students fall by half in May.")
    feed_server.route("/feed.xml", body=rss([fishing, crossing]))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}])
    assert (await ingestor.run(only_due=False))[0].new == 2
    feed_server.route("/feed.xml", body=rss([crossing]))  # the older item scrolled off the feed
    assert (await ingestor.run(only_due=False))[0].new == 0, "listed alone, the same story is not news"
    feed_server.route("/feed.xml", body=rss([visas, crossing]))
    assert (await ingestor.run(only_due=False))[0].new == 1
    titles = sorted(r.title for r in article_store.latest(ingestor.db, 20))
    assert titles == ["Note on visa fees", "Statement on the fishing talks",
                      "Velmora and Ostrin agree to reopen the Tarnic crossing"]

    # The other way round: a story first listed alone (known by the page), then beside a new one.
    notices = feed_server.url("/notices")
    feed_server.route("/notices", body=page("Notices", ["Notices of the embassy, newest first."] * 3),
                      content_type="text/html")
    hours = Item("Consular hours over the holiday", notices, published=None,
                 teaser="The consular section will close from 24 to 27 December, the embassy said.")
    ferry = Item("Ferry link to Halvik resumes", notices, published=None,
                 teaser="Ferries to Halvik will sail twice a week again from Monday, the embassy said.")
    feed_server.route("/feed2.xml", body=rss([hours]))
    other = ingestor_for(make_config, [{"name": "Embassy", "url": feed_server.url("/feed2.xml")}])
    assert (await other.run(only_due=False))[0].new == 1
    feed_server.route("/feed2.xml", body=rss([ferry, hours]))
    assert (await other.run(only_due=False))[0].new == 1, "only the new story is news"
    assert sorted(r.title for r in article_store.latest(other.db, 20) if r.title in (hours.title, ferry.title)) == [
        "Consular hours over the holiday", "Ferry link to Halvik resumes"]


async def test_a_press_page_listing_one_story_at_a_time_gives_each_its_own_story(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """A press office's feed whose items carry no id, all link to its list of releases, and which lists one item at
    a time. The next release, under the same link, was taken for an edit of the one before: stored over it, told to
    chats as "Updated", and the first was gone from /latest. A story that shares neither headline nor words with the
    one stored under its link is another story, at an anchor of the page; an edit of either is still an edit."""
    press = "https://mfa.orsania.example/press/"
    consulate = Item("Orsania opens a consulate in Lisk", press, [
        "The consulate opened on Tuesday with four staff and will issue visas to seasonal workers from March.",
        "Consul Petra Lund said the office would also help the Orsanian fishing crews who land their catch in the "
        "port during the winter months."])
    envoy = Item("Trade envoy named for Estavian talks", press, [
        "Ilse Marant, a former customs director, was appointed on Wednesday to lead the grain transit talks with "
        "Estavia, which resume in Velm next month.",
        "She replaces an envoy who resigned in the autumn after the talks stalled over rail tariffs."])
    assert consulate.published == envoy.published and not consulate.guid and not envoy.guid  # as a CMS may give them
    feed_server.route("/press.xml", body=rss([consulate]))
    ingestor = ingestor_for(make_config, [{"name": "Orsania MFA", "url": feed_server.url("/press.xml")}],
                            fetch_full_text=False)
    [first] = await ingestor.run()
    assert (first.new, first.updated) == (1, 0)
    sub = subscribe(ingestor.db, "c1")
    platform = RecordingPlatform()
    assert plan(ingestor.db, sub, platform, "instant:1") == 1
    [before] = article_store.latest(ingestor.db, 5)

    feed_server.route("/press.xml", body=rss([envoy]))  # the consulate scrolled off; the envoy alone now
    with caplog.at_level("INFO", logger="bot.ingest.pipeline"):
        [second] = await ingestor.run(only_due=False)
    assert (second.new, second.updated, second.edited) == (1, 0, 0), "another story, not an edit of the first"
    stored = {a.title: a for a in article_store.latest(ingestor.db, 10)}
    assert sorted(stored) == sorted([consulate.title, envoy.title]), stored
    assert second.new_article_ids == [stored[envoy.title].id], "the envoy goes out as new"
    assert stored[consulate.title].id == before.id and stored[consulate.title].summary == before.summary
    assert stored[envoy.title].url.startswith("https://mfa.orsania.example/press#"), stored[envoy.title].url
    assert "Marant" in " ".join(stored[envoy.title].summary)
    told = [r.getMessage() for r in caplog.records if "another story" in r.getMessage()]
    assert len(told) == 1 and "Trade envoy named" in told[0] and "Orsania opens a consulate" in told[0], told
    assert plan(ingestor.db, sub, platform, "instant:2") == 1, "the envoy is sent; nothing is owed as updated"

    caplog.clear()
    with caplog.at_level("INFO", logger="bot.ingest.pipeline"):
        [again] = await ingestor.run(only_due=False)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1), "read again: the same envoy"
    assert not [r for r in caplog.records if "another story" in r.getMessage()], "said once, not at every read"

    # An edit of the listed story: its headline changed and a paragraph added. Still one story, updated and told.
    envoy.title = "Trade envoy Ilse Marant named for Estavian talks"
    envoy.paragraphs = [*envoy.paragraphs, "Her first round is set for the second week of December."]
    feed_server.route("/press.xml", body=rss([envoy]))
    [edited] = await ingestor.run(only_due=False)
    assert (edited.new, edited.updated, edited.edited) == (0, 1, 1)
    assert sorted(a.title for a in article_store.latest(ingestor.db, 10)) == sorted([consulate.title, envoy.title])

    # And an edit of the first story, listed alone again: it is that story, updated, not a third one.
    consulate.title = "Orsania opens a consulate in Lisk for seasonal workers"
    consulate.paragraphs = [*consulate.paragraphs, "A second office is planned for the spring."]
    feed_server.route("/press.xml", body=rss([consulate]))
    [back] = await ingestor.run(only_due=False)
    assert (back.new, back.updated, back.edited) == (0, 1, 1)
    assert article_store.count_articles(ingestor.db) == 2


async def test_an_edit_under_a_press_page_link_is_still_an_edit(feed_server: FeedServer, make_config) -> None:
    """The other side of telling stories apart under one link: an outlet's edit keeps most of the words, or the
    headline's, and stays one story, updated and told as before."""
    link = "https://ministry.example/press/"
    entry = Item("Velmora pledges to reopen crossing 1", link, story(1))
    feed_server.route("/feed.xml", body=rss([entry]))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}],
                            fetch_full_text=False)
    await ingestor.run()
    entry.title = "Velmora delays the reopening of crossing 1"  # the headline reversed, the words kept
    entry.paragraphs = [*story(1), "Update: the ministry now expects the crossing to open a week later."]
    feed_server.route("/feed.xml", body=rss([entry]))
    [report] = await ingestor.run(only_due=False)
    assert (report.new, report.updated, report.edited) == (0, 1, 1)
    entry.paragraphs = ["Velmora will reopen crossing 1 a week later than it pledged, the ministry said on Tuesday."]
    feed_server.route("/feed.xml", body=rss([entry]))  # the words rewritten, the headline kept: still an edit
    [rewritten] = await ingestor.run(only_due=False)
    assert (rewritten.new, rewritten.updated) == (0, 1)
    assert article_store.count_articles(ingestor.db) == 1


    # A teaser whose page (the story's own) was read: its words are not the entry's to compare. A headline rewritten
    # whole at the same date and time is an edit of the story; the next release has a time of its own.
    feed_server.route("/story/9", body=page("Velmora pledges to reopen crossing 9", story(9)), content_type="text/html")
    teaser = Item("Velmora pledges to reopen crossing 9", feed_server.url("/story/9"),
                  teaser="Velmora will reopen the crossing within nineteen days.")
    feed_server.route("/wire.xml", body=rss([teaser]))
    wire = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/wire.xml")}])
    assert (await wire.run())[0].new == 1
    teaser.title = "Border talks collapse after a walkout in Dolna"
    feed_server.route("/wire.xml", body=rss([teaser]))
    [rewritten_headline] = await wire.run(only_due=False)
    assert (rewritten_headline.new, rewritten_headline.updated) == (0, 1)
    assert sorted(a.title for a in article_store.latest(wire.db, 5)) == [teaser.title, entry.title]


async def test_a_teaser_under_a_press_list_is_not_given_the_lists_text_once_the_list_is_known(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """A teaser alone under its press office's list of releases has that page read for its full text (nothing yet
    tells a list from the story's own page). The next release under the same link shows the page lists stories:
    that one keeps its feed's words (the page is not read as its text), and the log says what became of each."""
    press = feed_server.url("/releases")
    feed_server.route("/releases", content_type="text/html", body=page("Releases", [
        "Releases of the ministry, newest first, with the statements of its spokesperson and the notes of its "
        "consular service for travellers and for the citizens who live abroad."] * 3))
    ferry = Item("Ferry link to Halvik resumes", press, published=None,
                 teaser="Ferries to Halvik will sail twice a week again from Monday, the embassy said.")
    hours = Item("Consular hours over the holiday", press, published=None,
                 teaser="The consular section will close from 24 to 27 December, the embassy said.")
    feed_server.route("/feed.xml", body=rss([ferry]))
    ingestor = ingestor_for(make_config, [{"name": "Embassy", "url": feed_server.url("/feed.xml")}])
    assert (await ingestor.run())[0].new == 1
    read = feed_server.hits("/releases")
    feed_server.route("/feed.xml", body=rss([hours]))
    with caplog.at_level("INFO", logger="bot.ingest.pipeline"):
        [report] = await ingestor.run(only_due=False)
    assert (report.new, report.updated) == (1, 0)
    assert feed_server.hits("/releases") == read, "the list is not read as the second story's page"
    stored = {a.title: a for a in article_store.latest(ingestor.db, 10)}
    assert sorted(stored) == [hours.title, ferry.title]
    text = ingestor.db.execute("SELECT text FROM articles WHERE id = ?", [stored[hours.title].id]).fetchone()[0]
    assert text == hours.teaser
    [told] = [r.getMessage() for r in caplog.records if "another story" in r.getMessage()]
    assert "“Ferry link to Halvik resumes”'s text was read from that page" in told, told


async def test_a_press_pages_next_release_is_stored_after_the_last_one_was_pruned(
    feed_server: FeedServer, make_config
) -> None:
    """Retention remembers a pruned story's link, so that an old item lingering in its feed is not sent again. For
    a press office's items with no id, that link is its list of releases: every release listed after the one stored
    there was pruned was taken for it and dropped. One dated after the pruning is news; the old one is not."""
    press = "https://mfa.orsania.example/press/"
    old = Item("Orsania opens a consulate in Lisk", press, ["The consulate opened on Tuesday with four staff."])
    feed_server.route("/press.xml", body=rss([old]))
    ingestor = ingestor_for(make_config, [{"name": "Orsania MFA", "url": feed_server.url("/press.xml")}],
                            fetch_full_text=False)
    assert (await ingestor.run())[0].new == 1
    assert article_store.prune(ingestor.db, "2999-01-01T00:00:00Z", "2999-01-01") == 1
    ingestor.db.execute("UPDATE pruned SET pruned_at = ?", ["2026-11-21T00:00:00.000000Z"])  # a day after it
    [lingering] = await ingestor.run(only_due=False)
    assert (lingering.new, lingering.unchanged) == (0, 1), "still listed after it was pruned: not news"
    newer = Item("Trade envoy named for Estavian talks", press, ["Ilse Marant will lead the grain transit talks."],
                 published=BASE_TIME + timedelta(days=3))
    feed_server.route("/press.xml", body=rss([newer]))
    [report] = await ingestor.run(only_due=False)
    assert report.new == 1, "a release published since is news"
    assert [a.title for a in article_store.latest(ingestor.db, 5)] == [newer.title]


async def test_a_site_that_asks_for_a_pause_on_a_storys_page_is_not_asked_for_its_other_pages(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """A site answering a story's page with HTTP 429 and Retry-After (its rate limit): every other teaser's page of
    the pass was asked for all the same, a request the site had just refused each, which gets a bot's address
    blocked, and the log said each in a line of its own. Its pages wait for the time it gave; the stories keep
    their feed's words, the log says so once, and a page of another site is still read."""
    for n in range(4):
        feed_server.route(f"/world/{n}", status=429, headers={"Retry-After": "120"}, content_type="text/html",
                          body=b"<html><body>Slow down</body></html>")
    feed_server.route("/feed.xml", body=rss([Item(f"Harbour talks, day {n}", feed_server.url(f"/world/{n}"),
                                                  teaser=f"Day {n} of the harbour talks.") for n in range(4)]))
    elsewhere = FeedServer().start()
    try:
        elsewhere.route("/story", content_type="text/html", body=page("Velmora opens a consulate", story(9)))
        elsewhere.route("/feed.xml", body=rss([Item("Velmora opens a consulate", elsewhere.url("/story"),
                                                    teaser="A consulate opens.")]))
        ingestor = ingestor_for(make_config, [{"name": "Herald", "url": feed_server.url("/feed.xml")},
                                              {"name": "Courier", "url": elsewhere.url("/feed.xml")}])
        with caplog.at_level(logging.INFO, logger="bot.ingest"):
            reports = {r.name: r for r in await ingestor.run()}
    finally:
        elsewhere.stop()
    assert reports["Herald"].new == 4 and reports["Courier"].new == 1, reports
    assert sum(feed_server.hits(f"/world/{n}") for n in range(4)) == 1, feed_server.requests
    texts = dict(ingestor.db.execute("SELECT title, text FROM articles").fetchall())
    assert texts["Harbour talks, day 2"] == "Day 2 of the harbour talks."
    assert texts["Velmora opens a consulate"].split("\n\n") == story(9)
    said = [r.getMessage() for r in caplog.records if "asked for a pause" in r.getMessage()]
    assert len(said) == 1 and said[0].startswith("full text of http://127.0.0.1:"), said
    assert ("unavailable: HTTP 429 too many requests; its site asked for a pause of 2 min, so no page of "
            f"127.0.0.1:{feed_server.port} is read until ") in said[0] and said[0].endswith(
                " UTC: the stories whose pages are there keep their feed's words"), said
