"""The extraction check of `make eval`: real article pages, each with a sidecar of what a reader expects.

For each `*.html` beside a `*.json` (headline, the body's first and last sentence; `must_keep` / `must_drop` lines
where given), `communique`'s extractor runs on the page and is scored: headline exact, body starting with the first
sentence, body ending with the last one, lines kept and furniture dropped. Reads the pages where they are; copies
nothing.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.ingest.extract import extract_article


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').split())


@dataclass
class PageScore:
    """What the extractor got right on one page."""

    name: str
    title: bool
    first: bool
    last: bool
    kept: tuple[int, int]  # must-keep lines found, of how many
    dropped: tuple[int, int]  # furniture lines absent, of how many
    milliseconds: float
    notes: list[str] = field(default_factory=list)


def score_page(page: Path) -> PageScore:
    """Extract one page and compare with its sidecar."""
    side = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    html = page.read_text(encoding="utf-8", errors="replace")
    extract_article(html)  # the first page of a process also pays for loading the extractor: time a warm run
    started = time.perf_counter()
    extracted = extract_article(html)
    elapsed = (time.perf_counter() - started) * 1000
    first = side.get("first_sentence") or side.get("expected_first_sentence") or ""
    last = side.get("last_sentence") or side.get("expected_last_sentence") or ""
    keep, drop = side.get("must_keep", []), side.get("must_drop", [])
    if extracted is None:
        return PageScore(page.stem, False, False, False, (0, len(keep)), (len(drop), len(drop)), elapsed, ["no text"])
    paragraphs = extracted.text.split("\n\n")
    text = _norm(extracted.text)
    return PageScore(
        page.stem,
        title=extracted.title == side.get("title"),
        first=_norm(paragraphs[0]).startswith(_norm(first)),
        last=_norm(paragraphs[-1]).endswith(_norm(last)),
        kept=(sum(_norm(k) in text for k in keep), len(keep)),
        dropped=(sum(_norm(d) not in text for d in drop), len(drop)),
        milliseconds=elapsed,
    )


def extraction_report(folder: Path) -> str:
    """A Markdown table of every sidecar'd page in `folder`, and the totals."""
    pages = sorted(p for p in folder.glob("*.html") if p.with_suffix(".json").exists())
    if not pages:
        return f"extraction: skipped, no pages with sidecars in {folder}"
    scores = [score_page(p) for p in pages]
    lines = [
        f"Full-text extraction on {len(scores)} pages in {folder}\n",
        "| page | headline | first sentence | last sentence | lines kept | furniture dropped | ms |",
        "|---|---|---|---|---:|---:|---:|",
    ]
    for s in scores:
        lines.append(
            f"| {s.name} | {'yes' if s.title else 'NO'} | {'yes' if s.first else 'NO'} | {'yes' if s.last else 'NO'} "
            f"| {s.kept[0]}/{s.kept[1]} | {s.dropped[0]}/{s.dropped[1]} | {s.milliseconds:.0f} |"
        )
    right = sum(s.title for s in scores), sum(s.first for s in scores), sum(s.last for s in scores)
    lines.append(
        f"\nheadline {right[0]}/{len(scores)}, first sentence {right[1]}/{len(scores)}, "
        f"last sentence {right[2]}/{len(scores)}"
    )
    return "\n".join(lines)
