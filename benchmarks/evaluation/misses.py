"""Which key sentences a summary missed, and what it picked instead: the listing that tuning starts from.

Key-sentence recall says how many key sentences were missed; to know why, one has to read them beside the
summary's own picks, each with its place in the article (a miss at sentence 25 is a different problem from a
miss at sentence 2). Sentences are matched exactly as the score matches them (token F1 >= 0.8, one-to-one), and
placed by the sentence of the article they overlap most, so the listing and the score never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from .harness import GoldArticle
from .scoring import KEY_SENTENCE_F1, SUMMARY_LIMIT, greedy_match
from .text import token_f1, tokens


@dataclass(frozen=True)
class Line:
    """One sentence of the listing: a gold key sentence or a summary pick, where it sits, whether it matched."""

    kind: str  # "key" or "pick"
    matched: bool
    place: int  # index of the article's sentence it overlaps most (0 is the first)
    text: str


@dataclass(frozen=True)
class ArticleMisses:
    """An article's key sentences and the summary's picks, each marked matched or not."""

    id: str
    title: str
    lines: list[Line]

    @property
    def recalled(self) -> int:
        return sum(1 for line in self.lines if line.kind == "key" and line.matched)

    @property
    def keys(self) -> int:
        return sum(1 for line in self.lines if line.kind == "key")


def _place(text: str, article_sentences: list[list[str]]) -> int:
    """The index of the article's sentence that shares most words with `text` (-1 when there is none)."""
    words = tokens(text)
    best, best_score = -1, 0.0
    for index, sentence in enumerate(article_sentences):
        score = token_f1(words, sentence)
        if score > best_score:
            best, best_score = index, score
    return best


def article_misses(article: GoldArticle, summary: list[str], article_sentences: list[str]) -> ArticleMisses:
    """The listing for one article, in article order: every key sentence, and every pick (of the first five)
    that matched none (a matched pick would only repeat its key sentence)."""
    picks = list(summary)[:SUMMARY_LIMIT]
    pairs = greedy_match(picks, article.key_sentences, lambda p, g, score: score >= KEY_SENTENCE_F1)
    matched_picks = {i for i, _ in pairs}
    matched_keys = {j for _, j in pairs}
    sentence_words = [tokens(s) for s in article_sentences]
    lines = [Line("key", j in matched_keys, _place(k, sentence_words), k) for j, k in enumerate(article.key_sentences)]
    lines += [Line("pick", False, _place(p, sentence_words), p) for i, p in enumerate(picks) if i not in matched_picks]
    lines.sort(key=lambda line: (line.place, line.kind))
    return ArticleMisses(article.id, article.title, lines)


def render(listing: ArticleMisses, width: int = 160) -> str:
    """Plain text: a header with the recall, then "ok"/"MISS" for key sentences and "EXTRA" for unmatched picks,
    each with its sentence number in the article ("s0" is the first)."""
    out = [f"== {listing.id}: {listing.recalled}/{listing.keys} key sentences recalled - {listing.title}"]
    for line in listing.lines:
        label = ("ok   " if line.matched else "MISS ") if line.kind == "key" else "EXTRA"
        text = line.text if len(line.text) <= width else line.text[: width - 1] + "…"
        out.append(f"  {label} s{line.place:<3} {text}")
    return "\n".join(out)
