"""The evaluation sets: `communique analyze` must keep meeting the quality targets on every visible set.

The real articles of ../shared/eval-dev (skipped when absent), the invented corpus's dev half and the bundled
samples are scored by the same harness (`benchmarks/eval.py`); every target is checked on each set, because the
held-out sets judge all three kinds of copy at once. (The corpus's check half is never scored by a test.)
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from evaluation.harness import DEFAULT_ARTICLES, evaluate, target_results  # noqa: E402

pytestmark = pytest.mark.eval

REPO = Path(__file__).resolve().parents[1]
SETS = {
    "eval-dev": DEFAULT_ARTICLES,
    "corpus/dev": REPO / "benchmarks" / "corpus" / "dev",
    "samples": REPO / "bot" / "samples" / "articles",
}


@pytest.fixture(scope="module", params=sorted(SETS))
def scores(request):
    folder = SETS[request.param]
    if not folder.is_dir():
        pytest.skip(f"no articles at {folder}")
    return evaluate(folder, sentences=5)


def test_targets_met(scores):
    missed = [f"{label}: {value} (target {threshold})" for label, value, threshold, met in target_results(scores[0]) if not met]
    assert not missed, missed


def test_communique_beats_every_baseline_it_competes_with(scores):
    ours = scores[0].metrics()
    for baseline in scores[1:]:
        for key, value in baseline.metrics().items():
            if key in ("quote_f1", "quote_attr_f1", "pledge_f1", "key_recall", "rouge2") and value is not None:
                assert ours[key] >= value, (baseline.name, key)
