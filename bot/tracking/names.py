"""How a name is compared: one normal form for what the analysis writes, what a user types, and running text.

"Sergéy Lavrov", "sergey lavrov", "the U.S." and "US" must meet in one key, while "us" in running text must not
become the United States. So there are two views of the same words: `normalize` (case, accents, dots, a leading
"the" and a possessive folded away) for names and user input, and `tokens` (words of running text with their
offsets and their case kept) for finding names inside sentences.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# A dotted abbreviation ("U.S.", "U.K.", "E.U.") is one token; otherwise a word runs over letters, digits and
# apostrophes. Hyphens and every other mark separate words ("Kim Jong-un" is three words, as "Kim Jong Un").
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_][\w'’]*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s?$")


# Letters whose mark is no accent Unicode can take off (NFKD leaves "Ł" whole), as English copy writes them:
# "Łukasz" is "Lukasz" there, and a chat following him by either spelling follows one person. One letter for one
# (so not ß, Æ, Œ): linking reads a sentence's offsets from its plain form. NFKD does not always keep that length
# ("…" becomes "...", "ﬁ" "fi"), so offsets after such a character are off by the difference.
_UNDECOMPOSED = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d",
                               "Ħ": "H", "ħ": "h", "ı": "i", "’": "'", "‘": "'"})


def plain(text: str) -> str:
    """Accents removed, apostrophes straightened ("Sergéy" -> "Sergey", "Côte d’Ivoire" -> "Cote d'Ivoire",
    "Łukasz" -> "Lukasz")."""
    if text.isascii():
        return text  # most text: nothing to remove, and this runs on every word the tracker reads
    decomposed = unicodedata.normalize("NFKD", text)
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return without_marks.translate(_UNDECOMPOSED)


@lru_cache(maxsize=65536)
def _word_form(word: str) -> str:
    """One word in its compared form: plain, lower case, dots and a possessive ending removed."""
    word = plain(word)
    if "." in word:
        word = word.replace(".", "")
    word = _POSSESSIVE.sub("", word)
    return word.casefold()


@dataclass(frozen=True)
class Token:
    """A word of running text: its compared form, where it is, and how it was written."""

    form: str
    start: int
    end: int
    text: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def all_caps(self) -> bool:
        letters = [ch for ch in self.text if ch.isalpha()]
        return len(letters) > 0 and all(ch.isupper() for ch in letters)

    @property
    def possessive(self) -> bool:
        return self.text.endswith(("'s", "’s"))


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def _word_spans(text: str) -> list[tuple[int, int]]:
    """Where the words of `text` are. A mark drawn on the letter before it (Devanagari's vowel signs, an accent
    typed apart) belongs to that letter's word: the pattern's letters leave marks out, which cut 'रूमी' (Rumi) into
    "र" and "म", the same words as 'राम' (Ram)."""
    spans = [match.span() for match in _TOKEN.finditer(text)]
    if text.isascii():
        return spans  # no marks: most text, and this runs on every sentence the tracker reads
    joined: list[tuple[int, int]] = []
    marked = False  # whether the last word ended in marks (a word that goes on after them is the same word)
    for start, end in spans:
        if marked and joined[-1][1] == start:
            start = joined.pop()[0]
        marked = end < len(text) and _is_mark(text[end])
        while end < len(text) and _is_mark(text[end]):
            end += 1
        joined.append((start, end))
    return joined


def tokens(text: str) -> list[Token]:
    """The words of `text`, in order, with offsets into `text`."""
    found = []
    for start, end in _word_spans(text):
        word = text[start:end]
        form = _word_form(word)
        if form:
            found.append(Token(form, start, end, word))
    return found


def words(text: str) -> list[str]:
    """The compared forms of the words of `text`."""
    return [token.form for token in tokens(text)]


def normalize(name: str) -> str:
    """The form names are compared in: "The U.S." -> "us", "Sergéy  Lavrov's" -> "sergey lavrov".

    A leading "the" goes ("the Kremlin" is "kremlin"); so does a possessive on the last word.
    """
    forms = words(name)
    if len(forms) > 1 and forms[0] == "the":
        forms = forms[1:]
    return " ".join(forms)
