"""The command set, written once and platform-neutral; adapters only translate to and from their platform."""

from bot.commands.handlers import CommandContext, UsageError, run
from bot.commands.model import ChannelRef, CommandSpec, Invocation, Param, Reply, Section
from bot.commands.registry import COMMANDS

__all__ = [
    "COMMANDS",
    "ChannelRef",
    "CommandContext",
    "CommandSpec",
    "Invocation",
    "Param",
    "Reply",
    "Section",
    "UsageError",
    "run",
]
