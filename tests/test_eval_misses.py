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


def _write_ferry(folder):
    import json

    folder.mkdir(parents=True, exist_ok=True)
    record = {
        "id": "ferry", "title": ARTICLE.title, "published": "2027-05-14", "text": ARTICLE.text,
        "quotes": [], "pledges": [], "demands": [], "key_sentences": ARTICLE.key_sentences,
    }
    (folder / "ferry.json").write_text(json.dumps(record), encoding="utf-8")


def test_a_held_out_set_is_scored_but_its_misses_are_never_listed(tmp_path, capsys):
    import eval as eval_script

    _write_ferry(tmp_path / "check9")
    assert eval_script.main(["--articles", str(tmp_path / "check9"), "--sentences", "2", "--misses"]) == 0
    out = capsys.readouterr().out
    assert "Communiqué" in out[:out.index("Key sentences missed")]  # the set is still scored
    listing = out[out.index("Key sentences missed"):]
    assert "held out" in listing
    assert "== ferry" not in listing and "Norland" not in listing


def test_eval_devs_check_half_misses_are_never_listed(tmp_path, monkeypatch):
    import eval as eval_script
    from evaluation import harness

    folder = tmp_path / "articles"
    _write_ferry(folder)
    (folder / "ferry.json").rename(folder / "t1.json")
    _write_ferry(folder)
    (folder / "ferry.json").rename(folder / "c1.json")
    monkeypatch.setattr(eval_script, "EVAL_DEV_TUNE", frozenset({"t1"}))
    monkeypatch.setattr(eval_script, "EVAL_DEV_CHECK", frozenset({"c1"}))
    monkeypatch.setattr(eval_script, "has_eval_dev_split", lambda f: True)
    seen: list[str] = []
    real_load = harness.load_articles

    def load(f, only=None):
        chosen = real_load(f, only)
        seen.extend(a.path.stem for a in chosen)
        return chosen

    monkeypatch.setattr(eval_script, "load_articles", load)
    listing = eval_script.misses_report(folder, 2)
    assert seen == ["t1"]
    assert "check half (1 articles) is held out" in listing
