"""A digest too long for one Telegram message, as `communique run` serves a chat: every part reads alone.

A chat with `max 20` gets twenty stories of a busy day, some 12,000 characters: four or five messages. Only the
first began with the digest's heading; the others began with a story's headline, so a phone's notification (which
shows a message's first line) and a reader scrolling back saw a story out of nowhere, and nothing said whether more
was to come. Discord numbered its parts ("(2/3)"); Telegram now does too, each part under the heading.

The stories are invented for this test, each worded apart (so none is taken for another's copy), and dated from
today so the first digest's backlog holds them.
"""

from __future__ import annotations

import random
import re
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from telegram import Bot
from telegram.constants import ParseMode

from bot.core.digest import Digest, PledgeLine
from bot.platforms.telegram.render import render_digest
from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import BotMessage, TelegramPeer
from tests.telegram.running import chat_with, one_feed_deployment

USER = 812
NOW = datetime.now(UTC).replace(microsecond=0)
STORIES = 24

_PLACES = ["Tarnic", "Oskel", "Dolna", "Halvik", "Maren", "Varesk", "Lirenne", "Ristovac", "Aurel", "Kaldor",
           "Serava", "Orlen", "Brisk", "Velt", "Amaro", "Quell", "Sodra", "Pelin", "Nurask", "Ottavel", "Gravin",
           "Mislet", "Corvane", "Ulmar"]
_NOUNS = ["ferries", "wagons", "pylons", "visas", "quotas", "tariffs", "barges", "permits", "cables", "depots",
          "pipelines", "bridges", "schools", "clinics", "harbours", "granaries", "border posts", "radio masts",
          "customs sheds", "rail sidings", "dams", "lighthouses", "weather stations", "fishing fleets"]
_VERBS = ["inspect", "repair", "count", "license", "fund", "reopen", "survey", "register", "relocate", "insure"]


def headline(n: int) -> str:
    return f"{_PLACES[n]} talks turn to {_NOUNS[n]}"


def paragraphs(n: int) -> list[str]:
    """Four sentences of one invented story, its words drawn apart from every other story's."""
    pick = random.Random(n)
    place, noun = _PLACES[n], _NOUNS[n]
    other = _PLACES[(n + 7) % len(_PLACES)]
    verbs = pick.sample(_VERBS, 4)
    return [
        f"Delegates from {place} agreed on day {n + 2} of the talks to {verbs[0]} the {noun} along the {other} road "
        f"before the {pick.choice(['spring', 'autumn', 'winter'])} sitting of the commission.",
        f"Envoy {place}sson said the {noun} had waited {n + 3} years for a decision and that {other} would "
        f"{verbs[1]} its share within {n + 5} weeks.",
        f"Observers from {other} asked the chair to {verbs[2]} every claim about the {noun} in writing.",
        f"A committee of {n + 4} members will {verbs[3]} the records of {place} and report to both capitals.",
    ]


def feed() -> bytes:
    return rss([Item(title=headline(n), link=f"https://busywire.example/news/{n}", paragraphs=paragraphs(n),
                     published=NOW - timedelta(minutes=10 * (n + 1))) for n in range(STORIES)], title="Busy Wire")


def wait_for_digest(peer: TelegramPeer, before: int) -> list[BotMessage]:
    """The chat's messages after `before` once the digest's closing line has come (the parts are paced)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        sent = peer.bot_messages(USER)[before:]
        if any("waiting for a later digest" in m.plain_text for m in sent):
            return sent
        time.sleep(0.2)
    raise AssertionError("no digest ended: " + " | ".join(m.plain_text[:80] for m in peer.bot_messages(USER)))


def test_each_part_of_a_long_digest_starts_with_the_heading_and_its_number(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    feed_server.route("/busy.xml", body=feed())
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer, source="Busy Wire",
                                     path="/busy.xml")
    say = chat_with(telegram_peer, USER)
    run = deployment.start()
    try:
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(DISTINCT group_id) FROM articles") == STORIES,
                            90, run, "the stories stored, each its own")
        say("/subscribe")
        say("/settings max 20")
        before = len(telegram_peer.bot_messages(USER))
        say("/digest")
        parts = [m.plain_text for m in wait_for_digest(telegram_peer, before + 1)]
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]

    total = len(parts)
    assert total >= 3, parts
    for number, text in enumerate(parts, start=1):
        first_line = text.split("\n", 1)[0]
        assert re.fullmatch(rf"📰 Communiqué digest: \d+ \w+ \d{{4}} \({number}/{total}\)", first_line), text[:200]
    shown = [n for n in range(STORIES) if any(headline(n) in text for text in parts)]
    assert len(shown) == 20, shown
    assert all(sum(headline(n) in text for text in parts) == 1 for n in shown)


async def test_pledge_lines_carried_into_the_next_part_keep_their_block_title(
    telegram_peer: TelegramPeer, tg_bot: Bot
) -> None:
    """Ten pledges falling due, each a long commitment, take two messages: the second part went on with bare
    "⏳ ..." lines under the digest's heading, nothing saying what they were. Its lines are now under
    "Pledges falling due (continued)", as a command's long list is."""
    commitment = ("reopen the Orlen crossing to trucks, publish the customs annex and fund two field hospitals "
                  "in the border districts before the commission sits again in Lirenne ") * 3
    lines = [PledgeLine("due soon", f"Minister {_PLACES[n]}", commitment.strip(), "by March", date(2027, 3, 31),
                        url=f"https://busywire.example/news/{n}", source="Busy Wire") for n in range(10)]
    telegram_peer.add_chat(USER, "private")
    for html in render_digest(Digest("Communiqué digest: 6 Dec 2026", pledges_due=lines)):
        await tg_bot.send_message(USER, html, parse_mode=ParseMode.HTML, disable_web_page_preview=True)
    parts = [m.plain_text.split("\n\n") for m in telegram_peer.bot_messages(USER)]
    assert len(parts) >= 2, parts
    for blocks in parts:
        assert blocks[0].startswith("📰 Communiqué digest: 6 Dec 2026 ("), blocks[0]
        assert blocks[1].split("\n", 1)[0] in ("Pledges falling due", "Pledges falling due (continued)"), blocks[1]
