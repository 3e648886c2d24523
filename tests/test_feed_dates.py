"""Entry dates in other languages are read; an entry without one borrows the feed's date, and says so."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.ingest.parse import parse_date_text, parse_feed
from storage import articles as article_store
from storage.db import from_iso
from tests.feedserver import FeedServer
from tests.helpers import ingestor_for


def feed(language: str | None, channel_date: str | None, *item_dates: str | None) -> bytes:
    """A small RSS feed written for these tests: one item per date given (None: an item with no date)."""
    head = f"<language>{language}</language>" if language else ""
    head += f"<pubDate>{channel_date}</pubDate>" if channel_date else ""
    items = "".join(
        f"<item><title>Ministro anuncia acordo {n}</title><link>https://jornal.example/{n}</link>"
        + (f"<pubDate>{date}</pubDate>" if date else "")
        + "<description>O governo prometeu rever o tratado.</description></item>"
        for n, date in enumerate(item_dates)
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Jornal</title>'
            f"<link>https://jornal.example/</link>{head}{items}</channel></rss>").encode()


def test_portuguese_weekday_and_month_names_are_read() -> None:
    [entry] = parse_feed(feed("pt-PT", None, "Seg, 24 Set 2018 10:15:00 +0100"))
    assert entry.published == datetime(2018, 9, 24, 9, 15, tzinfo=UTC)
    assert entry.dated_by == "entry"


def test_dates_are_read_without_a_language_hint() -> None:
    assert parse_date_text("mer., 05 déc. 2018 08:00:00 GMT") == datetime(2018, 12, 5, 8, 0, tzinfo=UTC)
    assert parse_date_text("Mi, 05 Dez 2018 08:00:00 GMT") == datetime(2018, 12, 5, 8, 0, tzinfo=UTC)
    assert parse_date_text("24 сентября 2018 10:15") == datetime(2018, 9, 24, 10, 15, tzinfo=UTC)
    assert parse_date_text("not a date at all") is None


def test_an_english_rfc822_date_still_needs_no_guessing() -> None:
    [entry] = parse_feed(feed(None, None, "Mon, 24 Sep 2018 10:15:00 GMT"))
    assert entry.published == datetime(2018, 9, 24, 10, 15, tzinfo=UTC)


def test_an_entry_without_a_date_takes_the_feeds_own_date() -> None:
    first, second = parse_feed(feed("pt", "Ter, 25 Set 2018 07:00:00 +0000", None, "Seg, 24 Set 2018 10:15:00 +0000"))
    assert first.published == datetime(2018, 9, 25, 7, 0, tzinfo=UTC) and first.dated_by == "feed"
    assert second.published == datetime(2018, 9, 24, 10, 15, tzinfo=UTC) and second.dated_by == "entry"


def test_an_entry_with_no_date_anywhere_says_so() -> None:
    [entry] = parse_feed(feed(None, None, None))
    assert entry.published is None and entry.dated_by == "none"


def test_an_unreadable_date_falls_back_instead_of_failing_the_feed() -> None:
    [entry] = parse_feed(feed("pt", "Ter, 25 Set 2018 07:00:00 +0000", "quando calhar"))
    assert entry.dated_by == "feed"


async def test_dates_written_day_first_with_dots_or_in_cjk_characters_are_read_as_written(
    feed_server: FeedServer, make_config
) -> None:
    """A feed that names no language and writes its dates as its country does: '03.12.2026 14:30' (day first, as
    every language that dots its dates writes them) was read month first, English-style, as 12 March, and the story
    shown nine months old, kept from chats as back catalogue; '2026年12月3日 14:30' was not read at all and the story
    dated when fetched."""
    feed_server.route("/feed.xml", body=(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Press</title>'
        f"<link>{feed_server.url('/')}</link>"
        "<item><title>Consulate to open in Belvane</title><link>https://mfa.example/1</link>"
        "<pubDate>03.12.2026 14:30</pubDate><description>The ministry said so.</description></item>"
        "<item><title>Talks resume in Ostrava</title><link>https://mfa.example/2</link>"
        "<pubDate>2026年12月2日 09:15</pubDate><description>The envoys met again.</description></item>"
        "</channel></rss>").encode())
    ingestor = ingestor_for(make_config, [{"name": "Press", "url": feed_server.url("/feed.xml")}],
                            fetch_full_text=False)
    [report] = await ingestor.run()
    assert report.new == 2
    dates = {story.title: from_iso(story.published) for story in article_store.latest(ingestor.db, 5)
             if story.published}
    assert dates == {"Consulate to open in Belvane": datetime(2026, 12, 3, 14, 30, tzinfo=UTC),
                     "Talks resume in Ostrava": datetime(2026, 12, 2, 9, 15, tzinfo=UTC)}, dates


async def test_dates_written_with_slashes_are_read_in_the_order_of_the_feeds_language(
    feed_server: FeedServer, make_config
) -> None:
    """A British or Indian site's feed (`<language>en-gb</language>`, `en-IN`) writing '03/12/2026 14:30' means 3
    December, as its readers do: read month first, US-style, the story was dated 12 March, shown nine months old
    and kept from chats as back catalogue. A US feed's '12/03/2026' is still 3 December, as is one naming no
    country ('en')."""
    def one(language: str, written: str, title: str) -> bytes:
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Press</title>'
                f"<link>{feed_server.url('/')}</link><language>{language}</language>"
                f"<item><title>{title}</title><link>https://{language}.example/1</link>"
                f"<pubDate>{written}</pubDate><description>{title}, the ministry said.</description></item>"
                "</channel></rss>").encode()
    feed_server.route("/gb.xml", body=one("en-gb", "03/12/2026 14:30", "Consulate to open in Belvane"))
    feed_server.route("/in.xml", body=one("en-IN", "02/12/2026", "Envoys meet in Ostrava"))
    feed_server.route("/us.xml", body=one("en-us", "12/01/2026 09:15", "Talks resume in Tarnic"))
    feed_server.route("/en.xml", body=one("en", "11/30/2026", "Trade office opens in Dolna"))
    ingestor = ingestor_for(make_config, [{"name": name, "url": feed_server.url(f"/{name}.xml")}
                                          for name in ("gb", "in", "us", "en")], fetch_full_text=False)
    assert [report.new for report in await ingestor.run()] == [1, 1, 1, 1]
    days = {story.title: from_iso(story.published) for story in article_store.latest(ingestor.db, 5)
            if story.published}
    assert days == {"Consulate to open in Belvane": datetime(2026, 12, 3, 14, 30, tzinfo=UTC),
                    "Envoys meet in Ostrava": datetime(2026, 12, 2, tzinfo=UTC),
                    "Talks resume in Tarnic": datetime(2026, 12, 1, 9, 15, tzinfo=UTC),
                    "Trade office opens in Dolna": datetime(2026, 11, 30, tzinfo=UTC)}, days


async def test_dates_with_a_zones_abbreviation_are_read_at_that_zones_offset(
    feed_server: FeedServer, make_config
) -> None:
    """Feeds write their zone by name where RFC 822 wants an offset (a Moscow agency's 'MSK', a Berlin ministry's
    'CET', an Indian paper's 'IST', a Tokyo one's 'JST'): each was read as UTC, the story dated hours after it was
    published (nine for Tokyo: "ahead of now" at first, then dated when fetched). 'EST' was and is read."""
    zones = {"MSK": 3, "CET": 1, "CEST": 2, "IST": 5.5, "JST": 9, "AEDT": 11, "EST": -5}
    items = "".join(
        f"<item><title>Consulate opens, report {n}</title><link>https://mfa.example/{n}</link>"
        f"<pubDate>Fri, 20 Nov 2026 12:00:00 {zone}</pubDate><description>Report {n} of the consulate's opening in "
        f"the {zone} zone.</description></item>" for n, zone in enumerate(zones))
    feed_server.route("/feed.xml", body=(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Press</title>'
        f"<link>{feed_server.url('/')}</link>{items}</channel></rss>").encode())
    ingestor = ingestor_for(make_config, [{"name": "Press", "url": feed_server.url("/feed.xml")}],
                            fetch_full_text=False)
    [report] = await ingestor.run()
    assert report.new == len(zones)
    stored = {story.title: from_iso(story.published) for story in article_store.latest(ingestor.db, 10)}
    noon = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert stored == {f"Consulate opens, report {n}": noon - timedelta(hours=hours)
                      for n, hours in enumerate(zones.values())}, stored


async def test_a_zone_abbreviation_shared_by_several_countries_is_read_by_the_feeds_language_and_said(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """'IST' is India's, Ireland's and Israel's zone; 'BST' British Summer Time and Bangladesh's. Read as India's
    and Britain's whatever the feed, an Irish paper's noon story was dated 4.5 hours early and a Dhaka one's five
    hours late, with nothing said. The feed's language tells where it can ('en-IE', 'he', 'bn-BD'); where it cannot
    (a feed naming no country), the reading taken is said in the log, once a read."""
    feeds = {"dublin": ("en-IE", "IST", 1), "jerusalem": ("he", "IST", 2), "dhaka": ("bn-BD", "BST", 6),
             "delhi": ("en-IN", "IST", 5.5), "london": ("en-GB", "BST", 1), "plain": ("en", "IST", 5.5)}
    for name, (language, zone, _) in feeds.items():
        items = "".join(
            f"<item><title>Consulate opens in {name}, report {n}</title><link>https://{name}.example/{n}</link>"
            f"<pubDate>Fri, 20 Nov 2026 12:00:00 {zone}</pubDate><description>Report {n} of the consulate's opening."
            "</description></item>" for n in (1, 2))
        feed_server.route(f"/{name}.xml", body=(
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Press</title>'
            f"<link>https://{name}.example/</link><language>{language}</language>{items}</channel></rss>").encode())
    ingestor = ingestor_for(make_config, [{"name": name, "url": feed_server.url(f"/{name}.xml")} for name in feeds],
                            fetch_full_text=False)
    with caplog.at_level(logging.INFO, logger="bot.ingest"):
        reports = await ingestor.run()
    assert sum(report.new for report in reports) == 2 * len(feeds), reports
    stored = {(url.split("/")[2].split(".")[0], from_iso(published))
              for url, published in ingestor.db.execute("SELECT url, published FROM articles")}
    noon = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert stored == {(name, noon - timedelta(hours=hours)) for name, (_, _, hours) in feeds.items()}, stored
    said = [r.getMessage() for r in caplog.records if "stands for" in r.getMessage()]
    assert said == ["source plain: its entries' dates name the zone IST, which stands for India's, Ireland's and "
                    "Israel's: read as India's (UTC+05:30), since its feed's language (en) does not say which; 2 of "
                    "2 entries are dated so"], said
