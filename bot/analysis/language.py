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
