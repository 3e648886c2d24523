"""Every platform Communiqué runs on, one package each (adapter, renderer, limits, outcomes, chat ids, config).

Adding a platform: a package beside these with a `PlatformSpec` subclass (see `bot.core.platform`), and its spec
in `PLATFORMS` below. The platform-neutral layers ask the spec, never a platform's name.
"""

from __future__ import annotations

import os
import re
from typing import Any

from bot.core.platform import PlatformSpec
from bot.platforms.console.spec import CONSOLE
from bot.platforms.discord.spec import DISCORD
from bot.platforms.telegram.spec import TELEGRAM

PLATFORMS: dict[str, PlatformSpec] = {spec.name: spec for spec in (TELEGRAM, DISCORD, CONSOLE)}

_UNKNOWN = PlatformSpec()


def token_not_set(platform: str, variable: str) -> str:
    """Why a platform is not started, in the words `run`, /healthz and `why` all use: the operator who reads one
    greps for the others (they were "does not start", "not started: X is not set" and "is not started")."""
    return f"not started: the environment variable {variable} ([{platform}] token_env) is not set"


def section_missing(platform: str) -> str:
    """Why a platform whose section the config no longer has is not started, as `run` and `why` say it."""
    return f"not started: the config has no [{platform}] section"


def _tokens(config: Any) -> list[tuple[PlatformSpec, str, str]]:
    """Each platform's spec, the name of its token's variable and the value read from it ("" when unset): what
    both token checks below read, in one place."""
    found = []
    for spec in PLATFORMS.values():
        section = getattr(config, spec.name, None)
        token = getattr(section, "token", None)
        found.append((spec, getattr(section, "token_env", "?"), (token() or "") if callable(token) else ""))
    return found


def token_mixups(config: Any) -> list[str]:
    """A problem for each platform whose token variable holds another platform's bot token (the sections'
    `token_env` swapped, or one copied into the other): each library would send it to its own platform's servers,
    in every call's address (Telegram) or its Authorization header (Discord), and a token sent to a third party
    has leaked. Said by check-config and refused by `run` before any call, the token never repeated."""
    problems = []
    for spec, variable, raw in _tokens(config):
        value = raw.strip()
        if not value or (spec.token_form is not None and spec.token_form.fullmatch(value)):
            continue
        for other in PLATFORMS.values():
            if other is not spec and other.token_form is not None and other.token_form.fullmatch(value):
                problems.append(
                    f"the environment variable {variable} ([{spec.name}] token_env) holds a {other.title} bot token, "
                    f"not a {spec.title} one (not shown here): name the variable holding {spec.title}'s token; it "
                    f"is never sent to {spec.title}")
    return problems


# The slips a token's variable shows when a line of a shell or env file went in whole, or its quotes did: what a
# reader that takes values as they are (`docker run --env-file`) keeps.
_QUOTES = ("\"", "'")
_ASSIGNMENT = re.compile(r"(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=")


def token_slips(config: Any) -> list[str]:
    """A problem for each platform whose token variable holds its token with something around it: in quotes, or
    as a whole `export NAME=...` line; or split: over two lines, or by a space. The platform would refuse it as a
    wrong token ("copy it again") though the token is right, or never be reached; said by check-config and refused
    by `run` before any call, the token never repeated."""
    problems = []
    for spec, variable, value in _tokens(config):
        if not value or spec.token_form is None or spec.token_form.fullmatch(value):
            continue
        if _ASSIGNMENT.match(value):
            slip = ("holds a whole line of a shell or env file (`NAME=...`, not shown here), not the token alone: "
                    f"write `{variable}=<the token>` in the env file, or `export {variable}=<the token>` in a shell")
        elif value[0] in _QUOTES or value[-1] in _QUOTES:
            slip = ("holds the token in quotes (not shown here), and the quotes are not part of it: write it "
                    "without them (a reader that takes an env file's values as they are, as `docker run "
                    "--env-file` does, keeps them)")
        elif any(end in value.strip() for end in "\r\n"):
            # `$(cat token.txt)` of a file with a second line, an old and a new token pasted together: the library
            # refused the line break in every call's address, which `run` took for "cannot reach Telegram", for ever.
            slip = ("holds more than one line (not shown here), and a token is one line alone: put the token "
                    "alone in it (`$(cat FILE)` takes the whole file; an env file's value ends at its line's end)")
        elif any(character.isspace() for character in value.strip()):
            slip = ("holds a token with a space inside it (not shown here), and a token has none: copy it again "
                    "whole, in one piece")
        else:
            continue
        problems.append(f"the environment variable {variable} ([{spec.name}] token_env) {slip}")
    return problems


def token_problems(config: Any) -> list[str]:
    """Every token problem said before any platform is built (check-config, `run`): another platform's token in a
    variable, and a token with quotes or a whole env-file line around it."""
    return token_mixups(config) + token_slips(config)


def unused_tokens(config: Any) -> list[str]:
    """A warning for each platform whose token is set in the environment, under its variable's usual name, while
    the config has no section for it: the platform does not start (no section, no platform), and the bot ran on the
    console without a word of the token it was given (the README's steps export the token, then run; a config
    written by hand, or the bundled demo one, has no section). Said by check-config and at start; the token never
    shown."""
    found = []
    for spec in PLATFORMS.values():
        if spec.section is None or getattr(config, spec.name, None) is not None:
            continue
        variable = getattr(spec.section(), "token_env", None)
        if variable and os.environ.get(variable, "").strip():
            found.append(
                f"the environment variable {variable} is set, but the config has no [{spec.name}] section, so "
                f"{spec.title} does not start: add a [{spec.name}] section (its keys, operators among them, are in "
                "config.example.toml) and start Communiqué again")
    return found


def spec_for(name: str) -> PlatformSpec:
    """The spec of a platform by name; the defaults for a name no package declares (e.g. a test's platform)."""
    return PLATFORMS.get(name, _UNKNOWN)
