"""The plain-text twin of an HTML message, sent when Telegram refuses the markup.

A digest must never be lost to a markup bug: if Telegram answers "can't parse entities", the same message goes
out again without parse mode. Formatting is lost, words are not: each link's address follows its words in
brackets (Telegram makes bare URLs clickable by itself), unless that would break the length limit.
"""

from __future__ import annotations

import html as html_lib
import re

from bot.platforms.telegram.html import parse, utf16_len
from bot.platforms.telegram.limits import MESSAGE_MAX

_TAG = re.compile(r"<[^>]*>")


def _with_link_targets(text: str, links: list[tuple[int, int, str]]) -> str:
    """The text with " (url)" after each linked span; `links` are (UTF-16 offset, length, url)."""
    units = text.encode("utf-16-le", "surrogatepass")
    for offset, length, url in sorted(links, reverse=True):
        end = 2 * (offset + length)
        units = units[:end] + f" ({url})".encode("utf-16-le", "surrogatepass") + units[end:]
    return units.decode("utf-16-le", "surrogatepass")


def _cut(text: str, limit: int) -> str:
    """At most `limit` UTF-16 units (never reached for rendered messages: their text is shorter than the HTML)."""
    while utf16_len(text) > limit:
        text = text[: max(0, len(text) - (utf16_len(text) - limit))]
    return text


def plain_text(html: str, *, limit: int = MESSAGE_MAX) -> str:
    """What a reader would see of `html`, as plain text, with link addresses kept where they fit."""
    try:
        parsed = parse(html)
        text = parsed.text
        links = [(e.offset, e.length, e.url) for e in parsed.entities if e.type == "text_link" and e.url]
    except Exception:  # the markup is broken beyond our reader: strip anything tag-like and decode entities
        text, links = html_lib.unescape(_TAG.sub("", html)), []
    with_links = _with_link_targets(text, links) if links else text
    chosen = with_links if utf16_len(with_links) <= limit else text
    return _cut(chosen, limit).strip() or "…"
