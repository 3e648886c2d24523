"""Comparing what was promised with what a later sentence reports: the terms of a commitment and their overlap.

A commitment ("withdraw its troops from the disputed Harrow valley") is reduced to weighted terms: names and
numbers weigh most (they pin the commitment down: "Harrow", "500"), other content words one each, and function
words nothing. Words are compared by stem, after irregular past forms are brought back to their verb ("withdrew"
-> "withdraw") and a few synonyms common in diplomatic copy share one term ("freed" and "released").

The overlap is the share of the commitment's weight a sentence covers. It is deliberately plain: the linker asks
more than overlap (the same actor, a report of an outcome), and a plain measure fails in ways a reader can see.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from nltk.stem.snowball import EnglishStemmer

from bot.tracking.names import plain

_STEMMER = EnglishStemmer()

# Function words and words that carry no commitment of their own.
STOPWORDS = frozenset(
    """
    a an the and or but nor of to in on at by for with from into onto over under about against between through
    during before after above below up down out off as than then so such that this these those there here it its
    itself he him his she her hers they them their theirs we us our ours you your i me my mine who whom whose
    which what when where why how all any both each every few more most other some no not only own same too very
    can could may might must shall should will would is are was were be been being has have had having do does
    did doing also just now still yet again already even ever once said says say told tell according per via
    mr mrs ms new whole full further first next last one within until till since while if unless whether because
    year years month months week weeks day days today tomorrow yesterday time times
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    percent per cent
    """.split()
)

# Irregular past forms brought back to their verb before stemming.
IRREGULAR = {
    "withdrew": "withdraw", "withdrawn": "withdraw", "freed": "free", "sent": "send", "paid": "pay",
    "held": "hold", "began": "begin", "begun": "begin", "gave": "give", "given": "give", "took": "take",
    "taken": "take", "brought": "bring", "built": "build", "left": "leave", "kept": "keep", "sold": "sell",
    "bought": "buy", "led": "lead", "made": "make", "struck": "strike", "won": "win", "lost": "lose",
    "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall", "drew": "draw", "drawn": "draw",
    "flew": "fly", "flown": "fly", "laid": "lay", "found": "find", "spent": "spend", "lent": "lend",
    "met": "meet", "shut": "shut", "wrote": "write", "written": "write", "broke": "break", "broken": "break",
    "chose": "choose", "chosen": "choose", "undertook": "undertake", "undertaken": "undertake", "bore": "bear",
    "borne": "bear", "went": "go", "gone": "go", "came": "come", "stood": "stand", "sought": "seek",
    "taught": "teach", "told": "tell", "set": "set", "cut": "cut", "put": "put", "let": "let",
}

# Words that report the same thing in other words. Each group is one term; a word may sit in several groups.
# Every group earns its place by a development chain it links (benchmarks/linking/dev).
SYNONYM_GROUPS: tuple[str, ...] = (
    "outlaw ban prohibit",  # "outlaw the ivory trade" ... "banning the sale of ivory"
)
SYNONYMS: tuple[frozenset[str], ...] = tuple(frozenset(group.split()) for group in SYNONYM_GROUPS)

NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "fifteen": "15", "twenty": "20", "thirty": "30",
    "forty": "40", "fifty": "50", "hundred": "100", "thousand": "1000",
}


@dataclass(frozen=True)
class Term:
    """One unit of meaning in a commitment: its comparison keys (stem and synonym groups) and its weight."""

    keys: frozenset[str]
    weight: float
    text: str
    kind: str  # "name", "number" or "word"


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The comparison stem of one lower-case word ("released" -> "releas", "withdrew" -> "withdraw")."""
    word = IRREGULAR.get(word, word)
    return _STEMMER.stem(word)


@lru_cache(maxsize=8192)
def keys_of(word: str) -> frozenset[str]:
    """The stem of a word and the synonym groups it belongs to."""
    stemmed = stem(word)
    keys = {stemmed}
    for i, group in enumerate(SYNONYMS):
        if stemmed in group or any(stemmed.startswith(g) and len(g) >= 4 for g in group):
            keys.add(f"~{i}")
    return frozenset(keys)


_TERM = re.compile(r"(?P<number>\d[\d,.]*\d|\d)|(?P<word>[^\W\d_][\w'’-]*)", re.UNICODE)


def terms(text: str, *, leave_out: Iterable[str] = ()) -> list[Term]:
    """The weighted terms of a commitment or sentence, in text order; `leave_out` drops words (the actor's names).

    The first word term of a commitment is taken as its verb ("release the 12 crew members": "release").
    """
    skip = {w.casefold() for w in leave_out}
    found: list[Term] = []
    seen: set[frozenset[str]] = set()
    text = plain(text)
    for match in _TERM.finditer(text):
        if match.group("number"):
            digits = match.group().replace(",", "").rstrip(".")
            parts = [(match.group(), frozenset({"#" + digits}), "number", 1.5)]
        else:
            raw = re.sub(r"'s?$", "", match.group())
            parts = []
            for part in raw.split("-"):
                lower = part.casefold()
                if len(lower) < 2 or lower in STOPWORDS or lower in skip:
                    continue
                if lower in NUMBER_WORDS:
                    parts.append((part, frozenset({"#" + NUMBER_WORDS[lower]}), "number", 1.5))
                elif part[:1].isupper() and match.start() > 0:
                    parts.append((part, keys_of(lower), "name", 2.0))
                else:
                    parts.append((part, keys_of(lower), "word", 1.0))
        for written, keys, kind, weight in parts:
            if keys in seen:
                continue
            seen.add(keys)
            found.append(Term(keys, weight, written, kind))
    return found


@dataclass(frozen=True)
class Overlap:
    """How much of a commitment a sentence covers, and by which terms.

    `objects` counts matched terms other than the commitment's leading verb: what was promised, not only the act
    ("released" alone matches every release).
    """

    score: float
    matched: tuple[Term, ...]
    missing: tuple[Term, ...]
    objects: int


def _same_name(term: Term, names: Sequence[str]) -> bool:
    """A name and a word derived from it share a stem: "Nareth" and "Narethis", "Meridia" and "Meridian"."""
    if term.kind != "name" or len(term.text) < 4:
        return False
    mine = term.text.casefold()
    return any(
        len(other) >= 4 and abs(len(other) - len(mine)) <= 3 and (other.startswith(mine) or mine.startswith(other))
        for other in names
    )


@dataclass(frozen=True)
class TermIndex:
    """A sentence's terms as `overlap` compares them: every key, and the names (folded)."""

    keys: frozenset[str]
    names: tuple[str, ...]


def index_terms(sentence: Sequence[Term]) -> TermIndex:
    return TermIndex(frozenset(k for t in sentence for k in t.keys),
                     tuple(t.text.casefold() for t in sentence if t.kind == "name"))


def overlap(commitment: Sequence[Term], sentence: Sequence[Term]) -> Overlap:
    """The weighted share of `commitment`'s terms found in `sentence`."""
    return overlap_index(commitment, index_terms(sentence))


def overlap_index(commitment: Sequence[Term], sentence: TermIndex) -> Overlap:
    """`overlap` against a sentence indexed once (`index_terms`), for one sentence read against many pledges."""
    total = sum(t.weight for t in commitment)
    if not commitment or total == 0:
        return Overlap(0.0, (), (), 0)
    sentence_keys, names = sentence.keys, sentence.names
    matched = tuple(t for t in commitment if t.keys & sentence_keys or _same_name(t, names))
    missing = tuple(t for t in commitment if t not in matched)
    verb = commitment[0] if commitment[0].kind == "word" else None
    objects = sum(1 for t in matched if t is not verb)
    return Overlap(sum(t.weight for t in matched) / total, matched, missing, objects)
