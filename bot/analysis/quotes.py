"""Direct quotations and who said them, named as a reader would name them.

Reading goes in story order, paragraph by paragraph, because attribution does: a quote's speaker is written
after it ("...," Lavrov said), before it (Lavrov told journalists: "..."), as a pronoun or a description that
points back to someone named earlier ("he added", "the top diplomat said"), or not at all, when the quote goes
on from the one before (the next sentence, or the next paragraph). Quote marks may be straight, curly or
angled, and scraped text may leave one unbalanced: a quote then runs to the end of its paragraph.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from bot.analysis import arabic, korean
from bot.analysis.entities import (
    _DIPLOMATIC_POSTS,
    _NON_STATE_HEADS,
    DECLINED_SURNAME,
    GROUP_IN_A_PLACE,
    HEAD_OF_STATE,
    HIS_INSTITUTION,
    LAST_MONTH_OPENS,
    NAMING,
    POSSESSED_GROUP,
    POSSESSIVE_MARKS_GENDER,
    POST_IN_A_PLACE,
    PREPOSITIONS,
    STORY_PLACES,
    WEEKDAY_AFTER_PREPOSITION,
    WITHHELD_NAME,
    WITHHOLDING,
    Entity,
    Registry,
    is_name_word,
    parse_phrase,
    time_after_preposition,
)
from bot.analysis.lexicon import (
    ADVERBS,
    AGENCIES,
    AUXILIARIES,
    DEMONYMS,
    FOREIGN_ACCORDING,
    FOREIGN_ARTICLES,
    FOREIGN_SPEECH_VERBS,
    INSTITUTION_HEADS,
    KINSHIP,
    MONTHS,
    NAME_PARTICLES,
    NOT_NAMES,
    PLACES,
    PRONOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    TITLES,
    UNNAMED_SOURCE_NOUNS,
    WEEKDAYS,
)
from bot.analysis.model import Quote
from bot.analysis.rules import rule
from bot.analysis.sentences import sentence_spans, strip_dateline

CAPITALISED_MODAL = rule(
    "speakers.capitalised-modal", "a capitalised \"May\" or \"Will\" inside a sentence is a name, not a modal verb"
)
FOREIGN_SHORT_SENTENCE = rule(
    "quotes.foreign-three-word-sentence-with-speaker",
    "\"«No firmaremos nunca», dijo Ruiz\", \"«Non firmeremo mai», ha detto Velani\": Italian and Spanish drop the "
    "subject pronoun, so a whole sentence of three words, capitalised and closed, credited by another language's "
    "speech verb (the same holds for \"„Nie wieder Krieg“, sagte Brandt\"), is a quote; three words with no such verb "
    "stay a scare quote, and English keeps four",
)
# A key quote has at least this many words; shorter ones ("cheated", "two-tier") are scare quotes.
MIN_QUOTE_WORDS = 4
KOREAN_SHORT_QUOTE = rule(
    "quotes.korean-short-quote-with-speaker",
    "\"“국경은 열려 있다”고 이지훈 총리는 강조했다\": Korean joins its particles and endings to the word, so a quote of two "
    "or three words closed by 라고/고 and a speech verb is a whole sentence, kept; without them (\"이른바 “평화 회랑”\") it is "
    "still a term",
)
# A fragment woven into the reporter's sentence ('called it "a bogus solution"') must carry more to count.
MIN_FRAGMENT_WORDS = 4

_OPENERS = "“«„‹"
_CLOSERS = "”»‟›"
_MARKS = re.compile(r"[\"“”«»„‟‹›]")
_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(:]))['‘]([^'‘’]{10,}?[^\s'‘’])['’](?=[\s,.;:!?)]|$)")
_TOKEN = re.compile(r"\S+")
# "His party ...", "Her husband ...": a possessive opening a sentence, and the word it owns
_POSSESSIVE_OPENING = re.compile(r"\s*(His|Her)\s+([\w’'-]+)")
_HONORIFIC_HEADS = frozenset({"excellency", "highness", "majesty", "holiness", "royal"})
SINGLE_CURLY = rule(
    "quotes.single-curly-with-apostrophes",
    "a quote in curly single marks runs to the closing mark that no letter follows: ‘We’ve done it’",
)
_SINGLE_CURLY = re.compile(r"(?:(?<=^)|(?<=[\s(:—–-]))‘((?:[^‘’\n]|’(?=\w))+?)’(?!\w)")
# The offices that speak for the person who heads them ("His ministry said ...", "her office said ..."); a party
# or a group opened by "His" stays about him ("Her Liberal Party had threatened ...").
_OFFICE = re.compile(
    r"^(?:[Hh]is|[Hh]er)\s+(?:[a-z-]+\s+){0,2}"
    r"(?:ministry|office|department|embassy|administration|government|secretariat|cabinet)$"
)
LOWERCASE_INSTITUTION = rule(
    "speakers.lowercase-institution", "\"the foreign ministry said\": an institution written in lower case speaks"
)
PARTY_AFFILIATION = rule(
    "speakers.party-affiliation", "a lawmaker's party and state after the name (\", R-Fla.,\") are no part of it"
)
_AFFILIATION = re.compile(r",?\s*\(?\b[RDI]-[A-Z][A-Za-z.]*(?:\s?[A-Z][A-Za-z.]*)?\)?(?=,|\s+said|\s+told|\s+wrote)")
REPORTED_BEFORE_QUOTE = rule(
    "speakers.reported-speech-before-quote",
    "a quote paragraph with no attribution, right after a paragraph that ends \"X said ...\", is X's",
)
NO_FAR_INHERITANCE = rule(
    "speakers.no-guess-from-paragraphs-back",
    "a quote with no attribution near it takes no speaker last seen two or more paragraphs back",
)
FRAGMENT_NOT_FROM_LATER = rule(
    "speakers.fragment-not-from-a-later-sentence",
    "'The ministry called him \"the architect of peace\". The cause was heart failure, his daughter said.': a phrase "
    "quoted inside the reporter's own sentence is not spoken by whoever the next sentence says spoke",
)
TITLE_IS_NO_QUOTE = rule(
    "quotes.title-is-no-quote",
    "'a debate titled \"Pressure and Its Limits\"', 'a report entitled \"...\"': the quoted name of an event, a "
    "report or a book is no one's words, and no quote",
)
# The word that names a thing right before its quoted title.
_TITLED = re.compile(r"\b(?:titled|entitled|subtitled|headlined|code-?named|under the title|with the title)\s*,?\s*$", re.IGNORECASE)
NESTED_MARKS = rule(
    "quotes.nested-in-guillemets", "inside «...», other quote marks quote within the quote and close nothing"
)
REVERSED_GUILLEMETS = rule(
    "quotes.reversed-guillemets",
    "»Wir verhandeln ...«, so Name: where every » of a paragraph stands before a word and every « after one, » opens",
)
# » set where a quote opens (start, space, bracket or colon before it, a word after) and « where one closes.
_REVERSED_OPEN = re.compile(r"(?:^|(?<=[\s(:]))»(?=[^\W_]|[¡¿.…])")
_REVERSED_CLOSE = re.compile(r"(?<=[^\s(])«")
_TURN_GUILLEMETS = str.maketrans("»«", "«»")
LOW_NINE = rule("quotes.low-opening-mark", "a quote opened low („) closes with the high mark (“) of the same shape")
DIALOGUE_DASH = rule(
    "quotes.dialogue-dash", "a paragraph opened by a dash is a line of dialogue, attributed after the next dash"
)
_DIALOGUE_OPEN = re.compile(r"\s*[–—]\s+(?=\S)")
_DIALOGUE_BREAK = re.compile(r"[,.!?…]?\s+[–—]\s+")
_DIALOGUE_REOPEN = re.compile(r"(?<=[.!?…])\s+[–—]\s+(?=\S)")
SPANISH_DIALOGUE = rule(
    "quotes.dialogue-dash-unspaced",
    "\"—Cerraremos el paso —dijo Ana Gil—. No hay prisa.\": a paragraph opened by a dash set against its first word "
    "is a line of dialogue up to a dash set against a speech verb; the words after the aside's closing dash go on",
)
_UNSPACED_OPEN = re.compile(r"\s*[–—](?=[^\W\d_]|[¡¿])")
# The narrator's aside: a dash set against its first word after a space, to the dash that closes it (or the end).
_UNSPACED_ASIDE = re.compile(r"[,.!?…]?\s+[–—](?=[^\W\d_])[^–—\n]*(?:[–—][,.;:!?…]?|$)")
NP_ADJECTIVES = frozenset(
    "senior top former chief deputy foreign official state-run state local regional unnamed another other "
    "two three several visiting outgoing incoming new acting interim veteran leading prominent political "
    "military defence defense security presidential opposition government ruling independent british "
    "european international national federal junior high-ranking retired longtime long-time policy managing "
    "associate vice".split()
)
# "The prime minister was keen ...": a sentence about someone the story named earlier by their role.
_LEADING_DESCRIPTION = re.compile(r"\s*(?:[\w’' -]{0,60},\s*)?((?:The|the) (?:[\w-]+ ){0,3}?([\w-]+))\s+(?:was|is|has|had|also|then|said|told|added)\b")
UNNAMED_BODY_SPEAKS = rule(
    "speakers.unread-body-subject-speaks",
    "\"The Tarvelian customs service said in a statement that the lorries would be cleared 'once ...'\": a sentence "
    "opened by a body (service, ministry, agency) with its own speech verb is that body's; if it cannot be named, "
    "the quote is kept without a speaker, not given to the person quoted before",
)
OWNED_ROLE_OPENS = rule(
    "speakers.owned-role-opens-the-sentence",
    "\"Later in the evening, Velm's envoy sent a message to reporters. '...,' she wrote\": a sentence that names no "
    "one and opens on a side's role (\"Velm's envoy\") is about that role's holder; the \"she\" after it is not "
    "another woman met before",
)
_LEADING_OWNED_ROLE = re.compile(
    r"\s*(?:[\w’' -]{0,60},\s*)?([A-Z][\w’-]*['’]s (?:[a-z-]+ ){0,2}?([a-z-]+))\s+(?:[a-z]+ed|was|is|has|had|also|"
    r"then|said|told|added|sent|wrote|spoke|gave|took|made|went|came|left|met|kept|held|put|set)\b"
)
# Abbreviations and initials whose full stop does not end an attribution ("Ms. Kallas said").
_ABBREVIATED = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Amb|Lt|Col|St|Prof|Sgt|Capt|Adm|Maj|Cmdr|Jr|[A-Z])\.")
# How far before or after a quote its attribution is looked for (characters).
_WINDOW = 400
_NP_STOP = frozenset("in on at after during before when as while from by for with to".split())
RELATIVE_ENDS_SPEAKER = rule(
    "speakers.relative-clause-ends-the-speaker",
    "\"said one diplomat who attended the talks\": the speaker ends where \"who\" or \"which\" begins a clause",
)
DESCRIBED_THEN_NAMED = rule(
    "speakers.description-then-name",
    "\"said Norland's fisheries minister, Ruth Olafsen\": the name after the description is the speaker",
)
KIN_THEN_NAMED = rule(
    "speakers.relative-then-name",
    "'\"...,\" said Solberg's mother, Greta Solberg, who ...', 'said his widow, Ana Brek': a relative of someone, "
    "then a name set beside it, is the speaker, as a role then a name is (a relative with no name stays unread)",
)
PERSON_OF_GROUP = rule(
    "speakers.person-of-an-organisation",
    "\"said Pia Lund of the Velm Aid Network\": the person speaks, not the organisation she belongs to",
)
ROLE_COMPLEMENT = rule(
    "speakers.role-with-a-complement",
    "\"the envoy to the talks told reporters\": a role followed by what it is for still names the speaker",
)
NEXT_CLAUSE = rule(
    "speakers.next-clause-for-the-next-quote",
    "\"X called it 'A', and its leader, Y, said 'B'\": a clause after \", and\" attributes the quote after it, not "
    "the one before it, and is read from where the quote before it closed",
)
COLON_SUBJECT = rule(
    "speakers.subject-before-a-colon",
    "\"President Brun marked the day with a post: '...'\": with no speech verb, the subject of the sentence a colon "
    "ends speaks",
)
_RELATIVE_WORDS = frozenset(("who", "which", "whose"))
DATELINE_NO_SUBJECT = rule(
    "speakers.dateline-is-no-subject",
    "\"OSLO — Ada Brun has spent ...\": the place of a dateline is not who the sentence is about",
)
NAMED_IN_APPOSITION = rule(
    "speakers.name-in-apposition-is-the-subject",
    "\"Norland's envoy, Ada Brun, left early\": the person named after a role in commas is the subject, not the "
    "side the role belongs to",
)
KIN_IN_APPOSITION = rule(
    "speakers.kin-named-in-apposition-is-the-subject",
    "\"Sandvik's mother, Berit Sandvik, thanked them\": the person named after a family tie in commas is the "
    "subject, not the relative the tie belongs to (two people may share the surname)",
)
_KIN = frozenset(
    "mother father son daughter wife husband brother sister widow widower uncle aunt cousin grandmother grandfather "
    "nephew niece fiancée fiancé partner".split()
)
OWNED_ROLE_MODIFIERS = rule(
    "speakers.any-modifier-in-an-owned-role",
    "\"Norland's reconstruction minister, Ada Brun, blamed the rules\": between a side's possessive and the role "
    "noun any lower-case words may stand (\"reconstruction\", \"water and sanitation\"); the person named after the "
    "comma is still the subject, not the side",
)
# A side's possessive, up to four lower-case words ending in the role, and the comma before the name.
_OWNED_ROLE_PHRASE = re.compile(r"[A-Z][\w-]*(?:\s[A-Z][\w-]*)*['’]s\s(?:[a-z-]+\s){0,3}[a-z-]+,\s*")
DESCRIPTOR_BEFORE_NAME = rule(
    "speakers.descriptor-before-a-name",
    "'\"...,\" said shopkeeper Lena Dorr': a lowercase description (an occupation no list knows) set right before a "
    "full name after the speech verb leaves the name as the speaker",
)
_NOT_DESCRIPTORS = frozenset(
    "the a an to on in at for with by from of that this and or but then also later earlier yesterday today "
    "tonight tomorrow again once not".split()
)
MODIFIED_ROLE_BEFORE_NAME = rule(
    "speakers.modified-role-before-a-name",
    "'\"...,\" Norland's climate envoy Paul Sendry said', 'said Velm's fisheries minister Ida Marr': a role noun "
    "with a lowercase word before it that no list knows (\"climate\", \"fisheries\"), then a full name: the name is "
    "the speaker, with that role",
)
SPEAKER_NOTED_AFTER_BODY = rule(
    "speakers.quoted-person-after-a-body",
    "'\"We came to stay,\" said Front spokesman Dario Venn. Asked about monitors, he said ...': when a sentence's "
    "first name is a body (the Front) and a person of it speaks its quote, a \"he\" or \"she\" after it is that "
    "person, not someone from before",
)
NOT_IN_OPENING_CLAUSE = rule(
    "speakers.not-in-an-opening-clause",
    "\"After meeting Brun, Holt said ...\": a name inside an opening adverbial clause is not the subject",
)
UNKNOWN_NAME_BEFORE = rule(
    "speakers.unknown-name-just-before-a-pronoun",
    "\"Brenn was more cautious. 'We will wait,' he said.\": when the sentence just before opens on a name the story "
    "never introduced, \"he\" is that person, whom the reader cannot name for sure: no speaker rather than an "
    "earlier one",
)
# A sentence opening on one capitalised word and a verb of state or stance: "Brenn was more cautious."
_NAME_OPENS = re.compile(
    r"\s*(?:Mr\.? |Mrs\.? |Ms\.? |Dr\.? )?(?P<name>[A-Z][a-z’'-]+)\s+(?:was|is|had|has|did|remained|seemed|"
    r"appeared|sounded|struck|took|disagreed|agreed|differed|went|stayed)\b"
)
ITS_INSTITUTION = rule(
    "speakers.its-institution-is-the-owners",
    "\"Norland said it was watching. Its foreign ministry asked for '...'\": an institution opened by \"Its\" or "
    "\"Their\" belongs to the side the sentence before was about, and is the subject",
)
# "Its foreign ministry": the owner's word, then up to three words and the head (group 2 in both patterns below).
_ITS = r"(?:Its|Their)\s+"
_OWNED = r"(?:[a-z][\w-]*\s+){0,3}?([a-z]+)"
_ITS_INSTITUTION_PHRASE = re.compile(r"(" + _ITS + _OWNED + r")\s+[a-z]+ed\b")
_ITS_INSTITUTION = re.compile(r"\s*" + _ITS + r"(" + _OWNED + r")\s+(?:[a-z]+ed|said|told|says)\b")
SPEECH_IN_OPENING_CLAUSE = rule(
    "speakers.speech-verb-in-an-opening-clause",
    "\"When President Kord announced the pullout, Vell's ministry called it late. ... he said\": a speech verb inside "
    "an opening clause does not make its subject the one the sentence is about",
)
BYLINE = rule(
    "speakers.byline-is-no-speaker",
    "\"By Jonas Pell in Vardo\", \"Interview by Clara Voss\": the writer named in a byline is not met as a person of "
    "the story, so no quote, pronoun or description goes to them",
)
_BYLINE = re.compile(
    r"\s*(?:(?:Interview|Reporting|Words|Text|Analysis)\s+by|By)\s+[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,3}"
    r"(?:\s+(?:and|&)\s+[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,3})?(?:,?\s+(?:in|at)\s+[A-Z][\w’' .-]{0,40})?"
    r"(?:,\s*[\w’' ]{0,40})?\s*"
)
SAME_SENTENCE_PRONOUN = rule(
    "speakers.pronoun-after-a-quote-in-the-same-sentence",
    "\"'A,' said Ada Brun, rejecting what she called 'B'\": a pronoun after a quote points to that quote's speaker",
)
_SUBORDINATORS = frozenset(
    "after before when while as although though if because since once until unless whereas following despite "
    "amid".split()
)
_APPOSED_ROLE = re.compile(r"[^,]*?\s([\w-]+),\s*$")
ASKED_CLAUSE = rule(
    "speakers.asked-clause-names-no-subject",
    "\"Asked whether Minister Holt had misled an ally, he said: '...'\", \"Asked whether the Brenna leadership had "
    "agreed, she said: '...'\": whoever the opening \"Asked whether/about ...\" clause names is what was asked about, "
    "not the one who answers; the pronoun goes back to the person asked",
)
_ASKED_ABOUT = frozenset("whether if about why how what when who where at by on in during after".split())


@dataclass
class Span:
    """One quotation in a paragraph: its words lie in [start, end); `closed` is False when the mark is missing."""

    start: int
    end: int
    closed: bool
    single: bool = False
    goes_on: bool = False  # dialogue resumed after the narrator's aside: the aside's speaker goes on

    @property
    def open_at(self) -> int:
        return self.start - 1

    @property
    def close_at(self) -> int:
        return self.end


def _role_of(paragraph: str, i: int) -> str:
    """Whether the mark at `i` opens or closes a quote, from its shape or the characters around it."""
    mark = paragraph[i]
    if mark in _OPENERS:
        return "open"
    if mark in _CLOSERS:
        return "close"
    before = paragraph[i - 1] if i > 0 else " "
    after = paragraph[i + 1] if i + 1 < len(paragraph) else " "
    if (before.isspace() or before in "([—–-:") and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ",.;:!?)]—–-"):
        return "close"
    return "either"


def _reversed_guillemets(paragraph: str) -> bool:
    """German (and Danish) copy set »like this«: every » opens a quote and every « closes one, in equal number.

    Read the French way, "»Wir ...«, so X" opened at the «, so the attribution became the quote and the
    words between the marks were lost. A lone » ("40 »") or any « that opens leaves the paragraph as it is.
    """
    if "»" not in paragraph or not REVERSED_GUILLEMETS:
        return False
    opens, closes = paragraph.count("»"), paragraph.count("«")
    return (
        opens == closes
        and len(_REVERSED_OPEN.findall(paragraph)) == opens
        and len(_REVERSED_CLOSE.findall(paragraph)) == closes
        and paragraph.index("»") < paragraph.index("«")
    )


def find_quotes(paragraph: str) -> list[Span]:
    """The quotations of one paragraph, tolerant of missing or stray marks (never fails on any text)."""
    if _reversed_guillemets(paragraph):
        # Same length, so every span found in the turned copy holds for the paragraph itself.
        paragraph = paragraph.translate(_TURN_GUILLEMETS)
    spans: list[Span] = []
    open_at: int | None = None
    for match in _MARKS.finditer(paragraph):
        i = match.start()
        role = _role_of(paragraph, i)
        if open_at is None:
            if role in ("open", "either"):
                open_at = i
            continue
        if paragraph[open_at] == "«" and paragraph[i] != "»" and NESTED_MARKS:
            continue  # «Brussels speaks of „dialogue“ ...»: marks inside guillemets quote within the quote
        if paragraph[open_at] == "„" and paragraph[i] in "“\"" and LOW_NINE:
            role = "close"  # German and Central European copy: „Wir werden ...“
        if role == "open":
            # A quote left open: the new opening mark starts the next quote (flattened paragraphs).
            spans.append(Span(open_at + 1, i, closed=False))
            open_at = i
        else:
            spans.append(Span(open_at + 1, i, closed=True))
            open_at = None
    if open_at is not None:
        spans.append(Span(open_at + 1, len(paragraph), closed=False))
    if not spans and "‘" in paragraph and SINGLE_CURLY:
        spans = [Span(m.start(1), m.end(1), closed=True, single=True) for m in _SINGLE_CURLY.finditer(paragraph)]
    if not spans and ("'" in paragraph or "‘" in paragraph):
        spans = [Span(m.start(1), m.end(1), closed=True, single=True) for m in _SINGLE.finditer(paragraph)]
    if not spans and DIALOGUE_DASH:
        spans = _dialogue(paragraph)
    return [s for s in spans if paragraph[s.start : s.end].strip()]


def _dialogue(paragraph: str) -> list[Span]:
    """A paragraph opened by a dash is a line of dialogue ("– We refuse, – Lavrov said. – Nothing changes.").

    The words run to the next dash set off by spaces, which brings the attribution; after the attribution's
    full stop another dash may open the line again.
    """
    spans: list[Span] = []
    if SPANISH_DIALOGUE and not _DIALOGUE_OPEN.match(paragraph) and _UNSPACED_OPEN.match(paragraph):
        return _unspaced_dialogue(paragraph)
    opened = _DIALOGUE_OPEN.match(paragraph)
    while opened:
        start = opened.end()
        closing = _DIALOGUE_BREAK.search(paragraph, start)
        end = closing.start() if closing else len(paragraph)
        spans.append(Span(start, end, closed=closing is not None, single=True))
        if closing is None:
            break
        opened = _DIALOGUE_REOPEN.search(paragraph, closing.end())
    return spans


def _unspaced_dialogue(paragraph: str) -> list[Span]:
    """Dialogue as Spanish, Catalan and Portuguese set it: "—No cederemos —dijo Ana Gil—, pero hablaremos."

    The dash that opens the line and the one that opens the narrator's aside touch the word after them; the
    aside runs to its closing dash, after which the speaker goes on (a new span, which inherits the speaker).
    """
    spans: list[Span] = []
    asides = [a.group(0).lstrip(",.!?… \t–—").split()[:1] for a in _UNSPACED_ASIDE.finditer(paragraph)]
    if not any(w and (w[0].lower() in FOREIGN_SPEECH_VERBS or _speech_verb(w[0])) for w in asides):
        return spans  # "—Tariffs will fall by June.": a list's dash, not a line of dialogue with its speaker
    opened = _UNSPACED_OPEN.match(paragraph)
    start = opened.end() if opened else len(paragraph)
    while start < len(paragraph):
        aside = _UNSPACED_ASIDE.search(paragraph, start)
        end = aside.start() if aside else len(paragraph)
        if paragraph[start:end].strip():
            spans.append(Span(start, end, closed=aside is not None, single=True, goes_on=bool(spans)))
        if aside is None:
            break
        start = aside.end()
        while start < len(paragraph) and paragraph[start].isspace():
            start += 1
    return spans


def _spans_in(spans: list[Span], starts: list[int], s_start: int, s_end: int) -> list[Span]:
    """The quotes that start in a sentence, or that began before it and run into it (spans sorted by start)."""
    first = bisect_left(starts, s_start)
    inside = [q for q in spans[max(0, first - 1) : bisect_left(starts, s_end)] if q.start >= s_start or q.end > s_start]
    return inside


def _masked(paragraph: str, spans: list[Span]) -> str:
    """The paragraph with quoted words blanked to 'x', so sentence and name finding see only the reporter.

    A quote that opens with a capital keeps a capital mark ("À", which no name pattern reads as a name), so that
    a quote opening a new sentence still starts one: '... by telephone. "We will ...," she added.'
    """
    chars = list(paragraph)
    for span in spans:
        for k in range(span.start, span.end):
            if not chars[k].isspace():
                chars[k] = "x"
        if span.start < len(paragraph) and paragraph[span.start].isupper():
            chars[span.start] = _CAPITAL_MASK
    return "".join(chars)


_CAPITAL_MASK = "À"


def _quote_text(paragraph: str, span: Span) -> str:
    text = paragraph[span.start : span.end].strip()
    return text[:-1].rstrip() if text.endswith(",") else text


def _is_np_word(word: str) -> bool:
    lowered = word.lower().rstrip(",")
    if not lowered:
        return False
    if word[0].isupper() or is_name_word(word):
        return True
    return (
        lowered in PRONOUNS
        or lowered in ROLE_NOUNS
        or lowered in INSTITUTION_HEADS
        or lowered == "of"
        or lowered in TITLES
        or lowered in DEMONYMS
        or lowered in NP_ADJECTIVES
        or lowered in ("the", "a", "an", "one", "his", "her", "its", "their")
        or lowered.endswith(("'s", "’s"))
        or lowered in NAME_PARTICLES
    )


NEWS_IS_NO_SPEAKER = rule(
    "speakers.news-is-no-speaker",
    "\"the news was announced by the ministry\", \"the news broke on Monday\": the news in lower case is what was "
    "told, never who told it (\"the state news agency\" and \"Vanta News\" still speak)",
)
_NEWS_DETERMINERS = frozenset({"the", "this", "that", "such", "their", "its", "his", "her", "our"})


def _looks_like_speaker(words: list[str]) -> bool:
    """A phrase that can name a speaker: a capitalised name, a pronoun, or a description ending in a role."""
    if not words or len(words) > 9 or not all(_is_np_word(w) for w in words) or words[0].lower() == "of":
        return False
    if HEAD_OF_STATE and len(words) >= 3 and words[-3].lower() == "head" and words[-2].lower() == "of" and words[
        -1
    ].lower().rstrip(",.") in ("state", "government"):
        return True  # "the head of state warned"
    last = words[-1].lower().rstrip(",.")
    if last in PRONOUNS:
        return len(words) == 1
    if NEWS_IS_NO_SPEAKER and last == "news" and words[-1][:1].islower() and all(
        w.lower() in _NEWS_DETERMINERS for w in words[:-1]
    ):
        return False  # "the news was announced by the ministry": what is told, not who tells it
    if LOWERCASE_INSTITUTION and last in INSTITUTION_HEADS and words[0].lower() in ("the", "its", "their"):
        return True  # "the foreign ministry said", "the agency said"
    if HIS_INSTITUTION and _OFFICE.match(" ".join(words).rstrip(",.")):
        return True  # "his ministry said": the ministry speaks, not the minister
    return any((w[0].isupper() or is_name_word(w)) and w.lower() not in NOT_NAMES for w in words) or last in ROLE_NOUNS


def _speech_verb(word: str) -> bool:
    return word.lower().strip(",.:;") in SPEECH_VERBS


# "the agency quoted Defence Minister Omar Haddad as saying": the agency relays, the person speaks.
_QUOTED_AS_SAYING = re.compile(r"\bquoted\s+(.{2,80}?)\s+as\s+(?:saying|telling|stating)\b")


# "a déclaré M. Lavrov", "a-t-il ajouté", "заявил Лавров", "dijo Borrell": a foreign speech verb, then a name or
# a pronoun written into the verb.
_FOREIGN_VERB = re.compile(
    r"[\s,—–-]*(?:(?:a|ont|avait)(?:-t-(?P<clitic>il|elle|on))?\s+)?(?P<verb>[^\W\d_]+(?:\s[^\W\d_]+)?)"
)
FOREIGN_NAME_PARTICLE = rule(
    "speakers.foreign-name-with-particle",
    "\"a déclaré M. de Valcourt\", \"sagte Karl von Arnsberg\": a name particle in lower case after a title or "
    "after the first name belongs to the name the speech verb introduces",
)
# Particles of one word from the name-particle list ("de", "von", "la"), at most two in a row ("de la").
_PARTICLE = "(?:" + "|".join(sorted((re.escape(w) for w in NAME_PARTICLES if w.isalpha()), key=len, reverse=True)) + ")"
_FOREIGN_NAME = re.compile(
    r"\s+(?P<name>(?:(?:M\.|Mme|Mlle|Dr\.?|г-н|г-жа)\s+)?[A-ZÀ-ÝА-ЯЁ][\w’'-]+(?:\s+[A-ZÀ-ÝА-ЯЁ][\w’'-]+){0,3})"
)
# The same with particles: after a title ("M. de Valcourt") or between a first name and the rest ("Diego de la
# Fuente"), never after two capitalised words ("Paul Ferrand de Velmora" is Paul Ferrand, of a place).
_FOREIGN_NAME_PARTICLED = re.compile(
    r"\s+(?P<name>(?:(?:M\.|Mme|Mlle|Dr\.?)\s+(?:" + _PARTICLE + r"\s+){1,2}[A-ZÀ-Ý][\w’'-]+"
    r"|[A-ZÀ-Ý][\w’'-]+\s+(?:" + _PARTICLE + r"\s+){1,2}[A-ZÀ-Ý][\w’'-]+))(?=[\s.,;:!?]|$)"
)


def _foreign_name(text: str, pos: int = 0) -> re.Match[str] | None:
    """The name at pos after a foreign speech verb, with its particles when it has them."""
    if FOREIGN_NAME_PARTICLE:
        particled = _FOREIGN_NAME_PARTICLED.match(text, pos)
        if particled and particled.group("name").split()[-1].lower() not in PLACES:  # not "Ortega de Norland"
            return particled
    return _FOREIGN_NAME.match(text, pos)
_FOREIGN_PRONOUNS = {"il": "he", "elle": "she", "он": "he", "она": "she"}
# Ukrainian "він"/"вона" are read only as the one person just named (FOREIGN_PRONOUN_JUST_NAMED), else as nobody.
_JUST_NAMED_PRONOUNS = {"він": "he", "вона": "she"}
FOREIGN_ROLE = rule(
    "speakers.foreign-pronoun-or-role",
    "\"», sagte der Minister\", \"», sagte er\", \"», ha detto il ministro\": after another language's speech verb, "
    "a pronoun or an article and a role in lower or upper case is that person, read as \"he\" or \"the minister\"",
)
# German and Italian pronouns after the verb ("sagte er", "ha detto lei"), and roles after an article
# ("sagte der Minister", "sagte die Sprecherin", "ha detto il ministro"), as the English the registry resolves.
_FOREIGN_ROLE_PRONOUNS = {"er": "he", "sie": "she", "lui": "he", "lei": "she"}
_FOREIGN_ROLE = re.compile(
    r"\s+(?P<article>der|die|il|la|lo|el|l['’])\s*(?:[\wäöüß]+\s+)?(?P<role>[Mm]inister(?:in)?|[Mm]inistr[oa]|[Pp]räsident(?:in)?|"
    r"[Pp]residente(?:ssa)?|[Kk]anzler(?:in)?|[Ss]precher(?:in)?|[Pp]ortavo(?:ce|z)|[Bb]otschafter(?:in)?|[Aa]mbasciatore|"
    r"[Cc]anciller(?:a)?)"
    r"(?=[\s.,;!?—–]|$)"
)
_FOREIGN_ROLE_NOUNS = {
    "minister": "minister", "ministerin": "minister", "ministro": "minister", "ministra": "minister",
    "präsident": "president", "präsidentin": "president", "presidente": "president", "presidentessa": "president",
    "kanzler": "chancellor", "kanzlerin": "chancellor", "sprecher": "spokesperson", "sprecherin": "spokesperson",
    "portavoce": "spokesperson", "botschafter": "ambassador", "botschafterin": "ambassador", "ambasciatore": "ambassador",
    "canciller": "canciller", "cancillera": "canciller", "portavoz": "spokesperson",
}
FOREIGN_FEMININE_ROLE = rule(
    "speakers.foreign-feminine-role-is-no-man",
    "\"Außenminister Lukas Brandt ... „...“, sagte die Ministerin\": a role written in the feminine (Ministerin, "
    "ministra, presidentessa) is never a man the story named; with no woman to be sure of, the quote keeps no speaker",
)
_FEMININE_ROLES = frozenset(
    ("ministerin", "ministra", "präsidentin", "presidentessa", "kanzlerin", "sprecherin", "botschafterin", "cancillera")
)


FOREIGN_MASCULINE_ROLE = rule(
    "speakers.foreign-masculine-role-is-no-woman",
    "\"Außenministerin Helga Wendtland ... „...“, sagte der Minister\": a role with a masculine article (der, il, lo, "
    "el) and no feminine ending is never a woman the story named; with no one else, the quote keeps no speaker",
)
_MASCULINE_ARTICLES = frozenset(("der", "il", "lo", "el"))


FOREIGN_DESCRIBED = rule(
    "speakers.foreign-described-speaker",
    "\"a déclaré le ministre de la Défense, Henri Roux\": after the speech verb a description in lower case, then the "
    "name set beside it, speaks",
)
# "le ministre valmontais de la Défense, " / "sa porte-parole, " / "el portavoz del Gobierno, ": a determiner or a
# possessive, a few words without marks, a comma; the name follows.
_FOREIGN_DESCRIBED = re.compile(
    r"\s+(?:le|la|les|l['’]|sa|son|ses|leur|el|la|los|las|su|il|lo|der|die|das|seine|ihre)\s*[^\W\d_][^,;:.!?«»“”\"]{0,90}?,(?=\s+[A-ZÀ-Ý])",
    re.IGNORECASE,
)
FOREIGN_ROLE_APPOSED = rule(
    "speakers.foreign-role-then-apposed-name",
    "\"sagte der Präsident des Industrieverbands, Peter Holl\", \"erklärte der innenpolitische Sprecher der "
    "Volkspartei, Lena Aigner\": a role after the speech verb with a name set beside it after a comma is that name, "
    "not the last person the story gave the role",
)


def _described_name(rest: str) -> re.Match[str] | None:
    """The name set beside a description after the speech verb (", Henri Roux"), or None."""
    described = _FOREIGN_DESCRIBED.match(rest)
    return _foreign_name(rest, described.end()) if described else None


FOREIGN_TITLED = rule(
    "speakers.foreign-title-before-the-name",
    "\"a estimé la députée Claire Armand\", \"dijo el ministro Pablo Ruiz\": after the speech verb a determiner and a "
    "role in lower case (Portuguese \"afirmou o chanceler Paulo Vantar\": \"o\"/\"a\" and one role word), then the name "
    "with no comma: the name speaks",
)
# A determiner, one or two lower-case words (the role, never "de"/"del"/"des"), then a capital.
_FOREIGN_TITLED = re.compile(
    r"\s+(?:(?:le|la|l['’]|el|il|lo|der|die)\s*(?:(?!(?:de|del|des|du|di|della|von)\s)[a-zà-ÿ-]+\s+){1,2}"
    # Portuguese "o"/"a" and one role word ("afirmou o chanceler Paulo Vantar"); never "dijo a la ministra ..."
    r"|(?:o|a)\s+(?!(?:la|las|los|el|un|una|les|de|da|do|su|sus)\s)[a-zà-ÿ-]+\s+)(?=[A-ZÀ-Ý])"
)
FOREIGN_ARTICLE_IL = rule(
    "speakers.italian-il-is-an-article",
    "\"ha detto il ministro Marco Velani\": after a speech verb \"il\" before a word is the Italian article and the "
    "name after the role speaks; only \"il\" alone (\"», dit il.\") is French \"he\"",
)
FOREIGN_ATTRIBUTION = rule(
    "speakers.foreign-attribution",
    "a quote in other languages' copy gets the speaker after a speech verb of that language (\"a déclaré M. Lavrov\")",
)


def _foreign_attribution(text: str) -> str | None:
    """The speaker after a quote written with another language's speech verb, or None."""
    match = _FOREIGN_VERB.match(text)
    if match is None:
        return None
    verb = match.group("verb")
    end = match.end("verb")
    if verb.lower() not in FOREIGN_SPEECH_VERBS:
        first = verb.split()[0]
        if first.lower() not in FOREIGN_SPEECH_VERBS:
            return None
        end = match.start("verb") + len(first)
    if match.group("clitic"):
        return _FOREIGN_PRONOUNS.get(match.group("clitic"))  # "a-t-on ajouté": nobody named
    rest = text[end:]
    pronoun = rest.split()[0].lower().strip(".,") if rest.split() else ""
    if pronoun == "il" and FOREIGN_ARTICLE_IL and re.match(r"\s+il\s+[^\W\d_]", rest, re.IGNORECASE):
        pronoun = ""  # "ha detto il ministro Marco Velani": Italian "il" is the article, not French "he"
    if pronoun in _FOREIGN_PRONOUNS:
        return _FOREIGN_PRONOUNS[pronoun]
    if FOREIGN_ROLE and pronoun in _FOREIGN_ROLE_PRONOUNS:
        return _FOREIGN_ROLE_PRONOUNS[pronoun]  # "», sagte er"
    role = _FOREIGN_ROLE.match(rest) if FOREIGN_ROLE else None
    apposed = _described_name(rest) if role and FOREIGN_ROLE_APPOSED else None
    if apposed:
        return apposed.group("name")  # "sagte der Präsident des Verbands, Peter Holl": the name beside the role
    if role and not _foreign_name(rest, role.end()):
        if FOREIGN_FEMININE_ROLE and role.group("role").lower() in _FEMININE_ROLES:
            return "the woman " + _FOREIGN_ROLE_NOUNS[role.group("role").lower()]  # "», sagte die Ministerin."
        if FOREIGN_MASCULINE_ROLE and role.group("article") in _MASCULINE_ARTICLES:
            return "the man " + _FOREIGN_ROLE_NOUNS[role.group("role").lower()]  # "», sagte der Minister."
        return "the " + _FOREIGN_ROLE_NOUNS[role.group("role").lower()]  # "», sagte der Minister."
    name = _foreign_name(rest)
    if name is None and FOREIGN_TITLED:
        titled = _FOREIGN_TITLED.match(rest)
        name = _foreign_name(rest, titled.end() - 1) if titled else None  # "a estimé la députée Ada Brun"
    if name is None and FOREIGN_DESCRIBED:
        name = _described_name(rest)
    if name is None and CYRILLIC_ROLE_NAME:
        return _cyrillic_name(_CYRILLIC_ROLE_THEN_NAME.match(rest))  # "— сказал министр Иванов"
    return name.group("name") if name else None


FOREIGN_ACCORDING_BEFORE = rule(
    "speakers.foreign-according-to-before-the-quote",
    "\"Selon le porte-parole du ministère, Paul Ferrand, « ... »\", \"Según Ana Gil, «...»\": a sentence that opens "
    "with another language's \"according to\" and a name set right before the quote is that person's; with no "
    "name read (\"Selon une source, « ... »\") the quote is someone unnamed, not the speaker before it",
)
# The first one to three words of the sentence, each with the end of its run, to look up in the list.
_LEADING_WORD = re.compile(r"\s*[^\W\d_]+(?:['’][^\W\d_]+)?")


def _according_opener(lead_in: str) -> int | None:
    """The end of a foreign "according to" opening the text ("Selon", "De acuerdo con"), or None."""
    ends, words, pos = [], [], 0
    for _ in range(3):
        word = _LEADING_WORD.match(lead_in, pos)
        if word is None:
            break
        words.append(word.group().strip().lower())
        pos = word.end()
        ends.append(pos)
    for n in range(len(words), 0, -1):
        if " ".join(words[:n]) in FOREIGN_ACCORDING:
            return ends[n - 1]
    return None


_ACCORDING_PRONOUNS = {
    "lui": "he", "elle": "she", "él": "he", "ella": "she", "lei": "she", "ele": "he", "ela": "she", "ihm": "he", "ihr": "she"
}


def _foreign_according(lead_in: str) -> tuple[bool, str | None]:
    """Whether the text before a quote opens with a foreign "according to", and the name it gives right before the
    quote ("Según la viceministra, Lucía Ortega, «"), or None when the name is not read or not set just before."""
    opened = _according_opener(lead_in) if lead_in[:1] != "," else None
    if opened is None:
        return False, None
    rest = lead_in[opened:]
    pronoun = re.match(r"\s+(lui|elle|él|ella|lei|ele|ela|ihm|ihr)\s*,", rest)
    if pronoun:
        clause = rest[pronoun.end() :]
        if any(w.lower().strip(",.") in FOREIGN_SPEECH_VERBS for w in clause.split()):
            return True, None  # "Selon lui, le ministre a déclaré « ... »": the minister's words
        return True, _ACCORDING_PRONOUNS[pronoun.group(1)]  # "Selon lui, le gouvernement « cède »": his words
    name = _foreign_name(rest)
    if name is None and FOREIGN_TITLED:
        titled = _FOREIGN_TITLED.match(rest)
        name = _foreign_name(rest, titled.end() - 1) if titled else None
    if name is None and FOREIGN_DESCRIBED:
        described = _FOREIGN_DESCRIBED.match(rest)
        name = _foreign_name(rest, described.end()) if described else None
    if name is not None and name.group("name")[:1] >= "А":
        return True, None  # "По словам Беловой, ...": a Russian name in the genitive, not the form to show
    if name is None or not rest[name.end() :].lstrip().startswith((",", ":")):
        return True, None  # "Selon une source diplomatique, « ... »": someone the copy does not name
    if any(w.lower().strip(",.") in FOREIGN_SPEECH_VERBS for w in rest[name.end() :].split()):
        return True, None  # "Selon Ana Gil, le ministre a déclaré « ... »": the minister's words, not hers
    return True, name.group("name")  # "Selon Paul Ferrand, « ... »", "Selon Paul Ferrand, l'accord « reste valable »"


# "По словам Ветрова, «", "По словам министра Игоря Ветрова, «": the surname in the genitive, right before the quote
# or its comma.
_DECLINED_ACCORDING = re.compile(
    r"\s*[Пп]о\s+словам\s+(?:[а-яё]+\s+){0,3}(?:[А-ЯЁ][а-яё]+\s+)?(?P<name>[А-ЯЁ][а-яё]+)\s*[,:]?\s*$"
)


FOREIGN_VERB_BEFORE = rule(
    "speakers.foreign-verb-before-the-quote",
    "\"Brandt sagte, ihr Land wolle „...“\", \"Auf der Konferenz erklärte die Ministerin: „...“\", \"Анна Соколова "
    "ответила, что ... «...»\": another language's speech verb before the quote in its sentence has the speaker "
    "after it (a name, an article and a role) or, as the sentence's first words, before it; a role with no person "
    "the story named leaves the quote without one, and a capitalised word opening the sentence (\"Er\", \"Auf\") "
    "is never read as its subject",
)
_LEAD_TOKEN = re.compile(r"[^\s,:;«»„“”\"]+")
FOREIGN_TITLED_SUBJECT = rule(
    "speakers.foreign-titled-subject-before-the-verb",
    "\"La portavoz Elena Marsal dijo: «...»\", \"Le président Paul Marnier a déclaré : « ... »\", \"Il presidente "
    "Luca Benvi ha detto: ...\": a sentence that is only an article, a role in lower case and a name before another "
    "language's speech verb is that person's; a clause there (\"El gobierno de Norlandia dijo\") names nobody",
)
# The whole text before the verb: an article, one to three lower-case words, a name of one to three capitalised
# words, and French/Italian/German "a"/"ha"/"hat" (the verb's auxiliary) at most.
_FOREIGN_TITLED_SUBJECT = re.compile(
    r"\s*(?i:le|la|l['’]|el|il|lo|o|a|der|die)\s+(?:(?!(?:de|del|des|du|di|da|do|della|von)\s)[a-zà-ÿ-]+\s+){1,3}"
    r"(?P<name>[A-ZÀ-Ý][\w’'-]+(?:\s+[A-ZÀ-Ý][\w’'-]+){0,2})\s+(?:(?:a|ha|hat|ont)\s+)?$"
)


def _foreign_verb_before(lead_in: str) -> tuple[bool, str | None]:
    """Whether a foreign speech verb stands in the text before a quote, and the speaker it gives, or None."""
    tokens = list(_LEAD_TOKEN.finditer(lead_in))
    k = next((i for i in range(len(tokens) - 1, -1, -1) if tokens[i].group().lower() in FOREIGN_SPEECH_VERBS), None)
    paired = FOREIGN_TITLED_SUBJECT and next(
        (i for i in range(len(tokens) - 1, 0, -1)
         if f"{tokens[i - 1].group()} {tokens[i].group()}".lower() in FOREIGN_SPEECH_VERBS),
        None,
    )  # "ha detto", a verb of two words
    if paired and (k is None or paired > k):
        k = paired - 1
    if k is None:
        return False, None
    verb = tokens[k]
    after = _foreign_attribution(" " + lead_in[verb.start() :].rstrip().rstrip(":"))
    if after:
        return True, after  # "erklärte die Ministerin:", "sagte Felix Mauer:"
    before = lead_in[: verb.start()]
    words = before.split()
    if 1 <= len(words) <= 4 and "," not in before and all(w[:1].isupper() for w in words):
        return True, " ".join(words)  # "Brandt sagte, ihr Land wolle „...“"
    titled = _FOREIGN_TITLED_SUBJECT.match(before) if FOREIGN_TITLED_SUBJECT else None
    if titled:
        return True, titled.group("name")  # "La portavoz Elena Marsal dijo: «...»", "Le président Paul Marnier a déclaré"
    apposed = _APPOSED_BEFORE_VERB.search(before) if FOREIGN_APPOSED_NAME else None
    if apposed:
        return True, apposed.group("name")  # "Le ministre estonien, Tomas Rinn, a répondu : « ... »"
    if CYRILLIC_ROLE_NAME:
        run = _CYRILLIC_RUN_BEFORE.search(before)
        if run:
            return True, _cyrillic_name(run)  # "Представитель МИД Анна Соколова ответила, что ... «...»"
    return True, None


INTERVIEW_ANSWER = rule(
    "speakers.interview-answer",
    "a Q&A interview set as the interviewer's questions (a short paragraph ending in \"?\", no quote in it) each "
    "followed by a paragraph that is the answer in quote marks: the answers with no speaker of their own are the "
    "words of the one person the introduction names (two such pairs at least; none when it names two people)",
)
_QUOTE_OPENING = re.compile(r"\s*[\"“«„‘]")


def _interview_answers(paragraphs: list[str]) -> frozenset[int]:
    """The paragraphs that answer an interviewer's question (INTERVIEW_ANSWER), when there are two or more."""
    answers = [
        i for i in range(1, len(paragraphs))
        if _QUOTE_OPENING.match(paragraphs[i]) and len(paragraphs[i - 1]) <= 400 and not _MARKS.search(paragraphs[i - 1])
    ]  # after an interviewer's line: a question, or a remark put to the person ("Critics say you have ...")
    questions = [i for i in answers if paragraphs[i - 1].rstrip().endswith("?")]
    if len(questions) < 2:
        return frozenset()
    return frozenset(i for i in answers if i >= questions[0])


INTERVIEWER_NAMED = rule(
    "speakers.interviewer-in-the-introduction",
    "\"Tomas Hale spoke to Norland Today about the talks\", \"... told Radio Velm\", \"in an interview with the "
    "Velm Courier\": the name the introduction says the person spoke to is who asks the questions, not who answers",
)
_SPOKE_TO = re.compile(
    r"\b(?:(?:spoke|talked|speaking|talking)\s+(?:to|with)|told|in\s+an\s+interview\s+with|sat\s+down\s+with)"
    r"(?:\s+the)?\s+$",
    re.IGNORECASE,
)


def _interviewee(named: dict[str, Entity]) -> Entity | None:
    """The one person an interview's introduction names with a role ("its energy minister, Petra Lund"), else the
    one person it names at all; None when there are more (INTERVIEW_ANSWER)."""
    people = [e for e in named.values() if any(w in ROLE_NOUNS for role in e.roles for w in role.split())] or list(named.values())
    return people[0] if len(people) == 1 else None


FOREIGN_APPOSED_NAME = rule(
    "speakers.foreign-apposed-name-before-the-verb",
    "\"Le ministre estonien, Tomas Rinn, a répondu : « ... »\", \"El canciller, Tomás Rinn, ha dicho: « ... »\": a "
    "name set off by commas right before another language's speech verb (and its auxiliary) is the speaker, not "
    "the one quoted before",
)
# ", Tomas Rinn, a" / ", Tomás Rinn, ha" / ", Ada Brun, hat": two to four capitalised words between commas, then at
# most an auxiliary, right before the verb.
_APPOSED_BEFORE_VERB = re.compile(
    r",\s*(?P<name>[A-ZÀ-ÞА-ЯЁ][\w’'-]+(?:\s+(?:(?:de|del|da|di|van|von|le|la)\s+)?[A-ZÀ-ÞА-ЯЁ][\w’'-]+){1,3})\s*,\s*(?:[a-zà-ÿ]{1,5}\s+)?$"
)


CYRILLIC_ROLE_NAME = rule(
    "speakers.cyrillic-role-then-name",
    "\"», — заявил министр обороны Норландии Павел Карпов\", \"Министр Павел Карпов заявил: «\": in Russian copy a "
    "role in lower case (no article) and the capitalised words after it, or before the verb, name the speaker: a "
    "first name and a surname when the run is longer (a place in the genitive comes first)",
)
# A role of one to five lower-case Cyrillic words (acronyms such as "ООН" may stand among them), then a run of
# capitalised words that ends the attribution (a full stop, a comma, the end, or a lower-case word). A preposition
# among them ("заявили в МИД Норландии", "сказал источник в правительстве") leaves no person to read.
_CYRILLIC_ROLE_THEN_NAME = re.compile(
    r"\s+(?:(?!(?:в|во|на|по|из|у|с|со|от|для|к|о|об|при|после|перед|за)\s)[а-яё-]+\s+(?:[А-ЯЁ]{2,}\s+)?){1,5}?(?P<run>[А-ЯЁ][а-яё’'-]+(?:\s+[А-ЯЁ][а-яё’'-]+){0,3})(?=[\s.,;!?]|$)"
)
# The capitalised words just before a speech verb and a colon ("Министр обороны Эставии Олег Стрельцов заявил:").
_CYRILLIC_NAME_BEFORE = re.compile(
    r"(?:^|[\s,])(?P<run>[А-ЯЁ][а-яё’'-]+(?:\s+[А-ЯЁ][а-яё’'-]+){0,3})\s+(?P<verb>[а-яё]+)\s*:\s*$"
)


# The capitalised Cyrillic words right before a speech verb ("... Эставии Анна Соколова ответила").
_CYRILLIC_RUN_BEFORE = re.compile(r"(?:^|\s)(?P<run>[А-ЯЁ][а-яё’'-]+(?:\s+[А-ЯЁ][а-яё’'-]+){0,3})\s*$")


def _cyrillic_name(found: re.Match[str] | None) -> str | None:
    """The person in a run of capitalised Cyrillic words: the whole of one or two, the last two of a longer run."""
    if found is None:
        return None
    run = found.group("run").split()
    return " ".join(run[-2:]) if len(run) >= 3 else " ".join(run)


def _cyrillic_before(text: str) -> str | None:
    """The speaker named just before a Russian speech verb and a colon, or None."""
    found = _CYRILLIC_NAME_BEFORE.search(text[-200:])
    if found is None or found.group("verb") not in FOREIGN_SPEECH_VERBS:
        return None
    return _cyrillic_name(found)


def _foreign_verb_follows(text: str) -> bool:
    """Whether another language's speech verb opens the text after a quote ("», a confié un habitant")."""
    match = _FOREIGN_VERB.match(text[:120]) if text[:1] in " ,—–-" else None
    if match is not None and match.group("clitic") == "on":
        return True  # "», a-t-on appris de source diplomatique": a source, not the speaker before
    return match is not None and (
        match.group("verb").lower() in FOREIGN_SPEECH_VERBS or match.group("verb").split()[0].lower() in FOREIGN_SPEECH_VERBS
    )


GERMAN_SO = rule(
    "speakers.german-so-after-the-quote",
    "\"„Die Zeit drängt“, so Brenner.\": German \"so\" right after a quote's closing "
    "mark and a comma names its speaker when the name ends the clause (\", so Norland will\" names no one)",
)
_GERMAN_SO = re.compile(
    r",\s*so\s+(?P<name>[A-ZÀ-Ý][\w’'-]+(?:\s+(?:von\s+)?[A-ZÀ-Ý][\w’'-]+){0,2})\s*(?=[.;]|$)"
)


def _german_so(text: str) -> str | None:
    """The speaker after '“, so Brenner.'; None when "so" opens a clause of its own ('", so Norland will')."""
    found = _GERMAN_SO.match(text)
    if found is None:
        return None
    name = found.group("name")
    return name if name.split()[0].lower() not in FOREIGN_ARTICLES and _looks_like_speaker(name.split()) else None


UNLISTED_DESCRIPTION_THEN_NAME = rule(
    "speakers.unlisted-description-then-name",
    "'\"...,\" said the ecologist Mara Lenn', 'said the host, President Aila Vaara of Lorvia', 'said the summit's host, "
    "Feyland's prime minister, Ragna Holm': a description after the speech verb whose noun no list knows (\"ecologist\", "
    "\"host\"), then a full name, leaves the name as the speaker; the quote had none",
)
_UNLISTED_DESCRIPTION = re.compile(
    r"(?:the|a|an)\s+(?:[\w-]+['’]s\s+)?(?P<words>(?:[a-z-]+\s+){0,2}?[a-z-]+)(?:\s+|(?P<comma>,\s+))"
    r"(?P<owned>[A-Z][\w-]*['’]s\s+(?:[a-z-]+\s+){0,2}[a-z-]+,\s+)?"
    r"(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'-]*){1,3})(?=\s*$|,|\s+(?:of|in|at|from|who|for)\b)"
)

# A description names a person when its noun is one of these, or ends as nouns for people do ("ecologist",
# "beekeeper", "fisherman"); "harbour", "company" and "timetable" do not.
_PERSON_NOUNS = frozenset(("host", "hostess", "poet", "guide", "nurse", "pilot", "priest", "monk", "chef"))
_PERSON_ENDINGS = ("ist", "er", "or", "ian", "man", "woman", "eer", "ant", "ent")


def _name_after_unlisted_description(after_verb: str) -> str | None:
    """The full name after a description that no list knows ("the ecologist Mara Lenn" -> "Mara Lenn", "the host,
    President Aila Vaara" -> "President Aila Vaara"); None when a word of the description is a function word, an
    adverb or an auxiliary, when its noun names no person ("the old harbour, Port Tarsk"), when an owner's role ("Feyland's prime minister,") stands without the comma that sets
    the chain apart, or when the capitalised words are no person's full name (a place, a single word)."""
    found = _UNLISTED_DESCRIPTION.match(after_verb)
    if found is None or (found.group("owned") and not found.group("comma")):
        return None
    described = found.group("words").split()
    if any(w in _NOT_DESCRIPTORS or w in ADVERBS or w in AUXILIARIES or w in PRONOUNS for w in described):
        return None
    if not (described[-1] in _PERSON_NOUNS or described[-1].endswith(_PERSON_ENDINGS)):
        return None  # "said the old harbour, Port Tarsk", "said the shipping company Norvik Lines": no person
    name = found.group("name").split()
    if len(parse_phrase(" ".join(name)).name) < 2 or not _named_person(name):
        return None
    return found.group("name")


def attribution_after(text: str) -> str | None:
    """The speaker phrase right after a quote: ', Lavrov said', ', said Lavrov', ', according to TASS'."""
    so_named = _german_so(text[:120]) if GERMAN_SO and text[:1] == "," and re.match(r",\s*so\s", text) else None
    if so_named:
        return so_named
    if FOREIGN_ATTRIBUTION and text[:1] in " ,—–-":
        foreign = _foreign_attribution(text[:120])
        if foreign:
            return foreign
    relayed = _QUOTED_AS_SAYING.search(text[:200]) if "quoted" in text[:200] else None
    if relayed and _looks_like_speaker(relayed.group(1).split()):
        return relayed.group(1)
    if PARTY_AFFILIATION and "-" in text[:80]:
        text = _AFFILIATION.sub("", text, count=1)  # "Sen. Marco Ruiz, R-Fla., said": the party and state go
    if NEXT_CLAUSE and re.match(r"\s*,?\s*(?:and|but|while|whereas)\s", text):
        return None  # "..., and its leader, Ida Holm, said": the next clause speaks for the next quote
    if WITHHELD_NAME and "name" in text[:200]:
        given = _withheld_name(text[:200])
        if given:
            return given
    if ANONYMOUS_SOURCE and ("anonymity" in text[:200] or "name" in text[:200]):
        anonymous = _anonymous_source(text[:200])
        if anonymous:
            return anonymous
    if ANONYMOUS_BEFORE_ITS_VERB and ("anonymity" in text[:200] or "name" in text[:200]):
        before_verb = _ANONYMOUS_THEN_VERB.match(text[:300])
        if before_verb:
            return before_verb.group("who").split(None, 1)[1]  # "a Kalvian official, who asked ..., said"
    text = _ABBREVIATED.sub(lambda m: m.group(0).replace(".", "\u2024"), text.lstrip(" ,—–-"))
    cut = re.split(r"[.;:!?\"“”«»]|,\s+(?=\w+ing\b)|\s—", text, maxsplit=1)[0].replace("\u2024", ".")
    words = cut.split()
    if not words:
        return None
    if words[0].lower() == "according" and len(words) > 2 and words[1].lower() == "to":
        rest = words[2:]
        if len(rest) > 3 and rest[1].lower() in ("statement", "spokesman", "spokeswoman", "spokesperson", "source") and rest[2].lower() in ("from", "by", "for", "of"):
            rest = rest[3:]  # "according to a statement from the Foreign Ministry"
        phrase = _phrase_until_stop(rest)
        return " ".join(phrase) if _looks_like_speaker(phrase) else None
    if _speech_verb(words[0]):
        phrase = _phrase_until_stop(words[1:])
        opened = next((i for i, w in enumerate(phrase) if w.startswith("(")), 0) if BRACKETED_AFFILIATION else 0
        if opened and phrase[opened - 1][:1].isupper() and not phrase[opened - 1].isupper():
            phrase = phrase[:opened]  # 'said Ada Brun (Greens, Velm North)': the name, not the seat
        appositive = words[1 + len(phrase) : 1 + len(phrase) + 4]
        titled = bool(TITLED_NAME_OF_PLACE) and bool(phrase) and phrase[0].lower() in TITLES
        if NAME_OF_AFFILIATION and (not _looks_like_speaker(phrase) or titled):
            head = _name_before_affiliation(phrase)  # "said Mira Lund of the consultancy Northpoint"
            if head != phrase and _looks_like_speaker(head):
                return " ".join(head)
        if DESCRIPTOR_BEFORE_NAME and not _looks_like_speaker(phrase):
            lead = next((i for i, w in enumerate(phrase) if not (w.isalpha() and w.islower())), len(phrase))
            named = phrase[lead:]
            if (
                1 <= lead <= 2 and len(named) >= 2 and all(w[:1].isupper() for w in named)
                and not any(w.lower() in _NOT_DESCRIPTORS or w.lower() in ADVERBS or w.lower() in AUXILIARIES for w in phrase[:lead])
                and parse_phrase(" ".join(named)).name
            ):
                return " ".join(named)  # "said shopkeeper Lena Dorr", "said local farmer Ivo Brenk"
        modified = _named_after_modified_role(phrase) if not _looks_like_speaker(phrase) else None
        if modified:
            return " ".join(modified)  # "said Norland's climate envoy Paul Sendry"
        if not _looks_like_speaker(phrase):
            described = DESCRIBED_THEN_NAMED and phrase and words[len(phrase)].endswith(",") and len(phrase) <= 6
            kin = KIN_THEN_NAMED and len(phrase) >= 2 and phrase[-1].lower() in KINSHIP and (
                re.search(r"\w['’]s?$", phrase[-2]) is not None or phrase[-2].lower() in ("his", "her", "their")
            )  # "said Solberg's mother, Greta Solberg": a relative, then her name
            if described and (phrase[-1].lower() in ROLE_NOUNS or kin) and appositive:
                named = _phrase_until_stop(appositive)
                if named and all(w[:1].isupper() for w in named) and parse_phrase(" ".join(named)).name:
                    return " ".join(named)  # "said Norland's fisheries minister, Ruth Olafsen"
            if UNLISTED_DESCRIPTION_THEN_NAME:
                return _name_after_unlisted_description(" ".join(words[1:]))  # "said the ecologist Mara Lenn"
            return None
        if not _named_person(phrase) and appositive:
            # "said Norland's trade minister, Anna Korvel": the name set beside the description
            named = _phrase_until_stop(appositive)
            if named and all(w[:1].isupper() for w in named) and parse_phrase(" ".join(named)).name:
                return " ".join(named)
        return _person_of_group(phrase)
    for k in range(1, min(len(words), 11)):
        if _speech_verb(words[k]):
            phrase = [w for w in words[:k]]
            while phrase and phrase[-1].lower() in ADVERBS | AUXILIARIES and not _name_not_modal(phrase[-1], words[k]):
                phrase.pop()
            if BRACKETED_AFFILIATION:
                phrase = _without_bracketed_affiliation(phrase)  # '"...," Ada Brun (Greens, Velm North) said'
            phrase = _drop_appositive(phrase)
            if TITLE_BEFORE_A_NAME_OF_PLACE and NAME_OF_AFFILIATION and "of" in phrase:
                head = _name_before_affiliation(phrase)  # '"...," Trade Minister Ana Pell of Velmora said'
                phrase = head if head != phrase and _looks_like_speaker(head) else phrase
            modified = _named_after_modified_role(phrase) if not _looks_like_speaker(phrase) else None
            if modified:
                return " ".join(modified)  # '"...," Norland's climate envoy Paul Sendry said'
            if not _looks_like_speaker(phrase) and ROLE_COMPLEMENT:
                phrase = _role_head(phrase)
            return _person_of_group(phrase) if _looks_like_speaker(phrase) else None
    if NAME_BEFORE_APPOSITION and len(words) > 11 and (words[1].endswith(",") or words[2].endswith(",")):
        for k in range(11, min(len(words), _SUBJECT_REACH)):
            if _speech_verb(words[k]) and words[k - 1].endswith(","):
                # "..., Davor Kell, Estavia’s deputy minister for trade and a former envoy, told reporters"
                return _name_before_appositions([p.strip() for p in " ".join(words[:k]).rstrip(",").split(",")], words[k])
    return None


# "who gave his name only as Julián", "identified only by her first name, Vera", "who gave only her first name, Mira"
_GIVEN_NAME = re.compile(r"\bname(?:\s+only)?(?:\s+as|,)\s+([A-Z][^\W\d_]+)\b")
# "said a fabric seller who did not want to give her name", "a driver who asked not to be named"
_UNNAMED = re.compile(
    r"\s*(?:said|says|told \w+|added)?\s*((?:a|an|one)\s+(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)"
    r"(?:\s+(?:in|at|from|near|on)\s+(?:the\s+)?[\w’' -]{1,30}?)?,?\s+who\s+"
    rf"{WITHHOLDING}\b[^.;:]{{0,40}}?\b{NAMING}\b"
)


ANONYMOUS_SOURCE = rule(
    "speakers.anonymous-source-described",
    "\"said a European diplomat based in the capital, who spoke on condition of anonymity\", \"according to a senior "
    "Essendran customs official who spoke on condition of anonymity\", \"said a Western diplomat involved in the talks, "
    "who asked not to be named\": the description (capitalised words and a phrase of where or what it does allowed) "
    "is the speaker; read no further, it was no one",
)
# An unnamed source after "said" or "according to": an article, up to three words (a demonym or "Western" among them),
# a noun; perhaps a phrase of where it works or what it took part in; then a who-clause granting anonymity.
_ANONYMOUS = re.compile(
    r"\s*,?\s*(?:(?:said|says|told \w+|added)\s+|according to\s+)((?:a|an|one)\s+(?:[\w-]+\s+){0,3}?[a-z][\w-]*)"
    r"(?:\s+(?:involved in|based in|close to|familiar with|posted (?:in|to)|stationed in|working (?:in|on|for)|in|at|"
    r"from|near|on|with)\s+(?:the\s+)?[\w’' -]{1,30}?)?,?\s+who\s+"
    rf"(?:(?:spoke|talked|was speaking|agreed to speak)\s+on (?:the )?condition of anonymity|{WITHHOLDING}\b[^.;:]{{0,40}}?"
    rf"\b{NAMING}\b)"
)


ANONYMOUS_BEFORE_ITS_VERB = rule(
    "speakers.anonymous-source-before-its-verb",
    "'\"...,\" a Kalvian official, who asked not to be named because the deal was not yet public, said': an unnamed "
    "source right after the quote, its who-clause granting anonymity, and the verb only after that clause, is that "
    "source (\"Kalvian official\"); a who-clause that grants no anonymity gives the description nothing",
)
# Right after the quote: an article, up to three words, a lower-case noun, a comma; a who-clause granting anonymity
# and whatever it goes on to give as the reason (no sentence ends, no quote opens); a comma and the speech verb.
_ANONYMOUS_THEN_VERB = re.compile(
    r"\s*,?\s*(?P<who>(?:a|an|one)\s+(?:[\w’'-]+\s+){0,3}?[a-z][\w-]*),\s+who\s+"
    rf"(?:(?:spoke|talked|was speaking|agreed to speak)\s+on (?:the )?condition of anonymity|{WITHHOLDING}\b[^.;:]{{0,40}}?"
    rf"\b{NAMING}\b)[^.;:!?“”\"]{{0,100}}?,\s+(?:said|says|added|told\s+\w+)\b"
)


ONE_OF_A_GROUP = rule(
    "speakers.one-of-a-group-of-sources",
    "'Two coalition officials said ... \"...,\" said one of the officials' or '\"...,\" one of them said' after "
    "'two people briefed on the talks': one unnamed member of the group of sources just brought in speaks (\"coalition "
    "official\", \"person briefed on the talks\"), not the group and not the person named last; with no such group "
    "just before, nobody",
)
# Right after the quote: "said one of the officials, who ..." or "one of them said".
_ONE_OF_THEM = re.compile(
    r"\s*,?\s*(?:(?P<pre>said|says|added|told\s+\w+)\s+)?one of (?:them|the\s+(?P<noun>[a-z-]+s|people))\b"
    r"(?:,\s+who\b[^.;:“”\"]{0,100}?(?=[,.]))?(?(pre)|,?\s+(?:said|says|added|told\s+\w+)\b)"
)
# A group of sources brought in by its number: "Two coalition officials", "two people briefed on the talks".
_SOURCE_GROUP = re.compile(
    r"\b(?:[Tt]wo|[Tt]hree|[Ff]our|[Ss]everal)\s+(?P<desc>(?:[A-Za-z][\w’'-]*\s+){0,3}?(?P<noun>[a-z-]+s|people))\b"
    r"(?P<tail>\s+(?:briefed on|familiar with|involved in|close to|with knowledge of)\s+the\s+[a-z]+)?"
)


def _anonymous_source(text: str) -> str | None:
    """The description of an unnamed source granted anonymity, without its article ("European diplomat")."""
    found = _ANONYMOUS.match(text)
    before = text[: found.start(1)] if found else ""
    if found is None or not any(_speech_verb(w) for w in before.split()) and "according" not in before:
        return None
    return found.group(1).split(None, 1)[1]


def _withheld_name(text: str) -> str | None:
    """The speaker of an attribution that says the person withheld a name: the first name given, or the
    description when none is ("a fabric seller who did not want to give her name")."""
    clause = re.split(r"[.;:!?\"“”«»]", text.lstrip(" ,—–-"), maxsplit=1)[0]
    if not any(_speech_verb(w) for w in clause.split()):
        return None
    given = _GIVEN_NAME.search(clause)
    if given and given.group(1).lower() not in NOT_NAMES:
        return given.group(1)
    unnamed = _UNNAMED.match(clause)
    return clause[unnamed.start(1) : unnamed.end()] if unnamed else None


PLACE_ADJECTIVE_BEFORE_ROLE = rule(
    "speakers.place-adjective-before-a-modified-role",
    "'\"...,\" Tarskan human rights commissioner Yelena Strova told reporters': a country's adjective opening a role "
    "with lowercase words before it is part of the description, and the full name after the role speaks",
)
# The endings of a country's adjective ("Tarskan", "Norlandic", "Velmoran", "Estavian", "Kessari", "Orlese").
_PLACE_ADJECTIVE = re.compile(r"(?:an|ic|ese|ish|i)$")


ACRONYM_BEFORE_ROLE = rule(
    "speakers.initials-before-a-modified-role",
    "'\"...,\" UNHCR country representative Ada Brun told reporters': an agency's initials opening a role with "
    "lowercase words before it are part of the description, and the full name after the role speaks",
)


def _named_after_modified_role(words: list[str]) -> list[str] | None:
    """ "Norland's climate envoy Paul Sendry" -> "envoy Paul Sendry": the last role word and the full name after
    it, when every word before the role is a possessive name or a lowercase modifier (see MODIFIED_ROLE_BEFORE_NAME)."""
    if not MODIFIED_ROLE_BEFORE_NAME or not 3 <= len(words) <= 7:
        return None
    roles = [i for i, w in enumerate(words[:-2]) if w.lower() in ROLE_NOUNS or w.lower() in TITLES]
    if not roles:
        return None
    at = roles[-1]
    named = words[at + 1 :]
    if not (2 <= len(named) <= 3 and all(w[:1].isupper() and w.isalpha() for w in named)):
        return None
    for i, word in enumerate(words[:at]):
        lowered = word.lower()
        if (
            PLACE_ADJECTIVE_BEFORE_ROLE and i == 0 and word.isalpha() and at >= 2
            and (lowered in DEMONYMS or _PLACE_ADJECTIVE.search(lowered))
        ):
            continue  # "Tarskan human rights commissioner Yelena Strova": the place's adjective, then the role
        if ACRONYM_BEFORE_ROLE and i == 0 and at >= 2 and word.isalpha() and word.isupper() and len(word) >= 2:
            continue  # "WFP country director Ada Brun": the agency's initials, then the modified role
        if word[:1].isupper() and not re.search(r"\w['’]s$", word) and lowered not in ("the", "a", "an"):
            return None  # a name before the role is its own phrase
        if word.islower() and (
            not word.isalpha() or lowered in _NOT_DESCRIPTORS or lowered in ADVERBS or lowered in AUXILIARIES
            or _speech_verb(word)
        ):
            return None
    if not parse_phrase(" ".join(named)).name:
        return None
    return words[at:]


def _role_head(words: list[str]) -> list[str]:
    """ "the Norlandic envoy to the talks" -> "the Norlandic envoy": a role and what it is for."""
    for i, word in enumerate(words):
        if word.lower() in ("to", "for", "at", "on", "in") and i > 0 and words[i - 1].lower() in ROLE_NOUNS:
            return words[:i]
    return words


def _person_of_group(words: list[str]) -> str:
    """ "Pia Lund of the Velm Aid Network" -> "Pia Lund": a named person of an organisation speaks for herself."""
    phrase = " ".join(words).rstrip(",")
    if not PERSON_OF_GROUP or "of" not in words:
        return phrase
    person = words[: words.index("of")]
    if len(person) >= 2 and all(w[:1].isupper() for w in person) and not any(
        w.lower() in TITLES or w.lower() in ROLE_NOUNS or w.lower() in INSTITUTION_HEADS or w.lower() in NOT_NAMES
        for w in person
    ):
        return " ".join(person)
    return phrase


def _phrase_until_stop(words: list[str]) -> list[str]:
    phrase: list[str] = []
    for word in words:
        if word.lower() in _NP_STOP or (phrase and word.lower() in SPEECH_VERBS):
            break
        if RELATIVE_ENDS_SPEAKER and phrase and word.lower() in _RELATIVE_WORDS:
            break
        phrase.append(word)
        if word.endswith(","):
            phrase[-1] = word.rstrip(",")
            break
    return phrase


ROLE_OF_PLACE = rule(
    "speakers.role-of-a-place-is-a-description",
    "\"the mayor of Dursk, Tomas Veld, told ...\": a role of a place or body is a description, and the name beside it "
    "is the speaker (not the place)",
)


def _named_person(words: list[str]) -> bool:
    """Whether a phrase names a person: it has a name, and that name is not the owner of a role ("the mayor of
    Dursk", "the head of the Red Cross")."""
    if not parse_phrase(" ".join(words)).name:
        return False
    if ROLE_OF_PLACE:
        lowered = [w.lower().strip(",") for w in words]
        for i in range(1, len(lowered) - 1):
            if lowered[i] in ("of", "for", "in", "at") and lowered[i - 1] in ROLE_NOUNS:
                return False
    return True


def _drop_appositive(words: list[str]) -> list[str]:
    """'Xi, who has met Kim five times,' -> 'Xi'; 'Zuma, speaking in parliament,' -> 'Zuma'."""
    text = " ".join(words)
    if "," not in text:
        return words
    parts = [p.strip() for p in text.split(",") if p.strip()]
    for part in parts:
        part_words = part.split()
        if part_words and part_words[0].lower() not in ("who", "which", "whose", "a", "an") and not part_words[
            0
        ].lower().endswith("ing"):
            if _looks_like_speaker(part_words):
                candidate = part_words
                # Prefer a name over the description it is set beside ("the minister, Marcelo Ebrard").
                later = [p.split() for p in parts[parts.index(part) + 1 :]]
                for other in later:
                    if other and _looks_like_speaker(other) and parse_phrase(" ".join(other)).name:
                        if not _named_person(candidate):
                            candidate = other
                return candidate
    return words


# "According to Tomas Varga, who heads the delegation, the two sides ...": the source of the whole sentence.
_LEADING_ACCORDING = re.compile(r"\s*according to ([^,]{2,80}?)(?:,\s*(?:who|which)\b[^,]*)?,", re.IGNORECASE)
# A speaker described by what they took part in: "One official involved in the negotiations said".
_DESCRIBED_SOURCE = re.compile(
    r"\b((?:[Aa]n?|[Oo]ne|[Tt]he|[Tt]wo|[Tt]hree|[Ss]everal|[Aa]nother)\s+(?:[\w-]+\s+){0,3}?([\w-]+?)s?)\s+"
    r"(?:involved in|familiar with|close to|briefed on|with knowledge of|present at|who (?:asked|spoke|declined|"
    r"requested))\b[^,.;:]*$"
)
# Cheap tests first: most subjects are neither described sources nor documents.
_SOURCE_CUES = re.compile(r"involved|familiar|close to|briefed|knowledge|present at|who ")
_DOCUMENT_CUES = re.compile(r"communiqu|statement|declaration|readout|text|report|resolution|letter")
# A document described by when it appeared: "The communique published after the two-day meeting said".
_DESCRIBED_DOCUMENT = re.compile(
    r"\b((?:[Tt]he|[Aa]|[Ii]ts|[Tt]heir)\s+(?:[\w-]+\s+){0,2}?(?:communiqu[eé]|statement|declaration|readout|"
    r"text|report|resolution|letter))\s+(?:published|issued|released|adopted|signed|seen|sent|read out)\b[^,.;:]*$"
)


REPORT_INSIDE_A_REPORT = rule(
    "speakers.report-inside-a-report",
    "\"Brun said Hollen told the room: '...'\", \"She said Vell had told the cabinet that the offer was '...'\", "
    "\"According to Marsk, Vell wrote to Dorn that '...'\": a report of what a named person told or wrote, inside "
    "someone else's report, hands the quote to the person named in it; a pronoun there, or a verb that is no speech "
    "(\"Hollen had agreed\"), leaves it with the one who reports",
)
_REPORTED_OPENERS = frozenset(("that",))
_REPORTED_AUXILIARIES = frozenset(("had", "has", "have"))
_REPORTED_VERBS = frozenset(("told", "wrote", "said", "assured", "warned", "informed"))


def _reported_reporter(words: list[str]) -> str | None:
    """The named person whose telling or writing these words report ("Hollen told the room:" -> "Hollen"), when
    they open with a name of at most four words (after an optional "that") and "told"/"wrote"/... follows it."""
    if words[:1] and words[0].lower() in _REPORTED_OPENERS:
        words = words[1:]
    for j, word in enumerate(words[:6]):
        if word.endswith((",", ";", ":")) and j + 1 < len(words) and word.lower().rstrip(",;:") not in _REPORTED_VERBS:
            return None
        if word.lower() not in _REPORTED_VERBS:
            continue
        name = words[:j]
        if name[-1:] and name[-1].lower() in _REPORTED_AUXILIARIES:
            name = name[:-1]
        capitalised = all(w[:1].isupper() and w.isalpha() for w in name)
        if not 1 <= len(name) <= 4 or not capitalised or name[0].lower() in PRONOUNS or name[0] in ("The", "A", "An"):
            return None
        return " ".join(name) if _looks_like_speaker(name) else None
    return None


OWNED_ROLE_NAMED = rule(
    "speakers.its-role-named-after-the-institution",
    "\"The Liberty Party demanded an apology, and its leader, Rosa Hendl, accused Oste of '...'\": a later clause "
    "whose subject is the institution's own officer, named in apposition (\"its leader, NAME,\", \"the party's "
    "chairman, NAME,\") and followed by a speech verb, speaks the quote, not the institution of the first clause",
)
_OWNED_ROLE_NAMED = re.compile(
    r"(?:^|\s)(?:[Ii]ts|[Tt]heir|the\s+[a-z][\w-]*['’]s)\s+(?:own\s+)?(?:[a-z-]+\s+){0,2}?(?P<role>[a-z-]+),\s+"
    r"(?P<name>(?:[A-Z][\w’'.-]*\s+){0,4}?[A-Z][\w’'-]*),\s+(?:(?:has|had|also|then)\s+)?(?P<verb>[a-z]+)\b"
)


def _owned_role_named(words: list[str]) -> str | None:
    """The person named as the institution's officer in these words when a speech verb follows the name ("and its
    leader, Rosa Hendl, accused" -> "Rosa Hendl"); a role no list knows ("its capital, Tarsk,"), a phrase that is
    no person's name, or a name followed by another name (a list) gives None."""
    found = None
    for match in _OWNED_ROLE_NAMED.finditer(" ".join(words)):
        if match.group("role") in ROLE_NOUNS and _speech_verb(match.group("verb")):
            found = match
    if found is None:
        return None
    name = found.group("name").split()
    return found.group("name") if _named_person(name) and _looks_like_speaker(name) else None


def attribution_before(text: str) -> str | None:
    """The subject of the first speech verb before a quote in its sentence ('Lavrov told journalists:')."""
    leading = _LEADING_ACCORDING.match(text) if "ccording" in text[:12] else None
    if leading and _looks_like_speaker(leading.group(1).split()):
        inner = _reported_reporter(text[leading.end() :].split()) if REPORT_INSIDE_A_REPORT else None
        return inner or leading.group(1)
    relayed = _QUOTED_AS_SAYING.search(text) if "quoted" in text else None
    if relayed and _looks_like_speaker(relayed.group(1).split()):
        return relayed.group(1)
    issued = _ISSUED_SAYING.search(text) if STATEMENT_SAYING and ("saying" in text or "stating" in text) else None
    if issued is not None:
        issuer = _subject_before(text[: issued.start()].split(), "said")
        if issuer and issuer.lower() not in PRONOUNS:
            return issuer  # "The ministry put out a statement saying it '...'"
    words = text.split()
    for k, word in enumerate(words):
        if not _speech_verb(word):
            continue
        if word.lower().startswith("according") or k == 0:
            continue
        if RELATIVE_SAYS and _says_inside_a_relative(words, k):
            continue  # "asked whether it had paid the fee that Sorland says is owed": Sorland does not speak here
        if RELATIVE_WHO and k >= 2 and words[k - 1].lower() == "who" and words[k - 2].endswith(","):
            before_who = words[max(0, k - 1 - _SUBJECT_REACH) : k - 2] + [words[k - 2].rstrip(",")]
            antecedent = _subject_before(before_who, word)
            if antecedent and antecedent.lower() not in PRONOUNS:
                return antecedent  # "chaired by the envoy, Ada Brun, who called it"
        subject = _subject_before(words[max(0, k - _SUBJECT_REACH) : k], word)
        if subject and REPORTED_CLAUSE and _in_reported_clause(words, k, subject):
            continue  # "Asked about reports that Norland had promised ..., the spokesman said": he speaks
        if subject is None and HEAD_WITH_PARTICIPLE and k <= _HEAD_REACH:
            headed = _HEAD_WITH_PARTICIPLE.match(" ".join(words[:k]))
            if headed and headed.group(2).lower() in INSTITUTION_HEADS | ROLE_NOUNS:
                return headed.group(1)  # "A committee representing most of the holders said"
        if subject is None and HEAD_WITH_WHO_CLAUSE and k <= _HEAD_REACH:
            described = _HEAD_WITH_WHO.match(" ".join(words[:k]))
            if described and described.group(2).lower() in ROLE_NOUNS:
                return described.group(1)  # "A Tarsk official who sat in on the talks said"
        if subject is None and words[k - 1].lower() == "and":
            subject = _leading_subject(words[: min(k - 1, _SUBJECT_REACH)])  # "Korvel thanked Estavia ... and said"
        perfect = AND_HAS_SAID and k >= 2 and words[k - 1].lower() in ("has", "have", "had") and words[k - 2].lower() == "and"
        if subject is None and perfect:
            subject = _leading_subject(words[: min(k - 2, _SUBJECT_REACH)])  # "Vos thanked the side and has noted:"
        if subject is None and PARTICIPLE_OF_THE_SUBJECT and word.lower().endswith("ing") and words[k - 1].endswith(","):
            subject = _subject_of_main_verb(words[max(0, k - _SUBJECT_REACH) : k])  # "X was guarded, saying"
        if subject and TITLE_BEFORE_A_NAME_OF_PLACE and NAME_OF_AFFILIATION and " of " in subject:
            head = _name_before_affiliation(subject.split())  # "The host, Prime Minister Ada Lind of Tarsk, said"
            subject = " ".join(head) if _looks_like_speaker(head) else subject
        if subject and REPORT_INSIDE_A_REPORT and word.lower() in ("said", "says"):
            inner = _reported_reporter(words[k + 1 :])
            if inner:
                return inner  # "Brun said Hollen told the room:": Hollen speaks
        if subject and OWNED_ROLE_NAMED:
            officer = _owned_role_named(words[k + 1 :])
            if officer:
                return officer  # "The party demanded ..., and its leader, Rosa Hendl, accused": she speaks
        if subject:
            return subject
    match = re.search(r"\baccording to ([^,]+),\s*$", text, re.IGNORECASE)
    if match and _looks_like_speaker(match.group(1).split()):
        return match.group(1)
    return None


RELATIVE_SAYS = rule(
    "speakers.says-inside-a-relative-clause",
    "\"Dana Holm asked whether the government had paid the fee that Sorland says is owed. '...?' she asked\": a "
    "speech verb inside a relative clause, with the verb of what is said right after it (\"that Sorland says is "
    "owed\"), names no speaker of the sentence",
)
_RELATIVE_OPENERS = frozenset(("that", "which", "what"))
_GAP_VERBS = frozenset("is was are were has had will would".split())


def _says_inside_a_relative(words: list[str], k: int) -> bool:
    """Whether the speech verb at k sits in "that Sorland says is owed": a relative word two or three words before
    it, and a finite verb right after it with no object between."""
    if k + 1 >= len(words) or words[k + 1].lower() not in _GAP_VERBS or words[k].endswith(","):
        return False
    return any(w.lower() in _RELATIVE_OPENERS for w in words[max(0, k - 3) : k - 1])


AND_HAS_SAID = rule(
    "speakers.and-has-said",
    "\"Envoy Ivo Lask welcomed the offer and has noted: '...'\": a second verb of the sentence's subject, in the "
    "perfect after \"and\", is that subject's speech as a plain \"and noted\" is",
)


PARTICIPLE_OF_THE_SUBJECT = rule(
    "speakers.saying-after-the-main-verb",
    "\"Her deputy, Ivo Lask, was more cautious, saying he hoped for 'a quiet week'\", \"A ministry aide declined to "
    "comment, saying Norland 'never discusses leaks'\": a comma and \"saying\" go on from the clause's own subject, "
    "not from the speaker of the sentence before",
)
# A finite verb that ends a subject: a past form in -ed or a common irregular one.
_FINITE_VERBS = frozenset(
    "was were is are has had have struck sounded took gave made kept went came stood sought held spoke wrote "
    "broke left put set met".split()
)


def _subject_of_main_verb(words: list[str]) -> str | None:
    """The subject before the clause's first finite verb ("Her deputy, Ivo Lask, was ..." -> "Ivo Lask"); none when
    a relative clause sits in between, whose verb would be taken for the main one."""
    for j, word in enumerate(words):
        if j == 0 or not word.islower():
            continue
        bare = word.rstrip(",")
        if bare in _RELATIVE_WORDS or bare == "that":
            return None
        if bare in _FINITE_VERBS or (bare.endswith("ed") and len(bare) > 4):
            subject = _subject_before(words[:j], "said")
            if subject and subject.split()[0] == "The" and not any(w[:1].isupper() for w in subject.split()[1:]):
                return None  # "The spokeswoman refused ..., saying": someone named before, whom the registry knows
            return subject if subject and subject.split()[0].lower() not in ("it", "they", "we", "i", "you") else None
    return None


TRANSCRIPT_LABEL = rule(
    "speakers.transcript-label-is-no-subject",
    "\"HOLM: We asked the envoy, Ivo Dell, for an interview. He declined\": a transcript's speaker label in capitals "
    "says who talks, it is not the subject a later \"he\" or \"she\" points back to",
)
_TRANSCRIPT_LABEL = re.compile(r"\s*(?P<label>[A-Z][A-Z’'.-]+(?:\s+[A-Z][A-Z’'.-]+){0,3}):\s")
_LABEL_ROLES = frozenset("reporter anchor presenter host interviewer correspondent moderator narrator caller voice q a".split())
STATEMENT_SAYING = rule(
    "speakers.statement-saying",
    "\"The Tarsk ministry put out a statement saying it 'expects calm'\", \"Velmora issued a note stating that '...'\": "
    "the side that issued the statement speaks, not the last speaker before it",
)
_ISSUED_SAYING = re.compile(
    r"\s+(?:issued|put out|released|published|sent out|posted)\s+(?:a|an|its|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:statement|communiqu[eé]|note|message|post|letter|declaration)(?:\s+[\w’'-]+){0,4}?\s+(?:saying|stating)\b"
)
RELATIVE_WHO = rule(
    "speakers.who-after-a-name",
    "\"chaired by the envoy, Ada Brun, who called it 'a first step'\": \"who\" speaks for the name before its comma",
)
HEAD_WITH_PARTICIPLE = rule(
    "speakers.subject-with-an-ing-phrase",
    "\"A committee representing most of the holders said\": the subject is the committee the phrase describes",
)
# The head and its participle phrase open the sentence, with no comma before the verb: read only within this many
# words of the verb's start, so that a sentence of thousands of words is not joined again at every speech verb.
_HEAD_REACH = 3 * 30
_HEAD_WITH_PARTICIPLE = re.compile(r"\s*((?:A|An|The|One)\s+(?:[a-z-]+\s+){0,2}?([a-z]+))\s+[a-z]+ing\b[^,;:]*$")
HEAD_WITH_WHO_CLAUSE = rule(
    "speakers.subject-with-a-who-clause",
    "\"A Tarsk official who sat in on the talks said ...\": the subject is the unnamed person the who-clause "
    "describes, not a name the sentence or the one before mentions",
)
# An unnamed person (determiner, up to two modifiers, a role noun), "who" and its clause, perhaps a participle phrase in
# commas ("..., speaking on condition of anonymity,"), up to the speech verb: read within _HEAD_REACH words.
_HEAD_WITH_WHO = re.compile(
    r"\s*((?:A|An|The|One)\s+(?:[\w’'-]+\s+){0,2}?([a-z]+))\s+who\s+[a-z]+\b[^,;:]*(?:,\s+[a-z]+ing\b[^,;:]*,)?$"
)
REPORTED_CLAUSE = rule(
    "speakers.not-inside-a-reported-clause",
    "a speech verb inside a \"that\" clause (\"reports that Norland promised\") gives no speaker when a later "
    "speech verb of the sentence has one",
)


WRITER_IS_NO_HE = rule(
    "speakers.writer-is-no-he",
    "\"By Ada Brun\" over a column, then \"When the president spoke in 2016, he made a promise. '...,' he said\": "
    "the writer speaks as \"I\", so a \"he\" or \"she\" that would resolve to the byline's name (met again in a "
    "line about the writer) is someone else, left unnamed rather than credited to the writer",
)


DOCUMENT_WORDING = rule(
    "speakers.wording-of-the-agreement",
    "\"Under the 2019 accord, Norland undertook to act 'for as long as pupils remain'\": a phrase quoted in a sentence "
    "that opens with the agreement it is under is the agreement's wording",
)
_UNDER_DOCUMENT = re.compile(
    r"\s*Under\s+((?:the|its|their)\s+(?:[\w’'-]+\s+){0,3}?(?i:accord|agreement|treaty|protocol|deal|pact|charter|"
    r"memorandum|declaration|communiqu[eé]|resolution|text|plan|roadmap|road map)),"
)
UNREAD_ATTRIBUTION = rule(
    "speakers.unread-attribution-inherits-nothing",
    "\"'...,' said a woman at the bus stop\": a quote with a speech verb of its own whose speaker cannot be named "
    "is kept without one, not given to the speaker before it",
)


FOREIGN_UNREAD = rule(
    "speakers.foreign-unread-attribution",
    "a quote followed by another language's speech verb has a speaker of its own: if the copy cannot name them, the "
    "quote is kept without one, not given to the speaker before it",
)


FOREIGN_VERB_ALONE = rule(
    "speakers.foreign-verb-alone-goes-on",
    "\"A ministra, Beatriz Lameiras, recebeu o anúncio. «...», afirmou.\": a quote opening its sentence with a "
    "speech verb and no subject after it (Spanish, Portuguese, Italian write none) is the one person the sentence "
    "before names beside a role; with none or two, nobody (never the speaker before)",
)
# A name of two or three capitalised words set beside a role: after a comma ("..., Beatriz Lameiras,") or a word
# in lower case ("o analista Henrique Valadares"), and followed by a comma or a word in lower case.
_OF_WORDS = frozenset(("de", "do", "da", "dos", "das", "del", "des", "du", "di", "della", "von", "vom", "of"))
_NAMED_BESIDE_A_ROLE = re.compile(
    r"(?:,\s+|(?<=[a-zà-ÿа-яёіїєґ]) )(?P<name>[A-ZÀ-ÝА-ЯЁІЇЄҐ][\w’'-]+(?:\s+[A-ZÀ-ÝА-ЯЁІЇЄҐ][\w’'-]+){1,2})"
    r"(?=\s*,|\s+[a-zà-ÿа-яёіїєґ])"
)
_VERB_ALONE = re.compile(r"[\s,—–-]*[^\W\d_]+\s*[.!?…]?\s*$")


FOREIGN_PRONOUN_JUST_NAMED = rule(
    "speakers.foreign-pronoun-is-the-one-just-named",
    "\"Депутат оппозиции Глеб Курганов назвал ... «...», — сказал он.\": a pronoun after another language's speech "
    "verb, for a quote opening its sentence, is the one person the sentence before names beside a role",
)


_UKRAINIAN_PRONOUN = re.compile(r"[\s,—–-]*[^\W\d_]+\s+(він|вона)\b", re.IGNORECASE)
# Words before a name that make it an object, not the sentence's subject ("встретился с депутатом Глебом ...").
_OBJECT_PREPOSITIONS = frozenset(
    "с со в во на к у з із до від для with to at by à avec chez par en con com por mit bei zu nach".split()
)


FOREIGN_REPORTED_BEFORE = rule(
    "speakers.foreign-reported-speech-names-the-next-quote",
    "\"Die Gespräche seien gescheitert, gab der Energieexperte Walter Gsellmann zu bedenken. »...«\": a quote with no "
    "attribution right after a sentence of its paragraph that ends on a German speech verb and a name (the verb "
    "first, its particle last) is that person's, not the speaker of the paragraph before",
)
# ", gab der Energieexperte Walter Gsellmann zu bedenken.", ", sagte die Analystin Ilse Brand.": the verb, an
# article and up to two capitalised role words (German writes nouns capitalised), a name of two words, the
# separable verb's particle, the stop.
_GERMAN_REPORTED_TAIL = re.compile(
    r",\s+(?P<verb>[a-zäöüß]+)\s+(?:(?:der|die)\s+(?:[A-ZÄÖÜ][\wäöüß-]+\s+){0,2}?)?"
    r"(?P<name>[A-ZÄÖÜ][\wäöüß’'-]+\s+[A-ZÄÖÜ][\wäöüß’'-]+)(?:\s+(?P<particle>zu\s+bedenken|an|hinzu|ein|fest))?\s*\.$"
)
# Separable speech verbs read only with their particle: "gab ... zu bedenken", "fügte ... hinzu".
_GERMAN_SEPARABLE = {
    "gab": ("zu bedenken", "an"), "fügte": ("hinzu",), "räumte": ("ein",), "merkte": ("an",), "stellte": ("fest",),
}


def _german_reported_name(sentence: str) -> str | None:
    """The name a German sentence of reported speech ends on after its verb (FOREIGN_REPORTED_BEFORE), or None."""
    found = _GERMAN_REPORTED_TAIL.search(sentence.rstrip())
    if found is None:
        return None
    verb, particle = found.group("verb"), " ".join((found.group("particle") or "").split())
    if particle:
        return found.group("name") if particle in _GERMAN_SEPARABLE.get(verb, ()) else None
    return found.group("name") if verb in FOREIGN_SPEECH_VERBS and verb not in _GERMAN_SEPARABLE else None


TURKISH_NAME_FIRST = rule(
    "speakers.turkish-name-before-the-quote",
    "Turkish writes 'Kalender, \"...\" dedi.': with dedi / diye konuştu / ifadelerini kullandı after the quote, the "
    "speaker is the name that opens the sentence before a comma (after its titles), and nobody when the sentence "
    "opens otherwise ('bir diplomat ise'); 'Ağaoğlu’nun tepkisi ... :' before a quote is Ağaoğlu's",
)
_TURKISH_VERB_AFTER = re.compile(
    r"\s*(?:dedi|diye\s+(?:konuştu|ekledi|yazdı|sordu|belirtti)|ifadelerini\s+kullandı|ifadesini\s+kullandı|"
    r"şeklinde\s+konuştu)\b"
)
_TR_UPPER, _TR_WORD = "A-ZÇĞİÖŞÜ", "[\\wçğıöşüâîû’'-]"
_TURKISH_OPENING_RUN = re.compile(rf"\s*(?P<run>(?:[{_TR_UPPER}]{_TR_WORD}*\s+){{0,6}}[{_TR_UPPER}]{_TR_WORD}*)\s*(?:ise\s*)?,")
_TURKISH_GENITIVE = re.compile(
    rf"(?P<name>[{_TR_UPPER}]{_TR_WORD}+(?:\s+[{_TR_UPPER}]{_TR_WORD}+){{0,2}})['’](?:n?[ıiuü]n)\s+"
    r"(?:tepkisi|açıklaması|yorumu|sözleri|yanıtı|değerlendirmesi)\b[^:]{0,40}:\s*$"
)
# Titles that stand before a Turkish name ("Dışişleri Bakanı Murat Kalender"): the name is what follows the last.
_TURKISH_TITLES = frozenset(
    "bakan bakanı bakanlığı sözcü sözcüsü dışişleri milletvekili cumhurbaşkanı başbakan büyükelçi büyükelçisi "
    "başkan başkanı genel sekreter sekreteri vali valisi".split()
)


def _turkish_opening_name(lead: str) -> str | None:
    """The name opening a Turkish sentence before its first comma, after its titles; None when none opens it."""
    run = _TURKISH_OPENING_RUN.match(lead)
    if run is None:
        return None
    words = run.group("run").split()
    last_title = max((i for i, w in enumerate(words) if w.lower().replace("i̇", "i") in _TURKISH_TITLES), default=-1)
    name = words[last_title + 1 :]
    return " ".join(name) if name and len(name) <= 3 else None


FOREIGN_UNNAMED_AFTER = rule(
    "speakers.foreign-unnamed-after-the-verb-is-nobody",
    "\"Aus Regierungskreisen hieß es, ... „...“, sagte ein hoher Beamter\": another language's speech verb after the "
    "quote with no name read after it is someone unnamed; the quote keeps no speaker, not the sentence's opening words",
)


def _foreign_verb_alone(after: str) -> bool:
    """Whether the text after a quote is a speech verb and nothing else ("», afirmó.", "», explicou")."""
    return _VERB_ALONE.fullmatch(after[:60]) is not None and len(after) <= 60


FOREIGN_INDEFINITE_SUBJECT = rule(
    "speakers.foreign-indefinite-subject-is-unnamed",
    "\"Uma fonte diplomática ouvida pelo jornal disse que «...»\", \"Un funcionario explicó que «...»\": a sentence "
    "opening on an indefinite article before another language's speech verb quotes someone unnamed; the quote keeps "
    "no speaker, not the one before it",
)
_INDEFINITE_OPENING = re.compile(r"\s*(?:Uma|Um|Una|Uno|Un|Une|Ein|Eine|Einer|Uno)\s+[^\W\d_]")


def _has_attribution(masked: str, q: Span, next_open: int, s_start: int, s_end: int) -> bool:
    """Whether a speech verb right after the quote says someone speaks ("...," said a woman at the stop)."""
    lead = masked[s_start : q.open_at] if q.open_at - s_start <= _WINDOW else ""  # bounded: linear time
    if FOREIGN_ACCORDING_BEFORE and lead and _foreign_according(lead)[0]:
        return True  # "Selon une source diplomatique, « ... »": a source of its own, named or not
    if FOREIGN_VERB_BEFORE and lead and _foreign_verb_before(lead)[1]:
        return True  # "erklärte die Ministerin: „...“" with no minister the story named: hers, not the last speaker's
    if FOREIGN_INDEFINITE_SUBJECT and lead and _INDEFINITE_OPENING.match(lead) and _foreign_verb_before(lead)[0]:
        return True  # "Uma fonte diplomática ... disse que «...»": someone unnamed, not the speaker before
    if q.closed and korean.KOREAN_SUBJECT and korean.is_korean(masked[q.close_at + 1 : q.close_at + 12]):
        if korean.speaker(lead, masked[q.close_at + 1 : min(next_open, s_end)])[0]:
            return True  # "“...”라고 한 관계자는 말했다": someone speaks whom the copy does not name
    if q.closed and TURKISH_NAME_FIRST and _TURKISH_VERB_AFTER.match(masked, q.close_at + 1, min(next_open, s_end)):
        return True  # 'bir diplomat ise "..." diye konuştu': someone speaks whom the copy does not name
    if q.closed:
        after = masked[q.close_at + 1 : min(next_open, s_end)].lstrip(" ,—–-")
        clause = re.split(r"[.;:!?]", after, maxsplit=1)[0].split()[:8]
        if FOREIGN_UNREAD and _foreign_verb_follows(masked[q.close_at + 1 : min(next_open, s_end)]):
            return True  # "», a confié un habitant": someone speaks whom the copy does not name
        return any(_speech_verb(w) for w in clause)
    return False


def _opening_clause_end(sentence: str) -> int:
    """Where a sentence's main clause may begin: after a dateline and any opening adverbial clauses
    ("After meeting Brun, ...", "When Kord announced the pullout, ...")."""
    skip_before = 0
    if DATELINE_NO_SUBJECT:
        skip_before = len(sentence) - len(strip_dateline(sentence))
    if NOT_IN_OPENING_CLAUSE:
        position = skip_before
        while True:
            comma = sentence.find(",", position)
            head = sentence[position:comma].split() if comma > 0 else []
            asked = ASKED_CLAUSE and head[:1] == ["Asked"] and len(head) > 1 and head[1].lower() in _ASKED_ABOUT
            if not head or (head[0].lower() not in PREPOSITIONS | _SUBORDINATORS and not asked) or comma > len(sentence) - 10:
                break
            position = comma + 1
        skip_before = max(skip_before, position)
    return skip_before


def _subject_candidates(sentence: str, mentions: list[tuple[int, Entity]]) -> list[tuple[int, Entity]]:
    """The mentions that may be a sentence's subject: not a dateline, an opening clause or a role's owner."""
    skip_before = _opening_clause_end(sentence)
    kept = [m for m in mentions if m[0] >= skip_before]
    if NAMED_IN_APPOSITION:
        for k in range(len(kept) - 1):
            between = sentence[kept[k][0] : kept[k + 1][0]]
            role = _APPOSED_ROLE.fullmatch(between)
            if (
                role and (role.group(1).lower() in ROLE_NOUNS or KIN_IN_APPOSITION and role.group(1).lower() in _KIN)
                and kept[k + 1][1].kind == "person"
                and (
                    all(_is_np_word(w) or KIN_IN_APPOSITION and w.lower().rstrip(",") in _KIN for w in between.split())
                    or (OWNED_ROLE_MODIFIERS and _OWNED_ROLE_PHRASE.fullmatch(between) is not None)
                )
            ):
                return kept[:k] + kept[k + 1 :]  # "Gallan's chief negotiator, Davor Kell, stopped"
    return kept


def _in_reported_clause(words: list[str], k: int, subject: str) -> bool:
    """Whether the subject of the speech verb at k opens a "that"/"whether" clause and a later verb speaks."""
    end = k
    while end > 0 and words[end - 1].lower() in ADVERBS | AUXILIARIES:
        end -= 1  # "Norland had promised": the subject ends before its auxiliary
    start = end - len(subject.split())
    if start <= 0 or words[start - 1].lower() not in ("that", "whether"):
        return False
    return any(_speech_verb(w) for w in words[k + 1 :])


COLON_SENDER = rule(
    "speakers.sender-before-a-colon",
    "\"A post from the rebels' spokesman, Ilan Vesk, on social media: '...'\", \"... drew a reply from Ada Brun: '...'\": "
    "with no speech verb, the one a post, reply or message is from speaks, not the sentence's opening words",
)
_SENT_FROM = re.compile(
    r"\b(?:post(?:ed)?|message|reply|replies|response|tweet|letter|note|statement|line|answer|words|comment)\s+"
    r"(?:[a-z]+\s+){0,2}?(?:from|by)\s+(?P<who>.+?)\s*:\s*$",
    re.IGNORECASE,
)


NAMED_LABEL = rule(
    "speakers.label-named-after-its-comma",
    "a fact sheet's \"Norland's Minister for Home Affairs, Ada Brun: '...'\": a description, a comma and a name, then "
    "the colon: the name speaks, not the description's first words",
)


def _named_label(lead_in: str) -> str | None:
    """The name after the last comma of a colon's lead-in that is only a description and a name."""
    head, _, tail = lead_in.rstrip().rstrip(":").rpartition(",")
    words = tail.split()
    if not head or not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return None
    described = any(w.lower() in TITLES or w.lower() in ROLE_NOUNS for w in head.split())
    if not described or not head[:1].isupper() or len(parse_phrase(tail).name) < 2:
        return None  # "In Velm, Norland and Tarsk:" describes nobody
    return " ".join(words)


def _sender_before_colon(lead_in: str) -> str | None:
    """The sender named in a colon's lead-in: "a reply from Ada Brun:" -> "Ada Brun"; "a post from the rebels'
    spokesman, Ilan Vesk, on social media:" -> "Ilan Vesk" (the name set beside the description)."""
    sent = _SENT_FROM.search(lead_in)
    if sent is None:
        return None
    parts = [p.strip() for p in sent.group("who").split(",")]
    named = [p for p in parts[1:] if p and all(w[:1].isupper() for w in p.split()) and parse_phrase(p).name]
    if named:
        return named[0]  # "the rebels' spokesman, Ilan Vesk, on social media"
    words = re.split(r"\s+(?:on|in|at|via|after|during|to)\s+", parts[0], maxsplit=1)[0].split()
    return " ".join(words) if words and _looks_like_speaker(words) else None


ROUNDUP_LABEL = rule(
    "speakers.roundup-label-names-in-brackets",
    "\"NORLAND (Prime Minister Ada Brun): '...'\": a reactions roundup heads each quote with the side and, in "
    "brackets, who spoke for it; the person in the brackets speaks, and a bracket with no name leaves the side",
)
# The side a roundup entry opens on (capitalised words), its bracket, and the colon that ends the label.
_ROUNDUP_LABEL = re.compile(r"\s*(?P<side>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s*\((?P<who>[^()]{3,80})\)\s*:\s*")


def _roundup_label(lead_in: str) -> str | None:
    """The speaker of a roundup label: the person named in its brackets ("Ada Brun" in "NORLAND (Prime Minister
    Ada Brun)" or "NORLAND (Ada Brun, prime minister)"), else the side, written as a name ("Norland")."""
    found = _ROUNDUP_LABEL.fullmatch(lead_in)
    if found is None:
        return None
    for part in found.group("who").split(","):
        phrase = parse_phrase(part.strip())
        if phrase.name:
            return " ".join(phrase.name)
    side = found.group("side")
    return side.title() if side.isupper() else side


MODIFIER_BEFORE_ROLE = rule(
    "speakers.capitalised-modifier-before-a-role",
    "'One Velmoran aide fumed: \"...\"': a lone capitalised word before a lowercase role opening a colon's lead-in "
    "describes that role; the speaker is the aide, not a person named by the modifier",
)


CONNECTIVE_OPENER = rule(
    "speakers.connective-before-the-subject",
    "\"In turn, Envoy Ivo Lask thanked the side and noted: '...'\": a connective opening the sentence (in turn, for "
    "his part, meanwhile) is no part of the subject that speaks after it",
)
_CONNECTIVE = re.compile(
    r"^\s*(?:In turn|In return|In response|In reply|For (?:its|his|her|their|our) part|Meanwhile|However|Later),\s+"
)


APPOSED_NAME_OPENS = rule(
    "speakers.name-in-apposition-before-and-said",
    "\"Tarsk's captain, Ivo Lask, shook hands with his rival and said ...\": the clause's subject, read back from a "
    "later \"and said\", is the person named in commas after the role, not the role",
)
# A role (a side's possessive or "The", up to three lower-case words, the role noun), then a name of two or three
# capitalised words in commas, then the lower-case verb of the clause.
_APPOSED_NAME_OPENING = re.compile(
    r"(?:[A-Z][\w-]*(?:\s[A-Z][\w-]*)*['’]s|The|the)\s(?:[a-z-]+\s){0,3}?([a-z-]+),\s+"
    r"((?:[A-Z][\w’'-]+\s){1,2}[A-Z][\w’'-]+),\s+[a-z]"
)


def _leading_subject(words: list[str]) -> str | None:
    """The noun phrase that opens a clause ("Minister Anna Korvel thanked ..." -> "Minister Anna Korvel")."""
    owned = _ITS_INSTITUTION_PHRASE.match(" ".join(words)) if ITS_INSTITUTION and words[:1] in (["Its"], ["Their"]) else None
    if owned and owned.group(2).lower() in INSTITUTION_HEADS:
        return owned.group(1)  # "Its foreign ministry summoned ... and asked"
    phrase: list[str] = []
    opening = strip_dateline(" ".join(words))
    if CONNECTIVE_OPENER:
        opening = _CONNECTIVE.sub("", opening, count=1)  # "In turn, Mr. Pieter Vos has thanked ... and noted:"
    if APPOSED_NAME_OPENS:
        apposed = _APPOSED_NAME_OPENING.match(opening)
        role = apposed.group(1).lower() if apposed else ""
        if apposed and (role in ROLE_NOUNS or role in TITLES) and _looks_like_speaker(apposed.group(2).split()):
            return apposed.group(2)  # "Tarsk's captain, Ivo Lask, shook hands ... and said": Lask, not Tarsk's captain
    for word in opening.split():
        if (
            MODIFIER_BEFORE_ROLE and phrase and word.lower() in ROLE_NOUNS and word.islower()
            and len([w for w in phrase if w.lower() not in ("a", "an", "one", "the")]) == 1
        ):
            phrase.append(word)  # "One Velmoran aide fumed:": the capitalised word describes the aide
            break
        if word.endswith(",") or not _is_np_word(word) or (phrase and not word[:1].isupper() and word.lower() not in TITLES):
            if word.endswith(",") and _is_np_word(word.rstrip(",")):
                phrase.append(word.rstrip(","))
            break
        phrase.append(word)
    return " ".join(phrase) if phrase and _looks_like_speaker(phrase) else None


# A subject is never further than this many words before its verb (an inserted clause included): the bound keeps
# every look-back constant, so a long sentence with many speech verbs is still read in linear time.
_SUBJECT_REACH = 30


NAME_BEFORE_INFLECTED_VERB = rule(
    "speakers.capitalised-may-before-an-inflected-verb",
    "\"May said\", \"May also told\": a capitalised May or Will before a verb in the past or with -s is a name; the "
    "modal takes the bare verb (\"May I add\")",
)


def _name_not_modal(word: str, verb: str) -> bool:
    """Whether a capitalised "May" or "Will" before this speech verb is a name (the verb is not a bare form)."""
    if not NAME_BEFORE_INFLECTED_VERB or word not in ("May", "Will"):
        return False
    verb = verb.lower().strip(",.:;")
    return verb.endswith(("ed", "s")) or verb in ("said", "told", "wrote", "spoke")


def _subject_before(words: list[str], verb: str = "") -> str | None:
    words = words[-_SUBJECT_REACH:]
    if BRACKETED_AFFILIATION:
        words = _without_bracketed_affiliation(words)
    text = " ".join(words)
    described = _DESCRIBED_SOURCE.search(text) if _SOURCE_CUES.search(text) else None
    if described and described.group(2).lower() in ROLE_NOUNS:
        return text[described.start(1) :].strip()
    document = _DESCRIBED_DOCUMENT.search(text) if _DOCUMENT_CUES.search(text) else None
    if document:
        return document.group(1)
    words = list(words)
    while words and words[-1].lower().rstrip(",") in ADVERBS | AUXILIARIES:
        if CAPITALISED_MODAL and words[-1][:1].isupper() and len(words) > 1:
            break  # "Mrs May said": a capital inside a sentence is a name, not the modal "may"
        if len(words) == 1 and _name_not_modal(words[-1], verb):
            break  # "May also told reporters" opening a sentence: the modal would take "tell"
        words.pop()
    if not words:
        return None
    if words[-1].endswith(","):
        return _subject_across_commas(words, verb)
    phrase: list[str] = []
    while words and not words[-1].endswith(",") and _is_np_word(words[-1]):
        phrase.insert(0, words.pop())
    if STORY_PLACES and len(words) >= 2 and words[-1] in ("in", "from") and phrase and phrase[0][:1].isupper():
        role = words[-2].lower()
        group = GROUP_IN_A_PLACE and role in _NON_STATE_HEADS
        post = POST_IN_A_PLACE and role in _DIPLOMATIC_POSTS  # "Norland's embassy in Tarsk said": not Tarsk
        if (role in ROLE_NOUNS or group or post) and not words[-2].endswith(","):
            owner: list[str] = []
            rest = words[:-1]
            while rest and not rest[-1].endswith(",") and _is_np_word(rest[-1]):
                owner.insert(0, rest.pop())
            if owner:
                return " ".join(owner + [words[-1]] + phrase)  # "A diplomat in Sable said": not the town
    if SPEAKS_FOR_A_NAMED_PERSON and len(words) >= 2 and phrase and (words[-2].lower(), words[-1]) in _SPEAKS_FOR:
        named = _name_before_affiliation(phrase) if NAME_OF_AFFILIATION else phrase
        person = parse_phrase(" ".join(named))
        if not person.lead and len(person.name) >= 2 and not any(w.lower() in INSTITUTION_HEADS for w in person.name):
            return f"{' '.join(named)}'s {words[-2].lower()}"  # "a spokeswoman for Minister Ada Brun said": not Brun
    if WEEKDAY_AFTER_PREPOSITION and words and words[-1].lower() in PREPOSITIONS and len(phrase) > 1:
        if phrase[0].lower() in WEEKDAYS:
            phrase.pop(0)  # "Late on Tuesday the government said": the day, then the speaker
    while phrase and phrase[0].lower() in NOT_NAMES and phrase[0].lower() not in PRONOUNS and len(phrase) > 1:
        if phrase[0].lower() in ("the", "a", "an", "one"):
            break
        if ITS_INSTITUTION and phrase[0] in ("Its", "Their") and phrase[-1].lower() in INSTITUTION_HEADS:
            break  # "Its foreign ministry said"
        if HIS_INSTITUTION and _OFFICE.match(" ".join(phrase)):
            break  # "His ministry said": the ministry speaks
        popped = phrase.pop(0).lower()
        if popped in PREPOSITIONS and len(phrase) > 1 and time_after_preposition(phrase[0].lower()):
            phrase.pop(0)  # "In May Russia said", "On Tuesday the foreign ministry said": the time, then the speaker
        elif LAST_MONTH_OPENS and popped in ("last", "next", "this") and len(phrase) > 1 and (
            phrase[0].lower() in MONTHS or phrase[0].lower() in WEEKDAYS
        ):
            phrase.pop(0)  # "Last September Norland promised": the time, then the speaker
    if NAME_OF_AFFILIATION:
        phrase = _name_before_affiliation(phrase)
    return " ".join(phrase) if _looks_like_speaker(phrase) else None


SPEAKS_FOR_A_NAMED_PERSON = rule(
    "speakers.spokesperson-for-a-named-person",
    "\"A spokeswoman for Trade Minister Olaf Brenner said ...\", \"an aide to Ada Brun said\": the one who speaks "
    "for a named person is that person's spokeswoman or aide, never the person (nor their gender)",
)
# A role noun that speaks for someone, and the preposition that names whom.
_SPEAKS_FOR = frozenset(
    [(r, "for") for r in ("spokesman", "spokeswoman", "spokesperson")] + [(r, "to") for r in ("aide", "adviser", "advisor")]
)


BRACKETED_AFFILIATION = rule(
    "speakers.affiliation-in-brackets",
    "\"Ada Brun (Green Party, Velm North) asked\", \"Tor Lind (Liberals) said\": the brackets after a name hold its "
    "party or seat; the name before them speaks, not the seat or the party",
)


def _without_bracketed_affiliation(words: list[str]) -> list[str]:
    """The words before a subject's closing bracket group, when the group follows a capitalised word and closes
    just before the verb: "Ada Brun (Green Party, Velm North)" -> "Ada Brun"."""
    if not words or not words[-1].rstrip(",").endswith(")"):
        return words
    for k in range(len(words) - 1, max(-1, len(words) - 7), -1):
        if words[k].startswith("("):
            named = k > 0 and words[k - 1][:1].isupper() and not words[k - 1].isupper()  # "MORE (Texas)": page debris
            if named and not words[k - 1].endswith((",", ".", ")")):
                return words[:k]
            return words
    return words


NAME_OF_AFFILIATION = rule(
    "speakers.name-before-its-affiliation",
    "\"Professor Ida Holm of the University of Brask said\": the person named before \"of the ...\" speaks, not the "
    "place or body that closes the phrase",
)


TITLED_NAME_OF_PLACE = rule(
    "speakers.titled-name-of-a-place",
    "\"said Minister Zoë Brun of Norland\": a title, a first name and a surname before \"of\" and a place name the "
    "person, not the place (\"Minister of Foreign Affairs Ada Brun\" keeps its role's \"of\")",
)


TITLE_BEFORE_A_NAME_OF_PLACE = rule(
    "speakers.title-inside-a-name-of-a-place",
    "\"Trade Minister Ana Pell of Velmora said\", \"Prime Minister Oskar Lind of Tarsk said\": a title that opens "
    "on a word of its portfolio still makes the name before \"of\" and a place the person, not the place",
)


def _name_before_affiliation(phrase: list[str]) -> list[str]:
    """The words before "of the ..." when they name a person with a first name and a surname (not "the mayor of
    Dursk", "Minister of Foreign Affairs Ada Brun", whose "of" is part of a role)."""
    lowered = [w.lower() for w in phrase]
    if "of" not in lowered:
        return phrase
    at = lowered.index("of")
    if at + 1 >= len(phrase):
        return phrase
    head = phrase[:at]
    titled = bool(head) and head[0].lower() in TITLES
    if TITLE_BEFORE_A_NAME_OF_PLACE and not titled:
        titled = any(w.lower() in TITLES for w in head[:-2])  # "Trade Minister Ana Pell of Velmora said"
    if lowered[at + 1] != "the" and not (TITLED_NAME_OF_PLACE and titled):
        return phrase  # "Zoë Brun of Norland" alone is already read as her; a title before it was read as a role
    name = parse_phrase(" ".join(head)).name
    if len(name) >= 2 and head[-1] == name[-1] and head[-1].lower() not in ROLE_NOUNS | INSTITUTION_HEADS:
        return head
    return phrase


PARTICIPLE_CLAUSE = rule(
    "speakers.participle-clause-before-the-verb",
    "\"A spokesman for the rebels, reached by telephone, said\": a clause opened by a past participle is set into the "
    "sentence, and the subject stands before it",
)


PREPOSITION_CLAUSE = rule(
    "speakers.place-or-time-clause-before-the-verb",
    "\"Ada Brun, on a visit to Vel, said\": a clause of place or time set in by commas leaves the subject before it",
)
_SETTING_PREPOSITIONS = frozenset("on in at during after before while".split())


NAME_BEFORE_APPOSITION = rule(
    "speakers.name-before-its-description",
    "\"Lena Varga, 54, a former judge, said\", \"Tomas Veld, the mayor of Dursk, said\": a name followed by what "
    "describes it (an age, a role, a side's role) is the subject, however long the description",
)


TIME_BEFORE_APPOSITION = rule(
    "speakers.now-a-role-in-commas",
    "\"Former Trade Minister Ivo Sarn, now an opposition senator, said ...\": a description set in by commas may "
    "open on a time word (now, then, once, formerly, later); the name before it speaks, not the speaker before",
)
_APPOSITION_TIMES = frozenset("now then once formerly later since still currently".split())


def _is_apposition(part: str) -> bool:
    """A comma part that describes the name before it: "a former judge", "54", "Estavia’s deputy minister ...",
    "chair of the committee since 2019"."""
    words = part.split()
    if TIME_BEFORE_APPOSITION and len(words) > 1 and words[0].lower() in _APPOSITION_TIMES:
        words = words[1:]  # "Ivo Sarn, now an opposition senator,": the description after the time word
    if not words:
        return False
    first = words[0].lower()
    if first in ("a", "an", "the") or first.isdigit():
        return len(words) == 1 or not any(_speech_verb(w) for w in words[1:])
    if re.search(r"\w['’]s$", words[0]) and len(words) > 1:
        return words[1].lower() not in AUXILIARIES  # "Estavia’s deputy minister", not "Brun’s been"
    return first in ROLE_NOUNS and (len(words) == 1 or words[1].lower() in ("of", "for", "at", "to", "and"))


def _name_before_appositions(parts: list[str], verb: str) -> str | None:
    """The name before one or more descriptions set in by commas ("Lena Varga, 54, a former judge,")."""
    k = len(parts) - 1
    while k > 0 and _is_apposition(parts[k]):
        k -= 1
    if k == len(parts) - 1 or k < 0:
        return None
    head = parts[k].split()
    if not head or not head[-1][:1].isupper():
        return None
    name = _subject_before(head, verb)
    if not name:
        return None
    named = name.split()
    capitalised = [w for w in named if w[:1].isupper()]
    if len(capitalised) < 2 or not all(w[:1].isupper() or w.lower() in NAME_PARTICLES for w in named[-len(capitalised):]):
        return None  # two capitalised words at least: a person's name, not "Norland" or "Reporters"
    if PLACES.covers([w.lower() for w in capitalised]) or capitalised[-1].lower() in INSTITUTION_HEADS:
        return None
    return name


def _subject_across_commas(words: list[str], verb: str = "") -> str | None:
    """The subject before an inserted clause: 'Xi, who has met Kim five times in the past year, said'."""
    text = " ".join(words).rstrip(",")
    parts = [p.strip() for p in text.split(",")]
    named = _name_before_appositions(parts, verb) if NAME_BEFORE_APPOSITION else None
    if named:
        return named
    last = parts[-1].split()
    if last and _looks_like_speaker(last) and any(w[0].isupper() for w in last):
        return " ".join(last)
    if len(parts) >= 2:
        inner = parts[-1].split()
        inserted = inner and (
            inner[0].lower() in ("who", "which", "whose", "a", "an", "the") or inner[0].endswith("ing")
            or (PARTICIPLE_CLAUSE and inner[0].endswith("ed") and inner[0].islower() and len(inner) > 1)
            or (PREPOSITION_CLAUSE and inner[0] in _SETTING_PREPOSITIONS and len(inner) > 2)
            or re.fullmatch(r"(?:for (?:its|his|her|their|our) part|in turn|in return|in a statement|meanwhile|"
                            r"however|too|though|in response)", parts[-1], re.IGNORECASE)
        )
        if inserted:
            return _subject_before(parts[-2].split(), verb)
    return None


@dataclass
class _Found:
    """A quote met while reading, before its speaker is turned into a name."""

    text: str
    speaker: Entity | None
    paragraph: int
    words: int
    fragment: bool
    # Where the quote sits in its paragraph (first / last of its quotes) and whether its speaker was named in its
    # own paragraph (False when it was carried over from an earlier paragraph, or is missing).
    first: bool = False
    last: bool = False
    named_here: bool = False
    said: bool = False  # closed by a Korean quoting particle and speech verb ("”고 말했다"): speech, however short


@dataclass
class SentenceContext:
    """One sentence as the reader reached it (quotes masked), for other extractors that ride along."""

    registry: Registry
    paragraph: str
    spans: list[Span]
    start: int
    end: int
    subject: Entity | None


SentenceListener = Callable[[SentenceContext], None]


def _embedded_fragment(paragraph: str, masked: str, q: Span, s_start: int) -> bool:
    """A quote that opens in lower case after the reporter's own words: a phrase of the sentence, not speech."""
    before = masked[s_start : q.open_at].strip()
    return bool(before) and not before.endswith(":") and _quote_text(paragraph, q)[:1].islower()


class QuoteReader:
    """Reads an article in order, keeping track of who is speaking, and collects its quotations."""

    def __init__(self, registry: Registry | None = None, on_sentence: SentenceListener | None = None) -> None:
        self.registry = registry or Registry()
        self.on_sentence = on_sentence
        self.found: list[_Found] = []
        self.last_speaker: Entity | None = None
        self.reporter: tuple[int, Entity] | None = None  # who "said" in the last sentence read, if it has no quote
        self.last_speaker_paragraph = -10
        self.opens_with_quote: set[int] = set()  # paragraphs whose first character is a quote's opening mark
        self.left_open: set[int] = set()  # paragraphs whose last quote runs to the paragraph's end unclosed
        self.writers: frozenset[str] = frozenset()  # the words of the names in the byline: "By Ada Brun"
        self.unnamed_opener: Entity | None = None  # the unnamed person the sentence being read opens on
        self.answers: frozenset[int] = frozenset()  # paragraphs that answer an interviewer's question (INTERVIEW_ANSWER)
        self.first_question: int | None = None
        self.named_before_questions: dict[str, Entity] = {}  # the people the introduction names, by name
        self.credit_lines: dict[int, str] = {}  # paragraph -> the "Said by: ..." line right after it (CREDIT_LINE)
        self.dash_credits: set[int] = set()  # paragraphs whose credit line is a dash and a name (DASH_CREDIT_LINE)
        self.paragraphs: list[str] = []  # the text being read, and the paragraph at hand (UNNAMED_SOURCE)
        self.index = 0

    def read(self, paragraphs: list[str]) -> list[Quote]:
        self.registry.learn_places("\n".join(paragraphs))
        if INTERVIEW_ANSWER:
            self.answers = _interview_answers(paragraphs)
            self.first_question = min(self.answers) - 1 if self.answers else None
        if CREDIT_LINE:
            self.credit_lines = {
                index: found.group(1)
                for index, paragraph in enumerate(paragraphs[1:])
                if (found := _CREDIT_PARAGRAPH.match(paragraph))
                or (DASH_CREDIT_LINE and (found := _CREDIT_DASH.fullmatch(paragraph)))
            }
            self.dash_credits = {i for i, p in enumerate(paragraphs[1:]) if i in self.credit_lines and p[:1] in "—–"}
        self.paragraphs = paragraphs
        for index, paragraph in enumerate(paragraphs):
            self.index = index
            self._paragraph(index, paragraph)
        if RUNNING_QUOTE:
            self._running_quotes()
        return [
            Quote(q.speaker.name if q.speaker else None, q.text)
            for q in self.found
            if (
                q.words >= (MIN_FRAGMENT_WORDS if q.fragment else MIN_QUOTE_WORDS)
                or (q.said and q.words >= 2)  # "“국경은 열려 있다”고 이지훈 총리는 강조했다": a whole Korean sentence
            )
            and not (q.fragment and q.speaker is None)  # a phrase in the reporter's sentence nobody is said to say
        ]

    def _paragraph(self, index: int, paragraph: str) -> None:
        if BYLINE and len(paragraph) < 100 and _BYLINE.fullmatch(paragraph):
            if WRITER_IS_NO_HE:
                named = re.sub(r"^\s*(?:(?:Interview|Reporting|Words|Text|Analysis)\s+by|By)\s+", "", paragraph)
                named = re.split(r",|\s+(?:in|at)\s+", named)[0]
                self.writers = frozenset(w.lower() for w in re.findall(r"[A-Z][\w’'.-]+", named))
            return  # the writer of the piece, not one of its people
        spans = find_quotes(paragraph)
        if spans and not spans[0].single and spans[0].open_at == len(paragraph) - len(paragraph.lstrip()):
            self.opens_with_quote.add(index)
        if spans and not spans[-1].closed and not spans[-1].single and spans[-1].end == len(paragraph):
            self.left_open.add(index)
        masked = _masked(paragraph, spans)
        previous_subject: Entity | None = None
        paragraph_speaker: Entity | None = None
        unread_before = False
        sentences = sentence_spans(masked)
        starts = [q.start for q in spans]
        index_of = {id(q): i for i, q in enumerate(spans)}
        for s_index, (s_start, s_end) in enumerate(sentences):
            sentence = masked[s_start:s_end]
            mentions = self.registry.mentions(sentence)
            if self.first_question is not None and index < self.first_question:
                for offset, entity in mentions:
                    if INTERVIEWER_NAMED and _SPOKE_TO.search(sentence, 0, offset):
                        continue  # "spoke to Norland Today": who asks the questions, not who answers
                    if entity.kind == "person" and not (entity.words and entity.words <= self.writers):
                        self.named_before_questions[entity.name] = entity
            label = _TRANSCRIPT_LABEL.match(sentence) if TRANSCRIPT_LABEL and s_index == 0 else None
            if label is not None and not any(w in _LABEL_ROLES or w in ROLE_NOUNS for w in label.group("label").lower().split()):
                mentions = [(o, e) for o, e in mentions if o >= label.end()]  # "ALDANE: We asked ...": not the subject
            possessive = _POSSESSIVE_OPENING.match(sentence) if POSSESSIVE_MARKS_GENDER else None
            if possessive and possessive.group(2).lower() not in _HONORIFIC_HEADS:
                self.registry.mark_gender(possessive.group(1).lower())  # "His party will lead the opposition."
            own = self._own_subject(sentence, mentions)
            inside = _spans_in(spans, starts, s_start, s_end)
            sentence_speaker: Entity | None = None
            unknown = self._unknown_name_opening(masked, sentences[s_index - 1]) if s_index else None
            for q in inside:
                if q.start < s_start:
                    continue
                if TITLE_IS_NO_QUOTE and _TITLED.search(masked, max(s_start, q.open_at - 40), q.open_at):
                    continue  # 'a panel titled "Pressure and Its Limits"': the name of a thing, nobody's words
                own_subject = own[1] if own and own[0] < q.open_at - s_start else None
                if sentence_speaker is not None and SAME_SENTENCE_PRONOUN:
                    own_subject = sentence_speaker
                position = index_of[id(q)]
                next_open = spans[position + 1].open_at if position + 1 < len(spans) else s_end
                previous_close = spans[position - 1].close_at + 1 if position and NEXT_CLAUSE else s_start
                ends_sentence = _quote_text(paragraph, q).rstrip("’'")[-1:] in (".", "!", "?")
                speaker = self._speaker(
                    masked, q, next_open, max(s_start, previous_close), s_end, own_subject, ends_sentence
                )
                credit = self._credit(index, masked, q) if CREDIT_LINE else None
                credited = self._credited(credit) if credit else None
                if credited is not None:
                    speaker = credited  # '"..." — General Mira Tosk, border guard chief' / 'Said by: ..., Lukas Harn'
                credited_to_nobody = (
                    credit is not None and credited is None and DASH_CREDIT_LINE and index in self.dash_credits
                )
                if credited_to_nobody:
                    speaker = None  # '"..."' then '— Velm Border Guard, on its website': a body, not the last speaker
                if unknown and speaker is not None and own_subject is None and unknown not in speaker.name:
                    after = masked[q.close_at + 1 : min(next_open, s_end)]
                    if re.match(r"[\s,]*(?:he|she)\s", after):
                        speaker = None  # "he" is the person just named, whom the story never introduced
                if speaker is None and q.goes_on:
                    speaker = paragraph_speaker  # "—No —dijo Gil—, pero ...": Gil goes on after her aside
                if speaker is None and q.single and not (SINGLE_SENTENCES and _whole_sentences(_quote_text(paragraph, q))):
                    continue
                if speaker is None and DOCUMENT_WORDING and paragraph[q.start : q.start + 1].islower():
                    under = _UNDER_DOCUMENT.match(masked, s_start, q.open_at)
                    if under:
                        speaker = self.registry.document(under.group(1))  # "Under the accord, X undertook to “...”"
                unread = credited_to_nobody or (UNREAD_ATTRIBUTION and _has_attribution(masked, q, next_open, s_start, s_end))
                if speaker is None and not unread and UNNAMED_SUBJECT_SPEAKS:
                    lead_in = masked[max(s_start, previous_close) : q.open_at].split()
                    head = [w.lower() for w in itertools.takewhile(lambda w: not w.endswith(",") and w != "of", lead_in[1:4])]
                    unread = (
                        len(lead_in) > 2 and lead_in[0] in _DETERMINERS and any(map(_speech_verb, lead_in[2:]))
                        and any(w in ROLE_NOUNS or w in _WRITER_NOUNS or (UNNAMED_BODY_SPEAKS and w in INSTITUTION_HEADS) for w in head)
                    )  # "The Tarvelian customs service said ... '...'": that body speaks, not the last speaker
                if speaker is None and WRITTEN_ON_A_THING and _WRITTEN_ON.search(masked, max(s_start, q.open_at - 60), q.open_at):
                    unread = True  # 'a hand-painted sign reads: "..."': words on a thing, nobody's quote
                if WRITTEN_ON_A_DESCRIBED_THING and _WRITTEN_ON_DESCRIBED.search(masked, max(s_start, q.open_at - 120), q.open_at):
                    speaker, unread = None, True  # 'A sign taped to the door read simply: "..."': nobody's words
                named_here = speaker is not None
                if speaker is None and not unread and not unread_before:
                    # an unread attribution ("..., said a teacher") is someone unnamed, not the last speaker
                    later = self._later_attribution(masked, sentences[s_index + 1 :], spans)
                    if later is not None and FRAGMENT_NOT_FROM_LATER and _embedded_fragment(paragraph, masked, q, s_start):
                        later = None
                    just_reported = None
                    if FOREIGN_REPORTED_BEFORE and paragraph_speaker is None and previous_subject is None:
                        # the sentence before, read in the quote's own when the splitter kept them together
                        lead = masked[s_start : q.open_at].rstrip()
                        if not lead and s_index > 0:
                            lead = masked[sentences[s_index - 1][0] : sentences[s_index - 1][1]]
                        name = _german_reported_name(lead) if lead.endswith(".") else None
                        found_person = self.registry.resolve(name) if name else None
                        just_reported = found_person if found_person is not None and found_person.kind == "person" else None
                        if just_reported is not None and name and just_reported.name.endswith(" " + name):
                            # "Energieexperte Walter Gsellmann": German writes the role noun capitalised, and it was
                            # read as part of the name; the name is what follows it
                            just_reported.rename(name)
                    speaker = just_reported or self._inherited(index, paragraph_speaker, previous_subject, later)
                    carried = self.last_speaker is not None and index - self.last_speaker_paragraph <= 1
                    named_here = speaker is not None and (
                        paragraph_speaker is not None or previous_subject is not None or (later is not None and not (
                            carried or (self.reporter is not None and self.reporter[0] == index - 1)
                        ))
                    )
                if speaker is None and not unread and index in self.answers:
                    # "Minister, why sign for ten years?" / "\"Because families cannot ...\"": the one person the
                    # introduction named answers the interviewer's questions
                    speaker = _interviewee(self.named_before_questions)
                    named_here = speaker is not None
                if speaker is None and unread and UNREAD_GOES_ON:
                    unread_before = True  # the quotes after it in the paragraph go on from that unnamed speaker
                elif speaker is not None:
                    unread_before = False
                text = _quote_text(paragraph, q)
                before = masked[s_start : q.open_at].strip()
                fragment = bool(before) and not before.endswith(":") and text[:1].islower()
                if fragment and before.endswith(",") and any(_speech_verb(w) for w in before.split()[-3:]):
                    fragment = False  # the second half of a quote split by its attribution
                said = bool(
                    KOREAN_SHORT_QUOTE and q.closed and korean.is_korean(masked[q.close_at + 1 : q.close_at + 12])
                    and korean.speaker("", masked[q.close_at + 1 : min(next_open, s_end)])[0]
                )
                if (
                    not said and FOREIGN_SHORT_SENTENCE and speaker is not None and q.closed and not fragment
                    and len(text.split()) == 3 and text[:1].isupper()
                ):
                    tail = masked[q.close_at + 1 : min(next_open, s_end)][:120]
                    said = tail[:1] in " ,—–-" and _foreign_attribution(tail) is not None  # "«No firmaremos nunca», dijo"
                self.found.append(
                    _Found(
                        text, speaker, index, len(text.split()), fragment,
                        first=position == 0, last=position == len(spans) - 1, named_here=named_here, said=said,
                    )
                )
                if speaker is not None:
                    sentence_speaker = speaker
                    paragraph_speaker = speaker
                    # a credit line names the speaker of its quote only: the next entry of a live page is not hers
                    self.last_speaker = speaker if credited is None else None
                    self.last_speaker_paragraph = index
            reported = attribution_before(sentence) if not inside and not spans else None
            found = self.registry.resolve(reported) if reported else None
            self.reporter = (index, found) if found is not None and found.kind != "description" else None
            subject = (own[1] if own else None) or (paragraph_speaker if inside else None)
            self.registry.asker = subject if subject is not None and _ASKED.search(sentence) else None
            if subject is not None:
                self.registry.note_subject(subject)
                previous_subject = subject
                asked = _PUT_TO.search(sentence) if THE_ONE_ASKED_ANSWERS and subject.kind == "description" else None
                answerer = next(
                    (e for o, e in mentions if asked and asked.start("asked") <= o < asked.end("asked") and e.kind == "person"),
                    None,
                )
                if answerer is not None and not inside:
                    self.registry.note_subject(answerer)  # "A reporter asked Vail whether ...": Vail answers
                    previous_subject = answerer
            source = _ACCORDING_TO_NAME.search(sentence, max(0, len(sentence) - 60)) if SOURCE_AT_THE_END and not inside else None
            if source is None and ROLED_SOURCE_AT_THE_END and not inside and "ccording" in sentence[-120:]:
                source = _ACCORDING_TO_ROLE_NAME.search(sentence, max(0, len(sentence) - 120))  # "its chief, Petra Lind"
            if source is not None:
                person = self.registry.resolve(source.group(1))
                if person is not None and person.kind == "person" and person is not subject:
                    self.registry.note_subject(person)  # "..., according to Ashby. '...,' he told reporters"
                    previous_subject = person
            if (
                SPEAKER_NOTED_AFTER_BODY and subject is not None and subject.kind == "institution"
                and sentence_speaker is not None and sentence_speaker.kind == "person"
            ):
                # '"We came to stay," said Front spokesman Dario Venn. ... he said': the body opened the sentence's
                # names, the person spoke; "he" after it is the person, "it" still finds the body
                self.registry.note_subject(sentence_speaker)
            if self.on_sentence is not None:
                self.on_sentence(SentenceContext(self.registry, paragraph, spans, s_start, s_end, subject))

    def _running_quotes(self) -> None:
        """One quote over several paragraphs is one speaker's, wherever in it the speaker is named.

        Newspaper style runs a long quote over paragraphs by opening each with a quote mark and closing only the
        last; the attribution may sit in the last paragraph ('"We have waited ... .' / '"So we will open it,"
        Brun said.'), where reading in order comes too late for the first. The pieces of the running quote are the
        last quote of the paragraph that leaves it open, every quote of a paragraph between, and the first quote of
        the paragraph that goes on with it. When the speakers named in the pieces' own paragraphs are one and the
        same, the pieces with no speaker, or one carried over from before the quote, take theirs; two different
        named speakers leave every piece as it was.
        """
        by_paragraph: dict[int, list[_Found]] = {}
        for found in self.found:
            by_paragraph.setdefault(found.paragraph, []).append(found)
        for start in sorted(self.left_open):
            if start - 1 in self.left_open and start in self.opens_with_quote:
                continue  # not the first paragraph of its running quote
            end = start
            while end in self.left_open and end + 1 in self.opens_with_quote:
                end += 1
            if end == start:
                continue
            pieces = [f for f in by_paragraph.get(start, []) if f.last]
            for middle in range(start + 1, end):
                pieces += by_paragraph.get(middle, [])
            pieces += [f for f in by_paragraph.get(end, []) if f.first]
            named = {f.speaker.name for f in pieces if f.named_here and f.speaker is not None}
            if len(named) != 1:
                continue
            speaker = next(f.speaker for f in pieces if f.named_here and f.speaker is not None)
            for piece in pieces:
                if not piece.named_here:
                    piece.speaker = speaker

    def _credit(self, index: int, masked: str, q: Span) -> str | None:
        """The credit line of a quote that stands alone in its paragraph (CREDIT_LINE): see _credited."""
        if not q.closed:
            return None
        lead = masked[: q.open_at].strip()
        if lead and not _CREDIT_LABEL.fullmatch(lead):
            return None
        tail = masked[q.close_at + 1 :].strip()
        dashed = _CREDIT_DASH.fullmatch(tail)
        if dashed:
            return dashed.group(1)
        if not tail and index in self.credit_lines:
            return self.credit_lines[index]
        return None

    def _credited(self, credit: str) -> Entity | None:
        """The person a credit line names for a quote that stands alone in its paragraph (CREDIT_LINE).

        Live pages and fact checks set a quote apart and credit it on a line of its own: after a dash at the end
        of the paragraph, in a "Said by:" paragraph right after it, or (DASH_CREDIT_LINE) in a paragraph that is
        only a dash and the credit. Only a quote that opens its paragraph (or follows a short label such as
        "Claim 2:") and is all the paragraph holds qualifies, and only a credit whose first part, or a later
        comma-separated part, is a person's name: an office, a body or an account credited this way stays
        unnamed rather than guessed.
        """
        for part in credit.split(",")[:3]:
            entity = self.registry.resolve(part.strip()) if part.strip()[:1].isupper() else None
            if entity is not None and entity.kind == "person" and len(entity.name.split()) >= 2:
                return entity
        return None

    def _unknown_name_opening(self, masked: str, previous: tuple[int, int]) -> str | None:
        """The name a sentence opens on ("Brenn was more cautious."), when the story never introduced it."""
        if not UNKNOWN_NAME_BEFORE:
            return None
        found = _NAME_OPENS.match(masked, previous[0], previous[1])
        if found is None:
            return None
        name = found.group("name")
        lowered = name.lower()
        if lowered in NOT_NAMES or lowered in MONTHS or lowered in DEMONYMS or lowered in PLACES or lowered in PRONOUNS:
            return None
        return None if self.registry.knows(name) else name

    def _own_subject(self, sentence: str, mentions: list[tuple[int, Entity]]) -> tuple[int, Entity] | None:
        """Who a sentence is about, and where: a leading pronoun resolved, or its first name outside a
        preposition."""
        owned = _ITS_INSTITUTION.match(sentence) if ITS_INSTITUTION else None
        if owned and owned.group(2).lower() in INSTITUTION_HEADS:
            # "Its" is never a person: the side last talked about owns the institution (a country no list knows may
            # have been read as a one-word person); a named person or a body ("the government") is left alone
            owner = next(iter(self.registry.recent_subjects()), None)
            single = owner is not None and (owner.kind == "institution" or len(owner.name.split()) == 1)
            place = owner.name.split()[-1] if owner is not None and single else ""
            if place[:1].isupper() and place.lower() not in INSTITUTION_HEADS:
                entity = self.registry.resolve(f"{place}’s {owned.group(1)}")
                if entity is not None:
                    return owned.start(1), entity  # "Norland said ... Its foreign ministry summoned ..."
        speaker = attribution_before(sentence)
        if speaker and SPEECH_IN_OPENING_CLAUSE and sentence.find(speaker) < (main := _opening_clause_end(sentence)):
            # "When President Kord announced the pullout, Vell's ministry called it late": Kord's verb sits in a
            # clause that sets the scene; the sentence is about what follows the comma
            later = attribution_before(sentence[main:])
            speaker = later if later and sentence.find(later) >= main else None
        self.unnamed_opener = None
        if speaker and UNNAMED_OPENER_PRONOUN and speaker.lower() in ("he", "she"):
            opener_text = _unnamed_opener(sentence)
            unnamed = self.registry.resolve(opener_text) if opener_text else None
            if opener_text and unnamed is not None and sentence.find(opener_text) < _pronoun_at(sentence):
                self.unnamed_opener = unnamed  # "A spokesperson for X declined ... what she called ...": she is it
                return sentence.find(opener_text), unnamed
        if speaker:
            opener = None
            if PRONOUN_AFTER_NAMED_SUBJECT and speaker.lower() in ("he", "she"):
                opener = self.registry.subject_of(sentence, _subject_candidates(sentence, mentions))
                if opener is not None and (opener[0] >= _pronoun_at(sentence) or opener[1].kind != "person"):
                    opener = None
            entity = self.registry.resolve(speaker, own_subject=opener[1] if opener else None)
            spoken_for = HIS_INSTITUTION and _OFFICE.search(speaker) is not None  # "His ministry said": it speaks
            if (
                entity is not None and POSSESSED_GROUP and speaker.split()[0] in ("Her", "His")
                and entity.kind != "description" and not spoken_for
            ):
                entity = None  # "Her Liberal Party had threatened ...": the sentence stays about her
            if entity is not None:
                return max(0, sentence.find(speaker)), entity
        described = _LEADING_DESCRIPTION.match(sentence)
        if described and described.group(2).lower() in ROLE_NOUNS:
            entity = self.registry.resolve(described.group(1))
            if entity is not None:
                return described.start(1), entity
        owned_role = _LEADING_OWNED_ROLE.match(sentence) if OWNED_ROLE_OPENS and not mentions else None
        if owned_role and owned_role.group(2).lower() in ROLE_NOUNS:
            entity = self.registry.resolve(owned_role.group(1))
            if entity is not None:
                return owned_role.start(1), entity  # "Later, Velm's envoy sent a message. '...,' she wrote"
        first = re.match(r"\s*(?:[\w’' -]{0,60},\s*)?(He|She|he|she)\b", sentence)
        subject = self.registry.subject_of(sentence, _subject_candidates(sentence, mentions))
        if first and (subject is None or subject[0] > first.start(1)):
            entity = self.registry.resolve(first.group(1).lower())
            return (first.start(1), entity) if entity else subject
        return subject

    def _speaker(
        self, masked: str, q: Span, next_open: int, s_start: int, s_end: int, own_subject: Entity | None,
        ends_sentence: bool = False,
    ) -> Entity | None:
        end = min(next_open, s_end, q.close_at + 1 + _WINDOW)
        after_text = masked[q.close_at + 1 : end] if q.closed else ""
        # Attribution sits close to its quote: a bounded window keeps long texts linear.
        before_text = masked[max(s_start, q.open_at - _WINDOW) : max(s_start, q.open_at)]
        if TURKISH_NAME_FIRST and q.closed and _TURKISH_VERB_AFTER.match(after_text):
            opening = _turkish_opening_name(masked[s_start : q.open_at])
            return self.registry.resolve(opening) if opening else None  # 'Kalender, "..." dedi.'
        if TURKISH_NAME_FIRST and before_text.rstrip().endswith(":"):
            genitive = _TURKISH_GENITIVE.search(before_text)
            if genitive:
                return self.registry.resolve(genitive.group("name"))  # 'Ağaoğlu’nun tepkisi sert oldu: "..."'
        if (
            FOREIGN_VERB_ALONE and not before_text.strip() and after_text[:1] in ",—–" and _foreign_verb_alone(after_text)
            and _foreign_verb_follows(after_text)
        ):
            return self._named_just_before(masked[max(0, s_start - _WINDOW) : s_start])  # "«...», afirmou."
        foreign_pronoun = (
            _foreign_attribution(after_text[:120]) if FOREIGN_PRONOUN_JUST_NAMED and not before_text.strip() else None
        )
        ukrainian = _UKRAINIAN_PRONOUN.match(after_text) if FOREIGN_PRONOUN_JUST_NAMED and foreign_pronoun is None else None
        if ukrainian and _foreign_verb_follows(after_text):
            foreign_pronoun = _JUST_NAMED_PRONOUNS[ukrainian.group(1).lower()]  # "— сказала вона"
        if foreign_pronoun in ("he", "she") and after_text[:1] in " ,—–-":
            just_named = self._named_just_before(masked[max(0, s_start - _WINDOW) : s_start])
            # "he": anyone not known as a woman (men are rarely marked); "she": a woman the story marked as one
            if just_named is not None and (just_named.gender == "f" if foreign_pronoun == "she" else just_named.gender != "f"):
                return just_named  # "Депутат Глеб Курганов назвал ... «...», — сказал он.": Курганов, not the minister
        if (
            FOREIGN_UNNAMED_AFTER and after_text[:1] in " ,—–-" and _foreign_verb_follows(after_text)
            and _foreign_attribution(after_text[:120]) is None and not _foreign_verb_alone(after_text)
        ):
            return None  # "„...“, sagte ein hoher Beamter": someone unnamed, whatever opened the sentence
        if DOCUMENT_READS:
            read = _DOCUMENT_READS_AFTER.match(after_text) or _DOCUMENT_READS_BEFORE.match(masked, s_start, q.open_at)
            if read:
                return self.registry.document(read.group("doc"))  # '"...," the communique reads'
        if STATEMENT_THAT_SAYS:
            stated = _STATEMENT_SAYS_AFTER.match(after_text)
            if stated and not _STATEMENT_ISSUED.search(masked, 0, q.open_at):
                return self.registry.document(stated.group("doc"))  # '"...," the report said'
        after = attribution_after(after_text) if after_text else None
        before = attribution_before(before_text) if before_text.strip() else None
        if before is None and after is None and DOCUMENT_SUBJECT:
            document = _DOCUMENT_SUBJECT.match(masked, s_start, q.open_at)
            if document:
                return self.registry.document(document.group(1))  # "The text refers only to '...'"
        lead = masked[s_start : q.open_at] if q.open_at - s_start <= _WINDOW else ""  # bounded: linear time
        if before is None and after is None and arabic.ARABIC_ATTRIBUTION and arabic.is_arabic(before_text + after_text):
            found = arabic.speaker_after(after_text)
            if found is None:
                _, found = arabic.speaker_before(before_text)
            if found is not None:
                return self.registry.arabic(found)  # "«...»، قال وزير الخارجية أحمد ناصر"
        if before is None and after is None and korean.KOREAN_SUBJECT and korean.is_korean(after_text[:12]):
            closed, who = korean.speaker(before_text, after_text)
            if closed:  # "김민준 장관은 “...”라고 말했다": the subject marked by 은/는/이/가, or nobody named
                return self.registry.resolve(who) if isinstance(who, str) else self.registry.arabic(who) if who else None
        if before is None and after is None and FOREIGN_ACCORDING_BEFORE and lead:
            opened, source = _foreign_according(lead)
            if opened and source is None and DECLINED_SURNAME:
                declined = _DECLINED_ACCORDING.match(lead)
                if declined:  # "По словам Ветрова, «...»": the Ветров named before, else nobody
                    return self.registry.declined(declined.group("name"))
            if opened:
                return self.registry.resolve(source) if source else None  # "Selon Paul Ferrand, « ... »"
        if before is None and after is None and FOREIGN_VERB_BEFORE and lead:
            spoken, source = _foreign_verb_before(lead)
            if source and source.startswith("the "):
                return None  # "erklärte die Ministerin: „...“": which minister is not said; kept without a speaker
            if source:
                return self.registry.resolve(source)  # "Brandt sagte, ... „...“"
        if before is None and CYRILLIC_ROLE_NAME and before_text.rstrip().endswith(":"):
            before = _cyrillic_before(before_text.rstrip())  # "Министр Павел Карпов заявил: «...»"
        if before is None and COLON_SUBJECT and before_text.rstrip().endswith(":"):
            lead_in = masked[s_start : q.open_at].split()
            if not any(map(_speech_verb, lead_in)):
                sender = _sender_before_colon(" ".join(lead_in)) if COLON_SENDER else None
                if sender is None and ROUNDUP_LABEL:
                    sender = _roundup_label(" ".join(lead_in))  # "NORLAND (Prime Minister Ada Brun): '...'"
                if sender is None and NAMED_LABEL:
                    sender = _named_label(" ".join(lead_in))  # "Norland's Minister for Home Affairs, Ada Brun: '...'"
                if sender is None and FOREIGN_VERB_BEFORE and _foreign_verb_before(" ".join(lead_in[-_SUBJECT_REACH:]))[0]:
                    lead_in = []  # "Er verwies darauf, dass ... betont habe:": no English subject to guess ("Er")
                before = sender or (_leading_subject(lead_in) if lead_in else None)  # "Brun marked it with a post: '...'"
        if (
            before is None and after is None and own_subject is not None and SAID_COLON_SUBJECT
            and _SAID_COLON.search(before_text)
        ):
            return own_subject  # "Karel Obst declined to discuss details but said: '...'": the subject speaks
        if (
            after is not None and before is not None and ends_sentence and NEXT_SENTENCE_NOT_ATTRIBUTION
            and after_text.lstrip()[:1].isupper()
        ):
            after = None  # 'she wrote: "... not tweet." A spokesman said ...': the next sentence has its own speaker
        if q.single and not (after or before):
            return None
        if after is not None and after.startswith("the woman "):
            chosen = self._choose(after.replace("woman ", "", 1), before, own_subject)
            return chosen if chosen is not None and chosen.gender == "f" else None  # "sagte die Ministerin"
        if after is not None and after.startswith("the man "):
            chosen = self._choose(after.replace("man ", "", 1), before, own_subject)
            return chosen if chosen is not None and chosen.gender != "f" else None  # "sagte der Minister"
        unread_source = after is None or "," in after or " who " in after  # no speaker read, or a whole clause
        if LONG_ANONYMOUS and unread_source and ("anonym" in after_text or "name" in after_text):
            described = _LONG_ANONYMOUS.match(after_text)
            if described:
                # '"...," a senior trader at one of Kessel's three largest banks said, speaking on condition of anonymity'
                who = described.group("who").split(None, 1)[1]
                return self.registry.unnamed_source(who, described.group("noun").lower(), new=True)
        one_of = _ONE_OF_THEM.match(after_text) if ONE_OF_A_GROUP and "one of " in after_text[:40] else None
        if one_of:
            member = self._one_of_the_group(masked[s_start : q.open_at], one_of.group("noun"))
            if member is not None:
                return member  # 'Two officials said ... "...," said one of the officials': an official
        unnamed = _THE_SOURCE.fullmatch(after or before or "") if UNNAMED_SOURCE else None
        if (
            unnamed and unnamed.group(1).lower() in UNNAMED_SOURCE_NOUNS
            and self._unnamed_source_before(masked[: q.open_at], unnamed.group(1).lower())
        ):
            return self.registry.unnamed_source(unnamed.group(0), unnamed.group(1).lower())  # "..., the official said"
        chosen = self._choose(after, before, own_subject)
        if HEAD_OF_THE_NAMED and (chosen is None or chosen.kind != "person") and "head of" in after_text[:40]:
            head = _HEAD_OF_CREDIT.match(after_text)
            verbs = [bool(word and _speech_verb(word)) for word in (head.group("v1"), head.group("v2"))] if head else []
            holder = (
                self._head_just_named(head.group("state") or head.group("noun"), masked[: q.open_at])
                if head and sum(verbs) == 1 else None
            )
            if holder is not None:
                return holder  # '«...» the head of state underlined': the president just named, not a description
        pronoun = (after or before or "").lower() in ("he", "she")
        if chosen is not None and pronoun and self.writers and chosen.words and chosen.words <= self.writers:
            return None  # a column's "he said" is never its writer, who speaks as "I" (see WRITER_IS_NO_HE)
        return chosen

    def _named_just_before(self, text: str) -> Entity | None:
        """The one person the sentence before a quote names beside a role (FOREIGN_VERB_ALONE), or None."""
        sentence = re.split(r"(?<=[.!?…])\s+", text.strip())[-1] if text.strip() else ""
        names = {
            m.group("name") for m in _NAMED_BESIDE_A_ROLE.finditer(sentence)
            if sentence[: m.start()].split()[-1:] not in ([w] for w in _OF_WORDS)  # "do Instituto de Estudos Atlânticos"
            # the subject, near the start and after no preposition ("Поляков встретился с депутатом Глебом ...")
            and len(sentence[: m.start()].split()) <= 8
            and not _OBJECT_PREPOSITIONS & {w.lower().strip(",") for w in sentence[: m.start()].split()}
        }
        if len(names) != 1:
            return None
        entity = self.registry.resolve(names.pop())
        return entity if entity is not None and entity.kind == "person" else None

    def _head_just_named(self, office: str, lead: str) -> Entity | None:
        """The person "the head of <office>" stands for (HEAD_OF_THE_NAMED): named in its paragraph before the quote or
        the two paragraphs before, and titled after that office where the story names them ("Foreign Minister Ivo
        Kask" for the foreign ministry, "the provincial head Ada Brun" for the province, "President ..." for the
        state). In English copy "the head of X" often brings in someone new: with no such person, or two, None (the
        quote keeps what the credit reads as)."""
        stem = _HEAD_TITLES.get(office) or re.escape(office[:5])
        titled = re.compile(rf"\b(?:{stem})\w*", re.IGNORECASE)
        story = "\n".join(self.paragraphs[: self.index + 1])
        near = "\n".join(self.paragraphs[max(0, self.index - 2) : self.index]) + "\n" + lead
        found: list[Entity] = []
        for entity in self.registry.entities:
            parts = entity.name.split()
            if entity.kind != "person" or len(parts) < 2 or entity in found:
                continue
            if not re.search(rf"\b{re.escape(parts[-1])}\b", near):
                continue
            mentions = [m.start() for m in re.finditer(re.escape(entity.name), story)]
            if any(titled.search(story, max(0, at - 60), at) for at in mentions) or any(
                titled.fullmatch(role) for role in entity.roles
            ):
                found.append(entity)
        return found[0] if len(found) == 1 else None

    def _one_of_the_group(self, lead: str, noun: str | None) -> Entity | None:
        """One unnamed member of a group of sources the story brought in just before ("Two coalition officials
        said ..."), in the paragraph before or this one up to the quote (ONE_OF_A_GROUP): described in the singular
        ("coalition official"). Read "one of them" as the last such group, "one of the officials" as the last group
        of officials; with no such group, nobody."""
        earlier = self.paragraphs[self.index - 1] if self.index > 0 else ""
        groups = [
            found for text in (earlier, lead) for found in _SOURCE_GROUP.finditer(text)
            if found.group("noun") == "people" or found.group("noun")[:-1] in UNNAMED_SOURCE_NOUNS
        ]
        if noun is not None:
            groups = [found for found in groups if found.group("noun") == noun]
        if not groups:
            return None
        found = groups[-1]
        head = "person" if found.group("noun") == "people" else found.group("noun")[:-1]
        words = found.group("desc").split()[:-1] + [head]
        description = " ".join(words) + (found.group("tail") or "")
        return self.registry.unnamed_source(description, head, new=True)

    def _unnamed_source_before(self, lead: str, noun: str) -> bool:
        """The story brought in an unnamed source of this kind ("A donor official in the capital, ... said") in
        the text before the quote, in its paragraph or the one before (UNNAMED_SOURCE)."""
        earlier = self.paragraphs[self.index - 1] if self.index > 0 else ""
        brought_in = re.compile(rf"\b(?:[Aa]n?|[Oo]ne)\s+(?:[\w-]+\s+){{0,3}}?{noun}\b")
        return any(
            not text[: found.start()].rstrip().endswith(",")  # "Lena Mork, a customs official,": a named one
            for text in (earlier, lead)
            for found in brought_in.finditer(text)
        )

    def _choose(self, after: str | None, before: str | None, own_subject: Entity | None) -> Entity | None:
        resolve = self.registry.resolve
        pronoun = (before or after or "").lower() in ("he", "she")
        if pronoun and self.unnamed_opener is not None and own_subject is self.unnamed_opener:
            return own_subject  # the unnamed person the sentence opens on (UNNAMED_OPENER_PRONOUN)
        if (
            before and ITS_INSTITUTION and before.split()[0] in ("Its", "Their") and own_subject is not None
            and own_subject.name.endswith(before.split(maxsplit=1)[-1])
        ):
            before_entity: Entity | None = own_subject  # "Its foreign ministry": the owner's, read with the sentence
        else:
            before_entity = resolve(before, own_subject=own_subject) if before else None
        if after is None:
            return before_entity
        after_is_pronoun = after.lower() in PRONOUNS
        if before_entity is not None and (after_is_pronoun or _relays(after)):
            return before_entity
        return resolve(after, own_subject=own_subject)

    def _inherited(
        self, index: int, paragraph_speaker: Entity | None, previous_subject: Entity | None, later: str | None
    ) -> Entity | None:
        """A quote with no attribution of its own goes on from the speaker just before it."""
        if paragraph_speaker is not None:
            return paragraph_speaker
        if previous_subject is not None:
            return previous_subject
        if self.last_speaker is not None and index - self.last_speaker_paragraph <= 1:
            return self.last_speaker
        if REPORTED_BEFORE_QUOTE and self.reporter is not None and self.reporter[0] == index - 1:
            return self.reporter[1]
        if later:
            return self.registry.resolve(later)
        if NO_FAR_INHERITANCE:
            return None  # a speaker last seen paragraphs back is a guess: the quote is kept without one
        return self.last_speaker

    def _later_attribution(self, masked: str, rest: list[tuple[int, int]], spans: list[Span]) -> str | None:
        for start, end in rest[:2]:
            found = attribution_before(masked[start : min(end, start + _WINDOW)])
            if found:
                return found
        return None


# A question or request put to someone else: "asked whether", "wanted to know", "pressed the minister".
_ASKED = re.compile(
    r"\b(?:asked|asks|wanted to know|wants to know|demanded to know|pressed|questioned|quizzed|requested|"
    r"challenged)\b"
)


THE_ONE_ASKED_ANSWERS = rule(
    "speakers.the-one-asked-answers",
    "'A reporter asked the president, Aron Vail, whether ... \"We are studying it,\" he said': a question put by "
    "someone unnamed is answered by the person it was put to; the he or she after it is that person, not the asker",
)
# The verb that puts a question to someone, then the one asked, up to where the question itself begins.
_PUT_TO = re.compile(r"\b(?:asked|pressed|questioned|quizzed)\s+(?P<asked>[^.;:!?]{1,80}?)\s+(?:whether|if|why|how|what|when|about)\b")


UNNAMED_SUBJECT_SPEAKS = rule(
    "speakers.unnamed-subject-speaks",
    "\"The writer of the memo, whose name is withheld, wrote that talks 'went nowhere'\": a sentence whose own subject "
    "speaks but cannot be named keeps its quote without a speaker, not the speaker of the sentence before",
)
_DETERMINERS = frozenset(("The", "A", "An", "One", "Another"))
_WRITER_NOUNS = frozenset(("author", "writer", "drafter", "sender"))  # persons a document's subject may name
WRITTEN_ON_A_THING = rule(
    "speakers.words-written-on-a-thing",
    "'On the quay, a hand-painted sign reads: \"Draw the line.\"', 'a banner reading \"...\"': words on a sign, "
    "banner or placard are nobody's quote; they do not go on from the speaker before",
)
# A thing that carries words, then the verb that shows them, right before the quote.
WRITTEN_ON_A_DESCRIBED_THING = rule(
    "speakers.words-on-a-described-thing",
    "'A sign taped to the door of the ministry read simply: \"Ask the farmers first.\"': words on a sign or banner "
    "described on the way to its verb are nobody's quote, not the last speaker's",
)
# A sign (banner, placard ...) opening the sentence, up to ten words describing it, then "read" and perhaps an adverb.
_WRITTEN_ON_DESCRIBED = re.compile(
    r"^\s*(?:A|An|The|One)\s+(?:[\w-]+\s+)?(?:signs?|banners?|placards?|posters?|billboards?|plaques?|inscriptions?|"
    r"stickers?|murals?|leaflets?)\s+(?:[\w’'-]+\s+){1,10}?(?:reads?|said|says|proclaimed)(?:\s+\w+ly)?\s*:\s*$",
    re.MULTILINE,
)
_WRITTEN_ON = re.compile(
    r"\b(?:signs?|banners?|placards?|posters?|billboards?|plaques?|slogans?|inscriptions?|graffiti|stickers?|"
    r"murals?|t-shirts?|leaflets?|headlines?)\s+(?:that\s+)?(?:reads?|reading|said|says|saying|proclaim(?:s|ed|ing))"
    r"\s*:?\s*$",
    re.IGNORECASE,
)


SOURCE_AT_THE_END = rule(
    "speakers.named-source-at-the-end",
    "'Skalva agreed to return the boats, according to Ashby. \"They gave us their word,\" he told reporters': the "
    "person a sentence ends by citing is the last one the reader met; a he or she right after it is that person",
)
# "..., according to Ashby." closing a sentence: a name (one to three capitalised words) as its source.
_ACCORDING_TO_NAME = re.compile(r",\s+according\s+to\s+((?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)\s*[.!]?\s*$")

ROLED_SOURCE_AT_THE_END = rule(
    "speakers.named-source-with-a-role-at-the-end",
    "'Norvik Lines is losing money, according to its chief executive, Marta Selle. \"...,\" she said': a sentence "
    "that ends by citing a role and the person holding it (\"its chief executive, Marta Selle\") makes that person "
    "the last one met, so the \"she\" after it is her, not the company the sentence was about",
)
# "..., according to its chief executive, Marta Selle." closing a sentence: an owner, a role of up to four lower-case
# words, a comma, and a name (two or three capitalised words).
_ACCORDING_TO_ROLE_NAME = re.compile(
    r",\s+according\s+to\s+(?:its|his|her|their|the|[A-Z][\w’'-]*['’]s?)\s+(?:[a-z-]+\s+){0,3}?[a-z-]+,\s+"
    r"((?:[A-Z][\w’'-]+\s+){1,2}[A-Z][\w’'-]+)\s*[.!]?\s*$"
)


HEAD_OF_THE_NAMED = rule(
    "speakers.head-of-the-person-just-named",
    "\"Foreign Minister Ivo Kask spoke to reporters. '...,' the head of the foreign ministry stressed\": translated "
    "agency copy names a person, then credits the quote to 'the head of' that person's office; the one person named "
    "before the quote in its paragraph or the two before, whom the story titled after that office, speaks; else the credit is read as before",
)
_HEAD_OF_CREDIT = re.compile(
    r"[\s,–—-]*(?:(?P<v1>[a-z]+)\s+)?the\s+head\s+of\s+"
    r"(?:(?P<state>state|government)|the\s+(?:[\w’'-]+\s+){0,3}?(?P<noun>[a-z-]+))"
    r"(?:\s+(?P<v2>[a-z]+))?\s*[.,]"
)
_HEAD_TITLES = {"state": "president|king|queen|monarch|emir|sultan", "government": "prime|premier|chancellor"}


RUNNING_QUOTE = rule(
    "speakers.quote-running-over-paragraphs",
    "'\"We have waited long enough.' / '\"So we open it Friday,\" Ada Brun said.': each paragraph of a quote that "
    "runs on (opened, left open, opened again) is the speaker's named in it, before or after",
)


PRONOUN_AFTER_NAMED_SUBJECT = rule(
    "speakers.pronoun-after-the-sentence-subject",
    "\"Brenn was sent to Velm in 2001, a posting he called 'a cold house'\": a he or she that speaks inside a "
    "sentence whose subject is a person named before it is that person, not the last speaker",
)


UNNAMED_OPENER_PRONOUN = rule(
    "speakers.pronoun-of-an-unnamed-opener",
    "\"A spokesman for the ministry declined to comment on what he called 'rumours'\": a he or she after a sentence "
    "that opens on someone unnamed (a spokesman, an official) is that person, not the speaker of the sentence before",
)
_OPENER_PREPOSITIONS = frozenset(("for", "of", "at", "in", "from", "to"))


def _unnamed_opener(sentence: str) -> str | None:
    """The unnamed person a sentence opens on ("A spokesperson for Ada Brun declined ...", "One senior official
    said ..."): a role noun within the first words after "A", "One", ..., a name it is "for" or "of" at most, then
    the lower-case verb."""
    words = sentence.split()
    if not words or words[0] not in _DETERMINERS or words[0] == "The":
        return None
    role = next((k for k in range(1, min(5, len(words))) if words[k].lower() in ROLE_NOUNS), None)
    if role is None or any(not w.isalpha() for w in words[1:role]):
        return None
    end = role + 1
    if end < len(words) and words[end] in _OPENER_PREPOSITIONS:
        named = end + 1 + (end + 1 < len(words) and words[end + 1] == "the")
        last = named
        while last < len(words) and last - named < 5 and words[last][:1].isupper() and words[last].rstrip(",").isalpha():
            last += 1
        if last == named:
            return None
        end = last
    if end >= len(words) or not words[end][:1].islower():
        return None
    return " ".join(words[:end])


def _pronoun_at(sentence: str) -> int:
    """Where the sentence's first he or she stands (its length when there is none)."""
    found = re.search(r"\b(?:[Hh]e|[Ss]he)\b", sentence)
    return found.start() if found else len(sentence)


SAID_COLON_SUBJECT = rule(
    "speakers.sentence-subject-said-colon",
    "\"Norland's envoy, Ada Brun, declined to give figures but said: '...'\": a lead-in that ends on its own "
    "\"said:\" with no name beside it is the sentence's subject's, not the speaker before",
)
# A bare speech verb and colon closing the lead-in, its subject further back in the sentence.
_SAID_COLON = re.compile(r"\b(?:said|says|added|stated|declared|replied|told\s+(?:reporters|journalists))\s*:\s*$")


NEXT_SENTENCE_NOT_ATTRIBUTION = rule(
    "speakers.next-sentence-is-not-the-attribution",
    "a quote introduced by its speaker ('she wrote: \"...\"') that ends on its own full stop is over: a capital after "
    "it opens the next sentence, whose subject ('A spokesman said ...') is not the quote's speaker",
)


UNREAD_GOES_ON = rule(
    "speakers.unread-speaker-goes-on-in-the-paragraph",
    "\"'A,' said a woman at the stop. 'B.'\": the quote after one whose speaker could not be named goes on from "
    "that unnamed speaker, so it gets none rather than the speaker before",
)


DOCUMENT_SUBJECT = rule(
    "speakers.document-that-says-it",
    "\"The text seen by reporters refers only to '...'\", \"The declaration 'calls on all parties ...'\": a document "
    "that is the subject of the sentence speaks its quoted wording",
)
_DOCUMENT_SUBJECT = re.compile(
    r"\s*((?:The|the|Its|its|Their|their)\s+(?:[\w’'-]+\s+){0,3}?(?i:text|declaration|accord|agreement|treaty|"
    r"communiqu[eé]|resolution|charter|memorandum|protocol|decree))\b(?:,?\s+[a-z][^.;:]{0,60}?)?\s+"
    r"(?:only\s+|also\s+|merely\s+)?(?:refers|states|says|reads|calls|commits|stipulates|provides|requires|notes|"
    r"speaks|promises|pledges|describes|expresses|urges|demands|binds|obliges)\b[^.;:!?]*$"
)


DOCUMENT_READS = rule(
    "speakers.document-that-reads",
    "'\"Member states shall ...,\" the communique reads', 'The final declaration states: \"...\"': the wording of a "
    "document credited to it by a reads, says or states is the document's, not the speaker's before it",
)
_DOCUMENT_NOUN = (
    r"(?i:text|declaration|accord|agreement|treaty|communiqu[eé]|resolution|charter|memorandum|protocol|decree)"
)
# After the quote: "..., the communique reads." Before it, the whole lead-in: "The final declaration states: ..."
_DOCUMENT_READS_AFTER = re.compile(
    rf"[\s,]*(?P<doc>(?:the|its|their)\s+(?:[\w’'-]+\s+){{0,3}}?{_DOCUMENT_NOUN})\s+(?:reads|says|states|stipulates)\b"
)
_DOCUMENT_READS_BEFORE = re.compile(
    rf"\s*(?P<doc>(?:The|Its|Their)\s+(?:[\w’'-]+\s+){{0,3}}?{_DOCUMENT_NOUN})\s+(?:reads|says|states|stipulates)\s*:\s*$"
)

STATEMENT_THAT_SAYS = rule(
    "speakers.statement-or-report-that-says",
    "'\"...,\" the statement reads', '\"...,\" the report said', '\"...,\" its editorial said': words credited to a "
    "statement, report or editorial are that text's, not the last speaker's (they had nobody), unless its issuer was "
    "named before in the paragraph ('the ministry said in a statement ...'), who keeps them",
)
_STATEMENT_SAYS_AFTER = re.compile(
    r"[\s,]*(?P<doc>(?:the|its|their|an?)\s+(?:[\w’'-]+\s+){0,2}?"
    r"(?:statement|report|editorial|bulletin|press\s+release))\s+"
    r"(?:reads|read|says|said|states|stated|added|adds)(?:\s+(?:on|last|this|in)\s+[\w ]{1,25}?)?\s*[.,]"
)
# "Its foreign ministry said in a statement that ...": the issuer was named, and the quote stays theirs as before
_STATEMENT_ISSUED = re.compile(
    r"\b(?:in|issued|released|published)\s+(?:a|an|its|their)\s+(?:[\w’'-]+\s+){0,2}?"
    r"(?:statement|report|editorial|bulletin|press\s+release)\b"
)


CREDIT_LINE = rule(
    "speakers.credit-line-names-the-speaker",
    "a quote set apart in its own paragraph and credited on a line of its own ('\"...\" — General Mira Tosk, "
    "border guard chief', or a 'Said by: ..., Lukas Harn, ...' paragraph after it) is the person the credit names",
)
UNNAMED_SOURCE = rule(
    "speakers.unnamed-source-is-nobody-named",
    "'A donor official, who asked not to be named, said ... \"...,\" the official said': \"the official\", \"the "
    "diplomat\" or \"the source\" just after the story brought in an unnamed one is that unnamed source, not the "
    "person named last (a named person given the role is still found by it)",
)
# "the official" as a speaker phrase, its noun one of UNNAMED_SOURCE_NOUNS (checked by the caller).
_THE_SOURCE = re.compile(r"the\s+(?:[a-z-]+\s+){0,2}?([a-z]+)", re.IGNORECASE)
LONG_ANONYMOUS = rule(
    "speakers.unnamed-source-at-a-place",
    "'\"...,\" said a currency trader at a large Belmark bank, who asked not to be named' or '\"...,\" a senior trader "
    "at one of Kessel's three largest banks said, speaking on condition of anonymity': an unnamed source described by "
    "where it works, however long that phrase, is that source (\"currency trader\"), not the person named last",
)
# An unnamed source and where it works ("a senior trader at one of Kessel's three largest banks"), then the grant of
# anonymity: a who-clause after it, or "said, speaking on condition of anonymity".
_LONG_ANONYMOUS = re.compile(
    r"\s*,?\s*(?:(?:said|says|told \w+|added)\s+)?(?P<who>(?:a|an|one)\s+(?:[a-z][\w-]*\s+){0,2}?(?P<noun>[a-z][\w-]*))"
    r"\s+(?:at|in|from|with|for|on)\s+[^,.;:“”\"]{1,60}?"
    r"(?:,\s+who\s+(?:(?:spoke|talked|was speaking)\s+on (?:the )?condition of anonymity|"
    rf"{WITHHOLDING}\b[^.;:]{{0,40}}?\b{NAMING}\b)"
    r"|\s+(?:said|says|told \w+|added),?\s+(?:speaking|talking)\s+on (?:the )?condition of anonymity)"
)
DASH_CREDIT_LINE = rule(
    "speakers.dash-credit-on-the-next-line",
    "a quote standing alone in its paragraph with the next paragraph only a dash and a credit ('\"...\"' then "
    "'— Ruta Kell, head of the dockers' union'), as pull quotes and reaction round-ups set them, is the person the "
    "credit names",
)
# The credit after a dash runs to the paragraph's end and holds no sentence of its own.
_CREDIT_DASH = re.compile(r"[—–]\s*([A-Z][^.!?;:“”\"]{2,100})")
_CREDIT_PARAGRAPH = re.compile(r"\s*(?:Said|Claimed|Stated|Written|Posted)\s+by\s*:\s*(.{3,200})")
_CREDIT_LABEL = re.compile(r"[A-Z][a-z]{1,15}(?:\s+\d{1,2})?\s*:")


SINGLE_SENTENCES = rule(
    "quotes.single-marks-whole-sentences",
    "whole sentences in single marks with no attribution of their own (‘We will ... .’) go on from the speaker "
    "before them, as double-marked ones do; a phrase in single marks stays a scare quote",
)


def _whole_sentences(text: str) -> bool:
    """A quote that opens with a capital and ends a sentence, long enough to be speech rather than a label."""
    return bool(re.match(r"[A-Z]", text)) and bool(re.search(r"[.!?]$", text.rstrip())) and len(text.split()) >= 6


def _relays(phrase: str) -> bool:
    """An agency or outlet that relays someone else's words ('Xinhua reported', 'the state news agency')."""
    words = parse_phrase(phrase).name
    if "agency" in phrase.lower():
        return True
    if not words:
        return False
    last = words[-1].lower()
    return last in AGENCIES or (len(words) == 1 and last in INSTITUTION_HEADS)


def extract_quotes(paragraphs: list[str], registry: Registry | None = None) -> list[Quote]:
    """The key quotes of an article (paragraph strings in order), with their speakers' names."""
    return QuoteReader(registry).read(paragraphs)
