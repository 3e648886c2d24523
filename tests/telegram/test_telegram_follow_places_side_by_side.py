"""`/follow Velmora Kestria` (two places the stories name, typed side by side) on Communiqué running on the
Telegram peer: the chat followed a person "Velmora Kestria" whom no story names, told that "1 recent story names
Velmora Kestria" (a headline's "Velmora & Kestria"), and a later `/follow Velmora` was answered "already follows".
Only names the actor table lists, or stories give as actors, were parted; Kestria, named in a headline and never
quoted or pledging, was not. A word the stories name beside such a place is a name of its own now. A name that no
story gives, followed as one person's name, says so and how to follow each word instead.
"""

from __future__ import annotations

from datetime import timedelta

from storage import tracking as tracking_store
from tests.factories import BASE_TIME, Item, rss
from tests.telegram.conftest import WorldRunner
from tests.telegram.world import ministry_items

READER = 3517


async def test_places_the_stories_name_side_by_side_get_the_command_for_each(world: WorldRunner) -> None:
    async with world() as w:
        for typed, first, second in (("Velmora Kestria", "Velmora", "Kestria"), ("Kestria Velmora", "Kestria",
                                     "Velmora"), ("Maren Halvik", "Maren", "Halvik")):
            [refused] = await w.command(READER, f"/follow {typed}")
            assert f"One name at a time: /follow {first}, then /follow {second}." in refused.plain_text, \
                refused.plain_text
        assert tracking_store.follows(w.db, "telegram", str(READER)) == [], "nothing followed by a refused command"

        [followed] = await w.command(READER, "/follow Velmora")
        assert "This chat now follows Velmora" in followed.plain_text, followed.plain_text
        for person in ("Ana Kovač", "Dragan Mirić"):  # a person the stories quote stays one name
            [followed] = await w.command(READER, f"/follow {person}")
            assert f"now follows {person}" in followed.plain_text, followed.plain_text


async def test_a_name_no_story_gives_is_followed_whole_and_says_how_to_follow_each_word(world: WorldRunner) -> None:
    async with world() as w:
        [followed] = await w.command(READER, "/follow Veltria Osmark")
        text = followed.plain_text
        assert "This chat now follows Veltria Osmark" in text, text
        assert "No story so far names Veltria Osmark" in text, text
        assert "Taken as one person's name: for two, /follow Veltria, then /follow Osmark." in text, text

        [followed] = await w.command(READER, "/follow Ana Kovač")  # a name stories give: no such line
        assert "Taken as one" not in followed.plain_text, followed.plain_text


async def test_a_chat_that_followed_two_places_as_one_name_can_unfollow_it(world: WorldRunner) -> None:
    async with world() as w:
        tracking_store.follow(w.db, "telegram", str(READER), "velmora kestria", "Velmora Kestria")
        [gone] = await w.command(READER, "/unfollow Velmora Kestria")
        assert "This chat no longer follows Velmora Kestria" in gone.plain_text, gone.plain_text


async def test_places_no_story_quotes_are_parted_and_a_name_a_headline_gives_whole_is_not(world: WorldRunner) -> None:
    """Aldmark and Tarnic are named in stories of their own and never quote or pledge: "Aldmark Tarnic" was a person
    whom "1 recent story names" (Tarnic, read as a surname). A name a headline writes whole is one name."""
    async with world() as w:
        later = Item(title="Lena Varo visits the Orlen crossing before the vote", link="https://ministry.example/v",
                     paragraphs=["The envoy walked the length of the crossing on Monday and met customs staff.",
                                 "Her report goes to the border commission next week."],
                     published=BASE_TIME + timedelta(hours=1))
        (w.feeds / "ministry.xml").write_bytes(rss([*ministry_items(), later], title="Ministry Wire"))
        w.db.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")
        await w.runtime.ingest_tick()

        [refused] = await w.command(READER, "/follow Aldmark Tarnic")
        assert "One name at a time: /follow Aldmark, then /follow Tarnic." in refused.plain_text, refused.plain_text
        [followed] = await w.command(READER, "/follow Lena Varo")
        assert "This chat now follows Lena Varo" in followed.plain_text, followed.plain_text
        assert [f.actor_name for f in tracking_store.follows(w.db, "telegram", str(READER))] == ["Lena Varo"]
