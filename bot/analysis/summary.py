"""Extractive summaries, built on sumy's document model, that carry what a diplomatic story is about.

A digest reader wants the story's main decision or commitment, its key quote and the counter-position, in a
few sentences. Stock centrality rankers (LexRank, TextRank) favour long, wordy sentences and miss the lead;
the lead alone misses the commitments further down. So Communiqué's summarizer (a sumy summarizer) rates each
sentence by what news writing signals: its place (the lead carries the story), whether it states a
commitment or decision, whether it carries the other side's answer or a key quote that says something, and how
central its words are (SumBasic-style word frequencies, with sumy's stemmer and stop words). Sentences that are
page debris (bylines, captions, subheadings, "Read more") are never chosen, and a sentence too close to one
already chosen is passed over. A digest of four sentences or more gives the other side's answer even when the
story puts it far down: wire copy often does. Every step is linear in the number of sentences.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers._summarizer import AbstractSummarizer
from sumy.utils import get_stop_words

from bot.analysis import lexicon
from bot.analysis.debris import is_debris

_WORD = re.compile(r"[\w'’-]+")
_STOP_WORDS = frozenset(get_stop_words("english")) | {"said", "says", "told", "would", "also", "mr", "ms"}
_STEMMER = Stemmer("english")

_DECISION = re.compile(
    r"\b(?:agreed|agree|pledged?|promised|vowed|committed|undert(?:ook|aken)|signed|approved|announced|decided|"
    r"backed|rejected|broke off|broken off|suspend(?:ed)?|halt(?:ed)?|extend(?:ed)?|gave|imposed|lifted|"
    r"accepted|refused|declined|deal|agreement|accord|treaty|ceasefire|sanctions?|tariffs?|deadline|"
    r"threatened|urged|demanded|will|would)\b",
    0,
)
# A decision still in doubt is not the story's decision ("whether Mexico has pledged ... is unclear").
_UNSETTLED = re.compile(r"\b(?:unclear|whether|uncertain|doubts?|might|perhaps)\b")
_ATTRIBUTED = re.compile(
    r"\b(?:said|says|told|added|stated|declared|announced|insisted|warned|according to)\b", 0
)
_COUNTER = re.compile(
    r"^(?:but|however|meanwhile|yet)\b|\b(?:denied|denies|rejected|rejects|criticised|criticized|accused|accuses|"
    r"dismissed|disputed|not confirmed|have not confirmed|did not|declined|refused|countered|opposed|"
    r"cannot support|insisted|insists|cautioned|objected|objects|threatened|demanded|urged|"
    r"for (?:its|his|her|their) part|not (?:optimistic|negotiable|bound))\b",
    0,
)
# The other side's answer in so many words: a denial, a rejection, an accusation, an insistence, a refusal.
_ANSWER = re.compile(
    r"\b(?:denied|denies|rejected|rejects|accused|accuses|insisted|insists|dismissed|dismisses|(?<!the )disputed|"
    r"objected|objects|critici[sz]ed|critici[sz]es|defended|defends|countered|cautioned|not confirmed|refused to|"
    r"for (?:its|his|her|their) part|not (?:negotiable|bound|optimistic)|in (?:response|reply)|reacting to|responded|"
    r"regret(?:s|ted)?|denounc(?:ed|es)|condemn(?:ed|s))\b"
)
# Background: what was said or done before the story, or a state that has lasted since ("In 2015 Norland
# threatened ...", "has repeatedly accused", "relations have been cold since"), or a past perfect in the reporter's
# voice ("the allies had warned"). In reported speech ("said the talks had failed") the past perfect is the
# story's own news, so it is not background.
_BACKGROUND = re.compile(
    r"^(?:in \d{4}|since|ahead of|before)\b|"
    r"\b(?:previously|repeatedly|for (?:years|decades|months)|(?:has|have|had) long)\b|"
    r"\b(?:has|have) been\b[^.]*\bsince\b"
)
_PAST_PERFECT = re.compile(r"\bhad (?:\w+ed|been)\b")
_REPORTED = re.compile(r"\b(?:said|says|told|tells|according to|announced|added)\b")
# Silence is not an answer ("declined to comment", "did not immediately respond to requests for comment").
_NO_COMMENT = re.compile(
    r"\b(?:declined to comment|did not (?:immediately )?respond|could not be reached|no immediate comment)\b"
)
# Forecasts by onlookers ("Analysts expect prices to fall ...") are speculation, not the story's facts.
_FORECAST = re.compile(
    r"\b(?:analysts?|economists?|commentators?)\b|"
    r"\bexpect(?:s|ed)? (?:the|a|an|further|more|its|their|them|it|her|him)\b"
)
# Scene-setting: who travelled where, how long a meeting lasted. A digest reader wants what was decided.
_SCENE = re.compile(
    r"\b(?:arrived (?:in|at|back)|landed in|flew (?:in|to|into)|headed (?:for|to)|travell?ed to|lasted|"
    r"met for (?:more than |nearly |almost |about |over )?\w+ (?:hours|days)|dined)\b"
)
# A sentence that opens inside a quote is the speaker's colour more often than the story's substance.
_OPENS_QUOTE = re.compile(r"^[\"“«„]")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """sumy's English stemmer, remembered: news reuses its words, and stemming is the costly step."""
    return _STEMMER(word.lower())


class OfflineTokenizer:
    """The tokenizer interface sumy expects (language, to_sentences, to_words), with no NLTK data."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        from bot.analysis.sentences import split_sentences

        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return _WORD.findall(sentence)


_TOKENIZER = OfflineTokenizer()


# Quote marks: curly and guillemets say which way they face; a straight mark opens after a space or a bracket.
_QUOTE_MARK = re.compile(r"[“«„”»]|\"")
_OPENING_MARKS = frozenset("“«„")


def quote_fragments(paragraph: list[str]) -> list[bool]:
    """For each sentence of a paragraph: is it a piece of a quote whose start is in another sentence?

    A sentence that closes a quote it never opened ('They will pay," she said.') or that sits wholly inside a quote
    opened by the sentence before it has no start of its own: alone in a digest it reads as words from nowhere.
    """
    inside = False
    fragments = []
    for sentence in paragraph:
        starts_inside = inside
        unopened_close = False
        for mark in _QUOTE_MARK.finditer(sentence):
            char, at = mark.group(0), mark.start()
            if char == '"':
                opening = at == 0 or sentence[at - 1] in " \t([—–-/" and at + 1 < len(sentence) and not sentence[at + 1].isspace()
            else:
                opening = char in _OPENING_MARKS
            if opening:
                inside = True
            else:
                unopened_close |= not inside
                inside = False
        opens_itself = bool(_QUOTE_MARK.match(sentence)) and (sentence[0] in _OPENING_MARKS or sentence[0] == '"')
        fragments.append(unopened_close or (starts_inside and not opens_itself))
    return fragments


# A sentence that opens on a pronoun or a phrase pointing back ("He said ...", "The body voted ...", "Speaking in
# Oslo, she added ...") reads right only after what it points at. An "it" that points at nothing ("It is unclear
# whether ...", "It will be up to the new cabinet to ...") needs no antecedent.
_INTRODUCTION = r"(?:[A-Z][^,.;:\"“”]{0,70},\s+)?"
_PERSONAL_REFERENCE = re.compile(_INTRODUCTION + r"(?:he|she|his|her)\b", re.IGNORECASE)
_OTHER_REFERENCE = re.compile(
    _INTRODUCTION
    + r"(?:they|their|them|it|its|this|these|those|such|the (?:body|bloc|group|organi[sz]ation|alliance|move|"
    r"decision|remarks|comments|statement|announcement|step|measure|plan|proposal|talks|meeting|visit|"
    r"two (?:sides|leaders|men|countries|nations|governments))\b)",
    re.IGNORECASE,
)
_EXPLETIVE_IT = re.compile(
    _INTRODUCTION + r"it (?:is|was|will be|would be|remains|remained|has been|had been|seems|seemed)\b", re.IGNORECASE
)
# A person named in a sentence: a run of capitalised words ("Russian Foreign Minister Sergey Lavrov", "Mr Kim")
# that is left with a name once titles, places and institutions are taken off its front.
_CAPITALISED_RUN = re.compile(r"(?:[A-Z][\w’'-]*\.?|[A-Z]\.)(?:\s+(?:[A-Z][\w’'-]*\.?|[A-Z]\.|al-|bin|von|de))*")
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "mr.", "mrs.", "ms.", "dr."})
_NOT_PERSON = lexicon.Union(
    lexicon.PLACES, lexicon.DEMONYMS, lexicon.MONTHS, lexicon.WEEKDAYS, lexicon.INSTITUTION_HEADS, lexicon.AGENCIES,
    lexicon.NOT_NAMES, frozenset({"kremlin", "pentagon", "nato", "beijing", "moscow", "washington"}),
)
_ROLE_NOUN = re.compile(
    r"\bthe (?:[\w-]+ )?(?:minister|president|vice-president|secretary|spokesman|spokeswoman|spokesperson|official|"
    r"ambassador|envoy|leader|chancellor|premier|negotiator|diplomat|senator|general)\b"
)


def reference_kind(sentence: str) -> str | None:
    """"person" when the sentence opens on he/she/his/her, "other" on another pointing word, None otherwise."""
    if _PERSONAL_REFERENCE.match(sentence):
        return "person"
    if _OTHER_REFERENCE.match(sentence) and not _EXPLETIVE_IT.match(sentence):
        return "other"
    return None


def people_named(sentence: str) -> list[str]:
    """Surnames of the people a sentence names: a title or honorific before a name, or a first name and a surname."""
    names = []
    for run in _CAPITALISED_RUN.finditer(sentence):
        words = [w.rstrip(".’'").lower() for w in run.group(0).split()]
        titled = False
        while words and (words[0] in lexicon.TITLES or words[0] in _HONORIFICS or words[0] in _NOT_PERSON):
            titled |= words[0] in lexicon.TITLES or words[0] in _HONORIFICS
            words.pop(0)
        if run.start() == 0 and not titled and len(words) == 2 and words[0] in lexicon.NOT_NAMES:
            words.pop(0)
        if not words or any(w in _NOT_PERSON for w in words):
            continue
        if titled or len(words) >= 2:
            names.append(re.sub(r"[’']s$", "", words[-1]))
    return names


def antecedent(sentences: list[str], index: int) -> tuple[int, str | None] | None:
    """Where the person a pronoun at the start of sentence `index` points at was last named: (sentence, surname).

    The surname is None when the nearest mention is a role ("the minister") rather than a name.
    """
    for back in range(index - 1, -1, -1):
        text = sentences[back]
        names = people_named(text)
        if names:
            return back, names[-1]
        if _ROLE_NOUN.search(text.lower()):
            return back, None
    return None


class CommuniqueSummarizer(AbstractSummarizer):
    """A sumy summarizer for news: place, commitments, quotes and counter-positions, then word centrality."""

    def __init__(
        self, commitments: frozenset[str] = frozenset(), quotes: tuple[str, ...] = (), title: str = ""
    ) -> None:
        super().__init__(stem)
        self.title = " ".join(title.lower().split())
        self.commitments = commitments
        self.quotes = quotes

    def __call__(self, document: ObjectDocumentModel, sentences_count: int) -> tuple[Sentence, ...]:
        sentences = list(document.sentences)
        paragraphs = [[str(s) for s in p.sentences] for p in document.paragraphs]
        paragraph_of = [i for i, p in enumerate(document.paragraphs) for _ in p.sentences]
        words = [[stem(w) for w in s.words if w.lower() not in _STOP_WORDS] for s in sentences]
        frequency = Counter(w for ws in words for w in set(ws))
        total = max(1, sum(frequency.values()))
        fragments = [f for p in paragraphs for f in quote_fragments(p)]
        base: list[float] = []
        kinds: list[set[str]] = []
        story_index = 0
        for i, sentence in enumerate(sentences):
            text = str(sentence)
            if is_debris(text, paragraphs[paragraph_of[i]]) or self._repeats_headline(text) or fragments[i]:
                base.append(float("-inf"))
                kinds.append(set())
                continue
            base.append(self._rate(words[i], frequency, total, story_index))
            kinds.append(self._kinds(text))
            story_index += 1
        return self._select(sentences, words, base, kinds, sentences_count)

    def _repeats_headline(self, text: str) -> bool:
        """Scraped pages often repeat the headline as the first line of the text."""
        return bool(self.title) and " ".join(text.lower().split()).rstrip(".") == self.title.rstrip(".")

    def _rate(self, words: list[str], frequency: Counter, total: int, index: int) -> float:
        """Place in the story and word centrality: what every sentence is worth before its content counts."""
        centrality = sum(frequency[w] for w in set(words)) / total / max(1.0, len(words) ** 0.5) * 10
        place = _LEAD_WEIGHT if index == 0 else _NEXT_WEIGHT / (1.0 + (index - 1) / _PLACE_DECAY)
        score = place + centrality
        return score - (0.5 if len(words) < 6 else 0.0)

    def _kinds(self, text: str) -> set[str]:
        """What a sentence carries that a digest wants: a commitment or decision, the other side, a key quote."""
        kinds = set()
        original, text = text, text.lower()  # the cue patterns are lower case: one lowering, faster matching
        silent = _NO_COMMENT.search(text) is not None
        unsettled = _UNSETTLED.search(text) is not None or silent or _FORECAST.search(text) is not None
        if original in self.commitments:
            kinds.add("commitment")
        elif not unsettled and _DECISION.search(text):
            kinds.add("decision")
        if "commitment" not in kinds and not silent and not _is_background(text):
            # a sentence stating a commitment is not the other side's answer; nor is silence, nor history
            if _ANSWER.search(text):
                kinds |= {"answer", "counter"}
            elif _COUNTER.search(text):
                kinds.add("counter")
        if kinds & {"commitment", "counter"} and _ATTRIBUTED.search(text) and self._carries_key_quote(original):
            kinds.add("quote")  # a key quote that commits or answers, its speaker named in the same sentence
        if _OPENS_QUOTE.match(original):
            kinds.add("opens quote")
        if _SCENE.search(text):
            kinds.add("scene")
        if unsettled:
            kinds.add("unsettled")
        return kinds

    def _carries_key_quote(self, sentence: str) -> bool:
        """One of the story's first quotes is in the sentence.

        Only a quote that commits or answers earns a summary sentence: the digest shows a key quote of its own,
        so a sentence that is only colour would say the same thing twice.
        """
        return any(q and q[:40] in sentence for q in self.quotes[:3])

    def _bonus(self, kinds: set[str]) -> float:
        """What the sentence's content adds to its place and centrality."""
        return sum(_KIND_WEIGHTS[kind] for kind in kinds)

    def _select(
        self, sentences: list[Sentence], words: list[list[str]], base: list[float], kinds: list[set[str]], count: int
    ) -> tuple[Sentence, ...]:
        """The best-rated sentences, skipping any that repeats one already chosen; in article order.

        When four or more are asked and none of them gives the other side, the best-rated answer takes the place
        of the lowest-rated one chosen: the best sentences always stay, so the digest's default of three is part of
        every longer summary.
        """
        rated = [i for i in range(len(sentences)) if base[i] != float("-inf")]
        rated.sort(key=lambda i: base[i] + self._bonus(kinds[i]), reverse=True)
        texts = [str(s) for s in sentences]
        story = set(rated)
        chosen: list[int] = []
        added = True
        while added and len(chosen) < count:  # a sentence that points back waits until what it points at is in
            added = False
            for i in rated:
                if len(chosen) >= count:
                    break
                if i not in chosen and not _repeats(i, chosen, words) and _resolved(i, chosen, texts, story):
                    chosen.append(i)
                    added = True
                    break
        if count >= _ANSWER_FROM and len(chosen) == count and not any("counter" in kinds[j] for j in chosen):
            kept = chosen[:-1]
            answers = (
                i for i in rated
                if "answer" in kinds[i] and i not in chosen and not _repeats(i, kept, words)
                and _resolved(i, kept, texts, story)
            )
            answer = next(answers, None)
            if answer is not None:
                chosen = [*kept, answer]
        return tuple(sentences[i] for i in sorted(chosen))


# The lead carries the story; the sentences after it lose weight slowly (inverted pyramid).
_LEAD_WEIGHT = 2.6
_NEXT_WEIGHT = 1.2
_PLACE_DECAY = 3.0
# A commitment or decision is what a diplomatic digest is for; the other side's answer and a key quote follow.
_KIND_WEIGHTS = {
    "commitment": 0.8, "decision": 0.25, "quote": 0.35, "counter": 0.5, "answer": 0.0,
    "opens quote": -0.2, "scene": -0.4, "unsettled": -0.3,
}
# From this many sentences on, a summary gives the other side's answer (a shorter one keeps the best sentences).
_ANSWER_FROM = 4


def _resolved(i: int, chosen: list[int], texts: list[str], story: set[int]) -> bool:
    """Whatever sentence `i` points back at is in the summary (see reference_kind); true when it points at nothing.

    A pronoun for a person needs that person named in a chosen sentence before it (or, when the nearest mention is
    a role such as "the minister", that very sentence); any other pointing word needs the sentence before it.
    """
    kind = reference_kind(texts[i])
    if kind is None:
        return True
    if kind == "person":
        found = antecedent(texts, i)
        if found is None:
            return False
        where, surname = found
        if surname is None:
            return where in chosen
        return any(j < i and surname in people_named(texts[j]) for j in chosen)
    before = max((j for j in story if j < i), default=None)
    return before is not None and before in chosen


def _is_background(text: str) -> bool:
    """History rather than the story's news (lower-case text): see _BACKGROUND."""
    if _BACKGROUND.search(text):
        return True
    past = _PAST_PERFECT.search(text)
    return past is not None and _REPORTED.search(text, 0, past.start()) is None


def _repeats(i: int, chosen: list[int], words: list[list[str]]) -> bool:
    """Sentence `i` says much the same as one already chosen (most of the shorter one's words are shared)."""
    return any(_overlap(words[i], words[j]) > 0.6 for j in chosen)


def _overlap(a: list[str], b: list[str]) -> float:
    set_a, set_b = set(a), set(b)
    if not set_a or not set_b:
        return 0.0
    return len(set_a & set_b) / min(len(set_a), len(set_b))


def summarize(
    paragraphs: list[list[str]],
    count: int,
    *,
    commitments: frozenset[str] = frozenset(),
    quotes: tuple[str, ...] = (),
    title: str = "",
) -> list[str]:
    """The `count` sentences that best carry the story, in article order."""
    if count <= 0:
        return []
    document = ObjectDocumentModel(
        [Paragraph([Sentence(s, _TOKENIZER) for s in para]) for para in paragraphs if para]
    )
    if not document.sentences:
        return []
    return [str(s) for s in CommuniqueSummarizer(commitments, quotes, title)(document, count)]
