"""Any text at all returns an analysis, in time that grows about linearly with its length."""

import json
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.analysis import Analysis, analyze

MARKS = st.sampled_from(list("\"“”«»„‹›'‘’.,;:!?—-()[] \n") + ["\n\n", "Mr.", "U.S.", " said ", " he ", " pledged to "])
TEXT = st.lists(st.one_of(st.text(max_size=12), MARKS), max_size=80).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.text(max_size=30), text=TEXT)
def test_any_text_is_analysed_without_error(title, text):
    result = analyze(title, text, sentences=5)
    assert isinstance(result, Analysis)
    assert len(result.summary) <= 5
    assert Analysis.from_json(json.loads(json.dumps(result.to_json()))) == result


def test_empty_and_garbage_inputs():
    assert analyze("", "") == Analysis()
    for text in ["\x00\x01\x02", "\ufffd" * 500, "\"" * 1000, "“ ” « »" * 200, "no punctuation " * 500]:
        assert isinstance(analyze("t", text), Analysis)


def test_a_megabyte_of_text_is_analysed_in_reasonable_time():
    paragraph = (
        "Norland pledged to reopen the border next week, Foreign Minister Anna Korvel said. "
        "\"We are ready,\" she told reporters in Oslo, \"and we will not wait for others.\"\n\n"
    )
    text = paragraph * (1_000_000 // len(paragraph))
    started = time.perf_counter()
    result = analyze("Border", text, sentences=5)
    elapsed = time.perf_counter() - started
    assert len(result.summary) == 2  # the same two sentences, repeated: near-duplicates are left out
    assert elapsed < 60, f"1 MB took {elapsed:.1f} s"


def _cpu_seconds(text: str) -> float:
    started = time.process_time()
    analyze("t", text)
    return time.process_time() - started


def assert_grows_linearly(unit: str, copies: int) -> None:
    """Twice the text takes about twice the time; a quadratic step would take four times. Measured in this
    process's CPU time, as a ratio of two runs, so that a loaded machine (other processes on the cores) moves both
    runs alike rather than failing a fixed limit."""
    analyze("t", unit * 10)  # what the first call loads is not counted
    single = _cpu_seconds(unit * copies)
    double = _cpu_seconds(unit * (2 * copies))
    assert double < 3 * single + 1.0, f"{copies} copies took {single:.1f} s, twice as many {double:.1f} s"


def test_one_long_unbroken_line_is_not_quadratic():
    assert_grows_linearly("word " * 40 + "quoted ", 3_000)
    text = "word " * 200_000 + "\"" + "quoted " * 50_000
    started = time.process_time()
    analyze("t", text)
    assert time.process_time() - started < 60  # a quote mark opened and never closed: read to the end once


def test_one_paragraph_of_many_quoted_sentences_stays_linear():
    # A quadratic step (each sentence looking at every quote of the paragraph) would take four times as long.
    assert_grows_linearly('Norland said it would act. "We are ready to talk now," he said. ', 4_000)


def test_one_sentence_with_thousands_of_quotes_stays_linear():
    assert_grows_linearly('he said "the quoted words are here now" and ', 3_000)


def test_one_sentence_of_capitalised_words_and_speech_verbs_stays_linear():
    # Every "Said" looks back for its subject; an unbounded look-back would grow with the square of the length.
    assert_grows_linearly("The Minister Kovač Said Will Agreed To Ostland Of ", 2_000)


def test_one_sentence_of_inserted_clauses_stays_linear():
    assert_grows_linearly("which agreed, who said, in turn, the leaders, will send, under the agreement, ", 1_500)
