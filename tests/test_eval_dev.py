"""Floors on the evaluation sets: a regression in `communique analyze` fails a commit; the targets do not.

The real articles of ../shared/eval-dev (skipped when absent), the invented corpus's dev half and the bundled
samples are scored by the same harness as `make eval`. The quality targets are judged by `make eval` on the check
half of eval-dev (articles no rule was tuned on), like a benchmark; a test that gated every commit on them would
invite tuning to the test. What a test holds here is the floor: never worse than the simple baselines, and never
a pledge invented in an article that holds none. (The corpus's check half is never scored by a test.)
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from evaluation.harness import DEFAULT_ARTICLES, evaluate  # noqa: E402

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


def test_no_pledge_is_invented_where_the_article_has_none(scores):
    assert scores[0].metrics()["pledge_invented"] == 0


def test_summaries_keep_to_the_length_asked(scores):
    assert scores[0].metrics()["max_sentences"] <= 5


def test_communique_beats_every_baseline_it_competes_with(scores):
    ours = scores[0].metrics()
    for baseline in scores[1:]:
        for key, value in baseline.metrics().items():
            if key in ("quote_f1", "quote_attr_f1", "pledge_f1", "key_recall", "rouge2") and value is not None:
                assert ours[key] >= value, (baseline.name, key, ours[key], value)
