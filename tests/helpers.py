"""Helpers the tests share: stand-ins for the parts around the code under test, and small waits.

Only doubles of Communiqué's own seams live here (the command set a platform is started with); platforms are
tested against their real peers (`tests/peers/`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot.commands import COMMANDS
from bot.core.commands import CommandSpec, Invocation, Reply


@dataclass
class RecordingCommands:
    """Stands in for the command set a platform is started with (a `CommandService`): the real command specs,
    each invocation recorded and answered with a reply naming it (or `answer`'s). `refuse` fails the test on
    any command."""

    invocations: list[Invocation] = field(default_factory=list)
    delays: dict[str, float] = field(default_factory=dict)  # command -> seconds to take
    refuse: bool = False
    answer: Callable[[Invocation], Reply] | None = None

    @property
    def specs(self) -> Mapping[str, CommandSpec]:
        return COMMANDS

    async def run(self, invocation: Invocation) -> Reply:
        if self.refuse:
            raise AssertionError(f"no command expected, got /{invocation.command}")
        self.invocations.append(invocation)
        await asyncio.sleep(self.delays.get(invocation.command, 0.0))
        if self.answer is not None:
            return self.answer(invocation)
        return Reply(text=f"ran /{invocation.command} {' '.join(invocation.args)}".strip())

    async def suggest(self, kind: str, typed: str) -> list[str]:
        return []
