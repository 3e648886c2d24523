"""Page furniture is told from story: each recogniser with lines it must catch and story lines it must leave alone.

Every line here is invented for the test.
"""

import pytest

from bot.analysis.debris import is_caption, is_counter, is_debris, is_furniture

STORY = [
    "Norland and Estavia agreed on Friday to reopen the Sella bridge within two weeks.",
    "The envoy speaks fluent Estavian and met the minister on March 3, 2027, officials said.",
    "The two leaders last met in Talberg on 4 May 2026, when talks collapsed.",
    "It covers 2.5 million tonnes of grain, worth about $1.2 billion.",
    "By the end of the year, both sides will have withdrawn their troops from the pass.",
    "The minister said the photo of the signing would be published later.",
    "Talks resumed at 10:30 on Monday, the ministry said.",
    "Following the talks, Norland agreed to lift the embargo.",
    "Shares in Estavian shipping firms rose after the announcement.",
    "Watchdog groups said the vote was free and fair.",
    "Photographers were kept away from the signing ceremony.",
    "By the way, officials said, nothing was agreed.",
    "BRENVIK (Reuters) - Estavia will table its own plan for the harbour.",
    "The accord (the first since 2019) was signed in Brenvik.",
    "Norland speaks for the whole region on fishing, the minister said.",
]


def test_a_lone_line_showing_someone_in_the_present_tense_is_a_caption():
    caption = "Foreign Minister Ana Holm speaks to reporters after the signing in Talberg."
    assert is_debris(caption, [caption])
    lead = "Estavia signs a deal on Monday to end the blockade of the Gulf of Tarn."
    assert not is_debris(lead, [lead])


@pytest.mark.parametrize("line", STORY)
def test_story_sentences_are_not_debris(line):
    assert not is_furniture(line)
    assert not is_debris(line, [line, "Another sentence of the same paragraph follows here."])


@pytest.mark.parametrize(
    "line",
    [
        "Foreign Minister Eva Lind speaks to reporters in Talberg, Norland, March 3, 2027. REUTERS/Jon Berg",
        "Protesters gather outside the Estavian embassy in Brenvik on 4 May 2027.",
        "Delegates pose for a photograph before the summit (AP Photo/Ana Reyes)",
        "FILE PHOTO: The Sella bridge seen from the east bank",
        "Photo: Ana Reyes",
        "The harbour at dawn. Getty Images",
        "President Tomas Brek (C) with the delegates after the signing",
        "Protesters outside the Estavian embassy in Brenvik (File)",
        "PHOTO: Ana Reyes for the Nordic Wire",
        "President Tomas Brek addresses parliament in Talberg. (Reuters)",
    ],
)
def test_captions_and_credits_are_debris(line):
    assert is_caption(line)
    assert is_debris(line, [line])


@pytest.mark.parametrize(
    "line",
    [
        "By Ana Reyes",
        "By Ana Reyes and Tom Sayer, Nordic Wire",
        "Ana Reyes | Reuters",
        "Tom Sayer and Ana Reyes, Nordic Press Agency",
        "Lars Vinter, diplomatic correspondent",
        "Updated: 14 March 2027 09:12 GMT",
        "Published 3 hours ago",
        "4 min read",
        "Continue reading the main story",
        "Key Highlights",
        "Image source, Nordic Wire",
        "Read more: How the dam became a flashpoint",
        "Tom Sayer contributed to this report.",
    ],
)
def test_bylines_stamps_and_prompts_are_debris(line):
    assert is_furniture(line)


def test_live_counters_are_debris_but_figures_in_a_sentence_are_not():
    assert is_counter("Cases 1,204,331 Recovered 1,100,002 Deaths 20,114")
    assert not is_counter("The fund will lend $4.5 billion over 10 years to 37 countries, the bank said.")


def test_headings_questions_and_shouting_are_debris():
    assert is_debris("Talks on the dam end in Vienna", ["Talks on the dam end in Vienna"])
    assert is_debris("What happens to the bridge now?", ["What happens to the bridge now?"])
    assert is_debris("BREAKING NEWS FROM THE SUMMIT TODAY.", ["BREAKING NEWS FROM THE SUMMIT TODAY."])
    assert is_debris("Tensions rise.", ["Tensions rise."])
