"""Communiqué's Telegram test peer, driven from Python: a real Bot API server on 127.0.0.1 for the tests.

`TelegramPeer` starts `tests/peers/telegram/launcher.js` (the npm `telegram-test-api` emulator behind a front
app that corrects it and adds what Communiqué's bot uses) and plays everyone the bot talks to: users writing
commands in private chats, groups and channels, chat admins, and Telegram itself (rate limits, blocks,
migrations, outages). The bot under test connects with python-telegram-bot as it would to Telegram:

    peer = TelegramPeer().start()
    app = Application.builder().token(peer.token).base_url(peer.base_url).build()

Control calls are synchronous (httpx against a local server, a millisecond each); the waiting calls have
`async` twins (`a...`) that run in a thread, so a test's event loop keeps serving the bot while it waits.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx
from telegram.ext import Application

PEER_DIR = Path(__file__).resolve().parent / "telegram"
LAUNCHER = PEER_DIR / "launcher.js"

ChatType = Literal["private", "group", "supergroup", "channel"]
MemberStatus = Literal["creator", "administrator", "member", "restricted", "left", "kicked"]
FaultKind = Literal[
    "retry_after", "forbidden", "bad_request", "server_error", "migrate",
    "unauthorized", "conflict", "error", "page", "delay", "disconnect",
]

# What the `run_bot` fixture returns: `async with run_bot([handlers]) as app:` (see tests/telegram/conftest.py).
BotRunner = Callable[..., AbstractAsyncContextManager[Application]]


class PeerError(RuntimeError):
    """The peer could not start, or refused a control call (the message says why)."""


@dataclass(frozen=True)
class BotMessage:
    """A message the bot sent, as it sent it (`text`, `parse_mode`) and as Telegram parsed it (`plain_text`)."""

    message_id: int
    chat_id: int
    text: str
    parse_mode: str | None
    plain_text: str
    entities: list[dict[str, Any]]
    entities_sent: list[dict[str, Any]] | None
    reply_markup: dict[str, Any] | None
    link_preview_options: dict[str, Any] | None
    disable_web_page_preview: bool | None
    disable_notification: bool | None
    message_thread_id: int | None  # the forum topic it was sent to (None: the chat itself, a forum's General)
    time: float
    edit_date: int | None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "BotMessage":
        fields: dict[str, Any] = {name: data.get(name) for name in cls.__dataclass_fields__}
        return cls(**fields)

    def links(self) -> list[str]:
        """The URLs of the message's text links, in order (what a reader can click)."""
        return [e["url"] for e in self.entities if e.get("type") == "text_link"]


@dataclass(frozen=True)
class ApiCall:
    """One Bot API call the bot made: when, which method, for which chat, with what, and the answer."""

    seq: int
    time: float
    duration_ms: int
    method: str
    chat_id: int | str | None
    params: dict[str, Any]
    status: int
    ok: bool
    error_code: int | None
    description: str | None
    fault: str | None
    answered: bool

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ApiCall":
        fields: dict[str, Any] = {name: data.get(name) for name in cls.__dataclass_fields__}
        return cls(**fields)


@dataclass(frozen=True)
class UserUpdate:
    """What a simulated user's action became: its update id and message id (or callback query id)."""

    update_id: int
    message_id: int | None = None
    chat_id: int | None = None
    callback_query_id: str | None = None


@dataclass
class TelegramPeer:
    """A running Telegram Bot API peer and the levers a test pulls on it. See the module docstring."""

    bot_username: str = "communique_test_bot"
    bot_first_name: str = "Communiqué (test)"
    startup_timeout: float = 15.0
    node: str = "node"
    token: str = field(default_factory=lambda: f"{secrets.randbelow(9 * 10**9) + 10**9}:{secrets.token_urlsafe(26)}",
                       repr=False)  # even a test token stays out of reports
    port: int = 0
    _process: subprocess.Popen[str] | None = field(default=None, init=False, repr=False)
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _stderr: list[str] = field(default_factory=list, init=False, repr=False)

    # ---- life cycle ----

    def start(self) -> "TelegramPeer":
        """Starts the launcher, waits for its READY line and registers the bot; raises PeerError with its stderr."""
        if shutil.which(self.node) is None:
            raise PeerError(f"Node.js ({self.node!r}) is not on PATH; the Telegram peer needs it")
        if not (PEER_DIR / "node_modules" / "telegram-test-api").is_dir():
            raise PeerError(f"the emulator is not installed: run `npm ci` in {PEER_DIR}")
        self._process = subprocess.Popen(
            [self.node, str(LAUNCHER), "--port", str(self.port)],
            cwd=PEER_DIR,
            stdin=subprocess.PIPE,  # the launcher exits when this closes, so it never outlives the tests
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "NODE_ENV": "test"},
        )
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        self.port = self._await_ready()
        self._client = httpx.Client(base_url=self.url, timeout=30.0)
        self._control("POST", "/_control/bots",
                      {"token": self.token, "username": self.bot_username, "first_name": self.bot_first_name})
        return self

    def _drain_stderr(self) -> None:
        assert self._process is not None and self._process.stderr is not None
        for line in self._process.stderr:
            self._stderr.append(line.rstrip("\n"))

    def _await_ready(self) -> int:
        """Reads stdout for `READY <port>` within the start-up timeout (a reader thread, as pipes cannot time out)."""
        assert self._process is not None and self._process.stdout is not None
        stdout = self._process.stdout
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.append(stdout.readline()), daemon=True)
        reader.start()
        reader.join(self.startup_timeout)
        line = lines[0].strip() if lines else ""
        if not line.startswith("READY "):
            self.stop()
            reason = "did not report READY in time" if not lines else f"said {line!r} instead of READY"
            stderr = "\n".join(self._stderr[-20:]) or "(nothing on stderr)"
            raise PeerError(f"the Telegram peer {reason} (timeout {self.startup_timeout}s); its stderr:\n{stderr}")
        return int(line.split()[1])

    def stop(self) -> None:
        """Stops the launcher (SIGTERM, then kill after 5 s) and closes the control client."""
        if self._client is not None:
            self._client.close()
            self._client = None
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()

    def __enter__(self) -> "TelegramPeer":
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The peer's root URL (control routes live under /_control)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """What python-telegram-bot's `base_url` takes: it appends the token and the method."""
        return f"{self.url}/bot"

    @property
    def bot_id(self) -> int:
        """The bot's user id, as Telegram derives it from the token."""
        return int(self.token.split(":", 1)[0])

    @property
    def stderr(self) -> str:
        """What the launcher wrote to stderr (for a failing test's message)."""
        return "\n".join(self._stderr)

    def _control(self, method: str, path: str, body: dict[str, Any] | None = None,
                 params: dict[str, Any] | None = None, timeout: float | None = None) -> Any:
        if self._client is None:
            raise PeerError("the Telegram peer is not running: call start() first")
        response = self._client.request(method, path, json=body, params=params,
                                        timeout=timeout if timeout is not None else 30.0)
        data = response.json()
        if response.status_code != 200:
            raise PeerError(f"{path}: {data.get('error', data)}")
        return data

    def reset(self) -> None:
        """Forgets chats, users, members, messages, commands, faults, latency and the call log (keeps the bot)."""
        self._control("POST", "/_control/reset")

    # ---- the world around the bot ----

    def add_user(self, user_id: int, first_name: str | None = None, *, username: str | None = None,
                 last_name: str | None = None, language_code: str | None = None) -> dict[str, Any]:
        """Names a user (otherwise one is made up on first contact as "User <id>")."""
        body = {"id": user_id, "first_name": first_name, "username": username, "last_name": last_name,
                "language_code": language_code}
        return self._control("POST", "/_control/users", {k: v for k, v in body.items() if v is not None})

    def add_chat(self, chat_id: int, kind: ChatType, *, title: str | None = None, username: str | None = None,
                 bot_status: MemberStatus | None = None, is_forum: bool | None = None,
                 linked_chat_id: int | None = None) -> dict[str, Any]:
        """Makes a chat known (a group, supergroup or channel; a private chat appears when its user writes).

        `username` lets the bot resolve `@username` with getChat. In a channel the bot is an administrator
        unless `bot_status` says otherwise; elsewhere a member. `is_forum` makes a supergroup a forum (topics on):
        users may then write in a topic (`message_thread_id`), and a send naming a topic is taken only there.
        `linked_chat_id` links a channel and a supergroup added before it (the channel's discussion group): each
        channel post is then also a message in that group, `is_automatic_forward`, from the channel, as Telegram
        forwards it, for a bot that is a member there.
        """
        body = {"id": chat_id, "type": kind, "title": title, "username": username, "bot_status": bot_status,
                "is_forum": is_forum, "linked_chat_id": linked_chat_id}
        return self._control("POST", "/_control/chats", {k: v for k, v in body.items() if v is not None})

    def set_member(self, chat_id: int, user_id: int, status: MemberStatus, *, notify: bool = True,
                   custom_title: str | None = None, by_user_id: int | None = None,
                   can_post_messages: bool = True) -> None:
        """Sets a user's (or the bot's) status in a chat, as getChatMember and getChatAdministrators report it.

        Setting the bot's own status also queues the my_chat_member update Telegram sends the bot (unless
        `notify` is False); a kicked or departed bot then gets 403 on sends, as from Telegram.
        `can_post_messages=False` keeps a channel's administrator from posting (its sends get 400 "need
        administrator rights"), as taking away Telegram's "Post messages" right does; giving it back notifies too.
        """
        body: dict[str, Any] = {"chat_id": chat_id, "user_id": user_id, "status": status, "notify": notify}
        if not can_post_messages:
            body["can_post_messages"] = False
        if custom_title is not None:
            body["custom_title"] = custom_title
        if by_user_id is not None:
            body["by_user_id"] = by_user_id
        self._control("POST", "/_control/members", body)

    def set_bot_status(self, chat_id: int, status: MemberStatus, *, notify: bool = True,
                       can_post_messages: bool = True) -> None:
        """The bot's own standing in a chat (kicked from a group, demoted in a channel...)."""
        self.set_member(chat_id, self.bot_id, status, notify=notify, can_post_messages=can_post_messages)

    def block_bot(self, user_id: int) -> None:
        """The user blocks the bot in their private chat: sends there answer 403 "bot was blocked by the user"."""
        self.set_member(user_id, self.bot_id, "kicked", by_user_id=user_id)

    def migrate_chat(self, chat_id: int, new_chat_id: int) -> dict[str, Any]:
        """Upgrades a group to a supergroup with a new id: sends to the old id answer migrate_to_chat_id."""
        return self._control("POST", "/_control/migrate", {"chat_id": chat_id, "new_chat_id": new_chat_id})

    # ---- the simulated users ----

    def send_message(self, chat_id: int, text: str, *, user_id: int | None = None,
                     reply_to_message_id: int | None = None) -> UserUpdate:
        """A user writes plain text in a chat (a private chat needs no setup: its id is the user's)."""
        return self._user_message(chat_id, text, user_id=user_id, command=False, reply_to=reply_to_message_id)

    def send_command(self, chat_id: int, text: str, *, user_id: int | None = None,
                     anonymous_admin: bool = False, topic: int | None = None, photo: bool = False,
                     forward_from: int | None = None) -> UserUpdate:
        """A user sends a command ("/latest 5", "/subscribe@communique_test_bot europe") in a chat.

        `anonymous_admin` sends it as a group's anonymous administrator does: as the group itself
        (`sender_chat` = the group, `from` = GroupAnonymousBot). `topic` writes it in that topic of a forum.
        `photo` sends it as a photo's caption (`caption` and `caption_entities`, no `text`), as Telegram does.
        `forward_from` forwards it: the words were written by that user elsewhere (`forward_origin`), and the
        user `user_id` forwards them here, the command still marked as one.
        """
        return self._user_message(chat_id, text, user_id=user_id, command=True, reply_to=None,
                                  anonymous_admin=anonymous_admin, topic=topic, photo=photo,
                                  forward_from=forward_from)

    def send_sticker(self, chat_id: int, emoji: str = "👍", *, user_id: int | None = None) -> UserUpdate:
        """A user sends a sticker (`emoji` is the one it stands for): a message with no text and no caption."""
        return self._user_message(chat_id, emoji, user_id=user_id, command=False, reply_to=None, sticker=True)

    def edit_message(self, chat_id: int, message_id: int, text: str, *, user_id: int | None = None,
                     topic: int | None = None) -> UserUpdate:
        """A user edits a message they sent (`message_id`): an `edited_message` update (`edited_channel_post` in a
        channel), delivered only to a bot whose getUpdates asked for that kind, as Telegram does. `topic`: the forum
        topic the message was written in, which Telegram names in the edit too."""
        body: dict[str, Any] = {"token": self.token, "chat_id": chat_id, "message_id": message_id, "text": text}
        if user_id is not None:
            body["user_id"] = user_id
        if topic is not None:
            body["message_thread_id"] = topic
        data = self._control("POST", "/_control/edit_user_message", body)
        return UserUpdate(update_id=data["update_id"], message_id=data["message_id"], chat_id=data["chat_id"])

    def post_in_channel(self, channel_id: int, text: str) -> UserUpdate:
        """An admin posts in a channel: the bot gets a channel_post update (no `from`, a `sender_chat`)."""
        return self._user_message(channel_id, text, user_id=None, command=None, reply_to=None)

    def _user_message(self, chat_id: int, text: str, *, user_id: int | None, command: bool | None,
                      reply_to: int | None, anonymous_admin: bool = False, topic: int | None = None,
                      photo: bool = False, sticker: bool = False, forward_from: int | None = None) -> UserUpdate:
        body: dict[str, Any] = {"token": self.token, "chat_id": chat_id, "text": text}
        if forward_from is not None:
            body["forward_from"] = forward_from
        if photo:
            body["photo"] = True
        if sticker:
            body["sticker"] = True
        if topic is not None:
            body["message_thread_id"] = topic
        if anonymous_admin:
            body["anonymous_admin"] = True
        if user_id is not None:
            body["user_id"] = user_id
        if command is not None:
            body["command"] = command
        if reply_to is not None:
            body["reply_to_message_id"] = reply_to
        data = self._control("POST", "/_control/user_message", body)
        return UserUpdate(update_id=data["update_id"], message_id=data["message_id"], chat_id=data["chat_id"])

    def press_button(self, chat_id: int, message_id: int, data: str, *, user_id: int | None = None) -> UserUpdate:
        """A user presses an inline button (callback data `data`) under a message the bot sent."""
        body: dict[str, Any] = {"token": self.token, "chat_id": chat_id, "message_id": message_id, "data": data}
        if user_id is not None:
            body["user_id"] = user_id
        answer = self._control("POST", "/_control/callback", body)
        return UserUpdate(update_id=answer["update_id"], callback_query_id=answer["callback_query_id"])

    # ---- what the bot did ----

    def bot_messages(self, chat_id: int | None = None) -> list[BotMessage]:
        """The bot's messages still present (edits applied, deletions gone), oldest first, optionally in one chat."""
        body: dict[str, Any] = {"token": self.token}
        if chat_id is not None:
            body["chat_id"] = chat_id
        return [BotMessage.from_json(m) for m in self._control("POST", "/_control/sent", body)["messages"]]

    def wait_for_bot_messages(self, chat_id: int | None = None, count: int = 1,
                              timeout: float = 5.0) -> list[BotMessage]:
        """Waits until the bot has sent `count` messages (to `chat_id`); raises PeerError with what it did send."""
        body: dict[str, Any] = {"token": self.token, "count": count, "timeout_ms": int(timeout * 1000)}
        if chat_id is not None:
            body["chat_id"] = chat_id
        assert self._client is not None
        response = self._client.post("/_control/wait_sent", json=body, timeout=timeout + 10)
        data = response.json()
        if response.status_code != 200:
            sent = [m["text"][:80] for m in data.get("messages", [])]
            raise PeerError(f"{data.get('error')} (chat {chat_id}); sent so far: {sent}")
        return [BotMessage.from_json(m) for m in data["messages"]]

    async def await_bot_messages(self, chat_id: int | None = None, count: int = 1,
                                 timeout: float = 5.0) -> list[BotMessage]:
        """`wait_for_bot_messages` for async tests: waits in a thread so the bot keeps running meanwhile."""
        return await asyncio.to_thread(self.wait_for_bot_messages, chat_id, count, timeout)

    def calls(self, method: str | None = None, *, chat_id: int | str | None = None, since_seq: int = 0,
              include_polling: bool = False) -> list[ApiCall]:
        """The bot's Bot API calls, oldest first; getUpdates only when asked for (by name or `include_polling`)."""
        params: dict[str, Any] = {"since_seq": since_seq, "include_polling": str(include_polling).lower()}
        if method is not None:
            params["method"] = method
        if chat_id is not None:
            params["chat_id"] = chat_id
        return [ApiCall.from_json(c) for c in self._control("GET", "/_control/calls", params=params)["calls"]]

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, str]]:
        """The command list the bot set for a scope (default scope unless given) and language."""
        body = {"token": self.token, "scope": scope or {"type": "default"}, "language_code": language_code}
        return self._control("POST", "/_control/commands", body)["commands"]

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates the bot has not yet confirmed (by getUpdates offset)."""
        return self._control("POST", "/_control/pending", {"token": self.token})["updates"]

    # ---- Telegram misbehaving ----

    def inject_fault(self, method: str, kind: FaultKind, *, times: int = 1, chat_id: int | str | None = None,
                     retry_after: float | None = None, description: str | None = None,
                     error_code: int | None = None, migrate_to_chat_id: int | None = None,
                     delay_ms: int | None = None, parameters: dict[str, Any] | None = None) -> int:
        """Makes the next `times` calls of `method` ("*" for any; optionally only for `chat_id`) fail.

        Kinds: retry_after (429 with parameters.retry_after), forbidden (403, "bot was blocked by the user" by
        default), bad_request (400), server_error (500, or `error_code`), migrate (400 with
        parameters.migrate_to_chat_id), unauthorized (401), conflict (409), error (any code/description/
        parameters), page (an HTML error page, 502 or `error_code`, as a proxy in front of the Bot API answers),
        delay (answer normally after `delay_ms`), disconnect (close the connection unanswered).
        """
        body: dict[str, Any] = {"method": method, "kind": kind, "times": times}
        extra = {"chat_id": chat_id, "retry_after": retry_after, "description": description,
                 "error_code": error_code, "migrate_to_chat_id": migrate_to_chat_id, "delay_ms": delay_ms,
                 "parameters": parameters}
        body.update({k: v for k, v in extra.items() if v is not None})
        return int(self._control("POST", "/_control/faults", body)["id"])

    def pending_faults(self) -> list[dict[str, Any]]:
        """Faults not yet used up (with `remaining` counts)."""
        return self._control("GET", "/_control/faults")["faults"]

    def clear_faults(self) -> None:
        self._control("DELETE", "/_control/faults")

    def set_latency(self, ms: int, method: str | None = None) -> None:
        """Delays every answer to `method` (or to every method but getUpdates) by `ms`; 0 removes the delay."""
        self._control("POST", "/_control/latency", {"ms": ms, "method": method})

    def history(self) -> list[dict[str, Any]]:
        """The emulator's own record (its /getUpdatesHistory client route): user updates and bot messages."""
        assert self._client is not None
        return self._client.post("/getUpdatesHistory", json={"token": self.token}).json()["result"]


@contextmanager
def running_peer() -> Iterator[TelegramPeer]:
    """A started peer for a fixture to share; skips the calling tests only when Node.js is missing."""
    import pytest

    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed: the Telegram peer runs on Node 20 (the emulator then comes from "
                    "`npm ci` in tests/peers/telegram, which `make test` runs)")
    peer = TelegramPeer().start()
    try:
        yield peer
    finally:
        peer.stop()
