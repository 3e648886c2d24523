"""Linking a later story to the pledges it reports on: kept, broken, delayed or superseded.

A sentence of a later story is a follow-up of a pledge when all of these hold:
1. it is later: the story was published on or after the pledge's story, and is not that story;
2. the same actor: the sentence names the pledge's actor, under any of its names ("Moscow" for Russia, "Holm"
   for Katrin Holm), or one that speaks for it or that it speaks for (the Kremlin and Russia). A demonym counts
   only before a word for an agent ("Russian authorities freed", not "Sarovian prisoners");
3. the same commitment: the sentence covers enough of the commitment's weighted terms, and at least two of them,
   one beyond its verb (a name alone, often the other party's, says nothing of what was promised);
4. an outcome is reported: a word for completion or the commitment's own verb in a past form (kept); a refusal,
   a negation, a missed deadline, a reversal (broken); a postponement (delayed); a replacement (superseded).

A sentence that only restates the pledge, or says what will happen, reports no outcome and links nothing.
When several outcomes are reported, a replacement outranks a delay, a delay a breach and a breach a completion:
"abandoned the referendum and will hold an assembly instead" is a replacement, "will not begin in January as
planned; now expected in July" a delay. Precision first: when in doubt, no link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum
from functools import cached_property, lru_cache

from bot.analysis.deadlines import find_deadline, resolve_due
from bot.analysis.model import Analysis, Pledge
from bot.analysis.sentences import split_paragraphs, split_sentences, strip_dateline
from bot.tracking.actors import Actor, ActorTable, Mention, default_table, unknown_actor
from bot.tracking.commitments import (
    IRREGULAR,
    Term,
    TermIndex,
    index_terms,
    keys_of,
    overlap,
    overlap_index,
    stem,
    terms,
)
from bot.tracking.names import normalize, plain

# The share of a commitment's weighted terms a sentence must cover to report on it.
MIN_OVERLAP = 0.3
# How long a pledge is followed: a year after it was made, or half a year past its deadline if that is later. A
# story years on that names the actor and the subject is about something else ("accused Beijing of reneging on
# commitments made during earlier trade talks", two years after a tariff truce).
FOLLOWED_FOR = timedelta(days=365)
FOLLOWED_PAST_DUE = timedelta(days=183)


class Outcome(Enum):
    KEPT = "kept"
    BROKEN = "broken"
    DELAYED = "delayed"
    SUPERSEDED = "superseded"


# Which outcome wins when one sentence, or one story, reports several.
_PRECEDENCE = {Outcome.SUPERSEDED: 4, Outcome.DELAYED: 3, Outcome.BROKEN: 2, Outcome.KEPT: 1}


@dataclass(frozen=True)
class TrackedPledge:
    """A stored pledge the tracker follows: the analysis's Pledge, where and when it was reported, its actors.

    `id` is the caller's stable id (a storage row id, say). `actors` are the pledge's actors folded through the
    alias table (principal first); `track()` fills them. `kept`: the report in force says it was kept, so a story
    taking that report back ("withdrew its claim that the bridge had reopened") reports a breach.
    """

    id: str
    pledge: Pledge
    published: date
    source: str = ""
    actors: tuple[Actor, ...] = ()
    kept: bool = False


@dataclass(frozen=True)
class Story:
    """A later story as the linker reads it. `analysis` (optional) lends its quotes' speakers to their words."""

    source: str
    published: date
    title: str
    text: str
    analysis: Analysis | None = None


@dataclass(frozen=True)
class FollowUp:
    """A later story's report on a pledge: the outcome, the sentence that says so, and why it was linked.

    `new_due` is the new deadline a delay names, where the sentence gives one a date can be read from.
    """

    pledge_id: str
    outcome: Outcome
    published: date
    source: str
    evidence: str
    reason: str
    score: float
    new_due: date | None = None


def track(
    pledge: Pledge, *, id: str, published: date, source: str = "", table: ActorTable | None = None
) -> TrackedPledge:
    """A pledge ready for tracking: its actor folded through the alias table."""
    table = table or default_table()
    actors = table.fold_all(pledge.actor)
    if not actors:
        fallback = unknown_actor(pledge.actor)
        actors = (fallback,) if fallback else ()
    return TrackedPledge(id=id, pledge=pledge, published=published, source=source, actors=actors)


# -- reading a sentence for an outcome -----------------------------------------------------------------------

_SUPERSEDED = re.compile(
    r"(?<!\bto )\b(?:replac(?:e|es|ed|ing)|supersed(?:e|es|ed|ing)|in place of|instead|in favou?r of)\b", re.I
)
_DELAYED = re.compile(
    r"\b(?:postpon\w*|delay(?:s|ed|ing)?|put off|push(?:es|ed|ing)? back|pushed back|defer(?:s|red|ring)?|"
    r"reschedul\w*|behind schedule|later than (?:planned|promised|expected)|extend(?:s|ed|ing)? the deadline|"
    r"not (?:\w+ ){0,3}as planned|not (?:\w+ ){0,3}before)\b",
    re.I,
)
_BROKEN = re.compile(
    r"\b(?:refus(?:e|es|ed|ing)|ruled out|rules out|ruling out|miss(?:es|ed|ing)|"
    r"reneg\w*|backtrack\w*|went back on|back(?:ed|s)? out|walk(?:ed|s)? away from|"
    r"(?:broke|breaking|broken|breaks) (?:its|his|her|their|a|the) (?:promise|pledge|word|commitment)|"
    r"in breach of|breach(?:es|ed|ing)?|violat\w*|abandon\w*|dropp(?:ed|ing)|scrapp(?:ed|ing)|shelv(?:ed|ing)|"
    r"halt(?:s|ed|ing)|stopp(?:ed|ing)|stops|suspend(?:s|ed|ing)|cancel(?:l?ed|l?ing|s)|revers(?:ed|es|ing)|"
    r"withdr(?:ew|awn|aws?) (?:\w+ ){0,3}from|pull(?:ed|s)? out of)\b",
    re.I,
)
# An opening undone: a commitment to open, reopen, resume or lift something is broken by the thing shut "again"
# ("closed the bridge to freight again, two days after reopening it"). "Again" (or a "re-" verb) says it was open in
# between; without it "closed" is as often the closure the pledge was made to end.
_OPENING = frozenset({"open", "reopen", "resum", "restor", "lift", "unblock"})
_SHUT_AGAIN = re.compile(
    r"\b(?:(?:closed|shut|sealed|blocked)\b(?:\W+\w+){0,8}?\W+(?:again|once more|anew)"
    r"|re-?(?:closed|sealed|imposed))\b",
    re.I,
)
# A negation (or a failure) reports a breach only when what it negates is the commitment: its act ("has not paid",
# "none of the prisoners has been freed"), its keeping ("did not keep its word"), or what it was about ("would not
# send Lobato", "not a single shipment of beef"). "A link that does not cross the border district" or "comments
# that did not reflect the talks" negate something else.
_NEGATION = re.compile(
    r"\b(?:no longer|yet to|fail(?:s|ed|ing)? to|(?:would|will|has|have|had|did|does|do)(?: \w+)? not|won't|"
    r"wouldn't|hasn't|haven't|hadn't|didn't|doesn't|never|not a single|none of)\b",
    re.I,
)
_NEGATED_WORDS = 6  # how far after a negation the negated act or thing may be named
_KEEPING = re.compile(
    r"\b(?:keep|kept|honou?r\w*|fulfil\w*|deliver(?:ed)? on|meet|met|implement\w*|carr(?:y|ied) out|"
    r"follow(?:ed)? through|make good|made good|live up)\b",
    re.I,
)
# Verbs of stopping: when stopping was the promise, not doing something is keeping it ("halt new tariffs" ... "will
# not impose new tariffs"); only its own verb negated ("has not halted") or its keeping is a breach.
_STOPPING = frozenset({"halt", "stop", "suspend", "freez", "ceas", "refrain", "paus", "end"})
_COMPLETED = re.compile(
    r"\b(?:complet(?:ed|es|ing|e)|finish(?:ed|es|ing)|fulfil(?:l?ed|ling|ls|s)?|honou?r(?:ed|ing|s)|"
    r"made good on|kept (?:its|his|her|their) (?:promise|pledge|word|commitment)|carried out|followed through|"
    r"came into force|entered into force|took effect)\b",
    re.I,
)
# Words that restate a pledge rather than report on it.
_RESTATED = re.compile(
    r"\b(?:reaffirm\w*|reiterat\w*|repeat(?:s|ed|ing)?|restat\w*|renew(?:s|ed|ing)? (?:its|his|her|their) "
    r"(?:promise|pledge|commitment)|stood by|stands by)\b",
    re.I,
)
# A sentence that looks forward: only then is a later date a new deadline rather than a date in passing.
_FORWARD = re.compile(
    r"\b(?:will|would|shall|now expects?|expects?|expected|is to|are to|new date|take effect|takes effect)\b", re.I
)
_WEEKDAY_ONLY = re.compile(r"(?:on |by |until |from )?(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.I)
_MODAL_BEFORE = frozenset(
    "will would to could may might should must shall can cannot plans planned expects expected".split()
)
_PERFECT_BEFORE = frozenset("has have had was were been is are".split())
# Words after which a past form describes a thing ("of enriched uranium", "the agreed text") rather than reports.
_ATTRIBUTIVE_BEFORE = frozenset("of the a an its their his her our with for from".split())
# Words ending in -ed that are no past form ("expected" is one, but looks ahead: "now expected in July").
_NOT_PAST = frozenset("need indeed expected scheduled planned proposed".split())
_SAYING = frozenset("said announced added stated confirmed declared replied insisted warned noted told".split())
_PAST_FORMS = frozenset(IRREGULAR)
# Nouns after a demonym that make the demonym an agent ("Russian authorities", "Meridian units").
_AGENT_NOUNS = frozenset(
    """
    authorities authority officials official government forces troops units soldiers army navy military police
    coast guard ministry bank court courts parliament president minister leader leaders diplomats negotiators
    embassy customs state state-owned side delegation regulators agency leadership administration cabinet
    board council
    """.split()
)
_POSSESSED_WORDS = 3  # how far after a possessive ("Meridia's defence ministry") its agent noun may come


@dataclass(frozen=True)
class _Sentence:
    text: str  # as written, for the evidence
    readable: str  # dateline removed
    plain: str  # readable, accents removed, for reading
    mentions: tuple[Mention, ...]
    speakers: tuple[Actor, ...]  # who says it, when it is a quote
    agents: tuple[Mention, ...] = ()  # the mentions that can name who acted (`_agent_mentions`), read once

    @cached_property
    def terms(self) -> tuple[Term, ...]:
        """Read only for a sentence that names a pledge's actor: most sentences of a story name none."""
        return tuple(terms(self.readable))

    @cached_property
    def term_index(self) -> TermIndex:
        """Its terms' keys and names, built once however many pledges it is compared with."""
        return index_terms(self.terms)

    @cached_property
    def actor_keys(self) -> frozenset[str]:
        """The relation keys of the actors it names as acting or speaking (`ActorTable.relation_keys`)."""
        return ActorTable.relation_keys([*(m.actor for m in self.agents), *self.speakers])


@dataclass(frozen=True)
class _Family:
    """Verbs that report the same act done: a commitment led by one of `verbs` is reported kept by `done`."""

    verbs: frozenset[str]  # stems
    done: re.Pattern[str]


# Each family earns its place by a development chain it links (benchmarks/linking/dev).
_FAMILIES = (
    # people or property given up: "freed the sailors", "handed the ship back", "handed over the prisoners"
    _Family(
        frozenset({"releas", "free", "return"}),
        re.compile(r"\b(?:released|freed|returned|handed\s+(?:\S+\s+){0,4}?(?:over|back))\b", re.I),
    ),
    # goods sent: the shipment "docked" or "arrived"
    _Family(
        frozenset({"send", "deliv", "ship"}),
        re.compile(r"\b(?:sent|delivered|shipped|arrived|docked)\b", re.I),
    ),
    # an appointment: "named X as its envoy"
    _Family(frozenset({"appoint", "name", "nomin"}), re.compile(r"\b(?:appointed|named|nominated)\b", re.I)),
    # something abolished: "the levy is gone"
    _Family(
        frozenset({"abolish", "scrap"}),
        re.compile(r"\b(?:abolished|scrapped|(?:is|was|are|were|now) gone)\b", re.I),
    ),
)


def _hedged(sentence: str, at: int) -> bool:
    """Whether the words just before position `at` make what follows a plan, a hope, a negation, a supposition or
    a denial."""
    before = [w.casefold() for w in re.findall(r"[A-Za-z']+", sentence[:at])[-3:]]
    return any(b in _MODAL_BEFORE or b in {"not", "never", "no"} for b in before) or _supposed(sentence, at)


# A clause opened by one of these supposes or asks, it reports nothing: "the deal could collapse if Durnia failed to
# pay", "asked whether Kestria had abandoned the plan", "unless Valdonia pays".
_SUPPOSING = re.compile(r"\b(?:if|unless|whether|lest|in case|in the event)\b", re.I)
_CLAUSE_END = re.compile(r"[,;:()\u2014\u2013]|\s-\s")
_SUPPOSED_WORDS = 10  # how far back in its clause a supposition still governs a word


# What an actor denies is not reported done: "denied reports that it had reopened the crossing", "dismissed claims
# that it had abandoned the plan"; nor what it takes back ("withdrew its claim that the crossing had reopened").
_RETRACTING = (r"(?:withdr(?:ew|aws?|awn|awing)|retract(?:s|ed|ing)?|correct(?:s|ed|ing)) (?:its |his |her |their "
               r"|the |an |a |earlier |own )*(?:claims?|reports?|statements?|announcements?)")
_DENYING = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|(?:dismiss|reject)(?:s|es|ed|ing)? (?:the )?(?:reports?|claims?|suggestions?|"
    rf"rumou?rs?|allegations?)|{_RETRACTING})\b",
    re.I,
)
_RETRACTED = re.compile(rf"\b{_RETRACTING}\b", re.I)


def _supposed(sentence: str, at: int) -> bool:
    """Whether the word at `at` sits in a conditional clause, an indirect question or a denial (within its clause,
    at most ten words back): an outcome there is imagined, asked about or denied, not reported."""
    clause = _CLAUSE_END.split(sentence[:at])[-1]
    words = " ".join(re.findall(r"[A-Za-z']+", clause)[-_SUPPOSED_WORDS:])
    return bool(_SUPPOSING.search(words) or _DENYING.search(words))


def _own_verb_done(sentence: str, commitment: Sequence[Term]) -> str | None:
    """The words reporting the commitment done in `sentence`, if any: one of its own words in a past or perfect
    form ("visited" for "let inspectors visit"), or a result its verb's family names ("freed" for "release")."""
    verb = commitment[0] if commitment and commitment[0].kind == "word" else None
    if verb is not None:
        for family in _FAMILIES:
            if stem(verb.text.casefold()) in family.verbs:
                for match in family.done.finditer(sentence):
                    if not _hedged(sentence, match.start()):
                        return match.group()
    # Words already in a past form in the commitment ("enrichment needed for weapons") report nothing when repeated.
    own = {
        key for t in commitment if t.kind == "word" and not _past_form(t.text.casefold()) for key in t.keys
    }
    for start, written, keys in _keyed_words(sentence):
        if not keys & own or _hedged(sentence, start):
            continue
        lower = written.casefold()
        before = [w.casefold() for w in re.findall(r"[A-Za-z']+", sentence[:start])[-2:]]
        if before and before[-1] in _ATTRIBUTIVE_BEFORE:
            continue  # "a stockpile of enriched uranium": a past form describing a thing, not reporting an act
        if lower.endswith("ed") or lower in _PAST_FORMS or any(b in _PERFECT_BEFORE for b in before):
            if _talks_next(sentence[start + len(written):], own):
                continue  # "reopened talks on the crossing": the talks were reopened, not the crossing
            return written
    return None


# What a verb can have reopened, resumed or opened instead of the act itself: talks about it.
_TALKS = frozenset("talks negotiations discussions consultations dialogue contacts".split())


def _talks_next(after: str, own: set[str]) -> bool:
    """Whether the verb's object, the word right after it, is talks the commitment does not name."""
    first = re.match(r"\s+([A-Za-z]+)", after)
    return bool(first and first.group(1).casefold() in _TALKS and not keys_of(first.group(1).casefold()) & own)


@lru_cache(maxsize=4096)
def _keyed_words(sentence: str) -> tuple[tuple[int, str, frozenset[str]], ...]:
    """The sentence's words with where they start and their comparison keys, read once per sentence."""
    return tuple((m.start(), m.group(), keys_of(m.group().casefold()))
                 for m in re.finditer(r"[A-Za-z][\w'’-]*", sentence))


def _negates_the_commitment(after: str, commitment: Sequence[Term]) -> bool:
    """Whether the words after a negation name the commitment: its keeping, its verb (or a result its verb's family
    names), or another of its terms (not for a promise to stop, where not doing is keeping)."""
    words = re.findall(r"[A-Za-z][\w'’-]*", after)[:_NEGATED_WORDS]
    near = " ".join(words)
    if _KEEPING.search(near):
        return True
    verb = commitment[0] if commitment and commitment[0].kind == "word" else None
    if verb is not None:
        if any(keys_of(word.casefold()) & verb.keys for word in words):
            return True
        if any(stem(verb.text.casefold()) in family.verbs and family.done.search(near) for family in _FAMILIES):
            return True
        if stem(verb.text.casefold()) in _STOPPING:
            return False
    others = {key for term in commitment if term is not verb for key in term.keys}
    return any(keys_of(word.casefold()) & others for word in words)


def _outcomes(sentence: str, commitment: Sequence[Term], *, kept: bool = False) -> list[tuple[Outcome, str]]:
    """Every outcome `sentence` reports for `commitment`, each with the words that say so. Of a pledge reported
    `kept`, a report of it done taken back ("withdrew its claim that the crossing had reopened") is a breach."""
    verb = commitment[0] if commitment and commitment[0].kind == "word" else None
    found: list[tuple[Outcome, str]] = []
    if kept and (taken_back := _RETRACTED.search(sentence)):
        rest = sentence[taken_back.end():]
        if _COMPLETED.search(rest) or _own_verb_done(rest, commitment):
            found.append((Outcome.BROKEN, taken_back.group()))
    if matches := _reported(_SUPERSEDED, sentence):
        found.append((Outcome.SUPERSEDED, matches[0][1]))
    if matches := _reported(_DELAYED, sentence):
        found.append((Outcome.DELAYED, matches[0][1]))
    if verb is not None and stem(verb.text.casefold()) in _OPENING and (undone := _reported(_SHUT_AGAIN, sentence)):
        found.append((Outcome.BROKEN, undone[0][1]))
    for _end, words in _reported(_BROKEN, sentence):
        # A stop-word is no breach when stopping is what was promised ("halt tests" ... "halted tests").
        word = words.split()[0].casefold()
        if verb is not None and keys_of(word) & verb.keys:
            continue
        found.append((Outcome.BROKEN, words))
        break
    else:
        for end, words in _reported(_NEGATION, sentence):
            if _negates_the_commitment(sentence[end:], commitment):
                found.append((Outcome.BROKEN, words))
                break
    if matches := _reported(_COMPLETED, sentence):
        found.append((Outcome.KEPT, matches[0][1]))
    elif done := _own_verb_done(sentence, commitment):
        found.append((Outcome.KEPT, done))
    return found


@lru_cache(maxsize=16384)
def _reported(pattern: re.Pattern[str], sentence: str) -> tuple[tuple[int, str], ...]:
    """Where `pattern` matches in `sentence` outside a supposition: (end, words) each. Cached: a sentence is read
    against every pledge of the actors it names."""
    return tuple((m.end(), m.group()) for m in pattern.finditer(sentence) if not _supposed(sentence, m.start()))


def _later_date(sentence: str, published: date, due: date | None) -> tuple[str, date | None] | None:
    """A time the sentence names for the commitment that is later than its deadline: a delay in other words
    ("now expects it to take effect on July 1" for a pledge due January 1). Returns the words and the date."""
    if due is None or not _FORWARD.search(sentence):
        return None
    when = find_deadline(sentence)
    if when and _WEEKDAY_ONLY.fullmatch(when.strip()):
        when = None
    if when and _in_the_past(sentence, when):
        when = None
    resolved = resolve_due(when, published) if when else None
    if when and resolved and resolved > due + timedelta(days=7):
        return when, resolved
    for match in re.finditer(r"\b(?:until|by|in|of|before)\s+(?:\w+\s+){0,3}?((?:19|20)\d\d)\b", sentence):
        if int(match.group(1)) > due.year:
            return match.group(), None
    return None


def _past_form(word: str) -> bool:
    return word in _PAST_FORMS or (word.endswith("ed") and word not in _NOT_PAST)


def _in_the_past(sentence: str, when: str) -> bool:
    """Whether the time `when` is told of something done ("talks that fell apart in May"): a past form of a verb
    among the three words before it. A new deadline follows what will happen ("now expected in July")."""
    at = sentence.find(when)
    if at < 0:
        return False
    before = [w.casefold() for w in re.findall(r"[A-Za-z']+", sentence[:at])[-3:]]
    return any(_past_form(w) for w in before)


# -- the actor ----------------------------------------------------------------------------------------------


def _agent_mentions(sentence: str, mentions: Iterable[Mention]) -> list[Mention]:
    """Mentions that can name who acted: names, demonyms before an agent noun, and possessives before a body of
    the owner's ("Meridia's defence ministry", "Britain's Foreign Office"), not before a thing of the owner's
    ("Velmora's first power link", "Iran's nuclear activities"), which is what the sentence is about."""
    kept = []
    for mention in mentions:
        if mention.adjective:
            after = re.match(r"[\s-]*([\w-]+)", sentence[mention.end :])
            if not after or after.group(1).casefold() not in _AGENT_NOUNS:
                continue
        elif mention.possessive and not _owns_an_agent(sentence[mention.end :]):
            continue
        if not mention.possessive and _object_of_a_verb(sentence[: mention.start]):
            continue
        kept.append(mention)
    return kept


def _object_of_a_verb(before: str) -> bool:
    """Whether a name comes right after a verb in a past form, as what was done to ("had handed Iran a windfall",
    "accused Beijing of"), not by. A verb of saying may come before its speaker ("..., said Moscow"); a possessive
    after a verb is left to the caller ("visited Iran's enrichment site" reports what Iran let happen)."""
    words = re.findall(r"[A-Za-z']+", before)
    if not words:
        return False
    last = words[-1].casefold()
    return _past_form(last) and last not in _SAYING


def _owns_an_agent(after: str) -> bool:
    """Whether the words after a possessive name a body that acts: an agent noun within three words, or a name
    (a capitalised word: "Senate", "Foreign Office", a person's name)."""
    words = re.findall(r"[\w-]+", after)[:_POSSESSED_WORDS]
    return any(word.casefold() in _AGENT_NOUNS for word in words) or bool(words and words[0][:1].isupper())


def _actor_named(pledge: TrackedPledge, sentence: _Sentence, table: ActorTable) -> Actor | None:
    """The pledge's actor as the sentence names it (or as its speaker), or None."""
    for mention in sentence.agents:
        for actor in pledge.actors:
            if table.related(mention.actor, actor):
                return mention.actor
    for speaker in sentence.speakers:
        for actor in pledge.actors:
            if table.related(speaker, actor):
                return speaker
    return None


# -- linking ------------------------------------------------------------------------------------------------


def _sentences(story: Story, table: ActorTable, extra: Sequence[Actor]) -> list[_Sentence]:
    quotes = story.analysis.quotes if story.analysis else []
    folded: dict[str, tuple[Actor, ...]] = {}  # a speaker's name, folded once per story
    found = []
    first = True
    for paragraph in split_paragraphs(story.text):
        for text in split_sentences(paragraph):
            readable = strip_dateline(text) if first else text
            first = False
            speakers: list[Actor] = []
            for quote in quotes:
                if quote.speaker and quote.text and (quote.text in text or text.strip(' "“”') in quote.text):
                    if quote.speaker not in folded:
                        folded[quote.speaker] = table.fold_all(quote.speaker)
                    speakers.extend(folded[quote.speaker])
            mentions = tuple(table.find(readable, extra))
            flat = plain(readable)
            agents = tuple(_agent_mentions(flat, mentions))
            found.append(
                _Sentence(
                    text=text,
                    readable=readable,
                    plain=flat,
                    mentions=mentions,
                    speakers=tuple(speakers),
                    agents=agents,
                )
            )
    return found


@lru_cache(maxsize=4096)
def _commitment_terms(pledge: TrackedPledge) -> tuple[Term, ...]:
    """The commitment's terms, without the names of the actor and of those it speaks for ("Moscow would release
    ..." -> release ...; Donald Trump's "terminating the North American Free Trade Agreement" -> terminating, North,
    Free, Trade, Agreement: "American" names his country, not the commitment)."""
    own: set[str] = set()
    table = default_table()
    for actor in pledge.actors:
        related = [actor, *(a for a in (table.get(actor.of),) if a is not None)] if actor.of else [actor]
        for each in related:
            for name in (each.name, *each.aliases, *each.adjectives):
                own.update(normalize(name).split())
    own -= {"the"}
    commitment = re.sub(r"^.*?\b(?:would|will|is to|are to)\s+", "", pledge.pledge.commitment)
    return tuple(terms(commitment, leave_out=own))


# The party a commitment is made with: "sign a treaty with Kestria". ("to" names a destination or a thing as often
# as a party: "move the embassy to Jerusalem", "return to the Paris Agreement".)
_PARTY = re.compile(r"\bwith\s+(?:the\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")


def _another_party(commitment: str, sentence: _Sentence, table: ActorTable) -> bool:
    """Whether the sentence reports the same kind of act with a different party: a treaty signed with Norvik says
    nothing of one promised with Kestria. True when the commitment names a party after "with", the sentence names
    another after "with", and the commitment's party (or another name for it) is not in the sentence."""
    others = _parties(sentence.plain)
    if not others:
        return False
    for name in _parties(commitment):
        if _names_party(sentence, name, table):
            continue
        if not any(_same_party(name, other, table) for other in others):
            return True
    return False


@lru_cache(maxsize=16384)
def _parties(text: str) -> tuple[str, ...]:
    """The names after "with" in `text`."""
    return tuple(_PARTY.findall(text))


def _name_stem(name: str) -> str:
    """The first word of a name, folded, less its last letter ("kestri" for Kestria, so Kestrian matches);
    empty for a word under four letters, too short to tell."""
    words = normalize(name).split()
    return words[0][:-1] if words and len(words[0]) >= 4 else ""


def _names_party(sentence: _Sentence, name: str, table: ActorTable) -> bool:
    """Whether the sentence names the party `name`: its words, a word derived from it, or another name for it."""
    stem = _name_stem(name)
    if stem and stem in sentence.plain.casefold():
        return True
    actors = table.fold_all(name)
    return any(table.related(m.actor, a) for m in sentence.mentions for a in actors)


def _same_party(a: str, b: str, table: ActorTable) -> bool:
    stem = _name_stem(a)
    if stem and normalize(b).startswith(stem):
        return True
    return any(table.related(x, y) for x in table.fold_all(a) for y in table.fold_all(b))


def followed_until(pledge: TrackedPledge) -> date:
    """The last day a later story can report on `pledge`."""
    due = pledge.pledge.due
    return max(pledge.published + FOLLOWED_FOR, due + FOLLOWED_PAST_DUE if due else date.min)


def link_story(
    pledges: Iterable[TrackedPledge], story: Story, table: ActorTable | None = None
) -> list[FollowUp]:
    """The follow-ups `story` reports, at most one per pledge, in the order of `pledges`."""
    table = table or default_table()
    candidates = [
        p for p in pledges
        if p.actors and p.published <= story.published <= followed_until(p)
        and (not p.source or p.source != story.source)
    ]
    if not candidates:
        return []
    extra = list({a.key: a for p in candidates for a in p.actors if not a.known}.values())
    sentences = _sentences(story, table, extra)
    # Only pledges whose actor the story names as an agent somewhere can link: the rest are skipped unread.
    named: dict[str, Actor] = {}
    for sentence in sentences:
        for mention in sentence.agents:
            named.setdefault(mention.actor.key, mention.actor)
        for speaker in sentence.speakers:
            named.setdefault(speaker.key, speaker)
    follow_ups = []
    for pledge in candidates:
        if not any(table.related(actor, other) for actor in pledge.actors for other in named.values()):
            continue
        best = _best_follow_up(pledge, story, sentences, table)
        if best is not None:
            follow_ups.append(best)
    return follow_ups


def _best_follow_up(
    pledge: TrackedPledge, story: Story, sentences: Sequence[_Sentence], table: ActorTable
) -> FollowUp | None:
    commitment = _commitment_terms(pledge)
    if not commitment:
        return None
    best: tuple[int, float, FollowUp] | None = None
    keys = ActorTable.relation_keys(pledge.actors)
    for sentence in sentences:
        if keys.isdisjoint(sentence.actor_keys):
            continue  # no actor there can be related to the pledge's (the check below, done cheaply)
        named = _actor_named(pledge, sentence, table)
        if named is None:
            continue
        cover = overlap_index(commitment, sentence.term_index)
        if cover.score < MIN_OVERLAP or cover.objects < 1 or len(cover.matched) < 2:
            continue
        if _another_party(pledge.pledge.commitment, sentence, table):
            continue
        outcomes = _outcomes(sentence.plain, commitment, kept=pledge.kept)
        later = None if outcomes else _later_date(sentence.plain, story.published, pledge.pledge.due)
        if later is not None:
            outcomes.append((Outcome.DELAYED, later[0]))
        if not outcomes:
            continue
        outcome, cue = max(outcomes, key=lambda pair: _PRECEDENCE[pair[0]])
        if outcome is Outcome.KEPT and _RESTATED.search(sentence.plain) and not _COMPLETED.search(sentence.plain):
            continue
        if outcome is Outcome.KEPT and _PART_DONE.search(sentence.plain):
            continue  # "freed ten of the forty": a part kept is not the pledge kept (nor broken: more may follow)
        if outcome is Outcome.BROKEN and _not_yet_in_time(sentence.plain, cue, pledge.pledge.due, story.published):
            continue
        new_due = None
        if outcome is Outcome.DELAYED:
            new_due = later[1] if later is not None else _new_due(sentence.plain, story.published)
        shared = ", ".join(t.text for t in cover.matched)
        follow_up = FollowUp(
            pledge_id=pledge.id,
            outcome=outcome,
            published=story.published,
            source=story.source,
            evidence=sentence.text,
            reason=f"{named.name} named; {outcome.value}: “{cue}”; shares {shared} ({cover.score:.2f})",
            score=cover.score,
            new_due=new_due,
        )
        rank = (_PRECEDENCE[outcome], cover.score)
        if best is None or rank > best[:2]:
            best = (rank[0], rank[1], follow_up)
    return best[2] if best else None


# A part of what was promised done: "partially released", "some of the", "ten of the forty" (a count out of a
# whole; "all 40 of the" is the whole). Not "as part of the deal", "some of whom", "partly because".
_NUMBER_WORD = r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|" \
    r"forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|dozens)"
_PART_DONE = re.compile(
    r"\b(?:(?:partially|partly) \w+(?:ed|en)\b|"
    r"(?:some|half|a few|a third|a quarter) of (?:the|its|their|those|these)\b|"
    rf"(?<!\ball ){_NUMBER_WORD} of (?:the|its|their|those|these) {_NUMBER_WORD}\b)",
    re.I,
)
_NOT_YET = re.compile(r"\b(?:not|n't) (?:\w+ )?yet\b|\byet to\b", re.I)


# A negated present perfect says what is not done so far, as "not yet" does: "has not reopened", "has still not".
_PERFECT_NOT = re.compile(r"(?:has|have)(?: \w+)? not|hasn't|haven't", re.I)


def _not_yet_in_time(sentence: str, cue: str, due: date | None, published: date) -> bool:
    """Whether a breach read from a negation is only "not yet" done while there is time: "has not yet reopened"
    before the deadline (or with none) says the pledge is still open; past the deadline it is missed. "Has not
    reopened" says the same before a deadline (with none it stays a breach, as it read before: nothing says the
    actor still means to); "did not" and "will not" are breaches whenever they come."""
    if not _NEGATION.fullmatch(cue):
        return False
    if _NOT_YET.search(sentence):
        return due is None or published <= due
    return bool(_PERFECT_NOT.fullmatch(cue) and due is not None and published <= due)


def _new_due(sentence: str, published: date) -> date | None:
    """The later date a delay names, if a deadline in the sentence resolves to one after publication."""
    when = find_deadline(sentence)
    due = resolve_due(when, published) if when else None
    return due if due and due > published else None


# -- one pledge, many reports -------------------------------------------------------------------------------


def pledge_key(pledge: Pledge, table: ActorTable | None = None) -> str:
    """A key two reports of one pledge share when they word it alike: actor, commitment stems, deadline.

    Outlets that copy a wire story give the same key; paraphrases need `same_pledge`.
    """
    table = table or default_table()
    actor = table.fold(pledge.actor)
    who = actor.key if actor else normalize(pledge.actor)
    stems = {stem(t.text.casefold()) if t.kind != "number" else t.text for t in terms(pledge.commitment)}
    what = " ".join(sorted(stems))
    return f"{who}|{what}|{pledge.due.isoformat() if pledge.due else ''}"


def same_pledge(a: TrackedPledge, b: TrackedPledge, table: ActorTable | None = None) -> bool:
    """Whether two tracked pledges are one commitment reported twice (by two outlets, or twice in one story).

    Same or related actor; every term of the shorter commitment beyond its verb found in the longer one (outlets
    say "send" or "deliver", never "ambulances" for "doctors"; one participle saying a shared term's people are
    held may be another, "fishermen held" for "fishermen detained"), which covers at least half of it; and deadlines
    within a week of each other (outlets resolve "next week" from different days), or one without a deadline.
    """
    table = table or default_table()
    if not any(table.related(x, y) for x in a.actors for y in b.actors):
        return False
    if a.pledge.due and b.pledge.due and abs(a.pledge.due - b.pledge.due) > timedelta(days=7):
        return False
    shorter, longer = sorted((_commitment_terms(a), _commitment_terms(b)), key=len)
    if not shorter:
        return False
    verb = shorter[0] if shorter[0].kind == "word" else None
    missing = [t for t in overlap(shorter, longer).missing if t is not verb]
    if missing and not (len(missing) == 1 and _participle_swapped(missing[0], shorter, longer)):
        return False
    return overlap(longer, shorter).score >= 0.5


def restated_later(first: TrackedPledge, later: TrackedPledge, table: ActorTable | None = None) -> bool:
    """Whether `later`, a pledge of a later story, is `first` restated with its deadline put back: the same
    commitment by the same actor (as `same_pledge` reads them), dated more than a week after `first`'s deadline.
    An actor that "promised on Wednesday to open the port by December 15" after pledging "by November 20" has
    moved its deadline, as "now expects to open it on December 15" does; the tracker reads it as a delay of the
    first pledge, not as a second pledge that leaves the first to fall overdue."""
    if not (first.pledge.due and later.pledge.due and later.published > first.published):
        return False
    if first.source and first.source == later.source:
        return False
    if later.pledge.due - first.pledge.due <= timedelta(days=7) or not _NAMES_A_DATE.search(later.pledge.when or ""):
        return False
    as_dated = replace(later, pledge=replace(later.pledge, due=first.pledge.due))
    return same_pledge(first, as_dated, table)


# A deadline that names its date ("by December 15", "by 1 September", "by 12/15"): a restatement that names one
# says when the act is due now. A span ("within a month", "next week") is counted from the day of the story that
# words it, so a later story recalling the pledge lands it later without anything having moved.
_NAMES_A_DATE = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b|\b\d{1,4}[/.-]\d{1,2}\b",
    re.I,
)


def restated_in_the_same_words(first: TrackedPledge, later: TrackedPledge, table: ActorTable | None = None) -> bool:
    """Whether `later`, a pledge of a later story, is `first` recalled with its deadline in the same words ("within
    a month", counted from the later story's day): the same pledge, one more report of it, though the dates the
    two stories' days give differ by more than the week `same_pledge` allows."""
    if not (first.pledge.due and later.pledge.due and first.pledge.when and later.pledge.when):
        return False
    if later.published <= first.published or (first.source and first.source == later.source):
        return False
    if " ".join(first.pledge.when.casefold().split()) != " ".join(later.pledge.when.casefold().split()):
        return False
    as_dated = replace(later, pledge=replace(later.pledge, due=first.pledge.due))
    return same_pledge(first, as_dated, table)


# Past participles that say one state of the people they describe, the words a restatement swaps for one another:
# held captive. Other participles tell groups apart ("dockers dismissed" and "dockers hired", "projects approved"
# and "projects rejected", "homes destroyed" and "homes damaged" are two pledges).
_HELD = frozenset("held detained jailed imprisoned interned captured abducted kidnapped".split())


def _held(term: Term) -> bool:
    """A participle saying the people are held: "detained", "held"."""
    return term.kind == "word" and term.text.casefold() in _HELD


def _participle_swapped(term: Term, shorter: Sequence[Term], longer: Sequence[Term]) -> bool:
    """Whether `term`, of `shorter`, is a participle after a term both share, where `longer` has another
    participle of its own that says the same state: "the 40 fishermen detained in Port Aurel" and "the forty
    fishermen held in Port Aurel" describe the same men, as a restatement words them anew. Every other term must
    still be shared."""
    at = shorter.index(term)
    if not _held(term) or at == 0:
        return False
    before = shorter[at - 1].keys
    for i, other in enumerate(longer[:-1]):
        if other.keys & before:
            after = longer[i + 1]
            return _held(after) and not any(after.keys & t.keys for t in shorter)
    return False


def dedupe(pledges: Sequence[TrackedPledge], table: ActorTable | None = None) -> list[tuple[TrackedPledge, ...]]:
    """Group reports of one pledge; each group's first member is its earliest report (the one to track)."""
    table = table or default_table()
    groups: list[list[TrackedPledge]] = []
    for pledge in sorted(pledges, key=lambda p: p.published):
        for group in groups:
            if same_pledge(group[0], pledge, table):
                group.append(pledge)
                break
        else:
            groups.append([pledge])
    return [tuple(group) for group in groups]
