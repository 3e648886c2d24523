"""A link pasted where a topic goes, to Communiqué running on the Telegram peer: a reader who wants the bot to follow
a feed they read pastes its address after /subscribe, one who wants a story pastes its link after /latest. Both were
told "“https://…” is not a topic: use letters, digits and - ' . & / only", which reads as "remove the colon", not
as "sources are the operators' to add; a topic is a word". The reply says what a topic is and where the sources are.
"""

from __future__ import annotations

from tests.telegram.conftest import WorldRunner

READER = 3301


async def test_a_feed_address_after_subscribe_is_told_what_a_topic_and_a_source_are(world: WorldRunner) -> None:
    async with world() as w:
        [feed] = await w.command(READER, "/subscribe https://coastwatch.example/feed.xml")
        said = feed.plain_text
        assert "is a link, not a topic" in said and "/sources" in said, said
        assert "use letters, digits" not in said, said
        assert w.db["subscriptions"].count == 0, "nothing was subscribed"
        [story] = await w.command(READER, "/latest https://ministry.example/press/0")
        assert "is a link, not a topic" in story.plain_text, story.plain_text
        [bare] = await w.command(READER, "/latest www.ministry.example/press/0")
        assert "is a link, not a topic" in bare.plain_text, bare.plain_text
