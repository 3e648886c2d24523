"""Extractive summaries with sumy, fed by the project's own offline sentence splitter."""

from __future__ import annotations

import re

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

_WORD = re.compile(r"[\w'’-]+")


class OfflineTokenizer:
    """The tokenizer interface sumy expects (language, to_sentences, to_words), with no NLTK data."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        from bot.analysis.sentences import split_sentences

        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return _WORD.findall(sentence)


_TOKENIZER = OfflineTokenizer()
_SUMMARIZER = TextRankSummarizer(Stemmer("english"))
_SUMMARIZER.stop_words = get_stop_words("english")


def summarize(paragraphs: list[list[str]], count: int) -> list[str]:
    """The `count` most central sentences, in article order."""
    document = ObjectDocumentModel(
        [Paragraph([Sentence(s, _TOKENIZER) for s in para]) for para in paragraphs if para]
    )
    if not document.sentences:
        return []
    return [str(s) for s in _SUMMARIZER(document, count)]
