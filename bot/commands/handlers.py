"""The commands themselves, platform-neutral: parse arguments, check permission, read or change storage, reply.

Each command is one function registered with its spec (`@command`): the spec says what it is called, what it
takes and who may use it, for every platform at once. A usage problem raises `UsageError`, which the service
turns into a short, friendly usage line. Commands never analyse text: they read what ingest stored.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.commands import following
from bot.commands.context import (
    ONE_LANGUAGE,
    CommandContext,
    UsageError,
    argument,
    check_no_stray_backfill,
    describe_backfill,
    describe_subscription,
    example,
    is_operator,
    may_change_chat,
    means_every_story,
    other_parts_note,
    parse_backfill,
    parse_topics,
    place,
    stopped_here,
    subscribed_id,
    usage,
)
from bot.commands.days import DAY_FORMS, StillToCome, count_as_said, read_days
from bot.commands.registry import COMMANDS, command
from bot.commands.suggest import timezone_suggestions
from bot.core.commands import PLEDGES, ChannelRef, CommandSpec, Invocation, Param, Reply, Section
from bot.core.settings import (
    OffsetWithMinutes,
    clock_zones,
    close_zone,
    country_zones,
    either_of,
    offset_with_minutes_hint,
    one_clock,
    read_time,
    read_timezone,
    summer_time_note,
    zone_label,
)
from bot.core.text import count_of, duration_text, name_words, printable
from bot.delivery.resend import describe_failed, describe_waiting
from bot.digest.compose import MAX_LATEST, PendingDigest, latest_digest, pending_digest
from bot.digest.topics import topic_match, topic_search
from bot.ingest.quiet import quiet_sources
from bot.ingest.urls import moved_note
from bot.redact import redact
from bot.tracking import ActorKind, default_table
from bot.tracking.names import normalize
from storage import articles as article_store
from storage import deliveries as delivery_store
from storage import sources as source_store
from storage import subscriptions as sub_store
from storage import tracking as tracking_store
from storage.db import from_iso, locked_since
from storage.records import SettingsChange, Source, Subscription
from storage.subscriptions import FIRST_DIGEST_LOOKBACK

DEFAULT_LATEST = 5
LISTED = 40  # sources or topics one reply lists


@command(CommandSpec("start", "What Communiqué does and how to subscribe", "/start"))
async def cmd_start(ctx: CommandContext, inv: Invocation) -> Reply:
    some = example(ctx, inv, "subscribe", ("topics", "ukraine nato"))
    about = ("Communiqué follows diplomacy for you: it reads the news and government sources its operators chose, "
             "summarizes each story, and picks out who said what and who pledged what, by when.\n\n")
    sub = sub_store.get(ctx.db, inv.platform, inv.chat_id)
    if sub is not None and sub.active:  # told "send /subscribe", a subscribed chat took itself for unsubscribed
        text = about + (
            f"This {place(ctx, inv)} is subscribed: {describe_subscription(sub, _followed(ctx, sub))}. /digest "
            "sends what is new now, /settings changes when and how much, and /help lists every command."
        )
    elif inv.chat_kind == "group":  # a member told to "send /subscribe" was refused: say who may, and what all may
        text = about + (
            f"{ctx.platform_spec(inv.platform).group_subscriber} sends /subscribe to get a daily digest here (or "
            f"{some} for some topics only); anyone can ask /latest for the newest stories now, and /help for every "
            "command."
        )
    else:
        text = about + (
            f"Send /subscribe to get a daily digest here (or {some} for some topics only), "
            "/latest for the newest stories now, and /help for every command."
        )
    stopped = stopped_here(ctx, inv, sub)
    # Answers the one who asked (where a platform can, seen by the caller only): not a welcome posted for all.
    return Reply(text=f"{text}\n\n{stopped}" if stopped else text, ephemeral=True)


@command(CommandSpec("help", "The commands and how to use them", "/help"))
async def cmd_help(ctx: CommandContext, inv: Invocation) -> Reply:
    shown = [spec for spec in COMMANDS.values() if not spec.operator_only or is_operator(ctx, inv)]
    describe = ctx.platform_spec(inv.platform).describe
    # "/help latest": the command asked about, not some 2,000 characters to find its line in; "/help follow
    # unfollow" each, "/help lates" the one it is a slip of. A word naming none ("/help me please"): the list.
    asked = [_help_asked(shown, word) for word in inv.args] if len(inv.args) <= 4 else []
    if asked and all(asked):
        lines = [f"{usage(ctx, inv, spec)} — {describe(spec, inv.chat_kind)}" for spec in dict.fromkeys(asked) if spec]
        return Reply(text="\n".join([*lines, "/help lists every command."]), ephemeral=True)
    lines = [f"{usage(ctx, inv, spec)} — {describe(spec, inv.chat_kind)}" for spec in shown]  # usage may end "x: y"
    notes = [
        f"{ctx.platform_spec(inv.platform).who_changes}; anyone can read. "
        "Topics are the tags in /topics or any keyword.",
        f"Follow people, countries and organisations ({example(ctx, inv, 'follow', ('name', 'Lavrov'))}, "
        f"{example(ctx, inv, 'follow', ('name', 'Russia'))}): the stories where they are "
        "quoted, pledge or are a subject come to the digest, marked “follows”. Topics and follows combine: a "
        "digest holds the stories on any topic or about anyone followed; with neither, every story.",
        "The pledge tracker reads every pledge (who committed to what, by when) and later stories that report it "
        "kept, broken or delayed. /pledges shows each pledge once, with its status today: open, due soon (within "
        "7 days of its deadline), overdue (deadline passed, nothing reported), kept, broken or superseded. Digests "
        "say when a pledge of yours falls due and when it is reported kept or broken.",
    ]
    # Answers the one who asked (where a platform can, seen by the caller only): some 3,700 characters in three
    # messages were posted into a shared channel, between its digests, for every member.
    return Reply(text="Communiqué commands:", sections=[Section(None, lines), Section(None, notes)], ephemeral=True)


def _help_asked(shown: list[CommandSpec], word: str) -> CommandSpec | None:
    """The command a word after /help names ('latest', '/latest', 'latest@bot'), or is a slip of ('lates')."""
    name = word.lower().lstrip("/").split("@")[0]
    close = difflib.get_close_matches(name, [spec.name for spec in shown], n=1, cutoff=0.75)
    return next((spec for spec in shown if spec.name == name), None) or \
        next((spec for spec in shown if close and spec.name == close[0]), None)


def _slips(keywords: list[str], tags: set[str]) -> dict[str, str]:
    """The keywords that are slips of a source tag ('boarders' -> 'borders'), each with its tag."""
    close = {keyword: difflib.get_close_matches(keyword, sorted(tags), n=1, cutoff=0.8) for keyword in keywords}
    return {keyword: tag[0] for keyword, tag in close.items() if tag}


def _mended_topics(topics: list[str], slips: dict[str, str], channel: str | None) -> list[str]:
    """The words of the /subscribe that mends every slip at once and keeps the chat's other `topics` (a /subscribe
    replaces them), naming the `channel` an operator subscribed from a private chat, which it would otherwise
    subscribe."""
    return [*([channel] if channel else []), *dict.fromkeys(slips.get(topic, topic) for topic in topics)]


def _near_tag(ctx: CommandContext, inv: Invocation, keyword: str, slips: dict[str, str], mended: list[str]) -> str:
    """A keyword as the subscription reply lists it, with the source tag it is a slip of ('boarders (did you mean
    the topic borders? /subscribe borders ceasefire)'): taken as a keyword no story has, it brought nothing, day
    after day. The command, after the last slip, mends them all: each slip's own command put the other slips back,
    and a "yes" to the question ran nothing."""
    if keyword not in slips:
        return keyword
    command = f" {example(ctx, inv, 'subscribe', ('topics', ' '.join(mended)))}" if keyword == [*slips][-1] else ""
    return f"{keyword} (did you mean the topic {slips[keyword]}?{command})"


async def _target_channel(
    ctx: CommandContext, inv: Invocation, args: list[str]
) -> tuple[ChannelRef | None, list[str]]:
    """An operator may name a channel as the first argument (`@name` or an id) to act on it from a private chat."""
    if not args or inv.chat_kind != "private" or not ctx.platform_spec(inv.platform).is_channel_reference(args[0]):
        return None, args
    if not is_operator(ctx, inv):
        raise UsageError(f"Only the bot's operators can {inv.command} a channel from a private chat; the channel's "
                         f"administrators can post /{inv.command} in the channel itself.")
    if inv.resolve_channel is None:
        raise UsageError("Channels cannot be named on this platform; use the command in the channel itself.")
    channel = await inv.resolve_channel(args[0])
    if channel is None:
        raise UsageError(f"I cannot find the channel {args[0]}. Add me to it as an administrator first.")
    if not channel.bot_is_admin:
        raise UsageError(f"I am not an administrator of {args[0]}: make me one so that I can post there.")
    return channel, args[1:]


@command(CommandSpec(
        "subscribe",
        "Get digests in this chat, optionally only on some topics",
        "/subscribe [topics...] [since 24h|7d|none]  e.g. /subscribe ukraine nato since 7d",
        (
            Param("topics", "Topics or keywords, separated by spaces (none: everything)", "topic"),
            Param("since", "How far back the first digest reaches (default: the last day's stories)",
                  choices=("24h", "7d", "none"), keyword=True),
        ),
        changes_chat=True,
        example=(("topics", "ukraine nato"), ("since", "7d")),
    ))
async def cmd_subscribe(ctx: CommandContext, inv: Invocation) -> Reply:
    channel, rest = await _target_channel(ctx, inv, inv.args)
    rest, backfill = parse_backfill(rest)
    check_no_stray_backfill(rest)
    _no_day_as_topic(ctx, inv, rest)
    _refuse_a_source(ctx, inv, rest)
    topics = parse_topics(rest, _source_tags(ctx))
    if channel is None and not await may_change_chat(ctx, inv):
        return _refusal(ctx, inv)
    chat_id = subscribed_id(ctx, inv.platform, channel.chat_id, channel.aliases) if channel else inv.chat_id
    before = sub_store.get(ctx.db, inv.platform, chat_id)
    owed_before = _owed(ctx, before)[0] if before and before.active else 0
    # `since` alone restarts a subscribed chat's backlog and keeps its topics; /subscribe alone is every topic.
    keep_topics = backfill is not None and not topics and before is not None and before.active
    sub, created = sub_store.subscribe(
        ctx.db,
        platform=inv.platform,
        chat_id=chat_id,
        chat_kind="channel" if channel else inv.chat_kind,
        chat_title=channel.title if channel else inv.chat_title,
        defaults=ctx.config().digest.subscription_defaults(),
        topics=None if keep_topics else topics,
        created_by=inv.user_id,
        backfill=backfill,
        search=topic_search,
        chat_alias=next(iter(channel.aliases if channel else inv.chat_aliases), None),
    )
    if ctx.subscription_changed:
        ctx.subscription_changed(sub)
    where = f"{channel.title or channel.chat_id} is" if channel else f"This {place(ctx, inv)} is"
    verb = "now subscribed" if created else "already subscribed; updated"
    text = f"{where} {verb}: {describe_subscription(sub, _followed(ctx, sub))}."
    if backfill is not None:
        text += f"\nBacklog: {describe_backfill(backfill)}."
    elif (before is not None and not before.active and sub.created == before.created
          and not sub_store.never_subscribed(before)):  # back a moment later: as it was (back_as_it_was)
        further = example(ctx, inv, "subscribe", ("since", "7d"))
        text += (f"\nBacklog: where it began before, with what came meanwhile, none it was sent before; {further} "
                 "reaches back a week.")
    elif (before is not None and not before.active
          and not sub_store.never_subscribed(before)):  # back after a while away: the default reach
        further = example(ctx, inv, "subscribe", ("since", "7d"))
        hours = int(FIRST_DIGEST_LOOKBACK.total_seconds() // 3600)
        text += (f"\nBacklog: stories published in the last {hours} hours (at least a digest's worth), none it was "
                 f"sent before; {further} reaches back a week.")
    owed, more = _owed(ctx, sub)
    # A channel named from a private chat: /digest and /settings sent where this answer is read act on that chat.
    posted = f" posted in {channel.title or channel.chat_id}" if channel else ""
    updates = 0 if owed else _updates_owed(pending_digest(ctx.db, sub, now=ctx.now()))
    if updates:  # a story it got, edited since (it may have been away): owed as "Updated", not "Nothing is waiting"
        text += "\n" + _updates_waiting(updates, instant=sub.mode == "instant", posted=posted)
    else:
        text += "\n" + _waiting(owed, let_go=owed_before - owed if backfill is not None and not more else 0,
                                per=sub.max_items, instant=sub.mode == "instant", more=more, posted=posted,
                                where=place(ctx, inv))
    known = {t for t, _ in source_store.source_tags(ctx.db)}
    # A keyword that names a country or an organisation is read as it ("us" as United States): said, since it is
    # matched in every way a story writes the name, and an abbreviation never as the bare word.
    named = topic_match(sub.topics).named
    slips = _slips([t for t in sub.topics if t not in known and t not in named], known)
    mended = _mended_topics(sub.topics, slips, inv.args[0] if channel else None)
    keywords = [
        f"{t} (as {named[t]}, however a story writes it)" if t in named and named[t].lower() != t
        else _near_tag(ctx, inv, t, slips, mended)
        for t in sub.topics if t not in known
    ]
    if keywords:
        text += f"\nNot source tags, matched as keywords in titles and text: {', '.join(keywords)}."
    text += _dropped_topics(ctx, inv, before, sub, inv.args[0] if channel else None)
    # /digest is named once: in the waiting line when stories wait, else here
    if channel:
        text += (f"\nTo change its time, zone or size, post /settings in {channel.title or channel.chat_id}"
                 + ("." if owed or updates else "; /digest there sends what is new right away."))
    else:
        text += "\nChange the time, zone or size with /settings" + (
            "." if owed or updates else "; /digest sends what is new right away.")
    return Reply(text=text + _taken_over(before, place(ctx, inv)) + _enclosing_note(ctx, inv, chat_id),
                 yes_runs=tuple(mended) if slips else None)


def _dropped_topics(ctx: CommandContext, inv: Invocation, before: Subscription | None, sub: Subscription,
                    channel: str | None) -> str:
    """The topics a chat subscribed on had, that this /subscribe's replace: said, with the command keeping them
    too. Two administrators of a group sending /subscribe at once ("trade", "un") were each told "updated: ... on
    un", and the group lost trade unsaid, which no one had chosen; a reader who took /subscribe for "add a topic"
    lost the old one likewise. Every story (no topics) keeps every topic, so it drops none; nor does a chat back
    after /unsubscribe, which had none in force."""
    if before is None or not before.active or not sub.topics:
        return ""
    dropped = [topic for topic in before.topics if topic not in sub.topics]
    if not dropped:
        return ""
    keep = example(ctx, inv, "subscribe", ("topics", " ".join([*([channel] if channel else []), *dropped,
                                                               *sub.topics])))
    both = "both" if len(dropped) + len(sub.topics) == 2 else "them all"
    were = "its topic" if len(dropped) == 1 else "its topics"
    return f"\nIt no longer gets {', '.join(dropped)} ({were} before this): {keep} keeps {both}."


def _no_day_as_topic(ctx: CommandContext, inv: Invocation, words: list[str]) -> None:
    """A day /latest takes, typed after /subscribe ('/subscribe last week', '/subscribe 2026-11-20'): subscribed as
    keywords, the chat's digests brought the stories holding "last" and "week". Refused, as 'yesterday' is, with
    the command that shows those stories. A day still to come ('/subscribe 2026-12-25') is refused as 'tomorrow'
    is. Words that are no day, or a date that is none, stay topics here."""
    try:
        left, days = read_days(words, ctx.now().astimezone(following.chat_zone(ctx, inv)).date())
    except StillToCome as exc:
        raise UsageError(f"{exc.said} is still to come, and no topic: /subscribe alone gets every story as it is "
                         "published, from the next digest on.") from None
    except UsageError:
        return
    if days is None:
        return
    start = next((n for n, (a, b) in enumerate(zip(words, left, strict=False)) if a != b), len(left))
    typed = printable(" ".join(words[start:start + len(words) - len(left)]), 30)
    raise UsageError(f"“{typed}” is no topic: {example(ctx, inv, 'latest', ('topic', typed))} shows those stories "
                     f"now, and {example(ctx, inv, 'subscribe', ('since', '7d'))} starts the digests with the last "
                     "week's.")


def _refuse_a_source(ctx: CommandContext, inv: Invocation, words: list[str]) -> None:
    """`/subscribe Ministry Wire`, a source by the name /sources lists: the chat was subscribed to the keywords
    "ministry" and "wire", which no story held, and the source's own stories never came. /subscribe takes topics:
    the reader is told the source's, and /latest for its stories now. A name that is a country's or a body's too (a
    source named "Ukraine", read or removed) stays the topic: its stories are about it, however they write it."""
    removed = _removed_source_named(ctx, words)
    if removed is not None:  # subscribed as keywords, which its stories, no longer read, would never bring
        raise UsageError(f"{_no_longer_read(removed)}: its new stories will not come. /topics lists what there is "
                         "to subscribe to.")
    source = _source_named(ctx, words)
    if source is None or topic_match([" ".join(words).lower()]).named:
        return
    tags: list[str] = next((list(s.tags) for s in ctx.config().sources if s.name == source), [])
    latest = example(ctx, inv, "latest", ("topic", source))
    if tags:
        way = (f"its stories come with its topics, {example(ctx, inv, 'subscribe', ('topics', ' '.join(tags)))} "
               "(with the other sources' on them)")
    else:
        way = "it has no topic of its own: /subscribe alone gets every story, its own among them"
    raise UsageError(f"“{printable(source, 80)}” is a source, not a topic: {way}; {latest} shows its newest now.")


def _source_named(ctx: CommandContext, words: list[str]) -> str | None:
    """The source the words name whole, as /sources lists it ('/latest ministry wire'), unless they are a tag too:
    the name was searched as keywords ("No stories on ministry, wire yet") though the source had brought stories."""
    typed = " ".join(words).casefold()
    if not typed or typed in {tag.casefold() for tag in _source_tags(ctx)}:
        return None
    sources = ctx.config().sources
    exact = next((source.name for source in sources if source.name.casefold() == typed), None)
    if exact is not None or not name_words(typed):
        return exact
    # "Вестник 📰" asked for as "/latest Вестник", "🕊️ Dove Post" as "/latest 🕊 Dove Post": a reader types no emoji
    # (a desktop keyboard has none) or another form of it, and the name was searched as keywords. Its words name it,
    # when they name one source only.
    alike = [source.name for source in sources if name_words(source.name) == name_words(typed)]
    return alike[0] if len(alike) == 1 else None


def _unread_until(ctx: CommandContext, end: datetime) -> str:
    """The sources failing now that were not read after `end` came (the end of the days a reader asked for):
    "No stories from today" read as a quiet day while nothing had been read since the morning. "" when every
    source was read since."""
    sources = source_store.list_sources(ctx.db)
    unread = [s for s in sources if s.failures and ((read := from_iso(s.last_success)) is None or read < end)]
    if not unread:
        return ""
    names = [s.name for s in unread]
    if len(unread) == len(sources):  # "No source could not be read" said the opposite: that every one was read
        return " No source could be read lately, so stories may be missing (/sources says since when)."
    shown = [", ".join(names[:2]), f"{len(names) - 2} more"] if len(names) > 3 else \
        [", ".join(names[:-1]), names[-1]] if len(names) > 1 else names
    return f" {' and '.join(shown)} could not be read lately, so stories may be missing (/sources says since when)."


def _removed_source_named(ctx: CommandContext, words: list[str]) -> str | None:
    """A source the config no longer lists, named whole as /sources listed it ('/latest harbour post' the day
    after the operator removed it), unless the words are a source's tag or name now, or a country's or body's (a
    removed source named "Ukraine": the topic, which the sources still read bring): its name was searched as
    keywords, and the reply never said the source was gone."""
    typed = " ".join(words).casefold()
    if not typed or typed in {tag.casefold() for tag in _source_tags(ctx)} \
            or typed in {source.name.casefold() for source in ctx.config().sources} \
            or topic_match([" ".join(words).lower()]).named:
        return None
    return next((source.name for source in source_store.list_sources(ctx.db, active_only=False)
                 if not source.active and source.name.casefold() == typed), None)


def _no_longer_read(source: str) -> str:
    return f"{printable(source, 80)} is no longer among the sources (/sources lists them)"


def _meant_instead(ctx: CommandContext, words: list[str]) -> str | None:
    """What words that found no story most likely meant: a source's name mistyped ('minstry wire' -> 'Ministry
    Wire'), else each word that is a slip of a source tag mended, the others kept ('bordrs trad' -> 'borders
    trade'); None when no word is a slip. "No stories on minstry, wire yet" left the reader to find the slip."""
    typed = " ".join(words).casefold()
    names = {source.name.casefold(): source.name for source in ctx.config().sources}
    close = difflib.get_close_matches(typed, sorted(names), n=1, cutoff=0.8)
    if close:
        return names[close[0]]
    tags = sorted({tag.casefold() for tag in _source_tags(ctx)})
    mended = [(difflib.get_close_matches(word.casefold(), tags, n=1, cutoff=0.8) or [word])[0] for word in words]
    return " ".join(mended) if [m.casefold() for m in mended] != [w.casefold() for w in words] else None


def _source_tags(ctx: CommandContext) -> set[str]:
    """The config's source tags: one of several words ("foreign policy") is one topic when typed."""
    return {tag for source in ctx.config().sources for tag in source.tags}


def _followed(ctx: CommandContext, sub: Subscription) -> list[str]:
    """The names of the actors the chat follows: with them its digests hold more, or without topics less."""
    return [f.actor_name for f in tracking_store.follows(ctx.db, sub.platform, sub.chat_id)]


def _owed(ctx: CommandContext, sub: Subscription) -> tuple[int, bool]:
    """How many stories a chat is owed now (those its next digest shows and those that wait), and whether more
    than that (past what a digest reads: the count is a floor)."""
    pending = pending_digest(ctx.db, sub, now=ctx.now())
    return len(pending.digest.stories) + pending.waiting, pending.more_waiting


def _updates_owed(pending: PendingDigest) -> int:
    """How many stories a chat is owed "Updated" entries of: its next digest's and those past its max_items."""
    return len(pending.digest.updates) + pending.updates_waiting


def _updates_waiting(count: int, *, instant: bool, posted: str = "") -> str:
    """What a chat with no new story waiting is still owed: stories it was sent that their outlets then changed
    materially, told as "Updated" (docs/DESIGN.md, "An edited story that matters is told again, once")."""
    later = "with the next new story" if instant else "the next digest"
    return (f"{count_of(count, 'updated story', 'updated stories')} {'is' if count == 1 else 'are'} waiting: "
            f"/digest{posted} sends {'it' if count == 1 else 'them'} now, else {later}.")


def _waiting(count: int, *, let_go: int, per: int, instant: bool = False, more: bool = False,
             posted: str = "", where: str = "chat") -> str:
    """What the chat is owed now; a chat in instant mode has no next digest: what waits goes with the next story.
    More than a digest holds (`per`, the chat's max) is told as /digest sends it: that many now, and the rest by
    /digest again (told "/digest sends them now", a chat got its max and read that the rest wait; told "the rest
    follow in later digests", it waited for digests that bring the newest first and, while news kept coming, never
    brought them). Past what a digest reads
    (`more`) the chat is told the count is a floor, and that topics narrow it. `posted` (" posted in <channel>")
    says where /digest must be sent when the answer is read elsewhere; `where`, what the platform calls the chat."""
    gone = f" ({count_of(let_go, 'waiting story', 'waiting stories')} let go)" if let_go > 0 else ""
    if not count:
        return f"Nothing is waiting{gone}: new stories come {'as they arrive' if instant else 'with the next digest'}."
    later = f"{'it comes' if count == 1 else 'they come'} with the next new story" if instant else "the next digest"
    stories = count_of(count, "story", "stories")
    if count > per and not more and instant:
        return (f"{stories} are waiting{gone}: all come with the next new story, or /digest{posted} sends {per} now "
                f"({per} a message) and the rest come then.")
    if count > per and not more:
        return (f"{stories} are waiting{gone}, {per} a digest: /digest{posted} sends {per} now, else the next digest; "
                f"digests bring the newest first, so the rest may wait behind new stories: /digest{posted} again "
                "sends the next ones.")
    if more:
        return (f"Over {stories} are waiting{gone}, more than digests bring: /digest"
                f"{posted} sends the next ones now, and some topics narrow this {where} (/topics).")
    return (f"{stories} {'is' if count == 1 else 'are'} waiting{gone}: /digest{posted} "
            f"sends {'it' if count == 1 else 'them'} now, else {later}.")


@command(CommandSpec("unsubscribe", "Stop digests in this chat", "/unsubscribe", changes_chat=True))
async def cmd_unsubscribe(ctx: CommandContext, inv: Invocation) -> Reply:
    channel, rest = await _target_channel(ctx, inv, inv.args)
    if rest:
        raise UsageError("/unsubscribe takes no topics: it stops all digests here.")
    if channel is None and not await may_change_chat(ctx, inv):
        return _refusal(ctx, inv)
    chat_id = subscribed_id(ctx, inv.platform, channel.chat_id, channel.aliases) if channel else inv.chat_id
    before = sub_store.get(ctx.db, inv.platform, chat_id)
    if not sub_store.unsubscribe(ctx.db, inv.platform, chat_id):
        # A channel named from a private chat is named in the command, or following it subscribed the private chat.
        if channel is not None:
            title = channel.title or inv.args[0]
            said = (stopped_here(ctx, inv, before, channel=inv.args[0], title=title)
                    or f"{title} was not subscribed. /subscribe {inv.args[0]} starts digests there.")
        else:
            said = (stopped_here(ctx, inv, before)
                    or f"This {place(ctx, inv)} was not subscribed. /subscribe starts digests here.")
        return Reply(text=said + _enclosing_note(ctx, inv, chat_id))
    sub = sub_store.get(ctx.db, inv.platform, chat_id)
    if ctx.subscription_changed and sub:
        ctx.subscription_changed(sub)
    # Bare /subscribe is every story: a chat on some topics is told the command that brings back what it had. A
    # channel unsubscribed from a private chat is named in it, or the command would subscribe the private chat.
    named = [inv.args[0]] if channel else []
    topics = " ".join([*named, *(before.topics if before else [])])
    again = example(ctx, inv, "subscribe", ("topics", topics)) if topics else ""
    alone = f"/subscribe {named[0]}" if named else "/subscribe"
    # A chat's follows outlast /unsubscribe: with them and no topics, a chat gets only the stories about them.
    everything = "only the stories about those it follows" if before and _followed(ctx, before) else "every story"
    back = (f"{again} brings them back as they were ({alone} alone: {everything})." if before and before.topics
            else f"{alone} brings them back as they were.")
    where = f"in {channel.title or named[0]}" if channel else "here"
    return Reply(text=f"Unsubscribed: no more digests {where}. {back}" + _taken_over(before, place(ctx, inv))
                 + _enclosing_note(ctx, inv, chat_id))


# /subscribe's reach back (24h, 7d, none), typed after "/latest ... since": told where it goes.
_BACKFILL_SPAN = re.compile(r"\d{1,4}\s*[hd]|none", re.IGNORECASE)


@command(CommandSpec(
        "latest",
        "The newest stories, optionally on a topic",
        f"/latest [N] [topic|source] [day]  (N from 1 to {MAX_LATEST}, default {DEFAULT_LATEST}; day: "
        f"{' | '.join(DAY_FORMS)})",
        (
            Param("count", f"How many stories (1-{MAX_LATEST})", "int", bounds=(1, MAX_LATEST)),
            Param("topic", "Only stories on this topic, keyword or source; or a day: yesterday, friday, last week, "
                  "since monday", "topic_or_source"),
        ),
        example=(("count", "3"), ("topic", "nato")),
    ))
async def cmd_latest(ctx: CommandContext, inv: Invocation) -> Reply:
    args = list(inv.args)
    since = next((n for n, word in enumerate(args) if word.lower() == "since"), None)
    if since is not None and since + 1 < len(args) and _BACKFILL_SPAN.fullmatch(args[since + 1]):
        # /subscribe's reach back ("/latest 5 since 7d"): searched as keywords, "No stories on since, 7d yet".
        raise UsageError(f"since {printable(args[since + 1], 10)} goes with /subscribe (e.g. "
                         f"{example(ctx, inv, 'subscribe', ('since', '7d'))}, whose first digest then reaches "
                         f"back a week); /latest takes since a day: since monday, since 2026-12-01.")
    sub = sub_store.get(ctx.db, inv.platform, inv.chat_id)
    timezone = sub.timezone if sub else ctx.config().digest.timezone
    # "/latest yesterday", "last week", "2026-12-01", "since monday" searched the words: the days, in the chat's zone.
    # Read before the count: the 1 of "/latest 1 Dec" is the day's.
    args, days = read_days(args, ctx.now().astimezone(ZoneInfo(timezone)).date())
    count = DEFAULT_LATEST
    args = count_as_said(args)
    if args and re.fullmatch(r"[+-]?\d+", args[0]):
        count = int(args.pop(0))
        if not 1 <= count <= MAX_LATEST:
            raise UsageError(f"{argument(ctx, inv, 'latest', 'count', 'N')} must be a number from 1 to {MAX_LATEST}.")
        if args and args[0].lower() in ("stories", "story"):  # "/latest 3 stories": "No stories on stories yet"
            args.pop(0)
    else:
        if len(args) > 2 and args[-1].lower() in ("stories", "story") and re.fullmatch(r"\d{1,2}", args[-2]):
            args.pop()  # "/latest ukraine 3 stories": the count after the topic, as "/latest 3 stories" before it
        if len(args) > 1 and re.fullmatch(r"\d{1,2}", args[-1]) and 1 <= int(args[-1]) <= MAX_LATEST:
            count = int(args.pop())  # "/latest un 3": a count after the topic (a year stays a keyword)
    if means_every_story(args):
        args = []  # "/latest everything" searched the word "everything": the newest stories are every story's
    removed = _removed_source_named(ctx, args)
    source = _source_named(ctx, args) or removed
    topics = [] if source else parse_topics(args, _source_tags(ctx))
    digest = latest_digest(ctx.db, count, topics, timezone=timezone, now=ctx.now(), days=days, source=source)
    if removed is not None:  # its stories from before, said as such: it was searched as keywords, its end unsaid
        gone = _no_longer_read(removed)
        digest = replace(digest, note="\n".join(filter(None, [digest.note, f"{gone}: these are its stories from "
                                                                              "before."])),
                         empty_note=f"{digest.empty_note} {gone}.")
    meant = _meant_instead(ctx, args) if topics and not digest.stories else None
    if meant is not None:  # "Did you mean Ministry Wire?": a "yes" shows it
        raise UsageError(f"{digest.empty_note} Did you mean {meant}?", meant=(" ".join(args), meant), usage=False)
    if days and not digest.stories:  # the day had none: what shows the newest, whenever they came
        named = " ".join(topics) or source or ""
        newest = example(ctx, inv, "latest", ("topic", named)) if named else "/latest"
        end = datetime.combine(days.last + timedelta(days=1), time(), ZoneInfo(timezone))
        digest = replace(digest, empty_note=f"{digest.empty_note}{_unread_until(ctx, end)} {newest} shows the "
                                            "newest, whenever they came.")
    stopped = stopped_here(ctx, inv, sub)
    if stopped:  # its members read /latest, seldom /digest or /settings, the answers that said the digests stopped
        digest = replace(digest, note="\n".join(filter(None, [digest.note, stopped])),
                         empty_note=f"{digest.empty_note} {stopped}")
    return Reply(digest=digest)


@command(CommandSpec("digest", "This chat's digest now: the stories it has not been sent yet", "/digest"))
async def cmd_digest(ctx: CommandContext, inv: Invocation) -> Reply:
    sub = sub_store.get(ctx.db, inv.platform, inv.chat_id)
    if sub is None or not sub.active:
        return Reply(text=(stopped_here(ctx, inv, sub)
                           or f"This {place(ctx, inv)} is not subscribed. /subscribe sets up a daily digest; /latest "
                              "shows the newest stories now.")
                     + _enclosing_note(ctx, inv, inv.chat_id))
    if ctx.request_digest is None:
        raise RuntimeError("no digest planner is wired in")
    planned = await ctx.request_digest(sub)
    unsent = delivery_store.unsent(ctx.db, sub.id) if planned.items == 0 else None
    if unsent is not None and unsent.count:
        # The last digest waits out a rate limit or an outage: "Nothing new since the last digest" spoke of a digest
        # the reader had not received.
        next_try = from_iso(unsent.next_attempt)
        wait = round((next_try - ctx.now()).total_seconds()) if next_try else 0
        when = f"; next try in about {duration_text(wait)}" if wait >= 1 else ""
        return Reply(text=f"This {place(ctx, inv)}'s last digest is still on its way "
                          f"({count_of(unsent.count, 'message')} to send{when}); nothing newer has come since.")
    if planned.items == 0:
        # A chat that never had a digest asked "since the last digest?" which digest: it is told since when.
        since = "the last digest" if delivery_store.has_any(ctx.db, sub.id) else f"this {place(ctx, inv)} subscribed"
        return Reply(text=f"Nothing new since {since}. /latest shows the newest stories.")
    parts = []
    if planned.stories or not (planned.pledge_lines or planned.updates):
        parts.append(count_of(planned.stories, "new story", "new stories"))
    if planned.updates:
        parts.append(count_of(planned.updates, "updated story", "updated stories"))
    if planned.pledge_lines:
        parts.append(count_of(planned.pledge_lines, "pledge update"))
    said = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
    return Reply(text=f"Sending this {place(ctx, inv)}'s digest: {said}.")


@command(CommandSpec("sources", "The sources Communiqué follows", "/sources"))
async def cmd_sources(ctx: CommandContext, inv: Invocation) -> Reply:
    rows = source_store.list_sources(ctx.db)
    if not rows:
        return Reply(text="No sources are configured yet.")
    # One short reply whatever the operator follows (thousands of sources would be a dozen messages in a group):
    # the failing ones first, then the rest up to LISTED, and how many more.
    ordered = sorted(rows, key=lambda row: not row.failures)
    sub = sub_store.get(ctx.db, inv.platform, inv.chat_id)
    zone = sub.timezone if sub is not None else "UTC"
    lines = []
    for row in ordered[:LISTED]:
        tags = f" [{', '.join(row.tags)}]" if row.tags else ""
        state = "" if not row.failures else f" (failing: {_failing(ctx, inv, row, zone)})"
        lines.append(f"{row.name}{tags}{state}")
    rest = ordered[LISTED:]
    if rest:
        failing = sum(1 for row in rest if row.failures)
        lines.append(f"… and {len(rest)} more, {f'{failing} of them failing' if failing else 'none failing'}.")
    return Reply(sections=[Section(f"Communiqué follows {count_of(len(rows), 'source')}:", lines)])


def _failing(ctx: CommandContext, inv: Invocation, row: Source, zone: str) -> str:
    """Why a source fails, for an operator; for anyone else, since when it brought nothing new. The raw reason
    named the feed file's path on the server, config keys and docs to read: nothing a reader can act on."""
    if is_operator(ctx, inv):
        return redact(row.last_error or "")
    since = from_iso(row.last_success)
    if since is None:
        return "no stories from it yet"
    return f"no new stories from it since {since.astimezone(ZoneInfo(zone)):%-d %b %H:%M} {zone_label(zone)}"


@command(CommandSpec("topics", "The topics you can subscribe to", "/topics"))
async def cmd_topics(ctx: CommandContext, inv: Invocation) -> Reply:
    tags = source_store.source_tags(ctx.db)
    # The text stands before the list on every platform: it says what the list is for.
    one_word = example(ctx, inv, "subscribe", ("topics", "ceasefire"))
    example_text = f"as a keyword matched in titles and text (e.g. {one_word})."
    sub = sub_store.get(ctx.db, inv.platform, inv.chat_id)
    own = [t for t in sub.topics if t not in {tag for tag, _ in tags}] if sub and sub.active else []
    mine = f" This {place(ctx, inv)} follows these keywords: {', '.join(own)}." if own else ""
    if not tags:
        return Reply(text=f"The sources carry no topics yet. Any word works {example_text}{mine}", ephemeral=True)
    lines = [f"{tag} ({count_of(count, 'story', 'stories')})" for tag, count in tags[:LISTED]]
    if len(tags) > LISTED:
        lines.append(f"… and {len(tags) - LISTED} more (any tag or word works with /subscribe).")
    return Reply(
        text=f"Subscribe to these topics, or to any other word {example_text}{mine}",
        sections=[Section("Topics the sources are tagged with:", lines)],
        ephemeral=True,
    )


_SETTING_KEYS = {"time": "time", "tz": "timezone", "timezone": "timezone", "zone": "timezone", "max": "max_items",
                 "max_items": "max_items", "items": "max_items", "mode": "mode"}


def _time_of_day(typed: str) -> str:
    """The 24-hour HH:MM a typed time means (as the config reads it: settings.read_time), or refused with the form
    to use: a digest at a time nobody meant is worse than a question."""
    value = read_time(typed)
    if value is None:
        raise UsageError(f"“{typed[:40]}” is not a time: use HH:MM on a 24-hour clock, e.g. 08:30 or 20:00 (8pm).")
    return value


def _time_zone(typed: str) -> str:
    """The IANA zone `typed` names, whatever its case ("europe/berlin"), or the fixed one an offset from UTC means
    ("UTC+2"), as the config reads them (settings.read_timezone); refused with the zone a city or a part of a name
    most likely means ("Did you mean America/New_York?"), else with an example."""
    now = datetime.now(UTC)
    try:
        zone = read_timezone(typed)
    except OffsetWithMinutes as offset:
        raise UsageError(f"“{typed[:40]}” {offset_with_minutes_hint(offset.minutes, now)}.") from None
    if zone is not None:
        return zone
    said_of = clock_zones(typed)
    if said_of:
        zones = either_of([clock.shown() for clock in said_of])
        raise UsageError(f"“{typed.strip()}” is not a time zone. Did you mean {zones}?")
    # A country is answered with its zone: 'India' was offered Indian/Antananarivo, the nearest spelling.
    country = country_zones(typed)
    if country and one_clock(country, now):
        raise UsageError(f"“{typed.strip()}” is not a time zone. Did you mean {country[0]}?",
                         meant=(typed.strip(), country[0]))
    if country:
        raise UsageError(f"“{typed.strip()}” is not a time zone: it has several, so send your city's, one of "
                         f"{', '.join(country)}.")
    close = timezone_suggestions(typed) if len(typed) <= 40 else []
    # A slip of a whole name ('Europe/Berln') is in no name: the nearest spelling, as the config's `timezone` gets.
    slip = close_zone(typed) if not close and len(typed) <= 64 else None
    if slip is not None:
        close = [slip]
    if close and len(typed.strip()) >= 3:
        raise UsageError(f"“{typed[:40]}” is not a time zone. Did you mean {close[0]}?",
                         meant=(typed.strip(), close[0]))
    raise UsageError(f"“{typed[:40]}” is not a time zone: use a name such as Europe/Berlin or UTC.")


def _split_keys(args: list[str]) -> list[str]:
    """A setting's name joined to its value by '=' or ':' ('time=09:00', 'tz:UTC', 'time: 09:00' as slash
    commands' options are written) as two words; a value's own colon ('09:00') stays."""
    words: list[str] = []
    for arg in args:
        key, sep, value = arg.partition("=") if "=" in arg else arg.partition(":")
        if sep and key.lower() in _SETTING_KEYS:
            words.extend([key, value] if value else [key])
        else:
            words.append(arg)
    return words


# Each setting's parameter (as /settings is typed on the platform) and a value to show in an example.
_SETTING_EXAMPLES = {"time": ("time", "08:30"), "timezone": ("timezone", "Europe/Berlin"), "max_items": ("max", "5"),
                     "mode": ("mode", "daily")}


_ZONE_KEYS = {key for key, setting in _SETTING_KEYS.items() if setting == "timezone"}


def _more_of_the_zone(value: str, word: str) -> bool:
    """Whether `word`, after the zone `value` so far, is more of it: a city's next word ('New York'), or the rest
    of an offset ('UTC +2', 'UTC + 2'). A setting's name, a mode, a time or a number starts the next setting."""
    lower = word.lower()
    if lower in _SETTING_KEYS or lower in ("daily", "instant"):
        return False
    if re.fullmatch(r"(?:utc|gmt)[+-]?", value, re.IGNORECASE):
        return bool(re.fullmatch(r"[+-]|[+-]?\d{1,2}(?::?\d\d)?", word)) and (word[0] in "+-" or value[-1] in "+-")
    return bool(re.fullmatch(r"[^\W\d_]+", word)) and "/" not in value


def _zone_words_together(args: list[str]) -> list[str]:
    """A zone typed in several words after its setting's name, as one value: 'tz New York' was answered "“York”
    is not a setting", and 'tz UTC +2' read "+2" as a setting of its own."""
    words: list[str] = []
    rest = list(args)
    while rest:
        word = rest.pop(0)
        words.append(word)
        if word.lower() in _ZONE_KEYS and rest:
            value = rest.pop(0)
            while rest and _more_of_the_zone(value, rest[0]):
                more = rest.pop(0)
                value += more if more[0] in "+-" or value[-1] in "+-" else f" {more}"
            words.append(value)
    return words


def _typed(name: str, value: str) -> str:
    return f"/settings {name} {value}"


def _setting_of(value: str) -> tuple[str, str] | None:
    """The setting a value typed without its name is for ('08:30' a time, '5' a max, 'instant' a mode, a zone),
    with the value as that setting takes it; None when it is none of them."""
    if value.lower() in ("daily", "instant"):
        return "mode", value.lower()
    if re.fullmatch(r"\d{1,2}", value) and 1 <= int(value) <= MAX_LATEST:
        return "max", value
    try:
        return "time", _time_of_day(value)
    except UsageError:
        pass
    try:
        return "timezone", zone_label(_time_zone(value))  # "UTC+2", which it takes, not POSIX's "Etc/GMT-2"
    except UsageError:
        return None


_LANGUAGE_WORDS = {"language", "lang", "locale", "languages"}


def _times_in_one(value: str) -> list[str]:
    """The times a value holds (a slash command's option is one value: `time: 08:00 18:00`), or the value
    itself when it is one time ('8 pm', whose words make one) or none."""
    parts = [part for part in re.split(r"[\s,]+", value) if part]
    if len(parts) < 2:
        return [value]
    try:
        for part in parts:
            _time_of_day(part)
    except UsageError:
        return [value]
    return parts


def _one_of_each(args: list[str], show: Callable[[str, str], str]) -> None:
    """A setting given two values: refused, naming both. Two times ('time 08:00 18:00', a reader wanting a morning
    and an evening digest) are told the daily digest comes once a day, and the mode that sends each story as it
    comes: the second time was told it "needs the setting's name before it: /settings time 18:00", which moved the
    morning digest to the evening, and 'time 08:00 time 18:00' kept 18:00 alone, said as "Saved"."""
    given: dict[str, list[str]] = {}
    named: dict[str, int] = {}
    setting: str | None = None
    after_name = False
    for word in args:
        if word.lower() in _SETTING_KEYS:
            setting, after_name = _SETTING_KEYS[word.lower()], True
            named[setting] = named.get(setting, 0) + 1
            given.setdefault(setting, [])
        elif setting is not None:
            meant = _setting_of(word)
            # another time may follow a time ("time 08:00 18:00"); any other value with no name before it is left
            # to parse_settings, which says what it is
            if after_name or (setting == "time" and meant is not None and meant[0] == "time"):
                given[setting] += _times_in_one(word) if setting == "time" else [word]
            else:
                setting = None
            after_name = False
    for setting, values in given.items():
        if len(values) < 2 and named[setting] < 2:
            continue
        name = _SETTING_EXAMPLES[setting][0]
        if setting == "time":
            shown = " or ".join(show(name, value) for value in values) or show(name, "08:30")
            raise UsageError(f"The daily digest comes once a day, at one time: {shown}. For each story as it "
                             f"comes, {show('mode', 'instant')}.")
        raise UsageError(f"{name} is given twice ({', '.join(values)}): one value, e.g. {show(name, values[-1])}.")


def parse_settings(args: list[str], show: Callable[[str, str], str] = _typed) -> SettingsChange:
    """Pairs such as `time 08:30 tz Europe/Berlin max 5 mode instant`, all checked before any is applied. A slip
    is answered with what to type, shown by `show(parameter, value)` as the user's platform writes it: a value
    without its setting's name ('/settings 08:30') or a name without its value ('/settings tz') was told only
    "“08:30” needs a value"."""
    args = _zone_words_together(_split_keys(args))
    for i in range(len(args) - 1, 0, -1):  # "time 8 pm": the half of the day belongs to the hour before it
        if args[i].lower().replace(".", "") in ("am", "pm"):
            args[i - 1 : i + 1] = [args[i - 1] + args[i]]
    args = [arg[:-1] if len(arg) > 1 and arg.endswith(",") else arg for arg in args]  # "time 8am, 6pm": a list
    _one_of_each(args, show)
    for key in args[::2]:
        if key.lower() in _LANGUAGE_WORDS:
            raise UsageError(ONE_LANGUAGE, usage=False)
        if key.lower() not in _SETTING_KEYS:
            meant = _setting_of(key)
            if meant is not None:
                raise UsageError(f"“{printable(key, 40)}” needs the setting's name before it: {show(*meant)}.")
            raise UsageError(f"“{printable(key, 40)}” is not a setting: use time, tz, max or mode.")
    if len(args) % 2:
        key = args[-1]
        raise UsageError(f"{key.lower()} needs a value, e.g. {show(*_SETTING_EXAMPLES[_SETTING_KEYS[key.lower()]])}.")
    change = SettingsChange()
    for key, value in zip(args[::2], args[1::2], strict=True):
        setting = _SETTING_KEYS[key.lower()]
        if setting == "time":
            change = replace(change, time=_time_of_day(value))
        elif setting == "timezone":
            change = replace(change, timezone=_time_zone(value))
        elif setting == "max_items":
            if not re.fullmatch(r"\d{1,3}", value) or not 1 <= int(value) <= MAX_LATEST:
                raise UsageError(f"max must be a number from 1 to {MAX_LATEST}.")
            change = replace(change, max_items=int(value))
        elif setting == "mode":
            if value.lower() not in ("daily", "instant"):
                raise UsageError("mode is daily or instant.")
            change = replace(change, mode=value.lower())
    return change


def _who_changes(ctx: CommandContext, inv: Invocation) -> str:
    """In a group only admins change the settings: a member reading them is told so, not told to change them, in
    the platform's words (on a server, members with Manage Channels: there are no group administrators)."""
    who = ctx.platform_spec(inv.platform).group_subscriber
    return f"{who} can change them with, for example:" if inv.chat_kind == "group" else "Change with, for example:"


@command(CommandSpec(
        "settings",
        "Show or change this chat's digest time, time zone, size and mode",
        "/settings [time HH:MM] [tz ZONE] [max N] [mode daily|instant]  e.g. /settings time 08:30 tz Europe/Berlin",
        (
            Param("time", "Daily digest time, HH:MM", "time", keyword=True),
            Param("timezone", "Time zone, e.g. Europe/Berlin", "timezone", keyword=True),
            Param("max", f"Stories per digest (1-{MAX_LATEST})", "int", bounds=(1, MAX_LATEST), keyword=True),
            Param(
                "mode", "daily: one digest a day; instant: each story as it arrives", "mode",
                choices=("daily", "instant"), keyword=True,
            ),
        ),
        changes_chat=True,
        example=(("time", "08:30"), ("timezone", "Europe/Berlin")),
    ))
async def cmd_settings(ctx: CommandContext, inv: Invocation) -> Reply:
    sub = sub_store.get(ctx.db, inv.platform, inv.chat_id)
    changes = parse_settings(inv.args, lambda name, value: example(ctx, inv, "settings", (name, value)))
    # Settings kept while no digest comes: for a chat that unsubscribed (its return), or one that never subscribed
    # (its /latest and /pledges times, and its first /subscribe).
    kept = sub is not None and not sub.active and sub.deactivated_reason in (sub_store.UNSUBSCRIBED,
                                                                             sub_store.NOT_YET)
    enclosing = _enclosing_note(ctx, inv, inv.chat_id)
    if (sub is not None and not (sub.active or kept)) or (sub is None and changes.given()
                                                           and _whole_note(ctx, inv, inv.chat_id)):
        # A thread or topic of a subscribed chat: a change typed there was meant for the chat's digests, not kept.
        return Reply(text=(stopped_here(ctx, inv, sub)
                           or f"This {place(ctx, inv)} is not subscribed yet: /subscribe first, then /settings to "
                              "adjust.")
                     + enclosing)
    if not changes.given():
        if sub is None:
            return Reply(text=_not_subscribed_yet(ctx, inv, None) + enclosing)
        described = describe_subscription(sub, _followed(ctx, sub))
        return Reply(
            text=(_kept_for_later(ctx, inv, sub) if kept else f"This {place(ctx, inv)} gets {described}."),
            sections=[Section(_who_changes(ctx, inv), [usage(ctx, inv, COMMANDS["settings"])])],
            ephemeral=True,
        )
    if not await may_change_chat(ctx, inv):
        return _refusal(ctx, inv)
    if sub is None:
        # A reader far from UTC who only reads /latest was told "/subscribe first": their times stayed in the
        # config's zone unless they took daily digests they had not asked for.
        sub = sub_store.keep_settings(
            ctx.db, platform=inv.platform, chat_id=inv.chat_id, chat_kind=inv.chat_kind, chat_title=inv.chat_title,
            defaults=ctx.config().digest.subscription_defaults(), change=changes, created_by=inv.user_id)
        return Reply(text="Saved. " + _kept_for_later(ctx, inv, sub) + other_parts_note(ctx, inv, inv.chat_id))
    before = sub
    sub = sub_store.update_settings(ctx.db, sub.id, changes, origin="command")
    if ctx.subscription_changed:
        ctx.subscription_changed(sub)
    if kept:
        # Its settings are kept for a later /subscribe, which its /unsubscribe said brings the digests back "as they
        # were": "not subscribed yet: /subscribe first" denied that to the administrator whose fellow had just
        # unsubscribed the group, and kept a reader's /latest in a zone they could no longer change.
        return Reply(text="Saved. " + _kept_for_later(ctx, inv, sub) + other_parts_note(ctx, inv, inv.chat_id))
    described = describe_subscription(sub, _followed(ctx, sub))
    # Said when this change gives the chat a daily digest in such a zone: a new zone, or a chat turned daily.
    made_daily = changes.timezone is not None or (changes.mode is not None and before.mode != "daily")
    zone_note = summer_time_note(sub.timezone, sub.time) if made_daily and sub.mode == "daily" else None
    return Reply(text=f"Saved. This {place(ctx, inv)} now gets {described}." + (f"\n{zone_note}." if zone_note else "")
                 + _waiting_after_mode(ctx, before, sub, place(ctx, inv)) + _taken_over(before, place(ctx, inv)))


def _not_subscribed_yet(ctx: CommandContext, inv: Invocation, sub: Subscription | None) -> str:
    """A chat that never subscribed: what its settings do now (the times /latest and /pledges show) and what
    /subscribe starts; `sub`: the settings kept for it, if any were set."""
    zone = sub.timezone if sub is not None else ctx.config().digest.timezone
    if sub is None:
        setting = example(ctx, inv, "settings", ("timezone", "Europe/Berlin"))
        return (f"This {place(ctx, inv)} is not subscribed yet: /subscribe starts its digests. /latest and /pledges "
                f"show times in {zone_label(zone)} here; {setting} sets your zone without subscribing.")
    return (f"This {place(ctx, inv)} is not subscribed yet: /latest and /pledges show times in {zone_label(zone)} "
            f"here, and /subscribe starts {describe_subscription(sub, _followed(ctx, sub))}.")


def _kept_for_later(ctx: CommandContext, inv: Invocation, sub: Subscription) -> str:
    """A chat that unsubscribed: that it is not subscribed, and the command that brings its digests back with the
    settings kept for it. One that never subscribed (settings kept for its /latest): `_not_subscribed_yet`."""
    if sub_store.never_subscribed(sub):
        return _not_subscribed_yet(ctx, inv, sub)
    topics = " ".join(sub.topics)
    again = example(ctx, inv, "subscribe", ("topics", topics)) if topics else "/subscribe"
    return (f"This {place(ctx, inv)} is not subscribed: its digests ended with /unsubscribe. {again} brings them "
            f"back: {describe_subscription(sub, _followed(ctx, sub))}.")


def _waiting_after_mode(ctx: CommandContext, before: Subscription, sub: Subscription, where: str) -> str:
    """A new mode moves when the stories already waiting come: a chat turned instant has no next digest, and its
    stories waited, unsaid, for the next one published. Said only when some wait."""
    if sub.mode == before.mode:
        return ""
    owed, more = _owed(ctx, sub)
    return "\n" + _waiting(owed, let_go=0, per=sub.max_items, instant=sub.mode == "instant",
                           more=more, where=where) if owed else ""


@command(CommandSpec(
        "follow",
        "Follow a person, country or organisation: their stories come to this chat's digests",
        "/follow NAME  e.g. /follow Lavrov, /follow the EU",
        (Param("name", "Who to follow, as stories name them (a surname, a country, an organisation)", "actor",
               required=True),),
        changes_chat=True,
        example=(("name", "Lavrov"),),
    ))
async def cmd_follow(ctx: CommandContext, inv: Invocation) -> Reply:
    await _one_name_at_a_time(ctx, inv, "follow")
    name = following.parse_name(inv.args, "someone to follow")
    if not await may_change_chat(ctx, inv):
        return _refusal(ctx, inv)
    return _with_edit_note(ctx, inv, name, await following.follow(ctx, inv, name))


def _with_edit_note(ctx: CommandContext, inv: Invocation, name: str, reply: Reply) -> Reply:
    """A /follow or /unfollow done by editing its message, told what the message did before (`before_the_edit`)."""
    note = "" if reply.error else following.before_the_edit(ctx, inv, name)
    return replace(reply, text=f"{reply.text}\n{note}") if note else reply


@command(CommandSpec(
        "unfollow",
        "Stop following someone in this chat",
        "/unfollow NAME",
        (Param("name", "Who to stop following", "actor", required=True),),
        changes_chat=True,
    ))
async def cmd_unfollow(ctx: CommandContext, inv: Invocation) -> Reply:
    if not "".join(inv.args).strip():  # offered 'Lavrov, Russia or the EU', names the chat may never have followed
        names = [f.actor_name for f in tracking_store.follows(ctx.db, inv.platform, inv.chat_id)]
        raise UsageError(f"Name someone this {place(ctx, inv)} follows: {', '.join(names)}." if names else
                         following.follows_no_one(ctx, inv))
    await _one_name_at_a_time(ctx, inv, "unfollow")
    name = following.parse_name(inv.args, f"someone this {place(ctx, inv)} follows")
    if not await may_change_chat(ctx, inv):
        return _refusal(ctx, inv)
    if name.lower() in following.EVERYONE:
        return following.unfollow_all(ctx, inv)
    return _with_edit_note(ctx, inv, name, following.unfollow(ctx, inv, name))


async def _side_by_side(ctx: CommandContext, inv: Invocation, typed: str) -> list[str] | None:
    """The names of countries, bodies or places typed side by side with nothing between ('/follow Russia Ukraine',
    '/follow Velmora Kestria'), when the words are no one name but each run of them names one: "Russia Ukraine"
    followed Ukraine alone, unsaid, and "Velmora Kestria" a person of that name no story has. A run names one when
    the table lists it or stories give it as an actor; a word stories name alone ("Velmora & Kestria agree" names
    Kestria, quoted nowhere) is a name too, beside such a run, or beside another such word when no story writes the
    two side by side. None otherwise: a person's names are never parted ("Ana Kovač" stays one), and a name no story
    gives is not guessed at ("Veltria Osmark")."""
    table, words = default_table(), typed.split()
    if len(words) < 2 or table.named(typed) is not None:
        return None
    seen = following.seen_names(ctx)

    def names_one(part: str) -> bool:
        """Whether the words are, as typed, the name of one country or body (listed, or seen in stories): not a
        name found in them ("Russia Ukraine" finds Ukraine), nor a person's."""
        actor = table.named(part) or table.resolve(part, seen=seen).actor
        return (actor is not None and actor.kind is not ActorKind.PERSON
                and normalize(part) in {normalize(name) for name in (actor.name, actor.key, *actor.aliases)})

    whole = table.resolve(typed, seen=seen).actor
    if names_one(typed) or (whole is not None and whole.kind is ActorKind.PERSON
                            and normalize(typed) in {normalize(name) for name in (whole.name, whole.key)}):
        return None
    parts: list[str] = []
    placed = False  # whether a run names a listed or seen country or body
    start = 0
    while start < len(words):
        end = next((end for end in range(len(words), start, -1) if names_one(" ".join(words[start:end]))), None)
        if end is not None:
            placed = True
        elif await following.named_alone(ctx, inv, words[start]):
            end = start + 1
        else:
            return None
        parts.append(" ".join(words[start:end]))
        start = end
    if len(parts) < 2:
        return None
    # No run a listed or seen country or body: words each named alone ("Aldmark", "Tarnic") are two names unless a
    # story writes them side by side, as one ("Lena Varo").
    return parts if placed or not await following.named_whole(ctx, inv, typed) else None


async def _one_name_at_a_time(ctx: CommandContext, inv: Invocation, command: str) -> None:
    """Names parted by commas ('/follow Ilse Marant, Tomas Orvik') or joined by "and" ('/follow Velmora and
    Kestria'): the command for each. Parted by commas they were refused as "a name is letters ... (not ,)", which
    did not say that the command takes one name; joined, the first was followed alone and the reply named it only.
    A name the actor table lists whole ("Bosnia and Herzegovina") is one name, and so is a name the chat follows
    (to /unfollow a "Velmora Kestria" followed before such names were parted)."""
    names = [" ".join(part.split()) for part in " ".join(inv.args).split(",")]
    names = [joined for name in names if name for joined in default_table().joined_names(name)]
    followed = {normalize(f.actor_name) for f in tracking_store.follows(ctx.db, inv.platform, inv.chat_id)}
    if len(names) == 1 and normalize(names[0]) not in followed:
        names = await _side_by_side(ctx, inv, names[0]) or names
    if len(names) > 1:
        each = ", then ".join(example(ctx, inv, command, ("name", name)) for name in names[:3])
        more = f" (and {len(names) - 3} more)" if len(names) > 3 else ""
        raise UsageError(f"One name at a time: {each}{more}.")


@command(CommandSpec("following", "Who this chat follows", "/following"))
async def cmd_following(ctx: CommandContext, inv: Invocation) -> Reply:
    return following.following(ctx, inv)


@command(PLEDGES)
async def cmd_pledges(ctx: CommandContext, inv: Invocation) -> Reply:
    return following.pledges(ctx, inv)


@command(CommandSpec("status", "Operators: sources, deliveries and subscriptions", "/status", operator_only=True))
async def cmd_status(ctx: CommandContext, inv: Invocation) -> Reply:
    storage = ctx.storage_problem()
    sections = [
        Section("Sources", _status_of_sources(ctx, storage)),
        Section("Deliveries", _status_of_deliveries(ctx)),
        Section("Subscriptions", _status_of_subscriptions(ctx)[:30]),
    ]
    if storage:
        sections.insert(0, Section("Storage", [storage]))
    warning = " The database cannot be written now: see Storage." if storage else ""
    refused = ctx.config_problem()
    if refused:
        sections.insert(0, Section("Config", [redact(refused)]))
        warning += " The config file's last edit was refused: see Config."
    return Reply(
        text=f"Communiqué status: {article_store.count_articles(ctx.db)} articles stored.{warning}",
        sections=sections,
        ephemeral=True,
    )


def _status_of_sources(ctx: CommandContext, storage: str | None) -> list[str]:
    """/status's sources: the failing ones (at most LISTED), else why none is read or that all are OK; then each
    whose feed has moved for good (the config to update). `storage`: the database's write problem, if any, which
    explains sources that answer while nothing is stored."""
    sources = source_store.list_sources(ctx.db)
    failing = [s for s in sources if s.failures]
    # At most LISTED failing sources: in an outage of the bot's own network every source fails, and listing them
    # all would be hundreds of messages.
    source_lines = [
        f"{s.name}: {count_of(s.failures, 'failure')} in a row, last: {redact(s.last_error or '')}"
        for s in failing[:LISTED]
    ]
    if len(failing) > LISTED:
        source_lines.append(f"… and {len(failing) - LISTED} more failing: `communique status` lists them all.")
    moved = [note for s in sources if (note := moved_note(s))]
    # A feed that answers and no longer publishes fails no fetch: said when its silence is long past its habit.
    quiet = [q.note for q in quiet_sources(ctx.db, sources, ctx.now())]
    if not source_lines:
        source_lines = [
            # Another program's write lock: the clock's passes fetch nothing while it lasts (bot/ingest/pipeline).
            f"{count_of(len(sources), 'source')}: none is read while the database is locked (see Storage)"
            if sources and locked_since(ctx.db) is not None
            else f"{count_of(len(sources), 'source')} answered, but what they carry cannot be stored now (see Storage)"
            if storage and sources else "no sources are configured" if not sources
            else "the source is OK" if len(sources) == 1 else f"all {len(sources)} sources OK"]
    return source_lines + quiet[:LISTED] + moved[:LISTED]


def _status_of_deliveries(ctx: CommandContext) -> list[str]:
    """/status's deliveries: the counts, what waits and for whom, the newest failed messages and how to resend."""
    counts = delivery_store.counts(ctx.db)
    delivery_lines = [
        f"pending: {counts.pending}, sent: {counts.sent}, failed: {counts.failed}"
    ]
    waiting = describe_waiting(delivery_store.waiting(ctx.db))
    if waiting:
        delivery_lines.append(waiting)
    recent = delivery_store.recent_failures(ctx.db, 5)
    delivery_lines += [f"failed {describe_failed(row)}" for row in recent]
    if recent:
        delivery_lines.append("send them again with `communique resend ID...` (or --chat CHAT, or --all)")
    return delivery_lines


def _status_of_subscriptions(ctx: CommandContext) -> list[str]:
    """/status's subscriptions: how many are active, then each chat a platform stopped or that was refused."""
    subs = [s for s in sub_store.list_subscriptions(ctx.db, active_only=False)
            if not sub_store.never_subscribed(s)]  # settings a chat keeps for its /latest: no subscription
    active = [s for s in subs if s.active]
    sub_lines = [f"active: {len(active)} of {len(subs)}"]
    for s in subs:
        if not s.active and s.deactivated_reason and s.deactivated_reason != sub_store.UNSUBSCRIBED:
            sub_lines.append(f"deactivated {s.platform} {s.chat_id}: {redact(s.deactivated_reason)}")
        elif s.active and s.failures:
            sub_lines.append(f"{s.platform} {s.chat_id}: {s.failures} refusal(s), last: {redact(s.last_error or '')}")
    return sub_lines


def _taken_over(before: Subscription | None, where: str = "chat") -> str:
    """A chat's command makes a subscription the operator declared in the config file the chat's own: say so once
    (`where`: what the platform calls the chat)."""
    if before is None or before.origin != "config":
        return ""
    return (
        f"\nThis {where}'s subscription was set up in the bot's config file; from now on it follows this {where}'s "
        "commands, and edits to that file no longer change it."
    )


def _enclosing_note(ctx: CommandContext, inv: Invocation, chat_id: str) -> str:
    """The subscriptions a command in a chat with parts served as chats of their own does not see: the whole
    chat's (`_whole_note`) and its other parts' (`other_parts_note`)."""
    return _whole_note(ctx, inv, chat_id) + other_parts_note(ctx, inv, chat_id)


def _whole_note(ctx: CommandContext, inv: Invocation, chat_id: str) -> str:
    """What a command in a part of a chat served as a chat of its own (a forum's topic; a thread, whose
    channel the platform tells with the command) does not see: the whole chat's own subscription (made there, or
    before its parts were chats of their own), whose digests go elsewhere. A chat that subscribed before then, asked
    here, was told it was not subscribed, and a /subscribe here added a second digest beside the first."""
    spec = ctx.platform_spec(inv.platform)
    whole = spec.enclosing_chat(chat_id) or (inv.enclosing_chat_id if chat_id == inv.chat_id else None)
    sub = sub_store.get(ctx.db, inv.platform, whole) if whole is not None else None
    if sub is None or not sub.active:
        return ""
    return (f"\n{spec.enclosing_whole} has a subscription of its own too: its digests go to {spec.enclosing_place}, "
            "where /unsubscribe or /settings changes them.")


def _refusal(ctx: CommandContext, inv: Invocation) -> Reply:
    return Reply(
        text=f"{ctx.platform_spec(inv.platform).change_refused} Anyone can use /latest.",
        error=True,
        ephemeral=True,
    )
