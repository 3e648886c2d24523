"""The linguistic layer: loaded once, only the parts used, and the answers the rules ask of it."""

from __future__ import annotations

import threading

from bot.analysis import syntax


def test_the_pipeline_is_loaded_once_per_process_without_the_parts_nobody_reads():
    first = syntax.pipeline()
    assert first is not None, "the English pipeline is installed by make install"
    assert syntax.pipeline() is first
    assert "lemmatizer" not in first.pipe_names and "attribute_ruler" not in first.pipe_names


def test_the_subject_of_a_commitment_verb_and_who_reports_it():
    sentence = "Foreign Minister Pavel Dorn said Norland would withdraw its troops from the border."
    subject, reporter = syntax.verb_subject(sentence, sentence.index("would"))
    assert subject is not None and subject.text == "Norland"
    assert reporter is not None and reporter.text.endswith("Pavel Dorn")


def test_a_dateline_and_a_place_adjective_are_told_from_an_actor():
    doc = syntax.parse("OSLO — Norwegian officials pledged to reopen the crossing.")
    kinds = {token.text: syntax.kind_of(doc, token, entities=True) for token in doc}
    assert kinds["OSLO"] == "dateline"
    assert kinds["Norwegian"] == "adjective"


def test_scraped_debris_too_long_for_a_sentence_is_not_parsed():
    assert syntax.parse("word " * 2000) is None


def test_parses_from_several_threads_at_once_all_answer():
    sentences = [f"Norland pledged on day {n} to free {n} sailors." for n in range(40)]
    answers: list[object] = []
    threads = [threading.Thread(target=lambda s=s: answers.append(syntax.parse(s))) for s in sentences]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 40 and all(doc is not None for doc in answers)
