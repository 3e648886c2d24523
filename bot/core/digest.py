"""The platform-neutral digest: what a chat gets, before any platform's markup.

Each platform's renderer turns a `Digest` into its messages; they escape every piece of article text themselves,
so nothing here is markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.analysis.model import Pledge, Quote


def _squash(text: str) -> str:
    return " ".join("".join(ch for ch in text.lower() if ch.isalnum() or ch.isspace()).split())


@dataclass(frozen=True)
class AlsoReported:
    """Another outlet that carried the same story."""

    source: str
    url: str


@dataclass(frozen=True)
class Story:
    """One story of a digest: an article and what analysis found in it."""

    article_id: int
    title: str
    url: str
    source: str
    published: datetime | None
    summary: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    pledges: list[Pledge] = field(default_factory=list)
    also_reported_by: list[AlsoReported] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    @property
    def key_quote(self) -> Quote | None:
        """The quote a digest shows: the first attributed one the summary does not already carry word for word,
        else the first attributed one, else the first one."""
        summary = _squash(" ".join(self.summary))
        attributed = [q for q in self.quotes if q.speaker]
        for quote in attributed:
            if _squash(quote.text) not in summary:
                return quote
        if attributed:
            return attributed[0]
        return self.quotes[0] if self.quotes else None


def deadline_parts(pledge: Pledge, due: Callable[[date], str] = date.isoformat) -> list[str]:
    """A pledge's deadline as the article worded it, then the date it resolved to (written by `due`): whichever
    there are, for each renderer to set out in its own way."""
    return [part for part in (pledge.when, due(pledge.due) if pledge.due else None) if part]


@dataclass(frozen=True)
class Digest:
    """A heading and its stories, newest first. An empty digest renders as `empty_note`.

    `note` is a closing line (e.g. how many more stories matched than fit); `timezone` is the IANA zone in
    which renderers show times.
    """

    heading: str
    stories: list[Story] = field(default_factory=list)
    empty_note: str = "Nothing new since the last digest."
    note: str | None = None
    timezone: str = "UTC"


def digest_to_dict(digest: Digest) -> dict:
    """A JSON-serialisable form of a digest (the console platform keeps it in the ledger and renders at send)."""
    from dataclasses import asdict

    data = asdict(digest)
    for story in data["stories"]:
        story["published"] = story["published"].isoformat() if story["published"] else None
        for pledge in story["pledges"]:
            pledge["due"] = pledge["due"].isoformat() if pledge["due"] else None
    return data


def digest_from_dict(data: dict) -> Digest:
    """Inverse of `digest_to_dict`."""
    from datetime import date

    stories = []
    for s in data.get("stories", []):
        stories.append(
            Story(
                article_id=s["article_id"],
                title=s["title"],
                url=s["url"],
                source=s["source"],
                published=datetime.fromisoformat(s["published"]) if s.get("published") else None,
                summary=list(s.get("summary", [])),
                quotes=[Quote(q.get("speaker"), q["text"]) for q in s.get("quotes", [])],
                pledges=[
                    Pledge(
                        actor=p["actor"],
                        commitment=p["commitment"],
                        evidence=p["evidence"],
                        when=p.get("when"),
                        due=date.fromisoformat(p["due"]) if p.get("due") else None,
                    )
                    for p in s.get("pledges", [])
                ],
                also_reported_by=[AlsoReported(a["source"], a["url"]) for a in s.get("also_reported_by", [])],
                tags=list(s.get("tags", [])),
            )
        )
    return Digest(
        heading=data["heading"],
        stories=stories,
        empty_note=data.get("empty_note", ""),
        note=data.get("note"),
        timezone=data.get("timezone", "UTC"),
    )
