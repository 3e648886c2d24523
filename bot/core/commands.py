"""The platform-neutral shape of a command: who asked, where, with what arguments, and the reply.

Adapters build an `Invocation` from their platform's update, hand it to the `CommandService` they were started
with, and render the `Reply`. Replies hold plain text: each platform's renderer escapes it for its own markup.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from bot.core.digest import Digest

ChatKind = Literal["private", "group", "channel"]

# The answer to any command that failed on Communiqué's side (the details go to the log, never to the chat).
# Marks a phone types after a command that ends a sentence ("/latest.", "/help?"): no part of the command's name.
SENTENCE_END_MARKS = ".!?,;…"
SORRY = "Sorry, that did not work because of an error on our side. Please try again later."


@dataclass(frozen=True)
class ChannelRef:
    """A channel named in a command (`/subscribe @news`), as the platform resolved it."""

    chat_id: str
    title: str | None = None
    bot_is_admin: bool = True
    aliases: tuple[str, ...] = ()  # other names of it a [[subscriptions]] block may use ("@name")


@dataclass
class Invocation:
    """One command as a user sent it.

    `is_chat_admin` is asked only by commands that change what the chat receives (it may cost a platform call);
    `resolve_channel` lets an operator name a channel to subscribe from a private chat. `chat_aliases` are the
    chat's other names a [[subscriptions]] block may declare it by (a channel's "@name"): a subscription
    kept under one is the chat's, not another chat's. `enclosing_chat_id`: the chat that holds this one, where the
    platform says so with the command (a thread's channel) rather than in the chat's id. `edited_from`: for a
    command sent again by editing its message (where the platform lets a user correct one so), the command the
    message held when it was last run, as words ("follow", "Velmora"); what that did stays done, and the reply
    says so.
    """

    platform: str
    chat_id: str
    chat_kind: ChatKind
    user_id: str | None
    command: str
    args: list[str] = field(default_factory=list)
    chat_title: str | None = None
    is_chat_admin: Callable[[], Awaitable[bool]] | None = None
    resolve_channel: Callable[[str], Awaitable[ChannelRef | None]] | None = None
    chat_aliases: tuple[str, ...] = ()
    enclosing_chat_id: str | None = None
    edited_from: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Section:
    """A titled list in a reply (sources, pledges, status rows). Lines are plain text."""

    title: str | None
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Reply:
    """What a command answers: text, optional sections, optionally a digest to render after them.

    `ephemeral` asks for a reply only the caller sees, where the platform has such a thing;
    `error` marks a refusal or usage message.
    """

    text: str = ""
    sections: list[Section] = field(default_factory=list)
    digest: Digest | None = None
    ephemeral: bool = False
    error: bool = False
    # The words of the same command a "yes" runs, when the text asks "did you mean ...?" of a command that was done
    # (`/subscribe boarders trade`, taken as typed, asks of the tag borders): a private chat's "yes" then runs it.
    yes_runs: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Param:
    """One argument of a command, described once for every platform (slash commands make typed options of them)."""

    name: str
    description: str
    kind: Literal["int", "str", "topic", "topic_or_source", "actor", "timezone", "time", "mode", "channel"] = "str"
    required: bool = False
    choices: tuple[str, ...] = ()
    keyword: bool = False  # typed as its name, then its value: "/subscribe nato since 7d"
    bounds: tuple[int, int] | None = None  # an "int" parameter's range, for platforms whose clients keep to it


@dataclass(frozen=True)
class CommandSpec:
    """A command's name, one-line description, usage and parameters; `changes_chat` commands need a chat admin.

    `example` is one use of it, as (parameter, value) pairs: platforms whose users type named options show it in
    their usage line and replies as their users type it (`/subscribe topics: ukraine nato`), where the words of
    `usage` (`/subscribe ukraine nato`) would not be taken.
    """

    name: str
    description: str
    usage: str
    params: tuple[Param, ...] = ()
    changes_chat: bool = False
    operator_only: bool = False
    example: tuple[tuple[str, str], ...] = ()


# /pledges, described here rather than beside its handler (bot/commands/handlers.py registers it) because a
# digest's pledge block sends its readers to it: each platform types it from this spec (`PlatformSpec.pledges`),
# so the closing line and the command's own usage agree on every platform.
PLEDGES = CommandSpec(
    "pledges",
    "The pledge tracker: who pledged what, by when, and whether it was kept",
    "/pledges [actor] [open|due|overdue|kept|broken|today|tomorrow|this week]  e.g. /pledges Russia kept",
    (
        Param("actor", "Who made the pledge", "actor"),
        # The days ask what falls due on them (`/pledges today`): choices too, so a platform of choices offers them.
        Param("status", "open: deadline not passed; due: within 7 days; overdue: passed, nothing reported",
              "str", choices=("open", "due", "overdue", "kept", "broken", "today", "tomorrow", "this week")),
    ),
    example=(("actor", "Russia"), ("status", "kept")),
)


class CommandService(Protocol):
    """What a platform reaches the command set through; the runtime hands one to every platform it starts.

    `specs` describe every command (for a platform's command list, slash commands, usage lines), `run` answers
    one invocation (always with a reply, never raising), `answer_words` takes a "yes" to a question it asked,
    `suggest` offers values for a parameter while a user types it (for platforms that autocomplete), `chat_moved`
    takes a chat's subscription to its new id, and `may_post_again` restarts the digests of a chat the platform had
    refused them in.
    """

    @property
    def specs(self) -> Mapping[str, CommandSpec]: ...

    async def run(self, invocation: Invocation) -> Reply: ...

    async def suggest(self, kind: str, typed: str) -> list[str]: ...

    async def answer_words(self, invocation: Invocation, text: str) -> Reply | None:
        """Plain words in a private chat (`invocation` names the chat and the person; its command is unused): the
        reply when they answer the bot's last question there (a "yes" to "Did you mean /latest?"), else None."""
        ...

    def chat_moved(self, platform: str, old_chat_id: str, new_chat_id: str) -> None:
        """A chat the platform gave a new id (a group upgraded): its subscription and follows go there now."""
        ...

    def may_post_again(self, platform: str, chat_id: str, aliases: Sequence[str] = (),
                       chat_title: str | None = None) -> bool:
        """The platform says the bot may post in this chat again (a channel made it an administrator that posts):
        a subscription its refusals ended comes back. True when one did."""
        ...

    def back_note(self, invocation: Invocation) -> str | None:
        """For the greeting of a chat whose subscription `may_post_again` just brought back (`invocation` names the
        chat): when and why its digests stopped, and what its next digest brings; None for any other chat."""
        ...
