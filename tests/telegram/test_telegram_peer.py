"""The Telegram test peer, proved with the real python-telegram-bot: what a bot sends and receives through it
behaves as it does against Telegram (updates, replies, commands, members, and each kind of failure)."""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
import warnings
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    ChatMember,
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberOwner,
    ChatMemberRestricted,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.peers.telegram_peer import BotRunner, FaultKind, MemberStatus, PeerError, TelegramPeer

GROUP = -1001234567890
CHANNEL = -1009876543210
USER = 4242


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Test-only handler: answers a command with its arguments, so the round trip is visible."""
    assert update.effective_message is not None
    await update.effective_message.reply_text("echo: " + " ".join(context.args or []))


def retry_seconds(error: RetryAfter) -> float:
    """RetryAfter.retry_after as seconds, whichever type this PTB release returns (int or timedelta)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


# ---- updates in, replies out ----

async def test_private_command_reaches_the_bot_and_its_reply_reaches_the_user(
    telegram_peer: TelegramPeer, run_bot: BotRunner,
) -> None:
    async with run_bot([CommandHandler("echo", echo)]):
        telegram_peer.send_command(USER, "/echo hello world")
        [reply] = await telegram_peer.await_bot_messages(USER)
    assert reply.text == "echo: hello world"
    assert [c.chat_id for c in telegram_peer.calls("sendMessage")] == [USER]
    history = telegram_peer.history()  # the emulator's own record holds both sides
    assert [h["message"]["text"] for h in history] == ["/echo hello world", "echo: hello world"]


async def test_group_command_addressed_to_the_bot_carries_chat_and_user(
    telegram_peer: TelegramPeer, run_bot: BotRunner,
) -> None:
    telegram_peer.add_chat(GROUP, "supergroup", title="Diplomacy desk")
    telegram_peer.add_user(7, "Amara", username="amara")
    seen: list[Update] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append(update)
        await echo(update, context)

    async with run_bot([CommandHandler("echo", record)]):
        telegram_peer.send_command(GROUP, f"/echo@{telegram_peer.bot_username} summit", user_id=7)
        [reply] = await telegram_peer.await_bot_messages(GROUP)
    assert reply.text == "echo: summit"
    chat, user = seen[0].effective_chat, seen[0].effective_user
    assert (chat.id, chat.type, chat.title) == (GROUP, "supergroup", "Diplomacy desk")
    assert (user.id, user.username) == (7, "amara")


async def test_message_dates_are_seconds_so_ptb_reads_the_present(
    telegram_peer: TelegramPeer, run_bot: BotRunner,
) -> None:
    dates: list[datetime] = []

    async def record(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        dates.append(update.effective_message.date)
        sent = await update.effective_message.reply_text("noted")
        dates.append(sent.date)

    async with run_bot([MessageHandler(filters.TEXT, record)]):
        telegram_peer.send_message(USER, "what happened in Geneva?")
        await telegram_peer.await_bot_messages(USER)
    now = datetime.now(timezone.utc)
    assert len(dates) == 2 and all(abs(now - d) < timedelta(minutes=1) for d in dates)


async def test_channel_post_arrives_as_channel_post(telegram_peer: TelegramPeer, run_bot: BotRunner) -> None:
    telegram_peer.add_chat(CHANNEL, "channel", title="Briefings", username="briefings")
    posts: list[Update] = []

    async def record(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        posts.append(update)

    async with run_bot([MessageHandler(filters.UpdateType.CHANNEL_POST, record)]):
        telegram_peer.post_in_channel(CHANNEL, "Morning briefing is out")
        for _ in range(100):
            if posts:
                break
            await asyncio.sleep(0.02)
    assert posts, "the channel post never reached the bot"
    post = posts[0].channel_post
    assert post.text == "Morning briefing is out" and post.sender_chat.id == CHANNEL and post.from_user is None


async def test_an_edited_command_arrives_as_edited_message_with_its_id_and_entities(
    telegram_peer: TelegramPeer, tg_bot: Bot
) -> None:
    sent = telegram_peer.send_command(USER, "/lates 3")
    telegram_peer.edit_message(USER, sent.message_id, "/latest 3")
    only_messages = await tg_bot.get_updates(timeout=0, allowed_updates=["message"])
    assert [u.message.text for u in only_messages] == ["/lates 3"], "no edit for a bot that did not ask for edits"
    updates = await tg_bot.get_updates(timeout=0, allowed_updates=["message", "edited_message"])
    [edit] = [u.edited_message for u in updates if u.edited_message is not None]
    assert edit.message_id == sent.message_id and edit.text == "/latest 3" and edit.edit_date is not None
    assert edit.entities[0].type == "bot_command" and edit.from_user.id == USER


async def test_confirmed_updates_are_not_delivered_twice(telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    telegram_peer.send_message(USER, "one")
    telegram_peer.send_message(USER, "two")
    first = await tg_bot.get_updates()
    again = await tg_bot.get_updates()  # no offset: nothing confirmed yet, Telegram repeats them
    assert [u.message.text for u in first] == ["one", "two"] == [u.message.text for u in again]
    after = await tg_bot.get_updates(offset=first[-1].update_id + 1)
    assert after == () and telegram_peer.pending_updates() == []


async def test_long_poll_waits_for_an_update_and_returns_it(telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    poll = asyncio.create_task(tg_bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    assert not poll.done(), "getUpdates answered before any update (no long polling)"
    telegram_peer.send_message(USER, "late news")
    updates = await asyncio.wait_for(poll, 2)
    assert [u.message.text for u in updates] == ["late news"]


async def test_a_second_poller_terminates_the_first_with_conflict(telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    first = asyncio.create_task(tg_bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    async with Bot(telegram_peer.token, base_url=telegram_peer.base_url) as other:
        await other.get_updates(timeout=0)
    with pytest.raises(Conflict, match="(?i)terminated by other getUpdates"):
        await asyncio.wait_for(first, 2)


# ---- what the bot sends ----

async def test_edit_returns_the_edited_message_and_refuses_a_no_op(telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    _known(telegram_peer)
    sent = await tg_bot.send_message(USER, "<b>Draft</b>", parse_mode=ParseMode.HTML)
    edited = await tg_bot.edit_message_text("<b>Final</b> text", chat_id=USER, message_id=sent.message_id,
                                            parse_mode=ParseMode.HTML)
    assert edited.text == "Final text" and edited.message_id == sent.message_id and edited.edit_date is not None
    with pytest.raises(BadRequest, match="(?i)message is not modified"):
        await tg_bot.edit_message_text("<b>Final</b> text", chat_id=USER, message_id=sent.message_id,
                                       parse_mode=ParseMode.HTML)
    [stored] = telegram_peer.bot_messages(USER)
    assert stored.text == "<b>Final</b> text" and stored.plain_text == "Final text"


def _known(peer: TelegramPeer) -> bool:
    """Makes USER's private chat known to the peer (Telegram only lets bots write to users who wrote first)."""
    peer.send_message(USER, "hi")
    return True


async def test_html_is_parsed_into_text_and_entities_like_telegram(telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    _known(telegram_peer)
    html = 'Talks <b>resume</b> &amp; <a href="https://example.org/a?x=1&amp;y=2">read more</a> 🇨🇭'
    message = await tg_bot.send_message(USER, html, parse_mode=ParseMode.HTML)
    assert message.text == "Talks resume & read more 🇨🇭"
    kinds = {(e.type, message.parse_entity(e)) for e in message.entities}
    assert kinds == {("bold", "resume"), ("text_link", "read more")}
    assert telegram_peer.bot_messages(USER)[0].links() == ["https://example.org/a?x=1&y=2"]


@pytest.mark.parametrize("html, problem", [
    ("<script>alert(1)</script>", 'Unsupported start tag "script"'),
    ("<b>open", 'end tag corresponding to start tag "b"'),
    ("<b><i>crossed</b></i>", "Unmatched end tag"),
    ("a < b", "Unclosed start tag"),
    ('<span class="x">s</span>', 'must have class "tg-spoiler"'),
])
async def test_invalid_html_is_refused_as_telegram_refuses_it(
    telegram_peer: TelegramPeer, tg_bot: Bot, html: str, problem: str,
) -> None:
    _known(telegram_peer)
    with pytest.raises(BadRequest, match="(?i)can't parse entities") as caught:
        await tg_bot.send_message(USER, html, parse_mode=ParseMode.HTML)
    assert problem.lower() in caught.value.message.lower()
    assert telegram_peer.bot_messages(USER) == []


async def test_text_over_4096_after_parsing_is_too_long(telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    _known(telegram_peer)
    await tg_bot.send_message(USER, "<b>" + "x" * 4096 + "</b>", parse_mode=ParseMode.HTML)  # markup is free
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await tg_bot.send_message(USER, "x" * 4097)


async def test_call_log_shows_parse_mode_preview_options_and_spacing(telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    _known(telegram_peer)
    for n in range(3):
        await tg_bot.send_message(USER, f"item {n}", parse_mode=ParseMode.HTML,
                                  link_preview_options=LinkPreviewOptions(is_disabled=True))
        await asyncio.sleep(0.1)
    calls = telegram_peer.calls("sendMessage", chat_id=USER)
    assert [c.params["parse_mode"] for c in calls] == ["HTML"] * 3
    assert all(c.params["link_preview_options"] == {"is_disabled": True} for c in calls)
    gaps = [b.time - a.time for a, b in zip(calls, calls[1:], strict=False)]
    assert all(gap >= 0.09 for gap in gaps), gaps
    assert [m.link_preview_options for m in telegram_peer.bot_messages(USER)] == [{"is_disabled": True}] * 3


async def test_inline_button_press_reaches_the_bot_with_chat_instance(
    telegram_peer: TelegramPeer, run_bot: BotRunner,
) -> None:
    answered: list[str] = []

    async def on_press(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        answered.append(f"{query.data}|{query.chat_instance}")
        await query.answer("ok")
        await query.edit_message_text(f"chose {query.data}")

    async def offer(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Europe", callback_data="topic:europe")]])
        await update.effective_message.reply_text("Pick a topic", reply_markup=keyboard)

    async with run_bot([CommandHandler("topics", offer), CallbackQueryHandler(on_press)]):
        telegram_peer.send_command(USER, "/topics")
        [menu] = await telegram_peer.await_bot_messages(USER)
        assert menu.reply_markup["inline_keyboard"][0][0]["callback_data"] == "topic:europe"
        telegram_peer.press_button(USER, menu.message_id, "topic:europe")
        for _ in range(100):
            if telegram_peer.bot_messages(USER)[0].edit_date:
                break
            await asyncio.sleep(0.02)
    assert answered and answered[0].startswith("topic:europe|") and answered[0] != "topic:europe|"
    assert telegram_peer.bot_messages(USER)[0].plain_text == "chose topic:europe"
    assert [c.ok for c in telegram_peer.calls("answerCallbackQuery")] == [True]


# ---- methods the emulator lacked ----

async def test_get_me_says_it_is_a_bot(telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    me = await tg_bot.get_me()
    assert me.is_bot and me.username == telegram_peer.bot_username and me.id == telegram_peer.bot_id


async def test_set_my_commands_round_trip_per_scope(telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    telegram_peer.add_chat(GROUP, "supergroup", title="Desk")
    everywhere = [BotCommand("latest", "Latest stories"), BotCommand("subscribe", "Get daily digests")]
    in_group = [BotCommand("digest", "Today's digest")]
    assert await tg_bot.set_my_commands(everywhere)
    assert await tg_bot.set_my_commands(in_group, scope=BotCommandScopeChat(GROUP))
    assert list(await tg_bot.get_my_commands()) == everywhere
    assert list(await tg_bot.get_my_commands(scope=BotCommandScopeChat(GROUP))) == in_group
    assert telegram_peer.commands() == [{"command": "latest", "description": "Latest stories"},
                                        {"command": "subscribe", "description": "Get daily digests"}]
    assert await tg_bot.delete_my_commands()
    assert list(await tg_bot.get_my_commands()) == []
    with pytest.raises(BadRequest, match="(?i)BOT_COMMAND_INVALID"):
        await tg_bot.set_my_commands([BotCommand("Not-Valid", "uppercase and dashes are refused")])


@pytest.mark.parametrize("status, kind", [
    ("creator", ChatMemberOwner), ("administrator", ChatMemberAdministrator), ("member", ChatMemberMember),
    ("restricted", ChatMemberRestricted), ("left", ChatMemberLeft), ("kicked", ChatMemberBanned),
])
async def test_get_chat_member_reports_the_status_the_test_set(
    telegram_peer: TelegramPeer, tg_bot: Bot, status: MemberStatus, kind: type[ChatMember],
) -> None:
    telegram_peer.add_chat(GROUP, "group", title="Desk")
    telegram_peer.add_user(7, "Amara")
    telegram_peer.set_member(GROUP, 7, status)
    member = await tg_bot.get_chat_member(GROUP, 7)
    assert isinstance(member, kind) and member.status == status and member.user.first_name == "Amara"


async def test_chat_administrators_and_channel_lookup_by_username(telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    telegram_peer.add_chat(GROUP, "supergroup", title="Desk")
    telegram_peer.set_member(GROUP, 1, "creator")
    telegram_peer.set_member(GROUP, 2, "administrator")
    telegram_peer.set_member(GROUP, 3, "member")
    admins = await tg_bot.get_chat_administrators(GROUP)
    assert sorted((a.user.id, a.status) for a in admins) == [(1, "creator"), (2, "administrator")]
    telegram_peer.add_chat(CHANNEL, "channel", title="Briefings", username="briefings")
    chat = await tg_bot.get_chat("@briefings")
    assert (chat.id, chat.type, chat.title, chat.username) == (CHANNEL, "channel", "Briefings", "briefings")
    bot_in_channel = await tg_bot.get_chat_member(CHANNEL, telegram_peer.bot_id)
    assert bot_in_channel.status == "administrator" and bot_in_channel.can_post_messages
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        await tg_bot.get_chat("@nosuchchannel")
    assert await tg_bot.send_chat_action(GROUP, "typing") is True
    assert await tg_bot.get_chat_member_count(GROUP) == 4  # three people and the bot


# ---- failures: injected, and from the state of the world ----

@pytest.mark.parametrize("kind, extra, error, status, text", [
    ("forbidden", {}, Forbidden, 403, "bot was blocked by the user"),
    ("bad_request", {"description": "Bad Request: message thread not found"}, BadRequest, 400, "thread not found"),
    ("server_error", {}, NetworkError, 500, "Internal Server Error"),
    ("server_error", {"error_code": 502, "description": "Bad Gateway"}, NetworkError, 502, "Bad Gateway"),
    ("unauthorized", {}, InvalidToken, 401, "Unauthorized"),
])
async def test_each_injected_fault_surfaces_as_the_ptb_error(
    telegram_peer: TelegramPeer, tg_bot: Bot, kind: FaultKind, extra: dict[str, Any], error: type[TelegramError],
    status: int, text: str,
) -> None:
    _known(telegram_peer)
    telegram_peer.inject_fault("sendMessage", kind, **extra)
    with pytest.raises(error, match="(?i)" + text) as caught:
        await tg_bot.send_message(USER, "digest")
    assert type(caught.value) is error  # exactly: a 5xx is a NetworkError, not a TimedOut or a BadRequest
    await tg_bot.send_message(USER, "digest")  # the fault was used up: the next call goes through
    assert [c.status for c in telegram_peer.calls("sendMessage")] == [status, 200]


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB's own RetryAfter() warns
async def test_retry_after_carries_the_seconds_for_n_calls(telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    _known(telegram_peer)
    telegram_peer.inject_fault("sendMessage", "retry_after", retry_after=7, times=2)
    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await tg_bot.send_message(USER, "digest")
        assert retry_seconds(caught.value) == 7
    await tg_bot.send_message(USER, "digest")
    assert [c.fault for c in telegram_peer.calls("sendMessage")] == ["retry_after", "retry_after", None]
    assert telegram_peer.pending_faults() == []


async def test_fault_for_one_chat_spares_the_others(telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    telegram_peer.add_chat(GROUP, "supergroup", title="Desk")
    _known(telegram_peer)
    telegram_peer.inject_fault("sendMessage", "migrate", chat_id=GROUP, migrate_to_chat_id=-100555)
    await tg_bot.send_message(USER, "unaffected")
    with pytest.raises(ChatMigrated) as caught:
        await tg_bot.send_message(GROUP, "moved?")
    assert caught.value.new_chat_id == -100555


async def test_latency_beyond_the_read_timeout_is_timed_out(telegram_peer: TelegramPeer) -> None:
    telegram_peer.send_message(USER, "hi")
    async with Bot(telegram_peer.token, base_url=telegram_peer.base_url) as bot:
        telegram_peer.set_latency(600, "sendMessage")
        with pytest.raises(TimedOut):
            await bot.send_message(USER, "slow", read_timeout=0.2)
        telegram_peer.set_latency(0, "sendMessage")
        await bot.send_message(USER, "fast again", read_timeout=2)
    # As with Telegram, a request the bot gave up on may still land: both messages arrive, the slow one last.
    texts = [m.text for m in await telegram_peer.await_bot_messages(USER, count=2)]
    assert texts == ["fast again", "slow"]
    slow, fast = telegram_peer.calls("sendMessage")
    assert slow.params["text"] == "slow" and slow.duration_ms >= 590 and not slow.answered and fast.answered


async def test_dropped_connection_is_a_network_error(telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    _known(telegram_peer)
    telegram_peer.inject_fault("sendMessage", "disconnect")
    with pytest.raises(NetworkError):
        await tg_bot.send_message(USER, "lost")


async def test_a_user_who_blocked_the_bot_answers_forbidden(telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    _known(telegram_peer)
    telegram_peer.block_bot(USER)
    with pytest.raises(Forbidden, match="(?i)bot was blocked by the user"):
        await tg_bot.send_message(USER, "digest")


async def test_kicked_bot_is_told_and_then_refused(telegram_peer: TelegramPeer, run_bot: BotRunner) -> None:
    telegram_peer.add_chat(GROUP, "group", title="Desk")
    telegram_peer.set_member(GROUP, 1, "creator")
    changes: list[tuple[str, str]] = []

    async def on_change(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        change = update.my_chat_member
        changes.append((change.old_chat_member.status, change.new_chat_member.status))

    async with run_bot([ChatMemberHandler(on_change, ChatMemberHandler.MY_CHAT_MEMBER)]) as app:
        telegram_peer.set_bot_status(GROUP, "kicked")
        for _ in range(100):
            if changes:
                break
            await asyncio.sleep(0.02)
        with pytest.raises(Forbidden, match="(?i)bot was kicked from the group chat"):
            await app.bot.send_message(GROUP, "digest")
    assert changes == [("member", "kicked")]


async def test_a_channel_administrator_without_post_messages_is_refused_and_told_when_it_is_given_back(
    telegram_peer: TelegramPeer, run_bot: BotRunner
) -> None:
    telegram_peer.add_chat(CHANNEL, "channel", title="Briefings")
    changes: list[tuple[bool | None, bool | None]] = []

    async def on_change(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        change = update.my_chat_member
        changes.append((getattr(change.old_chat_member, "can_post_messages", None),
                        getattr(change.new_chat_member, "can_post_messages", None)))

    async with run_bot([ChatMemberHandler(on_change, ChatMemberHandler.MY_CHAT_MEMBER)]) as app:
        telegram_peer.set_bot_status(CHANNEL, "administrator", can_post_messages=False)
        member = await app.bot.get_chat_member(CHANNEL, telegram_peer.bot_id)
        assert member.status == "administrator" and member.can_post_messages is False
        with pytest.raises(BadRequest, match="(?i)need administrator rights in the channel chat"):
            await app.bot.send_message(CHANNEL, "digest")
        telegram_peer.set_bot_status(CHANNEL, "administrator")
        for _ in range(100):
            if len(changes) == 2:
                break
            await asyncio.sleep(0.02)
        assert (await app.bot.send_message(CHANNEL, "digest")).text == "digest"
    assert changes == [(True, False), (False, True)]


async def test_migrated_group_answers_with_the_new_supergroup_id(
    telegram_peer: TelegramPeer, run_bot: BotRunner,
) -> None:
    telegram_peer.add_chat(-4001, "group", title="Desk")
    migrations: list[tuple[int, int | None]] = []

    async def on_service(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        migrations.append((message.chat.id, message.migrate_to_chat_id))

    async with run_bot([MessageHandler(filters.StatusUpdate.MIGRATE, on_service)]) as app:
        telegram_peer.migrate_chat(-4001, -1004001)
        with pytest.raises(ChatMigrated) as caught:
            await app.bot.send_message(-4001, "digest")
        assert caught.value.new_chat_id == -1004001
        sent = await app.bot.send_message(-1004001, "digest")
        for _ in range(100):
            if len(migrations) == 2:
                break
            await asyncio.sleep(0.02)
    assert sent.chat.type == "supergroup"
    assert sorted(migrations, key=str) == sorted([(-4001, -1004001), (-1004001, None)], key=str)


async def test_channel_where_the_bot_is_no_admin_refuses_posts(telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    telegram_peer.add_chat(CHANNEL, "channel", title="Briefings", bot_status="member")
    with pytest.raises(BadRequest, match="(?i)need administrator rights"):
        await tg_bot.send_message(CHANNEL, "digest")


async def test_unknown_token_is_invalid(telegram_peer: TelegramPeer) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("999:not-registered", base_url=telegram_peer.base_url):
            pass


# ---- the peer's own life cycle ----

def test_start_failure_reports_the_launcher_stderr(telegram_peer: TelegramPeer) -> None:
    busy = TelegramPeer(port=telegram_peer.port, startup_timeout=5)
    with pytest.raises(PeerError, match="(?i)EADDRINUSE"):
        busy.start()


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed: the Telegram peer runs on it")
def test_stop_ends_the_process_and_frees_the_port() -> None:
    peer = TelegramPeer().start()
    port, process = peer.port, peer._process
    peer.stop()
    assert process is not None and process.poll() is not None
    again = TelegramPeer(port=port).start()  # the port is free again
    again.stop()


def test_a_call_held_across_a_reset_is_dropped_not_played_into_the_next_test(telegram_peer: TelegramPeer) -> None:
    """A send the peer was still holding (a delay fault, latency) when a test ended must not land in the next test's
    chat once its hold ends: the next test, with the same chat ids, saw a message it never sent, a story twice."""
    telegram_peer.add_chat(7301, "private")
    telegram_peer.inject_fault("sendMessage", "delay", chat_id=7301, delay_ms=1500)
    url = f"{telegram_peer.base_url}{telegram_peer.token}/sendMessage"

    def send() -> None:
        try:
            httpx.post(url, json={"chat_id": 7301, "text": "from the test before"}, timeout=10)
        except httpx.HTTPError:
            pass  # the peer may drop it: that is the point

    sender = threading.Thread(target=send)
    sender.start()
    deadline = time.monotonic() + 5
    while telegram_peer.pending_faults() and time.monotonic() < deadline:  # taken: the call is being held
        time.sleep(0.02)
    telegram_peer.reset()  # the next test begins, with the same chat
    telegram_peer.add_chat(7301, "private")
    sender.join(timeout=15)
    assert telegram_peer.bot_messages(7301) == []
    assert telegram_peer.calls("sendMessage") == []
