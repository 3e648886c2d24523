"""`/subscribe Ministry Wire`, on Communiqué running on the Telegram peer: a reader who saw the source in /sources
asked for its digests by its name. The chat was subscribed to the keywords "ministry" and "wire", which no story
held ("Nothing is waiting"), and the source's own stories never came. /subscribe takes topics, not sources: the
reader is now told so, with the source's topics to subscribe to and /latest for its stories, and nothing changes.
"""

from __future__ import annotations

from storage import subscriptions as sub_store
from tests.telegram.conftest import WorldRunner

READER = 3295


async def test_a_source_named_to_subscribe_is_answered_with_its_topics(world: WorldRunner) -> None:
    async with world() as w:
        [refused] = await w.command(READER, "/subscribe ministry wire")
        said = refused.plain_text
        assert "“Ministry Wire” is a source, not a topic" in said, said
        assert "/subscribe borders un" in said and "/latest Ministry Wire" in said, said
        assert sub_store.get(w.db, "telegram", str(READER)) is None, "nothing subscribed by a refused command"

        [refused] = await w.command(READER, "/subscribe Harbour Post since 7d")
        assert "/subscribe trade" in refused.plain_text, refused.plain_text
        [tag] = await w.command(READER, "/subscribe trade")
        assert "now subscribed" in tag.plain_text and "on trade" in tag.plain_text, "a tag is still a tag"


async def test_a_source_named_as_a_country_is_still_the_country_to_subscribe_to(world: WorldRunner) -> None:
    """A source named for a country (a feed about it) leaves `/subscribe <the country>` as it was: the stories about
    the country, however they write it. (Their feed files are never written: only the names matter here.)"""
    extra = ('[[sources]]\nname = "Velmora"\nurl = "velmora.xml"\ntags = ["borders"]\n'
             '[[sources]]\nname = "United Nations"\nurl = "un.xml"\n')
    async with world(extra_config=extra) as w:
        [subscribed] = await w.command(READER, "/subscribe united nations")
        assert "now subscribed" in subscribed.plain_text, subscribed.plain_text
        [refused] = await w.command(READER, "/subscribe velmora")
        assert "“Velmora” is a source, not a topic" in refused.plain_text, "no country the alias table knows"
