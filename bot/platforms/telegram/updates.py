"""Reading a Telegram message as a Communiqué command: which command, its arguments, who and where.

Pure functions over text and chat types, so the rules (what counts as ours in a group, how a channel post is
read) are tested without a server.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from bot.core.commands import SENTENCE_END_MARKS, ChatKind
from bot.core.text import slash_as_typed
from bot.platforms.telegram.limits import MESSAGE_MAX

# "/name" or "/name@botname": Telegram command names are 1-32 letters, digits or underscores. A sentence's end
# typed after it ("/latest.", "/help?") is no part of it: Telegram's own command entity stops before it.
_COMMAND = re.compile(
    rf"^/(?P<name>[A-Za-z0-9_]{{1,64}})(?:@(?P<bot>[A-Za-z0-9_]{{1,64}}))?[{re.escape(SENTENCE_END_MARKS)}]*$"
)

CHAT_KINDS: dict[str, ChatKind] = {
    "private": "private",
    "group": "group",
    "supergroup": "group",
    "channel": "channel",
}


@dataclass(frozen=True)
class CommandText:
    """A command as typed: its name (lower case), its arguments, and whether it named our bot (`/x@us`)."""

    name: str
    args: list[str]
    addressed: bool


def parse_command(text: str | None, bot_username: str | None) -> CommandText | None:
    """`/latest@communique_bot 5 europe` -> CommandText("latest", ["5", "europe"], True).

    None when the text is not a command, or is a command for another bot (`/start@otherbot`).
    """
    text = slash_as_typed(text or "")
    if not text.startswith("/"):
        return None
    words = text[:MESSAGE_MAX].split()  # anything longer is not from Telegram
    match = _COMMAND.match(words[0]) if words else None
    if match is None:
        return None
    target = match["bot"]
    if target is not None and (bot_username is None or target.lower() != bot_username.lower()):
        return None
    return CommandText(match["name"].lower(), words[1:], addressed=target is not None)


def for_another_bot(text: str, bot_username: str | None, known: Collection[str]) -> tuple[str, str] | None:
    """`/latest@other_news_bot 2` -> ("other_news_bot", "/latest 2"): one of our commands (`known`) addressed to
    another bot, which `parse_command` leaves unrun; None for any other text."""
    words = slash_as_typed(text).split()
    match = _COMMAND.match(words[0]) if words else None
    if match is None or match["bot"] is None or match["name"].lower() not in known \
            or (bot_username is not None and match["bot"].lower() == bot_username.lower()):
        return None
    return match["bot"], " ".join([f"/{match['name'].lower()}", *words[1:]])


# A line typed without its slash is shown back as the command when it is this short ("latest 3", "subscribe
# ukraine nato"); a longer one is likely a sentence ("latest news from Geneva, please"), and gets the name alone.
UNSLASHED_WORDS_MAX = 3


def unslashed_command(text: str, known: Collection[str], wordless: Collection[str] = ()) -> str | None:
    """"latest 3" -> "/latest 3": a private chat's line whose first word names a command, as it would be typed
    with its slash (the command's name alone for a longer line, or for a command in `wordless`, which takes no
    words: "help me please" is /help); None for any other line."""
    words = text[:MESSAGE_MAX].split()
    name = words[0].rstrip(SENTENCE_END_MARKS).lower() if words else ""
    if name not in known:
        return None
    if len(words) > UNSLASHED_WORDS_MAX or name in wordless:
        return f"/{name}"
    return " ".join([f"/{name}", *words[1:]]).rstrip(SENTENCE_END_MARKS)


def should_answer(command: CommandText, chat_type: str, known: bool) -> bool:
    """Whether to act on a command: always in private chats, and on our own commands in groups and channels.

    In a group several bots hear a bare `/weather`; answering "unknown command" to another bot's command would
    be noise, so there an unknown command is answered only when it names us (`/weather@us`). A channel too: its
    admins post commands for the other bots administering it, and every subscriber would read the answer.
    """
    if known or command.addressed:
        return True
    return chat_type == "private"


def chat_kind(chat_type: str) -> ChatKind | None:
    """The platform-neutral kind of a Telegram chat type (None for types Communiqué does not serve)."""
    return CHAT_KINDS.get(chat_type)


def chat_title(chat_type: str, title: str | None, first_name: str | None, last_name: str | None) -> str | None:
    """A group's or channel's title, or a private chat's person."""
    if chat_type != "private":
        return title
    name = " ".join(part for part in (first_name, last_name) if part)
    return name or None
