"""`/follow Velmora Kestria` (two places the stories name, typed side by side) on Communiqué running on the
Telegram peer: the chat followed a person "Velmora Kestria" whom no story names, told that "1 recent story names
Velmora Kestria" (a headline's "Velmora & Kestria"), and a later `/follow Velmora` was answered "already follows".
Only names the actor table lists, or stories give as actors, were parted; Kestria, named in a headline and never
quoted or pledging, was not. A word the stories name beside such a place is a name of its own now. A name that no
story gives, followed as one person's name, says so and how to follow each word instead.
"""

from __future__ import annotations

from storage import tracking as tracking_store
from tests.telegram.conftest import WorldRunner

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
