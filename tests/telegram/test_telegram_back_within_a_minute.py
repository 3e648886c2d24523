"""A reader who unsubscribes and subscribes again a moment later, on Communiqué running on the Telegram peer: the
subscription comes back as it was, its backlog where it began, with what arrived meanwhile.

A chat subscribed `since none` (only what arrives from now on), then /unsubscribe and /subscribe within a minute,
was owed the six older stories it had declined ("6 stories are waiting"), its backlog started anew at the last 24
hours and a digest's worth; "/subscribe brings them back as they were", said by /unsubscribe, read otherwise.
"""

from __future__ import annotations

from tests.factories import rss
from tests.telegram.conftest import WorldRunner
from tests.telegram.world import late_title, ministry_items

READER = 4101


async def test_a_chat_back_a_moment_later_keeps_its_backlog_and_gets_what_came_meanwhile(world: WorldRunner) -> None:
    async with world() as w:
        [first] = await w.command(READER, "/subscribe since none")
        assert "Nothing is waiting" in first.plain_text, first.plain_text
        await w.command(READER, "/unsubscribe")
        [back] = await w.command(READER, "/subscribe")
        assert "Nothing is waiting" in back.plain_text, f"the declined stories stay declined: {back.plain_text}"
        assert "last 24 hours" not in back.plain_text, f"the backlog said is the one it has: {back.plain_text}"

        await w.command(READER, "/unsubscribe")
        (w.feeds / "ministry.xml").write_bytes(rss(ministry_items(5), title="Ministry Wire"))
        w.db.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")
        await w.runtime.ingest_tick()  # a story arrives while the chat is away
        [again] = await w.command(READER, "/subscribe")
        assert "1 story is waiting" in again.plain_text, f"what came meanwhile is owed: {again.plain_text}"
        [_, digest] = await w.command(READER, "/digest", count=2)
        assert late_title(4) in digest.plain_text, digest.plain_text
        assert len(await w.quiet(READER, 0.5)) == 7, "one digest of one story, nothing older"
