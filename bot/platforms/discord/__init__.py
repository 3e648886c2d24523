"""Communiqué on Discord: slash commands in (`slash`), channel digests out (`platform`), Discord's errors as
delivery outcomes (`outcomes`)."""

from bot.platforms.discord.platform import DiscordPlatform, invite_url

__all__ = ["DiscordPlatform", "invite_url"]
