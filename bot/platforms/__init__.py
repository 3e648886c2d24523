"""Every platform Communiqué runs on, one package each (adapter, renderer, limits, outcomes, chat ids, config).

Adding a platform: a package beside these with a `PlatformSpec` subclass (see `bot.core.platform`), and its spec
in `PLATFORMS` below. The platform-neutral layers ask the spec, never a platform's name.
"""

from __future__ import annotations

from bot.core.platform import PlatformSpec
from bot.platforms.console.spec import CONSOLE
from bot.platforms.discord.spec import DISCORD
from bot.platforms.telegram.spec import TELEGRAM

PLATFORMS: dict[str, PlatformSpec] = {spec.name: spec for spec in (TELEGRAM, DISCORD, CONSOLE)}

_UNKNOWN = PlatformSpec()


def spec_for(name: str) -> PlatformSpec:
    """The spec of a platform by name; the defaults for a name no package declares (e.g. a test's platform)."""
    return PLATFORMS.get(name, _UNKNOWN)
