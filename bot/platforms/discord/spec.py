"""Discord described once, for the platform-neutral layers (see `bot.core.platform.PlatformSpec`)."""

from __future__ import annotations

import re
from typing import Any

from bot.core.commands import ChatKind
from bot.core.platform import Platform, PlatformSpec
from bot.platforms.discord.config import DiscordConfig


class DiscordSpec(PlatformSpec):
    name = "discord"
    title = "Discord"
    token_form = re.compile(r"[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{20,}")  # three dotted base64 parts
    chat_form = re.compile(r"\d{1,25}")
    chat_form_text = "a Discord channel id: a number (Developer Mode > right-click the channel > Copy Channel ID)"
    section = DiscordConfig
    named_options = True  # slash commands: /settings time:08:30
    # A server has no "group administrators": the commands that change a channel check Manage Channels.
    change_refused = ("Only members with the Manage Channels permission can change this channel's subscription or "
                      "settings.")
    who_changes = ("In a server, only members with the Manage Channels permission can subscribe, unsubscribe, "
                   "follow or change settings of a channel")
    group_subscriber = "A member with the Manage Channels permission"
    enclosing_whole = "The channel this thread is in"  # a thread's channel, told with the command
    enclosing_place = "that channel"
    part_name = "thread"  # a thread, named with its channel in the command, is called so in replies there
    whole_name = "channel"
    second_bot_unseen = True  # a second gateway connection on one token is taken, and both bots post

    def place(self, chat_kind: ChatKind, chat_id: str | None = None) -> str:
        """A server's channels (and threads, which Discord lists with them) are channels; a user's conversation
        with the bot is a DM, as Discord's client names its Direct Messages."""
        return "DM" if chat_kind == "private" else "channel"

    def chat_kind(self, chat_id: str) -> ChatKind:
        return "channel"  # subscriptions are per channel

    def connect(self, section: Any, token: str) -> Platform:
        from bot.platforms.discord.platform import DiscordPlatform

        return DiscordPlatform(section, token)


DISCORD = DiscordSpec()
