"""What every command handler works with: the context it runs in, the usage error, and who may change a chat."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils

from bot.config import Config
from bot.core.commands import CommandSpec, Invocation
from bot.core.digest import Planned
from bot.core.platform import PlatformSpec
from bot.core.settings import zone_label
from bot.core.text import printable, refusal_detail, word_letters
from bot.tracking import default_table
from storage import subscriptions as sub_store
from storage.db import from_iso, is_storage_error, locked_since
from storage.records import Subscription

log = logging.getLogger(__name__)

MAX_ARGS = 12
MAX_ARG_LENGTH = 64
MAX_TOPICS = 10
MAX_TOPIC_LENGTH = 40
_TOPIC = re.compile(r"[\w][\w.&'/-]*")
_CHAT_ID = re.compile(r"^-\d{1,25}(/\d{1,12})?$")  # a group's or channel's number, as platforms write it


# What a reader asking for another language is told (`/settings language de`, `/language`): there is none to choose,
# and the stories are not translated. "“language” is not a setting" left them unsure a language could be chosen.
ONE_LANGUAGE = ("Communiqué writes its digests and replies in English: there is no language setting. Each story "
                "stays in the language its outlet wrote it in, which its line names when it is not English "
                "(“in French”).")


class UsageError(ValueError):
    """Bad arguments: the message says what was wrong; the usage line is added by `run` (unless `usage` is False:
    a name no story gives was typed right, as a command goes). `meant`: (the words typed, the value they most likely
    mean), for a message that asks "Did you mean ...?": a "yes" then runs the command with it."""

    def __init__(self, message: str, *, meant: tuple[str, str] | None = None, usage: bool = True) -> None:
        super().__init__(message)
        self.meant = meant
        self.usage = usage


class AdminCheckFailed(Exception):
    """The platform could not say whether the sender administers the group (a timeout, a 5xx): not a "no".

    Nothing is changed, as on a refusal, but the sender is asked to try again: an administrator told "only
    administrators can change this group" during a platform hiccup had no way to tell it from a real refusal.
    """

    TEXT = ("I could not check with the platform whether you administer this group (it did not answer): nothing "
            "changed; try again in a moment.")


@dataclass
class CommandContext:
    """What commands may use: the database, the current config, the clock, two hooks into the scheduler, and
    what a platform is like.

    `request_digest(subscription)` plans this chat's pending digest now and says how many stories and pledge lines
    it holds;
    `subscription_changed(subscription)` tells the scheduler a chat's time, zone or mode changed;
    `restarted_after_refusals(subscription)` says a chat the platform had refused is served again (its operators
    were told when it stopped);
    `platform_spec(name)` describes a platform (how its users type commands, how they name a channel);
    `storage_problem()` says why the database cannot be written now (a full disk), or None;
    `config_problem()` says that the config file's last edit was refused, when and why (the bot runs on the config
    before it), or None.
    """

    db: sqlite_utils.Database
    config: Callable[[], Config]
    now: Callable[[], datetime]
    request_digest: Callable[[Subscription], Awaitable[Planned]] | None = None
    subscription_changed: Callable[[Subscription], None] | None = None
    restarted_after_refusals: Callable[[Subscription], None] | None = None
    platform_spec: Callable[[str], PlatformSpec] = field(default=lambda _name: PlatformSpec())
    storage_problem: Callable[[], str | None] = field(default=lambda: None)  # why writes fail now, for /status
    config_problem: Callable[[], str | None] = field(default=lambda: None)  # the config file's last edit, refused


def is_operator(ctx: CommandContext, inv: Invocation) -> bool:
    return inv.user_id is not None and str(inv.user_id) in ctx.config().operators(inv.platform)


def subscribed_id(ctx: CommandContext, platform: str, chat_id: str, aliases: Sequence[str]) -> str:
    """The name a chat's subscription is kept under: its id, or the alias a [[subscriptions]] block declared it by
    (`chat_id = "@name"`). Looked up by its number alone, a channel a block named was "not subscribed" to its
    own commands, and an operator's /subscribe made it a second subscription: each story posted twice."""
    if not aliases or sub_store.get(ctx.db, platform, chat_id) is not None:
        return chat_id
    return next((alias for alias in aliases if sub_store.get(ctx.db, platform, alias) is not None), chat_id)


def note_chat_alias(ctx: CommandContext, inv: Invocation) -> None:
    """A command posted in a chat the platform also names otherwise ("@name"): the name is kept on the chat's
    subscription, so that a [[subscriptions]] block naming the chat so is that subscription, not a second one
    (each story posted twice). A database that cannot be written now leaves it for a later command."""
    if not inv.chat_aliases or locked_since(ctx.db) is not None:  # another program's lock: kept at a later command
        return
    if sub_store.get(ctx.db, inv.platform, inv.chat_id) is None:
        return
    try:
        sub_store.note_alias(ctx.db, inv.platform, inv.chat_id, inv.chat_aliases[0])
    except Exception as exc:
        if not is_storage_error(exc):
            raise
        log.warning("the name %s of %s chat %s not kept (%s): kept at a later command", inv.chat_aliases[0],
                    inv.platform, inv.chat_id, exc)


async def may_change_chat(ctx: CommandContext, inv: Invocation) -> bool:
    """Private chats and channels (only admins can post there) change themselves; in groups, admins only."""
    if inv.chat_kind in ("private", "channel") or is_operator(ctx, inv):
        return True
    if inv.is_chat_admin is None:
        return False
    try:
        return await inv.is_chat_admin()
    except Exception:  # the platform could not tell us: change nothing rather than let anyone change the chat
        log.warning("could not check admin status in chat %s", inv.chat_id, exc_info=True)
        raise AdminCheckFailed() from None


def parse_topics(words: list[str], tags: Collection[str] = ()) -> list[str]:
    """Topic words, lower case, each once; words that together are a name the alias table knows ("united states",
    "south korea", "security council") or one of the source `tags` of several words ("foreign policy", as the
    config and an OPML folder allow and /topics lists) stay one topic, since each word alone ("united", "south",
    "policy") would bring every story that has it, and not the tag's. A comma also ends a topic."""
    topics: list[str] = []
    for group in _names_together(words, {tag.lower() for tag in tags if " " in tag}):
        topic = " ".join(group).lower()
        if topic not in topics:
            topics.append(topic)
    if len(topics) > MAX_TOPICS:
        raise UsageError(f"At most {MAX_TOPICS} topics, please.")
    return topics


_NAME_WORDS = 4  # the longest run of words read as one name ("north atlantic treaty organization")


def _names_together(words: list[str], tags: Collection[str] = ()) -> list[list[str]]:
    """The topic words grouped: the longest run that is a tag of several words, else the longest that names an
    actor, is one group; then each word left alone is checked (the "&" of a tag "wires & agencies" is no topic of
    its own, but part of that tag)."""
    runs: list[list[str]] = []  # words between commas: a name never runs over a comma
    for word in words:
        parts = word.split(",")
        for index, part in enumerate(parts):
            topic = _topic_word(part)
            if _LINK.match(part.strip()):  # "www.site.example/news" is made of a topic's characters: no topic
                raise UsageError(not_a_topic(part.strip()))
            if part.strip() and not topic:  # quote marks alone ('/subscribe "') are no topic, nor every story
                raise UsageError(not_a_topic(part.strip()))
            if index > 0 or not runs:
                runs.append([])
            if topic:
                runs[-1].append(topic)
    table = default_table()
    groups: list[list[str]] = []
    for run in runs:
        at = 0
        while at < len(run):
            size = next((n for n in range(len(run) - at, 1, -1) if " ".join(run[at:at + n]) in tags), 0) or next(
                (n for n in range(min(_NAME_WORDS, len(run) - at), 1, -1)
                 if _name_words(run[at:at + n]) and table.named(" ".join(run[at:at + n])) is not None), 1)
            if size == 1 and not topic_shaped(run[at]):
                raise UsageError(not_a_topic(run[at]))
            if size > 1 or run[at] not in JOINING_WORDS:
                groups.append(run[at:at + size])
            at += size
    joined = [word for run in runs for word in run if word in JOINING_WORDS]
    if joined and not groups:
        raise UsageError(f"“{printable(joined[0], 10)}” joins topics and is none itself: name them, e.g. ukraine nato.")
    return groups


# Words that join the topics a person lists ("velmora and estavia"), as a comma does: read as a topic, "and"
# brought every story that has the word. Inside a name ("bosnia and herzegovina") they stay, grouped first.
JOINING_WORDS = frozenset({"and", "or"})


def _name_words(words: list[str]) -> bool:
    """Whether these words can be read together as a name: each a topic word, or the "&" a name may hold ("trinidad
    & tobago"). A name is looked up without its marks, so "😀 ukraine" named Ukraine and was kept as one topic, emoji
    and all, while "😀" alone was refused."""
    return all(word == "&" or topic_shaped(word) for word in words)


# A phone's keyboard types the typographic apostrophe ("O’Neill"); the topic is the one typed with '.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
# Quote marks around a topic, as search boxes ask ("«ceasefire»", “foreign policy”): no part of the topic.
_QUOTE_MARKS = "\"'“”„«»‹›"


def _topic_word(part: str) -> str:
    """A typed word as a topic: lower case, its apostrophes as ', and without quote marks around it or the hash
    of a hashtag before it. "O’Neill", «ceasefire» and #borders (as channels mark their posts' topics) were
    refused as no topic, though the same words typed plainly are topics. A hash alone stays, to be refused."""
    word = part.strip().translate(_APOSTROPHES).strip(_QUOTE_MARKS).lower()
    return word[1:] if word.startswith("#") and len(word) > 1 else word


def topic_shaped(word: str) -> bool:
    """Whether a typed word can be a topic: a letter or digit first, then letters (with their marks), digits and
    - ' . & /, MAX_TOPIC_LENGTH characters at most. 'वार्ता' (talks, in Hindi) was refused as "not a topic: use
    letters, digits ... only": its vowel signs are marks, which a regular expression's letters leave out; so was
    Persian's 'گفت‌وگو' for the non-joiner inside it."""
    return len(word) <= MAX_TOPIC_LENGTH and _TOPIC.fullmatch(word_letters(word)) is not None


# A web address pasted where a topic goes: a feed's, to have the bot follow it, or a story's.
_LINK = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S", re.IGNORECASE)


# The overrides and isolates that turn text around (U+202A-U+202E, U+2066-U+2069): refused in a topic, unseen.
_TURNS_TEXT = re.compile("[\u202a-\u202e\u2066-\u2069]")


def not_a_topic(word: str) -> str:
    """Why a word is no topic. A word too long is called so, and shown cut with an ellipsis: cut to 40 without a
    mark, a long word of letters read as refused for breaking neither rule. A link is told what a topic is and
    where the sources are: "use letters, digits ... only" read as "remove the colon"."""
    if _LINK.match(word):
        return (f"“{printable(word, 40)}” is a link, not a topic: a topic is a word the stories hold (e.g. ukraine "
                "nato), and the sources read are those the bot's operators list (/sources).")
    if _CHAT_ID.match(word):  # "/subscribe -2001" was told "use letters, digits and - only": it is all of those
        return (f"“{printable(word, 30)}” is a chat's id, not a topic: send the command in that chat itself, with "
                "topics as words (e.g. ukraine nato).")
    if topic_shaped(word[:MAX_TOPIC_LENGTH]):
        return f"“{printable(word, 20)}” is too long for a topic: {MAX_TOPIC_LENGTH} characters at most."
    if _TURNS_TEXT.search(word):  # shown without them, the word read reversed from what the reader saw
        return (f"“{printable(word, 40)}” holds invisible marks that turn text around (pasted text?): type the word "
                "again without them.")
    return (f"“{printable(word, 40)}” is not a topic: use letters, digits and - ' . & / only "
            f"({MAX_TOPIC_LENGTH} at most).")


MAX_BACKFILL_DAYS = 30
_BACKFILL = re.compile(r"^(\d{1,4})\s*(h|d)$")


def parse_backfill(words: list[str]) -> tuple[list[str], timedelta | None]:
    """`since 24h|7d|none` among a command's words: the other words, and how far back the chat's backlog reaches
    (None when not given: the default). Any number of hours or days up to 30 days is taken."""
    lowered = [w.lower() for w in words]
    if "since" not in lowered:
        return words, None
    if lowered.count("since") > 1:  # the second was read as a topic, and its value as another
        raise UsageError("since is given twice: give it once, e.g. /subscribe since 7d.")
    at = lowered.index("since")
    rest = words[:at] + words[at + 2:]
    value = lowered[at + 1] if at + 1 < len(words) else ""
    if not value:
        raise UsageError("since needs a value: 24h, 7d or none, e.g. /subscribe since 7d.")
    if value == "none":
        return rest, timedelta(0)
    found = _BACKFILL.match(value)
    if found:
        amount = int(found.group(1)) * (24 if found.group(2) == "d" else 1)
        if 1 <= amount <= 24 * MAX_BACKFILL_DAYS:
            return rest, timedelta(hours=amount)
    raise UsageError(f"since takes 24h, 7d or none (any number of hours or days up to {MAX_BACKFILL_DAYS} days), "
                     f"not “{printable(words[at + 1], 20)}”.")


_EVERY_STORY = frozenset({"all", "everything"})  # words a reader types for "every story", which no keyword means


def means_every_story(words: list[str]) -> bool:
    """Whether the words typed as topics only say "every story" ('/latest everything', '/latest all'): no keyword
    means that, and searching the word would show only the stories that happen to hold it."""
    return bool(words) and all(_topic_word(word) in _EVERY_STORY for word in words)


def check_no_stray_backfill(words: list[str]) -> None:
    """A reach back typed without `since` ('/subscribe ukraine 7d', '/subscribe none') was taken as a keyword that
    no story has: the chat subscribed to nothing it meant. Refused with the command meant. So is a word meaning
    every story ('/subscribe everything'): it was the keyword "everything", told as "on everything", the words of
    a chat that gets every story, while the chat got only the stories with that word. So is a day ('/subscribe
    yesterday'), which /latest takes, and 'tomorrow', still to come (/latest refuses it so)."""
    for word in words:
        lowered = _topic_word(word)  # as a topic reads it: «everything» was the keyword "everything" again
        if lowered in _EVERY_STORY:
            raise UsageError(f"“{printable(word, 20)}” is no topic: /subscribe alone gets every story.")
        if lowered == "none":
            raise UsageError("“none” is no topic: /subscribe alone gets every story, /subscribe since none only the "
                             "stories that arrive from now on.")
        if _BACKFILL.match(lowered):
            raise UsageError(f"“{printable(word, 20)}” goes after since: /subscribe since {lowered}.")
        if lowered in ("today", "yesterday"):  # the chat got only the stories holding the word
            raise UsageError(f"“{printable(word, 20)}” is no topic: /latest {lowered} shows that day's stories now, "
                             "and /subscribe since 24h starts the digests with the last day's.")
        if lowered == "tomorrow":  # the keyword "tomorrow", where /latest refuses it as still to come
            raise UsageError(f"“{printable(word, 20)}” is still to come, and no topic: /subscribe alone gets every "
                             "story as it is published, from the next digest on.")


def describe_backfill(backfill: timedelta) -> str:
    if not backfill:
        return "only stories that arrive from now on"
    hours = int(backfill.total_seconds() // 3600)
    span = f"{hours // 24} days" if hours % 24 == 0 and hours > 24 else f"{hours} hours"
    return f"stories published in the last {span}, and every story that arrives from now on"


def usage(ctx: CommandContext, inv: Invocation, spec: CommandSpec) -> str:
    """A command's usage line as the user who sent `inv` types commands on their platform."""
    return ctx.platform_spec(inv.platform).usage(spec)


def example(ctx: CommandContext, inv: Invocation, command: str, *values: tuple[str, str]) -> str:
    """A use of `command` with these (parameter, value) pairs, as the user who sent `inv` types it on their
    platform (`/subscribe ceasefire`; `/subscribe topics: ceasefire` as a slash command)."""
    from bot.commands.registry import COMMANDS  # the registry imports this module

    return ctx.platform_spec(inv.platform).example(COMMANDS[command], values)


def place(ctx: CommandContext, inv: Invocation) -> str:
    """What the user who sent `inv` calls the place they sent it in: "chat", or the platform's own word ("this
    channel" on a server, a DM), so that a reply reads "This channel now follows ..." where there are no chats. A
    part of a chat that the platform names with the command (a thread, with its channel) is that part: "This
    channel is now subscribed", typed in a thread, read as the whole channel."""
    spec = ctx.platform_spec(inv.platform)
    if inv.enclosing_chat_id is not None:
        return spec.part_name
    return spec.place(inv.chat_kind, inv.chat_id)


def typed(ctx: CommandContext, inv: Invocation, command: str, param: str, placeholder: str) -> str:
    """`command` with its argument `param` to fill in, as the user who sent `inv` types it (`/follow NAME`;
    `/follow name:…` as a slash command, which shows its options by name)."""
    from bot.commands.registry import COMMANDS  # the registry imports this module

    return ctx.platform_spec(inv.platform).typed(COMMANDS[command], param, placeholder)


def argument(ctx: CommandContext, inv: Invocation, command: str, param: str, placeholder: str) -> str:
    """An argument of `command` named in a sentence as the user who sent `inv` knows it: the usage line's
    placeholder (`N`), or the option a slash command shows (`count`)."""
    from bot.commands.registry import COMMANDS

    return ctx.platform_spec(inv.platform).argument(COMMANDS[command], param, placeholder)


def describe_topics(topics: list[str], followed: Sequence[str] = ()) -> str:
    """What a chat's digests hold: its topics, or the stories about whom it follows, or both; everything only
    when it has neither (a follow without topics narrows the chat to the stories about them)."""
    names = ", ".join(followed[:3]) + (f" and {len(followed) - 3} more" if len(followed) > 3 else "")
    if topics and followed:
        return f"{', '.join(topics)}, or about {names} (followed)"
    if followed:
        return f"the stories about {names} (followed)"
    return ", ".join(topics) if topics else "everything"


def stopped_by_refusal(sub: Subscription | None, again: str = "/subscribe", where: str = "here") -> str | None:
    """Why a chat's digests stopped when the platform refused them there (the bot muted, removed, stripped of a
    right), in a sentence with the day; None for a chat that unsubscribed, never subscribed or still gets them.

    Such a chat asked 'is this chat subscribed?' was told 'not subscribed (yet)': the group had subscribed, and
    never learned that its digests stopped, when, or why. A refusal that stops a chat is stored as both its reason
    and its last error (`storage.subscriptions.deactivate`), which an /unsubscribe or a config edit is not.
    `again`: the command that starts them again as they were (`stopped_here` names the chat's topics in it);
    `where`: the chat, "here" where it asked ("in Velmora News" for a channel named from a private chat).
    """
    if sub is None or sub.active or not sub.deactivated_reason or sub.deactivated_reason != sub.last_error:
        return None
    day, platform, detail = _refusal_told(sub, sub.deactivated_reason)
    there = "here" if where == "here" else "there"
    return (f"Digests {where} stopped{day}: {platform} refused my messages ({detail}). "
            f"Once I may post {there} again, {again} starts them again.")


def stopped_here(ctx: CommandContext, inv: Invocation, sub: Subscription | None, *, channel: str = "",
                 title: str = "") -> str | None:
    """`stopped_by_refusal` told in the chat that asked, with the command that brings its digests back as they
    were, topics and all, as the user types it ('/subscribe borders'): told "/subscribe starts them again", a reader
    who sent it had a chat on borders subscribed on everything. `channel`: a channel named from a private chat as
    typed ("@name"), first in that command, or following it subscribed the private chat; `title`: its name."""
    topics = " ".join([*([channel] if channel else []), *(sub.topics if sub is not None else [])])
    again = example(ctx, inv, "subscribe", ("topics", topics)) if topics else "/subscribe"
    return stopped_by_refusal(sub, again, f"in {title or channel}" if channel else "here")


def back_after_refusal(sub: Subscription | None, lookback_hours: int, further: str) -> str | None:
    """What a chat whose digests the platform refused until they stopped is told when they come back by themselves
    (the bot added back to the group, allowed to post again): when and why they stopped, and what the next digest
    brings. Greeted only as a subscribed chat, a group that added the bot back a week later took the next digest's
    stories for all that happened meanwhile. None for a chat not so restarted (its stop is kept as its last error,
    `storage.subscriptions.deactivate`; a restart clears the reason only). `further`: the command reaching back a
    week, as the chat types it."""
    if sub is None or not sub.active or sub.failures or not sub.last_error or not sub.last_error_at:
        return None
    day, platform, detail = _refusal_told(sub, sub.last_error)
    return (f"Digests here had stopped{day}, when {platform} refused my messages ({detail}). They start again "
            f"now, with this chat's topics and settings: the next digest brings the stories {platform} refused, "
            f"then those of the last {lookback_hours} hours (at least a digest's worth); {further} reaches back a "
            "week.")


def _refusal_told(sub: Subscription, reason: str) -> tuple[str, str, str]:
    """The parts of a sentence on a platform's refusal that stopped a chat's digests, for `stopped_by_refusal` and
    `back_after_refusal` alike: " on 3 Dec 2026" (the day it came, in the chat's zone; '' when unknown), the
    platform's name as a reader reads it, and what the refusal means (`refusal_detail`)."""
    when = from_iso(sub.last_error_at)
    day = f" on {when.astimezone(ZoneInfo(sub.timezone)):%-d %b %Y}" if when else ""
    platform = sub.platform.capitalize()
    return day, platform, refusal_detail(reason, platform)


def describe_subscription(sub: Subscription, followed: Sequence[str] = ()) -> str:
    """The chat's delivery in one phrase; `followed`: the names of the actors it follows. A daily chat is told that a
    day with nothing new brings no digest (none is sent empty): its 08:00 digest not coming read as a broken bot."""
    if sub.mode == "instant":
        when = f"each new story as it arrives (up to {sub.max_items} a message)"
        return f"{when}, on {describe_topics(sub.topics, followed)}"
    when = f"a daily digest at {sub.time} ({zone_label(sub.timezone)}) with up to {sub.max_items} stories"
    return f"{when}, on {describe_topics(sub.topics, followed)} (no digest on a day with nothing new)"


def other_parts_note(ctx: CommandContext, inv: Invocation, chat_id: str) -> str:
    """The other parts of the chat (a forum's topics) that get digests of their own, each with a link where the
    platform gives one. A forum that subscribed one topic was, asked in another topic or in General, "not
    subscribed", as if the group got nothing, and a /subscribe in General added a second digest unsaid."""
    spec = ctx.platform_spec(inv.platform)
    prefix = spec.parts_prefix(spec.enclosing_chat(chat_id) or chat_id)
    others = [sub for sub in sub_store.with_id_prefix(ctx.db, inv.platform, prefix or "")
              if sub.active and sub.chat_id != chat_id]
    if not others:
        return ""
    links = [link for link in (spec.part_address(sub.chat_id) for sub in others[:3]) if link]
    shown = f" ({', '.join(links)}{', ...' if len(others) > 3 else ''})" if links else ""
    lead = (f"Another {spec.part_name} of this {spec.whole_name} gets digests of its own" if len(others) == 1 else
            f"{len(others)} other {spec.part_name}s of this {spec.whole_name} get digests of their own")
    return f"\n{lead}{shown}: /settings or /unsubscribe there changes them."
