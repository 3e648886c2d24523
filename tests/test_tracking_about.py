"""Which actors a story involves, and why: quoted, pledges, or subject of its title or summary."""

from bot.analysis.model import Analysis, Pledge, Quote
from bot.tracking import Reason, default_table, follow_marker, followed_in, story_actors


def reasons(involvements):
    return {i.actor.key: i.reasons for i in involvements}


def test_quoted_pledging_and_subject_actors_with_their_reasons():
    analysis = Analysis(
        summary=[
            "Moscow and Tokyo agreed on Tuesday to reopen talks on the fishing quota.",
            "Japan will send a delegation to the talks next month.",
        ],
        quotes=[Quote("Russian Foreign Minister Sergey Lavrov", "The door is open again.")],
        pledges=[Pledge("Japan", "send a delegation to the talks", "Japan will send a delegation ...")],
    )
    found = reasons(story_actors("Lavrov and Japanese envoy agree to resume quota talks", analysis))
    assert found["sergey lavrov"] == (Reason.QUOTED, Reason.SUBJECT)
    assert found["japan"] == (Reason.PLEDGES, Reason.SUBJECT)
    assert found["russia"] == (Reason.SUBJECT,)


def test_the_source_of_a_doubt_is_not_involved_by_it():
    analysis = Analysis(
        pledges=[Pledge("Iran (according to U.S. officials)", "admit inspectors to the site", "...")],
    )
    found = reasons(story_actors("Inspectors may return to the site", analysis))
    assert found == {"iran": (Reason.PLEDGES,)}


def test_the_kremlin_is_not_russia_in_a_story():
    analysis = Analysis(quotes=[Quote("the Kremlin", "We have nothing to add.")])
    found = reasons(story_actors("Kremlin declines to comment on the talks", analysis))
    assert set(found) == {"kremlin"}


def test_a_name_deep_in_the_text_does_not_make_a_subject():
    analysis = Analysis(summary=["The two ministers met in a lakeside hotel."])
    # Only the title and the summary are read; the caller does not pass the rest of the text.
    assert story_actors("Ministers meet at the lake", analysis) == []


def test_watched_actors_the_table_lacks_are_found_as_subjects():
    velmora = default_table().fold("Velmora")
    analysis = Analysis(summary=["Velmoran troops left the valley at dawn."])
    plain = story_actors("Troops leave the valley", analysis)
    watched = story_actors("Troops leave the valley", analysis, watch=[velmora])
    assert plain == []
    assert reasons(watched) == {"velmora": (Reason.SUBJECT,)}


def test_a_people_named_by_its_plural_demonym_makes_its_country_a_subject():
    velmora = default_table().fold("Velmora")
    assert reasons(story_actors("Russians vote in local elections", Analysis())) == {"russia": (Reason.SUBJECT,)}
    watched = story_actors("Turnout low as Velmorans vote", Analysis(), watch=[velmora])
    assert reasons(watched) == {"velmora": (Reason.SUBJECT,)}
    both = story_actors("Americans and Germans back the plan", Analysis())
    assert set(reasons(both)) == {"united states", "germany"}


def test_the_marker_names_the_followed_actors_and_why():
    analysis = Analysis(
        summary=["Beijing said the Kremlin had not been consulted."],
        quotes=[Quote("Sergei Lavrov", "We were not asked.")],
    )
    involved = story_actors("China and Russia at odds", analysis)
    matches = followed_in(involved, {"sergey lavrov", "china", "nato"})
    assert [m.actor.key for m in matches] == ["sergey lavrov", "china"]
    assert follow_marker(matches) == "follows: Sergey Lavrov (quoted), China (subject)"
    assert follow_marker([]) == ""


def test_a_surname_alone_is_the_one_person_seen_with_it_and_stays_its_own_actor_too():
    """'Ms Brun said' in a story after one that named Ada Brun is about her (a chat following Ada Brun gets it), and
    still about "Brun" for a chat that followed the surname; with two people of that surname it stays as written."""
    table = default_table()
    ada, ivo, brun = (table.fold_all(name)[0] for name in ("Ada Brun", "Ivo Brun", "Brun"))
    analysis = Analysis(
        summary=["Foreign Minister Brun met the Orsanian envoy on Sunday to discuss fishing quotas."],
        quotes=[Quote("Brun", "We want a fair share for our fleets.")],
    )
    found = reasons(story_actors("Brun meets Orsanian envoy", analysis, watch=[ada, brun]))
    assert found["ada brun"] == (Reason.QUOTED, Reason.SUBJECT)
    assert found["brun"] == (Reason.QUOTED, Reason.SUBJECT)
    shared = reasons(story_actors("Brun meets Orsanian envoy", analysis, watch=[ada, ivo, brun]))
    assert "ada brun" not in shared and "ivo brun" not in shared and shared["brun"] == (Reason.QUOTED, Reason.SUBJECT)
