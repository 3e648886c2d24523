"""A news sitemap (sitemaps.org, with Google News's `news:` elements) written as the Atom feed it says.

Many news and government sites publish a news sitemap beside, or instead of, a feed: each story's address,
headline, publication date and language. Each `<url>` with a `news:news` element is written as an Atom entry (its
address as its id and link, its headline, its date) and the document is read by `parse.read_feed` like any feed;
an entry with no text has its page read, as a feed's link-only item does. A sitemap of a site's pages (no news
elements: no headline, no date of a story) or an index of sitemaps is no feed, and says so.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
_NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_INDEX_NAMED = 3  # sitemaps an index's error names


class NotANewsSitemap(ValueError):
    """The document is a sitemap, but no news sitemap that can be read as a feed; the message says why."""


# The document's first element, after a byte order mark, the XML declaration, comments, processing instructions and
# a doctype: a sitemap's is `urlset` or `sitemapindex` (with a prefix, at times).
_ROOT = re.compile(rb"(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<(?:[\w.-]+:)?([\w.-]+)",
                   re.DOTALL | re.IGNORECASE)


def looks_like_sitemap(body: bytes) -> bool:
    """Whether an XML document is a sitemap: its root a `urlset` or `sitemapindex`, the sitemaps.org namespace near
    its start. The namespace alone also took a feed for one when a story near its top named that address."""
    head = body[:4000]
    root = _ROOT.match(head)
    return (root is not None and root.group(1) in (b"urlset", b"sitemapindex")
            and b"sitemaps.org/schemas/sitemap" in head)


def as_atom(body: bytes) -> bytes:
    """The Atom feed a news sitemap says. Raises NotANewsSitemap for a sitemap of pages, an index or bad XML."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise NotANewsSitemap(f"got a sitemap (sitemaps.org) that is not well-formed XML ({str(exc)[:120]})") from None
    if etree.QName(root).localname == "sitemapindex":
        listed = [loc.strip() for loc in root.xpath("//s:sitemap/s:loc/text()", namespaces={"s": _SITEMAP})]
        named = ", ".join(listed[:_INDEX_NAMED]) + (" ..." if len(listed) > _INDEX_NAMED else "")
        raise NotANewsSitemap("got a sitemap index (sitemaps.org), not a feed: it lists the site's sitemaps; if one "
                              f"of them is a news sitemap, put its address in url: {named or '(none listed)'}")
    ns = {"s": _SITEMAP, "n": _NEWS}
    entries = [_entry(url, ns) for url in root.xpath("//s:url[n:news]", namespaces=ns)]
    if not entries:
        raise NotANewsSitemap("got a sitemap of the site's pages (sitemaps.org), not a feed: it gives no headlines "
                              "or dates of news stories; a news sitemap (with news: entries) or an RSS, Atom or "
                              "JSON Feed can be a source")
    languages = {text.strip() for text in root.xpath("//n:publication/n:language/text()", namespaces=ns)}
    language = languages.pop() if len(languages) == 1 else ""
    lang = f" xml:lang={quoteattr(language)}" if _LANGUAGE.fullmatch(language) else ""
    names = [text.strip() for text in root.xpath("//n:publication/n:name/text()", namespaces=ns)]
    title = f"<title>{escape(_clean(names[0]))}</title>" if names else ""
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"{lang}>{title}'
            + "".join(entries) + "</feed>").encode("utf-8")


def _entry(url: etree._Element, ns: dict[str, str]) -> str:
    """One `<url>` of a news sitemap as an Atom entry: its address (id and link), headline and date."""
    def first(path: str) -> str:
        found = url.xpath(f"{path}/text()", namespaces=ns)
        return _clean(str(found[0]).strip()) if found else ""

    address = first("s:loc")
    parts = ["<entry>"]
    if address:
        parts.append(f"<id>{escape(address)}</id><link rel=\"alternate\" href={quoteattr(address)}/>")
    headline = first("n:news/n:title")
    if headline:
        parts.append(f'<title type="text">{escape(headline)}</title>')
    day = first("n:news/n:publication_date") or first("s:lastmod")
    if day:
        parts.append(f"<published>{escape(day)}</published>")
    parts.append("</entry>")
    return "".join(parts)


def _clean(text: str) -> str:
    """Text with the characters XML cannot hold taken out."""
    return _NOT_XML.sub("", text)
