"""The command set: each command's spec beside the function that answers it.

Adding a command is one decorated function in `handlers.py`:

    @command(CommandSpec("name", "One line for /help and the platforms' command lists", "/name [arg]", params))
    async def cmd_name(ctx: CommandContext, inv: Invocation) -> Reply: ...

Every platform picks it up from here (its command list or slash commands), and so do /help and usage lines.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.commands.context import CommandContext
from bot.core.commands import CommandSpec, Invocation, Reply

Handler = Callable[[CommandContext, Invocation], Awaitable[Reply]]

# In the order they are registered: the order of /help and of the platforms' command lists.
COMMANDS: dict[str, CommandSpec] = {}
HANDLERS: dict[str, Handler] = {}


def command(spec: CommandSpec) -> Callable[[Handler], Handler]:
    """Register `handler` as the command `spec` describes."""

    def register(handler: Handler) -> Handler:
        if spec.name in COMMANDS:
            raise ValueError(f"two commands are called /{spec.name}")
        COMMANDS[spec.name] = spec
        HANDLERS[spec.name] = handler
        return handler

    return register
