"""Telegram chat ids as people write them: numbers, `-100…` for channels and supergroups, `@name` for public ones."""

from __future__ import annotations

import re

from bot.core.commands import ChatKind

_NUMERIC_ID = re.compile(r"^-?\d{1,25}$")
# How an operator names a channel in a command: its public @username or its -100… id.
_CHANNEL_REFERENCE = re.compile(r"^(@[A-Za-z0-9_]{3,64}|-100\d{5,20})$")


def is_numeric_id(value: str) -> bool:
    return bool(_NUMERIC_ID.match(value))


def chat_target(chat_id: str) -> int | str:
    """A stored chat id as the Bot API takes it: a number, or a channel's `@username` as it is."""
    return int(chat_id) if is_numeric_id(chat_id) else chat_id


def is_channel_reference(word: str) -> bool:
    """`@news` or `-1001234567890`: a channel named in a command."""
    return bool(_CHANNEL_REFERENCE.match(word))


def kind_of_id(chat_id: str) -> ChatKind:
    """A chat's kind from its id alone: `@name` and `-100…` are channels (or supergroups, paced alike), other
    negative ids groups, positive ids people."""
    if chat_id.startswith(("@", "-100")):
        return "channel"
    return "group" if chat_id.startswith("-") else "private"
