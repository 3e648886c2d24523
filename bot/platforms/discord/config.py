"""The `[discord]` section of the config file (declared once, see `bot.core.settings`)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core import settings as s
from bot.core.settings import TokenInEnvironment, setting, token_env_setting


@dataclass(frozen=True)
class DiscordConfig(TokenInEnvironment):
    """Discord: the bot token is read from the environment variable `token_env` names, never from this file."""

    token_env: str = token_env_setting("DISCORD_BOT_TOKEN")
    operators: tuple[str, ...] = setting(
        (), s.user_ids, "a list of Discord user ids, each a number, e.g. [123456789012345678] (not a name: "
        "Developer Mode > right-click the user > Copy User ID)",
        "user ids of the operators (Developer Mode > right-click your name > Copy User ID)",
    )
    test_guild: str | None = setting(
        None, s.user_id, "a guild (server) id, a number (not its name: Developer Mode > right-click the server > "
        "Copy Server ID)",
        "a server id to register slash commands in at once while you try the bot (unset: global commands, which "
        "can take a while to appear everywhere)",
        example=123456789012345678,
    )
    api_base_url: str | None = setting(None, s.http_url, "an http(s) URL",
                                       "another Discord API address (tests and proxies only)",
                                       example="https://discord.com/api/v10")
