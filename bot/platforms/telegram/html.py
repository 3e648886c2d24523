"""Telegram's HTML rules, checked before a message is sent: the problems, the plain text, its length.

Telegram answers "400 can't parse entities" to HTML it does not accept, and the whole message is lost; the
renderer (`bot.platforms.telegram.render`) therefore checks its own output here, and the tests check every
rendered message. The rules are Telegram's documented ones, applied strictly (stricter than Telegram's
parser, which tolerates a bare `>` or an unknown `&name`): what passes here, Telegram accepts.

- Tags: b, strong, i, em, u, ins, s, strike, del, tg-spoiler, span class="tg-spoiler", a href, code
  (class="language-..." inside pre), pre, blockquote (optionally `expandable`), tg-emoji emoji-id.
- Every tag closed, properly nested; no link inside a link, nothing but `code` inside `pre`, nothing inside
  `code`, no quote inside a quote.
- Only the named entities &lt; &gt; &amp; &quot; plus numeric ones; no bare `<`, `>` or `&` in text or in
  attribute values; attribute values quoted.
- Links only to http, https, tg and mailto URLs.

Lengths are counted in UTF-16 code units, as Telegram counts entity offsets; that is never less than the count
in characters, so a message within the limit by this measure is within it by Telegram's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.platforms.telegram.limits import ENTITIES_MAX, MESSAGE_MAX

_ENTITY_TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "tg-spoiler": "spoiler",
    "span": "spoiler", "a": "text_link", "code": "code", "pre": "pre", "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_LINK_SCHEMES = ("http://", "https://", "tg://", "mailto:")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

_TAG = re.compile(
    r"<(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9-]*)"
    r"(?P<attrs>(?:\s+[^\s=<>/\"']+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)"
    r"\s*(?P<self>/)?>"
)
_ATTR = re.compile(r"([^\s=<>/\"']+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_SPECIAL = re.compile(r"[<>&\x00\ud800-\udfff]")  # where plain text stops
_BAD_CHARACTERS = {">": "bare '>' in text: write &gt;", "\x00": "NUL character in text"}
_ENTITY = re.compile(r"&(?:(?P<named>[A-Za-z]+)|#(?P<dec>[0-9]{1,7})|#[xX](?P<hex>[0-9A-Fa-f]{1,6}));")


@dataclass(frozen=True)
class HtmlProblem:
    """One breach of Telegram's rules, at a character offset of the HTML."""

    offset: int
    message: str

    def __str__(self) -> str:
        return f"at {self.offset}: {self.message}"


@dataclass(frozen=True)
class Entity:
    """A formatting entity as Telegram would report it (offsets and lengths in UTF-16 code units)."""

    type: str
    offset: int
    length: int
    url: str | None = None
    language: str | None = None  # of a pre block, from <pre><code class="language-...">


@dataclass(frozen=True)
class ParsedHtml:
    """The HTML as Telegram would read it: plain text, entities, and what is wrong with it."""

    text: str
    entities: tuple[Entity, ...] = ()
    problems: tuple[HtmlProblem, ...] = field(default=())

    @property
    def length(self) -> int:
        """The text's length as Telegram counts it against the 4096 limit (UTF-16 code units)."""
        return utf16_len(self.text)

    def entity_text(self, entity: Entity) -> str:
        """The text an entity covers (its offsets are UTF-16 units, not Python string indexes)."""
        units = self.text.encode("utf-16-le", "surrogatepass")
        return units[2 * entity.offset: 2 * (entity.offset + entity.length)].decode("utf-16-le", "surrogatepass")

    def links(self) -> list[tuple[str, str]]:
        """Each text link as (the words shown, the URL), in order."""
        return [(self.entity_text(e), e.url or "") for e in self.entities if e.type == "text_link"]


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units: astral characters (most emoji) count two, like in Telegram's offsets."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def escape_text(text: str) -> str:
    """Article text made safe for Telegram HTML outside tags."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(text: str) -> str:
    """A value made safe inside a double-quoted attribute (href)."""
    return escape_text(text).replace('"', "&quot;")


def is_link_target(url: str) -> bool:
    """Whether Telegram takes this as a link target (the renderer itself links only http and https)."""
    return url.lower().startswith(_LINK_SCHEMES) and not any(ch.isspace() or ord(ch) < 32 for ch in url)


@dataclass
class _Open:
    name: str
    at: int
    text_offset: int
    url: str | None = None
    language: str | None = None


class _Parser:
    """A single pass over the HTML: collects text, entities and every problem (it does not stop at the first)."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.out: list[str] = []
        self.text_units = 0
        self.stack: list[_Open] = []
        self.entities: list[Entity] = []
        self.problems: list[HtmlProblem] = []

    def problem(self, at: int, message: str) -> None:
        self.problems.append(HtmlProblem(at, message))

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.text_units += utf16_len(text)

    def run(self) -> ParsedHtml:
        html, i = self.html, 0
        while i < len(html):
            ch = html[i]
            if ch == "<":
                i = self.tag(i)
            elif ch == "&":
                i = self.entity(i, inside_attribute=False)
            elif ch == ">" or ch == "\x00" or 0xD800 <= ord(ch) <= 0xDFFF:
                self.problem(i, _BAD_CHARACTERS.get(ch, "lone surrogate: not valid UTF-8, Telegram cannot receive it"))
                self.emit(ch)
                i += 1
            else:
                end = _SPECIAL.search(html, i)
                stop = end.start() if end else len(html)
                self.emit(html[i:stop])
                i = stop
        for still_open in reversed(self.stack):
            self.problem(still_open.at, f"<{still_open.name}> is never closed")
        self.entities.sort(key=lambda e: (e.offset, -e.length))
        return ParsedHtml("".join(self.out), tuple(self.entities), tuple(self.problems))

    def entity(self, i: int, *, inside_attribute: bool) -> int:
        """Decodes `&...;` at i into the text; a bare `&` is a problem (and kept as text)."""
        match = _ENTITY.match(self.html, i)
        decoded = _decode_entity(match) if match else None
        if decoded is None:
            where = " in an attribute" if inside_attribute else ""
            self.problem(i, f"bare '&'{where}: write &amp; (only &lt; &gt; &amp; &quot; and numeric entities)")
            if not inside_attribute:
                self.emit("&")
            return i + 1
        if not inside_attribute:
            self.emit(decoded)
        assert match is not None
        return match.end()

    def tag(self, i: int) -> int:
        match = _TAG.match(self.html, i)
        if match is None:
            self.problem(i, "'<' does not start a well-formed tag: write &lt;")
            self.emit("<")
            return i + 1
        name = match["name"].lower()
        if name not in _ENTITY_TYPES:
            self.problem(i, f"<{name}> is not a tag Telegram supports")
            return match.end()
        if match["self"]:
            self.problem(i, f"<{name}/> self-closing tags are not allowed")
            return match.end()
        if match["close"]:
            self.close(i, name, match["attrs"])
        else:
            self.open(i, name, _attributes(match["attrs"]), match.start("attrs"))
        return match.end()

    def open(self, i: int, name: str, attrs: list[tuple[str, str | None]], attrs_at: int) -> None:
        self.check_nesting(i, name)
        url = self.check_attributes(i, name, attrs, attrs_at)
        language = next((v[1:-1] for a, v in attrs if a.lower() == "class" and v and v[1:].startswith("language-")),
                        None)
        if name == "code" and self.stack and self.stack[-1].name == "pre" and language:
            self.stack[-1].language = language[len("language-"):]  # <pre><code class=...>: the pre's language
        self.stack.append(_Open(name, i, self.text_units, url))

    def close(self, i: int, name: str, attrs: str) -> None:
        if attrs.strip():
            self.problem(i, f"</{name}> cannot have attributes")
        if not self.stack:
            self.problem(i, f"</{name}> closes nothing")
            return
        top = self.stack[-1]
        if top.name != name:
            self.problem(i, f"</{name}> closes <{top.name}> (tags must nest)")
            if not any(o.name == name for o in self.stack):
                return
            while self.stack[-1].name != name:
                self.stack.pop()
            top = self.stack[-1]
        self.stack.pop()
        if name == "code" and self.stack and self.stack[-1].name == "pre":
            return  # code directly inside pre is part of the pre entity, as Telegram reads it
        length = self.text_units - top.text_offset
        if length > 0:
            self.entities.append(Entity(_ENTITY_TYPES[name], top.text_offset, length, top.url, top.language))

    def check_nesting(self, i: int, name: str) -> None:
        names = [o.name for o in self.stack]
        if name == "a" and "a" in names:
            self.problem(i, "a link inside a link")
        if name == "blockquote" and "blockquote" in names:
            self.problem(i, "a blockquote inside a blockquote")
        if "code" in names:
            self.problem(i, f"<{name}> inside <code>: code holds text only")
        elif "pre" in names and not (name == "code" and names[-1] == "pre"):
            self.problem(i, f"<{name}> inside <pre>: only <code> may be there")

    def check_attributes(self, i: int, name: str, attrs: list[tuple[str, str | None]], attrs_at: int
                         ) -> str | None:
        """Checks the attributes one tag may have; returns the link target of an <a>."""
        values = {}
        for attr, raw in attrs:
            if raw is not None and raw[:1] not in ('"', "'"):
                self.problem(i, f"<{name}>: the value of {attr} must be quoted")
            value = raw[1:-1] if raw is not None and raw[:1] in ('"', "'") else raw
            if value is not None:
                value = self.attribute_value(attrs_at, value)
            values[attr.lower()] = value
        allowed = {"a": {"href"}, "span": {"class"}, "code": {"class"}, "blockquote": {"expandable"},
                   "tg-emoji": {"emoji-id"}}.get(name, set())
        for attr in values.keys() - allowed:
            self.problem(i, f"<{name}> cannot have the attribute {attr}")
        if name == "a":
            href = values.get("href")
            if not href:
                self.problem(i, "<a> needs a non-empty href")
            elif not is_link_target(href):
                self.problem(i, f"<a href> must be an http, https, tg or mailto URL, not {href[:40]!r}")
            return href
        if name == "span" and values.get("class") != "tg-spoiler":
            self.problem(i, '<span> must be <span class="tg-spoiler">')
        if name == "code" and "class" in values and not (values["class"] or "").startswith("language-"):
            self.problem(i, '<code class> must be "language-..."')
        if name == "blockquote" and values.get("expandable") is not None:
            self.problem(i, "<blockquote expandable> takes no value")
        if name == "tg-emoji" and not (values.get("emoji-id") or "").isdigit():
            self.problem(i, "<tg-emoji> needs a numeric emoji-id")
        return None

    def attribute_value(self, at: int, value: str) -> str:
        """Decodes an attribute value, flagging bare `&`, `<`, `>` in it."""
        out: list[str] = []
        j = 0
        while j < len(value):
            ch = value[j]
            if ch == "&":
                match = _ENTITY.match(value, j)
                decoded = _decode_entity(match) if match else None
                if decoded is None:
                    self.problem(at, "bare '&' in an attribute value: write &amp;")
                    out.append("&")
                    j += 1
                    continue
                assert match is not None
                out.append(decoded)
                j = match.end()
                continue
            if ch in "<>":
                self.problem(at, f"bare {ch!r} in an attribute value: write {'&lt;' if ch == '<' else '&gt;'}")
            out.append(ch)
            j += 1
        return "".join(out)


def _attributes(raw: str) -> list[tuple[str, str | None]]:
    return [(m.group(1), m.group(2)) for m in _ATTR.finditer(raw)]


def _decode_entity(match: re.Match[str]) -> str | None:
    """The character an entity stands for, or None where Telegram's rules do not allow it."""
    if match["named"] is not None:
        return _NAMED.get(match["named"])
    code = int(match["dec"]) if match["dec"] is not None else int(match["hex"], 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def parse(html: str) -> ParsedHtml:
    """Reads Telegram HTML as Telegram would, collecting every problem instead of stopping at the first."""
    return _Parser(html).run()


def check(html: str, *, limit: int | None = MESSAGE_MAX) -> list[HtmlProblem]:
    """Every reason Telegram would refuse this message (markup problems, empty text, text over `limit`), or
    would send it without part of its formatting (more than ENTITIES_MAX entities: links past the 100th lost)."""
    parsed = parse(html)
    problems = list(parsed.problems)
    if not parsed.text.strip():
        problems.append(HtmlProblem(0, "the message has no visible text"))
    if limit is not None and parsed.length > limit:
        problems.append(HtmlProblem(0, f"the text is {parsed.length} long after parsing; the limit is {limit}"))
    if len(parsed.entities) > ENTITIES_MAX:
        problems.append(HtmlProblem(0, f"{len(parsed.entities)} entities; Telegram keeps {ENTITIES_MAX}"))
    return problems


def text_length(html: str) -> int:
    """The length Telegram counts for this HTML message: its text after entity parsing, in UTF-16 units."""
    return parse(html).length
