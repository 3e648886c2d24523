"""Discord's message limits, as the renderer (`render.py`) keeps every payload within them.

Lengths are counted as Discord counts them: in code points (Python's `len`). The tests check what the renderer
makes against the test peer's own reading of Discord's documentation (`tests/peers/discord_rules.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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


def _text(value: Any) -> str:
    """A value as counted text (anything else counts as nothing)."""
    return value if isinstance(value, str) else ""
