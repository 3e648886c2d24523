"""Pledges: who committed to what, by when (a first version: commitment verbs and a subject before them)."""

from __future__ import annotations

import re
from datetime import date

from bot.analysis.model import Pledge

_VERB = re.compile(
    r"\b(pledged|promised|vowed|agreed|committed|undertook|undertaken|assured|guaranteed)\s+(?:to\s+|that\s+)?(.+)",
    re.IGNORECASE,
)
_DEADLINE = re.compile(
    r"\b(immediately|next (?:week|month|year)|this (?:week|month|year)|(?:by|before|until|within) [\w ,]+?\d{1,4}|(?:by|before) (?:the end of )?(?:january|february|march|april|may|june|july|august|september|october|november|december|next \w+)(?: \d{1,2})?)\b",
    re.IGNORECASE,
)


def extract_pledges(paragraphs: list[list[str]], published: date | None = None) -> list[Pledge]:
    """One pledge per sentence that holds a commitment verb after a named subject."""
    pledges: list[Pledge] = []
    for sentences in paragraphs:
        for sentence in sentences:
            match = _VERB.search(sentence)
            if not match:
                continue
            subject = re.findall(r"((?:[A-Z][\w’'-]+\s?)+)", sentence[: match.start()])
            if not subject:
                continue
            commitment = re.split(r"[,;.]", match.group(2), maxsplit=1)[0].strip()
            deadline = _DEADLINE.search(sentence)
            pledges.append(
                Pledge(
                    actor=subject[0].strip(),
                    commitment=commitment,
                    evidence=sentence,
                    when=deadline.group(1) if deadline else None,
                )
            )
    return pledges
