"""What a Discord user sees of a bot, written from Discord's documentation and its client, for the test peer:
which registered slash commands a member's command list shows, and the words Discord's client uses.

Independent of Communiqué's code on purpose: a reply is checked against the commands the bot registered with the
peer (their names and options, as Discord shows them), not against the product's own usage lines.

- Command visibility (Application Commands > Permissions): a command whose `default_member_permissions` is null
  is listed for everyone; "0" for administrators only; otherwise for members who hold every permission of the
  bitfield. The Administrator permission passes every check.
- Vocabulary: Discord has servers, channels, threads and direct messages (DMs), never "chats". Users type slash
  commands with named options (`/follow name: Lavrov`), so a reply that tells them what to type names the
  options Discord shows (`name`, `count`), not a placeholder of typed words (`/follow NAME`, "N must be ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

ADMINISTRATOR = 1 << 3

_CHAT = re.compile(r"\b(?:this|a|the|that)\s+chat(?:'s)?\b|\bchat's\b", re.IGNORECASE)
_MENTION = re.compile(r"/([a-z0-9_-]{1,32})\b")
_PLACEHOLDER = re.compile(r"\s+([A-Z]{1,8})\b(?![:’'])")  # "/follow NAME": the text form's placeholder
_NAMED = re.compile(r"\s+([a-z0-9_-]{1,32}):")  # "/follow name: Lavrov" or "/follow name:…"
_RANGE = re.compile(r"(?:^|[.:!?]\s+|\n)(\S+) must be a number", re.MULTILINE)


def sees(command: Mapping[str, Any], permissions: int) -> bool:
    """Whether a member with this permission bitfield finds the command in their list."""
    required = command.get("default_member_permissions")
    if required is None or permissions & ADMINISTRATOR:
        return True
    bits = int(required)
    return bits != 0 and permissions & bits == bits


def listed(commands: Iterable[Mapping[str, Any]], permissions: int) -> set[str]:
    """The names of the chat-input commands a member with these permissions is shown."""
    return {c["name"] for c in commands if c.get("type", 1) == 1 and sees(c, permissions)}


def _options(commands: Sequence[Mapping[str, Any]]) -> dict[str, set[str]]:
    return {c["name"]: {o["name"] for o in c.get("options") or []} for c in commands if c.get("type", 1) == 1}


def wording_problems(content: str, commands: Sequence[Mapping[str, Any]]) -> list[str]:
    """What in a reply's text a Discord user would not recognise, given the bot's registered `commands`:
    the place called a chat, a command written with a placeholder instead of its options or with an option it
    does not have, and a range message about something that is no option."""
    found = [f"Discord has channels and DMs, not chats: “{m.group(0)}”" for m in _CHAT.finditer(content)]
    options = _options(commands)
    for mention in _MENTION.finditer(content):
        name = mention.group(1)
        if name not in options:
            continue
        rest = content[mention.end():]
        placeholder = _PLACEHOLDER.match(rest)
        if placeholder and placeholder.group(1) not in ("I",):
            found.append(f"/{name} {placeholder.group(1)}: Discord shows /{name}'s options "
                         f"({', '.join(sorted(options[name])) or 'none'}), not a typed placeholder")
        named = _NAMED.match(rest)
        if named and named.group(1) not in options[name]:
            found.append(f"/{name} {named.group(1)}: /{name} has no such option")
    every_option = set().union(*options.values()) if options else set()
    for message in _RANGE.finditer(content):
        if message.group(1).rstrip(":") not in every_option:
            found.append(f"“{message.group(1)} must be a number”: {message.group(1)} is no option Discord shows")
    return found
