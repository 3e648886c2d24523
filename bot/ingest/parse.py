"""Parse feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) with feedparser into plain entries, and feed HTML into text.

feedparser forgives a lot (wrong encodings, undeclared namespaces, truncated files); what it cannot make a feed of
(an HTML page, binary garbage, an empty body) becomes a `FeedParseError` with a readable reason.
"""

from __future__ import annotations

import calendar
import codecs
import hashlib
import html
import logging
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import feedparser
import lxml.html

from bot.core.text import glyph_cut
from bot.ingest import jsonfeed, sitemap
from bot.ingest.decode import marked_encoding
from bot.redact import redact

MAX_TITLE = 300
_BLOCK_TAGS = {"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "tr"}
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DROP_TAGS = {"script", "style", "noscript", "iframe", "object", "embed", "svg", "form", "button", "figure"}


log = logging.getLogger(__name__)

# libxml2 stops building the tree past about 255 nested elements and silently drops what lies deeper, so a
# pathologically nested entry (a hostile feed, or a broken CMS) is read as flat text instead.
MAX_NESTING = 200
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")
# Elements that never nest (void) or that the next sibling closes when its end tag is left out, as HTML allows.
_FLAT_TAGS = {
    "br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr",
    "p", "li", "dt", "dd", "tr", "td", "th", "option",
}
_HIDDEN = re.compile(r"<(script|style|noscript|svg|iframe|object)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BREAK = re.compile(r"</?(?:p|div|li|blockquote|h[1-6]|section|article|tr|br)\b[^>]*>", re.IGNORECASE)


class FeedParseError(ValueError):
    """The document is not a feed; the message says what it looked like instead."""


@dataclass(frozen=True)
class FeedEntry:
    """One feed item, cleaned: plain-text title and body, absolute link (may be empty), UTC publication time."""

    guid: str
    title: str
    link: str
    text: str
    published: datetime | None
    author: str | None = None
    categories: tuple[str, ...] = field(default_factory=tuple)
    # Where `published` comes from: "entry" (its own date), "feed" (the entry has none it could be read from, so
    # the feed's own date stands in) or "none" (no date at all: the caller uses the time it fetched the entry).
    dated_by: str = "entry"
    # The entry's own date gives its day alone ('2026-11-30', or midnight to the second at its offset in a feed that
    # writes every story so: a CMS's date with no time): `published` is then that day at 00:00 UTC, to be shown as
    # the day, with no hour and no zone. Midnight in a feed that gives its other stories their hours is a time.
    by_day: bool = False
    # The id its words give it ("sha256:..."), for an item the feed gives no id of its own (known by its link
    # otherwise): what tells it from another story listed later under that same link (a press office's list of
    # releases). Empty for an item with an id of its own.
    words_id: str = ""
    # `link` is the entry's media file (its <media:content> or <enclosure>: a briefing's video, an interview's
    # audio), given for an entry with no link of its own so that the reader has something to open. It is no page:
    # never downloaded to be read.
    media_link: bool = False
    # The language its feed declares (`<language>`, an Atom feed's xml:lang), as written ('fr', 'en-GB'), or ''.
    language: str = ""


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment as paragraphs separated by blank lines (scripts and styles dropped)."""
    fragment = _NOT_XML.sub("", fragment or "")  # lxml refuses these mid-tree (one bad entry broke a whole feed)
    if not fragment.strip():
        return ""
    if "<" not in fragment:
        # Text without markup is still HTML text: its entities (often escaped twice by the feed, "It&amp;#8217;s")
        # are characters, as they are inside markup.
        if "&" in fragment:
            fragment = _NOT_XML.sub("", html.unescape(fragment))
        return "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", fragment) if p.strip())
    depth = nesting_depth(fragment)
    if depth > MAX_NESTING:
        log.warning("HTML nested %d levels deep: read as plain text, its markup dropped", depth)
        return _flat_text(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return re.sub(r"<[^>]*>", " ", fragment).strip()
    for node in root.iter(*_DROP_TAGS):
        node.drop_tree() if node.getparent() is not None else None
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = re.sub(r"\s+", " ", _entities_left("".join(current))).strip()
        if text:
            paragraphs.append(text)
        current.clear()

    def walk(node: lxml.html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BLOCK_TAGS:
            flush()
        if tag == "br":  # feeds use <br> (often doubled) where pages use paragraphs
            flush()
        if node.text and tag not in _DROP_TAGS:
            current.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if tag in _BLOCK_TAGS:
            flush()

    walk(root)
    flush()
    return "\n\n".join(paragraphs)


# An entity with its semicolon still in text that markup held: the feed escaped its HTML twice ("&amp;#8217;").
_ENTITY_LEFT = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _entities_left(text: str) -> str:
    """Text from inside markup with the entities a twice-escaped feed left in it read as their characters
    ("Velmora&#8217;s" is "Velmora’s", "&nbsp;" a space), as text without markup is read. Only the complete form,
    with its semicolon: an ampersand written as text ("R&D", "&c.") stays."""
    if "&" not in text:
        return text
    return _NOT_XML.sub("", _ENTITY_LEFT.sub(lambda entity: html.unescape(entity.group()), text))


def nesting_depth(fragment: str) -> int:
    """How deep the elements of an HTML fragment nest (a scan of its tags; no tree is built)."""
    depth = deepest = 0
    for match in _TAG.finditer(fragment):
        closing, name, self_closing = match.groups()
        if name.lower() in _FLAT_TAGS or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _flat_text(fragment: str) -> str:
    """The text of HTML without building a tree: block tags become paragraph breaks, other tags vanish."""
    text = _BREAK.sub("\n\n", _HIDDEN.sub(" ", fragment))
    text = html.unescape(re.sub(r"<[^>]*>", "", text))
    paragraphs = (re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


# Invisible characters a headline keeps though Python calls them unprintable: the zero-width non-joiner and joiner
# (a Persian word's spelling, an emoji sequence: a family, a rainbow flag), the direction marks of right-to-left
# text, and the tag characters of a subdivision's flag. The bidi overrides and isolates are still dropped.
_TITLE_MARKS = frozenset("\u200c\u200d\u200e\u200f\u061c") | frozenset(map(chr, range(0xE0020, 0xE0080)))


def clean_title(title: str, *, plain: bool = False) -> str:
    """A one-line plain-text title, HTML removed, at most MAX_TITLE characters (cut between words).

    `plain`: the feed typed the title as plain text (an Atom title without type="html", an RSS title feedparser
    found no tags in), so "<talks>" in it is words, not a tag: read as HTML, "Trade <talks> & tariffs" lost a word.
    Its entities still become characters (feeds escape twice: "AT&amp;amp;T")."""
    if plain and not _HTML_TAG.search(title):
        text = html.unescape(title) if "&" in title else title
    else:
        text = html_to_text(title) if "<" in title or "&" in title else title
    # Escaped a third time (`&amp;amp;quot;`): the entities left after one reading are read too, whole ones only.
    text = re.sub(r"\s+", " ", _entities_left(text)).strip()
    text = "".join(ch for ch in text if ch.isprintable() or ch in _TITLE_MARKS)
    return cut_between_words(text, MAX_TITLE)


# A tag of HTML itself ("<b>", "</a>", "<script>"): a title typed as plain text that holds one is HTML all the same
# (feedparser calls a title plain when a fault in the feed sends it to its loose parser), while "<talks>" is words.
_HTML_TAG = re.compile(
    r"</?(?:a|abbr|b|big|br|cite|code|div|em|font|i|img|mark|p|q|s|script|small|span|strong|style|sub|sup|u)\b[^<>]*>",
    re.IGNORECASE,
)


def _typed_plain(detail: object) -> bool:
    """Whether feedparser read a title as plain text (its `title_detail` type), not HTML."""
    return isinstance(detail, dict) and detail.get("type") == "text/plain"


def cut_between_words(line: str, cap: int) -> str:
    """`line` within `cap` characters: whole, or cut at its last space in the second half and ended with "…"
    (without one, off a joiner or a mark so no emoji is split). Cut at a fixed length a headline read "... of the
    T…", a word split."""
    if len(line) <= cap:
        return line
    cut = line[: cap - 1]
    space = cut.rfind(" ")
    if space >= cap // 2:
        cut = cut[:space]
    else:
        cut = cut[: glyph_cut(line, len(cut))]
    return cut.rstrip(" ,;:") + "…"


UNTITLED_CAP = 120  # characters of an untitled entry's first line that head it


_OUTLET_SEPARATORS = (" - ", " – ", " — ", " | ")


def _without_outlet(title: str, source: object) -> str:
    """An aggregator's headline without the outlet's name it ends with ("Velmora reopens the crossing - The Harbour
    Gazette"), when the item's RSS <source> names that outlet: the name was stored and sent as words of the
    headline. Only that name is taken off, and never the whole headline."""
    outlet = " ".join(str(source.get("title") or "").split()) if isinstance(source, dict) else ""
    if not outlet:
        return title
    for separator in _OUTLET_SEPARATORS:
        ending = f"{separator}{outlet}"
        if title.casefold().endswith(ending.casefold()) and len(title) > len(ending):
            return title[: -len(ending)].rstrip()
    return title


def _title_from(text: str) -> str:
    """The headline of an entry that has none: its first line, cut between words with an ellipsis when long (cut
    at a fixed length it read 'chaired by the Un', a word split and nothing to say so)."""
    return cut_between_words(clean_title(text.split("\n", 1)[0]), UNTITLED_CAP)


# Languages tried for a date feedparser cannot read when the feed names none: the common languages of news and
# government sources. (Letting dateparser guess among all its languages costs seconds and ~40 MB at first use.)
_DATE_LANGUAGES = ["en", "fr", "de", "es", "pt", "it", "ru", "uk", "pl", "nl", "tr", "ar"]


# A date written with dots between day, month and year: day first in every language that writes them so.
_DOTTED_DATE = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{2,4}(?![\d.])")
# A date written in Chinese or Japanese characters ('2026年12月3日'): read in those languages, which the common list
# leaves out. feedparser reads it as '2026年12月', the first of the month (`_parsed_time` leaves it to this).
_CJK_DATE = re.compile(r"\d\s*[年月日]")
_CJK_DATE_LANGUAGES = ["zh", "ja"]
# A date written in figures with slashes ('03/12/2026'): day first in English too, but for the countries that write
# the month first. An English feed naming another country (en-gb, en-IN, en-AU) was read month first, US-style.
_SLASHED_DATE = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{2,4}(?![\d/])")
_MONTH_FIRST_ENGLISH = {"us", "ph", "ca", "pr", "gu", "vi", "as", "mp", "um", "fm", "mh", "pw"}


def parse_date_text(text: str, language: str | None = None) -> datetime | None:
    """A date written in words, in any common language ("Seg, 24 Set 2018 10:15:00 -0300"), as UTC; None if none.

    feedparser reads RFC 822 and ISO dates only, in English; a Portuguese or Russian feed's dates would otherwise
    be lost and its stories shown as published at the moment they were fetched.
    """
    import dateparser  # imported on first need: most feeds never get here

    hint = (language or "").split("-")[0].strip().lower()
    settings = {"RETURN_AS_TIMEZONE_AWARE": True, "TO_TIMEZONE": "UTC", "PREFER_DATES_FROM": "past"}
    if _DOTTED_DATE.search(text):
        settings["DATE_ORDER"] = "DMY"  # '03.12.2026' is 3 December wherever dates are dotted; English read 12 March
    elif _SLASHED_DATE.search(text) and _writes_day_first(language):
        settings["DATE_ORDER"] = "DMY"
    tried = _CJK_DATE_LANGUAGES if _CJK_DATE.search(text) else _DATE_LANGUAGES
    for languages in ([hint], tried) if hint else (tried,):
        try:
            moment = dateparser.parse(text[:100], languages=languages, settings=settings)
        except (ValueError, TypeError, OverflowError):
            moment = None
        if moment is not None:
            return moment.astimezone(UTC)
    return None


def _english_region(language: str | None) -> str | None:
    """The country an English language tag names ('en-GB' -> 'gb', 'en-Latn-US' -> 'us'); '' for English naming
    none, None for another language."""
    primary, _, region = (language or "").strip().lower().replace("_", "-").partition("-")
    return region.split("-")[-1] if primary == "en" else None


def _writes_day_first(language: str | None) -> bool:
    """Whether an English language tag names a country that writes a date in figures day first ('en-GB', 'en_IN'):
    dateparser reads English month first whatever the country. Other languages are read in their own order."""
    region = _english_region(language)
    return bool(region) and region not in _MONTH_FIRST_ENGLISH


def writes_month_first(language: str | None) -> bool:
    """Whether a language tag names English of a country that writes a date in figures month first ('en-US')."""
    return _english_region(language) in _MONTH_FIRST_ENGLISH


# Zones feeds name by abbreviation where RFC 822 wants an offset, which feedparser does not know and reads as UTC
# (it knows the US zones, UT/GMT and MET/MEST): minutes east of UTC. Where an abbreviation is shared, the zone
# news feeds mean by it (IST: India; BST: British Summer Time).
_ZONE_MINUTES = {
    "cet": 60, "cest": 120, "eet": 120, "eest": 180, "wet": 0, "west": 60, "bst": 60, "msk": 180, "ist": 330,
    "pkt": 300, "wib": 420, "hkt": 480, "sgt": 480, "awst": 480, "jst": 540, "kst": 540, "acst": 570,
    "acdt": 630, "aest": 600, "aedt": 660, "nzst": 720, "nzdt": 780, "sast": 120, "cat": 120, "eat": 180,
    "wat": 60,
}
_ZONE_AT_END = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s*([A-Za-z]{3,4})\s*$")


@dataclass(frozen=True)
class _SharedZone:
    """An abbreviation several zones share: whose it stands for (said in the log), the one _ZONE_MINUTES reads it
    as (`default`, with the languages and countries that confirm it), and the others by the language or country
    a feed names (its primary subtag or its region: 'ga', 'IE')."""

    stands_for: str
    default: str
    confirming: frozenset[str]
    others: dict[str, int]


_SHARED_ZONES = {
    "ist": _SharedZone("India's, Ireland's and Israel's", "India's",
                       frozenset({"in", "hi", "bn", "ta", "te", "mr", "ml", "kn", "gu", "pa", "or", "as"}),
                       {"ie": 60, "ga": 60, "il": 120, "he": 120, "iw": 120}),
    "bst": _SharedZone("British Summer Time and Bangladesh's", "British Summer Time",
                       frozenset({"gb", "uk", "cy", "gd"}), {"bd": 360, "bn": 360}),
}


def _language_subtags(language: str | None) -> list[str]:
    """A language tag's region and primary subtag, the region first ('bn-IN' -> ['in', 'bn'])."""
    primary, _, rest = (language or "").strip().lower().replace("_", "-").partition("-")
    region = rest.split("-")[-1] if rest else ""
    return [part for part in (region, primary) if part]


def _zone_minutes(abbreviation: str, language: str | None) -> int | None:
    """Minutes east of UTC of a zone named by abbreviation, in a feed of `language`: a shared one ('IST') by the
    country or language the feed names, where it names one of them."""
    shared = _SHARED_ZONES.get(abbreviation)
    if shared is not None:
        for part in _language_subtags(language):
            if part in shared.confirming:
                break
            if part in shared.others:
                return shared.others[part]
    return _ZONE_MINUTES.get(abbreviation)


def zone_taken_unsaid(written: object, language: str | None) -> str | None:
    """What was taken, for the log, when an entry's date names a zone several share ('IST') and its feed's language
    tells not which (India's is taken); None when it names no such zone, or the language tells."""
    found = _ZONE_AT_END.search(written) if isinstance(written, str) else None
    shared = _SHARED_ZONES.get(found.group(1).lower()) if found else None
    if found is None or shared is None:
        return None
    parts = _language_subtags(language)
    if any(part in shared.confirming or part in shared.others for part in parts):
        return None
    minutes = _ZONE_MINUTES[found.group(1).lower()]
    offset = f"UTC{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    why = f"its feed's language ({language.strip()}) does not say which" if language and language.strip() else \
        "its feed names no language"
    return (f"its entries' dates name the zone {found.group(1).upper()}, which stands for {shared.stands_for}: read "
            f"as {shared.default} ({offset}), since {why}")


def _in_named_zone(written: object, moment: datetime, language: str | None = None) -> datetime:
    """`moment` as feedparser read it, at the zone its text names by abbreviation ('Fri, 20 Nov 2026 12:00:00
    MSK'): read as UTC, a Moscow story was dated three hours after it was published, a Tokyo one nine (ahead of
    now, and so dated when fetched). A zone several share ('IST') by the feed's `language` where it tells."""
    found = _ZONE_AT_END.search(written) if isinstance(written, str) else None
    minutes = _zone_minutes(found.group(1).lower(), language) if found else None
    if minutes is None:
        return moment
    return moment.replace(tzinfo=timezone(timedelta(minutes=minutes)))


def _parsed_time(record: feedparser.FeedParserDict, language: str | None = None) -> datetime | None:
    """The first of a record's published/updated/created dates that feedparser parsed (no reading of dates in
    words: cheap enough to order a whole feed by)."""
    for key in ("published", "updated", "created"):
        parsed = dict.get(record, f"{key}_parsed")  # dict.get: no feedparser fallback mapping, no warning
        written = dict.get(record, key)
        if parsed and isinstance(written, str) and _CJK_DATE.search(written):
            continue  # feedparser read '2026年12月2日' as 1 December: read in words by parse_date_text
        if parsed:
            try:
                moment = datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
            named = _in_named_zone(written, moment, language)
            return named if named is not moment else _as_written(written, moment)
    return None


def _as_written(text: object, moment: datetime) -> datetime:
    """`moment` (feedparser's reading, in UTC) at the offset its feed wrote it with ('Tue, 01 Dec 2026 01:00:00
    +0530', '2026-11-30T22:00:00-03:30'), the same instant. Why: the story's own day is the day its words count
    from ('tomorrow', 'within ten days'), and in UTC that day is one off for a story filed late in the evening west
    of Greenwich or early in the morning east of it. Storage keeps the instant in UTC all the same."""
    if not isinstance(text, str) or not text.strip():
        return moment
    written: datetime | None
    try:
        written = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        try:
            written = datetime.fromisoformat(text.strip())
        except ValueError:
            written = None
    if written is None or written.utcoffset() is None or written != moment:
        return moment
    return written


# A date before this is a null date written as one (a CMS's empty field given out as Unix time 0, 1 January 1970, at
# any offset, or as the year 1): no feed was written then. Such an entry has no date, and is dated as one with none.
NO_DATE_BEFORE = datetime(1970, 1, 2, tzinfo=UTC)
# How far ahead of UTC a day has already begun somewhere (Kiribati, UTC+14): a story dated by that day alone is
# today's news there, not a date in the future.
DAY_BEGUN_AHEAD = timedelta(hours=14)


def _first_time(record: feedparser.FeedParserDict, language: str | None) -> datetime | None:
    """The first readable of a record's published/updated/created dates (parsed by feedparser, else in words);
    None for a null date written as a date (before NO_DATE_BEFORE)."""
    moment = _readable_time(record, language)
    return moment if moment is None or moment >= NO_DATE_BEFORE else None


def _readable_time(record: feedparser.FeedParserDict, language: str | None) -> datetime | None:
    parsed = _parsed_time(record, language)
    if parsed is not None:
        return parsed
    for key in ("published", "updated", "created"):
        text = dict.get(record, key)
        if isinstance(text, str) and text.strip():
            moment = parse_date_text(text, language)
            if moment is not None:
                return moment
    return None


_CLOCK = re.compile(r"\d{1,2}:\d{2}")


def _date_text(record: feedparser.FeedParserDict) -> str | None:
    """The date a record's feed wrote, as written (the first of published/updated/created)."""
    for key in ("published", "updated", "created"):
        text = dict.get(record, key)
        if isinstance(text, str) and text.strip():
            return text
    return None


def _written_with_a_time(record: feedparser.FeedParserDict) -> bool:
    """Whether the record's date is written with a time of day ('Mon, 30 Nov 2026 00:00:00 +0100'), not as a day
    alone ('2026-11-30', as Dublin Core's dc:date allows; '30 November 2026')."""
    text = _date_text(record)
    return text is not None and _CLOCK.search(text) is not None


def _dates_days_at_midnight(records: list[feedparser.FeedParserDict]) -> bool:
    """Whether the feed writes its days as midnight to the second: every story it dates with a time (two or more)
    is at 00:00:00 at its offset, as a CMS with a date and no time writes them into RSS's pubDate and Atom's
    dates, which must carry a time. A feed that gives its other stories their hours gives a midnight one a time
    too (a statement put out then, an embargo lifted at 00:00)."""
    times = [moment.time() for moment in (_parsed_time(raw) for raw in records if _written_with_a_time(raw))
             if moment is not None]
    return len(times) >= 2 and all(moment == time(0, 0) for moment in times)


# The line a blogging platform's feed ends every entry with (WordPress with the Yoast SEO plugin's default, in
# English and in the plugin's translations): "The post <headline> appeared first on <site>." It is no story's.
_APPEARED_FIRST = re.compile(
    r"(?:the post|the article) .{1,400}? (?:appeared first|first appeared) on .{1,200}|"
    r"l[’'](?:article|entrée) .{1,400}? est apparu(?:e)? en premier sur .{1,200}|"
    r"der beitrag .{1,400}? erschien zuerst auf .{1,200}|"
    r"la entrada .{1,400}? se publicó primero en .{1,200}|"
    r"l[’']articolo .{1,400}? sembra essere il primo su .{1,200}|"
    r"o post .{1,400}? apareceu primeiro em .{1,200}",
    re.IGNORECASE,
)


def _entry_text(entry: feedparser.FeedParserDict) -> str:
    candidates: list[str] = []
    for content in entry.get("content") or []:
        candidates.append(content.get("value") or "")
    candidates.append(entry.get("summary") or "")
    title = entry.get("title") or ""
    texts = [_without_feed_footer(html_to_text(c), title) for c in candidates if c]
    return max(texts, key=len, default="")


def _without_feed_footer(text: str, title: str) -> str:
    """An entry's text without the line its blogging platform ends every entry with ("The post <its headline>
    appeared first on <site>."): kept, it was stored as the story's last paragraph and sent in its summary. Only a
    last paragraph that is that line whole and names the entry's headline: a sentence of the story saying where
    something appeared first stays."""
    head, _, last = text.rpartition("\n\n")
    line = " ".join(last.split())
    named = " ".join(html_to_text(title).split()).casefold()
    if named and named in line.casefold() and _APPEARED_FIRST.fullmatch(line.rstrip(".")):
        return head
    return text


@dataclass(frozen=True)
class FeedPage:
    """A feed's entries as read (at most `max_entries`, the newest), and what was left unread beyond them: how many,
    and the dates of those that carry one."""

    entries: list[FeedEntry]
    left_out: int = 0
    left_out_dates: tuple[datetime, ...] = ()
    # Ids several different stories carry (with how many), each of those stories kept under its link instead.
    shared_ids: dict[str, int] = field(default_factory=dict)
    # The site the feed names as its own (an RSS channel's <link>, an Atom feed's alternate link), made absolute; ''
    # when it names none. Part of whose story a link is (urls.ownership).
    site: str = ""
    # The title (or link) of the entry a document cut short ended inside, left out of `entries`; None when whole.
    cut_short: str | None = None
    # Entries with no title, text or link (a podcast-style item of an enclosure alone, an empty item): nothing to
    # read and nowhere to read it. Each is named by what it did carry (its enclosure's type, its id), so the
    # operator is told what was passed over rather than finding a story missing.
    nothing_to_read: tuple[str, ...] = ()
    # Entries dated ahead of now (a CMS's slip of a year, an event's day for the release's), each by its title and
    # the date it gave: dated when fetched instead, and the operator is told, not left with the feed's dates unseen.
    dated_ahead: tuple[tuple[str, datetime], ...] = ()
    # A zone several share named in entries' dates ('IST': India's, Ireland's, Israel's) that the feed's language
    # did not tell, with what was taken, and how many entries are dated so: said, not taken unseen.
    zone_taken: str = ""
    zone_taken_for: int = 0
    # The one date, to the second, that every entry carries (the time the feed was built, stamped on each): taken
    # as the feed's own date, not the entries'; None when they carry their own.
    one_date: datetime | None = None


def parse_feed(body: bytes, *, content_type: str | None = None, max_entries: int = 50) -> list[FeedEntry]:
    """Entries of a feed document, newest first, at most `max_entries`."""
    return read_feed(body, content_type=content_type, max_entries=max_entries).entries


def _newest_first(raws: list[feedparser.FeedParserDict]) -> list[tuple[feedparser.FeedParserDict, datetime | None]]:
    """The records newest first, each with its date. Feeds mostly list their newest first, but not all: one listed
    oldest first, cut at `max_entries`, had its oldest entries read and its newest never. Records are reordered
    only when each carries a date (an undated one has no place but the feed's)."""
    dated = [(raw, _parsed_time(raw)) for raw in raws]
    if all(moment is not None for _, moment in dated):
        dated.sort(key=lambda pair: pair[1] or datetime.min.replace(tzinfo=UTC), reverse=True)  # stable
    return dated


_LINK_TAG = re.compile(rb"<link\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json"}


def feeds_named_by_page(body: bytes, base_url: str | None = None, limit: int = 3) -> list[str]:
    """The feeds an HTML page names in its head (`<link rel="alternate" type="application/rss+xml" href=...>`),
    made absolute against the page's URL: what an operator who gave a site's page for its feed wants instead."""
    found: list[str] = []
    for tag in _LINK_TAG.finditer(body[:200_000]):
        attributes = {m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or b"")
                      for m in _ATTRIBUTE.finditer(tag.group(0))}
        rel = attributes.get(b"rel", b"").decode("ascii", "replace").lower().split()
        kind = attributes.get(b"type", b"").decode("ascii", "replace").lower().strip()
        href = html.unescape(attributes.get(b"href", b"").decode("utf-8", "replace")).strip()
        if "alternate" in rel and kind in _FEED_TYPES and href:
            link = urljoin(base_url, href) if base_url else href
            if link not in found and "".join(ch for ch in link if ch.isprintable() and not ch.isspace()) == link:
                found.append(link[:300])
    return found[:limit]


_ANCHOR_TAG = re.compile(rb"<a\b([^>]*)>(.{0,200}?)</a\s*>", re.IGNORECASE | re.DOTALL)
# A link that reads as a feed, by its words ("RSS", "Atom", "News feed", "Flux RSS") or its address ('.../rss.xml',
# '.../feed', '.../atom', '.rss'): what a site without <link rel="alternate"> shows its readers instead.
_FEED_WORDS = re.compile(r"^(?:[\w ]{0,30}\b)?(?:rss|atom|feeds?|flux(?: rss)?)(?:\b[\w ]{0,30})?$", re.IGNORECASE)
_FEED_ADDRESS = re.compile(r"(?:/(?:rss|feeds?|atom)(?:/[\w-]*)?|[/.](?:rss|atom)|(?:rss|feed|atom)\.xml)/?$",
                           re.IGNORECASE)


def feed_links_in_page(body: bytes, base_url: str | None = None, limit: int = 3) -> list[str]:
    """The links of an HTML page's body that read as feeds (a footer's "RSS"), made absolute against its URL, for a
    page whose head names none: the operator who gave the page was told it names no feed and had to find them."""
    found: list[str] = []
    for anchor in _ANCHOR_TAG.finditer(body[:500_000]):
        href = next((m.group(2) or m.group(3) or m.group(4) or b"" for m in _ATTRIBUTE.finditer(anchor.group(1))
                     if m.group(1).lower() == b"href"), b"")
        address = html.unescape(href.decode("utf-8", "replace")).strip()
        words = " ".join(re.sub(r"<[^>]*>", " ", anchor.group(2).decode("utf-8", "replace")).split())
        if not address or address.startswith(("#", "javascript:", "mailto:")):
            continue
        if _FEED_WORDS.match(words) or _FEED_ADDRESS.search(address.split("?", 1)[0]):
            link = urljoin(base_url, address) if base_url else address
            if link not in found and "".join(ch for ch in link if ch.isprintable() and not ch.isspace()) == link:
                found.append(link[:300])
    return found[:limit]


_HEADER_CHARSET = re.compile(r";\s*charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)[\"']?", re.IGNORECASE)
_SINGLE_BYTE = ("cp125", "iso8859", "ascii", "mac-", "koi8")  # codecs.lookup's names
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")


_ANY_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*\bencoding\s*=\s*)(["'])[A-Za-z0-9._:-]+\2""")


def _by_its_mark(body: bytes, content_type: str | None) -> tuple[bytes, str | None]:
    """A feed that opens with a byte-order mark, as UTF-8 without it and the Content-Type and XML declaration
    saying so. The mark says what the bytes are, over a prolog or a header naming another encoding (a template's
    `encoding="ISO-8859-1"` written out by a tool in UTF-8, a server's default charset), as XML and browsers read
    it: read in the declared one, every Cyrillic headline was stored and sent as `ÐœÐ¸Ð½Ð¸ÑÑ‚Ñ€`."""
    codec = marked_encoding(body)
    if codec is None:
        return body, content_type
    text = body.decode(codec, errors="replace")
    text = _ANY_XML_ENCODING.sub(r"\1\2utf-8\2", text, count=1)
    media = (content_type or "application/xml").split(";")[0].strip() or "application/xml"
    return text.encode("utf-8"), f"{media}; charset=utf-8"


def _charset_trusted(content_type: str, body: bytes) -> str:
    """The Content-Type to read the feed by: without its charset when that names a single-byte encoding (a
    server's default, Apache's AddDefaultCharset) while the body declares UTF-8 (or nothing) and reads as UTF-8
    with letters outside ASCII. Such bytes are UTF-8: read as windows-1252 every 'è' became 'Ã¨' in the chats."""
    found = _HEADER_CHARSET.search(content_type)
    if not found or body.isascii():
        return content_type
    try:
        header_codec = codecs.lookup(found.group(1)).name
    except LookupError:
        return content_type
    if not header_codec.startswith(_SINGLE_BYTE):  # UTF-16, or a CJK encoding: not a server's Western default
        return content_type
    declared = _XML_ENCODING.match(body[:200])
    if declared and declared.group(1).decode("ascii").lower().replace("_", "-") not in ("utf-8", "utf8"):
        return content_type
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return content_type
    return (content_type[: found.start()] + content_type[found.end():]).strip()


# A password field: the page is a sign-in form (a login wall), whatever its words and language.
_SIGN_IN = re.compile(rb"<input\b[^>]*\btype\s*=\s*[\"']?password\b", re.IGNORECASE)
_DECLARATION_ALONE = re.compile(rb"\s*(?:\xef\xbb\xbf)?\s*<\?xml\b[^>]*\?>\s*\Z")
# The internal subset of a DOCTYPE (`<!DOCTYPE rss [ ... ]>`), looked for before the feed's first element, and the
# entities it declares with a value of their own (an external one, SYSTEM or PUBLIC, is never fetched).
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE\s[^\[>]*\[(.*?)\]\s*>", re.DOTALL)
_ENTITY_VALUE = re.compile(rb"<!ENTITY\s+(%\s+)?\S+\s+(?:\"([^\"]*)\"|'([^']*)')")
_ENTITY_REFERENCE = re.compile(rb"[&%][A-Za-z_:]")
LONGEST_ENTITY = 1_000  # characters: a name for a character or a phrase is far shorter


def _expanding_entities(body: bytes) -> str | None:
    """Why the entities a feed's DOCTYPE declares are refused, or None when it declares none that could blow up:
    one whose value names another entity (a "billion laughs": ten of ten of ten ... expand into gigabytes), or one
    longer than LONGEST_ENTITY (a long one, used thousands of times, does the same in fewer steps). The parser
    expanded none of them, but the story was stored and sent with `&lol8;` in its headline or 40,000 characters of
    `&blob&blob` for its text, and the operator was told nothing."""
    start = body.find(b"<!DOCTYPE", 0, 65_536)
    if start < 0:
        return None
    subset = _INTERNAL_SUBSET.match(body, start)
    if subset is None:
        return None
    for parameter, double, single in _ENTITY_VALUE.findall(subset.group(1)):
        value = double or single
        if parameter or _ENTITY_REFERENCE.search(value) or len(value) > LONGEST_ENTITY:
            what = "into one another" if parameter or _ENTITY_REFERENCE.search(value) else "into long text"
            return (f"refused: the feed's DOCTYPE declares entities that expand {what} (an \"XML bomb\", or a "
                    "broken feed generator); nothing of it was read")
    return None


_ERROR_TITLE = re.compile(
    r"^\W*(?:[45]\d\d\b|error\b)|\b(?:internal server error|service (?:temporarily )?unavailable|temporarily "
    r"unavailable|bad gateway|gateway time-?out|(?:under|down for) maintenance|too many requests|access denied|"
    r"(?:page )?not found)\b", re.IGNORECASE)
_TITLE_OR_HEADING = re.compile(rb"<(title|h1)\b[^>]*>(.{1,300}?)</\1\s*>", re.IGNORECASE | re.DOTALL)


def _error_page_title(body: bytes) -> str:
    """The title (or first heading) of an HTML page that reads as a server's error page ("503 Service Temporarily
    Unavailable", "Site under maintenance"); '' when it reads as none."""
    for found in _TITLE_OR_HEADING.finditer(body[:20_000]):
        text = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", found.group(2).decode("utf-8", "replace"))).split())
        if text and len(text) <= 120 and _ERROR_TITLE.search(text):
            return text
    return ""


_CDATA_OPEN, _CDATA_CLOSE = b"<![CDATA[", b"]]>"


def _unnested_cdata(body: bytes) -> bytes:
    """The feed with a CDATA section written inside another (a CMS wrapping a description already in CDATA in CDATA
    again) made one: the inner section's markers are dropped, its text kept. XML has no nesting: the first `]]>`
    ended the outer section, the rest was read as broken markup, and the story was stored and sent with `<p>` and
    `<![CDATA[` in its text. A section is taken for nested only when another `]]>` closes the outer one before the
    next section opens: a `<![CDATA[` that is a section's text, or a section split to hold a `]]>` of its own
    (`]]]]><![CDATA[>`), is left as XML reads it."""
    if body.count(_CDATA_OPEN) < 2:
        return body
    out: list[bytes] = []
    at = 0
    while True:
        opening = body.find(_CDATA_OPEN, at)
        closing = body.find(_CDATA_CLOSE, opening + len(_CDATA_OPEN)) if opening >= 0 else -1
        if closing < 0:
            out.append(body[at:])
            return b"".join(out)
        inner = body.find(_CDATA_OPEN, opening + len(_CDATA_OPEN))
        if 0 <= inner < closing:
            outer_end = body.find(_CDATA_CLOSE, closing + len(_CDATA_CLOSE))
            following = body.find(_CDATA_OPEN, closing + len(_CDATA_CLOSE))
            if outer_end >= 0 and (following < 0 or outer_end < following):
                out += [body[at:inner], body[inner + len(_CDATA_OPEN):closing],
                        body[closing + len(_CDATA_CLOSE):outer_end + len(_CDATA_CLOSE)]]
                at = outer_end + len(_CDATA_CLOSE)
                continue
        out.append(body[at:closing + len(_CDATA_CLOSE)])
        at = closing + len(_CDATA_CLOSE)


def read_feed(
    body: bytes, *, content_type: str | None = None, max_entries: int = 50, base_url: str | None = None
) -> FeedPage:
    """A feed document's entries, newest first, at most `max_entries`, and what was left out beyond them.
    `base_url` (where it was fetched) makes the feed links an HTML page names absolute, for the error."""
    if not body.strip().removeprefix(b"\xef\xbb\xbf").strip():  # a byte-order mark alone is nothing either
        raise FeedParseError("empty response (no feed)")
    if _DECLARATION_ALONE.match(body):
        # A feed generator that failed once it had written the declaration: "SAXParseException: no element found".
        raise FeedParseError("got an XML declaration and nothing after it (no feed): the site's feed generator may "
                             "have failed")
    if body[:2] == b"\x1f\x8b":  # gzip's magic number: the parser would only say "not well-formed"
        raise FeedParseError("got gzip-compressed data, not a feed (a .gz file, or a server that compressed it twice)")
    bomb = _expanding_entities(body)
    if bomb is not None:
        raise FeedParseError(bomb)
    body = _unnested_cdata(body)
    from_json = body.lstrip()[:1] in (b"{", b"\xef") and jsonfeed.looks_like_json_feed(body)
    if from_json:
        # A JSON Feed is written as the Atom feed it says, and read as one (bot/ingest/jsonfeed.py).
        try:
            body, content_type = jsonfeed.as_atom(body), "application/atom+xml; charset=utf-8"
        except jsonfeed.NotAJsonFeed as exc:
            raise FeedParseError(f"got a JSON Feed (jsonfeed.org) {exc}") from None
    if not from_json and sitemap.looks_like_sitemap(body):
        # A news sitemap is written as the Atom feed it says, and read as one (bot/ingest/sitemap.py).
        try:
            body, content_type = sitemap.as_atom(body), "application/atom+xml; charset=utf-8"
        except sitemap.NotANewsSitemap as exc:
            raise FeedParseError(str(exc)) from None
    body, content_type = _by_its_mark(body, content_type)
    content_type = _charset_trusted(content_type, body) if content_type else None
    headers = {"content-type": content_type} if content_type else None
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        head = body[:500].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
            feeds = feeds_named_by_page(body, base_url)
            if feeds:
                raise FeedParseError(f"got an HTML page, not a feed; the page links to these feeds: "
                                     f"{', '.join(feeds)}")
            feeds = feed_links_in_page(body, base_url)
            if feeds:
                raise FeedParseError(f"got an HTML page, not a feed; the page has links that read as feeds (check "
                                     f"one, and put it in url): {', '.join(feeds)}")
            if _SIGN_IN.search(body):
                # A feed moved behind a members' login redirects to the sign-in form: "check the URL" sent the
                # operator to a url that was right. Where the form is says whose login it wants.
                where = f" (at {redact(base_url)})" if base_url else ""
                raise FeedParseError(f"got a sign-in page, not a feed{where}: the feed asks for a login, which "
                                     "Communiqué does not give; use the site's public feed, or a feed address with "
                                     "its own key if the site offers one")
            failing = _error_page_title(body)
            if failing:
                # A site down answering 200 with its error page: "check the URL" sent the operator to a right config.
                raise FeedParseError(f"got an HTML page, not a feed: it reads as an error page (“{failing}”), so the "
                                     "site may be down or failing; the url is not at fault unless it stays so")
            raise FeedParseError("got an HTML page, not a feed, and the page names no feed (check the URL; for a "
                                 "site without a feed, see 'A site without a feed' in docs/operations.md)")
        if head.startswith((b"{", b"[")):  # an XML parser's "not well-formed" would say nothing of what it got
            raise FeedParseError("got JSON, not a feed (RSS, Atom or JSON Feed): check the url")
        reason = parsed.get("bozo_exception")
        if reason:
            raise FeedParseError(f"not a valid feed ({type(reason).__name__}: {str(reason)[:150]})")
        raise FeedParseError("not a feed")
    now = datetime.now(UTC)
    language = parsed.feed.get("language") if parsed.get("feed") else None
    feed_time = _first_time(parsed.feed, language) if parsed.get("feed") else None
    entries: list[FeedEntry] = []
    seen: dict[str, tuple[str, str, str]] = {}  # id -> the (title, link, text) of the first entry under it
    shared: dict[str, int] = {}
    records, cut_short = _without_a_cut_entry(body, parsed)
    if from_json:
        for raw in records:
            if not any(link.get("rel") == "alternate" for link in raw.get("links") or []):
                raw["link"] = ""  # feedparser made its Atom id its link: a JSON Feed item's id is no address
    left: list[tuple[feedparser.FeedParserDict, datetime | None]] = []
    if len(records) > max_entries:
        ordered = _newest_first(records)
        records, left = [raw for raw, _ in ordered[:max_entries]], ordered[max_entries:]
    midnight_feed = _dates_days_at_midnight(records)
    nothing_to_read: list[str] = []
    dated_ahead: list[tuple[str, datetime]] = []
    zone_taken, zone_taken_for = "", 0
    # Links that entries without an id of their own give more than once (a press page given as every item's link):
    # known by the link, all but the first were dropped as copies of it. Their words tell them apart.
    links_without_id = Counter((raw.get("link") or "").strip() for raw in records if not (raw.get("id") or "").strip())
    for raw in records:
        link = (raw.get("link") or "").strip()
        if not link and not from_json and _WEB_ADDRESS.match((raw.get("id") or "").strip()):
            # An RSS item whose template writes an empty <link> and the story's address in its guid (RSS 2.0's
            # permalink): feedparser takes the guid for the link only when <link> is missing altogether. Without
            # it, the story was stored with no address and its page never read.
            link = (raw.get("id") or "").strip()
        text = _entry_text(raw)
        title = _without_outlet(clean_title(raw.get("title") or "", plain=_typed_plain(raw.get("title_detail"))),
                                raw.get("source"))
        guid = (raw.get("id") or link or "").strip()
        words_id = "" if (raw.get("id") or "").strip() else _words_id(title, text)
        if words_id and link and links_without_id[link] > 1 and (title or text):
            guid = ""  # known by its words, below: a copy listed twice still has the same ones
        if not guid:
            guid = _words_id(title, text)
        if not title and not text and not link:
            # Nothing to read and nowhere to read it (an entry with a link alone is read on its page): said, not
            # dropped unseen.
            nothing_to_read.append(_what_it_carries(raw))
            continue
        if guid in seen:  # an id given twice: the same story listed again (kept once), or a CMS's one id for all
            first_title, first_link, first_text = seen[guid]
            # One headline is not one story: a ministry's statements are all "Statement by the Spokesperson".
            # Entries of a link alone have neither: only their links tell them apart.
            if not link or link == first_link or ((title or text) and (title, text) == (first_title, first_text)):
                continue
            shared[guid] = shared.get(guid, 1) + 1
            guid = link  # a story of its own, with a link of its own: known by that
            if guid in seen:
                continue
        seen[guid] = (title, link, text)
        if not any(ch.isalnum() for ch in title):
            # No headline, or one of no words (a social desk's "🇺🇳" or "🔴" alone, which told a reader nothing):
            # the story's first line heads it, else its page's title when it is read.
            title = _title_from(text) if text else ""
        categories = tuple(
            t.get("term", "").strip().lower() for t in raw.get("tags") or [] if (t.get("term") or "").strip()
        )
        published, dated_by = _first_time(raw, language), "entry"
        taken = zone_taken_unsaid(_date_text(raw), language) if published is not None else None
        if taken is not None:
            zone_taken, zone_taken_for = taken, zone_taken_for + 1
        if published is None:
            published, dated_by = feed_time, "feed" if feed_time else "none"
        by_day = (dated_by == "entry" and published is not None and published.time() == time(0, 0)
                  and (midnight_feed or not _written_with_a_time(raw)))
        if published is not None and by_day:
            published = datetime(published.year, published.month, published.day, tzinfo=UTC)  # the day as written
            by_day = published <= now + DAY_BEGUN_AHEAD
        if published is not None:
            # A future date would pin a story on top; a day that has begun somewhere (east of here) is today's.
            latest = now + (DAY_BEGUN_AHEAD if by_day else timedelta(minutes=5))
            if published > latest:
                dated_ahead.append((title, published))
                published = latest
        media = _media_file(raw) if not link else ""
        entries.append(
            FeedEntry(
                guid=guid[:500],
                title=title,
                link=link or media,
                media_link=bool(media),
                text=text,
                published=published,
                dated_by=dated_by,
                by_day=by_day,
                author=(raw.get("author") or None),
                categories=tuple(c[:40] for c in categories[:10]),
                words_id=words_id if title or text else "",
                language=str(language or "")[:35],
            )
        )
    if parsed.get("bozo") and not entries:
        reason = parsed.get("bozo_exception")
        raise FeedParseError(f"malformed feed with no readable entries ({str(reason)[:150] or 'parse error'})")
    one_date = _one_date_for_all(entries)
    if one_date is not None:
        entries = [replace(entry, dated_by="feed") for entry in entries]
    return FeedPage(entries, left_out=len(left), left_out_dates=tuple(moment for _, moment in left if moment),
                    shared_ids=shared, site=_named_site(parsed, base_url), cut_short=cut_short,
                    nothing_to_read=tuple(nothing_to_read), dated_ahead=tuple(dated_ahead),
                    zone_taken=zone_taken, zone_taken_for=zone_taken_for, one_date=one_date)


ONE_DATE_FOR_ALL = 3  # entries at least, all dated to one second, before that date is taken for the feed's


def _one_date_for_all(entries: list[FeedEntry]) -> datetime | None:
    """The date every entry carries, to the second and with a time of day, when there are ONE_DATE_FOR_ALL of them
    or more: a CMS stamping each item with the time it built the feed. Taken for the entries' own, a feed joining
    a running bot had its whole back catalogue sent as the last minutes' news. A day alone shared by all (a day's
    releases) is theirs."""
    if len(entries) < ONE_DATE_FOR_ALL or any(e.dated_by != "entry" or e.by_day for e in entries):
        return None
    dates = {e.published for e in entries}
    return dates.pop() if len(dates) == 1 else None


_WEB_ADDRESS = re.compile(r"https?://[^\s/]+(?:/\S*)?$", re.IGNORECASE)  # an http(s) address and nothing else


def _words_id(title: str, text: str) -> str:
    """The id an item without one of its own is known by when its link is no story's: its headline and words."""
    return "sha256:" + hashlib.sha256((title + "\n" + text[:2000]).encode()).hexdigest()[:24]


def _media_file(raw: feedparser.FeedParserDict) -> str:
    """The web address of an entry's first media file (<media:content>, then <enclosure>), or ''."""
    addresses = [m.get("url") for m in raw.get("media_content") or []]
    addresses += [e.get("href") for e in raw.get("enclosures") or []]
    return next((a.strip() for a in addresses if isinstance(a, str) and _WEB_ADDRESS.match(a.strip())), "")


def _what_it_carries(raw: feedparser.FeedParserDict) -> str:
    """How to name an entry that has no title, text or link, for the log: its enclosures' media types (an audio
    file, a PDF), else its id, else that it is empty."""
    kinds = [(e.get("type") or "of no stated type").strip() for e in raw.get("enclosures") or []]
    if kinds:
        return "an enclosure only (" + ", ".join(kinds[:3]) + ")"
    guid = (raw.get("id") or "").strip()
    return f"an id only ({guid[:120]})" if guid else "an empty item"


# What expat says of a document that ends before its elements close: the body was cut short.
_ENDED_EARLY = ("no element found", "unclosed token", "unclosed cdata section", "partial character")
_ENTRY_CLOSED = re.compile(rb"</(?:[\w.-]+:)?(?:item|entry)\s*>", re.IGNORECASE)


def _without_a_cut_entry(body: bytes, parsed: feedparser.FeedParserDict
                         ) -> tuple[list[feedparser.FeedParserDict], str | None]:
    """The records, less the one a document cut short ended inside, with that one's title (None when whole).

    A feed answered half-way (a file served while it is written, a proxy cutting the body) still parses: the
    parser's recovery gives the entry the cut landed in, its text cut or empty, and that replaced the stored
    story's text. An entry whose closing tag never came is left for a whole read; the others are kept."""
    records = list(parsed.entries)
    reason = parsed.get("bozo_exception")
    ended_early = reason is not None and any(words in str(reason).lower() for words in _ENDED_EARLY)
    if not records or not ended_early or len(records) <= len(_ENTRY_CLOSED.findall(body)):
        return records, None
    cut = records.pop()
    return records, clean_title(cut.get("title") or "") or (cut.get("link") or "").strip() or "(untitled)"


def _named_site(parsed: feedparser.FeedParserDict, base_url: str | None) -> str:
    """The site a feed names as its own, absolute (against where it was fetched), or '' when it names none."""
    feed = parsed.get("feed") or {}
    site = str(feed.get("link") or "").strip()[:500]
    if site and base_url and base_url.lower().startswith(("http://", "https://")):
        try:
            site = urljoin(base_url, site)
        except ValueError:
            return ""
    return site
