"""The `[telegram]` section of the config file."""

from __future__ import annotations

import os
from dataclasses import dataclass

PUBLIC_TELEGRAM_API = "https://api.telegram.org/bot"


@dataclass(frozen=True)
class TelegramConfig:
    token_env: str = "TELEGRAM_BOT_TOKEN"
    api_base_url: str = PUBLIC_TELEGRAM_API
    operators: tuple[str, ...] = ()
    link_previews: bool = False
    poll_interval: float = 0.0

    def token(self) -> str | None:
        """The token from the environment variable the config names (never stored in the config itself)."""
        return os.environ.get(self.token_env) or None
