"""A reader asking for a source the operator removed from the config yesterday, on Communiqué running on the
Telegram peer. `/latest Harbour Post` searched the keywords "harbour" and "post" ("Latest 1 story on harbour,
post", one of the source's two stories, nothing said of the removal), and `/subscribe Harbour Post` subscribed the
chat to those keywords. Each now says the source is no longer read: /latest shows its stories from before as the
source's, and /subscribe refuses it.
"""

from __future__ import annotations

from storage import subscriptions as sub_store
from tests.telegram.conftest import WorldRunner
from tests.telegram.world import HARBOUR_TITLES

READER = 3531
GONE = "Harbour Post is no longer among the sources (/sources lists them)"


async def test_a_source_removed_from_the_config_is_said_to_be_gone(world: WorldRunner) -> None:
    async with world() as w:
        text = w.config_path.read_text()
        start = text.index('[[sources]]\nname = "Harbour Post"')
        w.config_path.write_text(text[:start] + text[text.index("\n", text.index("tags", start)) + 1:])
        assert w.runtime.reload_config()

        [latest] = await w.command(READER, "/latest harbour post")
        said = latest.plain_text
        assert "Latest 2 stories from Harbour Post" in said, said
        assert all(title in said for title in HARBOUR_TITLES), said
        assert f"{GONE}: these are its stories from before." in said, said

        [refused] = await w.command(READER, "/subscribe Harbour Post")
        assert f"{GONE}: its new stories will not come." in refused.plain_text, refused.plain_text
        assert sub_store.get(w.db, "telegram", str(READER)) is None, "nothing subscribed by a refused command"

        [other] = await w.command(READER, "/latest ministry wire 1")  # a source still read: no such line
        assert "no longer" not in other.plain_text, other.plain_text


async def test_a_removed_source_named_as_a_country_leaves_the_country_a_topic(world: WorldRunner) -> None:
    """A source named "Ukraine" the operator removed: `/subscribe ukraine` was refused as that source, no longer
    read, and `/latest ukraine` showed that source's old stories alone, though a country's name is a topic whose
    stories every other source still brings."""
    async with world() as w:
        text = w.config_path.read_text()
        start = text.index('[[sources]]\nname = "Harbour Post"')
        w.config_path.write_text(text[:start] + text[text.index("\n", text.index("tags", start)) + 1:])
        assert w.runtime.reload_config()
        w.db.execute("UPDATE sources SET name = 'Ukraine' WHERE name = 'Harbour Post'")

        [subscribed] = await w.command(READER, "/subscribe ukraine")
        assert "no longer among the sources" not in subscribed.plain_text, subscribed.plain_text
        sub = sub_store.get(w.db, "telegram", str(READER))
        assert sub is not None and sub.active, subscribed.plain_text

        # /latest likewise searches the topic in every source's stories, not the removed source's from before.
        [latest] = await w.command(READER, "/latest ukraine")
        assert "no longer among the sources" not in latest.plain_text, latest.plain_text
        assert "from Ukraine" not in latest.plain_text, latest.plain_text
