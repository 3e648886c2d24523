"""The console described once, for the platform-neutral layers (see `bot.core.platform.PlatformSpec`)."""

from __future__ import annotations

import sys
from typing import Any

from bot.core.platform import Platform, PlatformSpec
from bot.platforms.console.config import ConsoleConfig

CHAT_ID = "terminal"  # the console's one chat


class ConsoleSpec(PlatformSpec):
    name = "console"
    section = ConsoleConfig
    fallback = True  # with no token set, Communiqué talks to the terminal

    def operator_chat(self, operator_id: str) -> str:
        return CHAT_ID

    def build(self, section: Any, *, interactive: bool) -> Platform | None:
        from bot.platforms.console.platform import ConsolePlatform

        return ConsolePlatform(stdin=sys.stdin if interactive else None)


CONSOLE = ConsoleSpec()
