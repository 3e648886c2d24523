"""Normalisation and token overlap: the one definition every metric of the harness shares.

Scoring compares sentences written by an annotator with sentences cut by a program, so both go through the same
normalisation first: lower case, quote marks and end punctuation stripped, white space collapsed.
"""

from __future__ import annotations

import re
from collections import Counter

_DOUBLE_MARKS = re.compile(r"[\"“”„‟«»‹›]")
_EDGE_SINGLE_MARKS = re.compile(r"(?:(?<=\s)|^)['‘’‚‛]+|['‘’‚‛]+(?=\s|$)")
_END_PUNCTUATION = re.compile(r"[\s.,;:!?…]+$")
_TOKEN = re.compile(r"[\w$£€%]+(?:['’.\-][\w%]+)*")

STOP_WORDS = frozenset(
    "a an the of to in on at by for from with and or but as is are was were be been being it its this that "
    "these those he she they we i you his her their our my your per via".split()
)


def normalize(text: str) -> str:
    """Lower case, quote marks and end punctuation stripped, white space collapsed."""
    text = _DOUBLE_MARKS.sub("", text.lower())
    text = _EDGE_SINGLE_MARKS.sub("", text)
    text = re.sub(r"\s+", " ", text).strip()
    return _END_PUNCTUATION.sub("", text).strip()


def tokens(text: str) -> list[str]:
    """Word tokens of the normalised text (apostrophes and hyphens stay inside words)."""
    return [t.replace("’", "'") for t in _TOKEN.findall(normalize(text))]


def content_words(text: str) -> set[str]:
    """Tokens that carry meaning: used to judge whether two deadlines say the same thing."""
    return {t for t in tokens(text) if t not in STOP_WORDS}


def token_f1(predicted: list[str], gold: list[str]) -> float:
    """Bag-of-tokens F1 between two token lists (0 when either is empty)."""
    if not predicted or not gold:
        return 0.0
    overlap = sum((Counter(predicted) & Counter(gold)).values())
    if overlap == 0:
        return 0.0
    precision = overlap / len(predicted)
    recall = overlap / len(gold)
    return 2 * precision * recall / (precision + recall)


def contains(predicted: str, gold: str, min_tokens: int = 4) -> bool:
    """One normalised text contains the other, and the shorter has at least `min_tokens` tokens."""
    a, b = normalize(predicted), normalize(gold)
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return len(tokens(shorter)) >= min_tokens and shorter in longer
