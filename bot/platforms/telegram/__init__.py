"""Communiqué on Telegram (python-telegram-bot 22): see `platform.py`."""

from bot.platforms.telegram.platform import TELEGRAM_LIMITS, TelegramPlatform

__all__ = ["TELEGRAM_LIMITS", "TelegramPlatform"]
