"""A story whose headline and text hold a handle from another network ("@kestria_mfa") and a word that reads as a
bot command ("the /start of talks"), as `communique run` serves a chat on the Telegram peer. Telegram makes an
"@name" opening a word a link to whichever Telegram account holds that name, and a "/name" a command that a tap
sends to the chat's bots: a reader tapping the ministry's handle opened a stranger's profile, and a group member
tapping "/start" sent /start to every bot in the group. The bot now sends an invisible word joiner after such an
"@" or "/" in a story's words, which Telegram reads as neither; our own commands in its notes stay live.

The story and the outlet are invented for this test and dated from today, so /latest shows it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import TelegramPeer
from tests.reliability.harness import Deployment
from tests.telegram.running import chat_with

USER = 736
JOINER = "\u2060"
TITLE = "Velmora answers @kestria_mfa on the /start of border talks #ceasefire"
PARAGRAPHS = [
    "Velmora's foreign ministry answered a post by @kestria_mfa on Tuesday, saying the /start of border talks "
    "would not wait for the spring thaw.",
    "Officials from both capitals met at the Orlen crossing for four hours and agreed to meet again next week.",
    "“We answer in rooms, not in posts,” said deputy minister Ilse Marant after the session, according to "
    "her office.",
    "The talks cover customs sheds, night crossings and the return of two seized trucks, officials said.",
]


def test_a_handle_and_a_command_in_a_story_stay_words(feed_server: FeedServer, telegram_peer: TelegramPeer,
                                                      tmp_path: Path) -> None:
    feed_server.route("/orlen.xml", body=rss([
        Item(title=TITLE, link="https://orlen-wire.example/news/answer", paragraphs=PARAGRAPHS,
             published=datetime.now(UTC) - timedelta(hours=1)),
    ], title="Orlen Wire"))
    telegram_peer.add_chat(USER, "private")
    deployment = Deployment(tmp_path / "bot", {
        "fetch": {"allow_private_addresses": True, "timeout": 5, "fetch_full_text": False},
        "telegram": {"api_base_url": telegram_peer.base_url, "poll_interval": 0.05},
        "sources": [{"name": "Orlen Wire", "url": feed_server.url("/orlen.xml"), "interval": 3600}],
    }, env={"TELEGRAM_BOT_TOKEN": telegram_peer.token})
    say = chat_with(telegram_peer, USER)
    run = deployment.start()
    try:
        deployment.wait_for(lambda: deployment.scalar("SELECT COUNT(*) FROM articles") == 1, 90, run,
                            "the story stored")
        [latest] = say("/latest 1")
        [empty] = say("/latest 1 yesterday")
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]

    sent = latest.text
    assert f"@{JOINER}kestria_mfa" in sent and f"/{JOINER}start" in sent, sent
    assert "@kestria_mfa" not in sent and "/start" not in sent, sent
    assert "#ceasefire" in sent, "a hashtag only searches: left as it is"
    assert TITLE in latest.plain_text.replace(JOINER, ""), latest.plain_text
    assert "/latest shows the newest" in empty.text, f"our own commands stay commands: {empty.text}"
