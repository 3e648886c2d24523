"""Duplicate and syndication detection.

Exact duplicates share a normalized URL or GUID (see `urls`). Syndicated copies (one wire story run by several
outlets, each with its own URL, headline and first paragraph) are found by text resemblance: a bottom-k MinHash
sketch of word 4-shingles estimates the Jaccard similarity of two texts in constant space, so each new article is
compared with the recent ones cheaply. Copies join the first copy's group, and a digest shows the story once.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable

from storage.records import GroupCandidate

SKETCH_SIZE = 64
SHINGLE = 4
SAME_STORY = 0.30  # estimated Jaccard of shingles above which two texts are one story
SAME_TITLE = 0.75  # title word overlap above which two short texts are one story
# Share of their longer words (more than 3 letters) two headlines have in common at which one may be an edit of the
# other: "Velmora pledges to reopen crossing 1" -> "Velmora delays the reopening of crossing 1" shares 2 of 6 (0.33,
# an edit); "Orsania opens a consulate in Lisk" and "Orsania names a trade envoy" share 1 of 8 (0.12, two stories).
SHARED_HEADLINE = 0.25
_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def text_hash(title: str, text: str) -> str:
    """A fingerprint of the content: an edited story changes it; re-fetching the same story does not."""
    normalized = " ".join(words(title)) + "\n" + " ".join(words(text))
    return hashlib.sha256(normalized.encode()).hexdigest()


def sketch(text: str) -> list[int]:
    """The SKETCH_SIZE smallest 32-bit hashes of the text's word 4-shingles, sorted."""
    tokens = words(text)
    if len(tokens) < SHINGLE:
        return sorted({zlib.crc32(" ".join(tokens).encode())}) if tokens else []
    hashes = {zlib.crc32(" ".join(tokens[i : i + SHINGLE]).encode()) for i in range(len(tokens) - SHINGLE + 1)}
    return sorted(hashes)[:SKETCH_SIZE]


def similarity(a: Iterable[int], b: Iterable[int]) -> float:
    """Bottom-k estimate of the Jaccard similarity of the two shingle sets."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    k = min(SKETCH_SIZE, len(sa | sb))
    union_bottom = sorted(sa | sb)[:k]
    both = sum(1 for h in union_bottom if h in sa and h in sb)
    return both / len(union_bottom)


def title_overlap(a: str, b: str) -> float:
    wa, wb = set(words(a)), set(words(b))
    if len(wa) < 4 or len(wb) < 4:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def headline_share(a: str, b: str) -> float:
    """How much of their wording two headlines share: the Jaccard of their words of more than 3 letters (articles,
    prepositions and numbers say nothing of the story). Unlike title_overlap, short headlines count too."""
    wa = {w for w in words(a) if len(w) > 3}
    wb = {w for w in words(b) if len(w) > 3}
    if not wa or not wb:
        return 1.0 if wa == wb else 0.0
    return len(wa & wb) / len(wa | wb)


def story_score(title_a: str, sketch_a: Iterable[int], title_b: str, sketch_b: Iterable[int]) -> float:
    """How alike two stories are: their texts' shingle similarity, raised to SAME_STORY when their titles are
    nearly the same (short texts share too few shingles to tell). At SAME_STORY or above they are one story."""
    score = similarity(sketch_a, sketch_b)
    if score < SAME_STORY and title_overlap(title_a, title_b) >= SAME_TITLE:
        return SAME_STORY
    return score


def find_group(
    title: str, text_sketch: list[int], candidates: Iterable[GroupCandidate], *, source_id: int | None = None
) -> int | None:
    """The group of the most similar recent article from another source, if it is the same story."""
    best_group, best_score = None, 0.0
    for candidate in candidates:
        if source_id is not None and candidate.source_id == source_id:
            continue  # one outlet's separate items are separate stories
        score = story_score(title, text_sketch, candidate.title, candidate.sketch)
        if score >= SAME_STORY and score > best_score:
            best_group, best_score = candidate.story_group, score
    return best_group
