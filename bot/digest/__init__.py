"""Choose what a chat gets and compose the platform-neutral digest (`bot.core.digest`); platforms render it."""
