"""The scoring rules of the Communiqué evaluation, one function per part of the analysis.

All matching is one-to-one and greedy by overlap (best pair first), so a system cannot score twice with one
prediction. Counts are summed over articles (micro-averages); ROUGE is averaged over articles.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from .text import content_words, contains, normalize, token_f1, tokens

QUOTE_F1 = 0.6
PLEDGE_F1 = 0.7
KEY_SENTENCE_F1 = 0.8
SUMMARY_LIMIT = 5


@dataclass
class Counts:
    """True positives, predictions and gold items of one metric; precision, recall and F1 follow."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: "Counts") -> None:
        self.matched += other.matched
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Ratio:
    """A share of cases that are right (deadline accuracy, key-sentence recall)."""

    right: int = 0
    total: int = 0

    def add(self, other: "Ratio") -> None:
        self.right += other.right
        self.total += other.total

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None


def greedy_match(
    predicted: list[str], gold: list[str], accept: Callable[[str, str, float], bool]
) -> list[tuple[int, int]]:
    """Pairs (predicted index, gold index), one-to-one, best token F1 first, where `accept` allows the pair."""
    pred_tokens = [tokens(p) for p in predicted]
    gold_tokens = [tokens(g) for g in gold]
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            score = token_f1(pred_tokens[i], gold_tokens[j])
            if accept(p, g, score):
                candidates.append((score, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def _speaker_tokens(speaker: str | None) -> list[str]:
    return tokens(speaker or "")


def gold_surname(speaker: str) -> str:
    """The last word of the gold speaker's name, any parenthetical note ("(via Xinhua)") left out."""
    name = re.sub(r"\([^)]*\)", " ", speaker)
    words = tokens(name)
    return words[-1] if words else ""


def speaker_right(predicted: str | None, gold: str) -> bool:
    """The gold surname is among the predicted speaker's words, or the predicted surname among the gold's."""
    pred_words = _speaker_tokens(predicted)
    if not pred_words:
        return False
    surname = gold_surname(gold)
    return (bool(surname) and surname in pred_words) or pred_words[-1] in _speaker_tokens(gold)


@dataclass
class QuoteScore:
    """Quote text found (counts) and quote text found with the right speaker (attributed)."""

    text: Counts = field(default_factory=Counts)
    attributed: Counts = field(default_factory=Counts)

    def add(self, other: "QuoteScore") -> None:
        self.text.add(other.text)
        self.attributed.add(other.attributed)


def _quote_accept(p: str, g: str, score: float) -> bool:
    return score >= QUOTE_F1 or contains(p, g)


def score_quotes(predicted: list[dict], gold: list[dict]) -> QuoteScore:
    """Quotes match at token F1 >= 0.6 or when one contains the other (shorter >= 4 tokens)."""
    pairs = greedy_match([q.get("text") or "" for q in predicted], [q["text"] for q in gold], _quote_accept)
    right = sum(1 for i, j in pairs if speaker_right(predicted[i].get("speaker"), gold[j]["speaker"]))
    return QuoteScore(
        text=Counts(len(pairs), len(predicted), len(gold)),
        attributed=Counts(right, len(predicted), len(gold)),
    )


def _distinct_evidence(pledges: list[dict]) -> tuple[list[str], list[list[dict]]]:
    """Pledges grouped by their normalised evidence sentence (one sentence may hold two commitments)."""
    order: list[str] = []
    groups: dict[str, list[dict]] = {}
    for pledge in pledges:
        key = normalize(pledge.get("evidence") or "")
        if key not in groups:
            order.append(key)
            groups[key] = []
        groups[key].append(pledge)
    return order, [groups[k] for k in order]


@dataclass
class PledgeScore:
    """Pledges found by their evidence sentence, and deadlines right among the matched ones."""

    found: Counts = field(default_factory=Counts)
    deadline: Ratio = field(default_factory=Ratio)
    invented: int = 0  # pledges predicted in articles whose gold has none

    def add(self, other: "PledgeScore") -> None:
        self.found.add(other.found)
        self.deadline.add(other.deadline)
        self.invented += other.invented


def deadline_right(predicted_when: str | None, gold_whens: list[str]) -> bool:
    """A predicted deadline is right when it shares a content word with a gold deadline of that sentence."""
    if not predicted_when:
        return False
    words = content_words(predicted_when)
    return any(words & content_words(g) for g in gold_whens)


def score_pledges(predicted: list[dict], gold: list[dict]) -> PledgeScore:
    """Distinct evidence sentences match at token F1 >= 0.7; deadline accuracy over matched gold deadlines."""
    pred_keys, pred_groups = _distinct_evidence(predicted)
    gold_keys, gold_groups = _distinct_evidence(gold)
    pairs = greedy_match(pred_keys, gold_keys, lambda p, g, score: score >= PLEDGE_F1)
    deadline = Ratio()
    for i, j in pairs:
        gold_whens = [g["when"] for g in gold_groups[j] if g.get("when")]
        if gold_whens:
            deadline.total += 1
            if any(deadline_right(p.get("when"), gold_whens) for p in pred_groups[i]):
                deadline.right += 1
    return PledgeScore(
        found=Counts(len(pairs), len(pred_keys), len(gold_keys)),
        deadline=deadline,
        invented=len(pred_keys) if not gold_keys else 0,
    )


def _ngrams(words: list[str], n: int) -> Counter:
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def rouge_n(candidate: list[str], reference: list[str], n: int) -> float:
    """ROUGE-N F1 over n-gram counts."""
    cand, ref = _ngrams(candidate, n), _ngrams(reference, n)
    overlap = sum((cand & ref).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(cand.values()), overlap / sum(ref.values())
    return 2 * p * r / (p + r)


def rouge_l(candidate: list[str], reference: list[str]) -> float:
    """ROUGE-L F1 from the longest common subsequence of the two token lists."""
    if not candidate or not reference:
        return 0.0
    previous = [0] * (len(reference) + 1)
    for word in candidate:
        current = [0]
        for j, ref_word in enumerate(reference, 1):
            current.append(previous[j - 1] + 1 if word == ref_word else max(previous[j], current[j - 1]))
        previous = current
    lcs = previous[-1]
    if not lcs:
        return 0.0
    p, r = lcs / len(candidate), lcs / len(reference)
    return 2 * p * r / (p + r)


@dataclass
class SummaryScore:
    """Key sentences recalled by the first five summary sentences, and ROUGE sums over articles."""

    key: Ratio = field(default_factory=Ratio)
    rouge1: float = 0.0
    rouge2: float = 0.0
    rougel: float = 0.0
    articles: int = 0
    sentences: int = 0

    def add(self, other: "SummaryScore") -> None:
        self.key.add(other.key)
        self.rouge1 += other.rouge1
        self.rouge2 += other.rouge2
        self.rougel += other.rougel
        self.articles += other.articles
        self.sentences += other.sentences

    def mean(self, total: float) -> float:
        return total / self.articles if self.articles else 0.0


def score_summary(summary: list[str], key_sentences: list[str]) -> SummaryScore:
    """Key-sentence recall at token F1 >= 0.8 (one-to-one), and ROUGE-1/2/L against the joined key sentences."""
    summary = list(summary)[:SUMMARY_LIMIT]
    pairs = greedy_match(summary, key_sentences, lambda p, g, score: score >= KEY_SENTENCE_F1)
    candidate = tokens(" ".join(summary))
    reference = tokens(" ".join(key_sentences))
    return SummaryScore(
        key=Ratio(len(pairs), len(key_sentences)),
        rouge1=rouge_n(candidate, reference, 1),
        rouge2=rouge_n(candidate, reference, 2),
        rougel=rouge_l(candidate, reference),
        articles=1,
        sentences=len(summary),
    )


def score_demands(predicted: list[dict], gold: list[dict]) -> Counts:
    """Demands and proposals (secondary): distinct evidence sentences matched at token F1 >= 0.7."""
    pred_keys = list(dict.fromkeys(normalize(d.get("evidence") or "") for d in predicted))
    gold_keys = list(dict.fromkeys(normalize(d.get("evidence") or "") for d in gold))
    pairs = greedy_match(pred_keys, gold_keys, lambda p, g, score: score >= PLEDGE_F1)
    return Counts(len(pairs), len(pred_keys), len(gold_keys))
