"""A story's pledge whose deadline passed before the reader sees it, or falls on that day, as `communique run`
serves a chat.

A story from Thursday in which Velmora promised to reopen a crossing "within two days" was read on Sunday (in
/latest, or in a digest's backlog after an outage) as "(within two days · 5 Dec 2026)": words that, read on Sunday,
point to Tuesday, and a date the reader had to compare with the calendar. The line now says the deadline is behind
them: "(within two days · was due 5 Dec 2026)". Read on the deadline's day itself, the same words pointed two days
on; the line says "(within two days · due today, 6 Dec 2026)". Read the day before, "within two days · 6 Dec
2026" pointed to the day after the date it gave; the line says "(within two days · due tomorrow, 6 Dec 2026)".

The story is invented for this test and dated three (two, one) days before the run.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import TelegramPeer
from tests.telegram.running import chat_with, one_feed_deployment

USER = 735


@pytest.mark.parametrize(("days_before", "said"), [(3, "was due"), (2, "due today,"), (1, "due tomorrow,")],
                         ids=["passed", "due-today", "due-tomorrow"])
def test_a_pledge_read_on_or_after_its_deadline_says_so(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path, days_before: int, said: str
) -> None:
    # Taken when the test runs, not when the module is collected: a suite started before midnight reaches this
    # test after it, and the story's day would then be one day further back than the case asks.
    noon = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    published = noon - timedelta(days=days_before)
    feed_server.route("/orlen.xml", body=rss([Item(
        title="Velmora promises to reopen the Orlen crossing", link="https://orlenwire.example/news/crossing",
        paragraphs=["Velmora pledged to reopen the Orlen crossing to trucks within two days, after talks with "
                    "Kestria ended in Aldmark.",
                    "Customs officers from both sides will share one inspection shed, the ministry said."],
        published=published)], title="Orlen Wire"))
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer, source="Orlen Wire",
                                     path="/orlen.xml")
    say = chat_with(telegram_peer, USER)
    run = deployment.start()
    try:
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles") == 1, 90, run,
                            "the story stored")
        [latest] = say("/latest 1")
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]

    due = (published + timedelta(days=2)).date()
    if datetime.now(UTC).date() > noon.date():  # midnight passed while the test ran: the deadline came a day nearer
        said = {"due today,": "was due", "due tomorrow,": "due today,"}.get(said, said)
    [pledge] = [line for line in latest.plain_text.splitlines() if line.startswith("🤝")]
    assert pledge.endswith(f"(within two days · {said} {due.day} {due:%b %Y})"), latest.plain_text
