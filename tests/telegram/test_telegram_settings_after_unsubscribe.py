"""/settings in a chat that unsubscribed, on Communiqué running on the Telegram peer: its settings are kept for a
later /subscribe ("brings them back as they were"), so they can be read and changed, and the reply says the chat is
not subscribed and what brings its digests back. It said "not subscribed yet: /subscribe first, then /settings to
adjust": to a group administrator whose fellow administrator had just unsubscribed the group (the first had set its
time a minute before), and to a reader whose /latest kept showing the times of the zone they could no longer change.
"""

from __future__ import annotations

from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.conftest import WorldRunner

GROUP = -1003131
ANNA, BORIS, MEMBER = 3101, 3102, 3103  # two administrators of the group, and a member
READER = 3104


async def test_a_group_unsubscribed_by_one_admin_keeps_the_time_the_other_sets_then(
        world: WorldRunner, telegram_peer: TelegramPeer) -> None:
    telegram_peer.add_chat(GROUP, "supergroup", title="Border Desk")
    for user, status in ((ANNA, "administrator"), (BORIS, "administrator"), (MEMBER, "member")):
        telegram_peer.set_member(GROUP, user, status, notify=False)
    async with world() as w:
        await w.command(GROUP, "/subscribe borders", user_id=ANNA)
        [moved] = await w.command(GROUP, "/settings time 09:00", user_id=ANNA)
        assert "09:00 (UTC)" in moved.plain_text, moved.plain_text
        [stopped] = await w.command(GROUP, "/unsubscribe", user_id=BORIS)
        assert "/subscribe borders brings them back as they were" in stopped.plain_text, stopped.plain_text

        # Anna, who has not seen Boris's message yet, moves the time again.
        [changed] = await w.command(GROUP, "/settings time 10:00", user_id=ANNA)
        said = changed.plain_text
        assert "not subscribed yet" not in said and "/subscribe first" not in said, said
        assert "not subscribed" in said and "/unsubscribe" in said, f"the group is told why no digest comes: {said}"
        assert "10:00 (UTC)" in said and "/subscribe borders" in said, f"what comes back, and how: {said}"

        [read] = await w.command(GROUP, "/settings", user_id=MEMBER)
        assert "not subscribed" in read.plain_text and "10:00 (UTC)" in read.plain_text, read.plain_text
        assert "An administrator of this group can change them" in read.plain_text, read.plain_text
        [refused] = await w.command(GROUP, "/settings time 11:00", user_id=MEMBER)
        assert "Only this group's administrators" in refused.plain_text, refused.plain_text

        [back] = await w.command(GROUP, "/subscribe borders", user_id=ANNA)
        assert "daily digest at 10:00 (UTC)" in back.plain_text and "on borders" in back.plain_text, back.plain_text
        [sub] = w.db["subscriptions"].rows_where("chat_id = ?", [str(GROUP)])
        assert w.runtime.scheduler is not None
        job = w.runtime.scheduler.get_job(f"digest-{sub['id']}")
        assert job is not None and "10:00" in str(job.trigger), "the digest comes at the time the group was told"


async def test_a_reader_who_unsubscribed_changes_the_zone_their_latest_shows(world: WorldRunner) -> None:
    async with world() as w:
        await w.command(READER, "/subscribe")
        await w.command(READER, "/settings tz Asia/Tokyo")
        await w.command(READER, "/unsubscribe")
        [tokyo] = await w.command(READER, "/latest 1")
        assert "JST" in tokyo.plain_text, tokyo.plain_text
        [changed] = await w.command(READER, "/settings tz Europe/Berlin")
        assert "not subscribed" in changed.plain_text and "Europe/Berlin" in changed.plain_text, changed.plain_text
        assert "/subscribe first" not in changed.plain_text, changed.plain_text
        [berlin] = await w.command(READER, "/latest 1")
        assert "CET" in berlin.plain_text and "JST" not in berlin.plain_text, berlin.plain_text
        subs = list(w.db["subscriptions"].rows)
        assert [(row["active"], row["timezone"]) for row in subs] == [(0, "Europe/Berlin")], \
            "changing a setting does not subscribe the chat again"
