"""A country's flag typed where its name goes, on Communiqué running on the Telegram peer: readers of diplomatic news
write countries as flags (`/subscribe 🇺🇦`, `/follow 🇰🇷`, `/pledges 🇪🇺`), a phone's emoji keyboard offers them, and
each was refused: "“🇺🇦” is not a topic: use letters, digits and - ' . & / only", "A name is letters, digits, spaces
and . ' - & only (not 🇰🇷)". A flag now stands for its country's name (the time zone database's list of countries,
which Communiqué reads already), or the EU's and the UN's; two letters that make no flag are refused as before.
"""

from __future__ import annotations

from tests.telegram.conftest import WorldRunner

READER = 3292


async def test_a_country_flag_is_read_as_the_country_name(world: WorldRunner) -> None:
    async with world() as w:
        [subscribed] = await w.command(READER, "/subscribe 🇺🇦 borders")
        said = subscribed.plain_text
        assert "now subscribed" in said and "on ukraine, borders" in said, said
        [latest] = await w.command(READER, "/latest 2 🇺🇦")
        assert "not a topic" not in latest.plain_text and "ukraine" in latest.plain_text, latest.plain_text
        [follow] = await w.command(READER, "/follow 🇰🇷")
        assert "This chat now follows South Korea" in follow.plain_text, follow.plain_text
        [follow] = await w.command(READER, "/follow 🇺🇸")
        assert "This chat now follows United States" in follow.plain_text, follow.plain_text
        [pledges] = await w.command(READER, "/pledges 🇪🇺")
        assert "A name is letters" not in pledges.plain_text, pledges.plain_text
        assert "European Union" in pledges.plain_text, pledges.plain_text
        [latest] = await w.command(READER, "/latest 🇺🇦🇰🇷")  # two flags typed with no space between them
        assert "on ukraine, south korea" in latest.plain_text, latest.plain_text
        # Two regional letters that are no country's flag are no name: refused, as any mark is.
        [refused] = await w.command(READER, "/latest 🇽🇽")
        assert "is not a topic" in refused.plain_text, refused.plain_text
