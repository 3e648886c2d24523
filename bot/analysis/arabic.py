"""Who speaks in Arabic copy: the speech verb, then the role and the name after it.

Arabic has no capital letters, so the English and Latin readers, which find names by their capitals, find no one in
it. Arabic news writes the verb first, its subject after ("«...»، قال وزير الخارجية أحمد ناصر", "وقالت ليلى حداد إن
«...»"): the speaker is read right after a speech verb from the list, as roles and institutions from the lists,
then up to three name words ended by a particle, a preposition, punctuation or a word with the article "ال" (the
surname itself when an ending follows it); with nothing after the verb, a subject that is the whole of the sentence
before the verb ("أما حداد فقال"). What is not clearly a name is left out: more than three words before an ending, or a name word that is a list word, gives
no speaker rather than a guess. Vowel marks (harakat) and the stretching tatweel are read off before any comparison
(`normalise`), so "أَحْمَد" and "أحمد" are one name; a name is shown as first written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analysis.lexicon import (
    ARABIC_BODIES,
    ARABIC_ROLES,
    ARABIC_SETTINGS,
    ARABIC_SPEECH_VERBS,
    ARABIC_STOPS,
    ARABIC_UNNAMED,
)
from bot.analysis.rules import rule

ARABIC_ATTRIBUTION = rule(
    "speakers.arabic-verb-then-speaker",
    "\"«...»، قال وزير الخارجية أحمد ناصر\", \"وقالت ليلى حداد إن «...»\": in Arabic copy the speech verb comes first "
    "and the speaker right after it, a role and a name; a role alone is the speaker as the role, an institution "
    "(\"وزارة الخارجية\") speaks as itself, and an unclear run of words gives no speaker",
)
ARABIC_SAME_NAME = rule(
    "speakers.arabic-name-without-vowel-marks",
    "\"أَحْمَد ناصر\" and \"أحمد ناصر\" are one person: vowel marks and tatweel are ignored when names are compared, "
    "and the surname alone later (\"وأضاف ناصر\") is the same person",
)
ARABIC_ARTICLE_SURNAME = rule(
    "speakers.arabic-surname-with-article",
    "\"قال عمر الخطيب إن ...\": a word with the article \"ال\" after a first name, right before a particle, a "
    "preposition or punctuation, is the surname; before more words (\"قال ناصر الأسبوع الماضي\") it is not",
)
ARABIC_SUBJECT_FIRST = rule(
    "speakers.arabic-subject-before-the-verb",
    "\"أما حداد فقال إن «...»\", \"الوزير أحمد ناصر قال: «...»\": with no speaker after the verb, a role or name "
    "that is the whole of the sentence before the verb speaks; any other word there (\"وكان الوزير قد قال\") gives none",
)
ARABIC_ONE_SCRIPT = rule(
    "speakers.arabic-name-keeps-one-script",
    "\"وأضاف Marsk بالإنجليزية\": a name after an Arabic speech verb is written in one script; a Latin name ends where "
    "Arabic words start again (and an Arabic one where Latin starts), so no speaker is shown half in each",
)
ARABIC_NAME_AFTER_PLACE = rule(
    "speakers.arabic-name-after-a-place",
    "\"قالت المتحدثة باسم وزارة الدفاع في إستافيا سلمى عواد إن\": after a role, \"في\" and one place word, a name of two "
    "or three words is the person with that role; a word of setting (\"في مؤتمر صحفي\", \"في بيان مشترك\") is no "
    "place, and a single word after the place is no name",
)
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_ARABIC = re.compile("[\u0621-\u064a]")
# The text a subject is read from runs to the first punctuation mark or quote mark.
_CLAUSE_END = re.compile(r"[.,،؛;:!?؟«»“”\"()\n—–]")
_MAX_NAME_WORDS = 3


@dataclass(frozen=True)
class ArabicSpeaker:
    """A speaker read from Arabic copy: a person's name (and role), a role alone, or an institution."""

    name: str  # as written
    kind: str  # "person", "description" or "institution"
    role: str = ""  # as written, before the name


def normalise(text: str) -> str:
    """The text without vowel marks and tatweel, for comparing words and names."""
    return _MARKS.sub("", text)


def is_arabic(text: str) -> bool:
    """Whether the text holds Arabic letters."""
    return _ARABIC.search(text) is not None


def _verb(word: str) -> bool:
    """Whether a word is a speech verb, with a joined "و" or "ف" in front or without."""
    plain = normalise(word)
    return plain in ARABIC_SPEECH_VERBS or (plain[:1] in ("و", "ف") and plain[1:] in ARABIC_SPEECH_VERBS)


def _article(word: str) -> bool:
    return normalise(word).startswith("ال")


def _subject(text: str) -> ArabicSpeaker | None:
    """The speaker in the words after a speech verb, up to the first punctuation mark."""
    return _subject_words(_CLAUSE_END.split(text, maxsplit=1)[0].split())[0]


def _ends(words: list[str], i: int) -> bool:
    """Whether the words end at i: no word left, or a particle, a preposition or a time word."""
    return i >= len(words) or normalise(words[i]) in ARABIC_STOPS


def _subject_words(words: list[str]) -> tuple[ArabicSpeaker | None, int]:
    """The speaker the words open with, and how many words it takes."""
    i = 0
    role: list[str] = []
    opens_body = bool(words) and normalise(words[0]) in ARABIC_BODIES
    while i < len(words) and (
        normalise(words[i]) in ARABIC_ROLES or normalise(words[i]) in ARABIC_BODIES or (role and _article(words[i]))
    ):
        role.append(words[i])
        i += 1
    if opens_body:
        return ArabicSpeaker(" ".join(role), "institution"), i  # "قالت وزارة الخارجية": the ministry speaks
    if not role and words and normalise(words[0]) in ARABIC_UNNAMED:
        # "قال مصدر دبلوماسي رفيع المستوى": the head, one word more, and the words with the article after them
        i = 2 if len(words) > 1 and not _ends(words, 1) and not _article(words[1]) else 1
        while i < len(words) and _article(words[i]):
            i += 1
        return ArabicSpeaker(" ".join(words[:i]), "description"), i  # nobody named
    name: list[str] = []
    while i < len(words) and not _ends(words, i) and (
        not _article(words[i]) or (ARABIC_ARTICLE_SURNAME and name and _ends(words, i + 1))
    ):  # "عمر الخطيب": a surname with the article ends the name, right before an ending
        if normalise(words[i]) in ARABIC_ROLES or normalise(words[i]) in ARABIC_BODIES or _verb(words[i]):
            return None, i  # a list word where a name should be: not clear
        if ARABIC_ONE_SCRIPT and name and is_arabic(words[i]) != is_arabic(name[-1]):
            break  # "وأضاف Marsk بالإنجليزية": the Latin name ends where the Arabic words start again
        name.append(words[i])
        i += 1
    if len(name) > _MAX_NAME_WORDS:
        return None, i  # a long run of words with no ending: not clearly a name
    if name:
        return ArabicSpeaker(" ".join(name), "person", " ".join(role)), i
    if role and ARABIC_NAME_AFTER_PLACE and i + 3 < len(words) and normalise(words[i]) == "في":
        place = normalise(words[i + 1])
        if not _article(words[i + 1]) and place not in ARABIC_SETTINGS and place not in ARABIC_STOPS:
            after, taken = _subject_words(words[i + 2 :])
            if after is not None and after.kind == "person" and not after.role and 2 <= len(after.name.split()):
                # "المتحدثة باسم وزارة الدفاع في إستافيا سلمى عواد": the role, its place, then the person
                return ArabicSpeaker(after.name, "person", " ".join(role)), i + 2 + taken
    if role:
        return ArabicSpeaker(" ".join(role), "description", " ".join(role)), i  # "قال وزير الخارجية"
    return None, i  # "قال إن ...", "قالت في بيان": the subject is not written out


def speaker_after(text: str) -> ArabicSpeaker | None:
    """The speaker in the text right after a quote's closing mark ("، قال وزير الخارجية أحمد ناصر.")."""
    if not ARABIC_ATTRIBUTION:
        return None
    stripped = text.lstrip(" \t،,—–-")
    words = stripped.split(maxsplit=1)
    if len(words) < 2 or not _verb(words[0]):
        return None
    return _subject(" " + words[1])


def speaker_before(lead: str) -> tuple[bool, ArabicSpeaker | None]:
    """Whether a speech verb stands in the sentence before a quote, and the speaker right after it, or None."""
    if not ARABIC_ATTRIBUTION:
        return False, None
    tokens = list(re.finditer(r"[^\s.,،؛;:!?؟«»“”\"()]+", lead))
    verb = next((t for t in reversed(tokens) if _verb(t.group())), None)
    if verb is None:
        return False, None
    after = _subject(lead[verb.end() :])
    if after is not None or not ARABIC_SUBJECT_FIRST:
        return True, after
    # "أما حداد فقال إن «...»", "وزير الخارجية أحمد ناصر قال: «...»": the subject opens the sentence, before the verb
    words = [t.group() for t in tokens if t.start() < verb.start()]
    if words and normalise(words[0]) in ("أما", "وأما"):
        words = words[1:]
    before, taken = _subject_words(words)
    return True, before if words and taken == len(words) else None
