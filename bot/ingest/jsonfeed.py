"""JSON Feed (jsonfeed.org, versions 1 and 1.1) written as the Atom feed it says, for the one feed reader.

A JSON Feed names the same things an Atom feed does (a title and id per item, a link, an HTML or plain-text body,
RFC 3339 dates, authors, tags, attachments), so each is written as its Atom element and the document is read by
`parse.read_feed` like any feed: its dates, headlines, ids, dedupe and the rest are read one way for every format.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from xml.sax.saxutils import escape, quoteattr

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")


class NotAJsonFeed(ValueError):
    """The document is JSON but no JSON Feed that can be read; the message says why."""


def looks_like_json_feed(body: bytes) -> bool:
    """Whether a JSON document names itself a JSON Feed (its `version` is a jsonfeed.org address)."""
    return b"jsonfeed.org/version" in body[:4000].lower().replace(b"\\/", b"/")


def as_atom(body: bytes) -> bytes:
    """The Atom feed a JSON Feed says. Raises NotAJsonFeed when it is not valid JSON or not a feed's object."""
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise NotAJsonFeed(f"that is not valid JSON ({str(exc)[:120]})") from None
    if not isinstance(document, dict) or not isinstance(document.get("items", []), list):
        raise NotAJsonFeed("whose items are not a list")
    language = _text(document.get("language"))
    lang = f" xml:lang={quoteattr(language)}" if _LANGUAGE.fullmatch(language) else ""
    parts = [f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"{lang}>',
             _element("title", document.get("title")), _element("subtitle", document.get("description")),
             _link("alternate", document.get("home_page_url")),
             _element("id", document.get("feed_url") or document.get("home_page_url")),
             *_authors(document)]
    for item in document.get("items") or []:
        if isinstance(item, dict):
            parts.append(_entry(item))
    parts.append("</feed>")
    return "".join(parts).encode("utf-8")


def _entry(item: dict[str, Any]) -> str:
    """One item as an Atom entry. A plain-text body is written as HTML paragraphs (its blank lines kept as breaks,
    its "<" as text), so that it reads as an HTML body does."""
    parts = ["<entry>", _element("id", item.get("id")), _element("title", item.get("title")),
             _link("alternate", item.get("url") or item.get("external_url")),
             _element("published", item.get("date_published")), _element("updated", item.get("date_modified")),
             *_authors(item)]
    body = _text(item.get("content_html"))
    if not body and _text(item.get("content_text")):
        paragraphs = re.split(r"\n\s*\n", _text(item.get("content_text")))
        body = "".join(f"<p>{html.escape(p.strip())}</p>" for p in paragraphs if p.strip())
    if body:
        parts.append(f'<content type="html">{escape(_clean(body))}</content>')
    parts.append(_element("summary", item.get("summary")))
    for tag in item.get("tags") or []:
        if _text(tag):
            parts.append(f"<category term={quoteattr(_clean(_text(tag)))}/>")
    for attachment in item.get("attachments") or []:
        if isinstance(attachment, dict) and _text(attachment.get("url")):
            kind = _text(attachment.get("mime_type"))
            parts.append(f"<link rel=\"enclosure\" href={quoteattr(_clean(_text(attachment['url'])))}"
                         + (f" type={quoteattr(_clean(kind))}" if kind else "") + "/>")
    parts.append("</entry>")
    return "".join(parts)


def _authors(record: dict[str, Any]) -> list[str]:
    """Atom authors from version 1.1's `authors` list, or version 1's single `author`."""
    listed = record.get("authors")
    people = listed if isinstance(listed, list) else [record.get("author")]
    names = [_text(person.get("name")) for person in people if isinstance(person, dict)]
    return [f"<author>{_element('name', name)}</author>" for name in names if name]


def _text(value: object) -> str:
    """A field's value as text: a string as it is, a number written out (ids are often numbers), else ''."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _clean(text: str) -> str:
    """Text with the characters XML cannot hold taken out."""
    return _NOT_XML.sub("", text)


def _element(name: str, value: object) -> str:
    """`<name>value</name>` with the value escaped, or '' when it has none."""
    text = _text(value)
    return f"<{name}>{escape(_clean(text))}</{name}>" if text else ""


def _link(rel: str, value: object) -> str:
    text = _text(value)
    return f"<link rel={quoteattr(rel)} href={quoteattr(_clean(text))}/>" if text else ""
