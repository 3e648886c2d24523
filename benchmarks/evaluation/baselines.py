"""Baselines scored by the same harness as Communiqué, all fed by one sentence splitter.

Summaries: lead-3, lead-5, stock sumy LexRank and Edmundson (5 sentences). Quotes: a regular expression for a
quoted span with a name written beside it. Pledges: a commitment keyword after a capitalised subject. These
are the naive first versions the project started from, kept here so every run shows what the work adds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words

Splitter = Callable[[str], list[str]]
_WORD = re.compile(r"[\w'’-]+")


def paragraphs_of(text: str) -> list[str]:
    """Paragraphs are separated by blank lines."""
    return [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def project_splitter() -> Splitter:
    """Communiqué's own splitter (the default, so baselines and product see the same sentences)."""
    from bot.analysis.sentences import split_sentences

    return split_sentences


@lru_cache(maxsize=1)
def pysbd_splitter() -> Splitter:
    """pysbd, the splitter the issue's baseline figures were measured with (a dev dependency only)."""
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return lambda paragraph: [s.strip() for s in segmenter.segment(paragraph) if s.strip()]


class _Tokenizer:
    """The tokenizer interface sumy expects, over the chosen splitter (sumy's own needs NLTK data)."""

    language = "english"

    def __init__(self, splitter: Splitter) -> None:
        self._splitter = splitter

    def to_sentences(self, paragraph: str) -> list[str]:
        return self._splitter(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return _WORD.findall(sentence)


def _document(text: str, splitter: Splitter) -> ObjectDocumentModel:
    tokenizer = _Tokenizer(splitter)
    return ObjectDocumentModel(
        [Paragraph([Sentence(s, tokenizer) for s in splitter(p)]) for p in paragraphs_of(text)]
    )


def lead(text: str, splitter: Splitter, count: int) -> list[str]:
    """The first `count` sentences."""
    sentences = [s for p in paragraphs_of(text) for s in splitter(p)]
    return sentences[:count]


def lexrank(text: str, splitter: Splitter, count: int = 5) -> list[str]:
    """Stock sumy LexRank with the English stemmer and stop words."""
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return [str(s) for s in summarizer(_document(text, splitter), count)]


def edmundson(text: str, splitter: Splitter, title: str, count: int = 5) -> list[str]:
    """Stock sumy Edmundson: cue words from the title (bonus), reporting debris (stigma), stop words (null)."""
    summarizer = EdmundsonSummarizer(Stemmer("english"))
    stop_words = get_stop_words("english")
    summarizer.bonus_words = [w for w in _WORD.findall(title.lower()) if w not in stop_words] or ["said"]
    summarizer.stigma_words = ["photo", "caption", "copyright", "reporting", "editing", "read", "click"]
    summarizer.null_words = stop_words
    return [str(s) for s in summarizer(_document(text, splitter), count)]


# Regex quote baseline: a quoted span of four words or more, a capitalised name beside a speech verb.
_QUOTE = re.compile(r"[\"“«]([^\"”»]{8,}?)[\"”»]")
_SAID_AFTER = re.compile(
    r"^[\s,]*(?:(?:said|says|added|told \w+)\s+((?:[A-Z][\w’'-]+\s?){1,3})|((?:the\s)?(?:[A-Z][\w’'-]+\s?){1,3})"
    r"\s+(?:said|says|added|told))"
)
_SAID_BEFORE = re.compile(r"((?:[A-Z][\w’'-]+\s?){1,3})\s+(?:said|says|added|told [\w ]+?)[:,]?\s*$")


def regex_quotes(text: str) -> list[dict]:
    """Quotes of four words or more, with the name written beside them when there is one."""
    quotes = []
    for paragraph in paragraphs_of(text):
        for match in _QUOTE.finditer(paragraph):
            words = match.group(1).strip().rstrip(",")
            if len(words.split()) < 4:
                continue
            speaker = None
            after = _SAID_AFTER.match(paragraph[match.end() :])
            if after:
                speaker = (after.group(1) or after.group(2) or "").strip()
            else:
                before = _SAID_BEFORE.search(paragraph[: match.start()])
                if before:
                    speaker = before.group(1).strip()
            quotes.append({"speaker": speaker or None, "text": words})
    return quotes


# Keyword pledge baseline: a commitment verb after a capitalised subject, the first deadline-like phrase.
_VERB = re.compile(
    r"\b(pledged|promised|vowed|agreed|committed|undertook|undertaken|assured|guaranteed)\s+(?:to\s+|that\s+)?(.+)",
    re.IGNORECASE,
)
_DEADLINE = re.compile(
    r"\b(immediately|next (?:week|month|year)|this (?:week|month|year)|(?:by|before|until|within) [\w ,]+?\d{1,4}"
    r"|(?:by|before) (?:the end of )?(?:january|february|march|april|may|june|july|august|september|october"
    r"|november|december|next \w+)(?: \d{1,2})?)\b",
    re.IGNORECASE,
)


def keyword_pledges(text: str, splitter: Splitter) -> list[dict]:
    """One pledge per sentence holding a commitment verb after a capitalised subject."""
    pledges = []
    for paragraph in paragraphs_of(text):
        for sentence in splitter(paragraph):
            match = _VERB.search(sentence)
            if not match:
                continue
            subject = re.findall(r"((?:[A-Z][\w’'-]+\s?)+)", sentence[: match.start()])
            if not subject:
                continue
            deadline = _DEADLINE.search(sentence)
            pledges.append(
                {
                    "actor": subject[0].strip(),
                    "commitment": re.split(r"[,;.]", match.group(2), maxsplit=1)[0].strip(),
                    "evidence": sentence,
                    "when": deadline.group(1) if deadline else None,
                }
            )
    return pledges
