"""The miss listing of `eval.py --misses`: key sentences missed and unmatched picks, each at its place."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from evaluation.harness import GoldArticle  # noqa: E402
from evaluation.misses import article_misses, render  # noqa: E402

SENTENCES = [
    "Norland and Estavia agreed on Friday to restart the night ferry between Brask and Tollin from June.",
    "The crossing takes nine hours and carried 300,000 passengers a year before it stopped.",
    "Norland undertook to pay for a new pier at Brask before the first crossing.",
    "Tickets will go on sale in May at both ports.",
    "But Estavia's ferry workers' union rejected the deal, saying crews would lose their night bonus.",
]
ARTICLE = GoldArticle(
    id="ferry",
    path=Path("ferry.json"),
    title="Night ferry to restart",
    text="\n\n".join(SENTENCES),
    quotes=[],
    pledges=[],
    key_sentences=[SENTENCES[0], SENTENCES[2], SENTENCES[4]],
)


def test_the_listing_marks_misses_and_unmatched_picks_with_their_place_in_the_article():
    summary = [SENTENCES[0], SENTENCES[2].rstrip("."), SENTENCES[3]]  # end punctuation does not stop a match
    listing = article_misses(ARTICLE, summary, SENTENCES)
    assert (listing.recalled, listing.keys) == (2, 3)
    text = render(listing)
    lines = text.splitlines()
    assert lines[0].startswith("== ferry: 2/3 key sentences recalled")
    assert [line.split()[:2] for line in lines[1:]] == [["ok", "s0"], ["ok", "s2"], ["EXTRA", "s3"], ["MISS", "s4"]]
    assert "rejected the deal" in lines[-1]


def test_only_the_first_five_picks_count_as_the_score_counts_them():
    summary = [SENTENCES[1], SENTENCES[3], SENTENCES[1] + " Again.", SENTENCES[3] + " Again.", SENTENCES[1], SENTENCES[4]]
    listing = article_misses(ARTICLE, summary, SENTENCES)
    assert listing.recalled == 0
    assert sum(1 for line in listing.lines if line.kind == "pick") == 5


def test_eval_lists_the_misses_of_communique_analyze_after_the_tables(tmp_path, capsys):
    import json

    import eval as eval_script

    record = {
        "id": "ferry", "title": ARTICLE.title, "published": "2027-05-14", "text": ARTICLE.text,
        "quotes": [], "pledges": [], "demands": [], "key_sentences": ARTICLE.key_sentences,
    }
    (tmp_path / "ferry.json").write_text(json.dumps(record), encoding="utf-8")
    assert eval_script.main(["--articles", str(tmp_path), "--sentences", "2", "--misses"]) == 0
    out = capsys.readouterr().out
    listing = out[out.index("Key sentences missed"):]
    assert "== ferry: " in listing
    assert "MISS " in listing  # two sentences cannot hold three key sentences
    assert "ok    s0   Norland and Estavia agreed" in listing
