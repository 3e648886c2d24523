"""The console platform: digests printed to the terminal, commands typed on standard input.

It lets anyone try every command and the whole delivery path with no token and no network. Output is rich on
a terminal and plain text when piped.
"""

from __future__ import annotations

import asyncio
import shlex
import sys
import threading
from typing import IO

from rich.console import Console

from bot.core.commands import SENTENCE_END_MARKS, CommandService, Invocation, Reply
from bot.core.digest import Digest, digest_from_dict, digest_to_dict
from bot.core.outcomes import Outcome, Sent
from bot.core.platform import ChatAlias, Payload, SendLimits
from bot.core.text import slash_as_typed
from bot.platforms.console.render import (
    render_digest_plain,
    render_digest_rich,
    render_reply_plain,
    render_reply_rich,
)
from bot.platforms.console.spec import CHAT_ID

USER_ID = "console"
MAX_LINE = 1000


def parse_command_line(line: str) -> tuple[str, list[str]] | None:
    """`/latest 3 ukraine` -> ("latest", ["3", "ukraine"]); None for lines that are not commands."""
    line = slash_as_typed(line.strip())
    if not line.startswith("/") or len(line) < 2:
        return None
    try:
        words = shlex.split(line[1:])
    except ValueError:  # unbalanced quotes: fall back to plain splitting
        words = line[1:].split()
    if not words:
        return None
    # "/latest." ends a sentence, as a phone types it: the full stop is no part of the command's name. A name of
    # such marks alone ("/?") is kept as typed: stripped to nothing, it was answered "Unknown command /.".
    name = words[0].split("@", 1)[0]
    return name.rstrip(SENTENCE_END_MARKS) or name, words[1:]


class ConsolePlatform:
    """A platform whose one chat is this terminal."""

    name = "console"
    limits = SendLimits(per_second=1000.0, per_chat_per_second=0.0, per_group_per_minute=0.0)
    settling = 0.0  # sends may begin as soon as it has started
    ready = True  # a terminal is there from the start and never drops
    problem: str | None = None

    def __init__(self, out: IO[str] | None = None, *, rich: bool | None = None, stdin: IO[str] | None = None) -> None:
        self.out = out or sys.stdout
        self.rich = self.out.isatty() if rich is None else rich
        self.console = Console(file=self.out, highlight=False, soft_wrap=False) if self.rich else None
        self.stdin = stdin
        self._reader: asyncio.Task | None = None

    def render_digest(self, digest: Digest) -> list[Payload]:
        return [{"digest": digest_to_dict(digest)}]

    def render_reply(self, reply: Reply) -> list[Payload]:
        return [{"text": render_reply_plain(reply)}]

    def show_reply(self, reply: Reply) -> None:
        if self.console:
            self.console.print(render_reply_rich(reply))
        else:
            self.out.write(render_reply_plain(reply))
            self.out.flush()

    def show_digest(self, digest: Digest) -> None:
        if self.console:
            self.console.print(render_digest_rich(digest))
        else:
            self.out.write(render_digest_plain(digest))
            self.out.flush()

    async def send(self, chat_id: str, payload: Payload, key: str = "") -> Outcome:
        if "digest" in payload:
            self.show_digest(digest_from_dict(payload["digest"]))
        else:
            self.out.write(str(payload.get("text", "")))
            self.out.flush()
        return Sent(message_id=None)

    async def start(self, commands: CommandService) -> None:
        """Read commands from standard input in the background (when there is an input to read)."""
        if self.stdin is None:
            return
        self._reader = asyncio.create_task(self._read_loop(commands))

    async def _read_loop(self, commands: CommandService) -> None:
        # Lines come from a daemon thread: a blocked read of the terminal must never hold up the process at stop
        # (a worker thread of asyncio's pool would: `asyncio.run` waits for it until Enter is pressed).
        lines: asyncio.Queue[str] = asyncio.Queue()
        loop = asyncio.get_running_loop()
        stdin = self.stdin
        assert stdin is not None

        def read() -> None:
            for line in iter(stdin.readline, ""):
                loop.call_soon_threadsafe(lines.put_nowait, line)
            loop.call_soon_threadsafe(lines.put_nowait, "")

        threading.Thread(target=read, name="console-input", daemon=True).start()
        while line := await lines.get():
            parsed = parse_command_line(line[:MAX_LINE])
            command, args = parsed if parsed is not None else ("", [])
            invocation = Invocation(platform=self.name, chat_id=CHAT_ID, chat_kind="private", user_id=USER_ID,
                                    command=command, args=args, chat_title="terminal")
            if parsed is None:
                if line.strip():
                    # A "yes" to "Did you mean /help?" runs it; anything else is told what a command looks like.
                    answered = await commands.answer_words(invocation, line.strip())
                    self.show_reply(answered or Reply(text="Commands start with /, e.g. /latest 3 or /help.",
                                                      error=True))
                continue
            self.show_reply(await commands.run(invocation))

    async def chat_alias(self, chat_id: str) -> ChatAlias:
        """The terminal has no other name."""
        return ChatAlias()

    async def stop(self) -> None:
        if self._reader:
            self._reader.cancel()

