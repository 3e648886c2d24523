"""The summary: at most the asked number of sentences, the lead and the commitment in, debris out."""

from bot.analysis import analyze

ARTICLE = """Talks on the Durnia River dam ended in Vienna with a partial deal

By Ana Reyes, diplomatic correspondent

Estavia and Kalvia agreed on Friday to share the waters of the Durnia River after three days of talks in Vienna.

The agreement ends a dispute that has lasted a decade and had brought the two countries close to conflict.

Read more: How the dam became a flashpoint

Estavia pledged to release at least half of the river's flow during the dry season, starting next month.

"This is a good day for both our peoples," Estavian Foreign Minister Lars Vinter told reporters.

Farmers downstream said the weather had been dry for months and the harvest was poor again this year.

But Kalvia's opposition rejected the deal, saying it gave away too much and would be challenged in parliament.

The weather in Vienna was mild, and the delegations dined together on Thursday evening at a hotel.

What happens next?

Engineers from both sides will meet in the spring to inspect the dam.
"""


def test_summary_has_the_lead_the_commitment_and_the_counter_position_but_no_debris():
    summary = analyze("Dam deal", ARTICLE, sentences=5).summary
    assert 3 <= len(summary) <= 5
    assert summary[0].startswith("Estavia and Kalvia agreed on Friday")
    assert any(s.startswith("Estavia pledged to release") for s in summary)
    assert any(s.startswith("But Kalvia's opposition rejected") for s in summary)
    assert not any(s.startswith(("By Ana Reyes", "Read more", "What happens next", "Talks on the Durnia")) for s in summary)


def test_no_near_duplicate_sentences():
    text = (
        "Norland agreed to lift the grain embargo on Monday after talks in Oslo.\n\n"
        "Norland agreed on Monday to lift the grain embargo after the talks in Oslo.\n\n"
        "The decision was welcomed by farmers across the region, who had lost their markets.\n\n"
        "Critics said the deal came too late for many exporters."
    )
    summary = analyze("Embargo lifted", text, sentences=3).summary
    assert sum(s.startswith("Norland agreed") for s in summary) == 1


def test_summary_length_follows_the_request():
    assert len(analyze("t", ARTICLE, sentences=3).summary) == 3
    assert analyze("t", ARTICLE, sentences=0).summary == []


def test_a_headline_repeated_in_the_text_is_not_summary():
    text = "Norland lifts grain embargo\n\nNorland lifted its grain embargo on Monday after talks in Oslo with Estavia.\n\n" \
        "Farmers welcomed the decision, which ends a year of losses for exporters in the region."
    summary = analyze("Norland lifts grain embargo", text, sentences=3).summary
    assert summary[0].startswith("Norland lifted")


BRIDGE = """Norland and Estavia agreed on Tuesday to reopen the Sella bridge to lorries within two weeks.

The bridge has been closed since a collision damaged one of its piers in the spring.

The two governments will share the cost of the repairs, officials said.

Engineers inspected the piers last week and found them sound.

“This bridge carries our bread and our medicines, and today it starts carrying them again,” said Norland's transport minister, Eva Lind.

Estavia insisted the reopening did not settle the dispute over tolls.

Traffic is expected to build slowly.
"""


def test_the_other_side_insisting_is_the_counter_position_and_outranks_colour_quotes():
    summary = analyze("Bridge to reopen", BRIDGE, sentences=4).summary
    assert summary[0].startswith("Norland and Estavia agreed")
    assert any(s.startswith("Estavia insisted") for s in summary)
    assert not any(s.startswith("“This bridge carries") for s in summary)


# Sentences that share no words, so that only their place and what they carry set them apart.
CUSTOMS = """Ostland and Tavria signed a customs accord on Monday that removes duties on farm goods.

{second}

Grain traders in Bremsk expect cheaper flour for bakers next spring.

Shipping firms are adding barges along the Vell river this summer.
"""
SCENE = "Both delegations met for nine hours inside a lakeside palace near Kerst."
DOUBT = "Whether lawmakers approve it before winter remains unclear to many observers."


def test_scene_setting_gives_way_to_the_facts_of_the_story():
    summary = analyze("Customs accord", CUSTOMS.format(second=SCENE), sentences=2).summary
    assert summary[0].startswith("Ostland and Tavria signed")
    assert SCENE not in summary


def test_speculation_gives_way_to_the_facts_of_the_story():
    summary = analyze("Customs accord", CUSTOMS.format(second=DOUBT), sentences=2).summary
    assert summary[0].startswith("Ostland and Tavria signed")
    assert DOUBT not in summary
