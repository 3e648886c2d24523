"""The Telegram adapter on its own, against the Bot API peer: updates become Invocations, replies go back as
HTML, Telegram's answers become delivery outcomes, and the lifecycle (start, reconnect, stop) holds up.

The command runner here is a recording stand-in for `bot.commands` (the commands are tested in
tests/test_commands.py, and together with this adapter in test_telegram_e2e.py); everything on the Telegram
side is real: python-telegram-bot talking HTTP to the peer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import pytest
from telegram import Bot
from telegram.error import TimedOut
from telegram.request import HTTPXRequest

from bot.core.commands import Invocation, Reply, Section
from bot.core.digest import Digest, Story
from bot.core.errors import ConfigError
from bot.core.outcomes import Gone, Moved, Outcome, Rejected, RetryAfter, Sent, Transient
from bot.platforms.telegram.config import TelegramConfig
from bot.platforms.telegram.fallback import plain_text
from bot.platforms.telegram.outcomes import never_reached
from bot.platforms.telegram.platform import TelegramPlatform
from bot.platforms.telegram.updates import parse_command, should_answer
from tests.helpers import RecordingCommands, wait_until
from tests.peers.telegram_peer import TelegramPeer

OPERATOR = 4242
USER = 7

# PTB 22's own RetryAfter constructor warns about a future type change (the adapter reads either type).
pytestmark = pytest.mark.filterwarnings("ignore:.*`retry_after` will be of type")


AdapterRunner = Callable[..., AbstractAsyncContextManager[tuple[TelegramPlatform, RecordingCommands]]]


def telegram_config(peer: TelegramPeer, **changes: Any) -> TelegramConfig:
    base = TelegramConfig(api_base_url=peer.base_url, operators=(str(OPERATOR),), poll_interval=0.05)
    return replace(base, **changes)


@pytest.fixture
def adapter(telegram_peer: TelegramPeer) -> AdapterRunner:
    """`async with adapter() as (platform, runner):` a started TelegramPlatform on the clean peer."""

    @asynccontextmanager
    async def run(token: str | None = None, wait_ready: bool = True, **options: Any
                  ) -> AsyncIterator[tuple[TelegramPlatform, RecordingCommands]]:
        config = telegram_config(telegram_peer, **options.pop("config", {}))
        platform = TelegramPlatform(config, token or telegram_peer.token, poll_timeout=1, **options)
        runner = RecordingCommands()
        await platform.start(runner)
        try:
            if wait_ready:
                await wait_until(lambda: platform.ready, "the platform connects")
            yield platform, runner
        finally:
            await platform.stop()

    return run



async def command(peer: TelegramPeer, chat_id: int, text: str, *, user_id: int | None = None,
                  channel: bool = False) -> str:
    """A user sends a command (an admin posts it, in a channel); returns the text of the bot's next message there."""
    before = len(peer.bot_messages(chat_id))
    if channel:
        peer.post_in_channel(chat_id, text)
    else:
        peer.send_command(chat_id, text, user_id=user_id)
    return (await peer.await_bot_messages(chat_id, count=before + 1))[before].plain_text


def html(text: str) -> dict[str, Any]:
    return {"text": text, "parse_mode": "HTML"}


# ---- reading commands (no server needed) ----

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/latest", ("latest", [], False)),
        ("/latest 5 europe", ("latest", ["5", "europe"], False)),
        ("/Latest@Communique_Test_Bot  3\ttrade", ("latest", ["3", "trade"], True)),
        ("/settings time 08:30 tz Europe/Berlin", ("settings", ["time", "08:30", "tz", "Europe/Berlin"], False)),
        ("/latest@some_other_bot 5", None),
        ("hello /latest", None),
        ("/", None),
        ("/ latest", None),
        ("/late-st", None),
        ("", None),
    ],
)
def test_reading_a_command(text: str, expected: tuple[str, list[str], bool] | None) -> None:
    parsed = parse_command(text, "communique_test_bot")
    assert (None if parsed is None else (parsed.name, parsed.args, parsed.addressed)) == expected


def test_in_groups_unknown_bare_commands_belong_to_other_bots() -> None:
    bare = parse_command("/weather", "communique_test_bot")
    named = parse_command("/weather@communique_test_bot", "communique_test_bot")
    assert bare is not None and named is not None
    assert not should_answer(bare, "supergroup", known=False)
    assert should_answer(named, "supergroup", known=False)
    assert should_answer(bare, "private", known=False), "in a private chat every command is for us"
    assert should_answer(bare, "group", known=True)
    assert not should_answer(bare, "channel", known=False), "a channel's subscribers would read the answer"


def test_the_plain_text_fallback_keeps_words_and_link_addresses() -> None:
    text = plain_text('<b><a href="https://ministry.example/a?x=1&amp;y=2">Talks &amp; terms</a></b>\n'
                      '<blockquote>“We stay” — <i>Envoy</i></blockquote> 🕊️')
    assert text == "Talks & terms (https://ministry.example/a?x=1&y=2)\n“We stay” — Envoy 🕊️"
    long_link = f'<a href="https://ministry.example/{"p" * 2000}">{"w" * 3000}</a>'
    assert plain_text(long_link) == "w" * 3000, "addresses are dropped rather than breaking the limit"
    assert plain_text("<b>unclosed & <broken").startswith("unclosed &")


# ---- updates in, replies out ----

async def test_commands_from_every_kind_of_chat_become_invocations(adapter: AdapterRunner,
                                                                 telegram_peer: TelegramPeer) -> None:
    telegram_peer.add_user(USER, "Amara", last_name="Diallo", username="amara")
    telegram_peer.add_chat(-4001, "group", title="Desk")
    telegram_peer.add_chat(-100123, "supergroup", title="Big Desk")
    telegram_peer.add_chat(-100777, "channel", title="Brief")
    async with adapter() as (_, runner):
        assert await command(telegram_peer, USER, "/latest 3 europe") == "ran /latest 3 europe"
        assert await command(telegram_peer, -4001, "/subscribe un", user_id=USER) == "ran /subscribe un"
        assert await command(telegram_peer, -100123, "/settings@communique_test_bot", user_id=USER) == "ran /settings"
        assert await command(telegram_peer, -100777, "/digest", channel=True) == "ran /digest"
    seen = [(i.chat_id, i.chat_kind, i.user_id, i.command, i.args, i.chat_title) for i in runner.invocations]
    assert seen == [
        (str(USER), "private", str(USER), "latest", ["3", "europe"], "Amara Diallo"),
        ("-4001", "group", str(USER), "subscribe", ["un"], "Desk"),
        ("-100123", "group", str(USER), "settings", [], "Big Desk"),
        ("-100777", "channel", None, "digest", [], "Brief"),
    ]
    assert all(i.platform == "telegram" for i in runner.invocations)


async def test_a_group_admin_is_asked_of_telegram_only_when_needed(adapter: AdapterRunner,
                                                                  telegram_peer: TelegramPeer) -> None:
    telegram_peer.add_chat(-100123, "supergroup", title="Desk")
    for user, status in ((11, "member"), (12, "administrator"), (13, "creator"), (14, "restricted")):
        telegram_peer.set_member(-100123, user, status, notify=False)  # type: ignore[arg-type]
    async with adapter() as (_, runner):
        for user in (11, 12, 13, 14):
            await command(telegram_peer, -100123, "/subscribe", user_id=user)
        assert telegram_peer.calls("getChatMember") == [], "reading a command costs no extra call"
        answers = [await i.is_chat_admin() for i in runner.invocations if i.is_chat_admin]
    assert answers == [False, True, True, False]
    assert [c.params["user_id"] for c in telegram_peer.calls("getChatMember")] == [11, 12, 13, 14]


async def test_an_anonymous_group_administrator_counts_as_an_administrator(adapter: AdapterRunner,
                                                                          telegram_peer: TelegramPeer) -> None:
    telegram_peer.add_chat(-100123, "supergroup", title="Desk")
    async with adapter() as (_, runner):
        assert await command(telegram_peer, -100123, "/subscribe", user_id=USER) == "ran /subscribe"
        telegram_peer.send_command(-100123, "/subscribe", anonymous_admin=True)
        await telegram_peer.await_bot_messages(-100123, count=2)
        member, anonymous = runner.invocations
        assert anonymous.user_id is None, "no person is named: the group posted it"
        assert anonymous.is_chat_admin is not None and await anonymous.is_chat_admin()
        assert member.is_chat_admin is not None and not await member.is_chat_admin()
    assert len(telegram_peer.calls("getChatMember")) == 1, "the anonymous one needs no lookup"


async def test_an_operator_names_a_channel_and_telegram_says_what_it_is(adapter: AdapterRunner,
                                                                       telegram_peer: TelegramPeer) -> None:
    telegram_peer.add_chat(-100777, "channel", title="Diplomatic Brief", username="diplo_brief")
    telegram_peer.add_chat(-100778, "channel", title="Read Only", username="read_only", bot_status="member")
    telegram_peer.add_chat(-100123, "supergroup", title="A Group", username="a_group")
    async with adapter() as (_, runner):
        await command(telegram_peer, OPERATOR, "/subscribe @diplo_brief")
        resolve = runner.invocations[0].resolve_channel
        assert resolve is not None
        brief = await resolve("@diplo_brief")
        by_id = await resolve("-100777")
        read_only = await resolve("@read_only")
        group = await resolve("@a_group")
        missing = await resolve("@nowhere_at_all")
    assert brief is not None and (brief.chat_id, brief.title, brief.bot_is_admin) == ("-100777", "Diplomatic Brief", True)
    assert by_id == brief
    assert read_only is not None and not read_only.bot_is_admin
    assert group is None and missing is None, "only channels are subscribed this way"


async def test_one_chats_commands_keep_their_order_while_other_chats_go_on(adapter: AdapterRunner,
                                                                         telegram_peer: TelegramPeer) -> None:
    async with adapter() as (_, runner):
        runner.delays["digest"] = 1.0
        for text in ("/digest", "/latest 1", "/latest 2"):
            telegram_peer.send_command(USER, text)
        other = await command(telegram_peer, 8, "/sources")
        assert other == "ran /sources"
        assert len(telegram_peer.bot_messages(USER)) == 0, "another chat was answered while the slow one ran"
        replies = await telegram_peer.await_bot_messages(USER, count=3)
    assert [r.plain_text for r in replies] == ["ran /digest", "ran /latest 1", "ran /latest 2"]


async def test_replies_are_telegram_html_and_answer_the_command_in_groups(telegram_peer: TelegramPeer) -> None:
    telegram_peer.add_chat(-100123, "supergroup", title="Desk")

    def answer(invocation: Invocation) -> Reply:
        return Reply(text="Sources <& friends>", sections=[Section("Wire", ["A & B", "<i>not markup</i>"])])

    config = telegram_config(telegram_peer)
    platform = TelegramPlatform(config, telegram_peer.token, poll_timeout=1)
    await platform.start(RecordingCommands(answer=answer))
    try:
        update = telegram_peer.send_command(-100123, "/sources", user_id=USER)
        [reply] = await telegram_peer.await_bot_messages(-100123)
    finally:
        await platform.stop()
    assert reply.parse_mode == "HTML" and reply.plain_text == "Sources <& friends>\n\nWire\nA & B\n<i>not markup</i>"
    [call] = telegram_peer.calls("sendMessage")
    assert call.params["reply_parameters"]["message_id"] == update.message_id


async def test_plain_text_in_a_private_chat_gets_a_hint_and_nothing_in_groups(adapter: AdapterRunner,
                                                                               telegram_peer: TelegramPeer) -> None:
    telegram_peer.add_chat(-100123, "supergroup", title="Desk")
    async with adapter() as (_, runner):
        telegram_peer.send_message(-100123, "morning all", user_id=USER)
        telegram_peer.send_command(-100123, "/weather", user_id=USER)
        telegram_peer.send_message(USER, "what happened in Geneva?")
        [hint] = await telegram_peer.await_bot_messages(USER)
        await asyncio.sleep(0.3)
    assert "/help" in hint.plain_text and "/latest" in hint.plain_text
    assert telegram_peer.bot_messages(-100123) == [] and runner.invocations == []


async def test_a_command_typed_without_its_slash_in_a_private_chat_is_shown_with_it(
        adapter: AdapterRunner, telegram_peer: TelegramPeer) -> None:
    """"latest 3" or "Subscribe ukraine" typed as one says it got the hint any text gets ("Communiqué answers
    commands: /latest for ..."), which left the reader to work out that only the slash was missing. Now they are
    shown their own words as the command (a longer line, the command alone); nothing is run for them, and a group
    still hears nothing."""
    telegram_peer.add_chat(-100123, "supergroup", title="Desk")
    async with adapter() as (_, runner):
        said = []
        for text in ("latest 3", "Subscribe ukraine.", "latest news from Geneva, please", "help me please"):
            telegram_peer.send_message(USER, text)
            said.append((await telegram_peer.await_bot_messages(USER, count=len(said) + 1))[-1].plain_text)
        telegram_peer.send_message(-100123, "latest 3", user_id=USER)
        await asyncio.sleep(0.3)
    latest, subscribe, talk, helpless = said
    assert "/latest 3" in latest and "slash" in latest, latest
    assert "/subscribe ukraine" in subscribe, subscribe
    assert "slash: /latest (" in talk and "/latest news" not in talk, "a sentence is not offered as a command"
    assert "slash: /help." in helpless, "a command that takes no words is offered without them"
    assert runner.invocations == [] and telegram_peer.bot_messages(-100123) == []


async def test_a_forwarded_command_is_not_run(adapter: AdapterRunner, telegram_peer: TelegramPeer) -> None:
    """A group administrator forwards a member's message from another chat ("/unsubscribe", written there) to show
    it: Telegram keeps the words marked as a command, and the bot ran it as the administrator's own, ending this
    group's digests. A forwarded command in a private chat is told how to run it."""
    telegram_peer.add_chat(-100123, "supergroup", title="Desk")
    telegram_peer.set_member(-100123, USER, "administrator", notify=False)
    async with adapter() as (_, runner):
        telegram_peer.send_command(-100123, "/unsubscribe", user_id=USER, forward_from=99)
        telegram_peer.send_command(USER, "/subscribe ceasefire", user_id=USER, forward_from=99)
        [told] = await telegram_peer.await_bot_messages(USER)
        assert await command(telegram_peer, -100123, "/latest", user_id=USER) == "ran /latest"
    assert [i.command for i in runner.invocations] == ["latest"], "neither forwarded command was run"
    group_heard = [m.plain_text for m in telegram_peer.bot_messages(-100123)]
    assert group_heard == ["ran /latest"], "the group heard nothing else"
    assert "forwarded" in told.plain_text and "/subscribe ceasefire" in told.plain_text, told.plain_text


# ---- Telegram's answers as outcomes ----

FAULTS: list[tuple[str, dict[str, Any], Outcome]] = [
    ("retry_after", {"retry_after": 7}, RetryAfter(7.0)),
    ("forbidden", {}, Gone("Telegram: Forbidden: bot was blocked by the user")),
    ("error", {"error_code": 403, "description": "Forbidden: user is deactivated"},
     Gone("Telegram: Forbidden: user is deactivated", permanent=True)),
    ("bad_request", {"description": "Bad Request: chat not found"}, Gone("Telegram: Chat not found")),
    ("bad_request", {"description": "Bad Request: message is too long"}, Rejected("Telegram: Message is too long")),
    ("migrate", {"migrate_to_chat_id": -1009001}, Moved("-1009001")),
    ("server_error", {"error_code": 502}, Transient("Telegram: Internal Server Error")),
    ("server_error", {}, Transient("Telegram: Internal Server Error")),
    ("unauthorized", {}, Transient("Telegram refused the bot's token (revoked?): check the token and restart")),
]


@pytest.mark.parametrize(("kind", "options", "expected"), FAULTS, ids=[f"{k}-{e}" for k, _, e in FAULTS])
async def test_each_telegram_refusal_becomes_its_outcome(adapter: AdapterRunner, telegram_peer: TelegramPeer,
                                                        kind: str, options: dict[str, Any],
                                                        expected: Outcome) -> None:
    telegram_peer.add_chat(USER, "private")  # the user has a chat with the bot
    async with adapter() as (platform, _):
        telegram_peer.inject_fault("sendMessage", kind, chat_id=USER, **options)  # type: ignore[arg-type]
        outcome = await platform.send(str(USER), html("<b>Digest</b>"))
        assert outcome == expected
        assert isinstance(await platform.send(str(USER), html("<b>Digest</b>")), Sent), "the next send goes through"


async def test_a_dropped_connection_and_a_late_answer_are_transient(adapter: AdapterRunner,
                                                                   telegram_peer: TelegramPeer,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    """A send given up unanswered is said in the log, with what it may mean: the chat may see it twice."""
    telegram_peer.add_chat(USER, "private")
    caplog.set_level(logging.WARNING, logger="bot.platforms.telegram.platform")
    async with adapter(send_timeout=0.5) as (platform, _):
        telegram_peer.inject_fault("sendMessage", "disconnect", chat_id=USER)
        dropped = await platform.send(str(USER), html("one"))
        telegram_peer.inject_fault("sendMessage", "delay", chat_id=USER, delay_ms=1000)
        late = await platform.send(str(USER), html("two"))
        # Telegram may still take a message it answers late: a resend can repeat it (see the delivery notes).
        [arrived] = await telegram_peer.await_bot_messages(USER)
    assert isinstance(dropped, Transient) and isinstance(late, Transient)
    assert "did not answer in time" in late.reason and arrived.text == "two"
    said = [r.getMessage() for r in caplog.records if "gave no answer" in r.getMessage()]
    assert said == [f"Telegram gave no answer within 0.5 s to a message for chat {USER}: it is sent again later; "
                    "had Telegram taken it, the chat sees it twice"], said


async def test_telegrams_own_refusals_without_injection(adapter: AdapterRunner, telegram_peer: TelegramPeer) -> None:
    telegram_peer.add_chat(USER, "private")
    telegram_peer.add_chat(-4001, "group", title="Old Desk")
    telegram_peer.add_chat(-4002, "group", title="Left Desk")
    telegram_peer.add_chat(-100777, "channel", title="Read Only", bot_status="member")
    async with adapter() as (platform, _):
        telegram_peer.block_bot(USER)
        telegram_peer.migrate_chat(-4001, -1004001)
        telegram_peer.set_bot_status(-4002, "kicked")
        blocked = await platform.send(str(USER), html("x"))
        moved = await platform.send("-4001", html("x"))
        kicked = await platform.send("-4002", html("x"))
        read_only = await platform.send("-100777", html("x"))
        unknown = await platform.send("-100999", html("x"))
        by_name = await platform.send("@no_such_channel", html("x"))
        empty = await platform.send(str(USER), {"text": "  "})
    assert blocked == Gone("Telegram: Forbidden: bot was blocked by the user")
    assert moved == Moved("-1004001")
    assert kicked == Gone("Telegram: Forbidden: bot was kicked from the group chat")
    assert read_only == Gone("Telegram: Need administrator rights in the channel chat")
    assert unknown == Gone("Telegram: Chat not found") == by_name
    assert isinstance(empty, Rejected)


async def test_a_refused_markup_is_resent_as_plain_text(adapter: AdapterRunner, telegram_peer: TelegramPeer,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    telegram_peer.add_chat(USER, "private")
    story = Story(1, "Ceasefire talks & timetable", "https://ministry.example/press/1", "Ministry Wire", None,
                  summary=["Delegations agreed a timetable."])
    async with adapter() as (platform, _):
        [payload] = platform.render_digest(Digest("Digest", [story]))
        telegram_peer.inject_fault("sendMessage", "bad_request", chat_id=USER,
                                   description="Bad Request: can't parse entities: Unsupported start tag \"q\"")
        with caplog.at_level(logging.WARNING):
            outcome = await platform.send(str(USER), payload)
        telegram_peer.inject_fault("sendMessage", "bad_request", chat_id=USER,
                                   description="Bad Request: can't parse entities: at byte offset 3")
        telegram_peer.inject_fault("sendMessage", "forbidden", chat_id=USER)
        both_refused = await platform.send(str(USER), payload)
    assert isinstance(outcome, Sent)
    [message] = telegram_peer.bot_messages(USER)
    assert message.parse_mode is None and str(message.message_id) == outcome.message_id
    assert "Ceasefire talks & timetable (https://ministry.example/press/1)" in message.text
    assert "Delegations agreed a timetable." in message.text and "<" not in message.text
    assert "sending it as plain text" in caplog.text
    assert both_refused == Gone("Telegram: Forbidden: bot was blocked by the user")


async def test_link_previews_are_off_unless_the_config_turns_them_on(adapter: AdapterRunner,
                                                                    telegram_peer: TelegramPeer) -> None:
    telegram_peer.add_chat(USER, "private")
    async with adapter() as (platform, _):
        await platform.send(str(USER), html('<a href="https://ministry.example/1">one</a>'))
    async with adapter(config={"link_previews": True}) as (platform, _):
        await platform.send(str(USER), html('<a href="https://ministry.example/2">two</a>'))
    off, on = telegram_peer.bot_messages(USER)
    assert off.link_preview_options == {"is_disabled": True}
    assert on.link_preview_options is None and on.disable_web_page_preview is None


async def test_a_reply_waits_out_a_short_rate_limit(adapter: AdapterRunner, telegram_peer: TelegramPeer) -> None:
    async with adapter() as _:
        telegram_peer.inject_fault("sendMessage", "retry_after", chat_id=USER, retry_after=1)
        started = time.monotonic()
        text = await command(telegram_peer, USER, "/latest")
        waited = time.monotonic() - started
    assert text == "ran /latest" and waited >= 1.0
    assert [c.status for c in telegram_peer.calls("sendMessage")][-2:] == [429, 200]
    assert len(telegram_peer.bot_messages(USER)) == 1, "sent once"



async def test_a_busy_groups_members_asking_at_once_are_each_answered(adapter: AdapterRunner,
                                                                     telegram_peer: TelegramPeer) -> None:
    """Twelve members of a group send /latest at once while the first reply waits out Telegram's flood control:
    the flood limit counted the chat's messages in hand, so the ninth and later members got no answer at all. It
    counts one sender's: each member is answered."""
    group = -4002
    telegram_peer.add_chat(group, "group", title="Busy desk")
    members = [9100 + n for n in range(12)]
    async with adapter() as (_, runner):
        telegram_peer.inject_fault("sendMessage", "retry_after", chat_id=group, retry_after=2)
        for member in members:
            telegram_peer.send_command(group, "/latest", user_id=member)
        await telegram_peer.await_bot_messages(group, count=len(members))
    assert sorted(int(i.user_id or 0) for i in runner.invocations) == members


# ---- lifecycle ----

async def test_commands_are_listed_and_operators_get_theirs_when_they_first_write(
        adapter: AdapterRunner, telegram_peer: TelegramPeer) -> None:
    async with adapter() as _:
        scope = {"type": "chat", "chat_id": OPERATOR}
        assert "status" not in [c["command"] for c in telegram_peer.commands()]
        assert telegram_peer.commands(scope=scope) == [], "Telegram knows no chat with the operator yet"
        await command(telegram_peer, OPERATOR, "/help")
        assert [c["command"] for c in telegram_peer.commands(scope=scope)][-1] == "status"


async def test_a_refused_token_is_a_configuration_error(adapter: AdapterRunner, telegram_peer: TelegramPeer) -> None:
    wrong = "123456:not-the-bots-token-at-all"
    with pytest.raises(ConfigError) as caught:
        async with adapter(token=wrong):
            pass
    report = caught.value.report()
    assert "TELEGRAM_BOT_TOKEN" in report and "@BotFather" in report and "not-the-bots" not in report


async def test_telegram_unreachable_at_start_is_retried_in_the_background(adapter: AdapterRunner,
                                                                          telegram_peer: TelegramPeer) -> None:
    telegram_peer.inject_fault("getMe", "server_error", times=3, error_code=502)
    async with adapter(wait_ready=False, retry_delay=0.05) as (platform, _):
        assert not platform.ready
        assert await platform.send(str(USER), html("x")) == Transient("not connected to Telegram yet")
        await wait_until(lambda: platform.ready, "connects once Telegram answers")
        assert await command(telegram_peer, USER, "/sources") == "ran /sources"
    assert [c.status for c in telegram_peer.calls("getMe")][:4] == [502, 502, 502, 200]


async def test_telegram_failing_half_way_through_connecting_is_retried_without_a_traceback(
        adapter: AdapterRunner, telegram_peer: TelegramPeer, caplog: pytest.LogCaptureFixture) -> None:
    """getMe answers but the step before polling fails: PTB gives up its own loop, and Communiqué tries again."""
    telegram_peer.inject_fault("deleteWebhook", "server_error", times=2, error_code=502)
    with caplog.at_level(logging.DEBUG):
        async with adapter(wait_ready=False, retry_delay=0.05) as _:
            assert await command(telegram_peer, USER, "/sources") == "ran /sources"
    failures = [r for r in caplog.records if "502" in r.getMessage() or "Bad Gateway" in r.getMessage()]
    assert failures, "the failed connection is logged"
    assert all(r.exc_info is None and r.levelno <= logging.WARNING for r in failures), [
        (r.name, r.levelname, r.getMessage()) for r in failures]
    assert "Traceback" not in caplog.text


async def test_polling_survives_dropped_connections_and_outages(adapter: AdapterRunner,
                                                                telegram_peer: TelegramPeer) -> None:
    async with adapter() as _:
        telegram_peer.inject_fault("getUpdates", "disconnect")
        telegram_peer.inject_fault("getUpdates", "server_error", error_code=502, times=2)
        assert await command(telegram_peer, USER, "/topics") == "ran /topics"


async def test_commands_sent_while_down_are_answered_once_after_start(adapter: AdapterRunner,
                                                                      telegram_peer: TelegramPeer) -> None:
    async with adapter() as _:
        assert await command(telegram_peer, USER, "/latest 1") == "ran /latest 1"
    telegram_peer.send_command(USER, "/latest 2")  # while Communiqué is stopped
    async with adapter() as (_, runner):
        await telegram_peer.await_bot_messages(USER, count=2)
        await asyncio.sleep(0.3)
    assert [m.plain_text for m in telegram_peer.bot_messages(USER)] == ["ran /latest 1", "ran /latest 2"]
    assert [i.args for i in runner.invocations] == [["2"]], "the first command was confirmed at the last stop"


async def test_stop_returns_within_seconds_even_mid_long_poll(telegram_peer: TelegramPeer) -> None:
    platform = TelegramPlatform(telegram_config(telegram_peer), telegram_peer.token, poll_timeout=30)
    await platform.start(RecordingCommands())
    await asyncio.sleep(0.5)  # a 30 s long poll is now waiting on the peer
    started = time.monotonic()
    await platform.stop()
    assert time.monotonic() - started < 5.0  # a hang detector, not a speed target
    assert not platform.ready


async def test_the_token_never_reaches_the_logs(adapter: AdapterRunner, telegram_peer: TelegramPeer,
                                               caplog: pytest.LogCaptureFixture) -> None:
    secret = telegram_peer.token.split(":", 1)[1]
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "telegram"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        async with adapter() as (platform, _):
            await command(telegram_peer, USER, "/latest")
            telegram_peer.inject_fault("sendMessage", "forbidden", chat_id=USER)
            await platform.send(str(USER), html("x"))
            telegram_peer.inject_fault("getUpdates", "server_error", error_code=502)
            telegram_peer.inject_fault("getUpdates", "disconnect")
            await command(telegram_peer, USER, "/topics")
            assert secret not in repr(platform)
    finally:
        for name in ("httpx", "httpcore", "telegram"):
            logging.getLogger(name).setLevel(logging.NOTSET)
    assert "/bot[redacted]/sendMessage" in caplog.text, "the URLs are logged, redacted"
    assert secret not in caplog.text


async def test_a_no_proxy_network_that_holds_the_bot_api_server_is_said_to_be_unread_by_the_telegram_library(
    telegram_peer: TelegramPeer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Sources and Discord read a network in NO_PROXY ("127.0.0.0/8"); python-telegram-bot's HTTP library does not,
    so a Bot API server in that network was reached through the proxy without a word while the operator believed it
    direct. The start says so and what to list instead. The proxy is a real forward proxy on 127.0.0.1 relaying to
    the emulator: it sees the calls, so the warning tells the truth."""
    from tests.discord.test_discord_proxy import ForwardProxy

    for variable in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "no_proxy", "http_proxy"):
        monkeypatch.delenv(variable, raising=False)
    async with ForwardProxy().running() as proxy:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
        monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.0/8")
        caplog.set_level(logging.WARNING, logger="bot.platforms.telegram.platform")
        platform = TelegramPlatform(telegram_config(telegram_peer), telegram_peer.token, poll_timeout=1)
        await platform.start(RecordingCommands())
        try:
            await wait_until(lambda: platform.ready, "the platform connects")
        finally:
            await platform.stop()
    said = [r.getMessage() for r in caplog.records if "NO_PROXY" in r.getMessage()]
    assert said == [f"NO_PROXY lists the network 127.0.0.0/8, which holds Telegram's api_base_url "
                    f"{telegram_peer.base_url}, but the Telegram library does not read networks in NO_PROXY: its "
                    "calls go through the proxy. To reach it directly, add its address (127.0.0.1) to NO_PROXY"], said
    assert proxy.connections > 0, "the calls did go through the proxy"


async def test_telegram_unreachable_through_a_proxy_names_the_proxy(
    telegram_peer: TelegramPeer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """HTTPS_PROXY (here HTTP_PROXY, the peer being plain HTTP) naming a proxy that is down: the log said only
    "cannot reach Telegram at http://...", and the operator looked at Telegram (or the network), not at the proxy
    every call went through. It names the proxy and its variable, never the proxy's password."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
                 "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://desk:pr0xy-pass@127.0.0.1:{port}")
    platform = TelegramPlatform(telegram_config(telegram_peer), telegram_peer.token, poll_timeout=1)
    with caplog.at_level(logging.WARNING, logger="bot.platforms.telegram.platform"):
        await platform.start(RecordingCommands())
        try:
            said = [r.getMessage() for r in caplog.records if "cannot reach Telegram" in r.getMessage()]
        finally:
            await platform.stop()
    assert said, [r.getMessage() for r in caplog.records]
    assert f"through the proxy at 127.0.0.1:{port} (HTTP_PROXY)" in said[0], said
    assert "pr0xy-pass" not in " ".join(said), said


class Route:
    """A TCP relay on 127.0.0.1 in front of the peer that can go dead as a broken route does: the connections it
    carries are cut and new ones are never accepted (the listening queue full, so the kernel drops their SYNs and
    a connect times out), then come back. Real sockets; the bot talks HTTP through it to the real peer."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(0)
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.accepting = threading.Event()
        self.accepting.set()
        self.closed = False
        self.carried: list[socket.socket] = []
        self.fillers: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed:
            if not self.accepting.is_set():
                time.sleep(0.02)
                continue
            try:
                inbound, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            outbound = socket.create_connection(("127.0.0.1", self.target_port))
            self.carried += [inbound, outbound]
            for a, b in ((inbound, outbound), (outbound, inbound)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def go_dead(self) -> None:
        self.accepting.clear()
        time.sleep(0.1)  # the accept loop is past its last accept
        for end in self.carried:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
        for _ in range(3):  # fill the listening queue: the next SYN is dropped
            filler = socket.socket()
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", self.port))
            self.fillers.append(filler)

    def come_back(self) -> None:
        for filler in self.fillers:
            filler.close()
        self.fillers.clear()
        self.accepting.set()

    def close(self) -> None:
        self.closed = True
        self.come_back()
        self.listener.close()


async def test_a_send_that_never_reached_telegram_is_not_said_to_be_seen_twice(
        adapter: AdapterRunner, telegram_peer: TelegramPeer, caplog: pytest.LogCaptureFixture) -> None:
    """A connection to Telegram that could not be made carried no message: its retry is its first showing. The log
    said "had Telegram taken it, the chat sees it twice" for it as for an answer that never came (python-telegram-bot
    raises TimedOut for both), sending an operator to look for a double that cannot be there."""
    telegram_peer.add_chat(USER, "private")
    caplog.set_level(logging.WARNING, logger="bot.platforms.telegram.platform")
    route = Route(urlsplit(telegram_peer.base_url).port or 80)
    base_url = telegram_peer.base_url.replace(f":{route.target_port}", f":{route.port}")
    try:
        async with adapter(send_timeout=5, connect_timeout=0.5, config={"api_base_url": base_url}) as (platform, _):
            await asyncio.to_thread(route.go_dead)
            unsent = await platform.send(str(USER), html("one"))
            await asyncio.to_thread(route.come_back)
            for _ in range(20):  # as the sender tries again (a connect begun while dead may still fail)
                again = await platform.send(str(USER), html("one"))
                if isinstance(again, Sent):
                    break
                await asyncio.sleep(0.5)
    finally:
        route.close()
    assert isinstance(unsent, Transient) and isinstance(again, Sent), (unsent, again)
    assert [m.text for m in telegram_peer.bot_messages(USER)] == ["one"], "seen once"
    said = {r.getMessage() for r in caplog.records if f"for chat {USER}" in r.getMessage()}
    assert said == {f"A message for chat {USER} did not reach Telegram (no connection to Telegram could be made in "
                    "time): it is sent again later, and the chat sees it once"}, said
    assert unsent.reason == "not sent: no connection to Telegram could be made in time"


async def test_a_send_that_found_no_free_connection_never_reached_telegram(telegram_peer: TelegramPeer) -> None:
    """python-telegram-bot's pool timeout (every connection busy) is a TimedOut too: nothing was sent. A real one,
    from a one-connection pool held by a send Telegram answers late; a timeout after the request went out is not."""
    telegram_peer.add_chat(USER, "private")
    request = HTTPXRequest(connection_pool_size=1, pool_timeout=0.2, read_timeout=0.5)
    bot = Bot(telegram_peer.token, base_url=telegram_peer.base_url, request=request)
    async with bot:
        telegram_peer.inject_fault("sendMessage", "delay", chat_id=USER, delay_ms=1500)
        late, queued = await asyncio.gather(bot.send_message(USER, "first"), bot.send_message(USER, "second"),
                                            return_exceptions=True)
    assert isinstance(late, TimedOut) and isinstance(queued, TimedOut), (late, queued)
    assert never_reached(late) is None, "the request went out: Telegram may have taken it"
    assert never_reached(queued) == "no connection to Telegram was free"


async def test_a_plain_text_resend_left_unanswered_is_said_as_the_first_send_is(
        adapter: AdapterRunner, telegram_peer: TelegramPeer, caplog: pytest.LogCaptureFixture) -> None:
    """Telegram refused a message's markup, and its plain-text resend got no answer in time: the log said nothing
    (the first send's timeout is said, with what it may mean), though Telegram may have taken it and the chat see it
    twice once it is sent again."""
    telegram_peer.add_chat(USER, "private")
    caplog.set_level(logging.WARNING, logger="bot.platforms.telegram.platform")
    async with adapter(send_timeout=0.5) as (platform, _):
        telegram_peer.inject_fault("sendMessage", "bad_request", chat_id=USER,
                                   description="Bad Request: can't parse entities: Unsupported start tag \"q\"")
        telegram_peer.inject_fault("sendMessage", "delay", chat_id=USER, delay_ms=1500)
        late = await platform.send(str(USER), html("<b>one</b>"))
        [arrived] = await telegram_peer.await_bot_messages(USER)  # Telegram took it, after the wait
    assert isinstance(late, Transient) and "did not answer in time" in late.reason, late
    assert arrived.text == "one"
    said = [r.getMessage() for r in caplog.records if "gave no answer" in r.getMessage()]
    assert said == [f"Telegram gave no answer within 0.5 s to a message for chat {USER}: it is sent again later; "
                    "had Telegram taken it, the chat sees it twice"], said
