"""Telegram described once, for the platform-neutral layers (see `bot.core.platform.PlatformSpec`)."""

from __future__ import annotations

import re
from typing import Any

from bot.core.commands import ChatKind
from bot.core.platform import Platform, PlatformSpec
from bot.platforms.telegram import chats
from bot.platforms.telegram.config import TelegramConfig


class TelegramSpec(PlatformSpec):
    name = "telegram"
    title = "Telegram"
    token_form = re.compile(r"\d{3,}:[A-Za-z0-9_-]{30,}")  # <bot id>:<secret>, as @BotFather gives it
    chat_form = re.compile(r"-?\d{1,25}|-\d{1,25}/\d{1,12}|@[A-Za-z0-9_]{3,64}")
    chat_form_text = ("a Telegram chat id: a number (e.g. -1001234567890), a forum topic (-1001234567890/77) or a "
                      "channel's @name, with its @")
    section = TelegramConfig
    enclosing_whole = "The whole group"
    enclosing_place = "the forum's General topic"
    rights_back = "Making Communiqué an administrator there that may post again starts them again by itself"

    def chat_kind(self, chat_id: str) -> ChatKind:
        return chats.kind_of_id(chat_id)

    def place(self, chat_kind: ChatKind, chat_id: str | None = None) -> str:
        """A channel is a channel in Telegram's own client: its admins read "This channel is now subscribed",
        not "This chat". A forum's topic is a topic: "This topic is now subscribed" (not the whole group, whose
        General topic speaks for it); groups and private chats are chats."""
        if chat_id is not None and chats.split_topic(chat_id)[1] is not None:
            return "topic"
        return "channel" if chat_kind == "channel" else "chat"

    def enclosing_chat(self, chat_id: str) -> str | None:
        forum, topic = chats.split_topic(chat_id)
        return forum if topic is not None else None

    part_name = "topic"
    whole_name = "group"

    def part_address(self, chat_id: str) -> str | None:
        return chats.topic_link(chat_id)

    def parts_prefix(self, chat_id: str) -> str | None:
        return chats.topic_chat_id_prefix(chat_id)

    def is_channel_reference(self, word: str) -> bool:
        return chats.is_channel_reference(word)

    def connect(self, section: Any, token: str) -> Platform:
        from bot.platforms.telegram.platform import TelegramPlatform

        return TelegramPlatform(section, token)


TELEGRAM = TelegramSpec()
