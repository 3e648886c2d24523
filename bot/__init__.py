"""Communiqué: digests of diplomatic developments for Telegram, Discord and the console."""

__version__ = "0.1.0"
