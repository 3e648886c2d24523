"""Running a command: the checks every command shares, then its handler; always a reply, never an exception.

`Commands` is what platforms reach the command set through (`bot.core.commands.CommandService`).
"""

from __future__ import annotations

import difflib
import logging
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from bot.commands.context import (
    MAX_ARG_LENGTH,
    MAX_ARGS,
    ONE_LANGUAGE,
    AdminCheckFailed,
    CommandContext,
    UsageError,
    back_after_refusal,
    example,
    is_operator,
    not_a_topic,
    note_chat_alias,
    place,
    stopped_by_refusal,
    subscribed_id,
    usage,
)
from bot.commands.registry import COMMANDS, HANDLERS
from bot.commands.suggest import suggest
from bot.core.commands import SENTENCE_END_MARKS, SORRY, CommandSpec, Invocation, Reply
from bot.core.settings import flag_country
from bot.core.storage import storage_error_text
from bot.core.text import printable
from bot.digest.compose import MAX_LATEST
from bot.digest.topics import topic_search
from bot.redact import redact
from storage import subscriptions as sub_store
from storage import tracking as tracking_store
from storage.db import cannot_write, is_locked, locked_since
from storage.records import Subscription
from storage.subscriptions import FIRST_DIGEST_LOOKBACK

log = logging.getLogger(__name__)

# Commands that act on the chat they are sent in, and no other: only /subscribe and /unsubscribe take a channel.
HERE_ONLY = frozenset({"settings", "digest", "follow", "unfollow", "following"})


# Invisible marks a keyboard or a copy types around words (the direction marks of right-to-left keyboards, a
# zero-width space, a byte-order mark): no part of a topic or a name. Joiners (U+200C, U+200D) spell words and
# emoji, and stay; overrides and isolates (U+202A-U+202E, U+2066-U+2069) turn text around, and stay refused.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200e\u200f\u2060\ufeff\u061c"))


# An emoji keyboard's keycap (3️⃣): the digit, then the marks that draw a key around it.
_KEYCAP = re.compile("([0-9#*])\ufe0f?\u20e3")


def _words_as_seen(args: list[str]) -> list[str]:
    """The words as the user sees them: '/latest \u200fceasefire' was told "“ceasefire” is not a topic", the mark
    that made it none unseen, and '/follow \u200fOrvik' "a name is letters ... only". A letter a keyboard typed as
    two characters (e and an accent) is the one letter (NFC), as stories and source tags write it, and a keycap
    digit the digit ('/latest 3️⃣' is three stories). A country's flag is its name ('/subscribe 🇺🇦' is ukraine,
    '/follow 🇰🇷' South Korea): it was "not a topic", and "a name is letters ... only"."""
    words = [_KEYCAP.sub(r"\1", unicodedata.normalize("NFC", arg.translate(_INVISIBLE))) for arg in args]
    words = [part for word in words if word for part in _flag_as_name(word)]
    if words:
        words[-1] = _without_sentence_end(words[-1])
    return words


def _flag_as_name(word: str) -> list[str]:
    """A flag's country as the words of its name ('🇺🇸': United States, two words as typed), and flags typed with no
    space between them each as its own ('🇺🇦🇵🇱'); any other word as it is (a slash command's option may hold
    spaces, '8 pm', which it keeps)."""
    letters = word.replace("\ufe0f", "")
    flags = [letters[at:at + 2] for at in range(0, len(letters), 2)] if len(letters) % 2 == 0 else []
    countries = [flag_country(flag) for flag in flags]
    if not countries or None in countries:
        return [word]
    return [part for country in countries if country for part in country.split()]


def _without_sentence_end(word: str) -> str:
    """A command's last word without the marks that end the typed sentence ('/latest 2.', '/subscribe truce.',
    '/pledges Norland?'), as a command's name is read without them ('/latest.', '/help?'): "2." was searched as a
    keyword, "truce." subscribed as one, "07:30." was "not a time". A topic may hold dots, so this is the one
    place that can tell: an abbreviation, with a dot inside too ('U.S.', 'p.m.'), keeps its own last dot; a word
    of marks alone is left to be refused as it is."""
    bare = word.rstrip(SENTENCE_END_MARKS)
    if not bare or bare == word:
        return word
    return bare + "." if "." in bare and word[len(bare)] == "." else bare


async def run(ctx: CommandContext, inv: Invocation) -> Reply:
    """Run one command and always return a reply: usage errors and internal errors become short messages."""
    return (await _run(ctx, inv))[0]


async def _run(ctx: CommandContext, inv: Invocation) -> tuple[Reply, Invocation | None]:
    """`run`, and the command its reply offers with "Did you mean ...?" (the name or a value mended), if any."""
    inv = replace(inv, args=_words_as_seen(inv.args))
    typed = inv
    name = inv.command.lower().lstrip("/")
    spec = COMMANDS.get(name)
    if spec is None:
        near = _near_command(ctx, inv, name)
        return (Reply(text=f"Unknown command /{printable(name, 32)}. {_near(ctx, inv, name, near)}", error=True),
                replace(typed, command=near) if near else None)
    too_long = next((a for a in inv.args if len(a) > MAX_ARG_LENGTH), None)
    if too_long is not None or len(inv.args) > MAX_ARGS:
        # Which limit, and what it is: a user who typed one option of a slash command never saw "arguments".
        # A command taking topics names the topic limit (40): a 70-letter topic was told 64, and cut to 60 then 40.
        if too_long is None:
            problem = f"Too many words ({len(inv.args)}): {MAX_ARGS} at most."
        elif any(p.kind in ("topic", "topic_or_source") for p in spec.params):
            problem = not_a_topic(too_long)
        else:
            problem = f"“{printable(too_long, 20)}” is too long: a word has {MAX_ARG_LENGTH} characters at most."
        return Reply(text=f"{problem}\nUsage: {usage(ctx, inv, spec)}", error=True), None
    named = inv.args[0] if inv.args else ""
    if (name in HERE_ONLY and inv.chat_kind == "private" and is_operator(ctx, inv)
            and ctx.platform_spec(inv.platform).is_channel_reference(named)):
        # An operator, who subscribes channels from here, names one: it was read as a setting, an actor or nothing
        # at all, and the private chat acted on. (Anyone else's '@name' may be a handle: read as it always was.)
        return Reply(text=f"/{name} acts on the chat it is sent in: for {printable(named, 70)}, post it in that "
                          "channel.", error=True, ephemeral=True), None
    if spec.operator_only and not is_operator(ctx, inv):
        # A reader asking after their own digests (just after /unsubscribe, say) was told only this, and left to
        # guess where this chat's state is shown: the commands that show it, and the sources', are named.
        here = f"this {place(ctx, inv)}"
        return Reply(text=f"Only the bot's operators can use /{name}. /settings shows whether {here} is subscribed "
                          "and when its digests come; /sources whether each source can be read.",
                     error=True, ephemeral=True), None
    inv = replace(inv, chat_id=subscribed_id(ctx, inv.platform, inv.chat_id, inv.chat_aliases))
    note_chat_alias(ctx, inv)
    try:
        reply = await HANDLERS[name](ctx, inv)
        return reply, None if reply.yes_runs is None else replace(typed, args=list(reply.yes_runs))
    except UsageError as exc:
        said = f"{exc}\nUsage: {usage(ctx, inv, spec)}" if exc.usage else str(exc)
        return Reply(text=said, error=True, ephemeral=True), _mended(typed, exc.meant)
    except AdminCheckFailed:
        return Reply(text=AdminCheckFailed.TEXT, error=True, ephemeral=True), None
    except Exception as exc:
        if cannot_write(exc):
            return _not_saved(ctx, inv, name, exc), None
        log.exception("command /%s failed in %s chat %s", name, inv.platform, inv.chat_id)
        return Reply(text=SORRY, error=True), None


def _mended(inv: Invocation, meant: tuple[str, str] | None) -> Invocation | None:
    """The command typed, with the words a "Did you mean" questioned replaced by what they most likely mean
    ('/settings tz Europe/Berln' -> '/settings tz Europe/Berlin'); None when nothing was offered, or the typed
    words are not found whole among the command's."""
    if meant is None:
        return None
    typed, value = meant
    # Mended in the text as typed, not word by word: the handlers report the words as their parsers read them
    # ('tz=Europe/Berln' as "Europe/Berln", '"Velmra"' as "Velmra"), and the mended text is read the same way again.
    words = " ".join(inv.args)
    found = re.search(rf"(?<!\w){re.escape(' '.join(typed.split()))}(?!\w)", words) if typed.strip() else None
    if found is None:
        return None
    return replace(inv, args=(words[:found.start()] + value + words[found.end():]).split())


def _not_saved(ctx: CommandContext, inv: Invocation, name: str, error: BaseException) -> Reply:
    """A command whose change the database would not take (another program's write lock, a full disk): what
    happened, that nothing changed, and when to try again, where "an error on our side" and a traceback in the log
    left the user to guess and try at once. The handlers write in one transaction, rolled back on the error."""
    if is_locked(error) and locked_since(ctx.db) is not None:  # the log says the lock, once, not at each command
        return Reply(text="Sorry, that was not saved: the bot's database is locked by another program right now "
                          "(its operators can see it in /status). Nothing was changed; please try again in a few "
                          "minutes.", error=True, ephemeral=True)
    log.warning("command /%s in %s chat %s not done: the database cannot be written (%s)", name, inv.platform,
                inv.chat_id, storage_error_text(error))
    return Reply(text="Sorry, that was not saved: the bot cannot write to its database right now (its operators can "
                      "see why in /status). Nothing was changed; please try again later.", error=True, ephemeral=True)


# Commands other bots have, and the one of ours that does what a reader typing them wants: /stop (which many chat
# bots take to end their messages), /pause or /mute were told only "Send /help for the list".
_OTHER_BOTS_WORDS = {
    **dict.fromkeys(("stop", "pause", "mute", "cancel", "quit", "unsub", "off"), "unsubscribe"),
    **dict.fromkeys(("resume", "unpause", "unmute", "sub", "join", "on"), "subscribe"),
    **dict.fromkeys(("news", "headlines", "new"), "latest"),
    **dict.fromkeys(("timezone", "tz", "time", "schedule"), "settings"),
    **dict.fromkeys(("more", "next"), "more"),  # after /latest 2 or a digest: the next stories
    **dict.fromkeys(("track", "watch"), "follow"),
    **dict.fromkeys(("untrack", "unwatch"), "unfollow"),
    "commands": "help",
    **dict.fromkeys(("language", "lang", "locale"), "language"),  # no command does it: said so
}


def _what_does_it(ctx: CommandContext, inv: Invocation, command: str) -> str:
    """One of our commands, said with what it does, for a reader who typed another bot's word for it."""
    here = f"this {place(ctx, inv)}"
    return {
        "unsubscribe": f"/unsubscribe stops {here}'s digests; its settings are kept, and /subscribe brings them back.",
        "subscribe": f"/subscribe starts {here}'s digests, or brings them back as they were.",
        "latest": "/latest shows the newest stories (/latest 10 ceasefire: ten on a topic).",
        "more": f"/latest {MAX_LATEST // 2} shows more of the newest stories ({MAX_LATEST} at most), /latest "
                f"{MAX_LATEST // 2} ceasefire those on a topic, and /digest sends the stories {here} has not been "
                "sent yet.",
        "settings": "/settings shows and changes the digest's time, time zone, size and mode.",
        "follow": "/follow NAME brings the stories of a person, country or organisation.",
        "unfollow": "/unfollow NAME stops following one; /following lists them.",
        "help": "/help lists them.",
        "language": ONE_LANGUAGE,
    }[command]


def _near(ctx: CommandContext, inv: Invocation, name: str, close: str | None) -> str:
    """The command a mistyped name is near (`close`, from `_near_command`: '/lates' -> '/latest'), or the one doing
    what another bot's command of that name does ('/stop' -> '/unsubscribe'), else the pointer to /help: a
    one-letter slip is quicker mended than found in the list of thirteen."""
    if name in _OTHER_BOTS_WORDS:
        return _what_does_it(ctx, inv, _OTHER_BOTS_WORDS[name]) + (
            "" if name == "commands" else " Send /help for the list.")
    return f"Did you mean /{close}? Send /help for the list." if close else "Send /help for the list."


def _near_command(ctx: CommandContext, inv: Invocation, name: str) -> str | None:
    """The one of our commands a mistyped name is a slip of ('lates' -> 'latest'), if any: not another bot's word
    for one of ours ('/stop'), which is answered with what ours does, not asked about. Operator commands are
    offered to operators only."""
    if name in _OTHER_BOTS_WORDS:
        return None
    mine = [known for known, spec in COMMANDS.items() if not spec.operator_only or is_operator(ctx, inv)]
    close = difflib.get_close_matches(name, mine, n=1, cutoff=0.75)
    return close[0] if close else None


OFFER_LASTS = timedelta(minutes=10)  # how long a "yes" answers the bot's "Did you mean ...?"
OFFERS_KEPT = 1000  # questions awaiting an answer, across all private chats
# How a reader answers "Did you mean ...?" (`answer_to_offer`). A yes-word alone is assent; "ok" alone, after a
# question, is agreeing, but "ok" with more after it says something else ("ok thanks": they read the hint and will
# type it; "okay, never mind": no). A clear yes keeps its meaning with courtesy after it ("yes, thanks").
_ASSENT = {"yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "k", "please", "do it", "go ahead", "👍"}
_CLEAR_YES = {"yes", "y", "yeah", "yep", "yup", "sure"}
_OK = {"ok", "okay", "k"}
_COURTESY = {"please", "pls", "thanks", "thank you", "thx"}
_DECLINE = {"no", "n", "nope", "nah", "never mind", "nevermind", "cancel", "👎"}


def answer_to_offer(text: str) -> bool | None:
    """How a line answers the bot's "Did you mean ...?": True for yes ("Yes!", "ok", "yes, thanks"), False for no
    ("no thanks", "okay, never mind"), None for words that answer neither ("ok thanks", "hello"). The rule was a
    list of whole answers, unwritten: "yes, thanks" was no yes, and a "no" got the hint for free text."""
    words = " ".join(text.replace("\ufe0f", "").lower().replace(",", " ").split()).strip(" .!")
    if words in _ASSENT:
        return True
    first, _, rest = words.partition(" ")
    if words in _DECLINE or (first in _DECLINE and rest in _COURTESY) or (first in _OK and rest in _DECLINE):
        return False  # "no", "no thanks", "okay, never mind"
    if first in _CLEAR_YES and rest in _COURTESY:
        return True
    if first in _OK and rest in _ASSENT - _OK:
        return True  # "ok, do it", "ok go ahead"
    return None


class Commands:
    """The command set bound to one context: the `CommandService` the runtime hands to its platforms. It keeps,
    for each person in a private chat, the command its last reply offered (`answer_words`), in memory: a restart
    forgets a question, and a "yes" after it gets the usual hint."""

    def __init__(self, context: CommandContext) -> None:
        self.context = context
        self._offers: dict[tuple[str, str, str | None], tuple[Invocation, datetime]] = {}

    @property
    def specs(self) -> Mapping[str, CommandSpec]:
        return COMMANDS

    async def run(self, invocation: Invocation) -> Reply:
        reply, offered = await _run(self.context, invocation)
        asker = (invocation.platform, invocation.chat_id, invocation.user_id)
        self._offers.pop(asker, None)  # a question is answered by the next words only
        if offered is not None and invocation.chat_kind == "private" and invocation.user_id is not None:
            if len(self._offers) >= OFFERS_KEPT:  # the oldest questions go first; a reader asks again
                del self._offers[next(iter(self._offers))]
            self._offers[asker] = (offered, self.context.now())
        return reply

    async def answer_words(self, invocation: Invocation, text: str) -> Reply | None:
        """Plain words in a private chat, as an answer to the bot's last question there: a "yes" to its "Did you
        mean /latest?" (or "... Europe/Berlin?") runs the command it offered, once and within OFFER_LASTS, and a
        "no" is told nothing was done (`answer_to_offer` reads which); None for anything else, which the platform
        answers as it answers free text (and which ends the question). A "yes" got the generic hint, as though the
        bot had asked nothing, and the reader typed the whole command again."""
        offered = self._offers.pop((invocation.platform, invocation.chat_id, invocation.user_id), None)
        if offered is None or self.context.now() - offered[1] > OFFER_LASTS:
            return None
        answer = answer_to_offer(text)
        if answer is None:
            return None
        command, _ = offered
        if not answer:
            return Reply(text="Nothing done.")
        return await self.run(replace(command, is_chat_admin=invocation.is_chat_admin,
                                      resolve_channel=invocation.resolve_channel))

    async def suggest(self, kind: str, typed: str) -> list[str]:
        return suggest(self.context, kind, typed)

    def chat_moved(self, platform: str, old_chat_id: str, new_chat_id: str) -> None:
        """The platform said a chat has a new id (a group upgraded, as it happens): its subscription, follows and
        pending messages go there now. Left to the next digest's refusal, the chat's commands at its new id
        answered "not subscribed" meanwhile, and a /subscribe there began anew, its topics and time let go.

        A chat not subscribed moves too: the follows of a group that follows before it subscribes, and the
        settings and sent stories an unsubscribed group keeps for its return (at the new id it came back as a new
        chat, and was sent again the stories it had). Only the row a move left at the old id stays where it is."""
        sub = sub_store.get(self.context.db, platform, old_chat_id)
        if sub is None:
            tracking_store.move_follows(self.context.db, platform, old_chat_id, new_chat_id)
            return
        if sub.deactivated_reason and sub.deactivated_reason.startswith(sub_store.MOVED_TO):
            return  # a platform may say it in both chats: the second notice finds the ended row of the first
        sub_store.move_chat(self.context.db, sub.id, new_chat_id)
        log.info("%s chat %s became %s: its %ssubscription went with it", platform, old_chat_id, new_chat_id,
                 "" if sub.active else "ended ")
        moved = sub_store.get(self.context.db, platform, new_chat_id)
        if moved is not None and self.context.subscription_changed:
            self.context.subscription_changed(moved)

    def may_post_again(self, platform: str, chat_id: str, aliases: Sequence[str] = (),
                       chat_title: str | None = None) -> bool:
        """The platform says the bot may post in a chat again (a channel made it an administrator that posts, a
        group unmuted it). A subscription its refusals ended comes back, with its topics and settings, and is owed
        what it missed as a chat subscribing again is (`sub_store.subscribe`: the digests refused at every try,
        then the usual backlog, no story twice). Left ended, a channel's digests stayed stopped: /subscribe posted
        in it, the one way back, was nothing its administrators had a reason to know. A chat that unsubscribed, or
        that its config block ended, stays as it is.

        The parts of the chat served as chats of their own (a forum's topics) come back with it: the platform
        speaks of the whole chat, whose right to post is theirs, and a topic's digests otherwise stayed ended
        while the group's came back. True when a subscription came back."""
        db = self.context.db
        try:
            kept_as = subscribed_id(self.context, platform, chat_id, aliases)
            spec = self.context.platform_spec(platform)
            whole = sub_store.get(db, platform, kept_as)
            prefix = spec.parts_prefix(kept_as)
            parts = sub_store.with_id_prefix(db, platform, prefix) if prefix else []
            ended = [sub for sub in ([whole] if whole else []) + parts
                     if sub.chat_id == kept_as or spec.enclosing_chat(sub.chat_id) == kept_as]
        except Exception as exc:  # a notice, not a command: nobody to answer, so the log says what was left
            log.warning("%s chat %s may post there again, but its subscription was not restarted (%s): /subscribe "
                        "there starts it", platform, chat_id, storage_error_text(exc), exc_info=not cannot_write(exc))
            return False
        restarted = [self._restart(sub, chat_title) for sub in ended if stopped_by_refusal(sub) is not None]
        return any(restarted)

    def back_note(self, invocation: Invocation) -> str | None:
        """What a chat whose digests `may_post_again` brought back is told with its greeting (`back_after_refusal`):
        greeted only as subscribed, a group that added the bot back a week later read nothing of the stop, and took
        the next digest for all that happened meanwhile."""
        try:
            sub = sub_store.get(self.context.db, invocation.platform, invocation.chat_id)
        except Exception as exc:  # a courtesy line: the greeting goes without it
            log.warning("%s chat %s: what its digests bring after their stop is not said (%s)", invocation.platform,
                        invocation.chat_id, storage_error_text(exc), exc_info=not cannot_write(exc))
            return None
        further = example(self.context, invocation, "subscribe", ("since", "7d"))
        return back_after_refusal(sub, int(FIRST_DIGEST_LOOKBACK.total_seconds() // 3600), further)

    def _restart(self, sub: Subscription, chat_title: str | None) -> bool:
        """One subscription its refusals ended, back with its topics and settings (see `may_post_again`)."""
        try:
            back, _ = sub_store.subscribe(
                self.context.db, platform=sub.platform, chat_id=sub.chat_id, chat_kind=sub.chat_kind,
                chat_title=chat_title or sub.chat_title,
                defaults=self.context.config().digest.subscription_defaults(), origin=sub.origin,
                search=topic_search,
            )
        except Exception as exc:  # a notice, not a command: nobody to answer, so the log says what was left
            log.warning("%s chat %s may post there again, but its subscription was not restarted (%s): /subscribe "
                        "there starts it", sub.platform, sub.chat_id, storage_error_text(exc),
                        exc_info=not cannot_write(exc))
            return False
        log.info("%s chat %s (%s) may post there again: its subscription, ended after refusals (%s), restarted "
                 "with its topics and settings", sub.platform, sub.chat_id, sub.chat_title or "untitled",
                 redact(sub.deactivated_reason or ""))
        if self.context.subscription_changed:
            self.context.subscription_changed(back)
        if self.context.restarted_after_refusals:
            self.context.restarted_after_refusals(back)
        return True
