"""Whether a text is English copy: the pledge and demand readers read English grammar only.

In German "will" means "wants", and "Die Regierung will die Grenze öffnen" is a wish, not a commitment; French
"a promis" escapes the English patterns, but other look-alikes do not. So a text whose function words are mostly
those of another language (or whose words are mostly in another script) gets no pledges and no demands; its quotes
are still found, since quote marks and foreign speech verbs ("a déclaré", "заявил") do not depend on the language.
The test counts function words, not all words: names, places and borrowed terms say nothing about the grammar.
"""

from __future__ import annotations

import re

from bot.analysis import lexicon
from bot.analysis.rules import rule

ENGLISH_ONLY = rule(
    "language.english-grammar-only",
    "copy in another language gets no pledges or demands (German \"will\" is a wish): its function words decide",
)
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[a-zà-ɏ]+")  # Latin letters, accented ones included
# Fewer than this many foreign signs is no evidence: a name ("de la Vega") or a borrowed phrase.
_MIN_FOREIGN = 2


def reads_as_english(text: str) -> bool:
    """True unless the text's other-language function words (and words in other scripts) outnumber its English ones.

    A short English text with no function words at all ("Norland pledged aid.") counts as English: nothing says
    otherwise.
    """
    if not ENGLISH_ONLY:
        return True
    english = foreign = 0
    for word in _WORD.findall(text.lower()):
        if word in lexicon.ENGLISH_FUNCTION_WORDS:
            english += 1
        elif word in lexicon.OTHER_FUNCTION_WORDS or not _LATIN.fullmatch(word):
            foreign += 1
    return foreign < _MIN_FOREIGN or english >= foreign


# Scripts that name their language, or nearly: the letters that set a language apart from the others written in
# the same script. Latin-script languages are not told apart here (their function words are pooled in the lexicon).
_CYRILLIC, _ARABIC = re.compile(r"[Ѐ-ӿ]"), re.compile(r"[؀-ۿݐ-ݿ]")
_SCRIPTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_CYRILLIC, "ru"), (_ARABIC, "ar"), (re.compile(r"[֐-׿]"), "he"), (re.compile(r"[Ͱ-Ͽ]"), "el"),
    (re.compile(r"[가-힯]"), "ko"), (re.compile(r"[぀-ヿ]"), "ja"), (re.compile(r"[一-鿿]"), "zh"),
    (re.compile(r"[฀-๿]"), "th"), (re.compile(r"[ა-ჿ]"), "ka"), (re.compile(r"[԰-֏]"), "hy"),
    (re.compile(r"[ሀ-፿]"), "am"),  # Ethiopic: Amharic far more often than Tigrinya in the news
)
# The languages a script names: a feed declaring one of them is trusted only as far as its letters agree.
_SCRIPTS_BY_CODE = tuple((code, pattern) for pattern, code in _SCRIPTS) + (
    ("uk", _CYRILLIC), ("sr", _CYRILLIC), ("bg", _CYRILLIC), ("fa", _ARABIC), ("ur", _ARABIC))
_CYRILLIC_APART = ((re.compile(r"[іїєґ]"), "uk"), (re.compile(r"[ђћџљњј]"), "sr"))
_ARABIC_APART = ((re.compile(r"[ٹڈڑںے]"), "ur"), (re.compile(r"[پچژگی]"), "fa"))
LANGUAGE_NAMES = {"ru": "Russian", "uk": "Ukrainian", "sr": "Serbian", "bg": "Bulgarian", "ar": "Arabic",
                  "fa": "Persian", "ur": "Urdu", "he": "Hebrew", "el": "Greek", "ko": "Korean", "ja": "Japanese",
                  "zh": "Chinese", "th": "Thai", "am": "Amharic", "ka": "Georgian", "hy": "Armenian", "fr": "French", "de": "German",
                  "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "cs": "Czech",
                  "sk": "Slovak", "hu": "Hungarian", "ro": "Romanian", "tr": "Turkish", "sv": "Swedish",
                  "da": "Danish", "no": "Norwegian", "nb": "Norwegian", "fi": "Finnish", "hr": "Croatian",
                  "sl": "Slovenian", "lt": "Lithuanian", "lv": "Latvian", "et": "Estonian", "id": "Indonesian",
                  "ms": "Malay", "vi": "Vietnamese", "ca": "Catalan"}


def script_language(text: str) -> str | None:
    """The language (ISO 639-1) of a story written mostly in a script that names it, by its letters: Cyrillic is
    Russian unless its letters are Ukrainian's or Serbian's (Bulgarian: no ы or э, and ъ inside words), Arabic
    script Arabic unless Persian's or Urdu's, kana Japanese (over the Chinese characters it is written with). None
    for English and for Latin-script copy: a reader who does not read the script learnt what the story was in
    only by opening it, and a digest says it (bot/digest)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    sample = "".join(letters).lower()
    counts = [(len(pattern.findall(sample)), code) for pattern, code in _SCRIPTS]
    if counts[5][0]:  # kana: Japanese, whatever share of it is written in Chinese characters
        counts[5] = (counts[5][0] + counts[6][0], "ja")
        counts[6] = (0, "zh")
    found, code = max(counts)
    if found * 2 < len(letters):  # mostly Latin (names, a quoted phrase in another script) is not labelled
        return None
    apart = _CYRILLIC_APART if code == "ru" else _ARABIC_APART if code == "ar" else ()
    for pattern, other in apart:
        if len(pattern.findall(sample)) >= 2:
            return other
    if code == "ru" and not re.search(r"[ыэ]", sample) and re.search(r"ъ(?=[а-я])", sample):
        return "bg"
    return code


def language_of(text: str, declared: str = "") -> str | None:
    """The language (ISO 639-1) a story is labelled with: the one its script names (`script_language`), else the
    one its feed declares (`declared`, 'fr-FR') when the story does not read as English (a French ministry's feed:
    Latin letters, like an English one's). None for English, and for a language neither tells."""
    by_script = script_language(text)
    if by_script is not None:
        return by_script
    primary = declared.strip().lower().replace("_", "-").split("-")[0]
    if primary in LANGUAGE_NAMES and primary not in dict(_SCRIPTS_BY_CODE) and not reads_as_english(text):
        return primary
    return None


def language_name(code: str | None) -> str:
    """The English name of a language `script_language` gives ('ru' -> 'Russian'); '' for none."""
    return LANGUAGE_NAMES.get(code or "", "")


# Scripts that write no full stop between sentences (Thai, Lao, Khmer, Burmese and Tibetan mark them with a space or
# marks of their own): the splitter sees one long sentence, and no summary is made of it.
_UNSPLIT_SCRIPTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[฀-๿]"), "Thai"), (re.compile(r"[຀-໿]"), "Lao"), (re.compile(r"[ក-៿]"), "Khmer"),
    (re.compile(r"[က-႟]"), "Burmese"), (re.compile(r"[ༀ-࿿]"), "Tibetan"),
)
_RIGHT_TO_LEFT = re.compile(r"[֐-׿؀-ۿݐ-ݿࢠ-ࣿ]")


def unsplit_script(text: str) -> str | None:
    """The name of the script most of the text's letters are in when its sentences cannot be told apart (no full
    stops: Thai, Lao, Khmer, Burmese, Tibetan), else None."""
    letters = sum(1 for ch in text if ch.isalpha())
    for pattern, name in _UNSPLIT_SCRIPTS:
        if letters and len(pattern.findall(text)) * 2 >= letters:
            return name
    return None


def mixes_directions(text: str) -> bool:
    """Whether a text in a right-to-left script (Arabic, Hebrew) holds words in left-to-right letters too (names,
    acronyms, a quote in English): at least one in ten of its letters of each direction."""
    letters = [ch for ch in text if ch.isalpha()]
    right_to_left = sum(1 for ch in letters if _RIGHT_TO_LEFT.match(ch))
    latin = sum(1 for ch in letters if _LATIN.match(ch.lower()))
    return bool(letters) and right_to_left * 10 >= len(letters) and latin * 10 >= len(letters)
