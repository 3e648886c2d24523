"""How a chat app lays out a line that mixes right-to-left and left-to-right text, by Unicode's bidirectional
algorithm (UAX #9), reduced to the three rules a digest's lines run into; written from the standard, independent of
Communiqué's code."""

from __future__ import annotations

import unicodedata

RIGHT_TO_LEFT = ("R", "AL")


def first_strong(line: str) -> str:
    """The bidirectional class of the line's first strong character (L, R or AL): its direction (rule P2)."""
    kinds = (unicodedata.bidirectional(ch) for ch in line)
    return next((kind for kind in kinds if kind in ("L", *RIGHT_TO_LEFT)), "L")


def numbers_joining_arabic(line: str) -> list[str]:
    """The runs of digits that follow Arabic letters with no left-to-right letter between (rule W2: they become
    Arabic numbers and are laid out with the Arabic run, not with the words they belong to)."""
    joined, strong, index = [], "L", 0
    while index < len(line):
        kind = unicodedata.bidirectional(line[index])
        if kind in ("L", *RIGHT_TO_LEFT):
            strong = kind
        elif kind == "EN":
            end = index
            while end < len(line) and unicodedata.bidirectional(line[end]) == "EN":
                end += 1
            if strong == "AL":
                joined.append(line[index:end])
            index = end
            continue
        index += 1
    return joined


def separators_between_arabic(line: str) -> list[str]:
    """Our separators (" · ", ", ") with Arabic letters the nearest strong characters on both sides: the two
    names and the separator are laid out as one right-to-left run (rule N1), the second name read first."""
    def strong(chars: str) -> str:
        kinds = (unicodedata.bidirectional(ch) for ch in chars)
        return next((kind for kind in kinds if kind in ("L", *RIGHT_TO_LEFT)), "")

    return [line[max(0, i - 12):i + 12] for i, ch in enumerate(line)
            if ch in "·," and strong(line[i - 1::-1] if i else "") == strong(line[i + 1:]) == "AL"]
