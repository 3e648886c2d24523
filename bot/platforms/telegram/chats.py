"""Telegram chat ids as people write them: numbers, `-100…` for channels and supergroups, `@name` for public ones,
and `-100…/<topic>` for a topic of a forum (a supergroup with topics on), which Communiqué serves as a chat of its
own: what is subscribed there is delivered there, not to the forum's General topic."""

from __future__ import annotations

import re

from bot.core.commands import ChatKind

_NUMERIC_ID = re.compile(r"^-?\d{1,25}$")
_TOPIC_ID = re.compile(r"^(?P<chat>-\d{1,25})/(?P<topic>\d{1,12})$")
# How an operator names a channel in a command: its public @username or its -100… id.
_CHANNEL_REFERENCE = re.compile(r"^(@[A-Za-z0-9_]{3,64}|-100\d{5,20})$")


def is_numeric_id(value: str) -> bool:
    return bool(_NUMERIC_ID.match(value))


def topic_chat_id(chat_id: int, topic: int | None) -> str:
    """The chat id Communiqué keeps for a chat, or for one topic of a forum (`-1001234567890/77`)."""
    return f"{chat_id}/{topic}" if topic is not None else str(chat_id)


def topic_chat_id_prefix(chat_id: str) -> str | None:
    """What the ids Communiqué keeps for a forum's topics begin with (`-1001234567890/`); None for a topic's own."""
    return None if split_topic(chat_id)[1] is not None else f"{chat_id}/"


def topic_link(chat_id: str) -> str | None:
    """The t.me link that opens a forum's topic for its members (`-1001234567890/77` ->
    https://t.me/c/1234567890/77); None for a chat that is no topic."""
    forum, topic = split_topic(chat_id)
    if topic is None or not forum.startswith("-100") or not forum[4:].isdigit():
        return None
    return f"https://t.me/c/{forum[4:]}/{topic}"


def split_topic(chat_id: str) -> tuple[str, int | None]:
    """`-1001234567890/77` -> ("-1001234567890", 77); any other id -> (itself, None)."""
    match = _TOPIC_ID.match(chat_id)
    return (match["chat"], int(match["topic"])) if match else (chat_id, None)


def chat_target(chat_id: str) -> int | str:
    """A stored chat id as the Bot API takes it: a number, or a channel's `@username` as it is."""
    return int(chat_id) if is_numeric_id(chat_id) else chat_id


def is_channel_reference(word: str) -> bool:
    """`@news` or `-1001234567890`: a channel named in a command."""
    return bool(_CHANNEL_REFERENCE.match(word))


def kind_of_id(chat_id: str) -> ChatKind:
    """A chat's kind from its id alone: `@name` and `-100…` are channels (or supergroups, paced alike), other
    negative ids groups, positive ids people; a forum's topic is of its forum's kind."""
    chat_id, _topic = split_topic(chat_id)
    if chat_id.startswith(("@", "-100")):
        return "channel"
    return "group" if chat_id.startswith("-") else "private"
