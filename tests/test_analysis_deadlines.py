"""Deadlines found in a sentence and resolved to dates from the publication date."""

from datetime import date

import pytest

from bot.analysis.deadlines import find_deadline, resolve_due

PUBLISHED = date(2019, 11, 20)  # a Wednesday, after October


@pytest.mark.parametrize(
    "when, due",
    [
        ("by Oct. 31", date(2020, 10, 31)),  # already past this year: next year's
        ("on 1 January", date(2020, 1, 1)),
        ("in April", date(2020, 4, 30)),
        ("next month", date(2019, 12, 31)),
        ("this week", date(2019, 11, 24)),
        ("in two weeks", date(2019, 12, 4)),
        ("by Friday", date(2019, 11, 22)),
        ("until the end of 2020", date(2020, 12, 31)),
        ("at the appropriate time", None),
    ],
)
def test_resolution(when, due):
    assert resolve_due(when, PUBLISHED) == due


def test_no_publication_date_means_no_due_date():
    assert resolve_due("next week", None) is None


def test_deadline_after_the_commitment_is_preferred():
    sentence = "On Monday, the ministers agreed to sign the accord by March 3."
    assert find_deadline(sentence, after=sentence.index("agreed")) == "by March 3"


def test_sentence_end_is_not_part_of_the_deadline():
    assert find_deadline("They will sign it in February.") == "in February"


def test_parts_of_the_year_and_seasons_resolve_to_their_last_day():
    from datetime import date as day

    from bot.analysis.deadlines import resolve_due

    published = day(2025, 3, 4)
    assert resolve_due("by early 2026", published) == day(2026, 3, 31)
    assert resolve_due("by mid-2026", published) == day(2026, 6, 30)
    assert resolve_due("by the summer", published) == day(2025, 9, 22)
    assert resolve_due("before Christmas", published) == day(2025, 12, 25)
    assert resolve_due("by the summer of 2024", published) is None  # already past: no due date


def test_other_languages_deadlines_resolve_through_dateparser():
    from datetime import date as day

    from bot.analysis.deadlines import resolve_due

    assert resolve_due("le 30 juin", day(2025, 3, 4)) == day(2025, 6, 30)


@pytest.mark.parametrize(
    "when, due",
    [
        ("in November", date(2019, 11, 30)),  # the month of publication is this month, not next year's
        ("by the 25th", date(2019, 11, 25)),
        ("by the 5th", date(2019, 12, 5)),  # already past this month: next month's
        ("by the twenty-first", date(2019, 11, 21)),
        ("within forty-eight hours", date(2019, 11, 22)),
        ("in the second half of next year", date(2020, 12, 31)),
        ("through 2021", date(2021, 12, 31)),
        ("in the new year", None),  # some time early next year: too vague for a date
    ],
)
def test_resolution_of_more_forms(when, due):
    assert resolve_due(when, PUBLISHED) == due


def test_an_ordinal_that_counts_is_no_day():
    assert find_deadline("They will take part in the fifteenth round of the talks.") is None
    assert find_deadline("They will sign it before the 20th anniversary of the treaty.") is None


def test_in_the_second_half_of_the_year_is_a_deadline():
    assert find_deadline("They will hold the vote in the second half of the year.") == "in the second half of the year"


@pytest.mark.parametrize(
    "when, published, due",
    [
        ("before July", date(2027, 2, 10), date(2027, 6, 30)),  # before a month: the end of the month before it
        ("before December", date(2027, 11, 2), date(2027, 11, 30)),
        ("before January", date(2027, 12, 10), date(2027, 12, 31)),  # next January: the end of this December
        ("before July 2028", date(2027, 2, 10), date(2028, 6, 30)),
        ("before July", date(2027, 7, 10), None),  # this July's eve is already past
        ("by July", date(2027, 2, 10), date(2027, 7, 31)),  # "by" still runs to the month's end
        ("before July 15", date(2027, 2, 10), date(2027, 7, 15)),  # a day keeps its own reading
        ("by year-end", date(2027, 4, 6), date(2027, 12, 31)),  # no article: still the year's end
        ("before year-end", date(2027, 4, 6), date(2027, 12, 31)),
        ("no later than November", date(2027, 6, 5), date(2027, 11, 30)),
        ("no later than March 2029", date(2027, 6, 5), date(2029, 3, 31)),
    ],
)
def test_months_and_year_end_as_reporters_word_them(when, published, due):
    assert resolve_due(when, published) == due
