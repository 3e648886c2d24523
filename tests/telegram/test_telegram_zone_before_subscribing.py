"""/settings in a private chat that never subscribed, on Communiqué running on the Telegram peer. A reader far from
UTC (Auckland, UTC+13 in its summer) who only reads /latest wants its times in their own clock: `/settings tz
Pacific/Auckland` was answered "This chat is not subscribed yet: /subscribe first, then /settings to adjust", so
the only way to get /latest in their zone was to take daily digests they had not asked for. The zone is now kept
for the chat; its /latest speaks it, and a later /subscribe starts from it.
"""

from __future__ import annotations

from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.conftest import WorldRunner

READER = 3251
GROUP = -1003252
ADMIN, MEMBER = 3253, 3254


async def test_a_reader_who_never_subscribed_sets_the_zone_latest_shows(world: WorldRunner) -> None:
    async with world() as w:
        [utc] = await w.command(READER, "/latest 1 harbour")
        assert "08:30 UTC" in utc.plain_text, utc.plain_text

        [saved] = await w.command(READER, "/settings tz Pacific/Auckland")
        said = saved.plain_text
        assert "/subscribe first" not in said, said
        assert said.startswith("Saved.") and "Pacific/Auckland" in said, said
        assert "not subscribed" in said and "/latest" in said, f"what the zone does now, and what it does not: {said}"

        [auckland] = await w.command(READER, "/latest 1 harbour")
        assert "20 Nov 2026, 21:30 NZDT" in auckland.plain_text, auckland.plain_text
        [read] = await w.command(READER, "/settings")
        assert "not subscribed yet" in read.plain_text and "Pacific/Auckland" in read.plain_text, read.plain_text
        [digest] = await w.command(READER, "/digest")
        assert "not subscribed" in digest.plain_text, "setting a zone subscribed no one"
        assert not w.runtime.scheduler or not [job for job in w.runtime.scheduler.get_jobs()
                                               if job.id.startswith("digest-")], "no digest is planned for it"

        [subscribed] = await w.command(READER, "/subscribe harbour")
        said = subscribed.plain_text
        assert "now subscribed" in said and "Pacific/Auckland" in said, f"its zone is the one it chose: {said}"
        assert "none it was sent before" not in said, f"a first subscription, not a return: {said}"


async def test_only_an_administrator_keeps_a_zone_for_a_group_not_subscribed(
        world: WorldRunner, telegram_peer: TelegramPeer) -> None:
    telegram_peer.add_chat(GROUP, "supergroup", title="Harbour Desk")
    telegram_peer.set_member(GROUP, ADMIN, "administrator", notify=False)
    telegram_peer.set_member(GROUP, MEMBER, "member", notify=False)
    async with world() as w:
        [refused] = await w.command(GROUP, "/settings tz Pacific/Apia", user_id=MEMBER)
        assert "Only this group's administrators" in refused.plain_text, refused.plain_text
        assert w.db["subscriptions"].count == 0, "a refused change keeps nothing"
        [saved] = await w.command(GROUP, "/settings tz Pacific/Apia", user_id=ADMIN)
        assert saved.plain_text.startswith("Saved.") and "Pacific/Apia" in saved.plain_text, saved.plain_text
        [status] = await w.command(4242, "/status", user_id=4242)
        said = status.plain_text
        assert "deactivated" not in said and "active: 0 of 0" in said, f"it ended nothing: {said}"
