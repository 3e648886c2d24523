"""`make bench`: every benchmark, one after the other, each printing its own table.

Figures are measured in one run per table and reported as ratios where a baseline exists (machines here are
noisy). Each benchmark is also runnable alone: `python benchmarks/bench_<name>.py`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["bench_analysis.py", "bench_pipeline.py", "bench_telegram.py", "bench_discord.py", "bench_capacity.py"]


def main() -> int:
    failed = 0
    for name in ORDER:
        path = HERE / name
        if not path.exists():
            continue
        print(f"\n=== {name} ===", flush=True)
        result = subprocess.run([sys.executable, str(path)], cwd=HERE.parent)
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
