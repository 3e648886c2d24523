"""`make eval`: Communiqué's digest quality beside baselines, on the hand-annotated development articles.

Runs `communique analyze` (the CLI, as a subprocess: the interface a user has is what gets scored) on
../shared/eval-dev/articles, computes the baselines in-process with the same sentence splitter, and prints one
table and the targets. Skips with a message when the articles are absent. Usage:

    python benchmarks/eval.py [--articles DIR] [--sentences N] [--splitter project|pysbd] [--strict]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

# pysbd (a dev dependency) installs a top-level package named `benchmarks`, so this folder's helpers are
# imported by their own name, with this folder first on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluation.harness import DEFAULT_ARTICLES, SystemScore, evaluate, target_results  # noqa: E402

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score `communique analyze` and baselines on the dev articles.")
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES, help="folder of annotated *.json")
    parser.add_argument("--sentences", type=int, default=5, help="summary length asked of Communiqué (5)")
    parser.add_argument("--splitter", choices=("project", "pysbd"), default="project",
                        help="sentence splitter for the baselines (project: Communiqué's own, the default)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if not args.articles.is_dir() or not any(args.articles.glob("*.json")):
        print(f"eval: skipped, no annotated articles in {args.articles}")
        return 0
    started = time.perf_counter()
    scores = evaluate(args.articles, args.sentences, args.splitter)
    count = len(list(args.articles.glob("*.json")))
    print(f"Digest quality on {count} articles in {args.articles} (baselines split by: {args.splitter})")
    print(f"Communiqué: `communique analyze --sentences {args.sentences}`; micro-averaged counts, ROUGE F1 "
          "averaged over articles.\n")
    print(table(scores))
    report, all_met = targets_report(scores[0])
    print("\nTargets (Communiqué):")
    print(report)
    print("  (demand F1 is secondary: demands and proposals kept apart from pledges; no target)")
    for system in scores:
        for note in system.notes:
            print(f"note: {system.name}: {note}")
    print(f"\n{'all targets met' if all_met else 'some targets missed'}; "
          f"{time.perf_counter() - started:.1f} s")
    return 1 if args.strict and not all_met else 0


if __name__ == "__main__":
    sys.exit(main())
