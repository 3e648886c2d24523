"""Word lists for reading diplomatic copy: speech verbs, titles, roles, places and institutions.

The lists are data (`wordlists/*.txt`, one entry a line), kept apart from the rules that use them so a reader can
see, and extend, what Communiqué knows about the vocabulary of the beat without reading any pattern. An entry of
several words ("hong kong", "abu dhabi") is one entry: it matches only whole, so "Hong" alone is not a place and
"said Hong Lei" names a person. Every list is a named rule (`lexicon.<file name>`) with examples of its own.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from bot.analysis.rules import Rule, rule

_FOLDER = Path(__file__).with_name("wordlists")


class WordList:
    """A word list read from `wordlists/<name>.txt`; empty while its rule is switched off.

    `word in LIST` asks about one token (or one whole multi-word entry written with single spaces);
    `LIST.spans(tokens)` finds the entries, multi-word ones included, in a sequence of lower-case tokens.
    """

    def __init__(self, name: str, doc: str | None = None, entries: Iterable[str] | None = None) -> None:
        self.name = name
        if entries is None:
            lines = (_FOLDER / f"{name}.txt").read_text(encoding="utf-8").splitlines()
            entries = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
            doc = doc or " ".join(line.lstrip("# ") for line in lines if line.startswith("#")).split(". ")[0]
        self.entries: frozenset[str] = frozenset(" ".join(e.lower().split()) for e in entries)
        self.longest = max((len(e.split()) for e in self.entries), default=1)
        self.rule: Rule = rule(f"lexicon.{name.replace('_', '-')}", doc or name)

    def __contains__(self, word: object) -> bool:
        return word in self.entries and self.rule.on

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries if self.rule.on else ())

    def __len__(self) -> int:
        return len(self.entries) if self.rule.on else 0

    def __or__(self, other: Collection[str]) -> "Union":
        return Union(self, other)

    def __ror__(self, other: Collection[str]) -> "Union":
        return Union(other, self)

    def spans(self, tokens: list[str]) -> list[tuple[int, int]]:
        """[start, end) of each entry found in `tokens` (lower case), longest first at each place."""
        if not self.rule.on:
            return []
        found = []
        i = 0
        while i < len(tokens):
            for size in range(min(self.longest, len(tokens) - i), 0, -1):
                if " ".join(tokens[i : i + size]) in self.entries:
                    found.append((i, i + size))
                    i += size
                    break
            else:
                i += 1
        return found

    def covers(self, tokens: list[str]) -> bool:
        """Whether the tokens (lower case) are exactly one entry: ["hong", "kong"] is a place."""
        return bool(tokens) and " ".join(tokens) in self


class Union:
    """Several lists asked as one ("adverbs or auxiliaries"); each part keeps its own switch."""

    def __init__(self, *parts: Collection[str]) -> None:
        self.parts = parts

    def __contains__(self, word: object) -> bool:
        return any(word in part for part in self.parts)

    def __or__(self, other: Collection[str]) -> "Union":
        return Union(*self.parts, other)

    def __ror__(self, other: Collection[str]) -> "Union":
        return Union(other, *self.parts)

    def __iter__(self) -> Iterator[str]:
        seen: set[str] = set()
        for part in self.parts:
            for word in part:
                if word not in seen:
                    seen.add(word)
                    yield word


SPEECH_VERBS = WordList("speech_verbs")
FOREIGN_SPEECH_VERBS = WordList("foreign_speech_verbs")
FOREIGN_ACCORDING = WordList("foreign_according")
FOREIGN_ARTICLES = WordList("foreign_articles")
ADVERBS = WordList("adverbs")
AUXILIARIES = WordList("auxiliaries")
TITLES = WordList("titles")
FOREIGN_TITLES = WordList("foreign_titles")
ARABIC_SPEECH_VERBS = WordList("arabic_speech_verbs")
ARABIC_ROLES = WordList("arabic_roles")
ARABIC_BODIES = WordList("arabic_bodies")
ARABIC_STOPS = WordList("arabic_stops")
ARABIC_UNNAMED = WordList("arabic_unnamed")
ARABIC_SETTINGS = WordList("arabic_settings")
KOREAN_SPEECH_VERBS = WordList("korean_speech_verbs")
KOREAN_ROLES = WordList("korean_roles")
ROLE_NOUNS = WordList("role_nouns")
UNNAMED_SOURCE_NOUNS = WordList("unnamed_source_nouns")
FEMININE = WordList("feminine")
MASCULINE = WordList("masculine")
FEMININE_FIRST_NAMES = WordList("feminine_first_names")
PRONOUNS = WordList("pronouns")
AGENCIES = WordList("agencies")
INSTITUTION_HEADS = WordList("institution_heads")
DEMONYMS = WordList("demonyms")
PLACES = WordList("places")
MONTHS = WordList("months")
WEEKDAYS = WordList("weekdays")
NAME_PARTICLES = WordList("name_particles")
NOT_NAMES = WordList("not_names")
HARMS_TO_PEOPLE = WordList("harms_to_people")
CARE_FOR_PEOPLE = WordList("care_for_people")
PERMITTED_ACTS = WordList("permitted_acts")
UNDERGONE_ACTS = WordList("undergone_acts")
PEOPLE_NOUNS = WordList("people_nouns")
THINGS_NOBODY_SENDS = WordList("things_nobody_sends")
BODIES_AN_IT_STANDS_FOR = WordList("bodies_an_it_stands_for")
BOUND_COLLECTIVES = WordList("bound_collectives")
KINSHIP = WordList("kinship")
ENGLISH_FUNCTION_WORDS = WordList("english_function_words")
OTHER_FUNCTION_WORDS = WordList("other_function_words")
