"""A source named in Arabic, as `communique run` serves a Telegram chat: the line under a headline says the
outlet and the time, "وكالة الأنباء الشمالية · 6 Dec 2026, 14:05 UTC".

Telegram's apps lay out each line by Unicode's bidirectional rules: a line whose first strong letter is Arabic is
set right to left (rule P2), and a number that follows Arabic letters with no Latin letter between joins them
(rule W2). The line read "Dec 2026, 14:05 UTC 6 · وكالة الأنباء الشمالية": the day of the month torn from its month
and put at the far end. The outlet's name is now kept apart with left-to-right marks, and the line reads in order.

A pledge's actor written in Arabic script is kept apart so too, in a story and in the block of pledges falling due.

The stories, outlets and names are invented for these tests; the served story is dated from today, so /latest
shows it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from telegram import Bot
from telegram.constants import ParseMode

from bot.analysis.model import Pledge
from bot.core.digest import AlsoReported, Digest, PledgeLine, Story, StoryUpdate
from bot.platforms.telegram.render import render_digest
from tests.bidi import first_strong, numbers_joining_arabic, separators_between_arabic
from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.running import chat_with, one_feed_deployment

USER = 733
SOURCE = "وكالة الأنباء الشمالية"  # "Northern News Agency"
def test_the_outlet_and_time_line_of_an_arabic_named_source_reads_in_order(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    feed_server.route("/north.xml", body=rss([Item(
        title="Kestria and Velmora agree to reopen the Orlen crossing",
        link="https://northagency.example/news/orlen",
        paragraphs=["Kestria and Velmora agreed on Monday to reopen the Orlen crossing to trucks within ten days.",
                    "Customs officers from both sides will share one inspection shed, the agency reported."],
        published=datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2))], title="North Agency"))
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer, source=SOURCE, path="/north.xml")
    say = chat_with(telegram_peer, USER)
    run = deployment.start()
    try:
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles") == 1, 90, run,
                            "the story stored")
        [latest] = say("/latest 1")
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]

    [meta] = [line for line in latest.plain_text.splitlines() if " UTC" in line]
    assert SOURCE in meta, latest.plain_text
    assert first_strong(meta) == "L", f"set right to left: {meta!r}"
    assert not numbers_joining_arabic(meta), f"the day or the time joins the outlet's name: {meta!r}"


async def test_a_pledge_line_whose_actor_is_written_in_arabic_reads_in_order(
    telegram_peer: TelegramPeer, tg_bot: Bot
) -> None:
    """A pledge by an actor a story names in Arabic script: "🤝 سلمى عواد: reopen the crossing (by March · 31 Mar
    2027)" was set right to left, its English read backwards around the name, the parenthesis turned about; a
    line of the "Pledges falling due" block so too, with the date after the name."""
    actor = "سلمى عواد"
    pledge = Pledge(actor, "reopen the Orlen crossing", "", "by March", date(2027, 3, 31))
    due = PledgeLine("due soon", actor, "reopen the Orlen crossing", "by March", date(2027, 3, 31),
                     url="https://northagency.example/news/orlen", source="North Agency")
    digest = Digest("Communiqué digest: 6 Dec 2026", [Story(
        1, "Velmora promises to reopen the Orlen crossing", "https://northagency.example/news/orlen", "North Agency",
        datetime(2026, 12, 6, 9, tzinfo=UTC), summary=["Velmora said the crossing would reopen."],
        pledges=[pledge])], pledges_due=[due])
    telegram_peer.add_chat(USER, "private")
    for html in render_digest(digest):
        await tg_bot.send_message(USER, html, parse_mode=ParseMode.HTML, disable_web_page_preview=True)
    shown = "\n".join(m.plain_text for m in telegram_peer.bot_messages(USER))
    lines = [line for line in shown.splitlines() if actor in line]
    assert len(lines) == 2, shown
    for line in lines:
        assert first_strong(line) == "L", f"set right to left: {line!r}"
        assert not numbers_joining_arabic(line), f"a number joins the name: {line!r}"


async def test_an_updated_story_and_other_outlets_named_in_arabic_keep_their_order(
    telegram_peer: TelegramPeer, tg_bot: Bot
) -> None:
    """"🔄 Updated: <headline> · <outlet>" with both in Arabic read with the outlet first, where the headline
    belongs; "Also reported by <outlet>, <outlet>" named the second outlet first."""
    digest = Digest("Communiqué digest: 6 Dec 2026", [Story(
        1, "Velmora promises to reopen the Orlen crossing", "https://northagency.example/news/orlen", "North Agency",
        datetime(2026, 12, 6, 9, tzinfo=UTC), summary=["Velmora said the crossing would reopen."],
        also_reported_by=[AlsoReported("وكالة الأنباء الشمالية", "https://northagency.example/ar/1"),
                          AlsoReported("صحيفة الميناء", "https://harbourpaper.example/ar/2")])],
        updates=[StoryUpdate(2, "محادثات السلام تستأنف في ليرين", "https://northagency.example/ar/3",
                             "وكالة الأنباء الشمالية", "Was: “محادثات السلام”")])
    telegram_peer.add_chat(USER, "private")
    for html in render_digest(digest):
        await tg_bot.send_message(USER, html, parse_mode=ParseMode.HTML, disable_web_page_preview=True)
    shown = "\n".join(m.plain_text for m in telegram_peer.bot_messages(USER))
    lines = [line for line in shown.splitlines() if line.startswith(("🔄 Updated:", "Also reported by"))]
    assert len(lines) == 2, shown
    for line in lines:
        assert not separators_between_arabic(line), f"two Arabic names run together: {line!r}"


async def test_the_part_number_after_an_arabic_topic_stays_after_it(telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    """`/latest 20 محادثات` (talks) in several messages: "📰 Latest 20 stories on محادثات (2/3)" read "… on (2/3)
    محادثات", the part's number joining the topic."""
    stories = [Story(n, f"Round {n} of the Orlen talks ends", f"https://northagency.example/news/{n}", "North Agency",
                     datetime(2026, 12, 6, 9, tzinfo=UTC), summary=["Delegates compared the customs figures. " * 12])
               for n in range(20)]
    telegram_peer.add_chat(USER, "private")
    for html in render_digest(Digest("Latest 20 stories on محادثات", stories)):
        await tg_bot.send_message(USER, html, parse_mode=ParseMode.HTML, disable_web_page_preview=True)
    firsts = [m.plain_text.split("\n", 1)[0] for m in telegram_peer.bot_messages(USER)]
    assert len(firsts) >= 2 and all("محادثات" in first for first in firsts), firsts
    for first in firsts:
        assert not numbers_joining_arabic(first), f"the part's number joins the topic: {first!r}"
