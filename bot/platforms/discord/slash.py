"""Communiqué's commands as Discord slash commands: built from the registry, answered through interactions.

Translation only, both ways:
- in: the registry's `CommandSpec`s become app commands with typed options (numbers, choices, autocomplete for
  topics, time zones and actors; Manage Channels as the default permission of commands that change a channel,
  Administrator of the operators' commands);
  an interaction's typed options become the words a user would type (`/settings time:08:30` -> `time 08:30`),
  so the platform-neutral commands parse them exactly as on any other platform;
- out: a `Reply` rendered by `render_discord` becomes the interaction's response and follow-ups.

Discord voids an interaction not answered within 3 s, so the commands that read and render many stories
(`SLOW_COMMANDS`) are deferred ("Communiqué is thinking…") before they run; the others read a few rows and
answer at once (a timer could not help them: the commands' SQLite reads run on the event loop). Refusals and
usage errors are ephemeral (only the caller sees them), as are the replies a command marks personal.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

import discord
from discord import app_commands

from bot.core.commands import SORRY, CommandService, CommandSpec, Invocation, Param, Reply
from bot.core.platform import Payload
from bot.platforms.discord.render import EPHEMERAL_FLAG, SUPPRESS_EMBEDS_FLAG, render_reply
from bot.platforms.discord.spec import DISCORD

log = logging.getLogger(__name__)

SLOW_COMMANDS = frozenset({"latest", "digest", "pledges"})  # they read stories: deferred before they run
KEYWORD_COMMANDS = frozenset({"settings"})  # typed as name/value pairs: /settings time 08:30 tz Europe/Berlin
# One option holding several words: /subscribe topics:"nato ukraine", /latest topic:"harbour post".
WORD_LIST_KINDS = frozenset({"topic", "topic_or_source"})
AUTOCOMPLETE_KINDS = frozenset({"topic", "topic_or_source", "timezone", "actor"})
POSTING_COMMANDS = frozenset({"subscribe", "digest"})  # they lead to digests posted into the channel
DESCRIPTION_MAX = 100
UNKNOWN_INTERACTION = 10062  # Discord's code for an interaction answered too late (after 3 s) or never made


@dataclass
class Bridge:
    """What the slash commands reach into the rest of Communiqué with, set when the platform starts."""

    commands: CommandService | None = None


# --- in: the command set as app commands ------------------------------------------------------------------------


def build_tree(
    client: discord.Client, bridge: Bridge, specs: Mapping[str, CommandSpec]
) -> app_commands.CommandTree:
    """A command tree holding every command of the registry, answered through `bridge`."""
    tree: app_commands.CommandTree = app_commands.CommandTree(client)
    for spec in specs.values():
        tree.add_command(build_command(spec, bridge))
    tree.on_error = _on_tree_error  # type: ignore[method-assign]
    return tree


def build_command(spec: CommandSpec, bridge: Bridge) -> app_commands.Command:
    """One registry command as an app command whose options are the spec's parameters, typed."""

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        await answer(interaction, spec, values, bridge)

    callback.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction)]
        + [_parameter(p) for p in spec.params]
    )
    callback.__name__ = callback.__qualname__ = f"communique_{spec.name}"
    if spec.params:
        app_commands.describe(**{p.name: p.description[:DESCRIPTION_MAX] for p in spec.params})(callback)
    completed = {p.name: _autocomplete(p, bridge) for p in spec.params if p.kind in AUTOCOMPLETE_KINDS}
    if completed:
        app_commands.autocomplete(**completed)(callback)
    if spec.operator_only:
        # Listed for server administrators only (members see no command that refuses them); an administrator who
        # is no operator is still refused by the command itself, and a server may widen the list in its settings.
        app_commands.default_permissions(administrator=True)(callback)
    elif spec.changes_chat:
        app_commands.default_permissions(manage_channels=True)(callback)
    # Registered once for servers and DMs alike: described as a server's members read it ("this channel").
    description = DISCORD.describe(spec)[:DESCRIPTION_MAX]
    return app_commands.Command(name=spec.name, description=description, callback=callback)


def _parameter(param: Param) -> inspect.Parameter:
    """A callback parameter discord.py turns into a typed option: a number (within its bounds), a fixed choice, or
    text."""
    annotation: Any = str
    if param.kind == "int":
        # A range the client keeps to as the number is typed (min_value, max_value), so no usage error is needed.
        annotation = app_commands.Range[int, param.bounds[0], param.bounds[1]] if param.bounds else int
    elif param.choices:
        annotation = Literal[param.choices]
    default = inspect.Parameter.empty if param.required else None
    return inspect.Parameter(param.name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)


Completer = Callable[[discord.Interaction, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]


def _autocomplete(param: Param, bridge: Bridge) -> Completer:
    """An autocomplete callback offering what Communiqué stores for this kind of parameter."""

    async def complete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        if bridge.commands is None:
            return []
        try:
            values = await bridge.commands.suggest(param.kind, current)
        except Exception:  # a suggestion is a convenience: never let it break typing
            log.warning("suggestions for %s failed", param.kind, exc_info=True)
            return []
        return [app_commands.Choice(name=v, value=v) for v in values[:25]]

    complete.__qualname__ = complete.__name__ = f"complete_{param.kind}"
    return complete


def option_args(spec: CommandSpec, values: Mapping[str, Any]) -> list[str]:
    """The words a user would have typed for these typed options, in the registry's order.

    `/latest count:3 topic:nato` -> ["3", "nato"]; `/subscribe topics:"nato ukraine"` -> ["nato", "ukraine"];
    `/settings time:08:30 timezone:Europe/Berlin` -> ["time", "08:30", "timezone", "Europe/Berlin"].
    """
    args: list[str] = []
    for param in spec.params:
        value = values.get(param.name)
        if value is None:
            continue
        text = str(value).strip()
        if not text:
            continue
        words = text.split() if param.kind in WORD_LIST_KINDS else [text]
        if spec.name in KEYWORD_COMMANDS or param.keyword:
            args.append(param.name)
        args.extend(words)
    return args


def invocation_for(interaction: discord.Interaction, spec: CommandSpec, values: Mapping[str, Any]) -> Invocation:
    """The platform-neutral invocation: the channel is the chat; in a server, changing it needs Manage Channels."""
    in_guild = interaction.guild_id is not None
    channel = interaction.channel
    title = getattr(channel, "name", None) if in_guild else "direct messages"

    async def can_manage_channel() -> bool:
        permissions = interaction.permissions
        return bool(permissions.manage_channels or permissions.administrator)

    return Invocation(
        platform="discord",
        chat_id=str(interaction.channel_id),
        chat_kind="group" if in_guild else "private",
        user_id=str(interaction.user.id),
        command=spec.name,
        args=option_args(spec, values),
        chat_title=f"#{title}" if in_guild and title else title,
        is_chat_admin=can_manage_channel,
        resolve_channel=None,
        # A thread is a channel of its own to Discord: its channel's subscription is told of there (`_enclosing_note`).
        enclosing_chat_id=str(channel.parent_id) if isinstance(channel, discord.Thread) and channel.parent_id else None,
    )


# --- out: answering ---------------------------------------------------------------------------------------------


async def answer(
    interaction: discord.Interaction, spec: CommandSpec, values: Mapping[str, Any], bridge: Bridge
) -> None:
    """Run the command and answer the interaction; any failure is logged and, if possible, told the caller."""
    deferred_ephemeral: bool | None = None
    ran = False
    try:
        if bridge.commands is None:
            raise RuntimeError("slash command before the platform started")
        invocation = invocation_for(interaction, spec, values)
        if spec.name in SLOW_COMMANDS:
            deferred_ephemeral = await _defer(interaction, ephemeral=False)
        reply = with_permission_warning(interaction, spec, await bridge.commands.run(invocation))
        ran = True
        await respond(interaction, render(reply), deferred_ephemeral)
    except Exception as error:  # the user gets a short apology, the log gets the details
        if isinstance(error, discord.NotFound) and error.code == UNKNOWN_INTERACTION:
            # Discord voids an interaction not answered within 3 s: one that reached the bot late (sent while its
            # gateway reconnected, replayed after) or a bot held up. Logged as a failure with a traceback, and an
            # apology tried where none can go, it read as a fault, while the command (a /subscribe) had been done.
            log.warning("/%s in Discord channel %s %s: Discord had already voided it, so no answer could go (it "
                        "came over 3 s after the member sent it: the gateway was reconnecting, or the bot was held "
                        "up); they saw \"The application did not respond\"", spec.name, interaction.channel_id,
                        "was done" if ran else "was not run")
            return
        log.error("/%s in Discord channel %s failed: %r", spec.name, interaction.channel_id, error, exc_info=True)
        await _apologise(interaction)


def in_a_thread(interaction: discord.Interaction) -> bool:
    """Whether the command came from a thread (of a text, announcement or forum channel), not a channel."""
    return isinstance(interaction.channel, discord.Thread)


def missing_post_permissions(interaction: discord.Interaction) -> list[str]:
    """The permissions Communiqué lacks to post digests in this channel, as Discord's settings name them. In a
    thread Discord checks Send Messages in Threads instead of Send Messages (which the invite link grants)."""
    if interaction.guild_id is None:
        return []
    have = interaction.app_permissions
    send = ("Send Messages in Threads", have.send_messages_in_threads) if in_a_thread(interaction) else (
        "Send Messages", have.send_messages)
    needed = dict([("View Channel", have.view_channel), send, ("Embed Links", have.embed_links)])
    return [name for name, granted in needed.items() if not granted]


def with_permission_warning(interaction: discord.Interaction, spec: CommandSpec, reply: Reply) -> Reply:
    """After a command that leads to digests here, say so at once if Communiqué may not post in this channel,
    rather than letting the first digest fail (Discord answers slash commands even where the bot cannot post)."""
    if spec.name not in POSTING_COMMANDS or reply.error:
        return reply
    missing = missing_post_permissions(interaction)
    if not missing:
        return reply
    where = "thread" if in_a_thread(interaction) else "channel"
    settings = "the parent channel's settings" if where == "thread" else "channel settings"
    if missing == ["Embed Links"]:  # digests still come, as text (platform._cards_as_text): say so, not "cannot"
        warning = ("Note: without the Embed Links permission, Communiqué posts digests here as plain text, without "
                   f"story cards: give it Embed Links here ({settings} > Permissions).")
    else:
        names = " and ".join([", ".join(missing[:-1]), missing[-1]]) if len(missing) > 1 else missing[0]
        permissions = "permissions" if len(missing) > 1 else "permission"
        warning = (f"Note: Communiqué cannot post digests in this {where} yet. Give it the {names} {permissions} "
                   f"here ({settings} > Permissions).")
    return replace(reply, text=f"{reply.text}\n{warning}" if reply.text else warning)


def render(reply: Reply) -> list[Payload]:
    """The reply as Discord messages; refusals and usage errors are for the caller's eyes only."""
    return render_reply(replace(reply, ephemeral=True) if reply.error and not reply.ephemeral else reply)


async def _defer(interaction: discord.Interaction, *, ephemeral: bool) -> bool:
    """Acknowledge now ("Communiqué is thinking…") and answer with follow-ups; returns the deferral's visibility."""
    await interaction.response.defer(ephemeral=ephemeral, thinking=True)
    return ephemeral


async def respond(interaction: discord.Interaction, payloads: list[Payload], deferred_ephemeral: bool | None) -> None:
    """Send the rendered messages: the first as the response (or in place of the "thinking…" placeholder),
    the rest as follow-ups, in order. A placeholder of the wrong visibility is deleted first, so a refusal after
    a public deferral is still seen by the caller only (and a public reply is not hidden)."""
    ephemeral = bool(payloads[0].get("flags", 0) & EPHEMERAL_FLAG)
    rest = payloads
    if deferred_ephemeral is None:
        await interaction.response.send_message(**message_kwargs(payloads[0]))
        rest = payloads[1:]
    elif deferred_ephemeral != ephemeral:
        await interaction.delete_original_response()
    for payload in rest:
        await interaction.followup.send(**message_kwargs(payload), wait=True)


def message_kwargs(payload: Payload) -> dict[str, Any]:
    """A rendered payload as discord.py's message arguments; mentions are never parsed."""
    kwargs: dict[str, Any] = {
        "allowed_mentions": discord.AllowedMentions.none(),
        "ephemeral": bool(payload.get("flags", 0) & EPHEMERAL_FLAG),
        "suppress_embeds": bool(payload.get("flags", 0) & SUPPRESS_EMBEDS_FLAG),
    }
    if payload.get("content"):
        kwargs["content"] = payload["content"]
    if payload.get("embeds"):
        kwargs["embeds"] = [discord.Embed.from_dict(embed) for embed in payload["embeds"]]
    return kwargs


async def _apologise(interaction: discord.Interaction) -> None:
    """Tell the caller something went wrong (best effort: the interaction may have expired)."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(SORRY, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
        else:
            await interaction.response.send_message(
                SORRY, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
            )
    except Exception as error:
        log.warning("could not tell the caller in Discord channel %s: %r", interaction.channel_id, error)


async def _on_tree_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
    """Errors discord.py raises before a command runs (an option it could not convert): logged, apologised for."""
    log.error("slash command in Discord channel %s failed before running: %r", interaction.channel_id, error)
    await _apologise(interaction)
