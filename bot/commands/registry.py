"""The command set, described once: names, descriptions, usage and typed parameters for every platform."""

from __future__ import annotations

from bot.commands.model import CommandSpec, Param
from bot.digest.compose import MAX_LATEST

__all__ = ["COMMANDS", "DEFAULT_LATEST", "MAX_LATEST", "usage_for"]

DEFAULT_LATEST = 5

COMMANDS: dict[str, CommandSpec] = {
    spec.name: spec
    for spec in (
        CommandSpec("start", "What Communiqué does and how to subscribe", "/start"),
        CommandSpec("help", "The commands and how to use them", "/help"),
        CommandSpec(
            "subscribe",
            "Get digests in this chat, optionally only on some topics",
            "/subscribe [topics...]  e.g. /subscribe ukraine nato",
            (Param("topics", "Topics or keywords, separated by spaces (none: everything)", "topic"),),
            changes_chat=True,
        ),
        CommandSpec("unsubscribe", "Stop digests in this chat", "/unsubscribe", changes_chat=True),
        CommandSpec(
            "latest",
            "The newest stories, optionally on a topic",
            f"/latest [N] [topic]  (N from 1 to {MAX_LATEST}, default {DEFAULT_LATEST})",
            (
                Param("count", f"How many stories (1-{MAX_LATEST})", "int"),
                Param("topic", "Only stories on this topic or keyword", "topic"),
            ),
        ),
        CommandSpec("digest", "This chat's digest now: the stories it has not been sent yet", "/digest"),
        CommandSpec("sources", "The sources Communiqué follows", "/sources"),
        CommandSpec("topics", "The topics you can subscribe to", "/topics"),
        CommandSpec(
            "settings",
            "Show or change this chat's digest time, time zone, size and mode",
            "/settings [time HH:MM] [tz ZONE] [max N] [mode daily|instant]  e.g. /settings time 08:30 tz Europe/Berlin",
            (
                Param("time", "Daily digest time, HH:MM", "time"),
                Param("timezone", "Time zone, e.g. Europe/Berlin", "timezone"),
                Param("max", f"Stories per digest (1-{MAX_LATEST})", "int"),
                Param(
                    "mode", "daily: one digest a day; instant: each story as it arrives", "mode",
                    choices=("daily", "instant"),
                ),
            ),
            changes_chat=True,
        ),
        CommandSpec(
            "pledges",
            "Open pledges, newest first, optionally by one actor",
            "/pledges [actor]  e.g. /pledges Washington",
            (Param("actor", "Who made the pledge (part of the name)", "actor"),),
        ),
        CommandSpec("status", "Operators: sources, deliveries and subscriptions", "/status", operator_only=True),
    )
}


def usage_for(spec: CommandSpec, platform: str) -> str:
    """The usage line as a user of `platform` types it: Discord's slash commands take named options."""
    if platform != "discord" or not spec.params:
        return spec.usage
    options = " ".join(f"{p.name}:…" if p.required else f"[{p.name}:…]" for p in spec.params)
    return f"/{spec.name} {options}"
