"""`make eval`: Communiqué's digest quality beside baselines, on hand-annotated article sets.

Runs `communique analyze` (the CLI, as a subprocess: the interface a user has is what gets scored) on each folder
given (by default ../shared/eval-dev/articles), computes the baselines in-process with the same sentence splitter,
and prints one table per set and the targets. With several folders it also prints Communiqué's row for each set
and a pooled row (all articles counted together). Skips a folder with a message when it holds no articles.
`--misses` then lists, per article, the key sentences the summary missed and its picks that matched none, each
with its place in the article: where tuning the summarizer starts. Held-out text is never listed: eval-dev's check
half and the check* folders are scored in aggregate only. Where an articles folder has an `html/` folder
beside it (eval-dev does), the extractor is checked on those pages too (benchmarks/extraction_check.py). Usage:

    python benchmarks/eval.py [--articles DIR [DIR ...]] [--sentences N] [--splitter project|pysbd] [--strict]
                              [--misses]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

# pysbd (a dev dependency) installs a top-level package named `benchmarks`, so this folder's helpers are
# imported by their own name, with this folder first on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluation import harness  # noqa: E402
from evaluation.baselines import paragraphs_of, project_splitter  # noqa: E402
from evaluation.harness import (  # noqa: E402
    DEFAULT_ARTICLES,
    EVAL_DEV_CHECK,
    EVAL_DEV_TUNE,
    SystemScore,
    evaluate,
    evaluate_parts,
    has_eval_dev_split,
    load_articles,
    run_cli,
    target_results,
)
from evaluation.misses import article_misses, render  # noqa: E402
from extraction_check import extraction_report  # noqa: E402

COLUMNS = [
    ("quote P", "quote_p"),
    ("quote R", "quote_r"),
    ("quote F1", "quote_f1"),
    ("attrib. F1", "quote_attr_f1"),
    ("pledge P", "pledge_p"),
    ("pledge R", "pledge_r"),
    ("pledge F1", "pledge_f1"),
    ("invented", "pledge_invented"),
    ("deadline acc.", "deadline_acc"),
    ("demand F1", "demand_f1"),
    ("key recall", "key_recall"),
    ("ROUGE-1", "rouge1"),
    ("ROUGE-2", "rouge2"),
    ("ROUGE-L", "rougel"),
]


def _cell(value: float | int | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return str(value)
    return f"{value:.2f}"


def table(scores: list[SystemScore]) -> str:
    """A Markdown table: one row per system, one column per metric ("–" where a system does not try)."""
    header = "| system | " + " | ".join(label for label, _ in COLUMNS) + " |"
    rule = "|---|" + "---:|" * len(COLUMNS)
    rows = []
    for system in scores:
        metrics = system.metrics()
        rows.append(f"| {system.name} | " + " | ".join(_cell(metrics.get(key)) for _, key in COLUMNS) + " |")
    return "\n".join([header, rule, *rows])


def targets_report(system: SystemScore) -> tuple[str, bool]:
    """One line per target for Communiqué, and whether all are met."""
    lines = []
    all_met = True
    for label, value, threshold, met in target_results(system):
        all_met &= met
        sign = "≥" if label not in ("pledges invented where none", "summary sentences at most") else "≤"
        lines.append(f"  {'met ' if met else 'MISS'}  {label}: {_cell(value)} (target {sign} {threshold})")
    return "\n".join(lines), all_met


def _set_report(folder: Path, scores: list[SystemScore], sentences: int, splitter: str) -> bool:
    """One set's table and targets; whether Communiqué met every target on it."""
    count = len(list(folder.glob("*.json")))
    print(f"Digest quality on {count} articles in {folder} (baselines split by: {splitter})")
    print(f"Communiqué: `communique analyze --sentences {sentences}`; micro-averaged counts, ROUGE F1 "
          "averaged over articles.\n")
    print(table(scores))
    report, all_met = targets_report(scores[0])
    print("\nTargets (Communiqué):")
    print(report)
    print("  (demand F1 is secondary: demands and proposals kept apart from pledges; no target)")
    for system in scores:
        for note in system.notes:
            print(f"note: {system.name}: {note}")
    return all_met


def _split_report(folder: Path, sentences: int, splitter: str) -> bool:
    """eval-dev's tuning half beside its check half, the spread between them, and the targets on the check half.

    The check half is the figure to trust: no rule is written or tuned against it. Baselines are shown on the
    check half too, so a gain over them is measured where it counts.
    """
    halves = evaluate_parts(folder, {"tune": EVAL_DEV_TUNE, "check": EVAL_DEV_CHECK}, sentences, splitter)
    tune, check = halves["tune"], halves["check"]
    spread = SystemScore("check − tuning")
    rows = [
        SystemScore(f"tuning half ({len(EVAL_DEV_TUNE)})", *_parts(tune[0])),
        SystemScore(f"check half ({len(EVAL_DEV_CHECK)})", *_parts(check[0])),
    ]
    print(f"eval-dev split: tuning half {', '.join(sorted(EVAL_DEV_TUNE))}; "
          f"check half {', '.join(sorted(EVAL_DEV_CHECK))}\n")
    lines = table(rows + [*(SystemScore(f"{b.name} (check)", *_parts(b)) for b in check[1:])]).splitlines()
    ours_tune, ours_check = tune[0].metrics(), check[0].metrics()
    cells = []
    for _, key in COLUMNS:
        a, b = ours_tune.get(key), ours_check.get(key)
        cells.append("–" if a is None or b is None else f"{b - a:+.2f}" if isinstance(b, float) else f"{b - a:+d}")
    lines.insert(4, f"| {spread.name} | " + " | ".join(cells) + " |")
    print("\n".join(lines).replace("| system |", "| eval-dev |", 1))
    report, all_met = targets_report(check[0])
    print("\nTargets (Communiqué, check half of eval-dev: the articles no rule was tuned on):")
    print(report)
    return all_met


def _parts(score: SystemScore) -> tuple:
    """A score's parts in SystemScore's field order after the name, to rename a row."""
    return score.quotes, score.pledges, score.summary, score.demands, score.max_sentences


def _pooled_report(rows: list[tuple[str, SystemScore]]) -> bool:
    """Communiqué's row per set and pooled over all of them, with the pooled targets."""
    pooled = rows[0][1]
    for _, score in rows[1:]:
        pooled = pooled.merged(score)
    named = [SystemScore(name, s.quotes, s.pledges, s.summary, s.demands, s.max_sentences) for name, s in rows]
    named.append(SystemScore("pooled", pooled.quotes, pooled.pledges, pooled.summary, pooled.demands, pooled.max_sentences))
    print("Communiqué on every set, and pooled (all articles counted together)\n")
    print(table(named).replace("| system |", "| set |", 1))
    report, all_met = targets_report(named[-1])
    print("\nTargets (Communiqué, pooled):")
    print(report)
    return all_met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score `communique analyze` and baselines on annotated articles.")
    parser.add_argument("--articles", type=Path, nargs="+", default=[DEFAULT_ARTICLES],
                        help="one or more folders of annotated *.json (default: the eval-dev articles)")
    parser.add_argument("--sentences", type=int, default=5, help="summary length asked of Communiqué (5)")
    parser.add_argument("--splitter", choices=("project", "pysbd"), default="project",
                        help="sentence splitter for the baselines (project: Communiqué's own, the default)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed on any set")
    parser.add_argument("--misses", action="store_true",
                        help="also list, per article, the key sentences missed and the summary's unmatched picks")
    parser.add_argument("--checkout", type=Path, default=None,
                        help="score the analysis of another checkout of the project (e.g. an earlier version made "
                             "with `git worktree add /tmp/then REV`), run with this environment's Python")
    args = parser.parse_args(argv)
    if args.checkout is not None:
        harness.ANALYZE_CHECKOUT = args.checkout.resolve()
    started = time.perf_counter()
    rows: list[tuple[str, SystemScore]] = []
    all_met = True
    args.articles = [_located(folder) for folder in args.articles]
    for folder in args.articles:
        if not folder.is_dir() or not any(folder.glob("*.json")):
            print(f"eval: skipped, no annotated articles in {folder}\n")
            continue
        if rows:
            print("\n" + "-" * 80 + "\n")
        scores = evaluate(folder, args.sentences, args.splitter)
        met = _set_report(folder, scores, args.sentences, args.splitter)
        if has_eval_dev_split(folder):
            print("\n" + "-" * 80 + "\n")
            met = _split_report(folder, args.sentences, args.splitter)
        all_met &= met
        rows.append((_set_name(folder), scores[0]))
    if len(rows) > 1:
        print("\n" + "-" * 80 + "\n")
        _pooled_report(rows)
    for pages in dict.fromkeys(f.parent / "html" for f in args.articles if (f.parent / "html").is_dir()):
        print("\n" + "-" * 80 + "\n")
        print(extraction_report(pages))
    if args.misses:
        for folder in args.articles:
            if folder.is_dir() and any(folder.glob("*.json")):
                print("\n" + "-" * 80)
                print(f"\nKey sentences missed in {folder} (`--sentences {args.sentences}`)\n")
                print(misses_report(folder, args.sentences))
    if rows:
        print(f"\n{'all targets met' if all_met else 'some targets missed'} on every set; "
              f"{time.perf_counter() - started:.1f} s")
    return 1 if args.strict and not all_met else 0


def _located(folder: Path) -> Path:
    """eval-dev's articles as the Makefile names them (../shared/eval-dev/articles), found from a git worktree too."""
    if not folder.is_dir() and folder.parts[-3:] == ("shared", "eval-dev", "articles"):
        return DEFAULT_ARTICLES
    return folder


def misses_report(folder: Path, sentences: int) -> str:
    """Every article's key sentences missed and unmatched picks, from `communique analyze` as scored.

    Held-out text is never listed: a held-out set (a folder named check*) gets a line saying so, and eval-dev gets
    its tuning half only. A miss read is a miss tuned against, and then the set no longer says how the analysis
    does on copy nobody tuned it on.
    """
    if folder.resolve().name.startswith("check"):
        return f"not listed: {_set_name(folder)} is held out (scored in aggregate only)"
    split_set = has_eval_dev_split(folder)
    articles = load_articles(folder, EVAL_DEV_TUNE if split_set else None)
    outputs = run_cli([a.path for a in articles], sentences)
    split = project_splitter()
    listings = []
    for article in articles:
        article_sentences = [s for paragraph in paragraphs_of(article.text) for s in split(paragraph)]
        summary = (outputs.get(article.id) or {}).get("summary") or []
        listings.append(render(article_misses(article, summary, article_sentences)))
    if split_set:
        listings.append(f"not listed: eval-dev's check half ({len(EVAL_DEV_CHECK)} articles) is held out")
    return "\n".join(listings)


def _set_name(folder: Path) -> str:
    """A short name for a set: "eval-dev", "corpus/dev", "samples/articles"."""
    parts = folder.resolve().parts
    if parts[-1] == "articles" and len(parts) > 1:
        return f"{parts[-2]}/{parts[-1]}" if parts[-2] == "samples" else parts[-2]
    return "/".join(parts[-2:])


if __name__ == "__main__":
    sys.exit(main())
