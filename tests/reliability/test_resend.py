"""What a platform refuses for good is shown to the operator and can be sent again: `communique status` lists each
failed message with its id and reason, and `communique resend` (by id, by chat, or all) makes it due again, and a
running bot sends it, once.

Played on the local Telegram peer: for one chat every send is answered 403 "user is deactivated" (the chat is
stopped at once and its digest kept as failed), another refuses every message (400: the message itself, even as
plain text). After the faults are cleared (the account is back, the refusal was a passing bug), the operator
resends: the refusing chat's messages by the ids `status` printed, the stopped chat's by `--chat` (which
reactivates it), the rest with `--all`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tests.feedserver import FeedServer
from tests.reliability.conftest import Figures
from tests.reliability.harness import Deployment
from tests.reliability.telegram_world import CHATS, STORIES, check_chats, telegram_config

GONE, REJECTING = CHATS[0], CHATS[1]
FAILED_LINE = re.compile(r"failed #(\d+) to telegram (-?\d+) ")


def failed_by_chat(deployment: Deployment) -> dict[str, int]:
    return dict(deployment.query(
        "SELECT s.chat_id, COUNT(*) FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id "
        "WHERE d.state = 'failed' GROUP BY s.chat_id"))


def test_failed_messages_are_listed_and_resent_by_id_by_chat_and_all(
    deploy: Callable[..., Deployment], feed_server: FeedServer, telegram_peer: Any, figures: Figures
) -> None:
    peer = telegram_peer
    peer.inject_fault("sendMessage", "forbidden", times=1_000_000, chat_id=GONE,
                      description="Forbidden: user is deactivated")
    peer.inject_fault("sendMessage", "bad_request", times=1_000_000, chat_id=REJECTING,
                      description="Bad Request: can't parse entities: unsupported start tag")
    deployment = deploy(telegram_config(feed_server, peer), env={"TELEGRAM_BOT_TOKEN": peer.token})
    run = deployment.start()

    def settled() -> bool:  # the healthy chats served, the two others given up on, nothing left to try
        failed = failed_by_chat(deployment)
        return (str(GONE) in failed and str(REJECTING) in failed
                and deployment.delivered_to(CHATS[2:], STORIES) and deployment.delivered_to(CHATS[:2], STORIES))

    deployment.wait_for(settled, 120, run, "the healthy chats served and the refused messages failed")
    failed_before = failed_by_chat(deployment)
    assert not peer.bot_messages(GONE) and not peer.bot_messages(REJECTING)
    assert deployment.scalar("SELECT active FROM subscriptions WHERE chat_id = ?", [str(GONE)]) == 0

    status = deployment.cli("status")
    assert status.returncode == 0, status.stderr
    listed = [(int(i), chat) for i, chat in FAILED_LINE.findall(status.stdout)]
    assert listed, f"status lists the failed messages with their ids:\n{status.stdout}"
    assert "communique resend" in status.stdout
    assert "can't parse entities" in status.stdout.lower(), "the platform's reason is shown"
    total = sum(failed_before.values())
    assert f"{total} failed" in status.stdout

    peer.clear_faults()  # the chat is back; the messages would now be taken
    unknown = deployment.cli("resend", "999999")
    assert unknown.returncode == 1 and "No failed message #999999" in unknown.stderr

    by_id = [str(i) for i, chat in listed if chat == str(REJECTING)]
    if by_id:
        resent = deployment.cli("resend", *by_id)
        assert resent.returncode == 0 and f"Resent {len(by_id)} message(s)" in resent.stdout, resent.stdout
    by_chat = deployment.cli("resend", "--chat", str(GONE), "--platform", "telegram")
    assert by_chat.returncode == 0, by_chat.stderr
    assert f"Reactivated telegram {GONE}" in by_chat.stdout, by_chat.stdout
    assert f"Resent {failed_before[str(GONE)]} message(s)" in by_chat.stdout, by_chat.stdout
    rest = deployment.cli("resend", "--all")
    assert rest.returncode == 0, rest.stderr
    if len(by_id) == failed_before[str(REJECTING)]:
        assert "nothing to resend" in rest.stdout or "Resent" not in rest.stdout

    deployment.wait_for(lambda: deployment.drained(STORIES, len(CHATS)) and deployment.ledger()["failed"] == 0,
                        90, run, "every resent message sent")
    code, _ = run.terminate()
    assert code == 0, run.stderr[-2000:]
    repeated, lost = check_chats(peer, in_flight_bound=0)
    assert deployment.scalar("SELECT active FROM subscriptions WHERE chat_id = ?", [str(GONE)]) == 1
    again = deployment.cli("resend", "--all")
    assert again.returncode == 0 and "nothing to resend" in again.stdout
    figures.fault("messages refused for good, then resent (by id, chat, all)")
    figures.notes.append(
        f"a chat gone and a chat refusing every message: {total} message(s) failed and listed by `status`; "
        f"after `resend` every story reached both, {repeated} repeated, {lost} lost")
    print(figures.notes[-1])
