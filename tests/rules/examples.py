"""Rule examples kept as data: load `tests/rules/*.toml` and check what `analyze()` finds on each one.

An example is a short text written for the test (never a sentence from a real article) and what the analysis
must find in it, or must not. Each names the rule(s) it exercises. Keys (all optional except `rule` and `text`):

    rule = "quotes.dialogue-dash"           # or rules = ["a", "b"]
    text = "..."                            # paragraphs separated by a blank line
    title = "..."                           # for the summary
    published = "2025-03-04"                # the base of relative deadlines
    sentences = 4                           # summary length asked
    quotes = [{text = "...", speaker = "..."}]   # each found (text contained); speaker "" means none
    no_speaker = ["Russia"]                 # no quote credited to a speaker containing these words
    quote_count = 2
    pledges = [{actor = "...", commitment = "...", when = "...", due = "2025-03-09"}]
                                            # each found; commitment is contained; when/due "" means none
    pledge_count = 1                        # 0: no pledge at all
    no_actor = ["Washington"]               # no pledge credited to an actor containing these words
    commitment_lacks = ["the minister"]     # no pledge's commitment contains these words
    summary_has = ["..."]                   # a summary sentence contains each
    summary_lacks = ["..."]                 # no summary sentence contains any
    summary_first = "..."                   # the first summary sentence contains it
    demand_has = ["..."]                    # a demand's or proposal's "what" contains each
    demand_lacks = ["..."]                  # no demand's "what" contains any
    demand_actors = ["..."]                 # each is exactly the actor of some demand or proposal

A new kind of expectation is one more function in CHECKS.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bot.analysis import Analysis, analyze

FOLDER = Path(__file__).resolve().parent
_INPUT_KEYS = {"rule", "rules", "text", "title", "published", "sentences", "why"}


@dataclass
class Example:
    """One example: where it was written, the rules it names, its input and what must hold."""

    source: str
    rules: list[str]
    text: str
    title: str = ""
    published: date | None = None
    sentences: int = 4
    expect: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.source}: {self.text[:60]!r}"


def load_examples(folder: Path = FOLDER) -> list[Example]:
    """Every example of every `*.toml` in the folder, in file order."""
    examples = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for n, raw in enumerate(data.get("example", []), 1):
            rules = raw.get("rules") or [raw["rule"]]
            unknown = set(raw) - _INPUT_KEYS - set(CHECKS)
            if unknown:
                raise ValueError(f"{path.name} example {n}: unknown keys {sorted(unknown)}")
            published = raw.get("published")
            examples.append(
                Example(
                    source=f"{path.name}#{n}",
                    rules=list(rules),
                    text=raw["text"],
                    title=raw.get("title", ""),
                    published=date.fromisoformat(published) if published else None,
                    sentences=int(raw.get("sentences", 4)),
                    expect={k: v for k, v in raw.items() if k in CHECKS},
                )
            )
    return examples


def run(example: Example) -> Analysis:
    return analyze(example.title, example.text, published=example.published, sentences=example.sentences)


def failures(example: Example, result: Analysis | None = None) -> list[str]:
    """What does not hold on this example (empty when it passes)."""
    result = result or run(example)
    problems = []
    for key, expected in example.expect.items():
        problem = CHECKS[key](result, expected)
        if problem:
            problems.append(f"{key}: {problem}")
    return problems


def _norm(text: str | None) -> str:
    return " ".join((text or "").replace("’", "'").replace("‘", "'").split()).lower()


def _quotes(result: Analysis, expected: list[dict]) -> str | None:
    for want in expected:
        text = _norm(want["text"])
        found = [q for q in result.quotes if text in _norm(q.text)]
        if not found:
            return f"no quote holds {want['text']!r}; found {[q.text for q in result.quotes]}"
        if "speaker" in want:
            speaker = want["speaker"] or None
            if not any(q.speaker == speaker for q in found):
                return f"{want['text']!r} credited to {[q.speaker for q in found]}, not {speaker!r}"
    return None


def _no_speaker(result: Analysis, names: list[str]) -> str | None:
    for q in result.quotes:
        if any(_norm(n) in _norm(q.speaker).split() or _norm(n) == _norm(q.speaker) for n in names if q.speaker):
            return f"{q.text!r} credited to {q.speaker!r}"
    return None


def _quote_count(result: Analysis, count: int) -> str | None:
    return None if len(result.quotes) == count else f"{len(result.quotes)} quotes: {result.quotes}"


def _pledges(result: Analysis, expected: list[dict]) -> str | None:
    for want in expected:
        candidates = result.pledges
        if "commitment" in want:
            candidates = [p for p in candidates if _norm(want["commitment"]) in _norm(p.commitment)]
        if not candidates:
            return f"no pledge to {want.get('commitment')!r}; found {[(p.actor, p.commitment) for p in result.pledges]}"
        for key in ("actor", "when"):
            if key in want:
                value = want[key] or None
                if not any(getattr(p, key) == value for p in candidates):
                    return f"{key} {[getattr(p, key) for p in candidates]}, not {value!r}"
        if "due" in want:
            due = date.fromisoformat(want["due"]) if want["due"] else None
            if not any(p.due == due for p in candidates):
                return f"due {[p.due for p in candidates]}, not {due}"
    return None


def _pledge_count(result: Analysis, count: int) -> str | None:
    found = [(p.actor, p.commitment, p.when) for p in result.pledges]
    return None if len(found) == count else f"{len(found)} pledges: {found}"


def _no_actor(result: Analysis, names: list[str]) -> str | None:
    for p in result.pledges:
        if any(_norm(n) in _norm(p.actor) for n in names):
            return f"pledge {p.commitment!r} credited to {p.actor!r}"
    return None


def _commitment_lacks(result: Analysis, parts: list[str]) -> str | None:
    for p in result.pledges:
        if any(_norm(part) in _norm(p.commitment) for part in parts):
            return f"pledge commitment {p.commitment!r} runs into another clause"
    return None


def _summary_has(result: Analysis, parts: list[str]) -> str | None:
    for part in parts:
        if not any(_norm(part) in _norm(s) for s in result.summary):
            return f"{part!r} not in the summary {result.summary}"
    return None


def _summary_lacks(result: Analysis, parts: list[str]) -> str | None:
    for part in parts:
        if any(_norm(part) in _norm(s) for s in result.summary):
            return f"{part!r} in the summary {result.summary}"
    return None


def _summary_first(result: Analysis, part: str) -> str | None:
    first = result.summary[0] if result.summary else ""
    return None if _norm(part) in _norm(first) else f"first summary sentence is {first!r}"


def _demand_has(result: Analysis, parts: list[str]) -> str | None:
    for part in parts:
        if not any(_norm(part) in _norm(d.what) for d in result.demands):
            return f"no demand holds {part!r}; found {[d.what for d in result.demands]}"
    return None


def _demand_lacks(result: Analysis, parts: list[str]) -> str | None:
    for d in result.demands:
        if any(_norm(part) in _norm(d.what) for part in parts):
            return f"demand {d.what!r} by {d.actor!r}"
    return None


def _demand_actors(result: Analysis, actors: list[str]) -> str | None:
    for actor in actors:
        if not any(_norm(actor) == _norm(d.actor) for d in result.demands):
            return f"no demand by {actor!r}; found {[d.actor for d in result.demands]}"
    return None


CHECKS: dict[str, Callable[[Analysis, Any], str | None]] = {
    "quotes": _quotes,
    "no_speaker": _no_speaker,
    "quote_count": _quote_count,
    "pledges": _pledges,
    "pledge_count": _pledge_count,
    "no_actor": _no_actor,
    "commitment_lacks": _commitment_lacks,
    "summary_has": _summary_has,
    "summary_lacks": _summary_lacks,
    "summary_first": _summary_first,
    "demand_has": _demand_has,
    "demand_lacks": _demand_lacks,
    "demand_actors": _demand_actors,
}
