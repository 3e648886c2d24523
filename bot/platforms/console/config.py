"""The `[console]` section of the config file (declared once, see `bot.core.settings`)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core import settings as s
from bot.core.settings import setting


@dataclass(frozen=True)
class ConsoleConfig:
    """The console (this terminal), used when no platform token is set."""

    operators: tuple[str, ...] = setting(("console",), s.chat_ids, "a list of names",
                                         "who counts as an operator at the terminal")
