"""Direct quotations and their speakers (a first version: attribution next to the quote)."""

from __future__ import annotations

import re

from bot.analysis.model import Quote

_QUOTE = re.compile(r"[\"“«]([^\"”»]{8,}?)[\"”»]")
_SAID_AFTER = re.compile(
    r"^[\s,]*(?:(?:said|says|added|told \w+)\s+((?:[A-Z][\w’'-]+\s?){1,3})|((?:the\s)?(?:[A-Z][\w’'-]+\s?){1,3})\s+(?:said|says|added|told))"
)
_SAID_BEFORE = re.compile(r"((?:[A-Z][\w’'-]+\s?){1,3})\s+(?:said|says|added|told [\w ]+?)[:,]?\s*$")


def extract_quotes(paragraphs: list[list[str]]) -> list[Quote]:
    """Quotes of four words or more, with the name written beside them when there is one."""
    quotes: list[Quote] = []
    for sentences in paragraphs:
        paragraph = " ".join(sentences)
        for match in _QUOTE.finditer(paragraph):
            words = match.group(1).strip().rstrip(",")
            if len(words.split()) < 4:
                continue
            speaker = None
            after = _SAID_AFTER.match(paragraph[match.end():])
            if after:
                speaker = (after.group(1) or after.group(2) or "").strip()
            else:
                before = _SAID_BEFORE.search(paragraph[: match.start()])
                if before:
                    speaker = before.group(1).strip()
            quotes.append(Quote(speaker or None, words))
    return quotes
