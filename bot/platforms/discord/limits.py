"""Discord's message limits, and a checker that finds every one a payload breaks.

The renderer (`render.py`) keeps every payload within these; its tests check what it makes with `check_message`.
Lengths are counted as Discord counts them: in code points (Python's `len`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from bot.core.platform import SendLimits

# Discord allows 50 requests a second per bot and about 5 messages per 5 s in a channel; discord.py waits out the
# exact buckets from the headers, these keep the sender from queueing far more than Discord will take.
DISCORD_LIMITS = SendLimits(per_second=40.0, per_chat_per_second=1.0, per_group_per_minute=0.0)

# Discord's documented limits (characters are code points).
CONTENT_MAX = 2000
EMBEDS_MAX = 10
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_MAX = 256
EMBED_TOTAL_MAX = 6000
URL_MAX = 2048  # Discord refuses longer embed URLs; it documents none, so this is the common browser limit.



@dataclass(frozen=True)
class LimitViolation:
    """One way a payload breaks Discord's rules, named as Discord names it in a 400 answer.

    `path` locates the value (`("embeds", 0, "title")`); `code` is Discord's error code (`BASE_TYPE_MAX_LENGTH`,
    `BASE_TYPE_REQUIRED`, `URL_TYPE_INVALID_URL`, `MAX_EMBED_SIZE_EXCEEDED`, ... or `EMPTY_MESSAGE` for Discord's
    50006 "Cannot send an empty message"); `message` is Discord's wording.
    """

    path: tuple[str | int, ...]
    code: str
    message: str

    def __str__(self) -> str:
        where = ".".join(str(p) for p in self.path) or "(message)"
        return f"{where}: {self.message}"


def embed_size(embed: Mapping[str, Any]) -> int:
    """The characters of one embed that count towards Discord's 6000 per message.

    Discord counts title, description, field names and values, footer text and author name; not URLs,
    colours or timestamps.
    """
    size = len(_text(embed.get("title"))) + len(_text(embed.get("description")))
    for field in embed.get("fields") or []:
        if isinstance(field, Mapping):
            size += len(_text(field.get("name"))) + len(_text(field.get("value")))
    footer = embed.get("footer")
    if isinstance(footer, Mapping):
        size += len(_text(footer.get("text")))
    author = embed.get("author")
    if isinstance(author, Mapping):
        size += len(_text(author.get("name")))
    return size


def check_message(payload: Mapping[str, Any], *, require_body: bool = True) -> list[LimitViolation]:
    """Every limit a message payload breaks; empty when Discord would accept it.

    `require_body=False` checks an edit, which may leave content and embeds out.
    """
    problems: list[LimitViolation] = []
    content = payload.get("content")
    if content is not None and not isinstance(content, str):
        problems.append(LimitViolation(("content",), "STRING_TYPE_CONVERT", "Could not interpret value as string."))
    elif isinstance(content, str) and len(content) > CONTENT_MAX:
        problems.append(_too_long(("content",), CONTENT_MAX))
    embeds = payload.get("embeds")
    if embeds is not None:
        problems.extend(_check_embeds(embeds))
    problems.extend(_check_allowed_mentions(payload.get("allowed_mentions")))
    if require_body and not problems and _is_empty(payload):
        problems.append(LimitViolation((), "EMPTY_MESSAGE", "Cannot send an empty message"))
    return problems


def _is_empty(payload: Mapping[str, Any]) -> bool:
    """Discord refuses a message with no content, embeds, files, stickers, components or poll."""
    content = payload.get("content")
    if isinstance(content, str) and content.strip():
        return False
    if any(_embed_has_body(e) for e in payload.get("embeds") or [] if isinstance(e, Mapping)):
        return False
    return not any(payload.get(key) for key in ("attachments", "sticker_ids", "components", "poll"))


def _embed_has_body(embed: Mapping[str, Any]) -> bool:
    """An embed Discord would show: one with any text or image (an empty embed makes an empty message)."""
    if embed_size(embed) > 0:
        return True
    return any(isinstance(embed.get(k), Mapping) and embed[k].get("url") for k in ("image", "thumbnail", "video"))


def _check_embeds(embeds: Any) -> list[LimitViolation]:
    """Limits on the embeds list and on each embed, then the 6000 total."""
    if not isinstance(embeds, list):
        return [LimitViolation(("embeds",), "LIST_TYPE_CONVERT", "Must be an array.")]
    problems: list[LimitViolation] = []
    if len(embeds) > EMBEDS_MAX:
        problems.append(_too_long(("embeds",), EMBEDS_MAX))
    for index, embed in enumerate(embeds):
        if not isinstance(embed, Mapping):
            problems.append(LimitViolation(("embeds", index), "DICT_TYPE_CONVERT", "Only dictionaries may be used."))
            continue
        problems.extend(_check_embed(embed, ("embeds", index)))
    total = sum(embed_size(e) for e in embeds if isinstance(e, Mapping))
    if total > EMBED_TOTAL_MAX:
        problems.append(
            LimitViolation(
                ("embeds",), "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX}"
            )
        )
    return problems


def _check_embed(embed: Mapping[str, Any], at: tuple[str | int, ...]) -> list[LimitViolation]:
    """One embed's own limits: lengths, required field parts, URL and timestamp forms, colour range."""
    problems: list[LimitViolation] = []
    problems.extend(_check_length(embed.get("title"), TITLE_MAX, at + ("title",)))
    problems.extend(_check_length(embed.get("description"), DESCRIPTION_MAX, at + ("description",)))
    for key in ("url",):
        if embed.get(key) is not None and not is_web_url(embed[key]):
            problems.append(LimitViolation(at + (key,), "URL_TYPE_INVALID_URL", "Not a well formed URL."))
    for key in ("image", "thumbnail"):
        part = embed.get(key)
        if isinstance(part, Mapping) and not is_web_url(part.get("url")):
            problems.append(LimitViolation(at + (key, "url"), "URL_TYPE_INVALID_URL", "Not a well formed URL."))
    problems.extend(_check_named_part(embed.get("footer"), "text", FOOTER_MAX, at + ("footer",)))
    problems.extend(_check_named_part(embed.get("author"), "name", AUTHOR_MAX, at + ("author",)))
    problems.extend(_check_fields(embed.get("fields"), at + ("fields",)))
    timestamp = embed.get("timestamp")
    if timestamp is not None and not _is_iso_timestamp(timestamp):
        problems.append(
            LimitViolation(at + ("timestamp",), "DATE_TYPE_PARSE", f"Could not parse {timestamp}. Should be ISO8601.")
        )
    colour = embed.get("color")
    if colour is not None and (not isinstance(colour, int) or isinstance(colour, bool) or not 0 <= colour <= 0xFFFFFF):
        problems.append(
            LimitViolation(at + ("color",), "NUMBER_TYPE_MAX", "int value should be less than or equal to 16777215.")
        )
    return problems


def _check_fields(fields: Any, at: tuple[str | int, ...]) -> list[LimitViolation]:
    """At most 25 fields, each with a non-empty name (256) and value (1024)."""
    if fields is None:
        return []
    if not isinstance(fields, list):
        return [LimitViolation(at, "LIST_TYPE_CONVERT", "Must be an array.")]
    problems: list[LimitViolation] = []
    if len(fields) > FIELDS_MAX:
        problems.append(_too_long(at, FIELDS_MAX))
    for index, field in enumerate(fields):
        if not isinstance(field, Mapping):
            problems.append(LimitViolation(at + (index,), "DICT_TYPE_CONVERT", "Only dictionaries may be used."))
            continue
        for key, limit in (("name", FIELD_NAME_MAX), ("value", FIELD_VALUE_MAX)):
            value = field.get(key)
            if not isinstance(value, str) or not value.strip():
                problems.append(LimitViolation(at + (index, key), "BASE_TYPE_REQUIRED", "This field is required"))
            else:
                problems.extend(_check_length(value, limit, at + (index, key)))
    return problems


def _check_named_part(part: Any, key: str, limit: int, at: tuple[str | int, ...]) -> list[LimitViolation]:
    """A footer or author: when present, its text/name is required and limited."""
    if part is None:
        return []
    if not isinstance(part, Mapping):
        return [LimitViolation(at, "DICT_TYPE_CONVERT", "Only dictionaries may be used.")]
    value = part.get(key)
    if not isinstance(value, str) or not value.strip():
        return [LimitViolation(at + (key,), "BASE_TYPE_REQUIRED", "This field is required")]
    return _check_length(value, limit, at + (key,))


def _check_length(value: Any, limit: int, at: tuple[str | int, ...]) -> list[LimitViolation]:
    """A string no longer than `limit` code points (absent is fine)."""
    if value is None:
        return []
    if not isinstance(value, str):
        return [LimitViolation(at, "STRING_TYPE_CONVERT", "Could not interpret value as string.")]
    if len(value) > limit:
        return [_too_long(at, limit)]
    return []


def _check_allowed_mentions(allowed: Any) -> list[LimitViolation]:
    """`allowed_mentions` in Discord's form: parse a subset of users/roles/everyone, not mixed with id lists."""
    if allowed is None:
        return []
    at: tuple[str | int, ...] = ("allowed_mentions",)
    if not isinstance(allowed, Mapping):
        return [LimitViolation(at, "DICT_TYPE_CONVERT", "Only dictionaries may be used.")]
    problems: list[LimitViolation] = []
    parse = allowed.get("parse") or []
    for index, kind in enumerate(parse):
        if kind not in ("users", "roles", "everyone"):
            problems.append(
                LimitViolation(at + ("parse", index), "ENUM_TYPE_COERCE", f'Value "{kind}" is not a valid enum value.')
            )
    for kind in ("users", "roles"):
        if kind in parse and allowed.get(kind):
            problems.append(
                LimitViolation(
                    at + ("parse",),
                    "SET_TYPE_ALREADY_CONTAINS_VALUE",
                    f'parse:["{kind}"] and {kind}: [ids] are mutually exclusive.',
                )
            )
    return problems


def _too_long(at: tuple[str | int, ...], limit: int) -> LimitViolation:
    """Discord's own wording for a string or list over its limit."""
    return LimitViolation(at, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def _text(value: Any) -> str:
    """A value as counted text (non-strings count as nothing; the type check reports them)."""
    return value if isinstance(value, str) else ""


def _is_iso_timestamp(value: Any) -> bool:
    """An ISO 8601 date-time, as Discord accepts for an embed's timestamp."""
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def is_web_url(value: Any) -> bool:
    """An absolute http(s) URL with a host, no whitespace, no longer than Discord takes: safe to link."""
    if not isinstance(value, str) or not value or len(value) > URL_MAX:
        return False
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
