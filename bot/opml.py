"""OPML 2.0, the subscription list every feed reader imports and exports: read it into sources, write sources out.

Reading is strict about structure and lenient about what readers put in it: folders (outlines without
`xmlUrl`) become tags of the feeds inside them, `category` attributes too; a feed's name is its `text`, else its
`title`, else its host. Anything that cannot become a source (no http(s) address, an address too long) is a
problem, and all problems are reported together: an import changes nothing until the file is right.
defusedxml parses it, so a file with a DTD or entity tricks is refused rather than expanded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ParseError, SubElement, indent, tostring

import defusedxml.ElementTree as SafeTree
from defusedxml import DefusedXmlException

from bot.core.errors import CommuniqueError
from bot.core.text import in_a_word, word_letters
from bot.redact import redact

MAX_BYTES = 5_000_000
MAX_NAME = 200
_TAG_OK = re.compile(r"[\w][\w .&/-]*")
_TAG_CHARACTER = re.compile(r"[\w .&/-]")
_SPACE = re.compile(r"\s+")


class OpmlError(CommuniqueError):
    """The OPML file cannot be imported; `problems` says every reason."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))

    def report(self) -> str:
        lines = [f"{self.source} cannot be imported (nothing was changed):"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


@dataclass(frozen=True)
class Feed:
    """One feed as an OPML outline gives it: a display name, its address, tags from its folders and categories."""

    name: str
    url: str
    tags: tuple[str, ...] = ()


def _clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _web_address(url: str) -> str:
    """The web address a `feed:` one stands for, as readers and browsers write them: "feed://host/rss" is
    http://host/rss, "feed:https://host/rss" is https://host/rss; any other address as it is."""
    if url[:5].lower() != "feed:":
        return url
    rest = url[5:]
    return rest if rest[:7].lower() in ("http://", "https:/") else "http:" + rest


def as_tag(label: str) -> str | None:
    """A folder or category name as a Communiqué tag (lower case, at most 40 characters), or None when nothing
    of it is usable ("★" or "---")."""
    # A letter's marks and a word's joiners stay: 'वार्ता' (Hindi) became "व र त", each vowel sign a space.
    kept = "".join(ch if _TAG_CHARACTER.fullmatch(ch) or in_a_word(ch) else " " for ch in label.lower())
    tag = _clean(kept).strip(" ./&-")[:40].strip()
    return tag if tag and _TAG_OK.fullmatch(" ".join(map(word_letters, tag.split(" ")))) else None


def _categories(value: str | None) -> list[str]:
    """OPML's `category`: comma-separated, each a slash path ("/News/Europe"); every path step is a tag."""
    return [step for item in (value or "").split(",") for step in item.split("/") if step.strip()]


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def read_opml(data: bytes, source: str = "the OPML file") -> list[Feed]:
    """The feeds of an OPML document, in document order, each once; `OpmlError` lists every problem."""
    if len(data) > MAX_BYTES:
        raise OpmlError(source, [f"the file is larger than {MAX_BYTES // 1_000_000} MB; is it really OPML?"])
    try:
        root = SafeTree.fromstring(data)
    except DefusedXmlException:
        raise OpmlError(source, ["the file declares a DTD or entities, which OPML does not use; refused"]) from None
    except ParseError as exc:
        raise OpmlError(source, [f"not well-formed XML ({exc})"]) from None
    if root.tag != "opml":
        raise OpmlError(source, [f"the document is <{root.tag}>, not <opml>: is this an OPML subscription list?"])
    body = root.find("body")
    if body is None:
        raise OpmlError(source, ["the <opml> document has no <body>"])
    feeds: list[Feed] = []
    problems: list[str] = []
    seen: dict[str, int] = {}  # url -> its place in feeds

    def walk(outlines: Iterable[Any], folders: tuple[str, ...]) -> None:
        for number, outline in enumerate(outlines, start=1):
            if outline.tag != "outline":
                continue
            label = _clean(outline.get("text")) or _clean(outline.get("title"))
            url = _web_address((outline.get("xmlUrl") or "").strip())
            if url:
                where = f"outline “{label[:60]}”" if label else f"outline {number} under {'/'.join(folders) or 'body'}"
                parts = urlsplit(url)
                if parts.scheme not in ("http", "https") or not parts.hostname:
                    problems.append(f"{where}: xmlUrl {redact(url)[:100]!r} is not an http:// or https:// address")
                elif len(url) > 2000:
                    problems.append(f"{where}: xmlUrl is longer than 2000 characters")
                else:
                    tags = [t for t in (as_tag(x) for x in (*folders, *_categories(outline.get("category")))) if t]
                    if url in seen:  # the same feed filed under two folders: one source with both folders' tags
                        first = feeds[seen[url]]
                        feeds[seen[url]] = Feed(first.name, first.url, tuple(dict.fromkeys((*first.tags, *tags))))
                    else:
                        seen[url] = len(feeds)
                        feeds.append(Feed((label or _host(url))[:MAX_NAME].strip(), url, tuple(dict.fromkeys(tags))))
            walk(list(outline), (*folders, label) if not url and label else folders)

    walk(list(body), ())
    if problems:
        raise OpmlError(source, problems)
    if not feeds:
        raise OpmlError(source, ["no feeds in it: no <outline> has an xmlUrl attribute"])
    return feeds


def write_opml(feeds: Sequence[Feed], *, title: str = "Communiqué sources", now: datetime | None = None) -> str:
    """An OPML 2.0 document of these feeds, flat, each with its tags as `category` (what readers import)."""
    root = Element("opml", version="2.0")
    head = SubElement(root, "head")
    SubElement(head, "title").text = title
    SubElement(head, "dateCreated").text = format_datetime(now or datetime.now(UTC), usegmt=True)
    SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = SubElement(root, "body")
    for feed in feeds:
        attributes = {"type": "rss", "text": feed.name, "title": feed.name, "xmlUrl": feed.url}
        if feed.tags:
            attributes["category"] = ",".join(feed.tags)
        SubElement(body, "outline", attributes)
    indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode") + "\n"


def toml_string(value: str) -> str:
    """A TOML basic string (quotes, backslashes and control characters escaped)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped)
    return f'"{escaped}"'


def toml_blocks(feeds: Sequence[Feed]) -> str:
    """`[[sources]]` blocks for these feeds, as an operator would write them."""
    blocks = []
    for feed in feeds:
        lines = ["[[sources]]", f"name = {toml_string(feed.name)}", f"url = {toml_string(feed.url)}"]
        if feed.tags:
            lines.append("tags = [" + ", ".join(toml_string(t) for t in feed.tags) + "]")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
