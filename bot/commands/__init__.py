"""The command set, written once and platform-neutral; platforms only translate to and from their platform.

`registry` holds each command's spec and handler, `handlers` the commands themselves (`following` those of
actors and pledges), `context` what a handler is given, `service` runs one, `suggest` offers values while a user
types.
"""

from bot.commands import handlers as _handlers  # noqa: F401  (registers every command)
from bot.commands.context import CommandContext, UsageError
from bot.commands.registry import COMMANDS
from bot.commands.service import Commands, run

__all__ = ["COMMANDS", "CommandContext", "Commands", "UsageError", "run"]
