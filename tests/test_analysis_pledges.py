"""Pledges: each commitment form, reported pledges, and the things that are not pledges (invented copy)."""

from datetime import date

import pytest

from bot.analysis.pledges import extract_pledges
from bot.analysis.sentences import split_paragraphs

PUBLISHED = date(2024, 3, 6)  # a Wednesday


def pledges_of(text: str):
    return extract_pledges(split_paragraphs(text), PUBLISHED)


@pytest.mark.parametrize(
    "sentence, actor",
    [
        ("Norland pledged to reopen its border crossings to grain lorries.", "Norland"),
        ("The prime minister promised to release the detained journalists.", "The prime minister"),
        ("Estavia vowed to clear the mines from the harbour before the harvest.", "Estavia"),
        ("Both sides agreed to exchange prisoners at the border.", "Both sides"),
        ("Meridia committed to cutting its coal exports by half.", "Meridia"),
        ("The government undertook to compensate the families of the victims.", "The government"),
        ("Talvan guaranteed that aid convoys would pass unhindered.", "Talvan"),
        ("Osterra assured its neighbours that the troops would withdraw.", "Osterra"),
        ("President Idris Makonde announced he would free all political prisoners.", "Idris Makonde"),
        ("The deal will see Kalvia deploy monitors along the river.", "Kalvia"),
        ("The development bank is to review the loan conditions.", "The development bank"),
    ],
)
def test_each_commitment_form_is_a_pledge_with_its_actor(sentence, actor):
    found = pledges_of(sentence)
    assert len(found) == 1
    assert found[0].evidence == sentence
    assert found[0].actor == actor


def test_reported_pledge_keeps_the_actor_who_committed():
    text = "Foreign Minister Anna Korvel said the Durnian side had undertaken to help implement the accords."
    [pledge] = pledges_of(text)
    assert pledge.actor == "the Durnian side"
    assert pledge.commitment.startswith("help implement the accords")


@pytest.mark.parametrize(
    "sentence",
    [
        "Analysts said the talks would likely collapse before the summer.",  # prediction
        "Diplomats hoped the two countries would keep the momentum of the dialogue.",  # hope
        "The foreign ministers will meet in Oslo in July.",  # schedule
        "Mr. Varga is scheduled to visit Hanoi on Tuesday.",  # schedule
        "The ministry warned that tariffs will be raised if no deal is reached.",  # threat
        "If the talks fail, Norland will leave the agreement on June 1.",  # condition
        "The opposition urged the government to hold elections.",  # demand
        "It is unclear whether Estavia has pledged to buy more grain.",  # doubt
        "He expressed doubts the rebels were committed to peace.",  # doubt, value
        "We are all committed to peace.",  # a value, not an action
        "Much of the money pledged by donors has not arrived.",  # a past pledge mentioned
        "The North announced it had agreed to talks.",  # agreement to a noun
    ],
)
def test_non_pledges_are_not_pledges(sentence):
    assert pledges_of(sentence) == []


def test_article_without_commitment_yields_none():
    text = (
        "The envoy arrived in Geneva on Thursday for a third round of talks.\n\n"
        "\"We know the parameters of a settlement,\" she said, adding that the gaps remained wide.\n\n"
        "Officials expect the discussions to last several days."
    )
    assert pledges_of(text) == []


@pytest.mark.parametrize(
    "sentence, when, due",
    [
        ("Norland pledged to lift the embargo next week.", "next week", date(2024, 3, 17)),
        ("Estavia promised to pay the arrears by October 31.", "by October 31", date(2024, 10, 31)),
        ("Meridia agreed to withdraw its troops immediately.", "immediately", PUBLISHED),
        ("Talvan vowed to complete the pipeline within 90 days.", "within 90 days", date(2024, 6, 4)),
        ("Kalvia pledged to hold a referendum by the end of 2025.", "by the end of 2025", date(2025, 12, 31)),
        ("Durnia promised to return the vessels soon.", "soon", None),
        ("Osterra agreed to reopen the consulate.", None, None),
    ],
)
def test_deadline_as_written_and_resolved_against_publication(sentence, when, due):
    [pledge] = pledges_of(sentence)
    assert pledge.when == when
    assert pledge.due == due


def test_pronoun_actor_resolves_to_the_person_named_before():
    text = "President Lena Ostrova met the delegation.\n\nShe later promised to release the detained sailors."
    [pledge] = pledges_of(text)
    assert pledge.actor == "Lena Ostrova"


def test_speaker_announcing_its_own_action_is_a_pledge():
    [pledge] = pledges_of("Germany said it will send more air-defence systems by the end of the year.")
    assert (pledge.actor, pledge.when) == ("Germany", "by the end of the year")


def test_agreeing_on_an_opinion_is_not_a_pledge():
    assert pledges_of("The ministers agreed that more work was needed on the text.") == []


def test_nouns_that_look_like_commitment_verbs_are_not_pledges():
    assert pledges_of("Among the proposals is a demand that the bloc issue written guarantees that it will not expand.") == []
