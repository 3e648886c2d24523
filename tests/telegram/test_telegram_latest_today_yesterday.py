"""`/latest yesterday` and `/latest today` on Communiqué running on the Telegram peer, read by someone in Auckland
(UTC+13 in its summer), whose day begins while UTC's is half gone. Both words were searched as keywords ("No
stories on yesterday yet"), though stories had come in both days: a reader asking for yesterday's news was told
there was none. They are the day in the chat's own zone now: the stories published on it, newest first.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.factories import Item, rss
from tests.helpers import wait_until
from tests.telegram.conftest import WorldRunner
from tests.telegram.world import harbour_items

READER = 3261
AUCKLAND = ZoneInfo("Pacific/Auckland")


async def test_today_and_yesterday_are_days_in_the_readers_zone(world: WorldRunner) -> None:
    now = datetime.now(UTC)
    midnight = datetime.combine(now.astimezone(AUCKLAND).date(), datetime.min.time(), AUCKLAND)
    today = Item(title="Maren and Halvik sign a pilotage accord for the strait", link="https://harbour.example/news/7",
                 paragraphs=["Maren and Halvik signed an accord on pilotage through the strait.",
                             "“One pilot, both shores,” harbour master Ilse Varga said."],
                 published=midnight + (now - midnight) / 2)
    yesterday = Item(title="Halvik customs clear the grain queue before dawn", link="https://harbour.example/news/8",
                     paragraphs=["Customs officers in Halvik cleared the last grain wagons before dawn.",
                                 "“The queue is gone,” inspector Pavo Lind said."],
                     published=midnight - timedelta(hours=1))
    async with world() as w:
        (w.feeds / "harbour.xml").write_bytes(rss([*harbour_items(), today, yesterday], title="Harbour Post"))
        w.db.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")
        await w.runtime.ingest_tick()
        await wait_until(lambda: w.db["articles"].count >= 8, what="both new stories stored")
        await w.command(READER, "/settings tz Pacific/Auckland")

        [got] = await w.command(READER, "/latest yesterday")
        said = got.plain_text
        assert "No stories on yesterday" not in said, said
        assert yesterday.title in said and today.title not in said, said
        day = (midnight - timedelta(days=1)).date()
        assert f"yesterday ({day.day} {day:%b %Y})" in said, f"the day it means, in the reader's zone: {said}"

        [got] = await w.command(READER, "/latest 3 today")
        assert today.title in got.plain_text and yesterday.title not in got.plain_text, got.plain_text

        [none] = await w.command(READER, "/latest borders yesterday")
        said = none.plain_text
        assert "No stories on borders from yesterday" in said and "/latest borders" in said, \
            f"nothing matched, and what shows the newest anyway: {said}"


async def test_subscribing_to_yesterday_is_told_what_a_day_is_for(world: WorldRunner) -> None:
    """`/subscribe yesterday`, typed as `/latest yesterday` now is, subscribed the chat to the keyword "yesterday"
    ("on yesterday"): its digests brought only stories holding the word."""
    async with world() as w:
        [refused] = await w.command(READER, "/subscribe yesterday")
        said = refused.plain_text
        assert "now subscribed" not in said and "“yesterday” is no topic" in said, said
        assert "/latest yesterday" in said and "/subscribe since 24h" in said, said
        assert w.db["subscriptions"].count == 0, "nothing was subscribed"
