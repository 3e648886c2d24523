"""Suggestions for a command's arguments while a user types them (topics, time zones, actors).

Platform-neutral and read-only: a platform that can autocomplete asks with the parameter's kind from
the registry and what has been typed so far, and gets plain strings back. Suggestions come from what Communiqué
stores (source tags, the actors stories name) so a user picks a value that matches something, rather than guessing.
"""

from __future__ import annotations

from bot.commands.context import CommandContext
from bot.core.settings import clock_zones, country_zones, zone_names
from bot.core.text import name_words
from bot.tracking import default_table
from bot.tracking.names import normalize
from storage import sources as source_store
from storage import tracking as tracking_store

MAX_SUGGESTIONS = 25  # a list one can scan while typing (and the most some platforms show)
MAX_SUGGESTION_LENGTH = 100  # longer values are refused as choices by some platforms


def suggest(ctx: CommandContext, kind: str, typed: str, limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Values for a parameter of `kind` ("topic", "topic_or_source", "timezone", "actor") that fit what was typed;
    [] for others."""
    typed = (typed or "")[:MAX_SUGGESTION_LENGTH]
    if kind == "topic":
        found = topic_suggestions(ctx, typed)
    elif kind == "topic_or_source":
        found = source_suggestions(ctx, typed) + topic_suggestions(ctx, typed)
    elif kind == "timezone":
        found = timezone_suggestions(typed)
    elif kind == "actor":
        found = actor_suggestions(ctx, typed)
    else:
        found = []
    return [value for value in found if 0 < len(value) <= MAX_SUGGESTION_LENGTH][:limit]


def topic_suggestions(ctx: CommandContext, typed: str) -> list[str]:
    """Complete the last word typed from the source tags, most used first, keeping the words before it.

    A topics parameter holds several words ("nato ukr"), so each suggestion is the whole value with its last
    word completed ("nato ukraine"); tags already chosen are not offered again.
    """
    words = typed.replace(",", " ").split()
    ends_with_space = typed[-1:].isspace() or typed.endswith(",")
    done, partial = (words, "") if ends_with_space or not words else (words[:-1], words[-1])
    chosen = {w.lower() for w in done}
    prefix = " ".join(done)
    tags = [tag for tag, _ in source_store.source_tags(ctx.db)]
    starts = [t for t in tags if t.startswith(partial.lower()) and t not in chosen]
    inside = [t for t in tags if partial and partial.lower() in t and t not in starts and t not in chosen]
    return [f"{prefix} {tag}".strip() for tag in starts + inside]


def source_suggestions(ctx: CommandContext, typed: str) -> list[str]:
    """The config's sources whose name holds the words typed, a word's start for the last (/latest takes a source's
    name where a topic goes): "dove" offers "🕊️ Dove Post", which a member could not find among the tags, and whose
    emoji no desktop keyboard types. Nothing typed offers none: the tags come first then."""
    words = name_words(typed).split()
    if not words:
        return []
    found = []
    for source in ctx.config().sources:
        named = name_words(source.name).split()
        if all(any(w == word or (i == len(words) - 1 and w.startswith(word)) for w in named)
               for i, word in enumerate(words)):
            found.append(source.name)
    return found


def timezone_suggestions(typed: str) -> list[str]:
    """Zone names starting with what was typed, then those with a part starting with it ("berl" finds
    Europe/Berlin), then those containing it; "UTC" first when nothing is typed. A clock's abbreviation ("PST",
    "IST") puts first the zones of the places it is said of, as `/settings tz PST` names them (PST8PDT and
    Asia/Istanbul came first); a country ("india") its own zones (Indian/Antananarivo came first)."""
    needle = typed.strip().lower().replace(" ", "_")
    names = zone_names()
    if not needle:
        return ["UTC", *(n for n in names if "/" in n and not n.startswith(("Etc/", "SystemV/")))]
    said_of = [clock.zone for clock in clock_zones(needle)] + list(country_zones(needle))
    starts = [n for n in names if n.lower().startswith(needle) and n not in said_of]
    parts = [n for n in names if n not in starts and n not in said_of
             and any(p.lower().startswith(needle) for p in n.split("/")[1:])]
    inside = [n for n in names if needle in n.lower() and n not in starts and n not in parts and n not in said_of]
    return said_of + starts + parts + inside


def actor_suggestions(ctx: CommandContext, typed: str) -> list[str]:
    """Actors to follow or look up: those stories name most often, then those with pledges, then the alias
    table's, whose name (or a word of it) starts with what was typed, then those containing it."""
    needle = normalize(typed)
    names = [
        *tracking_store.seen_actor_names(ctx.db, 500),
        *tracking_store.pledge_actor_names(ctx.db, 500),
        *(actor.name for actor in default_table().actors),
    ]
    unique = list(dict.fromkeys(names))
    if not needle:
        return unique
    forms = [(name, normalize(name)) for name in unique]
    starts = [name for name, form in forms if form.startswith(needle)]
    words = [name for name, form in forms if name not in starts and any(w.startswith(needle) for w in form.split())]
    inside = [name for name, form in forms if needle in form and name not in starts and name not in words]
    return starts + words + inside
