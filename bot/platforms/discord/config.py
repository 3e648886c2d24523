"""The `[discord]` section of the config file."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class DiscordConfig:
    token_env: str = "DISCORD_BOT_TOKEN"
    operators: tuple[str, ...] = ()
    test_guild: str | None = None
    api_base_url: str | None = None

    def token(self) -> str | None:
        """The token from the environment variable the config names (never stored in the config itself)."""
        return os.environ.get(self.token_env) or None
