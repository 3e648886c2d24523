"""Who is who in one article: names with their titles folded away, and what "he", "Lavrov" or "the top
diplomat" refer to.

A reader names a speaker the way the story first introduced them ("Russian Foreign Minister Sergey Lavrov"
becomes "Sergey Lavrov"); later mentions ("Lavrov", "Mr Lavrov", "the minister", "he") point back to that
person. The registry keeps the people and institutions met so far, in order, and the subjects of recent
sentences (for pronouns). It is rebuilt for every article and reads nothing else.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot.analysis import syntax
from bot.analysis.arabic import ARABIC_SAME_NAME, ArabicSpeaker, normalise
from bot.analysis.lexicon import (
    AGENCIES,
    DEMONYMS,
    FEMININE,
    FEMININE_FIRST_NAMES,
    FOREIGN_ARTICLES,
    FOREIGN_TITLES,
    INSTITUTION_HEADS,
    MASCULINE,
    MONTHS,
    NAME_PARTICLES,
    NOT_NAMES,
    PLACES,
    ROLE_NOUNS,
    TITLES,
    WEEKDAYS,
)
from bot.analysis.rules import cached, rule

# Heads of capitalised phrases that name things, not people ("the Minsk Agreements", "the G8 Summit").
THING_HEADS = frozenset(
    "agreement agreements protocol protocols treaty accord accords plan facility programme program summit "
    "conference declaration communique initiative deal pact talks war crisis process act bill law resolution "
    "charter convention day games cup award prize index report strategy doctrine principle memorandum road "
    "street square island islands sea ocean river valley mountains region province state city airport "
    "peninsula strait gulf channel corridor line border bay coast canal zone year era age".split()
)
PREPOSITIONS = frozenset(
    "in of to with for at by from on as than about against into onto over under between among across after "
    "before during since until near toward towards via like including around behind beyond".split()
)
# Documents that speak for those who issued them ("the communique said").
DOCUMENT_HEADS = frozenset("communique communiqué declaration readout".split())
# "one official involved in the negotiations", "a diplomat familiar with the talks": a role and what places it.
_POST_MODIFIED = re.compile(
    r"((?:[\w-]+\s+){0,4}?([\w-]+?)s?)\s+(?:involved in|familiar with|close to|briefed on|with knowledge of|"
    r"present at|who\b)",
    re.IGNORECASE,
)
# The owner written before an institution: "Norland’s Foreign Ministry".
_OWNER = re.compile(r"\s*(?:the\s+)?([A-Z][\w-]*(?:\s[A-Z][\w-]*)?['’]s)\s+[A-Z]")
# What stands before the agency of a wire dateline: "UNITED NATIONS (", "TALBERG, June 18 (".
_DATELINE_AGENCY = re.compile(r"\s*[A-Z][A-Z .’'-]{1,40}(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\.?)?\s*[(/]$")
DETERMINERS = frozenset("the a an its his her their our this that these those one some".split())

_WORD = re.compile(r"[^\s,;:()\[\]\"“”«»]+")
# Title words that end a title before a name ("... Foreign Minister Lena Ostrova"); not the words that also name
# things or places ("State", "House", "Security").
_FOLDING_TITLES = frozenset(
    """
    president vice-president minister secretary chancellor premier ambassador senator governor mayor chairman
    chairwoman chairperson speaker leader spokesman spokeswoman spokesperson commander general admiral envoy
    commissioner secretary-general director director-general negotiator adviser advisor representative
    president-elect co-chair prosecutor judge mediator
    """.split()
)
STATEMENT_OF_ITS_ISSUER = rule(
    "speakers.the-statement-speaks-for-its-issuer",
    "\"The ministry rejected the report in a statement. '...,' the statement said\": \"the statement\" speaks for the "
    "body (a ministry, an agency) that was the subject just before, not for a speaker called \"statement\"; a person "
    "or a country just before is no sure issuer (\"according to a joint statement issued by ...\")",
)
HIS_INSTITUTION = rule(
    "speakers.his-institution-is-not-him",
    "\"Minister Ola Brenn did not answer. His ministry said that '...'\": an institution opened by \"his\" or "
    "\"her\" speaks as that person's institution, not as the person",
)
WEEKDAY_AFTER_NAME = rule(
    "speakers.weekday-after-name", "a weekday written after a name is when they spoke (\"Mr. Kerry Saturday\")"
)
ROLE_ABBREVIATIONS = rule(
    "speakers.role-abbreviations",
    "an abbreviated title names the role a later description uses (\"Sen. Rubio\" is \"the senator\")",
)
_ABBREVIATED_ROLES = {
    "sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "amb": "ambassador",
    "adm": "admiral", "col": "colonel", "lt": "lieutenant", "capt": "captain", "pres": "president",
    "sec": "secretary", "prof": "professor", "cmdr": "commander", "maj": "major", "dr": "doctor",
}
DEMONYM_IS_NO_PERSON = rule(
    "speakers.demonym-is-no-person", "a place adjective alone (\"Ukrainian\", \"the Chinese\") is never a person"
)
TITLE_BEFORE_PORTFOLIO = rule(
    "speakers.title-kept-before-a-portfolio",
    "\"President of Norland Ada Brun\": the title before \"of\" is her role, so \"the president\" is her later",
)
ROLE_MISMATCH = rule(
    "speakers.description-not-given-to-another-role",
    "\"the president said\" is not the minister who spoke last: a described speaker falls back only to a person "
    "whose role the story did not give, or gave as that one",
)
OFFICE_NOT_GUESSED = rule(
    "speakers.office-does-not-answer-itself",
    "'Ruth Anker wanted to know whether ... The foreign secretary said that was \"a matter for later\"': an office "
    "(\"the foreign secretary\", \"the ambassador\") no one in the story holds is not the person who asked or "
    "requested something in the sentence before; the speaker stays the office as written, not a guessed name",
)
ROLE_OF_PORTFOLIO = rule(
    "speakers.role-of-a-portfolio-in-apposition",
    "\"The Deputy Minister of Trade, Ms. Petra Sonn, ...\": the role and its portfolio set before the name in commas "
    "are hers, so \"the Deputy Minister said\" is Sonn",
)


def _role_of_portfolio(before: list[str]) -> list[str]:
    """The role words of "<role> of <Portfolio>," written just before a name ([] when the words are no such role)."""
    of = max(i for i, w in enumerate(before) if w == "of")
    portfolio = before[of + 1 :]
    if of == 0 or not portfolio or not all(w[:1].isupper() or w in ("the", "and") for w in portfolio):
        return []
    if before[of - 1].lower() not in ROLE_NOUNS:
        return []
    start = of - 1
    while start > 0 and before[start - 1][:1].isupper() and not before[start - 1].endswith((",", ".")):
        start -= 1
    return [w for w in before[start:of] if w.lower() not in DETERMINERS]


HEAD_OF_STATE = rule(
    "speakers.head-of-state",
    "\"President Arvid Holm spoke. '...,' the head of state warned\": the head of state is the president or monarch "
    "named, the head of government the prime minister or chancellor",
)
_HEAD_OF = re.compile(
    r"(?:the\s+)?(?:(?!former\b|ex-|late\b|previous\b|next\b|new\b|future\b|acting\b|interim\b)[\w’'-]+\s+){0,2}?"
    r"head of (state|government)"
)
_HEADS_OF_STATE = frozenset("president king queen monarch emir sultan".split())
_HEADS_OF_GOVERNMENT = frozenset("prime premier chancellor taoiseach".split())
ROLE_AFTER_NAME = rule(
    "speakers.role-after-the-name",
    "\"Ivo Dell, the ministry's spokesman, spoke. ... '...,' the spokesman said\": a role set after a full name in "
    "commas is that person's, so the description finds them",
)
_ROLE_AFTER_NAME = re.compile(r",\s+(?:the|a|an|[A-Z][\w’'-]*['’]s)\s+(?:[\w’'-]+\s+){0,2}?([a-z]+)(?=[,.;]|\s+(?:said|told|added))")
# Words of rank that do not tell one holder of a role from another ("Kalvia's top diplomat" is Kalvia's diplomat).
_RANKS = frozenset({"top", "senior", "chief", "lead", "leading"})
# ", Kalvia's top diplomat," after a name: the owner and the role it gives that person.
_OWNED_ROLE_AFTER_NAME = re.compile(r",\s+([A-Z][\w-]*)['’]s\s+(?:[\w-]+\s+){0,2}?([a-z]+)(?=[,.;]|\s+(?:said|told|added))")
POSSESSED_GROUP = rule(
    "speakers.her-party-is-not-the-subject",
    "\"Ada Brun welcomed it. Her Liberal Party had threatened to walk out. '...'\": a group written as someone's "
    "(\"her\", \"his\") does not take over the sentence from that person",
)
SPOKESPERSON = rule(
    "speakers.spokesperson-is-nobody-else",
    "\"'...,' said Jon Arl, a baker. ... The spokesperson added: '...'\": a spokesperson the story never named is "
    "not whoever spoke last, but the spokesperson",
)
_SPOKESPEOPLE = frozenset(("spokesperson", "spokesman", "spokeswoman"))
PLURAL_ROLE = rule(
    "speakers.plural-role-is-no-one-person",
    "\"Minister Ada Brun spoke. '...,' the ministers said\": a role in the plural is a group, never the one person "
    "named last",
)


def _plural_role(head: str) -> bool:
    """ "ministers", "deputies", "spokespeople": the plural of a role noun."""
    return head == "spokespeople" or (head.endswith("s") and head[:-1] in ROLE_NOUNS) or (
        head.endswith("ies") and head[:-3] + "y" in ROLE_NOUNS
    )


RELATIVE_SHARES_NO_SURNAME = rule(
    "speakers.surname-alone-is-not-the-relative",
    "\"Arvo Lindqvist died. His daughter, Elin Lindqvist, said ... Lindqvist joined the service in 1959\": a person "
    "introduced by a family tie in commas does not take the bare surname from the other person of that name, and the "
    "tie tells their gender",
)
# A family tie before a name in commas, and the gender it tells ("" for none).
_KIN_GENDER = {
    **dict.fromkeys("mother daughter wife sister widow aunt grandmother granddaughter niece fiancée".split(), "f"),
    **dict.fromkeys("father son husband brother widower uncle grandfather grandson nephew fiancé".split(), "m"),
    **dict.fromkeys("cousin partner".split(), ""),
}
KIN_FIRST_NAME = rule(
    "speakers.relative-named-by-first-name",
    "\"His wife, Ana, waited at the bridge. '...,' she said\": a first name alone in commas after a family tie names a "
    "person (of the tie's gender), and the pronoun after it is hers, not an earlier speaker's",
)
# The owner before a family tie: "his", "her", "their", or a name's possessive ("Maric's").
_KIN_OWNER = re.compile(r"(?i:his|her|their)|[A-Z][\w-]*['’]s?")
OWNED_ROLE_SUBJECT = rule(
    "speakers.someones-aide-is-the-subject",
    "\"Lund's spokesman played it down. '...,' he said\": a role written as a named person's is the sentence's "
    "subject, so the pronoun after it is the spokesman, not the person or an earlier speaker",
)
# A name's possessive, then a lowercase role with no name set beside it: "Dremmond's spokesman played".
_OWNED_ROLE = re.compile(r"[A-Z][\w-]*(?:\s[A-Z][\w-]*)*['’]s\s([a-z]+)\b(?![,’'-])")
GROUP_IN_A_PLACE = rule(
    "speakers.non-state-group-in-a-place",
    "\"The opposition in Norland has vowed to ...\": a body that is not the state (an opposition, a party, a union) "
    "\"in\" or \"from\" a place speaks for itself, not for the place, as \"a diplomat in Sable\" does",
)
# The heads of bodies that never speak for their country: the place after them only says where they are.
_NON_STATE_HEADS = frozenset(
    "opposition party union movement front group church company association league federation university media".split()
)
OWNER_OF_A_BARE_HEAD = rule(
    "speakers.owner-of-a-one-word-body",
    "\"the Velm Seamen's Union said\", \"Norland's Parliament voted\": a body named by one capitalised head word after "
    "a possessive keeps the possessive, or it is left a bare \"Union\" that names nobody",
)
POST_IN_A_PLACE = rule(
    "speakers.diplomatic-post-in-a-place",
    "\"Norland's embassy in Tarsk said\", \"the Velm mission in Ostra said\": a country's post abroad speaks for "
    "the country that sent it, never for the place it sits in; the whole phrase is the speaker",
)
_DIPLOMATIC_POSTS = frozenset(("embassy", "consulate", "mission", "delegation", "legation"))
TITLE_IN_WAITING = rule(
    "speakers.title-in-waiting",
    "\"Prime Minister-designate Lenka Horvath\", \"Chancellor-elect Ivo Marr\": a title with \"-designate\" or "
    "\"-elect\" is a title, not the first word of the name",
)
_IN_WAITING = re.compile(r"[A-Z][a-z]+-(?:designate|elect)")
PARTICIPLE_OPENING = rule(
    "speakers.participle-opening-is-no-name",
    "\"Meeting Estavian officials who refused to sit down, he pledged ...\": a sentence opening on a participle "
    "(\"Meeting\", \"Addressing\") that the parse reads as a clause is no first name; \"Acting President Ivo Lund\" "
    "and a name such as \"Channing Tatum\" stay names",
)
ISLANDS_OR_COAST_STATE = rule(
    "speakers.islands-or-coast-named-as-a-side",
    "\"The Solomon Islands said it would ...\", \"The Ivory Coast announced ...\": a name of capitalised words ending in "
    "Islands, Isles or Coast, resolved as who speaks or acts, is a state (its government), not a stretch of shore; "
    "without it \"it\" went to the country named before",
)
_SHORE_HEADS = frozenset({"coast", "islands", "isles"})
QUESTION_AUXILIARY = rule(
    "speakers.question-auxiliary-is-no-name",
    "\"Will Tarsos reopen the consulate?\", \"Question: Will Norland pay?\": the auxiliary that opens a question is no "
    "first name, so the country after it is not a person called \"Will Tarsos\"; \"Will Harlan said ...\" stays a name",
)
_QUESTION_AUXILIARIES = frozenset("will would shall can could should did does do is are has have".split())
# What may stand before a question's opening word: nothing, quote marks, a dash, or a transcript's label ("Q:").
_BEFORE_A_QUESTION = re.compile(r"[\s\"“‘'(—–-]*(?:[A-Z][\w .’'()-]{0,40}:\s*)?[\"“‘']?\s*")


def _opens_a_question(text: str, start: int, run: str) -> bool:
    """Whether a capitalised run opening the sentence (or a transcript's line) begins with the auxiliary of a
    question that the sentence closes with a question mark ("Will Tarsos reopen the consulate?")."""
    if run.split(" ", 1)[0].lower() not in _QUESTION_AUXILIARIES or not _BEFORE_A_QUESTION.fullmatch(text[:start]):
        return False
    end = re.compile(r"[.!?]").search(text, start + len(run))
    return end is not None and end.group(0) == "?"


POSSESSIVE_MARKS_GENDER = rule(
    "speakers.possessive-opening-marks-gender",
    "\"Dusan Kral called it a failure. His party will lead the opposition. ... She said ...\": a sentence opened by "
    "\"his\" or \"her\" tells the gender of the person last talked about, so a later \"she\" is not him",
)
POSSESSIVE_NOT_THE_NAMED = rule(
    "speakers.possessive-owner-is-not-named-after-it",
    "\"Kral was charged. His lawyer, Ada Brun, said ... '...,' she said\": a \"his\" or \"her\" before a role "
    "tells the gender of the role's owner, not of the person named after it (\"Her Excellency\" still does)",
)
MONTH_AFTER_PREPOSITION = rule(
    "speakers.month-after-preposition", "a month after a preposition opens a phrase, it is no name (\"In May Russia\")"
)
WEEKDAY_AFTER_PREPOSITION = rule(
    "speakers.weekday-after-preposition",
    "a weekday after a preposition opens a phrase, it is no name (\"On Friday Norland will ...\")",
)


LAST_MONTH_OPENS = rule(
    "speakers.last-month-before-the-name",
    "\"Last September Norland promised ...\", \"Next Monday Estavia will ...\": \"last\", \"next\" or \"this\" and a "
    "month or a weekday opening a phrase is when, no part of the name after it",
)


def time_after_preposition(word: str) -> bool:
    """A month or a weekday (lower case) that, right after a preposition opening a phrase, is when, not a name."""
    return (MONTH_AFTER_PREPOSITION.on and word in MONTHS) or (WEEKDAY_AFTER_PREPOSITION.on and word in WEEKDAYS)

# How many recent sentence subjects a pronoun or a description may point back to.
_SALIENCE_DEPTH = 30
# The particles that open a hyphenated surname ("al-Sudani", "el-Sisi"), written once for the patterns below.
_HYPHEN_PARTICLE = r"(?:al|el|as|ad|ash|at|az)"
_CAPITALISED_RUN = re.compile(
    r"(?<![\w’'-])(?:[A-Z][\w’'.\-]*(?:\s+(?:(?:bin|bint|ibn|al|el|von|van|der|den|de|da|di|du|la|le|abu)\s+)*"
    r"(?:[A-Z]|" + _HYPHEN_PARTICLE + r"-[A-Z])[\w’'.\-]*)*)"
)
BODY_OF_A_NAME = rule(
    "speakers.body-of-a-name-keeps-its-name",
    "\"the Bank of Velmark said\", \"The Tessan Chamber of Shippers said\": a capitalised body, \"of\" and a name is "
    "one institution's name; it speaks as a whole, not as the place or the members named after \"of\"",
)
# Bodies a name after "of" belongs to ("the Bank of Norland", "the Chamber of Exporters"); titles ("Minister of")
# are not among them, and lower-case roles ("the mayor of Dursk") are ROLE_OF_A_PLACE's.
_BODIES_OF = frozenset("bank chamber union association federation confederation council court league board society".split())


ROLE_OF_A_PLACE = rule(
    "speakers.role-of-a-place",
    "\"the mayor of Dursk said\": the mayor speaks, not Dursk (a role, \"of\", then the place or body served)",
)
SAME_SURNAME_BY_TITLE = rule(
    "speakers.same-surname-by-title",
    "with two people of one surname in the story, \"Ambassador Marchetti\" is the one with that title (or the one "
    "whose title the story never gave), not the one met last",
)
HYPHENATED_PARTICLE = rule(
    "speakers.hyphenated-name-particle",
    "\"Mohammed al-Sudani\", \"Abdel Fattah el-Sisi\": a surname that opens with a particle and a hyphen is a name",
)
_HYPHENATED_NAME = re.compile(_HYPHEN_PARTICLE + r"-[A-Z]")
_PARTICLE_SURNAME = re.compile(_HYPHEN_PARTICLE + r"-(\w[\w-]*)")
WITHHELD_NAME = rule(
    "speakers.someone-who-withheld-a-name",
    "\"said one driver, who gave his name only as Julián\", \"said a fabric seller who did not want to give her name\": "
    "the first name given is the speaker, and with none, the description is",
)
# "who did not want to give her name", "who asked not to be named": the words that say a name was withheld
# (shared with the quote reader's attribution after a quote).
WITHHOLDING = r"(?:did not|didn’t|didn't|declined|asked|refused|would not|wouldn’t|preferred)"
NAMING = r"(?:name|named|identified)"
_WITHHOLDS = re.compile(rf"\bwho\s+{WITHHOLDING}\b.*\b{NAMING}\b")
STORY_PLACES = rule(
    "speakers.places-the-story-names",
    "\"Velmora\" is a place when the story also writes \"Velmoran\" or \"in Velmora\": a country the lists do not know "
    "speaks as its government and is never \"he\" or \"she\"",
)
_CAPITAL_WORD = re.compile(r"(?<![\w’'-])([A-Z][a-z]{3,})(?![\w’'-])")
# "in Velmora", "in Velmora on Monday": a single capitalised word after "in" that no name or possessive continues.
_IN_PLACE = re.compile(r"\bin ([A-Z][a-z]{3,})(?![\w’'-])(?!\s+[A-Z])")
# The adjectives a country's name gives: Estavia -> Estavian, Norland -> Norlandic, Tamberra -> Tamberran.
_DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "ic", "ish", "i")


def story_places(text: str) -> frozenset[str]:
    """The single words a story writes as places though no list knows them (lower case): invented or rare
    countries and towns, found by an adjective made from the name or by "in" before it."""
    if not STORY_PLACES:
        return frozenset()
    words = {m.group(1) for m in _CAPITAL_WORD.finditer(text)}
    places = {w for w in words if any(w + ending in words for ending in _DEMONYM_ENDINGS)}
    places |= {m.group(1) for m in _IN_PLACE.finditer(text)}
    return frozenset(
        w.lower() for w in places
        if w.lower() not in MONTHS and w.lower() not in WEEKDAYS and w.lower() not in NOT_NAMES
        and w.lower() not in FEMININE_FIRST_NAMES
    )


def _clean(token: str) -> str:
    """A token without trailing punctuation, keeping the dot of an initial or an abbreviation ("Q.", "Jr.")."""
    token = token.strip("\"“”«»'‘’()[]")
    if token.endswith((",", ";", ":", "!", "?")):
        token = token[:-1]
    if token.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.", token):
        token = token[:-1]
    return token


def is_name_word(token: str) -> bool:
    """A surname written with a particle and a hyphen ("al-Sudani", "el-Sisi"): a name word in lower case."""
    return bool(HYPHENATED_PARTICLE) and bool(_HYPHENATED_NAME.match(token))


def _is_capitalised(token: str) -> bool:
    return bool(token) and (token[0].isupper() or is_name_word(token))


def _possessive_free(tokens: list[str]) -> list[str]:
    """Drops an owner written before a possessive ("North Korea's Kim" -> ["Kim"])."""
    for i in range(len(tokens) - 1, -1, -1):
        if re.search(r"['’]s?$", tokens[i]) and i < len(tokens) - 1:
            return tokens[i + 1 :]
    return tokens


@dataclass
class NounPhrase:
    """A phrase that may name someone, split into what precedes the name, the title words, and the name."""

    text: str
    lead: list[str]
    titles: list[str]
    name: list[str]

    @property
    def head(self) -> str:
        """The last word of the phrase, lower case: "official" in "a senior State Department official"."""
        words = self.lead + self.titles + self.name
        return words[-1].lower() if words else ""


FOREIGN_TITLE = rule(
    "speakers.foreign-compound-title",
    "\"Außenministerin Katrin Albers\", \"Bundeskanzler Ole Sand\", \"ihren Kollegen Rui Pessa\": a German or Italian "
    "title (a word ending in -minister, -präsident, -kanzler, -sprecher, a colleague) before a name is no part of it",
)
_FOREIGN_TITLE = re.compile(
    r"[A-ZÄÖÜ][\wäöüß]*(?:minister|ministerin|präsident|präsidentin|kanzler|kanzlerin|sprecher|sprecherin|"
    r"botschafter|botschafterin|chef|chefin)|(?:[A-ZÄÖÜ][\wäöüß]*k|K)olleg(?:e|en|in)|Ministr[oa]|Presidente"
)


# The styles "His Excellency", "Her Highness", "His Majesty": titles.txt holds them too, so they are folded away
# before a name; this set is for the style said alone ("His Excellency said"), which stands for a person so styled.
_HONORIFICS = frozenset({"excellency", "highness", "majesty"})
PLACE_BEFORE_THE_NAME = rule(
    "speakers.place-before-the-name-after-of",
    "\"the Minister of Transport of Marrisk Ruslan Tagirov\", \"the Minister of Foreign Affairs of the Republic of "
    "Zelovia Arkady Demin\": in a title's \"of\" phrase run on into a name with no comma, the place comes first; the "
    "person is the last two words",
)
OBJECT_AFTER_TITLE_OF = rule(
    "speakers.body-after-a-title-of",
    "\"The chair of the Council, Ada Brun, thanked the envoy\": the body after \"of\" is the object of the title, "
    "not the sentence's subject when a person is named after it (\"of\" is a word of titles such as \"head of state\", "
    "but a body right after it is still the object); the named person is who a later \"she\" means",
)


HONORIFIC_TITLES = rule(
    "speakers.honorific-titles",
    "\"His Excellency Mr. Arvid Lenstrom\", \"H.E. Mr. Lenstrom\", \"His Highness Sheikh Faisal\": honorifics are "
    "titles, folded away before the name (and a weekday before \"His\" is when, not part of the name)",
)


NAME_AFTER_HONORIFIC = rule(
    "speakers.name-starts-at-its-honorific",
    "\"Minister of State for Harbour Affairs Dr. Ines Varro\", \"Consul of Vesk to Orlandia Prof. Hana Lusk\": a "
    "courtesy title (Dr., Prof., Mr., Mrs., Ms.) inside a run of capitalised words opens the name, so the words of "
    "the office or place before it (\"Harbour Affairs\", \"Orlandia\") are not part of the person's name",
)
# The courtesy titles that open a person's name; "Dr Varro" is written without the full stop too.
_NAME_HONORIFICS = frozenset({"dr", "prof", "mr", "mrs", "ms"})


NAME_STOPS_AT_COLON = rule(
    "speakers.name-stops-at-a-colon",
    "\"NORLAND (President Ada Brun): Brun said ...\": a colon ends a label; the name after it starts afresh and "
    "never runs on from the label's words (not \"Ada Brun Brun\")",
)


def _words_after_last_colon(text: str) -> int:
    """How many words follow the last colon when they open on a name word ("...): Brun said"), else 0: a label
    before a pronoun ("MR. BRUN: We will") is read as before."""
    head, colon, tail = text.rpartition(":")
    words = [w for w in (_clean(t) for t in _WORD.findall(tail)) if w]
    if not colon or not words or not words[0][:1].isupper() or words[0].lower() in NOT_NAMES:
        return 0
    return len(words)


@lru_cache(maxsize=8192)
def parse_phrase(text: str) -> NounPhrase:
    """Splits a phrase into lead words, title words folded away, and the trailing name (possibly empty)."""
    tokens = [_clean(t) for t in _WORD.findall(text)]
    tokens = _possessive_free([t for t in tokens if t])
    if tokens and re.search(r"\w['’]s$", tokens[-1]):
        tokens[-1] = tokens[-1][:-2]
    after_colon = _words_after_last_colon(text) if NAME_STOPS_AT_COLON and ":" in text else 0
    floor = len(tokens) - after_colon if 0 < after_colon <= len(tokens) else 0
    run_start = len(tokens)
    while run_start > floor:
        token = tokens[run_start - 1]
        inner_particle = token.lower() in NAME_PARTICLES and run_start < len(tokens) and run_start > 1
        if _is_capitalised(token) or inner_particle:
            run_start -= 1
        else:
            break
    run = tokens[run_start:]
    if HONORIFIC_TITLES:
        while len(run) > 2 and run[0].lower() in WEEKDAYS and run[1].lower() in ("his", "her"):
            run_start += 1  # "received on Wednesday His Excellency Mr. Arvid Lenstrom": the day, then the guest
            run = tokens[run_start:]
    trailing: list[str] = []
    while len(run) > 1 and run[-1].lower() in WEEKDAYS and WEEKDAY_AFTER_NAME:
        trailing.insert(0, run.pop())  # "Mr. Kerry Saturday": the day he spoke, not his name
    titles: list[str] = []
    if NAME_AFTER_HONORIFIC:
        opens = [i for i in range(1, len(run) - 1) if run[i].lower().rstrip(".") in _NAME_HONORIFICS]
        if opens:
            titles.extend(run[: opens[-1] + 1])  # "Maritime Affairs Dr. Elias Brunet": the office, then the person
            del run[: opens[-1] + 1]
    if PLACES.covers([w.lower() for w in run]) or PLACES.covers([w.lower() for w in run[1:]]) and run[:1] == ["The"]:
        return NounPhrase(text=text.strip(), lead=tokens[:run_start], titles=[], name=run)  # "North Korea"
    while len(run) > 1 and (
        run[0].lower() in TITLES
        or run[0].lower() in DEMONYMS
        or run[0].lower() in ROLE_NOUNS
        or run[0].lower() in NOT_NAMES
        or (FOREIGN_TITLE and len(run) > 2 and _FOREIGN_TITLE.fullmatch(run[0]) is not None)
        or (TITLE_IN_WAITING and len(run) > 2 and _IN_WAITING.fullmatch(run[0]) is not None)
        or _foreign_title_length(run) > 0
        or (run[0].lower() in FOREIGN_ARTICLES and _foreign_title_length(run[1:]) > 0)  # "Die Ministerin Jana Falk"
    ):
        if (size := _foreign_title_length(run)) > 1:
            titles.extend(run[: size - 1])  # "Официальный представитель Анна Белова": a title of several words
            del run[: size - 1]
        popped = run.pop(0)
        titles.append(popped)
        if popped.lower() in PREPOSITIONS and len(run) > 1 and time_after_preposition(run[0].lower()):
            titles.append(run.pop(0))  # "In May Russia said", "On Friday Norland will": the time, then the name
        elif LAST_MONTH_OPENS and popped.lower() in ("last", "next", "this") and len(run) > 1 and (
            run[0].lower() in MONTHS or run[0].lower() in WEEKDAYS
        ):
            titles.append(run.pop(0))  # "Last September Norland promised": the time, then the name
    if len(run) == 1 and (run[0].lower() in NOT_NAMES or run[0].lower() in TITLES):
        titles.append(run.pop(0))
    # A title after a word the lists do not know ("Estavian Foreign Minister Lena Ostrova"): the name follows the
    # last title word.
    last_title = max((i for i, t in enumerate(run[:-1]) if t[:1].isupper() and t.lower() in _FOLDING_TITLES), default=-1)
    if last_title >= 0:
        titles.extend(run[: last_title + 1])
        del run[: last_title + 1]
    return NounPhrase(text=text.strip(), lead=tokens[:run_start], titles=titles, name=run)


def _foreign_title_length(run: list[str]) -> int:
    """How many words of another language's title open the run ("Botschafterin Greta Holm": 1), leaving a name."""
    if not FOREIGN_TITLES:
        return 0
    for size in range(min(FOREIGN_TITLES.longest, len(run) - 1), 0, -1):
        if " ".join(run[:size]).lower() in FOREIGN_TITLES:
            return size
    return 0


cached(parse_phrase.cache_clear)  # its answers depend on the word lists


def portfolio_free(run: str, before: list[str]) -> str:
    """A name written after a title's portfolio ("Commissioner for Trade Tomas Varga") without it.

    The run of capitals after "Commissioner for" starts with the portfolio; a name keeps its last two words.
    """
    words = run.split()
    if len(words) < 3 or len(before) < 2 or words[0].lower() in TITLES:
        return run
    if before[-1].lower() in ("and", "&") and PORTFOLIO_LIST:
        before = _portfolio_start(before)  # "Minister for Foreign Affairs and Regional Cooperation Ida Berg"
    if PLACE_BEFORE_THE_NAME and before and before[-1].lower() == "of" and _titled_of_phrase(before) and not _is_institution_name(words):
        return " ".join(_last_two_names(words))  # "Minister of Transport of Marrisk Ruslan Tagirov": the person
    if len(before) < 2 or before[-1].lower() not in ("for", "of") or before[-2].lower() not in _FOLDING_TITLES:
        return run
    return " ".join(words[-2:])


def _titled_of_phrase(before: list[str]) -> bool:
    """The words before end in a title's chain of "of" phrases: "Minister of Transport of", "Minister of Foreign
    Affairs of the Republic of" (capitalised words, "of", "the" and "and" back to the title)."""
    for word in reversed(before[-9:-1]):
        if word.lower() in _FOLDING_TITLES:
            return True
        if not (word[:1].isupper() or word.lower() in ("of", "the", "and", "for")):
            return False
    return False


def _last_two_names(words: list[str]) -> list[str]:
    """The last two words of a run, with the particles between them ("Ursula von der Leyen")."""
    start = len(words) - 2
    while start > 1 and words[start - 1].lower() in NAME_PARTICLES:
        start -= 1
    return words[start:]


PORTFOLIO_LIST = rule(
    "speakers.portfolio-of-several-parts",
    "\"Minister for Foreign Affairs and Regional Cooperation Ida Berg\", \"Minister of Agriculture, Fisheries and "
    "Rural Development Ole Sand\": the capitals after the portfolio's \"and\" still name the portfolio, not the person",
)


def _portfolio_start(before: list[str]) -> list[str]:
    """The words before a portfolio of several parts, up to its "for" or "of" ([] when the words before "and"
    are not capitalised portfolio words after "for" or "of")."""
    i = len(before) - 2
    while i >= 0 and before[i].lower() not in ("for", "of"):
        if not (before[i][:1].isupper() or before[i].lower() in ("and", "&")):
            return []
        i -= 1
    return before[: i + 1] if i >= 1 and i < len(before) - 2 else []


@dataclass(eq=False)
class Entity:
    """A person, an institution or a described speaker ("a senior State Department official")."""

    name: str
    kind: str  # "person", "institution" or "description"
    roles: set[str] = field(default_factory=set)
    gender: str | None = None
    words: frozenset[str] = frozenset()
    origins: set[str] = field(default_factory=set)  # the side a title names: "estavian" in "Estavian Foreign Minister"
    owners: set[str] = field(default_factory=set)  # the side owning a role: "norland" in "Norland's minister, Ada Brun"

    def __post_init__(self) -> None:
        self.rename(self.name)

    def rename(self, name: str) -> None:
        """A fuller name met later ("Trump", then "Donald Trump"); its words index the entity."""
        self.name = name
        words = {w.lower() for w in name.split()}
        if HYPHENATED_PARTICLE and "-" in name:
            words |= {m.group(1) for m in map(_PARTICLE_SURNAME.fullmatch, words) if m}  # "al-Assad" is "Assad"
        self.words = frozenset(words)


OWNER_OF_THE_ROLE = rule(
    "actors.owner-of-the-role",
    "\"Tarsk's justice minister, Ada Brun, said ... 'Tarsk will pay every crown it owes'\": the side that owns the "
    "role set before the name is the side the person speaks for, so the country named in their quote is their own",
)
_ROLE_OWNER = re.compile(r"([A-Z][\w-]+)['’]s")
THE_WORD_BEFORE_A_NOUN = rule(
    "speakers.the-name-before-a-noun-is-no-person",
    "\"through the Lind mountains\", \"on what will be the Ardavian side\": one capitalised word between \"the\" and a "
    "lower-case noun names a thing (a range, a side), so it is no person a later \"he\" or \"she\" could be",
)
# The lower-case word right after a capitalised one: "mountains" in "the Lind mountains". Only a place or a thing
# (THING_HEADS, or one of these) makes the word no person: "the Assad regime" still names Assad.
_NEXT_WORD = re.compile(r" ([a-z]+)\b")
_PLACE_NOUNS = frozenset("side sides hills range slopes shore bank plain plateau basin highlands lowlands town village capital port".split())
OWNED_ROLE_NAMES_ITS_HOLDER = rule(
    "speakers.owned-role-names-its-holder",
    "\"Marovia's envoy, Ilona Petrash, said ...\", later \"Marovia's envoy sent a message\": the owner's role is the one "
    "person the story gave that owner and role, not someone new",
)
SIDED_ROLE_IS_NEW = rule(
    "speakers.sided-role-is-no-unsided-person",
    "'Foreign Minister Teodora Vells' met on a visit paragraphs back, then 'The Velmoran foreign minister said "
    "...': a role qualified by a side is someone the story named without a side only while that person is among "
    "the last subjects; otherwise it is a person of its own",
)


def _origins(words: list[str]) -> set[str]:
    """The capitalised words of a title that say whose side someone is on ("Estavian", "Norlandic")."""
    return {
        w.lower()
        for w in words
        if w[:1].isupper() and w.lower() not in TITLES and w.lower() not in DETERMINERS and w.lower() not in NOT_NAMES
        and w.lower() not in ROLE_NOUNS
    }


CYRILLIC_SURNAME_GENDER = rule(
    "speakers.cyrillic-surname-gender",
    "\"Анна Соколова\", \"Белова\" are women and \"Левашов\", \"Громов\" men: a Russian surname's ending says its "
    "bearer's gender, so \"сказала она\" does not go to the man named last",
)
# Russian surnames in the nominative: -ова/-ева/-ина/-ская/-цкая are a woman's, -ов/-ев/-ин/-ский/-цкий a man's.
_CYRILLIC_FEMININE = re.compile(r"[А-ЯЁ][а-яё]+(?:ова|ева|ёва|ина|ская|цкая)")
_CYRILLIC_MASCULINE = re.compile(r"[А-ЯЁ][а-яё]+(?:ов|ев|ёв|ин|ский|цкий)")


DECLINED_SURNAME = rule(
    "speakers.declined-russian-surname",
    "\"По словам Ветрова, «...»\", \"По словам Сомовой, «...»\": a Russian surname in another case is the person the "
    "story named in the nominative (Ветров, Сомова), not a second person or nobody; a declined form nobody was named "
    "by stays unread",
)
# A case ending and what the nominative ends with instead: Ветрова/Ветрову/Ветровым/Ветрове -> Ветров,
# Сомовой/Сомову -> Сомова, Крайского/Крайскому/Крайским -> Крайский, Крайской/Крайскую -> Крайская.
_CASE_ENDINGS = (
    ("ого", "ий"), ("ому", "ий"), ("им", "ий"), ("ом", "ий"), ("ой", "ая"), ("ую", "ая"),
    ("ой", "а"), ("у", "а"), ("ым", ""), ("а", ""), ("у", ""), ("е", ""),
)
_NOMINATIVE_STEM = re.compile(r"[а-яё]+(?:ов|ев|ёв|ин|ын|ск|цк)")


def cyrillic_nominatives(word: str) -> list[str]:
    """The nominatives a declined Russian surname may stand for, lower case ("ветрова" -> ["ветров"])."""
    lowered = word.lower()
    found = []
    for ending, nominative in _CASE_ENDINGS:
        stem = lowered[: -len(ending)]
        if lowered.endswith(ending) and _NOMINATIVE_STEM.fullmatch(stem):
            if nominative in ("ий", "ая") and not stem.endswith(("ск", "цк")):
                continue
            found.append(stem + nominative)
    return found


NAME_OF_AN_EVENT = rule(
    "speakers.name-before-an-event-noun",
    "\"the Grey Sound talks\", \"the Velm summit\": capitalised words between \"the\" and a lower-case event noun "
    "name the event; they are nobody who speaks or commits",
)
_EVENT_NOUN_AFTER = re.compile(
    r"\s+(?:talks|summit|negotiations|conference|forum|meeting|dialogue|process|accords?|agreements?|treaty|"
    r"ceasefire|round|format)\b"
)


_HONOURED = frozenset({"excellency", "highness", "majesty", "holiness", "royal"})  # "Her Excellency": hers


def _gender_of(words: list[str], name: list[str]) -> str | None:
    if CYRILLIC_SURNAME_GENDER and name and name[-1][:1] >= "А":
        if _CYRILLIC_FEMININE.fullmatch(name[-1]):
            return "f"
        if _CYRILLIC_MASCULINE.fullmatch(name[-1]):
            return "m"
    lowered = {w.lower() for w in words}
    if POSSESSIVE_NOT_THE_NAMED and not lowered & _HONOURED:
        lowered -= {"his", "her"}  # "His lawyer, Ada Brun": the owner's gender, not the lawyer's ("Her Majesty" stays)
    if any(w in FEMININE for w in lowered):
        return "f"
    if any(w in MASCULINE for w in lowered):
        return "m"
    if len(name) > 1 and name[0].lower() in FEMININE_FIRST_NAMES:
        return "f"
    return None


def _body_of_a_name(phrase: NounPhrase) -> str | None:
    """ "the Bank of Velmark" -> "the Bank of Velmark", "The Tessan Chamber of Shippers" -> "the Tessan Chamber of
    Shippers": the whole name of a body written as a capitalised head, "of" and a name; None for any other phrase."""
    lead = phrase.lead
    if len(lead) < 2 or lead[-1].lower() != "of" or not lead[-2][:1].isupper() or lead[-2].lower() not in _BODIES_OF:
        return None
    start = len(lead) - 2
    while start > 0 and lead[start - 1][:1].isupper() and lead[start - 1].lower() not in ("the", "a", "an"):
        start -= 1
    if any(w.lower() in TITLES or w.lower() in NOT_NAMES for w in lead[start:-1]):
        return None
    if start > 1 or (start == 1 and lead[0].lower() != "the") or len(phrase.name) > 3 or phrase.titles:
        return None  # "President of Sanpur Chamber of Traders Shri Tarun Velkar": a person of the body speaks
    article = "the " if start > 0 and lead[start - 1].lower() == "the" else ""
    return article + " ".join(lead[start:] + phrase.name)


def _is_institution_name(name: list[str]) -> bool:
    last = name[-1].lower()
    if last in INSTITUTION_HEADS or last in AGENCIES:
        return True
    if len(name) == 1 and (last in PLACES or (name[0].isupper() and len(name[0]) > 1)):
        return True
    if len(name) > 1 and PLACES.covers([w.lower() for w in name]):
        return True  # "Hong Kong said": a place speaking is its government
    return False


def _is_thing_or_place(name: list[str]) -> bool:
    lowered = [w.lower() for w in name]
    if lowered[-1] in THING_HEADS:
        return True
    if PLACES.covers(lowered) or (len(lowered) > 1 and PLACES.covers(lowered[1:]) and lowered[0] in DEMONYMS):
        return True  # "Hong Kong", "eastern Ukraine"; not "Hong Lei" or "Sofia Lund"
    if all(w in MONTHS or w in WEEKDAYS or w.isdigit() for w in lowered) and (len(name) > 1 or lowered[0] != "may"):
        return True
    return any(ch.isdigit() for ch in name[-1])


class Registry:
    """The people and institutions of one article, met in reading order, and who was talked about last."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self._last_seen: dict[int, int] = {}
        self._clock = 0
        self.subjects: list[Entity] = []
        self.places: frozenset[str] = frozenset()
        # who asked in the sentence just read ("Anker wanted to know whether ..."): not the office that answers
        self.asker: Entity | None = None

    def learn_places(self, text: str) -> None:
        """Reads the places a story names that no list knows, before the story is read (`story_places`)."""
        self.places = story_places(text)

    def _is_story_place(self, name: list[str]) -> bool:
        return len(name) == 1 and name[0].lower() in self.places

    # --- bookkeeping -------------------------------------------------------------------------------
    def _touch(self, entity: Entity) -> Entity:
        self._clock += 1
        self._last_seen[id(entity)] = self._clock
        return entity

    def _registered(self, entity: Entity) -> Entity:
        """A new entity, met now: later pronouns and roles may stand for it."""
        self.entities.append(entity)
        return self._touch(entity)

    def _recent(self, entities: list[Entity]) -> Entity | None:
        return max(entities, key=lambda e: self._last_seen.get(id(e), 0), default=None)

    def note_subject(self, entity: Entity | None) -> None:
        """Remembers who a sentence was about, for the pronouns of the sentences after it."""
        if entity is not None:
            self.subjects.append(entity)
            if len(self.subjects) > 4 * _SALIENCE_DEPTH:
                del self.subjects[: -_SALIENCE_DEPTH]
            self._touch(entity)

    def knows(self, word: str) -> bool:
        """Whether a person or institution met so far carries this word in its name (a look-up: nothing is added)."""
        lowered = word.lower()
        return any(lowered in entity.words for entity in self.entities)

    # --- naming ------------------------------------------------------------------------------------
    def _person(self, phrase: NounPhrase) -> Entity:
        name = phrase.name
        lowered = [w.lower() for w in name]
        roles = {w.lower() for w in phrase.titles + phrase.lead}
        if ROLE_ABBREVIATIONS:
            roles |= {_ABBREVIATED_ROLES[r.rstrip(".")] for r in roles if r.rstrip(".") in _ABBREVIATED_ROLES}
        gender = _gender_of(phrase.titles + phrase.lead, name)
        if len(name) == 1:
            known = [e for e in self.entities if e.kind == "person" and lowered[0] in e.words]
            titled = {r for r in roles if r in TITLES}
            if SAME_SURNAME_BY_TITLE and titled and len(known) > 1:
                # "Ambassador Marchetti" when a Minister Marchetti is in the story too: the one with that title, or
                # else one whose title the story never gave
                fitting = [e for e in known if titled & e.roles] or [
                    e for e in known if not any(r in TITLES for r in e.roles)
                ]
                known = fitting or known
            if RELATIVE_SHARES_NO_SURNAME and len(known) > 1 and not titled:
                known = [e for e in known if "kin" not in e.roles] or known  # the relative goes by a full name
            found = self._recent(known)
            if found is None:
                found = Entity(name[0], "person", set(), None)
                self.entities.append(found)
        else:
            full = " ".join(name)
            same = [
                e
                for e in self.entities
                if e.kind == "person" and e.words and (e.words <= set(lowered) or set(lowered) <= e.words)
                and lowered[-1] in e.words | {lowered[-1]} and (e.words & set(lowered))
            ]
            found = self._recent(same)
            if found is None:
                found = Entity(full, "person", set(), None)
                self.entities.append(found)
            elif len(found.name.split()) == 1:
                found.rename(full)
        found.roles |= roles
        found.origins |= _origins(phrase.titles + phrase.lead)
        found.gender = found.gender or gender
        return self._touch(found)

    def _institution(self, text: str) -> Entity:
        key = text.lower().removeprefix("the ")
        for entity in self.entities:
            if entity.kind == "institution" and entity.name.lower().removeprefix("the ") == key:
                return self._touch(entity)
        entity = Entity(text, "institution")
        return self._registered(entity)

    def unnamed_source(self, text: str, head: str, *, new: bool = False) -> Entity:
        """The source a story describes and does not name ("the official" after "A donor official ... said"):
        whoever of the people named holds that role, else a description of its own (UNNAMED_SOURCE in quotes).
        A source brought in as new ("a currency trader at a large bank, who asked not to be named") is always
        one of its own (LONG_ANONYMOUS)."""
        holder = None if new else self._recent([e for e in self.entities if e.kind in ("person", "description") and head in e.roles])
        if holder is not None:
            return self._touch(holder)
        entity = Entity(text, "description", {head})
        return self._registered(entity)

    def _by_role(self, head: str, phrase: NounPhrase) -> Entity | None:
        qualifiers = {w.lower() for w in phrase.lead + phrase.titles} - DETERMINERS - {head}
        people = [e for e in self.entities if e.kind in ("person", "description") and head in e.roles]
        sides = _origins(phrase.lead + phrase.titles)
        if sides:
            # "the Norlandic minister" is nobody of another side; it may be the Norlandic counterpart named before.
            same_side = [e for e in self.entities if e.kind in ("person", "description") and sides & (e.origins | e.roles)]
            if same_side:
                return self._recent(same_side)
            people = [e for e in people if not e.origins]
            if SIDED_ROLE_IS_NEW:
                recent = self.subjects[-3:]
                people = [e for e in people if e in recent]  # named long before with no side: not this one
        if qualifiers:
            closer = [e for e in people if qualifiers & e.roles]
            people = closer or people
        return self._recent(people)

    def declined(self, word: str) -> Entity | None:
        """The person named before whose Russian surname this word declines ("Ветрова" -> Игорь Ветров), or None."""
        forms = cyrillic_nominatives(word)
        if not forms:
            return None
        known = [e for e in self.entities if e.kind == "person" and any(f in e.words for f in forms)]
        found = self._recent(known)
        return self._touch(found) if found is not None else None

    def resolve(self, text: str, *, own_subject: Entity | None = None) -> Entity | None:
        """The entity a phrase refers to: a name, a pronoun, a description, or an institution."""
        text = text.strip(" ,;:-—–")
        if not text:
            return None
        lowered = text.lower()
        if lowered in ("he", "she", "it", "they"):
            return self._pronoun(lowered, own_subject)
        if lowered in ("i", "we", "you"):
            return None
        office = _HEAD_OF.fullmatch(lowered) if HEAD_OF_STATE and "head of" in lowered else None
        if office:
            return self._head_of(office.group(1), text)
        phrase = parse_phrase(text)
        if phrase.name:
            return self._named(phrase, text)
        return self._described(phrase, text)

    def _head_of(self, office: str, text: str) -> Entity | None:
        """ "the head of state" is the president or monarch the story named; "the head of government" its prime
        minister or chancellor; nobody when the story named none."""
        wanted = _HEADS_OF_STATE if office == "state" else _HEADS_OF_GOVERNMENT
        holders = [e for e in self.entities if e.kind == "person" and e.roles & wanted]
        found = self._recent(holders)
        return self._touch(found) if found is not None else None

    def _named(self, phrase: NounPhrase, text: str) -> Entity | None:
        name = phrase.name
        lead = [w.lower() for w in phrase.lead]
        if STORY_PLACES and any(w in ROLE_NOUNS for w in lead) and lead[-1:] in (["in"], ["from"]):
            if self._is_story_place(name) or PLACES.covers([w.lower() for w in name]):
                # "a diplomat in Sable": someone described by where they are, not the place
                entity = Entity(_without_article(text), "description", {w for w in lead if w in ROLE_NOUNS})
                return self._registered(entity)
        post = POST_IN_A_PLACE and lead[-2:-1] and lead[-2] in _DIPLOMATIC_POSTS  # "Norland's embassy in Tarsk"
        if len(lead) >= 2 and lead[-1] in ("in", "from") and (GROUP_IN_A_PLACE and lead[-2] in _NON_STATE_HEADS or post):
            # "the opposition in Ostrava": the body, described by where it is, not the place
            entity = Entity(_without_article(text), "institution", set())
            return self._registered(entity)
        body = _body_of_a_name(phrase) if BODY_OF_A_NAME else None
        if body is not None:
            return self._institution(body)  # "the Bank of Velmark": the bank speaks, not Velmark
        if (
            ROLE_OF_A_PLACE and lead[-1:] == ["of"] and len(lead) >= 2 and lead[-2] in ROLE_NOUNS
            and not _is_institution_name(name)
            and (len(name) == 1 or self._is_story_place(name) or PLACES.covers([w.lower() for w in name]))
        ):
            # "the mayor of Dursk": a person described by the place they serve, not the place
            entity = Entity(_without_article(text), "description", {lead[-2]})
            return self._registered(entity)
        if _is_institution_name(name) or self._is_story_place(name):
            # An institution keeps its whole name: "the Foreign Ministry", not "Ministry".
            name = [t for t in phrase.titles if t[:1].isupper() and t.lower() not in NOT_NAMES] + name
            article = "the " if phrase.lead and phrase.lead[-1].lower() == "the" and len(name) > 1 else ""
            if not phrase.lead and phrase.titles and phrase.titles[0].lower() == "the" and len(name) > 1:
                article = "the "
            if name[-1].lower() in AGENCIES or len(name) == 1:
                article = "the " if name[0].lower() == "kremlin" else ""
            owner = _OWNER.match(text)
            if owner and len(name) > 1 and owner.group(1).split()[0].lower() not in NOT_NAMES:
                article = owner.group(1) + " "  # "Norland’s Foreign Ministry": whose ministry it is
            elif OWNER_OF_A_BARE_HEAD and len(name) == 1 and name[0].lower() in INSTITUTION_HEADS:
                owned = _OWNER.match(re.sub(r"^\s*The\s+", "", text))  # "The Velm Dockers' Union" opening a sentence
                if owned and owned.group(1).split()[0].lower() not in NOT_NAMES:
                    article = owned.group(1) + " "  # "the Kessmark Fishermen's Union": not a bare "Union"
            return self._institution(article + " ".join(name))
        if (
            ISLANDS_OR_COAST_STATE and len(name) > 1 and name[-1].lower() in _SHORE_HEADS
            and all(w[:1].isupper() for w in name) and not lead
        ):
            return self._institution(" ".join(name))  # "The Solomon Islands said": the state speaks
        if _is_thing_or_place(name) or (len(name) == 1 and name[0].lower() in DEMONYMS and DEMONYM_IS_NO_PERSON):
            return None
        return self._person(phrase)

    def _described(self, phrase: NounPhrase, text: str) -> Entity | None:
        source = _POST_MODIFIED.match(text)
        if source and source.group(2).lower() in ROLE_NOUNS:
            return self._described_source(source.group(1), source.group(2).lower(), text)
        if source and WITHHELD_NAME and re.match(r"(?:a|an|one)\s", text) and _WITHHOLDS.search(text):
            # "a fabric seller who did not want to give her name": someone the story describes and cannot name
            entity = Entity(_without_article(source.group(1)), "description", {source.group(2).lower()})
            return self._registered(entity)
        head = phrase.head
        words = [w.lower() for w in phrase.lead + phrase.titles]
        if STATEMENT_OF_ITS_ISSUER and head == "statement" and words == ["the", "statement"]:
            issuer = next(iter(self.recent_subjects()), None)
            if issuer is not None and issuer.kind == "institution":  # a ministry, not a person or a country
                return self._touch(issuer)  # "The ministry replied in a statement. '...,' the statement said"
        if head in DOCUMENT_HEADS:
            return self._institution(text)  # "The communique": a document speaks for those who issued it
        if head in INSTITUTION_HEADS:
            lead = text.split()
            if HIS_INSTITUTION and words and words[0] in ("his", "her") and len(lead) > 1:
                owner = self._pronoun("he" if words[0] == "his" else "she", None)
                if owner is not None and owner.kind == "person":
                    return self._institution(f"{owner.name}’s {' '.join(lead[1:])}")  # "his ministry": Brenn's
            return self._institution(_without_article(text))
        if head in _HONORIFICS and HONORIFIC_TITLES and words[:1] in (["his"], ["her"]):
            honoured = [e for e in self.entities if e.kind == "person" and head in e.roles]
            found_honoured = self._recent(honoured)  # "His Excellency said": the last one so titled
            return self._touch(found_honoured) if found_honoured is not None else None
        if head not in ROLE_NOUNS:
            return None
        owned_by = _ROLE_OWNER.match(text) if OWNED_ROLE_NAMES_ITS_HOLDER else None
        if owned_by is not None:
            # "Norland's foreign minister" is not "Norland's digital minister": every qualifier must be the holder's
            wanted = {head} | ({w.lower() for w in phrase.lead + phrase.titles} - DETERMINERS - _RANKS)
            holders = [e for e in self.entities if e.kind == "person" and owned_by.group(1).lower() in e.owners and wanted <= e.roles]
            if len(holders) == 1:
                return self._touch(holders[0])  # "Marovia's envoy" after "Marovia's envoy, Ilona Petrash,": her
        found = self._by_role(head, phrase)
        definite = bool(words) and words[0] in ("the", "his", "her", "their", "its")
        if found is not None and definite:
            return self._touch(found)
        if (
            definite and not _origins(phrase.lead + phrase.titles) and not (PLURAL_ROLE and _plural_role(head))
            and not (SPOKESPERSON and head in _SPOKESPEOPLE)
        ):
            last = self._last_person()
            if last is not None and ROLE_MISMATCH and head in TITLES and head not in last.roles and any(r in TITLES for r in last.roles):
                last = None  # "the president" after Education Minister Lena Aas spoke: not her
            if last is not None and OFFICE_NOT_GUESSED and head in TITLES and last is self.asker:
                last = None  # "Anker asked ... The foreign secretary said": the office answers her, it is not her
            if last is not None:
                return self._touch(last)
        name = text if definite and words[0] == "the" else _without_article(text)
        entity = Entity(name, "description", {head} | set(words))
        return self._registered(entity)

    def _described_source(self, phrase: str, head: str, text: str) -> Entity:
        """An unnamed source described by what they took part in ("one official involved in the talks")."""
        name = re.sub(r"^(?:one|a|an)\s+", "", text, flags=re.IGNORECASE)
        entity = Entity(name, "description", {head} | {w.lower() for w in phrase.split()})
        return self._registered(entity)

    def arabic(self, found: ArabicSpeaker) -> Entity:
        """The entity an Arabic speaker names: one met before whose name (or, alone, whose surname or role) is the
        same once vowel marks are read off (ARABIC_SAME_NAME), else a new one, named as written here."""
        key = normalise(found.name).split()
        role = normalise(found.role)
        same_name = ARABIC_SAME_NAME.on
        for entity in reversed(sorted(self.entities, key=lambda e: self._last_seen.get(id(e), 0))):
            if entity.kind != found.kind:
                continue
            words = normalise(entity.name).split()
            if words == key or (same_name and found.kind == "person" and (
                (len(key) == 1 and key[0] in words) or (len(key) > 1 and set(words) <= set(key) and words[-1] == key[-1])
            )):
                if len(key) > len(words):
                    entity.rename(found.name)  # "ناصر", then "أحمد ناصر"
                entity.roles |= {role} if role else set()
                return self._touch(entity)
        if found.kind == "description":
            holders = [e for e in self.entities if e.kind == "person" and role in e.roles]
            if holders and same_name:
                return self._touch(self._recent(holders) or holders[-1])  # "قال الوزير": the minister named before
        entity = Entity(found.name, found.kind, {role} if role else set())
        return self._registered(entity)

    def document(self, name: str) -> Entity:
        """A treaty, accord or statement whose own wording is quoted: it speaks for those who signed it."""
        return self._institution(name)

    def recent_subjects(self) -> list[Entity]:
        """The subjects of the last sentences, newest first: a pronoun reaches no further back than this."""
        return self.subjects[: -_SALIENCE_DEPTH - 1 : -1]

    def _last_person(self) -> Entity | None:
        for entity in self.recent_subjects():
            if entity.kind in ("person", "description"):
                return entity
        return None

    def _pronoun(self, pronoun: str, own_subject: Entity | None) -> Entity | None:
        candidates = ([own_subject] if own_subject else []) + self.recent_subjects()
        if pronoun == "she":  # men are rarely marked as such; a woman the story marked is a strong clue
            wanted = "f"
            recent = candidates[:6]
            exact = [e for e in recent if e.kind in ("person", "description") and e.gender == wanted]
            first_compatible = next(
                (e for e in recent if e.kind in ("person", "description") and e.gender in (None, wanted)), None
            )
            newest = first_compatible is not None and bool(recent) and recent[0] is first_compatible
            if (
                exact
                and first_compatible is not None
                and first_compatible.gender is None
                and exact[0] is not first_compatible
                and not newest  # the subject of the sentence just before is the likeliest "she"
            ):
                # A known "she" nearby beats a nearer person whose gender the story never said.
                if recent.index(exact[0]) <= recent.index(first_compatible) + 3:
                    return self._touch(exact[0])
        for entity in candidates:
            if pronoun in ("it", "they"):
                if entity.kind == "institution":
                    return self._touch(entity)
                continue
            if entity.kind not in ("person", "description"):
                continue
            if pronoun == "he" and entity.gender == "f" or pronoun == "she" and entity.gender == "m":
                continue
            if pronoun == "she" and entity.gender is None:
                entity.gender = "f"
            if pronoun == "he" and entity.gender is None:
                entity.gender = "m"
            return self._touch(entity)
        return None

    def mark_gender(self, pronoun: str) -> None:
        """Gives the person a possessive opening a sentence points to ("His party ...") that pronoun's gender,
        without making them the sentence's subject or touching who was met last."""
        wanted = "m" if pronoun == "his" else "f"
        for entity in self.recent_subjects():
            if entity.kind == "institution":
                continue
            if entity.gender not in (None, wanted):
                continue
            if entity.kind == "person" and entity.gender is None:
                entity.gender = wanted
            return

    # --- running text ------------------------------------------------------------------------------
    def mentions(self, text: str) -> list[tuple[int, Entity]]:
        """People and institutions named in running text, with their offsets, registered as met."""
        found: list[tuple[int, Entity]] = []
        for match in _CAPITALISED_RUN.finditer(text):
            entity = self._mention(text, match)
            if entity is not None:
                found.append((match.start(), entity))
        return found

    def _mention(self, text: str, match: re.Match[str]) -> Entity | None:
        run = match.group(0)
        start = match.start()
        if PARTICIPLE_OPENING and " " in run and _opens_on_participle(text, start, run):
            # "Meeting Estavian officials ..., he pledged": the participle opens a clause, it is no first name
            first = run.split(" ", 1)[0]
            run, start = run[len(first) + 1 :], start + len(first) + 1
        if QUESTION_AUXILIARY and " " in run and _opens_a_question(text, start, run):
            first = run.split(" ", 1)[0]  # "Will Tarsos reopen the consulate?": Tarsos, asked about
            run, start = run[len(first) + 1 :], start + len(first) + 1
        if " " in run and run.isupper():
            return None  # a subheading in capitals ("MAY EYES BREXIT SOON")
        if " " not in run and run.lower() in FOREIGN_ARTICLES:
            return None  # "Die estavische Botschafterin ...": another language's article, not "Die Lage" met before
        if start > 0 and text[start - 1] == "(" and run.lower() in AGENCIES:
            return None  # a dateline's agency: "STOCKHOLM (Reuters) -"
        if start < 60 and _DATELINE_AGENCY.match(text, 0, start):
            return None  # any agency in a dateline: "UNITED NATIONS (Associated Dispatch) —"
        if NAME_OF_AN_EVENT and text[max(0, start - 4) : start].lower() == "the " and _EVENT_NOUN_AFTER.match(text, match.end()):
            return None  # "the Grey Sound talks": the talks' name, nobody who acts
        before = text[max(0, start - 40) : start].split()
        lead = before[-1:] if before and before[-1].lower() in ROLE_NOUNS else []
        if before and before[-1].endswith(",") and before[-1][:-1].lower() in ROLE_NOUNS:
            # "his Norlandic counterpart, Ingrid Dahl": the description in apposition says who she is
            lead = [w.rstrip(",") for w in before[-3:] if w[:1].isupper() or w.rstrip(",").lower() in ROLE_NOUNS]
        elif ROLE_OF_PORTFOLIO and before and before[-1].endswith(",") and "of" in before[-6:]:
            lead = _role_of_portfolio(before[-8:])  # "The Deputy Minister of Foreign Affairs, Ms. Ana Sonn"
        if run.endswith(".") and run[-3:-1].isalpha() and run[-3:-1].islower():
            run = run[:-1]  # "Ingrid Dahl." at the end of a sentence
        article = ["the"] if before and before[-1] == "the" else []
        freed = portfolio_free(run, text[max(0, start - 90) : start].split())
        if TITLE_BEFORE_PORTFOLIO and freed != run and not lead and before[-2].lower() in ROLE_NOUNS:
            lead = [before[-2]]  # "President of Norland Ada Brun": the title is hers
        run = freed
        phrase = parse_phrase(" ".join(article + lead + [run]))
        name = phrase.name
        if not name:
            return None
        lowered = [w.lower() for w in name]
        if len(name) == 1 and lowered[0] in MONTHS and _is_month(text, match):
            return None
        if _is_institution_name(name) or self._is_story_place(name):
            if PLACES.covers(lowered) or self._is_story_place(name):
                return None
            return self._named(phrase, " ".join(article + [run]))
        if _is_thing_or_place(name) or (len(name) == 1 and lowered[0] in DEMONYMS and DEMONYM_IS_NO_PERSON):
            return None  # "the Ukrainian peninsula": a place adjective names nobody
        kin = before[-1][:-1].lower() if before and before[-1].endswith(",") else ""
        kin_named = False
        if len(name) == 1:
            titled = bool(phrase.lead) or any(t.lower() in TITLES or t.lower() in ROLE_NOUNS for t in phrase.titles)
            if THE_WORD_BEFORE_A_NOUN and titled and [w.lower() for w in phrase.lead] == ["the"] and not phrase.titles:
                noun = _NEXT_WORD.match(text, match.end())
                if noun and (noun.group(1) in THING_HEADS or noun.group(1) in _PLACE_NOUNS):
                    titled = False  # "through the Lind mountains", "the Ardavian side": a word naming a thing, no person
            if KIN_FIRST_NAME and kin in _KIN_GENDER and len(before) >= 2 and _KIN_OWNER.fullmatch(before[-2]):
                titled = kin_named = True  # "His wife, Ana, waited at the bridge": the tie says a person is named
            known = any(lowered[0] in e.words and e.kind == "person" for e in self.entities)
            if not (titled or known) or lowered[0] in NOT_NAMES:
                return None
        person = self._person(phrase)
        if OWNER_OF_THE_ROLE and lead and before[-1].endswith(","):
            owner = next((m.group(1) for w in before[-4:-1] for m in [_ROLE_OWNER.fullmatch(w)] if m), None)
            if owner is not None and owner.lower() not in NOT_NAMES:
                person.owners.add(owner.lower())  # "Pontravia's justice minister, Oskar Lind": he speaks for Pontravia
        if kin_named:
            person.roles.add("kin")
            person.gender = person.gender or _KIN_GENDER[kin] or None
        if RELATIVE_SHARES_NO_SURNAME and kin in _KIN_GENDER and len(name) > 1 and len(person.words) > 1:
            person.roles.add("kin")  # "His daughter, Elin Lindqvist, said": a relative, named in full
            person.gender = person.gender or _KIN_GENDER[kin] or None
        if OWNED_ROLE_NAMES_ITS_HOLDER:
            owned = _OWNED_ROLE_AFTER_NAME.match(text, match.end())
            if owned and owned.group(2) in ROLE_NOUNS and owned.group(1).lower() not in NOT_NAMES:
                person.roles.add(owned.group(2))  # "Dorr, Kalvia's top diplomat, said": Kalvia's diplomat is Dorr
                person.owners.add(owned.group(1).lower())
        if ROLE_AFTER_NAME and len(name) > 1:
            role = _ROLE_AFTER_NAME.match(text, match.end())
            if role and role.group(1).lower() in ROLE_NOUNS:
                person.roles.add(role.group(1).lower())  # "Ivo Dell, the ministry's spokesman, ..."
        return person

    def subject_of(self, text: str, mentions: list[tuple[int, Entity]]) -> tuple[int, Entity] | None:
        """The first person or institution of a sentence that is not the object of a preposition."""
        for offset, entity in mentions:
            words = [w.lower().strip(",") for w in text[:offset].split()]
            if POSSESSED_GROUP and (
                (entity.kind == "institution" and words[-1:] in (["her"], ["his"]))
                or text[offset : offset + 4] in ("Her ", "His ")
            ):
                continue  # "Her Liberal Party had threatened to walk out": the story is still about her
            if OBJECT_AFTER_TITLE_OF and _person_in_apposition(text, offset, mentions):
                bare = list(itertools.dropwhile(lambda w: w in DETERMINERS, reversed(words)))
                if bare and bare[0] in PREPOSITIONS:
                    continue  # "The president of the Association, Ada Brun, ...": the body is the title's object
            while words and (words[-1] in DETERMINERS or words[-1] in TITLES or words[-1] in DEMONYMS):
                words.pop()
            if words and words[-1] in PREPOSITIONS:
                continue
            owned = _OWNED_ROLE.match(text, offset) if OWNED_ROLE_SUBJECT and entity.kind == "person" else None
            if owned and owned.group(1) in ROLE_NOUNS:
                role = self.resolve(owned.group(0))  # "Dremmond's spokesman played it cool": the spokesman
                if role is not None and role is not entity:
                    return offset, role
            return offset, entity
        return None


def _person_in_apposition(text: str, offset: int, mentions: list[tuple[int, Entity]]) -> bool:
    """Whether the next name after the one at `offset` is a person set off by a comma right after it ("the
    Association, Ada Brun,"): the title's holder, named in apposition."""
    later = [(o, e) for o, e in mentions if o > offset]
    if not later:
        return False
    where, entity = later[0]
    return entity.kind == "person" and re.fullmatch(r"[^,]*,\s*", text[offset:where]) is not None


def _opens_on_participle(text: str, start: int, run: str) -> bool:
    """Whether a capitalised run opening the sentence begins with a participle that opens a clause ("Meeting
    Estavian officials ..., he ..."), as the parse reads it: not "Acting President" (a title), not "Channing Tatum"."""
    if text[:start].strip(" \"“‘'(—–-") or not run.split(" ", 1)[0].endswith("ing"):
        return False
    doc = syntax.parse(text)
    if doc is None or len(doc) == 0:
        return False
    head = doc[0] if doc[0].is_alpha else (doc[1] if len(doc) > 1 else doc[0])
    return head.text == run.split(" ", 1)[0] and head.tag_ == "VBG" and head.dep_ in ("advcl", "csubj", "ROOT", "pcomp")


def _is_month(text: str, match: re.Match[str]) -> bool:
    """ "May 23", "in May", "since May": the month, not Theresa May."""
    after = text[match.end() : match.end() + 4].strip()
    before = text[max(0, match.start() - 8) : match.start()].split()
    return bool(re.match(r"\d", after)) or (bool(before) and before[-1].lower() in PREPOSITIONS | {"early", "late", "mid"})


ONE_OF_A_GROUP = rule(
    "speakers.one-of-a-group",
    "\"'...,' one of the officials said\": the speaker is \"one of the officials\", not \"of the officials\"",
)


def _without_article(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in ("a", "an", "one", "the", "official") and len(words) > 1:
        if words[0].lower() == "the" and len(words) > 1 and _is_capitalised(words[1]):
            break
        if ONE_OF_A_GROUP and words[0].lower() == "one" and words[1].lower() == "of":
            break  # "one of the officials": "one" is the speaker, "of the officials" says which
        words.pop(0)
    return " ".join(words)
