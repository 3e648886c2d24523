"""The `communique` command line (also `python -m bot`).

Each subcommand is a small function; heavy imports happen inside them so that `--help` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def cmd_analyze(args: argparse.Namespace) -> int:
    """Print one JSON object per article file; errors go to stderr and the others still run."""
    from bot.analyze_files import analyze_files

    failed = 0
    for path, result in analyze_files([Path(p) for p in args.files], args.sentences):
        if isinstance(result, str):
            print(f"communique analyze: {result}", file=sys.stderr)
            failed += 1
        else:
            print(json.dumps(result, ensure_ascii=False), flush=True)
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="communique",
        description="Digests of diplomatic developments for Telegram, Discord and the console.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    analyze = sub.add_parser(
        "analyze",
        help="summary, quotes and pledges of article files, as JSON lines",
        description="Analyse article files (.json with title and text, .txt, or .html pages) and print "
        "one JSON object per line: id, title, summary, quotes, pledges.",
    )
    analyze.add_argument("files", nargs="+", metavar="FILE")
    analyze.add_argument("--sentences", type=int, default=4, metavar="N", help="summary length (default 4)")
    analyze.set_defaults(func=cmd_analyze)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return args.func(args)
