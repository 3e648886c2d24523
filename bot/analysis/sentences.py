"""An offline sentence splitter for news copy.

sumy's stock tokenizer needs NLTK data that cannot be downloaded here, so the project splits sentences itself:
a regular expression proposes boundaries after . ! ? (and closing quotes), and a list of abbreviations common in
diplomatic copy ("Mr.", "U.S.", "Gen.") vetoes the false ones.
"""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "sen", "rep", "gov",
    "amb", "pres", "st", "jr", "sr", "no", "vs", "etc", "e.g", "i.e", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "corp", "inc", "ltd", "co", "pp", "p", "a.m", "p.m",
    "u.s", "u.k", "u.n", "e.u", "d.c", "calif", "mt", "ft", "rev", "hon",
}
# Abbreviations after which a capitalised word still starts a new sentence when they end a clause.
SENTENCE_FINAL_ABBREVIATIONS = {"u.s", "u.k", "u.n", "e.u", "etc", "a.m", "p.m", "d.c", "jr", "inc", "corp", "ltd"}
# Words that often follow those abbreviations inside one sentence ("The U.S. Secretary of State").
_CONTINUATIONS = {"secretary", "government", "side", "officials", "president", "ambassador", "forces", "state", "army", "navy", "envoy", "military", "department", "delegation", "embassy", "security", "council", "general", "troops", "and", "or", "on", "in"}

_BOUNDARY = re.compile(r"""([.!?…]+["'”’»)\]]*)(\s+)(?=["'“‘«(\[]?[A-Z0-9À-Ý])""")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines (single newlines inside a paragraph are folded)."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    return [re.sub(r"\s+", " ", p).strip() for p in paragraphs if p.strip()]


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences."""
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        end = match.end(1)
        before = paragraph[start:match.start(1) + 1]
        word = re.findall(r"([\w.]+)\.?$", before)
        token = word[0].lower().rstrip(".") if word else ""
        if match.group(1).startswith(".") and token:
            following = paragraph[match.end():match.end() + 20].split(" ", 1)[0].strip("\"'“‘«(").lower()
            if token in ABBREVIATIONS and not (
                token in SENTENCE_FINAL_ABBREVIATIONS and following not in _CONTINUATIONS
            ):
                continue
            if len(token) == 1 and token.isalpha():  # an initial: "Charles Q. Brown"
                continue
        sentences.append(paragraph[start:end].strip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def sentences_of(text: str) -> list[list[str]]:
    """The text as paragraphs of sentences."""
    return [split_sentences(p) for p in split_paragraphs(text)]
