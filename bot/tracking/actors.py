"""Actors: the people, countries and organisations a reader follows, and the many names each goes by.

The analysis names an actor the way the article does: "Sergey Lavrov", "Lavrov", "Russian Foreign Minister
Sergey Lavrov", "Moscow", "Iran (according to U.S. officials)", "ASEAN foreign ministers", "Karvassa's government".
Following an actor, or tracking its pledges, needs those to meet in one key. The shipped table
(`actors.toml`) lists the names that fold together; any name it does not list is still an actor of its own,
keyed by its normal form, so a story about a country the table has never heard of is followed all the same.

Three jobs, one table:
- `fold` / `fold_all`: a name as the analysis writes it -> the actor(s) it names (doubt, titles, roles and
  group words such as "officials" or "'s government" stripped).
- `find`: where actors are named in running text (names, capitals, abbreviations, demonyms).
- `resolve`: what a user types to follow, with "did you mean" suggestions from the actors seen in stories.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from bot.analysis.lexicon import NOT_NAMES
from bot.tracking.commitments import STOPWORDS
from bot.tracking.names import Token, normalize, tokens
from storage.scripts import runs_words_together

DEFAULT_TABLE = Path(__file__).with_name("actors.toml")


class ActorKind(Enum):
    COUNTRY = "country"
    ORGANISATION = "organisation"
    INSTITUTION = "institution"
    PERSON = "person"
    UNKNOWN = "unknown"  # a name the table does not list: a place, a body or a person we only know by name


@dataclass(frozen=True)
class Actor:
    """One actor. `key` is what storage keeps and what follows are matched on; `name` is what a reader sees.

    `of` is the key of the country or organisation a person or institution speaks for ("the Kremlin" -> "russia").
    `known` says whether the table lists it; an unknown actor is a name seen in a story, keyed by its normal form.
    """

    key: str
    name: str
    kind: ActorKind
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    of: str | None = None
    role: str | None = None
    known: bool = True


@dataclass(frozen=True)
class Mention:
    """Where running text names an actor. `adjective` marks a demonym ("Russian troops"), which makes a story
    about the actor but never makes the actor the one speaking or acting."""

    actor: Actor
    start: int
    end: int
    text: str
    adjective: bool = False
    possessive: bool = False


@dataclass(frozen=True)
class FollowMatch:
    """What a user's `/follow NAME` names.

    `actor` is set when the name folds to one actor, from the table or from the names seen in stories; `beside`
    then lists actors worth following too (the Kremlin beside Russia). When nothing matches, `actor` is None and
    `suggestions` holds the closest known names ("did you mean"); `as_typed` is the name taken as its own actor,
    for a caller that lets a user follow a name no story has used yet. `namesakes`: the people stories name with
    the surname typed, when there are several ("Brun": Ada Brun and Tomas Brun), so that the reply says whom
    the surname brings (`actor`, when a story gave it alone) or asks which one is meant.
    """

    query: str
    actor: Actor | None
    beside: tuple[Actor, ...] = ()
    suggestions: tuple[Actor, ...] = ()
    as_typed: Actor | None = None
    namesakes: tuple[Actor, ...] = ()


class ActorTableError(ValueError):
    """The actor table file is malformed; the message names the entry and the field."""


# Words that introduce a source rather than an actor: "Iran, according to U.S. officials", "G7 (per Gordon Brown)".
_DOUBT = re.compile(
    r"(?:,\s*|\s+|\(\s*)(?:according to|per|citing|via|as reported by|reportedly|allegedly|sources say|"
    r"officials say|officials said|said to)\b.*$",
    re.IGNORECASE,
)
_PARENTHETICAL = re.compile(r"\s*\(([^()]*)\)\s*")
_LIST_SPLIT = re.compile(r"\s+(?:and|&)\s+|\s*/\s*|\s*;\s*")
_COMMA = re.compile(r"\s*,\s*")
# "and" or "&" between two names a user typed, in any case ("Velmora AND Kestria"); "AT&T" joins nothing.
_JOINED = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)

# Title and role words written before a name ("Foreign Minister Wang Yi", "his Chinese counterpart Xi Jinping",
# "FM Vey" as headlines shorten it).
TITLE_WORDS = frozenset(
    """
    president vice prime minister foreign secretary state chancellor premier ambassador envoy spokesman
    spokeswoman spokesperson leader king queen crown prince princess emir sheikh general gen defence defense
    finance trade interior deputy acting interim former chief supreme senator mr mrs ms dr sir lord lady special
    representative commissioner high director director-general secretary-general head top diplomat negotiator
    counterpart his her their its the a an of affairs external home justice health energy economy environment
    culture transport security national adviser advisor commander admiral colonel mayor governor chairman
    chairwoman chair presidential policy senior ayatollah pope cardinal archbishop elect new outgoing incoming
    minister-president first lady sen rep gov fm
    """.split()
)
# Words after an owner that stand for the state or body itself: "Karvassa's government", "Chinese officials",
# "ASEAN foreign ministers", "the US side". The owner is the actor.
GROUP_WORDS = frozenset(
    """
    government governments authorities authority officials official administration leadership leaders leader side
    forces military army navy troops ministry ministries department delegation delegations negotiators
    negotiator diplomats diplomat embassy mission missions regime rulers junta cabinet spokesman spokeswoman
    spokesperson ministers minister president premier chancellor envoy envoys ambassador representatives
    representative foreign finance defence defense trade interior state-run state media statement
    """.split()
)
# Names that are never actors on their own.
_NOT_ACTORS = frozenset(
    """
    he she it they we us i you them him her his their its our this that these those who someone somebody both
    sides side two officials official analyst analysts source sources spokesman spokeswoman spokesperson
    government administration ministry minister president leader leaders diplomat diplomats
    """.split()
)
# Words that mark a name as a body rather than a person when the table does not list it.
_BODY_WORDS = frozenset(
    """
    ministry bank council union agency commission court committee office department parliament assembly
    congress senate fund organisation organization alliance forum league group party army forces police
    government company corporation programme program
    """.split()
)


@dataclass(frozen=True)
class _Form:
    """One way of naming an actor in running text: its words, and whether they must be written in capitals."""

    words: tuple[str, ...]
    key: str
    adjective: bool
    caps_only: bool  # an abbreviation written in capitals ("US", "WHO") matches only in capitals
    capitalised: tuple[bool, ...]  # which words must start with a capital ("Atlantic alliance")


def _form_of(written: str, key: str, *, adjective: bool = False) -> _Form | None:
    written_tokens = tokens(written)
    if written_tokens and written_tokens[0].form == "the" and len(written_tokens) > 1:
        written_tokens = written_tokens[1:]
    if not written_tokens:
        return None
    caps_only = len(written_tokens) == 1 and written_tokens[0].all_caps and len(written_tokens[0].form) <= 6
    return _Form(
        words=tuple(t.form for t in written_tokens),
        key=key,
        adjective=adjective,
        caps_only=caps_only,
        capitalised=tuple(t.capitalised for t in written_tokens),
    )


def _demonyms(name: str) -> tuple[str, ...]:
    """Likely demonyms of a one-word place name the table does not list ("Meridia" -> "Meridian")."""
    if name.endswith("ia") or name.endswith("a"):
        return (name + "n", name[:-1] + "an", name[:-1] + "ese")
    return (name + "i", name + "ian", name + "ese", name + "ish", name + "an")


def _caseless_letter(ch: str) -> bool:
    """A letter of a script without capitals (Chinese, Arabic, Hebrew, ...): a name there has none to show."""
    return ch.isalpha() and not ch.isupper() and not ch.islower()


def unknown_actor(name: str) -> Actor | None:
    """An actor for a name the table does not list, or None when the name names no one ("they", "officials")."""
    cleaned = " ".join(name.strip(" \t\n\"'“”‘’.,;:-–—").split())
    cleaned = re.sub(r"(?<=\w)['’]s$", "", cleaned)  # "Velmora's" (found before "foreign ministry") is Velmora
    key = normalize(cleaned)
    if not key or key in _NOT_ACTORS or all(w in _NOT_ACTORS or w in TITLE_WORDS for w in key.split()):
        return None
    if not any(ch.isupper() or _caseless_letter(ch) for ch in cleaned):
        return None  # "officials", "the ministry": no capital, no name (a script without case has none to give)
    words = key.split()
    if any(w in _BODY_WORDS for w in words):
        kind = ActorKind.ORGANISATION
        aliases: tuple[str, ...] = ()
        adjectives: tuple[str, ...] = ()
    elif len(words) >= 2:
        kind = ActorKind.PERSON
        surname = cleaned.split()[-1]
        aliases = (surname,) if len(normalize(surname)) >= 3 else ()
        adjectives = ()
    else:
        kind = ActorKind.UNKNOWN
        aliases = ()
        adjectives = _demonyms(cleaned) if cleaned[:1].isupper() and len(cleaned) >= 4 else ()
    return Actor(key=key, name=cleaned, kind=kind, aliases=aliases, adjectives=adjectives, known=False)


# Words for a state itself after its name or demonym ("the Kestrian Federation", "the Republic of Kestria").
_STATE_WORDS = frozenset("federation republic kingdom confederation union state emirate principality".split())


def stands_for(written: str, actor: Actor) -> bool:
    """Whether a name as a story wrote it is another form of `actor` itself: one of its names, or its name or
    demonym before words for the state or its government ("the Kestrian Federation", "the Velmoran government",
    "Kestrian officials"), or such words before "of" and its name ("the Republic of Kestria"). A story's "the
    Kestrian Federation" pledges as Kestria, though the tracker (not knowing the demonym of a name it does not
    list) keeps it as an actor of its own; a person ("Kestrian Foreign Minister Ilse Varga") is never the state.
    """
    words = normalize(written).split()
    names = {normalize(n) for n in (actor.name, *actor.aliases)}
    if " ".join(words) in names:
        return True
    owned = _STATE_WORDS | GROUP_WORDS
    end = len(words)
    while end > 0 and words[end - 1] in owned:
        end -= 1
    if 0 < end < len(words) and " ".join(words[:end]) in names | {normalize(a) for a in actor.adjectives}:
        return True
    if "of" in words[1:]:
        at = words.index("of", 1)
        return all(w in _STATE_WORDS for w in words[:at]) and " ".join(words[at + 1:]) in names
    return False


_FOLDED_KEPT = 50_000  # names whose folding an ActorTable remembers (a tracker pass folds the same ones often)


class ActorTable:
    """The actors Communiqué knows by name, with indexes for folding names and finding them in text."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        self._by_key: dict[str, Actor] = {}
        for actor in actors:
            if actor.key in self._by_key:
                raise ActorTableError(f"two actors have the key {actor.key!r}: give one of them another name")
            self._by_key[actor.key] = actor
        self._names: dict[str, str] = {}  # normal form of a name or alias -> key
        self._adjectives: dict[str, str] = {}
        self._forms: dict[str, list[_Form]] = {}  # first word -> forms starting with it, longest first
        for actor in self._by_key.values():
            for written in (actor.name, *actor.aliases):
                self._names.setdefault(normalize(written), actor.key)
            for written in actor.adjectives:
                self._adjectives.setdefault(normalize(written), actor.key)
        for actor in self._by_key.values():
            for form in _forms_of(actor):
                self._forms.setdefault(form.words[0], []).append(form)
        for forms in self._forms.values():
            forms.sort(key=lambda f: (-len(f.words), f.adjective))
        self._folded: dict[str, tuple[Actor, ...]] = {}  # fold_all's answers: the table never changes once built

    # -- loading ------------------------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | str | None = None) -> ActorTable:
        """The table in `path` (the shipped `actors.toml` by default). Raises ActorTableError on a bad entry."""
        source = Path(path) if path is not None else DEFAULT_TABLE
        try:
            data = tomllib.loads(source.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ActorTableError(f"cannot read the actor table {source}: {exc}") from exc
        return cls.from_dict(data, origin=str(source))

    @classmethod
    def from_dict(cls, data: dict, *, origin: str = "actor table") -> ActorTable:
        """A table from the parsed TOML shape (see `actors.toml` for the format)."""
        entries: list[tuple[ActorKind, dict]] = []
        for section, kind in (
            ("country", ActorKind.COUNTRY),
            ("organisation", ActorKind.ORGANISATION),
            ("institution", ActorKind.INSTITUTION),
            ("person", ActorKind.PERSON),
        ):
            items = data.get(section, [])
            if not isinstance(items, list):
                raise ActorTableError(f"{origin}: [[{section}]] must be a list of tables")
            entries.extend((kind, item) for item in items)
        unknown_sections = set(data) - {"country", "organisation", "institution", "person"}
        if unknown_sections:
            raise ActorTableError(f"{origin}: unknown section(s) {sorted(unknown_sections)}")
        keys = {}
        for kind, item in entries:
            name = item.get("name") if isinstance(item, dict) else None
            if not isinstance(name, str) or not normalize(name):
                raise ActorTableError(f"{origin}: a [[{kind.value}]] entry has no name")
            keys[normalize(name)] = name
        actors = []
        for kind, item in entries:
            actors.append(_actor_from_entry(kind, item, keys, origin))
        return cls(actors)

    # -- lookups ------------------------------------------------------------------------------------------------

    @property
    def actors(self) -> tuple[Actor, ...]:
        return tuple(self._by_key.values())

    def get(self, key: str) -> Actor | None:
        """The table's actor with this key, or None."""
        return self._by_key.get(key)

    def named(self, name: str) -> Actor | None:
        """The table's actor whose name or alias is exactly `name` (case, accents, dots, "the" aside)."""
        key = self._names.get(normalize(name))
        return self._by_key[key] if key else None

    def joined_names(self, text: str) -> list[str]:
        """The names `text` joins with "and" or "&" ("Velmora and Kestria" -> Velmora, Kestria), as `fold_all`
        parts a speaker so written; `[text]` when it joins none, or is itself a name the table lists ("Bosnia and
        Herzegovina"). /follow asks it: followed whole, two names became the first alone, unsaid."""
        text = " ".join(text.split())
        if self.named(text) is not None:
            return [text]
        parts = [part.strip(" ,") for part in _JOINED.split(text)]
        parts = [part for part in parts if part and not all(w in _LINKING_WORDS for w in normalize(part).split())]
        return parts if len(parts) > 1 else [text]

    def beside(self, actor: Actor) -> tuple[Actor, ...]:
        """Actors kept apart from `actor` but worth following with it: what it speaks for, what speaks for it."""
        found: list[Actor] = []
        if actor.of and actor.of in self._by_key:
            found.append(self._by_key[actor.of])
        found.extend(a for a in self._by_key.values() if a.of == actor.key and a.kind is ActorKind.INSTITUTION)
        found.extend(a for a in self._by_key.values() if a.of == actor.key and a.kind is ActorKind.PERSON)
        return tuple(dict.fromkeys(found))

    def related(self, a: Actor, b: Actor) -> bool:
        """Whether `a` and `b` are one actor or one speaks for the other (the Kremlin and Russia, Lavrov and Russia)."""
        if a.key == b.key:
            return True
        return a.of == b.key or b.of == a.key

    @staticmethod
    def relation_keys(actors: Iterable[Actor]) -> frozenset[str]:
        """The keys `related` compares for these actors (their own and those they speak for): two groups with no
        key in common hold no related pair, so a caller can skip them before asking `related` pair by pair."""
        return frozenset(k for a in actors for k in (a.key, a.of) if k is not None)

    # -- folding a name -----------------------------------------------------------------------------------------

    def fold(self, name: str | None) -> Actor | None:
        """The actor a name written by the analysis stands for, or None when it names no one.

        "Russian Foreign Minister Sergey Lavrov" -> Sergey Lavrov; "Moscow" -> Russia; "Iran (according to U.S.
        officials)" -> Iran; "Karvassa's government" -> Karvassa (unknown to the table: its own actor).
        For a name that joins several ("Seoul and Washington") this is the first; see `fold_all`.
        """
        found = self.fold_all(name)
        return found[0] if found else None

    def fold_all(self, name: str | None) -> tuple[Actor, ...]:
        """Every actor a name stands for, principal first: "Seoul and Washington" -> South Korea, United States.

        The source of a doubt ("according to U.S. officials") is not one of them; a clarifying parenthesis that
        names a listed actor ("Donald Trump (United States)") is, after the principal.
        """
        if not name or not name.strip():
            return ()
        known = self._folded.get(name)
        if known is None:
            if len(self._folded) > _FOLDED_KEPT:
                self._folded.clear()
            known = self._folded[name] = self._fold_all(name)
        return known

    def _fold_all(self, name: str) -> tuple[Actor, ...]:
        text = " ".join(name.split())
        whole = self.named(text)
        if whole:
            return (whole,)
        text = _DOUBT.sub("", text)
        clarifiers: list[Actor] = []
        for inside in _PARENTHETICAL.findall(text):
            listed = self.named(inside)
            if listed:
                clarifiers.append(listed)
        text = _PARENTHETICAL.sub(" ", text).strip(" ,")
        found: list[Actor] = []
        for part in _LIST_SPLIT.split(text):
            found.extend(self._fold_appositive(part))
        found.extend(clarifiers)
        return tuple(dict.fromkeys(found))

    def _fold_appositive(self, text: str) -> list[Actor]:
        """ "Tzerna's interim president, Ilse Varga": the named person first, the role's owner after."""
        parts = [p for p in _COMMA.split(text) if p.strip()]
        actors = [(part, self._fold_phrase(part)) for part in parts]
        folded = [a for _, a in actors if a is not None]
        people = [a for a in folded if a.kind is ActorKind.PERSON]
        if len(parts) > 1 and people:
            return list(dict.fromkeys([*people, *folded]))
        return folded

    def _fold_phrase(self, text: str) -> Actor | None:
        text = text.strip(" \t\"'“”‘’.,;:-–—")
        if not text:
            return None
        listed = self.named(text)
        if listed:
            return listed
        words = tokens(text)
        if not words:
            return None
        # The last listed name in the phrase is its head: "US President Donald Trump" -> Donald Trump.
        mentions = [m for m in self._scan(words, text, extra_forms=None, case_sensitive=False) if not m.adjective]
        if mentions:
            return mentions[-1].actor
        if normalize(text) in self._adjectives:
            return None  # "Ukrainian" alone names a person we do not know, not the country
        # Group and role words after an owner: "Chinese officials", "Meridia's defence ministry", "the US side".
        core = _strip_group(words)
        if core is not None and core is not words:
            owner_text = text[core[0].start : core[-1].end] if core else ""
            owner = self._owner(owner_text)
            if owner is not None:
                return owner
            return None
        # Titles before a name: "Foreign Minister Anton Reyes", "Meridian Foreign Minister Anton Reyes".
        rest = _strip_titles(words)
        if not rest:
            return None
        return unknown_actor(text[rest[0].start : rest[-1].end])

    def _owner(self, text: str) -> Actor | None:
        """The owner in "<owner> officials": a listed name, a demonym ("Chinese"), or a name of its own."""
        if not text.strip():
            return None
        listed = self.named(text)
        if listed:
            return listed
        adjective = self._adjectives.get(normalize(text))
        if adjective:
            return self._by_key[adjective]
        words = tokens(text)
        mentions = self._scan(words, text, extra_forms=None, case_sensitive=False)
        if mentions:
            return mentions[-1].actor
        rest = _strip_titles(words)
        if not rest:
            return None
        return unknown_actor(text[rest[0].start : rest[-1].end])

    # -- finding names in text ----------------------------------------------------------------------------------

    def find(self, text: str, extra: Iterable[Actor] = ()) -> list[Mention]:
        """Actors named in running text, left to right, longest name first ("South Korea" before "Korea").

        `extra` adds actors the table does not list (names seen in stories, a chat's follows), with their
        surnames and likely demonyms. Every word of a name must be capitalised as the table writes it, and an
        abbreviation written in capitals ("US", "WHO") matches only in capitals, so "told us" is not the US.
        """
        unlisted = tuple(actor for actor in extra if actor.key not in self._by_key)
        found = self._scan(tokens(text), text, extra_forms=_index_of(unlisted), case_sensitive=True)
        if text.isascii() or not runs_words_together(text):
            return found  # most text: no name in a script without spaces can be in it
        return _with_runs(found, text, unlisted)

    def names_namesake(self, text: str, person: Actor) -> bool:
        """Whether `text` names another person of `person`'s surname ("Tomas Brun" for a chat following Ada
        Brun): then the story's "Brun" alone is that person, not the one followed (docs/following.md)."""
        if person.kind is not ActorKind.PERSON:
            return False
        words = tokens(text)
        forms = [form for listed in _index_of((person,))[0].values() for form in listed if len(form.words) == 1]
        for i in range(1, len(words)):
            for form in forms:
                if (words[i].form == form.words[0] and _case_fits(form, words[i:i + 1])
                        and _another_given_name(person, form, words[i - 1], words[i], text)):
                    return True
        return False

    def _scan(
        self,
        words: Sequence[Token],
        text: str,
        *,
        extra_forms: tuple[dict[str, list[_Form]], dict[str, Actor]] | None,
        case_sensitive: bool,
    ) -> list[Mention]:
        found: list[Mention] = []
        i = 0
        while i < len(words):
            candidates = list(self._forms.get(words[i].form, ()))
            if extra_forms:
                candidates.extend(extra_forms[0].get(words[i].form, ()))
                candidates.sort(key=lambda f: (-len(f.words), f.adjective))
            matched = None
            for form in candidates:
                n = len(form.words)
                span = words[i : i + n]
                if len(span) < n or tuple(t.form for t in span) != form.words:
                    continue
                if case_sensitive and not _case_fits(form, span):
                    continue
                matched = (form, span)
                break
            if matched is None:
                i += 1
                continue
            form, span = matched
            actor = self._by_key.get(form.key)
            if actor is None and extra_forms:
                actor = extra_forms[1].get(form.key)
            if actor is not None and case_sensitive and i > 0 and _another_given_name(
                actor, form, words[i - 1], span[0], text
            ):
                i += len(span)
                continue
            if actor is not None:
                found.append(
                    Mention(
                        actor=actor,
                        start=span[0].start,
                        end=span[-1].end,
                        text=text[span[0].start : span[-1].end],
                        adjective=form.adjective,
                        possessive=span[-1].possessive,
                    )
                )
            i += len(span)
        return found

    # -- following ----------------------------------------------------------------------------------------------

    def resolve(self, query: str, seen: Iterable[str] = ()) -> FollowMatch:
        """What `/follow query` names. `seen` are actor names from stored stories (quote speakers, pledgers).

        Case, accents and a leading "the" do not matter. A listed name or alias wins; then a name seen in stories
        (a surname alone finds the one person seen with it); then the folded name ("Foreign Minister Wang Yi").
        Otherwise no actor, and up to five suggestions from the table and the names seen.
        """
        typed = " ".join(query.split())
        wanted = normalize(typed)
        if not wanted:
            return FollowMatch(query=query, actor=None)
        listed = self.named(typed) or (
            self._by_key[self._adjectives[wanted]] if wanted in self._adjectives else None
        )
        # Titles and roles typed before a name go, as they go from the names stories give: "foreign minister ana
        # kovac" is Ana Kovač. Followed with its title, the name would be a key no story's actor ever has.
        folded = self.fold(typed if typed[:1].isupper() else _capitalised(typed))
        if listed is None and folded is not None and folded.known:
            listed = folded
        if listed is not None:
            return FollowMatch(query=query, actor=listed, beside=self.beside(listed))
        if all(word in _LINKING_WORDS for word in wanted.split()):
            return FollowMatch(query=query, actor=None)  # "the", "and": no name, nothing to suggest ("OPEC")
        seen_actors = self._seen_actors(seen)
        exact: list[Actor] = []
        by_surname: list[Actor] = []
        for form in dict.fromkeys([wanted, *([folded.key] if folded is not None else [])]):
            exact = [a for a in seen_actors if a.key == form]
            by_surname = [a for a in seen_actors if form in (normalize(x) for x in a.aliases)]
            if not exact or (len(by_surname) == 1 and all(_surname_alone(a) for a in exact)):
                # A story that gives only "Vey said" stores the surname as an actor of its own too; typed, the
                # surname still finds the one person stories name with it (Harlan Vey), as it does without one.
                exact = by_surname or exact
            if exact:
                break
        namesakes = tuple(by_surname) if len(by_surname) > 1 else ()
        if len(exact) == 1:
            return FollowMatch(query=query, actor=exact[0],
                               namesakes=namesakes if _surname_alone(exact[0]) else ())
        titled = folded is not None and folded.key != wanted and normalize(folded.name) == folded.key
        as_typed = folded if titled else unknown_actor(typed if typed[:1].isupper() else _capitalised(typed))
        if exact:
            return FollowMatch(query=query, actor=None, suggestions=tuple(exact[:5]), as_typed=as_typed,
                               namesakes=namesakes if exact == by_surname else ())
        near = folded.key if titled and folded is not None else wanted  # "President Zarn Olek": Zarn Olek
        return FollowMatch(query=query, actor=None, suggestions=self._suggest(near, seen_actors), as_typed=as_typed)

    def _seen_actors(self, seen: Iterable[str]) -> list[Actor]:
        found: dict[str, Actor] = {}
        for name in seen:
            for actor in self.fold_all(name):
                found.setdefault(actor.key, actor)
        return list(found.values())

    def _suggest(self, wanted: str, seen_actors: Sequence[Actor]) -> tuple[Actor, ...]:
        """The closest names, by spelling and by word prefix ("lavro" -> Sergey Lavrov), best first."""
        scored: dict[str, tuple[float, Actor]] = {}
        pool = [*seen_actors, *self._by_key.values()]
        for actor in pool:
            best = 0.0
            for written in (actor.name, *actor.aliases, *actor.adjectives):
                form = normalize(written)
                if not form:
                    continue
                ratio = difflib.SequenceMatcher(None, wanted, form).ratio()
                if len(wanted) >= 3 and any(w.startswith(wanted) for w in form.split()):
                    ratio = max(ratio, 0.8 + 0.2 * len(wanted) / len(form))
                best = max(best, ratio)
            if best >= 0.72 and (actor.key not in scored or scored[actor.key][0] < best):
                scored[actor.key] = (best, actor)
        ranked = sorted(scored.values(), key=lambda pair: (-pair[0], pair[1].name))
        return tuple(actor for _, actor in ranked[:5])


def _with_runs(found: list[Mention], text: str, actors: Iterable[Actor]) -> list[Mention]:
    """`found`, and where `text` names an actor whose name is written in a script without spaces between words
    ("北野健一" in "北野健一外務大臣は"): such a sentence is one word to `tokens`, so the name is looked for as a run
    of characters. Left to right, a mention already found keeps its place."""
    taken = [(m.start, m.end) for m in found]
    added: list[Mention] = []
    for actor in actors:
        for written in sorted({actor.name, *actor.aliases}, key=len, reverse=True):
            if not runs_words_together(written):
                continue
            start = text.find(written)
            while start >= 0:
                end = start + len(written)
                if not any(s < end and start < e for s, e in taken):
                    taken.append((start, end))
                    added.append(Mention(actor=actor, start=start, end=end, text=written))
                start = text.find(written, end)
    return sorted([*found, *added], key=lambda m: m.start) if added else found


@lru_cache(maxsize=32)
def _index_of(extra: tuple[Actor, ...]) -> tuple[dict[str, list[_Form]], dict[str, Actor]]:
    """The ways of naming these actors, by first word, longest first; and the actors by key. Built once for all
    the sentences of a story (the caller must not change what it returns)."""
    forms_by_word: dict[str, list[_Form]] = {}
    actors: dict[str, Actor] = {}
    for actor in extra:
        actors[actor.key] = actor
        for form in _forms_of(actor):
            forms_by_word.setdefault(form.words[0], []).append(form)
    for forms in forms_by_word.values():
        forms.sort(key=lambda f: (-len(f.words), f.adjective))
    return forms_by_word, actors


@lru_cache(maxsize=8192)
def _forms_of(actor: Actor) -> tuple[_Form, ...]:
    """An actor's names and demonyms as forms to look for (folded once per actor: finding runs per sentence).

    A demonym in -n names the people too, in the plural ("Russians vote", "Velmorans protest"), as a demonym: it
    makes a story about the country, never the one acting or speaking."""
    forms = []
    for written in (actor.name, *actor.aliases):
        form = _form_of(written, actor.key)
        if form:
            forms.append(form)
    for written in actor.adjectives:
        plural = [f"{written}s"] if written.endswith("n") and " " not in written else []
        for each in (written, *plural):
            form = _form_of(each, actor.key, adjective=True)
            if form:
                forms.append(form)
    return tuple(forms)


def _another_given_name(actor: Actor, form: _Form, before: Token, first: Token, text: str) -> bool:
    """Whether a person's surname, found alone, follows a given name that is not theirs: "Marta Kovač, a farmer"
    is not Ana Kovač, nor is "Tomas Lavrov" Sergey Lavrov. A title ("Minister Kovač"), a possessive ("Velmora's
    Kovač"), a word that opens a sentence ("Yesterday Kovač") or a spelling of their own given name ("Serguei"
    for Sergey: the same initial) leaves them the person, and so does a headline in title case ("Kestria Accuses
    Lavrov Of ...": every word has its capital, the one before is no given name)."""
    if actor.kind is not ActorKind.PERSON or not before.capitalised or before.possessive or before.all_caps:
        return False
    if _title_cased(text):
        return False
    if text[before.end : first.start].strip():
        return False  # "Orlen: Kovač", "Ana-Kovač": not a name written before it
    full = [normalize(name).split() for name in (actor.name, *actor.aliases)]
    if len(form.words) >= max(len(words) for words in full):
        return False  # the whole name was found, not its surname alone
    given = {word for words in full for word in words[: -len(form.words)] if len(words) > len(form.words)}
    word = before.form
    if word in given or word in TITLE_WORDS or word in STOPWORDS or word in NOT_NAMES:
        return False
    return not any(word[:1] == other[:1] for other in given)


def _title_cased(text: str) -> bool:
    """Whether a text is written in title case, as many headlines are: three or more words of four letters or
    more, each with its capital ("Norland Hosts Lasko For Border Talks")."""
    long = [word for word in re.findall(r"[^\W\d_][\w'’-]*", text) if len(word) >= 4]
    return len(long) >= 3 and all(word[:1].isupper() for word in long)


def _case_fits(form: _Form, span: Sequence[Token]) -> bool:
    if form.caps_only:
        return span[0].all_caps
    return all(t.capitalised or not must for t, must in zip(span, form.capitalised, strict=True))


def _strip_group(words: Sequence[Token]) -> Sequence[Token] | None:
    """The owner before trailing group or role words ("Chinese officials" -> "Chinese"), or `words` unchanged."""
    end = len(words)
    while end > 0 and words[end - 1].form in GROUP_WORDS:
        end -= 1
    if end == len(words):
        return words
    core = list(words[:end])
    while core and core[-1].form in TITLE_WORDS and core[-1].form not in {"the", "a", "an"}:
        core.pop()  # "Russian Foreign Minister": "foreign" is a title word before the role
    while core and core[0].form in {"the", "a", "an", "senior", "top", "two", "several", "some"}:
        core.pop(0)
    return core


# Words that only link others: typed alone they name no one, and every name with one inside is no suggestion.
_LINKING_WORDS = frozenset("the a an and or of for in on at to by with from".split())


def _surname_alone(actor: Actor) -> bool:
    """Whether an actor is a name of one word the table does not list ("Vey"), as a surname alone is stored."""
    return not actor.known and " " not in actor.key


def _capitalised(typed: str) -> str:
    """A name typed in lower case as stories write it: each word's first letter a capital ("kestria's foreign
    ministry" -> "Kestria's Foreign Ministry"; str.title() gives "Kestria'S")."""
    return " ".join(word[:1].upper() + word[1:] for word in typed.split(" "))


def _strip_titles(words: Sequence[Token]) -> list[Token]:
    """The name after titles and roles: "Meridian Foreign Minister Anton Reyes" -> "Anton Reyes"."""
    last_title = -1
    for i, token in enumerate(words):
        if token.form in TITLE_WORDS:
            last_title = i
    rest = list(words[last_title + 1 :])
    if not rest:
        return []
    if not rest[0].capitalised:
        return []
    return rest


def _actor_from_entry(kind: ActorKind, item: dict, keys: dict[str, str], origin: str) -> Actor:
    name = item["name"]
    label = f"{origin}: [[{kind.value}]] {name!r}"
    allowed = {"name", "aliases", "adjectives", "capital", "seat", "of", "role"}
    extra = set(item) - allowed
    if extra:
        raise ActorTableError(f"{label}: unknown field(s) {sorted(extra)}")

    def strings(field_name: str) -> tuple[str, ...]:
        value = item.get(field_name, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ActorTableError(f"{label}: {field_name} must be a list of names")
        return tuple(value)

    aliases = strings("aliases") + strings("capital") + strings("seat")
    of = item.get("of")
    of_key = None
    if of is not None:
        if not isinstance(of, str) or normalize(of) not in keys:
            raise ActorTableError(f"{label}: of = {of!r} names no actor in the table")
        of_key = normalize(of)
    role = item.get("role")
    if role is not None and not isinstance(role, str):
        raise ActorTableError(f"{label}: role must be text")
    return Actor(
        key=normalize(name),
        name=name,
        kind=kind,
        aliases=aliases,
        adjectives=strings("adjectives"),
        of=of_key,
        role=role,
        known=True,
    )


@lru_cache(maxsize=1)
def default_table() -> ActorTable:
    """The shipped table, read once."""
    return ActorTable.load()


__all__ = [
    "Actor",
    "ActorKind",
    "ActorTable",
    "ActorTableError",
    "FollowMatch",
    "Mention",
    "default_table",
    "stands_for",
    "unknown_actor",
]
