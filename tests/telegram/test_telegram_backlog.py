"""The backlog rule on Telegram, through the Bot API peer: every matched story reaches the chat once, whether it
fits the first digest or waits for the next one (daily) or follows at once (instant)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage import subscriptions as sub_store
from tests.factories import rss
from tests.peers.telegram_peer import BotMessage
from tests.telegram.conftest import WorldRunner
from tests.telegram.world import HARBOUR_TITLES, MINISTRY_TITLES, late_title, ministry_items

USER = 601


def times_shown(titles: list[str], messages: list[BotMessage]) -> dict[str, int]:
    text = "\n".join(m.plain_text for m in messages)
    return {title: text.count(title) for title in titles}


async def test_a_first_digest_too_long_for_the_chat_continues_in_the_next(world: WorldRunner) -> None:
    async with world() as w:
        await w.command(USER, "/subscribe")
        await w.command(USER, "/settings max 2")
        everything = MINISTRY_TITLES + HARBOUR_TITLES

        [sending, first] = await w.command(USER, "/digest", count=2)
        assert "2 new stories" in sending.plain_text
        assert "4 more matched stories are waiting for a later digest; /digest sends the next ones now." \
            in first.plain_text
        [_, second] = await w.command(USER, "/digest", count=2)
        assert "2 more matched stories are still waiting from earlier digests" in second.plain_text
        [_, third] = await w.command(USER, "/digest", count=2)
        assert "more matched" not in third.plain_text
        [done] = await w.command(USER, "/digest")
        assert "Nothing new since the last digest" in done.plain_text

        assert times_shown(everything, [first, second, third]) == {title: 1 for title in everything}


async def test_an_instant_chat_gets_a_busy_pass_in_consecutive_messages(world: WorldRunner) -> None:
    async with world() as w:
        await w.command(USER, "/subscribe borders")
        await w.command(USER, "/settings max 2")
        await w.command(USER, "/digest", count=2)
        await w.command(USER, "/digest", count=2)  # the four stories already there
        await w.command(USER, "/settings mode instant")
        before = len(w.peer.bot_messages(USER))
        (w.feeds / "ministry.xml").write_bytes(rss(ministry_items(9), title="Ministry Wire"))
        w.db.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")
        await w.runtime.ingest_tick()  # five new stories in one pass
        arrived = (await w.messages(USER, before + 3))[before:]
        assert "3 more matched stories follow at once, in the messages after this one." in arrived[0].plain_text
        assert "1 more matched story follows at once, in the next message." in arrived[1].plain_text
        late = [late_title(n) for n in range(4, 9)]
        assert times_shown(late, arrived) == {title: 1 for title in late}
        assert len(await w.quiet(USER, 0.5)) == before + 3, "nothing more, nothing twice"


async def test_a_chat_that_changes_its_topics_before_its_first_digest_gets_the_new_topics_backlog(
    world: WorldRunner,
) -> None:
    """A reader sends '/subscribe trade', sees it is not what they meant, and sends '/subscribe borders' a moment
    later. The backlog stayed where trade's stories began: two of the four borders stories were told waiting and
    sent, where '/subscribe borders' at first (or after /unsubscribe) brings all four."""
    async with world() as w:
        await w.command(USER, "/subscribe trade")
        [changed] = await w.command(USER, "/subscribe borders")
        assert "4 stories are waiting" in changed.plain_text, changed.plain_text
        [sending, digest] = await w.command(USER, "/digest", count=2)
        assert "4 new stories" in sending.plain_text, sending.plain_text
        assert times_shown(MINISTRY_TITLES, [digest]) == dict.fromkeys(MINISTRY_TITLES, 1), digest.plain_text


async def test_stories_that_daily_digests_keep_passing_over_are_told_as_slash_digest_brings_them(
    world: WorldRunner,
) -> None:
    """A chat whose every daily digest fills with the day's new stories never gets the older ones by schedule:
    digests bring the newest first. The second digest's last line still said the two older stories were "waiting
    for a later digest", a promise no later digest kept while news kept coming. It says they wait from an earlier
    digest and that /digest brings them, and /digest does."""
    async with world() as w:
        await w.command(USER, "/subscribe borders")
        await w.command(USER, "/settings max 2")
        sub = sub_store.get(w.db, "telegram", str(USER))
        assert sub is not None
        before = len(w.peer.bot_messages(USER))
        assert await w.runtime.fire_daily(sub.id) == 2
        [monday] = (await w.messages(USER, before + 1))[before:]
        assert "2 more matched stories are waiting for a later digest" in monday.plain_text, monday.plain_text

        (w.feeds / "ministry.xml").write_bytes(rss(ministry_items(6), title="Ministry Wire"))
        w.db.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")
        await w.runtime.ingest_tick()  # the next day's two new stories: as many as the chat's digest holds
        w.runtime.now = lambda: datetime.now(UTC) + timedelta(days=1)
        assert await w.runtime.fire_daily(sub.id) == 2
        [tuesday] = (await w.messages(USER, before + 2))[before + 1:]
        assert [late_title(4) in tuesday.plain_text, late_title(5) in tuesday.plain_text] == [True, True]
        last_line = tuesday.plain_text.strip().splitlines()[-1]
        assert "later digest" not in last_line, last_line
        assert ("2 more matched stories are still waiting from earlier digests, which bring the newest first: "
                "/digest sends them now.") == last_line, last_line

        [_, held] = await w.command(USER, "/digest", count=2)
        assert times_shown(MINISTRY_TITLES, [monday, held]) == dict.fromkeys(MINISTRY_TITLES, 1), held.plain_text
