"""The analysis benchmark's own parts: its generated articles and its side-by-side timing (not a speed test)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from bench_analysis import generate_article, time_per_article  # noqa: E402

from bot.analysis import analyze  # noqa: E402


def test_generated_articles_have_the_asked_length_and_real_material():
    text = generate_article(800, seed=1)
    assert 800 <= len(text.split()) < 900
    assert generate_article(800, seed=1) == text  # reproducible
    result = analyze("Talks", text, sentences=5)
    assert result.quotes and result.pledges and len(result.summary) == 5


def test_timing_reports_one_median_per_pipeline():
    calls: list[str] = []
    times = time_per_article([lambda t: calls.append("a"), lambda t: calls.append("b")], ["x", "y"], rounds=3)
    assert len(times) == 2 and all(t >= 0 for t in times)
    assert calls.count("a") == calls.count("b") == 8  # one warm-up pass and three rounds over two texts
