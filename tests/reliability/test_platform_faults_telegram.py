"""Faults at the platform, played by the local Telegram peer while `communique run` delivers digests of several
messages to several chats: 429 bursts with retry_after, 5xx, dropped connections, one chat that blocked the bot,
a group migrated to a supergroup. No message lost, none repeated, the other chats unaffected, the limits kept;
and a failing source is reported to the operator once, through Telegram."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from tests.feedserver import FeedServer
from tests.reliability.conftest import Figures
from tests.reliability.harness import Deployment
from tests.reliability.telegram_world import CHATS as WORLD_CHATS
from tests.reliability.telegram_world import OPERATOR, STORIES, check_chats, received, telegram_config

LIMITED, FLAKY, DROPPED, BLOCKED, PLAIN = 7201, 7202, 7203, 7204, 7205
GROUP, SUPERGROUP = -7206, -1007206
CHATS = (LIMITED, FLAKY, DROPPED, BLOCKED, PLAIN, GROUP)
PER_CHAT_GAP = 1.0  # Telegram: about one message a second per chat
OVERALL = 30  # and about thirty a second overall
SLACK = 0.1  # the peer stamps a call when it arrives, the sender when it dispatches


def test_platform_faults_lose_nothing_repeat_nothing_and_spare_the_other_chats(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, figures: Figures
) -> None:
    peer = telegram_peer
    config = telegram_config(feed_server, peer, chats=CHATS)
    peer.add_chat(GROUP, "group", title="Embassy desk")
    peer.migrate_chat(GROUP, SUPERGROUP)
    peer.inject_fault("sendMessage", "retry_after", times=3, chat_id=LIMITED, retry_after=1)
    peer.inject_fault("sendMessage", "server_error", times=2, chat_id=FLAKY)
    peer.inject_fault("sendMessage", "disconnect", times=1, chat_id=DROPPED)
    peer.inject_fault("sendMessage", "forbidden", times=100, chat_id=BLOCKED)
    deployment = deploy(config, env={"TELEGRAM_BOT_TOKEN": peer.token})
    run = deployment.start()
    healthy = tuple(c for c in CHATS if c not in (BLOCKED, GROUP)) + (SUPERGROUP,)

    deployment.wait_for(lambda: deployment.delivered_to(healthy, STORIES), 90, run, "every healthy chat's digest")
    peer.send_command(OPERATOR, "/status", user_id=OPERATOR)
    [status] = peer.wait_for_bot_messages(OPERATOR, count=1, timeout=10)
    code, _ = run.terminate()
    assert code == 0, run.stderr[-2000:]

    repeated, lost = check_chats(peer, in_flight_bound=0, chats=healthy)
    assert received(peer, (GROUP,))[GROUP].messages == [], "nothing reached the old group id"
    assert deployment.scalar("SELECT chat_id FROM subscriptions WHERE chat_id = ?", [str(SUPERGROUP)])
    blocked = deployment.query(
        "SELECT s.active, s.failures, s.last_error, SUM(d.state = 'due') FROM subscriptions s "
        "JOIN deliveries d ON d.subscription_id = s.id WHERE s.chat_id = ?", [str(BLOCKED)])[0]
    assert blocked[0] == 1 and blocked[1] >= 1 and "blocked" in blocked[2], blocked
    assert blocked[3] >= 1, "the refused chat's digest waits in the ledger, not dropped after one 403"
    assert f"{BLOCKED}: 1 refusal(s)" in status.plain_text and "blocked by the user" in status.plain_text

    _check_limits(peer)
    for kind in ("429 burst with retry_after", "HTTP 500", "connection dropped", "403 blocked chat",
                 "group migrated to a supergroup"):
        figures.fault(f"telegram: {kind} (communique run)")
    print(f"telegram platform faults: {repeated} repeated, {lost} lost across {len(healthy)} chats")


def _check_limits(peer: Any) -> None:
    calls = [c for c in peer.calls("sendMessage")]
    times = sorted(c.time for c in calls)
    for i, start in enumerate(times):
        in_window = sum(1 for t in times[i:] if t < start + 1.0)
        assert in_window <= OVERALL + 1, f"{in_window} sends within one second"
    by_chat: dict[str, list[Any]] = defaultdict(list)
    for call in calls:
        by_chat[str(call.chat_id)].append(call)
    for chat, own in by_chat.items():
        own.sort(key=lambda c: c.time)
        for before, after in zip(own, own[1:]):
            gap = after.time - before.time
            assert gap >= PER_CHAT_GAP - SLACK, f"chat {chat}: two sends {gap:.2f} s apart"
            if before.fault == "retry_after":
                assert gap >= 1.0 - SLACK, f"chat {chat}: retry_after not honoured ({gap:.2f} s)"


def test_a_failing_source_is_reported_to_the_operator_once_through_telegram(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, figures: Figures
) -> None:
    feed_server.route("/down.xml", status=503)
    config = telegram_config(feed_server, telegram_peer, chats=(7301,), alerts={"after_failures": 1})
    config["sources"].append({"name": "Ministry of Ports", "url": feed_server.url("/down.xml"), "interval": 30})
    deployment = deploy(config, env={"TELEGRAM_BOT_TOKEN": telegram_peer.token})
    run = deployment.start(tick=0.2)
    [alert] = telegram_peer.wait_for_bot_messages(OPERATOR, count=1, timeout=30)
    deployment.wait_for(lambda: deployment.drained(STORIES, 1), 60, run, "the chat's digest")
    run.terminate()
    assert "“Ministry of Ports” has failed once. Last error" in alert.plain_text
    assert "HTTP 503 service unavailable" in alert.plain_text and "/status" in alert.plain_text
    assert len(telegram_peer.bot_messages(OPERATOR)) == 1, "told once"
    figures.fault("operator alert delivered through Telegram")


def test_one_member_flooding_commands_does_not_hold_up_the_other_chats(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, figures: Figures
) -> None:
    """A member sends /help 400 times in a row, and Telegram's flood control answers each reply 429 (retry after
    2 s), as it does past about a message a second in a chat. Each command waited its turn in its chat holding one
    of the 256 updates python-telegram-bot handles at once, so the flood took them all, and the other chats'
    commands went unread for minutes. Another chat's /sources is answered at once; the flooder is answered again
    once the flood is over."""
    peer = telegram_peer
    flooder = 7290
    config = telegram_config(feed_server, peer)
    peer.add_chat(flooder, "private")
    deployment = deploy(config, env={"TELEGRAM_BOT_TOKEN": peer.token})
    run = deployment.start()
    deployment.wait_for(lambda: deployment.ledger()["due"] + deployment.ledger()["sending"] == 0
                        and deployment.ledger()["sent"] > 0, 90, run, "the digests sent")
    peer.inject_fault("sendMessage", "retry_after", times=100_000, chat_id=flooder, retry_after=2)
    for _ in range(400):
        peer.send_command(flooder, "/help", user_id=flooder)
    other = WORLD_CHATS[0]
    before = len(peer.bot_messages(other))
    began = time.monotonic()
    peer.send_command(other, "/sources", user_id=other)
    deployment.wait_for(lambda: len(peer.bot_messages(other)) > before, 30, run, "the other chat's reply")
    waited = time.monotonic() - began
    assert waited < 10, f"another chat's command waited {waited:.1f} s behind the flood"
    assert "flood" in run.stderr, "the log says a chat's commands were left unanswered"
    peer.clear_faults()
    peer.send_command(flooder, "/sources", user_id=flooder)
    deployment.wait_for(lambda: any("Communiqué follows" in m.plain_text for m in peer.bot_messages(flooder)), 60,
                        run, "the flooder's command after the flood")
    flood_replies = sum(1 for m in peer.bot_messages(flooder) if "Communiqué follows" not in m.plain_text)
    assert flood_replies < 40, f"{flood_replies} replies to the flood: its commands were queued, not left"
    run.terminate()
    figures.tried("a chat flooding commands under Telegram's flood control")


def test_the_commands_a_busy_group_sent_while_the_bot_was_stopped_are_all_answered(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, figures: Figures
) -> None:
    """A bot stopped for an upgrade (or a day) finds a group's commands waiting at Telegram, sent by its members
    meanwhile, and gets them at once at its start: more than a chat's 8 in hand were taken for a flood and left
    unanswered, a member's /follow among them ("4 of its messages were left unanswered"), where the release before
    answered each. What was sent before the start is the chat's backlog, not a flood."""
    peer = telegram_peer
    group = -7391
    config = telegram_config(feed_server, peer)
    peer.add_chat(group, "group", title="Embassy desk")
    members = range(7301, 7321)
    for member in members:
        peer.add_user(member, f"Member {member}")
        peer.set_member(group, member, "member", notify=False)
    for member in members:
        peer.send_command(group, "/sources", user_id=member)
    deployment = deploy(config, env={"TELEGRAM_BOT_TOKEN": peer.token})
    run = deployment.start()
    deployment.wait_for(lambda: len(peer.bot_messages(group)) >= len(members), 60, run, "every member answered")
    time.sleep(1)
    assert len(peer.bot_messages(group)) == len(members)
    assert "flood" not in run.stderr, run.stderr[-2000:]
    run.terminate()
    figures.tried("a group's commands sent while the bot was stopped")


def test_the_commands_one_member_sent_while_the_bot_was_stopped_are_all_answered(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, figures: Figures
) -> None:
    """One administrator sent a dozen commands while the bot was stopped (retrying, then other ones): at the start
    they arrive at once, which is no flood, and each is answered; more than 8 in hand at once was taken for one."""
    peer = telegram_peer
    group = -7392
    admin = 7390
    config = telegram_config(feed_server, peer)
    peer.add_chat(group, "group", title="Consular desk")
    peer.add_user(admin, "Desk admin")
    peer.set_member(group, admin, "administrator", notify=False)
    for _ in range(12):
        peer.send_command(group, "/sources", user_id=admin)
    deployment = deploy(config, env={"TELEGRAM_BOT_TOKEN": peer.token})
    run = deployment.start()
    deployment.wait_for(lambda: len(peer.bot_messages(group)) >= 12, 60, run, "every command answered")
    time.sleep(1)
    assert len(peer.bot_messages(group)) == 12
    assert "flood" not in run.stderr, run.stderr[-2000:]
    run.terminate()
    figures.tried("one member's commands sent while the bot was stopped")


def flood(deploy: Callable[..., Deployment], feed_server: FeedServer, peer: Any, chat: int, kind: str, sender: int,
          commands: int, lines: tuple[str, ...] = ()) -> tuple[list[Any], int]:
    """`sender` taps /digest, /latest and /pledges in turn, `commands` in all, then writes `lines`, while replies
    are slow (past 8 in hand the rest are a flood): the bot's replies after the first /help's, and how many
    commands the one note at the flood's end says went unanswered."""
    config = telegram_config(feed_server, peer, chats=())
    del config["subscriptions"]
    peer.add_chat(chat, kind, title=None if kind == "private" else "Estavia desk")
    deployment = deploy(config, env={"TELEGRAM_BOT_TOKEN": peer.token})
    run = deployment.start()
    peer.send_command(chat, "/help", user_id=sender)
    peer.wait_for_bot_messages(chat, count=1, timeout=60)
    peer.set_latency(600, "sendMessage")
    for _ in range(commands // 3):
        for command in ("/digest", "/latest 3", "/pledges"):
            peer.send_command(chat, command, user_id=sender)
    for line in lines:
        peer.send_message(chat, line, user_id=sender)
    deployment.wait_for(lambda: "flood of sender" in run.stderr, 60, run, "the flood's end")
    time.sleep(3)
    run.terminate()
    replies = peer.bot_messages(chat)[1:]
    notes = [m for m in replies if "too fast" in m.plain_text]
    assert len(notes) == 1, [m.plain_text[:80] for m in replies]
    assert "send again" in notes[0].plain_text.lower()
    return replies, int(notes[0].plain_text.split(" of your ")[0].split()[-1])


def test_a_member_whose_commands_come_too_fast_is_told_how_many_were_left_unanswered(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, figures: Figures
) -> None:
    """A reader taps /digest, /latest and /pledges five times each in a few seconds while replies are slow: past 8
    in hand the rest are left unanswered (a flood), and the reader was told nothing, so the commands they sent last
    looked lost. Each is answered or counted in one note at the flood's end, which says to send them again."""
    reader, sent = 7295, 15
    replies, skipped = flood(deploy, feed_server, telegram_peer, reader, "private", reader, sent)
    assert skipped >= 1 and len(replies) - 1 + skipped == sent, "each command answered or counted in the note"
    figures.tried("a reader's commands faster than they are answered: told how many were left")


def test_a_member_told_of_a_flood_in_a_group_is_told_of_their_commands_not_their_chat(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, figures: Figures
) -> None:
    """A member of a group taps commands faster than they are answered, then writes "hello?" while waiting: the
    lines they wrote to the group were counted with the commands, and the note said more commands went unanswered
    than they had sent. The note counts the commands left, the ones the member may want to send again."""
    commands = 12
    replies, skipped = flood(deploy, feed_server, telegram_peer, -7307, "group", 7308, commands,
                             ("hello?", "is the bot asleep", "anyone?"))
    assert skipped >= 1 and len(replies) - 1 + skipped == commands, (skipped, [m.plain_text[:60] for m in replies])
    figures.tried("a group member's commands and lines faster than answered: the note counts the commands")
