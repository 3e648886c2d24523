"""Following actors and reading the pledge tracker: what /follow, /unfollow, /following and /pledges do.

Platform-neutral, like every command: names are resolved through the alias table (`bot.tracking`) with the names
seen in stored stories for "did you mean"; statuses are computed for the chat's local day. The handlers in
`handlers.py` parse, check permission and call these.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import replace
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.commands.context import (
    CommandContext,
    UsageError,
    example,
    other_parts_note,
    place,
    stopped_here,
    typed,
)
from bot.core.commands import PLEDGES, Invocation, Reply, Section
from bot.core.digest import names_the_day
from bot.core.text import JOINERS, count_of, in_a_word, is_web_url, line_opening, printable
from bot.digest.compose import Days
from bot.digest.pledges import STATUS_FILTERS, PledgeState, states, story_day
from bot.ingest.track import find_as_subject, stories_naming
from bot.tracking import (
    DUE_SOON_DAYS,
    Actor,
    ActorKind,
    FollowMatch,
    PledgeStatus,
    default_table,
    stands_for,
    unknown_actor,
)
from bot.tracking.names import normalize
from storage import subscriptions as sub_store
from storage import tracking as tracking_store
from storage.db import to_iso
from storage.records import StoredPledge, Subscription
from storage.subscriptions import FIRST_DIGEST_LOOKBACK

MAX_NAME_LENGTH = 80
PLEDGES_SHOWN = 10
SEEN_NAMES = 2000  # the most often seen actors a "did you mean" looks at
# Letters (any script), digits, spaces and the marks names are written with: "Kim Jong-un", "Côte d'Ivoire", "U.S.",
# "AT&T"; anything else (markup, mentions, control characters) is refused with a clear message.
_NAME_MARKS = frozenset(" .'’‘-&()")


# Quote marks people put around a name of several words, as search boxes ask: "Ada Brun", “Ada Brun”, «Ada Brun».
_QUOTE_PAIRS = {'"': '"', "“": "”", "„": "“", "«": "»", "‘": "’", "'": "'"}


def _unquoted(name: str) -> str:
    """The name without the one pair of quote marks around it (`/follow "Ada Brun"` follows Ada Brun; the marks
    were refused as no part of a name). A mark inside a name ("Côte d'Ivoire") stays."""
    if len(name) > 2 and _QUOTE_PAIRS.get(name[0]) == name[-1]:
        return " ".join(name[1:-1].split())
    return name


def parse_name(args: list[str], what: str) -> str:
    """The name typed after a command: one or more words, letters first, within MAX_NAME_LENGTH."""
    # A comma at either end parts the name from nothing ('/follow Orvik,'): no part of it (names parted by commas
    # are told apart before this).
    name = _unquoted(" ".join(" ".join(args).strip(", ").split()))
    if not name:
        raise UsageError(f"Name {what}, for example Lavrov, Russia or the EU.")
    if len(name) > MAX_NAME_LENGTH:
        raise UsageError(f"That name is too long ({MAX_NAME_LENGTH} characters at most).")
    # A letter's marks are the letter's: the vowel signs of 'अनिता' (Anita, in Hindi) were refused as "not ि"; so
    # are the joiners a spelling puts inside a word (Persian's non-joiner).
    odd = [ch for ch in name if not (ch.isalnum() or ch in _NAME_MARKS or in_a_word(ch))
           or (unicodedata.category(ch)[0] == "C" and ch not in JOINERS)]
    if not odd and not any(ch.isalpha() for ch in name):
        raise UsageError(f"A name needs a letter (not “{printable(name, 20)}”).")
    if odd:
        shown = "".join(dict.fromkeys(ch for ch in odd if ch.isprintable()))[:10]
        detail = f" (not {shown})" if shown else ""
        raise UsageError(f"A name is letters, digits, spaces and . ' - & only{detail}.")
    return name


def seen_names(ctx: CommandContext) -> list[str]:
    """Actors named in stored stories, the most often seen first: the pool of "did you mean"."""
    return tracking_store.seen_actor_names(ctx.db, SEEN_NAMES)


def chat_zone(ctx: CommandContext, inv: Invocation) -> ZoneInfo:
    """The chat's time zone: its subscription's, else the configured default."""
    sub = sub_store.get(ctx.db, inv.platform, inv.chat_id)
    return ZoneInfo(sub.timezone if sub else ctx.config().digest.timezone)


def _names(actors: tuple[Actor, ...] | list[Actor]) -> str:
    return ", ".join(a.name for a in actors)


def _namesakes(match: FollowMatch, surname: str) -> str:
    """"Stories name 2 people Brun: Ada Brun and Tomas Brun" (up to four named)."""
    names = [a.name for a in match.namesakes[:4]]
    listed = " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
    more = f" and {len(match.namesakes) - 4} more" if len(match.namesakes) > 4 else ""
    return f"Stories name {len(match.namesakes)} people {surname}: {listed}{more}"


def _did_you_mean(match: FollowMatch) -> str:
    return f"Did you mean: {_names(match.suggestions)}?" if match.suggestions else ""


# --- /follow, /unfollow, /following -----------------------------------------------------------------------------


def _state_by_demonym(name: str, match: FollowMatch) -> Actor | None:
    """The one suggested actor `name` is a form of by its demonym ("Velmoran", "the Velmoran government" for the
    Velmora stories name): stories write the demonym often, and "No story so far names “Velmoran”" was not so."""
    typed = normalize(name)
    forms = [a for a in match.suggestions
             if stands_for(name, a) or typed in {normalize(adjective) for adjective in a.adjectives}]
    return forms[0] if len(forms) == 1 else None


def _lookback(ctx: CommandContext, sub: Subscription | None) -> str:
    """Since when /follow looks for stories naming a name: the chat's backlog, else the first digest's day."""
    return sub.since if sub and sub.active else to_iso(ctx.now() - FIRST_DIGEST_LOOKBACK)


async def named_alone(ctx: CommandContext, inv: Invocation, word: str) -> bool:
    """Whether recent stories name `word` as a name of its own, and none gives it as a person's: a headline's
    "Velmora & Kestria" names Kestria, which is never quoted nor pledging, so no story gives it as an actor. /follow
    asks it of a word typed beside a place ("/follow Velmora Kestria"), which is then two names, not one person."""
    match = default_table().resolve(word, seen=seen_names(ctx))
    if match.actor is not None or match.namesakes or match.as_typed is None \
            or any(a.kind is ActorKind.PERSON for a in match.suggestions if stands_for(word, a)):
        return False  # a listed or seen actor is for the caller to judge; a surname is a person's
    since = _lookback(ctx, sub_store.get(ctx.db, inv.platform, inv.chat_id))
    return bool(await stories_naming(ctx.db, match.as_typed, since))


async def named_whole(ctx: CommandContext, inv: Invocation, name: str) -> bool:
    """Whether recent stories write `name` whole, its words side by side ("Lena Varo visits ..."): then it is one
    name, though each of its words is named alone too. Sought as written, not by its last word: "Aldmark Tarnic"
    read as a person was named by any story of Tarnic."""
    actor = unknown_actor(name)
    if actor is None:
        return False
    as_written = replace(actor, kind=ActorKind.UNKNOWN, aliases=(), adjectives=())
    since = _lookback(ctx, sub_store.get(ctx.db, inv.platform, inv.chat_id))
    return bool(await stories_naming(ctx.db, as_written, since))


async def follow(ctx: CommandContext, inv: Invocation, name: str) -> Reply:
    """Follow the actor `name` names in this chat, or say what the user may have meant."""
    match = default_table().resolve(name, seen=seen_names(ctx))
    actor, unseen = match.actor or _state_by_demonym(name, match), False
    sub = sub_store.get(ctx.db, inv.platform, inv.chat_id)
    since = _lookback(ctx, sub)
    if actor is None and match.suggestions and not match.namesakes and match.as_typed is not None \
            and await stories_naming(ctx.db, match.as_typed, since):
        # A headline's "Velmora & Kestria agree..." names Kestria: "No story so far names “Kestria”. Did you mean:
        # Kestrian?" (a name its text gave) was said under it. A near name is offered only to a name no story gives.
        actor, unseen = match.as_typed, True
    if actor is None and match.namesakes:  # "No story so far names “Brun”" was said where two people are Brun
        choices = " or ".join(example(ctx, inv, "follow", ("name", a.name)) for a in match.namesakes[:4])
        return Reply(text=f"{_namesakes(match, name)}: {choices} follows one.", error=True, ephemeral=True)
    if actor is None:
        if match.suggestions or match.as_typed is None:
            hint = _did_you_mean(match) or "Try a surname, a country or an organisation as stories name it."
            if len(match.suggestions) == 1:  # one name offered: a "yes" follows it (of several, it could not say which)
                raise UsageError(f"No story so far names “{name}”. {hint}", meant=(name, match.suggestions[0].name),
                                 usage=False)
            return Reply(text=f"No story so far names “{name}”. {hint}", error=True, ephemeral=True)
        actor, unseen = match.as_typed, True
    following = tracking_store.follows(ctx.db, inv.platform, inv.chat_id)
    where = place(ctx, inv)
    if any(f.actor_key == actor.key for f in following):
        return Reply(text=f"This {where} already follows {actor.name}. /following lists who it follows.")
    if len(following) >= tracking_store.MAX_FOLLOWS:
        raise UsageError(f"A {where} follows {tracking_store.MAX_FOLLOWS} actors at most: /unfollow one first.")
    tracking_store.follow(ctx.db, inv.platform, inv.chat_id, actor.key, actor.name, created_by=inv.user_id)
    named = await find_as_subject(ctx.db, actor, since)
    lines = [f"This {where} now follows {actor.name}: stories where {actor.name} is quoted, pledges or is a subject "
             "come to its digests, marked “follows”."]
    if unseen and named:  # quoted nowhere, pledging nothing, but in headlines and summaries
        verb = "names" if named == 1 else "name"
        lines.append(f"{count_of(named, 'recent story', 'recent stories')} {verb} {actor.name}.")
    elif unseen:
        lines.append(f"No story so far names {actor.name}; those that do will come here.")
        words = actor.name.split()
        if actor.kind is ActorKind.PERSON and len(words) == 2:
            # "/follow Veltria Osmark", two places no story names yet, is followed as one person: the reader who
            # meant two learns it here, and how.
            each = ", then ".join(example(ctx, inv, "follow", ("name", word)) for word in words)
            lines.append(f"Taken as one person's name: for two, {each}.")
    if match.namesakes:  # the surname brings the stories of each: the reader who meant one is told how
        one = example(ctx, inv, "follow", ("name", match.namesakes[0].name))
        lines.append(f"{_namesakes(match, actor.name)}; this {where} gets the stories of each. For one alone: "
                     f"{one} and {example(ctx, inv, 'unfollow', ('name', actor.name))}.")
    beside = [a for a in match.beside if a.key not in {f.actor_key for f in following}]
    if beside:
        lines.append(f"Kept apart, worth following too: {_names(beside[:4])} "
                     f"({example(ctx, inv, 'follow', ('name', beside[0].name))}).")
    if sub is None or not sub.active:
        lines.append((stopped_here(ctx, inv, sub)
                      or f"This {where} is not subscribed yet: /subscribe starts its digests.")
                     + other_parts_note(ctx, inv, inv.chat_id))
    elif sub.topics:
        lines.append(f"Its digests hold stories on {', '.join(sub.topics)} or about anyone it follows.")
    else:
        lines.append("Its digests now hold only the stories about the actors it follows "
                     f"({example(ctx, inv, 'unfollow', ('name', 'all'))} for every story again).")
    return Reply(text="\n".join(lines))


def before_the_edit(ctx: CommandContext, inv: Invocation, name: str) -> str:
    """What a /follow or /unfollow message did before the edit that ran it again naming another (`name` now): it
    stays done, and the reader who corrected "/follow Velmora" into "/follow Maren" was told nothing of Velmora,
    still followed. "" when the message was no such command, or named the same actor."""
    earlier = inv.edited_from
    if not earlier or earlier[0] not in ("follow", "unfollow") or len(earlier) < 2:
        return ""
    before = " ".join(earlier[1:])
    follows = tracking_store.follows(ctx.db, inv.platform, inv.chat_id)
    table, seen = default_table(), [*seen_names(ctx), *(f.actor_name for f in follows)]

    def key(typed: str) -> str:
        actor = table.resolve(typed, seen=seen).actor
        return actor.key if actor is not None else normalize(typed)

    if key(before) == key(name):
        return ""
    still = key(before) in {f.actor_key for f in follows} or normalize(before) in {normalize(f.actor_name)
                                                                                  for f in follows}
    shown = printable(before, 60)
    if earlier[0] == "follow" and still:
        return (f"Before its edit, this message followed {shown}, which this {place(ctx, inv)} still follows: "
                f"{example(ctx, inv, 'unfollow', ('name', shown))} stops that.")
    if earlier[0] == "unfollow" and not still:
        return (f"Before its edit, this message stopped following {shown}: "
                f"{example(ctx, inv, 'follow', ('name', shown))} follows again.")
    return ""


def unfollow(ctx: CommandContext, inv: Invocation, name: str) -> Reply:
    """Stop following the followed actor `name` names (as followed, by any alias, or by a unique part)."""
    following = tracking_store.follows(ctx.db, inv.platform, inv.chat_id)
    if not following:
        return Reply(text=follows_no_one(ctx, inv))
    wanted = normalize(name)
    resolved = default_table().resolve(name, seen=[f.actor_name for f in following])
    keys = {resolved.actor.key} if resolved.actor else set()
    found = [f for f in following if f.actor_key == wanted or normalize(f.actor_name) == wanted or f.actor_key in keys]
    if not found:
        found = [f for f in following if wanted and wanted in normalize(f.actor_name)]
    if not found:
        near = _near_followed(wanted, [f.actor_name for f in following])
        if near is not None:
            # "/unfollow Velmra" was told the chat's every follow, up to 25 names, to find the one misspelt.
            raise UsageError(f"This {place(ctx, inv)} does not follow “{printable(name, 40)}”. Did you mean {near}?",
                             meant=(name, near))
    if len(found) != 1:
        listed = ", ".join(f.actor_name for f in (found or following))
        verb = "Which one" if found else f"This {place(ctx, inv)} does not follow “{name}”. It follows"
        return Reply(text=f"{verb}: {listed}?" if found else f"{verb}: {listed}.", error=True, ephemeral=True)
    tracking_store.unfollow(ctx.db, inv.platform, inv.chat_id, found[0].actor_key)
    rest = len(following) - 1
    after = f"It still follows {count_of(rest, 'other')}." if rest else _follows_no_one_now(ctx, inv)
    return Reply(text=f"This {place(ctx, inv)} no longer follows {found[0].actor_name}. {after}")


def _near_followed(wanted: str, names: list[str]) -> str | None:
    """The one followed name a slip is near, by the whole name or its last word ('Velmra' -> Velmora, 'Mirc' ->
    Dragan Mirić), compared without accents; None when none or several are."""
    if len(wanted) < 3:
        return None
    near = {name for name in names for part in {normalize(name), normalize(name).split()[-1]}
            if part and difflib.SequenceMatcher(None, wanted, part).ratio() >= 0.8}
    return near.pop() if len(near) == 1 else None


# What a reader types for every actor the chat follows, as the reply to /follow invites ('/unfollow all').
EVERYONE = frozenset({"all", "everyone", "everybody", "them all", "all of them"})


def unfollow_all(ctx: CommandContext, inv: Invocation) -> Reply:
    """Stop following everyone: '/unfollow all', as /follow's reply puts it, was "does not follow “all”"."""
    following = tracking_store.follows(ctx.db, inv.platform, inv.chat_id)
    if not following:
        return Reply(text=follows_no_one(ctx, inv))
    for followed in following:
        tracking_store.unfollow(ctx.db, inv.platform, inv.chat_id, followed.actor_key)
    names = [f.actor_name for f in following]
    listed = f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else names[0]
    return Reply(text=f"This {place(ctx, inv)} no longer follows {listed}. {_follows_no_one_now(ctx, inv)}")


def _follows_no_one_now(ctx: CommandContext, inv: Invocation) -> str:
    """Said when a chat's last follow goes: follows narrowed a chat without topics, so say it widens back."""
    sub = sub_store.get(ctx.db, inv.platform, inv.chat_id)
    if sub is None or not sub.active:
        return "It follows no one now."
    return ("It follows no one now: " + (f"its digests hold stories on {', '.join(sub.topics)}." if sub.topics
                                          else "its digests hold every story again."))


def follows_no_one(ctx: CommandContext, inv: Invocation) -> str:
    """Said when a chat that follows no one asks to unfollow: the place and the command as its platform names them."""
    return (f"This {place(ctx, inv)} follows no one. {typed(ctx, inv, 'follow', 'name', 'NAME')} follows a person, "
            "country or organisation.")


def following(ctx: CommandContext, inv: Invocation) -> Reply:
    """Who the chat follows, and how follows and topics combine in its digests."""
    follows = tracking_store.follows(ctx.db, inv.platform, inv.chat_id)
    sub = sub_store.get(ctx.db, inv.platform, inv.chat_id)
    topics = sub.topics if sub and sub.active else []
    if not follows:
        follow = typed(ctx, inv, "follow", "name", "NAME")
        return Reply(text=f"This {place(ctx, inv)} follows no one yet. {follow} (a person, a country or an "
                          "organisation, "
                          f"e.g. {example(ctx, inv, 'follow', ('name', 'Lavrov'))}) brings the stories about them "
                          "to its digests.", ephemeral=True)
    lines = [f.actor_name for f in follows]
    if topics:
        note = f"Its digests hold stories on {', '.join(topics)} or about anyone it follows."
    else:
        note = "Its digests hold the stories about the actors it follows."
    if sub is None or not sub.active:
        note += " " + (stopped_here(ctx, inv, sub)
                       or f"This {place(ctx, inv)} is not subscribed: /subscribe starts its digests.")
    return Reply(sections=[Section(f"This {place(ctx, inv)} follows {len(follows)}:", lines), Section(None, [note])],
                 ephemeral=True)


# --- /pledges ---------------------------------------------------------------------------------------------------


def _day_text(value: date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else ""


def _status_text(state: PledgeState, zone: ZoneInfo | None = None) -> str:
    """ "open", "due soon (3 days left)", "overdue (2 days)", "kept (reported 9 Mar 2026 by Ministry Wire)": the
    report's story dated in the chat's `zone`, as its digest dates it (UTC when None)."""
    report, decided = state.report, state.decided_by
    status = state.status.value
    if state.status is PledgeStatus.DUE_SOON and report.days_left is not None:
        left = report.days_left
        return f"{status} ({'today' if left == 0 else count_of(left, 'day') + ' left'})"
    if state.status is PledgeStatus.OVERDUE and report.days_left is not None:
        late = -report.days_left
        return f"{status} ({count_of(late, 'day')}, nothing reported)"
    if report.settled and decided is not None:
        by = f" by {decided.source_name}" if decided.source_name else ""
        link = f" {decided.url}" if is_web_url(decided.url) else ""
        day = story_day(decided.story_published, decided.day_only, zone) if decided.story_published else None
        return f"{status} (reported {_day_text(day or date.fromisoformat(decided.published[:10]))}{by}{link})"
    return status


def _deadline_text(pledge: StoredPledge, due: date | None) -> str:
    """The deadline in force: the pledge's words and date ("by March 20, 20 Mar 2026"), or, once a later story put
    it back, the new date and the one it replaced ("15 Dec 2026, moved from 20 Nov 2026"): the pledge's own words
    ("by November 20") name the old deadline, and shown first they read as the one in force."""
    original = date.fromisoformat(pledge.due) if pledge.due else None
    if due == original:
        said = due is not None and names_the_day(pledge.when_text or "", due)  # "by 15 January 2027": said once
        return ", ".join(part for part in (pledge.when_text, "" if said else _day_text(due)) if part)
    was = _day_text(original) or (f"“{pledge.when_text}”" if pledge.when_text else "none")
    return f"{_day_text(due)}, moved from {was}" if due else f"put back with no new date, was {was}"


def pledge_line(state: PledgeState, zone: ZoneInfo | None = None) -> str:
    """One pledge: actor, commitment, deadline, status, and the story that set it (one line per pledge, however
    many outlets reported it), the story dated on its day in the chat's `zone` (UTC when None) as its digest
    dates it; a story its feed dates by day alone keeps that day."""
    pledge = state.pledge
    when = f" (deadline: {_deadline_text(pledge, state.report.due)})" if pledge.when_text or state.report.due else ""
    source = " · ".join(part for part in (pledge.source_name,
                                          _day_text(story_day(pledge.published, pledge.day_only, zone))) if part)
    others = pledge.reports - 1
    if others > 0:
        source += f" · {count_of(others, 'more report')}"
    link = f" {pledge.url}" if is_web_url(pledge.url) else ""
    return (f"{line_opening(pledge.actor)}: {pledge.commitment}{when} — {_status_text(state, zone)} — "
            f"{source}{link}").rstrip()


# Words after /pledges that ask what falls due ('/pledges today', '/pledges Velmora this week'): the days from today
# each covers (first and last, 0 for today), and how a reply names them. "this week" is `/pledges due`'s window.
_DUE_WORDS: dict[str, tuple[int, int, str]] = {
    "today": (0, 0, "today"),
    "tomorrow": (1, 1, "tomorrow"),
    "this week": (0, DUE_SOON_DAYS, f"within {DUE_SOON_DAYS} days"),
}


def parse_pledge_args(args: list[str]) -> tuple[str | None, str | None, str | None]:
    """`/pledges [actor] [status] [today|tomorrow|this week]`: the actor's name (or None), the status word (or
    None) and the day word (or None; with it, the status is "due").

    The status may also come first ("/pledges overdue Velmora", as people say it); a capitalised "Open" there
    starts a name ("Open Society"), so "open" first counts only as typed in lower case.
    """
    words = list(args)
    status = None
    # "/pledges today" asks what falls due: the day was read as an actor ("No pledges by today found").
    typed = " ".join(words).lower()
    day = next((d for d in _DUE_WORDS if typed == d or typed.endswith(" " + d)), None)
    if day is not None:
        words = words[:len(words) - len(day.split())]
        if not words or words[-1].lower() not in STATUS_FILTERS:
            words.append("due")
        elif words[-1].lower() != "due":
            day = None  # '/pledges overdue today': the status asked for, on no day
    if words and words[-1].lower() in STATUS_FILTERS:
        status = words.pop().lower()
    elif len(words) >= 2 and " ".join(words[-2:]).lower() == "due soon":
        status, words = "due", words[:-2]
    elif len(words) >= 2 and words[0].lower() in STATUS_FILTERS and (words[0] == "open" or words[0].lower() != "open"):
        status, words = words[0].lower(), words[1:]
        if status == "due" and len(words) >= 2 and words[0].lower() == "soon":
            words = words[1:]  # "/pledges due soon Velmora"
    actor = " ".join(" ".join(words).split()) or None
    if actor is not None:
        actor = parse_name(words, "someone")
    return actor, status, day


def _pledges_of(ctx: CommandContext, actor: str) -> tuple[list[StoredPledge], str, FollowMatch]:
    """Pledges by the actor the user named (by any of its names and forms), else by those whose name contains
    what was typed; with the name to show and the resolution (for suggestions)."""
    table, seen = default_table(), seen_names(ctx)
    match = table.resolve(actor, seen=seen)
    meant = match.actor or _state_by_demonym(actor, match)  # "/pledges Velmoran" is Velmora's, as /follow reads it
    if meant is not None:
        found = _pledges_by(ctx, meant, [a for name in seen for a in table.fold_all(name)])
        if found:
            return found, meant.name, match
    return tracking_store.first_reports(ctx.db, actor_text=actor), actor, match


def _pledges_by(ctx: CommandContext, actor: Actor, seen: list[Actor]) -> list[StoredPledge]:
    """Pledges by `actor` under any of its forms, newest first: by its key, and by an actor the tracker keeps
    apart whose name is another form of it ("the Kestrian Federation" for Kestria, and Kestria for "the Kestrian
    Federation"), as `/follow` counts a story naming such a form as the actor's."""
    meant = {actor.key: actor}
    for other in seen:
        if other.key not in meant and stands_for(actor.name, other):
            meant[other.key] = other
    found = {p.id: p for p in tracking_store.first_reports(ctx.db, actor_keys=list(meant))}
    forms = {form for each in meant.values() for form in (each.name, *each.aliases, *each.adjectives)}
    for form in sorted(forms):
        for pledge in tracking_store.first_reports(ctx.db, actor_text=form):
            if pledge.id not in found and any(stands_for(pledge.actor, each) for each in meant.values()):
                found[pledge.id] = pledge
    return sorted(found.values(), key=lambda p: (p.published, p.id), reverse=True)


def _pledgers_near(ctx: CommandContext, match: FollowMatch) -> list[Actor]:
    """The names to offer for /pledges, only those that have pledges: 'Narnia' was offered Armenia, a name of the
    gazetteer no story had pledged for, and '/pledges Armenia' found nothing either."""
    seen = [a for name in seen_names(ctx) for a in default_table().fold_all(name)]
    return [actor for actor in match.suggestions if _pledges_by(ctx, actor, seen)]


def _how_many_listed(count: int) -> str:
    """How many pledges a plain /pledges lists, in one wording for every hint that names it: it shows at most
    PLEDGES_SHOWN, so "lists all 57" (or "all of them") would promise a list the reply then cuts to the newest ten."""
    if count == 1:
        return "the 1 pledge"
    return f"all {count} pledges" if count <= PLEDGES_SHOWN else f"the newest {PLEDGES_SHOWN} of {count} pledges"


def _what_pledges_takes(ctx: CommandContext, inv: Invocation) -> str:
    """A word that names no one who pledged ('/pledges ceasefire', a topic): what /pledges takes, with an actor
    that did pledge, and how many pledges /pledges alone lists. "No pledges by ceasefire found." alone read as
    "no ceasefire pledge", while the one a reader was tracking was there under its actor."""
    every = tracking_store.first_reports(ctx.db)
    if not every:
        return ""
    shown = example(ctx, inv, "pledges", ("actor", every[0].actor))
    return (f" /pledges takes who pledged (a person, country or organisation), e.g. {shown}; /pledges alone lists "
            f"{_how_many_listed(len(every))}.")


def pledges(ctx: CommandContext, inv: Invocation) -> Reply:
    """The tracker: pledges newest first with their status today, optionally by one actor and of one status."""
    actor, status, day = parse_pledge_args(inv.args)
    zone = chat_zone(ctx, inv)
    today = ctx.now().astimezone(zone).date()
    match = None
    if actor:
        rows, shown_name, match = _pledges_of(ctx, actor)
    else:
        rows, shown_name = tracking_store.first_reports(ctx.db), ""
    found = states(ctx.db, rows, today, zone)
    every = len(found)
    if status:
        found = [s for s in found if s.status in STATUS_FILTERS[status]]
    by = f" by {shown_name}" if shown_name else ""
    if day is not None and (rows or match is None):  # a name no pledge gives is told so below, with the one meant
        return _falling_due(ctx, inv, found, day, shown_name, every, today)
    which = f" {status}" if status else ""
    if not found:
        near = _pledgers_near(ctx, match) if match is not None and not rows else []
        hint = f"Did you mean: {_names(near)}?" if near else ""
        text = f"No{which} pledges{by} found." + (f" {hint}" if hint else "")
        if len(near) == 1 and actor and not status:  # one name offered: a "yes" lists its pledges
            raise UsageError(text, meant=(actor, near[0].name), usage=False)
        if actor and not rows and not hint:
            text += _what_pledges_takes(ctx, inv)
        if status and every:
            shown = example(ctx, inv, "pledges", *([("actor", actor)] if actor else []))  # as the user types it
            text += f" {shown} lists {_how_many_listed(every)}."
        return Reply(text=text)
    soonest = status == "due"  # what falls due is read by its deadline: a pledge due today comes first
    if soonest:
        found.sort(key=lambda s: s.report.days_left if s.report.days_left is not None else 0)  # stable: newest next
    lines = [pledge_line(s, zone) for s in found[:PLEDGES_SHOWN]]
    more = len(found) - PLEDGES_SHOWN
    order = "soonest first" if soonest else "newest first"
    sections = [Section(f"{(status or '').capitalize() or 'Pledges'}{' pledges' if status else ''}{by}, {order}:",
                        lines)]
    if more > 0:
        sections.append(Section(None, [_narrow(ctx, inv, more, actor, status)]))
    return Reply(sections=sections)


def _on_days(found: list[PledgeState], day: str) -> list[PledgeState]:
    """The pledges among `found` (those due soon) whose deadline falls on the days `day` covers, soonest first."""
    first, last, _ = _DUE_WORDS[day]
    on = [s for s in found if s.report.days_left is not None and first <= s.report.days_left <= last]
    return sorted(on, key=lambda s: s.report.days_left or 0)  # stable: newest first within a day


def _due_days(day: str, today: date) -> str:
    """The days a day word covers, named with their dates: "within 7 days (7 – 14 Dec 2026)", "today (7 Dec 2026)".
    `/pledges this week` is the next 7 days, where `/latest this week` is Monday to today: said bare, the same words
    meant two spans, and a reader could not tell which days either answer covered."""
    first, last, said = _DUE_WORDS[day]
    return Days(today + timedelta(days=first), today + timedelta(days=last), said).shown()


def _falling_due(ctx: CommandContext, inv: Invocation, found: list[PledgeState], day: str, actor: str,
                 every: int, today: date) -> Reply:
    """`/pledges today` (tomorrow, this week): the pledges falling due on those days under a heading that names
    them. All three listed the next 7 days as `/pledges due`, so "today" showed a pledge due on Friday and never
    said that none fell due today; a day with none now says so and points at the week, or at every pledge."""
    shown_days, by = _due_days(day, today), f" by {actor}" if actor else ""
    named = [("actor", actor)] if actor else []
    on = _on_days(found, day)
    if not on:
        text = f"No pledges{by} fall due {shown_days}."
        week = _on_days(found, "this week")
        if day != "this week" and week:
            shown = example(ctx, inv, "pledges", *named, ("status", "this week"))
            text += f" {shown} lists the {len(week)} falling due {_due_days('this week', today)}."
        elif every:
            shown = example(ctx, inv, "pledges", *named)
            text += f" {shown} lists {_how_many_listed(every)}."
        return Reply(text=text)
    order = ", soonest first" if day == "this week" else ""
    zone = chat_zone(ctx, inv)
    sections = [Section(f"Falling due {shown_days}{by}{order}:", [pledge_line(s, zone) for s in on[:PLEDGES_SHOWN]])]
    if len(on) > PLEDGES_SHOWN:
        sections.append(Section(None, [f"{len(on) - PLEDGES_SHOWN} more, not shown."]))
    return Reply(sections=sections)


# The status words /pledges offers (its status option's choices, less the days), as a reply lists them.
_STATUS_WORDS = ", ".join(c for c in next(p.choices for p in PLEDGES.params if p.name == "status")
                          if c not in _DUE_WORDS)


def _narrow(ctx: CommandContext, inv: Invocation, more: int, actor: str | None, status: str | None) -> str:
    """The line under a list cut to PLEDGES_SHOWN: how many more, and what narrows it that the user has not typed
    yet ("narrow with an actor or a status" answered `/pledges due`, which had one)."""
    if status and not actor:
        shown = example(ctx, inv, "pledges", ("actor", "NAME"), ("status", status))
        return f"{more} more: narrow with an actor ({shown})."
    if actor and not status:
        return f"{more} more: narrow with a status ({_STATUS_WORDS})."
    if actor and status:
        return f"{more} more, not shown."
    return f"{more} more: narrow with an actor or a status ({_STATUS_WORDS})."
