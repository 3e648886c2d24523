"""Choose what a chat gets, compose the platform-neutral digest, render it per platform."""

from bot.digest.model import AlsoReported, Digest, Story

__all__ = ["AlsoReported", "Digest", "Story"]
