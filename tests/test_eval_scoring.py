"""The evaluation harness's scoring rules, on small invented cases (the rules, not the dev set)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from evaluation.scoring import (  # noqa: E402
    rouge_l,
    rouge_n,
    score_pledges,
    score_quotes,
    score_summary,
    speaker_right,
)
from evaluation.text import normalize, tokens  # noqa: E402


def test_normalisation_strips_marks_end_punctuation_and_case():
    assert normalize("  “We Will NOT   back down,” ") == "we will not back down"
    assert tokens("It’s the U.S. side's deal.") == ["it's", "the", "u.s", "side's", "deal"]


def test_quote_match_by_overlap_or_containment_and_speaker_by_surname():
    gold = [{"speaker": "Sergey Lavrov", "text": "We will respond in writing next week to the proposals"}]
    predicted = [{"speaker": "Lavrov", "text": "We will respond in writing next week"}]
    score = score_quotes(predicted, gold)
    assert (score.text.matched, score.attributed.matched) == (1, 1)
    wrong = score_quotes([{"speaker": "the minister", "text": predicted[0]["text"]}], gold)
    assert (wrong.text.matched, wrong.attributed.matched) == (1, 0)


def test_one_prediction_matches_one_gold_quote_only():
    gold = [{"speaker": "A B", "text": "the same words said twice here"}] * 2
    score = score_quotes([{"speaker": "B", "text": "the same words said twice here"}], gold)
    assert (score.text.matched, score.text.gold) == (1, 2)


def test_speaker_rule_uses_the_name_not_the_note():
    assert speaker_right("Xi Jinping", "Xi Jinping (via Xinhua)")
    assert speaker_right("Xinhua", "Kim Jong Un (via Xinhua)")
    assert not speaker_right(None, "Kim Jong Un")
    assert not speaker_right("Donald Trump", "Mike Pence")


def test_pledges_count_distinct_evidence_and_deadlines_share_a_word():
    evidence = "Norland pledged to reopen the border by March 3 and to free the detainees."
    gold = [
        {"actor": "Norland", "commitment": "reopen", "evidence": evidence, "when": "March 3"},
        {"actor": "Norland", "commitment": "free", "evidence": evidence, "when": None},
    ]
    predicted = [{"actor": "Norland", "commitment": "reopen", "evidence": evidence, "when": "by March 3"}]
    score = score_pledges(predicted, gold)
    assert (score.found.matched, score.found.gold, score.deadline.right, score.deadline.total) == (1, 1, 1, 1)
    assert score_pledges(predicted, []).invented == 1


def test_summary_scores_only_the_first_five_sentences():
    key = ["One key sentence about the deal.", "Another key sentence about the border."]
    summary = ["Filler one here.", "Filler two here.", "Filler three here.", "Filler four here.",
               "Filler five here.", "One key sentence about the deal."]
    assert score_summary(summary, key).key.right == 0
    assert score_summary(summary[-1:], key).key.right == 1


def test_rouge():
    assert rouge_n(["a", "b", "c"], ["a", "b", "c"], 2) == 1.0
    assert rouge_n(["a", "b"], ["c", "d"], 1) == 0.0
    assert round(rouge_l(["a", "x", "b"], ["a", "b"]), 3) == 0.8


def test_pooled_scores_count_every_article_of_every_set_once():
    from evaluation.harness import SystemScore
    from evaluation.scoring import PledgeScore, QuoteScore, SummaryScore

    gold_quote = [{"speaker": "Lena Ostrova", "text": "We will reopen the ferry line within thirty days"}]
    first = SystemScore("a", QuoteScore(), PledgeScore(), SummaryScore())
    first.quotes.add(score_quotes([{"speaker": "Ostrova", "text": gold_quote[0]["text"]}], gold_quote))
    first.summary.add(score_summary(["Norland agreed to reopen the ferry line."], ["Norland agreed to reopen the ferry line."]))
    second = SystemScore("b", QuoteScore(), PledgeScore(), SummaryScore())
    second.quotes.add(score_quotes([], gold_quote))
    second.summary.add(score_summary(["Something else entirely happened today."], ["Norland agreed to reopen it."]))
    pooled = first.merged(second, "pooled").metrics()
    assert pooled["quote_r"] == 0.5 and pooled["quote_p"] == 1.0
    assert pooled["key_recall"] == 0.5
    assert 0 < pooled["rouge2"] < first.metrics()["rouge2"]


def test_eval_command_prints_a_table_per_set_and_a_pooled_row(capsys, tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("eval_command", Path(__file__).resolve().parents[1] / "benchmarks" / "eval.py")
    command = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(command)
    samples = Path(__file__).resolve().parents[1] / "bot" / "samples" / "articles"
    assert command.main(["--articles", str(samples), str(tmp_path), str(samples)]) == 0
    out = capsys.readouterr().out
    assert out.count("Digest quality on 3 articles") == 2
    assert f"eval: skipped, no annotated articles in {tmp_path}" in out
    assert "| pooled |" in out
