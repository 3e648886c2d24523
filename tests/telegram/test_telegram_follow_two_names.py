"""Two names joined by "and" (or "&") in one /follow, as people say them: "/follow Velmora and Kestria". The bot
followed the first alone and said only "This chat now follows Velmora"; the reader believed it followed both.
A name that holds an "and" itself (Bosnia and Herzegovina) is still one name.

Communiqué runs in-process (Runtime and the real python-telegram-bot Application) on the Telegram peer, over the
invented stories of tests/telegram/world.py, in which Velmora, Kestria and their negotiators are named.
"""

from __future__ import annotations

from tests.telegram.conftest import WorldRunner

USER = 531


async def test_two_names_joined_by_and_are_told_one_at_a_time_and_nothing_is_followed(world: WorldRunner) -> None:
    async with world() as w:
        [both] = await w.command(USER, "/follow Velmora and Kestria")
        assert "One name at a time: /follow Velmora, then /follow Kestria." in both.plain_text, both.plain_text
        [ampersand] = await w.command(USER, "/follow Ana Kovač & Henrik Vass")
        assert "/follow Ana Kovač, then /follow Henrik Vass" in ampersand.plain_text, ampersand.plain_text
        [known] = await w.command(USER, "/follow Russia and China")
        assert "/follow Russia, then /follow China" in known.plain_text, known.plain_text
        [none] = await w.command(USER, "/following")
        assert "follows no one" in none.plain_text, none.plain_text

        await w.command(USER, "/follow Velmora")
        await w.command(USER, "/follow Ana Kovač")
        [stop] = await w.command(USER, "/unfollow Velmora and Ana Kovač")
        assert "/unfollow Velmora, then /unfollow Ana Kovač" in stop.plain_text, stop.plain_text
        [still] = await w.command(USER, "/following")
        assert "Velmora" in still.plain_text and "Ana Kovač" in still.plain_text, still.plain_text


async def test_a_country_whose_name_holds_and_is_one_name(world: WorldRunner) -> None:
    async with world() as w:
        [bosnia] = await w.command(USER, "/follow Bosnia and Herzegovina")
        assert "now follows Bosnia and Herzegovina:" in bosnia.plain_text, bosnia.plain_text
        [trinidad] = await w.command(USER, "/follow Trinidad & Tobago")
        assert "now follows Trinidad and Tobago:" in trinidad.plain_text, trinidad.plain_text


async def test_a_name_a_headline_gives_is_followed_not_offered_a_near_name(world: WorldRunner) -> None:
    """"Velmora & Kestria agree the Orlen crossing opens in < 10 days" is a headline of the world's; "Kestrian
    negotiators said" in its text made "Kestrian" a name stories give. /follow Kestria was answered "No story so far
    names “Kestria”. Did you mean: Kestrian?", under the very headline that named it."""
    async with world() as w:
        [kestria] = await w.command(USER, "/follow Kestria")
        assert "now follows Kestria:" in kestria.plain_text, kestria.plain_text
        assert "1 recent story names Kestria" in kestria.plain_text, kestria.plain_text
        [typo] = await w.command(USER, "/follow Kestriaa")
        assert "No story so far names “Kestriaa”" in typo.plain_text, "a name no story gives is still questioned"
