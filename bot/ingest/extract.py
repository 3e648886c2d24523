"""Full-text extraction from an article page (trafilatura), cleaned of the debris pages end with.

Works offline on an HTML string. The text comes back as paragraphs separated by blank lines, the form
`bot.analysis` reads.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

import trafilatura

# Lines that end an article's body on news pages: credits, "Read more" lists, newsletter and share prompts.
_TRAILER = re.compile(
    r"^(read more|related( articles| stories| coverage)?|more on this( story)?|see also|sign up|subscribe|"
    r"follow us|share this|advertisement)\b[:.]?",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"^[A-Z][\w.'’ -]{2,80} (contributed|also contributed) (to )?(this|the) (report|story|article)\.?$")


@dataclass(frozen=True)
class Extracted:
    """The article found in a page."""

    title: str
    text: str
    published: date | None


def clean_lines(lines: list[str]) -> list[str]:
    """Drop the trailer: everything from a "Read more:" style line on, and reporter credit lines."""
    kept: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if _TRAILER.match(stripped) and len(stripped) < 60:
            break
        if _CREDIT.match(stripped):
            continue
        kept.append(stripped)
    return kept


def extract_article(html: str, url: str | None = None) -> Extracted | None:
    """The article's headline, body text and date, or None when the page holds no article text."""
    raw = trafilatura.extract(
        html,
        url=url,
        output_format="json",
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=True,
    )
    if not raw:
        return None
    data = json.loads(raw)
    lines = clean_lines((data.get("text") or "").split("\n"))
    if not lines:
        return None
    published = None
    if data.get("date"):
        try:
            published = date.fromisoformat(data["date"][:10])
        except ValueError:
            published = None
    return Extracted(title=(data.get("title") or "").strip(), text="\n\n".join(lines), published=published)
