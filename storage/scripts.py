"""Which text the full-text index cannot cut into words: a script written without spaces between words.

Kept apart from the index's queries so that the tracker, which finds a followed name in running text, reads such
a name the same way (a run of characters, not a word between spaces).
"""

from __future__ import annotations

import re

# Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar), and Hangul, whose words
# carry their particles ("제재를"): a word of these is a run of characters inside a longer one.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003ffff]"
)


def runs_words_together(phrase: str) -> bool:
    """Whether `phrase` is written in a script that puts no space between words, so that the full-text index,
    which cuts words at spaces and punctuation, holds a whole sentence as one word and never finds the phrase
    inside it ("制裁" in "对奥尔萨尼亚实施新制裁"). Such a phrase is looked for as a run of characters in the title
    and text instead: a scan of the stories the query reaches, not an index lookup."""
    return _UNSPACED.search(phrase) is not None
