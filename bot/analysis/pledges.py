"""Pledges: who committed to what, by when.

A pledge is an explicit commitment by an identifiable actor: a commitment verb ("pledged to", "agreed to",
"undertook to", "vowed", "promised", "assured", "guaranteed", "committed to"), a commitment affirmed
("reaffirmed its commitment to", "has that commitment"), or a firm future action announced by the actor's
side ("announced he would terminate", "the deal will see Mexico deploy", "the IMF is to look at").
A reported pledge keeps the actor who committed ("Lavrov said the US side had undertaken to ...": the US side).

Not pledges: predictions and hopes ("likely to meet", "hoped ... would"), meeting schedules ("will meet in
July", "is scheduled to attend"), threats ("warned tariffs will rise"), demands ("urged", "must", "insisted
... should"), doubts and conditions written before the commitment ("whether Mexico has pledged"), and
commitments denied ("refused to", "stopped short of").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date

from bot.analysis.deadlines import find_deadline, resolve_due
from bot.analysis.entities import PREPOSITIONS, Entity, Registry, parse_phrase
from bot.analysis.lexicon import ADVERBS, AUXILIARIES, INSTITUTION_HEADS, NOT_NAMES, PRONOUNS
from bot.analysis.model import Pledge
from bot.analysis.quotes import QuoteReader, SentenceContext, _is_np_word, attribution_before
from bot.analysis.sentences import sentence_spans

_COMMIT_VERB = re.compile(
    r"\b(?:pledged?|pledges|promised?|promises|vowed?|vows|undert(?:ook|aken|akes?)|(?:re-?)?commit(?:ted|s)?|"
    r"guaranteed?|guarantees|assured?|assures|agreed|agrees?|accepted (?:an|the|\w+['’]s) invitation)\b"
    r"(?P<tail>.*)",
    re.IGNORECASE,
)
_AFFIRMED_COMMITMENT = re.compile(
    r"\b(?:(?:re)?affirm(?:ed|s)?|renew(?:ed|s)?|restat(?:ed|es)|reiterat(?:ed|es)|ha(?:s|ve|d)|made|make|gave|give|"
    r"stands? (?:firmly )?(?:behind|by)|not (?:deter|weaken|diminish|change|alter|shake))"
    r"\s+(?:the |a |an |that |its |his |her |their |our |\w+['’]s |firm |strong |clear |full |unwavering |"
    r"ironclad |article \d+ )*(?P<noun>commitment|pledge|undertaking|guarantee)s?\b(?P<tail>.*)",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?P<aux>will|would|shall|is to|are to|was to)\s+[\"“]?(?:(?:also|soon|now|then|still|jointly|\w+ly)\s+)*"
    r"[\"“]?(?P<verb>[a-z][\w-]*)(?P<tail>.*)",
    re.IGNORECASE,
)
_DEAL_SEES = re.compile(
    r"\b(?:deal|agreement|accord|pact|plan|arrangement)\s+(?:will|would)\s+(?:also\s+)?see\s+"
    r"(?P<actor>(?:the\s)?[A-Z][\w.’'-]*(?:\s[A-Z][\w.’'-]*)*)\s+(?:\w+ly\s+)?(?P<verb>[a-z]+)(?P<tail>.*)"
)
_BACKED_PLAN = re.compile(
    r"\b(?:backed|endorsed|approved|adopted)\s+(?:a |the )?(?:new )?(?:plans?|proposals?)\s+to\s+(?P<tail>.*)",
    re.IGNORECASE,
)

# Words before a commitment that make it doubtful, conditional, hoped-for, or a demand.
_HEDGES = re.compile(
    r"\b(?:whether|if|unless|doubts?|doubtful|hoped?|hopes|hoping|likely|unlikely|may|might|could|expects?|"
    r"expected|perhaps|possibly|wants?|wanted|would like|plans?|planned|intends?|intended|aims?|seeks?|"
    r"considering|signall?ed|believes?|thinks?|must|should|needs? to|urged?|urging|called on|demand(?:ed|s)?|when|"
    r"insist(?:ed|s|ing)?|refus(?:ed|es)|declined|stopped short|no major|failed|without|cannot|can't|"
    r"not (?:yet )?(?:confirmed|clear)|unclear|uncertain|question|threat(?:en(?:ed|s)?)?|warn(?:ed|s|ing)?)\b",
    re.IGNORECASE,
)
# Future verbs that describe schedules, states or predictions rather than commitments.
_NOT_ACTIONS = frozenset(
    """
    be been have has get meet visit travel go come arrive attend fly return hold convene gather take remain
    stay need see become happen continue seem appear win lose fall rise increase decrease face likely
    want like hope expect try say tell think know feel find make mean cost depend lead result
    not never
    """.split()
)
_ACTION_PASSIVES = frozenset(
    """
    released announced published sent provided delivered lifted signed implemented expanded deployed
    withdrawn launched opened completed submitted paid transferred returned handed issued freed
    """.split()
)
# Commitments to a value rather than to an action ("committed to peace") are statements of position.
_VALUE_OBJECTS = frozenset(
    "peace democracy dialogue diplomacy stability freedom multilateralism friendship cooperation co-operation "
    "the peace process the alliance".split()
)
_GROUP_WORDS = frozenset(
    "and both sides side two three leaders countries nations ministers party government administration "
    "country team delegation officials allies partners members states parties governments".split()
) | INSTITUTION_HEADS
_DOUBT = re.compile(r"\b(?:doubts?|doubtful|whether|unclear)\b", re.IGNORECASE)
_THREAT_OBJECTS = re.compile(r"\b(?:retaliat\w*|punish\w*|destroy\w*|crush\w*|revenge|strike back)\b", re.I)


@dataclass
class _Candidate:
    actor_phrase: str
    commitment: str
    trigger_end: int


def _clause_end(text: str) -> str:
    """The commitment phrase: the words after the trigger, to the end of their clause, at most 14 words."""
    text = re.split(
        r"[;:]|,\s(?:[\w’'.-]+\s){0,6}?(?:said|says|told|added|reported|announced|according)\b"
        r"|,\s(?:but|while|which|although|though)\b|\s[—–]\s|\.\s*$",
        text,
        maxsplit=1,
    )[0]
    words = text.strip(" ,.\"“”'’").split()
    return " ".join(words[:14]).strip(" ,.\"“”")


def _subject(before: str) -> str | None:
    """The noun phrase right before a verb (skipping auxiliaries and adverbs), e.g. 'the US side'.

    None when the verb is the second of a pair ('met in June and agreed to'): its subject is the sentence's.
    """
    words = before.split()
    if words and words[-1].lower() == "and":
        return None
    while words and words[-1].lower().strip(",") in AUXILIARIES | ADVERBS | {"not", "firmly", "completely"}:
        words.pop()
    if words and words[-1].endswith(","):
        # '..., as she promised her party, ...' or an inserted clause: keep the last comma-free run.
        words[-1] = words[-1].rstrip(",")
    phrase: list[str] = []
    while words and not words[-1].endswith(",") and (_is_np_word(words[-1]) or words[-1].lower() in _GROUP_WORDS):
        phrase.insert(0, words.pop())
    if phrase and phrase[-1].lower() in _GROUP_WORDS and words:
        # "the development bank": modifiers up to the determiner belong to the phrase
        for back in range(1, 4):
            if len(words) >= back and words[-back].lower() in ("the", "its", "their", "his", "her"):
                phrase = words[-back:] + phrase
                del words[-back:]
                break
    if words and words[-1].lower() in PREPOSITIONS:
        return None  # "the removal of Bolton would ...": the name is not the subject
    while phrase and phrase[0].lower() in NOT_NAMES - PRONOUNS - {"the", "a", "an", "both", "one", "two", "his", "her", "their", "its"}:
        phrase.pop(0)
    if not phrase:
        return None
    return " ".join(phrase).strip(" ,\"“”")


def _hedged(before: str) -> bool:
    """A doubt, condition, hope or demand in the clause that leads to the commitment."""
    clause = re.split(r"[,;]\s|\b(?:said|says|told|added|announced|replied|that)\b", before)[-1]
    return bool(_HEDGES.search(clause[-80:]))


def _conditional(sentence: str) -> bool:
    """A sentence that opens with a condition ('If May fails ..., Britain will leave')."""
    return bool(re.match(r"\W*(?:if|unless|should|in case)\b", sentence, re.IGNORECASE))


def _commit_verb(sentence: str) -> _Candidate | None:
    for match in _COMMIT_VERB.finditer(sentence):
        word = match.group(0)[: len(match.group(0)) - len(match.group("tail"))].lower()
        tail = match.group("tail")
        before = sentence[: match.start()]
        if _hedged(before) or _DOUBT.search(before) or re.search(r"\b(?:not|never|no)\s*$", before, re.I):
            continue
        previous = before.split()[-1].lower() if before.split() else ""
        is_passive_modifier = tail.lstrip().lower().startswith("by ") and previous not in AUXILIARIES
        possessed = re.search(r"\w['’]s?$", previous) is not None  # "Mexico's promised crackdown"
        if is_passive_modifier or possessed or previous in ("the", "a", "an", "its", "his", "her", "their", "our"):
            continue
        if word.endswith("s") and not (_is_np_word(previous) or previous in ADVERBS):
            continue  # "issue written guarantees that ...": a noun, not the verb
        stripped = tail.lstrip(" ,")
        lowered = stripped.lower()
        if word.startswith(("agree", "accepted")):
            if not re.match(r"(?:not )?to\s+[\"“]?(?!the\b|a\b|an\b|its\b|their\b|talks\b)[a-z]+\b(?<!s\b)|that\b|on\b", lowered):
                continue
            if lowered.startswith("on ") and not re.match(r"on (?:a|the) (?:plan|deal|package|ceasefire|timetable)", lowered):
                continue
            if lowered.startswith("that") and not re.search(r"\b(?:would|will|shall|to)\b", lowered.split(",")[0]):
                continue  # "agreed that more work was needed": an opinion shared, not a commitment
        if word.startswith(("commit", "re-commit", "recommit")):
            obj = re.sub(r"^(?:themselves |itself |himself |herself |ourselves )?to\s+", "", lowered)
            obj = re.split(r"[.,;:\"”]", obj, maxsplit=1)[0].strip()
            if obj in _VALUE_OBJECTS:
                continue
            if not (lowered.startswith("to") or re.match(r"(?:the |itself |themselves )", lowered) or previous in AUXILIARIES | {"re-committed"}):
                if not lowered.startswith(("the ", "it ", "them ", "us ")):
                    continue
        if _THREAT_OBJECTS.search(stripped[:60]):
            continue
        if previous in ("is", "are", "was", "were") and word in ("assured", "guaranteed"):
            continue
        commitment = re.sub(r"^(?:us|them|him|her|me|reporters|the \w+|[A-Z]\w+)?,? ?(?:to |that )", "", stripped)
        actor = _subject(before)
        return _Candidate(actor or "", _clause_end(commitment), match.end() - len(tail))
    return None


def _affirmed(sentence: str) -> _Candidate | None:
    lowered = sentence.lower()
    if "commitment" not in lowered and "pledge" not in lowered and "undertaking" not in lowered and "guarantee" not in lowered:
        return None
    match = _AFFIRMED_COMMITMENT.search(sentence)
    if not match:
        return None
    before = sentence[: match.start()]
    if re.search(r"\b(?:doubts?|whether|if|no|question|questions|require|requires|required)\b", sentence[: match.start("tail")], re.I):
        return None
    if "not" in match.group(0).lower():
        actor_match = re.search(r"commitment of (?:the )?([A-Z][\w.]*(?: (?:of )?[A-Z][\w.]*)*)", sentence)
        actor = actor_match.group(1) if actor_match else ""
    else:
        actor = _subject(before) or ""
    return _Candidate(actor, _clause_end(match.group(0) + match.group("tail")), match.start())


def _future(sentence: str, in_quote: bool) -> _Candidate | None:
    match = _DEAL_SEES.search(sentence)
    if match:
        return _Candidate(match.group("actor"), _clause_end(match.group("verb") + match.group("tail")), match.start())
    for match in _FUTURE.finditer(sentence):
        before = sentence[: match.start()]
        verb = match.group("verb").lower()
        tail = match.group("tail")
        if _hedged(before) or _HEDGES.search(sentence[match.start() : match.start() + 40].split(",")[0]):
            continue
        if verb == "be":
            passive = re.match(r"\s+[\"“]?(?:\w+ly\s+)?(\w+)", tail)
            participle = passive.group(1).lower() if passive else ""
            if participle.endswith("ing") and participle not in ("being",):
                verb, tail = participle, tail[passive.end() :]
            elif participle in _ACTION_PASSIVES:
                actor = _reporting_subject(before) or _subject(before) or ""
                return _Candidate(actor, _clause_end(participle + tail[passive.end() :]), match.end() - len(tail))
            else:
                continue
        if verb in _NOT_ACTIONS or verb.endswith("ed") or not verb.isalpha():
            continue
        subject = _subject(before)
        if subject and subject.lower() in ("it", "they") and _announced(before[-40:]):
            pass  # "Germany said it will send ...": the speaker announcing its own action
        elif not subject or subject.lower() in ("that", "which", "this", "it", "there", "i"):
            continue
        if in_quote and subject.lower() not in ("we", "i"):
            continue
        if not in_quote and subject.lower() in ("we",):
            continue
        words = subject.split()
        if not (subject.lower() in PRONOUNS or any(w[:1].isupper() for w in words) or words[-1].lower() in _GROUP_WORDS):
            continue
        if match.group("aux").lower() in ("will", "shall") and not in_quote and not _announced(before) and subject.lower() in PRONOUNS:
            continue
        return _Candidate(subject, _clause_end(verb + tail), match.start())
    return None


def _announced(before: str) -> bool:
    return bool(re.search(r"\b(?:said|says|announced|announces|added|told|declared|confirmed|replied)\b", before, re.I))


def _reporting_subject(before: str) -> str | None:
    return attribution_before(before)


def _backed_plan(sentence: str) -> _Candidate | None:
    match = _BACKED_PLAN.search(sentence)
    if not match or _hedged(sentence[: match.start()]):
        return None
    return _Candidate(_subject(sentence[: match.start()]) or "", _clause_end(match.group("tail")), match.start())


def find_commitment(sentence: str, in_quote: bool = False) -> _Candidate | None:
    """The commitment a sentence makes, if it makes one (see the module docstring for what counts)."""
    if _conditional(sentence):
        return None
    sentence = re.sub(r"\s\([^()]{1,40}\)", "", sentence)  # "(IMF)", "(£157bn)": asides between subject and verb
    if in_quote:
        return _affirmed(sentence) or _commit_verb_in_quote(sentence) or _future(sentence, True)
    return _commit_verb(sentence) or _affirmed(sentence) or _backed_plan(sentence) or _future(sentence, False)


def _commit_verb_in_quote(sentence: str) -> _Candidate | None:
    candidate = _commit_verb(sentence)
    if candidate and re.search(r"\b(?:is|are|am|'re|’re) (?:\w+ly )?committed\b|\bassured\b|\bpledged?\b|\bpromised?\b|\bvow(?:ed)?\b|\bundert", sentence, re.I):
        return candidate
    return None


def _in_quote(start: int, spans: list, span_starts: list[int]) -> bool:
    """A sentence that begins inside a quotation (its words are the speaker's, not the reporter's).

    `spans` are sorted by start; only the quote opening last before the sentence can hold it.
    """
    k = bisect_right(span_starts, start + 1) - 1
    return k >= 0 and spans[k].start - 1 <= start < spans[k].end


def _actor_name(phrase: str, registry: Registry, own: Entity | None) -> str:
    """The actor as a reader would name them: pronouns and surnames resolved, titles folded away."""
    phrase = phrase.strip(" ,\"“”")
    lowered = phrase.lower()
    if not phrase or lowered in ("that", "this", "it", "which") and own is not None:
        return own.name if own else ""
    if lowered in ("he", "she", "they", "it", "we", "i"):
        entity = registry.resolve(lowered, own_subject=own) if lowered not in ("we", "i") else own
        return entity.name if entity else phrase
    owner = re.match(r"(his|her|their|its) (.+)", phrase, re.IGNORECASE)
    if owner:
        pronoun = {"his": "he", "her": "she", "their": "they", "its": "it"}[owner.group(1).lower()]
        entity = registry.resolve(pronoun, own_subject=own)
        return f"{entity.name}’s {owner.group(2)}" if entity else phrase
    if re.search(r"\band\b", phrase) or lowered.startswith(("the ", "both ")):
        return phrase
    parsed = parse_phrase(phrase)
    if parsed.name and (parsed.titles or len(parsed.name) == 1):
        entity = registry.resolve(phrase)
        if entity is not None and entity.kind == "person":
            return entity.name
        return " ".join(parsed.name)
    return phrase


def _content_words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]{4,}", text.lower()))


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    """The same commitment reported twice: most of the shorter one's content words are in the other."""
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= 0.6


# A commitment repeated in a story is compared with this many pledges before it (keeps long texts linear).
_RECENT_PLEDGES = 50


class PledgeCollector:
    """Finds pledges while the quote reader walks the article, so both share one view of who is who."""

    def __init__(self, published: date | None) -> None:
        self.published = published
        self.pledges: list[Pledge] = []
        self._paragraph: str | None = None
        self._spans: list[tuple[int, int]] = []
        self._starts: list[int] = []
        self._span_starts: list[int] = []
        self._seen: set[str] = set()
        self._recent: list[frozenset[str]] = []

    def __call__(self, context: SentenceContext) -> None:
        if context.paragraph is not self._paragraph:
            self._paragraph = context.paragraph
            self._spans = sentence_spans(context.paragraph)
            self._starts = [start for start, _ in self._spans]
            self._span_starts = [span.start for span in context.spans]
        first = bisect_left(self._starts, context.start)
        for start, end in self._spans[first : bisect_left(self._starts, context.end)]:
            self._sentence(context, start, end)

    def _sentence(self, context: SentenceContext, start: int, end: int) -> None:
        sentence = context.paragraph[start:end]
        candidate = find_commitment(sentence, _in_quote(start, context.spans, self._span_starts))
        if candidate is None or not candidate.commitment:
            return
        actor = _actor_name(candidate.actor_phrase, context.registry, context.subject)
        key = " ".join(candidate.commitment.lower().split())
        words = _content_words(candidate.commitment)
        if not actor or key in self._seen or any(_similar(words, w) for w in self._recent[-_RECENT_PLEDGES:]):
            return
        self._seen.add(key)
        self._recent.append(words)
        when = find_deadline(sentence, candidate.trigger_end)
        self.pledges.append(Pledge(actor, candidate.commitment, sentence, when, resolve_due(when, self.published)))


def extract_pledges(paragraphs: list[str], published: date | None = None) -> list[Pledge]:
    """The pledges of an article (paragraph strings in order), each with its evidence sentence and deadline."""
    collector = PledgeCollector(published)
    QuoteReader(on_sentence=collector).read(paragraphs)
    return collector.pledges
