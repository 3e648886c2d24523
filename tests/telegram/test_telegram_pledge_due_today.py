"""A digest's "Pledges falling due" line for a pledge whose deadline is the digest's day, as a chat reads it.

A story from Friday in which Velmora promised to reopen a crossing "within two days" falls due on Sunday; Sunday's
digest said "(due within two days · 6 Dec 2026)": words that, read on Sunday, point to Tuesday. The story's own
pledge line already said "due today"; the falling-due line now says so too, on every platform.

Telegram is read through the peer; Discord and the console are their renderers' text (no send is needed to read
a line's words). The pledge is invented for this test.
"""

from __future__ import annotations

from datetime import date

from telegram import Bot
from telegram.constants import ParseMode

from bot.core.digest import Digest, PledgeLine
from bot.platforms.console.render import pledge_sections
from bot.platforms.discord.render import render_digest as discord_digest
from bot.platforms.telegram.render import render_digest
from tests.peers.telegram_peer import TelegramPeer

USER = 741
SUNDAY = date(2026, 12, 6)


def digest(day: date) -> Digest:
    line = PledgeLine("due soon", "Velmora", "reopen the Orlen crossing to trucks", "within two days", SUNDAY,
                      url="https://orlenwire.example/news/crossing", source="Orlen Wire")
    return Digest("Communiqué digest: 6 Dec 2026", pledges_due=[line], day=day)


async def test_a_pledge_falling_due_on_the_digests_day_is_said_due_today(
    telegram_peer: TelegramPeer, tg_bot: Bot
) -> None:
    telegram_peer.add_chat(USER, "private")
    for html in render_digest(digest(SUNDAY)):
        await tg_bot.send_message(USER, html, parse_mode=ParseMode.HTML, disable_web_page_preview=True)
    text = "\n".join(m.plain_text for m in telegram_peer.bot_messages(USER))
    assert "⏳ Velmora: reopen the Orlen crossing to trucks (due today, 6 Dec 2026) — Orlen Wire" in text, text
    assert "within two days" not in text, text


def test_discord_and_the_console_say_due_today_on_the_deadlines_day_and_due_tomorrow_the_day_before() -> None:
    [payload] = discord_digest(digest(SUNDAY))
    described = "\n".join(embed.get("description", "") for embed in payload["embeds"])
    assert "(due today, 6 Dec 2026)" in described and "within two days" not in described, described
    [(_, [console], _)] = pledge_sections(digest(SUNDAY))
    assert "(deadline: due today, 6 Dec 2026)" in console, console

    # The day before, "(due within two days · 6 Dec 2026)" read on Saturday pointed to Monday and gave Sunday.
    saturday = date(2026, 12, 5)
    [payload] = discord_digest(digest(saturday))
    described = "\n".join(embed.get("description", "") for embed in payload["embeds"])
    assert "(due tomorrow, 6 Dec 2026)" in described and "within two days" not in described, described
    [(_, [console], _)] = pledge_sections(digest(saturday))
    assert "(deadline: due tomorrow, 6 Dec 2026)" in console, console
