"""What the rest of Communiqué asks of a platform, in two parts.

- `PlatformSpec`: the platform described once, without connecting to it (how its chat ids read, how its users
  type a command, where its operators are reached, how to build its adapter). Every platform package has one;
  `bot.platforms.PLATFORMS` lists them, so the platform-neutral layers never name a platform.
- `Platform`: a running adapter (modelled on connect / listen / send). It translates: updates into
  `Invocation`s, `Reply`s and digests into its markup, its platform's errors into `bot.core.outcomes`. It holds no
  business logic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bot.core.commands import PLEDGES, ChatKind, CommandService, CommandSpec, Reply
from bot.core.digest import Digest
from bot.core.outcomes import Outcome

Payload = dict[str, Any]


@dataclass(frozen=True)
class SendLimits:
    """How fast the sender may post on a platform (messages per second overall and per chat, per minute per group)."""

    per_second: float = 30.0
    per_chat_per_second: float = 1.0
    per_group_per_minute: float = 20.0


@dataclass(frozen=True)
class ChatAlias:
    """What a platform says of a chat's other name (a channel's public "@name" beside its number): `alias`,
    None when it has none; or `unknown`, why it cannot say now (the bot not in the chat, the platform
    unreachable)."""

    alias: str | None = None
    unknown: str | None = None
    # Set beside `unknown` when the platform answered that it has no such chat for the bot (a mistyped id, a
    # channel the bot was never added to), in its own words: not a passing trouble, and the log says what to check.
    missing: str | None = None


class Platform(Protocol):
    """A chat platform, connected, as the sender, the runtime and the commands see it."""

    name: str
    limits: SendLimits

    @property
    def settling(self) -> float:
        """Seconds to wait before the first send after `start` (0 for none): the runtime starts its sender once
        every platform's is over (one that polls may wait to hear of another program polling with its token)."""
        ...

    @property
    def ready(self) -> bool:
        """Connected and able to send: what /healthz reports per platform (a platform that never drops is always)."""
        ...

    @property
    def problem(self) -> str | None:
        """Why the platform is not ready, when it is more than "not connected" (a refused token, another program
        polling with it), in the operator's words; None otherwise."""
        ...

    def render_digest(self, digest: Digest) -> list[Payload]:
        """The digest as this platform's messages, each within its limits; JSON-serialisable for the ledger."""
        ...

    def render_reply(self, reply: Reply) -> list[Payload]:
        """A command's reply as this platform's messages."""
        ...

    async def start(self, commands: CommandService) -> None:
        """Connect and begin listening for commands, answered through `commands`; returns once listening."""
        ...

    async def send(self, chat_id: str, payload: Payload, key: str = "") -> Outcome:
        """Post one rendered message to a chat and say what happened. Never raises for platform errors.

        `key` names the stored message, the same at every try of it and after a restart (`Delivery.send_key`;
        empty for what the ledger does not hold, an operator's alert): a platform whose server can tell a repeat
        by it (a nonce the server checks) has it posted once even when the answer to an earlier try was lost."""
        ...

    async def stop(self) -> None:
        """Stop listening and close connections."""
        ...

    async def chat_alias(self, chat_id: str) -> ChatAlias:
        """The other name the platform knows a chat by, which a [[subscriptions]] block may use for it (a
        channel's public "@name"). Never raises for platform errors: `ChatAlias.unknown` says why not."""
        ...


class PlatformSpec:
    """A platform described once: what the platform-neutral layers would otherwise ask by its name.

    A platform package subclasses this and overrides what differs from these defaults (a chat with no channels,
    commands typed as words, operators reached at their user id). One instance per platform, listed in
    `bot.platforms.PLATFORMS`.
    """

    name: str = "unknown"
    # The platform's name in a sentence, and the form its bot tokens take (None: any): a token of another
    # platform's form in this one's variable is refused before it is sent (`bot.platforms.token_mixups`).
    title: str = "this platform"
    token_form: re.Pattern[str] | None = None
    # The form a chat id takes there (None: any the config's reader takes) and how an error says it: a
    # [[subscriptions]] block's id of another form is refused on load, not found at its first digest hours later.
    chat_form: re.Pattern[str] | None = None
    chat_form_text: str = ""
    # The fallback platform runs when no other platform is configured, or when a subscription names it.
    fallback: bool = False
    # Commands are typed as named options (`/settings time:08:30`, slash commands) rather than as words.
    named_options: bool = False
    # The config section class of this platform's `[name]` table, None when it has none.
    section: type[Any] | None = None
    # Who may change what a shared chat gets, in the platform's own words (what `is_chat_admin` checks there):
    # the refusal a member gets, and the /help note that says it beforehand.
    change_refused: str = "Only this group's administrators can change its subscription or settings."
    who_changes: str = "In groups, only administrators can subscribe, unsubscribe, follow or change settings"
    group_subscriber: str = "An administrator of this group"  # who /start in a shared chat says subscribes it

    # What brings back by itself a channel's digests its refusals ended, in the operators' alert ("" for nothing:
    # the alert names /subscribe alone): a platform that tells the bot it may post again (`may_post_again`).
    rights_back: str = ""

    # The chat that holds others (`enclosing_chat`), named from one of them; where its digests go, and its commands
    # are typed.
    enclosing_whole: str = "The chat that holds this one"
    enclosing_place: str = "the chat that holds this one"

    # The platform says nothing of a second bot connected with the same token (one that polls refuses the second's
    # polls; one with a gateway takes both): `run` refuses a second bot on this machine with it instead, as both
    # would post every digest.
    second_bot_unseen: bool = False

    def enclosing_chat(self, chat_id: str) -> str | None:
        """The chat that holds this one, where the platform serves a part of a chat as a chat of its own (a forum's
        topic): a subscription the whole chat has is delivered elsewhere, and a command in the part does not see
        it. None for a chat of its own."""
        return None

    # What one of a chat's parts served as chats of their own is called, and the chat that holds them, for "Another
    # topic of this group gets digests of its own".
    part_name: str = "part"
    whole_name: str = "chat"

    def part_address(self, chat_id: str) -> str | None:
        """A link that opens this part of a chat (`enclosing_chat`) for its members; None where there is none."""
        return None

    def parts_prefix(self, chat_id: str) -> str | None:
        """What the ids of this chat's parts served as chats of their own (`enclosing_chat`) begin with, to look
        them up by; None where a chat has no such parts."""
        return None

    def chat_kind(self, chat_id: str) -> ChatKind:
        """The kind of a chat known only by its id (a subscription declared in the config)."""
        return "private"

    def is_channel_reference(self, word: str) -> bool:
        """Whether a command argument names a channel (`/subscribe @news` from an operator's private chat)."""
        return False

    def operator_chat(self, operator_id: str) -> str:
        """Where an operator's alerts go: the chat id of their private chat with the bot."""
        return operator_id

    def place(self, chat_kind: ChatKind, chat_id: str | None = None) -> str:
        """What the platform's users call the place a command was sent in, by its kind ("chat" here; a channel,
        a DM elsewhere) and, where a chat has parts served as chats of their own (a forum's topic), its id:
        replies say "this chat" where the platform's own client says otherwise."""
        return "chat"

    def describe(self, command: CommandSpec, chat_kind: ChatKind = "group") -> str:
        """A command's one-line description in the platform's word for the place (`place`): the registry writes
        "this chat" once, which a platform whose users have channels and DMs lists as "this channel"."""
        word = self.place(chat_kind)
        if word == "chat":
            return command.description
        return re.sub(r"\b([Tt])his chat\b", lambda found: f"{found.group(1)}his {word}", command.description)

    def argument(self, command: CommandSpec, param: str, placeholder: str) -> str:
        """How a reply names one argument of `command` in a sentence ("N must be a number ..."): the usage line's
        `placeholder` where commands are typed as words, the option's name where they are named options."""
        option = _option(command, param)
        return option if self.named_options else placeholder

    def typed(self, command: CommandSpec, param: str, placeholder: str) -> str:
        """The command with one argument to fill in, as a reply shows it: `/follow NAME` in words, `/follow
        name:…` as named options (which show no placeholder, but the option's name)."""
        option = _option(command, param)
        return f"/{command.name} {option}:…" if self.named_options else f"/{command.name} {placeholder}"

    def usage(self, command: CommandSpec) -> str:
        """A command's usage line as a user of this platform types it (with its example, where it has one)."""
        if not self.named_options or not command.params:
            return command.usage
        options = " ".join(f"{p.name}:…" if p.required else f"[{p.name}:…]" for p in command.params)
        example = f"  e.g. {self.example(command, command.example)}" if command.example else ""
        return f"/{command.name} {options}{example}"

    def example(self, command: CommandSpec, values: Sequence[tuple[str, str]]) -> str:
        """A use of `command` with these (parameter, value) pairs, as a user of this platform types it:
        `/subscribe ukraine nato since 7d` in words (a keyword parameter is typed with its name), `/subscribe
        topics: ukraine nato since: 7d` as named options."""
        keywords = {p.name for p in command.params if p.keyword}
        if self.named_options:
            # An option with choices refuses any other word ("superseded" for /pledges' status): it is left out.
            choices = {p.name: p.choices for p in command.params if p.choices}
            typed = [f"{name}: {value}" for name, value in values if value in choices.get(name, (value,))]
        else:
            typed = [f"{name} {value}" if name in keywords else value for name, value in values]
        return " ".join([f"/{command.name}", *typed])

    def pledges(self, status: str) -> str:
        """`/pledges` with a status word, as this platform's users type it: where a digest's pledge block sends its
        readers for the lines it leaves out (`bot.core.digest.pledges_not_shown`)."""
        return self.example(PLEDGES, [("status", status)])

    def build(self, section: Any, *, interactive: bool) -> Platform | None:
        """The adapter for this config section, or None when it cannot run: no section, or its token not set."""
        token = getattr(section, "token", None)
        value = token() if callable(token) else None
        return self.connect(section, value) if value else None

    def connect(self, section: Any, token: str) -> Platform:
        """The adapter for a section whose token is set. Its library is imported here, not at module level, so a
        process imports only the platforms it runs."""
        raise NotImplementedError(f"{self.name} builds no adapter")


def _option(command: CommandSpec, param: str) -> str:
    """`param` as one of `command`'s options, checked on every platform: a reply naming an option the command does
    not register sends a user of named options to type one the platform refuses, so a misspelt name fails in the
    tests of any platform, not only in the ones that show option names."""
    if param not in {p.name for p in command.params}:
        raise ValueError(f"/{command.name} has no option {param!r}")
    return param
