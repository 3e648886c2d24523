"""Pipeline throughput: the whole ingest (parse a feed, analyse each article, store it in SQLite, the tracker's
reading of it) beside stock
sumy LexRank (5 sentences) on the same generated ~800-word articles, with the same sentence splitter.

Each side runs in a fresh subprocess, so its peak memory (max RSS) is its own; both run in this one invocation,
and the table reports their ratio (machines here are noisy: compare ratios, not absolute figures).
Runnable standalone: `python benchmarks/bench_pipeline.py [--articles N]`.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from email.utils import format_datetime
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# pysbd installs a top-level package named `benchmarks`: import our modules by file name, from this folder.
sys.path[:0] = [str(HERE), str(ROOT)]

from bench_analysis import generate_article  # noqa: E402  (shared generator of invented copy)

WORDS = 800


def articles(count: int) -> list[tuple[str, str]]:
    return [(f"Talks in round {n} of the regional dialogue", generate_article(WORDS, seed=1000 + n)) for n in range(count)]


def write_feed(folder: Path, items: list[tuple[str, str]]) -> Path:
    start = datetime(2026, 11, 20, tzinfo=UTC)
    parts = ['<?xml version="1.0" encoding="utf-8"?>',
             '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench</title>']
    for n, (title, text) in enumerate(items):
        html = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
        parts.append(
            f"<item><title>{escape(title)}</title><link>https://bench.example/{n}</link>"
            f"<pubDate>{format_datetime(start - timedelta(minutes=n))}</pubDate>"
            f"<content:encoded><![CDATA[{html}]]></content:encoded></item>"
        )
    parts.append("</channel></rss>")
    path = folder / "feed.xml"
    path.write_text("\n".join(parts))
    return path


def side_pipeline(count: int) -> dict:
    """Ingest the feed end to end into a new SQLite file."""
    import asyncio

    from bot.config import parse_config
    from bot.ingest.pipeline import Ingestor
    from storage import connect

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        feed = write_feed(folder, articles(count))
        config = parse_config(
            {
                "storage": {"path": str(folder / "bench.db")},
                "fetch": {"max_entries": count},
                "digest": {"summary_sentences": 5},
                "sources": [{"name": "Bench", "url": str(feed)}],
            },
            folder / "config.toml",
        )
        ingestor = Ingestor(connect(config.storage.path), config)
        ingestor.sync_sources()
        tracking = 0.0
        read = ingestor.tracker.run

        async def timed_tracker(*args: object, **kwargs: object) -> int:
            nonlocal tracking
            began = time.perf_counter()
            try:
                return await read(*args, **kwargs)  # type: ignore[arg-type]
            finally:
                tracking += time.perf_counter() - began

        ingestor.tracker.run = timed_tracker  # type: ignore[method-assign]
        started = time.perf_counter()
        [report] = asyncio.run(ingestor.run(only_due=False))
        elapsed = time.perf_counter() - started
        assert report.new == count, report
        assert ingestor.last_tracked == count, "the tracker read every article"
    return {"seconds": elapsed, "articles": count, "tracking_seconds": tracking}


def side_stock(count: int) -> dict:
    """Stock sumy LexRank, 5 sentences, with the project's splitter, on the same texts (no quotes, no storage)."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    from bot.analysis.sentences import split_paragraphs, split_sentences
    from bot.analysis.summary import OfflineTokenizer

    tokenizer = OfflineTokenizer()
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    texts = articles(count)
    started = time.perf_counter()
    for _title, text in texts:
        document = ObjectDocumentModel(
            [Paragraph([Sentence(s, tokenizer) for s in split_sentences(p)]) for p in split_paragraphs(text)]
        )
        summarizer(document, 5)
    return {"seconds": time.perf_counter() - started, "articles": count}


def measure(side: str, count: int) -> dict:
    """Run one side in a fresh interpreter; returns its timing and peak RSS in MiB."""
    result = subprocess.run(
        [sys.executable, __file__, "--side", side, "--articles", str(count)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(count: int = 60) -> list[list[str]]:
    """Both sides in one run; rows for the benchmark table."""
    ours = measure("pipeline", count)
    stock = measure("stock", count)
    ours_rate = ours["articles"] / ours["seconds"]
    stock_rate = stock["articles"] / stock["seconds"]
    return [
        ["side", "articles/s", "peak RSS (MiB)"],
        ["Communiqué ingest (parse + analyse + store + track)", f"{ours_rate:.1f}", f"{ours['rss_mib']:.0f}"],
        ["of which the pledge tracker (actors, repeats, follow-ups), ms an article",
         f"{ours['tracking_seconds'] / ours['articles'] * 1000:.1f}", ""],
        ["stock sumy LexRank, 5 sentences (summary only)", f"{stock_rate:.1f}", f"{stock['rss_mib']:.0f}"],
        ["ratio (Communiqué / stock)", f"{ours_rate / stock_rate:.2f}x", f"{ours['rss_mib'] / stock['rss_mib']:.2f}x"],
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--side", choices=("pipeline", "stock"))
    args = parser.parse_args()
    if args.side:
        outcome = side_pipeline(args.articles) if args.side == "pipeline" else side_stock(args.articles)
        outcome["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(outcome))
        return
    rows = run(args.articles)
    width = [max(len(r[i]) for r in rows) for i in range(3)]
    print(f"Pipeline on {args.articles} generated ~{WORDS}-word articles (one run, both sides):")
    for row in rows:
        print("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, width)))


if __name__ == "__main__":
    main()
