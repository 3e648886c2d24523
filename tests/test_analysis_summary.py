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


# A wire story that puts the other side's answer far down, after the deal's terms and some background.
RAIL = """Ostland and Tavria agreed on Tuesday to reopen the Kessel rail link within two months, ending a year-long closure that has cut freight between the two capitals.

Under the agreement, Ostland pledged to repair the Varn bridge by the end of March.

Tavria promised to lift its transit fees on grain wagons once the first trains run.

The two governments will also set up a joint customs post at Kessel station, officials said.

{aside}Freight companies lost an estimated $40 million while the line was closed, according to the Ostland chamber of commerce.

Railway unions in both countries welcomed the news and called for more trains on the route.

The line carried more than two million tonnes of grain a year before the closure.

Passenger services are to resume once the bridge repairs are finished, the Ostland transport ministry said.

The Kessel station was built in 1911 and restored after the war.

Tavria's opposition Liberty Party rejected the deal, saying the government had given away control of the border crossing.

Engineers began surveying the bridge on Wednesday.
"""
ANSWER = "Tavria's opposition Liberty Party rejected the deal"


def test_a_long_summary_gives_the_other_sides_answer_even_far_down_the_story():
    five = analyze("Rail link to reopen", RAIL.format(aside=""), sentences=5).summary
    assert any(s.startswith(ANSWER) for s in five)
    three = analyze("Rail link to reopen", RAIL.format(aside=""), sentences=3).summary
    assert [s[:20] for s in three] == ["Ostland and Tavria a", "Under the agreement,", "Tavria promised to l"]
    assert set(three) <= set(five)  # a shorter summary is the start of a longer one


def test_history_is_not_the_other_sides_answer():
    aside = "In 2019, Tavria accused Ostland of diverting freight to its own ports.\n\n"
    summary = analyze("Rail link to reopen", RAIL.format(aside=aside), sentences=5).summary
    assert any(s.startswith(ANSWER) for s in summary)
    assert not any(s.startswith("In 2019") for s in summary)


def test_silence_is_not_an_answer():
    silence = "The Tavrian embassy in Ostland declined to comment on the agreement."
    lead, rest = RAIL.format(aside="").split("\n\n", 1)
    summary = analyze("Rail link to reopen", f"{lead}\n\n{silence}\n\n{rest}", sentences=5).summary
    assert any(s.startswith(ANSWER) for s in summary)
    assert silence not in summary


FORECAST = "Analysts say the new rules could lift incomes in border villages by a fifth."


def test_forecasts_of_onlookers_give_way_to_the_facts_of_the_story():
    summary = analyze("Customs accord", CUSTOMS.format(second=FORECAST), sentences=2).summary
    assert summary[0].startswith("Ostland and Tavria signed")
    assert FORECAST not in summary


FERRY = """Norland and Estavia agreed on Friday to restart the night ferry between Brask and Tollin from June.

Norland undertook to pay for a new pier at Brask before the first crossing.

The crossing takes nine hours and carried 300,000 passengers a year before it stopped.

Norland's transport minister, Eva Lind, said it was "a good day for everyone who waits at a border".

Tickets will go on sale in May.
"""


def test_a_quote_of_colour_earns_no_place_of_its_own_in_a_short_summary():
    """The digest shows a key quote beside the summary; a summary sentence that is only colour says it twice."""
    summary = analyze("Night ferry to restart", FERRY, sentences=3).summary
    assert any(s.startswith("The crossing takes nine hours") for s in summary)
    assert not any(s.startswith("Norland's transport minister") for s in summary)


def test_a_piece_of_a_quote_whose_start_is_elsewhere_is_never_chosen():
    from bot.analysis.summary import quote_fragments

    paragraph = [
        '"We have waited long enough.',
        'The bridge opens on Monday," Eva Lind said after the vote in Talberg.',
        "Estavia did not reply.",
    ]
    assert quote_fragments(paragraph) == [False, True, False]
    assert quote_fragments(["“We are ready,” she said.", "“Peace is possible.”", "He left."]) == [False, False, False]
    assert quote_fragments(['The minister said: "It is done."', "Officials agreed."]) == [False, False]
    text = "Norland reopened the Sella bridge on Monday after a year of repairs.\n\n" + " ".join(paragraph) + (
        "\n\nTraffic is expected to build slowly over the coming weeks, officials in Talberg said."
    )
    summary = analyze("Bridge reopens", text, sentences=4).summary
    assert paragraph[1] not in summary


def test_a_pronoun_reads_only_after_the_one_it_stands_for():
    from bot.analysis.summary import reference_kind

    assert reference_kind("He said the talks would resume.") == "person"
    assert reference_kind("Speaking in Talberg, she called the vote historic.") == "person"
    assert reference_kind("The body voted to extend the mission.") == "other"
    assert reference_kind("They rejected the offer.") == "other"
    assert reference_kind("It is unclear whether the vote will be held.") is None
    assert reference_kind("Norland rejected the offer.") is None
    assert reference_kind("Helsinki hosted the talks.") is None
    text = (
        "Norland and Estavia agreed on Friday to reopen the Sella bridge within two weeks.\n\n"
        "The Kessel rail link, closed since the spring, will stay shut until the bridge is repaired.\n\n"
        "Farmers in the valley have lost their markets across the river this year.\n\n"
        "Estavia's foreign minister, Tom Sayer, spoke to reporters in the border town of Kessel on Saturday.\n\n"
        "He pledged that the first lorries would cross by Monday, with customs checks at both ends."
    )
    # The pledge is the best sentence after the lead, but its "he" is Tom Sayer: never without him.
    for count in (2, 3, 4):
        summary = analyze("Bridge deal", text, sentences=count).summary
        pledge = [i for i, s in enumerate(summary) if s.startswith("He pledged")]
        assert not pledge or any("Tom Sayer" in s for s in summary[: pledge[0]])
    assert not analyze("Bridge deal", text, sentences=2).summary[-1].startswith("He pledged")


def test_a_word_that_opens_on_a_particle_is_not_part_of_a_name():
    """'de', 'von' and 'bin' join a name only as words of their own ('Ana de Brun'): 'Minister Tessaly defended'
    is Tessaly, not 'Tessaly de', whom a later 'she' would never find again."""
    from bot.analysis.summary import people_named

    assert people_named("Defence Minister Ana Tessaly defended the plan on Monday.") == ["tessaly"]
    assert people_named("Envoy Marta Ilves bindingly promised aid.") == ["ilves"]
    assert people_named("Judge Ana de Brun ruled on Monday.") == ["brun"]
    assert people_named("Envoy Karl von Aster arrived.") == ["aster"]
