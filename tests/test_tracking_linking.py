"""Linking later stories to earlier pledges: what links (kept, broken, delayed, superseded) and what never does.

Every story here is invented for these tests (Valdonia and Kestria do not exist); none comes from the
evaluation chains in benchmarks/linking.
"""

from dataclasses import replace
from datetime import date

import pytest

from bot.analysis.model import Analysis, Pledge, Quote
from bot.tracking import Outcome, Story, dedupe, link_story, pledge_key, same_pledge, track
from bot.tracking.linking import restated_in_the_same_words, restated_later

MADE = date(2026, 2, 3)


def tracked(actor: str, commitment: str, *, due: date | None = None, id: str = "p1", source: str = "pledge-story"):
    pledge = Pledge(actor=actor, commitment=commitment, evidence=f"{actor} pledged to {commitment}.", due=due)
    return track(pledge, id=id, published=MADE, source=source)


def story(text: str, *, on: date = date(2026, 3, 10), title: str = "A later story", source: str = "later-story",
          analysis: Analysis | None = None) -> Story:
    return Story(source=source, published=on, title=title, text=text, analysis=analysis)


def outcome_of(pledges, later: Story):
    links = link_story(pledges if isinstance(pledges, list) else [pledges], later)
    assert len(links) <= 1
    return links[0].outcome if links else None


# -- what links -------------------------------------------------------------------------------------------


def test_a_delivery_reported_under_the_capital_is_kept():
    pledge = tracked("Japan", "send 40 ambulances to Valdonia", due=date(2026, 6, 30))
    later = story("Forty ambulances donated by Tokyo arrived in Valdonia's capital on Monday, the ministry said.")
    links = link_story([pledge], later)
    assert [(f.pledge_id, f.outcome) for f in links] == [("p1", Outcome.KEPT)]
    assert "Japan" in links[0].reason and "arrived" in links[0].reason
    assert links[0].evidence.startswith("Forty ambulances")


def test_a_refusal_is_broken():
    pledge = tracked("Kestria", "hand the journalist Mira Osk to Valdonian prosecutors")
    later = story("Kestria refused on Friday to hand Mira Osk to Valdonian prosecutors, citing her poor health.")
    assert outcome_of(pledge, later) is Outcome.BROKEN


def test_a_crossing_promised_open_and_shut_again_is_broken_but_a_promised_closure_shut_again_is_not():
    reopen = tracked("Velmora", "reopen the Orlen crossing to lorries", due=date(2026, 5, 1))
    shut = story("Velmora shut the Orlen crossing to lorries again on Sunday, a week after reopening it.")
    assert outcome_of(reopen, shut) is Outcome.BROKEN
    # "Closed" without "again" is as often the closure the pledge was made to end: no report.
    assert outcome_of(reopen, story("Velmora closed the Orlen crossing to lorries in March after the floods.")) is None
    close = tracked("Velmora", "close the Orlen crossing to lorries", due=date(2026, 5, 1))
    assert outcome_of(close, shut) is not Outcome.BROKEN


def test_a_report_of_a_pledge_kept_taken_back_is_a_breach_of_a_kept_pledge_and_no_report_of_an_open_one():
    pledge = tracked("Velmora", "reopen the Orlen crossing to lorries", due=date(2026, 5, 1))
    later = story("Velmora withdrew its claim that it had reopened the Orlen crossing to lorries, saying only a "
                  "test convoy had driven through.")
    assert outcome_of(replace(pledge, kept=True), later) is Outcome.BROKEN
    assert outcome_of(pledge, later) is None, "a claim withdrawn is no report that it was done"


def test_a_missed_deadline_reported_as_fact_is_broken():
    pledge = tracked("Valdonia", "repay the 90 million euro bridge loan to Kestria", due=date(2026, 3, 1))
    later = story("Valdonia has still not repaid the 90 million euro bridge loan, Kestria's finance ministry said.")
    assert outcome_of(pledge, later) is Outcome.BROKEN


def test_a_postponement_is_delayed_with_its_new_date():
    pledge = tracked("Valdonia", "hold a referendum on the new flag", due=date(2026, 5, 1))
    later = story("Valdonia postponed the referendum on the new flag until September 15, the electoral board said.",
                  on=date(2026, 4, 10))
    links = link_story([pledge], later)
    assert [f.outcome for f in links] == [Outcome.DELAYED]
    assert links[0].new_due == date(2026, 9, 15)


def test_a_later_date_for_the_same_commitment_is_a_delay_even_without_the_word():
    pledge = tracked("Kestria", "open the Varn dam to river traffic", due=date(2026, 4, 1))
    later = story("Kestria now expects to open the Varn dam to river traffic on October 1, officials said.",
                  on=date(2026, 3, 20))
    links = link_story([pledge], later)
    assert [f.outcome for f in links] == [Outcome.DELAYED]
    assert links[0].new_due == date(2026, 10, 1)


def test_a_replacement_is_superseded_even_when_the_old_plan_is_also_dropped():
    pledge = tracked("Kestria", "cut fuel subsidies by half this year")
    later = story("Kestria abandoned its plan to cut fuel subsidies by half and will phase them out over three years "
                  "instead, the finance minister said.")
    assert outcome_of(pledge, later) is Outcome.SUPERSEDED


def test_the_kremlin_s_pledge_is_reported_on_under_russia_s_name():
    pledge = tracked("the Kremlin", "publish the full text of the grain accord with Valdonia")
    later = story("Russia published the full text of the grain accord with Valdonia on its government website.")
    assert outcome_of(pledge, later) is Outcome.KEPT


def test_a_person_is_found_by_surname_in_a_later_quote():
    pledge = tracked("Ines Lasko", "abolish the visa fee for foreign students")
    later = story('"We have abolished the visa fee for foreign students," Lasko told a news conference.')
    assert outcome_of(pledge, later) is Outcome.KEPT


def test_the_speaker_of_a_quote_is_its_actor():
    pledge = tracked("Ines Lasko", "abolish the visa fee for foreign students")
    text = '"The visa fee for foreign students was abolished this morning," she wrote.'
    analysis = Analysis(quotes=[Quote("Ines Lasko", "The visa fee for foreign students was abolished this morning")])
    assert outcome_of(pledge, story(text, analysis=analysis)) is Outcome.KEPT
    assert outcome_of(pledge, story(text)) is None  # without the speaker, "she" is no one


def test_withdrawing_troops_is_kept_but_withdrawing_from_an_accord_is_broken():
    troops = tracked("Russia", "withdraw its troops from the Narva border district", id="troops")
    accord = tracked("Russia", "extend the fishing accord with Norway", id="accord")
    kept = story("Russia withdrew its troops from the Narva border district on Sunday, Estonian officials said.")
    broken = story("Moscow withdrew on Monday from the fishing accord with Norway, a year before it was due to end.")
    assert [(f.pledge_id, f.outcome) for f in link_story([troops, accord], kept)] == [("troops", Outcome.KEPT)]
    assert [(f.pledge_id, f.outcome) for f in link_story([troops, accord], broken)] == [("accord", Outcome.BROKEN)]


def test_stopping_what_was_promised_stopped_is_kept_not_broken():
    pledge = tracked("Kestria", "halt construction of new settlements in the Orne valley")
    later = story("Kestria halted construction of new settlements in the Orne valley on Tuesday.")
    assert outcome_of(pledge, later) is Outcome.KEPT


# -- what never links -------------------------------------------------------------------------------------------


def test_a_restated_pledge_is_no_follow_up():
    pledge = tracked("Kestria", "cut fuel subsidies by half this year")
    later = story("Kestria reaffirmed its pledge to cut fuel subsidies by half this year, the finance minister said.")
    assert outcome_of(pledge, later) is None


def test_what_will_happen_is_no_report_of_what_happened():
    pledge = tracked("Japan", "send 40 ambulances to Valdonia")
    later = story("Japan said it would send the 40 ambulances to Valdonia next week.")
    assert outcome_of(pledge, later) is None


def test_another_actor_doing_the_same_is_no_follow_up():
    pledge = tracked("Japan", "send 40 ambulances to Valdonia")
    later = story("South Korea sent 40 ambulances to Valdonia on Thursday.")
    assert outcome_of(pledge, later) is None


def test_the_same_actor_doing_something_else_is_no_follow_up():
    pledge = tracked("Russia", "release the detained crew of the cargo plane")
    later = story("Russia released its annual grain export forecast on Wednesday.")
    assert outcome_of(pledge, later) is None


def test_a_demonym_on_the_people_acted_upon_does_not_make_them_the_actor():
    pledge = tracked("Valdonia", "free 20 Kestrian fishermen")
    later = story("Kestria freed 20 Valdonian fishermen on Saturday.")
    assert outcome_of(pledge, later) is None


def test_a_name_in_common_is_not_enough():
    # The other party's name is in both, and an outcome is reported, but not of this commitment.
    pledge = tracked("Kestria", "build a new ferry terminal for Valdonia")
    later = story("Kestria refused to discuss Valdonia on Monday.")
    assert outcome_of(pledge, later) is None


def test_an_earlier_story_or_the_pledge_s_own_story_never_links():
    pledge = tracked("Kestria", "halt construction of new settlements in the Orne valley")
    text = "Kestria halted construction of new settlements in the Orne valley on Tuesday."
    assert outcome_of(pledge, story(text, on=date(2026, 1, 5))) is None
    assert outcome_of(pledge, story(text, source="pledge-story")) is None


def test_only_the_pledge_reported_on_is_linked():
    pledges = [
        tracked("Japan", "send 40 ambulances to Valdonia", id="ambulances"),
        tracked("Japan", "fund a desalination plant in Kestria", id="plant"),
        tracked("Kestria", "send 40 engineers to Valdonia", id="engineers"),
    ]
    later = story("All 40 ambulances Tokyo promised have been delivered to Valdonia, the embassy said.")
    assert [(f.pledge_id, f.outcome) for f in link_story(pledges, later)] == [("ambulances", Outcome.KEPT)]


def test_a_pledge_is_followed_for_a_year_and_no_longer():
    pledge = tracked("Kestria", "lift its tariffs on Valdonian steel")
    text = "Kestria reneged on its pledge to lift tariffs on Valdonian steel."
    assert outcome_of(pledge, story(text, on=date(2026, 9, 1))) is Outcome.BROKEN
    # Two years on, the same words are most likely about a later quarrel, not this pledge.
    assert outcome_of(pledge, story(text, on=date(2028, 9, 1))) is None


def test_a_past_form_the_commitment_itself_uses_reports_nothing():
    pledge = tracked("Valdonia", "ship its stock of enriched uranium abroad")
    later = story("Valdonia's stock of enriched uranium has grown, inspectors said on Monday.")
    assert outcome_of(pledge, later) is None


def test_not_doing_what_was_promised_stopped_is_no_breach_but_not_stopping_is():
    pledge = tracked("Kestria", "halt new tariffs on Valdonian steel")
    quiet = story("Kestria did not impose new tariffs on Valdonian steel this spring, its trade ministry said.")
    assert outcome_of(pledge, quiet) is not Outcome.BROKEN
    still = story("Kestria has not halted new tariffs on Valdonian steel, its trade ministry said.")
    assert outcome_of(pledge, still) is Outcome.BROKEN


def test_an_actor_named_as_the_one_accused_is_not_reported_acting():
    pledge = tracked("Valdonia", "repay the bridge loan to Kestria")
    later = story("Kestria's lenders accused Valdonia of failing to repay the bridge loan.")
    assert outcome_of(pledge, later) is None


def test_a_date_told_of_something_done_is_no_new_deadline():
    pledge = tracked("Valdonia", "sign the fisheries treaty with Kestria", due=date(2026, 3, 1))
    ahead = story("The signing of the fisheries treaty by Valdonia and Kestria is now expected in July, the minister "
                  "said.", on=date(2026, 2, 20))
    assert outcome_of(pledge, ahead) is Outcome.DELAYED
    done = story("Talks on the fisheries treaty Valdonia was to sign with Kestria stalled in December, the minister "
                 "recalled.", on=date(2026, 2, 20))
    assert outcome_of(pledge, done) is None


# -- one pledge, many reports -------------------------------------------------------------------------------


def test_two_outlets_wording_one_pledge_differently_are_one_pledge():
    wire = track(Pledge("Japan", "send 40 ambulances to Valdonia", "...", "by June 30", date(2026, 6, 30)),
                 id="wire", published=MADE)
    paper = track(Pledge("Tokyo", "deliver forty ambulances to Valdonia", "...", "before the end of June",
                         date(2026, 6, 30)), id="paper", published=date(2026, 2, 4))
    assert same_pledge(wire, paper)
    groups = dedupe([paper, wire])
    assert [[p.id for p in g] for g in groups] == [["wire", "paper"]]


def test_a_restatement_that_describes_the_same_people_in_another_participle_is_one_pledge():
    first = track(Pledge("Valdonia", "release the forty Kestrian fishermen held in Port Aurel", "...",
                         "by November 6", date(2026, 11, 6)), id="first", published=MADE)
    again = track(Pledge("Valdonia", "free the 40 Kestrian fishermen detained in Port Aurel", "...", "by Friday",
                         date(2026, 11, 6)), id="again", published=date(2026, 2, 4))
    assert same_pledge(first, again) and same_pledge(again, first)
    assert [[p.id for p in g] for g in dedupe([again, first])] == [["first", "again"]]


@pytest.mark.parametrize(
    "commitment",
    [
        "release the forty Kestrian sailors held in Port Aurel",  # other people, described alike
        "release the forty Kestrian fishermen held in Port Dalen",  # held elsewhere
        "release the forty Kestrian fishermen convicted of spying",  # a participle with more words than a place
        "release the forty Kestrian fishermen sentenced in Port Aurel",  # held says nothing of a sentence
    ],
)
def test_a_participle_passed_over_leaves_what_was_promised_to_tell_pledges_apart(commitment):
    first = track(Pledge("Valdonia", "release the forty Kestrian fishermen detained in Port Aurel", "...",
                         due=date(2026, 11, 6)), id="a", published=MADE)
    other = track(Pledge("Valdonia", commitment, "...", due=date(2026, 11, 6)), id="b", published=MADE)
    assert not same_pledge(first, other)


@pytest.mark.parametrize(
    ("first", "other"),
    [
        ("pay the 300 dockers dismissed in March", "pay the 300 dockers hired in March"),
        ("fund the 20 school projects approved in Velm", "fund the 20 school projects rejected in Velm"),
        ("rebuild the 90 homes destroyed by the Orna flood", "rebuild the 90 homes damaged by the Orna flood"),
    ],
)
def test_participles_that_say_different_things_are_two_pledges(first, other):
    """Another participle folds only when both say the people are held: 'dismissed' and 'hired' are two groups
    of dockers, two pledges (folded into one, the second was never listed nor tracked)."""
    a = track(Pledge("Valdonia", first, "...", due=date(2026, 11, 6)), id="a", published=MADE)
    b = track(Pledge("Valdonia", other, "...", due=date(2026, 11, 6)), id="b", published=MADE)
    assert not same_pledge(a, b) and not same_pledge(b, a)
    assert len(dedupe([a, b])) == 2


@pytest.mark.parametrize(
    ("actor", "commitment", "due"),
    [
        ("Japan", "send 40 doctors to Valdonia", date(2026, 6, 30)),  # another thing
        ("Japan", "send 40 ambulances to Valdonia", date(2026, 12, 31)),  # another deadline
        ("South Korea", "send 40 ambulances to Valdonia", date(2026, 6, 30)),  # another actor
    ],
)
def test_pledges_that_differ_in_what_when_or_who_stay_apart(actor, commitment, due):
    first = track(Pledge("Japan", "send 40 ambulances to Valdonia", "...", due=date(2026, 6, 30)), id="a",
                  published=MADE)
    second = track(Pledge(actor, commitment, "...", due=due), id="b", published=MADE)
    assert not same_pledge(first, second)
    assert len(dedupe([first, second])) == 2


def test_the_key_is_shared_by_copies_and_by_names_of_one_actor():
    copy_a = Pledge("the EU", "lift visa rules for Valdonian students", "...", due=date(2026, 9, 1))
    copy_b = Pledge("European Union", "lift visa rules for Valdonian students", "...", due=date(2026, 9, 1))
    other = Pledge("European Union", "lift visa rules for Valdonian students", "...", due=date(2027, 9, 1))
    assert pledge_key(copy_a) == pledge_key(copy_b) != pledge_key(other)


# -- suppositions and other parties ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    # supposed or asked about
    "Analysts said the accord could still collapse if Kestria failed to reopen the Varn crossing to lorries.",
    "Officials warned that, if Kestria failed to reopen the Varn crossing to lorries by May, talks would end.",
    "Reporters asked whether Kestria had abandoned its promise to reopen the Varn crossing to lorries.",
    "Traders doubt Kestria will ever reopen the Varn crossing to lorries unless it is paid first.",
    # denied by the actor
    "Kestria denied reports that it had reopened the Varn crossing to lorries.",
    "Kestria's government denies that it has abandoned its promise to reopen the Varn crossing to lorries.",
    "Kestria dismissed claims that it had reopened the Varn crossing to lorries for its own traders only.",
    # talks about the act, not the act done
    "Kestria reopened talks on the Varn crossing to lorries on Wednesday.",
    "Kestria resumed negotiations over reopening the Varn crossing to lorries.",
    "Kestria opened discussions with Valdonia about the Varn crossing for lorries.",
])
def test_an_outcome_supposed_asked_about_denied_or_only_talked_about_links_nothing(text):
    pledge = tracked("Kestria", "reopen the Varn crossing to lorries")
    assert outcome_of(pledge, story(text)) is None


def test_an_outcome_beside_a_denial_of_something_else_still_links():
    pledge = tracked("Kestria", "reopen the Varn crossing to lorries")
    later = story("Kestria reopened the Varn crossing to lorries on Monday, denying that it had bowed to pressure.")
    assert outcome_of(pledge, later) is Outcome.KEPT


@pytest.mark.parametrize("text", [
    "Valdonia freed ten of the forty Kestrian fishermen held in Port Aurel on Friday.",
    "Valdonia released 12 of the 40 Kestrian fishermen held in Port Aurel on Friday.",
    "Valdonia partially released the forty Kestrian fishermen held in Port Aurel, letting the sick go home.",
    "Valdonia released some of the forty Kestrian fishermen held in Port Aurel on Friday.",
])
def test_a_part_done_is_not_the_pledge_kept(text):
    pledge = tracked("Valdonia", "release the forty Kestrian fishermen held in Port Aurel")
    assert outcome_of(pledge, story(text)) is None


def test_talks_promised_and_held_are_kept():
    pledge = tracked("Kestria", "reopen talks with Valdonia on the Varn crossing")
    later = story("Kestria reopened talks with Valdonia on the Varn crossing on Monday.")
    assert outcome_of(pledge, later) is Outcome.KEPT


def test_all_of_them_done_is_kept():
    pledge = tracked("Valdonia", "release the forty Kestrian fishermen held in Port Aurel")
    later = story("Valdonia released all 40 of the Kestrian fishermen held in Port Aurel on Friday.")
    assert outcome_of(pledge, later) is Outcome.KEPT


@pytest.mark.parametrize("text", [
    "Kestria has not yet reopened the Varn crossing to lorries, drivers said.",
    "Kestria is yet to reopen the Varn crossing to lorries, drivers said.",
])
def test_not_yet_done_is_a_breach_only_once_the_deadline_has_passed(text):
    pledge = tracked("Kestria", "reopen the Varn crossing to lorries", due=date(2026, 3, 20))
    assert outcome_of(pledge, story(text, on=date(2026, 3, 10))) is None, "still in time"
    assert outcome_of(pledge, story(text, on=date(2026, 3, 20))) is None, "the deadline day is still in time"
    assert outcome_of(pledge, story(text, on=date(2026, 3, 25))) is Outcome.BROKEN
    assert outcome_of(tracked("Kestria", "reopen the Varn crossing to lorries"), story(text)) is None, "no deadline"


def test_a_reported_breach_beside_a_condition_still_links():
    pledge = tracked("Kestria", "reopen the Varn crossing to lorries")
    later = story("Kestria refused to reopen the Varn crossing to lorries, and said it would talk again only if "
                  "the tolls were paid.")
    assert outcome_of(pledge, later) is Outcome.BROKEN


def test_the_same_act_with_another_party_is_not_the_pledge_kept():
    pledge = tracked("Valdonia", "sign a fisheries treaty with Kestria")
    later = story("Valdonia signed a fisheries treaty with Norvik on Tuesday, its first such pact in a decade.")
    assert outcome_of(pledge, later) is None


@pytest.mark.parametrize("text", [
    "Valdonia signed the fisheries treaty with Kestrian ministers on Tuesday.",
    "Valdonia signed the fisheries treaty with Kestria and Norvik on Tuesday.",
])
def test_the_same_party_under_another_form_of_its_name_still_links(text):
    pledge = tracked("Valdonia", "sign a fisheries treaty with Kestria")
    assert outcome_of(pledge, story(text)) is Outcome.KEPT


def test_a_party_under_its_capitals_name_still_links():
    pledge = tracked("Russia", "sign a grain deal with Turkey")
    assert outcome_of(pledge, story("Moscow signed the grain deal with Ankara on Friday.")) is Outcome.KEPT


@pytest.mark.parametrize(
    ("actor", "commitment", "due", "on", "source", "put_back"),
    [
        ("Kestria", "open the Varn dam to river traffic", date(2026, 9, 1), date(2026, 3, 1), "later", True),
        ("Kestria", "open the Varn dam to river traffic", date(2026, 4, 5), date(2026, 3, 1), "later", False),  # a week
        ("Kestria", "open the Varn dam to river traffic", date(2026, 3, 20), date(2026, 3, 1), "later", False),  # soon
        ("Kestria", "open the Varn dam to river traffic", None, date(2026, 3, 1), "later", False),  # no date
        ("Kestria", "open the Varn dam to river traffic", date(2026, 9, 1), MADE, "later", False),  # same day
        ("Kestria", "open the Varn dam to river traffic", date(2026, 9, 1), date(2026, 3, 1), "first", False),  # copy
        ("Kestria", "open the Varn dam to freight", date(2026, 9, 1), date(2026, 3, 1), "later", False),  # another act
        ("Valdonia", "open the Varn dam to river traffic", date(2026, 9, 1), date(2026, 3, 1), "later", False),
    ],
)
def test_a_pledge_restated_later_with_a_later_deadline_is_the_first_put_back(actor, commitment, due, on, source,
                                                                              put_back):
    first = track(Pledge("Kestria", "open the Varn dam to river traffic", "...", "by April 1", date(2026, 4, 1)),
                  id="a", published=MADE, source="first")
    later = track(Pledge(actor, commitment, "...", f"by {due:%B} {due.day}" if due else None, due), id="b",
                  published=on, source=source)
    assert restated_later(first, later) is put_back


def test_a_span_counted_from_a_later_story_s_day_is_no_new_date():
    """"Pledged last week to open the dam within a month", counted from the later story's day, falls ten days
    after the first report's "within a month": the same words, the same pledge, not a deadline put back. Only a
    restatement that names its date ("by September 1") puts the deadline back."""
    first = track(Pledge("Kestria", "open the Varn dam to river traffic", "...", "within a month", date(2026, 3, 3)),
                  id="a", published=MADE, source="first")
    recalled = track(Pledge("Kestria", "open the Varn dam to river traffic", "...", "within a month",
                            date(2026, 3, 13)), id="b", published=date(2026, 2, 13), source="later")
    assert not restated_later(first, recalled)
    assert restated_in_the_same_words(first, recalled)
    spans = track(Pledge("Kestria", "open the Varn dam to river traffic", "...", "within six weeks",
                         date(2026, 3, 27)), id="c", published=date(2026, 2, 13), source="later")
    assert not restated_later(first, spans) and not restated_in_the_same_words(first, spans)
    dated = track(Pledge("Kestria", "open the Varn dam to river traffic", "...", "by 1 September",
                         date(2026, 9, 1)), id="d", published=date(2026, 2, 13), source="later")
    assert restated_later(first, dated) and not restated_in_the_same_words(first, dated)


@pytest.mark.parametrize("text", [
    "Kestria has not reopened the Varn crossing to lorries, drivers said on Tuesday.",
    "Kestria hasn't reopened the Varn crossing to lorries, drivers said.",
    "Kestria has still not reopened the Varn crossing to lorries, drivers said.",
])
def test_has_not_done_before_the_deadline_is_not_yet_done_not_a_breach(text):
    """"Has not reopened" two days before the deadline says what "has not yet reopened" says: the pledge is still
    open. It was reported broken (a correction saying the crew "has not been freed" turned a kept pledge broken
    before its date). Past the deadline it is missed, and "did not" or "will not" stay breaches."""
    pledge = tracked("Kestria", "reopen the Varn crossing to lorries", due=date(2026, 3, 20))
    assert outcome_of(pledge, story(text, on=date(2026, 3, 18))) is None, "still in time"
    assert outcome_of(pledge, story(text, on=date(2026, 3, 25))) is Outcome.BROKEN
    refused = "Kestria said it will not reopen the Varn crossing to lorries, drivers said."
    assert outcome_of(pledge, story(refused, on=date(2026, 3, 18))) is Outcome.BROKEN
