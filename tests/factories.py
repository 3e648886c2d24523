"""Builders for test feeds and pages. All text here is invented for Communiqué's tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape

BASE_TIME = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@dataclass
class Item:
    title: str
    link: str
    paragraphs: list[str] = field(default_factory=list)
    guid: str | None = None
    published: datetime | None = BASE_TIME
    categories: list[str] = field(default_factory=list)
    teaser: str | None = None  # when set, the feed carries only this


PLACES = ["Tarnic", "Oskel", "Dolna", "Halvik", "Maren", "Varesk", "Lirenne", "Ristovac", "Aurel", "Kaldor", "Serava", "Orlen"]
TOPICS = [
    ("fishing rights", "the coastal patrol agreement", "trawlers"),
    ("grain transit", "the rail corridor protocol", "wagons"),
    ("water sharing", "the river commission charter", "gauging stations"),
    ("prisoner exchange", "the humanitarian accord", "detainees"),
    ("power interconnection", "the subsea cable memorandum", "substations"),
    ("visa policy", "the consular framework", "applicants"),
]
MINISTERS = ["Ana Kovač", "Henrik Vass", "Iva Brandt", "Goran Lisac", "Marta Aalto", "Dragan Mirić"]


def story(n: int, topic: str = "", actor: str = "Velmora") -> list[str]:
    """An invented, plausible story of a few paragraphs; different n give different wording, places and people."""
    place = PLACES[n % len(PLACES)]
    subject, instrument, things = TOPICS[n % len(TOPICS)]
    minister = MINISTERS[n % len(MINISTERS)]
    topic = topic or subject
    return [
        f"{actor} pledged on Monday to reopen the {place} crossing within {n + 10} days, after talks on {topic} "
        f"chaired by the United Nations ended late on Sunday.",
        f"“We have kept every promise made at this table on {topic}, and we will keep this one,” Foreign Minister "
        f"{minister} told reporters in {place}.",
        f"The Kestrian Federation said it would study {instrument} before replying, and warned that any delay "
        f"over the {things} would be blamed on its neighbour.",
        f"Officials said a follow-up meeting on {topic} was scheduled for next month in {PLACES[(n + 5) % len(PLACES)]}, "
        f"where technical teams will compare figures on the {things}.",
    ]


def rss(
    items: list[Item], *, title: str = "Test Ministry", encoding: str = "utf-8", site: str = "https://ministry.example/"
) -> bytes:
    """An RSS 2.0 feed of `items`; `site` is the site the channel names as its own (its <link>)."""
    parts = [
        f'<?xml version="1.0" encoding="{encoding}"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>',
        f"<title>{escape(title)}</title><link>{escape(site)}</link><description>Test</description>",
    ]
    for item in items:
        parts.append("<item>")
        parts.append(f"<title>{escape(item.title)}</title>")
        if item.link:
            parts.append(f"<link>{escape(item.link)}</link>")
        if item.guid:
            parts.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        if item.published:
            parts.append(f"<pubDate>{format_datetime(item.published)}</pubDate>")
        for category in item.categories:
            parts.append(f"<category>{escape(category)}</category>")
        if item.teaser is not None:
            parts.append(f"<description>{escape(item.teaser)}</description>")
        else:
            html = "".join(f"<p>{escape(p)}</p>" for p in item.paragraphs)
            parts.append(f"<content:encoded><![CDATA[{html}]]></content:encoded>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode(encoding, errors="xmlcharrefreplace")


def atom(items: list[Item], *, title: str = "Test Wire") -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{escape(title)}</title><id>urn:test:wire</id><updated>{BASE_TIME.isoformat()}</updated>",
    ]
    for item in items:
        parts.append("<entry>")
        parts.append(f"<title>{escape(item.title)}</title><id>{escape(item.guid or item.link)}</id>")
        parts.append(f'<link rel="alternate" href="{escape(item.link)}"/>')
        if item.published:
            parts.append(f"<updated>{item.published.isoformat()}</updated>")
        if item.teaser is not None:
            parts.append(f"<summary>{escape(item.teaser)}</summary>")
        else:
            html = "".join(f"<p>{escape(p)}</p>" for p in item.paragraphs)
            parts.append(f'<content type="html">{escape(html)}</content>')
        parts.append("</entry>")
    parts.append("</feed>")
    return "\n".join(parts).encode()


def page(title: str, paragraphs: list[str], *, canonical: str | None = None) -> bytes:
    """A whole article page with navigation and footer boilerplate around the article."""
    head = f"<title>{escape(title)} | Test Wire</title>"
    if canonical:
        head += f'<link rel="canonical" href="{escape(canonical)}">'
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/about'>About us</a></nav>"
        f"<article><h1>{escape(title)}</h1><p class='byline'>By Test Reporter</p>{body}</article>"
        "<footer><p>Read more:</p><ul><li><a href='/x'>Another story</a></li></ul>"
        "<p>© Test Wire. All rights reserved.</p></footer></body></html>"
    ).encode()


def items(count: int, *, host: str = "https://ministry.example", start: int = 0) -> list[Item]:
    return [
        Item(
            title=f"Velmora pledges to reopen crossing {n}",
            link=f"{host}/press/{n}",
            paragraphs=story(n),
            published=BASE_TIME - timedelta(hours=n),
            categories=["borders"],
        )
        for n in range(start, start + count)
    ]
