"""What Discord refuses in a message, written from Discord's API documentation (Channel > Create Message, the
Embed object, Allowed Mentions), for the test peer: it answers 400 Invalid Form Body (50035) with these problems,
or 50006 for an empty message, as Discord does.

Independent of Communiqué's renderer on purpose: a limit the renderer gets wrong is refused here, not agreed with.
Lengths are counted in code points (Python's `len`), as Discord counts them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

Path = tuple[str | int, ...]

# Discord's documented limits: message content, and each embed's text parts.
CONTENT = 2000
EMBEDS = 10
EMBED_TOTAL = 6000  # title + description + field names and values + footer text + author name, all embeds
FIELDS = 25
TEXT_LIMITS: dict[Path, int] = {
    ("title",): 256,
    ("description",): 4096,
    ("footer", "text"): 2048,
    ("author", "name"): 256,
}
FIELD_LIMITS = {"name": 256, "value": 1024}
COLOUR_MAX = 0xFFFFFF
MENTION_KINDS = ("roles", "users", "everyone")
NONCE = 25  # a message's nonce: an integer, or a string of at most this many characters


@dataclass(frozen=True)
class Problem:
    """One entry of Discord's `errors` object: where (`("embeds", 0, "title")`), its code and its wording."""

    path: Path
    code: str
    message: str

    def __str__(self) -> str:
        return f"{'.'.join(map(str, self.path)) or '(message)'}: {self.message}"


def too_long(path: Path, limit: int) -> Problem:
    return Problem(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def required(path: Path) -> Problem:
    return Problem(path, "BASE_TYPE_REQUIRED", "This field is required")


def not_an_object(path: Path) -> Problem:
    return Problem(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used.")


def embed_characters(embed: Mapping[str, Any]) -> int:
    """The characters of an embed that count towards the 6000 of a message."""
    counted = [_at(embed, path) for path in TEXT_LIMITS]
    for field in embed.get("fields") or []:
        if isinstance(field, Mapping):
            counted += [field.get("name"), field.get("value")]
    return sum(len(text) for text in counted if isinstance(text, str))


def problems(message: Mapping[str, Any], *, require_body: bool = True) -> list[Problem]:
    """Every reason Discord would refuse this create-message (or, `require_body=False`, edit) body."""
    found: list[Problem] = []
    content = message.get("content")
    if content is not None:
        if not isinstance(content, str):
            found.append(Problem(("content",), "STRING_TYPE_CONVERT", "Could not interpret value as string."))
        elif len(content) > CONTENT:
            found.append(too_long(("content",), CONTENT))
    embeds = message.get("embeds")
    if embeds is not None:
        found += _embeds(embeds)
    found += _allowed_mentions(message.get("allowed_mentions"))
    found += _nonce(message.get("nonce"))
    if require_body and not found and not _says_something(message):
        found.append(Problem((), "EMPTY_MESSAGE", "Cannot send an empty message"))
    return found


def _nonce(nonce: Any) -> list[Problem]:
    """Create Message: `nonce` is "integer or string ... (up to 25 characters)"."""
    if nonce is None or (isinstance(nonce, int) and not isinstance(nonce, bool)):
        return []
    if not isinstance(nonce, str):
        return [Problem(("nonce",), "STRING_TYPE_CONVERT", "Could not interpret value as string.")]
    return [too_long(("nonce",), NONCE)] if len(nonce) > NONCE else []


def _says_something(message: Mapping[str, Any]) -> bool:
    """Content that is not blank, or an embed with some text or picture (Discord's 50006 otherwise)."""
    content = message.get("content")
    if isinstance(content, str) and content.strip():
        return True
    for embed in message.get("embeds") or []:
        if isinstance(embed, Mapping) and (embed_characters(embed) or _at(embed, ("image", "url"))
                                           or _at(embed, ("thumbnail", "url")) or embed.get("fields")):
            return True
    return bool(message.get("attachments") or message.get("sticker_ids") or message.get("components"))


def _embeds(embeds: Any) -> list[Problem]:
    if not isinstance(embeds, list):
        return [Problem(("embeds",), "LIST_TYPE_CONVERT", "Must be an array.")]
    found: list[Problem] = []
    if len(embeds) > EMBEDS:
        found.append(too_long(("embeds",), EMBEDS))
    for index, embed in enumerate(embeds):
        found += _embed(embed, ("embeds", index)) if isinstance(embed, Mapping) else [not_an_object(("embeds", index))]
    if sum(embed_characters(e) for e in embeds if isinstance(e, Mapping)) > EMBED_TOTAL:
        found.append(
            Problem(("embeds",), "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {EMBED_TOTAL}")
        )
    return found


def _embed(embed: Mapping[str, Any], at: Path) -> list[Problem]:
    found: list[Problem] = []
    for path, limit in TEXT_LIMITS.items():
        parent = path[:-1]
        if parent and embed.get(parent[0]) is not None:
            if not isinstance(embed[parent[0]], Mapping):
                found.append(not_an_object(at + parent))
                continue
            if not _is_text(_at(embed, path)):  # a footer needs its text, an author its name
                found.append(required(at + path))
                continue
        found += _text(_at(embed, path), limit, at + path)
    for path in (("url",), ("image", "url"), ("thumbnail", "url")):
        if (path == ("url",) or embed.get(path[0]) is not None) and not _url_ok(_at(embed, path), path != ("url",)):
            found.append(Problem(at + path, "URL_TYPE_INVALID_URL", "Not a well formed URL."))
    timestamp = embed.get("timestamp")
    if timestamp is not None and not _iso8601(timestamp):
        found.append(
            Problem(at + ("timestamp",), "DATE_TYPE_PARSE", f"Could not parse {timestamp}. Should be ISO8601.")
        )
    colour = embed.get("color")
    if colour is not None and (type(colour) is not int or not 0 <= colour <= COLOUR_MAX):
        found.append(
            Problem(at + ("color",), "NUMBER_TYPE_MAX", f"int value should be less than or equal to {COLOUR_MAX}.")
        )
    fields = embed.get("fields")
    if fields is not None:
        found += _fields(fields, at + ("fields",))
    return found


def _fields(fields: Any, at: Path) -> list[Problem]:
    if not isinstance(fields, list):
        return [Problem(at, "LIST_TYPE_CONVERT", "Must be an array.")]
    found = [too_long(at, FIELDS)] if len(fields) > FIELDS else []
    for index, field in enumerate(fields):
        if not isinstance(field, Mapping):
            found.append(not_an_object(at + (index,)))
            continue
        for key, limit in FIELD_LIMITS.items():
            value = field.get(key)
            found += [required(at + (index, key))] if not _is_text(value) else _text(value, limit, at + (index, key))
    return found


def _allowed_mentions(allowed: Any) -> list[Problem]:
    at: Path = ("allowed_mentions",)
    if allowed is None:
        return []
    if not isinstance(allowed, Mapping):
        return [not_an_object(at)]
    parse = allowed.get("parse") or []
    found = [
        Problem(at + ("parse", index), "ENUM_TYPE_COERCE", f'Value "{kind}" is not a valid enum value.')
        for index, kind in enumerate(parse)
        if kind not in MENTION_KINDS
    ]
    for kind in ("users", "roles"):  # parse a kind, or list its ids: not both
        if kind in parse and allowed.get(kind):
            found.append(Problem(at + ("parse",), "SET_TYPE_ALREADY_CONTAINS_VALUE",
                                 f'parse:["{kind}"] and {kind}: [ids] are mutually exclusive.'))
    return found


def _at(item: Mapping[str, Any], path: Path) -> Any:
    for key in path:
        if not isinstance(item, Mapping):
            return None
        item = item.get(key)  # type: ignore[assignment]
    return item


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _text(value: Any, limit: int, at: Path) -> list[Problem]:
    if value is None:
        return []
    if not isinstance(value, str):
        return [Problem(at, "STRING_TYPE_CONVERT", "Could not interpret value as string.")]
    return [too_long(at, limit)] if len(value) > limit else []


def _url_ok(value: Any, needed: bool) -> bool:
    """A well formed http(s) URL (absent is fine where it is optional)."""
    if value is None:
        return not needed
    if not isinstance(value, str) or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    host = parts.hostname or ""
    # Undocumented, seen by many: Discord refuses a host without a dot ('http://intranet/...', 400 with
    # {"embeds": ["0"]}), and a host written in percent escapes is no host a browser opens ('https://a.%E4.com').
    return parts.scheme.lower() in ("http", "https") and "." in host and "%" not in host and host.isascii()


def _iso8601(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True
