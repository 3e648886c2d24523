"""The contracts every layer shares: commands and replies, digests, delivery outcomes, platforms, errors.

Nothing here imports a layer above it; every other package may import from here.
"""

from bot.core.commands import (
    SORRY,
    ChannelRef,
    ChatKind,
    CommandService,
    CommandSpec,
    Invocation,
    Param,
    Reply,
    Section,
)
from bot.core.digest import AlsoReported, Digest, Story
from bot.core.errors import CommuniqueError, ConfigError
from bot.core.outcomes import Gone, Moved, Outcome, Rejected, RetryAfter, Sent, Transient
from bot.core.platform import Payload, Platform, PlatformSpec, SendLimits

__all__ = [
    "SORRY",
    "AlsoReported",
    "ChannelRef",
    "ChatKind",
    "CommandService",
    "CommandSpec",
    "CommuniqueError",
    "ConfigError",
    "Digest",
    "Gone",
    "Invocation",
    "Moved",
    "Outcome",
    "Param",
    "Payload",
    "Platform",
    "PlatformSpec",
    "Rejected",
    "Reply",
    "RetryAfter",
    "Section",
    "SendLimits",
    "Sent",
    "Story",
    "Transient",
]
