"""`make eval`, the tracker as a running bot runs it: stories stored in SQLite, read by `bot.ingest.track.Tracker`.

Two measurements:

- the invented chains (benchmarks/linking, both halves, every story of every chain in one database, stored in
  publication order): the analysed pledges, repeats folded into one pledge, and follow-ups linked against every
  unsettled pledge stored before them, as ingest does; a follow-up is right when the annotation has the same pledge,
  story and outcome. This adds to `eval_tracking.py` what the wiring does (the analysis's pledges, the dedupe,
  settled pledges leaving the pool, a story never reporting on its own pledges);
- real articles (eval-dev's, when `../shared/eval-dev/articles` exists): 29 unrelated stories, so every follow-up
  found there is listed for review (each is most likely a wrong link), with the pledges, repeats and actors found.

Usage: python benchmarks/eval_stored.py [--show]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.analysis import analyze  # noqa: E402
from bot.ingest.pipeline import kept_pledges, kept_quotes  # noqa: E402
from bot.ingest.track import Tracker  # noqa: E402
from storage import articles as article_store  # noqa: E402
from storage import connect  # noqa: E402
from storage.db import to_iso  # noqa: E402
from storage.records import NewArticle  # noqa: E402

LINKING = ROOT / "benchmarks" / "linking"


def _eval_dev_articles() -> Path:
    """`../shared/eval-dev/articles` beside the checkout; from a git worktree nested deeper, the nearest above."""
    for folder in ROOT.parents:
        if (folder / "shared" / "eval-dev" / "articles").is_dir():
            return folder / "shared" / "eval-dev" / "articles"
    return ROOT.parent / "shared" / "eval-dev" / "articles"


EVAL_DEV = _eval_dev_articles()


def _store(db, url: str, title: str, text: str, published: datetime) -> int:
    found = analyze(title, text, published=published.date(), demands=False)
    return article_store.insert_article(
        db,
        NewArticle(url=url, source_id=None, guid=None, title=title, text=text, text_hash=url,
                   summary=found.summary, quotes=kept_quotes(found), pledges=kept_pledges(found),
                   published=to_iso(published)),
    )


def _moment(day: date | str) -> datetime:
    value = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime(value.year, value.month, value.day, 9, tzinfo=UTC)


def chains_stored(show: bool) -> list[str]:
    """Every chain of both halves in one database; the follow-ups scored against the annotation."""
    db = connect(":memory:")
    stories: list[tuple[datetime, str, str, str]] = []
    gold: set[tuple[str, str, str]] = set()  # (pledge's evidence sentence, later story's url, outcome)
    evidence_of: dict[str, str] = {}  # pledge story url -> its chain id
    for half in ("dev", "check"):
        for path in sorted((LINKING / half).glob("*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            chain = f"{half}/{data['id']}"
            pledge_url = f"https://chains.example/{chain}/pledge"
            evidence_of[pledge_url] = chain
            stories.append((_moment(data["pledge"]["published"]), pledge_url, data["pledge"]["title"],
                            data["pledge"]["text"]))
            for index, later in enumerate(data.get("later", []), start=1):
                url = f"https://chains.example/{chain}/later{index}"
                stories.append((_moment(later["published"]), url, later["title"], later["text"]))
                for link in later.get("links", []):
                    annotated = data["pledge"]["pledges"][link["pledge"] - 1]
                    gold.add((annotated["evidence"].strip(), url, link["outcome"]))
    started = time.perf_counter()
    for moment, url, title, text in sorted(stories):
        _store(db, url, title, text, moment)
    stored = time.perf_counter() - started
    started = time.perf_counter()
    asyncio.run(Tracker(db).run(limit=10_000))
    tracked = time.perf_counter() - started
    rows = list(db.query(
        "SELECT p.evidence, a.url AS later, f.outcome, f.reason FROM pledge_followups f "
        "JOIN pledges p ON p.id = f.pledge_id JOIN articles a ON a.id = f.article_id"
    ))
    found = [(r["evidence"].strip(), r["later"], r["outcome"]) for r in rows]
    predicted = len(found)
    correct = sum(1 for link in found if link in gold)  # two pledges of one sentence: matched by outcome
    notes = [f"WRONG {r['later']}: {r['outcome']} — {r['reason']}" for r, link in zip(rows, found, strict=True)
             if link not in gold]
    notes += [f"MISSED {later}: {outcome} — {evidence[:120]}" for evidence, later, outcome in sorted(gold)
              if (evidence, later, outcome) not in found]
    pledges, repeats = db.execute("SELECT COUNT(*), SUM(canonical_id IS NOT NULL) FROM pledges").fetchone()
    precision = correct / predicted if predicted else 1.0
    recall = correct / len(gold) if gold else 1.0
    lines = [
        "| stories | pledges stored | repeats folded | links (gold) | predicted | correct | precision | recall |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {len(stories)} | {pledges} | {repeats} | {len(gold)} | {predicted} | {correct} | {precision:.2f} | "
        f"{recall:.2f} |",
        "",
        f"Analysis and storage {stored / len(stories) * 1000:.0f} ms a story; the tracker "
        f"{tracked / len(stories) * 1000:.1f} ms a story (one run, this machine).",
    ]
    if show:
        lines += ["", *("    " + note for note in notes)]
    return lines


def real_articles(folder: Path) -> list[str]:
    """eval-dev's articles as a bot would store them; every follow-up found is listed."""
    if not folder.is_dir():
        return [f"(no {folder}: skipped)"]
    db = connect(":memory:")
    articles = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    dated = []
    for article in articles:
        try:
            moment = datetime.fromisoformat(str(article.get("published"))[:10])
        except ValueError:
            moment = datetime(2020, 1, 1)
        dated.append((moment.replace(tzinfo=UTC, hour=9), article))
    started = time.perf_counter()
    for moment, article in sorted(dated, key=lambda pair: pair[0]):
        _store(db, f"https://eval-dev.example/{article['id']}", article["title"], article["text"], moment)
    stored = time.perf_counter() - started
    started = time.perf_counter()
    asyncio.run(Tracker(db).run(limit=10_000))
    tracked = time.perf_counter() - started
    pledges, repeats = db.execute("SELECT COUNT(*), SUM(canonical_id IS NOT NULL) FROM pledges").fetchone()
    actors = db.execute("SELECT COUNT(*), COUNT(DISTINCT actor_key) FROM article_actors").fetchone()
    follow_ups = list(db.query(
        "SELECT a.url, f.outcome, f.reason, f.evidence FROM pledge_followups f JOIN articles a ON a.id = f.article_id"
    ))
    lines = [
        f"{len(articles)} real articles: {pledges} pledges stored, {repeats or 0} folded as repeats; "
        f"{actors[0]} story-actor links ({actors[1]} distinct actors); {len(follow_ups)} follow-ups linked "
        "(the articles are unrelated: each would be a wrong link). Analysis and "
        f"storage {stored / max(len(articles), 1) * 1000:.0f} ms an article; the tracker "
        f"{tracked / max(len(articles), 1) * 1000:.1f} ms an article (one run, this machine).",
    ]
    for row in follow_ups:
        lines.append(f"    {row['url']}: {row['outcome']} — {row['reason']}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list wrong and missed links")
    parser.add_argument("--articles", type=Path, default=EVAL_DEV, help="eval-dev's articles folder")
    args = parser.parse_args(argv)
    if not args.articles.is_dir():
        args.articles = EVAL_DEV  # a relative path given from a worktree: the nearest eval-dev above it
    print("\n## The tracker on stored stories (as a running bot stores and reads them)\n")
    print("Invented chains, both halves in one database:\n")
    print("\n".join(chains_stored(args.show)))
    print("\nReal articles (eval-dev):\n")
    print("\n".join(real_articles(args.articles)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
