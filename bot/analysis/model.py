"""What analysis produces for one article: plain, frozen values that storage and digests can keep as JSON."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Protocol


@dataclass(frozen=True)
class Quote:
    """A direct quotation and who said it, named as a reader would name them ("Sergey Lavrov", "the Kremlin")."""

    speaker: str | None
    text: str


@dataclass(frozen=True)
class Pledge:
    """An explicit commitment: who committed, to what, the sentence that says so, and by when.

    `when` is the deadline as the article words it ("next week", "by October 31"), or None;
    `due` is that deadline resolved to a date against the article's publication date, where it can be.
    """

    actor: str
    commitment: str
    evidence: str
    when: str | None = None
    due: date | None = None

    @classmethod
    def kept(cls, pledge: KeptPledge) -> Pledge:
        """A pledge as storage keeps it (an article's pledge, or one the tracker reads), read back: the one place
        a stored deadline's ISO day becomes a date again."""
        due = date.fromisoformat(pledge.due) if pledge.due else None
        return cls(pledge.actor, pledge.commitment, pledge.evidence, pledge.when, due)


@dataclass(frozen=True)
class Demand:
    """A demand or a proposal: what someone asks of others, kept apart from pledges (what they commit to).

    `kind` is "demand" ("urged Mugabe to step aside", "insists NATO should refrain") or "proposal"
    ("plans to propose a framework", "proposed talks").
    """

    kind: str
    actor: str
    what: str
    evidence: str


class KeptQuote(Protocol):
    """A quote as storage keeps it (`storage.records.ArticleQuote`), read by its fields."""

    @property
    def speaker(self) -> str | None: ...

    @property
    def text(self) -> str: ...


class KeptPledge(Protocol):
    """A pledge as storage keeps it (`storage.records.ArticlePledge`, `StoredPledge`): its deadline's day as an ISO
    string."""

    @property
    def actor(self) -> str: ...

    @property
    def commitment(self) -> str: ...

    @property
    def evidence(self) -> str: ...

    @property
    def when(self) -> str | None: ...

    @property
    def due(self) -> str | None: ...


@dataclass(frozen=True)
class Analysis:
    """The summary sentences (in article order), key quotes and pledges of one article."""

    summary: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    pledges: list[Pledge] = field(default_factory=list)
    demands: list[Demand] = field(default_factory=list)
    # False when the copy reads as another language: then no pledges or demands were looked for (the readers know
    # English grammar only), and an empty pledge list says nothing about the story. Not stored: it is a fact
    # about this reading, told to whoever ran it, so a stored and a fresh reading still compare equal.
    english: bool = field(default=True, compare=False)

    def to_json(self) -> dict:
        """The JSON shape used by storage and by `communique analyze` (dates as ISO strings)."""
        return {
            "summary": list(self.summary),
            "quotes": [asdict(q) for q in self.quotes],
            "pledges": [
                {**asdict(p), "due": p.due.isoformat() if p.due else None} for p in self.pledges
            ],
            "demands": [asdict(d) for d in self.demands],
        }

    @classmethod
    def kept(cls, summary: Sequence[str], quotes: Iterable[KeptQuote], pledges: Iterable[KeptPledge]) -> Analysis:
        """The analysis of a stored article, read back from the records storage keeps it as."""
        return cls(
            summary=list(summary),
            quotes=[Quote(q.speaker, q.text) for q in quotes],
            pledges=[Pledge.kept(p) for p in pledges],
        )

    @classmethod
    def from_json(cls, data: dict) -> "Analysis":
        """Inverse of `to_json`, tolerant of missing keys (older rows)."""
        pledges = []
        for p in data.get("pledges") or []:
            due = p.get("due")
            pledges.append(
                Pledge(
                    actor=p.get("actor") or "",
                    commitment=p.get("commitment") or "",
                    evidence=p.get("evidence") or "",
                    when=p.get("when"),
                    due=date.fromisoformat(due) if due else None,
                )
            )
        return cls(
            summary=list(data.get("summary") or []),
            quotes=[Quote(q.get("speaker"), q.get("text") or "") for q in data.get("quotes") or []],
            pledges=pledges,
            demands=[
                Demand(d.get("kind") or "demand", d.get("actor") or "", d.get("what") or "", d.get("evidence") or "")
                for d in data.get("demands") or []
            ],
        )
