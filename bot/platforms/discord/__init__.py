"""Communiqué on Discord: slash commands in (`slash.py`), channel digests out (`platform.py`), embeds within
Discord's limits (`render.py`, `limits.py`), Discord's errors as outcomes, and the `[discord]` config section."""
