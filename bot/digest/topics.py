"""What a chat's topic words match in stored stories.

A topic is a source tag or a keyword found in titles and text (full-text search, which folds case and accents).
A keyword that names an actor of the alias table ("us", "U.S.", "united states", "who") is read as that actor,
as /follow reads it: the stories the tracker found about it, however they write it, and its name in the text.
Full-text search alone gave three answers for one country ("us" matched "told us" and missed "U.S." and "United
States"), and "who" matched nearly every story. An abbreviation of three letters or fewer is never searched as a
word, since the index cannot tell "US" from "us" or "WHO" from "who"; the tracker reads those with their case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.tracking import ActorTable, default_table

ABBREVIATION_LETTERS = 3  # "us", "u.s.", "un", "who", "g7": too short to tell from a word once case is folded


@dataclass(frozen=True)
class TopicMatch:
    """A chat's topics as storage matches them: each topic as a tag, these phrases in the text, these actors.

    `named` maps each topic read as an actor to the actor's name, for replies ("us" -> "United States").
    """

    topics: tuple[str, ...]
    phrases: tuple[str, ...]
    actor_keys: tuple[str, ...]
    named: dict[str, str] = field(default_factory=dict)


def _short(word: str) -> bool:
    return sum(ch.isalnum() for ch in word) <= ABBREVIATION_LETTERS


def topic_match(topics: Sequence[str], table: ActorTable | None = None) -> TopicMatch:
    """The phrases and actors `topics` stand for: every topic as written, except a short abbreviation of an actor,
    which is searched as the actor's name instead; and the actors the topics name."""
    table = table or default_table()
    phrases: list[str] = []
    keys: list[str] = []
    named: dict[str, str] = {}
    for topic in topics:
        actor = table.named(topic) if any(ch.isalpha() for ch in topic) else None
        if actor is None:
            phrases.append(topic)
            continue
        named[topic] = actor.name
        keys.append(actor.key)
        if not _short(topic):
            phrases.append(topic)
        if not _short(actor.name):
            phrases.append(actor.name.lower().removeprefix("the "))
    return TopicMatch(
        topics=tuple(topics),
        phrases=tuple(dict.fromkeys(phrases)),
        actor_keys=tuple(dict.fromkeys(keys)),
        named=named,
    )


def topic_search(topics: Sequence[str]) -> tuple[Sequence[str], Sequence[str] | None]:
    """`topic_match` as storage asks it (`storage.subscriptions.TopicSearch`): the actors, then the phrases."""
    match = topic_match(topics)
    return match.actor_keys, match.phrases
