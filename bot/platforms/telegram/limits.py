"""Telegram's limits, as Communiqué paces and sizes its messages."""

from __future__ import annotations

from bot.core.platform import SendLimits

# Telegram's published guidance: about 30 messages a second overall, one a second in a chat, 20 a minute in a group.
TELEGRAM_LIMITS = SendLimits(per_second=30.0, per_chat_per_second=1.0, per_group_per_minute=20.0)
MESSAGE_MAX = 4096  # characters of a message's text after entity parsing, counted in UTF-16 code units
# Formatting entities Telegram keeps in one message (bold, italic, a link, a quote: each tag is one): it sends a
# message with more, and drops the formatting past the 100th without an error, links included.
ENTITIES_MAX = 100
