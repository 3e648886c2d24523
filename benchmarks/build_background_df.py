"""Build the background document-frequency table of the summary's words (wordlists/summary_background_df.txt).

How many of the team's own written articles hold each word stem, as the summarizer reads words (sumy's English
stems, stop words left out): words every diplomatic story has ("minist", "talk", "said") count in most of them, a
story's own topic words in few. Only articles written for the project are counted (the corpus's dev folders and
probe folders given on the command line), never eval-dev's real articles and never the held-out check folders.
An article whose text is a copy of one already counted is counted once. `summary.topic-signature` reads the table
(docs/quality.md says what was measured with it). The shipped table was counted from corpus/dev to dev5 and the eight
probe folders named in its header. Usage:

    python benchmarks/build_background_df.py [--min-df N] [--out FILE] FOLDER [FOLDER ...]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import textwrap
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.analysis.summary import _STOP_WORDS, _WORD, stem  # noqa: E402

DEFAULT_OUT = ROOT / "bot/analysis/wordlists/summary_background_df.txt"


def article_text(path: Path) -> str:
    """The article's text (its `text` field), or "" for a file that is no article."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return data.get("text", "") if isinstance(data, dict) else ""


def stems_of(text: str) -> set[str]:
    """The distinct word stems of a text, read as the summarizer reads a sentence's words."""
    return {stem(w) for w in _WORD.findall(text) if w.lower() not in _STOP_WORDS}


def document_frequencies(paths: Iterable[Path]) -> tuple[Counter[str], int]:
    """How many distinct articles hold each stem, and how many articles were counted."""
    seen: set[str] = set()
    counts: Counter[str] = Counter()
    for path in paths:
        text = article_text(path)
        key = hashlib.sha1(" ".join(text.split()).encode()).hexdigest()
        if not text.strip() or key in seen:
            continue
        seen.add(key)
        counts.update(stems_of(text))
    return counts, len(seen)


def render(counts: Counter[str], documents: int, min_df: int, folders: list[str]) -> str:
    """The table as text: a header, the article count, then stem<TAB>df lines, most frequent first."""
    counted = textwrap.wrap("Counted from: " + ", ".join(folders) + ".", 110)
    lines = [
        "# Background document frequency of the summary's word stems: in how many of the project's own written",
        "# articles each stem occurs (benchmarks/build_background_df.py).",
        *("# " + line for line in counted),
        "# The stems are sumy's English stems of the words the summary reads (stop words left out).",
        "# Stems in fewer than " + str(min_df) + " articles are left out (they count as in one).",
        f"documents\t{documents}",
    ]
    kept = sorted((w for w, n in counts.items() if n >= min_df and w != "documents"), key=lambda w: (-counts[w], w))
    lines += [f"{w}\t{counts[w]}" for w in kept]
    return "\n".join(lines) + "\n"


def folder_files(folders: list[Path]) -> list[Path]:
    """The article files of the folders, in a stable order."""
    return [p for folder in folders for p in sorted(folder.glob("*.json"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--min-df", type=int, default=3)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the file to write ('-': standard output)")
    args = parser.parse_args(argv)
    forbidden = [f for f in args.folders if "eval-dev" in str(f) or f.name.startswith("check")]
    if forbidden:
        parser.error(f"held-out or real articles are never counted: {', '.join(map(str, forbidden))}")
    counts, documents = document_frequencies(folder_files(args.folders))
    names = [f.name for f in args.folders]
    table = render(counts, documents, args.min_df, names)
    if str(args.out) == "-":
        sys.stdout.write(table)
    else:
        args.out.write_text(table, encoding="utf-8")
    kept = sum(1 for n in counts.values() if n >= args.min_df)
    print(f"{documents} articles, {kept} stems", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
