"""Following actors and the pledge tracker on Telegram, through the Bot API peer: /follow, /unfollow, /following and
/pledges as users type them, and, end to end, a running bot that ingests a later story reporting a pledge kept:
/pledges moves it from open to kept and the next digest says so.
"""

from __future__ import annotations

from datetime import timedelta

from storage import subscriptions as sub_store
from storage import tracking as tracking_store
from tests.factories import BASE_TIME, Item, rss
from tests.helpers import wait_until
from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.conftest import WorldRunner
from tests.telegram.test_telegram_e2e import assert_valid_html, shown
from tests.telegram.world import TelegramWorld, ministry_items

USER = 601
GROUP = -100900
ADMIN = 602
MEMBER = 603

# A later story, invented for this test, reporting that the world's first pledge ("Velmora pledged on Monday to
# reopen the Orlen crossing within ten days") was kept.
KEPT = Item(
    title="Orlen crossing open again as Velmora keeps its word",
    link="https://ministry.example/press/orlen-open",
    paragraphs=[
        "Velmora reopened the Orlen crossing on Wednesday, a day before its own deadline, and the first lorries "
        "from Kestria rolled through before noon.",
        "“The road is open and it will stay open,” said the border commissioner, Lea Marek.",
    ],
    published=BASE_TIME + timedelta(days=9),
)


async def test_follow_unfollow_and_following_in_a_private_chat(world: WorldRunner) -> None:
    async with world() as w:
        [followed] = await w.command(USER, "/follow velmora")
        assert followed.plain_text.startswith("This chat now follows Velmora:")
        assert "not subscribed yet" in followed.plain_text
        [moscow] = await w.command(USER, "/follow Moscow")
        assert "now follows Russia" in moscow.plain_text and "the Kremlin" in moscow.plain_text
        [typo] = await w.command(USER, "/follow Velmorra")
        assert typo.plain_text.startswith("⚠️") and "Did you mean: Velmora?" in typo.plain_text
        [hostile] = await w.command(USER, "/follow <b>Velmora</b>")
        assert hostile.plain_text.startswith("⚠️") and "Usage: /follow NAME" in hostile.plain_text
        [listed] = await w.command(USER, "/following")
        assert "This chat follows 2:" in listed.plain_text and "Velmora" in listed.plain_text
        [gone] = await w.command(USER, "/unfollow the Russian Federation")
        assert "no longer follows Russia" in gone.plain_text and "still follows 1 other" in gone.plain_text
        assert [f.actor_name for f in tracking_store.follows(w.db, "telegram", str(USER))] == ["Velmora"]
        [help_] = await w.command(USER, "/help")
        assert all(f"/{name}" in help_.plain_text for name in ("follow", "unfollow", "following", "pledges"))
        assert "Topics and follows combine" in help_.plain_text and "overdue" in help_.plain_text
        assert_valid_html([followed, moscow, typo, hostile, listed, gone, help_])



async def test_unfollow_all_as_the_follow_reply_says_clears_every_follow(world: WorldRunner) -> None:
    """'/follow' answers "Its digests now hold only the stories about the actors it follows (/unfollow them all for
    every story again)"; the reader typed '/unfollow all' and was told "This chat does not follow “all”"."""
    async with world() as w:
        await w.command(USER, "/subscribe")
        [followed] = await w.command(USER, "/follow Velmora")
        assert "/unfollow all" in followed.plain_text, followed.plain_text
        await w.command(USER, "/follow Maren")
        [cleared] = await w.command(USER, "/unfollow all")
        assert "no longer follows Velmora and Maren" in cleared.plain_text, cleared.plain_text
        assert "its digests hold every story again" in cleared.plain_text, cleared.plain_text
        assert tracking_store.follows(w.db, "telegram", str(USER)) == []
        [none] = await w.command(USER, "/unfollow everyone")
        assert "follows no one" in none.plain_text, none.plain_text

async def test_in_a_group_members_read_follows_and_only_administrators_change_them(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    telegram_peer.add_chat(GROUP, "supergroup", title="Border Desk")
    telegram_peer.set_member(GROUP, ADMIN, "administrator", notify=False)
    telegram_peer.set_member(GROUP, MEMBER, "member", notify=False)
    async with world() as w:
        [refused] = await w.command(GROUP, "/follow Velmora", user_id=MEMBER)
        assert "Only this group's administrators" in refused.plain_text
        [done] = await w.command(GROUP, "/follow@communique_test_bot Velmora", user_id=ADMIN)
        assert "now follows Velmora" in done.plain_text
        [read] = await w.command(GROUP, "/following", user_id=MEMBER)
        assert "Velmora" in read.plain_text
        [not_yours] = await w.command(GROUP, "/unfollow Velmora", user_id=MEMBER)
        assert "Only this group's administrators" in not_yours.plain_text
        assert [f.actor_key for f in tracking_store.follows(w.db, "telegram", str(GROUP))] == ["velmora"]


async def test_pledges_filters_by_actor_and_status(world: WorldRunner) -> None:
    async with world() as w:
        [velmora] = await w.command(USER, "/pledges Velmora")
        assert "Pledges by Velmora, newest first" in velmora.plain_text
        assert "Velmora: reopen the Orlen crossing (deadline: within ten days, 30 Nov 2026)" in velmora.plain_text
        assert "https://ministry.example/press/0" in velmora.plain_text
        [kept] = await w.command(USER, "/pledges Velmora kept")
        assert "No kept pledges by Velmora found" in kept.plain_text
        [bad] = await w.command(USER, "/pledges Velmora; DROP TABLE pledges")
        assert bad.plain_text.startswith("⚠️") and "A name is letters" in bad.plain_text
        assert_valid_html([velmora, kept, bad])


async def test_a_follow_up_story_moves_a_pledge_from_open_to_kept_and_the_next_digest_says_so(
    world: WorldRunner,
) -> None:
    async with world(tick_seconds=0.3) as w:
        await w.command(USER, "/subscribe")
        await w.command(USER, "/follow Velmora")
        await w.command(USER, "/digest", count=2)  # the stories already stored, the pledge among them
        [before] = await w.command(USER, "/pledges Velmora")
        assert "Velmora: reopen the Orlen crossing" in before.plain_text
        assert "kept" not in before.plain_text.split("reopen the Orlen crossing")[1].split("\n")[0]

        (w.feeds / "ministry.xml").write_bytes(rss([*ministry_items(), KEPT], title="Ministry Wire"))
        w.db.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")  # due now: the bot's clock fetches it
        await wait_until(lambda: bool(w.db.execute("SELECT 1 FROM pledge_followups").fetchone()),
                         "the later story linked to the pledge", timeout=30)

        [after] = await w.command(USER, "/pledges Velmora kept")
        assert "Kept pledges by Velmora" in after.plain_text
        assert "Velmora: reopen the Orlen crossing" in after.plain_text and "— kept (reported " in after.plain_text
        assert KEPT.link in after.plain_text, "the story that reported it"

        [sending, *digest] = await w.command(USER, "/digest", count=2)
        assert "1 new story and 1 pledge update" in sending.plain_text
        text = shown(digest)
        assert KEPT.title in text and "follows: Velmora" in text
        assert "Pledges reported on" in text and "✅ Kept: Velmora: reopen the Orlen crossing" in text
        assert "a day before its own deadline" in text, "the sentence that says so"
        assert_valid_html([before, after, sending, *digest])
        [again] = await w.command(USER, "/digest")
        assert "Nothing new since the last digest" in again.plain_text, "said once"


async def _remove_the_bot_until_the_group_is_dropped(w: TelegramWorld, telegram_peer: TelegramPeer, *,
                                                     failing_first: bool = False) -> None:
    """The bot removed from the group, its digest (the Velmora story) refused at each try until the group is
    dropped; `failing_first`: the first send fails otherwise (a server error), before the refusals."""
    telegram_peer.set_bot_status(GROUP, "kicked", notify=False)
    if failing_first:
        telegram_peer.inject_fault("sendMessage", "server_error", times=1, chat_id=GROUP)
    sub = sub_store.get(w.db, "telegram", str(GROUP))
    assert sub is not None and (await w.runtime.request_digest(sub)).stories == 1, "the Velmora story"
    await wait_until(lambda: not w.db.execute("SELECT active FROM subscriptions WHERE chat_id = ?",
                                              [str(GROUP)]).fetchone()[0], "the group dropped", timeout=20)
    telegram_peer.set_bot_status(GROUP, "member", notify=False)


async def test_a_group_that_removed_the_bot_gets_on_its_return_the_stories_every_send_was_refused(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """The bot removed from a group that follows Velmora: its digest is refused (403) until the group is dropped.
    Added back, /subscribe there: the refused digest never arrived, so its stories are owed again (they were counted
    as sent: 'Nothing is waiting', and the story about the followed actor never came). Removed again before that
    digest went, and added back again: still owed, and it comes once."""
    telegram_peer.add_chat(GROUP, "supergroup", title="Border Desk")
    telegram_peer.set_member(GROUP, ADMIN, "administrator", notify=False)
    async with world() as w:
        await w.command(GROUP, "/subscribe", user_id=ADMIN)
        await w.command(GROUP, "/follow Velmora", user_id=ADMIN)
        for _ in range(2):
            await _remove_the_bot_until_the_group_is_dropped(w, telegram_peer)
            [back] = await w.command(GROUP, "/subscribe", user_id=ADMIN)
            assert "1 story is waiting" in back.plain_text, back.plain_text
        [sending, *digest] = await w.command(GROUP, "/digest", user_id=ADMIN, count=2)
        assert "follows: Velmora" in "\n".join(m.plain_text for m in digest)
        assert w.db.execute("SELECT COUNT(*) FROM deliveries WHERE state = 'failed'").fetchone()[0] == 0, \
            "the refused messages give way to the new digest: a resend cannot send them twice"
        [again] = await w.command(GROUP, "/digest", user_id=ADMIN)
        assert "Nothing new since the last digest" in again.plain_text, "sent once"


async def test_a_removed_group_s_digest_whose_send_may_have_arrived_stays_for_resend(
    world: WorldRunner, telegram_peer: TelegramPeer
) -> None:
    """A send that failed otherwise (a server error here; a timed-out one may have arrived) before the refusals:
    the digest stays failed for `communique resend`, never owed twice."""
    telegram_peer.add_chat(GROUP, "supergroup", title="Border Desk")
    telegram_peer.set_member(GROUP, ADMIN, "administrator", notify=False)
    async with world() as w:
        await w.command(GROUP, "/subscribe", user_id=ADMIN)
        await w.command(GROUP, "/follow Velmora", user_id=ADMIN)
        await _remove_the_bot_until_the_group_is_dropped(w, telegram_peer, failing_first=True)
        [back] = await w.command(GROUP, "/subscribe", user_id=ADMIN)
        assert "Nothing is waiting" in back.plain_text, back.plain_text
        assert w.db.execute("SELECT attempts, state FROM deliveries").fetchall() == [(4, "failed")]
