"""`communique why` and `communique sent`: the operator's answers to "why didn't chat X get story Y?" and "what was
chat X sent yesterday?", read from the database a running bot writes.

One bot on the local Telegram peer, two sources with their own tags, and four chats: one gets everything as it
arrives, one follows the other source's tag only, one gets a daily digest half a day away, and one whose every
message Telegram refuses. For each, the operator asks about a story by its link (or its headline's words), and the
answer names what the ledger and the chat's settings say: sent in which message and when, which message failed
and the `resend` that sends it, the topics it matches none of, the digest it waits for. Then what a chat was sent:
each message, when it went, and the stories it carried, as the chat read them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.feedserver import FeedServer
from tests.reliability.harness import Deployment
from tests.reliability.stories import feed, link, title

EVERYTHING, ORCHARD_ONLY, DAILY, REFUSED = 7101, 7102, 7103, 7104
LIGHTHOUSE_HOST, ORCHARD_HOST = "https://lighthouse.example", "https://orchard.example"
LIGHTHOUSE, ORCHARD = range(0, 3), range(3, 6)  # story numbers of each source
STORIES = len(LIGHTHOUSE) + len(ORCHARD)


def config(feed_server: FeedServer, peer: Any, daily_at: str) -> dict[str, Any]:
    feed_server.route("/lighthouse.xml", body=feed(LIGHTHOUSE, LIGHTHOUSE_HOST))
    feed_server.route("/orchard.xml", body=feed(ORCHARD, ORCHARD_HOST))
    for chat in (EVERYTHING, ORCHARD_ONLY, DAILY, REFUSED):
        peer.add_chat(chat, "private")

    def chat(chat_id: int, **settings: Any) -> dict[str, Any]:
        return {"platform": "telegram", "chat_id": str(chat_id), "max_items": 20, **settings}

    return {
        "fetch": {"allow_private_addresses": True, "timeout": 5, "fetch_full_text": False},
        "telegram": {"api_base_url": peer.base_url, "poll_interval": 0.05},
        "sources": [
            {"name": "Lighthouse desk", "url": feed_server.url("/lighthouse.xml"), "tags": ["lighthouse"],
             "interval": 3600},
            {"name": "Orchard desk", "url": feed_server.url("/orchard.xml"), "tags": ["orchard"], "interval": 3600},
        ],
        "subscriptions": [
            chat(EVERYTHING, mode="instant"),
            chat(ORCHARD_ONLY, mode="instant", topics=["orchard"]),
            chat(DAILY, time=daily_at, timezone="UTC"),
            chat(REFUSED, mode="instant"),
        ],
    }


def test_why_and_sent_say_what_became_of_stories_for_a_chat(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any
) -> None:
    peer = telegram_peer
    peer.inject_fault("sendMessage", "bad_request", times=1_000_000, chat_id=REFUSED,
                      description="Bad Request: message is too long")
    daily_at = (datetime.now(UTC) + timedelta(hours=12)).strftime("%H:%M")
    deployment = deploy(config(feed_server, peer, daily_at), env={"TELEGRAM_BOT_TOKEN": peer.token})
    run = deployment.start()
    deployment.wait_for(
        lambda: deployment.delivered_to([EVERYTHING], STORIES) and deployment.ledger()["failed"] > 0
        and deployment.delivered_to([ORCHARD_ONLY], len(ORCHARD)),
        120, run, "the chats served and the refused chat's messages failed")
    lighthouse_story = link(LIGHTHOUSE_HOST, LIGHTHOUSE[0])

    def why(chat: int, story: str) -> str:
        answer = deployment.cli("why", "--platform", "telegram", "--chat", str(chat), story)
        assert answer.returncode == 0, answer.stderr
        return answer.stdout

    sent = why(EVERYTHING, lighthouse_story)
    message = re.search(r"Sent in message #(\d+) at (\d{4}-\d\d-\d\d \d\d:\d\d) UTC", sent)
    assert message, sent
    assert title(LIGHTHOUSE[0]) in sent and "Lighthouse desk" in sent
    carried = deployment.scalar("SELECT payload FROM deliveries WHERE id = ?", [int(message.group(1))])
    assert lighthouse_story in carried, "the message named is the one that carried the story"
    text_sent = [m for m in peer.bot_messages(EVERYTHING) if lighthouse_story in m.links()]
    assert len(text_sent) == 1

    other_topic = why(ORCHARD_ONLY, lighthouse_story)
    assert "Not for this chat" in other_topic and "matches none of its topics (orchard)" in other_topic
    assert "its tags: lighthouse" in other_topic, other_topic
    assert not [m for m in peer.bot_messages(ORCHARD_ONLY) if lighthouse_story in m.links()]

    waiting = why(DAILY, title(ORCHARD[0]))  # by its headline, as a reader would quote it
    assert "Not sent yet" in waiting and f"daily digest at {daily_at} UTC" in waiting, waiting
    assert link(ORCHARD_HOST, ORCHARD[0]) in waiting

    failed = why(REFUSED, lighthouse_story)
    refused = re.search(r"message #(\d+), which carries it, failed", failed)
    assert refused, failed
    assert "message is too long" in failed.lower() and f"communique resend {refused.group(1)}" in failed

    unknown = why(EVERYTHING, "https://lighthouse.example/press/999")
    assert "No story with the link https://lighthouse.example/press/999 is stored" in unknown

    no_chat = deployment.cli("why", "--platform", "telegram", "--chat", "4242", lighthouse_story)
    assert no_chat.returncode == 2 and "no subscription for telegram 4242" in no_chat.stderr
    # A chat asked for on the wrong platform is told the one that has it, as `digest` tells it.
    elsewhere = deployment.cli("sent", "--platform", "discord", "--chat", str(EVERYTHING))
    assert elsewhere.returncode == 2 and "give --platform telegram" in elsewhere.stderr, elsewhere.stderr

    listed = deployment.cli("sent", "--chat", str(EVERYTHING), "--since", "2h")
    assert listed.returncode == 0, listed.stderr
    read = [url for m in peer.bot_messages(EVERYTHING) for url in m.links() if url.startswith(("https://l",
                                                                                                 "https://o"))]
    assert len(read) == STORIES
    shown = re.findall(r"https://(?:lighthouse|orchard)\.example/press/\d+", listed.stdout)
    assert shown == read, f"every story the chat got, once, in the order it read them:\n{listed.stdout}"
    ids = [i for (i,) in deployment.query(
        "SELECT d.id FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id WHERE s.chat_id = ? "
        "ORDER BY d.id", [str(EVERYTHING)])]
    assert [int(i) for i in re.findall(r"^#(\d+) sent at ", listed.stdout, re.M)] == ids
    elsewhere = deployment.cli("sent", "--platform", "discord", "--chat", str(EVERYTHING))
    assert elsewhere.returncode == 2 and "give --platform telegram" in elsewhere.stderr, elsewhere.stderr
    refused_list = deployment.cli("sent", "--chat", str(REFUSED))
    assert f"#{refused.group(1)} FAILED" in refused_list.stdout
    assert f"communique resend {refused.group(1)}" in refused_list.stdout
    code, _ = run.terminate()
    assert code == 0, run.stderr[-2000:]


def test_why_says_the_platform_of_an_instant_chat_is_not_started(tmp_path, feed_server: FeedServer) -> None:
    """`communique why` for a chat in instant mode whose platform does not start (its token variable unset) said "a
    running bot plans it at its next pass": a running bot never would. It says the platform is not started, why,
    and what starts it; with the token set, it says the next pass as before."""
    import os
    import subprocess
    import sys

    from storage.db import connect
    from tests.conftest import REPO
    from tests.helpers import subscribe

    feed_server.route("/lighthouse.xml", body=feed(LIGHTHOUSE, LIGHTHOUSE_HOST))
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "communique.db"\n[fetch]\nfetch_full_text = false\nallow_private_addresses = true\n'
        '[telegram]\ntoken_env = "LIGHTHOUSE_BOT_TOKEN"\n'
        f'[[sources]]\nname = "Lighthouse desk"\nurl = "{feed_server.url("/lighthouse.xml")}"\n'
    )
    env = {k: v for k, v in os.environ.items() if k != "LIGHTHOUSE_BOT_TOKEN"} | {"PYTHONPATH": str(REPO)}

    def communique(*args: str, **more: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "bot", *args], cwd=tmp_path, capture_output=True, text=True,
                              timeout=120, env=env | more)

    assert communique("fetch").returncode == 0
    db = connect(str(tmp_path / "communique.db"))
    subscribe(db, str(EVERYTHING), platform="telegram", mode="instant")
    db.close()
    story = link(LIGHTHOUSE_HOST, LIGHTHOUSE[0])
    unset = communique("why", "--chat", str(EVERYTHING), story)
    assert unset.returncode == 0, unset.stderr
    assert "Not sent yet" in unset.stdout and "next pass" not in unset.stdout, unset.stdout
    assert "Telegram is not started: the environment variable LIGHTHOUSE_BOT_TOKEN ([telegram] token_env) is not " \
        "set" in unset.stdout, unset.stdout
    token_set = communique("why", "--chat", str(EVERYTHING), story, LIGHTHOUSE_BOT_TOKEN="1234567:AAbbCCddEEffGGhh")
    assert "a running bot plans it at its next pass" in token_set.stdout, token_set.stdout
    assert "not started" not in token_set.stdout


def test_why_finds_the_message_of_a_story_whose_link_changed_when_it_was_edited(tmp_path) -> None:
    """A story sent at one link, then moved by its outlet to another as it was edited (its headline recast): `why`
    at its new link said it was "recorded as told ... though no message of it that is still kept links to it",
    though the message that carried it is kept and carries it under its earlier link and headline. It names that
    message and says the link changed with the edit."""
    import os
    import subprocess
    import sys

    from storage import articles, deliveries
    from storage.db import connect
    from tests.conftest import REPO
    from tests.helpers import add_articles, subscribe

    (tmp_path / "config.toml").write_text('[storage]\npath = "communique.db"\n'
                                          '[[sources]]\nname = "Wire"\nurl = "feed.xml"\n')
    db = connect(str(tmp_path / "communique.db"))
    sub = subscribe(db, "terminal", platform="console", mode="instant")
    (story,) = add_articles(db, 1)
    body = {"text": "<b>Story 0</b>\n<a href=\"https://ministry.example/0\">read</a>"}
    deliveries.plan(db, sub.id, "instant:1", [body], [story])
    (message,) = deliveries.digest_messages(db, sub.id, "instant:1")
    deliveries.mark_sent(db, message.id, "m-1")
    articles.relink(db, story, "https://ministry.example/press/0-updated", None)
    db.execute("UPDATE articles SET title = 'Story 0, talks resumed' WHERE id = ?", [story])
    db.execute("INSERT INTO story_edits (article_id, was_title, change, created) VALUES (?, 'Story 0', "
               "'headline recast', '2026-11-21T08:00:00Z')", [story])
    db.close()
    answer = subprocess.run([sys.executable, "-m", "bot", "why", "--platform", "console", "--chat", "terminal",
                             "https://ministry.example/press/0-updated"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert answer.returncode == 0, answer.stderr
    assert f"Sent in message #{message.id} at " in answer.stdout, answer.stdout
    assert "no message of it that is still kept links to it" not in answer.stdout
    assert "under its earlier headline “Story 0”" in answer.stdout, answer.stdout
    earlier = subprocess.run([sys.executable, "-m", "bot", "why", "--platform", "console", "--chat", "terminal",
                              "https://ministry.example/0"], cwd=tmp_path, capture_output=True, text=True,
                             timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert earlier.returncode == 0, earlier.stderr
    assert "No story with the link" not in earlier.stdout, earlier.stdout
    assert "its outlet has since given it another link, as it edited it: https://ministry.example/press/0-updated" \
        in earlier.stdout, earlier.stdout
    assert f"Sent in message #{message.id} at " in earlier.stdout, earlier.stdout


def test_why_asks_the_running_bot_which_platforms_it_serves_not_the_shell(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any
) -> None:
    """The service reads its token from its own environment (systemd's EnvironmentFile=, compose's .env); the
    operator runs `why` from a shell without it, as docs/operations.md says to (`sudo -u communique ...`). `why` said
    "Telegram is not started: ... is not set" of a chat a running bot served, and sent the operator after a token that
    was right. It now takes what the running bot started from the bot itself; and a bot that started without the
    token is said to be serving nothing there, even from a shell that has it."""
    peer = telegram_peer
    daily_at = (datetime.now(UTC) + timedelta(hours=12)).strftime("%H:%M")
    deployment = deploy(config(feed_server, peer, daily_at))  # no token in the operator's shell
    run = deployment.start(env={"TELEGRAM_BOT_TOKEN": peer.token})  # the service's own environment has it
    deployment.wait_for(lambda: deployment.delivered_to([EVERYTHING], STORIES), 120, run, "the instant chat served")
    story = title(ORCHARD[0])

    served = deployment.cli("why", "--chat", str(DAILY), story)
    assert served.returncode == 0, served.stderr
    assert f"daily digest at {daily_at} UTC" in served.stdout, served.stdout
    assert "not started" not in served.stdout and "is not set" not in served.stdout, served.stdout
    # check-config from that shell said "NOT set, so this platform will not start" of the platform the bot served.
    checked = deployment.cli("check-config")
    assert checked.returncode == 0, checked.stderr
    assert (f"telegram: token from $TELEGRAM_BOT_TOKEN: NOT set here, but the bot running on this database (pid "
            f"{run.proc.pid}) started telegram") in checked.stdout, checked.stdout
    code, _ = run.terminate()
    assert code == 0, run.stderr[-2000:]

    tokenless = deployment.start()  # started by mistake without the token: Telegram does not start
    # The start, /healthz and `why` say it in the same words, which the operator greps the log for.
    said = "Telegram is not started: the environment variable TELEGRAM_BOT_TOKEN ([telegram] token_env) is not set"
    deployment.wait_for(lambda: said in tokenless.stderr, 60, tokenless, "the start said so")
    asked = deployment.cli("why", "--chat", str(DAILY), story, env={"TELEGRAM_BOT_TOKEN": peer.token})
    assert asked.returncode == 0, asked.stderr
    assert f"{said} in the environment of the running bot (pid {tokenless.proc.pid})" in asked.stdout, asked.stdout
    code, _ = tokenless.terminate()
    assert code == 0, tokenless.stderr[-2000:]


def test_why_says_a_story_held_back_by_newer_ones_comes_by_digest_not_in_its_daily_digest(tmp_path) -> None:
    """A chat of `max 2` owed five stories: `why` for the oldest said it "goes in its daily digest at 08:00", then
    that it "comes in a later one". Digests bring the newest first: while newer stories fill them, it comes by
    /digest. The answer says so, and still names the digest's time for the stories it does bring."""
    import os
    import subprocess
    import sys

    from storage.db import connect
    from tests.conftest import REPO
    from tests.helpers import add_articles, subscribe

    (tmp_path / "config.toml").write_text('[storage]\npath = "communique.db"\n'
                                          '[[sources]]\nname = "Wire"\nurl = "feed.xml"\n')
    db = connect(str(tmp_path / "communique.db"))
    subscribe(db, "terminal", platform="console", mode="daily", max_items=2, time="08:00", timezone="UTC")
    add_articles(db, 5)
    db.close()

    def why(link: str) -> str:
        answer = subprocess.run([sys.executable, "-m", "bot", "why", "--platform", "console", "--chat", "terminal",
                                 link], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                                env={**os.environ, "PYTHONPATH": str(REPO)})
        assert answer.returncode == 0, answer.stderr
        return answer.stdout

    answers = [why(f"https://ministry.example/{n}") for n in range(5)]
    held = [a for a in answers if "more stories wait than a digest holds" in a.lower()]
    assert len(held) == 3, answers
    for answer in held:
        assert "goes in its daily digest" not in answer and "comes in a later one" not in answer, answer
        assert "digests bring the newest first" in answer and "/digest in the chat sends the next ones" in answer, \
            answer
        assert "daily digest at 08:00 UTC" in answer, answer
    shown = [a for a in answers if a not in held]
    assert all("goes in its daily digest at 08:00 UTC" in a for a in shown), shown


def test_sent_since_a_number_with_no_unit_is_refused_not_read_as_seconds(tmp_path) -> None:
    """`communique sent --chat ID --since 3`, meant as the last three days (or hours): read as three seconds, it
    listed nothing, and the operator took it that the chat had been sent nothing. Refused, with the two readings."""
    import subprocess
    import sys

    from storage import connect
    from storage import subscriptions as sub_store
    from tests.helpers import DEFAULTS

    db_path = tmp_path / "communique.db"
    db = connect(db_path)
    sub_store.subscribe(db, platform="console", chat_id="terminal", chat_kind="private", defaults=DEFAULTS)
    db.conn.close()
    (tmp_path / "config.toml").write_text(f'[storage]\npath = "{db_path}"\n')
    done = subprocess.run([sys.executable, "-m", "bot", "--config", str(tmp_path / "config.toml"), "sent",
                           "--platform", "console", "--chat", "terminal", "--since", "3"],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "'3' has no unit: write 3d for 3 days or 3h for 3 hours" in done.stderr, done.stderr


def test_why_and_status_say_a_chat_that_only_set_its_zone_never_subscribed(tmp_path) -> None:
    """A chat that never subscribed and set its zone with /settings holds an inactive row. `communique why` told the
    operator its "subscription has ended" (or the day it "subscribed") and `communique status` counted it as an
    inactive subscription ("0 active of 1"), as if a reader had left: it never joined."""
    import subprocess
    import sys

    from bot.ops.why import explain
    from storage import articles as article_store
    from storage import connect
    from storage import subscriptions as sub_store
    from storage.records import SettingsChange
    from tests.helpers import DEFAULTS, add_articles

    db_path = tmp_path / "communique.db"
    db = connect(db_path)
    sub_store.subscribe(db, platform="console", chat_id="desk", chat_kind="private", defaults=DEFAULTS)
    sub = sub_store.keep_settings(db, platform="console", chat_id="terminal", chat_kind="private", defaults=DEFAULTS,
                                  change=SettingsChange(timezone="Pacific/Apia"))
    [story_id] = add_articles(db, 1)
    story = article_store.get_article(db, story_id)
    assert story is not None
    verdict = " ".join(explain(db, sub, story, now=datetime.now(UTC)).verdict)
    assert "never subscribed" in verdict and "/subscribe" in verdict, verdict
    assert "ended" not in verdict and "it subscribed" not in verdict, verdict
    db.conn.close()
    (tmp_path / "config.toml").write_text(f'[storage]\npath = "{db_path}"\n')
    done = subprocess.run([sys.executable, "-m", "bot", "--config", str(tmp_path / "config.toml"), "status"],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Subscriptions: 1 active of 1" in done.stdout, done.stdout
    assert "console terminal" in done.stdout and "never subscribed" in done.stdout, done.stdout
