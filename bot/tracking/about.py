"""Which actors a story involves, and why: for a digest's "follows: Lavrov" marker and for filtering by follows.

A story involves an actor when the actor
- is quoted (a quote's speaker folds to it),
- pledges (a pledge's actor folds to it; the source of a doubt, "according to U.S. officials", does not), or
- is a subject: named in the title or the summary (a demonym counts: "Russian troops" is about Russia).
Mentions in the rest of the text do not count: a story that names Russia once in its ninth paragraph is not a
story about Russia.

Actors are kept apart as the table keeps them: a story quoting the Kremlin involves the Kremlin, not Russia.
A chat that wants both follows both (`ActorTable.beside` suggests it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from bot.analysis.model import Analysis
from bot.tracking.actors import Actor, ActorKind, ActorTable, default_table
from bot.tracking.names import normalize


class Reason(Enum):
    QUOTED = "quoted"
    PLEDGES = "pledges"
    SUBJECT = "subject"


_ORDER = {Reason.QUOTED: 0, Reason.PLEDGES: 1, Reason.SUBJECT: 2}


@dataclass(frozen=True)
class Involvement:
    """One actor a story involves: the reasons (quoted, pledges, subject) and the names the story used."""

    actor: Actor
    reasons: tuple[Reason, ...]
    names: tuple[str, ...]


def story_actors(
    title: str,
    analysis: Analysis,
    *,
    summary: Sequence[str] | None = None,
    watch: Iterable[Actor] = (),
    table: ActorTable | None = None,
) -> list[Involvement]:
    """Every actor the story involves, first those with the most reasons, then in order of appearance.

    `summary` defaults to the analysis's summary. `watch` are actors the table does not list that the caller
    wants found as subjects too (a chat's follows of names seen in stories, such as a country the table lacks).
    """
    table = table or default_table()
    reasons: dict[str, set[Reason]] = {}
    names: dict[str, list[str]] = {}
    actors: dict[str, Actor] = {}

    def note(actor: Actor, reason: Reason, name: str) -> None:
        actors.setdefault(actor.key, actor)
        reasons.setdefault(actor.key, set()).add(reason)
        if name not in names.setdefault(actor.key, []):
            names[actor.key].append(name)

    texts = (title, *(analysis.summary if summary is None else summary))
    # A watched person whose surname the story gives another person too ("Tomas Brun") is not found by that
    # surname alone: the story's "Brun" is the other one.
    watched = [as_named_in(texts, a, table) for a in watch]
    spoken = [(table.fold_all(q.speaker), Reason.QUOTED, q.speaker or "") for q in analysis.quotes]
    pledged = [(table.fold_all(p.actor), Reason.PLEDGES, p.actor) for p in analysis.pledges]
    own = [a for folded, _, _ in (*spoken, *pledged) for a in folded]
    surnames = people_by_surname(watched, own)
    for folded, reason, name in (*spoken, *pledged):
        for actor in folded:
            note(surnames.get(actor.key, actor), reason, name)
    extra = [a for a in (*actors.values(), *watched) if not a.known and a.key not in surnames]
    for text in texts:
        for mention in table.find(text, extra):
            note(mention.actor, Reason.SUBJECT, mention.text)
    # The surname stays an actor of its own too, with the person's reasons: a chat that followed "Brun" when that
    # was all stories gave still gets the stories about her.
    for alone in {a.key: a for a in (*own, *watched) if not a.known and a.key in surnames}.values():
        person = surnames[alone.key]
        if person.key in actors and alone.key not in actors:
            for reason in reasons[person.key]:
                note(alone, reason, alone.name)

    order = list(actors)
    ranked = sorted(order, key=lambda key: (-len(reasons[key]), order.index(key)))
    return [
        Involvement(
            actor=actors[key],
            reasons=tuple(sorted(reasons[key], key=_ORDER.__getitem__)),
            names=tuple(names[key]),
        )
        for key in ranked
    ]


def as_named_in(texts: Sequence[str], person: Actor, table: ActorTable) -> Actor:
    """The person as a story's texts may name them: by their whole name alone when the story names another
    person of their surname ("Tomas Brun" in a story read for Ada Brun), else as they are."""
    if not any(table.names_namesake(text, person) for text in texts):
        return person
    return replace(person, aliases=tuple(a for a in person.aliases if " " in normalize(a)))


def people_by_surname(watched: Iterable[Actor], own: Iterable[Actor]) -> dict[str, Actor]:
    """Surname -> the one unlisted person of two or more names who has it: the person a story means when it writes
    "Foreign Minister Brun" or "Ms Brun said" alone. Without this a story naming Ada Brun by surname only was an
    actor "Brun" of its own, and a chat following Ada Brun never got it. The story's own people come first (a story
    quoting Ivo Brun means him by "Brun"); a surname two people share, in the story or among those watched, stays
    as written."""

    def by_surname(people: Iterable[Actor]) -> dict[str, Actor | None]:
        found: dict[str, Actor | None] = {}
        for person in people:
            if person.known or person.kind is not ActorKind.PERSON or len(person.key.split()) < 2:
                continue
            for alias in person.aliases:
                key = normalize(alias)
                if " " in key or key == person.key:
                    continue
                found[key] = person if found.get(key, person) is person else None
        return found

    merged = {**by_surname(watched), **by_surname(own)}
    return {key: person for key, person in merged.items() if person is not None}


def followed_in(involvements: Iterable[Involvement], followed: Iterable[str]) -> list[Involvement]:
    """The involvements whose actor a chat follows (`followed` holds actor keys), in the story's order."""
    keys = set(followed)
    return [i for i in involvements if i.actor.key in keys]


def follow_marker(matches: Sequence[Involvement]) -> str:
    """The marker a digest shows beside a story: "follows: Sergey Lavrov (quoted), Russia (subject)"."""
    if not matches:
        return ""
    parts = [f"{i.actor.name} ({', '.join(r.value for r in i.reasons)})" for i in matches]
    return "follows: " + ", ".join(parts)
