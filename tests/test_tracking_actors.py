"""Actor aliases: folding the names the analysis writes, finding actors in text, resolving what a user follows."""

from pathlib import Path

import pytest

from bot.tracking.actors import ActorKind, ActorTable, ActorTableError, default_table, stands_for, unknown_actor


@pytest.fixture(scope="module")
def table() -> ActorTable:
    return default_table()


def key(table: ActorTable, name: str) -> str | None:
    actor = table.fold(name)
    return actor.key if actor else None


# -- folding names as the analysis writes them ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["Lavrov", "Sergey Lavrov", "Sergei Lavrov", "Russian Foreign Minister Sergey Lavrov", "Sergéy LAVROV"],
)
def test_every_way_of_naming_the_foreign_minister_is_one_person(table, name):
    assert key(table, name) == "sergey lavrov"
    assert table.fold(name).of == "russia"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Moscow", "russia"),
        ("Washington", "united states"),
        ("the U.S.", "united states"),
        ("US", "united states"),
        ("America", "united states"),
        ("Beijing", "china"),
        ("EU", "european union"),
        ("the European Union", "european union"),
        ("Brussels", "european union"),
        ("NATO", "nato"),
        ("the UN", "united nations"),
        ("ASEAN", "asean"),
        ("Association of Southeast Asian Nations", "asean"),
    ],
)
def test_capitals_and_abbreviations_fold_into_their_actor(table, name, expected):
    assert key(table, name) == expected


def test_the_kremlin_is_kept_apart_from_russia_but_belongs_to_it(table):
    kremlin = table.fold("the Kremlin")
    assert kremlin.key == "kremlin" and kremlin.kind is ActorKind.INSTITUTION
    assert kremlin.of == "russia"
    assert table.related(kremlin, table.fold("Russia"))
    assert not table.related(kremlin, table.fold("China"))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Iran, according to U.S. officials", ["iran"]),
        ("Iran (according to U.S. officials)", ["iran"]),
        ("Syria (per a Russian diplomat)", ["syria"]),
        ("Foreign Minister Wang Yi", ["wang yi"]),
        ("Chinese officials", ["china"]),
        ("the Japanese government", ["japan"]),
        ("G7 finance ministers", ["g7"]),
        ("Tokyo and Seoul", ["japan", "south korea"]),
        ("Lavrov / Russia", ["sergey lavrov", "russia"]),
        ("Xi Jinping (China)", ["xi jinping", "china"]),
    ],
)
def test_doubt_titles_groups_and_lists_are_read(table, name, expected):
    assert [a.key for a in table.fold_all(name)] == expected


def test_names_the_table_does_not_list_are_actors_of_their_own(table):
    # An invented country and its minister: the table has never heard of them.
    country = table.fold("Velmora's government")
    assert (country.key, country.known) == ("velmora", False)
    minister = table.fold("Velmoran Trade Minister Ines Lasko")
    assert minister.key == "ines lasko" and minister.kind is ActorKind.PERSON
    assert "Lasko" in minister.aliases  # a surname alone finds her later


def test_an_unlisted_name_found_with_a_possessive_is_shown_without_it(table):
    # "Tarvessa's" names Tarvessa: the name a reader sees (and follows) has no "'s".
    for written in ("Tarvessa's", "Tarvessa’s"):
        actor = table.fold(written)
        assert (actor.name, actor.key) == ("Tarvessa", "tarvessa")


@pytest.mark.parametrize("name", ["they", "Both sides", "the two sides", "officials", "", None, "Ukrainian"])
def test_names_that_name_no_one_fold_to_nothing(table, name):
    assert table.fold(name) is None


# -- finding actors in running text ---------------------------------------------------------------------------


def test_finds_capitals_names_and_demonyms_in_text(table):
    text = "Moscow said Lavrov would travel to Beijing, while Chinese diplomats stayed silent."
    found = [(m.actor.key, m.adjective) for m in table.find(text)]
    assert found == [("russia", False), ("sergey lavrov", False), ("china", False), ("china", True)]


def test_common_words_are_not_taken_for_abbreviations(table):
    assert table.find("He told us who would pay, and the un-named aide agreed.") == []
    assert [m.actor.key for m in table.find("The US and the WHO disagreed.")] == [
        "united states",
        "world health organization",
    ]


def test_the_longest_name_wins(table):
    keys = [m.actor.key for m in table.find("South Korea and the UN Security Council met.")]
    assert keys == ["south korea", "un security council"]


def test_text_finds_unlisted_actors_it_is_given(table):
    lasko = table.fold("Ines Lasko")
    velmora = table.fold("Velmora")
    text = "Lasko said Velmoran troops had left, and Velmora's parliament agreed."
    found = [(m.actor.key, m.adjective) for m in table.find(text, [lasko, velmora])]
    assert found == [("ines lasko", False), ("velmora", True), ("velmora", False)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Marta Lasko, a Kestrian farmer, said the quotas would ruin her.", []),  # another Lasko
        ("Protesters cheered as Tomas Lavrov, a local teacher, spoke.", []),
        ("Minister Lasko and Foreign Minister Lavrov met.", ["ines lasko", "sergey lavrov"]),  # titles
        ("Velmora's Lasko said so, and Ines Lasko agreed.", ["ines lasko", "ines lasko"]),
        ("Sergei Lavrov and Serguei Lavrov are one spelling apart.", ["sergey lavrov", "sergey lavrov"]),
        ("On Friday Lasko left; Yesterday Lasko spoke.", ["ines lasko", "ines lasko"]),
        # A headline in title case: the word before is a verb, every word has its capital.
        ("Kestria Accuses Lavrov Of Lying Over Port Deal", ["sergey lavrov"]),
        ("Norland Hosts Lasko For Border Talks", ["ines lasko"]),
    ],
)
def test_a_surname_after_another_given_name_is_another_person(table, text, found):
    lasko = table.fold("Ines Lasko")
    assert [m.actor.key for m in table.find(text, [lasko])] == found


# -- what a user types to /follow ------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["the eu", "EU", "european union", "The European Union", "E.U."])
def test_follow_is_case_and_the_insensitive(table, typed):
    assert table.resolve(typed).actor.key == "european union"


def test_follow_ignores_accents(table):
    assert table.resolve("sergéy lavrov").actor.key == "sergey lavrov"
    assert table.resolve("Türkiye").actor.key == table.resolve("turkiye").actor.key == "turkey"


def test_following_russia_suggests_the_kremlin_beside_it_and_the_reverse(table):
    russia = table.resolve("Russia")
    assert russia.actor.key == "russia"
    assert "kremlin" in [a.key for a in russia.beside]
    kremlin = table.resolve("the kremlin")
    assert kremlin.actor.key == "kremlin"
    assert [a.key for a in kremlin.beside][0] == "russia"


def test_a_misspelt_name_gets_suggestions_not_a_guess(table):
    match = table.resolve("Lavrof")
    assert match.actor is None
    assert match.suggestions and match.suggestions[0].key == "sergey lavrov"


def test_names_seen_in_stories_can_be_followed_by_surname(table):
    seen = ["Ines Lasko", "Velmora", "Foreign Minister Tomas Brandt"]
    assert table.resolve("lasko", seen).actor.key == "ines lasko"
    assert table.resolve("Brandt", seen).actor.key == "tomas brandt"
    assert table.resolve("velmora", seen).actor.key == "velmora"


def test_a_surname_stories_also_give_alone_still_finds_the_one_person(table):
    """A story writing only "Vey said" stores "Vey" too: `/follow Mr Vey` is still Harlan Vey, and a surname two
    people share still asks which."""
    assert table.resolve("Mr Vey", ["Harlan Vey", "Vey"]).actor.key == "harlan vey"
    assert table.resolve("Brandt", ["Vey", "Tomas Brandt", "Brandt"]).actor.key == "tomas brandt"
    assert table.resolve("Brandt", ["Tomas Brandt", "Ilka Brandt", "Brandt"]).actor.key == "brandt"


def test_seen_names_are_suggested_for_a_near_miss(table):
    match = table.resolve("Lasco", ["Ines Lasko", "Velmora"])
    assert match.actor is None
    assert [a.key for a in match.suggestions][:1] == ["ines lasko"]
    assert match.as_typed is not None and match.as_typed.key == "lasco"


def test_a_surname_shared_by_two_people_asks_which(table):
    match = table.resolve("Brandt", ["Tomas Brandt", "Ilka Brandt"])
    assert match.actor is None
    assert {a.key for a in match.suggestions} == {"tomas brandt", "ilka brandt"}


@pytest.mark.parametrize("typed", ["the", "The", "and", "of"])
def test_a_function_word_alone_is_no_name_and_suggests_none(table, typed):
    match = table.resolve(typed, seen=["Velmora", "Ana Kovač"])
    assert match.actor is None and match.suggestions == (), [a.name for a in match.suggestions]


def test_a_prefix_of_a_name_s_own_word_still_suggests_it(table):
    assert "Sergey Lavrov" in [a.name for a in table.resolve("lavro").suggestions]


def test_an_empty_follow_names_nothing(table):
    match = table.resolve("   ")
    assert match.actor is None and match.suggestions == ()


# -- the table file ----------------------------------------------------------------------------------------


def test_an_operator_table_extends_what_is_known(tmp_path: Path):
    path = tmp_path / "actors.toml"
    path.write_text(
        '[[country]]\nname = "Velmora"\ncapital = "Ostrava Nova"\nadjectives = ["Velmoran"]\n\n'
        '[[person]]\nname = "Ines Lasko"\naliases = ["Lasko"]\nof = "Velmora"\n',
        encoding="utf-8",
    )
    table = ActorTable.load(path)
    assert table.fold("Ostrava Nova").key == "velmora"
    assert table.fold("Velmoran officials").key == "velmora"
    assert table.fold("Lasko").of == "velmora"
    assert [a.key for a in table.resolve("Velmora").beside] == ["ines lasko"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[[country]]\naliases = ["X"]\n', "has no name"),
        ('[[person]]\nname = "Ines Lasko"\nof = "Nowhere"\n', "names no actor"),
        ('[[country]]\nname = "Velmora"\n[[country]]\nname = "the Velmora"\n', "two actors have the key"),
        ('[[country]]\nname = "Velmora"\ncolour = "blue"\n', "unknown field"),
        ('[[planet]]\nname = "Mars"\n', "unknown section"),
        ("[[country]\nname = ", "cannot read"),
    ],
)
def test_a_malformed_table_says_what_is_wrong(tmp_path: Path, content, message):
    path = tmp_path / "actors.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ActorTableError, match=message):
        ActorTable.load(path)


def test_the_shipped_table_loads_and_every_key_is_unique():
    table = ActorTable.load()
    keys = [a.key for a in table.actors]
    assert len(keys) == len(set(keys)) > 100
    assert all(table.get(a.of) is not None for a in table.actors if a.of)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("the Kestrian Federation", True),
        ("Kestria", True),
        ("the Kestrian government", True),
        ("Kestrian officials", True),
        ("the Republic of Kestria", True),
        ("Kestrian Foreign Minister Ilse Varga", False),
        ("the Kestrian opposition", False),
        ("Aldmark", False),
        ("of Kestria", False),
    ],
)
def test_stands_for_takes_a_state_written_by_its_demonym_and_never_a_person(written: str, expected: bool) -> None:
    kestria = unknown_actor("Kestria")
    assert kestria is not None
    assert stands_for(written, kestria) is expected
