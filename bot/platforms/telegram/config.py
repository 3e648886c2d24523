"""The `[telegram]` section of the config file (declared once, see `bot.core.settings`)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core import settings as s
from bot.core.settings import TokenInEnvironment, setting, token_env_setting

PUBLIC_TELEGRAM_API = "https://api.telegram.org/bot"


@dataclass(frozen=True)
class TelegramConfig(TokenInEnvironment):
    """Telegram: the bot token is read from the environment variable `token_env` names, never from this file."""

    token_env: str = token_env_setting("TELEGRAM_BOT_TOKEN")
    operators: tuple[str, ...] = setting(
        (), s.user_ids, "a list of Telegram user ids, each a number, e.g. [123456789] (not an @name: "
        "@userinfobot tells you your id)",
        "user ids of the operators (they may use /status and subscribe channels); ask @userinfobot for yours",
    )
    api_base_url: str = setting(PUBLIC_TELEGRAM_API, s.http_url, "an http(s) URL",
                                "the Bot API server; change it only for a self-hosted one")
    link_previews: bool = setting(False, s.boolean, "true or false", "show link previews under digest messages")
    poll_interval: float = setting(0.0, s.number(0), "seconds, 0 or more",
                                   "pause after each long poll (0: answer commands at once)")
